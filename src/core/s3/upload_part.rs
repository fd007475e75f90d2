//! UploadPart: `PUT …?partNumber=N&uploadId=X` with the part's bytes; the answer is the
//! part's `ETag` header, which CompleteMultipartUpload must quote back exactly.

use super::error::S3Error;
use super::request::{q, S3Body, S3Client, S3Request};
use crate::core::amz_date::AmzDate;
use crate::core::part_plan::PartRange;
use crate::core::sigv4::{PayloadHash, SigningError};

/// `payload` is the hex SHA-256 of the slice when the caller hashed it (WebCrypto is
/// ~6× faster than hashing in wasm) or `Unsigned`.
pub fn build(
    client: &S3Client,
    upload_id: &str,
    part: PartRange,
    payload: PayloadHash,
    now: AmzDate,
) -> Result<S3Request, SigningError> {
    let number = part.number.to_string();
    let query = q(&[("partNumber", &number), ("uploadId", upload_id)]);
    let body = S3Body::FileSlice { start: part.start, end: part.end };
    client.build("PUT", &query, Vec::new(), body, payload, now)
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
