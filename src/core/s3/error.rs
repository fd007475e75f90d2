//! S3's error document (`<Error><Code/><Message/><RequestId/>…</Error>`) as a typed error.

use super::xml;
use std::fmt;

/// S3's `Code`, typed where the client acts on it; any other code is kept as sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum S3Code {
    /// The multipart upload is gone: aborted, expired, or completed by an earlier attempt.
    NoSuchUpload,
    NoSuchKey,
    /// The signature's time is more than 15 minutes off: re-sign with the server's time.
    RequestTimeTooSkewed,
    SlowDown,
    InternalError,
    RequestTimeout,
    ServiceUnavailable,
    SignatureDoesNotMatch,
    /// Panopto's answer to aws-chunked bodies and checksum trailers.
    NotImplemented,
    AccessDenied,
    /// An answer with no S3 `<Error>` document: only its HTTP status is known.
    Http(u16),
    /// A 2xx answer that is not the document the operation returns.
    UnexpectedResponse,
    Other(String),
}

impl S3Code {
    const NAMED: [(S3Code, &'static str); 11] = [
        (S3Code::NoSuchUpload, "NoSuchUpload"),
        (S3Code::NoSuchKey, "NoSuchKey"),
        (S3Code::RequestTimeTooSkewed, "RequestTimeTooSkewed"),
        (S3Code::SlowDown, "SlowDown"),
        (S3Code::InternalError, "InternalError"),
        (S3Code::RequestTimeout, "RequestTimeout"),
        (S3Code::ServiceUnavailable, "ServiceUnavailable"),
        (S3Code::SignatureDoesNotMatch, "SignatureDoesNotMatch"),
        (S3Code::NotImplemented, "NotImplemented"),
        (S3Code::AccessDenied, "AccessDenied"),
        (S3Code::UnexpectedResponse, "UnexpectedResponse"),
    ];

    pub fn parse(code: &str) -> S3Code {
        Self::NAMED.iter().find(|(_, n)| *n == code).map_or_else(|| S3Code::Other(code.to_string()), |(c, _)| c.clone())
    }
}

impl fmt::Display for S3Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            S3Code::Http(status) => write!(f, "HTTP{status}"),
            S3Code::Other(code) => f.write_str(code),
            named => f.write_str(Self::NAMED.iter().find(|(c, _)| c == named).map_or("", |(_, n)| n)),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct S3Error {
    /// HTTP status (0 when the error came inside a 200, as CompleteMultipartUpload can do).
    pub status: u16,
    pub code: S3Code,
    pub message: String,
    pub request_id: Option<String>,
    pub resource: Option<String>,
    /// `ServerTime` from RequestTimeTooSkewed: lets the client correct its clock.
    pub server_time: Option<String>,
    /// What was wrong with an answer that is not S3's (`code` is `UnexpectedResponse`).
    pub oddity: Option<S3Oddity>,
}

/// An answer S3 should not give (its words are the catalogue's, in `ui/i18n`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum S3Oddity {
    /// Not XML: the parser's words.
    NotXml(String),
    /// CreateMultipartUpload answered without an UploadId.
    NoUploadId,
    /// CompleteMultipartUpload answered without a result.
    NoCompleteResult,
    /// HeadObject: no readable Content-Length.
    NoContentLength,
    /// HeadObject failed (a HEAD answer has no body to say why).
    HeadFailed,
    /// ListParts: a PartNumber that is not a number.
    BadPartNumber(String),
    /// ListParts: a Size that is not a number.
    BadSize(String),
    /// ListParts: a Part lacks PartNumber, ETag or Size.
    IncompletePart,
    /// ListParts: IsTruncated without a NextPartNumberMarker.
    NoMarker,
}

impl S3Error {
    /// Parse an error response. A body that is not S3 error XML (a proxy's HTML page, an
    /// empty 503) still yields an error that says what the status was.
    pub fn from_response(status: u16, body: &str) -> S3Error {
        match xml::flatten(body) {
            Ok(items) if items.iter().any(|(p, _)| p == "Error") => {
                let get = |k: &str| xml::first(&items, &format!("Error/{k}")).map(String::from);
                S3Error {
                    status,
                    code: get("Code").map_or(S3Code::Http(status), |c| S3Code::parse(&c)),
                    message: get("Message").unwrap_or_default(),
                    request_id: get("RequestId"),
                    resource: get("Resource"),
                    server_time: get("ServerTime"),
                    oddity: None,
                }
            }
            _ => S3Error {
                status,
                code: S3Code::Http(status),
                message: body.chars().take(200).collect::<String>().trim().to_string(),
                request_id: None,
                resource: None,
                server_time: None,
                oddity: None,
            },
        }
    }

    /// Errors that describe a response we could not understand (not an S3 `<Error>`).
    pub fn unexpected(status: u16, oddity: S3Oddity) -> S3Error {
        S3Error {
            status,
            code: S3Code::UnexpectedResponse,
            message: String::new(),
            request_id: None,
            resource: None,
            server_time: None,
            oddity: Some(oddity),
        }
    }

    /// Transient failures worth retrying with backoff: 5xx, 408, 429, `SlowDown`,
    /// and a clock-skew rejection (retry after re-signing with the corrected time).
    pub fn is_retryable(&self) -> bool {
        Self::retryable(&self.code, self.status)
    }

    /// [`Self::is_retryable`] from the code and status alone (what an error report keeps).
    pub fn retryable(code: &S3Code, status: u16) -> bool {
        matches!(status, 408 | 429 | 500..=599)
            || matches!(
                code,
                S3Code::SlowDown
                    | S3Code::InternalError
                    | S3Code::RequestTimeout
                    | S3Code::RequestTimeTooSkewed
                    | S3Code::ServiceUnavailable
            )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    // Run the same unit tests in the browser under `wasm-pack test`.
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn parses_s3_error_xml() {
        let body = r#"<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>RequestTimeTooSkewed</Code><Message>The difference between the request time and the current time is too large.</Message><RequestTime>20150830T123600Z</RequestTime><ServerTime>2026-11-22T20:30:00Z</ServerTime><RequestId>4442587FB7D0A2F9</RequestId></Error>"#;
        let e = S3Error::from_response(403, body);
        assert_eq!(e.code, S3Code::RequestTimeTooSkewed);
        assert_eq!(e.request_id.as_deref(), Some("4442587FB7D0A2F9"));
        assert_eq!(e.server_time.as_deref(), Some("2026-11-22T20:30:00Z"));
        assert!(e.is_retryable());
        assert_eq!(e.message, "The difference between the request time and the current time is too large.");
        // (The words around it, in every language, are tested with the catalogue: ui/i18n/tests.rs.)
    }

    #[test]
    fn non_xml_bodies_still_give_a_useful_error() {
        let e = S3Error::from_response(502, "<html>Bad gateway</html>");
        assert_eq!(e.code, S3Code::Http(502));
        assert!(e.is_retryable());
        let e = S3Error::from_response(400, "");
        assert_eq!((e.code.to_string(), e.is_retryable()), ("HTTP400".to_string(), false));
        let e = S3Error::from_response(503, "<Error><Code>SlowDown</Code></Error>");
        assert!(e.is_retryable());
        assert!(!S3Error::from_response(400, "<Error><Code>InvalidPart</Code></Error>").is_retryable());
    }

    #[test]
    fn codes_read_and_print_as_s3_sends_them() {
        for name in ["NoSuchUpload", "SlowDown", "AccessDenied", "UnexpectedResponse", "EntityTooSmall"] {
            assert_eq!(S3Code::parse(name).to_string(), name);
        }
        assert_eq!(S3Code::parse("NoSuchUpload"), S3Code::NoSuchUpload);
        assert_eq!(S3Code::parse("EntityTooSmall"), S3Code::Other("EntityTooSmall".into()));
        assert_eq!(S3Code::Http(503).to_string(), "HTTP503");
    }
}
