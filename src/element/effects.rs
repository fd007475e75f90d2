//! Where a file's state machine meets the page: [`Uploader::input`] applies an input and
//! carries out the effects (events, announcements, the run, the saved record), and mirrors
//! the state into the view's signals.

use super::flows::flow_for;
use super::run::{spawn_discard, spawn_run, spawn_save, RunJob};
use super::uploader::Uploader;
use crate::browser::clock::BrowserClock;
use crate::browser::events::{dispatch, object};
use crate::engine::control::Control;
use crate::engine::error::{ErrorCode, UploadError};
use crate::engine::flow::Outcome;
use crate::engine::runner::Restore;
use crate::engine::saver::Saver;
use crate::item::{Effect, Input, ItemState, RunFrom};
use crate::text::ErrorText;
use crate::ui::i18n::announce;
use leptos::prelude::*;
use std::rc::Rc;
use wasm_bindgen::JsValue;

impl Uploader {
    /// Feed one input to file `id`'s state machine and do what it says.
    pub fn input(self: &Rc<Self>, id: u32, input: Input) {
        // The borrow ends before any effect runs: an event listener may call back in.
        let applied =
            self.runtime.borrow_mut().get_mut(&id).map(|r| (r.machine.apply(input), r.machine.state().clone()));
        let Some((effects, state)) = applied else { return };
        if let Some(view) = self.item(id) {
            if view.state.with_untracked(|s| *s != state) {
                view.state.set(state);
            }
        }
        for effect in effects {
            self.perform(id, effect);
        }
    }

    fn perform(self: &Rc<Self>, id: u32, effect: Effect) {
        let file = self.file_of(id);
        match effect {
            Effect::StateChanged => {
                let name = self.item(id).map_or("", |v| v.state.with_untracked(ItemState::name));
                dispatch(&self.host, "statechange", &object(&[("file", file), ("state", name.into())]));
                self.update_host();
                // A file that stopped holding its place (failed, cancelled) frees its copies.
                self.recheck_duplicates();
            }
            Effect::UploadStarted => dispatch(&self.host, "uploadstart", &object(&[("file", file)])),
            Effect::Progress(p) => self.pace_progress(id, p),
            Effect::Completed(outcome) => {
                let detail = match &outcome {
                    Outcome::Session(s) => object(&[
                        ("file", file),
                        ("id", s.upload_id.as_str().into()),
                        ("sessionId", s.session_id.as_str().into()),
                        ("viewerUrl", s.viewer_url.as_str().into()),
                    ]),
                    Outcome::Video(v) => {
                        // The server's JSON as a plain object (it came from JSON, so it parses).
                        let video = js_sys::JSON::parse(&v.video.to_string()).unwrap_or(JsValue::NULL);
                        object(&[("file", file), ("id", v.upload_id.as_str().into()), ("video", video)])
                    }
                };
                dispatch(&self.host, "uploadcomplete", &detail);
            }
            Effect::Error(e) => self.report_error(file, &e),
            Effect::Announce(a) => {
                let name = self.item(id).map(|v| v.name.get_untracked()).unwrap_or_default();
                self.announcement.set(announce(self.lang(), &name, &a));
            }
            Effect::StartRun(from) => self.start_run(id, from),
            Effect::PauseRun => self.with_runtime(id, |r| r.control.pause()),
            Effect::ResumeRun => self.with_runtime(id, |r| r.control.resume()),
            Effect::CancelRun => self.with_runtime(id, |r| r.control.cancel()),
            Effect::AdoptSaved(saved) => {
                if let Some(view) = self.item(id) {
                    view.title.set(saved.identity.title.clone());
                    view.description.set(saved.identity.description.clone().unwrap_or_default());
                }
                self.with_runtime(id, |r| r.saved = Some(*saved));
            }
            Effect::Save => self.with_runtime(id, |r| r.saver.iter().for_each(|s| s.checkpoint())),
            Effect::Notice(notice) => {
                if let Some(view) = self.item(id) {
                    view.notice.set(Some(notice));
                }
            }
            Effect::KeepRecord | Effect::ForgetRecord => {
                let saver = self.runtime.borrow().get(&id).and_then(|r| r.saver.clone());
                if let Some(saver) = saver {
                    spawn_save(saver, effect == Effect::KeepRecord);
                }
            }
            Effect::DiscardRecord => self.discard(id),
            Effect::Remove => {
                self.items.update(|v| v.retain(|i| i.id != id));
                self.runtime.borrow_mut().remove(&id);
                self.update_host();
                self.recheck_duplicates();
            }
        }
    }

    fn with_runtime(&self, id: u32, f: impl FnOnce(&mut super::uploader::ItemRuntime)) {
        if let Some(r) = self.runtime.borrow_mut().get_mut(&id) {
            f(r);
        }
    }

    fn update_host(&self) {
        let states: Vec<ItemState> = self.items.get_untracked().iter().map(|i| i.state.get_untracked()).collect();
        self.host_state.update(&states, self.lang());
    }

    fn start_run(self: &Rc<Self>, id: u32, from: RunFrom) {
        let Some(flow) = flow_for(self, id) else {
            let problems = self.config.get_untracked().problems;
            let e = UploadError::new(ErrorCode::InvalidConfig, ErrorText::NotConfigured(problems));
            return self.input(id, Input::Finished(Err(e)));
        };
        let job = {
            let mut runtime = self.runtime.borrow_mut();
            let Some(r) = runtime.get_mut(&id) else { return };
            r.control = Control::new();
            let saver = Rc::new(Saver::new(self.saved.clone(), Rc::new(BrowserClock)));
            r.saver = Some(saver.clone());
            let restore = match (from, r.saved.take()) {
                (RunFrom::Copy, _) => Restore::Copy,
                (RunFrom::Fresh, _) => Restore::Never,
                (RunFrom::Saved, Some(saved)) => Restore::From(Box::new(saved)),
                (RunFrom::Saved, None) => Restore::Lookup,
            };
            RunJob {
                flow,
                control: r.control.clone(),
                record: r.record.clone(),
                saver,
                store: self.saved.clone(),
                locks: self.locks.clone(),
                primary: r.primary.clone(),
                fingerprint: r.fingerprint.clone(),
                restore,
            }
        };
        let me = self.clone();
        spawn_run(job, Rc::new(move |input| me.input(id, input)));
    }

    /// Forget the saved record (and the one offered when the file was added) and undo,
    /// best effort, what they left on the server.
    fn discard(self: &Rc<Self>, id: u32) {
        let Some(flow) = flow_for(self, id) else { return };
        let (saver, records) = {
            let mut runtime = self.runtime.borrow_mut();
            let Some(r) = runtime.get_mut(&id) else { return };
            let current = std::mem::take(&mut *r.record.borrow_mut());
            let mut records = vec![(None, current)];
            if let Some(saved) = r.saved.take() {
                records.push((Some(saved.fingerprint.clone()), saved.record));
            }
            (r.saver.clone(), records)
        };
        spawn_discard(flow, self.saved.clone(), self.locks.clone(), saver, records);
    }
}
