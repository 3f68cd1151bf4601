//! Runtime values.
//!
//! [`Value`] is 16 bytes: small scalars inline, everything else behind an
//! `Rc` so a clone is a reference-count increment. Identity of the `Rc`
//! matters: CppNix's equality shortcut and the printer's `«repeated»` both
//! compare pointers.

mod attrs;
pub(crate) mod drop;
mod list;
pub mod number_format;
mod positions;
mod string;

pub use attrs::Attrs;
pub use list::{Elements, IntoElements, List};
pub use positions::Positions;
pub use string::{Context, ContextElem, NixString, StringBuilder, StringContext};

use crate::builtins::Builtin;
use crate::ir::IrLambda;
use crate::thunk::{Env, Thunk};
use std::rc::Rc;

/// A Nix value (or a thunk that will become one).
// A whole-word tag puts every payload (a Boolean too) at offset 8, so a
// value moves as two words; with a byte tag, moving the bytes after it
// compiled to overlapping partial copies that stalled store forwarding on
// the hottest paths (a fifth of `eval`'s own time).
#[derive(Clone, Default)]
#[repr(u64)]
pub enum Value {
    /// `null`
    #[default]
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A 64-bit integer.
    Int(i64),
    /// A double.
    Float(f64),
    /// A string with context.
    String(Rc<NixString>),
    /// An absolute, canonical path.
    Path(Rc<NixPath>),
    /// An attribute set.
    Attrs(Rc<Attrs>),
    /// A list.
    List(Rc<List>),
    /// A closure.
    Lambda(Rc<Closure>),
    /// A builtin function.
    PrimOp(&'static Builtin),
    /// A builtin applied to fewer arguments than it takes.
    PrimOpApp(Rc<PrimOpApp>),
    /// A suspended computation.
    Thunk(Rc<Thunk>),
}

const _: () = assert!(std::mem::size_of::<Value>() == 16);
const _: () = assert!(std::mem::size_of::<crate::error::Result<Value>>() == 16);

/// An absolute, canonical path (bytes, as Nix paths need not be UTF-8).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct NixPath(pub Vec<u8>);

/// A function value: its code and the environment it closes over.
pub struct Closure {
    /// The function.
    pub lambda: Rc<IrLambda>,
    /// The frame it was created in.
    pub env: Env,
}

/// A builtin with some of its arguments.
pub struct PrimOpApp {
    /// The builtin.
    pub op: &'static Builtin,
    /// The arguments so far (fewer than its arity).
    pub args: Vec<Value>,
}

impl Value {
    /// A string value without context.
    pub fn string(bytes: impl Into<Box<[u8]>>) -> Value {
        Value::String(Rc::new(NixString::new(bytes)))
    }

    /// A path value.
    pub fn path(bytes: impl Into<Vec<u8>>) -> Value {
        Value::Path(Rc::new(NixPath(bytes.into())))
    }

    /// A list value.
    pub fn list(items: Vec<Value>) -> Value {
        Value::List(Rc::new(List::new(items)))
    }

    /// An attribute-set value.
    pub fn attrs(attrs: Attrs) -> Value {
        Value::Attrs(Rc::new(attrs))
    }

    /// The name `builtins.typeOf` gives this value's type.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Float(_) => "float",
            Value::String(_) => "string",
            Value::Path(_) => "path",
            Value::Attrs(_) => "set",
            Value::List(_) => "list",
            Value::Lambda(_) | Value::PrimOp(_) | Value::PrimOpApp(_) => "lambda",
            Value::Thunk(_) => "thunk",
        }
    }

    /// The type with an article, as error messages show it ("an integer").
    pub fn type_phrase(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a Boolean",
            Value::Int(_) => "an integer",
            Value::Float(_) => "a float",
            Value::String(_) => "a string",
            Value::Path(_) => "a path",
            Value::Attrs(_) => "a set",
            Value::List(_) => "a list",
            Value::Lambda(_) => "a function",
            Value::PrimOp(_) => "a built-in function",
            Value::PrimOpApp(_) => "a partially applied built-in function",
            Value::Thunk(_) => "a thunk",
        }
    }

    /// The same value, with a thunk that has been forced replaced by its
    /// value (one indirection shorter; the thunk is not kept alive by it).
    pub fn settled(&self) -> Value {
        match self {
            Value::Thunk(t) => t.value().unwrap_or_else(|| self.clone()),
            other => other.clone(),
        }
    }

    /// Whether this is a function (closure or builtin).
    pub fn is_function(&self) -> bool {
        matches!(self, Value::Lambda(_) | Value::PrimOp(_) | Value::PrimOpApp(_))
    }

    /// Whether two values are the same heap object (or equal scalars that
    /// CppNix would store in one place). Used by equality's identity
    /// shortcut and by the printer.
    pub fn same_object(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Attrs(a), Value::Attrs(b)) => Rc::ptr_eq(a, b),
            (Value::List(a), Value::List(b)) => Rc::ptr_eq(a, b),
            (Value::Lambda(a), Value::Lambda(b)) => Rc::ptr_eq(a, b),
            (Value::PrimOpApp(a), Value::PrimOpApp(b)) => Rc::ptr_eq(a, b),
            (Value::PrimOp(a), Value::PrimOp(b)) => std::ptr::eq(*a, *b),
            (Value::String(a), Value::String(b)) => Rc::ptr_eq(a, b),
            (Value::Path(a), Value::Path(b)) => Rc::ptr_eq(a, b),
            (Value::Thunk(a), Value::Thunk(b)) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl std::fmt::Debug for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Null => write!(f, "null"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(n) => write!(f, "{n}"),
            Value::Float(x) => write!(f, "{x}"),
            Value::String(s) => write!(f, "{:?}", s.to_str_lossy()),
            Value::Path(p) => write!(f, "{}", String::from_utf8_lossy(&p.0)),
            other => write!(f, "<{}>", other.type_name()),
        }
    }
}
