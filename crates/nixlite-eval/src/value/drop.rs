//! Dropping deep value graphs without recursion.
//!
//! A 100 000-deep nested list, or a long chain of thunks, would be freed by
//! recursive destructors one native frame per level. Containers (lists,
//! sets, thunks, frames) hand their children to [`defer`] instead: the
//! outermost drop on a thread frees them one by one from a queue, and
//! drops nested inside it only add to that queue.

use super::Value;
use std::cell::{Cell, RefCell};

thread_local! {
    static DRAINING: Cell<bool> = const { Cell::new(false) };
    static PENDING: RefCell<Vec<Value>> = const { RefCell::new(Vec::new()) };
}

/// Drops `values`, iteratively however deeply they nest.
pub(crate) fn defer(values: impl IntoIterator<Item = Value>) {
    if DRAINING.with(Cell::get) {
        PENDING.with(|p| p.borrow_mut().extend(values));
        return;
    }
    DRAINING.with(|d| d.set(true));
    for v in values {
        drop(v);
        // Drained when it grows, so it never holds the children of a
        // whole big list at once.
        if PENDING.with(|p| p.borrow().len()) >= DRAIN_AT {
            drain();
        }
    }
    drain();
    DRAINING.with(|d| d.set(false));
}

/// Queue length at which dropping a batch stops to drain the queue.
const DRAIN_AT: usize = 4096;

fn drain() {
    while let Some(v) = PENDING.with(|p| p.borrow_mut().pop()) {
        drop(v);
    }
}

/// Whether `v` owns a container worth deferring (scalars are dropped in place).
pub(crate) fn is_container(v: &Value) -> bool {
    matches!(
        v,
        Value::List(_) | Value::Attrs(_) | Value::Thunk(_) | Value::Lambda(_) | Value::PrimOpApp(_)
    )
}
