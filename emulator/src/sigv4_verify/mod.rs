//! SigV4 verification of S3 requests, deliberately independent of the web component's own signer:
//! the request is re-signed with AWS's `aws-sigv4` crate exactly as it arrived (raw path and query,
//! only the headers the client listed as signed, S3 single percent-encoding, no path
//! normalisation) and the signatures are compared.
//!
//! A second, hand-written canonicalisation exists only to show the client the canonical request
//! and string-to-sign in a SignatureDoesNotMatch error, as real S3 does; the decision itself is
//! always aws-sigv4's. Nothing here imports the root crate.
//!
//! This file is the entry point (`verify` and the public types); the steps live in leaf files:
//! `types.rs` (shared data), `parse.rs` (header, query and date parsing), `checks.rs` (access key,
//! skew, signed headers), `compute.rs` (the aws-sigv4 signature) and `mismatch.rs` (the
//! SignatureDoesNotMatch explanation).

mod checks;
mod compute;
mod mismatch;
mod parse;
mod types;

use checks::{check_access_key, check_signed_headers, check_skew, MAX_SKEW};
use compute::compute;
use mismatch::compare;
pub use parse::query_pairs;
use parse::{header_malformed, iso8601, parse_amz_date, parse_credential, parse_signed_headers, query_malformed};
use std::time::{Duration, SystemTime};
use types::{err, header, Mode};
pub use types::{AuthError, AuthKind, IncomingRequest, Verified};

/// Verifies the request's authentication. Bearer tokens are not S3 auth: they are treated as
/// absent here (the caller records them as a token leak).
pub fn verify(req: &IncomingRequest, access_key: &str, secret: &str, now: SystemTime) -> Result<Verified, AuthError> {
    let pairs = query_pairs(req.raw_query);
    let has_q = |n: &str| pairs.iter().any(|(k, _)| k == n);
    let auth = header(req, "authorization")
        .map(str::trim)
        .filter(|a| !(a.len() >= 7 && a[..7].eq_ignore_ascii_case("bearer ")));
    match auth {
        Some(a) if a.starts_with("AWS4-HMAC-SHA256") => verify_header(req, a, access_key, secret, now),
        Some(a) if a.starts_with("AWS ") => Ok(Verified { kind: AuthKind::SigV2, claimed_sha256: None }),
        Some(a) => {
            let scheme = a.split_whitespace().next().unwrap_or("");
            let mut e = err(400, "InvalidArgument", format!("Unsupported Authorization Type '{scheme}'"));
            e.extra.push(("ArgumentName", "Authorization".into()));
            e.extra.push(("ArgumentValue", scheme.into()));
            Err(e)
        }
        None if has_q("X-Amz-Signature") || has_q("X-Amz-Algorithm") || has_q("X-Amz-Credential") => {
            verify_presigned(req, &pairs, access_key, secret, now)
        }
        None if has_q("Signature") && has_q("AWSAccessKeyId") => {
            Ok(Verified { kind: AuthKind::SigV2, claimed_sha256: None })
        }
        None => Ok(Verified { kind: AuthKind::Unsigned, claimed_sha256: None }),
    }
}

fn verify_header(
    req: &IncomingRequest,
    auth: &str,
    access_key: &str,
    secret: &str,
    now: SystemTime,
) -> Result<Verified, AuthError> {
    let rest = auth["AWS4-HMAC-SHA256".len()..].trim();
    let (mut cred, mut signed, mut sig) = (None, None, None);
    for comp in rest.split(',') {
        let comp = comp.trim();
        if let Some(v) = comp.strip_prefix("Credential=") {
            cred = Some(v);
        } else if let Some(v) = comp.strip_prefix("SignedHeaders=") {
            signed = Some(v);
        } else if let Some(v) = comp.strip_prefix("Signature=") {
            sig = Some(v);
        } else if !comp.is_empty() {
            return Err(header_malformed(format!("unexpected component '{comp}'")));
        }
    }
    let (Some(cred), Some(signed), Some(sig)) = (cred, signed, sig) else {
        return Err(header_malformed("it must contain Credential=, SignedHeaders= and Signature=".into()));
    };
    let scope = parse_credential(cred, header_malformed)?;
    check_access_key(&scope, access_key)?;
    let Some(content_sha) = header(req, "x-amz-content-sha256") else {
        return Err(err(400, "InvalidRequest", "Missing required header for this request: x-amz-content-sha256"));
    };
    let content_sha = content_sha.trim();
    let claimed = if content_sha == "UNSIGNED-PAYLOAD" {
        None
    } else if content_sha.len() == 64 && content_sha.bytes().all(|b| b.is_ascii_hexdigit()) {
        Some(content_sha.to_ascii_lowercase())
    } else {
        return Err(err(
            400,
            "InvalidArgument",
            "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, or a valid sha256 value.",
        ));
    };
    let amz_date = header(req, "x-amz-date").map(str::trim).unwrap_or("");
    let Some(time) = parse_amz_date(amz_date) else {
        return Err(err(403, "AccessDenied", "AWS authentication requires a valid Date or x-amz-date header"));
    };
    if !amz_date.starts_with(&scope.date) {
        return Err(header_malformed(format!(
            "Invalid credential date. Date is not the same as X-Amz-Date (credential date {}, X-Amz-Date {amz_date}).",
            scope.date
        )));
    }
    check_skew(time, amz_date, now)?;
    let signed_names = parse_signed_headers(signed)?;
    check_signed_headers(req, &signed_names)?;
    let expected = compute(req, &scope, secret, time, &signed_names, Mode::Header { payload: content_sha })?;
    compare(expected, sig, &scope)?;
    Ok(Verified { kind: AuthKind::Header, claimed_sha256: claimed })
}

fn verify_presigned(
    req: &IncomingRequest,
    pairs: &[(String, String)],
    access_key: &str,
    secret: &str,
    now: SystemTime,
) -> Result<Verified, AuthError> {
    let get = |n: &str| pairs.iter().find(|(k, _)| k == n).map(|(_, v)| v.as_str());
    let (Some(alg), Some(cred), Some(date), Some(expires), Some(signed), Some(sig)) = (
        get("X-Amz-Algorithm"),
        get("X-Amz-Credential"),
        get("X-Amz-Date"),
        get("X-Amz-Expires"),
        get("X-Amz-SignedHeaders"),
        get("X-Amz-Signature"),
    ) else {
        return Err(query_malformed(
            "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.".into(),
        ));
    };
    if alg != "AWS4-HMAC-SHA256" {
        return Err(query_malformed(format!("X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\" (got \"{alg}\")")));
    }
    let scope = parse_credential(cred, query_malformed)?;
    check_access_key(&scope, access_key)?;
    let Some(time) = parse_amz_date(date) else {
        return Err(query_malformed(format!(
            "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\" (got \"{date}\")"
        )));
    };
    if !date.starts_with(&scope.date) {
        return Err(query_malformed(format!(
            "Invalid credential date \"{}\". This date is not the same as X-Amz-Date: \"{date}\".",
            scope.date
        )));
    }
    let secs: u64 = match expires.parse::<i64>() {
        Ok(n) if n < 0 => return Err(query_malformed("X-Amz-Expires must be non-negative".into())),
        Ok(n) if n > 604_800 => {
            return Err(query_malformed("X-Amz-Expires must be less than a week (in seconds) that is; 604800".into()))
        }
        Ok(n) => n as u64,
        Err(_) => return Err(query_malformed(format!("X-Amz-Expires should be a number (got \"{expires}\")"))),
    };
    let expiry = time + Duration::from_secs(secs);
    if now > expiry {
        let mut e = err(403, "AccessDenied", "Request has expired");
        e.extra.push(("X-Amz-Expires", secs.to_string()));
        e.extra.push(("Expires", iso8601(expiry)));
        e.extra.push(("ServerTime", iso8601(now)));
        return Err(e);
    }
    if time > now + MAX_SKEW {
        return Err(err(403, "AccessDenied", "Request is not valid yet"));
    }
    let signed_names = parse_signed_headers(signed)?;
    check_signed_headers(req, &signed_names)?;
    let token = get("X-Amz-Security-Token").map(str::to_string);
    let expected = compute(req, &scope, secret, time, &signed_names, Mode::Presigned { expires: secs, token })?;
    compare(expected, sig, &scope)?;
    Ok(Verified { kind: AuthKind::Presigned, claimed_sha256: None })
}

#[cfg(test)]
mod tests;
