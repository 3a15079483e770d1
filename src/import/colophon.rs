//! The colophon after the dashed rule: recognised, checked against the publication, skipped.

use std::path::Path;

use crate::diag::{Diagnostic, Kind, Report, Text};
use crate::issue::model::Colophon;

use super::lines::Line;
use super::spacing::{squeeze, tidy};
use super::words::{after_label, fold, is_space};

const ADDRESS: &str = "编辑部地址";
const POSTCODE: &str = "邮政编码";
const PHONE: &str = "电话";

/// What follows the label `word` (either script, either colon) anywhere in `text`.
fn labelled<'a>(text: &'a str, word: &str) -> Option<&'a str> {
    let folded = fold(text);
    folded.match_indices(word).find_map(|(at, _)| after_label(&text[at..], word))
}

/// Checks the colophon lines against `colophon` (issues/publication.toml), which is what
/// prints: a difference is a warning; a line that is none of address, postcode and phone
/// is an error.
pub(crate) fn check(path: &Path, lines: &[Line<'_>], colophon: &Colophon, report: &mut Report) {
    let differs = |line: &Line<'_>, what: &'static str, export: &str, publication: &str| {
        Diagnostic::warning(
            Kind::ColophonDiffers,
            Text::new("colophon-differs")
                .arg("what", Text::new(what))
                .arg("export", export)
                .arg("publication", publication),
        )
        .at(path, line.trimmed_span())
        .hint(Text::new("hint-colophon-publication"))
    };
    for line in lines {
        let text = line.text.trim();
        if let Some(address) = after_label(text, ADDRESS) {
            let export: Vec<String> = gaps(address).into_iter().map(tidy).collect();
            let same = export.len() == colophon.address.len()
                && export.iter().zip(&colophon.address).all(|(a, b)| squeeze(a) == squeeze(b));
            if !same {
                report.push(differs(
                    line,
                    "colophon-address",
                    &export.join(" "),
                    &colophon.address.join(" "),
                ));
            }
        } else if labelled(text, POSTCODE).is_some() || labelled(text, PHONE).is_some() {
            for (key, what, expected) in [
                (POSTCODE, "colophon-postcode", &colophon.postcode),
                (PHONE, "colophon-phone", &colophon.phone),
            ] {
                let Some(rest) = labelled(text, key) else { continue };
                let value = rest.split_whitespace().next().unwrap_or_default();
                if value != expected.as_str() {
                    report.push(differs(line, what, value, expected));
                }
            }
        } else {
            report.push(
                Diagnostic::error(Kind::UnplacedLine, Text::new("unplaced-after-rule"))
                    .at(path, line.trimmed_span())
                    .hint(Text::new("hint-after-rule")),
            );
        }
    }
}

/// The pieces of `text` between gaps of two or more spaces (of any width).
fn gaps(text: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if is_space(c) && chars.peek().is_some_and(|&(_, next)| is_space(next)) {
            pieces.push(&text[start..at]);
            while chars.peek().is_some_and(|&(_, next)| is_space(next)) {
                chars.next();
            }
            start = chars.peek().map_or(text.len(), |&(next, _)| next);
        }
    }
    pieces.push(&text[start..]);
    pieces.into_iter().map(|p| p.trim_matches(is_space)).filter(|p| !p.is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use super::{gaps, labelled};

    #[test]
    fn labels_and_gaps_in_either_script_and_width() {
        assert_eq!(labelled("郵政編碼:200011   電話：021-63685517", "电话"), Some("021-63685517"));
        assert_eq!(labelled("邮政编码：200011", "邮政编码"), Some("200011"));
        assert_eq!(
            gaps("南浦大厦四楼　　上海市电子商务和消费促进中心内"),
            ["南浦大厦四楼", "上海市电子商务和消费促进中心内"]
        );
        assert_eq!(gaps("中山南路 1088 号  中心内 "), ["中山南路 1088 号", "中心内"]);
    }
}
