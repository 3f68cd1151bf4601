//! Coercion to strings, with CppNix's rules for each context.

use super::Evaluator;
use crate::error::{ErrorKind, EvalError, Result};
use crate::print;
use crate::value::number_format::format_float_f;
use crate::value::{NixString, StringBuilder, Value};
use nixlite_syntax::source::Span;
use std::rc::Rc;

/// Which coercion rules apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CoerceMode {
    /// `"${v}"`, `s + v`: strings, paths (copied to the store), sets with
    /// `__toString` or `outPath`.
    Interpolation,
    /// `path + v`: as interpolation, but paths are not copied and a string
    /// with context is refused.
    PathAppend,
    /// `toString v`: also numbers, Booleans, null and lists; paths are not copied.
    ToString,
    /// `baseNameOf`, `dirOf`: as interpolation, but paths are not copied
    /// (string context is kept).
    NoCopy,
}

impl Evaluator {
    /// Coerces `v` to a string under `mode`.
    pub fn coerce_to_string(&mut self, v: &Value, mode: CoerceMode, span: Option<Span>) -> Result<Rc<NixString>> {
        self.coerce_value(v.clone(), mode, span)
    }

    /// [`Evaluator::coerce_to_string`] of a value the caller owns: a string
    /// is handed back as it is, without touching its reference count.
    pub fn coerce_value(&mut self, v: Value, mode: CoerceMode, span: Option<Span>) -> Result<Rc<NixString>> {
        self.with_stack(|ev| ev.coerce_inner(v, mode, span))
    }

    fn coerce_inner(&mut self, v: Value, mode: CoerceMode, span: Option<Span>) -> Result<Rc<NixString>> {
        let v = self.force_value(v)?;
        if let Value::String(s) = v {
            if mode == CoerceMode::PathAppend && s.has_context() {
                return Err(EvalError::new(
                    ErrorKind::Invalid,
                    "a string that refers to a store path cannot be appended to a path",
                )
                .at(span));
            }
            return Ok(s);
        }
        let more = mode == CoerceMode::ToString;
        let s = match &v {
            Value::Path(p) => {
                if mode == CoerceMode::Interpolation {
                    return self.copy_path_to_store(&p.0, span);
                }
                NixString::new(p.0.clone())
            }
            Value::Attrs(attrs) => {
                if let Some(f) = attrs.get(self.known.to_string) {
                    let f = f.clone();
                    let r = self.call(&f, v.clone(), span)?;
                    return self.nested(span, |ev| ev.coerce_value(r, mode, span));
                }
                if let Some(out) = attrs.get(self.known.out_path) {
                    let out = out.clone();
                    return self.nested(span, |ev| ev.coerce_value(out, mode, span));
                }
                return Err(self.cannot_coerce(&v, span));
            }
            Value::Int(n) if more => NixString::new(itoa::Buffer::new().format(*n).as_bytes()),
            Value::Float(f) if more => NixString::new(format_float_f(*f).into_bytes()),
            Value::Bool(b) if more => NixString::new(if *b { &b"1"[..] } else { b"" }),
            Value::Null if more => NixString::new(&b""[..]),
            Value::List(list) if more => {
                let items = list.to_vec();
                let mut out = StringBuilder::new();
                for (i, item) in items.iter().enumerate() {
                    // Counted as nesting: a list may contain itself.
                    let s = self.nested(span, |ev| ev.coerce_to_string(item, mode, span))?;
                    out.push_str(&s);
                    if i + 1 < items.len() {
                        let empty_list = matches!(self.force(item)?, Value::List(l) if l.is_empty());
                        if !empty_list {
                            out.push_bytes(b" ");
                        }
                    }
                }
                out.finish()
            }
            _ => return Err(self.cannot_coerce(&v, span)),
        };
        Ok(Rc::new(s))
    }

    fn cannot_coerce(&self, v: &Value, span: Option<Span>) -> EvalError {
        let mut err = EvalError::type_error(format!(
            "cannot coerce {} to a string: {}",
            v.type_phrase(),
            print::abbreviate(v)
        ))
        .at(span);
        if matches!(
            v,
            Value::Int(_) | Value::Float(_) | Value::Bool(_) | Value::Null | Value::List(_)
        ) {
            err = err.with_help("use `toString` to turn it into a string, e.g. \"${toString n}\"");
        }
        err
    }

    /// The store path of `path` copied to the store (computed from the NAR
    /// hash of its contents; nothing is written), as a string whose context
    /// is that path.
    pub fn copy_path_to_store(&mut self, path: &[u8], span: Option<Span>) -> Result<Rc<NixString>> {
        if let Some(s) = self.store_cache.get(path) {
            return Ok(s.clone());
        }
        let shown = String::from_utf8_lossy(path).into_owned();
        let fail = |message: String| EvalError::new(ErrorKind::Io, message).at(span);
        let name = match path.iter().rposition(|&b| b == b'/') {
            Some(i) => &path[i + 1..],
            None => path,
        };
        let name = std::str::from_utf8(name).map_err(|_| fail(format!("the name of `{shown}` is not valid UTF-8")))?;
        if name.ends_with(".drv") {
            return Err(fail(format!(
                "cannot copy `{shown}` to the store: file names are not allowed to end in '.drv'"
            )));
        }
        let hash = nixlite_store::nar::nar_hash_path(&nixlite_store::StdFs, crate::eval::os_path(path))
            .map_err(|e| fail(format!("cannot copy `{shown}` to the store: {e}")))?;
        let store = nixlite_store::StoreDir::new(&self.settings.store_dir)
            .map_err(|e| fail(format!("invalid store directory: {e}")))?;
        let store_path = store
            .make_source_path(name, &hash.hash, &Default::default(), false)
            .map_err(|e| fail(format!("cannot copy `{shown}` to the store: {e}")))?;
        let printed = store.print(&store_path).into_bytes();
        let mut context = crate::value::Context::new();
        context.insert(crate::value::ContextElem::Plain(printed.clone().into_boxed_slice()));
        let s = Rc::new(NixString::with_context(
            printed,
            crate::value::StringContext::new(context),
        ));
        self.store_cache.insert(path.to_vec(), s.clone());
        Ok(s)
    }
}
