//! The signed-in teacher's tokens: in memory only (never storage, the DOM, a URL or a log),
//! refreshed with the refresh token shortly before they expire and after a 401/403, and
//! forgotten on sign-out. Several requests needing a fresh token at once share one refresh:
//! Panopto rotates refresh tokens, so a second refresh with the old one would fail.

use super::sign_in::{token_call, SignInConfig};
use crate::core::oauth::token::{refresh, Tokens};
use crate::engine::context::EngineContext;
use crate::engine::error::{ErrorCode, UploadError};
use crate::engine::ports::TokenSource;
use crate::text::ErrorText;
use futures_util::future::LocalBoxFuture;
use futures_util::lock::Mutex;
use std::cell::RefCell;
use std::fmt;

/// Refresh this long before the token expires: a request signed with a token that expires
/// on the way would be refused.
const EARLY_MS: f64 = 60_000.0;
/// A refresh this recent already answered a 401 that raced it.
const FRESH_MS: f64 = 10_000.0;

struct Held {
    access: String,
    refresh: Option<String>,
    expires_at_ms: Option<f64>,
    got_at_ms: f64,
}

pub struct SignedIn {
    /// Its own context: refreshes run whatever the uploads are doing (paused, cancelled).
    ctx: EngineContext,
    config: SignInConfig,
    held: RefCell<Option<Held>>,
    refreshing: Mutex<()>,
}

impl fmt::Debug for SignedIn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignedIn")
            .field("client_id", &self.config.client_id)
            .field("signed_in", &self.is_signed_in())
            .finish()
    }
}

fn expired() -> UploadError {
    UploadError::new(ErrorCode::Token, ErrorText::SignInEnded)
}

impl SignedIn {
    pub fn new(ctx: EngineContext, config: SignInConfig) -> Self {
        SignedIn { ctx, config, held: RefCell::new(None), refreshing: Mutex::new(()) }
    }

    pub fn config(&self) -> &SignInConfig {
        &self.config
    }

    /// Keep the tokens a sign-in (or a refresh) gave.
    pub fn set(&self, tokens: Tokens) {
        let now = self.ctx.now_ms();
        let previous_refresh = self.held.borrow_mut().take().and_then(|h| h.refresh);
        *self.held.borrow_mut() = Some(Held {
            access: tokens.access_token,
            // A refresh answer without a new refresh token leaves the old one in force.
            refresh: tokens.refresh_token.or(previous_refresh),
            expires_at_ms: tokens.expires_in.map(|s| now + s as f64 * 1000.0),
            got_at_ms: now,
        });
    }

    pub fn sign_out(&self) {
        *self.held.borrow_mut() = None;
    }

    pub fn is_signed_in(&self) -> bool {
        self.held.borrow().is_some()
    }

    /// The current token while it has more than [`EARLY_MS`] to live.
    fn current(&self) -> Option<String> {
        let now = self.ctx.now_ms();
        self.held
            .borrow()
            .as_ref()
            .filter(|h| h.expires_at_ms.is_none_or(|t| t - now > EARLY_MS))
            .map(|h| h.access.clone())
    }

    fn within_known_lifetime(&self) -> bool {
        let now = self.ctx.now_ms();
        self.held.borrow().as_ref().and_then(|h| h.expires_at_ms).is_some_and(|t| t - now > EARLY_MS)
    }

    /// A fresh token, by the refresh token; `refused`: the current one was just refused.
    async fn refreshed(&self, refused: bool) -> Result<String, UploadError> {
        let _one_at_a_time = self.refreshing.lock().await;
        let now = self.ctx.now_ms();
        let (token, refresh_token, got_at) = match &*self.held.borrow() {
            Some(h) => (h.access.clone(), h.refresh.clone(), h.got_at_ms),
            None => return Err(expired()),
        };
        // Another request refreshed while this one waited: use its token.
        if (refused && now - got_at < FRESH_MS) || (!refused && self.current().is_some()) {
            return Ok(token);
        }
        let Some(refresh_token) = refresh_token else {
            // No way to refresh. A token refused well within its known lifetime was refused
            // for what it asked (a 403 on a folder the teacher may not use), not for itself:
            // the caller tries once more with it and reports Panopto's answer; the teacher
            // stays signed in.
            if refused && self.within_known_lifetime() {
                return Ok(token);
            }
            self.sign_out();
            return Err(expired());
        };
        match token_call(&self.ctx, refresh(&self.config.origin, &self.config.client_id, &refresh_token)).await {
            Ok(tokens) => {
                let access = tokens.access_token.clone();
                self.set(tokens);
                Ok(access)
            }
            Err(e) if e.code == ErrorCode::SignIn => {
                // The refresh token was refused (revoked, expired, rotated): sign in again.
                self.sign_out();
                Err(expired())
            }
            Err(e) => Err(e),
        }
    }
}

impl TokenSource for SignedIn {
    fn token(&self, refresh: bool) -> LocalBoxFuture<'_, Result<String, UploadError>> {
        Box::pin(async move {
            match (refresh, self.current()) {
                (false, Some(t)) => Ok(t),
                _ => self.refreshed(refresh).await,
            }
        })
    }

    fn optional(&self) -> LocalBoxFuture<'_, Result<Option<String>, UploadError>> {
        Box::pin(async move {
            if !self.is_signed_in() {
                return Ok(None);
            }
            self.token(false).await.map(Some)
        })
    }
}
