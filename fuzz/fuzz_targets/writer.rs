//! The cargo-fuzz target `writer`: each input through the stable harness's `writer` target
//! (`fuzz/targets/writer.rs`, where its input format and oracles are described).
#![no_main]

libfuzzer_sys::fuzz_target!(|input: &[u8]| nkkg_fuzz::run("writer", input));
