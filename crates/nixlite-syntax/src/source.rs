//! Source files and byte spans.
//!
//! Every AST node carries a [`Span`]: the [`FileId`] of the file it came from
//! and a half-open byte range into that file's text. The [`SourceMap`] owns
//! the texts so that diagnostics can be rendered long after parsing.

use std::path::PathBuf;
use std::rc::Rc;

/// Identifies one source file within a [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct FileId(pub u32);

/// A half-open byte range `start..end` within one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// The file the range lies in.
    pub file: FileId,
    /// Offset of the first byte.
    pub start: u32,
    /// Offset one past the last byte.
    pub end: u32,
}

impl Span {
    /// A span from byte offsets (saturating at `u32::MAX`, which the
    /// parser's size limit never reaches).
    pub fn new(file: FileId, start: usize, end: usize) -> Span {
        let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Span {
            file,
            start: clamp(start),
            end: clamp(end),
        }
    }

    /// The smallest span covering both `self` and `other` (same file).
    pub fn to(self, other: Span) -> Span {
        Span {
            file: self.file,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        (self.end - self.start) as usize
    }

    /// Whether the span covers no bytes.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

impl From<Span> for miette::SourceSpan {
    fn from(s: Span) -> Self {
        (s.start as usize, s.len()).into()
    }
}

/// Where a source text came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A file on disk (absolute path).
    File(PathBuf),
    /// An expression given on the command line (`--expr`).
    Expr,
    /// Standard input.
    Stdin,
    /// Text from elsewhere, with a display name (a REPL line, an embedder's string).
    Named(String),
}

/// One source text with its origin.
#[derive(Debug)]
pub struct SourceFile {
    /// Where the text came from.
    pub origin: Origin,
    /// The bytes as read (Nix source need not be valid UTF-8).
    pub text: Rc<[u8]>,
}

impl SourceFile {
    /// The name shown in diagnostics and positions.
    pub fn name(&self) -> String {
        match &self.origin {
            Origin::File(p) => p.display().to_string(),
            Origin::Expr => "«string»".to_owned(),
            Origin::Stdin => "«stdin»".to_owned(),
            Origin::Named(n) => n.clone(),
        }
    }

    /// 1-based line and column (in bytes) of a byte offset.
    pub fn line_col(&self, offset: u32) -> (usize, usize) {
        let upto = &self.text[..(offset as usize).min(self.text.len())];
        let line = upto.iter().filter(|&&b| b == b'\n').count() + 1;
        let col = upto.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
        (line, col)
    }

    /// The text as valid UTF-8 with the same byte offsets: every byte of an
    /// invalid sequence becomes `?`, so spans still point at the right place.
    pub fn display_text(&self) -> String {
        display_text(&self.text)
    }
}

/// `bytes` as UTF-8 of the same length, each invalid byte replaced by `?`.
pub fn display_text(bytes: &[u8]) -> String {
    let mut out = Vec::with_capacity(bytes.len());
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                out.extend_from_slice(s.as_bytes());
                break;
            }
            Err(e) => {
                let good = e.valid_up_to();
                out.extend_from_slice(&rest[..good]);
                let bad = e.error_len().unwrap_or(rest.len() - good);
                out.extend(std::iter::repeat_n(b'?', bad));
                rest = &rest[good + bad..];
            }
        }
    }
    // Every byte is now part of valid UTF-8 or an ASCII '?'.
    String::from_utf8(out).unwrap_or_default()
}

/// All source texts of one session, addressed by [`FileId`].
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    /// An empty map.
    pub fn new() -> SourceMap {
        SourceMap::default()
    }

    /// Adds a text and returns its id.
    pub fn add(&mut self, origin: Origin, text: impl Into<Rc<[u8]>>) -> FileId {
        let id = FileId(self.files.len() as u32);
        self.files.push(SourceFile {
            origin,
            text: text.into(),
        });
        id
    }

    /// The file with this id.
    ///
    /// # Panics
    /// If the id was not returned by this map's [`SourceMap::add`].
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// The file with this id, if it belongs to this map.
    pub fn try_get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize)
    }
}
