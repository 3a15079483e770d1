//! `bulletin history`: the versions of an issue file, one version's text or changes, and
//! bringing one back.

use anyhow::{Result, bail};

use crate::cli::HistoryArgs;
use crate::diag::{Lang, Text, TextContext};
use crate::issue::calendar::ISSUE_FILE;
use crate::issue::files::write_atomically;
use crate::issue::history::changes::{Change, What, detailed};
use crate::issue::history::{History, Version, Via, local_user};
use crate::issue::load::issue_folder;
use crate::issue::save::read_draft;

/// Lists, shows or restores, as `args` ask.
pub(crate) fn run(args: &HistoryArgs, lang: Lang) -> Result<()> {
    let dir = issue_folder(&args.issue)?;
    let history = History::of(&dir);
    if let Some(n) = args.show {
        print!("{}", history.text(n)?);
        return Ok(());
    }
    let listing = history.versions()?;
    if listing.damaged > 0 {
        eprintln!(
            "warning: {}",
            Text::new("history-damaged").arg("count", listing.damaged).render(lang)
        );
    }
    if let Some(n) = args.changes {
        return print_changes(&history, &listing.versions, n, lang);
    }
    if let Some(n) = args.restore {
        return restore(&history, &dir, n, lang);
    }
    if args.json {
        let json = serde_json::json!({
            "versions": listing.versions,
            "damaged": listing.damaged,
            "bytes": listing.bytes,
        });
        println!("{}", serde_json::to_string_pretty(&json)?);
        return Ok(());
    }
    let issue = args.issue.display().to_string();
    if listing.versions.is_empty() {
        println!("{}", Text::new("history-none").arg("issue", issue.as_str()).render(lang));
        return Ok(());
    }
    println!(
        "{}",
        Text::new("history-summary")
            .arg("issue", issue.as_str())
            .arg("count", listing.versions.len())
            .arg("size", format!("{:.1}", listing.bytes as f64 / 1024.0))
            .render(lang)
    );
    for version in &listing.versions {
        let at = version.at.get(..16).unwrap_or(&version.at).replace('T', " ");
        let by = if version.by.is_empty() { "—" } else { &version.by };
        let changes: Vec<String> = version.changes.iter().map(|c| change_line(c, lang)).collect();
        println!(
            "{:>5}  {at}  {by:<10}  {}  {}",
            version.n,
            via_text(version, lang),
            changes.join("；")
        );
    }
    Ok(())
}

/// How a version came about, in words.
fn via_text(version: &Version, lang: Lang) -> String {
    let key = match version.via {
        Via::Start => "history-via-start",
        Via::Desk => "history-via-desk",
        Via::Word => "history-via-word",
        Via::Restore => "history-via-restore",
        Via::Undo => "history-via-undo",
        Via::Outside => "history-via-outside",
    };
    Text::new(key).arg("n", version.of.unwrap_or_default()).render(lang)
}

/// One change, in words: the article and what changed about it.
pub(crate) fn change_line(change: &Change, lang: Lang) -> String {
    let what: Vec<String> = change.what.iter().map(|w| what_text(*w, lang)).collect();
    let name = if !change.title.is_empty() {
        format!("《{}》", change.title)
    } else if !change.section.is_empty() {
        format!("「{}」", change.section)
    } else {
        String::new()
    };
    format!("{name}{}", what.join("、"))
}

fn what_text(what: What, lang: Lang) -> String {
    let key = match what {
        What::Details => "history-what-details",
        What::SectionAdded => "history-what-section-added",
        What::SectionRemoved => "history-what-section-removed",
        What::SectionRenamed => "history-what-section-renamed",
        What::Added => "history-what-added",
        What::Removed => "history-what-removed",
        What::Moved => "history-what-moved",
        What::Retitled => "history-what-retitled",
        What::Paragraphs => "history-what-paragraphs",
        What::Blocks => "history-what-blocks",
        What::Attribution => "history-what-attribution",
        What::Listed => "history-what-listed",
    };
    Text::new(key).render(lang)
}

/// What version `n` changed since the one before it, paragraph by paragraph.
fn print_changes(history: &History, versions: &[Version], n: u64, lang: Lang) -> Result<()> {
    let Some(at) = versions.iter().position(|v| v.n == n) else {
        bail!("{}", Text::new("history-no-version").arg("n", n).render(lang));
    };
    let draft = |n: u64| -> Result<_> {
        let text = history.text(n)?;
        read_draft(&text).text_context(|| Text::new("history-version-named").arg("n", n))
    };
    let Some(previous) = at.checked_sub(1).map(|i| versions[i].n) else {
        println!("{}", via_text(&versions[at], lang));
        return Ok(());
    };
    for change in detailed(&draft(previous)?, &draft(n)?) {
        println!("{}", change_line(&change.change, lang));
        if let Some(before) = &change.title_before {
            println!("  - {before}");
            println!("  + {}", change.change.title);
        }
        for paragraph in &change.paragraphs {
            if let Some(before) = &paragraph.before {
                println!("  - {before}");
            }
            if let Some(after) = &paragraph.after {
                println!("  + {after}");
            }
        }
    }
    Ok(())
}

/// Makes version `n` the issue file, recorded first as a new version.
fn restore(history: &History, dir: &std::path::Path, n: u64, lang: Lang) -> Result<()> {
    let text = history.text(n)?;
    let file = dir.join(ISSUE_FILE);
    let now = std::fs::read_to_string(&file)
        .text_context(|| Text::new("read-failed").arg("path", file.display().to_string()))?;
    if now == text {
        println!("{}", Text::new("history-same").arg("n", n).render(lang));
        return Ok(());
    }
    // What the file holds now is kept first, in case nothing recorded it yet.
    history.found(&now)?;
    let recorded = history.record(&text, &local_user(), Via::Restore, Some(n))?;
    write_atomically(&file, text.as_bytes())?;
    println!("{}", Text::new("history-restored").arg("n", n).arg("new", recorded.n).render(lang));
    Ok(())
}
