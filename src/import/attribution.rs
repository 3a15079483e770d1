//! The attribution line: `来源：《解放日报》 编选：《电子商务动态》编辑部 2023 年 08 月 04 日`,
//! and the same in traditional characters, with half-width colons, brackets or wide spaces.

use crate::diag::Text;
use crate::issue::model::{Attribution, Date};

use super::spacing::{squeeze, tidy};
use super::words::{after_label, fold, is_close, is_open, is_space};

/// Where an attribution starts in a line, and what it says (or why it cannot be read).
#[derive(Debug, PartialEq)]
pub(crate) struct Found {
    /// Byte offset in the line of its first label (`来源：`, `编选：`…), or of the bracket
    /// that encloses it.
    pub start: usize,
    /// The attribution, or what is wrong with it.
    pub attribution: Result<Attribution, Text>,
}

/// What a name in an attribution is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// The original publication.
    Source,
    /// Who compiled the article for the bulletin.
    Compiler,
}

/// The labels an attribution is made of (simplified; found in either script).
const LABELS: &[(&str, Role)] = &[
    ("来源", Role::Source),
    ("编选", Role::Compiler),
    ("编辑", Role::Compiler),
    ("编译", Role::Compiler),
    ("整理", Role::Compiler),
];

/// The name that tells an editorial office: it compiles, it is not a source.
const OFFICE: &str = "编辑部";

/// The compiler named when an attribution names only a source: the bulletin's own office.
pub(crate) fn default_compiler(publication_title: &str) -> String {
    format!("《{publication_title}》编辑部")
}

/// The label at byte `at` of `text` (a word, spaces, a colon of either width): its role and
/// where the name after it starts.
fn label_at(text: &str, at: usize) -> Option<(Role, usize)> {
    let rest = &text[at..];
    LABELS.iter().find_map(|&(word, role)| {
        after_label(rest, word).map(|after| (role, text.len() - after.len()))
    })
}

/// Where each label of `text` starts: (start, role, start of its name).
fn labels(text: &str) -> Vec<(usize, Role, usize)> {
    text.char_indices()
        .filter_map(|(at, _)| label_at(text, at).map(|(role, name)| (at, role, name)))
        .collect()
}

/// Finds the attribution in `line`.
///
/// A line that starts with a label (`来源：`, `编选：`, `编辑：`, `整理：`, `编译：`, in
/// either script, with either colon, perhaps inside a bracket) is an attribution, readable
/// or not. Elsewhere in a line (run on after the last sentence, after a space or in a
/// bracket) it counts only when it reads completely, date included, so that a sentence
/// quoting a 来源： stays text.
pub(crate) fn find(line: &str, default_compiler: &str) -> Option<Found> {
    let lead = line.len() - line.trim_start().len();
    for (at, _, _) in labels(line) {
        let before = line[..at].trim_end_matches(is_space);
        let (start, bracketed) = match before.strip_suffix(is_open) {
            Some(outside) => (outside.len(), true),
            None => (at, false),
        };
        if start == lead {
            return Some(Found { start, attribution: parse(&line[start..], default_compiler) });
        }
        let after_space = line[..start].ends_with(char::is_whitespace);
        if (after_space || bracketed)
            && let Ok(attribution) = parse(&line[start..], default_compiler)
        {
            return Some(Found { start, attribution: Ok(attribution) });
        }
    }
    None
}

/// Whether the attribution `text` names its compiler (else the office is assumed).
pub(crate) fn names_compiler(text: &str) -> bool {
    labels(&unbracket(text)).iter().any(|&(_, role, _)| role == Role::Compiler)
}

/// Reads `来源：SOURCE 编选：COMPILER DATE`, `来源：NAME DATE` or `编选：COMPILER DATE`, with
/// the labels in either script and either colon, spaces of any width, and brackets of
/// either width around labelled parts (`（来源：新华社）`).
///
/// With one name only, it is the compiler when it is an editorial office (…编辑部), else
/// the source, and the compiler is `default_compiler`.
pub(crate) fn parse(text: &str, default_compiler: &str) -> Result<Attribution, Text> {
    let plain = unbracket(text.trim());
    let (date, names) = split_date(&plain).ok_or_else(|| Text::new("attribution-no-date"))?;
    let date = date?;
    let names = names.trim_matches(char::is_whitespace);
    let found = labels(names);
    if found.first().is_none_or(|&(at, _, _)| at != 0) {
        return Err(Text::new("attribution-start"));
    }
    let mut source = None;
    let mut compiler = None;
    for (i, &(_, role, name)) in found.iter().enumerate() {
        let end = found.get(i + 1).map_or(names.len(), |&(next, _, _)| next);
        let slot = match role {
            Role::Source => &mut source,
            Role::Compiler => &mut compiler,
        };
        if slot.is_none() {
            *slot = clean(&names[name..end]);
        }
    }
    let (source, compiler) = match (source, compiler) {
        (source, Some(compiler)) => (source, compiler),
        (Some(name), None) if fold(&squeeze(&name)).ends_with(OFFICE) => (None, name),
        (Some(source), None) => (Some(source), default_compiler.to_owned()),
        (None, None) => return Err(Text::new("attribution-no-names")),
    };
    Ok(Attribution { source, compiler, date })
}

/// A name as it prints: spaces of any width tidied, separators at its ends (，；、/) gone.
fn clean(name: &str) -> Option<String> {
    let spaced: String = name.chars().map(|c| if is_space(c) { ' ' } else { c }).collect();
    let name = tidy(&spaced);
    let name = name.trim_matches(|c: char| c.is_whitespace() || "，,；;、/|".contains(c));
    Some(tidy(name)).filter(|name| !name.is_empty())
}

/// `text` without the brackets that enclose labelled parts (`（来源：新华社）` →
/// ` 来源：新华社 `); brackets inside names (`《报告（2023）》`) stay.
fn unbracket(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // For every bracket open: whether it encloses a label.
    let mut open: Vec<bool> = Vec::new();
    for (at, c) in text.char_indices() {
        if is_open(c) {
            let inside = text[at + c.len_utf8()..].trim_start_matches(is_space);
            let encloses = label_at(inside, 0).is_some();
            open.push(encloses);
            out.push(if encloses { ' ' } else { c });
        } else if is_close(c) && !open.is_empty() {
            out.push(if open.pop() == Some(true) { ' ' } else { c });
        } else {
            out.push(c);
        }
    }
    out
}

/// Splits a date off the end of `text`: `2023 年 08 月 04 日`, `2023年8月4日` or
/// `2023-08-04`. `None` if the text does not end in one; `Some(Err)` for a date that is no
/// day of the calendar.
fn split_date(text: &str) -> Option<(Result<Date, Text>, &str)> {
    let (numbers, rest) = chinese_date(text).or_else(|| iso_date(text))?;
    let [year, month, day] = numbers;
    let date = match (i32::try_from(year), u8::try_from(month), u8::try_from(day)) {
        (Ok(year), Ok(month), Ok(day)) => Some(Date { year, month, day }),
        _ => None,
    };
    let date =
        match date {
            Some(date) if date.is_valid() && (1000..=9999).contains(&date.year) => Ok(date),
            _ => Err(Text::new("attribution-bad-date")
                .arg("date", format!("{year}-{month:02}-{day:02}"))),
        };
    Some((date, rest))
}

/// `… 2023 年 08 月 04 日` at the end of `text`.
fn chinese_date(text: &str) -> Option<([u32; 3], &str)> {
    let mut rest = text.trim_end();
    let mut numbers = [0u32; 3];
    for (slot, unit) in [(2, '日'), (1, '月'), (0, '年')] {
        rest = rest.strip_suffix(unit)?.trim_end();
        let digits = rest.len() - rest.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        if digits == 0 || digits > 4 {
            return None;
        }
        numbers[slot] = rest[rest.len() - digits..].parse().ok()?;
        rest = rest[..rest.len() - digits].trim_end();
    }
    Some((numbers, rest))
}

/// `… 2023-08-04` at the end of `text`.
fn iso_date(text: &str) -> Option<([u32; 3], &str)> {
    let text = text.trim_end();
    let start = text
        .rfind(|c: char| c.is_whitespace() || !c.is_ascii())
        .map_or(0, |i| i + text[i..].chars().next().map_or(1, char::len_utf8));
    let parts: Vec<&str> = text[start..].split(['-', '.', '/']).collect();
    let [year, month, day] = parts.as_slice() else { return None };
    if year.len() != 4 || month.is_empty() || month.len() > 2 || day.is_empty() || day.len() > 2 {
        return None;
    }
    Some(([year.parse().ok()?, month.parse().ok()?, day.parse().ok()?], &text[..start]))
}

#[cfg(test)]
mod tests {
    use super::*;

    const OFFICE: &str = "《电子商务动态》编辑部";

    fn date(year: i32, month: u8, day: u8) -> Date {
        Date { year, month, day }
    }

    #[test]
    fn source_compiler_and_date() {
        let found =
            find("来源：《解放日报》 编选：《电子商务动态》编辑部 2023 年 08 月 04 日 ", OFFICE);
        let attribution = found.unwrap().attribution.unwrap();
        assert_eq!(attribution.source.as_deref(), Some("《解放日报》"));
        assert_eq!(attribution.compiler, OFFICE);
        assert_eq!(attribution.date, date(2023, 8, 4));
    }

    #[test]
    fn the_compiler_alone_and_a_source_alone() {
        let own = parse("来源：《电子商务动态》编辑部 2023 年 07 月 21 日", OFFICE).unwrap();
        assert_eq!((own.source, own.compiler.as_str()), (None, OFFICE));
        let other = parse("来源：《解放日报》 2023年8月4日", OFFICE).unwrap();
        assert_eq!(other.source.as_deref(), Some("《解放日报》"));
        assert_eq!(other.compiler, OFFICE);
        assert_eq!(parse("来源：“东方网” 2023-08-02", OFFICE).unwrap().date, date(2023, 8, 2));
    }

    #[test]
    fn run_on_after_the_last_sentence() {
        let line = "AliExpress。      来源：《电子商务动态》编辑部 2023 年 08 月 03 日 ";
        let found = find(line, OFFICE).unwrap();
        assert_eq!(&line[..found.start], "AliExpress。      ");
        assert_eq!(found.attribution.unwrap().date, date(2023, 8, 3));
        // Quoted in a sentence, without a date: text.
        assert_eq!(find("数据 来源：国家统计局。", OFFICE), None);
    }

    #[test]
    fn an_attribution_line_without_a_date_or_with_a_wrong_one_is_an_error() {
        let found = find("来源：《解放日报》", OFFICE).unwrap();
        assert_eq!(found.attribution.unwrap_err().id(), "attribution-no-date");
        let found = find("来源：《解放日报》 2023 年 02 月 30 日", OFFICE).unwrap();
        assert_eq!(found.attribution.unwrap_err().id(), "attribution-bad-date");
    }

    #[test]
    fn traditional_labels_half_width_colons_brackets_and_wide_spaces() {
        let canonical =
            parse("来源：《明报》 编选：《电子商务动态》编辑部 2023 年 09 月 04 日", OFFICE)
                .unwrap();
        for text in [
            "來源：《明报》 編選：《电子商务动态》编辑部 2023 年 09 月 04 日",
            "来源:《明报》  编选:《电子商务动态》编辑部   2023 年 09 月 04 日",
            "来源 ：　《明报》　编选 ： 《电子商务动态》编辑部　2023年9月4日",
            "（来源：《明报》）（编选：《电子商务动态》编辑部 2023-09-04）",
            "(来源:《明报》) 编辑:《电子商务动态》编辑部 2023 年 09 月 04 日",
            "来源：《明报》，整理：《电子商务动态》编辑部 2023 年 09 月 04 日",
        ] {
            assert_eq!(parse(text, OFFICE).as_ref(), Ok(&canonical), "{text}");
        }
        // Names keep their script; the office is told in either.
        let own = parse("來源：《電子商務動態》編輯部 2023 年 09 月 04 日", OFFICE).unwrap();
        assert_eq!((own.source, own.compiler.as_str()), (None, "《電子商務動態》編輯部"));
        let other = parse("（來源：《明報》 2023年9月4日）", OFFICE).unwrap();
        assert_eq!((other.source.as_deref(), other.compiler.as_str()), (Some("《明報》"), OFFICE));
        // A bracket inside a name stays.
        let report = parse("来源：《报告（2023）》 2023年9月4日", OFFICE).unwrap();
        assert_eq!(report.source.as_deref(), Some("《报告（2023）》"));
    }

    #[test]
    fn bracketed_and_spaced_attributions_are_found_at_the_end_of_a_line() {
        let line = "最后一句。(来源:新华社 2023-09-04)";
        let found = find(line, OFFICE).unwrap();
        assert_eq!(&line[..found.start], "最后一句。");
        let line = "　（來源：《明報》 2023 年 09 月 04 日）";
        assert_eq!(find(line, OFFICE).unwrap().start, "　".len());
        // In a bracket within a sentence, without a date: text.
        assert_eq!(find("数据（来源：国家统计局）显示，", OFFICE), None);
        assert!(names_compiler("(来源:新华社) 整理：编辑部 2023-09-04"));
        assert!(!names_compiler("來源：《明報》 2023-09-04"));
    }
}
