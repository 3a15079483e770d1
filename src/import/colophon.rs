//! The colophon after the dashed rule: recognised, checked against the publication, skipped.

use std::path::Path;

use crate::diag::{Diagnostic, Kind, Report, Text};
use crate::issue::model::Colophon;

use super::lines::Line;
use super::spacing::{squeeze, tidy};

const ADDRESS: &str = "编辑部地址：";
const POSTCODE: &str = "邮政编码：";
const PHONE: &str = "电话：";

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
        if let Some(address) = text.strip_prefix(ADDRESS) {
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
        } else if text.contains(POSTCODE) || text.contains(PHONE) {
            for (key, what, expected) in [
                (POSTCODE, "colophon-postcode", &colophon.postcode),
                (PHONE, "colophon-phone", &colophon.phone),
            ] {
                let Some((_, rest)) = text.split_once(key) else { continue };
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

/// The pieces of `text` between gaps of two or more spaces.
fn gaps(text: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b' ' && bytes.get(i + 1) == Some(&b' ') {
            pieces.push(&text[start..i]);
            while i < bytes.len() && bytes[i] == b' ' {
                i += 1;
            }
            start = i;
        } else {
            i += 1;
        }
    }
    pieces.push(&text[start..]);
    pieces.into_iter().map(str::trim).filter(|p| !p.is_empty()).collect()
}
