//! `nixlite parse`: check the syntax of a file, an expression or stdin.

use crate::diagnostics;
use nixlite_syntax::source::{Origin, SourceMap};
use std::io::Read;
use std::process::ExitCode;

/// Runs `nixlite parse ARGS`.
pub fn run(args: &[String]) -> ExitCode {
    let mut print_ast = false;
    let mut input: Option<(Origin, Vec<u8>)> = None;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let next = match arg.as_str() {
            "--ast" => {
                print_ast = true;
                continue;
            }
            "--expr" | "-E" => match iter.next() {
                Some(e) => Ok((Origin::Expr, e.clone().into_bytes())),
                None => Err("--expr needs an expression".to_owned()),
            },
            "-" => {
                let mut buf = Vec::new();
                std::io::stdin()
                    .read_to_end(&mut buf)
                    .map(|_| (Origin::Stdin, buf))
                    .map_err(|e| format!("cannot read standard input: {e}"))
            }
            flag if flag.starts_with('-') => Err(format!("unknown option `{flag}`")),
            path => read_file(path),
        };
        match next {
            Ok(i) if input.is_none() => input = Some(i),
            Ok(_) => return usage("give one input: FILE, --expr EXPR or -"),
            Err(e) => return usage(&e),
        }
    }
    let Some((origin, text)) = input else {
        return usage("nothing to parse: give FILE, --expr EXPR or -");
    };
    let mut sources = SourceMap::new();
    let file = sources.add(origin, text);
    let text = sources.get(file).text.clone();
    match nixlite_syntax::parse(&text, file) {
        Ok(ast) => {
            if print_ast {
                print!("{}", nixlite_syntax::pretty::dump(&ast));
            }
            // The process exits next: freeing the tree node by node would only cost time.
            std::mem::forget(ast);
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprint!("{}", diagnostics::render(&err.to_diagnostic(sources.get(file))));
            ExitCode::FAILURE
        }
    }
}

fn read_file(path: &str) -> Result<(Origin, Vec<u8>), String> {
    let mut p = std::path::PathBuf::from(path);
    if p.is_dir() {
        p = ["default.nl", "default.nix"]
            .iter()
            .map(|f| p.join(f))
            .find(|f| f.exists())
            .ok_or_else(|| format!("{path} is a directory without default.nl or default.nix"))?;
    }
    let text = std::fs::read(&p).map_err(|e| format!("cannot read {}: {e}", p.display()))?;
    let abs = std::path::absolute(&p).unwrap_or(p);
    Ok((Origin::File(abs), text))
}

fn usage(message: &str) -> ExitCode {
    eprintln!("nixlite parse: {message}");
    eprintln!("usage: nixlite parse [--ast] (FILE | --expr EXPR | -)");
    ExitCode::from(2)
}
