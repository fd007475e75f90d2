//! SigV4 verification of S3 requests, deliberately independent of the web component's own signer:
//! the request is re-signed with AWS's `aws-sigv4` crate exactly as it arrived (raw path and query,
//! only the headers the client listed as signed, S3 single percent-encoding, no path
//! normalisation) and the signatures are compared.
//!
//! A second, hand-written canonicalisation exists only to show the client the canonical request
//! and string-to-sign in a SignatureDoesNotMatch error, as real S3 does; the decision itself is
//! always aws-sigv4's. Nothing here imports the root crate.

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{
    sign, PercentEncodingMode, SignableBody, SignableRequest, SignatureLocation, SigningSettings,
    UriPathNormalizationMode,
};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use sha2::{Digest, Sha256};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// S3 rejects requests whose time is more than 15 minutes away from its clock.
pub const MAX_SKEW: Duration = Duration::from_secs(15 * 60);

/// Query parameters that carry presigned-URL authentication (re-added by the signer itself).
const PRESIGN_PARAMS: [&str; 7] = [
    "X-Amz-Algorithm",
    "X-Amz-Credential",
    "X-Amz-Date",
    "X-Amz-Expires",
    "X-Amz-SignedHeaders",
    "X-Amz-Signature",
    "X-Amz-Security-Token",
];

/// UriEncode: everything except `A-Z a-z 0-9 - . _ ~` becomes %XX (upper-case hex).
const URI_ENCODE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

pub struct IncomingRequest<'a> {
    pub method: &'a str,
    pub raw_path: &'a str,
    pub raw_query: Option<&'a str>,
    /// (lower-case name, value) in arrival order.
    pub headers: &'a [(String, String)],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthKind {
    /// No Authorization header and no X-Amz-Signature: Panopto accepts these.
    Unsigned,
    /// Legacy SigV2 (`AWS AKID:sig`, or `Signature=` in the query). Panopto's own Python sample
    /// switched to it in 2025; it is accepted without verification and counted as unsigned.
    SigV2,
    Header,
    Presigned,
}

#[derive(Debug)]
pub struct Verified {
    pub kind: AuthKind,
    /// Lower-case hex SHA-256 the client signed for the payload (checked against the body later).
    pub claimed_sha256: Option<String>,
}

#[derive(Debug)]
pub struct AuthError {
    pub status: u16,
    pub code: &'static str,
    pub message: String,
    /// Extra elements for the S3 error XML, in order.
    pub extra: Vec<(&'static str, String)>,
}

fn err(status: u16, code: &'static str, message: impl Into<String>) -> AuthError {
    AuthError { status, code, message: message.into(), extra: vec![] }
}

fn header<'a>(req: &'a IncomingRequest, name: &str) -> Option<&'a str> {
    req.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
}

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

fn decode_component(s: &str) -> String {
    percent_decode_str(&s.replace('+', " ")).decode_utf8_lossy().into_owned()
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

struct Scope {
    akid: String,
    date: String,
    region: String,
    service: String,
}

fn parse_credential(cred: &str, malformed: impl Fn(String) -> AuthError) -> Result<Scope, AuthError> {
    let parts: Vec<&str> = cred.split('/').collect();
    if parts.len() != 5 || parts[4] != "aws4_request" || parts.iter().any(|p| p.is_empty()) {
        return Err(malformed(format!(
            "the Credential '{cred}' is not of the form <access key>/<YYYYMMDD>/<region>/<service>/aws4_request"
        )));
    }
    Ok(Scope { akid: parts[0].into(), date: parts[1].into(), region: parts[2].into(), service: parts[3].into() })
}

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

fn header_malformed(msg: String) -> AuthError {
    err(400, "AuthorizationHeaderMalformed", format!("The authorization header is malformed; {msg}"))
}

fn query_malformed(msg: String) -> AuthError {
    err(400, "AuthorizationQueryParametersError", msg)
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
    check_signed_headers(req, &signed_names, "x-amz-content-sha256")?;
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
    check_signed_headers(req, &signed_names, "")?;
    let token = get("X-Amz-Security-Token").map(str::to_string);
    let expected = compute(req, &scope, secret, time, &signed_names, Mode::Presigned { expires: secs, token })?;
    compare(expected, sig, &scope)?;
    Ok(Verified { kind: AuthKind::Presigned, claimed_sha256: None })
}

fn check_access_key(scope: &Scope, access_key: &str) -> Result<(), AuthError> {
    if scope.akid != access_key {
        let mut e = err(403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.");
        e.extra.push(("AWSAccessKeyId", scope.akid.clone()));
        return Err(e);
    }
    Ok(())
}

fn check_skew(time: SystemTime, amz_date: &str, now: SystemTime) -> Result<(), AuthError> {
    let diff = match now.duration_since(time) {
        Ok(d) => d,
        Err(e) => e.duration(),
    };
    if diff > MAX_SKEW {
        let mut e = err(
            403,
            "RequestTimeTooSkewed",
            "The difference between the request time and the current time is too large.",
        );
        e.extra.push(("RequestTime", amz_date.to_string()));
        e.extra.push(("ServerTime", iso8601(now)));
        e.extra.push(("MaxAllowedSkewMilliseconds", "900000".into()));
        return Err(e);
    }
    Ok(())
}

fn parse_signed_headers(s: &str) -> Result<Vec<String>, AuthError> {
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

/// Every signed header must be present, and (as S3 requires) every x-amz-* header must be signed.
fn check_signed_headers(req: &IncomingRequest, signed: &[String], _always: &str) -> Result<(), AuthError> {
    for name in signed {
        if header(req, name).is_none() {
            return Err(err(
                403,
                "SignatureDoesNotMatch",
                format!("SignedHeaders lists '{name}', but the request has no such header"),
            ));
        }
    }
    let unsigned: Vec<&str> = req
        .headers
        .iter()
        .map(|(n, _)| n.as_str())
        .filter(|n| n.starts_with("x-amz-") && !signed.iter().any(|s| s == n))
        .collect();
    if !unsigned.is_empty() {
        let mut u = unsigned.clone();
        u.dedup();
        let mut e = err(403, "AccessDenied", "There were headers present in the request which were not signed");
        e.extra.push(("HeadersNotSigned", u.join(", ")));
        return Err(e);
    }
    Ok(())
}

enum Mode<'a> {
    Header { payload: &'a str },
    Presigned { expires: u64, token: Option<String> },
}

struct Expected {
    signature: String,
    canonical_request: String,
    string_to_sign: String,
}

fn compute(
    req: &IncomingRequest,
    scope: &Scope,
    secret: &str,
    time: SystemTime,
    signed: &[String],
    mode: Mode,
) -> Result<Expected, AuthError> {
    let host = header(req, "host").unwrap_or("");
    // The query the signer sees: presign auth parameters removed (it adds its own, from the
    // same values) but every other parameter kept byte-for-byte as it arrived.
    let query: Vec<&str> = req
        .raw_query
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty())
        .filter(|p| match mode {
            Mode::Presigned { .. } => {
                let name = decode_component(p.split_once('=').map(|x| x.0).unwrap_or(p));
                !PRESIGN_PARAMS.contains(&name.as_str())
            }
            Mode::Header { .. } => true,
        })
        .collect();
    let mut uri = format!("http://{host}{}", req.raw_path);
    if !query.is_empty() {
        uri.push('?');
        uri.push_str(&query.join("&"));
    }
    let headers: Vec<(&str, &str)> = req
        .headers
        .iter()
        .filter(|(n, _)| signed.iter().any(|s| s == n))
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let token = match &mode {
        Mode::Presigned { token, .. } => token.clone(),
        Mode::Header { .. } => None,
    };
    let identity: Identity = Credentials::new(scope.akid.as_str(), secret, token, None, "panopto-emulator").into();
    let mut settings = SigningSettings::default();
    settings.percent_encoding_mode = PercentEncodingMode::Single;
    settings.uri_path_normalization_mode = UriPathNormalizationMode::Disabled;
    // Sign exactly the headers the client listed, nothing excluded and nothing added.
    settings.excluded_headers = Some(vec![]);
    let body = match &mode {
        Mode::Header { payload } => SignableBody::Precomputed(payload.to_string()),
        Mode::Presigned { expires, .. } => {
            settings.signature_location = SignatureLocation::QueryParams;
            settings.expires_in = Some(Duration::from_secs(*expires));
            SignableBody::UnsignedPayload
        }
    };
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(&scope.region)
        .name(&scope.service)
        .time(time)
        .settings(settings)
        .build()
        .map_err(|e| err(500, "InternalError", format!("cannot build signing parameters: {e}")))?
        .into();
    let signable = SignableRequest::new(req.method, uri, headers.into_iter(), body).map_err(|e| {
        err(400, "SignatureDoesNotMatch", format!("the request cannot be canonicalised for SigV4: {e}"))
    })?;
    let (_, signature) = sign(signable, &params)
        .map_err(|e| err(403, "SignatureDoesNotMatch", format!("the request cannot be signed: {e}")))?
        .into_parts();
    let (canonical_request, string_to_sign) = explain(req, scope, time, signed, &mode);
    Ok(Expected { signature, canonical_request, string_to_sign })
}

fn compare(expected: Expected, provided: &str, scope: &Scope) -> Result<(), AuthError> {
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
fn explain(req: &IncomingRequest, scope: &Scope, time: SystemTime, signed: &[String], mode: &Mode) -> (String, String) {
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
    let creq = format!("{}\n{}\n{}\n{}\n{}\n{}", req.method, req.raw_path, query, canon_headers, signed_str, payload);
    let sts = format!(
        "AWS4-HMAC-SHA256\n{date}\n{}/{}/{}/aws4_request\n{}",
        scope.date,
        scope.region,
        scope.service,
        hex::encode(Sha256::digest(creq.as_bytes()))
    );
    (creq, sts)
}

#[cfg(test)]
mod tests;
