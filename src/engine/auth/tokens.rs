//! The signed-in teacher's tokens: in memory only (never storage, the DOM, a URL or a log),
//! refreshed with the refresh token shortly before they expire and after a 401/403, and
//! forgotten on sign-out. Several requests needing a fresh token at once share one refresh:
//! Panopto rotates refresh tokens, so a second refresh with the old one would fail.
//!
//! The implicit flow gives no refresh token (RFC 6749 §4.2.2): its token is used until just
//! before it ends, and then the sign-in has *ended* — requests wait for the teacher to sign
//! in again ([`SignedIn::has_ended`]) rather than fail.

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
/// A token that cannot be refreshed is used until this close to its end (a REST call takes
/// well under a second; a token of a minute must still be usable).
const LAST_MS: f64 = 5_000.0;
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
    /// The token ended by itself (expired without a refresh token, or its refresh was
    /// refused) and no new sign-in has come yet.
    ended: std::cell::Cell<bool>,
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
        SignedIn { ctx, config, held: RefCell::new(None), ended: Default::default(), refreshing: Mutex::new(()) }
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
        self.ended.set(false);
    }

    /// The teacher signed out.
    pub fn sign_out(&self) {
        *self.held.borrow_mut() = None;
        self.ended.set(false);
    }

    /// The sign-in ended by itself: requests wait for a new one.
    fn end(&self) {
        *self.held.borrow_mut() = None;
        self.ended.set(true);
    }

    pub fn has_ended(&self) -> bool {
        self.ended.get()
    }

    /// When the token ends with no way to renew it (no refresh token), in the clock's ms.
    pub fn ends_at(&self) -> Option<f64> {
        self.held.borrow().as_ref().filter(|h| h.refresh.is_none()).and_then(|h| h.expires_at_ms)
    }

    /// A fresh token can be had without the teacher: there is a refresh token.
    pub fn renewable(&self) -> bool {
        self.held.borrow().as_ref().is_some_and(|h| h.refresh.is_some())
    }

    pub fn is_signed_in(&self) -> bool {
        self.held.borrow().is_some()
    }

    /// The current token while it has more than [`EARLY_MS`] to live ([`LAST_MS`] when it
    /// cannot be refreshed).
    fn current(&self) -> Option<String> {
        let now = self.ctx.now_ms();
        self.held
            .borrow()
            .as_ref()
            .filter(|h| {
                let margin = if h.refresh.is_some() { EARLY_MS } else { LAST_MS };
                h.expires_at_ms.is_none_or(|t| t - now > margin)
            })
            .map(|h| h.access.clone())
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
            // No way to refresh (the implicit flow): the token has ended, or was refused
            // (a 401; a 403 is not retried with a token that cannot be renewed).
            self.end();
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
                self.end();
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

    fn renewable(&self) -> bool {
        SignedIn::renewable(self)
    }

    fn awaits_sign_in(&self) -> bool {
        self.has_ended()
    }
}
