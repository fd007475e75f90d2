//! One file through S3 multipart: CreateMultipartUpload, up to `concurrency` UploadPart
//! requests in flight, then CompleteMultipartUpload with a list the parts collector has
//! checked. Each part is checksummed while it is sent (the browser hashes it in a worker
//! from the same file slice) and dropped once acknowledged, so memory is bounded by the
//! parts in flight whatever the file size. The file's CRC-32
//! (for the manifest's `Checksum`) is combined from the parts' CRCs at the end.
//!
//! How far it got is written to the file's [`FileLog`] at every step, so a failure, a
//! pause or a reload resumes without sending an acknowledged part again.

use super::context::EngineContext;
use super::error::{ErrorCode, UploadError};
use super::part_sums::{part_sums, PartSums};
use super::ports::FileSource;
use super::progress::{transfer_id, Transfer};
use super::reconcile::{is_no_such_upload, reconcile, recover_etags};
use super::record::{AckedPart, FileChange, FileLog, FileRecord, MultipartState, UploadedFile};
use super::s3_client::{PartBody, S3Client};
use super::slots::Slots;
use crate::core::checksum::Crc32;
use crate::core::part_plan::{PartPlan, PartRange};
use crate::core::s3::PartsCollector;
use crate::text::ErrorText;
use futures_util::future::join;
use futures_util::stream::{FuturesUnordered, StreamExt};
use std::cell::Cell;
use std::collections::BTreeMap;
use std::rc::Rc;

/// One file to upload.
pub struct FileUpload<'a> {
    pub s3: S3Client<'a>,
    pub file: &'a dyn FileSource,
    pub plan: PartPlan,
    pub log: &'a dyn FileLog,
    /// Bytes acknowledged (those acknowledged in an earlier run at once, in one step).
    pub on_bytes: &'a dyn Fn(Transfer),
}

/// S3 multipart for the files of one run: the policy, and what was learnt on the way.
pub struct Multipart<'a> {
    ctx: &'a EngineContext,
    concurrency: usize,
    /// A part was acknowledged without a readable ETag (CORS hides it): from then on each
    /// part's MD5 is kept, to check what ListParts reports. Before, it is not worth the time.
    etags_hidden: Cell<bool>,
}

impl<'a> Multipart<'a> {
    pub fn new(ctx: &'a EngineContext, concurrency: usize) -> Self {
        Multipart { ctx, concurrency, etags_hidden: Cell::new(false) }
    }

    /// Upload `job.file`, continuing the multipart upload in its log if there is one. On
    /// failure the multipart upload stays open and the log says how far it got, so a retry
    /// resumes; only a cancel aborts it (see [`S3Client::abort_multipart_upload`]).
    pub async fn upload(&self, job: FileUpload<'_>) -> Result<UploadedFile, UploadError> {
        let FileUpload { s3, file, plan, log, on_bytes } = job;
        match log.read() {
            FileRecord::Done(done) => {
                on_bytes(Transfer::Held(done.size));
                return Ok(done);
            }
            FileRecord::Open(state) if state.part_size == plan.part_size() && state.file_name == s3.file_name() => {
                reconcile(&s3, file, plan, log).await?
            }
            FileRecord::Open(_) => log.write(FileChange::Restarted),
            FileRecord::Pending => {}
        }
        let state = match log.read() {
            FileRecord::Open(state) => state,
            _ => {
                let content_type = Some(file.content_type()).filter(|t| !t.is_empty());
                let upload_id = s3.create_multipart_upload(content_type.as_deref()).await?;
                let state = MultipartState {
                    file_name: s3.file_name().to_string(),
                    upload_id,
                    part_size: plan.part_size(),
                    parts: BTreeMap::new(),
                };
                log.write(FileChange::Opened(state.clone()));
                state
            }
        };
        if state.bytes_acked() > 0 {
            on_bytes(Transfer::Held(state.bytes_acked()));
        }
        let todo: Vec<PartRange> = plan.parts().filter(|p| !state.parts.contains_key(&p.number)).collect();
        self.send_parts(&s3, file, &state.upload_id, todo, log, on_bytes).await?;
        self.complete(&s3, plan, log).await
    }

    async fn send_parts(
        &self,
        s3: &S3Client<'_>,
        file: &dyn FileSource,
        upload_id: &str,
        todo: Vec<PartRange>,
        log: &dyn FileLog,
        on_bytes: &dyn Fn(Transfer),
    ) -> Result<(), UploadError> {
        let slots = Slots::default();
        let mut pending = todo.into_iter();
        let mut in_flight = FuturesUnordered::new();
        let mut failure: Option<UploadError> = None;
        loop {
            // One part more than may be sent is started (its checksum begins while it waits
            // for a slot), so the next part is ready the moment a slot frees. After a
            // failure no new part starts,
            // but the parts already on the wire finish: their acknowledgements are kept
            // for the retry.
            while failure.is_none() && in_flight.len() < self.ctx.allowed_parts(self.concurrency) + 1 {
                match pending.next() {
                    Some(part) => in_flight.push(self.upload_part(s3, file, upload_id, part, &slots, on_bytes)),
                    None => break,
                }
            }
            let Some(done) = in_flight.next().await else { break };
            match done {
                Ok((number, acked, id)) => {
                    let bytes = acked.size;
                    log.write(FileChange::PartAcked(number, acked));
                    on_bytes(Transfer::Acked { id, bytes });
                }
                Err(e) => {
                    failure.get_or_insert(e);
                }
            }
        }
        failure.map_or(Ok(()), Err)
    }

    /// Send one part when a slot is free, reporting its bytes on the wire (under an id of
    /// its own: the tracker adds up the parts in flight), and take its checksums meanwhile.
    ///
    /// Why at the same time rather than checksum first: the CRC only goes into the manifest
    /// (and the record), never into the request, and hashing first put a read of the part
    /// (and, for the first part, the checksum worker's start) before every send: the first
    /// part left ~30-50 ms later. A part that reads short is still refused as a changed file,
    /// before it is recorded as acknowledged.
    async fn upload_part(
        &self,
        s3: &S3Client<'_>,
        file: &dyn FileSource,
        upload_id: &str,
        part: PartRange,
        slots: &Slots,
        on_bytes: &dyn Fn(Transfer),
    ) -> Result<(u32, AckedPart, u64), UploadError> {
        self.ctx.control.running().await.map_err(|_| UploadError::cancelled())?;
        let want_md5 = self.etags_hidden.get();
        let send = |body: PartBody| async move {
            let _slot = slots.acquire(&|| self.ctx.allowed_parts(self.concurrency)).await;
            let id = transfer_id();
            let etag = s3.upload_part(upload_id, part, &body, &|sent| on_bytes(Transfer::Sending { id, sent })).await?;
            Ok::<_, UploadError>((etag, id))
        };
        let (sums, (etag, id)) = match file.slice(part.start, part.end) {
            // The body goes from the file to the wire without us; only the checksums are
            // ours, taken from the file a window at a time.
            Some(slice) => {
                let (sums, sent) = join(part_sums(file, part, want_md5), send(PartBody::Slice(slice))).await;
                // The file's own problem first: it says more than the send's.
                let sums = sums?;
                sums.check_len(part)?;
                (sums, sent?)
            }
            None => {
                let bytes = file.read(part.start, part.end).await.map_err(UploadError::from)?;
                let sums = PartSums::of(&bytes, want_md5);
                sums.check_len(part)?;
                (sums, send(PartBody::Bytes(Rc::new(bytes))).await?)
            }
        };
        if etag.is_none() {
            self.etags_hidden.set(true);
        }
        let md5 = sums.md5.filter(|_| etag.is_none());
        Ok((part.number, AckedPart { etag, crc32: sums.crc32, size: part.len(), md5 }, id))
    }

    /// Recover hidden ETags if needed, check the list, CompleteMultipartUpload.
    async fn complete(
        &self,
        s3: &S3Client<'_>,
        plan: PartPlan,
        log: &dyn FileLog,
    ) -> Result<UploadedFile, UploadError> {
        let FileRecord::Open(state) = log.read() else {
            return Err(UploadError::new(ErrorCode::Parts, ErrorText::NothingToComplete));
        };
        let mut collector = PartsCollector::new(plan.part_count());
        let mut hidden = Vec::new();
        for (n, p) in &state.parts {
            match &p.etag {
                Some(etag) => collector.record(*n, etag).map_err(parts_error)?,
                None => hidden.push(*n),
            }
        }
        if !hidden.is_empty() {
            recover_etags(s3, &state, &mut collector, &hidden).await?;
        }
        let parts = collector.completed_parts().map_err(parts_error)?;
        let etag = match s3.complete_multipart_upload(&state.upload_id, &parts).await {
            Ok(etag) => etag,
            Err(e) if is_no_such_upload(&e) => settle_lost_complete(s3, plan.file_size(), e).await?,
            Err(e) => return Err(e),
        };
        // CRC-32 of the whole file from the parts' CRCs, in part order.
        let mut crc = Crc32::new();
        for p in state.parts.values() {
            crc.append(p.crc32, p.size);
        }
        let done = UploadedFile { name: s3.file_name().to_string(), size: plan.file_size(), crc32: crc.value(), etag };
        log.write(FileChange::Done(done.clone()));
        Ok(done)
    }
}

/// CompleteMultipartUpload said `NoSuchUpload`: either an earlier attempt completed it
/// and its answer was lost (a dropped connection, a stall timeout), or the upload was
/// aborted. Only the object tells which: present with the file's size means done.
async fn settle_lost_complete(s3: &S3Client<'_>, size: u64, error: UploadError) -> Result<String, UploadError> {
    match s3.head_object().await {
        Ok(h) if h.size == size => Ok(h.etag.unwrap_or_default()),
        _ => Err(error),
    }
}

fn parts_error(e: crate::core::s3::parts_collector::PartsError) -> UploadError {
    UploadError::new(ErrorCode::Parts, ErrorText::Parts(e))
}
