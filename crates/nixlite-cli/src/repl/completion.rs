//! Tab completion: `:` commands, file names after `:l` (and in any word
//! with a `/`), attribute paths (`pkgs.he<Tab>` evaluates `pkgs` — only as
//! far as needed to list its names — and offers the names starting with
//! `he`), and otherwise the variables in scope and the builtins.

use super::commands::COMMANDS;
use super::input;
use super::session::Session;
use nixlite::Value;
use std::collections::BTreeSet;
use std::path::Path;

/// One completion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// What the list of completions shows.
    pub display: String,
    /// What replaces the word being completed.
    pub replacement: String,
}

fn candidate(display: impl Into<String>, replacement: impl Into<String>) -> Candidate {
    Candidate {
        display: display.into(),
        replacement: replacement.into(),
    }
}

/// Byte index where the word ending at `end` of `text` starts, a word being
/// made of the characters `keep` accepts.
fn word_start(text: &str, keep: impl Fn(char) -> bool) -> usize {
    text.char_indices()
        .rev()
        .find(|&(_, c)| !keep(c))
        .map_or(0, |(i, c)| i + c.len_utf8())
}

impl Session {
    /// The completions for `line` with the cursor at byte `pos`: where the
    /// replaced word starts, and the candidates (sorted).
    pub fn complete(&mut self, line: &str, pos: usize) -> (usize, Vec<Candidate>) {
        let pos = pos.min(line.len());
        let Some(before) = line.get(..pos) else {
            return (pos, Vec::new());
        };
        let trimmed = before.trim_start();
        let lead = before.len() - trimmed.len();

        if trimmed.starts_with(':') && !trimmed.contains(char::is_whitespace) {
            let names = COMMANDS
                .iter()
                .flat_map(|c| c.names.iter())
                .filter(|n| n.starts_with(trimmed))
                .map(|n| candidate(*n, format!("{n} ")))
                .collect();
            return (lead, names);
        }
        for load in [":l ", ":load "] {
            if let Some(rest) = trimmed.strip_prefix(load) {
                let rest = rest.trim_start();
                return (pos - rest.len(), self.files(rest));
            }
        }

        let path_start = word_start(before, |c| !c.is_ascii_whitespace() && !"()[]{};=,".contains(c));
        let word = &before[path_start..];
        if word.contains('/') {
            return (path_start, self.files(word));
        }

        let start = word_start(before, |c| c.is_ascii_alphanumeric() || "_'-.".contains(c));
        let word = &before[start..];
        match word.rfind('.') {
            Some(dot) => (start, self.attributes(&word[..dot], &word[dot + 1..])),
            None => (start, self.names(word)),
        }
    }

    /// Variables in scope and builtins starting with `prefix`.
    fn names(&mut self, prefix: &str) -> Vec<Candidate> {
        let mut all: BTreeSet<String> = self.scope.keys().filter(|n| n.starts_with(prefix)).cloned().collect();
        for name in self.nix.inner().globals.keys() {
            let name = name.to_str_lossy();
            if name.starts_with(prefix) {
                all.insert(name.into_owned());
            }
        }
        all.into_iter().map(|n| candidate(n.clone(), n)).collect()
    }

    /// The attributes of the set `expr` evaluates to that start with `prefix`.
    fn attributes(&mut self, expr: &str, prefix: &str) -> Vec<Candidate> {
        let starts_ok = expr.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
        if !starts_ok || expr.ends_with('.') {
            return Vec::new();
        }
        let value = self.eval(expr);
        self.discard_output();
        let Ok(Value::Attrs(attrs)) = value else {
            return Vec::new();
        };
        let mut names: Vec<String> = attrs
            .iter_unordered()
            .map(|(k, _)| k.to_str_lossy().into_owned())
            .filter(|n| n.starts_with(prefix))
            .collect();
        names.sort();
        names
            .into_iter()
            .map(|n| {
                let written = input::attr_source(&n);
                candidate(written.clone(), format!("{expr}.{written}"))
            })
            .collect()
    }

    /// File names completing `word` (relative to the base directory; `~/`
    /// is the home directory). Directories get a `/`.
    fn files(&self, word: &str) -> Vec<Candidate> {
        let (dir_part, prefix) = match word.rfind('/') {
            Some(i) => (&word[..=i], &word[i + 1..]),
            None => ("", word),
        };
        let dir = if let Some(rest) = dir_part.strip_prefix("~/") {
            match std::env::var_os("HOME") {
                Some(home) => Path::new(&home).join(rest),
                None => return Vec::new(),
            }
        } else {
            self.settings.base_dir.join(dir_part)
        };
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return Vec::new();
        };
        let mut out: Vec<Candidate> = entries
            .filter_map(Result::ok)
            .filter_map(|entry| {
                let name = entry.file_name().to_string_lossy().into_owned();
                if !name.starts_with(prefix) || (name.starts_with('.') && !prefix.starts_with('.')) {
                    return None;
                }
                let is_dir = entry.path().is_dir();
                let shown = if is_dir { format!("{name}/") } else { name };
                Some(candidate(shown.clone(), format!("{dir_part}{shown}")))
            })
            .collect();
        out.sort_by(|a, b| a.display.cmp(&b.display));
        out
    }
}
