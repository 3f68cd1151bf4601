//! The `nixlite` command.

mod diagnostics;
mod parse_cmd;

use std::process::ExitCode;

const USAGE: &str = "\
nixlite — a fast evaluator for the Nix language

usage:
  nixlite parse [--ast] (FILE | --expr EXPR | -)   check syntax (and print the tree)
  nixlite help                                      this text
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = args.split_first() else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
    match command.as_str() {
        "parse" => parse_cmd::run(rest),
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
