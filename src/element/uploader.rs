//! The element's controller: the queue of files, the configuration, the token and the
//! store. What happens to it is in two files beside this one: `queue.rs` (what the page and
//! the view ask: add files, commands, the network) and `effects.rs` (each file's state
//! machine and its effects).

use super::host_state::HostState;
use crate::browser::blob_file::BlobFile;
use crate::browser::clock::BrowserClock;
use crate::browser::events::{dispatch, object};
use crate::browser::idb_store::IdbSavedUploads;
use crate::browser::tokens::{ElementTokens, TokenState};
use crate::browser::web_locks::WebLocks;
use crate::engine::control::Control;
use crate::engine::error::{ErrorCode, UploadError};
use crate::engine::fingerprint::Fingerprint;
use crate::engine::ports::{SavedUploads, UploadLocks};
use crate::engine::progress_pace::ProgressPace;
use crate::engine::saved_upload::SavedUpload;
use crate::engine::saver::Saver;
use crate::engine::upload_record::UploadRecord;
use crate::item::Item;
use crate::text::ErrorText;
use crate::ui::config::Config;
use crate::ui::i18n::say;
use crate::ui::model::ItemView;
use crate::ui::place::{Account, Named, Picker, Place};
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::JsValue;

/// A queued file's machine, its files and the engine's handles.
pub struct ItemRuntime {
    pub machine: Item,
    pub primary: BlobFile,
    pub secondary: Option<BlobFile>,
    pub captions: Vec<(u32, BlobFile)>,
    /// The current run's command channel.
    pub control: Control,
    /// How far the upload got; a retry continues it.
    pub record: Rc<RefCell<UploadRecord>>,
    /// The current run's saver.
    pub saver: Option<Rc<Saver>>,
    pub fingerprint: Option<Fingerprint>,
    /// An earlier upload of this file, found when it was added, that starting continues.
    pub saved: Option<SavedUpload>,
}

pub struct Uploader {
    pub host: web_sys::HtmlElement,
    pub config: RwSignal<Config>,
    pub items: RwSignal<Vec<ItemView>>,
    /// The polite live region's text.
    pub announcement: RwSignal<String>,
    pub account: RwSignal<Account>,
    /// Where the next uploads go.
    pub place: RwSignal<Place>,
    pub picker: RwSignal<Option<Picker>>,
    /// The way down to the chosen folder, where the picker opens next time.
    pub trail: RefCell<Vec<Named>>,
    /// Counts the picker's listings, so only the latest one's answer is shown.
    pub picker_generation: Cell<u32>,
    /// Each file's pace of progress updates (see `progress_view.rs`).
    pub pace: RefCell<HashMap<u32, ProgressPace>>,
    pub runtime: RefCell<HashMap<u32, ItemRuntime>>,
    pub tokens: ElementTokens,
    pub host_state: HostState,
    pub saved: Rc<dyn SavedUploads>,
    /// One upload of a file at a time across the site's tabs (`engine/tab_lock.rs`).
    pub locks: Rc<dyn UploadLocks>,
    /// The page's `createUpload` (Panda): its own way of creating upload sessions.
    pub create_upload: RefCell<Option<js_sys::Function>>,
    /// Expired saved uploads were deleted (once per page).
    pub purged: Cell<bool>,
    next_id: Cell<u32>,
    reported_problems: RefCell<Vec<crate::text::Problem>>,
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
            account: RwSignal::new(Account::Hidden),
            place: RwSignal::new(Place::default()),
            picker: RwSignal::new(None),
            trail: RefCell::new(Vec::new()),
            picker_generation: Cell::new(0),
            pace: RefCell::new(HashMap::new()),
            runtime: RefCell::new(HashMap::new()),
            tokens,
            saved: Rc::new(IdbSavedUploads::default()),
            locks: Rc::new(WebLocks),
            create_upload: RefCell::new(None),
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

    pub fn file_of(&self, id: u32) -> JsValue {
        self.runtime.borrow().get(&id).map(|r| JsValue::from(r.primary.file().clone())).unwrap_or(JsValue::NULL)
    }

    pub fn next_id(&self) -> u32 {
        let id = self.next_id.get();
        self.next_id.set(id + 1);
        id
    }

    /// Re-read the attributes. Problems are reported once (as `uploaderror`) when they
    /// change, after the attributes of one parse or update have all arrived.
    pub fn reconfigure(self: &Rc<Self>) {
        let host = self.host.clone();
        let has_create_upload = self.create_upload.borrow().is_some();
        let config = Config::from_attributes(move |n| host.get_attribute(n), has_create_upload);
        let problems = config.problems.clone();
        self.config.set(config);
        self.sync_sign_in();
        self.sync_place();
        if problems != *self.reported_problems.borrow() {
            *self.reported_problems.borrow_mut() = problems.clone();
            if !problems.is_empty() {
                self.report_error(
                    JsValue::NULL,
                    &UploadError::new(ErrorCode::InvalidConfig, ErrorText::Problems(problems)),
                );
            }
        }
    }

    /// `uploaderror`; `file` is null for configuration errors.
    pub fn report_error(&self, file: JsValue, e: &UploadError) {
        let detail = object(&[
            ("file", file),
            ("code", e.code.to_string().into()),
            ("message", say(self.lang(), &e.message).into()),
            ("retryable", e.retryable().into()),
        ]);
        dispatch(&self.host, "uploaderror", &detail);
    }
}
