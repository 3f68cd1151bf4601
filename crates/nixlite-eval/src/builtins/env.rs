//! The environment: `getEnv`, `unsafeGetAttrPos` and other impure or introspective builtins.
//!
//! `currentSystem` and `currentTime` are constants (see `builtins::constants`).

use super::lists::force_string_no_ctx;
use super::{builtin, Builtin};
use crate::value::Value;
use std::ffi::OsStr;
use std::os::unix::ffi::{OsStrExt, OsStringExt};

pub(crate) const BUILTINS: &[Builtin] = &[
    builtin!(
        "getEnv",
        1,
        [0],
        "`getEnv name`: the value of the environment variable `name` of the evaluating process, or `\"\"` if it is not set (and always `\"\"` in pure evaluation mode). For example, `getEnv \"HOME\"` may be `\"/home/alice\"`.",
        |ev, a, span| {
            let name = force_string_no_ctx(ev, &a[0], span, "the argument of `getEnv`")?;
            let name = name.as_bytes();
            // `std::env::var_os` panics on such names; no variable can have them.
            let impossible = name.is_empty() || name.contains(&b'=') || name.contains(&0);
            if ev.settings.pure || impossible {
                return Ok(Value::string(&b""[..]));
            }
            let value = std::env::var_os(OsStr::from_bytes(name)).map_or_else(Vec::new, OsStringExt::into_vec);
            Ok(Value::string(value))
        }
    ),
    builtin!(
        "unsafeGetAttrPos",
        2,
        [0, 1],
        "`unsafeGetAttrPos name set`: where the attribute `name` of `set` is defined, as `{ file; line; column; }`, or `null` when `set` has no such attribute or its position is not known (sets made by `mapAttrs`, for one). For example, `unsafeGetAttrPos \"a\" { a = 1; }` is `{ column = …; file = …; line = …; }`, where the `a` is written.",
        |ev, a, span| {
            let name = force_string_no_ctx(ev, &a[0], span, "the first argument of `unsafeGetAttrPos`")?;
            let set = ev.expect_attrs(&a[1], Some(span), "the second argument of `unsafeGetAttrPos`")?;
            Ok(match set.position_of(name.to_symbol()) {
                Some(at) => ev.position_value(at),
                None => Value::Null,
            })
        }
    ),
];
