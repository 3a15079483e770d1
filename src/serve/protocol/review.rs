//! The review: articles handed in, approved and sent back, comments and marks, the
//! sign-off (docs/desk-api.md §15).

use serde::{Deserialize, Serialize};

use crate::issue::review::event::Event;
use crate::issue::review::ledger::{ArticleView, CommentView, SignOffView};

/// `POST …/review/articles/{key}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct ArticleReviewRequest {
    pub(crate) base_revision: String,
    /// `submit`, `approve` or `return`.
    pub(crate) action: String,
    /// Why an article is sent back.
    #[serde(default)]
    pub(crate) note: String,
}

/// `POST …/review/comments`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct CommentRequest {
    /// The article's key.
    pub(crate) article: String,
    /// Its paragraph, counting from 0.
    pub(crate) paragraph: usize,
    pub(crate) text: String,
    /// A proofreader's mark rather than a comment.
    #[serde(default)]
    pub(crate) mark: bool,
}

/// `POST …/review/comments/{n}/replies`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct ReplyRequest {
    pub(crate) text: String,
}

/// `POST …/review/sign-off` and `…/sign-off/withdraw`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct SignOffRequest {
    pub(crate) base_revision: String,
}

/// An article's review, with its key.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ArticleReview {
    pub(crate) key: String,
    #[serde(flatten)]
    pub(crate) review: ArticleView,
}

/// What the asker may do in the review.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Allowed {
    pub(crate) submit: bool,
    pub(crate) approve: bool,
    pub(crate) comment: bool,
    pub(crate) mark: bool,
    pub(crate) resolve: bool,
    pub(crate) sign_off: bool,
}

/// `GET …/review`, and the answer of every change to it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ReviewAnswer {
    pub(crate) revision: String,
    /// Every article approved and every comment settled.
    pub(crate) ready: bool,
    pub(crate) articles: Vec<ArticleReview>,
    pub(crate) comments: Vec<CommentView>,
    pub(crate) unapproved: Vec<String>,
    pub(crate) open: usize,
    pub(crate) sign_off: SignOffView,
    pub(crate) may: Allowed,
    /// Who did what, newest first (the last 200).
    pub(crate) trail: Vec<Event>,
    /// Lines of the review file that could not be read.
    pub(crate) damaged: usize,
}
