//! The issue file's shape as an editor writes it, for writing issues with serde.
//!
//! Reading goes through `schema`, which reports every problem with its place.

use std::path::PathBuf;

use serde::Serialize;

/// The issue file as an editor writes it.
#[derive(Debug, Serialize)]
pub struct RawIssue {
    /// Path of the publication settings, relative to the issue folder.
    pub publication: PathBuf,
    /// Year of publication.
    pub year: i32,
    /// Number of the issue within its year.
    pub number: u32,
    /// Running number over all issues, if printed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub running_number: Option<u32>,
    /// Date of publication.
    pub date: toml::value::Datetime,
    /// Sections in print order, each written `[[section]]`.
    #[serde(rename = "section")]
    pub sections: Vec<RawSection>,
}

/// A `[[section]]` table.
#[derive(Debug, Serialize)]
pub struct RawSection {
    /// Section name without brackets.
    pub name: String,
    /// Articles in print order, each written `[[section.article]]`.
    #[serde(rename = "article")]
    pub articles: Vec<RawArticle>,
}

/// A `[[section.article]]` table.
#[derive(Debug, Serialize)]
pub struct RawArticle {
    /// The title as printed.
    pub title: String,
    /// Whether the contents lists the article; absent means no.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub listed: bool,
    /// Body paragraphs, one string each.
    pub paragraphs: Vec<String>,
    /// Source, compiler and date.
    pub attribution: RawAttribution,
}

/// An article's `attribution = { … }` table.
#[derive(Debug, Serialize)]
pub struct RawAttribution {
    /// The original publication, if reprinted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Who compiled the article.
    pub compiler: String,
    /// Date of the source or of compilation.
    pub date: toml::value::Datetime,
}
