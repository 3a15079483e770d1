//! Blocks a text export shows by their layout alone: a subheading is a short indented line
//! without a sentence's punctuation after a paragraph; a byline `（作者：…）` is set apart (by a
//! gap of spaces, or on a line of its own) at the end of a paragraph.

use crate::issue::model::Block;

use super::spacing::{join_lines, tidy};

/// The longest line read as a subheading: shorter than a full line of 40 characters.
const MAX_SUBHEADING_CHARS: usize = 30;

/// Adds the paragraph whose lines (as the export has them) are `lines` to `blocks`: as a
/// subheading, or as a paragraph followed by the byline set apart at its end, or as a
/// plain paragraph.
pub(crate) fn close_paragraph<'a>(
    blocks: &mut Vec<Block>,
    lines: impl IntoIterator<Item = &'a str>,
) {
    let mut lines: Vec<&str> = lines.into_iter().collect();
    let after_paragraph = matches!(blocks.last(), Some(Block::Paragraph(_)));
    if let [line] = lines.as_slice()
        && after_paragraph
        && is_subheading(line)
    {
        blocks.push(Block::Subheading(tidy(line)));
        return;
    }
    let byline = lines.last().and_then(|last| split_byline(last)).map(|(before, byline)| {
        let last = lines.len() - 1;
        lines[last] = before;
        tidy(byline)
    });
    let text = tidy(&join_lines(lines));
    if !text.is_empty() {
        blocks.push(Block::Paragraph(text));
    }
    if let Some(byline) = byline {
        blocks.push(Block::Byline(byline));
    }
}

/// A short line, indented as a paragraph's first line is, that does not end as a sentence
/// or clause does and holds no sentence's stop or colon (`数据来源：国家统计局` is not one).
fn is_subheading(line: &str) -> bool {
    let text = line.trim();
    let indented = line.starts_with(char::is_whitespace);
    let chars = text.chars().count();
    let last = text.chars().last();
    indented
        && (2..=MAX_SUBHEADING_CHARS).contains(&chars)
        && !last.is_some_and(|c| "。！？；：，、…”’）」』》.!?;:,)".contains(c))
        && !text.contains(['。', '！', '？', '；', '：'])
        && !is_byline(text)
}

/// Text that is a byline and nothing else: `（作者：…）`.
pub(crate) fn is_byline(text: &str) -> bool {
    let text = text.trim();
    text.starts_with("（作者：") && text.ends_with('）') && text.matches('）').count() == 1
}

/// A byline at the end of `line`, set apart from the text before it by two or more spaces
/// (or standing alone): the text before it and the byline.
fn split_byline(line: &str) -> Option<(&str, &str)> {
    let trimmed = line.trim_end();
    let start = trimmed.rfind("（作者：")?;
    let (before, byline) = trimmed.split_at(start);
    let gap = before.chars().rev().take_while(|c| c.is_whitespace()).count();
    (is_byline(byline) && (before.trim().is_empty() || gap >= 2)).then_some((before, byline))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(paragraphs: &[&[&str]]) -> Vec<Block> {
        let mut blocks = Vec::new();
        for lines in paragraphs {
            close_paragraph(&mut blocks, lines.iter().copied());
        }
        blocks
    }

    #[test]
    fn a_short_indented_line_between_paragraphs_is_a_subheading() {
        let read = blocks(&[
            &["  推动二者协同发展。 "],
            &["  提升成效——形成合作新平台新机制 "],
            &["  服务的异质性。 "],
        ]);
        assert_eq!(
            read,
            [
                Block::Paragraph("推动二者协同发展。".into()),
                Block::Subheading("提升成效——形成合作新平台新机制".into()),
                Block::Paragraph("服务的异质性。".into()),
            ]
        );
    }

    #[test]
    fn sentences_first_lines_and_unindented_lines_are_paragraphs() {
        for line in
            ["  一是加强顶层设计。 ", "提升成效——形成合作新平台新机制 ", "  数据来源：国家统计局 "]
        {
            let read = blocks(&[&["  前文。 "], &[line]]);
            assert!(matches!(read[1], Block::Paragraph(_)), "{line}: {read:?}");
        }
        // The first paragraph of an article is never a subheading.
        assert!(matches!(blocks(&[&["  提升成效 "]])[0], Block::Paragraph(_)));
    }

    #[test]
    fn a_byline_set_apart_at_the_end_is_split_off() {
        let read =
            blocks(&[&["  要创新合作方式，更", "好提升合作成效。        （作者：研究员 赵瑾） "]]);
        assert_eq!(
            read,
            [
                Block::Paragraph("要创新合作方式，更好提升合作成效。".into()),
                Block::Byline("（作者：研究员 赵瑾）".into()),
            ]
        );
        // Run into the sentence, it is the text's own.
        let read = blocks(&[&["  据报道（作者：张三）称，增长。 "]]);
        assert_eq!(read, [Block::Paragraph("据报道（作者：张三）称，增长。".into())]);
    }
}
