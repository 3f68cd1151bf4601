//! Building attribute sets and selecting from them.

use super::Evaluator;
use crate::error::{ErrorKind, EvalError, Result};
use crate::ir::{FrameLayout, Ir, IrAttrs, IrName};
use crate::print;
use crate::thunk::Env;
use crate::value::{Attrs, Positions, Value};
use nixlite_syntax::source::Span;
use nixlite_syntax::Symbol;
use std::rc::Rc;

impl Evaluator {
    #[inline(never)]
    pub(super) fn build_attrs(&mut self, ir: &IrAttrs, env: &Env) -> Result<Value> {
        let frame = match ir.frame {
            FrameLayout::None => env.clone(),
            FrameLayout::Sources => {
                let sources = ir.sources.iter().map(|s| self.thunk(s, env)).collect();
                Env::new(sources, Some(env.clone()))
            }
            FrameLayout::Recursive { .. } => {
                let n = ir.attrs.len();
                let frame = Env::with_slots(n + ir.sources.len(), Some(env.clone()));
                for (i, source) in ir.sources.iter().enumerate() {
                    let v = self.thunk_in_new_frame(source, &frame, 0);
                    frame.set(n + i, v);
                }
                frame
            }
        };
        let recursive = matches!(ir.frame, FrameLayout::Recursive { .. });
        let has_overrides = matches!(ir.frame, FrameLayout::Recursive { overrides: Some(_) });
        if recursive {
            // Slots are filled in name order, so that a value may share the
            // slots before it. With `__overrides` a slot may still change:
            // share nothing (CppNix makes fresh thunks there too).
            for (i, (_, value)) in ir.attrs.iter().enumerate() {
                let filled = if has_overrides { 0 } else { i };
                let v = self.thunk_in_new_frame(value, &frame, filled);
                frame.set(i, v);
            }
        }
        let statics = ir
            .by_id
            .iter()
            .map(|&i| {
                let (name, value) = &ir.attrs[i as usize];
                let v = if recursive {
                    frame.get(i as usize)
                } else {
                    self.thunk(value, &frame)
                };
                (*name, v)
            })
            .collect();
        let mut attrs = Attrs::from_sorted(statics);
        if let FrameLayout::Recursive { overrides: Some(slot) } = ir.frame {
            let overrides = frame.get(slot as usize);
            let overrides = self.force_attrs(&overrides, Some(ir.span), "`__overrides`")?;
            for (name, v) in overrides.iter() {
                if let Some(i) = ir.attrs.iter().position(|(n, _)| *n == name) {
                    frame.set(i, v.clone());
                }
                attrs.insert(name, v.clone());
            }
        }
        let mut dynamic_positions = Vec::new();
        for (name_ir, value, span) in ir.dynamic.iter() {
            let name = self.eval(name_ir, &frame)?;
            let name = match &name {
                Value::Null => continue,
                Value::String(s) if !s.has_context() => s.to_symbol(),
                Value::String(_) => {
                    return Err(
                        EvalError::new(ErrorKind::Invalid, "an attribute name may not refer to a store path")
                            .at(name_ir.span().or(Some(*span))),
                    )
                }
                other => {
                    return Err(self.type_mismatch(
                        "a string",
                        other,
                        name_ir.span().or(Some(*span)),
                        "an attribute name",
                    ))
                }
            };
            if attrs.contains(name) {
                return Err(EvalError::new(
                    ErrorKind::Invalid,
                    format!("dynamic attribute `{name}` already defined"),
                )
                .at(Some(*span))
                .with_label("defined again here"));
            }
            attrs.insert(name, self.thunk(value, &frame));
            dynamic_positions.push((name, *span));
        }
        let positions = if dynamic_positions.is_empty() {
            ir.positions.clone()
        } else {
            // Rare: a table of the static and the computed names.
            if let Some(Positions::Table(statics)) = ir.positions.as_deref() {
                dynamic_positions.extend(statics.iter().copied());
            }
            Some(Rc::new(Positions::table(dynamic_positions)))
        };
        Ok(Value::attrs(attrs.with_positions(positions)))
    }

    /// The name an [`IrName`] stands for.
    fn attr_name(&mut self, name: &IrName, env: &Env, span: Span) -> Result<Symbol> {
        match name {
            IrName::Static(s) => Ok(*s),
            IrName::Dynamic(ir) => {
                let v = self.eval(ir, env)?;
                let s = self.expect_string(&v, ir.span().or(Some(span)), "an attribute name")?;
                Ok(s.to_symbol())
            }
        }
    }

    pub(super) fn select(
        &mut self,
        target: &Ir,
        path: &[IrName],
        default: Option<&Ir>,
        env: &Env,
        span: Span,
    ) -> Result<Value> {
        let mut v = self.eval(target, env)?;
        for name in path {
            let name = self.attr_name(name, env, span)?;
            // Forced where it lies in the set (`v` holds the set meanwhile).
            let found = match &v {
                Value::Attrs(attrs) => attrs.get(name).map(|x| self.force(x)),
                _ => None,
            };
            match found {
                Some(x) => {
                    v = x.map_err(|e| {
                        e.at(Some(span))
                            .context(Some(span), format!("while evaluating the attribute `{name}`"))
                    })?;
                }
                None => {
                    if let Some(d) = default {
                        return self.eval(d, env);
                    }
                    return Err(self.select_error(&v, name, Some(span)));
                }
            }
        }
        Ok(v)
    }

    /// `v.name` for a forced or unforced value (`inherit (e)`, `getAttr`, `-A`).
    pub fn select_value(&mut self, v: &Value, name: Symbol, span: Option<Span>) -> Result<Value> {
        let v = self.force(v)?;
        match &v {
            Value::Attrs(attrs) => match attrs.get(name) {
                Some(x) => {
                    let x = x.clone();
                    self.force(&x)
                        .map_err(|e| e.context(span, format!("while evaluating the attribute `{name}`")))
                }
                None => Err(self.select_error(&v, name, span)),
            },
            _ => Err(self.select_error(&v, name, span)),
        }
    }

    #[cold]
    #[inline(never)]
    fn select_error(&self, v: &Value, name: Symbol, span: Option<Span>) -> EvalError {
        match v {
            Value::Attrs(attrs) => {
                let mut err = EvalError::new(ErrorKind::MissingAttr, format!("attribute `{name}` missing"))
                    .at(span)
                    .with_label(format!("the set has no attribute `{name}`"));
                if let Some(best) = crate::resolve::closest_name(name, attrs.keys()) {
                    err = err.with_help(format!("did you mean `{best}`?"));
                } else if attrs.len() <= 8 && !attrs.is_empty() {
                    let names: Vec<String> = attrs.keys().map(|k| format!("`{}`", print::attr_name(k))).collect();
                    err = err.with_help(format!("the set has {}", names.join(", ")));
                }
                err
            }
            other => EvalError::type_error(format!(
                "expected a set but found {}: {}",
                other.type_phrase(),
                print::abbreviate(other)
            ))
            .at(span)
            .with_label(format!("cannot select attribute `{name}` from {}", other.type_phrase())),
        }
    }

    #[inline(never)]
    pub(super) fn has_attr(&mut self, target: &Ir, path: &[IrName], env: &Env, span: Span) -> Result<Value> {
        let mut v = self.eval(target, env)?;
        for (i, name) in path.iter().enumerate() {
            // The last attribute found is not forced: `{ a = throw ""; } ? a` is true.
            if i > 0 {
                v = self.force(&v)?;
            }
            let name = self.attr_name(name, env, span)?;
            let found = match &v {
                Value::Attrs(attrs) => attrs.get(name).cloned(),
                _ => None,
            };
            match found {
                Some(x) => v = x,
                None => return Ok(Value::Bool(false)),
            }
        }
        Ok(Value::Bool(true))
    }
}
