//! The limits S3 documents for the operations Panopto's upload endpoint serves, enforced with
//! S3's own error codes so that a client that passes here cannot fail there for size alone:
//! object key length, part and single-PUT sizes, the size of a whole multipart object, user
//! metadata and the request's header section. (Part numbers, 1–10,000, are checked where they
//! are parsed, in `validate.rs`; the 5 MiB floor of every part but the last, at Complete.)
//! Sources: the S3 User Guide ("Creating object key names", "Amazon S3 multipart upload
//! limits", "Working with object metadata") and the S3 API Reference's error code list.

use super::xml::S3Error;

/// "The name for a key is a sequence of Unicode characters whose UTF-8 encoding is at most
/// 1,024 bytes long." The whole key counts: here `{upload ID}/{file name}`.
pub const MAX_KEY_BYTES: usize = 1024;
/// Largest part of a multipart upload, and largest single PUT: 5 GiB.
pub const MAX_PART_BYTES: u64 = 5 * 1024 * 1024 * 1024;
/// Largest object a multipart upload may assemble: 5 TiB.
pub const MAX_OBJECT_BYTES: u64 = 5 * 1024 * 1024 * 1024 * 1024;
/// "The user-defined metadata is limited to 2 KB in size", measured as the sum of the bytes
/// of each `x-amz-meta-` key (without the prefix) and value.
pub const MAX_METADATA_BYTES: usize = 2 * 1024;
/// "Your request header section exceeds the maximum allowed size": 8 KiB of headers.
pub const MAX_HEADER_SECTION_BYTES: usize = 8 * 1024;

/// `KeyTooLongError` for a key over 1,024 bytes of UTF-8.
pub fn check_key(full_key: &str) -> Result<(), S3Error> {
    if full_key.len() <= MAX_KEY_BYTES {
        return Ok(());
    }
    Err(S3Error::new(400, "KeyTooLongError", "Your key is too long")
        .with("MaxSizeAllowed", MAX_KEY_BYTES.to_string())
        .with("Size", full_key.len().to_string()))
}

/// `RequestHeaderSectionTooLarge` when the headers as sent (`name: value\r\n` each) exceed 8 KiB.
pub fn check_header_section(headers: &[(String, String)]) -> Result<(), S3Error> {
    let size: usize = headers.iter().map(|(n, v)| n.len() + 2 + v.len() + 2).sum();
    if size <= MAX_HEADER_SECTION_BYTES {
        return Ok(());
    }
    Err(S3Error::new(
        400,
        "RequestHeaderSectionTooLarge",
        "Your request header section exceeds the maximum allowed size.",
    )
    .with("MaxSizeAllowed", MAX_HEADER_SECTION_BYTES.to_string()))
}

/// `MetadataTooLarge` when the `x-amz-meta-*` names (without the prefix) and values add up to
/// more than 2 KiB; for the operations that create an object (PutObject, CreateMultipartUpload).
pub fn check_metadata(headers: &[(String, String)]) -> Result<(), S3Error> {
    let size: usize =
        headers.iter().filter_map(|(n, v)| n.strip_prefix("x-amz-meta-").map(|k| k.len() + v.len())).sum();
    if size <= MAX_METADATA_BYTES {
        return Ok(());
    }
    Err(S3Error::new(400, "MetadataTooLarge", "Your metadata headers exceed the maximum allowed metadata size.")
        .with("Size", size.to_string())
        .with("MaxSizeAllowed", MAX_METADATA_BYTES.to_string()))
}

/// `EntityTooLarge` for a body (a part, a single PUT) whose declared length is over 5 GiB:
/// answered before a byte of it is read, as S3 does.
pub fn check_body_length(content_length: Option<&str>) -> Result<(), S3Error> {
    match content_length.and_then(|v| v.trim().parse::<u64>().ok()) {
        Some(n) if n > MAX_PART_BYTES => Err(too_large(n, MAX_PART_BYTES)),
        _ => Ok(()),
    }
}

/// `EntityTooLarge` for a multipart object whose parts add up to more than 5 TiB.
pub fn check_object_size(total: u64) -> Result<(), S3Error> {
    if total <= MAX_OBJECT_BYTES {
        return Ok(());
    }
    Err(too_large(total, MAX_OBJECT_BYTES))
}

fn too_large(proposed: u64, max: u64) -> S3Error {
    S3Error::new(400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size")
        .with("ProposedSize", proposed.to_string())
        .with("MaxSizeAllowed", max.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect()
    }

    #[test]
    fn each_limit_holds_at_its_edge_and_fails_one_byte_past_it() {
        let key = |n: usize| "k".repeat(n);
        assert!(check_key(&key(1024)).is_ok());
        let e = check_key(&key(1025)).unwrap_err();
        assert_eq!((e.status, e.code), (400, "KeyTooLongError"));
        // Bytes of UTF-8, not characters: 512 two-byte characters are 1,024 bytes.
        assert!(check_key(&"é".repeat(512)).is_ok());
        assert!(check_key(&format!("{}a", "é".repeat(512))).is_err());

        assert!(check_body_length(Some("5368709120")).is_ok());
        assert_eq!(check_body_length(Some("5368709121")).unwrap_err().code, "EntityTooLarge");
        assert!(check_body_length(None).is_ok() && check_body_length(Some("junk")).is_ok());
        assert!(check_object_size(MAX_OBJECT_BYTES).is_ok());
        assert_eq!(check_object_size(MAX_OBJECT_BYTES + 1).unwrap_err().code, "EntityTooLarge");

        let meta = |n: usize| h(&[("x-amz-meta-t", &"v".repeat(n - 1)), ("content-type", &"x".repeat(4000))]);
        assert!(check_metadata(&meta(2048)).is_ok(), "other headers do not count");
        assert_eq!(check_metadata(&meta(2049)).unwrap_err().code, "MetadataTooLarge");

        // "x-big: " + value + CRLF: 7 + 2 + value bytes.
        assert!(check_header_section(&h(&[("x-big", &"v".repeat(8192 - 9))])).is_ok());
        let e = check_header_section(&h(&[("x-big", &"v".repeat(8192 - 8))])).unwrap_err();
        assert_eq!(e.code, "RequestHeaderSectionTooLarge");
    }
}
