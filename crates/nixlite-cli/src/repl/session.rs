//! The REPL's core, without a terminal: it takes input a line at a time,
//! keeps the session's bindings, and answers with the text to show. The
//! terminal loop (`mod.rs`) and the scripted tests both drive it.

use super::input::{self, Binding, Input};
use super::printer::{self, PrintOptions};
use nixlite::{Evaluator, Value};
use nixlite_eval::error::ErrorKind;
use nixlite_eval::thunk::{Env, Suspended, Thunk};
use nixlite_syntax::source::{Origin, SourceFile};
use nixlite_syntax::{Symbol, SyntaxError};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Where a piece of output goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    /// Values: standard output.
    Out,
    /// Messages (`Added 3 variables.`, traces): standard error.
    Info,
    /// Diagnostics: standard error.
    Error,
}

/// A piece of output; its text ends with a newline.
#[derive(Clone, Debug)]
pub struct Chunk {
    /// Where it goes.
    pub stream: Stream,
    /// What it says.
    pub text: String,
}

/// What the session wants next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// The input was handled: read a new one.
    Done,
    /// The input is not finished: read another line of it.
    Incomplete,
    /// `:q`: leave.
    Quit,
}

/// The answer to a piece of input.
#[derive(Debug)]
pub struct Reply {
    /// What the session wants next.
    pub status: Status,
    /// The output, in order.
    pub chunks: Vec<Chunk>,
}

/// How a session behaves.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Colour in values and diagnostics.
    pub colour: bool,
    /// Full error traces (`:te` toggles it).
    pub show_trace: bool,
    /// The directory relative paths resolve against.
    pub base_dir: PathBuf,
    /// `--arg`/`--argstr` for the functions of loaded files: name, text, is an expression.
    pub auto_args: Vec<(String, String, bool)>,
    /// Write `trace` output to standard error at once (a terminal) instead
    /// of returning it in the reply (tests).
    pub stream_traces: bool,
}

/// Something that changed the scope, replayed by `:r`.
#[derive(Clone, Debug)]
pub(super) enum Action {
    Bind(Vec<Binding>),
    Add(String),
    Load(PathBuf),
}

/// A name in scope.
pub(super) struct Entry {
    pub value: Value,
    /// Index into `origins`.
    pub origin: usize,
}

/// The description of bindings made with `=`.
pub(super) const BOUND: &str = "bound with `=`";

/// One REPL session.
pub struct Session {
    pub(super) nix: Evaluator,
    make: Box<dyn Fn(&Settings) -> Evaluator>,
    pub(super) settings: Settings,
    /// The names bound in the session (later bindings replace earlier ones).
    pub(super) scope: BTreeMap<String, Entry>,
    /// Where names came from: `bound with =`, `loaded from …`, `added by :a …`.
    pub(super) origins: Vec<String>,
    pub(super) log: Vec<Action>,
    pending: String,
    interrupt: Arc<AtomicBool>,
    traces: Rc<RefCell<Vec<String>>>,
    chunks: Vec<Chunk>,
}

impl Session {
    /// A session whose evaluators (one now, a new one on `:r`) come from `make`.
    pub fn new(make: impl Fn(&Settings) -> Evaluator + 'static, settings: Settings) -> Session {
        let interrupt = Arc::new(AtomicBool::new(false));
        let traces = Rc::new(RefCell::new(Vec::new()));
        let nix = fresh(&make, &settings, &interrupt, &traces);
        Session {
            nix,
            make: Box::new(make),
            settings,
            scope: BTreeMap::new(),
            origins: vec![BOUND.to_owned()],
            log: Vec::new(),
            pending: String::new(),
            interrupt,
            traces,
            chunks: Vec::new(),
        }
    }

    /// The flag that interrupts a running evaluation (set it from a signal handler).
    pub fn interrupt_handle(&self) -> Arc<AtomicBool> {
        self.interrupt.clone()
    }

    /// Whether part of an input has been read and more is expected.
    pub fn has_pending(&self) -> bool {
        !self.pending.is_empty()
    }

    /// Forgets the unfinished input (Ctrl-C).
    pub fn abandon(&mut self) {
        self.pending.clear();
    }

    /// Takes one line (or several, from an editor that already knows the
    /// input is complete) and handles the input once it is complete.
    pub fn feed(&mut self, line: &str) -> Reply {
        if !self.pending.is_empty() {
            self.pending.push('\n');
        }
        self.pending.push_str(line);
        let classified = input::classify(&self.pending);
        if let Input::Incomplete(_) = classified {
            return Reply {
                status: Status::Incomplete,
                chunks: Vec::new(),
            };
        }
        let text = std::mem::take(&mut self.pending);
        self.handle(classified, &text)
    }

    /// The input ended: handles what is pending, reporting it if unfinished.
    pub fn finish(&mut self) -> Reply {
        let text = std::mem::take(&mut self.pending);
        match input::classify(&text) {
            Input::Incomplete(e) => {
                self.syntax_error(e, &text);
                self.reply(Status::Done)
            }
            other => self.handle(other, &text),
        }
    }

    /// Runs a command as if typed (`:l FILE` for the files on the command line).
    pub fn command_line(&mut self, name: &str, arg: &str) -> Reply {
        let status = self.command(name, arg);
        self.reply(status)
    }

    fn handle(&mut self, classified: Input, text: &str) -> Reply {
        let status = match classified {
            Input::Empty => Status::Done,
            Input::Expr => {
                match self.eval(text) {
                    Ok(v) => self.print_value(&v, &PrintOptions::repl(self.settings.colour)),
                    Err(e) => self.error(&e),
                }
                Status::Done
            }
            Input::Bindings(bindings) => {
                if self.bind(&bindings) {
                    self.log.push(Action::Bind(bindings));
                }
                Status::Done
            }
            Input::Command { name, arg } => self.command(&name, &arg),
            Input::Error(e) | Input::Incomplete(e) => {
                self.syntax_error(e, text);
                Status::Done
            }
        };
        self.reply(status)
    }

    fn reply(&mut self, status: Status) -> Reply {
        self.flush_traces();
        Reply {
            status,
            chunks: std::mem::take(&mut self.chunks),
        }
    }

    /// Output on standard output (a newline is added).
    pub(super) fn out(&mut self, text: &str) {
        self.flush_traces();
        self.chunks.push(Chunk {
            stream: Stream::Out,
            text: format!("{text}\n"),
        });
    }

    /// A message on standard error (a newline is added).
    pub(super) fn info(&mut self, text: &str) {
        self.flush_traces();
        self.chunks.push(Chunk {
            stream: Stream::Info,
            text: format!("{text}\n"),
        });
    }

    fn flush_traces(&mut self) {
        let lines = std::mem::take(&mut *self.traces.borrow_mut());
        for line in lines {
            self.chunks.push(Chunk {
                stream: Stream::Info,
                text: format!("{line}\n"),
            });
        }
    }

    /// Discards output produced so far (completion evaluates quietly).
    pub(super) fn discard_output(&mut self) {
        self.traces.borrow_mut().clear();
        self.chunks.clear();
    }

    /// Reports an evaluation error as `nixlite eval` does.
    pub(super) fn error(&mut self, e: &nixlite::Error) {
        self.flush_traces();
        let text = if e.kind() == ErrorKind::Interrupted {
            let place = e.0.span.and_then(|s| self.nix.position(s));
            match place {
                Some(p) => format!("error: evaluation interrupted (at {p})\n"),
                None => "error: evaluation interrupted\n".to_owned(),
            }
        } else {
            self.nix.render_error(e, self.settings.colour, self.settings.show_trace)
        };
        self.chunks.push(Chunk {
            stream: Stream::Error,
            text: if text.ends_with('\n') {
                text
            } else {
                format!("{text}\n")
            },
        });
    }

    /// Reports a syntax error in `text` (offsets in the error are into it).
    fn syntax_error(&mut self, e: SyntaxError, text: &str) {
        let file = SourceFile {
            origin: Origin::Expr,
            text: Rc::from(text.as_bytes()),
        };
        let rendered = nixlite_eval::diagnostic::render(&e.to_diagnostic(&file), self.settings.colour);
        self.chunks.push(Chunk {
            stream: Stream::Error,
            text: if rendered.ends_with('\n') {
                rendered
            } else {
                format!("{rendered}\n")
            },
        });
    }

    /// A plain error message about the REPL's own use: `error: …`.
    pub(super) fn fail(&mut self, message: &str) {
        self.flush_traces();
        let head = if self.settings.colour {
            "\x1b[31;1merror:\x1b[0m"
        } else {
            "error:"
        };
        self.chunks.push(Chunk {
            stream: Stream::Error,
            text: format!("{head} {message}\n"),
        });
    }

    /// The names in scope with their values.
    pub(super) fn scope_list(&self) -> Vec<(String, Value)> {
        self.scope.iter().map(|(k, e)| (k.clone(), e.value.clone())).collect()
    }

    /// Evaluates an expression in the session's scope to weak head normal form.
    pub(super) fn eval(&mut self, text: &str) -> Result<Value, nixlite::Error> {
        let scope = self.scope_list();
        self.interrupt.store(false, Ordering::Relaxed);
        let result = self.nix.eval_in_scope(Origin::Expr, text.as_bytes().to_vec(), &scope);
        self.flush_traces();
        result
    }

    /// Prints a value with `opts`, reporting an error instead if forcing it fails.
    pub(super) fn print_value(&mut self, v: &Value, opts: &PrintOptions) {
        match printer::print(&mut self.nix, v, opts) {
            Ok(text) => self.out(&text),
            Err(e) => self.error(&e),
        }
    }

    /// An expression in the session's scope, compiled now (so that syntax
    /// errors and unknown names are reported at once) but evaluated only
    /// when used.
    pub(super) fn lazy(&mut self, text: &str) -> Result<Value, nixlite::Error> {
        let scope = self.scope_list();
        let names: Vec<Symbol> = scope.iter().map(|(n, _)| Symbol::intern(n)).collect();
        let values: Vec<Value> = scope.into_iter().map(|(_, v)| v).collect();
        let base = self.settings.base_dir.as_os_str().as_encoded_bytes().to_vec();
        let (ir, _) = self
            .nix
            .inner()
            .load_source(Origin::Expr, text.as_bytes().to_vec(), &base, Some(&names))?;
        Ok(Thunk::expr(Rc::new(ir), Env::new(values, None)))
    }

    /// Binds names (lazily); reports the first error. Whether all were bound.
    pub(super) fn bind(&mut self, bindings: &[Binding]) -> bool {
        for b in bindings {
            let Some(root) = b.path.first().cloned() else {
                continue;
            };
            let value = self.lazy(&b.rhs).and_then(|rhs| {
                if b.path.len() == 1 {
                    Ok(rhs)
                } else {
                    self.path_update(&b.path, rhs)
                }
            });
            match value {
                Ok(value) => {
                    self.scope.insert(root, Entry { value, origin: 0 });
                }
                Err(e) => {
                    self.error(&e);
                    return false;
                }
            }
        }
        true
    }

    /// `a.b.c = rhs`: the new value of `a`, its old value (if any) updated at
    /// the path, computed when used.
    fn path_update(&mut self, path: &[String], rhs: Value) -> Result<Value, nixlite::Error> {
        fn update(target: &str, rest: &[String]) -> String {
            match rest {
                [] => "__rhs".to_owned(),
                [name, more @ ..] => {
                    let name = input::attr_source(name);
                    let inner = if more.is_empty() {
                        "__rhs".to_owned()
                    } else {
                        update(&format!("({target}.{name} or {{ }})"), more)
                    };
                    format!("{target} // {{ {name} = {inner}; }}")
                }
            }
        }
        let (root, rest) = path
            .split_first()
            .ok_or_else(|| nixlite::Error::new(ErrorKind::Invalid, "a binding needs a name"))?;
        let target = if self.scope.contains_key(root) {
            root.as_str()
        } else {
            "{ }"
        };
        let helper = self.eval(&format!("__rhs: {}", update(target, rest)))?;
        Ok(Thunk::suspended(Suspended::Apply(helper, rhs)))
    }

    /// Adds the attributes of a set to the scope under a new origin; says so.
    pub(super) fn add_attrs(&mut self, attrs: &nixlite_eval::value::Attrs, origin: String) {
        self.origins.push(origin);
        let index = self.origins.len() - 1;
        let mut names: Vec<String> = Vec::new();
        for (name, value) in attrs.iter_unordered() {
            let name = name.to_str_lossy().into_owned();
            self.scope.insert(
                name.clone(),
                Entry {
                    value: value.clone(),
                    origin: index,
                },
            );
            names.push(name);
        }
        names.sort();
        let n = names.len();
        self.info(&format!("Added {n} variable{}.", if n == 1 { "" } else { "s" }));
        if n > 0 {
            const SHOWN: usize = 20;
            let mut list: Vec<String> = names.iter().take(SHOWN).map(|n| input::attr_source(n)).collect();
            if n > SHOWN {
                list.push(format!("… and {} more; see them with :env", n - SHOWN));
            }
            self.info(&list.join(", "));
        }
    }

    /// Replaces the evaluator by a fresh one (no cached files) and replays
    /// everything that changed the scope, in order.
    pub(super) fn reload(&mut self) {
        let log = std::mem::take(&mut self.log);
        self.nix = fresh(&self.make, &self.settings, &self.interrupt, &self.traces);
        self.scope.clear();
        self.origins = vec![BOUND.to_owned()];
        for action in log {
            match &action {
                Action::Bind(b) => {
                    self.bind(b);
                }
                Action::Add(expr) => {
                    self.add(expr);
                }
                Action::Load(path) => {
                    self.info(&format!("Loading '{}'...", path.display()));
                    self.load(path);
                }
            }
            if !matches!(action, Action::Load(_)) {
                self.log.push(action);
            }
        }
    }
}

/// A new evaluator for the session: the interrupt flag and the trace sink wired up.
fn fresh(
    make: &dyn Fn(&Settings) -> Evaluator,
    settings: &Settings,
    interrupt: &Arc<AtomicBool>,
    traces: &Rc<RefCell<Vec<String>>>,
) -> Evaluator {
    let mut nix = make(settings);
    nix.inner().interrupt = interrupt.clone();
    if settings.stream_traces {
        nix.set_trace_sink(|line| eprintln!("{line}"));
    } else {
        let traces = traces.clone();
        nix.set_trace_sink(move |line| traces.borrow_mut().push(line.to_owned()));
    }
    nix
}
