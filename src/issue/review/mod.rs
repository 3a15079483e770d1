//! The review of an issue (三审三校): each article's state (草稿 draft → 待审 submitted →
//! 已审 approved), comments (批注) and proofreaders' marks on its paragraphs with their
//! answers, and the chief's sign-off (签发) of one revision, which the print PDF needs.
//! Kept beside the versions as `.history/review.jsonl`, one event a line (who did what,
//! when), appended under the history's lock; the state is what the events add up to,
//! seen against the issue as it is now. The issue file stays the print data.

pub(crate) mod event;
pub(crate) mod follow;
pub(crate) mod ledger;
pub mod role;
pub(crate) mod rules;

use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::issue::calendar::now;
use crate::issue::history::FOLDER;
use crate::issue::history::log::{self, Locked};
use crate::issue::save::Draft;

use event::{Act, Event};
pub(crate) use ledger::{Ledger, State, View};
pub(crate) use rules::{Ask, Refused, Who};

/// The review file in the history's folder.
const FILE: &str = "review.jsonl";

/// The review of one issue file.
#[derive(Debug)]
pub(crate) struct Review {
    path: PathBuf,
}

impl Review {
    /// The review of the issue in folder `issue_dir`.
    pub(crate) fn of(issue_dir: &Path) -> Self {
        Self { path: issue_dir.join(FOLDER).join(FILE) }
    }

    /// Every event so far, added up.
    pub(crate) fn read(&self) -> Result<Ledger> {
        let read = log::read::<Event>(&self.path)?;
        Ok(Ledger::of(read.records, read.damaged))
    }

    /// Does what `who` asks of the issue `draft` at `revision`, or says why not; the
    /// review as it is then.
    pub(crate) fn ask(
        &self,
        who: &Who,
        ask: Ask,
        draft: &Draft,
        revision: &str,
    ) -> Result<Ledger, Refused> {
        self.change(who, |ledger| rules::decide(ledger, who, ask, draft, revision))
    }

    /// Records what the change from `old` to `new` (now at `revision`), made `by`
    /// someone, does to the review: renames followed, approvals and the sign-off lapsed.
    /// Whether it recorded anything.
    pub(crate) fn follow(
        &self,
        by: &str,
        old: Option<&Draft>,
        new: &Draft,
        revision: &str,
    ) -> Result<bool> {
        if !self.path.exists() {
            return Ok(false);
        }
        let who = Who { by: by.to_owned(), role: None };
        let mut recorded = false;
        self.change(&who, |ledger| {
            let acts = follow::follow(ledger, old, new, revision);
            recorded = !acts.is_empty();
            Ok(acts)
        })
        .map_err(|refused| anyhow::anyhow!("{refused}"))?;
        Ok(recorded)
    }

    /// Reads the review under the lock, decides, appends what was decided.
    fn change(
        &self,
        who: &Who,
        decide: impl FnOnce(&Ledger) -> Result<Vec<Act>, Refused>,
    ) -> Result<Ledger, Refused> {
        let mut file = Locked::open(&self.path)?;
        let read = file.read::<Event>()?;
        let mut ledger = Ledger::of(read.records, read.damaged);
        for act in decide(&ledger)? {
            let event =
                Event { n: ledger.next_n(), at: now(), by: who.by.clone(), role: who.role, act };
            file.append(&event)?;
            ledger.apply(event);
        }
        Ok(ledger)
    }
}

#[cfg(test)]
mod tests;
