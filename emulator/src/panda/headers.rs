//! Strict parsing of the request headers the Panda location reads: Content-Range (the seed's
//! `bytes RS-RE/L` and the status query's `bytes */L`, nothing looser), Content-Type (which
//! kind of body: chunk bytes or a multipart form, and the form's boundary) and Content-Length.

use axum::http::{header, HeaderMap};

#[derive(Debug, PartialEq)]
pub enum ContentRange {
    /// `bytes RS-RE/L`: bytes RS..=RE of an L-byte file.
    Bytes { start: u64, end: u64, total: u64 },
    /// `bytes */L`: how much of the L-byte file does the server hold?
    Status { total: u64 },
}

/// Parses one Content-Range value, as `^bytes (\d+)-(\d+)/(\d+)$` or `^bytes \*/(\d+)$`.
pub fn content_range(v: &str) -> Result<ContentRange, String> {
    let bad = || {
        format!("Content-Range '{v}' is malformed: expected 'bytes RS-RE/L' (RS, RE and L decimal, e.g. 'bytes 0-4/9'), or 'bytes */L' for a status query")
    };
    let rest = v.strip_prefix("bytes ").ok_or_else(bad)?;
    let (range, total) = rest.split_once('/').ok_or_else(bad)?;
    let total = number(total).ok_or_else(bad)?;
    if range == "*" {
        return Ok(ContentRange::Status { total });
    }
    let (start, end) = range.split_once('-').ok_or_else(bad)?;
    Ok(ContentRange::Bytes { start: number(start).ok_or_else(bad)?, end: number(end).ok_or_else(bad)?, total })
}

/// `\d+` as a u64; None for anything else, including numbers past u64 (no file is that big).
fn number(s: &str) -> Option<u64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// What a request body is, by its Content-Type.
#[derive(Debug, PartialEq)]
pub enum BodyKind {
    /// No Content-Type (the seed's own chunk example sends none).
    Unlabelled,
    OctetStream,
    /// `multipart/form-data` with its boundary, or why the boundary is unusable.
    Form(Result<String, String>),
    Other(String),
}

pub fn body_kind(headers: &HeaderMap) -> BodyKind {
    let Some(v) = headers.get(header::CONTENT_TYPE) else { return BodyKind::Unlabelled };
    let Ok(v) = v.to_str() else { return BodyKind::Other("(not visible ASCII)".into()) };
    let mut parts = v.split(';');
    let media = parts.next().unwrap_or("").trim().to_ascii_lowercase();
    match media.as_str() {
        "application/octet-stream" => BodyKind::OctetStream,
        "multipart/form-data" => BodyKind::Form(boundary(parts)),
        _ => BodyKind::Other(v.to_string()),
    }
}

/// The `boundary` parameter (RFC 2046 §5.1.1: 1 to 70 characters), quoted or not.
fn boundary<'a>(params: impl Iterator<Item = &'a str>) -> Result<String, String> {
    for p in params {
        let Some((k, val)) = p.split_once('=') else { continue };
        if !k.trim().eq_ignore_ascii_case("boundary") {
            continue;
        }
        let val = val.trim();
        let val = val.strip_prefix('"').and_then(|x| x.strip_suffix('"')).unwrap_or(val);
        if val.is_empty() || val.len() > 70 {
            return Err(format!("the multipart boundary must be 1 to 70 characters, got {} ('{val}')", val.len()));
        }
        return Ok(val.to_string());
    }
    Err("Content-Type multipart/form-data has no boundary parameter".into())
}

/// The declared Content-Length, if any (hyper has already refused malformed ones).
pub fn content_length(headers: &HeaderMap) -> Option<u64> {
    headers.get(header::CONTENT_LENGTH)?.to_str().ok()?.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn content_range_is_parsed_strictly() {
        assert_eq!(content_range("bytes 0-4/9"), Ok(ContentRange::Bytes { start: 0, end: 4, total: 9 }));
        assert_eq!(content_range("bytes */9"), Ok(ContentRange::Status { total: 9 }));
        for bad in [
            "bytes 0-4",
            "bytes=0-4/9",
            "Bytes 0-4/9",
            "bytes  0-4/9",
            "bytes 0-4/9 ",
            "bytes -4/9",
            "bytes 0-/9",
            "bytes 0-4/*",
            "bytes +0-4/9",
            "bytes 0x1-4/9",
            "bytes 0-4/99999999999999999999999",
            "0-4/9",
            "",
        ] {
            assert!(content_range(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn body_kinds_and_boundaries() {
        let kind = |ct: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_str(ct).unwrap());
            body_kind(&h)
        };
        assert_eq!(body_kind(&HeaderMap::new()), BodyKind::Unlabelled);
        assert_eq!(kind("Application/Octet-Stream"), BodyKind::OctetStream);
        assert_eq!(kind("multipart/form-data; boundary=abc"), BodyKind::Form(Ok("abc".into())));
        assert_eq!(kind("multipart/form-data; charset=x; Boundary=\"a b\""), BodyKind::Form(Ok("a b".into())));
        assert!(matches!(kind("multipart/form-data"), BodyKind::Form(Err(_))));
        assert!(matches!(kind(&format!("multipart/form-data; boundary={}", "x".repeat(71))), BodyKind::Form(Err(_))));
        assert_eq!(kind("text/plain"), BodyKind::Other("text/plain".into()));
    }
}
