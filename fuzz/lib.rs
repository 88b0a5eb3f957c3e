//! The library of the cargo-fuzz targets (`fuzz_targets/`, issue 13 "Fuzzing that runs"):
//! the targets and their oracles of `targets/`, the very modules the stable harness
//! (`main.rs`, `cargo test --release --test fuzz`) includes, so that each invariant is
//! written once. A libFuzzer binary calls [`run`] with each input.

#[path = "targets/mod.rs"]
#[allow(dead_code)] // the mutator's dictionaries, lengths and seeds serve the stable harness
mod targets;

use std::cell::RefCell;

pub use targets::NAMES;

thread_local! {
    /// The target of this process, made at its first input (loading the bundled graph
    /// once, not per input).
    static TARGET: RefCell<Option<Box<dyn targets::Target>>> = const { RefCell::new(None) };
}

/// Runs `input` through the target `name` (one of [`NAMES`]); panics, which libFuzzer
/// reports as a crash, when an oracle fails.
pub fn run(name: &str, input: &[u8]) {
    TARGET.with(|target| {
        let mut target = target.borrow_mut();
        target.get_or_insert_with(|| targets::make(name)).run(input);
    });
}
