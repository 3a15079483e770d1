//! A small PDF content-stream lexer: each operation's operator, its operands as far as
//! overprinting needs them, and where it starts, so text can be inserted before it
//! without decoding and re-encoding the stream.

/// An operand, reduced to what the overprint pass reads.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    /// A number.
    Number(f64),
    /// A name, without its slash.
    Name(Vec<u8>),
    /// A string, array, dictionary, boolean or null.
    Other,
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
}

/// One operation of a content stream.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The operator (`BT`, `Tj`, `k`, …); an inline image is one `BI` operation.
    pub operator: Vec<u8>,
    /// The operands, in order.
    pub operands: Vec<Operand>,
    /// Byte offset where the operation (its first operand) starts.
    pub start: usize,
}

fn is_white(b: u8) -> bool {
    matches!(b, 0 | 9 | 10 | 12 | 13 | 32)
}

fn is_delimiter(b: u8) -> bool {
    matches!(b, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

/// Splits `bytes` into operations; `None` when the stream is malformed (an unclosed
/// string or array), in which case nothing should be inserted.
pub fn operations(bytes: &[u8]) -> Option<Vec<Operation>> {
    let mut out = Vec::new();
    let mut operands: Vec<Operand> = Vec::new();
    let mut start: Option<usize> = None;
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if is_white(b) {
            i += 1;
            continue;
        }
        if b == b'%' {
            while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
                i += 1;
            }
            continue;
        }
        let token_start = i;
        if depth == 0 && start.is_none() {
            start = Some(token_start);
        }
        match b {
            b'(' => {
                i = skip_string(bytes, i)?;
                if depth == 0 {
                    operands.push(Operand::Other);
                }
            }
            b'<' if bytes.get(i + 1) == Some(&b'<') => {
                depth += 1;
                i += 2;
            }
            b'>' if bytes.get(i + 1) == Some(&b'>') => {
                depth = depth.checked_sub(1)?;
                i += 2;
                if depth == 0 {
                    operands.push(Operand::Other);
                }
            }
            b'<' => {
                i += bytes[i..].iter().position(|&c| c == b'>')? + 1;
                if depth == 0 {
                    operands.push(Operand::Other);
                }
            }
            b'[' | b'{' => {
                depth += 1;
                i += 1;
            }
            b']' | b'}' => {
                depth = depth.checked_sub(1)?;
                i += 1;
                if depth == 0 {
                    operands.push(Operand::Other);
                }
            }
            b'/' => {
                i += 1;
                let end = i + bytes[i..]
                    .iter()
                    .position(|&c| is_white(c) || is_delimiter(c))
                    .unwrap_or(bytes.len() - i);
                if depth == 0 {
                    operands.push(Operand::Name(bytes[i..end].to_vec()));
                }
                i = end;
            }
            _ => {
                let end = i + bytes[i..]
                    .iter()
                    .position(|&c| is_white(c) || is_delimiter(c))
                    .unwrap_or(bytes.len() - i);
                let end = end.max(i + 1);
                let word = &bytes[i..end];
                i = end;
                if depth > 0 {
                    continue;
                }
                let numeric =
                    word.iter().all(|c| c.is_ascii_digit() || matches!(c, b'+' | b'-' | b'.'));
                if numeric {
                    let value = std::str::from_utf8(word)
                        .ok()
                        .and_then(|w| w.parse::<f64>().ok())
                        .unwrap_or(0.0);
                    operands.push(Operand::Number(value));
                } else if matches!(word, b"true" | b"false" | b"null") {
                    operands.push(Operand::Other);
                } else {
                    if word == b"BI" {
                        i = skip_inline_image(bytes, i)?;
                    }
                    out.push(Operation {
                        operator: word.to_vec(),
                        operands: std::mem::take(&mut operands),
                        start: start.take().unwrap_or(token_start),
                    });
                }
            }
        }
    }
    (depth == 0).then_some(out)
}

/// The offset after the literal string opening at `i`.
fn skip_string(bytes: &[u8], mut i: usize) -> Option<usize> {
    let mut nesting = 0usize;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'(' => nesting += 1,
            b')' => {
                nesting -= 1;
                if nesting == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The offset after the `EI` that ends the inline image whose `BI` ends at `i`.
fn skip_inline_image(bytes: &[u8], i: usize) -> Option<usize> {
    // Past the image dictionary to `ID` and one white-space byte, then the data up to
    // `EI` standing alone.
    let id = i + bytes[i..].windows(2).position(|w| w == b"ID")?;
    let mut j = id + 3;
    while j + 1 < bytes.len() {
        if bytes[j] == b'E'
            && bytes[j + 1] == b'I'
            && is_white(bytes[j - 1])
            && bytes.get(j + 2).is_none_or(|&c| is_white(c) || is_delimiter(c))
        {
            return Some(j + 2);
        }
        j += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_carry_operands_and_offsets() {
        let content = b"/Span<</MCID 0>>BDC q 0 0 0 1 k BT [(a)-120(\\)b)]TJ ET Q /F1 12 Tf EMC";
        let ops = operations(content).unwrap();
        let names: Vec<&[u8]> = ops.iter().map(|o| o.operator.as_slice()).collect();
        assert_eq!(names, [&b"BDC"[..], b"q", b"k", b"BT", b"TJ", b"ET", b"Q", b"Tf", b"EMC"]);
        assert_eq!(ops[0].operands, [Operand::Name(b"Span".to_vec()), Operand::Other]);
        assert_eq!(
            ops[2].operands.iter().filter_map(Operand::number).collect::<Vec<_>>(),
            [0.0, 0.0, 0.0, 1.0]
        );
        assert_eq!(&content[ops[2].start..ops[2].start + 9], b"0 0 0 1 k");
        assert_eq!(&content[ops[4].start..ops[4].start + 2], b"[(");
    }

    #[test]
    fn inline_images_are_one_operation() {
        let ops = operations(b"q BI /W 1 /H 1 /CS /G /BPC 8 ID \xff\nEI\n Q").unwrap();
        let names: Vec<&[u8]> = ops.iter().map(|o| o.operator.as_slice()).collect();
        assert_eq!(names, [&b"q"[..], b"BI", b"Q"]);
    }

    #[test]
    fn broken_streams_give_nothing() {
        assert!(operations(b"BT (unclosed Tj ET").is_none());
        assert!(operations(b"[1 2 TJ").is_none());
    }
}
