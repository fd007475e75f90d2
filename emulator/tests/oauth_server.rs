//! The Server-side Web Application (--oauth-server-client): the code flow redeemed with the
//! client secret, no PKCE at the token endpoint (a code_verifier is invalid_grant, as a live
//! Panopto answered), refresh with the secret, and the start-up lines naming each client's type.
mod common;
use common::*;

fn code_form(code: &str) -> Vec<(&str, &str)> {
    vec![("grant_type", "authorization_code"), ("code", code), ("redirect_uri", SERVER_REDIRECT)]
}

#[test]
fn the_code_is_redeemed_with_the_secret_alone() {
    let emu = Emu::with_oauth(&[]);
    // openid is optional; the redirect URI's own query is kept.
    let code = emu.server_code("teacher", "api offline_access", &[]);
    let r = emu.server_token(&code_form(&code), Secret::Form(SERVER_SECRET));
    assert_eq!(r.status, 200, "{}", r.text());
    let tok = r.json();
    assert_eq!(tok["scope"], "api offline_access");
    let refresh = tok["refresh_token"].as_str().expect("offline_access gives a refresh token").to_string();
    let r = emu.session_upload_as(tok["access_token"].as_str().unwrap(), FOLDER);
    assert_eq!(emu.inspect(r.json()["ID"].as_str().unwrap())["CreatedBy"], "teacher");

    // Refresh needs the secret as well.
    let form = [("grant_type", "refresh_token"), ("refresh_token", refresh.as_str())];
    let r = emu.server_token(&form, Secret::None);
    assert_eq!((r.status, oauth_error(&r).1.as_str()), (401, "invalid_client"));
    let r = emu.server_token(&form, Secret::Basic(SERVER_SECRET));
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(r.json()["refresh_token"].is_string());

    // Without offline_access: no refresh token; HTTP Basic works for the code too.
    let code = emu.server_code("ta", "openid api", &[]);
    let r = emu.server_token(&code_form(&code), Secret::Basic(SERVER_SECRET));
    assert_eq!(r.status, 200, "{}", r.text());
    let keys: Vec<String> = r.json().as_object().unwrap().keys().cloned().collect();
    assert_eq!(keys, ["access_token", "token_type", "expires_in", "scope"]);
}

#[test]
fn a_missing_or_wrong_secret_is_invalid_client_and_pkce_is_invalid_grant() {
    let emu = Emu::with_oauth(&[]);
    let code = emu.server_code("teacher", "openid api", &[]);
    let (status, err, desc) = oauth_error(&emu.server_token(&code_form(&code), Secret::None));
    assert_eq!((status, err.as_str()), (401, "invalid_client"));
    assert!(desc.contains("Server-side Web Application"), "{desc}");
    let r = emu.server_token(&code_form(&code), Secret::Form("wrong"));
    assert_eq!((r.status, oauth_error(&r).1.as_str()), (401, "invalid_client"));
    let r = emu.server_token(&code_form(&code), Secret::Basic("wrong"));
    assert_eq!((r.status, oauth_error(&r).1.as_str()), (401, "invalid_client"));
    assert_eq!(r.header("www-authenticate"), Some("Basic"));
    // None of that used the code up (the client is checked first) ...
    let r = emu.server_token(&code_form(&code), Secret::Form(SERVER_SECRET));
    assert_eq!(r.status, 200, "{}", r.text());

    // ... but a code_verifier sent with the secret does: IdentityServer3 removes the code first.
    let (verifier, challenge) = pkce();
    let pkce_params = [("code_challenge", challenge.as_str()), ("code_challenge_method", "S256")];
    let code = emu.server_code("teacher", "openid api", &pkce_params);
    let mut with_verifier = code_form(&code);
    with_verifier.push(("code_verifier", &verifier));
    let (status, err, desc) = oauth_error(&emu.server_token(&with_verifier, Secret::Form(SERVER_SECRET)));
    assert_eq!((status, err.as_str()), (400, "invalid_grant"));
    assert!(desc.contains("unexpected code_verifier"), "{desc}");
    let (_, err, desc) = oauth_error(&emu.server_token(&code_form(&code), Secret::Form(SERVER_SECRET)));
    assert_eq!(err, "invalid_grant");
    assert!(desc.contains("already been used"), "{desc}");

    // Scope: api is needed, openid is not; the server client gets no tokens in the fragment.
    let (_, q) = redirect_params(&emu.authorize_get(&server_request("openid", &[])));
    assert_eq!((param(&q, "from"), param(&q, "error")), (Some("panopto"), Some("invalid_scope")));
}

#[test]
fn start_up_lines_name_each_clients_type() {
    let emu = Emu::with_oauth(&[]);
    assert_eq!(
        emu.start_line("oauth client: page:"),
        format!("oauth client: page: code + PKCE (public) -> {REDIRECT}")
    );
    assert_eq!(
        emu.start_line("oauth client: legacy-page:"),
        format!("oauth client: legacy-page: implicit (JavaScript Web Application) -> {IMPLICIT_REDIRECT}")
    );
    assert_eq!(
        emu.start_line("oauth client: web-app:"),
        format!(
            "oauth client: web-app: code + secret (Server-side Web Application), secret {SERVER_SECRET} -> {SERVER_REDIRECT}"
        )
    );
}
