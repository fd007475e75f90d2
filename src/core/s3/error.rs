//! S3's error document (`<Error><Code/><Message/><RequestId/>…</Error>`) as a typed error.

use super::xml;
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct S3Error {
    /// HTTP status (0 when the error came inside a 200, as CompleteMultipartUpload can do).
    pub status: u16,
    pub code: String,
    pub message: String,
    pub request_id: Option<String>,
    pub resource: Option<String>,
    /// `ServerTime` from RequestTimeTooSkewed: lets the client correct its clock.
    pub server_time: Option<String>,
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
                    code: get("Code").unwrap_or_else(|| format!("HTTP{status}")),
                    message: get("Message").unwrap_or_default(),
                    request_id: get("RequestId"),
                    resource: get("Resource"),
                    server_time: get("ServerTime"),
                }
            }
            _ => S3Error {
                status,
                code: format!("HTTP{status}"),
                message: body.chars().take(200).collect::<String>().trim().to_string(),
                request_id: None,
                resource: None,
                server_time: None,
            },
        }
    }

    /// Errors that describe a response we could not understand (not an S3 `<Error>`).
    pub fn unexpected(status: u16, what: impl Into<String>) -> S3Error {
        S3Error {
            status,
            code: "UnexpectedResponse".into(),
            message: what.into(),
            request_id: None,
            resource: None,
            server_time: None,
        }
    }

    /// Transient failures worth retrying with backoff: 5xx, 408, 429, `SlowDown`,
    /// and a clock-skew rejection (retry after re-signing with the corrected time).
    pub fn is_retryable(&self) -> bool {
        matches!(self.status, 408 | 429 | 500..=599)
            || matches!(
                self.code.as_str(),
                "SlowDown" | "InternalError" | "RequestTimeout" | "RequestTimeTooSkewed" | "ServiceUnavailable"
            )
    }
}

impl fmt::Display for S3Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "S3 {} ({})", self.code, self.status)?;
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " [request {id}]")?;
        }
        Ok(())
    }
}

impl std::error::Error for S3Error {}

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
        assert_eq!(e.code, "RequestTimeTooSkewed");
        assert_eq!(e.request_id.as_deref(), Some("4442587FB7D0A2F9"));
        assert_eq!(e.server_time.as_deref(), Some("2026-11-22T20:30:00Z"));
        assert!(e.is_retryable());
        assert!(e.to_string().starts_with("S3 RequestTimeTooSkewed (403): The difference"));
    }

    #[test]
    fn non_xml_bodies_still_give_a_useful_error() {
        let e = S3Error::from_response(502, "<html>Bad gateway</html>");
        assert_eq!(e.code, "HTTP502");
        assert!(e.is_retryable());
        let e = S3Error::from_response(400, "");
        assert_eq!((e.code.as_str(), e.is_retryable()), ("HTTP400", false));
        let e = S3Error::from_response(503, "<Error><Code>SlowDown</Code></Error>");
        assert!(e.is_retryable());
        assert!(!S3Error::from_response(400, "<Error><Code>InvalidPart</Code></Error>").is_retryable());
    }
}
