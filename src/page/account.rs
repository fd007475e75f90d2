//! Who uploads: the host page's token (its `accessToken` or `tokenProvider`), or the
//! teacher's own sign-in where the element offers one (`client-id`, when the page gives no
//! token). Which source wins is the token chain's rule ([`source`]); this is what the page
//! knows of it and shows.
//!
//! ```text
//!   Out ── sign in ──▶ Signing ── the window came back ──▶ In ── sign out ──▶ Out
//!                       ▲   │ it did not (blocked, closed, refused…)  │ its refresh was refused
//!               sign in │   ▼                                        ▼
//!                     Failed(why, shown) ◀──────────────────────────┘
//! ```
//! (`Failed` is signed out, with a reason shown.) A new server or client ID starts a new
//! sign-in, `Out`. The view shows none of it while the page gives tokens itself.

use super::signals::{Given, HostEvent, PageEffect, TokenUpdate};
use crate::engine::auth::chain::{source, Source};
use crate::engine::auth::sign_in::SignInConfig;
use crate::engine::error::{ErrorCode, UploadError};
use crate::text::{ErrorText, HostFunction};

/// Where the teacher's sign-in stands.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum SignIn {
    #[default]
    Out,
    /// Signed out, and why: the last attempt failed, or the sign-in ended by itself.
    Failed(ErrorText),
    Signing,
    In,
}

/// What the view shows of the account.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum AccountView {
    /// No sign-in here: the page gives tokens, or there is no `client-id`.
    #[default]
    Hidden,
    /// `error`: why the last attempt failed, or why the sign-in ended.
    SignedOut {
        error: Option<ErrorText>,
    },
    SigningIn,
    SignedIn,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Account {
    pub page_token: bool,
    pub provider: bool,
    /// The sign-in the element offers (server and client ID), if any.
    pub offered: Option<SignInConfig>,
    pub sign_in: SignIn,
}

impl Account {
    pub fn source(&self) -> Source {
        source(self.page_token, self.provider, self.offered.is_some())
    }

    pub fn view(&self) -> AccountView {
        if self.source() != Source::SignIn {
            return AccountView::Hidden;
        }
        match &self.sign_in {
            SignIn::Out => AccountView::SignedOut { error: None },
            SignIn::Failed(e) => AccountView::SignedOut { error: Some(e.clone()) },
            SignIn::Signing => AccountView::SigningIn,
            SignIn::In => AccountView::SignedIn,
        }
    }

    /// A token can be had without asking the page (`tokenneeded`) or the teacher.
    pub fn token_at_hand(&self) -> bool {
        match self.source() {
            Source::PageToken | Source::Provider => true,
            Source::SignIn => self.sign_in == SignIn::In,
            Source::AskPage => false,
        }
    }

    /// The sign-in the configuration offers now: a different one starts signed out.
    pub fn offer(&mut self, wanted: Option<SignInConfig>, fx: &mut Vec<PageEffect>) {
        if wanted != self.offered {
            self.offered = wanted.clone();
            self.sign_in = SignIn::Out;
            fx.push(PageEffect::Tokens(TokenUpdate::SignIn(wanted)));
        }
    }

    pub fn page_token(&mut self, token: Option<String>, fx: &mut Vec<PageEffect>) {
        let token = token.filter(|t| !t.trim().is_empty());
        self.page_token = token.is_some();
        fx.push(PageEffect::Tokens(TokenUpdate::PageToken(token)));
    }

    pub fn provider(&mut self, given: Given, fx: &mut Vec<PageEffect>) {
        if given == Given::NotAFunction {
            let error =
                UploadError::new(ErrorCode::InvalidConfig, ErrorText::NotAFunction(HostFunction::TokenProvider));
            fx.push(PageEffect::Fire(HostEvent::UploadError { file: None, error }));
        }
        self.provider = given == Given::Function;
        fx.push(PageEffect::Tokens(TokenUpdate::Provider(self.provider)));
    }

    /// "Sign in to Panopto" (once at a time).
    pub fn start(&mut self, fx: &mut Vec<PageEffect>) {
        if self.offered.is_none() || self.sign_in == SignIn::Signing {
            return;
        }
        self.sign_in = SignIn::Signing;
        fx.push(PageEffect::OpenSignIn);
    }

    /// The window came back; `true` when signed in.
    pub fn finished(&mut self, result: Result<(), UploadError>, fx: &mut Vec<PageEffect>) -> bool {
        match result {
            Ok(()) => {
                self.sign_in = SignIn::In;
                true
            }
            Err(error) => {
                self.sign_in = SignIn::Failed((*error.message).clone());
                fx.push(PageEffect::Fire(HostEvent::UploadError { file: None, error }));
                false
            }
        }
    }

    /// "Sign out": the tokens are forgotten (Panopto's session in the browser is not ours
    /// to end).
    pub fn sign_out(&mut self, fx: &mut Vec<PageEffect>) {
        self.sign_in = SignIn::Out;
        fx.push(PageEffect::Tokens(TokenUpdate::SignOut));
    }

    /// The sign-in ended by itself: the teacher is told, and may sign in again.
    pub fn ended(&mut self) {
        if self.sign_in == SignIn::In {
            self.sign_in = SignIn::Failed(ErrorText::SignInEnded);
        }
    }
}
