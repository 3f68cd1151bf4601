//! `fromTOML`: a TOML document as a Nix set.
//!
//! Tables (standard, inline, and the elements of arrays of tables) become
//! sets, arrays lists, and strings, integers, floats (`inf` and `nan`
//! included) and Booleans the matching values. Dates and times are an
//! error, as in CppNix without the `parse-toml-timestamps` experimental
//! feature; a string with a NUL character is an error (newest CppNix).

use super::{line_column, string_without_context};
use crate::error::{ErrorKind, EvalError, Result};
use crate::eval::{Evaluator, RED_ZONE, STACK_STEP};
use crate::value::{Attrs, Value};
use nixlite_syntax::source::Span;
use nixlite_syntax::Symbol;

pub(super) fn from_toml(ev: &mut Evaluator, a: &mut [Value], span: Span) -> Result<Value> {
    let s = string_without_context(ev, &a[0], span, "the argument of `fromTOML`")?;
    let bytes = s.as_bytes();
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, column) = line_column(bytes, e.valid_up_to());
        invalid(
            span,
            format!("invalid TOML at line {line}, column {column}: the text is not valid UTF-8"),
        )
    })?;
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        let message = e.message().trim_end();
        let message = message.strip_suffix(", expected nothing").unwrap_or(message);
        // The toml crate's words for numbers out of range, from its serde layer.
        let message = if message.contains("u64")
            || message.contains("i128")
            || message.contains("u128")
            || message == "integer number overflowed"
        {
            "the integer is outside the range of Nix integers (-9223372036854775808 to 9223372036854775807)"
        } else if message == "floating-point number overflowed" {
            "the float is too large for a double"
        } else if message.contains("recursion") || message.contains("recurse") {
            "arrays, inline tables or dotted keys are nested too deeply (the limit is 80 levels)"
        } else {
            message
        };
        match e.span() {
            Some(range) => {
                let (line, column) = line_column(bytes, range.start);
                invalid(span, format!("invalid TOML at line {line}, column {column}: {message}"))
            }
            None => invalid(span, format!("invalid TOML: {message}")),
        }
    })?;
    if let Some((offset, what)) = toml_1_1_syntax(bytes) {
        let (line, column) = line_column(bytes, offset);
        return Err(invalid(
            span,
            format!("invalid TOML at line {line}, column {column}: {what} (new in TOML 1.1)"),
        )
        .with_help("`fromTOML` reads TOML 1.0, as CppNix does"));
    }
    let mut path = Vec::new();
    convert_table(table, &mut path, span)
}

/// The first use of TOML 1.1 syntax in a document that is valid TOML 1.1:
/// the toml crate parses TOML 1.1, CppNix TOML 1.0. (A time without
/// seconds, also new, is a date/time and so refused anyway.)
fn toml_1_1_syntax(b: &[u8]) -> Option<(usize, &'static str)> {
    #[derive(PartialEq)]
    enum Open {
        Array,
        InlineTable,
    }
    let mut open: Vec<Open> = Vec::new();
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        let in_inline_table = open.last() == Some(&Open::InlineTable);
        match c {
            b'#' if in_inline_table => return Some((i, "a comment inside an inline table")),
            b'#' => {
                while !matches!(b.get(i), None | Some(b'\n')) {
                    i += 1;
                }
                continue;
            }
            b'\n' if in_inline_table => return Some((i, "a line break inside an inline table")),
            b'[' => open.push(Open::Array),
            b'{' => open.push(Open::InlineTable),
            b']' | b'}' => {
                open.pop();
            }
            b',' if in_inline_table => {
                let next = b[i + 1..].iter().find(|&&c| c != b' ' && c != b'\t');
                if next == Some(&b'}') {
                    return Some((i, "a trailing comma in an inline table"));
                }
            }
            b'"' | b'\'' => {
                let multi_line = b[i..].starts_with(&[c, c, c]);
                i += if multi_line { 3 } else { 1 };
                loop {
                    match b.get(i) {
                        None => return None,
                        Some(b'\\') if c == b'"' => {
                            match b.get(i + 1) {
                                Some(b'e') => return Some((i, "the escape sequence `\\e`")),
                                Some(b'x') => return Some((i, "the escape sequence `\\xHH`")),
                                _ => {}
                            }
                            i += 2;
                        }
                        Some(&q) if q == c && (!multi_line || b[i..].starts_with(&[c, c, c])) => {
                            i += 1;
                            if multi_line {
                                // Up to two more quotes belong to the string.
                                i += 2;
                                let mut extra = 0;
                                while extra < 2 && b.get(i) == Some(&c) {
                                    i += 1;
                                    extra += 1;
                                }
                            }
                            break;
                        }
                        Some(_) => i += 1,
                    }
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

fn invalid(span: Span, message: String) -> EvalError {
    EvalError::new(ErrorKind::Invalid, message)
        .at(Some(span))
        .with_label("while parsing the TOML text passed here")
}

/// One step from the document to a value.
enum Step {
    Key(String),
    Index(usize),
}

fn convert_table(table: toml::Table, path: &mut Vec<Step>, span: Span) -> Result<Value> {
    let mut attrs = Attrs::new();
    for (key, value) in table {
        path.push(Step::Key(key));
        let v = convert(value, path, span)?;
        if let Some(Step::Key(key)) = path.pop() {
            attrs.insert(Symbol::intern(key), v);
        }
    }
    Ok(Value::attrs(attrs))
}

/// A TOML value as a Nix value; `path` is where it is in the document.
fn convert(value: toml::Value, path: &mut Vec<Step>, span: Span) -> Result<Value> {
    Ok(match value {
        toml::Value::String(s) => {
            if s.contains('\0') {
                return Err(invalid(
                    span,
                    format!(
                        "the TOML string at {} contains a NUL character, which Nix strings cannot hold",
                        describe_path(path)
                    ),
                ));
            }
            Value::string(s.into_bytes())
        }
        toml::Value::Integer(n) => Value::Int(n),
        toml::Value::Float(x) => Value::Float(x),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => {
            return Err(invalid(
                span,
                format!(
                    "Dates and times are not supported: {} is the TOML date/time `{d}`",
                    describe_path(path)
                ),
            )
            .with_help("Nix has no date or time values; quote it in the TOML text to read it as a string"))
        }
        toml::Value::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.into_iter().enumerate() {
                path.push(Step::Index(i));
                out.push(stacker::maybe_grow(RED_ZONE, STACK_STEP, || convert(item, path, span))?);
                path.pop();
            }
            Value::list(out)
        }
        toml::Value::Table(table) => stacker::maybe_grow(RED_ZONE, STACK_STEP, || convert_table(table, path, span))?,
    })
}

/// `a.b[0].c` for messages.
fn describe_path(path: &[Step]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                let bare = !key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
                if bare {
                    out.push_str(key);
                } else {
                    out.push_str(&format!("{key:?}"));
                }
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    format!("`{out}`")
}
