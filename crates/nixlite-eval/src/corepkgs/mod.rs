//! Functions CppNix defines in the Nix language itself, embedded as Nix
//! source:
//!
//! * `derivation` (`derivation.nix`, CppNix's `corepkgs/derivation.nix`):
//!   the wrapper around `derivationStrict` that gives a derivation its
//!   familiar shape (`drvAttrs // { outPath; drvPath; type = "derivation";
//!   outputName; all; <output> = …; }`). Evaluated once when an evaluator
//!   starts and added to the outermost scope and to `builtins`.
//! * `<nix/fetchurl.nix>` (`fetchurl.nix`): a search-path lookup of
//!   `nix/…` that the search path does not resolve gives
//!   `/__corepkgs__/…` (as CppNix 2.8 prints it); importing
//!   `/__corepkgs__/fetchurl.nix` evaluates the embedded file (once per
//!   evaluator). See [`find_file`] and [`import`].

use crate::error::Result;
use crate::eval::Evaluator;
use crate::thunk::{Env, Thunk};
use crate::value::Value;
use nixlite_syntax::source::Origin;
use nixlite_syntax::Symbol;
use std::path::PathBuf;
use std::rc::Rc;

const DERIVATION_NIX: &str = include_str!("derivation.nix");
const FETCHURL_NIX: &str = include_str!("fetchurl.nix");

/// The directory `<nix/…>` resolves into.
pub(crate) const COREPKGS_DIR: &[u8] = b"/__corepkgs__";
/// The one importable file there.
const FETCHURL_PATH: &[u8] = b"/__corepkgs__/fetchurl.nix";

/// Installs the Nix-defined globals into `ev`'s outermost scope.
pub(crate) fn install(ev: &mut Evaluator) {
    let origin = Origin::Named("«nix-internal»/derivation-internal.nix".into());
    // The embedded source is fixed and evaluates to a function without
    // forcing anything, so this cannot fail; if it somehow did, the
    // evaluator simply has no `derivation`.
    if let Ok(value) = ev.eval_source(origin, DERIVATION_NIX.as_bytes().to_vec(), COREPKGS_DIR) {
        add_global(ev, Symbol::intern("derivation"), value);
    }
}

/// Binds `name` in the outermost scope and in `builtins`.
fn add_global(ev: &mut Evaluator, name: Symbol, value: Value) {
    let builtins_sym = Symbol::intern("builtins");
    let mut globals = (*ev.globals).clone();
    globals.insert(name, value.clone());
    if let Some(Value::Attrs(old)) = globals.get(&builtins_sym) {
        let mut set = (**old).clone();
        set.insert(name, value);
        // `builtins.builtins` is the set itself.
        let own = Thunk::placeholder();
        set.insert(builtins_sym, Value::Thunk(own.clone()));
        let builtins = Value::attrs(set);
        own.set_value(builtins.clone());
        // Point the old set's self-reference at the new set, so the old
        // set is not kept alive by its own cycle.
        if let Some(Value::Thunk(old_own)) = old.get(builtins_sym) {
            old_own.set_value(builtins.clone());
        }
        globals.insert(builtins_sym, builtins);
    }
    ev.globals = Rc::new(globals);
}

/// The corepkgs path a search-path lookup of `name` falls back to when the
/// search path has no match: `nix/fetchurl.nix` → `/__corepkgs__/fetchurl.nix`.
/// `None` for names outside `nix/`. (Called by `findFile`.)
pub(crate) fn find_file(name: &[u8]) -> Option<Value> {
    let rest = name.strip_prefix(b"nix/")?;
    let mut path = COREPKGS_DIR.to_vec();
    path.push(b'/');
    path.extend_from_slice(rest);
    Some(Value::path(crate::resolve::canonicalise(&path)))
}

/// `import path` for the built-in corepkgs: the value of the embedded
/// `fetchurl.nix` for `/__corepkgs__/fetchurl.nix` (evaluated once per
/// evaluator), `None` for every other path. (Called by `import`.)
pub(crate) fn import(ev: &mut Evaluator, path: &[u8]) -> Result<Option<Value>> {
    if path != FETCHURL_PATH {
        return Ok(None);
    }
    if let Some(v) = ev.import_cache.get(path) {
        let v = v.clone();
        return ev.force(&v).map(Some);
    }
    let origin = Origin::File(PathBuf::from("/__corepkgs__/fetchurl.nix"));
    let (ir, _) = ev.load_source(origin, FETCHURL_NIX.as_bytes().to_vec(), COREPKGS_DIR, None)?;
    let thunk = Thunk::expr(Rc::new(ir), Env::new(Vec::new(), None));
    ev.import_cache.insert(path.to_vec(), thunk.clone());
    ev.force(&thunk).map(Some)
}
