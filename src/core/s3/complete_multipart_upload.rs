//! CompleteMultipartUpload: `POST …?uploadId=X` with the part list as raw XML.
//!
//! Panopto quirks: the body must be raw XML text (JSON-encoding it once added quotes that
//! broke parsing, UploadAPISamples 0f660f3), and ETags go in exactly as returned, quotes
//! included and not escaped (dce7d20: "not needed in XML body").

use super::error::{S3Error, S3Oddity};
use super::parts_collector::{check_complete_list, CompletedPart, PartsError};
use super::request::{q, S3Body, S3Object, S3Request};
use super::xml;
use crate::core::amz_date::AmzDate;
use crate::core::sigv4::{PayloadHash, SigningError};
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CompleteBuildError {
    Parts(PartsError),
    Signing(SigningError),
}

pub fn body_xml(parts: &[CompletedPart]) -> String {
    let mut s = String::from("<CompleteMultipartUpload>");
    for p in parts {
        // Only `&`, `<`, `>` can break element text; quotes stay as S3 sent them.
        let etag = quick_xml::escape::partial_escape(&p.etag);
        s.push_str(&format!("<Part><PartNumber>{}</PartNumber><ETag>{etag}</ETag></Part>", p.number));
    }
    s.push_str("</CompleteMultipartUpload>");
    s
}

/// Build from a checked list (see [`super::PartsCollector::completed_parts`]); a list with
/// a gap, a duplicate or an empty ETag is refused here too.
pub fn build(
    object: &S3Object,
    upload_id: &str,
    parts: &[CompletedPart],
    now: AmzDate,
) -> Result<S3Request, CompleteBuildError> {
    if parts.is_empty() {
        return Err(CompleteBuildError::Parts(PartsError::Gap(1)));
    }
    check_complete_list(parts).map_err(CompleteBuildError::Parts)?;
    let body = body_xml(parts).into_bytes();
    // The hash covers the exact bytes sent: no re-serialisation after hashing.
    let payload = PayloadHash::of(&body);
    let headers = vec![("content-type".to_string(), "application/xml".to_string())];
    object
        .build("POST", &q(&[("uploadId", upload_id)]), headers, S3Body::Bytes(body), payload, now)
        .map_err(CompleteBuildError::Signing)
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompleteMultipartUploadOutput {
    pub location: String,
    pub bucket: String,
    pub key: String,
    pub etag: String,
}

/// S3 can answer **200 with an `<Error>` body** here (the failure happens after the
/// headers were sent), so the body decides, not the status.
pub fn parse(status: u16, body: &str) -> Result<CompleteMultipartUploadOutput, S3Error> {
    if status != 200 {
        return Err(S3Error::from_response(status, body));
    }
    let items = xml::flatten(body).map_err(|e| S3Error::unexpected(status, S3Oddity::NotXml(e)))?;
    if items.iter().any(|(p, _)| p == "Error") {
        return Err(S3Error::from_response(status, body));
    }
    let get = |k: &str| xml::first(&items, &format!("CompleteMultipartUploadResult/{k}")).map(String::from);
    match get("ETag") {
        Some(etag) => Ok(CompleteMultipartUploadOutput {
            location: get("Location").unwrap_or_default(),
            bucket: get("Bucket").unwrap_or_default(),
            key: get("Key").unwrap_or_default(),
            etag,
        }),
        None => Err(S3Error::unexpected(status, S3Oddity::NoCompleteResult)),
    }
}
