//! One test per PDF/X preflight rule: a copy of the good file broken in one way.

use bulletin::export::pdfx::PdfxLevel::{X1a, X4};
use bulletin::preflight::Severity;
use lopdf::{Dictionary, Document, Object, ObjectId, Stream, dictionary};

use super::{allows, broken, check, good, messages, refuses};

pub(super) fn page(doc: &Document, number: u32) -> ObjectId {
    doc.get_pages()[&number]
}

fn info(doc: &mut Document) -> &mut Dictionary {
    let id = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    doc.get_dictionary_mut(id).unwrap()
}

/// Replaces `from` with `to` in the XMP packet.
fn edit_xmp(doc: &mut Document, from: &str, to: &str) {
    let id = doc.catalog().unwrap().get(b"Metadata").unwrap().as_reference().unwrap();
    let stream = doc.get_object_mut(id).unwrap().as_stream_mut().unwrap();
    let text = String::from_utf8(stream.content.clone()).unwrap();
    assert!(text.contains(from), "the XMP has no {from}");
    stream.set_content(text.replace(from, to).into_bytes());
}

/// Adds `content` (drawn with `resources` merged into page 2's) to the end of page 2.
pub(super) fn draw_on_page_2(doc: &mut Document, content: &str, resources: Dictionary) {
    let page = page(doc, 2);
    doc.add_page_contents(page, content.as_bytes().to_vec()).unwrap();
    let res = doc.get_dictionary(page).unwrap().get(b"Resources").unwrap().clone();
    let res = match res {
        Object::Reference(id) => doc.get_dictionary_mut(id).unwrap(),
        _ => doc
            .get_dictionary_mut(page)
            .unwrap()
            .get_mut(b"Resources")
            .unwrap()
            .as_dict_mut()
            .unwrap(),
    };
    for (key, value) in resources.iter() {
        res.set(key.clone(), value.clone());
    }
}

#[test]
fn the_good_files_pass_every_rule() {
    for level in [X4, X1a] {
        let report = check(good(level), level);
        assert!(report.findings.is_empty(), "{level}: {:?}", report.findings);
        let pdfx = report.pdfx.expect("checked");
        assert!(pdfx.checks.len() >= 11, "{level}: {} checks", pdfx.checks.len());
        assert!(pdfx.checks.iter().all(|c| c.outcome.to_string().starts_with("met")));
    }
}

#[test]
fn a_newer_pdf_version_fails() {
    refuses(X4, "the file is PDF 1.7", |doc| doc.version = "1.7".into());
    refuses(X1a, "the file is PDF 1.6", |doc| doc.version = "1.6".into());
}

#[test]
fn a_missing_trailer_id_fails() {
    refuses(X4, "the trailer has no ID", |doc| {
        doc.trailer.remove(b"ID");
    });
}

#[test]
fn an_encrypted_file_fails() {
    // lopdf reads the file as it is; an /Encrypt entry is what preflight looks for.
    let bytes = broken(X4, |doc| {
        let filter = doc.add_object(dictionary! { "Filter" => "Standard", "V" => 1, "R" => 2 });
        doc.trailer.set("Encrypt", filter);
    });
    match bulletin::preflight::preflight_for(&bytes, "t.pdf", &Default::default(), Some(X4)) {
        Ok(report) => {
            let errors = messages(&report, Severity::Error);
            assert!(errors.iter().any(|e| e.contains("encrypted")), "{errors:?}");
        }
        // Or the file cannot even be read: refused all the same.
        Err(err) => assert!(format!("{err:#}").contains("read"), "{err:#}"),
    }
}

#[test]
fn a_missing_or_doubled_output_intent_fails() {
    refuses(X4, "no OutputIntent with /S /GTS_PDFX", |doc| {
        doc.catalog_mut().unwrap().remove(b"OutputIntents");
    });
    refuses(X4, "2 GTS_PDFX OutputIntents", |doc| {
        let intents =
            doc.catalog().unwrap().get(b"OutputIntents").unwrap().as_array().unwrap().clone();
        let doubled: Vec<Object> = intents.iter().chain(intents.iter()).cloned().collect();
        doc.catalog_mut().unwrap().set("OutputIntents", doubled);
    });
}

fn intent(doc: &mut Document) -> &mut Dictionary {
    let id = doc.catalog().unwrap().get(b"OutputIntents").unwrap().as_array().unwrap()[0]
        .as_reference()
        .unwrap();
    doc.get_dictionary_mut(id).unwrap()
}

#[test]
fn an_output_intent_without_identifier_or_profile_fails() {
    refuses(X4, "no OutputConditionIdentifier", |doc| {
        intent(doc).remove(b"OutputConditionIdentifier");
    });
    refuses(X4, "needs the output profile embedded", |doc| {
        intent(doc).remove(b"DestOutputProfile");
    });
    // X-1a may name a registered condition instead, but then needs the registry.
    refuses(X1a, "needs a RegistryName", |doc| {
        let intent = intent(doc);
        intent.remove(b"DestOutputProfile");
        intent.remove(b"RegistryName");
    });
}

#[test]
fn an_output_profile_that_is_not_cmyk_for_print_fails() {
    refuses(X4, "not an output (prtr) profile", |doc| {
        let id = intent(doc).get(b"DestOutputProfile").unwrap().as_reference().unwrap();
        let stream = doc.get_object_mut(id).unwrap().as_stream_mut().unwrap();
        let mut profile = stream.decompressed_content().unwrap();
        profile[12..16].copy_from_slice(b"mntr");
        stream.dict.remove(b"Filter");
        stream.set_content(profile);
    });
}

#[test]
fn missing_info_keys_fail() {
    refuses(X4, "Info has no Trapped", |doc| {
        info(doc).remove(b"Trapped");
    });
    refuses(X4, "Info Trapped is /Unknown", |doc| {
        info(doc).set("Trapped", Object::Name(b"Unknown".to_vec()));
    });
    refuses(X4, "Info GTS_PDFXVersion is missing", |doc| {
        info(doc).remove(b"GTS_PDFXVersion");
    });
    refuses(X4, "Info has no Title", |doc| {
        info(doc).remove(b"Title");
    });
    refuses(X1a, "Info GTS_PDFXConformance is missing", |doc| {
        info(doc).remove(b"GTS_PDFXConformance");
    });
}

#[test]
fn xmp_that_lacks_or_contradicts_fails() {
    refuses(X4, "RenditionClass is “proof”", |doc| {
        edit_xmp(doc, "<xmpMM:RenditionClass>default<", "<xmpMM:RenditionClass>proof<");
    });
    refuses(X4, "no xmpMM:VersionID", |doc| {
        edit_xmp(doc, "xmpMM:VersionID", "xmpMM:VersionNumber");
    });
    refuses(X4, "no pdfxid:GTS_PDFXVersion", |doc| {
        edit_xmp(doc, "pdfxid:GTS_PDFXVersion", "pdfxid:Version");
    });
    refuses(X4, "disagrees with Info /False", |doc| {
        edit_xmp(doc, "<pdf:Trapped>False<", "<pdf:Trapped>True<");
    });
    refuses(X4, "disagrees with Info Title", |doc| {
        edit_xmp(doc, "2023年第8期</rdf:li>", "2023年第9期</rdf:li>");
    });
    refuses(X4, "there is no XMP metadata stream", |doc| {
        doc.catalog_mut().unwrap().remove(b"Metadata");
    });
}

#[test]
fn a_page_without_trimbox_or_with_boxes_out_of_order_fails() {
    refuses(X4, "no TrimBox on page 3", |doc| {
        let page = page(doc, 3);
        doc.get_dictionary_mut(page).unwrap().remove(b"TrimBox");
    });
    refuses(X4, "does not hold on page 2", |doc| {
        let page = page(doc, 2);
        // A BleedBox inside the TrimBox.
        let bleed = vec![30.into(), 30.into(), 600.into(), 800.into()];
        doc.get_dictionary_mut(page).unwrap().set("BleedBox", Object::Array(bleed));
    });
}

#[test]
fn an_annotation_on_the_sheet_fails() {
    refuses(X4, "on the printed sheet of page 1", |doc| {
        let link = doc.add_object(dictionary! {
            "Type" => "Annot",
            "Subtype" => "Link",
            "Rect" => vec![100.into(), 500.into(), 300.into(), 520.into()],
            "Border" => vec![0.into(), 0.into(), 0.into()],
        });
        let page = page(doc, 1);
        doc.get_dictionary_mut(page).unwrap().set("Annots", vec![Object::Reference(link)]);
    });
}

#[test]
fn rgb_colour_fails_x4_and_icc_colour_fails_x1a() {
    refuses(X4, "DeviceRGB on page 2", |doc| {
        draw_on_page_2(doc, "q 1 0 0 rg 0 0 10 10 re f Q", Dictionary::new());
    });
    // X-4 allows ICC-based colour; X-1a does not.
    let icc = |doc: &mut Document| {
        let profile = doc.add_object(Stream::new(dictionary! { "N" => 3 }, vec![0; 200]));
        let space = Object::Array(vec![Object::Name(b"ICCBased".to_vec()), profile.into()]);
        draw_on_page_2(
            doc,
            "q /CSicc cs 0.2 0.4 0.6 sc 0 0 10 10 re f Q",
            dictionary! { "ColorSpace" => dictionary! { "CSicc" => space } },
        );
    };
    refuses(X1a, "ICC RGB on page 2", icc);
    allows(X4, "ICC-based RGB colour", icc);
}

/// Gives page `number` a transparency group blending in `space`.
fn give_page_a_group(doc: &mut Document, number: u32, space: &str) {
    let page = page(doc, number);
    let group = dictionary! { "Type" => "Group", "S" => "Transparency", "CS" => space };
    doc.get_dictionary_mut(page).unwrap().set("Group", group);
}

#[test]
fn a_device_rgb_blending_space_fails_x4() {
    refuses(X4, "page 2: a transparency group blends in DeviceRGB", |doc| {
        give_page_a_group(doc, 2, "DeviceRGB");
    });
}

#[test]
fn transparency_fails_x1a() {
    refuses(X1a, "sets opacity ca to 0.5", |doc| {
        doc.add_object(dictionary! { "Type" => "ExtGState", "ca" => 0.5 });
    });
    refuses(X1a, "has a transparency group", |doc| {
        let page = page(doc, 2);
        let group = dictionary! { "Type" => "Group", "S" => "Transparency", "CS" => "DeviceCMYK" };
        doc.get_dictionary_mut(page).unwrap().set("Group", group);
    });
    refuses(X1a, "has a soft mask", |doc| {
        doc.add_object(
            dictionary! { "Type" => "ExtGState", "SMask" => dictionary! { "S" => "Luminosity" } },
        );
    });
}

/// The id of the first font descriptor with an embedded TrueType program.
fn font_descriptor(doc: &Document) -> ObjectId {
    *doc.objects
        .iter()
        .find(|(_, o)| o.as_dict().is_ok_and(|d| d.has(b"FontFile2")))
        .expect("an embedded TrueType font")
        .0
}

#[test]
fn an_unembedded_font_fails_and_an_opentype_font_fails_x1a() {
    refuses(X4, "is not embedded", |doc| {
        let id = font_descriptor(doc);
        doc.get_dictionary_mut(id).unwrap().remove(b"FontFile2");
    });
    refuses(X1a, "is OpenType (PDF 1.6)", |doc| {
        let id = font_descriptor(doc);
        let dict = doc.get_dictionary_mut(id).unwrap();
        let program = dict.remove(b"FontFile2").unwrap();
        dict.set("FontFile3", program.clone());
        let program = program.as_reference().unwrap();
        let stream = doc.get_object_mut(program).unwrap().as_stream_mut().unwrap();
        stream.dict.set("Subtype", "OpenType");
    });
}

#[test]
fn cross_reference_streams_fail_x1a() {
    let mut doc = Document::load_mem(good(X1a)).unwrap();
    let mut bytes = Vec::new();
    doc.save_modern(&mut bytes).unwrap();
    let report = check(&bytes, X1a);
    let errors = messages(&report, Severity::Error);
    assert!(errors.iter().any(|e| e.contains("object or cross-reference streams")), "{errors:?}");
}

#[test]
fn black_that_knocks_out_is_a_warning() {
    let bytes = broken(X4, |doc| {
        // Take the overprint states out of page 2's content.
        let page = page(doc, 2);
        let content = doc.get_page_content(page).unwrap();
        let text = String::from_utf8_lossy(&content)
            .lines()
            .filter(|line| !line.contains("/bulletinOP"))
            .collect::<Vec<_>>()
            .join("\n");
        let id = doc.add_object(Stream::new(Dictionary::new(), text.into_bytes()));
        doc.get_dictionary_mut(page).unwrap().set("Contents", id);
    });
    let report = check(&bytes, X4);
    assert!(messages(&report, Severity::Error).is_empty(), "{:?}", report.findings);
    let warnings = messages(&report, Severity::Warning);
    assert!(warnings.iter().any(|w| w.contains("knock out on page 2")), "{warnings:?}");
}

/// Page 2's content replaced by one form drawing 100% K text; `overprint` puts the
/// ExtGState that makes it overprint inside the form, before the text.
fn black_text_in_a_form(doc: &mut Document, overprint: bool) {
    let page = page(doc, 2);
    let state = if overprint { "/bulletinOP10 gs " } else { "" };
    let content = format!("0 0 0 1 k BT {state}(a) Tj ET");
    let form = doc.add_object(Stream::new(
        dictionary! { "Type" => "XObject", "Subtype" => "Form", "BBox" => vec![0.into(), 0.into(), 10.into(), 10.into()] },
        content.into_bytes(),
    ));
    add_resource(doc, 2, "XObject", "Fx", Object::Reference(form));
    let calls = doc.add_object(Stream::new(Dictionary::new(), b"q /Fx Do Q".to_vec()));
    doc.get_dictionary_mut(page).unwrap().set("Contents", calls);
}

#[test]
fn black_inside_a_form_is_read_as_the_writer_reads_it() {
    // The page's own content paints nothing: the form's black text knocks out, and the
    // warning names the page that draws the form.
    let report = check(&broken(X4, |doc| black_text_in_a_form(doc, false)), X4);
    let warnings = messages(&report, Severity::Warning);
    assert!(warnings.iter().any(|w| w.contains("knock out on page 2")), "{warnings:?}");
    let report = check(&broken(X4, |doc| black_text_in_a_form(doc, true)), X4);
    let warnings = messages(&report, Severity::Warning);
    assert!(!warnings.iter().any(|w| w.contains("knock out")), "{warnings:?}");
}

#[test]
fn the_text_report_is_a_table_a_shop_reads() {
    let report = check(&broken(X4, |doc| doc.version = "1.7".into()), X4);
    let text = bulletin::preflight::report::render(&report, bulletin::diag::Lang::En);
    assert!(text.contains("PDF/X-4 requirements"), "{text}");
    assert!(
        text.contains("PDF version at most 1.6") && text.contains("NOT MET: the file is PDF 1.7"),
        "{text}"
    );
    assert!(text.contains("the press would stop"), "{text}");
}

#[test]
fn verify_names_every_requirement_not_met() {
    bulletin::preflight::pdfx::verify(good(X4), X4).expect("the good file verifies");
    let bad = broken(X4, |doc| {
        doc.catalog_mut().unwrap().remove(b"OutputIntents");
        info(doc).remove(b"Trapped");
    });
    let err = bulletin::preflight::pdfx::verify(&bad, X4).unwrap_err().to_string();
    assert!(err.contains("no OutputIntent with /S /GTS_PDFX"), "{err}");
    assert!(err.contains("Info has no Trapped"), "{err}");
}

/// Page 3's resources, made a dictionary of the page's own so that they can be changed.
fn own_resources(doc: &mut Document, number: u32) -> &mut Dictionary {
    let page = page(doc, number);
    let resources = match doc.get_dictionary(page).unwrap().get(b"Resources").unwrap().clone() {
        Object::Reference(id) => doc.get_dictionary(id).unwrap().clone(),
        Object::Dictionary(dict) => dict,
        other => panic!("resources are {other:?}"),
    };
    let dict = doc.get_dictionary_mut(page).unwrap();
    dict.set("Resources", resources);
    dict.get_mut(b"Resources").unwrap().as_dict_mut().unwrap()
}

/// Adds `entry` under `name` to the resource category `category` of page `number`,
/// written directly in the page's resources.
pub(super) fn add_resource(
    doc: &mut Document,
    number: u32,
    category: &str,
    name: &str,
    entry: Object,
) {
    let resources = own_resources(doc, number);
    if resources.get(category.as_bytes()).and_then(Object::as_dict).is_err() {
        resources.set(category, Dictionary::new());
    }
    let category = resources.get_mut(category.as_bytes()).unwrap();
    match category {
        Object::Dictionary(dict) => dict.set(name, entry),
        other => panic!("{other:?}"),
    }
}

#[test]
fn transparency_written_directly_in_a_page_fails_x1a_on_that_page() {
    refuses(X1a, "page 3: a graphics state sets opacity ca to 0.5", |doc| {
        let state = dictionary! { "ca" => 0.5, "BM" => "Multiply" };
        add_resource(doc, 3, "ExtGState", "GSx", Object::Dictionary(state));
    });
    refuses(X1a, "page 3: a graphics state uses a blend mode other than Normal", |doc| {
        let state = dictionary! { "BM" => "Multiply" };
        add_resource(doc, 3, "ExtGState", "GSx", Object::Dictionary(state));
    });
    // A page's group: the page's number, not the object's.
    refuses(X1a, "page 3: page has a transparency group", |doc| {
        give_page_a_group(doc, 3, "DeviceCMYK");
    });
}

#[test]
fn javascript_and_actions_fail_both_levels() {
    for level in [X4, X1a] {
        refuses(level, "the document catalog: a JavaScript action", |doc| {
            let action = dictionary! { "Type" => "Action", "S" => "JavaScript", "JS" => Object::string_literal("app.alert(1)") };
            doc.catalog_mut().unwrap().set("OpenAction", action);
        });
        refuses(level, "page 2: additional actions (AA)", |doc| {
            let page = page(doc, 2);
            let action = dictionary! { "S" => "Launch", "F" => Object::string_literal("calc.exe") };
            doc.get_dictionary_mut(page).unwrap().set("AA", dictionary! { "O" => action });
        });
        refuses(level, "a Launch action", |doc| {
            let action = doc.add_object(
                dictionary! { "S" => "Launch", "F" => Object::string_literal("calc.exe") },
            );
            doc.catalog_mut().unwrap().set("OpenAction", action);
        });
    }
    // Moving within the document is allowed.
    for level in [X4, X1a] {
        allows(level, "an OpenAction that goes to page 1", |doc| {
            let first = page(doc, 1);
            let action =
                dictionary! { "S" => "GoTo", "D" => vec![Object::Reference(first), "Fit".into()] };
            doc.catalog_mut().unwrap().set("OpenAction", action);
        });
    }
}

#[test]
fn transfer_functions_fail_both_levels() {
    for level in [X4, X1a] {
        refuses(level, "page 2: a graphics state sets a transfer function (TR)", |doc| {
            let state = doc.add_object(dictionary! { "Type" => "ExtGState", "TR" => "Identity" });
            add_resource(doc, 2, "ExtGState", "GSt", Object::Reference(state));
        });
        refuses(level, "a transfer function (TR2)", |doc| {
            add_resource(
                doc,
                2,
                "ExtGState",
                "GSt",
                Object::Dictionary(dictionary! { "TR2" => "Identity" }),
            );
        });
    }
    allows(X4, "TR2 Default", |doc| {
        let state = Object::Dictionary(dictionary! { "TR2" => "Default" });
        add_resource(doc, 2, "ExtGState", "GSt", state);
    });
}

#[test]
fn postscript_alternates_and_opi_fail_both_levels() {
    for level in [X4, X1a] {
        refuses(level, "page 5: a PostScript XObject", |doc| {
            let ps = doc.add_object(Stream::new(
                dictionary! { "Type" => "XObject", "Subtype" => "PS" },
                b"% PostScript".to_vec(),
            ));
            add_resource(doc, 5, "XObject", "PS1", Object::Reference(ps));
        });
        refuses(level, "an OPI reference", |doc| {
            let form = doc.add_object(Stream::new(
                dictionary! { "Type" => "XObject", "Subtype" => "Form", "BBox" => vec![0.into(), 0.into(), 1.into(), 1.into()], "OPI" => dictionary! {} },
                Vec::new(),
            ));
            add_resource(doc, 2, "XObject", "Op", Object::Reference(form));
        });
    }
}

#[test]
fn overprint_with_no_black_to_overprint_is_not_applicable() {
    // Page contents emptied: no 100% K text or rule is left to overprint.
    let bytes = broken(X4, |doc| {
        for (_, page) in doc.get_pages() {
            let empty = doc.add_object(Stream::new(Dictionary::new(), Vec::new()));
            doc.get_dictionary_mut(page).unwrap().set("Contents", empty);
        }
    });
    let report = check(&bytes, X4).pdfx.expect("the PDF/X requirements were checked");
    let overprint = report.checks.iter().find(|c| c.requirement.contains("black overprints"));
    let outcome = overprint.expect("the overprint row").outcome.to_string();
    assert_eq!(outcome, "not applicable: no 100% K text or thin rules");
    let good = check(good(X4), X4).pdfx.unwrap();
    let good_row = good.checks.iter().find(|c| c.requirement.contains("black overprints")).unwrap();
    assert!(
        good_row
            .outcome
            .to_string()
            .starts_with("met: 100% K text and thin rules overprint (pages")
    );
}

#[test]
fn what_the_standards_allow_passes() {
    // PDF/X-4 allows live transparency: opacity drawn on page 2.
    allows(X4, "opacity in a graphics state", |doc| {
        let state = doc.add_object(dictionary! { "Type" => "ExtGState", "ca" => 0.5 });
        draw_on_page_2(
            doc,
            "q /GSa gs 0 0 0 1 k 0 0 10 10 re f Q",
            dictionary! { "ExtGState" => dictionary! { "GSa" => state } },
        );
    });
    // PDF/X-1a:2003 does not require XMP: the Info dictionary identifies it.
    allows(X1a, "no XMP metadata", |doc| {
        doc.catalog_mut().unwrap().remove(b"Metadata");
    });
}

#[test]
fn object_streams_are_allowed_in_x4() {
    // Written by qpdf: lopdf cannot read back the object streams its own `save_modern`
    // writes, so it cannot make this variant.
    let sandbox = crate::support::Sandbox::new("pdfx-object-streams");
    let (good_file, modern) = (sandbox.path("good.pdf"), sandbox.path("modern.pdf"));
    std::fs::write(&good_file, good(X4)).unwrap();
    let made = std::process::Command::new("qpdf")
        .args(["--object-streams=generate"])
        .arg(&good_file)
        .arg(&modern)
        .status();
    if !made.is_ok_and(|status| status.success()) {
        assert!(
            std::env::var("BULLETIN_REQUIRE_POPPLER").is_err(),
            "qpdf is needed (CI installs it with poppler-utils)"
        );
        eprintln!("SKIPPED object_streams_are_allowed_in_x4: qpdf is not installed");
        return;
    }
    let bytes = std::fs::read(&modern).unwrap();
    assert!(
        bytes.windows(13).any(|w| w == b"/Type /ObjStm" || w == b"/Type/ObjStm "),
        "no object stream"
    );
    let report = check(&bytes, X4);
    assert!(messages(&report, Severity::Error).is_empty(), "{:?}", report.findings);
    super::keep(X4, "allowed", "object and cross-reference streams", &bytes);
}
