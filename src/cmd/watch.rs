//! `bulletin watch`: rebuild an issue whenever one of its inputs changes.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use crate::cli::WatchArgs;
use crate::cmd::findings::{failure_text, print_findings};
use crate::diag::Lang;
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
    let mut watcher = Watcher::new(Duration::from_millis(args.debounce))?;
    let mut outputs = Outputs { images: None, written: None };
    println!("watching {} (Ctrl-C to stop)", args.issue.display());
    loop {
        // Watching starts before the build, so that no change during it is missed.
        watcher.watch(outputs.ignored_in(watch_list(&engine)))?;
        rebuild(&mut engine, args, &mut outputs, lang);
        watcher.watch(outputs.ignored_in(watch_list(&engine)))?;
        let changed = watcher.wait()?;
        let names: Vec<String> = changed.iter().map(|path| shown(path)).collect();
        println!("changed: {}", names.join(", "));
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

/// Rebuilds once and writes the outputs, printing the times or the problems.
fn rebuild(engine: &mut Engine, args: &WatchArgs, outputs: &mut Outputs, lang: Lang) {
    let start = Instant::now();
    let result = engine.rebuild().and_then(|build| {
        let written = write(engine, args, outputs, &build)?;
        Ok((build, written))
    });
    match result {
        Ok((build, written)) => {
            print_findings(&build.report, lang);
            println!("{}", summary(&build, &written, start.elapsed()));
        }
        Err(err) => {
            let text = failure_text(&err, lang);
            match crate::diag::report_of(&err) {
                Some(_) => eprintln!("{text}"),
                None => eprintln!("error: {text}"),
            }
            let kept = match &outputs.written {
                Some(path) => format!("{} keeps the last good build", shown(path)),
                None => "nothing written".to_owned(),
            };
            eprintln!("rebuild failed after {}; {kept}", ms(start.elapsed()));
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
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("failed to create the folder `{}`", dir.display()))?;
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
fn summary(build: &Build, written: &Written, total: Duration) -> String {
    let t = build.timings;
    let mut steps = Vec::new();
    if !t.fonts.is_zero() {
        steps.push(format!("fonts {}", ms(t.fonts)));
    }
    steps.push(format!("load {}", ms(t.load)));
    steps.push(format!("typeset {}", ms(t.typeset)));
    steps.push(format!("PDF {}", ms(written.export_time)));
    steps.push(format!("write {}", ms(written.pdf_time)));
    if let Some((drawn, time)) = written.images {
        steps.push(format!("{drawn} page image(s) {}", ms(time)));
    }
    format!(
        "rebuilt in {}: wrote {} ({} pages, {} profile; {})",
        ms(total),
        shown(&written.pdf),
        build.document.pages().len(),
        build.profile,
        steps.join(", ")
    )
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
