//! Token definitions: one logos enum per lexer mode, and [`Token`], what the
//! parser consumes.
//!
//! Nix lexing depends on context, so the raw enums here each describe one
//! mode (ordinary code, the inside of `"…"`, the inside of `''…''`); the
//! [`crate::lexer`] wrapper switches between them with a mode stack.
//! All modes work on bytes: Nix source and strings need not be UTF-8.
//!
//! Paths and URIs are not here: as regexes they would rescan a long run of
//! path characters (`a-b-c-…`, `----…`) once per token, which is quadratic;
//! the lexer recognises them by hand in one pass.

use logos::Logos;
use std::borrow::Cow;

/// Tokens of ordinary code (outside strings and path continuations).
/// Whitespace and comments are skipped by the lexer before each token.
#[derive(Logos, Debug, Clone, Copy, PartialEq, Eq)]
#[logos(utf8 = false)]
pub(crate) enum Raw {
    #[regex(r"(?-u)/\*([^*]|\*+[^*/])*\**")]
    UnterminatedComment,
    #[regex(r"[a-zA-Z_][a-zA-Z0-9_'\-]*")]
    Ident,
    #[regex(r"[0-9]+")]
    Int,
    #[regex(r"(([1-9][0-9]*\.[0-9]*)|(0?\.[0-9]+))([Ee][+\-]?[0-9]+)?")]
    Float,
    #[regex(r"~(/[a-zA-Z0-9._+\-]+)+/?")]
    HPath,
    #[token("~/${")]
    HPathInterp,
    #[regex(r"<[a-zA-Z0-9._+\-]+(/[a-zA-Z0-9._+\-]+)*>")]
    SPath,
    #[token("if")]
    If,
    #[token("then")]
    Then,
    #[token("else")]
    Else,
    #[token("assert")]
    Assert,
    #[token("with")]
    With,
    #[token("let")]
    Let,
    #[token("in")]
    In,
    #[token("rec")]
    Rec,
    #[token("inherit")]
    Inherit,
    #[token("or")]
    OrKw,
    #[token("...")]
    Ellipsis,
    #[token("==")]
    Eq,
    #[token("!=")]
    NotEq,
    #[token("<=")]
    Le,
    #[token(">=")]
    Ge,
    #[token("&&")]
    And,
    #[token("||")]
    Or,
    #[token("->")]
    Impl,
    #[token("//")]
    Update,
    #[token("++")]
    Concat,
    #[token("+")]
    Plus,
    #[token("-")]
    Minus,
    #[token("*")]
    Star,
    #[token("/")]
    Slash,
    #[token("<")]
    Lt,
    #[token(">")]
    Gt,
    #[token("!")]
    Not,
    #[token("?")]
    Question,
    #[token(".")]
    Dot,
    #[token(",")]
    Comma,
    #[token(";")]
    Semi,
    #[token(":")]
    Colon,
    #[token("=")]
    Assign,
    #[token("@")]
    At,
    #[token("(")]
    LParen,
    #[token(")")]
    RParen,
    #[token("[")]
    LBracket,
    #[token("]")]
    RBracket,
    #[token("{")]
    LBrace,
    #[token("}")]
    RBrace,
    #[token("${")]
    DollarBrace,
    #[token("\"")]
    Quote,
    /// `''`, swallowing spaces and a newline directly after it (Nix drops
    /// such a first line).
    #[regex(r"''( *\n)?")]
    IndOpen,
}

/// Pieces of a double-quoted string's inside.
#[derive(Logos, Debug, Clone, Copy, PartialEq, Eq)]
#[logos(utf8 = false)]
pub(crate) enum StrPiece {
    #[token("\"")]
    Close,
    #[token("${")]
    Interp,
    /// `\` and the byte after it.
    #[regex(r"(?-u)\\[\x00-\xff]")]
    Escape,
    /// `$$` is literal, so `$${` is not an interpolation.
    #[token("$$")]
    Dollars,
    #[token("$")]
    Dollar,
    #[regex(r#"(?-u)[^$"\\]+"#, allow_greedy = true)]
    Text,
}

/// Pieces of an indented string's inside.
#[derive(Logos, Debug, Clone, Copy, PartialEq, Eq)]
#[logos(utf8 = false)]
pub(crate) enum IndPiece {
    #[token("''")]
    Close,
    /// `'''` stands for `''`.
    #[token("'''")]
    EscQuotes,
    /// `''$` stands for `$`.
    #[token("''$")]
    EscDollar,
    /// `''\` and the byte after it.
    #[regex(r"(?-u)''\\[\x00-\xff]")]
    Escape,
    #[token("${")]
    Interp,
    #[token("$$")]
    Dollars,
    #[token("$")]
    Dollar,
    #[token("'")]
    Quote,
    #[regex(r"(?-u)[^$']+", allow_greedy = true)]
    Text,
}

/// A token as the parser sees it.
#[derive(Debug, Clone, PartialEq)]
pub enum Token<'a> {
    /// An identifier (always ASCII).
    Ident(&'a str),
    /// An integer literal, already range-checked.
    Int(i64),
    /// A float literal, already range-checked.
    Float(f64),
    /// A complete path literal without interpolation (`./a`, `/a`, `a/b`).
    Path(&'a [u8]),
    /// A complete home path (`~/a`).
    HPath(&'a [u8]),
    /// A search path, without the angle brackets (`nixpkgs/lib`).
    SPath(&'a [u8]),
    /// A URI, which Nix reads as a string.
    Uri(&'a [u8]),
    /// The literal start of a path with interpolation (`./a/` in `./a/${b}`).
    PathStart(&'a [u8]),
    /// The literal start of a home path with interpolation (`~/`).
    HPathStart(&'a [u8]),
    /// A literal piece of a path after its start.
    PathText(&'a [u8]),
    /// The (empty) end of a path with interpolation.
    PathEnd,
    /// `"` opening a string.
    StrOpen,
    /// `"` closing a string.
    StrClose,
    /// Literal text inside `"…"`, escapes resolved.
    StrText(Cow<'a, [u8]>),
    /// `''` opening an indented string.
    IndOpen,
    /// `''` closing an indented string.
    IndClose,
    /// Literal text inside `''…''`, as written (its spaces count as indentation).
    IndText(&'a [u8]),
    /// An escape inside `''…''` (`'''`, `''$`, `''\x`), already resolved.
    IndEscape(Cow<'a, [u8]>),
    /// `${`
    DollarBrace,
    /// `if`
    If,
    /// `then`
    Then,
    /// `else`
    Else,
    /// `assert`
    Assert,
    /// `with`
    With,
    /// `let`
    Let,
    /// `in`
    In,
    /// `rec`
    Rec,
    /// `inherit`
    Inherit,
    /// The keyword `or`.
    OrKw,
    /// `...`
    Ellipsis,
    /// `==`
    Eq,
    /// `!=`
    NotEq,
    /// `<=`
    Le,
    /// `>=`
    Ge,
    /// `&&`
    And,
    /// `||`
    Or,
    /// `->`
    Impl,
    /// `//`
    Update,
    /// `++`
    Concat,
    /// `+`
    Plus,
    /// `-`
    Minus,
    /// `*`
    Star,
    /// `/`
    Slash,
    /// `<`
    Lt,
    /// `>`
    Gt,
    /// `!`
    Not,
    /// `?`
    Question,
    /// `.`
    Dot,
    /// `,`
    Comma,
    /// `;`
    Semi,
    /// `:`
    Colon,
    /// `=`
    Assign,
    /// `@`
    At,
    /// `(`
    LParen,
    /// `)`
    RParen,
    /// `[`
    LBracket,
    /// `]`
    RBracket,
    /// `{`
    LBrace,
    /// `}` (closing a set, a formals list, or an interpolation)
    RBrace,
}

impl Token<'_> {
    /// How the token reads in a message ("unexpected `}`").
    pub fn describe(&self) -> String {
        let lossy = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        match self {
            Token::Ident(name) => format!("identifier `{name}`"),
            Token::Int(n) => format!("integer `{n}`"),
            Token::Float(f) => format!("float `{f}`"),
            Token::Path(p) | Token::HPath(p) | Token::PathStart(p) | Token::HPathStart(p) => {
                format!("path `{}`", lossy(p))
            }
            Token::SPath(p) => format!("search path `<{}>`", lossy(p)),
            Token::Uri(u) => format!("URI `{}`", lossy(u)),
            Token::PathText(_) | Token::PathEnd => "the rest of a path".into(),
            Token::StrOpen => "start of a string `\"`".into(),
            Token::StrClose => "end of a string `\"`".into(),
            Token::StrText(_) | Token::IndText(_) | Token::IndEscape(_) => "string text".into(),
            Token::IndOpen => "start of an indented string `''`".into(),
            Token::IndClose => "end of an indented string `''`".into(),
            other => format!("`{}`", other.text()),
        }
    }

    /// Whether the token is one of Nix's keywords.
    pub fn is_keyword(&self) -> bool {
        matches!(
            self,
            Token::If
                | Token::Then
                | Token::Else
                | Token::Assert
                | Token::With
                | Token::Let
                | Token::In
                | Token::Rec
                | Token::Inherit
        )
    }

    /// The source text of a fixed token (keywords and punctuation).
    pub fn text(&self) -> &'static str {
        match self {
            Token::DollarBrace => "${",
            Token::If => "if",
            Token::Then => "then",
            Token::Else => "else",
            Token::Assert => "assert",
            Token::With => "with",
            Token::Let => "let",
            Token::In => "in",
            Token::Rec => "rec",
            Token::Inherit => "inherit",
            Token::OrKw => "or",
            Token::Ellipsis => "...",
            Token::Eq => "==",
            Token::NotEq => "!=",
            Token::Le => "<=",
            Token::Ge => ">=",
            Token::And => "&&",
            Token::Or => "||",
            Token::Impl => "->",
            Token::Update => "//",
            Token::Concat => "++",
            Token::Plus => "+",
            Token::Minus => "-",
            Token::Star => "*",
            Token::Slash => "/",
            Token::Lt => "<",
            Token::Gt => ">",
            Token::Not => "!",
            Token::Question => "?",
            Token::Dot => ".",
            Token::Comma => ",",
            Token::Semi => ";",
            Token::Colon => ":",
            Token::Assign => "=",
            Token::At => "@",
            Token::LParen => "(",
            Token::RParen => ")",
            Token::LBracket => "[",
            Token::RBracket => "]",
            Token::LBrace => "{",
            Token::RBrace => "}",
            Token::StrOpen | Token::StrClose => "\"",
            Token::IndOpen | Token::IndClose => "''",
            _ => "",
        }
    }
}
