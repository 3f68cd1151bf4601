//! Derivations and store paths: `derivationStrict`, `placeholder`,
//! `toFile`, `storePath`, `path` and `filterSource`.
//!
//! `derivationStrict` turns a set of attributes into a store derivation
//! exactly as CppNix does (spec `derivations.md` §3): attributes are
//! coerced into the environment (or serialised into `__json` with
//! structured attributes), string context becomes the input derivations
//! and sources, and [`nixlite_store::Derivation::finalize`] computes the
//! output paths (hash modulo) and the `.drv` path. Nothing is written to
//! a store: every derivation made, every `toFile` text and every path
//! added with `builtins.path` is recorded in the evaluator's table, from
//! which [`derivation`] and [`sources`] give a builder everything it needs
//! (see the `nixlite` crate's `instantiate`).

use super::context::{elem_path, expect_string_no_ctx, force_string_no_ctx, store_dir, string_with};
use super::{builtin, Builtin};
use crate::error::{ErrorKind, EvalError, Result};
use crate::eval::{os_path, CoerceMode, Evaluator};
use crate::value::number_format::format_float_f;
use crate::value::{Attrs, Context, ContextElem, StringBuilder, StringContext, Value};
use nixlite_store::nar::{hash_file_flat, nar_hash_path, nar_hash_path_filtered};
use nixlite_store::store_path::{check_name, compute_closure};
use nixlite_store::{
    Derivation, DerivationOutput, DrvHashCache, FileIngestionMethod, FileKind, FixedOutputHash, Hash, HashAlgo,
    NarError, StdFs, StoreDir, StorePath,
};
use nixlite_syntax::source::Span;
use nixlite_syntax::Symbol;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Display;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// The store crate, for users of this module's API.
pub use nixlite_store as store;

pub(crate) const BUILTINS: &[Builtin] = &[
    builtin!(
        "derivationStrict",
        1,
        [0],
        "`derivationStrict attrs`: makes the store derivation described by `attrs` (which needs `name`, `system` and `builder`; every other attribute goes into the builder's environment, or into `__json` with `__structuredAttrs = true`) and returns its paths: `{ drvPath = …; out = …; }` with one attribute per output. This is the primitive behind `derivation`, which is what to use. Example: `(builtins.derivationStrict { name = \"x\"; system = \"x86_64-linux\"; builder = \"/bin/sh\"; }).out` is `\"/nix/store/s668cfx1vrqfjryf96jj8wfhg7f67dhj-x\"`.",
        derivation_strict
    ),
    builtin!(
        "placeholder",
        1,
        [0],
        "`placeholder output`: the placeholder string the builder sees replaced by the path of the derivation's output `output`; useful where the output path cannot be written directly (e.g. in `__structuredAttrs`). Example: `builtins.placeholder \"out\"` is `\"/1rz4g4znpzjwh1xymhjpm42vipw92pr73vdgl6xs1hycac8kf2n9\"`.",
        |ev, a, span| {
            let name = expect_string_no_ctx(ev, &a[0], Some(span), "the output name passed to `placeholder`")?;
            let mut text = b"nix-output:".to_vec();
            text.extend_from_slice(name.as_bytes());
            Ok(Value::string(format!("/{}", Hash::sha256(&text).to_nix32()).into_bytes()))
        }
    ),
    builtin!(
        "toFile",
        2,
        [0, 1],
        "`toFile name contents`: the store path of a text file named `name` holding the string `contents` (nothing is written until a build needs it). Store paths in `contents`'s context become the file's references; it may not refer to derivation outputs. Example: `builtins.toFile \"hello.txt\" \"hello\\n\"` is `\"/nix/store/qa1w9gdfrba6jl2r57mb3c43863gqywp-hello.txt\"`.",
        to_file
    ),
    builtin!(
        "storePath",
        1,
        [0],
        "`storePath path`: the string `path`, which must lie in the Nix store, with a context that makes derivations using it depend on its store path (as if it had been added by this evaluation). Not allowed in pure mode. Example: `builtins.storePath \"/nix/store/…-bash-5.2/bin/sh\"`.",
        prim_store_path
    ),
    builtin!(
        "path",
        1,
        [0],
        "`path { path, name ? baseNameOf path, filter ? (p: t: true), recursive ? true, sha256 ? null }`: adds a local file or directory to the store and returns its store path (a string with context). `filter` is called with each entry's absolute path and type (\"regular\", \"directory\", \"symlink\" or \"unknown\") and drops it when it returns false; `recursive = false` hashes a single file flat; `sha256` must match when given. Example: `builtins.path { path = ./src; name = \"source\"; filter = p: t: baseNameOf p != \".git\"; }`.",
        prim_path
    ),
    builtin!(
        "filterSource",
        2,
        [0, 1],
        "`filterSource filter path`: adds the directory `path` to the store, leaving out each entry for which `filter absolutePath type` is false (type is \"regular\", \"directory\", \"symlink\" or \"unknown\"); the same as `builtins.path { inherit path filter; }`. Example: `builtins.filterSource (p: t: t != \"symlink\") ./src`.",
        filter_source
    ),
];

// ---------------------------------------------------------------------------
// The evaluator's table of store objects
// ---------------------------------------------------------------------------

/// How to create a store object that is not a derivation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// A text file (`builtins.toFile`): these bytes, referring to these
    /// store paths.
    Text {
        /// The exact contents.
        contents: Rc<[u8]>,
        /// The store paths the text refers to.
        references: BTreeSet<StorePath>,
    },
    /// A local file or directory copied whole (its NAR is hashed): path
    /// interpolation, `builtins.path`, `filterSource`.
    Nar {
        /// Where the contents come from.
        from: PathBuf,
        /// SHA-256 of the NAR (of the filtered tree).
        hash: Hash,
        /// For filtered copies: the entries kept, relative to `from`
        /// (every kept file, directory and symlink); `None` keeps all.
        include: Option<Vec<PathBuf>>,
    },
    /// A local regular file hashed flat (`builtins.path { recursive = false; }`).
    Flat {
        /// Where the contents come from.
        from: PathBuf,
        /// SHA-256 of the file.
        hash: Hash,
    },
    /// A fixed-output result the evaluation computed but did not fetch
    /// (`fetchurl`/`fetchTarball` of a URL with a known hash): the builder
    /// downloads it (and unpacks it, for `"tarball"`) and checks the hash.
    #[allow(dead_code)] // until the fetchers record what they did not download
    Fetch {
        /// `"url"` (the file as downloaded) or `"tarball"` (its unpacked contents).
        kind: &'static str,
        /// Where to download it from.
        url: String,
        /// How the hash is taken: the file's bytes (flat) or the NAR.
        method: FileIngestionMethod,
        /// The expected hash.
        hash: Hash,
    },
}

/// The derivations and sources an evaluation made.
#[derive(Default)]
struct DrvState {
    /// Hash modulo of every derivation made (CppNix `drvHashes`).
    hashes: DrvHashCache,
    /// The `.drv` text of every derivation made, by `.drv` path (only the
    /// text is kept: it is small, and parsed again when needed).
    drvs: HashMap<StorePath, Rc<[u8]>>,
    /// `toFile` texts and `builtins.path`/`filterSource` copies.
    sources: HashMap<StorePath, Source>,
}

thread_local! {
    // Keyed by nothing but content-addressed store paths, so evaluators
    // of one thread can share it (like symbols, which are per thread).
    static STATE: RefCell<DrvState> = RefCell::new(DrvState::default());
}

/// Runs `f` on the derivation table. Never call back into the evaluator
/// from `f`.
fn with_state<R>(_ev: &Evaluator, f: impl FnOnce(&mut DrvState) -> R) -> R {
    STATE.with(|s| f(&mut s.borrow_mut()))
}

/// A derivation this evaluation made.
#[derive(Clone, Debug)]
pub struct StoredDerivation {
    /// The derivation.
    pub drv: Derivation,
    /// Its exact `.drv` text.
    pub aterm: Rc<[u8]>,
}

/// The derivation made by this evaluation whose `.drv` path is `drv_path`.
pub fn derivation(ev: &Evaluator, drv_path: &StorePath) -> Option<StoredDerivation> {
    let store = StoreDir::new(&ev.settings.store_dir).ok()?;
    let aterm = with_state(ev, |s| s.drvs.get(drv_path).cloned())?;
    let drv = parse_stored(&store, drv_path, &aterm)?;
    Some(StoredDerivation { drv, aterm })
}

/// Parses a `.drv` text this evaluation wrote (so it cannot fail).
fn parse_stored(store: &StoreDir, drv_path: &StorePath, aterm: &[u8]) -> Option<Derivation> {
    let name = drv_path.derivation_name()?;
    Derivation::parse_aterm(aterm, name, store).ok()
}

/// How to create each of `paths` that this evaluation made without a
/// derivation (`toFile` texts, copied paths, `builtins.path`); paths it
/// does not know are left out. The NAR hash of a plain copied path is
/// computed here.
pub fn sources(
    ev: &Evaluator,
    paths: &BTreeSet<StorePath>,
) -> std::result::Result<BTreeMap<StorePath, Source>, String> {
    let mut out = BTreeMap::new();
    let mut missing = BTreeSet::new();
    with_state(ev, |s| {
        for p in paths {
            match s.sources.get(p) {
                Some(src) => {
                    out.insert(p.clone(), src.clone());
                }
                None => {
                    missing.insert(p.clone());
                }
            }
        }
    });
    if missing.is_empty() {
        return Ok(out);
    }
    let store = StoreDir::new(&ev.settings.store_dir).map_err(|e| e.to_string())?;
    for (from, copied) in &ev.store_cache {
        let Ok(sp) = store.parse(&copied.to_str_lossy()) else {
            continue;
        };
        if missing.remove(&sp) {
            let from = os_path(from).to_path_buf();
            let hash = nar_hash_path(&StdFs, &from)
                .map_err(|e| format!("cannot read `{}`: {e}", from.display()))?
                .hash;
            out.insert(
                sp,
                Source::Nar {
                    from,
                    hash,
                    include: None,
                },
            );
        }
    }
    Ok(out)
}

/// The store references of a store object this evaluation made: a
/// derivation's inputs, a text's references; nothing for other paths.
pub fn references(ev: &Evaluator, path: &StorePath) -> BTreeSet<StorePath> {
    match StoreDir::new(&ev.settings.store_dir) {
        Ok(store) => with_state(ev, |s| references_in(s, &store, path)),
        Err(_) => BTreeSet::new(),
    }
}

fn references_in(s: &DrvState, store: &StoreDir, path: &StorePath) -> BTreeSet<StorePath> {
    if let Some(aterm) = s.drvs.get(path) {
        return parse_stored(store, path, aterm)
            .map(|d| d.references())
            .unwrap_or_default();
    }
    match s.sources.get(path) {
        Some(Source::Text { references, .. }) => references.clone(),
        _ => BTreeSet::new(),
    }
}

/// Records how to create the store object `path` (for `nixlite instantiate`):
/// the builtins that make store paths without a derivation call this.
pub(crate) fn record_source(ev: &Evaluator, path: &StorePath, source: Source) {
    with_state(ev, |s| {
        s.sources.entry(path.clone()).or_insert(source);
    });
}

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

fn invalid(message: impl Into<String>, span: Span) -> EvalError {
    EvalError::new(ErrorKind::Invalid, message).at(Some(span))
}

fn store_err(what: &str, e: impl Display, span: Span) -> EvalError {
    invalid(format!("{what}: {e}"), span)
}

fn sym(name: &str) -> Symbol {
    Symbol::intern(name)
}

/// A string holding a store path, with a one-element context.
fn path_string(store: &StoreDir, path: &StorePath, elem: ContextElem) -> Value {
    string_with(store.print(path).as_bytes(), Some(Context::from([elem])))
}

/// A string holding a store path, with that path as its context.
fn plain_path_string(store: &StoreDir, path: &StorePath) -> Value {
    let printed = store.print(path);
    path_string(store, path, ContextElem::Plain(printed.into_bytes().into()))
}

/// Coerces `v` as `derivationStrict` does for attribute values and
/// arguments (CppNix `coerceToString` with `coerceMore` and
/// `copyToStore`): strings keep their context, paths are copied to the
/// store, numbers, Booleans and null are printed (`true` → `"1"`, floats
/// with six decimals), lists are joined with spaces (no space after an
/// empty list), sets use `__toString` or `outPath`.
fn coerce_drv(ev: &mut Evaluator, v: &Value, ctx: &mut Context, span: Span) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    coerce_into(ev, v, ctx, span, &mut out)?;
    Ok(out)
}

fn coerce_into(ev: &mut Evaluator, v: &Value, ctx: &mut Context, span: Span, out: &mut Vec<u8>) -> Result<()> {
    ev.with_stack(|ev| coerce_inner(ev, v, ctx, span, out))
}

fn coerce_inner(ev: &mut Evaluator, v: &Value, ctx: &mut Context, span: Span, out: &mut Vec<u8>) -> Result<()> {
    let mut v = ev.force(v)?;
    // A set's `__toString` result or `outPath` is coerced in the same
    // frame: a chain of derivations passes through here once per link.
    // The hops are counted, as calls are: they may never end.
    let mut hops = 0;
    while let Value::Attrs(a) = &v {
        hops += 1;
        if hops > ev.settings.max_call_depth {
            return Err(ev.too_deep(Some(span)));
        }
        let next = if let Some(f) = a.get(ev.known.to_string) {
            let f = f.clone();
            ev.call(&f, v.clone(), Some(span))?
        } else if let Some(p) = a.get(ev.known.out_path) {
            p.clone()
        } else {
            return Err(cannot_coerce(&v, span));
        };
        v = ev.force_value(next)?;
    }
    match &v {
        Value::String(s) => {
            out.extend_from_slice(s.as_bytes());
            if let Some(c) = s.context() {
                ctx.extend(c.iter().cloned());
            }
        }
        Value::Path(p) => {
            let s = ev.copy_path_to_store(&p.0, Some(span))?;
            out.extend_from_slice(s.as_bytes());
            if let Some(c) = s.context() {
                ctx.extend(c.iter().cloned());
            }
        }
        Value::Int(n) => out.extend_from_slice(itoa::Buffer::new().format(*n).as_bytes()),
        Value::Float(f) => out.extend_from_slice(format_float_f(*f).as_bytes()),
        Value::Bool(b) => {
            if *b {
                out.push(b'1');
            }
        }
        Value::Null => {}
        Value::List(l) => {
            let items = l.to_vec();
            for (i, item) in items.iter().enumerate() {
                // Counted as nesting: a list may contain itself.
                ev.nested(Some(span), |ev| coerce_inner(ev, item, ctx, span, out))?;
                if i + 1 < items.len() {
                    let empty_list = matches!(ev.force(item)?, Value::List(l) if l.is_empty());
                    if !empty_list {
                        out.push(b' ');
                    }
                }
            }
        }
        _ => return Err(cannot_coerce(&v, span)),
    }
    Ok(())
}

fn cannot_coerce(v: &Value, span: Span) -> EvalError {
    EvalError::type_error(format!(
        "cannot coerce {} to a string: {}",
        v.type_phrase(),
        crate::print::abbreviate(v)
    ))
    .at(Some(span))
}

/// A value standing for a path (CppNix `coerceToPath`): a path, or a string
/// (or set coercing to one) holding an absolute path; canonicalised.
fn coerce_to_path(
    ev: &mut Evaluator,
    v: &Value,
    span: Span,
    what: &str,
) -> Result<(Vec<u8>, Option<Rc<StringContext>>)> {
    let v = ev.force(v)?;
    let (bytes, ctx) = match &v {
        Value::Path(p) => (p.0.clone(), None),
        _ => {
            let s = ev.coerce_to_string(&v, CoerceMode::Interpolation, Some(span))?;
            (s.as_bytes().to_vec(), s.context().cloned())
        }
    };
    if !bytes.starts_with(b"/") {
        return Err(invalid(
            format!(
                "string `{}` doesn't represent an absolute path",
                String::from_utf8_lossy(&bytes)
            ),
            span,
        )
        .with_label(format!("{what} must be an absolute path")));
    }
    Ok((crate::resolve::canonicalise(&bytes), ctx))
}

/// The name of a store object, checked against the store's rules.
fn store_name(bytes: &[u8], span: Span, what: &str) -> Result<String> {
    let name = String::from_utf8_lossy(bytes).into_owned();
    check_name(&name).map_err(|e| store_err(&format!("invalid {what} `{name}`"), e, span))?;
    Ok(name)
}

// ---------------------------------------------------------------------------
// derivationStrict
// ---------------------------------------------------------------------------

/// What `derivationStrict` collects from the attributes.
#[derive(Default)]
struct Collected {
    drv: Derivation,
    context: Context,
    outputs: Vec<String>,
    output_hash: Option<Vec<u8>>,
    output_hash_algo: Vec<u8>,
    ingestion: Option<FileIngestionMethod>,
}

impl Collected {
    /// A new collection, on the heap: [`build_derivation`]'s frame is on
    /// the native stack once per link of a chain of derivations, and this
    /// is big.
    #[inline(never)]
    fn boxed(name: &str) -> Box<Collected> {
        Box::new(Collected {
            drv: Derivation::new(name),
            outputs: vec!["out".to_owned()],
            ..Collected::default()
        })
    }
}

fn derivation_strict(ev: &mut Evaluator, a: &mut [Value], span: Span) -> Result<Value> {
    let attrs = ev.expect_attrs(&a[0], Some(span), "the argument of `derivationStrict`")?;
    let Some(name_value) = attrs.get(sym("name")).cloned() else {
        return Err(
            EvalError::new(ErrorKind::MissingAttr, "required attribute `name` missing")
                .at(Some(span))
                .with_label("this derivation has no `name`")
                .with_help("every derivation needs `name`, `system` and `builder`"),
        );
    };
    let name = force_string_no_ctx(ev, &name_value, Some(span), "the derivation name")
        .map_err(|e| e.context(Some(span), "while evaluating the derivation attribute `name`"))?;
    let name = String::from_utf8_lossy(name.as_bytes()).into_owned();
    build_derivation(ev, &attrs, &name, span)
        .map_err(|e| e.context(Some(span), format!("while evaluating the derivation `{name}`")))
}

#[inline(never)]
fn build_derivation(ev: &mut Evaluator, attrs: &Attrs, name: &str, span: Span) -> Result<Value> {
    let store = store_dir(ev, Some(span))?;
    let structured = match attrs.get(sym("__structuredAttrs")) {
        Some(v) => ev.force_bool(&v.clone(), Some(span), "`__structuredAttrs`")?,
        None => false,
    };
    let ignore_nulls = match attrs.get(sym("__ignoreNulls")) {
        Some(v) => ev.force_bool(&v.clone(), Some(span), "`__ignoreNulls`")?,
        None => false,
    };

    let mut c = Collected::boxed(name);
    let mut json: Vec<u8> = vec![b'{'];
    let items: Vec<(Symbol, Value)> = attrs.iter().map(|(k, v)| (k, v.clone())).collect();
    for (key, value) in items {
        let key_bytes = key.as_bytes();
        if key_bytes == b"__ignoreNulls" {
            continue;
        }
        collect_attribute(ev, &mut c, &mut json, structured, ignore_nulls, key_bytes, &value, span)
            .map_err(|e| attribute_error(e, key, name, span))?;
    }
    if structured {
        json.push(b'}');
        c.drv.env.insert(b"__json".to_vec(), json);
    }
    finish_derivation(ev, c, name, &store, span)
}

#[cold]
#[inline(never)]
fn attribute_error(e: EvalError, key: Symbol, name: &str, span: Span) -> EvalError {
    e.context(
        Some(span),
        format!("while evaluating the attribute `{key}` of the derivation `{name}`"),
    )
}

/// The second half of [`build_derivation`], once every attribute is
/// collected: checks, output paths, the `.drv` path. (Out of line: a
/// chain of derivations nests the first half once per link, and this
/// half's locals would make every level's native stack frame large.)
#[inline(never)]
fn finish_derivation(ev: &mut Evaluator, c: Box<Collected>, name: &str, store: &StoreDir, span: Span) -> Result<Value> {
    let mut c = *c;

    context_to_inputs(ev, store, &mut c, span)?;

    if c.drv.builder.is_empty() {
        return Err(missing_required("builder", span));
    }
    if c.drv.system.is_empty() {
        return Err(missing_required("system", span));
    }
    if name.ends_with(".drv") {
        return Err(invalid(
            format!("derivation names are not allowed to end in `.drv`: `{name}`"),
            span,
        ));
    }
    check_name(name).map_err(|e| store_err("invalid derivation name", e, span))?;

    if let Some(hash_text) = &c.output_hash {
        if c.outputs.len() != 1 || c.outputs[0] != "out" {
            return Err(
                invalid("multiple outputs are not supported in fixed-output derivations", span)
                    .with_help("a derivation with `outputHash` has exactly one output, `out`"),
            );
        }
        let hash_text = String::from_utf8_lossy(hash_text).into_owned();
        let algo_text = String::from_utf8_lossy(&c.output_hash_algo).into_owned();
        // An unknown algorithm name counts as none (CppNix `parseHashAlgoOpt`):
        // the hash must then name its algorithm itself.
        let algo = HashAlgo::parse_opt(&algo_text).ok().flatten();
        let hash =
            Hash::parse_any_allow_empty(&hash_text, algo).map_err(|e| store_err("invalid `outputHash`", e, span))?;
        if hash_text.is_empty() {
            ev.emit_trace(&format!("warning: found empty hash, assuming '{}'", hash.to_sri()));
        }
        let method = c.ingestion.unwrap_or(FileIngestionMethod::Flat);
        c.drv.outputs.insert(
            "out".to_owned(),
            DerivationOutput::Fixed(FixedOutputHash { method, hash }),
        );
    } else {
        for o in &c.outputs {
            c.drv.outputs.insert(o.clone(), DerivationOutput::Deferred);
        }
    }

    let done = with_state(ev, |s| {
        let DrvState { hashes, drvs, .. } = s;
        let mut load = |p: &StorePath| {
            drvs.get(p)
                .and_then(|aterm| parse_stored(store, p, aterm))
                .ok_or_else(|| nixlite_store::DerivationError::UnknownDerivation(p.clone()))
        };
        c.drv.finalize(store, hashes, &mut load)
    })
    .map_err(|e| store_err("cannot compute the derivation's store paths", e, span))?;

    let mut result = Vec::with_capacity(done.output_paths.len() + 1);
    let drv_printed: Box<[u8]> = store.print(&done.drv_path).into_bytes().into();
    result.push((
        sym("drvPath"),
        path_string(store, &done.drv_path, ContextElem::AllOutputs(drv_printed.clone())),
    ));
    for (o, p) in &done.output_paths {
        let elem = ContextElem::Output(drv_printed.clone(), o.as_bytes().into());
        result.push((Symbol::intern(o), path_string(store, p, elem)));
    }
    let aterm: Rc<[u8]> = done.aterm.into();
    with_state(ev, |s| {
        s.drvs.entry(done.drv_path).or_insert(aterm);
    });
    Ok(Value::attrs(Attrs::from_pairs(result)))
}

fn missing_required(attr: &str, span: Span) -> EvalError {
    EvalError::new(ErrorKind::MissingAttr, format!("required attribute `{attr}` missing"))
        .at(Some(span))
        .with_label(format!("this derivation has no (or an empty) `{attr}`"))
        .with_help("every derivation needs `name`, `system` and `builder`")
}

#[allow(clippy::too_many_arguments)]
#[inline(never)]
fn collect_attribute(
    ev: &mut Evaluator,
    c: &mut Collected,
    json: &mut Vec<u8>,
    structured: bool,
    ignore_nulls: bool,
    key: &[u8],
    value: &Value,
    span: Span,
) -> Result<()> {
    if ignore_nulls && matches!(ev.force(value)?, Value::Null) {
        return Ok(());
    }
    match key {
        b"__contentAddressed" | b"__impure" => {
            let what = if key == b"__impure" {
                "impure derivations (experimental feature `impure-derivations`)"
            } else {
                "content-addressed derivations (experimental feature `ca-derivations`)"
            };
            if ev.force_bool(value, Some(span), "this attribute")? {
                return Err(invalid(format!("{what} are not supported by nixlite"), span));
            }
            return Ok(());
        }
        b"args" => {
            let list = ev.force_list(value, Some(span), "`args`")?;
            for item in list.to_vec() {
                let s = coerce_drv(ev, &item, &mut c.context, span)?;
                c.drv.args.push(s);
            }
            return Ok(());
        }
        _ => {}
    }
    if structured {
        if key == b"__structuredAttrs" {
            return Ok(());
        }
        if json.len() > 1 {
            json.push(b',');
        }
        crate::json::escape_json(json, key);
        json.push(b':');
        let mut sb = StringBuilder::new();
        let text = ev.to_json(value, &mut sb, Some(span))?;
        json.extend_from_slice(&text);
        if let Some(ctx) = sb.finish().context() {
            c.context.extend(ctx.iter().cloned());
        }
        match key {
            b"builder" => {
                let s = ev.force_string(value, Some(span), "`builder`")?;
                if let Some(ctx) = s.context() {
                    c.context.extend(ctx.iter().cloned());
                }
                c.drv.builder = s.as_bytes().to_vec();
            }
            b"system" => c.drv.system = no_ctx(ev, value, span, "`system`")?,
            b"outputHash" => c.output_hash = Some(no_ctx(ev, value, span, "`outputHash`")?),
            b"outputHashAlgo" => c.output_hash_algo = no_ctx(ev, value, span, "`outputHashAlgo`")?,
            b"outputHashMode" => {
                let mode = no_ctx(ev, value, span, "`outputHashMode`")?;
                c.ingestion = Some(hash_mode(&mode, span)?);
            }
            b"outputs" => {
                let list = ev.force_list(value, Some(span), "`outputs`")?;
                let mut names = Vec::with_capacity(list.len());
                for item in list.to_vec() {
                    names.push(no_ctx(ev, &item, span, "an output name")?);
                }
                c.outputs = output_names(names, span)?;
            }
            _ => {}
        }
    } else {
        let s = coerce_drv(ev, value, &mut c.context, span)?;
        match key {
            b"builder" => c.drv.builder = s.clone(),
            b"system" => c.drv.system = s.clone(),
            b"outputHash" => c.output_hash = Some(s.clone()),
            b"outputHashAlgo" => c.output_hash_algo = s.clone(),
            b"outputHashMode" => c.ingestion = Some(hash_mode(&s, span)?),
            b"outputs" => {
                let names = s
                    .split(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
                    .filter(|w| !w.is_empty())
                    .map(<[u8]>::to_vec)
                    .collect();
                c.outputs = output_names(names, span)?;
            }
            _ => {}
        }
        c.drv.env.insert(key.to_vec(), s);
    }
    Ok(())
}

fn no_ctx(ev: &mut Evaluator, v: &Value, span: Span, what: &str) -> Result<Vec<u8>> {
    Ok(force_string_no_ctx(ev, v, Some(span), what)?.as_bytes().to_vec())
}

fn hash_mode(mode: &[u8], span: Span) -> Result<FileIngestionMethod> {
    match mode {
        b"flat" => Ok(FileIngestionMethod::Flat),
        b"recursive" | b"nar" => Ok(FileIngestionMethod::Recursive),
        b"text" | b"git" => Err(invalid(
            format!(
                "`outputHashMode = \"{}\"` needs an experimental feature nixlite does not support",
                String::from_utf8_lossy(mode)
            ),
            span,
        )),
        _ => Err(invalid(
            format!("invalid value `{}` for `outputHashMode`", String::from_utf8_lossy(mode)),
            span,
        )
        .with_help("use \"flat\" (hash of a single file) or \"recursive\" (hash of the NAR)")),
    }
}

fn output_names(names: Vec<Vec<u8>>, span: Span) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::with_capacity(names.len());
    for n in names {
        let n = String::from_utf8_lossy(&n).into_owned();
        if out.contains(&n) {
            return Err(invalid(format!("duplicate derivation output `{n}`"), span));
        }
        if n == "drvPath" {
            return Err(invalid("invalid derivation output name `drvPath`", span)
                .with_help("`drvPath` is the attribute holding the derivation's own path"));
        }
        out.push(n);
    }
    if out.is_empty() {
        return Err(invalid("derivation cannot have an empty set of outputs", span));
    }
    out.sort();
    Ok(out)
}

/// Turns the collected string context into input sources and derivations
/// (spec `derivations.md` §4.3).
fn context_to_inputs(ev: &Evaluator, store: &StoreDir, c: &mut Collected, span: Span) -> Result<()> {
    let parse = |p: &[u8]| {
        store
            .parse(&String::from_utf8_lossy(p))
            .map_err(|e| store_err("invalid store path in string context", e, span))
    };
    let mut deep = Vec::new();
    for elem in std::mem::take(&mut c.context) {
        match &elem {
            ContextElem::Plain(p) => {
                c.drv.input_srcs.insert(parse(p)?);
            }
            ContextElem::Output(d, o) => {
                let o = String::from_utf8_lossy(o).into_owned();
                c.drv.input_drvs.entry(parse(d)?).or_default().insert(o);
            }
            ContextElem::AllOutputs(d) => deep.push((parse(d)?, d.clone())),
        }
    }
    if deep.is_empty() {
        return Ok(());
    }
    with_state(ev, |s| {
        for (root, shown) in deep {
            if !s.drvs.contains_key(&root) {
                return Err(invalid(
                    format!(
                        "derivation `{}` is not known to this evaluation",
                        String::from_utf8_lossy(&shown)
                    ),
                    span,
                ));
            }
            let closure = compute_closure([root], &mut |p: &StorePath| {
                Ok::<_, EvalError>(references_in(s, store, p))
            })?;
            for p in closure {
                if let Some(d) = s.drvs.get(&p).and_then(|aterm| parse_stored(store, &p, aterm)) {
                    c.drv.input_drvs.entry(p.clone()).or_default().extend(d.output_names());
                }
                c.drv.input_srcs.insert(p);
            }
        }
        Ok(())
    })
}

// ---------------------------------------------------------------------------
// toFile, storePath, path, filterSource
// ---------------------------------------------------------------------------

fn to_file(ev: &mut Evaluator, a: &mut [Value], span: Span) -> Result<Value> {
    let name = expect_string_no_ctx(ev, &a[0], Some(span), "the file name passed to `toFile`")?;
    let contents = ev.expect_string(&a[1], Some(span), "the contents passed to `toFile`")?;
    let store = store_dir(ev, Some(span))?;
    let name = store_name(name.as_bytes(), span, "file name for `toFile`")?;
    let mut references = BTreeSet::new();
    if let Some(ctx) = contents.context() {
        for elem in ctx.iter() {
            match elem {
                ContextElem::Plain(p) => {
                    let p = store
                        .parse(&String::from_utf8_lossy(p))
                        .map_err(|e| store_err("invalid store path in string context", e, span))?;
                    references.insert(p);
                }
                other => {
                    return Err(invalid(
                        format!(
                            "in `toFile`: the file named `{name}` must not contain a reference to a derivation but contains `{}`",
                            String::from_utf8_lossy(elem_path(other))
                        ),
                        span,
                    )
                    .with_help("a text file can only refer to plain store paths; build a derivation instead"))
                }
            }
        }
    }
    let path = store
        .text_path(&name, contents.as_bytes(), &references)
        .map_err(|e| store_err("cannot compute the path of `toFile`", e, span))?;
    record_source(
        ev,
        &path,
        Source::Text {
            contents: contents.as_bytes().into(),
            references,
        },
    );
    Ok(plain_path_string(&store, &path))
}

fn prim_store_path(ev: &mut Evaluator, a: &mut [Value], span: Span) -> Result<Value> {
    if ev.settings.pure {
        return Err(invalid(
            "`builtins.storePath` is not allowed in pure evaluation mode",
            span,
        ));
    }
    let (path, ctx) = coerce_to_path(ev, &a[0], span, "the argument of `storePath`")?;
    let store = store_dir(ev, Some(span))?;
    let text = String::from_utf8_lossy(&path).into_owned();
    if !store.is_in_store(&text) {
        return Err(invalid(format!("path `{text}` is not in the Nix store"), span));
    }
    let (sp, _) = store
        .to_store_path(&text)
        .map_err(|e| store_err(&format!("path `{text}` is not in the Nix store"), e, span))?;
    let mut context: Context = ctx.map(|c| c.to_set()).unwrap_or_default();
    context.insert(ContextElem::Plain(store.print(&sp).into_bytes().into()));
    Ok(string_with(&path, Some(context)))
}

/// Errors while hashing a tree through a Nix filter function.
enum FilterError {
    Eval(EvalError),
    Nar(NarError),
}

impl From<NarError> for FilterError {
    fn from(e: NarError) -> FilterError {
        FilterError::Nar(e)
    }
}

impl From<EvalError> for FilterError {
    fn from(e: EvalError) -> FilterError {
        FilterError::Eval(e)
    }
}

/// `builtins.path`'s arguments.
struct AddPath {
    path: Vec<u8>,
    name: Option<Vec<u8>>,
    filter: Option<Value>,
    method: FileIngestionMethod,
    expected: Option<Hash>,
}

fn prim_path(ev: &mut Evaluator, a: &mut [Value], span: Span) -> Result<Value> {
    let attrs = ev.expect_attrs(&a[0], Some(span), "the argument of `builtins.path`")?;
    let mut args = AddPath {
        path: Vec::new(),
        name: None,
        filter: None,
        method: FileIngestionMethod::Recursive,
        expected: None,
    };
    for (key, value) in attrs.iter() {
        match key.as_bytes() {
            b"path" => {
                let (p, ctx) = coerce_to_path(ev, value, span, "`path`")?;
                if let Some(ctx) = ctx {
                    let first = ctx.iter().next().map(elem_path).unwrap_or_default();
                    return Err(invalid(
                        format!(
                            "cannot add `{}` to the store: it refers to the store path `{}`, which nixlite does not have (reading store paths would need import from derivation)",
                            String::from_utf8_lossy(&p),
                            String::from_utf8_lossy(first)
                        ),
                        span,
                    ));
                }
                args.path = p;
            }
            b"name" => args.name = Some(no_ctx(ev, value, span, "`name`")?),
            b"filter" => args.filter = Some(ev.force(value)?),
            b"recursive" => {
                args.method = if ev.force_bool(value, Some(span), "`recursive`")? {
                    FileIngestionMethod::Recursive
                } else {
                    FileIngestionMethod::Flat
                }
            }
            b"sha256" => {
                let text = no_ctx(ev, value, span, "`sha256`")?;
                let text = String::from_utf8_lossy(&text).into_owned();
                let h = Hash::parse_any_allow_empty(&text, Some(HashAlgo::Sha256))
                    .map_err(|e| store_err("invalid `sha256`", e, span))?;
                args.expected = Some(h);
            }
            _ => {
                return Err(
                    invalid(format!("unsupported argument `{key}` to `builtins.path`"), span)
                        .with_help("`builtins.path` takes `path`, `name`, `filter`, `recursive` and `sha256`"),
                )
            }
        }
    }
    if args.path.is_empty() {
        return Err(
            EvalError::new(ErrorKind::MissingAttr, "`builtins.path` needs the attribute `path`").at(Some(span)),
        );
    }
    add_path(ev, args, span)
}

fn filter_source(ev: &mut Evaluator, a: &mut [Value], span: Span) -> Result<Value> {
    let (p, ctx) = coerce_to_path(ev, &a[1], span, "the second argument of `filterSource`")?;
    if !a[0].is_function() {
        return Err(ev.type_mismatch("a function", &a[0], Some(span), "the filter passed to `filterSource`"));
    }
    if ctx.is_some() {
        return Err(invalid(
            format!(
                "cannot add `{}` to the store: it refers to a store path nixlite does not have",
                String::from_utf8_lossy(&p)
            ),
            span,
        ));
    }
    let args = AddPath {
        path: p,
        name: None,
        filter: Some(a[0].clone()),
        method: FileIngestionMethod::Recursive,
        expected: None,
    };
    add_path(ev, args, span)
}

fn add_path(ev: &mut Evaluator, args: AddPath, span: Span) -> Result<Value> {
    let store = store_dir(ev, Some(span))?;
    let name_bytes = match &args.name {
        Some(n) if !n.is_empty() => n.clone(),
        _ => match args.path.iter().rposition(|&b| b == b'/') {
            Some(i) => args.path[i + 1..].to_vec(),
            None => args.path.clone(),
        },
    };
    let name = store_name(&name_bytes, span, "store path name")?;
    let from = os_path(&args.path).to_path_buf();
    let base = String::from_utf8_lossy(&name_bytes).into_owned();
    let io = |e: NarError| invalid(format!("cannot add `{base}` to the store: {}", nar_reason(&e)), span);
    let (dst, source) = match args.method {
        FileIngestionMethod::Flat => {
            let hash = hash_file_flat(&StdFs, &from, HashAlgo::Sha256).map_err(io)?;
            let dst = store
                .make_fixed_output_path(FileIngestionMethod::Flat, &hash, &name, &BTreeSet::new(), false)
                .map_err(|e| store_err("cannot compute the store path", e, span))?;
            (dst, Source::Flat { from, hash })
        }
        FileIngestionMethod::Recursive => {
            let (hash, include) = match &args.filter {
                None => (nar_hash_path(&StdFs, &from).map_err(io)?.hash, None),
                Some(f) => {
                    let (h, inc) = filtered_nar_hash(ev, f, &from, span).map_err(|e| match e {
                        FilterError::Eval(e) => e,
                        FilterError::Nar(e) => io(e),
                    })?;
                    (h, Some(inc))
                }
            };
            let dst = store
                .make_source_path(&name, &hash, &BTreeSet::new(), false)
                .map_err(|e| store_err("cannot compute the store path", e, span))?;
            (dst, Source::Nar { from, hash, include })
        }
    };
    if let Some(expected) = &args.expected {
        let want = store
            .make_fixed_output_path(args.method, expected, &name, &BTreeSet::new(), false)
            .map_err(|e| store_err("cannot compute the store path", e, span))?;
        if want != dst {
            return Err(invalid(
                format!("store path mismatch in (possibly filtered) path `{base}` added to the store"),
                span,
            )
            .with_help(format!(
                "the contents give `{}`, the `sha256` given means `{}`",
                store.print(&dst),
                store.print(&want)
            )));
        }
    }
    record_source(ev, &dst, source);
    Ok(plain_path_string(&store, &dst))
}

/// Why reading a tree failed, without its (long) path.
fn nar_reason(e: &NarError) -> String {
    match e {
        NarError::Io { source, .. } => crate::eval::io_reason(source),
        NarError::UnsupportedType(_) => "it contains a file that is not a regular file, directory or symlink".into(),
        NarError::Truncated(_) => "a file changed while it was being read".into(),
        other => other.to_string(),
    }
}

/// The NAR hash of `root` with the entries `filter` rejects left out, and
/// the kept entries relative to `root`.
fn filtered_nar_hash(
    ev: &mut Evaluator,
    filter: &Value,
    root: &Path,
    span: Span,
) -> std::result::Result<(Hash, Vec<PathBuf>), FilterError> {
    let mut kept = Vec::new();
    let mut call = |p: &Path, kind: FileKind| -> std::result::Result<bool, FilterError> {
        let arg = Value::string(p.as_os_str().as_bytes());
        let g = ev.call(filter, arg, Some(span))?;
        let r = ev.call(&g, Value::string(kind.as_str().as_bytes()), Some(span))?;
        let keep = ev.force_bool(&r, Some(span), "the result of the path filter")?;
        if keep {
            kept.push(p.strip_prefix(root).unwrap_or(p).to_path_buf());
        }
        Ok(keep)
    };
    let h = nar_hash_path_filtered(&StdFs, root, &mut call)?;
    kept.sort();
    Ok((h.hash, kept))
}
