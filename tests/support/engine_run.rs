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
use panopto_uploader::engine::memory_file::MemoryFile;
use panopto_uploader::engine::ports::*;
use panopto_uploader::engine::retry::{seeded_random, BackoffConfig};
use panopto_uploader::engine::session::*;
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
}

pub fn data(len: usize, seed: u8) -> Vec<u8> {
    (0..len).map(|i| (i as u32).wrapping_mul(2654435761).wrapping_add(seed as u32).to_le_bytes()[3]).collect()
}

pub struct Run {
    pub record: Rc<RefCell<SessionRecord>>,
    pub fake: FakePanopto,
    pub control: Control,
    pub result: Rc<RefCell<Option<Result<SessionOutcome, UploadError>>>>,
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

pub fn start(fake: FakePanopto, spec: SessionSpec, first_token: &'static str) -> Run {
    start_with(fake, spec, first_token, Rc::new(RefCell::new(SessionRecord::default())))
}

pub fn start_with(
    fake: FakePanopto,
    spec: SessionSpec,
    first_token: &'static str,
    record: Rc<RefCell<SessionRecord>>,
) -> Run {
    let control = Control::new();
    let result = Rc::new(RefCell::new(None));
    let events = Rc::new(RefCell::new(Vec::new()));
    let tokens = Rc::new(Tokens { refreshed: Cell::new(0), first: first_token });
    let pool = LocalPool::new();
    let ctx = Rc::new(EngineContext::new(
        Rc::new(fake.clone()),
        Rc::new(fake.clock.clone()),
        control.clone(),
        BackoffConfig::default(),
        seeded_random(7),
    ));
    let (r, e, t, rec, c) = (result.clone(), events.clone(), tokens.clone(), record.clone(), ctx.clone());
    pool.spawner()
        .spawn_local(async move {
            let server = PanoptoServer::new("http://fake").unwrap();
            let emit = |ev: EngineEvent| e.borrow_mut().push(ev);
            let out = run_session_upload(&c, &server, t.as_ref(), &spec, &UploadOptions::default(), &rec, &emit).await;
            *r.borrow_mut() = Some(out);
        })
        .unwrap();
    Run { record, fake, control, result, events, tokens, pool, ctx }
}

impl Run {
    pub fn finish(mut self) -> (Result<SessionOutcome, UploadError>, Self) {
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
