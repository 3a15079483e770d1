//! `bulletin watch`: rebuild an issue whenever one of its inputs changes.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Result;

use crate::cli::WatchArgs;
use crate::cmd::findings::{failure_text, print_findings};
use crate::diag::{Lang, Text, TextContext};
use crate::export::pages::PageImages;
use crate::export::pdf::default_path;
use crate::issue::files::write_atomically;
use crate::issue::scratch::remove_orphans;
use crate::typeset::engine::{Build, Engine, Lifetime};
use crate::watch::watcher::{WatchList, Watcher, absolute, absolute_file};

/// Builds the issue, then watches its inputs and rebuilds on every change until Ctrl-C.
///
/// A rebuild that fails prints its problems as `bulletin build` does and writes nothing,
/// so the last good PDF stays in place.
pub(crate) fn run(args: &WatchArgs, lang: Lang) -> Result<()> {
    // Temporary folders of desks and watchers that were killed go before this one makes its own.
    remove_orphans();
    let options = args.setup.engine_options(args.pdf.output_options());
    let mut engine = Engine::open(&args.issue, &options, Lifetime::LongLived)?;
    engine.export_incrementally();
    let mut watcher = Watcher::new(Duration::from_millis(args.debounce))?;
    let mut outputs = Outputs { images: None, written: None };
    let watching = Text::new("watch-watching").arg("issue", args.issue.display().to_string());
    println!("{}", watching.render(lang));
    loop {
        // Watching starts before the build, so that no change during it is missed.
        watcher.watch(outputs.ignored_in(watch_list(&engine)))?;
        rebuild(&mut engine, args, &mut outputs, lang);
        watcher.watch(outputs.ignored_in(watch_list(&engine)))?;
        let changed = watcher.wait()?;
        let names: Vec<String> = changed.iter().map(|path| shown(path)).collect();
        println!("{}", Text::new("watch-changed").arg("names", names.join(", ")).render(lang));
    }
}

/// What the engine's next rebuild reads, as absolute paths.
fn watch_list(engine: &Engine) -> WatchList {
    let inputs = engine.inputs();
    WatchList {
        files: inputs.files.iter().map(|path| absolute_file(path)).collect(),
        trees: inputs.trees.iter().map(|path| absolute(path)).collect(),
        ignored: Vec::new(),
    }
}

/// What the rebuilds wrote.
struct Outputs {
    /// The page images, once the first rebuild made their folder.
    images: Option<PageImages>,
    /// The PDF last written.
    written: Option<PathBuf>,
}

impl Outputs {
    /// `list`, with the outputs ignored, so that writing them triggers no rebuild.
    fn ignored_in(&self, mut list: WatchList) -> WatchList {
        list.ignored.extend(self.written.iter().cloned());
        list.ignored.extend(self.images.iter().map(|images| absolute(images.dir())));
        list
    }
}

/// Rebuilds once and writes the outputs, printing the times or the problems; Typst's
/// cache is trimmed once the PDF is written.
fn rebuild(engine: &mut Engine, args: &WatchArgs, outputs: &mut Outputs, lang: Lang) {
    let start = Instant::now();
    let result = engine.rebuild_untrimmed().and_then(|build| {
        let written = write(engine, args, outputs, &build)?;
        Ok((build, written))
    });
    engine.trim_cache();
    match result {
        Ok((build, written)) => {
            print_findings(&build.report, lang);
            println!("{}", summary(&build, &written, start.elapsed(), lang));
        }
        Err(err) => {
            let text = failure_text(&err, lang);
            match crate::diag::report_of(&err) {
                Some(_) => eprintln!("{text}"),
                None => eprintln!("error: {text}"),
            }
            let kept = match &outputs.written {
                Some(path) => Text::new("watch-kept").arg("path", shown(path)),
                None => Text::new("watch-nothing-written"),
            };
            let failed =
                Text::new("watch-failed").arg("time", ms(start.elapsed())).arg("kept", kept);
            eprintln!("{}", failed.render(lang));
        }
    }
}

/// What one rebuild wrote and how long that took.
struct Written {
    pdf: PathBuf,
    export_time: Duration,
    pdf_time: Duration,
    images: Option<(usize, Duration)>,
}

/// Writes the PDF and, if asked, the page images that changed.
fn write(
    engine: &Engine,
    args: &WatchArgs,
    outputs: &mut Outputs,
    build: &Build,
) -> Result<Written> {
    let start = Instant::now();
    let bytes = engine.export_pdf(build)?;
    let export_time = start.elapsed();
    let start = Instant::now();
    let pdf = match &args.output {
        Some(path) => path.clone(),
        None => default_path(&engine.project().root, &build.issue.id, build.profile)?,
    };
    write_atomically(&pdf, &bytes)?;
    outputs.written = Some(absolute(&pdf));
    let pdf_time = start.elapsed();
    let images = if args.png {
        let start = Instant::now();
        let dir = pdf.with_extension("");
        if outputs.images.as_ref().is_none_or(|images| images.dir() != dir) {
            std::fs::create_dir_all(&dir).text_context(|| {
                Text::new("folder-uncreatable").arg("dir", dir.display().to_string())
            })?;
            outputs.images = Some(PageImages::new(&dir, args.ppi));
        }
        let images = outputs.images.as_mut().expect("set above");
        let drawn = images.update(&build.document)?;
        Some((drawn, start.elapsed()))
    } else {
        None
    };
    Ok(Written { pdf, export_time, pdf_time, images })
}

/// The line printed after a good rebuild: what was written, and where the time went.
fn summary(build: &Build, written: &Written, total: Duration, lang: Lang) -> String {
    let t = build.timings;
    let mut steps = Vec::new();
    let step = |id: &'static str, time: Duration| Text::new(id).arg("time", ms(time));
    if !t.fonts.is_zero() {
        steps.push(step("watch-step-fonts", t.fonts));
    }
    steps.push(step("watch-step-load", t.load));
    steps.push(step("watch-step-typeset", t.typeset));
    steps.push(step("watch-step-pdf", written.export_time));
    steps.push(step("watch-step-write", written.pdf_time));
    if let Some((drawn, time)) = written.images {
        steps.push(step("watch-step-images", time).arg("count", drawn));
    }
    let steps: Vec<String> = steps.iter().map(|step| step.render(lang)).collect();
    Text::new("watch-rebuilt")
        .arg("time", ms(total))
        .arg("pdf", shown(&written.pdf))
        .arg("pages", build.document.pages().len())
        .arg(
            "profile",
            Text::new(match build.profile {
                crate::issue::model::Profile::Print => "watch-profile-print",
                crate::issue::model::Profile::Screen => "watch-profile-screen",
            }),
        )
        .arg("steps", steps.join(&Text::new("list-separator").render(lang)))
        .render(lang)
}

/// A duration in milliseconds, to a tenth below ten.
fn ms(duration: Duration) -> String {
    let ms = duration.as_secs_f64() * 1000.0;
    if ms < 10.0 { format!("{ms:.1} ms") } else { format!("{ms:.0} ms") }
}

/// `path` relative to the current folder if it lies below it.
fn shown(path: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    path.strip_prefix(&cwd).unwrap_or(path).display().to_string()
}
