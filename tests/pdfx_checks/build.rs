//! The print PDF as built: PDF/X-4 by default, X-1a on request or by the publication,
//! reproducible, with links and tags gone and bookmarks intact, black overprinting.

use bulletin::export::pdfx::PdfxLevel::{X1a, X4};
use lopdf::{Document, Object};

use super::{build_sample, check, good};
use crate::support::{Sandbox, bulletin, copy_dir, repo_root, run};

fn info_text(doc: &Document, key: &[u8]) -> String {
    let info =
        doc.trailer.get(b"Info").and_then(|i| doc.dereference(i)).unwrap().1.as_dict().unwrap();
    bulletin::pdf::objects::text_string(info.get(key).unwrap()).unwrap()
}

#[test]
fn print_builds_pdfx_4_by_default_and_1a_on_request() {
    let sandbox = Sandbox::new("pdfx-default");
    let output = sandbox.path("print.pdf");
    let assert = bulletin().args(["build", "issues/2023-08", "-o"]).arg(&output).assert().success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    assert!(stdout.contains("print profile, PDF/X-4"), "{stdout}");
    let bytes = std::fs::read(&output).unwrap();
    assert!(bytes.starts_with(b"%PDF-1.6"));
    let doc = Document::load_mem(&bytes).unwrap();
    assert_eq!(info_text(&doc, b"GTS_PDFXVersion"), "PDF/X-4");
    // Without bleed, every TrimBox is the MediaBox and there is no BleedBox.
    for id in doc.get_pages().into_values() {
        let page = doc.get_dictionary(id).unwrap();
        assert_eq!(page.get(b"TrimBox").unwrap(), page.get(b"MediaBox").unwrap());
        assert!(!page.has(b"BleedBox"));
    }
    let x1a = good(X1a);
    assert!(x1a.starts_with(b"%PDF-1.4"));
    let doc = Document::load_mem(x1a).unwrap();
    assert_eq!(info_text(&doc, b"GTS_PDFXVersion"), "PDF/X-1:2003");
    assert_eq!(info_text(&doc, b"GTS_PDFXConformance"), "PDF/X-1a:2003");
}

#[test]
fn the_bleed_box_is_the_trim_box_grown_by_the_bleed() {
    let doc = Document::load_mem(good(X4)).unwrap();
    let number = |o: &Object| o.as_float().unwrap() as f64;
    for id in doc.get_pages().into_values() {
        let page = doc.get_dictionary(id).unwrap();
        let get = |key: &[u8]| -> Vec<f64> {
            page.get(key).unwrap().as_array().unwrap().iter().map(number).collect()
        };
        let (trim, bleed, media) = (get(b"TrimBox"), get(b"BleedBox"), get(b"MediaBox"));
        let three_mm = 3.0 / 25.4 * 72.0;
        assert!((trim[0] - bleed[0] - three_mm).abs() < 0.01, "{trim:?} {bleed:?}");
        assert!((bleed[2] - trim[2] - three_mm).abs() < 0.01, "{trim:?} {bleed:?}");
        // The crop marks lie outside the bleed, on the sheet.
        assert!(bleed[0] > media[0] + 1.0 && bleed[3] < media[3] - 1.0, "{bleed:?} {media:?}");
    }
}

#[test]
fn the_same_issue_gives_the_same_bytes() {
    for level in [X4, X1a] {
        let again = build_sample(level, &["--bleed", "3mm", "--marks"], "again");
        assert!(again == good(level), "{level}: two builds differ");
    }
}

#[test]
fn links_are_gone_and_bookmarks_still_point_at_pages() {
    let doc = Document::load_mem(good(X4)).unwrap();
    let pages: Vec<_> = doc.get_pages().into_values().collect();
    for &id in &pages {
        assert!(!doc.get_dictionary(id).unwrap().has(b"Annots"), "a page keeps annotations");
    }
    // No object is an annotation any longer, and no tag points at one.
    for object in doc.objects.values() {
        if let Ok(dict) = object.as_dict() {
            assert_ne!(dict.get(b"Type").and_then(Object::as_name).ok(), Some(b"Annot".as_slice()));
            assert_ne!(dict.get(b"Type").and_then(Object::as_name).ok(), Some(b"OBJR".as_slice()));
        }
    }
    let mut destinations = 0;
    for object in doc.objects.values() {
        let Ok(dict) = object.as_dict() else { continue };
        // Typst writes each destination as an array object of its own.
        let dest =
            dict.get(b"Dest").and_then(|d| doc.dereference(d)).and_then(|(_, d)| d.as_array());
        if let Ok(dest) = dest {
            let target = dest[0].as_reference().unwrap();
            assert!(pages.contains(&target), "a bookmark points at {target:?}, not a page");
            destinations += 1;
        }
    }
    assert!(destinations >= 46, "{destinations} bookmarks");
}

#[test]
fn the_print_pdf_carries_no_tags_the_screen_pdf_keeps_them() {
    for level in [X4, X1a] {
        let doc = Document::load_mem(good(level)).unwrap();
        let catalog = doc.catalog().unwrap();
        assert!(!catalog.has(b"StructTreeRoot"), "{level}: a structure tree");
        assert!(!catalog.has(b"MarkInfo"), "{level}: mark information");
        for (number, id) in doc.get_pages() {
            let content = doc.get_page_content(id).unwrap();
            let marked = content.windows(5).any(|w| w == b"/MCID");
            assert!(!marked, "{level}: page {number} has marked content");
            assert!(!doc.get_dictionary(id).unwrap().has(b"StructParents"), "{level}: {number}");
        }
    }
    // The bookmarks stay (links_are_gone_and_bookmarks_still_point_at_pages), and the
    // screen PDF, for readers, stays tagged (standards.rs).
}

#[test]
fn every_compressed_stream_inflates_whole_the_large_font_programs_too() {
    use std::io::Read as _;
    let doc = Document::load_mem(good(X4)).unwrap();
    let font_programs: Vec<_> = (doc.objects.values())
        .filter_map(|object| object.as_dict().ok())
        .filter(|dict| dict.get(b"Type").and_then(Object::as_name).ok() == Some(b"FontDescriptor"))
        .flat_map(|dict| {
            let files = [b"FontFile".as_slice(), b"FontFile2", b"FontFile3"];
            files.into_iter().filter_map(|key| dict.get(key).and_then(Object::as_reference).ok())
        })
        .collect();
    assert!(!font_programs.is_empty(), "no embedded font programs");
    let mut largest = 0;
    for (id, object) in &doc.objects {
        let Ok(stream) = object.as_stream() else { continue };
        if stream.dict.get(b"Filter").and_then(Object::as_name).ok() != Some(b"FlateDecode") {
            continue;
        }
        // zlib's own reading: the stream must end where it says and its Adler-32 checksum
        // must match every byte, which a program compressed in parts gets right only if
        // the parts join up.
        let mut inflated = Vec::new();
        flate2::read::ZlibDecoder::new(stream.content.as_slice())
            .read_to_end(&mut inflated)
            .unwrap_or_else(|err| panic!("{id:?} does not inflate: {err}"));
        if font_programs.contains(id) {
            largest = largest.max(inflated.len());
        }
        if let Ok(length) = stream.dict.get(b"Length1").and_then(Object::as_i64) {
            assert_eq!(inflated.len() as i64, length, "{id:?}: Length1");
        }
    }
    // The body face's subset is compressed in parts (it is above 256 KiB).
    assert!(largest > 256 * 1024, "the largest font program inflates to {largest} bytes");
}

#[test]
fn every_stream_but_the_metadata_is_compressed() {
    // The export leaves the content raw for the PDF/X pass, which compresses it when it
    // writes the file: pages it rewrote, pages it left, forms and the fonts' CMaps alike.
    for level in [X4, X1a] {
        let doc = Document::load_mem(good(level)).unwrap();
        let mut raw = Vec::new();
        let mut streams = 0;
        for (id, object) in &doc.objects {
            let Ok(stream) = object.as_stream() else { continue };
            streams += 1;
            let kind = stream.dict.get(b"Type").and_then(Object::as_name).ok();
            if stream.dict.get(b"Filter").is_err() && kind != Some(b"Metadata") {
                raw.push((*id, String::from_utf8_lossy(kind.unwrap_or(b"-")).into_owned()));
            }
        }
        assert!(streams > 30, "{level}: only {streams} streams");
        assert!(raw.is_empty(), "{level}: uncompressed streams {raw:?}");
    }
}

#[test]
fn black_text_overprints_and_the_spot_red_knocks_out() {
    let doc = Document::load_mem(good(X4)).unwrap();
    let cover = doc.get_page_content(doc.get_pages()[&1]).unwrap();
    let text = String::from_utf8_lossy(&cover);
    // The masthead title in the spot red: no overprint state before it.
    let red = text.find("/c0 cs").expect("the spot colour is used");
    let before_red = &text[..red];
    let first_black_text = text.find("0 0 0 1 k").unwrap();
    assert!(text[first_black_text..].contains("/bulletinOP10 gs"), "black text overprints");
    assert!(!before_red.contains("/bulletinOP10 gs"), "nothing overprints before the red title");
    let report = check(good(X4), X4);
    assert!(report.findings.is_empty(), "{:?}", report.findings);
}

#[test]
fn preflight_for_pdfx_exits_by_its_findings() {
    let sandbox = Sandbox::new("pdfx-preflight-cli");
    let (good_path, bad_path) = (sandbox.path("x1a.pdf"), sandbox.path("typst.pdf"));
    std::fs::write(&good_path, good(X1a)).unwrap();
    let (code, stdout, _) = run(&["preflight", good_path.to_str().unwrap(), "--for", "pdfx-1a"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("PDF/X-1a:2003 requirements"), "{stdout}");
    // The same file is no PDF/X-4.
    let (code, stdout, _) = run(&["preflight", good_path.to_str().unwrap(), "--for", "pdfx-4"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains("NOT MET: the file is PDF 1.4") || stdout.contains("GTS_PDFXVersion"),
        "{stdout}"
    );
    // A screen PDF is no PDF/X at all.
    bulletin()
        .args(["build", "issues/2023-08", "--profile", "screen", "-o"])
        .arg(&bad_path)
        .assert()
        .success();
    let (code, stdout, _) = run(&["preflight", bad_path.to_str().unwrap(), "--for", "pdfx-4"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("no OutputIntent with /S /GTS_PDFX"), "{stdout}");
}

#[test]
fn the_publication_names_the_level_and_the_screen_refuses_it() {
    let sandbox = Sandbox::new("pdfx-publication");
    let project = sandbox.path("project");
    for dir in ["layouts", "fonts", "issues"] {
        copy_dir(&repo_root().join(dir), &project.join(dir));
    }
    let settings = project.join("issues/publication.toml");
    let text = std::fs::read_to_string(&settings).unwrap();
    std::fs::write(
        &settings,
        text.replace("profile = \"print\"", "profile = \"print\"\npdfx = \"1a\""),
    )
    .unwrap();
    let output = sandbox.path("x.pdf");
    let issue = project.join("issues/2023-08");
    bulletin().args(["build"]).arg(&issue).arg("-o").arg(&output).assert().success();
    assert!(std::fs::read(&output).unwrap().starts_with(b"%PDF-1.4"), "the publication's X-1a");
    // The command line wins.
    bulletin()
        .args(["build"])
        .arg(&issue)
        .args(["--pdfx", "4", "-o"])
        .arg(&output)
        .assert()
        .success();
    assert!(std::fs::read(&output).unwrap().starts_with(b"%PDF-1.6"));
    std::fs::write(
        &settings,
        text.replace("profile = \"print\"", "profile = \"print\"\npdfx = \"3\""),
    )
    .unwrap();
    let (code, _, stderr) =
        run(&["build", issue.to_str().unwrap(), "-o", output.to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("unknown PDF/X level `3`"), "{stderr}");
    let (code, _, stderr) =
        run(&["build", "issues/2023-08", "--profile", "screen", "--pdfx", "1a"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("--pdfx is for the print profile only"), "{stderr}");
}

#[test]
fn the_pages_the_build_checks_are_the_pages_of_the_file_it_writes() {
    use bulletin::export::pdf::export_pdf_document;
    use bulletin::pdf::page_content::walk_page;
    use bulletin::typeset::options::OutputOptions;
    for level in [X4, X1a] {
        let output = OutputOptions { pdfx: Some(level), ..OutputOptions::default() };
        let build = crate::support::typeset_for(&repo_root().join("issues/2023-08"), output);
        let (bytes, written) =
            export_pdf_document(&build.document, &build.issue, build.profile, &build.print, None)
                .unwrap();
        let written = written.expect("a print PDF is held for its check");
        let file = Document::load_mem(&bytes).unwrap();
        let walked: Vec<_> =
            file.get_pages().values().map(|page| walk_page(&file, *page)).collect();
        assert_eq!(walked.len(), 24);
        assert!(walked.iter().all(|page| page.black.painted > 0 && page.black.knocked_out == 0));
        assert_eq!(written.pages, walked, "{level:?}");
    }
}
