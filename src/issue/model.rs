//! The issue data model: publication settings, issues, sections, articles.

use serde::{Deserialize, Serialize};

/// Settings shared by every issue of the publication.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Publication {
    /// The bulletin's name, set in the masthead (电子商务动态).
    pub title: String,
    /// Who compiles and publishes the bulletin.
    pub publisher: String,
    /// ISO 639 language code of the text, written into the PDF.
    #[serde(default = "default_language")]
    pub language: String,
    /// ISO 3166 region code, which selects regional glyph forms.
    #[serde(default = "default_region")]
    pub region: String,
    /// The editorial office's address block printed at the end of each issue.
    pub colophon: Colophon,
    /// The output profile `bulletin build` uses when `--profile` is not given.
    ///
    /// The layouts receive it as an input, not in the data.
    #[serde(default, skip_serializing)]
    pub profile: Profile,
    /// The PDF/X level print PDFs are made to when `--pdfx` is not given (`pdfx = "4"`
    /// or `"1a"` in the settings; PDF/X-4 when unset).
    #[serde(default, skip_serializing)]
    pub pdfx: Option<crate::issue::model::PdfxLevel>,
}

/// The PDF/X conformance levels `bulletin` writes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PdfxLevel {
    /// PDF/X-4 (ISO 15930-7:2010): PDF 1.6, ICC-based colour and live transparency
    /// allowed, XMP identification. What most shops ask for today.
    #[default]
    #[serde(rename = "4")]
    X4,
    /// PDF/X-1a:2003 (ISO 15930-4:2003): PDF 1.4, CMYK and spot colours only, no
    /// transparency. For shops with older workflows.
    #[serde(rename = "1a")]
    X1a,
}

impl PdfxLevel {
    /// Every level, in the order help texts list them.
    pub const ALL: [PdfxLevel; 2] = [PdfxLevel::X4, PdfxLevel::X1a];

    /// The level as written on the command line and in the publication settings.
    pub fn name(self) -> &'static str {
        match self {
            PdfxLevel::X4 => "4",
            PdfxLevel::X1a => "1a",
        }
    }

    /// The name a print shop reads: `PDF/X-4`, `PDF/X-1a:2003`.
    pub fn title(self) -> &'static str {
        match self {
            PdfxLevel::X4 => "PDF/X-4",
            PdfxLevel::X1a => "PDF/X-1a:2003",
        }
    }

    /// The value of `GTS_PDFXVersion` in the document information.
    pub fn version_key(self) -> &'static str {
        match self {
            PdfxLevel::X4 => "PDF/X-4",
            PdfxLevel::X1a => "PDF/X-1:2003",
        }
    }

    /// The value of `GTS_PDFXConformance`, which only PDF/X-1a:2003 has.
    pub fn conformance_key(self) -> Option<&'static str> {
        match self {
            PdfxLevel::X4 => None,
            PdfxLevel::X1a => Some("PDF/X-1a:2003"),
        }
    }

    /// The highest PDF version the level allows, as (major, minor).
    pub fn max_version(self) -> (u8, u8) {
        match self {
            PdfxLevel::X4 => (1, 6),
            PdfxLevel::X1a => (1, 4),
        }
    }

    /// The highest PDF version as the header writes it.
    pub fn max_version_text(self) -> String {
        let (major, minor) = self.max_version();
        format!("{major}.{minor}")
    }
}

impl std::fmt::Display for PdfxLevel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.title())
    }
}

impl std::str::FromStr for PdfxLevel {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let plain = s
            .strip_prefix("pdfx-")
            .or_else(|| s.strip_prefix("PDF/X-"))
            .or_else(|| s.strip_prefix("x"))
            .unwrap_or(s);
        match plain.to_ascii_lowercase().as_str() {
            "4" => Ok(PdfxLevel::X4),
            "1a" | "1a:2003" => Ok(PdfxLevel::X1a),
            _ => {
                Err(format!("unknown PDF/X level `{s}`: use `4` (PDF/X-4) or `1a` (PDF/X-1a:2003)"))
            }
        }
    }
}

/// What a PDF is for: the print shop, or the website and the archive.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    /// Press-ready: text and rules in black ink only, the masthead red as a spot colour.
    #[default]
    Print,
    /// For the website and the archive: PDF/A-2b, RGB colours.
    Screen,
}

impl Profile {
    /// Every profile, in the order help texts list them.
    pub const ALL: [Profile; 2] = [Profile::Print, Profile::Screen];

    /// The profile's name, as written in settings, options and the layouts' input.
    pub fn name(self) -> &'static str {
        match self {
            Profile::Print => "print",
            Profile::Screen => "screen",
        }
    }
}

impl std::fmt::Display for Profile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Profile {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Profile::ALL
            .into_iter()
            .find(|profile| profile.name() == s)
            .ok_or_else(|| format!("unknown profile `{s}`: use `print` or `screen`"))
    }
}

fn default_language() -> String {
    "zh".into()
}

fn default_region() -> String {
    "CN".into()
}

/// The editorial office's contact details printed after the last article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Colophon {
    /// Address lines, printed side by side after 编辑部地址：.
    pub address: Vec<String>,
    /// Postal code (邮政编码).
    pub postcode: String,
    /// Telephone number (电话).
    pub phone: String,
}

/// A calendar date as written in the data (`2023-08-04`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Date {
    /// Four-digit year.
    pub year: i32,
    /// Month, 1–12.
    pub month: u8,
    /// Day of the month, 1–31.
    pub day: u8,
}

impl Date {
    /// Whether the date is a day of the calendar (no 2023-02-30).
    pub fn is_valid(&self) -> bool {
        let leap = self.year % 4 == 0 && (self.year % 100 != 0 || self.year % 400 == 0);
        let days = match self.month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return false,
        };
        (1..=days).contains(&self.day)
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// One issue of the bulletin with everything needed to typeset it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Issue {
    /// The shared publication settings this issue uses.
    pub publication: Publication,
    /// Where the issue file found them, relative to the issue folder.
    #[serde(skip)]
    pub publication_file: std::path::PathBuf,
    /// Short identifier, the issue folder's name (`2023-08`).
    pub id: String,
    /// Year of publication.
    pub year: i32,
    /// Number of the issue within its year (第8期).
    pub number: u32,
    /// Running number over all issues (总第N期), when the office prints one.
    pub running_number: Option<u32>,
    /// Date of publication.
    pub date: Date,
    /// Sections in print order.
    pub sections: Vec<Section>,
}

/// A section of an issue (【行业资讯】) and its articles in print order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    /// Section name without the brackets (行业资讯).
    pub name: String,
    /// Articles in print order.
    pub articles: Vec<Article>,
}

/// One article: title, paragraphs and where it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Article {
    /// The article's title as printed.
    pub title: String,
    /// Whether the cover's table of contents lists this article.
    pub listed: bool,
    /// The body: paragraphs (each printed with a first-line indent) and the other blocks
    /// (subheadings, bylines, figures, tables), in print order.
    pub paragraphs: Vec<Block>,
    /// Source, compiler and date printed after the body.
    pub attribution: Attribution,
}

/// The line after an article naming its source, compiler and date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attribution {
    /// The original publication (《解放日报》, “东方网”), if it was reprinted.
    pub source: Option<String>,
    /// Who compiled the article (《电子商务动态》编辑部).
    pub compiler: String,
    /// Date of the source or of compilation.
    pub date: Date,
}

/// One block of an article's body, as `paragraphs` holds it: a string is a paragraph,
/// an inline table one of the other kinds.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph of text, set with a first-line indent.
    Paragraph(String),
    /// A subheading inside the article (`{ subheading = "…" }`), bold on its own line.
    Subheading(String),
    /// The author's line (`{ byline = "（作者：…）" }`), flush right after the text.
    Byline(String),
    /// A picture with its caption (`{ figure = "chart.png", caption = "…" }`).
    Figure(Figure),
    /// A table with its caption (`{ table = "growth.csv", caption = "…" }`).
    Table(Table),
}

/// A picture from the issue's folder, centred, its caption below.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The image file as written, relative to the issue folder (`chart.png`).
    pub file: String,
    /// The caption printed under the picture.
    pub caption: String,
    /// Where the picture comes from (`来源：商务部`), printed small under the caption.
    pub credit: Option<String>,
    /// The picture's width as a share of the text width (above 0, at most 1); the full
    /// width when not given.
    pub width: Option<f64>,
    /// The image file's bytes, as checked when the issue was read.
    pub data: std::sync::Arc<[u8]>,
    /// The picture's size in pixels, across and down.
    pub pixels: (u32, u32),
}

/// A table, its first row the header.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The CSV file the rows come from, relative to the issue folder; `None` when the
    /// rows are written in the issue file.
    pub file: Option<String>,
    /// The caption printed above the table.
    pub caption: String,
    /// The rows, the header first, each with as many cells as the header.
    pub rows: Vec<Vec<String>>,
}

/// The virtual folder in which the layouts find an issue's figure files.
pub const FIGURE_FOLDER: &str = "/_issue/";

impl Figure {
    /// The path under which the layouts load the picture: [`FIGURE_FOLDER`] and the file
    /// as written (`/_issue/chart.png`).
    pub fn virtual_path(&self) -> String {
        let parts: Vec<&str> =
            self.file.split('/').filter(|p| !p.is_empty() && *p != ".").collect();
        format!("{FIGURE_FOLDER}{}", parts.join("/"))
    }
}

impl Block {
    /// The block's kind as the data names it: `paragraph`, `subheading`, `byline`,
    /// `figure`, `table`.
    pub fn kind(&self) -> &'static str {
        match self {
            Block::Paragraph(_) => "paragraph",
            Block::Subheading(_) => "subheading",
            Block::Byline(_) => "byline",
            Block::Figure(_) => "figure",
            Block::Table(_) => "table",
        }
    }

    /// The text of a paragraph, if the block is one.
    pub fn as_paragraph(&self) -> Option<&str> {
        match self {
            Block::Paragraph(text) => Some(text),
            _ => None,
        }
    }

    /// Every piece of text the block prints: its text, or a caption, credit and cells.
    pub fn texts(&self) -> Vec<&str> {
        match self {
            Block::Paragraph(text) | Block::Subheading(text) | Block::Byline(text) => {
                vec![text]
            }
            Block::Figure(figure) => {
                std::iter::once(figure.caption.as_str()).chain(figure.credit.as_deref()).collect()
            }
            Block::Table(table) => std::iter::once(table.caption.as_str())
                .chain(table.rows.iter().flatten().map(String::as_str))
                .collect(),
        }
    }
}

impl PartialEq<&str> for Block {
    fn eq(&self, other: &&str) -> bool {
        self.as_paragraph() == Some(*other)
    }
}

impl From<&str> for Block {
    fn from(text: &str) -> Self {
        Block::Paragraph(text.to_owned())
    }
}

impl From<String> for Block {
    fn from(text: String) -> Self {
        Block::Paragraph(text)
    }
}

/// As the layouts read it: a paragraph as a string, any other block as a dictionary with
/// one key naming its kind (see `layouts/components/blocks.typ`).
impl Serialize for Block {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct FigureData<'a> {
            src: String,
            caption: &'a str,
            credit: Option<&'a str>,
            width: Option<f64>,
        }
        #[derive(Serialize)]
        struct TableData<'a> {
            caption: &'a str,
            rows: &'a [Vec<String>],
        }
        match self {
            Block::Paragraph(text) => serializer.serialize_str(text),
            Block::Subheading(text) | Block::Byline(text) => {
                one_entry(serializer, self.kind(), text)
            }
            Block::Figure(figure) => one_entry(
                serializer,
                "figure",
                &FigureData {
                    src: figure.virtual_path(),
                    caption: &figure.caption,
                    credit: figure.credit.as_deref(),
                    width: figure.width,
                },
            ),
            Block::Table(table) => one_entry(
                serializer,
                "table",
                &TableData { caption: &table.caption, rows: &table.rows },
            ),
        }
    }
}

/// `{ key: value }`.
fn one_entry<S: serde::Serializer, V: Serialize + ?Sized>(
    serializer: S,
    key: &str,
    value: &V,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = serializer.serialize_map(Some(1))?;
    map.serialize_entry(key, value)?;
    map.end()
}

impl Issue {
    /// All articles in print order, across sections.
    pub fn articles(&self) -> impl Iterator<Item = &Article> {
        self.sections.iter().flat_map(|section| section.articles.iter())
    }
}
