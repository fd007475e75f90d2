//! [`HostTokens`] over the element: the page's `tokenProvider` function (called, its
//! Promise awaited) and the `tokenneeded` event. When to call which is the token chain's
//! decision (`engine/auth/chain.rs`); this only reaches the page.

use super::events::{dispatch, object};
use crate::engine::ports::HostTokens;
use crate::text::HostTrouble;
use futures_util::future::LocalBoxFuture;
use std::cell::RefCell;
use wasm_bindgen::{JsCast, JsValue};

pub struct JsHostTokens {
    pub host: web_sys::HtmlElement,
    /// The page's `tokenProvider`, when it is a function.
    pub provider: RefCell<Option<js_sys::Function>>,
}

/// What a page function's exception or rejection says.
pub fn describe(e: &JsValue) -> HostTrouble {
    e.as_string()
        .or_else(|| e.dyn_ref::<js_sys::Error>().and_then(|e| e.message().as_string()))
        .map_or(HostTrouble::Exception, HostTrouble::Threw)
}

/// Call `f` (with `arg`, if any); a returned Promise is awaited.
pub async fn call(f: &js_sys::Function, arg: Option<&JsValue>) -> Result<JsValue, HostTrouble> {
    let value = match arg {
        Some(arg) => f.call1(&JsValue::NULL, arg),
        None => f.call0(&JsValue::NULL),
    }
    .map_err(|e| describe(&e))?;
    match value.dyn_into::<js_sys::Promise>() {
        Ok(p) => wasm_bindgen_futures::JsFuture::from(p).await.map_err(|e| describe(&e)),
        Err(v) => Ok(v),
    }
}

impl HostTokens for JsHostTokens {
    fn call_provider(&self) -> LocalBoxFuture<'_, Result<String, HostTrouble>> {
        let provider = self.provider.borrow().clone();
        Box::pin(async move {
            let provider = provider.ok_or(HostTrouble::NotAString)?;
            call(&provider, None).await?.as_string().ok_or(HostTrouble::NotAString)
        })
    }

    fn token_needed(&self, expired: bool) {
        let reason = JsValue::from_str(if expired { "expired" } else { "missing" });
        dispatch(&self.host, "tokenneeded", &object(&[("reason", reason)]));
    }
}
