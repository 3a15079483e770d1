//! Articles beyond paragraphs: an issue with every kind of block is typeset and read back
//! (text, positions, pictures and their resolution in the PDF), its pages are compared
//! with accepted ones, and Word files bring pictures, tables and subheadings along.

mod pictures;
mod visual;
pub(crate) mod word;

use std::path::PathBuf;

use bulletin::issue::model::Block;
use bulletin::typeset::engine::Build;
use bulletin::typeset::inspect::{TextLine, page_lines, squeeze};

use crate::support::{repo_root, typeset_dir};

/// The issue with a subheading, two figures (PNG and JPEG), a table from a CSV file, one
/// written inline and a byline.
pub fn fixture_dir() -> PathBuf {
    repo_root().join("tests/fixtures/blocks/2023-09")
}

/// The fixture's lines, every page's in order, the cover left out.
fn body_lines(build: &Build) -> Vec<TextLine> {
    page_lines(&build.document).into_iter().skip(1).flatten().collect()
}

/// The index of the first line whose text, spaces ignored, is `text`.
fn line_of(lines: &[TextLine], text: &str) -> usize {
    let wanted = squeeze(text);
    lines
        .iter()
        .position(|line| squeeze(&line.text) == wanted)
        .unwrap_or_else(|| panic!("no line reads “{text}”; the lines:\n{}", dump(lines)))
}

fn dump(lines: &[TextLine]) -> String {
    lines
        .iter()
        .map(|l| format!("{:7.1} {:6.1}–{:6.1} {}", l.y, l.x_start, l.x_end, l.text))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_block_prints_its_text_where_it_belongs() {
    let build = typeset_dir(&fixture_dir());
    let lines = body_lines(&build);
    let article = &build.issue.sections[0].articles[0];
    let mut order = Vec::new();
    for block in &article.paragraphs {
        match block {
            Block::Subheading(text) | Block::Byline(text) => order.push(line_of(&lines, text)),
            Block::Figure(figure) => {
                order.push(line_of(&lines, &figure.caption));
                if let Some(credit) = &figure.credit {
                    let credit_line = line_of(&lines, credit);
                    assert_eq!(
                        credit_line,
                        line_of(&lines, &figure.caption) + 1,
                        "the credit follows the caption"
                    );
                }
            }
            Block::Table(table) => {
                // The caption above, then every row on a line of its own, its cells in order.
                let caption = line_of(&lines, &table.caption);
                order.push(caption);
                for (r, row) in table.rows.iter().enumerate() {
                    assert_eq!(
                        line_of(&lines, &row.concat()),
                        caption + 1 + r,
                        "row {r} of “{}”",
                        table.caption
                    );
                }
            }
            Block::Paragraph(text) => {
                let start: String = text.chars().take(12).collect();
                let at = lines.iter().position(|l| squeeze(&l.text).starts_with(&squeeze(&start)));
                order.push(
                    at.unwrap_or_else(|| panic!("“{start}…” is not printed:\n{}", dump(&lines))),
                );
            }
        }
    }
    let mut sorted = order.clone();
    sorted.sort_unstable();
    assert_eq!(order, sorted, "the blocks print in the order written:\n{}", dump(&lines));

    // The byline ends at the right edge of the text, as the attribution line does, alone.
    let attribution = lines.iter().rfind(|l| l.text.starts_with("来源：")).expect("attribution");
    let right = attribution.x_end;
    let byline = &lines[line_of(&lines, "（作者：商务部研究院电子商务研究所 张三）")];
    assert!(
        (byline.x_end - right).abs() < 1.5,
        "the byline ends at {} and the text at {right}",
        byline.x_end
    );
    let left = lines.iter().map(|l| l.x_start).fold(f64::INFINITY, f64::min);
    assert!(byline.x_start > left + 100.0, "the byline is set flush right, not run on: {byline:?}");
    // Captions are centred on the text.
    let caption = &lines[line_of(&lines, "图2 农村电商服务站")];
    let middle = (caption.x_start + caption.x_end) / 2.0;
    assert!((middle - (left + right) / 2.0).abs() < 8.0, "the caption is not centred: {caption:?}");
}

#[test]
fn the_layouts_receive_each_block_as_the_blocks_layout_reads_it() {
    let (code, stdout, stderr) = crate::support::run(&["data", "tests/fixtures/blocks/2023-09"]);
    assert_eq!(code, 0, "{stderr}");
    let data: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let blocks = &data["sections"][0]["articles"][0]["paragraphs"];
    assert!(blocks[0].is_string());
    assert_eq!(blocks[1], serde_json::json!({"subheading": "各地区增速——中部地区领先"}));
    assert_eq!(
        blocks[3],
        serde_json::json!({"figure": {"src": "/_issue/chart.png", "caption": "图1 2023年上半年各地区网络零售额同比增速", "credit": "来源：商务部电子商务司", "width": 0.6}})
    );
    assert_eq!(blocks[5]["table"]["rows"][1], serde_json::json!(["东部地区", "51,230", "13%"]));
    assert_eq!(blocks[7]["figure"]["credit"], serde_json::Value::Null);
    assert_eq!(blocks[8]["table"]["rows"][0], serde_json::json!(["品类", "增速"]));
    assert_eq!(
        blocks[10],
        serde_json::json!({"byline": "（作者：商务部研究院电子商务研究所 张三）"})
    );
}
