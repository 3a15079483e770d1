//! `bulletin watch`: rebuild an issue whenever one of its inputs changes.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use crate::cli::WatchArgs;
use crate::diag::ProblemsFound;
use crate::export::pages::PageImages;
use crate::export::pdf::default_path;
use crate::export::write::write_atomically;
use crate::typeset::session::{Rebuilt, Session};
use crate::watch::watcher::absolute;
use crate::watch::watcher::{WatchList, Watcher};

/// Builds the issue, then watches its inputs and rebuilds on every change until Ctrl-C.
///
/// A rebuild that fails prints its problems as `bulletin build` does and writes nothing,
/// so the last good PDF stays in place.
pub fn run(args: &WatchArgs) -> Result<()> {
    let mut session = Session::new(&args.issue, &args.setup, &args.pdf.output_options())?;
    let mut watcher = Watcher::new(Duration::from_millis(args.debounce))?;
    let mut outputs = Outputs { images: None, written: None };
    println!("watching {} (Ctrl-C to stop)", args.issue.display());
    let mut changed = Vec::new();
    loop {
        // Watching starts before the build, so that no change during it is missed.
        watcher.watch(outputs.ignored_in(session.watch_list()))?;
        rebuild(&mut session, &changed, args, &mut outputs);
        watcher.watch(outputs.ignored_in(session.watch_list()))?;
        changed = watcher.wait()?;
        let names: Vec<String> = changed.iter().map(|path| shown(path)).collect();
        println!("changed: {}", names.join(", "));
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
fn rebuild(session: &mut Session, changed: &[PathBuf], args: &WatchArgs, outputs: &mut Outputs) {
    let start = Instant::now();
    let result = session.rebuild(changed).and_then(|rebuilt| {
        let written = write(session, args, outputs, &rebuilt)?;
        Ok((rebuilt, written))
    });
    match result {
        Ok((rebuilt, written)) => println!("{}", summary(&rebuilt, &written, start.elapsed())),
        Err(err) => {
            match err.downcast_ref::<ProblemsFound>() {
                Some(problems) => eprintln!("{problems}"),
                None => eprintln!("error: {err:#}"),
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
    pdf_time: Duration,
    images: Option<(usize, Duration)>,
}

/// Writes the PDF and, if asked, the page images that changed.
fn write(
    session: &Session,
    args: &WatchArgs,
    outputs: &mut Outputs,
    rebuilt: &Rebuilt,
) -> Result<Written> {
    let start = Instant::now();
    let pdf = match &args.output {
        Some(path) => path.clone(),
        None => default_path(&session.project().root, &rebuilt.issue.id, rebuilt.profile)?,
    };
    write_atomically(&pdf, &rebuilt.pdf)?;
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
        let drawn = images.update(&rebuilt.document)?;
        Some((drawn, start.elapsed()))
    } else {
        None
    };
    Ok(Written { pdf, pdf_time, images })
}

/// The line printed after a good rebuild: what was written, and where the time went.
fn summary(rebuilt: &Rebuilt, written: &Written, total: Duration) -> String {
    let t = rebuilt.timings;
    let mut steps = Vec::new();
    if !t.fonts.is_zero() {
        steps.push(format!("fonts {}", ms(t.fonts)));
    }
    steps.push(format!("load {}", ms(t.load)));
    steps.push(format!("typeset {}", ms(t.typeset)));
    steps.push(format!("PDF {}", ms(t.export)));
    steps.push(format!("write {}", ms(written.pdf_time)));
    if let Some((drawn, time)) = written.images {
        steps.push(format!("{drawn} page image(s) {}", ms(time)));
    }
    format!(
        "rebuilt in {}: wrote {} ({} pages, {} profile; {})",
        ms(total),
        shown(&written.pdf),
        rebuilt.document.pages().len(),
        rebuilt.profile,
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
