//! The fuzzing harness of issue 13 on stable Rust, and the runner of the cargo-fuzz
//! targets' findings: four targets — `sparql` (query text with `--param` bindings through
//! parsing, limits, binding and evaluation), `router` (arbitrary HTTP requests to the
//! in-process router), `ingest` (the pipeline on arbitrary text, its TriG read back) and
//! `writer` (arbitrary datasets exported in every format and read back isomorphic).
//!
//! The targets and their oracles live in `targets/`, included both here and by the
//! cargo-fuzz build (`Cargo.toml`, `lib.rs` and `fuzz_targets/` in this folder), which is
//! the coverage-guided fuzzer (libFuzzer) wherever a nightly compiler, or stable with
//! `RUSTC_BOOTSTRAP=1`, can build it; `.ci/run` uses it and falls back to this harness.
//! Here, on stable without instrumentation, inputs come from the seed corpus
//! (`fuzz/corpus/TARGET/`, plus the named queries for `sparql`) mutated at random, and an
//! input whose outcome (status, error kind, result shape) is new joins the pool — a coarse
//! feedback in place of coverage. A finding is a panic (the targets also panic when an
//! oracle fails: a 500, a missing security header, a round trip that loses data, an error
//! message with control characters), an abort (stack overflow), a hang or a runaway RSS.
//!
//! `cargo test --release --test fuzz` replays the corpus and `fuzz/artifacts/TARGET/`
//! (the findings of both fuzzers, kept once fixed) through every target. `cargo test
//! --release --test fuzz -- run TARGET SECONDS` fuzzes one target: a supervisor restarts a
//! worker process after each abort, saves the input that caused it under
//! `fuzz/artifacts/TARGET/`, and prints the executions and findings; it exits non-zero
//! when there was a finding. `… -- one TARGET FILE` runs one input and prints its outcome
//! and time, to reproduce a finding. `… -- libfuzzer TARGET DIR` writes the target's
//! dictionary for libFuzzer to `DIR/TARGET.dict` and its built-in seeds (the named
//! queries) to `DIR/TARGET-seeds/`, and prints the libFuzzer options that match this
//! harness (`-max_len`, `-dict`), so both fuzzers share them.

mod mutate;
mod targets;

use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use mutate::{mutate, Rng};

/// A single input using more CPU time than this is a finding (a hang): CPU time, not wall
/// time, so that a niced run on a busy machine does not report slowness it did not cause.
const HANG: Duration = Duration::from_secs(30);
/// A single input taking longer than this in wall time is a finding too (a deadlock).
const STUCK: Duration = Duration::from_secs(300);
/// A worker whose resident memory passes this is a finding (runaway memory).
const MAX_RSS: u64 = 2 << 30;
/// Inputs kept in the in-memory pool at most.
const MAX_POOL: usize = 4096;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    let code = match args.first().map(String::as_str) {
        Some("run") if args.len() == 3 => supervise(&args[1], seconds(&args[2])),
        Some("worker") if args.len() == 4 => work(&args[1], seconds(&args[2]), args[3].parse().expect("a numeric seed")),
        Some("one") if args.len() == 3 => one(&args[1], Path::new(&args[2])),
        Some("libfuzzer") if args.len() == 3 => libfuzzer(&args[1], Path::new(&args[2])),
        _ => replay(args.first().map(String::as_str)),
    };
    std::process::exit(code);
}

fn seconds(text: &str) -> Duration {
    Duration::from_secs(text.parse().unwrap_or_else(|_| panic!("'{text}' is not a number of seconds")))
}

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz")
}

/// Where the findings of `target` are kept: cargo-fuzz's artifact folder, which this
/// harness shares.
fn crash_dir(target: &str) -> PathBuf {
    fuzz_dir().join("artifacts").join(target)
}

/// The seed inputs of a target: its corpus folder, with `crashes` its fixed findings (not
/// for a worker, which would run an unfixed one again after each restart), and its
/// built-in seeds.
fn seeds(target: &str, crashes: bool) -> Vec<(String, Vec<u8>)> {
    let mut seeds = Vec::new();
    let dirs = [Some(fuzz_dir().join("corpus").join(target)), crashes.then(|| crash_dir(target))];
    for dir in dirs.into_iter().flatten() {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir).into_iter().flatten().flatten().map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            let hidden = path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.'));
            if path.is_file() && !hidden {
                seeds.push((path.display().to_string(), std::fs::read(&path).expect("a readable corpus file")));
            }
        }
    }
    seeds.extend(targets::builtin_seeds(target));
    seeds
}

/// Runs every seed of every target (or of those whose name contains `filter`) once and
/// prints a libtest-style result line.
fn replay(filter: Option<&str>) -> i32 {
    let started = Instant::now();
    let (mut passed, mut failed) = (0, 0);
    for &name in targets::NAMES.iter().filter(|n| filter.is_none_or(|f| n.contains(f))) {
        let mut target = targets::make(name);
        for (path, input) in seeds(name, true) {
            match catch_unwind(AssertUnwindSafe(|| target.run(&input))) {
                Ok(_) => passed += 1,
                Err(_) => {
                    println!("fuzz {name}: {path} fails");
                    failed += 1;
                    target = targets::make(name);
                }
            }
        }
        println!("fuzz {name}: corpus replayed");
    }
    let verdict = if failed == 0 { "ok" } else { "FAILED" };
    println!(
        "test result: {verdict}. {passed} passed; {failed} failed; 0 ignored; 0 measured; 0 filtered out; finished in {:.2}s",
        started.elapsed().as_secs_f64()
    );
    i32::from(failed > 0)
}

/// Runs one input file through a target and prints its outcome and how long it took: to
/// reproduce a finding.
fn one(target: &str, path: &Path) -> i32 {
    let input = std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut target_state = targets::make(target);
    let started = Instant::now();
    let outcome = target_state.run(&input);
    println!("fuzz {target}: {} → {outcome} in {:.3} s", path.display(), started.elapsed().as_secs_f64());
    0
}

/// Writes the dictionary of `target` in libFuzzer's format (one quoted token a line, `\\`,
/// `\"` and bytes outside printable ASCII escaped as `\xNN`) to `dir/TARGET.dict` and its
/// built-in seeds to `dir/TARGET-seeds/`, and prints the libFuzzer options of the target
/// on one line.
fn libfuzzer(target: &str, dir: &Path) -> i32 {
    assert!(targets::NAMES.contains(&target), "no fuzz target '{target}'; the targets are {:?}", targets::NAMES);
    let mut options = format!("-max_len={}", targets::max_len(target));
    let dictionary = targets::dictionary(target);
    if !dictionary.is_empty() {
        let mut text = String::new();
        for token in dictionary {
            text.push('"');
            for byte in token.bytes() {
                match byte {
                    b'"' | b'\\' => text.extend(['\\', char::from(byte)]),
                    b' '..=b'~' => text.push(char::from(byte)),
                    _ => text.push_str(&format!("\\x{byte:02x}")),
                }
            }
            text.push_str("\"\n");
        }
        let path = dir.join(format!("{target}.dict"));
        std::fs::create_dir_all(dir).and_then(|()| std::fs::write(&path, text)).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        options.push_str(&format!(" -dict={}", path.display()));
    }
    let builtin = targets::builtin_seeds(target);
    if !builtin.is_empty() {
        let seeds = dir.join(format!("{target}-seeds"));
        std::fs::create_dir_all(&seeds).unwrap_or_else(|e| panic!("cannot make {}: {e}", seeds.display()));
        for (i, (_, input)) in builtin.iter().enumerate() {
            let path = seeds.join(format!("builtin-{i:03}"));
            std::fs::write(&path, input).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        }
    }
    println!("{options}");
    0
}

/// Runs workers for `budget`, restarting each one that aborts, and reports.
fn supervise(target: &str, budget: Duration) -> i32 {
    assert!(targets::NAMES.contains(&target), "no fuzz target '{target}'; the targets are {:?}", targets::NAMES);
    let started = Instant::now();
    let current = current_file(target);
    let (mut execs, mut findings, mut workers) = (0u64, 0u64, 0u32);
    let mut signatures = 0u64;
    while started.elapsed() + Duration::from_secs(1) < budget {
        let left = budget - started.elapsed();
        let seed = SystemTime::now().duration_since(UNIX_EPOCH).map_or(1, |d| d.as_nanos() as u64) ^ u64::from(workers);
        workers += 1;
        let mut child = Command::new(std::env::current_exe().expect("the harness knows its path"))
            .args(["worker", target, &left.as_secs().max(1).to_string(), &seed.to_string()])
            .stdout(Stdio::piped())
            .spawn()
            .expect("a worker starts");
        let (mut worker_execs, mut worker_findings) = (0, 0);
        for line in BufReader::new(child.stdout.take().unwrap()).lines().map_while(Result::ok) {
            println!("{line}");
            if let Some(stats) = line.strip_prefix("stats ") {
                for field in stats.split(' ') {
                    match field.split_once('=') {
                        Some(("execs", n)) => worker_execs = n.parse().unwrap_or(worker_execs),
                        Some(("findings", n)) => worker_findings = n.parse().unwrap_or(worker_findings),
                        Some(("signatures", n)) => signatures = signatures.max(n.parse().unwrap_or(0)),
                        _ => {}
                    }
                }
            }
        }
        let status = child.wait().expect("the worker ends");
        execs += worker_execs;
        findings += worker_findings;
        if !status.success() {
            findings += 1;
            let kind = match status.code() {
                Some(3) => "hang",
                Some(4) => "memory",
                _ => "abort",
            };
            match std::fs::read(&current) {
                Ok(input) => println!("fuzz {target}: worker ended ({status}), {kind} input saved as {}", save(target, kind, &input).display()),
                Err(e) => println!("fuzz {target}: worker ended ({status}) and its input is lost: {e}"),
            }
        }
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "fuzz {target}: {execs} executions in {secs:.0} s ({:.0}/s), {signatures} distinct outcomes, {workers} worker(s), {findings} finding(s)",
        execs as f64 / secs
    );
    i32::from(findings > 0)
}

/// Where a worker writes each input before running it, so an abort leaves it behind.
fn current_file(target: &str) -> PathBuf {
    let dir = std::env::var_os("CARGO_TARGET_DIR").map_or_else(std::env::temp_dir, PathBuf::from);
    dir.join(format!("fuzz-{target}.current"))
}

/// Saves a finding's input under `fuzz/artifacts/TARGET/KIND-HASH` and returns the path.
fn save(target: &str, kind: &str, input: &[u8]) -> PathBuf {
    let hash = input.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3));
    let dir = crash_dir(target);
    std::fs::create_dir_all(&dir).expect("the crash folder can be made");
    let path = dir.join(format!("{kind}-{hash:016x}"));
    std::fs::write(&path, input).expect("the crash input can be written");
    path
}

/// One worker: mutates and runs inputs until `budget` is spent, printing stats lines.
fn work(target: &str, budget: Duration, seed: u64) -> i32 {
    let started = Instant::now();
    let running_since = Arc::new(AtomicU64::new(0));
    let cpu_since = Arc::new(AtomicU64::new(0));
    watchdog(running_since.clone(), cpu_since.clone(), started);
    let current = current_file(target);
    let mut target_state = targets::make(target);
    let mut pool: Vec<Vec<u8>> = Vec::new();
    let mut seen = HashSet::new();
    let (mut execs, mut findings) = (0u64, 0u64);
    let mut saved = HashSet::new();
    let mut rng = Rng::new(seed);
    let seed_inputs: Vec<Vec<u8>> = seeds(target, false).into_iter().map(|(_, input)| input).collect();
    let mut queue = seed_inputs.into_iter();
    let mut last_report = Instant::now();
    while started.elapsed() < budget {
        let input = match queue.next() {
            Some(seed) => seed,
            None if pool.is_empty() => Vec::new(),
            None => mutate(&mut rng, &pool, targets::dictionary(target), targets::max_len(target)),
        };
        std::fs::write(&current, &input).expect("the current input can be written");
        running_since.store(started.elapsed().as_millis() as u64 + 1, Ordering::SeqCst);
        cpu_since.store(cpu_ms(), Ordering::SeqCst);
        let outcome = catch_unwind(AssertUnwindSafe(|| target_state.run(&input)));
        running_since.store(0, Ordering::SeqCst);
        execs += 1;
        match outcome {
            Ok(signature) => {
                if seen.insert(signature) && pool.len() < MAX_POOL || pool.len() < 16 {
                    pool.push(input);
                }
            }
            Err(_) => {
                if saved.insert(input.clone()) {
                    findings += 1;
                    println!("fuzz {target}: panic, input saved as {}", save(target, "panic", &input).display());
                }
                target_state = targets::make(target);
            }
        }
        if last_report.elapsed() > Duration::from_secs(10) {
            println!("stats execs={execs} findings={findings} signatures={} pool={}", seen.len(), pool.len());
            last_report = Instant::now();
        }
    }
    println!("stats execs={execs} findings={findings} signatures={} pool={}", seen.len(), pool.len());
    let _ = std::fs::remove_file(&current);
    0
}

/// Ends the worker with status 3 when one input uses more than [`HANG`] of CPU time or
/// [`STUCK`] of wall time, and with status 4 when its resident memory passes [`MAX_RSS`].
fn watchdog(running_since: Arc<AtomicU64>, cpu_since: Arc<AtomicU64>, started: Instant) {
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_millis(500));
        let since = running_since.load(Ordering::SeqCst);
        let cpu = cpu_ms().saturating_sub(cpu_since.load(Ordering::SeqCst));
        let wall = (started.elapsed().as_millis() as u64).saturating_sub(since);
        if since > 0 && (cpu > HANG.as_millis() as u64 || wall > STUCK.as_millis() as u64) {
            println!("stats hang: one input used {} s of CPU time in {} s", cpu / 1000, wall / 1000);
            std::process::exit(3);
        }
        if rss() > MAX_RSS {
            println!("stats memory: resident memory passed {} MiB", MAX_RSS >> 20);
            std::process::exit(4);
        }
    });
}

/// The CPU time (user and system, all threads) of this process in milliseconds, from
/// `/proc/self/stat` in clock ticks of 1/100 s (0 where /proc is absent).
fn cpu_ms() -> u64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat.rsplit_once(')').map_or("", |(_, rest)| rest).split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<u64>().ok()).unwrap_or(0);
    (ticks(11) + ticks(12)) * 10
}

/// The resident memory of this process in bytes (0 where /proc is absent).
fn rss() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    statm.split_whitespace().nth(1).and_then(|p| p.parse::<u64>().ok()).unwrap_or(0) * 4096
}
