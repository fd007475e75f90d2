//! Streams a request body to a temp file while hashing it, never holding it all in memory.

use axum::body::Body;
use futures_util::StreamExt;
use md5::Md5;
use sha2::{Digest, Sha256};
use std::path::Path;
use tokio::io::{AsyncSeekExt, AsyncWriteExt};

pub struct Received {
    pub size: u64,
    pub md5: [u8; 16],
    /// Only when asked for (see [`Hashes`]).
    pub sha256_hex: Option<String>,
    pub crc32: u32,
}

/// Which hashes besides MD5 (every ETag needs it) to compute while receiving. Why not
/// all: on a 2-core machine the emulator shares the CPU with the browser under test, and
/// SHA-256 of every part would make the server, not the client, the bottleneck of every
/// throughput figure. A part needs SHA-256 only when the client claimed one.
#[derive(Clone, Copy)]
pub struct Hashes {
    pub sha256: bool,
    pub crc32: bool,
}

impl Received {
    pub fn md5_hex(&self) -> String {
        hex::encode(self.md5)
    }
}

/// Writes `body` to `path` (created fresh). On any error the file is removed.
pub async fn receive_to_file(body: Body, path: &Path, hashes: Hashes) -> Result<Received, String> {
    if let Some(parent) = path.parent() {
        tokio::fs::create_dir_all(parent).await.map_err(|e| format!("cannot create temp dir: {e}"))?;
    }
    let res = receive_inner(body, path, hashes).await;
    if res.is_err() {
        let _ = tokio::fs::remove_file(path).await;
    }
    res
}

async fn receive_inner(body: Body, path: &Path, hashes: Hashes) -> Result<Received, String> {
    let f = tokio::fs::File::create(path).await.map_err(|e| format!("cannot create temp file: {e}"))?;
    // Every tokio file write is a hop to the blocking pool; body chunks are small (16 KiB),
    // so unbuffered writes cost more CPU than the hashing.
    let mut f = tokio::io::BufWriter::with_capacity(1 << 20, f);
    let mut md5 = Md5::new();
    let mut sha = Sha256::new();
    let mut crc = crc32fast::Hasher::new();
    let mut size = 0u64;
    // Runs of zero bytes become holes (one seek per run, not per chunk): what a client reads
    // back is the same, and the benchmark's 10 GiB sparse file then costs no disk here either.
    let mut zeros = 0u64;
    let mut stream = body.into_data_stream();
    let write_error = |e: std::io::Error| format!("cannot write temp file: {e}");
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| format!("error while reading the request body: {e}"))?;
        md5.update(&chunk);
        if hashes.sha256 {
            sha.update(&chunk);
        }
        if hashes.crc32 {
            crc.update(&chunk);
        }
        size += chunk.len() as u64;
        if chunk.iter().all(|&b| b == 0) {
            zeros += chunk.len() as u64;
            continue;
        }
        if zeros > 0 {
            f.seek(std::io::SeekFrom::Current(zeros as i64)).await.map_err(write_error)?;
            zeros = 0;
        }
        f.write_all(&chunk).await.map_err(write_error)?;
    }
    f.flush().await.map_err(write_error)?;
    if zeros > 0 {
        f.get_ref().set_len(size).await.map_err(write_error)?;
    }
    let sha256_hex = hashes.sha256.then(|| hex::encode(sha.finalize()));
    Ok(Received { size, md5: md5.finalize().into(), sha256_hex, crc32: crc.finalize() })
}
