//! Interned names.
//!
//! Identifiers and attribute names are interned into a [`Symbol`]: a thin
//! pointer to the one leaked copy of the bytes. Equality and hashing are
//! pointer operations; ordering compares the bytes (the order Nix prints
//! attributes in) without a table lookup. The table is per thread; its
//! strings live as long as the process, which suits an evaluator whose names
//! are few compared with its values.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hash, Hasher};

/// A fast, non-cryptographic hasher (FxHash) for short keys such as names
/// and pointers; the interner and symbol-keyed tables use it.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let word = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    fn write_usize(&mut self, n: usize) {
        self.0 = (self.0.rotate_left(5) ^ n as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn finish(&self) -> u64 {
        // Without a final mix the low bits (the bucket index) would depend
        // only on the first bytes: `pkg1…` names would all collide.
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^ (h >> 33)
    }
}

/// A `HashMap` using [`FxHasher`].
pub type FxHashMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// A `HashSet` using [`FxHasher`].
pub type FxHashSet<K> = std::collections::HashSet<K, BuildHasherDefault<FxHasher>>;

/// An interned byte string (an identifier or an attribute name).
#[derive(Clone, Copy)]
pub struct Symbol(&'static &'static [u8]);

thread_local! {
    static INTERNER: RefCell<FxHashMap<&'static [u8], Symbol>> = RefCell::new(FxHashMap::default());
}

impl Symbol {
    /// Interns `name`, returning the same symbol for equal bytes.
    pub fn intern(name: impl AsRef<[u8]>) -> Symbol {
        let name = name.as_ref();
        INTERNER.with(|cell| {
            let mut table = cell.borrow_mut();
            if let Some(&sym) = table.get(name) {
                return sym;
            }
            // Leaked on purpose: a symbol's bytes live for the process, so
            // `as_bytes` hands out plain borrows.
            let bytes: &'static [u8] = Box::leak(name.to_vec().into_boxed_slice());
            let sym: &'static &'static [u8] = Box::leak(Box::new(bytes));
            table.insert(bytes, Symbol(sym));
            Symbol(sym)
        })
    }

    /// A number unique to this symbol for the life of the process (its
    /// address): ordering by it needs no memory access, unlike ordering by
    /// name, so sorted tables of symbols search by it.
    #[inline(always)]
    pub fn id(self) -> usize {
        self.0 as *const &'static [u8] as usize
    }

    /// The interned bytes.
    pub fn as_bytes(self) -> &'static [u8] {
        self.0
    }

    /// The name as text (invalid UTF-8 replaced), for messages.
    pub fn to_str_lossy(self) -> std::borrow::Cow<'static, str> {
        String::from_utf8_lossy(self.0)
    }
}

impl PartialEq for Symbol {
    fn eq(&self, other: &Symbol) -> bool {
        std::ptr::eq(self.0, other.0)
    }
}

impl Eq for Symbol {}

impl Hash for Symbol {
    fn hash<H: Hasher>(&self, state: &mut H) {
        std::ptr::hash(self.0, state)
    }
}

impl PartialOrd for Symbol {
    fn partial_cmp(&self, other: &Symbol) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Symbols order by their bytes, as Nix orders attribute names.
impl Ord for Symbol {
    fn cmp(&self, other: &Symbol) -> std::cmp::Ordering {
        if self == other {
            std::cmp::Ordering::Equal
        } else {
            self.0.cmp(other.0)
        }
    }
}

impl fmt::Debug for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.to_str_lossy())
    }
}

impl fmt::Display for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_str_lossy())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interning_is_stable_and_ordered_by_name() {
        let a = Symbol::intern("foo");
        let b = Symbol::intern(String::from("foo"));
        assert_eq!(a, b);
        assert_ne!(a, Symbol::intern("bar"));
        assert_eq!(a.as_bytes(), b"foo");
        assert!(Symbol::intern("B") < Symbol::intern("a"));
        assert!(Symbol::intern("a") < Symbol::intern("ab"));
    }
}
