//! The issue file's shape as an editor writes it, for writing issues (`save` formats it).
//!
//! Reading goes through `schema`, which reports every problem with its place.

use std::path::PathBuf;

/// The issue file as an editor writes it.
#[derive(Debug, Clone)]
pub struct RawIssue {
    /// Path of the publication settings, relative to the issue folder.
    pub publication: PathBuf,
    /// Year of publication.
    pub year: i32,
    /// Number of the issue within its year.
    pub number: u32,
    /// Running number over all issues, if printed.
    pub running_number: Option<u32>,
    /// Date of publication.
    pub date: toml::value::Datetime,
    /// Sections in print order, each written `[[section]]`.
    pub sections: Vec<RawSection>,
}

/// A `[[section]]` table.
#[derive(Debug, Clone)]
pub struct RawSection {
    /// Section name without brackets.
    pub name: String,
    /// Articles in print order, each written `[[section.article]]`.
    pub articles: Vec<RawArticle>,
}

/// A `[[section.article]]` table.
#[derive(Debug, Clone)]
pub struct RawArticle {
    /// The title as printed.
    pub title: String,
    /// Whether the contents lists the article; written only when true.
    pub listed: bool,
    /// Body paragraphs, one string each.
    pub paragraphs: Vec<String>,
    /// Source, compiler and date.
    pub attribution: RawAttribution,
}

/// An article's `attribution = { … }` table.
#[derive(Debug, Clone)]
pub struct RawAttribution {
    /// The original publication, if reprinted; written only when given.
    pub source: Option<String>,
    /// Who compiled the article.
    pub compiler: String,
    /// Date of the source or of compilation.
    pub date: toml::value::Datetime,
}
