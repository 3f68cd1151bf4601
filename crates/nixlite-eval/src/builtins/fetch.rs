//! Fetchers under the no-network policy: `fetchurl`, `fetchTarball`, `fetchGit`, `fetchTree`, `fetchMercurial`.
//!
//! nixlite never uses the network and never writes the store; it computes
//! the store paths CppNix would produce:
//!
//! * `fetchurl`/`fetchTarball` of a `file://` URL read (and unpack, with
//!   the `tar` command) the local file and hash it: a flat SHA-256 fixed
//!   output path for `fetchurl`, the NAR SHA-256 `source` path of the single
//!   top-level entry for `fetchTarball`. A remote URL with a `sha256` gets
//!   the path that hash determines; without one it is an error.
//! * `fetchGit` of a local repository (a path or `file://` URL) asks the
//!   `git` command for the commit, exports its tree (`git archive`) and
//!   hashes it; a dirty working tree is hashed from its tracked files.
//!   Remote repositories are an error.
//! * `fetchTree` (experimental in CppNix) and `fetchMercurial` are errors.

use super::lists::force_string_no_ctx;
use super::{builtin, Builtin};
use crate::error::{ErrorKind, EvalError, Result};
use crate::eval::{io_reason, os_path, CoerceMode, Evaluator, FileType};
use crate::value::{Attrs, Context, ContextElem, NixString, StringContext, Value};
use nixlite_store::store_path::check_name;
use nixlite_store::{FileIngestionMethod, Hash, HashAlgo, HashFormat, StoreDir, StorePath};
use nixlite_syntax::source::Span;
use nixlite_syntax::Symbol;
use std::collections::{BTreeSet, HashSet};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::rc::Rc;

pub(crate) const BUILTINS: &[Builtin] = &[
    builtin!(
        "fetchurl",
        1,
        [0],
        "`fetchurl url` or `fetchurl { url; sha256 ? null; name ? baseNameOf url; }`: the store path of the file at `url`, added flat (fixed-output SHA-256); a given `sha256` must match. nixlite does not use the network: `file://` URLs are read locally, and a remote URL needs `sha256`, from which the path follows without downloading. For example, `fetchurl { url = \"https://example.com/x.tar.gz\"; sha256 = \"…\"; }` is a `/nix/store/…-x.tar.gz` path.",
        |ev, a, span| fetch_url(ev, &a[0], span, "fetchurl", false)
    ),
    builtin!(
        "fetchTarball",
        1,
        [0],
        "`fetchTarball url` or `fetchTarball { url; sha256 ? null; name ? \"source\"; }`: the store path of the unpacked tarball at `url` (`.tar`, `.tar.gz`, `.tar.xz`, `.tar.bz2`, …), whose single top-level entry becomes the root; a given `sha256` (of the NAR) must match. nixlite does not use the network: `file://` URLs are unpacked locally, and a remote URL needs `sha256`, from which the path follows without downloading. For example, `fetchTarball \"file:///tmp/src.tar.gz\"` is a `/nix/store/…-source` path.",
        |ev, a, span| fetch_url(ev, &a[0], span, "fetchTarball", true)
    ),
    builtin!(
        "fetchGit",
        1,
        [0],
        "`fetchGit path` or `fetchGit { url; ref ? null; rev ? null; name ? \"source\"; submodules ? false; shallow ? false; allRefs ? false; }`: a commit of a local Git repository as `{ outPath; rev; shortRev; revCount; lastModified; lastModifiedDate; narHash; submodules; }`. Without `ref` and `rev` a working tree gives its `HEAD`, or, if it has uncommitted changes, its tracked files with `rev` all zeros. nixlite does not use the network, so remote repositories are an error. For example, `(fetchGit ./.).shortRev` may be `\"ce5ed42\"`.",
        fetch_git
    ),
    builtin!(
        "fetchTree",
        1,
        [],
        "`fetchTree input`: CppNix's generic fetcher, an experimental feature (`fetch-tree`, part of `flakes`) that nixlite does not provide; calling it is an error. Use `fetchGit`, `fetchTarball` or `fetchurl` instead, e.g. `fetchGit ./.`.",
        |_, _, span| {
            Err(EvalError::new(ErrorKind::Invalid, "experimental Nix feature `fetch-tree` is disabled")
                .at(Some(span))
                .with_label("`fetchTree` needs the experimental features `fetch-tree` or `flakes`")
                .with_help("nixlite does not provide `fetchTree`; use `fetchGit`, `fetchTarball` or `fetchurl`"))
        }
    ),
    builtin!(
        "fetchMercurial",
        1,
        [],
        "`fetchMercurial url`: fetches a Mercurial repository in CppNix; nixlite supports neither Mercurial nor the network, so calling it is an error. Convert the repository to Git and use `fetchGit`, e.g. `fetchGit ./repo`.",
        |_, _, span| {
            Err(EvalError::new(ErrorKind::Invalid, "cannot fetch a Mercurial repository: nixlite does not support `fetchMercurial`")
                .at(Some(span))
                .with_help("convert the repository to Git and use `fetchGit`"))
        }
    ),
];

// ---------------------------------------------------------------------------
// Shared helpers

fn fail(message: impl Into<String>, span: Span) -> EvalError {
    EvalError::new(ErrorKind::Invalid, message).at(Some(span))
}

fn io_fail(message: impl Into<String>, span: Span) -> EvalError {
    EvalError::new(ErrorKind::Io, message).at(Some(span))
}

fn store_dir(ev: &Evaluator, span: Span) -> Result<StoreDir> {
    StoreDir::new(&ev.settings.store_dir).map_err(|e| fail(format!("invalid store directory: {e}"), span))
}

/// The store path as a string whose context is that path.
fn store_path_value(store: &StoreDir, path: &StorePath) -> Value {
    let printed = store.print(path).into_bytes();
    let mut context = Context::new();
    context.insert(ContextElem::Plain(printed.clone().into_boxed_slice()));
    Value::String(Rc::new(NixString::with_context(printed, StringContext::new(context))))
}

/// The path of a fixed-output store object without references.
fn fixed_path(store: &StoreDir, method: FileIngestionMethod, hash: &Hash, name: &str, span: Span) -> Result<StorePath> {
    store
        .make_fixed_output_path(method, hash, name, &BTreeSet::new(), false)
        .map_err(|e| fail(e.to_string(), span))
}

/// The text after the last `/`, ignoring trailing slashes (newest CppNix's `baseNameOf`).
fn base_name_of(url: &str) -> &str {
    let trimmed = url.trim_end_matches('/');
    let trimmed = if trimmed.is_empty() && !url.is_empty() {
        "/"
    } else {
        trimmed
    };
    match trimmed.rfind('/') {
        Some(i) if trimmed.len() > 1 => &trimmed[i + 1..],
        Some(_) => "",
        None => trimmed,
    }
}

/// The local path of a `file://` URL (percent-decoded), `None` for other
/// schemes, an error for a `file://` URL naming another host.
fn file_url_path(url: &str) -> Option<std::result::Result<Vec<u8>, String>> {
    let scheme = url.get(..7)?;
    if !scheme.eq_ignore_ascii_case("file://") {
        return None;
    }
    let mut rest = &url[7..];
    if rest
        .get(..10)
        .is_some_and(|host| host.eq_ignore_ascii_case("localhost/"))
    {
        rest = &rest[9..];
    }
    if !rest.starts_with('/') {
        return Some(Err(format!(
            "the `file://` URL `{url}` names a host; only local files (`file:///…`) can be fetched"
        )));
    }
    Some(Ok(percent_decode(rest.as_bytes())))
}

fn percent_decode(s: &[u8]) -> Vec<u8> {
    let hex = |c: u8| (c as char).to_digit(16);
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        match (
            s[i],
            s.get(i + 1).copied().and_then(hex),
            s.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

fn hash_mismatch(url: &str, expected: &Hash, got: &Hash, span: Span) -> EvalError {
    fail(
        format!(
            "hash mismatch in file downloaded from `{url}`:\n  specified: {}\n  got:       {}",
            expected.to_string_in(HashFormat::Nix32, true),
            got.to_string_in(HashFormat::Nix32, true)
        ),
        span,
    )
    .with_label("the given `sha256` does not match the contents")
    .with_help("if the new contents are right, replace `sha256` by the hash that was got")
}

/// A temporary directory, removed (even if read-only inside) when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(what: &str) -> std::io::Result<TempDir> {
        use std::sync::atomic::{AtomicU64, Ordering};
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let base = std::env::temp_dir();
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        loop {
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            let dir = base.join(format!("nixlite-{what}-{}-{nanos}-{n}", std::process::id()));
            match std::fs::create_dir(&dir) {
                Ok(()) => return Ok(TempDir(dir)),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 1_000_000 => continue,
                Err(e) => return Err(e),
            }
        }
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        // Unpacked trees may hold read-only directories: open them up first.
        let mut todo = vec![self.0.clone()];
        while let Some(dir) = todo.pop() {
            let Ok(meta) = std::fs::symlink_metadata(&dir) else {
                continue;
            };
            if !meta.is_dir() {
                continue;
            }
            let mut perms = meta.permissions();
            if perms.mode() & 0o700 != 0o700 {
                perms.set_mode(perms.mode() | 0o700);
                let _ = std::fs::set_permissions(&dir, perms);
            }
            if let Ok(entries) = std::fs::read_dir(&dir) {
                todo.extend(entries.flatten().map(|e| e.path()));
            }
        }
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs a command to completion; the error says what failed.
fn run(cmd: &mut Command, what: &str) -> std::result::Result<std::process::Output, String> {
    cmd.stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run `{what}`: {}", io_reason(&e)))
}

/// The first lines of a command's error output, for messages.
fn stderr_text(out: &std::process::Output) -> String {
    let text = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).take(4).collect();
    if lines.is_empty() {
        format!("exit status {}", out.status)
    } else {
        lines.join("; ")
    }
}

/// Unpacks the tar archive `file` (compression detected by `tar`) into `dir`.
fn untar(file: &Path, dir: &Path) -> std::result::Result<(), String> {
    let out = run(
        Command::new("tar")
            .arg("-x")
            .arg("--no-same-owner")
            .arg("-f")
            .arg(file)
            .arg("-C")
            .arg(dir)
            .stdout(Stdio::null()),
        "tar",
    )?;
    if out.status.success() {
        Ok(())
    } else {
        Err(stderr_text(&out))
    }
}

// ---------------------------------------------------------------------------
// fetchurl and fetchTarball

/// The arguments of `fetchurl`/`fetchTarball`.
struct UrlArgs {
    url: Option<String>,
    expected: Option<Hash>,
    name: Option<String>,
}

fn url_args(ev: &mut Evaluator, v: &Value, span: Span, who: &str) -> Result<UrlArgs> {
    let mut args = UrlArgs {
        url: None,
        expected: None,
        name: None,
    };
    let Value::Attrs(attrs) = v else {
        let url = force_string_no_ctx(ev, v, span, &format!("the argument of `{who}`"))?;
        args.url = Some(url.to_str_lossy().into_owned());
        return Ok(args);
    };
    let pairs: Vec<(Symbol, Value)> = attrs.iter().map(|(k, v)| (k, v.clone())).collect();
    for (key, value) in pairs {
        let key = key.to_str_lossy();
        let what = format!("the attribute `{key}` of the argument of `{who}`");
        match &*key {
            "url" => {
                args.url = Some(
                    force_string_no_ctx(ev, &value, span, &what)?
                        .to_str_lossy()
                        .into_owned(),
                )
            }
            "name" => {
                args.name = Some(
                    force_string_no_ctx(ev, &value, span, &what)?
                        .to_str_lossy()
                        .into_owned(),
                )
            }
            "sha256" => {
                let text = force_string_no_ctx(ev, &value, span, &what)?;
                let text = text.to_str_lossy();
                let hash = Hash::parse_any_allow_empty(&text, Some(HashAlgo::Sha256))
                    .map_err(|e| fail(e.to_string(), span).with_label(format!("{what} must be a SHA-256 hash")))?;
                if text.is_empty() {
                    ev.emit_trace(&format!("warning: found empty hash, assuming '{}'", hash.to_sri()));
                }
                args.expected = Some(hash);
            }
            other => {
                return Err(fail(format!("unsupported argument `{other}` to `{who}`"), span)
                    .with_label(format!("`{who}` takes only `url`, `sha256` and `name`")))
            }
        }
    }
    Ok(args)
}

fn fetch_url(ev: &mut Evaluator, v: &Value, span: Span, who: &str, unpack: bool) -> Result<Value> {
    let args = url_args(ev, v, span, who)?;
    let Some(mut url) = args.url else {
        return Err(EvalError::new(ErrorKind::MissingAttr, "'url' argument required")
            .at(Some(span))
            .with_label(format!("the argument of `{who}` must have an attribute `url`")));
    };
    if unpack {
        if let Some(channel) = url.strip_prefix("channel:") {
            url = format!("https://channels.nixos.org/{channel}/nixexprs.tar.xz");
        }
    }
    let name_given = args.name.is_some();
    let name = match args.name {
        Some(name) => name,
        None if unpack => "source".to_owned(),
        None => base_name_of(&url).to_owned(),
    };
    if let Err(e) = check_name(&name) {
        let help = if name_given {
            format!("change the `name` attribute passed to `{who}` so that it is a valid store path name")
        } else {
            format!("add a valid `name` attribute to the argument of `{who}`")
        };
        return Err(fail(format!("invalid store path name when fetching URL `{url}`: {e}"), span).with_help(help));
    }
    if ev.settings.pure && args.expected.is_none() {
        return Err(fail(
            format!("in pure evaluation mode, `{who}` requires a `sha256` argument"),
            span,
        ));
    }
    let store = store_dir(ev, span)?;
    let method = if unpack {
        FileIngestionMethod::Recursive
    } else {
        FileIngestionMethod::Flat
    };
    let local = match file_url_path(&url) {
        Some(Ok(path)) => path,
        Some(Err(message)) => return Err(fail(message, span)),
        None => {
            // Remote: the path follows from the hash; the contents are not needed.
            return match &args.expected {
                Some(hash) => Ok(store_path_value(
                    &store,
                    &fixed_path(&store, method, hash, &name, span)?,
                )),
                None => Err(
                    fail(format!("cannot fetch `{url}`: nixlite does not use the network"), span)
                        .with_label("a remote URL without `sha256`")
                        .with_help(
                            "give `sha256` (the store path follows from it without a download), or use a `file://` URL",
                        ),
                ),
            };
        }
    };
    let actual = if unpack {
        unpack_and_hash(ev, &url, &local, span)?
    } else {
        let path = os_path(&local);
        let cannot = |e: std::io::Error| io_fail(format!("cannot fetch `{url}`: {}", io_reason(&e)), span);
        // curl reads a directory named by a `file://` URL as an empty file.
        let contents = match ev.fs.file_type(path, true) {
            Ok(FileType::Directory) => Vec::new(),
            _ => ev.fs.read(path).map_err(cannot)?,
        };
        HashAlgo::Sha256.digest(&contents)
    };
    if let Some(expected) = &args.expected {
        if *expected != actual {
            return Err(hash_mismatch(&url, expected, &actual, span));
        }
    }
    Ok(store_path_value(
        &store,
        &fixed_path(&store, method, &actual, &name, span)?,
    ))
}

/// Unpacks a local tarball and returns the NAR hash of its single top-level entry.
fn unpack_and_hash(ev: &mut Evaluator, url: &str, local: &[u8], span: Span) -> Result<Hash> {
    if let Err(e) = ev.fs.file_type(os_path(local), true) {
        return Err(io_fail(format!("cannot fetch `{url}`: {}", io_reason(&e)), span));
    }
    let tmp = TempDir::new("tarball").map_err(|e| {
        io_fail(
            format!(
                "cannot unpack `{url}`: cannot create a temporary directory: {}",
                io_reason(&e)
            ),
            span,
        )
    })?;
    untar(os_path(local), tmp.path()).map_err(|reason| {
        io_fail(format!("cannot unpack the tarball: {reason}"), span)
            .with_label(format!("`{url}` is not a tarball `tar` can read"))
    })?;
    let entries: Vec<PathBuf> = std::fs::read_dir(tmp.path())
        .and_then(|d| d.map(|e| e.map(|e| e.path())).collect())
        .map_err(|e| io_fail(format!("cannot unpack `{url}`: {}", io_reason(&e)), span))?;
    let [root] = entries.as_slice() else {
        return Err(
            fail("the tarball contains an unexpected number of top-level files", span)
                .with_label(format!("`{url}` has {} top-level entries", entries.len()))
                .with_help("a tarball must contain exactly one top-level file or directory, which becomes the result"),
        );
    };
    nixlite_store::nar::nar_hash_path(&nixlite_store::StdFs, root)
        .map(|h| h.hash)
        .map_err(|e| io_fail(format!("cannot unpack `{url}`: {e}"), span))
}

// ---------------------------------------------------------------------------
// fetchGit

/// The arguments of `fetchGit`.
#[derive(Default)]
struct GitArgs {
    url: Option<String>,
    git_ref: Option<String>,
    rev: Option<String>,
    name: Option<String>,
    submodules: bool,
    shallow: bool,
    nar_hash: Option<Hash>,
    rev_count: Option<i64>,
    last_modified: Option<i64>,
}

/// An attribute value of the `fetchGit` argument: string, Boolean or integer.
enum AttrValue {
    Str(String),
    Bool(bool),
    Int(i64),
}

fn git_args(ev: &mut Evaluator, v: &Value, span: Span) -> Result<GitArgs> {
    let mut args = GitArgs::default();
    let Value::Attrs(attrs) = v else {
        args.url = Some(git_url_string(ev, v, span)?);
        return Ok(args);
    };
    let pairs: Vec<(Symbol, Value)> = attrs.iter().map(|(k, v)| (k, v.clone())).collect();
    for (key, value) in pairs {
        let key = key.to_str_lossy();
        if key == "type" {
            continue;
        }
        let value = match ev.force(&value)? {
            Value::String(s) => AttrValue::Str(s.to_str_lossy().into_owned()),
            Value::Path(p) => AttrValue::Str(String::from_utf8_lossy(&p.0).into_owned()),
            Value::Bool(b) => AttrValue::Bool(b),
            Value::Int(n) => AttrValue::Int(n),
            other => {
                return Err(ev.type_mismatch(
                    "a string, a Boolean or an integer",
                    &other,
                    Some(span),
                    &format!("the attribute `{key}` of the argument of `fetchGit`"),
                ))
            }
        };
        let wrong = |expected: &str| {
            EvalError::type_error(format!("input attribute `{key}` is not {expected}"))
                .at(Some(span))
                .with_label(format!(
                    "the attribute `{key}` of the argument of `fetchGit` must be {expected}"
                ))
        };
        match (&*key, value) {
            ("url", AttrValue::Str(s)) => args.url = Some(s),
            ("ref", AttrValue::Str(s)) => args.git_ref = Some(s),
            ("rev", AttrValue::Str(s)) => args.rev = Some(s),
            ("name", AttrValue::Str(s)) => args.name = Some(s),
            ("narHash", AttrValue::Str(s)) => {
                let hash = Hash::parse_any(&s, Some(HashAlgo::Sha256)).map_err(|e| fail(e.to_string(), span))?;
                args.nar_hash = Some(hash);
            }
            ("submodules", AttrValue::Bool(b)) => args.submodules = b,
            ("shallow", AttrValue::Bool(b)) => args.shallow = b,
            ("allRefs", AttrValue::Bool(_)) => {}
            ("revCount", AttrValue::Int(n)) => args.rev_count = Some(n),
            ("lastModified", AttrValue::Int(n)) => args.last_modified = Some(n),
            ("url" | "ref" | "rev" | "name" | "narHash", _) => return Err(wrong("a string")),
            ("submodules" | "shallow" | "allRefs", _) => return Err(wrong("a Boolean")),
            ("revCount" | "lastModified", _) => return Err(wrong("an integer")),
            (other, _) => {
                return Err(fail(format!("unsupported Git input attribute `{other}`"), span).with_label(
                    "`fetchGit` takes `url`, `ref`, `rev`, `name`, `submodules`, `shallow`, `allRefs`, `narHash`, `revCount` and `lastModified`",
                ))
            }
        }
    }
    Ok(args)
}

fn git_url_string(ev: &mut Evaluator, v: &Value, span: Span) -> Result<String> {
    let s = match v {
        Value::Path(p) => return Ok(String::from_utf8_lossy(&p.0).into_owned()),
        Value::String(s) => s.clone(),
        other => ev.coerce_to_string(other, CoerceMode::PathAppend, Some(span))?,
    };
    Ok(s.to_str_lossy().into_owned())
}

/// Runs `git` on one repository.
struct Git {
    dir: PathBuf,
    bare: bool,
}

impl Git {
    fn command(&self) -> Command {
        let mut cmd = Command::new("git");
        if self.bare {
            cmd.arg("--git-dir").arg(&self.dir);
        } else {
            cmd.arg("-C").arg(&self.dir);
        }
        for var in [
            "GIT_DIR",
            "GIT_WORK_TREE",
            "GIT_INDEX_FILE",
            "GIT_OBJECT_DIRECTORY",
            "GIT_ALTERNATE_OBJECT_DIRECTORIES",
            "GIT_COMMON_DIR",
        ] {
            cmd.env_remove(var);
        }
        cmd.env("GIT_TERMINAL_PROMPT", "0");
        cmd
    }

    fn run(&self, args: &[&str]) -> std::result::Result<std::process::Output, String> {
        run(self.command().args(args), "git")
    }

    /// The trimmed output of a `git` command that must succeed.
    fn output(&self, args: &[&str], span: Span) -> Result<String> {
        let out = self.run(args).map_err(|e| io_fail(e, span))?;
        if !out.status.success() {
            return Err(io_fail(
                format!("`git {}` failed: {}", args.join(" "), stderr_text(&out)),
                span,
            ));
        }
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
    }

    /// The commit a revision names, if it exists.
    fn resolve(&self, rev: &str, span: Span) -> Result<Option<String>> {
        let out = self
            .run(&["rev-parse", "--verify", "--quiet", &format!("{rev}^{{commit}}")])
            .map_err(|e| io_fail(e, span))?;
        let text = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        Ok((out.status.success() && !text.is_empty()).then_some(text))
    }

    fn commit_time(&self, rev: &str, span: Span) -> Result<i64> {
        let text = self.output(&["log", "-1", "--format=%ct", "--no-show-signature", rev], span)?;
        text.parse()
            .map_err(|_| io_fail(format!("`git log` gave `{text}` as the time of commit {rev}"), span))
    }
}

/// Whether `r` is a plausible branch or tag name (newest CppNix's `refRegex`
/// and `badGitRefRegex`): no revision syntax such as `~`, `^`, `..` or `@{`.
fn valid_ref(r: &str) -> bool {
    let mut chars = r.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphanumeric() || c == '@');
    first_ok
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '/' | '@' | '+' | '-'))
        && !r.contains("..")
        && !r.contains("@{")
        && !r.contains("//")
        && !r.contains("/.")
        && !r.ends_with('/')
        && !r.ends_with('.')
        && !r.ends_with(".lock")
}

/// `YYYYMMDDHHMMSS` in UTC of a Unix time.
fn format_utc(t: i64) -> String {
    let days = t.div_euclid(86_400);
    let secs = t.rem_euclid(86_400);
    // Howard Hinnant's civil-from-days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}{month:02}{day:02}{:02}{:02}{:02}",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// What was fetched from a repository.
struct GitTree {
    nar_hash: Hash,
    rev: Option<String>,
    rev_count: i64,
    last_modified: i64,
    dirty_rev: Option<String>,
}

fn fetch_git(ev: &mut Evaluator, a: &mut [Value], span: Span) -> Result<Value> {
    let args = git_args(ev, &a[0], span)?;
    let Some(url) = args.url.clone() else {
        return Err(EvalError::new(ErrorKind::MissingAttr, "attribute `url` missing")
            .at(Some(span))
            .with_label("the argument of `fetchGit` must have an attribute `url`"));
    };
    let name = args.name.clone().unwrap_or_else(|| "source".to_owned());
    if let Err(e) = check_name(&name) {
        return Err(fail(format!("invalid store path name for `fetchGit`: {e}"), span));
    }
    let rev = match &args.rev {
        Some(r) => Some(
            Hash::parse_any(r, Some(HashAlgo::Sha1))
                .map_err(|e| fail(e.to_string(), span).with_label("`rev` must be a full commit hash"))?
                .to_base16(),
        ),
        None => None,
    };
    if ev.settings.pure && rev.is_none() {
        return Err(
            fail("in pure evaluation mode, `fetchGit` requires a locked input", span)
                .with_help("give the commit as `rev`"),
        );
    }
    let local = if url.starts_with('/') {
        url.as_bytes().to_vec()
    } else {
        match file_url_path(&url) {
            Some(Ok(path)) => path,
            Some(Err(message)) => return Err(fail(message, span)),
            None if !url.contains("://") && !url.contains(':') => {
                return Err(fail(format!("`{url}` is neither an absolute path nor a URL"), span)
                    .with_label("the repository must be given as a path, an absolute string or a `file://` URL"))
            }
            None => {
                return Err(fail(
                    format!("cannot fetch the Git repository `{url}`: nixlite does not use the network"),
                    span,
                )
                .with_help("only local repositories (a path or a `file://` URL) can be fetched"))
            }
        }
    };
    let dir = crate::resolve::canonicalise(&local);
    let dir_path = os_path(&dir).to_path_buf();
    let shown = String::from_utf8_lossy(&dir).into_owned();
    let bare = if std::fs::symlink_metadata(dir_path.join(".git")).is_ok() {
        false
    } else if dir_path.join("HEAD").is_file() && dir_path.join("objects").is_dir() {
        true
    } else {
        return Err(io_fail(format!("`{shown}` is not a Git repository"), span)
            .with_label("no `.git` in this directory, and it is not a bare repository"));
    };
    let git = Git { dir: dir_path, bare };

    let tree = match (&rev, &args.git_ref) {
        (Some(rev), git_ref) => {
            if git.resolve(rev, span)?.is_none() {
                let where_ = git_ref.as_deref().map_or(String::new(), |r| format!(" (ref `{r}`)"));
                return Err(io_fail(format!("cannot find the Git revision `{rev}`"), span)
                    .with_label(format!("not in the repository `{shown}`{where_}")));
            }
            committed_tree(&git, rev, &args, &shown, span)?
        }
        (None, Some(git_ref)) => {
            if !valid_ref(git_ref) {
                return Err(fail(format!("invalid Git branch/tag name `{git_ref}`"), span)
                    .with_label("`ref` must be a branch or tag name such as `main` or `refs/tags/v1.0`"));
            }
            let full = if git_ref.starts_with("refs/") || git_ref == "HEAD" {
                git_ref.clone()
            } else {
                format!("refs/heads/{git_ref}")
            };
            let Some(rev) = git.resolve(&full, span)? else {
                return Err(io_fail(format!("cannot find the Git ref `{full}`"), span)
                    .with_label(format!("not in the repository `{shown}`")));
            };
            committed_tree(&git, &rev, &args, &shown, span)?
        }
        (None, None) => {
            let head = git.resolve("HEAD", span)?;
            let clean = match (&head, bare) {
                (Some(_), true) => true,
                (Some(_), false) => {
                    let out = git
                        .run(&["diff-index", "--quiet", "HEAD", "--"])
                        .map_err(|e| io_fail(e, span))?;
                    match out.status.code() {
                        Some(0) => true,
                        Some(1) => false,
                        _ => {
                            return Err(io_fail(
                                format!("`git diff-index` failed in `{shown}`: {}", stderr_text(&out)),
                                span,
                            ))
                        }
                    }
                }
                (None, true) => return Err(io_fail(format!("the Git repository `{shown}` has no commits"), span)),
                (None, false) => false,
            };
            match head {
                Some(rev) if clean => committed_tree(&git, &rev, &args, &shown, span)?,
                head => {
                    ev.emit_trace(&format!("warning: Git tree '{shown}' is dirty"));
                    dirty_tree(&git, head.as_deref(), &args, &shown, span)?
                }
            }
        }
    };

    if let Some(expected) = &args.nar_hash {
        if *expected != tree.nar_hash {
            return Err(fail(
                format!(
                    "NAR hash mismatch in the Git input `{url}`: expected `{}`, got `{}`",
                    expected.to_sri(),
                    tree.nar_hash.to_sri()
                ),
                span,
            ));
        }
    }
    if let Some(n) = args.rev_count.filter(|&n| n != tree.rev_count) {
        return Err(fail(
            format!("`revCount` attribute mismatch in the Git input `{url}`: expected {n}"),
            span,
        ));
    }
    if let Some(t) = args.last_modified.filter(|&t| t != tree.last_modified) {
        return Err(fail(
            format!("`lastModified` attribute mismatch in the Git input `{url}`: expected {t}"),
            span,
        ));
    }

    let store = store_dir(ev, span)?;
    let out_path = fixed_path(&store, FileIngestionMethod::Recursive, &tree.nar_hash, &name, span)?;
    let zeros = "0".repeat(40);
    let rev = tree.rev.unwrap_or(zeros);
    let short_rev = rev.get(..7).unwrap_or(&rev).to_owned();
    let mut out = Attrs::new();
    let mut set = |k: &str, v: Value| out.insert(Symbol::intern(k), v);
    let string = |s: String| Value::string(s.into_bytes());
    set("outPath", store_path_value(&store, &out_path));
    set("narHash", string(tree.nar_hash.to_sri()));
    set("submodules", Value::Bool(args.submodules));
    set("rev", string(rev));
    set("shortRev", string(short_rev));
    set("revCount", Value::Int(tree.rev_count));
    set("lastModified", Value::Int(tree.last_modified));
    set("lastModifiedDate", string(format_utc(tree.last_modified)));
    if let Some(dirty) = tree.dirty_rev {
        set(
            "dirtyShortRev",
            string(format!("{}-dirty", dirty.get(..7).unwrap_or(&dirty))),
        );
        set("dirtyRev", string(format!("{dirty}-dirty")));
    }
    Ok(Value::attrs(out))
}

/// The tree of commit `rev`, exported with `git archive`.
fn committed_tree(git: &Git, rev: &str, args: &GitArgs, shown: &str, span: Span) -> Result<GitTree> {
    if args.submodules {
        let out = git
            .run(&["cat-file", "-e", &format!("{rev}:.gitmodules")])
            .map_err(|e| io_fail(e, span))?;
        if out.status.success() {
            return Err(fail(
                format!("cannot fetch `{shown}` with `submodules = true`: nixlite does not fetch Git submodules"),
                span,
            ));
        }
    }
    let tmp = TempDir::new("git").map_err(|e| {
        io_fail(
            format!(
                "cannot export `{shown}`: cannot create a temporary directory: {}",
                io_reason(&e)
            ),
            span,
        )
    })?;
    let archive = tmp.path().join("archive.tar");
    let root = tmp.path().join("tree");
    let mut output = std::ffi::OsString::from("--output=");
    output.push(&archive);
    let out = run(
        git.command().arg("archive").arg("--format=tar").arg(output).arg(rev),
        "git",
    )
    .map_err(|e| io_fail(e, span))?;
    if !out.status.success() {
        return Err(io_fail(
            format!("`git archive {rev}` failed in `{shown}`: {}", stderr_text(&out)),
            span,
        ));
    }
    std::fs::create_dir(&root).map_err(|e| io_fail(format!("cannot export `{shown}`: {}", io_reason(&e)), span))?;
    untar(&archive, &root).map_err(|reason| io_fail(format!("cannot export `{shown}`: {reason}"), span))?;
    let nar_hash = nixlite_store::nar::nar_hash_path(&nixlite_store::StdFs, &root)
        .map_err(|e| io_fail(format!("cannot export `{shown}`: {e}"), span))?
        .hash;
    let rev_count = if args.shallow {
        0
    } else {
        let text = git.output(&["rev-list", "--count", rev], span)?;
        text.parse()
            .map_err(|_| io_fail(format!("`git rev-list --count` gave `{text}`"), span))?
    };
    Ok(GitTree {
        nar_hash,
        rev: Some(rev.to_owned()),
        rev_count,
        last_modified: git.commit_time(rev, span)?,
        dirty_rev: None,
    })
}

/// A working tree with uncommitted changes: its tracked files as they are.
fn dirty_tree(git: &Git, head: Option<&str>, args: &GitArgs, shown: &str, span: Span) -> Result<GitTree> {
    let mut list = vec!["ls-files", "-z"];
    if args.submodules {
        list.push("--recurse-submodules");
    }
    let out = git.run(&list).map_err(|e| io_fail(e, span))?;
    if !out.status.success() {
        return Err(io_fail(
            format!("`git ls-files` failed in `{shown}`: {}", stderr_text(&out)),
            span,
        ));
    }
    let mut files: HashSet<Vec<u8>> = HashSet::new();
    let mut dirs: HashSet<Vec<u8>> = HashSet::new();
    for file in out.stdout.split(|&b| b == 0).filter(|f| !f.is_empty()) {
        for (i, &b) in file.iter().enumerate() {
            if b == b'/' {
                dirs.insert(file[..i].to_vec());
            }
        }
        files.insert(file.to_vec());
    }
    let root = git.dir.clone();
    let root_len = root.as_os_str().len();
    let prefix_len = if root.as_os_str().as_bytes().ends_with(b"/") {
        root_len
    } else {
        root_len + 1
    };
    let mut filter = |p: &Path, _kind: nixlite_store::FileKind| -> std::result::Result<bool, nixlite_store::NarError> {
        let rel = p.as_os_str().as_bytes().get(prefix_len..).unwrap_or_default();
        Ok(files.contains(rel) || dirs.contains(rel))
    };
    let nar_hash = nixlite_store::nar::nar_hash_path_filtered(&nixlite_store::StdFs, &root, &mut filter)
        .map_err(|e| io_fail(format!("cannot copy the working tree `{shown}`: {e}"), span))?
        .hash;
    let last_modified = match head {
        Some(rev) => git.commit_time(rev, span)?,
        None => 0,
    };
    Ok(GitTree {
        nar_hash,
        rev: None,
        rev_count: 0,
        last_modified,
        dirty_rev: head.map(str::to_owned),
    })
}
