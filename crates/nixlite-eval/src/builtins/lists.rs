//! Lists: access, construction, mapping and folding.

use super::{builtin, Builtin};
use crate::error::{ErrorKind, EvalError, Result};
use crate::eval::Evaluator;
use crate::thunk::{Suspended, Thunk};
use crate::value::Value;
use nixlite_syntax::source::Span;

fn index_error(i: i64, len: usize, span: Span) -> EvalError {
    EvalError::new(ErrorKind::Invalid, format!("list index {i} is out of bounds"))
        .at(Some(span))
        .with_label(format!("the list has {len} elements"))
}

fn elem_at(ev: &mut Evaluator, list: &Value, i: i64, span: Span) -> Result<Value> {
    let l = ev.expect_list(list, Some(span), "the list")?;
    match usize::try_from(i).ok().and_then(|i| l.get(i)) {
        Some(v) => ev.force(&v),
        None => Err(index_error(i, l.len(), span)),
    }
}

pub(crate) const BUILTINS: &[Builtin] = &[
    builtin!("length", 1, [0], "The number of elements of a list.", |ev, a, span| {
        Ok(Value::Int(
            ev.expect_list(&a[0], Some(span), "the argument of `length`")?.len() as i64,
        ))
    }),
    builtin!(
        "elemAt",
        2,
        [0, 1],
        "`elemAt list i`: the element at index `i` (from 0).",
        |ev, a, span| {
            let i = ev.expect_int(&a[1], Some(span), "the index")?;
            elem_at(ev, &a[0], i, span)
        }
    ),
    builtin!("head", 1, [0], "The first element of a list.", |ev, a, span| elem_at(
        ev, &a[0], 0, span
    )),
    builtin!("tail", 1, [0], "All but the first element of a list.", |ev, a, span| {
        let l = ev.expect_list(&a[0], Some(span), "the argument of `tail`")?;
        if l.is_empty() {
            return Err(EvalError::new(ErrorKind::Invalid, "`tail` called on an empty list").at(Some(span)));
        }
        let rest = l.items()[1..].to_vec();
        Ok(Value::list(rest))
    }),
    builtin!(
        "map",
        2,
        [1],
        "`map f list`: `f` applied to each element, lazily.",
        |ev, a, span| {
            let l = ev.expect_list(&a[1], Some(span), "the second argument of `map`")?;
            let f = a[0].clone();
            let mapped = l
                .items()
                .iter()
                .map(|x| Thunk::suspended(Suspended::Apply(f.clone(), x.clone())))
                .collect();
            Ok(Value::list(mapped))
        }
    ),
    builtin!(
        "filter",
        2,
        [0, 1],
        "`filter pred list`: the elements for which `pred` is true.",
        |ev, a, span| {
            let l = ev.expect_list(&a[1], Some(span), "the second argument of `filter`")?;
            let f = a[0].clone();
            let items = l.to_vec();
            let mut out = Vec::new();
            for x in &items {
                let keep = ev.call(&f, x.clone(), Some(span))?;
                if ev.force_bool(&keep, Some(span), "the result of the predicate")? {
                    out.push(x.clone());
                }
            }
            if out.len() == items.len() {
                return Ok(a[1].clone());
            }
            Ok(Value::list(out))
        }
    ),
    builtin!(
        "foldl'",
        3,
        [2],
        "`foldl' op nul list`: left fold, forcing the accumulator at each step.",
        |ev, a, span| {
            let l = ev.expect_list(&a[2], Some(span), "the third argument of `foldl'`")?;
            let f = a[0].clone();
            let mut acc = a[1].clone();
            for x in l.to_vec() {
                let g = ev.call(&f, acc, Some(span))?;
                acc = ev.call(&g, x, Some(span))?;
            }
            ev.force(&acc)
        }
    ),
    builtin!(
        "genList",
        2,
        [1],
        "`genList f n`: `[ (f 0) … (f (n - 1)) ]`, lazily.",
        |ev, a, span| {
            let n = ev.expect_int(&a[1], Some(span), "the length")?;
            if n < 0 {
                return Err(
                    EvalError::new(ErrorKind::Invalid, format!("cannot create a list of size {n}")).at(Some(span)),
                );
            }
            let f = a[0].clone();
            Ok(Value::list(
                (0..n)
                    .map(|i| Thunk::suspended(Suspended::Apply(f.clone(), Value::Int(i))))
                    .collect(),
            ))
        }
    ),
    builtin!("concatLists", 1, [0], "Concatenates a list of lists.", |ev, a, span| {
        let l = ev.expect_list(&a[0], Some(span), "the argument of `concatLists`")?;
        let mut out = Vec::new();
        for x in l.to_vec() {
            let inner = ev.force_list(&x, Some(span), "an element of the list passed to `concatLists`")?;
            out.extend(inner.items().iter().cloned());
        }
        Ok(Value::list(out))
    }),
    builtin!(
        "elem",
        2,
        [1],
        "`elem x list`: whether `x` is equal to an element of the list.",
        |ev, a, span| {
            let l = ev.expect_list(&a[1], Some(span), "the second argument of `elem`")?;
            for y in l.to_vec() {
                if ev.equal(&a[0], &y, true)? {
                    return Ok(Value::Bool(true));
                }
            }
            Ok(Value::Bool(false))
        }
    ),
];
