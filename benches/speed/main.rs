//! `cargo bench --bench speed`: how fast `bulletin` is, side by side with the stock Typst
//! CLI on the same layouts, data and fonts. Prints medians with min and max; no thresholds.
//!
//! Options (after `--`): `--quick` (3 runs instead of 20, for CI), `--runs N`,
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
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
                options.runs = 3;
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
    let typst_args = options.typst.as_ref().map(|_| {
        let json = work.join("issue.json");
        inprocess::write_layout_data(&sample, &json);
        let rooted = Path::new("/").join(json.strip_prefix(&repo).expect("inside the repo"));
        let input = format!("issue={}", rooted.display());
        os(&[
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
            &repo.join("layouts/main.typ"),
            &work.join("out/typst.pdf"),
        ])
    });
    let mut ours: Vec<Run> = Vec::new();
    let mut theirs: Vec<Run> = Vec::new();
    if let (Some(typst), Some(args)) = (&options.typst, &typst_args) {
        run(typst, &refs(args), &repo);
    }
    for round in 0..options.runs {
        // Who goes first alternates, so that neither always follows the other.
        if let (Some(typst), Some(args)) = (&options.typst, &typst_args) {
            if round % 2 == 1 {
                theirs.push(run(typst, &refs(args), &repo));
                ours.push(run(&bulletin, &refs(&build), &repo));
            } else {
                ours.push(run(&bulletin, &refs(&build), &repo));
                theirs.push(run(typst, &refs(args), &repo));
            }
        } else {
            ours.push(run(&bulletin, &refs(&build), &repo));
        }
    }
    let cold = Stats::of_durations(&ours.iter().map(|r| r.wall).collect::<Vec<_>>());
    let pages = report::pdf_pages(&sample_pdf);
    table.seconds(&format!("cold build, sample ({pages} pages), whole process"), cold, None);
    match &options.typst {
        Some(typst) => {
            let typst_pages = report::pdf_pages(&work.join("out/typst.pdf"));
            assert_eq!(pages, typst_pages, "typst compile set other pages: not the same work");
            let walls: Vec<_> = theirs.iter().map(|r| r.wall).collect();
            table.seconds(
                &format!("typst compile {TYPST_VERSION}, same layouts, data and fonts"),
                Stats::of_durations(&walls),
                None,
            );
            let ratios: Vec<f64> = ours
                .iter()
                .zip(&theirs)
                .map(|(a, b)| a.wall.as_secs_f64() / b.wall.as_secs_f64())
                .collect();
            table.ratio("bulletin / typst, paired runs", Stats::of(&ratios), "≤ 0.8", 0.8);
            table.note(&format!("typst CLI: {}", typst.display()));
        }
        None => table.note(
            "typst comparison left out: no typst 0.15.1 CLI found \
             (bench/install-typst.sh installs one into target/typst-cli)",
        ),
    }
    let memory: Vec<f64> = ours.iter().map(|r| r.peak_rss as f64 / 1048576.0).collect();
    table.mebibytes("peak memory of the cold build", Stats::of(&memory), "≤ 300", 300.0);
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
    let rounds = if options.quick { 1 } else { 3 };
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
    table.seconds("24 issues, bulletin build issues/ (all cores)", batch, None);
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
