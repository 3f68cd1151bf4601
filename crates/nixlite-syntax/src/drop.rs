//! Dropping deep trees without overflowing the stack.
//!
//! The parser is table-driven and accepts any nesting depth, so the tree it
//! returns may be deeper than the native stack can recurse. Dropping an
//! inner node first makes sure enough stack is there, growing it on the heap
//! when it runs low.

use crate::ast::{Expr, ExprKind};

/// Red zone and growth step for recursive walks of the tree.
pub(crate) const RED_ZONE: usize = 128 * 1024;
pub(crate) const STACK_STEP: usize = 4 * 1024 * 1024;

impl Drop for Expr {
    fn drop(&mut self) {
        let leaf = matches!(
            self.kind,
            ExprKind::Int(_)
                | ExprKind::Float(_)
                | ExprKind::Str(_)
                | ExprKind::Var(_)
                | ExprKind::CurPos
                | ExprKind::Path(_)
        );
        if !leaf {
            let kind = std::mem::replace(&mut self.kind, ExprKind::CurPos);
            stacker::maybe_grow(RED_ZONE, STACK_STEP, move || drop(kind));
        }
    }
}
