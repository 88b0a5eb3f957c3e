//! One way to name a format: the RDF and SPARQL results formats nkkg reads and writes, how
//! users name them, and how they map to Oxigraph's `RdfFormat` and `QueryResultsFormat`.
//!
//! File extensions and media types are Oxigraph's own lookups (`from_extension`,
//! `from_media_type`, `media_type`, `file_extension`), which follow the IANA registrations
//! of each format (RDF 1.1 Turtle §8, N-Triples §8, N-Quads §6, TriG §8, RDF/XML, JSON-LD
//! 1.1 §C; SPARQL 1.1 Query Results JSON §5, XML, CSV/TSV §4). The one table of our own is
//! the short names users type (`ntriples|nt`, `rdfxml|xml`, `table`, …): each enum's
//! [`Named::naming`]. The server negotiates with the offered media types listed here, in
//! preference order.

use std::path::Path;

use oxigraph::io::{JsonLdProfileSet, RdfFormat};
use oxigraph::sparql::results::QueryResultsFormat;

use crate::names::{Named, Naming};

/// An extension Oxigraph maps to a format that nkkg does not read as one: `.txt` files are
/// plain-text documents (`nkkg ingest` reads them), not N-Triples or CSV.
const TEXT_EXTENSION: &str = "txt";

/// An RDF serialization (RDF 1.1 family, plus JSON-LD 1.0/1.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GraphFormat {
    /// Turtle (`.ttl`).
    Turtle,
    /// N-Triples (`.nt`).
    NTriples,
    /// N-Quads (`.nq`).
    NQuads,
    /// TriG (`.trig`).
    TriG,
    /// RDF/XML (`.rdf`, `.owl`).
    RdfXml,
    /// JSON-LD (`.jsonld`).
    JsonLd,
}

impl Named for GraphFormat {
    const KIND: &'static str = "RDF format";

    fn all() -> &'static [Self] {
        &Self::ALL
    }

    fn naming(self) -> Naming {
        match self {
            Self::Turtle => Naming::new("turtle", &[], "Turtle (`.ttl`)"),
            Self::NTriples => Naming::new("ntriples", &["nt"], "N-Triples (`.nt`)"),
            Self::NQuads => Naming::new("nquads", &["nq"], "N-Quads (`.nq`)"),
            Self::TriG => Naming::new("trig", &[], "TriG (`.trig`)"),
            Self::RdfXml => Naming::new("rdfxml", &["xml"], "RDF/XML (`.rdf`, `.owl`)"),
            Self::JsonLd => Naming::new("jsonld", &[], "JSON-LD (`.jsonld`)"),
        }
    }
}

impl GraphFormat {
    /// Every format, in the order they are listed to users.
    pub const ALL: [GraphFormat; 6] = [Self::Turtle, Self::NTriples, Self::NQuads, Self::TriG, Self::RdfXml, Self::JsonLd];

    /// The media types a server offers for a graph, in preference order: each format's
    /// own, then `text/plain` (read as N-Triples, as older clients ask for it).
    pub const MEDIA_TYPES: [&'static str; 7] = [
        "text/turtle",
        "application/n-triples",
        "application/n-quads",
        "application/trig",
        "application/rdf+xml",
        "application/ld+json",
        "text/plain",
    ];

    /// The Oxigraph format.
    pub fn rdf_format(self) -> RdfFormat {
        match self {
            Self::Turtle => RdfFormat::Turtle,
            Self::NTriples => RdfFormat::NTriples,
            Self::NQuads => RdfFormat::NQuads,
            Self::TriG => RdfFormat::TriG,
            Self::RdfXml => RdfFormat::RdfXml,
            Self::JsonLd => RdfFormat::JsonLd { profile: JsonLdProfileSet::empty() },
        }
    }

    /// The format for an Oxigraph format (any JSON-LD profile is JSON-LD); `None` for N3,
    /// which nkkg neither reads nor writes.
    pub fn from_rdf_format(format: RdfFormat) -> Option<Self> {
        Some(match format {
            RdfFormat::Turtle => Self::Turtle,
            RdfFormat::NTriples => Self::NTriples,
            RdfFormat::NQuads => Self::NQuads,
            RdfFormat::TriG => Self::TriG,
            RdfFormat::RdfXml => Self::RdfXml,
            RdfFormat::JsonLd { .. } => Self::JsonLd,
            _ => return None,
        })
    }

    /// The format's registered media type, e.g. `application/n-triples`.
    pub fn media_type(self) -> &'static str {
        self.rdf_format().media_type()
    }

    /// The format's registered file extension, without the dot, e.g. `nt`.
    pub fn file_extension(self) -> &'static str {
        self.rdf_format().file_extension()
    }

    /// The format for a media type (parameters such as `charset=utf-8` are read; a charset
    /// other than UTF-8 is refused), as in HTTP negotiation. `text/plain` is N-Triples.
    pub fn from_media_type(media_type: &str) -> Option<Self> {
        Self::from_rdf_format(RdfFormat::from_media_type(media_type)?)
    }

    /// The format for a file extension without the dot (any case): Oxigraph's extensions
    /// (`ttl`, `nt`, `nq`, `trig`, `rdf`, `xml`, `jsonld`, `json`) except `txt`, plus `owl`
    /// (RDF/XML) and our short names used as extensions (`x.turtle`, `x.ntriples`).
    pub fn from_extension(extension: &str) -> Option<Self> {
        if extension.eq_ignore_ascii_case(TEXT_EXTENSION) {
            return None;
        }
        if extension.eq_ignore_ascii_case("owl") {
            return Some(Self::RdfXml);
        }
        RdfFormat::from_extension(extension).and_then(Self::from_rdf_format).or_else(|| Self::from_name(extension))
    }

    /// The format a file name's extension stands for (`-` has none).
    pub fn from_path(path: &Path) -> Option<Self> {
        Self::from_extension(path.extension()?.to_str()?)
    }

    /// The format a user named in any of the ways above: a short name or alias (`nt`), a
    /// file extension (`ttl`, `json`) or a media type (`text/turtle`). For a `format=`
    /// parameter that takes any of them.
    pub fn lookup(text: &str) -> Option<Self> {
        Self::from_name(text).or_else(|| Self::from_extension(text)).or_else(|| Self::from_media_type(text))
    }

    /// Whether the format can hold named graphs.
    pub fn supports_datasets(self) -> bool {
        self.rdf_format().supports_datasets()
    }
}

/// A SPARQL results serialization, or a text table for people.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResultsFormat {
    /// Aligned columns with shortened IRIs, for a terminal.
    Table,
    /// SPARQL 1.1 Query Results JSON.
    Json,
    /// SPARQL Query Results XML.
    Xml,
    /// SPARQL 1.1 Query Results CSV.
    Csv,
    /// SPARQL 1.1 Query Results TSV.
    Tsv,
}

impl Named for ResultsFormat {
    const KIND: &'static str = "results format";

    fn all() -> &'static [Self] {
        &Self::ALL
    }

    fn naming(self) -> Naming {
        match self {
            Self::Table => Naming::new("table", &[], "Aligned columns with shortened IRIs, for a terminal"),
            Self::Json => Naming::new("json", &[], "SPARQL 1.1 Query Results JSON"),
            Self::Xml => Naming::new("xml", &[], "SPARQL Query Results XML"),
            Self::Csv => Naming::new("csv", &[], "SPARQL 1.1 Query Results CSV"),
            Self::Tsv => Naming::new("tsv", &[], "SPARQL 1.1 Query Results TSV"),
        }
    }
}

impl ResultsFormat {
    /// Every format, in the order they are listed to users.
    pub const ALL: [ResultsFormat; 5] = [Self::Table, Self::Json, Self::Xml, Self::Csv, Self::Tsv];

    /// The media types a server offers for solutions and booleans, in preference order:
    /// each standard format's own, then the generic `application/json` and
    /// `application/xml` (read as the SPARQL results formats). The table is not offered.
    pub const MEDIA_TYPES: [&'static str; 6] = [
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
        "application/json",
        "application/xml",
    ];

    /// The Oxigraph format, `None` for the table.
    pub fn results_format(self) -> Option<QueryResultsFormat> {
        match self {
            Self::Table => None,
            Self::Json => Some(QueryResultsFormat::Json),
            Self::Xml => Some(QueryResultsFormat::Xml),
            Self::Csv => Some(QueryResultsFormat::Csv),
            Self::Tsv => Some(QueryResultsFormat::Tsv),
        }
    }

    /// The format for an Oxigraph format; `None` for formats nkkg does not write.
    pub fn from_results_format(format: QueryResultsFormat) -> Option<Self> {
        Some(match format {
            QueryResultsFormat::Json => Self::Json,
            QueryResultsFormat::Xml => Self::Xml,
            QueryResultsFormat::Csv => Self::Csv,
            QueryResultsFormat::Tsv => Self::Tsv,
            _ => return None,
        })
    }

    /// The media type to send as `Content-Type` (Oxigraph's: CSV and TSV carry
    /// `charset=utf-8`); `None` for the table, which is not a standard format.
    pub fn media_type(self) -> Option<&'static str> {
        Some(self.results_format()?.media_type())
    }

    /// The registered file extension, without the dot (`srj`, `srx`, `csv`, `tsv`); `None`
    /// for the table.
    pub fn file_extension(self) -> Option<&'static str> {
        Some(self.results_format()?.file_extension())
    }

    /// The format for a media type (parameters ignored), as in HTTP negotiation;
    /// `application/json` and `application/xml` are the SPARQL results formats.
    pub fn from_media_type(media_type: &str) -> Option<Self> {
        if media_type.split(';').next().is_some_and(|t| t.trim().eq_ignore_ascii_case("text/plain")) {
            // Oxigraph reads text/plain as CSV; nkkg offers it for graphs only (N-Triples).
            return None;
        }
        QueryResultsFormat::from_media_type(media_type).and_then(Self::from_results_format)
    }

    /// The format for a file extension without the dot (any case): Oxigraph's extensions
    /// (`srj`, `json`, `srx`, `xml`, `csv`, `tsv`) except `txt`.
    pub fn from_extension(extension: &str) -> Option<Self> {
        if extension.eq_ignore_ascii_case(TEXT_EXTENSION) {
            return None;
        }
        QueryResultsFormat::from_extension(extension).and_then(Self::from_results_format)
    }

    /// The format a user named in any of the ways above: a short name (`json`), a file
    /// extension (`srj`) or a media type (`text/csv`). For a `format=` parameter.
    pub fn lookup(text: &str) -> Option<Self> {
        Self::from_name(text).or_else(|| Self::from_extension(text)).or_else(|| Self::from_media_type(text))
    }
}

/// Any output format of `nkkg query`: results formats for SELECT/ASK, RDF formats for
/// CONSTRUCT/DESCRIBE.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    /// Solutions or a boolean.
    Results(ResultsFormat),
    /// A graph.
    Graph(GraphFormat),
}

impl Named for OutputFormat {
    const KIND: &'static str = "output format";

    /// The results formats, then the RDF formats: a name both use (`xml`, an alias of
    /// `rdfxml`) is the results format.
    fn all() -> &'static [Self] {
        &[
            Self::Results(ResultsFormat::Table),
            Self::Results(ResultsFormat::Json),
            Self::Results(ResultsFormat::Xml),
            Self::Results(ResultsFormat::Csv),
            Self::Results(ResultsFormat::Tsv),
            Self::Graph(GraphFormat::Turtle),
            Self::Graph(GraphFormat::NTriples),
            Self::Graph(GraphFormat::NQuads),
            Self::Graph(GraphFormat::TriG),
            Self::Graph(GraphFormat::RdfXml),
            Self::Graph(GraphFormat::JsonLd),
        ]
    }

    fn naming(self) -> Naming {
        match self {
            Self::Results(f) => f.naming(),
            Self::Graph(f) => f.naming(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_formats_have_their_names_and_aliases() {
        let names = [
            ("turtle", GraphFormat::Turtle),
            ("ntriples", GraphFormat::NTriples),
            ("nt", GraphFormat::NTriples),
            ("nquads", GraphFormat::NQuads),
            ("nq", GraphFormat::NQuads),
            ("trig", GraphFormat::TriG),
            ("rdfxml", GraphFormat::RdfXml),
            ("xml", GraphFormat::RdfXml),
            ("jsonld", GraphFormat::JsonLd),
        ];
        for (name, format) in names {
            assert_eq!(GraphFormat::from_name(name), Some(format), "{name}");
        }
        let listed: Vec<&str> = GraphFormat::ALL.iter().map(|f| f.name()).collect();
        assert_eq!(listed, ["turtle", "ntriples", "nquads", "trig", "rdfxml", "jsonld"]);
        assert_eq!(GraphFormat::from_name("ttl"), None, "ttl is an extension, not a name");
        assert_eq!(GraphFormat::from_name("json"), None, "json is an extension, not a name");
        assert_eq!(GraphFormat::from_name("n3"), None);
    }

    #[test]
    fn graph_formats_have_their_extensions() {
        let extensions = [
            ("ttl", GraphFormat::Turtle),
            ("TTL", GraphFormat::Turtle),
            ("turtle", GraphFormat::Turtle),
            ("nt", GraphFormat::NTriples),
            ("ntriples", GraphFormat::NTriples),
            ("nq", GraphFormat::NQuads),
            ("nquads", GraphFormat::NQuads),
            ("trig", GraphFormat::TriG),
            ("rdf", GraphFormat::RdfXml),
            ("owl", GraphFormat::RdfXml),
            ("xml", GraphFormat::RdfXml),
            ("jsonld", GraphFormat::JsonLd),
            ("json", GraphFormat::JsonLd),
        ];
        for (extension, format) in extensions {
            assert_eq!(GraphFormat::from_extension(extension), Some(format), "{extension}");
        }
        for unknown in ["txt", "n3", "csv", ""] {
            assert_eq!(GraphFormat::from_extension(unknown), None, "{unknown}");
        }
        for format in GraphFormat::ALL {
            assert_eq!(GraphFormat::from_extension(format.file_extension()), Some(format), "{format:?}");
        }
        assert_eq!(GraphFormat::Turtle.file_extension(), "ttl");
        assert_eq!(GraphFormat::RdfXml.file_extension(), "rdf");
        assert_eq!(GraphFormat::from_path(Path::new("a/b.TTL")), Some(GraphFormat::Turtle));
        assert_eq!(GraphFormat::from_path(Path::new("x.nq")), Some(GraphFormat::NQuads));
        assert_eq!(GraphFormat::from_path(Path::new("x.jsonld")), Some(GraphFormat::JsonLd));
        assert_eq!(GraphFormat::from_path(Path::new("ontology.owl")), Some(GraphFormat::RdfXml));
        assert_eq!(GraphFormat::from_path(Path::new("x.txt")), None);
        assert_eq!(GraphFormat::from_path(Path::new("-")), None);
    }

    #[test]
    fn graph_formats_have_their_media_types() {
        let media_types = [
            ("text/turtle", GraphFormat::Turtle),
            ("text/turtle; charset=utf-8", GraphFormat::Turtle),
            ("application/n-triples", GraphFormat::NTriples),
            ("text/plain", GraphFormat::NTriples),
            ("application/n-quads", GraphFormat::NQuads),
            ("application/trig", GraphFormat::TriG),
            ("application/rdf+xml", GraphFormat::RdfXml),
            ("application/ld+json", GraphFormat::JsonLd),
            ("application/ld+json;profile=\"http://www.w3.org/ns/json-ld#streaming\"", GraphFormat::JsonLd),
        ];
        for (media_type, format) in media_types {
            assert_eq!(GraphFormat::from_media_type(media_type), Some(format), "{media_type}");
        }
        for unknown in ["text/n3", "text/csv", "image/png", "text/turtle; charset=latin1", "turtle"] {
            assert_eq!(GraphFormat::from_media_type(unknown), None, "{unknown}");
        }
        let own: Vec<&str> = GraphFormat::ALL.iter().map(|f| f.media_type()).collect();
        assert_eq!(
            own,
            ["text/turtle", "application/n-triples", "application/n-quads", "application/trig", "application/rdf+xml", "application/ld+json"]
        );
        assert_eq!(&GraphFormat::MEDIA_TYPES[..6], own.as_slice(), "each format's own type, in the listed order");
        for offered in GraphFormat::MEDIA_TYPES {
            assert!(GraphFormat::from_media_type(offered).is_some(), "{offered} is offered but not read");
        }
    }

    #[test]
    fn graph_lookup_takes_names_extensions_and_media_types() {
        assert_eq!(GraphFormat::lookup("nt"), Some(GraphFormat::NTriples));
        assert_eq!(GraphFormat::lookup("ttl"), Some(GraphFormat::Turtle));
        assert_eq!(GraphFormat::lookup("json"), Some(GraphFormat::JsonLd));
        assert_eq!(GraphFormat::lookup("application/trig"), Some(GraphFormat::TriG));
        assert_eq!(GraphFormat::lookup("csv"), None);
        assert!(GraphFormat::JsonLd.supports_datasets() && !GraphFormat::Turtle.supports_datasets());
    }

    #[test]
    fn results_formats_have_their_names_extensions_and_media_types() {
        for (name, format) in [
            ("table", ResultsFormat::Table),
            ("json", ResultsFormat::Json),
            ("xml", ResultsFormat::Xml),
            ("csv", ResultsFormat::Csv),
            ("tsv", ResultsFormat::Tsv),
        ] {
            assert_eq!(ResultsFormat::from_name(name), Some(format), "{name}");
            assert_eq!(format.name(), name);
        }
        for (extension, format) in [
            ("srj", ResultsFormat::Json),
            ("json", ResultsFormat::Json),
            ("srx", ResultsFormat::Xml),
            ("xml", ResultsFormat::Xml),
            ("csv", ResultsFormat::Csv),
            ("tsv", ResultsFormat::Tsv),
        ] {
            assert_eq!(ResultsFormat::from_extension(extension), Some(format), "{extension}");
        }
        assert_eq!(ResultsFormat::from_extension("txt"), None);
        assert_eq!(ResultsFormat::Json.file_extension(), Some("srj"));
        assert_eq!(ResultsFormat::Table.file_extension(), None);
        for (media_type, format) in [
            ("application/sparql-results+json", ResultsFormat::Json),
            ("application/json", ResultsFormat::Json),
            ("application/sparql-results+xml", ResultsFormat::Xml),
            ("application/xml", ResultsFormat::Xml),
            ("text/csv", ResultsFormat::Csv),
            ("text/csv; charset=utf-8", ResultsFormat::Csv),
            ("text/tab-separated-values", ResultsFormat::Tsv),
        ] {
            assert_eq!(ResultsFormat::from_media_type(media_type), Some(format), "{media_type}");
        }
        for unknown in ["text/plain", "text/turtle", "text/html"] {
            assert_eq!(ResultsFormat::from_media_type(unknown), None, "{unknown}");
        }
        assert_eq!(ResultsFormat::Json.media_type(), Some("application/sparql-results+json"));
        assert_eq!(ResultsFormat::Xml.media_type(), Some("application/sparql-results+xml"));
        assert_eq!(ResultsFormat::Csv.media_type(), Some("text/csv; charset=utf-8"));
        assert_eq!(ResultsFormat::Tsv.media_type(), Some("text/tab-separated-values; charset=utf-8"));
        assert_eq!(ResultsFormat::Table.media_type(), None);
        for format in ResultsFormat::ALL.into_iter().filter(|f| *f != ResultsFormat::Table) {
            assert_eq!(ResultsFormat::from_media_type(format.media_type().unwrap()), Some(format));
            assert!(ResultsFormat::MEDIA_TYPES.iter().any(|m| format.media_type().unwrap().starts_with(m)), "{format:?}");
        }
        for offered in ResultsFormat::MEDIA_TYPES {
            assert!(ResultsFormat::from_media_type(offered).is_some(), "{offered} is offered but not read");
        }
        assert_eq!(ResultsFormat::lookup("srx"), Some(ResultsFormat::Xml));
        assert_eq!(ResultsFormat::lookup("text/tab-separated-values"), Some(ResultsFormat::Tsv));
        assert_eq!(ResultsFormat::lookup("turtle"), None);
    }

    #[test]
    fn output_formats_prefer_results_names() {
        assert_eq!(OutputFormat::from_name("xml"), Some(OutputFormat::Results(ResultsFormat::Xml)));
        assert_eq!(OutputFormat::from_name("rdfxml"), Some(OutputFormat::Graph(GraphFormat::RdfXml)));
        assert_eq!(OutputFormat::from_name("nt"), Some(OutputFormat::Graph(GraphFormat::NTriples)));
        assert_eq!(OutputFormat::from_name("table"), Some(OutputFormat::Results(ResultsFormat::Table)));
        let listed: Vec<&str> = OutputFormat::all().iter().map(|f| f.name()).collect();
        assert_eq!(listed, ["table", "json", "xml", "csv", "tsv", "turtle", "ntriples", "nquads", "trig", "rdfxml", "jsonld"]);
        assert!(OutputFormat::parse_name("yaml").unwrap_err().to_string().contains("output format"));
    }
}
