//! The element's controller: the queue, the files behind it, and the commands (add,
//! start, pause, resume, cancel, retry, remove). The view calls these; the custom-element
//! glue maps the public API onto them.

use super::host_state::HostState;
use crate::browser::blob_file::BlobFile;
use crate::browser::clock::BrowserClock;
use crate::browser::events::{dispatch, object};
use crate::browser::idb_store::IdbSavedUploads;
use crate::browser::tokens::{ElementTokens, TokenState};
use crate::engine::control::Control;
use crate::engine::fingerprint::{fingerprint, Fingerprint};
use crate::engine::ports::Clock;
use crate::engine::saved_upload::{self, SavedUpload, SavedUploads};
use crate::engine::session::SessionRecord;
use crate::ui::config::Config;
use crate::ui::i18n::{t, Announcement, Msg};
use crate::ui::model::{guess_caption_language, CaptionView, ItemView, Status};
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};

/// The parts of a queued item that are not plain values (files, the engine's handles).
pub struct ItemRuntime {
    pub primary: BlobFile,
    pub secondary: Option<BlobFile>,
    pub captions: Vec<(u32, BlobFile)>,
    pub control: Control,
    pub record: Rc<RefCell<SessionRecord>>,
    /// Last 10 % milestone announced.
    pub milestone: Cell<u32>,
    pub fingerprint: Option<Fingerprint>,
    /// An earlier upload of this file, saved before a reload, that starting will continue.
    pub saved: Option<SavedUpload>,
    /// The user chose "start over": never continue a saved upload for this item.
    pub start_over: bool,
    /// Paused by the browser going offline (not by the user): resumes when back online.
    pub offline_paused: bool,
}

pub struct Uploader {
    pub host: web_sys::HtmlElement,
    pub config: RwSignal<Config>,
    pub items: RwSignal<Vec<ItemView>>,
    /// The polite live region's text.
    pub announcement: RwSignal<String>,
    pub runtime: RefCell<HashMap<u32, ItemRuntime>>,
    pub tokens: ElementTokens,
    pub host_state: HostState,
    pub saved: Rc<dyn SavedUploads>,
    purged: Cell<bool>,
    next_id: Cell<u32>,
    reported_problems: RefCell<Vec<String>>,
}

impl Uploader {
    pub fn new(host: web_sys::HtmlElement) -> Rc<Self> {
        let tokens = ElementTokens {
            state: Rc::new(RefCell::new(TokenState::default())),
            host: host.clone(),
            clock: Rc::new(BrowserClock),
        };
        Rc::new(Uploader {
            host_state: HostState::new(host.clone()),
            host,
            config: RwSignal::new(Config::default()),
            items: RwSignal::new(Vec::new()),
            announcement: RwSignal::new(String::new()),
            runtime: RefCell::new(HashMap::new()),
            tokens,
            saved: Rc::new(IdbSavedUploads::default()),
            purged: Cell::new(false),
            next_id: Cell::new(1),
            reported_problems: RefCell::new(Vec::new()),
        })
    }

    pub fn lang(&self) -> crate::ui::i18n::Lang {
        self.config.get_untracked().lang
    }

    pub fn item(&self, id: u32) -> Option<ItemView> {
        self.items.get_untracked().into_iter().find(|i| i.id == id)
    }

    fn id(&self) -> u32 {
        let id = self.next_id.get();
        self.next_id.set(id + 1);
        id
    }

    pub fn announce(&self, text: String) {
        self.announcement.set(text);
    }

    /// Re-read the attributes. Problems are reported once (as `uploaderror`) when they
    /// change, after the attributes of one parse or update have all arrived.
    pub fn reconfigure(&self) {
        let host = self.host.clone();
        let config = Config::from_attributes(move |n| host.get_attribute(n));
        let problems = config.problems.clone();
        self.config.set(config);
        if problems != *self.reported_problems.borrow() {
            *self.reported_problems.borrow_mut() = problems.clone();
            if !problems.is_empty() {
                self.report_error(None, "invalid-config", &problems.join("; "), false);
            }
        }
    }

    pub fn report_error(&self, file: Option<&web_sys::File>, code: &str, message: &str, retryable: bool) {
        let file = file.map(|f| JsValue::from(f.clone())).unwrap_or(JsValue::NULL);
        let detail = object(&[
            ("file", file),
            ("code", code.into()),
            ("message", message.into()),
            ("retryable", retryable.into()),
        ]);
        dispatch(&self.host, "uploaderror", &detail);
    }

    pub fn set_status(self: &Rc<Self>, id: u32, status: Status) {
        let Some(item) = self.item(id) else { return };
        if item.status.get_untracked() == status {
            return;
        }
        item.status.set(status.clone());
        let file =
            self.runtime.borrow().get(&id).map(|r| JsValue::from(r.primary.file().clone())).unwrap_or(JsValue::NULL);
        dispatch(&self.host, "statechange", &object(&[("file", file), ("state", status.name().into())]));
        self.host_state.update(&self.items.get_untracked(), self.lang());
    }

    /// Queue files (from the picker, a drop, or `addFiles`). Each becomes its own session.
    pub fn add_files(self: &Rc<Self>, files: Vec<web_sys::File>) {
        let auto = self.config.get_untracked().auto_start;
        let mut added = Vec::new();
        for file in files {
            let id = self.id();
            let item = ItemView::new(id, &file.name(), file.size() as u64);
            self.runtime.borrow_mut().insert(
                id,
                ItemRuntime {
                    primary: BlobFile::new(file.clone()),
                    secondary: None,
                    captions: Vec::new(),
                    control: Control::new(),
                    record: Rc::new(RefCell::new(SessionRecord::default())),
                    milestone: Cell::new(0),
                    fingerprint: None,
                    saved: None,
                    start_over: false,
                    offline_paused: false,
                },
            );
            self.items.update(|v| v.push(item));
            if file.size() == 0.0 {
                let message = format!("{}: the file is empty (0 bytes): there is nothing to upload", file.name());
                self.set_status(
                    id,
                    Status::Failed { code: "invalid-file".into(), message: message.clone(), retryable: false },
                );
                self.report_error(Some(&file), "invalid-file", &message, false);
                continue;
            }
            added.push(id);
            self.look_for_saved(id);
        }
        if auto {
            added.into_iter().for_each(|id| self.start(id));
        }
    }

    /// `addFiles(files)` from JS: a FileList, an array of Files, or one File. Anything
    /// else is reported, never thrown.
    pub fn add_js_files(self: &Rc<Self>, value: &JsValue) {
        let mut files = Vec::new();
        let mut rejected = 0;
        let mut take = |v: JsValue| match v.dyn_into::<web_sys::File>() {
            Ok(f) => files.push(f),
            Err(_) => rejected += 1,
        };
        if let Some(list) = value.dyn_ref::<web_sys::FileList>() {
            (0..list.length()).filter_map(|i| list.get(i)).for_each(|f| take(f.into()));
        } else if js_sys::Array::is_array(value) {
            js_sys::Array::from(value).iter().for_each(&mut take);
        } else if value.is_instance_of::<web_sys::File>() {
            take(value.clone());
        } else {
            rejected += 1;
        }
        if rejected > 0 {
            self.report_error(
                None,
                "invalid-file",
                "addFiles() takes File objects (a FileList, an array of Files, or one File)",
                false,
            );
        }
        self.add_files(files);
    }

    /// Fingerprint the file and look for an upload of it saved before a reload; if there
    /// is one for this server and folder, offer to continue it (the card says so, and its
    /// title and description come back).
    fn look_for_saved(self: &Rc<Self>, id: u32) {
        let me = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let now = BrowserClock.now_ms();
            if !me.purged.replace(true) {
                saved_upload::purge_expired(me.saved.as_ref(), now).await;
            }
            let Some(file) = me.runtime.borrow().get(&id).map(|r| r.primary.clone()) else { return };
            let Ok(fp) = fingerprint(&file).await else { return };
            if let Some(r) = me.runtime.borrow_mut().get_mut(&id) {
                r.fingerprint = Some(fp.clone());
            }
            let Some(found) = saved_upload::find(me.saved.as_ref(), &fp, now).await else { return };
            let config = me.config.get_untracked();
            let same_place = config.server.as_ref().is_some_and(|s| s.origin() == found.server)
                && config.folder_id.as_deref() == Some(found.folder_id.as_str());
            let Some(item) = me.item(id) else { return };
            if !same_place || item.status.get_untracked() != Status::Ready {
                return;
            }
            let percent = (found.bytes_done() * 100 / found.total_bytes().max(1)) as u32;
            item.title.set(found.title.clone());
            item.description.set(found.description.clone().unwrap_or_default());
            item.resume_offer.set(Some(percent));
            if let Some(r) = me.runtime.borrow_mut().get_mut(&id) {
                if !r.start_over {
                    r.saved = Some(found);
                }
            }
        });
    }

    /// Throw away the saved upload of this file (and, best effort, what it left on the
    /// server) and upload it from the beginning.
    pub fn start_over(self: &Rc<Self>, id: u32) {
        let Some(item) = self.item(id) else { return };
        item.resume_offer.set(None);
        let saved = self.runtime.borrow_mut().get_mut(&id).and_then(|r| {
            r.start_over = true;
            r.saved.take()
        });
        if let Some(saved) = saved {
            let me = self.clone();
            wasm_bindgen_futures::spawn_local(async move {
                me.saved.delete(&saved.fingerprint.key()).await;
                super::run::discard_saved(&me, saved).await;
            });
        }
    }

    /// Pause what is transferring when the browser goes offline, and resume it when the
    /// network is back. Why not just retry: every attempt while offline fails at once and
    /// spends the retry budget; a laptop closed for an hour would end in an error.
    pub fn watch_network(self: &Rc<Self>) {
        let Some(window) = web_sys::window() else { return };
        let me = self.clone();
        let offline = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || me.network_changed(false));
        let me = self.clone();
        let online = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || me.network_changed(true));
        let _ = window.add_event_listener_with_callback("offline", offline.as_ref().unchecked_ref());
        let _ = window.add_event_listener_with_callback("online", online.as_ref().unchecked_ref());
        // The element lives as long as the page.
        offline.forget();
        online.forget();
    }

    fn network_changed(self: &Rc<Self>, online: bool) {
        for item in self.items.get_untracked() {
            let id = item.id;
            if online {
                let was_offline =
                    self.runtime.borrow_mut().get_mut(&id).map(|r| std::mem::take(&mut r.offline_paused)) == Some(true);
                if was_offline {
                    item.offline.set(false);
                    self.resume(id);
                }
            } else if matches!(item.status.get_untracked(), Status::Preparing | Status::Uploading | Status::Finishing) {
                if let Some(r) = self.runtime.borrow_mut().get_mut(&id) {
                    r.offline_paused = true;
                }
                item.offline.set(true);
                self.pause(id);
            }
        }
    }

    pub fn set_secondary(&self, id: u32, file: Option<web_sys::File>) {
        let Some(item) = self.item(id) else { return };
        item.secondary.set(file.as_ref().map(|f| f.name()));
        if let Some(r) = self.runtime.borrow_mut().get_mut(&id) {
            r.secondary = file.map(BlobFile::new);
        }
    }

    pub fn add_caption(&self, id: u32, file: web_sys::File) {
        let Some(item) = self.item(id) else { return };
        let caption_id = self.id();
        let language = guess_caption_language(&file.name(), self.lang());
        item.captions.update(|c| c.push(CaptionView { id: caption_id, name: file.name(), language }));
        if let Some(r) = self.runtime.borrow_mut().get_mut(&id) {
            r.captions.push((caption_id, BlobFile::new(file)));
        }
    }

    pub fn remove_caption(&self, id: u32, caption_id: u32) {
        if let Some(item) = self.item(id) {
            item.captions.update(|c| c.retain(|x| x.id != caption_id));
        }
        if let Some(r) = self.runtime.borrow_mut().get_mut(&id) {
            r.captions.retain(|(c, _)| *c != caption_id);
        }
    }

    /// Remove a file that is not uploading (ready, finished, failed or cancelled).
    pub fn remove(&self, id: u32) {
        let Some(item) = self.item(id) else { return };
        if item.status.get_untracked().is_active() {
            return;
        }
        self.items.update(|v| v.retain(|i| i.id != id));
        self.runtime.borrow_mut().remove(&id);
        self.host_state.update(&self.items.get_untracked(), self.lang());
    }

    pub fn start(self: &Rc<Self>, id: u32) {
        let Some(item) = self.item(id) else { return };
        let problems = self.config.get_untracked().problems;
        if !problems.is_empty() {
            let message = t(self.lang(), Msg::NotConfigured(&problems.join("; ")));
            self.report_error(None, "invalid-config", &message, false);
            return;
        }
        let status = item.status.get_untracked();
        if !(status == Status::Ready || status.can_retry()) {
            return;
        }
        if let Some(r) = self.runtime.borrow_mut().get_mut(&id) {
            r.control = Control::new();
        }
        self.set_status(id, Status::Preparing);
        self.announce(t(self.lang(), Msg::Announce(&item.name.get_untracked(), Announcement::Started)));
        let me = self.clone();
        wasm_bindgen_futures::spawn_local(async move { super::run::run_item(me, id).await });
    }

    pub fn start_all(self: &Rc<Self>) {
        for item in self.items.get_untracked() {
            self.start(item.id);
        }
    }

    pub fn pause(self: &Rc<Self>, id: u32) {
        let Some(item) = self.item(id) else { return };
        if matches!(item.status.get_untracked(), Status::Preparing | Status::Uploading | Status::Finishing) {
            if let Some(r) = self.runtime.borrow().get(&id) {
                r.control.pause();
            }
            self.set_status(id, Status::Paused);
            self.announce(t(self.lang(), Msg::Announce(&item.name.get_untracked(), Announcement::Paused)));
        }
    }

    pub fn resume(self: &Rc<Self>, id: u32) {
        let Some(item) = self.item(id) else { return };
        if item.status.get_untracked() == Status::Paused {
            item.offline.set(false);
            if let Some(r) = self.runtime.borrow_mut().get_mut(&id) {
                r.offline_paused = false;
                r.control.resume();
            }
            self.set_status(id, Status::Uploading);
        }
    }

    pub fn cancel(self: &Rc<Self>, id: u32) {
        let Some(item) = self.item(id) else { return };
        match item.status.get_untracked() {
            s if s.is_active() => {
                if let Some(r) = self.runtime.borrow().get(&id) {
                    r.control.cancel();
                }
            }
            Status::Ready => self.set_status(id, Status::Cancelled),
            _ => {}
        }
    }

    pub fn for_all(self: &Rc<Self>, f: impl Fn(&Rc<Self>, u32)) {
        for item in self.items.get_untracked() {
            f(self, item.id);
        }
    }
}
