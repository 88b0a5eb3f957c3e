//! The cargo-fuzz target `ingest`: each input through the stable harness's `ingest` target
//! (`fuzz/targets/ingest.rs`, where its input format and oracles are described).
#![no_main]

libfuzzer_sys::fuzz_target!(|input: &[u8]| nkkg_fuzz::run("ingest", input));
