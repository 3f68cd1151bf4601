//! Environment frames: the slots of the variables of one scope.
//!
//! A frame is one allocation, as CppNix's `Env` is: a reference count, the
//! number of slots, the enclosing frame, then the slots themselves. (With
//! `Rc` the slots of a frame of several variables needed an allocation of
//! their own; frames are made on every call, `let` and `rec`, so this
//! halves the allocations of many programs, and a one-slot frame takes 32
//! bytes rather than 48.)
//!
//! Slots are written only while the frame is being filled, before any read
//! can observe them, or to replace a forced thunk by its value; they are
//! read by cloning. No reference into a slot escapes this module, so an
//! `UnsafeCell` per slot is enough.

use crate::value::drop::{defer, is_container};
use crate::value::Value;
use std::alloc::{alloc, dealloc, handle_alloc_error, Layout};
use std::cell::{Cell, UnsafeCell};
use std::ptr::{self, NonNull};

/// A shared reference to a frame (cloning it shares the frame).
pub struct Env(NonNull<Header>);

/// The start of a frame's allocation; `len` slots follow it.
#[repr(C)]
struct Header {
    count: Cell<u32>,
    len: u32,
    parent: Option<Env>,
    slots: [UnsafeCell<Value>; 0],
}

// The slots start right after the header, aligned for values.
const _: () = assert!(std::mem::size_of::<Header>() == 16);
const _: () = assert!(std::mem::align_of::<Header>() >= std::mem::align_of::<Value>());

impl Env {
    /// A frame of `n` null slots, to be filled with [`Env::set`].
    pub fn with_slots(n: usize, parent: Option<Env>) -> Env {
        let Ok(len) = u32::try_from(n) else {
            // A scope with four billion variables cannot be parsed first.
            handle_alloc_error(Layout::new::<Header>())
        };
        let layout = Env::layout(len);
        // SAFETY: the layout has a non-zero size (the header); every field
        // and slot is initialised before the pointer is used.
        unsafe {
            let Some(ptr) = NonNull::new(alloc(layout).cast::<Header>()) else {
                handle_alloc_error(layout)
            };
            ptr.as_ptr().write(Header {
                count: Cell::new(1),
                len,
                parent,
                slots: [],
            });
            let slots = Env::slots_ptr(ptr);
            for i in 0..n {
                slots.add(i).write(UnsafeCell::new(Value::Null));
            }
            Env(ptr)
        }
    }

    /// A frame of one slot.
    #[inline]
    pub fn one(value: Value, parent: Option<Env>) -> Env {
        let env = Env::with_slots(1, parent);
        env.set(0, value);
        env
    }

    /// A frame holding `values`.
    pub fn new(values: Vec<Value>, parent: Option<Env>) -> Env {
        let env = Env::with_slots(values.len(), parent);
        for (i, v) in values.into_iter().enumerate() {
            env.set(i, v);
        }
        env
    }

    fn layout(len: u32) -> Layout {
        match Layout::array::<UnsafeCell<Value>>(len as usize).and_then(|slots| Layout::new::<Header>().extend(slots)) {
            Ok((layout, _)) => layout.pad_to_align(),
            // Only on a target whose address space cannot hold the frame.
            Err(_) => handle_alloc_error(Layout::new::<Header>()),
        }
    }

    /// The first slot. `slots` is the header's last field and has the
    /// slots' alignment, so the slots start at its address.
    #[inline(always)]
    fn slots_ptr(ptr: NonNull<Header>) -> *mut UnsafeCell<Value> {
        // SAFETY: `ptr` points to a live allocation starting with a header.
        unsafe { ptr::addr_of_mut!((*ptr.as_ptr()).slots).cast::<UnsafeCell<Value>>() }
    }

    #[inline(always)]
    fn header(&self) -> &Header {
        // SAFETY: a live `Env` keeps its allocation alive.
        unsafe { self.0.as_ref() }
    }

    #[inline(always)]
    fn cell(&self, i: usize) -> Option<&UnsafeCell<Value>> {
        if i < self.header().len as usize {
            // SAFETY: in bounds of the initialised slots, which live as
            // long as `self`.
            Some(unsafe { &*Env::slots_ptr(self.0).add(i) })
        } else {
            None
        }
    }

    /// The number of slots.
    pub fn len(&self) -> usize {
        self.header().len as usize
    }

    /// Whether the frame has no slots.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The value in slot `i` (null if out of range, which the resolver rules out).
    #[inline(always)]
    pub fn get(&self, i: usize) -> Value {
        match self.cell(i) {
            // SAFETY: see the module comment: reads clone, writes replace,
            // no reference into a slot is alive across either.
            Some(cell) => unsafe { (*cell.get()).clone() },
            None => Value::Null,
        }
    }

    /// Sets slot `i`.
    #[inline]
    pub fn set(&self, i: usize, value: Value) {
        if let Some(cell) = self.cell(i) {
            // SAFETY: as in `get`. The old value is moved out before it is
            // dropped, so a destructor reaching this frame again finds it
            // consistent.
            let old = unsafe { ptr::replace(cell.get(), value) };
            drop(old);
        }
    }

    /// The enclosing frame.
    pub fn parent(&self) -> Option<&Env> {
        self.header().parent.as_ref()
    }

    /// The frame `depth` levels up (0 is this one).
    #[inline]
    pub fn ancestor(&self, depth: u32) -> &Env {
        let mut env = self;
        for _ in 0..depth {
            match env.parent() {
                Some(p) => env = p,
                None => break,
            }
        }
        env
    }
}

impl Clone for Env {
    #[inline]
    fn clone(&self) -> Env {
        let count = &self.header().count;
        match count.get().checked_add(1) {
            Some(n) => count.set(n),
            None => too_many_references(),
        }
        Env(self.0)
    }
}

/// More references to one frame than fit in memory: stop, as `Rc` does
/// (out of line, so that counting a reference stays a few instructions).
#[cold]
#[inline(never)]
fn too_many_references() -> ! {
    std::process::abort()
}

impl Drop for Env {
    /// Counts one reference less, and frees the frame if it was the last
    /// (inline: most drops only count; freeing is out of line).
    #[inline]
    fn drop(&mut self) {
        let count = &self.header().count;
        let left = count.get() - 1;
        count.set(left);
        if left == 0 {
            // SAFETY: this was the last reference to the frame.
            unsafe { Env::free(self.0) }
        }
    }
}

impl Env {
    /// Frees the frame `first`, whose last reference is gone, then its
    /// parent if the frame held the last reference to that, and so on, in
    /// a loop (a long chain of frames is not freed by recursion). Slots
    /// holding containers are freed through the deferred queue.
    ///
    /// # Safety
    /// `first` is a live frame whose count has dropped to 0.
    #[inline(never)]
    unsafe fn free(first: NonNull<Header>) {
        let mut next = Some(first);
        let mut is_first = true;
        while let Some(ptr) = next {
            // SAFETY: `ptr` is `first`, or a frame the frame just freed
            // held a counted reference to (its parent link).
            unsafe {
                let header = ptr.as_ref();
                if !std::mem::take(&mut is_first) {
                    let count = header.count.get() - 1;
                    header.count.set(count);
                    if count > 0 {
                        return;
                    }
                }
                let len32 = header.len;
                let len = len32 as usize;
                let parent = ptr::read(ptr::addr_of!((*ptr.as_ptr()).parent));
                let slots = Env::slots_ptr(ptr);
                if (0..len).any(|i| is_container(&*(*slots.add(i)).get())) {
                    // `defer` consumes every value before it returns.
                    defer((0..len).map(|i| ptr::read((*slots.add(i)).get())));
                } else {
                    for i in 0..len {
                        ptr::drop_in_place((*slots.add(i)).get());
                    }
                }
                dealloc(ptr.as_ptr().cast(), Env::layout(len32));
                next = parent.map(|p| {
                    let raw = p.0;
                    std::mem::forget(p);
                    raw
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_parents_and_sharing() {
        let outer = Env::new(vec![Value::Int(1), Value::Int(2)], None);
        let inner = Env::one(Value::Int(3), Some(outer.clone()));
        assert!(matches!(inner.get(0), Value::Int(3)));
        assert!(matches!(inner.ancestor(1).get(1), Value::Int(2)));
        assert!(matches!(inner.get(5), Value::Null));
        inner.set(0, Value::string(&b"x"[..]));
        assert!(matches!(inner.get(0), Value::String(_)));
        let shared = inner.clone();
        drop(inner);
        assert_eq!(shared.parent().map(Env::len), Some(2));
        assert!(Env::with_slots(0, None).is_empty());
    }

    #[test]
    fn a_long_chain_is_freed_without_recursion() {
        let mut env = Env::one(Value::Int(0), None);
        for i in 1..1_000_000 {
            env = Env::one(Value::list(vec![Value::Int(i)]), Some(env));
        }
        drop(env);
    }
}
