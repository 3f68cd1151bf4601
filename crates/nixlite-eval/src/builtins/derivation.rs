//! Derivations: `derivationStrict`, `placeholder`, `toFile`, `storePath`, `path`, `filterSource`.

use super::Builtin;

pub(crate) const BUILTINS: &[Builtin] = &[];
