//! `cargo bench --bench speed`: how fast `bulletin` is, side by side with the stock Typst
//! CLI on the same layouts, data and fonts. Prints medians with min and max; no thresholds.
//!
//! Options (after `--`): `--quick` (9 runs instead of 20, for CI), `--runs N`,
//! `--typst PATH`.

mod corpus;
mod desk;
mod inprocess;
mod measure;
mod report;

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};

use measure::{Run, Stats, run};
use report::Table;

/// The in-process measurements use the allocator the `bulletin` binary uses.
#[global_allocator]
static ALLOCATOR: bulletin::typeset::allocator::Allocator = bulletin::typeset::allocator::Allocator;

/// What the command line asked for.
struct Options {
    runs: usize,
    quick: bool,
    typst: Option<PathBuf>,
}

fn options() -> Options {
    let mut options = Options { runs: 20, quick: false, typst: None };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--quick" => {
                options.quick = true;
                // Enough for a median a noisy machine does not swing by a tenth (3 did:
                // 0.28 and 0.36 on the anchor in two CI runs of the same cold build).
                options.runs = 9;
            }
            "--runs" => {
                options.runs = args.next().and_then(|n| n.parse().ok()).expect("--runs N");
            }
            "--typst" => options.typst = args.next().map(PathBuf::from),
            // cargo bench passes --bench; filters are not used.
            _ => {}
        }
    }
    options.typst = options.typst.or_else(|| find_typst(&repo()));
    options
}

/// The repository, holding layouts/, fonts/ and issues/.
fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies the layouts folder `from` (with its components) to `to`, replacing what was there.
fn copy_layouts(from: &Path, to: &Path) {
    let _ = std::fs::remove_dir_all(to);
    for entry in walk(from) {
        let target = to.join(entry.strip_prefix(from).expect("inside the layouts"));
        std::fs::create_dir_all(target.parent().expect("a folder")).expect("folder made");
        std::fs::copy(&entry, &target).expect("layout file copied");
    }
}

/// Every file under `dir`, at any depth.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("folder read") {
        let path = entry.expect("folder entry").path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

/// The `typst` CLI of the same version as the crates: `$BULLETIN_BENCH_TYPST`, then the
/// one `bench/install-typst.sh` puts in target/typst-cli, then `typst` on the PATH.
fn find_typst(repo: &Path) -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("BULLETIN_BENCH_TYPST").map(PathBuf::from),
        Some(repo.join("target/typst-cli/bin/typst")),
        Some(PathBuf::from("typst")),
    ];
    candidates.into_iter().flatten().find(|path| {
        std::process::Command::new(path)
            .arg("--version")
            .output()
            .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).contains(TYPST_VERSION))
    })
}

/// The version of the typst crates this build uses.
const TYPST_VERSION: &str = "0.15.1";

fn os(args: &[&dyn AsRef<OsStr>]) -> Vec<OsString> {
    args.iter().map(|arg| arg.as_ref().to_owned()).collect()
}

fn refs(args: &[OsString]) -> Vec<&OsStr> {
    args.iter().map(OsString::as_os_str).collect()
}

fn main() {
    // The in-process measurements run with the allocator set up as `bulletin` sets it.
    bulletin::typeset::memory::no_huge_pages();
    let options = options();
    let repo = repo();
    let bulletin = PathBuf::from(env!("CARGO_BIN_EXE_bulletin"));
    let work = repo.join("target/bench");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(work.join("out")).expect("bench folder created");
    let sample = repo.join("issues/2023-08");
    let sample_pdf = work.join("out/sample.pdf");
    let mut table = Table::new(&report::machine());

    // Cold builds: bulletin and the typst CLI on the same work, alternating, so that
    // both see the same state of the machine.
    let build = os(&[&"build", &sample, &"-o", &sample_pdf]);
    run(&bulletin, &refs(&build), &repo); // warm the page cache
    // The typst CLI on the same layouts, and on the anchor of this round: today's layouts
    // with the Typst-script line breaker of commit 127d248 (benches/speed/anchor), which
    // the compiled breaker replaced.
    let anchor_layouts = work.join("anchor-layouts");
    copy_layouts(&repo.join("layouts"), &anchor_layouts);
    std::fs::copy(repo.join("benches/speed/anchor/lines.typ"), anchor_layouts.join("lines.typ"))
        .expect("the anchor's line breaker copied");
    let typst_args = |main: &Path, pdf: &Path| -> Option<Vec<OsString>> {
        options.typst.as_ref()?;
        let json = work.join("issue.json");
        inprocess::write_layout_data(&sample, &json);
        let rooted = Path::new("/").join(json.strip_prefix(&repo).expect("inside the repo"));
        let input = format!("issue={}", rooted.display());
        Some(os(&[
            &"compile",
            &"--root",
            &repo,
            &"--font-path",
            &repo.join("fonts"),
            &"--ignore-system-fonts",
            &"--ignore-embedded-fonts",
            &"--input",
            &input,
            &"--input",
            &"profile=print",
            &"--creation-timestamp",
            &"1691625600",
            &main,
            &pdf,
        ]))
    };
    let same = typst_args(&repo.join("layouts/main.typ"), &work.join("out/typst.pdf"));
    let anchor = typst_args(&anchor_layouts.join("main.typ"), &work.join("out/typst-anchor.pdf"));
    let mut ours: Vec<Run> = Vec::new();
    let mut theirs: Vec<Run> = Vec::new();
    let mut anchored: Vec<Run> = Vec::new();
    if let (Some(typst), Some(same), Some(anchor)) = (&options.typst, &same, &anchor) {
        run(typst, &refs(same), &repo);
        run(typst, &refs(anchor), &repo);
    }
    for round in 0..options.runs {
        // Who goes first rotates, so that none always follows another.
        if let (Some(typst), Some(same), Some(anchor)) = (&options.typst, &same, &anchor) {
            for turn in 0..3 {
                match (round + turn) % 3 {
                    0 => ours.push(run(&bulletin, &refs(&build), &repo)),
                    1 => theirs.push(run(typst, &refs(same), &repo)),
                    _ => anchored.push(run(typst, &refs(anchor), &repo)),
                }
            }
        } else {
            ours.push(run(&bulletin, &refs(&build), &repo));
        }
    }
    let cold = Stats::of_durations(&ours.iter().map(|r| r.wall).collect::<Vec<_>>());
    let pages = report::pdf_pages(&sample_pdf);
    table.seconds(&format!("cold build, sample ({pages} pages), whole process"), cold, None);
    let paired = |other: &[Run]| -> Stats {
        let ratios: Vec<f64> = ours
            .iter()
            .zip(other)
            .map(|(a, b)| a.wall.as_secs_f64() / b.wall.as_secs_f64())
            .collect();
        Stats::of(&ratios)
    };
    let mut typst_memory = None;
    match &options.typst {
        Some(typst) => {
            for pdf in ["out/typst.pdf", "out/typst-anchor.pdf"] {
                let typst_pages = report::pdf_pages(&work.join(pdf));
                assert_eq!(pages, typst_pages, "typst compile set other pages: not the same work");
            }
            let walls: Vec<_> = theirs.iter().map(|r| r.wall).collect();
            table.seconds(
                &format!("typst compile {TYPST_VERSION}, same layouts, data and fonts"),
                Stats::of_durations(&walls),
                None,
            );
            table.ratio("bulletin / typst, paired runs", paired(&theirs), "≤ 0.6", 0.6);
            let walls: Vec<_> = anchored.iter().map(|r| r.wall).collect();
            table.seconds(
                &format!("typst compile {TYPST_VERSION}, anchor layouts (127d248, script breaker)"),
                Stats::of_durations(&walls),
                None,
            );
            table.ratio(
                "bulletin / typst on the anchor layouts, paired",
                paired(&anchored),
                "≤ 0.35",
                0.35,
            );
            let memory: Vec<f64> = theirs.iter().map(|r| r.peak_rss as f64 / 1048576.0).collect();
            let memory = Stats::of(&memory);
            table.mebibytes("peak memory of typst compile, same work", memory, "≤ 300", 300.0);
            typst_memory = Some(memory.median);
            table.note(&format!("typst CLI: {}", typst.display()));
        }
        None => table.note(
            "typst comparison left out: no typst 0.15.1 CLI found \
             (bench/install-typst.sh installs one into target/typst-cli)",
        ),
    }
    let memory: Vec<f64> = ours.iter().map(|r| r.peak_rss as f64 / 1048576.0).collect();
    let memory = Stats::of(&memory);
    table.mebibytes("peak memory of the cold build", memory, "≤ 300", 300.0);
    if let Some(typst) = typst_memory {
        table.single_ratio(
            "peak memory, bulletin / typst compile (medians)",
            memory.median / typst,
            "≤ 1",
            1.0,
            false,
        );
    }
    let size = std::fs::metadata(&sample_pdf).expect("the PDF was written").len();
    table.single_mebibytes("PDF size, sample (print profile)", size as f64 / 1048576.0, 2.0);

    // Where a cold build's time goes, in-process.
    inprocess::cold_breakdown(&sample, &mut table);

    // The watch path: one paragraph changes, the long-lived engine rebuilds.
    inprocess::warm_rebuild(&sample, &work.join("warm"), options.runs * 2, &mut table);

    // Page images at 144 ppi, in-process before the desk: its server sets the process's
    // allocator up for a long-running server (typeset::memory), as `bulletin serve` does.
    inprocess::render(&sample, 144, &mut table);

    // The desk: an edit received → the changed pages ready to send.
    desk::edit_to_pages(&repo, &work, 40, &mut table);

    let pngs = work.join("out/png");
    let render_args = os(&[&"render", &sample, &"--ppi", &"144", &"-o", &pngs]);
    let renders: Vec<_> =
        (0..options.runs.min(5)).map(|_| run(&bulletin, &refs(&render_args), &repo).wall).collect();
    table.seconds("bulletin render --ppi 144, whole process", Stats::of_durations(&renders), None);

    // The archive: 24 issues at once on every core, against 24 builds one by one.
    let issues = corpus::archive(&work, &sample);
    let archive_dir = work.join("issues");
    let batch_out = work.join("out/batch");
    std::fs::create_dir_all(&batch_out).expect("batch folder created");
    let batch_args = os(&[&"build", &archive_dir, &"--out-dir", &batch_out]);
    // Three rounds even when quick: one batch is a single figure of about two seconds,
    // which a noisy machine moves by a fifth either way.
    let rounds = if options.quick { 3 } else { 5 };
    let mut batch = Vec::new();
    let mut single = Vec::new();
    for _ in 0..rounds {
        batch.push(run(&bulletin, &refs(&batch_args), &repo).wall);
        let start = std::time::Instant::now();
        for dir in &issues {
            let args = os(&[&"build", dir, &"-o", &batch_out.join("single.pdf")]);
            run(&bulletin, &refs(&args), &repo);
        }
        single.push(start.elapsed());
    }
    let batch = Stats::of_durations(&batch);
    let single = Stats::of_durations(&single);
    table.seconds("24 issues, bulletin build issues/ (all cores)", batch, Some(2.0));
    table.seconds("24 issues, one bulletin build after another", single, None);
    table.single_ratio(
        "batch speed-up (medians)",
        single.median / batch.median,
        "≥ 1.7",
        1.7,
        true,
    );

    // Growth with size: the sample ten times over.
    let scaled = corpus::scaled(&work, &sample, 10);
    let scaled_pdf = work.join("out/scaled.pdf");
    let scaled_args = os(&[&"build", &scaled, &"-o", &scaled_pdf]);
    let scaled_runs: Vec<_> =
        (0..options.runs.min(5)).map(|_| run(&bulletin, &refs(&scaled_args), &repo).wall).collect();
    let scaled = Stats::of_durations(&scaled_runs);
    let scaled_pages = report::pdf_pages(&scaled_pdf);
    table.seconds(&format!("cold build, 10× issue ({scaled_pages} pages)"), scaled, None);
    table.single_ratio(
        "10× issue / sample (medians)",
        scaled.median / cold.median,
        "≤ 12",
        12.0,
        false,
    );

    // Growth with a paragraph's length: one run of 50,000 Chinese characters, which the
    // line breaker breaks into about 1,250 lines.
    let long = corpus::long_paragraph(&work, &sample, 50_000);
    let long_args = os(&[&"check", &long]);
    let long_runs: Vec<_> =
        (0..options.runs.min(5)).map(|_| run(&bulletin, &refs(&long_args), &repo).wall).collect();
    table.seconds(
        "bulletin check, one paragraph of 50,000 characters",
        Stats::of_durations(&long_runs),
        None,
    );
    print!("{table}");
}
