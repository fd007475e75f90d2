//! The authorize endpoint's refusals (a page when the redirect URI cannot be trusted, a redirect
//! with error= otherwise), Deny, the implicit-only client, CORS for the clients' origins, and
//! start-up checks of the OAuth flags.
mod common;
use common::*;

const SCOPE: &str = "openid api";

fn error_page(r: &Resp) -> (String, String) {
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

#[test]
fn unknown_clients_and_unregistered_redirects_get_a_page_not_a_redirect() {
    let emu = Emu::with_oauth(&[]);
    let (_, c) = pkce();
    let with = |k: &'static str, v: &'static str| {
        let mut p: Vec<(&str, &str)> = code_request(&c, SCOPE, "x").into_iter().filter(|(n, _)| *n != k).collect();
        if !v.is_empty() {
            p.push((k, v));
        }
        p
    };
    let (code, desc) = error_page(&emu.authorize_get(&with("client_id", "x")));
    assert_eq!((code.as_str(), desc.as_str()), ("invalid_client", "unknown client 'x'"));
    let (code, desc) = error_page(&emu.authorize_get(&with("redirect_uri", "http://evil.test/cb")));
    assert_eq!(code, "invalid_request");
    assert!(desc.starts_with("redirect URI not registered for client 'page'"), "{desc}");
    // Exact match: not a prefix, not another path on the same origin.
    let (code, _) = error_page(&emu.authorize_get(&with("redirect_uri", "http://localhost:3000/signed-in.html?x=1")));
    assert_eq!(code, "invalid_request");
    let (code, desc) = error_page(&emu.authorize_get(&with("client_id", "")));
    assert_eq!((code.as_str(), desc.as_str()), ("invalid_request", "client_id is missing"));
    let (code, desc) = error_page(&emu.authorize_get(&with("redirect_uri", "")));
    assert!(code == "invalid_request" && desc.contains("redirect_uri is missing"), "{desc}");
    // The form is checked again: a tampered hidden field gets the page too.
    let mut post = with("redirect_uri", "http://evil.test/cb");
    post.push(("decision", "allow"));
    assert_eq!(error_page(&emu.authorize_post(&post)).0, "invalid_request");
    assert_eq!(emu.req("PUT", AUTHORIZE, &[], b"").status, 405);
}

#[test]
fn request_errors_and_deny_are_redirected_with_the_state() {
    let emu = Emu::with_oauth(&[]);
    let (_, c) = pkce();
    let cases: Vec<(&str, Option<&str>, &str, &str)> = vec![
        ("response_type", None, "invalid_request", "response_type is missing"),
        ("response_type", Some("id_token"), "unsupported_response_type", "'id_token' is not supported"),
        ("response_type", Some("token"), "unsupported_response_type", "authorization code flow only"),
        ("code_challenge", None, "invalid_request", "code_challenge is required"),
        ("code_challenge", Some("abc"), "invalid_request", "not an S256 challenge"),
        ("code_challenge_method", None, "invalid_request", "code_challenge_method is missing"),
        ("code_challenge_method", Some("plain"), "invalid_request", "'plain' is not supported"),
        ("scope", None, "invalid_scope", "must contain openid and api"),
        ("scope", Some("openid"), "invalid_scope", "must contain openid and api"),
        ("scope", Some("openid api email"), "invalid_scope", "unknown scope 'email'"),
    ];
    for (name, value, want, text) in cases {
        let mut p: Vec<(&str, &str)> =
            code_request(&c, SCOPE, "the-state").into_iter().filter(|(k, _)| *k != name).collect();
        if let Some(v) = value {
            p.push((name, v));
        }
        let r = emu.authorize_get(&p);
        let (base, q) = redirect_params(&r);
        // Errors go where the answer would: the query, except for response_type=token.
        let sep = if value == Some("token") { "#" } else { "?" };
        assert_eq!(base, format!("{REDIRECT}{sep}"), "{name}");
        assert_eq!(param(&q, "error"), Some(want), "{name}={value:?}: {q:?}");
        assert!(param(&q, "error_description").unwrap().contains(text), "{name}={value:?}: {q:?}");
        assert_eq!(param(&q, "state"), Some("the-state"));
    }
    // Deny.
    let mut deny = code_request(&c, SCOPE, "d-state");
    deny.push(("decision", "deny"));
    let (_, q) = redirect_params(&emu.authorize_post(&deny));
    assert_eq!((param(&q, "error"), param(&q, "state")), (Some("access_denied"), Some("d-state")));
    assert!(param(&q, "code").is_none());
    // A bad typed user name sends the page back (400) with the reason, nothing redirected.
    let mut bad = code_request(&c, SCOPE, "x");
    bad.extend([("user", "ta"), ("username", "no spaces please"), ("decision", "allow")]);
    let r = emu.authorize_post(&bad);
    assert_eq!(r.status, 400);
    assert!(r.header("location").is_none());
    let t = r.text();
    assert!(t.contains(r#"id="user-error""#) && t.contains("is not a valid user name"), "{t}");
    assert!(t.contains(r#"value="no spaces please""#) && t.contains(r#"<option value="ta" selected>"#), "{t}");
    let mut no_decision = code_request(&c, SCOPE, "x");
    no_decision.push(("user", "ta"));
    assert_eq!(error_page(&emu.authorize_post(&no_decision)).0, "invalid_request");
}

#[test]
fn implicit_only_client_gets_tokens_in_the_fragment_and_no_codes() {
    let emu = Emu::with_oauth(&[]);
    let req = |rt: &'static str| {
        vec![
            ("response_type", rt),
            ("client_id", IMPLICIT_CLIENT),
            ("redirect_uri", IMPLICIT_REDIRECT),
            ("scope", "openid api offline_access"),
            ("state", "imp"),
        ]
    };
    let (base, q) = redirect_params(&emu.authorize_get(&req("code")));
    assert_eq!(base, format!("{IMPLICIT_REDIRECT}?"));
    assert_eq!((param(&q, "error"), param(&q, "state")), (Some("unsupported_response_type"), Some("imp")));

    let page = emu.authorize_get(&req("token"));
    assert_eq!(page.status, 200, "{}", page.text());
    assert!(page.text().contains(r#"id="allow""#));
    let mut post = req("token");
    post.extend([("user", "student"), ("decision", "allow")]);
    let (base, f) = redirect_params(&emu.authorize_post(&post));
    assert_eq!(base, format!("{IMPLICIT_REDIRECT}#"));
    let names: Vec<&str> = f.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(names, ["access_token", "token_type", "expires_in", "scope", "state"]);
    assert_eq!(param(&f, "token_type"), Some("Bearer"));
    assert_eq!(param(&f, "expires_in"), Some("3600"));
    assert_eq!(param(&f, "scope"), Some("openid api"), "no refresh tokens in the implicit flow");
    assert_eq!(param(&f, "state"), Some("imp"));
    let token = param(&f, "access_token").unwrap();
    let r = emu.session_upload_as(token, FOLDER);
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(emu.inspect(r.json()["ID"].as_str().unwrap())["CreatedBy"], "student");
    let mut deny = req("token");
    deny.push(("decision", "deny"));
    let (base, f) = redirect_params(&emu.authorize_post(&deny));
    assert_eq!((base.as_str(), param(&f, "error")), (format!("{IMPLICIT_REDIRECT}#").as_str(), Some("access_denied")));
}

#[test]
fn registered_redirect_origins_get_cors_on_the_token_endpoint_and_the_apis() {
    let emu = Emu::with_oauth(&["--cors-origin", "http://listed.test"]);
    let pre = |origin: &str, path: &str| {
        emu.req(
            "OPTIONS",
            path,
            &[
                ("Origin", origin),
                ("Access-Control-Request-Method", "POST"),
                ("Access-Control-Request-Headers", "authorization,content-type"),
            ],
            b"",
        )
    };
    let api_path = format!("{API}/folders/{TOP}/children");
    for path in [TOKEN_ENDPOINT, api_path.as_str(), "/Panopto/PublicAPI/REST/sessionUpload"] {
        for origin in [REDIRECT_ORIGIN, "http://legacy.test:8081", "http://listed.test"] {
            let r = pre(origin, path);
            assert_eq!((r.status, r.header("access-control-allow-origin")), (204, Some(origin)), "{path} {origin}");
            assert_eq!(r.header("access-control-allow-headers"), Some("authorization,content-type"));
        }
        assert_eq!(pre("http://evil.test", path).status, 403, "{path}");
    }
    // The upload endpoint keeps --cors-origin alone.
    let obj = emu.create_session();
    assert_eq!(pre(REDIRECT_ORIGIN, &emu.target_path(&obj)).status, 403);

    let (v, c) = pkce();
    let code = emu.sign_in("teacher", &c, SCOPE);
    let form_body = form(&[
        ("grant_type", "authorization_code"),
        ("code", &code),
        ("redirect_uri", REDIRECT),
        ("client_id", CLIENT),
        ("code_verifier", &v),
    ]);
    let h = [("Origin", REDIRECT_ORIGIN), ("Content-Type", "application/x-www-form-urlencoded")];
    let r = emu.req("POST", TOKEN_ENDPOINT, &h, form_body.as_bytes());
    assert_eq!((r.status, r.header("access-control-allow-origin")), (200, Some(REDIRECT_ORIGIN)), "{}", r.text());
    let token = r.json()["access_token"].as_str().unwrap().to_string();
    let auth = format!("Bearer {token}");
    let r = emu.req("GET", &api_path, &[("Origin", REDIRECT_ORIGIN), ("Authorization", &auth)], b"");
    assert_eq!((r.status, r.header("access-control-allow-origin")), (200, Some(REDIRECT_ORIGIN)));
    assert!(r.header("access-control-expose-headers").unwrap().contains("Retry-After"));
    let r = emu.req("GET", &api_path, &[("Origin", "http://evil.test"), ("Authorization", &auth)], b"");
    assert!(r.header("access-control-allow-origin").is_none());
}

#[test]
fn bad_oauth_flags_stop_the_emulator_with_a_clear_message() {
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_panopto-emulator"))
            .args(["--listen", "127.0.0.1:0", "--data-dir"])
            .arg(tempfile::tempdir().unwrap().path().join("d"))
            .args(args)
            .output()
            .unwrap();
        assert!(!out.status.success(), "{args:?} started");
        assert!(!String::from_utf8_lossy(&out.stdout).contains("listening"));
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    assert!(run(&["--oauth-client", "page"]).contains("is not ID=REDIRECT_URI"));
    assert!(run(&["--oauth-client", "page=/cb"]).contains("absolute http:// or https:// URL"));
    assert!(run(&["--oauth-client", "page=http://x.test/cb#f"]).contains("must not contain a fragment"));
    let both = run(&["--oauth-client", "p=http://a.test/cb", "--oauth-implicit-client", "p=http://b.test/cb"]);
    assert!(both.contains("OAuth client 'p' is given with both"), "{both}");
    assert!(run(&["--oauth-client", "demo-lms=http://a.test/cb"]).contains("confidential client"));
    let help = std::process::Command::new(env!("CARGO_BIN_EXE_panopto-emulator")).arg("--help").output().unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    for flag in ["--oauth-client", "--oauth-implicit-client", "--folders-file", "--api-page-size", "--api-429-every"] {
        assert!(help.contains(flag), "{flag} missing from --help");
    }
    assert!(!help.contains("--oauth-code-ttl-secs"), "the test-only flag stays hidden");
}
