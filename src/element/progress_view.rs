//! A file's progress on the card and as `progress` events, at the pace of
//! [`ProgressPace`]: four updates a second while bytes move, the last byte at once.

use super::uploader::Uploader;
use crate::browser::clock::BrowserClock;
use crate::browser::events::{dispatch, object};
use crate::engine::ports::Clock;
use crate::engine::progress::Progress;
use crate::engine::progress_pace::Pace;
use crate::item::ItemState;
use leptos::prelude::*;
use std::rc::Rc;
use wasm_bindgen::JsValue;

impl Uploader {
    pub fn pace_progress(self: &Rc<Self>, id: u32, p: Progress) {
        let pace = self.pace.borrow_mut().entry(id).or_default().offer(p, BrowserClock.now_ms());
        match pace {
            Pace::Now(p) => self.show_progress(id, p),
            Pace::Later(Some(ms)) => {
                let me = self.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    BrowserClock.sleep(ms).await;
                    let held = me.pace.borrow_mut().get_mut(&id).and_then(|pace| pace.flush(BrowserClock.now_ms()));
                    // Not after the file left its run (complete, failed, cancelled, removed).
                    let running = me.item(id).is_some_and(|v| v.state.with_untracked(ItemState::is_running));
                    if let (Some(p), true) = (held, running) {
                        me.show_progress(id, p);
                    }
                });
            }
            Pace::Later(None) => {}
        }
    }

    fn show_progress(&self, id: u32, p: Progress) {
        let detail = object(&[
            ("file", self.file_of(id)),
            ("loaded", (p.loaded as f64).into()),
            ("total", (p.total as f64).into()),
            ("bytesPerSecond", p.bytes_per_second.into()),
            ("etaSeconds", p.eta_seconds.map(JsValue::from).unwrap_or(JsValue::NULL)),
        ]);
        if let Some(view) = self.item(id) {
            view.progress.set(p);
        }
        dispatch(&self.host, "progress", &detail);
    }
}
