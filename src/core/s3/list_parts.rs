//! ListParts: `GET …?uploadId=X[&part-number-marker=M]`, paginated (S3's default page is
//! 1,000 parts; the caller follows `NextPartNumberMarker`).
//!
//! Used to resume (which parts does the server already hold?) and to recover ETags that
//! CORS hid from the UploadPart response.

use super::error::{S3Error, S3Oddity};
use super::request::{S3Body, S3Object, S3Request};
use super::xml;
use crate::core::amz_date::AmzDate;
use crate::core::sigv4::{PayloadHash, SigningError};

pub fn build(
    object: &S3Object,
    upload_id: &str,
    part_number_marker: Option<u32>,
    now: AmzDate,
) -> Result<S3Request, SigningError> {
    let mut query = vec![("uploadId".to_string(), upload_id.to_string())];
    if let Some(m) = part_number_marker {
        query.push(("part-number-marker".into(), m.to_string()));
    }
    object.build("GET", &query, Vec::new(), S3Body::Empty, PayloadHash::empty(), now)
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListedPart {
    pub number: u32,
    pub etag: String,
    pub size: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListPartsOutput {
    pub parts: Vec<ListedPart>,
    /// `Some(marker)` when more pages follow: pass it as `part_number_marker`.
    pub next_part_number_marker: Option<u32>,
}

pub fn parse(status: u16, body: &str) -> Result<ListPartsOutput, S3Error> {
    if status != 200 {
        return Err(S3Error::from_response(status, body));
    }
    let items = xml::flatten(body).map_err(|e| S3Error::unexpected(status, S3Oddity::NotXml(e)))?;
    let bad = |oddity| S3Error::unexpected(status, oddity);
    let mut parts = Vec::new();
    let (mut number, mut etag, mut size) = (None, None, None);
    for (path, text) in &items {
        match path.as_str() {
            "ListPartsResult/Part/PartNumber" => {
                number = Some(text.parse::<u32>().map_err(|_| bad(S3Oddity::BadPartNumber(text.clone())))?)
            }
            "ListPartsResult/Part/ETag" => etag = Some(text.clone()),
            "ListPartsResult/Part/Size" => {
                size = Some(text.parse::<u64>().map_err(|_| bad(S3Oddity::BadSize(text.clone())))?)
            }
            "ListPartsResult/Part" => match (number.take(), etag.take(), size.take()) {
                (Some(number), Some(etag), Some(size)) => parts.push(ListedPart { number, etag, size }),
                _ => return Err(bad(S3Oddity::IncompletePart)),
            },
            _ => {}
        }
    }
    let truncated = xml::first(&items, "ListPartsResult/IsTruncated") == Some("true");
    let next_part_number_marker = if truncated {
        let m = xml::first(&items, "ListPartsResult/NextPartNumberMarker").and_then(|m| m.parse().ok());
        Some(m.ok_or_else(|| bad(S3Oddity::NoMarker))?)
    } else {
        None
    };
    Ok(ListPartsOutput { parts, next_part_number_marker })
}
