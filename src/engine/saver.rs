//! Saving an upload's record while it runs, so a reload can resume it.
//!
//! A flow reports a checkpoint at every change (a part acknowledged every few milliseconds
//! on a fast link); writing the whole record each time would cost more than the upload.
//! Saves are throttled to one per second, the first one at once (the upload exists on the
//! server from then on), with a trailing save for the last change. A part acknowledged
//! after the last save is not lost: on resume, ListParts finds it (see `reconcile.rs`).
//!
//! Time comes from the [`Clock`] port and storage from [`SavedUploads`], so the throttling
//! is tested on the host with virtual time. The pending save runs inside the upload's own
//! task ([`Saver::pump`], raced against the flow by the runner): no timer outlives a run.
//!
//! The saver also keeps the file's lock across tabs (`tab_lock.rs`) until its last write:
//! the item decides to keep or delete the record only after the run ends, and another tab
//! must not take the record over before that write is done.

use super::fingerprint::Fingerprint;
use super::flow::FlowIdentity;
use super::ports::{Clock, HeldLock, SavedUploads};
use super::saved_upload::SavedUpload;
use super::upload_record::UploadRecord;
use std::cell::RefCell;
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

pub const INTERVAL_MS: f64 = 1_000.0;

struct Target {
    fingerprint: Fingerprint,
    identity: FlowIdentity,
    record: Rc<RefCell<UploadRecord>>,
}

#[derive(Default)]
struct Inner {
    target: Option<Target>,
    last_ms: Option<f64>,
    dirty: bool,
    /// The record was deleted: nothing may be written after that.
    forgotten: bool,
    waker: Option<Waker>,
    /// The file's lock across tabs, released after the last write (or when the saver is
    /// dropped).
    lock: Option<HeldLock>,
}

pub struct Saver {
    store: Rc<dyn SavedUploads>,
    clock: Rc<dyn Clock>,
    inner: RefCell<Inner>,
}

impl Saver {
    pub fn new(store: Rc<dyn SavedUploads>, clock: Rc<dyn Clock>) -> Self {
        Saver { store, clock, inner: RefCell::default() }
    }

    /// What to save: `record`, under the file's fingerprint. Until this is called (the
    /// fingerprint could not be read) nothing is saved.
    pub fn open(&self, fingerprint: Fingerprint, identity: FlowIdentity, record: Rc<RefCell<UploadRecord>>) {
        self.inner.borrow_mut().target = Some(Target { fingerprint, identity, record });
    }

    /// The key the record is saved under (`None` until [`Self::open`]).
    pub fn key(&self) -> Option<String> {
        self.inner.borrow().target.as_ref().map(|t| t.fingerprint.key())
    }

    /// Keep the file's lock until the record's last write ([`Self::keep`] or
    /// [`Self::forget`]).
    pub fn hold_lock(&self, lock: HeldLock) {
        self.inner.borrow_mut().lock = Some(lock);
    }

    /// The record changed.
    pub fn checkpoint(&self) {
        let waker = {
            let mut inner = self.inner.borrow_mut();
            inner.dirty = true;
            inner.waker.take()
        };
        if let Some(w) = waker {
            w.wake();
        }
    }

    /// Writes the record after checkpoints, at most once per [`INTERVAL_MS`]. Runs as
    /// long as the upload does (the runner drops it when the flow ends).
    pub async fn pump(&self) -> Infallible {
        loop {
            Dirty(self).await;
            let last = self.inner.borrow().last_ms;
            if let Some(last) = last {
                let wait = last + INTERVAL_MS - self.clock.now_ms();
                if wait > 0.0 {
                    self.clock.sleep(wait.ceil() as u32).await;
                }
            }
            self.save_now().await;
        }
    }

    /// Write the record as it is now (a failure a retry or a reload can resume).
    pub async fn save_now(&self) {
        let now = self.clock.now_ms();
        let (key, saved) = {
            let mut inner = self.inner.borrow_mut();
            inner.dirty = false;
            let Some(t) = inner.target.as_ref().filter(|_| !inner.forgotten) else { return };
            let saved = SavedUpload::new(t.fingerprint.clone(), t.identity.clone(), t.record.borrow().clone(), now);
            (t.fingerprint.key(), saved)
        };
        self.inner.borrow_mut().last_ms = Some(now);
        self.store.put(&key, saved.to_json()).await;
    }

    /// The run failed in a way a retry or a reload resumes: write the record a last time,
    /// then let another tab take it over.
    pub async fn keep(&self) {
        self.save_now().await;
        self.release();
    }

    /// The upload is over (complete, cancelled, failed for good): delete its record, never
    /// write it again, and let another tab have the file.
    pub async fn forget(&self) {
        let key = {
            let mut inner = self.inner.borrow_mut();
            inner.forgotten = true;
            inner.target.as_ref().map(|t| t.fingerprint.key())
        };
        if let Some(key) = key {
            self.store.delete(&key).await;
        }
        self.release();
    }

    fn release(&self) {
        let lock = self.inner.borrow_mut().lock.take();
        drop(lock);
    }
}

struct Dirty<'a>(&'a Saver);

impl Future for Dirty<'_> {
    type Output = ();
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut inner = self.0.inner.borrow_mut();
        if inner.dirty && !inner.forgotten {
            Poll::Ready(())
        } else {
            inner.waker = Some(cx.waker().clone());
            Poll::Pending
        }
    }
}
