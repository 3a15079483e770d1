//! Writing an issue back as `issue.toml`.

use anyhow::{Context, Result};

use crate::model::{Date, Issue};
use crate::raw::{RawArticle, RawAttribution, RawIssue, RawSection};

/// The issue as TOML text that `load_issue` reads back into the same issue.
pub fn to_toml(issue: &Issue) -> Result<String> {
    let raw = RawIssue {
        publication: issue.publication_file.clone(),
        year: issue.year,
        number: issue.number,
        running_number: issue.running_number,
        date: toml_date(issue.date),
        sections: issue
            .sections
            .iter()
            .map(|section| RawSection {
                name: section.name.clone(),
                articles: section
                    .articles
                    .iter()
                    .map(|article| RawArticle {
                        title: article.title.clone(),
                        listed: article.listed,
                        paragraphs: article.paragraphs.clone(),
                        attribution: RawAttribution {
                            source: article.attribution.source.clone(),
                            compiler: article.attribution.compiler.clone(),
                            date: toml_date(article.attribution.date),
                        },
                    })
                    .collect(),
            })
            .collect(),
    };
    toml::to_string_pretty(&raw).context("failed to write the issue as TOML")
}

fn toml_date(date: Date) -> toml::value::Datetime {
    toml::value::Datetime {
        date: Some(toml::value::Date {
            year: u16::try_from(date.year).unwrap_or_default(),
            month: date.month,
            day: date.day,
        }),
        time: None,
        offset: None,
    }
}
