//! Regular expressions: `match` and `split` (POSIX extended syntax).

use super::Builtin;

pub(crate) const BUILTINS: &[Builtin] = &[];
