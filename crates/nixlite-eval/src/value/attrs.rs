//! Attribute sets.
//!
//! Like CppNix's `Bindings`, a set is normally a flat array sorted by the
//! *identity* ([`Symbol::id`]) of each interned name: lookups are binary searches over
//! integers, and building a set is one sort. A set that grows through many
//! small `//` updates (a `foldl'` adding one key at a time) switches to a
//! persistent red-black tree (rpds), so each update shares structure and
//! costs O(log n) instead of a copy. Name order — what printing and
//! `attrNames` show — is produced on demand.

use super::positions::Positions;
use super::Value;
use nixlite_syntax::source::Span;
use nixlite_syntax::Symbol;
use rpds::RedBlackTreeMap;
use std::cmp::Ordering;
use std::rc::Rc;

/// A name ordered by its interned address (cheap, stable, arbitrary).
#[derive(Clone, Copy, PartialEq, Eq)]
struct ById(Symbol);

impl PartialOrd for ById {
    fn partial_cmp(&self, other: &ById) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for ById {
    fn cmp(&self, other: &ById) -> Ordering {
        self.0.id().cmp(&other.0.id())
    }
}

#[derive(Clone)]
enum Repr {
    /// Sorted by name address, unique.
    Flat(Vec<(Symbol, Value)>),
    /// For sets built up by many small updates.
    Tree(RedBlackTreeMap<ById, Value>),
}

/// An attribute set.
#[derive(Clone)]
pub struct Attrs {
    repr: Repr,
    /// Where its attributes are defined, when known (`unsafeGetAttrPos`).
    positions: Option<Rc<Positions>>,
}

impl Default for Attrs {
    fn default() -> Attrs {
        Attrs::flat(Vec::new())
    }
}

/// A right-hand side of `//` this many times smaller than the left one
/// makes the result a tree.
const TREE_RATIO: usize = 16;
/// Sets smaller than this stay flat whatever the update pattern.
const TREE_MIN: usize = 64;
/// Only a right-hand side of at most this many names makes a tree: one
/// key at a time (a `foldl'` building a set) is the pattern trees are for.
/// Bigger updates (an overlay patching hundreds of packages) merge flat:
/// a linear copy costs less than hundreds of tree inserts, and the result
/// is faster to search.
const TREE_MAX_UPDATE: usize = 8;

impl Attrs {
    /// The empty set.
    pub fn new() -> Attrs {
        Attrs::default()
    }

    fn flat(items: Vec<(Symbol, Value)>) -> Attrs {
        Attrs {
            repr: Repr::Flat(items),
            positions: None,
        }
    }

    fn tree(map: RedBlackTreeMap<ById, Value>) -> Attrs {
        Attrs {
            repr: Repr::Tree(map),
            positions: None,
        }
    }

    /// Where the attributes are defined, as far as known.
    pub fn positions(&self) -> Option<&Rc<Positions>> {
        self.positions.as_ref()
    }

    /// The same set with these definition positions.
    pub fn with_positions(mut self, positions: Option<Rc<Positions>>) -> Attrs {
        self.positions = positions;
        self
    }

    pub(super) fn take_positions(&mut self) -> Option<Rc<Positions>> {
        self.positions.take()
    }

    /// Where attribute `name` is defined, if it is present and that is known.
    pub fn position_of(&self, name: Symbol) -> Option<Span> {
        if !self.contains(name) {
            return None;
        }
        self.positions.as_ref()?.lookup(name)
    }

    /// A set from pairs in any order; for a repeated name the last one wins.
    pub fn from_pairs(mut pairs: Vec<(Symbol, Value)>) -> Attrs {
        pairs.sort_by_key(|(k, _)| k.id());
        if pairs.windows(2).any(|w| w[0].0 == w[1].0) {
            // Rare. The stable sort kept repeated names in input order;
            // reversed, the last comes first, and `dedup` keeps the first.
            pairs.reverse();
            pairs.dedup_by_key(|(k, _)| *k);
            pairs.reverse();
        }
        Attrs::flat(pairs)
    }

    /// A set from pairs already ordered by [`Symbol::id`], without repeats
    /// (as [`IrAttrs::by_id`](crate::ir::IrAttrs::by_id) orders a literal's names).
    pub(crate) fn from_sorted(pairs: Vec<(Symbol, Value)>) -> Attrs {
        debug_assert!(pairs.windows(2).all(|w| w[0].0.id() < w[1].0.id()));
        Attrs::flat(pairs)
    }

    fn search(items: &[(Symbol, Value)], name: Symbol) -> Result<usize, usize> {
        let key = name.id();
        items.binary_search_by(|(k, _)| k.id().cmp(&key))
    }

    /// The value of `name`.
    pub fn get(&self, name: Symbol) -> Option<&Value> {
        match &self.repr {
            Repr::Flat(items) => Self::search(items, name).ok().map(|i| &items[i].1),
            Repr::Tree(map) => map.get(&ById(name)),
        }
    }

    /// Whether `name` is present.
    pub fn contains(&self, name: Symbol) -> bool {
        self.get(name).is_some()
    }

    /// Sets `name` (replacing an earlier value). A big flat set becomes a
    /// tree first, so building a set one insert at a time stays O(n log n)
    /// (building from pairs with [`Attrs::from_pairs`] is cheaper still).
    pub fn insert(&mut self, name: Symbol, value: Value) {
        if let Repr::Flat(items) = &self.repr {
            if items.len() >= TREE_MIN && Self::search(items, name).is_err() {
                let map = items.iter().map(|(k, v)| (ById(*k), v.clone())).collect();
                self.repr = Repr::Tree(map);
            }
        }
        match &mut self.repr {
            Repr::Flat(items) => match Self::search(items, name) {
                Ok(i) => items[i].1 = value,
                Err(i) => items.insert(i, (name, value)),
            },
            Repr::Tree(map) => {
                map.insert_mut(ById(name), value);
            }
        }
    }

    /// The set without `names` (ordered by [`Symbol::id`], without
    /// repeats); names it does not have are ignored.
    pub fn without(&self, names: &[Symbol]) -> Attrs {
        let repr = match &self.repr {
            Repr::Flat(items) => {
                // Both sides are in id order: one pass over each.
                let mut out = Vec::with_capacity(items.len());
                let mut next = names.iter().map(|n| n.id()).peekable();
                for (k, v) in items {
                    while next.next_if(|&n| n < k.id()).is_some() {}
                    if next.next_if_eq(&k.id()).is_none() {
                        out.push((*k, v.clone()));
                    }
                }
                Repr::Flat(out)
            }
            Repr::Tree(map) => {
                let mut map = map.clone();
                for n in names {
                    map.remove_mut(&ById(*n));
                }
                Repr::Tree(map)
            }
        };
        Attrs {
            repr,
            positions: self.positions.clone(),
        }
    }

    /// The number of attributes.
    pub fn len(&self) -> usize {
        match &self.repr {
            Repr::Flat(items) => items.len(),
            Repr::Tree(map) => map.size(),
        }
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The attributes in [`Symbol::id`] order: arbitrary but fixed (the
    /// same for two sets with the same names), and cheapest to produce.
    pub fn iter_unordered(&self) -> Box<dyn Iterator<Item = (Symbol, &Value)> + '_> {
        match &self.repr {
            Repr::Flat(items) => Box::new(items.iter().map(|(k, v)| (*k, v))),
            Repr::Tree(map) => Box::new(map.iter().map(|(k, v)| (k.0, v))),
        }
    }

    /// The attributes in name order (as Nix prints and lists them).
    pub fn iter(&self) -> impl Iterator<Item = (Symbol, &Value)> + '_ {
        // Sorted by the names' first eight bytes as a number, which settles
        // most comparisons without reading further (names are short and
        // distinct); equal prefixes fall back to comparing the names.
        let mut all: Vec<(u64, Symbol, &Value)> = self.iter_unordered().map(|(k, v)| (name_prefix(k), k, v)).collect();
        all.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
        all.into_iter().map(|(_, k, v)| (k, v))
    }

    /// The names in name order.
    pub fn keys(&self) -> impl Iterator<Item = Symbol> + '_ {
        self.iter().map(|(k, _)| k)
    }

    /// The same names with each value replaced by `f(name, value)`.
    pub fn map_values(&self, mut f: impl FnMut(Symbol, &Value) -> Value) -> Attrs {
        Attrs::flat(self.iter_unordered().map(|(k, v)| (k, f(k, v))).collect())
    }

    /// The attributes as an array in id order: a flat set's own, or a
    /// tree's copied into `spill`.
    fn as_array<'a>(&'a self, spill: &'a mut Vec<(Symbol, Value)>) -> &'a [(Symbol, Value)] {
        match &self.repr {
            Repr::Flat(items) => items,
            Repr::Tree(map) => {
                spill.extend(map.iter().map(|(k, v)| (k.0, v.clone())));
                spill
            }
        }
    }

    /// `self // other`: `other` wins.
    pub fn update(&self, other: &Attrs) -> Attrs {
        let (n, m) = (self.len(), other.len());
        if n >= TREE_MIN && m <= TREE_MAX_UPDATE && m * TREE_RATIO <= n {
            // Many small updates to a big set: share structure.
            let mut map = match &self.repr {
                Repr::Tree(map) => map.clone(),
                Repr::Flat(items) => items.iter().map(|(k, v)| (ById(*k), v.clone())).collect(),
            };
            for (k, v) in other.iter_unordered() {
                map.insert_mut(ById(k), v.clone());
            }
            return Attrs::tree(map);
        }
        // Merge two address-ordered sequences; `other` wins on equal names.
        // Flat sets are merged from their own arrays; the result is
        // allocated at its exact size (names in both count once).
        let (mut left_spill, mut right_spill) = (Vec::new(), Vec::new());
        let left = self.as_array(&mut left_spill);
        let right = other.as_array(&mut right_spill);
        let mut out = Vec::with_capacity(n + m - common_names(left, right));
        let (mut i, mut j) = (0, 0);
        while i < left.len() && j < right.len() {
            match left[i].0.id().cmp(&right[j].0.id()) {
                Ordering::Less => {
                    out.push(left[i].clone());
                    i += 1;
                }
                Ordering::Greater => {
                    out.push(right[j].clone());
                    j += 1;
                }
                Ordering::Equal => {
                    out.push(right[j].clone());
                    i += 1;
                    j += 1;
                }
            }
        }
        out.extend_from_slice(&left[i..]);
        out.extend_from_slice(&right[j..]);
        Attrs::flat(out)
    }
}

/// How many names two address-ordered attribute arrays share.
fn common_names(left: &[(Symbol, Value)], right: &[(Symbol, Value)]) -> usize {
    let (mut i, mut j, mut common) = (0, 0, 0);
    while i < left.len() && j < right.len() {
        match left[i].0.id().cmp(&right[j].0.id()) {
            Ordering::Less => i += 1,
            Ordering::Greater => j += 1,
            Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    common
}

impl Drop for Attrs {
    fn drop(&mut self) {
        if let Some(positions) = self.positions.take() {
            super::positions::release(positions);
        }
        if let Repr::Flat(items) = &mut self.repr {
            if items.iter().any(|(_, v)| super::drop::is_container(v)) {
                super::drop::defer(std::mem::take(items).into_iter().map(|(_, v)| v));
            }
        }
    }
}

impl FromIterator<(Symbol, Value)> for Attrs {
    /// Later pairs win over earlier ones with the same name.
    fn from_iter<I: IntoIterator<Item = (Symbol, Value)>>(iter: I) -> Attrs {
        Attrs::from_pairs(iter.into_iter().collect())
    }
}

/// The first eight bytes of `name`, zero-padded, as a big-endian number:
/// ordering these orders names by their bytes, up to ties.
fn name_prefix(name: Symbol) -> u64 {
    let bytes = name.as_bytes();
    let mut prefix = [0u8; 8];
    let n = bytes.len().min(8);
    prefix[..n].copy_from_slice(&bytes[..n]);
    u64::from_be_bytes(prefix)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(a: &Attrs) -> Vec<String> {
        a.keys().map(|k| k.to_string()).collect()
    }

    #[test]
    fn names_are_listed_in_byte_order() {
        let raw: [&[u8]; 10] = [
            b"abcdefghi",
            b"a\0",
            b"",
            b"abcdefgh",
            b"\xc3\xa9",
            b"a",
            b"abcdefgh\0",
            b"B",
            b"abcdefgg\xff",
            b"\0",
        ];
        let set: Attrs = raw.iter().map(|n| (Symbol::intern(n), Value::Null)).collect();
        let listed: Vec<&[u8]> = set.keys().map(|k| k.as_bytes()).collect();
        let mut expected = raw.to_vec();
        expected.sort();
        assert_eq!(listed, expected);
    }

    #[test]
    fn flat_and_tree_sets_agree() {
        let big: Attrs = (0..200)
            .map(|i| (Symbol::intern(format!("k{i}")), Value::Int(i)))
            .collect();
        let small: Attrs = [
            (Symbol::intern("k5"), Value::Int(-5)),
            (Symbol::intern("new"), Value::Int(1)),
        ]
        .into_iter()
        .collect();
        let tree = big.update(&small);
        assert!(matches!(tree.repr, Repr::Tree(_)));
        let flat = small.update(&big);
        assert_eq!(tree.len(), 201);
        assert!(matches!(tree.get(Symbol::intern("k5")), Some(Value::Int(-5))));
        assert!(matches!(flat.get(Symbol::intern("k5")), Some(Value::Int(5))));
        assert_eq!(names(&tree), names(&flat));
        let mut sorted = names(&tree);
        sorted.sort();
        assert_eq!(names(&tree), sorted);
    }

    #[test]
    fn last_pair_wins() {
        let a = Attrs::from_pairs(vec![
            (Symbol::intern("x"), Value::Int(1)),
            (Symbol::intern("x"), Value::Int(2)),
        ]);
        assert_eq!(a.len(), 1);
        assert!(matches!(a.get(Symbol::intern("x")), Some(Value::Int(2))));
    }
}
