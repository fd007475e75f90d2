//! What Panda's answers mean: the session a create returns, and how far a chunk or a status
//! query got (held bytes, complete with the video, or which kind of failure).

use super::range::held_from_range;
use crate::core::json::{self, Json};

/// An upload session: where to send the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PandaSession {
    /// The spec's `id` (an integer; kept as text, as some back ends send a string).
    pub id: String,
    pub location: String,
}

/// The answer to a chunk, a status query or a form upload.
#[derive(Clone, Debug, PartialEq)]
pub enum Answer {
    /// 204: the server holds this many bytes from 0 (`None`: no `Range` header, which
    /// means nothing held, or a `Range` the browser may not read: CORS did not expose it).
    Held(Option<u64>),
    /// 200: the file is complete; the video JSON.
    Complete(Json),
    /// 404: the location no longer exists (deleted, expired, or moved without us knowing).
    Gone(String),
    /// 416: the chunk started past what the server holds; it says what it holds.
    Gap(Option<u64>),
    /// 409: bytes we sent for a range the server holds are not its bytes.
    Conflict(String),
    /// 5xx, 408, 429: the request did not go through; ask where the server stands, retry.
    Transient { status: u16, message: String },
    /// Any other 4xx: the spec calls it a client error; the same request cannot succeed.
    Rejected { status: u16, message: String },
    /// A 2xx that is not what the protocol says (an unreadable Range, a 200 without JSON).
    Malformed(PandaOddity),
}

/// An answer from the upload location that the protocol does not allow (its words are the
/// catalogue's, in `ui/i18n`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PandaOddity {
    /// The `Range` is not `first-last` from 0.
    BadRange(String),
    /// The upload finished, but its answer is not the video's JSON (the start of the body).
    NotVideoJson(String),
    /// A status the protocol does not use.
    Status(u16),
}

/// Why an upload-session answer cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SessionFlaw {
    /// Not a 2xx: the server's words and status ([`message`]).
    Refused(String),
    /// Not JSON (the start of the body).
    NotJson(String),
    /// An `id` that is a number beyond 2^53 (which JSON numbers cannot carry exactly).
    IdTooLarge,
    NoId,
    NoLocation,
}

/// Judge an answer from the upload location.
pub fn judge(status: u16, range: Option<&str>, body: &str) -> Answer {
    match status {
        204 => match range {
            None => Answer::Held(None),
            Some(r) => match held_from_range(r.trim()) {
                Some(held) => Answer::Held(Some(held)),
                None => Answer::Malformed(PandaOddity::BadRange(r.to_string())),
            },
        },
        200 | 201 => match json::parse(body) {
            Ok(video) => Answer::Complete(video),
            Err(_) => Answer::Malformed(PandaOddity::NotVideoJson(snippet(body))),
        },
        404 => Answer::Gone(message(status, body)),
        416 => Answer::Gap(range.and_then(|r| held_from_range(r.trim()))),
        409 => Answer::Conflict(message(status, body)),
        408 | 429 | 500..=599 => Answer::Transient { status, message: message(status, body) },
        400..=499 => Answer::Rejected { status, message: message(status, body) },
        other => Answer::Malformed(PandaOddity::Status(other)),
    }
}

/// The create answer: `{"id": …, "location": "…"}` (the spec says 201; any 2xx with that
/// object is accepted). `Err` says what is wrong, for the teacher and the page's author.
pub fn parse_session(status: u16, body: &str) -> Result<PandaSession, SessionFlaw> {
    if !(200..300).contains(&status) {
        return Err(SessionFlaw::Refused(message(status, body)));
    }
    let v = json::parse(body).map_err(|_| SessionFlaw::NotJson(snippet(body)))?;
    let id = match v.get("id") {
        Some(n @ Json::Number(_)) => json::integer_text(n).ok_or(SessionFlaw::IdTooLarge)?,
        Some(Json::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
        _ => return Err(SessionFlaw::NoId),
    };
    match v.get("location").and_then(Json::as_str).map(str::trim).filter(|l| !l.is_empty()) {
        Some(location) => Ok(PandaSession { id, location: location.to_string() }),
        None => Err(SessionFlaw::NoLocation),
    }
}

/// The server's own words: `{"error": "…"}` or `{"message": "…"}` or the text, with the status.
pub fn message(status: u16, body: &str) -> String {
    let from_json = json::parse(body).ok().and_then(|v| {
        ["error", "message", "Message"].iter().find_map(|k| v.get(k).and_then(Json::as_str).map(str::to_string))
    });
    match from_json.or_else(|| Some(snippet(body)).filter(|s| !s.is_empty())) {
        Some(m) => format!("{m} (HTTP {status})"),
        None => format!("HTTP {status}"),
    }
}

fn snippet(body: &str) -> String {
    body.chars().take(200).collect::<String>().trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn every_kind_of_answer() {
        assert_eq!(judge(204, Some("0-4"), ""), Answer::Held(Some(5)));
        assert_eq!(judge(204, None, ""), Answer::Held(None));
        assert!(matches!(judge(204, Some("bytes=0-4"), ""), Answer::Malformed(_)));
        assert_eq!(judge(200, None, r#"{"id":"12345"}"#), Answer::Complete(json::parse(r#"{"id":"12345"}"#).unwrap()));
        assert!(matches!(judge(200, None, "<html>"), Answer::Malformed(_)));
        assert_eq!(judge(416, Some("0-99"), ""), Answer::Gap(Some(100)));
        assert_eq!(judge(404, None, r#"{"error":"no such upload"}"#), Answer::Gone("no such upload (HTTP 404)".into()));
        assert!(matches!(judge(409, None, ""), Answer::Conflict(_)));
        for s in [408, 429, 500, 502, 503] {
            assert!(matches!(judge(s, None, ""), Answer::Transient { .. }), "{s}");
        }
        assert_eq!(
            judge(400, None, "bad range"),
            Answer::Rejected { status: 400, message: "bad range (HTTP 400)".into() }
        );
    }

    #[test]
    fn sessions_are_parsed_or_refused_clearly() {
        let s = parse_session(201, r#"{"id": 17, "location": "http://h/up/x"}"#).unwrap();
        assert_eq!((s.id.as_str(), s.location.as_str()), ("17", "http://h/up/x"));
        assert_eq!(parse_session(201, r#"{"id":"a1","location":"/up/x"}"#).unwrap().id, "a1");
        assert_eq!(parse_session(201, r#"{"location":"x"}"#).unwrap_err(), SessionFlaw::NoId);
        assert_eq!(parse_session(201, r#"{"id":1}"#).unwrap_err(), SessionFlaw::NoLocation);
        assert_eq!(parse_session(201, "oops").unwrap_err(), SessionFlaw::NotJson("oops".into()));
        assert_eq!(
            parse_session(401, r#"{"error":"bad token"}"#).unwrap_err(),
            SessionFlaw::Refused("bad token (HTTP 401)".into())
        );
    }
}
