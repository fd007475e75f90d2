//! Receiving one chunk (`Content-Range: bytes RS-RE/L`): the body streams straight into the
//! upload's data file, never into memory. The part of it that overlaps what the server already
//! holds is compared with the held bytes as it arrives; only bytes past the held length are
//! written, so the held bytes are always a prefix of the file.
//!
//! The writer owns the upload's lock for as long as the body is read. Whatever ends the request
//! settles it exactly once: the handler keeps or discards the new bytes, and a client hanging up
//! (which drops the handler's future) keeps what arrived, as a resumable server does, so the
//! next status query tells the truth.
//!
//! File I/O here is synchronous, in 1 MiB batches: a tokio file write is a hop to the blocking
//! pool per call, which costs more CPU than the write itself, and a batch must be on disk before
//! `Drop` (which cannot await) commits it.

use super::model::Record;
use super::store::{hash_prefix, Commit, Uploads};
use axum::body::BodyDataStream;
use futures_util::StreamExt;
use sha2::{Digest, Sha256};
use std::io::{Read, Seek, SeekFrom, Write};
use std::sync::Arc;
use tokio::sync::OwnedMutexGuard;

const FLUSH_AT: usize = 1 << 20;

/// How reading a chunk's body ended.
#[derive(Debug)]
pub enum Outcome {
    /// Exactly the declared bytes arrived, overlapping ones equal to the held ones.
    Complete,
    /// The body ended cleanly after `got` bytes, fewer than the range declares.
    Short { got: u64 },
    /// The body carries more bytes than the range declares (reading stopped there).
    Long,
    /// The byte at file offset `offset` differs from the one the server holds.
    Mismatch { offset: u64 },
    /// The connection broke (or the body could not be read) before the end.
    Broken,
    /// The server could not read or write its own data file.
    Io(String),
}

pub struct ChunkWriter {
    uploads: Arc<Uploads>,
    id: u64,
    file: std::fs::File,
    /// RS.
    start: u64,
    /// RE - RS + 1.
    len: u64,
    /// Held length when the request began.
    held: u64,
    /// Body bytes consumed so far (at most `len`).
    got: u64,
    pending: Vec<u8>,
    /// New bytes written to the file (after `held`).
    written: u64,
    /// Over the held bytes plus every new byte accepted (written or pending).
    hasher: Sha256,
    received: u64,
    redundant: u64,
    settled: bool,
    // Declared last: dropped after `Drop::drop` has settled the request.
    _lock: OwnedMutexGuard<()>,
}

/// The running SHA-256 of the held bytes, recomputed from the data file after a restart.
pub async fn ensure_hasher(uploads: &Arc<Uploads>, id: u64, held: u64) -> Result<Sha256, String> {
    if let Some(h) = uploads.hasher(id) {
        return Ok(h);
    }
    let path = uploads.data_path(id);
    let h = tokio::task::spawn_blocking(move || hash_prefix(&path, held))
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| format!("cannot read the upload's data file: {e}"))?;
    uploads.set_hasher(id, held, h.clone());
    Ok(h)
}

/// Reads and discards the rest of a body (so a browser still sending sees the answer, not a
/// reset); returns how many bytes that was.
pub async fn drain(mut frames: BodyDataStream) -> u64 {
    let mut n = 0u64;
    while let Some(Ok(c)) = frames.next().await {
        n += c.len() as u64;
    }
    n
}

impl ChunkWriter {
    /// `start` must not be past `held` (a gap is answered 416 before any writer exists).
    pub fn new(
        uploads: Arc<Uploads>,
        lock: OwnedMutexGuard<()>,
        rec: &Record,
        start: u64,
        len: u64,
        hasher: Sha256,
    ) -> std::io::Result<ChunkWriter> {
        let path = uploads.data_path(rec.id);
        let mut file = std::fs::OpenOptions::new().read(true).write(true).create(true).truncate(false).open(path)?;
        file.seek(SeekFrom::Start(start))?;
        Ok(ChunkWriter {
            id: rec.id,
            uploads,
            file,
            start,
            len,
            held: rec.held,
            got: 0,
            pending: Vec::new(),
            written: 0,
            hasher,
            received: 0,
            redundant: 0,
            settled: false,
            _lock: lock,
        })
    }

    /// Reads the body up to the declared length; the caller keeps `frames` to drain any rest.
    pub async fn receive(&mut self, frames: &mut BodyDataStream) -> Outcome {
        while let Some(frame) = frames.next().await {
            let Ok(data) = frame else { return Outcome::Broken };
            self.received += data.len() as u64;
            let take = data.len().min((self.len - self.got) as usize);
            if let Err(o) = self.accept(&data[..take]) {
                return o;
            }
            if take < data.len() {
                return Outcome::Long;
            }
        }
        if self.got < self.len {
            Outcome::Short { got: self.got }
        } else {
            Outcome::Complete
        }
    }

    /// Checks the overlapping head of `data` against the file, then queues the rest.
    fn accept(&mut self, data: &[u8]) -> Result<(), Outcome> {
        let pos = self.start + self.got;
        let overlap = (self.held.saturating_sub(pos).min(data.len() as u64)) as usize;
        if overlap > 0 {
            let mut held = vec![0u8; overlap];
            self.file
                .read_exact(&mut held)
                .map_err(|e| Outcome::Io(format!("cannot read the held bytes at offset {pos}: {e}")))?;
            if let Some(i) = held.iter().zip(data).position(|(a, b)| a != b) {
                // The equal bytes before the difference were still sent again.
                self.redundant += i as u64;
                return Err(Outcome::Mismatch { offset: pos + i as u64 });
            }
            self.redundant += overlap as u64;
        }
        let new = &data[overlap..];
        if !new.is_empty() {
            self.hasher.update(new);
            self.pending.extend_from_slice(new);
            if self.pending.len() >= FLUSH_AT {
                self.flush().map_err(|e| Outcome::Io(format!("cannot write the upload's data file: {e}")))?;
            }
        }
        self.got += data.len() as u64;
        Ok(())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if !self.pending.is_empty() {
            self.file.write_all(&self.pending)?;
            self.written += self.pending.len() as u64;
            self.pending.clear();
        }
        Ok(())
    }

    /// Keeps the new bytes that arrived: they become held. Returns the record after that.
    pub fn keep(mut self) -> Option<Record> {
        self.settle(true, false)
    }

    /// Stores nothing; `fault`: the request is answered 500/503 by an injected fault, so all its
    /// bytes will have to come again and count as redundant.
    pub fn discard(mut self, fault: bool) -> Option<Record> {
        self.settle(false, fault)
    }

    fn settle(&mut self, keep: bool, fault: bool) -> Option<Record> {
        self.settled = true;
        let mut c = Commit { received: self.received, redundant: self.redundant, ..Commit::default() };
        // A failed write keeps nothing new: the hash already covers the bytes it lost.
        if keep && self.flush().is_ok() && self.written > 0 {
            c.held = Some((self.held + self.written, self.hasher.clone()));
            c.stored = true;
        }
        if fault {
            c.redundant = self.received;
        }
        self.uploads.commit(self.id, c)
    }
}

impl Drop for ChunkWriter {
    /// The handler's future was dropped mid-body: the client hung up. What arrived is kept.
    fn drop(&mut self) {
        if !self.settled {
            self.settle(true, false);
        }
    }
}
