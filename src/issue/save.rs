//! The one writer of issue files: every command and the desk write `issue.toml` here.
//!
//! A new file is written in the style editors write by hand (the sample issue's): a header
//! comment naming the issue, one `[[section]]` and one `[[section.article]]` table each,
//! one paragraph a line, the attribution as an inline table. When a file is there already,
//! it is edited rather than replaced: its comments, blank lines and the way each unchanged
//! value is written stay as they were, and only what changed is written anew.

mod draft;

use std::collections::HashSet;
use std::fmt::Write as _;

use anyhow::{Context, Result, bail};
use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, Value};

pub(crate) use draft::{
    Draft, DraftArticle, DraftAttribution, DraftSection, Origin, Paragraph, Unreadable,
    calendar_date, read_draft,
};

use crate::diag::{Text, TextContext};
use crate::issue::model::{Article, Issue};

/// The text of `issue`'s file. With `existing`, the text of the file it replaces, that
/// file is edited so that everything unchanged keeps its form and its comments.
///
/// Loading the result gives `issue` back.
pub fn issue_toml(issue: &Issue, existing: Option<&str>) -> Result<String> {
    write_draft(&Draft::from(issue), existing, Some(&issue.publication.title))
}

/// The text of `draft`'s file, as [`issue_toml`] writes an issue's: with `existing`, that
/// file is edited, and each section and article keeps the table its
/// [`origin`](DraftSection::origin) names (or, when unknown, the one its name or title
/// matches). A value the draft leaves as the file shows it is not touched, even one of a
/// type the draft cannot hold.
///
/// Loading the result gives the draft back, through [`read_draft`].
pub(crate) fn draft_toml(draft: &Draft, existing: Option<&str>) -> Result<String> {
    write_draft(draft, existing, None)
}

/// The file of `draft`, `existing` edited; a new file's header names the publication
/// `title` when it is known.
fn write_draft(draft: &Draft, existing: Option<&str>, title: Option<&str>) -> Result<String> {
    match existing.map(str::parse::<DocumentMut>) {
        Some(Ok(mut document))
            if document.contains_key("section") || document.contains_key("year") =>
        {
            edit(&mut document, draft)?;
            Ok(document.to_string())
        }
        _ => Ok(fresh(draft, title)),
    }
}

/// The file of a new issue with `issue`'s fields and sections, and `example`, a block of
/// comment lines, under the first section to show an editor the format.
pub(crate) fn new_issue_toml(issue: &Issue, example: &str) -> String {
    let mut text = fresh(&Draft::from(issue), Some(&issue.publication.title));
    let first_section_end = text
        .find("[[section]]")
        .and_then(|start| text[start..].find("\n\n").map(|end| start + end + 1))
        .unwrap_or(text.len());
    text.insert_str(first_section_end, example);
    text
}

/// `existing` with `articles` appended to its section `section`, comments and layout kept.
///
/// The articles are written as new files write them. The section must exist.
pub(crate) fn append_articles(
    existing: &str,
    section: &str,
    articles: &[Article],
) -> Result<String> {
    let mut document: DocumentMut = existing.parse().text_context(|| Text::new("save-not-toml"))?;
    let names = section_names(&document);
    let Some(index) = names.iter().position(|name| name == section) else {
        let listed: Vec<String> = names.iter().map(|n| format!("“{n}”")).collect();
        bail!(
            "the issue has no section “{section}”; its sections are {}: give one of them with --section",
            if listed.is_empty() { "none".to_string() } else { listed.join(", ") }
        );
    };
    let Some(target) = document
        .get_mut("section")
        .and_then(Item::as_array_of_tables_mut)
        .and_then(|sections| sections.get_mut(index))
    else {
        bail!("the issue's sections are not [[section]] tables");
    };
    // New tables go right after the section's last table when the file is written out.
    let after = target
        .get("article")
        .and_then(Item::as_array_of_tables)
        .and_then(|list| list.iter().filter_map(|t| t.position()).max())
        .or(target.position())
        .unwrap_or_default();
    let list = target.entry("article").or_insert_with(|| Item::ArrayOfTables(ArrayOfTables::new()));
    let Some(list) = list.as_array_of_tables_mut() else {
        bail!(
            "section “{section}” writes its articles in a form that cannot be appended to; use [[section.article]] tables"
        );
    };
    for article in articles {
        let mut table = article_table(&DraftArticle::from(article))?;
        table.set_position(after);
        table.decor_mut().set_prefix("\n");
        list.push(table);
    }
    Ok(document.to_string())
}

/// The names of the `[[section]]` tables of an issue file, in order.
pub(crate) fn section_names(document: &DocumentMut) -> Vec<String> {
    document
        .get("section")
        .and_then(Item::as_array_of_tables)
        .map(|sections| {
            sections
                .iter()
                .map(|s| s.get("name").and_then(Item::as_str).unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

// ---- A new file -------------------------------------------------------------------

/// The issue in the sample's style.
fn fresh(draft: &Draft, title: Option<&str>) -> String {
    let number = |n: Option<i64>| n.map_or_else(|| "?".to_owned(), |n| n.to_string());
    let mut out = String::from("# ");
    if let Some(title) = title {
        let _ = write!(out, "《{title}》 ");
    }
    let _ = writeln!(out, "{}年第{}期", number(draft.year), number(draft.number));
    if let Some(publication) = &draft.publication {
        let _ = writeln!(out, "publication = {}", quote(publication));
    }
    for (key, value) in
        [("year", draft.year), ("number", draft.number), ("running_number", draft.running_number)]
    {
        if let Some(value) = value {
            let _ = writeln!(out, "{key} = {value}");
        }
    }
    let _ = writeln!(out, "date = {}", date_text(&draft.date));
    for section in &draft.sections {
        let _ = write!(out, "\n[[section]]\nname = {}\n", quote(&section.name));
        for article in &section.articles {
            out.push('\n');
            write_article(&mut out, article);
        }
    }
    out
}

fn write_article(out: &mut String, article: &DraftArticle) {
    let _ = writeln!(out, "[[section.article]]\ntitle = {}", quote(&article.title));
    if article.listed {
        out.push_str("listed = true\n");
    }
    let _ = writeln!(out, "paragraphs = {}", paragraphs_text(&article.paragraphs));
    let _ = writeln!(out, "attribution = {}", attribution_text(&article.attribution));
}

/// `[` and one paragraph a line, `]`.
fn paragraphs_text(paragraphs: &[Paragraph]) -> String {
    let mut out = String::from("[\n");
    for paragraph in paragraphs {
        let text = match paragraph {
            Paragraph::Text(text) => quote(text),
            Paragraph::Other(toml) => toml.clone(),
        };
        let _ = writeln!(out, "  {text},");
    }
    out.push(']');
    out
}

/// `{ source = "…", compiler = "…", date = 2023-08-04 }`, the source only when given.
fn attribution_text(attribution: &DraftAttribution) -> String {
    let mut out = String::from("{ ");
    if let Some(source) = attribution.source.as_deref().filter(|source| !source.is_empty()) {
        let _ = write!(out, "source = {}, ", quote(source));
    }
    let _ = write!(
        out,
        "compiler = {}, date = {} }}",
        quote(&attribution.compiler),
        date_text(&attribution.date)
    );
    out
}

/// A date as typed: a TOML date when it is a day of the calendar, else a string holding
/// exactly what was typed (the checks name it).
fn date_text(date: &str) -> String {
    match calendar_date(date) {
        Some(date) => date.to_string(),
        None => quote(date),
    }
}

/// A TOML basic string: `"` and `\` escaped, control characters as escapes, the rest as is.
pub(crate) fn quote(text: &str) -> String {
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

// ---- Editing a file ---------------------------------------------------------------

/// Brings `document` in line with `draft`, touching only what differs.
fn edit(document: &mut DocumentMut, draft: &Draft) -> Result<()> {
    let old = draft::read_fields(document.as_table());
    let root = document.as_table_mut();
    if draft.publication != old.publication {
        let value = draft.publication.as_deref().map(|p| parse_value(&quote(p))).transpose()?;
        set(root, "publication", value);
    }
    for (key, new, old) in [
        ("year", draft.year, old.year),
        ("number", draft.number, old.number),
        ("running_number", draft.running_number, old.running_number),
    ] {
        if new != old {
            set(root, key, new.map(Value::from));
        }
    }
    if draft.date != old.date || calendar_date(&draft.date).is_some() {
        set(root, "date", Some(parse_value(&date_text(&draft.date))?));
    }

    let old_sections: Vec<Table> = match document.remove("section") {
        Some(Item::ArrayOfTables(list)) => list.into_iter().collect(),
        Some(_) | None => Vec::new(),
    };
    let section_match = if draft.sections.iter().all(|s| s.origin == Origin::Unknown) {
        let old_names: Vec<Option<String>> = old_sections
            .iter()
            .map(|t| t.get("name").and_then(Item::as_str).map(str::to_owned))
            .collect();
        let new_names: Vec<&str> = draft.sections.iter().map(|s| s.name.as_str()).collect();
        match_up(&old_names, &new_names)
    } else {
        draft.sections.iter().map(|s| existing(s.origin, old_sections.len())).collect()
    };

    // Every article table of the file, so that an article moved to another section
    // keeps its table.
    let mut old_sections: Vec<Option<Table>> = old_sections.into_iter().map(Some).collect();
    let mut old_articles: Vec<Option<Table>> = Vec::new();
    let mut article_section: Vec<usize> = Vec::new();
    for (s, table) in old_sections.iter_mut().enumerate() {
        if let Some(table) = table
            && let Some(Item::ArrayOfTables(list)) = table.remove("article")
        {
            for article in list {
                old_articles.push(Some(article));
                article_section.push(s);
            }
        }
    }
    let old_titles: Vec<Option<String>> = old_articles
        .iter()
        .map(|t| t.as_ref().and_then(|t| t.get("title")).and_then(Item::as_str).map(str::to_owned))
        .collect();

    let mut position = document
        .iter()
        .filter_map(|(_, item)| item.as_table().and_then(Table::position))
        .max()
        .unwrap_or(0)
        + 1;
    let mut sections = ArrayOfTables::new();
    let mut used_articles = HashSet::new();
    for (s, section) in draft.sections.iter().enumerate() {
        let mut table = match section_match[s].and_then(|old| old_sections[old].take()) {
            Some(mut table) => {
                if section.name != draft::shown(table.get("name")) {
                    set(&mut table, "name", Some(parse_value(&quote(&section.name))?));
                }
                table
            }
            None => new_section_table(section)?,
        };
        table.set_position(position);
        position += 1;
        // The section's articles: the table its origin names; when that is unknown, by
        // title anywhere in the file, else the article that stood at the same place in
        // the section this one came from (a new title).
        let from = section_match[s];
        let mut articles = ArrayOfTables::new();
        for (a, article) in section.articles.iter().enumerate() {
            let by_title = || {
                (0..old_titles.len()).find(|&i| {
                    !used_articles.contains(&i)
                        && old_titles[i].as_deref() == Some(article.title.as_str())
                        && !section
                            .articles
                            .iter()
                            .take(a)
                            .any(|earlier| earlier.title == article.title)
                })
            };
            let by_place = || {
                let from = from?;
                let in_section: Vec<usize> =
                    (0..old_titles.len()).filter(|&i| article_section[i] == from).collect();
                let i = *in_section.get(a)?;
                let taken_by_title = section
                    .articles
                    .iter()
                    .any(|other| old_titles[i].as_deref() == Some(other.title.as_str()));
                (!used_articles.contains(&i) && !taken_by_title).then_some(i)
            };
            let old = match article.origin {
                Origin::Unknown => by_title().or_else(by_place),
                origin => {
                    existing(origin, old_articles.len()).filter(|i| !used_articles.contains(i))
                }
            };
            let mut table = match old.and_then(|i| {
                used_articles.insert(i);
                old_articles[i].take()
            }) {
                Some(mut table) => {
                    update_article(&mut table, article)?;
                    table
                }
                None => {
                    let mut table = article_table(article)?;
                    table.decor_mut().set_prefix("\n");
                    table
                }
            };
            table.set_position(position);
            position += 1;
            articles.push(table);
        }
        if !articles.is_empty() {
            table.insert("article", Item::ArrayOfTables(articles));
        }
        sections.push(table);
    }
    document.insert("section", Item::ArrayOfTables(sections));
    Ok(())
}

/// The index an origin names among `count` tables, if it names one.
fn existing(origin: Origin, count: usize) -> Option<usize> {
    match origin {
        Origin::Existing(i) if i < count => Some(i),
        _ => None,
    }
}

/// Pairs each new name with an old table: the same name first, then, in order, the old
/// tables left over (renamed ones).
fn match_up(old: &[Option<String>], new: &[&str]) -> Vec<Option<usize>> {
    let mut taken = vec![false; old.len()];
    let mut matched: Vec<Option<usize>> = new
        .iter()
        .map(|name| {
            let found = (0..old.len()).find(|&i| !taken[i] && old[i].as_deref() == Some(*name))?;
            taken[found] = true;
            Some(found)
        })
        .collect();
    let mut left =
        (0..old.len()).filter(|&i| !taken[i] && !new.contains(&old[i].as_deref().unwrap_or("\0")));
    for slot in matched.iter_mut().filter(|slot| slot.is_none()) {
        *slot = left.next();
    }
    matched
}

/// Sets `key` of `table` to `value` (removes it for `None`), keeping the key's place, its
/// comments and, when the value did not change, the way it is written.
fn set(table: &mut Table, key: &str, value: Option<Value>) {
    match (table.get_mut(key), value) {
        (Some(item), Some(mut value)) => {
            if let Some(old) = item.as_value() {
                if same_value(old, &value) {
                    return;
                }
                *value.decor_mut() = old.decor().clone();
            }
            *item = Item::Value(value);
        }
        (None, Some(value)) => {
            table.insert(key, Item::Value(value));
        }
        (Some(_), None) => {
            table.remove(key);
        }
        (None, None) => {}
    }
}

/// Whether two values say the same, however they are written.
fn same_value(a: &Value, b: &Value) -> bool {
    let mut a = a.clone();
    let mut b = b.clone();
    a.decor_mut().clear();
    b.decor_mut().clear();
    normalise(&mut a);
    normalise(&mut b);
    a.to_string() == b.to_string()
}

fn normalise(value: &mut Value) {
    match value {
        Value::Array(array) => {
            array.fmt();
            array.set_trailing("");
            array.set_trailing_comma(false);
            for item in array.iter_mut() {
                normalise(item);
            }
        }
        Value::InlineTable(table) => {
            table.fmt();
            for (_, item) in table.iter_mut() {
                normalise(item);
            }
        }
        Value::String(text) => {
            let plain = text.value().clone();
            *value = Value::from(plain);
        }
        _ => {}
    }
}

/// Brings an article's table in line with `article`, leaving every value that reads as
/// the draft has it.
fn update_article(table: &mut Table, article: &DraftArticle) -> Result<()> {
    let old = draft::read_article(table, Origin::Unknown);
    if article.title != old.title {
        set(table, "title", Some(parse_value(&quote(&article.title))?));
    }
    if article.listed != old.listed {
        set_listed(table, article.listed);
    }
    if article.paragraphs != old.paragraphs {
        set(table, "paragraphs", Some(parse_value(&paragraphs_text(&article.paragraphs))?));
    }
    let source = |a: &DraftAttribution| a.source.clone().filter(|s| !s.is_empty());
    let date_written_as_text = table
        .get("attribution")
        .and_then(|item| match item {
            Item::Table(t) => t.get("date").and_then(Item::as_value).cloned(),
            Item::Value(Value::InlineTable(t)) => t.get("date").cloned(),
            _ => None,
        })
        .is_none_or(|date| !date.is_datetime());
    let fixed_date = calendar_date(&article.attribution.date).is_some() && date_written_as_text;
    if source(&article.attribution) != source(&old.attribution)
        || article.attribution.compiler != old.attribution.compiler
        || article.attribution.date != old.attribution.date
        || fixed_date
    {
        set(table, "attribution", Some(parse_value(&attribution_text(&article.attribution))?));
    }
    Ok(())
}

/// Sets `listed`: `true` written, `false` by removing the key (its default) unless the
/// editor wrote `listed = false`.
fn set_listed(table: &mut Table, listed: bool) {
    let value = match table.get("listed").and_then(Item::as_bool) {
        // An explicit `listed = false` stays as the editor wrote it.
        Some(false) if !listed => Some(Value::from(false)),
        _ => listed.then(|| Value::from(true)),
    };
    match (table.contains_key("listed"), &value) {
        (false, Some(value)) => {
            // A new `listed` line goes right after the title, where new files have it.
            let decor = table.decor().clone();
            let position = table.position();
            let mut ordered = Table::new();
            for (key, item) in std::mem::take(table).into_iter() {
                let after_title = key.as_str() == "title";
                ordered.insert(&key, item);
                if after_title {
                    ordered.insert("listed", Item::Value(value.clone()));
                }
            }
            *table = ordered;
            *table.decor_mut() = decor;
            if let Some(position) = position {
                table.set_position(position);
            }
        }
        _ => set(table, "listed", value),
    }
}

/// A `[[section]]` table for a new section, without its articles.
fn new_section_table(section: &DraftSection) -> Result<Table> {
    let mut table = Table::new();
    table.insert("name", Item::Value(parse_value(&quote(&section.name))?));
    table.decor_mut().set_prefix("\n");
    Ok(table)
}

/// The `[[section.article]]` table of a new article, in the new files' style.
fn article_table(article: &DraftArticle) -> Result<Table> {
    let mut text = String::new();
    write_article(&mut text, article);
    let text = text.replacen("[[section.article]]", "[[article]]", 1);
    let mut document: DocumentMut =
        text.parse().context("internal error: an article written as TOML does not read back")?;
    match document.remove("article") {
        Some(Item::ArrayOfTables(list)) => match list.into_iter().next() {
            Some(table) => Ok(table),
            None => bail!("internal error: an article written as TOML is empty"),
        },
        _ => bail!("internal error: an article written as TOML is not a table"),
    }
}

/// A value written as `text` (in the new files' style).
fn parse_value(text: &str) -> Result<Value> {
    let mut value: Value =
        text.parse().with_context(|| format!("internal error: `{text}` is not a TOML value"))?;
    value.decor_mut().set_prefix(" ");
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::issue::model::{Attribution, Colophon, Date, Profile, Publication, Section};

    fn article(title: &str, listed: bool) -> Article {
        Article {
            title: title.into(),
            listed,
            paragraphs: vec!["第一段。".into(), "第二段。".into()],
            attribution: Attribution {
                source: Some("《解放日报》".into()),
                compiler: "《电子商务动态》编辑部".into(),
                date: Date { year: 2023, month: 9, day: 1 },
            },
        }
    }

    fn issue(sections: Vec<Section>) -> Issue {
        Issue {
            publication: Publication {
                title: "电子商务动态".into(),
                publisher: "上海市电子商务和消费促进中心".into(),
                language: "zh".into(),
                region: "CN".into(),
                colophon: Colophon {
                    address: vec!["地址".into()],
                    postcode: "1".into(),
                    phone: "2".into(),
                },
                profile: Profile::default(),
                pdfx: None,
            },
            publication_file: "../publication.toml".into(),
            id: "2023-09".into(),
            year: 2023,
            number: 9,
            running_number: None,
            date: Date { year: 2023, month: 9, day: 10 },
            sections,
        }
    }

    fn section(name: &str, articles: Vec<Article>) -> Section {
        Section { name: name.into(), articles }
    }

    const HAND: &str = "# 注释\npublication = \"../publication.toml\"  # 共用设置\nyear = 2023\nnumber = 9\ndate = 2023-09-10\n\n[[section]]\nname = \"行业资讯\"\n\n# 示例\n# [[section.article]]\n\n[[section]]\nname = \"政策法规\"\n\n# 编辑：核对过\n[[section.article]]\ntitle = \"已有\"\nparagraphs = [\"已有的段落。\"]  # 待补充\nattribution = { compiler = \"《电子商务动态》编辑部\", date = 2023-09-01 }\n";

    fn existing() -> Article {
        Article {
            title: "已有".into(),
            listed: false,
            paragraphs: vec!["已有的段落。".into()],
            attribution: Attribution {
                source: None,
                compiler: "《电子商务动态》编辑部".into(),
                date: Date { year: 2023, month: 9, day: 1 },
            },
        }
    }

    #[test]
    fn an_unchanged_issue_leaves_the_file_as_it_was() {
        let same = issue(vec![section("行业资讯", vec![]), section("政策法规", vec![existing()])]);
        assert_eq!(issue_toml(&same, Some(HAND)).unwrap(), HAND);
    }

    #[test]
    fn a_changed_title_keeps_every_comment() {
        let mut changed = existing();
        changed.title = "改过的标题".into();
        let edited = issue(vec![section("行业资讯", vec![]), section("政策法规", vec![changed])]);
        let text = issue_toml(&edited, Some(HAND)).unwrap();
        assert_eq!(text, HAND.replace("title = \"已有\"", "title = \"改过的标题\""));
    }

    #[test]
    fn articles_move_reorder_and_arrive_with_their_comments() {
        let edited = issue(vec![
            section("行业资讯", vec![article("新一", true), existing()]),
            section("政策法规", vec![]),
        ]);
        let text = issue_toml(&edited, Some(HAND)).unwrap();
        let table: toml::Table = text.parse().unwrap();
        let sections = table["section"].as_array().unwrap();
        let titles: Vec<&str> = sections[0]["article"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["title"].as_str().unwrap())
            .collect();
        assert_eq!(titles, ["新一", "已有"]);
        assert!(sections[1].get("article").is_none());
        assert!(text.contains("# 编辑：核对过\n[[section.article]]\ntitle = \"已有\""), "{text}");
        assert!(text.contains("# 待补充"), "{text}");
        assert!(
            text.contains("title = \"新一\"\nlisted = true\nparagraphs = [\n  \"第一段。\",\n"),
            "{text}"
        );
    }

    #[test]
    fn a_renamed_section_and_a_listed_flag_are_edited_in_place() {
        let mut listed = existing();
        listed.listed = true;
        let edited = issue(vec![section("行业资讯", vec![]), section("政策与法规", vec![listed])]);
        let text = issue_toml(&edited, Some(HAND)).unwrap();
        let expected = HAND
            .replace("name = \"政策法规\"", "name = \"政策与法规\"")
            .replace("title = \"已有\"\n", "title = \"已有\"\nlisted = true\n");
        assert_eq!(text, expected);
    }

    #[test]
    fn a_new_file_is_written_in_the_editors_style() {
        let text = issue_toml(&issue(vec![section("行业资讯", vec![article("新", false)])]), None)
            .unwrap();
        assert_eq!(
            text,
            "# 《电子商务动态》 2023年第9期\npublication = \"../publication.toml\"\nyear = 2023\nnumber = 9\n\
             date = 2023-09-10\n\n[[section]]\nname = \"行业资讯\"\n\n[[section.article]]\ntitle = \"新\"\n\
             paragraphs = [\n  \"第一段。\",\n  \"第二段。\",\n]\n\
             attribution = { source = \"《解放日报》\", compiler = \"《电子商务动态》编辑部\", date = 2023-09-01 }\n"
        );
    }

    #[test]
    fn appended_articles_land_in_their_section_and_the_rest_is_kept() {
        let text =
            append_articles(HAND, "行业资讯", &[article("新一", false), article("新二", false)])
                .unwrap();
        let table: toml::Table = text.parse().unwrap();
        let sections = table["section"].as_array().unwrap();
        let titles = |s: usize| -> Vec<String> {
            sections[s].get("article").and_then(|a| a.as_array()).map_or(vec![], |a| {
                a.iter().map(|a| a["title"].as_str().unwrap().to_owned()).collect()
            })
        };
        assert_eq!(titles(0), ["新一", "新二"]);
        assert_eq!(titles(1), ["已有"]);
        assert!(text.starts_with("# 注释\n"), "{text}");
        assert!(text.contains("# 示例\n# [[section.article]]"), "{text}");
        let err =
            append_articles(HAND, "专家视点", &[article("新", false)]).unwrap_err().to_string();
        assert!(
            err.contains("no section “专家视点”") && err.contains("“行业资讯”, “政策法规”"),
            "{err}"
        );
    }

    #[test]
    fn a_draft_keeps_what_the_model_cannot_hold() {
        let mut draft = read_draft(HAND).unwrap();
        draft.number = None;
        draft.date = String::new();
        draft.sections[1].articles[0].title = String::new();
        draft.sections[1].articles[0].attribution.date = "2023-02-30".into();
        let text = draft_toml(&draft, Some(HAND)).unwrap();
        assert!(!text.contains("number ="), "{text}");
        assert!(text.contains("date = \"\"\n"), "{text}");
        assert!(text.contains("title = \"\"\n"), "{text}");
        assert!(text.contains("date = \"2023-02-30\" }"), "{text}");
        assert!(text.contains("# 编辑：核对过") && text.contains("# 待补充"), "{text}");
        let back = read_draft(&text).unwrap();
        assert_eq!((back.number, back.date.as_str()), (None, ""));
        assert_eq!(back.sections[1].articles[0].attribution.date, "2023-02-30");
        // Typed again as a day of the calendar, the date is a TOML date once more.
        let mut fixed = back.clone();
        fixed.date = "2023-09-10".into();
        fixed.number = Some(9);
        let again = draft_toml(&fixed, Some(&text)).unwrap();
        assert!(again.contains("date = 2023-09-10\n") && again.contains("number = 9\n"), "{again}");
    }

    #[test]
    fn values_a_draft_cannot_hold_stay_as_written_until_changed() {
        let text = HAND.replace("year = 2023", "year = \"二〇二三\"").replace(
            "paragraphs = [\"已有的段落。\"]",
            "paragraphs = [\"已有的段落。\", { subheading = \"小标题\" }]",
        );
        let draft = read_draft(&text).unwrap();
        assert_eq!(draft.year, None);
        assert_eq!(draft_toml(&draft, Some(&text)).unwrap(), text);
        let mut edited = draft.clone();
        edited.sections[1].articles[0].paragraphs.insert(0, Paragraph::Text("新段落。".into()));
        let written = draft_toml(&edited, Some(&text)).unwrap();
        assert!(written.contains("year = \"二〇二三\""), "{written}");
        assert!(written.contains("  { subheading = \"小标题\" },\n"), "{written}");
        assert_eq!(read_draft(&written).unwrap().sections[1].articles[0].paragraphs.len(), 3);
    }

    #[test]
    fn origins_keep_a_renamed_article_s_table_wherever_it_moves() {
        let mut draft = read_draft(HAND).unwrap();
        let mut moved = draft.sections[1].articles.remove(0);
        moved.title = "改了标题也移了栏目".into();
        draft.sections[0].articles.push(moved);
        let mut new = DraftArticle::from(&article("已有", false));
        new.origin = Origin::New;
        draft.sections[1].articles.push(new);
        let text = draft_toml(&draft, Some(HAND)).unwrap();
        let first = text.find("title = \"改了标题也移了栏目\"").unwrap();
        let comment = text.find("# 编辑：核对过").unwrap();
        let second_section = text.find("name = \"政策法规\"").unwrap();
        assert!(comment < first && first < second_section, "{text}");
        // The new article titled like the old one got a table of its own.
        let new_at = text.rfind("title = \"已有\"").unwrap();
        assert!(new_at > second_section && !text[second_section..].contains("# 待补充"), "{text}");
    }

    #[test]
    fn quoting_escapes_what_toml_needs_and_nothing_else() {
        let text = "“引号” \"a\" \\ \t\u{7}";
        let quoted = quote(text);
        assert_eq!(quoted, "\"“引号” \\\"a\\\" \\\\ \\t\\u0007\"");
        let table: toml::Table = format!("x = {quoted}").parse().unwrap();
        assert_eq!(table["x"].as_str(), Some(text));
    }
}
