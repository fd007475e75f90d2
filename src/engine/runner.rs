//! One run of a queued file through its flow, with what every flow needs around it:
//! recognise the file (its fingerprint), continue an upload of it saved before a reload if
//! there is one that fits, and save the record at checkpoints while the flow runs.
//!
//! Whether the record is kept or deleted when the run ends is the item's state machine's
//! decision (a failure a retry can resume keeps it), carried out on the same [`Saver`].
//!
//! Before it reads the record, a run holds the file's lock across the site's tabs
//! (`tab_lock.rs`): while another tab uploads the file, this run waits; then the store is
//! the truth (that tab's record, or the outcome it left when it completed).

use super::context::EngineContext;
use super::error::UploadError;
use super::fingerprint::{fingerprint, Fingerprint};
use super::flow::{EngineEvent, Outcome, UploadFlow};
use super::ports::{FileSource, SavedUploads, UploadLocks};
use super::saved_upload::{self, SavedUpload};
use super::saver::Saver;
use super::tab_lock;
use super::upload_record::UploadRecord;
use futures_util::future::{select, Either};
use std::cell::RefCell;
use std::rc::Rc;

/// Whether to continue an upload of this file saved earlier.
#[derive(Clone, Debug, PartialEq)]
pub enum Restore {
    /// No: the teacher chose to start over.
    Never,
    /// Look for one in the store.
    Lookup,
    /// This one, found when the file was added.
    From(Box<SavedUpload>),
    /// None, and save none: a second upload of a file on purpose ("Upload again"), beside
    /// the copy that owns the file's record. It does not wait for other tabs either: the
    /// teacher asked for another session. It cannot resume after a reload.
    Copy,
}

pub struct Run<'a> {
    pub ctx: &'a EngineContext,
    pub flow: &'a dyn UploadFlow,
    /// Continued where it stands: a retry after a failure carries on with it.
    pub record: Rc<RefCell<UploadRecord>>,
    pub saver: &'a Saver,
    pub store: &'a dyn SavedUploads,
    /// One writer of the file's record across tabs.
    pub locks: &'a dyn UploadLocks,
    /// The file that identifies the upload (the recording).
    pub file: &'a dyn FileSource,
    /// Known already (computed when the file was added), or computed here.
    pub fingerprint: Option<Fingerprint>,
    pub restore: Restore,
}

pub async fn run(job: Run<'_>, emit: &dyn Fn(EngineEvent)) -> Result<Outcome, UploadError> {
    let Run { ctx, flow, record, saver, store, locks, file, fingerprint: known, restore } = job;
    let fingerprint = match (known, &restore) {
        (_, Restore::Copy) => None,
        (Some(fp), _) => Some(fp),
        // An unreadable file fails in the flow with a clear message; here it only means
        // there is nothing to save under.
        (None, _) => fingerprint(file).await.ok(),
    };
    let mut owned = None;
    if let Some(fp) = fingerprint {
        let identity = flow.identity();
        let claim = tab_lock::claim(locks, &fp, &ctx.control, emit).await?;
        let restore = match restore {
            // The other tab may have moved the upload on, or completed it: the store says.
            _ if claim.waited && !matches!(restore, Restore::Never) => {
                if let Some(outcome) = tab_lock::find_done(store, &fp, &identity, ctx.now_ms()).await {
                    return Ok(outcome);
                }
                Restore::Lookup
            }
            other => other,
        };
        // After a wait, what this run had in memory (a retry's record) may be behind what
        // the other tab did, or name an upload it cancelled: only the store counts.
        if claim.waited || *record.borrow() == UploadRecord::Fresh {
            let saved = match restore {
                Restore::Never | Restore::Copy => None,
                Restore::Lookup => saved_upload::find(store, &fp, ctx.now_ms()).await,
                Restore::From(saved) => Some(*saved),
            };
            let continued = match saved {
                Some(saved) if saved.fits(&identity) => saved.record,
                Some(_) => {
                    store.delete(&fp.key()).await;
                    UploadRecord::Fresh
                }
                None => UploadRecord::Fresh,
            };
            if claim.waited || continued != UploadRecord::Fresh {
                *record.borrow_mut() = continued;
            }
        }
        saver.open(fp.clone(), identity.clone(), record.clone());
        saver.hold_lock(claim.held);
        owned = Some((fp, identity));
    }
    let result = match select(flow.run(ctx, &record, emit), Box::pin(saver.pump())).await {
        Either::Left((result, _)) => result,
        Either::Right((never, _)) => match never {},
    };
    if let (Ok(outcome), Some((fp, identity))) = (&result, &owned) {
        // Still holding the lock (the saver releases it after the record is deleted): a
        // tab waiting for this file finds the outcome as soon as it may look.
        tab_lock::leave_done(store, fp, identity, outcome, ctx.now_ms()).await;
    }
    result
}
