//! Where tokens come from (`engine/auth/chain.rs`): the page's own token, then its provider,
//! win over the teacher's sign-in; without either the page is asked with `tokenneeded` and
//! given a minute; a refused token is never taken again as the page's answer; and the page
//! model hears when the sign-in ends by itself.
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/fake_clock.rs"]
mod fake_clock;

use fake_clock::FakeClock;
use futures_executor::LocalPool;
use futures_util::future::LocalBoxFuture;
use futures_util::task::LocalSpawnExt;
use panopto_uploader::core::oauth::token::Tokens;
use panopto_uploader::engine::auth::chain::{source, Source, TokenChain, WAIT_MS};
use panopto_uploader::engine::auth::sign_in::SignInConfig;
use panopto_uploader::engine::auth::tokens::SignedIn;
use panopto_uploader::engine::context::EngineContext;
use panopto_uploader::engine::control::{AbortSignal, Control};
use panopto_uploader::engine::error::{ErrorCode, UploadError};
use panopto_uploader::engine::ports::*;
use panopto_uploader::engine::retry::{BackoffConfig, SeededRandom};
use panopto_uploader::text::{ErrorText, HostTrouble};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

#[derive(Default)]
struct Page {
    provided: RefCell<Vec<Result<String, HostTrouble>>>,
    needed: RefCell<Vec<bool>>,
    /// A provider that takes a second to answer (on this clock).
    slow: Option<FakeClock>,
    calls: Cell<u32>,
}

impl HostTokens for Page {
    fn call_provider(&self) -> LocalBoxFuture<'_, Result<String, HostTrouble>> {
        let next = self.provided.borrow_mut().remove(0);
        self.calls.set(self.calls.get() + 1);
        let wait = self.slow.as_ref().map(|c| c.sleep(1_000));
        Box::pin(async move {
            if let Some(wait) = wait {
                wait.await;
            }
            next
        })
    }
    fn token_needed(&self, expired: bool) {
        self.needed.borrow_mut().push(expired);
    }
}

/// A token endpoint that refuses every refresh.
struct Refusing;

impl Http for Refusing {
    fn send<'a>(&'a self, _: HttpRequest, _: &'a AbortSignal) -> LocalBoxFuture<'a, Result<HttpResponse, HttpError>> {
        Box::pin(async {
            Ok(HttpResponse { status: 400, headers: vec![], body: r#"{"error":"invalid_grant"}"#.into() })
        })
    }
}

fn chain(page: &Rc<Page>, clock: &FakeClock) -> TokenChain {
    TokenChain::new(page.clone(), Rc::new(clock.clone()))
}

#[test]
fn the_pages_own_token_wins_then_its_provider_then_the_sign_in() {
    assert_eq!(source(true, true, true), Source::PageToken);
    assert_eq!(source(false, true, true), Source::Provider);
    assert_eq!(source(false, false, true), Source::SignIn);
    assert_eq!(source(false, false, false), Source::AskPage);
}

#[test]
fn a_refused_page_token_is_renewed_by_the_provider() {
    let (page, clock) = (Rc::new(Page::default()), FakeClock::default());
    let chain = Rc::new(chain(&page, &clock));
    chain.set_page_token(Some("first".into()));
    chain.set_provider(true);
    page.provided.borrow_mut().extend([Ok("second".into()), Ok("  ".into()), Err(HostTrouble::Threw("down".into()))]);
    let c = chain.clone();
    assert_eq!(clock.block_on(async move { c.token(false).await }), Ok("first".into()));
    let c = chain.clone();
    assert_eq!(clock.block_on(async move { c.token(true).await }), Ok("second".into()));
    let c = chain.clone();
    assert_eq!(clock.block_on(async move { c.token(false).await }), Ok("second".into()), "the fresh one is kept");
    let blank = UploadError::new(ErrorCode::Token, ErrorText::TokenProvider(HostTrouble::NotAString));
    let c = chain.clone();
    assert_eq!(clock.block_on(async move { c.token(true).await }), Err(blank), "a blank token is no token");
    let c = chain.clone();
    let threw = clock.block_on(async move { c.token(true).await }).unwrap_err();
    assert_eq!(*threw.message, ErrorText::TokenProvider(HostTrouble::Threw("down".into())));
    assert!(page.needed.borrow().is_empty(), "a provider is never asked with tokenneeded");
}

#[test]
fn a_token_renewed_by_another_request_is_used_without_asking_again() {
    let (page, clock) = (Rc::new(Page::default()), FakeClock::default());
    let chain = Rc::new(chain(&page, &clock));
    chain.set_page_token(Some("expired".into()));
    chain.set_provider(true);
    assert_eq!(chain.renewed_since("expired"), None, "still the refused one: renew it");
    page.provided.borrow_mut().push(Ok("fresh".into()));
    let c = chain.clone();
    assert_eq!(clock.block_on(async move { c.token(true).await }), Ok("fresh".into()));
    // A second request refused with the old token takes the new one: the provider is not
    // asked twice for one expiry.
    assert_eq!(chain.renewed_since("expired"), Some("fresh".into()));
    assert_eq!(chain.renewed_since("fresh"), None);
    assert!(page.provided.borrow().is_empty());
}

#[test]
fn two_requests_refused_together_call_the_provider_once() {
    let clock = FakeClock::default();
    let page = Rc::new(Page { slow: Some(clock.clone()), ..Page::default() });
    let chain = Rc::new(chain(&page, &clock));
    chain.set_page_token(Some("expired".into()));
    chain.set_provider(true);
    page.provided.borrow_mut().extend([Ok("fresh".into()), Ok("never".into())]);
    let (a, b) = (chain.clone(), chain.clone());
    let both = clock.block_on(async move { futures_util::join!(a.token(true), b.token(true)) });
    assert_eq!(both, (Ok("fresh".into()), Ok("fresh".into())));
    assert_eq!(page.calls.get(), 1, "the second waited for the first one's answer");
}

#[test]
fn without_a_token_the_page_is_asked_and_the_refused_one_is_no_answer() {
    let (page, clock) = (Rc::new(Page::default()), FakeClock::default());
    let chain = Rc::new(chain(&page, &clock));
    let c = chain.clone();
    let asked = clock.block_on(async move { c.token(false).await });
    assert_eq!(asked, Err(UploadError::new(ErrorCode::Token, ErrorText::NoToken)));
    assert_eq!(*page.needed.borrow(), [false], "reason: missing");
    assert!(clock.now.get() >= WAIT_MS as f64, "it waited a minute");
    // The page answers after a while: the wait ends with its token.
    let mut pool = LocalPool::new();
    let got = Rc::new(RefCell::new(None));
    let (c, g) = (chain.clone(), got.clone());
    pool.spawner().spawn_local(async move { *g.borrow_mut() = Some(c.token(false).await) }).unwrap();
    pool.run_until_stalled();
    clock.fire_next();
    chain.set_page_token(Some("set-by-page".into()));
    pool.run_until_stalled();
    while got.borrow().is_none() && clock.fire_next() {
        pool.run_until_stalled();
    }
    assert_eq!(got.take(), Some(Ok("set-by-page".into())));
    // Refused: asked again as expired, and the same token does not count as an answer.
    let c = chain.clone();
    assert!(clock.block_on(async move { c.token(true).await }).is_err());
    assert_eq!(page.needed.borrow().last(), Some(&true), "reason: expired");
    let c = chain.clone();
    assert_eq!(clock.block_on(async move { c.optional().await }), Ok(Some("set-by-page".into())));
}

#[test]
fn the_sign_in_is_used_only_once_signed_in_and_its_end_is_told() {
    let (page, clock) = (Rc::new(Page::default()), FakeClock::default());
    let chain = Rc::new(chain(&page, &clock));
    let ctx = EngineContext::new(
        Rc::new(Refusing),
        Rc::new(clock.clone()),
        Control::new(),
        BackoffConfig::default(),
        SeededRandom::new(3),
    );
    let config = SignInConfig {
        origin: "https://p.example".into(),
        client_id: "lms".into(),
        redirect_uri: "https://l/cb".into(),
        flow: panopto_uploader::core::oauth::authorize::Flow::Code,
    };
    let signed = Rc::new(SignedIn::new(ctx, config));
    chain.set_sign_in(Some(signed.clone()));
    let ended = Rc::new(Cell::new(0));
    let e = ended.clone();
    chain.on_sign_in_ended(move || e.set(e.get() + 1));
    let c = chain.clone();
    let first = clock.block_on(async move { c.token(false).await }).unwrap_err();
    assert_eq!(*first.message, ErrorText::SignInFirst);
    let c = chain.clone();
    assert_eq!(clock.block_on(async move { c.optional().await }), Ok(None), "optional: nothing, no error");
    signed.set(Tokens { access_token: "at".into(), refresh_token: Some("rt".into()), expires_in: Some(3600) });
    let c = chain.clone();
    assert_eq!(clock.block_on(async move { c.token(false).await }), Ok("at".into()));
    assert_eq!(ended.get(), 0);
    // Later, the token is refused and so is its refresh: the sign-in has ended, and the page
    // model is told once. (A refusal within seconds of a refresh is answered with the token
    // just refreshed: another request's.)
    clock.now.set(clock.now.get() + 20_000.0);
    let c = chain.clone();
    let refused = clock.block_on(async move { c.token(true).await }).unwrap_err();
    assert_eq!(*refused.message, ErrorText::SignInEnded);
    assert_eq!(ended.get(), 1);
    assert!(page.needed.borrow().is_empty(), "the page is not asked while the sign-in is offered");
}
