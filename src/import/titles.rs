//! Where a title ends: at a line ending in a space, unless that space is the one the export
//! puts between Chinese and a figure, left at the end of a line where the title wrapped.

use super::lines::Row;
use super::spacing::is_ideograph;

/// Whether the title goes on after `line`, which ends in a space, onto `next`.
///
/// It does only where the break falls between Chinese and a figure or Latin letter (the
/// export sets these apart with a space, which can end up at the end of the line: "…增长 ⏎
/// 12.5%", "…达 7.16 ⏎ 万亿元") and `next` reads as the title's last line: the export left
/// no gap under `line` (it leaves one under every title), and `next` is a line of text
/// (`is_plain`) that itself ends in a space.
pub(crate) fn goes_on(line: &str, next: Option<&Row<'_>>, is_plain: impl Fn(&str) -> bool) -> bool {
    let Some(next) = next else { return false };
    let (Some(last), Some(first)) =
        (line.trim_end().chars().last(), next.line.text.trim_start().chars().next())
    else {
        return false;
    };
    let figure = |c: char| c.is_ascii_alphanumeric() || c == '%';
    let across = (is_ideograph(last) && figure(first)) || (figure(last) && is_ideograph(first));
    across
        && !next.gap_before
        && next.line.text.ends_with(char::is_whitespace)
        && is_plain(next.line.text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::lines::rows;

    fn goes_on_in(text: &str) -> bool {
        let rows = rows(text, |_| false);
        goes_on(rows[0].line.text, rows.get(1), |_| true)
    }

    #[test]
    fn a_break_next_to_a_figure_without_a_gap_goes_on() {
        assert!(goes_on_in("上半年全国农村网络零售额同比增长 \n\n12.5% \n \n\n正文"));
        assert!(goes_on_in("全国网上零售额达 7.16 \n\n万亿元 \n \n\n正文"));
    }

    #[test]
    fn a_gap_a_sentence_or_a_break_between_chinese_ends_the_title() {
        // The export's gap under a title.
        assert!(!goes_on_in("商务部：主要呈现五个特点 \n \n\n7 月 20 日，商务部负责人 \n"));
        // The next line runs on: it is the first line of a paragraph.
        assert!(!goes_on_in("主要呈现五个特点 \n\n7 月 20 日，商务部电子商务司负责人介绍\n"));
        // No figure at the break.
        assert!(!goes_on_in("恢复和扩大消费措施发布 \n\n壮大数字消费 \n"));
        assert!(!goes_on_in("最后一行 \n"));
    }
}
