//! Appending articles to a section of an existing issue file, keeping everything in it.

use anyhow::{Context, Result, bail};
use toml_edit::{ArrayOfTables, DocumentMut, Item};

use crate::issue::model::Article;
use crate::issue::save::article_toml;

/// The names of the `[[section]]` tables of an issue file, in order.
pub fn section_names(document: &DocumentMut) -> Vec<String> {
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

/// `existing` with `articles` appended to its section `section`, comments and layout kept.
///
/// The articles are written as [`crate::issue::save`] writes them (one paragraph a line, the
/// attribution inline). The section must exist.
pub fn append(existing: &str, section: &str, articles: &[Article]) -> Result<String> {
    let mut document: DocumentMut =
        existing.parse().context("the issue file is not valid TOML: run `bulletin check` on it")?;
    let names = section_names(&document);
    let Some(index) = names.iter().position(|name| name == section) else {
        let listed: Vec<String> = names.iter().map(|n| format!("“{n}”")).collect();
        bail!(
            "the issue has no section “{section}”; its sections are {}: give one of them with --section",
            if listed.is_empty() { "none".to_string() } else { listed.join(", ") }
        );
    };
    let snippet: String = articles
        .iter()
        .map(|article| article_toml(article).replacen("[[section.article]]", "[[article]]", 1))
        .collect::<Vec<_>>()
        .join("\n");
    let mut snippet: DocumentMut =
        snippet.parse().context("internal error: an article written as TOML does not read back")?;
    let Some(new) = snippet.remove("article").and_then(|item| item.into_array_of_tables().ok())
    else {
        bail!("internal error: the articles written as TOML are not tables");
    };
    let Some(target) = document
        .get_mut("section")
        .and_then(Item::as_array_of_tables_mut)
        .and_then(|sections| sections.get_mut(index))
    else {
        bail!("internal error: section “{section}” went missing");
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
    for mut table in new {
        table.set_position(after);
        table.decor_mut().set_prefix("\n");
        list.push(table);
    }
    Ok(document.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::issue::model::{Attribution, Date};

    fn article(title: &str) -> Article {
        Article {
            title: title.into(),
            listed: false,
            paragraphs: vec!["第一段。".into(), "第二段。".into()],
            attribution: Attribution {
                source: Some("《解放日报》".into()),
                compiler: "《电子商务动态》编辑部".into(),
                date: Date { year: 2023, month: 9, day: 1 },
            },
        }
    }

    const ISSUE: &str = "# 注释\npublication = \"../publication.toml\"\nyear = 2023\nnumber = 9\ndate = 2023-09-10\n\n[[section]]\nname = \"行业资讯\"\n\n# 示例\n# [[section.article]]\n\n[[section]]\nname = \"政策法规\"\n\n[[section.article]]\ntitle = \"已有\"\nparagraphs = [\"已有的段落。\"]\nattribution = { compiler = \"《电子商务动态》编辑部\", date = 2023-09-01 }\n";

    #[test]
    fn articles_land_in_their_section_and_the_rest_is_kept() {
        let text = append(ISSUE, "行业资讯", &[article("新一"), article("新二")]).unwrap();
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
        assert!(text.contains("  \"第一段。\",\n"), "one paragraph a line: {text}");
        let text = append(&text, "政策法规", &[article("新三")]).unwrap();
        let table: toml::Table = text.parse().unwrap();
        let last = &table["section"].as_array().unwrap()[1]["article"].as_array().unwrap();
        assert_eq!(last.len(), 2);
        assert_eq!(last[1]["title"].as_str(), Some("新三"));
    }

    #[test]
    fn a_missing_section_is_named_with_the_ones_there_are() {
        let err = append(ISSUE, "专家视点", &[article("新")]).unwrap_err().to_string();
        assert!(err.contains("no section “专家视点”"), "{err}");
        assert!(err.contains("“行业资讯”, “政策法规”"), "{err}");
    }
}
