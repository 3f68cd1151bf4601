//! Textual rendering of Nix floats, byte-for-byte compatible with CppNix.
//!
//! CppNix renders floats in three different ways, and each one is
//! reproduced here:
//!
//! * [`format_float_g`]: `std::ostream << double` with default settings,
//!   i.e. C `printf("%g", x)` (precision 6) as glibc prints it; used where
//!   CppNix streams a double (printing values, e.g. `nix eval`, error
//!   messages).
//! * [`format_float_f`]: C `printf("%f", x)` (6 decimals) as glibc prints it,
//!   i.e. the exact decimal expansion of the double, correctly rounded; this
//!   is `std::to_string(double)`, used when a float is coerced to a string
//!   (`toString 1.5` is `"1.500000"`).
//! * [`format_float_json_newest`]: what `builtins.toJSON` prints in current
//!   CppNix, which serialises through nlohmann::json: the Grisu2 digits of
//!   nlohmann's `to_chars`, laid out by its `format_buffer`.
//!
//! The `%g` / `%f` renderings rely on Rust's `{:.N}` / `{:.Ne}` formatting,
//! which (like glibc in the default rounding mode) rounds the *exact* binary
//! value correctly and breaks exact ties to even. This has been
//! cross-checked against glibc 2.36 on edge cases, exact ties and random
//! doubles of all magnitudes.
//!
//! The JSON rendering is a faithful port of nlohmann::json's
//! `detail::dtoa_impl` (versions 3.1 up to and including 3.12.0), which uses
//! Grisu2. Grisu2 always produces digits that read back as the same double,
//! but in rare cases (about 0.3% of random doubles) not the shortest or not
//! the closest such digits; those cases are
//! reproduced exactly, e.g. `1e23` prints as `9.999999999999999e+22` and
//! the double nearest to `4.995e-24` as `4.9949999999999996e-24`.
//! Caveat: the nlohmann development branch has been seen replacing Grisu2
//! by the Zmij shortest algorithm for doubles (same layout, but always the
//! shortest/closest digits, i.e. Rust's `{:e}` digits). No released version
//! did so at the time of writing; if CppNix is ever built against such a
//! version, only those rare values would print differently.

/// Render a float like C++ `std::ostream << double` with default stream
/// settings, i.e. glibc's `printf("%g", x)`: six significant digits,
/// fixed notation for decimal exponents in `-4..6` and scientific notation
/// (`1.23457e+08`, at least two exponent digits) otherwise, trailing zeros
/// removed. Non-finite values print as `inf`, `-inf`, `nan` or `-nan`
/// (glibc prints `-nan` when the NaN's sign bit is set, as for the NaN
/// produced by `inf - inf` on x86), and negative zero prints as `-0`.
pub fn format_float_g(x: f64) -> String {
    if let Some(s) = non_finite(x) {
        return s.to_string();
    }
    let mut out = String::new();
    if x.is_sign_negative() {
        out.push('-');
    }
    let a = x.abs();
    if a == 0.0 {
        out.push('0');
        return out;
    }
    // Six significant digits, correctly rounded (ties to even on the exact
    // binary value, as glibc does in the default rounding mode).
    let sci = format!("{:.5e}", a);
    let (mantissa, exp) = sci.split_once('e').expect("`{:e}` output has an exponent");
    let exp: i32 = exp.parse().expect("`{:e}` exponent is an integer");
    let digits: Vec<u8> = mantissa.bytes().filter(u8::is_ascii_digit).collect();
    debug_assert_eq!(digits.len(), 6);

    if (-4..6).contains(&exp) {
        // Fixed notation with 5 - exp decimals: exactly the six digits.
        let (int_part, frac_part): (String, String) = if exp >= 0 {
            let split = exp as usize + 1;
            (
                String::from_utf8_lossy(&digits[..split]).into_owned(),
                String::from_utf8_lossy(&digits[split..]).into_owned(),
            )
        } else {
            let mut frac = "0".repeat((-exp - 1) as usize);
            frac.push_str(&String::from_utf8_lossy(&digits));
            ("0".to_string(), frac)
        };
        out.push_str(&int_part);
        let frac = frac_part.trim_end_matches('0');
        if !frac.is_empty() {
            out.push('.');
            out.push_str(frac);
        }
    } else {
        out.push(digits[0] as char);
        let frac = String::from_utf8_lossy(&digits[1..]);
        let frac = frac.trim_end_matches('0');
        if !frac.is_empty() {
            out.push('.');
            out.push_str(frac);
        }
        push_exponent(&mut out, exp);
    }
    out
}

/// Render a float like glibc's `printf("%f", x)`: the exact decimal
/// expansion of the double, correctly rounded (ties to even) to six
/// decimals, e.g. `1e23` prints as `99999999999999991611392.000000`.
/// The sign of negative zero and of negative values that round to zero is
/// kept (`-0.000000`); non-finite values print as `inf`, `-inf`, `nan` or
/// `-nan`.
pub fn format_float_f(x: f64) -> String {
    if let Some(s) = non_finite(x) {
        return s.to_string();
    }
    // Rust's fixed-precision formatting prints exact digits with correct
    // rounding (ties to even), and keeps the sign of -0.0 — like glibc.
    format!("{:.6}", x)
}

/// Render a float the way current CppNix's `builtins.toJSON` does, i.e.
/// nlohmann::json's `dump()` of a double (releases 3.1 – 3.12.0): NaN and
/// infinities become `null`; otherwise the Grisu2 digits (round-trip safe,
/// nearly always the shortest) are laid out as in `printf("%g")`, except
/// that fixed notation is used for decimal exponents in `-4..=14`, integral
/// values keep a `.0` suffix (`1.0`, `123456789.0`, `-0.0`), and
/// scientific notation has no trailing `.0` and at least two exponent
/// digits (`1e+16`, `1.5e-07`).
pub fn format_float_json_newest(x: f64) -> String {
    if !x.is_finite() {
        return "null".to_string();
    }
    let mut out = String::new();
    if x.is_sign_negative() {
        out.push('-');
    }
    let v = x.abs();
    if v == 0.0 {
        out.push_str("0.0");
        return out;
    }
    let (digits, decimal_exponent) = grisu::grisu2(v);
    // nlohmann: kMinExp = -4, kMaxExp = std::numeric_limits<double>::digits10.
    format_buffer(&mut out, &digits, decimal_exponent, -4, 15);
    out
}

/// The glibc spelling of non-finite values, or `None` for finite ones.
fn non_finite(x: f64) -> Option<&'static str> {
    if x.is_nan() {
        // glibc prints the sign bit of NaNs too.
        Some(if x.is_sign_negative() { "-nan" } else { "nan" })
    } else if x.is_infinite() {
        Some(if x < 0.0 { "-inf" } else { "inf" })
    } else {
        None
    }
}

/// Append `e+XX` / `e-XX` with at least two exponent digits (C `%e` style,
/// also nlohmann's `append_exponent`).
fn push_exponent(out: &mut String, exp: i32) {
    out.push('e');
    out.push(if exp < 0 { '-' } else { '+' });
    let a = exp.unsigned_abs();
    if a < 10 {
        out.push('0');
    }
    out.push_str(&a.to_string());
}

/// nlohmann's `dtoa_impl::format_buffer`: lay out `digits * 10^decimal_exponent`.
fn format_buffer(out: &mut String, digits: &[u8], decimal_exponent: i32, min_exp: i32, max_exp: i32) {
    let k = digits.len() as i32;
    // Position of the decimal point relative to the start of the digits.
    let n = k + decimal_exponent;
    let digit_str = String::from_utf8_lossy(digits);

    if k <= n && n <= max_exp {
        // digits[000].0
        out.push_str(&digit_str);
        out.push_str(&"0".repeat((n - k) as usize));
        out.push_str(".0");
    } else if 0 < n && n <= max_exp {
        // dig.its
        out.push_str(&digit_str[..n as usize]);
        out.push('.');
        out.push_str(&digit_str[n as usize..]);
    } else if min_exp < n && n <= 0 {
        // 0.[000]digits
        out.push_str("0.");
        out.push_str(&"0".repeat((-n) as usize));
        out.push_str(&digit_str);
    } else {
        // d[.igits]e+XX
        out.push_str(&digit_str[..1]);
        if k > 1 {
            out.push('.');
            out.push_str(&digit_str[1..]);
        }
        push_exponent(out, n - 1);
    }
}

/// Port of nlohmann::json's `detail::dtoa_impl` Grisu2 (itself based on
/// Florian Loitsch's reference implementation, MIT licensed). The
/// arithmetic mirrors the C++ exactly, including the unsigned wrap-around
/// semantics, so that the very same digits are produced.
mod grisu {
    /// `f * 2^e`.
    #[derive(Clone, Copy, Debug)]
    struct DiyFp {
        f: u64,
        e: i32,
    }

    impl DiyFp {
        fn sub(x: DiyFp, y: DiyFp) -> DiyFp {
            debug_assert!(x.e == y.e && x.f >= y.f);
            DiyFp { f: x.f - y.f, e: x.e }
        }

        /// Upper 64 bits of the 128-bit product, rounded (ties up). The C++
        /// emulation with 32-bit halves yields exactly this value.
        fn mul(x: DiyFp, y: DiyFp) -> DiyFp {
            let p = (x.f as u128) * (y.f as u128) + (1u128 << 63);
            DiyFp {
                f: (p >> 64) as u64,
                e: x.e + y.e + 64,
            }
        }

        fn normalize(mut x: DiyFp) -> DiyFp {
            debug_assert!(x.f != 0);
            let shift = x.f.leading_zeros();
            x.f <<= shift;
            x.e -= shift as i32;
            x
        }

        fn normalize_to(x: DiyFp, target_exponent: i32) -> DiyFp {
            let delta = x.e - target_exponent;
            debug_assert!(delta >= 0 && ((x.f << delta) >> delta) == x.f);
            DiyFp {
                f: x.f << delta,
                e: target_exponent,
            }
        }
    }

    /// (w, m-, m+) for a positive finite double.
    fn compute_boundaries(value: f64) -> (DiyFp, DiyFp, DiyFp) {
        const PRECISION: i32 = 53; // including the hidden bit
        const BIAS: i32 = 1024 - 1 + (PRECISION - 1);
        const MIN_EXP: i32 = 1 - BIAS;
        const HIDDEN_BIT: u64 = 1 << (PRECISION - 1);

        let bits = value.to_bits();
        let biased_e = bits >> (PRECISION - 1);
        let frac = bits & (HIDDEN_BIT - 1);

        let v = if biased_e == 0 {
            DiyFp { f: frac, e: MIN_EXP }
        } else {
            DiyFp {
                f: frac + HIDDEN_BIT,
                e: biased_e as i32 - BIAS,
            }
        };

        let lower_boundary_is_closer = frac == 0 && biased_e > 1;
        let m_plus = DiyFp {
            f: 2 * v.f + 1,
            e: v.e - 1,
        };
        let m_minus = if lower_boundary_is_closer {
            DiyFp {
                f: 4 * v.f - 1,
                e: v.e - 2,
            }
        } else {
            DiyFp {
                f: 2 * v.f - 1,
                e: v.e - 1,
            }
        };

        let w_plus = DiyFp::normalize(m_plus);
        let w_minus = DiyFp::normalize_to(m_minus, w_plus.e);
        (DiyFp::normalize(v), w_minus, w_plus)
    }

    const ALPHA: i32 = -60;
    const GAMMA: i32 = -32;

    const CACHED_POWERS_MIN_DEC_EXP: i32 = -300;
    const CACHED_POWERS_DEC_STEP: i32 = 8;

    /// `(f, e, k)` with `f * 2^e ~= 10^k`, `f` normalized and rounded to nearest.
    pub(super) const CACHED_POWERS: [(u64, i32, i32); 79] = [
        (0xAB70FE17C79AC6CA, -1060, -300),
        (0xFF77B1FCBEBCDC4F, -1034, -292),
        (0xBE5691EF416BD60C, -1007, -284),
        (0x8DD01FAD907FFC3C, -980, -276),
        (0xD3515C2831559A83, -954, -268),
        (0x9D71AC8FADA6C9B5, -927, -260),
        (0xEA9C227723EE8BCB, -901, -252),
        (0xAECC49914078536D, -874, -244),
        (0x823C12795DB6CE57, -847, -236),
        (0xC21094364DFB5637, -821, -228),
        (0x9096EA6F3848984F, -794, -220),
        (0xD77485CB25823AC7, -768, -212),
        (0xA086CFCD97BF97F4, -741, -204),
        (0xEF340A98172AACE5, -715, -196),
        (0xB23867FB2A35B28E, -688, -188),
        (0x84C8D4DFD2C63F3B, -661, -180),
        (0xC5DD44271AD3CDBA, -635, -172),
        (0x936B9FCEBB25C996, -608, -164),
        (0xDBAC6C247D62A584, -582, -156),
        (0xA3AB66580D5FDAF6, -555, -148),
        (0xF3E2F893DEC3F126, -529, -140),
        (0xB5B5ADA8AAFF80B8, -502, -132),
        (0x87625F056C7C4A8B, -475, -124),
        (0xC9BCFF6034C13053, -449, -116),
        (0x964E858C91BA2655, -422, -108),
        (0xDFF9772470297EBD, -396, -100),
        (0xA6DFBD9FB8E5B88F, -369, -92),
        (0xF8A95FCF88747D94, -343, -84),
        (0xB94470938FA89BCF, -316, -76),
        (0x8A08F0F8BF0F156B, -289, -68),
        (0xCDB02555653131B6, -263, -60),
        (0x993FE2C6D07B7FAC, -236, -52),
        (0xE45C10C42A2B3B06, -210, -44),
        (0xAA242499697392D3, -183, -36),
        (0xFD87B5F28300CA0E, -157, -28),
        (0xBCE5086492111AEB, -130, -20),
        (0x8CBCCC096F5088CC, -103, -12),
        (0xD1B71758E219652C, -77, -4),
        (0x9C40000000000000, -50, 4),
        (0xE8D4A51000000000, -24, 12),
        (0xAD78EBC5AC620000, 3, 20),
        (0x813F3978F8940984, 30, 28),
        (0xC097CE7BC90715B3, 56, 36),
        (0x8F7E32CE7BEA5C70, 83, 44),
        (0xD5D238A4ABE98068, 109, 52),
        (0x9F4F2726179A2245, 136, 60),
        (0xED63A231D4C4FB27, 162, 68),
        (0xB0DE65388CC8ADA8, 189, 76),
        (0x83C7088E1AAB65DB, 216, 84),
        (0xC45D1DF942711D9A, 242, 92),
        (0x924D692CA61BE758, 269, 100),
        (0xDA01EE641A708DEA, 295, 108),
        (0xA26DA3999AEF774A, 322, 116),
        (0xF209787BB47D6B85, 348, 124),
        (0xB454E4A179DD1877, 375, 132),
        (0x865B86925B9BC5C2, 402, 140),
        (0xC83553C5C8965D3D, 428, 148),
        (0x952AB45CFA97A0B3, 455, 156),
        (0xDE469FBD99A05FE3, 481, 164),
        (0xA59BC234DB398C25, 508, 172),
        (0xF6C69A72A3989F5C, 534, 180),
        (0xB7DCBF5354E9BECE, 561, 188),
        (0x88FCF317F22241E2, 588, 196),
        (0xCC20CE9BD35C78A5, 614, 204),
        (0x98165AF37B2153DF, 641, 212),
        (0xE2A0B5DC971F303A, 667, 220),
        (0xA8D9D1535CE3B396, 694, 228),
        (0xFB9B7CD9A4A7443C, 720, 236),
        (0xBB764C4CA7A44410, 747, 244),
        (0x8BAB8EEFB6409C1A, 774, 252),
        (0xD01FEF10A657842C, 800, 260),
        (0x9B10A4E5E9913129, 827, 268),
        (0xE7109BFBA19C0C9D, 853, 276),
        (0xAC2820D9623BF429, 880, 284),
        (0x80444B5E7AA7CF85, 907, 292),
        (0xBF21E44003ACDD2D, 933, 300),
        (0x8E679C2F5E44FF8F, 960, 308),
        (0xD433179D9C8CB841, 986, 316),
        (0x9E19DB92B4E31BA9, 1013, 324),
    ];

    /// A cached power `c ~= 10^k` such that `ALPHA <= c.e + e + 64 <= GAMMA`.
    fn get_cached_power_for_binary_exponent(e: i32) -> (u64, i32, i32) {
        debug_assert!((-1500..=1500).contains(&e));
        let f = ALPHA - e - 1;
        // ceil(f * log10(2)); `/` truncates toward zero as in C++.
        let k = (f * 78913) / (1 << 18) + i32::from(f > 0);
        let index = (-CACHED_POWERS_MIN_DEC_EXP + k + (CACHED_POWERS_DEC_STEP - 1)) / CACHED_POWERS_DEC_STEP;
        let cached = CACHED_POWERS[index as usize];
        debug_assert!(ALPHA <= cached.1 + e + 64 && GAMMA >= cached.1 + e + 64);
        cached
    }

    /// `(k, 10^(k-1))` with `10^(k-1) <= n < 10^k` (`(1, 1)` for `n == 0`).
    fn find_largest_pow10(n: u32) -> (i32, u32) {
        let mut k = 1;
        let mut pow10 = 1u32;
        while k < 10 && n >= pow10 * 10 {
            pow10 *= 10;
            k += 1;
        }
        (k, pow10)
    }

    fn grisu2_round(buf: &mut [u8], dist: u64, delta: u64, mut rest: u64, ten_k: u64) {
        debug_assert!(!buf.is_empty() && dist <= delta && rest <= delta && ten_k > 0);
        let last = buf.len() - 1;
        while rest < dist
            && delta.wrapping_sub(rest) >= ten_k
            && (rest.wrapping_add(ten_k) < dist
                || dist.wrapping_sub(rest) > rest.wrapping_add(ten_k).wrapping_sub(dist))
        {
            debug_assert!(buf[last] != b'0');
            buf[last] -= 1;
            rest = rest.wrapping_add(ten_k);
        }
    }

    /// Digits of `V = buffer * 10^decimal_exponent` with `M- <= V <= M+`.
    fn grisu2_digit_gen(buffer: &mut Vec<u8>, decimal_exponent: &mut i32, m_minus: DiyFp, w: DiyFp, m_plus: DiyFp) {
        debug_assert!(m_plus.e >= ALPHA && m_plus.e <= GAMMA);
        let mut delta = DiyFp::sub(m_plus, m_minus).f;
        let mut dist = DiyFp::sub(m_plus, w).f;

        let one_e = m_plus.e;
        let shift = (-one_e) as u32;
        let one_f = 1u64 << shift;

        let mut p1 = (m_plus.f >> shift) as u32;
        let mut p2 = m_plus.f & (one_f - 1);
        debug_assert!(p1 > 0);

        let (k, mut pow10) = find_largest_pow10(p1);
        let mut n = k;
        while n > 0 {
            let d = p1 / pow10;
            let r = p1 % pow10;
            debug_assert!(d <= 9);
            buffer.push(b'0' + d as u8);
            p1 = r;
            n -= 1;
            let rest = ((p1 as u64) << shift) + p2;
            if rest <= delta {
                *decimal_exponent += n;
                let ten_n = (pow10 as u64) << shift;
                grisu2_round(buffer, dist, delta, rest, ten_n);
                return;
            }
            pow10 /= 10;
        }

        debug_assert!(p2 > delta);
        let mut m = 0;
        loop {
            debug_assert!(p2 <= u64::MAX / 10);
            p2 = p2.wrapping_mul(10);
            let d = p2 >> shift;
            let r = p2 & (one_f - 1);
            debug_assert!(d <= 9);
            buffer.push(b'0' + d as u8);
            p2 = r;
            m += 1;
            delta = delta.wrapping_mul(10);
            dist = dist.wrapping_mul(10);
            if p2 <= delta {
                break;
            }
        }
        *decimal_exponent -= m;
        grisu2_round(buffer, dist, delta, p2, one_f);
    }

    /// Grisu2 digits (ASCII) and decimal exponent of a positive finite
    /// double: `value ~= digits * 10^exponent`.
    pub(super) fn grisu2(value: f64) -> (Vec<u8>, i32) {
        debug_assert!(value.is_finite() && value > 0.0);
        let (v, m_minus, m_plus) = compute_boundaries(value);
        debug_assert!(m_plus.e == m_minus.e && m_plus.e == v.e);

        let (cf, ce, ck) = get_cached_power_for_binary_exponent(m_plus.e);
        let c_minus_k = DiyFp { f: cf, e: ce };

        let w = DiyFp::mul(v, c_minus_k);
        let w_minus = DiyFp::mul(m_minus, c_minus_k);
        let w_plus = DiyFp::mul(m_plus, c_minus_k);

        let big_m_minus = DiyFp {
            f: w_minus.f + 1,
            e: w_minus.e,
        };
        let big_m_plus = DiyFp {
            f: w_plus.f - 1,
            e: w_plus.e,
        };

        let mut decimal_exponent = -ck;
        let mut buffer = Vec::with_capacity(17);
        grisu2_digit_gen(&mut buffer, &mut decimal_exponent, big_m_minus, w, big_m_plus);
        debug_assert!(buffer.len() <= 17);
        (buffer, decimal_exponent)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `m * 2^e`, truncating `m` to 53 bits like nlohmann's test helper
    /// `make_double(f, e)` (only for results in the normal range).
    fn make_double(mut m: u64, mut e: i32) -> f64 {
        while m >= 1 << 53 {
            m >>= 1;
            e += 1;
        }
        (m as f64) * 2f64.powi(e)
    }

    #[test]
    fn g_examples_from_spec() {
        let cases: &[(f64, &str)] = &[
            (1.0, "1"),
            (0.1 + 0.2, "0.3"),
            (123456789.0, "1.23457e+08"),
            (1.0e6, "1e+06"),
            (1.5e-7, "1.5e-07"),
            (0.0001234, "0.0001234"),
            (0.00001, "1e-05"),
            (999999.5, "1e+06"),
            (2.0 / 3.0, "0.666667"),
            (100000.0, "100000"),
            (1e300, "1e+300"),
            (1.7976931348623157e308, "1.79769e+308"),
            (5e-324, "4.94066e-324"),
            (-1.5, "-1.5"),
            (0.0, "0"),
            (-0.0, "-0"),
            (123456.5, "123456"),
        ];
        for &(x, want) in cases {
            assert_eq!(format_float_g(x), want, "format_float_g({x:e})");
        }
    }

    /// Pairs checked against glibc 2.36 `printf("%g|%f", x, x)`.
    #[test]
    fn g_and_f_match_glibc() {
        let cases: &[(u64, &str, &str)] = &[
            (0x3ff0000000000000, "1", "1.000000"),
            (0x3fd3333333333334, "0.3", "0.300000"),
            (0x3fb999999999999a, "0.1", "0.100000"),
            (0x3fe5555555555555, "0.666667", "0.666667"),
            (0x3ff8000000000000, "1.5", "1.500000"),
            (0xbff8000000000000, "-1.5", "-1.500000"),
            (0x8000000000000000, "-0", "-0.000000"),
            (0x0000000000000000, "0", "0.000000"),
            (0x0000000000000001, "4.94066e-324", "0.000000"),
            (0x8000000000000001, "-4.94066e-324", "-0.000000"),
            (0x3e7ad7f29abcaf48, "1e-07", "0.000000"),
            (0x3ea0c6f7a0b5ed8d, "5e-07", "0.000000"),
            (0x3eb0c6f7a0b5ed8d, "1e-06", "0.000001"),
            (0x3e8421f5f40d8376, "1.5e-07", "0.000000"),
            (0x3ee4f8b588e368f1, "1e-05", "0.000010"),
            (0x3f202c9dedbc309d, "0.0001234", "0.000123"),
            (0x3f80000000000000, "0.0078125", "0.007812"),
            (0x3f98000000000000, "0.0234375", "0.023438"),
            (0x3fe0000000000000, "0.5", "0.500000"),
            (0x4004000000000000, "2.5", "2.500000"),
            (0x40f86a0000000000, "100000", "100000.000000"),
            (0x412e848000000000, "1e+06", "1000000.000000"),
            (0x412e847f00000000, "1e+06", "999999.500000"),
            (0x412e847e00000000, "999999", "999999.000000"),
            (0x40fe240800000000, "123456", "123456.500000"),
            (0x40fe241800000000, "123458", "123457.500000"),
            (0x4132d68500000000, "1.23456e+06", "1234565.000000"),
            (0x4132d68700000000, "1.23457e+06", "1234567.000000"),
            (0x419d6f3454000000, "1.23457e+08", "123456789.000000"),
            (0x40f869f000000000, "99999", "99999.000000"),
            (0x40f869ff33333333, "99999.9", "99999.950000"),
            (0x3f1a36e2eb1c432d, "0.0001", "0.000100"),
            (0x3f1a36e20f35445e, "0.0001", "0.000100"),
            (0x3f1a36e1334e458f, "9.99999e-05", "0.000100"),
            (0x444b1ae4d6e2ef50, "1e+21", "1000000000000000000000.000000"),
            (0x44b52d02c7e14af6, "1e+23", "99999999999999991611392.000000"),
            (0x7fefffffffffffff, "1.79769e+308", "179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368.000000"),
            (0x7ff0000000000000, "inf", "inf"),
            (0xfff0000000000000, "-inf", "-inf"),
            (0xc2d6bcc41e900000, "-1e+14", "-100000000000000.000000"),
            (0xbf50624dd2f1a9fc, "-0.001", "-0.001000"),
            (0x3e45798ee2308c3a, "1e-08", "0.000000"),
            (0x3f1a36e20f342423, "9.99999e-05", "0.000100"),
            (0x4023000000000000, "9.5", "9.500000"),
            (0x3fd0000000000000, "0.25", "0.250000"),
            (0x430c6bf526340000, "1e+15", "1000000000000000.000000"),
            (0x4341c37937e08000, "1e+16", "10000000000000000.000000"),
            (0x4376345785d8a000, "1e+17", "100000000000000000.000000"),
            (0x0010000000000000, "2.22507e-308", "0.000000"),
            (0x3fd3333333333333, "0.3", "0.300000"),
            (0xc12e847f00000000, "-1e+06", "-999999.500000"),
            (0x3ea0c6f7a0b5ed8e, "5e-07", "0.000001"),
            (0x3ea0c6f7a0b5ed2f, "5e-07", "0.000000"),
            (0x3eea36e2eb1c432d, "1.25e-05", "0.000013"),
            (0x4012000000000000, "4.5", "4.500000"),
            (0x400c000000000000, "3.5", "3.500000"),
            (0x3fc0000000000000, "0.125", "0.125000"),
            (0x54b249ad2594c37d, "1e+100", "10000000000000000159028911097599180468360808563945281389781327557747838772170381060813469985856815104.000000"),
            (0x2b2bff2ee48e0530, "1e-100", "0.000000"),
            (0x40fe2407ffffffff, "123456", "123456.500000"),
            (0x416312cf60000000, "1e+07", "9999995.000000"),
            (0x40f869f800000000, "99999.5", "99999.500000"),
            (0x3f202e766003a0c9, "0.000123455", "0.000123"),
            (0xfff8000000000000, "-nan", "-nan"),
            (0x79690975fbde15b0, "6.9347e+276", "6934698245112694413744918346728518798271440173680063469848061169625824245812453531390519429665689255250108787720044946025605431825010080425712150396786170660647033147974561193495429737335363900924053079249388142513869308412666347695316632696700449687030169321802207108559536128.000000"),
            (0x2a337357ae2cc59b, "2.12018e-105", "0.000000"),
            (0x2fef107a27529ad0, "8.38366e-78", "0.000000"),
            (0x7ff8000000000000, "nan", "nan"),
            (0x40769be040000000, "361.742", "361.742249"),
            (0x41977f078e000000, "9.85502e+07", "98550243.500000"),
            (0x415d53e420000000, "7.68808e+06", "7688080.500000"),
            (0x416a3886e0000000, "1.37473e+07", "13747255.000000"),
        ];
        for &(bits, g, f) in cases {
            let x = f64::from_bits(bits);
            assert_eq!(format_float_g(x), g, "%g of {bits:#018x}");
            assert_eq!(format_float_f(x), f, "%f of {bits:#018x}");
        }
    }

    #[test]
    fn g_of_runtime_nan_from_inf_minus_inf() {
        // x86 SSE produces the "default NaN" (sign bit set) for inf - inf.
        let nan = f64::from_bits(0xfff8000000000000);
        assert_eq!(format_float_g(nan), "-nan");
        assert_eq!(format_float_g(-nan), "nan");
        assert_eq!(format_float_f(nan), "-nan");
    }

    #[test]
    fn f_examples_from_spec() {
        assert_eq!(format_float_f(1.5), "1.500000");
        assert_eq!(format_float_f(1e-7), "0.000000");
        assert_eq!(format_float_f(1e20), "100000000000000000000.000000");
        assert_eq!(format_float_f(-0.0), "-0.000000");
        // The double nearest to 5e-7 is slightly below it.
        assert_eq!(format_float_f(0.0000005), "0.000000");
        assert_eq!(format_float_f(1e23), "99999999999999991611392.000000");
        assert_eq!(format_float_f(f64::INFINITY), "inf");
        assert_eq!(format_float_f(f64::NEG_INFINITY), "-inf");
    }

    #[test]
    fn json_examples() {
        let cases: &[(f64, &str)] = &[
            (1.0, "1.0"),
            (0.1 + 0.2, "0.30000000000000004"),
            (1e300, "1e+300"),
            (1.5e-7, "1.5e-07"),
            (123456789.0, "123456789.0"),
            (1e16, "1e+16"),
            (1e15, "1e+15"),
            (1e14, "100000000000000.0"),
            (123456789012345.0, "123456789012345.0"),
            (1234567890123456.0, "1.234567890123456e+15"),
            (0.5, "0.5"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (0.00012345, "0.00012345"),
            (-0.0, "-0.0"),
            (0.0, "0.0"),
            (-1.5, "-1.5"),
            (0.1, "0.1"),
            (2.0 / 3.0, "0.6666666666666666"),
            (5e-324, "5e-324"),
            (2.2250738585072014e-308, "2.2250738585072014e-308"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (12345.0, "12345.0"),
            (1.2345e15, "1.2345e+15"),
            (-1.2345e-22, "-1.2345e-22"),
            (f64::NAN, "null"),
            (-f64::NAN, "null"),
            (f64::INFINITY, "null"),
            (f64::NEG_INFINITY, "null"),
        ];
        for &(x, want) in cases {
            assert_eq!(format_float_json_newest(x), want, "json of {x:e}");
        }
    }

    /// Cases where Grisu2 is not the shortest representation, from
    /// nlohmann's own test suite (unit-to_chars.cpp, Paxson & Kahan table 21).
    #[test]
    fn json_grisu2_non_shortest() {
        assert_eq!(
            format_float_json_newest(make_double(54390733528642804, -133)),
            "4.9949999999999996e-24"
        ); // shortest: 4.995e-24
        assert_eq!(
            format_float_json_newest(make_double(71805402319113924, -157)),
            "3.9304999999999998e-31"
        ); // shortest: 3.9305e-31
        assert_eq!(format!("{:e}", make_double(54390733528642804, -133)), "4.995e-24");
        // Checked against nlohmann 3.12.0's to_chars: 1e23 lies exactly on
        // the rounding boundary, which Grisu2 excludes.
        assert_eq!(format_float_json_newest(1e23), "9.999999999999999e+22");
        assert_eq!(format_float_json_newest(-1e23), "-9.999999999999999e+22");
        // Not the shortest (shortest: 3.522101828684135e-133).
        assert_eq!(
            format_float_json_newest(f64::from_bits(0x2470000000000001)),
            "3.5221018286841346e-133"
        );
        // Same length but not the closest (closest: 2.9545531576914354e-126).
        assert_eq!(
            format_float_json_newest(f64::from_bits(0x25e0000000000000)),
            "2.9545531576914355e-126"
        );
    }

    /// Digit/exponent pairs from nlohmann's unit-to_chars.cpp "digit gen".
    #[test]
    fn grisu2_digits_match_nlohmann_tests() {
        let cases: &[(f64, &str, i32)] = &[
            (f64::from_bits(1), "5", -324),
            (f64::from_bits(0x000FFFFFFFFFFFFF), "2225073858507201", -323),
            (f64::from_bits(0x0010000000000000), "22250738585072014", -324),
            (f64::from_bits(0x0040000000000000), "17800590868057611", -323),
            (f64::from_bits(0x7FEFFFFFFFFFFFFF), "17976931348623157", 292),
            (10000.0, "1", 4),
            (1200000.0, "12", 5),
            (1.82877982605164e-99, "182877982605164", -113),
            (53.034830388866226, "53034830388866226", -15),
            (make_double(8511030020275656, -342), "95", -89),
            (make_double(5201988407066741, -824), "465", -235),
            (make_double(6567258882077402, 952), "25", 301),
            (make_double(38162730753984537, -170), "255", -37),
            (make_double(40435277969631694, -179), "5277049999999999", -53),
            (make_double(65224162876242886, 58), "18799584999999998", 18),
        ];
        for &(x, digits, exp) in cases {
            let (d, e) = grisu::grisu2(x);
            assert_eq!(
                (String::from_utf8(d).unwrap().as_str(), e),
                (digits, exp),
                "grisu2({x:e})"
            );
        }
    }

    /// Grisu2 output always reads back as the same double, and for the
    /// overwhelming majority of doubles equals the shortest digits.
    #[test]
    fn json_round_trips() {
        let mut state = 0x2545F4914F6CDD1Du64;
        let mut differing = 0;
        for _ in 0..20000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let x = f64::from_bits(state);
            if !x.is_finite() {
                continue;
            }
            let s = format_float_json_newest(x);
            assert_eq!(s.parse::<f64>().unwrap().to_bits(), x.to_bits(), "{s}");
            let shortest: f64 = format!("{:e}", x).parse().unwrap();
            if format_float_json_newest(shortest) != s {
                differing += 1;
            }
        }
        assert!(differing < 200, "{differing} non-shortest outputs");
    }

    /// Recompute every cached power of ten with exact integer arithmetic to
    /// rule out a transcription error in the table.
    #[test]
    fn cached_powers_are_correct() {
        // Little-endian base-2^32 big integers.
        fn mul_small(x: &mut Vec<u32>, m: u32) {
            let mut carry = 0u64;
            for limb in x.iter_mut() {
                let v = (*limb as u64) * (m as u64) + carry;
                *limb = v as u32;
                carry = v >> 32;
            }
            if carry != 0 {
                x.push(carry as u32);
            }
        }
        fn div_small(x: &mut Vec<u32>, d: u32) {
            let mut rest = 0u64;
            for limb in x.iter_mut().rev() {
                let v = (rest << 32) | *limb as u64;
                *limb = (v / d as u64) as u32;
                rest = v % d as u64;
            }
            while x.last() == Some(&0) {
                x.pop();
            }
        }
        fn bit_len(x: &[u32]) -> i32 {
            32 * x.len() as i32 - x.last().unwrap().leading_zeros() as i32
        }
        fn bit(x: &[u32], i: i32) -> u64 {
            ((x[(i / 32) as usize] >> (i % 32)) & 1) as u64
        }
        for &(f, e, k) in grisu::CACHED_POWERS.iter() {
            // x = 10^k * 2^shift as an integer, with `shift` making it large.
            let shift = if k < 0 { 200 + 4 * (-k) } else { 0 };
            let mut x = vec![0u32; (shift / 32) as usize + 1];
            *x.last_mut().unwrap() = 1 << (shift % 32);
            for _ in 0..k.max(0) {
                mul_small(&mut x, 10);
            }
            for _ in 0..(-k).max(0) {
                div_small(&mut x, 10);
            }
            let n = bit_len(&x);
            let mut top = 0u64;
            for i in 0..64 {
                top = (top << 1) | if n - 1 - i >= 0 { bit(&x, n - 1 - i) } else { 0 };
            }
            let round = if n - 65 >= 0 { bit(&x, n - 65) } else { 0 };
            let (top, n) = match top.checked_add(round) {
                Some(t) => (t, n),
                None => (1 << 63, n + 1),
            };
            assert_eq!((top, n - 64 - shift), (f, e), "cached power 10^{k}");
        }
    }
}
