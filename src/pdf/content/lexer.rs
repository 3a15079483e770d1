//! Content streams split into operations, each with its operands and the byte offset
//! where it starts, so that the writer can insert operators without decoding and
//! re-encoding a stream. lopdf's `Content::decode` and hayro-syntax's `UntypedIter`
//! parse content as well, but neither says where an operation starts; this lexer is
//! kept for that alone, and everything that interprets content reads its output.

use lopdf::{Dictionary, Object, StringFormat};

/// An operand of a content-stream operator.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    /// A number (integers and reals alike).
    Number(f64),
    /// A name, without its slash, `#xx` escapes decoded.
    Name(Vec<u8>),
    /// A literal or hexadecimal string, decoded.
    String(Vec<u8>),
    /// An array.
    Array(Vec<Operand>),
    /// A dictionary (in marked content, or an inline image's), keys in order.
    Dictionary(Vec<(Vec<u8>, Operand)>),
    /// `true` or `false`.
    Bool(bool),
    /// `null`.
    Null,
}

impl Operand {
    /// The number, if this is one.
    pub fn number(&self) -> Option<f64> {
        match self {
            Operand::Number(n) => Some(*n),
            _ => None,
        }
    }

    /// The name, if this is one.
    pub fn name(&self) -> Option<&[u8]> {
        match self {
            Operand::Name(n) => Some(n),
            _ => None,
        }
    }

    /// The value of `key` (or its abbreviation `short`, as inline images write them),
    /// if this is a dictionary holding it.
    pub fn get(&self, short: &[u8], key: &[u8]) -> Option<&Operand> {
        let Operand::Dictionary(entries) = self else { return None };
        entries.iter().find(|(k, _)| k == key || k == short).map(|(_, v)| v)
    }

    /// The same value as a lopdf object, for readers of objects (colour spaces).
    pub fn to_object(&self) -> Object {
        match self {
            Operand::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => Object::Integer(*n as i64),
            Operand::Number(n) => Object::Real(*n as f32),
            Operand::Name(name) => Object::Name(name.clone()),
            Operand::String(bytes) => Object::String(bytes.clone(), StringFormat::Literal),
            Operand::Array(items) => Object::Array(items.iter().map(Operand::to_object).collect()),
            Operand::Dictionary(entries) => {
                let mut dict = Dictionary::new();
                for (key, value) in entries {
                    dict.set(key.clone(), value.to_object());
                }
                Object::Dictionary(dict)
            }
            Operand::Bool(b) => Object::Boolean(*b),
            Operand::Null => Object::Null,
        }
    }
}

/// One operation of a content stream.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation<'a> {
    /// The operator (`BT`, `Tj`, `k`, …), as the stream spells it; an inline image is
    /// one `BI` operation whose operand is the image's dictionary.
    pub operator: &'a [u8],
    /// The operands, in order.
    pub operands: Vec<Operand>,
    /// Byte offset where the operation (its first operand) starts.
    pub start: usize,
}

/// Deeper than any real content nests arrays and dictionaries; a hostile one stops here.
const MAX_DEPTH: usize = 64;

/// PDF's white-space characters (ISO 32000-1, 7.2.2).
pub(crate) fn is_white(b: u8) -> bool {
    matches!(b, 0 | 9 | 10 | 12 | 13 | 32)
}

fn is_delimiter(b: u8) -> bool {
    matches!(b, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

/// Splits `bytes` into operations; `None` when the stream is malformed (an unclosed
/// string, array or dictionary, an unended inline image), in which case nothing should
/// be inserted and a reader says the content could not be read.
pub fn operations(bytes: &[u8]) -> Option<Vec<Operation<'_>>> {
    let mut lexer = Lexer { bytes, i: 0 };
    let mut out = Vec::new();
    let mut operands: Vec<Operand> = Vec::new();
    let mut start: Option<usize> = None;
    loop {
        lexer.skip_white_and_comments();
        if lexer.i >= bytes.len() {
            break;
        }
        let token_start = lexer.i;
        start.get_or_insert(token_start);
        match lexer.token(0)? {
            Token::Value(value) => operands.push(value),
            Token::Word(word) => {
                let mut operands = std::mem::take(&mut operands);
                if word == b"BI" {
                    operands = vec![lexer.inline_image()?];
                }
                out.push(Operation {
                    operator: word,
                    operands,
                    start: start.take().unwrap_or(token_start),
                });
            }
            Token::Close => return None,
        }
    }
    Some(out)
}

enum Token<'a> {
    Value(Operand),
    /// An operator, or a keyword that is not `true`, `false` or `null`.
    Word(&'a [u8]),
    /// `]`, `}` or `>>`, ending what the caller opened.
    Close,
}

struct Lexer<'a> {
    bytes: &'a [u8],
    i: usize,
}

impl<'a> Lexer<'a> {
    fn skip_white_and_comments(&mut self) {
        while let Some(&b) = self.bytes.get(self.i) {
            if is_white(b) {
                self.i += 1;
            } else if b == b'%' {
                while self.bytes.get(self.i).is_some_and(|&c| c != b'\n' && c != b'\r') {
                    self.i += 1;
                }
            } else {
                break;
            }
        }
    }

    /// The next token, at nesting `depth`; `None` at the end or on malformed input.
    fn token(&mut self, depth: usize) -> Option<Token<'a>> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.skip_white_and_comments();
        let b = *self.bytes.get(self.i)?;
        Some(match b {
            b'(' => Token::Value(Operand::String(self.literal_string()?)),
            b'<' if self.bytes.get(self.i + 1) == Some(&b'<') => {
                self.i += 2;
                let mut entries = Vec::new();
                loop {
                    match self.token(depth + 1)? {
                        Token::Close => break,
                        Token::Value(Operand::Name(key)) => match self.token(depth + 1)? {
                            Token::Value(value) => entries.push((key, value)),
                            _ => return None,
                        },
                        _ => return None,
                    }
                }
                Token::Value(Operand::Dictionary(entries))
            }
            b'<' => Token::Value(Operand::String(self.hex_string()?)),
            b'>' if self.bytes.get(self.i + 1) == Some(&b'>') => {
                self.i += 2;
                Token::Close
            }
            b'[' | b'{' => {
                self.i += 1;
                let mut items = Vec::new();
                loop {
                    match self.token(depth + 1)? {
                        Token::Close => break,
                        Token::Value(value) => items.push(value),
                        // Operators inside arrays are not PDF; nothing is read from them.
                        Token::Word(_) => return None,
                    }
                }
                Token::Value(Operand::Array(items))
            }
            b']' | b'}' => {
                self.i += 1;
                Token::Close
            }
            b'/' => {
                self.i += 1;
                Token::Value(Operand::Name(self.name()))
            }
            b')' | b'>' => return None,
            _ => {
                let from = self.i;
                let end = from
                    + self.bytes[from..]
                        .iter()
                        .position(|&c| is_white(c) || is_delimiter(c))
                        .unwrap_or(self.bytes.len() - from);
                let end = end.max(from + 1);
                self.i = end;
                let word = &self.bytes[from..end];
                let numeric =
                    word.iter().all(|c| c.is_ascii_digit() || matches!(c, b'+' | b'-' | b'.'));
                if numeric {
                    Token::Value(Operand::Number(number(word)))
                } else {
                    match word {
                        b"true" => Token::Value(Operand::Bool(true)),
                        b"false" => Token::Value(Operand::Bool(false)),
                        b"null" => Token::Value(Operand::Null),
                        _ => Token::Word(word),
                    }
                }
            }
        })
    }

    /// A name's bytes after its slash, `#xx` decoded.
    fn name(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        while let Some(&c) = self.bytes.get(self.i) {
            if is_white(c) || is_delimiter(c) {
                break;
            }
            let escaped = (c == b'#')
                .then(|| self.bytes.get(self.i + 1..self.i + 3))
                .flatten()
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            match escaped {
                Some(value) => {
                    out.push(value);
                    self.i += 3;
                }
                None => {
                    out.push(c);
                    self.i += 1;
                }
            }
        }
        out
    }

    /// A literal string opening at the cursor, escapes decoded.
    fn literal_string(&mut self) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        let mut nesting = 0usize;
        loop {
            let c = *self.bytes.get(self.i)?;
            self.i += 1;
            match c {
                b'(' => {
                    nesting += 1;
                    if nesting == 1 {
                        continue;
                    }
                }
                b')' => {
                    nesting -= 1;
                    if nesting == 0 {
                        return Some(out);
                    }
                }
                b'\\' => {
                    let e = *self.bytes.get(self.i)?;
                    self.i += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'0'..=b'7' => {
                            let mut value = u32::from(e - b'0');
                            for _ in 0..2 {
                                match self.bytes.get(self.i) {
                                    Some(&d @ b'0'..=b'7') => {
                                        value = value * 8 + u32::from(d - b'0');
                                        self.i += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push(value as u8);
                        }
                        // A line continuation.
                        b'\r' => {
                            if self.bytes.get(self.i) == Some(&b'\n') {
                                self.i += 1;
                            }
                        }
                        b'\n' => {}
                        other => out.push(other),
                    }
                    continue;
                }
                _ => {}
            }
            out.push(c);
        }
    }

    /// A hexadecimal string opening at the cursor.
    fn hex_string(&mut self) -> Option<Vec<u8>> {
        self.i += 1;
        let mut out = Vec::new();
        let mut high: Option<u8> = None;
        loop {
            let c = *self.bytes.get(self.i)?;
            self.i += 1;
            match c {
                b'>' => break,
                c if is_white(c) => {}
                c => {
                    let digit = (c as char).to_digit(16)? as u8;
                    match high.take() {
                        Some(h) => out.push(h * 16 + digit),
                        None => high = Some(digit),
                    }
                }
            }
        }
        // An odd last digit is followed by a 0.
        out.extend(high.map(|h| h * 16));
        Some(out)
    }

    /// An inline image after its `BI`: the dictionary up to `ID`, then the data skipped
    /// to the `EI` that stands alone.
    fn inline_image(&mut self) -> Option<Operand> {
        let mut entries = Vec::new();
        loop {
            match self.token(1)? {
                Token::Word(b"ID") => break,
                Token::Value(Operand::Name(key)) => match self.token(1)? {
                    Token::Value(value) => entries.push((key, value)),
                    _ => return None,
                },
                _ => return None,
            }
        }
        // One white-space byte after `ID`, then the data.
        let mut j = self.i + 1;
        while j + 1 < self.bytes.len() {
            if self.bytes[j] == b'E'
                && self.bytes[j + 1] == b'I'
                && is_white(self.bytes[j - 1])
                && self.bytes.get(j + 2).is_none_or(|&c| is_white(c) || is_delimiter(c))
            {
                self.i = j + 2;
                return Some(Operand::Dictionary(entries));
            }
            j += 1;
        }
        None
    }
}

/// The value of a numeric word (digits, signs and points); 0 for one that is not a number.
fn number(word: &[u8]) -> f64 {
    plain_decimal(word).unwrap_or_else(|| {
        std::str::from_utf8(word).ok().and_then(|w| w.parse::<f64>().ok()).unwrap_or(0.0)
    })
}

/// A number written as PDF writers write nearly all of them (an optional sign, digits, at
/// most one point, at most 15 digits in all), read without going through a string: the
/// digits as an integer, divided by the power of ten the point gives. Both are exact
/// doubles, so the one division rounds as parsing the text would (Clinger's fast path);
/// `None` for anything else.
fn plain_decimal(word: &[u8]) -> Option<f64> {
    const POWERS: [f64; 16] =
        [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
    let (negative, digits) = match word.split_first()? {
        (b'-', rest) => (true, rest),
        (b'+', rest) => (false, rest),
        _ => (false, word),
    };
    let (mut mantissa, mut count, mut decimals, mut point) = (0u64, 0usize, 0usize, false);
    for &c in digits {
        match c {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + u64::from(c - b'0');
                count += 1;
                decimals += usize::from(point);
            }
            b'.' if !point => point = true,
            _ => return None,
        }
    }
    if count == 0 || count > 15 {
        return None;
    }
    let value = mantissa as f64 / POWERS[decimals];
    Some(if negative { -value } else { value })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_carry_operands_and_offsets() {
        let content = b"/Span<</MCID 0>>BDC q 0 0 0 1 k BT [(a)-120(\\)b)]TJ ET Q /F1 12 Tf EMC";
        let ops = operations(content).unwrap();
        let names: Vec<&[u8]> = ops.iter().map(|o| o.operator).collect();
        assert_eq!(names, [&b"BDC"[..], b"q", b"k", b"BT", b"TJ", b"ET", b"Q", b"Tf", b"EMC"]);
        assert_eq!(
            ops[0].operands,
            [
                Operand::Name(b"Span".to_vec()),
                Operand::Dictionary(vec![(b"MCID".to_vec(), Operand::Number(0.0))])
            ]
        );
        assert_eq!(
            ops[2].operands.iter().filter_map(Operand::number).collect::<Vec<_>>(),
            [0.0, 0.0, 0.0, 1.0]
        );
        assert_eq!(&content[ops[2].start..ops[2].start + 9], b"0 0 0 1 k");
        assert_eq!(&content[ops[4].start..ops[4].start + 2], b"[(");
        assert_eq!(
            ops[4].operands,
            [Operand::Array(vec![
                Operand::String(b"a".to_vec()),
                Operand::Number(-120.0),
                Operand::String(b")b".to_vec()),
            ])]
        );
    }

    #[test]
    fn numbers_read_as_parsing_their_text_would() {
        let words = [
            "0",
            "1",
            "-1",
            "+2",
            "57.512794",
            "-785.3849",
            ".5",
            "-.25",
            "5.",
            "0.1",
            "0.3",
            "123456789012345",
            "0.000000000000001",
            "99999.9999999999",
            "1234567890123456",
            "12345678901234567890",
            "1.2.3",
            "--1",
            "+",
            "-",
            ".",
            "1-2",
            "0.30000000000000004",
        ];
        for word in words {
            let expected = word.parse::<f64>().unwrap_or(0.0);
            assert_eq!(number(word.as_bytes()).to_bits(), expected.to_bits(), "{word}");
        }
        assert_eq!(plain_decimal(b"1234567890123456"), None, "16 digits take the slow way");
        assert_eq!(plain_decimal(b"1.2.3"), None);
        // Every value a writer with up to six decimals gives, around the page's coordinates.
        for n in (-1_000_000_000i64..1_000_000_000).step_by(9_973) {
            let word = format!("{}.{:06}", n / 1_000_000, (n % 1_000_000).abs());
            let word = if n < 0 && n > -1_000_000 { format!("-{word}") } else { word };
            assert_eq!(number(word.as_bytes()), word.parse::<f64>().unwrap(), "{word}");
        }
    }

    #[test]
    fn strings_and_names_are_decoded() {
        let ops = operations(b"/A#20B <4142 4> (x\\101\\n\\\ny(z)) Tj").unwrap();
        assert_eq!(
            ops[0].operands,
            [
                Operand::Name(b"A B".to_vec()),
                Operand::String(b"AB@".to_vec()),
                Operand::String(b"xA\ny(z)".to_vec()),
            ]
        );
    }

    #[test]
    fn inline_images_are_one_operation_with_their_dictionary() {
        let ops = operations(b"q BI /W 1 /H 2 /CS /G /BPC 8 ID \xff\xfe\nEI\n Q").unwrap();
        let names: Vec<&[u8]> = ops.iter().map(|o| o.operator).collect();
        assert_eq!(names, [&b"q"[..], b"BI", b"Q"]);
        let dict = &ops[1].operands[0];
        assert_eq!(dict.get(b"H", b"Height"), Some(&Operand::Number(2.0)));
        assert_eq!(dict.get(b"CS", b"ColorSpace"), Some(&Operand::Name(b"G".to_vec())));
    }

    /// A stream using every construct, cut, doubled and spliced at random (a fixed
    /// xorshift sequence, so a failure repeats): the lexer and the interpreter return,
    /// whatever the file holds.
    #[test]
    fn no_content_makes_them_panic() {
        let seed: &[u8] =
            b"/Span<</MCID 0 /A [1 (x)]>>BDC q 1 0 0 1 5 5 cm 0 0 0 1 k BT /F1 12 Tf \
            [(a)-120(\\)b\\101)<4142 43>]TJ ET Q BI /W 1 /H 1 /CS /G /BPC 8 ID \xff\nEI \
            /A#20B sh 0 0 10 10 re f /P0 scn /Fm0 Do {1 2} % note\n true null EMC";
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move |below: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % below.max(1) as u64) as usize
        };
        let doc = lopdf::Document::new();
        for _ in 0..20_000 {
            let mut bytes = seed.to_vec();
            for _ in 0..1 + next(4) {
                let (from, to) = (next(bytes.len()), next(bytes.len()));
                let (from, to) = (from.min(to), from.max(to).min(from + 12));
                match next(4) {
                    0 => drop(bytes.drain(from..to)),
                    1 => bytes
                        .splice(
                            from..from,
                            seed[from.min(seed.len())..].iter().take(to - from).copied(),
                        )
                        .for_each(drop),
                    2 => bytes.truncate(to),
                    _ => bytes.insert(from, b"()<>[]/%\\"[next(9)]),
                }
            }
            let _ = operations(&bytes);
            let mut walk = crate::pdf::overprint::OverprintWalk::counting();
            let start = crate::pdf::content::GraphicsState::page_start();
            crate::pdf::content::interpret(&doc, &bytes, None, start, &mut walk);
        }
    }

    #[test]
    fn broken_streams_give_nothing() {
        assert!(operations(b"BT (unclosed Tj ET").is_none());
        assert!(operations(b"[1 2 TJ").is_none());
        assert!(operations(b"<< /A 1 BDC").is_none());
        assert!(operations(b"BI /W 1 ID \x00\x01").is_none());
        assert!(operations(b"1 2 ] re").is_none());
        let deep = [b"[".repeat(1000), b"]".repeat(1000), b" TJ".to_vec()].concat();
        assert!(operations(&deep).is_none());
    }
}
