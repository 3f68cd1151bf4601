//! Files and import: `import`, `scopedImport`, `__findFile`, `readFile`,
//! `readDir`, `readFileType`, `pathExists`.
//!
//! The file builtins take a path, or a string (or a set with `outPath` /
//! `__toString`) holding an absolute path, like CppNix's `realisePath`:
//! paths are not copied to the store and string context is allowed. All
//! access goes through [`Evaluator::fs`]. nixlite never writes the store,
//! so a path inside a store path it computed for a copied source (`"${./dir}/f"`)
//! is read from that source; a path inside a derivation output that does not
//! exist is an import-from-derivation error.

use super::{builtin, Builtin};
use crate::error::{ErrorKind, EvalError, Result};
use crate::eval::{io_reason, os_path, CoerceMode, Evaluator, FileType};
use crate::value::{Attrs, ContextElem, NixString, Value};
use nixlite_syntax::source::Span;
use nixlite_syntax::Symbol;
use std::rc::Rc;

/// Refuses a string that is not an absolute path.
fn require_absolute(s: &NixString, span: Span, what: &str) -> Result<()> {
    if s.as_bytes().starts_with(b"/") {
        return Ok(());
    }
    Err(EvalError::new(
        ErrorKind::Invalid,
        format!("string `{}` doesn't represent an absolute path", s.to_str_lossy()),
    )
    .at(Some(span))
    .with_label(format!("{what} must be an absolute path")))
}

/// The path a value given to `import` and friends stands for.
pub(crate) fn path_arg(ev: &mut Evaluator, v: &Value, span: Span, what: &str) -> Result<Vec<u8>> {
    let v = ev.force(v)?;
    let s = match &v {
        Value::Path(p) => return Ok(p.0.clone()),
        _ => ev.coerce_to_string(&v, CoerceMode::PathAppend, Some(span))?,
    };
    require_absolute(&s, span, what)?;
    Ok(crate::resolve::canonicalise(s.as_bytes()))
}

/// A file argument of `readFile` and friends, resolved.
pub(crate) struct FileArg {
    /// The absolute, canonical path as given.
    pub path: Vec<u8>,
    /// Where its contents are: `path`, or the source of a store path
    /// nixlite computed for a copied path (it never writes the store).
    pub real: Vec<u8>,
    /// The string referred to a derivation output (its context said so).
    pub from_derivation: bool,
}

impl FileArg {
    /// The path for messages.
    pub fn shown(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.path)
    }

    /// The error for a failed access: `doing` is "cannot read", … A missing
    /// file inside a derivation output is reported as import from derivation.
    pub fn io_error(&self, doing: &str, e: &std::io::Error, span: Span) -> EvalError {
        if self.from_derivation && e.kind() == std::io::ErrorKind::NotFound {
            return EvalError::new(
                ErrorKind::Io,
                format!(
                    "{doing} `{}`: it is in the output of a derivation that has not been built",
                    self.shown()
                ),
            )
            .at(Some(span))
            .with_label("this path needs a derivation output (import from derivation)")
            .with_help(
                "nixlite does not build derivations during evaluation; build it first, or avoid reading its output",
            );
        }
        let err = EvalError::new(ErrorKind::Io, format!("{doing} `{}`: {}", self.shown(), io_reason(e))).at(Some(span));
        match e.kind() {
            std::io::ErrorKind::NotFound => err.with_label("nothing exists at this path"),
            std::io::ErrorKind::IsADirectory => err.with_label("expected a file, found a directory"),
            std::io::ErrorKind::NotADirectory => err.with_label("expected a directory, found something else"),
            std::io::ErrorKind::PermissionDenied => err.with_label("not readable by this process"),
            _ => err,
        }
    }
}

/// How many `__toString`/`outPath` indirections a path argument may take.
const MAX_INDIRECTIONS: usize = 10_000;

/// Resolves a file argument as CppNix's `realisePath` does: a path, or a
/// string (directly or via `__toString`/`outPath`) holding an absolute
/// path; paths are not copied and string context is allowed.
pub(crate) fn file_arg(ev: &mut Evaluator, v: &Value, span: Span, what: &str) -> Result<FileArg> {
    let mut v = ev.force(v)?;
    for _ in 0..MAX_INDIRECTIONS {
        let s = match &v {
            Value::Path(p) => {
                let path = p.0.clone();
                let real = locate(ev, &path);
                return Ok(FileArg {
                    path,
                    real,
                    from_derivation: false,
                });
            }
            Value::String(s) => s.clone(),
            Value::Attrs(attrs) => {
                if let Some(f) = attrs.get(ev.known.to_string).cloned() {
                    let r = ev.call(&f, v.clone(), Some(span))?;
                    v = ev.force(&r)?;
                    continue;
                }
                if let Some(out) = attrs.get(ev.known.out_path).cloned() {
                    v = ev.force(&out)?;
                    continue;
                }
                return Err(ev.type_mismatch("a path or a string", &v, Some(span), what));
            }
            _ => return Err(ev.type_mismatch("a path or a string", &v, Some(span), what)),
        };
        return string_file_arg(ev, &s, span, what);
    }
    Err(EvalError::new(
        ErrorKind::Invalid,
        "cannot coerce this set to a path: too many nested `__toString`/`outPath` attributes",
    )
    .at(Some(span)))
}

fn string_file_arg(ev: &mut Evaluator, s: &NixString, span: Span, what: &str) -> Result<FileArg> {
    require_absolute(s, span, what)?;
    let from_derivation = s
        .context()
        .is_some_and(|c| c.iter().any(|e| !matches!(e, ContextElem::Plain(_))));
    let path = crate::resolve::canonicalise(s.as_bytes());
    let real = locate(ev, &path);
    Ok(FileArg {
        path,
        real,
        from_derivation,
    })
}

/// Where the contents of `path` are: the path itself, unless it does not
/// exist and lies inside a store path nixlite computed for a copied
/// source — then the same place inside that source.
fn locate(ev: &Evaluator, path: &[u8]) -> Vec<u8> {
    let store = ev.settings.store_dir.as_bytes();
    let in_store = path.starts_with(store) && path.get(store.len()) == Some(&b'/');
    if !in_store || ev.fs.file_type(os_path(path), false).is_ok() {
        return path.to_vec();
    }
    let after = &path[store.len() + 1..];
    let end = after.iter().position(|&b| b == b'/').unwrap_or(after.len());
    let (base, rest) = after.split_at(end);
    let store_path_len = store.len() + 1 + base.len();
    let store_path = &path[..store_path_len];
    let source = ev
        .store_cache
        .iter()
        .find(|(_, printed)| printed.as_bytes() == store_path)
        .map(|(source, _)| source);
    match source {
        Some(source) => {
            let mut real = source.clone();
            real.extend_from_slice(rest);
            real
        }
        None => path.to_vec(),
    }
}

/// The name Nix gives a file type.
pub(crate) fn file_type_name(t: FileType) -> &'static str {
    match t {
        FileType::Regular => "regular",
        FileType::Directory => "directory",
        FileType::Symlink => "symlink",
        FileType::Unknown => "unknown",
    }
}

pub(crate) const BUILTINS: &[Builtin] = &[
    builtin!(
        "readFile",
        1,
        [0],
        "`readFile path`: the contents of the file at `path` (a path, or a string holding an absolute path) as a string; symlinks are followed. A file containing a NUL byte cannot be a Nix string and is an error. For example, `readFile ./hello.txt` is `\"hello\\n\"` if that is the file's text.",
        read_file
    ),
    builtin!(
        "readDir",
        1,
        [0],
        "`readDir path`: the entries of the directory `path` as a set from each name to its type, `\"regular\"`, `\"directory\"`, `\"symlink\"` or `\"unknown\"` (symlinks inside are not followed). For example, `readDir ./.` may be `{ \"default.nix\" = \"regular\"; lib = \"directory\"; }`.",
        read_dir
    ),
    builtin!(
        "readFileType",
        1,
        [0],
        "`readFileType path`: the type of the file at `path` without following a final symlink: `\"regular\"`, `\"directory\"`, `\"symlink\"` or `\"unknown\"`. For example, `readFileType ./.` is `\"directory\"`.",
        |ev, a, span| {
            let arg = file_arg(ev, &a[0], span, "the argument of `readFileType`")?;
            let t = ev
                .fs
                .file_type(os_path(&arg.real), false)
                .map_err(|e| arg.io_error("cannot get the type of", &e, span))?;
            Ok(Value::string(file_type_name(t).as_bytes()))
        }
    ),
    builtin!(
        "pathExists",
        1,
        [0],
        "`pathExists path`: whether something exists at `path` (a symlink counts, even a dangling one); a string ending in `/` or `/.` must name a directory. A path that cannot be accessed is `false`, not an error. For example, `pathExists ./nope` is `false` and `pathExists \"/\"` is `true`.",
        path_exists
    ),
    builtin!(
        "import",
        1,
        [0],
        "Evaluates a Nix file (a directory means its `default.nl` or `default.nix`); each file once per evaluation.",
        |ev, a, span| {
            let path = path_arg(ev, &a[0], span, "the file to import")?;
            if let Some(v) = crate::corepkgs::import(ev, &path)? {
                return Ok(v);
            }
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

fn read_file(ev: &mut Evaluator, a: &mut [Value], span: Span) -> Result<Value> {
    let arg = file_arg(ev, &a[0], span, "the argument of `readFile`")?;
    let bytes = ev
        .fs
        .read(os_path(&arg.real))
        .map_err(|e| arg.io_error("cannot read", &e, span))?;
    if bytes.contains(&0) {
        return Err(EvalError::new(
            ErrorKind::Invalid,
            "the contents of the file cannot be represented as a Nix string",
        )
        .at(Some(span))
        .with_label(format!("`{}` contains a NUL byte", arg.shown()))
        .with_help("Nix strings cannot hold NUL bytes; `builtins.hashFile` works on any file"));
    }
    Ok(Value::string(bytes))
}

fn read_dir(ev: &mut Evaluator, a: &mut [Value], span: Span) -> Result<Value> {
    let arg = file_arg(ev, &a[0], span, "the argument of `readDir`")?;
    let entries = ev
        .fs
        .read_dir(os_path(&arg.real))
        .map_err(|e| arg.io_error("cannot read the directory", &e, span))?;
    let names = [
        FileType::Regular,
        FileType::Directory,
        FileType::Symlink,
        FileType::Unknown,
    ]
    .map(|t| Value::String(Rc::new(NixString::new(file_type_name(t).as_bytes()))));
    let type_value = |t: FileType| match t {
        FileType::Regular => names[0].clone(),
        FileType::Directory => names[1].clone(),
        FileType::Symlink => names[2].clone(),
        FileType::Unknown => names[3].clone(),
    };
    let pairs = entries
        .into_iter()
        .map(|(name, t)| (Symbol::intern(name), type_value(t)))
        .collect();
    Ok(Value::attrs(Attrs::from_pairs(pairs)))
}

fn path_exists(ev: &mut Evaluator, a: &mut [Value], span: Span) -> Result<Value> {
    // Newest CppNix: a string ending in `/` or `/.` must name a directory
    // (symlinks followed all the way); otherwise the final symlink is not followed.
    let must_be_dir = match &a[0] {
        Value::String(s) => s.as_bytes().ends_with(b"/") || s.as_bytes().ends_with(b"/."),
        _ => false,
    };
    let arg = file_arg(ev, &a[0], span, "the argument of `pathExists`")?;
    let found = if must_be_dir {
        ev.fs
            .file_type(os_path(&arg.real), true)
            .map(|t| t == FileType::Directory)
    } else {
        ev.fs.file_type(os_path(&arg.real), false).map(|_| true)
    };
    match found {
        Ok(exists) => Ok(Value::Bool(exists)),
        Err(e) if arg.from_derivation && e.kind() == std::io::ErrorKind::NotFound => {
            Err(arg.io_error("cannot check whether a file exists at", &e, span))
        }
        Err(_) => Ok(Value::Bool(false)),
    }
}

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
    // Newest CppNix: `<nix/…>` falls back to the built-in corepkgs.
    if let Some(v) = crate::corepkgs::find_file(name) {
        return Ok(v);
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
