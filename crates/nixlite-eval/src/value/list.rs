//! Lists, with an O(1) concatenation shape.
//!
//! `acc ++ [ x ]` in a fold is the hot path of much Nix code; copying would
//! make it quadratic. A list is either flat or the concatenation of two
//! lists; the first access by index flattens it in place (once), so a
//! chain of `n` concatenations costs O(n) in all.

use super::Value;
use std::cell::{Ref, RefCell};
use std::rc::Rc;

enum Repr {
    Flat(Vec<Value>),
    Concat(Rc<List>, Rc<List>),
}

/// A Nix list.
pub struct List {
    repr: RefCell<Repr>,
    len: usize,
}

impl List {
    /// A list of these elements.
    pub fn new(items: Vec<Value>) -> List {
        List {
            len: items.len(),
            repr: RefCell::new(Repr::Flat(items)),
        }
    }

    /// `a ++ b` without copying.
    pub fn concat(a: &Rc<List>, b: &Rc<List>) -> Rc<List> {
        if a.len == 0 {
            return b.clone();
        }
        if b.len == 0 {
            return a.clone();
        }
        Rc::new(List {
            len: a.len + b.len,
            repr: RefCell::new(Repr::Concat(a.clone(), b.clone())),
        })
    }

    /// The number of elements.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The elements as a slice (flattening a concatenation first).
    pub fn items(&self) -> Ref<'_, [Value]> {
        self.flatten();
        Ref::map(self.repr.borrow(), |r| match r {
            Repr::Flat(v) => v.as_slice(),
            Repr::Concat(..) => &[],
        })
    }

    /// The element at `i`.
    pub fn get(&self, i: usize) -> Option<Value> {
        self.items().get(i).cloned()
    }

    /// A copy of the elements.
    pub fn to_vec(&self) -> Vec<Value> {
        self.items().to_vec()
    }

    fn flatten(&self) {
        if let Repr::Flat(_) = &*self.repr.borrow() {
            return;
        }
        let mut out = Vec::with_capacity(self.len);
        // Iterative, right child first on the stack: chains can be very deep.
        let mut stack: Vec<Rc<List>> = Vec::new();
        if let Repr::Concat(a, b) = &*self.repr.borrow() {
            stack.push(b.clone());
            stack.push(a.clone());
        }
        while let Some(node) = stack.pop() {
            match &*node.repr.borrow() {
                Repr::Flat(v) => out.extend(v.iter().cloned()),
                Repr::Concat(a, b) => {
                    stack.push(b.clone());
                    stack.push(a.clone());
                }
            }
        }
        *self.repr.borrow_mut() = Repr::Flat(out);
    }
}

impl Drop for List {
    // Dropping a long chain of concatenations, or deeply nested lists,
    // recursively would overflow the stack; unlink iteratively instead.
    fn drop(&mut self) {
        let mut stack = Vec::new();
        let mut items = Vec::new();
        match std::mem::replace(self.repr.get_mut(), Repr::Flat(Vec::new())) {
            Repr::Concat(a, b) => {
                stack.push(a);
                stack.push(b);
            }
            Repr::Flat(v) => items = v,
        }
        while let Some(node) = stack.pop() {
            if let Ok(mut list) = Rc::try_unwrap(node) {
                match std::mem::replace(list.repr.get_mut(), Repr::Flat(Vec::new())) {
                    Repr::Concat(a, b) => {
                        stack.push(a);
                        stack.push(b);
                    }
                    Repr::Flat(v) => items.extend(v),
                }
            }
        }
        if items.iter().any(super::drop::is_container) {
            super::drop::defer(items);
        }
    }
}
