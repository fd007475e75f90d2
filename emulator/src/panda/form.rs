//! The multipart method at an upload location: `POST` with `multipart/form-data`, the file in
//! field `file` (the seed's method for browsers that cannot stream). The file streams into a temp
//! file while it is hashed; only a form that arrived whole, with exactly file_size bytes, replaces
//! what the upload held and completes it. A form is all or nothing: unlike a chunk, one that
//! breaks off keeps nothing (a browser's form post cannot resume either).

use super::answer::{gone, reject};
use super::chunk::drain;
use super::faults;
use super::model::{error, progress, Record};
use super::store::{Commit, Env, Lookup, Uploads};
use crate::multipart::{FormError, Parser, PartHead};
use crate::server::ConnKill;
use axum::body::Body;
use axum::http::{Request, Response, StatusCode};
use futures_util::StreamExt;
use sha2::{Digest, Sha256};
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::sync::Arc;
use tokio::sync::OwnedMutexGuard;

/// The `file` field on its way to disk. Synchronous writes through a 1 MiB buffer, for the
/// reasons given in `chunk.rs`.
struct FormFile {
    uploads: Arc<Uploads>,
    id: u64,
    tmp: PathBuf,
    out: BufWriter<std::fs::File>,
    hasher: Sha256,
    size: u64,
    /// Held length when the request began: file bytes below it were sent before.
    held: u64,
    received: u64,
    redundant: u64,
    settled: bool,
    // Declared last: dropped after `Drop::drop` has settled the request.
    _lock: OwnedMutexGuard<()>,
}

impl FormFile {
    fn write(&mut self, b: &[u8]) -> Result<(), String> {
        self.redundant += self.held.saturating_sub(self.size).min(b.len() as u64);
        self.size += b.len() as u64;
        self.hasher.update(b);
        self.out.write_all(b).map_err(|e| format!("cannot write the form's file: {e}"))
    }

    /// The form's file becomes the upload's data: complete, with `size` bytes held.
    fn keep(mut self) -> Result<Option<Record>, String> {
        self.settled = true;
        let path = self.uploads.data_path(self.id);
        let moved = self.out.flush().and_then(|_| std::fs::rename(&self.tmp, path));
        if let Err(e) = moved {
            self.settle_discard(false);
            return Err(format!("cannot store the form's file: {e}"));
        }
        let c = Commit {
            held: Some((self.size, self.hasher.clone())),
            received: self.received,
            redundant: self.redundant,
            stored: false,
        };
        Ok(self.uploads.commit(self.id, c))
    }

    /// `fault`: answered 500/503 by an injected fault, so every byte will come again.
    fn discard(mut self, fault: bool) {
        self.settle_discard(fault);
    }

    fn settle_discard(&mut self, fault: bool) {
        self.settled = true;
        let _ = std::fs::remove_file(&self.tmp);
        let redundant = if fault { self.received } else { self.redundant };
        self.uploads.commit(self.id, Commit { received: self.received, redundant, ..Commit::default() });
    }
}

impl Drop for FormFile {
    /// The client hung up mid-form: nothing is kept but the count of bytes received.
    fn drop(&mut self) {
        if !self.settled {
            self.settle_discard(false);
        }
    }
}

pub async fn handle(env: &Env, id: u64, key: &str, boundary: &str, req: Request<Body>) -> Response<Body> {
    let kill = req.extensions().get::<ConnKill>().cloned();
    let mut frames = req.into_body().into_data_stream();
    let (lock, rec) = match env.uploads.lock(id, key).await {
        Ok(x) => x,
        Err(l) => {
            drain(frames).await;
            return gone(&l);
        }
    };
    env.uploads.bump(id, |r| r.form_uploads += 1);
    let tmp = env.uploads.form_tmp_path(id);
    let out = match std::fs::File::create(&tmp) {
        Ok(f) => BufWriter::with_capacity(1 << 20, f),
        Err(e) => {
            drop(lock);
            let msg = format!("cannot create a temp file for the form: {e}");
            return reject(env, Some(id), frames, StatusCode::INTERNAL_SERVER_ERROR, msg).await;
        }
    };
    let mut f = FormFile {
        uploads: env.uploads.clone(),
        id,
        tmp,
        out,
        hasher: Sha256::new(),
        size: 0,
        held: rec.held,
        received: 0,
        redundant: 0,
        settled: false,
        _lock: lock,
    };
    let mut parser = Parser::new(boundary, &["file"]);
    let mut failure = None;
    while let Some(frame) = frames.next().await {
        let Ok(data) = frame else {
            f.discard(false);
            return error(StatusCode::BAD_REQUEST, "The form body broke off before its end; nothing was stored.");
        };
        f.received += data.len() as u64;
        let mut sink = |h: &PartHead, b: &[u8]| if h.name == "file" { f.write(b) } else { Ok(()) };
        if let Err(e) = parser.feed(&data, &mut sink) {
            failure = Some(e);
            break;
        }
    }
    let failure = failure.or_else(|| parser.finish(&["file"]).err().map(FormError::Bad));
    let size = rec.file_size;
    let (status, msg) = match failure {
        Some(FormError::Bad(m)) => (StatusCode::BAD_REQUEST, format!("Bad form upload: {m}. Nothing was stored.")),
        Some(FormError::Sink(m)) => (StatusCode::INTERNAL_SERVER_ERROR, m),
        None if f.size != size => (
            StatusCode::BAD_REQUEST,
            format!(
                "The form's file is {} bytes, but upload {id} was created with file_size {size}. Nothing was stored.",
                f.size
            ),
        ),
        None => return finish(env, f, kill).await,
    };
    f.discard(false);
    reject(env, Some(id), frames, status, msg).await
}

/// A whole, well-formed form: faults, then the file replaces what the upload held.
async fn finish(env: &Env, f: FormFile, kill: Option<ConnKill>) -> Response<Body> {
    let id = f.id;
    if let Some(fault) = faults::decide(env, id, 0) {
        let size = f.size;
        env.uploads.bump(id, |r| r.bytes_failed += size);
        let settle = move |keep: bool| {
            if keep {
                let _ = f.keep();
            } else {
                f.discard(true);
            }
        };
        return faults::strike(env, fault, kill.as_ref(), settle).await;
    }
    match f.keep() {
        Ok(Some(rec)) => progress(&rec),
        Ok(None) => gone(&Lookup::Unknown),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, e),
    }
}
