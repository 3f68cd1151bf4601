//! String context: `getContext`, `hasContext` … (the derivation helper owns this file).

use super::Builtin;

pub(crate) const BUILTINS: &[Builtin] = &[];
