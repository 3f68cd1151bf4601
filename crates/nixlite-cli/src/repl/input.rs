//! Deciding what a piece of REPL input is — an expression, bindings, a
//! command — and whether it is finished, by asking the parser (never by
//! counting brackets).
//!
//! An input is first parsed as an expression. If that fails with an error
//! the parser calls incomplete (end of input inside a bracket, a string, a
//! comment, a `let` without `in`), more lines are needed. If it fails for
//! real, the input is parsed again as the body of a set, `{ INPUT ; }`: if
//! that succeeds, the input is bindings (`x = 1`, `a.b = 2`,
//! `inherit (pkgs) hello`); if it fails only in the text added around the
//! input, the bindings are not finished yet; otherwise the error of the two
//! that got further is reported.

use super::commands;
use nixlite_syntax::ast::{AttrSet, AttrValue, ExprKind};
use nixlite_syntax::source::{FileId, Span};
use nixlite_syntax::SyntaxError;

/// One binding to add to the session's scope: `path = rhs`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Binding {
    /// The attribute path; the first element is the variable bound.
    pub path: Vec<String>,
    /// The source text of the right-hand side.
    pub rhs: String,
}

/// What an input is.
#[derive(Debug)]
pub enum Input {
    /// Nothing but whitespace and comments.
    Empty,
    /// `:name argument`
    Command {
        /// The command as typed, with its colon (`:p`).
        name: String,
        /// The rest of the input, trimmed.
        arg: String,
    },
    /// An expression to evaluate and print.
    Expr,
    /// Names to bind.
    Bindings(Vec<Binding>),
    /// Not finished: more lines are needed. The error is what parsing the
    /// text as it stands reports (shown if the input ends here).
    Incomplete(SyntaxError),
    /// A syntax error, with offsets into the input.
    Error(SyntaxError),
}

/// Classifies `text` (one or more lines).
pub fn classify(text: &str) -> Input {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Input::Empty;
    }
    if let Some(rest) = trimmed.strip_prefix(':') {
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let name = format!(":{}", &rest[..end]);
        let arg = rest[end..].trim().to_owned();
        if commands::takes_expression(&name) && !arg.is_empty() {
            if let Err(e) = nixlite_syntax::parse(arg.as_bytes(), FileId(0)) {
                if e.is_incomplete() {
                    return Input::Incomplete(e);
                }
            }
        }
        return Input::Command { name, arg };
    }
    let expr_error = match nixlite_syntax::parse(text.as_bytes(), FileId(0)) {
        Ok(_) => return Input::Expr,
        Err(e) if e.is_incomplete() => {
            if only_comments(text) {
                return Input::Empty;
            }
            return Input::Incomplete(e);
        }
        Err(e) => e,
    };
    if expr_error.kind == nixlite_syntax::error::SyntaxErrorKind::Invalid && !looks_like_binding(text) {
        // A well-formed expression Nix rejects (a duplicate attribute, …).
        return Input::Error(expr_error);
    }
    match parse_bindings(text) {
        BindingParse::Bindings(b) => Input::Bindings(b),
        BindingParse::Unfinished(e) => Input::Incomplete(e),
        BindingParse::Unsupported(e) => Input::Error(e),
        BindingParse::Failed(e) => {
            if e.span.start > expr_error.span.start {
                Input::Error(e)
            } else {
                Input::Error(expr_error)
            }
        }
    }
}

/// Whether `text` holds no token, only comments: then `text null` is
/// just the `null`.
fn only_comments(text: &str) -> bool {
    let probe = format!("{text}\nnull");
    nixlite_syntax::parse(probe.as_bytes(), FileId(0)).is_ok_and(|e| e.span.start as usize > text.len())
}

/// Whether `text` starts like `name =` or `a.b =` (not `==`).
fn looks_like_binding(text: &str) -> bool {
    let head = text.trim_start();
    let end = head
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '\'' | '-' | '.' | '"')))
        .unwrap_or(head.len());
    let rest = head[end..].trim_start();
    end > 0 && rest.starts_with('=') && !rest.starts_with("==")
}

enum BindingParse {
    Bindings(Vec<Binding>),
    /// Fails only in the text added after the input: more is needed.
    Unfinished(SyntaxError),
    /// Parses, but is not something the REPL can bind.
    Unsupported(SyntaxError),
    /// Fails inside the input.
    Failed(SyntaxError),
}

const PREFIX: &str = "{ ";

fn parse_bindings(text: &str) -> BindingParse {
    // `{ INPUT` alone: an LR parser stops at the first token that cannot
    // continue a valid input, so if it stops at the end, INPUT can be
    // continued into bindings; if it parses, INPUT closed the set itself.
    let open = format!("{PREFIX}{text}");
    let mut e = match nixlite_syntax::parse(open.as_bytes(), FileId(0)) {
        Ok(_) => return BindingParse::Failed(unsupported(text, "this is not a binding")),
        Err(e) => e,
    };
    if !e.is_incomplete() {
        to_user_span(&mut e, text.len());
        return BindingParse::Failed(e);
    }
    // With a final `;` the set closes directly; without, one is added. Both
    // are tried so that `x = 1; # comment` works.
    for suffix in ["\n}", "\n;}"] {
        let wrapped = format!("{open}{suffix}");
        if let Ok(expr) = nixlite_syntax::parse(wrapped.as_bytes(), FileId(0)) {
            return match &expr.kind {
                ExprKind::Attrs(set) if !set.recursive => extract(set, text),
                _ => BindingParse::Failed(unsupported(text, "this is not a binding")),
            };
        }
    }
    if e.kind != nixlite_syntax::error::SyntaxErrorKind::UnexpectedEof {
        // An unterminated string or comment says so itself.
        to_user_span(&mut e, text.len());
        return BindingParse::Unfinished(e);
    }
    let end = text.trim_end().len();
    let last = text[..end].chars().next_back().map_or(0, char::len_utf8);
    BindingParse::Unfinished(SyntaxError::new(
        nixlite_syntax::error::SyntaxErrorKind::UnexpectedEof,
        Span::new(FileId(0), end - last, end),
        "unexpected end of input",
        "the input ends here, unfinished",
    ))
}

/// Moves an error's span from the wrapped text into the input's offsets.
fn to_user_span(e: &mut SyntaxError, len: usize) {
    let shift = |o: u32| (o as usize).saturating_sub(PREFIX.len()).min(len);
    let (start, end) = (shift(e.span.start), shift(e.span.end));
    e.span = Span::new(FileId(0), start, end.max(start));
    if let Some((span, _)) = &mut e.related {
        let (s, t) = (shift(span.start), shift(span.end));
        *span = Span::new(FileId(0), s, t.max(s));
    }
}

fn unsupported(text: &str, message: &str) -> SyntaxError {
    SyntaxError::new(
        nixlite_syntax::error::SyntaxErrorKind::Invalid,
        Span::new(FileId(0), 0, text.trim_end().len()),
        message,
        "here",
    )
}

/// The bindings of a parsed set, in the order written.
fn extract(set: &AttrSet, text: &str) -> BindingParse {
    if let Some(d) = set.dynamic.first() {
        let mut e = SyntaxError::new(
            nixlite_syntax::error::SyntaxErrorKind::Invalid,
            d.span,
            "the REPL cannot bind a name computed with `${…}`",
            "a computed name",
        )
        .with_help("write the name itself: `name = value`");
        to_user_span(&mut e, text.len());
        return BindingParse::Unsupported(e);
    }
    let mut out = Vec::new();
    let mut defs: Vec<&nixlite_syntax::ast::AttrDef> = set.attrs.iter().collect();
    defs.sort_by_key(|d| d.span.start);
    for def in defs {
        let name = String::from_utf8_lossy(def.name.as_bytes()).into_owned();
        if !is_var_name(&name) {
            let mut e = SyntaxError::new(
                nixlite_syntax::error::SyntaxErrorKind::Invalid,
                def.span,
                format!("cannot bind {}: it is not a variable name", quote(&name)),
                "not a variable name",
            );
            to_user_span(&mut e, text.len());
            return BindingParse::Unsupported(e);
        }
        match &def.value {
            AttrValue::Inherit => out.push(Binding {
                path: vec![name.clone()],
                rhs: name,
            }),
            AttrValue::InheritFrom(i) => {
                let Some(src) = set.inherit_sources.get(*i).and_then(|s| slice(text, s.span)) else {
                    continue;
                };
                out.push(Binding {
                    rhs: format!("({src}).{}", attr_source(&name)),
                    path: vec![name],
                });
            }
            AttrValue::Expr(value) => leaves(vec![name], def.span, value, text, &mut out),
        }
    }
    BindingParse::Bindings(out)
}

/// Collects `a.b.c = v` leaves: a set the parser made from an attribute
/// path starts where the path starts; a set written out is a value.
fn leaves(path: Vec<String>, name_span: Span, value: &nixlite_syntax::ast::Expr, text: &str, out: &mut Vec<Binding>) {
    if let ExprKind::Attrs(inner) = &value.kind {
        if value.span.start == name_span.start && !inner.recursive && inner.dynamic.is_empty() {
            let mut defs: Vec<&nixlite_syntax::ast::AttrDef> = inner.attrs.iter().collect();
            defs.sort_by_key(|d| d.span.start);
            for def in defs {
                let mut p = path.clone();
                p.push(String::from_utf8_lossy(def.name.as_bytes()).into_owned());
                match &def.value {
                    AttrValue::Expr(v) => leaves(p, name_span, v, text, out),
                    _ => {
                        // `a = { inherit x; }` merged into a path: bind the variable.
                        let last = p.last().cloned().unwrap_or_default();
                        out.push(Binding { path: p, rhs: last });
                    }
                }
            }
            return;
        }
    }
    // The right-hand side: from after the `=` (keeping a doc comment
    // written before the value) to the end of the value.
    let end = (value.span.end as usize).saturating_sub(PREFIX.len()).min(text.len());
    let value_start = (value.span.start as usize).saturating_sub(PREFIX.len()).min(end);
    let head = text.get(..value_start).unwrap_or("");
    let start = head
        .rfind('=')
        .map(|i| i + 1)
        .filter(|&i| {
            let between = head.get(i..).unwrap_or("");
            between.trim_start().starts_with("/*") || between.trim().is_empty()
        })
        .unwrap_or(value_start);
    let rhs = text.get(start..end).unwrap_or("").trim().to_owned();
    out.push(Binding { path, rhs });
}

fn slice(text: &str, span: Span) -> Option<&str> {
    let s = (span.start as usize).checked_sub(PREFIX.len())?;
    let e = (span.end as usize).checked_sub(PREFIX.len())?;
    text.get(s..e)
}

/// Whether `s` can be used as a variable (Nix's identifier rule).
pub fn is_var_name(s: &str) -> bool {
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '\'' | '-'))
        && !matches!(
            s,
            "if" | "then" | "else" | "assert" | "with" | "let" | "in" | "rec" | "inherit" | "or"
        )
}

/// `name` as it is written in source: bare, or as a string literal.
pub fn attr_source(name: &str) -> String {
    if is_var_name(name) {
        name.to_owned()
    } else {
        quote(name)
    }
}

/// `s` as a Nix string literal.
pub fn quote(s: &str) -> String {
    let mut out = Vec::new();
    nixlite_eval::print::escape_string(&mut out, s.as_bytes());
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bindings(text: &str) -> Vec<(String, String)> {
        match classify(text) {
            Input::Bindings(b) => b.into_iter().map(|b| (b.path.join("."), b.rhs)).collect(),
            other => panic!("{text:?}: expected bindings, got {other:?}"),
        }
    }

    #[test]
    fn expressions_and_bindings() {
        assert!(matches!(classify("1 + 1"), Input::Expr));
        assert!(matches!(classify("  # just a comment"), Input::Empty));
        assert!(matches!(classify("/* a */ # b"), Input::Empty));
        assert!(matches!(classify("/* a"), Input::Incomplete(_)));
        assert!(matches!(classify(""), Input::Empty));
        assert!(matches!(classify("a == b"), Input::Expr));
        assert_eq!(bindings("x = 1 + 1"), [("x".into(), "1 + 1".into())]);
        assert_eq!(bindings("x = 1;"), [("x".into(), "1".into())]);
        assert_eq!(bindings("x = 1; # c"), [("x".into(), "1".into())]);
        assert_eq!(bindings("a.b.c = { d = 1; }"), [("a.b.c".into(), "{ d = 1; }".into())]);
        assert_eq!(
            bindings("x = 1; y = x"),
            [("x".into(), "1".into()), ("y".into(), "x".into())]
        );
        assert_eq!(
            bindings("inherit (pkgs) hello"),
            [("hello".into(), "(pkgs).hello".into())]
        );
        assert_eq!(
            bindings("f = /** doc */ x: x"),
            [("f".into(), "/** doc */ x: x".into())]
        );
    }

    #[test]
    fn incomplete_is_decided_by_the_parser() {
        for text in [
            "{",
            "[ 1 2",
            "\"abc",
            "''abc",
            "let x = 1;",
            "x = {",
            "x = ",
            "x = let a = 1;",
            "f (",
            "/* c",
            ":p {",
            "a.",
        ] {
            assert!(matches!(classify(text), Input::Incomplete(_)), "{text:?}");
        }
        for text in [
            "1 )",
            "x = 1 )",
            "}",
            "x = 1; }",
            "let = 1",
            "{ a = 1; a = 2; }",
            "${\"a\" + \"b\"} = 1",
        ] {
            assert!(matches!(classify(text), Input::Error(_)), "{text:?}");
        }
    }

    #[test]
    fn commands() {
        match classify(":p  1 + 1 ") {
            Input::Command { name, arg } => assert_eq!((name.as_str(), arg.as_str()), (":p", "1 + 1")),
            other => panic!("{other:?}"),
        }
        assert!(matches!(classify(":q"), Input::Command { .. }));
    }
}
