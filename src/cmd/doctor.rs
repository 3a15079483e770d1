//! `bulletin doctor`: which layouts, fonts and colour profile a project uses, where they
//! came from, and how they compare with the installed copy.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

use crate::cli::DoctorArgs;
use crate::cmd::findings::Reported;
use crate::diag::{Lang, Text, TextContext};
use crate::export::pdfx::FOGRA39;
use crate::install::compare::{
    Change, FolderComparison, compare_folder, fonts_against_sums, unified_diff,
};
use crate::install::installed::{Found, Installed};
use crate::install::record::Record;
use crate::install::tree::{fingerprint, fingerprint_bytes};

/// Prints the report; exits 1 when the project's fonts are not those its
/// `fonts/SHA256SUMS` lists.
pub(crate) fn run(args: &DoctorArgs, lang: Lang) -> Result<()> {
    let Some(root) = project_above(&args.dir)? else {
        bail!(
            "{}",
            Text::new("doctor-no-project").arg("dir", args.dir.display().to_string()).render(lang)
        );
    };
    let installed = Installed::locate();
    let say = |text: Text| println!("{}", text.render(lang));
    say(Text::new("doctor-program")
        .arg("version", env!("CARGO_PKG_VERSION"))
        .arg("path", std::env::current_exe().map(|p| p.display().to_string()).unwrap_or_default()));
    say(installed_line(installed.as_ref()));
    let report = describe(&root, installed.as_ref(), true)?;
    for line in &report.lines {
        say(line.clone());
    }
    if args.diff
        && let Some(installed) = &installed
    {
        for (folder, path) in &report.text_differences {
            if let Some(diff) = unified_diff(&root, installed, folder, path) {
                print!("{diff}");
            }
        }
    }
    if report.fonts_broken {
        eprintln!("error: {}", Text::new("doctor-fonts-broken").render(lang));
        return Err(Reported { code: 1 }.into());
    }
    Ok(())
}

/// The nearest folder at or above `dir` holding `layouts/main.typ`.
pub(crate) fn project_above(dir: &Path) -> Result<Option<PathBuf>> {
    let dir = std::path::absolute(dir)
        .text_context(|| Text::new("path-unopenable").arg("path", dir.display().to_string()))?;
    Ok(dir
        .ancestors()
        .find(|folder| folder.join("layouts").join("main.typ").is_file())
        .map(|root| root.canonicalize().unwrap_or_else(|_| root.to_path_buf())))
}

/// The line naming the installed copy and how it was found.
pub(crate) fn installed_line(installed: Option<&Installed>) -> Text {
    match installed {
        Some(installed) => {
            Text::new("doctor-installed").arg("dir", installed.dir.display().to_string()).arg(
                "how",
                Text::new(match installed.found {
                    Found::Package => "doctor-found-package",
                    Found::Variable => "doctor-found-variable",
                    Found::Checkout => "doctor-found-checkout",
                }),
            )
        }
        None => Text::new("doctor-installed-none").arg("places", Installed::places().join(", ")),
    }
}

/// What `describe` found: its lines, the text files that differ, and whether the fonts
/// are broken.
pub(crate) struct Description {
    /// The report's lines, in order.
    pub(crate) lines: Vec<Text>,
    /// `(folder, path)` of each text file that differs from the installed copy.
    pub(crate) text_differences: Vec<(&'static str, String)>,
    /// Whether a font is missing or changed against `fonts/SHA256SUMS`.
    pub(crate) fonts_broken: bool,
}

/// The project in `root` in words: where it came from, its layouts and fonts against the
/// installed copy (each differing file, with `details`), its colour profile.
pub(crate) fn describe(
    root: &Path,
    installed: Option<&Installed>,
    details: bool,
) -> Result<Description> {
    let record = Record::read(root)?;
    let mut lines = vec![Text::new("doctor-project").arg("root", root.display().to_string())];
    lines.push(match &record {
        Some(record) => Text::new("doctor-made-by")
            .arg("program", record.made_by.as_str())
            .arg("date", record.made_on.as_str())
            .arg("from", record.copied_from.as_str()),
        None if root.join("Cargo.toml").is_file() => Text::new("doctor-checkout"),
        None => Text::new("doctor-no-record"),
    });
    let mut text_differences = Vec::new();
    let mut newer = 0;
    for name in ["layouts", "fonts"] {
        let Some(installed) = installed else {
            let files = crate::install::tree::files(&root.join(name)).map(|f| f.len()).unwrap_or(0);
            lines.push(Text::new("doctor-folder-alone").arg("name", name).arg("files", files));
            continue;
        };
        let compared = compare_folder(root, installed, record.as_ref(), name)?;
        lines.push(folder_line(&compared, root == installed.dir));
        newer += compared
            .differences
            .iter()
            .filter(|d| {
                matches!(
                    d.change,
                    Change::NewerInstalled | Change::OnlyInstalled | Change::ChangedBoth
                )
            })
            .count();
        for difference in &compared.differences {
            if details {
                lines.push(difference_line(difference));
            }
            if difference.lines.is_some() {
                text_differences.push((name, difference.path.clone()));
            }
        }
    }
    let sums = fonts_against_sums(root)?;
    let fonts_broken = sums.as_ref().is_some_and(|wrong| !wrong.is_empty());
    lines.push(match &sums {
        None => Text::new("doctor-fonts-no-sums"),
        Some(wrong) if wrong.is_empty() => Text::new("doctor-fonts-sums-match"),
        Some(wrong) => Text::new("doctor-fonts-sums-differ").arg("names", wrong.join(", ")),
    });
    lines.push(profile_line(installed));
    if newer > 0
        && let Some(installed) = installed
    {
        lines.push(
            Text::new("doctor-newer-layouts")
                .arg("count", newer)
                .arg("dir", installed.dir.display().to_string()),
        );
    }
    Ok(Description { lines, text_differences, fonts_broken })
}

fn folder_line(compared: &FolderComparison, is_installed: bool) -> Text {
    let id = if is_installed {
        "doctor-folder-is-installed"
    } else if compared.differences.is_empty() {
        "doctor-folder-same"
    } else {
        "doctor-folder-differs"
    };
    Text::new(id)
        .arg("name", compared.name)
        .arg("files", compared.files)
        .arg("count", compared.differences.len())
}

fn difference_line(difference: &crate::install::compare::Difference) -> Text {
    let id = match difference.change {
        Change::OnlyInProject => "doctor-only-project",
        Change::OnlyInstalled => "doctor-only-installed",
        Change::ChangedHere => "doctor-changed-here",
        Change::NewerInstalled => "doctor-newer-installed",
        Change::ChangedBoth => "doctor-changed-both",
        Change::Differs => "doctor-differs",
    };
    let (added, removed) = difference.lines.unwrap_or_default();
    let lines = match difference.lines {
        Some(_) => Text::new("doctor-lines").arg("added", added).arg("removed", removed),
        None => Text::plain(""),
    };
    Text::new(id).arg("path", difference.path.as_str()).arg("lines", lines)
}

/// The colour profile the program writes into PDF/X files, and whether the installed
/// copy's file is the same.
pub(crate) fn profile_line(installed: Option<&Installed>) -> Text {
    let ours = fingerprint_bytes(FOGRA39.profile);
    let against = match installed
        .map(|installed| (installed.colour_profile(), fingerprint(&installed.colour_profile())))
    {
        Some((_, Ok(theirs))) if theirs == ours => Text::new("doctor-profile-same"),
        Some((path, Ok(_))) => {
            Text::new("doctor-profile-differs").arg("path", path.display().to_string())
        }
        _ => Text::plain(""),
    };
    Text::new("doctor-profile")
        .arg("identifier", FOGRA39.identifier)
        .arg("description", FOGRA39.description)
        .arg("sha", ours[..16].to_owned())
        .arg("against", against)
}
