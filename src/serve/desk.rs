//! One open issue: its file's text and revision, the document with its keys, the last
//! build's status, its events, who has it open; saves through the one writer (each
//! checked against the file as it is on disk, and refused if the file written could not
//! be opened again), reloads after outside changes, and hands rebuilds to its worker.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::http::StatusCode;
use serde_json::Value;
use tokio::sync::broadcast;

use crate::diag::{Lang, Report};
use crate::import::attribution::default_compiler;
use crate::import::{docx, pictures};
use crate::issue::calendar::ISSUE_FILE;
use crate::issue::files::{MAX_FILE_BYTES, write_atomically};
use crate::issue::history::{History, Version, Via, changes, revision_of};
use crate::issue::load::load_publication;
use crate::issue::merge::{Conflict, Side, merge};
use crate::issue::review::{Ask, Ledger, Refused, Review, View, Who};
use crate::issue::save::{
    Draft, DraftArticle, Origin, Paragraph, Unreadable, append_articles, draft_toml, read_draft,
};
use crate::serve::document::{Keys, PublicationInfo, from_json, to_json};
use crate::serve::error::ApiError;
use crate::serve::exports::ExportInfo;
use crate::serve::images::PageImages;
use crate::serve::presence::Presence;
use crate::serve::protocol::{Diagnostic, DocumentAnswer};
use crate::serve::queue::Work;
use crate::serve::site::Site;
use crate::serve::status::{Placed, Status, code_of};
use crate::typeset::engine::Inputs;

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
    /// The review changed: an article's state, a comment, the sign-off.
    Review,
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
    /// Every version of the issue file.
    pub(crate) history: History,
    /// The articles' states, the comments, the sign-off.
    pub(crate) review: Review,
    /// A save's text and revision, handed to the worker before the save is written, so
    /// that its rebuild starts while the version is recorded and the file written; the
    /// worker shows what it built only once the save has gone through.
    ahead: Mutex<Option<Ahead>>,
    /// What the last rebuild read, for the watcher; raised flag: changed since it looked.
    inputs: Mutex<Option<Inputs>>,
    pub(crate) inputs_changed: Arc<AtomicBool>,
}

/// The text of a save being written, and the revision it will be.
pub(crate) struct Ahead {
    pub(crate) revision: String,
    pub(crate) text: String,
}

/// Who made a change, and how: what the history records of it.
#[derive(Debug, Clone)]
pub(crate) struct Made {
    pub(crate) by: String,
    pub(crate) via: Via,
    /// The version restored or undone.
    pub(crate) of: Option<u64>,
}

impl Made {
    /// A change `by` someone, made `via` the desk or a Word file.
    pub(crate) fn by(by: &str, via: Via) -> Self {
        Self { by: by.to_owned(), via, of: None }
    }
}

/// What a save did.
#[derive(Debug, Clone)]
pub(crate) struct Saved {
    /// The revision now current.
    pub(crate) revision: String,
    /// For a save based on an older revision: merged with what was saved since, and the
    /// fields both changed (the current value kept).
    pub(crate) conflicts: Option<Vec<Conflict>>,
    /// For a merged save, the merged document as `GET` gives it, of `revision` exactly.
    pub(crate) document: Option<Value>,
}

/// What an undo did.
#[derive(Debug, Clone)]
pub(crate) struct Undone {
    pub(crate) revision: String,
    /// The version whose changes were taken back.
    pub(crate) version: u64,
    /// Fields changed since by others, kept as they are now.
    pub(crate) conflicts: Vec<Conflict>,
}

/// The review of an issue and how it stands against one revision of it.
pub(crate) struct ReviewNow {
    pub(crate) revision: String,
    pub(crate) view: View,
    /// The keys of the revision's articles.
    pub(crate) keys: Keys,
    pub(crate) ledger: Ledger,
}

impl ReviewNow {
    fn of(state: &State, ledger: Ledger) -> Result<Self, ApiError> {
        let (draft, keys) = state.document.as_ref().map_err(unreadable_error)?;
        let view = ledger.view(draft, &state.revision);
        Ok(Self { revision: state.revision.clone(), view, keys: keys.clone(), ledger })
    }
}

/// How many earlier revisions of this opening a save may be based on (their keys kept).
const RECENT: usize = 256;
/// How many of the latest revisions keep their text in memory too (the others' are read
/// from the history): the bases of nearly every merge, without reading the history.
const RECENT_TEXTS: usize = 32;

/// An earlier revision of this opening: its keys, and its text while it is recent.
struct Recent {
    revision: String,
    keys: Keys,
    text: Option<Arc<str>>,
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
    /// The keys of the latest revisions, oldest first: saves based on them are merged.
    recent: VecDeque<Recent>,
}

impl Desk {
    /// Opens issue `id` for the `opening`th time: reads its file (inside the project
    /// only) and its publication. The caller starts the worker and the watcher.
    pub(crate) fn open(site: Arc<Site>, id: &str, opening: u64) -> Result<Self, ApiError> {
        let dir = site.issue_dir(id)?;
        // What a desk killed while it saved left here goes before this one writes.
        crate::issue::files::remove_killed_writes(&dir);
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
        let history = History::of(&dir);
        let review = Review::of(&dir);
        if let Err(err) = history.found(&text) {
            eprintln!("desk: the history of {id} cannot be written: {err:#}");
        }
        let revision = revision_of(&text);
        let recent = document.as_ref().ok().map(|(_, keys)| Recent {
            revision: revision.clone(),
            keys: keys.clone(),
            text: Some(Arc::from(text.as_str())),
        });
        Ok(Self {
            id: id.to_owned(),
            dir,
            site,
            state: Mutex::new(State {
                revision,
                text,
                document,
                key_counter,
                publication,
                status: None,
                last_good: None,
                exports: [None, None],
                recent: recent.into_iter().collect(),
            }),
            events,
            images: PageImages::default(),
            work: Work::default(),
            presence: Arc::default(),
            asleep: Arc::default(),
            opening,
            history,
            review,
            ahead: Mutex::new(None),
            inputs: Mutex::new(None),
            inputs_changed: Arc::default(),
        })
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Records what the last rebuild read, and tells the watcher when it changed.
    pub(crate) fn set_inputs(&self, inputs: Inputs) {
        let mut held = self.inputs.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if held.as_ref() != Some(&inputs) {
            *held = Some(inputs);
            self.inputs_changed.store(true, std::sync::atomic::Ordering::SeqCst);
        }
    }

    /// What the last rebuild read, once there was one.
    pub(crate) fn inputs(&self) -> Option<Inputs> {
        self.inputs.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).clone()
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

    /// The text of a save being written, if one is: the worker builds it at once, and
    /// shows the result only if the revision is then the current one.
    pub(crate) fn take_ahead(&self) -> Option<Ahead> {
        self.ahead.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).take()
    }

    /// Hands `text`, about to be written as the issue file, to the worker, which starts
    /// its rebuild now (one running stops).
    fn hand_ahead(&self, text: &str) {
        let ahead = Ahead { revision: revision_of(text), text: text.to_owned() };
        *self.ahead.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(ahead);
        self.work.rebuild();
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

    /// The document of `state`, as `GET /api/issues/{id}` gives it in `issue`.
    fn document_of(&self, state: &State) -> Result<Value, ApiError> {
        let (draft, keys) = state.document.as_ref().map_err(unreadable_error)?;
        Ok(to_json(&self.id, state.publication.as_ref(), draft, keys))
    }

    /// `GET /api/issues/{id}`'s answer.
    pub(crate) fn document_answer(&self, lang: Lang) -> Result<DocumentAnswer, ApiError> {
        let state = self.lock();
        let (draft, keys) = state.document.as_ref().map_err(unreadable_error)?;
        let issue = to_json(&self.id, state.publication.as_ref(), draft, keys);
        let status = state.status.as_ref().map(|status| status.answer(lang, &self.site));
        Ok(DocumentAnswer { revision: state.revision.clone(), issue, status })
    }

    /// Saves a client's document, based on revision `base`, made `by` someone. A document
    /// based on an earlier revision of this opening is merged with what was saved since;
    /// the revision is the same when the document is what the file holds already.
    pub(crate) fn save(
        &self,
        base: &str,
        document: Value,
        client: Option<String>,
        by: &str,
    ) -> Result<Saved, ApiError> {
        let mut state = self.lock();
        self.take_outside_change(&mut state)?;
        let (current, keys) = state.document.as_ref().map_err(unreadable_error)?;
        let (draft, keys, conflicts) = if base == state.revision {
            let (draft, keys) = from_json(document, current, keys)?;
            (draft, keys, None)
        } else {
            let Some((base_draft, base_keys)) = self.recent_document(&state, base) else {
                return Err(ApiError::stale(&state.revision));
            };
            let (incoming, incoming_keys) = from_json(document, &base_draft, &base_keys)?;
            let merged = merge(
                Side { draft: &base_draft, ids: &base_keys.ids() },
                Side { draft: current, ids: &keys.ids() },
                Side { draft: &incoming, ids: &incoming_keys.ids() },
            );
            (merged.draft, Keys::from_ids(merged.ids), Some(merged.conflicts))
        };
        let text = draft_toml(&draft, Some(&state.text))?;
        let written = text != state.text;
        if written {
            writable(&text)?;
            // The worker builds the text while it is recorded and written. Should that
            // fail, the revision stays what it was, and the worker, finding so once this
            // lock is free, drops what it built and builds the file.
            self.hand_ahead(&text);
            if let Err(err) = self.write(&mut state, text, Some(keys), &Made::by(by, Via::Desk)) {
                drop(self.take_ahead());
                return Err(err);
            }
            // Told under the lock, so that no stream hears of the rebuild first.
            self.publish(DeskEvent::Saved { revision: state.revision.clone(), client });
        }
        let revision = state.revision.clone();
        // Taken under the same lock: the tab's next save is based on exactly this.
        let document = match conflicts {
            Some(_) => Some(self.document_of(&state)?),
            None => None,
        };
        drop(state);
        Ok(Saved { revision, conflicts, document })
    }

    /// The document of revision `base`, when it is one of the latest of this opening and
    /// its text is in the history.
    fn recent_document(&self, state: &State, base: &str) -> Option<(Draft, Keys)> {
        let recent = state.recent.iter().rev().find(|recent| recent.revision == base)?;
        let keys = recent.keys.clone();
        let text: std::borrow::Cow<'_, str> = match &recent.text {
            Some(text) => text.as_ref().into(),
            None => self.history.text_of_revision(base).ok()??.into(),
        };
        let draft = read_draft(&text).ok()?;
        keys.fit(&draft).then_some((draft, keys))
    }

    /// Brings back version `n` as a new version, made `by` someone, if `base` is current.
    pub(crate) fn restore(
        &self,
        base: &str,
        n: u64,
        by: &str,
        client: Option<String>,
    ) -> Result<String, ApiError> {
        let mut state = self.lock();
        self.check_base(&mut state, base)?;
        let text = self.history.text(n).map_err(|err| {
            ApiError::new(StatusCode::NOT_FOUND, "not_found").with("detail", format!("{err:#}"))
        })?;
        if text == state.text {
            return Ok(state.revision.clone());
        }
        read_draft(&text).map_err(|unreadable| unreadable_error(&unreadable))?;
        writable(&text)?;
        let made = Made { by: by.to_owned(), via: Via::Restore, of: Some(n) };
        self.write(&mut state, text, None, &made)?;
        let revision = state.revision.clone();
        drop(state);
        self.publish(DeskEvent::Saved { revision: revision.clone(), client });
        self.work.rebuild();
        Ok(revision)
    }

    /// Takes back the changes of the latest version `by` made that is not taken back yet
    /// (in the desk, from a Word file or by a restore), keeping what others changed since.
    pub(crate) fn undo(
        &self,
        base: &str,
        by: &str,
        client: Option<String>,
    ) -> Result<Undone, ApiError> {
        let mut state = self.lock();
        self.check_base(&mut state, base)?;
        let internal = |err: anyhow::Error| ApiError::internal(&err);
        let log = self.history.read().map_err(internal)?;
        let (target, before) = undoable(&log.listing().versions, by)
            .ok_or_else(|| ApiError::new(StatusCode::CONFLICT, "nothing_to_undo"))?;
        let after_text = log.text(target).map_err(internal)?;
        let before_text = log.text(before).map_err(internal)?;
        let (Ok(after), Ok(before_draft)) = (read_draft(&after_text), read_draft(&before_text))
        else {
            return Err(ApiError::new(StatusCode::CONFLICT, "nothing_to_undo"));
        };
        let (current, keys) = state.document.as_ref().map_err(unreadable_error)?;
        let mut counter = state.key_counter;
        let after_keys = keys.carried(current, &after, &mut counter);
        let before_keys = after_keys.carried(&after, &before_draft, &mut counter);
        let merged = merge(
            Side { draft: &after, ids: &after_keys.ids() },
            Side { draft: current, ids: &keys.ids() },
            Side { draft: &before_draft, ids: &before_keys.ids() },
        );
        state.key_counter = counter;
        let text = draft_toml(&merged.draft, Some(&state.text))?;
        writable(&text)?;
        let made = Made { by: by.to_owned(), via: Via::Undo, of: Some(target) };
        self.write(&mut state, text, Some(Keys::from_ids(merged.ids)), &made)?;
        let revision = state.revision.clone();
        drop(state);
        self.publish(DeskEvent::Saved { revision: revision.clone(), client });
        self.work.rebuild();
        Ok(Undone { revision, version: target, conflicts: merged.conflicts })
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
        by: &str,
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
        let made = Made::by(by, Via::Word);
        let written =
            writable(&text).and_then(|()| self.write(&mut state, text, Some(keys), &made));
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
    /// revision, and the text on disk (see [`Self::take_outside_change`]).
    fn check_base(&self, state: &mut State, base: &str) -> Result<(), ApiError> {
        if base != state.revision {
            return Err(ApiError::stale(&state.revision));
        }
        self.take_outside_change(state)
    }

    /// Reads the file again under the lock the write takes; a file another program changed
    /// since the desk last read it is taken now (recorded in the history; the client hears
    /// `reloaded`) and the change is refused as stale, so that it cannot overwrite what
    /// the other program wrote.
    fn take_outside_change(&self, state: &mut State) -> Result<(), ApiError> {
        let text = self.site.read_issue_file(&self.dir)?;
        if text == state.text {
            return Ok(());
        }
        let draft = read_draft(&text);
        self.record_outside(state, &text, draft.as_ref().ok());
        self.adopt_read(state, text, draft, None);
        let revision = state.revision.clone();
        self.publish(DeskEvent::Reloaded { revision: revision.clone() });
        self.work.rebuild();
        Err(ApiError::stale(&revision))
    }

    /// Records a text another program wrote; a history that cannot be written is told on
    /// the server's standard error (the desk's own saves then fail and say so).
    /// The review follows it.
    fn record_outside(&self, state: &State, text: &str, draft: Option<&Draft>) {
        if let Err(err) = self.history.record(text, "", Via::Outside, None) {
            eprintln!("desk: the history of {} cannot be written: {err:#}", self.id);
        }
        if let Some(new) = draft {
            self.follow_review(state, "", new, &revision_of(text));
        }
    }

    /// Writes `text` as the issue file and makes it the current revision, with `keys`
    /// when they fit the document read back (new keys otherwise).
    /// The text goes into the history first: the file is always one of its versions.
    fn write(
        &self,
        state: &mut State,
        text: String,
        keys: Option<Keys>,
        made: &Made,
    ) -> Result<(), ApiError> {
        let path = self.site.inside(&self.file())?;
        // Read as a document once: for the history's list of changes and for the desk.
        let draft = read_draft(&text);
        let made_by = (made.by.as_str(), made.via, made.of);
        let recorded = match (&state.document, &draft) {
            (Ok((old, _)), Ok(new)) => {
                let known = (state.text.as_str(), changes::between(old, new));
                self.history.record_known(&text, made_by, known)
            }
            _ => self.history.record(&text, &made.by, made.via, made.of),
        };
        recorded
            .map_err(|err| ApiError::internal(&err.context("the version could not be kept")))?;
        // The fault tests make a write fail here, after `ms` milliseconds if they give
        // any: `FAILPOINTS=desk-write=1*return(ms)`.
        fail::fail_point!("desk-write", |ms: Option<String>| {
            let ms = ms.and_then(|ms| ms.parse().ok()).unwrap_or(0);
            std::thread::sleep(std::time::Duration::from_millis(ms));
            Err(ApiError::internal(&anyhow::anyhow!(
                "the issue file could not be written (fault test)"
            )))
        });
        write_atomically(&path, text.as_bytes())?;
        if let Ok(new) = &draft {
            self.follow_review(state, &made.by, new, &revision_of(&text));
        }
        self.adopt_read(state, text, draft, keys);
        Ok(())
    }

    /// Tells the review that the issue changed from `state`'s document to `new` (at
    /// `revision`), made `by` someone (empty: another program). A review that cannot be
    /// written is told on the server's standard error; the change itself stands.
    fn follow_review(&self, state: &State, by: &str, new: &Draft, revision: &str) {
        let old = state.document.as_ref().ok().map(|(draft, _)| draft);
        match self.review.follow(by, old, new, revision) {
            Ok(true) => self.publish(DeskEvent::Review),
            Ok(false) => {}
            Err(err) => eprintln!("desk: the review of {} cannot be written: {err:#}", self.id),
        }
    }

    /// The review as it stands against the issue now (its file read once).
    pub(crate) fn review_now(&self) -> Result<ReviewNow, ApiError> {
        let state = self.lock();
        let ledger = self.review.read().map_err(|err| ApiError::internal(&err))?;
        ReviewNow::of(&state, ledger)
    }

    /// Does what `who` asks of the review (made by `ask` from the document and its keys),
    /// on the issue at revision `base`, which must be the current one; tells the streams.
    /// The review as it is then.
    pub(crate) fn review_ask(
        &self,
        base: &str,
        who: &Who,
        ask: impl FnOnce(&Draft, &Keys) -> Result<Ask, ApiError>,
        refused: impl FnOnce(Refused) -> ApiError,
    ) -> Result<ReviewNow, ApiError> {
        let mut state = self.lock();
        self.check_base(&mut state, base)?;
        let (draft, keys) = state.document.as_ref().map_err(unreadable_error)?;
        let ask = ask(draft, keys)?;
        let ledger = self.review.ask(who, ask, draft, &state.revision).map_err(refused)?;
        let now = ReviewNow::of(&state, ledger)?;
        drop(state);
        self.publish(DeskEvent::Review);
        Ok(now)
    }

    /// Whether the issue at `revision` is signed off, when it uses the review at all:
    /// `None` for an issue nobody reviews.
    pub(crate) fn signed_off(&self, revision: &str) -> Result<Option<bool>, ApiError> {
        let ledger = self.review.read().map_err(|err| ApiError::internal(&err))?;
        Ok(ledger.in_use().then(|| ledger.signed(revision)))
    }

    /// Makes `text` (read as a document: `draft`) the current revision, with `keys` when
    /// they fit it, else with the keys of the document before carried over to what
    /// matches it.
    fn adopt_read(
        &self,
        state: &mut State,
        text: String,
        draft: Result<Draft, Unreadable>,
        keys: Option<Keys>,
    ) {
        let mut counter = state.key_counter;
        let previous = state.document.as_ref().ok();
        state.document = draft.map(|draft| {
            let keys = keys.filter(|keys| keys.fit(&draft)).unwrap_or_else(|| match previous {
                Some((old, old_keys)) => old_keys.carried(old, &draft, &mut counter),
                None => Keys::fresh(&draft, &mut counter),
            });
            (draft, keys)
        });
        state.key_counter = counter;
        state.publication =
            publication_info(&self.site, &self.dir, state.document.as_ref().ok().map(|(d, _)| d));
        state.revision = revision_of(&text);
        state.text = text;
        if let Ok((_, keys)) = &state.document {
            if state.recent.len() >= RECENT {
                state.recent.pop_front();
            }
            if let Some(older) = state.recent.len().checked_sub(RECENT_TEXTS) {
                state.recent[older].text = None;
            }
            let recent = Recent {
                revision: state.revision.clone(),
                keys: keys.clone(),
                text: Some(Arc::from(state.text.as_str())),
            };
            state.recent.push_back(recent);
        }
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
        let draft = read_draft(&text);
        self.record_outside(&state, &text, draft.as_ref().ok());
        self.adopt_read(&mut state, text, draft, None);
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
    let diagnostics: Vec<Diagnostic> = report
        .diagnostics()
        .iter()
        .enumerate()
        .map(|(i, d)| Diagnostic {
            id: format!("d{}", i + 1),
            severity: d.severity,
            code: code_of(d.kind),
            message: d.message.render(lang),
            hints: d.hints.iter().map(|h| h.render(lang)).collect(),
            file: Some(name.to_owned()),
            line: None,
            column: None,
            location: None,
        })
        .collect();
    ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "import_failed")
        .with("diagnostics", serde_json::to_value(diagnostics).unwrap_or_default())
}

/// The version `by` made last that is not taken back yet, and the version before it:
/// versions by others are passed over, an undo takes its own version out of the running.
fn undoable(versions: &[Version], by: &str) -> Option<(u64, u64)> {
    let mut taken_back = std::collections::HashSet::new();
    for (i, version) in versions.iter().enumerate().rev() {
        if version.via == Via::Undo {
            taken_back.extend(version.of);
            continue;
        }
        if taken_back.contains(&version.n) {
            continue;
        }
        if version.by == by && matches!(version.via, Via::Desk | Via::Word | Via::Restore) {
            return Some((version.n, versions.get(i.checked_sub(1)?)?.n));
        }
    }
    None
}
