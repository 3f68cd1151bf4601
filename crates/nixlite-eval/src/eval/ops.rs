//! Operators: arithmetic, `+`, comparison and equality, with CppNix's rules.

use super::{CoerceMode, Evaluator};
use crate::error::{ErrorKind, EvalError, Result};
use crate::print;
use crate::value::{StringBuilder, Value};
use nixlite_syntax::ast::BinOp;
use nixlite_syntax::source::Span;
use std::rc::Rc;

impl Evaluator {
    /// `a + b`: numbers, string concatenation, or path extension.
    pub fn add(&mut self, a: &Value, b: &Value, span: Option<Span>) -> Result<Value> {
        match (a, b) {
            (Value::Int(x), Value::Int(y)) => match x.checked_add(*y) {
                Some(n) => Ok(Value::Int(n)),
                None => Err(overflow("adding", *x, "+", *y, span)),
            },
            (Value::Int(_) | Value::Float(_), Value::Int(_) | Value::Float(_)) => {
                Ok(Value::Float(as_float(a) + as_float(b)))
            }
            (Value::Path(p), _) => {
                let s = self.coerce_to_string(b, CoerceMode::PathAppend, span)?;
                let mut joined = p.0.clone();
                joined.extend_from_slice(s.as_bytes());
                Ok(Value::path(crate::resolve::canonicalise(&joined)))
            }
            (Value::String(s), _) => {
                let rhs = self.coerce_to_string(b, CoerceMode::Interpolation, span)?;
                let len = s.len().saturating_add(rhs.len());
                if crate::limits::string_too_long_for_memory(len) {
                    return Err(crate::limits::string_too_long(len, span));
                }
                let mut out = StringBuilder::with_capacity(len);
                out.push_str(s);
                out.push_str(&rhs);
                Ok(Value::String(Rc::new(out.finish())))
            }
            (Value::Attrs(_), _) => {
                // A set with `__toString` or `outPath` coerces like a string.
                let lhs = self.coerce_to_string(a, CoerceMode::Interpolation, span)?;
                let rhs = self.coerce_to_string(b, CoerceMode::Interpolation, span)?;
                let mut out = StringBuilder::new();
                out.push_str(&lhs);
                out.push_str(&rhs);
                Ok(Value::String(Rc::new(out.finish())))
            }
            _ => Err(
                EvalError::type_error(format!("cannot add {} to {}", b.type_phrase(), a.type_phrase()))
                    .at(span)
                    .with_label(format!("{} + {}", print::abbreviate(a), print::abbreviate(b))),
            ),
        }
    }

    #[cold]
    #[inline(never)]
    fn not_a_number(&self, v: &Value, span: Option<Span>, sym: &str) -> EvalError {
        self.type_mismatch("a number", v, span, &format!("an operand of `{sym}`"))
    }

    /// `-`, `*`, `/` on numbers.
    pub fn arithmetic(&mut self, op: BinOp, a: &Value, b: &Value, span: Option<Span>) -> Result<Value> {
        let (verb, sym) = match op {
            BinOp::Sub => ("subtracting", "-"),
            BinOp::Mul => ("multiplying", "*"),
            _ => ("dividing", "/"),
        };
        for v in [a, b] {
            if !matches!(v, Value::Int(_) | Value::Float(_)) {
                return Err(self.not_a_number(v, span, sym));
            }
        }
        if op == BinOp::Div && (matches!(b, Value::Int(0)) || matches!(b, Value::Float(f) if *f == 0.0)) {
            return Err(EvalError::new(ErrorKind::Arithmetic, "division by zero")
                .at(span)
                .with_label("the divisor is zero"));
        }
        match (a, b) {
            (Value::Int(x), Value::Int(y)) => {
                let r = match op {
                    BinOp::Sub => x.checked_sub(*y),
                    BinOp::Mul => x.checked_mul(*y),
                    _ => x.checked_div(*y),
                };
                r.map(Value::Int).ok_or_else(|| overflow(verb, *x, sym, *y, span))
            }
            _ => {
                let (x, y) = (as_float(a), as_float(b));
                Ok(Value::Float(match op {
                    BinOp::Sub => x - y,
                    BinOp::Mul => x * y,
                    _ => x / y,
                }))
            }
        }
    }

    /// Equality with CppNix's rules (see the spec: identity shortcut for
    /// values inside containers, derivations by `outPath`, functions never
    /// equal). `nested`: the values come from inside lists or sets.
    pub fn equal(&mut self, a: &Value, b: &Value, nested: bool) -> Result<bool> {
        if nested {
            // Counted as nesting: two cyclic structures
            // (`let a = [ a ]; b = [ b ]; in a == b`) never end.
            self.nested(None, |ev| ev.equal_inner(a, b, true))
        } else {
            self.with_stack(|ev| ev.equal_inner(a, b, false))
        }
    }

    fn equal_inner(&mut self, a_raw: &Value, b_raw: &Value, nested: bool) -> Result<bool> {
        let a = self.force(a_raw)?;
        let b = self.force(b_raw)?;
        if nested && a_raw.same_object(b_raw) {
            return Ok(true);
        }
        Ok(match (&a, &b) {
            (Value::Int(x), Value::Int(y)) => x == y,
            (Value::Int(_) | Value::Float(_), Value::Int(_) | Value::Float(_)) => as_float(&a) == as_float(&b),
            (Value::String(x), Value::String(y)) => x.as_bytes() == y.as_bytes(),
            (Value::Path(x), Value::Path(y)) => x.0 == y.0,
            (Value::Null, Value::Null) => true,
            (Value::Bool(x), Value::Bool(y)) => x == y,
            // No whole-container pointer shortcut: CppNix checks identity per
            // element, after forcing it, so `x == x` still forces `x`'s values.
            (Value::List(x), Value::List(y)) => {
                if x.len() != y.len() {
                    return Ok(false);
                }
                let (xs, ys) = (x.to_vec(), y.to_vec());
                for (p, q) in xs.iter().zip(&ys) {
                    if !self.equal(p, q, true)? {
                        return Ok(false);
                    }
                }
                true
            }
            (Value::Attrs(x), Value::Attrs(y)) => {
                if self.is_derivation(x)? && self.is_derivation(y)? {
                    if let (Some(p), Some(q)) = (x.get(self.known.out_path), y.get(self.known.out_path)) {
                        let (p, q) = (p.clone(), q.clone());
                        return self.equal(&p, &q, true);
                    }
                }
                if x.len() != y.len() {
                    return Ok(false);
                }
                let pairs: Vec<(Value, Value)> = x
                    .iter()
                    .zip(y.iter())
                    .map(|((_, p), (_, q))| (p.clone(), q.clone()))
                    .collect();
                if x.keys().zip(y.keys()).any(|(k, l)| k != l) {
                    return Ok(false);
                }
                for (p, q) in pairs {
                    if !self.equal(&p, &q, true)? {
                        return Ok(false);
                    }
                }
                true
            }
            _ => false,
        })
    }

    /// Whether a set has `type = "derivation"`.
    pub fn is_derivation(&mut self, attrs: &crate::value::Attrs) -> Result<bool> {
        match attrs.get(self.known.type_) {
            Some(t) => {
                let t = t.clone();
                let t = self.force(&t)?;
                Ok(matches!(&t, Value::String(s) if s.as_bytes() == b"derivation"))
            }
            None => Ok(false),
        }
    }

    /// `a < b`: numbers, strings, paths, and lists lexicographically.
    pub fn less_than(&mut self, a: &Value, b: &Value, span: Option<Span>) -> Result<bool> {
        let a = self.force(a)?;
        let b = self.force(b)?;
        match (&a, &b) {
            (Value::Int(x), Value::Int(y)) => Ok(x < y),
            (Value::Int(_) | Value::Float(_), Value::Int(_) | Value::Float(_)) => Ok(as_float(&a) < as_float(&b)),
            (Value::String(x), Value::String(y)) => Ok(x.as_bytes() < y.as_bytes()),
            (Value::Path(x), Value::Path(y)) => Ok(x.0 < y.0),
            (Value::List(x), Value::List(y)) => {
                let (xs, ys) = (x.to_vec(), y.to_vec());
                for (p, q) in xs.iter().zip(&ys) {
                    if !self.equal(p, q, true).map_err(|e| e.at(span))? {
                        return self.nested(span, |ev| ev.less_than(p, q, span));
                    }
                }
                Ok(xs.len() < ys.len())
            }
            _ => Err(
                EvalError::type_error(format!("cannot compare {} with {}", a.type_phrase(), b.type_phrase()))
                    .at(span)
                    .with_label(format!("{} < {}", print::abbreviate(&a), print::abbreviate(&b)))
                    .with_help("only numbers, strings, paths and lists of comparable values can be ordered"),
            ),
        }
    }
}

fn as_float(v: &Value) -> f64 {
    match v {
        Value::Int(n) => *n as f64,
        Value::Float(f) => *f,
        _ => f64::NAN,
    }
}

fn overflow(verb: &str, x: i64, sym: &str, y: i64, span: Option<Span>) -> EvalError {
    EvalError::new(
        ErrorKind::Arithmetic,
        format!("integer overflow in {verb} {x} {sym} {y}"),
    )
    .at(span)
    .with_label("the result does not fit in 64 bits")
}

/// `x op y` on two integers when it succeeds: arithmetic that does not
/// overflow or divide by zero, and comparisons. `None` leaves the case (and
/// its error) to the general path.
#[inline(always)]
pub(super) fn int_operation(op: BinOp, x: i64, y: i64) -> Option<Value> {
    match op {
        BinOp::Add => x.checked_add(y).map(Value::Int),
        BinOp::Sub => x.checked_sub(y).map(Value::Int),
        BinOp::Mul => x.checked_mul(y).map(Value::Int),
        BinOp::Div => x.checked_div(y).map(Value::Int),
        BinOp::Lt => Some(Value::Bool(x < y)),
        BinOp::Gt => Some(Value::Bool(x > y)),
        BinOp::Le => Some(Value::Bool(x <= y)),
        BinOp::Ge => Some(Value::Bool(x >= y)),
        BinOp::Eq => Some(Value::Bool(x == y)),
        BinOp::NotEq => Some(Value::Bool(x != y)),
        _ => None,
    }
}
