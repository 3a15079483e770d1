//! The Typst world of one issue: layouts from the project, the issue as a virtual JSON file.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Dict, Duration, Value};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_kit::files::{FileLoader, FileStore, FsRoot};
use typst_kit::fonts::FontStore;

use crate::issue::model::{Block, FIGURE_FOLDER, Issue};
use crate::typeset::interrupt::Interrupt;
use crate::typeset::options::LayoutInputs;

/// Path of the layouts' entry file, relative to the project root.
pub(crate) const MAIN_LAYOUT: &str = "/layouts/main.typ";
/// Virtual path at which the issue's data is served to the layouts.
pub(crate) const ISSUE_DATA: &str = "/_data/issue.json";

/// Everything Typst sees while typesetting one issue.
pub(crate) struct IssueWorld {
    library: LazyHash<Library>,
    fonts: FontStore,
    inputs: LayoutInputs,
    files: FileStore<ProjectFiles>,
    main: FileId,
    today: Datetime,
    /// Raised when a newer change makes the running rebuild pointless.
    interrupt: Interrupt,
}

impl IssueWorld {
    /// Creates the world for `issue`, with layouts read from `root/layouts`, giving the
    /// layouts `inputs` besides the issue data.
    pub(crate) fn new(
        root: &Path,
        issue: &Issue,
        fonts: FontStore,
        inputs: &LayoutInputs,
    ) -> Result<Self> {
        super::plugins::run_natively();
        let (data, today) = issue_data(issue)?;
        Ok(Self {
            library: LazyHash::new(library(inputs)),
            fonts,
            inputs: inputs.clone(),
            files: FileStore::new(ProjectFiles {
                root: FsRoot::new(root.to_path_buf()),
                data_id: project_file(ISSUE_DATA),
                data,
                figures: figure_files(issue),
            }),
            main: project_file(MAIN_LAYOUT),
            today,
            interrupt: Interrupt::default(),
        })
    }

    /// Replaces the layouts' inputs, for typesetting the same issue again with others.
    ///
    /// The same inputs again change nothing, so Typst's caches stay valid.
    pub(crate) fn set_inputs(&mut self, inputs: &LayoutInputs) {
        if self.inputs != *inputs {
            self.library = LazyHash::new(library(inputs));
            self.inputs = inputs.clone();
        }
    }

    /// Serves `issue` from now on, and reads every project file again on its next use, so
    /// that layouts changed on disk are seen too.
    ///
    /// Files whose text did not change keep their parsed form, and with it Typst's
    /// caches of what was computed from them.
    pub(crate) fn set_issue(&mut self, issue: &Issue) -> Result<()> {
        let (data, today) = issue_data(issue)?;
        self.files.loader_mut().data = data;
        self.files.loader_mut().figures = figure_files(issue);
        self.today = today;
        self.files.reset();
        Ok(())
    }

    /// The flag that stops typesetting from now on, checked whenever Typst asks for a
    /// font or a file.
    pub(crate) fn set_interrupt(&mut self, interrupt: Interrupt) {
        self.interrupt = interrupt;
    }

    /// Replaces the fonts, after font files changed.
    pub(crate) fn set_fonts(&mut self, fonts: FontStore) {
        self.fonts = fonts;
    }

    /// The project files typesetting read since the issue was last set: the layouts and
    /// plugins it used, the pictures the layouts load. Not the issue data or the issue's
    /// pictures, which come from memory.
    pub(crate) fn files_read(&mut self) -> Vec<PathBuf> {
        let (loader, ids) = self.files.dependencies();
        let mut paths: Vec<PathBuf> = ids
            .filter(|id| *id != loader.data_id && !is_figure_path(*id))
            .filter(|id| matches!(id.root(), VirtualRoot::Project))
            .filter_map(|id| loader.root.resolve(id.vpath()).ok())
            .collect();
        paths.sort();
        paths.dedup();
        paths
    }

    /// The real path of a project file, for messages.
    fn real_path(&self, id: FileId) -> Option<PathBuf> {
        let loader = self.files.loader();
        if id == loader.data_id || is_figure_path(id) {
            return None;
        }
        loader.root.resolve(id.vpath()).ok()
    }

    /// A file as findings name it: its path relative to the current folder, or the issue
    /// data's virtual path.
    pub(crate) fn display_name(&self, id: FileId) -> String {
        match self.real_path(id) {
            Some(path) => {
                let cwd = std::env::current_dir().unwrap_or_default();
                path.strip_prefix(&cwd).unwrap_or(&path).display().to_string()
            }
            None => format!("<issue data {}>", id.vpath().get_with_slash()),
        }
    }
}

/// The issue as the JSON the layouts read, and its date as Typst's `today`.
fn issue_data(issue: &Issue) -> Result<(Bytes, Datetime)> {
    let data = serde_json::to_vec(issue).context("failed to serialize the issue data")?;
    let date = issue.date;
    let today = Datetime::from_ymd(date.year, date.month, date.day)
        .context("the issue date is not a valid calendar date")?;
    Ok((Bytes::new(data), today))
}

/// The standard library, with the issue data's path and `inputs` in `sys.inputs`.
fn library(inputs: &LayoutInputs) -> Library {
    let mut dict = Dict::new();
    dict.insert("issue".into(), Value::Str(ISSUE_DATA.into()));
    for (key, value) in inputs.pairs() {
        dict.insert(key.into(), Value::Str(value.into()));
    }
    Library::builder().with_inputs(dict).build()
}

/// The figures' pictures, by the virtual path the issue data gives the layouts for them.
///
/// Only these are served under [`FIGURE_FOLDER`]: the data names a picture by a path the
/// loader checked (inside the issue's folder), and no other file can be reached that way.
fn figure_files(issue: &Issue) -> HashMap<FileId, Bytes> {
    let mut figures = HashMap::new();
    for block in issue.articles().flat_map(|article| &article.paragraphs) {
        if let Block::Figure(figure) = block
            && let Ok(vpath) = VirtualPath::new(figure.virtual_path())
        {
            let id = RootedPath::new(VirtualRoot::Project, vpath).intern();
            figures.insert(id, Bytes::new(figure.data.clone()));
        }
    }
    figures
}

/// Whether `id` lies in the figures' virtual folder.
fn is_figure_path(id: FileId) -> bool {
    matches!(id.root(), VirtualRoot::Project)
        && id.vpath().get_with_slash().starts_with(FIGURE_FOLDER)
}

/// Interns the id of a file at `path` below the project root.
fn project_file(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("built-in virtual paths are valid");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

/// Serves the issue data and the figures' pictures from memory and everything else from
/// the project folder.
struct ProjectFiles {
    root: FsRoot,
    data_id: FileId,
    data: Bytes,
    figures: HashMap<FileId, Bytes>,
}

impl FileLoader for ProjectFiles {
    fn load(&self, id: FileId) -> FileResult<Bytes> {
        // The in-memory data is served first so that no file on disk can shadow it.
        if id == self.data_id {
            return Ok(self.data.clone());
        }
        if let Some(picture) = self.figures.get(&id) {
            return Ok(picture.clone());
        }
        // Nothing on disk is reachable through the figures' folder, not even a real
        // `_issue` folder in the project.
        if is_figure_path(id) {
            return Err(FileError::NotFound(id.vpath().get_with_slash().into()));
        }
        match id.root() {
            VirtualRoot::Project => self.root.load(id.vpath()),
            VirtualRoot::Package(spec) => Err(FileError::Other(Some(
                format!("package {spec} is not available: builds use only the project's files")
                    .into(),
            ))),
        }
    }
}

impl World for IssueWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        self.interrupt.check();
        self.files.source(id)
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.interrupt.check();
        self.files.file(id)
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.interrupt.check();
        self.fonts.font(index)
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        // The issue date, not the clock, so that two builds give the same bytes.
        Some(self.today)
    }
}
