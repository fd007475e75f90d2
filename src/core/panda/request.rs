//! The requests of Panda's protocol, built as values (the engine sends them). A chunk's or a
//! form's body is a range of the file, which the engine hands to the transport as a file
//! slice: the bytes never pass through wasm.

use super::range::ContentRange;
use crate::core::redact::redacted_headers;
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PandaBody {
    Empty,
    Json(String),
    /// Bytes `[start, end)` of the file, as `application/octet-stream`.
    FileRange {
        start: u64,
        end: u64,
    },
    /// The whole file as `multipart/form-data`, in the field `file`.
    FileForm,
}

/// A request to send. `Debug` redacts a bearer token.
#[derive(Clone, PartialEq, Eq)]
pub struct PandaRequest {
    pub method: &'static str,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: PandaBody,
}

impl fmt::Debug for PandaRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers = redacted_headers(&self.headers);
        f.debug_struct("PandaRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body", &self.body)
            .finish()
    }
}

/// The field the spec names for the form upload.
pub const FORM_FIELD: &str = "file";

fn header(name: &str, value: impl Into<String>) -> (String, String) {
    (name.to_string(), value.into())
}

/// `POST <upload-session-url>` `{"file_size": N, "file_name": "..."}`: the host's back end
/// creates the upload session (it holds the API keys). The page's bearer token, if any,
/// goes to this request only, never to the upload location.
pub fn create_session(url: &str, file_name: &str, file_size: u64, token: Option<&str>) -> PandaRequest {
    use crate::core::json::{object, Json, ToJson};
    let body = Json::Object(object([("file_size", file_size.to_json()), ("file_name", file_name.to_json())])).to_text();
    let mut headers = vec![header("content-type", "application/json"), header("accept", "application/json")];
    if let Some(t) = token {
        headers.push(header("authorization", format!("Bearer {t}")));
    }
    PandaRequest { method: "POST", url: url.to_string(), headers, body: PandaBody::Json(body) }
}

/// `PUT <location>` with bytes `[start, end)` of a file of `total` bytes.
pub fn chunk(location: &str, start: u64, end: u64, total: u64) -> PandaRequest {
    let headers = vec![
        header("content-type", "application/octet-stream"),
        header("content-range", ContentRange::chunk(start, end, total).to_string()),
    ];
    PandaRequest { method: "PUT", url: location.to_string(), headers, body: PandaBody::FileRange { start, end } }
}

/// The empty `PUT` with `Content-Range: bytes */L`: where does the server stand?
pub fn status(location: &str, total: u64) -> PandaRequest {
    let headers = vec![header("content-range", ContentRange::Status { total }.to_string())];
    PandaRequest { method: "PUT", url: location.to_string(), headers, body: PandaBody::Empty }
}

/// The whole file as a multipart form (the transport writes the boundary).
pub fn form(location: &str) -> PandaRequest {
    PandaRequest { method: "POST", url: location.to_string(), headers: Vec::new(), body: PandaBody::FileForm }
}

/// `DELETE <location>`: abort the upload.
pub fn delete(location: &str) -> PandaRequest {
    PandaRequest { method: "DELETE", url: location.to_string(), headers: Vec::new(), body: PandaBody::Empty }
}

/// A location as the server gave it (in the session or a `Location` header), made
/// absolute against the URL it came from. Only http(s) is accepted: anything else is a
/// server we cannot follow, said clearly rather than fetched blindly.
pub fn resolve_location(base: &str, location: &str) -> Result<String, LocationFlaw> {
    let location = location.trim();
    let scheme = |u: &str| u.split_once("://").map(|(s, _)| s.to_ascii_lowercase());
    match scheme(location).as_deref() {
        Some("http" | "https") if location.len() > location.find("://").unwrap_or(0) + 3 => Ok(location.to_string()),
        Some(_) => Err(LocationFlaw::NotHttp(location.to_string())),
        None if location.starts_with('/') && !location.starts_with("//") => {
            let origin_end = base.find("://").and_then(|i| base[i + 3..].find('/').map(|j| i + 3 + j));
            match (scheme(base).as_deref(), origin_end) {
                (Some("http" | "https"), Some(end)) => Ok(format!("{}{location}", &base[..end])),
                (Some("http" | "https"), None) => Ok(format!("{base}{location}")),
                _ => Err(LocationFlaw::Unresolvable { location: location.to_string(), base: base.to_string() }),
            }
        }
        None => Err(LocationFlaw::NotUrlNorPath(location.to_string())),
    }
}

/// Why an upload location cannot be used (its words are the catalogue's, in `ui/i18n`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LocationFlaw {
    /// A URL, but not http(s).
    NotHttp(String),
    /// A path that cannot be resolved against the URL it came from.
    Unresolvable { location: String, base: String },
    /// Neither an http(s) URL nor an absolute path.
    NotUrlNorPath(String),
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn the_seeds_requests() {
        let c = chunk("http://h/up/1", 0, 5, 9);
        assert_eq!((c.method, c.body.clone()), ("PUT", PandaBody::FileRange { start: 0, end: 5 }));
        assert!(c.headers.contains(&("content-range".into(), "bytes 0-4/9".into())));
        assert!(c.headers.contains(&("content-type".into(), "application/octet-stream".into())));
        let s = status("http://h/up/1", 9);
        assert_eq!((s.method, s.body), ("PUT", PandaBody::Empty));
        assert!(s.headers.contains(&("content-range".into(), "bytes */9".into())));
        let create = create_session("http://h/videos/upload.json", "a \"b\".mp4", 9, Some("secret"));
        let PandaBody::Json(json) = &create.body else { panic!("{create:?}") };
        assert_eq!(json, r#"{"file_size":9,"file_name":"a \"b\".mp4"}"#);
        assert!(!format!("{create:?}").contains("secret"), "the token never reaches a log");
        assert_eq!(delete("http://h/up/1").method, "DELETE");
        assert_eq!(form("http://h/up/1").body, PandaBody::FileForm);
    }

    #[test]
    fn locations_resolve_against_where_they_came_from() {
        assert_eq!(resolve_location("http://h:1/a/b", "https://x/y").unwrap(), "https://x/y");
        assert_eq!(resolve_location("http://h:1/a/b", "/up/2").unwrap(), "http://h:1/up/2");
        assert!(resolve_location("http://h/a", "up/2").is_err());
        assert!(resolve_location("http://h/a", "//evil/x").is_err());
        assert!(resolve_location("http://h/a", "javascript:alert(1)").is_err());
        assert!(resolve_location("http://h/a", "ftp://x/y").is_err());
        assert!(resolve_location("http://h/a", "http://").is_err());
    }
}
