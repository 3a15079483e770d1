//! The attribution line: `来源：《解放日报》 编选：《电子商务动态》编辑部 2023 年 08 月 04 日`.

use crate::diag::Text;
use crate::issue::model::{Attribution, Date};

use super::spacing::{squeeze, tidy};

/// Where an attribution starts in a line, and what it says (or why it cannot be read).
#[derive(Debug, PartialEq)]
pub(crate) struct Found {
    /// Byte offset of `来源：` (or `编选：`) in the line.
    pub start: usize,
    /// The attribution, or what is wrong with it.
    pub attribution: Result<Attribution, Text>,
}

const SOURCE: &str = "来源：";
const COMPILER: &str = "编选：";

/// The compiler named when an attribution names only a source: the bulletin's own office.
pub(crate) fn default_compiler(publication_title: &str) -> String {
    format!("《{publication_title}》编辑部")
}

/// Finds the attribution in `line`.
///
/// A line that starts with `来源：` or `编选：` is an attribution, readable or not. Elsewhere
/// in a line (run on after the last sentence, after a space) it counts only when it reads
/// completely, date included, so that a sentence quoting a 来源： stays text.
pub(crate) fn find(line: &str, default_compiler: &str) -> Option<Found> {
    let trimmed = line.trim_start();
    let lead = line.len() - trimmed.len();
    if trimmed.starts_with(SOURCE) || trimmed.starts_with(COMPILER) {
        return Some(Found { start: lead, attribution: parse(trimmed, default_compiler) });
    }
    for (start, _) in line.match_indices(SOURCE) {
        let after_space = line[..start].ends_with(|c: char| c.is_whitespace());
        if after_space && let Ok(attribution) = parse(&line[start..], default_compiler) {
            return Some(Found { start, attribution: Ok(attribution) });
        }
    }
    None
}

/// Reads `来源：SOURCE 编选：COMPILER DATE`, `来源：NAME DATE` or `编选：COMPILER DATE`.
///
/// With one name only, it is the compiler when it is an editorial office (…编辑部), else
/// the source, and the compiler is `default_compiler`.
pub(crate) fn parse(text: &str, default_compiler: &str) -> Result<Attribution, Text> {
    let text = text.trim();
    let (date, names) = split_date(text).ok_or_else(|| Text::new("attribution-no-date"))?;
    let date = date?;
    let names = names.trim();
    let (source, compiler) = if let Some(rest) = names.strip_prefix(SOURCE) {
        match rest.split_once(COMPILER) {
            Some((source, compiler)) => (Some(source), Some(compiler)),
            None => (Some(rest), None),
        }
    } else if let Some(rest) = names.strip_prefix(COMPILER) {
        (None, Some(rest))
    } else {
        return Err(Text::new("attribution-start"));
    };
    let clean = |name: &str| Some(tidy(name)).filter(|name| !name.is_empty());
    let (source, compiler) = (source.and_then(clean), compiler.and_then(clean));
    let (source, compiler) = match (source, compiler) {
        (source, Some(compiler)) => (source, compiler),
        (Some(name), None) if squeeze(&name).ends_with("编辑部") => (None, name),
        (Some(source), None) => (Some(source), default_compiler.to_owned()),
        (None, None) => return Err(Text::new("attribution-no-names")),
    };
    Ok(Attribution { source, compiler, date })
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
}
