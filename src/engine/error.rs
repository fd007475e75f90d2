//! The one error type the UI and the `uploaderror` event see: a typed [`ErrorCode`] with a
//! stable public string (the README lists them all), and a message a teacher can act on —
//! a key with its arguments ([`ErrorText`]), which the catalogue says in the element's
//! language. Whether retrying can help follows from the code, in one place, so the engine,
//! the state machine and the README cannot disagree.

use crate::core::panopto_rest::{RestError, RestErrorKind};
use crate::core::s3::{S3Code, S3Error};
use crate::text::{ErrorText, Step};
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorCode {
    /// The user (or the page) cancelled; never reported as an `uploaderror`.
    Cancelled,
    /// The element's attributes or properties are wrong, or a request could not be built
    /// from them.
    InvalidConfig,
    /// The file cannot be uploaded as it is: empty, too large, two files of one name.
    InvalidFile,
    /// The session's details cannot be sent: no title, a manifest that cannot be written.
    InvalidInput,
    /// The browser could not read the file (moved, deleted, no permission).
    FileRead,
    /// The file changed while it was uploading.
    FileChanged,
    /// No HTTP answer: offline, DNS, connection refused or dropped, CORS refusal.
    Network,
    /// A request got no answer in time, again and again.
    Stalled,
    /// No token: `tokenProvider` failed, or the page did not answer `tokenneeded`.
    Token,
    /// Panopto refused the token, even a fresh one (401).
    Unauthorized,
    /// Panopto refused the action to this user (403: a folder they may not create in), with
    /// its message; a fresh token, where one could be had, was refused too.
    Forbidden,
    /// Panopto does not know the folder or the upload (404).
    NotFound,
    /// Panopto refused the request (another 4xx), with its message.
    Rejected,
    /// Panopto's REST API kept answering 5xx/408/429.
    ServerUnavailable,
    /// An answer that is not what Panopto's API documents (no UploadTarget, bad JSON).
    BadResponse,
    /// A request could not be signed (a header that would turn on aws-chunked).
    Signing,
    /// The parts acknowledged do not make a whole file (a gap, a duplicate).
    Parts,
    /// The manifest could not be uploaded as planned.
    Manifest,
    /// A part the server holds is not what was sent (its ETag is not our MD5).
    EtagMismatch,
    /// CORS hides the `ETag` header and ListParts does not list the part either.
    EtagHidden,
    /// Panopto could not process the upload (state ProcessingError), with its message.
    ProcessingFailed,
    /// Panopto reports the upload cancelled or deleted while it was processing.
    CancelledByServer,
    /// Signing in to Panopto did not succeed: a blocked popup, consent denied, a client ID
    /// Panopto does not know, a mismatched state, a failed code exchange.
    SignIn,
    /// A caption file was not added to the session after its stream was (Panopto refused it,
    /// or it could not be read or sent): reported beside a completed upload, never as its
    /// failure.
    Caption,
    /// The upload target (S3) refused, with S3's own code: `s3-AccessDenied`, `s3-NoSuchUpload`…
    /// `status` is the HTTP status it came with (0 for an error inside a 200).
    S3 { code: S3Code, status: u16 },
}

impl ErrorCode {
    /// Every code but the S3 ones, with its public string (the `code` of `uploaderror`).
    pub const NAMED: [(ErrorCode, &'static str); 24] = [
        (ErrorCode::Cancelled, "cancelled"),
        (ErrorCode::InvalidConfig, "invalid-config"),
        (ErrorCode::InvalidFile, "invalid-file"),
        (ErrorCode::InvalidInput, "invalid-input"),
        (ErrorCode::FileRead, "file-read"),
        (ErrorCode::FileChanged, "file-changed"),
        (ErrorCode::Network, "network"),
        (ErrorCode::Stalled, "stalled"),
        (ErrorCode::Token, "token"),
        (ErrorCode::Unauthorized, "unauthorized"),
        (ErrorCode::NotFound, "not-found"),
        (ErrorCode::Rejected, "rejected"),
        (ErrorCode::ServerUnavailable, "server-unavailable"),
        (ErrorCode::BadResponse, "bad-response"),
        (ErrorCode::Signing, "signing"),
        (ErrorCode::Parts, "parts"),
        (ErrorCode::Manifest, "manifest"),
        (ErrorCode::EtagMismatch, "etag-mismatch"),
        (ErrorCode::EtagHidden, "etag-hidden"),
        (ErrorCode::ProcessingFailed, "processing-failed"),
        (ErrorCode::CancelledByServer, "cancelled-by-server"),
        (ErrorCode::SignIn, "sign-in"),
        (ErrorCode::Forbidden, "forbidden"),
        (ErrorCode::Caption, "caption"),
    ];

    /// A transient failure: the same request may well succeed later (the engine has
    /// already retried it within its time budget before giving up).
    pub fn retryable(&self) -> bool {
        match self {
            ErrorCode::Network
            | ErrorCode::Stalled
            | ErrorCode::Token
            | ErrorCode::Unauthorized
            | ErrorCode::ServerUnavailable
            | ErrorCode::BadResponse => true,
            ErrorCode::S3 { code, status } => S3Error::retryable(code, *status),
            _ => false,
        }
    }

    /// Whether "Retry" can help: transient failures, and failures of an unfinished upload
    /// that a retry resumes (a file the user made readable again, a refused request after
    /// the page fixed its token). Not: a file that is wrong or was edited mid-upload
    /// (continuing would splice two versions), nor Panopto's verdict on a finished upload.
    pub fn retry_helps(&self) -> bool {
        self.retryable()
            || !matches!(
                self,
                ErrorCode::InvalidFile
                    | ErrorCode::InvalidInput
                    | ErrorCode::FileChanged
                    | ErrorCode::ProcessingFailed
                    | ErrorCode::CancelledByServer
                    | ErrorCode::Cancelled
                    | ErrorCode::Caption
            )
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorCode::S3 { code, .. } => write!(f, "s3-{code}"),
            named => f.write_str(Self::NAMED.iter().find(|(c, _)| c == named).map_or("", |(_, name)| name)),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UploadError {
    pub code: ErrorCode,
    /// Boxed: errors travel in every `Result` of the engine, and some texts carry a whole
    /// S3 error document.
    pub message: Box<ErrorText>,
}

impl UploadError {
    pub fn new(code: ErrorCode, message: ErrorText) -> Self {
        UploadError { code, message: Box::new(message) }
    }

    pub fn cancelled() -> Self {
        Self::new(ErrorCode::Cancelled, ErrorText::Cancelled)
    }

    pub fn is_cancelled(&self) -> bool {
        self.code == ErrorCode::Cancelled
    }

    pub fn retryable(&self) -> bool {
        self.code.retryable()
    }

    /// S3 refused `operation` (the catalogue adds a hint for the codes that need one).
    pub fn from_s3(operation: &'static str, e: &S3Error) -> Self {
        let code = ErrorCode::S3 { code: e.code.clone(), status: e.status };
        Self::new(code, ErrorText::S3 { operation, error: e.clone() })
    }

    pub fn from_rest(step: Step, e: &RestError) -> Self {
        let code = match e.kind {
            RestErrorKind::InvalidInput => ErrorCode::InvalidConfig,
            RestErrorKind::Unauthorized => ErrorCode::Unauthorized,
            RestErrorKind::Forbidden => ErrorCode::Forbidden,
            RestErrorKind::NotFound => ErrorCode::NotFound,
            RestErrorKind::Rejected => ErrorCode::Rejected,
            RestErrorKind::Transient => ErrorCode::ServerUnavailable,
            RestErrorKind::Malformed => ErrorCode::BadResponse,
        };
        Self::new(code, ErrorText::Panopto { step, error: e.clone() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn public_strings_are_the_ones_the_element_always_sent() {
        let names: Vec<String> = ErrorCode::NAMED.iter().map(|(c, _)| c.to_string()).collect();
        assert_eq!(
            names.join(" "),
            "cancelled invalid-config invalid-file invalid-input file-read file-changed network stalled token \
             unauthorized not-found rejected server-unavailable bad-response signing parts manifest \
             etag-mismatch etag-hidden processing-failed cancelled-by-server sign-in forbidden caption"
        );
        let s3 = |code, status| ErrorCode::S3 { code, status };
        assert_eq!(s3(S3Code::Other("InvalidArgument".into()), 400).to_string(), "s3-InvalidArgument");
        assert_eq!(s3(S3Code::NoSuchUpload, 404).to_string(), "s3-NoSuchUpload");
        assert_eq!(s3(S3Code::Http(502), 502).to_string(), "s3-HTTP502");
    }

    #[test]
    fn retryable_and_retry_helps_follow_the_code() {
        let retryable: Vec<&str> =
            ErrorCode::NAMED.iter().filter(|(c, _)| c.retryable()).map(|(_, name)| *name).collect();
        assert_eq!(retryable, ["network", "stalled", "token", "unauthorized", "server-unavailable", "bad-response"]);
        let hopeless: Vec<&str> =
            ErrorCode::NAMED.iter().filter(|(c, _)| !c.retry_helps()).map(|(_, name)| *name).collect();
        assert_eq!(
            hopeless,
            [
                "cancelled",
                "invalid-file",
                "invalid-input",
                "file-changed",
                "processing-failed",
                "cancelled-by-server",
                "caption"
            ]
        );
        let s3 = |code, status| ErrorCode::S3 { code, status };
        assert!(s3(S3Code::SlowDown, 503).retryable());
        assert!(s3(S3Code::Other("Weird".into()), 500).retryable(), "any 5xx");
        assert!(!s3(S3Code::AccessDenied, 403).retryable());
        assert!(s3(S3Code::AccessDenied, 403).retry_helps(), "a retry resumes the upload with a fresh target check");
    }

    #[test]
    fn s3_and_rest_errors_keep_their_meaning() {
        let e =
            UploadError::from_s3("UploadPart", &S3Error::from_response(503, "<Error><Code>SlowDown</Code></Error>"));
        assert_eq!((e.code.to_string(), e.retryable()), ("s3-SlowDown".to_string(), true));
        let e =
            UploadError::from_rest(Step::CreateSession, &RestError::from_response(404, r#"{"Message":"no folder"}"#));
        assert_eq!(e.code, ErrorCode::NotFound);
        let said = crate::core::panopto_rest::RestSaid::Server("no folder".into());
        assert_eq!(
            *e.message,
            ErrorText::Panopto {
                step: Step::CreateSession,
                error: RestError { kind: RestErrorKind::NotFound, status: 404, said }
            }
        );
    }
}
