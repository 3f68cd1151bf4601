//! `nixlite eval`: evaluate a file or expression and print the value as
//! `nix-instantiate --eval` does.

use crate::args::{Args, Input};
use nixlite::Value;
use nixlite_syntax::source::Origin;
use std::io::Write;
use std::process::ExitCode;

const USAGE: &str = "usage: nixlite eval [--strict] [--json] [-A attr.path] [--arg NAME EXPR] [--argstr NAME STRING]
                    [-I [PREFIX=]PATH] [--show-trace] [--max-call-depth N] (FILE | --expr EXPR | -)";

/// Runs `nixlite eval ARGS`.
pub fn run(args: &[String]) -> ExitCode {
    let args = match Args::parse(
        args,
        &[
            "--strict",
            "--json",
            "--show-trace",
            "--eval",
            "--read-only",
            "--readonly-mode",
        ],
    ) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("nixlite eval: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let strict = args.flag("--strict");
    let json = args.flag("--json");
    let show_trace = args.flag("--show-trace");
    let mut nix = args.evaluator();
    let colour = crate::diagnostics::colour();

    let result = (|| -> Result<Vec<u8>, nixlite::Error> {
        let auto_args = args.auto_args(&mut nix);
        let root = match &args.input {
            Input::File(path) => nix.eval_file(path)?,
            Input::Expr(e) => nix.eval_str(e)?,
            Input::Stdin(text) => nix.eval_bytes(Origin::Stdin, text.clone())?,
        };
        let mut out = Vec::new();
        let paths = if args.attr_paths.is_empty() {
            vec![String::new()]
        } else {
            args.attr_paths.clone()
        };
        for path in &paths {
            let v: Value = nix.select_path(&root, path, &auto_args)?;
            // Like nix-instantiate, the result is called only when arguments were given.
            let v = if auto_args.is_empty() {
                v
            } else {
                nix.auto_call(&v, &auto_args)?
            };
            if json {
                out.extend(nix.to_json_string(&v)?);
            } else {
                out.extend(nix.print_bytes(&v, strict)?);
            }
            out.push(b'\n');
        }
        Ok(out)
    })();
    match result {
        Ok(out) => {
            let mut stdout = std::io::stdout().lock();
            if stdout.write_all(&out).and_then(|_| stdout.flush()).is_err() {
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprint!("{}", nix.render_error(&e, colour, show_trace));
            ExitCode::FAILURE
        }
    }
}
