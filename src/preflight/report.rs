//! The preflight report: plain tables a print shop reads, or JSON for scripts.

use std::fmt::Write as _;

use anyhow::{Context, Result};
use unicode_width::UnicodeWidthStr;

use super::Preflight;
use super::colours::TextInk;
use super::colours::join;
use super::document::format_box;
use super::finding::{Severity, page_ranges};
use crate::diag::{Lang, Text};
use crate::issue::model::Profile;

/// The report as text, in words of `lang`: document, pages, fonts, images, findings and
/// the verdict. The findings' own messages are in English.
pub fn render(preflight: &Preflight, lang: Lang) -> String {
    let words = |id: &'static str| Text::new(id).render(lang);
    let mut out = String::new();
    let mut rules = Vec::new();
    if let Some(intent) = preflight.intent {
        rules.push(Text::new("preflight-for").arg("target", intent.to_string()).render(lang));
    }
    if let Some(pdfx) = &preflight.pdfx {
        rules.push(Text::new("preflight-for").arg("target", pdfx.level.as_str()).render(lang));
    }
    if let Some(multiple) = preflight.multiple {
        rules.push(Text::new("preflight-multiple").arg("count", multiple).render(lang));
    }
    let title = match rules.is_empty() {
        true => Text::new("preflight-title"),
        false => Text::new("preflight-title-rules").arg("rules", rules.join(", ")),
    };
    let _ = writeln!(out, "{}", title.arg("file", preflight.file.as_str()).render(lang));
    section(&mut out, &words("preflight-document"), &document_rows(preflight, lang), false, lang);
    section(&mut out, &words("preflight-pages"), &page_rows(preflight, lang), true, lang);
    section(&mut out, &words("preflight-fonts"), &font_rows(preflight, lang), true, lang);
    section(&mut out, &words("preflight-images"), &image_rows(preflight, lang), true, lang);
    if let Some(pdfx) = &preflight.pdfx {
        let title = Text::new("preflight-requirements").arg("level", pdfx.level.as_str());
        section(&mut out, &title.render(lang), &super::pdfx::rows(pdfx, lang), true, lang);
    }
    section(&mut out, &words("preflight-findings"), &finding_rows(preflight, lang), false, lang);
    let (errors, warnings) = (preflight.count(Severity::Error), preflight.count(Severity::Warning));
    let verdict = match (preflight.intent, errors) {
        (Some(Profile::Screen), 0) => "preflight-ready-screen",
        (Some(Profile::Screen), _) => "preflight-not-ready-screen",
        (_, 0) if preflight.pdfx.is_some() => "preflight-ready-pdfx",
        (_, 0) => "preflight-ready",
        _ => "preflight-would-stop",
    };
    let result = Text::new("preflight-result")
        .arg("errors", errors)
        .arg("warnings", warnings)
        .arg("verdict", Text::new(verdict));
    let _ = writeln!(out, "\n{}", result.render(lang));
    out
}

/// Page numbers as ranges in words of `lang`: `page 3`, `pages 1–4, 7` (`第 3 页`).
fn pages_in(numbers: &[usize], lang: Lang) -> String {
    let ranges = page_ranges(numbers);
    match numbers {
        [_] => Text::new("preflight-page").arg("number", ranges),
        _ => Text::new("preflight-pages-list").arg("numbers", ranges),
    }
    .render(lang)
}

/// The report as pretty-printed JSON.
pub fn render_json(preflight: &Preflight) -> Result<String> {
    serde_json::to_string_pretty(preflight).context("failed to write the report as JSON")
}

fn document_rows(preflight: &Preflight, lang: Lang) -> Vec<Vec<String>> {
    let words = |id: &'static str| Text::new(id).render(lang);
    let facts = &preflight.document;
    let claim = |claim: &Option<String>| match claim {
        Some(claim) => Text::new("preflight-claimed").arg("claim", claim.as_str()).render(lang),
        None => words("preflight-none-claimed"),
    };
    let black = preflight.black_text_pages();
    let black = if black.is_empty() {
        words("preflight-no-page")
    } else if black.len() == preflight.pages.len() {
        words("preflight-every-page")
    } else {
        pages_in(&black, lang)
    };
    let mut rows = vec![
        vec![words("preflight-pdf-version"), facts.version.clone()],
        vec!["PDF/A".to_owned(), claim(&facts.pdfa)],
        vec!["PDF/X".to_owned(), claim(&facts.pdfx)],
        vec![words("preflight-encrypted"), yes_no(facts.encrypted, lang)],
        vec![words("preflight-page-count"), preflight.pages.len().to_string()],
        vec![words("preflight-k-only"), black],
    ];
    if let Some(producer) = &facts.producer {
        rows.insert(4, vec![words("preflight-made-by"), producer.clone()]);
    }
    rows
}

fn yes_no(value: bool, lang: Lang) -> String {
    Text::new(if value { "preflight-yes" } else { "preflight-no" }).render(lang)
}

fn header(ids: &[&'static str], lang: Lang) -> Vec<String> {
    ids.iter().map(|id| Text::new(id).render(lang)).collect()
}

/// One row per run of consecutive pages that look alike.
fn page_rows(preflight: &Preflight, lang: Lang) -> Vec<Vec<String>> {
    let mut rows: Vec<(Vec<usize>, Vec<String>)> = Vec::new();
    for page in &preflight.pages {
        let cells = vec![
            page.size(),
            format_box(&page.media_box),
            page.trim_box.as_ref().map_or_else(|| "—".to_owned(), format_box),
            or_none(join(&page.colour_spaces, ", "), lang),
            or_none(join(&page.inks, ", "), lang),
            match &page.text {
                TextInk::NoText => Text::new("none").render(lang),
                TextInk::BlackOnly => Text::new("preflight-text-k-only").render(lang),
                mixed => mixed.to_string(),
            },
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
    let mut names = header(&["preflight-col-page", "preflight-col-size"], lang);
    names.extend(["MediaBox (pt)".to_owned(), "TrimBox (pt)".to_owned()]);
    names.extend(header(
        &["preflight-col-colour-spaces", "preflight-col-inks", "preflight-col-text"],
        lang,
    ));
    let mut table = vec![names];
    for (numbers, cells) in rows {
        let first = numbers[0];
        let last = numbers[numbers.len() - 1];
        let label = if first == last { first.to_string() } else { format!("{first}–{last}") };
        table.push(std::iter::once(label).chain(cells).collect());
    }
    table
}

fn font_rows(preflight: &Preflight, lang: Lang) -> Vec<Vec<String>> {
    if preflight.fonts.is_empty() {
        return Vec::new();
    }
    let columns = [
        "preflight-col-name",
        "preflight-col-type",
        "preflight-col-embedded",
        "preflight-col-subset",
        "preflight-col-first-page",
    ];
    let mut table = vec![header(&columns, lang)];
    for font in &preflight.fonts {
        table.push(vec![
            font.name.clone(),
            font.kind.clone(),
            yes_no(font.embedded, lang),
            yes_no(font.subset, lang),
            font.first_page.to_string(),
        ]);
    }
    table
}

fn image_rows(preflight: &Preflight, lang: Lang) -> Vec<Vec<String>> {
    if preflight.images.is_empty() {
        return Vec::new();
    }
    let mut names = header(
        &[
            "preflight-col-page",
            "preflight-col-image",
            "preflight-col-pixels",
            "preflight-col-on-page",
        ],
        lang,
    );
    names.push("ppi".to_owned());
    names.extend(header(&["preflight-col-colour-space"], lang));
    let mut table = vec![names];
    for image in &preflight.images {
        table.push(vec![
            image.page.to_string(),
            image.name.clone(),
            format!("{} × {}", image.width_px, image.height_px),
            format!("{:.1} × {:.1}", image.width_mm, image.height_mm),
            format!("{:.0}", image.ppi),
            image.colour_space.clone().unwrap_or_else(|| Text::new("preflight-mask").render(lang)),
        ]);
    }
    table
}

fn finding_rows(preflight: &Preflight, lang: Lang) -> Vec<Vec<String>> {
    preflight
        .findings
        .iter()
        .map(|finding| {
            let page = finding.page.map_or_else(String::new, |p| pages_in(&[p], lang));
            let severity = match finding.severity {
                Severity::Error => "preflight-error",
                Severity::Warning => "preflight-warning",
            };
            vec![Text::new(severity).render(lang), page, finding.message.clone()]
        })
        .collect()
}

fn or_none(text: String, lang: Lang) -> String {
    if text.is_empty() { Text::new("none").render(lang) } else { text }
}

/// Writes a titled table with aligned columns (Chinese characters take two columns of a
/// terminal); an empty table reads "none".
fn section(out: &mut String, title: &str, rows: &[Vec<String>], header: bool, lang: Lang) {
    let _ = writeln!(out, "\n{title}");
    if rows.is_empty() {
        let _ = writeln!(out, "  {}", Text::new("none").render(lang));
        return;
    }
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| rows.iter().filter_map(|r| r.get(c)).map(|s| s.width()).max().unwrap_or(0))
        .collect();
    for (i, row) in rows.iter().enumerate() {
        let mut line = String::from(" ");
        for (c, cell) in row.iter().enumerate() {
            line.push(' ');
            line.push_str(cell);
            if c + 1 < row.len() {
                line.push_str(&" ".repeat(widths[c] - cell.width() + 1));
            }
        }
        let _ = writeln!(out, "{}", line.trim_end());
        if header && i == 0 {
            let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
            let _ = writeln!(out, "  {}", rule.join("  "));
        }
    }
}
