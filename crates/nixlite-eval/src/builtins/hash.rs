//! Hashes: `hashString`, `hashFile`, `convertHash`.

use super::Builtin;

pub(crate) const BUILTINS: &[Builtin] = &[];
