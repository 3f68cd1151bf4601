//! nixlite's evaluator: scope resolution ([`resolve`]), values ([`value`]),
//! thunks and frames ([`thunk`]), the lazy evaluator ([`eval`]), the
//! builtins ([`builtins`]), errors ([`error`]) and printing ([`print`]).
//!
//! Embedders normally use the `nixlite` crate, which wraps this one in a
//! small stable API.

pub mod builtins;
mod corepkgs;
pub mod diagnostic;
mod env;
pub mod error;
pub mod eval;
pub mod ir;
pub mod json;
mod limits;
pub mod print;
pub mod resolve;
pub mod thunk;
pub mod value;

pub use error::{ErrorKind, EvalError, Result};
pub use eval::{Evaluator, Settings};
pub use value::Value;
