//! Versions and derivation names: `compareVersions`, `splitVersion`, `parseDrvName`.
//!
//! The rules are CppNix's `names.cc`, byte for byte: a version is a sequence
//! of components, each a maximal run of ASCII digits or a maximal run of
//! other bytes except `.` and `-`, which only separate components.

use super::lists::force_string_no_ctx;
use super::{builtin, Builtin};
use crate::value::{Attrs, Value};
use nixlite_syntax::Symbol;
use std::cmp::Ordering;

pub(crate) const BUILTINS: &[Builtin] = &[
    builtin!(
        "compareVersions",
        2,
        [],
        "`compareVersions s1 s2`: `-1`, `0` or `1` as version `s1` is older than, the same as or newer than `s2`. Both are split into components as by `splitVersion` and compared pairwise (a missing component counts as empty): numbers numerically, an empty component before a number, `pre` before anything else, strings before numbers, strings by their bytes. For example, `compareVersions \"1.2\" \"1.10\"` is `-1` and `compareVersions \"1.2pre1\" \"1.2\"` is `-1`.",
        |ev, a, span| {
            let v1 = force_string_no_ctx(ev, &a[0], span, "the first argument of `compareVersions`")?;
            let v2 = force_string_no_ctx(ev, &a[1], span, "the second argument of `compareVersions`")?;
            Ok(Value::Int(match compare_versions(v1.as_bytes(), v2.as_bytes()) {
                Ordering::Less => -1,
                Ordering::Equal => 0,
                Ordering::Greater => 1,
            }))
        }
    ),
    builtin!(
        "splitVersion",
        1,
        [0],
        "`splitVersion s`: the components of version string `s`, as `compareVersions` sees them: maximal runs of digits and maximal runs of other characters, with `.` and `-` only separating them. For example, `splitVersion \"1.2.3pre4-rc1\"` is `[ \"1\" \"2\" \"3\" \"pre\" \"4\" \"rc\" \"1\" ]`.",
        |ev, a, span| {
            let s = force_string_no_ctx(ev, &a[0], span, "the argument of `splitVersion`")?;
            let s = s.as_bytes();
            let mut pos = 0;
            let mut out = Vec::new();
            loop {
                let c = next_component(s, &mut pos);
                if c.is_empty() {
                    break;
                }
                out.push(Value::string(c));
            }
            Ok(Value::list(out))
        }
    ),
    builtin!(
        "parseDrvName",
        1,
        [0],
        "`parseDrvName s`: splits a package name with a version into `{ name; version; }` at the first `-` that is not followed by a letter; without one, `version` is `\"\"`. For example, `parseDrvName \"nix-0.12pre12876\"` is `{ name = \"nix\"; version = \"0.12pre12876\"; }`.",
        |ev, a, span| {
            let s = force_string_no_ctx(ev, &a[0], span, "the argument of `parseDrvName`")?;
            let s = s.as_bytes();
            let split = s
                .windows(2)
                .position(|w| w[0] == b'-' && !w[1].is_ascii_alphabetic());
            let (name, version): (&[u8], &[u8]) = match split {
                Some(i) => (&s[..i], &s[i + 1..]),
                None => (s, b""),
            };
            Ok(Value::attrs(Attrs::from_pairs(vec![
                (Symbol::intern("name"), Value::string(name)),
                (Symbol::intern("version"), Value::string(version)),
            ])))
        }
    ),
];

fn is_separator(b: u8) -> bool {
    b == b'.' || b == b'-'
}

/// The next component of `s` from `*pos` (skipping separators), or `""` at
/// the end.
fn next_component<'a>(s: &'a [u8], pos: &mut usize) -> &'a [u8] {
    while s.get(*pos).is_some_and(|&b| is_separator(b)) {
        *pos += 1;
    }
    let start = *pos;
    let digits = s.get(start).is_some_and(u8::is_ascii_digit);
    while s
        .get(*pos)
        .is_some_and(|&b| b.is_ascii_digit() == digits && !is_separator(b))
    {
        *pos += 1;
    }
    s.get(start..*pos).unwrap_or_default()
}

/// A component as a number, if it is one that fits a C `int` (CppNix
/// parses with `string2Int<int>`: a longer digit run is not a number).
fn as_number(c: &[u8]) -> Option<i32> {
    if c.is_empty() || !c.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(c).ok()?.parse().ok()
}

/// CppNix's `componentsLT`.
fn component_less(c1: &[u8], c2: &[u8]) -> bool {
    let (n1, n2) = (as_number(c1), as_number(c2));
    match (n1, n2) {
        (Some(x), Some(y)) => x < y,
        _ if c1.is_empty() && n2.is_some() => true,
        _ if c1 == b"pre" && c2 != b"pre" => true,
        _ if c2 == b"pre" => false,
        // `2.3a` < `2.3.1`.
        (_, Some(_)) => true,
        (Some(_), _) => false,
        _ => c1 < c2,
    }
}

fn compare_versions(v1: &[u8], v2: &[u8]) -> Ordering {
    let (mut p1, mut p2) = (0, 0);
    while p1 < v1.len() || p2 < v2.len() {
        let c1 = next_component(v1, &mut p1);
        let c2 = next_component(v2, &mut p2);
        if component_less(c1, c2) {
            return Ordering::Less;
        }
        if component_less(c2, c1) {
            return Ordering::Greater;
        }
    }
    Ordering::Equal
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components() {
        let split = |s: &str| {
            let mut pos = 0;
            let mut out = Vec::new();
            loop {
                let c = next_component(s.as_bytes(), &mut pos);
                if c.is_empty() {
                    break out;
                }
                out.push(String::from_utf8_lossy(c).into_owned());
            }
        };
        assert_eq!(split("1.2.3pre4-rc1"), ["1", "2", "3", "pre", "4", "rc", "1"]);
        assert_eq!(split("1..2"), ["1", "2"]);
        assert_eq!(split(".-"), Vec::<String>::new());
    }

    #[test]
    fn ordering() {
        let cmp = |a: &str, b: &str| compare_versions(a.as_bytes(), b.as_bytes());
        assert_eq!(cmp("1.2", "1.10"), Ordering::Less);
        assert_eq!(cmp("1.2pre", "1.2"), Ordering::Less);
        assert_eq!(cmp("1.2", "1.2.0"), Ordering::Less);
        assert_eq!(cmp("1.2a", "1.2"), Ordering::Greater);
        assert_eq!(cmp("2.3a", "2.3.1"), Ordering::Less);
        assert_eq!(cmp("1.99999999999", "1.2"), Ordering::Less);
        assert_eq!(cmp("1.", "1"), Ordering::Equal);
    }
}
