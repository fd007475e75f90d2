//! One file through S3 multipart: CreateMultipartUpload, up to `concurrency` UploadPart
//! requests in flight, then CompleteMultipartUpload with a list the parts collector has
//! checked. Each part is read from the file just before it is sent and dropped once
//! acknowledged, so memory is bounded by concurrency × part size whatever the file size.
//! The file's CRC-32 (for the manifest's `Checksum`) is computed from the same bytes,
//! part by part, and combined in order at the end.

use super::context::{EngineContext, Verdict};
use super::error::UploadError;
use super::list_parts::{md5_hex, part_sums, read_error, reconcile, recover_etags};
use super::ports::{FileSlice, FileSource, HttpRequest, HttpResponse};
use super::slots::Slots;
use crate::core::checksum::{crc32, Crc32};
use crate::core::part_plan::{PartPlan, PartRange};
use crate::core::s3::{self, PartsCollector, S3Body, S3Client, S3Error, S3Request};
use crate::core::sigv4::PayloadHash;
use futures_util::stream::{FuturesUnordered, StreamExt};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

/// What is known once a file is uploaded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadedFile {
    pub name: String,
    pub size: u64,
    pub crc32: u32,
    pub etag: String,
}

/// A part the server acknowledged.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AckedPart {
    /// `None` when CORS hid the header; recovered with ListParts before completing.
    pub etag: Option<String>,
    pub crc32: u32,
    pub size: u64,
    /// MD5 of the bytes sent, kept only when the ETag was hidden: S3's part ETag is the
    /// MD5 of the part, so the ETag ListParts returns later can be checked against it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub md5: Option<String>,
}

/// An open multipart upload: everything needed to continue it after a failure, a pause or
/// (persisted) a reload, without re-sending an acknowledged part.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MultipartState {
    /// The object's name in the upload target (what a cancel must abort).
    pub file_name: String,
    pub upload_id: String,
    pub part_size: u64,
    pub parts: BTreeMap<u32, AckedPart>,
}

pub(crate) fn to_http(r: S3Request, body: Option<&PartBody>) -> HttpRequest {
    let (body, slice) = match (r.body, body) {
        (S3Body::Empty, _) => (None, None),
        (S3Body::Bytes(b), _) => (Some(Rc::new(b)), None),
        (S3Body::FileSlice { .. }, Some(PartBody::Bytes(b))) => (Some(b.clone()), None),
        (S3Body::FileSlice { .. }, Some(PartBody::Slice(s))) => (None, Some(s.clone())),
        (S3Body::FileSlice { .. }, None) => (None, None),
    };
    HttpRequest { method: r.method, url: r.url, headers: r.headers, body, slice }
}

/// A part's body: a slice of the file the transport sends itself, or (for in-memory
/// files) the bytes.
pub(crate) enum PartBody {
    Bytes(Rc<Vec<u8>>),
    Slice(FileSlice),
}

/// Judge an S3 answer: clock skew teaches the context the server's time and retries;
/// other transient errors retry; the rest fail with S3's own code and message.
pub(super) fn judge_s3<T>(
    ctx: &EngineContext,
    operation: &str,
    response: &HttpResponse,
    parse: impl FnOnce(&HttpResponse) -> Result<T, S3Error>,
) -> Verdict<T> {
    match parse(response) {
        Ok(v) => Verdict::Done(v),
        Err(e) => {
            if e.code == "RequestTimeTooSkewed" {
                ctx.learn_clock(&e, response);
            }
            let err = UploadError::from_s3(operation, &e);
            if e.is_retryable() {
                Verdict::Retry(err)
            } else {
                Verdict::Fail(err)
            }
        }
    }
}

pub(super) fn signing_error(e: impl std::fmt::Display) -> UploadError {
    UploadError::new("signing", e.to_string(), false)
}

pub(super) fn parts_error(e: impl std::fmt::Display) -> UploadError {
    UploadError::new("parts", e.to_string(), false)
}

/// Upload `file` to `client`'s object, continuing the multipart upload in `state` if there
/// is one. `on_part` gets the size of every acknowledged part (those acknowledged before,
/// at once). On failure the multipart upload stays open and `state` says how far it got,
/// so a retry resumes; only a cancel aborts it (see [`abort`]).
#[allow(clippy::too_many_arguments)] // two callbacks: progress (bytes) and state changes (saving)
pub async fn upload_file(
    ctx: &EngineContext,
    client: &S3Client,
    file: &dyn FileSource,
    plan: PartPlan,
    concurrency: usize,
    state: &RefCell<Option<MultipartState>>,
    on_part: &dyn Fn(u64),
    on_change: &dyn Fn(),
) -> Result<UploadedFile, UploadError> {
    let resumable = state
        .borrow()
        .as_ref()
        .is_some_and(|s| s.part_size == plan.part_size() && s.file_name == client.object.file_name());
    if resumable {
        reconcile(ctx, client, file, plan, state).await?;
        on_change();
    } else {
        *state.borrow_mut() = None;
    }
    if state.borrow().is_none() {
        let content_type = Some(file.content_type()).filter(|t| !t.is_empty());
        let created = ctx
            .send(
                || {
                    Ok(to_http(
                        s3::create_multipart_upload::build(client, content_type.as_deref(), ctx.signing_time())
                            .map_err(signing_error)?,
                        None,
                    ))
                },
                |r| {
                    judge_s3(ctx, "CreateMultipartUpload", r, |r| s3::create_multipart_upload::parse(r.status, &r.body))
                },
            )
            .await?;
        let file_name = client.object.file_name().to_string();
        *state.borrow_mut() = Some(MultipartState {
            file_name,
            upload_id: created.upload_id,
            part_size: plan.part_size(),
            parts: BTreeMap::new(),
        });
        on_change();
    }
    let upload_id = state.borrow().as_ref().map(|s| s.upload_id.clone()).unwrap_or_default();
    // Parts acknowledged earlier count at once, in one step.
    let acked: u64 = state.borrow().iter().flat_map(|s| s.parts.values().map(|p| p.size)).sum();
    if acked > 0 {
        on_part(acked);
    }

    let todo: Vec<PartRange> =
        plan.parts().filter(|p| !state.borrow().as_ref().is_some_and(|s| s.parts.contains_key(&p.number))).collect();
    let slots = Slots::default();
    let limit = || ctx.allowed_parts(concurrency);
    let mut pending = todo.into_iter();
    let mut in_flight = FuturesUnordered::new();
    let mut failure: Option<UploadError> = None;
    loop {
        // One part more than may be sent is being prepared (read and checksummed), so
        // the next part is ready the moment a slot frees. After a failure no new part
        // starts, but the parts already on the wire finish: their acknowledgements are
        // kept for the retry.
        while failure.is_none() && in_flight.len() < limit() + 1 {
            match pending.next() {
                Some(part) => in_flight.push(upload_part(ctx, client, file, &upload_id, part, &slots, &limit)),
                None => break,
            }
        }
        let Some(done) = in_flight.next().await else { break };
        match done {
            Ok((part, acked)) => {
                let size = acked.size;
                if let Some(s) = state.borrow_mut().as_mut() {
                    s.parts.insert(part.number, acked);
                }
                on_part(size);
                on_change();
            }
            Err(e) => {
                failure.get_or_insert(e);
            }
        }
    }
    if let Some(e) = failure {
        return Err(e);
    }
    complete(ctx, client, plan, state).await
}

/// Recover hidden ETags if needed, check the list, CompleteMultipartUpload.
async fn complete(
    ctx: &EngineContext,
    client: &S3Client,
    plan: PartPlan,
    state: &RefCell<Option<MultipartState>>,
) -> Result<UploadedFile, UploadError> {
    let snapshot = state.borrow().clone().ok_or_else(|| parts_error("no multipart upload to complete"))?;
    let mut collector = PartsCollector::new(plan.part_count());
    let mut hidden = Vec::new();
    for (n, p) in &snapshot.parts {
        match &p.etag {
            Some(etag) => collector.record(*n, etag).map_err(parts_error)?,
            None => hidden.push(*n),
        }
    }
    if !hidden.is_empty() {
        let sent = |n: u32| snapshot.parts.get(&n).and_then(|p| p.md5.clone());
        recover_etags(ctx, client, &snapshot.upload_id, &mut collector, &hidden, sent).await?;
    }
    let parts = collector.completed_parts().map_err(parts_error)?;
    let completed = ctx
        .send_patient(
            || {
                let r = s3::complete_multipart_upload::build(client, &snapshot.upload_id, &parts, ctx.signing_time())
                    .map_err(signing_error)?;
                Ok(to_http(r, None))
            },
            |r| {
                judge_s3(ctx, "CompleteMultipartUpload", r, |r| s3::complete_multipart_upload::parse(r.status, &r.body))
            },
            ctx.stall.complete_ms,
        )
        .await;
    let etag = match completed {
        Ok(c) => c.etag,
        Err(e) if e.code == "s3-NoSuchUpload" => settle_lost_complete(ctx, client, plan.file_size(), e).await?,
        Err(e) => return Err(e),
    };
    // CRC-32 of the whole file from the parts' CRCs, in part order.
    let mut crc = Crc32::new();
    for p in snapshot.parts.values() {
        crc.append(p.crc32, p.size);
    }
    Ok(UploadedFile { name: client.object.file_name().to_string(), size: plan.file_size(), crc32: crc.value(), etag })
}

/// CompleteMultipartUpload said `NoSuchUpload`: either an earlier attempt completed it
/// and its answer was lost (a dropped connection, a stall timeout), or the upload was
/// aborted. Only the object tells which: present with the file's size means done.
async fn settle_lost_complete(
    ctx: &EngineContext,
    client: &S3Client,
    size: u64,
    error: UploadError,
) -> Result<String, UploadError> {
    let head = ctx
        .send(
            || Ok(to_http(s3::head_object::build(client, ctx.signing_time()).map_err(signing_error)?, None)),
            |r| {
                judge_s3(ctx, "HeadObject", r, |r| {
                    s3::head_object::parse(r.status, r.header("content-length"), r.header("etag"))
                })
            },
        )
        .await;
    match head {
        Ok(h) if h.size == size => Ok(h.etag.unwrap_or_default()),
        _ => Err(error),
    }
}

/// Read, checksum and send one part. Returns its ETag (`None` when CORS hid it).
async fn upload_part(
    ctx: &EngineContext,
    client: &S3Client,
    file: &dyn FileSource,
    upload_id: &str,
    part: PartRange,
    slots: &Slots,
    limit: &dyn Fn() -> usize,
) -> Result<(PartRange, AckedPart), UploadError> {
    ctx.control.running().await.map_err(|_| UploadError::cancelled())?;
    // Once ETags have been seen hidden, keep each part's MD5 to check what ListParts
    // reports later; otherwise it is not worth the time.
    let want_md5 = ctx.etags_hidden.get();
    let (read, crc32, md5, body) = match file.slice(part.start, part.end) {
        // The body goes from the file to the wire without us; we only need the checksums,
        // taken a window at a time.
        Some(slice) => {
            let sums = part_sums(file, part, want_md5).await?;
            (sums.len, sums.crc32, sums.md5, PartBody::Slice(slice))
        }
        None => {
            let bytes = file.read(part.start, part.end).await.map_err(read_error)?;
            let md5 = want_md5.then(|| md5_hex(&bytes));
            (bytes.len() as u64, crc32(&bytes), md5, PartBody::Bytes(Rc::new(bytes)))
        }
    };
    if read != part.len() {
        return Err(UploadError::new(
            "file-changed",
            format!(
                "part {} read {read} bytes instead of {}: the file changed while uploading",
                part.number,
                part.len()
            ),
            false,
        ));
    }
    let _slot = slots.acquire(limit).await;
    let etag = ctx
        .send(
            || {
                // Signed at send time, never ahead: a part waiting in a queue would carry
                // a stale x-amz-date.
                let r = s3::upload_part::build(client, upload_id, part, PayloadHash::Unsigned, ctx.signing_time())
                    .map_err(signing_error)?;
                Ok(to_http(r, Some(&body)))
            },
            |r| judge_s3(ctx, "UploadPart", r, |r| s3::upload_part::parse(r.status, r.header("etag"), &r.body)),
        )
        .await?;
    if etag.is_none() {
        ctx.etags_hidden.set(true);
    }
    let md5 = md5.filter(|_| etag.is_none());
    Ok((part, AckedPart { etag, crc32, size: part.len(), md5 }))
}

/// AbortMultipartUpload after a cancel, tried once: a failure here is not the user's
/// problem (the server expires abandoned uploads).
pub async fn abort(ctx: &EngineContext, client: &S3Client, upload_id: &str) -> Result<(), UploadError> {
    // Runs after a cancel too, so it must not wait on the (cancelled) control.
    let signal = super::control::AbortSignal::new();
    let r = s3::abort_multipart_upload::build(client, upload_id, ctx.signing_time()).map_err(signing_error)?;
    match ctx.http.send(to_http(r, None), &signal).await {
        Ok(resp) => s3::abort_multipart_upload::parse(resp.status, &resp.body)
            .map_err(|e| UploadError::from_s3("AbortMultipartUpload", &e)),
        Err(e) => Err(UploadError::new("network", e.to_string(), true)),
    }
}
