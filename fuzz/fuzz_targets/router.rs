//! The cargo-fuzz target `router`: each input through the stable harness's `router` target
//! (`fuzz/targets/router.rs`, where its input format and oracles are described).
#![no_main]

libfuzzer_sys::fuzz_target!(|input: &[u8]| nkkg_fuzz::run("router", input));
