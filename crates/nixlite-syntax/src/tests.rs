//! Parser tests: precedence, desugaring and robustness. Each expression is
//! rendered as a compact, fully parenthesised S-expression.

use crate::ast::*;
use crate::error::SyntaxErrorKind;
use crate::parse;
use crate::source::FileId;

fn sx(e: &Expr) -> String {
    let path = |p: &[AttrName]| {
        p.iter()
            .map(|n| match n {
                AttrName::Static(s, _) => s.to_string(),
                AttrName::Dynamic(e) => format!("${{{}}}", sx(e)),
            })
            .collect::<Vec<_>>()
            .join(".")
    };
    let parts = |ps: &[StrPart]| {
        ps.iter()
            .map(|p| match p {
                StrPart::Literal(s) => format!("{:?}", String::from_utf8_lossy(s)),
                StrPart::Interp(e) => format!("${{{}}}", sx(e)),
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let set = |s: &AttrSet| {
        let mut v: Vec<String> = s
            .attrs
            .iter()
            .map(|d| match &d.value {
                AttrValue::Expr(e) => format!("{}={}", d.name, sx(e)),
                AttrValue::Inherit => format!("inherit {}", d.name),
                AttrValue::InheritFrom(i) => format!("{}=({}).{}", d.name, sx(&s.inherit_sources[*i]), d.name),
            })
            .collect();
        v.extend(
            s.dynamic
                .iter()
                .map(|d| format!("${{{}}}={}", sx(&d.name), sx(&d.value))),
        );
        v.join(" ")
    };
    match &e.kind {
        ExprKind::Int(n) => n.to_string(),
        ExprKind::Float(f) => format!("{f:?}"),
        ExprKind::Str(s) => format!("{:?}", String::from_utf8_lossy(s)),
        ExprKind::Interpolated(ps) => format!("(str {})", parts(ps)),
        ExprKind::Path(p) => String::from_utf8_lossy(&p.text).into_owned(),
        ExprKind::InterpolatedPath(p, ps) => format!("(path {} {})", String::from_utf8_lossy(&p.text), parts(ps)),
        ExprKind::SearchPath(p) => format!("<{}>", String::from_utf8_lossy(p)),
        ExprKind::Var(s) => s.to_string(),
        ExprKind::CurPos => "__curPos".into(),
        ExprKind::List(items) => format!("[{}]", items.iter().map(sx).collect::<Vec<_>>().join(" ")),
        ExprKind::Attrs(s) => format!("({}{{{}}})", if s.recursive { "rec" } else { "" }, set(s)),
        ExprKind::Let(s, b) => format!("(let {} in {})", set(s), sx(b)),
        ExprKind::With(a, b) => format!("(with {} {})", sx(a), sx(b)),
        ExprKind::Assert(a, b) => format!("(assert {} {})", sx(a), sx(b)),
        ExprKind::If(a, b, c) => format!("(if {} {} {})", sx(a), sx(b), sx(c)),
        ExprKind::Lambda(l) => {
            let p = match &l.param {
                Param::Ident(n, _) => n.to_string(),
                Param::Pattern(p) => {
                    let mut f: Vec<String> = p
                        .formals
                        .iter()
                        .map(|f| match &f.default {
                            Some(d) => format!("{}?{}", f.name, sx(d)),
                            None => f.name.to_string(),
                        })
                        .collect();
                    if p.ellipsis {
                        f.push("...".into());
                    }
                    let at = p.at.map(|(n, _)| format!("@{n}")).unwrap_or_default();
                    format!("{{{}}}{at}", f.join(","))
                }
            };
            format!("(fn {p} {})", sx(&l.body))
        }
        ExprKind::Apply(f, a) => format!("({} {})", sx(f), sx(a)),
        ExprKind::Select(t, p, d) => match d {
            Some(d) => format!("(. {} {} or {})", sx(t), path(p), sx(d)),
            None => format!("(. {} {})", sx(t), path(p)),
        },
        ExprKind::HasAttr(t, p) => format!("(? {} {})", sx(t), path(p)),
        ExprKind::Not(x) => format!("(! {})", sx(x)),
        ExprKind::Negate(x) => format!("(neg {})", sx(x)),
        ExprKind::Binary(op, a, b) => format!("({} {} {})", op.symbol(), sx(a), sx(b)),
    }
}

fn p(src: &str) -> String {
    match parse(src.as_bytes(), FileId(0)) {
        Ok(e) => sx(&e),
        Err(e) => panic!("{src:?} does not parse: {}", e.message),
    }
}

fn fails(src: &str) -> SyntaxErrorKind {
    match parse(src.as_bytes(), FileId(0)) {
        Ok(e) => panic!("{src:?} parses as {}", sx(&e)),
        Err(e) => e.kind,
    }
}

#[test]
fn operator_precedence() {
    assert_eq!(p("1 + 2 * 3"), "(+ 1 (* 2 3))");
    assert_eq!(p("a - b - c"), "(- (- a b) c)");
    assert_eq!(p("a -> b -> c"), "(-> a (-> b c))");
    assert_eq!(p("a // b // c"), "(// a (// b c))");
    assert_eq!(p("a ++ b ++ c"), "(++ a (++ b c))");
    assert_eq!(p("a || b && c"), "(|| a (&& b c))");
    assert_eq!(p("a == b && c != d"), "(&& (== a b) (!= c d))");
    assert_eq!(p("a < b == c >= d"), "(== (< a b) (>= c d))");
    assert_eq!(p("false -> false -> false"), "(-> false (-> false false))");
    assert_eq!(p("2 * -3"), "(* 2 (neg 3))");
    assert_eq!(p("f -1"), "(- f 1)");
    assert_eq!(p("-f 3"), "(neg (f 3))");
    assert_eq!(p("- - 1"), "(neg (neg 1))");
    assert_eq!(p("a ++ b ? c"), "(++ a (? b c))");
    assert_eq!(p("-a ? b"), "(? (neg a) b)");
    assert_eq!(p("{ a = 1; } ? a ? b"), "(? (? ({a=1}) a) b)");
    assert_eq!(p("{ a = 1; } // { b = 2; } ? a"), "(// ({a=1}) (? ({b=2}) a))");
    assert_eq!(p("f x.a or 1"), "(f (. x a or 1))");
    assert_eq!(p("a.b.c or d.e"), "(. a b.c or (. d e))");
}

#[test]
fn not_follows_bison_precedence() {
    assert_eq!(p("! false && false"), "(&& (! false) false)");
    assert_eq!(p("!a + b"), "(! (+ a b))");
    assert_eq!(p("!a // b"), "(// (! a) b)");
    assert_eq!(p("!a ? b"), "(! (? a b))");
    assert_eq!(p("a + !b + c"), "(+ a (! (+ b c)))");
    assert_eq!(p("a + !b // c"), "(// (+ a (! b)) c)");
    assert_eq!(p("a * !b == c"), "(== (* a (! b)) c)");
    assert_eq!(p("a ++ !b ++ c"), "(++ a (! (++ b c)))");
    assert_eq!(p("-!a + b"), "(neg (! (+ a b)))");
    assert_eq!(p("a * b ++ !c"), "(* a (++ b (! c)))");
    assert_eq!(p("!!a"), "(! (! a))");
}

#[test]
fn comparisons_do_not_chain() {
    assert_eq!(fails("1 == 1 == true"), SyntaxErrorKind::UnexpectedToken);
    assert_eq!(fails("1 < 2 < 3"), SyntaxErrorKind::UnexpectedToken);
}

#[test]
fn functions() {
    assert_eq!(p("x: y: x"), "(fn x (fn y x))");
    assert_eq!(p("x: x:x"), "(fn x \"x:x\")");
    assert_eq!(p("{ }: 1"), "(fn {} 1)");
    assert_eq!(p("{ }"), "({})");
    assert_eq!(p("{ } @ a: a"), "(fn {}@a a)");
    assert_eq!(p("a @ { }: a"), "(fn {}@a a)");
    assert_eq!(p("{ a, b ? 1, ... }: a"), "(fn {a,b?1,...} a)");
    assert_eq!(p("{ a, b, }: a"), "(fn {a,b} a)");
    assert_eq!(p("{ ... }: 1"), "(fn {...} 1)");
    assert_eq!(p("args @ { a }: a"), "(fn {a}@args a)");
    assert_eq!(p("{ a } @ args: a"), "(fn {a}@args a)");
    assert_eq!(p("{ a ? b, b ? 1 }: a"), "(fn {a?b,b?1} a)");
    assert_eq!(p("[ (x: x) 1 ]"), "[(fn x x) 1]");
    assert_eq!(fails("{ a, a }: a"), SyntaxErrorKind::Invalid);
    assert_eq!(fails("{ a, ... }@a: a"), SyntaxErrorKind::Invalid);
    assert_eq!(fails("{ ..., a }: a"), SyntaxErrorKind::UnexpectedToken);
    assert_eq!(fails("[ a: a ]"), SyntaxErrorKind::UnexpectedToken);
}

#[test]
fn control_forms() {
    assert_eq!(p("if a then b else c"), "(if a b c)");
    assert_eq!(p("assert a; b"), "(assert a b)");
    assert_eq!(p("with a; b"), "(with a b)");
    assert_eq!(p("let a = 1; in a"), "(let a=1 in a)");
    assert_eq!(p("let in 1"), "(let  in 1)");
    assert_eq!(p("let { a = 1; body = a; }"), "(. (rec{a=1 body=a}) body)");
    assert_eq!(p("if a then x: x else y"), "(if a (fn x x) y)");
    assert_eq!(fails("let rec = 1; in rec"), SyntaxErrorKind::UnexpectedToken);
    assert_eq!(fails("if a then b"), SyntaxErrorKind::UnexpectedEof);
}

#[test]
fn or_keyword() {
    assert_eq!(p("{ or = 1; }.or"), "(. ({or=1}) or)");
    assert_eq!(p("{ a.or = 1; }"), "({a=({or=1})})");
    assert_eq!(p("f or"), "(f or)");
    assert_eq!(p("map or [ 1 ]"), "((map or) [1])");
    assert_eq!(fails("let or = 1; in or"), SyntaxErrorKind::UnexpectedToken);
}

#[test]
fn attribute_sets() {
    assert_eq!(p("{ a.b.c = 1; a.b.d = 2; }"), "({a=({b=({c=1 d=2})})})");
    assert_eq!(p("{ a = { b = 1; }; a.c = 2; }"), "({a=({b=1 c=2})})");
    assert_eq!(p("{ a.b = 1; a = { c = 2; }; }"), "({a=({b=1 c=2})})");
    assert_eq!(p("{ a = rec { b = 1; }; a.c = b; }"), "({a=(rec{b=1 c=b})})");
    assert_eq!(p("{ ${\"a\"} = 1; }"), "({a=1})");
    assert_eq!(p("{ \"a b\" = 1; }"), "({a b=1})");
    assert_eq!(p("{ \"${\"a\"}\" = 1; }"), "({${(str ${\"a\"})}=1})");
    assert_eq!(p("{ a.${x} = 1; a.c = 2; }"), "({a=({c=2 ${x}=1})})");
    assert_eq!(p("{ ${x}.b = 1; }"), "({${x}=({b=1})})");
    assert_eq!(p("{ inherit a b; }"), "({inherit a inherit b})");
    assert_eq!(p("{ inherit (s) a; inherit \"b\"; }"), "({a=(s).a inherit b})");
    assert_eq!(p("{ inherit ${\"a\"}; }"), "({inherit a})");
    assert_eq!(p("rec { }"), "(rec{})");
    assert_eq!(fails("{ a = 1; a = 2; }"), SyntaxErrorKind::Invalid);
    assert_eq!(fails("{ a = { b = 1; }; a.b = 2; }"), SyntaxErrorKind::Invalid);
    assert_eq!(
        fails("let x = { b = 1; }; in { a = x; a.c = 2; }"),
        SyntaxErrorKind::Invalid
    );
    assert_eq!(fails("rec { a = 1; inherit a; }"), SyntaxErrorKind::Invalid);
    assert_eq!(fails("let ${x} = 1; in 1"), SyntaxErrorKind::Invalid);
    assert_eq!(fails("{ inherit ${x}; }"), SyntaxErrorKind::Invalid);
    assert_eq!(fails("{ a = 1 }"), SyntaxErrorKind::UnexpectedToken);
}

#[test]
fn selection_and_has_attr() {
    assert_eq!(p("a.${b}.c"), "(. a ${b}.c)");
    assert_eq!(p("a ? b.${c}"), "(? a b.${c})");
    assert_eq!(p("a.\"b c\""), "(. a b c)");
    assert_eq!(p("x.${\"a\"}"), "(. x a)");
}

#[test]
fn strings() {
    assert_eq!(p(r#""a\nb\${c}$${d}""#), r#""a\nb${c}$${d}""#);
    assert_eq!(p(r#""a${b}c""#), r#"(str "a" ${b} "c")"#);
    assert_eq!(p(r#""${b}""#), "(str ${b})");
    assert_eq!(p(r#""""#), r#""""#);
    assert_eq!(p("http://x.y/a?b=c"), r#""http://x.y/a?b=c""#);
}

#[test]
fn indented_strings_strip_like_cppnix() {
    let cases = [
        (
            "''\n  line1\n    indented\n  line3\n''",
            r#""line1\n  indented\nline3\n""#,
        ),
        ("''  a''", r#""a""#),
        ("''x\n  y\n  z''", r#""x\n  y\n  z""#),
        ("''\n    first\n  second\n    ''", r#""  first\nsecond\n""#),
        ("''\n\n    a\n  ''", r#""\na\n""#),
        ("''\n\ttab\n  x''", r#""\ttab\n  x""#),
        ("''\r\n  a\r\n''", r#""\r\n  a\r\n""#),
        ("''''", r#""""#),
        ("''a ''${b} '''c ''\\n \\''", r#"(str "a ${b} ''c \n \\")"#),
        ("''\n  a''\\n  b\n''", r#"(str "a\nb\n")"#),
        ("''\n  a''\\n    b\n''", r#"(str "a\n  b\n")"#),
        ("''\n  ${x}\n    y\n''", r#"(str ${x} "\n  y\n")"#),
        ("''\n    a\n  ${\"   \"}b\n''", r#"(str "  a\n" ${"   "} "b\n")"#),
    ];
    for (src, want) in cases {
        assert_eq!(p(src), want, "for {src:?}");
    }
}

#[test]
fn paths_and_search_paths() {
    assert_eq!(p("./a/${b}/c"), "(path ./a/ ${b} \"/c\")");
    assert_eq!(p("<nixpkgs/lib>"), "<nixpkgs/lib>");
    assert_eq!(p("a /b"), "(a /b)");
    assert_eq!(p("__curPos"), "__curPos");
}

#[test]
fn incomplete_input_is_recognised() {
    for src in ["(", "let a = 1;", "\"abc", "''abc", "{ a = ", "/* x", "f (g", "\"${x"] {
        let err = parse(src.as_bytes(), FileId(0)).expect_err(src);
        assert!(err.is_incomplete(), "{src:?} should be incomplete, got {:?}", err.kind);
    }
    for src in [")", "1 == 1 == 1", "{ a = 1 }"] {
        let err = parse(src.as_bytes(), FileId(0)).expect_err(src);
        assert!(!err.is_incomplete(), "{src:?} is wrong, not incomplete");
    }
}

#[test]
fn deep_nesting_neither_overflows_nor_panics() {
    let n = 100_000;
    let parens = format!("{}1{}", "(".repeat(n), ")".repeat(n));
    assert_eq!(p(&parens), "1");
    let lists = format!("{}1{}", "[".repeat(n), "]".repeat(n));
    let ast = parse(lists.as_bytes(), FileId(0)).expect("deep lists parse");
    let dump = crate::pretty::dump(&ast);
    assert_eq!(dump.lines().count(), n + 1);
    drop(ast);
    let negs = format!("{}1", "-".repeat(n));
    assert!(parse(negs.as_bytes(), FileId(0)).is_ok());
    let unclosed = "[".repeat(n);
    assert_eq!(fails(&unclosed), SyntaxErrorKind::UnexpectedEof);
}

#[test]
fn hostile_bytes_give_errors() {
    for src in [&b"\0"[..], b"\xff", b"\"abc", b"''", b"{ a = \"${", b"x.\xc3"] {
        assert!(parse(src, FileId(0)).is_err(), "{src:?}");
    }
}
