//! Saving an upload's progress while it runs, so a reload can resume it.
//!
//! The engine reports a checkpoint at every change (a part acknowledged every few
//! milliseconds on a fast link); writing the whole record each time would cost more than
//! the upload. Saves are throttled to one per second with a trailing save, and the
//! first checkpoint (the sessionUpload exists) is written at once. A part acknowledged
//! after the last save is not lost: on resume, ListParts finds it (see `reconcile`).

use crate::browser::clock::BrowserClock;
use crate::engine::ports::Clock;
use crate::engine::saved_upload::{self, SavedUpload, SavedUploads};
use std::cell::Cell;
use std::rc::Rc;

const INTERVAL_MS: f64 = 1_000.0;

pub struct Saver {
    store: Rc<dyn SavedUploads>,
    key: String,
    snapshot: Box<dyn Fn() -> SavedUpload>,
    last_ms: Cell<f64>,
    scheduled: Cell<bool>,
    /// Set once the upload is over: no save may come after the delete.
    closed: Cell<bool>,
}

impl Saver {
    pub fn new(store: Rc<dyn SavedUploads>, key: String, snapshot: Box<dyn Fn() -> SavedUpload>) -> Rc<Self> {
        Rc::new(Saver {
            store,
            key,
            snapshot,
            last_ms: Cell::new(f64::MIN),
            scheduled: Cell::new(false),
            closed: Cell::new(false),
        })
    }

    /// The record changed.
    pub fn checkpoint(self: &Rc<Self>) {
        if self.closed.get() || self.scheduled.get() {
            return;
        }
        let wait = self.last_ms.get() + INTERVAL_MS - js_sys::Date::now();
        if wait <= 0.0 {
            self.save_now();
            return;
        }
        self.scheduled.set(true);
        let me = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            BrowserClock.sleep(wait as u32).await;
            me.scheduled.set(false);
            if !me.closed.get() {
                me.save_now();
            }
        });
    }

    pub fn save_now(self: &Rc<Self>) {
        if self.closed.get() {
            return;
        }
        self.last_ms.set(js_sys::Date::now());
        let saved = (self.snapshot)();
        let store = self.store.clone();
        wasm_bindgen_futures::spawn_local(async move { saved_upload::save(store.as_ref(), &saved).await });
    }

    /// The upload is over (complete, cancelled or failed for good): forget it.
    pub fn discard(&self) {
        self.closed.set(true);
        let (store, key) = (self.store.clone(), self.key.clone());
        wasm_bindgen_futures::spawn_local(async move { store.delete(&key).await });
    }
}
