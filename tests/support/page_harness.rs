//! The page (model and executor) on the host: a fake shell that records the DOM events it is
//! asked to fire, the views it is asked to show and the effects of every input; files in
//! memory; a sign-in window that comes back with a code; all against the fake tenant, on a
//! local executor and the tenant's virtual clock.
#![allow(dead_code)] // each test file uses part of the harness

use super::engine_run::MapStore;
use super::fake_locks::FakeLocks;
use super::fake_tenant::Tenant;
use futures_executor::{LocalPool, LocalSpawner};
use futures_util::future::LocalBoxFuture;
use futures_util::task::LocalSpawnExt;
use panopto_uploader::engine::auth::sign_in::Pending;
use panopto_uploader::engine::memory_file::MemoryFile;
use panopto_uploader::engine::ports::*;
use panopto_uploader::page::executor::Executor;
use panopto_uploader::page::media::Thumb;
use panopto_uploader::page::model::Page;
use panopto_uploader::page::ports::{Ports, Shell};
use panopto_uploader::page::signals::*;
use panopto_uploader::page::unfinished::Reopen;
use panopto_uploader::page::views::{CardView, PageView};
use panopto_uploader::text::{HostTrouble, Lang};
use panopto_uploader::ui::i18n::say;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

pub use super::fake_window::{FakeWindow, REDIRECT};

/// What the element would do, recorded.
pub struct FakeShell {
    spawner: LocalSpawner,
    pub files: RefCell<HashMap<FileId, Rc<MemoryFile>>>,
    pub released: RefCell<Vec<FileId>>,
    /// `name file-id detail` of every DOM event, in order.
    pub events: RefCell<Vec<String>>,
    pub view: RefCell<Option<PageView>>,
    pub effects: RefCell<Vec<PageEffect>>,
    next: Cell<FileId>,
    pub window: Rc<FakeWindow>,
    /// Where a redirect sign-in left for, and what it kept for the way back.
    pub left: RefCell<Option<(String, Pending)>>,
    /// The answer the page came back with after a redirect sign-in.
    pub returned: RefCell<Option<(Pending, String)>>,
    /// The files that came with a handle (the picker's, a drop's).
    pub with_handle: RefCell<Vec<FileId>>,
    pub kept: Rc<KeptHandles>,
}

/// The handles the browser keeps in IndexedDB (shared by the tabs and reloads of a
/// browser), each leading to the file it was kept for.
#[derive(Default)]
pub struct KeptHandles {
    pub files: RefCell<HashMap<String, Rc<MemoryFile>>>,
    /// What reading a kept file again answers instead of the file (a denied permission, a
    /// moved file).
    pub refuse: Cell<Option<Reopen>>,
    /// How many times a permission was asked.
    pub asked: Cell<u32>,
}

impl FakeShell {
    /// A file of `len` bytes (its content from `seed`), held for the page.
    pub fn file(&self, name: &str, len: usize, seed: u8, last_modified_ms: f64) -> NewFile {
        let id = self.next.replace(self.next.get() + 1);
        let bytes = like_its_name(name, super::engine_run::data(len, seed));
        self.files.borrow_mut().insert(id, Rc::new(MemoryFile::new(name, "video/mp4", bytes)));
        NewFile { id, name: name.into(), size: len as u64, last_modified_ms }
    }

    /// The same, with a handle the browser could keep (Chromium's file picker).
    pub fn file_with_handle(&self, name: &str, len: usize, seed: u8, last_modified_ms: f64) -> NewFile {
        let file = self.file(name, len, seed, last_modified_ms);
        self.with_handle.borrow_mut().push(file.id);
        file
    }
}

/// What the media check expects of a file of that name, in its first bytes (the rest as
/// given, the length unchanged): a caption file starts as WebVTT; a recording is the sample
/// MP4's `ftyp` and `moov` and an `mdat` holding the rest.
fn like_its_name(name: &str, mut bytes: Vec<u8>) -> Vec<u8> {
    let head: Vec<u8> = if name.ends_with(".vtt") || name.ends_with(".srt") {
        b"WEBVTT\n\n00:00.000 --> 00:01.000\nx\n\n".to_vec()
    } else {
        let sample = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/e2e/fixtures/lecture-4s.mp4")).unwrap();
        let mdat = sample.windows(4).position(|w| w == b"mdat").unwrap() - 4;
        let mut head = sample[..mdat].to_vec();
        let mdat_len = u32::try_from(bytes.len().saturating_sub(mdat)).unwrap_or(0);
        head.extend_from_slice(&mdat_len.to_be_bytes());
        head.extend_from_slice(b"mdat");
        head
    };
    if bytes.len() >= head.len() {
        bytes[..head.len()].copy_from_slice(&head);
    }
    bytes
}

impl Shell for FakeShell {
    fn spawn(&self, task: LocalBoxFuture<'static, ()>) {
        self.spawner.spawn_local(task).unwrap();
    }
    fn file(&self, id: FileId) -> Option<Rc<dyn FileSource>> {
        self.files.borrow().get(&id).map(|f| f.clone() as Rc<dyn FileSource>)
    }
    fn create_upload(&self, _: FileId) -> Option<Rc<dyn CreateUpload>> {
        None
    }
    fn auth_window(&self, redirect_uri: &str) -> Rc<dyn AuthWindow> {
        assert_eq!(redirect_uri, REDIRECT);
        self.window.clone()
    }
    fn redirect_to_sign_in(&self, url: &str, pending: &Pending) -> bool {
        *self.left.borrow_mut() = Some((url.to_string(), pending.clone()));
        true
    }
    fn returned_sign_in(&self) -> Option<(Pending, String)> {
        self.returned.borrow_mut().take()
    }
    fn preview(&self, _: FileId) -> LocalBoxFuture<'static, Option<Thumb>> {
        Box::pin(async { None })
    }
    fn release(&self, files: &[FileId]) {
        self.released.borrow_mut().extend_from_slice(files);
    }
    fn keep_handle(&self, id: FileId, key: &str) -> LocalBoxFuture<'_, ()> {
        if self.with_handle.borrow().contains(&id) {
            let file = self.files.borrow()[&id].clone();
            self.kept.files.borrow_mut().insert(key.to_string(), file);
        }
        Box::pin(async {})
    }
    fn forget_handle(&self, key: &str) -> LocalBoxFuture<'_, ()> {
        self.kept.files.borrow_mut().remove(key);
        Box::pin(async {})
    }
    fn kept_handles(&self) -> LocalBoxFuture<'_, Vec<String>> {
        let keys = self.kept.files.borrow().keys().cloned().collect();
        Box::pin(async move { keys })
    }
    fn reopen(&self, key: &str) -> LocalBoxFuture<'_, Result<NewFile, Reopen>> {
        self.kept.asked.set(self.kept.asked.get() + 1);
        let found = self.kept.files.borrow().get(key).cloned();
        let result = match (self.kept.refuse.get(), found) {
            (Some(why), _) => Err(why),
            (None, None) => Err(Reopen::Moved),
            (None, Some(file)) => {
                let id = self.next.replace(self.next.get() + 1);
                let new =
                    NewFile { id, name: file.name(), size: file.size(), last_modified_ms: file.last_modified_ms() };
                self.files.borrow_mut().insert(id, file);
                self.with_handle.borrow_mut().push(id);
                Ok(new)
            }
        };
        Box::pin(async move { result })
    }
    fn fire(&self, event: &HostEvent, lang: Lang) {
        let line = match event {
            HostEvent::StateChange { file, state } => format!("statechange {file} {state}"),
            HostEvent::UploadStart { file } => format!("uploadstart {file}"),
            HostEvent::Progress { file, progress } => format!("progress {file} {}", progress.loaded),
            HostEvent::UploadComplete { file, outcome } => {
                format!("uploadcomplete {file} {}", outcome.session().map_or("", |s| s.session_id.as_str()))
            }
            HostEvent::UploadWarning { file, error } => {
                format!("uploadwarning {file} {} {}", error.code, say(lang, &error.message))
            }
            HostEvent::UploadError { file, error } => {
                format!("uploaderror {} {} {}", file.map_or(0, |f| f), error.code, say(lang, &error.message))
            }
        };
        self.events.borrow_mut().push(line);
    }
    fn render(&self, view: PageView) {
        *self.view.borrow_mut() = Some(view);
    }
    fn trace(&self, effects: &[PageEffect]) {
        self.effects.borrow_mut().extend_from_slice(effects);
    }
}

/// The page's `tokenProvider` and `tokenneeded`: a provider that gives `token`, if set.
#[derive(Default)]
pub struct FakeHost {
    pub token: RefCell<Option<String>>,
    /// `tokenneeded` fired.
    pub asked: Cell<u32>,
    /// The provider called.
    pub called: Cell<u32>,
}

impl HostTokens for FakeHost {
    fn call_provider(&self) -> LocalBoxFuture<'_, Result<String, HostTrouble>> {
        self.called.set(self.called.get() + 1);
        let t = self.token.borrow().clone();
        Box::pin(async move { t.ok_or(HostTrouble::NotAString) })
    }
    fn token_needed(&self, _expired: bool) {
        self.asked.set(self.asked.get() + 1);
    }
}

/// Unpredictable enough for a test (never all zero).
pub struct Bytes;

impl SecureRandom for Bytes {
    fn fill(&self, buf: &mut [u8]) {
        buf.iter_mut().enumerate().for_each(|(i, b)| *b = (i as u8).wrapping_mul(31).wrapping_add(7));
    }
}

/// One page, as a tab holds it.
pub struct Tab {
    pub tenant: Tenant,
    pub pool: LocalPool,
    pub shell: Rc<FakeShell>,
    pub host: Rc<FakeHost>,
    pub page: Rc<Executor>,
}

impl Tab {
    /// A page on `tenant` with `store` and `locks` (shared with the tabs and reloads of
    /// the same browser).
    pub fn open(tenant: &Tenant, store: &Rc<MapStore>, locks: &FakeLocks) -> Tab {
        Tab::open_keeping(tenant, store, locks, &Rc::default())
    }

    /// The same, in a browser that keeps file handles (`kept`, shared like `store`).
    pub fn open_keeping(tenant: &Tenant, store: &Rc<MapStore>, locks: &FakeLocks, kept: &Rc<KeptHandles>) -> Tab {
        let pool = LocalPool::new();
        let shell = Rc::new(FakeShell {
            spawner: pool.spawner(),
            files: RefCell::default(),
            released: RefCell::default(),
            events: RefCell::default(),
            view: RefCell::default(),
            effects: RefCell::default(),
            next: Cell::new(1),
            window: Rc::new(FakeWindow::new(tenant)),
            left: RefCell::default(),
            returned: RefCell::default(),
            with_handle: RefCell::default(),
            kept: kept.clone(),
        });
        let host = Rc::new(FakeHost::default());
        let ports = Ports {
            http: Rc::new(tenant.clone()),
            clock: Rc::new(tenant.clock.clone()),
            store: store.clone(),
            locks: Rc::new(locks.clone()),
            random: Rc::new(Bytes),
            host_tokens: host.clone(),
            shell: shell.clone(),
        };
        let page = Executor::new(ports, Page::new(true, REDIRECT.into()));
        Tab { tenant: tenant.clone(), pool, shell, host, page }
    }

    /// The element's attributes changed to these.
    pub fn attributes(&mut self, pairs: &[(&str, &str)]) {
        let values = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let base_url = "https://lms.example/course/1".into();
        let page_origin = "https://lms.example".into();
        self.input(PageInput::Attributes(Attributes { values, base_url, page_origin, ..Attributes::default() }));
    }

    /// Apply an input and run what can run without time passing; returns its effects.
    pub fn input(&mut self, input: PageInput) -> Vec<PageEffect> {
        self.shell.effects.borrow_mut().clear();
        self.page.input(input);
        let effects = self.shell.effects.borrow().clone();
        self.pool.run_until_stalled();
        effects
    }

    /// Let time pass until `done` holds (panics with `what` if it never does).
    pub fn until(&mut self, what: &str, done: impl Fn(&Tab) -> bool) {
        for _ in 0..100_000 {
            self.pool.run_until_stalled();
            if done(self) {
                return;
            }
            if !self.tenant.clock.fire_next() {
                break;
            }
        }
        panic!("never: {what}; events: {:#?}", self.shell.events.borrow());
    }

    /// Let time pass until nothing is waiting for it.
    pub fn settle(&mut self) {
        loop {
            self.pool.run_until_stalled();
            if !self.tenant.clock.fire_next() {
                return;
            }
        }
    }

    /// Let `ms` of virtual time pass (what is waiting for later keeps waiting).
    pub fn settle_for(&mut self, ms: f64) {
        let until = self.tenant.clock.now.get() + ms;
        while self.tenant.clock.now.get() < until {
            self.pool.run_until_stalled();
            if !self.tenant.clock.fire_next() {
                return;
            }
        }
        self.pool.run_until_stalled();
    }

    pub fn view(&self) -> PageView {
        self.page.view()
    }

    pub fn card(&self, id: FileId) -> CardView {
        self.view().cards.into_iter().find(|c| c.id == id).unwrap_or_else(|| panic!("no card {id}"))
    }

    pub fn state(&self, id: FileId) -> &'static str {
        self.card(id).state.name()
    }

    /// The DOM events fired since the last call.
    pub fn events(&self) -> Vec<String> {
        std::mem::take(&mut *self.shell.events.borrow_mut())
    }
}
