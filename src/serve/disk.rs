//! Changes made outside the desk: a text editor or another program saving the issue file,
//! the publication settings, a layout or a font. The issue file is read again (the
//! desk's own writes are recognised by their text and cause nothing); anything else
//! rebuilds. What is watched is what the last rebuild read (the engine knows: layouts,
//! plugins, pictures), the publication file and the font folders. The issue file is
//! watched under its own name in its folder, whatever it becomes meanwhile (removed, a
//! link out of the project, a file again).

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use anyhow::Result;

use crate::issue::load::named_publication;
use crate::serve::desk::Desk;
use crate::watch::watcher::{WatchList, Watcher, absolute, absolute_file};

/// How long a burst of file events may last before it is acted on.
const DEBOUNCE: Duration = Duration::from_millis(60);

/// Starts watching the inputs of `desk` on a thread of its own, until `stop` is raised.
pub(crate) fn watch(desk: Arc<Desk>, stop: Arc<AtomicBool>) -> Result<()> {
    let mut watcher = Watcher::new(DEBOUNCE)?;
    let list = watch_list(&desk);
    watcher.watch(list.clone())?;
    std::thread::Builder::new().name(format!("watch-{}", desk.id)).spawn(move || {
        let mut list = list;
        while let Ok(Some(changed)) = watcher.wait_unless(&stop, &desk.inputs_changed) {
            let issue_file = absolute_file(&desk.file());
            if changed.contains(&issue_file) {
                desk.reload_from_disk();
            }
            if changed.iter().any(|path| *path != issue_file) {
                desk.refresh_publication();
                desk.work.rebuild();
            }
            // The issue may now name another publication file; a rebuild may have read
            // other files.
            let now = watch_list(&desk);
            if now != list && watcher.watch(now.clone()).is_ok() {
                list = now;
            }
        }
    })?;
    Ok(())
}

/// The issue file, its publication file, what the last rebuild read (before the first:
/// the layouts) and the font folders; never out/.
fn watch_list(desk: &Desk) -> WatchList {
    let file = desk.file();
    let mut files = vec![absolute_file(&file)];
    // Read only while it lies inside the project (it may be a link out for a while).
    let publication = desk.site.inside(&file).ok().and_then(|_| named_publication(&file));
    if let Some(publication) = publication {
        files.push(absolute_file(&desk.dir.join(publication)));
    }
    let root = &desk.site.root;
    let mut trees: Vec<PathBuf> = vec![absolute(&root.join("fonts"))];
    trees.extend(desk.site.engine.fonts.extra_paths.iter().map(|path| absolute(path)));
    match desk.inputs() {
        Some(read) => files.extend(read.files.iter().map(|path| absolute_file(path))),
        None => trees.push(absolute(&root.join("layouts"))),
    }
    files.sort();
    files.dedup();
    WatchList { files, trees, ignored: vec![absolute(&root.join("out"))] }
}
