//! Sign-in helpers: an emulator with OAuth clients, the authorize page and form, the token
//! endpoint, and reading what a redirect carries (query or fragment).

use super::{Emu, Resp};
use base64::Engine;
use percent_encoding::{percent_decode_str, utf8_percent_encode, NON_ALPHANUMERIC};
use sha2::{Digest, Sha256};

pub const AUTHORIZE: &str = "/Panopto/oauth2/connect/authorize";
pub const TOKEN_ENDPOINT: &str = "/Panopto/oauth2/connect/token";
/// The public (code + PKCE) client every `Emu::with_oauth` registers, and its redirect URI.
pub const CLIENT: &str = "page";
pub const REDIRECT: &str = "http://localhost:3000/signed-in.html";
pub const REDIRECT_ORIGIN: &str = "http://localhost:3000";
/// The implicit-only client, and its redirect URI.
pub const IMPLICIT_CLIENT: &str = "legacy-page";
pub const IMPLICIT_REDIRECT: &str = "http://legacy.test:8081/cb";

pub fn enc(s: &str) -> String {
    utf8_percent_encode(s, NON_ALPHANUMERIC).to_string()
}

pub fn form(pairs: &[(&str, &str)]) -> String {
    pairs.iter().map(|(k, v)| format!("{}={}", enc(k), enc(v))).collect::<Vec<_>>().join("&")
}

/// A fresh random verifier (64 hex characters) and its S256 challenge.
pub fn pkce() -> (String, String) {
    let v = format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple());
    let c = challenge(&v);
    (v, c)
}

pub fn challenge(verifier: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// The parameters of a code-flow authorization request for [`CLIENT`].
pub fn code_request<'a>(challenge: &'a str, scope: &'a str, state: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("response_type", "code"),
        ("client_id", CLIENT),
        ("redirect_uri", REDIRECT),
        ("scope", scope),
        ("state", state),
        ("code_challenge", challenge),
        ("code_challenge_method", "S256"),
    ]
}

/// The Location of a redirect, split into its base and its query or fragment parameters.
pub fn redirect_params(r: &Resp) -> (String, Vec<(String, String)>) {
    assert_eq!(r.status, 302, "expected a redirect: {} {}", r.status, r.text());
    let loc = r.header("location").expect("Location").to_string();
    let i = loc.find(['?', '#']).expect("parameters in the Location");
    let pairs = loc[i + 1..]
        .split('&')
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            let d = |s: &str| percent_decode_str(s).decode_utf8_lossy().into_owned();
            (d(k), d(v))
        })
        .collect();
    (loc[..i + 1].to_string(), pairs)
}

pub fn param<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

impl Emu {
    /// An emulator with the code client [`CLIENT`] and the implicit client [`IMPLICIT_CLIENT`].
    pub fn with_oauth(extra: &[&str]) -> Emu {
        let code = format!("{CLIENT}={REDIRECT}");
        let implicit = format!("{IMPLICIT_CLIENT}={IMPLICIT_REDIRECT}");
        let mut args = vec!["--oauth-client", &code, "--oauth-implicit-client", &implicit];
        args.extend_from_slice(extra);
        Emu::start(&args)
    }

    pub fn authorize_get(&self, params: &[(&str, &str)]) -> Resp {
        self.req("GET", &format!("{AUTHORIZE}?{}", form(params)), &[], b"")
    }

    pub fn authorize_post(&self, params: &[(&str, &str)]) -> Resp {
        let h = [("Content-Type", "application/x-www-form-urlencoded")];
        self.req("POST", AUTHORIZE, &h, form(params).as_bytes())
    }

    /// Shows the sign-in page, then allows as `user`: the code from the redirect.
    pub fn sign_in(&self, user: &str, challenge: &str, scope: &str) -> String {
        let req = code_request(challenge, scope, "st-1");
        let page = self.authorize_get(&req);
        assert_eq!(page.status, 200, "{}", page.text());
        let mut post = req.clone();
        post.extend([("user", "teacher"), ("username", user), ("decision", "allow")]);
        let (_, p) = redirect_params(&self.authorize_post(&post));
        assert_eq!(param(&p, "state"), Some("st-1"));
        param(&p, "code").expect("code").to_string()
    }

    pub fn token_post(&self, params: &[(&str, &str)], extra: &[(&str, &str)]) -> Resp {
        let mut h = vec![("Content-Type", "application/x-www-form-urlencoded")];
        h.extend_from_slice(extra);
        self.req("POST", TOKEN_ENDPOINT, &h, form(params).as_bytes())
    }

    pub fn exchange(&self, code: &str, verifier: &str) -> Resp {
        self.token_post(
            &[
                ("grant_type", "authorization_code"),
                ("code", code),
                ("redirect_uri", REDIRECT),
                ("client_id", CLIENT),
                ("code_verifier", verifier),
            ],
            &[],
        )
    }

    /// Signs in as `user` and exchanges the code: the token response.
    pub fn user_tokens(&self, user: &str, scope: &str) -> serde_json::Value {
        let (v, c) = pkce();
        let code = self.sign_in(user, &c, scope);
        let r = self.exchange(&code, &v);
        assert_eq!(r.status, 200, "{}", r.text());
        r.json()
    }
}

/// An OAuth error answer: (status, error, error_description).
pub fn oauth_error(r: &Resp) -> (u16, String, String) {
    let v = r.json();
    let s = |k: &str| v[k].as_str().unwrap_or_else(|| panic!("no {k} in {v}")).to_string();
    (r.status, s("error"), s("error_description"))
}
