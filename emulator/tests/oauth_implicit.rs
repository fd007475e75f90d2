//! The JavaScript Web Application (--oauth-implicit-client): response_type=token for resource
//! scopes only, never a refresh token, `id_token token` with openid and a nonce, and the error
//! page for the code flow it does not have (IdentityServer3's rules).
mod common;
use base64::Engine;
use common::*;

/// Follows the sign-in for `params` as "student": the fragment's parameters.
fn fragment(emu: &Emu, params: &[(&str, &str)]) -> Vec<(String, String)> {
    let page = emu.authorize_get(params);
    assert_eq!(page.status, 200, "{}", page.text());
    let (base, f) = emu.allow(params, "student");
    assert_eq!(base, format!("{IMPLICIT_REDIRECT}#"));
    f
}

fn names(f: &[(String, String)]) -> Vec<&str> {
    f.iter().map(|(k, _)| k.as_str()).collect()
}

#[test]
fn token_for_api_has_expires_in_and_never_a_refresh_token() {
    let emu = Emu::with_oauth(&["--token-ttl-secs", "600"]);
    for scope in ["api", "api offline_access"] {
        let f = fragment(&emu, &implicit_request("token", scope, &[]));
        assert_eq!(names(&f), ["access_token", "token_type", "expires_in", "scope", "state"], "{scope}");
        assert_eq!(param(&f, "token_type"), Some("Bearer"));
        assert_eq!(param(&f, "expires_in"), Some("600"));
        assert_eq!(param(&f, "scope"), Some("api"), "offline_access is not granted in the implicit flow");
        assert_eq!(param(&f, "state"), Some("imp"));
        let r = emu.session_upload_as(param(&f, "access_token").unwrap(), FOLDER);
        assert_eq!(r.status, 201, "{}", r.text());
        assert_eq!(emu.inspect(r.json()["ID"].as_str().unwrap())["CreatedBy"], "student");
    }
    // The client may not use the refresh grant at all.
    let r =
        emu.token_post(&[("grant_type", "refresh_token"), ("refresh_token", "x"), ("client_id", IMPLICIT_CLIENT)], &[]);
    let (status, err, desc) = oauth_error(&r);
    assert_eq!((status, err.as_str()), (400, "unauthorized_client"));
    assert!(desc.contains("never issues refresh tokens"), "{desc}");
    // Deny goes to the fragment too.
    let mut deny = implicit_request("token", "api", &[]);
    deny.push(("decision", "deny"));
    let (base, f) = redirect_params(&emu.authorize_post(&deny));
    assert_eq!((base, param(&f, "error")), (format!("{IMPLICIT_REDIRECT}#"), Some("access_denied")));
}

#[test]
fn openid_with_token_is_invalid_scope_and_id_token_token_needs_a_nonce() {
    let emu = Emu::with_oauth(&[]);
    let refused = |params: &[(&str, &str)]| {
        let (base, f) = redirect_params(&emu.authorize_get(params));
        assert_eq!(base, format!("{IMPLICIT_REDIRECT}#"), "implicit errors go to the fragment");
        assert_eq!(param(&f, "state"), Some("imp"));
        (param(&f, "error").unwrap().to_string(), param(&f, "error_description").unwrap().to_string())
    };
    let (err, desc) = refused(&implicit_request("token", "openid api", &[("nonce", "n")]));
    assert_eq!(err, "invalid_scope");
    assert!(desc.contains("resource scopes only"), "{desc}");
    assert_eq!(refused(&implicit_request("token", "offline_access", &[])).0, "invalid_scope");
    let (err, desc) = refused(&implicit_request("id_token token", "openid api", &[]));
    assert_eq!(
        (err.as_str(), desc.as_str()),
        ("invalid_request", "Nonce required for implicit flow with openid scope")
    );
    let (err, desc) = refused(&implicit_request("id_token token", "api", &[("nonce", "n")]));
    assert_eq!(
        (err.as_str(), desc.as_str()),
        ("invalid_request", "response_type 'id_token token' requires the openid scope")
    );
    assert_eq!(refused(&implicit_request("id_token token", "openid", &[("nonce", "n")])).0, "invalid_scope");
    assert_eq!(refused(&implicit_request("token", "api email", &[])).0, "invalid_scope");
}

fn jwt_payload(jwt: &str) -> serde_json::Value {
    let parts: Vec<&str> = jwt.split('.').collect();
    assert_eq!(parts.len(), 3, "{jwt}");
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let header: serde_json::Value = serde_json::from_slice(&b64.decode(parts[0]).unwrap()).unwrap();
    assert_eq!((header["alg"].as_str(), header["typ"].as_str()), (Some("HS256"), Some("JWT")));
    serde_json::from_slice(&b64.decode(parts[1]).unwrap()).unwrap()
}

#[test]
fn id_token_token_with_a_nonce_carries_an_id_token_for_the_user() {
    let emu = Emu::with_oauth(&[]);
    // Either order of the two words; '+' in the query is a space.
    for rt in ["id_token token", "token id_token"] {
        let params = implicit_request(rt, "openid api", &[("nonce", "n-0S6_WzA2Mj")]);
        let f = fragment(&emu, &params);
        assert_eq!(names(&f), ["id_token", "access_token", "token_type", "expires_in", "scope", "state"]);
        assert_eq!(param(&f, "scope"), Some("openid api"));
        let claims = jwt_payload(param(&f, "id_token").unwrap());
        assert_eq!(claims["nonce"], "n-0S6_WzA2Mj");
        assert_eq!(claims["sub"], "student");
        assert_eq!(claims["aud"], IMPLICIT_CLIENT);
        assert_eq!(claims["iss"], format!("http://{}/Panopto/oauth2", emu.addr));
        let (iat, exp) = (claims["iat"].as_u64().unwrap(), claims["exp"].as_u64().unwrap());
        assert_eq!(exp - iat, 300, "IdentityServer3's identity token lifetime");
        assert!(claims["at_hash"].is_string());
        let r = emu.session_upload_as(param(&f, "access_token").unwrap(), FOLDER);
        assert_eq!(r.status, 201, "{}", r.text());
    }
    let raw = format!(
        "{AUTHORIZE}?response_type=id_token+token&client_id={IMPLICIT_CLIENT}&redirect_uri={}&scope=openid+api&nonce=n1",
        enc(IMPLICIT_REDIRECT)
    );
    let page = emu.req("GET", &raw, &[], b"");
    assert_eq!(page.status, 200, "{}", page.text());
    assert!(page.text().contains(r#"<input type="hidden" name="nonce" value="n1">"#), "the form carries the nonce");
    // id_token alone: openid only, no access token.
    let f = fragment(&emu, &implicit_request("id_token", "openid", &[("nonce", "n2")]));
    assert_eq!(names(&f), ["id_token", "scope", "state"]);
    assert_eq!(jwt_payload(param(&f, "id_token").unwrap())["nonce"], "n2");
}

#[test]
fn the_code_flow_is_an_error_page_for_an_implicit_client() {
    let emu = Emu::with_oauth(&[]);
    let (_, c) = pkce();
    let params = implicit_request("code", "openid api", &[("code_challenge", &c), ("code_challenge_method", "S256")]);
    let r = emu.authorize_get(&params);
    assert!(r.header("location").is_none(), "no redirect");
    let (code, desc) = error_page(&r);
    assert_eq!(code, "unauthorized_client");
    assert_eq!(
        desc,
        format!("client '{IMPLICIT_CLIENT}' does not allow response_type 'code': its flow is implicit (JavaScript Web Application)")
    );
    // Nor does it redeem codes at the token endpoint.
    let r = emu.token_post(
        &[
            ("grant_type", "authorization_code"),
            ("code", "x"),
            ("redirect_uri", IMPLICIT_REDIRECT),
            ("client_id", IMPLICIT_CLIENT),
        ],
        &[],
    );
    assert_eq!(oauth_error(&r).1, "unauthorized_client");
}
