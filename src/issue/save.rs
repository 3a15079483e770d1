//! Writing an issue back as `issue.toml`, in the style editors write it by hand.
//!
//! The style is the sample issue's: a header comment naming the issue, one `[[section]]` and
//! one `[[section.article]]` table each, one paragraph a line, the attribution as an inline
//! table. [`to_toml`] of the loaded sample gives back the committed file byte for byte.

use std::fmt::Write as _;

use anyhow::Result;

use crate::issue::model::{Article, Date, Issue};
use crate::issue::raw::{RawArticle, RawAttribution, RawIssue, RawSection};

/// The issue as TOML text that `load_issue` reads back into the same issue.
pub fn to_toml(issue: &Issue) -> Result<String> {
    Ok(write_issue(&raw_issue(issue), &issue.publication.title))
}

/// The `[[section.article]]` table of one article, starting with its header line.
pub fn article_toml(article: &Article) -> String {
    let mut out = String::new();
    write_article(&mut out, &raw_article(article));
    out
}

/// The issue in the shape of its file.
pub fn raw_issue(issue: &Issue) -> RawIssue {
    RawIssue {
        publication: issue.publication_file.clone(),
        year: issue.year,
        number: issue.number,
        running_number: issue.running_number,
        date: toml_date(issue.date),
        sections: issue
            .sections
            .iter()
            .map(|section| RawSection {
                name: section.name.clone(),
                articles: section.articles.iter().map(raw_article).collect(),
            })
            .collect(),
    }
}

fn raw_article(article: &Article) -> RawArticle {
    RawArticle {
        title: article.title.clone(),
        listed: article.listed,
        paragraphs: article.paragraphs.clone(),
        attribution: RawAttribution {
            source: article.attribution.source.clone(),
            compiler: article.attribution.compiler.clone(),
            date: toml_date(article.attribution.date),
        },
    }
}

/// The file text: the header comment names the publication `title`, the year and number.
pub fn write_issue(raw: &RawIssue, title: &str) -> String {
    let mut out = format!("# 《{title}》 {}年第{}期\n", raw.year, raw.number);
    let _ = writeln!(out, "publication = {}", quote(&raw.publication.to_string_lossy()));
    let _ = writeln!(out, "year = {}", raw.year);
    let _ = writeln!(out, "number = {}", raw.number);
    if let Some(running) = raw.running_number {
        let _ = writeln!(out, "running_number = {running}");
    }
    let _ = writeln!(out, "date = {}", raw.date);
    for section in &raw.sections {
        let _ = write!(out, "\n[[section]]\nname = {}\n", quote(&section.name));
        for article in &section.articles {
            out.push('\n');
            write_article(&mut out, article);
        }
    }
    out
}

fn write_article(out: &mut String, article: &RawArticle) {
    let _ = writeln!(out, "[[section.article]]\ntitle = {}", quote(&article.title));
    if article.listed {
        out.push_str("listed = true\n");
    }
    out.push_str("paragraphs = [\n");
    for paragraph in &article.paragraphs {
        let _ = writeln!(out, "  {},", quote(paragraph));
    }
    out.push_str("]\n");
    let attribution = &article.attribution;
    out.push_str("attribution = { ");
    if let Some(source) = &attribution.source {
        let _ = write!(out, "source = {}, ", quote(source));
    }
    let _ = writeln!(
        out,
        "compiler = {}, date = {} }}",
        quote(&attribution.compiler),
        attribution.date
    );
}

/// A TOML basic string: `"` and `\` escaped, control characters as escapes, the rest as is.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn toml_date(date: Date) -> toml::value::Datetime {
    toml::value::Datetime {
        date: Some(toml::value::Date {
            year: u16::try_from(date.year).unwrap_or_default(),
            month: date.month,
            day: date.day,
        }),
        time: None,
        offset: None,
    }
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn quoting_escapes_what_toml_needs_and_nothing_else() {
        let text = "“引号” \"a\" \\ \t\u{7}";
        let quoted = quote(text);
        assert_eq!(quoted, "\"“引号” \\\"a\\\" \\\\ \\t\\u0007\"");
        let table: toml::Table = format!("x = {quoted}").parse().unwrap();
        assert_eq!(table["x"].as_str(), Some(text));
    }
}
