//! Ingest benchmark (issue: ingest). Prints the throughput of `nkkg ingest` end to end, in
//! MB/s: from reading each input file to its TriG written on disk — structure, mentions,
//! dates, candidates, triples and serialization — over the corpus documents
//! (`../shared/seeds`, or `$NKKG_SEEDS`) read again and again until at least 50 MB have
//! been ingested, on all cores (documents spread over threads, each writing its own TriG
//! file) and on one core.
//!
//! Run with `cargo bench --bench ingest`. Building the gazetteer and automaton (once) is
//! not timed. The TriG files go to a temporary folder that is removed afterwards;
//! `NKKG_BENCH_SINK=1` serializes to a sink that counts the bytes instead of a file.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use nkkg::ingest::evaluate::corpus_files;
use nkkg::ingest::stream::{ingest_file, Counts, TrigOutput};
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
    let corpus_bytes: usize = files.iter().map(|f| std::fs::metadata(f).map_or(0, |m| m.len() as usize)).sum();
    let copies = TARGET_BYTES.div_ceil(corpus_bytes.max(1));
    let documents: Vec<&Path> = (0..copies).flat_map(|_| files.iter().map(PathBuf::as_path)).collect();
    let started = Instant::now();
    let pipeline = Pipeline::from_store(&GraphStore::bundled().unwrap()).unwrap();
    println!(
        "nkkg ingest benchmark — {} documents ({} readings of the {}-document corpus), {:.1} MB, read from disk to TriG written; pipeline built in {:.0} ms ({} names)",
        documents.len(),
        copies,
        files.len(),
        (corpus_bytes * copies) as f64 / 1e6,
        started.elapsed().as_secs_f64() * 1000.0,
        pipeline.gazetteer.len()
    );
    let out_dir = std::env::temp_dir().join(format!("nkkg-ingest-bench-{}", std::process::id()));
    std::fs::create_dir_all(&out_dir).unwrap();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    for threads in [cores, 1] {
        let (seconds, counts, written) = run(&pipeline, &documents, threads, &out_dir);
        println!(
            "{threads} thread(s): {:.2} s, {:.1} MB/s ({} quads, {} candidates, {:.0} MB of TriG)",
            seconds,
            counts.bytes as f64 / 1e6 / seconds,
            counts.quads,
            counts.candidates,
            written as f64 / 1e6
        );
        if threads == 1 {
            break;
        }
    }
    let _ = std::fs::remove_dir_all(&out_dir);
}

/// Ingests the documents on `threads` threads, each writing the TriG of its documents to
/// a file of its own in `out_dir`; returns the seconds until every file is written and
/// closed, what was ingested, and the bytes of TriG.
fn run(pipeline: &Pipeline, documents: &[&Path], threads: usize, out_dir: &Path) -> (f64, Counts, u64) {
    let next = AtomicUsize::new(0);
    let totals = Mutex::new((Counts::default(), 0u64));
    let started = Instant::now();
    std::thread::scope(|scope| {
        for t in 0..threads {
            let (next, totals) = (&next, &totals);
            scope.spawn(move || {
                let path = out_dir.join(format!("thread-{t}.trig"));
                let sink = std::env::var_os("NKKG_BENCH_SINK").is_some();
                let file: Box<dyn Write> = if sink { Box::new(io::sink()) } else { Box::new(std::fs::File::create(&path).unwrap()) };
                let mut output = TrigOutput::new(BufWriter::with_capacity(1 << 16, Counting { inner: file, bytes: 0 }));
                let mut counts = Counts::default();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(document) = documents.get(i) else { break };
                    counts += ingest_file(pipeline, document, Some(&mut output), None).expect("corpus documents ingest");
                }
                let mut writer = output.finish().unwrap().into_inner().map_err(|e| e.into_error()).unwrap();
                writer.flush().unwrap();
                let mut totals = totals.lock().unwrap();
                totals.0 += counts;
                totals.1 += writer.bytes;
            });
        }
    });
    let seconds = started.elapsed().as_secs_f64();
    let (counts, written) = totals.into_inner().unwrap();
    (seconds, counts, written)
}

/// A writer that counts the bytes it passes on.
struct Counting<W: Write> {
    inner: W,
    bytes: u64,
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}
