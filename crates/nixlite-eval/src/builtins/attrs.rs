//! Attribute sets: names, values, lookup, construction and mapping.

use super::{builtin, Builtin};
use crate::error::{ErrorKind, EvalError, Result};
use crate::eval::Evaluator;
use crate::thunk::{Suspended, Thunk};
use crate::value::{Attrs, Value};
use nixlite_syntax::source::Span;
use nixlite_syntax::Symbol;

fn name_arg(ev: &mut Evaluator, v: &Value, span: Span, what: &str) -> Result<Symbol> {
    let s = ev.expect_string(v, Some(span), what)?;
    Ok(Symbol::intern(s.as_bytes()))
}

pub(crate) const BUILTINS: &[Builtin] = &[
    builtin!(
        "attrNames",
        1,
        [0],
        "The names of a set's attributes, sorted.",
        |ev, a, span| {
            let set = ev.expect_attrs(&a[0], Some(span), "the argument of `attrNames`")?;
            Ok(Value::list(set.keys().map(|k| Value::string(k.as_bytes())).collect()))
        }
    ),
    builtin!(
        "attrValues",
        1,
        [0],
        "The values of a set's attributes, in the order of their names.",
        |ev, a, span| {
            let set = ev.expect_attrs(&a[0], Some(span), "the argument of `attrValues`")?;
            Ok(Value::list(set.iter().map(|(_, v)| v.clone()).collect()))
        }
    ),
    builtin!(
        "getAttr",
        2,
        [0, 1],
        "`getAttr name set`: `set.${name}`.",
        |ev, a, span| {
            let name = name_arg(ev, &a[0], span, "the attribute name")?;
            let v = a[1].clone();
            ev.select_value(&v, name, Some(span))
        }
    ),
    builtin!(
        "hasAttr",
        2,
        [0, 1],
        "`hasAttr name set`: `set ? ${name}`.",
        |ev, a, span| {
            let name = name_arg(ev, &a[0], span, "the attribute name")?;
            let set = ev.expect_attrs(&a[1], Some(span), "the second argument of `hasAttr`")?;
            Ok(Value::Bool(set.contains(name)))
        }
    ),
    builtin!(
        "removeAttrs",
        2,
        [0, 1],
        "`removeAttrs set names`: the set without the listed attributes.",
        |ev, a, span| {
            let set = ev.expect_attrs(&a[0], Some(span), "the first argument of `removeAttrs`")?;
            let names = ev.expect_list(&a[1], Some(span), "the second argument of `removeAttrs`")?;
            let mut out = (*set).clone();
            for n in names.to_vec() {
                let n = ev.force_string(&n, Some(span), "an attribute name")?;
                out.remove(Symbol::intern(n.as_bytes()));
            }
            Ok(Value::attrs(out))
        }
    ),
    builtin!(
        "listToAttrs",
        1,
        [0],
        "A set from a list of `{ name; value; }` sets; the first occurrence of a name wins.",
        |ev, a, span| {
            let list = ev.expect_list(&a[0], Some(span), "the argument of `listToAttrs`")?;
            let (name_sym, value_sym) = (Symbol::intern("name"), Symbol::intern("value"));
            let mut out = Attrs::new();
            for item in list.to_vec() {
                let item = ev.force_attrs(&item, Some(span), "an element of the list passed to `listToAttrs`")?;
                let Some(name) = item.get(name_sym).cloned() else {
                    return Err(EvalError::new(ErrorKind::MissingAttr, "attribute `name` missing")
                        .at(Some(span))
                        .with_help("each element of the list must be a set `{ name = …; value = …; }`"));
                };
                let name = ev.force_string(&name, Some(span), "the `name` of an element")?;
                let name = Symbol::intern(name.as_bytes());
                if out.contains(name) {
                    continue;
                }
                let Some(value) = item.get(value_sym).cloned() else {
                    return Err(EvalError::new(ErrorKind::MissingAttr, "attribute `value` missing")
                        .at(Some(span))
                        .with_help("each element of the list must be a set `{ name = …; value = …; }`"));
                };
                out.insert(name, value);
            }
            Ok(Value::attrs(out))
        }
    ),
    builtin!(
        "mapAttrs",
        2,
        [1],
        "`mapAttrs f set`: `{ name = f name value; }` for each attribute, lazily.",
        |ev, a, span| {
            let set = ev.expect_attrs(&a[1], Some(span), "the second argument of `mapAttrs`")?;
            let f = a[0].clone();
            let out = set
                .iter()
                .map(|(k, v)| {
                    (
                        k,
                        Thunk::suspended(Suspended::Apply2(f.clone(), Value::string(k.as_bytes()), v.clone())),
                    )
                })
                .collect();
            Ok(Value::attrs(out))
        }
    ),
];
