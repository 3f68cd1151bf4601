//! Files and import: `import`, `scopedImport`, `__findFile`.

use super::{builtin, Builtin};
use crate::error::{ErrorKind, EvalError, Result};
use crate::eval::{os_path, CoerceMode, Evaluator};
use crate::value::Value;
use nixlite_syntax::source::Span;
use nixlite_syntax::Symbol;

/// The path a value given to `import` and friends stands for.
pub(crate) fn path_arg(ev: &mut Evaluator, v: &Value, span: Span, what: &str) -> Result<Vec<u8>> {
    let v = ev.force(v)?;
    let s = match &v {
        Value::Path(p) => return Ok(p.0.clone()),
        _ => ev.coerce_to_string(&v, CoerceMode::PathAppend, Some(span))?,
    };
    if !s.as_bytes().starts_with(b"/") {
        return Err(EvalError::new(
            ErrorKind::Invalid,
            format!("string `{}` doesn't represent an absolute path", s.to_str_lossy()),
        )
        .at(Some(span))
        .with_label(format!("{what} must be an absolute path")));
    }
    Ok(crate::resolve::canonicalise(s.as_bytes()))
}

pub(crate) const BUILTINS: &[Builtin] = &[
    builtin!(
        "import",
        1,
        [0],
        "Evaluates a Nix file (a directory means its `default.nl` or `default.nix`); each file once per evaluation.",
        |ev, a, span| {
            let path = path_arg(ev, &a[0], span, "the file to import")?;
            ev.import(&path, Some(span))
        }
    ),
    builtin!(
        "scopedImport",
        2,
        [0, 1],
        "`scopedImport scope path`: imports a file in which the names of `scope` are bound (shadowing builtins).",
        |ev, a, span| {
            let scope = ev.expect_attrs(&a[0], Some(span), "the scope")?;
            let path = path_arg(ev, &a[1], span, "the file to import")?;
            ev.scoped_import(&scope, &path, Some(span))
        }
    ),
    builtin!(
        "findFile",
        2,
        [0, 1],
        "`findFile searchPath name`: resolves `<name>` against a search path list of `{ prefix; path; }`.",
        find_file
    ),
];

fn find_file(ev: &mut Evaluator, a: &mut [Value], span: Span) -> Result<Value> {
    let search = ev.expect_list(&a[0], Some(span), "the search path")?;
    let name = ev.expect_string(&a[1], Some(span), "the name to look up")?;
    let name = name.as_bytes();
    let (prefix_sym, path_sym) = (Symbol::intern("prefix"), Symbol::intern("path"));
    for entry in search.to_vec() {
        let entry = ev.force_attrs(&entry, Some(span), "a search path entry")?;
        let prefix = match entry.get(prefix_sym) {
            Some(p) => ev.force_string(&p.clone(), Some(span), "`prefix`")?.as_bytes().to_vec(),
            None => Vec::new(),
        };
        let Some(path) = entry.get(path_sym).cloned() else {
            return Err(EvalError::new(
                ErrorKind::MissingAttr,
                "attribute `path` missing in a search path entry",
            )
            .at(Some(span)));
        };
        let rest: &[u8] = if prefix.is_empty() {
            name
        } else if name == prefix.as_slice() {
            b""
        } else if name.starts_with(&prefix) && name.get(prefix.len()) == Some(&b'/') {
            &name[prefix.len() + 1..]
        } else {
            continue;
        };
        let base = ev.coerce_to_string(&path, CoerceMode::PathAppend, Some(span))?;
        let mut candidate = base.as_bytes().to_vec();
        if !rest.is_empty() {
            candidate.push(b'/');
            candidate.extend_from_slice(rest);
        }
        if ev.fs.file_type(os_path(&candidate), true).is_ok() {
            return Ok(Value::path(crate::resolve::canonicalise(&candidate)));
        }
    }
    Err(EvalError::new(
        ErrorKind::Io,
        format!(
            "file `{}` was not found in the Nix search path",
            String::from_utf8_lossy(name)
        ),
    )
    .at(Some(span))
    .with_help("add it with -I name=path or NIX_PATH"))
}
