//! The preflight report: plain tables a print shop reads, or JSON for scripts.

use std::fmt::Write as _;

use anyhow::{Context, Result};

use super::Preflight;
use super::colours::join;
use super::document::format_box;
use super::finding::{Severity, page_list};
use crate::issue::model::Profile;

/// The report as text: document, pages, fonts, images, findings and the verdict.
pub fn render(preflight: &Preflight) -> String {
    let mut out = String::new();
    let mut rules = Vec::new();
    if let Some(intent) = preflight.intent {
        rules.push(format!("for {intent}"));
    }
    if let Some(pdfx) = &preflight.pdfx {
        rules.push(format!("for {}", pdfx.level));
    }
    if let Some(multiple) = preflight.multiple {
        rules.push(format!("page count a multiple of {multiple}"));
    }
    let rules = if rules.is_empty() { String::new() } else { format!(" ({})", rules.join(", ")) };
    let _ = writeln!(out, "Preflight of {}{rules}", preflight.file);
    section(&mut out, "Document", &document_rows(preflight), false);
    section(&mut out, "Pages", &page_rows(preflight), true);
    section(&mut out, "Fonts", &font_rows(preflight), true);
    section(&mut out, "Images", &image_rows(preflight), true);
    if let Some(pdfx) = &preflight.pdfx {
        section(&mut out, &format!("{} requirements", pdfx.level), &super::pdfx::rows(pdfx), true);
    }
    section(&mut out, "Findings", &finding_rows(preflight), false);
    let (errors, warnings) = (preflight.count(Severity::Error), preflight.count(Severity::Warning));
    let verdict = match (preflight.intent, errors) {
        (Some(Profile::Screen), 0) => "ready for the website and the archive",
        (Some(Profile::Screen), _) => "not ready for the website and the archive",
        (_, 0) if preflight.pdfx.is_some() => {
            "ready for press, every PDF/X requirement checked is met"
        }
        (_, 0) => "ready for press",
        _ => "the press would stop",
    };
    let _ = writeln!(out, "\nResult: {errors} error(s), {warnings} warning(s): {verdict}");
    out
}

/// The report as pretty-printed JSON.
pub fn render_json(preflight: &Preflight) -> Result<String> {
    serde_json::to_string_pretty(preflight).context("failed to write the report as JSON")
}

fn document_rows(preflight: &Preflight) -> Vec<Vec<String>> {
    let facts = &preflight.document;
    let claim = |claim: &Option<String>| match claim {
        Some(claim) => format!("{claim} (claimed in the metadata)"),
        None => "none claimed".to_owned(),
    };
    let black = preflight.black_text_pages();
    let black = if black.is_empty() {
        "no page".to_owned()
    } else if black.len() == preflight.pages.len() {
        "every page".to_owned()
    } else {
        page_list(&black)
    };
    let yes_no = |b: bool| if b { "yes" } else { "no" }.to_owned();
    let mut rows = vec![
        vec!["PDF version".to_owned(), facts.version.clone()],
        vec!["PDF/A".to_owned(), claim(&facts.pdfa)],
        vec!["PDF/X".to_owned(), claim(&facts.pdfx)],
        vec!["encrypted".to_owned(), yes_no(facts.encrypted)],
        vec!["pages".to_owned(), preflight.pages.len().to_string()],
        vec!["text in K only".to_owned(), black],
    ];
    if let Some(producer) = &facts.producer {
        rows.insert(4, vec!["made by".to_owned(), producer.clone()]);
    }
    rows
}

/// One row per run of consecutive pages that look alike.
fn page_rows(preflight: &Preflight) -> Vec<Vec<String>> {
    let mut rows: Vec<(Vec<usize>, Vec<String>)> = Vec::new();
    for page in &preflight.pages {
        let cells = vec![
            page.size(),
            format_box(&page.media_box),
            page.trim_box.as_ref().map_or_else(|| "—".to_owned(), format_box),
            or_none(join(&page.colour_spaces, ", ")),
            or_none(join(&page.inks, ", ")),
            page.text.to_string(),
        ];
        match rows.last_mut() {
            Some((numbers, last))
                if *last == cells && numbers.last() == Some(&(page.number - 1)) =>
            {
                numbers.push(page.number);
            }
            _ => rows.push((vec![page.number], cells)),
        }
    }
    let header =
        ["page", "size (mm)", "MediaBox (pt)", "TrimBox (pt)", "colour spaces", "inks", "text"];
    let mut table = vec![header.map(str::to_owned).to_vec()];
    for (numbers, cells) in rows {
        let first = numbers[0];
        let last = numbers[numbers.len() - 1];
        let label = if first == last { first.to_string() } else { format!("{first}–{last}") };
        table.push(std::iter::once(label).chain(cells).collect());
    }
    table
}

fn font_rows(preflight: &Preflight) -> Vec<Vec<String>> {
    if preflight.fonts.is_empty() {
        return Vec::new();
    }
    let yes_no = |b: bool| if b { "yes" } else { "no" }.to_owned();
    let mut table =
        vec![["name", "type", "embedded", "subset", "first page"].map(str::to_owned).to_vec()];
    for font in &preflight.fonts {
        table.push(vec![
            font.name.clone(),
            font.kind.clone(),
            yes_no(font.embedded),
            yes_no(font.subset),
            font.first_page.to_string(),
        ]);
    }
    table
}

fn image_rows(preflight: &Preflight) -> Vec<Vec<String>> {
    if preflight.images.is_empty() {
        return Vec::new();
    }
    let header = ["page", "image", "pixels", "on the page (mm)", "ppi", "colour space"];
    let mut table = vec![header.map(str::to_owned).to_vec()];
    for image in &preflight.images {
        table.push(vec![
            image.page.to_string(),
            image.name.clone(),
            format!("{} × {}", image.width_px, image.height_px),
            format!("{:.1} × {:.1}", image.width_mm, image.height_mm),
            format!("{:.0}", image.ppi),
            image.colour_space.clone().unwrap_or_else(|| "mask".to_owned()),
        ]);
    }
    table
}

fn finding_rows(preflight: &Preflight) -> Vec<Vec<String>> {
    preflight
        .findings
        .iter()
        .map(|finding| {
            let page = finding.page.map_or_else(String::new, |p| format!("page {p}"));
            vec![finding.severity.to_string(), page, finding.message.clone()]
        })
        .collect()
}

fn or_none(text: String) -> String {
    if text.is_empty() { "none".to_owned() } else { text }
}

/// Writes a titled table with aligned columns; an empty table reads "none".
fn section(out: &mut String, title: &str, rows: &[Vec<String>], header: bool) {
    let _ = writeln!(out, "\n{title}");
    if rows.is_empty() {
        let _ = writeln!(out, "  none");
        return;
    }
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| rows.iter().filter_map(|r| r.get(c)).map(|s| s.chars().count()).max().unwrap_or(0))
        .collect();
    for (i, row) in rows.iter().enumerate() {
        let mut line = String::from(" ");
        for (c, cell) in row.iter().enumerate() {
            line.push(' ');
            line.push_str(cell);
            if c + 1 < row.len() {
                line.push_str(&" ".repeat(widths[c] - cell.chars().count() + 1));
            }
        }
        let _ = writeln!(out, "{}", line.trim_end());
        if header && i == 0 {
            let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
            let _ = writeln!(out, "  {}", rule.join("  "));
        }
    }
}
