//! Who may do what in the review, and what each request becomes: the events to record,
//! or why it is refused. Editors hand articles in and settle comments; proofreaders
//! mark; the chief approves, sends back and signs off. Without accounts (the desk on
//! one computer) the one person there may do everything.

use crate::issue::review::role::Role;

use super::event::Act;
use super::ledger::{Ledger, State, fingerprint, paragraph_text};
use crate::issue::save::{Draft, DraftArticle};

/// The longest comment or answer, in characters.
pub(crate) const MAX_TEXT: usize = 4000;

/// Who asks: a name, and a role when the desk has accounts.
#[derive(Debug, Clone)]
pub(crate) struct Who {
    pub by: String,
    pub role: Option<Role>,
}

/// A request to the review. Articles are named by their titles.
#[derive(Debug, Clone)]
pub(crate) enum Ask {
    Submit { title: String },
    Approve { title: String },
    Return { title: String, note: String },
    Comment { title: String, paragraph: usize, text: String, mark: bool },
    Reply { comment: u64, text: String },
    Resolve { comment: u64 },
    SignOff,
    Withdraw,
}

/// Why a request is refused.
#[derive(Debug, thiserror::Error)]
pub(crate) enum Refused {
    /// The asker's role may not do this; these roles may.
    #[error("this needs the role {0:?}")]
    Role(&'static [Role]),
    #[error("the issue has no article `{0}`")]
    NoArticle(String),
    #[error("the article has no paragraph {0}")]
    NoParagraph(usize),
    #[error("there is no comment {0}")]
    NoComment(u64),
    /// The article is not in a state the request applies to.
    #[error("the article is {0:?}")]
    State(State),
    #[error("the comment is settled already")]
    Settled,
    #[error("the text is empty")]
    Empty,
    #[error("the text is longer than {MAX_TEXT} characters")]
    TooLong,
    /// Articles not approved, or comments open: no sign-off yet.
    #[error("not ready to sign off: {} articles not approved, {open} comments open", unapproved.len())]
    NotReady { unapproved: Vec<String>, open: usize },
    #[error("nothing is signed off")]
    NotSigned,
    /// The review file could not be read or written.
    #[error(transparent)]
    Failed(#[from] anyhow::Error),
}

/// The roles that may do what `ask` asks.
pub(crate) fn roles(ask: &Ask) -> &'static [Role] {
    use Role::{Chief, Editor, Proofreader};
    match ask {
        Ask::Submit { .. } => &[Editor, Chief],
        Ask::Approve { .. } | Ask::Return { .. } | Ask::SignOff | Ask::Withdraw => &[Chief],
        Ask::Comment { mark: true, .. } => &[Proofreader, Chief],
        Ask::Comment { mark: false, .. } | Ask::Reply { .. } => &[Editor, Proofreader, Chief],
        Ask::Resolve { .. } => &[Editor, Chief],
    }
}

/// Whether `who` may do what `ask` asks (anyone may settle a comment of their own).
pub(crate) fn may(who: &Who, ask: &Ask, ledger: &Ledger) -> bool {
    let Some(role) = who.role else { return true };
    if let Ask::Resolve { comment } = ask
        && ledger.comment(*comment).is_some_and(|c| c.by == who.by)
    {
        return true;
    }
    roles(ask).contains(&role)
}

/// The events `ask` becomes, asked by `who` of the issue `draft` at `revision`.
pub(crate) fn decide(
    ledger: &Ledger,
    who: &Who,
    ask: Ask,
    draft: &Draft,
    revision: &str,
) -> Result<Vec<Act>, Refused> {
    if !may(who, &ask, ledger) {
        return Err(Refused::Role(roles(&ask)));
    }
    let article = |title: &str| -> Result<&DraftArticle, Refused> {
        draft
            .sections
            .iter()
            .flat_map(|s| &s.articles)
            .find(|a| a.title == title)
            .ok_or_else(|| Refused::NoArticle(title.to_owned()))
    };
    let act = match ask {
        Ask::Submit { title } => {
            let (state, _) = ledger.state_of(article(&title)?);
            if state != State::Draft {
                return Err(Refused::State(state));
            }
            Act::Submitted { title }
        }
        Ask::Approve { title } => {
            let article = article(&title)?;
            let (state, _) = ledger.state_of(article);
            if state == State::Approved {
                return Err(Refused::State(state));
            }
            Act::Approved { title, fingerprint: fingerprint(article) }
        }
        Ask::Return { title, note } => {
            let (state, _) = ledger.state_of(article(&title)?);
            if state == State::Draft {
                return Err(Refused::State(state));
            }
            Act::Returned { title, note: text(&note, true)? }
        }
        Ask::Comment { title, paragraph, text: body, mark } => {
            let article = article(&title)?;
            let quote = article
                .paragraphs
                .get(paragraph)
                .map(paragraph_text)
                .ok_or(Refused::NoParagraph(paragraph))?
                .to_owned();
            let id = ledger.next_comment();
            Act::Commented { id, title, paragraph, quote, text: text(&body, false)?, mark }
        }
        Ask::Reply { comment, text: body } => {
            ledger.comment(comment).ok_or(Refused::NoComment(comment))?;
            Act::Replied { comment, text: text(&body, false)? }
        }
        Ask::Resolve { comment } => {
            let found = ledger.comment(comment).ok_or(Refused::NoComment(comment))?;
            if found.resolved.is_some() {
                return Err(Refused::Settled);
            }
            Act::Resolved { comment }
        }
        Ask::SignOff => {
            if ledger.signed(revision) {
                return Ok(Vec::new());
            }
            let view = ledger.view(draft, revision);
            if !view.ready {
                return Err(Refused::NotReady { unapproved: view.unapproved, open: view.open });
            }
            Act::SignedOff { revision: revision.to_owned() }
        }
        Ask::Withdraw => {
            if ledger.sign_off().is_none() {
                return Err(Refused::NotSigned);
            }
            Act::Withdrawn {}
        }
    };
    Ok(vec![act])
}

/// A comment's or note's text, trimmed; empty allowed only where `optional`.
fn text(text: &str, optional: bool) -> Result<String, Refused> {
    let text = text.trim();
    if text.is_empty() && !optional {
        return Err(Refused::Empty);
    }
    if text.chars().count() > MAX_TEXT {
        return Err(Refused::TooLong);
    }
    Ok(text.to_owned())
}
