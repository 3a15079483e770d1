//! The line breaker plugin's source (plugins/linebreak), run natively: it breaks as the
//! bulletin's rules say, and every string it can be given gets lines back without a
//! panic (the plugin runs the same code compiled to WebAssembly, layouts/linebreak.wasm).

use bulletin_linebreak::{Item, Settings, set_paragraph, set_paragraph_json, to_measure};

mod wasm;

/// The settings of layouts/theme.typ: a 40-character measure (a hair over), a
/// two-character indent.
fn bulletin() -> Settings {
    Settings {
        measure: 40.0 + 0.25 / 10.5,
        indent: 2.0,
        latin_gap: 0.25,
        tight_line: 0.4,
        tight_hung_line: 0.5,
        comma_shrink: 0.25,
        hanging: "，。、；：？！”》）".into(),
        compressible: "，。、；：".into(),
    }
}

/// Latin advances of half an em each (the space a quarter).
fn advances() -> Vec<f64> {
    let mut widths = vec![0.25];
    widths.extend(std::iter::repeat_n(0.5, 94));
    widths
}

/// The lines of `s`: the text of each, spaces left out.
fn lines(s: &str) -> Vec<String> {
    let items = set_paragraph(s, &advances(), &[], &bulletin()).expect("lines");
    let mut lines = vec![String::new()];
    for item in items {
        match item {
            Item::Text(a, b) => lines.last_mut().unwrap().push_str(&s[a..b]),
            Item::Space(_) => {}
            Item::Break => lines.push(String::new()),
        }
    }
    lines
}

#[test]
fn a_run_of_chinese_fills_each_line_first_fit() {
    let s = "字".repeat(100);
    let counts: Vec<usize> = lines(&s).iter().map(|l| l.chars().count()).collect();
    // The first line is indented by two characters.
    assert_eq!(counts, [38, 40, 22]);
}

#[test]
fn no_line_starts_with_a_stop_which_hangs_instead() {
    // 38 characters fill the first line; the comma after them hangs in the margin.
    let s = format!("{}，{}", "字".repeat(38), "字".repeat(10));
    let lines = lines(&s);
    assert_eq!(lines.len(), 2);
    assert!(lines[0].ends_with('，'), "{lines:?}");
    let items = set_paragraph(&s, &advances(), &[], &bulletin()).unwrap();
    assert!(items.contains(&Item::Space(-1.0)), "the hanging comma is pulled out: {items:?}");
}

#[test]
fn a_latin_run_is_never_broken_inside_and_gets_its_gaps() {
    let s = format!("{}GDP{}", "字".repeat(36), "字".repeat(10));
    let lines = lines(&s);
    assert!(lines.iter().any(|l| l.contains("GDP")), "{lines:?}");
    let items = set_paragraph(&s, &advances(), &[], &bulletin()).unwrap();
    let gaps = items.iter().filter(|i| matches!(i, Item::Space(x) if *x > 0.0)).count();
    assert!(gaps >= 1, "a gap stands between Chinese and Latin: {items:?}");
}

#[test]
fn what_only_typst_can_measure_is_asked_for_once() {
    let s = "α—β—α…";
    let asked: Vec<&str> = to_measure(s).iter().map(|&(a, b)| &s[a..b]).collect();
    assert_eq!(asked, ["α", "—", "β", "…"]);
    assert!(to_measure("中文，English。").is_empty());
}

#[test]
fn nothing_to_set_is_none() {
    assert_eq!(set_paragraph("", &advances(), &[], &bulletin()), None);
    assert_eq!(set_paragraph("\n\n", &advances(), &[], &bulletin()), None);
    assert_eq!(set_paragraph_json("", &advances(), &[], &bulletin()), "null");
}

/// Characters a paragraph can hold, the awkward ones included.
const POOL: &[&str] = &[
    "字",
    "中",
    "国",
    "，",
    "。",
    "、",
    "；",
    "：",
    "？",
    "！",
    "“",
    "”",
    "《",
    "》",
    "（",
    "）",
    "·",
    "—",
    "…",
    " ",
    "  ",
    "\n",
    "\t",
    "\r",
    "a",
    "GDP",
    "33.5%",
    "-",
    "2023",
    "\u{301}",
    "\u{FE0F}",
    "\u{E0100}",
    "𠀀",
    "😀",
    "é",
    "\u{200B}",
    "\u{0}",
    "〈",
    "】",
    "「",
    "』",
    "\u{1038}",
    "ㄱ",
    "ア",
    "\u{3000}",
];

/// Every item of `s` is in order, inside the string, on character boundaries, and every
/// character but spaces and newlines is set exactly once.
fn assert_placeable(s: &str, items: &[Item]) {
    let mut covered = vec![false; s.len()];
    let mut previous_end = 0;
    for item in items {
        if let Item::Text(a, b) = *item {
            assert!(a <= b && b <= s.len(), "{a}..{b} outside {s:?}");
            assert!(s.is_char_boundary(a) && s.is_char_boundary(b), "{a}..{b} splits {s:?}");
            assert!(a >= previous_end, "{a}..{b} goes back before {previous_end} in {s:?}");
            previous_end = b;
            covered[a..b].iter_mut().for_each(|c| *c = true);
        }
        if let Item::Space(x) = item {
            assert!(x.is_finite(), "space {x} in {s:?}");
        }
    }
    for (at, c) in s.char_indices() {
        if c != ' ' && c != '\n' {
            assert!(covered[at], "{c:?} at {at} is not set in {s:?}: {items:?}");
        }
    }
}

#[test]
fn every_string_gets_lines_back() {
    let mut rng = fastrand::Rng::with_seed(20261205);
    let mut settings = bulletin();
    for round in 0..20_000 {
        let len = rng.usize(0..if round % 100 == 0 { 2_000 } else { 120 });
        let s: String = (0..len).map(|_| POOL[rng.usize(0..POOL.len())]).collect();
        // Now and then a measure no line fits, or settings no one would choose.
        settings.measure = match round % 7 {
            0 => rng.f64() * 3.0,
            1 => -1.0,
            _ => 40.0,
        };
        settings.tight_line = if round % 11 == 0 { 50.0 } else { 0.4 };
        let advances: Vec<f64> = (0..rng.usize(0..100)).map(|_| rng.f64() * 2.0).collect();
        let measured: Vec<f64> = (0..rng.usize(0..4)).map(|_| rng.f64()).collect();
        let items = set_paragraph(&s, &advances, &measured, &settings);
        if let Some(items) = &items {
            assert_placeable(&s, items);
        }
        // What the plugin sends: the lines, or first the texts Typst must measure.
        let json = set_paragraph_json(&s, &advances, &[], &settings);
        let others = to_measure(&s);
        if others.is_empty() {
            assert!(json == "null" || json.starts_with('['), "{json}");
        } else {
            let ranges: Vec<String> = others.iter().map(|(a, b)| format!("[{a},{b}]")).collect();
            assert_eq!(json, format!("{{\"measure\":[{}]}}", ranges.join(",")));
            let widths = vec![0.5; others.len()];
            let json = set_paragraph_json(&s, &advances, &widths, &settings);
            assert!(json.starts_with('['), "{json}");
        }
    }
}
