//! The `nixlite` command.

mod allocator;
mod args;
mod diagnostics;
mod eval_cmd;
mod instantiate_cmd;
mod parse_cmd;
mod repl;

use std::process::ExitCode;

const USAGE: &str = "\
nixlite — a fast evaluator for the Nix language

usage:
  nixlite eval [--strict] [--json] [-A PATH] [--arg N E] [--argstr N S] [-I P] (FILE | --expr E | -)
                                                    evaluate and print, as nix-instantiate --eval
  nixlite instantiate [-A PATH] [--arg N E] [--argstr N S] [-I P] [--out FILE] [--write-store ROOT] (FILE | --expr E | -)
                                                    evaluate to derivations and print the JSON a builder needs
  nixlite parse [--ast] (FILE | --expr EXPR | -)   check syntax (and print the tree)
  nixlite repl [-I P] [--arg N E] [FILE...]        interactive session (:? for help), as nix repl
  nixlite help                                      this text
";

/// Native stack of the evaluating thread: deep programs need it, and the
/// pages are only committed when touched.
const STACK_SIZE: usize = 512 * 1024 * 1024;

fn main() -> ExitCode {
    let worker = std::thread::Builder::new().stack_size(STACK_SIZE).spawn(run);
    let code = match worker.map(|w| w.join()) {
        Ok(Ok(code)) => code,
        _ => {
            eprintln!("nixlite: internal error (please report it)");
            ExitCode::from(101)
        }
    };
    // Exit without dropping the evaluation's values: freeing a large heap
    // of reference-counted values only costs time at this point.
    std::process::exit(if code == ExitCode::SUCCESS { 0 } else { exit_code(code) })
}

fn exit_code(code: ExitCode) -> i32 {
    if code == ExitCode::from(2) {
        2
    } else if code == ExitCode::from(101) {
        101
    } else {
        1
    }
}

fn run() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = args.split_first() else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
    match command.as_str() {
        "parse" => parse_cmd::run(rest),
        "eval" => eval_cmd::run(rest),
        "instantiate" => instantiate_cmd::run(rest),
        "repl" => repl::run(rest),
        "help" | "--help" | "-h" => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        other => {
            eprintln!("nixlite: unknown command `{other}`\n");
            eprint!("{USAGE}");
            ExitCode::from(2)
        }
    }
}
