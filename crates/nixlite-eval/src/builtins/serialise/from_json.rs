//! `fromJSON`: a JSON parser over bytes with CppNix's exact results.
//!
//! CppNix parses with nlohmann::json; this follows its grammar and number
//! rules as newest CppNix uses it: a leading UTF-8 byte-order mark is
//! skipped; whitespace is space, tab, LF and CR; `//` and `/* */` comments
//! count as whitespace (newest CppNix parses with `ignore_comments`);
//! numbers with a fraction or an exponent are floats (an infinite result
//! is an error), other numbers integers — a negative integer below the
//! 64-bit range and a positive one above 2^64-1 become floats, while one
//! between 2^63 and 2^64-1 is an error (newest; 2.8 wrapped it); strings
//! must be valid UTF-8 without raw control characters, `\u` escapes must
//! pair surrogates correctly, and a NUL character is an error (newest; 2.8
//! truncated the string). A repeated object key keeps its last value.
//!
//! The parser is iterative (an explicit stack of open lists and objects),
//! so arbitrarily deep nesting cannot overflow the native stack.

use super::{line_column, string_without_context};
use crate::error::{ErrorKind, EvalError, Result};
use crate::eval::Evaluator;
use crate::value::{Attrs, Value};
use nixlite_syntax::source::Span;
use nixlite_syntax::Symbol;

pub(super) fn from_json(ev: &mut Evaluator, a: &mut [Value], span: Span) -> Result<Value> {
    let s = string_without_context(ev, &a[0], span, "the argument of `fromJSON`")?;
    parse(s.as_bytes()).map_err(|e| e.into_eval_error(s.as_bytes(), span))
}

/// A syntax error: where and what.
#[derive(Debug)]
pub(crate) struct JsonError {
    offset: usize,
    message: String,
}

impl JsonError {
    fn into_eval_error(self, input: &[u8], span: Span) -> EvalError {
        let (line, column) = line_column(input, self.offset);
        EvalError::new(
            ErrorKind::Invalid,
            format!(
                "invalid JSON at line {line}, column {column} (byte {}): {}",
                self.offset, self.message
            ),
        )
        .at(Some(span))
        .with_label("while parsing the JSON text passed here")
    }
}

/// An open list or object, innermost last.
enum Frame {
    List(Vec<Value>),
    /// The members so far and the key whose value is being parsed.
    Object(Attrs, Symbol),
}

/// Parses one JSON document.
pub(crate) fn parse(input: &[u8]) -> Result<Value, JsonError> {
    let mut p = Parser { input, pos: 0 };
    if input.starts_with(b"\xEF\xBB\xBF") {
        p.pos = 3;
    }
    let mut stack: Vec<Frame> = Vec::new();
    'value: loop {
        p.skip_whitespace()?;
        let mut v = match p.peek() {
            Some(b'[') => {
                p.pos += 1;
                p.skip_whitespace()?;
                if p.peek() == Some(b']') {
                    p.pos += 1;
                    Value::list(Vec::new())
                } else {
                    stack.push(Frame::List(Vec::new()));
                    continue 'value;
                }
            }
            Some(b'{') => {
                p.pos += 1;
                p.skip_whitespace()?;
                if p.peek() == Some(b'}') {
                    p.pos += 1;
                    Value::attrs(Attrs::new())
                } else {
                    let key = p.key()?;
                    stack.push(Frame::Object(Attrs::new(), key));
                    continue 'value;
                }
            }
            Some(b'"') => Value::string(p.string()?),
            Some(b'-' | b'0'..=b'9') => p.number()?,
            _ => p.literal()?,
        };
        // Hand the finished value to the innermost open container, closing
        // containers as long as their closing bracket follows.
        loop {
            let Some(frame) = stack.pop() else {
                p.skip_whitespace()?;
                if p.pos < input.len() {
                    return Err(p.unexpected("the end of the input after the JSON value"));
                }
                return Ok(v);
            };
            match frame {
                Frame::List(mut items) => {
                    items.push(v);
                    p.skip_whitespace()?;
                    match p.peek() {
                        Some(b',') => {
                            p.pos += 1;
                            stack.push(Frame::List(items));
                            continue 'value;
                        }
                        Some(b']') => {
                            p.pos += 1;
                            v = Value::list(items);
                        }
                        _ => return Err(p.unexpected("`,` or `]` after a list element")),
                    }
                }
                Frame::Object(mut attrs, key) => {
                    attrs.insert(key, v);
                    p.skip_whitespace()?;
                    match p.peek() {
                        Some(b',') => {
                            p.pos += 1;
                            p.skip_whitespace()?;
                            let key = p.key()?;
                            stack.push(Frame::Object(attrs, key));
                            continue 'value;
                        }
                        Some(b'}') => {
                            p.pos += 1;
                            v = Value::attrs(attrs);
                        }
                        _ => return Err(p.unexpected("`,` or `}` after an object member")),
                    }
                }
            }
        }
    }
}

struct Parser<'a> {
    input: &'a [u8],
    pos: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.input.get(self.pos).copied()
    }

    fn error(&self, offset: usize, message: impl Into<String>) -> JsonError {
        JsonError {
            offset,
            message: message.into(),
        }
    }

    /// "expected X, but found Y" at the current position.
    fn unexpected(&self, expected: &str) -> JsonError {
        self.error(
            self.pos,
            format!("expected {expected}, but found {}", describe(self.input, self.pos)),
        )
    }

    /// Skips whitespace and comments.
    fn skip_whitespace(&mut self) -> Result<(), JsonError> {
        loop {
            while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
                self.pos += 1;
            }
            if self.peek() != Some(b'/') {
                return Ok(());
            }
            let start = self.pos;
            match self.input.get(start + 1) {
                Some(b'/') => {
                    self.pos = start + 2;
                    while !matches!(self.peek(), None | Some(b'\n' | b'\r')) {
                        self.pos += 1;
                    }
                }
                Some(b'*') => {
                    let body = self.input.get(start + 2..).unwrap_or_default();
                    match body.windows(2).position(|w| w == b"*/") {
                        Some(i) => self.pos = start + 2 + i + 2,
                        None => return Err(self.error(start, "unterminated comment: `/*` without a closing `*/`")),
                    }
                }
                _ => {
                    self.pos = start + 1;
                    return Err(self.unexpected("`/` or `*` after `/` to start a comment"));
                }
            }
        }
    }

    /// An object key and the `:` after it.
    fn key(&mut self) -> Result<Symbol, JsonError> {
        if self.peek() != Some(b'"') {
            return Err(self.unexpected("a string as object key"));
        }
        let key = self.string()?;
        self.skip_whitespace()?;
        if self.peek() != Some(b':') {
            return Err(self.unexpected("`:` after an object key"));
        }
        self.pos += 1;
        Ok(Symbol::intern(key))
    }

    /// `true`, `false` or `null`.
    fn literal(&mut self) -> Result<Value, JsonError> {
        let rest = self.input.get(self.pos..).unwrap_or_default();
        let (len, value) = if rest.starts_with(b"true") {
            (4, Value::Bool(true))
        } else if rest.starts_with(b"false") {
            (5, Value::Bool(false))
        } else if rest.starts_with(b"null") {
            (4, Value::Null)
        } else {
            return Err(self.unexpected("a JSON value"));
        };
        self.pos += len;
        Ok(value)
    }

    fn skip_digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
    }

    fn number(&mut self) -> Result<Value, JsonError> {
        let start = self.pos;
        let mut float = false;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.skip_digits(),
            _ => return Err(self.unexpected("a digit after `-`")),
        }
        if self.peek() == Some(b'.') {
            float = true;
            self.pos += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.unexpected("a digit after the decimal point"));
            }
            self.skip_digits();
        }
        if let Some(b'e' | b'E') = self.peek() {
            float = true;
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.unexpected("a digit in the exponent"));
            }
            self.skip_digits();
        }
        // The token is ASCII by construction.
        let text = String::from_utf8_lossy(&self.input[start..self.pos]);
        let as_float = || -> Result<Value, JsonError> {
            match text.parse::<f64>() {
                Ok(x) if x.is_finite() => Ok(Value::Float(x)),
                _ => Err(self.error(start, format!("the number `{text}` is too large for a float"))),
            }
        };
        if float {
            return as_float();
        }
        if text.starts_with('-') {
            // Below the 64-bit range nlohmann falls back to a float.
            return match text.parse::<i64>() {
                Ok(n) => Ok(Value::Int(n)),
                Err(_) => as_float(),
            };
        }
        match text.parse::<u64>() {
            Ok(n) => match i64::try_from(n) {
                Ok(n) => Ok(Value::Int(n)),
                Err(_) => Err(self.error(
                    start,
                    format!(
                        "the integer `{text}` is outside the range of Nix integers ({} to {})",
                        i64::MIN,
                        i64::MAX
                    ),
                )),
            },
            // Above 2^64-1 nlohmann falls back to a float.
            Err(_) => as_float(),
        }
    }

    /// Four hex digits of a `\u` escape.
    fn hex4(&mut self, escape_start: usize) -> Result<u32, JsonError> {
        let mut cp = 0;
        for _ in 0..4 {
            let digit = self.peek().and_then(|c| (c as char).to_digit(16));
            let Some(digit) = digit else {
                return Err(self.error(
                    escape_start,
                    format!(
                        "`\\u` must be followed by four hexadecimal digits, but found {}",
                        describe(self.input, self.pos)
                    ),
                ));
            };
            cp = cp * 16 + digit;
            self.pos += 1;
        }
        Ok(cp)
    }

    /// A string literal, the current byte being its opening quote.
    fn string(&mut self) -> Result<Vec<u8>, JsonError> {
        let quote = self.pos;
        self.pos += 1;
        let mut out = Vec::new();
        loop {
            let run_start = self.pos;
            while let Some(c) = self.peek() {
                if c == b'"' || c == b'\\' || c < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            let run = &self.input[run_start..self.pos];
            if let Err(e) = std::str::from_utf8(run) {
                return Err(self.error(run_start + e.valid_up_to(), "invalid UTF-8 in a string"));
            }
            out.extend_from_slice(run);
            match self.peek() {
                None => return Err(self.error(quote, "unterminated string: no closing `\"`")),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => self.escape(&mut out)?,
                Some(c) => {
                    return Err(self.error(
                        self.pos,
                        format!("the control character U+{c:04X} must be escaped in a string (as `\\u{c:04x}`)"),
                    ))
                }
            }
        }
    }

    /// An escape sequence, the current byte being its backslash.
    fn escape(&mut self, out: &mut Vec<u8>) -> Result<(), JsonError> {
        let start = self.pos;
        self.pos += 1;
        let simple = match self.peek() {
            Some(b'"') => b'"',
            Some(b'\\') => b'\\',
            Some(b'/') => b'/',
            Some(b'b') => 0x08,
            Some(b'f') => 0x0c,
            Some(b'n') => b'\n',
            Some(b'r') => b'\r',
            Some(b't') => b'\t',
            Some(b'u') => {
                self.pos += 1;
                let mut cp = self.hex4(start)?;
                if (0xD800..0xDC00).contains(&cp) {
                    let needs_low = "must be followed by a low surrogate `\\uDC00`…`\\uDFFF`";
                    let low_start = self.pos;
                    if !self.input[self.pos..].starts_with(b"\\u") {
                        return Err(self.error(start, format!("the high surrogate `\\u{cp:04X}` {needs_low}")));
                    }
                    self.pos += 2;
                    let low = self.hex4(low_start)?;
                    if !(0xDC00..0xE000).contains(&low) {
                        return Err(self.error(
                            low_start,
                            format!("the high surrogate `\\u{cp:04X}` {needs_low}, not `\\u{low:04X}`"),
                        ));
                    }
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                } else if (0xDC00..0xE000).contains(&cp) {
                    return Err(self.error(
                        start,
                        format!("the low surrogate `\\u{cp:04X}` must follow a high surrogate `\\uD800`…`\\uDBFF`"),
                    ));
                }
                if cp == 0 {
                    return Err(self.error(
                        start,
                        "a string contains a NUL character (`\\u0000`), which Nix strings cannot hold",
                    ));
                }
                let ch = char::from_u32(cp).unwrap_or(char::REPLACEMENT_CHARACTER);
                out.extend_from_slice(ch.encode_utf8(&mut [0; 4]).as_bytes());
                return Ok(());
            }
            None => return Err(self.error(start, "unterminated string: no closing `\"`")),
            Some(_) => {
                return Err(self.error(
                    start,
                    format!(
                        "invalid escape sequence: `\\` followed by {}; valid escapes are \
                         `\\\"`, `\\\\`, `\\/`, `\\b`, `\\f`, `\\n`, `\\r`, `\\t` and `\\uXXXX`",
                        describe_char(self.input, self.pos)
                    ),
                ))
            }
        };
        self.pos += 1;
        out.push(simple);
        Ok(())
    }
}

/// What the input holds at `pos`, for "but found …": a word, or one character.
fn describe(input: &[u8], pos: usize) -> String {
    let rest = input.get(pos..).unwrap_or_default();
    if rest.first().is_some_and(|c| c.is_ascii_alphanumeric()) {
        let word: Vec<u8> = rest
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
            .take(20)
            .copied()
            .collect();
        return format!("`{}`", String::from_utf8_lossy(&word));
    }
    describe_char(input, pos)
}

/// The character at `pos`, for "but found …".
fn describe_char(input: &[u8], pos: usize) -> String {
    let rest = input.get(pos..).unwrap_or_default();
    let Some(&c) = rest.first() else {
        return "the end of the input".into();
    };
    if c.is_ascii_graphic() {
        return format!("`{}`", c as char);
    }
    if c == b' ' {
        return "a space".into();
    }
    if c < 0x80 {
        return format!("the control character U+{c:04X}");
    }
    match rest.utf8_chunks().next() {
        Some(chunk) if !chunk.valid().is_empty() => match chunk.valid().chars().next() {
            Some(ch) => format!("`{ch}`"),
            None => format!("the byte 0x{c:02X}"),
        },
        _ => format!("the byte 0x{c:02X}, which is not valid UTF-8"),
    }
}
