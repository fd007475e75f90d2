//! Canonicalisation, S3 flavour: the exact strings the signature is computed over. Kept
//! apart from the signing itself because this is where every signer bug in the wild lives
//! (double encoding, normalised paths, sorting before encoding, untrimmed headers).

use super::error::SigningError;
use crate::core::uri_encode::{uri_encode, uri_encode_path};

/// Headers that must never be signed: proxies and browsers add or rewrite them
/// (aws-c-auth and the aws-sigv4 crate skip the same set). A browser cannot set
/// `content-length` either, so S3 requests never give it to the signer.
const NEVER_SIGNED: &[&str] =
    &["authorization", "user-agent", "x-amzn-trace-id", "transfer-encoding", "connection", "expect"];

/// The canonical URI S3 signs and the path the client must send: each segment encoded
/// once, nothing normalised, empty path → `/`.
pub fn canonical_uri(decoded_path: &str) -> String {
    if decoded_path.is_empty() {
        "/".to_string()
    } else {
        uri_encode_path(decoded_path)
    }
}

/// Encode names and values, then sort by (name, value) — sorting before encoding, or
/// sorting whole `name=value` strings, are both classic signer bugs.
pub fn canonical_query(pairs: &[(String, String)]) -> String {
    let mut enc: Vec<(String, String)> = pairs.iter().map(|(k, v)| (uri_encode(k), uri_encode(v))).collect();
    enc.sort();
    enc.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&")
}

/// Trim, and fold every run of whitespace (including obs-fold line breaks) to one space.
pub fn canonical_header_value(value: &str) -> String {
    value.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `(canonical headers block, signed header names)`; repeated headers are joined with `,`
/// in the order they were given.
pub(super) fn canonical_headers(headers: &[(String, String)]) -> (String, String) {
    let mut merged: Vec<(String, String)> = Vec::new();
    for (name, value) in headers {
        let name = name.to_ascii_lowercase();
        if NEVER_SIGNED.contains(&name.as_str()) {
            continue;
        }
        let value = canonical_header_value(value);
        match merged.iter_mut().find(|(n, _)| *n == name) {
            Some((_, v)) => {
                v.push(',');
                v.push_str(&value);
            }
            None => merged.push((name, value)),
        }
    }
    merged.sort_by(|a, b| a.0.cmp(&b.0));
    let block: String = merged.iter().map(|(n, v)| format!("{n}:{v}\n")).collect();
    let names = merged.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>().join(";");
    (block, names)
}

pub(super) fn check_headers(headers: &[(String, String)]) -> Result<(), SigningError> {
    let mut has_host = false;
    for (name, value) in headers {
        let n = name.to_ascii_lowercase();
        has_host |= n == "host";
        let chunked = n == "content-encoding" && value.to_ascii_lowercase().contains("aws-chunked");
        if chunked
            || n == "x-amz-trailer"
            || n == "x-amz-decoded-content-length"
            || n == "x-amz-sdk-checksum-algorithm"
            || n.starts_with("x-amz-checksum-")
        {
            return Err(SigningError::ForbiddenHeader(format!("{name}: {value}")));
        }
    }
    if has_host {
        Ok(())
    } else {
        Err(SigningError::MissingHost)
    }
}
