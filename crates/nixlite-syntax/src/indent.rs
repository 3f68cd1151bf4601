//! Indented strings (`''…''`): stripping the common indentation exactly as
//! CppNix does it.
//!
//! Two passes over the pieces of the string. The first finds the smallest
//! indentation of any line with content; interpolations and escapes count as
//! content where they stand. The second drops that many leading spaces from
//! every line of the literal pieces (an escaped newline also starts a line
//! here, a CppNix quirk we keep) and removes a last line made only of spaces.

use crate::ast::Expr;
use crate::ast::{ExprKind, StrPart};
use std::rc::Rc;

/// A piece of an indented string as lexed.
#[derive(Debug)]
pub enum IndPart<'a> {
    /// Literal text whose leading spaces are indentation.
    Text(&'a [u8]),
    /// The same, joined from several pieces.
    Owned(Vec<u8>),
    /// An escape (`'''`, `''$`, `''\n`): content, never indentation.
    Escape(Vec<u8>),
    /// `${ e }`
    Interp(Expr),
}

/// Strips the indentation and builds the string expression: a plain
/// [`ExprKind::Str`] when one literal piece remains, else [`ExprKind::Interpolated`].
pub fn strip_indentation(parts: Vec<IndPart<'_>>) -> ExprKind {
    let parts = coalesce_text(parts);
    if parts.is_empty() {
        return ExprKind::Str(Rc::from(&b""[..]));
    }
    let min_indent = min_indent(&parts);

    let mut out: Vec<StrPart> = Vec::with_capacity(parts.len());
    let mut at_line_start = true;
    let mut dropped = 0usize;
    let count = parts.len();
    for (i, part) in parts.into_iter().enumerate() {
        let bytes: &[u8] = match &part {
            IndPart::Interp(_) => {
                at_line_start = false;
                dropped = 0;
                if let IndPart::Interp(e) = part {
                    out.push(StrPart::Interp(e));
                }
                continue;
            }
            IndPart::Text(t) => t,
            IndPart::Owned(t) => t,
            IndPart::Escape(e) => e,
        };
        let mut s = Vec::with_capacity(bytes.len());
        for &c in bytes {
            if at_line_start {
                match c {
                    b' ' => {
                        if dropped >= min_indent {
                            s.push(c);
                        }
                        dropped += 1;
                    }
                    b'\n' => {
                        dropped = 0;
                        s.push(c);
                    }
                    _ => {
                        at_line_start = false;
                        dropped = 0;
                        s.push(c);
                    }
                }
            } else {
                s.push(c);
                if c == b'\n' {
                    at_line_start = true;
                }
            }
        }
        if i + 1 == count {
            if let Some(nl) = s.iter().rposition(|&c| c == b'\n') {
                if s[nl + 1..].iter().all(|&c| c == b' ') {
                    s.truncate(nl + 1);
                }
            }
        }
        out.push(StrPart::Literal(Rc::from(s)));
    }

    if let [StrPart::Literal(_)] = out.as_slice() {
        if let Some(StrPart::Literal(s)) = out.pop() {
            return ExprKind::Str(s);
        }
    }
    ExprKind::Interpolated(merge_literals(out))
}

/// Joins neighbouring text pieces as CppNix's lexer reads them: one run
/// like `it's` or `$${a}` is one piece, but a `$` right before `'` (or the
/// end) and a `'` right before `$` are pieces of their own. The pieces
/// decide whether the string is a constant.
fn coalesce_text(parts: Vec<IndPart<'_>>) -> Vec<IndPart<'static>> {
    let mut out: Vec<IndPart<'static>> = Vec::with_capacity(parts.len());
    let mut last_mergeable = false;
    let mut parts = parts.into_iter().peekable();
    while let Some(part) = parts.next() {
        match part {
            IndPart::Text(t) => {
                let next_first = match parts.peek() {
                    Some(IndPart::Text(n)) => n.first().copied(),
                    Some(IndPart::Owned(n)) => n.first().copied(),
                    Some(_) => Some(0),
                    None => Some(b'\''),
                };
                let lone = (t == b"$" && next_first == Some(b'\'')) || (t == b"'" && next_first == Some(b'$'));
                match out.last_mut() {
                    Some(IndPart::Owned(prev)) if last_mergeable && !lone => prev.extend_from_slice(t),
                    _ => out.push(IndPart::Owned(t.to_vec())),
                }
                last_mergeable = !lone;
            }
            other => {
                last_mergeable = false;
                out.push(match other {
                    IndPart::Text(t) => IndPart::Owned(t.to_vec()),
                    IndPart::Owned(t) => IndPart::Owned(t),
                    IndPart::Escape(e) => IndPart::Escape(e),
                    IndPart::Interp(e) => IndPart::Interp(e),
                });
            }
        }
    }
    out
}

/// The smallest indentation of a line with content.
fn min_indent(parts: &[IndPart<'_>]) -> usize {
    let mut at_line_start = true;
    let mut min = usize::MAX;
    let mut cur = 0usize;
    for part in parts {
        let text: &[u8] = match part {
            IndPart::Text(t) => t,
            IndPart::Owned(t) => t,
            IndPart::Escape(_) | IndPart::Interp(_) => {
                if at_line_start {
                    at_line_start = false;
                    min = min.min(cur);
                }
                continue;
            }
        };
        for &c in text {
            if at_line_start {
                match c {
                    b' ' => cur += 1,
                    b'\n' => cur = 0,
                    _ => {
                        at_line_start = false;
                        min = min.min(cur);
                    }
                }
            } else if c == b'\n' {
                at_line_start = true;
                cur = 0;
            }
        }
    }
    min
}

/// Joins neighbouring literal pieces and drops empty ones (the result stays
/// an interpolated string, which matters for whether an attribute name is
/// static).
pub fn merge_literals(parts: Vec<StrPart>) -> Vec<StrPart> {
    let mut out: Vec<StrPart> = Vec::with_capacity(parts.len());
    for part in parts {
        match (out.last_mut(), part) {
            (_, StrPart::Literal(s)) if s.is_empty() => {}
            (Some(StrPart::Literal(prev)), StrPart::Literal(next)) => {
                let mut joined = prev.to_vec();
                joined.extend_from_slice(&next);
                *prev = Rc::from(joined);
            }
            (_, part) => out.push(part),
        }
    }
    out
}
