//! Numbers: the arithmetic operators as functions, bit operations, rounding.

use super::{builtin, Builtin};
use crate::error::{ErrorKind, EvalError, Result};
use crate::eval::Evaluator;
use crate::value::Value;
use nixlite_syntax::ast::BinOp;
use nixlite_syntax::source::Span;

fn op(ev: &mut Evaluator, op: BinOp, a: &[Value], span: Span) -> Result<Value> {
    ev.binary_values(op, &a[0], &a[1], span)
}

fn bits(ev: &mut Evaluator, a: &[Value], span: Span, f: fn(i64, i64) -> i64) -> Result<Value> {
    let x = ev.expect_int(&a[0], Some(span), "the first argument")?;
    let y = ev.expect_int(&a[1], Some(span), "the second argument")?;
    Ok(Value::Int(f(x, y)))
}

fn round(ev: &mut Evaluator, a: &[Value], span: Span, name: &str, f: fn(f64) -> f64) -> Result<Value> {
    let x = match &a[0] {
        // Newest CppNix refuses an integer that a float cannot hold exactly.
        Value::Int(n) if (*n as f64) as i128 != i128::from(*n) => {
            return Err(EvalError::new(
                ErrorKind::Arithmetic,
                format!("`{name}` of the integer {n}: it cannot be represented exactly as a float"),
            )
            .at(Some(span)))
        }
        Value::Int(n) => *n as f64,
        Value::Float(x) => *x,
        other => return Err(ev.type_mismatch("a number", other, Some(span), &format!("the argument of `{name}`"))),
    };
    let r = f(x);
    // Newest CppNix refuses results that an integer cannot hold exactly.
    if !(-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&r) {
        return Err(EvalError::new(
            ErrorKind::Arithmetic,
            format!("`{name}` of {x} does not fit in an integer"),
        )
        .at(Some(span)));
    }
    Ok(Value::Int(r as i64))
}

pub(crate) const BUILTINS: &[Builtin] = &[
    builtin!("add", 2, [0, 1], "`add a b`: `a + b` for numbers.", |ev, a, span| {
        for v in a.iter() {
            if !matches!(v, Value::Int(_) | Value::Float(_)) {
                return Err(ev.type_mismatch("a number", v, Some(span), "an argument of `add`"));
            }
        }
        op(ev, BinOp::Add, a, span)
    }),
    builtin!("sub", 2, [0, 1], "`sub a b`: `a - b`.", |ev, a, span| op(
        ev,
        BinOp::Sub,
        a,
        span
    )),
    builtin!("mul", 2, [0, 1], "`mul a b`: `a * b`.", |ev, a, span| op(
        ev,
        BinOp::Mul,
        a,
        span
    )),
    builtin!(
        "div",
        2,
        [0, 1],
        "`div a b`: `a / b` (integer division truncates toward zero).",
        |ev, a, span| { op(ev, BinOp::Div, a, span) }
    ),
    builtin!(
        "lessThan",
        2,
        [0, 1],
        "`lessThan a b`: `a < b` for numbers, strings, paths and lists.",
        |ev, a, span| { Ok(Value::Bool(ev.less_than(&a[0], &a[1], Some(span))?)) }
    ),
    builtin!("bitAnd", 2, [0, 1], "Bitwise and of two integers.", |ev, a, span| bits(
        ev,
        a,
        span,
        |x, y| x & y
    )),
    builtin!("bitOr", 2, [0, 1], "Bitwise or of two integers.", |ev, a, span| bits(
        ev,
        a,
        span,
        |x, y| x | y
    )),
    builtin!(
        "bitXor",
        2,
        [0, 1],
        "Bitwise exclusive or of two integers.",
        |ev, a, span| bits(ev, a, span, |x, y| x ^ y)
    ),
    builtin!(
        "ceil",
        1,
        [0],
        "The smallest integer not below the number.",
        |ev, a, span| round(ev, a, span, "ceil", f64::ceil)
    ),
    builtin!(
        "floor",
        1,
        [0],
        "The largest integer not above the number.",
        |ev, a, span| round(ev, a, span, "floor", f64::floor)
    ),
];
