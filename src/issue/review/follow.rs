//! What a change of the issue does to its review: a retitled article keeps its state and
//! comments; an approved article that changed waits for approval again; a signed-off
//! issue that changed must be signed off again. Each is an event, so the review says who
//! changed what after it was approved or signed.

use super::event::Act;
use super::ledger::{Ledger, State, fingerprint};
use crate::issue::history::changes::matching;
use crate::issue::save::Draft;

/// The events the change from `old` to `new` (now at `revision`) brings about.
pub(crate) fn follow(
    ledger: &Ledger,
    old: Option<&Draft>,
    new: &Draft,
    revision: &str,
) -> Vec<Act> {
    let mut acts = Vec::new();
    if !ledger.in_use() {
        return acts;
    }
    let mut renamed = Vec::new();
    if let Some(old) = old {
        let matched = matching(old, new);
        for (s, section) in new.sections.iter().enumerate() {
            for (a, article) in section.articles.iter().enumerate() {
                let Some((os, oa)) = matched.articles[s][a] else { continue };
                let before = &old.sections[os].articles[oa].title;
                if *before != article.title && ledger_knows(ledger, before) {
                    renamed.push((before.clone(), article.title.clone()));
                }
            }
        }
    }
    for article in new.sections.iter().flat_map(|s| &s.articles) {
        // A retitled article's state is still under its old title until the rename is recorded.
        let known = renamed
            .iter()
            .find(|(_, to)| *to == article.title)
            .map_or(&article.title, |(from, _)| from);
        let approved = ledger.mark(known).filter(|m| m.state == State::Approved);
        if approved.is_some_and(|m| m.fingerprint.as_deref() != Some(&fingerprint(article))) {
            acts.push(Act::Reopened { title: article.title.clone() });
        }
    }
    acts.splice(0..0, renamed.into_iter().map(|(from, to)| Act::Renamed { from, to }));
    if let Some(sign_off) = ledger.sign_off()
        && sign_off.revision != revision
        && sign_off.lapsed.is_none()
    {
        acts.push(Act::Lapsed { revision: revision.to_owned() });
    }
    acts
}

/// Whether the review holds a state or a comment for article `title`.
fn ledger_knows(ledger: &Ledger, title: &str) -> bool {
    ledger.mark(title).is_some() || ledger.has_comments_on(title)
}
