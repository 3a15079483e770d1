//! A rebuild session: one long-lived Typst world, fed the issue again after each change.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use typst::comemo;
use typst_kit::fonts::FontStore;
use typst_layout::PagedDocument;

use crate::cli::SetupArgs;
use crate::export::pdf::export_pdf_as;
use crate::fonts::{FontOptions, load_fonts};
use crate::load::{ISSUE_FILE, Loaded, load_issue_in};
use crate::model::{Issue, Profile};
use crate::output::OutputOptions;
use crate::pipeline::{Checked, typeset_checked};
use crate::project::Project;
use crate::world::IssueWorld;

use super::watcher::{WatchList, absolute};

/// Typst's cached results unused for this many rebuilds are dropped, as `typst watch` does.
const CACHE_AGE: usize = 10;

/// Rebuilds one issue again and again in the same process, reusing Typst's caches.
///
/// The session holds one Typst world for its whole life. Each [`rebuild`](Self::rebuild)
/// reads the issue data and the publication settings again, serves them to the world,
/// and lets the world read the layouts again: layouts whose text did not change keep
/// their parsed form, and everything Typst computed from unchanged inputs (an article
/// whose data did not change, the theme, the fonts' metrics) is taken from its caches.
/// The checks and the PDF are those of `bulletin build` with the same options, byte for
/// byte.
///
/// ```no_run
/// use std::path::{Path, PathBuf};
/// use bulletin::cli::SetupArgs;
/// use bulletin::live::Session;
/// use bulletin::output::OutputOptions;
///
/// let issue = Path::new("issues/2023-08");
/// let mut session = Session::new(issue, &SetupArgs::default(), &OutputOptions::default())?;
/// let cold = session.rebuild(&[])?; // the first build fills the caches
/// // … an editor saves issues/2023-08/issue.toml …
/// let warm = session.rebuild(&[PathBuf::from("issues/2023-08/issue.toml")])?;
/// println!("{} pages in {:?}", warm.document.pages().len(), warm.timings.total());
/// # Ok::<(), anyhow::Error>(())
/// ```
pub struct Session {
    issue_dir: PathBuf,
    project: Project,
    font_options: FontOptions,
    font_dirs: Vec<PathBuf>,
    allow_missing_glyphs: bool,
    output: OutputOptions,
    /// Fonts loaded before there was a world to give them to.
    fonts: Option<FontStore>,
    /// Created by the first rebuild whose data loads.
    world: Option<IssueWorld>,
    /// The publication file the issue named when it last loaded.
    publication_file: Option<PathBuf>,
}

/// The result of one rebuild: the checked pages, their PDF and where the time went.
pub struct Rebuilt {
    /// The issue as loaded for this rebuild.
    pub issue: Issue,
    /// The typeset pages, padded if asked.
    pub document: PagedDocument,
    /// The PDF, the same bytes `bulletin build` writes with the same options.
    pub pdf: Vec<u8>,
    /// The profile the PDF was made for.
    pub profile: Profile,
    /// How many warnings were printed.
    pub warnings: usize,
    /// How many blank pages were padded in before the last page.
    pub blank_pages: usize,
    /// Where the time went.
    pub timings: Timings,
}

/// The time each step of a rebuild took.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Timings {
    /// Scanning the font folders again; zero unless a font changed.
    pub fonts: Duration,
    /// Reading, parsing and checking the issue and publication TOML, and serving it as JSON.
    pub load: Duration,
    /// Typesetting, the checks on the pages and padding.
    pub typeset: Duration,
    /// Writing the PDF's bytes (in memory).
    pub export: Duration,
}

impl Timings {
    /// The whole rebuild.
    pub fn total(&self) -> Duration {
        self.fonts + self.load + self.typeset + self.export
    }
}

impl Session {
    /// Starts a session for the issue in `issue_dir`: finds the project and loads the
    /// fonts, but typesets nothing yet; the first [`rebuild`](Self::rebuild) does.
    ///
    /// Fails only if the issue folder or the project cannot be found.
    pub fn new(issue_dir: &Path, setup: &SetupArgs, output: &OutputOptions) -> Result<Self> {
        let project = Project::locate(setup.root.as_deref(), issue_dir)?;
        let issue_dir = std::fs::canonicalize(issue_dir).with_context(|| {
            format!("there is no issue folder `{}`: check the path", issue_dir.display())
        })?;
        let font_options = setup.font_options();
        let mut font_dirs = vec![absolute(&project.fonts_dir())];
        font_dirs.extend(font_options.extra_paths.iter().map(|dir| absolute(dir)));
        let fonts = load_fonts(&project.fonts_dir(), &font_options);
        Ok(Self {
            issue_dir,
            project,
            font_options,
            font_dirs,
            allow_missing_glyphs: setup.allow_missing_glyphs,
            output: output.clone(),
            fonts: Some(fonts),
            world: None,
            publication_file: None,
        })
    }

    /// The project the layouts and fonts come from.
    pub fn project(&self) -> &Project {
        &self.project
    }

    /// Typesets the issue again after the files in `changed` changed, and exports its PDF.
    ///
    /// The issue data, the publication settings and the layouts are always read again
    /// (unchanged layouts cost next to nothing); the fonts are scanned again only if a
    /// path in `changed` lies in a font folder. `&[]` rebuilds with the same fonts.
    ///
    /// Fails as `bulletin build` does: problems in the data, unknown font families and
    /// characters no font has give a [`ProblemsFound`](crate::diagnostics::ProblemsFound)
    /// error; a layout that cannot be typeset gives a
    /// [`CompileFailed`](crate::compile::CompileFailed) error, its diagnostics printed to
    /// stderr. The session stays usable: the next rebuild starts from the same caches.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<Rebuilt> {
        let result = self.rebuild_uncached(changed);
        comemo::evict(CACHE_AGE);
        result
    }

    fn rebuild_uncached(&mut self, changed: &[PathBuf]) -> Result<Rebuilt> {
        let mut timings = Timings::default();
        let start = Instant::now();
        if changed.iter().any(|path| self.is_font(path)) {
            let fonts = load_fonts(&self.project.fonts_dir(), &self.font_options);
            match &mut self.world {
                Some(world) => world.set_fonts(fonts),
                None => self.fonts = Some(fonts),
            }
            timings.fonts = start.elapsed();
        }

        let start = Instant::now();
        let Loaded { issue, report } = load_issue_in(&self.issue_dir, &self.project.root)?;
        self.publication_file = Some(absolute(&self.issue_dir.join(&issue.publication_file)));
        let profile = self.output.profile_for(&issue.publication);
        let inputs = self.output.layout_inputs(profile)?;
        let world = match &mut self.world {
            Some(world) => {
                world.set_issue(&issue)?;
                world
            }
            None => {
                let fonts = match self.fonts.take() {
                    Some(fonts) => fonts,
                    None => load_fonts(&self.project.fonts_dir(), &self.font_options),
                };
                let world = IssueWorld::with_inputs(&self.project.root, &issue, fonts, &inputs)?;
                self.world.insert(world)
            }
        };
        timings.load = start.elapsed();

        let start = Instant::now();
        let pad = self.output.pad;
        let Checked { document, warnings, blank_pages } =
            typeset_checked(world, &issue, report, &inputs, pad, self.allow_missing_glyphs)?;
        timings.typeset = start.elapsed();

        let start = Instant::now();
        let pdf = export_pdf_as(&document, &issue, profile, &self.output)?;
        timings.export = start.elapsed();
        Ok(Rebuilt { issue, document, pdf, profile, warnings, blank_pages, timings })
    }

    /// What to watch: the issue file, the publication file, the layouts and the font
    /// folders.
    ///
    /// The publication file is the one the issue named when it last loaded, or, before
    /// that, the one its `issue.toml` names if that much of it can be read.
    pub fn watch_list(&self) -> WatchList {
        let issue_file = self.issue_dir.join(ISSUE_FILE);
        let publication = self.publication_file.clone().or_else(|| {
            named_publication(&issue_file).map(|name| absolute(&self.issue_dir.join(name)))
        });
        let mut trees = vec![self.project.root.join("layouts")];
        trees.extend(self.font_dirs.iter().cloned());
        WatchList {
            files: std::iter::once(issue_file).chain(publication).collect(),
            trees,
            ignored: Vec::new(),
        }
    }

    /// Whether `path` lies in one of the font folders.
    fn is_font(&self, path: &Path) -> bool {
        let path = absolute(path);
        self.font_dirs.iter().any(|dir| path.starts_with(dir))
    }
}

/// The publication file an issue file names, read leniently: `None` if the file cannot
/// be parsed as TOML or names none.
fn named_publication(issue_file: &Path) -> Option<PathBuf> {
    let text = std::fs::read_to_string(issue_file).ok()?;
    let table: toml::Table = text.parse().ok()?;
    table.get("publication")?.as_str().map(PathBuf::from)
}
