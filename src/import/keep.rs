//! An editor's spacing in the issue being replaced, kept where the import reads the same.
//!
//! Where an export cannot show whether a space is deliberate (a space between Chinese and
//! a figure that starts a headline's second phrase reads like one the export put in), the
//! editor decides once in the issue file; importing again over that file keeps the
//! decision: a title or paragraph that equals one in the file, spaces ignored, is taken
//! as the file writes it.

use std::collections::HashMap;

use crate::issue::model::{Block, Section};

use super::spacing::squeeze;

/// Takes the spacing of `existing` (an issue file's text) for every title and paragraph of
/// `sections` that reads the same but for spaces; returns the texts changed.
pub(crate) fn spacing(sections: &mut [Section], existing: &str) -> Vec<String> {
    let Ok(table) = existing.parse::<toml::Table>() else { return Vec::new() };
    let mut titles = Wordings::default();
    let mut paragraphs = Wordings::default();
    let articles = table
        .get("section")
        .and_then(toml::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|s| s.get("article").and_then(toml::Value::as_array))
        .flatten();
    for article in articles {
        if let Some(title) = article.get("title").and_then(toml::Value::as_str) {
            titles.add(title);
        }
        let texts = article.get("paragraphs").and_then(toml::Value::as_array).into_iter().flatten();
        for paragraph in texts.filter_map(toml::Value::as_str) {
            paragraphs.add(paragraph);
        }
    }
    let mut changed = Vec::new();
    for article in sections.iter_mut().flat_map(|s| s.articles.iter_mut()) {
        titles.apply(&mut article.title, &mut changed);
        for block in &mut article.paragraphs {
            if let Block::Paragraph(paragraph) = block {
                paragraphs.apply(paragraph, &mut changed);
            }
        }
    }
    changed
}

/// Texts by their wording without spaces; `None` where two texts differ only in spacing.
#[derive(Default)]
struct Wordings(HashMap<String, Option<String>>);

impl Wordings {
    fn add(&mut self, text: &str) {
        self.0
            .entry(squeeze(text))
            .and_modify(|seen| {
                if seen.as_deref() != Some(text) {
                    *seen = None;
                }
            })
            .or_insert_with(|| Some(text.to_owned()));
    }

    fn apply(&self, text: &mut String, changed: &mut Vec<String>) {
        if let Some(Some(kept)) = self.0.get(&squeeze(text))
            && kept != text
        {
            *text = kept.clone();
            changed.push(kept.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::issue::model::{Article, Attribution, Date};

    #[test]
    fn the_files_spacing_wins_where_the_wording_is_the_same() {
        let mut sections = vec![Section {
            name: "行业资讯".into(),
            articles: vec![Article {
                title: "为行业注入新动力2024上海博览会".into(),
                listed: false,
                paragraphs: vec!["不同的段落。".into()],
                attribution: Attribution {
                    source: None,
                    compiler: "编辑部".into(),
                    date: Date { year: 2023, month: 8, day: 1 },
                },
            }],
        }];
        let existing = "[[section]]\nname = \"行业资讯\"\n[[section.article]]\ntitle = \"为行业注入新动力 2024上海博览会\"\nparagraphs = [\"另一段。\"]\n";
        let changed = spacing(&mut sections, existing);
        assert_eq!(changed, ["为行业注入新动力 2024上海博览会"]);
        assert_eq!(sections[0].articles[0].title, "为行业注入新动力 2024上海博览会");
        assert_eq!(sections[0].articles[0].paragraphs, ["不同的段落。"]);
    }
}
