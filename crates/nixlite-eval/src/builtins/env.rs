//! The environment: `getEnv`, `unsafeGetAttrPos` and other impure or introspective builtins.

use super::Builtin;

pub(crate) const BUILTINS: &[Builtin] = &[];
