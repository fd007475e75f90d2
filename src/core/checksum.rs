//! CRC-32 (zlib/IEEE) for the UCS manifest's `<File Checksum="…">`.
//!
//! Panopto's validator compares `int(Checksum, 16)` with `zlib.crc32` of the file. A
//! lecture recording is gigabytes, so each part's CRC is computed when the part is read
//! for upload and the parts' CRCs are combined; the file is never held in memory at once.
//!
//! Our own slice-by-16 rather than `crc32fast`: same speed in wasm (which has no carry-less
//! multiply, so crc32fast uses this very algorithm there), but the 16 KiB of lookup tables
//! are built at start-up instead of shipped. Tables are incompressible: shipped, they cost
//! ~15 KiB of the gzipped download, for work that takes ~50 µs at run time.

use std::sync::OnceLock;

/// The reflected IEEE polynomial, as in zlib.
const POLY: u32 = 0xedb8_8320;

type Tables = [[u32; 256]; 16];

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Box<Tables>> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut t: Box<Tables> = Box::new([[0; 256]; 16]);
        for i in 0..256u32 {
            let mut c = i;
            for _ in 0..8 {
                c = if c & 1 != 0 { (c >> 1) ^ POLY } else { c >> 1 };
            }
            t[0][i as usize] = c;
        }
        for k in 1..16 {
            for i in 0..256 {
                let prev = t[k - 1][i];
                t[k][i] = (prev >> 8) ^ t[0][(prev & 0xff) as usize];
            }
        }
        t
    })
}

/// Feeds `data` into a running (non-inverted) CRC register.
fn update_raw(mut crc: u32, data: &[u8]) -> u32 {
    let t = tables();
    let mut chunks = data.chunks_exact(16);
    for c in &mut chunks {
        let b = |i: usize| c[i] as usize;
        crc = t[0x0][b(15)]
            ^ t[0x1][b(14)]
            ^ t[0x2][b(13)]
            ^ t[0x3][b(12)]
            ^ t[0x4][b(11)]
            ^ t[0x5][b(10)]
            ^ t[0x6][b(9)]
            ^ t[0x7][b(8)]
            ^ t[0x8][b(7)]
            ^ t[0x9][b(6)]
            ^ t[0xa][b(5)]
            ^ t[0xb][b(4)]
            ^ t[0xc][b(3) ^ ((crc >> 24) & 0xff) as usize]
            ^ t[0xd][b(2) ^ ((crc >> 16) & 0xff) as usize]
            ^ t[0xe][b(1) ^ ((crc >> 8) & 0xff) as usize]
            ^ t[0xf][b(0) ^ (crc & 0xff) as usize];
    }
    for &byte in chunks.remainder() {
        crc = t[0][((crc ^ byte as u32) & 0xff) as usize] ^ (crc >> 8);
    }
    crc
}

/// Incremental CRC-32; feed it the bytes in order, in any chunk sizes.
#[derive(Clone, Default)]
pub struct Crc32 {
    value: u32,
    bytes: u64,
}

impl Crc32 {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn update(&mut self, data: &[u8]) {
        self.value = crc32_continue(self.value, data);
        self.bytes += data.len() as u64;
    }

    /// Appends bytes hashed elsewhere, known only by their CRC and length (a part's CRC
    /// from an earlier session, or computed in parallel), as if `update` had seen them.
    pub fn append(&mut self, crc: u32, len: u64) {
        self.value = crc32_combine(self.value, crc, len);
        self.bytes += len;
    }

    /// How many bytes have been fed so far (lets the caller check it saw the whole file).
    pub fn bytes_hashed(&self) -> u64 {
        self.bytes
    }

    pub fn value(&self) -> u32 {
        self.value
    }
}

/// The CRC-32 of A‖B from crc(A) (a finished value, as [`Crc32::value`] gives; 0 for no
/// bytes) and B's bytes: the continuation form, for a caller that keeps only a `u32`
/// between calls (the checksum worker, fed a stream of chunks through the wasm ABI).
/// Feeding chunks in order from 0 gives exactly what [`Crc32`] gives.
pub fn crc32_continue(crc: u32, data: &[u8]) -> u32 {
    !update_raw(!crc, data)
}

/// Lower-case hex of a digest (SHA-256 for SigV4 and fingerprints, MD5 for ETags): the
/// one hex encoder of the crate.
pub fn to_hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(HEX[(b >> 4) as usize] as char);
        s.push(HEX[(b & 15) as usize] as char);
    }
    s
}

/// The manifest form: 8 lower-case hex digits, zero-padded.
pub fn crc32_hex(value: u32) -> String {
    format!("{value:08x}")
}

pub fn crc32(data: &[u8]) -> u32 {
    let mut c = Crc32::new();
    c.update(data);
    c.value()
}

/// a(x)·b(x) mod p(x), in the reflected bit order CRC-32 uses (zlib's `multmodp`).
fn multmodp(a: u32, mut b: u32) -> u32 {
    let mut m = 1u32 << 31;
    let mut p = 0;
    loop {
        if a & m != 0 {
            p ^= b;
            if a & (m - 1) == 0 {
                return p;
            }
        }
        m >>= 1;
        b = if b & 1 != 0 { (b >> 1) ^ POLY } else { b >> 1 };
    }
}

/// The CRC of A‖B from crc(A), crc(B) and len(B): crc(A)·x^(8·len(B)) + crc(B) mod p
/// (zlib's `crc32_combine`), in O(log len) without touching the bytes.
pub fn crc32_combine(crc_a: u32, crc_b: u32, len_b: u64) -> u32 {
    // x^(2^k) mod p, squared up as k grows; starts at x^8 (one byte) = x^(2^3).
    let mut power = 1u32 << 30; // x^1
    for _ in 0..3 {
        power = multmodp(power, power);
    }
    let mut factor = 1u32 << 31; // x^0
    let mut n = len_b;
    while n != 0 {
        if n & 1 != 0 {
            factor = multmodp(power, factor);
        }
        power = multmodp(power, power);
        n >>= 1;
    }
    multmodp(factor, crc_a) ^ crc_b
}

#[cfg(test)]
mod tests {
    use super::*;
    // Run the same unit tests in the browser under `wasm-pack test`.
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn sample(n: usize) -> Vec<u8> {
        let mut x = 0x9e37_79b9u32;
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                x as u8
            })
            .collect()
    }

    /// Bit at a time, straight from the definition: the reference the tables must match.
    fn bitwise(data: &[u8]) -> u32 {
        let mut c = !0u32;
        for &b in data {
            c ^= b as u32;
            for _ in 0..8 {
                c = if c & 1 != 0 { (c >> 1) ^ POLY } else { c >> 1 };
            }
        }
        !c
    }

    #[test]
    fn known_values() {
        assert_eq!(crc32(b""), 0);
        assert_eq!(crc32_hex(crc32(b"123456789")), "cbf43926");
        assert_eq!(crc32_hex(crc32(b"a")), "e8b7be43");
        assert_eq!(crc32(b"The quick brown fox jumps over the lazy dog"), 0x414f_a339);
        assert_eq!(crc32_hex(0x10ba731f), "10ba731f");
        assert_eq!(crc32_hex(0x1), "00000001");
    }

    #[test]
    fn tables_agree_with_the_bitwise_definition_at_every_length() {
        let data = sample(300);
        for n in 0..data.len() {
            assert_eq!(crc32(&data[..n]), bitwise(&data[..n]), "length {n}");
        }
    }

    #[test]
    fn incremental_equals_one_shot_for_any_split() {
        let data = sample(10_000);
        for split in [0, 1, 15, 16, 17, 4095, 4096, 9999, 10_000] {
            let mut c = Crc32::new();
            c.update(&data[..split]);
            c.update(&data[split..]);
            assert_eq!(c.value(), crc32(&data));
            assert_eq!(c.bytes_hashed(), 10_000);
        }
    }

    #[test]
    fn continuing_from_a_value_equals_the_incremental_crc() {
        let data = sample(70_000);
        for window in [1, 15, 16, 4096, 65_536, 70_000] {
            let crc = data.chunks(window).fold(0, crc32_continue);
            assert_eq!(crc, crc32(&data), "window {window}");
        }
        assert_eq!(crc32_continue(0, b""), 0);
    }

    #[test]
    fn combine_equals_hashing_the_concatenation() {
        let data = sample(5_000);
        for split in [0, 1, 7, 8, 9, 1000, 4999, 5_000] {
            let (a, b) = data.split_at(split);
            assert_eq!(crc32_combine(crc32(a), crc32(b), b.len() as u64), crc32(&data), "split {split}");
            let mut c = Crc32::new();
            c.update(a);
            c.append(crc32(b), b.len() as u64);
            assert_eq!((c.value(), c.bytes_hashed()), (crc32(&data), 5_000));
        }
    }

    #[test]
    fn combine_handles_lengths_beyond_four_gib() {
        // 5 GiB of zeros, built from a 4 KiB CRC by combines, against Python's zlib.crc32 of
        // the same bytes: the length's bits above 32 must count, as a 5 GiB lecture needs.
        let gib = 1u64 << 30;
        // 4 KiB doubled 18 times = 1 GiB.
        let mut crc_gib = crc32(&[0u8; 4096]);
        let mut len = 4096u64;
        while len < gib {
            crc_gib = crc32_combine(crc_gib, crc_gib, len);
            len *= 2;
        }
        let mut five = Crc32::new();
        for _ in 0..5 {
            five.append(crc_gib, gib);
        }
        assert_eq!((five.value(), five.bytes_hashed()), (0x1938_38c3, 5 * gib));
        // python3: c = zlib.crc32(b"\x07"), then 5 GiB of zeros fed on.
        assert_eq!(crc32_combine(crc32(&[7]), five.value(), 5 * gib), 0x58c2_e3be);
    }
}
