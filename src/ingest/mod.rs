//! `nkkg ingest`: models new documents as RDF and extracts candidate support and supply
//! relations from them.
//!
//! The pipeline, built once per run ([`Pipeline`]), reads a document in five steps:
//! 1. text ([`text`]): decoded as UTF-8, format quirks detected and undone in a
//!    normalised view that maps back to code points of the file;
//! 2. structure ([`structure`]): title, sections, paragraphs, sentences, repeats;
//! 3. mentions ([`mentions`]): every label of the graph's entities, folded, matched by one
//!    Aho-Corasick automaton;
//! 4. dates ([`dates`]) of every sentence;
//! 5. candidates ([`matcher`] running the rule table of [`rules`] and the general frames of
//!    [`frames`], whose cue lexicon is [`frame_lexicon`]), after names that stand for an
//!    actor ([`metonymy`]) and references to the previous sentence ([`coref`]) are read.
//!
//! [`rdf`] turns the result into quads: one named graph per document, one graph for the
//! candidates; [`stream`] writes them document by document. [`evaluate`] scores the
//! candidates against the curated relations, in sample and leave-one-out, and
//! [`challenge`] on the challenge set of `tests/ingest/challenge/`.

mod attach;
pub mod challenge;
pub mod coref;
pub mod dates;
pub mod evaluate;
pub mod explain;
pub mod fold;
pub mod frame_lexicon;
pub mod frames;
pub mod lexicon;
pub mod matcher;
pub mod mentions;
pub mod metonymy;
pub mod pattern;
mod polarity;
pub mod rdf;
pub mod rules;
pub mod score;
pub mod stream;
pub mod structure;
pub mod text;
pub mod tokens;
pub mod unknown;
pub mod vocab;

use std::collections::HashMap;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use oxigraph::model::{NamedNode, Term};
use sha2::{Digest, Sha256};

use crate::error::NkkgError;
use crate::query::select;
use crate::store::GraphStore;
use dates::DateValue;
use fold::Folded;
use matcher::{Discourse, Found, Matcher};
use mentions::{Gazetteer, Mention};
use structure::Structure;
use text::{Quirks, View};
use tokens::{groups, resolve_pronouns, tokenize, windows};
use vocab::Vocabulary;

/// Everything the pipeline needs, built once: the gazetteer, the vocabularies, the
/// compiled rules, and the curated documents by SHA-256.
pub struct Pipeline {
    /// Names of the graph's entities.
    pub gazetteer: Gazetteer,
    /// Top concepts of the support types and item categories.
    pub vocabulary: Vocabulary,
    matcher: Matcher,
    rules: &'static [rules::Rule],
    curated: HashMap<String, NamedNode>,
    /// The first of the [`unknown::SLOTS`] entity indices reserved for a document's unknown
    /// parties ([`unknown`]): the gazetteer's entity count before them.
    proposed_base: u32,
}

/// A candidate relation and the sentence it comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// What the rules found.
    pub found: Found,
    /// Index of the sentence (its span is the evidence).
    pub sentence: usize,
}

/// One document read by the pipeline.
#[derive(Debug, Clone)]
pub struct Document {
    /// `nke:doc-<first 16 hex digits of the SHA-256>`.
    pub iri: NamedNode,
    /// The file name.
    pub name: String,
    /// Lower-case hex SHA-256 of the bytes.
    pub sha256: String,
    /// The title found in the text, or the file name.
    pub title: String,
    /// The format quirks detected.
    pub quirks: Quirks,
    /// Length in code points.
    pub char_length: usize,
    /// Length in bytes.
    pub byte_length: usize,
    /// The normalised view.
    pub view: View,
    /// Sections, paragraphs and sentences.
    pub structure: Structure,
    /// Entity mentions, in order.
    pub mentions: Vec<Mention>,
    /// For each mention, the sentence that contains it, if any.
    pub mention_sentence: Vec<Option<u32>>,
    /// For each sentence, the range of [`Document::mentions`] inside it.
    pub sentence_mention_ranges: Vec<(u32, u32)>,
    /// For each sentence, its dates.
    pub dates: Vec<Vec<DateValue>>,
    /// Candidate relations, from sentences that are not repeats.
    pub candidates: Vec<Candidate>,
    /// The parties the gazetteer does not know, by slot ([`Pipeline::proposal`]).
    pub unknowns: unknown::Unknowns,
}

impl Document {
    /// Indices of the mentions inside sentence `i`.
    pub fn sentence_mentions(&self, i: usize) -> std::ops::Range<usize> {
        let (s, e) = self.sentence_mention_ranges[i];
        s as usize..e as usize
    }
}

/// One sentence as the rules read it, for [`Pipeline::analyse_reading`] (a sentence longer
/// than [`tokens::WINDOW`] tokens is read, and shown, in several windows).
#[derive(Debug, Clone, Copy)]
pub struct Reading<'t, 'a> {
    /// The sentence's index in the document's structure.
    pub sentence: usize,
    /// Its text (of the normalised view).
    pub text: &'t str,
    /// Its tokens (of one window), with pronouns resolved to the parties they stand for.
    pub tokens: &'t [tokens::Tok<'a>],
    /// The relations the rules found in it.
    pub found: &'t [Found],
}

/// Why a document could not be read.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    /// The bytes are not UTF-8.
    #[error("is not valid UTF-8: invalid byte at byte offset {0}")]
    Utf8(usize),
}

impl Pipeline {
    /// Builds the pipeline from the entities, vocabularies and documents of a store.
    pub fn from_store(store: &GraphStore) -> anyhow::Result<Self> {
        let gazetteer = Gazetteer::from_store(store)?;
        let vocabulary = Vocabulary::from_store(store)?;
        let mut curated = HashMap::new();
        for row in select(store, "SELECT ?d ?sha WHERE { ?d a nk:SourceDocument ; nk:sha256 ?sha }", &[])? {
            if let (Some(Term::NamedNode(d)), Some(Term::Literal(sha))) = (row.get("d"), row.get("sha")) {
                curated.entry(sha.value().to_owned()).or_insert_with(|| d.clone());
            }
        }
        Ok(Self::new(gazetteer, vocabulary, curated))
    }

    /// Builds the pipeline from its parts (tests use small hand-made gazetteers).
    pub fn new(mut gazetteer: Gazetteer, vocabulary: Vocabulary, curated: HashMap<String, NamedNode>) -> Self {
        let proposed_base = unknown::reserve_slots(&mut gazetteer.entities);
        Self { gazetteer, vocabulary, matcher: Matcher::new(), rules: rules::RULES, curated, proposed_base }
    }

    /// Whether entity index `e` is a slot of an unknown party, not an entity of the graph.
    pub fn is_proposed(&self, e: u32) -> bool {
        e >= self.proposed_base
    }

    /// The unknown party of `doc` that entity index `e` stands for, if it is one.
    pub fn proposal<'d>(&self, doc: &'d Document, e: u32) -> Option<&'d unknown::Proposal> {
        e.checked_sub(self.proposed_base).and_then(|i| doc.unknowns.proposals.get(i as usize))
    }

    /// The same pipeline with another rule table and without the general frames (to test or
    /// compare rules one by one).
    pub fn with_rules(mut self, rules: &'static [rules::Rule]) -> Self {
        self.matcher = Matcher::with_rules(rules);
        self.rules = rules;
        self
    }

    /// Disables the rules and lexicon entries motivated by any of `sources` (corpus
    /// documents' codes, see [`evaluate::document_source`]); an empty list enables them
    /// all again. For leave-one-out evaluation.
    pub fn exclude_sources(&mut self, sources: &[&str]) {
        self.matcher = Matcher::excluding(self.rules, sources);
    }

    /// The curated `nk:SourceDocument` with the given SHA-256, if the graph has one.
    pub fn curated_document(&self, sha256: &str) -> Option<&NamedNode> {
        self.curated.get(sha256)
    }

    /// Reads one document: structure, mentions, dates and candidates.
    pub fn analyse(&self, name: &str, bytes: &[u8]) -> Result<Document, DocumentError> {
        self.analyse_reading(name, bytes, |_| {})
    }

    /// [`Pipeline::analyse`], showing `reading` every sentence the rules read: the tokens
    /// they saw (pronouns resolved) and what they found ([`explain`]).
    pub fn analyse_reading(
        &self,
        name: &str,
        bytes: &[u8],
        mut reading: impl FnMut(Reading<'_, '_>),
    ) -> Result<Document, DocumentError> {
        let text = text::decode(bytes).map_err(DocumentError::Utf8)?;
        let sha256 = format!("{:x}", Sha256::digest(bytes));
        let quirks = Quirks::detect(text);
        let view = View::new(text, quirks);
        let folded = Folded::new(&view.text);
        let structure = Structure::new(&view, &folded);
        let mentions = self.gazetteer.find(&view, &folded);
        let inverse = &folded.inverse;
        let title = structure.title.clone().unwrap_or_else(|| {
            Path::new(name).file_stem().map_or_else(|| name.to_owned(), |s| s.to_string_lossy().into_owned())
        });
        let mut doc = Document {
            iri: rdf::document_iri(&sha256),
            name: name.to_owned(),
            sha256,
            title,
            quirks,
            char_length: text.chars().count(),
            byte_length: bytes.len(),
            mention_sentence: vec![None; mentions.len()],
            sentence_mention_ranges: Vec::with_capacity(structure.sentences.len()),
            dates: Vec::with_capacity(structure.sentences.len()),
            candidates: Vec::new(),
            unknowns: unknown::Unknowns::default(),
            view,
            structure,
            mentions,
        };
        let states = self.states_by_mentions(&doc.mentions);
        // recipients of the relations of the latest sentences: (sentence, section, recipient)
        let mut recent: Vec<(usize, Option<usize>, u32)> = Vec::new();
        // the party opening the latest sentence: (sentence, paragraph, party), for "they"
        let mut opener: Option<(usize, usize, u32)> = None;
        // the parties of the latest sentence read: (sentence, paragraph, parties in order)
        let mut previous: Option<(usize, usize, Vec<u32>)> = None;
        let mut m = 0;
        for (i, sentence) in doc.structure.sentences.iter().enumerate() {
            while m < doc.mentions.len() && doc.mentions[m].start < sentence.start {
                m += 1;
            }
            let first = m;
            let mut last = m;
            while last < doc.mentions.len() && doc.mentions[last].end <= sentence.end {
                doc.mention_sentence[last] = Some(i as u32);
                last += 1;
            }
            doc.sentence_mention_ranges.push((first as u32, last as u32));
            doc.dates.push(dates::find_dates(&doc.view.text[sentence.start..sentence.end]));
            let repeat = sentence.repeat_of.is_some() || doc.structure.paragraphs[sentence.paragraph].repeat_of.is_some();
            // the parties of the previous sentence of the paragraph that named any (at most
            // one sentence naming none between), for references
            let before: &[u32] = match &previous {
                Some((s, p, parties)) if s + COREF_REACH >= i && *p == sentence.paragraph => parties,
                _ => &[],
            };
            let referring = !before.is_empty() && coref::may_refer(&doc.view.text[sentence.start..sentence.end]);
            if (last == first && !referring) || repeat {
                if repeat {
                    previous = None;
                }
                // "X reached the front. They arrived in May. …": a "they" keeps its antecedent
                if let Some((s, p, e)) = opener {
                    if s + 1 == i && p == sentence.paragraph && doc.view.text[sentence.start..sentence.end].starts_with("They ") {
                        opener = Some((i, p, e));
                    }
                }
                continue;
            }
            let (fs, fe) = (inverse[sentence.start] as usize, inverse[sentence.end] as usize);
            let years = doc.dates[i].iter().filter_map(|d| d.year()).fold(None, |span: Option<(i32, i32)>, y| {
                Some(span.map_or((y, y), |(a, b)| (a.min(y), b.max(y))))
            });
            let mut toks = tokenize(&folded, fs, fe, &doc.mentions[first..last], inverse, &self.gazetteer, years);
            unknown::mark_parties(&mut toks, &folded, &doc.view.text, self.proposed_base, &mut doc.unknowns);
            let antecedent = opener.filter(|&(s, p, _)| s + 1 == i && p == sentence.paragraph).map(|(_, _, e)| e);
            opener = resolve_pronouns(&mut toks, antecedent, &self.gazetteer).map(|e| (i, sentence.paragraph, e));
            coref::resolve_references(&mut toks, before, &self.gazetteer);
            let mut parties: Vec<u32> = Vec::new();
            for t in &toks {
                if let tokens::TokKind::Party(e) = t.kind {
                    if !parties.contains(&e) {
                        parties.push(e);
                    }
                }
            }
            previous = Some((i, sentence.paragraph, parties));
            let section = doc.structure.paragraphs[sentence.paragraph].section;
            for window in windows(&toks) {
                let toks = &toks[window];
                let groups = groups(toks);
                recent.retain(|&(s, sec, _)| sec == section && s + RECIPIENT_MEMORY >= i);
                let recipients: Vec<u32> = recent.iter().rev().map(|&(_, _, r)| r).collect();
                let discourse = Discourse { states: &states, recipients: &recipients };
                let found = self.matcher.extract(toks, &groups, &discourse, &self.gazetteer, &self.vocabulary);
                reading(Reading { sentence: i, text: &doc.view.text[sentence.start..sentence.end], tokens: toks, found: &found });
                for found in found {
                    recent.push((i, section, found.receiver));
                    doc.candidates.push(Candidate { found, sentence: i });
                }
            }
        }
        Ok(doc)
    }

    /// The states a document mentions, most mentioned first: the sides of its conflict, for
    /// mediations whose sentence names none.
    fn states_by_mentions(&self, mentions: &[Mention]) -> Vec<u32> {
        let mut counts: Vec<(u32, usize, usize)> = Vec::new();
        for (i, m) in mentions.iter().enumerate() {
            let Some(e) = self.gazetteer.actor(m) else { continue };
            if !self.gazetteer.entities[e as usize].state_like {
                continue;
            }
            match counts.iter_mut().find(|(x, _, _)| *x == e) {
                Some(entry) => entry.1 += 1,
                None => counts.push((e, 1, i)),
            }
        }
        counts.sort_by_key(|&(_, n, first)| (std::cmp::Reverse(n), first));
        counts.into_iter().take(STATES_KEPT).map(|(e, _, _)| e).collect()
    }

    /// Reads a document and returns it with its RDF: its own graph and its candidates.
    pub fn ingest(&self, name: &str, bytes: &[u8]) -> Result<(Document, rdf::DocumentRdf), DocumentError> {
        let doc = self.analyse(name, bytes)?;
        let rdf = rdf::document_rdf(self, &doc);
        Ok((doc, rdf))
    }
}

/// How many sentences back the parties a reference may stand for come from.
const COREF_REACH: usize = 2;
/// How many sentences back an implicit recipient may come from.
const RECIPIENT_MEMORY: usize = 6;
/// How many of a document's most mentioned states are kept as possible sides.
const STATES_KEPT: usize = 6;

/// Reads a file for ingestion; errors name the file.
pub fn read_document(path: &Path) -> anyhow::Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))
}

/// The file name used for a path in the graph (its last component).
pub fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

/// A progress bar on standard error for runs over several files; hidden when standard
/// error is not a terminal or there is only one file.
pub fn progress_bar(files: usize) -> ProgressBar {
    if files < 2 || !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(files as u64);
    bar.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} documents {binary_bytes_per_sec} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

/// What one `nkkg ingest` run does.
#[derive(Clone, Debug)]
pub enum Task {
    /// Ingest documents: see [`ingest_files`].
    Ingest(Options),
    /// Score the candidates found in a corpus against the curated relations: see
    /// [`evaluate::run`].
    Evaluate(evaluate::Options),
    /// Print how the rules read the sentences that contain a text: see [`explain::run`].
    Explain {
        /// The documents to read.
        files: Vec<PathBuf>,
        /// The text (any case) a sentence must contain to be shown.
        text: String,
    },
}

/// What `nkkg ingest FILES` reads and where it writes the TriG.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The UTF-8 text documents to ingest.
    pub files: Vec<PathBuf>,
    /// The file to write the TriG to, `-` for standard output. `None` writes to standard
    /// output when the store is the bundled one, and nothing when it is persistent (the
    /// graphs are added to it).
    pub output: Option<PathBuf>,
}

/// `nkkg ingest`: runs the task.
pub fn run(store: &GraphStore, task: &Task) -> anyhow::Result<()> {
    match task {
        Task::Ingest(options) => ingest_files(store, options),
        Task::Evaluate(options) => evaluate::run(store, options),
        Task::Explain { files, text } => explain::run(store, files, text),
    }
}

/// `nkkg ingest FILES`: reads the files one at a time, writes each one's graph and
/// candidates as TriG (to `-o FILE` or standard output) as soon as it is read and, with
/// `--store`, adds them to the store ([`stream`]). The throughput it reports runs from
/// reading the first file to the last byte of TriG written.
pub fn ingest_files(store: &GraphStore, options: &Options) -> anyhow::Result<()> {
    if options.files.is_empty() {
        return Err(NkkgError::Usage("nkkg ingest needs at least one FILE (or --evaluate)".to_owned()).into());
    }
    let pipeline = Pipeline::from_store(store)?;
    let progress = progress_bar(options.files.len());
    let started = Instant::now();
    let target = store.is_persistent().then_some(store);
    let write = options.output.is_some() || !store.is_persistent();
    let output_path = options.output.as_deref().filter(|p| p.as_os_str() != "-");
    let writer: Box<dyn Write> = match output_path {
        _ if !write => Box::new(io::sink()),
        Some(path) => Box::new(std::fs::File::create(path).with_context(|| format!("cannot write {}", path.display()))?),
        None => Box::new(io::stdout().lock()),
    };
    let mut output = write.then(|| stream::TrigOutput::new(io::BufWriter::with_capacity(1 << 16, writer)));
    let mut counts = stream::Counts::default();
    for path in &options.files {
        progress.set_message(path.display().to_string());
        counts += stream::ingest_file(&pipeline, path, output.as_mut(), target)?;
        progress.inc(1);
    }
    progress.finish_and_clear();
    if let Some(output) = output {
        let describe = || output_path.map_or_else(|| "standard output".to_owned(), |p| p.display().to_string());
        output.finish().and_then(|mut w| w.flush()).with_context(|| format!("cannot write {}", describe()))?;
    }
    let seconds = started.elapsed().as_secs_f64();
    let mb = counts.bytes as f64 / 1e6;
    eprintln!(
        "ingested {} document(s), {mb:.2} MB, {} quads, {} candidates in {seconds:.3} s (read to written): {:.1} MB/s",
        counts.documents,
        counts.quads,
        counts.candidates,
        mb / seconds.max(1e-9)
    );
    Ok(())
}
