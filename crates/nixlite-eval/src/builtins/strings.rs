//! Strings: `toString`, `baseNameOf`, `dirOf`.

use super::{builtin, Builtin};
use crate::eval::{CoerceMode, Evaluator};
use crate::value::{NixString, Value};
use std::rc::Rc;

pub(crate) const BUILTINS: &[Builtin] = &[
    builtin!("toString", 1, [0], "Converts a value to a string: numbers, Booleans, null, lists, paths (not copied) and sets with `__toString` or `outPath`.", |ev, a, span| {
        Ok(Value::String(ev.coerce_to_string(&a[0], CoerceMode::ToString, Some(span))?))
    }),
    builtin!("baseNameOf", 1, [0], "The last component of a path or string (ignoring one trailing slash).", |ev, a, span| {
        let s = ev.coerce_to_string(&a[0], CoerceMode::PathAppend, Some(span))?;
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
];

fn dir_of(ev: &mut Evaluator, a: &mut [Value], span: nixlite_syntax::source::Span) -> crate::error::Result<Value> {
    if let Value::Path(p) = &a[0] {
        let parent = match p.0.iter().rposition(|&b| b == b'/') {
            Some(0) | None => b"/".to_vec(),
            Some(i) => p.0[..i].to_vec(),
        };
        return Ok(Value::path(parent));
    }
    let s = ev.coerce_to_string(&a[0], CoerceMode::PathAppend, Some(span))?;
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
