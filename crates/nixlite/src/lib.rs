//! Evaluate Nix expressions from Rust.
//!
//! `nixlite` is a fast interpreter of the Nix language. This crate is its
//! small, stable face: build an [`Evaluator`], evaluate a string or a file,
//! then print the [`Value`], turn it into JSON, or deserialise it into your
//! own types with serde.
//!
//! ```
//! use nixlite::Evaluator;
//!
//! #[derive(serde::Deserialize, Debug, PartialEq)]
//! struct Server { host: String, port: u16, tags: Vec<String> }
//!
//! let mut nix = Evaluator::builder().build();
//! let value = nix
//!     .eval_str(r#"let base = 8000; in { host = "localhost"; port = base + 80; tags = [ "a" "b" ]; }"#)
//!     .unwrap();
//! let server: Server = nix.deserialize(&value).unwrap();
//! assert_eq!(server, Server { host: "localhost".into(), port: 8080, tags: vec!["a".into(), "b".into()] });
//! assert_eq!(nix.print(&value, true).unwrap(), r#"{ host = "localhost"; port = 8080; tags = [ "a" "b" ]; }"#);
//! ```
//!
//! Errors are [`Error`] values that render as diagnostics pointing at the
//! source ([`Evaluator::render_error`]).

pub mod instantiate;

use nixlite_eval::error::ErrorKind;
use nixlite_eval::eval::{FileSystem, RealFileSystem, Settings};
use nixlite_eval::thunk::{Suspended, Thunk};
use nixlite_eval::value::StringBuilder;
use nixlite_syntax::source::Origin;
use nixlite_syntax::Symbol;
use std::path::{Path, PathBuf};

pub use nixlite_eval::diagnostic::render as render_diagnostic;
pub use nixlite_eval::error::EvalError as Error;
pub use nixlite_eval::eval::FileType;
pub use nixlite_eval::Value;

/// The result of evaluator operations.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Configures an [`Evaluator`].
pub struct EvaluatorBuilder {
    settings: Settings,
    fs: Box<dyn FileSystem>,
    base_dir: Option<PathBuf>,
}

impl EvaluatorBuilder {
    /// Adds a search path entry for `<prefix/…>` lookups (`-I prefix=path`);
    /// an empty prefix matches every name. Entries are searched in the order added.
    pub fn search_path(mut self, prefix: impl Into<String>, path: impl Into<String>) -> Self {
        self.settings.nix_path.push((prefix.into(), path.into()));
        self
    }

    /// Adds the entries of a `NIX_PATH`-style string (`a=/x:/y`).
    pub fn nix_path(mut self, spec: &str) -> Self {
        for entry in spec.split(':').filter(|e| !e.is_empty()) {
            let (prefix, path) = entry.split_once('=').unwrap_or(("", entry));
            self.settings.nix_path.push((prefix.to_owned(), path.to_owned()));
        }
        self
    }

    /// Pure mode: no environment variables, no current time or system.
    pub fn pure(mut self, pure: bool) -> Self {
        self.settings.pure = pure;
        self
    }

    /// Replaces file-system access (for sandboxing or virtual files).
    pub fn file_system(mut self, fs: impl FileSystem + 'static) -> Self {
        self.fs = Box::new(fs);
        self
    }

    /// The directory relative paths in [`Evaluator::eval_str`] resolve
    /// against (default: the current directory).
    pub fn base_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.base_dir = Some(dir.into());
        self
    }

    /// The most nested function calls allowed before evaluation stops with an error.
    pub fn max_call_depth(mut self, depth: usize) -> Self {
        self.settings.max_call_depth = depth;
        self
    }

    /// Builds the evaluator.
    pub fn build(self) -> Evaluator {
        let base_dir = self
            .base_dir
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_else(|| PathBuf::from("/"));
        Evaluator {
            inner: nixlite_eval::Evaluator::new(self.settings, self.fs),
            base_dir,
        }
    }
}

/// An evaluation session: source files, builtins and the import cache.
pub struct Evaluator {
    inner: nixlite_eval::Evaluator,
    base_dir: PathBuf,
}

fn bytes_of(p: &Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    p.as_os_str().as_bytes().to_vec()
}

impl Evaluator {
    /// A builder with the default settings (impure, no search path).
    pub fn builder() -> EvaluatorBuilder {
        EvaluatorBuilder {
            settings: Settings::default(),
            fs: Box::new(RealFileSystem),
            base_dir: None,
        }
    }

    /// Evaluates an expression to weak head normal form (nested values stay lazy).
    pub fn eval_str(&mut self, source: &str) -> Result<Value> {
        self.eval_bytes(Origin::Expr, source.as_bytes().to_vec())
    }

    /// Evaluates source bytes from a named origin (stdin, a REPL line, …).
    pub fn eval_bytes(&mut self, origin: Origin, source: Vec<u8>) -> Result<Value> {
        let base = bytes_of(&self.base_dir);
        self.inner.eval_source(origin, source, &base)
    }

    /// Evaluates source bytes in which the names of `scope` are bound (they
    /// shadow builtins, as `let` would): how the REPL evaluates each line
    /// against its session's bindings.
    pub fn eval_in_scope(&mut self, origin: Origin, source: Vec<u8>, scope: &[(String, Value)]) -> Result<Value> {
        let base = bytes_of(&self.base_dir);
        let names: Vec<Symbol> = scope.iter().map(|(n, _)| Symbol::intern(n)).collect();
        let values: Vec<Value> = scope.iter().map(|(_, v)| v.clone()).collect();
        let (ir, _) = self.inner.load_source(origin, source, &base, Some(&names))?;
        let env = nixlite_eval::thunk::Env::new(values, None);
        self.inner.eval(&ir, &env)
    }

    /// `file:line:col` of a span (functions' positions, error places).
    pub fn position(&self, span: nixlite_syntax::source::Span) -> Option<String> {
        nixlite_eval::error::position(&self.inner.sources, span)
    }

    /// The evaluator underneath, for tools that need more than this API
    /// (the REPL's printer and completion). Its API may change.
    pub fn inner(&mut self) -> &mut nixlite_eval::Evaluator {
        &mut self.inner
    }

    /// Evaluates a file (a directory means its `default.nl` or `default.nix`).
    pub fn eval_file(&mut self, path: impl AsRef<Path>) -> Result<Value> {
        let path = std::path::absolute(path.as_ref()).unwrap_or_else(|_| path.as_ref().to_path_buf());
        self.inner.eval_file(&bytes_of(&path))
    }

    /// Forces a value to weak head normal form.
    pub fn force(&mut self, value: &Value) -> Result<Value> {
        self.inner.force(value)
    }

    /// Forces a value completely.
    pub fn force_deep(&mut self, value: &Value) -> Result<Value> {
        self.inner.force_deep(value)
    }

    /// Calls a function value with an argument.
    pub fn call(&mut self, function: &Value, argument: Value) -> Result<Value> {
        let r = self.inner.call(function, argument, None)?;
        self.inner.force(&r)
    }

    /// `value.a.b.c` for a path `"a.b.c"`; before each step a function is
    /// called with `auto_args`, as `nix-instantiate -A` does.
    pub fn select_path(&mut self, value: &Value, path: &str, auto_args: &[(String, Value)]) -> Result<Value> {
        let mut v = value.clone();
        for part in path.split('.').filter(|p| !p.is_empty()) {
            v = self.auto_call(&v, auto_args)?;
            let v2 = match part.parse::<usize>() {
                Ok(i) if matches!(self.inner.force(&v)?, Value::List(_)) => {
                    let list = self.inner.force_list(&v, None, "the value")?;
                    list.get(i).ok_or_else(|| {
                        Error::new(
                            ErrorKind::Invalid,
                            format!("list index {i} in attribute path `{path}` is out of bounds"),
                        )
                    })?
                }
                _ => self.inner.select_value(&v, Symbol::intern(part), None)?,
            };
            v = v2;
        }
        Ok(v)
    }

    /// Calls a function taking a set with the named arguments it declares
    /// (all of them if it has `...`), as `nix-instantiate` calls the value
    /// of a file with `--arg`/`--argstr`; other values are returned as they are.
    pub fn auto_call(&mut self, value: &Value, args: &[(String, Value)]) -> Result<Value> {
        let v = self.inner.force(value)?;
        if let Value::Attrs(a) = &v {
            if let Some(functor) = a.get(Symbol::intern("__functor")) {
                let f = self.inner.call(&functor.clone(), v.clone(), None)?;
                return self.auto_call(&f, args);
            }
        }
        let Value::Lambda(closure) = &v else {
            return Ok(v);
        };
        let nixlite_eval::ir::IrParam::Pattern { formals, ellipsis, .. } = &closure.lambda.param else {
            return Ok(v);
        };
        let mut set = nixlite_eval::value::Attrs::new();
        for (name, value) in args {
            let sym = Symbol::intern(name);
            if *ellipsis || formals.iter().any(|(f, _)| *f == sym) {
                set.insert(sym, value.clone());
            }
        }
        let r = self.inner.call(&v, Value::attrs(set), None)?;
        self.inner.force(&r)
    }

    /// An argument for [`Evaluator::auto_call`] from an expression (`--arg`), evaluated lazily.
    pub fn lazy_expr(&mut self, source: &str) -> Value {
        let base = bytes_of(&self.base_dir);
        match self
            .inner
            .load_source(Origin::Expr, source.as_bytes().to_vec(), &base, None)
        {
            Ok((ir, _)) => Thunk::expr(std::rc::Rc::new(ir), nixlite_eval::thunk::Env::new(Vec::new(), None)),
            Err(e) => {
                // Report the error when (if) the argument is used.
                let message = Value::string(e.message().as_bytes());
                match nixlite_eval::builtins::lookup("abort") {
                    Some(abort) => Thunk::suspended(Suspended::Apply(Value::PrimOp(abort), message)),
                    None => message,
                }
            }
        }
    }

    /// Prints a value as `nix-instantiate --eval` does (`strict`: `--strict`).
    pub fn print(&mut self, value: &Value, strict: bool) -> Result<String> {
        let bytes = nixlite_eval::print::print_value(&mut self.inner, value, strict)?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }

    /// Prints a value as bytes (strings need not be UTF-8).
    pub fn print_bytes(&mut self, value: &Value, strict: bool) -> Result<Vec<u8>> {
        nixlite_eval::print::print_value(&mut self.inner, value, strict)
    }

    /// The value as JSON text (forcing it completely), as `--json` prints it.
    pub fn to_json_string(&mut self, value: &Value) -> Result<Vec<u8>> {
        let mut ctx = StringBuilder::new();
        self.inner.to_json(value, &mut ctx, None)
    }

    /// The value as a `serde_json::Value` (forcing it completely).
    pub fn to_json(&mut self, value: &Value) -> Result<serde_json::Value> {
        let text = self.to_json_string(value)?;
        serde_json::from_slice(&text)
            .map_err(|e| Error::new(ErrorKind::Invalid, format!("the value is not valid JSON: {e}")))
    }

    /// Deserialises the value (forcing it completely) into `T`.
    pub fn deserialize<T: serde::de::DeserializeOwned>(&mut self, value: &Value) -> Result<T> {
        let json = self.to_json(value)?;
        serde_json::from_value(json)
            .map_err(|e| Error::new(ErrorKind::Type, format!("cannot deserialize the value: {e}")))
    }

    /// Renders an error as a diagnostic with source snippet and trace.
    pub fn render_error(&self, error: &Error, colour: bool, full_trace: bool) -> String {
        error.render(&self.inner.sources, colour, full_trace)
    }

    /// A flag that, set from any thread (a Ctrl-C handler), stops the
    /// running evaluation with an "interrupted" error; it resets itself.
    pub fn interrupt_handle(&self) -> std::sync::Arc<std::sync::atomic::AtomicBool> {
        self.inner.interrupt.clone()
    }

    /// Sends `builtins.trace` output and warnings to `sink` instead of stderr.
    pub fn set_trace_sink(&mut self, sink: impl FnMut(&str) + 'static) {
        self.inner.trace_sink = Box::new(sink);
    }
}
