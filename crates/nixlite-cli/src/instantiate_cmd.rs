//! `nixlite instantiate`: evaluate to derivations and print what a builder
//! needs to build them (the JSON document of the spec's
//! `derivation-json.md`), optionally laying out the `.drv` files and
//! sources as a chroot store.

use crate::args::{Args, Input};
use nixlite::Value;
use nixlite_syntax::source::Origin;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str =
    "usage: nixlite instantiate [-A attr.path]... [--arg NAME EXPR] [--argstr NAME STRING] [-I [PREFIX=]PATH]
                           [--out FILE] [--write-store ROOT] [--drv-paths] [--show-trace] (FILE | --expr EXPR | -)";

/// Options of this command that take a value (the shared ones are parsed by [`Args`]).
struct Own {
    out: Option<PathBuf>,
    write_store: Option<PathBuf>,
}

/// Takes `--out FILE` and `--write-store ROOT` out of `args`, skipping the
/// values of the shared options (so `--expr --out` stays an expression).
fn split_own(args: &[String]) -> Result<(Own, Vec<String>), String> {
    let mut own = Own {
        out: None,
        write_store: None,
    };
    let mut rest = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let values = match arg.as_str() {
            "--out" | "-o" => {
                own.out = Some(it.next().ok_or("--out needs a file")?.into());
                continue;
            }
            "--write-store" => {
                own.write_store = Some(it.next().ok_or("--write-store needs a directory")?.into());
                continue;
            }
            "--expr" | "-E" | "-A" | "--attr" | "-I" | "--include" | "--max-call-depth" => 1,
            "--arg" | "--argstr" => 2,
            _ => 0,
        };
        rest.push(arg.clone());
        for _ in 0..values {
            if let Some(v) = it.next() {
                rest.push(v.clone());
            }
        }
    }
    Ok((own, rest))
}

/// Runs `nixlite instantiate ARGS`.
pub fn run(args: &[String]) -> ExitCode {
    let parsed = split_own(args).and_then(|(own, rest)| {
        Ok((
            own,
            Args::parse(&rest, &["--show-trace", "--drv-paths", "--readonly-mode"])?,
        ))
    });
    let (own, args) = match parsed {
        Ok(a) => a,
        Err(e) => {
            eprintln!("nixlite instantiate: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let show_trace = args.flag("--show-trace");
    let mut nix = args.evaluator();
    let colour = crate::diagnostics::colour();

    let result = (|| -> Result<nixlite::instantiate::Instantiation, nixlite::Error> {
        let auto_args = args.auto_args(&mut nix);
        let root = match &args.input {
            Input::File(path) => nix.eval_file(path)?,
            Input::Expr(e) => nix.eval_str(e)?,
            Input::Stdin(text) => nix.eval_bytes(Origin::Stdin, text.clone())?,
        };
        let values: Vec<Value> = if args.attr_paths.is_empty() {
            vec![root]
        } else {
            args.attr_paths
                .iter()
                .map(|path| nix.select_path(&root, path, &auto_args))
                .collect::<Result<_, _>>()?
        };
        nix.instantiate_all(&values, &auto_args)
    })();
    let inst = match result {
        Ok(inst) => inst,
        Err(e) => {
            eprint!("{}", nix.render_error(&e, colour, show_trace));
            return ExitCode::FAILURE;
        }
    };

    if let Some(root) = &own.write_store {
        if let Err(e) = inst.write_store(root) {
            eprintln!(
                "nixlite instantiate: cannot write the store under `{}`: {e}",
                root.display()
            );
            return ExitCode::FAILURE;
        }
    }
    let mut text = if args.flag("--drv-paths") {
        inst.root_lines().join("\n")
    } else {
        match inst.to_json_text() {
            Ok(json) => json,
            Err(e) => {
                eprint!("{}", nix.render_error(&e, colour, show_trace));
                return ExitCode::FAILURE;
            }
        }
    };
    text.push('\n');
    let written = match &own.out {
        Some(path) => std::fs::write(path, &text).map_err(|e| format!("cannot write `{}`: {e}", path.display())),
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(text.as_bytes())
                .and_then(|_| stdout.flush())
                .map_err(|e| format!("cannot write the output: {e}"))
        }
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("nixlite instantiate: {e}");
            ExitCode::FAILURE
        }
    }
}
