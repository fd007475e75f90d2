//! AWS Signature Version 4 (`AWS4-HMAC-SHA256`), S3 flavour, written out by hand.
//!
//! Why our own signer: the SDKs' S3 clients add `aws-chunked` encoding and checksum trailers
//! by default, which is exactly what makes Panopto's upload endpoint fail with
//! `NotImplemented` (why Panopto's WatchFolderService forced SigV2 in 2020, and why
//! upload-python-sample switched boto3 to `signature_version='s3'` in 2025, commit 2e2c7f8
//! "PC-9974"). Panopto ignores the keys (the official samples use `dummy`), but signing
//! keeps us compatible with any S3-compatible target and lets the emulator prove every
//! request is well-formed.
//!
//! S3 rules that differ from the generic SigV4 algorithm: the path is encoded **once**
//! per segment and **never normalised**; the session token is part of the signature; and
//! header auth always carries `x-amz-content-sha256`. This module never emits
//! `aws-chunked`, `STREAMING-*`, `x-amz-trailer` or `x-amz-checksum-*`, and refuses to sign
//! a request that carries them.

mod canonical;
mod error;

use super::amz_date::AmzDate;
use super::checksum::to_hex;
use super::uri_encode::uri_encode;
pub use canonical::{canonical_header_value, canonical_query, canonical_uri};
use canonical::{canonical_headers, check_headers};
pub use error::SigningError;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use std::fmt;

type HmacSha256 = Hmac<Sha256>;

pub const ALGORITHM: &str = "AWS4-HMAC-SHA256";
/// SHA-256 of the empty body: what Create/Abort/ListParts and every GET sign.
pub const EMPTY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

/// Headers the signer itself writes: stale copies in the input are dropped, so a request
/// can be re-signed on retry (for instance with a clock corrected for skew).
const SIGNER_OWNED: &[&str] = &["x-amz-date", "x-amz-content-sha256", "x-amz-security-token"];

#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: Option<String>,
}

impl fmt::Debug for Credentials {
    // Never print secrets, even in a debug log.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"<redacted>")
            .field("session_token", &self.session_token.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

impl Credentials {
    pub fn new(access_key_id: &str, secret_access_key: &str) -> Self {
        Credentials {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            session_token: None,
        }
    }

    /// The keys Panopto's own samples use: the upload endpoint does not check them.
    pub fn panopto_dummy() -> Self {
        Self::new("dummy", "dummy")
    }
}

/// Where the session token goes. S3 signs it; a few other services want it added after
/// signing (`post-sts-header-after` in the official suite).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SessionTokenMode {
    #[default]
    Signed,
    AppendedAfterSigning,
}

#[derive(Clone, Debug)]
pub struct SigningParams<'a> {
    pub credentials: &'a Credentials,
    pub region: &'a str,
    pub service: &'a str,
    pub time: AmzDate,
    pub session_token_mode: SessionTokenMode,
}

/// The request as it will go on the wire, before signing.
#[derive(Clone, Debug)]
pub struct RequestToSign<'a> {
    pub method: &'a str,
    /// The *decoded* path (`/Panopto/Upload/1234/my lecture.mp4`); it is encoded once per
    /// segment here, and the caller must send exactly [`canonical_uri`] of it.
    pub path: &'a str,
    /// Decoded query pairs; a valueless parameter (`?uploads`) has an empty value.
    pub query: &'a [(String, String)],
    /// Headers as sent, including `host` (with `:port` unless it is the scheme's default).
    pub headers: &'a [(String, String)],
}

/// The payload line of the canonical request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PayloadHash {
    /// Lower-case hex SHA-256 of the exact body bytes.
    Sha256(String),
    /// `UNSIGNED-PAYLOAD`: the body is not covered by the signature.
    Unsigned,
}

impl PayloadHash {
    pub fn of(body: &[u8]) -> Self {
        PayloadHash::Sha256(sha256_hex(body))
    }
    pub fn empty() -> Self {
        PayloadHash::Sha256(EMPTY_SHA256.to_string())
    }
    pub fn as_str(&self) -> &str {
        match self {
            PayloadHash::Sha256(h) => h,
            PayloadHash::Unsigned => UNSIGNED_PAYLOAD,
        }
    }
}

/// Everything a header-signed request needs, plus the intermediate strings so tests (and
/// a `SignatureDoesNotMatch` investigation) can see which half differs.
#[derive(Clone, Debug)]
pub struct HeaderSignature {
    pub canonical_request: String,
    pub string_to_sign: String,
    pub signature: String,
    /// Headers to add to the request, `authorization` last.
    pub headers: Vec<(String, String)>,
}

#[derive(Clone, Debug)]
pub struct Presigned {
    pub canonical_request: String,
    pub string_to_sign: String,
    pub signature: String,
    /// The full wire query string (request parameters, `X-Amz-*`, `X-Amz-Signature` last).
    pub query_string: String,
}

pub fn sha256_hex(data: &[u8]) -> String {
    to_hex(&Sha256::digest(data))
}

fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC accepts keys of any length");
    mac.update(data);
    mac.finalize().into_bytes().into()
}

/// `kSigning = HMAC(HMAC(HMAC(HMAC("AWS4"+secret, date), region), service), "aws4_request")`.
pub fn signing_key(secret: &str, date_stamp: &str, region: &str, service: &str) -> [u8; 32] {
    let k_date = hmac(format!("AWS4{secret}").as_bytes(), date_stamp.as_bytes());
    let k_region = hmac(&k_date, region.as_bytes());
    let k_service = hmac(&k_region, service.as_bytes());
    hmac(&k_service, b"aws4_request")
}

fn scope(p: &SigningParams) -> String {
    format!("{}/{}/{}/aws4_request", p.time.date_stamp(), p.region, p.service)
}

fn finish(p: &SigningParams, canonical_request: String) -> (String, String, String) {
    let string_to_sign = format!("{ALGORITHM}\n{}\n{}\n{}", p.time, scope(p), sha256_hex(canonical_request.as_bytes()));
    let key = signing_key(&p.credentials.secret_access_key, &p.time.date_stamp(), p.region, p.service);
    let signature = to_hex(&hmac(&key, string_to_sign.as_bytes()));
    (canonical_request, string_to_sign, signature)
}

/// Sign with the `Authorization` header. With `content_sha256_header` (always, for S3)
/// the payload hash is also sent and signed as `x-amz-content-sha256`.
pub fn sign_headers(
    req: &RequestToSign,
    p: &SigningParams,
    payload: &PayloadHash,
    content_sha256_header: bool,
) -> Result<HeaderSignature, SigningError> {
    check_headers(req.headers)?;
    let mut headers: Vec<(String, String)> =
        req.headers.iter().filter(|(n, _)| !SIGNER_OWNED.contains(&n.to_ascii_lowercase().as_str())).cloned().collect();
    let mut added = vec![("x-amz-date".to_string(), p.time.to_string())];
    if content_sha256_header {
        added.push(("x-amz-content-sha256".to_string(), payload.as_str().to_string()));
    }
    let token = p.credentials.session_token.as_ref();
    if let (Some(t), SessionTokenMode::Signed) = (token, p.session_token_mode) {
        added.push(("x-amz-security-token".to_string(), t.clone()));
    }
    headers.extend(added.iter().cloned());
    let (block, signed) = canonical_headers(&headers);
    let canonical_request = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        req.method,
        canonical_uri(req.path),
        canonical_query(req.query),
        block,
        signed,
        payload.as_str()
    );
    let (canonical_request, string_to_sign, signature) = finish(p, canonical_request);
    if let (Some(t), SessionTokenMode::AppendedAfterSigning) = (token, p.session_token_mode) {
        added.push(("x-amz-security-token".to_string(), t.clone()));
    }
    added.push((
        "authorization".to_string(),
        format!(
            "{ALGORITHM} Credential={}/{}, SignedHeaders={signed}, Signature={signature}",
            p.credentials.access_key_id,
            scope(p)
        ),
    ));
    Ok(HeaderSignature { canonical_request, string_to_sign, signature, headers: added })
}

/// Sign in the query string (a presigned URL). S3 presigned URLs use
/// [`PayloadHash::Unsigned`]; the official suite's query variant uses the empty-body hash.
pub fn presign(
    req: &RequestToSign,
    p: &SigningParams,
    expires_secs: u64,
    payload: &PayloadHash,
) -> Result<Presigned, SigningError> {
    check_headers(req.headers)?;
    if !(1..=604_800).contains(&expires_secs) {
        return Err(SigningError::InvalidExpiry(expires_secs));
    }
    let (block, signed) = canonical_headers(req.headers);
    let mut query: Vec<(String, String)> = req.query.to_vec();
    let auth_params = [
        ("X-Amz-Algorithm", ALGORITHM.to_string()),
        ("X-Amz-Credential", format!("{}/{}", p.credentials.access_key_id, scope(p))),
        ("X-Amz-Date", p.time.to_string()),
        ("X-Amz-Expires", expires_secs.to_string()),
        ("X-Amz-SignedHeaders", signed.clone()),
    ];
    query.extend(auth_params.iter().map(|(k, v)| (k.to_string(), v.clone())));
    let token = p.credentials.session_token.as_ref();
    if let (Some(t), SessionTokenMode::Signed) = (token, p.session_token_mode) {
        query.push(("X-Amz-Security-Token".into(), t.clone()));
    }
    let canonical_query = canonical_query(&query);
    let canonical_request = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        req.method,
        canonical_uri(req.path),
        canonical_query,
        block,
        signed,
        payload.as_str()
    );
    let (canonical_request, string_to_sign, signature) = finish(p, canonical_request);
    let mut query_string = canonical_query;
    if let (Some(t), SessionTokenMode::AppendedAfterSigning) = (token, p.session_token_mode) {
        query_string.push_str(&format!("&X-Amz-Security-Token={}", uri_encode(t)));
    }
    query_string.push_str(&format!("&X-Amz-Signature={signature}"));
    Ok(Presigned { canonical_request, string_to_sign, signature, query_string })
}

#[cfg(test)]
mod tests {
    use super::*;
    // Run the same unit tests in the browser under `wasm-pack test`.
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn doc_signing_key() {
        let k = signing_key("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "20130524", "us-east-1", "s3");
        assert_eq!(to_hex(&k), "dbb893acc010964918f1fd433add87c70e8b0db6be30c1fbeafefa5ec6ba8378");
    }

    #[test]
    fn header_values_are_trimmed_and_folded() {
        assert_eq!(canonical_header_value("  a   b\n   c  "), "a b c");
        assert_eq!(canonical_header_value("\"a   b   c\""), "\"a b c\"");
    }

    #[test]
    fn query_sorts_after_encoding_by_name_then_value() {
        let q = |v: &[(&str, &str)]| -> Vec<(String, String)> {
            v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
        };
        assert_eq!(canonical_query(&q(&[("uploads", "")])), "uploads=");
        assert_eq!(canonical_query(&q(&[("uploadId", "x"), ("partNumber", "2")])), "partNumber=2&uploadId=x");
        assert_eq!(canonical_query(&q(&[("key-with-postfix", "1"), ("key", "2")])), "key=2&key-with-postfix=1");
        assert_eq!(canonical_query(&q(&[("a", "2"), ("a", "1"), ("B", "3")])), "B=3&a=1&a=2");
    }

    #[test]
    fn refuses_aws_chunked_and_checksum_headers() {
        let creds = Credentials::panopto_dummy();
        let p = SigningParams {
            credentials: &creds,
            region: "us-east-1",
            service: "s3",
            time: AmzDate::from_unix_secs(0),
            session_token_mode: SessionTokenMode::Signed,
        };
        for (n, v) in [
            ("Content-Encoding", "aws-chunked"),
            ("x-amz-trailer", "x-amz-checksum-crc32"),
            ("x-amz-checksum-crc32", "AAAAAA=="),
            ("x-amz-decoded-content-length", "5"),
            ("x-amz-sdk-checksum-algorithm", "CRC32"),
        ] {
            let headers = vec![("host".to_string(), "h".to_string()), (n.to_string(), v.to_string())];
            let req = RequestToSign { method: "PUT", path: "/k", query: &[], headers: &headers };
            let err = sign_headers(&req, &p, &PayloadHash::Unsigned, true).unwrap_err();
            assert!(matches!(err, SigningError::ForbiddenHeader(_)), "{n}");
        }
        let req = RequestToSign { method: "GET", path: "/", query: &[], headers: &[] };
        assert_eq!(sign_headers(&req, &p, &PayloadHash::empty(), true).unwrap_err(), SigningError::MissingHost);
        let headers = vec![("host".to_string(), "h".to_string())];
        let req = RequestToSign { method: "GET", path: "/", query: &[], headers: &headers };
        assert_eq!(presign(&req, &p, 0, &PayloadHash::Unsigned).unwrap_err(), SigningError::InvalidExpiry(0));
        assert!(presign(&req, &p, 604_801, &PayloadHash::Unsigned).is_err());
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let mut c = Credentials::new("AKID", "very-secret");
        c.session_token = Some("tok".into());
        let s = format!("{c:?}");
        assert!(!s.contains("very-secret") && !s.contains("tok\""), "{s}");
    }
}
