//! In-process measurements: where a cold build's time goes, the watch path's warm
//! rebuild after one paragraph changes, and drawing the pages as PNG images.

use std::path::Path;
use std::time::{Duration, Instant};

use bulletin::export::png::{Compression, encode_all, rasterize_all};
use bulletin::issue::files::write_atomically;
use bulletin::issue::load::load_issue;
use bulletin::issue::model::Block;
use bulletin::issue::save::issue_toml;
use bulletin::typeset::engine::{Engine, EngineOptions, Lifetime};
use bulletin::typeset::fonts::forget_shared_fonts;

use crate::measure::Stats;
use crate::report::Table;

/// Writes the JSON the layouts receive for the issue in `issue_dir` to `path`.
pub fn write_layout_data(issue_dir: &Path, path: &Path) {
    let issue = load_issue(issue_dir).expect("the sample issue loads");
    std::fs::write(path, serde_json::to_vec(&issue).expect("JSON")).expect("JSON written");
}

/// Builds the sample from empty caches a few times, as `bulletin build` does, and splits
/// the time by step.
pub fn cold_breakdown(sample: &Path, table: &mut Table) {
    let mut steps: [Vec<Duration>; 5] = Default::default();
    for _ in 0..5 {
        typst::comemo::evict(0);
        forget_shared_fonts();
        let start = Instant::now();
        let mut engine = Engine::open(sample, &EngineOptions::default(), Lifetime::OneShot)
            .expect("the project");
        let opened = start.elapsed();
        let build = engine.rebuild().expect("typesets");
        let step = Instant::now();
        engine.export_pdf(&build).expect("exports");
        let exported = step.elapsed();
        let t = build.timings;
        for (samples, time) in
            steps.iter_mut().zip([opened + t.fonts, t.load, t.typeset, exported, start.elapsed()])
        {
            samples.push(time);
        }
    }
    let names = [
        "  finding the project, indexing the fonts",
        "  reading and checking the data",
        "  typesetting (fonts loaded on the way), checking the pages",
        "  PDF export, with font subsetting",
        "  in-process total",
    ];
    table.heading("cold build in-process, step by step, from empty caches (5 runs)");
    for (name, samples) in names.iter().zip(&steps) {
        table.seconds(name, Stats::of_durations(samples), None);
    }
}

/// Edits one paragraph of a copy of the sample `runs` times; each time the long-lived engine
/// rebuilds and the PDF is written, as `bulletin watch` does.
pub fn warm_rebuild(sample: &Path, work: &Path, runs: usize, table: &mut Table) {
    let issue_dir = work.join("issues/2023-08");
    std::fs::create_dir_all(&issue_dir).expect("copy folder created");
    std::fs::copy(sample.join("../publication.toml"), work.join("issues/publication.toml"))
        .expect("publication copied");
    let issue_file = issue_dir.join("issue.toml");
    std::fs::copy(sample.join("issue.toml"), &issue_file).expect("issue copied");
    let pdf = work.join("issue.pdf");
    let mut engine = Engine::open(&issue_dir, &EngineOptions::default(), Lifetime::LongLived)
        .expect("the engine starts");
    engine.export_incrementally();
    engine.rebuild().expect("the first build works");
    let mut issue = load_issue(&issue_dir).expect("the copy loads");
    let mut totals = Vec::new();
    let mut typeset = Vec::new();
    let mut export = Vec::new();
    for edit in 0..runs {
        let section = edit % issue.sections.len();
        let articles = &mut issue.sections[section].articles;
        let article = edit % articles.len();
        if let Block::Paragraph(text) = &mut articles[article].paragraphs[0] {
            text.push_str("修订。");
        }
        std::fs::write(&issue_file, issue_toml(&issue, None).expect("TOML")).expect("edit saved");
        // As `bulletin watch` does: Typst's cache is trimmed once the PDF is written.
        let start = Instant::now();
        let build = engine.rebuild_untrimmed().expect("rebuilds");
        let step = Instant::now();
        let bytes = engine.export_pdf(&build).expect("exports");
        export.push(step.elapsed());
        write_atomically(&pdf, &bytes).expect("PDF written");
        totals.push(start.elapsed());
        engine.trim_cache();
        typeset.push(build.timings.typeset);
    }
    table.heading(&format!("warm rebuild in-process after one paragraph changes ({runs} edits)"));
    table.seconds(
        "  rebuild and write the PDF (the watch path)",
        Stats::of_durations(&totals),
        Some(0.025),
    );
    table.seconds("  of which typesetting", Stats::of_durations(&typeset), None);
    table.seconds("  of which PDF export", Stats::of_durations(&export), None);
}

/// Draws every page of the sample at `ppi` and encodes the images as PNG.
pub fn render(sample: &Path, ppi: u32, table: &mut Table) {
    let typeset = Engine::open(sample, &EngineOptions::default(), Lifetime::OneShot)
        .and_then(|mut engine| engine.rebuild())
        .expect("the sample builds");
    let mut draw = Vec::new();
    let mut encode = Vec::new();
    for _ in 0..3 {
        let start = Instant::now();
        let images = rasterize_all(&typeset.document, ppi);
        draw.push(start.elapsed());
        let start = Instant::now();
        encode_all(&images, Compression::Fast).expect("PNG encoding");
        encode.push(start.elapsed());
    }
    let pages = typeset.document.pages().len();
    table.heading(&format!(
        "page images of the sample, {pages} pages at {ppi} ppi, in-process (3 runs)"
    ));
    table.seconds("  drawing the pages", Stats::of_durations(&draw), None);
    table.seconds("  PNG encoding", Stats::of_durations(&encode), None);
}
