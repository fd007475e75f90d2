//! An authorization request, checked the same way when the sign-in page is asked for (GET) and
//! when its form comes back (POST), in RFC 6749's order: until the client and its redirect URI
//! are known, errors go on a page (never redirect to an unverified URI, §4.1.2.1); after that they
//! go to the client's redirect URI (§4.1.2.1, §4.2.2.1).

use crate::config::Config;
use crate::oauth_clients::{Flow, OAuthClient};
use base64::Engine;
use sha2::{Digest, Sha256};

/// The users the sign-in page offers; any valid typed name works too.
pub const USERS: [&str; 3] = ["teacher", "ta", "student"];

/// Known scopes and what the consent page says they allow.
pub const SCOPES: [(&str, &str); 3] = [
    ("openid", "Know who you are (your user name)"),
    ("api", "Use Panopto as you: browse folders and sessions, upload recordings"),
    ("offline_access", "Stay signed in while you are away (a refresh token)"),
];

/// Parameters a request may carry once; the form carries them back as hidden fields.
pub const CARRIED: [&str; 8] = [
    "response_type",
    "client_id",
    "redirect_uri",
    "scope",
    "state",
    "code_challenge",
    "code_challenge_method",
    "response_mode",
];

/// A user name: 1-64 letters, digits, '.', '-', '_' or '@'.
pub fn valid_username(s: &str) -> bool {
    (1..=64).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric() || b".-_@".contains(&b))
}

/// RFC 7636 §4.1: 43-128 characters of [A-Za-z0-9-._~].
pub fn valid_verifier(v: &str) -> bool {
    (43..=128).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
}

/// BASE64URL(SHA256(verifier)) without padding: the S256 challenge (RFC 7636 §4.2).
pub fn s256(verifier: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// Where and how the client hears the outcome.
#[derive(Clone, Debug)]
pub struct Redirect {
    pub uri: String,
    /// In the fragment (implicit flow) rather than the query (code flow).
    pub fragment: bool,
    pub state: Option<String>,
}

impl Redirect {
    /// The redirect URI with `params` and the request's state, percent-encoded.
    pub fn with(&self, params: &[(&str, &str)]) -> String {
        let enc = |s: &str| percent_encoding::utf8_percent_encode(s, URL_VALUE).to_string();
        let state = self.state.as_deref().map(|s| ("state", s));
        let joined: Vec<String> =
            params.iter().copied().chain(state).map(|(k, v)| format!("{}={}", enc(k), enc(v))).collect();
        let sep = if self.fragment {
            '#'
        } else if self.uri.contains('?') {
            '&'
        } else {
            '?'
        };
        format!("{}{sep}{}", self.uri, joined.join("&"))
    }
}

/// Everything but the unreserved characters is encoded, so values survive any parser.
const URL_VALUE: &percent_encoding::AsciiSet =
    &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

pub enum Rejection {
    /// Shown on a 400 page: the redirect URI cannot be trusted.
    Page { code: &'static str, description: String },
    /// Sent to the client's redirect URI.
    Redirect { to: Redirect, code: &'static str, description: String },
}

/// A request fit for the consent page.
pub struct Valid {
    pub client: OAuthClient,
    pub to: Redirect,
    /// The scopes asked for, each once, in the order given.
    pub scopes: Vec<String>,
    pub code_challenge: Option<String>,
    /// The request's own parameters, to carry through the form unchanged.
    pub carried: Vec<(String, String)>,
}

fn get<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

pub fn validate(cfg: &Config, pairs: &[(String, String)]) -> Result<Valid, Rejection> {
    let twice = CARRIED.iter().copied().find(|n| pairs.iter().filter(|(k, _)| k == n).count() > 1);
    let page = |code, description: String| Rejection::Page { code, description };
    if let Some(n @ ("client_id" | "redirect_uri")) = twice {
        return Err(page("invalid_request", format!("parameter '{n}' was given more than once")));
    }
    let client_id = get(pairs, "client_id").filter(|c| !c.is_empty());
    let Some(client_id) = client_id else { return Err(page("invalid_request", "client_id is missing".into())) };
    let Some(client) = cfg.oauth_clients.iter().find(|c| c.id == client_id) else {
        return Err(page("invalid_client", format!("unknown client '{client_id}'")));
    };
    let Some(uri) = get(pairs, "redirect_uri").filter(|u| !u.is_empty()) else {
        return Err(page("invalid_request", format!("redirect_uri is missing (client '{client_id}')")));
    };
    if !client.has_redirect(uri) {
        return Err(page(
            "invalid_request",
            format!(
                "redirect URI not registered for client '{client_id}': '{uri}' (registered: {})",
                client.redirect_uris.join(", ")
            ),
        ));
    }
    let response_type = get(pairs, "response_type");
    let mode = get(pairs, "response_mode");
    let fragment = match mode {
        Some("fragment") => true,
        Some("query") => false,
        _ => response_type == Some("token"),
    };
    let to = Redirect { uri: uri.to_string(), fragment, state: get(pairs, "state").map(str::to_string) };
    let fail = |code, description: String| Rejection::Redirect { to: to.clone(), code, description };
    if let Some(n) = twice {
        return Err(fail("invalid_request", format!("parameter '{n}' was given more than once")));
    }
    let flow = match (response_type, client.flow) {
        (None | Some(""), _) => return Err(fail("invalid_request", "response_type is missing".into())),
        (Some("code"), Flow::Code) => Flow::Code,
        (Some("token"), Flow::Implicit) => Flow::Implicit,
        (Some("code"), Flow::Implicit) => {
            return Err(fail(
                "unsupported_response_type",
                format!("client '{client_id}' has the implicit flow only: use response_type=token"),
            ))
        }
        (Some("token"), Flow::Code) => {
            return Err(fail(
                "unsupported_response_type",
                format!("client '{client_id}' has the authorization code flow only: use response_type=code with PKCE"),
            ))
        }
        (Some(other), _) => {
            return Err(fail(
                "unsupported_response_type",
                format!(
                    "response_type '{other}' is not supported: use code (with PKCE S256) or token (implicit clients)"
                ),
            ))
        }
    };
    match (mode, flow) {
        (None | Some("fragment"), _) | (Some("query"), Flow::Code) => {}
        (Some("query"), Flow::Implicit) => return Err(fail(
            "invalid_request",
            "response_mode=query would put the access token in the query; the implicit flow answers in the fragment"
                .into(),
        )),
        (Some(other), _) => {
            return Err(fail(
                "invalid_request",
                format!("response_mode '{other}' is not supported: use query or fragment"),
            ))
        }
    }
    let code_challenge = match flow {
        Flow::Code => Some(check_pkce(pairs).map_err(|d| fail("invalid_request", d))?),
        Flow::Implicit => None,
    };
    let scopes = check_scope(get(pairs, "scope")).map_err(|d| fail("invalid_scope", d))?;
    let carried = pairs.iter().filter(|(k, _)| CARRIED.contains(&k.as_str())).cloned().collect();
    Ok(Valid { client: client.clone(), to, scopes, code_challenge, carried })
}

fn check_pkce(pairs: &[(String, String)]) -> Result<String, String> {
    let challenge = get(pairs, "code_challenge").filter(|c| !c.is_empty());
    let Some(challenge) = challenge else {
        return Err("code_challenge is required: this client uses PKCE (code_challenge_method=S256)".into());
    };
    match get(pairs, "code_challenge_method") {
        Some("S256") => {}
        None => {
            return Err("code_challenge_method is missing; it must be S256 (plain, the default, is not accepted)".into())
        }
        Some(m) => return Err(format!("code_challenge_method '{m}' is not supported; use S256")),
    }
    let ok = challenge.len() == 43 && challenge.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_".contains(&b));
    if !ok {
        return Err(format!(
            "code_challenge '{challenge}' is not an S256 challenge: 43 characters of BASE64URL(SHA-256(code_verifier)), no padding"
        ));
    }
    Ok(challenge.to_string())
}

fn check_scope(scope: Option<&str>) -> Result<Vec<String>, String> {
    let mut out: Vec<String> = Vec::new();
    for s in scope.unwrap_or("").split(' ').filter(|s| !s.is_empty()) {
        if !SCOPES.iter().any(|(k, _)| *k == s) {
            let known: Vec<&str> = SCOPES.iter().map(|(k, _)| *k).collect();
            return Err(format!("unknown scope '{s}'; the scopes are {}", known.join(", ")));
        }
        if !out.iter().any(|o| o == s) {
            out.push(s.to_string());
        }
    }
    if !(out.iter().any(|s| s == "openid") && out.iter().any(|s| s == "api")) {
        return Err(format!("scope must contain openid and api (got '{}')", scope.unwrap_or("")));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pkce_s256_matches_rfc7636_appendix_b() {
        let v = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        assert!(valid_verifier(v));
        assert_eq!(s256(v), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
        assert!(!valid_verifier(&"a".repeat(42)) && !valid_verifier(&"a".repeat(129)));
        assert!(!valid_verifier(&format!("{}+", "a".repeat(43))));
    }

    #[test]
    fn users_scopes_and_redirects() {
        assert!(valid_username("a.b-c_d@e") && !valid_username("") && !valid_username("a b"));
        assert!(!valid_username(&"a".repeat(65)));
        assert_eq!(check_scope(Some("api openid api")).unwrap(), ["api", "openid"]);
        assert!(check_scope(Some("openid")).unwrap_err().contains("openid and api"));
        assert!(check_scope(None).is_err());
        assert!(check_scope(Some("openid api email")).unwrap_err().contains("unknown scope 'email'"));
        let r = Redirect { uri: "http://p.test/cb?x=1".into(), fragment: false, state: Some("a b&c".into()) };
        assert_eq!(r.with(&[("code", "k")]), "http://p.test/cb?x=1&code=k&state=a%20b%26c");
        let r = Redirect { uri: "http://p.test/cb".into(), fragment: true, state: None };
        assert_eq!(r.with(&[("error", "access_denied")]), "http://p.test/cb#error=access_denied");
    }
}
