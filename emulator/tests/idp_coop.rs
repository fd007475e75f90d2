//! --idp-coop: the sign-in goes through an identity provider's page on another port, sent with
//! Cross-Origin-Opener-Policy: same-origin as Microsoft Entra ID's sign-in pages are, and its
//! link returns to the consent page.
mod common;
use common::*;
use percent_encoding::percent_decode_str;

/// host:port and path?query of an absolute http URL.
fn split(url: &str) -> (String, String) {
    let rest = url.strip_prefix("http://").unwrap_or_else(|| panic!("not http: {url}"));
    let i = rest.find('/').unwrap();
    (rest[..i].to_string(), rest[i..].to_string())
}

#[test]
fn the_sign_in_goes_through_the_identity_providers_coop_page() {
    let emu = Emu::with_oauth(&["--idp-coop"]);
    let line = emu.start_line("identity provider (COOP):");
    let idp = line.strip_prefix("identity provider (COOP): http://").unwrap().to_string();
    assert!(idp.starts_with("127.0.0.1:") && idp != emu.addr, "{line}");

    let (_, c) = pkce();
    let req = code_request(&c, "openid api", "st");
    let r = emu.authorize_get(&req);
    assert_eq!(r.status, 302, "{}", r.text());
    assert_eq!(r.header("cache-control"), Some("no-store"));
    let loc = r.header("location").unwrap().to_string();
    let prefix = format!("http://{idp}/idp/sign-in?return_to=");
    assert!(loc.starts_with(&prefix), "{loc}");
    let return_to = percent_decode_str(&loc[prefix.len()..]).decode_utf8().unwrap().to_string();
    assert_eq!(return_to, format!("http://{}{AUTHORIZE}?{}&idp=done", emu.addr, form(&req)));

    // The identity provider's page: no scripts, COOP same-origin, a link back.
    let (host, target) = split(&loc);
    let page = http(&host, "GET", &target, &[], b"");
    assert_eq!(page.status, 200, "{}", page.text());
    assert_eq!(page.header("cross-origin-opener-policy"), Some("same-origin"));
    assert_eq!(page.header("cache-control"), Some("no-store"));
    let html = page.text();
    assert!(html.contains("School sign-in (identity provider)") && !html.contains("<script"), "{html}");
    let href = format!(r#"<a id="idp-continue" href="{}">Continue to Panopto</a>"#, return_to.replace('&', "&amp;"));
    assert!(html.contains(&href), "{href} missing from {html}");

    // Following it shows the consent page; the marker is not carried into the form.
    let (host, target) = split(&return_to);
    assert_eq!(host, emu.addr);
    let consent = emu.req("GET", &target, &[], b"");
    assert_eq!(consent.status, 200, "{}", consent.text());
    let html = consent.text();
    assert!(html.contains(r#"id="allow""#) && !html.contains(r#"name="idp""#), "{html}");
    let (_, q) = emu.allow(&req, "teacher");
    assert!(param(&q, "code").is_some());

    // Requests that are not fit for the consent page are answered as without the IdP.
    let mut bad = req.clone();
    bad.retain(|(k, _)| *k != "scope");
    assert_eq!(param(&redirect_params(&emu.authorize_get(&bad)).1, "error"), Some("invalid_request"));
    assert_eq!(error_page(&emu.authorize_get(&[("client_id", "nobody")])).0, "invalid_client");
}

#[test]
fn the_identity_provider_checks_return_to_and_has_nothing_else() {
    let emu = Emu::with_oauth(&["--idp-coop"]);
    let line = emu.start_line("identity provider (COOP):");
    let idp = line.strip_prefix("identity provider (COOP): http://").unwrap().to_string();
    let port = emu.addr.rsplit_once(':').unwrap().1;
    for bad in [
        String::new(),
        format!("https://127.0.0.1:{port}{AUTHORIZE}?client_id=page"),
        format!("http://127.0.0.1:1{AUTHORIZE}?client_id=page"),
        format!("http://127.0.0.1:{port}/Panopto/oauth2/connect/token"),
        "http://evil.test/".to_string(),
    ] {
        let r = http(&idp, "GET", &format!("/idp/sign-in?return_to={}", enc(&bad)), &[], b"");
        assert_eq!(error_page(&r).0, "invalid_request", "{bad}");
        assert_eq!(r.header("cross-origin-opener-policy"), Some("same-origin"));
    }
    let ok = format!("http://localhost:{port}{AUTHORIZE}?client_id=page&idp=done");
    assert_eq!(http(&idp, "GET", &format!("/idp/sign-in?return_to={}", enc(&ok)), &[], b"").status, 200);
    for (method, path) in [("GET", "/"), ("GET", AUTHORIZE), ("POST", "/idp/sign-in"), ("GET", "/idp/sign-in/x")] {
        assert_eq!(http(&idp, method, path, &[], b"").status, 404, "{method} {path}");
    }
    // Without the flag there is no hop and no start-up line.
    let plain = Emu::with_oauth(&[]);
    let (_, c) = pkce();
    assert_eq!(plain.authorize_get(&code_request(&c, "api", "s")).status, 200);
}
