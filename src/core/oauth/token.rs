//! The token endpoint: exchanging the code (with the PKCE verifier) and refreshing, as a
//! public client (no secret), and reading its answer or its RFC 6749 §5.2 error.

use crate::core::json::{Fields, FromJson, Json, JsonError};
use crate::core::panopto_rest::RestRequest;
use crate::core::uri_encode::uri_encode;
use std::fmt;

fn form(origin: &str, params: &[(&str, &str)]) -> RestRequest {
    let body: Vec<String> = params.iter().map(|(k, v)| format!("{k}={}", uri_encode(v))).collect();
    RestRequest {
        method: "POST",
        url: format!("{origin}/Panopto/oauth2/connect/token"),
        headers: vec![
            ("content-type".into(), "application/x-www-form-urlencoded".into()),
            ("accept".into(), "application/json".into()),
        ],
        body: Some(body.join("&")),
    }
}

pub fn exchange_code(origin: &str, client_id: &str, redirect_uri: &str, code: &str, verifier: &str) -> RestRequest {
    form(
        origin,
        &[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", redirect_uri),
            ("client_id", client_id),
            ("code_verifier", verifier),
        ],
    )
}

pub fn refresh(origin: &str, client_id: &str, refresh_token: &str) -> RestRequest {
    form(origin, &[("grant_type", "refresh_token"), ("refresh_token", refresh_token), ("client_id", client_id)])
}

/// What the token endpoint gave. `Debug` shows no token.
#[derive(Clone, PartialEq, Eq)]
pub struct Tokens {
    pub access_token: String,
    pub refresh_token: Option<String>,
    pub expires_in: Option<u64>,
}

impl FromJson for Tokens {
    fn from_json(v: &Json) -> Result<Self, JsonError> {
        let f = Fields::of(v, "Tokens")?;
        Ok(Tokens {
            access_token: f.get("access_token")?,
            refresh_token: f.get("refresh_token")?,
            expires_in: f.get("expires_in")?,
        })
    }
}

impl fmt::Debug for Tokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tokens")
            .field("access_token", &"<redacted>")
            .field("refresh_token", &self.refresh_token.as_ref().map(|_| "<redacted>"))
            .field("expires_in", &self.expires_in)
            .finish()
    }
}

/// An OAuth2 error answer (`invalid_grant`, `invalid_client`, …), or an answer that is not
/// one (`error` then says what the status was).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OAuthError {
    pub status: u16,
    pub error: String,
    pub description: Option<String>,
}

impl fmt::Display for OAuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.description {
            Some(d) => write!(f, "{} ({d})", self.error),
            None => f.write_str(&self.error),
        }
    }
}

pub fn parse_tokens(status: u16, body: &str) -> Result<Tokens, OAuthError> {
    struct ErrorBody {
        error: String,
        error_description: Option<String>,
    }
    impl FromJson for ErrorBody {
        fn from_json(v: &Json) -> Result<Self, JsonError> {
            let f = Fields::of(v, "ErrorBody")?;
            Ok(ErrorBody { error: f.get("error")?, error_description: f.get("error_description")? })
        }
    }
    if (200..300).contains(&status) {
        return match crate::core::json::from_str::<Tokens>(body) {
            Ok(t) if !t.access_token.trim().is_empty() => Ok(t),
            _ => Err(OAuthError {
                status,
                error: "malformed_response".into(),
                description: Some("no access_token".into()),
            }),
        };
    }
    match crate::core::json::from_str::<ErrorBody>(body) {
        Ok(e) => Err(OAuthError { status, error: e.error, description: e.error_description }),
        Err(_) => Err(OAuthError { status, error: format!("HTTP {status}"), description: None }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn requests_are_forms_without_a_secret() {
        let r = exchange_code("https://p.example", "lms", "https://lms/cb?x=1", "c&d", "v");
        assert_eq!(r.url, "https://p.example/Panopto/oauth2/connect/token");
        assert_eq!(
            r.body.as_deref(),
            Some("grant_type=authorization_code&code=c%26d&redirect_uri=https%3A%2F%2Flms%2Fcb%3Fx%3D1&client_id=lms&code_verifier=v")
        );
        assert!(!r.body.unwrap().contains("secret"));
        assert_eq!(
            refresh("https://p", "lms", "r").body.as_deref(),
            Some("grant_type=refresh_token&refresh_token=r&client_id=lms")
        );
    }

    #[test]
    fn answers_and_errors() {
        let t =
            parse_tokens(200, r#"{"access_token":"a","token_type":"Bearer","expires_in":3600,"refresh_token":"r"}"#)
                .unwrap();
        assert_eq!((t.refresh_token.as_deref(), t.expires_in), (Some("r"), Some(3600)));
        let shown = format!("{t:?}");
        assert!(shown.contains("<redacted>") && !shown.contains("\"r\""), "no token in Debug: {shown}");
        let e = parse_tokens(400, r#"{"error":"invalid_grant","error_description":"code used"}"#).unwrap_err();
        assert_eq!((e.error.as_str(), e.to_string()), ("invalid_grant", "invalid_grant (code used)".to_string()));
        assert_eq!(parse_tokens(502, "<html>").unwrap_err().error, "HTTP 502");
        assert_eq!(parse_tokens(200, "{}").unwrap_err().error, "malformed_response");
    }
}
