//! `nixlite repl`: an interactive session on rustyline.
//!
//! The line-processing core is [`Session`] (no terminal: lines in, text
//! out); this module puts it on a terminal: line editing, multi-line input
//! (Enter inserts a newline while the parser says the input is unfinished),
//! Tab completion, history in the user's data directory, Ctrl-C to abandon
//! the input or interrupt an evaluation, Ctrl-D to leave. When standard
//! input is not a terminal, lines are read and answered without a prompt.

mod commands;
mod completion;
mod docs;
mod input;
mod printer;
mod session;

pub use session::{Chunk, Reply, Session, Settings, Status, Stream};

use nixlite::Evaluator;
use rustyline::completion::{Completer, Pair};
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::history::FileHistory;
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{CompletionType, Config, Context, Editor};
use std::cell::RefCell;
use std::io::{BufRead, IsTerminal, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::process::ExitCode;
use std::rc::Rc;

const USAGE: &str = "usage: nixlite repl [-I [PREFIX=]PATH] [--arg NAME EXPR] [--argstr NAME STRING]
                    [--show-trace] [--max-call-depth N] [FILE...]";

const PROMPT: &str = "nixlite> ";
const CONTINUATION: &str = "         ";

/// Command-line options of `nixlite repl`.
#[derive(Default)]
struct Options {
    include: Vec<String>,
    auto_args: Vec<(String, String, bool)>,
    show_trace: bool,
    max_call_depth: Option<usize>,
    files: Vec<String>,
}

impl Options {
    fn parse(args: &[String]) -> Result<Options, String> {
        let mut o = Options::default();
        let mut it = args.iter();
        let value = |it: &mut std::slice::Iter<'_, String>, what: &str| {
            it.next().cloned().ok_or_else(|| format!("{what} needs a value"))
        };
        while let Some(arg) = it.next() {
            match arg.as_str() {
                "-I" | "--include" => o.include.push(value(&mut it, "-I")?),
                "--arg" | "--argstr" => {
                    let name = value(&mut it, arg)?;
                    let text = value(&mut it, &format!("{arg} {name}"))?;
                    o.auto_args.push((name, text, arg == "--arg"));
                }
                "--show-trace" => o.show_trace = true,
                "--max-call-depth" => {
                    let n = value(&mut it, "--max-call-depth")?;
                    o.max_call_depth = Some(
                        n.parse()
                            .map_err(|_| format!("--max-call-depth: `{n}` is not a number"))?,
                    );
                }
                flag if flag.starts_with('-') => return Err(format!("unknown option `{flag}`")),
                file => o.files.push(file.to_owned()),
            }
        }
        Ok(o)
    }
}

/// Runs `nixlite repl ARGS`.
pub fn run(args: &[String]) -> ExitCode {
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let options = match Options::parse(args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("nixlite repl: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let interactive = std::io::stdin().is_terminal();
    let colour =
        std::io::stdout().is_terminal() && std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let settings = Settings {
        colour,
        show_trace: options.show_trace,
        base_dir: std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/")),
        auto_args: options.auto_args.clone(),
        stream_traces: true,
    };
    let include = options.include.clone();
    let max_call_depth = options.max_call_depth;
    let make = move |s: &Settings| evaluator(&include, max_call_depth, s);
    let mut session = Session::new(make, settings);
    if interactive {
        eprintln!("nixlite {} — Type :? for help.", env!("CARGO_PKG_VERSION"));
    }
    for file in &options.files {
        emit(&session.command_line(":l", file));
    }
    if interactive {
        interactive_loop(session)
    } else {
        piped_loop(session)
    }
}

/// An evaluator configured from `-I`, `NIX_PATH` and the limits.
fn evaluator(include: &[String], max_call_depth: Option<usize>, settings: &Settings) -> Evaluator {
    let mut builder = Evaluator::builder().base_dir(settings.base_dir.clone());
    for entry in include {
        builder = builder.nix_path(entry);
    }
    if let Ok(path) = std::env::var("NIX_PATH") {
        builder = builder.nix_path(&path);
    }
    if let Some(depth) = max_call_depth {
        builder = builder.max_call_depth(depth);
    }
    builder.build()
}

/// Writes a reply: values on standard output, the rest on standard error.
fn emit(reply: &Reply) {
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr().lock();
    for chunk in &reply.chunks {
        // Output that cannot be written (a closed pipe) is dropped.
        let _ = match chunk.stream {
            Stream::Out => out.write_all(chunk.text.as_bytes()).and_then(|_| out.flush()),
            Stream::Info | Stream::Error => err.write_all(chunk.text.as_bytes()).and_then(|_| err.flush()),
        };
    }
}

/// Runs `f` on the session; a panic is reported and the session goes on.
fn guarded(session: &RefCell<Session>, f: impl FnOnce(&mut Session) -> Reply) -> Reply {
    match catch_unwind(AssertUnwindSafe(|| f(&mut session.borrow_mut()))) {
        Ok(reply) => reply,
        Err(_) => {
            if let Ok(mut s) = session.try_borrow_mut() {
                s.abandon();
            }
            Reply {
                status: Status::Done,
                chunks: vec![Chunk {
                    stream: Stream::Error,
                    text: "error: internal error in nixlite (please report it); the session goes on\n".into(),
                }],
            }
        }
    }
}

/// Lines from a pipe or file: no prompt, no editing.
fn piped_loop(session: Session) -> ExitCode {
    let session = RefCell::new(session);
    let mut stdin = std::io::stdin().lock();
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match stdin.read_until(b'\n', &mut buf) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
        let line = String::from_utf8_lossy(&buf);
        let line = line.strip_suffix('\n').unwrap_or(&line);
        let line = line.strip_suffix('\r').unwrap_or(line);
        let reply = guarded(&session, |s| s.feed(line));
        emit(&reply);
        if reply.status == Status::Quit {
            return ExitCode::SUCCESS;
        }
    }
    emit(&guarded(&session, |s| s.finish()));
    ExitCode::SUCCESS
}

/// Where the history is kept: `$XDG_DATA_HOME/nixlite/repl-history`, or
/// `~/.local/share/nixlite/repl-history`.
fn history_path() -> Option<PathBuf> {
    let data = std::env::var_os("XDG_DATA_HOME")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))?;
    let dir = data.join("nixlite");
    std::fs::create_dir_all(&dir).ok()?;
    Some(dir.join("repl-history"))
}

/// Ctrl-C while evaluating sets the session's interrupt flag (the
/// evaluator stops at its next function call); a second Ctrl-C before the
/// evaluation noticed the first one ends nixlite. While a line is being
/// edited the terminal is raw and Ctrl-C is a key, handled by rustyline.
fn install_interrupt_handler(session: &Session) {
    let flag = session.interrupt_handle();
    let _ = signal_hook::flag::register_conditional_shutdown(signal_hook::consts::SIGINT, 130, flag.clone());
    let _ = signal_hook::flag::register(signal_hook::consts::SIGINT, flag);
}

fn interactive_loop(session: Session) -> ExitCode {
    install_interrupt_handler(&session);
    let session = Rc::new(RefCell::new(session));
    let config = Config::builder()
        .max_history_size(10_000)
        .and_then(|b| b.history_ignore_dups(true))
        .map(|b| b.auto_add_history(false).completion_type(CompletionType::List).build())
        .unwrap_or_default();
    let mut editor: Editor<Helper, FileHistory> = match Editor::with_config(config) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("nixlite repl: cannot use the terminal: {e}");
            return ExitCode::FAILURE;
        }
    };
    editor.set_helper(Some(Helper {
        session: session.clone(),
    }));
    let history = history_path();
    if let Some(path) = &history {
        let _ = editor.load_history(path);
    }
    loop {
        let prompt = if session.borrow().has_pending() {
            CONTINUATION
        } else {
            PROMPT
        };
        match editor.readline(prompt) {
            Ok(line) => {
                if !line.trim().is_empty() {
                    let _ = editor.add_history_entry(line.as_str());
                    if let Some(path) = &history {
                        let _ = editor.append_history(path);
                    }
                }
                let reply = guarded(&session, |s| s.feed(&line));
                emit(&reply);
                match reply.status {
                    Status::Quit => break,
                    Status::Done => println!(),
                    Status::Incomplete => {}
                }
            }
            Err(ReadlineError::Interrupted) => session.borrow_mut().abandon(),
            Err(ReadlineError::Eof) => break,
            Err(e) => {
                eprintln!("nixlite repl: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}

/// Connects rustyline to the session: completion, and the validator that
/// keeps Enter inserting newlines while the input is unfinished.
struct Helper {
    session: Rc<RefCell<Session>>,
}

impl Completer for Helper {
    type Candidate = Pair;

    fn complete(&self, line: &str, pos: usize, _ctx: &Context<'_>) -> rustyline::Result<(usize, Vec<Pair>)> {
        let Ok(mut session) = self.session.try_borrow_mut() else {
            return Ok((pos, Vec::new()));
        };
        let (start, candidates) =
            catch_unwind(AssertUnwindSafe(|| session.complete(line, pos))).unwrap_or((pos, Vec::new()));
        let pairs = candidates
            .into_iter()
            .map(|c| Pair {
                display: c.display,
                replacement: c.replacement,
            })
            .collect();
        Ok((start, pairs))
    }
}

impl Hinter for Helper {
    type Hint = String;
}

impl Highlighter for Helper {}

impl Validator for Helper {
    fn validate(&self, ctx: &mut ValidationContext<'_>) -> rustyline::Result<ValidationResult> {
        Ok(match input::classify(ctx.input()) {
            input::Input::Incomplete(_) => ValidationResult::Incomplete,
            _ => ValidationResult::Valid(None),
        })
    }
}

impl rustyline::Helper for Helper {}
