//! String context: `getContext`, `hasContext`, `appendContext`,
//! `unsafeDiscardStringContext`, `unsafeDiscardOutputDependency` and
//! `addDrvOutputDependencies`.
//!
//! A string's context ([`Context`]) records the store objects it refers to,
//! so that a derivation using the string depends on them. Elements hold
//! full store paths (`/nix/store/…`):
//!
//! | element | CppNix 2.8 encoding | `getContext` shows |
//! |---|---|---|
//! | [`ContextElem::Plain`]`(path)` | `/nix/store/…` | `{ path = true; }` |
//! | [`ContextElem::AllOutputs`]`(drv)` | `=/nix/store/…drv` | `{ allOutputs = true; }` |
//! | [`ContextElem::Output`]`(drv, output)` | `!output!/nix/store/…drv` | `{ outputs = [ … ]; }` |

use super::{builtin, Builtin};
use crate::error::{ErrorKind, EvalError, Result};
use crate::eval::{CoerceMode, Evaluator};
use crate::value::{Attrs, Context, ContextElem, NixString, StringContext, Value};
use nixlite_store::StoreDir;
use nixlite_syntax::source::Span;
use nixlite_syntax::Symbol;
use std::collections::BTreeMap;
use std::rc::Rc;

pub(crate) const BUILTINS: &[Builtin] = &[
    builtin!(
        "hasContext",
        1,
        [0],
        "`hasContext s`: whether the string `s` refers to store paths (copied sources, derivations or their outputs), i.e. whether using it in a derivation adds dependencies. Example: `builtins.hasContext \"${./foo.txt}\"` is `true`, `builtins.hasContext \"foo\"` is `false`.",
        |ev, a, span| {
            let s = ev.expect_string(&a[0], Some(span), "the argument of `hasContext`")?;
            Ok(Value::Bool(s.has_context()))
        }
    ),
    builtin!(
        "getContext",
        1,
        [0],
        "`getContext s`: the string context of `s` as a set keyed by store path, each value saying how the path is referred to: `path = true` (the path itself), `allOutputs = true` (a derivation with all its outputs, from `drvPath`) or `outputs = [ … ]` (some outputs of a derivation). Example: `builtins.getContext \"${./foo.txt}\"` is `{ \"/nix/store/…-foo.txt\" = { path = true; }; }`.",
        get_context
    ),
    builtin!(
        "appendContext",
        2,
        [0, 1],
        "`appendContext s ctx`: `s` with the context described by `ctx` added; `ctx` has the shape `getContext` returns (keys must be store paths, `allOutputs` and `outputs` only for `.drv` paths). Example: `builtins.appendContext \"x\" { \"/nix/store/…-foo.txt\" = { path = true; }; }`.",
        append_context
    ),
    builtin!(
        "unsafeDiscardStringContext",
        1,
        [0],
        "`unsafeDiscardStringContext s`: the string `s` (coerced as in interpolation) without its context, so that using it in a derivation adds no dependency. Example: `builtins.hasContext (builtins.unsafeDiscardStringContext \"${./foo.txt}\")` is `false`.",
        |ev, a, span| {
            let s = ev.coerce_to_string(&a[0], CoerceMode::Interpolation, Some(span))?;
            Ok(Value::string(s.as_bytes()))
        }
    ),
    builtin!(
        "unsafeDiscardOutputDependency",
        1,
        [0],
        "`unsafeDiscardOutputDependency s`: `s` with every whole-derivation dependency (the context of a `drvPath`, which pulls in all outputs and the whole closure) turned into a dependency on the `.drv` file alone. Example: `builtins.getContext (builtins.unsafeDiscardOutputDependency d.drvPath)` is `{ \"/nix/store/…-d.drv\" = { path = true; }; }`.",
        |ev, a, span| {
            let s = ev.coerce_to_string(&a[0], CoerceMode::Interpolation, Some(span))?;
            let context = s.context().map(|ctx| {
                ctx.iter()
                    .map(|e| match e {
                        ContextElem::AllOutputs(p) => ContextElem::Plain(p.clone()),
                        other => other.clone(),
                    })
                    .collect::<Context>()
            });
            Ok(string_with(s.as_bytes(), context))
        }
    ),
    builtin!(
        "addDrvOutputDependencies",
        1,
        [0],
        "`addDrvOutputDependencies s`: the inverse of `unsafeDiscardOutputDependency`: `s`, whose context must be exactly one `.drv` path, with that path turned into a whole-derivation dependency (all outputs and the closure), as a `drvPath` has. Example: `builtins.getContext (builtins.addDrvOutputDependencies (builtins.unsafeDiscardOutputDependency d.drvPath))` is `{ \"/nix/store/…-d.drv\" = { allOutputs = true; }; }`.",
        add_drv_output_dependencies
    ),
];

/// A string value with the given context.
pub(crate) fn string_with(bytes: &[u8], context: Option<Context>) -> Value {
    Value::String(Rc::new(NixString::with_context(
        bytes,
        context.and_then(StringContext::new),
    )))
}

/// The store directory of the evaluator's settings.
pub(crate) fn store_dir(ev: &Evaluator, span: Option<Span>) -> Result<StoreDir> {
    StoreDir::new(&ev.settings.store_dir)
        .map_err(|e| EvalError::new(ErrorKind::Invalid, format!("invalid store directory: {e}")).at(span))
}

/// The store path a context element refers to (the `.drv` for outputs).
pub(crate) fn elem_path(elem: &ContextElem) -> &[u8] {
    match elem {
        ContextElem::Plain(p) | ContextElem::AllOutputs(p) | ContextElem::Output(p, _) => p,
    }
}

/// The store path of `s`'s first context element, if any (for messages
/// about strings that must not have context).
pub(crate) fn first_context_path(s: &NixString) -> Option<String> {
    s.context()
        .and_then(|c| c.iter().next())
        .map(|e| String::from_utf8_lossy(elem_path(e)).into_owned())
}

/// `v` (forced) as a string without context (CppNix `forceStringNoCtx`).
pub(crate) fn expect_string_no_ctx(ev: &Evaluator, v: &Value, span: Option<Span>, what: &str) -> Result<Rc<NixString>> {
    let s = ev.expect_string(v, span, what)?;
    if let Some(path) = first_context_path(&s) {
        return Err(EvalError::new(
            ErrorKind::Invalid,
            format!(
                "the string `{}` is not allowed to refer to a store path (such as `{path}`)",
                s.to_str_lossy()
            ),
        )
        .at(span)
        .with_label(format!("{what} must not have a string context"))
        .with_help("a store path cannot be used here; `builtins.unsafeDiscardStringContext` drops the reference"));
    }
    Ok(s)
}

/// Forces `v` and requires a string without context.
pub(crate) fn force_string_no_ctx(
    ev: &mut Evaluator,
    v: &Value,
    span: Option<Span>,
    what: &str,
) -> Result<Rc<NixString>> {
    let v = ev.force(v)?;
    expect_string_no_ctx(ev, &v, span, what)
}

#[derive(Default)]
struct ContextInfo {
    path: bool,
    all_outputs: bool,
    outputs: Vec<Box<[u8]>>,
}

fn get_context(ev: &mut Evaluator, a: &mut [Value], span: Span) -> Result<Value> {
    let s = ev.expect_string(&a[0], Some(span), "the argument of `getContext`")?;
    let mut infos: BTreeMap<&[u8], ContextInfo> = BTreeMap::new();
    if let Some(ctx) = s.context() {
        for elem in ctx.iter() {
            let info = infos.entry(elem_path(elem)).or_default();
            match elem {
                ContextElem::Plain(_) => info.path = true,
                ContextElem::AllOutputs(_) => info.all_outputs = true,
                ContextElem::Output(_, out) => info.outputs.push(out.clone()),
            }
        }
    }
    let (path_sym, all_sym, outputs_sym) = (
        Symbol::intern("path"),
        Symbol::intern("allOutputs"),
        Symbol::intern("outputs"),
    );
    let mut out = Vec::with_capacity(infos.len());
    for (path, info) in infos {
        let mut attrs = Attrs::new();
        if info.path {
            attrs.insert(path_sym, Value::Bool(true));
        }
        if info.all_outputs {
            attrs.insert(all_sym, Value::Bool(true));
        }
        if !info.outputs.is_empty() {
            let names = info.outputs.into_iter().map(Value::string).collect();
            attrs.insert(outputs_sym, Value::list(names));
        }
        out.push((Symbol::intern(path), Value::attrs(attrs)));
    }
    Ok(Value::attrs(Attrs::from_pairs(out)))
}

fn append_context(ev: &mut Evaluator, a: &mut [Value], span: Span) -> Result<Value> {
    let s = ev.expect_string(&a[0], Some(span), "the first argument of `appendContext`")?;
    let spec = ev.expect_attrs(&a[1], Some(span), "the second argument of `appendContext`")?;
    let store = store_dir(ev, Some(span))?;
    let mut context: Context = s.context().map(|c| c.to_set()).unwrap_or_default();
    let (path_sym, all_sym, outputs_sym) = (
        Symbol::intern("path"),
        Symbol::intern("allOutputs"),
        Symbol::intern("outputs"),
    );
    for (name, value) in spec.iter() {
        let key = name.to_str_lossy();
        let store_path = store.parse(&key).map_err(|e| {
            EvalError::new(
                ErrorKind::Invalid,
                format!("context key `{key}` is not a store path: {e}"),
            )
            .at(Some(span))
            .with_label("the context passed to `appendContext` is keyed by store paths")
        })?;
        let is_drv = store_path.is_derivation();
        let path: Box<[u8]> = name.as_bytes().into();
        let what = format!("the context of `{key}`");
        let info = ev.force_attrs(value, Some(span), &what)?;
        if let Some(v) = info.get(path_sym) {
            if ev.force_bool(&v.clone(), Some(span), "`path` in a context description")? {
                context.insert(ContextElem::Plain(path.clone()));
            }
        }
        if let Some(v) = info.get(all_sym) {
            if ev.force_bool(&v.clone(), Some(span), "`allOutputs` in a context description")? {
                if !is_drv {
                    return Err(not_a_derivation(&key, "all-outputs", span));
                }
                context.insert(ContextElem::AllOutputs(path.clone()));
            }
        }
        if let Some(v) = info.get(outputs_sym) {
            let list = ev.force_list(&v.clone(), Some(span), "`outputs` in a context description")?;
            if !list.is_empty() && !is_drv {
                return Err(not_a_derivation(&key, "derivation output", span));
            }
            for item in list.to_vec() {
                let out = force_string_no_ctx(ev, &item, Some(span), "an output name")?;
                context.insert(ContextElem::Output(path.clone(), out.as_bytes().into()));
            }
        }
    }
    Ok(string_with(s.as_bytes(), Some(context)))
}

fn not_a_derivation(key: &str, kind: &str, span: Span) -> EvalError {
    EvalError::new(
        ErrorKind::Invalid,
        format!("cannot add {kind} context of `{key}` to a string: it is not a derivation"),
    )
    .at(Some(span))
    .with_help("only `.drv` store paths can have `allOutputs` or `outputs`; use `path = true` for other store paths")
}

fn add_drv_output_dependencies(ev: &mut Evaluator, a: &mut [Value], span: Span) -> Result<Value> {
    let s = ev.coerce_to_string(&a[0], CoerceMode::Interpolation, Some(span))?;
    let count = s.context().map_or(0, |c| c.len());
    let only = match s.context().and_then(|c| c.iter().next()) {
        Some(elem) if count == 1 => elem.clone(),
        _ => {
            return Err(EvalError::new(
                ErrorKind::Invalid,
                format!(
                    "the context of string `{}` must have exactly one element, but has {count}",
                    s.to_str_lossy()
                ),
            )
            .at(Some(span)))
        }
    };
    let elem = match only {
        ContextElem::Plain(p) => {
            if !p.ends_with(b".drv") {
                return Err(EvalError::new(
                    ErrorKind::Invalid,
                    format!("path `{}` is not a derivation", String::from_utf8_lossy(&p)),
                )
                .at(Some(span)));
            }
            ContextElem::AllOutputs(p)
        }
        ContextElem::Output(_, out) => {
            return Err(EvalError::new(
                ErrorKind::Invalid,
                format!(
                    "`addDrvOutputDependencies` can only act on derivations, not on a derivation output such as `{}`",
                    String::from_utf8_lossy(&out)
                ),
            )
            .at(Some(span)))
        }
        deep @ ContextElem::AllOutputs(_) => deep,
    };
    Ok(string_with(s.as_bytes(), Some(Context::from([elem]))))
}
