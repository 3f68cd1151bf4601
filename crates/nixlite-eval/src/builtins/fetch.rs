//! Fetchers under the no-network policy: `fetchurl`, `fetchTarball`, `fetchGit`, `fetchTree`, `fetchMercurial`.

use super::Builtin;

pub(crate) const BUILTINS: &[Builtin] = &[];
