//! Reading typeset pages back as lines of text, for checks and fidelity measures.

use typst::layout::{Frame, FrameItem, Point};
use typst::text::TextItem;
use typst_layout::PagedDocument;

/// One line of text on a page: its baseline and its characters, left to right.
#[derive(Debug, Clone, PartialEq)]
pub struct TextLine {
    /// Distance of the baseline from the top of the page, in points.
    pub y: f64,
    /// Left edge of the first run, from the left of the page, in points.
    pub x_start: f64,
    /// Right edge of the last run, in points.
    pub x_end: f64,
    /// The line's text, runs joined in reading order.
    pub text: String,
}

/// Every page's lines of text, top to bottom.
pub fn page_lines(document: &PagedDocument) -> Vec<Vec<TextLine>> {
    document.pages().iter().map(|page| frame_lines(&page.frame)).collect()
}

/// The lines of one frame: text runs grouped by baseline, each line sorted by x.
pub fn frame_lines(frame: &Frame) -> Vec<TextLine> {
    let mut runs = Vec::new();
    collect_runs(frame, Point::zero(), &mut runs);
    // Runs on one baseline (within a tenth of a point) make a line.
    runs.sort_by(|a, b| (round(a.y), a.x).partial_cmp(&(round(b.y), b.x)).expect("finite"));
    let mut lines: Vec<TextLine> = Vec::new();
    for run in runs {
        match lines.last_mut() {
            Some(line) if (line.y - run.y).abs() < 0.1 => {
                line.text.push_str(&run.text);
                line.x_end = line.x_end.max(run.x + run.width);
            }
            _ => lines.push(TextLine {
                y: run.y,
                x_start: run.x,
                x_end: run.x + run.width,
                text: run.text,
            }),
        }
    }
    lines
}

fn round(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

/// A run of text placed on a page.
struct Run {
    x: f64,
    y: f64,
    width: f64,
    text: String,
}

/// Collects every text run, with positions relative to the page.
fn collect_runs(frame: &Frame, offset: Point, runs: &mut Vec<Run>) {
    for_each_text(frame, offset, &mut |pos, text| {
        runs.push(Run {
            x: pos.x.to_pt(),
            y: pos.y.to_pt(),
            width: text.width().to_pt(),
            text: text.text.to_string(),
        })
    });
}

/// Calls `f` with every run of text in `frame` and its position, groups included.
pub fn for_each_text(frame: &Frame, offset: Point, f: &mut impl FnMut(Point, &TextItem)) {
    for (pos, item) in frame.items() {
        let pos = offset + *pos;
        match item {
            FrameItem::Group(group) => {
                let shift = Point::new(group.transform.tx, group.transform.ty);
                for_each_text(&group.frame, pos + shift, f);
            }
            FrameItem::Text(text) => f(pos, text),
            _ => {}
        }
    }
}

/// Removes all whitespace, so that texts can be compared regardless of spacing.
pub fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// For each title, the 1-based number of the first page after the cover whose text holds it.
///
/// A title may wrap, so each page's lines are joined before searching.
pub fn title_pages(pages: &[Vec<TextLine>], titles: &[String]) -> Vec<Option<usize>> {
    let page_texts: Vec<String> = pages
        .iter()
        .map(|lines| squeeze(&lines.iter().map(|l| l.text.as_str()).collect::<String>()))
        .collect();
    titles
        .iter()
        .map(|title| {
            let title = squeeze(title);
            page_texts
                .iter()
                .enumerate()
                .skip(1)
                .find(|(_, text)| text.contains(&title))
                .map(|(i, _)| i + 1)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(texts: &[&str]) -> Vec<TextLine> {
        texts
            .iter()
            .enumerate()
            .map(|(i, text)| TextLine {
                y: i as f64,
                x_start: 0.0,
                x_end: 1.0,
                text: text.to_string(),
            })
            .collect()
    }

    #[test]
    fn titles_are_found_after_the_cover_even_when_wrapped() {
        let pages = vec![
            page(&["目录", "甲 乙……2"]),
            page(&["甲 乙", "正文"]),
            page(&["很长的标题第一行", "第二行", "正文"]),
        ];
        let titles = ["甲 乙".to_string(), "很长的标题第一行第二行".into(), "没有".into()];
        assert_eq!(title_pages(&pages, &titles), [Some(2), Some(3), None]);
    }
}
