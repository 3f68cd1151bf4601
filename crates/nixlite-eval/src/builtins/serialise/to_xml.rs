//! `toXML`: the XML document CppNix writes for a value, byte for byte.
//!
//! The value is forced completely. Layout (CppNix's `XMLWriter` with
//! indentation): the `<?xml …?>` header, then `<expr>`, each element on its
//! own line indented by two spaces per level, empty elements as
//! `<name attr="…" />`, element attributes in name order, attribute values
//! escaped (`"` `<` `>` `&` and newline as `&#xA;`), everything else raw.
//! Floats print as C++ streams them (`%g`), paths as their text (not
//! copied), builtins as `<unevaluated />`. A set whose `type` is
//! `"derivation"` is a `<derivation>` element whose attributes are shown
//! only the first time its `drvPath` is met (`<repeated />` afterwards, and
//! always when there is no string `drvPath`). A set or list containing
//! itself is an infinite-recursion error, as in newest CppNix (2.8
//! overflowed its stack).

use crate::error::{ErrorKind, EvalError, Result};
use crate::eval::{Evaluator, RED_ZONE, STACK_STEP};
use crate::ir::IrParam;
use crate::print::attr_name;
use crate::value::number_format::format_float_g;
use crate::value::{Attrs, StringBuilder, Value};
use nixlite_syntax::source::Span;
use nixlite_syntax::Symbol;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

/// The deepest nesting written.
const MAX_DEPTH: usize = 10_000;

pub(super) fn to_xml(ev: &mut Evaluator, a: &mut [Value], span: Span) -> Result<Value> {
    let mut w = XmlWriter {
        out: Vec::new(),
        depth: 0,
        context: StringBuilder::new(),
        drvs_seen: HashSet::new(),
        open_containers: HashMap::new(),
        path: Vec::new(),
        span,
        drv_path: Symbol::intern("drvPath"),
    };
    w.out.extend_from_slice(b"<?xml version='1.0' encoding='utf-8'?>\n");
    w.open("expr", &[]);
    w.value(ev, &a[0])?;
    w.close("expr");
    let mut result = w.context;
    result.push_bytes(&w.out);
    Ok(Value::String(Rc::new(result.finish())))
}

/// One step of the way from the top-level value to the current one.
enum Step {
    Attr(Symbol),
    Index(usize),
}

struct XmlWriter {
    out: Vec<u8>,
    /// Open elements.
    depth: usize,
    /// The context of all strings written.
    context: StringBuilder,
    /// `drvPath`s of the derivations already shown.
    drvs_seen: HashSet<Vec<u8>>,
    /// Sets and lists being written (the ancestors of the current value),
    /// with the length of `path` where each was entered.
    open_containers: HashMap<*const (), usize>,
    path: Vec<Step>,
    span: Span,
    drv_path: Symbol,
}

impl XmlWriter {
    fn indent(&mut self) {
        for _ in 0..self.depth {
            self.out.extend_from_slice(b"  ");
        }
    }

    fn attributes(&mut self, attrs: &[(&str, &[u8])]) {
        for (name, value) in attrs {
            self.out.push(b' ');
            self.out.extend_from_slice(name.as_bytes());
            self.out.extend_from_slice(b"=\"");
            for &c in value.iter() {
                match c {
                    b'"' => self.out.extend_from_slice(b"&quot;"),
                    b'<' => self.out.extend_from_slice(b"&lt;"),
                    b'>' => self.out.extend_from_slice(b"&gt;"),
                    b'&' => self.out.extend_from_slice(b"&amp;"),
                    b'\n' => self.out.extend_from_slice(b"&#xA;"),
                    c => self.out.push(c),
                }
            }
            self.out.push(b'"');
        }
    }

    /// `<name attrs />`; `attrs` must be in name order.
    fn empty(&mut self, name: &str, attrs: &[(&str, &[u8])]) {
        self.indent();
        self.out.push(b'<');
        self.out.extend_from_slice(name.as_bytes());
        self.attributes(attrs);
        self.out.extend_from_slice(b" />\n");
    }

    /// `<name attrs>`; `attrs` must be in name order.
    fn open(&mut self, name: &str, attrs: &[(&str, &[u8])]) {
        self.indent();
        self.out.push(b'<');
        self.out.extend_from_slice(name.as_bytes());
        self.attributes(attrs);
        self.out.extend_from_slice(b">\n");
        self.depth += 1;
    }

    fn close(&mut self, name: &str) {
        self.depth = self.depth.saturating_sub(1);
        self.indent();
        self.out.extend_from_slice(b"</");
        self.out.extend_from_slice(name.as_bytes());
        self.out.extend_from_slice(b">\n");
    }

    fn value(&mut self, ev: &mut Evaluator, v: &Value) -> Result<()> {
        // As in newest CppNix, nesting counts as call depth (whose default
        // limit there is 10000): the indentation makes the output grow with
        // the square of the depth.
        let limit = ev.settings.max_call_depth.min(MAX_DEPTH);
        if self.path.len() + ev.call_depth() > limit {
            return Err(EvalError::new(
                ErrorKind::StackOverflow,
                format!("stack overflow: the value passed to `toXML` is nested more than {limit} levels deep"),
            )
            .at(Some(self.span))
            .with_help("this is likely an infinitely deep value"));
        }
        stacker::maybe_grow(RED_ZONE, STACK_STEP, || self.value_inner(ev, v))
    }

    fn value_inner(&mut self, ev: &mut Evaluator, v: &Value) -> Result<()> {
        let v = ev.force(v)?;
        match &v {
            Value::Int(n) => self.empty("int", &[("value", n.to_string().as_bytes())]),
            Value::Float(x) => self.empty("float", &[("value", format_float_g(*x).as_bytes())]),
            Value::Bool(b) => self.empty("bool", &[("value", if *b { b"true" } else { b"false" })]),
            Value::Null => self.empty("null", &[]),
            Value::String(s) => {
                self.context.add_context(s.context());
                self.empty("string", &[("value", s.as_bytes())]);
            }
            Value::Path(p) => self.empty("path", &[("value", &p.0)]),
            Value::Attrs(attrs) => {
                if is_derivation(ev, attrs)? {
                    return self.derivation(ev, attrs);
                }
                let key = Rc::as_ptr(attrs) as *const ();
                self.enter(key)?;
                self.open("attrs", &[]);
                self.show_attrs(ev, attrs)?;
                self.close("attrs");
                self.open_containers.remove(&key);
            }
            Value::List(list) => {
                let key = Rc::as_ptr(list) as *const ();
                self.enter(key)?;
                self.open("list", &[]);
                for (i, item) in list.to_vec().iter().enumerate() {
                    self.path.push(Step::Index(i));
                    self.value(ev, item)?;
                    self.path.pop();
                }
                self.close("list");
                self.open_containers.remove(&key);
            }
            Value::Lambda(closure) => {
                self.open("function", &[]);
                match &closure.lambda.param {
                    IrParam::Ident(name) => self.empty("varpat", &[("name", name.as_bytes())]),
                    IrParam::Pattern { formals, ellipsis, at } => {
                        let mut attrs: Vec<(&str, &[u8])> = Vec::new();
                        if *ellipsis {
                            attrs.push(("ellipsis", b"1"));
                        }
                        if let Some(at) = at {
                            attrs.push(("name", at.as_bytes()));
                        }
                        self.open("attrspat", &attrs);
                        let mut names: Vec<Symbol> = formals.iter().map(|(name, _)| *name).collect();
                        names.sort_by_key(|n| n.as_bytes());
                        for name in names {
                            self.empty("attr", &[("name", name.as_bytes())]);
                        }
                        self.close("attrspat");
                    }
                }
                self.close("function");
            }
            // CppNix does not serialise builtins.
            Value::PrimOp(_) | Value::PrimOpApp(_) | Value::Thunk(_) => self.empty("unevaluated", &[]),
        }
        Ok(())
    }

    /// The attributes of a set, in name order.
    fn show_attrs(&mut self, ev: &mut Evaluator, attrs: &Attrs) -> Result<()> {
        for (name, item) in attrs.iter() {
            self.open("attr", &[("name", name.as_bytes())]);
            self.path.push(Step::Attr(name));
            self.value(ev, item)
                .map_err(|e| e.context(Some(self.span), format!("while evaluating the attribute `{name}`")))?;
            self.path.pop();
            self.close("attr");
        }
        Ok(())
    }

    fn derivation(&mut self, ev: &mut Evaluator, attrs: &Rc<Attrs>) -> Result<()> {
        let drv_path = string_attr(ev, attrs, self.drv_path)?;
        let out_path_name = ev.known.out_path;
        let out_path = string_attr(ev, attrs, out_path_name)?;
        let mut xml_attrs: Vec<(&str, &[u8])> = Vec::new();
        if let Some(p) = &drv_path {
            xml_attrs.push(("drvPath", p));
        }
        if let Some(p) = &out_path {
            xml_attrs.push(("outPath", p));
        }
        self.open("derivation", &xml_attrs);
        match drv_path {
            Some(p) if !p.is_empty() && self.drvs_seen.insert(p.clone()) => self.show_attrs(ev, attrs)?,
            _ => self.empty("repeated", &[]),
        }
        self.close("derivation");
        Ok(())
    }

    /// Marks a set or list as being written; meeting it again inside
    /// itself is a cycle, which has no finite XML.
    fn enter(&mut self, key: *const ()) -> Result<()> {
        if let Some(&first) = self.open_containers.get(&key) {
            let inner = describe_path(&self.path);
            let outer = describe_path(self.path.get(..first).unwrap_or_default());
            return Err(EvalError::new(
                ErrorKind::InfiniteRecursion,
                format!(
                    "infinite recursion encountered while converting a value to XML: {inner} is the same as {outer}"
                ),
            )
            .at(Some(self.span))
            .with_label("this value contains itself")
            .with_help("only values without cycles can be converted to XML"));
        }
        self.open_containers.insert(key, self.path.len());
        Ok(())
    }
}

/// Whether a set is a derivation: its `type` (forced) is `"derivation"`.
fn is_derivation(ev: &mut Evaluator, attrs: &Attrs) -> Result<bool> {
    let Some(t) = attrs.get(ev.known.type_) else {
        return Ok(false);
    };
    let t = t.clone();
    Ok(matches!(ev.force(&t)?, Value::String(s) if s.as_bytes() == b"derivation"))
}

/// The attribute `name` (forced) if it is a string.
fn string_attr(ev: &mut Evaluator, attrs: &Attrs, name: Symbol) -> Result<Option<Vec<u8>>> {
    let Some(v) = attrs.get(name) else {
        return Ok(None);
    };
    let v = v.clone();
    Ok(match ev.force(&v)? {
        Value::String(s) => Some(s.as_bytes().to_vec()),
        _ => None,
    })
}

/// A path from the top-level value, as `a.b[2].c`.
fn describe_path(path: &[Step]) -> String {
    if path.is_empty() {
        return "the value itself".into();
    }
    let mut out = String::new();
    for step in path {
        match step {
            Step::Attr(name) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(&attr_name(*name));
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    format!("`{out}`")
}
