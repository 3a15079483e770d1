//! Reading a password: typed on a terminal without echo, or the first line of standard
//! input from a pipe (for scripts and tests).

use std::io::{BufRead as _, IsTerminal as _, Write as _};

use anyhow::Result;

use crate::diag::{Text, TextContext};

/// Whether standard input is a terminal, where a person types.
pub(crate) fn typed() -> bool {
    std::io::stdin().is_terminal()
}

/// One line typed after `prompt` (on standard error), not shown while typed.
pub(crate) fn ask_hidden(prompt: &str) -> Result<String> {
    let mut stderr = std::io::stderr();
    write!(stderr, "{prompt}")?;
    stderr.flush()?;
    let _echo = EchoOff::new();
    let line = read_line()?;
    drop(_echo);
    // The Enter typed was not echoed either.
    writeln!(stderr)?;
    Ok(line.unwrap_or_default())
}

/// The first line of standard input without its line ending; `None` at the end of input.
pub(crate) fn read_line() -> Result<Option<String>> {
    let mut line = String::new();
    let read = std::io::stdin()
        .lock()
        .read_line(&mut line)
        .text_context(|| Text::new("password-stdin-unreadable"))?;
    if read == 0 {
        return Ok(None);
    }
    let end = line.trim_end_matches(['\n', '\r']).len();
    line.truncate(end);
    Ok(Some(line))
}

/// The terminal's echo turned off until dropped.
struct EchoOff {
    #[cfg(unix)]
    saved: Option<libc::termios>,
}

impl EchoOff {
    fn new() -> Self {
        #[cfg(unix)]
        {
            let mut saved = std::mem::MaybeUninit::<libc::termios>::uninit();
            // SAFETY: tcgetattr fills the struct for standard input, a terminal here; it is
            // read only when the call succeeded.
            let saved = unsafe {
                if libc::tcgetattr(libc::STDIN_FILENO, saved.as_mut_ptr()) != 0 {
                    return Self { saved: None };
                }
                saved.assume_init()
            };
            let mut quiet = saved;
            quiet.c_lflag &= !libc::ECHO;
            // SAFETY: sets standard input's attributes from a copy of its own.
            unsafe { libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &quiet) };
            Self { saved: Some(saved) }
        }
        #[cfg(not(unix))]
        Self {}
    }
}

impl Drop for EchoOff {
    fn drop(&mut self) {
        #[cfg(unix)]
        if let Some(saved) = &self.saved {
            // SAFETY: restores the attributes read from standard input before.
            unsafe { libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, saved) };
        }
    }
}
