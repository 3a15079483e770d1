//! The export's spacing undone: spaces it put between Chinese and figures or Latin removed.

/// A Han ideograph: the export set figures and Latin letters apart from these with a space.
pub(crate) fn is_ideograph(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x323AF)
}

/// ASCII letters and figures and the percent sign, which the export set apart from Chinese.
fn is_latin(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '%'
}

/// A space inside a line: the ASCII space, a tab, a no-break space.
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{a0}')
}

/// One piece of text as it should print.
///
/// - the ends are trimmed (also of full-width spaces);
/// - a single space between a Chinese character and a figure or Latin letter is the
///   export's and goes ("7 月 20 日" → "7月20日");
/// - a gap of two or more spaces is layout (a byline set to the right) and goes, except
///   between two Latin words, where one space stays;
/// - any other single space is deliberate and stays ("措施发布 壮大数字消费", "Korea ePOST",
///   "上海海关： 四方面").
pub(crate) fn tidy(text: &str) -> String {
    let text = text.trim_matches(|c: char| c.is_whitespace());
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if !is_space(chars[i]) {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && is_space(chars[i]) {
            i += 1;
        }
        // Trimmed, so a run of spaces always has a character on either side.
        let (before, after) = (chars[start - 1], chars[i]);
        let keep = if i - start >= 2 {
            before.is_ascii_alphanumeric() && after.is_ascii_alphanumeric()
        } else {
            !((is_ideograph(before) && is_latin(after))
                || (is_latin(before) && is_ideograph(after)))
        };
        if keep {
            out.push(' ');
        }
    }
    out
}

/// Joins the lines of one wrapped paragraph or title: directly, as Chinese wraps anywhere,
/// but with a space where the wrap fell between two Latin words.
pub(crate) fn join_lines<'a>(lines: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for line in lines {
        let line = line.trim_matches(|c: char| c.is_whitespace());
        if let (Some(last), Some(first)) = (out.chars().last(), line.chars().next())
            && last.is_ascii_alphabetic()
            && first.is_ascii_alphabetic()
        {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

/// The text with every whitespace character removed, for comparing wordings.
pub fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_exports_spaces_go_and_deliberate_ones_stay() {
        assert_eq!(tidy(" 7 月 20 日，介绍 2023 年上半年 "), "7月20日，介绍2023年上半年");
        assert_eq!(tidy("增长 33.5%和 23.3%。"), "增长33.5%和23.3%。");
        assert_eq!(
            tidy("恢复和扩大消费措施发布 壮大数字消费"),
            "恢复和扩大消费措施发布 壮大数字消费"
        );
        assert_eq!(tidy("上海海关： 四方面工作"), "上海海关： 四方面工作");
        assert_eq!(tidy("包括 Hanjin、Korea ePOST、CJ 集团"), "包括Hanjin、Korea ePOST、CJ集团");
        assert_eq!(tidy("成效。        （作者：研究员 赵瑾）"), "成效。（作者：研究员 赵瑾）");
        assert_eq!(tidy("Mercado   libre"), "Mercado libre");
        assert_eq!(tidy("\u{3000}\u{3000}全角缩进"), "全角缩进");
    }

    #[test]
    fn wrapped_lines_join_without_a_space_except_between_words() {
        assert_eq!(join_lines(["增长", "37.4% "]), "增长37.4%");
        assert_eq!(join_lines(["Korea", "ePOST"]), "Korea ePOST");
        assert_eq!(join_lines([" 低物流", " 配送 "]), "低物流配送");
    }
}
