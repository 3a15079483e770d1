//! Reading `issue.toml`: its fields, sections and articles, with every problem reported.

use std::collections::HashMap;
use std::path::Path;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::fields::Fields;
use super::text::{MAX_PARAGRAPH_CHARS, MAX_TITLE_CHARS, check_text};
use crate::diag::{Problem, Report};
use crate::issue::model::{Article, Attribution, Date, Section};

const ISSUE_KEYS: &[&str] = &["publication", "year", "number", "running_number", "date", "section"];
const SECTION_KEYS: &[&str] = &["name", "article"];
const ARTICLE_KEYS: &[&str] = &["title", "listed", "paragraphs", "attribution"];
const ATTRIBUTION_KEYS: &[&str] = &["source", "compiler", "date"];

/// What `issue.toml` says, before the publication file is read.
pub struct IssueFields {
    /// The publication file as written, relative to the issue folder.
    pub publication: Option<Spanned<String>>,
    /// Year of publication.
    pub year: Option<i32>,
    /// Number within the year.
    pub number: Option<u32>,
    /// Running number, if given.
    pub running_number: Option<u32>,
    /// Date of the issue.
    pub date: Option<Spanned<Date>>,
    /// Sections with their articles; those with problems are left out.
    pub sections: Vec<Section>,
}

/// Reads the issue's table; problems go to `report`.
pub fn read_issue(
    file: &Path,
    text: &str,
    table: &Spanned<DeTable<'_>>,
    report: &mut Report,
) -> IssueFields {
    let fields =
        Fields { file, text, table: table.get_ref(), span: 0..0, name: "the issue".into() };
    fields.refuse_unknown_keys(ISSUE_KEYS, report);
    let publication = fields.string("publication", Some("\"../publication.toml\""), report);
    let year = fields.integer("year", 1990..=2100, Some("2023"), report).map(|n| n as i32);
    let number = fields.integer("number", 1..=12, Some("8"), report).map(|n| n as u32);
    let running_number =
        fields.integer("running_number", 1..=100_000, None, report).map(|n| n as u32);
    let date = fields.date("date", report);
    let sections = read_sections(&fields, date.as_ref().map(|d| *d.get_ref()), report);
    IssueFields { publication, year, number, running_number, date, sections }
}

/// The tables of an array written `[[key]]`, or a problem when `key` holds something else.
fn tables<'a, 'i>(
    fields: &Fields<'a, 'i>,
    key: &str,
    what: &str,
    example: &str,
    report: &mut Report,
) -> Vec<(&'a DeTable<'i>, std::ops::Range<usize>)> {
    let Some(value) = fields.get(key) else {
        report.push(
            Problem::error(
                fields.file,
                fields.first_line(),
                format!("{} has no {what}", fields.name),
            )
            .hint(format!("add one, starting with a line `{example}`")),
        );
        return Vec::new();
    };
    let items: Vec<_> = match value.get_ref() {
        DeValue::Array(items) => items
            .iter()
            .filter_map(|item| match item.get_ref() {
                DeValue::Table(table) => Some((table, item.span())),
                other => {
                    fields.wrong_type(key, &format!("a list of {what}"), other, report);
                    None
                }
            })
            .collect(),
        other => {
            fields.wrong_type(
                key,
                &format!("a list of {what}, each starting `{example}`"),
                other,
                report,
            );
            return Vec::new();
        }
    };
    if items.is_empty() {
        report.push(
            Problem::error(fields.file, value.span(), format!("{} has no {what}", fields.name))
                .hint(format!("add one, starting with a line `{example}`")),
        );
    }
    items
}

fn read_sections(
    issue: &Fields<'_, '_>,
    issue_date: Option<Date>,
    report: &mut Report,
) -> Vec<Section> {
    let mut sections = Vec::new();
    let mut seen_titles: HashMap<String, (String, usize)> = HashMap::new();
    for (index, (table, span)) in
        tables(issue, "section", "sections", "[[section]]", report).into_iter().enumerate()
    {
        let mut fields = issue.child(table, span, format!("section {}", index + 1));
        fields.refuse_unknown_keys(SECTION_KEYS, report);
        let name = fields.string("name", Some("\"行业资讯\""), report);
        if let Some(name) = &name {
            check_text(
                issue.file,
                name.span(),
                name.get_ref(),
                &format!("the name of {}", fields.name),
                20,
                report,
            );
            fields.name = format!("section {} “{}”", index + 1, name.get_ref());
        }
        let mut articles = Vec::new();
        for (a, (table, span)) in
            tables(&fields, "article", "articles", "[[section.article]]", report)
                .into_iter()
                .enumerate()
        {
            let article =
                fields.child(table, span, format!("article {} of {}", a + 1, fields.name));
            if let Some(article) = read_article(article, issue_date, &mut seen_titles, report) {
                articles.push(article);
            }
        }
        if let Some(name) = name {
            sections.push(Section { name: name.into_inner(), articles });
        }
    }
    sections
}

fn read_article(
    mut fields: Fields<'_, '_>,
    issue_date: Option<Date>,
    seen_titles: &mut HashMap<String, (String, usize)>,
    report: &mut Report,
) -> Option<Article> {
    fields.refuse_unknown_keys(ARTICLE_KEYS, report);
    let title = fields.string("title", Some("\"…\""), report);
    if let Some(title) = &title {
        check_text(
            fields.file,
            title.span(),
            title.get_ref(),
            &format!("the title of {}", fields.name),
            MAX_TITLE_CHARS,
            report,
        );
        let short: String = title
            .get_ref()
            .chars()
            .take(40)
            .map(|c| if c.is_control() || ('\u{200E}'..='\u{206F}').contains(&c) { '�' } else { c })
            .collect();
        fields.name = fields.name.replacen("article ", &format!("article “{short}” ("), 1) + ")";
        let key: String = title.get_ref().split_whitespace().collect();
        let line = line_of(fields.text, title.span().start);
        match seen_titles.get(&key) {
            Some((first, first_line)) => report.push(
                Problem::error(
                    fields.file,
                    title.span(),
                    format!("{} repeats {first}", fields.name),
                )
                .hint(format!("the same title stands on line {first_line}; remove one of the two")),
            ),
            None => {
                seen_titles.insert(key, (fields.name.clone(), line));
            }
        }
    }
    let listed = fields.boolean("listed", report).unwrap_or(false);
    let paragraphs = read_paragraphs(&fields, report);
    let attribution = read_attribution(&fields, issue_date, report);
    Some(Article {
        title: title?.into_inner(),
        listed,
        paragraphs: paragraphs?,
        attribution: attribution?,
    })
}

fn read_paragraphs(fields: &Fields<'_, '_>, report: &mut Report) -> Option<Vec<String>> {
    let Some(value) = fields.get("paragraphs") else {
        fields.missing("paragraphs", "[\"…\", \"…\"]", report);
        return None;
    };
    let DeValue::Array(items) = value.get_ref() else {
        fields.wrong_type("paragraphs", "a list of texts: [\"…\", \"…\"]", value.get_ref(), report);
        return None;
    };
    if items.is_empty() {
        report.push(
            Problem::error(fields.file, value.span(), format!("{} has no paragraphs", fields.name))
                .hint("write at least one paragraph between the brackets"),
        );
        return None;
    }
    let mut paragraphs = Vec::with_capacity(items.len());
    let mut ok = true;
    for (p, item) in items.iter().enumerate() {
        let what = format!("paragraph {} of {}", p + 1, fields.name);
        match item.get_ref() {
            DeValue::String(text) => {
                check_text(fields.file, item.span(), text, &what, MAX_PARAGRAPH_CHARS, report);
                paragraphs.push(text.to_string());
            }
            other => {
                ok = false;
                report.push(
                    Problem::error(
                        fields.file,
                        item.span(),
                        format!("{what} must be text, not {}", super::fields::describe(other)),
                    )
                    .hint("put each paragraph in double quotes"),
                );
            }
        }
    }
    ok.then_some(paragraphs)
}

fn read_attribution(
    fields: &Fields<'_, '_>,
    issue_date: Option<Date>,
    report: &mut Report,
) -> Option<Attribution> {
    let example = "{ compiler = \"《电子商务动态》编辑部\", date = 2023-08-04 }";
    let Some(value) = fields.get("attribution") else {
        fields.missing("attribution", example, report);
        return None;
    };
    let DeValue::Table(table) = value.get_ref() else {
        fields.wrong_type(
            "attribution",
            &format!("a table such as {example}"),
            value.get_ref(),
            report,
        );
        return None;
    };
    let attribution =
        fields.child(table, value.span(), format!("the attribution of {}", fields.name));
    attribution.refuse_unknown_keys(ATTRIBUTION_KEYS, report);
    let source = attribution.string("source", None, report);
    let compiler = attribution.string("compiler", Some("\"《电子商务动态》编辑部\""), report);
    for (key, text) in [("source", &source), ("compiler", &compiler)] {
        if let Some(text) = text {
            check_text(
                fields.file,
                text.span(),
                text.get_ref(),
                &format!("the {key} in {}", attribution.name),
                100,
                report,
            );
        }
    }
    let date = attribution.date("date", report);
    if let (Some(date), Some(issue_date)) = (&date, issue_date)
        && *date.get_ref() > issue_date
    {
        report.push(
            Problem::error(
                fields.file,
                date.span(),
                format!(
                    "{} is dated {}, after the issue's date {issue_date}",
                    attribution.name,
                    date.get_ref()
                ),
            )
            .hint("check the attribution's date, or the issue's `date`"),
        );
    }
    Some(Attribution {
        source: source.map(Spanned::into_inner),
        compiler: compiler?.into_inner(),
        date: date?.into_inner(),
    })
}

/// The 1-based line number of byte `offset` in `text`.
pub fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())].iter().filter(|&&b| b == b'\n').count() + 1
}
