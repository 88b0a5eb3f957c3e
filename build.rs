//! Embeds the bundled graph (`ontology/*.ttl`, `data/*.ttl`) and the named queries
//! (`queries/*.rq`) into the binary: writes `$OUT_DIR/bundle.rs` with one `include_str!`
//! per file, sorted by path so builds are reproducible.

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
    let mut out = String::from("/// Files embedded at build time, as (path relative to the repository, contents).\npub static FILES: &[(&str, &str)] = &[\n");
    for path in &entries {
        out.push_str(&format!("    ({path:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/{path}\"))),\n"));
    }
    out.push_str("];\n");
    fs::write(Path::new(&env::var("OUT_DIR").unwrap()).join("bundle.rs"), out).unwrap();
}
