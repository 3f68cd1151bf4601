//! NAR ("Nix ARchive") serialisation, streamed into any [`Write`] sink.
//!
//! The NAR of a file-system object is what store paths of copied sources are
//! hashed over. Format (all integers u64 little-endian; `str(s)` = length,
//! bytes, zero padding to a multiple of 8):
//!
//! ```text
//! nar       = str("nix-archive-1") node
//! node      = str("(") str("type") body str(")")
//! regular   = str("regular") [str("executable") str("")] str("contents") str(<bytes>)
//! symlink   = str("symlink") str("target") str(<target>)
//! directory = str("directory") { str("entry") str("(") str("name") str(<name>)
//!                                 str("node") node str(")") }   (names byte-sorted)
//! ```
//!
//! Only the owner-execute bit of regular files is recorded; no times, owners
//! or other mode bits. File contents are copied through a fixed buffer, never
//! read whole. File-system access goes through the [`NarSource`] trait
//! ([`StdFs`] is the real file system), so an embedder can virtualise it.
//! Filters (for `builtins.path`/`filterSource`) see every entry below the
//! root with its absolute path and [`FileKind`], and drop it (and its
//! subtree) by returning `false`.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fmt;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use crate::hash::{Hash, HashAlgo, Hasher};

/// The magic string every NAR starts with.
pub const NAR_MAGIC: &str = "nix-archive-1";

/// The type of a file-system object, as `builtins.path` filters see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileKind {
    /// A regular file.
    Regular,
    /// A directory.
    Directory,
    /// A symbolic link (never followed).
    Symlink,
    /// Anything else (sockets, devices, fifos): cannot be put in a NAR.
    Unknown,
}

impl FileKind {
    /// The name Nix uses for this kind (`"regular"`, `"directory"`,
    /// `"symlink"`, `"unknown"`), as passed to path filters.
    pub fn as_str(self) -> &'static str {
        match self {
            FileKind::Regular => "regular",
            FileKind::Directory => "directory",
            FileKind::Symlink => "symlink",
            FileKind::Unknown => "unknown",
        }
    }
}

impl fmt::Display for FileKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What [`NarSource::metadata`] reports about one object (without
/// following a final symlink).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileMeta {
    /// The object's kind.
    pub kind: FileKind,
    /// For regular files: whether the owner-execute bit is set.
    pub executable: bool,
    /// For regular files: the size in bytes.
    pub size: u64,
}

/// Read access to a file-system tree, as NAR serialisation needs it.
pub trait NarSource {
    /// Kind, executable bit and size of `path`; must not follow a final
    /// symlink (like `lstat`).
    fn metadata(&self, path: &Path) -> io::Result<FileMeta>;

    /// The names of a directory's entries (excluding `.` and `..`), in any
    /// order.
    fn read_dir(&self, path: &Path) -> io::Result<Vec<OsString>>;

    /// Opens a regular file for reading.
    fn open_file(&self, path: &Path) -> io::Result<Box<dyn Read + '_>>;

    /// The target of a symbolic link.
    fn read_link(&self, path: &Path) -> io::Result<OsString>;
}

/// The real file system via `std::fs`.
#[derive(Debug, Clone, Copy, Default)]
pub struct StdFs;

impl NarSource for StdFs {
    fn metadata(&self, path: &Path) -> io::Result<FileMeta> {
        let m = std::fs::symlink_metadata(path)?;
        let ft = m.file_type();
        let kind = if ft.is_file() {
            FileKind::Regular
        } else if ft.is_dir() {
            FileKind::Directory
        } else if ft.is_symlink() {
            FileKind::Symlink
        } else {
            FileKind::Unknown
        };
        Ok(FileMeta {
            kind,
            executable: kind == FileKind::Regular && is_owner_executable(&m),
            size: if kind == FileKind::Regular { m.len() } else { 0 },
        })
    }

    fn read_dir(&self, path: &Path) -> io::Result<Vec<OsString>> {
        std::fs::read_dir(path)?.map(|e| e.map(|e| e.file_name())).collect()
    }

    fn open_file(&self, path: &Path) -> io::Result<Box<dyn Read + '_>> {
        Ok(Box::new(std::fs::File::open(path)?))
    }

    fn read_link(&self, path: &Path) -> io::Result<OsString> {
        Ok(std::fs::read_link(path)?.into_os_string())
    }
}

#[cfg(unix)]
fn is_owner_executable(m: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    m.permissions().mode() & 0o100 != 0
}

#[cfg(not(unix))]
fn is_owner_executable(_m: &std::fs::Metadata) -> bool {
    false
}

#[cfg(unix)]
fn os_bytes(s: &std::ffi::OsStr) -> Option<Vec<u8>> {
    use std::os::unix::ffi::OsStrExt;
    Some(s.as_bytes().to_vec())
}

#[cfg(not(unix))]
fn os_bytes(s: &std::ffi::OsStr) -> Option<Vec<u8>> {
    s.to_str().map(|s| s.as_bytes().to_vec())
}

/// Errors while serialising a tree.
#[derive(Debug)]
pub enum NarError {
    /// An I/O error on a path (or on the sink, with an empty path).
    Io {
        /// The path being read.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// A file that is not a regular file, directory or symlink.
    UnsupportedType(PathBuf),
    /// A regular file shorter than its size when it was stat'ed.
    Truncated(PathBuf),
    /// A file name or link target this platform cannot represent as bytes.
    BadName(PathBuf),
}

impl fmt::Display for NarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NarError::Io { path, source } if path.as_os_str().is_empty() => write!(f, "writing NAR: {source}"),
            NarError::Io { path, source } => write!(f, "reading '{}': {source}", path.display()),
            NarError::UnsupportedType(p) => write!(f, "file '{}' has an unsupported type", p.display()),
            NarError::Truncated(p) => write!(f, "file '{}' changed while it was being read", p.display()),
            NarError::BadName(p) => write!(f, "file name '{}' cannot be represented", p.display()),
        }
    }
}

impl std::error::Error for NarError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            NarError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> NarError + '_ {
    move |source| NarError::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn sink_err(source: io::Error) -> NarError {
    NarError::Io {
        path: PathBuf::new(),
        source,
    }
}

/// Low-level NAR token writer over any sink.
struct NarWriter<'w> {
    sink: &'w mut dyn Write,
}

impl NarWriter<'_> {
    fn int(&mut self, n: u64) -> io::Result<()> {
        self.sink.write_all(&n.to_le_bytes())
    }

    fn pad(&mut self, len: u64) -> io::Result<()> {
        let rem = (len % 8) as usize;
        if rem != 0 {
            self.sink.write_all(&[0u8; 8][..8 - rem])?;
        }
        Ok(())
    }

    fn str(&mut self, s: &[u8]) -> io::Result<()> {
        self.int(s.len() as u64)?;
        self.sink.write_all(s)?;
        self.pad(s.len() as u64)
    }

    fn regular_header(&mut self, executable: bool, size: u64) -> io::Result<()> {
        self.str(b"(")?;
        self.str(b"type")?;
        self.str(b"regular")?;
        if executable {
            self.str(b"executable")?;
            self.str(b"")?;
        }
        self.str(b"contents")?;
        self.int(size)
    }

    fn regular(&mut self, executable: bool, contents: &[u8]) -> io::Result<()> {
        self.regular_header(executable, contents.len() as u64)?;
        self.sink.write_all(contents)?;
        self.pad(contents.len() as u64)?;
        self.str(b")")
    }

    fn symlink(&mut self, target: &[u8]) -> io::Result<()> {
        self.str(b"(")?;
        self.str(b"type")?;
        self.str(b"symlink")?;
        self.str(b"target")?;
        self.str(target)?;
        self.str(b")")
    }

    fn dir_start(&mut self) -> io::Result<()> {
        self.str(b"(")?;
        self.str(b"type")?;
        self.str(b"directory")
    }

    fn entry_start(&mut self, name: &[u8]) -> io::Result<()> {
        self.str(b"entry")?;
        self.str(b"(")?;
        self.str(b"name")?;
        self.str(name)?;
        self.str(b"node")
    }

    fn close(&mut self) -> io::Result<()> {
        self.str(b")")
    }
}

/// Writes the NAR of `path` (read through `source`) to `sink`.
pub fn dump_path(source: &dyn NarSource, path: &Path, sink: &mut dyn Write) -> Result<(), NarError> {
    dump_path_filtered(source, path, sink, &mut |_: &Path, _: FileKind| {
        Ok::<bool, NarError>(true)
    })
}

/// Writes the NAR of `path` to `sink`, omitting every entry below the root
/// for which `filter(absolute path, kind)` returns `Ok(false)`. The filter
/// may fail (e.g. a Nix filter function throwing); its error is returned.
pub fn dump_path_filtered<E, F>(
    source: &dyn NarSource,
    path: &Path,
    sink: &mut dyn Write,
    filter: &mut F,
) -> Result<(), E>
where
    E: From<NarError>,
    F: FnMut(&Path, FileKind) -> Result<bool, E>,
{
    let mut w = NarWriter { sink };
    w.str(NAR_MAGIC.as_bytes()).map_err(sink_err)?;
    let meta = source.metadata(path).map_err(io_err(path))?;
    dump_node(source, path, meta, &mut w, filter)
}

fn dump_node<E, F>(
    source: &dyn NarSource,
    path: &Path,
    meta: FileMeta,
    w: &mut NarWriter<'_>,
    filter: &mut F,
) -> Result<(), E>
where
    E: From<NarError>,
    F: FnMut(&Path, FileKind) -> Result<bool, E>,
{
    match meta.kind {
        FileKind::Regular => {
            w.regular_header(meta.executable, meta.size).map_err(sink_err)?;
            let mut reader = source.open_file(path).map_err(io_err(path))?;
            copy_exact(&mut *reader, w.sink, meta.size, path)?;
            w.pad(meta.size).map_err(sink_err)?;
            w.close().map_err(sink_err)?;
        }
        FileKind::Symlink => {
            let target = source.read_link(path).map_err(io_err(path))?;
            let target = os_bytes(&target).ok_or_else(|| NarError::BadName(path.to_path_buf()))?;
            w.symlink(&target).map_err(sink_err)?;
        }
        FileKind::Directory => {
            let mut entries: BTreeMap<Vec<u8>, OsString> = BTreeMap::new();
            for name in source.read_dir(path).map_err(io_err(path))? {
                let key = os_bytes(&name).ok_or_else(|| NarError::BadName(path.join(&name)))?;
                entries.insert(key, name);
            }
            w.dir_start().map_err(sink_err)?;
            for (key, name) in entries {
                let child = path.join(&name);
                let child_meta = source.metadata(&child).map_err(io_err(&child))?;
                if !filter(&child, child_meta.kind)? {
                    continue;
                }
                w.entry_start(&key).map_err(sink_err)?;
                dump_node(source, &child, child_meta, w, filter)?;
                w.close().map_err(sink_err)?;
            }
            w.close().map_err(sink_err)?;
        }
        FileKind::Unknown => return Err(NarError::UnsupportedType(path.to_path_buf()).into()),
    }
    Ok(())
}

/// Copies exactly `size` bytes from `reader` to `sink` through a buffer.
fn copy_exact(reader: &mut dyn Read, sink: &mut dyn Write, size: u64, path: &Path) -> Result<(), NarError> {
    let mut buf = [0u8; 64 * 1024];
    let mut left = size;
    while left > 0 {
        let want = left.min(buf.len() as u64) as usize;
        let n = match reader.read(&mut buf[..want]) {
            Ok(0) => return Err(NarError::Truncated(path.to_path_buf())),
            // Clamp: a misbehaving reader must not make us index out of bounds.
            Ok(n) => n.min(want),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(io_err(path)(e)),
        };
        sink.write_all(&buf[..n]).map_err(sink_err)?;
        left -= n as u64;
    }
    Ok(())
}

/// The SHA-256 of a NAR and its size in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NarHash {
    /// SHA-256 of the NAR.
    pub hash: Hash,
    /// Length of the NAR in bytes.
    pub size: u64,
}

/// Hashes the NAR of `path` with SHA-256 (streamed; the NAR is never held
/// in memory).
pub fn nar_hash_path(source: &dyn NarSource, path: &Path) -> Result<NarHash, NarError> {
    nar_hash_path_filtered(source, path, &mut |_: &Path, _: FileKind| Ok::<bool, NarError>(true))
}

/// Like [`nar_hash_path`], with a filter as in [`dump_path_filtered`].
pub fn nar_hash_path_filtered<E, F>(source: &dyn NarSource, path: &Path, filter: &mut F) -> Result<NarHash, E>
where
    E: From<NarError>,
    F: FnMut(&Path, FileKind) -> Result<bool, E>,
{
    let mut hasher = Hasher::new(HashAlgo::Sha256);
    dump_path_filtered(source, path, &mut hasher, filter)?;
    Ok(NarHash {
        size: hasher.bytes_hashed(),
        hash: hasher.finish(),
    })
}

/// Hashes the bytes of a regular file (the "flat" method of
/// `builtins.path { recursive = false; }` and flat fixed outputs), streamed.
/// Symlinks are not followed; anything but a regular file is an error.
pub fn hash_file_flat(source: &dyn NarSource, path: &Path, algo: HashAlgo) -> Result<Hash, NarError> {
    let meta = source.metadata(path).map_err(io_err(path))?;
    if meta.kind != FileKind::Regular {
        return Err(NarError::UnsupportedType(path.to_path_buf()));
    }
    let mut hasher = Hasher::new(algo);
    let mut reader = source.open_file(path).map_err(io_err(path))?;
    copy_exact(&mut *reader, &mut hasher, meta.size, path)?;
    Ok(hasher.finish())
}

/// An in-memory file-system tree, for NARs of generated content and tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NarNode {
    /// A regular file.
    Regular {
        /// Owner-executable?
        executable: bool,
        /// The contents.
        contents: Vec<u8>,
    },
    /// A symbolic link.
    Symlink {
        /// The link target.
        target: Vec<u8>,
    },
    /// A directory; entries are kept sorted by name bytes.
    Directory(BTreeMap<Vec<u8>, NarNode>),
}

impl NarNode {
    /// A non-executable regular file.
    pub fn file(contents: impl Into<Vec<u8>>) -> NarNode {
        NarNode::Regular {
            executable: false,
            contents: contents.into(),
        }
    }

    /// An executable regular file.
    pub fn executable(contents: impl Into<Vec<u8>>) -> NarNode {
        NarNode::Regular {
            executable: true,
            contents: contents.into(),
        }
    }

    /// A symbolic link.
    pub fn symlink(target: impl Into<Vec<u8>>) -> NarNode {
        NarNode::Symlink { target: target.into() }
    }

    /// A directory from (name, node) pairs.
    pub fn directory<N: Into<Vec<u8>>>(entries: impl IntoIterator<Item = (N, NarNode)>) -> NarNode {
        NarNode::Directory(entries.into_iter().map(|(n, e)| (n.into(), e)).collect())
    }

    /// Writes this tree's NAR to `sink`.
    pub fn write_nar(&self, sink: &mut dyn Write) -> io::Result<()> {
        let mut w = NarWriter { sink };
        w.str(NAR_MAGIC.as_bytes())?;
        // Explicit stack: deep in-memory trees must not overflow the call stack.
        enum Step<'a> {
            Node(&'a NarNode),
            Entry(&'a [u8], &'a NarNode),
            Close,
        }
        let mut stack = vec![Step::Node(self)];
        while let Some(step) = stack.pop() {
            match step {
                Step::Node(NarNode::Regular { executable, contents }) => w.regular(*executable, contents)?,
                Step::Node(NarNode::Symlink { target }) => w.symlink(target)?,
                Step::Node(NarNode::Directory(entries)) => {
                    w.dir_start()?;
                    stack.push(Step::Close);
                    for (name, node) in entries.iter().rev() {
                        stack.push(Step::Entry(name, node));
                    }
                }
                Step::Entry(name, node) => {
                    w.entry_start(name)?;
                    stack.push(Step::Close);
                    stack.push(Step::Node(node));
                }
                Step::Close => w.close()?,
            }
        }
        Ok(())
    }

    /// This tree's NAR as bytes.
    pub fn to_nar(&self) -> Vec<u8> {
        let mut out = Vec::new();
        // Writing to a Vec cannot fail.
        let _ = self.write_nar(&mut out);
        out
    }

    /// SHA-256 and size of this tree's NAR.
    pub fn nar_hash(&self) -> NarHash {
        let mut hasher = Hasher::new(HashAlgo::Sha256);
        // Writing to a hasher cannot fail.
        let _ = self.write_nar(&mut hasher);
        NarHash {
            size: hasher.bytes_hashed(),
            hash: hasher.finish(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store_path::StoreDir;
    use std::collections::BTreeSet;

    /// `sub/` from derivations.md §5: a.txt (644), b.sh (755), link -> a.txt.
    fn sub_tree() -> NarNode {
        NarNode::directory([
            ("a.txt", NarNode::file("a\n")),
            ("b.sh", NarNode::executable("b\n")),
            ("link", NarNode::symlink("a.txt")),
        ])
    }

    fn temp_dir(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("nixlite-store-nar-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn in_memory_vectors() {
        // `nix-store --dump foo.txt | sha256sum` (2.8): 120 bytes
        let foo = NarNode::file("hello\n");
        assert_eq!(foo.to_nar().len(), 120);
        let h = foo.nar_hash();
        assert_eq!(h.size, 120);
        assert_eq!(
            h.hash.to_base16(),
            "1c37d01af40be2e80691de3cc3df44377a699afbb17c68f080964b2fd071fc13"
        );
        // `nix-store --dump sub | sha256sum`: 704 bytes
        let sub = sub_tree().nar_hash();
        assert_eq!(sub.size, 704);
        assert_eq!(
            sub.hash.to_base16(),
            "de106ddae829d98b903423af384d103ba343112c5f2ee0ac1e2f23b8744d9d6d"
        );
        assert_eq!(
            sub.hash.to_nix32(),
            "0vcx9msbh8rg3snf0bjz5h8l78rv216kibr36j88pn99x3d6s46y"
        );
    }

    #[test]
    fn layout() {
        let nar = NarNode::symlink("t").to_nar();
        let mut expect = Vec::new();
        for s in ["nix-archive-1", "(", "type", "symlink", "target", "t", ")"] {
            expect.extend_from_slice(&(s.len() as u64).to_le_bytes());
            expect.extend_from_slice(s.as_bytes());
            expect.resize(expect.len().div_ceil(8) * 8, 0);
        }
        assert_eq!(nar, expect);
    }

    #[cfg(unix)]
    #[test]
    fn real_files_match_vectors() {
        use std::os::unix::fs::{symlink, PermissionsExt};
        let dir = temp_dir("real");
        std::fs::write(dir.join("foo.txt"), "hello\n").unwrap();
        let sub = dir.join("sub");
        std::fs::create_dir(&sub).unwrap();
        std::fs::write(sub.join("a.txt"), "a\n").unwrap();
        std::fs::write(sub.join("b.sh"), "b\n").unwrap();
        std::fs::set_permissions(sub.join("b.sh"), std::fs::Permissions::from_mode(0o755)).unwrap();
        symlink("a.txt", sub.join("link")).unwrap();

        let sd = StoreDir::default();
        let none = BTreeSet::new();
        let foo = nar_hash_path(&StdFs, &dir.join("foo.txt")).unwrap();
        assert_eq!(foo.size, 120);
        let p = sd.make_source_path("foo.txt", &foo.hash, &none, false).unwrap();
        assert_eq!(sd.print(&p), "/nix/store/0xhahvdjiaq1nm0nr46qyn4j6l9n9cns-foo.txt");

        let h = nar_hash_path(&StdFs, &sub).unwrap();
        assert_eq!(h, sub_tree().nar_hash());
        let p = sd.make_source_path("sub", &h.hash, &none, false).unwrap();
        assert_eq!(sd.print(&p), "/nix/store/fsm1q6cjz64lwkah7y1mwa61xag9cyl5-sub");

        let mut nar = Vec::new();
        dump_path(&StdFs, &sub, &mut nar).unwrap();
        assert_eq!(nar, sub_tree().to_nar());

        // `"${./sub/link}"`: the link itself is stored
        let l = nar_hash_path(&StdFs, &sub.join("link")).unwrap();
        let p = sd.make_source_path("link", &l.hash, &none, false).unwrap();
        assert_eq!(sd.print(&p), "/nix/store/hsfpb0gqgq1qhwi2c1pgrb4vhawrwxld-link");

        // filterSource (p: t: t != "symlink") ./sub
        let mut seen = Vec::new();
        let f = nar_hash_path_filtered(&StdFs, &sub, &mut |p: &Path, k: FileKind| {
            seen.push((p.strip_prefix(&sub).unwrap().to_path_buf(), k));
            Ok::<bool, NarError>(k != FileKind::Symlink)
        })
        .unwrap();
        let p = sd.make_source_path("sub", &f.hash, &none, false).unwrap();
        assert_eq!(sd.print(&p), "/nix/store/ww99v5lxh7q8rc4xc4f29qma9kfq2fbb-sub");
        assert_eq!(
            seen,
            vec![
                (PathBuf::from("a.txt"), FileKind::Regular),
                (PathBuf::from("b.sh"), FileKind::Regular),
                (PathBuf::from("link"), FileKind::Symlink),
            ]
        );

        // builtins.path { path = ./foo.txt; recursive = false; }
        let flat = hash_file_flat(&StdFs, &dir.join("foo.txt"), HashAlgo::Sha256).unwrap();
        let p = sd
            .make_fixed_output_path(crate::FileIngestionMethod::Flat, &flat, "foo.txt", &none, false)
            .unwrap();
        assert_eq!(sd.print(&p), "/nix/store/arsarpzhcvv7rqza3ii5ah1zx3sr09ii-foo.txt");
        assert!(matches!(
            hash_file_flat(&StdFs, &sub, HashAlgo::Sha256),
            Err(NarError::UnsupportedType(_))
        ));

        // a missing path is an I/O error naming it
        let e = nar_hash_path(&StdFs, &dir.join("missing")).unwrap_err();
        assert!(e.to_string().contains("missing"), "{e}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[derive(Debug)]
    struct FilterFailed;
    impl From<NarError> for FilterFailed {
        fn from(_: NarError) -> Self {
            FilterFailed
        }
    }

    #[test]
    fn filter_errors_propagate() {
        let dir = temp_dir("filter");
        std::fs::write(dir.join("x"), "x").unwrap();
        let r = nar_hash_path_filtered(&StdFs, &dir, &mut |_: &Path, _: FileKind| Err::<bool, _>(FilterFailed));
        assert!(r.is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// A virtual source whose file lies about its size.
    struct Liar;
    impl NarSource for Liar {
        fn metadata(&self, _: &Path) -> io::Result<FileMeta> {
            Ok(FileMeta {
                kind: FileKind::Regular,
                executable: false,
                size: 10,
            })
        }
        fn read_dir(&self, _: &Path) -> io::Result<Vec<OsString>> {
            Ok(Vec::new())
        }
        fn open_file(&self, _: &Path) -> io::Result<Box<dyn Read + '_>> {
            Ok(Box::new(&b"short"[..]))
        }
        fn read_link(&self, _: &Path) -> io::Result<OsString> {
            Ok(OsString::new())
        }
    }

    #[test]
    fn truncated_file_is_an_error() {
        assert!(matches!(
            nar_hash_path(&Liar, Path::new("/x")),
            Err(NarError::Truncated(_))
        ));
    }

    #[test]
    fn deep_in_memory_tree() {
        let mut node = NarNode::file("x");
        for _ in 0..100_000 {
            node = NarNode::directory([("d", node)]);
        }
        assert!(node.nar_hash().size > 0);
        // dropping a deep tree recursively would overflow; unwind it by hand
        let mut cur = node;
        while let NarNode::Directory(mut m) = cur {
            cur = m.pop_first().map(|(_, n)| n).unwrap_or(NarNode::file(""));
        }
    }
}
