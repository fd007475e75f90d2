//! Why a request could not be signed. Its own file so that the canonicalisation (which
//! refuses forbidden headers) and the signer can both name it without importing each other.

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SigningError {
    /// A header that turns on aws-chunked or checksum trailers: Panopto rejects those.
    ForbiddenHeader(String),
    MissingHost,
    InvalidExpiry(u64),
}

impl fmt::Display for SigningError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SigningError::ForbiddenHeader(h) => write!(
                f,
                "refusing to sign header `{h}`: aws-chunked encoding and checksum trailers \
                 make Panopto's upload endpoint answer NotImplemented"
            ),
            SigningError::MissingHost => write!(f, "the request has no `host` header to sign"),
            SigningError::InvalidExpiry(s) => {
                write!(f, "presigned URL expiry {s}s is outside 1–604800 seconds")
            }
        }
    }
}

impl std::error::Error for SigningError {}
