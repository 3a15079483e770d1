//! The desk's words: the web app's strings (`i18n/{lang}/desk.ftl`, served as they are)
//! and the server's own (`server.ftl`: error messages, notes on pasted text), read with
//! fluent-syntax at start-up and filled in here, values always as text.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};

use crate::diag::Lang;

/// The languages the desk offers, the default first: (Fluent tag, name in that language).
pub(crate) const LANGUAGES: [(Lang, &str); 2] = [(Lang::Zh, "简体中文"), (Lang::En, "English")];

/// The language of a request's `lang` parameter or `Accept-Language` header; `None` if it
/// names none the desk offers.
pub(crate) fn language(tag: &str) -> Option<Lang> {
    tag.split(',').find_map(|part| Lang::from_tag(part.split(';').next().unwrap_or_default()))
}

/// One language's messages, each written with `{$name}` where a value goes.
pub(crate) type Catalog = BTreeMap<String, String>;

/// The web app's strings in `lang`, as `GET /api/messages` serves them.
pub(crate) fn desk(lang: Lang) -> &'static Catalog {
    static CATALOGS: OnceLock<[Catalog; 2]> = OnceLock::new();
    &CATALOGS.get_or_init(|| {
        [
            catalog(include_str!("i18n/zh-CN/desk.ftl")).expect("zh-CN/desk.ftl reads"),
            catalog(include_str!("i18n/en/desk.ftl")).expect("en/desk.ftl reads"),
        ]
    })[index(lang)]
}

/// The server's message `id` in `lang`, with `args` put in as text.
pub(crate) fn server(lang: Lang, id: &str, args: &[(&str, &str)]) -> String {
    static CATALOGS: OnceLock<[Catalog; 2]> = OnceLock::new();
    let catalogs = CATALOGS.get_or_init(|| {
        [
            catalog(include_str!("i18n/zh-CN/server.ftl")).expect("zh-CN/server.ftl reads"),
            catalog(include_str!("i18n/en/server.ftl")).expect("en/server.ftl reads"),
        ]
    });
    match catalogs[index(lang)].get(id) {
        Some(pattern) => fill(pattern, args),
        None => id.to_owned(),
    }
}

fn index(lang: Lang) -> usize {
    match lang {
        Lang::Zh => 0,
        Lang::En => 1,
    }
}

/// `pattern` with each `{$name}` replaced by its value; a value is never read as a pattern.
fn fill(pattern: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(start) = rest.find("{$") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find('}') {
            Some(end) => {
                let name = &after[..end];
                match args.iter().find(|(key, _)| *key == name) {
                    Some((_, value)) => out.push_str(value),
                    None => out.push_str(&rest[start..start + 3 + end]),
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Reads a Fluent file of the desk's kind: one entry per message and per attribute
/// (`message.attribute`), each made of text and `{ $variable }` only.
///
/// Anything else (selectors, functions, message or term references, literals, terms,
/// syntax errors) is refused with a sentence naming it: the client fills in variables
/// itself and could not evaluate more.
pub(crate) fn catalog(source: &str) -> Result<Catalog, String> {
    let resource = fluent_syntax::parser::parse(source).map_err(|(_, errors)| {
        let first = errors.first().map(|e| format!("{:?}", e.kind)).unwrap_or_default();
        format!("{} syntax error(s), the first: {first}", errors.len())
    })?;
    let mut out = Catalog::new();
    for entry in resource.body {
        match entry {
            Entry::Message(message) => {
                let id = message.id.name;
                if let Some(value) = &message.value {
                    out.insert(id.to_owned(), flatten(id, value)?);
                }
                for attribute in &message.attributes {
                    let key = format!("{id}.{}", attribute.id.name);
                    let value = flatten(&key, &attribute.value)?;
                    out.insert(key, value);
                }
            }
            Entry::Term(term) => {
                return Err(format!("`-{}`: terms are not used by the desk", term.id.name));
            }
            Entry::Junk { content } => return Err(format!("unreadable entry: {content}")),
            Entry::Comment(_) | Entry::GroupComment(_) | Entry::ResourceComment(_) => {}
        }
    }
    Ok(out)
}

/// A pattern as text with `{$name}` for each variable (and string literals, which have
/// no escapes here, as their text).
fn flatten(id: &str, pattern: &Pattern<&str>) -> Result<String, String> {
    let mut out = String::new();
    for element in &pattern.elements {
        match element {
            PatternElement::TextElement { value } => out.push_str(value),
            PatternElement::Placeable {
                expression: Expression::Inline(InlineExpression::VariableReference { id: var }),
            } => {
                out.push_str("{$");
                out.push_str(var.name);
                out.push('}');
            }
            // A string literal keeps what the syntax would trim (a leading space).
            PatternElement::Placeable {
                expression: Expression::Inline(InlineExpression::StringLiteral { value }),
            } if !value.contains('\\') => out.push_str(value),
            PatternElement::Placeable { .. } => {
                return Err(format!(
                    "`{id}` uses an expression other than {{ $variable }} or a plain {{ \"text\" }}: the desk's files hold text and variables only"
                ));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILES: [(&str, &str, &str); 2] = [
        ("desk.ftl", include_str!("i18n/zh-CN/desk.ftl"), include_str!("i18n/en/desk.ftl")),
        ("server.ftl", include_str!("i18n/zh-CN/server.ftl"), include_str!("i18n/en/server.ftl")),
    ];

    fn variables(value: &str) -> Vec<&str> {
        let mut names: Vec<&str> =
            value.split("{$").skip(1).filter_map(|rest| rest.split('}').next()).collect();
        names.sort_unstable();
        names
    }

    #[test]
    fn both_languages_read_and_have_the_same_keys_and_variables() {
        for (name, zh, en) in FILES {
            let zh = catalog(zh).unwrap_or_else(|err| panic!("zh-CN/{name}: {err}"));
            let en = catalog(en).unwrap_or_else(|err| panic!("en/{name}: {err}"));
            let zh_keys: Vec<&String> = zh.keys().collect();
            let en_keys: Vec<&String> = en.keys().collect();
            assert_eq!(zh_keys, en_keys, "{name}: the languages have different keys");
            for (key, value) in &zh {
                assert_eq!(variables(value), variables(&en[key]), "{name}: `{key}`");
            }
            assert!(zh.len() > 10, "{name} is nearly empty");
        }
        assert_eq!(desk(Lang::Zh)["save-not-ready"], "未就绪：{$count}个问题");
    }

    #[test]
    fn anything_beyond_text_variables_and_plain_literals_is_refused() {
        assert_eq!(
            catalog("a = 甲 { $n } 乙\nb = x\n    .label = y\nc = { \" or \" }\n").unwrap(),
            Catalog::from([
                ("a".to_owned(), "甲 {$n} 乙".to_owned()),
                ("c".to_owned(), " or ".to_owned()),
                ("b".to_owned(), "x".to_owned()),
                ("b.label".to_owned(), "y".to_owned()),
            ])
        );
        for bad in [
            "a = { $n ->\n    [one] 一\n   *[other] 多\n}\n",
            "a = { NUMBER($n) }\n",
            "a = { b }\nb = x\n",
            "-brand = 台\na = { -brand }\n",
            "a = { \"\\u0041\" }\n",
            "a = {\n",
        ] {
            assert!(catalog(bad).is_err(), "accepted: {bad}");
        }
    }

    #[test]
    fn values_go_in_as_text() {
        assert_eq!(fill("还有{$errors}个问题{$x}", &[("errors", "{$x}")]), "还有{$x}个问题{$x}");
        assert_eq!(
            server(Lang::En, "error-not_ready", &[("errors", "2")]),
            "2 problem(s) remain: the issue cannot be exported."
        );
        assert_eq!(language("en-GB,en;q=0.9"), Some(Lang::En));
        assert_eq!(language("fr"), None);
    }
}
