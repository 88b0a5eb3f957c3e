//! `nkkg ingest --evaluate`: runs the pipeline over the corpus documents and scores the
//! candidates against the curated Support and Supply relations of the same document.
//!
//! A curated relation belongs to a document when one of its `nk:evidence` has
//! `oa:hasSource` that document (matched to the file by SHA-256). A candidate matches a
//! curated relation of its document with the same giver (supporter or supplier),
//! recipient and type, where the type is the top-level kind: for support, the top concept
//! of `nkv:SupportTypes` reached by `skos:broader*` from `nk:supportType`; for supply, the
//! top concept of `nkv:ItemCategories` reached from `nk:itemCategory`. Both sides are
//! sets of (document, giver, recipient, type), so a relation stated twice counts once.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use oxigraph::model::Term;
use serde::Serialize;

use super::challenge::{self, HalfReport};
pub use super::score::Score;
use super::matcher::Kind;
use super::vocab::Scheme;
use super::{file_name, progress_bar, read_document, Pipeline};
use crate::prefixes::shorten;
use crate::query::select;
use crate::store::GraphStore;

/// What "type" means in the scores; printed with them.
pub const TYPE_DEFINITION: &str = "type = top-level kind: for support, the top concept of nkv:SupportTypes reached by skos:broader* from nk:supportType; for supply, the top concept of nkv:ItemCategories reached from nk:itemCategory. A candidate matches a curated relation of the same document with the same giver (supporter/supplier), recipient and type.";

/// A key that is a miss or a false positive, with what explains it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Item {
    /// The document's file name.
    pub document: String,
    /// `support` or `supply`.
    pub relation: &'static str,
    /// The giver (prefixed name).
    pub giver: String,
    /// The recipient (prefixed name).
    pub recipient: String,
    /// The top-level type (prefixed name).
    #[serde(rename = "type")]
    pub kind: String,
    /// For misses: the curated relations with this key.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub curated: Vec<String>,
    /// For false positives: the rules that fired.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<String>,
    /// For false positives: the highest confidence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
    /// For false positives: the first evidence span (code points).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<(u32, u32)>,
}

/// Scores of one document.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentScore {
    /// File name.
    pub document: String,
    /// The curated document with the same SHA-256, if any.
    pub curated_document: Option<String>,
    /// Support scores.
    pub support: Score,
    /// Supply scores.
    pub supply: Score,
}

/// The whole evaluation.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// How candidates are matched (see [`TYPE_DEFINITION`]).
    pub type_definition: &'static str,
    /// Per document.
    pub documents: Vec<DocumentScore>,
    /// Support relations over all documents.
    pub support: Score,
    /// Supply relations over all documents.
    pub supply: Score,
    /// Support and supply together.
    pub combined: Score,
    /// Curated keys no candidate matched.
    pub misses: Vec<Item>,
    /// Candidate keys no curated relation matched.
    pub false_positives: Vec<Item>,
    /// With `--leave-one-out`: the scores with each document's own entries disabled.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub leave_one_out: Option<LeaveOneOut>,
    /// With `--challenge`: the scores of the challenge files.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub challenge: Vec<HalfReport>,
    /// Bytes read by the pipeline and seconds it took (not serialised: they vary).
    #[serde(skip)]
    pub throughput: (usize, f64),
}

type Key = (Kind, String, String, String);

/// For a candidate key: the rules that gave it, the best confidence, the first span.
type Predicted = BTreeMap<Key, (BTreeSet<String>, f64, (u32, u32))>;

/// Curated keys by document SHA-256, with the relations that have each key.
fn gold(store: &GraphStore) -> anyhow::Result<BTreeMap<String, BTreeMap<Key, Vec<String>>>> {
    let rows = select(
        store,
        "SELECT DISTINCT ?kind ?r ?a ?b ?top ?sha WHERE {
            { ?r a nk:Support ; nk:supporter ?a ; nk:recipient ?b ; nk:supportType ?t .
              ?t skos:broader* ?top . ?top skos:topConceptOf nkv:SupportTypes BIND(\"support\" AS ?kind) }
            UNION
            { ?r a nk:Supply ; nk:supplier ?a ; nk:recipient ?b ; (nk:itemCategory|nk:item/nk:itemCategory) ?t .
              ?t skos:broader* ?top . ?top skos:topConceptOf nkv:ItemCategories BIND(\"supply\" AS ?kind) }
            ?r nk:evidence/oa:hasSource ?doc . ?doc nk:sha256 ?sha
        }",
        &[],
    )?;
    let mut out: BTreeMap<String, BTreeMap<Key, Vec<String>>> = BTreeMap::new();
    for row in rows {
        let text = |v: &str| match row.get(v) {
            Some(Term::NamedNode(n)) => Some(n.as_str().to_owned()),
            Some(Term::Literal(l)) => Some(l.value().to_owned()),
            _ => None,
        };
        let (Some(kind), Some(r), Some(a), Some(b), Some(top), Some(sha)) =
            (text("kind"), text("r"), text("a"), text("b"), text("top"), text("sha"))
        else {
            continue;
        };
        let kind = if kind == "support" { Kind::Support } else { Kind::Supply };
        let top = top.rsplit('/').next().unwrap_or_default().to_owned();
        out.entry(sha).or_default().entry((kind, a, b, top)).or_default().push(r);
    }
    Ok(out)
}

/// The corpus documents in `seeds`: its `*.txt` files, sorted by name.
pub fn corpus_files(seeds: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let read = std::fs::read_dir(seeds).with_context(|| format!("cannot read the corpus folder {}", seeds.display()))?;
    let mut files: Vec<PathBuf> =
        read.flatten().map(|e| e.path()).filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "txt")).collect();
    files.sort();
    if files.is_empty() {
        anyhow::bail!("the corpus folder {} holds no .txt documents", seeds.display());
    }
    Ok(files)
}

/// One corpus document scored.
struct Scored {
    score: DocumentScore,
    misses: Vec<Item>,
    false_positives: Vec<Item>,
    bytes: usize,
    seconds: f64,
}

type Gold = BTreeMap<String, BTreeMap<Key, Vec<String>>>;

/// Runs a pipeline over one corpus document and scores its candidates.
fn score_document(pipeline: &Pipeline, gold: &Gold, path: &Path) -> anyhow::Result<Scored> {
    let empty = BTreeMap::new();
    let bytes = read_document(path)?;
    let name = file_name(path);
    let started = std::time::Instant::now();
    let doc = pipeline.analyse(&name, &bytes).map_err(|e| anyhow::anyhow!("{} {e}", path.display()))?;
    let seconds = started.elapsed().as_secs_f64();
    let gold_keys = gold.get(&doc.sha256).unwrap_or(&empty);
    let mut predicted: Predicted = BTreeMap::new();
    for c in &doc.candidates {
        let f = &c.found;
        let scheme = if f.kind == Kind::Support { Scheme::SupportTypes } else { Scheme::ItemCategories };
        let entity = |e: u32| match pipeline.proposal(&doc, e) {
            Some(proposal) => super::unknown::scoring_name(proposal),
            None => pipeline.gazetteer.entities[e as usize].iri.as_str().to_owned(),
        };
        let key = (f.kind, entity(f.giver), entity(f.receiver), pipeline.vocabulary.top(scheme, &f.concept).to_owned());
        let sentence = &doc.structure.sentences[c.sentence];
        let span = doc.view.span(sentence.start, sentence.end);
        let entry = predicted.entry(key).or_insert_with(|| (BTreeSet::new(), 0.0, span));
        entry.0.insert(f.rule.to_owned());
        entry.1 = entry.1.max(f64::from(f.confidence));
    }
    // relations naming a proposed entity are scored only where the gold names a known one
    let unscored: Vec<Key> = predicted
        .keys()
        .filter(|key| !super::unknown::scored(key, gold_keys.keys(), |g| predicted.contains_key(g)))
        .cloned()
        .collect();
    for key in &unscored {
        predicted.remove(key);
    }
    let mut scores = [Score::default(); 2];
    for (k, kind) in [Kind::Support, Kind::Supply].into_iter().enumerate() {
        let g = gold_keys.keys().filter(|key| key.0 == kind).count();
        let p = predicted.keys().filter(|key| key.0 == kind).count();
        let m = predicted.keys().filter(|key| key.0 == kind && gold_keys.contains_key(*key)).count();
        scores[k] = Score::new(g, p, m);
    }
    let item = |key: &Key| Item {
        document: name.clone(),
        relation: key.0.name(),
        giver: shorten(&key.1),
        recipient: shorten(&key.2),
        kind: format!("nkv:{}", key.3),
        curated: Vec::new(),
        rules: Vec::new(),
        confidence: None,
        span: None,
    };
    let mut misses = Vec::new();
    for (key, relations) in gold_keys {
        if !predicted.contains_key(key) {
            let mut miss = item(key);
            miss.curated = relations.iter().map(|r| shorten(r)).collect();
            misses.push(miss);
        }
    }
    let mut false_positives = Vec::new();
    for (key, (rules, confidence, span)) in &predicted {
        if !gold_keys.contains_key(key) {
            let mut fp = item(key);
            fp.rules = rules.iter().cloned().collect();
            fp.confidence = Some((confidence * 100.0).round() / 100.0);
            fp.span = Some(*span);
            false_positives.push(fp);
        }
    }
    let score = DocumentScore {
        curated_document: pipeline.curated_document(&doc.sha256).map(|d| shorten(d.as_str())),
        document: name,
        support: scores[0],
        supply: scores[1],
    };
    Ok(Scored { score, misses, false_positives, bytes: bytes.len(), seconds })
}

/// The scores of the corpus documents, summed as each one is scored: the one place the
/// in-sample and the leave-one-out evaluations accumulate their figures.
#[derive(Debug, Clone, Default)]
struct Tally {
    documents: Vec<DocumentScore>,
    support: Score,
    supply: Score,
    misses: Vec<Item>,
    false_positives: Vec<Item>,
    bytes: usize,
    seconds: f64,
}

impl Tally {
    /// Adds one scored document.
    fn add(&mut self, scored: Scored) {
        self.bytes += scored.bytes;
        self.seconds += scored.seconds;
        self.support = self.support.add(scored.score.support);
        self.supply = self.supply.add(scored.score.supply);
        self.misses.extend(scored.misses);
        self.false_positives.extend(scored.false_positives);
        self.documents.push(scored.score);
    }

    /// Support and supply together.
    fn combined(&self) -> Score {
        self.support.add(self.supply)
    }
}

/// Scores every corpus document in `seeds`; with `leave_one_out`, each one with the rules and
/// lexicon entries motivated by its fold ([`fold_of`]) disabled.
fn score_corpus(store: &GraphStore, seeds: &Path, leave_one_out: bool) -> anyhow::Result<Tally> {
    let mut pipeline = Pipeline::from_store(store)?;
    let gold = gold(store)?;
    let files = corpus_files(seeds)?;
    let progress = progress_bar(files.len());
    let mut tally = Tally::default();
    for path in &files {
        if leave_one_out {
            pipeline.exclude_sources(&fold_of(document_source(&file_name(path))));
        }
        tally.add(score_document(&pipeline, &gold, path)?);
        progress.inc(1);
    }
    progress.finish_and_clear();
    Ok(tally)
}

/// Runs the pipeline over the corpus documents and scores the candidates (in sample: every
/// rule and lexicon entry enabled).
pub fn evaluate(store: &GraphStore, seeds: &Path) -> anyhow::Result<Report> {
    let tally = score_corpus(store, seeds, false)?;
    Ok(Report {
        type_definition: TYPE_DEFINITION,
        combined: tally.combined(),
        support: tally.support,
        supply: tally.supply,
        throughput: (tally.bytes, tally.seconds),
        documents: tally.documents,
        misses: tally.misses,
        false_positives: tally.false_positives,
        leave_one_out: None,
        challenge: Vec::new(),
    })
}

/// The source code of a corpus document: its file name up to the first `_` (`000` for
/// `000_2139a17291bfdae5.txt`), as rules and lexicon entries record it in their
/// `motivated_by`.
pub fn document_source(name: &str) -> &str {
    name.split('_').next().unwrap_or(name)
}

/// Corpus documents that carry the same text, scored as one fold of the leave-one-out
/// evaluation: `001` is a web mirror of the encyclopedia article `000` is a dump of, so a
/// rule written against either fits both.
pub const SAME_TEXT: &[(&str, &str)] = &[("000", "001")];

/// The sources disabled when scoring the document with source code `source`: itself and
/// the documents that carry the same text ([`SAME_TEXT`]).
pub fn fold_of(source: &str) -> Vec<&str> {
    let mut fold = vec![source];
    for &(a, b) in SAME_TEXT {
        if a == source {
            fold.push(b);
        } else if b == source {
            fold.push(a);
        }
    }
    fold
}

/// Leave-one-out scores: each corpus document scored with every rule and lexicon entry
/// motivated by that document (or by a document with the same text) disabled.
#[derive(Debug, Clone, Serialize)]
pub struct LeaveOneOut {
    /// Per document, its own entries disabled.
    pub documents: Vec<DocumentScore>,
    /// Support relations over all documents.
    pub support: Score,
    /// Supply relations over all documents.
    pub supply: Score,
    /// Support and supply together.
    pub combined: Score,
    /// Curated relations no candidate matched with the document's own entries disabled.
    pub misses: Vec<Item>,
}

/// Scores each corpus document with the rules and lexicon entries it motivated disabled
/// ([`super::rules::Rule::motivated_by`], [`super::cues`]).
pub fn leave_one_out(store: &GraphStore, seeds: &Path) -> anyhow::Result<LeaveOneOut> {
    let tally = score_corpus(store, seeds, true)?;
    Ok(LeaveOneOut {
        combined: tally.combined(),
        support: tally.support,
        supply: tally.supply,
        documents: tally.documents,
        misses: tally.misses,
    })
}

/// Writes the report as a readable table.
pub fn write_table(report: &Report, mut out: impl Write) -> io::Result<()> {
    writeln!(out, "Evaluation of ingest candidates against the curated relations of the same document")?;
    writeln!(out, "({})", report.type_definition)?;
    writeln!(out)?;
    writeln!(out, "{:<28} {:<8} {:>6} {:>10} {:>8} {:>9} {:>7} {:>6}", "document", "relation", "gold", "candidates", "matched", "precision", "recall", "F1")?;
    let line = |out: &mut dyn Write, doc: &str, rel: &str, s: &Score| {
        writeln!(
            out,
            "{doc:<28} {rel:<8} {:>6} {:>10} {:>8} {:>9.3} {:>7.3} {:>6.3}",
            s.gold, s.candidates, s.matched, s.precision, s.recall, s.f1
        )
    };
    for d in &report.documents {
        line(&mut out, &d.document, "support", &d.support)?;
        line(&mut out, &d.document, "supply", &d.supply)?;
    }
    line(&mut out, "all documents", "support", &report.support)?;
    line(&mut out, "all documents", "supply", &report.supply)?;
    line(&mut out, "all documents", "combined", &report.combined)?;
    if let Some(loo) = &report.leave_one_out {
        writeln!(out)?;
        writeln!(out, "In sample and leave-one-out (each document scored with the rules and lexicon entries it motivated disabled), combined:")?;
        writeln!(out, "{:<28} {:>9} {:>7} {:>6}   {:>9} {:>7} {:>6}", "document", "precision", "recall", "F1", "LOO prec", "LOO rec", "LOO F1")?;
        let pair = |out: &mut dyn Write, doc: &str, a: &Score, b: &Score| {
            writeln!(
                out,
                "{doc:<28} {:>9.3} {:>7.3} {:>6.3}   {:>9.3} {:>7.3} {:>6.3}",
                a.precision, a.recall, a.f1, b.precision, b.recall, b.f1
            )
        };
        for (d, l) in report.documents.iter().zip(&loo.documents) {
            pair(&mut out, &d.document, &d.support.add(d.supply), &l.support.add(l.supply))?;
        }
        pair(&mut out, "all documents (support)", &report.support, &loo.support)?;
        pair(&mut out, "all documents (supply)", &report.supply, &loo.supply)?;
        pair(&mut out, "all documents (combined)", &report.combined, &loo.combined)?;
    }
    writeln!(out)?;
    writeln!(out, "Misses ({}): curated relations no candidate matched", report.misses.len())?;
    for m in &report.misses {
        writeln!(out, "  {} {:<7} {} -> {} {}  [{}]", m.document, m.relation, m.giver, m.recipient, m.kind, m.curated.join(", "))?;
    }
    writeln!(out)?;
    writeln!(out, "False positives ({}): candidates no curated relation matched", report.false_positives.len())?;
    for f in &report.false_positives {
        let (s, e) = f.span.unwrap_or_default();
        writeln!(
            out,
            "  {} {:<7} {} -> {} {}  rule {} confidence {:.2} span {s}-{e}",
            f.document,
            f.relation,
            f.giver,
            f.recipient,
            f.kind,
            f.rules.join(","),
            f.confidence.unwrap_or_default()
        )?;
    }
    if let Some(loo) = &report.leave_one_out {
        writeln!(out)?;
        writeln!(out, "Leave-one-out misses ({}): curated relations no candidate matched with the document's own entries disabled", loo.misses.len())?;
        for m in &loo.misses {
            writeln!(out, "  {} {:<7} {} -> {} {}  [{}]", m.document, m.relation, m.giver, m.recipient, m.kind, m.curated.join(", "))?;
        }
    }
    out.flush()
}

/// What `nkkg ingest --evaluate` reads and where it writes the report.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The folder of the corpus documents, scored against the curated relations.
    pub seeds: Option<PathBuf>,
    /// With the corpus: also score each document with the entries it motivated disabled.
    pub leave_one_out: bool,
    /// A challenge file, or a folder of `tuning.txt`, `tuning2.txt`, `heldout.txt` and `heldout2.txt`
    /// ([`super::challenge`]).
    pub challenge: Option<PathBuf>,
    /// Where to write the JSON report, `-` for standard output (the table then goes to
    /// standard error); `None` writes no JSON.
    pub json: Option<PathBuf>,
}

/// `nkkg ingest --evaluate`: prints the tables and, when asked, writes the JSON report.
pub fn run(store: &GraphStore, options: &Options) -> anyhow::Result<()> {
    let mut report = match &options.seeds {
        Some(seeds) => {
            let mut report = evaluate(store, seeds)?;
            if options.leave_one_out {
                report.leave_one_out = Some(leave_one_out(store, seeds)?);
            }
            Some(report)
        }
        None => None,
    };
    let challenge = match &options.challenge {
        Some(path) => challenge::evaluate(&Pipeline::from_store(store)?, path)?,
        None => Vec::new(),
    };
    let json = || -> anyhow::Result<String> {
        Ok(match &report {
            Some(report) => serde_json::to_string_pretty(report)?,
            None => serde_json::to_string_pretty(&serde_json::json!({ "challenge": challenge }))?,
        })
    };
    let tables = |out: &mut dyn Write| -> io::Result<()> {
        if let Some(report) = &report {
            write_table(report, &mut *out)?;
        }
        if !challenge.is_empty() {
            if report.is_some() {
                writeln!(out)?;
            }
            challenge::write_table(&challenge, &mut *out)?;
        }
        Ok(())
    };
    match &options.json {
        None => tables(&mut io::stdout().lock())?,
        Some(target) if target.as_os_str() == "-" => {
            let json = json()?;
            let mut stdout = io::stdout().lock();
            writeln!(stdout, "{json}")?;
            tables(&mut io::stderr().lock())?;
        }
        Some(target) => {
            let json = json()?;
            if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
            }
            std::fs::write(target, json + "\n").with_context(|| format!("cannot write {}", target.display()))?;
            tables(&mut io::stdout().lock())?;
            eprintln!("wrote {}", target.display());
        }
    }
    if let Some(report) = report.take() {
        let (bytes, seconds) = report.throughput;
        eprintln!(
            "evaluated {} document(s), {:.2} MB in {seconds:.3} s: {:.1} MB/s",
            report.documents.len(),
            bytes as f64 / 1e6,
            bytes as f64 / 1e6 / seconds.max(1e-9)
        );
    }
    Ok(())
}
