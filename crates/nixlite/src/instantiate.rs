//! Instantiation: from a value that is a derivation (or a set or list of
//! them) to everything a separate builder needs to build it without
//! evaluating Nix.
//!
//! [`Evaluator::instantiate`] finds the derivations in a value as
//! `nix-instantiate` does, then walks their closure (input derivations,
//! `.drv` files and sources, text files' references). The resulting
//! [`Instantiation`] holds every derivation with its exact `.drv` text and
//! every source store object with where its contents come from. It is
//! printed as the JSON document of the spec (`derivation-json.md`: CppNix's
//! derivation JSON format 4 plus a `nixlite` block) by
//! [`Instantiation::to_json`], and can be laid out as a chroot store
//! (`ROOT/nix/store/…`, like CppNix's `--store ROOT`) by
//! [`Instantiation::write_store`]. Nothing is ever written to `/nix/store`.
//!
//! ```
//! let mut nix = nixlite::Evaluator::builder().build();
//! let v = nix
//!     .eval_str(r#"derivation { name = "x"; system = "x86_64-linux"; builder = "/bin/sh"; }"#)
//!     .unwrap();
//! let inst = nix.instantiate(&v, &[]).unwrap();
//! assert_eq!(inst.roots[0].drv_path.to_string(), "97qlv6h78lxlm9zc8849ahsbcklhsi2y-x.drv");
//! let json = inst.to_json().unwrap();
//! assert_eq!(
//!     json["derivations"]["97qlv6h78lxlm9zc8849ahsbcklhsi2y-x.drv"]["outputs"]["out"]["path"],
//!     "s668cfx1vrqfjryf96jj8wfhg7f67dhj-x"
//! );
//! ```

use crate::{Error, Evaluator, Result, Value};
use nixlite_eval::builtins::derivation::store::nar::{hash_file_flat, nar_hash_path, StdFs};
use nixlite_eval::builtins::derivation::store::{FileIngestionMethod, Hash, HashAlgo, StoreDir, StorePath};
use nixlite_eval::builtins::derivation::{self as drv, Source, StoredDerivation};
use nixlite_eval::error::ErrorKind;
use nixlite_syntax::Symbol;
use serde_json::{json, Map, Value as Json};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fs;
use std::io;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// The version of the `nixlite` block of the JSON document.
pub const FORMAT_VERSION: u64 = 1;

/// A derivation the user asked for (one per derivation value found, in
/// `nix-instantiate`'s order).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Root {
    /// Its `.drv` path.
    pub drv_path: StorePath,
    /// The output the value stands for (its `outputName`).
    pub outputs: Vec<String>,
}

/// Everything a builder needs to build some derivations.
#[derive(Clone, Debug)]
pub struct Instantiation {
    /// The store directory all paths live in.
    pub store_dir: StoreDir,
    /// What was asked for.
    pub roots: Vec<Root>,
    /// Every derivation of the closure, with its `.drv` text.
    pub derivations: BTreeMap<StorePath, StoredDerivation>,
    /// Every other store object of the closure this evaluation made, with
    /// where its contents come from.
    pub sources: BTreeMap<StorePath, Source>,
    /// Store paths the closure needs that this evaluation did not make
    /// (`builtins.storePath`): they must already be in the builder's store.
    pub existing: BTreeSet<StorePath>,
}

fn invalid(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::Invalid, message)
}

/// `attr` matches `[A-Za-z_][A-Za-z0-9-_+]*` (the names `nix-instantiate`
/// looks at inside a set).
fn is_derivation_attr_name(name: &[u8]) -> bool {
    match name.split_first() {
        Some((first, rest)) => {
            (first.is_ascii_alphabetic() || *first == b'_')
                && rest
                    .iter()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'+'))
        }
        None => false,
    }
}

impl Evaluator {
    /// Finds the derivations in `value` as `nix-instantiate` does (a
    /// derivation; the derivations directly in a set, and in nested sets
    /// with `recurseForDerivations = true`; the elements of a list;
    /// functions are called with `auto_args` first) and collects their
    /// closure.
    pub fn instantiate(&mut self, value: &Value, auto_args: &[(String, Value)]) -> Result<Instantiation> {
        self.instantiate_all(std::slice::from_ref(value), auto_args)
    }

    /// [`Evaluator::instantiate`] for several values (`-A a -A b`): the
    /// roots of all of them, in order, and their combined closure.
    pub fn instantiate_all(&mut self, values: &[Value], auto_args: &[(String, Value)]) -> Result<Instantiation> {
        let mut found = Vec::new();
        for value in values {
            let mut done = HashSet::new();
            self.get_derivations(value, auto_args, &mut found, &mut done)?;
        }
        let store_dir = StoreDir::new(&self.inner.settings.store_dir)
            .map_err(|e| invalid(format!("invalid store directory: {e}")))?;
        let mut roots = Vec::with_capacity(found.len());
        for (drv_path, output) in found {
            let path = store_dir
                .parse(&drv_path)
                .map_err(|e| invalid(format!("invalid `drvPath` `{drv_path}`: {e}")))?;
            roots.push(Root {
                drv_path: path,
                outputs: vec![output],
            });
        }
        self.closure(store_dir, roots)
    }

    /// The closure of `roots`: every store object reachable through
    /// derivation inputs and text references.
    fn closure(&mut self, store_dir: StoreDir, roots: Vec<Root>) -> Result<Instantiation> {
        let mut derivations = BTreeMap::new();
        let mut others = BTreeSet::new();
        let mut seen: HashSet<StorePath> = HashSet::new();
        let mut todo: Vec<StorePath> = roots.iter().map(|r| r.drv_path.clone()).collect();
        while let Some(p) = todo.pop() {
            if !seen.insert(p.clone()) {
                continue;
            }
            if p.is_derivation() {
                let d = drv::derivation(&self.inner, &p).ok_or_else(|| {
                    invalid(format!(
                        "derivation `{}` was not made by this evaluation, so nixlite cannot give its contents",
                        store_dir.print(&p)
                    ))
                })?;
                todo.extend(d.drv.references().into_iter().filter(|r| !seen.contains(r)));
                derivations.insert(p, d);
            } else {
                todo.extend(
                    drv::references(&self.inner, &p)
                        .into_iter()
                        .filter(|r| !seen.contains(r)),
                );
                others.insert(p);
            }
        }
        let sources = drv::sources(&self.inner, &others).map_err(|e| Error::new(ErrorKind::Io, e))?;
        let existing = others.into_iter().filter(|p| !sources.contains_key(p)).collect();
        Ok(Instantiation {
            store_dir,
            roots,
            derivations,
            sources,
            existing,
        })
    }

    /// CppNix `getDerivations`, with an explicit work stack (values nest
    /// arbitrarily deep) that visits everything in CppNix's order: a set's
    /// attributes by name, each nested set or list completely before the
    /// next attribute or element. A set or list that contains itself is an
    /// error rather than an endless walk.
    fn get_derivations(
        &mut self,
        value: &Value,
        auto_args: &[(String, Value)],
        found: &mut Vec<(String, String)>,
        done: &mut HashSet<*const ()>,
    ) -> Result<()> {
        enum Work {
            /// `getDerivations` of a value.
            Walk(Value, String),
            /// One attribute of a set being walked (`combine`: `_combineChannels`).
            Attr(Value, String, bool),
            /// One element of a list being walked.
            Elem(Value, String),
            /// A set or list whose walk is finished.
            Leave(*const ()),
        }
        let recurse_sym = Symbol::intern("recurseForDerivations");
        let combine_sym = Symbol::intern("_combineChannels");
        let mut visiting: HashSet<*const ()> = HashSet::new();
        let mut stack = vec![Work::Walk(value.clone(), String::new())];
        while let Some(work) = stack.pop() {
            let (item, path) = match work {
                Work::Leave(p) => {
                    visiting.remove(&p);
                    continue;
                }
                Work::Walk(v, path) => (v, path),
                Work::Attr(v, path, combine) => {
                    let trace = |e: Error| e.context(None, format!("while looking for derivations in `{path}`"));
                    if combine {
                        stack.push(Work::Walk(v, path));
                    } else if self.get_derivation(&v, found, done).map_err(trace)? {
                        let v = self.inner.force(&v).map_err(trace)?;
                        if let Value::Attrs(inner) = &v {
                            if let Some(r) = inner.get(recurse_sym).cloned() {
                                let what = "`recurseForDerivations`";
                                if self.inner.force_bool(&r, None, what).map_err(trace)? {
                                    stack.push(Work::Walk(v, path));
                                }
                            }
                        }
                    }
                    continue;
                }
                Work::Elem(v, path) => {
                    let trace = |e: Error| e.context(None, format!("while looking for derivations in `{path}`"));
                    if self.get_derivation(&v, found, done).map_err(trace)? {
                        stack.push(Work::Walk(v, path));
                    }
                    continue;
                }
            };
            let trace = |e: Error| {
                if path.is_empty() {
                    e
                } else {
                    e.context(None, format!("while looking for derivations in `{path}`"))
                }
            };
            let v = self.auto_call(&item, auto_args).map_err(trace)?;
            if !self.get_derivation(&v, found, done).map_err(trace)? {
                continue;
            }
            let join = |name: &str| {
                if path.is_empty() {
                    name.to_owned()
                } else {
                    format!("{path}.{name}")
                }
            };
            match &v {
                Value::Attrs(attrs) => {
                    let ptr = Rc::as_ptr(attrs) as *const ();
                    if !visiting.insert(ptr) {
                        return Err(trace(invalid(
                            "a set contains itself (through `recurseForDerivations`)",
                        )));
                    }
                    stack.push(Work::Leave(ptr));
                    let combine = attrs.contains(combine_sym);
                    let items: Vec<(Symbol, Value)> = attrs
                        .iter()
                        .filter(|(k, _)| is_derivation_attr_name(k.as_bytes()))
                        .map(|(k, v)| (k, v.clone()))
                        .collect();
                    for (name, item) in items.into_iter().rev() {
                        stack.push(Work::Attr(item, join(&name.to_str_lossy()), combine));
                    }
                }
                Value::List(list) => {
                    let ptr = Rc::as_ptr(list) as *const ();
                    if !visiting.insert(ptr) {
                        return Err(trace(invalid("a list contains itself")));
                    }
                    stack.push(Work::Leave(ptr));
                    for (i, item) in list.to_vec().into_iter().enumerate().rev() {
                        stack.push(Work::Elem(item, join(&i.to_string())));
                    }
                }
                other => {
                    return Err(trace(Error::type_error(format!(
                        "expression does not evaluate to a derivation (or a set or list of those) but to {}",
                        other.type_phrase()
                    ))))
                }
            }
        }
        Ok(())
    }

    /// CppNix `getDerivation`: records `value` if it is a derivation not
    /// seen yet; `true` if it is not a derivation (look inside it).
    fn get_derivation(
        &mut self,
        value: &Value,
        found: &mut Vec<(String, String)>,
        done: &mut HashSet<*const ()>,
    ) -> Result<bool> {
        let v = self.inner.force(value)?;
        let Value::Attrs(attrs) = &v else {
            return Ok(true);
        };
        let Some(ty) = attrs.get(Symbol::intern("type")).cloned() else {
            return Ok(true);
        };
        let ty = self.inner.force(&ty)?;
        if !matches!(&ty, Value::String(s) if s.as_bytes() == b"derivation") {
            return Ok(true);
        }
        if !done.insert(Rc::as_ptr(attrs) as *const ()) {
            return Ok(false);
        }
        let drv_path = match attrs.get(Symbol::intern("drvPath")).cloned() {
            Some(p) => self.inner.force_string(&p, None, "`drvPath`")?,
            None => {
                return Err(invalid(
                    "a derivation (a set with `type = \"derivation\"`) lacks `drvPath`",
                ))
            }
        };
        let output = match attrs.get(Symbol::intern("outputName")).cloned() {
            Some(o) => self.inner.force_string(&o, None, "`outputName`")?,
            None => {
                return Err(invalid(format!(
                    "derivation `{}` lacks an `outputName` attribute",
                    drv_path.to_str_lossy()
                )))
            }
        };
        found.push((drv_path.to_str_lossy().into_owned(), output.to_str_lossy().into_owned()));
        Ok(false)
    }
}

fn utf8(bytes: &[u8], what: impl FnOnce() -> String) -> Result<String> {
    String::from_utf8(bytes.to_vec()).map_err(|_| invalid(format!("{} is not valid UTF-8", what())))
}

fn path_text(p: &Path) -> Result<String> {
    p.to_str()
        .map(str::to_owned)
        .ok_or_else(|| invalid(format!("the path `{}` is not valid UTF-8", p.display())))
}

impl Instantiation {
    /// The `.drv` paths of the roots, as `nix-instantiate` prints them
    /// (`/nix/store/…drv`, with `!output` for an output other than `out`).
    pub fn root_lines(&self) -> Vec<String> {
        self.roots
            .iter()
            .map(|r| {
                let mut s = self.store_dir.print(&r.drv_path);
                if let Some(o) = r.outputs.first().filter(|o| *o != "out") {
                    s.push('!');
                    s.push_str(o);
                }
                s
            })
            .collect()
    }

    /// The JSON document (spec `derivation-json.md`): `derivations` in
    /// CppNix's format 4, keyed by `.drv` base name, and the `nixlite`
    /// block with `roots`, the exact `aterm` of each derivation, the
    /// `sources` to create, the `fetches` to download (fixed-output results
    /// of fetchers with a known hash) and the `existing` store paths the
    /// builder must already have. Keys are sorted.
    pub fn to_json(&self) -> Result<Json> {
        let mut derivations = Map::new();
        let mut aterm = Map::new();
        for (path, d) in &self.derivations {
            let j = d
                .drv
                .to_json_v4()
                .map_err(|e| invalid(format!("derivation `{path}`: {e}")))?;
            derivations.insert(path.to_string(), j);
            aterm.insert(
                path.to_string(),
                Json::String(utf8(&d.aterm, || format!("the .drv text of `{path}`"))?),
            );
        }
        let (mut sources, mut fetches) = (Map::new(), Map::new());
        for (path, src) in &self.sources {
            match src {
                Source::Fetch {
                    kind,
                    url,
                    method,
                    hash,
                } => {
                    let method = if *method == FileIngestionMethod::Flat {
                        "flat"
                    } else {
                        "nar"
                    };
                    let fetch = json!({ "kind": kind, "url": url, "method": method, "hash": hash.to_sri(), "name": path.name() });
                    fetches.insert(path.to_string(), fetch);
                }
                _ => {
                    sources.insert(path.to_string(), source_json(src)?);
                }
            }
        }
        let roots: Vec<Json> = self
            .roots
            .iter()
            .map(|r| json!({ "drvPath": r.drv_path.to_string(), "outputs": r.outputs }))
            .collect();
        let mut nixlite = Map::new();
        nixlite.insert("formatVersion".into(), FORMAT_VERSION.into());
        nixlite.insert("storeDir".into(), self.store_dir.as_str().into());
        nixlite.insert("compat".into(), "latest".into());
        nixlite.insert("roots".into(), Json::Array(roots));
        nixlite.insert("aterm".into(), Json::Object(aterm));
        nixlite.insert("sources".into(), Json::Object(sources));
        if !fetches.is_empty() {
            nixlite.insert("fetches".into(), Json::Object(fetches));
        }
        if !self.existing.is_empty() {
            let existing = self.existing.iter().map(|p| Json::from(p.to_string())).collect();
            nixlite.insert("existing".into(), Json::Array(existing));
        }
        let mut top = Map::new();
        top.insert("version".into(), 4.into());
        top.insert("derivations".into(), Json::Object(derivations));
        top.insert("nixlite".into(), Json::Object(nixlite));
        Ok(Json::Object(top))
    }

    /// [`Instantiation::to_json`] as text, indented by two spaces.
    pub fn to_json_text(&self) -> Result<String> {
        let json = self.to_json()?;
        serde_json::to_string_pretty(&json).map_err(|e| invalid(format!("cannot print the JSON document: {e}")))
    }

    /// Writes every `.drv` file and source of the closure under
    /// `root`/`<store dir>` (e.g. `ROOT/nix/store/…`), as CppNix's
    /// `--store ROOT` lays out a chroot store: read-only files (`0444`,
    /// `0555` when executable) and directories (`0555`), modified at
    /// second 1. Objects already there are left alone; each new one is written
    /// under a temporary name and renamed into place. Copied sources are
    /// checked against the hash their store path was computed from.
    pub fn write_store(&self, root: &Path) -> io::Result<()> {
        let dir = root.join(self.store_dir.as_str().trim_start_matches('/'));
        fs::create_dir_all(&dir)?;
        for (path, d) in &self.derivations {
            write_object(&dir, path, |tmp| fs::write(tmp, &d.aterm))?;
        }
        for (path, src) in &self.sources {
            // Fetches have no contents here: the builder downloads them.
            if !matches!(src, Source::Fetch { .. }) {
                write_object(&dir, path, |tmp| write_source(tmp, src))?;
            }
        }
        Ok(())
    }
}

fn source_json(src: &Source) -> Result<Json> {
    let mut o = Map::new();
    match src {
        Source::Text { contents, references } => {
            o.insert("method".into(), "text".into());
            o.insert("hash".into(), Hash::sha256(contents).to_sri().into());
            let refs = references.iter().map(|r| Json::from(r.to_string())).collect();
            o.insert("references".into(), Json::Array(refs));
            match std::str::from_utf8(contents) {
                Ok(text) => o.insert("contents".into(), text.into()),
                Err(_) => o.insert(
                    "contentsBase64".into(),
                    nixlite_eval::builtins::derivation::store::hash::base64_encode(contents).into(),
                ),
            };
        }
        Source::Nar { from, hash, include } => {
            o.insert("method".into(), "nar".into());
            o.insert("hash".into(), hash.to_sri().into());
            o.insert("from".into(), path_text(from)?.into());
            if let Some(include) = include {
                let list = include
                    .iter()
                    .map(|p| path_text(p).map(Json::from))
                    .collect::<Result<_>>()?;
                o.insert("include".into(), Json::Array(list));
            }
        }
        Source::Flat { from, hash } => {
            o.insert("method".into(), "flat".into());
            o.insert("hash".into(), hash.to_sri().into());
            o.insert("from".into(), path_text(from)?.into());
        }
        Source::Fetch { .. } => {}
    }
    Ok(Json::Object(o))
}

/// Creates the store object `dir/<path>` with `make(tmp)` writing it under
/// a temporary name first; nothing happens if it exists.
fn write_object(dir: &Path, path: &StorePath, make: impl FnOnce(&Path) -> io::Result<()>) -> io::Result<()> {
    let dst = dir.join(path.base_name());
    if fs::symlink_metadata(&dst).is_ok() {
        return Ok(());
    }
    let tmp = dir.join(format!(".tmp-{}-{}", std::process::id(), path.base_name()));
    if fs::symlink_metadata(&tmp).is_ok() {
        remove_tree(&tmp)?;
    }
    let result = make(&tmp).and_then(|()| canonicalise_contents(&tmp));
    if let Err(e) = result {
        let _ = remove_tree(&tmp);
        return Err(e);
    }
    fs::rename(&tmp, &dst)?;
    canonicalise_meta(&dst)
}

fn remove_tree(p: &Path) -> io::Result<()> {
    let meta = fs::symlink_metadata(p)?;
    if meta.is_dir() {
        // Store directories are read-only: make them writable to empty them.
        make_writable(p)?;
        fs::remove_dir_all(p)
    } else {
        fs::remove_file(p)
    }
}

fn make_writable(p: &Path) -> io::Result<()> {
    let meta = fs::symlink_metadata(p)?;
    if meta.is_dir() {
        fs::set_permissions(p, fs::Permissions::from_mode(0o755))?;
        for entry in fs::read_dir(p)? {
            make_writable(&entry?.path())?;
        }
    }
    Ok(())
}

/// Writes a source's contents at `dst` and checks them against its hash.
fn write_source(dst: &Path, src: &Source) -> io::Result<()> {
    let mismatch = |from: &Path| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "`{}` changed since it was evaluated: its hash no longer matches its store path",
                from.display()
            ),
        )
    };
    match src {
        Source::Text { contents, .. } => fs::write(dst, contents),
        Source::Flat { from, hash } => {
            fs::copy(from, dst)?;
            fs::set_permissions(dst, fs::Permissions::from_mode(0o644))?;
            let got = hash_file_flat(&StdFs, dst, HashAlgo::Sha256).map_err(io::Error::other)?;
            if got != *hash {
                return Err(mismatch(from));
            }
            Ok(())
        }
        Source::Fetch { .. } => Ok(()),
        Source::Nar { from, hash, include } => {
            let keep: Option<HashSet<&Path>> = include.as_ref().map(|i| i.iter().map(PathBuf::as_path).collect());
            copy_tree(from, dst, Path::new(""), keep.as_ref())?;
            let got = nar_hash_path(&StdFs, dst).map_err(io::Error::other)?.hash;
            if got != *hash {
                return Err(mismatch(from));
            }
            Ok(())
        }
    }
}

/// Copies the file, symlink or directory `from` to `to` (symlinks are not
/// followed); below the root, only entries in `keep` (relative paths), if given.
fn copy_tree(from: &Path, to: &Path, rel: &Path, keep: Option<&HashSet<&Path>>) -> io::Result<()> {
    let meta = fs::symlink_metadata(from)?;
    let ft = meta.file_type();
    if ft.is_symlink() {
        std::os::unix::fs::symlink(fs::read_link(from)?, to)
    } else if ft.is_dir() {
        fs::create_dir(to)?;
        let mut names: Vec<_> = fs::read_dir(from)?
            .map(|e| e.map(|e| e.file_name()))
            .collect::<io::Result<_>>()?;
        names.sort_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
        for name in names {
            let child_rel = rel.join(&name);
            if keep.is_some_and(|k| !k.contains(child_rel.as_path())) {
                continue;
            }
            copy_tree(&from.join(&name), &to.join(&name), &child_rel, keep)?;
        }
        Ok(())
    } else if ft.is_file() {
        fs::copy(from, to)?;
        let exec = meta.permissions().mode() & 0o100 != 0;
        fs::set_permissions(to, fs::Permissions::from_mode(if exec { 0o755 } else { 0o644 }))
    } else {
        Err(io::Error::new(
            io::ErrorKind::Unsupported,
            format!("`{}` is neither a file, a directory nor a symlink", from.display()),
        ))
    }
}

/// Gives everything below `p` the store's metadata (see
/// [`canonicalise_meta`]), contents before their directory.
fn canonicalise_contents(p: &Path) -> io::Result<()> {
    if fs::symlink_metadata(p)?.is_dir() {
        for entry in fs::read_dir(p)? {
            let child = entry?.path();
            canonicalise_contents(&child)?;
            canonicalise_meta(&child)?;
        }
    }
    Ok(())
}

/// Read-only permissions (`0444`, or `0555` for directories and
/// executables) and modification time 1, as in a Nix store. Symlinks are
/// left as they are.
fn canonicalise_meta(p: &Path) -> io::Result<()> {
    let meta = fs::symlink_metadata(p)?;
    if meta.file_type().is_symlink() {
        return Ok(());
    }
    let exec = meta.is_dir() || meta.permissions().mode() & 0o100 != 0;
    let mtime = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1);
    if meta.is_file() {
        let f = fs::OpenOptions::new().write(true).open(p)?;
        f.set_modified(mtime)?;
    } else {
        let f = fs::File::open(p)?;
        f.set_modified(mtime)?;
    }
    fs::set_permissions(p, fs::Permissions::from_mode(if exec { 0o555 } else { 0o444 }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(src: &str) -> (Evaluator, Value) {
        let mut nix = Evaluator::builder().build();
        let v = nix.eval_str(src).expect("evaluates");
        (nix, v)
    }

    #[test]
    fn roots_closure_and_sources() {
        let (mut nix, v) = eval(
            r#"let
              t = builtins.toFile "t" "text";
              dep = derivation { name = "dep"; system = "x"; builder = "/bin/sh"; outputs = [ "out" "dev" ]; };
            in [ (derivation { name = "top"; system = "x"; builder = "/bin/sh"; a = t; b = dep.dev; }) dep.dev ]"#,
        );
        let inst = nix.instantiate(&v, &[]).expect("instantiates");
        assert_eq!(inst.roots.len(), 2);
        let lines = inst.root_lines();
        assert!(lines[0].ends_with("-top.drv"));
        assert!(lines[1].ends_with("-dep.drv!dev"));
        assert_eq!(inst.derivations.len(), 2);
        assert_eq!(inst.sources.len(), 1);
        let json = inst.to_json().expect("JSON");
        let sources = json["nixlite"]["sources"].as_object().expect("sources");
        let text = sources.values().next().expect("one source");
        assert_eq!(text["method"], "text");
        assert_eq!(text["contents"], "text");
    }

    #[test]
    fn cycles_are_errors() {
        let (mut nix, v) = eval("let l = [ l ]; in l");
        assert!(nix.instantiate(&v, &[]).is_err());
        let (mut nix, v) = eval("let s = { recurseForDerivations = true; inner = s; }; in s");
        assert!(nix.instantiate(&v, &[]).is_err());
    }

    #[test]
    fn not_a_derivation() {
        let (mut nix, v) = eval("42");
        assert!(nix.instantiate(&v, &[]).is_err());
        let (mut nix, v) = eval("{ a = 1; b = { c = 2; }; }");
        assert!(nix
            .instantiate(&v, &[])
            .expect("a set without derivations")
            .roots
            .is_empty());
    }

    #[test]
    fn fetches_and_existing_paths() {
        let store = StoreDir::default();
        let hash = Hash::sha256(b"hello\n");
        let fetched = store
            .make_fixed_output_path(FileIngestionMethod::Flat, &hash, "x.tar.gz", &BTreeSet::new(), false)
            .expect("path");
        let existing = StorePath::from_base_name("97qlv6h78lxlm9zc8849ahsbcklhsi2y-bash").expect("path");
        let mut sources = BTreeMap::new();
        sources.insert(
            fetched.clone(),
            Source::Fetch {
                kind: "url",
                url: "https://example.com/x.tar.gz".into(),
                method: FileIngestionMethod::Flat,
                hash,
            },
        );
        let inst = Instantiation {
            store_dir: store,
            roots: Vec::new(),
            derivations: BTreeMap::new(),
            sources,
            existing: [existing].into_iter().collect(),
        };
        let json = inst.to_json().expect("JSON");
        let fetch = &json["nixlite"]["fetches"][fetched.to_string()];
        assert_eq!(fetch["kind"], "url");
        assert_eq!(fetch["name"], "x.tar.gz");
        assert_eq!(fetch["hash"], hash.to_sri());
        assert_eq!(json["nixlite"]["existing"][0], "97qlv6h78lxlm9zc8849ahsbcklhsi2y-bash");
        assert!(json["nixlite"]["sources"].as_object().is_some_and(|s| s.is_empty()));
    }

    #[test]
    fn write_store_twice() {
        let (mut nix, v) =
            eval(r#"derivation { name = "w"; system = "x"; builder = "/bin/sh"; t = builtins.toFile "t" "text"; }"#);
        let inst = nix.instantiate(&v, &[]).expect("instantiates");
        let root = std::env::temp_dir().join(format!("nixlite-write-store-{}", std::process::id()));
        inst.write_store(&root).expect("first write");
        inst.write_store(&root)
            .expect("second write leaves existing objects alone");
        let store = root.join("nix/store");
        let names: Vec<_> = fs::read_dir(&store)
            .expect("store")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names.len(), 2);
        for name in &names {
            let meta = fs::metadata(store.join(name)).expect("object");
            assert_eq!(meta.permissions().mode() & 0o777, 0o444);
        }
        let _ = make_writable(&root);
        for name in &names {
            let _ = fs::set_permissions(store.join(name), fs::Permissions::from_mode(0o644));
        }
        let _ = fs::remove_dir_all(&root);
    }
}
