//! The importer's own words (来源, 编选, 编辑部, the bulletin's title, 页…) found in either
//! script, followed by a colon of either width; the text around them is never converted.

/// Traditional forms of the characters in the words the importer looks for, with their
/// simplified forms. Every pair is the same length in UTF-8, so a folded text keeps the byte
/// offsets of the text it was folded from.
const TRADITIONAL: &[(char, char)] = &[
    ('來', '来'),
    ('編', '编'),
    ('選', '选'),
    ('輯', '辑'),
    ('譯', '译'),
    ('電', '电'),
    ('務', '务'),
    ('動', '动'),
    ('態', '态'),
    ('頁', '页'),
    ('總', '总'),
    ('郵', '邮'),
    ('碼', '码'),
    ('話', '话'),
];

/// The simplified form of `c` when it is one of the traditional forms the importer knows.
pub(crate) fn fold_char(c: char) -> char {
    TRADITIONAL.iter().find(|(traditional, _)| *traditional == c).map_or(c, |&(_, simple)| simple)
}

/// `text` with the traditional forms the importer knows folded to simplified ones, for
/// finding its words; byte offsets into the result are offsets into `text`.
pub(crate) fn fold(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

/// A space between a word and its colon or inside a name: ASCII, tab, no-break or
/// full-width (U+3000).
pub(crate) fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{a0}' | '\u{3000}')
}

/// `word` (simplified) at the start of `text` in either script, then spaces and a colon of
/// either width (`：`, `:`): the rest of `text` after the colon.
pub(crate) fn after_label<'a>(text: &'a str, word: &str) -> Option<&'a str> {
    let mut chars = text.char_indices();
    let mut end = 0;
    for wanted in word.chars() {
        let (at, c) = chars.next()?;
        if fold_char(c) != wanted {
            return None;
        }
        end = at + c.len_utf8();
    }
    let rest = text[end..].trim_start_matches(is_space);
    rest.strip_prefix('：').or_else(|| rest.strip_prefix(':'))
}

/// An opening bracket of either width.
pub(crate) fn is_open(c: char) -> bool {
    matches!(c, '（' | '(')
}

/// A closing bracket of either width.
pub(crate) fn is_close(c: char) -> bool {
    matches!(c, '）' | ')')
}

/// A byline, `（作者：…）`, alone: the sample carries it at the end of the last paragraph.
pub(crate) fn is_byline(text: &str) -> bool {
    let text = text.trim_matches(char::is_whitespace);
    let (inner, bracketed) = match text.strip_prefix(is_open) {
        Some(rest) => (rest.trim_start_matches(is_space), true),
        None => (text, false),
    };
    after_label(inner, "作者").is_some_and(|name| {
        let name = name.trim_matches(is_space);
        !name.is_empty() && (!bracketed || name.ends_with(is_close)) && !name.contains('。')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_byte_offsets() {
        for &(traditional, simple) in TRADITIONAL {
            assert_eq!(traditional.len_utf8(), simple.len_utf8(), "{traditional}");
        }
        assert_eq!(fold("來源：《明報》"), "来源：《明報》");
        assert_eq!(fold("《電子商務動態》編輯部"), "《电子商务动态》编辑部");
    }

    #[test]
    fn labels_in_either_script_with_either_colon() {
        assert_eq!(after_label("来源：《解放日报》", "来源"), Some("《解放日报》"));
        assert_eq!(after_label("來源:《明報》", "来源"), Some("《明報》"));
        assert_eq!(after_label("來源\u{3000}：《明報》", "来源"), Some("《明報》"));
        assert_eq!(after_label("来源地：", "来源"), None);
        assert_eq!(after_label("编辑部 2023", "编辑"), None);
    }

    #[test]
    fn bylines_in_either_bracket() {
        assert!(is_byline("（作者：中国社会科学院研究员 赵瑾）"));
        assert!(is_byline("(作者: 研究員 陳明)"));
        assert!(is_byline("作者：赵瑾"));
        assert!(!is_byline("（作者：赵瑾"));
        assert!(!is_byline("作者认为，跨境电商发展迅速。"));
        assert!(!is_byline("（作者：赵瑾）。后面还有一句。"));
    }
}
