//! Pictures an import brings along, written into the issue's folder under stable names and
//! never over a different file.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::diag::{Text, TextContext};
use crate::issue::files::write_atomically;
use crate::issue::model::{Article, Block};

/// Writes the picture of every figure of `articles` into `folder` under the figure's file
/// name. A file of that name with the same bytes is used as it is (importing again changes
/// nothing); one with other bytes is left alone and the picture goes to the first free
/// `name-2.png`, `name-3.png`, … instead, the figure renamed. Returns the files written,
/// for removing them if the import fails after all.
pub(crate) fn place(folder: &Path, articles: &mut [Article]) -> Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    let figures =
        articles.iter_mut().flat_map(|article| article.paragraphs.iter_mut()).filter_map(|block| {
            match block {
                Block::Figure(figure) => Some(figure),
                _ => None,
            }
        });
    for figure in figures {
        let (stem, extension) = match figure.file.rsplit_once('.') {
            Some((stem, extension)) => (stem.to_owned(), format!(".{extension}")),
            None => (figure.file.clone(), String::new()),
        };
        for attempt in 1.. {
            let name = match attempt {
                1 => figure.file.clone(),
                n => format!("{stem}-{n}{extension}"),
            };
            let path = folder.join(&name);
            match fs::read(&path) {
                Ok(existing) if existing[..] == figure.data[..] => {}
                Ok(_) => continue,
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                    write_atomically(&path, &figure.data).with_context(|| {
                        format!("cannot write the picture `{}`", path.display())
                    })?;
                    written.push(path);
                }
                Err(err) => {
                    return Err(err).text_context(|| {
                        Text::new("cannot-read").arg("path", path.display().to_string())
                    });
                }
            }
            figure.file = name;
            break;
        }
    }
    Ok(written)
}

/// Removes the files `place` wrote, after an import that failed.
pub(crate) fn remove(written: &[PathBuf]) {
    for path in written {
        // Best effort: the import's own error is the one to report.
        let _ = fs::remove_file(path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::issue::model::{Attribution, Date, Figure};

    fn article(file: &str, data: &[u8]) -> Article {
        Article {
            title: "图".into(),
            listed: false,
            paragraphs: vec![Block::Figure(Figure {
                file: file.into(),
                caption: "图1".into(),
                credit: None,
                width: None,
                data: data.into(),
                pixels: (1, 1),
            })],
            attribution: Attribution {
                source: None,
                compiler: "编辑部".into(),
                date: Date { year: 2023, month: 9, day: 1 },
            },
        }
    }

    fn file_of(article: &Article) -> &str {
        match &article.paragraphs[0] {
            Block::Figure(figure) => &figure.file,
            _ => unreachable!(),
        }
    }

    #[test]
    fn same_bytes_reuse_the_file_other_bytes_never_overwrite_it() {
        let dir = tempfile::tempdir().unwrap();
        let mut first = [article("a-1.png", b"one")];
        assert_eq!(place(dir.path(), &mut first).unwrap(), [dir.path().join("a-1.png")]);
        // Again, the same picture: nothing written, the same name.
        let mut again = [article("a-1.png", b"one")];
        assert!(place(dir.path(), &mut again).unwrap().is_empty());
        assert_eq!(file_of(&again[0]), "a-1.png");
        // Another picture under the same name goes beside it.
        let mut other = [article("a-1.png", b"two")];
        assert_eq!(place(dir.path(), &mut other).unwrap(), [dir.path().join("a-1-2.png")]);
        assert_eq!(file_of(&other[0]), "a-1-2.png");
        assert_eq!(fs::read(dir.path().join("a-1.png")).unwrap(), b"one");
    }
}
