//! The integration tests, linked into one test binary (`it`) so that Oxigraph and RocksDB are
//! linked once rather than once per test file. Each module below was its own binary before
//! and keeps its own doc comment saying what it covers; `common` holds the helpers that run
//! the built `nkkg` binary.
//!
//! Run all of them with `cargo test --release` (or `cargo test --release --test it`), one
//! module with `cargo test --release --test it MODULE::`, e.g. `--test it data::`.
//!
//! Adding a module: put the file at `tests/it/NAME.rs` (not `tests/NAME.rs`, which Cargo
//! would build as a separate binary linking RocksDB again), declare it below with
//! `mod NAME;`, and reach the helpers with `use crate::common;`. All modules run as threads
//! of one process: a test must not set environment variables or change the current
//! directory, and takes ports (`127.0.0.1:0`) and temporary directories (`tempfile`) of its
//! own rather than fixed ones.

mod common;

mod adversarial;
mod architecture;
mod cli_query;
mod cli_store;
mod data;
mod data_substate;
mod data_stated;
mod data_names;
mod data_individuals;
mod explore;
mod export_fidelity;
mod frozen;
mod ingest;
mod ingest_challenge;
mod ingest_limits;
mod limits;
mod named_queries;
mod remote;
mod remote_virtuoso;
mod review;
mod review_proposed;
mod review_hostile;
mod review_reingest;
mod router;
mod server;
mod views;
