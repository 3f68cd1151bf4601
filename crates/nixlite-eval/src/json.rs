//! Values as JSON (`--json`, `builtins.toJSON`): compact, keys sorted,
//! floats with round-trip precision as newest CppNix prints them.

use crate::error::{ErrorKind, EvalError, Result};
use crate::eval::{CoerceMode, Evaluator};
use crate::value::number_format::format_float_json_newest;
use crate::value::{StringBuilder, Value};
use nixlite_syntax::source::Span;

/// Appends `s` as a JSON string.
pub fn escape_json(out: &mut Vec<u8>, s: &[u8]) {
    out.push(b'"');
    for &c in s {
        match c {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0c => out.extend_from_slice(b"\\f"),
            c if c < 0x20 => out.extend_from_slice(format!("\\u{c:04x}").as_bytes()),
            c => out.push(c),
        }
    }
    out.push(b'"');
}

impl Evaluator {
    /// Serialises `v` (forcing it deeply) as JSON; string context of the
    /// result (copied paths, derivations) is collected into `context`.
    pub fn to_json(&mut self, v: &Value, context: &mut StringBuilder, span: Option<Span>) -> Result<Vec<u8>> {
        let mut out = Vec::new();
        self.json_value(&mut out, v, context, span)?;
        Ok(out)
    }

    fn json_value(&mut self, out: &mut Vec<u8>, v: &Value, ctx: &mut StringBuilder, span: Option<Span>) -> Result<()> {
        // A set or list that contains itself would never end.
        let container = match v {
            Value::Thunk(_) => self.force(v)?,
            other => other.clone(),
        };
        let key = match &container {
            Value::Attrs(a) => Some(std::rc::Rc::as_ptr(a) as *const ()),
            Value::List(l) => Some(std::rc::Rc::as_ptr(l) as *const ()),
            _ => None,
        };
        if let Some(key) = key {
            if !self.json_in_progress.insert(key) {
                return Err(EvalError::new(
                    ErrorKind::InfiniteRecursion,
                    "cannot convert a value that contains itself to JSON",
                )
                .at(span));
            }
        }
        let result = self.with_stack(|ev| ev.json_inner(out, &container, ctx, span));
        if let Some(key) = key {
            self.json_in_progress.remove(&key);
        }
        result
    }

    fn json_inner(&mut self, out: &mut Vec<u8>, v: &Value, ctx: &mut StringBuilder, span: Option<Span>) -> Result<()> {
        let v = self.force(v)?;
        match &v {
            Value::Null => out.extend_from_slice(b"null"),
            Value::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
            Value::Int(n) => out.extend_from_slice(n.to_string().as_bytes()),
            Value::Float(f) => out.extend_from_slice(format_float_json_newest(*f).as_bytes()),
            Value::String(s) => {
                ctx.add_context(s.context());
                escape_json(out, s.as_bytes());
            }
            Value::Path(_) => {
                let s = self.coerce_to_string(&v, CoerceMode::Interpolation, span)?;
                ctx.add_context(s.context());
                escape_json(out, s.as_bytes());
            }
            Value::List(l) => {
                out.push(b'[');
                for (i, item) in l.to_vec().iter().enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    self.json_value(out, item, ctx, span)?;
                }
                out.push(b']');
            }
            Value::Attrs(a) => {
                if a.contains(self.known.to_string) {
                    let s = self.coerce_to_string(&v, CoerceMode::Interpolation, span)?;
                    ctx.add_context(s.context());
                    escape_json(out, s.as_bytes());
                    return Ok(());
                }
                if let Some(p) = a.get(self.known.out_path) {
                    let p = p.clone();
                    return self.json_value(out, &p, ctx, span);
                }
                out.push(b'{');
                for (i, (name, item)) in a.iter().enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    escape_json(out, name.as_bytes());
                    out.push(b':');
                    let item = item.clone();
                    self.json_value(out, &item, ctx, span)
                        .map_err(|e| e.context(span, format!("while evaluating the attribute `{name}`")))?;
                }
                out.push(b'}');
            }
            Value::Lambda(_) | Value::PrimOp(_) | Value::PrimOpApp(_) => {
                return Err(EvalError::new(ErrorKind::Type, "cannot convert a function to JSON")
                    .at(span)
                    .with_label("this value contains a function"))
            }
            Value::Thunk(_) => unreachable!("forced above"),
        }
        Ok(())
    }
}
