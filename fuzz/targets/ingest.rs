//! The `ingest` target: the ingest pipeline (`nkkg ingest`) on arbitrary bytes with the
//! bundled graph's gazetteer, and the document's TriG as `nkkg ingest` streams it.
//! Oracles: no panic, abort or hang (one input may take at most the harness's hang
//! limit), and the TriG written reads back with Oxigraph's parser as the same RDF as
//! the pipeline's quads, blank node labels included.

use nkkg::ingest::stream::TrigOutput;
use nkkg::ingest::{rdf, Pipeline};
use nkkg::store::GraphStore;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{Dataset, Quad};

use super::{outcome, Target};

/// Names of the gazetteer, verbs the rules read, dates, quantities and document structure.
pub const DICTIONARY: &[&str] = &[
    "Armenia", "Azerbaijan", "Russia", "Turkey", "Iran", "Nagorno-Karabakh", "Shusha", "Stepanakert", "Karabakh",
    "the Soviet Union", "the OSCE Minsk Group", " supplied arms to ", " sent ", " backed ", " supported ", " sold ",
    " tanks ", " volunteers ", " mercenaries ", " denied ", " allegedly ", " in 1992", " on 8 May 1992", " in May 1992 ",
    " between 1988 and 1994", " 1,000 ", " about 30,000 ", " killed ", " captured ", " he ", " it ", " they ", ". ", ", ",
    "; ", "\n\n", "\n== History ==\n", "# Title\n", "\u{feff}", "\r\n", "\u{2019}", "\u{2013}", "\u{a0}", "(", ")", "\"",
    "[1]", "e.g.", "Mr.", "U.S.", " and ", " or ", " not ", " by ", " from ", " to ",
];

/// The `ingest` target: a pipeline over the bundled graph.
pub struct Ingest {
    pipeline: Pipeline,
}

impl Ingest {
    /// Builds the pipeline from the bundled graph.
    pub fn new() -> Self {
        let store = GraphStore::bundled().expect("the bundled graph loads");
        Self { pipeline: Pipeline::from_store(&store).expect("the pipeline builds") }
    }
}

impl Target for Ingest {
    fn run(&mut self, input: &[u8]) -> String {
        let doc = match self.pipeline.analyse("fuzz.txt", input) {
            Ok(doc) => doc,
            Err(e) => return outcome("refused", &e.to_string()),
        };
        let mut output = TrigOutput::new(Vec::new());
        let written = output.document(&self.pipeline, &doc).expect("writing to memory does not fail");
        let trig = output.finish().expect("writing to memory does not fail");
        let read: Vec<Quad> = RdfParser::from_format(RdfFormat::TriG)
            .for_slice(&trig)
            .collect::<Result<_, _>>()
            .unwrap_or_else(|e| panic!("the TriG of an ingested document does not parse: {e}\n{}", String::from_utf8_lossy(&trig)));
        let expected = rdf::document_rdf(&self.pipeline, &doc).quads();
        // Blank node labels are derived from the document and kept by TriG, so the datasets
        // compare as they are (canonicalizing thousands of blank nodes would cost seconds).
        assert!(read.into_iter().collect::<Dataset>() == expected.into_iter().collect::<Dataset>(), "the TriG written is not the pipeline's RDF");
        format!("ok:{}:{}:{}", doc.mentions.len().min(20), doc.candidates.len().min(20), written.min(100) / 10)
    }
}
