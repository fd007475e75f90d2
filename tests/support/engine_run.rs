//! The engine under test: one session upload against the fake Panopto, driven by a local
//! executor and the fake's virtual clock.
#![allow(dead_code)] // each test file uses part of the harness

use super::fake_panopto::*;
use futures_executor::LocalPool;
use futures_util::future::LocalBoxFuture;
use futures_util::task::LocalSpawnExt;
use panopto_uploader::core::panopto_rest::PanoptoServer;
use panopto_uploader::engine::context::EngineContext;
use panopto_uploader::engine::control::Control;
use panopto_uploader::engine::error::UploadError;
use panopto_uploader::engine::flow::{EngineEvent, Outcome, UploadFlow};
use panopto_uploader::engine::memory_file::MemoryFile;
use panopto_uploader::engine::ports::*;
use panopto_uploader::engine::record::{FileRecord, MultipartState};
use panopto_uploader::engine::retry::{BackoffConfig, SeededRandom};
use panopto_uploader::engine::session::record::{SessionRecord, Slot};
use panopto_uploader::engine::session::spec::{Caption, SessionSpec, UploadOptions};
use panopto_uploader::engine::session::SessionFlow;
use panopto_uploader::engine::upload_record::UploadRecord;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// Like the element's token source: hands out the current token, and a fresh one (which
/// then becomes current) when asked to refresh.
pub struct Tokens {
    pub refreshed: Cell<u32>,
    pub first: &'static str,
}

impl TokenSource for Tokens {
    fn token(&self, refresh: bool) -> LocalBoxFuture<'_, Result<String, UploadError>> {
        if refresh {
            self.refreshed.set(self.refreshed.get() + 1);
        }
        let t = if self.refreshed.get() > 0 { "fresh-token" } else { self.first };
        Box::pin(async move { Ok(t.to_string()) })
    }
    fn optional(&self) -> LocalBoxFuture<'_, Result<Option<String>, UploadError>> {
        Box::pin(async move { self.token(false).await.map(Some) })
    }
}

pub fn data(len: usize, seed: u8) -> Vec<u8> {
    (0..len).map(|i| (i as u32).wrapping_mul(2654435761).wrapping_add(seed as u32).to_le_bytes()[3]).collect()
}

pub struct Run {
    pub record: Rc<RefCell<UploadRecord>>,
    /// The record at every checkpoint, as the saver would have seen it.
    pub checkpoints: Rc<RefCell<Vec<UploadRecord>>>,
    pub fake: FakePanopto,
    pub control: Control,
    pub result: Rc<RefCell<Option<Result<Outcome, UploadError>>>>,
    pub events: Rc<RefCell<Vec<EngineEvent>>>,
    pub tokens: Rc<Tokens>,
    pub pool: LocalPool,
    pub ctx: Rc<EngineContext>,
}

pub fn spec(primary: Vec<u8>, caption: Option<Vec<u8>>) -> SessionSpec {
    SessionSpec {
        folder_id: FOLDER.into(),
        title: "Week 1 <intro> & \"more\" 🎓".into(),
        description: Some("desc".into()),
        primary: Rc::new(MemoryFile::new("lecture 1.mp4", "video/mp4", primary)),
        secondary: None,
        captions: caption
            .into_iter()
            .map(|c| Caption {
                file: Rc::new(MemoryFile::new("lecture 1.en.vtt", "text/vtt", c)) as Rc<dyn FileSource>,
                language: Some("en-US".into()),
            })
            .collect(),
    }
}

pub fn context(fake: &FakePanopto, control: Control) -> EngineContext {
    EngineContext::new(
        Rc::new(fake.clone()),
        Rc::new(fake.clock.clone()),
        control,
        BackoffConfig::default(),
        SeededRandom::new(7),
    )
}

pub fn flow(spec: SessionSpec, tokens: Rc<Tokens>) -> SessionFlow {
    SessionFlow { server: PanoptoServer::new("http://fake").unwrap(), tokens, spec, options: UploadOptions::default() }
}

pub fn start(fake: FakePanopto, spec: SessionSpec, first_token: &'static str) -> Run {
    start_with(fake, spec, first_token, Rc::new(RefCell::new(UploadRecord::Fresh)))
}

pub fn start_with(
    fake: FakePanopto,
    spec: SessionSpec,
    first_token: &'static str,
    record: Rc<RefCell<UploadRecord>>,
) -> Run {
    start_flow(fake, move |tokens| Box::new(flow(spec, tokens)), first_token, record)
}

/// Any flow (made with the run's token source) against the fake.
pub fn start_flow(
    fake: FakePanopto,
    make: impl FnOnce(Rc<Tokens>) -> Box<dyn UploadFlow>,
    first_token: &'static str,
    record: Rc<RefCell<UploadRecord>>,
) -> Run {
    let control = Control::new();
    let result = Rc::new(RefCell::new(None));
    let events = Rc::new(RefCell::new(Vec::new()));
    let checkpoints = Rc::new(RefCell::new(Vec::new()));
    let tokens = Rc::new(Tokens { refreshed: Cell::new(0), first: first_token });
    let pool = LocalPool::new();
    let ctx = Rc::new(context(&fake, control.clone()));
    let flow = make(tokens.clone());
    let (r, e, rec, c, cp) = (result.clone(), events.clone(), record.clone(), ctx.clone(), checkpoints.clone());
    pool.spawner()
        .spawn_local(async move {
            let emit = |ev: EngineEvent| {
                if ev == EngineEvent::Checkpoint {
                    cp.borrow_mut().push(rec.borrow().clone());
                }
                e.borrow_mut().push(ev);
            };
            let out = flow.run(&c, &rec, &emit).await;
            *r.borrow_mut() = Some(out);
        })
        .unwrap();
    Run { record, checkpoints, fake, control, result, events, tokens, pool, ctx }
}

impl Run {
    pub fn finish(mut self) -> (Result<Outcome, UploadError>, Self) {
        // Run until nothing can move without time passing, then let time pass.
        loop {
            self.pool.run_until_stalled();
            if self.result.borrow().is_some() || !self.fake.clock.fire_next() {
                break;
            }
        }
        let r = self.result.borrow_mut().take().expect("the upload finished");
        (r, self)
    }

    pub fn progress(&self) -> Vec<u64> {
        self.events
            .borrow()
            .iter()
            .filter_map(|e| if let EngineEvent::Progress(p) = e { Some(p.loaded) } else { None })
            .collect()
    }

    pub fn count(&self, method: &str, needle: &str) -> usize {
        self.fake.seen().iter().filter(|s| s.method == method && s.url.contains(needle)).count()
    }

    pub fn session(&self) -> Option<SessionRecord> {
        session_of(&self.record.borrow())
    }
}

pub fn session_of(record: &UploadRecord) -> Option<SessionRecord> {
    match record {
        UploadRecord::Session(s) => Some(s.as_ref().clone()),
        _ => None,
    }
}

/// The open multipart upload of the session's file `i`.
pub fn open_upload(record: &UploadRecord, i: usize) -> Option<MultipartState> {
    match session_of(record)?.file(Slot::File(i)) {
        FileRecord::Open(state) => Some(state),
        _ => None,
    }
}

/// Change the open multipart upload of the session's file `i` (to fake an older save).
pub fn edit_open_upload(record: &mut UploadRecord, i: usize, edit: impl FnOnce(&mut MultipartState)) {
    if let UploadRecord::Session(session) = record {
        if let SessionRecord::Uploading { files, .. } = session.as_mut() {
            if let Some(FileRecord::Open(state)) = files.get_mut(i) {
                edit(state);
                return;
            }
        }
    }
    panic!("file {i} has no open multipart upload in {record:?}");
}

/// Start an upload, let `parts` parts through, then hold the rest in flight and
/// "close the page": the engine is dropped mid-transfer. Returns the record as the
/// last checkpoint saved it (through JSON, as IndexedDB holds it).
pub fn interrupted_after(fake: &FakePanopto, media: &[u8], parts: usize) -> UploadRecord {
    fake.hold_after_parts(parts);
    let mut run = start(fake.clone(), spec(media.to_vec(), None), "good-token");
    run.pool.run_until_stalled();
    let json = panopto_uploader::core::json::to_string(run.checkpoints.borrow().last().unwrap()).unwrap();
    assert!(run.result.borrow().is_none(), "interrupted mid-upload");
    drop(run); // the tab closes: requests in flight vanish unanswered
    fake.faults.borrow_mut().clear();
    fake.set_hold(false);
    panopto_uploader::core::json::from_str(&json).unwrap()
}

/// The saved-uploads store as a map (IndexedDB in the browser).
#[derive(Default)]
pub struct MapStore(pub RefCell<std::collections::BTreeMap<String, String>>);

impl SavedUploads for MapStore {
    fn get(&self, key: &str) -> LocalBoxFuture<'_, Option<String>> {
        let v = self.0.borrow().get(key).cloned();
        Box::pin(async move { v })
    }
    fn put(&self, key: &str, json: String) -> LocalBoxFuture<'_, ()> {
        self.0.borrow_mut().insert(key.to_string(), json);
        Box::pin(async {})
    }
    fn delete(&self, key: &str) -> LocalBoxFuture<'_, ()> {
        self.0.borrow_mut().remove(key);
        Box::pin(async {})
    }
    fn keys(&self) -> LocalBoxFuture<'_, Vec<String>> {
        let k = self.0.borrow().keys().cloned().collect();
        Box::pin(async move { k })
    }
}

/// A file that, like the browser's, hands out slices for the transport to send and feeds
/// its checksums in chunks (of an odd size, so part boundaries fall inside chunks).
pub struct SlicedFile {
    pub inner: MemoryFile,
    bytes: Vec<u8>,
    pub chunk: usize,
    /// How many chunks were fed, and the most bytes read at once.
    pub chunks_fed: Cell<usize>,
    pub whole_reads: Cell<usize>,
}

impl SlicedFile {
    pub fn new(name: &str, bytes: Vec<u8>) -> Self {
        SlicedFile {
            inner: MemoryFile::new(name, "video/mp4", bytes.clone()),
            bytes,
            chunk: 65_521,
            chunks_fed: Cell::new(0),
            whole_reads: Cell::new(0),
        }
    }
}

impl FileSource for SlicedFile {
    fn name(&self) -> String {
        self.inner.name()
    }
    fn size(&self) -> u64 {
        self.inner.size()
    }
    fn last_modified_ms(&self) -> f64 {
        0.0
    }
    fn content_type(&self) -> String {
        self.inner.content_type()
    }
    fn read(&self, start: u64, end: u64) -> LocalBoxFuture<'_, Result<Vec<u8>, FileError>> {
        self.whole_reads.set(self.whole_reads.get() + 1);
        self.inner.read(start, end)
    }
    fn read_chunks<'a>(
        &'a self,
        start: u64,
        end: u64,
        sink: &'a mut dyn FnMut(&[u8]),
    ) -> LocalBoxFuture<'a, Result<u64, FileError>> {
        Box::pin(async move {
            let bytes = self.inner.read(start, end).await?;
            for c in bytes.chunks(self.chunk) {
                self.chunks_fed.set(self.chunks_fed.get() + 1);
                sink(c);
            }
            Ok(bytes.len() as u64)
        })
    }
    fn slice(&self, start: u64, end: u64) -> Option<FileSlice> {
        let bytes = self.bytes.get(start as usize..end as usize)?.to_vec();
        Some(FileSlice { handle: Rc::new(bytes), len: end - start })
    }
}
