//! Embeds the bundled graph (`ontology/*.ttl`, `data/*.ttl`) and the named queries
//! (`queries/*.rq`) into the binary: writes `$OUT_DIR/bundle.rs` with one `include_str!`
//! per file, sorted by path so builds are reproducible.
//!
//! It also embeds `data/prepared/bundle.bin`, the bundled graph prepared for a fast start
//! (issue 16; read by `bundle::Prepared`, written by the ignored test
//! `bundle::tests::write_the_prepared_bundle`), and the fingerprint of the Turtle files
//! (FNV-1a, 64 bits, over each path and its contents): the prepared form is used only
//! while the fingerprint it was made from is this one, so an edited Turtle file is never
//! served stale (the store parses the Turtle instead, and a test says to regenerate).

use std::{env, fs, path::Path};

fn main() {
    let root = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let mut entries = Vec::new();
    for (dir, ext) in [("ontology", "ttl"), ("data", "ttl"), ("queries", "rq")] {
        println!("cargo:rerun-if-changed={dir}");
        let Ok(read) = fs::read_dir(Path::new(&root).join(dir)) else { continue };
        for entry in read.flatten() {
            let path = entry.path();
            if path.is_file() && path.extension().is_some_and(|e| e == ext) {
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                println!("cargo:rerun-if-changed={dir}/{name}");
                entries.push(format!("{dir}/{name}"));
            }
        }
    }
    entries.sort();
    let mut fingerprint: u64 = 0xcbf2_9ce4_8422_2325;
    for path in entries.iter().filter(|p| p.ends_with(".ttl")) {
        let text = fs::read(Path::new(&root).join(path)).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
        for byte in path.bytes().chain([0]).chain(text).chain([0]) {
            fingerprint = (fingerprint ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    let prepared = Path::new(&root).join("data/prepared/bundle.bin");
    println!("cargo:rerun-if-changed=data/prepared/bundle.bin");
    let mut out = String::from("/// Files embedded at build time, as (path relative to the repository, contents).\npub static FILES: &[(&str, &str)] = &[\n");
    for path in &entries {
        out.push_str(&format!("    ({path:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/{path}\"))),\n"));
    }
    out.push_str("];\n");
    out.push_str(&format!("/// The fingerprint of the bundled Turtle files (see build.rs).\npub const TURTLE_FINGERPRINT: u64 = {fingerprint:#x};\n"));
    out.push_str(&if prepared.is_file() {
        // relative to the manifest, like FILES: a target folder shared by two checkouts
        // (CI's fresh clone and a working copy) must not read the other's file
        "/// The prepared bundle (data/prepared/bundle.bin).\npub static PREPARED: &[u8] = include_bytes!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/data/prepared/bundle.bin\"));\n".to_owned()
    } else {
        "/// The prepared bundle: none in this checkout.\npub static PREPARED: &[u8] = &[];\n".to_owned()
    });
    fs::write(Path::new(&env::var("OUT_DIR").unwrap()).join("bundle.rs"), out).unwrap();
}
