//! Images on the way to PDF/X, on a synthetic PDF (the sample has none): X-1a converts
//! RGB, palette and JPEG images to CMYK, ICC grey to DeviceGray, and flattens soft
//! masks onto white; X-4 tags device RGB as sRGB; X-1a refuses live transparency.

use bulletin::export::pdfx::{PdfxLevel, PdfxOptions, to_pdfx};
use bulletin::issue::model::Date;
use lopdf::{Dictionary, Document, Object, Stream, dictionary};

use super::{check, unmet};
use crate::preflight_checks::TestPdf;

fn options(level: PdfxLevel) -> PdfxOptions {
    PdfxOptions {
        level,
        title: "images".into(),
        document_id: "test/images".into(),
        date: Date { year: 2023, month: 8, day: 10 },
        bleed_mm: None,
    }
}

fn image(dict: Dictionary, data: Vec<u8>) -> Stream {
    let mut stream = Stream::new(dict, data);
    stream.compress().unwrap();
    stream
}

/// A page drawing four images: RGB with a soft mask, ICC grey, an RGB palette, a JPEG.
fn figures(extra_state: Option<Dictionary>) -> Vec<u8> {
    let mut pdf = TestPdf::new();
    let mask = pdf.add(image(
        dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => 2, "Height" => 1,
        "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8 },
        vec![255, 0],
    ));
    let rgb = pdf.add(image(
        dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => 2, "Height" => 1,
        "ColorSpace" => "DeviceRGB", "BitsPerComponent" => 8, "SMask" => mask },
        vec![255, 0, 0, 0, 0, 255],
    ));
    let grey_profile = pdf.add(Stream::new(dictionary! { "N" => 1 }, vec![0; 128]));
    let grey = pdf.add(image(
        dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => 1, "Height" => 1,
        "ColorSpace" => vec![Object::Name(b"ICCBased".to_vec()), grey_profile.into()],
        "BitsPerComponent" => 8 },
        vec![128],
    ));
    let palette = Object::Array(vec![
        Object::Name(b"Indexed".to_vec()),
        Object::Name(b"DeviceRGB".to_vec()),
        Object::Integer(1),
        Object::String(vec![255, 0, 0, 0, 255, 0], lopdf::StringFormat::Hexadecimal),
    ]);
    let indexed = pdf.add(image(
        dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => 2, "Height" => 1,
        "ColorSpace" => palette, "BitsPerComponent" => 8 },
        vec![0, 1],
    ));
    let mut jpeg = Vec::new();
    let red = image::RgbImage::from_pixel(8, 8, image::Rgb([230, 20, 20]));
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 95).encode_image(&red).unwrap();
    let jpeg = pdf.add(Stream::new(
        dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => 8, "Height" => 8,
        "ColorSpace" => "DeviceRGB", "BitsPerComponent" => 8, "Filter" => "DCTDecode" },
        jpeg,
    ));
    let mut resources = dictionary! {
        "XObject" => dictionary! { "Im1" => rgb, "Im2" => grey, "Im3" => indexed, "Im4" => jpeg },
    };
    // A form with a transparency group blending in DeviceRGB, as Typst writes them.
    let form = pdf.add(Stream::new(
        dictionary! { "Type" => "XObject", "Subtype" => "Form", "BBox" => vec![0.into(), 0.into(), 10.into(), 10.into()],
                      "Group" => dictionary! { "Type" => "Group", "S" => "Transparency", "I" => true, "CS" => "DeviceRGB" } },
        b"0 0 0 1 k 0 0 10 10 re f".to_vec(),
    ));
    resources.get_mut(b"XObject").unwrap().as_dict_mut().unwrap().set("Fm1", form);
    let mut content = String::new();
    if let Some(state) = extra_state {
        let state = pdf.add(state);
        resources.set("ExtGState", dictionary! { "T" => state });
        content.push_str("/T gs ");
    }
    content.push_str(
        "q 200 0 0 100 50 700 cm /Im1 Do Q q 100 0 0 100 50 500 cm /Im2 Do Q \
         q 200 0 0 100 50 300 cm /Im3 Do Q q 100 0 0 100 50 100 cm /Im4 Do Q /Fm1 Do",
    );
    pdf.page(&content, resources);
    pdf.bytes()
}

/// Each image of page 1 by name: its dictionary and decoded samples.
fn images(bytes: &[u8]) -> Vec<(String, Dictionary, Vec<u8>)> {
    let doc = Document::load_mem(bytes).unwrap();
    let page = doc.get_pages()[&1];
    let resources = doc.get_dictionary(page).unwrap().get(b"Resources").unwrap();
    let resources = doc.dereference(resources).unwrap().1.as_dict().unwrap();
    let xobjects =
        doc.dereference(resources.get(b"XObject").unwrap()).unwrap().1.as_dict().unwrap();
    xobjects
        .iter()
        .map(|(name, object)| {
            let stream = doc.dereference(object).unwrap().1.as_stream().unwrap();
            let data = stream.decompressed_content().unwrap_or_else(|_| stream.content.clone());
            (String::from_utf8_lossy(name).into_owned(), stream.dict.clone(), data)
        })
        .collect()
}

fn space(dict: &Dictionary) -> String {
    match dict.get(b"ColorSpace").unwrap() {
        Object::Name(name) => String::from_utf8_lossy(name).into_owned(),
        Object::Array(items) => String::from_utf8_lossy(items[0].as_name().unwrap()).into_owned(),
        other => format!("{other:?}"),
    }
}

#[test]
fn x1a_converts_rgb_palette_and_jpeg_images_to_cmyk_and_grey_icc_to_device_grey() {
    let input = figures(None);
    // The synthetic file itself is refused: RGB and ICC colour, a soft mask.
    let before = check(&input, PdfxLevel::X1a);
    assert!(before.count(bulletin::preflight::Severity::Error) > 0);
    let output = to_pdfx(input, &options(PdfxLevel::X1a)).expect("converted");
    // The tiny test images print blocky, which is not PDF/X's business.
    let unmet = unmet(&check(&output, PdfxLevel::X1a));
    assert!(unmet.is_empty(), "{unmet:?}");
    for (name, dict, data) in images(&output) {
        assert!(!dict.has(b"SMask"), "{name} keeps its soft mask");
        assert!(!dict.has(b"Group"), "{name} keeps its transparency group");
        match name.as_str() {
            "Fm1" => {}
            "Im1" => {
                assert_eq!(space(&dict), "DeviceCMYK");
                let (red, clear) = (&data[0..4], &data[4..8]);
                assert!(red[1] > 200 && red[2] > 200 && red[0] < 40, "red: {red:?}");
                assert!(clear.iter().all(|&v| v < 8), "the masked pixel is paper: {clear:?}");
            }
            "Im2" => assert_eq!((space(&dict), data), ("DeviceGray".to_owned(), vec![128])),
            "Im3" => {
                assert_eq!(space(&dict), "DeviceCMYK");
                let (red, green) = (&data[0..4], &data[4..8]);
                assert!(red[1] > 200 && red[2] > 200, "red: {red:?}");
                assert!(green[0] > 150 && green[2] > 150 && green[1] < 80, "green: {green:?}");
            }
            "Im4" => {
                assert_eq!(space(&dict), "DeviceCMYK");
                assert!(
                    !dict.has(b"Filter")
                        || dict.get(b"Filter").unwrap().as_name().unwrap() == b"FlateDecode"
                );
                assert_eq!(data.len(), 8 * 8 * 4);
                assert!(data[1] > 180 && data[2] > 180, "the JPEG's red: {:?}", &data[..4]);
            }
            other => panic!("unexpected image {other}"),
        }
    }
}

#[test]
fn x4_tags_device_rgb_as_srgb_and_keeps_soft_masks() {
    let output = to_pdfx(figures(None), &options(PdfxLevel::X4)).expect("converted");
    let unmet = unmet(&check(&output, PdfxLevel::X4));
    assert!(unmet.is_empty(), "{unmet:?}");
    let images = images(&output);
    let rgb = &images.iter().find(|(n, ..)| n == "Im1").unwrap().1;
    assert_eq!(space(rgb), "ICCBased");
    assert!(rgb.has(b"SMask"), "X-4 carries transparency");
    let palette = &images.iter().find(|(n, ..)| n == "Im3").unwrap().1;
    let base = palette.get(b"ColorSpace").unwrap().as_array().unwrap()[1].as_array().unwrap();
    assert_eq!(base[0].as_name().unwrap(), b"ICCBased", "the palette's base is tagged");
    let form = &images.iter().find(|(n, ..)| n == "Fm1").unwrap().1;
    let group = form.get(b"Group").unwrap().as_dict().unwrap();
    assert_eq!(group.get(b"CS").unwrap().as_array().unwrap()[0].as_name().unwrap(), b"ICCBased");
}

#[test]
fn x1a_refuses_live_transparency_and_x4_keeps_it() {
    let state = || dictionary! { "Type" => "ExtGState", "ca" => 0.5 };
    let err = to_pdfx(figures(Some(state())), &options(PdfxLevel::X1a)).unwrap_err();
    let message = format!("{err:#}");
    assert!(message.contains("PDF/X-1a cannot carry transparency"), "{message}");
    assert!(message.contains("--pdfx 4"), "{message}");
    to_pdfx(figures(Some(state())), &options(PdfxLevel::X4)).expect("X-4 allows opacity");
}

#[test]
fn the_writers_check_reads_the_written_document_as_preflight_reads_the_file() {
    use bulletin::export::pdfx::to_pdfx_document;
    use bulletin::pdf::page_content::walk_page;
    use bulletin::preflight::pdfx::{
        requirements, requirements_given, requirements_of, verify_document, verify_written,
    };
    for level in [PdfxLevel::X1a, PdfxLevel::X4] {
        let (bytes, mut written) =
            to_pdfx_document(figures(None), &options(level), None).expect("converted");
        // The same report from the document in memory, with or without the pages as the
        // writer read them, as from its bytes parsed again.
        let from_file = requirements(&bytes, level).unwrap();
        assert_eq!(requirements_of(&written.document, level), from_file);
        assert_eq!(requirements_given(&written.document, &written.pages, level), from_file);
        // The pages as the writer read them are the pages of the file.
        let reparsed = Document::load_mem(&bytes).unwrap();
        let walked: Vec<_> =
            reparsed.get_pages().values().map(|page| walk_page(&reparsed, *page)).collect();
        assert_eq!(written.pages, walked);
        verify_written(&written.document, &written.pages, level).expect("the file verifies");
        // What the writer read is what the check uses: PostScript on its page fails it.
        let mut pages = written.pages.clone();
        pages[0].postscript = true;
        let err = verify_written(&written.document, &pages, level).expect_err("PostScript");
        assert!(format!("{err}").contains("PostScript in the content"), "{err}");
        // And a requirement broken in memory fails the check.
        written.document.catalog_mut().unwrap().remove(b"OutputIntents");
        let err = verify_document(&written.document, level).expect_err("no OutputIntent");
        assert!(format!("{err}").contains("no OutputIntent with /S /GTS_PDFX"), "{err}");
        let err = verify_written(&written.document, &written.pages, level).expect_err("no intent");
        assert!(format!("{err}").contains("no OutputIntent with /S /GTS_PDFX"), "{err}");
    }
}
