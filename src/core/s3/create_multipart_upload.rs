//! CreateMultipartUpload: `POST /{target}/{file}?uploads` → `UploadId`.

use super::error::{S3Error, S3Oddity};
use super::request::{q, S3Body, S3Object, S3Request};
use super::xml;
use crate::core::amz_date::AmzDate;
use crate::core::sigv4::{PayloadHash, SigningError};

pub fn build(object: &S3Object, content_type: Option<&str>, now: AmzDate) -> Result<S3Request, SigningError> {
    // Content-Type set here becomes the object's type; it must be signed if sent.
    let headers = content_type.map(|t| vec![("content-type".to_string(), t.to_string())]).unwrap_or_default();
    object.build("POST", &q(&[("uploads", "")]), headers, S3Body::Empty, PayloadHash::empty(), now)
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreateMultipartUploadOutput {
    pub bucket: String,
    pub key: String,
    pub upload_id: String,
}

pub fn parse(status: u16, body: &str) -> Result<CreateMultipartUploadOutput, S3Error> {
    if status != 200 {
        return Err(S3Error::from_response(status, body));
    }
    let items = xml::flatten(body).map_err(|e| S3Error::unexpected(status, S3Oddity::NotXml(e)))?;
    let get =
        |k: &str| xml::first(&items, &format!("InitiateMultipartUploadResult/{k}")).unwrap_or_default().to_string();
    let upload_id = get("UploadId");
    if upload_id.is_empty() {
        return Err(S3Error::unexpected(status, S3Oddity::NoUploadId));
    }
    Ok(CreateMultipartUploadOutput { bucket: get("Bucket"), key: get("Key"), upload_id })
}
