//! What an issue's review events add up to (each article's state, the comments, the
//! sign-off), and how that stands against the issue as it is now: an approval holds only
//! while the article's text is the one approved, a sign-off only for the revision signed.

use std::collections::HashMap;

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::event::{Act, Event};
use crate::issue::save::{Draft, DraftArticle, Paragraph};

/// Where an article stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum State {
    /// 草稿: being written.
    Draft,
    /// 待审: handed in, waiting for the chief.
    Submitted,
    /// 已审: approved as it is.
    Approved,
}

/// The last state an article was put in, by whom and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Mark {
    pub state: State,
    pub by: String,
    pub at: String,
    /// The text approved, for [`State::Approved`].
    pub fingerprint: Option<String>,
}

/// An answer to a comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Reply {
    pub by: String,
    pub at: String,
    pub text: String,
}

/// Who settled a comment, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Settled {
    pub by: String,
    pub at: String,
}

/// A comment or a mark on a paragraph, with its answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Comment {
    pub id: u64,
    pub title: String,
    pub paragraph: usize,
    pub quote: String,
    pub text: String,
    pub mark: bool,
    pub by: String,
    pub at: String,
    pub replies: Vec<Reply>,
    pub resolved: Option<Settled>,
}

/// The sign-off in force, or the last one, lapsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SignOff {
    pub by: String,
    pub at: String,
    pub revision: String,
    /// Who changed the issue after it, and when: the sign-off no longer holds.
    pub lapsed: Option<Settled>,
}

/// The review of an issue: its events and what they add up to.
#[derive(Debug, Clone, Default)]
pub(crate) struct Ledger {
    pub events: Vec<Event>,
    /// Lines of the review file that could not be read.
    pub damaged: usize,
    marks: HashMap<String, Mark>,
    comments: Vec<Comment>,
    sign_off: Option<SignOff>,
}

impl Ledger {
    /// The ledger of `events`, in their order.
    pub(crate) fn of(events: Vec<Event>, damaged: usize) -> Self {
        let mut ledger = Self { damaged, ..Self::default() };
        for event in events {
            ledger.apply(event);
        }
        ledger
    }

    /// Adds `event`.
    pub(crate) fn apply(&mut self, event: Event) {
        let (by, at) = (event.by.clone(), event.at.clone());
        let mark = |state, fingerprint| Mark { state, by: by.clone(), at: at.clone(), fingerprint };
        match &event.act {
            Act::Submitted { title } => {
                self.marks.insert(title.clone(), mark(State::Submitted, None));
            }
            Act::Approved { title, fingerprint } => {
                self.marks.insert(title.clone(), mark(State::Approved, Some(fingerprint.clone())));
            }
            Act::Returned { title, .. } => {
                self.marks.insert(title.clone(), mark(State::Draft, None));
            }
            Act::Reopened { title } => {
                self.marks.insert(title.clone(), mark(State::Submitted, None));
            }
            Act::Renamed { from, to } => {
                if let Some(mark) = self.marks.remove(from) {
                    self.marks.insert(to.clone(), mark);
                }
                for comment in self.comments.iter_mut().filter(|c| &c.title == from) {
                    comment.title = to.clone();
                }
            }
            Act::Commented { id, title, paragraph, quote, text, mark } => {
                self.comments.push(Comment {
                    id: *id,
                    title: title.clone(),
                    paragraph: *paragraph,
                    quote: quote.clone(),
                    text: text.clone(),
                    mark: *mark,
                    by,
                    at,
                    replies: Vec::new(),
                    resolved: None,
                });
            }
            Act::Replied { comment, text } => {
                if let Some(comment) = self.comment_mut(*comment) {
                    comment.replies.push(Reply { by, at, text: text.clone() });
                }
            }
            Act::Resolved { comment } => {
                if let Some(comment) = self.comment_mut(*comment) {
                    comment.resolved = Some(Settled { by, at });
                }
            }
            Act::SignedOff { revision } => {
                self.sign_off = Some(SignOff { by, at, revision: revision.clone(), lapsed: None });
            }
            Act::Withdrawn {} => self.sign_off = None,
            Act::Lapsed { .. } => {
                if let Some(sign_off) = &mut self.sign_off {
                    sign_off.lapsed.get_or_insert(Settled { by, at });
                }
            }
        }
        self.events.push(event);
    }

    /// The number the next event gets.
    pub(crate) fn next_n(&self) -> u64 {
        self.events.last().map_or(1, |e| e.n + 1)
    }

    /// The id the next comment gets.
    pub(crate) fn next_comment(&self) -> u64 {
        self.comments.iter().map(|c| c.id).max().map_or(1, |id| id + 1)
    }

    /// The last state article `title` was put in.
    pub(crate) fn mark(&self, title: &str) -> Option<&Mark> {
        self.marks.get(title)
    }

    /// Whether article `title` has comments.
    pub(crate) fn has_comments_on(&self, title: &str) -> bool {
        self.comments.iter().any(|c| c.title == title)
    }

    /// Comment `id`.
    pub(crate) fn comment(&self, id: u64) -> Option<&Comment> {
        self.comments.iter().find(|c| c.id == id)
    }

    fn comment_mut(&mut self, id: u64) -> Option<&mut Comment> {
        self.comments.iter_mut().find(|c| c.id == id)
    }

    /// Whether anything was ever done: the review is in use for this issue.
    pub(crate) fn in_use(&self) -> bool {
        !self.events.is_empty()
    }

    /// The sign-off, in force or lapsed.
    pub(crate) fn sign_off(&self) -> Option<&SignOff> {
        self.sign_off.as_ref()
    }

    /// Where article `article` stands now: approved only while its text is the one
    /// approved (else waiting for approval again).
    pub(crate) fn state_of(&self, article: &DraftArticle) -> (State, bool) {
        match self.marks.get(&article.title) {
            None => (State::Draft, false),
            Some(mark) if mark.state == State::Approved => {
                if mark.fingerprint.as_deref() == Some(fingerprint(article).as_str()) {
                    (State::Approved, false)
                } else {
                    (State::Submitted, true)
                }
            }
            Some(mark) => (mark.state, false),
        }
    }

    /// Whether the issue at `revision` is signed off: the sign-off names this revision.
    pub(crate) fn signed(&self, revision: &str) -> bool {
        self.sign_off.as_ref().is_some_and(|s| s.revision == revision)
    }

    /// The review as it stands against `draft`, the issue at `revision`.
    pub(crate) fn view(&self, draft: &Draft, revision: &str) -> View {
        let mut articles = Vec::new();
        for (s, section) in draft.sections.iter().enumerate() {
            for (a, article) in section.articles.iter().enumerate() {
                let (state, changed) = self.state_of(article);
                let mark = self.marks.get(&article.title);
                articles.push(ArticleView {
                    place: (s, a),
                    section: section.name.clone(),
                    title: article.title.clone(),
                    state,
                    changed_since_approval: changed,
                    by: mark.map(|m| m.by.clone()),
                    at: mark.map(|m| m.at.clone()),
                    open_comments: self
                        .comments
                        .iter()
                        .filter(|c| c.title == article.title && c.resolved.is_none())
                        .count(),
                });
            }
        }
        let comments = self.comments.iter().map(|c| comment_view(c, draft)).collect::<Vec<_>>();
        let unapproved = articles
            .iter()
            .filter(|a| a.state != State::Approved)
            .map(|a| a.title.clone())
            .collect::<Vec<_>>();
        let open = comments.iter().filter(|c| c.resolved.is_none() && !c.gone).count();
        let sign_off = match &self.sign_off {
            None => SignOffView::default(),
            Some(s) => {
                let signed = s.revision == revision;
                let changed = (!signed).then(|| s.lapsed.clone()).flatten();
                SignOffView {
                    state: if signed { "signed" } else { "lapsed" },
                    by: Some(s.by.clone()),
                    at: Some(s.at.clone()),
                    revision: Some(s.revision.clone()),
                    changed_by: changed.as_ref().map(|c| c.by.clone()),
                    changed_at: changed.map(|c| c.at),
                }
            }
        };
        View {
            ready: unapproved.is_empty() && open == 0,
            articles,
            comments,
            unapproved,
            open,
            sign_off,
        }
    }
}

/// An article's review as it stands.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ArticleView {
    /// Its section and place in it, counting from 0.
    #[serde(skip)]
    pub place: (usize, usize),
    pub section: String,
    pub title: String,
    pub state: State,
    /// Approved, then changed: waiting for approval again.
    pub changed_since_approval: bool,
    /// Who put it in its state, and when (none for a draft never handed in).
    pub by: Option<String>,
    pub at: Option<String>,
    pub open_comments: usize,
}

/// A comment as it stands.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CommentView {
    pub id: u64,
    pub title: String,
    /// The paragraph it is on now: the one holding its quote, else the one it was made
    /// on while the article has it.
    pub paragraph: Option<usize>,
    pub quote: String,
    pub text: String,
    pub mark: bool,
    pub by: String,
    pub at: String,
    pub replies: Vec<Reply>,
    pub resolved: Option<Settled>,
    /// Its paragraph's text changed since.
    pub outdated: bool,
    /// Its article is no longer in the issue.
    pub gone: bool,
}

/// The sign-off as it stands.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SignOffView {
    /// `none`, `signed` (this revision) or `lapsed` (signed, changed since).
    pub state: &'static str,
    pub by: Option<String>,
    pub at: Option<String>,
    pub revision: Option<String>,
    /// Who changed the issue after the sign-off, and when (empty name: another program).
    pub changed_by: Option<String>,
    pub changed_at: Option<String>,
}

/// The review of an issue as it stands against its text.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct View {
    /// Every article approved and every comment settled: the chief can sign off.
    pub ready: bool,
    pub articles: Vec<ArticleView>,
    pub comments: Vec<CommentView>,
    /// The titles of the articles not approved.
    pub unapproved: Vec<String>,
    /// How many comments on articles of the issue are open.
    pub open: usize,
    pub sign_off: SignOffView,
}

impl Default for SignOffView {
    fn default() -> Self {
        Self {
            state: "none",
            by: None,
            at: None,
            revision: None,
            changed_by: None,
            changed_at: None,
        }
    }
}

fn comment_view(comment: &Comment, draft: &Draft) -> CommentView {
    let article =
        draft.sections.iter().flat_map(|s| &s.articles).find(|a| a.title == comment.title);
    let (paragraph, outdated) = match article {
        None => (None, false),
        Some(article) => {
            let texts = article.paragraphs.iter().map(paragraph_text).collect::<Vec<_>>();
            match texts.iter().position(|t| *t == comment.quote) {
                Some(p) => (Some(p), false),
                None => (Some(comment.paragraph.min(texts.len().saturating_sub(1))), true),
            }
        }
    };
    CommentView {
        id: comment.id,
        title: comment.title.clone(),
        paragraph,
        quote: comment.quote.clone(),
        text: comment.text.clone(),
        mark: comment.mark,
        by: comment.by.clone(),
        at: comment.at.clone(),
        replies: comment.replies.clone(),
        resolved: comment.resolved.clone(),
        outdated,
        gone: article.is_none(),
    }
}

/// A paragraph's text as a comment quotes it.
pub(crate) fn paragraph_text(paragraph: &Paragraph) -> &str {
    match paragraph {
        Paragraph::Text(text) | Paragraph::Other(text) => text,
    }
}

/// What an approval holds to: a hash of everything of an article that is printed.
pub(crate) fn fingerprint(article: &DraftArticle) -> String {
    let mut hash = Sha256::new();
    let mut field = |tag: &str, value: &str| {
        hash.update(tag.as_bytes());
        hash.update((value.len() as u64).to_le_bytes());
        hash.update(value.as_bytes());
    };
    field("title", &article.title);
    field("listed", if article.listed { "1" } else { "0" });
    for paragraph in &article.paragraphs {
        let tag = if matches!(paragraph, Paragraph::Text(_)) { "text" } else { "block" };
        field(tag, paragraph_text(paragraph));
    }
    field("source", article.attribution.source.as_deref().unwrap_or(""));
    field("compiler", &article.attribution.compiler);
    field("date", &article.attribution.date);
    hash.finalize()[..8].iter().map(|b| format!("{b:02x}")).collect()
}
