use super::*;
use crate::issue::history::revision_of;
use crate::issue::review::role::Role;
use crate::issue::save::read_draft;

const ISSUE: &str = r#"year = 2023
number = 8
date = 2023-08-10

[[section]]
name = "行业资讯"

[[section.article]]
title = "甲"
paragraphs = ["一", "二"]
attribution = { compiler = "编辑部", date = 2023-07-21 }

[[section.article]]
title = "乙"
paragraphs = ["三"]
attribution = { compiler = "编辑部", date = 2023-07-21 }
"#;

fn who(name: &str, role: Role) -> Who {
    Who { by: name.to_owned(), role: Some(role) }
}

struct Issue {
    _dir: tempfile::TempDir,
    review: Review,
    text: String,
    draft: Draft,
}

impl Issue {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let review = Review::of(dir.path());
        Self { _dir: dir, review, text: ISSUE.to_owned(), draft: read_draft(ISSUE).unwrap() }
    }

    fn ask(&self, who: &Who, ask: Ask) -> Result<Ledger, Refused> {
        self.review.ask(who, ask, &self.draft, &revision_of(&self.text))
    }

    fn view(&self) -> View {
        self.review.read().unwrap().view(&self.draft, &revision_of(&self.text))
    }

    /// Changes the text as a save would, and lets the review follow.
    fn change(&mut self, by: &str, from: &str, to: &str) {
        let text = self.text.replacen(from, to, 1);
        assert_ne!(text, self.text);
        let new = read_draft(&text).unwrap();
        self.review.follow(by, Some(&self.draft), &new, &revision_of(&text)).unwrap();
        self.text = text;
        self.draft = new;
    }

    fn approve_all(&self, chief: &Who) {
        for title in ["甲", "乙"] {
            self.ask(chief, Ask::Approve { title: title.into() }).unwrap();
        }
    }
}

fn state(view: &View, title: &str) -> State {
    view.articles.iter().find(|a| a.title == title).unwrap().state
}

#[test]
fn articles_go_from_draft_to_approved_and_the_issue_is_signed_off() {
    let issue = Issue::new();
    let editor = who("张编辑", Role::Editor);
    let chief = who("王主编", Role::Chief);
    assert_eq!(state(&issue.view(), "甲"), State::Draft);
    issue.ask(&editor, Ask::Submit { title: "甲".into() }).unwrap();
    assert_eq!(state(&issue.view(), "甲"), State::Submitted);
    let refused = issue.ask(&chief, Ask::SignOff).unwrap_err();
    assert!(
        matches!(&refused, Refused::NotReady { unapproved, open: 0 } if unapproved == &["甲", "乙"]),
        "{refused:?}"
    );
    issue.approve_all(&chief);
    let view = issue.view();
    assert!(view.ready);
    assert_eq!(view.sign_off.state, "none");
    issue.ask(&chief, Ask::SignOff).unwrap();
    let ledger = issue.review.read().unwrap();
    assert!(ledger.signed(&revision_of(&issue.text)));
    assert_eq!(issue.view().sign_off.by.as_deref(), Some("王主编"));
    // Everything is in the file, in order, with who did it.
    let acts: Vec<_> = ledger.events.iter().map(|e| (e.n, e.by.as_str(), e.role)).collect();
    assert_eq!(acts[0], (1, "张编辑", Some(Role::Editor)));
    assert_eq!(acts.last().unwrap(), &(4, "王主编", Some(Role::Chief)));
}

#[test]
fn only_the_chief_approves_and_signs_off() {
    let issue = Issue::new();
    for role in [Role::Editor, Role::Proofreader] {
        let someone = who("某人", role);
        for ask in [
            Ask::Approve { title: "甲".into() },
            Ask::Return { title: "甲".into(), note: String::new() },
            Ask::SignOff,
            Ask::Withdraw,
        ] {
            let refused = issue.ask(&someone, ask.clone()).unwrap_err();
            assert!(matches!(refused, Refused::Role(&[Role::Chief])), "{role:?} {ask:?}");
        }
    }
    let refused = issue.ask(
        &who("张编辑", Role::Editor),
        Ask::Comment { title: "甲".into(), paragraph: 0, text: "x".into(), mark: true },
    );
    assert!(matches!(refused, Err(Refused::Role(_))), "an editor does not mark");
    assert!(issue.review.read().unwrap().events.is_empty(), "nothing refused was recorded");
    // Without accounts the one person at the desk may do everything.
    let local = Who { by: "本机".into(), role: None };
    issue.approve_all(&local);
    issue.ask(&local, Ask::SignOff).unwrap();
}

#[test]
fn open_comments_hold_the_sign_off_until_settled() {
    let issue = Issue::new();
    let proofreader = who("李校对", Role::Proofreader);
    let editor = who("张编辑", Role::Editor);
    let chief = who("王主编", Role::Chief);
    let ledger = issue
        .ask(
            &proofreader,
            Ask::Comment { title: "甲".into(), paragraph: 1, text: " 错字 ".into(), mark: true },
        )
        .unwrap();
    let id = ledger.next_comment() - 1;
    issue.approve_all(&chief);
    assert!(matches!(issue.ask(&chief, Ask::SignOff), Err(Refused::NotReady { open: 1, .. })));
    issue.ask(&editor, Ask::Reply { comment: id, text: "已改".into() }).unwrap();
    issue.ask(&editor, Ask::Resolve { comment: id }).unwrap();
    assert!(matches!(issue.ask(&editor, Ask::Resolve { comment: id }), Err(Refused::Settled)));
    let view = issue.view();
    let comment = &view.comments[0];
    assert_eq!(
        (comment.text.as_str(), comment.quote.as_str(), comment.paragraph),
        ("错字", "二", Some(1))
    );
    assert_eq!(comment.replies[0].by, "张编辑");
    assert_eq!(comment.resolved.as_ref().unwrap().by, "张编辑");
    issue.ask(&chief, Ask::SignOff).unwrap();
}

#[test]
fn a_change_after_approval_and_sign_off_reopens_both_visibly() {
    let mut issue = Issue::new();
    let chief = who("王主编", Role::Chief);
    issue.approve_all(&chief);
    issue.ask(&chief, Ask::SignOff).unwrap();
    issue.change("张编辑", "\"三\"", "\"三改\"");
    let view = issue.view();
    assert_eq!(state(&view, "甲"), State::Approved, "the article not changed stays approved");
    assert_eq!(state(&view, "乙"), State::Submitted);
    assert_eq!(view.sign_off.state, "lapsed");
    assert_eq!(view.sign_off.changed_by.as_deref(), Some("张编辑"));
    assert!(!issue.review.read().unwrap().signed(&revision_of(&issue.text)));
    let acts: Vec<_> =
        issue.review.read().unwrap().events.iter().rev().take(2).map(|e| e.act.clone()).collect();
    assert!(acts.contains(&Act::Reopened { title: "乙".into() }), "{acts:?}");
    assert!(acts.iter().any(|a| matches!(a, Act::Lapsed { .. })), "{acts:?}");
    // A change no one followed (another program) is seen against the text all the same.
    let text = issue.text.replacen("\"一\"", "\"一改\"", 1);
    issue.draft = read_draft(&text).unwrap();
    issue.text = text;
    assert_eq!(state(&issue.view(), "甲"), State::Submitted);
    assert!(issue.view().articles[0].changed_since_approval);
}

#[test]
fn a_retitled_article_keeps_its_state_and_comments_and_quotes_follow_paragraphs() {
    let mut issue = Issue::new();
    let chief = who("王主编", Role::Chief);
    issue
        .ask(
            &chief,
            Ask::Comment { title: "乙".into(), paragraph: 0, text: "看看".into(), mark: false },
        )
        .unwrap();
    issue.ask(&chief, Ask::Submit { title: "甲".into() }).unwrap();
    issue.change("张编辑", "title = \"甲\"", "title = \"甲新\"");
    issue.change("张编辑", "\"三\"", "\"零\", \"三\"");
    let view = issue.view();
    assert_eq!(state(&view, "甲新"), State::Submitted);
    assert_eq!(view.comments[0].paragraph, Some(1), "the comment follows its paragraph");
    assert!(!view.comments[0].outdated);
    issue.change("张编辑", "\"三\"", "\"叁\"");
    assert!(issue.view().comments[0].outdated);
}

#[test]
fn an_issue_without_review_gets_no_review_file() {
    let mut issue = Issue::new();
    issue.change("张编辑", "\"三\"", "\"三改\"");
    assert!(!issue.review.path.exists());
}
