//! State the host page can see on the element itself: the `uploading`, `paused`,
//! `complete` and `error` attributes (for host CSS), and a `beforeunload` warning while
//! bytes are in flight. All derived from the items' states.

use crate::item::ItemState;
use crate::ui::i18n::{t, Lang, Msg};
use std::cell::RefCell;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

type UnloadHandler = Closure<dyn FnMut(web_sys::BeforeUnloadEvent)>;

pub struct HostState {
    host: web_sys::HtmlElement,
    unload: RefCell<Option<UnloadHandler>>,
}

fn toggle(host: &web_sys::HtmlElement, name: &str, on: bool) {
    let _ = if on { host.set_attribute(name, "") } else { host.remove_attribute(name) };
}

impl HostState {
    pub fn new(host: web_sys::HtmlElement) -> Self {
        HostState { host, unload: RefCell::new(None) }
    }

    pub fn update(&self, states: &[ItemState], lang: Lang) {
        toggle(&self.host, "uploading", states.iter().any(ItemState::is_uploading));
        toggle(&self.host, "paused", states.iter().any(ItemState::is_paused));
        toggle(
            &self.host,
            "complete",
            !states.is_empty() && states.iter().all(|s| matches!(s, ItemState::Complete(_))),
        );
        toggle(&self.host, "error", states.iter().any(|s| matches!(s, ItemState::Failed(_))));
        self.guard_unload(states.iter().any(ItemState::is_transferring), lang);
    }

    fn guard_unload(&self, on: bool, lang: Lang) {
        let Some(window) = web_sys::window() else { return };
        let mut slot = self.unload.borrow_mut();
        match (on, slot.is_some()) {
            (true, false) => {
                let message = t(lang, Msg::LeaveWarning);
                let handler =
                    Closure::<dyn FnMut(web_sys::BeforeUnloadEvent)>::new(move |e: web_sys::BeforeUnloadEvent| {
                        e.prevent_default();
                        e.set_return_value(&message);
                    });
                let _ = window.add_event_listener_with_callback("beforeunload", handler.as_ref().unchecked_ref());
                *slot = Some(handler);
            }
            (false, true) => {
                if let Some(handler) = slot.take() {
                    let _ =
                        window.remove_event_listener_with_callback("beforeunload", handler.as_ref().unchecked_ref());
                }
            }
            _ => {}
        }
    }
}
