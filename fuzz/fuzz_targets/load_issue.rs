//! Fuzzes the issue loader: any bytes as `issue.toml` must give problems or an issue, never a panic.

#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Non-UTF-8 input is refused before parsing; the loader sees only text.
    let Ok(text) = std::str::from_utf8(data) else { return };
    let report = bulletin::issue::load::check_issue_text(Path::new("issue.toml"), text);
    let _ = report.render();
});
