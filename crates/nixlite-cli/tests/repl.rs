//! The REPL's tests.
//!
//! * Scripted sessions: each `tests/repl/*.txt` is a transcript. Lines
//!   starting with `> ` (or a lone `>`) are typed into the session one by
//!   one; the other lines are what the session must answer (values,
//!   messages and diagnostics together, in order, without colour). Lines
//!   starting with `## ` before the first input say what the transcript
//!   tests. The session's directory is `tests/repl`, shown as `/pwd`.
//!   `NIXLITE_BLESS=1` rewrites the answers from the actual output (review
//!   with `git diff`).
//! * Completion and interruption, on the session directly.
//! * One session through a real pseudo-terminal (rexpect): line editing,
//!   multi-line input, Tab, Ctrl-C, history and Ctrl-D.

#[allow(dead_code)]
#[path = "../src/repl/mod.rs"]
mod repl;

use repl::{Session, Settings, Status};
use std::path::{Path, PathBuf};
use std::time::Duration;

fn repl_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/repl")
}

fn session(dir: &Path) -> Session {
    let settings = Settings {
        colour: false,
        show_trace: false,
        base_dir: dir.to_path_buf(),
        auto_args: vec![("greeting".into(), "hi".into(), false)],
        stream_traces: false,
    };
    Session::new(
        |s: &Settings| {
            nixlite::Evaluator::builder()
                .base_dir(s.base_dir.clone())
                .search_path("repl", s.base_dir.display().to_string())
                .build()
        },
        settings,
    )
}

fn text(reply: &repl::Reply) -> String {
    reply.chunks.iter().map(|c| c.text.as_str()).collect()
}

/// Runs a transcript's inputs; returns the transcript the session produced.
fn run_transcript(source: &str, dir: &Path) -> String {
    let mut s = session(dir);
    let mut out = String::new();
    for line in source.lines() {
        if line.starts_with("## ") && !out.lines().any(|l| l.starts_with('>')) {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let Some(input) = line.strip_prefix("> ").or(if line == ">" { Some("") } else { None }) else {
            continue;
        };
        out.push_str(line);
        out.push('\n');
        let reply = s.feed(input);
        out.push_str(&text(&reply));
        if reply.status == Status::Quit {
            return normalise(&out, dir);
        }
    }
    out.push_str(&text(&s.finish()));
    normalise(&out, dir)
}

fn normalise(text: &str, dir: &Path) -> String {
    let replaced = text.replace(&dir.display().to_string(), "/pwd");
    let mut lines: Vec<&str> = replaced.lines().map(str::trim_end).collect();
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

#[test]
fn transcripts() {
    let dir = repl_dir();
    let bless = std::env::var_os("NIXLITE_BLESS").is_some();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/repl exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no transcripts in {}", dir.display());
    let mut failures = Vec::new();
    for file in &files {
        let expected = std::fs::read_to_string(file).expect("readable transcript");
        let actual = run_transcript(&expected, &dir);
        if normalise(&expected, &dir) != actual {
            if bless {
                std::fs::write(file, &actual).expect("writable transcript");
            } else {
                failures.push(format!("{}:\n{}", file.display(), first_difference(&expected, &actual)));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} transcript(s) differ:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

fn first_difference(expected: &str, actual: &str) -> String {
    let e: Vec<&str> = expected.lines().map(str::trim_end).collect();
    let a: Vec<&str> = actual.lines().collect();
    let i = e
        .iter()
        .zip(&a)
        .position(|(x, y)| x != y)
        .unwrap_or(e.len().min(a.len()));
    let show = |l: &[&str]| l.iter().skip(i).take(6).copied().collect::<Vec<_>>().join("\n");
    format!(
        "first difference at line {}\n--- expected\n{}\n+++ actual\n{}",
        i + 1,
        show(&e),
        show(&a)
    )
}

fn replacements(s: &mut Session, line: &str) -> (usize, Vec<String>) {
    let (start, candidates) = s.complete(line, line.len());
    (start, candidates.into_iter().map(|c| c.replacement).collect())
}

#[test]
fn completion() {
    let dir = repl_dir();
    let mut s = session(&dir);
    for line in [
        "pkgs = { hello = 1; help = throw \"not forced\"; world = 2; \"a b\" = 3; }",
        "helper = 1",
    ] {
        assert!(text(&s.feed(line)).is_empty());
    }
    assert_eq!(
        replacements(&mut s, "pkgs.he"),
        (0, vec!["pkgs.hello".into(), "pkgs.help".into()])
    );
    assert_eq!(replacements(&mut s, "1 + pkgs.w"), (4, vec!["pkgs.world".into()]));
    assert_eq!(replacements(&mut s, "pkgs.a"), (0, vec!["pkgs.\"a b\"".into()]));
    assert_eq!(replacements(&mut s, "(help"), (1, vec!["helper".into()]));
    assert_eq!(
        replacements(&mut s, "builtins.attrNa"),
        (0, vec!["builtins.attrNames".into()])
    );
    assert!(replacements(&mut s, "removeA").1.contains(&"removeAttrs".to_owned()));
    assert_eq!(replacements(&mut s, ":lo"), (0, vec![":load ".into()]));
    assert_eq!(replacements(&mut s, ":l lib"), (3, vec!["lib.nix".into()]));
    assert_eq!(replacements(&mut s, ":load ./sub"), (6, vec!["./subdir/".into()]));
    assert_eq!(
        replacements(&mut s, "import ./subdir/"),
        (7, vec!["./subdir/value.nix".into()])
    );
    assert_eq!(replacements(&mut s, "nosuch.x"), (0, vec![]));
    // Completing forced nothing but `pkgs` itself: `help` still throws only when used.
    assert!(text(&s.feed("pkgs.hello")).starts_with('1'));
}

/// A long computation made of many calls, with little memory.
const BUSY: &str = "let l = builtins.genList (x: x) 10000; in \
                    builtins.foldl' (a: i: builtins.foldl' (b: j: b + j) a l) 0 (builtins.genList (x: x) 100000)";

#[test]
fn interrupting_an_evaluation() {
    let mut s = session(&repl_dir());
    let flag = s.interrupt_handle();
    let started = std::time::Instant::now();
    let ctrl_c = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(200));
        flag.store(true, std::sync::atomic::Ordering::Relaxed);
    });
    let reply = s.feed(BUSY);
    ctrl_c.join().expect("the interrupting thread ends");
    assert!(started.elapsed() < Duration::from_secs(20));
    assert!(
        text(&reply).contains("error: evaluation interrupted"),
        "{}",
        text(&reply)
    );
    // The session goes on.
    assert_eq!(text(&s.feed("1 + 1")), "2\n");
}

#[test]
fn through_a_pseudo_terminal() {
    let home = std::env::temp_dir().join(format!("nixlite-repl-pty-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(&home).expect("a temporary home");
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_nixlite"));
    command
        .arg("repl")
        .current_dir(repl_dir())
        .env("HOME", &home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("TERM", "xterm")
        .env("NO_COLOR", "1")
        .env_remove("NIX_PATH");
    let mut p = rexpect::session::spawn_command(command, Some(20_000)).expect("spawn nixlite repl in a pty");
    let prompt = "nixlite> ";
    let step = |p: &mut rexpect::session::PtySession, input: &str, expected: &str| {
        p.send_line(input).expect("send");
        p.exp_string(expected)
            .unwrap_or_else(|e| panic!("after {input:?}, expected {expected:?}: {e}"));
        p.exp_string(prompt).expect("the prompt again");
    };
    p.exp_string("Type :? for help.").expect("the banner");
    p.exp_string(prompt).expect("the prompt");
    step(&mut p, "1 + 41", "42");
    // Enter inside an unfinished set starts a new line of the same input.
    p.send_line("{ a = 1000 +").expect("send");
    step(&mut p, "337; }.a", "1337");
    // An error does not end the session.
    // (rexpect reads bytes as Latin-1: match ASCII only.)
    step(&mut p, "throw \"oops\"", "oops\r\n");
    // Ctrl-C abandons an unfinished input.
    p.send_line("{ b = ").expect("send");
    p.send_control('c').expect("Ctrl-C");
    p.exp_string(prompt).expect("the prompt after Ctrl-C");
    step(&mut p, "6 * 7 + 2000", "2042");
    // Ctrl-C interrupts a running evaluation.
    p.send_line(BUSY).expect("send");
    std::thread::sleep(Duration::from_millis(300));
    p.send_control('c').expect("Ctrl-C");
    p.exp_string("evaluation interrupted")
        .expect("the interruption reported");
    p.exp_string(prompt).expect("the prompt after the interruption");
    // Tab completes an attribute path.
    p.send("builtins.attrNa\t").expect("send");
    p.flush().expect("flush");
    p.exp_string("builtins.attrNames").expect("the completed name");
    step(&mut p, " { zz = 1; }", "[ \"zz\" ]");
    // Ctrl-D leaves.
    p.send_control('d').expect("Ctrl-D");
    p.exp_eof().expect("the end");
    let history = std::fs::read_to_string(home.join("data/nixlite/repl-history")).unwrap_or_default();
    assert!(history.contains("6 * 7 + 2000"), "history: {history:?}");
    let _ = std::fs::remove_dir_all(&home);
}
