//! One run of a queued file through its flow, with what every flow needs around it:
//! recognise the file (its fingerprint), continue an upload of it saved before a reload if
//! there is one that fits, and save the record at checkpoints while the flow runs.
//!
//! Whether the record is kept or deleted when the run ends is the item's state machine's
//! decision (a failure a retry can resume keeps it), carried out on the same [`Saver`].

use super::context::EngineContext;
use super::error::UploadError;
use super::fingerprint::{fingerprint, Fingerprint};
use super::flow::{EngineEvent, Outcome, UploadFlow};
use super::ports::{FileSource, SavedUploads};
use super::saved_upload::{self, SavedUpload};
use super::saver::Saver;
use super::upload_record::UploadRecord;
use futures_util::future::{select, Either};
use std::cell::RefCell;
use std::rc::Rc;

/// Whether to continue an upload of this file saved earlier.
pub enum Restore {
    /// No: the teacher chose to start over.
    Never,
    /// Look for one in the store.
    Lookup,
    /// This one, found when the file was added.
    From(Box<SavedUpload>),
}

pub struct Run<'a> {
    pub ctx: &'a EngineContext,
    pub flow: &'a dyn UploadFlow,
    /// Continued where it stands: a retry after a failure carries on with it.
    pub record: Rc<RefCell<UploadRecord>>,
    pub saver: &'a Saver,
    pub store: &'a dyn SavedUploads,
    /// The file that identifies the upload (the recording).
    pub file: &'a dyn FileSource,
    /// Known already (computed when the file was added), or computed here.
    pub fingerprint: Option<Fingerprint>,
    pub restore: Restore,
}

pub async fn run(job: Run<'_>, emit: &dyn Fn(EngineEvent)) -> Result<Outcome, UploadError> {
    let Run { ctx, flow, record, saver, store, file, fingerprint: known, restore } = job;
    let fingerprint = match known {
        Some(fp) => Some(fp),
        // An unreadable file fails in the flow with a clear message; here it only means
        // there is nothing to save under.
        None => fingerprint(file).await.ok(),
    };
    if let Some(fp) = fingerprint {
        let identity = flow.identity();
        if *record.borrow() == UploadRecord::Fresh {
            let saved = match restore {
                Restore::Never => None,
                Restore::Lookup => saved_upload::find(store, &fp, ctx.now_ms()).await,
                Restore::From(saved) => Some(*saved),
            };
            match saved {
                Some(saved) if saved.fits(&identity) => *record.borrow_mut() = saved.record,
                Some(_) => store.delete(&fp.key()).await,
                None => {}
            }
        }
        saver.open(fp, identity, record.clone());
    }
    let result = match select(flow.run(ctx, &record, emit), Box::pin(saver.pump())).await {
        Either::Left((result, _)) => result,
        Either::Right((never, _)) => match never {},
    };
    result
}
