//! The cargo-fuzz target `sparql`: each input through the stable harness's `sparql` target
//! (`fuzz/targets/sparql.rs`, where its input format and oracles are described).
#![no_main]

libfuzzer_sys::fuzz_target!(|input: &[u8]| nkkg_fuzz::run("sparql", input));
