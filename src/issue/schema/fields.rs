//! Reading typed fields out of a parsed TOML table, recording every problem on the way.

use std::ops::Range;
use std::path::Path;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diag::{Diagnostic, Kind, Report, Subject, Text};
use crate::issue::model::Date;

/// A TOML table being read, with what it is called in messages.
pub(crate) struct Fields<'a, 'i> {
    /// The file the table is in.
    pub file: &'a Path,
    /// The folder files named in the table are read from: the issue's folder.
    pub folder: &'a Path,
    /// The file's text, to point at lines.
    pub text: &'a str,
    /// The table.
    pub table: &'a DeTable<'i>,
    /// Where the table starts, for problems about missing keys.
    pub span: Range<usize>,
    /// How messages name the table: "the issue", "article 3 “…” of section “行业资讯”".
    pub name: Text,
    /// The part of the issue the table is.
    pub subject: Subject,
}

impl<'a, 'i> Fields<'a, 'i> {
    /// A table inside this one (a section, an article, an attribution), in the same file.
    pub(crate) fn child<'b>(
        &self,
        table: &'b DeTable<'i>,
        span: Range<usize>,
        name: Text,
        subject: Subject,
    ) -> Fields<'b, 'i>
    where
        'a: 'b,
    {
        Fields { file: self.file, folder: self.folder, text: self.text, table, span, name, subject }
    }

    /// An error of `kind` at `span` of this table's file, about `field` of it.
    pub(crate) fn error(
        &self,
        kind: Kind,
        span: Range<usize>,
        field: Option<&'static str>,
        message: Text,
    ) -> Diagnostic {
        let subject = match field {
            Some(field) => self.subject.field(nested(self.subject.field, field)),
            None => self.subject,
        };
        Diagnostic::error(kind, message).at(self.file, span).about(subject)
    }

    /// Reports every key not in `allowed`, suggesting the closest allowed one.
    pub(crate) fn refuse_unknown_keys(&self, allowed: &[&str], report: &mut Report) {
        for key in self.table.keys() {
            if allowed.contains(&key.get_ref().as_ref()) {
                continue;
            }
            let problem = self.error(
                Kind::UnknownKey,
                key.span(),
                None,
                Text::new("unknown-key")
                    .arg("key", key.get_ref().as_ref())
                    .arg("table", &self.name),
            );
            let problem = match closest(key.get_ref(), allowed) {
                Some(best) => problem.hint(Text::new("hint-did-you-mean").arg("key", best)),
                None => problem.hint(Text::new("hint-allowed-keys").arg("keys", list(allowed))),
            };
            report.push(problem);
        }
    }

    /// The value of `key`, if present.
    pub(crate) fn get(&self, key: &str) -> Option<&'a Spanned<DeValue<'i>>> {
        self.table.get(key)
    }

    /// The span of `key`'s value, or of the table's first line when it is missing.
    pub(crate) fn span_of(&self, key: &str) -> Range<usize> {
        self.get(key).map(Spanned::span).unwrap_or_else(|| self.first_line())
    }

    /// The first line of the table, where a missing key is reported.
    pub(crate) fn first_line(&self) -> Range<usize> {
        let start = self.span.start.min(self.text.len());
        let end = self.text[start..].find('\n').map_or(self.text.len(), |n| start + n);
        start..end
    }

    /// Reports that `key` is required and missing, unless a misspelt key already stands for it.
    pub(crate) fn missing(&self, key: &'static str, example: &str, report: &mut Report) {
        let misspelt = self.table.keys().any(|k| closest(k.get_ref(), &[key]).is_some());
        if misspelt {
            return;
        }
        report.push(
            self.error(
                Kind::MissingKey,
                self.first_line(),
                Some(key),
                Text::new("missing-key").arg("table", &self.name).arg("key", key),
            )
            .hint(Text::new("hint-add-line").arg("key", key).arg("example", example)),
        );
    }

    /// Reports that `key` holds the wrong type of value.
    pub(crate) fn wrong_type(
        &self,
        key: &'static str,
        expected: Text,
        found: &DeValue<'_>,
        report: &mut Report,
    ) {
        report.push(
            self.error(
                Kind::WrongType,
                self.span_of(key),
                Some(key),
                Text::new("wrong-type")
                    .arg("key", key)
                    .arg("table", &self.name)
                    .arg("expected", &expected)
                    .arg("found", describe(found)),
            )
            .hint(type_hint(&expected, found)),
        );
    }

    /// A required or optional string.
    pub(crate) fn string(
        &self,
        key: &'static str,
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
                    self.wrong_type(key, Text::new("expected-text"), other, report);
                    None
                }
            },
        }
    }

    /// A required whole number within `range`.
    pub(crate) fn integer(
        &self,
        key: &'static str,
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
            self.wrong_type(key, Text::new("expected-integer"), value.get_ref(), report);
            return None;
        };
        match i64::from_str_radix(number.as_str(), number.radix())
            .ok()
            .filter(|n| range.contains(n))
        {
            Some(n) => Some(n),
            None => {
                report.push(
                    self.error(
                        Kind::OutOfRange,
                        value.span(),
                        Some(key),
                        Text::new("out-of-range")
                            .arg("key", key)
                            .arg("table", &self.name)
                            .arg("value", number.as_str())
                            .arg("min", *range.start())
                            .arg("max", *range.end()),
                    )
                    .hint(
                        Text::new("hint-number-between")
                            .arg("min", *range.start())
                            .arg("max", *range.end()),
                    ),
                );
                None
            }
        }
    }

    /// An optional `true` / `false`.
    pub(crate) fn boolean(&self, key: &'static str, report: &mut Report) -> Option<bool> {
        let value = self.get(key)?;
        match value.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            other => {
                self.wrong_type(key, Text::new("expected-boolean"), other, report);
                None
            }
        }
    }

    /// A required calendar date written as a TOML date (`2023-08-04`).
    pub(crate) fn date(&self, key: &'static str, report: &mut Report) -> Option<Spanned<Date>> {
        let Some(value) = self.get(key) else {
            self.missing(key, "2023-08-04", report);
            return None;
        };
        let DeValue::Datetime(datetime) = value.get_ref() else {
            self.wrong_type(key, Text::new("expected-date"), value.get_ref(), report);
            return None;
        };
        let date = match (datetime.date, datetime.time, datetime.offset) {
            (Some(d), None, None) => Date { year: i32::from(d.year), month: d.month, day: d.day },
            _ => {
                report.push(
                    self.error(
                        Kind::DateWithTime,
                        value.span(),
                        Some(key),
                        Text::new("date-with-time").arg("key", key).arg("table", &self.name),
                    )
                    .hint(Text::new("hint-date-only")),
                );
                return None;
            }
        };
        if !date.is_valid() {
            report.push(
                self.error(
                    Kind::NotACalendarDay,
                    value.span(),
                    Some(key),
                    Text::new("not-a-calendar-day")
                        .arg("key", key)
                        .arg("table", &self.name)
                        .arg("date", datetime.to_string()),
                )
                .hint(Text::new("hint-check-month-day")),
            );
            return None;
        }
        Some(Spanned::new(value.span(), date))
    }
}

/// The name of field `key` of a table that is itself the field `parent`: `date` of the
/// attribution is `attribution.date`.
fn nested(parent: Option<&'static str>, key: &'static str) -> &'static str {
    match (parent, key) {
        (Some("attribution"), "source") => "attribution.source",
        (Some("attribution"), "compiler") => "attribution.compiler",
        (Some("attribution"), "date") => "attribution.date",
        (Some("colophon"), "address") => "colophon.address",
        (Some("colophon"), "postcode") => "colophon.postcode",
        (Some("colophon"), "phone") => "colophon.phone",
        _ => key,
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
pub(crate) fn list(items: &[&str]) -> Text {
    let quoted: Vec<String> = items.iter().map(|i| format!("`{i}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => {
            Text::new("list-and").arg("init", rest.join(", ")).arg("last", last.as_str())
        }
        _ => Text::plain(quoted.join("")),
    }
}

/// What a value is, for messages: "text", "a number", "a list", …
pub(crate) fn describe(value: &DeValue<'_>) -> Text {
    Text::new(match value {
        DeValue::String(_) => "found-text",
        DeValue::Integer(_) => "found-integer",
        DeValue::Float(_) => "found-float",
        DeValue::Boolean(_) => "found-boolean",
        DeValue::Datetime(_) => "found-date",
        DeValue::Array(_) => "found-list",
        DeValue::Table(_) => "found-table",
    })
}

fn type_hint(expected: &Text, found: &DeValue<'_>) -> Text {
    match (expected.id(), found) {
        ("expected-date", DeValue::String(_)) => Text::new("hint-date-unquoted"),
        ("expected-text", _) => Text::new("hint-quote-text"),
        ("expected-integer", DeValue::String(_)) => Text::new("hint-number-unquoted"),
        _ => Text::new("hint-write-expected").arg("expected", expected),
    }
}
