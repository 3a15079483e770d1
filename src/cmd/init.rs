//! `bulletin init`: makes a new project from the installed copy and says what is in it.

use anyhow::{Context, Result};
use chrono::Datelike as _;

use crate::cli::InitArgs;
use crate::diag::{Lang, Text};
use crate::install::init::{InitOptions, init};
use crate::install::installed::Installed;
use crate::issue::calendar::parse_id;

/// Makes the project and prints where its first issue is and what to do next.
pub(crate) fn run(args: &InitArgs, lang: Lang) -> Result<()> {
    let installed = Installed::locate().with_context(|| {
        Text::new("init-no-installed-copy")
            .arg("places", Installed::places().join(", "))
            .render(lang)
    })?;
    let today = chrono::Local::now().date_naive();
    let month = match &args.first {
        Some(id) => parse_id(id)
            .with_context(|| Text::new("init-bad-first").arg("id", id.as_str()).render(lang))?,
        // A month number is always in 1..=12.
        None => (today.year(), today.month() as u8),
    };
    let made = init(
        &installed,
        &InitOptions {
            dir: args.dir.clone(),
            month,
            today: today.format("%Y-%m-%d").to_string(),
            sample: args.sample,
        },
    )?;
    let issue = format!("issues/{}", made.first_issue);
    let say = |text: Text| println!("{}", text.render(lang));
    say(Text::new("init-made")
        .arg("root", made.root.display().to_string())
        .arg("from", installed.dir.display().to_string()));
    say(Text::new("init-first-issue")
        .arg("path", format!("{issue}/issue.toml"))
        .arg("year", month.0.to_string())
        .arg("number", month.1.to_string()));
    if let Some(sample) = &made.sample {
        say(Text::new("init-sample").arg("path", format!("issues/{sample}")));
    }
    say(Text::new("init-next").arg("root", made.root.display().to_string()).arg("issue", issue));
    Ok(())
}
