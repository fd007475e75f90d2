//! Sign-in with the authorization code flow and PKCE, over raw HTTP: the page, the redirect with
//! the code, the token exchange and every way it can fail, refresh token rotation, and what a
//! signed-in user's token can do.
mod common;
use common::*;
use serde_json::json;
use std::time::Duration;

const SCOPE: &str = "openid api offline_access";

#[test]
fn code_flow_end_to_end_with_refresh_rotation_and_the_users_token() {
    let emu = Emu::with_oauth(&[]);
    let (verifier, chal) = pkce();
    let req = code_request(&chal, SCOPE, "s t&ate");
    let page = emu.authorize_get(&req);
    assert_eq!(page.status, 200, "{}", page.text());
    assert!(page.header("content-type").unwrap().starts_with("text/html"));
    assert_eq!(page.header("cache-control"), Some("no-store"));
    let html = page.text();
    for needle in [
        r#"<form id="consent" method="post" action="/Panopto/oauth2/connect/authorize">"#,
        r#"<button type="submit" id="allow" name="decision" value="allow">Allow</button>"#,
        r#"id="deny" name="decision" value="deny""#,
        r#"<select id="user" name="user"><option value="teacher" selected>teacher</option><option value="ta">ta</option><option value="student">student</option></select>"#,
        r#"<input id="username" name="username" type="text""#,
        r#"<strong id="client-id">page</strong>"#,
        r#"<li data-scope="offline_access">"#,
        r#"<input type="hidden" name="state" value="s t&amp;ate">"#,
        &format!(r#"<input type="hidden" name="code_challenge" value="{chal}">"#),
        r#"<label for="user">"#,
        r#"<label for="username">"#,
    ] {
        assert!(html.contains(needle), "{needle} missing from\n{html}");
    }
    assert!(!html.contains("<script") && !html.contains("src=") && !html.contains("href="), "{html}");

    // Allow as "ta" (chosen in the select; the text field left empty).
    let mut post = req.clone();
    post.extend([("user", "ta"), ("username", ""), ("decision", "allow")]);
    let r = emu.authorize_post(&post);
    assert_eq!(r.header("cache-control"), Some("no-store"));
    let (base, p) = redirect_params(&r);
    assert_eq!(base, format!("{REDIRECT}?"));
    assert_eq!(param(&p, "state"), Some("s t&ate"));
    let code = param(&p, "code").unwrap().to_string();
    assert!(code.len() >= 32, "{code}");
    assert_eq!(p.len(), 2, "{p:?}");

    let r = emu.exchange(&code, &verifier);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("cache-control"), Some("no-store"));
    let tok = r.json();
    let keys: Vec<&String> = tok.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["access_token", "token_type", "expires_in", "scope", "refresh_token"]);
    assert_eq!((tok["token_type"].clone(), tok["expires_in"].clone()), (json!("Bearer"), json!(3600)));
    assert_eq!(tok["scope"], SCOPE);
    let access = tok["access_token"].as_str().unwrap().to_string();
    let refresh = tok["refresh_token"].as_str().unwrap().to_string();

    // The code works once.
    let again = emu.exchange(&code, &verifier);
    let (status, err, desc) = oauth_error(&again);
    assert_eq!((status, err.as_str()), (400, "invalid_grant"));
    assert!(desc.contains("already been used"), "{desc}");

    // The access token works on sessionUpload and API v1, as "ta".
    let r = emu.session_upload_as(&access, FOLDER);
    assert_eq!(r.status, 201, "{}", r.text());
    let id = r.json()["ID"].as_str().unwrap().to_string();
    assert_eq!(emu.inspect(&id)["CreatedBy"], "ta");
    assert_eq!(emu.api(&access, &format!("/folders/{FOLDER}"))["Name"], "Lectures");

    // Refresh: new tokens; the old refresh token is then spent.
    fn refresh_form(t: &str) -> Vec<(&str, &str)> {
        vec![("grant_type", "refresh_token"), ("refresh_token", t), ("client_id", CLIENT)]
    }
    let r = emu.token_post(&refresh_form(&refresh), &[]);
    assert_eq!(r.status, 200, "{}", r.text());
    let tok2 = r.json();
    let (access2, refresh2) = (tok2["access_token"].as_str().unwrap(), tok2["refresh_token"].as_str().unwrap());
    assert!(access2 != access && refresh2 != refresh, "{tok2}");
    assert_eq!((tok2["scope"].as_str(), tok2["expires_in"].as_u64()), (Some(SCOPE), Some(3600)));
    let r = emu.session_upload_as(access2, FOLDER);
    assert_eq!(emu.inspect(r.json()["ID"].as_str().unwrap())["CreatedBy"], "ta", "refresh keeps the user");
    let (status, err, desc) = oauth_error(&emu.token_post(&refresh_form(&refresh), &[]));
    assert_eq!((status, err.as_str()), (400, "invalid_grant"));
    assert!(desc.contains("already been used"), "{desc}");
    // A narrower scope may be asked for, a wider one not (and that leaves the token valid).
    let mut narrower = refresh_form(refresh2);
    narrower.push(("scope", "openid api"));
    let mut wider = refresh_form(refresh2);
    wider.push(("scope", "openid api email"));
    let (status, err, _) = oauth_error(&emu.token_post(&wider, &[]));
    assert_eq!((status, err.as_str()), (400, "invalid_scope"));
    let r = emu.token_post(&narrower, &[]);
    assert_eq!((r.status, r.json()["scope"].as_str()), (200, Some("openid api")), "{}", r.text());
    let (status, err, _) = oauth_error(&emu.token_post(&refresh_form("nonsense"), &[]));
    assert_eq!((status, err.as_str()), (400, "invalid_grant"));
    assert_eq!(emu.stats()["TokensIssued"], 3);
}

#[test]
fn exchange_errors_typed_users_and_no_refresh_token_without_offline_access() {
    let emu = Emu::with_oauth(&[]);
    let (v, c) = pkce();
    // A wrong verifier (well-formed), then the right one: the first attempt used the code up.
    let code = emu.sign_in("dr.who@uni-x.test", &c, SCOPE);
    let (wrong, _) = pkce();
    let (status, err, desc) = oauth_error(&emu.exchange(&code, &wrong));
    assert_eq!((status, err.as_str()), (400, "invalid_grant"));
    assert!(desc.contains("code_verifier does not match"), "{desc}");
    assert_eq!(oauth_error(&emu.exchange(&code, &v)).1, "invalid_grant");

    // redirect_uri must be the authorization request's.
    let code = emu.sign_in("teacher", &c, SCOPE);
    let mismatch = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", "http://localhost:3000/other.html"),
        ("client_id", CLIENT),
        ("code_verifier", v.as_str()),
    ];
    let (status, err, desc) = oauth_error(&emu.token_post(&mismatch, &[]));
    assert_eq!((status, err.as_str()), (400, "invalid_grant"));
    assert!(desc.contains("does not match"), "{desc}");

    // Missing parameters, malformed verifier, unknown and wrong clients, unknown grant.
    let code = emu.sign_in("teacher", &c, SCOPE);
    let base = |drop: &str| -> Vec<(&str, &str)> {
        [
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
            ("redirect_uri", REDIRECT),
            ("client_id", CLIENT),
            ("code_verifier", v.as_str()),
        ]
        .into_iter()
        .filter(|(k, _)| *k != drop)
        .collect()
    };
    for missing in ["code", "redirect_uri", "client_id", "code_verifier", "grant_type"] {
        let (status, err, desc) = oauth_error(&emu.token_post(&base(missing), &[]));
        assert_eq!((status, err.as_str()), (400, "invalid_request"), "{missing}: {desc}");
        assert!(desc.contains(missing), "{missing}: {desc}");
    }
    let mut short = base("code_verifier");
    short.push(("code_verifier", "too-short"));
    let (status, err, desc) = oauth_error(&emu.token_post(&short, &[]));
    assert_eq!((status, err.as_str()), (400, "invalid_request"));
    assert!(desc.contains("43 to 128"), "{desc}");
    let mut unknown = base("client_id");
    unknown.push(("client_id", "nobody"));
    let r = emu.token_post(&unknown, &[]);
    assert_eq!((r.status, oauth_error(&r).1.as_str()), (401, "invalid_client"));
    let mut confidential = base("client_id");
    confidential.push(("client_id", "demo-lms"));
    assert_eq!(oauth_error(&emu.token_post(&confidential, &[])).1, "unauthorized_client");
    let mut implicit = base("client_id");
    implicit.push(("client_id", IMPLICIT_CLIENT));
    assert_eq!(oauth_error(&emu.token_post(&implicit, &[])).1, "unauthorized_client");
    let mut password = base("grant_type");
    password.push(("grant_type", "password"));
    assert_eq!(oauth_error(&emu.token_post(&password, &[])).1, "unsupported_grant_type");
    // None of that used the code up.
    let r = emu.exchange(&code, &v);
    assert_eq!(r.status, 200, "{}", r.text());

    // Without offline_access: no refresh token; a typed user name wins over the select.
    let tok = emu.user_tokens("dr.who@uni-x.test", "openid api");
    let keys: Vec<&String> = tok.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["access_token", "token_type", "expires_in", "scope"]);
    assert_eq!(tok["scope"], "openid api");
    let r = emu.session_upload_as(tok["access_token"].as_str().unwrap(), FOLDER);
    assert_eq!(emu.inspect(r.json()["ID"].as_str().unwrap())["CreatedBy"], "dr.who@uni-x.test");
    // The confidential client keeps working as before.
    let r = emu.token_post(
        &[("grant_type", "client_credentials"), ("client_id", "demo-lms"), ("client_secret", "demo-secret")],
        &[],
    );
    assert_eq!(r.status, 200, "{}", r.text());
}

#[test]
fn codes_expire_and_signed_in_tokens_follow_the_token_ttl() {
    let emu = Emu::with_oauth(&["--oauth-code-ttl-secs", "1", "--token-ttl-secs", "1"]);
    let (v, c) = pkce();
    let late = emu.sign_in("student", &c, SCOPE);
    let code = emu.sign_in("student", &c, SCOPE);
    let r = emu.exchange(&code, &v);
    assert_eq!(r.status, 200, "{}", r.text());
    let tok = r.json();
    assert_eq!(tok["expires_in"], 1);
    let access = tok["access_token"].as_str().unwrap().to_string();
    assert_eq!(emu.get_as(&access, &format!("{API}/folders/{FOLDER}")).status, 200);
    std::thread::sleep(Duration::from_millis(1200));
    let (status, err, desc) = oauth_error(&emu.exchange(&late, &v));
    assert_eq!((status, err.as_str()), (400, "invalid_grant"));
    assert!(desc.contains("expired"), "{desc}");
    let expired = emu.get_as(&access, &format!("{API}/folders/{FOLDER}"));
    assert_eq!((expired.status, expired.json()["Message"].is_string()), (401, true));
    assert_eq!(emu.session_upload_as(&access, FOLDER).status, 401);
    // The refresh token outlives the access token and brings a working one.
    let refresh = tok["refresh_token"].as_str().unwrap();
    let r = emu.token_post(&[("grant_type", "refresh_token"), ("refresh_token", refresh), ("client_id", CLIENT)], &[]);
    assert_eq!(r.status, 200, "{}", r.text());
    let fresh = r.json()["access_token"].as_str().unwrap().to_string();
    assert_eq!(emu.get_as(&fresh, &format!("{API}/folders/{FOLDER}")).status, 200);
}
