//! What ListParts is for: agreeing with the server on which parts it has before a
//! multipart upload continues (after a reload, a crash or a failure), and recovering part
//! ETags that CORS hid. Both check listed ETags against MD5s of our own bytes where S3's
//! ETag is a plain MD5, so a mismatch is an error or a re-send, never a silent splice.

use super::error::{ErrorCode, UploadError};
use super::part_sums::{etag_matches, is_md5, part_sums, same_etag};
use super::ports::FileSource;
use super::record::{AckedPart, FileChange, FileLog, FileRecord, MultipartState};
use super::s3_client::S3Client;
use crate::core::part_plan::{PartPlan, PartRange};
use crate::core::s3::{PartsCollector, S3Code};
use crate::text::ErrorText;
use std::collections::BTreeMap;

/// Before continuing the open multipart upload in `log`, agree with the server on which
/// parts it has.
///
/// Why: the saved state may be behind (the page closed between an acknowledgement and
/// the save) or ahead (the server lost parts, or the upload expired). Parts the server
/// has in full are kept or adopted (their CRC-32 computed from the local file: a read,
/// not a re-send); parts it does not have, or has with another size or ETag, are sent
/// again. An upload the server no longer knows starts over.
pub async fn reconcile(
    s3: &S3Client<'_>,
    file: &dyn FileSource,
    plan: PartPlan,
    log: &dyn FileLog,
) -> Result<(), UploadError> {
    let FileRecord::Open(state) = log.read() else { return Ok(()) };
    let listed = match s3.list_parts(&state.upload_id).await {
        Ok(l) => l,
        Err(e) if is_no_such_upload(&e) => {
            log.write(FileChange::Restarted);
            return Ok(());
        }
        Err(e) => return Err(e),
    };
    let ranges: BTreeMap<u32, PartRange> = plan.parts().map(|p| (p.number, p)).collect();
    let mut known = state.parts;
    let mut agreed = BTreeMap::new();
    for p in listed {
        let Some(range) = ranges.get(&p.number) else { continue };
        if p.size != range.len() {
            continue;
        }
        match known.remove(&p.number) {
            Some(mine) if mine.etag.as_deref().is_none_or(|e| same_etag(e, &p.etag)) => {
                agreed.insert(p.number, AckedPart { etag: Some(p.etag), ..mine });
            }
            Some(_) => {} // different bytes on the server: send ours again
            None => {
                let sums = part_sums(file, *range, true).await?;
                // Adopt only what provably holds our bytes: a file edited since the
                // first run must not be spliced with the old upload's parts.
                if sums.len == range.len() && sums.md5.as_deref().is_some_and(|m| etag_matches(&p.etag, m)) {
                    agreed
                        .insert(p.number, AckedPart { etag: Some(p.etag), crc32: sums.crc32, size: p.size, md5: None });
                }
            }
        }
    }
    log.write(FileChange::PartsAgreed(agreed));
    Ok(())
}

/// The ETag header was not readable (the server does not list it in
/// `Access-Control-Expose-Headers`): ask the server with ListParts instead of hanging or
/// guessing, and check what it lists against the MD5 of what was sent.
pub async fn recover_etags(
    s3: &S3Client<'_>,
    state: &MultipartState,
    collector: &mut PartsCollector,
    missing: &[u32],
) -> Result<(), UploadError> {
    for p in s3.list_parts(&state.upload_id).await?.iter().filter(|p| missing.contains(&p.number)) {
        if let Some(sent) = state.parts.get(&p.number).and_then(|a| a.md5.as_deref()) {
            if is_md5(&p.etag) && !same_etag(&p.etag, sent) {
                let text = ErrorText::EtagMismatch { part: p.number, etag: p.etag.clone(), md5: sent.to_string() };
                return Err(UploadError::new(ErrorCode::EtagMismatch, text));
            }
        }
        collector.record(p.number, &p.etag).map_err(|e| UploadError::new(ErrorCode::Parts, ErrorText::Parts(e)))?;
    }
    match missing.iter().find(|n| !collector.contains(**n)) {
        Some(n) => Err(UploadError::new(ErrorCode::EtagHidden, ErrorText::EtagHidden { part: *n })),
        None => Ok(()),
    }
}

/// S3 no longer knows the multipart upload: aborted, expired, or completed already.
pub fn is_no_such_upload(e: &UploadError) -> bool {
    matches!(&e.code, ErrorCode::S3 { code: S3Code::NoSuchUpload, .. })
}
