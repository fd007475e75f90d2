//! The sign-in popup ([`AuthWindow`]) and its answer's ways back, so that no single one
//! failing loses a sign-in:
//! - the shipped `oauth-callback.html` posts the URL to its opener (this origin only);
//! - it also posts it on a `BroadcastChannel` named for the request's `state`: an identity
//!   provider that sends `Cross-Origin-Opener-Policy: same-origin` (Microsoft Entra ID since
//!   February 2026) cuts the popup off from this page for good — `window.opener` is null
//!   there and `popup.closed` reads true here — but the channel still joins two pages of
//!   one origin in one browser (MSAL's "redirect bridge" answers the same problem);
//! - the popup's location is read directly once it is on this origin again (a callback page
//!   whose scripts a strict CSP blocks; msal.js does the same).
//!
//! When the answer is taken, "heard" goes back on the channel: the callback page says
//! "Signed in" only then, and closes itself (this page cannot close a popup it was cut off
//! from).

use crate::core::oauth::authorize::CHANNEL_PREFIX;
use crate::engine::ports::AuthWindow;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// What the callback page posts: `{type: MESSAGE_TYPE, url}` (to its opener and on the
/// channel); the page answers `{type: HEARD}` on the channel.
const MESSAGE_TYPE: &str = "panopto-uploader-oauth";
const HEARD: &str = "panopto-uploader-oauth-heard";

type Handler = Closure<dyn FnMut(web_sys::MessageEvent)>;

/// The listeners of one sign-in, removed when it ends.
struct Listening {
    popup: web_sys::Window,
    on_message: Handler,
    channel: Option<(web_sys::BroadcastChannel, Handler)>,
}

pub struct PopupAuthWindow {
    /// Where the server sends the popup back (the registered redirect URL).
    pub redirect_uri: String,
    got: Rc<RefCell<Option<String>>>,
    listening: RefCell<Option<Listening>>,
}

/// The `url` of a message of ours.
fn answer_in(data: &JsValue) -> Option<String> {
    let field = |name: &str| js_sys::Reflect::get(data, &JsValue::from_str(name)).ok()?.as_string();
    (field("type").as_deref() == Some(MESSAGE_TYPE)).then(|| field("url")).flatten()
}

impl PopupAuthWindow {
    pub fn new(redirect_uri: String) -> Self {
        PopupAuthWindow { redirect_uri, got: Rc::default(), listening: RefCell::new(None) }
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

    fn listen(&self, popup: web_sys::Window, state: &str) -> Option<Listening> {
        let window = web_sys::window()?;
        let (origin, from, got) = (self.redirect_origin(), popup.clone(), self.got.clone());
        let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let from_popup = e.source().is_some_and(|s| js_sys::Object::is(&s, from.as_ref()));
            if from_popup && Some(e.origin()) == origin {
                if let Some(url) = answer_in(&e.data()) {
                    *got.borrow_mut() = Some(url);
                }
            }
        });
        window.add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref()).ok()?;
        // No channel in a browser without BroadcastChannel: the opener's way still works.
        let channel = web_sys::BroadcastChannel::new(&format!("{CHANNEL_PREFIX}{state}")).ok().map(|channel| {
            let got = self.got.clone();
            let handler = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                if let Some(url) = answer_in(&e.data()) {
                    *got.borrow_mut() = Some(url);
                }
            });
            channel.set_onmessage(Some(handler.as_ref().unchecked_ref()));
            (channel, handler)
        });
        Some(Listening { popup, on_message, channel })
    }
}

impl AuthWindow for PopupAuthWindow {
    fn open(&self, url: &str, state: &str) -> bool {
        self.close();
        *self.got.borrow_mut() = None;
        let Some(window) = web_sys::window() else { return false };
        let features = "popup=yes,width=520,height=680";
        let Ok(Some(popup)) = window.open_with_url_and_target_and_features(url, "panopto-uploader-sign-in", features)
        else {
            return false;
        };
        *self.listening.borrow_mut() = self.listen(popup, state);
        true
    }

    fn answer(&self) -> Option<String> {
        let listening = self.listening.borrow();
        self.got.borrow_mut().take().or_else(|| listening.as_ref().and_then(|l| self.came_back(&l.popup)))
    }

    fn closed(&self) -> bool {
        self.listening.borrow().as_ref().is_none_or(|l| l.popup.closed().unwrap_or(true))
    }

    fn close(&self) {
        let Some(l) = self.listening.borrow_mut().take() else { return };
        if let Some(window) = web_sys::window() {
            let _ = window.remove_event_listener_with_callback("message", l.on_message.as_ref().unchecked_ref());
        }
        if let Some((channel, _handler)) = &l.channel {
            let heard = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&heard, &"type".into(), &HEARD.into());
            let _ = channel.post_message(&heard);
            channel.set_onmessage(None);
            channel.close();
        }
        let _ = l.popup.close();
    }
}
