//! The parts of a Word file besides its text: the relationships that name its pictures, and
//! the pictures themselves, checked to be PNG or JPEG images that decode.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use roxmltree::Document;

use crate::diag::Text;

/// Larger parts of a .docx are refused: no article comes near this.
pub(crate) const MAX_PART_BYTES: u64 = 32 * 1024 * 1024;
/// The namespace of relationship ids in the document (`r:embed`, `r:id`).
pub(crate) const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// A .docx opened as the zip container it is.
pub(crate) struct Package {
    archive: zip::ZipArchive<Cursor<Vec<u8>>>,
    /// The document's relationships: id to the part it names (`word/media/image1.png`).
    relationships: HashMap<String, String>,
}

/// A picture of the document, ready to be a figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Picture {
    /// The file's bytes, as Word stored them.
    pub data: Vec<u8>,
    /// `png` or `jpg`.
    pub extension: &'static str,
    /// Its size in pixels.
    pub pixels: (u32, u32),
}

impl Package {
    /// Opens `bytes` as a zip container and reads the document's relationships.
    pub(crate) fn open(bytes: &[u8]) -> Result<Package, Text> {
        let archive = zip::ZipArchive::new(Cursor::new(bytes.to_vec()))
            .map_err(|err| Text::new("docx-not-zip").arg("reason", err.to_string()))?;
        let mut package = Package { archive, relationships: HashMap::new() };
        if let Some(rels) = package.text("word/_rels/document.xml.rels")? {
            package.relationships = relationships(&rels);
        }
        Ok(package)
    }

    /// The part `name` as text, `None` if the file has no such part.
    pub(crate) fn text(&mut self, name: &str) -> Result<Option<String>, Text> {
        let Some(bytes) = self.bytes(name)? else { return Ok(None) };
        String::from_utf8(bytes).map(Some).map_err(|err| unreadable(name, &err))
    }

    /// The part `name`, `None` if the file has no such part.
    fn bytes(&mut self, name: &str) -> Result<Option<Vec<u8>>, Text> {
        let file = match self.archive.by_name(name) {
            Ok(file) => file,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(err) => return Err(unreadable(name, &err)),
        };
        let mut bytes = Vec::new();
        file.take(MAX_PART_BYTES).read_to_end(&mut bytes).map_err(|err| unreadable(name, &err))?;
        Ok(Some(bytes))
    }

    /// The picture the relationship `id` names; `number` is the paragraph holding it, for
    /// messages.
    pub(crate) fn picture(&mut self, id: &str, number: usize) -> Result<Picture, Text> {
        let missing = || Text::new("docx-picture-missing").arg("number", number);
        let part = self.relationships.get(id).cloned().ok_or_else(missing)?;
        let data = self.bytes(&part)?.ok_or_else(missing)?;
        let (format, extension) = match image::guess_format(&data) {
            Ok(image::ImageFormat::Png) => (image::ImageFormat::Png, "png"),
            Ok(image::ImageFormat::Jpeg) => (image::ImageFormat::Jpeg, "jpg"),
            _ => {
                let name = part.rsplit('/').next().unwrap_or(&part).to_owned();
                return Err(Text::new("docx-picture-format")
                    .arg("number", number)
                    .arg("name", name));
            }
        };
        let picture = image::load_from_memory_with_format(&data, format).map_err(|err| {
            Text::new("docx-picture-damaged")
                .arg("number", number)
                .arg("reason", err.to_string().trim().to_owned())
        })?;
        Ok(Picture { pixels: (picture.width(), picture.height()), data, extension })
    }
}

fn unreadable(part: &str, err: &dyn std::fmt::Display) -> Text {
    Text::new("docx-part-unreadable").arg("part", part.to_owned()).arg("reason", err.to_string())
}

/// Relationship ids and the parts they name, resolved against `word/` (`media/image1.png`
/// is `word/media/image1.png`); links to outside the file are left out.
fn relationships(xml: &str) -> HashMap<String, String> {
    let Ok(document) = Document::parse(xml) else { return HashMap::new() };
    document
        .root_element()
        .children()
        .filter(|n| n.is_element() && n.tag_name().name() == "Relationship")
        .filter(|n| n.attribute("TargetMode") != Some("External"))
        .filter_map(|n| {
            let id = n.attribute("Id")?;
            let target = n.attribute("Target")?;
            let part = match target.strip_prefix('/') {
                Some(absolute) => absolute.to_owned(),
                None => format!("word/{target}"),
            };
            Some((id.to_owned(), part))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::relationships;

    #[test]
    fn targets_are_parts_of_the_package() {
        let xml = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
            <Relationship Id="rId5" Type="image" Target="media/image1.png"/>
            <Relationship Id="rId6" Type="image" Target="/word/media/b.jpeg"/>
            <Relationship Id="rId7" Type="hyperlink" Target="https://example.org" TargetMode="External"/>
        </Relationships>"#;
        let map = relationships(xml);
        assert_eq!(map["rId5"], "word/media/image1.png");
        assert_eq!(map["rId6"], "word/media/b.jpeg");
        assert!(!map.contains_key("rId7"));
    }
}
