//! Lists: access, construction, mapping, folding, sorting and closures.
//!
//! Argument forcing follows newest CppNix exactly, including its order (the
//! list before the function for `map`, `filter` and `sort`, which return an
//! empty list without looking at the function; the function first for the
//! others), so the same error is reported when several arguments are bad.

use super::{builtin, Builtin};
use crate::error::{ErrorKind, EvalError, Result};
use crate::eval::Evaluator;
use crate::print;
use crate::thunk::{Suspended, Thunk};
use crate::value::{Attrs, List, NixString, Value};
use nixlite_syntax::source::Span;
use nixlite_syntax::{FxHashMap, Symbol};
use std::collections::VecDeque;
use std::rc::Rc;

/// Forces `v` and requires something callable: a function, or a set with
/// `__functor` (CppNix's `forceFunction` accepts both).
pub(super) fn force_function(ev: &mut Evaluator, v: &Value, span: Span, what: &str) -> Result<Value> {
    let v = ev.force(v)?;
    let callable = match &v {
        Value::Attrs(a) => a.contains(ev.known.functor),
        other => other.is_function(),
    };
    if callable {
        Ok(v)
    } else {
        Err(ev.type_mismatch("a function", &v, Some(span), what))
    }
}

/// Forces `v` and requires a string without context (CppNix's
/// `forceStringNoCtx`): names of attributes, version strings, group keys.
pub(super) fn force_string_no_ctx(ev: &mut Evaluator, v: &Value, span: Span, what: &str) -> Result<Rc<NixString>> {
    let v = ev.force(v)?;
    let s = ev.expect_string(&v, Some(span), what)?;
    if s.has_context() {
        return Err(EvalError::new(
            ErrorKind::Invalid,
            format!(
                "the string {} is not allowed to refer to a store path",
                print::abbreviate(&v)
            ),
        )
        .at(Some(span))
        .with_label(format!("{what} must be a string without context"))
        .with_help("use `builtins.unsafeDiscardStringContext` if the reference to the store path is not needed"));
    }
    Ok(s)
}

pub(crate) const BUILTINS: &[Builtin] = &[
    builtin!(
        "length",
        1,
        [0],
        "`length list`: the number of elements of `list`, which are not evaluated. For example, `length [ 1 (throw \"x\") ]` is `2`.",
        |ev, a, span| {
            let l = ev.force_list(&a[0], Some(span), "the argument of `length`")?;
            Ok(Value::Int(l.len() as i64))
        }
    ),
    builtin!(
        "elemAt",
        2,
        [],
        "`elemAt list i`: the element of `list` at index `i`, counting from 0; an index out of range is an error. For example, `elemAt [ \"a\" \"b\" ] 1` is `\"b\"`.",
        |ev, a, span| {
            let i = ev.force_int(&a[1], Some(span), "the index passed to `elemAt`")?;
            let l = ev.force_list(&a[0], Some(span), "the first argument of `elemAt`")?;
            match usize::try_from(i).ok().and_then(|i| Some((i, l.get(i)?))) {
                Some((i, v)) => {
                    let v = ev.force(&v)?;
                    l.settle(i);
                    Ok(v)
                }
                None => Err(EvalError::new(
                    ErrorKind::Invalid,
                    format!("`elemAt` called with index {i} on a list of {} elements", l.len()),
                )
                .at(Some(span))
                .with_label(match l.len() {
                    0 => "the list is empty".to_string(),
                    n => format!("valid indices are 0 to {}", n - 1),
                })),
            }
        }
    ),
    builtin!(
        "head",
        1,
        [0],
        "`head list`: the first element of `list`; an empty list is an error. For example, `head [ 1 2 3 ]` is `1`.",
        |ev, a, span| {
            let l = ev.force_list(&a[0], Some(span), "the argument of `head`")?;
            match l.get(0) {
                Some(v) => {
                    let v = ev.force(&v)?;
                    l.settle(0);
                    Ok(v)
                }
                None => Err(empty_list_error("head", span)),
            }
        }
    ),
    builtin!(
        "tail",
        1,
        [0],
        "`tail list`: `list` without its first element; an empty list is an error. For example, `tail [ 1 2 3 ]` is `[ 2 3 ]`.",
        |ev, a, span| {
            let l = ev.force_list(&a[0], Some(span), "the argument of `tail`")?;
            if l.is_empty() {
                return Err(empty_list_error("tail", span));
            }
            let rest = l.items().iter().skip(1).map(Value::settled).collect();
            Ok(Value::list(rest))
        }
    ),
    builtin!(
        "map",
        2,
        [],
        "`map f list`: the list of `f x` for each element `x` of `list`, computed lazily: `length (map (x: throw \"e\") [ 1 2 ])` is `2`. For example, `map (x: x * 2) [ 1 2 3 ]` is `[ 2 4 6 ]`.",
        |ev, a, span| {
            let l = ev.force_list_owned(std::mem::take(&mut a[1]), Some(span), "the second argument of `map`")?;
            if l.is_empty() {
                return Ok(Value::List(l));
            }
            let f = force_function(ev, &a[0], span, "the first argument of `map`")?;
            let mapped = List::into_elements(l)
                .map(|x| Thunk::suspended(Suspended::Apply(f.clone(), x.settled())))
                .collect();
            Ok(Value::list(mapped))
        }
    ),
    builtin!(
        "filter",
        2,
        [],
        "`filter pred list`: the elements `x` of `list` for which `pred x` is `true`, in order. For example, `filter (x: x > 1) [ 3 1 2 ]` is `[ 3 2 ]`.",
        |ev, a, span| {
            let l = ev.force_list(&a[1], Some(span), "the second argument of `filter`")?;
            if l.is_empty() {
                return Ok(Value::List(l));
            }
            let f = force_function(ev, &a[0], span, "the first argument of `filter`")?;
            let mut out = Vec::new();
            for x in l.elements() {
                let keep = ev.call(&f, x.clone(), Some(span))?;
                if ev.force_bool(&keep, Some(span), "the result of the function passed to `filter`")? {
                    out.push(x.settled());
                }
            }
            if out.len() == l.len() {
                return Ok(Value::List(l));
            }
            Ok(Value::list(out))
        }
    ),
    builtin!(
        "foldl'",
        3,
        [],
        "`foldl' op nul list`: folds `list` from the left, `op (… (op (op nul x0) x1) …) xn`, evaluating the accumulator at each step (so long lists do not build up a chain of thunks); an empty list gives `nul`. For example, `foldl' (acc: x: acc + x) 0 [ 1 2 3 ]` is `6`.",
        |ev, a, span| {
            let f = force_function(ev, &a[0], span, "the first argument of `foldl'`")?;
            let l = ev.force_list_owned(std::mem::take(&mut a[2]), Some(span), "the third argument of `foldl'`")?;
            let mut acc = std::mem::take(&mut a[1]);
            for x in List::into_elements(l) {
                acc = ev.call2(&f, acc, x, Some(span))?;
            }
            ev.force(&acc)
        }
    ),
    builtin!(
        "genList",
        2,
        [],
        "`genList f n`: the list `[ (f 0) (f 1) … (f (n - 1)) ]`, whose elements are computed lazily; a negative `n` is an error. For example, `genList (i: i * i) 4` is `[ 0 1 4 9 ]`.",
        gen_list
    ),
    builtin!(
        "concatLists",
        1,
        [0],
        "`concatLists lists`: the lists in `lists` joined into one, in order. For example, `concatLists [ [ 1 2 ] [ ] [ 3 ] ]` is `[ 1 2 3 ]`.",
        |ev, a, span| {
            let l = ev.force_list_owned(std::mem::take(&mut a[0]), Some(span), "the argument of `concatLists`")?;
            let mut out = Vec::new();
            for x in List::into_elements(l) {
                let inner = ev.force_list(&x, Some(span), "each element of the list passed to `concatLists`")?;
                out.extend(inner.items().iter().map(Value::settled));
            }
            Ok(Value::list(out))
        }
    ),
    builtin!(
        "concatMap",
        2,
        [],
        "`concatMap f list`: `concatLists (map f list)`, where each `f x` must be a list. For example, `concatMap (x: [ x x ]) [ 1 2 ]` is `[ 1 1 2 2 ]`.",
        |ev, a, span| {
            let f = force_function(ev, &a[0], span, "the first argument of `concatMap`")?;
            let l = ev.force_list_owned(std::mem::take(&mut a[1]), Some(span), "the second argument of `concatMap`")?;
            let mut out = Vec::new();
            for x in List::into_elements(l) {
                let r = ev.call(&f, x, Some(span))?;
                let inner = ev.force_list(&r, Some(span), "the result of the function passed to `concatMap`")?;
                out.extend(inner.items().iter().map(Value::settled));
            }
            Ok(Value::list(out))
        }
    ),
    builtin!(
        "elem",
        2,
        [],
        "`elem x list`: whether `x` is equal (`==`) to some element of `list`, comparing in order and stopping at the first match. For example, `elem 2 [ 1 2 3 ]` is `true` and `elem 1.0 [ 1 ]` is `true`.",
        |ev, a, span| {
            let l = ev.force_list(&a[1], Some(span), "the second argument of `elem`")?;
            for y in l.elements() {
                if ev.equal(&a[0], &y, true)? {
                    return Ok(Value::Bool(true));
                }
            }
            Ok(Value::Bool(false))
        }
    ),
    builtin!(
        "any",
        2,
        [],
        "`any pred list`: whether `pred x` is `true` for some element `x` of `list`, trying the elements in order and stopping at the first `true`; `false` for an empty list. For example, `any (x: x > 2) [ 1 3 ]` is `true`.",
        |ev, a, span| any_or_all(ev, a, span, true)
    ),
    builtin!(
        "all",
        2,
        [],
        "`all pred list`: whether `pred x` is `true` for every element `x` of `list`, trying the elements in order and stopping at the first `false`; `true` for an empty list. For example, `all (x: x > 2) [ 1 3 ]` is `false`.",
        |ev, a, span| any_or_all(ev, a, span, false)
    ),
    builtin!(
        "partition",
        2,
        [],
        "`partition pred list`: a set `{ right; wrong; }` where `right` holds the elements `x` of `list` for which `pred x` is `true` and `wrong` the others, both in their original order. For example, `partition (x: x > 10) [ 1 23 9 3 42 ]` is `{ right = [ 23 42 ]; wrong = [ 1 9 3 ]; }`.",
        partition
    ),
    builtin!(
        "groupBy",
        2,
        [],
        "`groupBy f list`: the elements of `list` grouped by the string `f x`, as a set of lists that keep the original order. For example, `groupBy (x: if x > 2 then \"big\" else \"small\") [ 1 5 2 7 ]` is `{ big = [ 5 7 ]; small = [ 1 2 ]; }`.",
        group_by
    ),
    builtin!(
        "sort",
        2,
        [],
        "`sort lessThan list`: `list` sorted by the strict order `lessThan` (a function `a: b:` that is `true` when `a` must come before `b`). The sort is stable: elements that neither precedes keep their relative order. For example, `sort (a: b: a < b) [ 3 1 2 ]` is `[ 1 2 3 ]`, and `sort builtins.lessThan` sorts numbers, strings, paths or lists.",
        sort
    ),
    builtin!(
        "genericClosure",
        1,
        [0],
        "`genericClosure { startSet; operator; }`: the closure of `startSet` under `operator`. Every item is a set with a `key` attribute; starting from the items of `startSet`, each item whose key was not seen before is kept and `operator item` (a list of further items) is added to the work list. Keys are compared like `<` and `==` (numbers, strings, paths, lists), so `1` and `1.0` are the same key. The result lists the kept items in the order they were found. For example, `genericClosure { startSet = [ { key = 5; } ]; operator = x: if x.key > 0 then [ { key = x.key - 2; } ] else [ ]; }` gives the items with keys 5, 3, 1 and -1.",
        generic_closure
    ),
];

fn empty_list_error(name: &str, span: Span) -> EvalError {
    EvalError::new(ErrorKind::Invalid, format!("`{name}` called on an empty list"))
        .at(Some(span))
        .with_label("this list is empty")
}

/// What one `genList` element costs: its slot and its thunk.
const GEN_LIST_BYTES_PER_ELEMENT: usize = 64;

fn gen_list(ev: &mut Evaluator, a: &mut [Value], span: Span) -> Result<Value> {
    let n = ev.force_int(&a[1], Some(span), "the length passed to `genList`")?;
    let size_error = |why: &str| {
        EvalError::new(ErrorKind::Invalid, format!("cannot create a list of size {n}"))
            .at(Some(span))
            .with_label(why.to_string())
    };
    let Ok(len) = usize::try_from(n) else {
        return Err(size_error("the length must not be negative"));
    };
    let f = force_function(ev, &a[0], span, "the first argument of `genList`")?;
    // Each element is a value and a thunk. The allocator may promise more
    // than the machine has (overcommit), so the size is also checked
    // against physical memory: otherwise filling the list would run until
    // the process is killed.
    let mut items = Vec::new();
    if crate::limits::too_big(len.saturating_mul(GEN_LIST_BYTES_PER_ELEMENT)) || items.try_reserve_exact(len).is_err() {
        return Err(size_error("there is not enough memory for a list this long"));
    }
    // `len` fits in an i64: it came from one.
    items.extend((0..len).map(|i| Thunk::suspended(Suspended::Apply(f.clone(), Value::Int(i as i64)))));
    Ok(Value::list(items))
}

fn any_or_all(ev: &mut Evaluator, a: &mut [Value], span: Span, any: bool) -> Result<Value> {
    let name = if any { "any" } else { "all" };
    let f = force_function(ev, &a[0], span, &format!("the first argument of `{name}`"))?;
    let l = ev.force_list(&a[1], Some(span), &format!("the second argument of `{name}`"))?;
    for x in l.elements() {
        let r = ev.call(&f, x, Some(span))?;
        if ev.force_bool(
            &r,
            Some(span),
            &format!("the result of the function passed to `{name}`"),
        )? == any
        {
            return Ok(Value::Bool(any));
        }
    }
    Ok(Value::Bool(!any))
}

fn partition(ev: &mut Evaluator, a: &mut [Value], span: Span) -> Result<Value> {
    let f = force_function(ev, &a[0], span, "the first argument of `partition`")?;
    let l = ev.force_list(&a[1], Some(span), "the second argument of `partition`")?;
    let (mut right, mut wrong) = (Vec::new(), Vec::new());
    for x in l.elements() {
        let x = ev.force(&x)?;
        let r = ev.call(&f, x.clone(), Some(span))?;
        if ev.force_bool(&r, Some(span), "the result of the function passed to `partition`")? {
            right.push(x);
        } else {
            wrong.push(x);
        }
    }
    Ok(Value::attrs(Attrs::from_pairs(vec![
        (Symbol::intern("right"), Value::list(right)),
        (Symbol::intern("wrong"), Value::list(wrong)),
    ])))
}

fn group_by(ev: &mut Evaluator, a: &mut [Value], span: Span) -> Result<Value> {
    let f = force_function(ev, &a[0], span, "the first argument of `groupBy`")?;
    let l = ev.force_list(&a[1], Some(span), "the second argument of `groupBy`")?;
    let mut groups: FxHashMap<Symbol, Vec<Value>> = FxHashMap::default();
    for x in l.elements() {
        let key = ev.call(&f, x.clone(), Some(span))?;
        let key = force_string_no_ctx(ev, &key, span, "the result of the function passed to `groupBy`")?;
        groups.entry(key.to_symbol()).or_default().push(x.settled());
    }
    Ok(Value::attrs(Attrs::from_pairs(
        groups.into_iter().map(|(k, v)| (k, Value::list(v))).collect(),
    )))
}

fn sort(ev: &mut Evaluator, a: &mut [Value], span: Span) -> Result<Value> {
    let l = ev.force_list(&a[1], Some(span), "the second argument of `sort`")?;
    if l.is_empty() {
        return Ok(Value::List(l));
    }
    let f = force_function(ev, &a[0], span, "the first argument of `sort`")?;
    let mut items = Vec::with_capacity(l.len());
    for x in l.elements() {
        items.push(ev.force(&x)?);
    }
    // `sort lessThan` compares directly, as CppNix does.
    let direct = matches!(&f, Value::PrimOp(b) if b.name == "lessThan");
    let mut less = |ev: &mut Evaluator, x: &Value, y: &Value| -> Result<bool> {
        if direct {
            return ev.less_than(x, y, Some(span));
        }
        let r = ev.call2(&f, x.clone(), y.clone(), Some(span))?;
        ev.force_bool(&r, Some(span), "the result of the comparison function passed to `sort`")
    };
    Ok(Value::List(Rc::new(List::new(merge_sort(ev, items, &mut less)?))))
}

/// A strict "less than" that may fail.
type Less<'a> = dyn FnMut(&mut Evaluator, &Value, &Value) -> Result<bool> + 'a;

/// Runs shorter than this are extended by binary insertion before merging.
const MIN_RUN: usize = 16;

/// A stable merge sort with a fallible comparator: natural runs (strictly
/// descending ones reversed), short runs extended by binary insertion,
/// then pairwise merges. O(n log n) comparisons, O(n) on sorted input;
/// whatever the comparator answers, the result is a permutation of the
/// input (an inconsistent comparator cannot make it misbehave).
fn merge_sort(ev: &mut Evaluator, mut v: Vec<Value>, less: &mut Less<'_>) -> Result<Vec<Value>> {
    let n = v.len();
    if n < 2 {
        return Ok(v);
    }
    // Run boundaries: run k is `v[bounds[k]..bounds[k + 1]]`.
    let mut bounds = vec![0];
    let mut start = 0;
    while start < n {
        let mut end = start + 1;
        if end < n {
            if less(ev, &v[end], &v[start])? {
                end += 1;
                while end < n && less(ev, &v[end], &v[end - 1])? {
                    end += 1;
                }
                v[start..end].reverse();
            } else {
                end += 1;
                while end < n && !less(ev, &v[end], &v[end - 1])? {
                    end += 1;
                }
            }
        }
        let target = (start + MIN_RUN).min(n);
        while end < target {
            // Insert `v[end]` after every element it is not less than.
            let (mut lo, mut hi) = (start, end);
            while lo < hi {
                let mid = lo + (hi - lo) / 2;
                if less(ev, &v[end], &v[mid])? {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            v[lo..=end].rotate_right(1);
            end += 1;
        }
        bounds.push(end);
        start = end;
    }
    let mut buf = Vec::with_capacity(n / 2 + 1);
    while bounds.len() > 2 {
        let mut next = vec![0];
        let mut k = 0;
        while k + 2 < bounds.len() {
            merge(ev, &mut v, (bounds[k], bounds[k + 1], bounds[k + 2]), &mut buf, less)?;
            next.push(bounds[k + 2]);
            k += 2;
        }
        if next.last() != Some(&n) {
            next.push(n);
        }
        bounds = next;
    }
    Ok(v)
}

/// Merges the sorted runs `v[lo..mid]` and `v[mid..hi]` stably.
fn merge(
    ev: &mut Evaluator,
    v: &mut [Value],
    (lo, mid, hi): (usize, usize, usize),
    buf: &mut Vec<Value>,
    less: &mut Less<'_>,
) -> Result<()> {
    // Already in order: one comparison.
    if !less(ev, &v[mid], &v[mid - 1])? {
        return Ok(());
    }
    buf.clear();
    buf.extend(v[lo..mid].iter_mut().map(std::mem::take));
    let (mut i, mut j, mut k) = (0, mid, lo);
    while i < buf.len() && j < hi {
        if less(ev, &v[j], &buf[i])? {
            v[k] = std::mem::take(&mut v[j]);
            j += 1;
        } else {
            v[k] = std::mem::take(&mut buf[i]);
            i += 1;
        }
        k += 1;
    }
    for x in buf.drain(i..) {
        v[k] = x;
        k += 1;
    }
    Ok(())
}

/// The keys `genericClosure` has seen: a treap (a binary search tree kept
/// balanced by pseudo-random priorities) ordered by the evaluator's `<`,
/// like CppNix's `std::set` with `CompareValues`. Two keys are the same
/// when neither is less than the other, so `1` and `1.0` are one key.
/// Insertion costs O(log n) comparisons.
struct KeySet {
    nodes: Vec<KeyNode>,
    root: Option<usize>,
}

struct KeyNode {
    key: Value,
    priority: u64,
    left: Option<usize>,
    right: Option<usize>,
}

impl KeySet {
    fn new() -> KeySet {
        KeySet {
            nodes: Vec::new(),
            root: None,
        }
    }

    /// Adds `key`; false if an equivalent key is already present.
    fn insert(&mut self, ev: &mut Evaluator, key: &Value, span: Span) -> Result<bool> {
        // Descend comparing `key < node` only, remembering the last node we
        // went right of: `key` is new unless that node is not less than it.
        let mut path: Vec<(usize, bool)> = Vec::new();
        let mut candidate = None;
        let mut cur = self.root;
        while let Some(i) = cur {
            let left = ev.less_than(key, &self.nodes[i].key, Some(span))?;
            path.push((i, left));
            if left {
                cur = self.nodes[i].left;
            } else {
                candidate = Some(i);
                cur = self.nodes[i].right;
            }
        }
        if let Some(c) = candidate {
            if !ev.less_than(&self.nodes[c].key, key, Some(span))? {
                return Ok(false);
            }
        }
        let n = self.nodes.len();
        self.nodes.push(KeyNode {
            key: key.clone(),
            priority: splitmix64(n as u64),
            left: None,
            right: None,
        });
        self.link(path.last().copied(), n);
        // Rotate the new node up while its priority beats its parent's.
        while let Some((p, went_left)) = path.pop() {
            if self.nodes[n].priority <= self.nodes[p].priority {
                break;
            }
            if went_left {
                self.nodes[p].left = self.nodes[n].right;
                self.nodes[n].right = Some(p);
            } else {
                self.nodes[p].right = self.nodes[n].left;
                self.nodes[n].left = Some(p);
            }
            self.link(path.last().copied(), n);
        }
        Ok(true)
    }

    /// Makes `child` the root, or the given child of `parent`.
    fn link(&mut self, parent: Option<(usize, bool)>, child: usize) {
        match parent {
            None => self.root = Some(child),
            Some((p, true)) => self.nodes[p].left = Some(child),
            Some((p, false)) => self.nodes[p].right = Some(child),
        }
    }
}

fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn generic_closure(ev: &mut Evaluator, a: &mut [Value], span: Span) -> Result<Value> {
    let args = ev.force_attrs(&a[0], Some(span), "the argument of `genericClosure`")?;
    let required = |name: &str| -> Result<Value> {
        args.get(Symbol::intern(name)).cloned().ok_or_else(|| {
            EvalError::new(ErrorKind::MissingAttr, format!("attribute `{name}` missing"))
                .at(Some(span))
                .with_label(format!("the argument of `genericClosure` has no attribute `{name}`"))
                .with_help("the argument must be a set `{ startSet = [ … ]; operator = item: [ … ]; }`")
        })
    };
    let start = required("startSet")?;
    let start = ev.force_list(&start, Some(span), "the `startSet` passed to `genericClosure`")?;
    if start.is_empty() {
        return Ok(Value::List(start));
    }
    let op = required("operator")?;
    let op = force_function(ev, &op, span, "the `operator` passed to `genericClosure`")?;
    let key_sym = Symbol::intern("key");
    let mut work: VecDeque<Value> = start.to_vec().into();
    let mut seen = KeySet::new();
    let mut out = Vec::new();
    while let Some(item) = work.pop_front() {
        let set = ev.force_attrs(&item, Some(span), "each item of `genericClosure`")?;
        let Some(key) = set.get(key_sym).cloned() else {
            return Err(EvalError::new(ErrorKind::MissingAttr, "attribute `key` missing")
                .at(Some(span))
                .with_label(format!(
                    "an item of `genericClosure` has no attribute `key`: {}",
                    print::abbreviate(&Value::Attrs(set))
                ))
                .with_help("every item of `startSet` and of the lists `operator` returns needs a `key`"));
        };
        let key = ev.force(&key)?;
        let new = seen.insert(ev, &key, span).map_err(|e| {
            e.context(
                Some(span),
                "while comparing the `key` attributes of two items of `genericClosure`",
            )
        })?;
        if !new {
            continue;
        }
        out.push(item.clone());
        let more = ev.call(&op, item, Some(span))?;
        let more = ev.force_list(&more, Some(span), "the result of the `operator` of `genericClosure`")?;
        for x in more.elements() {
            work.push_back(ev.force(&x)?);
        }
    }
    Ok(Value::list(out))
}
