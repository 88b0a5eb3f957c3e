//! The library knows nothing of the command line: only `src/main.rs` and `src/cli/` may
//! mention clap or the `cli` module. Every other module takes its capability's own plain
//! options, which `cli` builds from the parsed flags. And no two modules import each
//! other, directly or through others (a module and its own submodules count as one).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Whether the file at `relative` (to the crate root, with `/`) may know about flags: the
/// binary's `src/main.rs` and the files of the `cli` module directory, `src/cli/`.
fn knows_the_command_line(relative: &str) -> bool {
    relative == "src/main.rs" || relative.starts_with("src/cli/")
}

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
        if knows_the_command_line(&relative) {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {relative}: {e}"));
        for (line, content) in offending_lines(&text) {
            offences.push(format!("{relative}:{line}: {content}"));
        }
    }
    assert!(
        offences.is_empty(),
        "only src/main.rs and src/cli/ may mention clap or the cli module; move the flag handling to \
         src/cli/ and give the capability plain options instead:\n{}",
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

#[test]
fn only_main_and_the_cli_directory_are_let_off() {
    assert!(knows_the_command_line("src/main.rs"));
    assert!(knows_the_command_line("src/cli/mod.rs"));
    assert!(knows_the_command_line("src/cli/query.rs"));
    for other in ["src/cli.rs", "src/client.rs", "src/clients/mod.rs", "src/query.rs", "src/server/cli/x.rs", "tests/cli/x.rs"] {
        assert!(!knows_the_command_line(other), "{other} must not be let off");
    }
}

/// Every `.rs` file under `src/`, with its module path (`server::pages`, `explore`, …).
fn modules_with_paths() -> Vec<(String, PathBuf)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let relative = path.strip_prefix(&src).unwrap().with_extension("");
                let mut parts: Vec<String> = relative.iter().map(|p| p.to_string_lossy().into_owned()).collect();
                if parts.last().is_some_and(|p| p == "mod" || p == "lib" || p == "main") {
                    parts.pop();
                }
                files.push((parts.join("::"), path));
            }
        }
    }
    files.sort();
    files
}

/// The code of a file without its comments and string literals' contents (good enough for
/// finding paths: a `crate::x` inside a doc comment is not an import).
fn code_lines(text: &str) -> Vec<(usize, String)> {
    text.lines()
        .enumerate()
        .filter_map(|(n, line)| {
            let code = line.split("//").next().unwrap_or("").trim();
            (!code.is_empty()).then(|| (n + 1, code.to_owned()))
        })
        .collect()
}

/// The modules a line refers to through `crate::…` or `super::…` paths, resolved against the
/// known module paths (longest prefix wins).
fn referenced(module: &str, is_mod_file: bool, line: &str, known: &BTreeSet<String>) -> Vec<String> {
    let mut found = Vec::new();
    for (at, _) in line.match_indices("crate::").chain(line.match_indices("super::")) {
        if at > 0 && line[..at].chars().last().is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue;
        }
        let mut base: Vec<&str> = if line[at..].starts_with("crate::") { Vec::new() } else { module.split("::").filter(|s| !s.is_empty()).collect() };
        let mut rest = if line[at..].starts_with("crate::") { &line[at + 7..] } else { &line[at..] };
        if !line[at..].starts_with("crate::") && !is_mod_file {
            base.pop(); // `super` of a file module is its parent
        }
        while let Some(r) = rest.strip_prefix("super::") {
            if is_mod_file || !line[at..].starts_with("super::") {
                base.pop();
            }
            rest = r;
        }
        let segments: Vec<&str> = rest.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')).next().unwrap_or("").split("::").filter(|s| !s.is_empty()).collect();
        let mut path: Vec<&str> = base.clone();
        let mut best = base.join("::");
        for segment in segments {
            path.push(segment);
            let candidate = path.join("::");
            if known.contains(&candidate) {
                best = candidate;
            } else {
                break;
            }
        }
        found.push(best);
    }
    found
}

fn is_ancestor(a: &str, b: &str) -> bool {
    a.is_empty() || b == a || b.starts_with(&format!("{a}::"))
}

#[test]
fn no_import_cycles_between_modules() {
    let files = modules_with_paths();
    let known: BTreeSet<String> = files.iter().map(|(m, _)| m.clone()).collect();
    // module -> module it uses -> a place that shows it
    let mut edges: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for (module, path) in &files {
        let is_mod_file = path.file_name().is_some_and(|f| f == "mod.rs" || f == "lib.rs" || f == "main.rs");
        let text = fs::read_to_string(path).unwrap();
        for (n, line) in code_lines(&text) {
            for target in referenced(module, is_mod_file, &line, &known) {
                // A module and its own submodules form one unit of code: parent/child uses are not cycles.
                if is_ancestor(module, &target) || is_ancestor(&target, module) {
                    continue;
                }
                edges.entry(module.clone()).or_default().entry(target).or_insert_with(|| format!("{}:{n}", path.display()));
            }
        }
    }
    // Depth-first search for a back edge; report the cycle with the lines that make it.
    fn visit(node: &str, edges: &BTreeMap<String, BTreeMap<String, String>>, stack: &mut Vec<String>, done: &mut BTreeSet<String>, cycles: &mut Vec<String>) {
        if done.contains(node) {
            return;
        }
        if let Some(at) = stack.iter().position(|m| m == node) {
            let cycle: Vec<String> = stack[at..].iter().cloned().chain([node.to_owned()]).collect();
            let places: Vec<String> = cycle.windows(2).map(|w| format!("  {} -> {} ({})", w[0], w[1], edges[&w[0]][&w[1]])).collect();
            cycles.push(format!("{}\n{}", cycle.join(" -> "), places.join("\n")));
            return;
        }
        stack.push(node.to_owned());
        for next in edges.get(node).into_iter().flat_map(BTreeMap::keys) {
            visit(next, edges, stack, done, cycles);
        }
        stack.pop();
        done.insert(node.to_owned());
    }
    let mut cycles = Vec::new();
    let mut done = BTreeSet::new();
    for module in edges.keys() {
        visit(module, &edges, &mut Vec::new(), &mut done, &mut cycles);
    }
    assert!(cycles.is_empty(), "modules that import each other:\n{}", cycles.join("\n"));
}

#[test]
fn the_cycle_check_resolves_crate_and_super_paths() {
    let known: BTreeSet<String> = ["", "server", "server::pages", "server::sparql", "explore", "explore::svg", "query"].iter().map(|s| s.to_string()).collect();
    // A file module's `super` is its parent; a mod.rs's `super` is the parent's parent.
    assert_eq!(referenced("server::pages", false, "use crate::server::sparql::{typed, url_param};", &known), ["server::sparql"]);
    assert_eq!(referenced("server::pages", false, "use super::sparql::typed;", &known), ["server::sparql"]);
    assert_eq!(referenced("explore", true, "let x = super::query::select(a);", &known), ["query"]);
    assert_eq!(referenced("explore::svg", false, "x = crate::query::select(super::svg::f())", &known), ["query", "explore::svg"]);
    assert!(referenced("query", false, "let not_crate::path = mycrate::x;", &known).is_empty());
}
