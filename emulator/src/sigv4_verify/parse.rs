//! Parsing of what the client sent: query strings, `X-Amz-Date` timestamps, the credential scope
//! and the SignedHeaders list, plus the two "malformed" error flavours (header and presigned
//! query). Pure string handling with no signing, kept apart from the checks and the signature
//! computation that consume it.

use super::types::{err, AuthError, Scope};
use percent_encoding::percent_decode_str;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Decoded query pairs (`+` is a space, as in aws-sigv4 and S3).
pub fn query_pairs(raw: Option<&str>) -> Vec<(String, String)> {
    let Some(raw) = raw else { return vec![] };
    raw.split('&')
        .filter(|s| !s.is_empty())
        .map(|piece| {
            let (k, v) = piece.split_once('=').unwrap_or((piece, ""));
            (decode_component(k), decode_component(v))
        })
        .collect()
}

pub(super) fn decode_component(s: &str) -> String {
    percent_decode_str(&s.replace('+', " ")).decode_utf8_lossy().into_owned()
}

/// A path as S3 reads it: percent-escapes decoded and a raw `+` read as a space (S3 is
/// older than RFC 3986 here: a `+` sent unencoded comes back `SignatureDoesNotMatch` with
/// `%20` in the canonical request, nginx/nginx-s3-gateway#77). Invalid UTF-8 stays lossy
/// here; the key's own decoding refuses it.
pub fn decode_path(raw: &str) -> String {
    decode_component(raw)
}

/// The canonical URI S3 computes from the path it received: the decoded path encoded again
/// by SigV4's rules (each byte but `A-Z a-z 0-9 - . _ ~` and `/` as `%XX`, once), never the
/// raw bytes of the request line. So a relay that re-encodes the path its own way (nginx
/// stripping a prefix sends `%28` as `(`) leaves the signature valid, as at S3.
pub fn canonical_path(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len() + 16);
    for &b in decode_path(raw).as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

pub fn parse_amz_date(s: &str) -> Option<SystemTime> {
    let dt = chrono::NaiveDateTime::parse_from_str(s, "%Y%m%dT%H%M%SZ").ok()?;
    let secs = dt.and_utc().timestamp();
    if secs < 0 {
        return None;
    }
    Some(UNIX_EPOCH + Duration::from_secs(secs as u64))
}

pub fn iso8601(t: SystemTime) -> String {
    let dt: chrono::DateTime<chrono::Utc> = t.into();
    dt.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

pub(super) fn parse_credential(cred: &str, malformed: impl Fn(String) -> AuthError) -> Result<Scope, AuthError> {
    let parts: Vec<&str> = cred.split('/').collect();
    if parts.len() != 5 || parts[4] != "aws4_request" || parts.iter().any(|p| p.is_empty()) {
        return Err(malformed(format!(
            "the Credential '{cred}' is not of the form <access key>/<YYYYMMDD>/<region>/<service>/aws4_request"
        )));
    }
    Ok(Scope { akid: parts[0].into(), date: parts[1].into(), region: parts[2].into(), service: parts[3].into() })
}

pub(super) fn header_malformed(msg: String) -> AuthError {
    err(400, "AuthorizationHeaderMalformed", format!("The authorization header is malformed; {msg}"))
}

pub(super) fn query_malformed(msg: String) -> AuthError {
    err(400, "AuthorizationQueryParametersError", msg)
}

pub(super) fn parse_signed_headers(s: &str) -> Result<Vec<String>, AuthError> {
    let names: Vec<String> = s.split(';').map(|n| n.trim().to_string()).collect();
    if names.iter().any(|n| n.is_empty()) {
        return Err(err(400, "AuthorizationHeaderMalformed", format!("SignedHeaders '{s}' contains an empty name")));
    }
    if !names.iter().any(|n| n == "host") {
        return Err(err(400, "AuthorizationHeaderMalformed", format!("SignedHeaders '{s}' must include 'host'")));
    }
    if names.iter().any(|n| n == "authorization") {
        return Err(err(400, "AuthorizationHeaderMalformed", "the Authorization header cannot itself be signed"));
    }
    Ok(names)
}
