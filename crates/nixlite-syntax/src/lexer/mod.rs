//! The modal lexer: a mode stack around the logos enums of [`crate::token`].
//!
//! Nix's lexical grammar depends on where we are: ordinary code, inside
//! `"…"`, inside `''…''`, or in the middle of a path with interpolation
//! (`./a/${b}/c`). `${` and `{` push a code mode; `}` pops one, returning to
//! whatever string or path the interpolation was in. Each step starts a
//! fresh logos lexer of the current mode at the current offset, so switching
//! modes costs nothing and the offset stays ours.

use crate::error::{SyntaxError, SyntaxErrorKind};
use crate::source::{FileId, Span};
use crate::token::{IndPiece, Raw, StrPiece, Token};
use logos::Logos;
use std::borrow::Cow;

/// One entry of the mode stack.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// Code inside `{ … }` or `${ … }`.
    Braces,
    /// Inside `"…"`, opened at the given offset.
    Str(usize),
    /// Inside `''…''`, opened at the given offset.
    Ind(usize),
    /// Between the pieces of a path with interpolation. `after_slash`: the
    /// last piece ended in `/`, so only `${` may follow.
    Path { after_slash: bool, start: usize },
}

/// A token with its byte offsets, as LALRPOP's external lexer interface wants it.
pub type Spanned<'a> = (usize, Token<'a>, usize);

/// Turns Nix source bytes into [`Token`]s.
pub struct Lexer<'a> {
    src: &'a [u8],
    pos: usize,
    file: FileId,
    modes: Vec<Mode>,
    done: bool,
    /// No path starts before this offset (the end of the last run of path
    /// characters that turned out not to be a path): keeps lexing linear.
    no_path_before: usize,
    /// Likewise for URIs.
    no_uri_before: usize,
}

/// A path or URI recognised by hand at the current offset.
enum Literal {
    /// A path of this length; `interp`: it continues with `${`.
    Path { len: usize, interp: bool },
    /// A URI of this length.
    Uri(usize),
}

impl<'a> Lexer<'a> {
    /// A lexer over `src`, which belongs to `file` (for error spans).
    pub fn new(src: &'a [u8], file: FileId) -> Self {
        Lexer {
            src,
            pos: 0,
            file,
            modes: Vec::new(),
            done: false,
            no_path_before: 0,
            no_uri_before: 0,
        }
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, start, end)
    }

    fn error(&self, kind: SyntaxErrorKind, start: usize, end: usize, message: String, label: &str) -> SyntaxError {
        SyntaxError::new(kind, self.span(start, end), message, label)
    }

    fn next_token(&mut self) -> Option<Result<Spanned<'a>, SyntaxError>> {
        match self.modes.last().copied() {
            Some(Mode::Str(open)) => self.string_piece(open),
            Some(Mode::Ind(open)) => self.ind_piece(open),
            Some(Mode::Path { after_slash, start }) => Some(self.path_piece(after_slash, start)),
            Some(Mode::Braces) | None => self.code_token(),
        }
    }

    /// A path (`PATH_CHAR* (/ PATH_CHAR+)+ /?`, or `PATH_CHAR* /` before
    /// `${`) or a URI starting exactly at `at`.
    fn path_or_uri(&mut self, at: usize) -> Option<Literal> {
        let src = self.src;
        let first = *src.get(at)?;
        if at >= self.no_path_before && (is_path_char(first) || first == b'/') {
            let run_end = at + src[at..].iter().take_while(|&&b| is_path_char(b)).count();
            if src.get(run_end) == Some(&b'/') {
                if src.get(run_end + 1).copied().is_some_and(is_path_char) {
                    let len = run_end - at + path_text_len(&src[run_end..]);
                    let interp = src[at + len - 1] == b'/' && src[at + len..].starts_with(b"${");
                    return Some(Literal::Path { len, interp });
                }
                if src[run_end + 1..].starts_with(b"${") {
                    return Some(Literal::Path {
                        len: run_end + 1 - at,
                        interp: true,
                    });
                }
            }
            // Every start inside this run reaches the same end: no path there.
            self.no_path_before = run_end.max(at + 1);
        }
        if at >= self.no_uri_before && first.is_ascii_alphabetic() {
            let is_scheme = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.');
            let scheme_end = at + 1 + src[at + 1..].iter().take_while(|b| is_scheme(b)).count();
            if src.get(scheme_end) == Some(&b':') {
                let rest = src[scheme_end + 1..].iter().take_while(|&&b| is_uri_char(b)).count();
                if rest > 0 {
                    return Some(Literal::Uri(scheme_end + 1 + rest - at));
                }
            }
            self.no_uri_before = scheme_end;
        }
        None
    }

    fn code_token(&mut self) -> Option<Result<Spanned<'a>, SyntaxError>> {
        self.pos += skip_trivia(&self.src[self.pos..]);
        let start = self.pos;
        match self.path_or_uri(start) {
            Some(Literal::Uri(len)) => {
                self.pos += len;
                return Some(Ok((start, Token::Uri(&self.src[start..start + len]), start + len)));
            }
            Some(Literal::Path { len, interp: true }) if self.src[start + len - 1] == b'/' => {
                self.pos += len;
                self.modes.push(Mode::Path {
                    after_slash: true,
                    start,
                });
                return Some(Ok((
                    start,
                    Token::PathStart(&self.src[start..start + len]),
                    start + len,
                )));
            }
            Some(Literal::Path { len, .. }) => {
                let text = &self.src[start..start + len];
                self.pos += len;
                return Some(self.path_literal(false, start, start + len, text));
            }
            None => {}
        }
        let rest = &self.src[self.pos..];
        let mut lex = Raw::lexer(rest);
        let raw = lex.next()?;
        let range = lex.span();
        let (start, end) = (self.pos + range.start, self.pos + range.end);
        let text = &rest[range];
        self.pos = end;
        let raw = match raw {
            Ok(raw) => raw,
            Err(()) => return Some(Err(self.invalid_char(start))),
        };
        let token = match raw {
            Raw::UnterminatedComment => {
                return Some(Err(self
                    .error(
                        SyntaxErrorKind::UnterminatedComment,
                        start,
                        start + 2,
                        "unterminated comment".into(),
                        "this `/*` is never closed",
                    )
                    .with_help("close the comment with `*/`; comments do not nest")))
            }
            // The regex admits only ASCII, so this conversion cannot fail.
            Raw::Ident => Token::Ident(std::str::from_utf8(text).unwrap_or_default()),
            Raw::Int => match ascii(text).parse::<i64>() {
                Ok(n) => Token::Int(n),
                Err(_) => {
                    return Some(Err(self
                        .error(
                            SyntaxErrorKind::InvalidNumber,
                            start,
                            end,
                            format!("invalid integer `{}`", ascii(text)),
                            "does not fit in 64 bits",
                        )
                        .with_help(
                            "Nix integers are signed 64-bit: the largest is 9223372036854775807",
                        )))
                }
            },
            Raw::Float => match parse_float(ascii(text)) {
                Some(f) => Token::Float(f),
                None => {
                    return Some(Err(self
                        .error(
                            SyntaxErrorKind::InvalidNumber,
                            start,
                            end,
                            format!("invalid float `{}`", ascii(text)),
                            "out of the range of a double",
                        )
                        .with_help(
                            "a float literal must be a normal IEEE double (no overflow to infinity, no underflow)",
                        )))
                }
            },
            Raw::HPath => return Some(self.path_literal(true, start, end, text)),
            Raw::HPathInterp => {
                // Give back the `${`: path mode will read it.
                let lit_end = end - 2;
                self.pos = lit_end;
                self.modes.push(Mode::Path {
                    after_slash: true,
                    start,
                });
                return Some(Ok((start, Token::HPathStart(&text[..text.len() - 2]), lit_end)));
            }
            Raw::SPath => Token::SPath(&text[1..text.len() - 1]),
            Raw::If => Token::If,
            Raw::Then => Token::Then,
            Raw::Else => Token::Else,
            Raw::Assert => Token::Assert,
            Raw::With => Token::With,
            Raw::Let => Token::Let,
            Raw::In => Token::In,
            Raw::Rec => Token::Rec,
            Raw::Inherit => Token::Inherit,
            Raw::OrKw => Token::OrKw,
            Raw::Ellipsis => Token::Ellipsis,
            Raw::Eq => Token::Eq,
            Raw::NotEq => Token::NotEq,
            Raw::Le => Token::Le,
            Raw::Ge => Token::Ge,
            Raw::And => Token::And,
            Raw::Or => Token::Or,
            Raw::Impl => Token::Impl,
            Raw::Update => Token::Update,
            Raw::Concat => Token::Concat,
            Raw::Plus => Token::Plus,
            Raw::Minus => Token::Minus,
            Raw::Star => Token::Star,
            Raw::Slash => Token::Slash,
            Raw::Lt => Token::Lt,
            Raw::Gt => Token::Gt,
            Raw::Not => Token::Not,
            Raw::Question => Token::Question,
            Raw::Dot => Token::Dot,
            Raw::Comma => Token::Comma,
            Raw::Semi => Token::Semi,
            Raw::Colon => Token::Colon,
            Raw::Assign => Token::Assign,
            Raw::At => Token::At,
            Raw::LParen => Token::LParen,
            Raw::RParen => Token::RParen,
            Raw::LBracket => Token::LBracket,
            Raw::RBracket => Token::RBracket,
            Raw::LBrace => {
                self.modes.push(Mode::Braces);
                Token::LBrace
            }
            Raw::DollarBrace => {
                self.modes.push(Mode::Braces);
                Token::DollarBrace
            }
            Raw::RBrace => {
                // A `}` with nothing open is left for the parser to reject.
                if self.modes.last() == Some(&Mode::Braces) {
                    self.modes.pop();
                }
                Token::RBrace
            }
            Raw::Quote => {
                self.modes.push(Mode::Str(start));
                Token::StrOpen
            }
            Raw::IndOpen => {
                self.modes.push(Mode::Ind(start));
                Token::IndOpen
            }
        };
        Some(Ok((start, token, end)))
    }

    fn invalid_char(&mut self, start: usize) -> SyntaxError {
        let rest = &self.src[start..];
        let (shown, len) = match std::str::from_utf8(&rest[..rest.len().min(4)]) {
            _ if rest[0] == 0 => ("NUL byte".to_owned(), 1),
            _ if rest[0] >= 0x80 => match utf8_char(rest) {
                Some(c) => (format!("character `{c}`"), c.len_utf8()),
                None => ("invalid UTF-8 byte".to_owned(), 1),
            },
            _ => (format!("character `{}`", rest[0] as char), 1),
        };
        let help = match rest[0] {
            b'$' => Some("`$` only starts an interpolation `${…}` inside strings, paths and attribute names"),
            b'&' => Some("logical and is written `&&`"),
            b'|' => Some("logical or is written `||`"),
            b'~' => Some("a home path needs a segment: `~/file`"),
            b'\'' => Some("indented strings open with two quotes: `''…''`"),
            _ => None,
        };
        let err = self.error(
            SyntaxErrorKind::InvalidCharacter,
            start,
            start + len,
            format!("unexpected {shown}"),
            "no Nix token starts here",
        );
        self.done = true;
        match help {
            Some(h) => err.with_help(h),
            None => err,
        }
    }

    fn path_literal(
        &mut self,
        home: bool,
        start: usize,
        end: usize,
        text: &'a [u8],
    ) -> Result<Spanned<'a>, SyntaxError> {
        let interpolated = self.src[end..].starts_with(b"${");
        if text.ends_with(b"/") && !interpolated {
            return Err(self.trailing_slash(start, end));
        }
        if interpolated {
            self.modes.push(Mode::Path {
                after_slash: text.ends_with(b"/"),
                start,
            });
            let token = if home {
                Token::HPathStart(text)
            } else {
                Token::PathStart(text)
            };
            return Ok((start, token, end));
        }
        let token = if home { Token::HPath(text) } else { Token::Path(text) };
        Ok((start, token, end))
    }

    fn trailing_slash(&mut self, start: usize, end: usize) -> SyntaxError {
        self.done = true;
        self.error(
            SyntaxErrorKind::TrailingSlash,
            start,
            end,
            "path has a trailing slash".into(),
            "remove the final `/`",
        )
        .with_help("a path literal cannot end in `/`; write `./dir` for a directory")
    }

    /// Path mode: after a path's start or an interpolation inside a path.
    fn path_piece(&mut self, after_slash: bool, path_start: usize) -> Result<Spanned<'a>, SyntaxError> {
        let start = self.pos;
        let rest = &self.src[start..];
        if rest.starts_with(b"${") {
            self.set_top(Mode::Path {
                after_slash: false,
                start: path_start,
            });
            self.modes.push(Mode::Braces);
            self.pos += 2;
            return Ok((start, Token::DollarBrace, start + 2));
        }
        let len = path_text_len(rest);
        if len > 0 {
            self.pos += len;
            self.set_top(Mode::Path {
                after_slash: rest[len - 1] == b'/',
                start: path_start,
            });
            return Ok((start, Token::PathText(&rest[..len]), start + len));
        }
        if after_slash {
            return Err(self.trailing_slash(path_start, start));
        }
        self.modes.pop();
        Ok((start, Token::PathEnd, start))
    }

    fn set_top(&mut self, mode: Mode) {
        if let Some(top) = self.modes.last_mut() {
            *top = mode;
        }
    }

    fn unterminated(&mut self, open: usize, what: &str, close: &str) -> SyntaxError {
        self.done = true;
        let (start, len) = (open, close.len());
        self.error(
            SyntaxErrorKind::UnterminatedString,
            start,
            start + len,
            format!("unterminated {what}"),
            &format!("this {what} is never closed"),
        )
        .with_help(format!("close it with `{close}`"))
    }

    fn string_piece(&mut self, open: usize) -> Option<Result<Spanned<'a>, SyntaxError>> {
        let start = self.pos;
        let rest = &self.src[start..];
        let mut lex = StrPiece::lexer(rest);
        let mut text: Option<Cow<'a, [u8]>> = None;
        let mut end = start;
        loop {
            let piece = lex.next();
            let range = lex.span();
            let bytes = &rest[range.clone()];
            match piece {
                Some(Ok(StrPiece::Text)) => push_text(&mut text, bytes, true),
                Some(Ok(StrPiece::Dollars | StrPiece::Dollar)) => push_text(&mut text, bytes, false),
                Some(Ok(StrPiece::Escape)) => push_owned(&mut text, &[unescape(bytes[1])]),
                Some(Ok(StrPiece::Interp | StrPiece::Close)) | None => {
                    if let Some(text) = text {
                        self.pos = end;
                        return Some(Ok((start, Token::StrText(text), end)));
                    }
                    let (a, b) = (start + range.start, start + range.end);
                    return match piece {
                        None => Some(Err(self.unterminated(open, "string", "\""))),
                        Some(Ok(StrPiece::Interp)) => {
                            self.pos = b;
                            self.modes.push(Mode::Braces);
                            Some(Ok((a, Token::DollarBrace, b)))
                        }
                        _ => {
                            self.pos = b;
                            self.modes.pop();
                            Some(Ok((a, Token::StrClose, b)))
                        }
                    };
                }
                // Every byte is covered by the patterns above.
                Some(Err(())) => push_text(&mut text, bytes, false),
            }
            end = start + range.end;
        }
    }

    fn ind_piece(&mut self, open: usize) -> Option<Result<Spanned<'a>, SyntaxError>> {
        let start = self.pos;
        let rest = &self.src[start..];
        let mut lex = IndPiece::lexer(rest);
        let piece = lex.next();
        let range = lex.span();
        let (a, b) = (start + range.start, start + range.end);
        let bytes = &rest[range];
        self.pos = b;
        let token = match piece {
            None => return Some(Err(self.unterminated(open, "indented string", "''"))),
            Some(Ok(IndPiece::Close)) => {
                self.modes.pop();
                Token::IndClose
            }
            Some(Ok(IndPiece::EscQuotes)) => Token::IndEscape(Cow::Borrowed(b"''")),
            Some(Ok(IndPiece::EscDollar)) => Token::IndEscape(Cow::Borrowed(b"$")),
            Some(Ok(IndPiece::Escape)) => Token::IndEscape(Cow::Owned(vec![unescape(bytes[3])])),
            Some(Ok(IndPiece::Interp)) => {
                self.modes.push(Mode::Braces);
                Token::DollarBrace
            }
            Some(Ok(IndPiece::Dollars | IndPiece::Dollar | IndPiece::Quote | IndPiece::Text)) | Some(Err(())) => {
                Token::IndText(bytes)
            }
        };
        Some(Ok((a, token, b)))
    }
}

impl<'a> Iterator for Lexer<'a> {
    type Item = Result<Spanned<'a>, SyntaxError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let item = self.next_token();
        match &item {
            None => self.done = true,
            Some(Err(_)) => self.done = true,
            Some(Ok(_)) => {}
        }
        item
    }
}

fn ascii(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap_or_default()
}

/// Parses a float literal as C's `strtod` would, rejecting what it reports
/// as out of range: overflow to infinity and underflow below the normal range.
fn parse_float(text: &str) -> Option<f64> {
    let value: f64 = text.parse().ok()?;
    let mantissa = text.split(['e', 'E']).next().unwrap_or("");
    let nonzero = mantissa.bytes().any(|b| (b'1'..=b'9').contains(&b));
    if value.is_infinite() || (nonzero && value.abs() < f64::MIN_POSITIVE) {
        return None;
    }
    Some(value)
}

/// The byte an escape `\c` stands for.
fn unescape(c: u8) -> u8 {
    match c {
        b'n' => b'\n',
        b'r' => b'\r',
        b't' => b'\t',
        other => other,
    }
}

/// Appends literal string text; in `"…"` a raw CR or CRLF reads as LF.
fn push_text<'a>(text: &mut Option<Cow<'a, [u8]>>, bytes: &'a [u8], normalise_cr: bool) {
    if normalise_cr && bytes.contains(&b'\r') {
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'\r' {
                out.push(b'\n');
                if bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
            } else {
                out.push(bytes[i]);
            }
            i += 1;
        }
        return push_owned(text, &out);
    }
    match text {
        None => *text = Some(Cow::Borrowed(bytes)),
        Some(t) => t.to_mut().extend_from_slice(bytes),
    }
}

fn push_owned(text: &mut Option<Cow<'_, [u8]>>, bytes: &[u8]) {
    match text {
        None => *text = Some(Cow::Owned(bytes.to_vec())),
        Some(t) => t.to_mut().extend_from_slice(bytes),
    }
}

fn is_uri_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"%/?:@&=+$,-_.!~*'".contains(&b)
}

/// Length of the whitespace and comments at the start of `rest` (an
/// unterminated `/*` is left for the token lexer to report).
fn skip_trivia(rest: &[u8]) -> usize {
    let mut i = 0;
    loop {
        match rest.get(i) {
            Some(b' ' | b'\t' | b'\r' | b'\n') => i += 1,
            Some(b'#') => i += rest[i..].iter().take_while(|&&b| b != b'\n' && b != b'\r').count(),
            Some(b'/') if rest.get(i + 1) == Some(&b'*') => match find_comment_end(&rest[i + 2..]) {
                Some(len) => i += 2 + len,
                None => return i,
            },
            _ => return i,
        }
    }
}

/// Length up to and including the `*/` that closes a block comment.
fn find_comment_end(body: &[u8]) -> Option<usize> {
    body.windows(2).position(|w| w == b"*/").map(|p| p + 2)
}

fn is_path_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b'+')
}

/// Length of the longest path piece at the start of `rest`: path characters
/// and single slashes, where a slash may end the piece only if no path
/// character follows it.
fn path_text_len(rest: &[u8]) -> usize {
    let mut i = 0;
    while i < rest.len() {
        if is_path_char(rest[i]) {
            i += 1;
        } else if rest[i] == b'/' {
            i += 1;
            if !rest.get(i).copied().is_some_and(is_path_char) {
                break;
            }
        } else {
            break;
        }
    }
    i
}

/// The UTF-8 character at the start of `bytes`, if one is there.
fn utf8_char(bytes: &[u8]) -> Option<char> {
    let len = match bytes[0] {
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf7 => 4,
        _ => return None,
    };
    std::str::from_utf8(bytes.get(..len)?).ok()?.chars().next()
}

#[cfg(test)]
mod tests;
