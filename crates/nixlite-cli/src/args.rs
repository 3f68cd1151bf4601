//! The options shared by the evaluating commands (`eval`, `instantiate`):
//! input, attribute paths, automatic arguments and search paths.

use nixlite::{Evaluator, Value};
use std::io::Read;
use std::path::PathBuf;

/// Where the expression comes from.
pub enum Input {
    /// A file or directory.
    File(PathBuf),
    /// `--expr E`
    Expr(String),
    /// `-`: the text read from standard input.
    Stdin(Vec<u8>),
}

/// Parsed command-line options.
pub struct Args {
    /// The expression's source.
    pub input: Input,
    /// `-A` paths, in order.
    pub attr_paths: Vec<String>,
    /// `--arg` (`true`: an expression) and `--argstr` (`false`: a string).
    pub auto_args: Vec<(String, String, bool)>,
    /// `-I` entries, in order.
    pub include: Vec<String>,
    /// `--max-call-depth`.
    pub max_call_depth: Option<usize>,
    flags: Vec<String>,
}

impl Args {
    /// Parses `args`; `known_flags` are the switches without a value.
    pub fn parse(args: &[String], known_flags: &[&str]) -> Result<Args, String> {
        let mut input = None;
        let mut out = Args {
            input: Input::Expr(String::new()),
            attr_paths: Vec::new(),
            auto_args: Vec::new(),
            include: Vec::new(),
            max_call_depth: None,
            flags: Vec::new(),
        };
        let mut it = args.iter();
        let next = |it: &mut std::slice::Iter<'_, String>, what: &str| {
            it.next().cloned().ok_or_else(|| format!("{what} needs a value"))
        };
        while let Some(arg) = it.next() {
            match arg.as_str() {
                "--expr" | "-E" => {
                    let e = next(&mut it, "--expr")?;
                    input = Some(Input::Expr(e));
                }
                "-A" | "--attr" => out.attr_paths.push(next(&mut it, "-A")?),
                "--arg" => {
                    let name = next(&mut it, "--arg")?;
                    out.auto_args.push((name, next(&mut it, "--arg NAME")?, true));
                }
                "--argstr" => {
                    let name = next(&mut it, "--argstr")?;
                    out.auto_args.push((name, next(&mut it, "--argstr NAME")?, false));
                }
                "-I" | "--include" => out.include.push(next(&mut it, "-I")?),
                "--max-call-depth" => {
                    let n = next(&mut it, "--max-call-depth")?;
                    out.max_call_depth = Some(
                        n.parse()
                            .map_err(|_| format!("--max-call-depth: `{n}` is not a number"))?,
                    );
                }
                "-" => {
                    let mut buf = Vec::new();
                    std::io::stdin()
                        .read_to_end(&mut buf)
                        .map_err(|e| format!("cannot read standard input: {e}"))?;
                    input = Some(Input::Stdin(buf));
                }
                flag if known_flags.contains(&flag) => out.flags.push(flag.to_owned()),
                flag if flag.starts_with('-') => return Err(format!("unknown option `{flag}`")),
                path => {
                    if input.is_some() {
                        return Err("give one input: FILE, --expr EXPR or -".into());
                    }
                    input = Some(Input::File(PathBuf::from(path)));
                }
            }
        }
        out.input = input.ok_or("nothing to evaluate: give FILE, --expr EXPR or -")?;
        Ok(out)
    }

    /// Whether a switch was given.
    pub fn flag(&self, name: &str) -> bool {
        self.flags.iter().any(|f| f == name)
    }

    /// An evaluator configured from `-I`, `NIX_PATH` and the limits.
    pub fn evaluator(&self) -> Evaluator {
        let mut builder = Evaluator::builder();
        for entry in &self.include {
            builder = builder.nix_path(entry);
        }
        if let Ok(path) = std::env::var("NIX_PATH") {
            builder = builder.nix_path(&path);
        }
        if let Some(depth) = self.max_call_depth {
            builder = builder.max_call_depth(depth);
        }
        builder.build()
    }

    /// The `--arg`/`--argstr` values (expressions stay lazy).
    pub fn auto_args(&self, nix: &mut Evaluator) -> Vec<(String, Value)> {
        self.auto_args
            .iter()
            .map(|(name, text, is_expr)| {
                let v = if *is_expr {
                    nix.lazy_expr(text)
                } else {
                    Value::string(text.as_bytes())
                };
                (name.clone(), v)
            })
            .collect()
    }
}
