//! Computing cheap scalar arguments on the spot.
//!
//! A call's argument is normally passed as a thunk. When it is integer
//! arithmetic or a comparison over values that are already computed
//! (`n - 1`, `acc.count + 1`, `i < n`), computing it at once costs less
//! than allocating a thunk and forcing it later, and nothing can tell the
//! difference: the operations are pure, force nothing, and the result is a
//! scalar, which has no identity. Anything else (an operand not computed
//! yet, a type error, an overflow, division by zero) gives up and leaves
//! the argument lazy, so errors still happen only if the value is used.

use super::Evaluator;
use crate::ir::{Ir, IrName};
use crate::thunk::Env;
use crate::value::Value;
use std::rc::Rc;

/// Expression nodes looked at before giving up (bounds the wasted work).
const BUDGET: u32 = 8;

impl Evaluator {
    /// A call argument: computed now if it is cheap and certain (see the
    /// module comment), else shared or thunked as [`Evaluator::thunk`] does.
    #[inline]
    pub(crate) fn argument(&mut self, ir: &Rc<Ir>, env: &Env) -> Value {
        if let Ir::Binary(..) | Ir::Select(..) = &**ir {
            if let Some(v) = scalar(ir, env, &mut BUDGET.clone()) {
                return v;
            }
        }
        self.thunk(ir, env)
    }
}

/// The value of `ir` if it is a scalar computable without forcing anything.
fn scalar(ir: &Ir, env: &Env, budget: &mut u32) -> Option<Value> {
    *budget = budget.checked_sub(1)?;
    match ir {
        Ir::Binary(op, a, b, _) => {
            let (Value::Int(x), Value::Int(y)) = (scalar(a, env, budget)?, scalar(b, env, budget)?) else {
                return None;
            };
            super::ops::int_operation(*op, x, y)
        }
        _ => match computed(ir, env, budget)? {
            v @ (Value::Int(_) | Value::Bool(_) | Value::Float(_) | Value::Null) => Some(v),
            _ => None,
        },
    }
}

/// The value of a constant, a variable or a static attribute path, if it
/// is already computed (a forced thunk gives its value).
fn computed(ir: &Ir, env: &Env, budget: &mut u32) -> Option<Value> {
    let v = match ir {
        Ir::Const(v) => v.clone(),
        Ir::Local { depth, index, .. } => env.ancestor(*depth).get(*index as usize),
        Ir::Select(target, path, None, _) => {
            *budget = budget.checked_sub(1)?;
            let mut v = computed(target, env, budget)?;
            for name in path.iter() {
                let (IrName::Static(name), Value::Attrs(attrs)) = (name, &v) else {
                    return None;
                };
                v = attrs.get(*name)?.clone();
                v = peek(v)?;
            }
            v
        }
        _ => return None,
    };
    peek(v)
}

/// A value as it is now: a thunk's value if it has been forced.
fn peek(v: Value) -> Option<Value> {
    match v {
        Value::Thunk(t) => t.value(),
        other => Some(other),
    }
}
