//! The review of an issue (docs/desk-api.md §15): articles handed in, approved and sent
//! back, comments and marks on paragraphs with their answers, the chief's sign-off;
//! every change told to the issue's streams as `review`. Who may do what is the review's
//! own rule (`issue::review::rules`), with the signed-in account's role.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Json;
use axum::routing::{get, post};

use crate::issue::review::rules::{Ask, Refused, Who, may};
use crate::issue::review::{Ledger, State as ArticleState};
use crate::serve::desk::ReviewNow;
use crate::serve::document::Keys;
use crate::serve::error::ApiError;
use crate::serve::handler::{Shared, blocking, open};
use crate::serve::login::{SignedIn, author};
use crate::serve::protocol::{
    self, Allowed, ArticleReview, ArticleReviewRequest, CommentRequest, ReplyRequest, ReviewAnswer,
    SignOffRequest,
};

/// How many events of the review its answer carries.
const TRAIL: usize = 200;

/// The routes under `/api/issues/{id}/review`.
pub(crate) fn routes() -> Router<Shared> {
    Router::new()
        .route("/api/issues/{id}/review", get(review))
        .route("/api/issues/{id}/review/articles/{key}", post(article))
        .route("/api/issues/{id}/review/comments", post(comment))
        .route("/api/issues/{id}/review/comments/{n}/replies", post(reply))
        .route("/api/issues/{id}/review/comments/{n}/resolve", post(resolve))
        .route("/api/issues/{id}/review/sign-off", post(sign_off))
        .route("/api/issues/{id}/review/sign-off/withdraw", post(withdraw))
}

fn who(user: Option<&SignedIn>) -> Who {
    Who { by: author(user), role: user.map(|user| user.role) }
}

async fn review(
    State(shared): State<Shared>,
    user: Option<SignedIn>,
    Path(id): Path<String>,
) -> Result<Json<ReviewAnswer>, ApiError> {
    let desk = open(&shared, id).await?;
    let who = who(user.as_ref());
    blocking(move || Ok(answer(desk.review_now()?, &who))).await
}

/// The review as it stands, for `who`.
fn answer(now: ReviewNow, who: &Who) -> Json<ReviewAnswer> {
    let ReviewNow { revision, view, keys, ledger } = now;
    let articles = view
        .articles
        .into_iter()
        .map(|review| {
            let key = keys.article(review.place.0, review.place.1).unwrap_or_default().to_owned();
            ArticleReview { key, review }
        })
        .collect();
    let trail = ledger.events.iter().rev().take(TRAIL).cloned().collect();
    Json(ReviewAnswer {
        revision,
        ready: view.ready,
        articles,
        comments: view.comments,
        unapproved: view.unapproved,
        open: view.open,
        sign_off: view.sign_off,
        may: allowed(who, &ledger),
        trail,
        damaged: ledger.damaged,
    })
}

fn allowed(who: &Who, ledger: &Ledger) -> Allowed {
    let can = |ask: Ask| may(who, &ask, ledger);
    let title = String::new;
    Allowed {
        submit: can(Ask::Submit { title: title() }),
        approve: can(Ask::Approve { title: title() }),
        comment: can(Ask::Comment { title: title(), paragraph: 0, text: title(), mark: false }),
        mark: can(Ask::Comment { title: title(), paragraph: 0, text: title(), mark: true }),
        resolve: can(Ask::Resolve { comment: 0 }),
        sign_off: can(Ask::SignOff),
    }
}

/// Does `ask` (made from the document) for `user` on issue `id` at `base` (the current
/// revision when `None`), and answers with the review as it is then.
async fn change(
    shared: Shared,
    user: Option<SignedIn>,
    id: String,
    base: Option<String>,
    ask: impl FnOnce(&crate::issue::save::Draft, &Keys) -> Result<Ask, ApiError> + Send + 'static,
) -> Result<Json<ReviewAnswer>, ApiError> {
    let desk = open(&shared, id).await?;
    let who = who(user.as_ref());
    blocking(move || {
        let base = base.unwrap_or_else(|| desk.revision());
        Ok(answer(desk.review_ask(&base, &who, ask, refused)?, &who))
    })
    .await
}

/// The title of the article keyed `key`.
fn title_of(draft: &crate::issue::save::Draft, keys: &Keys, key: &str) -> Result<String, ApiError> {
    let (s, a) = keys.find_article(key).ok_or_else(ApiError::not_found)?;
    Ok(draft.sections[s].articles[a].title.clone())
}

async fn article(
    State(shared): State<Shared>,
    user: Option<SignedIn>,
    Path((id, key)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<ReviewAnswer>, ApiError> {
    let request: ArticleReviewRequest = protocol::body(&headers, &body)?;
    let action = request.action.clone();
    if !["submit", "approve", "return"].contains(&action.as_str()) {
        return Err(ApiError::bad_request("`action` must be submit, approve or return"));
    }
    change(shared, user, id, Some(request.base_revision), move |draft, keys| {
        let title = title_of(draft, keys, &key)?;
        Ok(match action.as_str() {
            "submit" => Ask::Submit { title },
            "approve" => Ask::Approve { title },
            _ => Ask::Return { title, note: request.note },
        })
    })
    .await
}

async fn comment(
    State(shared): State<Shared>,
    user: Option<SignedIn>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<ReviewAnswer>, ApiError> {
    let request: CommentRequest = protocol::body(&headers, &body)?;
    change(shared, user, id, None, move |draft, keys| {
        Ok(Ask::Comment {
            title: title_of(draft, keys, &request.article)?,
            paragraph: request.paragraph,
            text: request.text,
            mark: request.mark,
        })
    })
    .await
}

fn comment_number(n: &str) -> Result<u64, ApiError> {
    n.parse().map_err(|_| ApiError::not_found())
}

async fn reply(
    State(shared): State<Shared>,
    user: Option<SignedIn>,
    Path((id, n)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<ReviewAnswer>, ApiError> {
    let ReplyRequest { text } = protocol::body(&headers, &body)?;
    let comment = comment_number(&n)?;
    change(shared, user, id, None, move |_, _| Ok(Ask::Reply { comment, text })).await
}

async fn resolve(
    State(shared): State<Shared>,
    user: Option<SignedIn>,
    Path((id, n)): Path<(String, String)>,
) -> Result<Json<ReviewAnswer>, ApiError> {
    let comment = comment_number(&n)?;
    change(shared, user, id, None, move |_, _| Ok(Ask::Resolve { comment })).await
}

async fn sign_off(
    State(shared): State<Shared>,
    user: Option<SignedIn>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<ReviewAnswer>, ApiError> {
    signing(shared, user, id, (&headers, &body), Ask::SignOff).await
}

async fn withdraw(
    State(shared): State<Shared>,
    user: Option<SignedIn>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<ReviewAnswer>, ApiError> {
    signing(shared, user, id, (&headers, &body), Ask::Withdraw).await
}

/// Signs off or withdraws (`ask`) as the body's `base_revision` says.
async fn signing(
    shared: Shared,
    user: Option<SignedIn>,
    id: String,
    (headers, body): (&HeaderMap, &Bytes),
    ask: Ask,
) -> Result<Json<ReviewAnswer>, ApiError> {
    let SignOffRequest { base_revision } = protocol::body(headers, body)?;
    change(shared, user, id, Some(base_revision), move |_, _| Ok(ask)).await
}

/// A refusal of the review as an answer of the API.
fn refused(refused: Refused) -> ApiError {
    match refused {
        Refused::Role(roles) => {
            let names: Vec<&str> = roles.iter().map(|role| role.name()).collect();
            let words = roles.iter().map(|role| format!("role-{}", role.name())).collect();
            ApiError::new(StatusCode::FORBIDDEN, "forbidden_role")
                .arg_words("roles", words)
                .with("roles", names)
        }
        Refused::NoArticle(_) | Refused::NoParagraph(_) | Refused::NoComment(_) => {
            ApiError::not_found()
        }
        Refused::State(state) => {
            ApiError::new(StatusCode::CONFLICT, state_code(state)).with("state", state_name(state))
        }
        Refused::Settled => ApiError::new(StatusCode::CONFLICT, "comment_settled"),
        Refused::Empty | Refused::TooLong => {
            ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "bad_comment")
                .arg("max", crate::issue::review::rules::MAX_TEXT)
        }
        Refused::NotReady { unapproved, open } => {
            ApiError::new(StatusCode::CONFLICT, "not_ready_to_sign")
                .arg("articles", unapproved.len())
                .arg("open", open)
                .with("unapproved", unapproved)
                .with("open", open)
        }
        Refused::NotSigned => ApiError::new(StatusCode::CONFLICT, "not_signed_off"),
        Refused::Failed(err) => ApiError::internal(&err),
    }
}

fn state_name(state: ArticleState) -> &'static str {
    match state {
        ArticleState::Draft => "draft",
        ArticleState::Submitted => "submitted",
        ArticleState::Approved => "approved",
    }
}

/// The error code of a request refused because the article is in `state`.
fn state_code(state: ArticleState) -> &'static str {
    match state {
        ArticleState::Draft => "article_draft",
        ArticleState::Submitted => "article_submitted",
        ArticleState::Approved => "article_approved",
    }
}
