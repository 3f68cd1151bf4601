use super::*;

fn toks(src: &str) -> Vec<Token<'_>> {
    Lexer::new(src.as_bytes(), FileId(0))
        .map(|t| t.expect("lexes").1)
        .collect()
}

fn err(src: &str) -> SyntaxErrorKind {
    Lexer::new(src.as_bytes(), FileId(0))
        .find_map(|t| t.err())
        .expect("a lex error")
        .kind
}

fn text(s: &str) -> Token<'_> {
    Token::StrText(Cow::Borrowed(s.as_bytes()))
}

#[test]
fn identifiers_and_keywords() {
    assert_eq!(
        toks("a-b a' _x"),
        vec![Token::Ident("a-b"), Token::Ident("a'"), Token::Ident("_x")]
    );
    assert_eq!(toks("if iff"), vec![Token::If, Token::Ident("iff")]);
    assert_eq!(
        toks("then else assert with let in rec inherit or"),
        vec![
            Token::Then,
            Token::Else,
            Token::Assert,
            Token::With,
            Token::Let,
            Token::In,
            Token::Rec,
            Token::Inherit,
            Token::OrKw
        ]
    );
}

#[test]
fn numbers() {
    assert_eq!(
        toks("001 9223372036854775807"),
        vec![Token::Int(1), Token::Int(i64::MAX)]
    );
    assert_eq!(err("9223372036854775808"), SyntaxErrorKind::InvalidNumber);
    assert_eq!(
        toks("1.5 1. .5 1.5e3 1.e3 0.5e-1"),
        vec![
            Token::Float(1.5),
            Token::Float(1.0),
            Token::Float(0.5),
            Token::Float(1500.0),
            Token::Float(1000.0),
            Token::Float(0.05)
        ]
    );
    // `1e3` is the integer 1 applied to `e3`; `00.5` is `00` then `.5`.
    assert_eq!(toks("1e3"), vec![Token::Int(1), Token::Ident("e3")]);
    assert_eq!(toks("00.5"), vec![Token::Int(0), Token::Float(0.5)]);
    assert_eq!(err("1.0e-320"), SyntaxErrorKind::InvalidNumber);
    assert_eq!(err("1.0e309"), SyntaxErrorKind::InvalidNumber);
    assert_eq!(toks("0.0e-400"), vec![Token::Float(0.0)]);
}

#[test]
fn operators() {
    assert_eq!(
        toks("... == != <= >= && || -> // ++ + - * / < > ! ? . , ; : = @ ( ) [ ]"),
        vec![
            Token::Ellipsis,
            Token::Eq,
            Token::NotEq,
            Token::Le,
            Token::Ge,
            Token::And,
            Token::Or,
            Token::Impl,
            Token::Update,
            Token::Concat,
            Token::Plus,
            Token::Minus,
            Token::Star,
            Token::Slash,
            Token::Lt,
            Token::Gt,
            Token::Not,
            Token::Question,
            Token::Dot,
            Token::Comma,
            Token::Semi,
            Token::Colon,
            Token::Assign,
            Token::At,
            Token::LParen,
            Token::RParen,
            Token::LBracket,
            Token::RBracket
        ]
    );
    assert_eq!(toks("a//b"), vec![Token::Ident("a"), Token::Update, Token::Ident("b")]);
}

#[test]
fn comments_and_whitespace() {
    assert_eq!(
        toks("1 # c\n 2 /* a /* b */ 3"),
        vec![Token::Int(1), Token::Int(2), Token::Int(3)]
    );
    assert_eq!(toks("/**/1/***/"), vec![Token::Int(1)]);
    assert_eq!(err("1 /* open"), SyntaxErrorKind::UnterminatedComment);
}

#[test]
fn paths() {
    assert_eq!(
        toks("./a ../a a/b /a"),
        vec![
            Token::Path(b"./a"),
            Token::Path(b"../a"),
            Token::Path(b"a/b"),
            Token::Path(b"/a")
        ]
    );
    assert_eq!(toks("~/a <a/b>"), vec![Token::HPath(b"~/a"), Token::SPath(b"a/b")]);
    assert_eq!(err("./a/"), SyntaxErrorKind::TrailingSlash);
    assert_eq!(err("~"), SyntaxErrorKind::InvalidCharacter);
}

#[test]
fn paths_with_interpolation() {
    assert_eq!(
        toks("./a/${b}/c d"),
        vec![
            Token::PathStart(b"./a/"),
            Token::DollarBrace,
            Token::Ident("b"),
            Token::RBrace,
            Token::PathText(b"/c"),
            Token::PathEnd,
            Token::Ident("d")
        ]
    );
    assert_eq!(
        toks("./${b}"),
        vec![
            Token::PathStart(b"./"),
            Token::DollarBrace,
            Token::Ident("b"),
            Token::RBrace,
            Token::PathEnd
        ]
    );
    assert_eq!(
        toks("./a${b}c"),
        vec![
            Token::PathStart(b"./a"),
            Token::DollarBrace,
            Token::Ident("b"),
            Token::RBrace,
            Token::PathText(b"c"),
            Token::PathEnd
        ]
    );
    assert_eq!(
        toks("~/${x}"),
        vec![
            Token::HPathStart(b"~/"),
            Token::DollarBrace,
            Token::Ident("x"),
            Token::RBrace,
            Token::PathEnd
        ]
    );
    assert_eq!(err("./a/${b}/"), SyntaxErrorKind::TrailingSlash);
}

#[test]
fn uris() {
    assert_eq!(toks("http://x.y/a?b=c"), vec![Token::Uri(b"http://x.y/a?b=c")]);
    assert_eq!(
        toks("x: x:x"),
        vec![Token::Ident("x"), Token::Colon, Token::Uri(b"x:x")]
    );
}

#[test]
fn strings_and_escapes() {
    assert_eq!(
        toks(r#""a\nb""#),
        vec![
            Token::StrOpen,
            Token::StrText(Cow::Owned(b"a\nb".to_vec())),
            Token::StrClose
        ]
    );
    assert_eq!(toks(r#""\a\$""#)[1], Token::StrText(Cow::Owned(b"a$".to_vec())));
    assert_eq!(toks("\"$${x}\"")[1], text("$${x}"));
    assert_eq!(toks("\"a$\"")[1], text("a$"));
    assert_eq!(toks("\"\\${x}\"")[1], Token::StrText(Cow::Owned(b"${x}".to_vec())));
    assert_eq!(
        toks("\"crlf\r\nx\"")[1],
        Token::StrText(Cow::Owned(b"crlf\nx".to_vec()))
    );
    assert_eq!(toks("\"\"").len(), 2);
    assert_eq!(err("\"open"), SyntaxErrorKind::UnterminatedString);
}

#[test]
fn nested_interpolation() {
    assert_eq!(
        toks(r#""a${"b${"c"}"}""#),
        vec![
            Token::StrOpen,
            text("a"),
            Token::DollarBrace,
            Token::StrOpen,
            text("b"),
            Token::DollarBrace,
            Token::StrOpen,
            text("c"),
            Token::StrClose,
            Token::RBrace,
            Token::StrClose,
            Token::RBrace,
            Token::StrClose
        ]
    );
    // Braces inside an interpolation do not close it.
    assert_eq!(
        toks(r#""${ { a = 1; }.a }""#)
            .iter()
            .filter(|t| **t == Token::RBrace)
            .count(),
        2
    );
}

#[test]
fn indented_strings() {
    assert_eq!(toks("''\n  a''")[0..2], [Token::IndOpen, Token::IndText(b"  a")]);
    assert_eq!(
        toks("''a'''b''$c''\\nd''"),
        vec![
            Token::IndOpen,
            Token::IndText(b"a"),
            Token::IndEscape(Cow::Borrowed(b"''")),
            Token::IndText(b"b"),
            Token::IndEscape(Cow::Borrowed(b"$")),
            Token::IndText(b"c"),
            Token::IndEscape(Cow::Owned(b"\n".to_vec())),
            Token::IndText(b"d"),
            Token::IndClose
        ]
    );
    assert_eq!(toks("''${x}''")[1], Token::DollarBrace);
    assert_eq!(toks("''$${x}''")[1], Token::IndText(b"$$"));
    assert_eq!(err("''open"), SyntaxErrorKind::UnterminatedString);
}

#[test]
fn bad_bytes_are_errors_not_panics() {
    assert_eq!(err("1 \0 2"), SyntaxErrorKind::InvalidCharacter);
    assert_eq!(
        Lexer::new(b"a \xff\xfe", FileId(0))
            .find_map(|t| t.err())
            .map(|e| e.kind),
        Some(SyntaxErrorKind::InvalidCharacter)
    );
    assert_eq!(err("$"), SyntaxErrorKind::InvalidCharacter);
    // Invalid UTF-8 inside a string is kept as bytes.
    let toks: Vec<_> = Lexer::new(b"\"\xff\"", FileId(0)).map(|t| t.map(|t| t.1)).collect();
    assert_eq!(toks[1], Ok(Token::StrText(Cow::Borrowed(&b"\xff"[..]))));
}
