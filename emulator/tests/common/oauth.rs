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
/// The implicit client (a JavaScript Web Application), and its redirect URI.
pub const IMPLICIT_CLIENT: &str = "legacy-page";
pub const IMPLICIT_REDIRECT: &str = "http://legacy.test:8081/cb";
/// The Server-side Web Application, its redirect URI (with '=' in its query) and its secret.
pub const SERVER_CLIENT: &str = "web-app";
pub const SERVER_REDIRECT: &str = "http://app.test:9127/redirect?from=panopto";
pub const SERVER_SECRET: &str = "s3cret";

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
    /// An emulator with the code client [`CLIENT`], the implicit client [`IMPLICIT_CLIENT`] and
    /// the Server-side Web Application [`SERVER_CLIENT`].
    pub fn with_oauth(extra: &[&str]) -> Emu {
        let code = format!("{CLIENT}={REDIRECT}");
        let implicit = format!("{IMPLICIT_CLIENT}={IMPLICIT_REDIRECT}");
        let server = format!("{SERVER_CLIENT}={SERVER_REDIRECT}={SERVER_SECRET}");
        let mut args =
            vec!["--oauth-client", &code, "--oauth-implicit-client", &implicit, "--oauth-server-client", &server];
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

/// An error page: (error, error_description); it is a 400 and never redirects.
pub fn error_page(r: &Resp) -> (String, String) {
    assert_eq!(r.status, 400, "{}", r.text());
    assert!(r.header("location").is_none(), "an error page never redirects");
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    let t = r.text();
    let between = |open: &str| {
        let s = t.find(open).unwrap_or_else(|| panic!("{open} missing from {t}")) + open.len();
        t[s..s + t[s..].find('<').unwrap()].replace("&#39;", "'")
    };
    (between(r#"<code id="error">"#), between(r#"<p id="error-description">"#))
}

/// An implicit request for [`IMPLICIT_CLIENT`], plus `extra` parameters (a nonce, say).
pub fn implicit_request<'a>(rt: &'a str, scope: &'a str, extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut p = vec![
        ("response_type", rt),
        ("client_id", IMPLICIT_CLIENT),
        ("redirect_uri", IMPLICIT_REDIRECT),
        ("scope", scope),
        ("state", "imp"),
    ];
    p.extend_from_slice(extra);
    p
}

/// A code request for [`SERVER_CLIENT`] (no PKCE unless `extra` adds it).
pub fn server_request<'a>(scope: &'a str, extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut p = vec![
        ("response_type", "code"),
        ("client_id", SERVER_CLIENT),
        ("redirect_uri", SERVER_REDIRECT),
        ("scope", scope),
        ("state", "srv"),
    ];
    p.extend_from_slice(extra);
    p
}

/// How a token request authenticates the Server-side Web Application.
pub enum Secret<'a> {
    None,
    Form(&'a str),
    Basic(&'a str),
}

impl Emu {
    /// Allows `params` (a valid request) as `user`: the redirect's parameters.
    pub fn allow(&self, params: &[(&str, &str)], user: &str) -> (String, Vec<(String, String)>) {
        let mut post = params.to_vec();
        post.extend([("user", user), ("decision", "allow")]);
        redirect_params(&self.authorize_post(&post))
    }

    /// Signs in to [`SERVER_CLIENT`] as `user`: the code.
    pub fn server_code(&self, user: &str, scope: &str, extra: &[(&str, &str)]) -> String {
        let req = server_request(scope, extra);
        let page = self.authorize_get(&req);
        assert_eq!(page.status, 200, "{}", page.text());
        let (base, q) = self.allow(&req, user);
        // The redirect URI's own query comes first, then the answer.
        assert_eq!(
            (base.as_str(), q[0].0.as_str(), q[0].1.as_str()),
            ("http://app.test:9127/redirect?", "from", "panopto")
        );
        param(&q, "code").expect("code").to_string()
    }

    /// A token request for [`SERVER_CLIENT`] with `params`, authenticated as `secret` says.
    pub fn server_token(&self, params: &[(&str, &str)], secret: Secret) -> Resp {
        let mut p = params.to_vec();
        p.push(("client_id", SERVER_CLIENT));
        match secret {
            Secret::None => self.token_post(&p, &[]),
            Secret::Form(s) => {
                p.push(("client_secret", s));
                self.token_post(&p, &[])
            }
            Secret::Basic(s) => {
                let b64 = base64::engine::general_purpose::STANDARD.encode(format!("{SERVER_CLIENT}:{s}"));
                let auth = format!("Basic {b64}");
                self.token_post(params, &[("Authorization", auth.as_str())])
            }
        }
    }
}
