//! The pipeline shared by every command: locate, load, set up fonts, typeset.

use std::path::Path;

use anyhow::Result;
use typst_layout::PagedDocument;

use crate::cli::SetupArgs;
use crate::diag::{ProblemsFound, Report};
use crate::issue::load::{Loaded, load_issue_in};
use crate::issue::model::{Issue, Profile};
use crate::issue::project::Project;
use crate::typeset::compile::{Compiled, compile, emit};
use crate::typeset::coverage::{missing_characters, report_missing, report_unknown_families};
use crate::typeset::fonts::{FontFiles, FontOptions, load_fonts, prefetch};
use crate::typeset::options::{LayoutInputs, OutputOptions};
use crate::typeset::pad::pad_pages;
use crate::typeset::world::IssueWorld;

/// An issue and its typeset pages.
pub struct Typeset {
    /// The project the layouts and fonts came from.
    pub project: Project,
    /// The issue as loaded from its folder.
    pub issue: Issue,
    /// The typeset pages.
    pub document: PagedDocument,
    /// How many warnings were printed on the way.
    pub warnings: usize,
    /// The profile the layouts were typeset for.
    pub profile: Profile,
    /// How many blank pages were padded in before the last page.
    pub blank_pages: usize,
}

/// Loads the issue in `issue_dir`, checks it and typesets it with the project's layouts.
///
/// Problems in the data, missing fonts and characters no font has end in a
/// [`ProblemsFound`] error listing all of them; warnings are printed to stderr.
pub fn typeset(issue_dir: &Path, setup: &SetupArgs) -> Result<Typeset> {
    typeset_with(issue_dir, setup, &OutputOptions::default())
}

/// Like [`typeset`], for the profile, bleed, marks and padding `output` asks for.
pub fn typeset_with(
    issue_dir: &Path,
    setup: &SetupArgs,
    output: &OutputOptions,
) -> Result<Typeset> {
    let project = Project::locate(setup.root.as_deref(), issue_dir)?;
    let Loaded { issue, report } = load_issue_in(issue_dir, &project.root)?;
    let profile = output.profile_for(&issue.publication);
    let inputs = output.layout_inputs(profile)?;
    // A build ends within seconds: the fonts can be mapped rather than read whole.
    let font_options = FontOptions { files: FontFiles::Mapped, ..setup.font_options() };
    let fonts = load_fonts(&project.fonts_dir(), &font_options);
    let mut world = IssueWorld::with_inputs(&project.root, &issue, fonts, &inputs)?;
    let Checked { document, warnings, blank_pages } = typeset_checked(
        &mut world,
        &issue,
        report,
        &inputs,
        output.pad,
        setup.allow_missing_glyphs,
    )?;
    Ok(Typeset { project, issue, document, warnings, profile, blank_pages })
}

/// Pages that passed every check, and what the checks counted.
pub struct Checked {
    /// The typeset pages, padded if asked.
    pub document: PagedDocument,
    /// How many warnings were printed on the way.
    pub warnings: usize,
    /// How many blank pages were padded in before the last page.
    pub blank_pages: usize,
}

/// Typesets the issue `world` serves with `inputs`, checks the pages and pads them.
///
/// `report` holds the warnings from loading `issue`. Font families the layouts ask for
/// and no font provides, and characters no font has (unless `allow_missing_glyphs`),
/// are added to it as errors and end in a [`ProblemsFound`] error listing all of them;
/// otherwise the warnings are printed to stderr. `pad` pads to a multiple of pages.
pub fn typeset_checked(
    world: &mut IssueWorld,
    issue: &Issue,
    mut report: Report,
    inputs: &LayoutInputs,
    pad: Option<u32>,
    allow_missing_glyphs: bool,
) -> Result<Checked> {
    world.set_inputs(inputs);
    let world_ref = &*world;
    let Compiled { document, warnings } = std::thread::scope(|scope| {
        prefetch(scope, world_ref);
        compile(world_ref)
    })?;
    let other = report_unknown_families(warnings, &mut report);
    report_missing(issue, &missing_characters(&document), allow_missing_glyphs, &mut report);
    if report.errors() > 0 {
        return Err(ProblemsFound(report).into());
    }
    emit(world, &other);
    if !report.problems().is_empty() {
        eprint!("{}", report.render());
    }
    let warnings = report.warnings() + other.len();
    let (document, blank_pages) = match pad {
        Some(multiple) => pad_pages(world, inputs, document, multiple)?,
        None => (document, 0),
    };
    Ok(Checked { document, warnings, blank_pages })
}
