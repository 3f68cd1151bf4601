//! Building the AST from the grammar's actions: the parse-time checks and
//! desugaring that CppNix does in its parser (attribute path merging,
//! duplicate detection, static vs dynamic names).

use crate::ast::*;
use crate::error::{SyntaxError, SyntaxErrorKind};
use crate::source::Span;
use crate::symbol::Symbol;
use std::rc::Rc;

/// Result of a grammar action that may reject what it sees.
pub type Built<T> = Result<T, SyntaxError>;

fn invalid(span: Span, message: String, label: &str) -> SyntaxError {
    SyntaxError::new(SyntaxErrorKind::Invalid, span, message, label)
}

fn path_text(path: &[AttrName]) -> String {
    path.iter()
        .map(|n| match n {
            AttrName::Static(s, _) => s.to_string(),
            AttrName::Dynamic(_) => "\"${...}\"".to_owned(),
        })
        .collect::<Vec<_>>()
        .join(".")
}

fn already_defined(what: String, span: Span, first: Span) -> SyntaxError {
    invalid(
        span,
        format!("attribute `{what}` already defined"),
        "defined again here",
    )
    .with_related(first, "first defined here")
    .with_help(
        "an attribute can be defined once; nested paths (`a.b = 1; a.c = 2;`) merge only into sets written literally",
    )
}

/// Adds `path = value;` to `set`, merging nested paths into nested sets as
/// CppNix does (and, as newest CppNix does, keeping dynamic attributes of a
/// merged set).
pub fn add_attr(set: &mut AttrSet, path: Vec<AttrName>, value: Expr, span: Span) -> Built<()> {
    let mut target = set;
    let (last, init) = match path.split_last() {
        Some(split) => split,
        None => return Ok(()),
    };
    for name in init {
        match name {
            AttrName::Static(sym, name_span) => {
                if target.get(*sym).is_none() {
                    let nested = Expr::new(ExprKind::Attrs(Box::default()), span);
                    target.push(AttrDef {
                        name: *sym,
                        span: *name_span,
                        pos: if std::ptr::eq(name, &path[0]) {
                            name_span.start
                        } else {
                            span.start
                        },
                        value: AttrValue::Expr(nested),
                    });
                }
                let Some(def) = target.get_mut(*sym) else {
                    return Ok(());
                };
                let first = def.span;
                match &mut def.value {
                    AttrValue::Expr(Expr {
                        kind: ExprKind::Attrs(inner),
                        ..
                    }) => target = inner,
                    _ => return Err(already_defined(path_text(&path), *name_span, first)),
                }
            }
            AttrName::Dynamic(name) => {
                target.dynamic.push(DynamicAttr {
                    name: name.clone(),
                    value: Expr::new(ExprKind::Attrs(Box::default()), span),
                    span,
                });
                let Some(DynamicAttr {
                    value:
                        Expr {
                            kind: ExprKind::Attrs(inner),
                            ..
                        },
                    ..
                }) = target.dynamic.last_mut()
                else {
                    return Ok(());
                };
                target = inner;
            }
        }
    }
    match last {
        AttrName::Static(sym, name_span) => {
            let mut value = value;
            if let Some(def) = target.get_mut(*sym) {
                let first = def.span;
                return match (&mut def.value, &mut value.kind) {
                    (
                        AttrValue::Expr(Expr {
                            kind: ExprKind::Attrs(existing),
                            ..
                        }),
                        ExprKind::Attrs(new),
                    ) => merge_sets(existing, new),
                    _ => Err(already_defined(path_text(&path), *name_span, first)),
                };
            }
            name_lambda(&mut value, *sym);
            target.push(AttrDef {
                name: *sym,
                span: *name_span,
                pos: if init.is_empty() { name_span.start } else { span.start },
                value: AttrValue::Expr(value),
            });
        }
        AttrName::Dynamic(name) => target.dynamic.push(DynamicAttr {
            name: name.clone(),
            value,
            span,
        }),
    }
    Ok(())
}

/// Merges the bindings of the literal set `new` into `existing`.
fn merge_sets(existing: &mut AttrSet, new: &mut AttrSet) -> Built<()> {
    let offset = existing.inherit_sources.len();
    existing.inherit_sources.append(&mut new.inherit_sources);
    for mut def in std::mem::take(&mut new.attrs) {
        if let Some(prev) = existing.get(def.name) {
            return Err(already_defined(def.name.to_string(), def.span, prev.span));
        }
        if let AttrValue::InheritFrom(i) = &mut def.value {
            *i += offset;
        }
        existing.push(def);
    }
    existing.dynamic.append(&mut new.dynamic);
    Ok(())
}

/// Gives a lambda bound to a name that name, for traces.
fn name_lambda(value: &mut Expr, name: Symbol) {
    if let ExprKind::Lambda(lambda) = &mut value.kind {
        if let Some(lambda) = Rc::get_mut(lambda) {
            lambda.name.get_or_insert(name);
        }
    }
}

/// Adds `inherit a b;` or `inherit (source) a b;` to `set`.
pub fn add_inherit(set: &mut AttrSet, source: Option<Expr>, names: Vec<AttrName>, pos: u32) -> Built<()> {
    let source_index = source.map(|e| {
        set.inherit_sources.push(e);
        set.inherit_sources.len() - 1
    });
    for name in names {
        let (sym, span) = match name {
            AttrName::Static(sym, span) => (sym, span),
            AttrName::Dynamic(e) => {
                return Err(invalid(
                    e.span,
                    "dynamic attributes are not allowed in inherit".into(),
                    "this name is computed",
                )
                .with_help("`inherit` takes names known when parsing; write `name = expr;` instead"))
            }
        };
        if let Some(prev) = set.get(sym) {
            return Err(already_defined(sym.to_string(), span, prev.span));
        }
        set.push(AttrDef {
            name: sym,
            span,
            pos,
            value: match source_index {
                Some(i) => AttrValue::InheritFrom(i),
                None => AttrValue::Inherit,
            },
        });
    }
    Ok(())
}

/// Checks the bindings of a `let`: no dynamic names.
pub fn check_let(set: &AttrSet) -> Built<()> {
    match set.dynamic.first() {
        Some(d) => Err(invalid(
            d.name.span,
            "dynamic attributes not allowed in let".into(),
            "this name is computed",
        )
        .with_help("`let` bindings need names known when parsing; use a set and `builtins.getAttr` instead")),
        None => Ok(()),
    }
}

/// An attribute name written as a string: static unless it interpolates.
pub fn string_attr_name(expr: Expr) -> AttrName {
    match expr.kind {
        ExprKind::Str(ref s) => AttrName::Static(Symbol::intern(s), expr.span),
        _ => AttrName::Dynamic(expr),
    }
}

/// An attribute name written `${e}`: static (spanning the `${…}`) when
/// `e` is a plain string, as CppNix decides when parsing.
pub fn interpolated_attr_name(expr: Expr, span: Span) -> AttrName {
    match expr.kind {
        ExprKind::Str(ref s) => AttrName::Static(Symbol::intern(s), span),
        _ => AttrName::Dynamic(expr),
    }
}

/// A string expression from `"…"` pieces: plain when there is no interpolation.
pub fn make_string(parts: Vec<StrPart>) -> ExprKind {
    match parts.as_slice() {
        [] => ExprKind::Str(Rc::from(&b""[..])),
        [StrPart::Literal(s)] => ExprKind::Str(s.clone()),
        _ => ExprKind::Interpolated(parts),
    }
}

/// Builds a pattern lambda's parameter, rejecting duplicate names.
pub fn make_pattern(formals: Vec<Formal>, ellipsis: bool, at: Option<(Symbol, Span)>) -> Built<Param> {
    let mut seen = std::collections::HashMap::with_capacity(formals.len());
    for formal in &formals {
        if let Some(first) = seen.insert(formal.name, formal.span) {
            return Err(duplicate_formal(formal.name, formal.span, first));
        }
    }
    if let Some((name, span)) = at {
        if let Some(&first) = seen.get(&name) {
            return Err(duplicate_formal(name, span, first));
        }
    }
    Ok(Param::Pattern(Pattern { formals, ellipsis, at }))
}

fn duplicate_formal(name: Symbol, span: Span, first: Span) -> SyntaxError {
    invalid(
        span,
        format!("duplicate formal function argument `{name}`"),
        "declared again here",
    )
    .with_related(first, "first declared here")
}

/// A lambda expression.
pub fn make_lambda(param: Param, body: Expr, span: Span) -> Expr {
    Expr::new(
        ExprKind::Lambda(Rc::new(Lambda {
            param,
            body,
            name: None,
        })),
        span,
    )
}

/// A path literal's kind from its text.
pub fn path_lit(text: &[u8], home: bool) -> PathLit {
    let kind = if home {
        PathKind::Home
    } else if text.starts_with(b"/") {
        PathKind::Absolute
    } else {
        PathKind::Relative
    };
    PathLit {
        kind,
        text: Rc::from(text),
    }
}

/// The variable `name`, or the position special `__curPos`.
pub fn variable(name: &str) -> ExprKind {
    if name == "__curPos" {
        ExprKind::CurPos
    } else {
        ExprKind::Var(Symbol::intern(name))
    }
}

/// A binary operator node.
pub fn binary(op: BinOp, lhs: Expr, rhs: Expr) -> Expr {
    let span = lhs.span.to(rhs.span);
    Expr::new(ExprKind::Binary(op, Box::new(lhs), Box::new(rhs)), span)
}

/// One binding as the grammar reads it, before it joins its set.
#[derive(Debug)]
pub enum Binding {
    /// `a.b.c = e;` with the span of the whole binding.
    Attr(Vec<AttrName>, Expr, Span),
    /// `inherit a b;` or `inherit (e) a b;`, with the offset where the
    /// names' positions are (the end of `inherit` or of `(e)`).
    Inherit(Option<Expr>, Vec<AttrName>, u32),
}

/// Adds one binding to a set being built.
pub fn add_binding(set: &mut AttrSet, binding: Binding) -> Built<()> {
    match binding {
        Binding::Attr(path, value, span) => add_attr(set, path, value, span),
        Binding::Inherit(source, names, pos) => add_inherit(set, source, names, pos),
    }
}
