//! Why a request could not be signed. Its own file so that the canonicalisation (which
//! refuses forbidden headers) and the signer can both name it without importing each other.
//! Its words are the catalogue's (`ui/i18n`).

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SigningError {
    /// A header that turns on aws-chunked or checksum trailers: Panopto rejects those.
    ForbiddenHeader(String),
    MissingHost,
    InvalidExpiry(u64),
}
