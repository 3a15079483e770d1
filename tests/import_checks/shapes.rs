//! Text exports of other issues, in shapes the sample does not have: a new section,
//! traditional characters, attributions written loosely, titles wrapped next to figures,
//! page footers wherever a page broke. Each fixture gives its expected file or messages.

use bulletin::issue::model::Block;
use std::fs;

use bulletin::issue::load::load_issue;
use bulletin::issue::model::Issue;

use super::FIXTURES;
use crate::support::{Sandbox, assert_matches_file, bulletin, stderr};

/// Imports the fixture `name`.txt into the issue folder `id` of a fresh sandbox; checks
/// that it is written without a finding and gives `name`.expected.toml. Returns the issue.
fn import_fixture(name: &str, id: &str, date: &str) -> Issue {
    let sandbox = Sandbox::new(&format!("import-{name}")).with_publication();
    let target = sandbox.path(&format!("{id}/issue.toml"));
    let fixture = format!("{FIXTURES}/{name}.txt");
    let assert =
        bulletin().args(["import", &fixture, "--date", date, "-o"]).arg(&target).assert().success();
    assert_eq!(stderr(&assert), "", "no findings expected");
    let written = fs::read_to_string(&target).unwrap();
    assert_matches_file(&written, &format!("{FIXTURES}/{name}.expected.toml"));
    load_issue(target.parent().unwrap()).unwrap()
}

fn titles(issue: &Issue) -> Vec<&str> {
    issue.articles().map(|a| a.title.as_str()).collect()
}

#[test]
fn a_section_the_sample_has_not_and_articles_in_traditional_characters_are_read() {
    let issue = import_fixture("traditional", "2023-08", "2023-08-10");
    let names: Vec<&str> = issue.sections.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["行业资讯", "港澳台动态"]);
    // The contents list names the new section and sets `listed` in it.
    let listed: Vec<&str> =
        issue.sections[1].articles.iter().filter(|a| a.listed).map(|a| a.title.as_str()).collect();
    assert_eq!(listed, ["香港2023年消費券計劃第二期7月16日起發放", "内地电商平台加快布局香港市场"]);
    // Titles, paragraphs and names as written, in either script; labels read in either.
    let hong_kong = &issue.sections[1].articles[0];
    let second = hong_kong.paragraphs[1].as_paragraph().unwrap_or_default();
    assert!(second.starts_with("市民可透過八達通"), "{:?}", hong_kong.paragraphs);
    assert_eq!(hong_kong.attribution.source.as_deref(), Some("香港政府新聞網"));
    assert_eq!(hong_kong.attribution.compiler, "《電子商務動態》編輯部");
    // An office named alone in traditional characters is the compiler.
    let taiwan = &issue.sections[1].articles[2];
    assert_eq!(
        (taiwan.attribution.source.as_deref(), taiwan.attribution.compiler.as_str()),
        (None, "《電子商務動態》編輯部")
    );
}

#[test]
fn attributions_with_half_width_colons_brackets_and_wide_spaces_read_as_the_canonical_form() {
    let issue = import_fixture("attributions", "2024-02", "2024-02-10");
    let office = "《电子商务动态》编辑部";
    let read: Vec<(Option<&str>, &str)> = issue
        .articles()
        .map(|a| (a.attribution.source.as_deref(), a.attribution.compiler.as_str()))
        .collect();
    assert_eq!(
        read,
        [
            (Some("《人民日报》"), office),
            (Some("新华社"), office),
            (Some("商务部网站"), office),
            (None, office)
        ]
    );
    // A byline on a line of its own is a byline block after the last paragraph, as written.
    let last = issue.articles().last().unwrap();
    assert_eq!(last.paragraphs.len(), 3, "{:?}", last.paragraphs);
    let paragraph = last.paragraphs[1].as_paragraph().unwrap_or_default();
    assert!(paragraph.ends_with("营造安全放心的网络消费环境。"), "{:?}", last.paragraphs);
    assert_eq!(last.paragraphs[2], Block::Byline("(作者: 本刊特约研究员 李明)".into()));
}

#[test]
fn titles_wrapped_next_to_figures_are_joined_without_the_exports_space() {
    let issue = import_fixture("figures", "2024-02", "2024-02-10");
    assert_eq!(
        titles(&issue),
        [
            "国家统计局：2023年全国网上零售额达15.42万亿元 同比增长11%",
            "2023年全国快递业务量完成1320.7亿件 同比增长19.4%",
            "中国企业加快出海 跨境电商平台Temu和SHEIN海外业务持续增长",
            "商务部介绍2023年网络零售市场发展情况",
            "海关总署发布2023年跨境电商进出口数据",
        ]
    );
    // A title that ends next to a figure, with the export's gap under it, keeps the
    // one-line paragraph that follows.
    let counts: Vec<usize> = issue.articles().map(|a| a.paragraphs.len()).collect();
    assert_eq!(counts, [1, 1, 1, 2, 1]);
}

#[test]
fn page_footers_anywhere_are_dropped_and_the_text_joined_across_them() {
    let issue = import_fixture("footers", "2024-02", "2024-02-10");
    assert_eq!(issue.articles().count(), 4);
    assert!(issue.articles().all(|a| a.paragraphs.len() == 1));
    let first = issue.articles().next().unwrap().paragraphs[0].as_paragraph().unwrap_or_default();
    assert!(first.contains("增长8.4%，占社会消费品零售总额"), "{first}");
    assert_eq!(titles(&issue)[3], "2023年全国农村网络零售额2.49万亿元 同比增长12.9%");
}

#[test]
fn lines_of_these_shapes_that_cannot_be_placed_are_reported_with_their_lines() {
    let sandbox = Sandbox::new("import-odd-unplaceable").with_publication();
    let target = sandbox.path("2024-02/issue.toml");
    let fixture = format!("{FIXTURES}/odd-unplaceable.txt");
    let assert = bulletin()
        .args(["import", &fixture, "--date", "2024-02-10", "-o"])
        .arg(&target)
        .assert()
        .code(1);
    let stderr = stderr(&assert);
    for place in [":3:1", ":22:1", ":31:1", ":40:1"] {
        assert!(stderr.contains(&format!("{fixture}{place}")), "{place} not reported:\n{stderr}");
    }
    // The footer on line 1 is not reported.
    assert!(!stderr.contains(&format!("{fixture}:1:")), "{stderr}");
    assert_matches_file(&stderr, &format!("{FIXTURES}/odd-unplaceable.expected.txt"));
    assert!(!target.parent().unwrap().exists(), "something was written");
}
