//! What ListParts is for: recovering part ETags that CORS hid, and agreeing with the
//! server on which parts it has before a multipart upload continues (after a reload, a
//! crash or a failure). Both check listed ETags against MD5s of our own bytes where S3's
//! ETag is a plain MD5, so a mismatch is an error or a re-send, never a silent splice.

use super::context::EngineContext;
use super::error::UploadError;
use super::multipart::{judge_s3, parts_error, signing_error, to_http, AckedPart, MultipartState};
use super::ports::{FileError, FileSource};
use crate::core::checksum::Crc32;
use crate::core::part_plan::{PartPlan, PartRange};
use crate::core::s3::{self, PartsCollector, S3Client};
use std::cell::RefCell;
use std::collections::BTreeMap;

/// Every part the server holds for `upload_id` (all pages).
async fn list_all_parts(
    ctx: &EngineContext,
    client: &S3Client,
    upload_id: &str,
) -> Result<Vec<s3::list_parts::ListedPart>, UploadError> {
    let mut marker = None;
    let mut all = Vec::new();
    loop {
        let page = ctx
            .send(
                || {
                    Ok(to_http(
                        s3::list_parts::build(client, upload_id, None, marker, ctx.signing_time())
                            .map_err(signing_error)?,
                        None,
                    ))
                },
                |r| judge_s3(ctx, "ListParts", r, |r| s3::list_parts::parse(r.status, &r.body)),
            )
            .await?;
        all.extend(page.parts);
        match page.next_part_number_marker {
            Some(m) => marker = Some(m),
            None => return Ok(all),
        }
    }
}

/// The ETag header was not readable (the server does not list it in
/// `Access-Control-Expose-Headers`): ask the server with ListParts instead of hanging or
/// guessing.
pub(super) async fn recover_etags(
    ctx: &EngineContext,
    client: &S3Client,
    upload_id: &str,
    collector: &mut PartsCollector,
    missing: &[u32],
    sent_md5: impl Fn(u32) -> Option<String>,
) -> Result<(), UploadError> {
    for p in list_all_parts(ctx, client, upload_id).await?.iter().filter(|p| missing.contains(&p.number)) {
        if let Some(sent) = sent_md5(p.number) {
            if is_md5(&p.etag) && !same_etag(&p.etag, &sent) {
                return Err(UploadError::new(
                    "etag-mismatch",
                    format!("part {} on the server (ETag {}) is not what was sent (MD5 {sent})", p.number, p.etag),
                    false,
                ));
            }
        }
        collector.record(p.number, &p.etag).map_err(parts_error)?;
    }
    match missing.iter().find(|n| !collector.contains(**n)) {
        Some(n) => Err(UploadError::new(
            "etag-hidden",
            format!(
                "part {n} was sent but its ETag is neither readable (CORS must expose ETag) nor listed by ListParts"
            ),
            false,
        )),
        None => Ok(()),
    }
}

fn same_etag(a: &str, b: &str) -> bool {
    a.trim_matches('"').eq_ignore_ascii_case(b.trim_matches('"'))
}

pub(super) fn md5_hex(bytes: &[u8]) -> String {
    use md5::{Digest, Md5};
    hex(&Md5::digest(bytes))
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// What the engine needs to know of a part's bytes without keeping them.
pub(super) struct PartSums {
    /// Bytes actually read (short when the file changed).
    pub len: u64,
    pub crc32: u32,
    pub md5: Option<String>,
}

/// CRC-32 (and MD5 when asked) of a part, fed from the file a chunk at a time.
pub(super) async fn part_sums(
    file: &dyn FileSource,
    range: PartRange,
    want_md5: bool,
) -> Result<PartSums, UploadError> {
    use md5::{Digest, Md5};
    let mut crc = Crc32::new();
    let mut md5 = want_md5.then(Md5::new);
    let mut sink = |chunk: &[u8]| {
        crc.update(chunk);
        if let Some(m) = md5.as_mut() {
            m.update(chunk);
        }
    };
    let len = file.read_chunks(range.start, range.end, &mut sink).await.map_err(read_error)?;
    Ok(PartSums { len, crc32: crc.value(), md5: md5.map(|m| hex(&m.finalize())) })
}

pub(super) fn read_error(e: FileError) -> UploadError {
    UploadError::new("file-read", format!("{e} (was the file moved or changed?)"), false)
}

/// A plain part ETag is the hex MD5 of the part; servers may use other ETags (then
/// there is nothing to check against).
fn is_md5(etag: &str) -> bool {
    let e = etag.trim_matches('"');
    e.len() == 32 && e.bytes().all(|b| b.is_ascii_hexdigit())
}

fn etag_matches(etag: &str, md5: &str) -> bool {
    !is_md5(etag) || same_etag(etag, md5)
}

/// Before continuing a multipart upload, agree with the server on which parts it has.
///
/// Why: the saved state may be behind (the page closed between an acknowledgement and
/// the save) or ahead (the server lost parts, or the upload expired). Parts the server
/// has in full are kept or adopted (their CRC-32 computed from the local file: a read,
/// not a re-send); parts it does not have, or has with another size or ETag, are sent
/// again. An upload the server no longer knows starts over.
pub(super) async fn reconcile(
    ctx: &EngineContext,
    client: &S3Client,
    file: &dyn FileSource,
    plan: PartPlan,
    state: &RefCell<Option<MultipartState>>,
) -> Result<(), UploadError> {
    let Some(upload_id) = state.borrow().as_ref().map(|s| s.upload_id.clone()) else { return Ok(()) };
    let listed = match list_all_parts(ctx, client, &upload_id).await {
        Ok(l) => l,
        Err(e) if e.code == "s3-NoSuchUpload" => {
            *state.borrow_mut() = None;
            return Ok(());
        }
        Err(e) => return Err(e),
    };
    let ranges: BTreeMap<u32, PartRange> = plan.parts().map(|p| (p.number, p)).collect();
    let mut known = state.borrow().as_ref().map(|s| s.parts.clone()).unwrap_or_default();
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
    if let Some(s) = state.borrow_mut().as_mut() {
        s.parts = agreed;
    }
    Ok(())
}
