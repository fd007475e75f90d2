//! What a Panopto answer means when it is not the object asked for: a classified error
//! that keeps Panopto's own `Message`. Its words are the catalogue's (`ui/i18n`): here is
//! which case it is, and what the server said.

use crate::core::json::{FromJson, Json};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RestErrorKind {
    /// Configuration refused before any request was sent.
    InvalidInput,
    /// 401: the token was refused; a fresh one is tried once.
    Unauthorized,
    /// 403: Panopto refuses this action to this user (a folder they may not create in);
    /// a fresh token is tried once only where one can be had without waiting.
    Forbidden,
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
    /// 0 for a request refused before it was sent.
    pub status: u16,
    pub said: RestSaid,
}

/// What there is to say about a [`RestError`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RestSaid {
    /// Panopto's own `Message`.
    Server(String),
    /// A 401/403 without a message: Panopto refused the access token.
    TokenRefused,
    /// Nothing but the HTTP status.
    Status,
    /// A 2xx whose body is not the object asked for: what the JSON parser found.
    NotExpected(String),
    /// The request could not be made.
    Invalid(Invalid),
}

/// Why a request could not be made from what it was given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Invalid {
    /// The `server` attribute is empty.
    NoServer,
    /// Not a Panopto server address (expected e.g. https://yourschool.hosted.panopto.com).
    NotAServer(String),
    /// Not a Panopto ID (a GUID).
    NotAnId { kind: IdKind, id: String },
    /// A search without words.
    NoQuery,
    /// A stream upload to finish that has no ID yet.
    NoStreamId,
    /// The body could not be written as JSON (the serializer's words).
    NotJson(String),
    /// A caption's language tag that Panopto's ContentLanguage has no name for.
    NotACaptionLanguage(String),
}

/// Which kind of Panopto ID.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdKind {
    Any,
    Folder,
    Session,
}

impl RestError {
    pub fn invalid(why: Invalid) -> Self {
        RestError { kind: RestErrorKind::InvalidInput, status: 0, said: RestSaid::Invalid(why) }
    }

    /// Classify a non-2xx answer, keeping Panopto's own `Message` when it sent one (at the
    /// top, as ASP.NET words its errors, or in API v1's APIError `{"Error": {"Message"}}`).
    pub fn from_response(status: u16, body: &str) -> Self {
        let server_message = crate::core::json::parse(body)
            .ok()
            .and_then(|v| {
                let said = |v: &Json| v.get("Message").and_then(Json::as_str).map(String::from);
                said(&v).or_else(|| v.get("Error").and_then(said))
            })
            .filter(|m| !m.is_empty());
        let kind = match status {
            401 => RestErrorKind::Unauthorized,
            403 => RestErrorKind::Forbidden,
            404 => RestErrorKind::NotFound,
            408 | 429 | 500..=599 => RestErrorKind::Transient,
            _ => RestErrorKind::Rejected,
        };
        let said = match (server_message, &kind) {
            (Some(m), _) => RestSaid::Server(m),
            (None, RestErrorKind::Unauthorized | RestErrorKind::Forbidden) => RestSaid::TokenRefused,
            (None, _) => RestSaid::Status,
        };
        RestError { kind, status, said }
    }
}

/// Parse a 2xx answer carrying an object; anything else becomes a classified error.
pub fn parse_response<T: FromJson>(status: u16, body: &str) -> Result<T, RestError> {
    if !(200..300).contains(&status) {
        return Err(RestError::from_response(status, body));
    }
    crate::core::json::from_str(body).map_err(|e| RestError {
        kind: RestErrorKind::Malformed,
        status,
        said: RestSaid::NotExpected(e.to_string()),
    })
}
