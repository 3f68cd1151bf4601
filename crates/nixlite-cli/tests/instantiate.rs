//! Acceptance tests of `nixlite instantiate` against CppNix 2.8.
//!
//! Each `tests/drv/CASE.nix` is instantiated with
//! `nixlite instantiate --drv-paths --write-store TMP CASE.nix` (from
//! `tests/drv`). Its output must be the `roots` of `CASE.exp` — the `.drv`
//! paths `nix-instantiate --readonly-mode` printed — and the store objects
//! written under `TMP/nix/store` must be exactly the `store` listing of
//! `CASE.exp`, which `tests/drv/bless.py` made from the chroot store
//! `nix-instantiate --store ROOT` wrote: every `.drv` file with its exact
//! text (so every output path, input and environment entry), every
//! `toFile` text and every copied source, byte for byte, with executable
//! bits and symlinks. The JSON document of each case must also name every
//! derivation. `NIXLITE_DRV_CASES=a,b` runs only the cases whose names
//! contain `a` or `b`.

use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

fn escape(data: &[u8]) -> String {
    let mut out = String::new();
    for &b in data {
        match b {
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\t' => out.push_str("\\t"),
            0x20..=0x7e => out.push(char::from(b)),
            _ => out.push_str(&format!("\\x{b:02x}")),
        }
    }
    out
}

/// The listing `bless.py` writes: one line per object below `store`.
fn listing(store: &Path) -> Vec<String> {
    fn walk(path: &Path, rel: &str, out: &mut Vec<String>) {
        let meta = fs::symlink_metadata(path).expect("readable store object");
        if meta.file_type().is_symlink() {
            let target = fs::read_link(path).expect("readable link");
            out.push(format!("{rel}: symlink {}", escape(target.as_os_str().as_bytes())));
        } else if meta.is_dir() {
            out.push(format!("{rel}: directory"));
            for name in sorted_names(path) {
                let child = format!("{rel}/{}", String::from_utf8_lossy(&name));
                walk(&path.join(std::ffi::OsStr::from_bytes(&name)), &child, out);
            }
        } else {
            let kind = if meta.permissions().mode() & 0o100 != 0 {
                "executable"
            } else {
                "file"
            };
            let data = fs::read(path).expect("readable file");
            out.push(format!("{rel}: {kind} {}", escape(&data)));
        }
    }
    let mut out = Vec::new();
    if !store.exists() {
        return out;
    }
    for name in sorted_names(store) {
        if name.starts_with(b".") {
            continue;
        }
        let rel = String::from_utf8_lossy(&name).into_owned();
        walk(&store.join(std::ffi::OsStr::from_bytes(&name)), &rel, &mut out);
    }
    out
}

fn sorted_names(dir: &Path) -> Vec<Vec<u8>> {
    let mut names: Vec<Vec<u8>> = fs::read_dir(dir)
        .expect("readable directory")
        .map(|e| e.expect("directory entry").file_name().as_bytes().to_vec())
        .collect();
    names.sort();
    names
}

/// `roots` and `store` lines of an expectation file (comments skipped).
fn parse_expectation(text: &str) -> (Vec<String>, Vec<String>) {
    let (mut roots, mut store) = (Vec::new(), Vec::new());
    let mut section = "";
    for line in text.lines() {
        match line {
            l if l.starts_with('#') => {}
            "roots" | "store" => section = if line == "roots" { "roots" } else { "store" },
            l => match section {
                "roots" => roots.push(l.to_owned()),
                "store" => store.push(l.to_owned()),
                _ => {}
            },
        }
    }
    (roots, store)
}

fn remove_tree(p: &Path) {
    if !p.exists() {
        return;
    }
    // Store objects are read-only: make them writable first.
    let _ = Command::new("chmod").arg("-R").arg("u+w").arg(p).status();
    let _ = fs::remove_dir_all(p);
}

fn first_difference(expected: &[String], actual: &[String]) -> String {
    let i = expected
        .iter()
        .zip(actual)
        .position(|(e, a)| e != a)
        .unwrap_or(expected.len().min(actual.len()));
    let show = |v: &[String]| {
        v.get(i)
            .map(|s| s.chars().take(400).collect::<String>())
            .unwrap_or_default()
    };
    format!(
        "line {} of {} expected / {} actual\n    - {}\n    + {}",
        i + 1,
        expected.len(),
        actual.len(),
        show(expected),
        show(actual)
    )
}

fn run_case(bin: &Path, dir: &Path, case: &str, tmp: &Path) -> Result<(), String> {
    let exp = fs::read_to_string(dir.join(format!("{case}.exp")))
        .map_err(|e| format!("no expectation (run tests/drv/bless.py {case}): {e}"))?;
    let (roots, store) = parse_expectation(&exp);
    remove_tree(tmp);
    let file = format!("{case}.nix");
    let out = Command::new(bin)
        .current_dir(dir)
        .env_remove("NIX_PATH")
        .env("NO_COLOR", "1")
        .args(["instantiate", "--drv-paths", "--write-store"])
        .arg(tmp)
        .arg(&file)
        .output()
        .map_err(|e| format!("cannot run nixlite: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "nixlite instantiate failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let got_roots: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_owned)
        .collect();
    if got_roots != roots {
        return Err(format!("roots differ: {}", first_difference(&roots, &got_roots)));
    }
    let got_store = listing(&tmp.join("nix/store"));
    if got_store != store {
        return Err(format!(
            "store objects differ: {}",
            first_difference(&store, &got_store)
        ));
    }
    let json = Command::new(bin)
        .current_dir(dir)
        .env_remove("NIX_PATH")
        .args(["instantiate", &file])
        .output()
        .map_err(|e| format!("cannot run nixlite: {e}"))?;
    let text = String::from_utf8_lossy(&json.stdout);
    if !json.status.success() || !text.contains("\"derivations\"") {
        return Err("the JSON document is missing".into());
    }
    for line in &store {
        let base = line.split(':').next().unwrap_or_default();
        if base.ends_with(".drv") && !text.contains(&format!("\"{base}\"")) {
            return Err(format!("the JSON document does not name {base}"));
        }
    }
    Ok(())
}

#[test]
fn instantiate_matches_cppnix() {
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_nixlite"));
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/drv")
        .canonicalize()
        .expect("tests/drv exists");
    let filters: Vec<String> = std::env::var("NIXLITE_DRV_CASES")
        .map(|v| v.split(',').filter(|f| !f.is_empty()).map(str::to_owned).collect())
        .unwrap_or_default();
    let mut cases: Vec<String> = fs::read_dir(&dir)
        .expect("tests/drv is readable")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|n| n.strip_suffix(".nix").map(str::to_owned))
        .filter(|n| filters.is_empty() || filters.iter().any(|f| n.contains(f.as_str())))
        .collect();
    cases.sort();
    let tmp = std::env::temp_dir().join(format!("nixlite-instantiate-test-{}", std::process::id()));
    let mut failures = Vec::new();
    for case in &cases {
        if let Err(e) = run_case(&bin, &dir, case, &tmp) {
            failures.push(format!("FAIL {case}: {e}"));
        }
    }
    remove_tree(&tmp);
    for f in &failures {
        eprintln!("{f}");
    }
    eprintln!(
        "instantiate: {} of {} cases pass",
        cases.len() - failures.len(),
        cases.len()
    );
    assert!(failures.is_empty(), "{} instantiate cases failed", failures.len());
    assert!(cases.len() >= 50 || !filters.is_empty(), "expected at least 50 cases");
}

/// `--out`, `-A`, `--argstr` and usage errors.
#[test]
fn instantiate_options() {
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_nixlite"));
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/drv");
    let expr =
        r#"{ name ? "x" }: { a = derivation { inherit name; system = "x86_64-linux"; builder = "/bin/sh"; }; b = 1; }"#;
    let run = |args: &[&str]| {
        Command::new(&bin)
            .current_dir(&dir)
            .env_remove("NIX_PATH")
            .args(args)
            .output()
            .expect("runs nixlite")
    };
    // The default argument, then --argstr, through -A.
    let out = run(&["instantiate", "--drv-paths", "-A", "a", "--expr", expr]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "/nix/store/97qlv6h78lxlm9zc8849ahsbcklhsi2y-x.drv\n"
    );
    let out = run(&["instantiate", "--drv-paths", "--argstr", "name", "y", "--expr", expr]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).ends_with("-y.drv\n"));
    // --out writes the same document as standard output.
    let file = std::env::temp_dir().join(format!("nixlite-instantiate-out-{}.json", std::process::id()));
    let to_stdout = run(&["instantiate", "--expr", expr]);
    let to_file = run(&[
        "instantiate",
        "--out",
        file.to_str().expect("UTF-8 temp dir"),
        "--expr",
        expr,
    ]);
    assert!(to_file.status.success() && to_file.stdout.is_empty());
    assert_eq!(fs::read(&file).expect("--out file"), to_stdout.stdout);
    let _ = fs::remove_file(&file);
    // Not derivations; usage errors.
    let out = run(&["instantiate", "--expr", "[ 1 ]"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not evaluate to a derivation"));
    assert_eq!(run(&["instantiate", "--out"]).status.code(), Some(2));
    assert_eq!(run(&["instantiate", "--bogus", "x.nix"]).status.code(), Some(2));
}
