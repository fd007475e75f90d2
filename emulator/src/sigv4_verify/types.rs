//! The verifier's data: the request as it arrived, the outcome and error types, the credential
//! scope, and the signing mode with its expected result. A leaf that every other file of the
//! verifier imports, so that none of them needs to import `mod.rs` (which imports them).

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

pub(super) fn err(status: u16, code: &'static str, message: impl Into<String>) -> AuthError {
    AuthError { status, code, message: message.into(), extra: vec![] }
}

pub(super) fn header<'a>(req: &'a IncomingRequest, name: &str) -> Option<&'a str> {
    req.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
}

pub(super) struct Scope {
    pub(super) akid: String,
    pub(super) date: String,
    pub(super) region: String,
    pub(super) service: String,
}

pub(super) enum Mode<'a> {
    Header { payload: &'a str },
    Presigned { expires: u64, token: Option<String> },
}

pub(super) struct Expected {
    pub(super) signature: String,
    pub(super) canonical_request: String,
    pub(super) string_to_sign: String,
}
