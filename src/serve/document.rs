//! The issue document the desk edits (docs/desk-api.md §5): a draft as JSON, every
//! section and article with a key, and back, the keys telling the writer which table
//! each section and article came from.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::Value as Json;
use toml_edit::{Array, InlineTable, Value as Toml};

use crate::issue::history::changes;
use crate::issue::merge::Ids;
use crate::issue::save::{Draft, DraftArticle, DraftAttribution, DraftSection, Origin, Paragraph};
use crate::serve::error::ApiError;

/// The keys of a draft's sections and of each section's articles, in the draft's order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Keys {
    sections: Vec<String>,
    articles: Vec<Vec<String>>,
}

impl Keys {
    /// New keys for every section (`s7`) and article (`a42`) of `draft`, numbered on from
    /// `counter`, so that keys never repeat within a server's life.
    pub(crate) fn fresh(draft: &Draft, counter: &mut u64) -> Self {
        let mut next = |prefix: &str| {
            *counter += 1;
            format!("{prefix}{counter}")
        };
        let sections = draft.sections.iter().map(|_| next("s")).collect();
        let articles =
            draft.sections.iter().map(|s| s.articles.iter().map(|_| next("a")).collect()).collect();
        Self { sections, articles }
    }

    /// Whether these keys have one entry per section and article of `draft`.
    pub(crate) fn fit(&self, draft: &Draft) -> bool {
        self.sections.len() == draft.sections.len()
            && self.articles.iter().zip(&draft.sections).all(|(k, s)| k.len() == s.articles.len())
    }

    /// The key of section `s`.
    pub(crate) fn section(&self, s: usize) -> Option<&str> {
        self.sections.get(s).map(String::as_str)
    }

    /// The key of article `a` of section `s`.
    pub(crate) fn article(&self, s: usize, a: usize) -> Option<&str> {
        self.articles.get(s).and_then(|list| list.get(a)).map(String::as_str)
    }

    /// Adds `key` for an article appended to section `s`.
    pub(crate) fn push_article(&mut self, s: usize, key: String) {
        if let Some(list) = self.articles.get_mut(s) {
            list.push(key);
        }
    }

    /// The position of the section keyed `key`.
    pub(crate) fn find_section(&self, key: &str) -> Option<usize> {
        self.sections.iter().position(|k| k == key)
    }

    /// The section and place of the article keyed `key`.
    pub(crate) fn find_article(&self, key: &str) -> Option<(usize, usize)> {
        self.articles
            .iter()
            .enumerate()
            .find_map(|(s, list)| list.iter().position(|k| k == key).map(|a| (s, a)))
    }
}

impl Keys {
    /// The keys as the merge knows them.
    pub(crate) fn ids(&self) -> Ids {
        Ids { sections: self.sections.clone(), articles: self.articles.clone() }
    }

    /// Keys from a merge's ids; any id not made by the desk (`s…`, `a…` and clients'
    /// own) is kept, since it is unique within the document.
    pub(crate) fn from_ids(ids: Ids) -> Self {
        Self { sections: ids.sections, articles: ids.articles }
    }

    /// Keys for `new`, a later version of `old` (keyed `self`): a section or article
    /// that matches one of `old` keeps its key, any other gets a fresh one, so that
    /// tabs still holding `old` can be merged with `new`.
    pub(crate) fn carried(&self, old: &Draft, new: &Draft, counter: &mut u64) -> Self {
        let matching = changes::matching(old, new);
        let mut next = |prefix: &str| {
            *counter += 1;
            format!("{prefix}{counter}")
        };
        let mut used = std::collections::HashSet::new();
        let mut keep = |key: Option<&str>, prefix: &str| match key {
            Some(key) if used.insert(key.to_owned()) => key.to_owned(),
            _ => next(prefix),
        };
        let sections =
            matching.sections.iter().map(|o| keep(o.and_then(|o| self.section(o)), "s")).collect();
        let articles = matching
            .articles
            .iter()
            .map(|list| {
                list.iter().map(|o| keep(o.and_then(|(s, a)| self.article(s, a)), "a")).collect()
            })
            .collect();
        Self { sections, articles }
    }
}

/// The read-only publication context a document carries.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub(crate) struct PublicationInfo {
    /// The bulletin's name.
    pub(crate) title: String,
    /// Who publishes it.
    pub(crate) publisher: String,
    /// The office named when an attribution names no compiler.
    pub(crate) compiler: String,
}

#[derive(Serialize)]
struct OutDocument<'a> {
    id: &'a str,
    publication: Option<&'a PublicationInfo>,
    year: Option<i64>,
    number: Option<i64>,
    running_number: Option<i64>,
    date: &'a str,
    sections: Vec<OutSection<'a>>,
}

#[derive(Serialize)]
struct OutSection<'a> {
    key: &'a str,
    name: &'a str,
    articles: Vec<OutArticle<'a>>,
}

#[derive(Serialize)]
struct OutArticle<'a> {
    key: &'a str,
    title: &'a str,
    listed: bool,
    paragraphs: Vec<Json>,
    attribution: OutAttribution<'a>,
}

#[derive(Serialize)]
struct OutAttribution<'a> {
    source: Option<&'a str>,
    compiler: &'a str,
    date: &'a str,
}

/// The document of issue `id`: `draft` with `keys`.
pub(crate) fn to_json(
    id: &str,
    publication: Option<&PublicationInfo>,
    draft: &Draft,
    keys: &Keys,
) -> Json {
    let sections = draft
        .sections
        .iter()
        .enumerate()
        .map(|(s, section)| OutSection {
            key: keys.section(s).unwrap_or_default(),
            name: &section.name,
            articles: section
                .articles
                .iter()
                .enumerate()
                .map(|(a, article)| OutArticle {
                    key: keys.article(s, a).unwrap_or_default(),
                    title: &article.title,
                    listed: article.listed,
                    paragraphs: article.paragraphs.iter().map(paragraph_json).collect(),
                    attribution: OutAttribution {
                        source: article.attribution.source.as_deref(),
                        compiler: &article.attribution.compiler,
                        date: &article.attribution.date,
                    },
                })
                .collect(),
        })
        .collect();
    let document = OutDocument {
        id,
        publication,
        year: draft.year,
        number: draft.number,
        running_number: draft.running_number,
        date: &draft.date,
        sections,
    };
    serde_json::to_value(document).unwrap_or(Json::Null)
}

#[derive(Deserialize)]
struct InDocument {
    year: Option<i64>,
    number: Option<i64>,
    running_number: Option<i64>,
    date: Option<String>,
    sections: Vec<InSection>,
}

#[derive(Deserialize)]
struct InSection {
    key: String,
    name: String,
    articles: Vec<InArticle>,
}

#[derive(Deserialize)]
struct InArticle {
    key: String,
    title: String,
    #[serde(default)]
    listed: bool,
    paragraphs: Vec<Json>,
    attribution: InAttribution,
}

#[derive(Deserialize)]
struct InAttribution {
    source: Option<String>,
    #[serde(default)]
    compiler: String,
    date: Option<String>,
}

/// The draft a client's document stands for, and its keys. `current` is the draft the
/// server holds with `keys`: a key found there names its table; any other key is a new
/// section or article. The publication file is `current`'s: the desk does not change it.
pub(crate) fn from_json(
    document: Json,
    current: &Draft,
    keys: &Keys,
) -> Result<(Draft, Keys), ApiError> {
    let document: InDocument = serde_json::from_value(document)
        .map_err(|err| ApiError::invalid_document(err.to_string()))?;
    let section_origin: HashMap<&str, Origin> = keys
        .sections
        .iter()
        .zip(&current.sections)
        .map(|(key, section)| (key.as_str(), section.origin))
        .collect();
    let article_origin: HashMap<&str, Origin> = keys
        .articles
        .iter()
        .flatten()
        .zip(current.sections.iter().flat_map(|s| &s.articles))
        .map(|(key, article)| (key.as_str(), article.origin))
        .collect();
    let mut seen = std::collections::HashSet::new();
    let mut unique = |key: &str| {
        if key.is_empty() || !seen.insert(key.to_owned()) {
            Err(ApiError::invalid_document(format!("the key `{key}` is empty or not unique")))
        } else {
            Ok(())
        }
    };
    let mut new_keys = Keys::default();
    let mut sections = Vec::with_capacity(document.sections.len());
    for section in document.sections {
        unique(&section.key)?;
        let mut articles = Vec::with_capacity(section.articles.len());
        let mut article_keys = Vec::with_capacity(section.articles.len());
        for article in section.articles {
            unique(&article.key)?;
            let paragraphs =
                article.paragraphs.iter().map(paragraph_from_json).collect::<Result<_, _>>()?;
            articles.push(DraftArticle {
                title: article.title,
                listed: article.listed,
                paragraphs,
                attribution: DraftAttribution {
                    source: article.attribution.source.filter(|s| !s.is_empty()),
                    compiler: article.attribution.compiler,
                    date: article.attribution.date.unwrap_or_default(),
                },
                origin: article_origin.get(article.key.as_str()).copied().unwrap_or(Origin::New),
            });
            article_keys.push(article.key);
        }
        sections.push(DraftSection {
            name: section.name,
            articles,
            origin: section_origin.get(section.key.as_str()).copied().unwrap_or(Origin::New),
        });
        new_keys.sections.push(section.key);
        new_keys.articles.push(article_keys);
    }
    let draft = Draft {
        publication: current.publication.clone(),
        year: document.year,
        number: document.number,
        running_number: document.running_number,
        date: document.date.unwrap_or_default(),
        sections,
    };
    Ok((draft, new_keys))
}

/// A paragraph as JSON: text as a string, any other entry as an object.
fn paragraph_json(paragraph: &Paragraph) -> Json {
    match paragraph {
        Paragraph::Text(text) => Json::String(text.clone()),
        Paragraph::Other(toml) => {
            toml.parse::<Toml>().map(|value| toml_to_json(&value)).unwrap_or(Json::Null)
        }
    }
}

fn paragraph_from_json(value: &Json) -> Result<Paragraph, ApiError> {
    match value {
        Json::String(text) => Ok(Paragraph::Text(text.clone())),
        Json::Object(_) => {
            let toml = json_to_toml(value).ok_or_else(|| {
                ApiError::invalid_document("a block holds a value TOML cannot write")
            })?;
            let mut toml = toml;
            toml.decor_mut().clear();
            Ok(Paragraph::Other(toml.to_string().trim().to_owned()))
        }
        _ => Err(ApiError::invalid_document("a paragraph is neither text nor a block")),
    }
}

fn toml_to_json(value: &Toml) -> Json {
    match value {
        Toml::String(text) => Json::String(text.value().clone()),
        Toml::Integer(n) => Json::from(*n.value()),
        Toml::Float(f) => serde_json::Number::from_f64(*f.value()).map_or(Json::Null, Json::Number),
        Toml::Boolean(b) => Json::Bool(*b.value()),
        Toml::Datetime(d) => Json::String(d.value().to_string()),
        Toml::Array(array) => Json::Array(array.iter().map(toml_to_json).collect()),
        Toml::InlineTable(table) => Json::Object(
            table.iter().map(|(key, value)| (key.to_owned(), toml_to_json(value))).collect(),
        ),
    }
}

fn json_to_toml(value: &Json) -> Option<Toml> {
    Some(match value {
        Json::Null => return None,
        Json::Bool(b) => Toml::from(*b),
        Json::Number(n) => match n.as_i64() {
            Some(i) => Toml::from(i),
            None => Toml::from(n.as_f64()?),
        },
        Json::String(text) => Toml::from(text.as_str()),
        Json::Array(items) => {
            let mut array = Array::new();
            for item in items {
                array.push(json_to_toml(item)?);
            }
            Toml::Array(array)
        }
        Json::Object(map) => {
            let mut table = InlineTable::new();
            for (key, item) in map {
                table.insert(key, json_to_toml(item)?);
            }
            Toml::InlineTable(table)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::issue::save::read_draft;
    use serde_json::json;

    const FILE: &str = "year = 2023\nnumber = 8\ndate = 2023-08-10\n\n[[section]]\nname = \"甲\"\n\n\
        [[section.article]]\ntitle = \"一\"\nparagraphs = [\"p\", { subheading = \"小\" }]\n\
        attribution = { compiler = \"编辑部\", date = 2023-08-01 }\n\n[[section]]\nname = \"乙\"\n";

    #[test]
    fn a_document_goes_out_and_comes_back_with_its_keys() {
        let draft = read_draft(FILE).unwrap();
        let mut counter = 0;
        let keys = Keys::fresh(&draft, &mut counter);
        let json = to_json("2023-08", None, &draft, &keys);
        assert_eq!(json["sections"][0]["key"], "s1");
        assert_eq!(json["sections"][0]["articles"][0]["key"], "a3");
        assert_eq!(
            json["sections"][0]["articles"][0]["paragraphs"][1],
            json!({"subheading": "小"})
        );
        let (back, back_keys) = from_json(json, &draft, &keys).unwrap();
        assert_eq!(back, draft);
        assert_eq!(back_keys, keys);
    }

    #[test]
    fn moved_articles_keep_their_origin_and_new_ones_are_new() {
        let draft = read_draft(FILE).unwrap();
        let keys = Keys::fresh(&draft, &mut 0);
        let mut json = to_json("2023-08", None, &draft, &keys);
        let article = json["sections"][0]["articles"][0].clone();
        json["sections"][0]["articles"] = json!([{ "key": "c-1", "title": "新", "listed": false,
            "paragraphs": [""], "attribution": { "source": "", "compiler": "", "date": "" } }]);
        json["sections"][1]["articles"] = json!([article]);
        let (moved, _) = from_json(json, &draft, &keys).unwrap();
        assert_eq!(moved.sections[0].articles[0].origin, Origin::New);
        assert_eq!(moved.sections[0].articles[0].attribution.source, None);
        assert_eq!(moved.sections[1].articles[0].origin, Origin::Existing(0));
        assert_eq!(moved.sections[1].origin, Origin::Existing(1));
    }

    #[test]
    fn documents_of_the_wrong_shape_are_refused() {
        let draft = read_draft(FILE).unwrap();
        let keys = Keys::fresh(&draft, &mut 0);
        let good = to_json("2023-08", None, &draft, &keys);
        let mut twice = good.clone();
        twice["sections"][1]["key"] = json!("s1");
        let mut fraction = good.clone();
        fraction["year"] = json!(2023.5);
        let mut number_paragraph = good.clone();
        number_paragraph["sections"][0]["articles"][0]["paragraphs"][0] = json!(3);
        for bad in
            [json!(null), json!({}), json!({"sections": "x"}), twice, fraction, number_paragraph]
        {
            let err = from_json(bad.clone(), &draft, &keys).unwrap_err();
            assert_eq!(err.code(), "invalid_document", "{bad}");
        }
    }
}
