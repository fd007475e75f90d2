//! The `response_type` values of an authorization request, as IdentityServer3 (the server behind
//! Panopto's /Panopto/oauth2 routes) knows them: `Constants.SupportedResponseTypes`, each mapped
//! to a flow (`ResponseTypeToFlowMapping`) and to a default response mode
//! (`AllowedResponseModesForFlow`). Anything else is unknown, and a known value the client's flow
//! does not have is refused as `unauthorized_client` (see `params.rs`).

use crate::oauth_clients::Flow;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseType {
    Code,
    Token,
    IdToken,
    IdTokenToken,
    /// The hybrid flow's three values; no client here has that flow, so they are always refused
    /// as a flow the client does not have, never as unknown.
    CodeIdToken,
    CodeToken,
    CodeIdTokenToken,
}

/// IdentityServer3's list, in its spelling (the canonical order of the words).
const KNOWN: [(ResponseType, &str); 7] = [
    (ResponseType::Code, "code"),
    (ResponseType::Token, "token"),
    (ResponseType::IdToken, "id_token"),
    (ResponseType::IdTokenToken, "id_token token"),
    (ResponseType::CodeIdToken, "code id_token"),
    (ResponseType::CodeToken, "code token"),
    (ResponseType::CodeIdTokenToken, "code id_token token"),
];

fn sorted_words(s: &str) -> Vec<&str> {
    let mut w: Vec<&str> = s.split(' ').collect();
    w.sort_unstable();
    w
}

impl ResponseType {
    /// Words split at single spaces and compared in any order, as IdentityServer3's
    /// `ResponseTypeEqualityComparer` does (RFC 6749 §3.1.1: "response type "a b" is the same as
    /// "b a""). A doubled space or a repeated word matches nothing, there as here.
    pub fn parse(raw: &str) -> Option<ResponseType> {
        let words = sorted_words(raw);
        KNOWN.iter().find(|(_, k)| sorted_words(k) == words).map(|(t, _)| *t)
    }

    pub fn as_str(self) -> &'static str {
        KNOWN.iter().find(|(t, _)| *t == self).map_or("", |(_, k)| k)
    }

    /// Whether the answer is a redirect with `code` (the authorization code flow).
    pub fn is_code(self) -> bool {
        self == ResponseType::Code
    }

    /// Whether the answer carries an access token (the implicit flow's `token`).
    pub fn gives_token(self) -> bool {
        matches!(self, ResponseType::Token | ResponseType::IdTokenToken)
    }

    /// Whether the answer carries an id_token.
    pub fn gives_id_token(self) -> bool {
        matches!(self, ResponseType::IdToken | ResponseType::IdTokenToken)
    }

    /// The implicit flow (`ResponseTypeToFlowMapping`): where a nonce is due with openid.
    pub fn is_implicit(self) -> bool {
        matches!(self, ResponseType::Token | ResponseType::IdToken | ResponseType::IdTokenToken)
    }

    /// The response mode a flow answers in when none is asked for, and the only one besides
    /// form_post it allows (`AllowedResponseModesForFlow`): the query for the code flow, the
    /// fragment for the implicit and hybrid flows (tokens must not reach a server's logs).
    pub fn default_mode(self) -> &'static str {
        if self.is_code() {
            "query"
        } else {
            "fragment"
        }
    }

    /// Whether a client of type `client` may ask for it: IdentityServer3 compares the request's
    /// flow with the client's one flow ("Invalid flow for client").
    pub fn allowed_for(self, client: Flow) -> bool {
        match client {
            Flow::Code | Flow::Server => self.is_code(),
            Flow::Implicit => self.is_implicit(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_match_in_any_order_and_only_at_single_spaces() {
        assert_eq!(ResponseType::parse("code"), Some(ResponseType::Code));
        assert_eq!(ResponseType::parse("token id_token"), Some(ResponseType::IdTokenToken));
        assert_eq!(ResponseType::parse("id_token token"), Some(ResponseType::IdTokenToken));
        assert_eq!(ResponseType::parse("token code"), Some(ResponseType::CodeToken));
        assert_eq!(ResponseType::parse("token id_token code"), Some(ResponseType::CodeIdTokenToken));
        for bad in ["", "foo", "token  id_token", "token token", " code", "Code", "code,token"] {
            assert_eq!(ResponseType::parse(bad), None, "{bad:?}");
        }
        assert_eq!(ResponseType::IdTokenToken.as_str(), "id_token token");
        assert!(ResponseType::Code.allowed_for(Flow::Server) && !ResponseType::Token.allowed_for(Flow::Code));
        assert!(!ResponseType::CodeToken.allowed_for(Flow::Implicit));
        assert_eq!((ResponseType::Token.default_mode(), ResponseType::Code.default_mode()), ("fragment", "query"));
    }
}
