//! "Did you mean …?": the closest known name by edit distance.

use nixlite_syntax::Symbol;

/// The candidate closest to `name`, if one is close enough to be a likely typo.
pub fn closest(name: Symbol, candidates: impl Iterator<Item = Symbol>) -> Option<Symbol> {
    let target = name.as_bytes();
    let limit = (target.len() / 3).max(1);
    candidates
        .filter(|c| *c != name)
        .map(|c| (distance(target, c.as_bytes()), c))
        .filter(|(d, _)| *d <= limit)
        .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)))
        .map(|(_, c)| c)
}

/// Levenshtein distance (bytes), bounded work for long names.
pub fn distance(a: &[u8], b: &[u8]) -> usize {
    if a.len().abs_diff(b.len()) > 3 || a.len() > 64 || b.len() > 64 {
        return usize::MAX;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, &ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_typos_only() {
        let names = ["length", "map", "filter"].map(Symbol::intern);
        assert_eq!(
            closest(Symbol::intern("lenght"), names.into_iter()),
            Some(Symbol::intern("length"))
        );
        assert_eq!(closest(Symbol::intern("xyz"), names.into_iter()), None);
    }
}
