//! Who uploads: the host page's token (its `accessToken` or `tokenProvider`), or the
//! teacher's own sign-in where the element offers one (`client-id`, when the page gives no
//! token). Which source wins is the token chain's rule ([`source`]); this is what the page
//! knows of it and shows.
//!
//! ```text
//!   Out ── sign in ──▶ Signing ── an answer came ──▶ In ── sign out ──▶ Out
//!                      │  ▲ │ the window reads closed         │ the token ended, or
//!                      │  │ ▼                                 │ its refresh was refused
//!                      │ Signing(detached): Cancel offered    ▼
//!                      └── none came (blocked, refused,  ─▶ Failed(why, shown)
//!                          cancelled, grace period over)
//! ```
//! (`Failed` is signed out, with a reason shown.) A token that ends without a way to renew
//! it (the implicit flow's) is offered a new sign-in a minute before (`In { ending }`), and
//! once it has ended, the files that still need Panopto wait for that sign-in (`ended`):
//! nothing is lost. With `sign-in="redirect"` the page itself goes to Panopto and back, so
//! the sign-in is offered only while no file is queued. A new server or client ID starts a
//! new sign-in, `Out`. The view shows none of it while the page gives tokens itself.

use super::signals::{Given, HostEvent, PageEffect, TokenUpdate};
use crate::engine::auth::chain::{source, Source};
use crate::engine::auth::sign_in::{unanswered, SignInConfig};
use crate::engine::error::{ErrorCode, UploadError};
use crate::text::{ErrorText, HostFunction};

/// How long before a token ends without renewal the teacher is offered a new sign-in.
pub const ENDING_MS: f64 = 60_000.0;

/// Where the teacher's sign-in stands.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum SignIn {
    #[default]
    Out,
    /// Signed out, and why: the last attempt failed, or the sign-in ended by itself.
    Failed(ErrorText),
    /// `detached`: the window reads as closed and its answer is still awaited.
    Signing { detached: bool },
    /// `ends_at`: when the token ends with no way to renew it.
    In { ends_at: Option<f64>, ending: bool },
}

/// What the view shows of the account.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum AccountView {
    /// No sign-in here: the page gives tokens, or there is no `client-id`.
    #[default]
    Hidden,
    /// `error`: why the last attempt failed, or why the sign-in ended. `files_first`: the
    /// redirect sign-in is not offered, files being queued.
    SignedOut { error: Option<ErrorText>, files_first: bool },
    /// `waiting`: the window reads as closed; what to check if it showed an error.
    SigningIn { waiting: Option<ErrorText> },
    /// `ending`: the token ends within a minute; a new sign-in is offered.
    SignedIn { ending: bool },
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Account {
    pub page_token: bool,
    pub provider: bool,
    /// The sign-in the element offers (server, client ID, flow), if any.
    pub offered: Option<SignInConfig>,
    /// `sign-in="redirect"`.
    pub redirect: bool,
    pub sign_in: SignIn,
    /// The sign-in ended while files needed it: they wait for a new one.
    pub ended: bool,
}

impl Account {
    pub fn source(&self) -> Source {
        source(self.page_token, self.provider, self.offered.is_some())
    }

    /// `files_queued`: the redirect sign-in would lose them.
    pub fn view(&self, files_queued: bool) -> AccountView {
        if self.source() != Source::SignIn {
            return AccountView::Hidden;
        }
        let files_first = self.redirect && files_queued;
        match &self.sign_in {
            SignIn::Out => AccountView::SignedOut { error: None, files_first },
            SignIn::Failed(e) => AccountView::SignedOut { error: Some(e.clone()), files_first },
            SignIn::Signing { detached } => AccountView::SigningIn {
                waiting: detached.then(|| self.offered.as_ref().map(|c| (*unanswered(c).message).clone())).flatten(),
            },
            SignIn::In { ending, .. } => AccountView::SignedIn { ending: *ending },
        }
    }

    /// The files still needing Panopto are asked to wait for a new sign-in (their cards
    /// offer it): it has ended, or ends within a minute. Not by redirect: the page would
    /// leave with the files (the account says so instead).
    pub fn renewal_needed(&self) -> bool {
        let due = self.ended || matches!(self.sign_in, SignIn::In { ending: true, .. });
        self.source() == Source::SignIn && due && !self.redirect
    }

    /// A token can be had without asking the page (`tokenneeded`) or the teacher.
    pub fn token_at_hand(&self) -> bool {
        match self.source() {
            Source::PageToken | Source::Provider => true,
            Source::SignIn => matches!(self.sign_in, SignIn::In { .. }),
            Source::AskPage => false,
        }
    }

    /// The sign-in the configuration offers now: a different one starts signed out.
    pub fn offer(&mut self, wanted: Option<SignInConfig>, redirect: bool, fx: &mut Vec<PageEffect>) {
        self.redirect = redirect;
        if wanted != self.offered {
            self.offered = wanted.clone();
            self.sign_in = SignIn::Out;
            self.ended = false;
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

    /// "Sign in to Panopto" (once at a time; by redirect only while no file is queued).
    pub fn start(&mut self, files_queued: bool, fx: &mut Vec<PageEffect>) {
        if self.offered.is_none() || matches!(self.sign_in, SignIn::Signing { .. }) {
            return;
        }
        if self.redirect {
            if files_queued {
                return;
            }
            self.sign_in = SignIn::Signing { detached: false };
            fx.push(PageEffect::RedirectSignIn);
            return;
        }
        self.sign_in = SignIn::Signing { detached: false };
        fx.push(PageEffect::OpenSignIn);
    }

    /// The page came back from Panopto with an answer (a redirect sign-in): it is being
    /// completed.
    pub fn returned(&mut self) {
        if self.offered.is_some() {
            self.sign_in = SignIn::Signing { detached: false };
        }
    }

    /// The window reads as closed while its answer is awaited.
    pub fn detached(&mut self) {
        if let SignIn::Signing { detached } = &mut self.sign_in {
            *detached = true;
        }
    }

    /// "Cancel" while the answer is awaited.
    pub fn cancel(&mut self, fx: &mut Vec<PageEffect>) {
        if matches!(self.sign_in, SignIn::Signing { .. }) {
            fx.push(PageEffect::CancelSignIn);
        }
    }

    /// The sign-in came back; `true` when signed in. `Ok(ends_at)`: when the token ends
    /// with no way to renew it.
    pub fn finished(
        &mut self,
        result: Result<Option<f64>, UploadError>,
        now_ms: f64,
        fx: &mut Vec<PageEffect>,
    ) -> bool {
        match result {
            Ok(ends_at) => {
                self.sign_in = SignIn::In { ends_at, ending: false };
                self.ended = false;
                self.due(now_ms, fx);
                true
            }
            Err(error) => {
                self.sign_in = SignIn::Failed((*error.message).clone());
                fx.push(PageEffect::Fire(HostEvent::UploadError { file: None, error }));
                false
            }
        }
    }

    /// The account's timer is up (or a token was just had): a minute before the token ends
    /// a new sign-in is offered, and when it has ended the sign-in has (files that need
    /// Panopto then wait for a new one); else look again then.
    pub fn due(&mut self, now_ms: f64, fx: &mut Vec<PageEffect>) {
        let SignIn::In { ends_at: Some(t), ending } = &mut self.sign_in else { return };
        let t = *t;
        if now_ms >= t {
            return self.ended();
        }
        let next = if now_ms >= t - ENDING_MS {
            *ending = true;
            t
        } else {
            t - ENDING_MS
        };
        fx.push(PageEffect::AccountTimer((next - now_ms).ceil().clamp(1.0, f64::from(u32::MAX)) as u32));
    }

    /// "Sign out": the tokens are forgotten (Panopto's session in the browser is not ours
    /// to end).
    pub fn sign_out(&mut self, fx: &mut Vec<PageEffect>) {
        self.sign_in = SignIn::Out;
        self.ended = false;
        fx.push(PageEffect::Tokens(TokenUpdate::SignOut));
    }

    /// The sign-in ended by itself: the teacher is told, and may sign in again; files
    /// that need Panopto wait for it.
    pub fn ended(&mut self) {
        self.ended = true;
        if matches!(self.sign_in, SignIn::In { .. }) {
            self.sign_in = SignIn::Failed(ErrorText::SignInEnded);
        }
    }
}
