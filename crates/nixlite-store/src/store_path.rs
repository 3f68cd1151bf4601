//! Store paths: the store directory, store path names and hash parts, and
//! the fingerprint scheme that computes them.
//!
//! A store path is `<store dir>/<hash part>-<name>`, where the hash part is
//! 32 nix32 characters (20 bytes) and the name is 1–211 characters from
//! `[A-Za-z0-9+-._?=]`. Its hash part comes from a *fingerprint*
//! (CppNix `makeStorePath`):
//!
//! ```text
//! fingerprint = TYPE ":" algo ":" hex(digest) ":" store_dir ":" name
//! hash part   = nix32(compress20(sha256(fingerprint)))
//! ```
//!
//! where `TYPE` is `text[:ref…]` (`builtins.toFile`, `.drv` files),
//! `source[:ref…][:self]` (paths copied to the store), `output:<id>`
//! (input-addressed derivation outputs) or `output:out` (other fixed
//! outputs, see [`StoreDir::make_fixed_output_path`]).

use std::collections::BTreeSet;
use std::fmt;

use crate::base32;
use crate::hash::{compress_hash, Hash, HashAlgo};

/// Length of a store path hash part in characters.
pub const HASH_PART_LEN: usize = 32;

/// Size of a store path hash part in bytes.
pub const HASH_PART_BYTES: usize = 20;

/// The longest allowed store path name.
pub const MAX_NAME_LEN: usize = 211;

/// The default store directory.
pub const DEFAULT_STORE_DIR: &str = "/nix/store";

/// Errors about store paths and store path names. Messages follow newest
/// CppNix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorePathError {
    /// The name is empty.
    NameEmpty,
    /// The name is longer than [`MAX_NAME_LEN`].
    NameTooLong(String),
    /// The name is `.` or `..`.
    NameInvalid(String),
    /// The name's first dash-separated component is `.` or `..`.
    NameDotComponent {
        /// The name.
        name: String,
        /// `.` or `..`.
        component: &'static str,
    },
    /// The name contains a character outside `[A-Za-z0-9+-._?=]`.
    NameIllegalChar {
        /// The name.
        name: String,
        /// The first offending character.
        c: char,
    },
    /// A store path base name too short to hold a hash part.
    TooShort(String),
    /// A hash part character outside the nix32 alphabet.
    IllegalHashChar {
        /// The base name.
        path: String,
        /// The offending character.
        c: char,
    },
    /// No `-` between hash part and name.
    MissingDash(String),
    /// A valid base name holding an invalid name.
    InvalidName {
        /// The path as given.
        path: String,
        /// What is wrong with its name.
        reason: Box<StorePathError>,
    },
    /// A path not directly inside the store directory.
    NotInStore(String),
    /// A store directory that is not an absolute path.
    BadStoreDir(String),
    /// References in a fixed-output path that cannot have them.
    ReferencesNotAllowed(String),
    /// A text path whose content hash is not SHA-256.
    TextHashNotSha256(HashAlgo),
}

impl fmt::Display for StorePathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StorePathError::NameEmpty => write!(f, "name must not be empty"),
            StorePathError::NameTooLong(n) => {
                write!(f, "name '{n}' must be no longer than {MAX_NAME_LEN} characters")
            }
            StorePathError::NameInvalid(n) => write!(f, "name '{n}' is not valid"),
            StorePathError::NameDotComponent { name, component } => write!(
                f,
                "name '{name}' is not valid: first dash-separated component must not be '{component}'"
            ),
            StorePathError::NameIllegalChar { name, c } => write!(f, "name '{name}' contains illegal character '{c}'"),
            StorePathError::TooShort(p) => write!(f, "'{p}' is too short to be a valid store path"),
            StorePathError::IllegalHashChar { path, c } => {
                write!(f, "store path '{path}' contains illegal base-32 character '{c}'")
            }
            StorePathError::MissingDash(p) => write!(f, "store path '{p}' has no '-' after its hash part"),
            StorePathError::InvalidName { path, reason } => {
                write!(f, "path '{path}' is not a valid store path: {reason}")
            }
            StorePathError::NotInStore(p) => write!(f, "path '{p}' is not in the Nix store"),
            StorePathError::BadStoreDir(d) => write!(f, "store directory '{d}' is not an absolute path"),
            StorePathError::ReferencesNotAllowed(n) => write!(
                f,
                "cannot compute the store path of '{n}': only recursive SHA-256 content addresses can have references"
            ),
            StorePathError::TextHashNotSha256(a) => {
                write!(f, "text store paths must be hashed with sha256, not {a}")
            }
        }
    }
}

impl std::error::Error for StorePathError {}

/// Checks a store path name against CppNix's rules (newest): non-empty, at
/// most 211 bytes, only `[A-Za-z0-9+-._?=]`, not `.`/`..`, and not starting
/// with `.-` or `..-`.
pub fn check_name(name: &str) -> Result<(), StorePathError> {
    let b = name.as_bytes();
    if b.is_empty() {
        return Err(StorePathError::NameEmpty);
    }
    if b.len() > MAX_NAME_LEN {
        return Err(StorePathError::NameTooLong(name.to_owned()));
    }
    if b[0] == b'.' {
        match (b.get(1), b.get(2)) {
            (None, _) | (Some(b'.'), None) => return Err(StorePathError::NameInvalid(name.to_owned())),
            (Some(b'-'), _) => {
                return Err(StorePathError::NameDotComponent {
                    name: name.to_owned(),
                    component: ".",
                })
            }
            (Some(b'.'), Some(b'-')) => {
                return Err(StorePathError::NameDotComponent {
                    name: name.to_owned(),
                    component: "..",
                })
            }
            _ => {}
        }
    }
    if let Some(c) = name.chars().find(|&c| !is_name_char(c)) {
        return Err(StorePathError::NameIllegalChar {
            name: name.to_owned(),
            c,
        });
    }
    Ok(())
}

/// Whether `c` may appear in a store path name.
pub fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.' | '_' | '?' | '=')
}

/// A store path without its store directory: hash part and name.
///
/// Ordered (and therefore sorted in sets) by its base name as a string, the
/// order CppNix uses for references and derivation inputs.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StorePath {
    base: String,
}

impl StorePath {
    /// Parses a base name `<hash part>-<name>` (no store directory).
    pub fn from_base_name(base: &str) -> Result<StorePath, StorePathError> {
        if base.len() < HASH_PART_LEN + 1 {
            return Err(StorePathError::TooShort(base.to_owned()));
        }
        let bytes = base.as_bytes();
        if let Some(&c) = bytes[..HASH_PART_LEN].iter().find(|&&c| !base32::is_digit(c)) {
            // A non-ASCII byte: report the character it starts (or belongs to).
            let c = if c.is_ascii() {
                char::from(c)
            } else {
                base.chars()
                    .find(|ch| !ch.is_ascii())
                    .unwrap_or(char::REPLACEMENT_CHARACTER)
            };
            return Err(StorePathError::IllegalHashChar {
                path: base.to_owned(),
                c,
            });
        }
        if bytes[HASH_PART_LEN] != b'-' {
            return Err(StorePathError::MissingDash(base.to_owned()));
        }
        check_name(&base[HASH_PART_LEN + 1..]).map_err(|e| StorePathError::InvalidName {
            path: base.to_owned(),
            reason: Box::new(e),
        })?;
        Ok(StorePath { base: base.to_owned() })
    }

    /// Builds a store path from a 20-byte hash part and a name.
    pub fn from_parts(hash: &[u8; HASH_PART_BYTES], name: &str) -> Result<StorePath, StorePathError> {
        let base = format!("{}-{}", base32::encode(hash), name);
        check_name(name).map_err(|e| StorePathError::InvalidName {
            path: base.clone(),
            reason: Box::new(e),
        })?;
        Ok(StorePath { base })
    }

    /// The base name, `<hash part>-<name>`.
    pub fn base_name(&self) -> &str {
        &self.base
    }

    /// The 32-character nix32 hash part.
    pub fn hash_part(&self) -> &str {
        &self.base[..HASH_PART_LEN]
    }

    /// The hash part decoded to its 20 bytes.
    pub fn hash_bytes(&self) -> [u8; HASH_PART_BYTES] {
        let mut out = [0u8; HASH_PART_BYTES];
        // Always valid: checked on construction, and 32 digits fill 20 bytes exactly.
        if let Ok(v) = base32::decode_exact(self.hash_part(), HASH_PART_BYTES) {
            out.copy_from_slice(&v);
        }
        out
    }

    /// The name (after the hash part and dash).
    pub fn name(&self) -> &str {
        &self.base[HASH_PART_LEN + 1..]
    }

    /// Whether this is a store derivation (name ends in `.drv`).
    pub fn is_derivation(&self) -> bool {
        self.name().ends_with(".drv")
    }

    /// For a `.drv` path, the derivation name (without `.drv`).
    pub fn derivation_name(&self) -> Option<&str> {
        self.name().strip_suffix(".drv")
    }
}

impl fmt::Display for StorePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.base)
    }
}

impl fmt::Debug for StorePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "StorePath({})", self.base)
    }
}

/// How the contents of a fixed-output path are hashed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FileIngestionMethod {
    /// The hash of a single regular file's bytes (`outputHashMode = "flat"`).
    Flat,
    /// The hash of the NAR serialisation (`outputHashMode = "recursive"`).
    Recursive,
}

impl FileIngestionMethod {
    /// The prefix in `fixed:out:` fingerprints and ATerm hash algorithm
    /// fields: `""` or `"r:"`.
    pub fn prefix(self) -> &'static str {
        match self {
            FileIngestionMethod::Flat => "",
            FileIngestionMethod::Recursive => "r:",
        }
    }

    /// Parses an `outputHashMode` value (`flat` or `recursive`; newest
    /// CppNix's `nar` is accepted as `recursive`).
    pub fn parse(mode: &str) -> Option<FileIngestionMethod> {
        match mode {
            "flat" => Some(FileIngestionMethod::Flat),
            "recursive" | "nar" => Some(FileIngestionMethod::Recursive),
            _ => None,
        }
    }
}

/// The name of a derivation output's path: the derivation name for `out`,
/// `<name>-<output>` otherwise.
pub fn output_path_name(drv_name: &str, output: &str) -> String {
    if output == "out" {
        drv_name.to_owned()
    } else {
        format!("{drv_name}-{output}")
    }
}

/// The placeholder string for a derivation output (`builtins.placeholder`):
/// `"/" + nix32(sha256("nix-output:" + output))`.
pub fn hash_placeholder(output: &str) -> String {
    format!(
        "/{}",
        Hash::sha256(format!("nix-output:{output}").as_bytes()).to_nix32()
    )
}

/// A store directory such as `/nix/store`; prints and parses full store
/// paths and computes store paths from fingerprints.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StoreDir {
    dir: String,
}

impl Default for StoreDir {
    fn default() -> Self {
        StoreDir {
            dir: DEFAULT_STORE_DIR.to_owned(),
        }
    }
}

impl StoreDir {
    /// A store directory; must be absolute. A trailing slash is dropped.
    pub fn new(dir: &str) -> Result<StoreDir, StorePathError> {
        let canon = canon_path(dir).ok_or_else(|| StorePathError::BadStoreDir(dir.to_owned()))?;
        Ok(StoreDir { dir: canon })
    }

    /// The directory as a string.
    pub fn as_str(&self) -> &str {
        &self.dir
    }

    /// The full path of a store path.
    pub fn print(&self, path: &StorePath) -> String {
        format!("{}/{}", self.dir, path.base)
    }

    /// Parses a full store path (directly inside this store directory).
    /// Like CppNix, the path is first made canonical (`//`, `.`, `..`).
    pub fn parse(&self, path: &str) -> Result<StorePath, StorePathError> {
        let canon = canon_path(path).ok_or_else(|| StorePathError::NotInStore(path.to_owned()))?;
        let base = canon
            .strip_prefix(self.dir.as_str())
            .and_then(|r| r.strip_prefix('/'))
            .filter(|r| !r.is_empty() && !r.contains('/'))
            .ok_or_else(|| StorePathError::NotInStore(canon.clone()))?;
        StorePath::from_base_name(base).map_err(|e| match e {
            StorePathError::InvalidName { reason, .. } => StorePathError::InvalidName { path: canon, reason },
            other => other,
        })
    }

    /// Whether `path` is inside the store directory (possibly below a store path).
    pub fn is_in_store(&self, path: &str) -> bool {
        path.strip_prefix(self.dir.as_str())
            .is_some_and(|r| r.starts_with('/') && r.len() > 1)
    }

    /// Splits a path inside the store into its store path and the rest
    /// (e.g. `/nix/store/…-bash/bin/sh` → (`…-bash`, `/bin/sh`)).
    pub fn to_store_path<'a>(&self, path: &'a str) -> Result<(StorePath, &'a str), StorePathError> {
        let rest = path
            .strip_prefix(self.dir.as_str())
            .and_then(|r| r.strip_prefix('/'))
            .ok_or_else(|| StorePathError::NotInStore(path.to_owned()))?;
        let end = rest.find('/').unwrap_or(rest.len());
        let sp = StorePath::from_base_name(&rest[..end])?;
        Ok((sp, &rest[end..]))
    }

    /// CppNix `makeStorePath(type, hash, name)`: the store path of the
    /// fingerprint `type:algo:hex:storedir:name`.
    pub fn make_store_path(&self, ty: &str, hash: &Hash, name: &str) -> Result<StorePath, StorePathError> {
        let fingerprint = format!("{ty}:{}:{}:{}:{name}", hash.algo(), hash.to_base16(), self.dir);
        let digest = compress_hash(Hash::sha256(fingerprint.as_bytes()).as_bytes(), HASH_PART_BYTES);
        let mut part = [0u8; HASH_PART_BYTES];
        part.copy_from_slice(&digest);
        StorePath::from_parts(&part, name)
    }

    /// CppNix `makeType`: `ty` followed by `:<full path>` for each reference
    /// (sorted) and `:self` if the object refers to itself.
    pub fn make_type(&self, ty: &str, references: &BTreeSet<StorePath>, self_reference: bool) -> String {
        let mut s = ty.to_owned();
        for r in references {
            s.push(':');
            s.push_str(&self.print(r));
        }
        if self_reference {
            s.push_str(":self");
        }
        s
    }

    /// The path of a text object (`builtins.toFile`, `.drv` files): type
    /// `text[:refs]`, digest = SHA-256 of the contents.
    pub fn make_text_path(
        &self,
        name: &str,
        content_hash: &Hash,
        references: &BTreeSet<StorePath>,
    ) -> Result<StorePath, StorePathError> {
        if content_hash.algo() != HashAlgo::Sha256 {
            return Err(StorePathError::TextHashNotSha256(content_hash.algo()));
        }
        self.make_store_path(&self.make_type("text", references, false), content_hash, name)
    }

    /// The path of a text object with these contents (hashes them first).
    pub fn text_path(
        &self,
        name: &str,
        contents: &[u8],
        references: &BTreeSet<StorePath>,
    ) -> Result<StorePath, StorePathError> {
        self.make_text_path(name, &Hash::sha256(contents), references)
    }

    /// CppNix `makeFixedOutputPath`: recursive SHA-256 gives a `source`
    /// path (with references and self-reference); anything else is
    /// `output:out` over `sha256("fixed:out:" + [r:] + algo:hex + ":")` and
    /// may not have references.
    pub fn make_fixed_output_path(
        &self,
        method: FileIngestionMethod,
        hash: &Hash,
        name: &str,
        references: &BTreeSet<StorePath>,
        self_reference: bool,
    ) -> Result<StorePath, StorePathError> {
        if method == FileIngestionMethod::Recursive && hash.algo() == HashAlgo::Sha256 {
            self.make_store_path(&self.make_type("source", references, self_reference), hash, name)
        } else {
            if !references.is_empty() || self_reference {
                return Err(StorePathError::ReferencesNotAllowed(name.to_owned()));
            }
            let inner = format!("fixed:out:{}{}:{}:", method.prefix(), hash.algo(), hash.to_base16());
            self.make_store_path("output:out", &Hash::sha256(inner.as_bytes()), name)
        }
    }

    /// The path of a local file or directory copied to the store
    /// (path interpolation, `builtins.path`, `filterSource`): a `source` path
    /// over the SHA-256 of its NAR.
    pub fn make_source_path(
        &self,
        name: &str,
        nar_hash: &Hash,
        references: &BTreeSet<StorePath>,
        self_reference: bool,
    ) -> Result<StorePath, StorePathError> {
        self.make_fixed_output_path(
            FileIngestionMethod::Recursive,
            nar_hash,
            name,
            references,
            self_reference,
        )
    }

    /// The path of an input-addressed derivation output: type
    /// `output:<output>` over the derivation's hash modulo, named per
    /// [`output_path_name`].
    pub fn make_output_path(&self, output: &str, drv_hash: &Hash, drv_name: &str) -> Result<StorePath, StorePathError> {
        self.make_store_path(
            &format!("output:{output}"),
            drv_hash,
            &output_path_name(drv_name, output),
        )
    }
}

impl fmt::Display for StoreDir {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.dir)
    }
}

/// The closure of `roots` under `references` (CppNix `computeFSClosure`):
/// every root and, transitively, everything they refer to. For a `.drv`,
/// its references are [`crate::Derivation::references`]; this is how deep
/// (`=drv`) string context becomes derivation inputs. Iterative.
pub fn compute_closure<E, F>(
    roots: impl IntoIterator<Item = StorePath>,
    references: &mut F,
) -> Result<BTreeSet<StorePath>, E>
where
    F: FnMut(&StorePath) -> Result<BTreeSet<StorePath>, E>,
{
    let mut done = BTreeSet::new();
    let mut todo: Vec<StorePath> = roots.into_iter().collect();
    while let Some(p) = todo.pop() {
        if done.contains(&p) {
            continue;
        }
        for r in references(&p)? {
            if !done.contains(&r) {
                todo.push(r);
            }
        }
        done.insert(p);
    }
    Ok(done)
}

/// Canonicalises an absolute path lexically (like CppNix `canonPath`
/// without following symlinks): collapses `//`, drops `.`, resolves `..`
/// and trailing slashes. `None` if `path` is not absolute.
pub fn canon_path(path: &str) -> Option<String> {
    if !path.starts_with('/') {
        return None;
    }
    let mut parts: Vec<&str> = Vec::new();
    for comp in path.split('/') {
        match comp {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            c => parts.push(c),
        }
    }
    if parts.is_empty() {
        return Some("/".to_owned());
    }
    let mut s = String::with_capacity(path.len());
    for p in parts {
        s.push('/');
        s.push_str(p);
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sd() -> StoreDir {
        StoreDir::default()
    }

    fn refs(paths: &[&str]) -> BTreeSet<StorePath> {
        paths.iter().map(|p| sd().parse(p).unwrap()).collect()
    }

    #[test]
    fn parse_and_print() {
        let p = "/nix/store/0xhahvdjiaq1nm0nr46qyn4j6l9n9cns-foo.txt";
        let sp = sd().parse(p).unwrap();
        assert_eq!(sp.hash_part(), "0xhahvdjiaq1nm0nr46qyn4j6l9n9cns");
        assert_eq!(sp.name(), "foo.txt");
        assert_eq!(sd().print(&sp), p);
        assert_eq!(sp.to_string(), "0xhahvdjiaq1nm0nr46qyn4j6l9n9cns-foo.txt");
        assert_eq!(StorePath::from_parts(&sp.hash_bytes(), "foo.txt").unwrap(), sp);
        assert_eq!(
            sd().parse("/nix//store/./0xhahvdjiaq1nm0nr46qyn4j6l9n9cns-foo.txt/")
                .unwrap(),
            sp
        );
        assert!(!sp.is_derivation());
        let d = sd().parse("/nix/store/97qlv6h78lxlm9zc8849ahsbcklhsi2y-x.drv").unwrap();
        assert!(d.is_derivation());
        assert_eq!(d.derivation_name(), Some("x"));
        let sh = format!("{p}/bin/sh");
        let (sp2, rest) = sd().to_store_path(&sh).unwrap();
        assert_eq!((sp2, rest), (sp.clone(), "/bin/sh"));
        assert!(sd().is_in_store(p));
        assert!(!sd().is_in_store("/nix/store"));
        assert!(!sd().is_in_store("/nix/storex/a"));
    }

    #[test]
    fn parse_errors() {
        let e = sd().parse("/tmp/0xhahvdjiaq1nm0nr46qyn4j6l9n9cns-foo.txt").unwrap_err();
        assert_eq!(
            e.to_string(),
            "path '/tmp/0xhahvdjiaq1nm0nr46qyn4j6l9n9cns-foo.txt' is not in the Nix store"
        );
        let e = sd()
            .parse("/nix/store/0xhahvdjiaq1nm0nr46qyn4j6l9n9cns-foo.txt/bin")
            .unwrap_err();
        assert!(matches!(e, StorePathError::NotInStore(_)));
        let e = sd().parse("/nix/store/abc").unwrap_err();
        assert_eq!(e.to_string(), "'abc' is too short to be a valid store path");
        let e = sd()
            .parse("/nix/store/0xhahvdjiaq1nm0nr46qyn4j6l9n9cne-foo")
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "store path '0xhahvdjiaq1nm0nr46qyn4j6l9n9cne-foo' contains illegal base-32 character 'e'"
        );
        let e = sd()
            .parse("/nix/store/0xhahvdjiaq1nm0nr46qyn4j6l9n9cns-a b")
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "path '/nix/store/0xhahvdjiaq1nm0nr46qyn4j6l9n9cns-a b' is not a valid store path: \
             name 'a b' contains illegal character ' '"
        );
        assert!(matches!(
            StorePath::from_base_name("0xhahvdjiaq1nm0nr46qyn4j6l9n9cnsxfoo"),
            Err(StorePathError::MissingDash(_))
        ));
        assert!(matches!(
            StorePath::from_base_name("0xhahvdjiaq1nm0nr46qyn4j6l9n9cné-foo"),
            Err(StorePathError::IllegalHashChar { c: 'é', .. })
        ));
        assert!(StoreDir::new("relative").is_err());
        assert_eq!(StoreDir::new("/nix/store/").unwrap(), sd());
    }

    #[test]
    fn name_rules() {
        assert!(check_name("hello-1.0+_?=").is_ok());
        assert_eq!(check_name("").unwrap_err().to_string(), "name must not be empty");
        let long = "a".repeat(212);
        assert_eq!(
            check_name(&long).unwrap_err().to_string(),
            format!("name '{long}' must be no longer than 211 characters")
        );
        assert!(check_name(&"a".repeat(211)).is_ok());
        assert_eq!(check_name(".").unwrap_err().to_string(), "name '.' is not valid");
        assert_eq!(check_name("..").unwrap_err().to_string(), "name '..' is not valid");
        assert_eq!(
            check_name(".-x").unwrap_err().to_string(),
            "name '.-x' is not valid: first dash-separated component must not be '.'"
        );
        assert_eq!(
            check_name("..-x").unwrap_err().to_string(),
            "name '..-x' is not valid: first dash-separated component must not be '..'"
        );
        assert!(check_name(".x").is_ok());
        assert!(check_name("...").is_ok());
        assert!(check_name("..x").is_ok());
        assert_eq!(
            check_name("a/b").unwrap_err().to_string(),
            "name 'a/b' contains illegal character '/'"
        );
        assert_eq!(
            check_name("é").unwrap_err().to_string(),
            "name 'é' contains illegal character 'é'"
        );
    }

    #[test]
    fn fingerprint_worked_example() {
        // derivations.md §1.3 (from E1)
        let h = Hash::parse_any(
            "79b1956200e14574c6d2252773240fae72e355be8a903b8e01edaae08e5e4039",
            Some(HashAlgo::Sha256),
        )
        .unwrap();
        let fp = "output:out:sha256:79b1956200e14574c6d2252773240fae72e355be8a903b8e01edaae08e5e4039:/nix/store:x";
        let c = compress_hash(Hash::sha256(fp.as_bytes()).as_bytes(), 20);
        assert_eq!(
            Hash::from_bytes(HashAlgo::Sha1, &c).unwrap().to_base16(),
            "12b663dc79d07124a549ce67e970dea13b868cd1"
        );
        let p = sd().make_output_path("out", &h, "x").unwrap();
        assert_eq!(sd().print(&p), "/nix/store/s668cfx1vrqfjryf96jj8wfhg7f67dhj-x");
    }

    #[test]
    fn text_paths() {
        // E8, verified with nix-instantiate 2.8
        let none = BTreeSet::new();
        let hello = sd().text_path("hello.txt", b"hello\n", &none).unwrap();
        assert_eq!(
            sd().print(&hello),
            "/nix/store/qa1w9gdfrba6jl2r57mb3c43863gqywp-hello.txt"
        );
        let a = sd().text_path("a", b"A", &none).unwrap();
        assert_eq!(sd().print(&a), "/nix/store/draf2pm7skqzj8g3kv0bamg214p6sd70-a");
        let b_contents = format!("see {}", sd().print(&a));
        let b = sd()
            .text_path("b", b_contents.as_bytes(), &[a].into_iter().collect())
            .unwrap();
        assert_eq!(sd().print(&b), "/nix/store/p2zyrkwh6jxc2sbzmlgl709qvjv89gp6-b");
        // drv path of E1: text type over the ATerm, no references
        let aterm = r#"Derive([("out","/nix/store/s668cfx1vrqfjryf96jj8wfhg7f67dhj-x","","")],[],[],"x86_64-linux","/bin/sh",[],[("builder","/bin/sh"),("name","x"),("out","/nix/store/s668cfx1vrqfjryf96jj8wfhg7f67dhj-x"),("system","x86_64-linux")])"#;
        let drv = sd().text_path("x.drv", aterm.as_bytes(), &none).unwrap();
        assert_eq!(sd().print(&drv), "/nix/store/97qlv6h78lxlm9zc8849ahsbcklhsi2y-x.drv");
        let md5 = Hash::digest(HashAlgo::Md5, b"x");
        assert!(matches!(
            sd().make_text_path("x", &md5, &none),
            Err(StorePathError::TextHashNotSha256(_))
        ));
    }

    #[test]
    fn source_and_fixed_paths() {
        let none = BTreeSet::new();
        // E7: foo.txt's NAR hash (nix-store --dump | sha256sum)
        let nar = Hash::parse_any(
            "1c37d01af40be2e80691de3cc3df44377a699afbb17c68f080964b2fd071fc13",
            Some(HashAlgo::Sha256),
        )
        .unwrap();
        let p = sd().make_source_path("foo.txt", &nar, &none, false).unwrap();
        assert_eq!(sd().print(&p), "/nix/store/0xhahvdjiaq1nm0nr46qyn4j6l9n9cns-foo.txt");
        // sub/ directory NAR hash
        let sub = Hash::parse_any(
            "de106ddae829d98b903423af384d103ba343112c5f2ee0ac1e2f23b8744d9d6d",
            Some(HashAlgo::Sha256),
        )
        .unwrap();
        let p = sd().make_source_path("sub", &sub, &none, false).unwrap();
        assert_eq!(sd().print(&p), "/nix/store/fsm1q6cjz64lwkah7y1mwa61xag9cyl5-sub");
        let p = sd().make_source_path("renamed", &sub, &none, false).unwrap();
        assert_eq!(sd().print(&p), "/nix/store/p6vx8yr59rr0gabgac8srmkh3xbpikrs-renamed");

        let flat = Hash::sha256(b"hello\n");
        let fixed = |m, h: &Hash, n: &str| sd().print(&sd().make_fixed_output_path(m, h, n, &none, false).unwrap());
        // builtins.path { recursive = false; } on foo.txt
        assert_eq!(
            fixed(FileIngestionMethod::Flat, &flat, "foo.txt"),
            "/nix/store/arsarpzhcvv7rqza3ii5ah1zx3sr09ii-foo.txt"
        );
        // E5
        assert_eq!(
            fixed(FileIngestionMethod::Flat, &flat, "hello.txt"),
            "/nix/store/gy454w1cxaq731grqwylhzf4pp9r5izh-hello.txt"
        );
        assert_eq!(
            fixed(FileIngestionMethod::Recursive, &flat, "hello.txt"),
            "/nix/store/0zgbbyd533sbd98m5a7135zjdzj0cbna-hello.txt"
        );
        let sha1 = Hash::digest(HashAlgo::Sha1, b"hello\n");
        assert_eq!(
            fixed(FileIngestionMethod::Flat, &sha1, "fod-sha1"),
            "/nix/store/x079ks2wzfkhnapbfibnk420vxz2idr7-fod-sha1"
        );
        assert_eq!(
            fixed(FileIngestionMethod::Recursive, &sha1, "fod-sha1r"),
            "/nix/store/6kbwkfb5i7348dyqqj345wbizx9nzdpc-fod-sha1r"
        );
        let r = refs(&["/nix/store/draf2pm7skqzj8g3kv0bamg214p6sd70-a"]);
        assert!(sd()
            .make_fixed_output_path(FileIngestionMethod::Flat, &flat, "x", &r, false)
            .is_err());
        assert!(sd()
            .make_fixed_output_path(FileIngestionMethod::Flat, &flat, "x", &none, true)
            .is_err());
        // the source type lists references, then self
        assert_eq!(
            sd().make_type("source", &r, true),
            "source:/nix/store/draf2pm7skqzj8g3kv0bamg214p6sd70-a:self"
        );
    }

    #[test]
    fn placeholders_and_names() {
        assert_eq!(
            hash_placeholder("out"),
            "/1rz4g4znpzjwh1xymhjpm42vipw92pr73vdgl6xs1hycac8kf2n9"
        );
        assert_eq!(
            hash_placeholder("dev"),
            "/02qcpld1y6xhs5gz9bchpxaw0xdhmsp5dv88lh25r2ss44kh8dxz"
        );
        assert_eq!(output_path_name("multi", "out"), "multi");
        assert_eq!(output_path_name("multi", "dev"), "multi-dev");
        assert_eq!(
            FileIngestionMethod::parse("recursive"),
            Some(FileIngestionMethod::Recursive)
        );
        assert_eq!(FileIngestionMethod::parse("flat"), Some(FileIngestionMethod::Flat));
        assert_eq!(FileIngestionMethod::parse("text"), None);
    }

    #[test]
    fn ordering_is_by_base_name() {
        // Sorted by the printed hash part, not by the decoded bytes.
        let a = StorePath::from_base_name("0zgbbyd533sbd98m5a7135zjdzj0cbna-z").unwrap();
        let b = StorePath::from_base_name("10000000000000000000000000000000-a").unwrap();
        assert!(a < b);
    }

    #[test]
    fn closure() {
        let a = StorePath::from_base_name("7g5giqf764p3y3zv7a8rqsy9sqqq5kw4-a").unwrap();
        let b = StorePath::from_base_name("dsvph895is8lh67mkss2l0hk90ps1lgb-b").unwrap();
        let c = StorePath::from_base_name("da6fcnz4xrhzr6ns54r6kfa1l4iif357-c").unwrap();
        let (a2, b2, c2) = (a.clone(), b.clone(), c.clone());
        // a -> b -> c -> a (cycles are fine), c -> c
        let got = compute_closure([a.clone()], &mut |p: &StorePath| {
            Ok::<_, ()>(if *p == a2 {
                [b2.clone()].into()
            } else if *p == b2 {
                [c2.clone()].into()
            } else {
                [a2.clone(), c2.clone()].into()
            })
        })
        .unwrap();
        assert_eq!(got, [a, b, c].into());
        let e = compute_closure([b2.clone()], &mut |_: &StorePath| Err::<BTreeSet<StorePath>, _>("boom"));
        assert_eq!(e, Err("boom"));
    }

    #[test]
    fn canon() {
        assert_eq!(canon_path("/a//b/./c/../d/").as_deref(), Some("/a/b/d"));
        assert_eq!(canon_path("/..").as_deref(), Some("/"));
        assert_eq!(canon_path("a"), None);
    }
}
