//! Thunks and environment frames.
//!
//! A thunk is suspended (an expression and its frame, or a pending
//! application made by a builtin), then blackholed while it is forced,
//! then holds its value. Forcing a blackholed thunk is infinite recursion.
//! A thunk whose forcing failed goes back to suspended, so forcing it again
//! raises the same error.

use crate::ir::Ir;
use crate::value::drop::{defer, is_container};
use crate::value::Value;
use nixlite_syntax::source::Span;
use std::cell::UnsafeCell;
use std::rc::Rc;

/// What a thunk will compute.
///
/// The common cases are inline; the rare ones are boxed so that every
/// thunk stays small (a thunk per lazy argument and attribute adds up).
pub enum Suspended {
    /// Evaluate an expression in a frame.
    Expr(Rc<Ir>, Rc<Env>),
    /// Apply a function to an argument (`map`, `genList`, …).
    Apply(Value, Value),
    /// Apply a function to two arguments (`mapAttrs`, `zipAttrsWith`).
    Apply2(Box<(Value, Value, Value)>),
}

/// A thunk's state.
pub(crate) enum ThunkState {
    Suspended(Suspended),
    /// Being forced; the span says where, for the infinite-recursion error.
    Blackhole(Option<Span>),
    Done(Value),
}

/// A lazily computed value.
// The state is only touched through the methods below, none of which hands
// out a reference into it or runs evaluation while looking at it, so an
// `UnsafeCell` is enough (no borrow flag to keep and check).
pub struct Thunk(UnsafeCell<ThunkState>);

const _: () = assert!(std::mem::size_of::<Thunk>() <= 40);

impl Thunk {
    /// A thunk that evaluates `ir` in `env`.
    pub fn expr(ir: Rc<Ir>, env: Rc<Env>) -> Value {
        Thunk::suspended(Suspended::Expr(ir, env))
    }

    /// A thunk that will compute `what`.
    pub fn suspended(what: Suspended) -> Value {
        Value::Thunk(Rc::new(Thunk(UnsafeCell::new(ThunkState::Suspended(what)))))
    }

    /// A thunk under construction: forcing it is infinite recursion until
    /// [`Thunk::set_value`] fills it (for values that contain themselves).
    pub(crate) fn placeholder() -> Rc<Thunk> {
        Rc::new(Thunk(UnsafeCell::new(ThunkState::Blackhole(None))))
    }

    /// The value, if already computed.
    #[inline]
    pub fn value(&self) -> Option<Value> {
        // SAFETY: see the type's comment; the reference ends in this block.
        match unsafe { &*self.0.get() } {
            ThunkState::Done(v) => Some(v.clone()),
            _ => None,
        }
    }

    /// Sets the thunk's value (whatever its state was).
    pub(crate) fn set_value(&self, v: Value) {
        self.replace(ThunkState::Done(v));
    }

    /// Starts forcing: the computation to run, with the thunk left
    /// blackholed, or what forcing it gives at once (its value, or the span
    /// of the evaluation already forcing it: infinite recursion).
    #[inline]
    pub(crate) fn begin(&self) -> Result<Suspended, std::result::Result<Value, Option<Span>>> {
        // SAFETY: see the type's comment; the reference ends in this block.
        match unsafe { &*self.0.get() } {
            ThunkState::Done(v) => return Err(Ok(v.clone())),
            ThunkState::Blackhole(span) => return Err(Err(*span)),
            ThunkState::Suspended(_) => {}
        }
        match self.replace(ThunkState::Blackhole(None)) {
            ThunkState::Suspended(s) => Ok(s),
            // Checked just above.
            _ => Err(Err(None)),
        }
    }

    /// Puts back a computation whose forcing failed, so forcing again
    /// raises the error again.
    pub(crate) fn restore(&self, what: Suspended) {
        self.replace(ThunkState::Suspended(what));
    }

    fn replace(&self, state: ThunkState) -> ThunkState {
        // SAFETY: see the type's comment. The old state is moved out before
        // it is dropped by the caller, so a destructor that reaches this
        // thunk again finds a consistent state.
        unsafe { std::mem::replace(&mut *self.0.get(), state) }
    }
}

impl Drop for Thunk {
    fn drop(&mut self) {
        match std::mem::replace(self.0.get_mut(), ThunkState::Blackhole(None)) {
            ThunkState::Done(v) => {
                if is_container(&v) {
                    defer([v])
                }
            }
            ThunkState::Suspended(Suspended::Expr(_, env)) => drop_env(env),
            ThunkState::Suspended(Suspended::Apply(f, x)) => defer([f, x]),
            ThunkState::Suspended(Suspended::Apply2(args)) => {
                let (f, x, y) = *args;
                defer([f, x, y])
            }
            ThunkState::Blackhole(_) => {}
        }
    }
}

/// Drops a frame reference. A frame's slots are freed through the deferred
/// queue, and a chain of frames that only their children held is freed in
/// a loop rather than by recursion.
fn drop_env(env: Rc<Env>) {
    let mut next = Rc::try_unwrap(env).ok();
    while let Some(mut frame) = next {
        next = frame.parent.take().and_then(|p| Rc::try_unwrap(p).ok());
        frame.release();
    }
}

/// A frame's slots: one inline (most frames: `x: …`, `with`), or many.
enum Slots {
    One(UnsafeCell<Value>),
    Many(Box<[UnsafeCell<Value>]>),
}

impl Drop for Env {
    fn drop(&mut self) {
        self.release();
    }
}

/// A frame of variable slots, linked to the frame it was created in.
pub struct Env {
    // Slots are written only while the frame is being built (before any
    // read can observe them) and read by cloning, never by reference.
    slots: Slots,
    /// The enclosing frame.
    pub parent: Option<Rc<Env>>,
}

impl Env {
    /// A frame of one slot.
    pub fn one(value: Value, parent: Option<Rc<Env>>) -> Rc<Env> {
        Rc::new(Env {
            slots: Slots::One(UnsafeCell::new(value)),
            parent,
        })
    }

    /// A frame holding `values`.
    pub fn new(values: Vec<Value>, parent: Option<Rc<Env>>) -> Rc<Env> {
        Rc::new(Env {
            slots: Slots::Many(values.into_iter().map(UnsafeCell::new).collect()),
            parent,
        })
    }

    /// A frame of `n` null slots, to be filled with [`Env::set`].
    pub fn with_slots(n: usize, parent: Option<Rc<Env>>) -> Rc<Env> {
        if n == 1 {
            return Env::one(Value::Null, parent);
        }
        Rc::new(Env {
            slots: Slots::Many((0..n).map(|_| UnsafeCell::new(Value::Null)).collect()),
            parent,
        })
    }

    fn cell(&self, i: usize) -> Option<&UnsafeCell<Value>> {
        match &self.slots {
            Slots::One(cell) => (i == 0).then_some(cell),
            Slots::Many(cells) => cells.get(i),
        }
    }

    /// The value in slot `i` (null if out of range, which the resolver rules out).
    #[inline]
    pub fn get(&self, i: usize) -> Value {
        match self.cell(i) {
            // SAFETY: single-threaded (Env is !Sync), and no reference into
            // a slot ever escapes this module: reads clone, writes replace.
            Some(cell) => unsafe { (*cell.get()).clone() },
            None => Value::Null,
        }
    }

    /// Sets slot `i`.
    pub fn set(&self, i: usize, value: Value) {
        if let Some(cell) = self.cell(i) {
            // SAFETY: as in `get`: no reference into the slot is alive.
            unsafe { *cell.get() = value };
        }
    }

    /// Moves the slots (and parent) out to the deferred-drop queue.
    fn release(&mut self) {
        if let Some(parent) = self.parent.take() {
            drop_env(parent);
        }
        match std::mem::replace(&mut self.slots, Slots::Many(Box::new([]))) {
            Slots::One(cell) => {
                let value = cell.into_inner();
                if is_container(&value) {
                    defer([value]);
                }
            }
            Slots::Many(mut cells) => {
                if cells.iter_mut().any(|c| is_container(c.get_mut())) {
                    defer(cells.into_vec().into_iter().map(UnsafeCell::into_inner));
                }
            }
        }
    }

    /// The frame `depth` levels up (0 is this one).
    pub fn ancestor(self: &Rc<Env>, depth: u32) -> &Rc<Env> {
        let mut env = self;
        for _ in 0..depth {
            match &env.parent {
                Some(p) => env = p,
                None => break,
            }
        }
        env
    }
}
