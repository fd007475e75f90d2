//! One sign-in: open the authorization request in the popup, check the `state` that comes
//! back, exchange the code with the PKCE verifier (or take the implicit flow's token), and
//! say clearly what went wrong otherwise.

use crate::core::oauth::authorize::{parse_callback, AuthorizeRequest, Callback, Flow};
use crate::core::oauth::base64url;
use crate::core::oauth::pkce;
use crate::core::oauth::token::{exchange_code, parse_tokens, Tokens};
use crate::core::panopto_rest::RestRequest;
use crate::engine::context::{EngineContext, SendPolicy, Verdict};
use crate::engine::error::{ErrorCode, UploadError};
use crate::engine::ports::{AuthWindow, AuthWindowError, HttpBody, HttpRequest, HttpResponse, SecureRandom};
use crate::text::{ErrorText, SignInTrouble};
use std::rc::Rc;

/// Who signs in where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignInConfig {
    /// `scheme://host[:port]` of the Panopto server.
    pub origin: String,
    pub client_id: String,
    /// Registered on the API client in Panopto.
    pub redirect_uri: String,
}

fn failed(trouble: SignInTrouble) -> UploadError {
    UploadError::new(ErrorCode::SignIn, ErrorText::SignIn(trouble))
}

/// Sign in: the code flow first, the implicit flow if the server has no code flow for
/// this client.
pub async fn sign_in(
    ctx: &EngineContext,
    config: &SignInConfig,
    window: &dyn AuthWindow,
    random: &dyn SecureRandom,
) -> Result<Tokens, UploadError> {
    let result = match attempt(ctx, config, window, random, Flow::Code).await {
        Ok(Some(tokens)) => Ok(tokens),
        Ok(None) => attempt(ctx, config, window, random, Flow::Implicit)
            .await
            .and_then(|t| t.ok_or_else(|| failed(SignInTrouble::NoFlow))),
        Err(e) => Err(e),
    };
    window.close();
    result
}

/// `Ok(None)`: the server said it has no such flow for the client (try the other one).
async fn attempt(
    ctx: &EngineContext,
    config: &SignInConfig,
    window: &dyn AuthWindow,
    random: &dyn SecureRandom,
    flow: Flow,
) -> Result<Option<Tokens>, UploadError> {
    let mut bytes = [0u8; 48];
    random.fill(&mut bytes);
    if bytes.iter().all(|b| *b == 0) {
        return Err(failed(SignInTrouble::NoSecureRandom));
    }
    let state = base64url::encode(&bytes[32..]);
    let verifier = pkce::verifier(bytes[..32].try_into().expect("32 bytes"));
    let challenge = pkce::challenge(&verifier);
    let url = AuthorizeRequest {
        origin: &config.origin,
        client_id: &config.client_id,
        redirect_uri: &config.redirect_uri,
        state: &state,
        challenge: &challenge,
        flow,
    }
    .url();
    let came_back = window.open(&url).await.map_err(|e| match e {
        AuthWindowError::Blocked => failed(SignInTrouble::Blocked),
        AuthWindowError::Closed => failed(SignInTrouble::Closed {
            client_id: config.client_id.clone(),
            redirect_uri: config.redirect_uri.clone(),
        }),
    })?;
    let answer = parse_callback(&came_back).ok_or_else(|| failed(SignInTrouble::NoAnswer))?;
    let check_state = |got: &str| {
        if got == state {
            Ok(())
        } else {
            Err(failed(SignInTrouble::StateMismatch))
        }
    };
    match answer {
        Callback::Error { error, .. } if error == "unsupported_response_type" && flow == Flow::Code => Ok(None),
        Callback::Error { error, description, state: got } => {
            if let Some(got) = got.as_deref() {
                check_state(got)?;
            }
            Err(failed(match error.as_str() {
                "access_denied" => SignInTrouble::Denied,
                "unauthorized_client" | "invalid_client" => {
                    SignInTrouble::ClientRefused { client_id: config.client_id.clone(), error, description }
                }
                _ => SignInTrouble::Refused { error, description },
            }))
        }
        Callback::Tokens { access_token, expires_in, state: got } => {
            check_state(&got)?;
            Ok(Some(Tokens { access_token, refresh_token: None, expires_in }))
        }
        Callback::Code { code, state: got } => {
            check_state(&got)?;
            let request = exchange_code(&config.origin, &config.client_id, &config.redirect_uri, &code, &verifier);
            token_call(ctx, request).await.map(Some)
        }
    }
}

/// A token endpoint call: transient failures retried, an OAuth error said as it is.
pub(super) async fn token_call(ctx: &EngineContext, request: RestRequest) -> Result<Tokens, UploadError> {
    let body = request.body.clone().map_or(HttpBody::Empty, |b| HttpBody::Bytes(Rc::new(b.into_bytes())));
    let http = HttpRequest { method: request.method, url: request.url, headers: request.headers, body };
    ctx.send(
        SendPolicy::default(),
        || Ok(http.clone()),
        |r: &HttpResponse| match parse_tokens(r.status, &r.body) {
            Ok(t) => Verdict::Done(t),
            Err(e) if matches!(r.status, 408 | 429 | 500..=599) => Verdict::Retry(UploadError::new(
                ErrorCode::ServerUnavailable,
                ErrorText::SignIn(SignInTrouble::Unavailable(e)),
            )),
            Err(e) => Verdict::Fail(failed(SignInTrouble::NoToken(e))),
        },
    )
    .await
}
