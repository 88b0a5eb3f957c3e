//! Helpers shared by the end-to-end tests: run the built `nkkg` binary.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

/// Runs `nkkg` with `args` and returns its output.
pub fn nkkg(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nkkg")).args(args).env_remove("NKKG_STORE").output().expect("nkkg runs")
}

/// Runs `nkkg` with `args`, feeding `input` on standard input.
pub fn nkkg_stdin(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_nkkg"))
        .args(args)
        .env_remove("NKKG_STORE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("nkkg starts");
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

/// Standard output as text, after asserting success.
pub fn ok(output: Output) -> String {
    assert!(
        output.status.success(),
        "nkkg failed with {:?}\nstdout:\n{}\nstderr:\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// Standard error as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A dataset with canonical blank-node labels, for comparing RDF regardless of labels.
pub fn canonical(quads: impl IntoIterator<Item = oxigraph::model::Quad>) -> oxigraph::model::Dataset {
    let mut d: oxigraph::model::Dataset = quads.into_iter().collect();
    d.canonicalize(oxigraph::model::dataset::CanonicalizationAlgorithm::Unstable);
    d
}

/// The corpus folder `../shared/seeds`, for the tests that read the source documents. When it
/// is absent such a test is skipped with a notice naming `what` cannot run — except under
/// `CI=true`, where a missing corpus fails the test instead of passing it silently.
pub fn corpus(what: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(std::env::var("CI").as_deref() != Ok("true"), "{} is absent under CI=true, so {what} cannot run", dir.display());
    println!("skipped: {} is absent, so {what} cannot run", dir.display());
    None
}

/// A running `nkkg serve`, killed when dropped.
pub struct Server {
    child: Child,
    /// Where it listens.
    pub address: SocketAddr,
}

impl Server {
    /// Starts `nkkg serve` on a free loopback port with `extra` flags.
    pub fn start(extra: &[&str]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_nkkg"))
            .args(["serve", "--bind", "127.0.0.1:0"])
            .args(extra)
            .env_remove("NKKG_STORE")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("server starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let address = line.split("http://").nth(1).and_then(|r| r.split('/').next()).unwrap_or_else(|| panic!("no address in {line:?}"));
        Server { child, address: address.parse().unwrap() }
    }

    /// The full URL of `path` on this server.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    /// Whether `/health` answers `ok` within `limit`.
    pub fn healthy_within(&self, limit: Duration) -> bool {
        let agent = ureq::AgentBuilder::new().timeout(limit).build();
        agent.get(&self.url("/health")).call().ok().and_then(|r| r.into_string().ok()).as_deref() == Some("ok\n")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A row of a named query's answer: text cells (IRIs shortened) by column name; unbound
/// cells are absent.
pub type Row = std::collections::BTreeMap<String, String>;

/// The bundled graph in memory.
pub fn bundled() -> nkkg::store::GraphStore {
    nkkg::store::GraphStore::bundled().expect("bundled graph loads")
}

/// The rows of named query `name` with `params` (`name=value`) bound.
pub fn query_rows(store: &nkkg::store::GraphStore, name: &str, params: &[&str]) -> Vec<Row> {
    let q = nkkg::named_queries::get(name).unwrap();
    let bindings: Vec<_> = params.iter().map(|p| nkkg::query::parse_param(p).unwrap()).collect();
    nkkg::query::select(store, q.text, &bindings)
        .unwrap()
        .iter()
        .map(|s| s.iter().map(|(v, t)| (v.as_str().to_owned(), nkkg::table::cell(Some(t)))).collect())
        .collect()
}

/// The columns named query `name` answers with, in order.
pub fn query_columns(store: &nkkg::store::GraphStore, name: &str, params: &[&str]) -> Vec<String> {
    let q = nkkg::named_queries::get(name).unwrap();
    let bindings: Vec<_> = params.iter().map(|p| nkkg::query::parse_param(p).unwrap()).collect();
    match nkkg::query::execute(store, q.text, &bindings, None).unwrap() {
        oxigraph::sparql::QueryResults::Solutions(s) => s.variables().iter().map(|v| v.as_str().to_owned()).collect(),
        _ => panic!("{name} is not a SELECT"),
    }
}

/// Owned strings as a set, for comparing answers whose order does not matter.
pub fn set<'a>(items: impl IntoIterator<Item = &'a str>) -> std::collections::BTreeSet<String> {
    items.into_iter().map(str::to_owned).collect()
}
