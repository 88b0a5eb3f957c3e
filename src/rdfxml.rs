//! What RDF/XML can hold (W3C RDF 1.1 XML Syntax, XML 1.0 §2.2–2.3): the checks run on
//! every triple before Oxigraph's RDF/XML writer gets it, by `export` (the whole data,
//! before anything is written) and by a CONSTRUCT or DESCRIBE answer written as RDF/XML
//! (`results`, triple by triple as they stream). XML 1.0 cannot carry U+0000 or most
//! other control characters at all, so such data is refused with a sentence, never
//! written as a document that is not XML.

use oxigraph::model::vocab::rdf;
use oxigraph::model::{NamedOrBlankNode, Term, Triple};

/// The RDF/XML words Oxigraph's writer cannot use as a property (W3C RDF 1.1 XML Syntax
/// §5.1, syntaxTerms), in the RDF namespace.
const RDFXML_SYNTAX_TERMS: [&str; 9] = ["Description", "li", "RDF", "ID", "about", "parseType", "resource", "nodeID", "datatype"];

/// Whether `iri` is one of [`RDFXML_SYNTAX_TERMS`].
fn is_rdfxml_syntax_term(iri: &str) -> bool {
    iri.strip_prefix("http://www.w3.org/1999/02/22-rdf-syntax-ns#").is_some_and(|word| RDFXML_SYNTAX_TERMS.contains(&word))
}

/// What Oxigraph's RDF/XML writer cannot write as this data, as a sentence that names the
/// term and what to do instead. The server answers it as 406 Not Acceptable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal(pub String);

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refusal {}

/// Refuses, before anything is written, what Oxigraph's RDF/XML writer would turn into a
/// document that is not XML or not this data (see [`Checker::triple`]). `triples` are in
/// the order they will be written.
pub fn check(triples: &[Triple]) -> Result<(), Refusal> {
    let mut checker = Checker::default();
    triples.iter().try_for_each(|t| checker.triple(t))
}

/// Checks triples one by one as they are written (a streamed CONSTRUCT answer), each
/// before it is written.
#[derive(Default)]
pub struct Checker {
    subject: Option<NamedOrBlankNode>,
}

impl Checker {
    /// Refuses a triple that the writer would turn into a document that is not XML or not
    /// this data: a literal with a character XML 1.0 cannot hold (§2.2 `Char`: no U+0000,
    /// no other control character but tab, newline and carriage return, no U+FFFE or
    /// U+FFFF — not even as a character reference), a property whose IRI does not end in
    /// an XML name (RDF/XML §2.2: properties are element names), an RDF/XML syntax word as
    /// a property, and a class the writer would use as the element of its subject (the
    /// first triple of a subject, when it is `rdf:type`) that does not end in an XML name.
    pub fn triple(&mut self, t: &Triple) -> Result<(), Refusal> {
        let instead = "export as Turtle, TriG, N-Triples, N-Quads or JSON-LD instead";
        let first_of_subject = self.subject.as_ref() != Some(&t.subject);
        if first_of_subject {
            self.subject = Some(t.subject.clone());
        }
        if let Term::Literal(literal) = &t.object {
            if let Some(c) = literal.value().chars().find(|c| !is_xml_char(*c)) {
                let full = literal.to_string();
                let shown: String = full.chars().take(60).collect();
                let more = if shown.len() < full.len() { "…" } else { "" };
                return Err(Refusal(format!(
                    "RDF/XML cannot hold the character U+{:04X} in the literal {shown}{more} (object of {} {}); {instead}",
                    c as u32, t.subject, t.predicate
                )));
            }
        }
        let predicate = t.predicate.as_str();
        if is_rdfxml_syntax_term(predicate) {
            return Err(Refusal(format!(
                "RDF/XML keeps {} for its own syntax and cannot use it as the property of {} {} {}; {instead}",
                t.predicate, t.subject, t.predicate, t.object
            )));
        }
        if !ends_in_xml_name(predicate) {
            return Err(Refusal(format!(
                "RDF/XML cannot write the property {}: it writes a property as an XML element, and this IRI does not end in an XML name (a letter or _, then letters, digits, -, . or _); {instead}",
                t.predicate
            )));
        }
        if let (true, true, Term::NamedNode(class)) = (first_of_subject, t.predicate == rdf::TYPE, &t.object) {
            if !is_rdfxml_syntax_term(class.as_str()) && !ends_in_xml_name(class.as_str()) {
                return Err(Refusal(format!(
                    "RDF/XML cannot write {} a {}: it writes the class as the XML element of its subject, and this IRI does not end in an XML name; {instead}",
                    t.subject, class
                )));
            }
        }
        Ok(())
    }
}

/// Whether XML 1.0 can hold `c` (§2.2, `Char`).
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Whether `iri` splits into a namespace and a local XML name the way Oxigraph's RDF/XML
/// writer splits it: the name starts at the first name-start character after the last
/// character that cannot be in a name (or is `:`), and the namespace is not one XML keeps
/// for itself (XML Namespaces 1.0 §3).
fn ends_in_xml_name(iri: &str) -> bool {
    let Some(last) = iri.rfind(|c: char| !is_xml_name_char(c) || c == ':') else { return false };
    match iri[last..].find(|c: char| is_xml_name_start_char(c) && c != ':') {
        Some(at) => !["http://www.w3.org/XML/1998/namespace", "http://www.w3.org/2000/xmlns/"].contains(&&iri[..last + at]),
        None => false,
    }
}

/// XML 1.0 §2.3 `NameStartChar`.
fn is_xml_name_start_char(c: char) -> bool {
    matches!(c,
        ':' | 'A'..='Z' | '_' | 'a'..='z' | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}'
        | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}' | '\u{2070}'..='\u{218F}'
        | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}' | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}'
        | '\u{10000}'..='\u{EFFFF}')
}

/// XML 1.0 §2.3 `NameChar`.
fn is_xml_name_char(c: char) -> bool {
    is_xml_name_start_char(c) || matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}
