//! `bulletin init`: makes a new project from the installed copy and says what is in it.

use std::path::Path;

use anyhow::{Context, Result};
use chrono::Datelike as _;

use crate::cli::InitArgs;
use crate::diag::{Lang, Text};
use crate::install::init::{InitOptions, Made, init};
use crate::install::installed::Installed;
use crate::issue::calendar::parse_id;

/// Makes the project and prints where its first issue is and what to do next.
pub(crate) fn run(args: &InitArgs, lang: Lang) -> Result<()> {
    let month = match &args.first {
        Some(id) => Some(
            parse_id(id)
                .with_context(|| Text::new("init-bad-first").arg("id", id.as_str()).render(lang))?,
        ),
        None => None,
    };
    let (installed, made) = make_project(&args.dir, month, args.sample, lang)?;
    let month = made.month;
    let issue = format!("issues/{}", made.first_issue);
    let say = |text: Text| println!("{}", text.render(lang));
    say(Text::new("init-made")
        .arg("root", made.root.display().to_string())
        .arg("from", installed.dir.display().to_string()));
    say(Text::new("init-first-issue")
        .arg("path", format!("{issue}/issue.toml"))
        .arg("year", month.0)
        .arg("number", month.1));
    if let Some(sample) = &made.sample {
        say(Text::new("init-sample").arg("path", format!("issues/{sample}")));
    }
    say(Text::new("init-next").arg("root", made.root.display().to_string()).arg("issue", issue));
    Ok(())
}

/// Makes a project in `dir` from the installed copy, its first issue that of `month`
/// (by default this month); gives the installed copy and what was made.
pub(crate) fn make_project(
    dir: &Path,
    month: Option<(i32, u8)>,
    sample: bool,
    lang: Lang,
) -> Result<(Installed, Made)> {
    let installed = Installed::locate().with_context(|| {
        Text::new("init-no-installed-copy")
            .arg("places", Installed::places().join(", "))
            .render(lang)
    })?;
    let today = chrono::Local::now().date_naive();
    let options = InitOptions {
        dir: dir.to_path_buf(),
        // A month number is always in 1..=12.
        month: month.unwrap_or((today.year(), today.month() as u8)),
        today: today.format("%Y-%m-%d").to_string(),
        sample,
    };
    let made = init(&installed, &options)?;
    Ok((installed, made))
}
