//! `:doc`: a builtin's doc string, or the `/** … */` doc comment written
//! before a function's definition (RFC 145): directly before the function,
//! or before the binding whose value it is (`/** … */ inc = x: x + 1;`).

use nixlite::{Evaluator, Value};
use nixlite_eval::builtins::Builtin;

/// Width builtin doc strings are wrapped to.
const WIDTH: usize = 80;

/// The documentation of `v`, if it is a function that has some to show.
pub fn documentation(nix: &mut Evaluator, v: &Value) -> Option<String> {
    match v {
        Value::PrimOp(op) => Some(builtin_doc(op, 0)),
        Value::PrimOpApp(app) => Some(builtin_doc(app.op, app.args.len())),
        Value::Lambda(closure) => {
            let span = closure.lambda.span;
            let position = nix.position(span).unwrap_or_else(|| "an unknown place".into());
            let comment = nix
                .inner()
                .sources
                .try_get(span.file)
                .and_then(|file| doc_comment_before(&file.text, span.start as usize));
            let mut out = match closure.lambda.name {
                Some(name) => format!("Function `{name}`\n"),
                None => "Function\n".to_owned(),
            };
            out.push_str(&format!("  … defined at {position}\n\n"));
            out.push_str(comment.as_deref().unwrap_or("No documentation found."));
            Some(out)
        }
        _ => None,
    }
}

/// A builtin's documentation: its name, arity and doc string.
pub fn builtin_doc(op: &Builtin, given: usize) -> String {
    let args = match op.arity {
        0 => "a constant".to_owned(),
        1 => "a built-in function of 1 argument".to_owned(),
        n => format!("a built-in function of {n} arguments"),
    };
    let mut out = format!("builtins.{} — {args}", op.name);
    if given > 0 {
        out.push_str(&format!(" ({given} given)"));
    }
    out.push_str("\n\n");
    if op.doc.trim().is_empty() {
        out.push_str("No documentation found.");
    } else {
        out.push_str(&wrap(op.doc.trim(), WIDTH));
    }
    out
}

/// Wraps each paragraph of `text` at `width` columns (words never split).
pub fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    for (i, paragraph) in text.split("\n\n").enumerate() {
        if i > 0 {
            out.push_str("\n\n");
        }
        let mut column = 0;
        for word in paragraph.split_whitespace() {
            let len = word.chars().count();
            if column > 0 && column + 1 + len > width {
                out.push('\n');
                column = 0;
            } else if column > 0 {
                out.push(' ');
                column += 1;
            }
            out.push_str(word);
            column += len;
        }
    }
    out
}

fn skip_space_back(text: &[u8], mut i: usize) -> usize {
    while i > 0 && text[i - 1].is_ascii_whitespace() {
        i -= 1;
    }
    i
}

/// The `/** … */` doc comment before the definition starting at `offset`.
pub fn doc_comment_before(text: &[u8], offset: usize) -> Option<String> {
    let i = skip_space_back(text, offset.min(text.len()));
    if let Some(doc) = comment_ending_at(text, i) {
        return doc;
    }
    // `path = ` before the function: the comment is before the path.
    if i == 0 || text[i - 1] != b'=' || matches!(text.get(i.wrapping_sub(2)), Some(b'=' | b'!' | b'<' | b'>')) {
        return None;
    }
    let mut j = skip_space_back(text, i - 1);
    let path_end = j;
    while j > 0 && (text[j - 1].is_ascii_alphanumeric() || matches!(text[j - 1], b'_' | b'\'' | b'-' | b'.' | b'"')) {
        j -= 1;
    }
    if j == path_end {
        return None;
    }
    comment_ending_at(text, skip_space_back(text, j)).flatten()
}

/// `Some(doc)` if a comment ends at `end` (`Some(None)` when it is not a
/// doc comment), `None` if no comment ends there.
fn comment_ending_at(text: &[u8], end: usize) -> Option<Option<String>> {
    let before = text.get(..end)?;
    if !before.ends_with(b"*/") {
        return None;
    }
    let body_end = end - 2;
    let start = before[..body_end].windows(2).rposition(|w| w == b"/*")?;
    let is_doc = before[start..].starts_with(b"/**") && !before[start..].starts_with(b"/**/") && start + 3 <= body_end;
    if !is_doc {
        return Some(None);
    }
    let inner = String::from_utf8_lossy(&before[start + 3..body_end]).into_owned();
    Some(Some(dedent(&inner)))
}

/// Removes the indentation common to the lines after the first, and blank
/// lines around the text.
fn dedent(s: &str) -> String {
    let lines: Vec<&str> = s.lines().collect();
    let indent = lines
        .iter()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut out: Vec<String> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let line = if i == 0 {
            line.trim()
        } else {
            line.get(indent..).unwrap_or(line.trim_start()).trim_end()
        };
        out.push(line.to_owned());
    }
    while out.first().is_some_and(|l| l.is_empty()) {
        out.remove(0);
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str, marker: &str) -> Option<String> {
        let offset = text.find(marker).unwrap_or(0);
        doc_comment_before(text.as_bytes(), offset)
    }

    #[test]
    fn finds_doc_comments() {
        assert_eq!(doc("/** Adds one. */ x: x + 1", "x:").as_deref(), Some("Adds one."));
        assert_eq!(
            doc(
                "{\n  /**\n    Adds one.\n\n    Example: inc 1\n  */\n  inc = x: x + 1;\n}",
                "x:"
            )
            .as_deref(),
            Some("Adds one.\n\nExample: inc 1")
        );
        assert_eq!(doc("{ /** d */ a.b = { x }: x; }", "{ x }").as_deref(), Some("d"));
        assert_eq!(doc("/* not doc */ x: x", "x:"), None);
        assert_eq!(doc("{ /** d */ a = 1; b = x: x; }", "x:"), None);
        assert_eq!(doc("x: x", "x:"), None);
        assert_eq!(doc("/**/ x: x", "x:"), None);
    }

    #[test]
    fn wraps_words() {
        assert_eq!(wrap("aaa bbb ccc", 7), "aaa bbb\nccc");
        assert_eq!(wrap("a\n\nb", 10), "a\n\nb");
    }
}
