//! The one error type the UI and the `uploaderror` event see: a stable machine `code`, a
//! message a teacher can act on, and whether retrying can help.

use crate::core::panopto_rest::{RestError, RestErrorKind};
use crate::core::s3::S3Error;
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UploadError {
    pub code: String,
    pub message: String,
    pub retryable: bool,
}

impl UploadError {
    pub fn new(code: &str, message: impl Into<String>, retryable: bool) -> Self {
        UploadError { code: code.into(), message: message.into(), retryable }
    }

    pub fn cancelled() -> Self {
        Self::new("cancelled", "the upload was cancelled", false)
    }

    pub fn is_cancelled(&self) -> bool {
        self.code == "cancelled"
    }

    pub fn from_s3(operation: &str, e: &S3Error) -> Self {
        let hint = match e.code.as_str() {
            "SignatureDoesNotMatch" => " (the request was altered on the way or signed for another host)",
            "NotImplemented" => " (the server does not accept this request encoding)",
            "AccessDenied" => " (the upload target no longer accepts files: it may have been finished or cancelled)",
            _ => "",
        };
        Self::new(&format!("s3-{}", e.code), format!("{operation} failed: {e}{hint}"), e.is_retryable())
    }

    pub fn from_rest(operation: &str, e: &RestError) -> Self {
        let (code, retryable) = match e.kind {
            RestErrorKind::InvalidInput => ("invalid-config", false),
            RestErrorKind::Unauthorized => ("unauthorized", true),
            RestErrorKind::NotFound => ("not-found", false),
            RestErrorKind::Rejected => ("rejected", false),
            RestErrorKind::Transient => ("server-unavailable", true),
            RestErrorKind::Malformed => ("bad-response", true),
        };
        Self::new(code, format!("{operation}: {e}"), retryable)
    }
}

impl fmt::Display for UploadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for UploadError {}
