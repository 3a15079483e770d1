//! Test harness: the binary under test, scratch folders and projects inside target/, issue
//! files built field by field, the sample issue typeset once, and the re-bless switch.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use bulletin::typeset::engine::{Build, Engine, EngineOptions, Lifetime};
use bulletin::typeset::options::OutputOptions;

/// The repository root, where layouts/, fonts/ and issues/ live.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `bulletin` binary, run from the repository root, its messages in English whatever
/// the machine's locale.
pub fn bulletin() -> assert_cmd::Command {
    let mut command = assert_cmd::Command::cargo_bin("bulletin").expect("binary built");
    command.current_dir(repo_root());
    command.env_remove("LC_ALL").env_remove("LC_MESSAGES").env("LANG", "C.UTF-8");
    command
}

/// Runs `bulletin` with `args` from the repository root: (exit code, stdout, stderr).
pub fn run<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> (i32, String, String) {
    let output = bulletin().args(args).output().expect("bulletin runs");
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    (output.status.code().unwrap_or(-1), text(&output.stdout), text(&output.stderr))
}

/// Standard output of a finished command, as text.
pub fn stdout(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stdout).into_owned()
}

/// Standard error of a finished command, as text.
pub fn stderr(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

/// Whether this run accepts what the code now produces as the new expected files
/// (`BULLETIN_BLESS=1`; any other value, or none, compares).
pub fn blessing() -> bool {
    std::env::var("BULLETIN_BLESS").is_ok_and(|value| value == "1")
}

/// Compares `actual` with the file `expected` (relative to the repository), or, while
/// blessing, rewrites the file.
pub fn assert_matches_file(actual: &str, expected: &str) {
    let path = repo_root().join(expected);
    if blessing() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let wanted = std::fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(actual, wanted, "differs from {expected} (BULLETIN_BLESS=1 rewrites it)");
}

/// The sample issue, typeset once and shared by every test of the binary.
pub fn sample_typeset() -> &'static Build {
    static SAMPLE: OnceLock<Build> = OnceLock::new();
    SAMPLE.get_or_init(|| typeset_dir(&repo_root().join("issues/2023-08")))
}

/// Typesets the issue folder `dir` with the repository's layouts and fonts only.
pub fn typeset_dir(dir: &Path) -> Build {
    typeset_with(dir, EngineOptions { root: Some(repo_root()), ..EngineOptions::default() })
}

/// Typesets the issue folder `dir` with the repository's fonts, for `output`.
pub fn typeset_for(dir: &Path, output: OutputOptions) -> Build {
    typeset_with(dir, EngineOptions { root: Some(repo_root()), output, ..EngineOptions::default() })
}

/// Typesets the issue folder `dir` as `options` say.
pub fn typeset_with(dir: &Path, options: EngineOptions) -> Build {
    Engine::open(dir, &options, Lifetime::OneShot)
        .and_then(|mut engine| engine.rebuild())
        .unwrap_or_else(|err| panic!("typesetting {} failed: {err:#}", dir.display()))
}

/// The PDF of `build`, as `bulletin build` writes it.
pub fn pdf_of(build: &Build) -> Vec<u8> {
    bulletin::export::pdf::export_pdf(&build.document, &build.issue, build.profile, &build.print)
        .unwrap()
}

/// A scratch folder inside the project's target/ folder, emptied when created.
pub struct Sandbox {
    dir: PathBuf,
}

impl Sandbox {
    /// A fresh folder named after the test.
    pub fn new(name: &str) -> Self {
        let dir = repo_root().join("target").join("test-sandbox").join(name);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("sandbox created");
        Self { dir }
    }

    /// A path inside the sandbox.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// Copies the project's publication settings into the sandbox, as `publication.toml`.
    pub fn with_publication(self) -> Self {
        let source = repo_root().join("issues/publication.toml");
        std::fs::copy(source, self.path("publication.toml")).expect("publication copied");
        self
    }

    /// An issue folder `id` holding `text` as its issue.toml.
    pub fn issue_with_text(&self, id: &str, text: &str) -> PathBuf {
        let dir = self.path(id);
        std::fs::create_dir_all(&dir).expect("issue folder created");
        std::fs::write(dir.join("issue.toml"), text).expect("issue written");
        dir
    }

    /// An issue folder `id` holding `issue`.
    pub fn issue(&self, id: &str, issue: &IssueText) -> PathBuf {
        self.issue_with_text(id, &issue.text())
    }

    /// A project of its own in the folder `name` of the sandbox: copies of the
    /// repository's layouts/ and issues/, and fonts as `fonts` says. Returns its root.
    pub fn project(&self, name: &str, fonts: Fonts<'_>) -> PathBuf {
        let root = self.path(name);
        copy_dir(&repo_root().join("layouts"), &root.join("layouts"));
        copy_dir(&repo_root().join("issues"), &root.join("issues"));
        if let Fonts::Linked { except } = fonts {
            std::fs::create_dir_all(root.join("fonts")).unwrap();
            for entry in std::fs::read_dir(repo_root().join("fonts")).unwrap() {
                let name = entry.unwrap().file_name().to_string_lossy().into_owned();
                if !except.contains(&name.as_str()) {
                    link_font(&name, &root.join("fonts"));
                }
            }
        }
        root
    }
}

/// Where a scratch project's fonts come from.
#[derive(Debug, Clone, Copy)]
pub enum Fonts<'a> {
    /// From the repository, named with `--font-path`: the project has no fonts/ of its own.
    Repository,
    /// A fonts/ folder of links to the repository's font files, but for those named.
    Linked {
        /// Font files left out.
        except: &'a [&'a str],
    },
}

/// Puts the repository's font file `name` into `dir`: a hard link, or a copy where links
/// cannot be made.
pub fn link_font(name: &str, dir: &Path) {
    let (from, to) = (repo_root().join("fonts").join(name), dir.join(name));
    if std::fs::hard_link(&from, &to).is_err() {
        std::fs::copy(&from, &to).unwrap();
    }
}

/// Copies the folder `from` to `to`, recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// An issue file, built field by field: by default 2023年第9期 of 2023-09-10, with the
/// repository's publication settings and one listed article in 行业资讯.
#[derive(Debug, Clone)]
pub struct IssueText {
    publication: String,
    number: u32,
    month: u8,
    extra: String,
    sections: Vec<(String, Vec<ArticleText>)>,
}

/// One article of an [`IssueText`].
#[derive(Debug, Clone)]
pub struct ArticleText {
    title: String,
    listed: bool,
    paragraphs: Vec<String>,
    compiler: String,
    day: u8,
}

impl Default for IssueText {
    fn default() -> Self {
        Self::new()
    }
}

impl IssueText {
    /// The default issue.
    pub fn new() -> Self {
        let publication = repo_root().join("issues/publication.toml").display().to_string();
        Self {
            publication,
            number: 9,
            month: 9,
            extra: String::new(),
            sections: vec![("行业资讯".into(), vec![ArticleText::new("标题")])],
        }
    }

    /// The issue of `month` 2023 (第`month`期), its articles dated in that month.
    pub fn month(mut self, month: u8) -> Self {
        self.month = month;
        self.number = u32::from(month);
        self
    }

    /// Names `path` as the publication file, as written in the file.
    pub fn publication(mut self, path: &str) -> Self {
        self.publication = path.into();
        self
    }

    /// Adds `lines` after the issue's fields.
    pub fn extra(mut self, lines: &str) -> Self {
        self.extra = lines.into();
        self
    }

    /// Makes `article` the issue's only article.
    pub fn article(mut self, article: ArticleText) -> Self {
        self.sections = vec![("行业资讯".into(), vec![article])];
        self
    }

    /// Makes `articles` the articles of the issue's one section.
    pub fn articles(mut self, articles: Vec<ArticleText>) -> Self {
        self.sections = vec![("行业资讯".into(), articles)];
        self
    }

    /// The file's text.
    pub fn text(&self) -> String {
        let quote = |text: &str| toml::Value::String(text.to_owned()).to_string();
        let mut out = format!(
            "publication = {}\nyear = 2023\nnumber = {}\ndate = 2023-{:02}-10\n{}",
            quote(&self.publication),
            self.number,
            self.month,
            self.extra
        );
        for (name, articles) in &self.sections {
            out += &format!("\n[[section]]\nname = {}\n", quote(name));
            for article in articles {
                out += &format!("\n[[section.article]]\ntitle = {}\n", quote(&article.title));
                if article.listed {
                    out += "listed = true\n";
                }
                let paragraphs: Vec<String> = article.paragraphs.iter().map(|p| quote(p)).collect();
                out += &format!(
                    "paragraphs = [{}]\nattribution = {{ compiler = {}, date = 2023-{:02}-{:02} }}\n",
                    paragraphs.join(", "),
                    quote(&article.compiler),
                    self.month,
                    article.day
                );
            }
        }
        out
    }
}

impl ArticleText {
    /// A listed article with one paragraph, compiled by the bulletin's office on the 1st.
    pub fn new(title: &str) -> Self {
        Self {
            title: title.into(),
            listed: true,
            paragraphs: vec!["正文。".into()],
            compiler: "《电子商务动态》编辑部".into(),
            day: 1,
        }
    }

    /// The article's paragraphs.
    pub fn paragraphs(mut self, paragraphs: &[String]) -> Self {
        self.paragraphs = paragraphs.to_vec();
        self
    }
}
