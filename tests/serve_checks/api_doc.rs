//! docs/desk-api.md against the server's routes: every route the server declares
//! (`.route("PATH", get(…).post(…))` in src/serve/) has its heading in the document, and
//! every route the document heads a section with is served.

use std::collections::BTreeSet;

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
    let text = std::fs::read_to_string(repo_root().join("docs/desk-api.md")).unwrap();
    let mut routes = BTreeSet::new();
    for line in text.lines().filter(|line| line.starts_with("### ")) {
        let Some(start) = line.find('`') else { continue };
        let code = &line[start + 1..];
        let code = &code[..code.find('`').unwrap_or(code.len())];
        if let Some((method, path)) = code.split_once(' ')
            && method.chars().all(|c| c.is_ascii_uppercase())
            && path.starts_with('/')
        {
            routes.insert((method.to_owned(), normalized(path)));
        }
    }
    routes
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
fn paths_are_compared_without_parameter_names_suffixes_or_queries() {
    assert_eq!(
        normalized("/api/issues/{id}/pages/{n}.png?fp={fingerprint}"),
        "/api/issues/{}/pages/{}"
    );
    assert_eq!(normalized("/api/issues/{id}/exports/{kind}.pdf"), "/api/issues/{}/exports/{}");
    assert_eq!(normalized("/api/messages?lang=zh-CN"), "/api/messages");
}
