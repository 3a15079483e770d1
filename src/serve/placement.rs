//! Where things fall in the typeset pages: each page's fingerprint, each article's pages,
//! lines and title rectangle (from the label the layouts put on its title), the contents
//! numbers as the cover now prints them, and the copyfit figures.

use rayon::prelude::*;
use serde::Serialize;
use typst::foundations::Label;
use typst::layout::{Frame, Point};
use typst::utils::PicoStr;
use typst_layout::PagedDocument;

use crate::export::fingerprint::visible_fingerprint;
use crate::issue::model::Issue;
use crate::typeset::inspect::{for_each_text, squeeze};

/// The page count the print shop binds in.
pub(crate) const MULTIPLE: usize = 4;

/// The placement of one build's pages.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub(crate) struct Layout {
    /// Every page.
    pub(crate) pages: Vec<PageInfo>,
    /// Every article that could be found in the pages, in document order.
    pub(crate) articles: Vec<ArticlePlace>,
    /// Every section with articles.
    pub(crate) sections: Vec<SectionPlace>,
    /// The entries of the contents, with the page each shows.
    pub(crate) contents: Vec<ContentsEntry>,
    /// Page count and room left.
    pub(crate) copyfit: Copyfit,
}

/// One page.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub(crate) struct PageInfo {
    /// 1-based.
    pub(crate) number: usize,
    /// A hash of what the page shows: equal fingerprints, equal images.
    pub(crate) fingerprint: String,
    /// In points.
    pub(crate) width: f64,
    /// In points.
    pub(crate) height: f64,
}

/// Where one article stands.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub(crate) struct ArticlePlace {
    /// Its section, 0-based.
    pub(crate) section: usize,
    /// Its place in the section, 0-based.
    pub(crate) article: usize,
    /// The page of its title.
    pub(crate) first_page: usize,
    /// The page of its attribution.
    pub(crate) last_page: usize,
    /// Lines of text after the title, the attribution's included.
    pub(crate) lines: usize,
    /// The first line of its title, as fractions of the page.
    pub(crate) title_rect: Option<Rect>,
}

/// A rectangle on a page, its origin at the top left, in fractions of the page's size.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub(crate) struct Rect {
    /// 1-based page number.
    pub(crate) page: usize,
    pub(crate) x: f64,
    pub(crate) y: f64,
    pub(crate) w: f64,
    pub(crate) h: f64,
}

/// Where one section stands.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub(crate) struct SectionPlace {
    /// 0-based.
    pub(crate) section: usize,
    pub(crate) first_page: usize,
    pub(crate) last_page: usize,
}

/// One entry of the cover's contents.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub(crate) struct ContentsEntry {
    pub(crate) section: usize,
    pub(crate) article: usize,
    /// The page number the entry shows.
    pub(crate) page: usize,
}

/// Page count and the room before the next multiple.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub(crate) struct Copyfit {
    pub(crate) page_count: usize,
    pub(crate) multiple: usize,
    /// Blank pages the print shop would add.
    pub(crate) pages_to_multiple: usize,
    /// How much of the last page's type area is used, 0–1.
    pub(crate) last_page_fill: f64,
}

/// A line of text on a page.
#[derive(Debug, Clone)]
struct Line {
    page: usize,
    /// Baseline, from the top of the page, in points.
    y: f64,
    x0: f64,
    x1: f64,
    /// The largest font size on the line.
    size: f64,
    text: String,
}

impl Line {
    fn top(&self) -> f64 {
        self.y - self.size
    }

    fn is_footer(&self) -> bool {
        let text = squeeze(&self.text);
        text.len() > 2
            && text.starts_with('-')
            && text.ends_with('-')
            && text[1..text.len() - 1].chars().all(|c| c.is_ascii_digit())
    }
}

/// Every page of `document`, fingerprinted on the thread pool (a page takes about a tenth
/// of a millisecond): what a rebuild needs first, to know which pages changed.
pub(crate) fn fingerprinted(document: &PagedDocument) -> Vec<PageInfo> {
    document
        .pages()
        .par_iter()
        .enumerate()
        .map(|(i, page)| PageInfo {
            number: i + 1,
            fingerprint: format!("{:032x}", visible_fingerprint(page)),
            width: page.frame.width().to_pt(),
            height: page.frame.height().to_pt(),
        })
        .collect()
}

/// The placement of `issue` in `document`, whose pages [`fingerprinted`] gave `pages`.
pub(crate) fn place(document: &PagedDocument, issue: &Issue, pages: Vec<PageInfo>) -> Layout {
    let lines: Vec<Line> = document
        .pages()
        .iter()
        .enumerate()
        .flat_map(|(i, page)| frame_lines(i + 1, &page.frame))
        .collect();
    let introspector = document.introspector();
    let mut titles = Vec::new();
    for (s, section) in issue.sections.iter().enumerate() {
        for (a, _) in section.articles.iter().enumerate() {
            let name = format!("article-{}-{}", s + 1, a + 1);
            let position = Label::new(PicoStr::intern(&name))
                .and_then(|label| introspector.elements().query_label(label).ok())
                .and_then(|content| content.location())
                .and_then(|location| introspector.position(location));
            if let Some(position) = position {
                titles.push(((s, a), position.page.get(), position.point));
            }
        }
    }
    // Each title's first line: the first line at or below its label's position.
    let starts: Vec<Option<usize>> = titles
        .iter()
        .map(|(_, page, point)| {
            lines.iter().position(|line| line.page == *page && line.y >= point.y.to_pt() - 0.5)
        })
        .collect();
    let mut articles = Vec::new();
    for (i, ((s, a), page, _)) in titles.iter().enumerate() {
        let article = &issue.sections[*s].articles[*a];
        let Some(start) = starts[i] else {
            articles.push(ArticlePlace {
                section: *s,
                article: *a,
                first_page: *page,
                last_page: *page,
                lines: 0,
                title_rect: None,
            });
            continue;
        };
        let end = starts.iter().skip(i + 1).flatten().next().copied().unwrap_or(lines.len());
        let title = &lines[start];
        let date = attribution_date(article.attribution.date);
        let attribution = (start + 1..end).find(|&l| squeeze(&lines[l].text).ends_with(&date));
        let last = attribution.unwrap_or(end.saturating_sub(1).max(start));
        let body = (start + 1..=last)
            .filter(|&l| !lines[l].is_footer() && lines[l].size < title.size - 0.5)
            .count();
        let page_info = &pages[title.page - 1];
        let (width, height) = (page_info.width.max(1.0), page_info.height.max(1.0));
        articles.push(ArticlePlace {
            section: *s,
            article: *a,
            first_page: title.page,
            last_page: lines[last].page.max(title.page),
            lines: body,
            title_rect: Some(Rect {
                page: title.page,
                x: title.x0 / width,
                y: (title.top() - 0.15 * title.size) / height,
                w: (title.x1 - title.x0) / width,
                h: 1.35 * title.size / height,
            }),
        });
    }
    let sections = issue
        .sections
        .iter()
        .enumerate()
        .filter_map(|(s, _)| {
            let mine = articles.iter().filter(|p| p.section == s);
            let first = mine.clone().map(|p| p.first_page).min()?;
            let last = mine.map(|p| p.last_page).max()?;
            Some(SectionPlace { section: s, first_page: first, last_page: last })
        })
        .collect();
    let contents = articles
        .iter()
        .filter(|p| issue.sections[p.section].articles[p.article].listed)
        .map(|p| ContentsEntry { section: p.section, article: p.article, page: p.first_page })
        .collect();
    let copyfit = copyfit(pages.len(), &lines);
    Layout { pages, articles, sections, contents, copyfit }
}

/// `2023年07月21日`, as the attribution line prints a date.
fn attribution_date(date: crate::issue::model::Date) -> String {
    format!("{:04}年{:02}月{:02}日", date.year, date.month, date.day)
}

/// The copyfit figures. The last page's fill is its lines of text (the colophon's
/// included, the footer not) against the most any page between the cover and it holds.
fn copyfit(page_count: usize, lines: &[Line]) -> Copyfit {
    let mut counts = vec![0usize; page_count + 1];
    for line in lines.iter().filter(|line| !line.is_footer()) {
        counts[line.page] += 1;
    }
    let full = counts.iter().take(page_count).skip(2).copied().max().unwrap_or(0);
    let fill = match (full, counts.get(page_count)) {
        (full, Some(&last)) if full > 0 && page_count > 2 => (last as f64 / full as f64).min(1.0),
        _ => 1.0,
    };
    Copyfit {
        page_count,
        multiple: MULTIPLE,
        pages_to_multiple: (MULTIPLE - page_count % MULTIPLE) % MULTIPLE,
        last_page_fill: (fill * 1000.0).round() / 1000.0,
    }
}

/// The lines of one page, top to bottom: runs on one baseline make a line.
fn frame_lines(page: usize, frame: &Frame) -> Vec<Line> {
    let mut runs: Vec<Line> = Vec::new();
    for_each_text(frame, Point::zero(), &mut |pos, text| {
        runs.push(Line {
            page,
            y: pos.y.to_pt(),
            x0: pos.x.to_pt(),
            x1: pos.x.to_pt() + text.width().to_pt(),
            size: text.size.to_pt(),
            text: text.text.to_string(),
        });
    });
    runs.sort_by(|a, b| a.y.total_cmp(&b.y));
    let mut groups: Vec<Vec<Line>> = Vec::new();
    for run in runs {
        match groups.last_mut() {
            Some(group) if (group[0].y - run.y).abs() < 0.5 => group.push(run),
            _ => groups.push(vec![run]),
        }
    }
    let mut lines = Vec::with_capacity(groups.len());
    for mut group in groups {
        group.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        let mut line = group[0].clone();
        for run in &group[1..] {
            line.text.push_str(&run.text);
            line.x0 = line.x0.min(run.x0);
            line.x1 = line.x1.max(run.x1);
            line.size = line.size.max(run.size);
        }
        lines.push(line);
    }
    lines
}
