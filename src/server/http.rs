//! What every handler needs from HTTP: the one table of formats the server answers in,
//! content negotiation on `Accept` (RFC 9110 §12.5.1) and on a `format=` parameter,
//! query-string parsing (the `application/x-www-form-urlencoded` syntax of the URL
//! Standard), and typed responses.
//!
//! Formats are named in one place, `crate::formats` (Oxigraph's media types and
//! extensions, and our short names): the offered media types, what a negotiated type or a
//! `format=` value stands for, and the names listed in messages all come from there. The
//! server adds only HTML for pages.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};

use super::error::ApiError;
use crate::formats::{GraphFormat, OutputFormat, ResultsFormat};
use crate::names::Named;

/// What a response is written as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// An HTML page.
    Html,
    /// An RDF serialization of a graph.
    Graph(GraphFormat),
    /// A SPARQL results serialization of solutions or a boolean.
    Results(ResultsFormat),
}

impl Format {
    /// The output format of `results::write` for a query answer (`None` for HTML).
    pub fn output(self) -> Option<OutputFormat> {
        match self {
            Self::Html => None,
            Self::Graph(f) => Some(OutputFormat::Graph(f)),
            Self::Results(f) => Some(OutputFormat::Results(f)),
        }
    }
}

/// The formats a route answers in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Offers {
    /// SPARQL results (SELECT, ASK).
    Results,
    /// RDF graphs (CONSTRUCT, DESCRIBE, the Graph Store Protocol).
    Graph,
    /// An HTML page, or the same resource as an RDF graph.
    Page,
}

const HTML: &str = "text/html";

static PAGE_TYPES: LazyLock<Vec<&'static str>> = LazyLock::new(|| std::iter::once(HTML).chain(GraphFormat::MEDIA_TYPES).collect());

impl Offers {
    /// The media types offered, in the server's order of preference.
    pub fn media_types(self) -> &'static [&'static str] {
        match self {
            Self::Results => &ResultsFormat::MEDIA_TYPES,
            Self::Graph => &GraphFormat::MEDIA_TYPES,
            Self::Page => &PAGE_TYPES,
        }
    }

    /// The format an offered media type stands for.
    fn format_of(self, media: &str) -> Option<Format> {
        match self {
            Self::Page if media == HTML => Some(Format::Html),
            Self::Results => ResultsFormat::from_media_type(media).map(Format::Results),
            Self::Graph | Self::Page => GraphFormat::from_media_type(media).map(Format::Graph),
        }
    }

    /// The format a `format=` value stands for (a short name, a file extension or a media
    /// type, as `formats` reads them), if this route offers it.
    fn format_named(self, name: &str) -> Option<Format> {
        let format = match self {
            Self::Page if name.eq_ignore_ascii_case("html") || name.eq_ignore_ascii_case(HTML) => Format::Html,
            Self::Results => Format::Results(ResultsFormat::lookup(name)?),
            Self::Graph | Self::Page => Format::Graph(GraphFormat::lookup(name)?),
        };
        self.media_of(format).map(|_| format)
    }

    /// The format's own media type, which answers to its name.
    fn media_of(self, format: Format) -> Option<&'static str> {
        self.media_types().iter().copied().find(|m| self.format_of(m) == Some(format))
    }

    /// The names `format=` takes here, for messages.
    fn names(self) -> Vec<&'static str> {
        let results = ResultsFormat::ALL.into_iter().filter(|f| f.media_type().is_some()).map(Named::name);
        let graphs = GraphFormat::ALL.into_iter().map(Named::name);
        match self {
            Self::Results => results.collect(),
            Self::Graph => graphs.collect(),
            Self::Page => std::iter::once("html").chain(graphs).collect(),
        }
    }
}

/// The outcome of negotiation: the media type the response is labelled with and the
/// format it is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Negotiated {
    /// The media type, as offered (an alias stays an alias).
    pub media: &'static str,
    /// What to write.
    pub format: Format,
}

/// Picks the answer's format: from `format=` (a short name such as `json` or `turtle`,
/// a file extension, or a media type) when given, else from `Accept`. 406 when nothing
/// offered is acceptable, with what is offered.
pub fn negotiate(offers: Offers, format: Option<&str>, accept: Option<&str>) -> Result<Negotiated, ApiError> {
    let offered = offers.media_types();
    let media = match format {
        Some(name) => choose(Some(name), offered).or_else(|| offers.format_named(name).and_then(|f| offers.media_of(f))).ok_or_else(|| {
            ApiError::not_acceptable(format!(
                "format '{name}' is not available here; use one of {} or a media type: {}",
                offers.names().join(", "),
                offered.join(", ")
            ))
        })?,
        None => choose(accept, offered).ok_or_else(|| {
            ApiError::not_acceptable(format!("none of the types in Accept is available here; the offered types are: {}", offered.join(", ")))
        })?,
    };
    let format = offers.format_of(media).expect("every offered media type has a format");
    Ok(Negotiated { media, format })
}

/// A parsed media range of `Accept` with its quality.
struct Range<'a> {
    media: &'a str,
    q: f32,
}

fn ranges(accept: &str) -> Vec<Range<'_>> {
    accept
        .split(',')
        .filter_map(|part| {
            let mut pieces = part.split(';');
            let media = pieces.next()?.trim();
            if media.is_empty() {
                return None;
            }
            let q = pieces.filter_map(|p| p.trim().strip_prefix("q=")).find_map(|v| v.trim().parse::<f32>().ok()).unwrap_or(1.0);
            Some(Range { media, q })
        })
        .collect()
}

/// How specifically `range` matches `offered`: 3 exactly, 2 as `type/*`, 1 as `*/*`.
fn matches(range: &str, offered: &str) -> Option<u8> {
    let range = range.to_ascii_lowercase();
    if range == offered {
        return Some(3);
    }
    if range == "*/*" {
        return Some(1);
    }
    let (rt, rs) = range.split_once('/')?;
    let (ot, _) = offered.split_once('/')?;
    (rs == "*" && rt == ot).then_some(2)
}

/// The best of `offered` for `accept`: the highest quality, then the most specific
/// range, then the server's order; `None` when nothing offered is acceptable. An absent
/// or empty `Accept` takes the first offer.
pub fn choose<'a>(accept: Option<&str>, offered: &[&'a str]) -> Option<&'a str> {
    let accept = accept.map(str::trim).filter(|a| !a.is_empty());
    let Some(accept) = accept else { return offered.first().copied() };
    let ranges = ranges(accept);
    let mut best: Option<(f32, u8, usize)> = None;
    for (i, offer) in offered.iter().enumerate() {
        // The most specific matching range decides the quality of an offer.
        let quality = ranges.iter().filter_map(|r| matches(r.media, offer).map(|spec| (spec, r.q))).max_by_key(|(spec, _)| *spec);
        if let Some((spec, q)) = quality {
            if q <= 0.0 {
                continue;
            }
            let better = match best {
                None => true,
                Some((bq, bspec, _)) => q > bq || (q == bq && spec > bspec),
            };
            if better {
                best = Some((q, spec, i));
            }
        }
    }
    best.map(|(_, _, i)| offered[i])
}

/// The request's `Accept` header, when it is text.
pub fn accept(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::ACCEPT).and_then(|v| v.to_str().ok())
}

/// The request's `Content-Type` without parameters, lower-cased (empty when absent).
pub fn content_type(headers: &HeaderMap) -> String {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or("").trim().to_ascii_lowercase())
        .unwrap_or_default()
}

/// The decoded `name=value` pairs of a query string, in order; 400 when one does not
/// decode to UTF-8.
pub fn query_pairs(raw: Option<&str>) -> Result<Vec<(String, String)>, ApiError> {
    raw.map_or(Ok(Vec::new()), |q| form_pairs(q.as_bytes(), "the query string of the URL"))
}

/// The decoded `name=value` pairs of an `application/x-www-form-urlencoded` text (URL
/// Standard §5.1: `&`-separated, `+` for a space, `%XX` escapes), in order. Unlike the
/// URL Standard's parser, which replaces bytes that are not UTF-8 with U+FFFD and so
/// would run a different query than the one sent, a name or value that does not decode
/// to UTF-8 is a 400 naming `what` held it.
pub fn form_pairs(bytes: &[u8], what: &str) -> Result<Vec<(String, String)>, ApiError> {
    let decode = |part: &[u8]| -> Result<String, ApiError> {
        let mut out = Vec::with_capacity(part.len());
        let mut i = 0;
        while i < part.len() {
            let hex = |b: u8| char::from(b).to_digit(16);
            match part[i] {
                b'+' => out.push(b' '),
                b'%' => match (part.get(i + 1).copied().and_then(hex), part.get(i + 2).copied().and_then(hex)) {
                    (Some(h), Some(l)) => {
                        out.push((h * 16 + l) as u8);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                },
                other => out.push(other),
            }
            i += 1;
        }
        String::from_utf8(out).map_err(|e| {
            ApiError::bad_request(format!(
                "{what} is not UTF-8 once its %-escapes are decoded (byte {} of a name or value is not UTF-8); encode the text as UTF-8",
                e.utf8_error().valid_up_to() + 1
            ))
        })
    };
    let mut pairs = Vec::new();
    for piece in bytes.split(|&b| b == b'&').filter(|p| !p.is_empty()) {
        let (name, value) = match piece.iter().position(|&b| b == b'=') {
            Some(at) => (&piece[..at], &piece[at + 1..]),
            None => (piece, &piece[piece.len()..]),
        };
        pairs.push((decode(name)?, decode(value)?));
    }
    Ok(pairs)
}

/// The first value of one query-string parameter.
pub fn url_param(raw: Option<&str>, name: &str) -> Result<Option<String>, ApiError> {
    Ok(query_pairs(raw)?.into_iter().find(|(k, _)| k == name).map(|(_, v)| v))
}

/// The parameters of a route that takes a fixed set of them, by name. An unknown or
/// repeated parameter is a 400 saying what `route` accepts.
pub fn fixed_params(raw: Option<&str>, route: &str, accepted: &[&str]) -> Result<BTreeMap<String, String>, ApiError> {
    let mut out = BTreeMap::new();
    for (name, value) in query_pairs(raw)? {
        if !accepted.contains(&name.as_str()) {
            return Err(ApiError::bad_request(format!("unknown parameter '{name}': {route} accepts {}", accepted.join(", "))));
        }
        if out.insert(name.clone(), value).is_some() {
            return Err(ApiError::bad_request(format!("parameter '{name}' is given more than once: give it once")));
        }
    }
    Ok(out)
}

/// Decodes `%XX` escapes (RFC 3986 §2.1) in a URL path; `+` stays a plus. `None` when an
/// escape is malformed or the bytes are not UTF-8.
pub fn percent_decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3).filter(|h| h.iter().all(u8::is_ascii_hexdigit))?;
            out.push(u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// A response with `Content-Type` (with `charset=utf-8` for text, JSON and XML) and
/// `Vary: Accept`.
pub fn typed(body: impl IntoResponse, media: &str) -> Response {
    let content_type = if media.starts_with("text/") || media.ends_with("json") || media.ends_with("xml") {
        format!("{media}; charset=utf-8")
    } else {
        media.to_owned()
    };
    let mut response = body.into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_str(&content_type).expect("valid media type"));
    h.insert(header::VARY, HeaderValue::from_static("Accept"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_by_quality_then_specificity_then_server_order() {
        let offered = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv"];
        assert_eq!(choose(None, &offered), Some("application/sparql-results+json"));
        assert_eq!(choose(Some("text/csv"), &offered), Some("text/csv"));
        assert_eq!(choose(Some("application/sparql-results+xml;q=0.9, text/csv;q=0.5"), &offered), Some("application/sparql-results+xml"));
        assert_eq!(choose(Some("text/*"), &offered), Some("text/csv"));
        assert_eq!(choose(Some("*/*"), &offered), Some("application/sparql-results+json"));
        assert_eq!(choose(Some("image/png"), &offered), None);
        assert_eq!(choose(Some("text/csv;q=0, */*"), &offered), Some("application/sparql-results+json"));
    }

    #[test]
    fn the_offers_are_the_formats_media_types() {
        assert_eq!(Offers::Results.media_types(), ResultsFormat::MEDIA_TYPES);
        assert_eq!(Offers::Graph.media_types(), GraphFormat::MEDIA_TYPES);
        assert_eq!(Offers::Page.media_types()[1..], GraphFormat::MEDIA_TYPES);
        assert_eq!(Offers::Page.media_types()[0], "text/html");
        for offers in [Offers::Results, Offers::Graph, Offers::Page] {
            for media in offers.media_types() {
                assert!(offers.format_of(media).is_some(), "{media}");
            }
            for name in offers.names() {
                assert!(offers.format_named(name).is_some(), "{name}");
            }
        }
    }

    #[test]
    fn format_names_extensions_and_media_types() {
        let n = |offers, f| negotiate(offers, Some(f), None).map(|n| (n.media, n.format)).map_err(|e| e.message);
        assert_eq!(n(Offers::Results, "json"), Ok(("application/sparql-results+json", Format::Results(ResultsFormat::Json))));
        assert_eq!(n(Offers::Results, "TSV"), Ok(("text/tab-separated-values", Format::Results(ResultsFormat::Tsv))));
        assert_eq!(n(Offers::Graph, "json"), Ok(("application/ld+json", Format::Graph(GraphFormat::JsonLd))));
        assert_eq!(n(Offers::Graph, "ttl"), Ok(("text/turtle", Format::Graph(GraphFormat::Turtle))));
        assert_eq!(n(Offers::Graph, "xml"), Ok(("application/rdf+xml", Format::Graph(GraphFormat::RdfXml))));
        assert_eq!(n(Offers::Graph, "text/plain"), Ok(("text/plain", Format::Graph(GraphFormat::NTriples))));
        assert_eq!(n(Offers::Page, "html"), Ok(("text/html", Format::Html)));
        assert_eq!(n(Offers::Results, "application/json"), Ok(("application/json", Format::Results(ResultsFormat::Json))));
        assert_eq!(
            n(Offers::Graph, "csv"),
            Err("format 'csv' is not available here; use one of turtle, ntriples, nquads, trig, rdfxml, jsonld or a media type: \
                 text/turtle, application/n-triples, application/n-quads, application/trig, application/rdf+xml, application/ld+json, text/plain"
                .to_owned())
        );
        assert_eq!(n(Offers::Graph, "n3").unwrap_err().split(';').next(), Some("format 'n3' is not available here"));
    }

    #[test]
    fn fixed_params_reject_unknown_and_repeated_names() {
        assert_eq!(fixed_params(Some("q=a%20b"), "/x", &["q"]).unwrap().get("q").map(String::as_str), Some("a b"));
        assert_eq!(fixed_params(Some("q=a&z=1"), "/x", &["q", "r"]).unwrap_err().message, "unknown parameter 'z': /x accepts q, r");
        assert_eq!(fixed_params(Some("q=a&q=b"), "/x", &["q"]).unwrap_err().message, "parameter 'q' is given more than once: give it once");
    }

    #[test]
    fn form_pairs_decode_like_the_url_standard_and_refuse_bytes_that_are_not_utf8() {
        let pairs = form_pairs(b"q=a+b%20c%C4%9F&&flag&x=%zz%4=&=v", "the form").unwrap();
        let expected = [("q", "a b cğ"), ("flag", ""), ("x", "%zz%4="), ("", "v")];
        assert_eq!(pairs, expected.map(|(k, v)| (k.to_owned(), v.to_owned())));
        assert_eq!(
            form_pairs(b"query=ASK%7B%FF%7D", "the form").unwrap_err().message,
            "the form is not UTF-8 once its %-escapes are decoded (byte 5 of a name or value is not UTF-8); encode the text as UTF-8"
        );
        assert_eq!(query_pairs(Some("q=%C4")).unwrap_err().status, axum::http::StatusCode::BAD_REQUEST);
        assert_eq!(query_pairs(None).unwrap(), vec![]);
    }

    #[test]
    fn percent_decoding_keeps_plus_and_rejects_bad_escapes() {
        assert_eq!(percent_decode("/id/A+B%20C%C4%9F%2523").as_deref(), Some("/id/A+B Cğ%23"));
        assert_eq!(percent_decode("/id/%zz"), None);
        assert_eq!(percent_decode("/id/%C4"), None);
        assert_eq!(percent_decode("/id/%4"), None);
        assert_eq!(percent_decode("/id/%+4"), None);
    }
}
