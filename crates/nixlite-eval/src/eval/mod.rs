//! The lazy evaluator.
//!
//! [`Evaluator::eval`] turns IR in a frame into a value in weak head normal
//! form; everything below the top is left as thunks until forced.
//! Recursion depth is bounded by a call counter, and the native stack grows
//! on the heap (stacker) as deep evaluations need it, so deep programs are
//! either evaluated or stopped with a clean error — never a crash.

mod attrs;
mod call;
mod coerce;
mod eager;
mod files;
mod ops;

pub use coerce::CoerceMode;
pub use files::{io_reason, os_path, FileSystem, FileType, RealFileSystem};

use crate::builtins::{self, Builtin};
use crate::error::{ErrorKind, EvalError, Result};
use crate::ir::Ir;
use crate::print;
use crate::resolve::Globals;
use crate::thunk::{Env, Suspended, Thunk, ThunkState};
use crate::value::{Attrs, Closure, List, NixString, Positions, StringBuilder, Value};
use nixlite_syntax::ast::BinOp;
use nixlite_syntax::source::{SourceMap, Span};
use nixlite_syntax::Symbol;
use std::collections::HashMap;
use std::rc::Rc;

/// Stack left before stacker grows a new segment, and the segment size.
pub(crate) const RED_ZONE: usize = 256 * 1024;
pub(crate) const STACK_STEP: usize = 8 * 1024 * 1024;

/// The address of the top of the native stack, roughly.
#[inline(always)]
fn stack_pointer() -> usize {
    let probe = 0u8;
    std::hint::black_box(std::ptr::addr_of!(probe)) as usize
}

/// The lowest stack address this thread's current stack segment may use
/// before a new segment is needed (stacks grow downwards).
fn stack_limit_here() -> usize {
    // Unknown (an unusual thread): assume a modest stack, and grow early.
    let remaining = stacker::remaining_stack().unwrap_or(512 * 1024);
    stack_pointer().saturating_sub(remaining).saturating_add(RED_ZONE)
}

/// Settings of one evaluator.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Search path entries (`-I`, `NIX_PATH`): `(prefix, path)`, prefix may be empty.
    pub nix_path: Vec<(String, String)>,
    /// Pure mode: no environment, no current time, no paths outside the allowed roots.
    pub pure: bool,
    /// The store directory.
    pub store_dir: String,
    /// The value of `builtins.currentSystem`.
    pub system: String,
    /// Nested calls allowed before evaluation stops with an error.
    pub max_call_depth: usize,
    /// The home directory for `~/` paths.
    pub home: Option<String>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            nix_path: Vec::new(),
            pure: false,
            store_dir: "/nix/store".into(),
            system: default_system(),
            max_call_depth: 100_000,
            home: std::env::var("HOME").ok(),
        }
    }
}

fn default_system() -> String {
    let arch = match std::env::consts::ARCH {
        "x86" => "i686",
        other => other,
    };
    format!("{arch}-{}", std::env::consts::OS)
}

/// Symbols the evaluator looks up often.
pub(crate) struct Known {
    pub to_string: Symbol,
    pub out_path: Symbol,
    pub functor: Symbol,
    pub type_: Symbol,
    /// `builtins.seq`, whose calls are evaluated without thunks.
    pub seq: Option<&'static Builtin>,
}

impl Known {
    fn new() -> Known {
        Known {
            to_string: Symbol::intern("__toString"),
            out_path: Symbol::intern("outPath"),
            functor: Symbol::intern("__functor"),
            type_: Symbol::intern("type"),
            seq: builtins::lookup("seq"),
        }
    }
}

/// Evaluates resolved expressions; owns the source files, the builtins and
/// the import cache of one evaluation session.
pub struct Evaluator {
    /// Every source text read so far.
    pub sources: SourceMap,
    /// The names in the outermost scope.
    pub globals: Rc<Globals>,
    /// The settings.
    pub settings: Settings,
    /// File-system access.
    pub fs: Box<dyn FileSystem>,
    pub(crate) known: Known,
    pub(crate) import_cache: HashMap<Vec<u8>, Value>,
    pub(crate) store_cache: HashMap<Vec<u8>, Rc<NixString>>,
    /// Attribute names as string values (see [`Evaluator::name_string`]).
    name_strings: nixlite_syntax::FxHashMap<Symbol, Rc<NixString>>,
    /// Sets and lists being written as JSON (to refuse cycles).
    pub(crate) json_in_progress: std::collections::HashSet<*const ()>,
    depth: usize,
    /// See [`stack_limit_here`]; compared against on every recursive step,
    /// which is much cheaper than asking stacker each time.
    stack_limit: usize,
    /// Where `trace` and warnings go.
    pub trace_sink: Box<dyn FnMut(&str)>,
    /// Set from another thread (a Ctrl-C handler) to stop the running
    /// evaluation with an "interrupted" error at the next function call.
    pub interrupt: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

#[cold]
#[inline(never)]
fn infinite_recursion(span: Option<Span>) -> EvalError {
    EvalError::new(ErrorKind::InfiniteRecursion, "infinite recursion encountered")
        .at(span)
        .with_label("this value depends on itself")
        .with_help("a value is needed to compute itself; check `rec` sets, `let` bindings and fixed points for a cycle")
}

#[cold]
#[inline(never)]
fn assertion_failed(span: Span) -> EvalError {
    EvalError::new(ErrorKind::Assertion, "assertion failed")
        .at(Some(span))
        .with_label("this condition is false")
}

impl Evaluator {
    /// An evaluator with these settings and file-system access.
    pub fn new(settings: Settings, fs: Box<dyn FileSystem>) -> Evaluator {
        let mut ev = Evaluator {
            sources: SourceMap::new(),
            globals: Rc::new(Globals::new()),
            settings,
            fs,
            known: Known::new(),
            import_cache: HashMap::new(),
            store_cache: HashMap::new(),
            name_strings: Default::default(),
            json_in_progress: Default::default(),
            depth: 0,
            stack_limit: stack_limit_here(),
            trace_sink: Box::new(|line| eprintln!("{line}")),
            interrupt: Default::default(),
        };
        ev.globals = Rc::new(builtins::globals(&mut ev));
        crate::corepkgs::install(&mut ev);
        ev
    }

    /// Runs `f` with enough native stack, growing it on the heap when low.
    #[inline]
    pub(crate) fn with_stack<R>(&mut self, f: impl FnOnce(&mut Evaluator) -> R) -> R {
        if stack_pointer() > self.stack_limit {
            f(self)
        } else {
            self.grow_stack(f)
        }
    }

    #[cold]
    #[inline(never)]
    fn grow_stack<R>(&mut self, f: impl FnOnce(&mut Evaluator) -> R) -> R {
        let saved = self.stack_limit;
        let result = stacker::grow(STACK_STEP, || {
            // We are near the top of a fresh segment of known size.
            self.stack_limit = stack_pointer().saturating_sub(STACK_STEP).saturating_add(2 * RED_ZONE);
            f(self)
        });
        self.stack_limit = saved;
        result
    }

    /// Evaluates `ir` in `env` to weak head normal form.
    pub fn eval(&mut self, ir: &Ir, env: &Env) -> Result<Value> {
        match ir {
            Ir::Const(v) => Ok(v.clone()),
            Ir::Local { depth, index, span } => {
                let frame = env.ancestor(*depth);
                match frame.get(*index as usize) {
                    Value::Thunk(t) => self.force_slot(frame, *index, t, *span),
                    v => Ok(v),
                }
            }
            _ => self.with_stack(|ev| ev.eval_inner(ir, env)),
        }
    }

    /// Forces the thunk `t` read from slot `index` of `frame`; the slot
    /// keeps the value itself from then on, so later reads skip the thunk,
    /// which may be freed now. (Out of line: `eval` is on every recursive
    /// path, and its stack frame is kept small.)
    #[inline(never)]
    fn force_slot(&mut self, frame: &Env, index: u32, t: Rc<Thunk>, span: Span) -> Result<Value> {
        let v = self.force_thunk(&t).map_err(|e| e.at(Some(span)))?;
        frame.set(index as usize, v.clone());
        Ok(v)
    }

    /// [`Evaluator::eval`] of anything but a constant or a variable.
    ///
    /// Expressions in tail position (the branches of `if`, the bodies of
    /// `assert`, `let` and `with`) are evaluated by looping rather than
    /// recursing: a recursive function nests one native frame fewer per
    /// level, and deep recursion is bound by how much stack it touches.
    fn eval_inner(&mut self, mut ir: &Ir, outer: &Env) -> Result<Value> {
        // The frame of the `let` or `with` whose body is being evaluated.
        let mut scope: Option<Env> = None;
        let mut env = outer;
        loop {
            ir = match ir {
                Ir::Const(v) => return Ok(v.clone()),
                Ir::Local { depth, index, .. } => {
                    let v = env.ancestor(*depth).get(*index as usize);
                    return self.force(&v);
                }
                Ir::WithVar { name, withs, span } => return self.with_lookup(*name, withs, env, *span),
                Ir::Interpolate(parts, span) => return self.interpolate(parts, env, *span),
                Ir::InterpolatePath(parts, span) => return self.interpolate_path(parts, env, *span),
                Ir::List(items) => return Ok(Value::list(items.iter().map(|i| self.thunk(i, env)).collect())),
                Ir::Attrs(attrs) => return self.build_attrs(attrs, env),
                Ir::Let(slots, body) => {
                    let frame = self.let_frame(slots, env);
                    env = scope.insert(frame);
                    body
                }
                Ir::With(set, body) => {
                    let frame = Env::one(self.thunk(set, env), Some(env.clone()));
                    env = scope.insert(frame);
                    body
                }
                Ir::Assert(cond, body, span) => {
                    let c = self.eval(cond, env)?;
                    if !self.condition(&c, *span, "the condition of an assertion")? {
                        return Err(assertion_failed(*span));
                    }
                    body
                }
                Ir::If(cond, then, otherwise, span) => {
                    let c = self.eval(cond, env)?;
                    if self.condition(&c, *span, "the condition of an `if`")? {
                        then
                    } else {
                        otherwise
                    }
                }
                Ir::Lambda(lambda) => {
                    return Ok(Value::Lambda(Rc::new(Closure {
                        lambda: lambda.clone(),
                        env: env.clone(),
                    })))
                }
                Ir::Call(func, args, span) => return self.eval_call(func, args, env, *span),
                Ir::Select(target, path, default, span) => {
                    return self.select(target, path, default.as_deref(), env, *span)
                }
                Ir::HasAttr(target, path, span) => return self.has_attr(target, path, env, *span),
                Ir::Not(x, span) => {
                    let v = self.eval(x, env)?;
                    return Ok(Value::Bool(!self.condition(&v, *span, "the operand of `!`")?));
                }
                Ir::Binary(op, a, b, span) => return self.binary(*op, a, b, env, *span),
            };
            // A variable in tail position is read as `eval` reads it (the
            // slot keeps a forced thunk's value).
            if let Ir::Const(_) | Ir::Local { .. } = ir {
                return self.eval(ir, env);
            }
        }
    }

    /// A call `func args…` (see [`Evaluator::eval_inner`]).
    #[inline(always)]
    fn eval_call(&mut self, func: &Ir, args: &[Rc<Ir>], env: &Env, span: Span) -> Result<Value> {
        let mut f = self.eval(func, env)?;
        let mut rest = args;
        while let Some((first, tail)) = rest.split_first() {
            // A builtin given all its arguments is called directly,
            // without building partial applications.
            match &f {
                Value::PrimOp(op) if op.arity > 0 && rest.len() >= op.arity => {
                    let (now, later) = rest.split_at(op.arity);
                    f = self.call_builtin_exprs(op, now, env, span)?;
                    rest = later;
                    continue;
                }
                Value::Lambda(closure) if !tail.is_empty() && matches!(closure.lambda.body, Ir::Lambda(_)) => {
                    let (v, used) = self.call_curried(closure, rest, env, span)?;
                    f = v;
                    rest = &rest[used..];
                    continue;
                }
                _ => {}
            }
            let arg = self.argument(first, env);
            f = self.call(&f, arg, Some(span))?;
            rest = tail;
        }
        Ok(f)
    }

    #[inline(never)]
    fn let_frame(&mut self, slots: &[Rc<Ir>], env: &Env) -> Env {
        let frame = Env::with_slots(slots.len(), Some(env.clone()));
        for (i, slot) in slots.iter().enumerate() {
            let v = self.thunk_in_new_frame(slot, &frame, i);
            frame.set(i, v);
        }
        frame
    }

    /// A Boolean condition (the error path is out of line: this sits on
    /// the hot path of every `if`).
    #[inline]
    fn condition(&self, v: &Value, span: Span, what: &str) -> Result<bool> {
        match v {
            Value::Bool(b) => Ok(*b),
            other => Err(self.type_mismatch("a Boolean", other, Some(span), what)),
        }
    }

    /// A value for `ir` in `env` without evaluating it: constants and
    /// variables directly (sharing the variable's thunk), anything else as
    /// a new thunk.
    pub(crate) fn thunk(&mut self, ir: &Rc<Ir>, env: &Env) -> Value {
        match &**ir {
            Ir::Const(v) => v.clone(),
            Ir::Local { depth, index, .. } => env.ancestor(*depth).get(*index as usize),
            _ => Thunk::expr(ir.clone(), env.clone()),
        }
    }

    /// Like [`Evaluator::thunk`] for a frame being filled in slot order:
    /// slots from `filled` on are not set yet, so references to them stay
    /// thunks (earlier ones are shared, as CppNix shares them).
    pub(crate) fn thunk_in_new_frame(&mut self, ir: &Rc<Ir>, frame: &Env, filled: usize) -> Value {
        match &**ir {
            Ir::Local { depth: 0, index, .. } if *index as usize >= filled => Thunk::expr(ir.clone(), frame.clone()),
            _ => self.thunk(ir, frame),
        }
    }

    /// Forces an owned value to weak head normal form (no clone when it
    /// is already a value).
    #[inline]
    pub fn force_value(&mut self, v: Value) -> Result<Value> {
        match v {
            Value::Thunk(t) => match Rc::try_unwrap(t) {
                Ok(thunk) => self.force_unshared(thunk),
                Err(t) => self.force_thunk(&t),
            },
            other => Ok(other),
        }
    }

    /// Forces a thunk nothing else holds (a `map` or `genList` element
    /// consumed by a builtin): nothing can observe it or reach it from
    /// its own computation, so it is taken apart and its computation run
    /// directly, without blackholing it, storing the value in it, or
    /// cloning the value out of it.
    #[inline(never)]
    fn force_unshared(&mut self, thunk: Thunk) -> Result<Value> {
        match thunk.into_state() {
            ThunkState::Done(v) => Ok(v),
            ThunkState::Suspended(Suspended::Expr(ir, env)) => self.eval(&ir, &env),
            ThunkState::Suspended(Suspended::Apply(f, x)) => self.call(&f, x, None),
            ThunkState::Suspended(Suspended::Apply2(args)) => {
                let (f, x, y) = *args;
                self.call2(&f, x, y, None)
            }
            // A placeholder still being filled in.
            ThunkState::Blackhole(span) => Err(infinite_recursion(span)),
        }
    }

    /// The name `k` as a string value (`attrNames`, `mapAttrs`), made once
    /// per name: strings have no identity in the language, so one value
    /// can serve every set with that name.
    pub(crate) fn name_string(&mut self, k: Symbol) -> Value {
        let s = self
            .name_strings
            .entry(k)
            .or_insert_with(|| Rc::new(NixString::of_symbol(k)));
        Value::String(s.clone())
    }

    /// Forces a value to weak head normal form.
    pub fn force(&mut self, v: &Value) -> Result<Value> {
        match v {
            Value::Thunk(t) => self.force_thunk(t),
            other => Ok(other.clone()),
        }
    }

    fn force_thunk(&mut self, t: &Rc<Thunk>) -> Result<Value> {
        let suspended = match t.begin() {
            Ok(s) => s,
            Err(Ok(v)) => return Ok(v),
            // No span is recorded when blackholing: this is the hottest
            // path. The variable that re-enters the thunk supplies it (see `eval`).
            Err(Err(span)) => return Err(infinite_recursion(span)),
        };
        let result = match &suspended {
            Suspended::Expr(ir, env) => self.eval(ir, env),
            Suspended::Apply(f, x) => self.call(f, x.clone(), None),
            Suspended::Apply2(args) => {
                let (f, x, y) = &**args;
                self.call2(f, x.clone(), y.clone(), None)
            }
        };
        match result {
            Ok(v) => {
                t.set_value(v.clone());
                drop(suspended);
                Ok(v)
            }
            Err(e) => {
                t.restore(suspended);
                Err(e)
            }
        }
    }

    /// Forces a value and everything inside it.
    pub fn force_deep(&mut self, v: &Value) -> Result<Value> {
        let v = self.force(v)?;
        self.with_stack(|ev| ev.force_deep_inner(&v))?;
        Ok(v)
    }

    fn force_deep_inner(&mut self, v: &Value) -> Result<()> {
        // Sets and lists already fully forced are skipped, so shared and
        // cyclic structures are walked once.
        let mut seen: std::collections::HashSet<*const ()> = std::collections::HashSet::new();
        let mut stack = vec![v.clone()];
        while let Some(v) = stack.pop() {
            let v = self.force(&v)?;
            match &v {
                Value::Attrs(a) if seen.insert(Rc::as_ptr(a) as *const ()) => {
                    for (name, x) in a.iter_unordered() {
                        let x = self
                            .force(x)
                            .map_err(|e| e.context(None, format!("while evaluating the attribute `{name}`")))?;
                        stack.push(x);
                    }
                }
                Value::List(l) if seen.insert(Rc::as_ptr(l) as *const ()) => {
                    stack.extend(l.items().iter().rev().cloned());
                }
                _ => {}
            }
        }
        Ok(())
    }

    #[inline(never)]
    fn with_lookup(&mut self, name: Symbol, withs: &[u32], env: &Env, span: Span) -> Result<Value> {
        for &depth in withs {
            let set = env.ancestor(depth).get(0);
            let set = self.force(&set)?;
            let Value::Attrs(attrs) = &set else {
                return Err(EvalError::type_error(format!(
                    "expected a set but found {} in `with`: {}",
                    set.type_phrase(),
                    print::abbreviate(&set)
                ))
                .at(Some(span)));
            };
            if let Some(v) = attrs.get(name) {
                let v = v.clone();
                return self.force(&v);
            }
        }
        Err(
            EvalError::new(ErrorKind::UndefinedVariable, format!("undefined variable `{name}`"))
                .at(Some(span))
                .with_label("not bound lexically nor by any enclosing `with`"),
        )
    }

    #[inline(never)]
    fn interpolate(&mut self, parts: &[Ir], env: &Env, span: Span) -> Result<Value> {
        // Every part is coerced first, so that the result is allocated
        // once at its exact size; literal parts are borrowed from the code.
        enum Piece<'a> {
            Literal(&'a NixString),
            Computed(Rc<NixString>),
        }
        let mut pieces: smallvec::SmallVec<[Piece; 4]> = smallvec::SmallVec::with_capacity(parts.len());
        for part in parts {
            pieces.push(match part {
                Ir::Const(Value::String(s)) => Piece::Literal(s),
                _ => {
                    let v = self.eval(part, env)?;
                    Piece::Computed(self.coerce_value(
                        v,
                        CoerceMode::Interpolation,
                        Some(part.span().unwrap_or(span)),
                    )?)
                }
            });
        }
        impl std::ops::Deref for Piece<'_> {
            type Target = NixString;
            fn deref(&self) -> &NixString {
                match self {
                    Piece::Literal(s) => s,
                    Piece::Computed(s) => s,
                }
            }
        }
        let len = pieces.iter().map(|p| p.len()).fold(0usize, usize::saturating_add);
        if crate::limits::string_too_long_for_memory(len) {
            return Err(crate::limits::string_too_long(len, Some(span)));
        }
        let mut out = StringBuilder::with_capacity(len);
        for p in &pieces {
            out.push_str(p);
        }
        Ok(Value::String(Rc::new(out.finish())))
    }

    #[inline(never)]
    fn interpolate_path(&mut self, parts: &[Ir], env: &Env, span: Span) -> Result<Value> {
        let mut out = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            let v = self.eval(part, env)?;
            if i == 0 {
                if let Value::Path(p) = &v {
                    out.extend_from_slice(&p.0);
                    continue;
                }
            }
            let s = self.coerce_to_string(&v, CoerceMode::PathAppend, Some(part.span().unwrap_or(span)))?;
            out.extend_from_slice(s.as_bytes());
        }
        Ok(Value::path(crate::resolve::canonicalise(&out)))
    }

    fn binary(&mut self, op: BinOp, a: &Ir, b: &Ir, env: &Env, span: Span) -> Result<Value> {
        let lhs = self.eval(a, env)?;
        match op {
            BinOp::And | BinOp::Or | BinOp::Impl => {
                let l = match lhs {
                    Value::Bool(l) => l,
                    _ => return Err(self.logic_operand_error(op, &lhs, a.span().or(Some(span)), "left")),
                };
                let short = match op {
                    BinOp::And => (!l).then_some(false),
                    BinOp::Or => l.then_some(true),
                    _ => (!l).then_some(true),
                };
                if let Some(result) = short {
                    return Ok(Value::Bool(result));
                }
                let rhs = self.eval(b, env)?;
                match rhs {
                    Value::Bool(r) => Ok(Value::Bool(r)),
                    _ => Err(self.logic_operand_error(op, &rhs, b.span().or(Some(span)), "right")),
                }
            }
            _ => {
                let rhs = self.eval(b, env)?;
                if let (Value::Int(x), Value::Int(y)) = (&lhs, &rhs) {
                    let (x, y) = (*x, *y);
                    let fast = ops::int_operation(op, x, y);
                    if let Some(v) = fast {
                        // Integers own nothing: skip the generic drop calls.
                        std::mem::forget(lhs);
                        std::mem::forget(rhs);
                        return Ok(v);
                    }
                }
                self.binary_values(op, &lhs, &rhs, span)
            }
        }
    }

    /// The error for a `&&`, `||` or `->` operand (`side`) that is not a Boolean.
    #[cold]
    #[inline(never)]
    fn logic_operand_error(&self, op: BinOp, v: &Value, span: Option<Span>, side: &str) -> EvalError {
        let what = format!("the {side} operand of `{}`", op.symbol());
        self.type_mismatch("a Boolean", v, span, &what)
    }

    /// Applies a (non-short-circuit) binary operator to two forced values.
    #[inline(never)]
    pub fn binary_values(&mut self, op: BinOp, lhs: &Value, rhs: &Value, span: Span) -> Result<Value> {
        let span = Some(span);
        Ok(match op {
            BinOp::Eq => Value::Bool(self.equal(lhs, rhs, false).map_err(|e| e.at(span))?),
            BinOp::NotEq => Value::Bool(!self.equal(lhs, rhs, false).map_err(|e| e.at(span))?),
            BinOp::Lt => Value::Bool(self.less_than(lhs, rhs, span)?),
            BinOp::Gt => Value::Bool(self.less_than(rhs, lhs, span)?),
            BinOp::Le => Value::Bool(!self.less_than(rhs, lhs, span)?),
            BinOp::Ge => Value::Bool(!self.less_than(lhs, rhs, span)?),
            BinOp::Add => self.add(lhs, rhs, span)?,
            BinOp::Sub | BinOp::Mul | BinOp::Div => self.arithmetic(op, lhs, rhs, span)?,
            BinOp::Update => {
                let l = self.expect_attrs(lhs, span, "the left operand of `//`")?;
                let r = self.expect_attrs(rhs, span, "the right operand of `//`")?;
                if r.is_empty() {
                    Value::Attrs(l)
                } else if l.is_empty() {
                    Value::Attrs(r)
                } else {
                    let positions = Positions::update(l.positions(), &r);
                    Value::attrs(l.update(&r).with_positions(positions))
                }
            }
            BinOp::Concat => {
                let l = self.expect_list(lhs, span, "the left operand of `++`")?;
                let r = self.expect_list(rhs, span, "the right operand of `++`")?;
                Value::List(List::concat(&l, &r))
            }
            // Both operands are already evaluated here (the evaluator itself
            // short-circuits in `binary`).
            BinOp::And | BinOp::Or | BinOp::Impl => {
                let what = format!("an operand of `{}`", op.symbol());
                let (l, r) = (self.expect_bool(lhs, span, &what)?, self.expect_bool(rhs, span, &what)?);
                Value::Bool(match op {
                    BinOp::And => l && r,
                    BinOp::Or => l || r,
                    _ => !l || r,
                })
            }
        })
    }

    /// The current depth of nested calls.
    pub fn call_depth(&self) -> usize {
        self.depth
    }

    /// Writes a line to the trace sink (`trace`, warnings).
    pub fn emit_trace(&mut self, line: &str) {
        (self.trace_sink)(line)
    }

    /// A type error for `what`, which should have been `expected`.
    #[cold]
    #[inline(never)]
    pub fn type_mismatch(&self, expected: &str, found: &Value, span: Option<Span>, what: &str) -> EvalError {
        EvalError::type_error(format!(
            "expected {expected} but found {}: {}",
            found.type_phrase(),
            print::abbreviate(found)
        ))
        .at(span)
        .with_label(format!("{what} must be {expected}"))
    }

    /// `v` (forced) as a Boolean.
    pub fn expect_bool(&self, v: &Value, span: Option<Span>, what: &str) -> Result<bool> {
        match v {
            Value::Bool(b) => Ok(*b),
            other => Err(self.type_mismatch("a Boolean", other, span, what)),
        }
    }

    /// `v` (forced) as an integer.
    pub fn expect_int(&self, v: &Value, span: Option<Span>, what: &str) -> Result<i64> {
        match v {
            Value::Int(n) => Ok(*n),
            other => Err(self.type_mismatch("an integer", other, span, what)),
        }
    }

    /// `v` (forced) as a set.
    pub fn expect_attrs(&self, v: &Value, span: Option<Span>, what: &str) -> Result<Rc<Attrs>> {
        match v {
            Value::Attrs(a) => Ok(a.clone()),
            other => Err(self.type_mismatch("a set", other, span, what)),
        }
    }

    /// `v` (forced) as a list.
    pub fn expect_list(&self, v: &Value, span: Option<Span>, what: &str) -> Result<Rc<List>> {
        match v {
            Value::List(l) => Ok(l.clone()),
            other => Err(self.type_mismatch("a list", other, span, what)),
        }
    }

    /// `v` (forced) as a string (no coercion).
    pub fn expect_string(&self, v: &Value, span: Option<Span>, what: &str) -> Result<Rc<NixString>> {
        match v {
            Value::String(s) => Ok(s.clone()),
            other => Err(self.type_mismatch("a string", other, span, what)),
        }
    }

    /// `v` (forced) as a function.
    pub fn expect_function(&self, v: &Value, span: Option<Span>, what: &str) -> Result<()> {
        if v.is_function() {
            Ok(())
        } else {
            Err(self.type_mismatch("a function", v, span, what))
        }
    }

    /// Forces `v` and requires an integer.
    pub fn force_int(&mut self, v: &Value, span: Option<Span>, what: &str) -> Result<i64> {
        let v = self.force(v)?;
        self.expect_int(&v, span, what)
    }

    /// Forces `v` and requires a Boolean.
    pub fn force_bool(&mut self, v: &Value, span: Option<Span>, what: &str) -> Result<bool> {
        let v = self.force(v)?;
        self.expect_bool(&v, span, what)
    }

    /// Forces `v` and requires a set.
    pub fn force_attrs(&mut self, v: &Value, span: Option<Span>, what: &str) -> Result<Rc<Attrs>> {
        let v = self.force(v)?;
        self.expect_attrs(&v, span, what)
    }

    /// Forces `v` and requires a list.
    pub fn force_list(&mut self, v: &Value, span: Option<Span>, what: &str) -> Result<Rc<List>> {
        let v = self.force(v)?;
        self.expect_list(&v, span, what)
    }

    /// [`Evaluator::force_list`] of a value the caller owns (typically
    /// moved out of a builtin's arguments), so that a list held nowhere
    /// else can be consumed in place (see [`List::into_elements`]).
    pub fn force_list_owned(&mut self, v: Value, span: Option<Span>, what: &str) -> Result<Rc<List>> {
        match self.force_value(v)? {
            Value::List(l) => Ok(l),
            other => Err(self.type_mismatch("a list", &other, span, what)),
        }
    }

    /// Forces `v` and requires a string.
    pub fn force_string(&mut self, v: &Value, span: Option<Span>, what: &str) -> Result<Rc<NixString>> {
        let v = self.force(v)?;
        self.expect_string(&v, span, what)
    }
}
