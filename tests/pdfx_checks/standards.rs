//! The screen PDF's standards: can typst-pdf 0.15.1 write PDF/A-2b and PDF/UA-1 at once?
//! This records the answer on the sample issue, so that an upgrade that changes it is
//! noticed. Both work, so the screen profile claims both.

use bulletin::issue::model::Profile;
use bulletin::typeset::options::OutputOptions;
use typst::foundations::{Datetime, Smart};
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::support::{pdf_of, repo_root, typeset_for};

#[test]
fn pdfa_2b_and_pdfua_1_together_on_the_screen_pdf() {
    let standards = PdfStandards::new(&[PdfStandard::A_2b, PdfStandard::Ua_1])
        .expect("typst-pdf accepts PDF/A-2b with PDF/UA-1 (both allow PDF 1.7)");
    let output = OutputOptions { profile: Some(Profile::Screen), ..OutputOptions::default() };
    let typeset = typeset_for(&repo_root().join("issues/2023-08"), output);
    let options = PdfOptions {
        ident: Smart::Custom("电子商务动态/2023-08".into()),
        timestamp: Some(Timestamp::new_utc(Datetime::from_ymd(2023, 8, 10).unwrap())),
        standards,
        ..PdfOptions::default()
    };
    let result = typst_pdf::pdf(&typeset.document, &options);
    match &result {
        Ok(bytes) => {
            eprintln!("PDF/A-2b + PDF/UA-1: written, {} bytes", bytes.len());
            let sandbox = crate::support::Sandbox::new("pdfa-pdfua");
            std::fs::write(sandbox.path("screen-a2b-ua1.pdf"), bytes).unwrap();
        }
        Err(errors) => {
            for error in errors.iter() {
                eprintln!("PDF/A-2b + PDF/UA-1: {}", error.message);
            }
        }
    }
    assert!(result.is_ok(), "typst-pdf 0.15.1 wrote both on the sample when this was written");
    // So the screen profile claims both.
    let screen = pdf_of(&typeset);
    let xmp = String::from_utf8_lossy(&screen);
    assert!(xmp.contains("<pdfaid:part>2</pdfaid:part>"), "PDF/A-2b claimed");
    assert!(xmp.contains("<pdfuaid:part>1</pdfuaid:part>"), "PDF/UA-1 claimed");
}

/// The catalog's mark information of `pdf`, if it has any.
fn mark_info(pdf: &[u8]) -> Option<lopdf::Dictionary> {
    let doc = lopdf::Document::load_mem(pdf).expect("the PDF parses");
    let catalog = doc.catalog().expect("a catalog");
    let info = catalog.get(b"MarkInfo").ok()?;
    Some(doc.dereference(info).unwrap().1.as_dict().expect("a dictionary").clone())
}

#[test]
fn no_pdf_we_write_says_suspects_false_which_poppler_calls_a_syntax_error() {
    let output = OutputOptions { profile: Some(Profile::Screen), ..OutputOptions::default() };
    let screen = pdf_of(&typeset_for(&repo_root().join("issues/2023-08"), output));
    let x4 = super::good(bulletin::export::pdfx::PdfxLevel::X4);
    let x1a = super::good(bulletin::export::pdfx::PdfxLevel::X1a);
    // The screen PDF is tagged, and says so without `Suspects`.
    let info = mark_info(&screen).expect("the screen PDF is tagged");
    assert!(info.get(b"Marked").and_then(lopdf::Object::as_bool).unwrap(), "screen: Marked");
    assert!(!info.has(b"Suspects"), "screen: {info:?}");
    // The print PDFs are not tagged, so they carry no mark information at all.
    for (name, pdf) in [("PDF/X-4", x4), ("PDF/X-1a", x1a)] {
        assert!(mark_info(pdf).is_none(), "{name}: {:?}", mark_info(pdf));
    }
}
