//! Word files (.docx): one article each, its title the first heading or a bold first line;
//! headings below it become subheadings, pictures figures and tables tables.

use std::collections::HashMap;
use std::path::Path;

use roxmltree::{Document, Node};

use crate::diag::{Diagnostic, Kind, Report, Text};
use crate::issue::limits::{PARAGRAPH_MAX_CHARS, Tally};
use crate::issue::model::{Article, Block, Figure, Table};

use super::attribution;
use super::blocks::is_byline;
use super::docx_media::{Package, Picture, R};
use super::spacing::tidy;

/// WordprocessingML's namespace.
const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// The longest paragraph taken as a figure's or table's caption.
const MAX_CAPTION_CHARS: usize = 80;

/// What a paragraph style says about its paragraphs.
#[derive(Debug, Default, Clone, Copy)]
struct Style {
    heading: bool,
    bold: bool,
    /// A caption style (Caption, 题注).
    caption: bool,
}

/// One non-empty paragraph of the document.
#[derive(Debug)]
struct Paragraph {
    /// Its number among the document's paragraphs, from 1, for messages.
    number: usize,
    text: String,
    heading: bool,
    bold: bool,
    caption: bool,
}

/// What the document's body holds, in order.
#[derive(Debug)]
enum Item {
    Paragraph(Paragraph),
    /// A picture, in the paragraph numbered `number`.
    Picture {
        number: usize,
        picture: Picture,
    },
    /// A table after the paragraph numbered `number`, its rows padded to one length.
    Table {
        number: usize,
        rows: Vec<Vec<String>>,
    },
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
    let (mut package, document, styles) = match parts(bytes) {
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
    let mut items = Vec::new();
    let mut number = 0;
    let mut reader = Reader {
        styles: &styles,
        package: &mut package,
        number: &mut number,
        tally: Tally::default(),
    };
    reader.collect(body, &mut items, &mut |message, hint| {
        report.push(problem(message).hint(hint));
    });
    if report.errors() > errors_before {
        return None;
    }
    let title_at = items
        .iter()
        .position(|item| matches!(item, Item::Paragraph(p) if p.heading))
        .or_else(|| match items.first() {
            Some(Item::Paragraph(p)) if p.bold => Some(0),
            _ => None,
        });
    let Some(title_at) = title_at else {
        report.push(problem(Text::new("docx-no-title")).hint(Text::new("hint-docx-title")));
        return None;
    };
    for before in &items[..title_at] {
        let (number, text) = match before {
            Item::Paragraph(p) => (p.number, Text::plain(p.text.as_str())),
            Item::Picture { number, .. } => (*number, Text::new("docx-a-picture")),
            Item::Table { number, .. } => (*number, Text::new("docx-a-table")),
        };
        report.push(
            problem(Text::new("docx-before-title").arg("number", number).arg("text", text))
                .hint(Text::new("hint-move-below-title")),
        );
    }
    let Item::Paragraph(title) = items.remove(title_at) else { return None };
    let title = title.text;
    let last_number = match items.last() {
        Some(Item::Paragraph(p)) => p.number,
        _ => 0,
    };
    let stem = picture_stem(path);
    let mut body = blocks(items.drain(title_at..), &stem);
    let found = match body.last() {
        Some(Block::Paragraph(last)) => attribution::find(last, compiler),
        _ => None,
    };
    let attribution = match found {
        Some(found) => {
            let last = match body.pop() {
                Some(Block::Paragraph(last)) => last,
                _ => String::new(),
            };
            let before = tidy(&last[..found.start]);
            if !before.is_empty() {
                body.push(Block::Paragraph(before));
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

/// The blocks of the article from what follows its title: headings are subheadings, a
/// paragraph that is only `（作者：…）` a byline, pictures figures (captioned by the
/// paragraph under them when it is a caption: in a caption style, or short and starting
/// with 图) and tables tables (captioned by the paragraph above them in the same way, with
/// 表). Pictures are named `<stem>-1.png`, `<stem>-2.jpg`, … in order; an uncaptioned one
/// gets 图1, 图2, …, as tables get 表1, ….
fn blocks(items: impl Iterator<Item = Item>, stem: &str) -> Vec<Block> {
    let looks_like = |p: &Paragraph, start: char| {
        !p.heading
            && (p.caption || p.text.starts_with(start))
            && p.text.chars().count() <= MAX_CAPTION_CHARS
    };
    let mut blocks = Vec::new();
    let (mut figures, mut tables) = (0, 0);
    let mut items = items.peekable();
    // The paragraph just read, if it may caption a table that follows.
    let mut table_caption = false;
    while let Some(item) = items.next() {
        let was_caption = std::mem::take(&mut table_caption);
        match item {
            Item::Paragraph(p) if p.heading => blocks.push(Block::Subheading(p.text)),
            Item::Paragraph(p) if is_byline(&p.text) => blocks.push(Block::Byline(p.text)),
            Item::Paragraph(p) => {
                table_caption = looks_like(&p, '表');
                blocks.push(Block::Paragraph(p.text));
            }
            Item::Picture { picture, .. } => {
                figures += 1;
                let caption = match items
                    .next_if(|next| matches!(next, Item::Paragraph(p) if looks_like(p, '图')))
                {
                    Some(Item::Paragraph(p)) => p.text,
                    _ => format!("图{figures}"),
                };
                blocks.push(Block::Figure(Figure {
                    file: format!("{stem}-{figures}.{}", picture.extension),
                    caption,
                    credit: None,
                    width: None,
                    pixels: picture.pixels,
                    data: picture.data.into(),
                }));
            }
            Item::Table { rows, .. } => {
                tables += 1;
                let caption = match (was_caption, blocks.pop()) {
                    (true, Some(Block::Paragraph(text))) => text,
                    (_, last) => {
                        blocks.extend(last);
                        format!("表{tables}")
                    }
                };
                blocks.push(Block::Table(Table { file: None, caption, rows }));
            }
        }
    }
    blocks
}

/// The start of the names of a Word file's pictures: its own name, in letters, figures,
/// `-` and `_` (`一篇文章.docx` gives `一篇文章`), or `picture`.
fn picture_stem(path: &Path) -> String {
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let cleaned: String =
        stem.chars().map(|c| if c.is_alphanumeric() || c == '_' { c } else { '-' }).collect();
    let cleaned = cleaned.trim_matches('-').to_owned();
    if cleaned.is_empty() { "picture".to_owned() } else { cleaned }
}

/// The package, `word/document.xml` and, if present, `word/styles.xml`.
fn parts(bytes: &[u8]) -> Result<(Package, String, Option<String>), Text> {
    let mut package = Package::open(bytes)?;
    let document =
        package.text("word/document.xml")?.ok_or_else(|| Text::new("docx-no-document"))?;
    let styles = package.text("word/styles.xml")?;
    Ok((package, document, styles))
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
        let caption = name == "caption" || name == "题注";
        let based_on = child(style, "basedOn").and_then(val).map(str::to_owned);
        own.insert(id.to_owned(), (Style { heading, bold, caption }, based_on));
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
                style.caption |= own_style.caption;
                next = based_on.as_deref();
            }
            (id.clone(), style)
        })
        .collect()
}

/// Reads the body of a document, counting its paragraphs.
struct Reader<'r> {
    styles: &'r HashMap<String, Style>,
    package: &'r mut Package,
    /// Paragraphs read so far.
    number: &'r mut usize,
    /// What was collected, against what an issue may hold.
    tally: Tally,
}

/// Where the reader reports a problem: its message and a hint.
type Unplaced<'u> = dyn FnMut(Text, Text) + 'u;

impl Reader<'_> {
    /// Collects the pictures, non-empty paragraphs and tables under `node` in order; a
    /// picture that cannot be read, a paragraph too long and a document holding more than
    /// an issue may are reported through `unplaced`, and the reading stops at the last.
    fn collect(&mut self, node: Node<'_, '_>, out: &mut Vec<Item>, unplaced: &mut Unplaced<'_>) {
        for item in node.children().filter(Node::is_element) {
            if self.tally.is_over() {
                return;
            }
            if is_w(item, "p") {
                *self.number += 1;
                let number = *self.number;
                // A picture is a DrawingML blip (r:embed) or, in older files, VML (r:id).
                let ids = item.descendants().filter_map(|n| match n.tag_name().name() {
                    "blip" => n.attribute((R, "embed")),
                    "imagedata" => n.attribute((R, "id")),
                    _ => None,
                });
                for id in ids {
                    match self.package.picture(id, number) {
                        Ok(picture) => {
                            self.count(number, 0, unplaced);
                            out.push(Item::Picture { number, picture });
                        }
                        Err(message) => unplaced(message, Text::new("hint-save-picture")),
                    }
                }
                if let Some(paragraph) = paragraph(item, self.styles, number) {
                    let chars = paragraph.text.chars().count();
                    if chars > PARAGRAPH_MAX_CHARS {
                        let message = Text::new("docx-paragraph-too-long")
                            .arg("number", number)
                            .arg("chars", chars)
                            .arg("max", PARAGRAPH_MAX_CHARS);
                        unplaced(message, Text::new("hint-split-long-paragraph-word"));
                    }
                    self.count(number, chars, unplaced);
                    out.push(Item::Paragraph(paragraph));
                }
            } else if is_w(item, "tbl") {
                let rows = table_rows(item, self.styles);
                if !rows.is_empty() {
                    let chars = rows.iter().flatten().map(|cell| cell.chars().count()).sum();
                    self.count(*self.number, chars, unplaced);
                    out.push(Item::Table { number: *self.number, rows });
                }
            } else if is_w(item, "sdt") || is_w(item, "sdtContent") || is_w(item, "customXml") {
                self.collect(item, out, unplaced);
            }
        }
    }

    /// Counts one more block of `chars` characters, found at paragraph `number`; reports
    /// the limit of an issue it passes.
    fn count(&mut self, number: usize, chars: usize, unplaced: &mut Unplaced<'_>) {
        if let Some(over) = self.tally.block(chars) {
            let message = Text::new("docx-over-limit")
                .arg("number", number)
                .arg("max", over.max())
                .arg("what", over.what());
            unplaced(message, Text::new("hint-import-too-large"));
        }
    }
}

/// The rows of a table, each cell's paragraphs joined, every row padded with empty cells
/// to the longest; rows without any text are left out.
fn table_rows(table: Node<'_, '_>, styles: &HashMap<String, Style>) -> Vec<Vec<String>> {
    let mut rows: Vec<Vec<String>> = table
        .children()
        .filter(|n| is_w(*n, "tr"))
        .map(|row| {
            row.children()
                .filter(|n| is_w(*n, "tc"))
                .map(|cell| {
                    let texts: Vec<String> = cell
                        .children()
                        .filter(|n| is_w(*n, "p"))
                        .filter_map(|p| paragraph(p, styles, 0).map(|p| p.text))
                        .collect();
                    texts.join(" ")
                })
                .collect::<Vec<String>>()
        })
        .filter(|row| row.iter().any(|cell| !cell.is_empty()))
        .collect();
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    for row in &mut rows {
        row.resize(width, String::new());
    }
    rows
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
        caption: style.caption,
    })
}
