//! HeadObject: `HEAD /{key}`. Used once, to settle a CompleteMultipartUpload whose answer
//! was lost: a retried Complete gets `NoSuchUpload` because the first one finished, and
//! only the object itself can tell "completed" from "aborted".

use super::error::{S3Error, S3Oddity};
use super::request::{S3Body, S3Object, S3Request};
use crate::core::amz_date::AmzDate;
use crate::core::sigv4::{PayloadHash, SigningError};

pub fn build(object: &S3Object, now: AmzDate) -> Result<S3Request, SigningError> {
    object.build("HEAD", &[], Vec::new(), S3Body::Empty, PayloadHash::empty(), now)
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeadObjectOutput {
    pub size: u64,
    /// `None` when CORS hides it.
    pub etag: Option<String>,
}

/// A HEAD answer has no body: errors are known by their status only.
pub fn parse(status: u16, content_length: Option<&str>, etag: Option<&str>) -> Result<HeadObjectOutput, S3Error> {
    match status {
        200 => {
            let size = content_length
                .and_then(|v| v.trim().parse().ok())
                .ok_or_else(|| S3Error::unexpected(status, S3Oddity::NoContentLength))?;
            Ok(HeadObjectOutput { size, etag: etag.map(str::to_string) })
        }
        404 => Err(S3Error::from_response(
            status,
            "<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>",
        )),
        _ => Err(S3Error::unexpected(status, S3Oddity::HeadFailed)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn size_and_etag_or_a_clear_error() {
        assert_eq!(
            parse(200, Some("2147483648"), Some("\"abc-410\"")).unwrap(),
            HeadObjectOutput { size: 2_147_483_648, etag: Some("\"abc-410\"".into()) }
        );
        assert_eq!(parse(200, Some("5"), None).unwrap().etag, None);
        assert!(parse(200, None, None).is_err());
        assert_eq!(parse(404, None, None).unwrap_err().code, super::super::error::S3Code::NoSuchKey);
        assert_eq!(parse(403, None, None).unwrap_err().status, 403);
    }
}
