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
    /// Body paragraphs, each printed with a first-line indent.
    pub paragraphs: Vec<String>,
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

impl Issue {
    /// All articles in print order, across sections.
    pub fn articles(&self) -> impl Iterator<Item = &Article> {
        self.sections.iter().flat_map(|section| section.articles.iter())
    }
}
