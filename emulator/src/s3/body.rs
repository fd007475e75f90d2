//! Streams a request body to a temp file while hashing it, never holding it all in memory.

use axum::body::Body;
use futures_util::StreamExt;
use md5::Md5;
use sha2::{Digest, Sha256};
use std::path::Path;
use tokio::io::AsyncWriteExt;

pub struct Received {
    pub size: u64,
    pub md5: [u8; 16],
    pub sha256_hex: String,
    pub crc32: u32,
}

impl Received {
    pub fn md5_hex(&self) -> String {
        hex::encode(self.md5)
    }
}

/// Writes `body` to `path` (created fresh). On any error the file is removed.
pub async fn receive_to_file(body: Body, path: &Path) -> Result<Received, String> {
    if let Some(parent) = path.parent() {
        tokio::fs::create_dir_all(parent).await.map_err(|e| format!("cannot create temp dir: {e}"))?;
    }
    let res = receive_inner(body, path).await;
    if res.is_err() {
        let _ = tokio::fs::remove_file(path).await;
    }
    res
}

async fn receive_inner(body: Body, path: &Path) -> Result<Received, String> {
    let mut f = tokio::fs::File::create(path).await.map_err(|e| format!("cannot create temp file: {e}"))?;
    let mut md5 = Md5::new();
    let mut sha = Sha256::new();
    let mut crc = crc32fast::Hasher::new();
    let mut size = 0u64;
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| format!("error while reading the request body: {e}"))?;
        md5.update(&chunk);
        sha.update(&chunk);
        crc.update(&chunk);
        size += chunk.len() as u64;
        f.write_all(&chunk).await.map_err(|e| format!("cannot write temp file: {e}"))?;
    }
    f.flush().await.map_err(|e| format!("cannot write temp file: {e}"))?;
    Ok(Received { size, md5: md5.finalize().into(), sha256_hex: hex::encode(sha.finalize()), crc32: crc.finalize() })
}
