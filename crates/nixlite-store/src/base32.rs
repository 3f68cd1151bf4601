//! Nix's base-32 encoding ("nix32").
//!
//! Nix prints store path hash parts and most hashes in a base-32 variant of
//! its own: the alphabet `0123456789abcdfghijklmnpqrsvwxyz` (no `e`, `o`,
//! `t`, `u`), and the digits are taken from the byte string read as a
//! little-endian bit stream, most significant digit first. In other words the
//! bytes are treated as one little-endian integer, printed in base 32 with the
//! big end first. This is *not* RFC 4648 base32.
//!
//! `n` bytes always take [`encoded_len`]`(n)` = `floor((8n - 1) / 5) + 1`
//! characters (20 → 32, 32 → 52, 64 → 103).

use std::fmt;

/// The 32 digits of nix32, indexed by digit value.
pub const ALPHABET: &[u8; 32] = b"0123456789abcdfghijklmnpqrsvwxyz";

/// Length of the nix32 encoding of `n` bytes (`0` for `n == 0`).
pub const fn encoded_len(n: usize) -> usize {
    if n == 0 {
        0
    } else {
        (n * 8 - 1) / 5 + 1
    }
}

/// The number of bytes whose encoding is exactly `len` characters, if any.
///
/// Not every length is the length of some encoding (3 is not, for example).
pub fn decoded_len(len: usize) -> Option<usize> {
    // encoded_len is strictly increasing and encoded_len(n) >= n, so n <= len.
    let n = len * 5 / 8;
    (n..=len).find(|&n| encoded_len(n) == len)
}

/// Value of a nix32 digit, or `None` if `c` is not in [`ALPHABET`].
pub fn digit_value(c: u8) -> Option<u8> {
    ALPHABET.iter().position(|&d| d == c).map(|p| p as u8)
}

/// Whether `c` is a nix32 digit.
pub fn is_digit(c: u8) -> bool {
    digit_value(c).is_some()
}

/// Encodes bytes as nix32.
///
/// ```
/// assert_eq!(nixlite_store::base32::encode(&[0xff]), "7z");
/// ```
pub fn encode(bytes: &[u8]) -> String {
    let len = encoded_len(bytes.len());
    let mut out = String::with_capacity(len);
    for n in (0..len).rev() {
        let b = n * 5;
        let i = b / 8;
        let j = b % 8;
        let lo = u16::from(bytes[i]) >> j;
        let hi = match bytes.get(i + 1) {
            Some(&next) => u16::from(next) << (8 - j),
            None => 0,
        };
        out.push(char::from(ALPHABET[usize::from((lo | hi) & 0x1f)]));
    }
    out
}

/// Why a nix32 string could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// A character outside the nix32 alphabet.
    InvalidChar {
        /// The offending character.
        c: char,
        /// Its byte offset in the input.
        offset: usize,
    },
    /// The length is not the encoded length of any (or of the expected)
    /// number of bytes.
    InvalidLength {
        /// The input length.
        len: usize,
    },
    /// The most significant digit has bits that do not fit in the bytes.
    Overflow,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::InvalidChar { c, offset } => {
                write!(f, "invalid character '{c}' at offset {offset} in base-32 string")
            }
            DecodeError::InvalidLength { len } => write!(f, "invalid base-32 string length {len}"),
            DecodeError::Overflow => write!(f, "base-32 string does not fit in its byte length"),
        }
    }
}

impl std::error::Error for DecodeError {}

/// Decodes a nix32 string, deriving the byte length from the string length.
///
/// ```
/// use nixlite_store::base32;
/// assert_eq!(base32::decode("7z").unwrap(), vec![0xff]);
/// assert!(base32::decode("abc").is_err()); // 3 is no encoded length
/// ```
pub fn decode(s: &str) -> Result<Vec<u8>, DecodeError> {
    let n = decoded_len(s.len()).ok_or(DecodeError::InvalidLength { len: s.len() })?;
    decode_exact(s, n)
}

/// Decodes a nix32 string that must encode exactly `n` bytes.
///
/// Like CppNix, rejects strings whose top digit has bits beyond `n` bytes.
pub fn decode_exact(s: &str, n: usize) -> Result<Vec<u8>, DecodeError> {
    let input = s.as_bytes();
    if input.len() != encoded_len(n) {
        return Err(DecodeError::InvalidLength { len: input.len() });
    }
    let mut out = vec![0u8; n];
    for (k, &c) in input.iter().rev().enumerate() {
        let offset = input.len() - 1 - k;
        let digit = match digit_value(c) {
            Some(d) => u16::from(d),
            None => {
                // Report the whole character containing this byte.
                let start = (0..=offset).rev().find(|&i| s.is_char_boundary(i)).unwrap_or(0);
                let c = s[start..].chars().next().unwrap_or(char::REPLACEMENT_CHARACTER);
                return Err(DecodeError::InvalidChar { c, offset: start });
            }
        };
        let b = k * 5;
        let i = b / 8;
        let j = b % 8;
        // Low part always lands in byte i (i < n since k < encoded_len(n)).
        out[i] |= ((digit << j) & 0xff) as u8;
        let carry = digit >> (8 - j);
        if i + 1 < n {
            out[i + 1] |= carry as u8;
        } else if carry != 0 {
            return Err(DecodeError::Overflow);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    #[test]
    fn lengths() {
        assert_eq!(encoded_len(0), 0);
        assert_eq!(encoded_len(1), 2);
        assert_eq!(encoded_len(16), 26);
        assert_eq!(encoded_len(20), 32);
        assert_eq!(encoded_len(32), 52);
        assert_eq!(encoded_len(64), 103);
        for n in 0..100 {
            assert_eq!(decoded_len(encoded_len(n)), Some(n));
        }
        assert_eq!(decoded_len(3), None);
        assert_eq!(decoded_len(6), None);
    }

    #[test]
    fn placeholder_vector() {
        // spec §1.1: placeholder "out"
        let h = Sha256::digest(b"nix-output:out");
        assert_eq!(encode(&h), "1rz4g4znpzjwh1xymhjpm42vipw92pr73vdgl6xs1hycac8kf2n9");
        assert_eq!(
            decode("1rz4g4znpzjwh1xymhjpm42vipw92pr73vdgl6xs1hycac8kf2n9").unwrap(),
            h.to_vec()
        );
    }

    #[test]
    fn sha256_of_hello_vector() {
        // nix hash to-base32 (2.8) of sha256("hello\n")
        let h = Sha256::digest(b"hello\n");
        assert_eq!(encode(&h), "00xyyr3fi8l6hb839bv3f7yb86yjv7xi1cgh1xnhipym4asvb4aq");
    }

    #[test]
    fn round_trip_all_lengths() {
        for n in 0..70usize {
            let bytes: Vec<u8> = (0..n).map(|i| (i * 37 + 11) as u8).collect();
            let s = encode(&bytes);
            assert_eq!(s.len(), encoded_len(n));
            assert_eq!(decode(&s).unwrap(), bytes);
            let ones = vec![0xffu8; n];
            assert_eq!(decode(&encode(&ones)).unwrap(), ones);
        }
    }

    #[test]
    fn errors() {
        assert_eq!(decode("0e"), Err(DecodeError::InvalidChar { c: 'e', offset: 1 }));
        assert_eq!(decode("é0").unwrap_err(), DecodeError::InvalidLength { len: 3 });
        assert_eq!(decode("0é0"), Err(DecodeError::InvalidChar { c: 'é', offset: 1 }));
        // one byte: top digit may only use 3 bits (8 - 5)
        assert_eq!(decode("7z").unwrap(), vec![0xff]);
        assert_eq!(decode("8z"), Err(DecodeError::Overflow));
        assert_eq!(decode_exact("00", 2), Err(DecodeError::InvalidLength { len: 2 }));
    }
}
