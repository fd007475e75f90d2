//! PutObject: one `PUT` for a small file (the manifest, a caption file). Panopto accepts it
//! (pypanopto uploads its manifest this way); large files go through multipart instead.

use super::error::S3Error;
use super::request::{S3Body, S3Client, S3Request};
use crate::core::amz_date::AmzDate;
use crate::core::sigv4::{PayloadHash, SigningError};

pub fn build(client: &S3Client, body: Vec<u8>, content_type: &str, now: AmzDate) -> Result<S3Request, SigningError> {
    // Small bodies built in Rust are cheap to hash, so they get a real payload hash.
    let payload = PayloadHash::of(&body);
    let headers = vec![("content-type".to_string(), content_type.to_string())];
    client.build("PUT", &[], headers, S3Body::Bytes(body), payload, now)
}

/// The ETag, if S3 answered 200 and CORS let us see it.
pub fn parse(status: u16, etag_header: Option<&str>, body: &str) -> Result<Option<String>, S3Error> {
    super::upload_part::parse(status, etag_header, body)
}
