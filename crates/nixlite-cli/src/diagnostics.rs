//! Rendering diagnostics on stderr: colour on a terminal, plain text otherwise.

use miette::Diagnostic;
use std::io::IsTerminal;

/// Whether diagnostics on stderr get colour: on a terminal, unless `NO_COLOR` is set.
pub fn colour() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Renders `diagnostic` to a string, with colour when [`colour`] says so.
pub fn render(diagnostic: &dyn Diagnostic) -> String {
    nixlite::render_diagnostic(diagnostic, colour())
}
