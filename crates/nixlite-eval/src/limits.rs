//! Sizes the machine cannot hold.
//!
//! With overcommit, the allocator promises far more memory than the
//! machine has, and a program that builds a value too big for it (a list
//! of 10^12 elements, a string doubled 40 times) would run until the OS
//! kills it. The builtins that build such values check the size first and
//! fail with a diagnostic instead.

use crate::error::{ErrorKind, EvalError};
use nixlite_syntax::source::Span;

/// The machine's physical memory in bytes, where known (Linux).
fn physical_memory() -> Option<usize> {
    static TOTAL: std::sync::OnceLock<Option<usize>> = std::sync::OnceLock::new();
    *TOTAL.get_or_init(|| {
        let info = std::fs::read_to_string("/proc/meminfo").ok()?;
        let line = info.lines().find(|l| l.starts_with("MemTotal:"))?;
        let kib: usize = line.split_whitespace().nth(1)?.parse().ok()?;
        kib.checked_mul(1024)
    })
}

/// Whether a value of `bytes` bytes could not fit in memory. Half of it is
/// the bound: a new value is built while its parts are still held.
pub(crate) fn too_big(bytes: usize) -> bool {
    physical_memory().is_some_and(|total| bytes > total / 2)
}

/// Whether a string of `len` bytes could not be built: its parts are held
/// while it is, and a doubling (`s + s`) holds half its size again.
pub(crate) fn string_too_long_for_memory(len: usize) -> bool {
    too_big(len.saturating_mul(2))
}

/// The error for a string of `len` bytes that
/// [`string_too_long_for_memory`] refuses.
#[cold]
pub(crate) fn string_too_long(len: usize, span: Option<Span>) -> EvalError {
    EvalError::new(ErrorKind::Invalid, format!("cannot create a string of {len} bytes"))
        .at(span)
        .with_label("there is not enough memory for a string this long")
}
