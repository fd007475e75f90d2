//! The authorize endpoint's refusals, in IdentityServer3's two kinds: user errors on a page (an
//! unknown client or redirect URI, a missing or unknown response_type, a flow the client does not
//! have) and client errors redirected with error= (PKCE, scope); Deny, CORS for the clients'
//! origins, and start-up checks of the OAuth flags.
mod common;
use common::*;

const SCOPE: &str = "openid api";

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
        ("code_challenge", None, "invalid_request", "code_challenge is required"),
        ("code_challenge", Some("abc"), "invalid_request", "not an S256 challenge"),
        ("code_challenge_method", None, "invalid_request", "code_challenge_method is missing"),
        ("code_challenge_method", Some("plain"), "invalid_request", "'plain' is not supported"),
        ("scope", None, "invalid_request", "scope is missing"),
        ("scope", Some("openid"), "invalid_scope", "must contain api"),
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
        // The code flow answers in the query.
        assert_eq!(base, format!("{REDIRECT}?"), "{name}");
        assert_eq!(param(&q, "error"), Some(want), "{name}={value:?}: {q:?}");
        assert!(param(&q, "error_description").unwrap().contains(text), "{name}={value:?}: {q:?}");
        assert_eq!(param(&q, "state"), Some("the-state"));
    }
    // openid is optional for the code flow.
    assert_eq!(emu.authorize_get(&code_request(&c, "api", "x")).status, 200);
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
fn registered_redirect_origins_get_cors_on_the_token_endpoint_and_the_apis_only_if_asked() {
    let api_path = format!("{API}/folders/{TOP}/children");
    let rest_path = "/Panopto/PublicAPI/REST/sessionUpload";
    for on_apis in [false, true] {
        let flags: &[&str] = if on_apis {
            &["--cors-origin", "http://listed.test", "--client-cors-on-apis"]
        } else {
            &["--cors-origin", "http://listed.test"]
        };
        let emu = Emu::with_oauth(flags);
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
        for path in [TOKEN_ENDPOINT, api_path.as_str(), rest_path] {
            // IdentityServer answers CORS for a client's origins on its own endpoints; whether
            // Panopto's APIs do is unknown, so only with the flag.
            let clients_allowed = path == TOKEN_ENDPOINT || on_apis;
            for origin in [REDIRECT_ORIGIN, "http://legacy.test:8081", "http://listed.test"] {
                let r = pre(origin, path);
                if clients_allowed || origin == "http://listed.test" {
                    assert_eq!(
                        (r.status, r.header("access-control-allow-origin")),
                        (204, Some(origin)),
                        "{path} {origin}"
                    );
                    assert_eq!(r.header("access-control-allow-headers"), Some("authorization,content-type"));
                } else {
                    assert_eq!((r.status, r.header("access-control-allow-origin")), (403, None), "{path} {origin}");
                }
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
        assert_eq!(r.status, 200);
        if on_apis {
            assert_eq!(r.header("access-control-allow-origin"), Some(REDIRECT_ORIGIN));
            assert!(r.header("access-control-expose-headers").unwrap().contains("Retry-After"));
        } else {
            assert_eq!(r.header("access-control-allow-origin"), None, "a browser would not let the page read it");
        }
        let r = emu.req("GET", &api_path, &[("Origin", "http://evil.test"), ("Authorization", &auth)], b"");
        assert!(r.header("access-control-allow-origin").is_none());
    }
}

#[test]
fn without_any_cors_flag_nothing_answers_cors_but_the_token_endpoint_for_its_clients() {
    let emu = Emu::with_oauth(&[]);
    let obj = emu.create_session();
    let upload = emu.target_path(&obj);
    let api_path = format!("{API}/folders/{TOP}/children");
    for path in [api_path.as_str(), "/Panopto/PublicAPI/REST/sessionUpload", upload.as_str()] {
        for origin in [REDIRECT_ORIGIN, "http://any.test"] {
            let r = emu.req("OPTIONS", path, &[("Origin", origin), ("Access-Control-Request-Method", "PUT")], b"");
            assert_eq!((r.status, r.header("access-control-allow-origin")), (403, None), "{path} {origin}");
        }
        let r = emu.req("GET", path, &[("Origin", REDIRECT_ORIGIN), ("Authorization", "Bearer dev-token")], b"");
        assert_eq!(r.header("access-control-allow-origin"), None, "{path}");
    }
    let r = emu.req(
        "OPTIONS",
        TOKEN_ENDPOINT,
        &[("Origin", REDIRECT_ORIGIN), ("Access-Control-Request-Method", "POST")],
        b"",
    );
    assert_eq!((r.status, r.header("access-control-allow-origin")), (204, Some(REDIRECT_ORIGIN)));
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
    // --oauth-server-client ID=REDIRECT_URI=SECRET.
    assert!(run(&["--oauth-server-client", "web=http://a.test/cb"]).contains("is not ID=REDIRECT_URI=SECRET"));
    assert!(run(&["--oauth-server-client", "web=http://a.test/cb="]).contains("secret of client 'web' is empty"));
    assert!(run(&["--oauth-server-client", "web=/cb=k"]).contains("absolute http:// or https:// URL"));
    let two = run(&["--oauth-server-client", "w=http://a.test/cb=k", "--oauth-server-client", "w=http://b.test/cb=j"]);
    assert!(two.contains("two different secrets"), "{two}");
    let both = run(&["--oauth-server-client", "w=http://a.test/cb=k", "--oauth-client", "w=http://b.test/cb"]);
    assert!(both.contains("both --oauth-client and --oauth-server-client"), "{both}");
    assert!(run(&["--oauth-server-client", "demo-lms=http://a.test/cb=k"]).contains("confidential client"));
    let help = std::process::Command::new(env!("CARGO_BIN_EXE_panopto-emulator")).arg("--help").output().unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    for flag in [
        "--oauth-client",
        "--oauth-implicit-client",
        "--oauth-server-client",
        "--idp-coop",
        "--folders-file",
        "--api-page-size",
        "--api-429-every",
    ] {
        assert!(help.contains(flag), "{flag} missing from --help");
    }
    assert!(!help.contains("--oauth-code-ttl-secs"), "the test-only flag stays hidden");
    // Each behaviour names its source.
    for source in ["IdentityServer3", "RFC 6749 §4.2.2", "pingpong 028f0b08", "estuary/ui PR #1996", "PR #8118"] {
        assert!(help.contains(source), "{source} missing from --help");
    }
}

#[test]
fn a_missing_or_unknown_response_type_or_a_flow_the_client_lacks_gets_a_page() {
    let emu = Emu::with_oauth(&[]);
    let (_, c) = pkce();
    let with = |rt: Option<&'static str>, extra: &[(&'static str, &'static str)]| {
        let mut p: Vec<(&str, &str)> =
            code_request(&c, SCOPE, "x").into_iter().filter(|(n, _)| *n != "response_type").collect();
        p.extend(rt.map(|v| ("response_type", v)));
        p.extend_from_slice(extra);
        emu.authorize_get(&p)
    };
    let (code, desc) = error_page(&with(None, &[]));
    assert_eq!((code.as_str(), desc.as_str()), ("unsupported_response_type", "response_type is missing"));
    for unknown in ["foo", "code  token", "token token", "Code"] {
        let (code, desc) = error_page(&with(Some(unknown), &[]));
        assert_eq!(code, "unsupported_response_type", "{unknown}");
        assert!(desc.contains(&format!("'{unknown}' is not supported")), "{desc}");
    }
    // Known response types the public code client's flow does not have, hybrid ones included.
    for other in ["token", "id_token", "id_token token", "code token", "token code id_token"] {
        let (code, desc) = error_page(&with(Some(other), &[("nonce", "n")]));
        assert_eq!(code, "unauthorized_client", "{other}");
        assert!(desc.starts_with("client 'page' does not allow response_type"), "{desc}");
        assert!(desc.ends_with("its flow is code + PKCE (public)"), "{desc}");
    }
    // The Server-side Web Application has no implicit flow either.
    let r = emu.authorize_get(&[
        ("response_type", "token"),
        ("client_id", SERVER_CLIENT),
        ("redirect_uri", SERVER_REDIRECT),
        ("scope", "api"),
    ]);
    let (code, desc) = error_page(&r);
    assert_eq!(code, "unauthorized_client");
    assert!(desc.contains("code + secret (Server-side Web Application)"), "{desc}");
    // response_mode other than the flow's own, and a doubled response_type: pages too.
    for mode in ["fragment", "form_post", "jwt"] {
        assert_eq!(error_page(&with(Some("code"), &[("response_mode", mode)])).0, "unsupported_response_type");
    }
    assert_eq!(
        emu.authorize_get(&[code_request(&c, SCOPE, "x"), vec![("response_mode", "query")]].concat()).status,
        200
    );
    let (code, desc) = error_page(&with(Some("code"), &[("response_type", "code")]));
    assert_eq!(
        (code.as_str(), desc.as_str()),
        ("invalid_request", "parameter 'response_type' was given more than once")
    );
    // The form is checked again.
    let mut post: Vec<(&str, &str)> =
        code_request(&c, SCOPE, "x").into_iter().filter(|(n, _)| *n != "response_type").collect();
    post.extend([("response_type", "token"), ("user", "ta"), ("decision", "allow")]);
    assert_eq!(error_page(&emu.authorize_post(&post)).0, "unauthorized_client");
}
