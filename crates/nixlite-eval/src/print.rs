//! Printing values as `nix-instantiate --eval` does, and abbreviated for
//! error messages.

use crate::error::Result;
use crate::eval::Evaluator;
use crate::value::number_format::format_float_g;
use crate::value::Value;
use nixlite_syntax::Symbol;
use std::collections::HashSet;
use std::rc::Rc;

/// Keywords printed quoted as attribute names (newest CppNix quotes all nine
/// except `or`; 2.8 quoted only `if`).
const KEYWORDS: [&[u8]; 9] = [
    b"if", b"then", b"else", b"assert", b"with", b"let", b"in", b"rec", b"inherit",
];

/// Appends `s` as a Nix string literal.
pub fn escape_string(out: &mut Vec<u8>, s: &[u8]) {
    out.push(b'"');
    for (i, &c) in s.iter().enumerate() {
        match c {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'$' if s.get(i + 1) == Some(&b'{') => out.extend_from_slice(b"\\$"),
            c => out.push(c),
        }
    }
    out.push(b'"');
}

/// An attribute name as printed: bare when it is an identifier, else quoted.
pub fn attr_name(name: Symbol) -> String {
    String::from_utf8_lossy(&attr_name_bytes(name)).into_owned()
}

fn attr_name_bytes(name: Symbol) -> Vec<u8> {
    let b = name.as_bytes();
    let ident = !b.is_empty()
        && (b[0].is_ascii_alphabetic() || b[0] == b'_')
        && b.iter()
            .all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'\'' | b'-'))
        && !KEYWORDS.contains(&b);
    if ident {
        b.to_vec()
    } else {
        let mut out = Vec::new();
        escape_string(&mut out, b);
        out
    }
}

/// Prints `v` as `nix-instantiate --eval` does: with `strict`, everything is
/// forced first; otherwise nested unevaluated thunks print as `<CODE>`.
pub fn print_value(ev: &mut Evaluator, v: &Value, strict: bool) -> Result<Vec<u8>> {
    let v = if strict { ev.force_deep(v)? } else { ev.force(v)? };
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    stacker::maybe_grow(crate::eval::RED_ZONE, crate::eval::STACK_STEP, || {
        print_inner(&mut out, &v, &mut seen)
    });
    Ok(out)
}

fn print_inner(out: &mut Vec<u8>, v: &Value, seen: &mut HashSet<*const ()>) {
    match v {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Value::Int(n) => out.extend_from_slice(n.to_string().as_bytes()),
        Value::Float(f) => out.extend_from_slice(format_float_g(*f).as_bytes()),
        Value::String(s) => escape_string(out, s.as_bytes()),
        Value::Path(p) => out.extend_from_slice(&p.0),
        Value::Attrs(a) => {
            if !a.is_empty() && !seen.insert(Rc::as_ptr(a) as *const ()) {
                out.extend_from_slice("«repeated»".as_bytes());
                return;
            }
            out.extend_from_slice(b"{ ");
            for (name, value) in a.iter() {
                out.extend_from_slice(&attr_name_bytes(name));
                out.extend_from_slice(b" = ");
                nested(out, value, seen);
                out.extend_from_slice(b"; ");
            }
            out.push(b'}');
        }
        Value::List(l) => {
            if !l.is_empty() && !seen.insert(Rc::as_ptr(l) as *const ()) {
                out.extend_from_slice("«repeated»".as_bytes());
                return;
            }
            out.extend_from_slice(b"[ ");
            for item in l.items().iter() {
                nested(out, item, seen);
                out.push(b' ');
            }
            out.push(b']');
        }
        Value::Lambda(_) => out.extend_from_slice(b"<LAMBDA>"),
        Value::PrimOp(_) => out.extend_from_slice(b"<PRIMOP>"),
        Value::PrimOpApp(_) => out.extend_from_slice(b"<PRIMOP-APP>"),
        Value::Thunk(t) => match t.value() {
            Some(v) => nested(out, &v, seen),
            _ => out.extend_from_slice(b"<CODE>"),
        },
    }
}

fn nested(out: &mut Vec<u8>, v: &Value, seen: &mut HashSet<*const ()>) {
    stacker::maybe_grow(crate::eval::RED_ZONE, crate::eval::STACK_STEP, || {
        print_inner(out, v, seen)
    })
}

/// A short rendering of a value for messages: never forces anything, shows
/// at most a few elements and two levels.
pub fn abbreviate(v: &Value) -> String {
    let mut out = String::new();
    abbrev(&mut out, v, 0);
    out
}

fn abbrev(out: &mut String, v: &Value, depth: usize) {
    const ITEMS: usize = 3;
    match v {
        Value::String(s) => {
            let text = s.to_str_lossy();
            let short: String = text.chars().take(60).collect();
            let mut bytes = Vec::new();
            escape_string(&mut bytes, short.as_bytes());
            out.push_str(&String::from_utf8_lossy(&bytes));
            if short.len() < text.len() {
                out.insert(out.len() - 1, '…');
            }
        }
        Value::Attrs(a) => {
            if a.is_empty() {
                out.push_str("{ }");
            } else if depth >= 2 {
                out.push_str("{ … }");
            } else {
                out.push_str("{ ");
                for (name, value) in a.iter().take(ITEMS) {
                    out.push_str(&attr_name(name));
                    out.push_str(" = ");
                    abbrev(out, value, depth + 1);
                    out.push_str("; ");
                }
                if a.len() > ITEMS {
                    out.push_str("… ");
                }
                out.push('}');
            }
        }
        Value::List(l) => {
            if l.is_empty() {
                out.push_str("[ ]");
            } else if depth >= 2 {
                out.push_str("[ … ]");
            } else {
                out.push_str("[ ");
                for item in l.items().iter().take(ITEMS) {
                    abbrev(out, item, depth + 1);
                    out.push(' ');
                }
                if l.len() > ITEMS {
                    out.push_str("… ");
                }
                out.push(']');
            }
        }
        Value::Lambda(c) => match c.lambda.name {
            Some(name) => out.push_str(&format!("«lambda {name}»")),
            None => out.push_str("«lambda»"),
        },
        Value::PrimOp(op) => out.push_str(&format!("«primop {}»", op.name)),
        Value::PrimOpApp(app) => out.push_str(&format!("«partially applied primop {}»", app.op.name)),
        Value::Thunk(t) => match t.value() {
            Some(v) => abbrev(out, &v, depth),
            _ => out.push('…'),
        },
        other => {
            let mut bytes = Vec::new();
            print_inner(&mut bytes, other, &mut HashSet::new());
            out.push_str(&String::from_utf8_lossy(&bytes));
        }
    }
}
