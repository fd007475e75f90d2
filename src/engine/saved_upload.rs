//! Uploads saved in the browser (IndexedDB) so that a reload, a crash or a closed laptop
//! does not lose a multi-GB upload: the flow's [`UploadRecord`] (for a session: the
//! sessionUpload, its UploadTarget, each open multipart upload with its acknowledged parts
//! and ETags), keyed by the file's [`Fingerprint`]. Never a token: tokens are short-lived
//! secrets of the host page.
//!
//! The storage itself is the [`SavedUploads`] port: IndexedDB in the browser, a map in tests.

use super::fingerprint::Fingerprint;
use super::flow::FlowIdentity;
use super::ports::SavedUploads;
use super::upload_record::UploadRecord;
use serde::{Deserialize, Serialize};

/// Records older than this are deleted: Panopto times out abandoned sessionUploads long
/// before, and a week-old half upload is not what the teacher means to continue.
pub const EXPIRY_MS: f64 = 7.0 * 24.0 * 3600.0 * 1000.0;
/// Records of another version are dropped (2: the record became enums, one per flow).
const VERSION: u32 = 2;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedUpload {
    pub version: u32,
    pub fingerprint: Fingerprint,
    /// Where it was going and with which files: a record is only offered back to an
    /// upload of the same files to the same place.
    pub identity: FlowIdentity,
    pub record: UploadRecord,
    pub saved_ms: f64,
}

impl SavedUpload {
    pub fn new(fingerprint: Fingerprint, identity: FlowIdentity, record: UploadRecord, now_ms: f64) -> Self {
        SavedUpload { version: VERSION, fingerprint, identity, record, saved_ms: now_ms }
    }

    pub fn is_expired(&self, now_ms: f64) -> bool {
        now_ms - self.saved_ms > EXPIRY_MS
    }

    /// Whether this record can continue an upload that has `identity`.
    pub fn fits(&self, identity: &FlowIdentity) -> bool {
        self.identity.destination == identity.destination && self.identity.files == identity.files
    }

    /// How much of the files the server already has, in whole percent.
    pub fn percent_done(&self) -> u32 {
        let total = self.identity.total_bytes();
        (self.record.bytes_done(total).min(total) * 100).checked_div(total).unwrap_or(100) as u32
    }

    pub fn to_json(&self) -> String {
        crate::core::json::to_string(self).unwrap_or_default()
    }

    /// `None` for anything unreadable or from another version: a broken record is
    /// dropped, never a reason to fail an upload.
    pub fn from_json(json: &str) -> Option<Self> {
        crate::core::json::from_str::<SavedUpload>(json).ok().filter(|s| s.version == VERSION)
    }
}

/// The saved upload for `fingerprint`, if it is readable, not expired and the same file.
pub async fn find(store: &dyn SavedUploads, fingerprint: &Fingerprint, now_ms: f64) -> Option<SavedUpload> {
    let key = fingerprint.key();
    let json = store.get(&key).await?;
    match SavedUpload::from_json(&json) {
        Some(s) if !s.is_expired(now_ms) && s.fingerprint == *fingerprint => Some(s),
        _ => {
            store.delete(&key).await;
            None
        }
    }
}

/// Delete every expired or unreadable record (and expired completion markers, which
/// `tab_lock.rs` leaves beside them). Returns how many were deleted.
pub async fn purge_expired(store: &dyn SavedUploads, now_ms: f64) -> usize {
    sweep(store, now_ms, |_, _| {}).await
}

/// [`purge_expired`], handing each record that stays to `each` (its key and the record):
/// the page's list of unfinished uploads reads every record once, not a second time after
/// the purge (a record of a long upload is hundreds of KB of JSON).
pub async fn sweep(store: &dyn SavedUploads, now_ms: f64, mut each: impl FnMut(&str, &SavedUpload)) -> usize {
    let mut deleted = 0;
    for key in store.keys().await {
        let json = store.get(&key).await;
        let keep = match super::tab_lock::is_live_marker(&key, json.as_deref(), now_ms) {
            Some(live) => live,
            None => match json.and_then(|j| SavedUpload::from_json(&j)).filter(|s| !s.is_expired(now_ms)) {
                Some(saved) => {
                    each(&key, &saved);
                    true
                }
                None => false,
            },
        };
        if !keep {
            store.delete(&key).await;
            deleted += 1;
        }
    }
    deleted
}
