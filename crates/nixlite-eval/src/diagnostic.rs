//! Turning an [`EvalError`] into a miette diagnostic with its source.

use crate::error::EvalError;
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource};
use nixlite_syntax::source::SourceMap;
use std::fmt;

/// An evaluation error with the text of the file it points into.
#[derive(Debug)]
pub struct Diagnostic {
    message: String,
    code: &'static str,
    help: Option<String>,
    label: Option<LabeledSpan>,
    source: Option<NamedSource<String>>,
}

impl Diagnostic {
    /// Builds the diagnostic for `err`, reading its file from `sources`.
    pub fn new(err: &EvalError, sources: &SourceMap) -> Diagnostic {
        let data = &err.0;
        // miette cannot draw a label past column 65535: for absurdly long
        // lines, show the message and position without the snippet.
        let file = data
            .span
            .and_then(|s| sources.try_get(s.file).map(|f| (s, f)))
            .filter(|(s, f)| f.line_col(s.end).1 < 10_000 && f.line_col(s.start).1 < 10_000);
        let (label, source) = match file {
            Some((span, file)) => (
                Some(LabeledSpan::new_primary_with_span(data.label.clone(), span)),
                Some(NamedSource::new(file.name(), file.display_text())),
            ),
            None => (None, None),
        };
        Diagnostic {
            message: data.message.clone(),
            code: data.kind.code(),
            help: data.help.clone(),
            label,
            source,
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Diagnostic {}

impl miette::Diagnostic for Diagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.label
            .clone()
            .map(|l| Box::new(std::iter::once(l)) as Box<dyn Iterator<Item = LabeledSpan>>)
    }
}

/// Renders any miette diagnostic as text, with or without colour.
///
/// Messages are not wrapped: where a line would break depends on the paths
/// and values in it, and the terminal wraps long lines anyway.
pub fn render(diagnostic: &dyn miette::Diagnostic, colour: bool) -> String {
    let theme = if colour {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_wrap_lines(false);
    let mut out = String::new();
    if handler.render_report(&mut out, diagnostic).is_err() {
        out = diagnostic.to_string();
    }
    out
}
