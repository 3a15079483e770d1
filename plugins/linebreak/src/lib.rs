//! The bulletin's line breaker: breaks a body paragraph the way the printed issue did,
//! as a Typst plugin (`layouts/linebreak.wasm`, called from `layouts/lines.typ`).
//!
//! The rules are those layouts/lines.typ describes: a paragraph is split into tokens
//! (runs of printable ASCII, spaces, runs of Chinese, other characters), each line is
//! filled first-fit, line-end punctuation hangs into the margin, and a line that comes
//! out a little long is compressed (its Chinese–Latin gaps and commas) rather than broken
//! earlier. Typst keeps what needs Typst: measuring the Latin advances and the other
//! characters' widths, and placing the lines this crate describes. Every computation
//! is the one the Typst script did, in the same order, so the breaks and the spaces are
//! the same to the last bit.
//!
//! Built natively the crate is an ordinary library, which the tests fuzz; built for
//! `wasm32-unknown-unknown` it also exports the plugin functions (see `wasm`).

mod tables;
#[cfg(target_arch = "wasm32")]
mod wasm;

/// The breaker's settings, from layouts/theme.typ; all widths in ems of the body size.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// The measure: the text width over the body size.
    pub measure: f64,
    /// The first line's indent, in full-width characters.
    pub indent: f64,
    /// The gap between a Chinese character and a Latin letter or figure.
    pub latin_gap: f64,
    /// How far a line may run long when its gaps and commas can make it up.
    pub tight_line: f64,
    /// The same for a line that ends in a hanging mark.
    pub tight_hung_line: f64,
    /// What a comma or stop gives up at most when a line is compressed.
    pub comma_shrink: f64,
    /// The marks that may hang into the margin at a line's end.
    pub hanging: String,
    /// The marks a long line may compress.
    pub compressible: String,
}

/// What Typst places, in order: a slice of the paragraph, a horizontal space in ems, or
/// a justified line break.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// The paragraph's text from one byte offset to another.
    Text(usize, usize),
    /// A horizontal space (negative: pulls the text together), in ems.
    Space(f64),
    /// A justified break: the end of a line that is not the last.
    Break,
}

/// How a token was matched, before punctuation is told apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Match {
    Latin,
    Space,
    Han,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Latin,
    Space,
    Han,
    Open,
    Close,
    Stop,
    Other,
    /// Stands between a Chinese character and a Latin letter or figure; has no text.
    Gap,
}

const OPEN: &str = "“‘《〈（【「『〔［｛";
const CLOSE: &str = "”’》〉）】」』〕］｝";
const STOP: &str = "，。、；：？！";

fn within(table: &[(u32, u32)], c: char) -> bool {
    let c = c as u32;
    table
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                std::cmp::Ordering::Less
            } else if lo > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

#[inline]
fn is_han(c: char) -> bool {
    // The common ideographs first: most characters of a paragraph are there.
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || (c >= '\u{2E80}' && within(tables::HAN, c))
}

#[inline]
fn is_mark(c: char) -> bool {
    // No mark below U+0300, nor among the common ideographs.
    c >= '\u{300}' && !('\u{4E00}'..='\u{9FFF}').contains(&c) && within(tables::MARK, c)
}

fn is_latin(c: char) -> bool {
    ('!'..='~').contains(&c)
}

/// The tokens of `s` as `([!-~]+)|( )|((?:\p{Han}\p{M}*)+)|(.\p{M}*)` finds them:
/// byte ranges and how each matched. A newline matches nothing and is skipped.
fn tokens(s: &str) -> Vec<(usize, usize, Match)> {
    let mut out = Vec::with_capacity(s.len() / 8 + 1);
    let mut chars = s.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let kind = if is_latin(c) {
            Match::Latin
        } else if c == ' ' {
            Match::Space
        } else if is_han(c) {
            Match::Han
        } else if c != '\n' {
            Match::Other
        } else {
            continue;
        };
        // The characters the token goes on with (none after a space).
        while let Some(&(_, next)) = chars.peek() {
            let more = match kind {
                Match::Latin => is_latin(next),
                Match::Space => false,
                Match::Han => is_han(next) || is_mark(next),
                Match::Other => is_mark(next),
            };
            if !more {
                break;
            }
            chars.next();
        }
        let end = chars.peek().map_or(s.len(), |&(at, _)| at);
        out.push((start, end, kind));
    }
    out
}

fn classify(text: &str) -> Kind {
    let mut chars = text.chars();
    let c = match (chars.next(), chars.next()) {
        (Some(c), None) => c,
        _ => return Kind::Other,
    };
    if OPEN.contains(c) {
        Kind::Open
    } else if CLOSE.contains(c) {
        Kind::Close
    } else if STOP.contains(c) {
        Kind::Stop
    } else {
        Kind::Other
    }
}

/// The byte offsets of a run of Chinese where its characters start (each with its
/// marks), as Typst's `clusters()` splits it.
fn clusters(run: &str) -> Vec<usize> {
    run.char_indices().filter(|&(_, c)| !is_mark(c)).map(|(at, _)| at).collect()
}

/// The texts among `s`'s tokens that only Typst can measure (characters other than
/// ASCII, Chinese and full-width punctuation), each once, in order of first appearance,
/// as byte ranges of `s`.
pub fn to_measure(s: &str) -> Vec<(usize, usize)> {
    let mut seen: Vec<(usize, usize)> = Vec::new();
    for (start, end, kind) in tokens(s) {
        let text = &s[start..end];
        if kind == Match::Other
            && classify(text) == Kind::Other
            && !seen.iter().any(|&(a, b)| &s[a..b] == text)
        {
            seen.push((start, end));
        }
    }
    seen
}

/// Typst's `calc.max` of two floats: the first unless the second is greater.
fn max(a: f64, b: f64) -> f64 {
    if b > a {
        b
    } else {
        a
    }
}

/// Typst's `calc.min` of two floats: the first unless the second is smaller.
fn min(a: f64, b: f64) -> f64 {
    if b < a {
        b
    } else {
        a
    }
}

/// One line: from character `ja` of token `ka` to character `jb` of token `kb` (a break
/// between tokens has j = 0), its last token, and how much it must be compressed.
#[derive(Debug, Clone, Copy)]
struct Line {
    ka: usize,
    ja: usize,
    kb: usize,
    jb: usize,
    last: usize,
    over: f64,
}

/// Breaks `s` into lines and says how to place them; `None` when it has no token (Typst
/// sets it as it is). `advances` holds the widths of the space and of `!` to `~`, in
/// that order; `measured` the widths of [`to_measure`]'s texts, in its order. A width
/// that is missing counts as zero: every input gets lines, none panics.
pub fn set_paragraph(
    s: &str,
    advances: &[f64],
    measured: &[f64],
    settings: &Settings,
) -> Option<Vec<Item>> {
    match reply(s, advances, measured, settings, false) {
        Reply::Lines(items) => Some(items),
        Reply::Nothing | Reply::Measure(_) => None,
    }
}

/// What a call of the plugin answers.
enum Reply {
    /// The paragraph has no token.
    Nothing,
    /// How to place its lines.
    Lines(Vec<Item>),
    /// The texts Typst must measure first (asked only when no widths came).
    Measure(Vec<(usize, usize)>),
}

/// [`set_paragraph`], or, when `ask` and the paragraph holds texts only Typst can
/// measure, those texts: most paragraphs hold none and are set in one call.
fn reply(s: &str, advances: &[f64], measured: &[f64], settings: &Settings, ask: bool) -> Reply {
    let advance = |c: char| {
        let index = if c == ' ' { 0 } else { c as usize - 0x20 };
        advances.get(index).copied().unwrap_or(0.0)
    };
    // A mark or stop is one character: whether it hangs or compresses is whether the
    // settings' strings hold it.
    let hanging: Vec<char> = settings.hanging.chars().collect();
    let compressible: Vec<char> = settings.compressible.chars().collect();
    let one_of = |set: &[char], text: &str| {
        let mut chars = text.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => set.contains(&c),
            _ => false,
        }
    };
    // The texts only Typst measures, in the order `to_measure` gives them.
    let mut others: Vec<(usize, usize)> = Vec::new();

    // ---- Tokens, as parallel arrays; widths in ems (see layouts/lines.typ). ----
    let found = tokens(s);
    let capacity = found.len() + found.len() / 4 + 1;
    let mut kinds: Vec<Kind> = Vec::with_capacity(capacity);
    let mut texts: Vec<(usize, usize)> = Vec::with_capacity(capacity);
    let mut full: Vec<f64> = Vec::with_capacity(capacity);
    let mut width: Vec<f64> = Vec::with_capacity(capacity);
    let mut from: Vec<usize> = Vec::with_capacity(capacity + 1);
    let mut blank: Vec<bool> = Vec::with_capacity(capacity);
    let mut hangs: Vec<bool> = Vec::with_capacity(capacity);
    let mut breakable: Vec<bool> = Vec::with_capacity(capacity);
    let text_of = |range: (usize, usize)| &s[range.0..range.1];
    let alphanumeric = |c: Option<char>| c.map_or(false, |c| c.is_ascii_alphanumeric());
    for (start, end, matched) in found {
        let text = &s[start..end];
        let kind = match matched {
            Match::Latin => Kind::Latin,
            Match::Space => Kind::Space,
            Match::Han => Kind::Han,
            Match::Other => classify(text),
        };
        let mut previous = kinds.last().copied();
        let previous_text = texts.last().map(|&r| text_of(r)).unwrap_or("");
        if (previous == Some(Kind::Han) && kind == Kind::Latin && alphanumeric(text.chars().next()))
            || (previous == Some(Kind::Latin)
                && kind == Kind::Han
                && alphanumeric(previous_text.chars().last()))
        {
            kinds.push(Kind::Gap);
            texts.push((start, start));
            full.push(settings.latin_gap);
            width.push(settings.latin_gap);
            from.push(start);
            blank.push(true);
            hangs.push(false);
            breakable.push(false);
            previous = Some(Kind::Gap);
        }
        let punctuation =
            |k: Option<Kind>| matches!(k, Some(Kind::Open | Kind::Close | Kind::Stop));
        let mark = punctuation(Some(kind));
        if mark && punctuation(previous) {
            let last = full.len() - 1;
            width[last] = full[last] / 2.0;
        }
        let w = match kind {
            Kind::Han => text.chars().filter(|&c| !is_mark(c)).count() as f64,
            Kind::Latin => {
                let mut sum = 0.0;
                for c in text.chars() {
                    sum += advance(c);
                }
                sum
            }
            Kind::Other => {
                let index = match others.iter().position(|&(a, b)| &s[a..b] == text) {
                    Some(index) => index,
                    None => {
                        others.push((start, end));
                        others.len() - 1
                    }
                };
                measured.get(index).copied().unwrap_or(0.0)
            }
            Kind::Space => advance(' '),
            _ => 1.0,
        };
        // Never before a space, a closing mark or a stop, nor after an opening mark; the
        // middle dot joins its neighbours and a dash or ellipsis pair stays whole.
        let a = if previous == Some(Kind::Gap) {
            kinds.len().checked_sub(2)
        } else {
            kinds.len().checked_sub(1)
        };
        breakable.push(match a {
            Some(a) => {
                let never_before = matches!(kind, Kind::Space | Kind::Close | Kind::Stop);
                let after_open = kinds[a] == Kind::Open;
                let dot = text_of(texts[a]) == "·" || text == "·";
                let pair = kinds[a] == Kind::Other && text_of(texts[a]) == text;
                !(never_before || after_open || dot || pair)
            }
            None => false,
        });
        kinds.push(kind);
        texts.push((start, end));
        full.push(w);
        width.push(w);
        from.push(start);
        blank.push(kind == Kind::Space);
        hangs.push(mark && one_of(&hanging, text));
    }
    from.push(s.len());
    if ask && measured.len() < others.len() {
        return Reply::Measure(others);
    }
    let n = kinds.len();
    if n == 0 {
        return Reply::Nothing;
    }

    let shrinkable = |k: usize| {
        kinds[k] == Kind::Stop && width[k] == full[k] && one_of(&compressible, text_of(texts[k]))
    };
    let mut sum_width = vec![0.0];
    let mut sum_give = vec![0.0];
    let mut sum_room = vec![0.0];
    for k in 0..n {
        sum_width.push(sum_width[k] + width[k]);
        let (give, room) = if kinds[k] == Kind::Gap {
            (width[k], width[k])
        } else if kinds[k] == Kind::Stop && shrinkable(k) {
            (settings.comma_shrink, full[k] / 2.0)
        } else {
            (0.0, 0.0)
        };
        sum_give.push(sum_give[k] + give);
        sum_room.push(sum_room[k] + room);
    }

    // ---- Breaking: first fit. ----
    let measure = settings.measure;
    let mut lines: Vec<Line> = Vec::new();
    let (mut ka, mut ja) = (0usize, 0usize);
    while ka < n {
        if ja == 0 {
            while ka < n && blank[ka] {
                ka += 1;
            }
            if ka >= n {
                break;
            }
        }
        let indent = if lines.is_empty() { settings.indent } else { 0.0 };
        let head = if ja == 0 && kinds[ka] == Kind::Open && width[ka] == full[ka] {
            full[ka] / 2.0
        } else {
            0.0
        };
        let base = indent - head - sum_width[ka] - ja as f64;
        let mut best: Option<Line> = None;
        let mut k = ka;
        while k < n {
            // Breaks inside a run of Chinese: as many characters as fit.
            if kinds[k] == Kind::Han && full[k] > 1.0 {
                let lo = if k == ka { ja as i64 + 1 } else { 1 };
                let hi = full[k] as i64 - 1;
                if lo <= hi {
                    let w = base + sum_width[k];
                    let give = sum_give[k] - sum_give[ka];
                    let j = (measure - w + max(0.0, min(settings.tight_line, give)) + 1e-9).floor();
                    let j = if j.is_finite() { j as i64 } else { i64::MIN };
                    let jb = j.min(hi);
                    if j >= lo {
                        let over = max(0.0, w + jb as f64 - measure);
                        best = Some(Line { ka, ja, kb: k, jb: jb as usize, last: k, over });
                    }
                    if j < hi {
                        break;
                    }
                }
            }
            // The break after token k.
            let e = k + 1;
            if e == n || breakable[e] {
                let last = if blank[e - 1] && e >= 2 { e - 2 } else { e - 1 };
                let mut w = base + sum_width[last + 1] + full[last] - width[last];
                let hung = hangs[last];
                if hung {
                    w -= full[last];
                }
                let over = w - measure;
                let fits = if over <= 1e-9 {
                    true
                } else if hung {
                    over <= settings.tight_hung_line + 1e-9 && sum_room[last] - sum_room[ka] >= over
                } else {
                    over <= settings.tight_line + 1e-9
                        && sum_give[last] - sum_give[ka] >= over - 1e-9
                };
                if !fits {
                    break;
                }
                best = Some(Line { ka, ja, kb: last + 1, jb: 0, last, over: max(0.0, over) });
            }
            k += 1;
        }
        // Nothing fits (a Latin run wider than the line): take the first piece whole.
        let line = match best {
            Some(line) => line,
            None if kinds[ka] == Kind::Han && ((ja + 1) as f64) < full[ka] => {
                Line { ka, ja, kb: ka, jb: ja + 1, last: ka, over: 0.0 }
            }
            None => {
                let mut e = ka + 1;
                while e < n && !breakable[e] {
                    e += 1;
                }
                let last = if blank[e - 1] && e >= 2 { e - 2 } else { e - 1 };
                Line { ka, ja, kb: last + 1, jb: 0, last, over: 0.0 }
            }
        };
        // Every line moves on; a line that would not is the end of the paragraph.
        if (line.kb, line.jb) <= (ka, ja) {
            break;
        }
        lines.push(line);
        ka = line.kb;
        ja = line.jb;
    }

    // ---- Placing: slices of `s`, gaps as spaces, a long line's gaps and commas shrunk
    // in proportion to what each can give, a hanging mark pulled into the margin, and a
    // justified break after every line but the last. ----
    let mut out = Vec::new();
    let mut end = 0;
    let mut run: (Option<usize>, Vec<usize>) = (None, Vec::new());
    for (i, line) in lines.iter().enumerate() {
        let Line { ka, ja, kb, jb, last, over } = *line;
        let room = sum_room[last] - sum_room[ka];
        let ratio = if over > 0.0 && room > 0.0 { min(1.0, over / room) } else { 0.0 };
        if i == 0 && ja == 0 && kinds[ka] == Kind::Open && width[ka] == full[ka] {
            out.push(Item::Space(-full[ka] / 2.0));
        }
        let mut at = if ja == 0 { from[ka] } else { end };
        for k in ka..last {
            if kinds[k] == Kind::Gap {
                out.push(Item::Text(at, from[k]));
                out.push(Item::Space(width[k] * (1.0 - ratio)));
                at = from[k + 1];
            } else if ratio > 0.0 && shrinkable(k) {
                out.push(Item::Text(at, from[k + 1]));
                out.push(Item::Space(-full[k] / 2.0 * ratio));
                at = from[k + 1];
            }
        }
        end = if jb == 0 {
            from[kb]
        } else {
            // A long run is taken apart into characters once, not once per line.
            if run.0 != Some(kb) {
                run = (Some(kb), clusters(text_of(texts[kb])));
            }
            from[kb] + run.1.get(jb).copied().unwrap_or(texts[kb].1 - texts[kb].0)
        };
        out.push(Item::Text(at, end.max(at)));
        if jb == 0 && hangs[last] {
            out.push(Item::Space(-full[last]));
        }
        if i + 1 < lines.len() {
            out.push(Item::Break);
        }
    }
    Reply::Lines(out)
}

/// [`to_measure`] as JSON: `[[start, end], …]`.
pub fn to_measure_json(s: &str) -> String {
    ranges_json(&to_measure(s))
}

/// Byte ranges as JSON: `[[start, end], …]`.
fn ranges_json(ranges: &[(usize, usize)]) -> String {
    let mut out = String::from("[");
    for (i, &(a, b)) in ranges.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('[');
        push_integer(&mut out, a as i64);
        out.push(',');
        push_integer(&mut out, b as i64);
        out.push(']');
    }
    out.push(']');
    out
}

/// [`set_paragraph`] as JSON: `null`, or an array of `[start, end]` (text), integers
/// (spaces in ems: the bits of the f64, which Typst turns back into the same float; a
/// JSON number with a fraction might be read a bit off) and `null` (breaks). When no
/// widths came and the paragraph holds texts only Typst can measure, it answers
/// `{"measure": [[start, end], …]}` instead: Typst measures them and calls again.
pub fn set_paragraph_json(
    s: &str,
    advances: &[f64],
    measured: &[f64],
    settings: &Settings,
) -> String {
    let items = match reply(s, advances, measured, settings, measured.is_empty()) {
        Reply::Nothing => return "null".to_owned(),
        Reply::Lines(items) => items,
        Reply::Measure(texts) => return format!("{{\"measure\":{}}}", ranges_json(&texts)),
    };
    let mut out = String::with_capacity(items.len() * 16 + 2);
    out.push('[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        match *item {
            Item::Text(a, b) => {
                out.push('[');
                push_integer(&mut out, a as i64);
                out.push(',');
                push_integer(&mut out, b as i64);
                out.push(']');
            }
            Item::Space(x) => push_integer(&mut out, x.to_bits() as i64),
            Item::Break => out.push_str("null"),
        }
    }
    out.push(']');
    out
}

/// Writes `value` in decimal (without the formatting machinery, which costs a plugin
/// run by an interpreter much more).
fn push_integer(out: &mut String, value: i64) {
    if value < 0 {
        out.push('-');
    }
    let mut digits = [0u8; 20];
    let mut rest = value.unsigned_abs();
    let mut n = 0;
    loop {
        digits[n] = b'0' + (rest % 10) as u8;
        n += 1;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    for &digit in digits[..n].iter().rev() {
        out.push(char::from(digit));
    }
}

/// The plugin's `set_paragraph(paragraph, advances, measured, settings, hanging,
/// compressible)` on its arguments as Typst sends them, whether run as WebAssembly or
/// natively: floats as little-endian f64; settings are measure, indent, latin gap, tight
/// line, tight hung line and comma shrink. Answers what [`set_paragraph_json`] says: the
/// lines, or (when `measured` is empty) the texts to measure first.
pub fn set_paragraph_call(args: [&[u8]; 6]) -> String {
    let [paragraph, advances, measured, settings, hanging, compressible] = args;
    let values = floats(settings);
    let value = |i: usize| values.get(i).copied().unwrap_or(0.0);
    let settings = Settings {
        measure: value(0),
        indent: value(1),
        latin_gap: value(2),
        tight_line: value(3),
        tight_hung_line: value(4),
        comma_shrink: value(5),
        hanging: text(hanging).to_owned(),
        compressible: text(compressible).to_owned(),
    };
    set_paragraph_json(text(paragraph), &floats(advances), &floats(measured), &settings)
}

/// An argument as text; invalid UTF-8 (which Typst never sends) is read as nothing.
fn text(bytes: &[u8]) -> &str {
    core::str::from_utf8(bytes).unwrap_or("")
}

/// Reads little-endian f64s; a trailing partial one is dropped.
pub fn floats(bytes: &[u8]) -> Vec<f64> {
    bytes
        .chunks_exact(8)
        .map(|c| f64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
        .collect()
}
