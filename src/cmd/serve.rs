//! `bulletin serve`: starts the editors' desk and prints its address as the first line.

use std::io::Write as _;

use anyhow::Result;

use crate::cli::ServeArgs;
use crate::issue::scratch::remove_orphans;
use crate::serve::{ServeOptions, open_browser, start};
use crate::typeset::options::OutputOptions;

/// Serves the desk until Ctrl-C.
pub fn run(args: &ServeArgs) -> Result<()> {
    // Temporary folders of desks and watchers that were killed go before this one makes its own.
    remove_orphans();
    let options = ServeOptions {
        target: args.target.clone(),
        listen: args.listen,
        port: args.port,
        engine: args.setup.engine_options(OutputOptions::default()),
    };
    let server = start(&options)?;
    let mut stdout = std::io::stdout();
    writeln!(stdout, "{}", server.url())?;
    stdout.flush()?;
    if let Some(ip) = args.listen.filter(|ip| !ip.is_loopback()) {
        eprintln!(
            "warning: the desk listens on {ip}: anybody who can reach this computer on port {} can \
             read and change the issues. Use it only on a network you trust.",
            server.addr().port()
        );
    }
    eprintln!("desk: serving {}; press Ctrl-C to stop", server.url());
    if args.open {
        open_browser(server.url());
    }
    server.wait()?;
    eprintln!("desk: stopped");
    Ok(())
}
