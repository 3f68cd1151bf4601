//! Static scope resolution: AST to IR.
//!
//! Every variable becomes a slot in a frame (`Local { depth, index }`), a
//! constant (builtins are values in the outermost scope), or — only when no
//! lexical binding exists and a `with` encloses it — a dynamic lookup in the
//! enclosing `with`s. Names bound nowhere are reported here, before any
//! evaluation, as CppNix does (`if true then 1 else undefinedVar` fails).
//!
//! Frames at run time match the scopes pushed here one for one: `let`,
//! `rec { }`, a function's parameters, `with`, and the anonymous frame of a
//! set's `inherit (e)` sources.

mod paths;
mod suggest;

use crate::error::{ErrorKind, EvalError, Result};
use crate::ir::{FrameLayout, Ir, IrAttrs, IrLambda, IrName, IrParam};
use crate::value::{Positions, Value};
use nixlite_syntax::ast::{self, AttrName, AttrSet, AttrValue, BinOp, Expr, ExprKind, Param, StrPart};
use nixlite_syntax::source::{FileId, Span};
use nixlite_syntax::Symbol;
use std::collections::HashMap;
use std::rc::Rc;

pub use paths::canonicalise;
pub use suggest::closest as closest_name;

/// The names every expression sees: the builtins.
pub type Globals = HashMap<Symbol, Value>;

enum Scope {
    /// A frame of named slots.
    Frame(HashMap<Symbol, u32>),
    /// A `with` frame (one slot: the set).
    With,
}

/// What the resolver needs to know about the file being resolved.
pub struct FileContext<'a> {
    /// The file's id (for `__curPos`).
    pub file: FileId,
    /// The file's name as `__curPos` shows it.
    pub file_name: Value,
    /// The directory relative paths are resolved against.
    pub base_dir: &'a [u8],
    /// The home directory for `~/` paths, if known.
    pub home: Option<&'a [u8]>,
    /// The line/column of a byte offset (for `__curPos`).
    pub line_col: &'a dyn Fn(u32) -> (usize, usize),
}

/// Resolves one file's AST against the globals and, for `scopedImport`,
/// an outermost frame of extra names.
pub struct Resolver<'a> {
    globals: &'a Globals,
    scopes: Vec<Scope>,
    ctx: FileContext<'a>,
    names: Names,
}

struct Names {
    sub: Symbol,
    mul: Symbol,
    div: Symbol,
    less_than: Symbol,
    find_file: Symbol,
    nix_path: Symbol,
    builtins: Symbol,
}

fn names() -> Names {
    Names {
        sub: Symbol::intern("__sub"),
        mul: Symbol::intern("__mul"),
        div: Symbol::intern("__div"),
        less_than: Symbol::intern("__lessThan"),
        find_file: Symbol::intern("__findFile"),
        nix_path: Symbol::intern("__nixPath"),
        builtins: Symbol::intern("builtins"),
    }
}

enum Lookup {
    Local(u32, u32),
    Global(Value),
    With(Box<[u32]>),
    Undefined,
}

impl<'a> Resolver<'a> {
    /// A resolver for one file. `outer` names the slots of an outermost
    /// frame (the `scopedImport` scope), if any.
    pub fn new(globals: &'a Globals, ctx: FileContext<'a>, outer: Option<&[Symbol]>) -> Resolver<'a> {
        let mut scopes = Vec::new();
        if let Some(names) = outer {
            scopes.push(Scope::Frame(
                names.iter().enumerate().map(|(i, n)| (*n, i as u32)).collect(),
            ));
        }
        Resolver {
            globals,
            scopes,
            ctx,
            names: names(),
        }
    }

    /// Resolves an expression.
    pub fn resolve(&mut self, expr: &Expr) -> Result<Ir> {
        stacker::maybe_grow(crate::eval::RED_ZONE, crate::eval::STACK_STEP, || self.expr(expr))
    }

    fn lookup(&self, name: Symbol, skip: usize) -> Lookup {
        let mut withs = Vec::new();
        for (i, scope) in self.scopes.iter().rev().enumerate() {
            let depth = i as u32;
            if i >= skip {
                match scope {
                    Scope::Frame(names) => {
                        if let Some(&index) = names.get(&name) {
                            return Lookup::Local(depth, index);
                        }
                    }
                    Scope::With => withs.push(depth),
                }
            }
        }
        if let Some(v) = self.globals.get(&name) {
            return Lookup::Global(v.clone());
        }
        if withs.is_empty() {
            Lookup::Undefined
        } else {
            Lookup::With(withs.into())
        }
    }

    fn variable(&self, name: Symbol, span: Span, skip: usize) -> Result<Ir> {
        match self.lookup(name, skip) {
            Lookup::Local(depth, index) => Ok(Ir::Local { depth, index, span }),
            Lookup::Global(v) => Ok(Ir::Const(v)),
            Lookup::With(withs) => Ok(Ir::WithVar { name, withs, span }),
            Lookup::Undefined => Err(self.undefined(name, span)),
        }
    }

    fn undefined(&self, name: Symbol, span: Span) -> EvalError {
        let mut err = EvalError::new(ErrorKind::UndefinedVariable, format!("undefined variable `{name}`"))
            .at(Some(span))
            .with_label("not bound here or in any enclosing scope");
        let in_scope = self
            .scopes
            .iter()
            .filter_map(|s| match s {
                Scope::Frame(names) => Some(names.keys().copied()),
                Scope::With => None,
            })
            .flatten()
            .chain(self.globals.keys().copied());
        if let Some(best) = suggest::closest(name, in_scope) {
            err = err.with_help(format!("did you mean `{best}`?"));
        }
        err
    }

    /// A lexically visible operator hook (`__sub` …) that shadows the builtin.
    fn shadowed(&self, name: Symbol, span: Span) -> Option<Ir> {
        match self.lookup(name, 0) {
            Lookup::Local(depth, index) => Some(Ir::Local { depth, index, span }),
            _ => None,
        }
    }

    fn expr(&mut self, e: &Expr) -> Result<Ir> {
        stacker::maybe_grow(crate::eval::RED_ZONE, crate::eval::STACK_STEP, || self.expr_inner(e))
    }

    fn thunk(&mut self, e: &Expr) -> Result<Rc<Ir>> {
        Ok(Rc::new(self.expr(e)?))
    }

    fn expr_inner(&mut self, e: &Expr) -> Result<Ir> {
        let span = e.span;
        Ok(match &e.kind {
            ExprKind::Int(n) => Ir::Const(Value::Int(*n)),
            ExprKind::Float(f) => Ir::Const(Value::Float(*f)),
            ExprKind::Str(s) => Ir::Const(Value::string(&s[..])),
            ExprKind::Interpolated(parts) => Ir::Interpolate(self.parts(parts)?, span),
            ExprKind::Path(lit) => Ir::Const(Value::path(self.path(lit, false)?)),
            ExprKind::InterpolatedPath(lit, parts) => {
                let base = Ir::Const(Value::path(self.path(lit, true)?));
                let mut all = vec![base];
                all.extend(self.parts(parts)?.into_vec());
                Ir::InterpolatePath(all.into(), span)
            }
            ExprKind::SearchPath(p) => {
                let find = self.variable(self.names.find_file, span, 0)?;
                let path = self.variable(self.names.nix_path, span, 0)?;
                let arg = Ir::Const(Value::string(&p[..]));
                Ir::Call(Box::new(find), vec![Rc::new(path), Rc::new(arg)].into(), span)
            }
            ExprKind::Var(name) => self.variable(*name, span, 0)?,
            ExprKind::CurPos => self.cur_pos(span),
            ExprKind::List(items) => Ir::List(items.iter().map(|i| self.thunk(i)).collect::<Result<_>>()?),
            ExprKind::Attrs(set) => Ir::Attrs(Box::new(self.attrs(set, span)?)),
            ExprKind::Let(set, body) => self.let_in(set, body)?,
            ExprKind::With(env, body) => {
                let env = self.thunk(env)?;
                self.scopes.push(Scope::With);
                let body = self.expr(body);
                self.scopes.pop();
                Ir::With(env, Box::new(body?))
            }
            ExprKind::Assert(cond, body) => {
                Ir::Assert(Box::new(self.expr(cond)?), Box::new(self.expr(body)?), cond.span)
            }
            ExprKind::If(c, t, f) => Ir::If(
                Box::new(self.expr(c)?),
                Box::new(self.expr(t)?),
                Box::new(self.expr(f)?),
                c.span,
            ),
            ExprKind::Lambda(lambda) => Ir::Lambda(Rc::new(self.lambda(lambda, span)?)),
            ExprKind::Apply(..) => self.call(e)?,
            ExprKind::Select(target, path, default) => {
                let target = self.expr(target)?;
                let path = self.attr_path(path)?;
                let default = match default {
                    Some(d) => Some(Box::new(self.expr(d)?)),
                    None => None,
                };
                Ir::Select(Box::new(target), path, default, span)
            }
            ExprKind::HasAttr(target, path) => Ir::HasAttr(Box::new(self.expr(target)?), self.attr_path(path)?, span),
            ExprKind::Not(x) => Ir::Not(Box::new(self.expr(x)?), span),
            ExprKind::Negate(x) => {
                let zero = Ir::Const(Value::Int(0));
                let x = self.expr(x)?;
                match self.shadowed(self.names.sub, span) {
                    Some(f) => Ir::Call(Box::new(f), vec![Rc::new(zero), Rc::new(x)].into(), span),
                    None => Ir::Binary(BinOp::Sub, Box::new(zero), Box::new(x), span),
                }
            }
            ExprKind::Binary(op, a, b) => self.binary(*op, a, b, span)?,
        })
    }

    fn binary(&mut self, op: BinOp, a: &Expr, b: &Expr, span: Span) -> Result<Ir> {
        let (a, b) = (self.expr(a)?, self.expr(b)?);
        let n = &self.names;
        let hook = match op {
            BinOp::Sub => Some(n.sub),
            BinOp::Mul => Some(n.mul),
            BinOp::Div => Some(n.div),
            BinOp::Lt | BinOp::Gt | BinOp::Le | BinOp::Ge => Some(n.less_than),
            _ => None,
        };
        let Some(f) = hook.and_then(|h| self.shadowed(h, span)) else {
            return Ok(Ir::Binary(op, Box::new(a), Box::new(b), span));
        };
        // A lexically shadowed `__sub`, `__lessThan`, … is called instead.
        let call = |x: Ir, y: Ir| Ir::Call(Box::new(f), vec![Rc::new(x), Rc::new(y)].into(), span);
        Ok(match op {
            BinOp::Gt => call(b, a),
            BinOp::Le => Ir::Not(Box::new(call(b, a)), span),
            BinOp::Ge => Ir::Not(Box::new(call(a, b)), span),
            _ => call(a, b),
        })
    }

    fn call(&mut self, e: &Expr) -> Result<Ir> {
        let mut args = Vec::new();
        let mut f = e;
        while let ExprKind::Apply(inner, arg) = &f.kind {
            args.push(&**arg);
            f = inner;
        }
        args.reverse();
        let func = match self.builtin_function(f) {
            Some(v) => Ir::Const(v),
            None => self.expr(f)?,
        };
        let mut resolved = Vec::with_capacity(args.len());
        for arg in args {
            match self.thunk(arg) {
                Ok(a) => resolved.push(a),
                Err(err) => return Err(explain_exponent(err, f, arg)),
            }
        }
        Ok(Ir::Call(Box::new(func), resolved.into(), e.span))
    }

    /// `builtins.f` called directly, with `builtins` not shadowed: the
    /// builtin itself (saves a lookup per call; the set never changes).
    fn builtin_function(&self, f: &Expr) -> Option<Value> {
        let ExprKind::Select(target, path, None) = &f.kind else {
            return None;
        };
        let (ExprKind::Var(set), [AttrName::Static(name, _)]) = (&target.kind, path.as_slice()) else {
            return None;
        };
        if *set != self.names.builtins {
            return None;
        }
        let Lookup::Global(Value::Attrs(builtins)) = self.lookup(*set, 0) else {
            return None;
        };
        match builtins.get(*name) {
            Some(v @ Value::PrimOp(_)) => Some(v.clone()),
            _ => None,
        }
    }

    fn parts(&mut self, parts: &[StrPart]) -> Result<Box<[Ir]>> {
        parts
            .iter()
            .map(|p| match p {
                StrPart::Literal(s) => Ok(Ir::Const(Value::string(&s[..]))),
                StrPart::Interp(e) => self.expr(e),
            })
            .collect()
    }

    fn attr_path(&mut self, path: &[AttrName]) -> Result<Box<[IrName]>> {
        path.iter()
            .map(|n| match n {
                AttrName::Static(s, _) => Ok(IrName::Static(*s)),
                AttrName::Dynamic(e) => Ok(IrName::Dynamic(self.expr(e)?)),
            })
            .collect()
    }

    fn path(&self, lit: &ast::PathLit, keep_trailing_slash: bool) -> Result<Vec<u8>> {
        paths::resolve_literal(lit, self.ctx.base_dir, self.ctx.home, keep_trailing_slash)
    }

    /// `__curPos`: a set built where it is evaluated (like CppNix, not a
    /// shared constant, so lazy printing shows it as unevaluated code).
    fn cur_pos(&self, span: Span) -> Ir {
        let (line, column) = (self.ctx.line_col)(span.start);
        let constant = |v: Value| Rc::new(Ir::Const(v));
        let attrs = vec![
            (Symbol::intern("column"), constant(Value::Int(column as i64))),
            (Symbol::intern("file"), constant(self.ctx.file_name.clone())),
            (Symbol::intern("line"), constant(Value::Int(line as i64))),
        ];
        Ir::Attrs(Box::new(IrAttrs {
            frame: FrameLayout::None,
            sources: Box::new([]),
            by_id: IrAttrs::id_order(&attrs),
            attrs: attrs.into(),
            dynamic: Box::new([]),
            positions: None,
            span,
        }))
    }

    fn lambda(&mut self, lambda: &ast::Lambda, span: Span) -> Result<IrLambda> {
        let (names, param): (Vec<Symbol>, _) = match &lambda.param {
            Param::Ident(name, _) => (vec![*name], None),
            Param::Pattern(p) => {
                let mut names: Vec<Symbol> = p.formals.iter().map(|f| f.name).collect();
                names.extend(p.at.map(|(n, _)| n));
                (names, Some(p))
            }
        };
        self.scopes.push(Scope::Frame(
            names.iter().enumerate().map(|(i, n)| (*n, i as u32)).collect(),
        ));
        let result = (|| {
            let param = match param {
                None => IrParam::Ident(names[0]),
                Some(p) => IrParam::Pattern {
                    formals: p
                        .formals
                        .iter()
                        .map(|f| Ok((f.name, f.default.as_ref().map(|d| self.thunk(d)).transpose()?)))
                        .collect::<Result<_>>()?,
                    ellipsis: p.ellipsis,
                    at: p.at.map(|(n, _)| n),
                },
            };
            let body = self.expr(&lambda.body)?;
            Ok(IrLambda {
                param,
                body,
                name: lambda.name,
                span,
            })
        })();
        self.scopes.pop();
        result
    }

    /// Resolves the bindings of a set or `let`. For recursive ones the
    /// caller has pushed the frame of attribute names.
    fn bindings(&mut self, set: &AttrSet, layout: FrameLayout, span: Span) -> Result<IrAttrs> {
        let recursive = matches!(layout, FrameLayout::Recursive { .. });
        let n = set.attrs.len() as u32;
        let source_slot = |i: usize| if recursive { n + i as u32 } else { i as u32 };
        let mut attrs = Vec::with_capacity(set.attrs.len());
        for def in &set.attrs {
            let value = match &def.value {
                AttrValue::Expr(e) => self.expr(e)?,
                // `inherit x` reads `x` around the set (skipping its own frame).
                AttrValue::Inherit => self.variable(def.name, def.span, usize::from(layout != FrameLayout::None))?,
                AttrValue::InheritFrom(i) => {
                    let source = Ir::Local {
                        depth: 0,
                        index: source_slot(*i),
                        span: def.span,
                    };
                    Ir::Select(Box::new(source), vec![IrName::Static(def.name)].into(), None, def.span)
                }
            };
            attrs.push((def.name, Rc::new(value)));
        }
        let mut dynamic = Vec::with_capacity(set.dynamic.len());
        for d in &set.dynamic {
            dynamic.push((self.expr(&d.name)?, self.thunk(&d.value)?, d.span));
        }
        let positions = (!set.attrs.is_empty()).then(|| {
            Rc::new(Positions::table(
                set.attrs
                    .iter()
                    .map(|d| {
                        (
                            d.name,
                            Span {
                                start: d.pos,
                                end: d.pos,
                                ..d.span
                            },
                        )
                    })
                    .collect(),
            ))
        });
        Ok(IrAttrs {
            frame: layout,
            sources: Box::new([]),
            by_id: IrAttrs::id_order(&attrs),
            attrs: attrs.into(),
            dynamic: dynamic.into(),
            positions,
            span,
        })
    }

    fn rec_frame(set: &AttrSet) -> HashMap<Symbol, u32> {
        set.attrs.iter().enumerate().map(|(i, d)| (d.name, i as u32)).collect()
    }

    fn attrs(&mut self, set: &AttrSet, span: Span) -> Result<IrAttrs> {
        if set.recursive {
            let overrides = Symbol::intern("__overrides");
            let layout = FrameLayout::Recursive {
                overrides: set.attrs.iter().position(|d| d.name == overrides).map(|i| i as u32),
            };
            self.scopes.push(Scope::Frame(Self::rec_frame(set)));
            let result = self.with_sources(set, layout, span);
            self.scopes.pop();
            return result;
        }
        if set.inherit_sources.is_empty() {
            return self.bindings(set, FrameLayout::None, span);
        }
        // Sources are resolved outside; the values see them in an anonymous frame.
        let sources = set
            .inherit_sources
            .iter()
            .map(|s| self.thunk(s))
            .collect::<Result<Box<[_]>>>()?;
        self.scopes.push(Scope::Frame(HashMap::new()));
        let result = self.bindings(set, FrameLayout::Sources, span);
        self.scopes.pop();
        let mut ir = result?;
        ir.sources = sources;
        Ok(ir)
    }

    /// Bindings and sources of a recursive set, inside its frame.
    fn with_sources(&mut self, set: &AttrSet, layout: FrameLayout, span: Span) -> Result<IrAttrs> {
        let sources = set
            .inherit_sources
            .iter()
            .map(|s| self.thunk(s))
            .collect::<Result<Box<[_]>>>()?;
        let mut ir = self.bindings(set, layout, span)?;
        ir.sources = sources;
        Ok(ir)
    }

    fn let_in(&mut self, set: &AttrSet, body: &Expr) -> Result<Ir> {
        self.scopes.push(Scope::Frame(Self::rec_frame(set)));
        let result = (|| {
            let ir = self.with_sources(set, FrameLayout::Recursive { overrides: None }, body.span)?;
            let body = self.expr(body)?;
            let mut slots: Vec<Rc<Ir>> = ir.attrs.iter().map(|(_, v)| v.clone()).collect();
            slots.extend(ir.sources.iter().cloned());
            Ok(Ir::Let(slots.into(), Box::new(body)))
        })();
        self.scopes.pop();
        result
    }
}

/// `1e3` lexes as `1` applied to `e3`; say so when `e3` is undefined.
fn explain_exponent(err: EvalError, f: &Expr, arg: &Expr) -> EvalError {
    let (ExprKind::Int(n), ExprKind::Var(name)) = (&f.kind, &arg.kind) else {
        return err;
    };
    let text = name.to_str_lossy();
    let looks_like_exponent =
        text.len() > 1 && text.starts_with(['e', 'E']) && text[1..].bytes().all(|b| b.is_ascii_digit());
    if err.kind() == ErrorKind::UndefinedVariable && looks_like_exponent && f.span.end == arg.span.start {
        return err.with_help(format!(
            "`{n}{text}` is the integer {n} applied to the variable `{text}`: a Nix float needs a dot, as in `{n}.0{text}`"
        ));
    }
    err
}
