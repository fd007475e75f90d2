//! UploadPart: `PUT …?partNumber=N&uploadId=X` with the part's bytes; the answer is the
//! part's `ETag` header, which CompleteMultipartUpload must quote back exactly.

use super::error::S3Error;
use super::request::{q, S3Body, S3Object, S3Request};
use crate::core::amz_date::AmzDate;
use crate::core::part_plan::PartRange;
use crate::core::sigv4::{PayloadHash, SigningError};

/// Always `UNSIGNED-PAYLOAD`: hashing a part in wasm would cap an upload near 90 MB/s
/// (bench/results/latest.md), and the manifest's CRC-32 already checks every byte end to
/// end. The body is a slice the transport reads from the file itself.
pub fn build(object: &S3Object, upload_id: &str, part: PartRange, now: AmzDate) -> Result<S3Request, SigningError> {
    let number = part.number.to_string();
    let query = q(&[("partNumber", &number), ("uploadId", upload_id)]);
    let body = S3Body::FileSlice { start: part.start, end: part.end };
    object.build("PUT", &query, Vec::new(), body, PayloadHash::Unsigned, now)
}

/// The ETag from a 200 answer. `etag_header` is `None` when the header is missing or
/// hidden by CORS (no `Access-Control-Expose-Headers: ETag`): the caller must then
/// recover it with ListParts rather than guess.
pub fn parse(status: u16, etag_header: Option<&str>, body: &str) -> Result<Option<String>, S3Error> {
    if status != 200 {
        return Err(S3Error::from_response(status, body));
    }
    Ok(etag_header.map(str::trim).filter(|e| !e.is_empty()).map(String::from))
}
