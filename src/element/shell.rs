//! The page's [`Shell`] in the browser: tasks on the event loop, the `File`s the page names
//! (each a [`BlobFile`] when a run reads it), the page's `createUpload`, the sign-in popup,
//! DOM events with their details, and the [`Surface`] the page is shown on.

use super::surface::Surface;
use crate::browser::auth_window::PopupAuthWindow;
use crate::browser::blob_file::BlobFile;
use crate::browser::create_upload::JsCreateUpload;
use crate::browser::events::{dispatch, object};
use crate::browser::kept_files::{self, settled, Picked, Reopened};
use crate::browser::preview;
use crate::browser::sign_in_trip;
use crate::engine::auth::sign_in::Pending;
use crate::engine::flow::Outcome;
use crate::engine::ports::{AuthWindow, CreateUpload, FileSource};
use crate::page::media::Thumb;
use crate::page::ports::Shell;
use crate::page::signals::{FileId, HostEvent, NewFile};
use crate::page::unfinished::Reopen;
use crate::page::views::PageView;
use crate::text::Lang;
use crate::ui::i18n::say;
use futures_util::future::LocalBoxFuture;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::JsValue;

pub struct BrowserShell {
    host: web_sys::HtmlElement,
    /// The files the page named (a few dozen at most: a list, not a map).
    files: RefCell<Vec<(FileId, web_sys::File)>>,
    /// The handles some of them came with (a handle, or a Promise of one).
    handles: RefCell<Vec<(FileId, JsValue)>>,
    next_file: Cell<FileId>,
    /// The page's `createUpload`, when it is a function.
    pub create_upload: RefCell<Option<js_sys::Function>>,
    pub surface: Surface,
    /// The answer of a redirect sign-in the page came back with (taken from the address
    /// as the element starts, before anything else can read it).
    returned: RefCell<Option<(Pending, String)>>,
}

impl BrowserShell {
    pub fn new(host: web_sys::HtmlElement, surface: Surface) -> Self {
        let files = RefCell::new(Vec::new());
        let returned = RefCell::new(sign_in_trip::returned());
        BrowserShell {
            host,
            files,
            handles: RefCell::default(),
            next_file: Cell::new(1),
            create_upload: RefCell::new(None),
            surface,
            returned,
        }
    }

    /// Hold a file and the handle it came with, if any.
    pub fn keep_picked(&self, picked: Picked) -> NewFile {
        let new = self.keep(picked.file);
        if let Some(handle) = picked.handle {
            self.handles.borrow_mut().push((new.id, handle));
        }
        new
    }

    /// Hold `file` for the page, under a new id.
    pub fn keep(&self, file: web_sys::File) -> NewFile {
        let id = self.next_file.replace(self.next_file.get() + 1);
        let new = NewFile { id, name: file.name(), size: file.size() as u64, last_modified_ms: file.last_modified() };
        self.files.borrow_mut().push((id, file));
        new
    }

    fn held(&self, id: FileId) -> Option<web_sys::File> {
        self.files.borrow().iter().find(|(k, _)| *k == id).map(|(_, f)| f.clone())
    }

    /// The `file` of an event's detail (null once let go of).
    fn js_file(&self, id: FileId) -> JsValue {
        self.held(id).map_or(JsValue::NULL, JsValue::from)
    }
}

impl Shell for BrowserShell {
    fn spawn(&self, task: LocalBoxFuture<'static, ()>) {
        wasm_bindgen_futures::spawn_local(task);
    }

    fn file(&self, id: FileId) -> Option<Rc<dyn FileSource>> {
        Some(Rc::new(BlobFile::new(self.held(id)?)))
    }

    fn create_upload(&self, id: FileId) -> Option<Rc<dyn CreateUpload>> {
        let function = self.create_upload.borrow().clone()?;
        Some(Rc::new(JsCreateUpload { function, file: self.held(id)? }))
    }

    fn auth_window(&self, redirect_uri: &str) -> Rc<dyn AuthWindow> {
        Rc::new(PopupAuthWindow::new(redirect_uri.to_string()))
    }

    fn redirect_to_sign_in(&self, url: &str, pending: &Pending) -> bool {
        sign_in_trip::go(url, pending)
    }

    fn returned_sign_in(&self) -> Option<(Pending, String)> {
        self.returned.borrow_mut().take()
    }

    fn preview(&self, id: FileId) -> LocalBoxFuture<'static, Option<Thumb>> {
        let file = self.held(id);
        Box::pin(async move { preview::thumb(file?).await })
    }

    fn release(&self, files: &[FileId]) {
        self.files.borrow_mut().retain(|(id, _)| !files.contains(id));
        self.handles.borrow_mut().retain(|(id, _)| !files.contains(id));
    }

    fn keep_handle(&self, id: FileId, key: &str) -> LocalBoxFuture<'_, ()> {
        let handle = self.handles.borrow().iter().find(|(k, _)| *k == id).map(|(_, h)| h.clone());
        let kept = handle.map(|h| settled(kept_files::keep_handle(key, &h)));
        Box::pin(async move {
            if let Some(kept) = kept {
                kept.await;
            }
        })
    }

    fn forget_handle(&self, key: &str) -> LocalBoxFuture<'_, ()> {
        let forgotten = settled(kept_files::forget_handle(key));
        Box::pin(async move {
            forgotten.await;
        })
    }

    fn kept_handles(&self) -> LocalBoxFuture<'_, Vec<String>> {
        Box::pin(kept_files::keys())
    }

    fn reopen(&self, key: &str) -> LocalBoxFuture<'_, Result<NewFile, Reopen>> {
        // A task after the teacher's click, well within the activation the permission
        // prompt needs (Chromium keeps it for 5 s).
        let key = key.to_string();
        Box::pin(async move {
            match kept_files::reopen(&key).await {
                Reopened::File(picked) => Ok(self.keep_picked(picked)),
                Reopened::Denied => Err(Reopen::Denied),
                Reopened::Moved => Err(Reopen::Moved),
            }
        })
    }

    fn fire(&self, event: &HostEvent, lang: Lang) {
        let (name, detail) = match event {
            HostEvent::StateChange { file, state } => {
                ("statechange", object(&[("file", self.js_file(*file)), ("state", (*state).into())]))
            }
            HostEvent::UploadStart { file } => ("uploadstart", object(&[("file", self.js_file(*file))])),
            HostEvent::Progress { file, progress: p } => (
                "progress",
                object(&[
                    ("file", self.js_file(*file)),
                    ("loaded", (p.loaded as f64).into()),
                    ("total", (p.total as f64).into()),
                    ("bytesPerSecond", p.bytes_per_second.into()),
                    ("etaSeconds", p.eta_seconds.map(JsValue::from).unwrap_or(JsValue::NULL)),
                ]),
            ),
            HostEvent::UploadComplete { file, outcome: Outcome::Session(s) } => (
                "uploadcomplete",
                object(&[
                    ("file", self.js_file(*file)),
                    ("id", s.upload_id.as_str().into()),
                    ("sessionId", s.session_id.as_str().into()),
                    ("viewerUrl", s.viewer_url.as_str().into()),
                ]),
            ),
            HostEvent::UploadComplete { file, outcome: Outcome::Video(v) } => {
                // The server's JSON as a plain object (it came from JSON, so it parses).
                let video = js_sys::JSON::parse(&v.video.to_text()).unwrap_or(JsValue::NULL);
                let id = v.upload_id.as_str().into();
                ("uploadcomplete", object(&[("file", self.js_file(*file)), ("id", id), ("video", video)]))
            }
            HostEvent::UploadWarning { file, error } => (
                "uploadwarning",
                object(&[
                    ("file", self.js_file(*file)),
                    ("code", error.code.to_string().into()),
                    ("message", say(lang, &error.message).into()),
                ]),
            ),
            HostEvent::UploadError { file, error } => (
                "uploaderror",
                object(&[
                    ("file", file.map_or(JsValue::NULL, |f| self.js_file(f))),
                    ("code", error.code.to_string().into()),
                    ("message", say(lang, &error.message).into()),
                    ("retryable", error.retryable().into()),
                ]),
            ),
        };
        dispatch(&self.host, name, &detail);
    }

    fn render(&self, view: PageView) {
        self.surface.render(view);
    }
}
