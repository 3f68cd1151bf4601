//! Where the attributes of a set are defined, for `unsafeGetAttrPos`.
//!
//! CppNix keeps a position in every attribute. nixlite keeps one
//! reference per set instead: a set literal's table of name positions is
//! built once, when the literal is resolved, and shared by every set the
//! literal makes; `//` links the positions of its operands rather than
//! merging them. Sets made by builtins that do not keep positions (like
//! CppNix 2.8's `mapAttrs`) have none, and `unsafeGetAttrPos` gives `null`.

use super::Attrs;
use nixlite_syntax::source::Span;
use nixlite_syntax::Symbol;
use std::rc::Rc;

/// The definition positions of a set's attributes.
pub enum Positions {
    /// Positions by name, sorted by name address.
    Table(Box<[(Symbol, Span)]>),
    /// The positions of `left // right`: a name of `right` is defined where
    /// `right` says (if it knows), any other where `left` says.
    Update {
        /// The positions of the left operand, if known.
        left: Option<Rc<Positions>>,
        /// The right operand.
        right: Rc<Attrs>,
    },
}

impl std::fmt::Debug for Positions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Positions::Table(pairs) => write!(f, "Positions::Table({} names)", pairs.len()),
            Positions::Update { .. } => write!(f, "Positions::Update"),
        }
    }
}

impl Positions {
    /// A table from `(name, position)` pairs in any order; for a repeated
    /// name the first pair wins.
    pub fn table(mut pairs: Vec<(Symbol, Span)>) -> Positions {
        pairs.sort_by_key(|(k, _)| k.id());
        pairs.dedup_by_key(|(k, _)| k.id());
        Positions::Table(pairs.into())
    }

    /// The positions of `left // right`, or `None` if neither side has any.
    pub fn update(left: Option<&Rc<Positions>>, right: &Rc<Attrs>) -> Option<Rc<Positions>> {
        if left.is_none() && right.positions().is_none() {
            return None;
        }
        Some(Rc::new(Positions::Update {
            left: left.cloned(),
            right: right.clone(),
        }))
    }

    /// Where `name` is defined (`name` must be an attribute of the set
    /// these positions describe).
    pub fn lookup(&self, name: Symbol) -> Option<Span> {
        let mut at = self;
        loop {
            match at {
                Positions::Table(pairs) => {
                    let key = name.id();
                    let i = pairs.binary_search_by(|(k, _)| k.id().cmp(&key)).ok()?;
                    return Some(pairs[i].1);
                }
                Positions::Update { left, right } => {
                    at = if right.contains(name) {
                        right.positions()?
                    } else {
                        left.as_deref()?
                    };
                }
            }
        }
    }
}

/// Drops a reference to positions without recursion: `//` in a loop makes
/// chains as long as the loop.
pub(super) fn release(positions: Rc<Positions>) {
    let mut pending = vec![positions];
    while let Some(p) = pending.pop() {
        let Ok(p) = Rc::try_unwrap(p) else { continue };
        if let Positions::Update { left, right } = p {
            pending.extend(left);
            if let Ok(mut right) = Rc::try_unwrap(right) {
                pending.extend(right.take_positions());
            }
        }
    }
}
