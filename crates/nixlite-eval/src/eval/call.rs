//! Function calls: closures (binding arguments to parameters, curried
//! calls without intermediate closures), builtins (arguments kept on the
//! stack, partial applications), `__functor` sets, and the depth limit.

use super::Evaluator;
use crate::builtins::{self, Builtin};
use crate::error::{ErrorKind, EvalError, Result};
use crate::ir::{Ir, IrLambda, IrParam};
use crate::print;
use crate::thunk::Env;
use crate::value::{Attrs, Closure, PrimOpApp, Value};
use nixlite_syntax::source::Span;
use nixlite_syntax::Symbol;
use std::rc::Rc;

/// An error raised while calling a builtin, with the call in its trace.
#[cold]
#[inline(never)]
fn builtin_error(op: &Builtin, e: EvalError, span: Option<Span>) -> EvalError {
    e.at(span)
        .context(span, format!("while calling the `{}` builtin", op.name))
}

impl Evaluator {
    /// Calls `f` with `arg`.
    pub fn call(&mut self, f: &Value, arg: Value, span: Option<Span>) -> Result<Value> {
        self.enter_call(span)?;
        let result = self.with_stack(|ev| ev.call_inner(f, arg, span));
        self.depth -= 1;
        result
    }

    /// Calls `f` with `x`, then the result with `y`; a curried function
    /// (`x: y: …`) gets both without building the closure in between.
    pub fn call2(&mut self, f: &Value, x: Value, y: Value, span: Option<Span>) -> Result<Value> {
        if let Value::Lambda(closure) = f {
            if let Ir::Lambda(inner) = &closure.lambda.body {
                let frame = match closure.lambda.param {
                    IrParam::Ident(_) => Env::one(x, Some(closure.env.clone())),
                    _ => self.bind_arguments(&closure.lambda, &closure.env, x, span)?,
                };
                return self.call_lambda(inner, &frame, y, span);
            }
        }
        let g = self.call(f, x, span)?;
        self.call(&g, y, span)
    }

    /// Runs `f` as one more level of nesting, counted like a call: a
    /// coercion that recurses through `__toString` or `outPath` (which
    /// may never end: `{ __toString = self: self; }`) stops at the depth
    /// limit like a recursive function.
    pub(crate) fn nested<R>(&mut self, span: Option<Span>, f: impl FnOnce(&mut Evaluator) -> Result<R>) -> Result<R> {
        self.enter_call(span)?;
        let result = self.with_stack(f);
        self.depth -= 1;
        result
    }

    /// Counts a nested call (the caller decrements `depth` after it),
    /// refusing it past the depth limit or when interrupted.
    #[inline]
    fn enter_call(&mut self, span: Option<Span>) -> Result<()> {
        self.depth += 1;
        if self.depth > self.settings.max_call_depth {
            self.depth -= 1;
            return Err(self.too_deep(span));
        }
        if self.interrupt.load(std::sync::atomic::Ordering::Relaxed) {
            self.depth -= 1;
            return Err(self.interrupted(span));
        }
        Ok(())
    }

    /// The error of an interrupt (see [`Evaluator::interrupt`]), which is
    /// consumed.
    #[cold]
    #[inline(never)]
    fn interrupted(&mut self, span: Option<Span>) -> EvalError {
        self.interrupt.store(false, std::sync::atomic::Ordering::Relaxed);
        EvalError::new(ErrorKind::Interrupted, "evaluation interrupted").at(span)
    }

    /// Applies a curried function (`a: b: …`) to several of a call's
    /// arguments at once: each is bound in its frame without building the
    /// closures in between. Returns the result and how many arguments it took.
    #[inline(never)]
    pub(super) fn call_curried(
        &mut self,
        closure: &Closure,
        args: &[Rc<Ir>],
        env: &Env,
        span: Span,
    ) -> Result<(Value, usize)> {
        let mut lambda = &closure.lambda;
        let mut frame = closure.env.clone();
        let mut used = 0;
        loop {
            let arg = self.argument(&args[used], env);
            used += 1;
            match &lambda.body {
                Ir::Lambda(inner) if used < args.len() => {
                    frame = match lambda.param {
                        IrParam::Ident(_) => Env::one(arg, Some(frame)),
                        _ => self.bind_arguments(lambda, &frame, arg, Some(span))?,
                    };
                    lambda = inner;
                }
                _ => return self.call_lambda(lambda, &frame, arg, Some(span)).map(|v| (v, used)),
            }
        }
    }

    /// [`Evaluator::apply_lambda`] as a counted call, with enough stack.
    #[inline]
    fn call_lambda(&mut self, lambda: &Rc<IrLambda>, env: &Env, arg: Value, span: Option<Span>) -> Result<Value> {
        self.enter_call(span)?;
        let result = self.with_stack(|ev| ev.apply_lambda(lambda, env, arg, span));
        self.depth -= 1;
        result
    }

    /// Binds `arg` to a function's parameter and evaluates its body.
    fn apply_lambda(&mut self, lambda: &Rc<IrLambda>, env: &Env, arg: Value, span: Option<Span>) -> Result<Value> {
        let frame = match lambda.param {
            IrParam::Ident(_) => Env::one(arg, Some(env.clone())),
            _ => self.bind_arguments(lambda, env, arg, span)?,
        };
        match self.eval(&lambda.body, &frame) {
            Ok(v) => Ok(v),
            Err(e) => Err(call_context(e, lambda, span)),
        }
    }

    fn call_inner(&mut self, f: &Value, arg: Value, span: Option<Span>) -> Result<Value> {
        match f {
            Value::Lambda(closure) => self.apply_lambda(&closure.lambda, &closure.env, arg, span),
            _ => self.call_other(f, arg, span),
        }
    }

    /// [`Evaluator::call_inner`] for anything but a closure (kept out of
    /// line: closures are the common case, and a smaller frame on every
    /// recursive path is faster).
    #[inline(never)]
    fn call_other(&mut self, f: &Value, arg: Value, span: Option<Span>) -> Result<Value> {
        let forced;
        let f = match f {
            Value::Thunk(t) => {
                forced = self.force_thunk(t)?;
                &forced
            }
            other => other,
        };
        match f {
            Value::Lambda(closure) => self.apply_lambda(&closure.lambda, &closure.env, arg, span),
            Value::PrimOp(op) => self.apply_builtin(op, &[], arg, span),
            Value::PrimOpApp(app) => self.apply_builtin(app.op, &app.args, arg, span),
            Value::Attrs(attrs) => match attrs.get(self.known.functor) {
                Some(functor) => {
                    let functor = functor.clone();
                    let g = self.call(&functor, f.clone(), span)?;
                    self.call(&g, arg, span)
                }
                None => Err(self.not_a_function(f, span)),
            },
            _ => Err(self.not_a_function(f, span)),
        }
    }

    #[cold]
    #[inline(never)]
    fn not_a_function(&mut self, f: &Value, span: Option<Span>) -> EvalError {
        EvalError::type_error(format!(
            "attempt to call something which is not a function but {}: {}",
            f.type_phrase(),
            print::abbreviate(f)
        ))
        .at(span)
        .with_label("this is called as a function")
    }

    /// Gives a builtin that already has the arguments `given` one more:
    /// a partial application while it still lacks some, else the call.
    fn apply_builtin(
        &mut self,
        op: &'static Builtin,
        given: &[Value],
        arg: Value,
        span: Option<Span>,
    ) -> Result<Value> {
        let n = given.len();
        if n + 1 < op.arity {
            let mut args = given.to_vec();
            args.push(arg);
            return Ok(Value::PrimOpApp(Rc::new(PrimOpApp { op, args })));
        }
        let mut args: [Value; builtins::MAX_ARITY] = Default::default();
        for (slot, a) in args.iter_mut().zip(given) {
            *slot = a.clone();
        }
        args[n] = arg;
        self.call_builtin(op, &mut args[..=n], span)
    }

    /// Calls a builtin with all its arguments (`args.len() == op.arity`),
    /// forcing those it declares forced first.
    #[inline(never)]
    fn call_builtin(&mut self, op: &'static Builtin, args: &mut [Value], span: Option<Span>) -> Result<Value> {
        for (i, arg) in args.iter_mut().enumerate() {
            if op.forces & (1 << i) != 0 {
                *arg = self.force(arg)?;
            }
        }
        self.invoke_builtin(op, args, span)
    }

    /// Runs a builtin on arguments already forced where it needs them.
    #[inline]
    fn invoke_builtin(&mut self, op: &'static Builtin, args: &mut [Value], span: Option<Span>) -> Result<Value> {
        (op.func)(self, args, span.unwrap_or_default()).map_err(|e| builtin_error(op, e, span))
    }

    /// A call of a builtin written with all its arguments (`exprs`, as
    /// many as its arity), forced to a value. Arguments the builtin forces
    /// are evaluated on the spot rather than thunked and forced at once,
    /// in argument order as the builtin would force them; `seq`'s result,
    /// its second argument, is evaluated directly too.
    #[inline(never)]
    pub(super) fn call_builtin_exprs(
        &mut self,
        op: &'static Builtin,
        exprs: &[Rc<Ir>],
        env: &Env,
        span: Span,
    ) -> Result<Value> {
        let at = Some(span);
        if self.known.seq.is_some_and(|seq| std::ptr::eq(op, seq)) {
            self.eval(&exprs[0], env)?;
            return self.eval(&exprs[1], env).map_err(|e| builtin_error(op, e, at));
        }
        let mut args: [Value; builtins::MAX_ARITY] = Default::default();
        for (i, (slot, ir)) in args.iter_mut().zip(exprs).enumerate() {
            let v = if op.forces & (1 << i) != 0 {
                self.eval(ir, env)?
            } else {
                self.argument(ir, env)
            };
            // The slot holds `Null`: nothing to drop (and no generic drop call).
            std::mem::forget(std::mem::replace(slot, v));
        }
        let v = self.invoke_builtin(op, &mut args[..exprs.len()], at)?;
        self.force_value(v)
    }

    /// Binds a call's argument to a function's parameters in a new frame.
    #[inline(never)]
    fn bind_arguments(&mut self, lambda: &Rc<IrLambda>, env: &Env, arg: Value, span: Option<Span>) -> Result<Env> {
        let (formals, ellipsis, at) = match &lambda.param {
            IrParam::Ident(_) => return Ok(Env::one(arg, Some(env.clone()))),
            IrParam::Pattern { formals, ellipsis, at } => (formals, *ellipsis, *at),
        };
        let forced = self.force(&arg)?;
        let Value::Attrs(attrs) = &forced else {
            return Err(not_a_set_of_arguments(&forced, span));
        };
        let frame = Env::with_slots(formals.len() + usize::from(at.is_some()), Some(env.clone()));
        let mut used = 0;
        for (i, (name, default)) in formals.iter().enumerate() {
            match attrs.get(*name) {
                Some(v) => {
                    used += 1;
                    frame.set(i, v.clone());
                }
                None => match default {
                    Some(d) => {
                        let v = self.thunk_in_new_frame(d, &frame, i);
                        frame.set(i, v)
                    }
                    None => return Err(missing_argument(lambda, *name, span)),
                },
            }
        }
        if !ellipsis && used < attrs.len() {
            if let Some(err) = unexpected_argument(lambda, formals, attrs, span) {
                return Err(err);
            }
        }
        if at.is_some() {
            frame.set(formals.len(), arg);
        }
        Ok(frame)
    }

    /// The error of a call nested deeper than the limit.
    #[cold]
    #[inline(never)]
    pub(crate) fn too_deep(&self, span: Option<Span>) -> EvalError {
        EvalError::new(
            ErrorKind::StackOverflow,
            format!(
                "stack overflow: more than {} nested function calls",
                self.settings.max_call_depth
            ),
        )
        .at(span)
        .with_help("this is likely infinite recursion; if not, raise the limit with --max-call-depth")
    }
}

/// An error raised in a function's body, with the call in its trace.
#[cold]
#[inline(never)]
fn call_context(e: EvalError, lambda: &IrLambda, span: Option<Span>) -> EvalError {
    match lambda.name {
        Some(name) => e.context(span, format!("while calling `{name}`")),
        None => e.context(span, "while calling an anonymous function"),
    }
}

/// How a function is named in call errors.
fn function_name(lambda: &IrLambda) -> String {
    match lambda.name {
        Some(n) => format!("function `{n}`"),
        None => "function".into(),
    }
}

#[cold]
#[inline(never)]
fn not_a_set_of_arguments(found: &Value, span: Option<Span>) -> EvalError {
    EvalError::type_error(format!(
        "expected a set but found {}: {}",
        found.type_phrase(),
        print::abbreviate(found)
    ))
    .at(span)
    .with_label("this function takes a set of named arguments")
}

#[cold]
#[inline(never)]
fn missing_argument(lambda: &IrLambda, name: Symbol, span: Option<Span>) -> EvalError {
    EvalError::new(
        ErrorKind::Call,
        format!("{} called without required argument `{name}`", function_name(lambda)),
    )
    .at(span)
    .with_label("this call does not pass it")
    .context(Some(lambda.span), "the function is defined here")
}

/// The error for an argument the pattern does not name, if there is one.
#[cold]
#[inline(never)]
fn unexpected_argument(
    lambda: &IrLambda,
    formals: &[(Symbol, Option<Rc<Ir>>)],
    attrs: &Attrs,
    span: Option<Span>,
) -> Option<EvalError> {
    let name = attrs.keys().find(|k| !formals.iter().any(|(f, _)| f == k))?;
    let mut err = EvalError::new(
        ErrorKind::Call,
        format!("{} called with unexpected argument `{name}`", function_name(lambda)),
    )
    .at(span)
    .with_label("this call passes it");
    let expected: Vec<String> = formals.iter().map(|(f, _)| format!("`{f}`")).collect();
    if let Some(best) = crate::resolve::closest_name(name, formals.iter().map(|(f, _)| *f)) {
        err = err.with_help(format!(
            "did you mean `{best}`? The function takes {}",
            expected.join(", ")
        ));
    } else if expected.is_empty() {
        err = err.with_help("the function takes no named arguments; add `...` to its pattern to ignore extra ones");
    } else {
        err = err.with_help(format!("the function takes {}", expected.join(", ")));
    }
    Some(err.context(Some(lambda.span), "the function is defined here"))
}
