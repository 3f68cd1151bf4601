//! The builtins: one registry, one module per domain.
//!
//! Every builtin is declared the same way — name, arity, which arguments
//! are forced before the call, a doc string (the REPL's `:doc`), and the
//! function — in its domain's `BUILTINS` table. [`globals`] assembles
//! the `builtins` set and the outermost scope from the tables.

mod arith;
mod attrs;
mod context;
mod control;
pub mod derivation;
mod env;
mod fetch;
mod files;
mod hash;
mod lists;
mod regex;
mod serialise;
mod strings;
mod versions;

use crate::error::Result;
use crate::eval::Evaluator;
use crate::resolve::Globals;
use crate::thunk::Thunk;
use crate::value::{Attrs, Value};
use nixlite_syntax::source::Span;
use nixlite_syntax::Symbol;

/// A builtin's implementation: the evaluator, the arguments (those marked
/// in `forces` already in weak head normal form) and the call's span.
pub type BuiltinFn = fn(&mut Evaluator, &mut [Value], Span) -> Result<Value>;

/// The most arguments a builtin takes (calls keep them on the stack).
pub const MAX_ARITY: usize = 3;

/// One builtin function.
pub struct Builtin {
    /// The name in `builtins`.
    pub name: &'static str,
    /// How many arguments it takes.
    pub arity: usize,
    /// Bit `i` set: argument `i` is forced before the call.
    pub forces: u8,
    /// What it does, for `:doc`.
    pub doc: &'static str,
    /// The implementation.
    pub func: BuiltinFn,
}

/// Declares a [`Builtin`]; `forces` lists the argument positions forced
/// before the call.
macro_rules! builtin {
    ($name:literal, $arity:literal, [$($f:literal),*], $doc:literal, $func:expr) => {
        $crate::builtins::Builtin {
            name: $name,
            arity: $arity,
            forces: 0 $(| (1 << $f))*,
            doc: $doc,
            func: $func,
        }
    };
}
pub(crate) use builtin;

/// Names that are in scope bare (not only as `builtins.x` and `__x`).
const TOP_LEVEL: &[&str] = &[
    "abort",
    "baseNameOf",
    "break",
    "derivation",
    "derivationStrict",
    "dirOf",
    "fetchGit",
    "fetchMercurial",
    "fetchTarball",
    "fetchTree",
    "fromTOML",
    "import",
    "isNull",
    "map",
    "placeholder",
    "removeAttrs",
    "scopedImport",
    "throw",
    "toString",
];

/// Every builtin function, from all domains.
pub fn all() -> impl Iterator<Item = &'static Builtin> {
    [
        control::BUILTINS,
        arith::BUILTINS,
        attrs::BUILTINS,
        lists::BUILTINS,
        strings::BUILTINS,
        files::BUILTINS,
        regex::BUILTINS,
        serialise::BUILTINS,
        versions::BUILTINS,
        context::BUILTINS,
        derivation::BUILTINS,
        hash::BUILTINS,
        fetch::BUILTINS,
        env::BUILTINS,
    ]
    .into_iter()
    .flatten()
}

/// The builtin named `name`.
pub fn lookup(name: &str) -> Option<&'static Builtin> {
    all().find(|b| b.name == name)
}

/// Builds the outermost scope: the `builtins` set, the bare names, and the
/// `__name` aliases of everything else.
pub fn globals(ev: &mut Evaluator) -> Globals {
    let mut set = Attrs::new();
    for b in all() {
        set.insert(Symbol::intern(b.name), Value::PrimOp(b));
    }
    for (name, value) in constants(ev) {
        set.insert(Symbol::intern(name), value);
    }
    // `builtins.builtins` is the set itself: a thunk filled in below.
    let own = Thunk::placeholder();
    set.insert(Symbol::intern("builtins"), Value::Thunk(own.clone()));
    let builtins = Value::attrs(set.clone());
    own.set_value(builtins.clone());

    let mut globals = Globals::new();
    for (name, value) in set.iter() {
        let text = name.to_str_lossy();
        let bare = TOP_LEVEL.contains(&&*text) || matches!(&*text, "true" | "false" | "null" | "builtins");
        if bare {
            globals.insert(name, value.clone());
        } else {
            globals.insert(Symbol::intern(format!("__{text}")), value.clone());
        }
    }
    globals.insert(Symbol::intern("builtins"), builtins);
    globals
}

/// The constant builtins (`true`, `langVersion`, `nixPath`, …).
fn constants(ev: &mut Evaluator) -> Vec<(&'static str, Value)> {
    let nix_path = ev
        .settings
        .nix_path
        .iter()
        .map(|(prefix, path)| {
            let mut a = Attrs::new();
            a.insert(Symbol::intern("prefix"), Value::string(prefix.as_bytes()));
            a.insert(Symbol::intern("path"), Value::string(path.as_bytes()));
            Value::attrs(a)
        })
        .collect();
    let mut out = vec![
        ("true", Value::Bool(true)),
        ("false", Value::Bool(false)),
        ("null", Value::Null),
        ("langVersion", Value::Int(6)),
        ("nixVersion", Value::string(&b"2.18.0"[..])),
        ("storeDir", Value::string(ev.settings.store_dir.as_bytes())),
        ("nixPath", Value::list(nix_path)),
    ];
    if !ev.settings.pure {
        out.push(("currentSystem", Value::string(ev.settings.system.as_bytes())));
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        out.push(("currentTime", Value::Int(now)));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn arities_fit_the_argument_buffer() {
        for b in super::all() {
            assert!(
                (1..=super::MAX_ARITY).contains(&b.arity),
                "{} takes {}",
                b.name,
                b.arity
            );
        }
    }
}
