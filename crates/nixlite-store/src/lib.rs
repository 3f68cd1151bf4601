//! Nix store primitives for nixlite, as pure functions: Nix's base-32,
//! hashes in every spelling, store paths and their fingerprints, NAR
//! serialisation, and store derivations (ATerm `.drv` text, hash modulo,
//! output and `.drv` paths). Everything is computed exactly as CppNix
//! computes it; nothing is written to a store.
//!
//! | module | concern |
//! |---|---|
//! | [`base32`] | nix32 encoding |
//! | [`hash`] | [`HashAlgo`], [`Hash`](struct@Hash), parsing/printing, streaming [`Hasher`] |
//! | [`store_path`] | [`StoreDir`], [`StorePath`], name rules, text/source/fixed/output paths |
//! | [`nar`] | NAR serialisation through a virtualisable [`NarSource`] |
//! | [`derivation`] | [`Derivation`], ATerm, hash modulo, [`Derivation::finalize`] |
//! | [`json`] | [`Derivation::to_json_v4`], CppNix's derivation JSON (format 4) |
//!
//! # Example
//!
//! The store paths `derivation { name = "x"; system = "x86_64-linux";
//! builder = "/bin/sh"; }` gets from CppNix:
//!
//! ```
//! use nixlite_store::{Derivation, DerivationOutput, DrvHashCache, StoreDir};
//!
//! let store = StoreDir::default();
//! let mut drv = Derivation::new("x");
//! drv.system = b"x86_64-linux".to_vec();
//! drv.builder = b"/bin/sh".to_vec();
//! for (k, v) in [("builder", "/bin/sh"), ("name", "x"), ("system", "x86_64-linux")] {
//!     drv.env.insert(k.into(), v.into());
//! }
//! drv.outputs.insert("out".into(), DerivationOutput::Deferred);
//!
//! let mut cache = DrvHashCache::new();
//! let done = drv.finalize(&store, &mut cache, &mut nixlite_store::derivation::no_loader)?;
//! assert_eq!(store.print(&done.drv_path), "/nix/store/97qlv6h78lxlm9zc8849ahsbcklhsi2y-x.drv");
//! assert_eq!(
//!     store.print(&done.output_paths["out"]),
//!     "/nix/store/s668cfx1vrqfjryf96jj8wfhg7f67dhj-x"
//! );
//!
//! // `builtins.toFile "hello.txt" "hello\n"`
//! let p = store.text_path("hello.txt", b"hello\n", &Default::default())?;
//! assert_eq!(p.to_string(), "qa1w9gdfrba6jl2r57mb3c43863gqywp-hello.txt");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod base32;
pub mod derivation;
pub mod hash;
pub mod json;
pub mod nar;
pub mod store_path;

pub use derivation::{
    Derivation, DerivationError, DerivationOutput, DrvHashCache, DrvHashModulo, FinalizedDerivation, FixedOutputHash,
    OutputNames,
};
pub use hash::{Hash, HashAlgo, HashError, HashFormat, Hasher};
pub use nar::{FileKind, FileMeta, NarError, NarHash, NarNode, NarSource, StdFs};
pub use store_path::{FileIngestionMethod, StoreDir, StorePath, StorePathError};
