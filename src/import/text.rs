//! The text exported from the bulletin's PDF: sections, titles, paragraphs, attributions.
//!
//! What the export looks like is described in docs/import.md: a line ending in a space ends
//! a title or a paragraph, blank lines are the export's, page footers (` - 14 - `) are
//! dropped wherever they fall, the colophon follows a dashed rule and the contents list,
//! each line indented with a tab, comes last.

use std::ops::Range;
use std::path::Path;

use crate::diag::{Diagnostic, Kind, Report, Text};
use crate::issue::limits::{PARAGRAPH_MAX_CHARS, Tally, block_chars};
use crate::issue::model::{Article, Block, Publication, Section};

use super::attribution::{self, default_compiler};
use super::footer::is_footer;
use super::lines::{Line, Row, rows};
use super::spacing::{join_lines, tidy};
use super::words::is_byline;
use super::{blocks, colophon, contents, titles};

/// Reads one export into sections of articles, `listed` set from its contents list.
///
/// Every line that cannot be placed is reported in `report` with its place in `path`.
pub(crate) fn read(
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
        tally: Tally::default(),
    };
    let mut colophon_lines = Vec::new();
    let mut contents_lines = Vec::new();
    let rows = rows(text, |line| is_footer(line, &publication.title));
    for (at, row) in rows.iter().enumerate() {
        // More than an issue may hold: the rest is not read.
        if reader.tally.is_over() {
            return reader.sections;
        }
        let line = row.line.clone();
        let trimmed = line.text.trim();
        match reader.part {
            Part::Contents => {
                if line.text.starts_with('\t') {
                    contents_lines.push(line);
                } else {
                    reader.unplaced(&line, "where-after-contents");
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
        } else if let Some(name) = section_marker(trimmed) {
            reader.close();
            reader.sections.push(Section { name: name.to_owned(), articles: Vec::new() });
            reader.section_span = Some(line.trimmed_span());
            reader.part = Part::Articles;
        } else if reader.part == Part::Before {
            reader.unplaced(&line, "where-before-first-section");
        } else if line.text.starts_with('\t') && reader.open.is_none() && reader.title.is_empty() {
            reader.close();
            reader.part = Part::Contents;
            contents_lines.push(line);
        } else {
            reader.text_line(line, rows.get(at + 1));
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
    paragraphs: Vec<Block>,
    /// Lines of the paragraph being read.
    lines: Vec<&'a str>,
}

impl Open<'_> {
    /// The lines read so far make a paragraph, a subheading, or a paragraph and the byline
    /// set apart at its end; a byline alone on its lines (`（作者：…）`) is a byline too.
    fn end_paragraph(&mut self) {
        if self.lines.is_empty() {
            return;
        }
        let alone = tidy(&join_lines(self.lines.iter().copied()));
        if is_byline(&alone) && !self.paragraphs.is_empty() {
            self.lines.clear();
            self.paragraphs.push(Block::Byline(alone));
            return;
        }
        blocks::close_paragraph(&mut self.paragraphs, self.lines.drain(..));
    }
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
    /// The articles read, against what an issue may hold.
    tally: Tally,
}

impl<'a> Reader<'_, 'a> {
    fn error(&mut self, kind: Kind, span: Range<usize>, message: Text, hint: Text) {
        self.report.push(Diagnostic::error(kind, message).at(self.path, span).hint(hint));
    }

    fn unplaced(&mut self, line: &Line<'_>, where_: &'static str) {
        self.error(
            Kind::UnplacedLine,
            line.trimmed_span(),
            Text::new("unplaced-line").arg("where", Text::new(where_)),
            Text::new("hint-move-or-delete"),
        );
    }

    /// A line of a title or of a paragraph, or an attribution; `next` is the row after it.
    fn text_line(&mut self, line: Line<'a>, next: Option<&Row<'_>>) {
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
                open.end_paragraph();
            }
            return;
        }
        if self.title.is_empty()
            && let Some(found) = attribution::find(line.text, &self.compiler)
        {
            let span = line.span.start + found.start..line.trimmed_span().end;
            self.error(
                Kind::UnplacedLine,
                span,
                Text::new("attribution-without-article"),
                Text::new("hint-article-shape"),
            );
            return;
        }
        let goes_on = ends && titles::goes_on(line.text, next, |text| self.is_plain(text));
        self.title.push(line);
        if ends && !goes_on {
            let lines = std::mem::take(&mut self.title);
            let title = tidy(&join_lines(lines.iter().map(|l| l.text)));
            let span = lines[0].trimmed_span().start..lines[lines.len() - 1].trimmed_span().end;
            if lines.len() > 2 {
                self.report.push(
                    Diagnostic::warning(
                        Kind::LongTitle,
                        Text::new("long-title")
                            .arg("title", title.as_str())
                            .arg("lines", lines.len()),
                    )
                    .at(self.path, span.clone())
                    .hint(Text::new("hint-title-ends")),
                );
            }
            self.open =
                Some(Open { title, title_span: span, paragraphs: Vec::new(), lines: Vec::new() });
        }
    }

    /// Whether `text` is a line of text: no marker, rule, attribution or contents entry.
    fn is_plain(&self, text: &str) -> bool {
        let trimmed = text.trim();
        !text.starts_with('\t')
            && !is_rule(trimmed)
            && section_marker(trimmed).is_none()
            && attribution::find(text, &self.compiler).is_none()
    }

    /// The attribution ends the open article.
    fn finish(
        &mut self,
        attribution: Result<crate::issue::model::Attribution, Text>,
        span: Range<usize>,
    ) {
        let Some(mut open) = self.open.take() else { return };
        open.end_paragraph();
        let attribution = match attribution {
            Ok(attribution) => attribution,
            Err(message) => {
                self.error(
                    Kind::BadAttribution,
                    span,
                    Text::new("in-article")
                        .arg("message", message)
                        .arg("title", open.title.as_str()),
                    Text::new("hint-attribution-export"),
                );
                return;
            }
        };
        if open.paragraphs.is_empty() {
            self.error(
                Kind::NoParagraphs,
                open.title_span,
                Text::new("import-no-paragraphs").arg("title", open.title.as_str()),
                Text::new("hint-title-then-attribution"),
            );
            return;
        }
        let article =
            Article { title: open.title, listed: false, paragraphs: open.paragraphs, attribution };
        self.count(&article, &open.title_span);
        if let Some(section) = self.sections.last_mut() {
            section.articles.push(article);
        }
    }

    /// Counts `article`, its title at `span`, against what an issue may hold: reports a
    /// paragraph too long, and the limit the article passes.
    fn count(&mut self, article: &Article, span: &Range<usize>) {
        for (p, block) in article.paragraphs.iter().enumerate() {
            let chars = block_chars(block);
            if matches!(block, Block::Paragraph(_)) && chars > PARAGRAPH_MAX_CHARS {
                let message = Text::new("import-paragraph-too-long")
                    .arg("number", p + 1)
                    .arg("title", article.title.as_str())
                    .arg("chars", chars)
                    .arg("max", PARAGRAPH_MAX_CHARS);
                let hint = Text::new("hint-paragraph-lines-export");
                self.error(Kind::TextTooLong, span.clone(), message, hint);
            }
        }
        let tally = &mut self.tally;
        let over = tally.article().or_else(|| {
            article.paragraphs.iter().find_map(|block| tally.block(block_chars(block)))
        });
        if let Some(over) = over {
            let message = Text::new("import-over-limit")
                .arg("title", article.title.as_str())
                .arg("max", over.max())
                .arg("what", over.what());
            self.error(over.kind(), span.clone(), message, Text::new("hint-import-too-large"));
        }
    }

    /// Ends the current section at `line` (a marker, the rule, the end): nothing may be open.
    fn close(&mut self) {
        if !self.title.is_empty() {
            let lines = std::mem::take(&mut self.title);
            let span = lines[0].trimmed_span().start..lines[lines.len() - 1].trimmed_span().end;
            let title = tidy(&join_lines(lines.iter().map(|l| l.text)));
            self.error(
                Kind::UnplacedLine,
                span,
                Text::new("title-without-text").arg("title", title),
                Text::new("hint-title-line"),
            );
        }
        if let Some(open) = self.open.take() {
            self.error(
                Kind::NoAttribution,
                open.title_span,
                Text::new("no-attribution-line").arg("title", open.title.as_str()),
                Text::new("hint-end-with-attribution"),
            );
        }
        let empty = self.sections.last().filter(|section| section.articles.is_empty());
        if let (Some(section), Some(span)) = (empty, self.section_span.take()) {
            let name = section.name.clone();
            self.error(
                Kind::NoArticles,
                span,
                Text::new("import-empty-section").arg("name", name),
                Text::new("hint-delete-marker"),
            );
        }
    }
}

/// `【行业资讯】` alone on a line (any name, spaces inside the brackets ignored).
fn section_marker(trimmed: &str) -> Option<&str> {
    let name = trimmed.strip_prefix('【')?.strip_suffix('】')?.trim();
    (!name.is_empty() && !name.contains(['【', '】'])).then_some(name)
}

/// The dashed rule before the colophon.
fn is_rule(trimmed: &str) -> bool {
    trimmed.len() >= 10 && trimmed.chars().all(|c| c == '-')
}
