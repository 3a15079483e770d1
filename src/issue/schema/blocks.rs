//! Reading an article's `paragraphs`: plain strings are paragraphs, inline tables the other
//! blocks (subheadings, bylines, figures, tables), each checked with every problem reported.

use std::ops::Range;
use std::path::Path;

use toml::Spanned;
use toml::de::{DeArray, DeValue};

use super::block_files::{check_image, read_block_file, read_csv};
use super::fields::{Fields, describe};
use super::text::{MAX_TITLE_CHARS, check_text};
use crate::diag::{Diagnostic, Kind, Report, Text};
use crate::issue::model::{Block, Figure, Table};

/// The keys that name a block's kind; a block has exactly one of them.
const KINDS: &[&str] = &["subheading", "byline", "figure", "table"];
const FIGURE_KEYS: &[&str] = &["figure", "caption", "credit", "width"];
const TABLE_KEYS: &[&str] = &["table", "caption"];
/// The longest caption or credit: two lines under a picture.
const MAX_CAPTION_CHARS: usize = 200;
/// The longest table cell.
const MAX_CELL_CHARS: usize = 1000;

/// Reads the article's `paragraphs`; `None` if it is missing or a block is unusable.
pub(crate) fn read_blocks(fields: &Fields<'_, '_>, report: &mut Report) -> Option<Vec<Block>> {
    let Some(value) = fields.get("paragraphs") else {
        fields.missing("paragraphs", "[\"…\", \"…\"]", report);
        return None;
    };
    let DeValue::Array(items) = value.get_ref() else {
        fields.wrong_type("paragraphs", Text::new("expected-paragraphs"), value.get_ref(), report);
        return None;
    };
    if items.is_empty() {
        report.push(
            fields
                .error(
                    Kind::NoParagraphs,
                    value.span(),
                    Some("paragraphs"),
                    Text::new("has-none")
                        .arg("table", &fields.name)
                        .arg("what", Text::new("paragraphs")),
                )
                .hint(Text::new("hint-one-paragraph")),
        );
        return None;
    }
    let mut blocks = Vec::with_capacity(items.len());
    let mut ok = true;
    for (p, item) in items.iter().enumerate() {
        let what = Text::new("subject-paragraph").arg("number", p + 1).arg("article", &fields.name);
        let subject = fields.subject.paragraph(p);
        let block = match item.get_ref() {
            DeValue::String(text) => {
                // Its length is measured with the issue's limits (limits.rs), before.
                check_text(fields.file, item.span(), text, &what, subject, usize::MAX, report);
                Some(Block::Paragraph(text.to_string()))
            }
            DeValue::Table(table) => {
                read_block(&fields.child(table, item.span(), what, subject), p, report)
            }
            other => {
                report.push(
                    Diagnostic::error(
                        Kind::WrongType,
                        Text::new("must-be-text").arg("what", what).arg("found", describe(other)),
                    )
                    .at(fields.file, item.span())
                    .about(subject)
                    .hint(Text::new("hint-quote-paragraph")),
                );
                None
            }
        };
        match block {
            Some(block) => blocks.push(block),
            None => ok = false,
        }
    }
    ok.then_some(blocks)
}

/// One inline table of `paragraphs`, entry `p` of the article: `fields` names it "paragraph
/// 3 of …" until its kind is known.
fn read_block(fields: &Fields<'_, '_>, p: usize, report: &mut Report) -> Option<Block> {
    let kinds: Vec<&'static str> =
        KINDS.iter().copied().filter(|kind| fields.table.contains_key(*kind)).collect();
    let kind = match kinds.as_slice() {
        [kind] => *kind,
        [] => {
            let errors = report.errors();
            let mut allowed = KINDS.to_vec();
            allowed.extend(["caption", "credit", "width"]);
            fields.refuse_unknown_keys(&allowed, report);
            if report.errors() == errors {
                report.push(
                    fields
                        .error(
                            Kind::BlockKind,
                            fields.span.clone(),
                            None,
                            Text::new("block-no-kind").arg("what", &fields.name),
                        )
                        .hint(Text::new("hint-block-kinds")),
                );
            }
            return None;
        }
        [first, second, ..] => {
            let span = fields.get(second).map_or(fields.span.clone(), Spanned::span);
            report.push(
                fields
                    .error(
                        Kind::BlockKind,
                        span,
                        None,
                        Text::new("block-kinds")
                            .arg("what", &fields.name)
                            .arg("first", *first)
                            .arg("second", *second),
                    )
                    .hint(Text::new("hint-block-kinds")),
            );
            return None;
        }
    };
    let article = fields.name.arg_text("article").cloned().unwrap_or_else(|| Text::plain(""));
    let mut block =
        fields.child(fields.table, fields.span.clone(), Text::plain(""), fields.subject);
    block.name = Text::new("subject-block")
        .arg("kind", Text::new(kind_name(kind)))
        .arg("number", p + 1)
        .arg("article", article);
    match kind {
        "subheading" | "byline" => {
            block.refuse_unknown_keys(&[kind], report);
            let text = block.string(kind, None, report)?;
            check_text(
                block.file,
                text.span(),
                text.get_ref(),
                &block.name,
                block.subject,
                MAX_TITLE_CHARS,
                report,
            );
            let text = text.into_inner();
            Some(if kind == "subheading" { Block::Subheading(text) } else { Block::Byline(text) })
        }
        "figure" => read_figure(&block, report),
        _ => read_table(&block, report),
    }
}

/// The message id naming a block's kind.
fn kind_name(kind: &str) -> &'static str {
    match kind {
        "subheading" => "block-subheading",
        "byline" => "block-byline",
        "figure" => "block-figure",
        _ => "block-table",
    }
}

/// `{ figure = "chart.png", caption = "…", credit = "…", width = 0.6 }`.
fn read_figure(block: &Fields<'_, '_>, report: &mut Report) -> Option<Block> {
    block.refuse_unknown_keys(FIGURE_KEYS, report);
    let file = block.string("figure", None, report);
    let caption = caption(block, report);
    let credit = block.string("credit", None, report);
    if let Some(credit) = &credit {
        check_text(
            block.file,
            credit.span(),
            credit.get_ref(),
            &Text::new("subject-credit-of").arg("block", &block.name),
            block.subject,
            MAX_CAPTION_CHARS,
            report,
        );
    }
    let width = width(block, report);
    let (file, data) = {
        let file = file?;
        let data = read_block_file(block, &file, report)?;
        (file, data)
    };
    let pixels = check_image(block, &file, &data, report)?;
    Some(Block::Figure(Figure {
        file: file.into_inner(),
        caption: caption?,
        credit: credit.map(Spanned::into_inner),
        width: width?,
        data: data.into(),
        pixels,
    }))
}

/// `{ table = "growth.csv", caption = "…" }` or `{ table = [["…", "…"], …], caption = "…" }`.
fn read_table(block: &Fields<'_, '_>, report: &mut Report) -> Option<Block> {
    block.refuse_unknown_keys(TABLE_KEYS, report);
    let caption = caption(block, report);
    let value = block.get("table")?;
    let (file, rows) = match value.get_ref() {
        DeValue::String(name) => {
            let name = Spanned::new(value.span(), name.to_string());
            let data = read_block_file(block, &name, report)?;
            let rows = read_csv(block, &name, data, report)?;
            (Some(name.into_inner()), rows)
        }
        DeValue::Array(list) => {
            let (rows, cells_ok) = inline_rows(block, list, report);
            // A ragged row written in the file is pointed at; one of a CSV file is named.
            let spans: Vec<_> = list.iter().map(Spanned::span).collect();
            let shape = check_rows(
                block,
                &rows,
                &|r| spans.get(r).cloned().unwrap_or(value.span()),
                report,
            );
            shape.filter(|()| cells_ok)?;
            return Some(Block::Table(Table { file: None, caption: caption?, rows }));
        }
        other => {
            block.wrong_type("table", Text::new("expected-table-rows"), other, report);
            return None;
        }
    };
    check_rows(block, &rows, &|_| value.span(), report)?;
    Some(Block::Table(Table { file, caption: caption?, rows }))
}

/// The required caption of a figure or table, checked as text.
fn caption(block: &Fields<'_, '_>, report: &mut Report) -> Option<String> {
    let caption = block.string("caption", Some("\"图1 …\""), report)?;
    let errors = report.errors();
    check_text(
        block.file,
        caption.span(),
        caption.get_ref(),
        &Text::new("subject-caption-of").arg("block", &block.name),
        block.subject,
        MAX_CAPTION_CHARS,
        report,
    );
    (report.errors() == errors).then(|| caption.into_inner())
}

/// A figure's optional `width`: a share of the text width, above 0 and at most 1.
/// `Some(None)` when it is not given, `None` when it is wrong.
fn width(block: &Fields<'_, '_>, report: &mut Report) -> Option<Option<f64>> {
    let Some(value) = block.get("width") else { return Some(None) };
    let share = match value.get_ref() {
        DeValue::Float(number) => number.as_str().replace('_', "").parse::<f64>().ok(),
        DeValue::Integer(number) if number.radix() == 10 => {
            number.as_str().replace('_', "").parse::<f64>().ok()
        }
        other => {
            block.wrong_type("width", Text::new("expected-share"), other, report);
            return None;
        }
    };
    match share {
        Some(share) if share > 0.0 && share <= 1.0 => Some(Some(share)),
        _ => {
            let written = &block.text[value.span()];
            report.push(
                block
                    .error(
                        Kind::OutOfRange,
                        value.span(),
                        None,
                        Text::new("width-out-of-range")
                            .arg("what", &block.name)
                            .arg("value", written),
                    )
                    .hint(Text::new("hint-width")),
            );
            None
        }
    }
}

/// Rows written in the issue file, a list of lists of text, and whether every row and cell
/// is what it should be (a cell that is not text stands as an empty one, so that the rows'
/// lengths can still be checked).
fn inline_rows(
    block: &Fields<'_, '_>,
    rows: &DeArray<'_>,
    report: &mut Report,
) -> (Vec<Vec<String>>, bool) {
    let mut out = Vec::with_capacity(rows.len());
    let mut ok = true;
    for (r, row) in rows.iter().enumerate() {
        let DeValue::Array(cells) = row.get_ref() else {
            report.push(cell_problem(block, row.span(), r, None, row.get_ref()));
            ok = false;
            out.push(Vec::new());
            continue;
        };
        let mut texts = Vec::with_capacity(cells.len());
        for (c, cell) in cells.iter().enumerate() {
            match cell.get_ref() {
                DeValue::String(text) => {
                    check_cell(block.file, cell.span(), text, block, r, c, report);
                    texts.push(text.to_string());
                }
                other => {
                    report.push(cell_problem(block, cell.span(), r, Some(c), other));
                    ok = false;
                    texts.push(String::new());
                }
            }
        }
        out.push(texts);
    }
    (out, ok)
}

/// A row that is not a list, or a cell that is not text.
fn cell_problem(
    block: &Fields<'_, '_>,
    span: Range<usize>,
    row: usize,
    column: Option<usize>,
    found: &DeValue<'_>,
) -> Diagnostic {
    let message = match column {
        Some(column) => Text::new("cell-not-text")
            .arg("what", &block.name)
            .arg("row", row + 1)
            .arg("column", column + 1)
            .arg("found", describe(found)),
        None => Text::new("row-not-list")
            .arg("what", &block.name)
            .arg("row", row + 1)
            .arg("found", describe(found)),
    };
    block.error(Kind::WrongType, span, None, message).hint(Text::new("hint-table-rows"))
}

/// A cell may be empty; otherwise it is checked as any text is.
pub(super) fn check_cell(
    file: &Path,
    span: Range<usize>,
    text: &str,
    block: &Fields<'_, '_>,
    row: usize,
    column: usize,
    report: &mut Report,
) {
    if text.is_empty() {
        return;
    }
    let what = Text::new("subject-cell")
        .arg("block", &block.name)
        .arg("row", row + 1)
        .arg("column", column + 1);
    check_text(file, span, text, &what, block.subject, MAX_CELL_CHARS, report);
}

/// A table has its header row, and every row has as many cells as the header.
fn check_rows(
    block: &Fields<'_, '_>,
    rows: &[Vec<String>],
    span: &dyn Fn(usize) -> Range<usize>,
    report: &mut Report,
) -> Option<()> {
    let empty = |report: &mut Report| {
        report.push(
            block
                .error(
                    Kind::BadTable,
                    span(0),
                    None,
                    Text::new("table-empty").arg("what", &block.name),
                )
                .hint(Text::new("hint-table-header")),
        );
    };
    let Some(header) = rows.first() else {
        empty(report);
        return None;
    };
    let mut ok = true;
    if header.is_empty() {
        ok = false;
        empty(report);
    }
    for (r, row) in rows.iter().enumerate().skip(1) {
        if row.len() != header.len() {
            ok = false;
            report.push(
                block
                    .error(
                        Kind::BadTable,
                        span(r),
                        None,
                        Text::new("table-ragged")
                            .arg("what", &block.name)
                            .arg("row", r + 1)
                            .arg("cells", row.len())
                            .arg("header", header.len()),
                    )
                    .hint(Text::new("hint-table-ragged")),
            );
        }
    }
    ok.then_some(())
}
