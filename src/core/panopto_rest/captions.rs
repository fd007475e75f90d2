//! API v1 `POST /Panopto/api/v1/sessions/{id}/captions`: "Upload a caption file (in SRT or VTT
//! format) to this session" (Panopto's NSwag OpenAPI description, operation
//! Sessions_UploadCaptionsToSession; copy at api-evangelist/panopto
//! `openapi/_original/panopto-rest-api.json`). What it says, and what is built here:
//! - "Content should be sent as 'multipart/form-data', with the caption file attached as part
//!   of the multi-part data": the file goes as a part with a `filename`; the OpenAPI names no
//!   field for it, so it is `file`, as an HTML form would name it.
//! - `language`: `"in": "formData"`, a ContentLanguage (`English_USA`, `French`, …): a form
//!   field before the file, with the enum's name (the card's language tags map to it here).
//! - 200 with no body (no schema) is success; 400 answers an APIError
//!   (`{"Error": {"Message": …}}`), 403 and 404 (session not found) as other calls.
//!
//! The body is built whole, with a boundary that does not occur in the file (captions are
//! small: at most [`MAX_CAPTION_BYTES`]).

use super::error::{IdKind, Invalid, RestError};
use super::types::is_guid;
use crate::core::redact::redacted_headers;
use std::fmt;

/// The largest caption file sent (none is published; caption files are a few hundred KiB).
pub const MAX_CAPTION_BYTES: u64 = 10 * 1024 * 1024;

/// The card's language tags, and Panopto's ContentLanguage names for them.
const CONTENT_LANGUAGES: [(&str, &str); 31] = [
    ("en-US", "English_USA"),
    ("en-GB", "English_GBR"),
    ("es-MX", "Spanish_MEX"),
    ("es-ES", "Spanish_ESP"),
    ("de-DE", "German"),
    ("fr-FR", "French"),
    ("nl-NL", "Dutch"),
    ("th-TH", "Thai"),
    ("zh-CN", "Chinese_Simplified"),
    ("zh-TW", "Chinese_Traditional"),
    ("ko-KR", "Korean"),
    ("ja-JP", "Japanese"),
    ("ru-RU", "Russian"),
    ("pt-BR", "Portuguese"),
    ("pl-PL", "Polish"),
    ("en-AU", "English_AUS"),
    ("da-DK", "Danish"),
    ("fi-FI", "Finnish"),
    ("hu-HU", "Hungarian"),
    ("nb-NO", "Norwegian"),
    ("sv-SE", "Swedish"),
    ("it-IT", "Italian"),
    ("cy-GB", "Welsh"),
    ("ca-ES", "Catalan"),
    ("gl-ES", "Galician"),
    ("eu-ES", "Basque"),
    ("ar-SA", "Arabic"),
    ("hi-IN", "Hindi"),
    ("fr-CA", "French_CAN"),
    ("he-IL", "Hebrew"),
    ("vi-VN", "Vietnamese"),
];

/// Panopto's ContentLanguage for a language tag (`fr-FR` → `French`), case-insensitively;
/// a bare language (`fr`) is its first region in the list.
pub fn content_language(tag: &str) -> Option<&'static str> {
    let tag = tag.trim();
    CONTENT_LANGUAGES
        .iter()
        .find(|(t, _)| t.eq_ignore_ascii_case(tag))
        .or_else(|| {
            CONTENT_LANGUAGES.iter().find(|(t, _)| t.split('-').next().is_some_and(|l| l.eq_ignore_ascii_case(tag)))
        })
        .map(|(_, name)| *name)
}

/// The caption upload, ready to send. `Debug` redacts the bearer token and leaves out the body.
#[derive(Clone, PartialEq, Eq)]
pub struct CaptionRequest {
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl fmt::Debug for CaptionRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CaptionRequest")
            .field("url", &self.url)
            .field("headers", &redacted_headers(&self.headers))
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// A boundary that `content` does not contain (RFC 2046 §5.1.1: 1 to 70 characters).
fn boundary_for(content: &[u8]) -> String {
    let contains = |b: &str| {
        let needle = format!("--{b}");
        content.windows(needle.len()).any(|w| w == needle.as_bytes())
    };
    let mut n = 0u32;
    loop {
        let b = format!("PanoptoUploaderCaption{n:08x}");
        if !contains(&b) {
            return b;
        }
        n += 1;
    }
}

/// A file name as a quoted Content-Disposition parameter (no line breaks; `"` and `\` escaped).
fn quoted(name: &str) -> String {
    let clean: String = name.chars().filter(|c| *c != '\r' && *c != '\n').collect();
    format!("\"{}\"", clean.replace('\\', "\\\\").replace('"', "\\\""))
}

/// `POST sessions/{id}/captions` with `language` (a tag, mapped to Panopto's name) and the file.
pub fn session_captions(
    origin: &str,
    session_id: &str,
    file_name: &str,
    language: &str,
    content: &[u8],
    token: &str,
) -> Result<CaptionRequest, RestError> {
    let id = session_id.trim();
    if !is_guid(id) {
        return Err(RestError::invalid(Invalid::NotAnId { kind: IdKind::Session, id: session_id.to_string() }));
    }
    let lang =
        content_language(language).ok_or_else(|| RestError::invalid(Invalid::NotACaptionLanguage(language.into())))?;
    let boundary = boundary_for(content);
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"language\"\r\n\r\n{lang}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename={}\r\n\
         Content-Type: application/octet-stream\r\n\r\n",
        quoted(file_name)
    )
    .into_bytes();
    body.extend_from_slice(content);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    Ok(CaptionRequest {
        url: format!("{origin}/Panopto/api/v1/sessions/{}/captions", id.to_ascii_lowercase()),
        headers: vec![
            ("accept".into(), "application/json".into()),
            ("authorization".into(), format!("Bearer {token}")),
            ("content-type".into(), format!("multipart/form-data; boundary={boundary}")),
        ],
        body,
    })
}

/// Panopto's answer: any 2xx is done (the 200 has no body to read); else a classified error
/// with Panopto's message (an APIError's `Error.Message`, or a plain `Message`).
pub fn judge_captions(status: u16, body: &str) -> Result<(), RestError> {
    if (200..300).contains(&status) {
        Ok(())
    } else {
        Err(RestError::from_response(status, body))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::panopto_rest::{RestErrorKind, RestSaid};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    const SESSION: &str = "3F8C2A71-9d4e-4b6a-8c15-7e2f0a9d4b31";

    #[test]
    fn the_form_has_the_language_then_the_file() {
        let r = session_captions("https://p", SESSION, "week \"1\".fr.vtt", "fr-fr", b"WEBVTT\n", "t").unwrap();
        assert_eq!(r.url, "https://p/Panopto/api/v1/sessions/3f8c2a71-9d4e-4b6a-8c15-7e2f0a9d4b31/captions");
        let b = "PanoptoUploaderCaption00000000";
        assert!(r.headers.contains(&("content-type".into(), format!("multipart/form-data; boundary={b}"))));
        assert!(r.headers.contains(&("authorization".into(), "Bearer t".into())));
        let want = format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"language\"\r\n\r\nFrench\r\n--{b}\r\n\
             Content-Disposition: form-data; name=\"file\"; filename=\"week \\\"1\\\".fr.vtt\"\r\n\
             Content-Type: application/octet-stream\r\n\r\nWEBVTT\n\r\n--{b}--\r\n"
        );
        assert_eq!(String::from_utf8(r.body.clone()).unwrap(), want);
        assert!(!format!("{r:?}").contains("Bearer t"));
    }

    #[test]
    fn the_boundary_is_not_in_the_file_and_bad_input_is_refused() {
        let content = b"--PanoptoUploaderCaption00000000\n--PanoptoUploaderCaption00000001";
        let r = session_captions("https://p", SESSION, "a.srt", "en-US", content, "t").unwrap();
        assert!(r.headers.iter().any(|(_, v)| v.ends_with("boundary=PanoptoUploaderCaption00000002")));
        assert_eq!(content_language("he-IL"), Some("Hebrew"));
        assert_eq!(content_language("PT"), Some("Portuguese"));
        let e = session_captions("https://p", SESSION, "a.srt", "xx-YY", b"", "t").unwrap_err();
        assert_eq!(e.said, RestSaid::Invalid(Invalid::NotACaptionLanguage("xx-YY".into())));
        assert!(session_captions("https://p", "../x", "a.srt", "en-US", b"", "t").is_err());
    }

    #[test]
    fn answers_are_judged() {
        assert_eq!(judge_captions(200, ""), Ok(()));
        let e = judge_captions(400, r#"{"Error":{"Success":false,"Message":"line 2: bad timing"}}"#).unwrap_err();
        assert_eq!((e.kind, e.said), (RestErrorKind::Rejected, RestSaid::Server("line 2: bad timing".into())));
        let e = judge_captions(400, r#"{"Message":"The language 'x' is not valid"}"#).unwrap_err();
        assert_eq!(e.said, RestSaid::Server("The language 'x' is not valid".into()));
        assert_eq!(judge_captions(503, "").unwrap_err().kind, RestErrorKind::Transient);
        assert_eq!(judge_captions(404, "").unwrap_err().kind, RestErrorKind::NotFound);
    }
}
