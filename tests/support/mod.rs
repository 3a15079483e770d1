//! Test harness: the binary under test, scratch folders inside the project, the sample issue.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use bulletin::cli::SetupArgs;
use bulletin::typeset::pipeline::{Typeset, typeset};

/// The repository root, where layouts/, fonts/ and issues/ live.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `bulletin` binary, run from the repository root.
pub fn bulletin() -> assert_cmd::Command {
    let mut command = assert_cmd::Command::cargo_bin("bulletin").expect("binary built");
    command.current_dir(repo_root());
    command
}

/// Runs `bulletin` with `args` from the repository root: (exit code, stdout, stderr).
pub fn run<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> (i32, String, String) {
    let output = bulletin().args(args).output().expect("bulletin runs");
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    (output.status.code().unwrap_or(-1), text(&output.stdout), text(&output.stderr))
}

/// The sample issue, typeset once and shared by every test of the binary.
pub fn sample_typeset() -> &'static Typeset {
    static SAMPLE: OnceLock<Typeset> = OnceLock::new();
    SAMPLE.get_or_init(|| typeset_dir(&repo_root().join("issues/2023-08")))
}

/// Typesets the issue folder `dir` with the repository's layouts and fonts only.
pub fn typeset_dir(dir: &Path) -> Typeset {
    let setup = SetupArgs { root: Some(repo_root()), ..SetupArgs::default() };
    match typeset(dir, &setup) {
        Ok(typeset) => typeset,
        Err(err) => panic!("typesetting {} failed: {err:#}", dir.display()),
    }
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

    /// A one-article issue folder `id` with the given title and paragraphs.
    pub fn issue(&self, id: &str, title: &str, paragraphs: &[String]) -> PathBuf {
        let publication = repo_root().join("issues/publication.toml");
        let toml = format!(
            "publication = {publication:?}\nyear = 2023\nnumber = 9\ndate = 2023-09-10\n\n\
             [[section]]\nname = \"行业资讯\"\n\n[[section.article]]\ntitle = {title}\nlisted = true\n\
             paragraphs = {paragraphs}\nattribution = {{ compiler = \"《电子商务动态》编辑部\", date = 2023-09-01 }}\n",
            title = toml_string(title),
            paragraphs = toml::Value::Array(
                paragraphs.iter().map(|p| toml::Value::String(p.clone())).collect()
            ),
        );
        self.issue_with_text(id, &toml)
    }
}

fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
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
