//! Messages as data: an id and its arguments, put into words in the reader's language.
//!
//! The words live in Fluent files (`messages/en.ftl`, `messages/zh-CN.ftl`), one message
//! per id; code never holds the sentences a reader sees. A message's argument may itself
//! be a message ("the title of article 3 of section 1"), put into words in the same
//! language before it is inserted.

use std::fmt;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use unic_langid::LanguageIdentifier;

/// The languages messages are written in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English, the command line's default.
    #[default]
    En,
    /// Simplified Chinese, the editors' language.
    Zh,
}

impl Lang {
    /// Every language, English first.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    /// The language's tag, as the Fluent files and the desk name it.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }

    /// The language a tag or locale names (`zh`, `zh-CN`, `zh_CN.UTF-8`, `en-GB`), if any.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let tag = tag.trim().to_ascii_lowercase();
        let primary = tag.split(['-', '_', '.']).next().unwrap_or_default();
        match primary {
            "zh" => Some(Lang::Zh),
            "en" | "c" | "posix" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language of the environment's locale (`LC_ALL`, `LC_MESSAGES`, `LANG`), else English.
    pub fn from_environment() -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|name| std::env::var(name).ok())
            .find(|value| !value.is_empty())
            .and_then(|value| Lang::from_tag(&value))
            .unwrap_or_default()
    }

    fn source(self) -> &'static str {
        match self {
            Lang::En => include_str!("messages/en.ftl"),
            Lang::Zh => include_str!("messages/zh-CN.ftl"),
        }
    }
}

/// A message: the id of its words in the Fluent files and the values to put in.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Text {
    id: &'static str,
    args: Vec<(&'static str, Arg)>,
}

/// A value put into a message.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Arg {
    /// Written as it is: a title, a key, a number, a path.
    Plain(String),
    /// Another message, put into words in the same language first.
    Text(Text),
}

impl From<String> for Arg {
    fn from(value: String) -> Self {
        Arg::Plain(value)
    }
}

impl From<&str> for Arg {
    fn from(value: &str) -> Self {
        Arg::Plain(value.to_owned())
    }
}

impl From<Text> for Arg {
    fn from(value: Text) -> Self {
        Arg::Text(value)
    }
}

impl From<&Text> for Arg {
    fn from(value: &Text) -> Self {
        Arg::Text(value.clone())
    }
}

macro_rules! plain_args {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(value: $t) -> Self {
                Arg::Plain(value.to_string())
            }
        }
    )*};
}
plain_args!(usize, u64, u32, u16, i64, i32, u8, char);

impl Text {
    /// The message `id`, with no values yet.
    pub fn new(id: &'static str) -> Self {
        Self { id, args: Vec::new() }
    }

    /// Text that is the same in every language: words from elsewhere, such as Typst's.
    pub fn plain(text: impl Into<String>) -> Self {
        Self::new("plain").arg("text", text.into())
    }

    /// Puts `value` in for `$name`.
    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    /// The message's id.
    pub fn id(&self) -> &'static str {
        self.id
    }

    /// The value given for `$name`, if it was given as plain text.
    pub fn plain_arg(&self, name: &str) -> Option<&str> {
        self.args.iter().find(|(key, _)| *key == name).and_then(|(_, arg)| match arg {
            Arg::Plain(text) => Some(text.as_str()),
            Arg::Text(_) => None,
        })
    }

    /// The value given for `$name`, if it was given as a message.
    pub fn arg_text(&self, name: &str) -> Option<&Text> {
        self.args.iter().find(|(key, _)| *key == name).and_then(|(_, arg)| match arg {
            Arg::Text(text) => Some(text),
            Arg::Plain(_) => None,
        })
    }

    /// The message in words of `lang`; a message missing there is taken from English.
    pub fn render(&self, lang: Lang) -> String {
        let mut args = FluentArgs::new();
        for (name, arg) in &self.args {
            let value = match arg {
                Arg::Plain(text) => text.clone(),
                Arg::Text(text) => text.render(lang),
            };
            args.set(*name, value);
        }
        for lang in [lang, Lang::En] {
            let bundle = bundle(lang);
            let Some(pattern) = bundle.get_message(self.id).and_then(|m| m.value()) else {
                continue;
            };
            let mut errors = Vec::new();
            let text = bundle.format_pattern(pattern, Some(&args), &mut errors);
            if errors.is_empty() {
                return text.into_owned();
            }
        }
        // Unreachable while every id has its English words (a unit test checks that).
        format!("{} {:?}", self.id, self.args)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

/// A message can be a failure: `bail!(Text::new(…))` fails with words the command line
/// puts in the reader's language ([`failure_words`]); shown any other way, it is English.
impl std::error::Error for Text {}

/// A failure worded as a message, caused by another failure: what
/// [`TextContext::text_context`] makes.
#[derive(Debug)]
struct Caused {
    /// What failed, in words.
    text: Text,
    /// Why.
    source: anyhow::Error,
}

impl fmt::Display for Caused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.text, f)
    }
}

impl std::error::Error for Caused {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(self.source.as_ref())
    }
}

/// Anyhow's `with_context`, worded as a message.
pub trait TextContext<T> {
    /// The failure, if any, with `text()` saying what failed.
    fn text_context(self, text: impl FnOnce() -> Text) -> anyhow::Result<T>;
}

impl<T, E: Into<anyhow::Error>> TextContext<T> for Result<T, E> {
    fn text_context(self, text: impl FnOnce() -> Text) -> anyhow::Result<T> {
        self.map_err(|source| anyhow::Error::new(Caused { text: text(), source: source.into() }))
    }
}

/// A failure and its causes on one line, as anyhow's `{:#}` writes them, each message
/// among them in words of `lang`.
pub fn failure_words(err: &anyhow::Error, lang: Lang) -> String {
    let mut words = Vec::new();
    for cause in err.chain() {
        words.push(if let Some(caused) = cause.downcast_ref::<Caused>() {
            caused.text.render(lang)
        } else if let Some(text) = cause.downcast_ref::<Text>() {
            text.render(lang)
        } else {
            cause.to_string()
        });
    }
    words.join(": ")
}

/// The message bundle of `lang`, parsed once.
fn bundle(lang: Lang) -> &'static FluentBundle<FluentResource> {
    static BUNDLES: [OnceLock<FluentBundle<FluentResource>>; 2] =
        [OnceLock::new(), OnceLock::new()];
    let slot = &BUNDLES[Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0)];
    slot.get_or_init(|| {
        let id: LanguageIdentifier = lang.tag().parse().expect("a valid language tag");
        let resource = FluentResource::try_new(lang.source().to_owned())
            .unwrap_or_else(|(_, errors)| panic!("messages/{}.ftl: {errors:?}", lang.tag()));
        let mut bundle = FluentBundle::new_concurrent(vec![id]);
        // Titles and paths are inserted as they are, without invisible isolation marks.
        bundle.set_use_isolating(false);
        bundle.add_resource(resource).expect("message ids are unique");
        bundle
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ids of every message in `lang`'s file, for checks that none is missing.
    fn message_ids(lang: Lang) -> Vec<String> {
        let resource =
            FluentResource::try_new(lang.source().to_owned()).map_err(|(_, e)| e).unwrap();
        resource
            .entries()
            .filter_map(|entry| match entry {
                fluent_syntax::ast::Entry::Message(message) => Some(message.id.name.to_owned()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn messages_nest_and_keep_their_values_as_written() {
        let article = Text::new("subject-article-titled")
            .arg("title", "“引号”{$x}")
            .arg("number", 3usize)
            .arg(
                "section",
                Text::new("subject-section-named").arg("number", 1).arg("name", "行业资讯"),
            );
        assert_eq!(article.render(Lang::En), "article ““引号”{$x}” (3 of section 1 “行业资讯”)");
    }

    #[test]
    fn no_message_id_is_given_twice() {
        for lang in Lang::ALL {
            let mut ids = message_ids(lang);
            ids.sort();
            let twice: Vec<_> = ids.windows(2).filter(|w| w[0] == w[1]).map(|w| &w[0]).collect();
            assert!(twice.is_empty(), "{} gives these ids twice: {twice:?}", lang.tag());
        }
    }

    #[test]
    fn both_languages_have_the_same_messages() {
        let mut en = message_ids(Lang::En);
        let mut zh = message_ids(Lang::Zh);
        en.sort();
        zh.sort();
        assert_eq!(en, zh);
    }

    #[test]
    fn failures_read_in_the_readers_language_with_their_causes() {
        let io = std::io::Error::other("disk full");
        let failed: anyhow::Result<()> = Err(io).text_context(|| {
            Text::new("cannot-write-not-a-folder").arg("path", "a/b.pdf").arg("dir", "a")
        });
        let err = failed.unwrap_err().context("while building");
        assert_eq!(
            failure_words(&err, Lang::En),
            "while building: cannot write `a/b.pdf`: `a` is not a folder: disk full"
        );
        assert_eq!(format!("{err:#}"), failure_words(&err, Lang::En));
        assert_eq!(
            failure_words(&err, Lang::Zh),
            "while building: 无法写入 `a/b.pdf`：`a` 不是文件夹: disk full"
        );
        let bare = anyhow::Error::new(Text::new("issue-name-invalid").arg("id", "2023-9"));
        assert!(failure_words(&bare, Lang::Zh).contains("不是期号"), "{bare:#}");
    }

    #[test]
    fn locales_name_their_language() {
        assert_eq!(Lang::from_tag("zh_CN.UTF-8"), Some(Lang::Zh));
        assert_eq!(Lang::from_tag("zh-Hans"), Some(Lang::Zh));
        assert_eq!(Lang::from_tag("en_GB"), Some(Lang::En));
        assert_eq!(Lang::from_tag("C.UTF-8"), Some(Lang::En));
        assert_eq!(Lang::from_tag("de_DE"), None);
    }
}
