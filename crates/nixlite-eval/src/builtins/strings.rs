//! Strings: `toString`, `baseNameOf`, `dirOf`, `stringLength`, `substring`,
//! `concatStringsSep`, `replaceStrings` and `toPath` (the context builtins
//! are in `context.rs`).
//!
//! Strings are bytes: lengths and offsets count bytes, not characters.
//! Context follows CppNix: `substring` keeps the whole context of its
//! argument (even for `""`), `concatStringsSep` keeps the separator's
//! context even for an empty list, `replaceStrings` adds a replacement's
//! context only if that replacement is used (and, as in newest CppNix,
//! forces only the replacements it uses).

use super::{builtin, Builtin};
use crate::error::{ErrorKind, EvalError, Result};
use crate::eval::{CoerceMode, Evaluator};
use crate::value::{List, NixString, StringBuilder, Value};
use nixlite_syntax::source::Span;
use std::rc::Rc;

pub(crate) const BUILTINS: &[Builtin] = &[
    builtin!("toString", 1, [0], "Converts a value to a string: numbers, Booleans, null, lists, paths (not copied) and sets with `__toString` or `outPath`.", |ev, a, span| {
        Ok(Value::String(ev.coerce_value(std::mem::take(&mut a[0]), CoerceMode::ToString, Some(span))?))
    }),
    builtin!("baseNameOf", 1, [0], "The last component of a path or string (ignoring one trailing slash).", |ev, a, span| {
        let s = ev.coerce_to_string(&a[0], CoerceMode::NoCopy, Some(span))?;
        let mut bytes = s.as_bytes();
        if bytes.ends_with(b"/") {
            bytes = &bytes[..bytes.len() - 1];
        }
        let base = match bytes.iter().rposition(|&b| b == b'/') {
            Some(i) => &bytes[i + 1..],
            None => bytes,
        };
        Ok(Value::String(Rc::new(NixString::with_context(base, s.context().cloned()))))
    }),
    builtin!("dirOf", 1, [0], "The directory part of a path (a path) or of a string (a string).", dir_of),
    builtin!(
        "stringLength",
        1,
        [0],
        "The length of a string in bytes (not characters); a path or a set with `outPath` is first coerced to a string as in interpolation. Example: `builtins.stringLength \"héllo\"` is `6`.",
        |ev, a, span| {
            let s = coerce(ev, &a[0], span, "the argument of `stringLength`")?;
            Ok(Value::Int(i64::try_from(s.as_bytes().len()).unwrap_or(i64::MAX)))
        }
    ),
    builtin!(
        "substring",
        3,
        [0],
        "`substring start len s`: the bytes of `s` from offset `start` (from 0), at most `len` of them; a negative `len` means up to the end, a `start` past the end gives `\"\"`, and the result keeps all of `s`'s string context. Example: `builtins.substring 1 3 \"hello\"` is `\"ell\"`, `builtins.substring 1 (-1) \"hello\"` is `\"ello\"`.",
        substring
    ),
    builtin!(
        "concatStringsSep",
        2,
        [0, 1],
        "`concatStringsSep sep list`: the elements of `list` (strings, paths or sets coercible as in interpolation) joined with the string `sep` between them. Example: `builtins.concatStringsSep \", \" [ \"a\" \"b\" ]` is `\"a, b\"`.",
        concat_strings_sep
    ),
    builtin!(
        "replaceStrings",
        3,
        [0, 1],
        "`replaceStrings from to s`: `s` with every occurrence of a string of `from` replaced by the string at the same index in `to`, scanning left to right; at each position the first matching string of `from` wins, and an empty string matches at every position. Example: `builtins.replaceStrings [ \"oo\" \"a\" ] [ \"0\" \"4\" ] \"foobar\"` is `\"f0b4r\"`.",
        replace_strings
    ),
    builtin!(
        "toPath",
        1,
        [0],
        "Deprecated: the argument (a path or a string, not copied to the store) as an absolute, canonical path *string*, keeping its context; `.`, `..` and repeated slashes are resolved. Example: `builtins.toPath \"/a/../b//c\"` is the string `\"/b/c\"`; use `/. + s` for a path value.",
        to_path
    ),
];

fn dir_of(ev: &mut Evaluator, a: &mut [Value], span: nixlite_syntax::source::Span) -> crate::error::Result<Value> {
    if let Value::Path(p) = &a[0] {
        let parent = match p.0.iter().rposition(|&b| b == b'/') {
            Some(0) | None => b"/".to_vec(),
            Some(i) => p.0[..i].to_vec(),
        };
        return Ok(Value::path(parent));
    }
    let s = ev.coerce_to_string(&a[0], CoerceMode::NoCopy, Some(span))?;
    let bytes = s.as_bytes();
    let dir: &[u8] = match bytes.iter().rposition(|&b| b == b'/') {
        None => b".",
        Some(0) => b"/",
        Some(i) => &bytes[..i],
    };
    Ok(Value::String(Rc::new(NixString::with_context(
        dir,
        s.context().cloned(),
    ))))
}

/// Labels a coercion error raised at this call (not one from deeper down,
/// such as a failing `__toString`) with the argument it concerns.
fn label_here(e: EvalError, span: Span, label: &str) -> EvalError {
    if e.0.label.is_none() && e.0.span == Some(span) {
        e.with_label(label)
    } else {
        e
    }
}

/// Coerces `v` as interpolation does (paths are copied to the store),
/// labelling a refusal with `what`.
fn coerce(ev: &mut Evaluator, v: &Value, span: Span, what: &str) -> Result<Rc<NixString>> {
    coerce_value(ev, v.clone(), span, what)
}

/// [`coerce`] of a value the caller owns.
fn coerce_value(ev: &mut Evaluator, v: Value, span: Span, what: &str) -> Result<Rc<NixString>> {
    ev.coerce_value(v, CoerceMode::Interpolation, Some(span)).map_err(|e| {
        label_here(
            e,
            span,
            &format!("{what} must be a string, a path or a set with `__toString` or `outPath`"),
        )
    })
}

fn substring(ev: &mut Evaluator, a: &mut [Value], span: Span) -> Result<Value> {
    let start = ev.expect_int(&a[0], Some(span), "the start position passed to `substring`")?;
    if start < 0 {
        return Err(
            EvalError::new(ErrorKind::Invalid, "negative start position in 'substring'")
                .at(Some(span))
                .with_label(format!("the start position is {start}"))
                .with_help("offsets count bytes from 0"),
        );
    }
    let len = ev.force_int(&a[1], Some(span), "the length passed to `substring`")?;
    if len == 0 {
        // An empty substring keeps the context without coercing (newest
        // CppNix): the idiom for copying a string's context.
        if let Value::String(s) = ev.force(&a[2])? {
            return Ok(Value::String(Rc::new(NixString::with_context(
                &b""[..],
                s.context().cloned(),
            ))));
        }
    }
    let s = coerce(ev, &a[2], span, "the string passed to `substring`")?;
    let bytes = s.as_bytes();
    let from = usize::try_from(start).unwrap_or(usize::MAX).min(bytes.len());
    let to = match usize::try_from(len) {
        Ok(len) => from.saturating_add(len).min(bytes.len()),
        Err(_) => bytes.len(),
    };
    if from == 0 && to == bytes.len() {
        return Ok(Value::String(s));
    }
    let part = bytes.get(from..to).unwrap_or_default();
    Ok(Value::String(Rc::new(NixString::with_context(
        part,
        s.context().cloned(),
    ))))
}

fn concat_strings_sep(ev: &mut Evaluator, a: &mut [Value], span: Span) -> Result<Value> {
    let sep = ev.expect_string(&a[0], Some(span), "the separator passed to `concatStringsSep`")?;
    let list = ev.force_list_owned(
        std::mem::take(&mut a[1]),
        Some(span),
        "the second argument of `concatStringsSep`",
    )?;
    // Every element is coerced first, so that the result is allocated once
    // at its exact size.
    let mut pieces = Vec::with_capacity(list.len());
    for item in List::into_elements(list) {
        pieces.push(coerce_value(
            ev,
            item,
            span,
            "each element of the list passed to `concatStringsSep`",
        )?);
    }
    let len = pieces.iter().map(|s| s.len()).fold(
        sep.len().saturating_mul(pieces.len().saturating_sub(1)),
        usize::saturating_add,
    );
    if crate::limits::string_too_long_for_memory(len) {
        return Err(crate::limits::string_too_long(len, Some(span)));
    }
    let mut out = StringBuilder::with_capacity(len);
    out.add_context(sep.context());
    for (i, s) in pieces.iter().enumerate() {
        if i > 0 {
            out.push_bytes(sep.as_bytes());
        }
        out.push_str(s);
    }
    Ok(Value::String(Rc::new(out.finish())))
}

fn replace_strings(ev: &mut Evaluator, a: &mut [Value], span: Span) -> Result<Value> {
    let from_list = ev.expect_list(&a[0], Some(span), "the first argument of `replaceStrings`")?;
    let to_list = ev.expect_list(&a[1], Some(span), "the second argument of `replaceStrings`")?;
    if from_list.len() != to_list.len() {
        return Err(EvalError::new(
            ErrorKind::Invalid,
            "'from' and 'to' arguments passed to builtins.replaceStrings have different lengths",
        )
        .at(Some(span))
        .with_label(format!(
            "`from` has {} but `to` has {}",
            elements(from_list.len()),
            elements(to_list.len())
        )));
    }
    let mut from = Vec::with_capacity(from_list.len());
    for item in from_list.to_vec() {
        from.push(ev.force_string(&item, Some(span), "a string to replace (an element of `from`)")?);
    }
    let s = ev.force_string(&a[2], Some(span), "the third argument of `replaceStrings`")?;
    let to = to_list.to_vec();

    // Every position is matched by the first empty pattern, so patterns
    // after it never win; the others are indexed by their first byte (in
    // list order) so each position only tries those that can match.
    let first_empty = from.iter().position(|f| f.as_bytes().is_empty());
    let usable = first_empty.unwrap_or(from.len());
    let mut by_first_byte: Vec<Vec<usize>> = vec![Vec::new(); 256];
    for (i, f) in from.iter().enumerate().take(usable) {
        if let Some(&b) = f.as_bytes().first() {
            by_first_byte[usize::from(b)].push(i);
        }
    }

    let bytes = s.as_bytes();
    let mut out = StringBuilder::new();
    out.add_context(s.context());
    let mut replacements: Vec<Option<Rc<NixString>>> = vec![None; to.len()];
    let mut p = 0;
    while p <= bytes.len() {
        let rest = bytes.get(p..).unwrap_or_default();
        let found = rest
            .first()
            .and_then(|&b| {
                by_first_byte[usize::from(b)]
                    .iter()
                    .copied()
                    .find(|&i| rest.starts_with(from[i].as_bytes()))
            })
            .or(first_empty);
        let Some(i) = found else {
            if let Some(&b) = rest.first() {
                out.push_bytes(&[b]);
            }
            p += 1;
            continue;
        };
        let replacement = match &replacements[i] {
            Some(r) => r.clone(),
            None => {
                let r = ev.force_string(&to[i], Some(span), "a replacement string (an element of `to`)")?;
                out.add_context(r.context());
                replacements[i] = Some(r.clone());
                r
            }
        };
        out.push_bytes(replacement.as_bytes());
        let matched = from[i].as_bytes().len();
        if matched == 0 {
            if let Some(&b) = rest.first() {
                out.push_bytes(&[b]);
            }
            p += 1;
        } else {
            p += matched;
        }
    }
    Ok(Value::String(Rc::new(out.finish())))
}

fn elements(n: usize) -> String {
    if n == 1 {
        "1 element".into()
    } else {
        format!("{n} elements")
    }
}

fn to_path(ev: &mut Evaluator, a: &mut [Value], span: Span) -> Result<Value> {
    let s = coerce_to_path_string(ev, &a[0], span).map_err(|e| {
        label_here(
            e,
            span,
            "the argument of `toPath` must be a string, a path or a set with `__toString` or `outPath`",
        )
    })?;
    let bytes = s.as_bytes();
    if !bytes.starts_with(b"/") {
        return Err(EvalError::new(
            ErrorKind::Invalid,
            format!("string '{}' doesn't represent an absolute path", s.to_str_lossy()),
        )
        .at(Some(span))
        .with_label("`toPath` needs an absolute path")
        .with_help("start the string with `/`; for a path relative to this file use a path literal like `./x`"));
    }
    let canonical = crate::resolve::canonicalise(bytes);
    if canonical == bytes {
        return Ok(Value::String(s));
    }
    Ok(Value::String(Rc::new(NixString::with_context(
        canonical,
        s.context().cloned(),
    ))))
}

/// CppNix's `coerceToPath` before the absolute-path check: a path as its
/// text, a string with its context, a set through `__toString` or
/// `outPath`; nothing is copied to the store.
fn coerce_to_path_string(ev: &mut Evaluator, v: &Value, span: Span) -> Result<Rc<NixString>> {
    let v = ev.force(v)?;
    match &v {
        Value::Path(p) => Ok(Rc::new(NixString::new(p.0.clone()))),
        Value::Attrs(attrs) => {
            let to_string = attrs.get(nixlite_syntax::Symbol::intern("__toString")).cloned();
            if let Some(f) = to_string {
                let r = ev.call(&f, v.clone(), Some(span))?;
                return coerce_to_path_string(ev, &r, span);
            }
            match attrs.get(nixlite_syntax::Symbol::intern("outPath")).cloned() {
                Some(out) => coerce_to_path_string(ev, &out, span),
                None => ev.coerce_to_string(&v, CoerceMode::Interpolation, Some(span)),
            }
        }
        // Strings as they are; anything else fails with the usual message.
        _ => ev.coerce_to_string(&v, CoerceMode::Interpolation, Some(span)),
    }
}
