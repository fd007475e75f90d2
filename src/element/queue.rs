//! What the page and the view ask of the element: files to queue (with their second
//! video and captions), commands for one file or all, and the network coming and going.
//! Each becomes an input to the file's state machine.

use super::flows::flow_for;
use super::uploader::{ItemRuntime, Uploader};
use crate::browser::blob_file::BlobFile;
use crate::browser::clock::BrowserClock;
use crate::engine::control::Control;
use crate::engine::error::{ErrorCode, UploadError};
use crate::engine::fingerprint::fingerprint;
use crate::engine::ports::Clock;
use crate::engine::saved_upload;
use crate::engine::tab_lock::lock_name;
use crate::engine::upload_record::UploadRecord;
use crate::item::{duplicates, Command, Input, Item, ItemState, SameFile};
use crate::text::ErrorText;
use crate::ui::commands::UiCommand;
use crate::ui::config::Protocol;
use crate::ui::i18n::{tp, PlaceMsg};
use crate::ui::model::{guess_caption_language, CaptionView, ItemView};
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};

impl Uploader {
    /// What the view asked for.
    pub fn command(self: &Rc<Self>, command: UiCommand) {
        match command {
            UiCommand::AddFiles(files) => self.add_files(files),
            UiCommand::Item(id, c) => self.user(id, c),
            UiCommand::SetSecondary(id, file) => self.set_secondary(id, file),
            UiCommand::AddCaption(id, file) => self.add_caption(id, file),
            UiCommand::RemoveCaption { item, caption } => self.remove_caption(item, caption),
            UiCommand::Place(c) => self.place_command(c),
        }
    }

    /// A user command for one file. Starting needs a usable configuration first.
    pub fn user(self: &Rc<Self>, id: u32, command: Command) {
        if command == Command::Start {
            let problems = self.config.get_untracked().problems;
            if !problems.is_empty() {
                let e = UploadError::new(ErrorCode::InvalidConfig, ErrorText::NotConfigured(problems));
                self.report_error(JsValue::NULL, &e);
                return;
            }
            let place = self.place.get_untracked();
            let panopto = self.config.get_untracked().protocol == Protocol::Panopto;
            if panopto && place.folder.is_none() && place.session.is_none() {
                let message = tp(self.lang(), PlaceMsg::ChooseFolderFirst);
                self.report_error(
                    JsValue::NULL,
                    &UploadError::new(ErrorCode::InvalidConfig, ErrorText::ChooseFolderFirst),
                );
                self.announcement.set(message);
                return;
            }
        }
        self.input(id, Input::User(command));
    }

    /// The same command for every file (the element's `start()`, `pause()`…).
    pub fn for_all(self: &Rc<Self>, command: Command) {
        for item in self.items.get_untracked() {
            self.user(item.id, command);
        }
    }

    /// Queue files (from the picker, a drop, or `addFiles`). Each becomes its own session.
    pub fn add_files(self: &Rc<Self>, files: Vec<web_sys::File>) {
        let auto = self.config.get_untracked().auto_start;
        let online = web_sys::window().is_none_or(|w| w.navigator().on_line());
        let mut added = Vec::new();
        for file in files {
            let id = self.next_id();
            let size = file.size() as u64;
            self.runtime.borrow_mut().insert(
                id,
                ItemRuntime {
                    machine: Item::new(size, online),
                    primary: BlobFile::new(file.clone()),
                    secondary: None,
                    captions: Vec::new(),
                    control: Control::new(),
                    record: Rc::new(RefCell::new(UploadRecord::Fresh)),
                    saver: None,
                    fingerprint: None,
                    saved: None,
                },
            );
            self.items.update(|v| v.push(ItemView::new(id, &file.name(), size)));
            if size == 0 {
                let e = UploadError::new(ErrorCode::InvalidFile, ErrorText::EmptyFile { name: file.name() });
                self.input(id, Input::Rejected(e));
                continue;
            }
            added.push(id);
            self.look_for_saved(id);
        }
        // Before anything starts: a copy of a file already here waits for the teacher.
        self.recheck_duplicates();
        if auto {
            added.into_iter().for_each(|id| self.user(id, Command::Start));
        }
    }

    /// Tell each file whether the same file is ahead of it in the queue, holding its place
    /// (`item/duplicate.rs`), where that changed: after files are added, and after any
    /// state change or removal (a copy ahead may have gone).
    pub fn recheck_duplicates(self: &Rc<Self>) {
        // In queue order: each file's id, whether it waits as a duplicate now, and the file
        // with whether it holds its place.
        let queue: Vec<(u32, bool, (SameFile, bool))> = {
            let runtime = self.runtime.borrow();
            let ids = self.items.get_untracked().into_iter().map(|i| i.id);
            ids.filter_map(|id| runtime.get(&id).map(|r| (id, r)))
                .map(|(id, r)| {
                    let f = r.primary.file();
                    let same = SameFile { name: f.name(), size: f.size() as u64, last_modified_ms: f.last_modified() };
                    let state = r.machine.state();
                    (id, *state == ItemState::Duplicate, (same, state.holds_place()))
                })
                .collect()
        };
        let places: Vec<(SameFile, bool)> = queue.iter().map(|(_, _, place)| place.clone()).collect();
        for ((id, waiting, _), duplicate) in queue.iter().zip(duplicates(&places)) {
            // Only where it changed, so that the state changes this causes end here; the
            // machine decides what it means (a copy the teacher chose to upload ignores it).
            if duplicate != *waiting {
                self.input(*id, Input::Duplicate(duplicate));
            }
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
            self.report_error(JsValue::NULL, &UploadError::new(ErrorCode::InvalidFile, ErrorText::NotFiles));
        }
        self.add_files(files);
    }

    /// Fingerprint the file and look for an upload of it saved before a reload; if there
    /// is one for this server and folder, the state machine offers to continue it. Not
    /// while another tab is uploading the file (it holds the file's lock): that record is
    /// not an earlier upload but a live one, and "Start over" must not discard it; starting
    /// the file says it is uploading elsewhere instead.
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
            let Some(_held) = me.locks.try_hold(&lock_name(&fp)).await else { return };
            let Some(found) = saved_upload::find(me.saved.as_ref(), &fp, now).await else { return };
            let Some(flow) = flow_for(&me, id) else { return };
            if found.identity.destination == flow.identity().destination {
                me.input(id, Input::SavedFound(Box::new(found)));
            }
        });
    }

    /// Pause what is transferring when the browser goes offline, and resume it when the
    /// network is back. Why not just retry: every attempt while offline fails at once and
    /// spends the retry budget; a laptop closed for an hour would end in an error.
    pub fn watch_network(self: &Rc<Self>) {
        let Some(window) = web_sys::window() else { return };
        for (event, online) in [("offline", false), ("online", true)] {
            let me = self.clone();
            let handler = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
                for item in me.items.get_untracked() {
                    me.input(item.id, Input::Network { online });
                }
            });
            let _ = window.add_event_listener_with_callback(event, handler.as_ref().unchecked_ref());
            // The element lives as long as the page.
            handler.forget();
        }
    }

    fn set_secondary(&self, id: u32, file: Option<web_sys::File>) {
        let Some(item) = self.item(id) else { return };
        item.secondary.set(file.as_ref().map(|f| f.name()));
        if let Some(r) = self.runtime.borrow_mut().get_mut(&id) {
            r.secondary = file.map(BlobFile::new);
        }
    }

    fn add_caption(&self, id: u32, file: web_sys::File) {
        let Some(item) = self.item(id) else { return };
        let caption_id = self.next_id();
        let language = guess_caption_language(&file.name(), self.lang());
        item.captions.update(|c| c.push(CaptionView { id: caption_id, name: file.name(), language }));
        if let Some(r) = self.runtime.borrow_mut().get_mut(&id) {
            r.captions.push((caption_id, BlobFile::new(file)));
        }
    }

    fn remove_caption(&self, id: u32, caption_id: u32) {
        if let Some(item) = self.item(id) {
            item.captions.update(|c| c.retain(|x| x.id != caption_id));
        }
        if let Some(r) = self.runtime.borrow_mut().get_mut(&id) {
            r.captions.retain(|(c, _)| *c != caption_id);
        }
    }
}
