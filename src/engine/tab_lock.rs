//! One upload of a file at a time across the site's tabs and windows.
//!
//! The same file added in two tabs would otherwise make two sessions, and two savers would
//! write one saved record (it is keyed by the file's fingerprint) in turn, each undoing the
//! other's parts list. So a run holds the fingerprint's lock ([`UploadLocks`]: Web Locks in
//! the browser) from the moment it may touch the record until its last write: only the
//! holder creates anything on the server or writes the record. A second tab's run waits
//! for the lock (the item says "uploading in another tab"); the browser releases a closed
//! tab's locks itself, and the waiting run then continues from the record the first one
//! saved (ListParts finds what it acknowledged since), so nothing acknowledged is sent again.
//!
//! If the first tab *completed* the upload meanwhile, its record is deleted, and the waiting
//! run would find nothing and upload the file again. So the completing run leaves a
//! short-lived marker beside the record — the outcome (session and viewer URL, or Panda's
//! video), for the same place and files — before it releases the lock; a run that waited
//! ends with that outcome instead of uploading. Only a run that *waited* reads it: a file
//! added again later, in the same tab or another, is the teacher asking for another upload
//! (as after removing a completed card), not the one that just ended.

use super::control::Control;
use super::error::UploadError;
use super::fingerprint::Fingerprint;
use super::flow::{EngineEvent, FlowIdentity, Outcome};
use super::ports::{HeldLock, SavedUploads, UploadLocks};
use crate::core::json::{object, Fields, FromJson, Json, JsonError, ToJson};
use futures_util::future::{select, Either};

/// How long a completion marker is read: long enough for a waiting tab to take the lock
/// (it is granted as the first tab's record is deleted), short enough that it never stands
/// for an upload the teacher has forgotten about.
pub const DONE_TTL_MS: f64 = 10.0 * 60.0 * 1000.0;
const DONE_PREFIX: &str = "done|";
const VERSION: u32 = 1;

/// The lock's name for uploads of this file (Web Locks are per origin: this element's
/// prefix keeps it apart from the page's own locks).
pub fn lock_name(fingerprint: &Fingerprint) -> String {
    format!("panopto-uploader {}", fingerprint.key())
}

/// The lock, held.
pub struct Claim {
    pub held: HeldLock,
    /// Another tab held it first: this run waited, and what it finds in the store now is
    /// what that tab left.
    pub waited: bool,
}

/// Hold the file's lock: at once if no one holds it; otherwise tell the item
/// ([`EngineEvent::Elsewhere`]`(true)`), wait until the other tab releases it or closes —
/// or until the teacher cancels here — and tell the item it is this run's now.
pub async fn claim(
    locks: &dyn UploadLocks,
    fingerprint: &Fingerprint,
    control: &Control,
    emit: &dyn Fn(EngineEvent),
) -> Result<Claim, UploadError> {
    let name = lock_name(fingerprint);
    if let Some(held) = locks.try_hold(&name).await {
        return Ok(Claim { held, waited: false });
    }
    emit(EngineEvent::Elsewhere(true));
    let held = match select(locks.hold(&name), Box::pin(cancelled(control))).await {
        Either::Left((held, _)) => held,
        // Dropping the wait gives up its place in the lock's queue.
        Either::Right(_) => return Err(UploadError::cancelled()),
    };
    emit(EngineEvent::Elsewhere(false));
    Ok(Claim { held, waited: true })
}

/// Resolves once the run is cancelled (a pause while waiting changes nothing: there is
/// nothing running here to pause).
async fn cancelled(control: &Control) {
    loop {
        if control.running().await.is_err() {
            return;
        }
        control.signal().aborted().await;
    }
}

/// What a completed upload leaves for a tab that waited for it.
#[derive(Clone, Debug, PartialEq)]
struct DoneMarker {
    version: u32,
    destination: String,
    files: Vec<(String, u64)>,
    outcome: Outcome,
    /// Whole ms, as `SavedUpload::saved_ms`.
    saved_ms: f64,
}

impl FromJson for DoneMarker {
    fn from_json(v: &Json) -> Result<Self, JsonError> {
        let f = Fields::of(v, "DoneMarker")?;
        Ok(DoneMarker {
            version: f.get("version")?,
            destination: f.get("destination")?,
            files: f.get("files")?,
            outcome: f.get("outcome")?,
            saved_ms: f.value("saved_ms")?.as_whole_ms().ok_or_else(|| JsonError::new("saved_ms: not a time in ms"))?,
        })
    }
}

impl ToJson for DoneMarker {
    fn to_json(&self) -> Json {
        Json::Object(object([
            ("version", self.version.to_json()),
            ("destination", self.destination.to_json()),
            ("files", self.files.to_json()),
            ("outcome", self.outcome.to_json()),
            ("saved_ms", Json::whole_ms(self.saved_ms)),
        ]))
    }
}

/// The store key of the marker for this file (beside its record's key, never the same).
pub fn done_key(fingerprint: &Fingerprint) -> String {
    format!("{DONE_PREFIX}{}", fingerprint.key())
}

/// Whether `key` holds a marker, and whether it is still to be kept (for the purge of
/// expired records, which would otherwise drop it as an unreadable record).
pub fn is_live_marker(key: &str, json: Option<&str>, now_ms: f64) -> Option<bool> {
    key.starts_with(DONE_PREFIX).then(|| json.and_then(read).is_some_and(|m| now_ms - m.saved_ms <= DONE_TTL_MS))
}

fn read(json: &str) -> Option<DoneMarker> {
    crate::core::json::from_str::<DoneMarker>(json).ok().filter(|m| m.version == VERSION)
}

/// Leave the marker (the run still holds the lock: it is written before any waiting tab
/// can look).
pub async fn leave_done(
    store: &dyn SavedUploads,
    fingerprint: &Fingerprint,
    identity: &FlowIdentity,
    outcome: &Outcome,
    now_ms: f64,
) {
    let marker = DoneMarker {
        version: VERSION,
        destination: identity.destination.clone(),
        files: identity.files.clone(),
        outcome: outcome.clone(),
        saved_ms: now_ms,
    };
    if let Ok(json) = crate::core::json::to_string(&marker) {
        store.put(&done_key(fingerprint), json).await;
    }
}

/// The outcome another tab left for this file, if it is recent and for the same place and
/// files (the same file uploaded elsewhere is not this upload).
pub async fn find_done(
    store: &dyn SavedUploads,
    fingerprint: &Fingerprint,
    identity: &FlowIdentity,
    now_ms: f64,
) -> Option<Outcome> {
    let marker = read(&store.get(&done_key(fingerprint)).await?)?;
    let fits = marker.destination == identity.destination && marker.files == identity.files;
    if !fits || now_ms - marker.saved_ms > DONE_TTL_MS {
        return None;
    }
    Some(marker.outcome)
}
