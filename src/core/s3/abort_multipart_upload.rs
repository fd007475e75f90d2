//! AbortMultipartUpload: `DELETE …?uploadId=X`, so a cancelled upload leaves no parts behind.

use super::error::{S3Code, S3Error};
use super::request::{q, S3Body, S3Object, S3Request};
use crate::core::amz_date::AmzDate;
use crate::core::sigv4::{PayloadHash, SigningError};

pub fn build(object: &S3Object, upload_id: &str, now: AmzDate) -> Result<S3Request, SigningError> {
    object.build("DELETE", &q(&[("uploadId", upload_id)]), Vec::new(), S3Body::Empty, PayloadHash::empty(), now)
}

/// 204 is success; so is `NoSuchUpload` (already aborted or completed: nothing to undo).
pub fn parse(status: u16, body: &str) -> Result<(), S3Error> {
    if (200..300).contains(&status) {
        return Ok(());
    }
    let e = S3Error::from_response(status, body);
    if e.code == S3Code::NoSuchUpload {
        Ok(())
    } else {
        Err(e)
    }
}
