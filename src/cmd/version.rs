//! `bulletin --version`: the program's version, the installed copy, the colour profile,
//! and the project in the current folder against the installed copy.

use crate::cmd::doctor::{describe, installed_line, profile_line, project_above};
use crate::diag::Lang;
use crate::install::installed::Installed;

/// The text `--version` prints: as `bulletin doctor` says it, without the file-by-file
/// details.
pub fn long_version(lang: Lang) -> String {
    let installed = Installed::locate();
    let mut lines = vec![env!("CARGO_PKG_VERSION").to_owned()];
    lines.push(installed_line(installed.as_ref()).render(lang));
    match project_above(std::path::Path::new(".")) {
        Ok(Some(root)) => match describe(&root, installed.as_ref(), false) {
            Ok(description) => lines.extend(description.lines.iter().map(|line| line.render(lang))),
            Err(err) => lines.push(format!("{err:#}")),
        },
        _ => {
            lines.push(crate::diag::Text::new("version-no-project").render(lang));
            lines.push(profile_line(installed.as_ref()).render(lang));
        }
    }
    lines.join("\n")
}
