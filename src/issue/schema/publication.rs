//! Reading the publication file shared by every issue.

use std::path::Path;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::fields::Fields;
use super::text::check_text;
use crate::diag::{Diagnostic, Kind, Report, Subject, Text};
use crate::issue::model::{Colophon, PdfxLevel, Profile, Publication};

const PUBLICATION_KEYS: &[&str] =
    &["title", "publisher", "language", "region", "colophon", "profile", "pdfx"];
const COLOPHON_KEYS: &[&str] = &["address", "postcode", "phone"];

/// Reads the publication settings; problems go to `report`.
pub(crate) fn read_publication(
    file: &Path,
    text: &str,
    table: &Spanned<DeTable<'_>>,
    report: &mut Report,
) -> Option<Publication> {
    let fields = Fields {
        file,
        folder: file.parent().unwrap_or(Path::new(".")),
        text,
        table: table.get_ref(),
        span: 0..0,
        name: Text::new("subject-publication"),
        subject: Subject::default(),
    };
    fields.refuse_unknown_keys(PUBLICATION_KEYS, report);
    let text_field = |key: &'static str, example: &str, required: bool, report: &mut Report| {
        let value = fields.string(key, required.then_some(example), report)?;
        check_text(
            file,
            value.span(),
            value.get_ref(),
            &Text::new("subject-publication-key").arg("key", key),
            Subject::issue_field(key),
            100,
            report,
        );
        Some(value.into_inner())
    };
    let title = text_field("title", "\"电子商务动态\"", true, report);
    let publisher = text_field("publisher", "\"上海市电子商务和消费促进中心\"", true, report);
    let language = text_field("language", "\"zh\"", false, report).unwrap_or_else(|| "zh".into());
    let region = text_field("region", "\"CN\"", false, report).unwrap_or_else(|| "CN".into());
    let colophon = read_colophon(&fields, report);
    let profile = read_profile(&fields, report);
    let pdfx = read_pdfx(&fields, report);
    Some(Publication {
        title: title?,
        publisher: publisher?,
        language,
        region,
        colophon: colophon?,
        profile,
        pdfx,
    })
}

/// The optional default output profile; problems are reported and print is assumed.
fn read_profile(publication: &Fields<'_, '_>, report: &mut Report) -> Profile {
    let Some(value) = publication.string("profile", None, report) else {
        return Profile::default();
    };
    value.get_ref().parse().unwrap_or_else(|_| {
        report.push(
            publication
                .error(
                    Kind::UnknownProfile,
                    value.span(),
                    Some("profile"),
                    Text::new("unknown-profile").arg("profile", value.get_ref().as_str()),
                )
                .hint(Text::new("hint-profiles")),
        );
        Profile::default()
    })
}

/// The optional PDF/X level of print PDFs (`pdfx = "4"` or `"1a"`).
fn read_pdfx(publication: &Fields<'_, '_>, report: &mut Report) -> Option<PdfxLevel> {
    let value = publication.string("pdfx", None, report)?;
    match value.get_ref().parse() {
        Ok(level) => Some(level),
        Err(_) => {
            report.push(
                publication
                    .error(
                        Kind::UnknownPdfxLevel,
                        value.span(),
                        Some("pdfx"),
                        Text::new("unknown-pdfx-level").arg("level", value.get_ref().as_str()),
                    )
                    .hint(Text::new("hint-pdfx-levels")),
            );
            None
        }
    }
}

fn read_colophon(publication: &Fields<'_, '_>, report: &mut Report) -> Option<Colophon> {
    let example = Text::new("expected-colophon");
    let Some(value) = publication.get("colophon") else {
        publication.missing(
            "colophon",
            "{ address = [\"…\"], postcode = \"…\", phone = \"…\" }",
            report,
        );
        return None;
    };
    let DeValue::Table(table) = value.get_ref() else {
        publication.wrong_type("colophon", example, value.get_ref(), report);
        return None;
    };
    let fields = publication.child(
        table,
        value.span(),
        Text::new("subject-colophon"),
        Subject::issue_field("colophon"),
    );
    fields.refuse_unknown_keys(COLOPHON_KEYS, report);
    let address = match fields.get("address") {
        None => {
            fields.missing("address", "[\"中山南路1088号南浦大厦四楼\"]", report);
            None
        }
        Some(value) => match value.get_ref() {
            DeValue::Array(lines) if !lines.is_empty() => lines
                .iter()
                .map(|line| match line.get_ref() {
                    DeValue::String(text) => {
                        check_text(
                            fields.file,
                            line.span(),
                            text,
                            &Text::new("subject-address-line"),
                            Subject::issue_field("colophon.address"),
                            100,
                            report,
                        );
                        Some(text.to_string())
                    }
                    _ => {
                        report.push(
                            Diagnostic::error(Kind::WrongType, Text::new("address-line-not-text"))
                                .at(fields.file, line.span())
                                .about(Subject::issue_field("colophon.address"))
                                .hint(Text::new("hint-quote-address")),
                        );
                        None
                    }
                })
                .collect::<Option<Vec<_>>>(),
            other => {
                fields.wrong_type("address", Text::new("expected-address-lines"), other, report);
                None
            }
        },
    };
    let postcode = fields.string("postcode", Some("\"200011\""), report);
    let phone = fields.string("phone", Some("\"021-63685517\""), report);
    Some(Colophon {
        address: address?,
        postcode: postcode?.into_inner(),
        phone: phone?.into_inner(),
    })
}
