//! docs/desk-api.md against the server's routes: every route the server declares
//! (`.route("PATH", get(…).post(…))` in src/serve/) has its heading in the document, and
//! every route the document heads a section with is served; and every field of a route's
//! request and answer types (`bulletin::serve::wire_fields`) is named in its section.

use std::collections::{BTreeMap, BTreeSet};

use crate::support::repo_root;

/// A path with its parameters (and a file suffix after one, `{n}.png`) written `{}`, its
/// query left out.
fn normalized(path: &str) -> String {
    let path = path.split('?').next().unwrap_or_default();
    let mut out = String::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('}').map_or(rest.len(), |c| open + c + 1);
        out.push_str("{}");
        rest = &rest[close..];
        // `{n}.png`: the suffix belongs to the parameter.
        if let Some(suffix) = rest.strip_prefix('.') {
            let end = suffix.find('/').unwrap_or(suffix.len());
            rest = &suffix[end..];
        }
    }
    out.push_str(rest);
    out
}

/// `(METHOD, path)` of every route in src/serve/.
fn served() -> BTreeSet<(String, String)> {
    let mut routes = BTreeSet::new();
    let dir = repo_root().join("src/serve");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for (at, _) in text.match_indices(".route(\"") {
            let rest = &text[at + 8..];
            let route = &rest[..rest.find('"').unwrap()];
            let call = &rest[..rest.find(")\n").unwrap_or(rest.len())];
            for method in ["get", "post", "put", "delete", "patch"] {
                if call.contains(&format!(" {method}(")) || call.contains(&format!(".{method}(")) {
                    routes.insert((method.to_uppercase(), normalized(route)));
                }
            }
        }
    }
    routes
}

/// `(METHOD, path)` of every `### …`METHOD /path…`` heading of docs/desk-api.md.
fn documented() -> BTreeSet<(String, String)> {
    sections(&std::fs::read_to_string(repo_root().join("docs/desk-api.md")).unwrap())
        .into_keys()
        .collect()
}

/// The route a `### …`METHOD /path…`` heading names.
fn heading_route(line: &str) -> Option<(String, String)> {
    let line = line.strip_prefix("### ")?;
    let code = &line[line.find('`')? + 1..];
    let code = &code[..code.find('`').unwrap_or(code.len())];
    let (method, path) = code.split_once(' ')?;
    (method.chars().all(|c| c.is_ascii_uppercase()) && path.starts_with('/'))
        .then(|| (method.to_owned(), normalized(path)))
}

/// The text of each route's section of `doc`: from its heading to the next heading.
fn sections(doc: &str) -> BTreeMap<(String, String), String> {
    let mut sections = BTreeMap::new();
    let mut current: Option<((String, String), String)> = None;
    for line in doc.lines() {
        if line.starts_with('#') {
            sections.extend(current.take());
            current = heading_route(line).map(|route| (route, String::new()));
        } else if let Some((_, text)) = &mut current {
            text.push_str(line);
            text.push('\n');
        }
    }
    sections.extend(current);
    sections
}

/// The fields of `fields` that `section` does not name as `"field"` or `` `field` ``.
fn unnamed<'a>(section: &str, fields: &'a [String]) -> Vec<&'a str> {
    fields
        .iter()
        .map(String::as_str)
        .filter(|field| {
            !section.contains(&format!("\"{field}\"")) && !section.contains(&format!("`{field}`"))
        })
        .collect()
}

/// For every route of the API's types: the fields its section of `doc` does not name,
/// or that it has no section.
fn undocumented_fields(doc: &str) -> Vec<String> {
    let sections = sections(doc);
    let mut problems = Vec::new();
    for (method, path, fields) in bulletin::serve::wire_fields() {
        let route = (method.to_owned(), normalized(path));
        match sections.get(&route) {
            None => problems.push(format!("{method} {path}: no section")),
            Some(section) => {
                let missing = unnamed(section, &fields);
                if !missing.is_empty() {
                    problems.push(format!("{method} {path}: {missing:?}"));
                }
            }
        }
    }
    problems
}

#[test]
fn every_route_is_documented_and_every_documented_route_is_served() {
    let served = served();
    let documented = documented();
    assert!(served.len() >= 20, "the routes were not found: {served:?}");
    let undocumented: Vec<_> = served.difference(&documented).collect();
    let unserved: Vec<_> = documented.difference(&served).collect();
    assert!(
        undocumented.is_empty() && unserved.is_empty(),
        "served but not in docs/desk-api.md: {undocumented:?}\nin docs/desk-api.md but not served: {unserved:?}"
    );
}

#[test]
fn every_field_of_a_route_is_named_in_its_section() {
    let listed: BTreeSet<(String, String)> = bulletin::serve::wire_fields()
        .into_iter()
        .map(|(method, path, _)| (method.to_owned(), normalized(path)))
        .collect();
    let served = served();
    assert_eq!(
        listed, served,
        "every route has its request and answer fields listed in protocol/listing.rs"
    );
    let doc = std::fs::read_to_string(repo_root().join("docs/desk-api.md")).unwrap();
    let problems = undocumented_fields(&doc);
    assert!(problems.is_empty(), "fields docs/desk-api.md does not name:\n{}", problems.join("\n"));
}

#[test]
fn a_field_missing_from_its_section_is_found() {
    let doc = std::fs::read_to_string(repo_root().join("docs/desk-api.md")).unwrap();
    let without = doc.replace("\"saved_at\"", "\"saved\"");
    let problems = undocumented_fields(&without);
    assert!(
        problems.iter().any(|p| p.starts_with("PUT /api/issues/{id}:") && p.contains("saved_at")),
        "{problems:?}"
    );
}

#[test]
fn paths_are_compared_without_parameter_names_suffixes_or_queries() {
    assert_eq!(
        normalized("/api/issues/{id}/pages/{n}.png?fp={fingerprint}"),
        "/api/issues/{}/pages/{}"
    );
    assert_eq!(normalized("/api/issues/{id}/exports/{kind}.pdf"), "/api/issues/{}/exports/{}");
    assert_eq!(normalized("/api/messages?lang=zh-CN"), "/api/messages");
}
