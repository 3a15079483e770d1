//! The engine: one issue's project, fonts, Typst world and caches, driven by every front
//! end. A one-shot build is one rebuild of a fresh engine; `watch` and `serve` rebuild
//! one engine again and again, so what they show is what `build` writes, by construction.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Result;
use typst::comemo;
use typst::introspection::Introspector;
use typst_kit::fonts::FontStore;
use typst_layout::{PagedDocument, PagedIntrospector};

use crate::diag::{LayoutFailed, ProblemsFound, Report, Text, TextContext};
use crate::export::pdf::{PrintDeclarations, Reuse, export_pdf_document, pdfx_options};
use crate::export::pdfx::Written;
use crate::issue::calendar::ISSUE_FILE;
use crate::issue::load::{
    Loaded, Located, load_issue_in, load_issue_text_in, locate_issue, named_publication,
};
use crate::issue::model::{Issue, Profile};
use crate::issue::project::Project;
use crate::preflight::pdfx::verify_written;
use crate::typeset::compile::{Compiled, add_typst_diagnostics, compile};
use crate::typeset::coverage::{missing_characters, report_missing, report_unknown_families};
use crate::typeset::figures::{placed_figures, report_resolution};
use crate::typeset::fonts::{FontHolding, FontLibrary, FontOptions, prefetch};
use crate::typeset::interrupt::{Interrupt, stoppable};
use crate::typeset::options::OutputOptions;
use crate::typeset::pad::pad_pages;
use crate::typeset::world::IssueWorld;

/// What an engine is asked for: where the project and fonts are, how strict to be, and
/// what to output.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EngineOptions {
    /// The project folder holding layouts/ and fonts/ [default: the nearest one above the
    /// issue].
    pub root: Option<PathBuf>,
    /// Fonts besides the project's fonts/.
    pub fonts: FontOptions,
    /// Characters no font has print as empty boxes, with a warning, instead of failing.
    pub allow_missing_glyphs: bool,
    /// The profile and the print shop's extras.
    pub output: OutputOptions,
}

/// How long an engine lives, which decides how it holds its fonts and its caches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lifetime {
    /// One build, then the process ends or moves on (build, check, render, archives).
    OneShot,
    /// One build inside a process that must outlive it: the desk's PDFs of the other
    /// profile and of earlier versions. Its fonts are held as a long-lived engine's, in
    /// private copies (the desk's engines of the same folder share them), so that a font
    /// file replaced or cut short meanwhile cannot stop the server; its cache is a one-shot
    /// build's.
    OneShotInServer,
    /// Rebuilds for as long as an editor works (watch, serve).
    LongLived,
}

impl Lifetime {
    /// How an engine of this lifetime holds its font files.
    fn font_holding(self) -> FontHolding {
        match self {
            Lifetime::OneShot => FontHolding::Mapped,
            Lifetime::OneShotInServer | Lifetime::LongLived => FontHolding::Snapshot,
        }
    }
}

/// Typst's cached results unused for this many rebuilds of a long-lived engine are
/// dropped, as `typst watch` does.
const LONG_LIVED_CACHE_AGE: usize = 10;

/// How many long-lived engines the process holds. Typst's cache is the process's, and
/// every rebuild's eviction ages every entry: with several engines rebuilding in turn
/// (the desk's open issues), see [`cache_age`].
static LONG_LIVED_ENGINES: AtomicUsize = AtomicUsize::new(0);

/// The age at which a rebuild evicts Typst's cached results while `engines` long-lived
/// engines rebuild in turn: one engine keeps what its last [`LONG_LIVED_CACHE_AGE`]
/// rebuilds used; with more, an entry survives two rebuilds of every other engine too,
/// so that an issue's next rebuild after an edit still finds the results of its last one
/// (a warm rebuild), without each issue keeping many generations of them (with twenty
/// issues edited at once, that grew the desk past 2 GB).
fn cache_age(engines: usize) -> usize {
    LONG_LIVED_CACHE_AGE + 2 * engines.saturating_sub(1)
}

/// One issue's typesetting pipeline, kept warm between rebuilds.
///
/// Each [`rebuild`](Self::rebuild) reads the issue data and the publication settings
/// again, serves them to the Typst world, and lets the world read the layouts again:
/// layouts whose text did not change keep their parsed form, and everything Typst
/// computed from unchanged inputs is taken from its caches. Fonts are loaded again only
/// when a font folder changed.
///
/// ```no_run
/// use std::path::Path;
/// use bulletin::typeset::engine::{Engine, EngineOptions, Lifetime};
///
/// let options = EngineOptions::default();
/// let mut engine = Engine::open(Path::new("issues/2023-08"), &options, Lifetime::OneShot)?;
/// let build = engine.rebuild()?;
/// let pdf = engine.export_pdf(&build)?;
/// println!("{} pages, {} bytes", build.document.pages().len(), pdf.len());
/// # Ok::<(), anyhow::Error>(())
/// ```
pub struct Engine {
    /// The issue folder as given, so that findings name files the way the user does.
    given_dir: PathBuf,
    /// The same folder as an absolute path.
    issue_dir: PathBuf,
    project: Project,
    options: EngineOptions,
    lifetime: Lifetime,
    fonts: FontLibrary,
    /// Fonts loaded before there was a world to give them to.
    pending_fonts: Option<FontStore>,
    /// Created by the first rebuild whose data loads.
    world: Option<IssueWorld>,
    /// The publication file the issue named when it last loaded.
    publication_file: Option<PathBuf>,
    /// The project files the last rebuild read (see [`Engine::inputs`]).
    read: Vec<PathBuf>,
    /// Stops a rebuild when raised.
    interrupt: Interrupt,
    /// The issue file's text to typeset instead of the file's (an earlier version).
    issue_text: Option<String>,
    /// A long-lived engine's last typesetting's introspector, where the next starts
    /// ([`compile`]'s `start`).
    last_introspector: Option<Arc<PagedIntrospector>>,
    /// What the last export left for the next, once asked to keep it
    /// ([`Engine::export_incrementally`]).
    export_reuse: Option<Mutex<Reuse>>,
}

impl Drop for Engine {
    /// A long-lived engine's cached results go with it: when it was the last, the whole
    /// cache is dropped at once (the desk released its last issue); otherwise its entries
    /// age out as the other engines rebuild, sooner than they would have with it.
    fn drop(&mut self) {
        if self.lifetime == Lifetime::LongLived {
            let left = LONG_LIVED_ENGINES.fetch_sub(1, Ordering::SeqCst) - 1;
            comemo::evict(if left == 0 { 0 } else { cache_age(left) });
        }
    }
}

/// One rebuild's result: the checked pages and what was found on the way.
pub struct Build {
    /// The issue as loaded for this rebuild.
    pub issue: Issue,
    /// The typeset pages, padded if asked.
    pub document: PagedDocument,
    /// The profile the pages were typeset for.
    pub profile: Profile,
    /// How many blank pages were padded in before the last page.
    pub blank_pages: usize,
    /// What the print PDF declares: its PDF/X level and bleed.
    pub print: PrintDeclarations,
    /// Warnings: the data's and Typst's (no errors, or there would be no pages).
    pub report: Report,
    /// Where the time went.
    pub timings: Timings,
}

/// The time each step of a rebuild took.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Timings {
    /// Loading the fonts; zero unless this is the first rebuild or a font changed.
    pub fonts: Duration,
    /// Reading, parsing and checking the issue and publication TOML, and serving it as JSON.
    pub load: Duration,
    /// Typesetting, the checks on the pages and padding.
    pub typeset: Duration,
    /// How many times Typst laid the issue out (padding's own typesetting not counted):
    /// two or more for a first build, often one for a long-lived engine's next.
    pub layout_passes: usize,
}

impl Timings {
    /// The whole rebuild.
    pub fn total(&self) -> Duration {
        self.fonts + self.load + self.typeset
    }
}

/// The files and folders whose changes an engine's next rebuild would see.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inputs {
    /// Single files: the issue file, the publication file, the files the last rebuild
    /// read.
    pub files: Vec<PathBuf>,
    /// Folders every file of which matters: the font folders (and the layouts before
    /// the first rebuild).
    pub trees: Vec<PathBuf>,
}

impl Engine {
    /// An engine for the issue in `issue` (its folder, or its `issue.toml`), with the
    /// project found as `options` say. Typesets nothing yet: the first
    /// [`rebuild`](Self::rebuild) does.
    ///
    /// Fails only if the issue folder or the project cannot be found, or the issue leads
    /// outside the project ([`locate_issue`]).
    pub fn open(issue: &Path, options: &EngineOptions, lifetime: Lifetime) -> Result<Self> {
        let Located { folder: given_dir, project, .. } =
            locate_issue(issue, options.root.as_deref())?;
        let project = project?;
        let issue_dir = std::fs::canonicalize(&given_dir).text_context(|| {
            Text::new("issue-folder-unopenable").arg("dir", issue.display().to_string())
        })?;
        let fonts = FontLibrary::new(&project.fonts_dir(), &options.fonts, lifetime.font_holding());
        if lifetime == Lifetime::LongLived {
            LONG_LIVED_ENGINES.fetch_add(1, Ordering::SeqCst);
        }
        Ok(Self {
            given_dir,
            issue_dir,
            project,
            options: options.clone(),
            lifetime,
            fonts,
            pending_fonts: None,
            world: None,
            publication_file: None,
            read: Vec::new(),
            interrupt: Interrupt::default(),
            issue_text: None,
            last_introspector: None,
            export_reuse: None,
        })
    }

    /// Has the rebuilds from now on typeset `text` as the issue file (`None`: the file on
    /// disk): for the desk, which builds a save while it is being written, and earlier
    /// versions of the file.
    pub(crate) fn set_issue_text(&mut self, text: Option<String>) {
        self.issue_text = text;
    }

    /// Lets `interrupt` stop the rebuilds from now on: a rebuild running when it is raised
    /// ends with a [`Superseded`](crate::typeset::interrupt::Superseded) error, and the
    /// engine stays usable.
    pub fn set_interrupt(&mut self, interrupt: Interrupt) {
        if let Some(world) = &mut self.world {
            world.set_interrupt(interrupt.clone());
        }
        self.interrupt = interrupt;
    }

    /// Has every PDF export from now on keep the pages typst-pdf converted and what its
    /// PDF/X conversion parsed and rewrote, and take from the last one what is still the
    /// same: for `watch`, which exports after every edit. A page is taken only where
    /// converting it again would give the same bytes (see `vendor/krilla/PATCHED.md`), so
    /// the file is the same. The memory held between exports is about two copies of the
    /// issue's PDF and its pages' content uncompressed, which the desk, exporting seldom,
    /// does not ask for.
    pub fn export_incrementally(&mut self) {
        self.export_reuse.get_or_insert_with(Mutex::default);
    }

    /// How many pages the last export took as the export before converted them (none
    /// unless exporting incrementally).
    pub fn pages_reused(&self) -> usize {
        let reuse = self.export_reuse.as_ref().and_then(|reuse| reuse.lock().ok());
        reuse.map_or(0, |reuse| reuse.pages_reused())
    }

    /// The project the layouts and fonts come from.
    pub fn project(&self) -> &Project {
        &self.project
    }

    /// The issue's folder, as an absolute path.
    pub fn issue_dir(&self) -> &Path {
        &self.issue_dir
    }

    /// What the engine was asked for.
    pub fn options(&self) -> &EngineOptions {
        &self.options
    }

    /// Typesets the issue as its files are now, and checks the pages.
    ///
    /// Problems in the data, unknown font families and characters no font has give a
    /// [`ProblemsFound`] error; layouts that cannot be typeset, a [`LayoutFailed`] error;
    /// both carry every finding as data. The engine stays usable either way: the next
    /// rebuild starts from the same caches.
    pub fn rebuild(&mut self) -> Result<Build> {
        let result = self.rebuild_untrimmed();
        self.trim_cache();
        result
    }

    /// Drops the cached results a long-lived engine's rebuilds no longer use (see
    /// [`cache_age`]); a one-shot engine's are dropped before its export instead.
    pub fn trim_cache(&self) {
        if self.lifetime == Lifetime::LongLived {
            let engines = LONG_LIVED_ENGINES.load(Ordering::SeqCst).max(1);
            comemo::evict(cache_age(engines));
        }
    }

    /// [`Engine::rebuild`] without trimming Typst's cache afterwards, for a caller that
    /// shows the pages first and then calls [`Engine::trim_cache`] (the desk, `watch`).
    pub fn rebuild_untrimmed(&mut self) -> Result<Build> {
        let mut timings = Timings::default();
        let start = Instant::now();
        if self.world.is_none() && self.pending_fonts.is_none() || self.fonts.changed() {
            let fonts = self.fonts.load()?;
            match &mut self.world {
                Some(world) => world.set_fonts(fonts),
                None => self.pending_fonts = Some(fonts),
            }
            timings.fonts = start.elapsed();
        }

        let start = Instant::now();
        let Loaded { issue, report } = match &self.issue_text {
            Some(text) => load_issue_text_in(&self.given_dir, &self.project.root, text)?,
            None => load_issue_in(&self.given_dir, &self.project.root)?,
        };
        self.publication_file = Some(self.issue_dir.join(&issue.publication_file));
        let profile = self.options.output.profile_for(&issue.publication);
        let inputs = self.options.output.layout_inputs(profile)?;
        let world = match &mut self.world {
            Some(world) => {
                world.set_issue(&issue)?;
                world.set_inputs(&inputs);
                world
            }
            None => {
                let fonts = self.pending_fonts.take().expect("fonts are loaded before the world");
                let mut world = IssueWorld::new(&self.project.root, &issue, fonts, &inputs)?;
                world.set_interrupt(self.interrupt.clone());
                self.world.insert(world)
            }
        };
        timings.load = start.elapsed();

        let start = Instant::now();
        let mut report = report;
        let world_ref = &*world;
        let from = self.last_introspector.as_deref().map(|last| last as &dyn Introspector);
        let compiled = stoppable(|| {
            std::thread::scope(|scope| {
                prefetch(scope, world_ref);
                compile(world_ref, from)
            })
        })?;
        // What the next rebuild depends on: what this one read, even when it failed.
        self.read = world.files_read();
        self.read.extend(block_files(&issue, &self.issue_dir));
        let Compiled { document, warnings, passes } = match compiled {
            Ok(compiled) => compiled,
            Err(LayoutFailed(mut failed)) => {
                failed.merge(report);
                return Err(LayoutFailed(failed).into());
            }
        };
        timings.layout_passes = passes;
        if self.lifetime == Lifetime::LongLived {
            self.last_introspector = Some(document.introspector().clone());
        }
        let other = report_unknown_families(warnings, &mut report);
        let mut typst_warnings = Report::default();
        add_typst_diagnostics(world, &other, &mut typst_warnings);
        typst_warnings.merge(report);
        let mut report = typst_warnings;
        let allow = self.options.allow_missing_glyphs;
        report_missing(&issue, &missing_characters(&document), allow, &mut report);
        if profile == Profile::Print {
            report_resolution(&issue, &placed_figures(&issue, &document), &mut report);
        }
        if report.errors() > 0 {
            return Err(ProblemsFound(report).into());
        }
        let (document, blank_pages) = match self.options.output.pad {
            Some(multiple) => stoppable(|| pad_pages(world, &inputs, document, multiple))??,
            None => (document, 0),
        };
        timings.typeset = start.elapsed();
        let print = PrintDeclarations {
            pdfx: self.options.output.pdfx,
            bleed_mm: inputs.bleed.map(|bleed| bleed.millimetres()),
        };
        Ok(Build { issue, document, profile, blank_pages, print, report, timings })
    }

    /// The PDF of `build`, as `bulletin build` writes it: the same issue and pages always
    /// give the same bytes.
    pub fn export_pdf(&self, build: &Build) -> Result<Vec<u8>> {
        Ok(self.export_pdf_document(build)?.0)
    }

    /// [`Engine::export_pdf`], and for print the PDF/X document as written; exporting
    /// incrementally, the conversion takes what the last one left (the same bytes,
    /// sooner).
    fn export_pdf_document(&self, build: &Build) -> Result<(Vec<u8>, Option<Written>)> {
        let mut reuse = self.export_reuse.as_ref().map(|reuse| {
            reuse.lock().unwrap_or_else(|poisoned| {
                // An export that panicked may have left it half-updated: start afresh.
                let mut reuse = poisoned.into_inner();
                *reuse = Reuse::default();
                reuse
            })
        });
        export_pdf_document(
            &build.document,
            &build.issue,
            build.profile,
            &build.print,
            reuse.as_deref_mut(),
        )
    }

    /// The PDF of `build` as [`Engine::export_pdf`] writes it, and for print checked
    /// against every PDF/X requirement `bulletin preflight --for pdfx-4` (or `-1a`)
    /// checks, so that no file the press refuses is ever handed over. The check reads the
    /// document as it was written, still in memory, rather than parsing the bytes again;
    /// `watch` skips it all the same.
    pub fn export_verified_pdf(&self, build: &Build) -> Result<Vec<u8>> {
        let (bytes, written) = self.export_pdf_document(build)?;
        if let Some(written) = written {
            let level = pdfx_options(&build.issue, &build.print).level;
            verify_written(&written.document, &written.pages, level)?;
        }
        Ok(bytes)
    }

    /// The files and folders whose changes the next rebuild would see: the issue file, the
    /// publication file, every file the last rebuild read (layouts, plugins, the pictures
    /// and tables of the issue's blocks) and the font folders. Before the first rebuild,
    /// the whole layouts folder.
    ///
    /// The publication file is the one the issue named when it last loaded, or, before
    /// that, the one its `issue.toml` names if that much of it can be read.
    pub fn inputs(&self) -> Inputs {
        let issue_file = self.issue_dir.join(ISSUE_FILE);
        let publication = self
            .publication_file
            .clone()
            .or_else(|| named_publication(&issue_file).map(|name| self.issue_dir.join(name)));
        let mut trees = Vec::new();
        if self.read.is_empty() {
            trees.push(self.project.root.join("layouts"));
        }
        trees.extend(self.fonts.folders().iter().cloned());
        let files = std::iter::once(issue_file).chain(publication).chain(self.read.iter().cloned());
        Inputs { files: files.collect(), trees }
    }
}

/// The files the issue's blocks name (pictures, tables), in the issue's folder.
fn block_files(issue: &Issue, issue_dir: &Path) -> Vec<PathBuf> {
    use crate::issue::model::Block;
    use crate::issue::schema::block_files::relative_inside;
    let names = issue.sections.iter().flat_map(|s| &s.articles).flat_map(|a| &a.paragraphs);
    names
        .filter_map(|block| match block {
            Block::Figure(figure) => Some(figure.file.as_str()),
            Block::Table(table) => table.file.as_deref(),
            _ => None,
        })
        .filter_map(relative_inside)
        .map(|relative| issue_dir.join(relative))
        .collect()
}
