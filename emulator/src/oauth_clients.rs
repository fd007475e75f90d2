//! The OAuth2 clients a page or a web application can sign in with, one per type of API client
//! Panopto lets an administrator create (System → API Clients; panopto-api-python-examples'
//! auth-server-side-web-app README, Epiphan Pearl's Panopto guide): --oauth-client (a public
//! client: code with PKCE, no secret), --oauth-implicit-client (a JavaScript Web Application)
//! and --oauth-server-client (a Server-side Web Application, with its secret), each with its
//! redirect URIs. Parsed and checked at start-up, so a typo in a flag stops the emulator instead
//! of failing a sign-in later. The origins of the redirect URIs are the clients' CORS origins
//! (Panopto allows CORS per API client).

/// Which flow a client has. IdentityServer3, which Panopto's sign-in is, gives every client
/// exactly one (`Client.Flow`), and its authorize endpoint refuses any other
/// (`AuthorizeRequestValidator`: "Invalid flow for client" → `unauthorized_client`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// `response_type=code` with PKCE S256 and no secret (`AuthorizationCodeWithProofKey`). No
    /// public source shows Panopto offering it; the emulator keeps it for pages that use it.
    Code,
    /// `response_type=code`, redeemed with the client secret (`AuthorizationCode`): Panopto's
    /// "Server-side Web Application".
    Server,
    /// `response_type=token` or `id_token token` (`Implicit`): Panopto's "JavaScript Web
    /// Application".
    Implicit,
}

impl Flow {
    /// How the start-up lines name the type.
    pub fn describe(self) -> &'static str {
        match self {
            Flow::Code => "code + PKCE (public)",
            Flow::Server => "code + secret (Server-side Web Application)",
            Flow::Implicit => "implicit (JavaScript Web Application)",
        }
    }

    fn flag(self) -> &'static str {
        match self {
            Flow::Code => "--oauth-client",
            Flow::Server => "--oauth-server-client",
            Flow::Implicit => "--oauth-implicit-client",
        }
    }
}

#[derive(Debug, Clone)]
pub struct OAuthClient {
    pub id: String,
    pub flow: Flow,
    /// Compared by exact string match, as RFC 6749 §3.1.2 and OAuth 2.1 ask.
    pub redirect_uris: Vec<String>,
    /// The secret of a [`Flow::Server`] client; None for the others.
    pub secret: Option<String>,
}

impl OAuthClient {
    pub fn has_redirect(&self, uri: &str) -> bool {
        self.redirect_uris.iter().any(|r| r == uri)
    }
}

/// clap value parser for `ID=REDIRECT_URI`.
pub fn parse_registration(s: &str) -> Result<(String, String), String> {
    let Some((id, uri)) = s.split_once('=') else {
        return Err(format!("'{s}' is not ID=REDIRECT_URI (e.g. my-page=http://localhost:3000/signed-in.html)"));
    };
    check_id(id)?;
    check_redirect_uri(uri)?;
    Ok((id.to_string(), uri.to_string()))
}

/// clap value parser for `ID=REDIRECT_URI=SECRET`: the id ends at the first '=' and the secret
/// starts after the last one, since a redirect URI's query may itself hold '='.
pub fn parse_server_registration(s: &str) -> Result<(String, String, String), String> {
    let shape = || format!("'{s}' is not ID=REDIRECT_URI=SECRET (e.g. web-app=http://localhost:9127/redirect=s3cret)");
    let Some((id, rest)) = s.split_once('=') else { return Err(shape()) };
    let Some((uri, secret)) = rest.rsplit_once('=') else { return Err(shape()) };
    check_id(id)?;
    check_redirect_uri(uri)?;
    if secret.is_empty() {
        return Err(format!("the secret of client '{id}' is empty: '{s}' must end with =SECRET"));
    }
    if secret.bytes().any(|b| b <= b' ' || b >= 0x7f) {
        return Err(format!("the secret of client '{id}' contains spaces, control or non-ASCII characters"));
    }
    Ok((id.to_string(), uri.to_string(), secret.to_string()))
}

fn check_id(id: &str) -> Result<(), String> {
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b)) {
        return Err(format!("client id '{id}' must be 1 or more of the characters A-Z a-z 0-9 - . _ ~"));
    }
    Ok(())
}

/// A redirect URI must be an absolute http(s) URL without a fragment (RFC 6749 §3.1.2): the
/// implicit flow puts its answer in the fragment.
fn check_redirect_uri(uri: &str) -> Result<(), String> {
    if uri.bytes().any(|b| b <= b' ' || b >= 0x7f) {
        return Err(format!("redirect URI '{uri}' contains spaces, control or non-ASCII characters"));
    }
    if uri.contains('#') {
        return Err(format!("redirect URI '{uri}' must not contain a fragment (#)"));
    }
    if origin_of(uri).is_none() {
        return Err(format!("redirect URI '{uri}' must be an absolute http:// or https:// URL with a host"));
    }
    Ok(())
}

/// The Origin a browser sends for pages under `uri`: scheme://host[:port], lower case, without
/// the scheme's default port. None unless `uri` is an http(s) URL with a host.
pub fn origin_of(uri: &str) -> Option<String> {
    let (scheme, rest) = uri.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "http" => "80",
        "https" => "443",
        _ => return None,
    };
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    if authority.contains('@') {
        return None;
    }
    // A port is what follows the last ':' unless that ':' is inside an IPv6 literal ("[::1]").
    let (host, port) = match authority.rfind(':') {
        Some(i) if !authority[i..].contains(']') => (&authority[..i], Some(&authority[i + 1..])),
        _ => (authority, None),
    };
    if host.is_empty() || port.is_some_and(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let host = host.to_ascii_lowercase();
    Some(match port {
        Some(p) if p != default_port => format!("{scheme}://{host}:{p}"),
        _ => format!("{scheme}://{host}"),
    })
}

/// Merges the flags into clients: repeating an ID adds a redirect URI. One ID has one type (as an
/// IdentityServer3 client has one flow) and one secret, and none is the confidential --client-id,
/// because the token endpoint tells them apart by id.
pub fn resolve(
    code: &[(String, String)],
    implicit: &[(String, String)],
    server: &[(String, String, String)],
    confidential_id: &str,
) -> Result<Vec<OAuthClient>, String> {
    let without = |(id, uri): &(String, String)| (id.clone(), uri.clone(), None);
    let with_secret = |(id, uri, secret): &(String, String, String)| (id.clone(), uri.clone(), Some(secret.clone()));
    let all = code
        .iter()
        .map(|r| (Flow::Code, without(r)))
        .chain(implicit.iter().map(|r| (Flow::Implicit, without(r))))
        .chain(server.iter().map(|r| (Flow::Server, with_secret(r))));
    let mut out: Vec<OAuthClient> = Vec::new();
    for (flow, (id, uri, secret)) in all {
        if id == confidential_id {
            return Err(format!(
                "OAuth client '{id}' is already the confidential client (--client-id); choose another id"
            ));
        }
        match out.iter_mut().find(|c| c.id == id) {
            Some(c) if c.flow != flow => {
                return Err(format!(
                    "OAuth client '{id}' is given with both {} and {}; a client has one type",
                    c.flow.flag(),
                    flow.flag()
                ))
            }
            Some(c) if c.secret != secret => {
                return Err(format!("OAuth client '{id}' is given with two different secrets; a client has one"))
            }
            Some(c) => {
                if !c.has_redirect(&uri) {
                    c.redirect_uris.push(uri);
                }
            }
            None => out.push(OAuthClient { id, flow, redirect_uris: vec![uri], secret }),
        }
    }
    Ok(out)
}

/// The distinct origins of every registered redirect URI.
pub fn origins(clients: &[OAuthClient]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for o in clients.iter().flat_map(|c| c.redirect_uris.iter()).filter_map(|u| origin_of(u)) {
        if !out.contains(&o) {
            out.push(o);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_drop_default_ports_and_paths() {
        assert_eq!(origin_of("http://localhost:3000/cb?x=1").as_deref(), Some("http://localhost:3000"));
        assert_eq!(origin_of("HTTPS://Page.Test:443/a").as_deref(), Some("https://page.test"));
        assert_eq!(origin_of("http://[::1]:8080/cb").as_deref(), Some("http://[::1]:8080"));
        assert_eq!(origin_of("http://[::1]/cb").as_deref(), Some("http://[::1]"));
        assert_eq!(origin_of("ftp://x/cb"), None);
        assert_eq!(origin_of("http:///cb"), None);
        assert_eq!(origin_of("http://u@x/cb"), None);
        assert_eq!(origin_of("http://x:/cb"), None);
    }

    #[test]
    fn registrations_are_checked_and_merged() {
        assert!(parse_registration("page").is_err());
        assert!(parse_registration("=http://x/cb").is_err());
        assert!(parse_registration("a b=http://x/cb").is_err());
        assert!(parse_registration("page=http://x/cb#frag").is_err());
        assert!(parse_registration("page=/relative").is_err());
        let p = |s: &str| parse_registration(s).unwrap();
        let code = [p("page=http://a.test/cb"), p("page=http://b.test/cb"), p("page=http://a.test/cb")];
        let cs = resolve(&code, &[p("old=http://c.test/cb")], &[], "demo-lms").unwrap();
        assert_eq!(cs.len(), 2);
        assert_eq!(cs[0].redirect_uris, ["http://a.test/cb", "http://b.test/cb"]);
        assert_eq!(cs[1].flow, Flow::Implicit);
        assert_eq!(origins(&cs), ["http://a.test", "http://b.test", "http://c.test"]);
        assert!(resolve(&code, &[p("page=http://c.test/cb")], &[], "demo-lms").unwrap_err().contains("both"));
        let confidential = resolve(&[p("demo-lms=http://a.test/cb")], &[], &[], "demo-lms");
        assert!(confidential.unwrap_err().contains("confidential"));
    }

    #[test]
    fn server_registrations_split_at_the_first_and_the_last_equals_sign() {
        let s = parse_server_registration;
        let got = s("web=http://a.test/cb?x=1&y=2=s3cret").unwrap();
        assert_eq!(got, ("web".into(), "http://a.test/cb?x=1&y=2".into(), "s3cret".into()));
        assert!(s("web=http://a.test/cb").unwrap_err().contains("ID=REDIRECT_URI=SECRET"));
        assert!(s("web").unwrap_err().contains("ID=REDIRECT_URI=SECRET"));
        assert!(s("web=http://a.test/cb=").unwrap_err().contains("is empty"));
        assert!(s("web=/cb=x").unwrap_err().contains("absolute"));
        assert!(s("w b=http://a.test/cb=x").unwrap_err().contains("client id"));
        let reg = |x: &str| s(x).unwrap();
        let server = [reg("web=http://a.test/cb=k"), reg("web=http://b.test/cb=k")];
        let cs = resolve(&[], &[], &server, "demo-lms").unwrap();
        assert_eq!((cs.len(), cs[0].flow, cs[0].secret.as_deref()), (1, Flow::Server, Some("k")));
        assert_eq!(cs[0].redirect_uris, ["http://a.test/cb", "http://b.test/cb"]);
        let two_secrets = [reg("web=http://a.test/cb=k"), reg("web=http://a.test/cb=other")];
        assert!(resolve(&[], &[], &two_secrets, "demo-lms").unwrap_err().contains("two different secrets"));
        let implicit = [parse_registration("web=http://c.test/cb").unwrap()];
        let both = resolve(&[], &implicit, &server, "demo-lms").unwrap_err();
        assert!(both.contains("--oauth-implicit-client and --oauth-server-client"), "{both}");
        assert!(resolve(&[], &[], &[reg("demo-lms=http://a.test/cb=k")], "demo-lms").is_err());
    }
}
