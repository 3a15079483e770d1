//! `bulletin import`: turn text exports and Word files into issue data.
//!
//! A text export (the shape of `tests/fixtures/reference-2023-08.txt`) becomes a whole
//! issue file; .docx files become articles appended to one section of an issue file. The
//! result is loaded with the project's loader before it is written, atomically.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};

use crate::cli::ImportArgs;
use crate::cmd::findings::print_findings;
use crate::diag::{Lang, ProblemsFound, Report, Text};
use crate::import::attribution::default_compiler;
use crate::import::target::{self, Existing};
use crate::import::{docx, keep, pictures, text, validate};
use crate::issue::files::write_atomically;
use crate::issue::files::{read_bytes, utf8_text};
use crate::issue::model::Section;
use crate::issue::save;

/// Reads the material and writes the issue file.
pub(crate) fn run(args: &ImportArgs, lang: Lang) -> Result<()> {
    let is_docx = |path: &PathBuf| extension(path) == "docx";
    if let Some(doc) = args.files.iter().find(|path| extension(path) == "doc") {
        bail!(Text::new("import-old-word").arg("file", doc.display().to_string()));
    }
    let word = args.files.iter().filter(|path| is_docx(path)).count();
    match word {
        0 => import_text(args, lang),
        n if n == args.files.len() => import_docx(args, lang),
        _ => bail!(Text::new("import-mixed")),
    }
}

fn extension(path: &Path) -> String {
    path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default()
}

/// The text export becomes the whole issue file.
fn import_text(args: &ImportArgs, lang: Lang) -> Result<()> {
    if args.section.is_some() {
        bail!(Text::new("import-section-for-word"));
    }
    let existing_text = read_existing(&args.output)?;
    let existing = match &existing_text {
        None => None,
        Some(text) => match (Existing::read(text), args.force) {
            (Some(existing), false) if existing.articles > 0 => bail!(
                Text::new("import-has-articles")
                    .arg("file", args.output.display().to_string())
                    .arg("count", existing.articles)
            ),
            (None, false) => bail!(
                Text::new("import-not-issue-file").arg("file", args.output.display().to_string())
            ),
            (existing, _) => existing,
        },
    };
    let frame = target::frame(&args.output, args.date, existing.as_ref())?;
    let mut report = Report::default();
    let mut sections: Vec<Section> = Vec::new();
    for file in &args.files {
        let Some(content) = read_text_file(file, &mut report)? else { continue };
        for section in text::read(file, &content, &frame.publication, &mut report) {
            match sections.last_mut() {
                Some(last) if last.name == section.name => last.articles.extend(section.articles),
                _ => sections.push(section),
            }
        }
    }
    if report.errors() > 0 {
        return Err(ProblemsFound(report).into());
    }
    if sections.is_empty() {
        bail!(Text::new("import-no-sections"));
    }
    let kept = existing_text.as_deref().map(|text| keep::spacing(&mut sections, text));
    let issue = frame.issue(&args.output, sections);
    let toml = save::issue_toml(&issue, existing_text.as_deref())?;
    let checked = validate::check(&args.output, &toml, false)?;
    write(&args.output, &toml)?;
    report.merge(checked.report);
    print_findings(&report, lang);
    let articles = issue.articles().count();
    let listed = issue.articles().filter(|a| a.listed).count();
    println!(
        "wrote {}: {articles} articles in {} sections, {listed} listed ({}年第{}期, {})",
        args.output.display(),
        issue.sections.len(),
        issue.year,
        issue.number,
        issue.date
    );
    for text in kept.unwrap_or_default() {
        eprintln!("note: spacing kept from the file replaced: “{text}”");
    }
    Ok(())
}

/// Word files become articles appended to the section `--section`.
fn import_docx(args: &ImportArgs, lang: Lang) -> Result<()> {
    let section =
        args.section.as_deref().ok_or_else(|| anyhow!(Text::new("import-section-required")))?;
    // The articles go into the issue file there is, or start one.
    let (publication, destination) = match read_existing(&args.output)? {
        Some(text) => {
            let existing = Existing::read(&text).ok_or_else(|| {
                anyhow!(Text::new("import-not-toml").arg("file", args.output.display().to_string()))
            })?;
            let name = existing.publication.as_deref().unwrap_or("../publication.toml");
            (target::read_publication(&args.output, name)?, Destination::Existing(text))
        }
        None => {
            let frame = target::frame(&args.output, args.date, None)?;
            (frame.publication.clone(), Destination::New(Box::new(frame)))
        }
    };
    let compiler = default_compiler(&publication.title);
    let mut report = Report::default();
    let mut articles = Vec::new();
    for file in &args.files {
        let Some(bytes) = read_bytes(file, &mut report)? else { continue };
        if let Some(article) = docx::read(file, &bytes, &compiler, &mut report) {
            articles.push(article);
        }
    }
    if report.errors() > 0 {
        return Err(ProblemsFound(report).into());
    }
    let count = articles.len();
    let appended = matches!(destination, Destination::Existing(_));
    // The pictures go into the issue's folder first: the checks read them there.
    let folder = target::folder(&args.output);
    let created_folder = !folder.exists() && articles.iter().any(has_figure);
    if created_folder {
        fs::create_dir(&folder).with_context(|| {
            format!("cannot create `{}`: does the folder above it exist?", folder.display())
        })?;
    }
    let written = pictures::place(&folder, &mut articles)?;
    let result = (|| {
        let toml = match destination {
            Destination::Existing(text) => save::append_articles(&text, section, &articles)?,
            Destination::New(frame) => new_issue(&args.output, *frame, section, articles)?,
        };
        let checked = validate::check(&args.output, &toml, true)?;
        write(&args.output, &toml)?;
        Ok::<_, anyhow::Error>(checked)
    })();
    let checked = match result {
        Ok(checked) => checked,
        Err(err) => {
            pictures::remove(&written);
            if created_folder {
                let _ = fs::remove_dir(&folder);
            }
            return Err(err);
        }
    };
    print_findings(&checked.report, lang);
    let verb = if appended { "added" } else { "started the issue with" };
    println!("{verb} {count} article(s) in section “{section}” of {}", args.output.display());
    if !checked.empty_sections.is_empty() {
        let names: Vec<String> = checked.empty_sections.iter().map(|n| format!("“{n}”")).collect();
        eprintln!(
            "note: no articles yet in {}: `bulletin check` reports them until they have some",
            names.join(", ")
        );
    }
    Ok(())
}

/// Whether an article has a figure, whose picture needs the issue's folder.
fn has_figure(article: &crate::issue::model::Article) -> bool {
    article.paragraphs.iter().any(|block| matches!(block, crate::issue::model::Block::Figure(_)))
}

/// Where the articles of Word files go.
enum Destination {
    /// Appended to the issue file of this text.
    Existing(String),
    /// Into a new issue file with these issue-level fields.
    New(Box<target::Frame>),
}

/// A new issue file holding `articles` in `section`, with the latest issue's sections.
fn new_issue(
    output: &Path,
    frame: target::Frame,
    section: &str,
    articles: Vec<crate::issue::model::Article>,
) -> Result<String> {
    let mut names = frame.sections.clone();
    if names.is_empty() {
        names.push(section.to_owned());
    }
    if !names.iter().any(|name| name == section) {
        let listed: Vec<String> = names.iter().map(|n| format!("“{n}”")).collect();
        bail!(
            Text::new("import-no-such-section")
                .arg("section", section)
                .arg("sections", listed.join(", "))
        );
    }
    let mut articles = Some(articles);
    let sections = names
        .into_iter()
        .map(|name| {
            let articles =
                if name == section { articles.take().unwrap_or_default() } else { vec![] };
            Section { name, articles }
        })
        .collect();
    save::issue_toml(&frame.issue(output, sections), None)
}

/// The output file's text, `None` when there is none or it is empty.
fn read_existing(output: &Path) -> Result<Option<String>> {
    if !output.exists() {
        return Ok(None);
    }
    let text = fs::read_to_string(output).with_context(|| {
        format!(
            "`{}` exists but cannot be read as UTF-8 text: nothing was written",
            output.display()
        )
    })?;
    Ok((!text.trim().is_empty()).then_some(text))
}

/// Reads a text export as UTF-8.
fn read_text_file(path: &Path, report: &mut Report) -> Result<Option<String>> {
    let hint = Text::new("hint-save-export-utf8");
    Ok(read_bytes(path, report)?.and_then(|bytes| utf8_text(path, bytes, hint, report)))
}

/// Writes the issue file atomically, creating its folder (not the folders above it).
fn write(output: &Path, text: &str) -> Result<()> {
    let folder = target::folder(output);
    if !folder.exists() {
        fs::create_dir(&folder).with_context(|| {
            format!("cannot create `{}`: does the folder above it exist?", folder.display())
        })?;
    }
    write_atomically(output, text.as_bytes())
}
