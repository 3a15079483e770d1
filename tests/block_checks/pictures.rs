//! Figures in print: their resolution read back from the PDF by preflight, the build's own
//! warning and error under 300 and 150 ppi, and both PDF/X standards with real pictures.

use std::fs;

use bulletin::typeset::figures::placed_figures;

use super::fixture_dir;
use crate::support::{Sandbox, bulletin, copy_dir, run, stderr, typeset_dir};

/// `bulletin preflight FILE --json`'s images: (page, width px, height px, ppi).
fn preflight_images(pdf: &std::path::Path, target: &str) -> (i32, Vec<(u64, u64, u64, f64)>) {
    let (code, stdout, stderr) = run(&[
        "preflight".as_ref(),
        pdf.as_os_str(),
        "--for".as_ref(),
        target.as_ref(),
        "--json".as_ref(),
    ]);
    let report: serde_json::Value =
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}\n{stderr}"));
    let images = report["images"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let n = |key: &str| i[key].as_u64().unwrap();
            (n("page"), n("width_px"), n("height_px"), i["ppi"].as_f64().unwrap())
        })
        .collect();
    (code, images)
}

#[test]
fn the_pictures_print_at_the_resolution_preflight_reads_from_the_pdf() {
    let build = typeset_dir(&fixture_dir());
    let placed = placed_figures(&build.issue, &build.document);
    let files: Vec<&str> = placed.iter().map(|p| p.file.as_str()).collect();
    assert_eq!(files, ["chart.png", "photo.jpg"]);
    // 1500 px across 0.6 of the 480 pt text width (4 in): 375 ppi; 1200 px across 0.5: 360.
    assert!((placed[0].ppi - 375.0).abs() < 1.0, "{placed:?}");
    assert!((placed[1].ppi - 360.0).abs() < 1.0, "{placed:?}");
    assert!(build.report.is_empty(), "{}", build.report.render());

    let sandbox = Sandbox::new("blocks-ppi");
    for (standard, flag) in [("pdfx-4", "4"), ("pdfx-1a", "1a")] {
        let pdf = sandbox.path(&format!("blocks-{flag}.pdf"));
        bulletin()
            .args(["build", "tests/fixtures/blocks/2023-09", "--pdfx", flag, "-o"])
            .arg(&pdf)
            .assert()
            .success();
        let (code, images) = preflight_images(&pdf, standard);
        assert_eq!(code, 0, "{standard}: preflight refuses the figures");
        let mut sizes: Vec<(u64, u64)> = images.iter().map(|i| (i.1, i.2)).collect();
        sizes.sort_unstable();
        assert_eq!(sizes, [(1200, 800), (1500, 750)], "{standard}: {images:?}");
        for (image, figure) in [(1500, &placed[0]), (1200, &placed[1])] {
            let read = images.iter().find(|i| i.1 == image).unwrap();
            assert!(
                (read.3 - figure.ppi).abs() < 0.5,
                "{standard}: the PDF says {read:?}, the build {figure:?}"
            );
            assert_eq!(read.0 as usize, figure.page);
        }
    }
    // PDF/X-4 takes the JPEG as it is.
    let x4 = fs::read(sandbox.path("blocks-4.pdf")).unwrap();
    let jpeg = fs::read(fixture_dir().join("photo.jpg")).unwrap();
    assert!(x4.windows(jpeg.len()).any(|w| w == jpeg), "the JPEG was not passed through");
}

#[test]
fn builds_with_pictures_are_reproducible() {
    let sandbox = Sandbox::new("blocks-reproducible");
    let (first, second) = (sandbox.path("first.pdf"), sandbox.path("second.pdf"));
    for output in [&first, &second] {
        bulletin()
            .args(["build", "tests/fixtures/blocks/2023-09", "--pdfx", "1a", "-o"])
            .arg(output)
            .assert()
            .success();
    }
    assert!(fs::read(&first).unwrap() == fs::read(&second).unwrap(), "the builds differ");
}

/// The fixture in a sandbox with `chart.png` replaced by a picture `width` × `height` px.
fn with_chart(name: &str, width: u32, height: u32) -> (Sandbox, std::path::PathBuf) {
    let sandbox = Sandbox::new(name).with_publication();
    let dir = sandbox.path("2023-09");
    copy_dir(&fixture_dir(), &dir);
    let text = fs::read_to_string(dir.join("issue.toml"))
        .unwrap()
        .replace("../../../../issues/publication.toml", "../publication.toml");
    fs::write(dir.join("issue.toml"), text).unwrap();
    let picture = image::RgbImage::from_pixel(width, height, image::Rgb([200, 30, 40]));
    picture.save(dir.join("chart.png")).unwrap();
    (sandbox, dir)
}

#[test]
fn a_soft_picture_is_a_warning_a_blocky_one_an_error() {
    // Some 4 in across (0.6 of the text width): 1000 px is 249 ppi, 500 px 124 ppi.
    let (_soft, dir) = with_chart("blocks-soft", 1000, 500);
    let assert = bulletin().arg("check").arg(&dir).assert().success();
    let text = stderr(&assert);
    assert!(
        text.contains("warning: the picture `chart.png` of the figure at entry 4 of the paragraphs of article “上半年各地区网络零售稳步增长” of section “数据观察” prints at 249 ppi (1000 × 500 px at 101.7 × 50.8 mm), under 300 ppi"),
        "{text}"
    );
    assert!(text.contains("300 ppi is the press standard (1201 px across at this size)"), "{text}");
    let (blocky, dir) = with_chart("blocks-blocky", 500, 250);
    let assert = bulletin().arg("check").arg(&dir).assert().code(1);
    let text = stderr(&assert);
    assert!(text.contains("error: the picture `chart.png`"), "{text}");
    assert!(text.contains("prints at 124 ppi"), "{text}");
    // The screen PDF is not for the press: no finding.
    let assert = bulletin()
        .arg("build")
        .arg(&dir)
        .args(["--profile", "screen", "-o"])
        .arg(blocky.path("screen.pdf"))
        .assert()
        .success();
    assert!(!stderr(&assert).contains("ppi"), "{}", stderr(&assert));
}

#[test]
fn a_grey_picture_stays_grey_and_a_colour_one_becomes_cmyk_in_pdfx_1a() {
    let (sandbox, dir) = with_chart("blocks-grey", 1500, 750);
    let grey = image::GrayImage::from_fn(1500, 750, |x, _| image::Luma([(x % 256) as u8]));
    grey.save(dir.join("chart.png")).unwrap();
    let spaces = |flag: &str| {
        let pdf = sandbox.path(&format!("grey-{flag}.pdf"));
        bulletin().arg("build").arg(&dir).args(["--pdfx", flag, "-o"]).arg(&pdf).assert().success();
        let (_, stdout, _) = run(&["preflight".as_ref(), pdf.as_os_str(), "--json".as_ref()]);
        let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        let mut spaces: Vec<(u64, String)> = report["images"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| (i["width_px"].as_u64().unwrap(), i["colour_space"].to_string()))
            .collect();
        spaces.sort();
        spaces
    };
    let x1a = spaces("1a");
    // The grey chart (1500 px) stays one grey channel; the colour photo (1200 px) is CMYK.
    assert_eq!(x1a[1].0, 1500);
    assert!(x1a[1].1.contains("DeviceGray"), "{x1a:?}");
    assert!(x1a[0].1.contains("DeviceCMYK"), "{x1a:?}");
}
