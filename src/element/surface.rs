//! Where the page model shows itself: the view's signals (one per card, so a card's
//! progress re-renders that card only), the `uploading`, `paused`, `complete` and `error`
//! attributes on the element (for host CSS), and a `beforeunload` warning while bytes are
//! in flight. Each is set only when it changed.

use crate::page::account::AccountView;
use crate::page::config::Config;
use crate::page::place::{Picker, Place};
use crate::page::signals::{FileId, Said};
use crate::page::unfinished::UnfinishedView;
use crate::page::views::{CardView, HostFlags, PageView};
use crate::text::{Lang, Msg};
use crate::ui::commands::{Card, UiState};
use crate::ui::i18n::t;
use leptos::prelude::*;
use std::cell::RefCell;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

type UnloadHandler = Closure<dyn FnMut(web_sys::BeforeUnloadEvent)>;

pub struct Surface {
    host: web_sys::HtmlElement,
    config: RwSignal<Config>,
    cards: RwSignal<Vec<Card>>,
    /// Each card's view, in the queue's order (a few dozen at most: a list, not a map).
    card_views: RefCell<Vec<(FileId, RwSignal<CardView>)>>,
    said: RwSignal<Option<Said>>,
    account: RwSignal<AccountView>,
    place: RwSignal<Place>,
    picker: RwSignal<Option<Picker>>,
    unfinished: RwSignal<Vec<UnfinishedView>>,
    flags: RefCell<Option<HostFlags>>,
    unload: RefCell<Option<UnloadHandler>>,
}

/// Set `signal` to `value` if it is another value (one write, which notifies only then).
fn set<T: PartialEq + Send + Sync + 'static>(signal: RwSignal<T>, value: T) {
    signal.maybe_update(|v| {
        let changed = *v != value;
        if changed {
            *v = value;
        }
        changed
    });
}

impl Surface {
    pub fn new(host: web_sys::HtmlElement, view: &PageView) -> Self {
        Surface {
            host,
            config: RwSignal::new(view.config.clone()),
            cards: RwSignal::new(Vec::new()),
            card_views: RefCell::new(Vec::new()),
            said: RwSignal::new(None),
            account: RwSignal::new(view.account.clone()),
            place: RwSignal::new(view.place.clone()),
            picker: RwSignal::new(None),
            unfinished: RwSignal::new(Vec::new()),
            flags: RefCell::new(None),
            unload: RefCell::new(None),
        }
    }

    pub fn state(&self) -> UiState {
        UiState {
            config: self.config.read_only(),
            cards: self.cards.read_only(),
            said: self.said.read_only(),
            account: self.account.read_only(),
            place: self.place.read_only(),
            picker: self.picker.read_only(),
            unfinished: self.unfinished.read_only(),
        }
    }

    pub fn render(&self, view: PageView) {
        let lang = view.config.lang;
        set(self.config, view.config);
        self.render_cards(view.cards);
        set(self.said, view.said);
        set(self.account, view.account);
        set(self.place, view.place);
        set(self.picker, view.picker);
        set(self.unfinished, view.unfinished);
        if self.flags.replace(Some(view.host)) != Some(view.host) {
            self.show_flags(view.host, lang);
        }
    }

    /// The words of the element's language arrived: everything it shows, said again.
    pub fn refresh_words(&self) {
        self.config.update(|_| {});
    }

    fn render_cards(&self, views: Vec<CardView>) {
        let mut signals = self.card_views.borrow_mut();
        let before: Vec<FileId> = signals.iter().map(|(id, _)| *id).collect();
        let kept = std::mem::take(&mut *signals);
        for view in views {
            let id = view.id;
            let signal = match kept.iter().find(|(k, _)| *k == id) {
                Some((_, signal)) => {
                    set(*signal, view);
                    *signal
                }
                None => RwSignal::new(view),
            };
            signals.push((id, signal));
        }
        if !signals.iter().map(|(id, _)| *id).eq(before) {
            self.cards.set(signals.iter().map(|(id, s)| Card { id: *id, view: s.read_only() }).collect());
        }
    }

    fn show_flags(&self, flags: HostFlags, lang: Lang) {
        let toggle = |name: &str, on: bool| {
            let _ = if on { self.host.set_attribute(name, "") } else { self.host.remove_attribute(name) };
        };
        toggle("uploading", flags.uploading);
        toggle("paused", flags.paused);
        toggle("complete", flags.complete);
        toggle("error", flags.error);
        self.guard_unload(flags.transferring, &t(lang, Msg::LeaveWarning));
    }

    fn guard_unload(&self, on: bool, message: &str) {
        let Some(window) = web_sys::window() else { return };
        let mut slot = self.unload.borrow_mut();
        match (on, slot.take()) {
            (true, None) => {
                let message = message.to_string();
                let handler = UnloadHandler::new(move |e: web_sys::BeforeUnloadEvent| {
                    e.prevent_default();
                    e.set_return_value(&message);
                });
                let _ = window.add_event_listener_with_callback("beforeunload", handler.as_ref().unchecked_ref());
                *slot = Some(handler);
            }
            (false, Some(handler)) => {
                let _ = window.remove_event_listener_with_callback("beforeunload", handler.as_ref().unchecked_ref());
            }
            (_, kept) => *slot = kept,
        }
    }
}
