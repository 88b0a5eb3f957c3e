//! The library knows nothing of the command line: only `src/main.rs` and `src/cli.rs` may
//! mention clap or the `cli` module. Every other module takes its capability's own plain
//! options, which `cli.rs` builds from the parsed flags.

use std::path::{Path, PathBuf};

/// The files allowed to know about flags, relative to the crate root.
const COMMAND_LINE_FILES: [&str; 2] = ["src/main.rs", "src/cli.rs"];

/// Whether `word` occurs in `line` as a whole identifier (not inside `clapping` or `xclap`).
fn mentions_word(line: &str, word: &str) -> bool {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    line.match_indices(word).any(|(at, _)| {
        let before = line[..at].chars().next_back();
        let after = line[at + word.len()..].chars().next();
        !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
    })
}

/// The lines of `text` that mention clap or the `cli` module, as `(line number, line)`.
fn offending_lines(text: &str) -> Vec<(usize, String)> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| {
            mentions_word(line, "clap")
                || ["crate::cli", "super::cli", "nkkg::cli"].iter().any(|path| mentions_word(line, path))
        })
        .map(|(index, line)| (index + 1, line.trim().to_owned()))
        .collect()
}

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(dir) = todo.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display())) {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                todo.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn only_main_and_cli_know_about_the_command_line() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = rust_files(&root.join("src"));
    assert!(files.len() > 20, "expected the crate's sources under src/, found {}", files.len());
    let mut offences = Vec::new();
    for path in &files {
        let relative = path.strip_prefix(root).expect("under the crate root");
        let relative = relative.to_string_lossy().replace('\\', "/");
        if COMMAND_LINE_FILES.contains(&relative.as_str()) {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {relative}: {e}"));
        for (line, content) in offending_lines(&text) {
            offences.push(format!("{relative}:{line}: {content}"));
        }
    }
    assert!(
        offences.is_empty(),
        "only src/main.rs and src/cli.rs may mention clap or the cli module; move the flag handling to \
         src/cli.rs and give the capability plain options instead:\n{}",
        offences.join("\n")
    );
}

#[test]
fn the_check_finds_clap_and_cli_but_not_lookalikes() {
    let text = "use std::io;\nuse clap::Parser;\nfn f(a: &crate::cli::QueryArgs) {}\n// clapping, clapboard\nuse super::cli;\n";
    let found: Vec<usize> = offending_lines(text).into_iter().map(|(line, _)| line).collect();
    assert_eq!(found, [2, 3, 5]);
    assert!(offending_lines("let x = crate::client::get();\n").is_empty());
    assert!(!offending_lines("#[derive(clap::ValueEnum)]\n").is_empty());
}
