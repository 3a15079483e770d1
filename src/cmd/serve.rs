//! `bulletin serve`: starts the editors' desk and prints its address as the first line.

use std::io::Write as _;

use std::path::PathBuf;

use anyhow::{Result, bail};

use crate::cli::ServeArgs;
use crate::cmd::init::make_project;
use crate::diag::{Lang, Text, TextContext};
use crate::install::remembered::{default_project, remember_project, remembered_project};
use crate::issue::scratch::remove_orphans;
use crate::serve::{NoAccounts, ServeOptions, open_browser, running_desk, start};
use crate::typeset::options::OutputOptions;

/// Serves the desk until Ctrl-C.
pub fn run(args: &ServeArgs, lang: Lang) -> Result<()> {
    // Temporary folders of desks and watchers that were killed go before this one makes its own.
    remove_orphans();
    let options = ServeOptions {
        target: target(args, lang)?,
        listen: args.listen,
        port: args.port,
        require_login: args.require_login,
        tls: args.tls_cert.clone().zip(args.tls_key.clone()),
        public_url: args.public_url.clone(),
        engine: args.setup.engine_options(OutputOptions::default()),
    };
    // Started again for a project it already serves (the menu entry clicked twice): the
    // running desk opens instead of a second one.
    if args.open
        && args.port == 0
        && args.listen.is_none()
        && let Some(url) = running_desk(&options)
    {
        println!("{url}");
        eprintln!("{}", Text::new("desk-already-running").arg("url", url.as_str()).render(lang));
        open_browser(&url);
        return Ok(());
    }
    let server = match start(&options) {
        Err(err) if err.downcast_ref::<NoAccounts>().is_some() => {
            let file = err.downcast_ref::<NoAccounts>().map(|no| no.file.display().to_string());
            bail!(
                "{}",
                Text::new("desk-no-accounts").arg("file", file.unwrap_or_default()).render(lang)
            )
        }
        started => started?,
    };
    let _registered = if args.listen.is_none() { server.register() } else { None };
    let mut stdout = std::io::stdout();
    writeln!(stdout, "{}", server.url())?;
    stdout.flush()?;
    if let Some(ip) = args.listen.filter(|ip| !ip.is_loopback()) {
        let note = Text::new("desk-login-note")
            .arg("ip", ip.to_string())
            .arg("port", server.addr().port().to_string());
        eprintln!("{}", note.render(lang));
        if options.tls.is_none() {
            eprintln!("{}", Text::new("desk-plain-http-warning").render(lang));
        }
    }
    eprintln!("{}", Text::new("desk-serving").arg("url", server.url()).render(lang));
    if args.open {
        open_browser(server.url());
    }
    server.wait()?;
    eprintln!("{}", Text::new("desk-stopped").render(lang));
    Ok(())
}

/// What the desk serves: the folder named, else the project above the current folder,
/// else (started from the menu, in the home folder) the project remembered from an earlier
/// start, chosen and made on the first.
fn target(args: &ServeArgs, lang: Lang) -> Result<Option<PathBuf>> {
    if args.target.is_some() || args.setup.root.is_some() {
        return Ok(args.target.clone());
    }
    let here = std::env::current_dir().text_context(|| Text::new("current-folder-unreadable"))?;
    if crate::cmd::doctor::project_above(&here)?.is_some() {
        return Ok(None);
    }
    let project = match remembered_project() {
        Some(project) => project,
        None => {
            let chosen = choose_project(lang)?;
            if !chosen.join("layouts").join("main.typ").is_file() {
                make_project(&chosen, None, false, lang)?;
                eprintln!(
                    "{}",
                    Text::new("desk-made-project")
                        .arg("dir", chosen.display().to_string())
                        .render(lang)
                );
            }
            remember_project(&chosen)?;
            chosen
        }
    };
    eprintln!(
        "{}",
        Text::new("desk-project").arg("dir", project.display().to_string()).render(lang)
    );
    Ok(Some(project.join("issues")))
}

/// Asks for the project folder with a desktop dialog (zenity) when there is one, else
/// takes `~/电子商务动态`.
fn choose_project(lang: Lang) -> Result<PathBuf> {
    let fallback = default_project().ok_or_else(|| Text::new("no-home-for-project"))?;
    let desktop =
        ["DISPLAY", "WAYLAND_DISPLAY"].iter().any(|name| std::env::var_os(name).is_some());
    if !desktop {
        return Ok(fallback);
    }
    let title = Text::new("desk-choose-project").render(lang);
    let asked = std::process::Command::new("zenity")
        .args(["--file-selection", "--directory", "--title", &title, "--filename"])
        .arg(format!("{}/", fallback.display()))
        .output();
    match asked {
        // No dialog program: the default folder.
        Err(_) => Ok(fallback),
        Ok(output) if output.status.success() => {
            let chosen = String::from_utf8_lossy(&output.stdout).trim_end_matches('\n').to_owned();
            if chosen.is_empty() { Ok(fallback) } else { Ok(PathBuf::from(chosen)) }
        }
        Ok(_) => bail!("{}", Text::new("desk-choice-cancelled").render(lang)),
    }
}
