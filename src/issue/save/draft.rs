//! Drafts: an issue as a form holds it, values the checks would refuse included (an empty
//! date, a missing number), so that the one writer can save whatever an editor typed.
//!
//! The model ([`Issue`]) converts into a draft; a draft is read back from any issue file
//! whose tables have the shape the writer writes, whatever its values.

use toml_edit::{DocumentMut, Item, Table, Value};

use super::quote;
use crate::issue::calendar::parse_date;
use crate::issue::model::{Article, Attribution, Block, Date, Issue};

/// An issue as an editor may have left it: every value the form can hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Draft {
    /// The publication file as written, relative to the issue folder.
    pub publication: Option<String>,
    /// Year of publication; `None` leaves the key out.
    pub year: Option<i64>,
    /// Number within the year; `None` leaves the key out.
    pub number: Option<i64>,
    /// Running number; `None` leaves the key out.
    pub running_number: Option<i64>,
    /// The date as typed: a TOML date when it is a day of the calendar, else a string.
    pub date: String,
    /// Sections in print order.
    pub sections: Vec<DraftSection>,
}

/// A section of a draft.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct DraftSection {
    /// Its name, possibly empty.
    pub name: String,
    /// Its articles in print order.
    pub articles: Vec<DraftArticle>,
    /// Which `[[section]]` table of the file it is.
    pub origin: Origin,
}

/// An article of a draft.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct DraftArticle {
    /// Its title, possibly empty.
    pub title: String,
    /// Whether the contents list it.
    pub listed: bool,
    /// Its paragraphs (and any other blocks the file holds).
    pub paragraphs: Vec<Paragraph>,
    /// Source, compiler and date.
    pub attribution: DraftAttribution,
    /// Which `[[section.article]]` table of the file it is, counted across sections.
    pub origin: Origin,
}

/// One entry of an article's `paragraphs`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Paragraph {
    /// A paragraph of text.
    Text(String),
    /// Anything else the file holds there (a table such as `{ subheading = "…" }`), as
    /// its TOML text, written back as it was read.
    Other(String),
}

/// The attribution of a draft article.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct DraftAttribution {
    /// The original publication; `None` (or empty) leaves the key out.
    pub source: Option<String>,
    /// Who compiled the article.
    pub compiler: String,
    /// The date as typed, as for [`Draft::date`].
    pub date: String,
}

/// Where a section or article of a draft comes from, so that the writer keeps the right
/// table (and its comments) for it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum Origin {
    /// Not known: the writer matches sections by name, articles by title, then by place.
    #[default]
    Unknown,
    /// Not in the file yet: written as a new table.
    New,
    /// The table at this position of the file (sections: among `[[section]]`; articles:
    /// among all `[[section.article]]` tables, in file order).
    Existing(usize),
}

/// The file cannot be edited as a draft: not TOML, or tables of a shape the writer does
/// not write.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum Unreadable {
    /// TOML syntax.
    #[error("the issue file is not valid TOML: {0}")]
    Syntax(String),
    /// `section` is not a list of `[[section]]` tables.
    #[error("the sections are not written as [[section]] tables")]
    Sections,
    /// A section's `article` is not a list of `[[section.article]]` tables.
    #[error("the articles of section {0} are not written as [[section.article]] tables")]
    Articles(usize),
}

impl From<&Issue> for Draft {
    fn from(issue: &Issue) -> Self {
        Draft {
            publication: Some(issue.publication_file.to_string_lossy().into_owned()),
            year: Some(i64::from(issue.year)),
            number: Some(i64::from(issue.number)),
            running_number: issue.running_number.map(i64::from),
            date: issue.date.to_string(),
            sections: issue
                .sections
                .iter()
                .map(|section| DraftSection {
                    name: section.name.clone(),
                    articles: section.articles.iter().map(DraftArticle::from).collect(),
                    origin: Origin::Unknown,
                })
                .collect(),
        }
    }
}

impl From<&Article> for DraftArticle {
    fn from(article: &Article) -> Self {
        DraftArticle {
            title: article.title.clone(),
            listed: article.listed,
            paragraphs: article.paragraphs.iter().map(Paragraph::from).collect(),
            attribution: DraftAttribution::from(&article.attribution),
            origin: Origin::Unknown,
        }
    }
}

impl From<&Block> for Paragraph {
    fn from(block: &Block) -> Self {
        match block {
            Block::Paragraph(text) => Paragraph::Text(text.clone()),
            other => Paragraph::Other(block_toml(other)),
        }
    }
}

/// A block other than a paragraph as the inline table `paragraphs` holds it:
/// `{ subheading = "…" }`, `{ figure = "chart.png", caption = "…", width = 0.6 }`, a table
/// by its CSV file or with its rows.
pub(crate) fn block_toml(block: &Block) -> String {
    let mut out = String::from("{ ");
    match block {
        Block::Paragraph(text) => return quote(text),
        Block::Subheading(text) => out.push_str(&format!("subheading = {}", quote(text))),
        Block::Byline(text) => out.push_str(&format!("byline = {}", quote(text))),
        Block::Figure(figure) => {
            out.push_str(&format!(
                "figure = {}, caption = {}",
                quote(&figure.file),
                quote(&figure.caption)
            ));
            if let Some(credit) = &figure.credit {
                out.push_str(&format!(", credit = {}", quote(credit)));
            }
            if let Some(width) = figure.width {
                out.push_str(&format!(", width = {width:?}"));
            }
        }
        Block::Table(table) => {
            let rows = match &table.file {
                Some(file) => quote(file),
                None => {
                    let rows: Vec<String> = table
                        .rows
                        .iter()
                        .map(|row| {
                            let cells: Vec<String> = row.iter().map(|c| quote(c)).collect();
                            format!("[{}]", cells.join(", "))
                        })
                        .collect();
                    format!("[{}]", rows.join(", "))
                }
            };
            out.push_str(&format!("table = {rows}, caption = {}", quote(&table.caption)));
        }
    }
    out.push_str(" }");
    out
}

impl From<&Attribution> for DraftAttribution {
    fn from(attribution: &Attribution) -> Self {
        DraftAttribution {
            source: attribution.source.clone(),
            compiler: attribution.compiler.clone(),
            date: attribution.date.to_string(),
        }
    }
}

/// The date `text` stands for, if it is `YYYY-MM-DD` and a day of the calendar.
pub(crate) fn calendar_date(text: &str) -> Option<Date> {
    parse_date(text).ok()
}

/// Reads the file `text` as a draft: every section and article table, in file order, each
/// value as a form shows it (text as text, a value of another type as its TOML text, a
/// missing value empty), with its origin in the file.
pub(crate) fn read_draft(text: &str) -> Result<Draft, Unreadable> {
    let document: DocumentMut =
        text.parse().map_err(|err: toml_edit::TomlError| Unreadable::Syntax(err.to_string()))?;
    read_document(&document)
}

/// Reads a parsed issue file as a draft; see [`read_draft`].
pub(crate) fn read_document(document: &DocumentMut) -> Result<Draft, Unreadable> {
    let root = document.as_table();
    let mut draft = read_fields(root);
    let sections = match root.get("section") {
        None => return Ok(draft),
        Some(Item::ArrayOfTables(list)) => list,
        Some(_) => return Err(Unreadable::Sections),
    };
    let mut next_article = 0;
    for (s, table) in sections.iter().enumerate() {
        let articles = match table.get("article") {
            None => Vec::new(),
            Some(Item::ArrayOfTables(list)) => list
                .iter()
                .map(|table| {
                    let article = read_article(table, Origin::Existing(next_article));
                    next_article += 1;
                    article
                })
                .collect(),
            Some(_) => return Err(Unreadable::Articles(s + 1)),
        };
        draft.sections.push(DraftSection {
            name: shown(table.get("name")),
            articles,
            origin: Origin::Existing(s),
        });
    }
    Ok(draft)
}

/// The issue-level fields of a file's top table, without its sections.
pub(crate) fn read_fields(root: &Table) -> Draft {
    Draft {
        publication: root.get("publication").and_then(Item::as_str).map(str::to_owned),
        year: root.get("year").and_then(Item::as_integer),
        number: root.get("number").and_then(Item::as_integer),
        running_number: root.get("running_number").and_then(Item::as_integer),
        date: shown(root.get("date")),
        sections: Vec::new(),
    }
}

/// One `[[section.article]]` table as a draft article.
pub(crate) fn read_article(table: &Table, origin: Origin) -> DraftArticle {
    let paragraphs = match table.get("paragraphs") {
        None => Vec::new(),
        Some(item) => match item.as_array() {
            Some(array) => array
                .iter()
                .map(|value| match value.as_str() {
                    Some(text) => Paragraph::Text(text.to_owned()),
                    None => Paragraph::Other(value_text(value)),
                })
                .collect(),
            None => vec![Paragraph::Text(shown(Some(item)))],
        },
    };
    let attribution = table.get("attribution");
    let field = |key: &str| {
        attribution.and_then(|item| match item {
            Item::Table(table) => table.get(key).cloned(),
            Item::Value(Value::InlineTable(table)) => table.get(key).cloned().map(Item::Value),
            _ => None,
        })
    };
    DraftArticle {
        title: shown(table.get("title")),
        listed: table.get("listed").and_then(Item::as_bool).unwrap_or(false),
        paragraphs,
        attribution: DraftAttribution {
            source: field("source").map(|item| shown(Some(&item))),
            compiler: shown(field("compiler").as_ref()),
            date: shown(field("date").as_ref()),
        },
        origin,
    }
}

/// A value as a form shows it: a string as its text, a date as `YYYY-MM-DD`, anything
/// else as its TOML text, nothing as "".
pub(crate) fn shown(item: Option<&Item>) -> String {
    match item.and_then(Item::as_value) {
        None => String::new(),
        Some(Value::String(text)) => text.value().clone(),
        Some(value) => value_text(value),
    }
}

/// A value's TOML text, without the spaces and comments around it.
fn value_text(value: &Value) -> String {
    let mut value = value.clone();
    value.decor_mut().clear();
    value.to_string().trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_of_any_type_are_shown_as_they_are_written() {
        let text = "year = \"二〇二三\"\nnumber = 8\ndate = \"\"\n\n[[section]]\nname = \"行业资讯\"\n\n\
                    [[section.article]]\ntitle = \"\"\nlisted = true\nparagraphs = [\"一。\", { subheading = \"小标题\" }]\n\
                    attribution = { source = \"《解放日报》\", compiler = \"编辑部\", date = 2023-02-30x }\n";
        // The date above is not TOML: the file does not read.
        assert!(matches!(read_draft(text), Err(Unreadable::Syntax(_))));
        let text = text.replace("2023-02-30x", "\"2023-02-30\"");
        let draft = read_draft(&text).unwrap();
        assert_eq!((draft.year, draft.number, draft.date.as_str()), (None, Some(8), ""));
        let article = &draft.sections[0].articles[0];
        assert_eq!(article.title, "");
        assert!(article.listed);
        assert_eq!(
            article.paragraphs,
            [
                Paragraph::Text("一。".into()),
                Paragraph::Other("{ subheading = \"小标题\" }".into())
            ]
        );
        assert_eq!(article.attribution.date, "2023-02-30");
        assert_eq!(article.origin, Origin::Existing(0));
        assert_eq!(draft.sections[0].origin, Origin::Existing(0));
    }

    #[test]
    fn articles_are_counted_across_sections() {
        let text = "[[section]]\nname = \"甲\"\n[[section.article]]\ntitle = \"一\"\n\
                    [[section.article]]\ntitle = \"二\"\n[[section]]\nname = \"乙\"\n\
                    [[section.article]]\ntitle = \"三\"\n";
        let draft = read_draft(text).unwrap();
        let origins: Vec<Origin> =
            draft.sections.iter().flat_map(|s| s.articles.iter().map(|a| a.origin)).collect();
        assert_eq!(origins, [Origin::Existing(0), Origin::Existing(1), Origin::Existing(2)]);
        assert_eq!(draft.sections[1].articles[0].attribution, DraftAttribution::default());
    }

    #[test]
    fn shapes_the_writer_does_not_write_are_refused() {
        assert_eq!(read_draft("section = 3\n"), Err(Unreadable::Sections));
        assert_eq!(
            read_draft("[[section]]\nname = \"甲\"\narticle = [{ title = \"一\" }]\n"),
            Err(Unreadable::Articles(1))
        );
    }

    #[test]
    fn calendar_dates_only() {
        assert_eq!(calendar_date("2023-08-10"), Some(Date { year: 2023, month: 8, day: 10 }));
        for text in ["", "2023-02-30", "2023-8-10", "十日"] {
            assert_eq!(calendar_date(text), None, "{text}");
        }
    }
}
