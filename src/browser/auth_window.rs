//! The sign-in popup ([`AuthWindow`]): `window.open` on the authorization URL, then wait for
//! the redirect page to hand back the URL it was sent to. Two ways back, so neither a
//! strict Content-Security-Policy (no script on the redirect page) nor a missing
//! `window.opener` breaks it: the shipped `oauth-callback.html` posts the URL to its
//! opener, and, the redirect page being on the page's own origin, the popup's location is
//! also read directly once it is readable again (msal.js does the same).
//!
//! The popup is reused for a second attempt (the implicit-flow fallback): a second
//! `window.open` without a click would be blocked.

use super::clock::BrowserClock;
use crate::engine::ports::{AuthWindow, AuthWindowError, Clock};
use futures_util::future::LocalBoxFuture;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// What the callback page posts: `{type: MESSAGE_TYPE, url}`.
const MESSAGE_TYPE: &str = "panopto-uploader-oauth";
const POLL_MS: u32 = 200;

pub struct PopupAuthWindow {
    /// Where the server sends the popup back (the registered redirect URL).
    pub redirect_uri: String,
    popup: RefCell<Option<web_sys::Window>>,
}

impl PopupAuthWindow {
    pub fn new(redirect_uri: String) -> Self {
        PopupAuthWindow { redirect_uri, popup: RefCell::new(None) }
    }

    fn redirect_origin(&self) -> Option<String> {
        web_sys::Url::new(&self.redirect_uri).ok().map(|u| u.origin())
    }

    /// The URL the popup shows, once it is back on the redirect page.
    fn came_back(&self, popup: &web_sys::Window) -> Option<String> {
        // Reading another origin's location throws: the popup is still at Panopto.
        let href = popup.location().href().ok()?;
        let page = self.redirect_uri.split(['?', '#']).next().unwrap_or_default();
        (href.starts_with(page) && (href.contains('?') || href.contains('#'))).then_some(href)
    }

    fn show(&self, url: &str) -> Option<web_sys::Window> {
        let reuse = self.popup.borrow().clone().filter(|p| !p.closed().unwrap_or(true));
        if let Some(popup) = reuse {
            popup.location().set_href(url).ok()?;
            let _ = popup.focus();
            return Some(popup);
        }
        let window = web_sys::window()?;
        let features = "popup=yes,width=520,height=680";
        let popup = window.open_with_url_and_target_and_features(url, "panopto-uploader-sign-in", features).ok()??;
        *self.popup.borrow_mut() = Some(popup.clone());
        Some(popup)
    }
}

/// Listens for the callback page's message while it exists.
struct MessageListener {
    handler: Closure<dyn FnMut(web_sys::MessageEvent)>,
}

impl MessageListener {
    fn new(origin: Option<String>, popup: web_sys::Window, got: Rc<RefCell<Option<String>>>) -> Option<Self> {
        let handler = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let from_popup = e.source().is_some_and(|s| js_sys::Object::is(&s, popup.as_ref()));
            if !from_popup || Some(e.origin()) != origin {
                return;
            }
            let data = e.data();
            let field = |name: &str| js_sys::Reflect::get(&data, &JsValue::from_str(name)).ok()?.as_string();
            if field("type").as_deref() == Some(MESSAGE_TYPE) {
                *got.borrow_mut() = field("url");
            }
        });
        let window = web_sys::window()?;
        window.add_event_listener_with_callback("message", handler.as_ref().unchecked_ref()).ok()?;
        Some(MessageListener { handler })
    }
}

impl Drop for MessageListener {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            let _ = window.remove_event_listener_with_callback("message", self.handler.as_ref().unchecked_ref());
        }
    }
}

impl AuthWindow for PopupAuthWindow {
    fn open(&self, url: &str) -> LocalBoxFuture<'_, Result<String, AuthWindowError>> {
        // Opened now, in the click's turn, so the popup blocker lets it through.
        let popup = self.show(url);
        Box::pin(async move {
            let popup = popup.ok_or(AuthWindowError::Blocked)?;
            let got = Rc::new(RefCell::new(None));
            let _listener = MessageListener::new(self.redirect_origin(), popup.clone(), got.clone());
            loop {
                if let Some(url) = got.borrow_mut().take().or_else(|| self.came_back(&popup)) {
                    return Ok(url);
                }
                if popup.closed().unwrap_or(true) {
                    return Err(AuthWindowError::Closed);
                }
                BrowserClock.sleep(POLL_MS).await;
            }
        })
    }

    fn close(&self) {
        if let Some(popup) = self.popup.borrow_mut().take() {
            let _ = popup.close();
        }
    }
}
