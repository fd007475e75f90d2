//! Where every request's bearer token comes from, in one place: the host page's own (its
//! `accessToken`, then its `tokenProvider`) always wins; then the teacher's sign-in, where
//! the element offers one (`client-id`); else the page is asked with `tokenneeded` and given
//! a minute to set `accessToken`.
//!
//! What a refusal means is decided by the callers ([`crate::engine::panopto_client`]: a
//! 401 asks for a fresh token once, a 403 only where one can be had at once, then Panopto's
//! answer stands); here, "fresh" means: the provider is called again, or the page is asked
//! again (`tokenneeded` with `expired`, and a token other than the refused one is waited
//! for), or the sign-in refreshes — or, with nothing to refresh with, it ends and requests
//! wait for the teacher to sign in again.
//!
//! Tokens live only here and in [`SignedIn`], in memory: never in an attribute, the DOM,
//! storage or a log. The browser adapter ([`HostTokens`]) only calls the page.

use super::tokens::SignedIn;
use crate::engine::error::{ErrorCode, UploadError};
use crate::engine::ports::{Clock, HostTokens, TokenSource};
use crate::text::{ErrorText, HostTrouble};
use futures_util::future::LocalBoxFuture;
use std::cell::RefCell;
use std::rc::Rc;

/// How long to wait for the page to answer `tokenneeded`.
pub const WAIT_MS: u32 = 60_000;
const POLL_MS: u32 = 200;

/// Where tokens come from, given what the page set and whether the element offers the
/// teacher's own sign-in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// The page's `accessToken` (its `tokenProvider`, if any, renews it).
    PageToken,
    /// The page's `tokenProvider`.
    Provider,
    /// The teacher's sign-in.
    SignIn,
    /// Nothing yet: ask the page (`tokenneeded`).
    AskPage,
}

/// The rule, for the chain and for the page model (which shows the sign-in only when it is
/// the source).
pub fn source(page_token: bool, provider: bool, sign_in_offered: bool) -> Source {
    match (page_token, provider, sign_in_offered) {
        (true, _, _) => Source::PageToken,
        (false, true, _) => Source::Provider,
        (false, false, true) => Source::SignIn,
        (false, false, false) => Source::AskPage,
    }
}

#[derive(Default)]
struct State {
    page_token: Option<String>,
    provider: bool,
    sign_in: Option<Rc<SignedIn>>,
    /// The provider is being called: a second request refused meanwhile waits for its
    /// answer instead of calling it again.
    calling: bool,
}

/// `State::calling` while it lives.
struct Calling<'a>(&'a RefCell<State>);

impl<'a> Calling<'a> {
    fn start(state: &'a RefCell<State>) -> Self {
        state.borrow_mut().calling = true;
        Calling(state)
    }
}

impl Drop for Calling<'_> {
    fn drop(&mut self) {
        self.0.borrow_mut().calling = false;
    }
}

pub struct TokenChain {
    state: RefCell<State>,
    host: Rc<dyn HostTokens>,
    clock: Rc<dyn Clock>,
    /// Told when the teacher's sign-in ends by itself (its refresh was refused).
    on_sign_in_ended: RefCell<Option<Box<dyn Fn()>>>,
}

impl TokenChain {
    pub fn new(host: Rc<dyn HostTokens>, clock: Rc<dyn Clock>) -> Self {
        TokenChain { state: RefCell::default(), host, clock, on_sign_in_ended: RefCell::new(None) }
    }

    /// The page's `accessToken` (blank counts as none).
    pub fn set_page_token(&self, token: Option<String>) {
        self.state.borrow_mut().page_token = token.filter(|t| !t.trim().is_empty());
    }

    pub fn set_provider(&self, provider: bool) {
        self.state.borrow_mut().provider = provider;
    }

    /// The teacher's sign-in (a new one, signed out), or none.
    pub fn set_sign_in(&self, sign_in: Option<Rc<SignedIn>>) {
        self.state.borrow_mut().sign_in = sign_in;
    }

    pub fn sign_in(&self) -> Option<Rc<SignedIn>> {
        self.state.borrow().sign_in.clone()
    }

    pub fn on_sign_in_ended(&self, f: impl Fn() + 'static) {
        *self.on_sign_in_ended.borrow_mut() = Some(Box::new(f));
    }

    fn source(&self) -> (Source, Option<String>, Option<Rc<SignedIn>>) {
        let s = self.state.borrow();
        (source(s.page_token.is_some(), s.provider, s.sign_in.is_some()), s.page_token.clone(), s.sign_in.clone())
    }

    /// A token from the page: its provider's, or — with none — one the page sets after
    /// `tokenneeded` (`refused`: the one just refused, which does not count as an answer).
    async fn ask_page(&self, refused: Option<String>) -> Result<String, UploadError> {
        let provider = self.state.borrow().provider;
        let fresh = if provider {
            let mut waited = 0;
            while self.state.borrow().calling && waited < WAIT_MS {
                self.clock.sleep(POLL_MS).await;
                waited += POLL_MS;
            }
            if let Some(t) =
                self.state.borrow().page_token.clone().filter(|t| waited > 0 && Some(t) != refused.as_ref())
            {
                return Ok(t);
            }
            let given = {
                // Reset however the call ends, a dropped (cancelled) request included.
                let _calling = Calling::start(&self.state);
                self.host.call_provider().await
            };
            let token = given.and_then(|t| if t.trim().is_empty() { Err(HostTrouble::NotAString) } else { Ok(t) });
            token.map_err(|why| UploadError::new(ErrorCode::Token, ErrorText::TokenProvider(why)))?
        } else {
            self.host.token_needed(refused.is_some());
            self.wait_for_page(refused).await?
        };
        self.state.borrow_mut().page_token = Some(fresh.clone());
        Ok(fresh)
    }

    async fn wait_for_page(&self, refused: Option<String>) -> Result<String, UploadError> {
        let mut waited = 0;
        while waited < WAIT_MS {
            if let Some(t) = self.state.borrow().page_token.clone().filter(|t| Some(t) != refused.as_ref()) {
                return Ok(t);
            }
            self.clock.sleep(POLL_MS).await;
            waited += POLL_MS;
        }
        Err(UploadError::new(ErrorCode::Token, ErrorText::NoToken))
    }

    async fn ask_sign_in(&self, own: Rc<SignedIn>, refresh: bool) -> Result<String, UploadError> {
        if own.has_ended() {
            return Err(UploadError::new(ErrorCode::Token, ErrorText::SignInEnded));
        }
        if !own.is_signed_in() {
            return Err(UploadError::new(ErrorCode::SignIn, ErrorText::SignInFirst));
        }
        let result = own.token(refresh).await;
        if own.has_ended() {
            if let Some(told) = self.on_sign_in_ended.borrow().as_ref() {
                told();
            }
        }
        result
    }
}

impl TokenSource for TokenChain {
    fn token(&self, refresh: bool) -> LocalBoxFuture<'_, Result<String, UploadError>> {
        Box::pin(async move {
            match self.source() {
                (Source::SignIn, _, Some(own)) => self.ask_sign_in(own, refresh).await,
                (Source::PageToken, Some(t), _) if !refresh => Ok(t),
                (_, current, _) => self.ask_page(current.filter(|_| refresh)).await,
            }
        })
    }

    fn optional(&self) -> LocalBoxFuture<'_, Result<Option<String>, UploadError>> {
        Box::pin(async move {
            match self.source() {
                (Source::SignIn, _, Some(own)) if own.is_signed_in() => own.optional().await,
                (Source::PageToken, Some(t), _) => Ok(Some(t)),
                (Source::Provider, ..) => self.ask_page(None).await.map(Some),
                _ => Ok(None),
            }
        })
    }

    /// The page's token, if it is no longer the one refused (a provider or the page gave a
    /// new one meanwhile). A sign-in renews one refresh at a time on its own.
    fn renewed_since(&self, refused: &str) -> Option<String> {
        match self.source() {
            (Source::PageToken | Source::Provider, Some(t), _) => (t != refused).then_some(t),
            _ => None,
        }
    }

    /// A provider gives a fresh token at once; a token the page set does not change by
    /// asking (`tokenneeded` waits for a person), nor an implicit sign-in's.
    fn renewable(&self) -> bool {
        match self.source() {
            (Source::PageToken | Source::Provider, ..) => self.state.borrow().provider,
            (Source::SignIn, _, Some(own)) => own.renewable(),
            _ => false,
        }
    }

    fn awaits_sign_in(&self) -> bool {
        matches!(self.source(), (Source::SignIn, _, Some(own)) if own.has_ended())
    }
}
