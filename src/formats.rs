//! Names of the RDF and SPARQL results formats nkkg reads and writes, and how they map
//! to Oxigraph's `RdfFormat` and `QueryResultsFormat`.

use std::path::Path;

use clap::ValueEnum;
use oxigraph::io::{JsonLdProfileSet, RdfFormat};
use oxigraph::sparql::results::QueryResultsFormat;

/// An RDF serialization (RDF 1.1 family, plus JSON-LD 1.0/1.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    /// Turtle (`.ttl`).
    Turtle,
    /// N-Triples (`.nt`).
    #[value(name = "ntriples", alias = "nt")]
    NTriples,
    /// N-Quads (`.nq`).
    #[value(name = "nquads", alias = "nq")]
    NQuads,
    /// TriG (`.trig`).
    #[value(name = "trig")]
    TriG,
    /// RDF/XML (`.rdf`, `.owl`).
    #[value(name = "rdfxml", alias = "xml")]
    RdfXml,
    /// JSON-LD (`.jsonld`).
    #[value(name = "jsonld")]
    JsonLd,
}

impl GraphFormat {
    /// Every format, in the order they are listed to users.
    pub const ALL: [GraphFormat; 6] = [
        Self::Turtle,
        Self::NTriples,
        Self::NQuads,
        Self::TriG,
        Self::RdfXml,
        Self::JsonLd,
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

    /// The format a file name's extension stands for (`-` has none).
    pub fn from_path(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "ttl" | "turtle" => Self::Turtle,
            "nt" | "ntriples" => Self::NTriples,
            "nq" | "nquads" => Self::NQuads,
            "trig" => Self::TriG,
            "rdf" | "owl" | "xml" => Self::RdfXml,
            "jsonld" | "json" => Self::JsonLd,
            _ => return None,
        })
    }

    /// The format for a media type (parameters ignored), as used in HTTP negotiation.
    pub fn from_media_type(media_type: &str) -> Option<Self> {
        let rdf = RdfFormat::from_media_type(media_type)?;
        Self::ALL.into_iter().find(|f| f.rdf_format().media_type() == rdf.media_type())
    }

    /// Whether the format can hold named graphs.
    pub fn supports_datasets(self) -> bool {
        self.rdf_format().supports_datasets()
    }
}

/// A SPARQL results serialization, or a text table for people.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
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

impl ResultsFormat {
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

impl ValueEnum for OutputFormat {
    fn value_variants<'a>() -> &'a [Self] {
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

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        match self {
            Self::Results(f) => f.to_possible_value(),
            Self::Graph(f) => f.to_possible_value(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_map_to_formats() {
        assert_eq!(GraphFormat::from_path(Path::new("a/b.TTL")), Some(GraphFormat::Turtle));
        assert_eq!(GraphFormat::from_path(Path::new("x.nq")), Some(GraphFormat::NQuads));
        assert_eq!(GraphFormat::from_path(Path::new("x.jsonld")), Some(GraphFormat::JsonLd));
        assert_eq!(GraphFormat::from_path(Path::new("x.txt")), None);
        assert_eq!(GraphFormat::from_media_type("text/turtle; charset=utf-8"), Some(GraphFormat::Turtle));
    }
}
