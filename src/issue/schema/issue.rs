//! Reading `issue.toml`: its fields, sections and articles, with every problem reported.

use std::collections::HashMap;
use std::path::Path;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::blocks::read_blocks;
use super::fields::Fields;
use super::limits::check_sizes;
use super::names::{article_name, section_name};
use super::text::{MAX_TITLE_CHARS, check_text};
use crate::diag::{Kind, Report, Subject, Text};
use crate::issue::model::{Article, Attribution, Date, Section};

const ISSUE_KEYS: &[&str] = &["publication", "year", "number", "running_number", "date", "section"];
const SECTION_KEYS: &[&str] = &["name", "article"];
const ARTICLE_KEYS: &[&str] = &["title", "listed", "paragraphs", "attribution"];
const ATTRIBUTION_KEYS: &[&str] = &["source", "compiler", "date"];

/// What `issue.toml` says, before the publication file is read.
pub(crate) struct IssueFields {
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

/// Reads the issue's table; files its figures and tables name are read from `folder`;
/// problems go to `report`.
pub(crate) fn read_issue(
    file: &Path,
    folder: &Path,
    text: &str,
    table: &Spanned<DeTable<'_>>,
    report: &mut Report,
) -> IssueFields {
    let fields = Fields {
        file,
        folder,
        text,
        table: table.get_ref(),
        span: 0..0,
        name: Text::new("subject-issue"),
        subject: Subject::default(),
    };
    fields.refuse_unknown_keys(ISSUE_KEYS, report);
    let publication = fields.string("publication", Some("\"../publication.toml\""), report);
    let year = fields.integer("year", 1990..=2100, Some("2023"), report).map(|n| n as i32);
    let number = fields.integer("number", 1..=12, Some("8"), report).map(|n| n as u32);
    let running_number =
        fields.integer("running_number", 1..=100_000, None, report).map(|n| n as u32);
    let date = fields.date("date", report);
    // An issue over the limits is refused before its articles are read one by one.
    let sections = if check_sizes(file, text, table.get_ref(), report) {
        Vec::new()
    } else {
        read_sections(&fields, date.as_ref().map(|d| *d.get_ref()), report)
    };
    IssueFields { publication, year, number, running_number, date, sections }
}

/// The tables of an array written `[[key]]` (`what` names them: sections or articles), or a
/// problem when `key` holds something else.
fn tables<'a, 'i>(
    fields: &Fields<'a, 'i>,
    key: &'static str,
    what: Tables,
    report: &mut Report,
) -> Vec<(&'a DeTable<'i>, std::ops::Range<usize>)> {
    let (kind, plural, example) = match what {
        Tables::Sections => (Kind::NoSections, "sections", "[[section]]"),
        Tables::Articles => (Kind::NoArticles, "articles", "[[section.article]]"),
    };
    let none = |span| {
        fields
            .error(
                kind,
                span,
                None,
                Text::new("has-none").arg("table", &fields.name).arg("what", Text::new(plural)),
            )
            .hint(Text::new("hint-add-one").arg("example", example))
    };
    let Some(value) = fields.get(key) else {
        report.push(none(fields.first_line()));
        return Vec::new();
    };
    let items: Vec<_> = match value.get_ref() {
        DeValue::Array(items) => items
            .iter()
            .filter_map(|item| match item.get_ref() {
                DeValue::Table(table) => Some((table, item.span())),
                other => {
                    let expected = Text::new("expected-list-of").arg("what", Text::new(plural));
                    fields.wrong_type(key, expected, other, report);
                    None
                }
            })
            .collect(),
        other => {
            let expected = Text::new("expected-list-of-starting")
                .arg("what", Text::new(plural))
                .arg("example", example);
            fields.wrong_type(key, expected, other, report);
            return Vec::new();
        }
    };
    if items.is_empty() {
        report.push(none(value.span()));
    }
    items
}

/// The arrays of tables an issue file has.
#[derive(Clone, Copy)]
enum Tables {
    Sections,
    Articles,
}

fn read_sections(
    issue: &Fields<'_, '_>,
    issue_date: Option<Date>,
    report: &mut Report,
) -> Vec<Section> {
    let mut sections = Vec::new();
    // Each title seen, with its article's name and the byte offset of the title, whose
    // line is counted only when a second article has the same title.
    let mut seen_titles: HashMap<String, (Text, usize)> = HashMap::new();
    for (index, (table, span)) in
        tables(issue, "section", Tables::Sections, report).into_iter().enumerate()
    {
        let mut fields =
            issue.child(table, span, section_name(index, None), Subject::section(index));
        fields.refuse_unknown_keys(SECTION_KEYS, report);
        let name = fields.string("name", Some("\"行业资讯\""), report);
        if let Some(name) = &name {
            check_text(
                issue.file,
                name.span(),
                name.get_ref(),
                &Text::new("subject-name-of").arg("table", &fields.name),
                fields.subject.field("name"),
                20,
                report,
            );
            fields.name = section_name(index, Some(name.get_ref()));
        }
        let mut articles = Vec::new();
        for (a, (table, span)) in
            tables(&fields, "article", Tables::Articles, report).into_iter().enumerate()
        {
            let name = article_name(&fields.name, a, None);
            let article = fields.child(table, span, name, Subject::article(index, a));
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
    seen_titles: &mut HashMap<String, (Text, usize)>,
    report: &mut Report,
) -> Option<Article> {
    fields.refuse_unknown_keys(ARTICLE_KEYS, report);
    let title = fields.string("title", Some("\"…\""), report);
    if let Some(title) = &title {
        check_text(
            fields.file,
            title.span(),
            title.get_ref(),
            &Text::new("subject-title-of").arg("article", &fields.name),
            fields.subject.field("title"),
            MAX_TITLE_CHARS,
            report,
        );
        let section = fields.name.arg_text("section").cloned().unwrap_or_else(|| Text::plain(""));
        let index = fields.subject.article.unwrap_or(0);
        fields.name = article_name(&section, index, Some(title.get_ref()));
        let key: String = title.get_ref().split_whitespace().collect();
        match seen_titles.get(&key) {
            Some((first, first_at)) => report.push(
                fields
                    .error(
                        Kind::DuplicateTitle,
                        title.span(),
                        Some("title"),
                        Text::new("duplicate-title")
                            .arg("article", &fields.name)
                            .arg("first", first),
                    )
                    .hint(
                        Text::new("hint-same-title-line")
                            .arg("line", line_of(fields.text, *first_at)),
                    ),
            ),
            None => {
                seen_titles.insert(key, (fields.name.clone(), title.span().start));
            }
        }
    }
    let listed = fields.boolean("listed", report).unwrap_or(false);
    let paragraphs = read_blocks(&fields, report);
    let attribution = read_attribution(&fields, issue_date, report);
    Some(Article {
        title: title?.into_inner(),
        listed,
        paragraphs: paragraphs?,
        attribution: attribution?,
    })
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
            Text::new("expected-table-such-as").arg("example", example),
            value.get_ref(),
            report,
        );
        return None;
    };
    let attribution = fields.child(
        table,
        value.span(),
        Text::new("subject-attribution").arg("article", &fields.name),
        fields.subject.field("attribution"),
    );
    attribution.refuse_unknown_keys(ATTRIBUTION_KEYS, report);
    let source = attribution.string("source", None, report);
    let compiler = attribution.string("compiler", Some("\"《电子商务动态》编辑部\""), report);
    for (key, field, text) in
        [("source", "attribution.source", &source), ("compiler", "attribution.compiler", &compiler)]
    {
        if let Some(text) = text {
            check_text(
                fields.file,
                text.span(),
                text.get_ref(),
                &Text::new("subject-key-in").arg("key", key).arg("table", &attribution.name),
                fields.subject.field(field),
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
            fields
                .error(
                    Kind::DateAfterIssue,
                    date.span(),
                    Some("attribution.date"),
                    Text::new("date-after-issue")
                        .arg("attribution", &attribution.name)
                        .arg("date", date.get_ref().to_string())
                        .arg("issue_date", issue_date.to_string()),
                )
                .hint(Text::new("hint-check-attribution-date")),
        );
    }
    Some(Attribution {
        source: source.map(Spanned::into_inner),
        compiler: compiler?.into_inner(),
        date: date?.into_inner(),
    })
}

/// The 1-based line number of byte `offset` in `text`.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())].iter().filter(|&&b| b == b'\n').count() + 1
}
