//! One line of the review file: who did what to which article, comment or sign-off, and
//! when.

use serde::{Deserialize, Serialize};

use crate::issue::review::role::Role;

/// One event of an issue's review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Event {
    /// Its number, counting from 1.
    pub n: u64,
    /// When, RFC 3339 with the local offset.
    pub at: String,
    /// Who: an account's name, or the user of this computer; empty for a change made to
    /// the issue file by another program.
    pub by: String,
    /// The account's role, when the desk has accounts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    #[serde(flatten)]
    pub act: Act,
}

/// What was done. Articles are named by their titles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "act", rename_all = "snake_case")]
pub(crate) enum Act {
    /// An article handed in for review (草稿 → 待审).
    Submitted { title: String },
    /// An article approved (→ 已审), as its text was then (`fingerprint`).
    Approved { title: String, fingerprint: String },
    /// An article sent back to its editor (→ 草稿).
    Returned {
        title: String,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        note: String,
    },
    /// An approved article changed: it waits for approval again (→ 待审).
    Reopened { title: String },
    /// An article retitled: its state and comments follow it.
    Renamed { from: String, to: String },
    /// A comment (批注), or a proofreader's mark (`mark`), on paragraph `paragraph`
    /// (counting from 0) of an article, whose text was `quote` then.
    Commented { id: u64, title: String, paragraph: usize, quote: String, text: String, mark: bool },
    /// An answer to comment `comment`.
    Replied { comment: u64, text: String },
    /// Comment `comment` settled.
    Resolved { comment: u64 },
    /// The issue signed off (签发) for print, as it is at `revision`.
    SignedOff { revision: String },
    /// The sign-off taken back.
    Withdrawn {},
    /// The issue changed after its sign-off (now at `revision`): it must be signed off again.
    Lapsed { revision: String },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_one_flat_json_object_each() {
        let event = Event {
            n: 3,
            at: "2026-12-05T10:00:00+08:00".into(),
            by: "王主编".into(),
            role: Some(Role::Chief),
            act: Act::SignedOff { revision: "00ff".into() },
        };
        let line = serde_json::to_string(&event).unwrap();
        assert_eq!(
            line,
            r#"{"n":3,"at":"2026-12-05T10:00:00+08:00","by":"王主编","role":"chief","act":"signed_off","revision":"00ff"}"#
        );
        assert_eq!(serde_json::from_str::<Event>(&line).unwrap(), event);
        let withdrawn = r#"{"n":4,"at":"x","by":"y","act":"withdrawn"}"#;
        assert_eq!(serde_json::from_str::<Event>(withdrawn).unwrap().act, Act::Withdrawn {});
    }
}
