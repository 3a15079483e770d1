//! Prints where every section and article of an issue lands: for tuning the layouts.
//!
//! `cargo run --release --example pages -- issues/2023-08`

use std::path::PathBuf;

use anyhow::{Context, Result};
use bulletin::typeset::engine::{Engine, EngineOptions, Lifetime};
use bulletin::typeset::inspect::{page_lines, title_pages};

fn main() -> Result<()> {
    let issue_dir: PathBuf = std::env::args().nth(1).context("usage: pages ISSUE_DIR")?.into();
    let mut engine = Engine::open(&issue_dir, &EngineOptions::default(), Lifetime::OneShot)?;
    let typeset = engine.rebuild()?;
    let pages = page_lines(&typeset.document);
    println!("{} pages", pages.len());
    let titles: Vec<String> = typeset.issue.articles().map(|a| a.title.clone()).collect();
    for (title, page) in titles.iter().zip(title_pages(&pages, &titles)) {
        let listed = typeset.issue.articles().find(|a| &a.title == title).is_some_and(|a| a.listed);
        println!(
            "{:>3} {} {title}",
            page.map_or("?".into(), |p| p.to_string()),
            if listed { "*" } else { " " }
        );
    }
    if std::env::args().any(|a| a == "--text") {
        let text: Vec<&str> = pages.iter().flatten().map(|l| l.text.as_str()).collect();
        std::fs::write("target/pages.txt", text.join("\n"))?;
    }
    if std::env::args().any(|a| a == "--lines") {
        for (n, lines) in pages.iter().enumerate() {
            println!("--- page {}", n + 1);
            for line in lines {
                println!("{:7.2} {:7.2}..{:7.2} {}", line.y, line.x_start, line.x_end, line.text);
            }
        }
    }
    Ok(())
}
