//! Persistent store of upload records (state.json) plus the single clock everything reads.
//!
//! Upload records are small and live in one JSON file written atomically (temp + rename).
//! Bulky things (objects, parts) live in their own files (see `objects.rs`, `s3/multipart_store.rs`)
//! so a 10,000-part upload never rewrites a large JSON per part. Counters bumped per S3 request are
//! flushed by a debounced background writer; state transitions are written immediately.

use crate::config::Config;
use crate::faults::Faults;
use crate::folders::tree::Tree;
use crate::manifest::summary::Summary;
use crate::oauth::grants::Grants;
use crate::tokens::Tokens;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use uuid::Uuid;

/// Upload states exactly as Panopto's `UploadStatus` enum numbers them.
pub mod st {
    pub const UPLOADING: u8 = 0;
    pub const UPLOAD_COMPLETE: u8 = 1;
    pub const UPLOAD_CANCELLED: u8 = 2;
    pub const PROCESSING: u8 = 3;
    pub const COMPLETE: u8 = 4;
    pub const PROCESSING_ERROR: u8 = 5;
    pub const DELETING_FILES: u8 = 6;
    pub const DELETED: u8 = 7;
    pub const DELETING_ERROR: u8 = 8;

    pub fn name(s: u8) -> &'static str {
        match s {
            0 => "Uploading",
            1 => "UploadComplete",
            2 => "UploadCancelled",
            3 => "Processing",
            4 => "Complete",
            5 => "ProcessingError",
            6 => "DeletingFiles",
            7 => "Deleted",
            8 => "DeletingError",
            _ => "Unknown",
        }
    }
}

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Session,
    Stream,
}

#[derive(Serialize, Deserialize, Clone, Debug, Default)]
pub struct S3Counters {
    pub verified: u64,
    pub unsigned: u64,
    pub rejected: u64,
    pub parts_received: u64,
    pub parts_received_by_number: BTreeMap<u32, u64>,
    /// UploadPart requests answered 200 (injected faults are not acknowledgements).
    #[serde(default)]
    pub parts_acked: u64,
    /// UploadPart requests for a part number that had already been acknowledged with 200 in the
    /// same multipart upload: what a resuming client must never need.
    #[serde(default)]
    pub parts_resent_after_ack: u64,
    /// Multipart UploadId -> part numbers acknowledged with 200 (kept after Complete/Abort, so a
    /// part sent again afterwards still counts).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub acked_parts: BTreeMap<String, BTreeSet<u32>>,
}

#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct TokenLeak {
    pub at: String,
    pub r#where: String,
}

#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct UploadRecord {
    pub id: Uuid,
    pub kind: Kind,
    pub folder_id: Option<Uuid>,
    pub session_id: Option<Uuid>,
    /// Streams only: the session the stream is added to.
    pub parent_session_id: Option<Uuid>,
    pub stream_type: Option<u8>,
    pub stream_start_time: Option<String>,
    pub state: u8,
    pub message_id: i32,
    pub message: Option<String>,
    pub created_at: String,
    /// Unix ms of the last state change; timers are resumed from it after a restart.
    pub state_since_ms: u64,
    /// Sessions only: IDs of stream uploads that completed onto this session.
    #[serde(default)]
    pub streams: Vec<Uuid>,
    #[serde(default)]
    pub s3: S3Counters,
    #[serde(default)]
    pub token_leaks: Vec<TokenLeak>,
    /// The user of the token that created the upload (API v1: the session's CreatedBy).
    #[serde(default)]
    pub created_by: Option<String>,
    /// Sessions, once Complete: what the manifest gave the session (name, description, videos).
    #[serde(default)]
    pub summary: Option<Summary>,
    /// Sessions: captions uploaded through API v1 `sessions/{id}/captions`, one per language
    /// (the bytes are in `captions_dir`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub captions: Vec<CaptionRecord>,
}

/// A caption file a session holds.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct CaptionRecord {
    pub file_name: String,
    /// Panopto's ContentLanguage name, e.g. `French`.
    pub language: String,
    /// `SRT` or `VTT`.
    pub format: String,
    pub size: u64,
    /// The file under `Store::captions_dir`.
    pub stored_as: String,
    pub uploaded_by: String,
    pub uploaded_at: String,
}

#[derive(Serialize, Deserialize, Default)]
struct Db {
    uploads: BTreeMap<Uuid, UploadRecord>,
}

pub struct Store {
    pub cfg: Arc<Config>,
    /// Fault injection state and its counters (not persisted).
    pub faults: Faults,
    /// Bearer tokens (issued ones persist in tokens.json).
    pub tokens: Tokens,
    /// Authorization codes and refresh tokens of the sign-in (refresh tokens persist).
    pub grants: Grants,
    /// The folder tree, fixed at start-up.
    pub folders: Tree,
    db: Mutex<Db>,
    save_lock: Mutex<()>,
    dirty: tokio::sync::Notify,
    /// Offset applied to the wall clock (--clock-skew-secs).
    clock_offset_secs: i64,
}

impl Store {
    pub fn open(cfg: Arc<Config>, folders: Tree) -> std::io::Result<Arc<Store>> {
        std::fs::create_dir_all(cfg.data_dir.join("uploads"))?;
        let path = cfg.data_dir.join("state.json");
        let db = match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
                std::io::Error::new(std::io::ErrorKind::InvalidData, format!("{}: {e}", path.display()))
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Db::default(),
            Err(e) => return Err(e),
        };
        let clock_offset_secs = cfg.clock_skew_secs;
        Ok(Arc::new(Store {
            faults: Faults::new(&cfg.faults),
            tokens: Tokens::open(&cfg)?,
            grants: Grants::open(&cfg.data_dir, cfg.oauth_code_ttl_secs)?,
            folders,
            cfg,
            db: Mutex::new(db),
            save_lock: Mutex::new(()),
            dirty: tokio::sync::Notify::new(),
            clock_offset_secs,
        }))
    }

    /// The one clock: request signing checks, Date headers, timestamps and timers all read it.
    pub fn now(&self) -> SystemTime {
        let n = SystemTime::now();
        if self.clock_offset_secs >= 0 {
            n + Duration::from_secs(self.clock_offset_secs as u64)
        } else {
            n - Duration::from_secs((-self.clock_offset_secs) as u64)
        }
    }

    pub fn now_ms(&self) -> u64 {
        self.now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0)
    }

    pub fn now_rfc3339(&self) -> String {
        let dt: chrono::DateTime<chrono::Utc> = self.now().into();
        dt.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
    }

    pub fn get(&self, id: &Uuid) -> Option<UploadRecord> {
        self.db.lock().unwrap().uploads.get(id).cloned()
    }

    /// Reads a record without cloning it.
    pub fn read<R>(&self, id: &Uuid, f: impl FnOnce(&UploadRecord) -> R) -> Option<R> {
        self.db.lock().unwrap().uploads.get(id).map(f)
    }

    pub fn all(&self) -> Vec<UploadRecord> {
        let mut v: Vec<_> = self.db.lock().unwrap().uploads.values().cloned().collect();
        v.sort_by(|a, b| a.created_at.cmp(&b.created_at).then(a.id.cmp(&b.id)));
        v
    }

    pub fn find<F: Fn(&UploadRecord) -> bool>(&self, f: F) -> Option<UploadRecord> {
        self.db.lock().unwrap().uploads.values().find(|r| f(r)).cloned()
    }

    /// Inserts a new record and writes state.json before returning.
    pub fn insert(&self, rec: UploadRecord) {
        self.db.lock().unwrap().uploads.insert(rec.id, rec);
        self.save_now();
    }

    /// Changes a record and writes state.json before returning (used for state transitions).
    pub fn update<R>(&self, id: &Uuid, f: impl FnOnce(&mut UploadRecord) -> R) -> Option<R> {
        let r = {
            let mut db = self.db.lock().unwrap();
            db.uploads.get_mut(id).map(f)
        };
        if r.is_some() {
            self.save_now();
        }
        r
    }

    /// Changes several records under one lock, so no reader sees half of a change that spans
    /// records (a stream Complete but not yet listed on its session); writes state.json.
    pub fn update_many<R>(&self, f: impl FnOnce(&mut BTreeMap<Uuid, UploadRecord>) -> R) -> R {
        let r = f(&mut self.db.lock().unwrap().uploads);
        self.save_now();
        r
    }

    /// Changes a record (counters) and schedules a debounced write.
    pub fn bump(&self, id: &Uuid, f: impl FnOnce(&mut UploadRecord)) {
        let found = {
            let mut db = self.db.lock().unwrap();
            db.uploads.get_mut(id).map(f).is_some()
        };
        if found {
            self.dirty.notify_one();
        }
    }

    pub fn save_now(&self) {
        // Holding save_lock across serialise+write keeps the file from going backwards when two
        // writers race (an older snapshot can never overwrite a newer one).
        let _g = self.save_lock.lock().unwrap();
        let json = {
            let db = self.db.lock().unwrap();
            serde_json::to_vec_pretty(&*db).unwrap_or_default()
        };
        let path = self.cfg.data_dir.join("state.json");
        let tmp = self.cfg.data_dir.join("state.json.tmp");
        let res = std::fs::write(&tmp, &json).and_then(|_| std::fs::rename(&tmp, &path));
        if let Err(e) = res {
            eprintln!("panopto-emulator: cannot write {}: {e}", path.display());
        }
    }

    /// Background writer for counter changes.
    pub fn spawn_flusher(self: &Arc<Self>) {
        let me = self.clone();
        tokio::spawn(async move {
            loop {
                me.dirty.notified().await;
                tokio::time::sleep(Duration::from_millis(50)).await;
                let m = me.clone();
                let _ = tokio::task::spawn_blocking(move || m.save_now()).await;
            }
        });
    }

    pub fn upload_dir(&self, id: &Uuid) -> PathBuf {
        self.cfg.data_dir.join("uploads").join(id.to_string())
    }
    pub fn objects_dir(&self, id: &Uuid) -> PathBuf {
        self.upload_dir(id).join("objects")
    }
    pub fn multipart_root(&self, id: &Uuid) -> PathBuf {
        self.upload_dir(id).join("multipart")
    }
    pub fn captions_dir(&self, id: &Uuid) -> PathBuf {
        self.upload_dir(id).join("captions")
    }
    pub fn tmp_dir(&self, id: &Uuid) -> PathBuf {
        self.upload_dir(id).join("tmp")
    }
}
