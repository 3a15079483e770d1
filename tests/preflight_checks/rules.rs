//! Each preflight rule, against a PDF that breaks it and the same PDF mended.

use bulletin::issue::model::Profile;
use bulletin::pdf::colour_space::ColourSpace;
use bulletin::preflight::colours::{Ink, TextInk};
use bulletin::preflight::{Rules, Severity};
use lopdf::{Dictionary, Object, Stream, dictionary};

use super::{TestPdf, font_resources, for_print, image, messages, numbers, simple_font};

/// A page showing one word in font `/F1`, painted with the colour operator `colour`.
fn text_page(colour: &str) -> String {
    format!("BT {colour} /F1 12 Tf 72 720 Td (Press) Tj ET")
}

#[test]
fn a_font_that_is_not_embedded_stops_the_press() {
    let build = |embedded: bool| {
        let mut pdf = TestPdf::new();
        let font = simple_font(&mut pdf, "Type1", "Helvetica", embedded);
        pdf.page(&text_page("0 g"), font_resources(font));
        pdf.preflight(Rules::default())
    };
    let broken = build(false);
    assert_eq!(broken.fonts.len(), 1);
    let font = &broken.fonts[0];
    assert_eq!((font.name.as_str(), font.kind.as_str()), ("Helvetica", "Type 1"));
    assert!(!font.embedded && !font.subset);
    let errors = messages(&broken, Severity::Error);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("Helvetica (Type 1) is not embedded"), "{errors:?}");
    assert_eq!(broken.findings[0].page, Some(1));

    let mended = build(true);
    assert!(mended.fonts[0].embedded);
    assert!(mended.findings.is_empty(), "{:?}", mended.findings);
}

#[test]
fn fonts_are_typed_and_subsets_recognized() {
    let mut pdf = TestPdf::new();
    let subset = simple_font(&mut pdf, "TrueType", "ABCDEF+Body", true);
    let whole = simple_font(&mut pdf, "TrueType", "Body", true);
    let resources = dictionary! { "Font" => dictionary! { "F1" => subset, "F2" => whole } };
    pdf.page(&text_page("0 g"), resources);
    let report = pdf.preflight(Rules::default());
    let fonts: Vec<(&str, &str, bool, bool)> = report
        .fonts
        .iter()
        .map(|f| (f.name.as_str(), f.kind.as_str(), f.embedded, f.subset))
        .collect();
    assert_eq!(fonts, [("ABCDEF+Body", "TrueType", true, true), ("Body", "TrueType", true, false)]);
    assert!(report.findings.is_empty(), "a whole embedded font is no error");
}

#[test]
fn fonts_inside_forms_are_found() {
    let mut pdf = TestPdf::new();
    let font = simple_font(&mut pdf, "Type1", "Times-Roman", false);
    let form = pdf.add(Stream::new(
        dictionary! {
            "Type" => "XObject",
            "Subtype" => "Form",
            "BBox" => numbers(&[0.0, 0.0, 100.0, 100.0]),
            "Resources" => font_resources(font),
        },
        text_page("0 g").into_bytes(),
    ));
    pdf.page("/Fm1 Do", dictionary! { "XObject" => dictionary! { "Fm1" => form } });
    let report = pdf.preflight(Rules::default());
    assert_eq!(report.fonts.len(), 1);
    assert_eq!(messages(&report, Severity::Error).len(), 1, "{:?}", report.findings);
    assert_eq!(report.pages[0].text, TextInk::BlackOnly, "the form's text was walked");
}

#[test]
fn a_page_count_the_binding_cannot_take_stops_the_press() {
    let build = |pages: usize, multiple: u32| {
        let mut pdf = TestPdf::new();
        pdf.blank_pages(pages);
        pdf.preflight(Rules { intent: None, multiple: Some(multiple) })
    };
    let broken = build(3, 4);
    let errors = messages(&broken, Severity::Error);
    assert_eq!(errors.len(), 1);
    assert!(errors[0].starts_with("3 pages is not a multiple of 4"), "{errors:?}");
    assert!(errors[0].contains("--pad 4"), "{errors:?}");
    assert!(build(4, 4).findings.is_empty());
    assert!(build(6, 2).findings.is_empty());
    assert_eq!(messages(&build(7, 2), Severity::Error).len(), 1);
}

#[test]
fn rgb_colour_in_a_file_for_print_is_an_error() {
    let build = |fill: &str| {
        let mut pdf = TestPdf::new();
        pdf.page(&format!("{fill} 72 72 100 100 re f"), Dictionary::new());
        pdf.preflight(for_print())
    };
    let broken = build("1 0 0 rg");
    assert_eq!(broken.pages[0].colour_spaces, [ColourSpace::DeviceRgb]);
    let errors = messages(&broken, Severity::Error);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].starts_with("RGB colour (DeviceRGB) on page 1"), "{errors:?}");

    let mended = build("0 1 1 0 k");
    assert_eq!(mended.pages[0].colour_spaces, [ColourSpace::DeviceCmyk]);
    assert_eq!(mended.pages[0].inks, [Ink::Magenta, Ink::Yellow]);
    assert!(mended.findings.is_empty(), "{:?}", mended.findings);

    // Without --for print the colour is reported, not judged.
    let mut pdf = TestPdf::new();
    pdf.page("1 0 0 rg 72 72 100 100 re f", Dictionary::new());
    let reported = pdf.preflight(Rules::default());
    assert_eq!(reported.pages[0].colour_spaces, [ColourSpace::DeviceRgb]);
    assert!(reported.findings.is_empty());
}

#[test]
fn icc_grey_text_is_an_error_for_print_and_not_black_ink() {
    // Typst's default black: a press separates ICC grey into four inks.
    let build = |colour: &str| {
        let mut pdf = TestPdf::new();
        let font = simple_font(&mut pdf, "TrueType", "ABCDEF+Body", true);
        let profile = pdf.add(Stream::new(dictionary! { "N" => 1 }, b"profile".to_vec()));
        let mut resources = font_resources(font);
        resources.set(
            "ColorSpace",
            dictionary! { "CS0" => vec![Object::from("ICCBased"), profile.into()] },
        );
        pdf.page(&text_page(colour), resources);
        pdf.preflight(for_print())
    };
    let broken = build("/CS0 cs 0 scn");
    assert_eq!(broken.pages[0].colour_spaces, [ColourSpace::IccBased { components: 1 }]);
    assert_eq!(broken.pages[0].text, TextInk::Mixed(vec![Ink::NotInk("ICC grey".into())]));
    let errors = messages(&broken, Severity::Error);
    assert!(
        errors.iter().any(|e| e.starts_with("ICC-based colour (ICC grey) on page 1")),
        "{errors:?}"
    );

    let mended = build("0 0 0 1 k");
    assert_eq!(mended.pages[0].text, TextInk::BlackOnly);
    assert!(mended.findings.is_empty(), "{:?}", mended.findings);
    // Rich black is four inks, not K only.
    let rich = build("0.6 0.4 0.4 1 k");
    assert_eq!(rich.pages[0].text.to_string(), "C + M + Y + K");
}

#[test]
fn spot_colours_are_named_inks() {
    let mut pdf = TestPdf::new();
    let tint = pdf.add(dictionary! {
        "FunctionType" => 2,
        "Domain" => numbers(&[0.0, 1.0]),
        "C0" => numbers(&[0.0, 0.0, 0.0, 0.0]),
        "C1" => numbers(&[0.0, 1.0, 0.93, 0.16]),
        "N" => 1,
    });
    let spot = vec![
        Object::from("Separation"),
        Object::from("PANTONE 485 C"),
        "DeviceCMYK".into(),
        tint.into(),
    ];
    pdf.page(
        "/Red cs 1 scn 72 72 100 10 re f",
        dictionary! { "ColorSpace" => dictionary! { "Red" => spot } },
    );
    let report = pdf.preflight(for_print());
    assert_eq!(report.pages[0].inks, [Ink::Spot("PANTONE 485 C".into())]);
    assert_eq!(
        report.pages[0].colour_spaces[0].to_string(),
        "spot “PANTONE 485 C” (fallback DeviceCMYK)"
    );
    assert!(report.findings.is_empty(), "{:?}", report.findings);
}

#[test]
fn image_resolution_under_300_ppi_warns_and_under_150_stops_the_press() {
    // Each image is drawn one inch square, so its pixel width is its resolution.
    let build = |pixels: i64| {
        let mut pdf = TestPdf::new();
        let im = image(&mut pdf, pixels, pixels, "DeviceGray");
        pdf.page(
            "q 72 0 0 72 100 100 cm /Im0 Do Q",
            dictionary! { "XObject" => dictionary! { "Im0" => im } },
        );
        pdf
    };
    let low = build(100).preflight(Rules::default());
    assert_eq!(low.images.len(), 1);
    let image = &low.images[0];
    assert_eq!((image.width_px, image.height_px, image.ppi.round()), (100, 100, 100.0));
    assert!((image.width_mm - 25.4).abs() < 0.01);
    let errors = messages(&low, Severity::Error);
    assert!(errors.len() == 1 && errors[0].contains("is 100 ppi, under 150 ppi"), "{errors:?}");

    let soft = build(200).preflight(Rules::default());
    assert!(messages(&soft, Severity::Error).is_empty());
    let warnings = messages(&soft, Severity::Warning);
    assert!(
        warnings.len() == 1 && warnings[0].contains("is 200 ppi, under 300 ppi"),
        "{warnings:?}"
    );

    assert!(build(300).preflight(Rules::default()).findings.is_empty());
    // The website does not need press resolution.
    let screen = Rules { intent: Some(Profile::Screen), multiple: None };
    assert!(messages(&build(100).preflight(screen), Severity::Error).is_empty());
}

#[test]
fn image_resolution_follows_forms_and_rotation() {
    // 300 px drawn by a form scaled to half size inside a page scaled 2×, rotated 90°:
    // one inch wide in the end, so 300 ppi; scaled once more by 2, 150 ppi.
    let build = |outer: f64| {
        let mut pdf = TestPdf::new();
        let im = image(&mut pdf, 300, 300, "DeviceCMYK");
        let form = pdf.add(Stream::new(
            dictionary! {
                "Type" => "XObject",
                "Subtype" => "Form",
                "BBox" => numbers(&[0.0, 0.0, 1.0, 1.0]),
                "Matrix" => numbers(&[0.5, 0.0, 0.0, 0.5, 0.0, 0.0]),
                "Resources" => dictionary! { "XObject" => dictionary! { "Im0" => im } },
            },
            b"q 72 0 0 72 0 0 cm /Im0 Do Q".to_vec(),
        ));
        pdf.page(
            &format!("q 0 {outer} -{outer} 0 300 300 cm /Fm0 Do Q"),
            dictionary! { "XObject" => dictionary! { "Fm0" => form } },
        );
        pdf.preflight(for_print())
    };
    let sharp = build(2.0);
    assert_eq!(sharp.images[0].ppi.round(), 300.0, "{:?}", sharp.images);
    assert_eq!(sharp.pages[0].colour_spaces, [ColourSpace::DeviceCmyk]);
    assert!(sharp.findings.is_empty(), "{:?}", sharp.findings);
    assert_eq!(build(4.0).images[0].ppi.round(), 150.0);
    assert_eq!(messages(&build(4.0), Severity::Warning).len(), 1);
}

#[test]
fn rgb_images_are_rgb_colour() {
    let mut pdf = TestPdf::new();
    let im = image(&mut pdf, 600, 600, "DeviceRGB");
    pdf.page(
        "q 144 0 0 144 0 0 cm /Im0 Do Q",
        dictionary! { "XObject" => dictionary! { "Im0" => im } },
    );
    let report = pdf.preflight(for_print());
    assert_eq!(report.images[0].colour_space.as_deref(), Some("DeviceRGB"));
    assert_eq!(messages(&report, Severity::Error).len(), 1, "{:?}", report.findings);
}

#[test]
fn trim_boxes_are_read_and_must_lie_on_the_sheet() {
    let build = |trim: [f64; 4]| {
        let mut pdf = TestPdf::new();
        let extra = dictionary! { "TrimBox" => numbers(&trim) };
        pdf.page_with("", Dictionary::new(), extra);
        pdf.preflight(Rules::default())
    };
    let bleed = 3.0 / 25.4 * 72.0;
    let good = build([bleed, bleed, 595.276 - bleed, 841.89 - bleed]);
    let page = &good.pages[0];
    assert!(page.trim_box.is_some());
    assert_eq!(page.size(), "204.0 × 291.0", "the size is the trimmed page's");
    assert!(good.findings.is_empty(), "{:?}", good.findings);

    let broken = build([-10.0, 0.0, 600.0, 841.89]);
    let errors = messages(&broken, Severity::Error);
    assert!(
        errors.len() == 1 && errors[0].contains("TrimBox reaches outside the MediaBox"),
        "{errors:?}"
    );
}

#[test]
fn pages_of_another_size_are_pointed_out() {
    let mut pdf = TestPdf::new();
    pdf.blank_pages(1);
    pdf.page_with(
        "",
        Dictionary::new(),
        dictionary! { "MediaBox" => numbers(&[0.0, 0.0, 612.0, 792.0]) },
    );
    let report = pdf.preflight(Rules::default());
    let warnings = messages(&report, Severity::Warning);
    assert!(
        warnings.len() == 1 && warnings[0].starts_with("page 2 differs in size"),
        "{warnings:?}"
    );
}

#[test]
fn pdf_version_and_pdfa_claims_are_read_from_the_file() {
    let build = |claim: bool| {
        let mut pdf = TestPdf::new();
        pdf.blank_pages(1);
        if claim {
            let xmp = r#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"><pdfaid:part>2</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance></rdf:Description></rdf:RDF></x:xmpmeta>"#;
            let stream = Stream::new(
                dictionary! { "Type" => "Metadata", "Subtype" => "XML" },
                xmp.as_bytes().to_vec(),
            );
            let metadata = pdf.add(stream);
            pdf.catalog("Metadata", metadata);
        }
        pdf.preflight(Rules { intent: Some(Profile::Screen), multiple: None })
    };
    let claimed = build(true);
    assert_eq!(claimed.document.version, "1.7");
    assert_eq!(claimed.document.pdfa.as_deref(), Some("PDF/A-2b"));
    assert!(claimed.findings.is_empty(), "{:?}", claimed.findings);
    let unclaimed = build(false);
    assert_eq!(unclaimed.document.pdfa, None);
    let warnings = messages(&unclaimed, Severity::Warning);
    assert!(warnings.len() == 1 && warnings[0].starts_with("no PDF/A claim"), "{warnings:?}");
}

#[test]
fn unreadable_content_is_reported_not_ignored() {
    let mut pdf = TestPdf::new();
    pdf.page("(unterminated Tj", Dictionary::new());
    let corrupt = pdf
        .add(Stream::new(dictionary! { "Filter" => "FlateDecode" }, b"not deflated data".to_vec()));
    pdf.page_with("", Dictionary::new(), dictionary! { "Contents" => corrupt });
    let report = pdf.preflight(Rules::default());
    let pages: Vec<Option<usize>> = report.findings.iter().map(|f| f.page).collect();
    assert_eq!(pages, [Some(1), Some(2)], "{:?}", report.findings);
    for warning in messages(&report, Severity::Warning) {
        assert!(warning.ends_with("colours and images may be incomplete"), "{warning}");
    }
}
