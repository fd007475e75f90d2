//! Why a signature did not match: the comparison with the client's signature and, on mismatch,
//! the SignatureDoesNotMatch error carrying the canonical request and string-to-sign written out
//! by hand, as real S3 does. The hand-written canonicalisation never decides anything (the
//! signature compared is aws-sigv4's, from `compute.rs`), so it sits apart from the signing code.

use super::parse::{canonical_path, query_pairs};
use super::types::{err, AuthError, Expected, IncomingRequest, Mode, Scope};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use sha2::{Digest, Sha256};
use std::time::SystemTime;

/// UriEncode: everything except `A-Z a-z 0-9 - . _ ~` becomes %XX (upper-case hex).
const URI_ENCODE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

pub(super) fn compare(expected: Expected, provided: &str, scope: &Scope) -> Result<(), AuthError> {
    if expected.signature.as_bytes() == provided.trim().as_bytes() {
        return Ok(());
    }
    let mut e = err(
        403,
        "SignatureDoesNotMatch",
        "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
    );
    e.extra.push(("AWSAccessKeyId", scope.akid.clone()));
    e.extra.push(("StringToSign", expected.string_to_sign.clone()));
    e.extra.push(("SignatureProvided", provided.to_string()));
    e.extra.push(("StringToSignBytes", spaced_hex(expected.string_to_sign.as_bytes())));
    e.extra.push(("CanonicalRequest", expected.canonical_request.clone()));
    e.extra.push(("CanonicalRequestBytes", spaced_hex(expected.canonical_request.as_bytes())));
    Err(e)
}

fn spaced_hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect::<Vec<_>>().join(" ")
}

fn normalize_value(v: &str) -> String {
    v.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The canonical request and string-to-sign, written out by hand for the error message.
pub(super) fn explain(
    req: &IncomingRequest,
    scope: &Scope,
    time: SystemTime,
    signed: &[String],
    mode: &Mode,
) -> (String, String) {
    let date = chrono::DateTime::<chrono::Utc>::from(time).format("%Y%m%dT%H%M%SZ").to_string();
    let mut q: Vec<(String, String)> = query_pairs(req.raw_query)
        .into_iter()
        .filter(|(k, _)| !matches!(mode, Mode::Presigned { .. }) || k != "X-Amz-Signature")
        .map(|(k, v)| {
            (utf8_percent_encode(&k, URI_ENCODE).to_string(), utf8_percent_encode(&v, URI_ENCODE).to_string())
        })
        .collect();
    q.sort();
    let query = q.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&");
    let mut names: Vec<&String> = signed.iter().collect();
    names.sort();
    let mut canon_headers = String::new();
    for n in &names {
        let vals: Vec<String> = req.headers.iter().filter(|(h, _)| h == *n).map(|(_, v)| normalize_value(v)).collect();
        canon_headers.push_str(&format!("{n}:{}\n", vals.join(",")));
    }
    let payload = match mode {
        Mode::Header { payload } => payload.to_string(),
        Mode::Presigned { .. } => "UNSIGNED-PAYLOAD".to_string(),
    };
    let signed_str = names.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(";");
    let creq = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        req.method,
        canonical_path(req.raw_path),
        query,
        canon_headers,
        signed_str,
        payload
    );
    let sts = format!(
        "AWS4-HMAC-SHA256\n{date}\n{}/{}/{}/aws4_request\n{}",
        scope.date,
        scope.region,
        scope.service,
        hex::encode(Sha256::digest(creq.as_bytes()))
    );
    (creq, sts)
}
