//! `bulletin users`: adds, lists and removes the desk's accounts and changes their
//! passwords, in the project's `.bulletin/users.toml`.

use std::path::PathBuf;

use anyhow::{Result, bail};
use unicode_width::UnicodeWidthStr as _;

use crate::accounts::{AccountError, Users, password, users_file};
use crate::cli::{UsersAction, UsersArgs};
use crate::cmd::secret;
use crate::diag::{Lang, Text, TextContext};

/// Runs the action `args` names.
pub fn run(args: &UsersArgs, lang: Lang) -> Result<()> {
    in_words(act(args, lang), lang)
}

fn act(args: &UsersArgs, lang: Lang) -> Result<()> {
    let root = project(args, lang)?;
    let file = users_file(&root);
    let mut users = Users::read(&file)?;
    let say = |text: Text| eprintln!("{}", text.render(lang));
    match &args.action {
        UsersAction::List => {
            list(&users, lang);
            return Ok(());
        }
        UsersAction::Add { name, role } => {
            // The name first: a password is not asked for an account that cannot be added.
            if users.find(name).is_some() {
                return Err(AccountError::Exists(name.clone()).into());
            }
            let hash = password::hash(&new_password(name, lang)?)?;
            users.add(name, *role, hash)?;
            users.write(&file)?;
            say(Text::new("users-added")
                .arg("name", name.as_str())
                .arg("role", format!("{}, {}", role.name(), role.label()))
                .arg("file", file.display().to_string()));
        }
        UsersAction::Remove { name } => {
            users.remove(name)?;
            users.write(&file)?;
            say(Text::new("users-removed").arg("name", name.as_str()));
        }
        UsersAction::Passwd { name } => {
            if users.find(name).is_none() {
                return Err(AccountError::Unknown(name.clone()).into());
            }
            let hash = password::hash(&new_password(name, lang)?)?;
            users.set_password(name, hash)?;
            users.write(&file)?;
            say(Text::new("users-password-changed").arg("name", name.as_str()));
        }
    }
    Ok(())
}

/// The project: `--root`, else the one above the current folder.
fn project(args: &UsersArgs, lang: Lang) -> Result<PathBuf> {
    let dir = match &args.root {
        Some(root) => root.clone(),
        None => std::env::current_dir().text_context(|| Text::new("current-folder-unreadable"))?,
    };
    match crate::cmd::doctor::project_above(&dir)? {
        Some(root) => Ok(root),
        None => bail!(
            "{}",
            Text::new("users-no-project").arg("dir", dir.display().to_string()).render(lang)
        ),
    }
}

/// A new password for `name`: typed twice on a terminal, else one line of standard input;
/// checked against the rules.
fn new_password(name: &str, lang: Lang) -> Result<String> {
    let password = if secret::typed() {
        let first =
            secret::ask_hidden(&Text::new("users-password-prompt").arg("name", name).render(lang))?;
        password::check_new(&first)?;
        let again = secret::ask_hidden(&Text::new("users-password-again").render(lang))?;
        if again != first {
            return Err(AccountError::Mismatch.into());
        }
        first
    } else {
        match secret::read_line()? {
            Some(line) => line,
            None => bail!("{}", Text::new("users-no-input").render(lang)),
        }
    };
    password::check_new(&password)?;
    Ok(password)
}

/// Prints the accounts as a table: name, role, created.
fn list(users: &Users, lang: Lang) {
    if users.is_empty() {
        eprintln!("{}", Text::new("users-none").render(lang));
        return;
    }
    let rows: Vec<[String; 3]> = std::iter::once(
        ["users-col-name", "users-col-role", "users-col-created"]
            .map(|id| Text::new(id).render(lang)),
    )
    .chain(users.accounts().iter().map(|account| {
        [
            account.name.clone(),
            format!("{} ({})", account.role.name(), account.role.label()),
            account.created.clone(),
        ]
    }))
    .collect();
    let widths: Vec<usize> = (0..2)
        .map(|column| rows.iter().map(|row| row[column].width()).max().unwrap_or(0))
        .collect();
    for row in rows {
        let mut line = String::new();
        for (column, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if let Some(width) = widths.get(column) {
                line.push_str(&" ".repeat(width - cell.width() + 2));
            }
        }
        println!("{}", line.trim_end());
    }
}

/// An account error put into the reader's language; other failures as they are.
fn in_words(result: Result<()>, lang: Lang) -> Result<()> {
    result.map_err(|err| match err.downcast_ref::<AccountError>() {
        Some(account) => anyhow::anyhow!("{}", account.text().render(lang)),
        None => err,
    })
}
