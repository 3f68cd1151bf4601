//! Store derivations: the [`Derivation`] structure, its ATerm (`.drv`)
//! serialisation and parsing, the "hash modulo" of a derivation and the
//! computation of output and `.drv` paths, exactly as CppNix's
//! `derivationStrict` does them.
//!
//! The ATerm form is
//! `Derive([OUTPUTS],[INPUT_DRVS],[INPUT_SRCS],"SYSTEM","BUILDER",[ARGS],[ENV])`
//! with no whitespace. Builder, arguments and environment are escaped
//! (`"` `\` LF CR TAB); output tuples, input paths, output names and the
//! system are written raw between quotes, as CppNix does.
//!
//! Output paths of an input-addressed derivation depend on its *hash
//! modulo* ([`Derivation::hash_modulo`]): the SHA-256 of its ATerm with the
//! input derivations replaced by their own hashes modulo (so fixed-output
//! inputs contribute only their output hash and path), computed on the
//! "masked" derivation whose output paths are still empty. These hashes are
//! memoised per `.drv` path in a [`DrvHashCache`] shared across a closure.
//! [`Derivation::finalize`] performs the whole procedure.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt;

use crate::hash::{Hash, HashAlgo, HashError};
use crate::store_path::{output_path_name, FileIngestionMethod, StoreDir, StorePath, StorePathError};

/// A content address of a fixed output: ingestion method and hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FixedOutputHash {
    /// Flat file hash or NAR hash.
    pub method: FileIngestionMethod,
    /// The expected hash.
    pub hash: Hash,
}

impl FixedOutputHash {
    /// The ATerm hash-algorithm field: `sha256`, `r:sha256`, …
    /// (CppNix `printMethodAlgo`).
    pub fn method_algo(&self) -> String {
        format!("{}{}", self.method.prefix(), self.hash.algo())
    }

    /// The store path of this fixed output under the given path name.
    pub fn path(&self, store_dir: &StoreDir, name: &str) -> Result<StorePath, StorePathError> {
        store_dir.make_fixed_output_path(self.method, &self.hash, name, &BTreeSet::new(), false)
    }
}

/// One output of a derivation.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DerivationOutput {
    /// Input-addressed with its computed path: `("o","/nix/store/…","","")`.
    InputAddressed(StorePath),
    /// Fixed-output: `("out","<path>","[r:]algo","<hex>")`; the path is
    /// computed from the hash and the derivation name.
    Fixed(FixedOutputHash),
    /// Input-addressed whose path is not computed yet (the masked form):
    /// `("o","","","")`.
    Deferred,
    /// Floating content-addressed (experimental `ca-derivations`):
    /// `("o","","r:sha256","")`. Parsed, but not hashable here.
    Floating {
        /// Ingestion method.
        method: FileIngestionMethod,
        /// Hash algorithm.
        algo: HashAlgo,
    },
    /// Impure (experimental): `("o","","r:sha256","impure")`. Parsed, but
    /// not hashable here.
    Impure {
        /// Ingestion method.
        method: FileIngestionMethod,
        /// Hash algorithm.
        algo: HashAlgo,
    },
}

/// Errors from derivation serialisation, parsing and hashing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DerivationError {
    /// A store path or name problem.
    StorePath(StorePathError),
    /// A hash problem (parsing a `.drv`'s fixed output hash).
    Hash(HashError),
    /// Malformed ATerm text.
    Parse {
        /// What was expected or wrong (CppNix wording, e.g. "expected string 'Derive(['").
        message: String,
        /// Byte offset in the input.
        offset: usize,
    },
    /// The derivation has no outputs.
    NoOutputs,
    /// Fixed and input-addressed (or other) outputs mixed in one derivation.
    MixedOutputTypes,
    /// An experimental output kind (floating CA, impure) nixlite cannot hash.
    Unsupported(&'static str),
    /// An input derivation does not have an output the derivation uses.
    MissingInputOutput {
        /// The input `.drv`.
        drv: StorePath,
        /// The missing output name.
        output: String,
    },
    /// An input derivation neither cached nor loadable.
    UnknownDerivation(StorePath),
    /// Input derivations that depend on each other in a cycle.
    Cycle(StorePath),
    /// Bytes that are not UTF-8 where text is required (JSON output).
    NotUtf8(String),
}

impl fmt::Display for DerivationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DerivationError::StorePath(e) => e.fmt(f),
            DerivationError::Hash(e) => e.fmt(f),
            DerivationError::Parse { message, offset } => {
                write!(f, "error parsing derivation: {message} (at byte {offset})")
            }
            DerivationError::NoOutputs => write!(f, "derivation cannot have an empty set of outputs"),
            DerivationError::MixedOutputTypes => write!(f, "can't mix derivation output types"),
            DerivationError::Unsupported(what) => write!(f, "{what} are not supported by nixlite"),
            DerivationError::MissingInputOutput { drv, output } => {
                write!(f, "derivation '{drv}' does not have an output named '{output}'")
            }
            DerivationError::UnknownDerivation(p) => write!(f, "derivation '{p}' is not known"),
            DerivationError::Cycle(p) => write!(f, "cycle in the input derivations of '{p}'"),
            DerivationError::NotUtf8(what) => write!(f, "{what} of the derivation is not valid UTF-8"),
        }
    }
}

impl std::error::Error for DerivationError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            DerivationError::StorePath(e) => Some(e),
            DerivationError::Hash(e) => Some(e),
            _ => None,
        }
    }
}

impl From<StorePathError> for DerivationError {
    fn from(e: StorePathError) -> Self {
        DerivationError::StorePath(e)
    }
}

impl From<HashError> for DerivationError {
    fn from(e: HashError) -> Self {
        DerivationError::Hash(e)
    }
}

/// Output names of an input derivation: a set, kept as a sorted array
/// (each input usually contributes one or two names; a B-tree set would
/// cost a node of ~300 bytes per input, which adds up over thousands).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OutputNames(Vec<String>);

impl OutputNames {
    /// The empty set.
    pub fn new() -> OutputNames {
        OutputNames::default()
    }

    /// Adds `name`; false if it was there already.
    pub fn insert(&mut self, name: String) -> bool {
        match self.0.binary_search(&name) {
            Ok(_) => false,
            Err(i) => {
                self.0.insert(i, name);
                true
            }
        }
    }

    /// The names in order.
    pub fn iter(&self) -> std::slice::Iter<'_, String> {
        self.0.iter()
    }

    /// How many names.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `name` is one of them.
    pub fn contains(&self, name: &str) -> bool {
        self.0.binary_search_by(|n| n.as_str().cmp(name)).is_ok()
    }
}

impl Extend<String> for OutputNames {
    fn extend<I: IntoIterator<Item = String>>(&mut self, names: I) {
        for n in names {
            self.insert(n);
        }
    }
}

impl FromIterator<String> for OutputNames {
    fn from_iter<I: IntoIterator<Item = String>>(names: I) -> OutputNames {
        let mut v: Vec<String> = names.into_iter().collect();
        v.sort_unstable();
        v.dedup();
        OutputNames(v)
    }
}

impl<const N: usize> From<[String; N]> for OutputNames {
    fn from(names: [String; N]) -> OutputNames {
        names.into_iter().collect()
    }
}

impl IntoIterator for OutputNames {
    type Item = String;
    type IntoIter = std::vec::IntoIter<String>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a OutputNames {
    type Item = &'a String;
    type IntoIter = std::slice::Iter<'a, String>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// A store derivation. Strings the user controls (`system`, `builder`,
/// `args`, `env`) are bytes, since Nix strings need not be UTF-8. Maps and
/// sets are ordered by bytes, the order of the ATerm.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Derivation {
    /// The derivation name (not in the ATerm; the `.drv` path is `<name>.drv`).
    pub name: String,
    /// Outputs by name.
    pub outputs: BTreeMap<String, DerivationOutput>,
    /// Input derivations and the outputs of each that are used.
    pub input_drvs: BTreeMap<StorePath, OutputNames>,
    /// Input sources (plain store paths, including whole `.drv` files).
    pub input_srcs: BTreeSet<StorePath>,
    /// The platform, e.g. `x86_64-linux`.
    pub system: Vec<u8>,
    /// The builder program.
    pub builder: Vec<u8>,
    /// The builder's arguments.
    pub args: Vec<Vec<u8>>,
    /// The environment.
    pub env: BTreeMap<Vec<u8>, Vec<u8>>,
}

/// The hash modulo of a derivation: one hash per output. For input-addressed
/// derivations every output has the same hash (the masked ATerm's); for
/// fixed-output ones each output has `sha256("fixed:out:…:<path>")`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrvHashModulo {
    /// Hash per output name, in name order. (A short array rather than a
    /// map: derivations have a few outputs, and an evaluation keeps one of
    /// these per derivation it makes; a B-tree node would be ten times the
    /// size.)
    pub hashes: Box<[(String, Hash)]>,
}

impl DrvHashModulo {
    /// The hash for one output.
    pub fn get(&self, output: &str) -> Option<&Hash> {
        self.hashes.iter().find(|(o, _)| o == output).map(|(_, h)| h)
    }
}

/// Memoised hashes modulo, keyed by `.drv` path (CppNix's `drvHashes`).
/// Share one cache across an evaluation: every finalised derivation is
/// entered, so dependants never reload their inputs.
#[derive(Debug, Clone, Default)]
pub struct DrvHashCache {
    map: HashMap<StorePath, DrvHashModulo>,
}

impl DrvHashCache {
    /// An empty cache.
    pub fn new() -> DrvHashCache {
        DrvHashCache::default()
    }

    /// The cached hash modulo of a `.drv` path.
    pub fn get(&self, drv_path: &StorePath) -> Option<&DrvHashModulo> {
        self.map.get(drv_path)
    }

    /// Records the hash modulo of a `.drv` path.
    pub fn insert(&mut self, drv_path: StorePath, hash: DrvHashModulo) {
        self.map.insert(drv_path, hash);
    }

    /// Whether a `.drv` path is cached.
    pub fn contains(&self, drv_path: &StorePath) -> bool {
        self.map.contains_key(drv_path)
    }

    /// Number of cached derivations.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether the cache is empty.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

/// Loads a derivation by `.drv` path when its hash modulo is not cached
/// (e.g. parse it from the store, or look it up in an in-memory table).
pub type DrvLoader<'a> = dyn FnMut(&StorePath) -> Result<Derivation, DerivationError> + 'a;

/// A loader that knows no derivations: every input must already be cached.
pub fn no_loader(path: &StorePath) -> Result<Derivation, DerivationError> {
    Err(DerivationError::UnknownDerivation(path.clone()))
}

/// A derivation after [`Derivation::finalize`]: output paths filled in,
/// with its ATerm and `.drv` path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinalizedDerivation {
    /// The `.drv` store path.
    pub drv_path: StorePath,
    /// The complete derivation.
    pub drv: Derivation,
    /// The exact `.drv` file contents.
    pub aterm: Vec<u8>,
    /// The store path of every output.
    pub output_paths: BTreeMap<String, StorePath>,
    /// The hash modulo of the final derivation (also entered in the cache).
    pub hash_modulo: DrvHashModulo,
}

impl FinalizedDerivation {
    /// The store path of an output.
    pub fn output_path(&self, output: &str) -> Option<&StorePath> {
        self.output_paths.get(output)
    }
}

/// The kind of a derivation, by its outputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DrvKind {
    Fixed,
    InputAddressed,
}

impl Derivation {
    /// An empty derivation with a name.
    pub fn new(name: impl Into<String>) -> Derivation {
        Derivation {
            name: name.into(),
            ..Derivation::default()
        }
    }

    /// The output names, sorted.
    pub fn output_names(&self) -> OutputNames {
        self.outputs.keys().cloned().collect()
    }

    /// Whether every output is fixed (a fixed-output derivation).
    pub fn is_fixed_output(&self) -> bool {
        !self.outputs.is_empty() && self.outputs.values().all(|o| matches!(o, DerivationOutput::Fixed(_)))
    }

    /// The `.drv` file's references: input sources and input derivations.
    pub fn references(&self) -> BTreeSet<StorePath> {
        let mut refs = self.input_srcs.clone();
        refs.extend(self.input_drvs.keys().cloned());
        refs
    }

    /// The store path of an output, if known (input-addressed with a path,
    /// or fixed).
    pub fn output_path(&self, store_dir: &StoreDir, output: &str) -> Result<Option<StorePath>, DerivationError> {
        match self.outputs.get(output) {
            Some(DerivationOutput::InputAddressed(p)) => Ok(Some(p.clone())),
            Some(DerivationOutput::Fixed(f)) => Ok(Some(f.path(store_dir, &output_path_name(&self.name, output))?)),
            _ => Ok(None),
        }
    }

    fn kind(&self) -> Result<DrvKind, DerivationError> {
        let mut fixed = 0;
        let mut input = 0;
        for o in self.outputs.values() {
            match o {
                DerivationOutput::Fixed(_) => fixed += 1,
                DerivationOutput::InputAddressed(_) | DerivationOutput::Deferred => input += 1,
                DerivationOutput::Floating { .. } => {
                    return Err(DerivationError::Unsupported(
                        "content-addressed derivations (ca-derivations)",
                    ))
                }
                DerivationOutput::Impure { .. } => {
                    return Err(DerivationError::Unsupported("impure derivations (impure-derivations)"))
                }
            }
        }
        match (fixed, input) {
            (0, 0) => Err(DerivationError::NoOutputs),
            (_, 0) => Ok(DrvKind::Fixed),
            (0, _) => Ok(DrvKind::InputAddressed),
            _ => Err(DerivationError::MixedOutputTypes),
        }
    }

    /// The `.drv` file contents.
    pub fn to_aterm(&self, store_dir: &StoreDir) -> Result<Vec<u8>, DerivationError> {
        self.unparse(store_dir, false, None)
    }

    /// The `.drv` path: a `text` path over the ATerm, named `<name>.drv`,
    /// with the input sources and input derivations as references.
    pub fn drv_path(&self, store_dir: &StoreDir) -> Result<StorePath, DerivationError> {
        let aterm = self.to_aterm(store_dir)?;
        self.drv_path_of_aterm(store_dir, &aterm)
    }

    fn drv_path_of_aterm(&self, store_dir: &StoreDir, aterm: &[u8]) -> Result<StorePath, DerivationError> {
        Ok(store_dir.text_path(&format!("{}.drv", self.name), aterm, &self.references())?)
    }

    /// CppNix `Derivation::unparse`. With `mask_outputs`, output paths and
    /// the env entries named after outputs are written empty; with
    /// `actual_inputs`, INPUT_DRVS is replaced by these (hash, output)
    /// pairs, sorted and without repeats (each hash with the outputs it
    /// is paired with).
    fn unparse(
        &self,
        store_dir: &StoreDir,
        mask_outputs: bool,
        actual_inputs: Option<&[(String, &str)]>,
    ) -> Result<Vec<u8>, DerivationError> {
        // Roughly the final size (escapes may add a little), so that a
        // big derivation is not built in a buffer up to twice its size.
        let estimate = 1024
            + self.env.iter().map(|(k, v)| k.len() + v.len() + 6).sum::<usize>()
            + self.args.iter().map(|a| a.len() + 3).sum::<usize>()
            + (self.input_drvs.len() + self.input_srcs.len()) * 100;
        let mut s: Vec<u8> = Vec::with_capacity(estimate);
        s.extend_from_slice(b"Derive([");
        for (i, (name, out)) in self.outputs.iter().enumerate() {
            if i > 0 {
                s.push(b',');
            }
            s.push(b'(');
            unquoted(&mut s, name.as_bytes());
            let (path, algo, hash) = match out {
                DerivationOutput::InputAddressed(p) => (store_dir.print(p), String::new(), String::new()),
                DerivationOutput::Fixed(f) => (
                    store_dir.print(&f.path(store_dir, &output_path_name(&self.name, name))?),
                    f.method_algo(),
                    f.hash.to_base16(),
                ),
                DerivationOutput::Deferred => (String::new(), String::new(), String::new()),
                DerivationOutput::Floating { method, algo } => {
                    (String::new(), format!("{}{algo}", method.prefix()), String::new())
                }
                DerivationOutput::Impure { method, algo } => {
                    (String::new(), format!("{}{algo}", method.prefix()), "impure".to_owned())
                }
            };
            s.push(b',');
            unquoted(&mut s, if mask_outputs { b"" } else { path.as_bytes() });
            s.push(b',');
            unquoted(&mut s, algo.as_bytes());
            s.push(b',');
            unquoted(&mut s, hash.as_bytes());
            s.push(b')');
        }
        s.extend_from_slice(b"],[");
        let mut first = true;
        let mut input = |s: &mut Vec<u8>, key: &[u8], outs: &mut dyn Iterator<Item = &str>| {
            if !first {
                s.push(b',');
            }
            first = false;
            s.push(b'(');
            unquoted(s, key);
            s.extend_from_slice(b",[");
            for (i, o) in outs.enumerate() {
                if i > 0 {
                    s.push(b',');
                }
                unquoted(s, o.as_bytes());
            }
            s.extend_from_slice(b"])");
        };
        match actual_inputs {
            Some(pairs) => {
                for group in pairs.chunk_by(|a, b| a.0 == b.0) {
                    input(&mut s, group[0].0.as_bytes(), &mut group.iter().map(|(_, o)| *o));
                }
            }
            None => {
                for (path, outs) in &self.input_drvs {
                    input(
                        &mut s,
                        store_dir.print(path).as_bytes(),
                        &mut outs.iter().map(String::as_str),
                    );
                }
            }
        }
        s.extend_from_slice(b"],[");
        for (i, p) in self.input_srcs.iter().enumerate() {
            if i > 0 {
                s.push(b',');
            }
            unquoted(&mut s, store_dir.print(p).as_bytes());
        }
        s.extend_from_slice(b"],");
        unquoted(&mut s, &self.system);
        s.push(b',');
        escaped(&mut s, &self.builder);
        s.extend_from_slice(b",[");
        for (i, a) in self.args.iter().enumerate() {
            if i > 0 {
                s.push(b',');
            }
            escaped(&mut s, a);
        }
        s.extend_from_slice(b"],[");
        for (i, (k, v)) in self.env.iter().enumerate() {
            if i > 0 {
                s.push(b',');
            }
            s.push(b'(');
            escaped(&mut s, k);
            s.push(b',');
            let masked = mask_outputs && std::str::from_utf8(k).is_ok_and(|k| self.outputs.contains_key(k));
            escaped(&mut s, if masked { b"" } else { v });
            s.push(b')');
        }
        s.extend_from_slice(b"])");
        Ok(s)
    }

    /// Parses a `.drv` file. `name` is the derivation name (the `.drv`
    /// path's name without `.drv`, see [`StorePath::derivation_name`]); it
    /// names fixed outputs' paths.
    pub fn parse_aterm(text: &[u8], name: &str, store_dir: &StoreDir) -> Result<Derivation, DerivationError> {
        Parser {
            s: text,
            pos: 0,
            store_dir,
        }
        .derivation(name)
    }

    /// The hash modulo (CppNix `hashDerivationModulo`). Fixed-output:
    /// `sha256("fixed:out:<[r:]algo>:<hex>:<path>")` per output. Otherwise
    /// the SHA-256 of the ATerm with each input derivation replaced by the
    /// base-16 hash modulo of the used output (entries sorted by that hash,
    /// outputs of equal hashes merged); with `mask_outputs`, output paths
    /// and their env entries are blanked (the form used to compute output
    /// paths). Input hashes come from `cache`; missing ones are computed
    /// from derivations obtained through `load` and cached.
    pub fn hash_modulo(
        &self,
        store_dir: &StoreDir,
        mask_outputs: bool,
        cache: &mut DrvHashCache,
        load: &mut DrvLoader<'_>,
    ) -> Result<DrvHashModulo, DerivationError> {
        if self.kind()? == DrvKind::InputAddressed {
            ensure_cached(store_dir, self.input_drvs.keys(), cache, load)?;
        }
        self.hash_modulo_cached(store_dir, mask_outputs, cache)
    }

    /// [`Derivation::hash_modulo`] with every input already in `cache`.
    fn hash_modulo_cached(
        &self,
        store_dir: &StoreDir,
        mask_outputs: bool,
        cache: &DrvHashCache,
    ) -> Result<DrvHashModulo, DerivationError> {
        match self.kind()? {
            DrvKind::Fixed => {
                let mut hashes = Vec::new();
                for (name, out) in &self.outputs {
                    if let DerivationOutput::Fixed(f) = out {
                        let path = f.path(store_dir, &output_path_name(&self.name, name))?;
                        let s = format!(
                            "fixed:out:{}:{}:{}",
                            f.method_algo(),
                            f.hash.to_base16(),
                            store_dir.print(&path)
                        );
                        hashes.push((name.clone(), Hash::sha256(s.as_bytes())));
                    }
                }
                Ok(DrvHashModulo { hashes: hashes.into() })
            }
            DrvKind::InputAddressed => {
                // (hash, output) pairs, sorted: a flat array rather than a
                // map of sets, which for a derivation with thousands of
                // inputs was a B-tree node per input.
                let mut inputs: Vec<(String, &str)> = Vec::new();
                for (drv_path, outs) in &self.input_drvs {
                    let res = cache
                        .get(drv_path)
                        .ok_or_else(|| DerivationError::UnknownDerivation(drv_path.clone()))?;
                    for o in outs {
                        let h = res.get(o).ok_or_else(|| DerivationError::MissingInputOutput {
                            drv: drv_path.clone(),
                            output: o.clone(),
                        })?;
                        inputs.push((h.to_base16(), o));
                    }
                }
                inputs.sort_unstable();
                inputs.dedup();
                let aterm = self.unparse(store_dir, mask_outputs, Some(&inputs))?;
                let h = Hash::sha256(&aterm);
                Ok(DrvHashModulo {
                    hashes: self.outputs.keys().map(|o| (o.clone(), h)).collect(),
                })
            }
        }
    }

    /// Completes a derivation as `derivationStrict` does after collecting
    /// its attributes, and records its hash modulo in `cache`.
    ///
    /// * Fixed-output (all outputs [`DerivationOutput::Fixed`]): sets
    ///   `env[o]` to each output's path.
    /// * Input-addressed (outputs [`DerivationOutput::Deferred`] or already
    ///   [`DerivationOutput::InputAddressed`]): blanks outputs and `env[o]`,
    ///   hashes that masked derivation modulo its inputs, and sets every
    ///   output to `makeStorePath("output:<o>", hash, name[-o])`, also in
    ///   `env[o]`.
    ///
    /// Then serialises the ATerm and computes the `.drv` path. Input
    /// derivations must be in `cache` or loadable through `load`.
    pub fn finalize(
        mut self,
        store_dir: &StoreDir,
        cache: &mut DrvHashCache,
        load: &mut DrvLoader<'_>,
    ) -> Result<FinalizedDerivation, DerivationError> {
        let mut output_paths = BTreeMap::new();
        match self.kind()? {
            DrvKind::Fixed => {
                for (name, out) in &self.outputs {
                    if let DerivationOutput::Fixed(f) = out {
                        let path = f.path(store_dir, &output_path_name(&self.name, name))?;
                        self.env
                            .insert(name.clone().into_bytes(), store_dir.print(&path).into_bytes());
                        output_paths.insert(name.clone(), path);
                    }
                }
            }
            DrvKind::InputAddressed => {
                for (name, out) in self.outputs.iter_mut() {
                    *out = DerivationOutput::Deferred;
                    self.env.insert(name.clone().into_bytes(), Vec::new());
                }
                let masked = self.hash_modulo(store_dir, true, cache, load)?;
                let mut paths = Vec::with_capacity(self.outputs.len());
                for name in self.outputs.keys() {
                    let h = masked.get(name).ok_or(DerivationError::NoOutputs)?;
                    paths.push((name.clone(), store_dir.make_output_path(name, h, &self.name)?));
                }
                for (name, path) in paths {
                    self.env
                        .insert(name.clone().into_bytes(), store_dir.print(&path).into_bytes());
                    self.outputs
                        .insert(name.clone(), DerivationOutput::InputAddressed(path.clone()));
                    output_paths.insert(name, path);
                }
            }
        }
        let aterm = self.to_aterm(store_dir)?;
        let drv_path = self.drv_path_of_aterm(store_dir, &aterm)?;
        let hash_modulo = self.hash_modulo_cached(store_dir, false, cache)?;
        cache.insert(drv_path.clone(), hash_modulo.clone());
        Ok(FinalizedDerivation {
            drv_path,
            drv: self,
            aterm,
            output_paths,
            hash_modulo,
        })
    }
}

/// Makes sure every derivation in `roots` (and, transitively, their inputs)
/// has its hash modulo in `cache`, loading uncached ones. Iterative, so
/// deep dependency chains cannot overflow the stack.
fn ensure_cached<'p>(
    store_dir: &StoreDir,
    roots: impl Iterator<Item = &'p StorePath>,
    cache: &mut DrvHashCache,
    load: &mut DrvLoader<'_>,
) -> Result<(), DerivationError> {
    let mut stack: Vec<(StorePath, Option<Derivation>)> = roots
        .filter(|p| !cache.contains(p))
        .map(|p| (p.clone(), None))
        .collect();
    let mut in_progress: HashSet<StorePath> = HashSet::new();
    while let Some((path, drv)) = stack.pop() {
        if cache.contains(&path) {
            continue;
        }
        let drv = match drv {
            Some(d) => d,
            None => load(&path)?,
        };
        let missing: Vec<StorePath> = if drv.kind()? == DrvKind::Fixed {
            Vec::new()
        } else {
            drv.input_drvs.keys().filter(|p| !cache.contains(p)).cloned().collect()
        };
        if missing.is_empty() {
            let h = drv.hash_modulo_cached(store_dir, false, cache)?;
            in_progress.remove(&path);
            cache.insert(path, h);
        } else {
            if !in_progress.insert(path.clone()) {
                return Err(DerivationError::Cycle(path));
            }
            stack.push((path, Some(drv)));
            for m in missing {
                if in_progress.contains(&m) {
                    return Err(DerivationError::Cycle(m));
                }
                stack.push((m, None));
            }
        }
    }
    Ok(())
}

/// Appends `"s"` with no escaping (CppNix `printUnquotedString`).
fn unquoted(out: &mut Vec<u8>, s: &[u8]) {
    out.push(b'"');
    out.extend_from_slice(s);
    out.push(b'"');
}

/// Appends `"s"` escaping `"` `\` LF CR TAB (CppNix `printString`).
fn escaped(out: &mut Vec<u8>, s: &[u8]) {
    out.push(b'"');
    for &c in s {
        match c {
            b'"' | b'\\' => {
                out.push(b'\\');
                out.push(c);
            }
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            _ => out.push(c),
        }
    }
    out.push(b'"');
}

/// ATerm parser (CppNix `parseDerivation`).
struct Parser<'a> {
    s: &'a [u8],
    pos: usize,
    store_dir: &'a StoreDir,
}

impl Parser<'_> {
    fn err<T>(&self, message: impl Into<String>) -> Result<T, DerivationError> {
        Err(DerivationError::Parse {
            message: message.into(),
            offset: self.pos,
        })
    }

    fn expect(&mut self, lit: &str) -> Result<(), DerivationError> {
        if self.s[self.pos..].starts_with(lit.as_bytes()) {
            self.pos += lit.len();
            Ok(())
        } else {
            self.err(format!("expected string '{lit}'"))
        }
    }

    /// After a list element: `,` continues, `]` ends. At the list start an
    /// immediate `]` means empty.
    fn end_of_list(&mut self) -> bool {
        match self.s.get(self.pos) {
            Some(b',') => {
                self.pos += 1;
                false
            }
            Some(b']') => {
                self.pos += 1;
                true
            }
            _ => false,
        }
    }

    fn string(&mut self) -> Result<Vec<u8>, DerivationError> {
        self.expect("\"")?;
        let mut out = Vec::new();
        loop {
            let Some(&c) = self.s.get(self.pos) else {
                return self.err("unterminated string in derivation");
            };
            self.pos += 1;
            match c {
                b'"' => return Ok(out),
                b'\\' => {
                    let Some(&e) = self.s.get(self.pos) else {
                        return self.err("unterminated string in derivation");
                    };
                    self.pos += 1;
                    out.push(match e {
                        b'n' => b'\n',
                        b'r' => b'\r',
                        b't' => b'\t',
                        other => other,
                    });
                }
                _ => out.push(c),
            }
        }
    }

    fn utf8(&self, bytes: Vec<u8>) -> Result<String, DerivationError> {
        String::from_utf8(bytes).or_else(|_| self.err("invalid UTF-8 in derivation"))
    }

    fn path_string(&mut self) -> Result<String, DerivationError> {
        let s = self.string()?;
        let s = self.utf8(s)?;
        if !s.starts_with('/') {
            return self.err(format!("bad path '{s}' in derivation"));
        }
        Ok(s)
    }

    fn store_path(&mut self) -> Result<StorePath, DerivationError> {
        let s = self.path_string()?;
        Ok(self.store_dir.parse(&s)?)
    }

    fn string_list(&mut self) -> Result<Vec<Vec<u8>>, DerivationError> {
        let mut out = Vec::new();
        while !self.end_of_list() {
            out.push(self.string()?);
        }
        Ok(out)
    }

    fn output(&mut self, path: String, algo: String, hash: String) -> Result<DerivationOutput, DerivationError> {
        if algo.is_empty() {
            if path.is_empty() {
                return Ok(DerivationOutput::Deferred);
            }
            return Ok(DerivationOutput::InputAddressed(self.store_dir.parse(&path)?));
        }
        let (method, algo_name) = match algo.strip_prefix("r:") {
            Some(rest) => (FileIngestionMethod::Recursive, rest),
            None if algo.starts_with("text:") => {
                return Err(DerivationError::Unsupported(
                    "text-hashed derivation outputs (dynamic-derivations)",
                ))
            }
            None => (FileIngestionMethod::Flat, algo.as_str()),
        };
        let algo = HashAlgo::parse(algo_name)?;
        if hash == "impure" {
            Ok(DerivationOutput::Impure { method, algo })
        } else if hash.is_empty() {
            Ok(DerivationOutput::Floating { method, algo })
        } else {
            self.store_dir.parse(&path)?;
            Ok(DerivationOutput::Fixed(FixedOutputHash {
                method,
                hash: Hash::parse_non_sri_unprefixed(&hash, algo)?,
            }))
        }
    }

    fn derivation(mut self, name: &str) -> Result<Derivation, DerivationError> {
        let mut drv = Derivation::new(name);
        self.expect("Derive([")?;
        while !self.end_of_list() {
            self.expect("(")?;
            let id = self.string()?;
            let id = self.utf8(id)?;
            self.expect(",")?;
            let path = self.string()?;
            let path = self.utf8(path)?;
            if !path.is_empty() && !path.starts_with('/') {
                return self.err(format!("bad path '{path}' in derivation"));
            }
            self.expect(",")?;
            let algo = self.string()?;
            let algo = self.utf8(algo)?;
            self.expect(",")?;
            let hash = self.string()?;
            let hash = self.utf8(hash)?;
            self.expect(")")?;
            let out = self.output(path, algo, hash)?;
            drv.outputs.insert(id, out);
        }
        self.expect(",[")?;
        while !self.end_of_list() {
            self.expect("(")?;
            let p = self.store_path()?;
            self.expect(",[")?;
            let mut outs = OutputNames::new();
            for o in self.string_list()? {
                outs.insert(self.utf8(o)?);
            }
            self.expect(")")?;
            drv.input_drvs.insert(p, outs);
        }
        self.expect(",[")?;
        while !self.end_of_list() {
            let p = self.store_path()?;
            drv.input_srcs.insert(p);
        }
        self.expect(",")?;
        drv.system = self.string()?;
        self.expect(",")?;
        drv.builder = self.string()?;
        self.expect(",[")?;
        drv.args = self.string_list()?;
        self.expect(",[")?;
        while !self.end_of_list() {
            self.expect("(")?;
            let k = self.string()?;
            self.expect(",")?;
            let v = self.string()?;
            self.expect(")")?;
            drv.env.insert(k, v);
        }
        self.expect(")")?;
        if self.pos != self.s.len() {
            return self.err("trailing data after derivation");
        }
        Ok(drv)
    }
}

#[cfg(test)]
mod tests;
