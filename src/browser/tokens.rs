//! The bearer token. The host page's first: the `accessToken` property, or the
//! `tokenProvider` function (returning a Promise of a token), called before the first
//! request and whenever Panopto answers 401/403. When the page gives neither, the teacher's
//! own sign-in (`client-id`), if they signed in; without a `client-id` the element fires
//! `tokenneeded` and waits for the page to set `accessToken`.
//!
//! The token lives only here, in memory: never in an attribute, the DOM, storage or a log.

use super::events::{dispatch, object};
use crate::engine::auth::tokens::SignedIn;
use crate::engine::error::{ErrorCode, UploadError};
use crate::engine::ports::{Clock, TokenSource};
use crate::text::{ErrorText, HostTrouble};
use futures_util::future::LocalBoxFuture;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};

/// How long to wait for the page to answer `tokenneeded`.
const WAIT_MS: u32 = 60_000;

#[derive(Default)]
pub struct TokenState {
    pub token: Option<String>,
    pub provider: Option<js_sys::Function>,
    /// The teacher's sign-in, when the element offers one (`client-id`).
    pub sign_in: Option<Rc<SignedIn>>,
}

impl TokenState {
    /// The page gives tokens itself (then the element offers no sign-in).
    pub fn from_host(&self) -> bool {
        self.token.is_some() || self.provider.is_some()
    }

    fn signed_in(&self) -> Option<Rc<SignedIn>> {
        self.sign_in.clone().filter(|s| s.is_signed_in())
    }
}

fn sign_in_first() -> UploadError {
    UploadError::new(ErrorCode::SignIn, ErrorText::SignInFirst)
}

#[derive(Clone)]
pub struct ElementTokens {
    pub state: Rc<RefCell<TokenState>>,
    pub host: web_sys::HtmlElement,
    pub clock: Rc<dyn Clock>,
}

impl ElementTokens {
    /// A token can be had without asking the page (`tokenneeded`) or the teacher.
    pub fn at_hand(&self) -> bool {
        let s = self.state.borrow();
        s.from_host() || s.signed_in().is_some()
    }

    async fn ask_provider(&self, provider: js_sys::Function) -> Result<String, UploadError> {
        let fail = |why| UploadError::new(ErrorCode::Token, ErrorText::TokenProvider(why));
        let value = provider.call0(&JsValue::NULL).map_err(|e| fail(describe(&e)))?;
        let value = match value.dyn_into::<js_sys::Promise>() {
            Ok(p) => wasm_bindgen_futures::JsFuture::from(p).await.map_err(|e| fail(describe(&e)))?,
            Err(v) => v,
        };
        value.as_string().filter(|t| !t.trim().is_empty()).ok_or_else(|| fail(HostTrouble::NotAString))
    }

    async fn ask_page(&self, rejected: Option<String>) -> Result<String, UploadError> {
        dispatch(
            &self.host,
            "tokenneeded",
            &object(&[("reason", JsValue::from_str(if rejected.is_some() { "expired" } else { "missing" }))]),
        );
        let mut waited = 0;
        while waited < WAIT_MS {
            if let Some(t) = self.state.borrow().token.clone().filter(|t| Some(t) != rejected.as_ref()) {
                return Ok(t);
            }
            self.clock.sleep(200).await;
            waited += 200;
        }
        Err(UploadError::new(ErrorCode::Token, ErrorText::NoToken))
    }
}

/// What a page function's exception or rejection says.
pub fn describe(e: &JsValue) -> HostTrouble {
    e.as_string()
        .or_else(|| e.dyn_ref::<js_sys::Error>().and_then(|e| e.message().as_string()))
        .map_or(HostTrouble::Exception, HostTrouble::Threw)
}

impl TokenSource for ElementTokens {
    fn token(&self, refresh: bool) -> LocalBoxFuture<'_, Result<String, UploadError>> {
        Box::pin(async move {
            let (current, provider, own) = {
                let s = self.state.borrow();
                let own = (!s.from_host()).then(|| s.sign_in.clone()).flatten();
                (s.token.clone(), s.provider.clone(), own)
            };
            if let Some(own) = own {
                return if own.is_signed_in() { own.token(refresh).await } else { Err(sign_in_first()) };
            }
            if let (Some(t), false) = (&current, refresh) {
                return Ok(t.clone());
            }
            let fresh = match provider {
                Some(p) => self.ask_provider(p).await?,
                None => self.ask_page(current.filter(|_| refresh)).await?,
            };
            self.state.borrow_mut().token = Some(fresh.clone());
            Ok(fresh)
        })
    }

    fn optional(&self) -> LocalBoxFuture<'_, Result<Option<String>, UploadError>> {
        Box::pin(async move {
            let (current, provider, own) = {
                let s = self.state.borrow();
                (s.token.clone(), s.provider.clone(), s.signed_in())
            };
            if let (None, None, Some(own)) = (&current, &provider, own) {
                return own.optional().await;
            }
            match (current, provider) {
                (Some(t), _) => Ok(Some(t)),
                (None, Some(p)) => {
                    let fresh = self.ask_provider(p).await?;
                    self.state.borrow_mut().token = Some(fresh.clone());
                    Ok(Some(fresh))
                }
                (None, None) => Ok(None),
            }
        })
    }
}
