//! The bytes of one file to a Panda location, in order, one chunk at a time (the protocol
//! appends: there is no parallelism to be had, only round trips to save, see
//! `chunk_size.rs`).
//!
//! The rules: continue where the server says it is (its `Range`, never our own count);
//! after any failure, or a pause, ask it with the status query before sending more (a
//! dropped chunk may have been partly kept); retry 5xx, 408, 429 and requests that never
//! got through with the engine's backoff; every other 4xx is final.

use super::chunk_size::ChunkSize;
use super::client::PandaClient;
use super::record::{PandaChange, PandaRecord};
use super::trouble::{final_error, transient_code};
use crate::core::json::Json;
use crate::core::panda::answer::{judge, Answer};
use crate::engine::context::Attempt;
use crate::engine::error::{ErrorCode, UploadError};
use crate::engine::journal::Journal;
use crate::engine::progress::{transfer_id, Transfer};
use crate::text::{ErrorText, PandaStep, PandaTrouble};

/// How a transfer ended, when it did not fail.
#[derive(Debug, PartialEq)]
pub enum TransferEnd {
    /// The server holds the whole file: its video JSON.
    Video(Json),
    /// The location no longer exists (deleted or expired): the server's message.
    Gone(String),
    /// The server's answers carry no readable `Range` (CORS does not expose it): chunks
    /// cannot go on; the caller sends the file whole instead.
    RangeHidden,
}

pub struct TransferJob<'a> {
    pub client: &'a PandaClient<'a>,
    pub journal: &'a Journal<'a, PandaRecord>,
    pub chunks: ChunkSize,
    /// Ask the server where it stands before the first chunk (a resumed upload).
    pub ask_first: bool,
    /// Bytes the server came to hold (what it held before this run, first).
    pub on_bytes: &'a dyn Fn(Transfer),
}

/// A server that keeps answering 204 without holding more is broken; give up after this
/// many such answers in a row rather than send the same bytes forever.
const NO_PROGRESS_LIMIT: u32 = 3;

pub async fn transfer(job: TransferJob<'_>) -> Result<TransferEnd, UploadError> {
    let TransferJob { client, journal, mut chunks, ask_first, on_bytes } = job;
    let ctx = client.ctx;
    let size = client.file.size();
    let mut held = journal.with(|r| r.map_or(0, |r| r.held));
    let mut ask = ask_first;
    // The bar follows the server's word: bytes it says it holds beyond what was reported,
    // settling the chunk whose bytes were on the wire (`chunk`; even when the server kept
    // none of them, so a dropped chunk's bytes leave the count of bytes in flight).
    let mut reported: Option<u64> = None;
    let mut report = |now_held: u64, chunk: Option<u64>| {
        match reported {
            None if now_held == 0 => {}
            None => on_bytes(Transfer::Held(now_held)),
            Some(r) => {
                let id = chunk.unwrap_or_else(transfer_id);
                on_bytes(Transfer::Acked { id, bytes: now_held.saturating_sub(r) });
                if now_held <= r {
                    return;
                }
            }
        }
        reported = Some(now_held);
    };
    // The chunk sent last, until an answer says what became of its bytes.
    let mut open_chunk: Option<u64> = None;
    if !ask_first {
        report(held, None);
    }
    let mut backoff = ctx.backoff();
    let mut stuck = 0;
    let mut gap_after_asking = false;
    loop {
        if ask {
            match client.status().await? {
                Answer::Held(h) => held = h.unwrap_or(0).min(size),
                Answer::Complete(video) => {
                    journal.write(PandaChange::Held(size));
                    report(size, open_chunk.take());
                    return Ok(TransferEnd::Video(video));
                }
                Answer::Gone(m) => return Ok(TransferEnd::Gone(m)),
                other => return Err(final_error(PandaStep::AskWhere, other)),
            }
            journal.write(PandaChange::Held(held));
            report(held, open_chunk.take());
            ask = false;
        }
        if held >= size {
            // The server holds every byte but did not say complete: its next answer must.
            match client.status().await? {
                Answer::Complete(video) => {
                    report(size, open_chunk.take());
                    return Ok(TransferEnd::Video(video));
                }
                other => return Err(final_error(PandaStep::HeldNotComplete, other)),
            }
        }
        let end = (held + chunks.current()).min(size);
        let started = ctx.now_ms();
        let id = transfer_id();
        open_chunk = Some(id);
        let failure = match client.put_chunk(held, end, &|sent| on_bytes(Transfer::Sending { id, sent })).await? {
            Attempt::Answered(r) => match judge(r.status, r.header("range"), &r.body) {
                Answer::Held(Some(now_held)) => {
                    chunks.stored(end - held, ctx.now_ms() - started);
                    backoff = ctx.backoff();
                    stuck = if now_held > held { 0 } else { stuck + 1 };
                    if stuck >= NO_PROGRESS_LIMIT {
                        let text = ErrorText::PandaStuck { chunks: stuck, held: now_held };
                        return Err(UploadError::new(ErrorCode::BadResponse, text));
                    }
                    held = now_held.min(size);
                    journal.write(PandaChange::Held(held));
                    report(held, open_chunk.take());
                    gap_after_asking = false;
                    continue;
                }
                Answer::Held(None) => return Ok(TransferEnd::RangeHidden),
                Answer::Complete(video) => {
                    journal.write(PandaChange::Held(size));
                    report(size, open_chunk.take());
                    return Ok(TransferEnd::Video(video));
                }
                Answer::Gone(m) => return Ok(TransferEnd::Gone(m)),
                // We were past the server's end (it lost bytes it had acknowledged): ask where
                // it is and go on from there; a second gap right after asking is the server's
                // own contradiction, and final.
                Answer::Gap(_) if !gap_after_asking => {
                    gap_after_asking = true;
                    ask = true;
                    continue;
                }
                Answer::Transient { status, message } => {
                    let trouble = PandaTrouble::Unavailable(message);
                    UploadError::new(transient_code(status), ErrorText::Panda { step: PandaStep::UploadChunk, trouble })
                }
                other => return Err(final_error(PandaStep::UploadChunk, other)),
            },
            Attempt::Failed(e) => e,
            // Paused (or cancelled: the next attempt says so): ask where things stand first.
            Attempt::Interrupted => {
                ask = true;
                continue;
            }
        };
        chunks.failed();
        ctx.back_off(&mut backoff, failure).await?;
        ask = true;
    }
}
