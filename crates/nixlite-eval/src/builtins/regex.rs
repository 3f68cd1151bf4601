//! Regular expressions: `match` and `split` (POSIX extended syntax).
//!
//! # What CppNix does
//!
//! CppNix compiles the pattern with `std::regex(re, std::regex::extended)`
//! and runs libstdc++'s backtracking executor: `regex_match` for `match`
//! (the whole string must match), `sregex_iterator` for `split`. Strings
//! are bytes: `.` matches one byte, character classes are those of the "C"
//! locale (ASCII only), and bytes ≥ 0x80 compare as *signed* `char`s in
//! bracket ranges. That engine, not the POSIX standard, is the reference:
//!
//! * **Syntax** (libstdc++'s scanner for `extended`, as CppNix builds it,
//!   with `__STRICT_ANSI__`): a backslash may only escape one of
//!   `.[\()*+?{|^$` — `\d`, `\w`, `\n`, `\]`, `\}`, `\/` are "invalid
//!   regular expression" (use `[[:digit:]]`); `{` always starts an interval
//!   (`a{,2}`, a lone `{` are errors) while `}` and `]` alone are ordinary;
//!   a quantifier needs an atom (`*a`, `a|*b`, `^*` are errors) but
//!   quantifiers stack (`a**`, and `a+?` is `(a+)?`, not a lazy `+`); empty
//!   alternatives and groups are fine (`a|`, `()`). In brackets `]` first is
//!   literal, backslash is literal, `-` is literal first or last, a range
//!   may not start at a class or at the end of another range (`[a-z-0]` is
//!   an error), `[[:name:]]` takes `alnum alpha blank cntrl digit graph lower
//!   print punct space upper xdigit d s w` in any case, `[[.name.]]` and
//!   `[[=name=]]` take POSIX collating names (`a`, `hyphen`, `space`, …;
//!   `[[.-.]]` is an error) and an equivalence class ignores ASCII case.
//!   libstdc++ refuses patterns whose NFA exceeds 100000 states
//!   (`a{99999}`): "memory limit exceeded by regular expression". The
//!   states are counted here exactly as libstdc++ creates them.
//! * **Matching**: the executor is a depth-first search. Repetitions are
//!   greedy and *committed*: once "one more iteration" leads to any
//!   success, fewer iterations are never tried. Alternation, in POSIX mode,
//!   tries *both* branches and keeps the longer overall match (the earlier
//!   branch on a tie). So it is neither POSIX leftmost-longest nor Perl
//!   leftmost-first: `split "(a|ab)" "abc"` matches `ab` (longest), but
//!   `split "a*(abcd)?" "abcdX"` matches just `a` (the greedy `a*` commits),
//!   and `(a|ab)(c|bcd)(d*)` on "abcd" captures `a`, `bcd`, `""`. A loop
//!   may run one extra *empty* iteration at the same position, which
//!   resets the captures inside it: `match "(a*)*" "aa"` is `[ "" ]`.
//!   Captures are never cleared between iterations: `match "((a)|b)*"
//!   "ab"` is `[ "b" "a" ]`. `^` and `$` match only at the very start and
//!   end of the string (no multi-line mode).
//! * **`split`** iterates like `std::regex_iterator`: after a match ending
//!   at `e`, search again from `e` (an empty match right there counts:
//!   `split "a*" "baaac"` has an empty match between "aaa" and "c"); after
//!   an *empty* match at `e`, first try a non-empty match anchored at `e`,
//!   else search from `e + 1`; stop after an empty match at the end.
//!
//! # How it is done here
//!
//! The pattern is parsed once by a parser that follows libstdc++'s scanner
//! and compiler token by token (same acceptances, same errors, same state
//! count), into a small syntax tree. From the tree:
//!
//! * a translation to the `regex` crate's syntax, matched on bytes
//!   (`regex::bytes`, Unicode off): every literal is written `\xHH`, every
//!   bracket expression is resolved to an explicit byte class, `^`/`$`
//!   become `\A`/`\z`, groups stay capturing groups with the same numbers,
//!   and every quantifier is applied to a non-capturing group (so stacked
//!   quantifiers stay greedy: `a+?` → `(?:(?:a)+)?`);
//! * on demand, an NFA laid out like libstdc++'s, run by [`Emulator`]: a
//!   faithful, iterative (heap-stack) copy of libstdc++'s depth-first
//!   executor in POSIX mode. It stops at the first success that reaches
//!   the end of the string, which nothing can beat (libstdc++ goes on
//!   exploring alternatives, to the same result).
//!
//! The `regex` crate is leftmost-first (the match a backtracking engine
//! finds first), which is exactly libstdc++'s result whenever no
//! alternation is involved (the search stops at the first success) and for
//! `match` (all successes have the same length, the first one wins). It
//! also finds the same *leftmost start* as libstdc++ in every case. So:
//!
//! * `match`: the crate, anchored as `\A(?:…)\z`;
//! * `split`: the crate finds each match's start; if the pattern has an
//!   alternation, the emulator then runs from that start only, to choose
//!   the end and groups as libstdc++ does (`split "(a|ab)" "abc"` →
//!   `[ "" [ "ab" ] "c" ]`); the non-empty anchored retry after an empty
//!   match is always the emulator's (the crate has no such search);
//! * both: if a repetition has a body that can match empty and contains a
//!   group, the emulator decides the groups (the extra empty iteration
//!   above), after the crate has said whether there is a match at all.
//!
//! Where this still differs from CppNix: the emulator runs under a budget
//! of steps per call (20000000 + 256 per byte of the string, about a tenth
//! of a second). libstdc++'s search is exponential on patterns like
//! `(a|a)*`, where CppNix takes forever or overflows its stack; here, past
//! the budget, the rest of the call uses the crate's leftmost-first answer
//! (and no non-empty retry after empty matches). Long subjects never
//! overflow the stack here, where CppNix stops with "stack overflow"
//! (`split "(a|b)*"` on 100000 bytes). Groups and stacked quantifiers may
//! nest at most 1000 deep. A repetition count above 2147483647 is an error,
//! as in current libstdc++ (older versions wrapped it around). Results
//! carry no string context, except that `split` with no match returns the
//! original string itself.
//!
//! Compiled patterns are cached per thread (the evaluator is single
//! threaded); the cache is emptied when it reaches 1000 patterns.

use super::{builtin, Builtin};
use crate::error::{ErrorKind, EvalError, Result};
use crate::eval::Evaluator;
use crate::value::{ContextElem, NixString, Value};
use nixlite_syntax::source::Span;
use regex::bytes::{CaptureLocations, Regex, RegexBuilder};
use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;
use std::fmt::Write;
use std::rc::Rc;

pub(crate) const BUILTINS: &[Builtin] = &[
    builtin!(
        "match",
        2,
        [0],
        "`match regex str`: if the POSIX extended regular expression `regex` matches the whole of `str`, the list of what its groups captured (`null` for a group that took no part), else `null`. Strings are bytes; use classes like `[[:digit:]]` (`\\d` is an error). Example: `builtins.match \"a(b)(c)?\" \"ab\"` is `[ \"b\" null ]`, and `builtins.match \"[[:alpha:]]+\" \"x1\"` is `null`.",
        prim_match
    ),
    builtin!(
        "split",
        2,
        [0],
        "`split regex str`: cuts `str` at every match of the POSIX extended regular expression `regex`, giving the unmatched pieces alternating with a list of each match's groups (`null` for a group that took no part); the result always starts and ends with a string. Example: `builtins.split \"(,)|;\" \"a,b;c\"` is `[ \"a\" [ \",\" ] \"b\" [ null ] \"c\" ]`.",
        prim_split
    ),
];

// ---------------------------------------------------------------------------
// The builtins
// ---------------------------------------------------------------------------

/// The pattern argument: a string without context (CppNix's
/// `forceStringNoCtx`).
fn pattern_arg(ev: &Evaluator, v: &Value, span: Span, name: &str) -> Result<Rc<NixString>> {
    let re = ev.expect_string(v, Some(span), &format!("the regular expression passed to `{name}`"))?;
    if let Some(elem) = re.context().and_then(|c| c.iter().next()) {
        let path = match elem {
            ContextElem::Plain(p) | ContextElem::AllOutputs(p) => p,
            ContextElem::Output(a, b) => {
                if a.starts_with(b"/") {
                    a
                } else {
                    b
                }
            }
        };
        return Err(EvalError::new(
            ErrorKind::Invalid,
            format!(
                "the string '{}' is not allowed to refer to a store path (such as '{}')",
                re.to_str_lossy(),
                String::from_utf8_lossy(path)
            ),
        )
        .at(Some(span))
        .with_label(format!(
            "the regular expression passed to `{name}` has a string context"
        ))
        .with_help("use `builtins.unsafeDiscardStringContext` on the pattern"));
    }
    Ok(re)
}

fn compile_arg(ev: &Evaluator, v: &Value, span: Span, name: &str) -> Result<Rc<Compiled>> {
    let re = pattern_arg(ev, v, span, name)?;
    compile_cached(re.as_bytes()).map_err(|e| e.into_eval_error(re.as_bytes(), span))
}

fn prim_match(ev: &mut Evaluator, a: &mut [Value], span: Span) -> Result<Value> {
    let c = compile_arg(ev, &a[0], span, "match")?;
    let s = ev.force_string(&a[1], Some(span), "the string passed to `match`")?;
    let hay = s.as_bytes();
    let mut locs = c.full.capture_locations();
    if c.full.captures_read(&mut locs, hay).is_none() {
        return Ok(Value::Null);
    }
    if c.emulate_groups {
        let mut emu = Emulator::new(c.nfa(), c.groups, step_budget(hay.len()));
        if let Outcome::Found(_, caps) = emu.run(hay, 0, true, false) {
            return Ok(groups_from_caps(hay, &caps));
        }
    }
    Ok(groups_from_locs(hay, &locs, c.groups))
}

fn prim_split(ev: &mut Evaluator, a: &mut [Value], span: Span) -> Result<Value> {
    let c = compile_arg(ev, &a[0], span, "split")?;
    let original = ev.force(&a[1])?;
    let s = ev.expect_string(&original, Some(span), "the string passed to `split`")?;
    let hay = s.as_bytes();
    let mut searcher = Searcher::new(&c, hay);
    let mut out = Vec::new();
    let mut prev_end = 0;
    let mut next = searcher.search(0);
    while let Some(m) = next {
        out.push(Value::string(hay.get(prev_end..m.start).unwrap_or_default()));
        out.push(m.groups);
        prev_end = m.end;
        next = if m.start < m.end {
            searcher.search(m.end)
        } else if m.end >= hay.len() {
            None
        } else {
            match searcher.non_empty_at(m.end) {
                Some(m2) => Some(m2),
                None => searcher.search(m.end + 1),
            }
        };
    }
    if out.is_empty() {
        return Ok(Value::list(vec![original]));
    }
    out.push(Value::string(hay.get(prev_end..).unwrap_or_default()));
    Ok(Value::list(out))
}

/// One match found by `split`.
struct Found {
    start: usize,
    end: usize,
    groups: Value,
}

/// The searches of one `split` call.
struct Searcher<'a> {
    c: &'a Compiled,
    hay: &'a [u8],
    locs: CaptureLocations,
    emu: Option<Emulator<'a>>,
    /// False once the emulator ran out of steps: the rest of the call uses
    /// the `regex` crate only.
    budget_left: bool,
}

impl<'a> Searcher<'a> {
    fn new(c: &'a Compiled, hay: &'a [u8]) -> Searcher<'a> {
        Searcher {
            c,
            hay,
            locs: c.find.capture_locations(),
            emu: None,
            budget_left: true,
        }
    }

    fn emulator(&mut self) -> &mut Emulator<'a> {
        let (c, len) = (self.c, self.hay.len());
        self.emu
            .get_or_insert_with(|| Emulator::new(c.nfa(), c.groups, step_budget(len)))
    }

    /// The first match starting at or after `from`.
    fn search(&mut self, from: usize) -> Option<Found> {
        if self.c.emulate_split && self.budget_left {
            let start = self.c.find.find_at(self.hay, from)?.start();
            let hay = self.hay;
            match self.emulator().run(hay, start, false, false) {
                Outcome::Found(end, caps) => {
                    return Some(Found {
                        start,
                        end,
                        groups: groups_from_caps(hay, &caps),
                    })
                }
                Outcome::NotFound => {}
                Outcome::Exhausted => self.budget_left = false,
            }
        }
        let m = self.c.find.captures_read_at(&mut self.locs, self.hay, from)?;
        let mut groups = groups_from_locs(self.hay, &self.locs, self.c.groups);
        if self.c.emulate_groups && self.budget_left {
            let hay = self.hay;
            match self.emulator().run(hay, m.start(), false, false) {
                Outcome::Found(end, caps) if end == m.end() => groups = groups_from_caps(hay, &caps),
                Outcome::Exhausted => self.budget_left = false,
                _ => {}
            }
        }
        Some(Found {
            start: m.start(),
            end: m.end(),
            groups,
        })
    }

    /// A non-empty match starting exactly at `at` (libstdc++'s
    /// `match_not_null | match_continuous` retry after an empty match).
    fn non_empty_at(&mut self, at: usize) -> Option<Found> {
        if !self.budget_left {
            return None;
        }
        let hay = self.hay;
        match self.emulator().run(hay, at, false, true) {
            Outcome::Found(end, caps) => Some(Found {
                start: at,
                end,
                groups: groups_from_caps(hay, &caps),
            }),
            Outcome::NotFound => None,
            Outcome::Exhausted => {
                self.budget_left = false;
                None
            }
        }
    }
}

fn step_budget(len: usize) -> u64 {
    20_000_000u64.saturating_add((len as u64).saturating_mul(256))
}

fn groups_from_locs(hay: &[u8], locs: &CaptureLocations, groups: usize) -> Value {
    Value::list(
        (1..=groups)
            .map(|i| match locs.get(i) {
                Some((s, e)) => Value::string(hay.get(s..e).unwrap_or_default()),
                None => Value::Null,
            })
            .collect(),
    )
}

fn groups_from_caps(hay: &[u8], caps: &[Cap]) -> Value {
    Value::list(
        caps.iter()
            .skip(1)
            .map(|c| {
                if c.matched {
                    Value::string(hay.get(c.first..c.second).unwrap_or_default())
                } else {
                    Value::Null
                }
            })
            .collect(),
    )
}

// ---------------------------------------------------------------------------
// Compilation and the cache
// ---------------------------------------------------------------------------

/// A compiled pattern.
struct Compiled {
    /// The parsed pattern.
    ast: Node,
    /// Number of groups.
    groups: usize,
    /// The pattern, unanchored (for `split`).
    find: Regex,
    /// The pattern anchored at both ends (for `match`).
    full: Regex,
    /// `split` needs the emulator to choose each match's end and groups
    /// (the pattern has an alternation).
    emulate_split: bool,
    /// The emulator must choose the groups (a repetition whose body can
    /// match empty contains a group).
    emulate_groups: bool,
    /// libstdc++'s NFA, built when first needed.
    nfa: OnceCell<Nfa>,
}

impl Compiled {
    fn nfa(&self) -> &Nfa {
        self.nfa.get_or_init(|| Nfa::build(&self.ast))
    }
}

/// Largest number of patterns kept per thread.
const CACHE_LIMIT: usize = 1000;

thread_local! {
    static CACHE: RefCell<HashMap<Box<[u8]>, Rc<Compiled>>> = RefCell::new(HashMap::new());
}

fn compile_cached(re: &[u8]) -> std::result::Result<Rc<Compiled>, RegexError> {
    if let Some(c) = CACHE.with(|cache| cache.borrow().get(re).cloned()) {
        return Ok(c);
    }
    let c = Rc::new(compile(re)?);
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        if cache.len() >= CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(re.into(), c.clone());
    });
    Ok(c)
}

fn compile(re: &[u8]) -> std::result::Result<Compiled, RegexError> {
    // Parsing, translation and the crate's compiler all recurse over the
    // nesting of the pattern: give them room.
    stacker::maybe_grow(256 * 1024, 16 * 1024 * 1024, || {
        let (ast, groups) = Parser::parse(re)?;
        let mut body = String::new();
        to_rust(&ast, &mut body);
        let find = build_regex(&body)?;
        let full = build_regex(&format!(r"\A(?:{body})\z"))?;
        let emulate_split = has_alternation(&ast);
        let emulate_groups = has_risky_loop(&ast);
        Ok(Compiled {
            ast,
            groups,
            find,
            full,
            emulate_split,
            emulate_groups,
            nfa: OnceCell::new(),
        })
    })
}

fn build_regex(pattern: &str) -> std::result::Result<Regex, RegexError> {
    RegexBuilder::new(pattern)
        .unicode(false)
        .size_limit(256 * 1024 * 1024)
        .nest_limit(4 * MAX_DEPTH as u32 + 16)
        .build()
        .map_err(|e| match e {
            regex::Error::CompiledTooBig(_) => RegexError::TooBig,
            other => RegexError::Invalid {
                at: 0,
                reason: format!("internal translation error: {other}"),
                help: None,
            },
        })
}

/// Why a pattern is refused.
#[derive(Debug)]
enum RegexError {
    /// A syntax error at byte `at`.
    Invalid {
        at: usize,
        reason: String,
        help: Option<&'static str>,
    },
    /// libstdc++'s `error_space`: the NFA would exceed 100000 states.
    TooBig,
}

impl RegexError {
    fn invalid(at: usize, reason: impl Into<String>) -> RegexError {
        RegexError::Invalid {
            at,
            reason: reason.into(),
            help: None,
        }
    }

    fn into_eval_error(self, re: &[u8], span: Span) -> EvalError {
        let shown = String::from_utf8_lossy(re);
        match self {
            RegexError::TooBig => EvalError::new(
                ErrorKind::Invalid,
                format!("memory limit exceeded by regular expression '{shown}'"),
            )
            .at(Some(span))
            .with_label("this pattern compiles to more than 100000 states")
            .with_help("use smaller repetition counts (`{n,m}` copies the repeated part)"),
            RegexError::Invalid { at, reason, help } => {
                let mut e = EvalError::new(ErrorKind::Invalid, format!("invalid regular expression '{shown}'"))
                    .at(Some(span))
                    .with_label(format!("{reason} (at byte {at} of the pattern)"));
                if let Some(help) = help {
                    e = e.with_help(help);
                }
                e
            }
        }
    }
}

// ---------------------------------------------------------------------------
// The syntax tree and the parser (libstdc++'s ERE scanner and compiler)
// ---------------------------------------------------------------------------

/// libstdc++'s `_GLIBCXX_REGEX_STATE_LIMIT`.
const STATE_LIMIT: u64 = 100_000;
/// Deepest nesting of groups and stacked quantifiers accepted.
const MAX_DEPTH: usize = 1000;

/// A set of bytes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct ByteSet([u64; 4]);

impl ByteSet {
    const EMPTY: ByteSet = ByteSet([0; 4]);

    fn single(b: u8) -> ByteSet {
        let mut s = ByteSet::EMPTY;
        s.insert(b);
        s
    }

    fn insert(&mut self, b: u8) {
        self.0[usize::from(b >> 6)] |= 1 << (b & 63);
    }

    fn contains(&self, b: u8) -> bool {
        self.0[usize::from(b >> 6)] & (1 << (b & 63)) != 0
    }

    fn union(&mut self, other: &ByteSet) {
        for (a, b) in self.0.iter_mut().zip(other.0) {
            *a |= b;
        }
    }

    fn negate(&mut self) {
        for a in &mut self.0 {
            *a = !*a;
        }
    }

    fn from_fn(f: impl Fn(u8) -> bool) -> ByteSet {
        let mut s = ByteSet::EMPTY;
        for b in 0..=255u8 {
            if f(b) {
                s.insert(b);
            }
        }
        s
    }

    /// Maximal runs of members, as inclusive ranges.
    fn ranges(&self) -> Vec<(u8, u8)> {
        let mut out: Vec<(u8, u8)> = Vec::new();
        for b in 0..=255u8 {
            if self.contains(b) {
                match out.last_mut() {
                    Some((_, hi)) if u16::from(*hi) + 1 == u16::from(b) => *hi = b,
                    _ => out.push((b, b)),
                }
            }
        }
        out
    }
}

/// How a repetition repeats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rep {
    Star,
    Plus,
    Opt,
    Exactly(u32),
    AtLeast(u32),
    Between(u32, u32),
}

/// A parsed pattern.
#[derive(Debug)]
enum Node {
    /// An empty alternative.
    Empty,
    /// One byte from a set (a literal, `.`, a bracket expression).
    Set(ByteSet),
    /// `^`
    LineBegin,
    /// `$`
    LineEnd,
    /// A group and its number.
    Group(usize, Box<Node>),
    Concat(Vec<Node>),
    Alt(Vec<Node>),
    Repeat(Box<Node>, Rep),
}

/// One token inside a bracket expression.
enum BracketToken {
    Char(u8),
    Dash,
    End,
    /// `[.name.]`, `[:name:]`, `[=name=]`: the kind and the name.
    Named(u8, Vec<u8>),
}

/// What a bracket expression saw last.
#[derive(Clone, Copy)]
enum Last {
    Nothing,
    Char(u8),
    Class,
}

struct Parser<'a> {
    re: &'a [u8],
    pos: usize,
    groups: usize,
    depth: usize,
    /// NFA states libstdc++ would have created so far.
    states: u64,
}

/// Bytes a backslash may escape in an extended regex (libstdc++'s
/// `_M_extended_spec_char`).
const ESCAPABLE: &[u8] = b".[\\()*+?{|^$";

impl<'a> Parser<'a> {
    /// The tree and the number of groups.
    fn parse(re: &'a [u8]) -> std::result::Result<(Node, usize), RegexError> {
        // The start state, the whole match's group and the accept state.
        let mut p = Parser {
            re,
            pos: 0,
            groups: 0,
            depth: 0,
            states: 3,
        };
        let (node, _) = p.disjunction()?;
        if p.pos < re.len() {
            return Err(p.unexpected());
        }
        Ok((node, p.groups))
    }

    fn peek(&self) -> Option<u8> {
        self.re.get(self.pos).copied()
    }

    fn add_states(&mut self, n: u64) -> std::result::Result<u64, RegexError> {
        self.states = self.states.saturating_add(n);
        if self.states > STATE_LIMIT {
            return Err(RegexError::TooBig);
        }
        Ok(n)
    }

    fn enter(&mut self) -> std::result::Result<(), RegexError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(RegexError::invalid(
                self.pos,
                format!("groups and repetitions nest more than {MAX_DEPTH} deep"),
            ));
        }
        Ok(())
    }

    /// The error for a token that cannot continue the pattern here.
    fn unexpected(&self) -> RegexError {
        match self.peek() {
            Some(b')') => RegexError::invalid(self.pos, "unmatched `)`"),
            Some(c @ (b'*' | b'+' | b'?' | b'{')) => RegexError::Invalid {
                at: self.pos,
                reason: format!("`{}` has nothing to repeat", char::from(c)),
                help: Some("escape it (`\\*`, `\\+`, `\\?`, `\\{`) to match it literally"),
            },
            _ => RegexError::invalid(self.pos, "unexpected character"),
        }
    }

    /// Alternatives separated by `|`; returns the node and its states.
    fn disjunction(&mut self) -> std::result::Result<(Node, u64), RegexError> {
        let (first, mut count) = self.alternative()?;
        let mut alts = vec![first];
        while self.peek() == Some(b'|') {
            self.pos += 1;
            let (next, c) = self.alternative()?;
            // The branch state and the join.
            count = count.saturating_add(c).saturating_add(self.add_states(2)?);
            alts.push(next);
        }
        let node = if alts.len() == 1 {
            alts.pop().unwrap_or(Node::Empty)
        } else {
            Node::Alt(alts)
        };
        Ok((node, count))
    }

    fn alternative(&mut self) -> std::result::Result<(Node, u64), RegexError> {
        let mut items = Vec::new();
        let mut count = 0u64;
        while let Some((term, c)) = self.term()? {
            items.push(term);
            count = count.saturating_add(c);
        }
        // libstdc++ ends every alternative with a dummy state.
        count = count.saturating_add(self.add_states(1)?);
        let node = match items.len() {
            0 => Node::Empty,
            1 => items.pop().unwrap_or(Node::Empty),
            _ => Node::Concat(items),
        };
        Ok((node, count))
    }

    fn term(&mut self) -> std::result::Result<Option<(Node, u64)>, RegexError> {
        match self.peek() {
            Some(b'^') => {
                self.pos += 1;
                return Ok(Some((Node::LineBegin, self.add_states(1)?)));
            }
            Some(b'$') => {
                self.pos += 1;
                return Ok(Some((Node::LineEnd, self.add_states(1)?)));
            }
            _ => {}
        }
        let Some((mut node, mut count)) = self.atom()? else {
            return Ok(None);
        };
        let depth = self.depth;
        loop {
            let rep = match self.peek() {
                Some(b'*') => {
                    self.pos += 1;
                    count = count.saturating_add(self.add_states(1)?);
                    Rep::Star
                }
                Some(b'+') => {
                    self.pos += 1;
                    count = count.saturating_add(self.add_states(1)?);
                    Rep::Plus
                }
                Some(b'?') => {
                    self.pos += 1;
                    count = count.saturating_add(self.add_states(2)?);
                    Rep::Opt
                }
                Some(b'{') => {
                    let rep = self.interval()?;
                    count = self.add_states(interval_states(rep, count))?;
                    rep
                }
                _ => break,
            };
            self.enter()?;
            node = Node::Repeat(Box::new(node), rep);
        }
        self.depth = depth;
        Ok(Some((node, count)))
    }

    fn atom(&mut self) -> std::result::Result<Option<(Node, u64)>, RegexError> {
        let Some(c) = self.peek() else {
            return Ok(None);
        };
        match c {
            b'*' | b'+' | b'?' | b'{' | b'|' | b')' => Ok(None),
            b'.' => {
                self.pos += 1;
                Ok(Some((Node::Set(ByteSet::from_fn(|b| b != 0)), self.add_states(1)?)))
            }
            b'(' => {
                let open = self.pos;
                self.pos += 1;
                self.enter()?;
                self.groups += 1;
                let index = self.groups;
                let (inner, count) = self.disjunction()?;
                match self.peek() {
                    Some(b')') => self.pos += 1,
                    Some(_) => return Err(self.unexpected()),
                    None => return Err(RegexError::invalid(open, "unmatched `(`")),
                }
                self.depth -= 1;
                let count = count.saturating_add(self.add_states(2)?);
                Ok(Some((Node::Group(index, Box::new(inner)), count)))
            }
            b'[' => {
                let set = self.bracket()?;
                Ok(Some((Node::Set(set), self.add_states(1)?)))
            }
            b'\\' => {
                let at = self.pos;
                self.pos += 1;
                match self.peek() {
                    None => Err(RegexError::invalid(at, "the pattern ends with a lone backslash")),
                    Some(e) if ESCAPABLE.contains(&e) => {
                        self.pos += 1;
                        Ok(Some((Node::Set(ByteSet::single(e)), self.add_states(1)?)))
                    }
                    Some(e) => Err(RegexError::Invalid {
                        at,
                        reason: format!(
                            "`\\{}` is not an escape of POSIX extended regular expressions",
                            String::from_utf8_lossy(&[e])
                        ),
                        help: Some(
                            "only `.[\\()*+?{|^$` can be escaped; for classes use brackets: `[[:digit:]]` for \\d, `[[:alnum:]_]` for \\w, `[[:space:]]` for \\s, and `]` or `}` need no backslash",
                        ),
                    }),
                }
            }
            0 => Err(RegexError::invalid(self.pos, "NUL byte in the pattern")),
            _ => {
                self.pos += 1;
                Ok(Some((Node::Set(ByteSet::single(c)), self.add_states(1)?)))
            }
        }
    }

    /// `{n}`, `{n,}`, `{n,m}` (at the `{`).
    fn interval(&mut self) -> std::result::Result<Rep, RegexError> {
        let open = self.pos;
        self.pos += 1;
        let Some(min) = self.count(open)? else {
            return Err(self.brace_error(open, "`{` must be followed by a repetition count"));
        };
        let rep = if self.peek() == Some(b',') {
            self.pos += 1;
            match self.count(open)? {
                Some(max) if max < min => {
                    return Err(RegexError::invalid(
                        open,
                        format!("the repetition range {{{min},{max}}} is empty"),
                    ))
                }
                Some(max) => Rep::Between(min, max),
                None => Rep::AtLeast(min),
            }
        } else {
            Rep::Exactly(min)
        };
        if self.peek() != Some(b'}') {
            return Err(self.brace_error(open, "a repetition `{…}` must be `{n}`, `{n,}` or `{n,m}`"));
        }
        self.pos += 1;
        Ok(rep)
    }

    fn brace_error(&self, open: usize, reason: &str) -> RegexError {
        if self.pos >= self.re.len() {
            return RegexError::Invalid {
                at: open,
                reason: "unterminated repetition `{`".into(),
                help: Some("escape it (`\\{`) to match `{` literally"),
            };
        }
        RegexError::Invalid {
            at: self.pos,
            reason: reason.into(),
            help: Some("escape it (`\\{`) to match `{` literally"),
        }
    }

    /// A decimal repetition count, if digits follow.
    fn count(&mut self, open: usize) -> std::result::Result<Option<u32>, RegexError> {
        let start = self.pos;
        let mut value: u64 = 0;
        while let Some(d @ b'0'..=b'9') = self.peek() {
            value = value.saturating_mul(10).saturating_add(u64::from(d - b'0'));
            self.pos += 1;
        }
        if self.pos == start {
            return Ok(None);
        }
        match u32::try_from(value) {
            Ok(v) if v <= i32::MAX as u32 => Ok(Some(v)),
            _ => Err(RegexError::invalid(open, "repetition count too large")),
        }
    }

    /// A bracket expression (at the `[`).
    fn bracket(&mut self) -> std::result::Result<ByteSet, RegexError> {
        let open = self.pos;
        self.pos += 1;
        let negate = self.peek() == Some(b'^');
        if negate {
            self.pos += 1;
        }
        let mut set = ByteSet::EMPTY;
        let mut last = Last::Nothing;
        let first_at = self.pos;
        let mut pending = match self.bracket_token(open, true)? {
            BracketToken::Char(c) => {
                last = Last::Char(c);
                None
            }
            BracketToken::Dash => {
                last = Last::Char(b'-');
                None
            }
            other => Some(other),
        };
        loop {
            let (at, token) = match pending.take() {
                Some(t) => (first_at, t),
                None => (self.pos, self.bracket_token(open, false)?),
            };
            match token {
                BracketToken::End => break,
                BracketToken::Char(c) => push_char(&mut set, &mut last, c),
                BracketToken::Named(b'.', name) => {
                    let c = collating_element(&name).ok_or_else(|| bad_name(at, b'.', &name))?;
                    set.insert(c);
                    push_char(&mut set, &mut last, c);
                }
                BracketToken::Named(b'=', name) => {
                    let c = collating_element(&name).ok_or_else(|| bad_name(at, b'=', &name))?;
                    push_class(&mut set, &mut last);
                    set.union(&ByteSet::from_fn(|b| b.eq_ignore_ascii_case(&c)));
                }
                BracketToken::Named(_, name) => {
                    let class = char_class(&name).ok_or_else(|| bad_name(at, b':', &name))?;
                    push_class(&mut set, &mut last);
                    set.union(&class);
                }
                BracketToken::Dash => {
                    let end = self.bracket_token(open, false)?;
                    match (last, end) {
                        (_, BracketToken::End) => {
                            push_char(&mut set, &mut last, b'-');
                            break;
                        }
                        (Last::Class, _) => return Err(RegexError::invalid(at, "a range cannot start with a class")),
                        (Last::Char(lo), BracketToken::Char(hi)) => {
                            range(&mut set, lo, hi, at)?;
                            last = Last::Nothing;
                        }
                        (Last::Char(lo), BracketToken::Dash) => {
                            range(&mut set, lo, b'-', at)?;
                            last = Last::Nothing;
                        }
                        (Last::Char(_), BracketToken::Named(..)) => {
                            return Err(RegexError::invalid(at, "a range must end with a single character"))
                        }
                        (Last::Nothing, _) => {
                            return Err(RegexError::invalid(
                                at,
                                "`-` must come first or last in a bracket expression, or make a range",
                            ))
                        }
                    }
                }
            }
        }
        if let Last::Char(c) = last {
            set.insert(c);
        }
        if negate {
            set.negate();
        }
        Ok(set)
    }

    fn bracket_token(&mut self, open: usize, at_start: bool) -> std::result::Result<BracketToken, RegexError> {
        let unterminated = || RegexError::Invalid {
            at: open,
            reason: "unterminated bracket expression `[`".into(),
            help: Some("escape it (`\\[`) to match `[` literally"),
        };
        let Some(c) = self.peek() else {
            return Err(unterminated());
        };
        self.pos += 1;
        Ok(match c {
            b'-' => BracketToken::Dash,
            b']' if !at_start => BracketToken::End,
            b'[' => match self.peek() {
                None => return Err(unterminated()),
                Some(kind @ (b'.' | b':' | b'=')) => {
                    let at = self.pos - 1;
                    self.pos += 1;
                    let start = self.pos;
                    while self.peek().is_some_and(|b| b != kind) {
                        self.pos += 1;
                    }
                    let name = self.re.get(start..self.pos).unwrap_or_default().to_vec();
                    if self.peek() != Some(kind) || self.re.get(self.pos + 1) != Some(&b']') {
                        let k = char::from(kind);
                        return Err(RegexError::invalid(
                            at,
                            format!("unterminated `[{k}` (expected `{k}]`)"),
                        ));
                    }
                    self.pos += 2;
                    BracketToken::Named(kind, name)
                }
                Some(_) => BracketToken::Char(b'['),
            },
            _ => BracketToken::Char(c),
        })
    }
}

/// States a repetition `{…}` of a sequence of `body` states adds.
fn interval_states(rep: Rep, body: u64) -> u64 {
    let copies = |n: u32| u64::from(n).saturating_mul(body);
    match rep {
        Rep::Exactly(n) => copies(n).saturating_add(2),
        Rep::AtLeast(n) => copies(n).saturating_add(body).saturating_add(2),
        Rep::Between(n, m) => copies(n)
            .saturating_add(u64::from(m - n).saturating_mul(body.saturating_add(1)))
            .saturating_add(2),
        Rep::Star | Rep::Plus => 1,
        Rep::Opt => 2,
    }
}

fn push_char(set: &mut ByteSet, last: &mut Last, c: u8) {
    if let Last::Char(prev) = *last {
        set.insert(prev);
    }
    *last = Last::Char(c);
}

fn push_class(set: &mut ByteSet, last: &mut Last) {
    if let Last::Char(prev) = *last {
        set.insert(prev);
    }
    *last = Last::Class;
}

/// Adds `lo-hi`; the bounds compare as signed `char`s, as in libstdc++.
fn range(set: &mut ByteSet, lo: u8, hi: u8, at: usize) -> std::result::Result<(), RegexError> {
    let (l, h) = (lo as i8, hi as i8);
    if l > h {
        return Err(RegexError::Invalid {
            at,
            reason: format!("the range `{}-{}` is reversed", show_byte(lo), show_byte(hi)),
            help: Some("bytes 0x80 and above count as negative, so a range cannot run from ASCII into them"),
        });
    }
    set.union(&ByteSet::from_fn(|b| (l..=h).contains(&(b as i8))));
    Ok(())
}

fn show_byte(b: u8) -> String {
    if b.is_ascii_graphic() {
        char::from(b).to_string()
    } else {
        format!("\\x{b:02x}")
    }
}

fn bad_name(at: usize, kind: u8, name: &[u8]) -> RegexError {
    let k = char::from(kind);
    let name = String::from_utf8_lossy(name);
    match kind {
        b':' => RegexError::Invalid {
            at,
            reason: format!("unknown character class `[:{name}:]`"),
            help: Some("the classes are alnum alpha blank cntrl digit graph lower print punct space upper xdigit (and d, s, w)"),
        },
        _ => RegexError::Invalid {
            at,
            reason: format!("unknown collating element `[{k}{name}{k}]`"),
            help: Some("collating elements are letters or POSIX names such as `hyphen`, `period`, `space`"),
        },
    }
}

/// POSIX names of the bytes 0–127 (libstdc++'s `lookup_collatename`).
const COLLATING_NAMES: [&str; 128] = [
    "NUL",
    "SOH",
    "STX",
    "ETX",
    "EOT",
    "ENQ",
    "ACK",
    "alert",
    "backspace",
    "tab",
    "newline",
    "vertical-tab",
    "form-feed",
    "carriage-return",
    "SO",
    "SI",
    "DLE",
    "DC1",
    "DC2",
    "DC3",
    "DC4",
    "NAK",
    "SYN",
    "ETB",
    "CAN",
    "EM",
    "SUB",
    "ESC",
    "IS4",
    "IS3",
    "IS2",
    "IS1",
    "space",
    "exclamation-mark",
    "quotation-mark",
    "number-sign",
    "dollar-sign",
    "percent-sign",
    "ampersand",
    "apostrophe",
    "left-parenthesis",
    "right-parenthesis",
    "asterisk",
    "plus-sign",
    "comma",
    "hyphen",
    "period",
    "slash",
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "colon",
    "semicolon",
    "less-than-sign",
    "equals-sign",
    "greater-than-sign",
    "question-mark",
    "commercial-at",
    "A",
    "B",
    "C",
    "D",
    "E",
    "F",
    "G",
    "H",
    "I",
    "J",
    "K",
    "L",
    "M",
    "N",
    "O",
    "P",
    "Q",
    "R",
    "S",
    "T",
    "U",
    "V",
    "W",
    "X",
    "Y",
    "Z",
    "left-square-bracket",
    "backslash",
    "right-square-bracket",
    "circumflex",
    "underscore",
    "grave-accent",
    "a",
    "b",
    "c",
    "d",
    "e",
    "f",
    "g",
    "h",
    "i",
    "j",
    "k",
    "l",
    "m",
    "n",
    "o",
    "p",
    "q",
    "r",
    "s",
    "t",
    "u",
    "v",
    "w",
    "x",
    "y",
    "z",
    "left-curly-bracket",
    "vertical-line",
    "right-curly-bracket",
    "tilde",
    "DEL",
];

fn collating_element(name: &[u8]) -> Option<u8> {
    COLLATING_NAMES
        .iter()
        .position(|n| n.as_bytes() == name)
        .and_then(|i| u8::try_from(i).ok())
}

/// A `[:name:]` class of the "C" locale (names are case-insensitive).
fn char_class(name: &[u8]) -> Option<ByteSet> {
    let lower = name.to_ascii_lowercase();
    let test: fn(u8) -> bool = match &lower[..] {
        b"alnum" => |b| b.is_ascii_alphanumeric(),
        b"alpha" => |b| b.is_ascii_alphabetic(),
        b"blank" => |b| b == b' ' || b == b'\t',
        b"cntrl" => |b| b.is_ascii_control(),
        b"digit" | b"d" => |b| b.is_ascii_digit(),
        b"graph" => |b| b.is_ascii_graphic(),
        b"lower" => |b| b.is_ascii_lowercase(),
        b"print" => |b| b.is_ascii_graphic() || b == b' ',
        b"punct" => |b| b.is_ascii_punctuation(),
        b"space" | b"s" => |b| matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r'),
        b"upper" => |b| b.is_ascii_uppercase(),
        b"xdigit" => |b| b.is_ascii_hexdigit(),
        b"w" => |b| b.is_ascii_alphanumeric() || b == b'_',
        _ => return None,
    };
    Some(ByteSet::from_fn(test))
}

// ---------------------------------------------------------------------------
// Properties of the tree that decide when the emulator is needed
// ---------------------------------------------------------------------------

fn has_alternation(node: &Node) -> bool {
    match node {
        Node::Alt(_) => true,
        Node::Group(_, inner) | Node::Repeat(inner, _) => has_alternation(inner),
        Node::Concat(items) => items.iter().any(has_alternation),
        Node::Empty | Node::Set(_) | Node::LineBegin | Node::LineEnd => false,
    }
}

fn has_group(node: &Node) -> bool {
    match node {
        Node::Group(..) => true,
        Node::Repeat(inner, _) => has_group(inner),
        Node::Concat(items) | Node::Alt(items) => items.iter().any(has_group),
        Node::Empty | Node::Set(_) | Node::LineBegin | Node::LineEnd => false,
    }
}

/// Whether `node` can match the empty string.
fn nullable(node: &Node) -> bool {
    match node {
        Node::Empty | Node::LineBegin | Node::LineEnd => true,
        Node::Set(_) => false,
        Node::Group(_, inner) => nullable(inner),
        Node::Concat(items) => items.iter().all(nullable),
        Node::Alt(items) => items.iter().any(nullable),
        Node::Repeat(inner, rep) => match rep {
            Rep::Star | Rep::Opt => true,
            Rep::Plus => nullable(inner),
            Rep::Exactly(n) | Rep::AtLeast(n) | Rep::Between(n, _) => *n == 0 || nullable(inner),
        },
    }
}

/// A repetition whose body can match empty and holds a group: libstdc++'s
/// extra empty iteration can change what the group reports.
fn has_risky_loop(node: &Node) -> bool {
    match node {
        Node::Repeat(inner, _) => (nullable(inner) && has_group(inner)) || has_risky_loop(inner),
        Node::Group(_, inner) => has_risky_loop(inner),
        Node::Concat(items) | Node::Alt(items) => items.iter().any(has_risky_loop),
        Node::Empty | Node::Set(_) | Node::LineBegin | Node::LineEnd => false,
    }
}

// ---------------------------------------------------------------------------
// Translation to the `regex` crate
// ---------------------------------------------------------------------------

fn to_rust(node: &Node, out: &mut String) {
    match node {
        Node::Empty => out.push_str("(?:)"),
        Node::Set(set) => set_to_rust(set, out),
        Node::LineBegin => out.push_str(r"\A"),
        Node::LineEnd => out.push_str(r"\z"),
        Node::Group(_, inner) => {
            out.push('(');
            to_rust(inner, out);
            out.push(')');
        }
        Node::Concat(items) => {
            for item in items {
                if matches!(item, Node::Alt(_)) {
                    out.push_str("(?:");
                    to_rust(item, out);
                    out.push(')');
                } else {
                    to_rust(item, out);
                }
            }
        }
        Node::Alt(items) => {
            out.push_str("(?:");
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push('|');
                }
                to_rust(item, out);
            }
            out.push(')');
        }
        Node::Repeat(inner, rep) => {
            out.push_str("(?:");
            to_rust(inner, out);
            out.push(')');
            // Writing to a String cannot fail.
            let _ = match rep {
                Rep::Star => write!(out, "*"),
                Rep::Plus => write!(out, "+"),
                Rep::Opt => write!(out, "?"),
                Rep::Exactly(n) => write!(out, "{{{n}}}"),
                Rep::AtLeast(n) => write!(out, "{{{n},}}"),
                Rep::Between(n, m) => write!(out, "{{{n},{m}}}"),
            };
        }
    }
}

fn set_to_rust(set: &ByteSet, out: &mut String) {
    let ranges = set.ranges();
    match ranges[..] {
        // Cannot happen (every bracket expression has a member, `.` and
        // negations keep NUL or more), but an empty class must not match.
        [] => out.push_str(r"(?:\b\B)"),
        [(lo, hi)] if lo == hi => {
            let _ = write!(out, "\\x{lo:02X}");
        }
        _ => {
            out.push('[');
            for &(lo, hi) in &ranges {
                let _ = if lo == hi {
                    write!(out, "\\x{lo:02X}")
                } else {
                    write!(out, "\\x{lo:02X}-\\x{hi:02X}")
                };
            }
            out.push(']');
        }
    }
}

// ---------------------------------------------------------------------------
// libstdc++'s NFA and depth-first executor
// ---------------------------------------------------------------------------

const NO_STATE: u32 = u32::MAX;

#[derive(Clone, Copy, Debug)]
enum Op {
    /// One byte of `sets[i]`.
    Match(u32),
    /// Try `alt`, then `next`; keep the longer success.
    Alt,
    /// Greedy loop: `alt` is "once more", `next` is "leave".
    Repeat,
    SubBegin(u32),
    SubEnd(u32),
    LineBegin,
    LineEnd,
    Accept,
    Dummy,
}

#[derive(Clone, Copy, Debug)]
struct State {
    op: Op,
    next: u32,
    alt: u32,
}

/// An NFA shaped as libstdc++'s `_Compiler` shapes it.
struct Nfa {
    states: Vec<State>,
    sets: Vec<ByteSet>,
    start: u32,
}

impl Nfa {
    fn build(ast: &Node) -> Nfa {
        let mut nfa = Nfa {
            states: Vec::new(),
            sets: Vec::new(),
            start: 0,
        };
        let (start, end) = stacker::maybe_grow(256 * 1024, 16 * 1024 * 1024, || nfa.emit(ast));
        let accept = nfa.push(Op::Accept, NO_STATE);
        nfa.link(end, accept);
        nfa.start = start;
        nfa
    }

    fn push(&mut self, op: Op, alt: u32) -> u32 {
        let id = u32::try_from(self.states.len()).unwrap_or(NO_STATE);
        self.states.push(State {
            op,
            next: NO_STATE,
            alt,
        });
        id
    }

    fn link(&mut self, from: u32, to: u32) {
        if let Some(s) = self.states.get_mut(from as usize) {
            s.next = to;
        }
    }

    /// Emits `node`; returns its first and last state.
    fn emit(&mut self, node: &Node) -> (u32, u32) {
        match node {
            Node::Empty => {
                let d = self.push(Op::Dummy, NO_STATE);
                (d, d)
            }
            Node::Set(set) => {
                let i = u32::try_from(self.sets.len()).unwrap_or(u32::MAX);
                self.sets.push(*set);
                let m = self.push(Op::Match(i), NO_STATE);
                (m, m)
            }
            Node::LineBegin => {
                let s = self.push(Op::LineBegin, NO_STATE);
                (s, s)
            }
            Node::LineEnd => {
                let s = self.push(Op::LineEnd, NO_STATE);
                (s, s)
            }
            Node::Group(i, inner) => {
                let g = u32::try_from(*i).unwrap_or(u32::MAX);
                let begin = self.push(Op::SubBegin(g), NO_STATE);
                let (s, e) = self.emit(inner);
                self.link(begin, s);
                let end = self.push(Op::SubEnd(g), NO_STATE);
                self.link(e, end);
                (begin, end)
            }
            Node::Concat(items) => {
                let mut seq: Option<(u32, u32)> = None;
                for item in items {
                    let (s, e) = self.emit(item);
                    seq = Some(match seq {
                        Some((start, end)) => {
                            self.link(end, s);
                            (start, e)
                        }
                        None => (s, e),
                    });
                }
                seq.unwrap_or_else(|| {
                    let d = self.push(Op::Dummy, NO_STATE);
                    (d, d)
                })
            }
            Node::Alt(items) => {
                let mut acc: Option<(u32, u32)> = None;
                for item in items {
                    let (s, e) = self.emit(item);
                    acc = Some(match acc {
                        None => (s, e),
                        Some((acc_start, acc_end)) => {
                            let join = self.push(Op::Dummy, NO_STATE);
                            self.link(acc_end, join);
                            self.link(e, join);
                            let branch = self.push(Op::Alt, acc_start);
                            self.link(branch, s);
                            (branch, join)
                        }
                    });
                }
                acc.unwrap_or_else(|| {
                    let d = self.push(Op::Dummy, NO_STATE);
                    (d, d)
                })
            }
            Node::Repeat(inner, rep) => self.emit_repeat(inner, *rep),
        }
    }

    fn emit_repeat(&mut self, body: &Node, rep: Rep) -> (u32, u32) {
        match rep {
            Rep::Star => {
                let (s, e) = self.emit(body);
                let r = self.push(Op::Repeat, s);
                self.link(e, r);
                (r, r)
            }
            Rep::Plus => {
                let (s, e) = self.emit(body);
                let r = self.push(Op::Repeat, s);
                self.link(e, r);
                (s, r)
            }
            Rep::Opt => {
                let (s, e) = self.emit(body);
                let end = self.push(Op::Dummy, NO_STATE);
                let r = self.push(Op::Repeat, s);
                self.link(r, end);
                self.link(e, end);
                (r, end)
            }
            Rep::Exactly(n) | Rep::AtLeast(n) | Rep::Between(n, _) => {
                let first = self.push(Op::Dummy, NO_STATE);
                let mut cur = first;
                for _ in 0..n {
                    let (s, e) = self.emit(body);
                    self.link(cur, s);
                    cur = e;
                }
                match rep {
                    Rep::AtLeast(_) => {
                        let (s, e) = self.emit(body);
                        let r = self.push(Op::Repeat, s);
                        self.link(e, r);
                        self.link(cur, r);
                        (first, r)
                    }
                    Rep::Between(_, m) => {
                        let end = self.push(Op::Dummy, NO_STATE);
                        for _ in n..m {
                            let (s, e) = self.emit(body);
                            let r = self.push(Op::Repeat, s);
                            self.link(r, end);
                            self.link(cur, r);
                            cur = e;
                        }
                        self.link(cur, end);
                        (first, end)
                    }
                    _ => {
                        let end = self.push(Op::Dummy, NO_STATE);
                        self.link(cur, end);
                        (first, end)
                    }
                }
            }
        }
    }
}

/// A group's bounds, as libstdc++'s `sub_match`.
#[derive(Clone, Copy, Default, Debug)]
struct Cap {
    first: usize,
    second: usize,
    matched: bool,
}

/// Work items of the executor's explicit stack: a state to visit, or the
/// undo step a recursive executor would run when returning.
#[derive(Clone, Copy)]
enum Act {
    Visit(u32),
    Unconsume,
    RestoreFirst(u32, usize),
    RestoreCap(u32, Cap),
    /// After the left branch of an alternative: run the right one.
    AltRight(u32),
    OrSolution(bool),
    /// After "once more": leave the loop unless that succeeded.
    RepeatLeave(u32),
    RestoreRep(u32, (usize, u8)),
    LessRep(u32),
}

enum Outcome {
    /// The end of the chosen match and its groups (index 0 unused).
    Found(usize, Vec<Cap>),
    NotFound,
    /// The step budget ran out.
    Exhausted,
}

/// libstdc++'s `_Executor` in depth-first POSIX mode, with its own stack.
struct Emulator<'n> {
    nfa: &'n Nfa,
    /// Per state: the position and count of "once more" entries there.
    rep: Vec<(usize, u8)>,
    cur: Vec<Cap>,
    stack: Vec<Act>,
    budget: u64,
}

impl<'n> Emulator<'n> {
    fn new(nfa: &'n Nfa, groups: usize, budget: u64) -> Emulator<'n> {
        Emulator {
            nfa,
            rep: vec![(0, 0); nfa.states.len()],
            cur: vec![Cap::default(); groups + 1],
            stack: Vec::new(),
            budget,
        }
    }

    /// Runs from `start` like `_M_main`: `exact` is `regex_match` (the
    /// match must end at the end), else a search anchored at `start`
    /// (`not_null`: an empty match does not count).
    fn run(&mut self, hay: &[u8], start: usize, exact: bool, not_null: bool) -> Outcome {
        let nfa = self.nfa;
        let mut pos = start;
        let mut has_sol = false;
        let mut best: Option<(usize, Vec<Cap>)> = None;
        self.stack.clear();
        self.stack.push(Act::Visit(nfa.start));
        while let Some(act) = self.stack.pop() {
            if self.budget == 0 {
                // Leave the state clean for nobody: this emulator is done.
                self.stack.clear();
                return Outcome::Exhausted;
            }
            self.budget -= 1;
            match act {
                Act::Visit(i) => {
                    let Some(state) = nfa.states.get(i as usize).copied() else {
                        continue;
                    };
                    match state.op {
                        Op::Match(set) => {
                            let ok = hay
                                .get(pos)
                                .zip(nfa.sets.get(set as usize))
                                .is_some_and(|(&b, s)| s.contains(b));
                            if ok {
                                pos += 1;
                                self.stack.push(Act::Unconsume);
                                self.stack.push(Act::Visit(state.next));
                            }
                        }
                        Op::Dummy => self.stack.push(Act::Visit(state.next)),
                        Op::SubBegin(g) => {
                            if let Some(cap) = self.cur.get_mut(g as usize) {
                                let old = cap.first;
                                cap.first = pos;
                                self.stack.push(Act::RestoreFirst(g, old));
                            }
                            self.stack.push(Act::Visit(state.next));
                        }
                        Op::SubEnd(g) => {
                            if let Some(cap) = self.cur.get_mut(g as usize) {
                                let old = *cap;
                                cap.second = pos;
                                cap.matched = true;
                                self.stack.push(Act::RestoreCap(g, old));
                            }
                            self.stack.push(Act::Visit(state.next));
                        }
                        Op::LineBegin => {
                            if pos == 0 {
                                self.stack.push(Act::Visit(state.next));
                            }
                        }
                        Op::LineEnd => {
                            if pos == hay.len() {
                                self.stack.push(Act::Visit(state.next));
                            }
                        }
                        Op::Alt => {
                            self.stack.push(Act::AltRight(state.next));
                            self.stack.push(Act::Visit(state.alt));
                        }
                        Op::Repeat => {
                            self.stack.push(Act::RepeatLeave(i));
                            if let Some(count) = self.rep.get_mut(i as usize) {
                                let old = *count;
                                if old.1 == 0 || old.0 != pos {
                                    *count = (pos, 1);
                                    self.stack.push(Act::RestoreRep(i, old));
                                    self.stack.push(Act::Visit(state.alt));
                                } else if old.1 < 2 {
                                    count.1 += 1;
                                    self.stack.push(Act::LessRep(i));
                                    self.stack.push(Act::Visit(state.alt));
                                }
                            }
                        }
                        Op::Accept => {
                            has_sol = (!exact || pos == hay.len()) && !(not_null && pos == start);
                            if has_sol && best.as_ref().is_none_or(|(end, _)| *end < pos) {
                                if pos == hay.len() {
                                    // Nothing longer can follow, and later
                                    // successes of the same length never
                                    // replace the first: this is the answer.
                                    // (Stop here, unwinding the undo steps.)
                                    let caps = self.cur.clone();
                                    self.unwind();
                                    return Outcome::Found(pos, caps);
                                }
                                best = Some((pos, self.cur.clone()));
                            }
                        }
                    }
                }
                Act::Unconsume => pos -= 1,
                Act::RestoreFirst(..) | Act::RestoreCap(..) | Act::RestoreRep(..) | Act::LessRep(_) => self.undo(act),
                Act::AltRight(next) => {
                    self.stack.push(Act::OrSolution(has_sol));
                    has_sol = false;
                    self.stack.push(Act::Visit(next));
                }
                Act::OrSolution(had) => has_sol |= had,
                Act::RepeatLeave(i) => {
                    if !has_sol {
                        if let Some(state) = nfa.states.get(i as usize) {
                            self.stack.push(Act::Visit(state.next));
                        }
                    }
                }
            }
        }
        match best {
            Some((end, caps)) => Outcome::Found(end, caps),
            None => Outcome::NotFound,
        }
    }

    /// Abandons the search: runs the pending undo steps so that the
    /// per-state counts and groups are back to their initial values.
    fn unwind(&mut self) {
        while let Some(act) = self.stack.pop() {
            self.undo(act);
        }
    }

    /// Runs an undo step (other work items are ignored).
    fn undo(&mut self, act: Act) {
        match act {
            Act::RestoreFirst(g, old) => {
                if let Some(cap) = self.cur.get_mut(g as usize) {
                    cap.first = old;
                }
            }
            Act::RestoreCap(g, old) => {
                if let Some(cap) = self.cur.get_mut(g as usize) {
                    *cap = old;
                }
            }
            Act::RestoreRep(i, old) => {
                if let Some(count) = self.rep.get_mut(i as usize) {
                    *count = old;
                }
            }
            Act::LessRep(i) => {
                if let Some(count) = self.rep.get_mut(i as usize) {
                    count.1 = count.1.saturating_sub(1);
                }
            }
            Act::Visit(_) | Act::Unconsume | Act::AltRight(_) | Act::OrSolution(_) | Act::RepeatLeave(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_err(re: &str) -> bool {
        Parser::parse(re.as_bytes()).is_err()
    }

    #[test]
    fn collating_table_has_every_ascii_byte() {
        assert_eq!(COLLATING_NAMES.len(), 128);
        assert_eq!(collating_element(b"hyphen"), Some(b'-'));
        assert_eq!(collating_element(b"DEL"), Some(127));
        assert_eq!(collating_element(b"a"), Some(b'a'));
        assert_eq!(collating_element(b"-"), None);
    }

    #[test]
    fn syntax_as_libstdcxx() {
        for bad in [
            "\\d",
            "\\]",
            "\\}",
            "a{,2}",
            "a{2",
            "a{}",
            "a{1,2,3}",
            "a{3,2}",
            "{",
            "a|{",
            "*a",
            "^*",
            "a|*b",
            "(*a)",
            ")",
            "(",
            "a)",
            "[]",
            "[a-z-0]",
            "[a--]",
            "[z-a]",
            "[[:alpha:]-z]",
            "[a-[:alpha:]]",
            "[[.-.]]",
            "[[=.=]]",
            "[[:foo:]]",
            "[[:alpha:]",
            "[[:alpha]]",
            "[a",
            "a\\",
            "a{99999}",
            "a{2147483648}",
        ] {
            assert!(parse_err(bad), "{bad} should be refused");
        }
        for good in [
            "\\.",
            "\\{",
            "a{2,}",
            "}",
            "]",
            "a**",
            "a+?",
            "()",
            "(|a)",
            "a|",
            "|",
            "[]a]",
            "[^]a]",
            "[a-]",
            "[-a]",
            "[--0]",
            "[[.hyphen.]]",
            "[[.a.]]",
            "[[.period.]-z]",
            "[[=a=]]",
            "[[:Digit:]]",
            "[[:w:]]",
            "[[a]",
            "a{1}{2}",
            "a{0}",
            "a{01}",
            "x^",
            "^^a$$",
            "a{99993}",
        ] {
            assert!(!parse_err(good), "{good} should be accepted");
        }
    }

    #[test]
    fn state_limit_matches_libstdcxx() {
        // The largest counts CppNix accepts, found by bisection.
        for (ok, too_big) in [
            ("a{99993}", "a{99994}"),
            ("a{99992,}", "a{99993,}"),
            ("a{0,49996}", "a{0,49997}"),
            ("(a){24997}", "(a){24998}"),
            ("a?{33330}", "a?{33331}"),
            ("(a|b){12498}", "(a|b){12499}"),
        ] {
            assert!(Parser::parse(ok.as_bytes()).is_ok(), "{ok}");
            assert!(
                matches!(Parser::parse(too_big.as_bytes()), Err(RegexError::TooBig)),
                "{too_big}"
            );
        }
    }

    fn split_ends(re: &str, s: &str) -> Vec<(usize, usize)> {
        let c = compile(re.as_bytes()).expect("valid");
        let hay = s.as_bytes();
        let mut searcher = Searcher::new(&c, hay);
        let mut out = Vec::new();
        let mut next = searcher.search(0);
        while let Some(m) = next {
            out.push((m.start, m.end));
            next = if m.start < m.end {
                searcher.search(m.end)
            } else if m.end >= hay.len() {
                None
            } else {
                searcher.non_empty_at(m.end).or_else(|| searcher.search(m.end + 1))
            };
        }
        out
    }

    #[test]
    fn split_follows_libstdcxx() {
        assert_eq!(split_ends("(a|ab)", "abc"), [(0, 2)]);
        assert_eq!(
            split_ends("a*(abcd)?", "abcd"),
            [(0, 1), (1, 1), (2, 2), (3, 3), (4, 4)]
        );
        assert_eq!(split_ends("a*", "baaac"), [(0, 0), (1, 4), (4, 4), (5, 5)]);
        assert_eq!(split_ends("x*", "ab"), [(0, 0), (1, 1), (2, 2)]);
    }

    #[test]
    fn emulator_survives_long_subjects() {
        let s = "ab".repeat(200_000);
        assert_eq!(split_ends("(a|b)*", &s), [(0, s.len()), (s.len(), s.len())]);
    }
}
