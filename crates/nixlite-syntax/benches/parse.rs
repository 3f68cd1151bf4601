//! Parse throughput: MB/s for lexing alone and for the whole parse.
//!
//! `cargo bench -p nixlite-syntax --bench parse -- FILE [RUNS]`
//! (`bench/run --parse` generates a 20 MB FILE and runs this too).

use nixlite_syntax::lexer::Lexer;
use nixlite_syntax::source::FileId;
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: cargo bench -p nixlite-syntax --bench parse -- FILE [RUNS]");
        eprintln!("(bench/gen-parse-input.py OUT writes a realistic 20 MB input)");
        return;
    };
    let runs: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(5);
    let src = std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    let mb = src.len() as f64 / 1e6;

    let mut lex_times = Vec::new();
    let mut parse_times = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let mut count = 0usize;
        for tok in Lexer::new(&src, FileId(0)) {
            tok.expect("the input lexes");
            count += 1;
        }
        lex_times.push(t.elapsed());
        std::hint::black_box(count);

        let t = Instant::now();
        let ast = nixlite_syntax::parse(&src, FileId(0)).expect("the input parses");
        parse_times.push(t.elapsed());
        drop(std::hint::black_box(ast));
    }
    let lex = median(lex_times);
    let parse = median(parse_times);
    println!("input: {path} ({mb:.1} MB), median of {runs} runs");
    println!(
        "lex only:   {:>8.1} ms  {:>7.1} MB/s",
        lex.as_secs_f64() * 1e3,
        mb / lex.as_secs_f64()
    );
    println!(
        "full parse: {:>8.1} ms  {:>7.1} MB/s",
        parse.as_secs_f64() * 1e3,
        mb / parse.as_secs_f64()
    );
}
