//! Versions and derivation names: `compareVersions`, `splitVersion`, `parseDrvName`.

use super::Builtin;

pub(crate) const BUILTINS: &[Builtin] = &[];
