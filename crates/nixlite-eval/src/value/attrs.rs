//! Attribute sets: persistent maps from interned names to values.
//!
//! Backed by a persistent red-black tree ordered by name bytes (the order
//! Nix prints and lists attributes in), so `//`, `mapAttrs` and friends
//! share structure instead of copying, and iteration is already sorted.

use super::Value;
use nixlite_syntax::Symbol;
use rpds::RedBlackTreeMap;

/// An attribute set.
#[derive(Clone, Default)]
pub struct Attrs {
    map: RedBlackTreeMap<Symbol, Value>,
}

impl Attrs {
    /// The empty set.
    pub fn new() -> Attrs {
        Attrs::default()
    }

    /// The value of `name`.
    pub fn get(&self, name: Symbol) -> Option<&Value> {
        self.map.get(&name)
    }

    /// Whether `name` is present.
    pub fn contains(&self, name: Symbol) -> bool {
        self.map.contains_key(&name)
    }

    /// Sets `name` (replacing an earlier value).
    pub fn insert(&mut self, name: Symbol, value: Value) {
        self.map.insert_mut(name, value);
    }

    /// Removes `name`.
    pub fn remove(&mut self, name: Symbol) {
        self.map.remove_mut(&name);
    }

    /// The number of attributes.
    pub fn len(&self) -> usize {
        self.map.size()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The attributes in name order.
    pub fn iter(&self) -> impl Iterator<Item = (Symbol, &Value)> + '_ {
        self.map.iter().map(|(k, v)| (*k, v))
    }

    /// The names in order.
    pub fn keys(&self) -> impl Iterator<Item = Symbol> + '_ {
        self.map.keys().copied()
    }

    /// `self // other`: `other` wins. Inserts the smaller side into the
    /// larger so a loop of small updates stays O(log n) each.
    pub fn update(&self, other: &Attrs) -> Attrs {
        if other.len() <= self.len() {
            let mut out = self.clone();
            for (k, v) in other.iter() {
                out.insert(k, v.clone());
            }
            out
        } else {
            let mut out = other.clone();
            for (k, v) in self.iter() {
                if !out.contains(k) {
                    out.insert(k, v.clone());
                }
            }
            out
        }
    }
}

impl FromIterator<(Symbol, Value)> for Attrs {
    fn from_iter<I: IntoIterator<Item = (Symbol, Value)>>(iter: I) -> Attrs {
        let mut out = Attrs::new();
        for (k, v) in iter {
            out.insert(k, v);
        }
        out
    }
}
