//! One sign-in: the authorization request for the flow the page configured, the answer
//! waited for in the window (or read from the address after a redirect round trip), its
//! `state` checked, the code exchanged with the PKCE verifier (or the implicit flow's token
//! taken), and what went wrong said clearly otherwise.
//!
//! A window that reads as closed is not a failure on its own: an identity provider sending
//! `Cross-Origin-Opener-Policy: same-origin` (Microsoft Entra ID since February 2026) cuts
//! the popup off from this page while the teacher is still signing in there; its answer then
//! comes over the `BroadcastChannel`. So a closed window is waited for, a grace period long,
//! and the teacher can cancel; and since Panopto (IdentityServer3) shows a refused request as
//! an error page in the window and never sends it back, "no answer" says which client type
//! and redirect URL to check.

use crate::core::oauth::authorize::{parse_callback, AuthorizeRequest, Callback, Flow};
use crate::core::oauth::base64url;
use crate::core::oauth::pkce;
use crate::core::oauth::token::{exchange_code, parse_tokens, Tokens};
use crate::core::panopto_rest::RestRequest;
use crate::engine::context::{EngineContext, SendPolicy, Verdict};
use crate::engine::control::RunState;
use crate::engine::error::{ErrorCode, UploadError};
use crate::engine::ports::{AuthWindow, HttpBody, HttpRequest, HttpResponse, SecureRandom};
use crate::text::{ErrorText, SignInTrouble};
use std::rc::Rc;

/// How long an answer may still come after the window reads as closed: signing in at a
/// school's identity provider (a password, a second factor) takes a minute or two.
pub const GRACE_MS: f64 = 5.0 * 60_000.0;
/// How long a window that stays open (on Panopto's error page, forgotten) is waited for.
pub const TIMEOUT_MS: f64 = 15.0 * 60_000.0;
const POLL_MS: u32 = 200;

/// Who signs in where, and how.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignInConfig {
    /// `scheme://host[:port]` of the Panopto server.
    pub origin: String,
    pub client_id: String,
    /// Registered on the API client in Panopto.
    pub redirect_uri: String,
    pub flow: Flow,
}

/// A request made and not yet answered: what checks and completes its answer. Kept in
/// `sessionStorage` across a redirect round trip, so it never holds a token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pending {
    pub state: String,
    /// The PKCE verifier (code flow only).
    pub verifier: Option<String>,
}

fn failed(trouble: SignInTrouble) -> UploadError {
    UploadError::new(ErrorCode::SignIn, ErrorText::SignIn(trouble))
}

/// No answer came: the window showed Panopto's error page, or was closed, or the teacher
/// cancelled. Names what to check at Panopto.
pub fn unanswered(config: &SignInConfig) -> UploadError {
    failed(SignInTrouble::Unanswered {
        client_id: config.client_id.clone(),
        redirect_uri: config.redirect_uri.clone(),
        flow: config.flow,
    })
}

/// A redirect sign-in cannot keep its request for the way back (no `sessionStorage`).
pub fn no_round_trip() -> UploadError {
    failed(SignInTrouble::NoRoundTrip)
}

/// A fresh request: its `state` (and PKCE verifier), and the URL that asks for it.
pub fn request(config: &SignInConfig, random: &dyn SecureRandom) -> Result<(Pending, String), UploadError> {
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
        flow: config.flow,
    }
    .url();
    let verifier = (config.flow == Flow::Code).then_some(verifier);
    Ok((Pending { state, verifier }, url))
}

/// Sign in in a popup. `detached` is told once when the window reads as closed while the
/// answer is still awaited (the page then offers Cancel); cancelling `ctx`'s control ends
/// the wait.
pub async fn sign_in(
    ctx: &EngineContext,
    config: &SignInConfig,
    window: &dyn AuthWindow,
    random: &dyn SecureRandom,
    detached: &dyn Fn(),
) -> Result<Tokens, UploadError> {
    let (pending, url) = request(config, random)?;
    if !window.open(&url, &pending.state) {
        return Err(failed(SignInTrouble::Blocked));
    }
    let result = match wait(ctx, config, window, detached).await {
        Ok(came_back) => finish(ctx, config, &pending, &came_back).await,
        Err(e) => Err(e),
    };
    window.close();
    result
}

async fn wait(
    ctx: &EngineContext,
    config: &SignInConfig,
    window: &dyn AuthWindow,
    detached: &dyn Fn(),
) -> Result<String, UploadError> {
    let opened = ctx.now_ms();
    let mut detached_at = None;
    loop {
        if let Some(url) = window.answer() {
            return Ok(url);
        }
        let now = ctx.now_ms();
        if detached_at.is_none() && window.closed() {
            detached_at = Some(now);
            detached();
        }
        let grace_over = detached_at.is_some_and(|t| now - t >= GRACE_MS);
        if ctx.control.state() == RunState::Cancelled || grace_over || now - opened >= TIMEOUT_MS {
            return Err(unanswered(config));
        }
        ctx.clock.sleep(POLL_MS).await;
    }
}

/// Complete `pending` with the URL the callback page was sent to.
pub async fn finish(
    ctx: &EngineContext,
    config: &SignInConfig,
    pending: &Pending,
    came_back: &str,
) -> Result<Tokens, UploadError> {
    let answer = parse_callback(came_back).ok_or_else(|| failed(SignInTrouble::NoAnswer))?;
    let check_state = |got: &str| {
        if got == pending.state {
            Ok(())
        } else {
            Err(failed(SignInTrouble::StateMismatch))
        }
    };
    match answer {
        Callback::Error { error, description, state: got } => {
            if let Some(got) = got.as_deref() {
                check_state(got)?;
            }
            Err(failed(match error.as_str() {
                "access_denied" => SignInTrouble::Denied,
                "unauthorized_client" | "invalid_client" | "unsupported_response_type" | "invalid_scope" => {
                    SignInTrouble::ClientRefused { client_id: config.client_id.clone(), error, description }
                }
                _ => SignInTrouble::Refused { error, description },
            }))
        }
        Callback::Tokens { access_token, expires_in, state: got } => {
            check_state(&got)?;
            Ok(Tokens { access_token, refresh_token: None, expires_in })
        }
        Callback::Code { code, state: got } => {
            check_state(&got)?;
            // A code answers only a code request: this page made none (`oauth-flow` is
            // implicit), so it cannot be exchanged.
            let Some(verifier) = pending.verifier.as_deref() else { return Err(failed(SignInTrouble::NoAnswer)) };
            let request = exchange_code(&config.origin, &config.client_id, &config.redirect_uri, &code, verifier);
            token_call(ctx, request).await.map_err(|e| match &*e.message {
                // The client wants its secret: a Server-side Web Application, which a page
                // cannot be (IdentityServer3 answers invalid_client without it).
                ErrorText::SignIn(SignInTrouble::NoToken(o))
                    if matches!(o.error.as_str(), "invalid_client" | "unauthorized_client") =>
                {
                    failed(SignInTrouble::ExchangeRefused { client_id: config.client_id.clone(), error: o.clone() })
                }
                _ => e,
            })
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
