//! The resolved intermediate representation the evaluator runs.
//!
//! Produced from the AST by [`crate::resolve`]: every variable is a slot
//! (`Local`: frames up, index), a dynamic `with` lookup, or a constant
//! (builtins and literals are stored as values). Sub-expressions that are
//! evaluated lazily sit behind `Rc` so a thunk can hold them cheaply.

use crate::value::{Positions, Value};
use nixlite_syntax::ast::BinOp;
use nixlite_syntax::source::Span;
use nixlite_syntax::Symbol;
use std::rc::Rc;

/// A resolved expression.
#[derive(Debug)]
pub enum Ir {
    /// A literal or a builtin: already a value.
    Const(Value),
    /// A lexical variable: `depth` frames up, slot `index`.
    Local {
        /// Frames to walk up.
        depth: u32,
        /// Slot in that frame.
        index: u32,
        /// Where the variable is used.
        span: Span,
    },
    /// A name not bound lexically, looked up in the enclosing `with`s,
    /// innermost first.
    WithVar {
        /// The name.
        name: Symbol,
        /// Depth of each enclosing `with` frame, innermost first.
        withs: Box<[u32]>,
        /// Where the variable is used.
        span: Span,
    },
    /// String interpolation: coerce each part and concatenate.
    Interpolate(Box<[Ir]>, Span),
    /// A path with interpolation: the first part is the absolute base path.
    InterpolatePath(Box<[Ir]>, Span),
    /// `[ … ]`
    List(Box<[Rc<Ir>]>),
    /// `{ … }` or `rec { … }`
    Attrs(Box<IrAttrs>),
    /// `let … in body`: one frame holding the bindings.
    Let(Box<[Rc<Ir>]>, Box<Ir>),
    /// `with env; body`: one frame whose slot holds `env` (as a thunk).
    With(Rc<Ir>, Box<Ir>),
    /// `assert cond; body`
    Assert(Box<Ir>, Box<Ir>, Span),
    /// `if c then a else b`
    If(Box<Ir>, Box<Ir>, Box<Ir>, Span),
    /// A function.
    Lambda(Rc<IrLambda>),
    /// `f a b …`: a call with its arguments (thunked).
    Call(Box<Ir>, Box<[Rc<Ir>]>, Span),
    /// `e.a.b` with an optional `or` default.
    Select(Box<Ir>, Box<[IrName]>, Option<Box<Ir>>, Span),
    /// `e ? a.b`
    HasAttr(Box<Ir>, Box<[IrName]>, Span),
    /// `!e`
    Not(Box<Ir>, Span),
    /// A built-in operator (arithmetic ones only when `__sub` etc. are the builtins).
    Binary(BinOp, Box<Ir>, Box<Ir>, Span),
}

impl Ir {
    /// The span an error in this expression points at.
    pub fn span(&self) -> Option<Span> {
        match self {
            Ir::Const(_) | Ir::List(_) | Ir::Let(..) | Ir::With(..) => None,
            Ir::Local { span, .. } | Ir::WithVar { span, .. } => Some(*span),
            Ir::Interpolate(_, s)
            | Ir::InterpolatePath(_, s)
            | Ir::Assert(_, _, s)
            | Ir::If(_, _, _, s)
            | Ir::Call(_, _, s)
            | Ir::Select(_, _, _, s)
            | Ir::HasAttr(_, _, s)
            | Ir::Not(_, s)
            | Ir::Binary(_, _, _, s) => Some(*s),
            Ir::Attrs(a) => Some(a.span),
            Ir::Lambda(l) => Some(l.span),
        }
    }
}

/// An attribute name in a select or `?` path.
#[derive(Debug)]
pub enum IrName {
    /// Known when parsing.
    Static(Symbol),
    /// Computed: must evaluate to a string without context.
    Dynamic(Ir),
}

/// How the values of a set's attributes are given.
#[derive(Debug)]
pub struct IrAttrs {
    /// Whether the set gets its own frame: `rec { }`, or a set with
    /// `inherit (e)` sources (whose frame then holds only the sources).
    pub frame: FrameLayout,
    /// `inherit (e)` sources, evaluated lazily once per evaluation of the set.
    pub sources: Box<[Rc<Ir>]>,
    /// Static attributes in name order, with their values' expressions.
    pub attrs: Box<[(Symbol, Rc<Ir>)]>,
    /// The indices of `attrs` ordered by [`Symbol::id`], the order a set
    /// keeps its array in: a set is built in that order, without sorting.
    pub by_id: Box<[u32]>,
    /// Attributes with computed names, in order: name, value, span.
    pub dynamic: Box<[(Ir, Rc<Ir>, Span)]>,
    /// Where the static attributes are defined (shared by every set this
    /// literal makes).
    pub positions: Option<Rc<Positions>>,
    /// Where the set is written.
    pub span: Span,
}

impl IrAttrs {
    /// The order of `attrs` by [`Symbol::id`] (see [`IrAttrs::by_id`]).
    pub fn id_order(attrs: &[(Symbol, Rc<Ir>)]) -> Box<[u32]> {
        let mut order: Vec<u32> = (0..attrs.len() as u32).collect();
        order.sort_by_key(|&i| attrs[i as usize].0.id());
        order.into()
    }
}

/// What frame, if any, a set's values are evaluated in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameLayout {
    /// No frame: values see the enclosing scope.
    None,
    /// A frame of only the `inherit (e)` sources.
    Sources,
    /// `rec`: a frame of the attributes (by position in `attrs`) followed by
    /// the sources; `overrides` is the slot of `__overrides`, if defined.
    Recursive {
        /// Slot of the `__overrides` attribute.
        overrides: Option<u32>,
    },
}

/// A function.
#[derive(Debug)]
pub struct IrLambda {
    /// How the argument binds.
    pub param: IrParam,
    /// The body, evaluated in a frame of the parameter slots.
    pub body: Ir,
    /// The name it was bound to, for traces.
    pub name: Option<Symbol>,
    /// Where it is written.
    pub span: Span,
}

/// A function's parameter.
#[derive(Debug)]
pub enum IrParam {
    /// `x: …`: one slot.
    Ident(Symbol),
    /// `{ a, b ? d, ... } @ x: …`: a slot per formal (in order), then the
    /// `@` name if present.
    Pattern {
        /// The formals with their defaults (evaluated in the new frame).
        formals: Box<[(Symbol, Option<Rc<Ir>>)]>,
        /// Whether other attributes are allowed.
        ellipsis: bool,
        /// The `@` name.
        at: Option<Symbol>,
    },
}
