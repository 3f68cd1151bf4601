//! The language test suite: every case in `tests/lang/` run through the
//! `nixlite` binary.
//!
//! | file | command | passes when |
//! |---|---|---|
//! | `parse-okay-*.nl` | `nixlite parse` | exit 0 |
//! | `parse-fail-*.nl` | `nixlite parse` | exit 1 and stderr = `.err.exp` |
//! | `eval-okay-*.nl` | `nixlite eval --strict` | exit 0 and stdout = `.exp` |
//! | `eval-fail-*.nl` | `nixlite eval --strict` | exit 1 and stderr = `.err.exp` |
//!
//! Cases run from `tests/lang` with relative file names; the absolute path
//! of that directory is replaced by `/pwd` in all output, so expectations
//! hold no path of one machine. `NIXLITE_BLESS=1` rewrites the `.err.exp`
//! goldens from nixlite's output (review them with `git diff`); `.exp` files
//! are CppNix's output and are never rewritten. Arguments filter cases by
//! substring.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Kind {
    ParseOkay,
    ParseFail,
    EvalOkay,
    EvalFail,
}

fn kind_of(name: &str) -> Option<Kind> {
    let kinds = [
        ("parse-okay-", Kind::ParseOkay),
        ("parse-fail-", Kind::ParseFail),
        ("eval-okay-", Kind::EvalOkay),
        ("eval-fail-", Kind::EvalFail),
    ];
    let stem = name.strip_suffix(".nl").or_else(|| name.strip_suffix(".nix"))?;
    kinds
        .iter()
        .find(|(prefix, _)| stem.starts_with(prefix))
        .map(|&(_, k)| k)
}

struct Outcome {
    name: String,
    failure: Option<String>,
}

fn normalise(text: &[u8], dir: &str) -> String {
    String::from_utf8_lossy(text).replace(dir, "/pwd")
}

fn diff(expected: &str, actual: &str) -> String {
    let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    let first = e
        .iter()
        .zip(&a)
        .position(|(x, y)| x != y)
        .unwrap_or(e.len().min(a.len()));
    let mut out = format!("    first difference at line {}\n", first + 1);
    for line in e.iter().skip(first).take(8) {
        out.push_str(&format!("    - {line}\n"));
    }
    for line in a.iter().skip(first).take(8) {
        out.push_str(&format!("    + {line}\n"));
    }
    out
}

fn run_case(bin: &Path, dir: &Path, name: &str, kind: Kind, bless: bool) -> Option<String> {
    let dir_text = dir.display().to_string();
    let stem = Path::new(name).with_extension("");
    let mut cmd = Command::new(bin);
    cmd.current_dir(dir)
        .env_remove("NIX_PATH")
        .env("NO_COLOR", "1")
        .env("HOME", "/homeless-shelter");
    match kind {
        Kind::ParseOkay | Kind::ParseFail => cmd.args(["parse", name]),
        Kind::EvalOkay | Kind::EvalFail => cmd.args(["eval", "--strict", name]),
    };
    let out = match cmd.output() {
        Ok(out) => out,
        Err(e) => return Some(format!("cannot run nixlite: {e}")),
    };
    let code = out.status.code();
    let stdout = normalise(&out.stdout, &dir_text);
    let stderr = normalise(&out.stderr, &dir_text);
    let expect_ok = matches!(kind, Kind::ParseOkay | Kind::EvalOkay);
    if expect_ok && code != Some(0) {
        return Some(format!("expected success, got exit {code:?}:\n{stderr}"));
    }
    if !expect_ok && code != Some(1) {
        return Some(format!(
            "expected failure (exit 1), got exit {code:?}; stdout:\n{stdout}\nstderr:\n{stderr}"
        ));
    }
    let (golden, actual) = match kind {
        Kind::ParseOkay => return None,
        Kind::EvalOkay => (dir.join(stem.with_extension("exp")), stdout),
        Kind::ParseFail | Kind::EvalFail => (dir.join(stem.with_extension("err.exp")), stderr),
    };
    if bless && kind != Kind::EvalOkay {
        return std::fs::write(&golden, &actual)
            .err()
            .map(|e| format!("cannot write {}: {e}", golden.display()));
    }
    match std::fs::read(&golden) {
        Ok(expected) => {
            let expected = String::from_utf8_lossy(&expected);
            (expected != actual).then(|| {
                format!(
                    "output differs from {}:\n{}",
                    golden.display(),
                    diff(&expected, &actual)
                )
            })
        }
        Err(_) => Some(format!(
            "no expectation {} (run with NIXLITE_BLESS=1 to write nixlite's output, then review it)",
            golden.display()
        )),
    }
}

fn main() {
    let filters: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let bless = std::env::var_os("NIXLITE_BLESS").is_some();
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_nixlite"));
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/lang");
    let dir = dir.canonicalize().expect("tests/lang exists");

    let mut cases: Vec<(String, Kind)> = std::fs::read_dir(&dir)
        .expect("tests/lang is readable")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|name| kind_of(&name).map(|k| (name, k)))
        .filter(|(name, _)| filters.is_empty() || filters.iter().any(|f| name.contains(f.as_str())))
        .collect();
    cases.sort();
    // Until the evaluator lands, eval cases are reported as skipped, not run.
    let has_eval = Command::new(&bin)
        .arg("help")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("nixlite eval"));
    let skipped = if has_eval {
        0
    } else {
        cases
            .iter()
            .filter(|(_, k)| matches!(k, Kind::EvalOkay | Kind::EvalFail))
            .count()
    };
    if !has_eval {
        cases.retain(|(_, k)| matches!(k, Kind::ParseOkay | Kind::ParseFail));
    }

    let next = AtomicUsize::new(0);
    let outcomes = Mutex::new(Vec::new());
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get()).min(8);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some((name, kind)) = cases.get(i) else { break };
                let failure = run_case(&bin, &dir, name, *kind, bless);
                outcomes.lock().unwrap_or_else(|p| p.into_inner()).push(Outcome {
                    name: name.clone(),
                    failure,
                });
            });
        }
    });
    let mut outcomes = outcomes.into_inner().unwrap_or_else(|p| p.into_inner());
    outcomes.sort_by(|a, b| a.name.cmp(&b.name));
    let failed: Vec<&Outcome> = outcomes.iter().filter(|o| o.failure.is_some()).collect();
    for o in &failed {
        println!(
            "FAIL {}\n  {}",
            o.name,
            o.failure.as_deref().unwrap_or_default().replace('\n', "\n  ")
        );
    }
    let passed = outcomes.len() - failed.len();
    for kind in [Kind::ParseOkay, Kind::ParseFail, Kind::EvalOkay, Kind::EvalFail] {
        let total = cases.iter().filter(|(_, k)| *k == kind).count();
        let bad = failed.iter().filter(|o| kind_of(&o.name) == Some(kind)).count();
        println!("{kind:?}: {} of {total} pass", total - bad);
    }
    if skipped > 0 {
        println!("lang: {passed} passed, {} failed, {skipped} skipped", failed.len());
    } else {
        println!("lang: {passed} passed, {} failed", failed.len());
    }
    if !failed.is_empty() {
        std::process::exit(1);
    }
}
