//! Reading typed fields out of a parsed TOML table, recording every problem on the way.

use std::ops::Range;
use std::path::Path;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diag::{Problem, Report};
use crate::issue::model::Date;

/// A TOML table being read, with what it is called in messages.
pub struct Fields<'a, 'i> {
    /// The file the table is in.
    pub file: &'a Path,
    /// The file's text, to point at lines.
    pub text: &'a str,
    /// The table.
    pub table: &'a DeTable<'i>,
    /// Where the table starts, for problems about missing keys.
    pub span: Range<usize>,
    /// How messages name the table: "the issue", "article 3 “…” of section “行业资讯”".
    pub name: String,
}

impl<'a, 'i> Fields<'a, 'i> {
    /// A table inside this one (a section, an article, an attribution), in the same file.
    pub fn child<'b>(
        &self,
        table: &'b DeTable<'i>,
        span: Range<usize>,
        name: String,
    ) -> Fields<'b, 'i>
    where
        'a: 'b,
    {
        Fields { file: self.file, text: self.text, table, span, name }
    }

    /// Reports every key not in `allowed`, suggesting the closest allowed one.
    pub fn refuse_unknown_keys(&self, allowed: &[&str], report: &mut Report) {
        for key in self.table.keys() {
            if allowed.contains(&key.get_ref().as_ref()) {
                continue;
            }
            let mut problem = Problem::error(
                self.file,
                key.span(),
                format!("unknown key `{}` in {}", key.get_ref(), self.name),
            );
            problem = match closest(key.get_ref(), allowed) {
                Some(best) => problem.hint(format!("did you mean `{best}`?")),
                None => problem.hint(format!("the keys allowed here are {}", list(allowed))),
            };
            report.push(problem);
        }
    }

    /// The value of `key`, if present.
    pub fn get(&self, key: &str) -> Option<&'a Spanned<DeValue<'i>>> {
        self.table.get(key)
    }

    /// The span of `key`'s value, or of the table's first line when it is missing.
    pub fn span_of(&self, key: &str) -> Range<usize> {
        self.get(key).map(Spanned::span).unwrap_or_else(|| self.first_line())
    }

    /// The first line of the table, where a missing key is reported.
    pub fn first_line(&self) -> Range<usize> {
        let start = self.span.start.min(self.text.len());
        let end = self.text[start..].find('\n').map_or(self.text.len(), |n| start + n);
        start..end
    }

    /// Reports that `key` is required and missing, unless a misspelt key already stands for it.
    pub fn missing(&self, key: &str, example: &str, report: &mut Report) {
        let misspelt = self.table.keys().any(|k| closest(k.get_ref(), &[key]).is_some());
        if misspelt {
            return;
        }
        report.push(
            Problem::error(self.file, self.first_line(), format!("{} has no `{key}`", self.name))
                .hint(format!("add a line such as `{key} = {example}`")),
        );
    }

    /// Reports that `key` holds the wrong type of value.
    pub fn wrong_type(&self, key: &str, expected: &str, found: &DeValue<'_>, report: &mut Report) {
        report.push(
            Problem::error(
                self.file,
                self.span_of(key),
                format!("`{key}` of {} must be {expected}, not {}", self.name, describe(found)),
            )
            .hint(type_hint(expected, found)),
        );
    }

    /// A required or optional string.
    pub fn string(
        &self,
        key: &str,
        required: Option<&str>,
        report: &mut Report,
    ) -> Option<Spanned<String>> {
        match self.get(key) {
            None => {
                if let Some(example) = required {
                    self.missing(key, example, report);
                }
                None
            }
            Some(value) => match value.get_ref() {
                DeValue::String(text) => Some(Spanned::new(value.span(), text.to_string())),
                other => {
                    self.wrong_type(key, "text in quotes", other, report);
                    None
                }
            },
        }
    }

    /// A required whole number within `range`.
    pub fn integer(
        &self,
        key: &str,
        range: std::ops::RangeInclusive<i64>,
        required: Option<&str>,
        report: &mut Report,
    ) -> Option<i64> {
        let value = match self.get(key) {
            None => {
                if let Some(example) = required {
                    self.missing(key, example, report);
                }
                return None;
            }
            Some(value) => value,
        };
        let DeValue::Integer(number) = value.get_ref() else {
            self.wrong_type(key, "a whole number", value.get_ref(), report);
            return None;
        };
        match i64::from_str_radix(number.as_str(), number.radix())
            .ok()
            .filter(|n| range.contains(n))
        {
            Some(n) => Some(n),
            None => {
                report.push(
                    Problem::error(
                        self.file,
                        value.span(),
                        format!(
                            "`{key}` of {} is {}, outside {}..={}",
                            self.name,
                            number.as_str(),
                            range.start(),
                            range.end()
                        ),
                    )
                    .hint(format!(
                        "write a number from {} to {}",
                        range.start(),
                        range.end()
                    )),
                );
                None
            }
        }
    }

    /// An optional `true` / `false`.
    pub fn boolean(&self, key: &str, report: &mut Report) -> Option<bool> {
        let value = self.get(key)?;
        match value.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            other => {
                self.wrong_type(key, "true or false", other, report);
                None
            }
        }
    }

    /// A required calendar date written as a TOML date (`2023-08-04`).
    pub fn date(&self, key: &str, report: &mut Report) -> Option<Spanned<Date>> {
        let Some(value) = self.get(key) else {
            self.missing(key, "2023-08-04", report);
            return None;
        };
        let DeValue::Datetime(datetime) = value.get_ref() else {
            self.wrong_type(key, "a date such as 2023-08-04", value.get_ref(), report);
            return None;
        };
        let date = match (datetime.date, datetime.time, datetime.offset) {
            (Some(d), None, None) => Date { year: i32::from(d.year), month: d.month, day: d.day },
            _ => {
                report.push(
                    Problem::error(
                        self.file,
                        value.span(),
                        format!("`{key}` of {} must be a date without a time", self.name),
                    )
                    .hint("write only the day, such as 2023-08-04"),
                );
                return None;
            }
        };
        if !date.is_valid() {
            report.push(
                Problem::error(
                    self.file,
                    value.span(),
                    format!("`{key}` of {} is not a day of the calendar: {datetime}", self.name),
                )
                .hint("check the month and the day"),
            );
            return None;
        }
        Some(Spanned::new(value.span(), date))
    }
}

/// The allowed key closest to `key`, if it is close enough to be a likely typo.
fn closest<'k>(key: &str, allowed: &[&'k str]) -> Option<&'k str> {
    allowed
        .iter()
        .map(|candidate| (strsim::damerau_levenshtein(key, candidate), *candidate))
        .filter(|(distance, candidate)| *distance <= 2.max(candidate.len() / 3))
        .min()
        .map(|(_, candidate)| candidate)
}

/// `a`, `b` and `c`.
pub fn list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("`{i}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => quoted.join(""),
    }
}

/// What a value is, for messages: "text", "a number", "a list", …
pub fn describe(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "text",
        DeValue::Integer(_) => "a whole number",
        DeValue::Float(_) => "a decimal number",
        DeValue::Boolean(_) => "true or false",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

fn type_hint(expected: &str, found: &DeValue<'_>) -> String {
    match (expected, found) {
        (e, DeValue::String(_)) if e.starts_with("a date") => {
            "write the date without quotes, such as 2023-08-04".into()
        }
        ("text in quotes", _) => "put the text in double quotes".into(),
        ("a whole number", DeValue::String(_)) => "write the number without quotes".into(),
        _ => format!("write {expected} here"),
    }
}
