//! The versions `bulletin diff` compares, issue folders or PDF files, rasterized alike.

use std::fmt;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use image::RgbImage;

use crate::diag::{Text, TextContext};
use crate::export::png::rasterize_all;
use crate::issue::calendar::ISSUE_FILE;
use crate::typeset::engine::{Engine, EngineOptions, Lifetime};
use crate::visual::pdf_pages::rasterize_pdf;

/// One version of an issue: its data folder or a PDF of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Version {
    /// An issue folder holding issue.toml, typeset with its project's layouts.
    Issue(PathBuf),
    /// A PDF file, from this tool or from anybody else.
    Pdf(PathBuf),
}

impl Version {
    /// Recognizes `path` as an issue folder (holding issue.toml) or a PDF file.
    pub(crate) fn recognize(path: &Path) -> Result<Self> {
        if path.is_dir() {
            if path.join(ISSUE_FILE).is_file() {
                return Ok(Version::Issue(path.to_path_buf()));
            }
            bail!(Text::new("diff-folder-without-issue").arg("path", path.display().to_string()));
        }
        let mut head = [0u8; 5];
        let mut file = std::fs::File::open(path).text_context(|| {
            Text::new("path-unopenable").arg("path", path.display().to_string())
        })?;
        let read = std::io::Read::read(&mut file, &mut head)
            .text_context(|| Text::new("read-failed").arg("path", path.display().to_string()))?;
        if &head[..read] != b"%PDF-" {
            bail!(Text::new("diff-neither").arg("path", path.display().to_string()));
        }
        Ok(Version::Pdf(path.to_path_buf()))
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Version::Issue(path) => write!(f, "issue folder {}", path.display()),
            Version::Pdf(path) => write!(f, "PDF {}", path.display()),
        }
    }
}

/// Which renderer drew both versions' pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Renderer {
    /// Typst's own rasterizer, straight from the typeset pages (as the reference pages are).
    Typst,
    /// hayro, from PDF files.
    Hayro,
}

impl fmt::Display for Renderer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Renderer::Typst => "typst-render, from the typeset pages",
            Renderer::Hayro => "hayro, from the PDFs",
        })
    }
}

/// Both versions' pages, drawn by one renderer so that only real changes differ.
pub(crate) struct RasterizedPair {
    /// The old version's pages.
    pub old: Vec<RgbImage>,
    /// The new version's pages.
    pub new: Vec<RgbImage>,
    /// Who drew them.
    pub renderer: Renderer,
}

/// Rasterizes both versions at `ppi` with one renderer.
///
/// Two issue folders are drawn straight from their typeset pages. If either version is a
/// PDF, both are drawn from PDF by hayro, an issue folder being exported to PDF in memory
/// first, because two renderers' anti-aliasing differs everywhere.
pub(crate) fn rasterize_pair(
    old: &Version,
    new: &Version,
    options: &EngineOptions,
    ppi: u32,
) -> Result<RasterizedPair> {
    let renderer = match (old, new) {
        (Version::Issue(_), Version::Issue(_)) => Renderer::Typst,
        _ => Renderer::Hayro,
    };
    let rasterize = |version: &Version| {
        rasterize_version(version, options, ppi, renderer)
            .with_context(|| format!("failed to render the {version}"))
    };
    Ok(RasterizedPair { old: rasterize(old)?, new: rasterize(new)?, renderer })
}

fn rasterize_version(
    version: &Version,
    options: &EngineOptions,
    ppi: u32,
    renderer: Renderer,
) -> Result<Vec<RgbImage>> {
    // Problems in an issue's data become a plain error, their findings in its words: for
    // `diff`, exit code 1 must mean only that the versions differ.
    let typeset = |dir: &Path| {
        let mut engine = Engine::open(dir, options, Lifetime::OneShot)?;
        let build = engine.rebuild().map_err(|err| anyhow!("{}", plain_failure(&err)))?;
        Ok::<_, anyhow::Error>((engine, build))
    };
    match (version, renderer) {
        (Version::Issue(dir), Renderer::Typst) => Ok(rasterize_all(&typeset(dir)?.1.document, ppi)),
        (Version::Issue(dir), Renderer::Hayro) => {
            let (engine, build) = typeset(dir)?;
            rasterize_pdf(engine.export_pdf(&build)?, ppi)
        }
        (Version::Pdf(path), _) => {
            let bytes = std::fs::read(path).text_context(|| {
                Text::new("read-failed").arg("path", path.display().to_string())
            })?;
            rasterize_pdf(bytes, ppi)
        }
    }
}

/// A failure in words, its findings included.
fn plain_failure(err: &anyhow::Error) -> String {
    match crate::diag::report_of(err) {
        Some(report) => format!("{}{}", report.render(), err),
        None => format!("{err:#}"),
    }
}
