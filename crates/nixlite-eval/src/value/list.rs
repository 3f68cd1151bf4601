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

    /// The elements one by one, for a loop that may evaluate as it goes
    /// (no borrow of the list is held while the loop body runs). Each
    /// element is [settled](List::settle) once the loop moves past it.
    pub fn elements(&self) -> Elements<'_> {
        self.flatten();
        Elements { list: self, next: 0 }
    }

    /// The elements of a list the caller holds: moved out of it when
    /// nothing else holds it (a list just built, as `map` or `genList`
    /// return), so they are neither copied nor kept once consumed;
    /// otherwise [`List::elements`] of it.
    pub fn into_elements(list: Rc<List>) -> IntoElements {
        match Rc::try_unwrap(list) {
            Ok(mut list) => {
                list.flatten();
                let items = match std::mem::replace(list.repr.get_mut(), Repr::Flat(Vec::new())) {
                    Repr::Flat(items) => items,
                    // Flattened just above.
                    Repr::Concat(..) => Vec::new(),
                };
                IntoElements::Owned(items.into_iter())
            }
            Err(list) => {
                list.flatten();
                IntoElements::Shared { list, next: 0 }
            }
        }
    }

    /// If element `i` is a thunk that has been forced, keeps its value in
    /// its place instead: the same value, one indirection shorter, and the
    /// thunk (often held by nothing else) is freed. Lists are immutable to
    /// the language; this only changes how an element is stored.
    pub fn settle(&self, i: usize) {
        let old = {
            let Ok(mut repr) = self.repr.try_borrow_mut() else {
                return;
            };
            let Repr::Flat(items) = &mut *repr else { return };
            let Some(slot) = items.get_mut(i) else { return };
            let Value::Thunk(t) = &*slot else { return };
            let Some(v) = t.value() else { return };
            std::mem::replace(slot, v)
        };
        // Dropped once the list is no longer borrowed.
        drop(old);
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

/// See [`List::elements`].
pub struct Elements<'a> {
    list: &'a List,
    next: usize,
}

impl Iterator for Elements<'_> {
    type Item = Value;

    fn next(&mut self) -> Option<Value> {
        if self.next > 0 {
            self.list.settle(self.next - 1);
        }
        let v = self.list.get(self.next)?;
        self.next += 1;
        Some(v)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.list.len().saturating_sub(self.next);
        (left, Some(left))
    }
}

/// See [`List::into_elements`].
pub enum IntoElements {
    /// The list's own elements.
    Owned(std::vec::IntoIter<Value>),
    /// A list held elsewhere too: its elements, cloned and settled.
    Shared {
        /// The list.
        list: Rc<List>,
        /// The index of the next element.
        next: usize,
    },
}

impl Iterator for IntoElements {
    type Item = Value;

    fn next(&mut self) -> Option<Value> {
        match self {
            IntoElements::Owned(items) => items.next(),
            IntoElements::Shared { list, next } => {
                if *next > 0 {
                    list.settle(*next - 1);
                }
                let v = list.get(*next)?;
                *next += 1;
                Some(v)
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = match self {
            IntoElements::Owned(items) => items.len(),
            IntoElements::Shared { list, next } => list.len().saturating_sub(*next),
        };
        (left, Some(left))
    }
}

impl Drop for IntoElements {
    fn drop(&mut self) {
        match self {
            // As in `List`'s own drop: nested values are freed without recursion.
            IntoElements::Owned(items) => {
                if items.as_slice().iter().any(super::drop::is_container) {
                    super::drop::defer(items.by_ref());
                }
            }
            IntoElements::Shared { list, next } => {
                if *next > 0 {
                    list.settle(*next - 1);
                }
            }
        }
    }
}

impl Drop for Elements<'_> {
    fn drop(&mut self) {
        if self.next > 0 {
            self.list.settle(self.next - 1);
        }
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
