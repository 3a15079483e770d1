//! What kind of problem a finding is: for programs to act on, never to be read off its words.

use serde::Serialize;

/// The kinds of findings, named in JSON in kebab-case (`unknown-key`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    // Reading files.
    /// A file cannot be read: missing, unreadable.
    FileUnreadable,
    /// A file is larger than any input may be.
    FileTooLarge,
    /// A path names a folder or something else that is not a file.
    NotAFile,
    /// A file that should be text is not UTF-8.
    NotUtf8,
    /// A file named in the data lies outside the project or the issue folder.
    OutsideProject,

    // The TOML of the issue and publication files.
    /// TOML syntax.
    Syntax,
    /// Brackets nested deeper than any issue file needs.
    TooDeep,
    /// A key the table does not have.
    UnknownKey,
    /// A required key is missing.
    MissingKey,
    /// A value of the wrong type.
    WrongType,
    /// A number outside its range.
    OutOfRange,
    /// A date written with a time.
    DateWithTime,
    /// A date that is no day of the calendar.
    NotACalendarDay,
    /// An issue without sections.
    NoSections,
    /// A section without articles.
    NoArticles,
    /// An article without paragraphs.
    NoParagraphs,
    /// Two articles with the same title.
    DuplicateTitle,
    /// An attribution dated after the issue.
    DateAfterIssue,
    /// A piece of text that is empty.
    EmptyText,
    /// A piece of text longer than allowed.
    TextTooLong,
    /// A paragraph long enough to be several run together (a warning).
    LongParagraph,
    /// More articles than an issue may hold.
    TooManyArticles,
    /// More paragraphs and other blocks than an issue may hold.
    TooManyBlocks,
    /// More text than an issue may hold.
    TooMuchText,
    /// An invisible control character or bidirectional mark in text.
    ControlCharacter,
    /// A profile name the publication file gives that does not exist.
    UnknownProfile,
    /// The publication names a PDF/X level `bulletin` does not write.
    UnknownPdfxLevel,
    /// The issue's folder name disagrees with its year or month.
    FolderMismatch,
    /// An inline table of `paragraphs` that names no kind of block, or more than one.
    BlockKind,
    /// A figure's file that is not a PNG or JPEG picture, or is damaged.
    BadImage,
    /// A table without rows, with ragged rows, or a CSV file that cannot be read.
    BadTable,

    // The typeset pages.
    /// A character none of the fonts has.
    MissingGlyph,
    /// A font family the layouts ask for and no font provides.
    UnknownFontFamily,
    /// A finding of Typst's while typesetting the layouts.
    Layout,
    /// A picture with too few pixels for the size it prints at.
    LowResolution,

    // Importing material.
    /// A line of a text export that cannot be placed.
    UnplacedLine,
    /// A title that runs over more lines than titles do.
    LongTitle,
    /// An attribution that cannot be read.
    BadAttribution,
    /// An article without an attribution.
    NoAttribution,
    /// The export's colophon differs from the publication settings.
    ColophonDiffers,
    /// An entry of the export's contents that fits no article.
    ContentsMismatch,
    /// A Word file that cannot be read as an article.
    WordFile,

    // The review.
    /// A print PDF made of an issue under review that the chief has not signed off (or
    /// that changed after the sign-off).
    NotSignedOff,
}
