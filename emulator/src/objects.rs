//! Final (completed) objects of one upload, stored under `uploads/<ID>/objects/`.
//!
//! The file name is the SHA-256 of the object key, never the key itself, so keys such as
//! `../x`, `a/b`, 1024-byte keys or odd bytes can never escape the data dir or hit name limits.
//! Each object has a JSON sidecar holding its key and hashes.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct ObjectMeta {
    /// Key relative to the upload prefix (`{ID}/`), exactly as decoded from the request path.
    pub key: String,
    pub size: u64,
    /// Quoted ETag as S3 returns it (MD5, or the multipart `md5-of-md5s-N` form).
    pub etag: String,
    pub sha256: String,
    pub crc32: u32,
    pub last_modified: String,
    pub content_type: Option<String>,
}

fn stem(key: &str) -> String {
    hex::encode(Sha256::digest(key.as_bytes()))
}

pub fn data_path(dir: &Path, key: &str) -> PathBuf {
    dir.join(format!("{}.bin", stem(key)))
}

fn meta_path(dir: &Path, key: &str) -> PathBuf {
    dir.join(format!("{}.json", stem(key)))
}

/// Moves a fully written temp file into place and writes its sidecar (temp + rename as well).
pub fn commit(dir: &Path, tmp_data: &Path, meta: &ObjectMeta) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    std::fs::rename(tmp_data, data_path(dir, &meta.key))?;
    let mp = meta_path(dir, &meta.key);
    let tmp = mp.with_extension(format!("json.{}.tmp", uuid::Uuid::new_v4().simple()));
    std::fs::write(&tmp, serde_json::to_vec(meta)?)?;
    std::fs::rename(tmp, mp)
}

pub fn get(dir: &Path, key: &str) -> Option<ObjectMeta> {
    let bytes = std::fs::read(meta_path(dir, key)).ok()?;
    let m: ObjectMeta = serde_json::from_slice(&bytes).ok()?;
    // A sidecar whose data file vanished is not an object.
    if data_path(dir, key).exists() {
        Some(m)
    } else {
        None
    }
}

pub fn delete(dir: &Path, key: &str) -> bool {
    let existed = std::fs::remove_file(meta_path(dir, key)).is_ok();
    let _ = std::fs::remove_file(data_path(dir, key));
    existed
}

/// All objects of an upload, sorted by key.
pub fn list(dir: &Path) -> Vec<ObjectMeta> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if name.len() == 69 && name.ends_with(".json") {
                if let Ok(bytes) = std::fs::read(&p) {
                    if let Ok(m) = serde_json::from_slice::<ObjectMeta>(&bytes) {
                        if p.with_extension("bin").exists() {
                            out.push(m);
                        }
                    }
                }
            }
        }
    }
    out.sort_by(|a, b| a.key.cmp(&b.key));
    out
}
