//! Interned names.
//!
//! Identifiers and attribute names are interned once into a [`Symbol`], a
//! `u32`, so the evaluator compares and hashes names as integers. The table
//! is per thread and lives as long as the thread: names are few compared with
//! values, and the evaluator is single-threaded (values are `Rc`).

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;

/// An interned byte string (an identifier or an attribute name).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Symbol(u32);

#[derive(Default)]
struct Interner {
    ids: HashMap<&'static [u8], Symbol>,
    names: Vec<&'static [u8]>,
}

thread_local! {
    static INTERNER: RefCell<Interner> = RefCell::new(Interner::default());
}

impl Symbol {
    /// Interns `name`, returning the same symbol for equal bytes.
    pub fn intern(name: impl AsRef<[u8]>) -> Symbol {
        let name = name.as_ref();
        INTERNER.with(|cell| {
            let mut table = cell.borrow_mut();
            if let Some(&sym) = table.ids.get(name) {
                return sym;
            }
            // Leaked on purpose: symbols live for the thread, and a `&'static`
            // slice lets `as_bytes` hand out borrows without a guard.
            let stored: &'static [u8] = Box::leak(name.to_vec().into_boxed_slice());
            let sym = Symbol(table.names.len() as u32);
            table.names.push(stored);
            table.ids.insert(stored, sym);
            sym
        })
    }

    /// The interned bytes.
    pub fn as_bytes(self) -> &'static [u8] {
        INTERNER.with(|cell| cell.borrow().names[self.0 as usize])
    }

    /// The name as text (invalid UTF-8 replaced), for messages.
    pub fn to_str_lossy(self) -> std::borrow::Cow<'static, str> {
        String::from_utf8_lossy(self.as_bytes())
    }

    /// The raw index, for dense side tables.
    pub fn index(self) -> u32 {
        self.0
    }

    /// Compares two symbols by their bytes (the order Nix prints attributes in).
    pub fn cmp_by_name(self, other: Symbol) -> std::cmp::Ordering {
        if self == other {
            std::cmp::Ordering::Equal
        } else {
            self.as_bytes().cmp(other.as_bytes())
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
    fn interning_is_stable() {
        let a = Symbol::intern("foo");
        let b = Symbol::intern(String::from("foo"));
        assert_eq!(a, b);
        assert_ne!(a, Symbol::intern("bar"));
        assert_eq!(a.as_bytes(), b"foo");
        assert_eq!(
            Symbol::intern("a").cmp_by_name(Symbol::intern("b")),
            std::cmp::Ordering::Less
        );
    }
}
