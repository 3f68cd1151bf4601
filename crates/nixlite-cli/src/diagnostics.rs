//! Rendering diagnostics on stderr: colour on a terminal, plain text otherwise.

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme};
use std::io::IsTerminal;

/// Whether diagnostics on stderr get colour: on a terminal, unless `NO_COLOR` is set.
pub fn colour() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Renders `diagnostic` to a string, with colour when [`colour`] says so.
pub fn render(diagnostic: &dyn Diagnostic) -> String {
    let colour = colour();
    let theme = if colour {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100);
    let mut out = String::new();
    if handler.render_report(&mut out, diagnostic).is_err() {
        out = diagnostic.to_string();
    }
    out
}
