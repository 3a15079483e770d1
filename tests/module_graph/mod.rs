//! The shape of the code: the module graph read from the `use` statements of src/ has no
//! cycles between files, and dependencies point one way, from the front ends down to the
//! model: cmd → cli → serve → archive, visual, watch → typeset → export, import,
//! preflight → pdf, install, accounts → issue → diag; export and preflight never use each other.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use crate::support::repo_root;

/// How high each top-level module stands: a module may use its own folder and anything
/// lower, never anything higher.
const LAYERS: &[(&str, u8)] = &[
    ("diag", 0),
    ("issue", 1),
    ("pdf", 2),
    ("install", 2),
    ("accounts", 2),
    ("export", 3),
    ("import", 3),
    ("preflight", 3),
    ("typeset", 4),
    ("visual", 5),
    ("archive", 5),
    ("watch", 5),
    ("serve", 6),
    ("cli", 7),
    ("cmd", 8),
];

/// Modules of one layer that must not use each other either way: the PDF writer and the
/// PDF reader share what they both need through `pdf`, so that a rule is written once.
const APART: &[(&str, &str)] = &[("export", "preflight")];

type Module = Vec<String>;

/// Every module of src/ (by its path, `["issue", "load"]`) and the modules it uses.
fn graph() -> BTreeMap<Module, BTreeSet<Module>> {
    let src = repo_root().join("src");
    let mut files = Vec::new();
    collect_files(&src, &mut files);
    let modules: BTreeMap<Module, String> = files
        .iter()
        .map(|file| {
            (module_of(file.strip_prefix(&src).unwrap()), fs::read_to_string(file).unwrap())
        })
        .collect();
    let mut graph = BTreeMap::new();
    for (module, text) in &modules {
        let text = without_tests(text);
        let mut uses = BTreeSet::new();
        for path in paths_in(&text) {
            let full = resolve(module, &path);
            let target = (0..=full.len())
                .rev()
                .map(|k| full[..k].to_vec())
                .find(|prefix| modules.contains_key(prefix))
                .unwrap_or_default();
            if !target.is_empty() && target != *module {
                uses.insert(target);
            }
        }
        graph.insert(module.clone(), uses);
    }
    graph
}

fn collect_files(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_files(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}

/// `issue/load.rs` → `["issue", "load"]`; `issue/mod.rs` → `["issue"]`.
fn module_of(relative: &Path) -> Module {
    let mut parts: Module =
        relative.with_extension("").iter().map(|p| p.to_string_lossy().into_owned()).collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib" | "main")) {
        parts.pop();
    }
    parts
}

/// The text before the unit tests, without comments.
fn without_tests(text: &str) -> String {
    let code = text.split("#[cfg(test)]\nmod tests").next().unwrap_or_default();
    code.lines()
        .map(|line| line.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every path a file names: each leaf of its `use crate::…`, `super::…` and `self::…`
/// statements and
/// every `crate::…` path in its code.
fn paths_in(text: &str) -> Vec<String> {
    let mut paths = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("use ") {
        let statement = &rest[at + 4..];
        let end = statement.find(';').unwrap_or(statement.len());
        let statement: String = statement[..end].split_whitespace().collect();
        if ["crate::", "super::", "self::"].iter().any(|p| statement.starts_with(p)) {
            paths.extend(expand(&statement));
        }
        rest = &rest[at + 4 + end..];
    }
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(at) = text[from..].find("crate::") {
        let start = from + at;
        let end = start
            + text[start..]
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .unwrap_or(text.len() - start);
        let before = start.checked_sub(1).map(|i| bytes[i]);
        if !before.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_') {
            paths.push(text[start..end].trim_end_matches(':').to_owned());
        }
        from = end.max(start + 1);
    }
    paths
}

/// `a::{b, c::{d}}` → `a::b`, `a::c::d`.
fn expand(statement: &str) -> Vec<String> {
    let Some(open) = statement.find('{') else { return vec![statement.to_owned()] };
    let close = statement.rfind('}').unwrap_or(statement.len());
    let (prefix, body) = (&statement[..open], &statement[open + 1..close]);
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in body.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&body[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&body[start..]);
    parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .flat_map(|p| expand(&format!("{prefix}{p}")))
        .collect()
}

/// The module path `path` names, seen from `module`.
fn resolve(module: &Module, path: &str) -> Module {
    let mut segments = path.split("::").peekable();
    let mut base: Module = match segments.peek().copied() {
        Some("crate") => Vec::new(),
        _ => module.clone(),
    };
    for segment in segments {
        match segment {
            "crate" | "self" | "*" | "" => {}
            "super" => {
                base.pop();
            }
            name => base.push(name.split(" as ").next().unwrap_or(name).to_owned()),
        }
    }
    base
}

fn layer(module: &Module) -> u8 {
    let top = module.first().map(String::as_str).unwrap_or_default();
    LAYERS.iter().find(|(name, _)| *name == top).map_or(u8::MAX, |(_, layer)| *layer)
}

#[test]
fn every_top_level_module_has_a_layer() {
    let graph = graph();
    let unplaced: BTreeSet<&str> = graph
        .keys()
        .filter(|module| !module.is_empty() && layer(module) == u8::MAX)
        .map(|module| module[0].as_str())
        .collect();
    assert!(unplaced.is_empty(), "give these a layer in LAYERS: {unplaced:?}");
}

#[test]
fn dependencies_point_down_from_the_front_ends_to_the_model() {
    let upward: Vec<String> = graph()
        .iter()
        .flat_map(|(from, uses)| uses.iter().map(move |to| (from, to)))
        .filter(|(from, to)| !from.is_empty() && from[0] != to[0] && layer(to) > layer(from))
        .map(|(from, to)| format!("{} uses {}", from.join("::"), to.join("::")))
        .collect();
    assert!(upward.is_empty(), "dependencies pointing up:\n{}", upward.join("\n"));
}

#[test]
fn export_and_preflight_do_not_use_each_other() {
    let crossing: Vec<String> = graph()
        .iter()
        .flat_map(|(from, uses)| uses.iter().map(move |to| (from, to)))
        .filter(|(from, to)| {
            !from.is_empty()
                && APART
                    .iter()
                    .any(|&(a, b)| (from[0] == a && to[0] == b) || (from[0] == b && to[0] == a))
        })
        .map(|(from, to)| format!("{} uses {}", from.join("::"), to.join("::")))
        .collect();
    assert!(
        crossing.is_empty(),
        "export and preflight reach into each other:\n{}",
        crossing.join("\n")
    );
}

#[test]
fn no_two_files_depend_on_each_other() {
    let graph = graph();
    let mut cycles = Vec::new();
    for start in graph.keys() {
        // Depth-first search for a way back to `start`.
        let mut stack = vec![(start.clone(), vec![start.clone()])];
        let mut seen = BTreeSet::new();
        while let Some((module, trail)) = stack.pop() {
            for next in graph.get(&module).into_iter().flatten() {
                if next == start {
                    let names: Vec<String> = trail.iter().map(|m| m.join("::")).collect();
                    cycles.push(format!("{} → {}", names.join(" → "), start.join("::")));
                } else if seen.insert(next.clone()) {
                    let mut trail = trail.clone();
                    trail.push(next.clone());
                    stack.push((next.clone(), trail));
                }
            }
        }
    }
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

#[test]
fn the_graph_is_read_from_the_code() {
    // The reader itself: a known dependency is found, a known absence is absent.
    let graph = graph();
    let engine = &graph[&vec!["typeset".to_owned(), "engine".to_owned()]];
    assert!(engine.contains(&vec!["issue".to_owned(), "load".to_owned()]), "{engine:?}");
    assert!(engine.contains(&vec!["typeset".to_owned(), "world".to_owned()]), "{engine:?}");
    let model = &graph[&vec!["issue".to_owned(), "model".to_owned()]];
    assert!(!model.iter().any(|m| m[0] == "typeset"), "{model:?}");
    assert!(graph.len() > 50, "{} modules", graph.len());
}
