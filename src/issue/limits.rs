//! How much an issue may hold. The limits lie far above any real issue (some 24 pages, 30
//! to 45 articles, 150 paragraphs and 20,000 characters; the longest paragraph of the
//! August 2023 issue has 444 characters), so that only a runaway paste or import meets
//! them, and is refused with a message instead of a rebuild that takes minutes. The loader,
//! the importers and the desk count against the same numbers; docs/editing.md lists them.

use crate::diag::{Kind, Text};
use crate::issue::model::Block;

/// A paragraph longer than this is most likely several run together: a warning.
pub const PARAGRAPH_WARN_CHARS: usize = 10_000;
/// The longest paragraph accepted: some 70 pages without a break.
pub const PARAGRAPH_MAX_CHARS: usize = 100_000;
/// The most articles an issue may hold.
pub const MAX_ARTICLES: usize = 1_000;
/// The most blocks (paragraphs, subheadings, bylines, figures, tables) an issue may hold.
pub const MAX_BLOCKS: usize = 10_000;
/// The most characters the blocks of an issue may hold together: some 1,000 pages.
pub const MAX_CHARS: usize = 1_000_000;

/// The issue-wide limit a count passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Over {
    /// More than [`MAX_ARTICLES`] articles.
    Articles,
    /// More than [`MAX_BLOCKS`] blocks.
    Blocks,
    /// More than [`MAX_CHARS`] characters.
    Chars,
}

impl Over {
    /// The limit passed.
    pub fn max(self) -> usize {
        match self {
            Over::Articles => MAX_ARTICLES,
            Over::Blocks => MAX_BLOCKS,
            Over::Chars => MAX_CHARS,
        }
    }

    /// The kind of finding that reports it.
    pub(crate) fn kind(self) -> Kind {
        match self {
            Over::Articles => Kind::TooManyArticles,
            Over::Blocks => Kind::TooManyBlocks,
            Over::Chars => Kind::TooMuchText,
        }
    }

    /// What is counted, in words: "articles", "paragraphs, subheadings, …", "characters".
    pub(crate) fn what(self) -> Text {
        Text::new(match self {
            Over::Articles => "limit-articles",
            Over::Blocks => "limit-blocks",
            Over::Chars => "limit-chars",
        })
    }
}

/// The characters of a block's text: a paragraph's, or a block's caption, credit and cells.
pub(crate) fn block_chars(block: &Block) -> usize {
    let count = |text: &str| text.chars().count();
    match block {
        Block::Paragraph(text) | Block::Subheading(text) | Block::Byline(text) => count(text),
        Block::Figure(figure) => count(&figure.caption) + figure.credit.as_deref().map_or(0, count),
        Block::Table(table) => {
            count(&table.caption)
                + table.rows.iter().flatten().map(|cell| count(cell)).sum::<usize>()
        }
    }
}

/// An issue, or what an import gives, counted against the limits as it is read.
#[derive(Debug, Default, Clone)]
pub(crate) struct Tally {
    articles: usize,
    blocks: usize,
    chars: usize,
    over: bool,
}

impl Tally {
    /// Counts one more article: the limit, the first time one is passed.
    pub(crate) fn article(&mut self) -> Option<Over> {
        self.articles += 1;
        self.passed(self.articles > MAX_ARTICLES, Over::Articles)
    }

    /// Counts one more block of `chars` characters: the limit, the first time one is passed.
    pub(crate) fn block(&mut self, chars: usize) -> Option<Over> {
        self.blocks += 1;
        self.chars += chars;
        self.passed(self.blocks > MAX_BLOCKS, Over::Blocks)
            .or_else(|| self.passed(self.chars > MAX_CHARS, Over::Chars))
    }

    /// Whether a limit was passed: what follows need not be read.
    pub(crate) fn is_over(&self) -> bool {
        self.over
    }

    /// How many articles were counted: the number of the last one.
    pub(crate) fn articles(&self) -> usize {
        self.articles
    }

    /// How many blocks were counted: the number of the last one.
    pub(crate) fn blocks(&self) -> usize {
        self.blocks
    }

    fn passed(&mut self, passed: bool, over: Over) -> Option<Over> {
        if !passed || self.over {
            return None;
        }
        self.over = true;
        Some(over)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_limit_is_passed_once_by_the_first_count_beyond_it() {
        let mut tally = Tally::default();
        for _ in 0..MAX_ARTICLES {
            assert_eq!(tally.article(), None);
        }
        assert_eq!(tally.article(), Some(Over::Articles));
        assert_eq!(tally.article(), None, "reported once");
        assert!(tally.is_over());

        let mut tally = Tally::default();
        for _ in 0..MAX_BLOCKS {
            assert_eq!(tally.block(1), None);
        }
        assert_eq!(tally.block(1), Some(Over::Blocks));

        let mut tally = Tally::default();
        assert_eq!(tally.block(MAX_CHARS), None);
        assert_eq!(tally.block(1), Some(Over::Chars));
        assert_eq!(tally.blocks(), 2);
    }
}
