//! Attribute sets: names, values, lookup, construction and mapping.
//!
//! Attribute names taken from strings must not carry context (CppNix's
//! `forceStringNoCtx`); values are never forced unless the builtin's
//! result is one of them.

use super::lists::{force_function, force_string_no_ctx};
use super::{builtin, Builtin};
use crate::error::{ErrorKind, EvalError, Result};
use crate::eval::Evaluator;
use crate::thunk::{Suspended, Thunk};
use crate::value::{Attrs, List, Positions, Value};
use nixlite_syntax::source::Span;
use nixlite_syntax::{FxHashMap, FxHashSet, Symbol};
use std::rc::Rc;

fn name_arg(ev: &mut Evaluator, v: &Value, span: Span, what: &str) -> Result<Symbol> {
    let s = force_string_no_ctx(ev, v, span, what)?;
    Ok(s.to_symbol())
}

pub(crate) const BUILTINS: &[Builtin] = &[
    builtin!(
        "attrNames",
        1,
        [0],
        "`attrNames set`: the names of the attributes of `set`, sorted by their bytes; the values are not evaluated. For example, `attrNames { b = 1; a = 2; }` is `[ \"a\" \"b\" ]`.",
        |ev, a, span| {
            let set = ev.force_attrs(&a[0], Some(span), "the argument of `attrNames`")?;
            Ok(Value::list(set.keys().map(|k| ev.name_string(k)).collect()))
        }
    ),
    builtin!(
        "attrValues",
        1,
        [0],
        "`attrValues set`: the values of the attributes of `set`, in the order of their names (as `attrNames` lists them), not evaluated. For example, `attrValues { b = 1; a = 2; }` is `[ 2 1 ]`.",
        |ev, a, span| {
            let set = ev.force_attrs(&a[0], Some(span), "the argument of `attrValues`")?;
            Ok(Value::list(set.iter().map(|(_, v)| v.clone()).collect()))
        }
    ),
    builtin!(
        "getAttr",
        2,
        [],
        "`getAttr name set`: the attribute `name` of `set`, like `set.${name}`; a missing attribute is an error. For example, `getAttr \"a\" { a = 1; }` is `1`.",
        |ev, a, span| {
            let name = name_arg(ev, &a[0], span, "the first argument of `getAttr`")?;
            ev.force_attrs(&a[1], Some(span), "the second argument of `getAttr`")?;
            let set = a[1].clone();
            ev.select_value(&set, name, Some(span))
        }
    ),
    builtin!(
        "hasAttr",
        2,
        [],
        "`hasAttr name set`: whether `set` has an attribute `name`, like `set ? ${name}`; the attribute is not evaluated. For example, `hasAttr \"a\" { a = throw \"x\"; }` is `true`.",
        |ev, a, span| {
            let name = name_arg(ev, &a[0], span, "the first argument of `hasAttr`")?;
            let set = ev.force_attrs(&a[1], Some(span), "the second argument of `hasAttr`")?;
            Ok(Value::Bool(set.contains(name)))
        }
    ),
    builtin!(
        "removeAttrs",
        2,
        [],
        "`removeAttrs set names`: `set` without the attributes named in the list `names`; names it does not have are ignored. For example, `removeAttrs { a = 1; b = 2; } [ \"a\" \"c\" ]` is `{ b = 2; }`.",
        remove_attrs
    ),
    builtin!(
        "listToAttrs",
        1,
        [0],
        "`listToAttrs list`: a set built from a list of `{ name = …; value = …; }` sets; when a name occurs more than once, the first occurrence wins. The values are not evaluated. For example, `listToAttrs [ { name = \"a\"; value = 1; } { name = \"a\"; value = 2; } ]` is `{ a = 1; }`.",
        list_to_attrs
    ),
    builtin!(
        "mapAttrs",
        2,
        [],
        "`mapAttrs f set`: a set with the same names as `set`, where attribute `name` is `f name value`, computed lazily. For example, `mapAttrs (name: v: v * 10) { a = 1; b = 2; }` is `{ a = 10; b = 20; }`.",
        |ev, a, span| {
            let set = ev.force_attrs(&a[1], Some(span), "the second argument of `mapAttrs`")?;
            let f = a[0].clone();
            let out = set.map_values(|k, v| {
                Thunk::suspended(Suspended::Apply2(Box::new((f.clone(), ev.name_string(k), v.clone()))))
            });
            Ok(Value::attrs(out))
        }
    ),
    builtin!(
        "intersectAttrs",
        2,
        [],
        "`intersectAttrs e1 e2`: the attributes of `e2` whose names also occur in `e1`, with the values of `e2`. For example, `intersectAttrs { a = 1; b = 2; } { b = 3; c = 4; }` is `{ b = 3; }`.",
        |ev, a, span| {
            let e1 = ev.force_attrs(&a[0], Some(span), "the first argument of `intersectAttrs`")?;
            let e2 = ev.force_attrs(&a[1], Some(span), "the second argument of `intersectAttrs`")?;
            // Walk the smaller set, look names up in the larger one.
            let pairs = if e1.len() <= e2.len() {
                e1.iter_unordered()
                    .filter_map(|(k, _)| e2.get(k).map(|v| (k, v.clone())))
                    .collect()
            } else {
                e2.iter_unordered()
                    .filter(|(k, _)| e1.contains(*k))
                    .map(|(k, v)| (k, v.clone()))
                    .collect()
            };
            // Either walk is in id order, the order a set's array keeps.
            Ok(Value::attrs(Attrs::from_sorted(pairs).with_positions(e2.positions().cloned())))
        }
    ),
    builtin!(
        "catAttrs",
        2,
        [],
        "`catAttrs name list`: the values of the attribute `name` of those sets in `list` that have it, in order; every element of `list` must be a set. For example, `catAttrs \"a\" [ { a = 1; } { b = 0; } { a = 2; } ]` is `[ 1 2 ]`.",
        |ev, a, span| {
            let name = name_arg(ev, &a[0], span, "the first argument of `catAttrs`")?;
            let list = ev.force_list(&a[1], Some(span), "the second argument of `catAttrs`")?;
            let mut out = Vec::new();
            for item in list.to_vec() {
                let set = ev.force_attrs(&item, Some(span), "each element of the list passed to `catAttrs`")?;
                if let Some(v) = set.get(name) {
                    out.push(v.clone());
                }
            }
            Ok(Value::list(out))
        }
    ),
    builtin!(
        "zipAttrsWith",
        2,
        [],
        "`zipAttrsWith f sets`: a set with every name occurring in the list of sets `sets`, where attribute `name` is `f name values` and `values` lists the values of `name` in the sets that have it, in list order; computed lazily. For example, `zipAttrsWith (name: vs: vs) [ { a = 1; } { a = 2; b = 3; } ]` is `{ a = [ 1 2 ]; b = [ 3 ]; }`.",
        zip_attrs_with
    ),
];

fn remove_attrs(ev: &mut Evaluator, a: &mut [Value], span: Span) -> Result<Value> {
    let set = ev.force_attrs(&a[0], Some(span), "the first argument of `removeAttrs`")?;
    let names = ev.force_list_owned(
        std::mem::take(&mut a[1]),
        Some(span),
        "the second argument of `removeAttrs`",
    )?;
    let mut remove = Vec::with_capacity(names.len());
    for n in List::into_elements(names) {
        remove.push(name_arg(ev, &n, span, "each name passed to `removeAttrs`")?);
    }
    if remove.is_empty() {
        return Ok(Value::Attrs(set));
    }
    remove.sort_by_key(|k| k.id());
    remove.dedup();
    Ok(Value::attrs(set.without(&remove)))
}

fn list_to_attrs(ev: &mut Evaluator, a: &mut [Value], span: Span) -> Result<Value> {
    let list = ev.force_list_owned(std::mem::take(&mut a[0]), Some(span), "the argument of `listToAttrs`")?;
    let (name_sym, value_sym) = (Symbol::intern("name"), Symbol::intern("value"));
    let missing = |what: &str| {
        EvalError::new(ErrorKind::MissingAttr, format!("attribute `{what}` missing"))
            .at(Some(span))
            .with_label(format!(
                "an element of the list passed to `listToAttrs` has no `{what}`"
            ))
            .with_help("each element of the list must be a set `{ name = …; value = …; }`")
    };
    // As in CppNix, the first of repeated names wins, and only its `value`
    // is looked at.
    let mut seen: FxHashSet<Symbol> = FxHashSet::with_capacity_and_hasher(list.len(), Default::default());
    let mut pairs = Vec::with_capacity(list.len());
    let mut positions = Vec::new();
    for item in List::into_elements(list) {
        let item = ev.force_attrs(&item, Some(span), "each element of the list passed to `listToAttrs`")?;
        let name = item.get(name_sym).cloned().ok_or_else(|| missing("name"))?;
        let name = name_arg(
            ev,
            &name,
            span,
            "the `name` of an element of the list passed to `listToAttrs`",
        )?;
        if !seen.insert(name) {
            continue;
        }
        let value = item.get(value_sym).cloned().ok_or_else(|| missing("value"))?;
        pairs.push((name, value));
        // As in CppNix, the attribute is defined where its `value` is.
        positions.extend(item.position_of(value_sym).map(|p| (name, p)));
    }
    let positions = (!positions.is_empty()).then(|| Rc::new(Positions::table(positions)));
    Ok(Value::attrs(Attrs::from_pairs(pairs).with_positions(positions)))
}

fn zip_attrs_with(ev: &mut Evaluator, a: &mut [Value], span: Span) -> Result<Value> {
    let f = force_function(ev, &a[0], span, "the first argument of `zipAttrsWith`")?;
    let list = ev.force_list(&a[1], Some(span), "the second argument of `zipAttrsWith`")?;
    let mut values: FxHashMap<Symbol, Vec<Value>> = FxHashMap::default();
    for item in list.to_vec() {
        let set = ev.force_attrs(&item, Some(span), "each element of the list passed to `zipAttrsWith`")?;
        for (k, v) in set.iter_unordered() {
            values.entry(k).or_default().push(v.clone());
        }
    }
    let pairs = values
        .into_iter()
        .map(|(k, vs)| {
            let call = Suspended::Apply2(Box::new((f.clone(), ev.name_string(k), Value::list(vs))));
            (k, Thunk::suspended(call))
        })
        .collect();
    Ok(Value::attrs(Attrs::from_pairs(pairs)))
}
