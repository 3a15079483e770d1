//! What changed between two versions of an issue, article by article: articles added,
//! removed, moved, retitled; their paragraphs, blocks, attribution; sections; the
//! issue's own details. Articles are matched by title, then by their text.

use serde::{Deserialize, Serialize};

use crate::issue::save::{Draft, DraftArticle, Paragraph};

/// What changed about one article (or section, or the issue itself).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum What {
    /// Number, year, date or publication of the issue.
    Details,
    SectionAdded,
    SectionRemoved,
    SectionRenamed,
    Added,
    Removed,
    /// To another place in its section, or to another section.
    Moved,
    Retitled,
    /// The text of its paragraphs.
    Paragraphs,
    /// Its other blocks: subheadings, pictures, tables.
    Blocks,
    Attribution,
    /// Listed in the contents, or no longer.
    Listed,
}

/// One changed article, section or the issue's details.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// Its section's name (the new one, unless it was removed).
    pub section: String,
    /// Its title (the new one, unless it was removed); empty for a section or the issue.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    pub what: Vec<What>,
}

/// A paragraph before and after: `None` where there was none, or is none now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParagraphChange {
    pub before: Option<String>,
    pub after: Option<String>,
}

/// A change with what it changed in detail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Detailed {
    #[serde(flatten)]
    pub change: Change,
    /// The title before, when it changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title_before: Option<String>,
    /// The paragraphs and blocks that changed, as pairs.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub paragraphs: Vec<ParagraphChange>,
}

/// The changes from `old` to `new`, in the new version's order (removed articles where
/// they were).
pub(crate) fn between(old: &Draft, new: &Draft) -> Vec<Change> {
    detailed(old, new).into_iter().map(|d| d.change).collect()
}

/// The changes from `old` to `new`, with the paragraphs before and after.
pub(crate) fn detailed(old: &Draft, new: &Draft) -> Vec<Detailed> {
    let mut out = Vec::new();
    if (&old.publication, old.year, old.number, old.running_number, &old.date)
        != (&new.publication, new.year, new.number, new.running_number, &new.date)
    {
        out.push(plain(String::new(), String::new(), vec![What::Details]));
    }
    let sections = match_sections(old, new);
    for (o, n) in &sections {
        match (o, n) {
            (None, Some(n)) => out.push(plain(
                new.sections[*n].name.clone(),
                String::new(),
                vec![What::SectionAdded],
            )),
            (Some(o), None) => out.push(plain(
                old.sections[*o].name.clone(),
                String::new(),
                vec![What::SectionRemoved],
            )),
            (Some(o), Some(n)) if old.sections[*o].name != new.sections[*n].name => out.push(
                plain(new.sections[*n].name.clone(), String::new(), vec![What::SectionRenamed]),
            ),
            _ => {}
        }
    }
    let section_of_old = |o: usize| sections.iter().find(|(x, _)| *x == Some(o)).and_then(|p| p.1);
    let olds = flatten(old);
    let news = flatten(new);
    let pairs = match_articles(&olds, &news);
    let moved = moved(&pairs, &olds, &news, &section_of_old);
    for (i, (s, _, article)) in news.iter().enumerate() {
        let section = new.sections[*s].name.clone();
        match pairs.iter().position(|&(_, n)| n == i) {
            None => {
                let mut added = plain(section, article.title.clone(), vec![What::Added]);
                added.paragraphs = article
                    .paragraphs
                    .iter()
                    .map(|p| ParagraphChange { before: None, after: Some(shown(p)) })
                    .collect();
                out.push(added);
            }
            Some(p) => {
                let before = olds[pairs[p].0].2;
                let mut what = Vec::new();
                if moved.contains(&p) {
                    what.push(What::Moved);
                }
                let mut detail = compare(before, article, &mut what);
                if !what.is_empty() {
                    detail.change = Change { section, title: article.title.clone(), what };
                    out.push(detail);
                }
            }
        }
    }
    for (o, (s, _, article)) in olds.iter().enumerate() {
        if !pairs.iter().any(|&(x, _)| x == o) {
            let mut removed =
                plain(old.sections[*s].name.clone(), article.title.clone(), vec![What::Removed]);
            removed.paragraphs = article
                .paragraphs
                .iter()
                .map(|p| ParagraphChange { before: Some(shown(p)), after: None })
                .collect();
            out.push(removed);
        }
    }
    out
}

/// Which section and article of `old` each one of `new` is: for every new section the
/// old one's index, for every new article the old one's `(section, place)`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Matching {
    pub sections: Vec<Option<usize>>,
    pub articles: Vec<Vec<Option<(usize, usize)>>>,
}

/// Matches `new`'s sections and articles with `old`'s, as [`between`] does.
pub(crate) fn matching(old: &Draft, new: &Draft) -> Matching {
    let mut sections = vec![None; new.sections.len()];
    for (o, n) in match_sections(old, new) {
        if let (Some(o), Some(n)) = (o, n) {
            sections[n] = Some(o);
        }
    }
    let olds = flatten(old);
    let news = flatten(new);
    let mut articles: Vec<Vec<Option<(usize, usize)>>> =
        new.sections.iter().map(|s| vec![None; s.articles.len()]).collect();
    for (o, n) in match_articles(&olds, &news) {
        let (s, a, _) = news[n];
        articles[s][a] = Some((olds[o].0, olds[o].1));
    }
    Matching { sections, articles }
}

fn plain(section: String, title: String, what: Vec<What>) -> Detailed {
    Detailed { change: Change { section, title, what }, title_before: None, paragraphs: Vec::new() }
}

/// A paragraph as the versions panel shows it: the text, or a block's TOML.
fn shown(paragraph: &Paragraph) -> String {
    match paragraph {
        Paragraph::Text(text) | Paragraph::Other(text) => text.clone(),
    }
}

/// What differs between two matched articles, pushed onto `what`.
fn compare(old: &DraftArticle, new: &DraftArticle, what: &mut Vec<What>) -> Detailed {
    let mut detail = plain(String::new(), String::new(), Vec::new());
    if old.title != new.title {
        what.push(What::Retitled);
        detail.title_before = Some(old.title.clone());
    }
    let texts = |a: &DraftArticle| a.paragraphs.iter().map(shown).collect::<Vec<_>>();
    let (before, after) = (texts(old), texts(new));
    let ops = similar::capture_diff_slices(similar::Algorithm::Myers, &before, &after);
    let (mut text, mut blocks) = (false, false);
    for op in ops {
        let (tag, removed, added) = op.as_tag_tuple();
        if tag == similar::DiffTag::Equal {
            continue;
        }
        let kinds = old.paragraphs[removed.clone()].iter().chain(&new.paragraphs[added.clone()]);
        for paragraph in kinds {
            match paragraph {
                Paragraph::Text(_) => text = true,
                Paragraph::Other(_) => blocks = true,
            }
        }
        let (r, a) = (&before[removed], &after[added]);
        for i in 0..r.len().max(a.len()) {
            detail
                .paragraphs
                .push(ParagraphChange { before: r.get(i).cloned(), after: a.get(i).cloned() });
        }
    }
    if text {
        what.push(What::Paragraphs);
    }
    if blocks {
        what.push(What::Blocks);
    }
    if old.attribution != new.attribution {
        what.push(What::Attribution);
    }
    if old.listed != new.listed {
        what.push(What::Listed);
    }
    detail
}

/// Every article with its section and its place there.
fn flatten(draft: &Draft) -> Vec<(usize, usize, &DraftArticle)> {
    draft
        .sections
        .iter()
        .enumerate()
        .flat_map(|(s, section)| section.articles.iter().enumerate().map(move |(a, x)| (s, a, x)))
        .collect()
}

/// Sections paired by name, then the rest by place among the unpaired.
fn match_sections(old: &Draft, new: &Draft) -> Vec<(Option<usize>, Option<usize>)> {
    let mut paired: Vec<Option<usize>> = vec![None; new.sections.len()];
    let mut taken = vec![false; old.sections.len()];
    for (n, section) in new.sections.iter().enumerate() {
        if let Some(o) =
            (0..old.sections.len()).find(|&o| !taken[o] && old.sections[o].name == section.name)
        {
            paired[n] = Some(o);
            taken[o] = true;
        }
    }
    let mut free_old =
        (0..old.sections.len()).filter(|&o| !taken[o]).collect::<Vec<_>>().into_iter();
    for slot in paired.iter_mut().filter(|slot| slot.is_none()) {
        if let Some(o) = free_old.next() {
            *slot = Some(o);
            taken[o] = true;
        }
    }
    let mut pairs: Vec<_> = paired.iter().enumerate().map(|(n, o)| (*o, Some(n))).collect();
    pairs.extend((0..old.sections.len()).filter(|&o| !taken[o]).map(|o| (Some(o), None)));
    pairs
}

/// Articles paired `(old, new)`: by title first, then by sharing at least half their
/// paragraphs (a retitled article), in order.
fn match_articles(
    olds: &[(usize, usize, &DraftArticle)],
    news: &[(usize, usize, &DraftArticle)],
) -> Vec<(usize, usize)> {
    let mut taken = vec![false; olds.len()];
    let mut pairs = Vec::new();
    let mut unpaired = Vec::new();
    for (n, (_, _, article)) in news.iter().enumerate() {
        match (0..olds.len()).find(|&o| !taken[o] && olds[o].2.title == article.title) {
            Some(o) => {
                taken[o] = true;
                pairs.push((o, n));
            }
            None => unpaired.push(n),
        }
    }
    for n in unpaired {
        let article = news[n].2;
        let best = (0..olds.len())
            .filter(|&o| !taken[o])
            .map(|o| (shared(olds[o].2, article), o))
            .filter(|&(share, _)| share >= 0.5)
            .max_by(|a, b| a.0.total_cmp(&b.0));
        if let Some((_, o)) = best {
            taken[o] = true;
            pairs.push((o, n));
        }
    }
    pairs.sort_by_key(|&(_, n)| n);
    pairs
}

/// The share of paragraphs two articles have in common.
fn shared(a: &DraftArticle, b: &DraftArticle) -> f64 {
    let most = a.paragraphs.len().max(b.paragraphs.len());
    if most == 0 {
        return 0.0;
    }
    let common = a.paragraphs.iter().filter(|p| b.paragraphs.contains(p)).count();
    common as f64 / most as f64
}

/// The pairs (by index into `pairs`) whose article moved: to another section, or out of
/// the longest run of articles that kept their order within a section.
fn moved(
    pairs: &[(usize, usize)],
    olds: &[(usize, usize, &DraftArticle)],
    news: &[(usize, usize, &DraftArticle)],
    section_of_old: &dyn Fn(usize) -> Option<usize>,
) -> Vec<usize> {
    let mut out = Vec::new();
    let mut by_section: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for (p, &(o, n)) in pairs.iter().enumerate() {
        if section_of_old(olds[o].0) != Some(news[n].0) {
            out.push(p);
        } else {
            by_section.entry(news[n].0).or_default().push(p);
        }
    }
    for run in by_section.values() {
        // Pairs are in new order; the longest increasing run of old places stayed.
        let places: Vec<usize> = run.iter().map(|&p| olds[pairs[p].0].1).collect();
        let kept = longest_increasing(&places);
        out.extend(run.iter().enumerate().filter(|(i, _)| !kept.contains(i)).map(|(_, &p)| p));
    }
    out
}

/// Indices of one longest strictly increasing subsequence of `values`.
fn longest_increasing(values: &[usize]) -> Vec<usize> {
    let n = values.len();
    let mut length = vec![1usize; n];
    let mut previous = vec![usize::MAX; n];
    for i in 0..n {
        for j in 0..i {
            if values[j] < values[i] && length[j] + 1 > length[i] {
                length[i] = length[j] + 1;
                previous[i] = j;
            }
        }
    }
    let Some(mut i) = (0..n).max_by_key(|&i| (length[i], std::cmp::Reverse(i))) else {
        return Vec::new();
    };
    let mut kept = vec![i];
    while previous[i] != usize::MAX {
        i = previous[i];
        kept.push(i);
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::issue::save::read_draft;

    fn draft(text: &str) -> Draft {
        read_draft(text).unwrap()
    }

    const BASE: &str = r#"year = 2023
number = 8
date = 2023-08-10

[[section]]
name = "行业资讯"

[[section.article]]
title = "甲"
paragraphs = ["一", "二"]
attribution = { compiler = "编辑部", date = 2023-07-21 }

[[section.article]]
title = "乙"
paragraphs = ["三"]
attribution = { compiler = "编辑部", date = 2023-07-21 }

[[section.article]]
title = "丙"
paragraphs = ["四"]
attribution = { compiler = "编辑部", date = 2023-07-21 }
"#;

    fn what(old: &str, new: &str) -> Vec<(String, Vec<What>)> {
        between(&draft(old), &draft(new)).into_iter().map(|c| (c.title, c.what)).collect()
    }

    #[test]
    fn nothing_changed_is_no_change() {
        assert!(what(BASE, BASE).is_empty());
    }

    #[test]
    fn text_title_and_attribution_are_told_apart() {
        let new =
            BASE.replace("\"二\"", "\"二，改\"").replace("title = \"乙\"", "title = \"乙二\"");
        assert_eq!(
            what(BASE, &new),
            [("甲".to_owned(), vec![What::Paragraphs]), ("乙二".to_owned(), vec![What::Retitled]),]
        );
        let detail = detailed(&draft(BASE), &draft(&new));
        assert_eq!(
            detail[0].paragraphs,
            [ParagraphChange { before: Some("二".into()), after: Some("二，改".into()) }]
        );
        assert_eq!(detail[1].title_before.as_deref(), Some("乙"));
    }

    #[test]
    fn a_moved_and_a_deleted_article() {
        let start = BASE.find("[[section.article]]").unwrap();
        let parts: Vec<&str> = BASE[start..].split_inclusive("date = 2023-07-21 }\n").collect();
        let article = |i: usize| parts[i].trim_start().to_owned();
        // 丙 put first.
        let moved = format!("{}{}\n{}\n{}", &BASE[..start], article(2), article(0), article(1));
        assert_eq!(what(BASE, &moved), [("丙".to_owned(), vec![What::Moved])]);
        // 乙 removed.
        let removed = format!("{}{}\n{}", &BASE[..start], article(0), article(2));
        assert_eq!(what(BASE, &removed), [("乙".to_owned(), vec![What::Removed])]);
    }

    #[test]
    fn details_and_sections() {
        let new = BASE.replace("number = 8", "number = 9").replace("行业资讯", "政策");
        assert_eq!(
            what(BASE, &new),
            [(String::new(), vec![What::Details]), (String::new(), vec![What::SectionRenamed]),]
        );
    }
}
