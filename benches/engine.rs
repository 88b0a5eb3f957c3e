//! Engine benchmark (issue: engine). Prints, for the machine it runs on:
//! 1. time from process start to the first answer with the bundled graph: `nkkg query`
//!    to its exit, and `nkkg serve` from spawn to the first 200 of `/sparql`, with its
//!    resident memory after load and after a few queries, side by side with `oxigraph
//!    serve --location` on a store preloaded with the same data (issue 16);
//! 2. bulk-load throughput of a generated 1,000,000-triple N-Triples file into a `--store`,
//!    side by side with `oxigraph load` on the same file, in the same run;
//! 3. p50 / p99 latency of every named query over the bundled graph, on the frozen
//!    dataset (`nkkg::frozen`) and on Oxigraph's in-memory store with the same data.
//!
//! Run with `cargo bench --bench engine`. `oxigraph` is looked up in `$NKKG_OXIGRAPH`, then
//! on `PATH`; `.ci/bench` installs it (the prebuilt CLI of PyPI's `oxigraph` package, the crate's version).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use nkkg::named_queries;
use nkkg::query::{self, parse_param};
use nkkg::store::GraphStore;

const TRIPLES: usize = 1_000_000;

fn main() {
    let nkkg = PathBuf::from(env!("CARGO_BIN_EXE_nkkg"));
    let work = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench");
    std::fs::create_dir_all(&work).unwrap();
    println!("nkkg engine benchmark — {} cores", std::thread::available_parallelism().map_or(1, |n| n.get()));
    first_answer(&nkkg);
    serve_start(&nkkg, &work);
    bulk_load(&nkkg, &work);
    named_query_latency();
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn first_answer(nkkg: &Path) {
    let mut times = Vec::new();
    for _ in 0..30 {
        let start = Instant::now();
        let out = Command::new(nkkg)
            .args(["query", "SELECT (COUNT(*) AS ?n) WHERE { ?s a nk:Support }", "--format", "csv"])
            .output()
            .unwrap();
        assert!(out.status.success());
        times.push(start.elapsed());
    }
    times.sort();
    println!(
        "\nfirst answer (process start to exit, bundled graph, 30 runs): p50 {:.1} ms, min {:.1} ms, p99 {:.1} ms (target <= 25 ms)",
        ms(percentile(&times, 0.5)),
        ms(times[0]),
        ms(percentile(&times, 0.99))
    );
}

/// The query `serve_start` polls with: small, full IRIs, answered the same by both servers.
const FIRST_QUERY: &str = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/nkkg/ontology#Support> }";

/// One server under test: how to start it on a port, and the path of its query endpoint.
struct Server<'a> {
    name: &'static str,
    program: &'a Path,
    args: Vec<String>,
    endpoint: &'static str,
}

/// Resident memory of a process in MB (`VmRSS`), or 0 if it cannot be read.
fn rss_mb(child: &Child) -> f64 {
    std::fs::read_to_string(format!("/proc/{}/status", child.id()))
        .ok()
        .and_then(|s| s.lines().find_map(|l| l.strip_prefix("VmRSS:")?.trim().strip_suffix("kB")?.trim().parse::<f64>().ok()))
        .map_or(0.0, |kb| kb / 1024.0)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// GET of `query` at `url`; the status, or `None` when nothing listens yet.
fn get(url: &str, query: &str) -> Option<u16> {
    let full = format!("{url}?query={}", form_urlencoded::byte_serialize(query.as_bytes()).collect::<String>());
    match ureq::get(&full).set("Accept", "application/sparql-results+json").timeout(Duration::from_secs(30)).call() {
        Ok(response) => {
            let status = response.status();
            let _ = response.into_string();
            Some(status)
        }
        Err(ureq::Error::Status(status, _)) => Some(status),
        Err(_) => None,
    }
}

/// Starts `server`, polls its endpoint with [`FIRST_QUERY`] until the first 200 and returns
/// (spawn to that answer, RSS then, RSS 2 s after the bench-server queries ran 4 times each
/// from 8 threads at once), then stops it.
fn one_start(server: &Server, queries: &[String]) -> (Duration, f64, f64) {
    let port = free_port();
    let url = format!("http://127.0.0.1:{port}{}", server.endpoint);
    let mut args = server.args.clone();
    args.extend(["--bind".to_owned(), format!("127.0.0.1:{port}")]);
    let start = Instant::now();
    let mut child = Command::new(server.program).args(&args).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    loop {
        match get(&url, FIRST_QUERY) {
            Some(200) => break,
            Some(status) => panic!("{} answered {status} to the first query", server.name),
            None if start.elapsed() > Duration::from_secs(60) => panic!("{} did not answer within 60 s", server.name),
            None => std::thread::sleep(Duration::from_micros(500)),
        }
    }
    let first = start.elapsed();
    let loaded = rss_mb(&child);
    std::thread::scope(|scope| {
        for _ in 0..8 {
            scope.spawn(|| {
                for _ in 0..4 {
                    for q in queries {
                        assert_eq!(get(&url, q), Some(200), "{}", server.name);
                    }
                }
            });
        }
    });
    // Both servers idle for 2 s first: the resident size they keep, not their peak.
    std::thread::sleep(Duration::from_secs(2));
    let queried = rss_mb(&child);
    let _ = child.kill();
    let _ = child.wait();
    (first, loaded, queried)
}

fn spread(values: &mut [f64]) -> String {
    values.sort_by(f64::total_cmp);
    format!("{:>6.1} ({:.1}–{:.1})", values[values.len() / 2], values[0], values[values.len() - 1])
}

/// Start to first answer and resident memory of `nkkg serve` (bundled graph, in memory)
/// and, in the same run, of `oxigraph serve --location` on a store preloaded with nkkg's
/// N-Quads export (union default graph): 15 rounds, the two alternating.
fn serve_start(nkkg: &Path, work: &Path) {
    const ROUNDS: usize = 15;
    let queries: Vec<String> = ["who-supported-whom", "arms-suppliers", "events-timeline"]
        .iter()
        .map(|q| std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("queries").join(format!("{q}.rq"))).unwrap())
        .collect();
    let mut servers = vec![Server { name: "nkkg serve", program: nkkg, args: vec!["serve".to_owned()], endpoint: "/sparql" }];
    let oxigraph = find_oxigraph();
    if let Some(ox) = &oxigraph {
        let nquads = work.join("bundled.nq");
        let store = work.join("oxigraph-bundled");
        let _ = std::fs::remove_dir_all(&store);
        let mut export = Command::new(nkkg);
        export.args(["export", "--format", "nquads", "-o", nquads.to_str().unwrap()]);
        timed(export);
        let mut load = Command::new(ox);
        load.args(["load", "--location", store.to_str().unwrap(), "--file", nquads.to_str().unwrap()]);
        timed(load);
        let args = ["serve", "--location", store.to_str().unwrap(), "--union-default-graph"].map(str::to_owned).to_vec();
        servers.push(Server { name: "oxigraph serve --location", program: ox, args, endpoint: "/query" });
    }
    let mut results: Vec<(Vec<f64>, Vec<f64>, Vec<f64>)> = vec![Default::default(); servers.len()];
    for _ in 0..ROUNDS {
        for (server, (firsts, loaded, queried)) in servers.iter().zip(&mut results) {
            let (first, after_load, after_queries) = one_start(server, &queries);
            firsts.push(ms(first));
            loaded.push(after_load);
            queried.push(after_queries);
        }
    }
    println!(
        "
serve: spawn to the first 200 of /sparql (bundled graph), RSS after that and 2 s after 3 queries x 4 from 8 clients; median (min–max) of {ROUNDS} alternating runs:"
    );
    println!("  {:<26} {:>22} {:>22} {:>22}", "server", "first answer ms", "RSS loaded MB", "RSS queried MB");
    for (server, (firsts, loaded, queried)) in servers.iter().zip(&mut results) {
        println!("  {:<26} {:>22} {:>22} {:>22}", server.name, spread(firsts), spread(loaded), spread(queried));
    }
    if oxigraph.is_none() {
        println!("  oxigraph serve            not measured: install it (pip install oxigraph==<the crate's version>) or set NKKG_OXIGRAPH");
    }
    println!("  targets for nkkg serve: first answer <= 25 ms, RSS <= 64 MB");
}

/// Writes a deterministic N-Triples file shaped like the knowledge graph: actors with
/// labels, support relations with several properties, and literals of several types.
fn generate(path: &Path) {
    if path.exists() {
        return;
    }
    let mut out = BufWriter::new(File::create(path).unwrap());
    let nk = "https://w3id.org/nkkg/ontology#";
    let nke = "https://w3id.org/nkkg/id/";
    let mut n = 0;
    let mut i = 0u64;
    while n < TRIPLES {
        let s = format!("<{nke}sup-{i}>");
        let a = i.wrapping_mul(2654435761) % 5000;
        let b = (i.wrapping_mul(40503) + 17) % 5000;
        writeln!(out, "{s} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{nk}Support> .").unwrap();
        writeln!(out, "{s} <{nk}supporter> <{nke}actor-{a}> .").unwrap();
        writeln!(out, "{s} <{nk}recipient> <{nke}actor-{b}> .").unwrap();
        writeln!(out, "{s} <{nk}startDate> \"{}\"^^<http://www.w3.org/2001/XMLSchema#gYear> .", 1988 + i % 37).unwrap();
        writeln!(out, "{s} <http://www.w3.org/2000/01/rdf-schema#label> \"support relation number {i}\" .").unwrap();
        n += 5;
        i += 1;
    }
    out.flush().unwrap();
}

fn find_oxigraph() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("NKKG_OXIGRAPH") {
        return Some(PathBuf::from(p));
    }
    std::env::var_os("PATH").and_then(|paths| std::env::split_paths(&paths).map(|d| d.join("oxigraph")).find(|p| p.is_file()))
}

fn timed(mut command: Command) -> Duration {
    let start = Instant::now();
    let out = command.output().unwrap();
    assert!(out.status.success(), "{:?} failed: {}", command, String::from_utf8_lossy(&out.stderr));
    start.elapsed()
}

fn bulk_load(nkkg: &Path, work: &Path) {
    let file = work.join("generated-1M.nt");
    generate(&file);
    let oxigraph = find_oxigraph();
    let mut ours = Vec::new();
    let mut theirs = Vec::new();
    for round in 0..3 {
        let dir = work.join(format!("nkkg-store-{round}"));
        let _ = std::fs::remove_dir_all(&dir);
        let mut c = Command::new(nkkg);
        c.args(["load", file.to_str().unwrap(), "--store", dir.to_str().unwrap()]);
        ours.push(timed(c));
        let _ = std::fs::remove_dir_all(&dir);
        if let Some(ox) = &oxigraph {
            let dir = work.join(format!("oxigraph-store-{round}"));
            let _ = std::fs::remove_dir_all(&dir);
            let mut c = Command::new(ox);
            c.args(["load", "--location", dir.to_str().unwrap(), "--file", file.to_str().unwrap()]);
            theirs.push(timed(c));
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
    let best = |v: &[Duration]| v.iter().min().copied().unwrap();
    let rate = |d: Duration| TRIPLES as f64 / d.as_secs_f64();
    println!(
        "\nbulk load of {TRIPLES} N-Triples into a --store (best of 3, whole process):\n  nkkg load       {:>8.2} s  {:>10.0} triples/s",
        best(&ours).as_secs_f64(),
        rate(best(&ours))
    );
    match oxigraph {
        Some(_) => {
            let ratio = rate(best(&ours)) / rate(best(&theirs));
            println!(
                "  oxigraph load   {:>8.2} s  {:>10.0} triples/s\n  nkkg / oxigraph throughput: {:.2} (target >= 0.90)",
                best(&theirs).as_secs_f64(),
                rate(best(&theirs)),
                ratio
            );
        }
        None => println!("  oxigraph load   not measured: install it (pip install oxigraph==<the crate's version>) or set NKKG_OXIGRAPH"),
    }
}

/// The example value of each documented parameter: the text after "e.g." on its `# param:` line.
fn example_params(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.trim().strip_prefix('#')?.trim().strip_prefix("param:"))
        .filter_map(|rest| {
            let name = rest.split_whitespace().next()?;
            let example = rest.split("e.g. ").nth(1)?.split_whitespace().next()?.trim_matches(['"', ',']);
            Some(format!("{name}={example}"))
        })
        .collect()
}

/// Every named query in process, on the frozen bundled graph (what the commands and
/// `serve` read until a write) and on Oxigraph's in-memory store built from it.
fn named_query_latency() {
    let frozen = GraphStore::bundled().unwrap();
    let store = GraphStore::from_parts(frozen.frozen().expect("the bundled graph starts frozen").to_store().unwrap());
    println!("\nnamed queries over the bundled graph (in process, 200 runs each after 5 warm-up runs):");
    println!("  {:<22} {:>6} {:>13} {:>13} {:>12} {:>12}", "query", "rows", "frozen p50 ms", "frozen p99 ms", "store p50 ms", "store p99 ms");
    for q in named_queries::all() {
        let bindings: Vec<_> = example_params(q.text).iter().map(|p| parse_param(p).unwrap()).collect();
        let run = |on: &GraphStore| -> usize {
            match query::execute(on, q.text, &bindings, None).unwrap() {
                oxigraph::sparql::QueryResults::Solutions(s) => s.map(|r| r.unwrap()).count(),
                oxigraph::sparql::QueryResults::Graph(t) => t.map(|r| r.unwrap()).count(),
                oxigraph::sparql::QueryResults::Boolean(_) => 1,
            }
        };
        let measure = |on: &GraphStore| -> (usize, Duration, Duration) {
            let mut rows = 0;
            for _ in 0..5 {
                rows = run(on);
            }
            let mut times: Vec<Duration> = (0..200)
                .map(|_| {
                    let start = Instant::now();
                    std::hint::black_box(run(on));
                    start.elapsed()
                })
                .collect();
            times.sort();
            (rows, percentile(&times, 0.5), percentile(&times, 0.99))
        };
        let (rows, frozen_p50, frozen_p99) = measure(&frozen);
        let (store_rows, store_p50, store_p99) = measure(&store);
        assert_eq!(rows, store_rows, "{}: the frozen graph and the store answer alike", q.name);
        println!(
            "  {:<22} {:>6} {:>13.3} {:>13.3} {:>12.3} {:>12.3}",
            q.name,
            rows,
            ms(frozen_p50),
            ms(frozen_p99),
            ms(store_p50),
            ms(store_p99)
        );
    }
}
