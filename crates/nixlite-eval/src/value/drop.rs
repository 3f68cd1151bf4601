//! Dropping deep value graphs without recursion.
//!
//! A 100 000-deep nested list, or a long chain of thunks, would be freed by
//! recursive destructors one native frame per level. Containers (lists,
//! sets, thunks, frames) hand their children to [`defer`] instead, which
//! drops them in place up to a small nesting depth and queues them below
//! it; the outermost drop on a thread then frees the queue one by one.

use super::Value;
use std::cell::{Cell, RefCell};

thread_local! {
    /// How many deferred drops are running, nested, on this thread.
    static DEPTH: Cell<u32> = const { Cell::new(0) };
    /// Whether `PENDING` may hold values.
    static ANY_PENDING: Cell<bool> = const { Cell::new(false) };
    static PENDING: RefCell<Vec<Value>> = const { RefCell::new(Vec::new()) };
}

/// Nesting of drops run in place before children are queued instead. Most
/// drops end well within it (a thunk's value, a frame's slots), so they
/// cost a counter and no queue; a deep structure is unlinked from the
/// queue, one bounded burst of native frames at a time.
const MAX_DEPTH: u32 = 48;

/// Drops `values`, iteratively however deeply they nest.
pub(crate) fn defer(values: impl IntoIterator<Item = Value>) {
    let depth = DEPTH.get();
    if depth >= MAX_DEPTH {
        PENDING.with(|p| p.borrow_mut().extend(values));
        ANY_PENDING.set(true);
        return;
    }
    DEPTH.set(depth + 1);
    for v in values {
        drop(v);
    }
    DEPTH.set(depth);
    if depth == 0 && ANY_PENDING.get() {
        drain();
    }
}

/// Drops the queued values (at the outermost drop, so the queue's values
/// get the whole nesting budget again).
#[cold]
fn drain() {
    DEPTH.set(1);
    while let Some(v) = PENDING.with(|p| p.borrow_mut().pop()) {
        drop(v);
    }
    ANY_PENDING.set(false);
    DEPTH.set(0);
}

/// Whether `v` owns a container worth deferring (scalars are dropped in place).
pub(crate) fn is_container(v: &Value) -> bool {
    matches!(
        v,
        Value::List(_) | Value::Attrs(_) | Value::Thunk(_) | Value::Lambda(_) | Value::PrimOpApp(_)
    )
}
