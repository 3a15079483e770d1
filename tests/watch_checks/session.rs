//! The long-lived engine: warm rebuilds give the bytes of a fresh build, and see every input.

use std::path::Path;

use bulletin::diag::ProblemsFound;
use bulletin::typeset::engine::{Build, Engine, EngineOptions, Lifetime};
use bulletin::typeset::inspect::{page_lines, squeeze};
use bulletin::typeset::options::OutputOptions;

use super::{PARAGRAPH_TEXT, edit_paragraph, fresh_build, project, replace_in};
use crate::support::{Sandbox, link_font, pdf_of, repo_root};

/// All the text of the rebuilt pages, without spaces.
fn text_of(build: &Build) -> String {
    let lines = page_lines(&build.document);
    squeeze(&lines.iter().flatten().map(|line| line.text.as_str()).collect::<String>())
}

/// A long-lived engine for `issue`, making `output`, exporting as `bulletin watch` does.
fn engine(issue: &std::path::Path, output: OutputOptions) -> Engine {
    let options = EngineOptions { output, ..EngineOptions::default() };
    let mut engine = Engine::open(issue, &options, Lifetime::LongLived).unwrap();
    engine.export_incrementally();
    engine
}

/// Rebuilds and exports.
fn rebuild(engine: &mut Engine) -> (Build, Vec<u8>) {
    let build = engine.rebuild().unwrap();
    let pdf = engine.export_pdf(&build).unwrap();
    (build, pdf)
}

/// Replaces `from` with `to` in `issue`'s file, rebuilds and exports, and checks that
/// the PDF is `bulletin build`'s of the edited issue; `what` names the edit.
fn edit_gives_a_fresh_build(
    engine: &mut Engine,
    sandbox: &Sandbox,
    issue: &Path,
    (what, from, to): (&str, &str, &str),
) {
    replace_in(&issue.join("issue.toml"), from, to);
    let (_, pdf) = rebuild(engine);
    assert!(pdf == fresh_build(sandbox, issue, &[]), "after {what}, the PDF differs");
}

/// Whether the engine's rebuild after a one-paragraph edit equals `bulletin build` of the
/// edited copy, for the output options given both ways.
fn warm_rebuild_matches_fresh_build(name: &str, output: OutputOptions, options: &[&str]) {
    let (sandbox, issue) = project(name, &[]);
    let mut engine = engine(&issue, output);
    let (first, first_pdf) = rebuild(&mut engine);
    assert_eq!(first_pdf, fresh_build(&sandbox, &issue, options), "the first build differs");
    assert!(text_of(&first).contains(PARAGRAPH_TEXT));
    // The contents' page numbers need a second layout, with the first one's answers.
    assert!(first.timings.layout_passes >= 2, "{} layout passes", first.timings.layout_passes);
    for n in 1..=2 {
        edit_paragraph(&issue, n);
        let (rebuilt, pdf) = rebuild(&mut engine);
        assert!(pdf != first_pdf, "the edit changed nothing");
        assert!(text_of(&rebuilt).contains(&format!("活跃主播数超{}万人", 270 + n)));
        // Started from the last build's answers, which still hold: one layout.
        assert_eq!(rebuilt.timings.layout_passes, 1, "rebuild {n}");
        assert!(
            pdf == fresh_build(&sandbox, &issue, options),
            "rebuild {n} differs from a fresh build of the edited issue"
        );
    }
}

#[test]
fn a_warm_rebuild_gives_the_bytes_of_a_fresh_build() {
    warm_rebuild_matches_fresh_build("watch-session", OutputOptions::default(), &[]);
}

#[test]
fn a_warm_rebuild_with_padding_bleed_and_marks_gives_the_bytes_of_a_fresh_build() {
    let output = OutputOptions {
        bleed: Some("3mm".parse().unwrap()),
        marks: true,
        pad: Some(4),
        ..OutputOptions::default()
    };
    let options = ["--bleed", "3mm", "--marks", "--pad", "4"];
    warm_rebuild_matches_fresh_build("watch-session-pad", output, &options);
}

/// A long-lived engine's PDF/X conversion takes the objects and page rewrites of its last
/// one that are still the same; whatever the edit moves, the bytes are a fresh build's.
#[test]
fn edits_that_renumber_objects_or_change_fonts_give_the_bytes_of_a_fresh_build() {
    let (sandbox, issue) = project("watch-session-reuse", &[]);
    let mut engine = engine(&issue, OutputOptions::default());
    let (_, first_pdf) = rebuild(&mut engine);
    let edits: [(&str, &str, &str); 4] = [
        // Glyphs no page had before: a font subset changes, and every page using it.
        ("new glyphs", "活跃主播数超270万人", "活跃主播数超270万人（鹦鹉螺）"),
        // A paragraph more: more structure, every later object renumbered.
        (
            "a paragraph more",
            "活跃主播数超270万人（鹦鹉螺）",
            "活跃主播数超270万人。\",\n  \"新增一段。",
        ),
        // Nothing changed at all.
        ("no change", "新增一段。", "新增一段。"),
        // Back to the start, after the engine had moved away from it.
        ("undone", "活跃主播数超270万人。\",\n  \"新增一段。", "活跃主播数超270万人"),
    ];
    for edit in edits {
        edit_gives_a_fresh_build(&mut engine, &sandbox, &issue, edit);
    }
    assert!(rebuild(&mut engine).1 == first_pdf, "undone, the PDF is not the first one");
}

/// An export takes from the last one, as they were converted, only the pages that would
/// come out the same converted again: a page whose glyphs now have other CIDs in their
/// font's subset, or whose glyphs' text was given differently on a page before, is
/// converted again. Whatever the edit, the bytes are a fresh build's.
#[test]
fn pages_taken_from_the_last_export_are_those_that_come_out_the_same() {
    let (sandbox, issue) = project("watch-session-pages", &[]);
    let mut engine = engine(&issue, OutputOptions::default());
    let (first, _) = rebuild(&mut engine);
    let pages = first.document.pages().len();
    let opening = "7月20日，商务部电子商务司负责人";
    // Each edit, and how many pages at least the export after it takes from the last.
    let edits: [(&str, &str, &str, usize); 5] = [
        // Converted again: the page edited, the cover (it has links) and the page where
        // the glyph of 定 had its text before.
        ("a word changed", "稳步增长", "稳定增长", pages - 3),
        // The Kangxi radicals ⽩ and ⾊ are drawn with the glyphs of 白 and 色, which the
        // issue first has pages later: on the first page now, they give those glyphs
        // their text, and the later pages must spell out theirs (ActualText).
        ("a glyph's text given before", opening, "⽩⾊7月20日，商务部电子商务司负责人", 1),
        // The glyphs of 白 and 色 now have the text 白 and 色 from the first page on.
        ("glyphs' text given before", "⽩⾊", "白色", 1),
        // Glyphs no page had: the glyphs after them in their font get other CIDs, on
        // every page, which is converted again.
        ("glyphs no page had", "白色", "鹦鹉螺", 0),
        ("undone", "鹦鹉螺7月20日", "7月20日", 0),
    ];
    for (what, from, to, at_least) in edits {
        edit_gives_a_fresh_build(&mut engine, &sandbox, &issue, (what, from, to));
        let reused = engine.pages_reused();
        assert!(reused < pages, "after {what}: all {pages} pages taken, the edited one too");
        assert!(reused >= at_least, "after {what}: {reused} of {pages} pages taken");
    }
}

#[test]
fn broken_data_fails_the_rebuild_and_the_fix_rebuilds() {
    let (sandbox, issue) = project("watch-session-broken", &[]);
    let mut engine = engine(&issue, OutputOptions::default());
    rebuild(&mut engine);
    let file = issue.join("issue.toml");
    replace_in(&file, "year = 2023", "year = \"二〇二三\"");
    let err = engine.rebuild().err().expect("broken data rebuilt");
    let problems = err.downcast_ref::<ProblemsFound>().expect("the data's problems").to_string();
    assert!(problems.contains("issue.toml:3:"), "no file and line in:\n{problems}");
    replace_in(&file, "year = \"二〇二三\"", "year = 2023");
    edit_paragraph(&issue, 7);
    let (_, pdf) = rebuild(&mut engine);
    assert!(pdf == fresh_build(&sandbox, &issue, &[]), "the fixed rebuild differs");
}

#[test]
fn layout_and_publication_changes_are_picked_up() {
    let (sandbox, issue) = project("watch-session-layout", &[]);
    let mut engine = engine(&issue, OutputOptions::default());
    assert!(text_of(&rebuild(&mut engine).0).contains("编辑部地址"));
    let layout = sandbox.path("layouts/components/colophon.typ");
    replace_in(&layout, "编辑部地址：", "编辑部通信地址：");
    let (rebuilt, pdf) = rebuild(&mut engine);
    assert!(text_of(&rebuilt).contains("编辑部通信地址"), "the layout change was not seen");
    assert!(pdf == fresh_build(&sandbox, &issue, &[]));

    let publication = sandbox.path("issues/publication.toml");
    replace_in(&publication, "021-63685517", "021-63685599");
    let (rebuilt, pdf) = rebuild(&mut engine);
    assert!(text_of(&rebuilt).contains("021-63685599"), "the publication change was not seen");
    assert!(pdf == fresh_build(&sandbox, &issue, &[]));

    // The publication's profile switches the PDF to the screen profile.
    replace_in(&publication, "profile = \"print\"", "profile = \"screen\"");
    let (rebuilt, pdf) = rebuild(&mut engine);
    assert_eq!(rebuilt.profile.name(), "screen");
    assert!(pdf == fresh_build(&sandbox, &issue, &[]));
}

#[test]
fn a_font_added_to_the_folder_is_loaded_by_the_next_rebuild_only() {
    let missing = "NotoSansSC_700Bold.ttf";
    let (sandbox, issue) = project("watch-session-fonts", &[missing]);
    let mut engine = engine(&issue, OutputOptions::default());
    let err = engine.rebuild().err().expect("built without the sans font");
    let problems = err.downcast_ref::<ProblemsFound>().expect("a font problem").to_string();
    assert!(problems.contains("font family"), "{problems}");
    link_font(missing, &sandbox.path("fonts"));
    let (rebuilt, pdf) = rebuild(&mut engine);
    assert!(rebuilt.timings.fonts > std::time::Duration::ZERO, "the fonts were not loaded again");
    assert!(pdf == fresh_build(&sandbox, &issue, &[]));
    let (again, _) = rebuild(&mut engine);
    assert_eq!(again.timings.fonts, std::time::Duration::ZERO, "unchanged fonts were loaded again");
}

/// The font the font-cutting tests cut short: the titles' face.
const CUT_FONT: &str = "NotoSansSC_700Bold.ttf";

/// A project whose fonts/ holds a copy of its own of [`CUT_FONT`], not a link, so that it
/// can be cut short; with the issue and the copy's path.
fn project_with_own_font(
    name: &str,
) -> (crate::support::Sandbox, std::path::PathBuf, std::path::PathBuf) {
    let (sandbox, issue) = project(name, &[CUT_FONT]);
    let font = sandbox.path("fonts").join(CUT_FONT);
    mend(&font);
    (sandbox, issue, font)
}

/// Cuts `font` short in place, as a copy over the file interrupted half-way leaves it.
fn cut_short(font: &std::path::Path) {
    let file = std::fs::OpenOptions::new().write(true).open(font).unwrap();
    file.set_len(4096).unwrap();
}

/// Copies [`CUT_FONT`] over `font` whole.
fn mend(font: &std::path::Path) {
    std::fs::copy(repo_root().join("fonts").join(CUT_FONT), font).unwrap();
}

#[test]
fn a_font_cut_short_while_the_engine_runs_is_noticed_and_crashes_nothing() {
    let (_sandbox, issue, font) = project_with_own_font("watch-session-font-cut");
    let mut engine = engine(&issue, OutputOptions::default());
    let (first, first_pdf) = rebuild(&mut engine);
    cut_short(&font);
    // The engine notices and loads the fonts again: the cut file is no longer the sans
    // face, so the titles fall back to another font or the check names the family.
    match engine.rebuild() {
        Ok(cut) => {
            assert!(cut.timings.fonts > std::time::Duration::ZERO, "the cut font went unnoticed");
            assert!(engine.export_pdf(&cut).unwrap() != first_pdf, "the cut font was still used");
        }
        Err(err) => {
            let problems = err.downcast_ref::<ProblemsFound>().expect("a font problem").to_string();
            assert!(problems.contains("font family"), "{problems}");
        }
    }
    mend(&font);
    let (mended, pdf) = rebuild(&mut engine);
    assert_eq!(pdf, first_pdf, "the mended font gives the first PDF again");
    assert_eq!(pdf_of(&mended), pdf_of(&first));
}

/// The desk's one-off builds (the other profile's PDF, an earlier version's) run inside
/// the server: a font cut short between their typesetting and their export must not
/// stop the process, as it would if they read the project's font files in place.
#[test]
fn a_font_cut_short_under_a_servers_one_off_build_harms_nothing() {
    let (sandbox, issue, font) = project_with_own_font("server-one-off-font-cut");
    let mut engine =
        Engine::open(&issue, &EngineOptions::default(), Lifetime::OneShotInServer).unwrap();
    let build = engine.rebuild().unwrap();
    cut_short(&font);
    // The export reads the glyphs it embeds from the engine's own copy of the font.
    let pdf = engine.export_verified_pdf(&build).unwrap();
    mend(&font);
    assert!(pdf == fresh_build(&sandbox, &issue, &[]), "not the PDF of the whole font");
}

#[test]
fn a_rebuild_stopped_by_a_newer_change_leaves_the_engine_as_good_as_new() {
    use bulletin::typeset::interrupt::{Interrupt, Superseded};
    let (sandbox, issue) = project("session-interrupt", &[]);
    let mut engine = engine(&issue, OutputOptions::default());
    let interrupt = Interrupt::default();
    engine.set_interrupt(interrupt.clone());
    // Raised before it starts: nothing is typeset.
    interrupt.raise();
    let stopped = engine.rebuild().err().expect("a raised interrupt stops the rebuild");
    assert!(stopped.is::<Superseded>(), "{stopped:#}");
    // Raised while it typesets: it stops part way. Each try edits the data first, so
    // that no cached result (another test's, in this process) makes it end at once, and
    // raises sooner than the last: a fast machine still sees one stopped.
    let mut stopped_part_way = 0;
    for (n, delay_ms) in [30, 10, 3, 0].into_iter().enumerate() {
        interrupt.clear();
        edit_paragraph(&issue, n + 1);
        let raiser = interrupt.clone();
        let raised = std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(delay_ms));
            raiser.raise();
        });
        let result = engine.rebuild();
        raised.join().unwrap();
        if let Err(err) = result {
            assert!(err.is::<Superseded>(), "{err:#}");
            stopped_part_way += 1;
        }
    }
    assert!(stopped_part_way > 0, "no rebuild was stopped part way");
    // Cleared, the same engine builds what a fresh process builds.
    interrupt.clear();
    edit_paragraph(&issue, 9);
    let (_, pdf) = rebuild(&mut engine);
    assert_eq!(pdf, fresh_build(&sandbox, &issue, &[]), "the engine was left half-changed");
}
