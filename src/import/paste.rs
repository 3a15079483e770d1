//! An article pasted from a web page or a Word document, split into title, paragraphs and
//! attribution by the importer's rules: one paragraph a line, the title first, the
//! `来源：… 日期` line last, the export's spaces between Chinese and figures removed.

use crate::diag::Text;
use crate::issue::model::Date;

use super::attribution;
use super::footer::is_footer;
use super::lines::lines;
use super::spacing::tidy;

/// How many lines at the end may follow the attribution (an editor's name, 完).
const LINES_AFTER_ATTRIBUTION: usize = 2;

/// Titles longer than this are most likely a paragraph pasted without its title.
const LONG_TITLE_CHARS: usize = 60;

/// What the pasted text split into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pasted {
    /// The first line.
    pub(crate) title: String,
    /// The lines between the title and the attribution.
    pub(crate) paragraphs: Vec<String>,
    /// The original publication, when the attribution names one.
    pub(crate) source: Option<String>,
    /// Who compiled it: the attribution's, else the office `split` was given.
    pub(crate) compiler: String,
    /// The attribution's date, when there is one that reads.
    pub(crate) date: Option<Date>,
    /// What was guessed or left out, for the editor to check.
    pub(crate) notes: Vec<Note>,
}

/// Something the splitter guessed or could not place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Note {
    /// A section marker (`【行业资讯】`) before the title was left out.
    SectionMarker(String),
    /// No `来源：…` line: source, compiler and date are to be filled in.
    NoAttribution,
    /// The `来源：…` line (the text) could not be read, for the reason given.
    BadAttribution(String, Text),
    /// The attribution names only a source: the office compiled it.
    CompilerAssumed,
    /// Lines after the attribution were left out.
    AfterAttribution(Vec<String>),
    /// Only a title: the article has no paragraphs.
    NoParagraphs,
    /// The title reads like a paragraph (long, or a full sentence).
    TitleLikeParagraph,
}

/// Splits `text`; `office` is the compiler named when the attribution names only a source
/// or there is none. `None` when the text holds nothing but spaces.
pub(crate) fn split(text: &str, office: &str) -> Option<Pasted> {
    let mut notes = Vec::new();
    // Lines as pasted (the attribution is found before spaces are tidied away), without
    // blank lines and page footers.
    let mut rows: Vec<String> = lines(text)
        .iter()
        .map(|line| line.text.trim_matches(char::is_whitespace).to_owned())
        .filter(|line| !line.is_empty() && !is_footer(line, ""))
        .collect();
    if let Some(name) = rows.first().and_then(|first| section_marker(first)) {
        notes.push(Note::SectionMarker(name.to_owned()));
        rows.remove(0);
    }
    if rows.is_empty() {
        return None;
    }
    let title = tidy(&rows.remove(0));
    if title.chars().count() > LONG_TITLE_CHARS || title.ends_with('。') {
        notes.push(Note::TitleLikeParagraph);
    }

    let mut source = None;
    let mut compiler = office.to_owned();
    let mut date = None;
    let first_candidate = rows.len().saturating_sub(LINES_AFTER_ATTRIBUTION + 1);
    let found = (first_candidate..rows.len())
        .rev()
        .find_map(|i| attribution::find(&rows[i], office).map(|found| (i, found)));
    match found {
        Some((at, found)) => {
            let after = rows.split_off(at + 1);
            if !after.is_empty() {
                notes.push(Note::AfterAttribution(after));
            }
            let line = rows.pop().unwrap_or_default();
            let before = line[..found.start].trim();
            let attribution_text = line[found.start..].trim().to_owned();
            if !before.is_empty() {
                rows.push(before.to_owned());
            }
            match found.attribution {
                Ok(read) => {
                    if read.source.is_some() && !attribution::names_compiler(&attribution_text) {
                        notes.push(Note::CompilerAssumed);
                    }
                    source = read.source;
                    compiler = read.compiler;
                    date = Some(read.date);
                }
                Err(reason) => notes.push(Note::BadAttribution(attribution_text, reason)),
            }
        }
        None => notes.push(Note::NoAttribution),
    }
    let paragraphs: Vec<String> = rows.iter().map(|row| tidy(row)).collect();
    if paragraphs.is_empty() {
        notes.push(Note::NoParagraphs);
    }
    Some(Pasted { title, paragraphs, source, compiler, date, notes })
}

/// `【行业资讯】` alone on a line.
fn section_marker(line: &str) -> Option<&str> {
    let name = line.strip_prefix('【')?.strip_suffix('】')?.trim();
    (!name.is_empty() && !name.contains(['【', '】'])).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    const OFFICE: &str = "《电子商务动态》编辑部";

    #[test]
    fn a_web_article_splits_into_title_paragraphs_and_attribution() {
        let text = "上海启动2023年“五五购物节”夏季消费季活动\r\n\r\n\u{3000}\u{3000}8 月 5 日，上海市商务委员会发布消息。\r\n活动期间，各大电商平台联动线下商圈。\r\n来源：《文汇报》 2023年8月6日\r\n";
        let pasted = split(text, OFFICE).unwrap();
        assert_eq!(pasted.title, "上海启动2023年“五五购物节”夏季消费季活动");
        assert_eq!(
            pasted.paragraphs,
            ["8月5日，上海市商务委员会发布消息。", "活动期间，各大电商平台联动线下商圈。"]
        );
        assert_eq!(pasted.source.as_deref(), Some("《文汇报》"));
        assert_eq!(pasted.compiler, OFFICE);
        assert_eq!(pasted.date, Some(Date { year: 2023, month: 8, day: 6 }));
        assert_eq!(pasted.notes, [Note::CompilerAssumed]);
    }

    #[test]
    fn the_full_attribution_and_a_run_on_one_are_read() {
        let text =
            "标题\n正文。\n来源：《解放日报》 编选：《电子商务动态》编辑部 2023 年 08 月 04 日";
        let pasted = split(text, OFFICE).unwrap();
        assert_eq!((pasted.source.as_deref(), pasted.notes.len()), (Some("《解放日报》"), 0));
        let text = "标题\n正文最后一句。  来源：《电子商务动态》编辑部 2023-08-03";
        let pasted = split(text, OFFICE).unwrap();
        assert_eq!(pasted.paragraphs, ["正文最后一句。"]);
        assert_eq!((pasted.source, pasted.notes.len()), (None, 0));
    }

    #[test]
    fn what_cannot_be_placed_is_noted() {
        let pasted = split("【行业资讯】\n标题\n正文。\n- 3 -\n", OFFICE).unwrap();
        assert_eq!(pasted.title, "标题");
        assert_eq!(pasted.paragraphs, ["正文。"]);
        assert_eq!(pasted.notes, [Note::SectionMarker("行业资讯".into()), Note::NoAttribution]);
        assert_eq!((pasted.compiler.as_str(), pasted.date), (OFFICE, None));

        let pasted = split("标题\n正文。\n来源：《解放日报》\n（责任编辑：张三）", OFFICE).unwrap();
        assert!(
            matches!(&pasted.notes[..], [Note::AfterAttribution(after), Note::BadAttribution(line, reason)]
            if after == &["（责任编辑：张三）"] && line == "来源：《解放日报》" && reason.id() == "attribution-no-date")
        );
        assert_eq!(pasted.paragraphs, ["正文。"]);

        let pasted = split("只有一句话，没有标题。", OFFICE).unwrap();
        assert_eq!(
            pasted.notes,
            [Note::TitleLikeParagraph, Note::NoAttribution, Note::NoParagraphs]
        );
        assert_eq!(split(" \n\u{3000}\n", OFFICE), None);
    }

    #[test]
    fn a_quoted_source_inside_the_text_stays_text() {
        let pasted = split("标题\n数据 来源：国家统计局。\n第二段。", OFFICE).unwrap();
        assert_eq!(pasted.paragraphs, ["数据 来源：国家统计局。", "第二段。"]);
        assert_eq!(pasted.notes, [Note::NoAttribution]);
    }
}
