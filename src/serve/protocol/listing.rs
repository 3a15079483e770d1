//! The fields of every route's request and answer, and of the event stream's payloads,
//! read from sample values of their types: what docs/desk-api.md must name in the
//! route's section (tests/serve_checks/api_doc.rs holds it to that).
//!
//! A sample fills every optional field and one entry of every list whose items the
//! route's section describes; a list or value another section describes (the
//! diagnostics of §6, the document of §5, the export object of §9) is left empty.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::Value;

use crate::issue::history::Version;
use crate::issue::history::Via;
use crate::issue::history::changes::{Change, Detailed, ParagraphChange, What};
use crate::issue::merge::{Conflict, Field};
use crate::issue::review::event::{Act, Event};
use crate::issue::review::ledger::{ArticleView, CommentView, Reply, Settled, SignOffView, State};
use crate::issue::review::role::Role;
use crate::serve::exports::ExportInfo;
use crate::serve::messages::Catalog;
use crate::serve::placement::{ArticlePlace, ContentsEntry, Copyfit, PageInfo, Rect, SectionPlace};
use crate::serve::presence::Present;
use crate::serve::protocol::archive::{
    ArchiveAnswer, ArchiveLine, CreateRequest, Exported, NextLine,
};
use crate::serve::protocol::events::{
    BuildingEvent, Hello, PresenceEvent, ReloadedEvent, ReviewEvent, SavedEvent,
};
use crate::serve::protocol::exports::{
    CompareAnswer, CompareBase, CompareRequest, Comparison, ExportBase, ExportRequest,
    ExportsAnswer, PageDifference, VersionBase,
};
use crate::serve::protocol::issue::{
    Added, DocumentAnswer, DocxAnswer, PastedArticle, PastedAttribution, PresenceRequest,
    SaveAnswer, SaveRequest, SplitAnswer, SplitRequest,
};
use crate::serve::protocol::review::{
    Allowed, ArticleReview, ArticleReviewRequest, CommentRequest, ReplyRequest, ReviewAnswer,
    SignOffRequest,
};
use crate::serve::protocol::session::{
    Language, LoginAnswer, LoginRequest, MessagesAnswer, SessionAnswer, User,
};
use crate::serve::protocol::status::{Counts, Keyed, Rebuilt};
use crate::serve::protocol::versions::{
    BasedRequest, RestoreAnswer, UndoAnswer, VersionAnswer, VersionsAnswer,
};

/// No messages: their keys are data, not fields.
static NO_MESSAGES: Catalog = BTreeMap::new();

/// Every route as `(METHOD, path as docs/desk-api.md heads it, field names)`: the names of
/// the objects' fields in its request and answer (for the event stream, in its payloads),
/// sorted. Routes whose bodies are no JSON have none.
pub fn wire_fields() -> Vec<(&'static str, &'static str, Vec<String>)> {
    let route = |method, path, samples: &[Value]| (method, path, names(samples));
    vec![
        route("GET", "/api/session", &[json(session())]),
        route("POST", "/api/login", &[json(login_request()), json(LoginAnswer { user: user() })]),
        route("POST", "/api/logout", &[]),
        route(
            "GET",
            "/api/messages",
            &[json(MessagesAnswer { lang: "zh-CN", messages: &NO_MESSAGES })],
        ),
        route("GET", "/api/issues", &[json(archive())]),
        route("POST", "/api/issues", &[json(CreateRequest { id: some() }), json(archive_line())]),
        route(
            "GET",
            "/api/issues/{id}",
            &[json(DocumentAnswer { revision: s(), issue: Value::Null, status: None })],
        ),
        route("PUT", "/api/issues/{id}", &[json(save_request()), json(save_answer())]),
        route("GET", "/api/issues/{id}/status", &[json(rebuilt())]),
        route("GET", "/api/issues/{id}/events", &events()),
        route(
            "POST",
            "/api/issues/{id}/presence",
            &[json(PresenceRequest { client: s(), article: some() })],
        ),
        route("GET", "/api/issues/{id}/pages/{n}.png", &[]),
        route("POST", "/api/issues/{id}/split", &[json(split_request()), json(split_answer())]),
        route("POST", "/api/issues/{id}/sections/{section}/docx", &[json(docx_answer())]),
        route(
            "GET",
            "/api/issues/{id}/exports",
            &[json(ExportsAnswer { print: None, screen: None })],
        ),
        route("POST", "/api/issues/{id}/exports", &[json(export_request()), json(export_info())]),
        route("GET", "/api/issues/{id}/exports/{kind}.pdf", &[]),
        route(
            "POST",
            "/api/issues/{id}/compare",
            &[json(compare_request()), json(compare_export())],
        ),
        route("GET", "/api/issues/{id}/reports/{token}/{file}", &[]),
        route("GET", "/api/issues/{id}/versions", &[json(versions())]),
        route("GET", "/api/issues/{id}/versions/{n}", &[json(version_answer())]),
        route("POST", "/api/issues/{id}/versions/{n}/compare", &[json(compare_version())]),
        route(
            "POST",
            "/api/issues/{id}/versions/{n}/restore",
            &[json(based()), json(RestoreAnswer { revision: s(), restored: 1 })],
        ),
        route(
            "POST",
            "/api/issues/{id}/undo",
            &[json(based()), json(UndoAnswer { revision: s(), undone: 1, conflicts: Vec::new() })],
        ),
        // Every change to the review answers with the review as `GET` gives it (one
        // sentence in §15 says so): only the requests are named in their sections.
        route("GET", "/api/issues/{id}/review", &[json(review())]),
        route(
            "POST",
            "/api/issues/{id}/review/articles/{key}",
            &[json(ArticleReviewRequest { base_revision: s(), action: s(), note: s() })],
        ),
        route(
            "POST",
            "/api/issues/{id}/review/comments",
            &[json(CommentRequest { article: s(), paragraph: 0, text: s(), mark: true })],
        ),
        route(
            "POST",
            "/api/issues/{id}/review/comments/{n}/replies",
            &[json(ReplyRequest { text: s() })],
        ),
        route("POST", "/api/issues/{id}/review/comments/{n}/resolve", &[]),
        route(
            "POST",
            "/api/issues/{id}/review/sign-off",
            &[json(SignOffRequest { base_revision: s() })],
        ),
        route(
            "POST",
            "/api/issues/{id}/review/sign-off/withdraw",
            &[json(SignOffRequest { base_revision: s() })],
        ),
    ]
}

/// The names of the fields of every object in `samples`, at any depth, sorted.
fn names(samples: &[Value]) -> Vec<String> {
    fn walk(value: &Value, names: &mut BTreeSet<String>) {
        match value {
            Value::Object(map) => {
                for (key, value) in map {
                    names.insert(key.clone());
                    walk(value, names);
                }
            }
            Value::Array(items) => items.iter().for_each(|item| walk(item, names)),
            _ => {}
        }
    }
    let mut found = BTreeSet::new();
    samples.iter().for_each(|sample| walk(sample, &mut found));
    found.into_iter().collect()
}

fn json(value: impl Serialize) -> Value {
    serde_json::to_value(value).expect("the API's types serialize")
}

fn s() -> String {
    "x".to_owned()
}

fn some() -> Option<String> {
    Some(s())
}

fn session() -> SessionAnswer {
    SessionAnswer {
        server: s(),
        project: s(),
        open_issue: some(),
        languages: vec![Language { code: "zh-CN", name: "简体中文" }],
        default_language: "zh-CN",
        save_debounce_ms: 150,
        page_ppi: vec![96],
        multiple: 4,
        user: Some(user()),
    }
}

fn user() -> User {
    User { name: s(), role: "editor", role_label: "editor" }
}

fn login_request() -> LoginRequest {
    LoginRequest { name: some(), password: some() }
}

fn archive() -> ArchiveAnswer {
    let next = NextLine { id: s(), year: 2023, number: 9, running_number: Some(1), date: s() };
    ArchiveAnswer { issues: vec![archive_line()], next: Some(next) }
}

fn archive_line() -> ArchiveLine {
    ArchiveLine {
        id: s(),
        year: Some(2023),
        number: Some(8),
        running_number: Some(1),
        date: some(),
        page_count: Some(1),
        ready: Some(true),
        exported: Exported { print: some(), screen: some() },
    }
}

fn save_request() -> SaveRequest {
    SaveRequest { base_revision: s(), client: some(), lang: some(), issue: Value::Null }
}

fn save_answer() -> SaveAnswer {
    SaveAnswer {
        revision: s(),
        saved_at: s(),
        merged: Some(true),
        conflicts: Some(vec![conflict()]),
        issue: Some(Value::Null),
    }
}

fn conflict() -> Conflict {
    Conflict {
        section: s(),
        title: s(),
        id: some(),
        field: Field::Title,
        current: vec![s()],
        incoming: vec![s()],
    }
}

/// The `rebuilt` payload; its diagnostics are §6's.
fn rebuilt() -> Rebuilt {
    let article = ArticlePlace {
        section: 0,
        article: 0,
        first_page: 1,
        last_page: 1,
        lines: 1,
        title_rect: Some(Rect { page: 1, x: 0.0, y: 0.0, w: 1.0, h: 1.0 }),
    };
    let section = SectionPlace { section: 0, first_page: 1, last_page: 1 };
    Rebuilt {
        revision: s(),
        ready: true,
        typeset: true,
        build_ms: 1,
        page_count: 1,
        pages: Some(vec![PageInfo { number: 1, fingerprint: s(), width: 1.0, height: 1.0 }]),
        changed_pages: vec![1],
        articles: vec![Keyed { place: article, key: some() }],
        sections: vec![Keyed { place: section, key: some() }],
        contents: Some(vec![ContentsEntry { section: 0, article: 0, page: 1 }]),
        copyfit: Some(Copyfit {
            page_count: 1,
            multiple: 4,
            pages_to_multiple: 3,
            last_page_fill: 1.0,
        }),
        diagnostics: Vec::new(),
        counts: Counts { errors: 0, warnings: 0 },
    }
}

/// The stream's own payloads; `rebuilt`, `exported` and `archive` are other routes'
/// answers, of which only the archive's fields are named in §8.
fn events() -> Vec<Value> {
    let present = Present { client: s(), name: s(), article: some() };
    vec![
        json(Hello { revision: s(), issue: s(), instance: s() }),
        json(SavedEvent { revision: s(), client: some() }),
        json(ReloadedEvent { revision: s(), reason: "disk" }),
        json(PresenceEvent { people: vec![present] }),
        json(BuildingEvent { revision: s() }),
        json(ReviewEvent {}),
        json(ArchiveAnswer { issues: Vec::new(), next: None }),
    ]
}

fn split_request() -> SplitRequest {
    SplitRequest { text: some(), html: some(), lang: some() }
}

fn split_answer() -> SplitAnswer {
    SplitAnswer {
        article: PastedArticle {
            title: s(),
            listed: false,
            paragraphs: vec![s()],
            attribution: PastedAttribution { source: some(), compiler: s(), date: s() },
        },
        notes: vec![s()],
    }
}

fn docx_answer() -> DocxAnswer {
    DocxAnswer { revision: s(), issue: Value::Null, added: Added { section: s(), article: s() } }
}

fn export_request() -> ExportRequest {
    ExportRequest { kind: some(), revision: some(), lang: some() }
}

fn export_info() -> ExportInfo {
    ExportInfo {
        kind: "print",
        revision: some(),
        path: s(),
        bytes: 1,
        page_count: 1,
        sha256: s(),
        exported_at: s(),
        url: s(),
    }
}

fn compare_request() -> CompareRequest {
    CompareRequest { kind: some(), lang: some() }
}

fn comparison(pages: Vec<PageDifference>) -> Comparison {
    Comparison { identical: false, pages, report_url: s() }
}

fn compare_export() -> CompareAnswer {
    let changed = PageDifference { number: 1, change: "changed", share: Some(0.5) };
    CompareAnswer {
        comparison: comparison(vec![changed]),
        base: CompareBase::Export(ExportBase { exported_at: s(), page_count: 1 }),
    }
}

/// A version; its changes are the list's.
fn version(changes: Vec<Change>) -> Version {
    Version { n: 1, at: s(), by: s(), via: Via::Desk, revision: s(), of: Some(1), changes }
}

fn change() -> Change {
    Change { section: s(), title: s(), what: vec![What::Retitled] }
}

fn versions() -> VersionsAnswer {
    VersionsAnswer { revision: s(), versions: vec![version(vec![change()])], damaged: 0, bytes: 1 }
}

fn version_answer() -> VersionAnswer {
    let detailed = Detailed {
        change: change(),
        title_before: some(),
        paragraphs: vec![ParagraphChange { before: some(), after: some() }],
    };
    VersionAnswer {
        version: version(Vec::new()),
        issue: Some(Value::Null),
        changes: vec![detailed],
    }
}

/// The pages are as `POST …/compare` gives them.
fn compare_version() -> CompareAnswer {
    CompareAnswer {
        comparison: comparison(Vec::new()),
        base: CompareBase::Version(VersionBase { version: version(Vec::new()) }),
    }
}

fn based() -> BasedRequest {
    BasedRequest { base_revision: s(), client: some() }
}

/// The review with one article, one comment answered and settled, a sign-off, and one
/// event of every kind in the trail.
fn review() -> ReviewAnswer {
    let article = ArticleView {
        place: (0, 0),
        section: s(),
        title: s(),
        state: State::Submitted,
        changed_since_approval: false,
        by: some(),
        at: some(),
        open_comments: 1,
    };
    let comment = CommentView {
        id: 1,
        title: s(),
        paragraph: Some(0),
        quote: s(),
        text: s(),
        mark: true,
        by: s(),
        at: s(),
        replies: vec![Reply { by: s(), at: s(), text: s() }],
        resolved: Some(Settled { by: s(), at: s() }),
        outdated: false,
        gone: false,
    };
    let sign_off = SignOffView {
        state: "signed",
        by: some(),
        at: some(),
        revision: some(),
        changed_by: some(),
        changed_at: some(),
    };
    let acts = [
        Act::Submitted { title: s() },
        Act::Approved { title: s(), fingerprint: s() },
        Act::Returned { title: s(), note: s() },
        Act::Reopened { title: s() },
        Act::Renamed { from: s(), to: s() },
        Act::Commented { id: 1, title: s(), paragraph: 0, quote: s(), text: s(), mark: true },
        Act::Replied { comment: 1, text: s() },
        Act::Resolved { comment: 1 },
        Act::SignedOff { revision: s() },
        Act::Withdrawn {},
        Act::Lapsed { revision: s() },
    ];
    let trail = acts
        .into_iter()
        .map(|act| Event { n: 1, at: s(), by: s(), role: Some(Role::Chief), act })
        .collect();
    ReviewAnswer {
        revision: s(),
        ready: false,
        articles: vec![ArticleReview { key: s(), review: article }],
        comments: vec![comment],
        unapproved: vec![s()],
        open: 1,
        sign_off,
        may: Allowed {
            submit: true,
            approve: true,
            comment: true,
            mark: true,
            resolve: true,
            sign_off: true,
        },
        trail,
        damaged: 0,
    }
}
