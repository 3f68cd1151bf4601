//! Path literals: made absolute and canonical when resolved, as CppNix does
//! at parse time.

use crate::error::{ErrorKind, EvalError, Result};
use nixlite_syntax::ast::{PathKind, PathLit};

/// Removes `.` and `..` components and repeated slashes, lexically (no
/// symlinks are followed). `path` must be absolute; the result has no
/// trailing slash except for the root.
pub fn canonicalise(path: &[u8]) -> Vec<u8> {
    let mut parts: Vec<&[u8]> = Vec::new();
    for part in path.split(|&b| b == b'/') {
        match part {
            b"" | b"." => {}
            b".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    if parts.is_empty() {
        return b"/".to_vec();
    }
    let mut out = Vec::with_capacity(path.len());
    for p in parts {
        out.push(b'/');
        out.extend_from_slice(p);
    }
    out
}

/// The absolute path a literal stands for. A literal that continues with
/// an interpolation keeps its trailing slash (`./a/${x}`).
pub fn resolve_literal(
    lit: &PathLit,
    base_dir: &[u8],
    home: Option<&[u8]>,
    keep_trailing_slash: bool,
) -> Result<Vec<u8>> {
    let mut joined = match lit.kind {
        PathKind::Absolute => lit.text.to_vec(),
        PathKind::Relative => {
            let mut p = base_dir.to_vec();
            p.push(b'/');
            p.extend_from_slice(&lit.text);
            p
        }
        PathKind::Home => {
            let Some(home) = home else {
                return Err(
                    EvalError::new(ErrorKind::Io, "cannot resolve a `~/` path: $HOME is not set")
                        .with_help("set HOME, or write the path out in full"),
                );
            };
            let mut p = home.to_vec();
            p.extend_from_slice(&lit.text[1..]);
            p
        }
    };
    let trailing = keep_trailing_slash && joined.ends_with(b"/") && lit.text.len() > 1;
    joined = canonicalise(&joined);
    if trailing && joined != b"/" {
        joined.push(b'/');
    }
    Ok(joined)
}

#[cfg(test)]
mod tests {
    use super::canonicalise;

    #[test]
    fn canonical_paths() {
        assert_eq!(canonicalise(b"/a/./b/../c//d/"), b"/a/c/d");
        assert_eq!(canonicalise(b"/.."), b"/");
        assert_eq!(canonicalise(b"/"), b"/");
    }
}
