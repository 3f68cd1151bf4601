//! Nix strings: bytes plus a (usually empty) context.
//!
//! The context records which store paths a string refers to, so that a
//! derivation using the string depends on them. It is empty and
//! unallocated in the common case.

use nixlite_syntax::Symbol;
use std::cell::Cell;
use std::collections::BTreeSet;
use std::rc::Rc;

/// One element of a string's context.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ContextElem {
    /// A plain store path (a source copied to the store, `toFile`).
    Plain(Box<[u8]>),
    /// A whole derivation and all its outputs (`=/nix/store/…drv`).
    AllOutputs(Box<[u8]>),
    /// One output of a derivation (`!out!/nix/store/…drv`).
    Output(Box<[u8]>, Box<[u8]>),
}

/// A set of context elements, as it is built up.
pub type Context = BTreeSet<ContextElem>;

/// The context a string carries: its elements, sorted and without repeats.
///
/// A compact array rather than the [`Context`] it is built as: most
/// contexts have one element (a derivation's `outPath`), and a B-tree
/// node for one element is ten times its size.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StringContext(Box<[ContextElem]>);

impl StringContext {
    /// The context of these elements, `None` if there are none.
    pub fn new(set: Context) -> Option<Rc<StringContext>> {
        (!set.is_empty()).then(|| Rc::new(StringContext(set.into_iter().collect())))
    }

    /// The elements as a set (to build a new context from).
    pub fn to_set(&self) -> Context {
        self.0.iter().cloned().collect()
    }
}

impl std::ops::Deref for StringContext {
    type Target = [ContextElem];
    fn deref(&self) -> &[ContextElem] {
        &self.0
    }
}

/// A string value: bytes (Nix strings need not be UTF-8) and context.
#[derive(Clone, Debug, Default)]
pub struct NixString {
    bytes: Box<[u8]>,
    context: Option<Rc<StringContext>>,
    /// The bytes interned, once the string has been used as an attribute
    /// name (`set.${name}`): names from `attrNames` or `mapAttrs` are used
    /// that way over and over. (Free in memory: a string object is 40
    /// bytes without it and allocations come in 48.)
    symbol: Cell<Option<Symbol>>,
}

// See `symbol`: with the reference counts, 48 bytes, one allocation class.
const _: () = assert!(std::mem::size_of::<NixString>() <= 32);

/// Equal bytes and context (whether the name was interned yet does not matter).
impl PartialEq for NixString {
    fn eq(&self, other: &NixString) -> bool {
        self.bytes == other.bytes && self.context == other.context
    }
}

impl Eq for NixString {}

impl NixString {
    /// A string without context.
    pub fn new(bytes: impl Into<Box<[u8]>>) -> NixString {
        NixString {
            bytes: bytes.into(),
            context: None,
            symbol: Cell::new(None),
        }
    }

    /// The string of an attribute name.
    pub fn of_symbol(name: Symbol) -> NixString {
        NixString {
            bytes: name.as_bytes().into(),
            context: None,
            symbol: Cell::new(Some(name)),
        }
    }

    /// A string with the given context (`None` or empty for none).
    pub fn with_context(bytes: impl Into<Box<[u8]>>, context: Option<Rc<StringContext>>) -> NixString {
        NixString {
            bytes: bytes.into(),
            context: context.filter(|c| !c.is_empty()),
            symbol: Cell::new(None),
        }
    }

    /// The bytes as an interned name (interned on first use, then kept).
    pub fn to_symbol(&self) -> Symbol {
        match self.symbol.get() {
            Some(s) => s,
            None => {
                let s = Symbol::intern(&self.bytes);
                self.symbol.set(Some(s));
                s
            }
        }
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The number of bytes.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether the string is empty.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The bytes as text, invalid UTF-8 replaced (for messages).
    pub fn to_str_lossy(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.bytes)
    }

    /// The context, if any.
    pub fn context(&self) -> Option<&Rc<StringContext>> {
        self.context.as_ref()
    }

    /// Whether the string carries context.
    pub fn has_context(&self) -> bool {
        self.context.is_some()
    }
}

/// Accumulates bytes and context from several pieces (interpolation,
/// `+`, `concatStringsSep`).
#[derive(Default)]
pub struct StringBuilder {
    bytes: Vec<u8>,
    /// The context of the only piece with one so far: the result shares
    /// it (`"${drv}/bin"` needs no context of its own).
    shared: Option<Rc<StringContext>>,
    /// The union of the pieces' contexts, once there are several.
    owned: Context,
}

impl StringBuilder {
    /// An empty builder.
    pub fn new() -> StringBuilder {
        StringBuilder::default()
    }

    /// An empty builder with room for `n` bytes.
    pub fn with_capacity(n: usize) -> StringBuilder {
        StringBuilder {
            bytes: Vec::with_capacity(n),
            ..StringBuilder::default()
        }
    }

    /// The context gathered so far, as a set to add to.
    fn owned(&mut self) -> &mut Context {
        if let Some(shared) = self.shared.take() {
            self.owned.extend(shared.iter().cloned());
        }
        &mut self.owned
    }

    /// Appends raw bytes.
    pub fn push_bytes(&mut self, bytes: &[u8]) {
        self.bytes.extend_from_slice(bytes);
    }

    /// Appends a string's bytes and context.
    pub fn push_str(&mut self, s: &NixString) {
        self.bytes.extend_from_slice(&s.bytes);
        self.add_context(s.context());
    }

    /// Adds context without bytes.
    pub fn add_context(&mut self, context: Option<&Rc<StringContext>>) {
        let Some(ctx) = context else { return };
        if self.owned.is_empty() {
            match &self.shared {
                None => {
                    self.shared = Some(ctx.clone());
                    return;
                }
                Some(mine) if Rc::ptr_eq(mine, ctx) || **mine == **ctx => return,
                Some(_) => {}
            }
        }
        self.owned().extend(ctx.iter().cloned());
    }

    /// Adds one context element.
    pub fn add_context_elem(&mut self, elem: ContextElem) {
        self.owned().insert(elem);
    }

    /// The bytes so far.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The finished string.
    pub fn finish(self) -> NixString {
        let context = match self.shared {
            Some(shared) => Some(shared),
            None => StringContext::new(self.owned),
        };
        NixString::with_context(self.bytes, context)
    }
}
