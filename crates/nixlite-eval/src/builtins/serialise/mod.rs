//! Serialisation: `toJSON`, `fromJSON`, `fromTOML`, `toXML`.

mod from_json;
mod from_toml;
mod to_xml;

use super::{builtin, Builtin};
use crate::error::{ErrorKind, EvalError, Result};
use crate::eval::Evaluator;
use crate::value::{NixString, StringBuilder, Value};
use nixlite_syntax::source::Span;
use std::rc::Rc;

pub(crate) const BUILTINS: &[Builtin] = &[
    builtin!("toJSON", 1, [], "Serialises a value, forcing it completely, as compact JSON: sets become objects with sorted keys, sets with `__toString` or `outPath` (derivations) the string they stand for, paths are copied to the store, and functions are an error. The result keeps the string context of the strings in it. For example, `builtins.toJSON { x = [ 1 2.5 \"a\" ]; y = null; }` is `\"{\\\"x\\\":[1,2.5,\\\"a\\\"],\\\"y\\\":null}\"`.", to_json),
    builtin!("fromJSON", 1, [0], "Parses a JSON string into a Nix value: objects become sets (a repeated key keeps its last value), arrays lists, numbers with a fraction or an exponent floats and other numbers integers. For example, `builtins.fromJSON ''{\"x\": [1, 2.5], \"y\": null}''` is `{ x = [ 1 2.5 ]; y = null; }`.", from_json::from_json),
    builtin!("fromTOML", 1, [0], "Parses a TOML document into a set: tables (also inline and arrays of tables) become sets and lists of sets, and strings, integers, floats and Booleans the matching Nix values; dates and times are not supported. For example, `fromTOML \"x = 1\\n[t]\\ny = [ \\\"a\\\" ]\"` is `{ t = { y = [ \"a\" ]; }; x = 1; }`.", from_toml::from_toml),
    builtin!("toXML", 1, [], "Serialises a value, forcing it completely, as the XML document CppNix uses for `--xml` output: `<int value=\"1\" />`, `<string value=\"…\" />`, `<list>`, `<attrs>` of `<attr name=\"…\">`, functions as `<function>` with their argument pattern, and derivations as `<derivation drvPath=… outPath=…>` (shown once, then `<repeated />`). The result keeps the string context of the strings in it; paths are not copied. For example, `builtins.toXML 1` is `\"<?xml version='1.0' encoding='utf-8'?>\\n<expr>\\n  <int value=\\\"1\\\" />\\n</expr>\\n\"`.", to_xml::to_xml),
];

fn to_json(ev: &mut Evaluator, a: &mut [Value], span: Span) -> Result<Value> {
    let mut out = StringBuilder::new();
    let json = ev.to_json(&a[0], &mut out, Some(span))?;
    out.push_bytes(&json);
    Ok(Value::String(Rc::new(out.finish())))
}

/// The forced argument `v` as a string without context (`fromJSON`,
/// `fromTOML` parse text, which cannot refer to store paths).
fn string_without_context(ev: &Evaluator, v: &Value, span: Span, what: &str) -> Result<Rc<NixString>> {
    let s = ev.expect_string(v, Some(span), what)?;
    if s.has_context() {
        return Err(EvalError::new(
            ErrorKind::Invalid,
            format!(
                "{what} must not refer to a store path, but the string `{}` does",
                abbreviate_bytes(s.as_bytes())
            ),
        )
        .at(Some(span))
        .with_label("this string has a store path in its context")
        .with_help("use `builtins.unsafeDiscardStringContext` if the text really does not depend on the path"));
    }
    Ok(s)
}

/// At most about 60 characters of `bytes`, for messages.
fn abbreviate_bytes(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    match text.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.into_owned(),
    }
}

/// Line and column (both 1-based, the column in bytes) of byte `offset` of `input`.
fn line_column(input: &[u8], offset: usize) -> (usize, usize) {
    let before = &input[..offset.min(input.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = match before.iter().rposition(|&b| b == b'\n') {
        Some(i) => before.len() - i,
        None => before.len() + 1,
    };
    (line, column)
}
