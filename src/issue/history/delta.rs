//! Line deltas: a version kept as what changed since the one before it, line by line
//! (an issue file writes each paragraph on a line of its own, so a save that changes a
//! paragraph costs about that paragraph).

use serde::{Deserialize, Serialize};

/// One step from the old text to the new, over the old text's lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Op {
    /// The next `n` lines stay.
    Keep(usize),
    /// The next `n` lines go.
    Drop(usize),
    /// This text (whole lines, with their line ends) comes in.
    Add(String),
}

/// The steps that turn `old` into `new`.
pub(crate) fn between(old: &str, new: &str) -> Vec<Op> {
    let diff = similar::TextDiff::configure()
        .algorithm(similar::Algorithm::Myers)
        .timeout(std::time::Duration::from_millis(200))
        .diff_lines(old, new);
    let mut ops: Vec<Op> = Vec::new();
    for change in diff.iter_all_changes() {
        match change.tag() {
            similar::ChangeTag::Equal => match ops.last_mut() {
                Some(Op::Keep(n)) => *n += 1,
                _ => ops.push(Op::Keep(1)),
            },
            similar::ChangeTag::Delete => match ops.last_mut() {
                Some(Op::Drop(n)) => *n += 1,
                _ => ops.push(Op::Drop(1)),
            },
            similar::ChangeTag::Insert => match ops.last_mut() {
                Some(Op::Add(text)) => text.push_str(change.value()),
                _ => ops.push(Op::Add(change.value().to_owned())),
            },
        }
    }
    // Trailing kept lines are implied.
    if matches!(ops.last(), Some(Op::Keep(_))) {
        ops.pop();
    }
    ops
}

/// `old` with `ops` applied; `None` when they do not fit it (a damaged record).
pub(crate) fn apply(old: &str, ops: &[Op]) -> Option<String> {
    let mut lines = old.split_inclusive('\n');
    let mut new = String::with_capacity(old.len());
    for op in ops {
        match op {
            Op::Keep(n) => {
                for _ in 0..*n {
                    new.push_str(lines.next()?);
                }
            }
            Op::Drop(n) => {
                for _ in 0..*n {
                    lines.next()?;
                }
            }
            Op::Add(text) => new.push_str(text),
        }
    }
    lines.for_each(|line| new.push_str(line));
    Some(new)
}

/// About how many bytes `ops` take when written.
pub(crate) fn weight(ops: &[Op]) -> usize {
    ops.iter().map(|op| if let Op::Add(text) = op { text.len() + 12 } else { 12 }).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applying_the_steps_gives_the_new_text_back() {
        let cases = [
            ("", ""),
            ("", "a\nb\n"),
            ("a\nb\n", ""),
            ("a\nb\nc\n", "a\nB\nc\n"),
            ("a\nb\nc", "a\nb\nc\nd"),
            ("标题\n正文一\n正文二\n", "标题\n正文二\n正文一\n"),
            ("no newline", "no newline at all"),
            ("x\r\ny\r\n", "x\r\nz\r\n"),
        ];
        for (old, new) in cases {
            let ops = between(old, new);
            assert_eq!(apply(old, &ops).as_deref(), Some(new), "{old:?} → {new:?}: {ops:?}");
        }
    }

    #[test]
    fn a_changed_line_costs_that_line() {
        let old: String = (0..200).map(|i| format!("paragraph {i}\n")).collect();
        let new = old.replace("paragraph 120\n", "paragraph 120, edited\n");
        let ops = between(&old, &new);
        assert_eq!(
            ops,
            vec![Op::Keep(120), Op::Drop(1), Op::Add("paragraph 120, edited\n".into())]
        );
        assert!(weight(&ops) < 100);
    }

    #[test]
    fn steps_that_do_not_fit_are_refused() {
        assert_eq!(apply("a\n", &[Op::Keep(2)]), None);
        assert_eq!(apply("a\n", &[Op::Drop(2)]), None);
    }
}
