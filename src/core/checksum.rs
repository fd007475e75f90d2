//! CRC-32 (zlib/IEEE) for the UCS manifest's `<File Checksum="…">`.
//!
//! Panopto's validator compares `int(Checksum, 16)` with `zlib.crc32` of the file. A
//! lecture recording is gigabytes, so the checksum is fed slice by slice as the parts are
//! read for upload and the file is never held in memory at once.

/// Incremental CRC-32; feed it the bytes in order, in any chunk sizes.
#[derive(Clone, Default)]
pub struct Crc32 {
    hasher: crc32fast::Hasher,
    bytes: u64,
}

impl Crc32 {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn update(&mut self, data: &[u8]) {
        self.hasher.update(data);
        self.bytes += data.len() as u64;
    }

    /// How many bytes have been fed so far (lets the caller check it saw the whole file).
    pub fn bytes_hashed(&self) -> u64 {
        self.bytes
    }

    pub fn value(&self) -> u32 {
        self.hasher.clone().finalize()
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    // Run the same unit tests in the browser under `wasm-pack test`.
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn known_values() {
        assert_eq!(crc32(b""), 0);
        assert_eq!(crc32_hex(crc32(b"123456789")), "cbf43926");
        assert_eq!(crc32_hex(crc32(b"a")), "e8b7be43");
        assert_eq!(crc32_hex(0x10ba731f), "10ba731f");
        assert_eq!(crc32_hex(0x1), "00000001");
    }

    #[test]
    fn incremental_equals_one_shot_for_any_split() {
        let data: Vec<u8> = (0..10_000u32).map(|i| (i * 7 + i / 13) as u8).collect();
        for split in [0, 1, 4095, 4096, 9999, 10_000] {
            let mut c = Crc32::new();
            c.update(&data[..split]);
            c.update(&data[split..]);
            assert_eq!(c.value(), crc32(&data));
            assert_eq!(c.bytes_hashed(), 10_000);
        }
    }
}
