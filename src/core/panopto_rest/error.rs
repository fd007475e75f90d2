//! What a Panopto answer means when it is not the object asked for: a classified error
//! that keeps Panopto's own `Message`.

use serde_json::Value;
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RestErrorKind {
    /// Configuration refused before any request was sent.
    InvalidInput,
    /// 401/403: the host page must provide a fresh token, then retry once.
    Unauthorized,
    NotFound,
    /// Other 4xx: our request is wrong; retrying will not help.
    Rejected,
    /// 5xx and 408/429: retry with backoff.
    Transient,
    /// A 2xx whose body is not the object we expected.
    Malformed,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RestError {
    pub kind: RestErrorKind,
    pub status: u16,
    pub message: String,
}

impl RestError {
    pub fn invalid(message: impl Into<String>) -> Self {
        RestError { kind: RestErrorKind::InvalidInput, status: 0, message: message.into() }
    }

    /// Classify a non-2xx answer, keeping Panopto's own `Message` when it sent one.
    pub fn from_response(status: u16, body: &str) -> Self {
        let server_message = crate::core::json::from_str::<Value>(body)
            .ok()
            .and_then(|v| v.get("Message").and_then(Value::as_str).map(String::from))
            .filter(|m| !m.is_empty());
        let kind = match status {
            401 | 403 => RestErrorKind::Unauthorized,
            404 => RestErrorKind::NotFound,
            408 | 429 | 500..=599 => RestErrorKind::Transient,
            _ => RestErrorKind::Rejected,
        };
        let message = server_message.unwrap_or_else(|| match kind {
            RestErrorKind::Unauthorized => {
                "Panopto refused the access token (expired or not valid for this server)".into()
            }
            _ => format!("Panopto answered HTTP {status}"),
        });
        RestError { kind, status, message }
    }
}

impl fmt::Display for RestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.status == 0 {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{} (HTTP {})", self.message, self.status)
        }
    }
}

impl std::error::Error for RestError {}

/// Parse a 2xx answer carrying an object; anything else becomes a classified error.
pub fn parse_response<T: serde::de::DeserializeOwned>(status: u16, body: &str) -> Result<T, RestError> {
    if !(200..300).contains(&status) {
        return Err(RestError::from_response(status, body));
    }
    crate::core::json::from_str(body).map_err(|e| RestError {
        kind: RestErrorKind::Malformed,
        status,
        message: format!("Panopto's answer is not the expected object: {e}"),
    })
}
