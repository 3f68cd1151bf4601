//! Files: the I/O trait every file-system access goes through, parsing and
//! resolving files, and `import` with its per-evaluation cache.

use super::Evaluator;
use crate::error::{ErrorKind, EvalError, Result};
use crate::ir::Ir;
use crate::resolve::{FileContext, Resolver};
use crate::thunk::{Env, Thunk};
use crate::value::{Attrs, Value};
use nixlite_syntax::source::{FileId, Origin, Span};
use nixlite_syntax::Symbol;
use std::ffi::OsStr;
use std::io;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// The type of a directory entry or path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileType {
    /// A regular file.
    Regular,
    /// A directory.
    Directory,
    /// A symbolic link.
    Symlink,
    /// Anything else (device, socket, …).
    Unknown,
}

/// File-system access, so embedders can sandbox or virtualise it.
pub trait FileSystem {
    /// The contents of a file.
    fn read(&self, path: &Path) -> io::Result<Vec<u8>>;
    /// The type of `path`, following a final symlink when `follow`.
    fn file_type(&self, path: &Path, follow: bool) -> io::Result<FileType>;
    /// The entries of a directory with their types (symlinks not followed).
    fn read_dir(&self, path: &Path) -> io::Result<Vec<(Vec<u8>, FileType)>>;
}

/// The real file system.
pub struct RealFileSystem;

fn file_type_of(t: std::fs::FileType) -> FileType {
    if t.is_symlink() {
        FileType::Symlink
    } else if t.is_dir() {
        FileType::Directory
    } else if t.is_file() {
        FileType::Regular
    } else {
        FileType::Unknown
    }
}

impl FileSystem for RealFileSystem {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        std::fs::read(path)
    }

    fn file_type(&self, path: &Path, follow: bool) -> io::Result<FileType> {
        let meta = if follow {
            std::fs::metadata(path)?
        } else {
            std::fs::symlink_metadata(path)?
        };
        Ok(file_type_of(meta.file_type()))
    }

    fn read_dir(&self, path: &Path) -> io::Result<Vec<(Vec<u8>, FileType)>> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(path)? {
            let entry = entry?;
            out.push((entry.file_name().as_bytes().to_vec(), file_type_of(entry.file_type()?)));
        }
        Ok(out)
    }
}

/// `bytes` as a file-system path.
pub fn os_path(bytes: &[u8]) -> &Path {
    Path::new(OsStr::from_bytes(bytes))
}

fn parent_dir(path: &[u8]) -> Vec<u8> {
    match path.iter().rposition(|&b| b == b'/') {
        Some(0) => b"/".to_vec(),
        Some(i) => path[..i].to_vec(),
        None => b".".to_vec(),
    }
}

impl Evaluator {
    /// Parses and resolves source text; `outer` names an outermost frame (`scopedImport`).
    pub fn load_source(
        &mut self,
        origin: Origin,
        text: Vec<u8>,
        base_dir: &[u8],
        outer: Option<&[Symbol]>,
    ) -> Result<(Ir, FileId)> {
        let file_name = position_file_name(&origin);
        let file = self.sources.add(origin, text);
        let source = self.sources.get(file);
        let text = source.text.clone();
        let ast = nixlite_syntax::parse(&text, file).map_err(EvalError::syntax)?;
        let line_col = |offset: u32| source.line_col(offset);
        let home = self.settings.home.clone();
        let ctx = FileContext {
            file,
            file_name,
            base_dir,
            home: home.as_deref().map(str::as_bytes),
            line_col: &line_col,
        };
        let globals = self.globals.clone();
        let ir = Resolver::new(&globals, ctx, outer).resolve(&ast)?;
        // Freeing a very deep AST recurses; give it room.
        stacker::maybe_grow(super::RED_ZONE, super::STACK_STEP, move || drop(ast));
        Ok((ir, file))
    }

    /// Evaluates source text (an `--expr`, stdin, a REPL line) whose relative
    /// paths resolve against `base_dir`.
    pub fn eval_source(&mut self, origin: Origin, text: Vec<u8>, base_dir: &[u8]) -> Result<Value> {
        let (ir, _) = self.load_source(origin, text, base_dir, None)?;
        let env = Env::new(Vec::new(), None);
        self.eval(&ir, &env)
    }

    /// The file a path to import means: the path itself, or a directory's
    /// `default.nl` or `default.nix`.
    pub fn import_target(&self, path: &[u8]) -> Result<Vec<u8>> {
        match self.fs.file_type(os_path(path), true) {
            Ok(super::files::FileType::Directory) => {
                for name in [&b"default.nl"[..], b"default.nix"] {
                    let mut candidate = path.to_vec();
                    if !candidate.ends_with(b"/") {
                        candidate.push(b'/');
                    }
                    candidate.extend_from_slice(name);
                    if self.fs.file_type(os_path(&candidate), true).is_ok() {
                        return Ok(candidate);
                    }
                }
                Err(EvalError::new(
                    ErrorKind::Io,
                    format!(
                        "cannot import `{}`: it is a directory without default.nl or default.nix",
                        String::from_utf8_lossy(path)
                    ),
                ))
            }
            Ok(_) => Ok(path.to_vec()),
            Err(e) => Err(EvalError::new(
                ErrorKind::Io,
                format!("cannot import `{}`: {}", String::from_utf8_lossy(path), io_reason(&e)),
            )),
        }
    }

    /// `import path`: the file's value, evaluated once per evaluator.
    pub fn import(&mut self, path: &[u8], span: Option<Span>) -> Result<Value> {
        let target = self.import_target(path).map_err(|e| e.at(span))?;
        if let Some(v) = self.import_cache.get(&target) {
            let v = v.clone();
            return self.force(&v);
        }
        let (ir, _) = self.load_file(&target, None).map_err(|e| e.at(span))?;
        let thunk = Thunk::expr(Rc::new(ir), Env::new(Vec::new(), None));
        self.import_cache.insert(target.clone(), thunk.clone());
        self.force(&thunk)
            .map_err(|e| e.context(span, format!("while importing `{}`", String::from_utf8_lossy(&target))))
    }

    /// `scopedImport scope path`: not cached; the scope's names shadow the builtins.
    pub fn scoped_import(&mut self, scope: &crate::value::Attrs, path: &[u8], span: Option<Span>) -> Result<Value> {
        let target = self.import_target(path).map_err(|e| e.at(span))?;
        let names: Vec<Symbol> = scope.keys().collect();
        let values: Vec<Value> = scope.iter().map(|(_, v)| v.clone()).collect();
        let (ir, _) = self.load_file(&target, Some(&names)).map_err(|e| e.at(span))?;
        let env = Env::new(values, None);
        self.eval(&ir, &env)
            .map_err(|e| e.context(span, format!("while importing `{}`", String::from_utf8_lossy(&target))))
    }

    /// Evaluates a file (not through the import cache).
    pub fn eval_file(&mut self, path: &[u8]) -> Result<Value> {
        let target = self.import_target(path)?;
        let (ir, _) = self.load_file(&target, None)?;
        let env = Env::new(Vec::new(), None);
        self.eval(&ir, &env)
    }

    fn load_file(&mut self, path: &[u8], outer: Option<&[Symbol]>) -> Result<(Ir, FileId)> {
        let text = self.fs.read(os_path(path)).map_err(|e| {
            EvalError::new(
                ErrorKind::Io,
                format!("cannot read `{}`: {}", String::from_utf8_lossy(path), io_reason(&e)),
            )
        })?;
        let base = parent_dir(path);
        self.load_source(Origin::File(PathBuf::from(os_path(path))), text, &base, outer)
    }
}

/// An I/O error's reason without Rust's "(os error N)" suffix.
pub fn io_reason(e: &io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_owned(),
        None => s,
    }
}

/// The `file` of a position (`__curPos`, `unsafeGetAttrPos`): the path of a
/// file, `(string)` for an expression given as text.
pub(crate) fn position_file_name(origin: &Origin) -> Value {
    match origin {
        Origin::File(p) => Value::string(p.as_os_str().as_bytes()),
        _ => Value::string(&b"(string)"[..]),
    }
}

impl Evaluator {
    /// A position as Nix shows one: `{ column; file; line; }`.
    pub fn position_value(&self, span: Span) -> Value {
        let Some(source) = self.sources.try_get(span.file) else {
            return Value::Null;
        };
        let (line, column) = source.line_col(span.start);
        let pairs = vec![
            (Symbol::intern("column"), Value::Int(column as i64)),
            (Symbol::intern("file"), position_file_name(&source.origin)),
            (Symbol::intern("line"), Value::Int(line as i64)),
        ];
        Value::attrs(Attrs::from_pairs(pairs))
    }
}
