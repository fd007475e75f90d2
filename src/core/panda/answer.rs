//! What Panda's answers mean: the session a create returns, and how far a chunk or a status
//! query got (held bytes, complete with the video, or which kind of failure).

use super::range::held_from_range;
use crate::core::json;
use serde_json::Value;
use std::fmt;

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
    Complete(Value),
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
    Malformed(String),
}

/// Judge an answer from the upload location.
pub fn judge(status: u16, range: Option<&str>, body: &str) -> Answer {
    match status {
        204 => match range {
            None => Answer::Held(None),
            Some(r) => match held_from_range(r.trim()) {
                Some(held) => Answer::Held(Some(held)),
                None => Answer::Malformed(format!("the server's Range `{r}` is not `first-last` from 0")),
            },
        },
        200 | 201 => match json::from_str::<Value>(body) {
            Ok(video) => Answer::Complete(video),
            Err(_) => Answer::Malformed(format!(
                "the upload finished, but its answer is not the video's JSON: {}",
                snippet(body)
            )),
        },
        404 => Answer::Gone(message(status, body)),
        416 => Answer::Gap(range.and_then(|r| held_from_range(r.trim()))),
        409 => Answer::Conflict(message(status, body)),
        408 | 429 | 500..=599 => Answer::Transient { status, message: message(status, body) },
        400..=499 => Answer::Rejected { status, message: message(status, body) },
        other => Answer::Malformed(format!("unexpected HTTP {other} from the upload location")),
    }
}

/// The create answer: `{"id": …, "location": "…"}` (the spec says 201; any 2xx with that
/// object is accepted). `Err` says what is wrong, for the teacher and the page's author.
pub fn parse_session(status: u16, body: &str) -> Result<PandaSession, String> {
    if !(200..300).contains(&status) {
        return Err(message(status, body));
    }
    let v: Value =
        json::from_str(body).map_err(|_| format!("the upload session answer is not JSON: {}", snippet(body)))?;
    let id = match v.get("id") {
        Some(Value::Number(n)) => json::integer_text(n).ok_or_else(|| {
            "the upload session answer's `id` is not a whole number below 2^53 (send it as a string)".to_string()
        })?,
        Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
        _ => return Err("the upload session answer has no `id`".into()),
    };
    match v.get("location").and_then(Value::as_str).map(str::trim).filter(|l| !l.is_empty()) {
        Some(location) => Ok(PandaSession { id, location: location.to_string() }),
        None => Err("the upload session answer has no `location`".into()),
    }
}

/// The server's own words: `{"error": "…"}` or `{"message": "…"}` or the text, with the status.
pub fn message(status: u16, body: &str) -> String {
    let from_json = json::from_str::<Value>(body).ok().and_then(|v| {
        ["error", "message", "Message"].iter().find_map(|k| v.get(k).and_then(Value::as_str).map(str::to_string))
    });
    match from_json.or_else(|| Some(snippet(body)).filter(|s| !s.is_empty())) {
        Some(m) => format!("{m} (HTTP {status})"),
        None => format!("HTTP {status}"),
    }
}

/// For messages: what the answer says, in words. Not `Debug`, whose printing of the video
/// JSON would ship float formatting code (the video is summed up, never printed).
impl fmt::Display for Answer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Answer::Held(Some(n)) => write!(f, "the server holds {n} bytes"),
            Answer::Held(None) => f.write_str("the server holds nothing it will say"),
            Answer::Complete(_) => f.write_str("the upload is complete"),
            Answer::Gone(m) => write!(f, "the upload location is gone: {m}"),
            Answer::Gap(Some(n)) => write!(f, "the server says the upload starts past what it holds ({n} bytes)"),
            Answer::Gap(None) => f.write_str("the server says the upload starts past what it holds"),
            Answer::Conflict(m) => write!(f, "the server holds other bytes: {m}"),
            Answer::Transient { message, .. } | Answer::Rejected { message, .. } | Answer::Malformed(message) => {
                f.write_str(message)
            }
        }
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
        assert_eq!(judge(200, None, r#"{"id":"12345"}"#), Answer::Complete(serde_json::json!({"id": "12345"})));
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
        assert!(parse_session(201, r#"{"location":"x"}"#).unwrap_err().contains("no `id`"));
        assert!(parse_session(201, r#"{"id":1}"#).unwrap_err().contains("no `location`"));
        assert!(parse_session(201, "oops").unwrap_err().contains("not JSON"));
        assert_eq!(parse_session(401, r#"{"error":"bad token"}"#).unwrap_err(), "bad token (HTTP 401)");
    }
}
