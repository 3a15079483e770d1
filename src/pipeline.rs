//! The pipeline shared by every command: locate, load, set up fonts, typeset.

use std::path::Path;

use anyhow::Result;
use typst_layout::PagedDocument;

use crate::cli::SetupArgs;
use crate::compile::compile;
use crate::fonts::load_fonts;
use crate::load::load_issue;
use crate::model::Issue;
use crate::project::Project;
use crate::world::IssueWorld;

/// An issue and its typeset pages.
pub struct Typeset {
    /// The project the layouts and fonts came from.
    pub project: Project,
    /// The issue as loaded from its folder.
    pub issue: Issue,
    /// The typeset pages.
    pub document: PagedDocument,
}

/// Loads the issue in `issue_dir` and typesets it with the project's layouts.
pub fn typeset(issue_dir: &Path, setup: &SetupArgs) -> Result<Typeset> {
    let project = Project::locate(setup.root.as_deref(), issue_dir)?;
    let issue = load_issue(issue_dir)?;
    let fonts = load_fonts(&project.fonts_dir(), &setup.font_options());
    let world = IssueWorld::new(&project.root, &issue, fonts)?;
    let document = compile(&world)?;
    Ok(Typeset { project, issue, document })
}
