//! Thunks and environment frames.
//!
//! A thunk is suspended (an expression and its frame, or a pending
//! application made by a builtin), then blackholed while it is forced,
//! then holds its value. Forcing a blackholed thunk is infinite recursion.
//! A thunk whose forcing failed goes back to suspended, so forcing it again
//! raises the same error.

pub use crate::env::Env;
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
    Expr(Rc<Ir>, Env),
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
    pub fn expr(ir: Rc<Ir>, env: Env) -> Value {
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

    /// The thunk's state, taking it apart (for a thunk nothing else holds).
    pub(crate) fn into_state(mut self) -> ThunkState {
        std::mem::replace(self.0.get_mut(), ThunkState::Blackhole(None))
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
    /// Hands values that may nest deeply to the deferred queue; the rest
    /// (scalars, an expression and its frame, which frees its chain in a
    /// loop) is dropped in place afterwards.
    fn drop(&mut self) {
        use std::mem::take;
        match self.0.get_mut() {
            ThunkState::Done(v) => {
                if is_container(v) {
                    defer([take(v)])
                }
            }
            ThunkState::Suspended(Suspended::Apply(f, x)) => defer([take(f), take(x)]),
            ThunkState::Suspended(Suspended::Apply2(args)) => {
                let (f, x, y) = &mut **args;
                defer([take(f), take(x), take(y)])
            }
            ThunkState::Suspended(Suspended::Expr(..)) | ThunkState::Blackhole(_) => {}
        }
    }
}
