//! Thunks and environment frames.
//!
//! A thunk is suspended (an expression and its frame, or a pending
//! application made by a builtin), then blackholed while it is forced,
//! then holds its value. Forcing a blackholed thunk is infinite recursion.
//! A thunk whose forcing failed goes back to suspended, so forcing it again
//! raises the same error.

use crate::ir::Ir;
use crate::value::Value;
use nixlite_syntax::source::Span;
use nixlite_syntax::Symbol;
use std::cell::{RefCell, UnsafeCell};
use std::rc::Rc;

/// What a thunk will compute.
pub enum Suspended {
    /// Evaluate an expression in a frame.
    Expr(Rc<Ir>, Rc<Env>),
    /// Apply a function to an argument (`map`, `genList`, …).
    Apply(Value, Value),
    /// Apply a function to two arguments (`mapAttrs`, `zipAttrsWith`).
    Apply2(Value, Value, Value),
    /// Select an attribute of a value (`inherit (e) x`).
    Select(Value, Symbol, Span),
}

pub(crate) enum ThunkState {
    Suspended(Suspended),
    /// Being forced; the span says where, for the infinite-recursion error.
    Blackhole(Option<Span>),
    Done(Value),
}

/// A lazily computed value.
pub struct Thunk(pub(crate) RefCell<ThunkState>);

impl Thunk {
    /// A thunk that evaluates `ir` in `env`.
    pub fn expr(ir: Rc<Ir>, env: Rc<Env>) -> Value {
        Value::Thunk(Rc::new(Thunk(RefCell::new(ThunkState::Suspended(Suspended::Expr(
            ir, env,
        ))))))
    }

    /// A thunk that will compute `what`.
    pub fn suspended(what: Suspended) -> Value {
        Value::Thunk(Rc::new(Thunk(RefCell::new(ThunkState::Suspended(what)))))
    }

    /// The value, if already computed.
    pub fn value(&self) -> Option<Value> {
        match &*self.0.borrow() {
            ThunkState::Done(v) => Some(v.clone()),
            _ => None,
        }
    }
}

impl Drop for Thunk {
    fn drop(&mut self) {
        let state = std::mem::replace(self.0.get_mut(), ThunkState::Blackhole(None));
        match state {
            ThunkState::Done(v) if crate::value::drop::is_container(&v) => crate::value::drop::defer([v]),
            ThunkState::Suspended(Suspended::Expr(_, env)) => drop_env(env),
            ThunkState::Suspended(Suspended::Apply(f, x)) => crate::value::drop::defer([f, x]),
            ThunkState::Suspended(Suspended::Apply2(f, x, y)) => crate::value::drop::defer([f, x, y]),
            ThunkState::Suspended(Suspended::Select(v, _, _)) => crate::value::drop::defer([v]),
            _ => {}
        }
    }
}

/// Drops a frame reference; a frame's slots are freed through the deferred queue.
fn drop_env(env: Rc<Env>) {
    if let Ok(mut frame) = Rc::try_unwrap(env) {
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
        let slots = std::mem::replace(&mut self.slots, Slots::Many(Box::new([])));
        let values: Vec<Value> = match slots {
            Slots::One(cell) => vec![cell.into_inner()],
            Slots::Many(cells) => cells.into_vec().into_iter().map(UnsafeCell::into_inner).collect(),
        };
        if let Some(parent) = self.parent.take() {
            drop_env(parent);
        }
        if values.iter().any(crate::value::drop::is_container) {
            crate::value::drop::defer(values);
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
