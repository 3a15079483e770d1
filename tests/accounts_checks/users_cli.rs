//! `bulletin users`: accounts added, listed, changed and removed; the file private and
//! holding hashes only; mistakes refused with a message in the user's language.

use std::os::unix::fs::PermissionsExt as _;

use super::{add_user, project};
use crate::support::{bulletin, stderr, stdout};

#[test]
fn accounts_are_kept_privately_as_hashes_and_changed_by_name() {
    let (_sandbox, root) = project("accounts-cli");
    add_user(&root, "王编辑", "editor", "first-password");
    add_user(&root, "li", "chief", "second-password");
    let file = root.join(".bulletin/users.toml");
    let mode =
        |path: &std::path::Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&file), 0o600, "the accounts file is its owner's only");
    assert_eq!(mode(&root.join(".bulletin")), 0o700);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(!text.contains("first-password") && !text.contains("second-password"), "{text}");
    assert_eq!(text.matches("password_hash = \"$argon2id$v=19$").count(), 2, "{text}");

    let listed = stdout(&bulletin().current_dir(&root).args(["users", "list"]).assert().success());
    let lines: Vec<&str> = listed.lines().collect();
    assert_eq!(lines.len(), 3, "{listed}");
    assert!(
        lines[0].starts_with("name") && lines[0].contains("role") && lines[0].contains("created")
    );
    assert!(lines[1].starts_with("王编辑") && lines[1].contains("editor (编辑)"), "{listed}");
    assert!(lines[2].starts_with("li") && lines[2].contains("chief (主编)"), "{listed}");
    assert!(lines[1].contains(&chrono::Local::now().format("%Y-%m-%d").to_string()), "{listed}");

    let before = std::fs::read_to_string(&file).unwrap();
    bulletin()
        .current_dir(&root)
        .args(["users", "passwd", "li"])
        .write_stdin("third-password\n")
        .assert()
        .success();
    let after = std::fs::read_to_string(&file).unwrap();
    assert_ne!(before, after, "the hash changed");
    assert_eq!(after.matches("$argon2id$").count(), 2);

    // From elsewhere, with --root.
    bulletin().args(["users", "remove", "王编辑", "--root"]).arg(&root).assert().success();
    let listed = stdout(&bulletin().current_dir(&root).args(["users", "list"]).assert().success());
    assert!(!listed.contains("王编辑") && listed.contains("li"), "{listed}");
    assert_eq!(mode(&file), 0o600, "still private after a change");
}

#[test]
fn mistakes_are_refused_in_the_users_language_and_change_nothing() {
    let (_sandbox, root) = project("accounts-cli-mistakes");
    add_user(&root, "wang", "editor", "a-good-password");
    let file = root.join(".bulletin/users.toml");
    let before = std::fs::read_to_string(&file).unwrap();
    let refused = |args: &[&str], input: &str, lang: &str| {
        let assert = bulletin()
            .current_dir(&root)
            .args(["--lang", lang, "users"])
            .args(args)
            .write_stdin(input)
            .assert()
            .code(2);
        stderr(&assert)
    };
    let cases: [(&[&str], &str, &str, &str); 9] = [
        (&["add", "wang", "--role", "chief"], "another-password\n", "en", "exists already"),
        (&["add", "wang", "--role", "chief"], "another-password\n", "zh", "已经存在"),
        (&["add", "li", "--role", "editor"], "\n", "en", "the password is empty"),
        (&["add", "li", "--role", "editor"], "", "en", "no password was given"),
        (&["add", "li", "--role", "editor"], "short\n", "en", "at least 8 characters"),
        (&["add", "li", "--role", "editor"], "short\n", "zh", "至少要 8 个字符"),
        (&["add", "two words", "--role", "editor"], "a-good-password\n", "en", "without spaces"),
        (&["passwd", "nobody"], "a-good-password\n", "en", "there is no account “nobody”"),
        (&["remove", "nobody"], "", "zh", "没有名为“nobody”的账户"),
    ];
    for (args, input, lang, expected) in cases {
        let message = refused(args, input, lang);
        assert!(message.contains(expected), "{args:?} {lang}: {message}");
    }
    let unknown_role = bulletin()
        .current_dir(&root)
        .args(["users", "add", "li", "--role", "admin"])
        .write_stdin("a-good-password\n")
        .assert()
        .failure();
    assert!(
        stderr(&unknown_role).contains("editor, proofreader, chief"),
        "{}",
        stderr(&unknown_role)
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), before, "nothing was written");

    let nowhere = tempfile::tempdir().unwrap();
    let assert = bulletin().current_dir(nowhere.path()).args(["users", "list"]).assert().code(2);
    assert!(stderr(&assert).contains("no project"), "{}", stderr(&assert));
}
