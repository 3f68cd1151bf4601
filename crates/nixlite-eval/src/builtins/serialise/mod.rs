//! Serialisation: `toJSON`, `fromJSON`, `fromTOML`, `toXML`.

use super::Builtin;

pub(crate) const BUILTINS: &[Builtin] = &[];
