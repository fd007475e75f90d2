//! The engine in the browser: a context over fetch, timers and `Math.random`, one run of a
//! queued file (its events and its result go back to the item's state machine through
//! `on_input`), and the clean-up of a discarded upload. Knows nothing of the controller.

use crate::browser::blob_file::BlobFile;
use crate::browser::clock::BrowserClock;
use crate::browser::transport::BrowserHttp;
use crate::engine::context::EngineContext;
use crate::engine::control::Control;
use crate::engine::fingerprint::Fingerprint;
use crate::engine::flow::UploadFlow;
use crate::engine::ports::{SavedUploads, UploadLocks};
use crate::engine::retry::{BackoffConfig, SeededRandom};
use crate::engine::runner::{self, Restore, Run};
use crate::engine::saver::Saver;
use crate::engine::tab_lock::lock_name;
use crate::engine::upload_record::UploadRecord;
use crate::item::Input;
use std::cell::RefCell;
use std::rc::Rc;

pub fn engine_context(control: Control) -> EngineContext {
    let seed = (js_sys::Math::random() * u64::MAX as f64) as u64;
    EngineContext::new(
        Rc::new(BrowserHttp),
        Rc::new(BrowserClock),
        control,
        BackoffConfig::default(),
        SeededRandom::new(seed),
    )
}

/// Everything one run needs, handed over by the controller.
pub struct RunJob {
    pub flow: Rc<dyn UploadFlow>,
    pub control: Control,
    pub record: Rc<RefCell<UploadRecord>>,
    pub saver: Rc<Saver>,
    pub store: Rc<dyn SavedUploads>,
    pub locks: Rc<dyn UploadLocks>,
    pub primary: BlobFile,
    pub fingerprint: Option<Fingerprint>,
    pub restore: Restore,
}

/// Run in the background; every engine event and the result go to `on_input`.
pub fn spawn_run(job: RunJob, on_input: Rc<dyn Fn(Input)>) {
    wasm_bindgen_futures::spawn_local(async move {
        let ctx = engine_context(job.control);
        let run = Run {
            ctx: &ctx,
            flow: job.flow.as_ref(),
            record: job.record,
            saver: &job.saver,
            store: job.store.as_ref(),
            locks: job.locks.as_ref(),
            file: &job.primary,
            fingerprint: job.fingerprint,
            restore: job.restore,
        };
        let emit = |event| on_input(Input::Engine(event));
        let result = runner::run(run, &emit).await;
        on_input(Input::Finished(result));
    });
}

/// Delete a record (the run's saved one, and one found when the file was added) and undo,
/// best effort, what each left on the server. A saved one that another tab has taken over
/// since it was offered here (it holds the file's lock) is that tab's now: left alone.
pub fn spawn_discard(
    flow: Rc<dyn UploadFlow>,
    store: Rc<dyn SavedUploads>,
    locks: Rc<dyn UploadLocks>,
    saver: Option<Rc<Saver>>,
    records: Vec<(Option<Fingerprint>, UploadRecord)>,
) {
    wasm_bindgen_futures::spawn_local(async move {
        if let Some(saver) = saver {
            saver.forget().await;
        }
        let ctx = engine_context(Control::new());
        for (saved_as, record) in records {
            // Held until its record is deleted and its upload undone.
            let mut _held = None;
            if let Some(fingerprint) = saved_as {
                match locks.try_hold(&lock_name(&fingerprint)).await {
                    Some(held) => _held = Some(held),
                    None => continue,
                }
                store.delete(&fingerprint.key()).await;
            }
            if record != UploadRecord::Fresh {
                flow.discard(&ctx, record).await;
            }
        }
    });
}

/// Carry out a saver's decision in the background.
pub fn spawn_save(saver: Rc<Saver>, keep: bool) {
    wasm_bindgen_futures::spawn_local(async move {
        if keep {
            saver.keep().await;
        } else {
            saver.forget().await;
        }
    });
}
