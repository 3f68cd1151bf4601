//! Cryptographic hashes as Nix uses them: algorithms, digests, parsing and
//! printing in every spelling CppNix accepts.
//!
//! A [`Hash`](struct@Hash) is an algorithm plus its digest. It prints as base-16, nix32
//! ([`crate::base32`]), base-64 or SRI (`sha256-<base64>`), each optionally
//! prefixed by `algo:` ([`Hash::to_string_in`]). Parsing follows CppNix's
//! `Hash::parseAny`:
//!
//! * `algo:<digest>` or SRI `algo-<base64>` name the algorithm in the string;
//!   otherwise it must come from context (`outputHashAlgo`, …). When both are
//!   present they must agree.
//! * A digest without SRI prefix is base-16 if it has 2×size characters
//!   (either case), nix32 if it has the nix32 length, and base-64 if it has the
//!   padded base-64 length; any other length is an error.
//!
//! [`Hasher`] hashes streams (it implements [`std::io::Write`]).

use std::fmt;
use std::io::{self, Read, Write};
use std::str::FromStr;

use md5::Md5;
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha512};

use crate::base32;

/// The largest digest size of any supported algorithm (SHA-512).
pub const MAX_DIGEST_SIZE: usize = 64;

/// A hash algorithm Nix supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HashAlgo {
    /// MD5 (16 bytes).
    Md5,
    /// SHA-1 (20 bytes).
    Sha1,
    /// SHA-256 (32 bytes); what store paths use.
    Sha256,
    /// SHA-512 (64 bytes).
    Sha512,
}

impl HashAlgo {
    /// All algorithms, in CppNix's order.
    pub const ALL: [HashAlgo; 4] = [HashAlgo::Md5, HashAlgo::Sha1, HashAlgo::Sha256, HashAlgo::Sha512];

    /// The algorithm's name as Nix spells it (`md5`, `sha1`, `sha256`, `sha512`).
    pub const fn name(self) -> &'static str {
        match self {
            HashAlgo::Md5 => "md5",
            HashAlgo::Sha1 => "sha1",
            HashAlgo::Sha256 => "sha256",
            HashAlgo::Sha512 => "sha512",
        }
    }

    /// The digest size in bytes.
    pub const fn size(self) -> usize {
        match self {
            HashAlgo::Md5 => 16,
            HashAlgo::Sha1 => 20,
            HashAlgo::Sha256 => 32,
            HashAlgo::Sha512 => 64,
        }
    }

    /// Length of the base-16 spelling of a digest.
    pub const fn base16_len(self) -> usize {
        self.size() * 2
    }

    /// Length of the nix32 spelling of a digest.
    pub const fn nix32_len(self) -> usize {
        base32::encoded_len(self.size())
    }

    /// Length of the (padded) base-64 spelling of a digest.
    pub const fn base64_len(self) -> usize {
        self.size().div_ceil(3) * 4
    }

    /// Parses an algorithm name; error "unknown hash algorithm '…'".
    pub fn parse(name: &str) -> Result<HashAlgo, HashError> {
        match name {
            "md5" => Ok(HashAlgo::Md5),
            "sha1" => Ok(HashAlgo::Sha1),
            "sha256" => Ok(HashAlgo::Sha256),
            "sha512" => Ok(HashAlgo::Sha512),
            _ => Err(HashError::UnknownAlgo(name.to_owned())),
        }
    }

    /// Like [`HashAlgo::parse`], but the empty string means "not given"
    /// (CppNix's `parseHashTypeOpt`, used for `outputHashAlgo = ""`).
    pub fn parse_opt(name: &str) -> Result<Option<HashAlgo>, HashError> {
        if name.is_empty() {
            Ok(None)
        } else {
            HashAlgo::parse(name).map(Some)
        }
    }

    /// Hashes a byte string with this algorithm.
    pub fn digest(self, data: &[u8]) -> Hash {
        let mut h = Hasher::new(self);
        h.update(data);
        h.finish()
    }
}

impl fmt::Display for HashAlgo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for HashAlgo {
    type Err = HashError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        HashAlgo::parse(s)
    }
}

/// How to spell a digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HashFormat {
    /// Lowercase hexadecimal.
    Base16,
    /// Nix's base-32 ([`crate::base32`]).
    Nix32,
    /// Standard base-64 with padding.
    Base64,
    /// Subresource-integrity form `algo-<base64>` (always names the algorithm).
    Sri,
}

/// Errors from parsing or constructing hashes. Messages follow CppNix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HashError {
    /// An unknown algorithm name.
    UnknownAlgo(String),
    /// Neither the string nor the caller names the algorithm.
    NoType(String),
    /// The string names a different algorithm than the caller expects.
    TypeMismatch {
        /// The whole hash string.
        hash: String,
        /// The algorithm the caller expected.
        expected: HashAlgo,
    },
    /// The digest length fits no encoding of the algorithm.
    WrongLength {
        /// The digest part of the string.
        hash: String,
        /// The algorithm.
        algo: HashAlgo,
    },
    /// Base-16 digest with a non-hex character.
    InvalidBase16(String),
    /// nix32 digest with a bad character or overflowing top digit.
    InvalidBase32(String),
    /// Base-64 digest that does not decode to the digest size.
    InvalidBase64(String),
    /// SRI digest that does not decode to the digest size.
    InvalidSri(String),
    /// A character outside the base-64 alphabet.
    InvalidBase64Char(char),
    /// [`Hash::parse_sri`] got a string without `algo-` prefix.
    NotSri(String),
    /// [`Hash::parse_prefixed`] got a string without `algo:`/`algo-` prefix.
    NotPrefixed(String),
    /// An empty hash string and no algorithm to make a zero hash of.
    EmptyNeedsType,
    /// Raw digest bytes of the wrong size for the algorithm.
    BadDigestSize {
        /// The algorithm.
        algo: HashAlgo,
        /// The number of bytes given.
        len: usize,
    },
}

impl fmt::Display for HashError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HashError::UnknownAlgo(name) => write!(f, "unknown hash algorithm '{name}'"),
            HashError::NoType(h) => {
                write!(
                    f,
                    "hash '{h}' does not include a type, nor is the type otherwise known from context"
                )
            }
            HashError::TypeMismatch { hash, expected } => write!(f, "hash '{hash}' should have type '{expected}'"),
            HashError::WrongLength { hash, algo } => write!(f, "hash '{hash}' has wrong length for hash type '{algo}'"),
            HashError::InvalidBase16(h) => write!(f, "invalid base-16 hash '{h}'"),
            HashError::InvalidBase32(h) => write!(f, "invalid base-32 hash '{h}'"),
            HashError::InvalidBase64(h) => write!(f, "invalid base-64 hash '{h}'"),
            HashError::InvalidSri(h) => write!(f, "invalid SRI hash '{h}'"),
            HashError::InvalidBase64Char(c) => write!(f, "invalid character in Base64 string: '{c}'"),
            HashError::NotSri(h) => write!(f, "hash '{h}' is not SRI"),
            HashError::NotPrefixed(h) => write!(f, "hash '{h}' does not include a type"),
            HashError::EmptyNeedsType => write!(f, "empty hash requires explicit hash type"),
            HashError::BadDigestSize { algo, len } => {
                write!(f, "a {algo} digest has {} bytes, not {len}", algo.size())
            }
        }
    }
}

impl std::error::Error for HashError {}

/// A digest together with the algorithm that produced it.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hash {
    algo: HashAlgo,
    bytes: [u8; MAX_DIGEST_SIZE],
}

impl Hash {
    /// Wraps raw digest bytes; their length must be the algorithm's size.
    pub fn from_bytes(algo: HashAlgo, digest: &[u8]) -> Result<Hash, HashError> {
        if digest.len() != algo.size() {
            return Err(HashError::BadDigestSize {
                algo,
                len: digest.len(),
            });
        }
        let mut bytes = [0u8; MAX_DIGEST_SIZE];
        bytes[..digest.len()].copy_from_slice(digest);
        Ok(Hash { algo, bytes })
    }

    /// The all-zero digest of an algorithm (what an empty `outputHash` means).
    pub fn zero(algo: HashAlgo) -> Hash {
        Hash {
            algo,
            bytes: [0u8; MAX_DIGEST_SIZE],
        }
    }

    /// Hashes a byte string.
    pub fn digest(algo: HashAlgo, data: &[u8]) -> Hash {
        algo.digest(data)
    }

    /// SHA-256 of a byte string (the hash of store path fingerprints).
    pub fn sha256(data: &[u8]) -> Hash {
        HashAlgo::Sha256.digest(data)
    }

    /// The algorithm.
    pub fn algo(&self) -> HashAlgo {
        self.algo
    }

    /// The digest bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.algo.size()]
    }

    /// Lowercase base-16 digest, without algorithm.
    pub fn to_base16(&self) -> String {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut s = String::with_capacity(self.algo.base16_len());
        for &b in self.as_bytes() {
            s.push(char::from(HEX[usize::from(b >> 4)]));
            s.push(char::from(HEX[usize::from(b & 0xf)]));
        }
        s
    }

    /// nix32 digest, without algorithm.
    pub fn to_nix32(&self) -> String {
        base32::encode(self.as_bytes())
    }

    /// Padded base-64 digest, without algorithm.
    pub fn to_base64(&self) -> String {
        base64_encode(self.as_bytes())
    }

    /// SRI form, `algo-<base64>`.
    pub fn to_sri(&self) -> String {
        format!("{}-{}", self.algo, self.to_base64())
    }

    /// Prints in `format`; with `include_algo`, non-SRI formats get an
    /// `algo:` prefix (SRI always names the algorithm).
    pub fn to_string_in(&self, format: HashFormat, include_algo: bool) -> String {
        let digest = match format {
            HashFormat::Base16 => self.to_base16(),
            HashFormat::Nix32 => self.to_nix32(),
            HashFormat::Base64 => self.to_base64(),
            HashFormat::Sri => return self.to_sri(),
        };
        if include_algo {
            format!("{}:{}", self.algo, digest)
        } else {
            digest
        }
    }

    /// Parses any accepted spelling (CppNix `Hash::parseAny`): `algo:` or SRI
    /// prefix, or a bare digest whose algorithm is `algo`. If both the string
    /// and `algo` name an algorithm they must agree.
    pub fn parse_any(s: &str, algo: Option<HashAlgo>) -> Result<Hash, HashError> {
        let (parsed, rest, is_sri) = split_algo_prefix(s)?;
        let algo = match (parsed, algo) {
            (None, None) => return Err(HashError::NoType(rest.to_owned())),
            (Some(p), Some(a)) if p != a => {
                return Err(HashError::TypeMismatch {
                    hash: s.to_owned(),
                    expected: a,
                })
            }
            (Some(p), _) => p,
            (None, Some(a)) => a,
        };
        Hash::parse_digest(rest, algo, is_sri)
    }

    /// Like [`Hash::parse_any`], but the empty string is the all-zero hash of
    /// `algo` (CppNix `newHashAllowEmpty`; the caller should warn
    /// `found empty hash, assuming '<sri>'`). Empty without `algo` is an error.
    pub fn parse_any_allow_empty(s: &str, algo: Option<HashAlgo>) -> Result<Hash, HashError> {
        if s.is_empty() {
            algo.map(Hash::zero).ok_or(HashError::EmptyNeedsType)
        } else {
            Hash::parse_any(s, algo)
        }
    }

    /// Parses a string that must name its algorithm (`algo:…` or SRI).
    pub fn parse_prefixed(s: &str) -> Result<Hash, HashError> {
        let (parsed, rest, is_sri) = split_algo_prefix(s)?;
        match parsed {
            Some(algo) => Hash::parse_digest(rest, algo, is_sri),
            None => Err(HashError::NotPrefixed(s.to_owned())),
        }
    }

    /// Parses an SRI string `algo-<base64>` (CppNix `Hash::parseSRI`).
    pub fn parse_sri(s: &str) -> Result<Hash, HashError> {
        let (name, rest) = s.split_once('-').ok_or_else(|| HashError::NotSri(s.to_owned()))?;
        Hash::parse_digest(rest, HashAlgo::parse(name)?, true)
    }

    /// Parses a bare digest (base-16, nix32 or base-64 by length) of a known
    /// algorithm (CppNix `Hash::parseNonSRIUnprefixed`).
    pub fn parse_non_sri_unprefixed(s: &str, algo: HashAlgo) -> Result<Hash, HashError> {
        Hash::parse_digest(s, algo, false)
    }

    fn parse_digest(rest: &str, algo: HashAlgo, is_sri: bool) -> Result<Hash, HashError> {
        let len = rest.len();
        if !is_sri && len == algo.base16_len() {
            let mut out = [0u8; MAX_DIGEST_SIZE];
            let bad = || HashError::InvalidBase16(rest.to_owned());
            for (i, pair) in rest.as_bytes().chunks_exact(2).enumerate() {
                let hi = hex_value(pair[0]).ok_or_else(bad)?;
                let lo = hex_value(pair[1]).ok_or_else(bad)?;
                out[i] = hi << 4 | lo;
            }
            Ok(Hash { algo, bytes: out })
        } else if !is_sri && len == algo.nix32_len() {
            let digest =
                base32::decode_exact(rest, algo.size()).map_err(|_| HashError::InvalidBase32(rest.to_owned()))?;
            Hash::from_bytes(algo, &digest)
        } else if is_sri || len == algo.base64_len() {
            let digest = base64_decode(rest)?;
            if digest.len() != algo.size() {
                return Err(if is_sri {
                    HashError::InvalidSri(rest.to_owned())
                } else {
                    HashError::InvalidBase64(rest.to_owned())
                });
            }
            Hash::from_bytes(algo, &digest)
        } else {
            Err(HashError::WrongLength {
                hash: rest.to_owned(),
                algo,
            })
        }
    }
}

/// Splits `algo:` (preferred) or SRI `algo-` off the front, as CppNix does.
fn split_algo_prefix(s: &str) -> Result<(Option<HashAlgo>, &str, bool), HashError> {
    if let Some((name, rest)) = s.split_once(':') {
        Ok((Some(HashAlgo::parse(name)?), rest, false))
    } else if let Some((name, rest)) = s.split_once('-') {
        Ok((Some(HashAlgo::parse(name)?), rest, true))
    } else {
        Ok((None, s, false))
    }
}

fn hex_value(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// Prints as SRI (`sha256-…`), the form newest CppNix shows by default.
impl fmt::Display for Hash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_sri())
    }
}

impl fmt::Debug for Hash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Hash({}:{})", self.algo, self.to_base16())
    }
}

const BASE64_CHARS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base-64 with `=` padding.
pub fn base64_encode(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(char::from(BASE64_CHARS[((n >> (18 - 6 * k)) & 0x3f) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Base-64 decoding as lenient as CppNix's: stops at the first `=`, skips
/// newlines, rejects other characters outside the alphabet.
pub fn base64_decode(s: &str) -> Result<Vec<u8>, HashError> {
    let mut out = Vec::with_capacity(s.len() / 4 * 3);
    let mut acc: u32 = 0;
    let mut bits = 0u32;
    for c in s.chars() {
        if c == '=' {
            break;
        }
        if c == '\n' {
            continue;
        }
        let digit = match c {
            'A'..='Z' => c as u32 - 'A' as u32,
            'a'..='z' => c as u32 - 'a' as u32 + 26,
            '0'..='9' => c as u32 - '0' as u32 + 52,
            '+' => 62,
            '/' => 63,
            _ => return Err(HashError::InvalidBase64Char(c)),
        };
        acc = (acc << 6 | digit) & 0xffff;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    Ok(out)
}

/// Folds a digest into `size` bytes by XOR (`out[i % size] ^= digest[i]`),
/// as CppNix's `compressHash` does for store path hash parts.
pub fn compress_hash(digest: &[u8], size: usize) -> Vec<u8> {
    let mut out = vec![0u8; size];
    if size == 0 {
        return out;
    }
    for (i, &b) in digest.iter().enumerate() {
        out[i % size] ^= b;
    }
    out
}

#[derive(Clone)]
enum HasherState {
    Md5(Md5),
    Sha1(Sha1),
    Sha256(Sha256),
    Sha512(Sha512),
}

/// An incremental hasher for any [`HashAlgo`]; also an [`io::Write`] sink,
/// so NARs and files can be streamed into it.
#[derive(Clone)]
pub struct Hasher {
    state: HasherState,
    len: u64,
}

impl Hasher {
    /// A fresh hasher.
    pub fn new(algo: HashAlgo) -> Hasher {
        let state = match algo {
            HashAlgo::Md5 => HasherState::Md5(Md5::new()),
            HashAlgo::Sha1 => HasherState::Sha1(Sha1::new()),
            HashAlgo::Sha256 => HasherState::Sha256(Sha256::new()),
            HashAlgo::Sha512 => HasherState::Sha512(Sha512::new()),
        };
        Hasher { state, len: 0 }
    }

    /// The algorithm.
    pub fn algo(&self) -> HashAlgo {
        match self.state {
            HasherState::Md5(_) => HashAlgo::Md5,
            HasherState::Sha1(_) => HashAlgo::Sha1,
            HasherState::Sha256(_) => HashAlgo::Sha256,
            HasherState::Sha512(_) => HashAlgo::Sha512,
        }
    }

    /// Feeds bytes.
    pub fn update(&mut self, data: &[u8]) {
        self.len += data.len() as u64;
        match &mut self.state {
            HasherState::Md5(h) => h.update(data),
            HasherState::Sha1(h) => h.update(data),
            HasherState::Sha256(h) => h.update(data),
            HasherState::Sha512(h) => h.update(data),
        }
    }

    /// Number of bytes fed so far (the NAR size when hashing a NAR).
    pub fn bytes_hashed(&self) -> u64 {
        self.len
    }

    /// The digest of everything fed.
    pub fn finish(self) -> Hash {
        let algo = self.algo();
        let mut bytes = [0u8; MAX_DIGEST_SIZE];
        match self.state {
            HasherState::Md5(h) => bytes[..16].copy_from_slice(&h.finalize()),
            HasherState::Sha1(h) => bytes[..20].copy_from_slice(&h.finalize()),
            HasherState::Sha256(h) => bytes[..32].copy_from_slice(&h.finalize()),
            HasherState::Sha512(h) => bytes[..64].copy_from_slice(&h.finalize()),
        }
        Hash { algo, bytes }
    }
}

impl fmt::Debug for Hasher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Hasher")
            .field("algo", &self.algo())
            .field("len", &self.len)
            .finish()
    }
}

impl Write for Hasher {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Hashes everything a reader yields, through a fixed buffer.
pub fn hash_reader(algo: HashAlgo, reader: &mut dyn Read) -> io::Result<Hash> {
    let mut hasher = Hasher::new(algo);
    io::copy(reader, &mut hasher)?;
    Ok(hasher.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    // Vectors from `nix-hash --flat` and `nix hash to-*` (CppNix 2.8) for a
    // file holding "hello\n".
    const HELLO: &[u8] = b"hello\n";
    struct Vector {
        algo: HashAlgo,
        hex: &'static str,
        nix32: &'static str,
        b64: &'static str,
    }
    const VECTORS: &[Vector] = &[
        Vector {
            algo: HashAlgo::Md5,
            hex: "b1946ac92492d2347c6235b4d2611184",
            nix32: "4425hx5d1mc9y39llj4k4nm55i",
            b64: "sZRqySSS0jR8YjW00mERhA==",
        },
        Vector {
            algo: HashAlgo::Sha1,
            hex: "f572d396fae9206628714fb2ce00f72e94f2258f",
            nix32: "iwjz551fyw0cxcjgf4l6c879zabd6wpm",
            b64: "9XLTlvrpIGYocU+yzgD3LpTyJY8=",
        },
        Vector {
            algo: HashAlgo::Sha256,
            hex: "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03",
            nix32: "00xyyr3fi8l6hb839bv3f7yb86yjv7xi1cgh1xnhipym4asvb4aq",
            b64: "WJG1tSLV3whtD/CxEPvZ0hu0/HFjrzTQgoai6Eb2vgM=",
        },
        Vector {
            algo: HashAlgo::Sha512,
            hex: "e7c22b994c59d9cf2b48e549b1e24666636045930d3da7c1acb299d1c3b7f931f94aae41edda2c2b207a36e10f8bcb8d45223e54878f5b316e7ce3b6bc019629",
            nix32: "0lrc0dwnvipqviibf7qfm1y492qvjwb1zhkcyi05cndmva1mr5gjcgrnz1x36djmk0sfg8djd2n0qv68vib2jg590mwznar9jcjphp7",
            b64: "58IrmUxZ2c8rSOVJseJGZmNgRZMNPafBrLKZ0cO3+TH5Sq5B7dosKyB6NuEPi8uNRSI+VIePWzFufOO2vAGWKQ==",
        },
    ];

    #[test]
    fn digests_and_formats() {
        for v in VECTORS {
            let h = Hash::digest(v.algo, HELLO);
            assert_eq!(h.algo(), v.algo);
            assert_eq!(h.as_bytes().len(), v.algo.size());
            assert_eq!(h.to_base16(), v.hex);
            assert_eq!(h.to_nix32(), v.nix32);
            assert_eq!(h.to_base64(), v.b64);
            assert_eq!(h.to_sri(), format!("{}-{}", v.algo, v.b64));
            assert_eq!(h.to_string(), h.to_sri());
            assert_eq!(
                h.to_string_in(HashFormat::Base16, true),
                format!("{}:{}", v.algo, v.hex)
            );
            assert_eq!(h.to_string_in(HashFormat::Nix32, false), v.nix32);
            assert_eq!(h.to_string_in(HashFormat::Sri, false), h.to_sri());
            assert_eq!(v.hex.len(), v.algo.base16_len());
            assert_eq!(v.nix32.len(), v.algo.nix32_len());
            assert_eq!(v.b64.len(), v.algo.base64_len());
        }
    }

    #[test]
    fn parse_every_spelling() {
        for v in VECTORS {
            let h = Hash::digest(v.algo, HELLO);
            let a = v.algo;
            for bare in [
                v.hex.to_owned(),
                v.hex.to_uppercase(),
                v.nix32.to_owned(),
                v.b64.to_owned(),
            ] {
                assert_eq!(Hash::parse_any(&bare, Some(a)).unwrap(), h, "{bare}");
                assert_eq!(Hash::parse_non_sri_unprefixed(&bare, a).unwrap(), h);
                let prefixed = format!("{a}:{bare}");
                assert_eq!(Hash::parse_any(&prefixed, None).unwrap(), h);
                assert_eq!(Hash::parse_any(&prefixed, Some(a)).unwrap(), h);
                assert_eq!(Hash::parse_prefixed(&prefixed).unwrap(), h);
            }
            let sri = format!("{a}-{}", v.b64);
            assert_eq!(Hash::parse_any(&sri, None).unwrap(), h);
            assert_eq!(Hash::parse_any(&sri, Some(a)).unwrap(), h);
            assert_eq!(Hash::parse_sri(&sri).unwrap(), h);
            assert_eq!(Hash::parse_prefixed(&sri).unwrap(), h);
        }
    }

    #[test]
    fn parse_errors_match_cppnix() {
        // Messages checked against `nix hash to-base16` (2.8).
        let e = Hash::parse_any("abc", Some(HashAlgo::Sha256)).unwrap_err();
        assert_eq!(e.to_string(), "hash 'abc' has wrong length for hash type 'sha256'");
        let e = Hash::parse_any("sha256-abc", None).unwrap_err();
        assert_eq!(e.to_string(), "invalid SRI hash 'abc'");
        let e = Hash::parse_any("sha255:abc", None).unwrap_err();
        assert_eq!(e.to_string(), "unknown hash algorithm 'sha255'");
        let e = Hash::parse_any("abc", None).unwrap_err();
        assert_eq!(
            e.to_string(),
            "hash 'abc' does not include a type, nor is the type otherwise known from context"
        );
        let e = Hash::parse_any("sha1:abc", Some(HashAlgo::Sha256)).unwrap_err();
        assert_eq!(e.to_string(), "hash 'sha1:abc' should have type 'sha256'");
        // derivations.md E5: SRI sha256 with outputHashAlgo = "sha512"
        let e = Hash::parse_any(
            "sha256-WJG1tSLV3whtD/CxEPvZ0hu0/HFjrzTQgoai6Eb2vgM=",
            Some(HashAlgo::Sha512),
        );
        assert!(e.unwrap_err().to_string().contains("should have type 'sha512'"));
        // base16 with a bad digit
        let bad = format!("{}g", &VECTORS[0].hex[..31]);
        assert_eq!(
            Hash::parse_any(&bad, Some(HashAlgo::Md5)),
            Err(HashError::InvalidBase16(bad.clone()))
        );
        // nix32 with a bad digit
        let bad = format!("{}e", &VECTORS[0].nix32[..25]);
        assert_eq!(
            Hash::parse_any(&bad, Some(HashAlgo::Md5)),
            Err(HashError::InvalidBase32(bad.clone()))
        );
        // base64 of the right length but with '=' too early
        let bad = "sZRqySSS0jR8YjW00mER====";
        assert_eq!(
            Hash::parse_any(bad, Some(HashAlgo::Md5)),
            Err(HashError::InvalidBase64(bad.into()))
        );
        assert_eq!(
            Hash::parse_any("sZRqySSS0jR8YjW00mERh!==", Some(HashAlgo::Md5)),
            Err(HashError::InvalidBase64Char('!'))
        );
        // SRI is always base64, even if the length looks like hex
        let sri_hex = format!("md5-{}", VECTORS[0].hex);
        assert_eq!(
            Hash::parse_any(&sri_hex, None),
            Err(HashError::InvalidSri(VECTORS[0].hex.into()))
        );
        assert!(matches!(Hash::parse_sri("sha256:abc"), Err(HashError::NotSri(_))));
        assert!(matches!(
            Hash::parse_prefixed(VECTORS[0].hex),
            Err(HashError::NotPrefixed(_))
        ));
        assert!(Hash::from_bytes(HashAlgo::Sha1, &[0; 19]).is_err());
        assert!(HashAlgo::parse("SHA256").is_err());
    }

    #[test]
    fn empty_hash() {
        let z = Hash::parse_any_allow_empty("", Some(HashAlgo::Sha256)).unwrap();
        assert_eq!(z, Hash::zero(HashAlgo::Sha256));
        assert_eq!(z.to_sri(), "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
        assert_eq!(Hash::parse_any_allow_empty("", None), Err(HashError::EmptyNeedsType));
        assert_eq!(HashAlgo::parse_opt("").unwrap(), None);
        assert_eq!(HashAlgo::parse_opt("sha1").unwrap(), Some(HashAlgo::Sha1));
        // E11: 52 zero nix32 digits = all-zero sha256
        let h = Hash::parse_any(
            "0000000000000000000000000000000000000000000000000000",
            Some(HashAlgo::Sha256),
        );
        assert_eq!(h.unwrap(), z);
    }

    #[test]
    fn base64_round_trip() {
        for n in 0..20usize {
            let data: Vec<u8> = (0..n).map(|i| (i * 91 + 3) as u8).collect();
            let s = base64_encode(&data);
            assert_eq!(s.len(), n.div_ceil(3) * 4);
            assert_eq!(base64_decode(&s).unwrap(), data);
        }
        assert_eq!(base64_encode(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64_encode(b"fo"), "Zm8=");
        assert_eq!(base64_decode("Zm9v\nYmE=").unwrap(), b"fooba");
    }

    #[test]
    fn streaming_hasher() {
        let mut h = Hasher::new(HashAlgo::Sha256);
        h.write_all(b"hel").unwrap();
        h.write_all(b"lo\n").unwrap();
        assert_eq!(h.bytes_hashed(), 6);
        assert_eq!(h.finish(), Hash::sha256(HELLO));
        let mut r: &[u8] = HELLO;
        assert_eq!(hash_reader(HashAlgo::Sha1, &mut r).unwrap().to_base16(), VECTORS[1].hex);
    }

    #[test]
    fn compress() {
        let h: Vec<u8> = (0u8..32).collect();
        let c = compress_hash(&h, 20);
        assert_eq!(c[0], 20);
        assert_eq!(c[11], 11 ^ 31);
        assert_eq!(c[12], 12);
        assert!(compress_hash(&h, 0).is_empty());
    }
}
