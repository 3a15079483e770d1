//! One open issue: its file's text and revision, the document with its keys, the last
//! build's status, its events, who has it open; saves through the one writer (each
//! checked against the file as it is on disk, and refused if the file written could not
//! be opened again), reloads after outside changes, and hands rebuilds to its worker.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::http::StatusCode;
use serde_json::Value;
use sha2::{Digest, Sha256};
use tokio::sync::broadcast;

use crate::diag::{Lang, Report};
use crate::import::attribution::default_compiler;
use crate::import::{docx, pictures};
use crate::issue::calendar::ISSUE_FILE;
use crate::issue::files::{MAX_FILE_BYTES, write_atomically};
use crate::issue::load::load_publication;
use crate::issue::save::{
    Draft, DraftArticle, Origin, Paragraph, Unreadable, append_articles, draft_toml, read_draft,
};
use crate::serve::document::{Keys, PublicationInfo, from_json, to_json};
use crate::serve::error::ApiError;
use crate::serve::exports::ExportInfo;
use crate::serve::images::PageImages;
use crate::serve::presence::Presence;
use crate::serve::queue::Work;
use crate::serve::site::Site;
use crate::serve::status::{Placed, Status};

/// What a desk tells the event streams of its issue.
#[derive(Debug, Clone)]
pub(crate) enum DeskEvent {
    /// A save or a Word import wrote the file.
    Saved { revision: String, client: Option<String> },
    /// The file changed on disk; it was read again, with new keys.
    Reloaded { revision: String },
    /// A rebuild started.
    Building { revision: String },
    /// A rebuild ended.
    Rebuilt(Arc<Status>),
    /// A PDF was exported.
    Exported(ExportInfo),
}

/// One issue open in the desk.
pub(crate) struct Desk {
    /// The issue's id, its folder's name.
    pub(crate) id: String,
    /// The issue folder, canonical.
    pub(crate) dir: PathBuf,
    pub(crate) site: Arc<Site>,
    state: Mutex<State>,
    /// The issue's events, for every stream open on it.
    pub(crate) events: broadcast::Sender<DeskEvent>,
    /// Its pages' images.
    pub(crate) images: PageImages,
    /// Rebuilds and exports waiting for the worker.
    pub(crate) work: Work,
    /// Its tabs and its last use.
    pub(crate) presence: Arc<Presence>,
    /// Raised when the issue is put to sleep: its watcher stops.
    pub(crate) asleep: Arc<AtomicBool>,
    /// Which opening of the issue in this server this is: keys are valid for one only.
    pub(crate) opening: u64,
}

struct State {
    /// The file's text as last written or read.
    text: String,
    revision: String,
    /// The document, unless the file cannot be read as one.
    document: Result<(Draft, Keys), Unreadable>,
    key_counter: u64,
    publication: Option<PublicationInfo>,
    status: Option<Arc<Status>>,
    last_good: Option<Arc<Placed>>,
    exports: [Option<ExportInfo>; 2],
}

/// The revision of a file's text: a hash of its bytes, so equal texts are equal revisions.
pub(crate) fn revision_of(text: &str) -> String {
    Sha256::digest(text.as_bytes())[..8].iter().map(|b| format!("{b:02x}")).collect()
}

impl Desk {
    /// Opens issue `id` for the `opening`th time: reads its file (inside the project
    /// only) and its publication. The caller starts the worker and the watcher.
    pub(crate) fn open(site: Arc<Site>, id: &str, opening: u64) -> Result<Self, ApiError> {
        let dir = site.issue_dir(id)?;
        let text = site.read_issue_file(&dir)?;
        let document = read_draft(&text);
        if let Err(unreadable) = &document {
            return Err(unreadable_error(unreadable));
        }
        let mut key_counter = 0;
        let document = document.map(|draft| {
            let keys = Keys::fresh(&draft, &mut key_counter);
            (draft, keys)
        });
        let publication = publication_info(&site, &dir, document.as_ref().ok().map(|(d, _)| d));
        let (events, _) = broadcast::channel(256);
        Ok(Self {
            id: id.to_owned(),
            dir,
            site,
            state: Mutex::new(State {
                revision: revision_of(&text),
                text,
                document,
                key_counter,
                publication,
                status: None,
                last_good: None,
                exports: [None, None],
            }),
            events,
            images: PageImages::default(),
            work: Work::default(),
            presence: Arc::default(),
            asleep: Arc::default(),
            opening,
        })
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The path of the issue file.
    pub(crate) fn file(&self) -> PathBuf {
        self.dir.join(ISSUE_FILE)
    }

    /// Tells the streams; nobody listening is fine.
    pub(crate) fn publish(&self, event: DeskEvent) {
        let _ = self.events.send(event);
    }

    /// The current revision.
    pub(crate) fn revision(&self) -> String {
        self.lock().revision.clone()
    }

    /// The current revision and the keys of its document.
    pub(crate) fn snapshot(&self) -> (String, Keys) {
        let state = self.lock();
        let keys = state.document.as_ref().map(|(_, keys)| keys.clone()).unwrap_or_default();
        (state.revision.clone(), keys)
    }

    /// The latest status.
    pub(crate) fn status(&self) -> Option<Arc<Status>> {
        self.lock().status.clone()
    }

    /// The placement of the last build that typeset.
    pub(crate) fn last_good(&self) -> Option<Arc<Placed>> {
        self.lock().last_good.clone()
    }

    /// Records a rebuild's status and tells the streams.
    pub(crate) fn set_status(&self, status: Status) {
        let status = Arc::new(status);
        {
            let mut state = self.lock();
            if status.typeset {
                state.last_good = status.placed.clone();
            }
            state.status = Some(status.clone());
        }
        self.publish(DeskEvent::Rebuilt(status));
    }

    /// The last export of each kind made by this server: print, screen.
    pub(crate) fn exports(&self) -> [Option<ExportInfo>; 2] {
        self.lock().exports.clone()
    }

    /// Records an export and tells the streams.
    pub(crate) fn set_export(&self, slot: usize, info: ExportInfo) {
        self.lock().exports[slot] = Some(info.clone());
        self.publish(DeskEvent::Exported(info));
    }

    /// The publication context of the document.
    pub(crate) fn publication(&self) -> Option<PublicationInfo> {
        self.lock().publication.clone()
    }

    /// `GET /api/issues/{id}`'s answer.
    pub(crate) fn document_json(&self, lang: Lang) -> Result<Value, ApiError> {
        let state = self.lock();
        let (draft, keys) = state.document.as_ref().map_err(unreadable_error)?;
        let issue = to_json(&self.id, state.publication.as_ref(), draft, keys);
        let status = state.status.as_ref().map(|status| status.to_json(lang, &self.site));
        Ok(serde_json::json!({ "revision": state.revision, "issue": issue, "status": status }))
    }

    /// Saves a client's document, based on revision `base`; gives the new revision (the
    /// same when the document is what the file holds already).
    pub(crate) fn save(
        &self,
        base: &str,
        document: Value,
        client: Option<String>,
    ) -> Result<String, ApiError> {
        let mut state = self.lock();
        self.check_base(&mut state, base)?;
        let (draft, keys) = state.document.as_ref().map_err(unreadable_error)?;
        let (draft, keys) = from_json(document, draft, keys)?;
        let text = draft_toml(&draft, Some(&state.text))?;
        if text == state.text {
            return Ok(state.revision.clone());
        }
        writable(&text)?;
        self.write(&mut state, text, Some(keys))?;
        let revision = state.revision.clone();
        drop(state);
        self.publish(DeskEvent::Saved { revision: revision.clone(), client });
        self.work.rebuild();
        Ok(revision)
    }

    /// Adds the article of a Word file to the section keyed `section`, as `bulletin
    /// import` does: `(revision, key of the new article)`; its findings in `lang`.
    pub(crate) fn import_docx(
        &self,
        base: &str,
        section: &str,
        name: &str,
        bytes: &[u8],
        lang: Lang,
    ) -> Result<(String, String), ApiError> {
        let mut state = self.lock();
        self.check_base(&mut state, base)?;
        let (draft, keys) = state.document.as_ref().map_err(unreadable_error)?;
        let s = keys.find_section(section).ok_or_else(ApiError::not_found)?;
        let office = state
            .publication
            .as_ref()
            .map_or_else(|| default_compiler("电子商务动态"), |p| p.compiler.clone());
        let mut report = Report::default();
        let file_name = Path::new(name)
            .file_name()
            .map_or_else(|| PathBuf::from("document.docx"), PathBuf::from);
        let Some(mut article) = docx::read(&file_name, bytes, &office, &mut report) else {
            return Err(import_failed(&report, name, lang));
        };
        // The pictures go beside the issue file, as `bulletin import` puts them.
        let pictures = pictures::place(&self.dir, std::slice::from_mut(&mut article))?;
        let name_of = &draft.sections[s].name;
        let unique = draft.sections.iter().filter(|other| &other.name == name_of).count() == 1;
        let text = if unique {
            append_articles(&state.text, name_of, std::slice::from_ref(&article))?
        } else {
            let mut draft = draft.clone();
            let mut added = DraftArticle::from(&article);
            added.origin = Origin::New;
            draft.sections[s].articles.push(added);
            draft_toml(&draft, Some(&state.text))?
        };
        let mut keys = keys.clone();
        state.key_counter += 1;
        let key = format!("a{}", state.key_counter);
        keys.push_article(s, key.clone());
        let written = writable(&text).and_then(|()| self.write(&mut state, text, Some(keys)));
        if let Err(err) = written {
            pictures::remove(&pictures);
            return Err(err);
        }
        let revision = state.revision.clone();
        drop(state);
        self.publish(DeskEvent::Saved { revision: revision.clone(), client: None });
        self.work.rebuild();
        Ok((revision, key))
    }

    /// Refuses a change based on `base` unless that is the file as it is now: the desk's
    /// revision, and the text on disk, read again under the same lock the write takes. A
    /// file another program changed since the desk last read it is taken now (the client
    /// hears `reloaded`) and the change is refused as stale, so that it cannot overwrite
    /// what the other program wrote.
    fn check_base(&self, state: &mut State, base: &str) -> Result<(), ApiError> {
        if base != state.revision {
            return Err(ApiError::stale(&state.revision));
        }
        let text = self.site.read_issue_file(&self.dir)?;
        if text == state.text {
            return Ok(());
        }
        self.adopt(state, text, None);
        let revision = state.revision.clone();
        self.publish(DeskEvent::Reloaded { revision: revision.clone() });
        self.work.rebuild();
        Err(ApiError::stale(&revision))
    }

    /// Writes `text` as the issue file and makes it the current revision, with `keys`
    /// when they fit the document read back (new keys otherwise).
    fn write(&self, state: &mut State, text: String, keys: Option<Keys>) -> Result<(), ApiError> {
        let path = self.site.inside(&self.file())?;
        write_atomically(&path, text.as_bytes())?;
        self.adopt(state, text, keys);
        Ok(())
    }

    /// Makes `text` the current revision.
    fn adopt(&self, state: &mut State, text: String, keys: Option<Keys>) {
        let mut counter = state.key_counter;
        state.document = read_draft(&text).map(|draft| {
            let keys = keys
                .filter(|keys| keys.fit(&draft))
                .unwrap_or_else(|| Keys::fresh(&draft, &mut counter));
            (draft, keys)
        });
        state.key_counter = counter;
        state.publication =
            publication_info(&self.site, &self.dir, state.document.as_ref().ok().map(|(d, _)| d));
        state.revision = revision_of(&text);
        state.text = text;
    }

    /// Reads the file again after a change on disk; when its text is not what the desk
    /// last wrote or read, takes it with new keys, tells the streams and rebuilds.
    pub(crate) fn reload_from_disk(&self) {
        // Read under the lock the desk's writes take: read before it, the text could be a
        // save of the desk's own that a newer save has replaced meanwhile, and would be
        // taken for another program's.
        let mut state = self.lock();
        let text = match self.site.read_issue_file(&self.dir) {
            Ok(text) => text,
            // Gone or moved outside: the next change will tell; a rebuild reports it.
            Err(_) => {
                drop(state);
                self.work.rebuild();
                return;
            }
        };
        if text == state.text {
            return;
        }
        self.adopt(&mut state, text, None);
        let revision = state.revision.clone();
        drop(state);
        self.publish(DeskEvent::Reloaded { revision });
        self.work.rebuild();
    }

    /// The publication settings changed: their context is read again.
    pub(crate) fn refresh_publication(&self) {
        let mut state = self.lock();
        state.publication =
            publication_info(&self.site, &self.dir, state.document.as_ref().ok().map(|(d, _)| d));
    }
}

/// Refuses a text the desk must not write: one larger than any reader of issue files
/// opens (after a restart the desk itself could not open it), naming the article that
/// holds the most of it (the text is read as a document only then).
fn writable(text: &str) -> Result<(), ApiError> {
    if text.len() as u64 <= MAX_FILE_BYTES {
        return Ok(());
    }
    let draft = read_draft(text).map_err(|unreadable| unreadable_error(&unreadable))?;
    let largest = draft
        .sections
        .iter()
        .flat_map(|section| section.articles.iter().map(move |article| (section, article)))
        .max_by_key(|(_, article)| {
            let text = |paragraph: &Paragraph| match paragraph {
                Paragraph::Text(text) | Paragraph::Other(text) => text.len(),
            };
            article.paragraphs.iter().map(text).sum::<usize>() + article.title.len()
        });
    let (section, title) =
        largest.map_or((String::new(), String::new()), |(s, a)| (s.name.clone(), a.title.clone()));
    let mb = |bytes: u64| format!("{:.1}", bytes as f64 / (1024.0 * 1024.0));
    Err(ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "issue_too_large")
        .arg("size", mb(text.len() as u64))
        .arg("max", mb(MAX_FILE_BYTES))
        .arg("section", &section)
        .arg("article", &title)
        .with("section", section)
        .with("article", title))
}

/// The publication context of `draft`, when its file can be read inside the project.
fn publication_info(site: &Site, dir: &Path, draft: Option<&Draft>) -> Option<PublicationInfo> {
    let name = draft?.publication.as_deref()?;
    let path = site.inside(&dir.join(name)).ok()?;
    let publication = load_publication(&path).ok()?;
    Some(PublicationInfo {
        compiler: default_compiler(&publication.title),
        title: publication.title,
        publisher: publication.publisher,
    })
}

/// `422 unreadable`: the desk cannot edit the file as it is.
pub(crate) fn unreadable_error(unreadable: &Unreadable) -> ApiError {
    ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "unreadable")
        .arg("detail", format!("{unreadable}."))
        .with("detail", unreadable.to_string())
}

/// `422 import_failed` with the Word file's findings.
fn import_failed(report: &Report, name: &str, lang: Lang) -> ApiError {
    let diagnostics: Vec<Value> = report
        .diagnostics()
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let code = serde_json::to_value(d.kind)
                .ok()
                .and_then(|v| v.as_str().map(|s| s.replace('-', "_")))
                .unwrap_or_default();
            serde_json::json!({
                "id": format!("d{}", i + 1),
                "severity": d.severity,
                "code": code,
                "message": d.message.render(lang),
                "hints": d.hints.iter().map(|h| h.render(lang)).collect::<Vec<_>>(),
                "file": name,
                "line": null,
                "column": null,
                "location": null,
            })
        })
        .collect();
    ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "import_failed")
        .with("diagnostics", diagnostics)
}
