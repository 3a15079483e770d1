//! The in-process session: warm rebuilds give the bytes of a fresh build, and see every input.

use bulletin::cli::SetupArgs;
use bulletin::diag::ProblemsFound;
use bulletin::typeset::inspect::{page_lines, squeeze};
use bulletin::typeset::options::OutputOptions;
use bulletin::typeset::session::{Rebuilt, Session};

use super::{PARAGRAPH_TEXT, edit_paragraph, fresh_build, link_font, project, replace_in};

/// All the text of the rebuilt pages, without spaces.
fn text_of(rebuilt: &Rebuilt) -> String {
    let lines = page_lines(&rebuilt.document);
    squeeze(&lines.iter().flatten().map(|line| line.text.as_str()).collect::<String>())
}

/// Whether the session's rebuild after a one-paragraph edit equals `bulletin build` of the
/// edited copy, for the output options given both ways.
fn warm_rebuild_matches_fresh_build(name: &str, output: OutputOptions, options: &[&str]) {
    let (sandbox, issue) = project(name, &[]);
    let mut session = Session::new(&issue, &SetupArgs::default(), &output).unwrap();
    let first = session.rebuild(&[]).unwrap();
    assert_eq!(first.pdf, fresh_build(&sandbox, &issue, options), "the first build differs");
    assert!(text_of(&first).contains(PARAGRAPH_TEXT));
    for n in 1..=2 {
        edit_paragraph(&issue, n);
        let rebuilt = session.rebuild(&[issue.join("issue.toml")]).unwrap();
        assert!(rebuilt.pdf != first.pdf, "the edit changed nothing");
        assert!(text_of(&rebuilt).contains(&format!("活跃主播数超{}万人", 270 + n)));
        assert!(
            rebuilt.pdf == fresh_build(&sandbox, &issue, options),
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

#[test]
fn broken_data_fails_the_rebuild_and_the_fix_rebuilds() {
    let (sandbox, issue) = project("watch-session-broken", &[]);
    let mut session =
        Session::new(&issue, &SetupArgs::default(), &OutputOptions::default()).unwrap();
    session.rebuild(&[]).unwrap();
    let file = issue.join("issue.toml");
    replace_in(&file, "year = 2023", "year = \"二〇二三\"");
    let err = session.rebuild(std::slice::from_ref(&file)).err().expect("broken data rebuilt");
    let problems = err.downcast_ref::<ProblemsFound>().expect("the data's problems").to_string();
    assert!(problems.contains("issue.toml:3:"), "no file and line in:\n{problems}");
    replace_in(&file, "year = \"二〇二三\"", "year = 2023");
    edit_paragraph(&issue, 7);
    let rebuilt = session.rebuild(&[file]).unwrap();
    assert!(rebuilt.pdf == fresh_build(&sandbox, &issue, &[]), "the fixed rebuild differs");
}

#[test]
fn layout_and_publication_changes_are_picked_up() {
    let (sandbox, issue) = project("watch-session-layout", &[]);
    let mut session =
        Session::new(&issue, &SetupArgs::default(), &OutputOptions::default()).unwrap();
    assert!(text_of(&session.rebuild(&[]).unwrap()).contains("编辑部地址"));
    let layout = sandbox.path("layouts/components/colophon.typ");
    replace_in(&layout, "编辑部地址：", "编辑部通信地址：");
    let rebuilt = session.rebuild(std::slice::from_ref(&layout)).unwrap();
    assert!(text_of(&rebuilt).contains("编辑部通信地址"), "the layout change was not seen");
    assert!(rebuilt.pdf == fresh_build(&sandbox, &issue, &[]));

    let publication = sandbox.path("issues/publication.toml");
    replace_in(&publication, "021-63685517", "021-63685599");
    let rebuilt = session.rebuild(std::slice::from_ref(&publication)).unwrap();
    assert!(text_of(&rebuilt).contains("021-63685599"), "the publication change was not seen");
    assert!(rebuilt.pdf == fresh_build(&sandbox, &issue, &[]));

    // The publication's profile switches the PDF to the screen profile.
    replace_in(&publication, "profile = \"print\"", "profile = \"screen\"");
    let rebuilt = session.rebuild(std::slice::from_ref(&publication)).unwrap();
    assert_eq!(rebuilt.profile.name(), "screen");
    assert!(rebuilt.pdf == fresh_build(&sandbox, &issue, &[]));
}

#[test]
fn fonts_are_scanned_again_when_a_font_file_changes() {
    let missing = "NotoSansSC_700Bold.ttf";
    let (sandbox, issue) = project("watch-session-fonts", &[missing]);
    let mut session =
        Session::new(&issue, &SetupArgs::default(), &OutputOptions::default()).unwrap();
    let err = session.rebuild(&[]).err().expect("built without the sans font");
    let problems = err.downcast_ref::<ProblemsFound>().expect("a font problem").to_string();
    assert!(problems.contains("font family"), "{problems}");
    link_font(missing, &sandbox.path("fonts"));
    // Nothing says a font changed: the fonts are not scanned again.
    assert!(session.rebuild(&[]).is_err(), "the fonts were scanned again unasked");
    let rebuilt = session.rebuild(&[sandbox.path("fonts").join(missing)]).unwrap();
    assert!(rebuilt.timings.fonts > std::time::Duration::ZERO);
    assert!(rebuilt.pdf == fresh_build(&sandbox, &issue, &[]));
}
