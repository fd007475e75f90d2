//! Recognise a file picked again after a reload: name, size and last-modified time, plus
//! a SHA-256 of its first and last MiB.
//!
//! Why the hash: name, size and date alone match a different recording exported with the
//! same settings at the same minute (teachers re-export), and resuming would splice two
//! recordings. Why only 2 MiB: hashing a 20 GB file would take minutes before the user
//! even sees the offer; the ends differ between any two real recordings (container
//! headers, index, timestamps).

use super::error::UploadError;
use super::ports::FileSource;
use crate::core::checksum::to_hex;
use crate::core::json::{object, Fields, FromJson, Json, JsonError, ToJson};
use sha2::{Digest, Sha256};

const EDGE: u64 = 1 << 20;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fingerprint {
    pub name: String,
    pub size: u64,
    /// `File.lastModified`, whole milliseconds.
    pub last_modified_ms: i64,
    /// Hex SHA-256 of the first MiB followed by the last MiB (the whole file if smaller).
    pub edges_sha256: String,
}

impl FromJson for Fingerprint {
    fn from_json(v: &Json) -> Result<Self, JsonError> {
        let f = Fields::of(v, "Fingerprint")?;
        Ok(Fingerprint {
            name: f.get("name")?,
            size: f.get("size")?,
            last_modified_ms: f.get("last_modified_ms")?,
            edges_sha256: f.get("edges_sha256")?,
        })
    }
}

impl ToJson for Fingerprint {
    fn to_json(&self) -> Json {
        Json::Object(object([
            ("name", self.name.to_json()),
            ("size", self.size.to_json()),
            ("last_modified_ms", self.last_modified_ms.to_json()),
            ("edges_sha256", self.edges_sha256.to_json()),
        ]))
    }
}

impl Fingerprint {
    /// The storage key. The hash alone would do; the rest makes records readable in the
    /// browser's storage inspector.
    pub fn key(&self) -> String {
        format!("{}|{}|{}|{}", self.size, self.last_modified_ms, &self.edges_sha256[..16], self.name)
    }
}

pub async fn fingerprint(file: &dyn FileSource) -> Result<Fingerprint, UploadError> {
    let size = file.size();
    let read = |start, end| async move { file.read(start, end).await.map_err(UploadError::from) };
    let mut hash = Sha256::new();
    hash.update(read(0, size.min(EDGE)).await?);
    if size > EDGE {
        hash.update(read(size.saturating_sub(EDGE).max(EDGE), size).await?);
    }
    let edges_sha256 = to_hex(&hash.finalize());
    Ok(Fingerprint { name: file.name(), size, last_modified_ms: file.last_modified_ms() as i64, edges_sha256 })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::memory_file::MemoryFile;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn fp(bytes: Vec<u8>) -> Fingerprint {
        futures_executor::block_on(fingerprint(&MemoryFile::new("a.mp4", "video/mp4", bytes))).unwrap()
    }

    #[test]
    fn same_bytes_same_print_and_edges_matter() {
        let big: Vec<u8> = (0..3 * EDGE as usize).map(|i| (i * 7 % 251) as u8).collect();
        assert_eq!(fp(big.clone()), fp(big.clone()));
        let mut head = big.clone();
        head[10] ^= 1;
        assert_ne!(fp(head).edges_sha256, fp(big.clone()).edges_sha256);
        let mut tail = big.clone();
        *tail.last_mut().unwrap() ^= 1;
        assert_ne!(fp(tail).edges_sha256, fp(big.clone()).edges_sha256);
        // The middle is not hashed: that is the trade-off (size and date still guard it).
        let mut middle = big.clone();
        middle[EDGE as usize + 5] ^= 1;
        assert_eq!(fp(middle).edges_sha256, fp(big).edges_sha256);
    }

    #[test]
    fn small_files_hash_once_and_key_is_stable() {
        let f = fp(b"hello".to_vec());
        assert_eq!(f.edges_sha256, "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
        assert_eq!(f.key(), "5|0|2cf24dba5fb0a30e|a.mp4");
    }
}
