//! A readable, indented dump of the AST (`nixlite parse --ast`).
//!
//! One node per line: its form, the details that identify it, and its byte
//! range; children are indented below it.

use crate::ast::*;
use crate::drop::{RED_ZONE, STACK_STEP};
use std::fmt::Write;

const MAX_INDENT: usize = 40;

/// Renders `expr` as an indented tree.
pub fn dump(expr: &Expr) -> String {
    let mut out = String::new();
    node(&mut out, 0, "", expr);
    out
}

fn bytes(b: &[u8]) -> String {
    format!("{:?}", String::from_utf8_lossy(b))
}

fn line(out: &mut String, depth: usize, label: &str, text: &str, e: Option<&Expr>) {
    // Very deep trees keep a bounded indentation and show the depth instead.
    if depth > MAX_INDENT {
        let _ = write!(out, "{:indent$}[depth {depth}] ", "", indent = MAX_INDENT * 2);
    } else {
        let _ = write!(out, "{:indent$}", "", indent = depth * 2);
    }
    if !label.is_empty() {
        let _ = write!(out, "{label}: ");
    }
    out.push_str(text);
    if let Some(e) = e {
        let _ = write!(out, " @{}..{}", e.span.start, e.span.end);
    }
    out.push('\n');
}

fn names(path: &[AttrName]) -> String {
    path.iter()
        .map(|n| match n {
            AttrName::Static(s, _) => s.to_string(),
            AttrName::Dynamic(_) => "${…}".to_owned(),
        })
        .collect::<Vec<_>>()
        .join(".")
}

fn dynamic_names(out: &mut String, depth: usize, path: &[AttrName]) {
    for n in path {
        if let AttrName::Dynamic(e) = n {
            node(out, depth, "name", e);
        }
    }
}

fn parts(out: &mut String, depth: usize, parts: &[StrPart]) {
    for part in parts {
        match part {
            StrPart::Literal(s) => line(out, depth, "", &format!("Literal {}", bytes(s)), None),
            StrPart::Interp(e) => node(out, depth, "interp", e),
        }
    }
}

fn attr_set(out: &mut String, depth: usize, set: &AttrSet) {
    for (i, src) in set.inherit_sources.iter().enumerate() {
        node(out, depth, &format!("inherit source #{i}"), src);
    }
    for def in &set.attrs {
        match &def.value {
            AttrValue::Expr(e) => node(out, depth, &def.name.to_string(), e),
            AttrValue::Inherit => line(out, depth, &def.name.to_string(), "Inherit", None),
            AttrValue::InheritFrom(i) => line(out, depth, &def.name.to_string(), &format!("InheritFrom #{i}"), None),
        }
    }
    for d in &set.dynamic {
        node(out, depth, "dynamic name", &d.name);
        node(out, depth + 1, "value", &d.value);
    }
}

fn node(out: &mut String, depth: usize, label: &str, e: &Expr) {
    stacker::maybe_grow(RED_ZONE, STACK_STEP, || node_inner(out, depth, label, e));
}

fn node_inner(out: &mut String, depth: usize, label: &str, e: &Expr) {
    let d = depth + 1;
    match &e.kind {
        ExprKind::Int(n) => line(out, depth, label, &format!("Int {n}"), Some(e)),
        ExprKind::Float(f) => line(out, depth, label, &format!("Float {f:?}"), Some(e)),
        ExprKind::Str(s) => line(out, depth, label, &format!("String {}", bytes(s)), Some(e)),
        ExprKind::Interpolated(ps) => {
            line(out, depth, label, "Interpolated", Some(e));
            parts(out, d, ps);
        }
        ExprKind::Path(p) => line(
            out,
            depth,
            label,
            &format!("Path {:?} {}", p.kind, bytes(&p.text)),
            Some(e),
        ),
        ExprKind::InterpolatedPath(p, ps) => {
            line(
                out,
                depth,
                label,
                &format!("InterpolatedPath {:?} {}", p.kind, bytes(&p.text)),
                Some(e),
            );
            parts(out, d, ps);
        }
        ExprKind::SearchPath(p) => line(
            out,
            depth,
            label,
            &format!("SearchPath <{}>", String::from_utf8_lossy(p)),
            Some(e),
        ),
        ExprKind::Var(s) => line(out, depth, label, &format!("Var {s}"), Some(e)),
        ExprKind::CurPos => line(out, depth, label, "CurPos", Some(e)),
        ExprKind::List(items) => {
            line(out, depth, label, &format!("List ({} items)", items.len()), Some(e));
            for item in items {
                node(out, d, "", item);
            }
        }
        ExprKind::Attrs(set) => {
            let kind = if set.recursive { "RecAttrs" } else { "Attrs" };
            line(out, depth, label, kind, Some(e));
            attr_set(out, d, set);
        }
        ExprKind::Let(set, body) => {
            line(out, depth, label, "Let", Some(e));
            attr_set(out, d, set);
            node(out, d, "in", body);
        }
        ExprKind::With(env, body) => {
            line(out, depth, label, "With", Some(e));
            node(out, d, "env", env);
            node(out, d, "body", body);
        }
        ExprKind::Assert(cond, body) => {
            line(out, depth, label, "Assert", Some(e));
            node(out, d, "cond", cond);
            node(out, d, "body", body);
        }
        ExprKind::If(c, t, f) => {
            line(out, depth, label, "If", Some(e));
            node(out, d, "cond", c);
            node(out, d, "then", t);
            node(out, d, "else", f);
        }
        ExprKind::Lambda(lambda) => {
            let param = match &lambda.param {
                Param::Ident(name, _) => name.to_string(),
                Param::Pattern(p) => {
                    let mut s: Vec<String> = p.formals.iter().map(|f| f.name.to_string()).collect();
                    if p.ellipsis {
                        s.push("...".into());
                    }
                    let at = p.at.map(|(n, _)| format!(" @ {n}")).unwrap_or_default();
                    format!("{{ {} }}{at}", s.join(", "))
                }
            };
            let name = lambda.name.map(|n| format!(" (named {n})")).unwrap_or_default();
            line(out, depth, label, &format!("Lambda {param}{name}"), Some(e));
            if let Param::Pattern(p) = &lambda.param {
                for f in &p.formals {
                    if let Some(default) = &f.default {
                        node(out, d, &format!("default of {}", f.name), default);
                    }
                }
            }
            node(out, d, "body", &lambda.body);
        }
        ExprKind::Apply(f, a) => {
            line(out, depth, label, "Apply", Some(e));
            node(out, d, "fn", f);
            node(out, d, "arg", a);
        }
        ExprKind::Select(target, path, default) => {
            line(out, depth, label, &format!("Select .{}", names(path)), Some(e));
            node(out, d, "of", target);
            dynamic_names(out, d, path);
            if let Some(default) = default {
                node(out, d, "or", default);
            }
        }
        ExprKind::HasAttr(target, path) => {
            line(out, depth, label, &format!("HasAttr ? {}", names(path)), Some(e));
            node(out, d, "of", target);
            dynamic_names(out, d, path);
        }
        ExprKind::Not(x) => {
            line(out, depth, label, "Not", Some(e));
            node(out, d, "", x);
        }
        ExprKind::Negate(x) => {
            line(out, depth, label, "Negate", Some(e));
            node(out, d, "", x);
        }
        ExprKind::Binary(op, a, b) => {
            line(out, depth, label, &format!("Binary {}", op.symbol()), Some(e));
            node(out, d, "", a);
            node(out, d, "", b);
        }
    }
}
