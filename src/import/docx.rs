//! Word files (.docx): one article each, its title the first heading or a bold first line.

use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::path::Path;

use roxmltree::{Document, Node};

use crate::diag::{Diagnostic, Kind, Report, Text};
use crate::issue::model::Article;

use super::attribution;
use super::spacing::tidy;

/// WordprocessingML's namespace.
const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// Larger parts of a .docx are refused: no article comes near this.
const MAX_PART_BYTES: u64 = 32 * 1024 * 1024;

/// What a paragraph style says about its paragraphs.
#[derive(Debug, Default, Clone, Copy)]
struct Style {
    heading: bool,
    bold: bool,
}

/// One non-empty paragraph of the document.
#[derive(Debug)]
struct Paragraph {
    /// Its number among the document's paragraphs, from 1, for messages.
    number: usize,
    text: String,
    heading: bool,
    bold: bool,
}

/// Reads the article in the Word file `path` (`bytes`); problems go to `report` and give `None`.
///
/// `compiler` is named when the 来源 line names only a source.
pub(crate) fn read(
    path: &Path,
    bytes: &[u8],
    compiler: &str,
    report: &mut Report,
) -> Option<Article> {
    let problem = |message: Text| {
        Diagnostic::error(
            Kind::WordFile,
            Text::new("in-file").arg("file", path.display().to_string()).arg("message", message),
        )
    };
    let (document, styles) = match parts(bytes) {
        Ok(parts) => parts,
        Err(message) => {
            report.push(problem(message).hint(Text::new("hint-save-docx")));
            return None;
        }
    };
    let styles = styles.as_deref().map(read_styles).unwrap_or_default();
    let document = match Document::parse(&document) {
        Ok(document) => document,
        Err(err) => {
            report.push(problem(Text::new("docx-bad-xml").arg("reason", err.to_string())));
            return None;
        }
    };
    let Some(body) = child(document.root_element(), "body") else {
        report.push(problem(Text::new("docx-no-body")));
        return None;
    };
    let errors_before = report.errors();
    let mut paragraphs = Vec::new();
    let mut number = 0;
    collect(body, &styles, &mut number, &mut paragraphs, &mut |message| {
        report.push(problem(message).hint(Text::new("hint-text-only")));
    });
    if report.errors() > errors_before {
        return None;
    }
    let title_at = paragraphs
        .iter()
        .position(|p| p.heading)
        .or_else(|| paragraphs.first().filter(|p| p.bold).map(|_| 0));
    let Some(title_at) = title_at else {
        report.push(problem(Text::new("docx-no-title")).hint(Text::new("hint-docx-title")));
        return None;
    };
    for before in &paragraphs[..title_at] {
        report.push(
            problem(
                Text::new("docx-before-title")
                    .arg("number", before.number)
                    .arg("text", before.text.as_str()),
            )
            .hint(Text::new("hint-move-below-title")),
        );
    }
    let title = paragraphs[title_at].text.clone();
    let mut body: Vec<String> = paragraphs[title_at + 1..].iter().map(|p| p.text.clone()).collect();
    let last_number = paragraphs.last().map_or(0, |p| p.number);
    let found = body.last().and_then(|last| attribution::find(last, compiler));
    let attribution = match found {
        Some(found) => {
            let last = body.pop().unwrap_or_default();
            let before = tidy(&last[..found.start]);
            if !before.is_empty() {
                body.push(before);
            }
            match found.attribution {
                Ok(attribution) => Some(attribution),
                Err(message) => {
                    report.push(
                        problem(
                            Text::new("docx-in-paragraph")
                                .arg("number", last_number)
                                .arg("message", message),
                        )
                        .hint(Text::new("hint-attribution-word")),
                    );
                    None
                }
            }
        }
        None => {
            report.push(
                problem(Text::new("docx-no-attribution").arg("title", title.as_str()))
                    .hint(Text::new("hint-end-with-attribution-word")),
            );
            None
        }
    };
    if body.is_empty() {
        report.push(problem(Text::new("docx-no-paragraphs").arg("title", title.as_str())));
        return None;
    }
    if report.errors() > errors_before {
        return None;
    }
    Some(Article { title, listed: false, paragraphs: body, attribution: attribution? })
}

/// `word/document.xml` and, if present, `word/styles.xml`.
fn parts(bytes: &[u8]) -> Result<(String, Option<String>), Text> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|err| Text::new("docx-not-zip").arg("reason", err.to_string()))?;
    let mut part = |name: &str| -> Result<Option<String>, Text> {
        let unreadable = |err: &dyn std::fmt::Display| {
            Text::new("docx-part-unreadable").arg("part", name).arg("reason", err.to_string())
        };
        let file = match archive.by_name(name) {
            Ok(file) => file,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(err) => return Err(unreadable(&err)),
        };
        let mut text = String::new();
        file.take(MAX_PART_BYTES).read_to_string(&mut text).map_err(|err| unreadable(&err))?;
        Ok(Some(text))
    };
    let document = part("word/document.xml")?.ok_or_else(|| Text::new("docx-no-document"))?;
    Ok((document, part("word/styles.xml")?))
}

fn is_w(node: Node<'_, '_>, name: &str) -> bool {
    node.is_element() && node.tag_name().name() == name && node.tag_name().namespace() == Some(W)
}

fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|n| is_w(*n, name))
}

fn val<'a>(node: Node<'a, '_>) -> Option<&'a str> {
    node.attribute((W, "val"))
}

/// `<w:b/>` or `<w:b w:val="1"/>` is on; `w:val="0"` or `"false"` is off.
fn on(node: Node<'_, '_>) -> bool {
    !matches!(val(node), Some("0" | "false" | "off"))
}

/// Paragraph styles by id: headings (by name, 标题/Heading/Title, or an outline level) and bold.
fn read_styles(xml: &str) -> HashMap<String, Style> {
    let Ok(document) = Document::parse(xml) else { return HashMap::new() };
    let mut own: HashMap<String, (Style, Option<String>)> = HashMap::new();
    for style in document.root_element().children().filter(|n| is_w(*n, "style")) {
        let Some(id) = style.attribute((W, "styleId")) else { continue };
        let name = child(style, "name").and_then(val).unwrap_or_default().to_lowercase();
        let heading = name.starts_with("heading")
            || name.starts_with("标题")
            || name == "title"
            || id.to_lowercase().starts_with("heading")
            || child(style, "pPr").and_then(|p| child(p, "outlineLvl")).is_some_and(|l| {
                val(l).and_then(|v| v.parse::<u8>().ok()).is_some_and(|level| level < 9)
            });
        let bold = child(style, "rPr").and_then(|r| child(r, "b")).is_some_and(on);
        let based_on = child(style, "basedOn").and_then(val).map(str::to_owned);
        own.insert(id.to_owned(), (Style { heading, bold }, based_on));
    }
    // A style based on a heading or bold style is one too (a few levels deep).
    own.keys()
        .map(|id| {
            let mut style = Style::default();
            let mut next = Some(id.as_str());
            for _ in 0..8 {
                let Some((own_style, based_on)) = next.and_then(|id| own.get(id)) else { break };
                style.heading |= own_style.heading;
                style.bold |= own_style.bold;
                next = based_on.as_deref();
            }
            (id.clone(), style)
        })
        .collect()
}

/// Collects the non-empty paragraphs under `node` in order; tables and pictures, which the
/// bulletin cannot print, are reported through `unplaced`.
fn collect(
    node: Node<'_, '_>,
    styles: &HashMap<String, Style>,
    number: &mut usize,
    out: &mut Vec<Paragraph>,
    unplaced: &mut dyn FnMut(Text),
) {
    for item in node.children().filter(Node::is_element) {
        if is_w(item, "p") {
            *number += 1;
            if item.descendants().any(|n| is_w(n, "drawing") || is_w(n, "pict")) {
                unplaced(Text::new("docx-picture").arg("number", *number));
            }
            if let Some(paragraph) = paragraph(item, styles, *number) {
                out.push(paragraph);
            }
        } else if is_w(item, "tbl") {
            unplaced(Text::new("docx-table").arg("number", *number));
        } else if is_w(item, "sdt") || is_w(item, "sdtContent") || is_w(item, "customXml") {
            collect(item, styles, number, out, unplaced);
        }
    }
}

/// A paragraph's text (runs, tabs and breaks as spaces), and whether it is a heading or bold.
fn paragraph(p: Node<'_, '_>, styles: &HashMap<String, Style>, number: usize) -> Option<Paragraph> {
    let properties = child(p, "pPr");
    let style = properties
        .and_then(|pr| child(pr, "pStyle"))
        .and_then(val)
        .and_then(|id| styles.get(id))
        .copied()
        .unwrap_or_default();
    let outline = properties
        .and_then(|pr| child(pr, "outlineLvl"))
        .and_then(val)
        .and_then(|level| level.parse::<u8>().ok())
        .is_some_and(|level| level < 9);
    let mut text = String::new();
    let mut all_bold = true;
    for run in p.descendants().filter(|n| is_w(*n, "r")) {
        // Deleted text (tracked changes) is w:delText, which is not read.
        let mut run_text = String::new();
        for piece in run.children() {
            if is_w(piece, "t") {
                run_text.push_str(piece.text().unwrap_or_default());
            } else if is_w(piece, "tab") || is_w(piece, "br") || is_w(piece, "cr") {
                run_text.push(' ');
            }
        }
        if run_text.trim().is_empty() {
            text.push_str(&run_text);
            continue;
        }
        let run_style_bold = child(run, "rPr").and_then(|r| child(r, "b")).map(on);
        all_bold &= run_style_bold.unwrap_or(style.bold);
        text.push_str(&run_text);
    }
    let text = tidy(&text);
    (!text.is_empty()).then_some(Paragraph {
        number,
        text,
        heading: style.heading || outline,
        bold: all_bold,
    })
}
