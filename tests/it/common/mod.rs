//! Helpers shared by the end-to-end tests: run the built `nkkg` binary.

#![allow(dead_code)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

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
