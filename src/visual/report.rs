//! The diff report: one line per page, and an HTML page showing old, new and changes side by side.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Result;
use image::RgbImage;

use crate::diag::{Text, TextContext};
use crate::export::png::{Compression, encode_png};
use crate::issue::files::{remove_files_named, write_atomically};
use crate::visual::compare::{PageChange, diff_image};

/// What a report is about: the two versions and how their pages were compared.
pub struct ReportHeader<'a> {
    /// How the old version was named.
    pub old: &'a str,
    /// How the new version was named.
    pub new: &'a str,
    /// Who drew the pages, and at what resolution.
    pub rendering: &'a str,
    /// The per-channel tolerance used.
    pub tolerance: u8,
}

/// The summary line of page `number` (1-based): `page 03: changed (0.42% of pixels)`.
pub fn summary_line(number: usize, count: usize, change: &PageChange) -> String {
    let width = count.to_string().len().max(2);
    format!("page {number:0width$}: {change}")
}

/// The summary lines of every page, in order.
pub fn summary_lines(changes: &[PageChange]) -> Vec<String> {
    changes.iter().enumerate().map(|(i, c)| summary_line(i + 1, changes.len(), c)).collect()
}

/// Writes `index.html` and the images of every page that is not unchanged into `dir`,
/// replacing the images of an earlier report there; returns the path of `index.html`.
pub fn write_report(
    dir: &Path,
    header: &ReportHeader<'_>,
    old: &[RgbImage],
    new: &[RgbImage],
    changes: &[PageChange],
) -> Result<PathBuf> {
    std::fs::create_dir_all(dir)
        .text_context(|| Text::new("folder-uncreatable").arg("dir", dir.display().to_string()))?;
    // The page images an earlier report left, and nothing else.
    remove_files_named(dir, is_report_image)?;
    let count = changes.len();
    let width = count.to_string().len().max(2);
    let mut summary = String::new();
    let mut body = String::new();
    for (i, change) in changes.iter().enumerate() {
        let number = i + 1;
        let line = escape(&summary_line(number, count, change));
        let stem = format!("page-{number:0width$}");
        if change.is_unchanged() {
            let _ = writeln!(summary, "<li class=\"unchanged\">{line}</li>");
            continue;
        }
        let _ = writeln!(summary, "<li><a href=\"#{stem}\">{line}</a></li>");
        let _ = writeln!(body, "<section id=\"{stem}\">\n<h2>{line}</h2>\n<div class=\"row\">");
        let (a, b) = (old.get(i), new.get(i));
        let diff = match (a, b) {
            (Some(a), Some(b)) => Some(diff_image(a, b, header.tolerance)),
            _ => None,
        };
        let figures =
            [("old", "old", a), ("new", "new", b), ("diff", "changes highlighted", diff.as_ref())];
        for (label, caption, image) in figures {
            match image {
                Some(image) => {
                    let name = format!("{stem}-{label}.png");
                    let bytes = encode_png(image, Compression::Fast)?;
                    write_atomically(&dir.join(&name), &bytes)?;
                    let _ = writeln!(
                        body,
                        "<figure><a href=\"{name}\"><img src=\"{name}\" alt=\"{caption}\"></a>\
                         <figcaption>{caption}</figcaption></figure>"
                    );
                }
                None => {
                    let _ = writeln!(
                        body,
                        "<figure class=\"none\"><figcaption>{caption}: no such page</figcaption></figure>"
                    );
                }
            }
        }
        body.push_str("</div>\n</section>\n");
    }
    let changed = changes.iter().filter(|c| !c.is_unchanged()).count();
    let verdict = if changed == 0 {
        "The versions are identical.".to_string()
    } else {
        format!("{changed} of {count} pages differ.")
    };
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>bulletin diff</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <h1>bulletin diff</h1>\n<p>old: {old}<br>new: {new}<br>pages drawn by {rendering}; \
         a pixel counts as changed when a colour channel moves by more than {tolerance} of 255.</p>\n\
         <p class=\"verdict\">{verdict}</p>\n<ul class=\"summary\">\n{summary}</ul>\n{body}</body>\n</html>\n",
        old = escape(header.old),
        new = escape(header.new),
        rendering = escape(header.rendering),
        tolerance = header.tolerance,
    );
    let index = dir.join("index.html");
    write_atomically(&index, html.as_bytes())?;
    Ok(index)
}

const STYLE: &str = "body{font-family:sans-serif;margin:1em 2em}\
.row{display:flex;gap:1em;align-items:flex-start}\
figure{margin:0;flex:1}figure img{width:100%;border:1px solid #999}\
figure.none{color:#888}figcaption{text-align:center}\
li.unchanged{color:#888}.summary{font-family:monospace;list-style:none;padding:0}\
h2{font-size:1.1em}\
.verdict{font-weight:bold}";

/// Whether `name` is one of the report's images: `page-<digits>-{old,new,diff}.png`.
fn is_report_image(name: &str) -> bool {
    let Some(rest) = name.strip_prefix("page-") else { return false };
    let Some((digits, kind)) = rest.split_once('-') else { return false };
    !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && matches!(kind, "old.png" | "new.png" | "diff.png")
}

/// Escapes text for HTML.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_report_images_are_recognized() {
        assert!(is_report_image("page-03-diff.png"));
        assert!(is_report_image("page-120-old.png"));
        assert!(!is_report_image("page-03.png"));
        assert!(!is_report_image("page--new.png"));
        assert!(!is_report_image("index.html"));
    }

    #[test]
    fn summary_lines_are_numbered_in_page_order() {
        let lines = summary_lines(&[PageChange::Unchanged, PageChange::Added]);
        assert_eq!(lines, ["page 01: unchanged", "page 02: added"]);
    }
}
