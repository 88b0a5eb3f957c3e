//! The RDF of an ingested document, written with Oxigraph's model types.
//!
//! Every text segment (section, paragraph, sentence, mention) is an
//! `oa:SpecificResource` with `oa:hasSource` the document and an `oa:TextPositionSelector`
//! whose `oa:start` / `oa:end` count code points of the file as shipped (start inclusive,
//! end exclusive) — the convention of the curated evidence. Segment IRIs extend the
//! document's: `nke:doc-<hash>-sentence-12`. Terms are defined in `ontology/ingest.ttl`.

use std::io;

use oxigraph::model::{
    BlankNode, GraphName, Literal, NamedNode, NamedNodeRef, NamedOrBlankNodeRef, Quad, TermRef, Triple, TripleRef,
};

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

/// Where the triples of a document go: collected in a `Vec<Triple>`, or written out as
/// they come ([`super::stream`]), so that no copy of a large document's triples is held.
pub trait TripleSink {
    /// Takes one triple.
    fn triple(&mut self, subject: NamedOrBlankNodeRef<'_>, predicate: NamedNodeRef<'_>, object: TermRef<'_>) -> io::Result<()>;
}

impl TripleSink for Vec<Triple> {
    fn triple(&mut self, subject: NamedOrBlankNodeRef<'_>, predicate: NamedNodeRef<'_>, object: TermRef<'_>) -> io::Result<()> {
        self.push(TripleRef::new(subject, predicate, object).into_owned());
        Ok(())
    }
}

/// Sends the triples of one graph to a sink, with the terms every segment needs.
struct Writer<'a, S: TripleSink> {
    doc: &'a NamedNode,
    key: &'a str,
    sink: &'a mut S,
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

impl<'a, S: TripleSink> Writer<'a, S> {
    fn new(doc: &'a NamedNode, key: &'a str, sink: &'a mut S) -> Self {
        Self {
            doc,
            key,
            sink,
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

    fn add<'t>(&mut self, s: impl Into<NamedOrBlankNodeRef<'t>>, p: &NamedNode, o: impl Into<TermRef<'t>>) -> io::Result<()> {
        self.sink.triple(s.into(), p.as_ref(), o.into())
    }

    fn segment(&self, kind: &str, n: usize) -> NamedNode {
        NamedNode::new_unchecked(concat(&[self.doc.as_str(), "-", kind, "-"], &[n as u64]))
    }

    /// `subject oa:hasSource doc ; oa:hasSelector [ a oa:TextPositionSelector ; oa:start s ; oa:end e ]`.
    fn span<'t>(&mut self, subject: impl Into<NamedOrBlankNodeRef<'t>>, tag: &str, n: usize, (s, e): (u32, u32)) -> io::Result<()> {
        let subject = subject.into();
        let selector = BlankNode::new_unchecked(concat(&[self.key, tag], &[n as u64]));
        let Writer { sink, doc, has_source, has_selector, rdf_type, selector_class, start, end, xsd_integer, .. } = self;
        sink.triple(subject, has_source.as_ref(), doc.as_ref().into())?;
        sink.triple(subject, has_selector.as_ref(), selector.as_ref().into())?;
        sink.triple(selector.as_ref().into(), rdf_type.as_ref(), selector_class.as_ref().into())?;
        sink.triple(selector.as_ref().into(), start.as_ref(), integer(s, xsd_integer).as_ref().into())?;
        sink.triple(selector.as_ref().into(), end.as_ref(), integer(e, xsd_integer).as_ref().into())
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
    let s = &doc.structure;
    let mut triples = Vec::with_capacity(16 + 10 * (s.sections.len() + s.paragraphs.len() + s.sentences.len()) + 8 * doc.mentions.len());
    write_document(pipeline, doc, &mut triples).expect("collecting triples does not fail");
    triples
}

/// The triples of a document's candidates, for the candidates graph.
pub fn candidate_triples(pipeline: &Pipeline, doc: &Document) -> Vec<Triple> {
    let mut triples = Vec::new();
    write_candidates(pipeline, doc, &mut triples).expect("collecting triples does not fail");
    triples
}

/// Sends the triples of a document's own graph ([`document_triples`]) to a sink.
pub fn write_document(pipeline: &Pipeline, doc: &Document, sink: &mut impl TripleSink) -> io::Result<()> {
    let key = &doc.sha256[..16];
    let mut w = Writer::new(&doc.iri, key, sink);
    let s = &doc.structure;
    let (part_of, position) = (w.part_of.clone(), w.position.clone());
    let d = doc.iri.as_ref();
    let ty = w.rdf_type.clone();
    w.add(d, &ty, &nk("SourceDocument"))?;
    w.add(d, &NamedNode::new_unchecked(RDFS_LABEL), &Literal::new_simple_literal(&doc.title))?;
    w.add(d, &NamedNode::new_unchecked(format!("{DCTERMS}title")), &Literal::new_simple_literal(&doc.title))?;
    w.add(d, &nk("fileName"), &Literal::new_simple_literal(&doc.name))?;
    w.add(d, &nk("sha256"), &Literal::new_simple_literal(&doc.sha256))?;
    w.add(d, &nk("charLength"), &Literal::from(doc.char_length as i64))?;
    w.add(d, &nk("byteLength"), &Literal::from(doc.byte_length as i64))?;
    w.add(d, &nk("documentKind"), &Literal::new_simple_literal(doc.quirks.to_string()))?;
    if let Some(curated) = pipeline.curated_document(&doc.sha256) {
        w.add(d, &NamedNode::new_unchecked(OWL_SAME_AS), curated)?;
    }
    let (heading, level, repeat_of) = (nk("heading"), nk("headingLevel"), nk("repeatOf"));
    let (section_class, paragraph_class, table_row, sentence_class) = (nk("Section"), nk("Paragraph"), nk("TableRow"), nk("Sentence"));
    for (i, section) in s.sections.iter().enumerate() {
        let node = w.segment("section", i + 1);
        w.add(&node, &ty, &section_class)?;
        w.add(&node, &heading, &Literal::new_simple_literal(&section.title))?;
        w.add(&node, &level, &Literal::from(section.level as i64))?;
        let parent = section.parent.map_or_else(|| doc.iri.clone(), |p| w.segment("section", p + 1));
        w.add(&node, &part_of, &parent)?;
        w.add(&node, &position, &Literal::from(i as i64 + 1))?;
        w.span(&node, "h", i + 1, doc.view.span(section.start, section.end))?;
    }
    for (i, paragraph) in s.paragraphs.iter().enumerate() {
        let node = w.segment("paragraph", i + 1);
        w.add(&node, &ty, &paragraph_class)?;
        if paragraph.table_row {
            w.add(&node, &ty, &table_row)?;
        }
        let parent = paragraph.section.map_or_else(|| doc.iri.clone(), |p| w.segment("section", p + 1));
        w.add(&node, &part_of, &parent)?;
        w.add(&node, &position, &Literal::from(i as i64 + 1))?;
        if let Some(first) = paragraph.repeat_of {
            w.add(&node, &repeat_of, &w.segment("paragraph", first + 1))?;
        }
        w.span(&node, "p", i + 1, doc.view.span(paragraph.start, paragraph.end))?;
    }
    let (mentions_date, mentions, mention_class) = (nk("mentionsDate"), nk("mentions"), nk("Mention"));
    for (i, sentence) in s.sentences.iter().enumerate() {
        let node = w.segment("sentence", i + 1);
        w.add(&node, &ty, &sentence_class)?;
        w.add(&node, &part_of, &w.segment("paragraph", sentence.paragraph + 1))?;
        w.add(&node, &position, &Literal::from(i as i64 + 1))?;
        if let Some(first) = sentence.repeat_of {
            w.add(&node, &repeat_of, &w.segment("sentence", first + 1))?;
        }
        for date in &doc.dates[i] {
            w.add(&node, &mentions_date, &date_literal(date))?;
        }
        w.span(&node, "s", i + 1, doc.view.span(sentence.start, sentence.end))?;
    }
    for (m, mention) in doc.mentions.iter().enumerate() {
        let (start, end) = doc.view.span(mention.start, mention.end);
        let node = NamedNode::new_unchecked(concat(&[doc.iri.as_str(), "-mention-"], &[u64::from(start), u64::from(end)]));
        w.add(&node, &ty, &mention_class)?;
        for &e in pipeline.gazetteer.entities_of(mention) {
            w.add(&node, &mentions, &pipeline.gazetteer.entities[e as usize].iri)?;
        }
        if let Some(sentence) = doc.mention_sentence[m] {
            w.add(&node, &part_of, &w.segment("sentence", sentence as usize + 1))?;
        }
        w.span(&node, "m", m + 1, (start, end))?;
    }
    Ok(())
}

/// The tag of a candidate's evidence selector: `_:{key}c{N}` for candidate N.
const CANDIDATE_SELECTOR: &str = "c";

/// The IRI of candidate `n` of a document: `<document>-candidate-<n>`.
pub fn candidate_iri(document: &NamedNode, n: u64) -> NamedNode {
    NamedNode::new_unchecked(concat(&[document.as_str(), "-candidate-"], &[n]))
}

/// The number of a candidate of `document` (`<document>-candidate-<n>` gives n).
pub fn candidate_number(document: &NamedNode, candidate: &str) -> Option<u64> {
    let rest = candidate.strip_prefix(document.as_str())?.strip_prefix("-candidate-")?;
    rest.bytes().all(|b| b.is_ascii_digit()).then(|| rest.parse().ok()).flatten()
}

/// The evidence node of candidate `n` of the document whose SHA-256 starts with `key`:
/// `_:{key}e{n}`, named after the candidate so that it follows the candidate's number.
pub fn candidate_evidence(key: &str, n: u64) -> BlankNode {
    BlankNode::new_unchecked(concat(&[key, "e"], &[n]))
}

/// The selector of candidate `n`'s evidence: `_:{key}c{n}`.
pub fn candidate_selector(key: &str, n: u64) -> BlankNode {
    BlankNode::new_unchecked(concat(&[key, CANDIDATE_SELECTOR], &[n]))
}

/// Sends the triples of a document's candidates ([`candidate_triples`]) to a sink. The
/// candidates are numbered 1..n in the order the extraction found them (a store renumbers
/// them on the way in: [`super::stream`]).
pub fn write_candidates(pipeline: &Pipeline, doc: &Document, sink: &mut impl TripleSink) -> io::Result<()> {
    let key = &doc.sha256[..16];
    let mut w = Writer::new(&doc.iri, key, sink);
    let ty = w.rdf_type.clone();
    let p = |local: &str| nk(local);
    let evidence_class = NamedNode::new_unchecked(format!("{OA}SpecificResource"));
    let (candidate_class, xsd_decimal) = (p("Candidate"), NamedNode::new_unchecked(XSD_DECIMAL));
    let (giver, receiver, candidate_type, top_type) = (p("giver"), p("receiver"), p("candidateType"), p("topType"));
    let (candidate_polarity, confidence_p, rule, from_sentence, evidence_p) =
        (p("candidatePolarity"), p("confidence"), p("rule"), p("fromSentence"), p("evidence"));
    // the unknown parties the candidates name (issue 11): proposed entities, written once
    let mut proposed: std::collections::HashMap<u32, NamedNode> = std::collections::HashMap::new();
    for e in doc.candidates.iter().flat_map(|c| [c.found.giver, c.found.receiver]) {
        let Some(proposal) = pipeline.proposal(doc, e).filter(|_| !proposed.contains_key(&e)) else { continue };
        let (iri, triples) = crate::review::proposed::triples(&doc.iri, key, &proposed_entity(doc, proposal, &w));
        for t in &triples {
            w.sink.triple(t.subject.as_ref(), t.predicate.as_ref(), t.object.as_ref())?;
        }
        proposed.insert(e, iri);
    }
    for (i, candidate) in doc.candidates.iter().enumerate() {
        let f = &candidate.found;
        let node = candidate_iri(w.doc, i as u64 + 1);
        w.add(&node, &ty, &candidate_class)?;
        let (class, scheme) = match f.kind {
            Kind::Support => ("SupportCandidate", Scheme::SupportTypes),
            Kind::Supply => ("SupplyCandidate", Scheme::ItemCategories),
        };
        w.add(&node, &ty, &p(class))?;
        let entity = |e: u32| proposed.get(&e).unwrap_or(&pipeline.gazetteer.entities[e as usize].iri);
        w.add(&node, &giver, entity(f.giver))?;
        w.add(&node, &receiver, entity(f.receiver))?;
        w.add(&node, &candidate_type, &nkv(&f.concept))?;
        w.add(&node, &top_type, &nkv(pipeline.vocabulary.top(scheme, &f.concept)))?;
        w.add(&node, &candidate_polarity, &nkv(polarity_concept(f.kind, f.polarity)))?;
        let confidence = format!("{:.2}", f.confidence);
        w.add(&node, &confidence_p, &Literal::new_typed_literal(confidence, xsd_decimal.clone()))?;
        w.add(&node, &rule, &Literal::new_simple_literal(f.rule))?;
        w.add(&node, &from_sentence, &w.segment("sentence", candidate.sentence + 1))?;
        let evidence = candidate_evidence(key, i as u64 + 1);
        w.add(&node, &evidence_p, &evidence)?;
        w.add(&evidence, &ty, &evidence_class)?;
        let sentence = &doc.structure.sentences[candidate.sentence];
        w.span(&evidence, CANDIDATE_SELECTOR, i + 1, doc.view.span(sentence.start, sentence.end))?;
    }
    Ok(())
}

/// An unknown party of a document as a proposed entity: its label, its class, and every
/// place the document names it (the sentence holding each, when one does).
fn proposed_entity<S: TripleSink>(
    doc: &Document,
    proposal: &super::unknown::Proposal,
    w: &Writer<'_, S>,
) -> crate::review::proposed::ProposedEntity {
    let sentences = &doc.structure.sentences;
    let mentions = super::unknown::occurrences(&doc.view.text, &proposal.label)
        .into_iter()
        .map(|(vs, ve)| {
            let (start, end) = doc.view.span(vs, ve);
            let at = sentences.partition_point(|s| s.start <= vs);
            let sentence = at.checked_sub(1).filter(|&i| ve <= sentences[i].end).map(|i| w.segment("sentence", i + 1));
            crate::review::proposed::ProposedMention { start, end, sentence }
        })
        .collect();
    crate::review::proposed::ProposedEntity { label: proposal.label.clone(), class: nk(proposal.class), mentions }
}

fn date_literal(date: &DateValue) -> Literal {
    Literal::new_typed_literal(&date.lexical, NamedNode::new_unchecked(date.datatype()))
}
