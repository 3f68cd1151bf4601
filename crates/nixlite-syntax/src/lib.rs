//! The Nix language's syntax for nixlite: tokens ([`token`], [`lexer`]),
//! the LALRPOP grammar (`grammar/nixlite.lalrpop`), the AST ([`ast`]) with
//! spans ([`source`]), and syntax errors as miette diagnostics ([`error`]).
//!
//! ```
//! use nixlite_syntax::{parse, ast::ExprKind, source::FileId};
//! let expr = parse(b"let x = 1; in x + 1", FileId(0)).unwrap();
//! assert!(matches!(expr.kind, ExprKind::Let(..)));
//! ```

pub mod ast;
mod builder;
mod drop;
pub mod error;
mod indent;
pub mod lexer;
pub mod pretty;
pub mod source;
pub mod symbol;
pub mod token;

lalrpop_util::lalrpop_mod!(
    #[allow(clippy::all, clippy::pedantic, unused_qualifications, dead_code)]
    grammar,
    "/nixlite.rs"
);

use error::SyntaxErrorKind;
use lalrpop_util::ParseError;
use source::{FileId, Span};

pub use error::SyntaxError;
pub use symbol::{FxHashMap, FxHashSet, Symbol};

/// Parses one Nix expression from `src`, which belongs to `file`.
pub fn parse(src: &[u8], file: FileId) -> Result<ast::Expr, SyntaxError> {
    let lexer = lexer::Lexer::new(src, file);
    grammar::ExprParser::new()
        .parse(file, lexer)
        .map_err(|e| convert_error(e, file, src.len()))
}

fn convert_error(err: ParseError<usize, token::Token<'_>, SyntaxError>, file: FileId, len: usize) -> SyntaxError {
    match err {
        ParseError::User { error } => error,
        ParseError::InvalidToken { location } => SyntaxError::new(
            SyntaxErrorKind::InvalidCharacter,
            Span::new(file, location, location + 1),
            "invalid token",
            "here",
        ),
        ParseError::UnrecognizedEof { location, expected } => {
            let at = location.min(len);
            SyntaxError::new(
                SyntaxErrorKind::UnexpectedEof,
                Span::new(file, at, at),
                format!("unexpected end of file{}", expected_list(&expected)),
                "the expression is not finished",
            )
        }
        ParseError::UnrecognizedToken {
            token: (l, tok, r),
            expected,
        } => unexpected(Span::new(file, l, r), &tok, &expected),
        ParseError::ExtraToken { token: (l, tok, r) } => SyntaxError::new(
            SyntaxErrorKind::UnexpectedToken,
            Span::new(file, l, r),
            format!("unexpected {}, expected end of file", tok.describe()),
            "the expression already ended before this",
        )
        .with_help("a Nix file holds exactly one expression"),
    }
}

fn unexpected(span: Span, tok: &token::Token<'_>, expected: &[String]) -> SyntaxError {
    let message = format!("unexpected {}{}", tok.describe(), expected_list(expected));
    let wants = |t: &str| expected.iter().any(|e| e == t);
    let mut err = SyntaxError::new(SyntaxErrorKind::UnexpectedToken, span, message, "unexpected here");
    if wants("\";\"") && !wants("ID") {
        err.label = "expected `;` before this".into();
        err = err.with_help("every binding ends with `;`: `name = value;`");
    } else if wants("\";\"") && matches!(tok, token::Token::Assign) {
        err.message = "unexpected `=` in the middle of an expression".into();
        err.label = "a new binding cannot start here".into();
        err =
            err.with_help("is a `;` missing after the previous binding? Every binding ends with `;`: `name = value;`");
    } else if tok.is_keyword() && wants("ID") {
        err = err.with_help(format!(
            "`{}` is a keyword; to use it as an attribute name, quote it: `\"{}\"`",
            tok.text(),
            tok.text()
        ));
    } else if matches!(tok, token::Token::Minus) && wants("\"]\"") {
        err = err.with_help("list elements bind tighter than `-`: write a negative number in parentheses, `[ (-1) ]`");
    } else if matches!(
        tok,
        token::Token::Eq
            | token::Token::NotEq
            | token::Token::Lt
            | token::Token::Gt
            | token::Token::Le
            | token::Token::Ge
    ) {
        err = err.with_help("comparison operators do not chain: add parentheses, e.g. `(a == b) == c`");
    } else if matches!(tok, token::Token::Colon) && wants("\"]\"") {
        err = err.with_help("a function inside a list needs parentheses: `[ (x: x) ]`");
    } else if matches!(tok, token::Token::Uri(_)) && wants("ID") {
        err = err.with_help("`name:body` without a space reads as a URI; write `name: body`");
    }
    err
}

/// " , expected X, Y or Z", summarising the parser's list of terminals.
fn expected_list(expected: &[String]) -> String {
    if expected.is_empty() {
        return String::new();
    }
    let starts_expression = expected.iter().any(|e| e == "ID") && expected.iter().any(|e| e == "INT");
    let mut names: Vec<String> = Vec::new();
    if starts_expression {
        names.push("an expression".into());
    }
    for e in expected {
        if starts_expression && is_expression_start(e) {
            continue;
        }
        let name = terminal_name(e);
        if !names.contains(&name) {
            names.push(name);
        }
    }
    if names.len() > 5 {
        names.truncate(4);
        names.push("…".into());
    }
    match names.split_last() {
        Some((last, [])) => format!(", expected {last}"),
        Some((last, init)) => format!(", expected {} or {last}", init.join(", ")),
        None => String::new(),
    }
}

fn is_expression_start(t: &str) -> bool {
    matches!(
        t,
        "ID" | "INT"
            | "FLOAT"
            | "PATH"
            | "HPATH"
            | "SPATH"
            | "URI"
            | "PATH_START"
            | "HPATH_START"
            | "STR_OPEN"
            | "IND_OPEN"
            | "\"(\""
            | "\"[\""
            | "\"{\""
            | "\"rec\""
            | "\"let\""
            | "\"-\""
            | "\"!\""
            | "\"if\""
            | "\"with\""
            | "\"assert\""
    )
}

fn terminal_name(t: &str) -> String {
    match t {
        "ID" => "an identifier".into(),
        "INT" => "an integer".into(),
        "FLOAT" => "a float".into(),
        "PATH" | "HPATH" | "PATH_START" | "HPATH_START" => "a path".into(),
        "SPATH" => "a search path".into(),
        "URI" => "a URI".into(),
        "PATH_TEXT" | "PATH_END" => "the rest of the path".into(),
        "STR_OPEN" | "STR_CLOSE" => "`\"`".into(),
        "IND_OPEN" | "IND_CLOSE" => "`''`".into(),
        "STR_TEXT" | "IND_TEXT" | "IND_ESCAPE" => "string text".into(),
        quoted => format!("`{}`", quoted.trim_matches('"')),
    }
}

#[cfg(test)]
mod tests;
