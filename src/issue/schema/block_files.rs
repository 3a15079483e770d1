//! The files figures and tables name: inside the issue's folder, readable, a PNG or JPEG
//! picture that decodes, a UTF-8 CSV table.

use std::collections::HashMap;
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use sha2::{Digest, Sha256};

use toml::Spanned;

use super::fields::Fields;
use crate::diag::{Kind, Report, Text};
use crate::issue::files::MAX_FILE_BYTES;

/// How many decoded pictures' sizes are remembered at most.
const DECODED_KEPT: usize = 256;

/// The pixel sizes of pictures that decoded without damage, by the sha256 of their bytes.
type Decoded = Mutex<HashMap<[u8; 32], (u32, u32)>>;

/// The pictures decoded so far in this process.
fn decoded() -> &'static Decoded {
    static DECODED: OnceLock<Decoded> = OnceLock::new();
    DECODED.get_or_init(Default::default)
}

/// Reads the file `name` (as written in the block) from the folder of the block's issue
/// file. Absolute paths, `..`, and links that lead out of the folder are refused, as are
/// missing, unreadable and oversized files; each with a located problem in `report`.
pub(crate) fn read_block_file(
    block: &Fields<'_, '_>,
    name: &Spanned<String>,
    report: &mut Report,
) -> Option<Vec<u8>> {
    let folder = block.folder;
    let problem = |kind, message: &'static str, hint: &'static str, reason: Option<Text>| {
        let mut message =
            Text::new(message).arg("path", name.get_ref().as_str()).arg("what", &block.name);
        if let Some(reason) = reason {
            message = message.arg("reason", reason);
        }
        block.error(kind, name.span(), None, message).hint(Text::new(hint))
    };
    let outside =
        || problem(Kind::OutsideProject, "block-file-outside", "hint-block-file-inside", None);
    let Some(relative) = relative_inside(name.get_ref()) else {
        report.push(outside());
        return None;
    };
    let path = folder.join(&relative);
    let unreadable = |reason: Text| {
        problem(Kind::FileUnreadable, "block-file-unreadable", "hint-block-file-path", Some(reason))
    };
    let real = match fs::canonicalize(&path) {
        Ok(real) => real,
        Err(err) => {
            report.push(unreadable(Text::plain(err.to_string())));
            return None;
        }
    };
    // A link inside the folder may lead anywhere: the file it leads to must be inside too.
    let folder = fs::canonicalize(folder).unwrap_or_else(|_| folder.to_path_buf());
    if !real.starts_with(&folder) {
        report.push(outside());
        return None;
    }
    match fs::metadata(&real) {
        Ok(meta) if !meta.is_file() => {
            report.push(unreadable(Text::new("reason-not-a-file")));
            return None;
        }
        Ok(meta) if meta.len() > MAX_FILE_BYTES => {
            report.push(
                block
                    .error(
                        Kind::FileTooLarge,
                        name.span(),
                        None,
                        Text::new("file-too-large")
                            .arg("path", name.get_ref().as_str())
                            .arg("bytes", meta.len())
                            .arg("max", MAX_FILE_BYTES),
                    )
                    .hint(Text::new("hint-right-file")),
            );
            return None;
        }
        _ => {}
    }
    match fs::read(&real) {
        Ok(bytes) => Some(bytes),
        Err(err) => {
            report.push(unreadable(Text::plain(err.to_string())));
            None
        }
    }
}

/// `name` as a path below the issue's folder, if it is one: relative, made of plain names
/// (`figures/chart.png`, `./chart.png`), never `..` or a root.
pub(crate) fn relative_inside(name: &str) -> Option<PathBuf> {
    let mut path = PathBuf::new();
    for component in Path::new(name).components() {
        match component {
            Component::Normal(part) => path.push(part),
            Component::CurDir => {}
            Component::ParentDir | Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    // A backslash is a folder separator to Windows editors, and a way around the check.
    (!path.as_os_str().is_empty() && !name.contains('\\')).then_some(path)
}

/// The picture's size in pixels, if `data` is a PNG or JPEG image that decodes; otherwise a
/// problem naming the file.
pub(crate) fn check_image(
    block: &Fields<'_, '_>,
    name: &Spanned<String>,
    data: &[u8],
    report: &mut Report,
) -> Option<(u32, u32)> {
    let format = match image::guess_format(data) {
        Ok(format @ (image::ImageFormat::Png | image::ImageFormat::Jpeg)) => format,
        _ => {
            report.push(
                block
                    .error(
                        Kind::BadImage,
                        name.span(),
                        None,
                        Text::new("image-not-png-jpeg")
                            .arg("path", name.get_ref().as_str())
                            .arg("what", &block.name),
                    )
                    .hint(Text::new("hint-image-format")),
            );
            return None;
        }
    };
    // Decoding the whole picture finds damage anywhere in it, not only in the header.
    // That costs tens of milliseconds a picture, and `watch` and the desk reload the issue
    // on every edit, so pictures that decoded once are remembered by their bytes.
    let digest: [u8; 32] = Sha256::digest(data).into();
    if let Some(pixels) = decoded().lock().ok().and_then(|known| known.get(&digest).copied()) {
        return Some(pixels);
    }
    match image::load_from_memory_with_format(data, format) {
        Ok(picture) => {
            let pixels = (picture.width(), picture.height());
            if let Ok(mut known) = decoded().lock() {
                if known.len() >= DECODED_KEPT {
                    known.clear();
                }
                known.insert(digest, pixels);
            }
            Some(pixels)
        }
        Err(err) => {
            let format_name = if format == image::ImageFormat::Png { "PNG" } else { "JPEG" };
            report.push(
                block
                    .error(
                        Kind::BadImage,
                        name.span(),
                        None,
                        Text::new("image-damaged")
                            .arg("path", name.get_ref().as_str())
                            .arg("what", &block.name)
                            .arg("format", format_name)
                            .arg("reason", err.to_string().trim().to_owned()),
                    )
                    .hint(Text::new("hint-image-damaged")),
            );
            None
        }
    }
}

/// The rows of a CSV file (comma-separated, `"` quoting, UTF-8 with or without a byte-order
/// mark); rows may still be ragged, which the caller checks.
pub(crate) fn read_csv(
    block: &Fields<'_, '_>,
    name: &Spanned<String>,
    data: Vec<u8>,
    report: &mut Report,
) -> Option<Vec<Vec<String>>> {
    let text = match String::from_utf8(data) {
        Ok(text) => text,
        Err(err) => {
            let at = err.utf8_error().valid_up_to();
            let line = err.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            report.push(
                block
                    .error(
                        Kind::NotUtf8,
                        name.span(),
                        None,
                        Text::new("csv-not-utf8")
                            .arg("path", name.get_ref().as_str())
                            .arg("what", &block.name)
                            .arg("line", line),
                    )
                    .hint(Text::new("hint-csv-utf8")),
            );
            return None;
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        match record {
            Ok(record) => rows.push(record.iter().map(|cell| cell.trim().to_owned()).collect()),
            Err(err) => {
                report.push(
                    block
                        .error(
                            Kind::BadTable,
                            name.span(),
                            None,
                            Text::new("csv-unreadable")
                                .arg("path", name.get_ref().as_str())
                                .arg("what", &block.name)
                                .arg("reason", err.to_string()),
                        )
                        .hint(Text::new("hint-csv-utf8")),
                );
                return None;
            }
        }
    }
    Some(rows)
}

#[cfg(test)]
mod tests {
    use super::relative_inside;

    #[test]
    fn only_plain_names_below_the_folder_are_inside() {
        assert_eq!(relative_inside("chart.png").unwrap().to_str(), Some("chart.png"));
        assert_eq!(relative_inside("./figures/a.png").unwrap().to_str(), Some("figures/a.png"));
        for outside in ["/etc/passwd", "../2023-07/chart.png", "a/../../b.png", "", ".", "a\\b"] {
            assert!(relative_inside(outside).is_none(), "{outside}");
        }
    }
}
