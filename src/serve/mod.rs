//! `bulletin serve`: the editors' desk, a web app on this computer (compiled into the
//! binary) over one engine per open issue; every edit saved through the one writer, the
//! pages rebuilt from the saved file, only changed pages sent again.
//!
//! The HTTP API is docs/desk-api.md; what the desk does and how it is kept local is
//! docs/desk.md.

mod app;
mod archive;
mod assets;
mod compare;
mod desk;
mod disk;
mod document;
mod error;
mod events;
mod exports;
mod guard;
mod handler;
mod images;
mod issue_api;
mod listen;
mod login;
mod messages;
mod placement;
mod presence;
mod protocol;
mod queue;
mod review;
mod roster;
mod routes;
mod running;
mod sessions;
mod site;
mod status;
mod throttle;
mod versions;
mod worker;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Result;
use tokio::sync::watch;

use crate::diag::{Text, TextContext};
use crate::typeset::engine::EngineOptions;

/// The field names of every route's request and answer, for the test that holds
/// docs/desk-api.md to them.
#[doc(hidden)]
pub use protocol::listing::wire_fields;

/// What `bulletin serve` is asked for.
#[derive(Debug, Clone, Default)]
pub struct ServeOptions {
    /// An issue folder (opened first), the folder of issues, or nothing (the project's
    /// `issues/`).
    pub target: Option<PathBuf>,
    /// The address to listen on; `None` is 127.0.0.1, the only safe choice.
    pub listen: Option<IpAddr>,
    /// The port; 0 picks a free one.
    pub port: u16,
    /// Ask for a login even on the loopback address (behind a reverse proxy); a desk
    /// listening beyond the loopback always asks for one.
    pub require_login: bool,
    /// The certificate chain and private key (PEM) to serve HTTPS with.
    pub tls: Option<(PathBuf, PathBuf)>,
    /// The address people use when a reverse proxy stands in front of the desk
    /// (`https://desk.example.org`); implies `require_login`.
    pub public_url: Option<String>,
    /// The project and fonts.
    pub engine: EngineOptions,
}

impl ServeOptions {
    /// Whether the desk asks for a login: beyond the loopback address, behind a reverse
    /// proxy, or when asked to.
    pub fn asks_for_login(&self) -> bool {
        self.require_login
            || self.public_url.is_some()
            || self.listen.is_some_and(|ip| !ip.is_loopback())
    }
}

/// The desk would ask for a login and the project has no account to log in with.
#[derive(Debug, thiserror::Error)]
#[error("the desk needs accounts, and `{}` holds none", file.display())]
pub struct NoAccounts {
    /// The project's accounts file.
    pub file: PathBuf,
}

/// A desk server running on threads of its own.
pub struct Server {
    url: String,
    /// The project served, canonical.
    root: PathBuf,
    addr: SocketAddr,
    stop: Arc<watch::Sender<bool>>,
    thread: Option<std::thread::JoinHandle<Result<()>>>,
}

impl Server {
    /// Where the desk is: `http://127.0.0.1:PORT/` (`https://` under TLS).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Records this desk as serving its project on this computer, until the value
    /// returned is dropped, so that [`running_desk`] finds it.
    pub(crate) fn register(&self) -> Option<running::Registered> {
        running::register(&self.root, &self.url)
    }

    /// Runs until Ctrl-C (or SIGTERM), then stops cleanly: event streams end, requests
    /// under way are answered.
    pub fn wait(mut self) -> Result<()> {
        match self.thread.take() {
            Some(thread) => {
                thread.join().unwrap_or_else(|_| Err(anyhow::anyhow!("the server thread panicked")))
            }
            None => Ok(()),
        }
    }

    /// Stops the server and waits for it.
    pub fn stop(self) -> Result<()> {
        let _ = self.stop.send(true);
        self.wait()
    }
}

/// How often the server looks for issues nobody has open.
const RELEASE_CHECK: std::time::Duration = std::time::Duration::from_secs(1);

/// Starts the desk for `options`, listening once this returns.
pub fn start(options: &ServeOptions) -> Result<Server> {
    crate::typeset::memory::purge_at_once();
    crate::typeset::allocator::keep_large_blocks();
    let site = site::Site::locate(options.target.as_deref(), &options.engine)?;
    let root = site.root.clone();
    let public = options.public_url.as_deref().map(public_origin).transpose()?;
    let tls = match &options.tls {
        Some((cert, key)) => Some(listen::tls_config(cert, key)?),
        None => None,
    };
    let secure = tls.is_some() || public.as_deref().is_some_and(|url| url.starts_with("https://"));
    let gate = if options.asks_for_login() {
        let file = crate::accounts::users_file(&root);
        if crate::accounts::Users::read(&file)?.is_empty() {
            return Err(NoAccounts { file }.into());
        }
        Some(Arc::new(login::Gate::new(file, secure, public.is_some())))
    } else {
        None
    };
    let app =
        Arc::new(app::App::new(site).text_context(|| Text::new("desk-reports-folder-failed"))?);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("desk-http")
        .enable_all()
        .build()
        .text_context(|| Text::new("desk-threads-failed"))?;
    let ip = options.listen.unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
    let listener =
        runtime.block_on(tokio::net::TcpListener::bind((ip, options.port))).text_context(|| {
            Text::new("desk-cannot-listen").arg("ip", ip.to_string()).arg("port", options.port)
        })?;
    let addr = listener.local_addr()?;
    // Another address than 127.0.0.1 is a Host of its own (and the desk's address).
    let extra =
        options.listen.filter(|ip| *ip != IpAddr::V4(Ipv4Addr::LOCALHOST)).map(|ip| match ip {
            IpAddr::V6(v6) => format!("[{v6}]"),
            IpAddr::V4(v4) => v4.to_string(),
        });
    let mut hosts = guard::Hosts::new(addr.port(), extra.as_deref());
    if tls.is_some() {
        hosts = hosts.secure();
    }
    if let Some(public) = &public {
        hosts = hosts.and_public(public);
    }
    let scheme = if tls.is_some() { "https" } else { "http" };
    let url = match &extra {
        Some(host) => format!("{scheme}://{host}:{}/", addr.port()),
        None => format!("{scheme}://127.0.0.1:{}/", addr.port()),
    };
    let (stop, stopped) = watch::channel(false);
    let stop = Arc::new(stop);
    let shared = handler::Shared { app, shutdown: stopped.clone() };
    let releaser = shared.app.clone();
    let service =
        routes::router(shared, hosts, gate).into_make_service_with_connect_info::<listen::Peer>();
    let stopper = stop.clone();
    let thread = std::thread::Builder::new().name("desk".into()).spawn(move || {
        runtime.block_on(async move {
            // Issues nobody has open are put to sleep, their memory given back.
            tokio::spawn(async move {
                let mut every = tokio::time::interval(RELEASE_CHECK);
                let mut departing = app::Departing::default();
                loop {
                    every.tick().await;
                    // Page images' large blocks nobody drew into for a second go back.
                    crate::typeset::allocator::release_kept_blocks(RELEASE_CHECK);
                    departing.add(releaser.release_idle());
                    // Once they are gone, what they held is given back: it was made partly
                    // on this thread, on a thread for blocking work (which opened the
                    // desk) and on the thread pool's, and a thread gives back what others
                    // freed only when asked.
                    if departing.settled() {
                        crate::typeset::memory::give_back_freed(true);
                        tokio::task::spawn_blocking(
                            crate::typeset::memory::this_thread_and_pool_give_back_freed,
                        );
                    }
                }
            });
            let mut stopped = stopped;
            let signal = async move {
                tokio::select! {
                    _ = interrupted() => {}
                    _ = stopped.wait_for(|stop| *stop) => {}
                }
                // The event streams end too, or the server would wait for them forever.
                let _ = stopper.send(true);
            };
            match tls {
                Some(config) => {
                    let listener = listen::TlsListener::new(listener, config)
                        .text_context(|| Text::new("tls-start-failed"))?;
                    axum::serve(listener, service).with_graceful_shutdown(signal).await
                }
                None => axum::serve(listener, service).with_graceful_shutdown(signal).await,
            }
            .text_context(|| Text::new("desk-server-failed"))
        })
    })?;
    Ok(Server { url, root, addr, stop, thread: Some(thread) })
}

/// The origin of `url` (`https://desk.example.org`, a port if it names one): what a
/// browser sends as `Origin` and, without the scheme, as `Host`.
fn public_origin(url: &str) -> Result<String> {
    let trimmed = url.trim_end_matches('/');
    let Some((scheme, host)) = trimmed.split_once("://") else {
        anyhow::bail!(Text::new("desk-bad-url").arg("url", url));
    };
    let plain = |c: char| c.is_ascii_alphanumeric() || "-.:[]".contains(c);
    if !matches!(scheme, "http" | "https") || host.is_empty() || !host.chars().all(plain) {
        anyhow::bail!(Text::new("desk-bad-url-path").arg("url", url));
    }
    Ok(format!("{scheme}://{}", host.to_ascii_lowercase()))
}

/// Ctrl-C, or SIGTERM where there is one.
async fn interrupted() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

/// The address of a desk already serving the project `options` names on this computer
/// (on 127.0.0.1), if one answers.
pub fn running_desk(options: &ServeOptions) -> Option<String> {
    let site = site::Site::locate(options.target.as_deref(), &options.engine).ok()?;
    running::running_desk(&site.root)
}

/// Opens `url` in the default browser, if there is one; never fails.
pub(crate) fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(url).spawn()
    } else if cfg!(windows) {
        std::process::Command::new("cmd").args(["/C", "start", "", url]).spawn()
    } else {
        std::process::Command::new("xdg-open").arg(url).spawn()
    };
    if command.is_err() {
        eprintln!("note: no browser could be opened; open {url} yourself");
    }
}
