//! The contents list at the end of the export: its entries set the articles' `listed` flags.

use std::path::Path;

use crate::diag::{Diagnostic, Kind, Report, Text};
use crate::issue::model::Section;

use super::lines::Line;
use super::spacing::squeeze;

/// One line of the contents list.
#[derive(Debug, PartialEq, Eq)]
enum Entry<'a> {
    /// A section name (行业资讯).
    Section(&'a str),
    /// An article's title, with the dot leaders and the page number taken off.
    Article(&'a str),
}

/// Reads a contents line: `\t标题……………2` is an article, `\t行业资讯` a section.
fn entry(text: &str) -> Entry<'_> {
    let text = text.trim();
    let unpaged = text.trim_end_matches(|c: char| c.is_ascii_digit());
    let name = unpaged.trim_end_matches(['…', '.', '·', '．', '⋯', ' ']).trim_end();
    if name.len() == text.len() { Entry::Section(name) } else { Entry::Article(name) }
}

/// Sets `listed` on the article each entry names, matching titles with spaces ignored,
/// first in the section the contents list names. An entry or a section name that matches
/// nothing is an error; an entry found in another section, a warning.
pub(crate) fn apply(
    path: &Path,
    lines: &[Line<'_>],
    sections: &mut [Section],
    report: &mut Report,
) {
    let mut current: Option<usize> = None;
    for line in lines {
        match entry(line.text) {
            Entry::Section(name) => {
                current = sections.iter().position(|s| squeeze(&s.name) == squeeze(name));
                if current.is_none() {
                    report.push(
                        Diagnostic::error(
                            Kind::ContentsMismatch,
                            Text::new("contents-unknown-section").arg("name", name),
                        )
                        .at(path, line.trimmed_span())
                        .hint(Text::new("hint-sections-are").arg("names", names(sections))),
                    );
                }
            }
            Entry::Article(title) => {
                let wanted = squeeze(title);
                let find =
                    |s: &Section| s.articles.iter().position(|a| squeeze(&a.title) == wanted);
                let here = current.and_then(|s| find(&sections[s]).map(|a| (s, a)));
                let found = here.or_else(|| {
                    sections
                        .iter()
                        .enumerate()
                        .find_map(|(s, section)| find(section).map(|a| (s, a)))
                });
                match found {
                    Some((s, a)) => {
                        sections[s].articles[a].listed = true;
                        if let Some(c) = current.filter(|&c| c != s) {
                            report.push(
                                Diagnostic::warning(
                                    Kind::ContentsMismatch,
                                    Text::new("contents-other-section")
                                        .arg("title", title)
                                        .arg("listed", sections[c].name.as_str())
                                        .arg("actual", sections[s].name.as_str()),
                                )
                                .at(path, line.trimmed_span())
                                .hint(Text::new("hint-article-stays")),
                            );
                        }
                    }
                    None => report.push(
                        Diagnostic::error(
                            Kind::ContentsMismatch,
                            Text::new("contents-no-article").arg("title", title),
                        )
                        .at(path, line.trimmed_span())
                        .hint(Text::new("hint-contents-entry")),
                    ),
                }
            }
        }
    }
}

fn names(sections: &[Section]) -> Text {
    let names: Vec<String> = sections.iter().map(|s| format!("“{}”", s.name)).collect();
    if names.is_empty() { Text::new("none") } else { Text::plain(names.join(", ")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_lose_their_leaders_and_page_numbers() {
        assert_eq!(entry("\t行业资讯"), Entry::Section("行业资讯"));
        assert_eq!(
            entry("\t全球社交网络用户近50亿 同比增长3.7%……………………20"),
            Entry::Article("全球社交网络用户近50亿 同比增长3.7%")
        );
        assert_eq!(entry("\t工信部：增长37.4%………17"), Entry::Article("工信部：增长37.4%"));
    }
}
