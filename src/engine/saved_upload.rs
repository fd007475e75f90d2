//! Uploads saved in the browser (IndexedDB) so that a reload, a crash or a closed laptop
//! does not lose a multi-GB upload: the sessionUpload, its UploadTarget, each open
//! multipart upload with its acknowledged parts and ETags, keyed by the file's
//! [`Fingerprint`]. Never a token: tokens are short-lived secrets of the host page.
//!
//! The storage itself is a port ([`SavedUploads`]): IndexedDB in the browser, a map in
//! tests.

use super::fingerprint::Fingerprint;
use super::session::{SessionRecord, SessionSpec};
use futures_util::future::LocalBoxFuture;
use serde::{Deserialize, Serialize};

/// Records older than this are deleted: Panopto times out abandoned sessionUploads long
/// before, and a week-old half upload is not what the teacher means to continue.
pub const EXPIRY_MS: f64 = 7.0 * 24.0 * 3600.0 * 1000.0;
const VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedUpload {
    pub version: u32,
    pub fingerprint: Fingerprint,
    /// The Panopto server and folder it was going to: a record is only offered back to
    /// an element configured the same way.
    pub server: String,
    pub folder_id: String,
    pub title: String,
    pub description: Option<String>,
    /// Name and size of every file of the session, in spec order: resuming needs the
    /// same set.
    pub files: Vec<(String, u64)>,
    pub record: SessionRecord,
    pub saved_ms: f64,
}

impl SavedUpload {
    pub fn new(fingerprint: Fingerprint, server: &str, spec: &SessionSpec, record: SessionRecord, now: f64) -> Self {
        SavedUpload {
            version: VERSION,
            fingerprint,
            server: server.to_string(),
            folder_id: spec.folder_id.clone(),
            title: spec.title.clone(),
            description: spec.description.clone(),
            files: spec_files(spec),
            record,
            saved_ms: now,
        }
    }

    pub fn is_expired(&self, now_ms: f64) -> bool {
        now_ms - self.saved_ms > EXPIRY_MS
    }

    /// Whether this record can continue `spec` on `server`.
    pub fn fits(&self, server: &str, spec: &SessionSpec) -> bool {
        self.server == server && self.folder_id == spec.folder_id && self.files == spec_files(spec)
    }

    /// How many bytes the server already has (acknowledged parts and finished files).
    pub fn bytes_done(&self) -> u64 {
        self.record
            .files
            .iter()
            .map(|f| match (&f.uploaded, &f.multipart) {
                (Some(u), _) => u.size,
                (None, Some(m)) => m.parts.values().map(|p| p.size).sum(),
                _ => 0,
            })
            .sum()
    }

    pub fn total_bytes(&self) -> u64 {
        self.files.iter().map(|(_, s)| s).sum()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// `None` for anything unreadable or from another version: a broken record is
    /// dropped, never a reason to fail an upload.
    pub fn from_json(json: &str) -> Option<Self> {
        serde_json::from_str::<SavedUpload>(json).ok().filter(|s| s.version == VERSION)
    }
}

fn spec_files(spec: &SessionSpec) -> Vec<(String, u64)> {
    let mut files = vec![(spec.primary.name(), spec.primary.size())];
    files.extend(spec.secondary.iter().map(|f| (f.name(), f.size())));
    files.extend(spec.captions.iter().map(|c| (c.file.name(), c.file.size())));
    files
}

/// Where saved uploads live: key → JSON. Failures are swallowed by the implementation
/// (private browsing, quota): resuming is a bonus, never a reason to stop an upload.
pub trait SavedUploads {
    fn get(&self, key: &str) -> LocalBoxFuture<'_, Option<String>>;
    fn put(&self, key: &str, json: String) -> LocalBoxFuture<'_, ()>;
    fn delete(&self, key: &str) -> LocalBoxFuture<'_, ()>;
    fn keys(&self) -> LocalBoxFuture<'_, Vec<String>>;
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

pub async fn save(store: &dyn SavedUploads, saved: &SavedUpload) {
    store.put(&saved.fingerprint.key(), saved.to_json()).await;
}

/// Delete every expired or unreadable record. Returns how many were deleted.
pub async fn purge_expired(store: &dyn SavedUploads, now_ms: f64) -> usize {
    let mut deleted = 0;
    for key in store.keys().await {
        let keep =
            store.get(&key).await.and_then(|j| SavedUpload::from_json(&j)).is_some_and(|s| !s.is_expired(now_ms));
        if !keep {
            store.delete(&key).await;
            deleted += 1;
        }
    }
    deleted
}
