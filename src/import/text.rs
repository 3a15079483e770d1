//! The text exported from the bulletin's PDF: sections, titles, paragraphs, attributions.
//!
//! What the export looks like is described in the README ("Importing articles"): a line
//! ending in a space ends a title or a paragraph, blank lines are the export's, page footers
//! (` - 14 - `) are dropped, the colophon follows a dashed rule and the contents list, each
//! line indented with a tab, comes last.

use std::ops::Range;
use std::path::Path;

use crate::diag::{Problem, Report};
use crate::issue::model::{Article, Publication, Section};

use super::attribution::{self, default_compiler};
use super::lines::{Line, lines};
use super::spacing::{join_lines, tidy};
use super::{colophon, contents};

/// Reads one export into sections of articles, `listed` set from its contents list.
///
/// Every line that cannot be placed is reported in `report` with its place in `path`.
pub fn read(
    path: &Path,
    text: &str,
    publication: &Publication,
    report: &mut Report,
) -> Vec<Section> {
    report.add_source(path, text);
    let mut reader = Reader {
        path,
        report,
        compiler: default_compiler(&publication.title),
        sections: Vec::new(),
        section_span: None,
        title: Vec::new(),
        open: None,
        part: Part::Before,
    };
    let mut colophon_lines = Vec::new();
    let mut contents_lines = Vec::new();
    for line in lines(text) {
        let trimmed = line.text.trim();
        if trimmed.is_empty() {
            continue;
        }
        match reader.part {
            Part::Contents => {
                if line.text.starts_with('\t') {
                    contents_lines.push(line);
                } else {
                    reader.unplaced(&line, "after the contents list");
                }
                continue;
            }
            Part::Colophon if line.text.starts_with('\t') => {
                reader.part = Part::Contents;
                contents_lines.push(line);
                continue;
            }
            Part::Colophon => {
                colophon_lines.push(line);
                continue;
            }
            Part::Before | Part::Articles => {}
        }
        if is_rule(trimmed) {
            reader.close();
            reader.part = Part::Colophon;
        } else if is_footer(trimmed) {
            // A page footer the export kept: not text.
        } else if let Some(name) = section_marker(trimmed) {
            reader.close();
            reader.sections.push(Section { name: name.to_owned(), articles: Vec::new() });
            reader.section_span = Some(line.trimmed_span());
            reader.part = Part::Articles;
        } else if reader.part == Part::Before {
            reader.unplaced(&line, "before the first section marker");
        } else if line.text.starts_with('\t') && reader.open.is_none() && reader.title.is_empty() {
            reader.close();
            reader.part = Part::Contents;
            contents_lines.push(line);
        } else {
            reader.text_line(line);
        }
    }
    reader.close();
    let Reader { mut sections, report, .. } = reader;
    colophon::check(path, &colophon_lines, &publication.colophon, report);
    contents::apply(path, &contents_lines, &mut sections, report);
    sections
}

/// Which part of the export the reader is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// Before the first section marker.
    Before,
    /// Sections and their articles.
    Articles,
    /// After the dashed rule.
    Colophon,
    /// The tab-indented contents list.
    Contents,
}

/// An article whose title has been read, waiting for its attribution.
struct Open<'a> {
    title: String,
    title_span: Range<usize>,
    paragraphs: Vec<String>,
    /// Lines of the paragraph being read.
    lines: Vec<&'a str>,
}

struct Reader<'p, 'a> {
    path: &'p Path,
    report: &'p mut Report,
    compiler: String,
    sections: Vec<Section>,
    /// The marker of the current section, until the section is closed.
    section_span: Option<Range<usize>>,
    /// Lines of the title being read.
    title: Vec<Line<'a>>,
    open: Option<Open<'a>>,
    part: Part,
}

impl<'a> Reader<'_, 'a> {
    fn error(&mut self, span: Range<usize>, message: String, hint: &str) {
        self.report.push(Problem::error(self.path, span, message).hint(hint));
    }

    fn unplaced(&mut self, line: &Line<'_>, where_: &str) {
        self.error(
            line.trimmed_span(),
            format!("this line stands {where_} and cannot be placed"),
            "move it into an article, or delete it if it is not part of the issue",
        );
    }

    /// A line of a title or of a paragraph, or an attribution.
    fn text_line(&mut self, line: Line<'a>) {
        let ends = line.text.ends_with(char::is_whitespace);
        if let Some(open) = &mut self.open {
            if let Some(found) = attribution::find(line.text, &self.compiler) {
                let before = &line.text[..found.start];
                if !before.trim().is_empty() {
                    open.lines.push(before);
                }
                let span = line.span.start + found.start..line.trimmed_span().end;
                self.finish(found.attribution, span);
                return;
            }
            open.lines.push(line.text);
            if ends {
                let paragraph = tidy(&join_lines(open.lines.drain(..)));
                open.paragraphs.push(paragraph);
            }
            return;
        }
        if self.title.is_empty()
            && let Some(found) = attribution::find(line.text, &self.compiler)
        {
            let span = line.span.start + found.start..line.trimmed_span().end;
            self.error(
                span,
                "this attribution follows no article".into(),
                "an article is a title line, its paragraphs, then the attribution",
            );
            return;
        }
        self.title.push(line);
        if ends {
            let lines = std::mem::take(&mut self.title);
            let title = tidy(&join_lines(lines.iter().map(|l| l.text)));
            let span = lines[0].trimmed_span().start..lines[lines.len() - 1].trimmed_span().end;
            if lines.len() > 2 {
                self.report.push(
                    Problem::error(
                        self.path,
                        span.clone(),
                        format!("the title “{title}” runs over {} lines", lines.len()),
                    )
                    .warning()
                    .hint("a line that ends in a space ends the title: check that no paragraph was taken into it"),
                );
            }
            self.open =
                Some(Open { title, title_span: span, paragraphs: Vec::new(), lines: Vec::new() });
        }
    }

    /// The attribution ends the open article.
    fn finish(
        &mut self,
        attribution: Result<crate::issue::model::Attribution, String>,
        span: Range<usize>,
    ) {
        let Some(mut open) = self.open.take() else { return };
        if !open.lines.is_empty() {
            open.paragraphs.push(tidy(&join_lines(open.lines.drain(..))));
        }
        let attribution = match attribution {
            Ok(attribution) => attribution,
            Err(message) => {
                self.error(
                    span,
                    format!("{message} (article “{}”)", open.title),
                    "write it as 来源：《解放日报》 编选：《电子商务动态》编辑部 2023 年 08 月 04 日",
                );
                return;
            }
        };
        if open.paragraphs.is_empty() {
            self.error(
                open.title_span,
                format!("the article “{}” has no paragraphs", open.title),
                "the title is followed directly by its attribution: add the text or delete the article",
            );
            return;
        }
        let article =
            Article { title: open.title, listed: false, paragraphs: open.paragraphs, attribution };
        if let Some(section) = self.sections.last_mut() {
            section.articles.push(article);
        }
    }

    /// Ends the current section at `line` (a marker, the rule, the end): nothing may be open.
    fn close(&mut self) {
        if !self.title.is_empty() {
            let lines = std::mem::take(&mut self.title);
            let span = lines[0].trimmed_span().start..lines[lines.len() - 1].trimmed_span().end;
            let title = tidy(&join_lines(lines.iter().map(|l| l.text)));
            self.error(
                span,
                format!("“{title}” stands where a title is expected, but no text follows it"),
                "a title line ends in a space and is followed by the article's paragraphs",
            );
        }
        if let Some(open) = self.open.take() {
            self.error(
                open.title_span,
                format!("the article “{}” has no attribution line", open.title),
                "end every article with its attribution, such as \
                 来源：《电子商务动态》编辑部 2023 年 07 月 21 日",
            );
        }
        let empty = self.sections.last().filter(|section| section.articles.is_empty());
        if let (Some(section), Some(span)) = (empty, self.section_span.take()) {
            let name = section.name.clone();
            self.error(
                span,
                format!("the section 【{name}】 has no articles"),
                "delete the marker, or check the articles that should follow it",
            );
        }
    }
}

/// `【行业资讯】` alone on a line.
fn section_marker(trimmed: &str) -> Option<&str> {
    let name = trimmed.strip_prefix('【')?.strip_suffix('】')?.trim();
    (!name.is_empty() && !name.contains(['【', '】'])).then_some(name)
}

/// ` - 14 - `: a page footer.
fn is_footer(trimmed: &str) -> bool {
    trimmed
        .strip_prefix('-')
        .and_then(|rest| rest.strip_suffix('-'))
        .map(str::trim)
        .is_some_and(|number| !number.is_empty() && number.chars().all(|c| c.is_ascii_digit()))
}

/// The dashed rule before the colophon.
fn is_rule(trimmed: &str) -> bool {
    trimmed.len() >= 10 && trimmed.chars().all(|c| c == '-')
}
