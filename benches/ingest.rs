//! Ingest benchmark (issue: ingest). Prints the throughput of the ingest pipeline —
//! structure, mentions, dates, candidates and triples — in MB/s over the corpus documents
//! (`../shared/seeds`, or `$NKKG_SEEDS`) repeated in memory to at least 50 MB, on all
//! cores (documents spread over threads) and on one core.
//!
//! Run with `cargo bench --bench ingest`. Only the pipeline is timed: reading the files and
//! building the gazetteer and automaton (once) are not, and nothing is written out.
//! `NKKG_BENCH_ANALYSE_ONLY=1` times the analysis without building the triples.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use nkkg::ingest::evaluate::corpus_files;
use nkkg::ingest::Pipeline;
use nkkg::store::GraphStore;

const TARGET_BYTES: usize = 50 * 1024 * 1024;

fn main() {
    let seeds = std::env::var_os("NKKG_SEEDS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds"));
    let Ok(files) = corpus_files(&seeds) else {
        println!("ingest benchmark skipped: no corpus in {}", seeds.display());
        return;
    };
    let corpus: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|f| (f.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(f).unwrap()))
        .collect();
    let corpus_bytes: usize = corpus.iter().map(|(_, b)| b.len()).sum();
    let copies = TARGET_BYTES.div_ceil(corpus_bytes);
    let documents: Vec<&(String, Vec<u8>)> = (0..copies).flat_map(|_| corpus.iter()).collect();
    let total: usize = documents.iter().map(|(_, b)| b.len()).sum();
    let started = Instant::now();
    let pipeline = Pipeline::from_store(&GraphStore::bundled().unwrap()).unwrap();
    println!(
        "nkkg ingest benchmark — {} documents ({} copies of the {}-document corpus), {:.1} MB; pipeline built in {:.0} ms ({} names)",
        documents.len(),
        copies,
        corpus.len(),
        total as f64 / 1e6,
        started.elapsed().as_secs_f64() * 1000.0,
        pipeline.gazetteer.len()
    );
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    for threads in [cores, 1] {
        let (seconds, quads, candidates) = run(&pipeline, &documents, threads);
        println!(
            "{threads} thread(s): {:.2} s, {:.1} MB/s ({} triples, {} candidates)",
            seconds,
            total as f64 / 1e6 / seconds,
            quads,
            candidates
        );
        if threads == 1 {
            break;
        }
    }
}

/// Runs the whole pipeline over the documents on `threads` threads; returns seconds,
/// quads and candidates.
fn run(pipeline: &Pipeline, documents: &[&(String, Vec<u8>)], threads: usize) -> (f64, usize, usize) {
    let next = AtomicUsize::new(0);
    let quads = AtomicUsize::new(0);
    let candidates = AtomicUsize::new(0);
    let started = Instant::now();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some((name, bytes)) = documents.get(i) else { break };
                if std::env::var_os("NKKG_BENCH_ANALYSE_ONLY").is_some() {
                    let doc = pipeline.analyse(name, bytes).expect("corpus documents are UTF-8");
                    candidates.fetch_add(doc.candidates.len(), Ordering::Relaxed);
                    continue;
                }
                let (doc, rdf) = pipeline.ingest(name, bytes).expect("corpus documents are UTF-8");
                quads.fetch_add(rdf.triples.len() + rdf.candidates.len(), Ordering::Relaxed);
                candidates.fetch_add(doc.candidates.len(), Ordering::Relaxed);
            });
        }
    });
    (started.elapsed().as_secs_f64(), quads.into_inner(), candidates.into_inner())
}
