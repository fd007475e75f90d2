//! A part's checksums, taken from the file a window at a time: its CRC-32 (combined per
//! file into the manifest's `Checksum`, which Panopto verifies end to end) and, when CORS
//! hides ETags, its MD5 (S3's part ETag, so what ListParts reports can be checked against
//! our own bytes). Never a whole part in (wasm) memory: the part itself is sent as a file
//! slice the browser streams from disk.

use super::error::{ErrorCode, UploadError};
use super::ports::FileSource;
use crate::core::checksum::{to_hex, Crc32};
use crate::core::part_plan::PartRange;
use crate::text::ErrorText;
use md5::{Digest, Md5};

/// What the engine needs to know of a part's bytes without keeping them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartSums {
    /// Bytes actually read (short when the file changed).
    pub len: u64,
    pub crc32: u32,
    pub md5: Option<String>,
}

impl PartSums {
    /// The sums of bytes already in memory (the manifest).
    pub fn of(bytes: &[u8], want_md5: bool) -> Self {
        let mut crc = Crc32::new();
        crc.update(bytes);
        PartSums { len: bytes.len() as u64, crc32: crc.value(), md5: want_md5.then(|| md5_hex(bytes)) }
    }

    /// A part read short means the file is not the one whose size was planned.
    pub fn check_len(&self, part: PartRange) -> Result<(), UploadError> {
        if self.len == part.len() {
            return Ok(());
        }
        let text = ErrorText::PartChanged { part: part.number, read: self.len, planned: part.len() };
        Err(UploadError::new(ErrorCode::FileChanged, text))
    }
}

/// CRC-32 (and MD5 when asked) of a part, fed from the file a chunk at a time.
pub async fn part_sums(file: &dyn FileSource, range: PartRange, want_md5: bool) -> Result<PartSums, UploadError> {
    if !want_md5 {
        // The usual case (ETags visible): the file may take the CRC off the main thread.
        let (len, crc32) = file.crc32_of(range.start, range.end).await.map_err(UploadError::from)?;
        return Ok(PartSums { len, crc32, md5: None });
    }
    let mut crc = Crc32::new();
    let mut md5 = want_md5.then(Md5::new);
    let mut sink = |chunk: &[u8]| {
        crc.update(chunk);
        if let Some(m) = md5.as_mut() {
            m.update(chunk);
        }
    };
    let len = file.read_chunks(range.start, range.end, &mut sink).await.map_err(UploadError::from)?;
    Ok(PartSums { len, crc32: crc.value(), md5: md5.map(|m| to_hex(&m.finalize())) })
}

pub fn md5_hex(bytes: &[u8]) -> String {
    to_hex(&Md5::digest(bytes))
}

/// A plain part ETag is the hex MD5 of the part; servers may use other ETags (then
/// there is nothing to check against).
pub fn is_md5(etag: &str) -> bool {
    let e = etag.trim_matches('"');
    e.len() == 32 && e.bytes().all(|b| b.is_ascii_hexdigit())
}

/// ETags as S3 quotes them and as we write MD5s: the same value either way.
pub fn same_etag(a: &str, b: &str) -> bool {
    a.trim_matches('"').eq_ignore_ascii_case(b.trim_matches('"'))
}

/// Whether a listed ETag can stand for our bytes: it is their MD5, or not an MD5 at all.
pub fn etag_matches(etag: &str, md5: &str) -> bool {
    !is_md5(etag) || same_etag(etag, md5)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::memory_file::MemoryFile;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn sums_from_the_file_equal_sums_of_the_bytes_and_etags_compare_as_s3_quotes_them() {
        let bytes: Vec<u8> = (0..100_000u32).map(|i| (i * 31 % 251) as u8).collect();
        let file = MemoryFile::new("a.mp4", "video/mp4", bytes.clone());
        let part = PartRange { number: 2, start: 10, end: 90_010 };
        let sums = futures_executor::block_on(part_sums(&file, part, true)).unwrap();
        assert_eq!(sums, PartSums::of(&bytes[10..90_010], true));
        let crc_only = futures_executor::block_on(part_sums(&file, part, false)).unwrap();
        assert_eq!(crc_only, PartSums::of(&bytes[10..90_010], false));
        assert!(sums.check_len(part).is_ok());
        let short = PartSums { len: 5, ..sums.clone() };
        assert_eq!(short.check_len(part).unwrap_err().code, ErrorCode::FileChanged);
        assert_eq!(md5_hex(b""), "d41d8cd98f00b204e9800998ecf8427e");
        let md5 = sums.md5.unwrap();
        assert!(etag_matches(&format!("\"{}\"", md5.to_uppercase()), &md5));
        assert!(!etag_matches("\"00000000000000000000000000000000\"", &md5));
        assert!(etag_matches("\"opaque-etag-of-another-server\"", &md5), "nothing to check against");
    }
}
