//! The `:` commands.

use super::docs;
use super::input;
use super::printer::{self, PrintOptions};
use super::session::{Action, Session, Status, BOUND};
use nixlite::Value;
use nixlite_eval::error::ErrorKind;
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

/// One command: its names, its argument, what it does, and whether the
/// argument is an expression (which may continue on the next line).
pub struct Command {
    /// The names, the short one first.
    pub names: &'static [&'static str],
    /// The argument, for the help.
    pub arg: &'static str,
    /// What it does.
    pub help: &'static str,
    /// Whether the argument is a Nix expression.
    pub expression: bool,
}

/// Every command, in the order `:?` lists them.
pub const COMMANDS: &[Command] = &[
    Command {
        names: &[":a", ":add"],
        arg: "<expr>",
        help: "Add the attributes of a set to the scope",
        expression: true,
    },
    Command {
        names: &[":doc"],
        arg: "<expr>",
        help: "Show the documentation of a builtin, or the /** */ comment of a function",
        expression: true,
    },
    Command {
        names: &[":env"],
        arg: "",
        help: "Show the variables added to the scope in this session",
        expression: false,
    },
    Command {
        names: &[":l", ":load"],
        arg: "<path>",
        help: "Load a Nix file and add its attributes to the scope",
        expression: false,
    },
    Command {
        names: &[":p", ":print"],
        arg: "<expr>",
        help: "Evaluate and print an expression completely (strings without quotes)",
        expression: true,
    },
    Command {
        names: &[":q", ":quit"],
        arg: "",
        help: "Leave the REPL",
        expression: false,
    },
    Command {
        names: &[":r", ":reload"],
        arg: "",
        help: "Reload all loaded files, then replay the session's bindings",
        expression: false,
    },
    Command {
        names: &[":t"],
        arg: "<expr>",
        help: "Describe the type of the result of an expression",
        expression: true,
    },
    Command {
        names: &[":te", ":trace-enable"],
        arg: "[bool]",
        help: "Show full error traces, or not (toggles without argument)",
        expression: false,
    },
    Command {
        names: &[":?", ":help"],
        arg: "",
        help: "Show this help",
        expression: false,
    },
];

/// The command named `name` (short or long name).
pub fn find(name: &str) -> Option<&'static Command> {
    COMMANDS.iter().find(|c| c.names.contains(&name))
}

/// Whether the command's argument is an expression.
pub fn takes_expression(name: &str) -> bool {
    find(name).is_some_and(|c| c.expression)
}

/// The text of `:?`.
pub fn help() -> String {
    let mut out = String::from("The following commands are available:\n\n");
    let rows: Vec<(String, &str)> = [
        ("<expr>".to_owned(), "Evaluate and print an expression"),
        (
            "<x> = <expr>".to_owned(),
            "Bind an expression to a variable, lazily (also `a.b = <expr>`, `inherit (e) x`)",
        ),
    ]
    .into_iter()
    .chain(COMMANDS.iter().map(|c| {
        let names = c.names.join(", ");
        let head = if c.arg.is_empty() {
            names
        } else {
            format!("{names} {}", c.arg)
        };
        (head, c.help)
    }))
    .collect();
    let width = rows.iter().map(|(h, _)| h.chars().count()).max().unwrap_or(0) + 2;
    for (head, text) in rows {
        out.push_str(&format!("  {head:<width$}{text}\n"));
    }
    out.push_str(
        "\nTab completes variables, attribute paths (pkgs.he<Tab>), commands and, after :l, file names.\n\
         Ctrl-C abandons the input or interrupts an evaluation; Ctrl-D leaves.",
    );
    out
}

fn short(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > 40 {
        format!("{}…", one_line.chars().take(39).collect::<String>())
    } else {
        one_line
    }
}

impl Session {
    /// Runs a command.
    pub(super) fn command(&mut self, name: &str, arg: &str) -> Status {
        let Some(command) = find(name) else {
            let mut message = format!("unknown command `{name}`");
            let close: Vec<&str> = COMMANDS
                .iter()
                .flat_map(|c| c.names.iter().copied())
                .filter(|n| name.len() > 1 && n.starts_with(name))
                .collect();
            if let [one] = close[..] {
                message.push_str(&format!("; did you mean `{one}`?"));
            } else {
                message.push_str("; `:?` lists the commands");
            }
            self.fail(&message);
            return Status::Done;
        };
        if command.expression && arg.is_empty() {
            self.fail(&format!("`{name}` needs an expression: `{name} <expr>`"));
            return Status::Done;
        }
        match command.names[0] {
            ":a" => {
                if self.add(arg) {
                    self.log.push(Action::Add(arg.to_owned()));
                }
            }
            ":doc" => self.doc(arg),
            ":env" => self.env(),
            ":l" if arg.is_empty() => self.fail("`:l` needs a file: `:l ./default.nix` or `:l <nixpkgs>`"),
            ":l" => match self.load_path(arg) {
                Ok(path) => {
                    self.load(&path);
                }
                Err(e) => self.error(&e),
            },
            ":p" => match self.eval(arg) {
                Ok(Value::String(s)) => self.out(&s.to_str_lossy()),
                Ok(v) => self.print_value(&v, &PrintOptions::full(self.settings.colour)),
                Err(e) => self.error(&e),
            },
            ":q" => return Status::Quit,
            ":r" => self.reload(),
            ":t" => match self.eval(arg) {
                Ok(v) => self.out(&printer::type_description(&v)),
                Err(e) => self.error(&e),
            },
            ":te" => {
                let on = match arg {
                    "" => !self.settings.show_trace,
                    "true" => true,
                    "false" => false,
                    other => {
                        self.fail(&format!("`:te` takes `true`, `false` or nothing, not `{other}`"));
                        return Status::Done;
                    }
                };
                self.settings.show_trace = on;
                self.info(if on {
                    "showing error traces"
                } else {
                    "not showing error traces"
                });
            }
            _ => self.out(&help()),
        }
        Status::Done
    }

    /// `:a EXPR`: whether it worked.
    pub(super) fn add(&mut self, expr: &str) -> bool {
        match self.eval(expr).and_then(expect_set) {
            Ok(attrs) => {
                self.add_attrs(&attrs, format!("added by :a {}", short(expr)));
                true
            }
            Err(e) => {
                self.error(&e);
                false
            }
        }
    }

    /// The file `:l ARG` means: `<x>` through the search path, `~/x` in the
    /// home directory, anything else relative to the base directory.
    fn load_path(&mut self, arg: &str) -> Result<PathBuf, nixlite::Error> {
        if arg.starts_with('<') && arg.ends_with('>') {
            return match self.eval(arg)? {
                Value::Path(p) => Ok(PathBuf::from(OsStr::from_bytes(&p.0))),
                Value::String(s) => Ok(PathBuf::from(OsStr::from_bytes(s.as_bytes()))),
                other => Err(nixlite::Error::type_error(format!(
                    "`{arg}` is {}, not a path",
                    other.type_phrase()
                ))),
            };
        }
        if let Some(rest) = arg.strip_prefix("~/") {
            if let Some(home) = std::env::var_os("HOME") {
                return Ok(PathBuf::from(home).join(rest));
            }
        }
        Ok(self.settings.base_dir.join(arg))
    }

    /// Loads a file (calling it if it is a function of named arguments) and
    /// adds its attributes; remembered for `:r` even if it fails.
    pub(super) fn load(&mut self, path: &Path) -> bool {
        self.log.retain(|a| !matches!(a, Action::Load(p) if p == path));
        self.log.push(Action::Load(path.to_path_buf()));
        match self.load_value(path) {
            Ok(attrs) => {
                self.add_attrs(&attrs, format!("loaded from {}", path.display()));
                true
            }
            Err(e) => {
                self.error(&e);
                false
            }
        }
    }

    fn load_value(&mut self, path: &Path) -> Result<std::rc::Rc<nixlite_eval::value::Attrs>, nixlite::Error> {
        self.interrupt_handle()
            .store(false, std::sync::atomic::Ordering::Relaxed);
        let v = self.nix.eval_file(path)?;
        let args: Vec<(String, Value)> = self
            .settings
            .auto_args
            .clone()
            .into_iter()
            .map(|(name, text, is_expr)| {
                let v = if is_expr {
                    self.nix.lazy_expr(&text)
                } else {
                    Value::string(text.as_bytes())
                };
                (name, v)
            })
            .collect();
        let v = self.nix.auto_call(&v, &args).map_err(|e| {
            if e.kind() == ErrorKind::Call && e.0.help.is_none() {
                e.with_help("the arguments of a loaded file's function come from `nixlite repl --arg NAME EXPR` or `--argstr NAME STRING`")
            } else {
                e
            }
        })?;
        expect_set(v)
    }

    fn doc(&mut self, arg: &str) {
        match self.eval(arg) {
            Ok(v) => match docs::documentation(&mut self.nix, &v) {
                Some(text) => self.out(&text),
                None => self.fail(&format!(
                    "`{}` has no documentation: it is {}, not a function",
                    short(arg),
                    v.type_phrase()
                )),
            },
            Err(e) => self.error(&e),
        }
    }

    /// `:env`: the names the session added, by where they came from.
    fn env(&mut self) {
        if self.scope.is_empty() {
            self.out("No variables added yet: only the builtins are in scope.");
            return;
        }
        let opts = PrintOptions::peek(self.settings.colour);
        let mut lines = Vec::new();
        for (index, origin) in self.origins.clone().iter().enumerate() {
            let names: Vec<(String, Value)> = self
                .scope
                .iter()
                .filter(|(_, e)| e.origin == index)
                .map(|(n, e)| (n.clone(), e.value.clone()))
                .collect();
            if names.is_empty() {
                continue;
            }
            if origin == BOUND {
                lines.push(format!("{BOUND}:"));
                for (name, value) in names {
                    let shown = printer::print(&mut self.nix, &value, &opts).unwrap_or_else(|_| "«error»".into());
                    lines.push(format!("  {} = {shown}", input::attr_source(&name)));
                }
            } else {
                const SHOWN: usize = 50;
                lines.push(format!("{origin} ({}):", names.len()));
                let mut list: Vec<String> = names.iter().take(SHOWN).map(|(n, _)| input::attr_source(n)).collect();
                if names.len() > SHOWN {
                    list.push(format!("… and {} more", names.len() - SHOWN));
                }
                lines.push(format!("  {}", list.join(" ")));
            }
        }
        self.out(&lines.join("\n"));
    }
}

fn expect_set(v: Value) -> Result<std::rc::Rc<nixlite_eval::value::Attrs>, nixlite::Error> {
    match v {
        Value::Attrs(a) => Ok(a),
        other => Err(nixlite::Error::type_error(format!(
            "expected a set but found {}: {}",
            other.type_phrase(),
            nixlite_eval::print::abbreviate(&other)
        ))),
    }
}
