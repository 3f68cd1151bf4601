//! Printing values the way `nix repl` does: forced as far as they are
//! shown, pretty-printed over several lines, functions with their position,
//! derivations as `«derivation /nix/store/….drv»`, errors inside a value as
//! `«error: …»`, and limits on depth and size so that a huge value never
//! floods the terminal (`«1234 attributes elided»`). When not forcing,
//! values not computed yet print as `«thunk»`.

use nixlite::{Evaluator, Value};
use nixlite_eval::error::ErrorKind;
use nixlite_syntax::Symbol;
use std::collections::HashSet;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

const NORMAL: &str = "\x1b[0m";
const FAINT: &str = "\x1b[2m";
const RED: &str = "\x1b[31;1m";
const GREEN: &str = "\x1b[32;1m";
const MAGENTA: &str = "\x1b[35;1m";
const CYAN: &str = "\x1b[36;1m";
const BLUE: &str = "\x1b[34;1m";

/// Indentation stops growing here (50 levels): deeper values print on one line.
const MAX_INDENT: usize = 100;

/// How to print.
#[derive(Clone, Debug)]
pub struct PrintOptions {
    /// Force values as they are printed (otherwise unforced ones are `«thunk»`).
    pub force: bool,
    /// Sets and lists nested deeper than this print as `{ ... }` / `[ ... ]`.
    pub max_depth: usize,
    /// Attributes printed in all (the rest: `«N attributes elided»`).
    pub max_attrs: usize,
    /// List items printed in all (the rest: `«N items elided»`).
    pub max_items: usize,
    /// Bytes of a string printed (the rest: `«N bytes elided»`).
    pub max_string: usize,
    /// Derivations nested less deeply than this get their `drvPath` forced;
    /// deeper ones show it only if it is already known.
    pub drv_path_depth: usize,
    /// Several lines, indented, for sets and lists with nested structure.
    pub pretty: bool,
    /// ANSI colours.
    pub colour: bool,
}

impl PrintOptions {
    /// What the REPL prints for an expression: one level deep, bounded.
    pub fn repl(colour: bool) -> PrintOptions {
        PrintOptions {
            force: true,
            max_depth: 1,
            max_attrs: 100,
            max_items: 100,
            max_string: 4096,
            drv_path_depth: 1,
            pretty: true,
            colour,
        }
    }

    /// `:p`: everything, forced.
    pub fn full(colour: bool) -> PrintOptions {
        PrintOptions {
            force: true,
            max_depth: usize::MAX,
            max_attrs: usize::MAX,
            max_items: usize::MAX,
            max_string: usize::MAX,
            drv_path_depth: usize::MAX,
            pretty: true,
            colour,
        }
    }

    /// A glance that forces nothing, on one line (`:env`).
    pub fn peek(colour: bool) -> PrintOptions {
        PrintOptions {
            force: false,
            max_depth: 1,
            max_attrs: 8,
            max_items: 8,
            max_string: 80,
            drv_path_depth: 0,
            pretty: false,
            colour,
        }
    }
}

/// The error of an interrupted evaluation or printing.
pub fn interrupted() -> nixlite::Error {
    nixlite::Error::new(ErrorKind::Interrupted, "evaluation interrupted")
}

/// Prints `v`. An error forcing the value itself is returned; errors inside
/// it are printed in place. The printer stops when `interrupt` is set.
pub fn print(nix: &mut Evaluator, v: &Value, opts: &PrintOptions) -> Result<String, nixlite::Error> {
    let interrupt = nix.inner().interrupt.clone();
    let mut p = Printer {
        nix,
        opts,
        out: String::new(),
        indent: String::new(),
        seen: HashSet::new(),
        attrs_printed: 0,
        items_printed: 0,
        interrupt,
    };
    p.value(v, 0)?;
    Ok(p.out)
}

struct Printer<'a> {
    nix: &'a mut Evaluator,
    opts: &'a PrintOptions,
    out: String,
    indent: String,
    seen: HashSet<*const ()>,
    attrs_printed: usize,
    items_printed: usize,
    interrupt: Arc<AtomicBool>,
}

impl Printer<'_> {
    fn styled(&mut self, colour: &str, text: &str) {
        if self.opts.colour {
            self.out.push_str(colour);
            self.out.push_str(text);
            self.out.push_str(NORMAL);
        } else {
            self.out.push_str(text);
        }
    }

    fn check_interrupt(&self) -> Result<(), nixlite::Error> {
        if self.interrupt.swap(false, Ordering::Relaxed) {
            Err(interrupted())
        } else {
            Ok(())
        }
    }

    /// The value, forced if the options say so (`None`: a thunk left alone).
    fn resolve(&mut self, v: &Value) -> Result<Option<Value>, nixlite::Error> {
        match v {
            Value::Thunk(t) => match t.value() {
                Some(inner) => Ok(Some(inner)),
                None if self.opts.force => self.nix.force(v).map(Some),
                None => Ok(None),
            },
            other => Ok(Some(other.clone())),
        }
    }

    fn value(&mut self, v: &Value, depth: usize) -> Result<(), nixlite::Error> {
        let mark = self.out.len();
        match stacker::maybe_grow(256 * 1024, 4 * 1024 * 1024, || self.value_inner(v, depth)) {
            Ok(()) => Ok(()),
            Err(e) if depth == 0 || e.kind() == ErrorKind::Interrupted => Err(e),
            Err(e) => {
                self.out.truncate(mark);
                let first = e.message().lines().next().unwrap_or("").to_owned();
                self.styled(RED, &format!("«error: {first}»"));
                Ok(())
            }
        }
    }

    fn value_inner(&mut self, v: &Value, depth: usize) -> Result<(), nixlite::Error> {
        self.check_interrupt()?;
        let Some(v) = self.resolve(v)? else {
            self.styled(MAGENTA, "«thunk»");
            return Ok(());
        };
        match &v {
            Value::Null => self.styled(CYAN, "null"),
            Value::Bool(b) => self.styled(CYAN, if *b { "true" } else { "false" }),
            Value::Int(n) => self.styled(CYAN, &n.to_string()),
            Value::Float(x) => self.styled(CYAN, &nixlite_eval::value::number_format::format_float_g(*x)),
            Value::String(s) => self.string(s.as_bytes()),
            Value::Path(p) => self.styled(GREEN, &String::from_utf8_lossy(&p.0)),
            Value::Attrs(a) => self.attrs(a, depth)?,
            Value::List(l) => self.list(l, depth)?,
            Value::Lambda(c) => {
                let name = c.lambda.name.map(|n| format!(" {n}")).unwrap_or_default();
                let text = match self.nix.position(c.lambda.span) {
                    Some(pos) => format!("«lambda{name} @ {pos}»"),
                    None => format!("«lambda{name}»"),
                };
                self.styled(BLUE, &text);
            }
            Value::PrimOp(op) => self.styled(BLUE, &format!("«primop {}»", op.name)),
            Value::PrimOpApp(app) => self.styled(BLUE, &format!("«partially applied primop {}»", app.op.name)),
            Value::Thunk(_) => self.styled(MAGENTA, "«thunk»"),
        }
        Ok(())
    }

    fn string(&mut self, bytes: &[u8]) {
        let mut cut = bytes.len().min(self.opts.max_string);
        while cut < bytes.len() && cut > 0 && (bytes[cut] & 0xC0) == 0x80 {
            cut -= 1; // do not split a UTF-8 sequence
        }
        let mut lit = Vec::new();
        nixlite_eval::print::escape_string(&mut lit, &bytes[..cut]);
        self.styled(MAGENTA, &String::from_utf8_lossy(&lit));
        if cut < bytes.len() {
            self.out.push(' ');
            self.elided(bytes.len() - cut, "byte", "bytes");
        }
    }

    fn elided(&mut self, n: usize, one: &str, many: &str) {
        let text = format!("«{n} {} elided»", if n == 1 { one } else { many });
        self.styled(FAINT, &text);
    }

    fn space(&mut self, pretty: bool) {
        if pretty {
            self.out.push('\n');
            self.out.push_str(&self.indent);
        } else {
            self.out.push(' ');
        }
    }

    /// Indents one level more, unless pretty-printing is off or so deep
    /// that indentation alone would make the output huge. Whether it did.
    fn indent(&mut self) -> bool {
        let pretty = self.opts.pretty && self.indent.len() < MAX_INDENT;
        if pretty {
            self.indent.push_str("  ");
        }
        pretty
    }

    fn dedent(&mut self, indented: bool) {
        if indented {
            let n = self.indent.len().saturating_sub(2);
            self.indent.truncate(n);
        }
    }

    /// Whether a set or list with these items gets several lines: more
    /// than one item, or one that is itself a set or list (as `nix repl`).
    fn pretty_for(&mut self, items: &[Value]) -> bool {
        if !self.opts.pretty || items.is_empty() {
            return false;
        }
        if items.len() > 1 {
            return true;
        }
        match self.resolve(&items[0]) {
            Ok(Some(Value::Attrs(_) | Value::List(_))) | Ok(None) => true,
            Ok(Some(_)) => false,
            Err(e) if e.kind() == ErrorKind::Interrupted => {
                self.interrupt.store(true, Ordering::Relaxed);
                false
            }
            Err(_) => false,
        }
    }

    fn attrs(&mut self, a: &Rc<nixlite_eval::value::Attrs>, depth: usize) -> Result<(), nixlite::Error> {
        if !a.is_empty() && !self.seen.insert(Rc::as_ptr(a) as *const ()) {
            self.styled(MAGENTA, "«repeated»");
            return Ok(());
        }
        if let Some(drv) = self.derivation(a, depth)? {
            self.styled(GREEN, &drv);
            return Ok(());
        }
        if depth >= self.opts.max_depth {
            self.out.push_str(if a.is_empty() { "{ }" } else { "{ ... }" });
            return Ok(());
        }
        let mut sorted: Vec<(Symbol, Value)> = a.iter_unordered().map(|(k, v)| (k, v.clone())).collect();
        if self.opts.max_attrs == usize::MAX {
            sorted.sort_by(|x, y| x.0.as_bytes().cmp(y.0.as_bytes()));
        } else {
            // With a limit, `type` and `_type` come first: they say what the set is.
            let important = |s: Symbol| !matches!(s.as_bytes(), b"type" | b"_type");
            sorted.sort_by(|x, y| (important(x.0), x.0.as_bytes()).cmp(&(important(y.0), y.0.as_bytes())));
        }
        let indented = self.indent();
        self.out.push('{');
        let first: Vec<Value> = sorted.iter().take(2).map(|(_, v)| v.clone()).collect();
        let pretty = indented && self.pretty_for(&first);
        for (i, (name, value)) in sorted.iter().enumerate() {
            self.space(pretty);
            if self.attrs_printed >= self.opts.max_attrs {
                self.elided(sorted.len() - i, "attribute", "attributes");
                break;
            }
            self.out.push_str(&nixlite_eval::print::attr_name(*name));
            self.out.push_str(" = ");
            self.value(value, depth + 1)?;
            self.out.push(';');
            self.attrs_printed += 1;
        }
        self.dedent(indented);
        self.space(pretty);
        self.out.push('}');
        Ok(())
    }

    fn list(&mut self, l: &Rc<nixlite_eval::value::List>, depth: usize) -> Result<(), nixlite::Error> {
        if !l.is_empty() && !self.seen.insert(Rc::as_ptr(l) as *const ()) {
            self.styled(MAGENTA, "«repeated»");
            return Ok(());
        }
        if depth >= self.opts.max_depth {
            self.out.push_str(if l.is_empty() { "[ ]" } else { "[ ... ]" });
            return Ok(());
        }
        let items = l.to_vec();
        let indented = self.indent();
        self.out.push('[');
        let pretty = indented && self.pretty_for(&items[..items.len().min(2)]);
        for (i, item) in items.iter().enumerate() {
            self.space(pretty);
            if self.items_printed >= self.opts.max_items {
                self.elided(items.len() - i, "item", "items");
                break;
            }
            self.value(item, depth + 1)?;
            self.items_printed += 1;
        }
        self.dedent(indented);
        self.space(pretty);
        self.out.push(']');
        Ok(())
    }

    /// `«derivation PATH»` if the set is a derivation (`type = "derivation"`).
    /// The `drvPath` is forced only near the top; deeper down it is shown
    /// only if already computed, as computing it can be expensive.
    fn derivation(
        &mut self,
        a: &Rc<nixlite_eval::value::Attrs>,
        depth: usize,
    ) -> Result<Option<String>, nixlite::Error> {
        let Some(ty) = a.get(Symbol::intern("type")) else {
            return Ok(None);
        };
        let ty = ty.clone();
        let is_drv = match self.resolve(&ty)? {
            Some(Value::String(s)) => s.as_bytes() == b"derivation",
            _ => false,
        };
        if !is_drv {
            return Ok(None);
        }
        let Some(drv_path) = a.get(Symbol::intern("drvPath")).cloned() else {
            return Ok(Some("«derivation»".into()));
        };
        let forced = if self.opts.force && depth < self.opts.drv_path_depth {
            Some(self.nix.force(&drv_path)?)
        } else {
            match &drv_path {
                Value::Thunk(t) => t.value(),
                other => Some(other.clone()),
            }
        };
        Ok(Some(match forced {
            Some(Value::String(s)) => format!("«derivation {}»", s.to_str_lossy()),
            Some(Value::Path(p)) => format!("«derivation {}»", String::from_utf8_lossy(&p.0)),
            _ => "«derivation»".into(),
        }))
    }
}

/// What `:t` says about a value (as `nix repl`'s `showType`).
pub fn type_description(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(_) => "a Boolean".into(),
        Value::Int(_) => "an integer".into(),
        Value::Float(_) => "a float".into(),
        Value::String(s) if s.has_context() => "a string with context".into(),
        Value::String(_) => "a string".into(),
        Value::Path(_) => "a path".into(),
        Value::Attrs(_) => "a set".into(),
        Value::List(_) => "a list".into(),
        Value::Lambda(_) => "a function".into(),
        Value::PrimOp(op) => format!("the built-in function '{}'", op.name),
        Value::PrimOpApp(app) => format!("the partially applied built-in function '{}'", app.op.name),
        Value::Thunk(_) => "a thunk".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(src: &str, opts: &PrintOptions) -> String {
        let mut nix = Evaluator::builder().build();
        let v = nix.eval_str(src).expect("evaluates");
        print(&mut nix, &v, opts).expect("prints")
    }

    #[test]
    fn long_strings_are_cut() {
        let mut opts = PrintOptions::repl(false);
        opts.max_string = 3;
        assert_eq!(show("\"abcdef\"", &opts), "\"abc\" «3 bytes elided»");
        assert_eq!(show("\"ééé\"", &opts), "\"é\" «4 bytes elided»");
        assert_eq!(show("\"abc\"", &opts), "\"abc\"");
    }

    #[test]
    fn peeking_forces_nothing() {
        let opts = PrintOptions::peek(false);
        assert_eq!(show("{ a = 1 + 1; b = 2; }", &opts), "{ a = «thunk»; b = 2; }");
        assert_eq!(show("[ (1 + 1) ]", &opts), "[ «thunk» ]");
    }

    #[test]
    fn colours_on_request() {
        assert_eq!(show("1", &PrintOptions::repl(true)), "\x1b[36;1m1\x1b[0m");
        assert_eq!(show("[ ]", &PrintOptions::repl(true)), "[ ]");
    }

    #[test]
    fn printing_stops_when_interrupted() {
        let mut nix = Evaluator::builder().build();
        let v = nix.eval_str("[ 1 2 3 ]").expect("evaluates");
        nix.inner().interrupt.store(true, Ordering::Relaxed);
        let e = print(&mut nix, &v, &PrintOptions::full(false)).expect_err("interrupted");
        assert_eq!(e.kind(), ErrorKind::Interrupted);
    }

    #[test]
    fn types() {
        let mut nix = Evaluator::builder().build();
        let v = nix.eval_str("builtins.head").expect("evaluates");
        assert_eq!(type_description(&v), "the built-in function 'head'");
    }
}
