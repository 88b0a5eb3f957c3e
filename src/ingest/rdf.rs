//! The RDF of an ingested document, written with Oxigraph's model types.
//!
//! Every text segment (section, paragraph, sentence, mention) is an
//! `oa:SpecificResource` with `oa:hasSource` the document and an `oa:TextPositionSelector`
//! whose `oa:start` / `oa:end` count code points of the file as shipped (start inclusive,
//! end exclusive) — the convention of the curated evidence. Segment IRIs extend the
//! document's: `nke:doc-<hash>-sentence-12`. Terms are defined in `ontology/ingest.ttl`.

use oxigraph::model::{BlankNode, GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term, Triple};

use super::dates::DateValue;
use super::matcher::Kind;
use super::rules::Polarity;
use super::vocab::Scheme;
use super::{Document, Pipeline};
use crate::prefixes::{NK, NKG, NKE, NKV};

const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const RDFS_LABEL: &str = "http://www.w3.org/2000/01/rdf-schema#label";
const OA: &str = "http://www.w3.org/ns/oa#";
const DCTERMS: &str = "http://purl.org/dc/terms/";
const OWL_SAME_AS: &str = "http://www.w3.org/2002/07/owl#sameAs";
const XSD_DECIMAL: &str = "http://www.w3.org/2001/XMLSchema#decimal";
const XSD_INTEGER: &str = "http://www.w3.org/2001/XMLSchema#integer";

/// `parts` then the decimal digits of `numbers`, separated by `-`, without `format!`.
fn concat(parts: &[&str], numbers: &[u64]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum::<usize>() + 12 * numbers.len());
    for p in parts {
        out.push_str(p);
    }
    for (i, &n) in numbers.iter().enumerate() {
        if i > 0 {
            out.push('-');
        }
        push_number(&mut out, n);
    }
    out
}

fn push_number(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(&digits[i..]).expect("ASCII digits"));
}

/// An `xsd:integer` literal, built without `format!`.
fn integer(n: u32, datatype: &NamedNode) -> Literal {
    let mut value = String::with_capacity(10);
    push_number(&mut value, u64::from(n));
    Literal::new_typed_literal(value, datatype.clone())
}

/// The named graph that holds the candidates of an ingestion run.
pub fn candidates_graph() -> NamedNode {
    NamedNode::new_unchecked(format!("{NKG}ingest/candidates"))
}

/// The IRI of a document with the given SHA-256 (hex): `nke:doc-<first 16 hex digits>`.
pub fn document_iri(sha256: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{NKE}doc-{}", &sha256[..16]))
}

/// The named graph that holds one ingested document: `nkg:ingest/doc-<first 16 hex>`.
pub fn document_graph(sha256: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{NKG}ingest/doc-{}", &sha256[..16]))
}

fn nk(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{NK}{local}"))
}

fn nkv(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{NKV}{local}"))
}

/// The RDF of one ingested document: the triples of its own named graph and those of its
/// candidates (which belong in [`candidates_graph`]).
#[derive(Debug, Clone)]
pub struct DocumentRdf {
    /// The document's named graph.
    pub graph: NamedNode,
    /// The triples of the document's graph.
    pub triples: Vec<Triple>,
    /// The triples of the document's candidates.
    pub candidates: Vec<Triple>,
}

impl DocumentRdf {
    /// All of it as quads: the document's graph, then the candidates graph.
    pub fn quads(&self) -> Vec<Quad> {
        let document = GraphName::from(self.graph.clone());
        let candidates = GraphName::from(candidates_graph());
        let mut quads = Vec::with_capacity(self.triples.len() + self.candidates.len());
        quads.extend(self.triples.iter().map(|t| t.clone().in_graph(document.clone())));
        quads.extend(self.candidates.iter().map(|t| t.clone().in_graph(candidates.clone())));
        quads
    }
}

/// Collects the triples of one graph, with the helpers every segment needs.
struct Writer<'a> {
    doc: &'a NamedNode,
    key: &'a str,
    quads: Vec<Triple>,
    rdf_type: NamedNode,
    has_source: NamedNode,
    has_selector: NamedNode,
    selector_class: NamedNode,
    start: NamedNode,
    end: NamedNode,
    part_of: NamedNode,
    position: NamedNode,
    xsd_integer: NamedNode,
}

impl<'a> Writer<'a> {
    fn new(doc: &'a NamedNode, key: &'a str) -> Self {
        Self {
            doc,
            key,
            quads: Vec::new(),
            rdf_type: NamedNode::new_unchecked(RDF_TYPE),
            has_source: NamedNode::new_unchecked(format!("{OA}hasSource")),
            has_selector: NamedNode::new_unchecked(format!("{OA}hasSelector")),
            selector_class: NamedNode::new_unchecked(format!("{OA}TextPositionSelector")),
            start: NamedNode::new_unchecked(format!("{OA}start")),
            end: NamedNode::new_unchecked(format!("{OA}end")),
            part_of: NamedNode::new_unchecked(format!("{DCTERMS}isPartOf")),
            position: nk("position"),
            xsd_integer: NamedNode::new_unchecked(XSD_INTEGER),
        }
    }

    fn add(&mut self, s: impl Into<NamedOrBlankNode>, p: &NamedNode, o: impl Into<Term>) {
        self.quads.push(Triple::new(s, p.clone(), o));
    }

    fn segment(&self, kind: &str, n: usize) -> NamedNode {
        NamedNode::new_unchecked(concat(&[self.doc.as_str(), "-", kind, "-"], &[n as u64]))
    }

    /// `subject oa:hasSource doc ; oa:hasSelector [ a oa:TextPositionSelector ; oa:start s ; oa:end e ]`.
    fn span(&mut self, subject: &NamedOrBlankNode, tag: &str, n: usize, (s, e): (u32, u32)) {
        let selector = BlankNode::new_unchecked(concat(&[self.key, tag], &[n as u64]));
        let Writer { quads, doc, has_source, has_selector, rdf_type, selector_class, start, end, xsd_integer, .. } = self;
        quads.push(Triple::new(subject.clone(), has_source.clone(), (*doc).clone()));
        quads.push(Triple::new(subject.clone(), has_selector.clone(), selector.clone()));
        quads.push(Triple::new(selector.clone(), rdf_type.clone(), selector_class.clone()));
        quads.push(Triple::new(selector.clone(), start.clone(), integer(s, xsd_integer)));
        quads.push(Triple::new(selector, end.clone(), integer(e, xsd_integer)));
    }
}

fn polarity_concept(kind: Kind, polarity: Polarity) -> &'static str {
    match (kind, polarity) {
        (Kind::Support, Polarity::Given) => "Given",
        (Kind::Support, Polarity::Declined) => "Declined",
        (_, Polarity::Denied) => "Denied",
        (_, Polarity::Alleged) => "Alleged",
        (Kind::Supply, Polarity::Given) => "Delivered",
        (Kind::Supply, Polarity::Declined) => "Denied",
        (Kind::Supply, Polarity::CutOff) => "CutOff",
        (Kind::Supply, Polarity::Captured) => "Captured",
        (Kind::Support, Polarity::CutOff | Polarity::Captured) => "Given",
    }
}

/// The RDF of a document: its graph and its candidates.
pub fn document_rdf(pipeline: &Pipeline, doc: &Document) -> DocumentRdf {
    DocumentRdf {
        graph: document_graph(&doc.sha256),
        triples: document_triples(pipeline, doc),
        candidates: candidate_triples(pipeline, doc),
    }
}

/// The triples of a document's own graph: the document, its sections, paragraphs,
/// sentences (with their dates) and mentions.
pub fn document_triples(pipeline: &Pipeline, doc: &Document) -> Vec<Triple> {
    let key = &doc.sha256[..16];
    let mut w = Writer::new(&doc.iri, key);
    let s = &doc.structure;
    w.quads.reserve(16 + 10 * (s.sections.len() + s.paragraphs.len() + s.sentences.len()) + 8 * doc.mentions.len());
    let (part_of, position) = (w.part_of.clone(), w.position.clone());
    let d: NamedOrBlankNode = doc.iri.clone().into();
    let ty = w.rdf_type.clone();
    w.add(d.clone(), &ty, nk("SourceDocument"));
    w.add(d.clone(), &NamedNode::new_unchecked(RDFS_LABEL), Literal::new_simple_literal(&doc.title));
    w.add(d.clone(), &NamedNode::new_unchecked(format!("{DCTERMS}title")), Literal::new_simple_literal(&doc.title));
    w.add(d.clone(), &nk("fileName"), Literal::new_simple_literal(&doc.name));
    w.add(d.clone(), &nk("sha256"), Literal::new_simple_literal(&doc.sha256));
    w.add(d.clone(), &nk("charLength"), Literal::from(doc.char_length as i64));
    w.add(d.clone(), &nk("byteLength"), Literal::from(doc.byte_length as i64));
    w.add(d.clone(), &nk("documentKind"), Literal::new_simple_literal(doc.quirks.to_string()));
    if let Some(curated) = pipeline.curated_document(&doc.sha256) {
        w.add(d.clone(), &NamedNode::new_unchecked(OWL_SAME_AS), curated.clone());
    }
    let (heading, level, repeat_of) = (nk("heading"), nk("headingLevel"), nk("repeatOf"));
    for (i, section) in s.sections.iter().enumerate() {
        let node: NamedOrBlankNode = w.segment("section", i + 1).into();
        w.add(node.clone(), &ty, nk("Section"));
        w.add(node.clone(), &heading, Literal::new_simple_literal(&section.title));
        w.add(node.clone(), &level, Literal::from(section.level as i64));
        let parent = section.parent.map_or_else(|| doc.iri.clone(), |p| w.segment("section", p + 1));
        w.add(node.clone(), &part_of, parent);
        w.add(node.clone(), &position, Literal::from(i as i64 + 1));
        w.span(&node, "h", i + 1, doc.view.span(section.start, section.end));
    }
    for (i, paragraph) in s.paragraphs.iter().enumerate() {
        let node: NamedOrBlankNode = w.segment("paragraph", i + 1).into();
        w.add(node.clone(), &ty, nk("Paragraph"));
        if paragraph.table_row {
            w.add(node.clone(), &ty, nk("TableRow"));
        }
        let parent = paragraph.section.map_or_else(|| doc.iri.clone(), |p| w.segment("section", p + 1));
        w.add(node.clone(), &part_of, parent);
        w.add(node.clone(), &position, Literal::from(i as i64 + 1));
        if let Some(first) = paragraph.repeat_of {
            w.add(node.clone(), &repeat_of, w.segment("paragraph", first + 1));
        }
        w.span(&node, "p", i + 1, doc.view.span(paragraph.start, paragraph.end));
    }
    let (mentions_date, mentions) = (nk("mentionsDate"), nk("mentions"));
    for (i, sentence) in s.sentences.iter().enumerate() {
        let node: NamedOrBlankNode = w.segment("sentence", i + 1).into();
        w.add(node.clone(), &ty, nk("Sentence"));
        w.add(node.clone(), &part_of, w.segment("paragraph", sentence.paragraph + 1));
        w.add(node.clone(), &position, Literal::from(i as i64 + 1));
        if let Some(first) = sentence.repeat_of {
            w.add(node.clone(), &repeat_of, w.segment("sentence", first + 1));
        }
        for date in &doc.dates[i] {
            w.add(node.clone(), &mentions_date, date_literal(date));
        }
        w.span(&node, "s", i + 1, doc.view.span(sentence.start, sentence.end));
    }
    for (m, mention) in doc.mentions.iter().enumerate() {
        let (start, end) = doc.view.span(mention.start, mention.end);
        let node: NamedOrBlankNode =
            NamedNode::new_unchecked(concat(&[doc.iri.as_str(), "-mention-"], &[u64::from(start), u64::from(end)])).into();
        w.add(node.clone(), &ty, nk("Mention"));
        for &e in pipeline.gazetteer.entities_of(mention) {
            w.add(node.clone(), &mentions, pipeline.gazetteer.entities[e as usize].iri.clone());
        }
        if let Some(sentence) = doc.mention_sentence[m] {
            w.add(node.clone(), &part_of, w.segment("sentence", sentence as usize + 1));
        }
        w.span(&node, "m", m + 1, (start, end));
    }
    w.quads
}

/// The triples of a document's candidates, for the candidates graph.
pub fn candidate_triples(pipeline: &Pipeline, doc: &Document) -> Vec<Triple> {
    let key = &doc.sha256[..16];
    let mut w = Writer::new(&doc.iri, key);
    let ty = w.rdf_type.clone();
    let p = |local: &str| nk(local);
    let evidence_class = NamedNode::new_unchecked(format!("{OA}SpecificResource"));
    for (i, candidate) in doc.candidates.iter().enumerate() {
        let f = &candidate.found;
        let node: NamedOrBlankNode = w.segment("candidate", i + 1).into();
        w.add(node.clone(), &ty, p("Candidate"));
        let (class, scheme) = match f.kind {
            Kind::Support => ("SupportCandidate", Scheme::SupportTypes),
            Kind::Supply => ("SupplyCandidate", Scheme::ItemCategories),
        };
        w.add(node.clone(), &ty, p(class));
        let entity = |e: u32| pipeline.gazetteer.entities[e as usize].iri.clone();
        w.add(node.clone(), &p("giver"), entity(f.giver));
        w.add(node.clone(), &p("receiver"), entity(f.receiver));
        w.add(node.clone(), &p("candidateType"), nkv(&f.concept));
        w.add(node.clone(), &p("topType"), nkv(pipeline.vocabulary.top(scheme, &f.concept)));
        w.add(node.clone(), &p("candidatePolarity"), nkv(polarity_concept(f.kind, f.polarity)));
        let confidence = format!("{:.2}", f.confidence);
        w.add(node.clone(), &p("confidence"), Literal::new_typed_literal(confidence, NamedNode::new_unchecked(XSD_DECIMAL)));
        w.add(node.clone(), &p("rule"), Literal::new_simple_literal(f.rule));
        w.add(node.clone(), &p("fromSentence"), w.segment("sentence", candidate.sentence + 1));
        let evidence = BlankNode::new_unchecked(format!("{key}e{}", i + 1));
        w.add(node.clone(), &p("evidence"), evidence.clone());
        let ev: NamedOrBlankNode = evidence.into();
        w.add(ev.clone(), &ty, evidence_class.clone());
        let sentence = &doc.structure.sentences[candidate.sentence];
        w.span(&ev, "c", i + 1, doc.view.span(sentence.start, sentence.end));
    }
    w.quads
}

fn date_literal(date: &DateValue) -> Literal {
    Literal::new_typed_literal(&date.lexical, NamedNode::new_unchecked(date.datatype()))
}
