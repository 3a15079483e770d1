//! Merging two versions of an issue made from the same earlier one: article by article
//! and field by field (title, contents listing, paragraphs, source, compiler, date; the
//! issue's number and date; section names), paragraphs merged where each side changed
//! other ones. Only the same field changed both ways is a conflict: the current
//! version's value is kept and both texts are reported, so nothing is dropped silently.
//!
//! Sections and articles are known by ids that stay the same across the three versions
//! (the desk's keys, or ids found by matching texts).

use serde::Serialize;

use crate::issue::save::{Draft, DraftArticle, DraftAttribution, DraftSection, Origin, Paragraph};

/// The ids of a draft's sections and of each section's articles, in the draft's order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Ids {
    pub sections: Vec<String>,
    pub articles: Vec<Vec<String>>,
}

/// A draft and its ids.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Side<'a> {
    pub draft: &'a Draft,
    pub ids: &'a Ids,
}

/// Which field both sides changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Field {
    Year,
    Number,
    RunningNumber,
    Date,
    SectionName,
    Title,
    Listed,
    Paragraphs,
    Source,
    Compiler,
    AttributionDate,
    /// One side removed the article, the other changed it: it is kept.
    Removed,
}

/// A field both sides changed, with both values (paragraphs one a line).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Conflict {
    /// The section's name and the article's title (empty for the issue's own fields).
    pub section: String,
    pub title: String,
    /// The article's (or section's) id in the merged version, when it has one.
    pub id: Option<String>,
    pub field: Field,
    /// The value kept: the current version's.
    pub current: Vec<String>,
    /// The value of the version merged in.
    pub incoming: Vec<String>,
}

/// The merged version.
#[derive(Debug, Clone)]
pub(crate) struct Merged {
    pub draft: Draft,
    pub ids: Ids,
    pub conflicts: Vec<Conflict>,
}

type Found<'a> = Option<(usize, usize, &'a DraftArticle)>;

fn find<'a>(side: Side<'a>, id: &str) -> Found<'a> {
    for (s, list) in side.ids.articles.iter().enumerate() {
        if let Some(a) = list.iter().position(|k| k == id) {
            return side.draft.sections.get(s)?.articles.get(a).map(|article| (s, a, article));
        }
    }
    None
}

fn find_section<'a>(side: Side<'a>, id: &str) -> Option<&'a DraftSection> {
    let s = side.ids.sections.iter().position(|k| k == id)?;
    side.draft.sections.get(s)
}

/// Three-way choice of a value: the side that changed it wins; both changed it the same
/// way, that; both differently: `None` (a conflict).
fn pick<T: PartialEq + Clone>(base: Option<&T>, current: &T, incoming: &T) -> Option<T> {
    if current == incoming || base == Some(incoming) {
        Some(current.clone())
    } else if base == Some(current) {
        Some(incoming.clone())
    } else {
        None
    }
}

/// Merges `incoming` (made from `base`) into `current` (also made from `base`).
pub(crate) fn merge(base: Side, current: Side, incoming: Side) -> Merged {
    let mut conflicts = Vec::new();
    let mut draft = Draft {
        publication: current.draft.publication.clone(),
        date: String::new(),
        sections: Vec::new(),
        ..Draft::default()
    };
    macro_rules! field {
        ($name:ident, $field:expr, $show:expr) => {
            draft.$name =
                match pick(Some(&base.draft.$name), &current.draft.$name, &incoming.draft.$name) {
                    Some(value) => value,
                    None => {
                        conflicts.push(Conflict {
                            section: String::new(),
                            title: String::new(),
                            id: None,
                            field: $field,
                            current: vec![$show(&current.draft.$name)],
                            incoming: vec![$show(&incoming.draft.$name)],
                        });
                        current.draft.$name.clone()
                    }
                };
        };
    }
    let number = |n: &Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
    field!(year, Field::Year, number);
    field!(number, Field::Number, number);
    field!(running_number, Field::RunningNumber, number);
    field!(date, Field::Date, |d: &String| d.clone());

    // Which articles the merged version holds, and their fields.
    let mut articles: Vec<(String, DraftArticle)> = Vec::new();
    let mut every: Vec<&String> = current.ids.articles.iter().flatten().collect();
    for id in incoming.ids.articles.iter().flatten() {
        if !every.contains(&id) {
            every.push(id);
        }
    }
    for id in every {
        let b = find(base, id);
        let c = find(current, id);
        let i = find(incoming, id);
        let section_of = |side: Side, found: Found| {
            found.map(|(s, _, _)| side.draft.sections[s].name.clone()).unwrap_or_default()
        };
        match (b, c, i) {
            (_, Some(c), Some(i)) => {
                let section = section_of(current, Some(c));
                let merged = merge_article(b.map(|x| x.2), c.2, i.2, &section, id, &mut conflicts);
                articles.push((id.clone(), merged));
            }
            (Some(b), Some(c), None) if c.2 != b.2 => {
                conflicts.push(removed(&section_of(current, Some(c)), id, Some(c.2), None));
                articles.push((id.clone(), c.2.clone()));
            }
            (Some(b), None, Some(i)) if i.2 != b.2 => {
                let mut kept = i.2.clone();
                kept.origin = Origin::New;
                conflicts.push(removed(&section_of(incoming, Some(i)), id, None, Some(i.2)));
                articles.push((id.clone(), kept));
            }
            (None, Some(c), None) => articles.push((id.clone(), c.2.clone())),
            (None, None, Some(i)) => {
                let mut added = i.2.clone();
                added.origin = Origin::New;
                articles.push((id.clone(), added));
            }
            _ => {}
        }
    }

    // Where they go: the order of whichever side changed it (the current one's when
    // both did), then what only the other side holds, after what comes before it there.
    let placed = |side: Side| -> Vec<(String, Vec<String>)> {
        side.ids
            .sections
            .iter()
            .zip(&side.ids.articles)
            .map(|(s, list)| (s.clone(), list.clone()))
            .collect()
    };
    let base_order = placed(base);
    let known = |order: &[(String, Vec<String>)]| -> Vec<(String, Vec<String>)> {
        order
            .iter()
            .map(|(s, list)| {
                let in_base = |id: &&String| base.ids.articles.iter().flatten().any(|b| b == *id);
                (s.clone(), list.iter().filter(in_base).cloned().collect())
            })
            .filter(|(s, _)| base.ids.sections.contains(s))
            .collect()
    };
    let incoming_moved = known(&placed(incoming)) != known(&base_order);
    let current_moved = known(&placed(current)) != known(&base_order);
    let (first, second) =
        if incoming_moved && !current_moved { (incoming, current) } else { (current, incoming) };
    let mut layout: Vec<(String, Vec<String>)> = placed(first);
    // Sections the other side added, after the section before them there.
    let other = placed(second);
    for (n, (section, _)) in other.iter().enumerate() {
        if layout.iter().any(|(s, _)| s == section) {
            continue;
        }
        let removed_here = base.ids.sections.contains(section);
        if removed_here {
            continue;
        }
        let at = (0..n)
            .rev()
            .find_map(|p| layout.iter().position(|(s, _)| *s == other[p].0))
            .map_or(0, |p| p + 1);
        layout.insert(at, (section.clone(), Vec::new()));
    }
    let kept: Vec<&String> = articles.iter().map(|(id, _)| id).collect();
    for (_, list) in &mut layout {
        list.retain(|id| kept.contains(&id));
    }
    for (section, list) in &other {
        for (n, id) in list.iter().enumerate() {
            if !kept.contains(&id) || layout.iter().any(|(_, l)| l.contains(id)) {
                continue;
            }
            let s = layout
                .iter()
                .position(|(s, _)| s == section)
                .unwrap_or(layout.len().saturating_sub(1));
            if layout.is_empty() {
                layout.push((section.clone(), Vec::new()));
            }
            let target = &mut layout[s].1;
            let at = (0..n)
                .rev()
                .find_map(|p| target.iter().position(|x| *x == list[p]))
                .map_or(0, |p| p + 1);
            target.insert(at, id.clone());
        }
    }

    // The sections themselves: names merged, origins from the current file.
    let mut ids = Ids::default();
    for (section, list) in layout {
        let b = find_section(base, &section);
        let c = find_section(current, &section);
        let i = find_section(incoming, &section);
        let name = match (c, i) {
            (Some(c), Some(i)) => match pick(b.map(|b| &b.name), &c.name, &i.name) {
                Some(name) => name,
                None => {
                    conflicts.push(Conflict {
                        section: c.name.clone(),
                        title: String::new(),
                        id: Some(section.clone()),
                        field: Field::SectionName,
                        current: vec![c.name.clone()],
                        incoming: vec![i.name.clone()],
                    });
                    c.name.clone()
                }
            },
            (Some(one), None) | (None, Some(one)) => one.name.clone(),
            (None, None) => String::new(),
        };
        let origin = c.map_or(Origin::New, |c| c.origin);
        let section_articles = list
            .iter()
            .filter_map(|id| articles.iter().find(|(k, _)| k == id).map(|(_, a)| a.clone()))
            .collect();
        draft.sections.push(DraftSection { name, articles: section_articles, origin });
        ids.sections.push(section);
        ids.articles.push(list);
    }
    Merged { draft, ids, conflicts }
}

/// An article one side removed and the other changed (so it is kept): each side's
/// paragraphs, none for the side that removed it.
fn removed(
    section: &str,
    id: &str,
    current: Option<&DraftArticle>,
    incoming: Option<&DraftArticle>,
) -> Conflict {
    let kept = current.or(incoming).map(|a| a.title.clone()).unwrap_or_default();
    let text = |side: Option<&DraftArticle>| side.map(|a| lines(&a.paragraphs)).unwrap_or_default();
    Conflict {
        section: section.to_owned(),
        title: kept,
        id: Some(id.to_owned()),
        field: Field::Removed,
        current: text(current),
        incoming: text(incoming),
    }
}

fn lines(paragraphs: &[Paragraph]) -> Vec<String> {
    paragraphs
        .iter()
        .map(|p| match p {
            Paragraph::Text(text) | Paragraph::Other(text) => text.clone(),
        })
        .collect()
}

/// One article present on both sides, field by field.
fn merge_article(
    base: Option<&DraftArticle>,
    current: &DraftArticle,
    incoming: &DraftArticle,
    section: &str,
    id: &str,
    conflicts: &mut Vec<Conflict>,
) -> DraftArticle {
    let mut conflict = |field: Field, current: Vec<String>, incoming: Vec<String>| {
        conflicts.push(Conflict {
            section: section.to_owned(),
            title: String::new(),
            id: Some(id.to_owned()),
            field,
            current,
            incoming,
        })
    };
    let title =
        pick(base.map(|b| &b.title), &current.title, &incoming.title).unwrap_or_else(|| {
            conflict(Field::Title, vec![current.title.clone()], vec![incoming.title.clone()]);
            current.title.clone()
        });
    let listed =
        pick(base.map(|b| &b.listed), &current.listed, &incoming.listed).unwrap_or_else(|| {
            let yes_no = |b: bool| vec![if b { "listed" } else { "not listed" }.to_owned()];
            conflict(Field::Listed, yes_no(current.listed), yes_no(incoming.listed));
            current.listed
        });
    let paragraphs = pick(base.map(|b| &b.paragraphs), &current.paragraphs, &incoming.paragraphs)
        .or_else(|| {
            base.and_then(|b| merge_lists(&b.paragraphs, &current.paragraphs, &incoming.paragraphs))
        })
        .unwrap_or_else(|| {
            conflict(Field::Paragraphs, lines(&current.paragraphs), lines(&incoming.paragraphs));
            current.paragraphs.clone()
        });
    let (b, c, i) = (base.map(|b| &b.attribution), &current.attribution, &incoming.attribution);
    let source = pick(b.map(|b| &b.source), &c.source, &i.source).unwrap_or_else(|| {
        let show = |s: &Option<String>| vec![s.clone().unwrap_or_default()];
        conflict(Field::Source, show(&c.source), show(&i.source));
        c.source.clone()
    });
    let compiler = pick(b.map(|b| &b.compiler), &c.compiler, &i.compiler).unwrap_or_else(|| {
        conflict(Field::Compiler, vec![c.compiler.clone()], vec![i.compiler.clone()]);
        c.compiler.clone()
    });
    let date = pick(b.map(|b| &b.date), &c.date, &i.date).unwrap_or_else(|| {
        conflict(Field::AttributionDate, vec![c.date.clone()], vec![i.date.clone()]);
        c.date.clone()
    });
    // Conflicts name the article by its merged title.
    for conflict in conflicts.iter_mut().rev().take_while(|x| x.id.as_deref() == Some(id)) {
        conflict.title.clone_from(&title);
    }
    DraftArticle {
        title,
        listed,
        paragraphs,
        attribution: DraftAttribution { source, compiler, date },
        origin: current.origin,
    }
}

/// Paragraph lists merged where the two sides changed different paragraphs of `base`;
/// `None` where their changes touch (the same paragraphs, or insertions at one place).
fn merge_lists<T: Clone + PartialEq + std::hash::Hash + Eq + Ord>(
    base: &[T],
    current: &[T],
    incoming: &[T],
) -> Option<Vec<T>> {
    let hunks = |side: &[T]| -> Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> {
        similar::capture_diff_slices(similar::Algorithm::Myers, base, side)
            .into_iter()
            .filter_map(|op| {
                let (tag, old, new) = op.as_tag_tuple();
                (tag != similar::DiffTag::Equal).then_some((old, new))
            })
            .collect()
    };
    let mine = hunks(current);
    let theirs = hunks(incoming);
    let touch = |a: &std::ops::Range<usize>, b: &std::ops::Range<usize>| {
        if a.is_empty() && b.is_empty() {
            a.start == b.start
        } else if a.is_empty() {
            b.start < a.start && a.start < b.end
        } else if b.is_empty() {
            a.start < b.start && b.start < a.end
        } else {
            a.start < b.end && b.start < a.end
        }
    };
    if mine.iter().any(|(a, _)| theirs.iter().any(|(b, _)| touch(a, b))) {
        return None;
    }
    let mut all: Vec<(std::ops::Range<usize>, &[T])> = mine
        .iter()
        .map(|(old, new)| (old.clone(), &current[new.clone()]))
        .chain(theirs.iter().map(|(old, new)| (old.clone(), &incoming[new.clone()])))
        .collect();
    all.sort_by_key(|(old, _)| (old.start, old.end));
    let mut out = Vec::with_capacity(base.len());
    let mut at = 0;
    for (old, new) in all {
        out.extend_from_slice(&base[at..old.start]);
        out.extend_from_slice(new);
        at = old.end;
    }
    out.extend_from_slice(&base[at..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(title: &str, paragraphs: &[&str]) -> DraftArticle {
        DraftArticle {
            title: title.into(),
            paragraphs: paragraphs.iter().map(|p| Paragraph::Text((*p).into())).collect(),
            ..DraftArticle::default()
        }
    }

    fn issue(articles: &[(&str, DraftArticle)]) -> (Draft, Ids) {
        let draft = Draft {
            date: "2023-08-10".into(),
            sections: vec![DraftSection {
                name: "行业资讯".into(),
                articles: articles.iter().map(|(_, a)| a.clone()).collect(),
                origin: Origin::Existing(0),
            }],
            ..Draft::default()
        };
        let ids = Ids {
            sections: vec!["s1".into()],
            articles: vec![articles.iter().map(|(id, _)| (*id).to_owned()).collect()],
        };
        (draft, ids)
    }

    fn run(base: &(Draft, Ids), current: &(Draft, Ids), incoming: &(Draft, Ids)) -> Merged {
        let side = |x: &(Draft, Ids)| -> (Draft, Ids) { x.clone() };
        let (b, c, i) = (side(base), side(current), side(incoming));
        merge(
            Side { draft: &b.0, ids: &b.1 },
            Side { draft: &c.0, ids: &c.1 },
            Side { draft: &i.0, ids: &i.1 },
        )
    }

    fn titles(merged: &Merged) -> Vec<String> {
        merged.draft.sections[0].articles.iter().map(|a| a.title.clone()).collect()
    }

    #[test]
    fn edits_to_different_articles_both_stay() {
        let base = issue(&[("a", article("甲", &["一"])), ("b", article("乙", &["二"]))]);
        let current = issue(&[("a", article("甲", &["一，改"])), ("b", article("乙", &["二"]))]);
        let incoming = issue(&[("a", article("甲", &["一"])), ("b", article("乙改", &["二"]))]);
        let merged = run(&base, &current, &incoming);
        assert!(merged.conflicts.is_empty(), "{:?}", merged.conflicts);
        assert_eq!(titles(&merged), ["甲", "乙改"]);
        assert_eq!(lines(&merged.draft.sections[0].articles[0].paragraphs), ["一，改"]);
    }

    #[test]
    fn different_paragraphs_of_one_article_both_stay() {
        let base = issue(&[("a", article("甲", &["一", "二", "三"]))]);
        let current = issue(&[("a", article("甲", &["一改", "二", "三"]))]);
        let incoming = issue(&[("a", article("甲", &["一", "二", "三改", "四"]))]);
        let merged = run(&base, &current, &incoming);
        assert!(merged.conflicts.is_empty());
        assert_eq!(
            lines(&merged.draft.sections[0].articles[0].paragraphs),
            ["一改", "二", "三改", "四"]
        );
    }

    #[test]
    fn the_same_paragraph_changed_twice_is_a_conflict_with_both_texts() {
        let base = issue(&[("a", article("甲", &["一", "二"]))]);
        let current = issue(&[("a", article("甲", &["一", "二（甲改）"]))]);
        let incoming = issue(&[("a", article("甲", &["一", "二（乙改）"]))]);
        let merged = run(&base, &current, &incoming);
        assert_eq!(merged.conflicts.len(), 1);
        let conflict = &merged.conflicts[0];
        assert_eq!((conflict.field, conflict.title.as_str()), (Field::Paragraphs, "甲"));
        assert_eq!(conflict.current, ["一", "二（甲改）"]);
        assert_eq!(conflict.incoming, ["一", "二（乙改）"]);
        assert_eq!(lines(&merged.draft.sections[0].articles[0].paragraphs), ["一", "二（甲改）"]);
    }

    #[test]
    fn additions_removals_and_order() {
        let base = issue(&[("a", article("甲", &["一"])), ("b", article("乙", &["二"]))]);
        // Current adds 丙 at the end; incoming removes 甲 and adds 丁 first.
        let current = issue(&[
            ("a", article("甲", &["一"])),
            ("b", article("乙", &["二"])),
            ("c", article("丙", &["三"])),
        ]);
        let incoming = issue(&[("d", article("丁", &["四"])), ("b", article("乙", &["二"]))]);
        let merged = run(&base, &current, &incoming);
        assert!(merged.conflicts.is_empty());
        assert_eq!(titles(&merged), ["丁", "乙", "丙"]);
        assert_eq!(merged.ids.articles[0], ["d", "b", "c"]);
    }

    #[test]
    fn an_article_removed_on_one_side_and_changed_on_the_other_is_kept() {
        let base = issue(&[("a", article("甲", &["一"])), ("b", article("乙", &["二"]))]);
        let current = issue(&[("b", article("乙", &["二"]))]);
        let incoming = issue(&[("a", article("甲", &["一，改"])), ("b", article("乙", &["二"]))]);
        let merged = run(&base, &current, &incoming);
        assert_eq!(titles(&merged), ["甲", "乙"]);
        assert_eq!(merged.conflicts[0].field, Field::Removed);
    }

    #[test]
    fn one_side_moving_articles_is_kept() {
        let base = issue(&[("a", article("甲", &["一"])), ("b", article("乙", &["二"]))]);
        let current = issue(&[("a", article("甲", &["一改"])), ("b", article("乙", &["二"]))]);
        let incoming = issue(&[("b", article("乙", &["二"])), ("a", article("甲", &["一"]))]);
        let merged = run(&base, &current, &incoming);
        assert!(merged.conflicts.is_empty());
        assert_eq!(titles(&merged), ["乙", "甲"]);
        assert_eq!(lines(&merged.draft.sections[0].articles[1].paragraphs), ["一改"]);
    }
}
