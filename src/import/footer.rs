//! Page footers and running heads the export kept as lines of their own: `- 14 -`, `14`,
//! `第 14 页`, `《电子商务动态》 2023 年第 9 期 - 3 -`, in either script, with any spaces.

use super::words::fold;

/// Dashes a page number is set between.
const DASHES: &[char] = &['-', '－', '—', '–', '−', '‐'];

/// Whether `line` is nothing but a page number and the bulletin's running head: its title
/// (`title`, in 《》 or not; empty for none), the issue (`2023年第9期`, `总第186期`) and the
/// page (`- 3 -`, `3`, `第3页`, `共24页`), in any order, spaces ignored.
pub(crate) fn is_footer(line: &str, title: &str) -> bool {
    let text: String = fold(line).chars().filter(|c| !c.is_whitespace()).collect();
    let title: String = fold(title).chars().filter(|c| !c.is_whitespace()).collect();
    let mut rest = text.as_str();
    let mut found = false;
    while !rest.is_empty() {
        let next = issue_mark(rest)
            .or_else(|| page_mark(rest))
            .or_else(|| title_mark(rest, &title))
            .or_else(|| rest.strip_prefix(['|', '/', '·', '（', '）', '(', ')']));
        match next {
            Some(after) => rest = after,
            None => return false,
        }
        found = true;
    }
    found
}

/// A run of 1 to `max` ASCII digits at the start of `text`, and what follows it.
fn digits(text: &str, max: usize) -> Option<&str> {
    let count = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    (1..=max).contains(&count).then(|| &text[count..])
}

/// `-3-`, `—3—`, `第3页`, `共24页` or a page number alone (up to three figures).
fn page_mark(text: &str) -> Option<&str> {
    if let Some(rest) = text.strip_prefix(DASHES) {
        let rest = digits(rest.trim_start_matches(DASHES), 3)?;
        let after = rest.trim_start_matches(DASHES);
        return (after.len() < rest.len()).then_some(after);
    }
    for lead in ['第', '共'] {
        if let Some(rest) = text.strip_prefix(lead) {
            return digits(rest, 3)?.strip_prefix('页');
        }
    }
    digits(text, 3)
}

/// `2023年第9期`, `第9期`, `2023年9月` or `总第186期`.
fn issue_mark(text: &str) -> Option<&str> {
    if let Some(rest) = text.strip_prefix("总第") {
        return digits(rest, 4)?.strip_prefix('期');
    }
    let (rest, year) = match digits(text, 4).and_then(|r| r.strip_prefix('年')) {
        Some(rest) if text.len() - rest.len() == 4 + '年'.len_utf8() => (rest, true),
        _ => (text, false),
    };
    if let Some(number) = rest.strip_prefix('第') {
        return digits(number, 2)?.strip_prefix('期');
    }
    if year {
        return digits(rest, 2)?.strip_prefix('月');
    }
    None
}

/// The bulletin's title, `《电子商务动态》` or `电子商务动态` (both folded, without spaces).
fn title_mark<'a>(text: &'a str, title: &str) -> Option<&'a str> {
    if title.is_empty() {
        return None;
    }
    let bare = |text: &'a str| text.strip_prefix(title);
    match text.strip_prefix('《') {
        Some(inner) => bare(inner)?.strip_prefix('》'),
        None => bare(text),
    }
}

#[cfg(test)]
mod tests {
    use super::is_footer;

    const TITLE: &str = "电子商务动态";

    #[test]
    fn page_numbers_in_their_shapes() {
        for line in
            [" - 14 - ", "-14-", "-  3  -", "— 3 —", "－3－", "12", "第 3 页", "第3頁 共24頁"]
        {
            assert!(is_footer(line, TITLE), "{line}");
        }
    }

    #[test]
    fn running_heads_in_either_script() {
        for line in [
            "《电子商务动态》 2023 年第 9 期        - 3 -",
            "電子商務動態　2023年第9期",
            "- 5 -    《電子商務動態》",
            "电子商务动态（总第186期）  第 4 页",
        ] {
            assert!(is_footer(line, TITLE), "{line}");
        }
    }

    #[test]
    fn text_and_rules_are_not_footers() {
        for line in [
            "----------------------------------------",
            "2023",
            "12.5%",
            "1000 亿元",
            "电子商务动态发布",
            "第二期",
            "",
        ] {
            assert!(!is_footer(line, TITLE), "{line}");
        }
        assert!(!is_footer("《电子商务动态》", ""));
    }
}
