//! Which scopes an authorization request may ask for with its response_type, checked in
//! IdentityServer3's order (`AuthorizeRequestValidator.ValidateScopeAsync` and
//! `ScopeValidator.IsResponseTypeValid`), plus Panopto's one rule of its own: its API is the
//! `api` scope, which every public sample asks for (panopto-api-python-examples `DEFAULT_SCOPE`).
//! Every refusal here is redirected to the client (IdentityServer3: client errors).

use super::response_type::ResponseType;

/// Known scopes and what the consent page says they allow. `openid` is IdentityServer3's identity
/// scope; `api` and `offline_access` are resource scopes (`StandardScopes.OfflineAccess` has
/// `ScopeType.Resource`).
pub const SCOPES: [(&str, &str); 3] = [
    ("openid", "Know who you are (your user name)"),
    ("api", "Use Panopto as you: browse folders and sessions, upload recordings"),
    ("offline_access", "Stay signed in while you are away (a refresh token)"),
];

/// A refusal: the OAuth error code and its description.
pub type Refused = (&'static str, String);

/// The scopes asked for, each once, in the order given, or why they cannot be granted.
pub fn check(rt: ResponseType, raw: Option<&str>) -> Result<Vec<String>, Refused> {
    let raw = raw.unwrap_or("");
    let mut asked: Vec<String> = Vec::new();
    for s in raw.split(' ').filter(|s| !s.is_empty()) {
        if !asked.iter().any(|a| a == s) {
            asked.push(s.to_string());
        }
    }
    // "scope is missing": a client error with the default code.
    if asked.is_empty() {
        return Err(("invalid_request", "scope is missing".into()));
    }
    let has = |name: &str| asked.iter().any(|s| s == name);
    // "response_type requires the openid scope" (ResponseTypeToScopeRequirement Identity*).
    if rt.gives_id_token() && !has("openid") {
        return Err(("invalid_request", format!("response_type '{}' requires the openid scope", rt.as_str())));
    }
    if let Some(unknown) = asked.iter().find(|s| !SCOPES.iter().any(|(k, _)| k == s)) {
        let known: Vec<&str> = SCOPES.iter().map(|(k, _)| *k).collect();
        return Err(("invalid_scope", format!("unknown scope '{unknown}'; the scopes are {}", known.join(", "))));
    }
    let resource = asked.iter().any(|s| s != "openid");
    // IsResponseTypeValid: "Requests for token response type only must include resource scopes,
    // but no identity scopes"; "Requests for id_token response type only must not include
    // resource scopes".
    if rt == ResponseType::Token && has("openid") {
        return Err((
            "invalid_scope",
            "response_type 'token' is for resource scopes only (api, offline_access): openid needs \
             response_type 'id_token token' and a nonce"
                .into(),
        ));
    }
    if rt == ResponseType::IdToken && resource {
        return Err((
            "invalid_scope",
            format!("response_type 'id_token' is for openid only (got '{raw}'): ask 'id_token token' for api"),
        ));
    }
    // Panopto: a code or an access token is for its API.
    if (rt.is_code() || rt.gives_token()) && !has("api") {
        return Err(("invalid_scope", format!("scope must contain api (got '{raw}')")));
    }
    Ok(asked)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ResponseType::*;

    #[test]
    fn scopes_follow_the_response_type() {
        let code = |e: Result<Vec<String>, Refused>| e.unwrap_err().0;
        assert_eq!(check(Code, Some("api openid api")).unwrap(), ["api", "openid"]);
        assert_eq!(check(Code, Some("api")).unwrap(), ["api"]);
        assert_eq!(code(check(Code, None)), "invalid_request");
        assert_eq!(code(check(Code, Some("  "))), "invalid_request");
        assert!(check(Code, Some("openid")).unwrap_err().1.contains("must contain api"));
        assert!(check(Code, Some("openid api email")).unwrap_err().1.contains("unknown scope 'email'"));
        assert_eq!(check(Token, Some("api offline_access")).unwrap(), ["api", "offline_access"]);
        assert_eq!(code(check(Token, Some("openid api"))), "invalid_scope");
        assert_eq!(code(check(Token, Some("offline_access"))), "invalid_scope");
        assert_eq!(check(IdTokenToken, Some("openid api")).unwrap(), ["openid", "api"]);
        assert_eq!(code(check(IdTokenToken, Some("api"))), "invalid_request");
        assert_eq!(code(check(IdTokenToken, Some("openid"))), "invalid_scope");
        assert_eq!(check(IdToken, Some("openid")).unwrap(), ["openid"]);
        assert_eq!(code(check(IdToken, Some("openid api"))), "invalid_scope");
    }
}
