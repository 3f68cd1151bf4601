//! Types and control: `typeOf`, the `is*` tests, `seq`, `throw`, `tryEval`, `trace`, …

use super::{builtin, Builtin};
use crate::error::{ErrorKind, EvalError, Result};
use crate::eval::{CoerceMode, Evaluator};
use crate::print;
use crate::value::{Attrs, Value};
use nixlite_syntax::source::Span;
use nixlite_syntax::Symbol;

pub(crate) const BUILTINS: &[Builtin] = &[
    builtin!("typeOf", 1, [0], "The type of a value: \"int\", \"float\", \"bool\", \"string\", \"path\", \"null\", \"set\", \"list\" or \"lambda\".", |_, a, _| {
        Ok(Value::string(a[0].type_name().as_bytes()))
    }),
    builtin!("isNull", 1, [0], "Whether the value is `null`.", |_, a, _| Ok(Value::Bool(matches!(a[0], Value::Null)))),
    builtin!("isFunction", 1, [0], "Whether the value is a function (not a set with `__functor`).", |_, a, _| {
        Ok(Value::Bool(a[0].is_function()))
    }),
    builtin!("isInt", 1, [0], "Whether the value is an integer.", |_, a, _| Ok(Value::Bool(matches!(a[0], Value::Int(_))))),
    builtin!("isFloat", 1, [0], "Whether the value is a float.", |_, a, _| Ok(Value::Bool(matches!(a[0], Value::Float(_))))),
    builtin!("isString", 1, [0], "Whether the value is a string.", |_, a, _| {
        Ok(Value::Bool(matches!(a[0], Value::String(_))))
    }),
    builtin!("isBool", 1, [0], "Whether the value is a Boolean.", |_, a, _| Ok(Value::Bool(matches!(a[0], Value::Bool(_))))),
    builtin!("isPath", 1, [0], "Whether the value is a path.", |_, a, _| Ok(Value::Bool(matches!(a[0], Value::Path(_))))),
    builtin!("isAttrs", 1, [0], "Whether the value is a set.", |_, a, _| Ok(Value::Bool(matches!(a[0], Value::Attrs(_))))),
    builtin!("isList", 1, [0], "Whether the value is a list.", |_, a, _| Ok(Value::Bool(matches!(a[0], Value::List(_))))),
    builtin!("seq", 2, [0], "`seq e1 e2`: forces `e1` (shallowly), then returns `e2`.", |ev, a, _| ev.force(&a[1])),
    builtin!("deepSeq", 2, [], "`deepSeq e1 e2`: forces `e1` completely, then returns `e2`.", |ev, a, _| {
        ev.force_deep(&a[0])?;
        ev.force(&a[1])
    }),
    builtin!("throw", 1, [0], "Raises an error with the message; `tryEval` catches it.", |ev, a, span| {
        let msg = ev.coerce_to_string(&a[0], CoerceMode::Interpolation, Some(span))?;
        Err(EvalError::new(ErrorKind::Throw, msg.to_str_lossy().into_owned()).at(Some(span)).with_label("thrown here"))
    }),
    builtin!("abort", 1, [0], "Aborts evaluation with the message; not catchable.", |ev, a, span| {
        let msg = ev.coerce_to_string(&a[0], CoerceMode::Interpolation, Some(span))?;
        Err(EvalError::new(
            ErrorKind::Abort,
            format!("evaluation aborted with the following error message: '{}'", msg.to_str_lossy()),
        )
        .at(Some(span)))
    }),
    builtin!("tryEval", 1, [], "Evaluates the argument shallowly: `{ success = true; value = v; }`, or `{ success = false; value = false; }` if it throws or an assertion fails.", |ev, a, _| {
        let (success, value) = match ev.force(&a[0]) {
            Ok(v) => (true, v),
            Err(e) if e.is_catchable() => (false, Value::Bool(false)),
            Err(e) => return Err(e),
        };
        let mut attrs = Attrs::new();
        attrs.insert(Symbol::intern("success"), Value::Bool(success));
        attrs.insert(Symbol::intern("value"), value);
        Ok(Value::attrs(attrs))
    }),
    builtin!("trace", 2, [0], "`trace e1 e2`: prints `e1` on standard error, then returns `e2`.", |ev, a, _| {
        let shown = match &a[0] {
            Value::String(s) => s.to_str_lossy().into_owned(),
            other => String::from_utf8_lossy(&print::print_value(ev, other, true)?).into_owned(),
        };
        ev.emit_trace(&format!("trace: {shown}"));
        ev.force(&a[1])
    }),
    builtin!("warn", 2, [0], "`warn msg e`: prints `evaluation warning: msg` on standard error, then returns `e`.", |ev, a, span| {
        let msg = ev.expect_string(&a[0], Some(span), "the warning message")?;
        ev.emit_trace(&format!("evaluation warning: {}", msg.to_str_lossy()));
        ev.force(&a[1])
    }),
    builtin!("traceVerbose", 2, [], "Like `trace`, but only with verbose tracing enabled (it is not): returns the second argument.", |ev, a, _| {
        ev.force(&a[1])
    }),
    builtin!("break", 1, [], "A debugger breakpoint; without a debugger, returns its argument.", |ev, a, _| ev.force(&a[0])),
    builtin!("addErrorContext", 2, [], "`addErrorContext msg e`: returns `e`; if evaluating it fails, the error's trace shows `msg`.", |ev, a, span| {
        let value = a[1].clone();
        match ev.force(&value) {
            Ok(v) => Ok(v),
            Err(e) => {
                let msg = ev.coerce_to_string(&a[0], CoerceMode::Interpolation, Some(span))?;
                Err(e.context(Some(span), msg.to_str_lossy().into_owned()))
            }
        }
    }),
    builtin!("functionArgs", 1, [0], "The formals of a function taking a set: `{ name = hasDefault; }`; `{ }` for other functions.", function_args),
];

fn function_args(ev: &mut Evaluator, a: &mut [Value], span: Span) -> Result<Value> {
    let mut out = Attrs::new();
    match &a[0] {
        Value::Lambda(c) => {
            if let crate::ir::IrParam::Pattern { formals, .. } = &c.lambda.param {
                for (name, default) in formals.iter() {
                    out.insert(*name, Value::Bool(default.is_some()));
                }
            }
        }
        Value::PrimOp(_) | Value::PrimOpApp(_) => {}
        other => return Err(ev.type_mismatch("a function", other, Some(span), "the argument of `functionArgs`")),
    }
    Ok(Value::attrs(out))
}
