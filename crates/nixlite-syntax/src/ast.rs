//! The abstract syntax tree.
//!
//! What the parser builds, with CppNix's parse-time desugaring already
//! done: nested attribute paths are merged into nested sets, duplicate
//! attributes and formals are rejected, and indented strings are stripped.
//! Every node has a [`Span`]. Variables are still names here; the
//! evaluator's resolver turns them into slots.

use crate::source::Span;
use crate::symbol::FxHashMap;
use crate::symbol::Symbol;
use std::rc::Rc;

/// An expression with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    /// What the expression is.
    pub kind: ExprKind,
    /// Where it is.
    pub span: Span,
}

impl Expr {
    /// An expression of `kind` at `span`.
    pub fn new(kind: ExprKind, span: Span) -> Expr {
        Expr { kind, span }
    }
}

/// The forms of expressions.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// `42`
    Int(i64),
    /// `4.2`
    Float(f64),
    /// A string without interpolation (also a URI, which Nix reads as a string).
    Str(Rc<[u8]>),
    /// A string with interpolation: the pieces are concatenated, each
    /// interpolated value coerced to a string.
    Interpolated(Vec<StrPart>),
    /// A path literal without interpolation, as written.
    Path(PathLit),
    /// A path with interpolation: a literal start, then pieces.
    InterpolatedPath(PathLit, Vec<StrPart>),
    /// `<nixpkgs/lib>`: looked up with `__findFile __nixPath "nixpkgs/lib"`.
    SearchPath(Rc<[u8]>),
    /// A variable reference.
    Var(Symbol),
    /// `__curPos`: the position of this token, as a set.
    CurPos,
    /// `[ a b ]`
    List(Vec<Expr>),
    /// `{ … }` or `rec { … }`
    Attrs(Box<AttrSet>),
    /// `let … in body`
    Let(Box<AttrSet>, Box<Expr>),
    /// `with env; body`
    With(Box<Expr>, Box<Expr>),
    /// `assert cond; body`
    Assert(Box<Expr>, Box<Expr>),
    /// `if c then a else b`
    If(Box<Expr>, Box<Expr>, Box<Expr>),
    /// A function.
    Lambda(Rc<Lambda>),
    /// `f x`
    Apply(Box<Expr>, Box<Expr>),
    /// `e.a.b` or `e.a.b or default`
    Select(Box<Expr>, Vec<AttrName>, Option<Box<Expr>>),
    /// `e ? a.b`
    HasAttr(Box<Expr>, Vec<AttrName>),
    /// `!e`
    Not(Box<Expr>),
    /// `-e`
    Negate(Box<Expr>),
    /// A binary operator.
    Binary(BinOp, Box<Expr>, Box<Expr>),
}

/// Binary operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    /// `->`
    Impl,
    /// `||`
    Or,
    /// `&&`
    And,
    /// `==`
    Eq,
    /// `!=`
    NotEq,
    /// `<`
    Lt,
    /// `>`
    Gt,
    /// `<=`
    Le,
    /// `>=`
    Ge,
    /// `//`
    Update,
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `++`
    Concat,
}

impl BinOp {
    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Impl => "->",
            BinOp::Or => "||",
            BinOp::And => "&&",
            BinOp::Eq => "==",
            BinOp::NotEq => "!=",
            BinOp::Lt => "<",
            BinOp::Gt => ">",
            BinOp::Le => "<=",
            BinOp::Ge => ">=",
            BinOp::Update => "//",
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Concat => "++",
        }
    }
}

/// A piece of an interpolated string or path.
#[derive(Debug, Clone, PartialEq)]
pub enum StrPart {
    /// Literal bytes.
    Literal(Rc<[u8]>),
    /// `${ e }`
    Interp(Expr),
}

/// How a path literal is anchored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathKind {
    /// `/a/b`
    Absolute,
    /// `./a`, `../a`, `a/b`: relative to the directory of the file.
    Relative,
    /// `~/a`: relative to the home directory.
    Home,
}

/// The literal text of a path, as written.
#[derive(Debug, Clone, PartialEq)]
pub struct PathLit {
    /// How it is anchored.
    pub kind: PathKind,
    /// The text as written (`./a/b`, `~/x`).
    pub text: Rc<[u8]>,
}

/// One element of an attribute path (`a`, `"a b"`, `${e}`).
#[derive(Debug, Clone, PartialEq)]
pub enum AttrName {
    /// A name known at parse time.
    Static(Symbol, Span),
    /// A name computed at run time.
    Dynamic(Expr),
}

impl AttrName {
    /// Where the name is written.
    pub fn span(&self) -> Span {
        match self {
            AttrName::Static(_, span) => *span,
            AttrName::Dynamic(e) => e.span,
        }
    }
}

/// The bindings of a set or `let`, after merging nested paths.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AttrSet {
    /// `rec { }` (always true for `let`).
    pub recursive: bool,
    /// Statically named attributes, in the order first defined.
    pub attrs: Vec<AttrDef>,
    /// Attributes whose names are computed (`${e} = v;`), in order.
    pub dynamic: Vec<DynamicAttr>,
    /// The `(e)` of each `inherit (e) …;`, referenced by [`AttrValue::InheritFrom`].
    pub inherit_sources: Vec<Expr>,
    /// Name to position in `attrs`, built once a set grows past a few
    /// attributes (small sets are searched linearly).
    index: Option<FxHashMap<Symbol, usize>>,
}

/// Sets up to this size are searched linearly while parsing.
const LINEAR_LIMIT: usize = 8;

impl AttrSet {
    /// An empty set of bindings.
    pub fn new(recursive: bool) -> AttrSet {
        AttrSet {
            recursive,
            ..AttrSet::default()
        }
    }

    fn position(&self, name: Symbol) -> Option<usize> {
        match &self.index {
            Some(index) => index.get(&name).copied(),
            None => self.attrs.iter().position(|d| d.name == name),
        }
    }

    /// The static attribute named `name`.
    pub fn get(&self, name: Symbol) -> Option<&AttrDef> {
        self.position(name).map(|i| &self.attrs[i])
    }

    /// The static attribute named `name`, mutably.
    pub fn get_mut(&mut self, name: Symbol) -> Option<&mut AttrDef> {
        self.position(name).map(|i| &mut self.attrs[i])
    }

    /// Adds a static attribute; the caller has checked it is new.
    pub fn push(&mut self, def: AttrDef) {
        match &mut self.index {
            Some(index) => {
                index.insert(def.name, self.attrs.len());
            }
            None if self.attrs.len() >= LINEAR_LIMIT => {
                let mut index: FxHashMap<Symbol, usize> =
                    self.attrs.iter().enumerate().map(|(i, d)| (d.name, i)).collect();
                index.insert(def.name, self.attrs.len());
                self.index = Some(index);
            }
            None => {}
        }
        self.attrs.push(def);
    }
}

/// A statically named attribute.
#[derive(Debug, Clone, PartialEq)]
pub struct AttrDef {
    /// Its name.
    pub name: Symbol,
    /// Where the name is written (the first definition, when merged).
    pub span: Span,
    /// Byte offset of where CppNix says the attribute is defined
    /// (`unsafeGetAttrPos`): the name in `a = …`, the start of the path for
    /// the inner names of `a.b.c = …`, the end of `inherit` or of `(e)` for
    /// inherited names.
    pub pos: u32,
    /// How its value is given.
    pub value: AttrValue,
}

/// How an attribute's value is given.
#[derive(Debug, Clone, PartialEq)]
pub enum AttrValue {
    /// `name = e;`
    Expr(Expr),
    /// `inherit name;`: the variable `name` of the scope *around* the set.
    Inherit,
    /// `inherit (src) name;`: `src.name`, where `src` is
    /// `inherit_sources[index]`.
    InheritFrom(usize),
}

/// `${name} = value;`
#[derive(Debug, Clone, PartialEq)]
pub struct DynamicAttr {
    /// The expression computing the name.
    pub name: Expr,
    /// The value.
    pub value: Expr,
    /// The whole binding.
    pub span: Span,
}

/// A function `param: body`.
#[derive(Debug, Clone, PartialEq)]
pub struct Lambda {
    /// What the argument is bound to.
    pub param: Param,
    /// The body.
    pub body: Expr,
    /// The name this function is bound to (`f = x: …;`), for traces.
    pub name: Option<Symbol>,
}

/// A function's parameter.
#[derive(Debug, Clone, PartialEq)]
pub enum Param {
    /// `x: …`
    Ident(Symbol, Span),
    /// `{ a, b ? 1, ... } @ args: …`
    Pattern(Pattern),
}

/// A destructuring parameter `{ a, b ? d, ... } @ name`.
#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    /// The named formals, in the order written.
    pub formals: Vec<Formal>,
    /// Whether `...` allows other attributes.
    pub ellipsis: bool,
    /// The `@` name binding the whole argument.
    pub at: Option<(Symbol, Span)>,
}

/// One formal `name` or `name ? default`.
#[derive(Debug, Clone, PartialEq)]
pub struct Formal {
    /// The name.
    pub name: Symbol,
    /// Where it is written.
    pub span: Span,
    /// The default, evaluated lazily in the function's scope.
    pub default: Option<Expr>,
}
