//! Hashes: `hashString`, `hashFile`, `convertHash`.
//!
//! Algorithms are `md5`, `sha1`, `sha256` and `sha512`; digests print in
//! lowercase base-16 unless `convertHash` is asked for another format.
//! Parsing and printing of hashes is `nixlite_store::hash`'s, which follows
//! CppNix's `Hash::parseAny` and its error messages.

use super::files::file_arg;
use super::lists::force_string_no_ctx;
use super::{builtin, Builtin};
use crate::error::{ErrorKind, EvalError, Result};
use crate::eval::{os_path, Evaluator};
use crate::value::Value;
use nixlite_store::{Hash, HashAlgo, HashFormat};
use nixlite_syntax::source::Span;
use nixlite_syntax::Symbol;

pub(crate) const BUILTINS: &[Builtin] = &[
    builtin!(
        "hashString",
        2,
        [0],
        "`hashString algo s`: the digest of the bytes of string `s` in lowercase base-16, with `algo` one of `\"md5\"`, `\"sha1\"`, `\"sha256\"`, `\"sha512\"`; the string's context is ignored. For example, `hashString \"md5\" \"hello\"` is `\"5d41402abc4b2a76b9719d911017c592\"`.",
        |ev, a, span| {
            let algo = algo_arg(ev, &a[0], span, "the first argument of `hashString`")?;
            let s = ev.force_string(&a[1], Some(span), "the second argument of `hashString`")?;
            Ok(Value::string(algo.digest(s.as_bytes()).to_base16().into_bytes()))
        }
    ),
    builtin!(
        "hashFile",
        2,
        [0],
        "`hashFile algo path`: the digest of the contents of the file at `path` in lowercase base-16, with `algo` one of `\"md5\"`, `\"sha1\"`, `\"sha256\"`, `\"sha512\"`. For example, `hashFile \"sha256\" ./hello.txt` is `\"5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03\"` when the file holds `hello` and a newline.",
        |ev, a, span| {
            let algo = algo_arg(ev, &a[0], span, "the first argument of `hashFile`")?;
            let arg = file_arg(ev, &a[1], span, "the second argument of `hashFile`")?;
            let bytes = ev
                .fs
                .read(os_path(&arg.real))
                .map_err(|e| arg.io_error("cannot read", &e, span))?;
            Ok(Value::string(algo.digest(&bytes).to_base16().into_bytes()))
        }
    ),
    builtin!(
        "convertHash",
        1,
        [0],
        "`convertHash { hash; hashAlgo ? null; toHashFormat; }`: the hash `hash` (base-16, nix32 or base-64, or with an `algo:` or SRI prefix, which makes `hashAlgo` optional) spelled in `toHashFormat`: `\"base16\"`, `\"nix32\"` (alias `\"base32\"`, deprecated), `\"base64\"` or `\"sri\"`. For example, `convertHash { hash = \"sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\"; toHashFormat = \"base16\"; }` is `\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\"`.",
        convert_hash
    ),
];

/// The supported algorithms, for messages.
const ALGOS: &str = "`md5`, `sha1`, `sha256` or `sha512`";

/// A hash algorithm name argument (a string without context).
pub(crate) fn algo_arg(ev: &mut Evaluator, v: &Value, span: Span, what: &str) -> Result<HashAlgo> {
    let name = force_string_no_ctx(ev, v, span, what)?;
    let text = name.to_str_lossy();
    HashAlgo::parse(&text).map_err(|_| {
        EvalError::new(ErrorKind::Invalid, format!("unknown hash algorithm `{text}`"))
            .at(Some(span))
            .with_label(format!("{what} must be {ALGOS}"))
    })
}

/// The attribute `name` of a `convertHash` argument, which must be there.
fn required(ev: &mut Evaluator, attrs: &crate::value::Attrs, name: &str, span: Span) -> Result<Value> {
    match attrs.get(Symbol::intern(name)) {
        Some(v) => ev.force(v),
        None => Err(
            EvalError::new(ErrorKind::MissingAttr, format!("attribute `{name}` missing"))
                .at(Some(span))
                .with_label(format!("the argument of `convertHash` must have an attribute `{name}`")),
        ),
    }
}

fn convert_hash(ev: &mut Evaluator, a: &mut [Value], span: Span) -> Result<Value> {
    let attrs = ev.force_attrs(&a[0], Some(span), "the argument of `convertHash`")?;
    // Newest CppNix's order: `hash`, then `hashAlgo`, then `toHashFormat`.
    let hash = required(ev, &attrs, "hash", span)?;
    let hash = force_string_no_ctx(ev, &hash, span, "the attribute `hash`")?;
    let algo = match attrs.get(Symbol::intern("hashAlgo")).cloned() {
        Some(v) => Some(algo_arg(ev, &v, span, "the attribute `hashAlgo`")?),
        None => None,
    };
    let format = required(ev, &attrs, "toHashFormat", span)?;
    let format = force_string_no_ctx(ev, &format, span, "the attribute `toHashFormat`")?;
    let format = match format.as_bytes() {
        b"base16" => HashFormat::Base16,
        b"nix32" => HashFormat::Nix32,
        b"base32" => {
            ev.emit_trace("warning: \"base32\" is a deprecated alias for hash format \"nix32\".");
            HashFormat::Nix32
        }
        b"base64" => HashFormat::Base64,
        b"sri" => HashFormat::Sri,
        other => {
            return Err(EvalError::new(
                ErrorKind::Invalid,
                format!("unknown hash format `{}`", String::from_utf8_lossy(other)),
            )
            .at(Some(span))
            .with_label("`toHashFormat` must be `base16`, `nix32`, `base64` or `sri`"))
        }
    };
    let parsed = Hash::parse_any(&hash.to_str_lossy(), algo).map_err(|e| {
        let err = EvalError::new(ErrorKind::Invalid, e.to_string()).at(Some(span));
        match e {
            nixlite_store::HashError::NoType(_) => {
                err.with_help("add `hashAlgo`, or give the hash with an `algo:` or SRI prefix")
            }
            _ => err,
        }
    })?;
    Ok(Value::string(
        parsed.to_string_in(format, format == HashFormat::Sri).into_bytes(),
    ))
}
