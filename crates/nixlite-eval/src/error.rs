//! Evaluation errors: one type, built in one place, rendered in one place.
//!
//! An error has a kind (which decides whether `tryEval` catches it), a
//! message, the span of the failing expression, an optional hint, and a
//! trace of frames added as it propagates ("while evaluating the attribute
//! `x`", "while calling `f`", "while importing …").

use nixlite_syntax::source::{SourceMap, Span};
use nixlite_syntax::SyntaxError;
use std::fmt::{self, Write};

/// What went wrong, coarsely: decides catchability and the error code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// `throw`: caught by `tryEval`.
    Throw,
    /// A failed `assert`: caught by `tryEval`.
    Assertion,
    /// `abort`.
    Abort,
    /// A value of the wrong type.
    Type,
    /// A missing attribute.
    MissingAttr,
    /// A variable bound nowhere.
    UndefinedVariable,
    /// A thunk that needs its own value.
    InfiniteRecursion,
    /// Calls nested deeper than the limit.
    StackOverflow,
    /// Division by zero, integer overflow.
    Arithmetic,
    /// Wrong arguments to a function (missing, unexpected).
    Call,
    /// A syntax error in an imported file.
    Syntax,
    /// Reading files, search paths.
    Io,
    /// Anything else a builtin rejects.
    Invalid,
    /// Stopped from outside (Ctrl-C in the REPL).
    Interrupted,
}

impl ErrorKind {
    /// A stable code for the kind (`nixlite::eval::type`).
    pub fn code(self) -> &'static str {
        match self {
            ErrorKind::Throw => "nixlite::eval::throw",
            ErrorKind::Assertion => "nixlite::eval::assert",
            ErrorKind::Abort => "nixlite::eval::abort",
            ErrorKind::Type => "nixlite::eval::type",
            ErrorKind::MissingAttr => "nixlite::eval::missing_attribute",
            ErrorKind::UndefinedVariable => "nixlite::eval::undefined_variable",
            ErrorKind::InfiniteRecursion => "nixlite::eval::infinite_recursion",
            ErrorKind::StackOverflow => "nixlite::eval::stack_overflow",
            ErrorKind::Arithmetic => "nixlite::eval::arithmetic",
            ErrorKind::Call => "nixlite::eval::call",
            ErrorKind::Syntax => "nixlite::parse",
            ErrorKind::Io => "nixlite::eval::io",
            ErrorKind::Invalid => "nixlite::eval::invalid",
            ErrorKind::Interrupted => "nixlite::eval::interrupted",
        }
    }
}

/// One line of an error's trace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Frame {
    /// Where (if known).
    pub span: Option<Span>,
    /// What was going on ("while evaluating the attribute `x`").
    pub message: String,
}

/// The contents of an [`EvalError`].
#[derive(Clone, Debug)]
pub struct ErrorData {
    /// The kind.
    pub kind: ErrorKind,
    /// The headline.
    pub message: String,
    /// The failing expression.
    pub span: Option<Span>,
    /// What the label under the span says.
    pub label: Option<String>,
    /// A suggestion.
    pub help: Option<String>,
    /// Outermost last.
    pub trace: Vec<Frame>,
    /// A syntax error this wraps (an imported file failed to parse).
    pub syntax: Option<SyntaxError>,
}

/// An evaluation error (boxed: results stay small on the hot path).
#[derive(Clone, Debug)]
pub struct EvalError(pub Box<ErrorData>);

/// The evaluator's result type.
pub type Result<T, E = EvalError> = std::result::Result<T, E>;

impl EvalError {
    /// An error of `kind` with `message`.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> EvalError {
        EvalError(Box::new(ErrorData {
            kind,
            message: message.into(),
            span: None,
            label: None,
            help: None,
            trace: Vec::new(),
            syntax: None,
        }))
    }

    /// A type error: "expected a list but found a set: { a = 1; … }".
    pub fn type_error(message: impl Into<String>) -> EvalError {
        EvalError::new(ErrorKind::Type, message)
    }

    /// Wraps a syntax error of an imported file.
    pub fn syntax(err: SyntaxError) -> EvalError {
        let mut e = EvalError::new(ErrorKind::Syntax, format!("syntax error: {}", err.message));
        e.0.span = Some(err.span);
        e.0.label = Some(err.label.clone());
        e.0.help = err.help.clone();
        e.0.syntax = Some(err);
        e
    }

    /// The kind.
    pub fn kind(&self) -> ErrorKind {
        self.0.kind
    }

    /// The headline.
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// Whether `builtins.tryEval` catches it.
    pub fn is_catchable(&self) -> bool {
        matches!(self.0.kind, ErrorKind::Throw | ErrorKind::Assertion)
    }

    /// Sets the span if none is set yet (the innermost span wins).
    pub fn at(mut self, span: Option<Span>) -> EvalError {
        if self.0.span.is_none() {
            self.0.span = span;
        }
        self
    }

    /// Sets the label under the span.
    pub fn with_label(mut self, label: impl Into<String>) -> EvalError {
        self.0.label = Some(label.into());
        self
    }

    /// Sets the hint.
    pub fn with_help(mut self, help: impl Into<String>) -> EvalError {
        self.0.help = Some(help.into());
        self
    }

    /// Adds a trace frame (called as the error propagates outwards).
    pub fn context(mut self, span: Option<Span>, message: impl Into<String>) -> EvalError {
        self.0.trace.push(Frame {
            span,
            message: message.into(),
        });
        self
    }

    /// Renders the error as text: the diagnostic with its source snippet,
    /// then the trace (repeated frames folded). `full_trace` shows every
    /// frame; otherwise the innermost few.
    pub fn render(&self, sources: &SourceMap, colour: bool, full_trace: bool) -> String {
        let diagnostic = crate::diagnostic::Diagnostic::new(self, sources);
        let mut out = crate::diagnostic::render(&diagnostic, colour);
        let frames = fold_frames(&self.0.trace);
        let limit = if full_trace { usize::MAX } else { 12 };
        for (i, (frame, repeats)) in frames.iter().enumerate() {
            if i == limit {
                let _ = writeln!(
                    out,
                    "  … {} more frames (use --show-trace to see them all)",
                    frames.len() - limit
                );
                break;
            }
            let place = frame
                .span
                .and_then(|s| position(sources, s))
                .map(|p| format!(" at {p}"))
                .unwrap_or_default();
            let _ = writeln!(out, "  … {}{place}", frame.message);
            if *repeats > 0 {
                let _ = writeln!(out, "  … {repeats} more frames like the one above");
            }
        }
        out
    }
}

/// `file:line:col` of a span.
pub fn position(sources: &SourceMap, span: Span) -> Option<String> {
    let file = sources.try_get(span.file)?;
    let (line, col) = file.line_col(span.start);
    Some(format!("{}:{line}:{col}", file.name()))
}

/// Collapses runs of identical frames (deep recursion) into one plus a count.
fn fold_frames(trace: &[Frame]) -> Vec<(&Frame, usize)> {
    let mut out: Vec<(&Frame, usize)> = Vec::new();
    for frame in trace {
        match out.last_mut() {
            Some((prev, n)) if *prev == frame => *n += 1,
            _ => out.push((frame, 0)),
        }
    }
    out
}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.message)
    }
}

impl std::error::Error for EvalError {}
