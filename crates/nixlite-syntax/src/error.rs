//! Syntax errors and their rendering as miette diagnostics.

use crate::source::{SourceFile, Span};
use miette::{Diagnostic, LabeledSpan, NamedSource};
use std::fmt;

/// What kind of syntax error: lets tools tell an unfinished input (the REPL
/// keeps reading) from a wrong one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyntaxErrorKind {
    /// A token the grammar does not allow here.
    UnexpectedToken,
    /// The input ended where more was needed.
    UnexpectedEof,
    /// A string or indented string that never closes.
    UnterminatedString,
    /// A `/*` comment that never closes.
    UnterminatedComment,
    /// A byte that starts no token.
    InvalidCharacter,
    /// An integer or float literal out of range.
    InvalidNumber,
    /// A path with a trailing slash.
    TrailingSlash,
    /// A well-formed construct Nix rejects (duplicate attribute, dynamic
    /// attribute in `let`, duplicate formal, ...).
    Invalid,
}

/// A syntax error at a span, with an explanation (boxed: errors are rare and
/// results that carry them stay small).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError(Box<SyntaxErrorData>);

/// The contents of a [`SyntaxError`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxErrorData {
    /// What went wrong.
    pub kind: SyntaxErrorKind,
    /// Where: the offending token or construct.
    pub span: Span,
    /// The headline ("unexpected `}`, expected `;`").
    pub message: String,
    /// The text under the span.
    pub label: String,
    /// A suggestion, when there is one.
    pub help: Option<String>,
    /// A second place worth showing (e.g. the first definition of a duplicate).
    pub related: Option<(Span, String)>,
}

impl SyntaxError {
    /// An error with a message and label.
    pub fn new(kind: SyntaxErrorKind, span: Span, message: impl Into<String>, label: impl Into<String>) -> Self {
        SyntaxError(Box::new(SyntaxErrorData {
            kind,
            span,
            message: message.into(),
            label: label.into(),
            help: None,
            related: None,
        }))
    }

    /// Adds a help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a second labelled place.
    pub fn with_related(mut self, span: Span, label: impl Into<String>) -> Self {
        self.related = Some((span, label.into()));
        self
    }

    /// Whether more input could complete the text (end of input inside an
    /// expression, a string or a comment), as opposed to a real mistake.
    pub fn is_incomplete(&self) -> bool {
        matches!(
            self.kind,
            SyntaxErrorKind::UnexpectedEof | SyntaxErrorKind::UnterminatedString | SyntaxErrorKind::UnterminatedComment
        )
    }

    /// This error as a diagnostic that renders with `file`'s text.
    pub fn to_diagnostic(&self, file: &SourceFile) -> SyntaxDiagnostic {
        SyntaxDiagnostic {
            error: self.clone(),
            source: NamedSource::new(file.name(), file.display_text()),
        }
    }
}

impl std::ops::Deref for SyntaxError {
    type Target = SyntaxErrorData;
    fn deref(&self) -> &SyntaxErrorData {
        &self.0
    }
}

impl std::ops::DerefMut for SyntaxError {
    fn deref_mut(&mut self) -> &mut SyntaxErrorData {
        &mut self.0
    }
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SyntaxError {}

/// A [`SyntaxError`] together with its source text, ready for miette.
#[derive(Debug)]
pub struct SyntaxDiagnostic {
    error: SyntaxError,
    source: NamedSource<String>,
}

impl fmt::Display for SyntaxDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "syntax error: {}", self.error.message)
    }
}

impl std::error::Error for SyntaxDiagnostic {}

impl Diagnostic for SyntaxDiagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new("nixlite::parse"))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.error.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let mut labels = vec![LabeledSpan::new_primary_with_span(
            Some(self.error.label.clone()),
            self.error.span,
        )];
        if let Some((span, label)) = &self.error.related {
            labels.push(LabeledSpan::new_with_span(Some(label.clone()), *span));
        }
        Some(Box::new(labels.into_iter()))
    }
}
