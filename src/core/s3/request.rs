//! The request value every builder returns, and the signing shared by all operations.

use crate::core::amz_date::AmzDate;
use crate::core::sigv4::{
    self, Credentials, PayloadHash, RequestToSign, SessionTokenMode, SigningError, SigningParams,
};
use crate::core::upload_target::ObjectLocation;
use crate::core::uri_encode::uri_encode;

/// What to send as the body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum S3Body {
    Empty,
    /// Small bodies built in Rust (the CompleteMultipartUpload XML, the manifest).
    Bytes(Vec<u8>),
    /// Bytes `[start, end)` of the file: the shell slices the `File` lazily, just before
    /// sending, so a part is never copied into wasm memory.
    FileSlice {
        start: u64,
        end: u64,
    },
}

/// A fully built request. `headers` never contains `host` or `content-length`: the
/// browser derives both (they are forbidden request headers) and the signer signs `host`
/// exactly as the browser will send it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct S3Request {
    pub method: &'static str,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: S3Body,
}

impl S3Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// How requests are authenticated. Panopto ignores the keys (its samples use `dummy`), but
/// an `Authorization` header makes every request preflighted by CORS; `None` sends plain
/// unsigned requests, which Panopto also accepts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct S3Auth {
    pub credentials: Credentials,
    pub region: String,
}

impl Default for S3Auth {
    fn default() -> Self {
        S3Auth { credentials: Credentials::panopto_dummy(), region: "us-east-1".into() }
    }
}

/// The object a sequence of operations works on (its place in the upload target), and
/// how to sign requests for it. The builders of every operation take one.
#[derive(Clone, Debug)]
pub struct S3Object {
    pub location: ObjectLocation,
    pub auth: Option<S3Auth>,
}

impl S3Object {
    pub fn new(location: ObjectLocation, auth: Option<S3Auth>) -> Self {
        S3Object { location, auth }
    }

    /// Build and sign. `query` is decoded pairs; `extra_headers` are sent and signed.
    pub(crate) fn build(
        &self,
        method: &'static str,
        query: &[(String, String)],
        extra_headers: Vec<(String, String)>,
        body: S3Body,
        payload: PayloadHash,
        now: AmzDate,
    ) -> Result<S3Request, SigningError> {
        let mut url = self.location.url();
        if !query.is_empty() {
            // The wire query uses the same encoding as the canonical one; order is free.
            let q: Vec<String> = query.iter().map(|(k, v)| format!("{}={}", uri_encode(k), uri_encode(v))).collect();
            url.push('?');
            url.push_str(&q.join("&"));
        }
        let mut headers = extra_headers;
        if let Some(auth) = &self.auth {
            let mut to_sign = vec![("host".to_string(), self.location.host().to_string())];
            to_sign.extend(headers.iter().cloned());
            let path = self.location.path();
            let req = RequestToSign { method, path: &path, query, headers: &to_sign };
            let params = SigningParams {
                credentials: &auth.credentials,
                region: &auth.region,
                service: "s3",
                time: now,
                session_token_mode: SessionTokenMode::Signed,
            };
            headers.extend(sigv4::sign_headers(&req, &params, &payload, true)?.headers);
        }
        Ok(S3Request { method, url, headers, body })
    }
}

pub(crate) fn q(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}
