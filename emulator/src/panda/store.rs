//! The Panda upload store. Records live in `<data-dir>/panda/index.json`, written whole (temp +
//! rename, like state.json) on every change; bytes live in `<data-dir>/panda/<id>.bin`, of which
//! only the first `held` bytes count (a rolled-back request may leave bytes after them, which
//! the next chunk overwrites). Besides the records, each upload has runtime state that is not
//! persisted: a lock serialising its requests, a running SHA-256 of its held bytes, and the
//! attempt counters of the seeded faults.

use super::model::{Record, UploadState};
use crate::state::Store;
use axum::http::{header, HeaderMap};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tokio::sync::OwnedMutexGuard;

/// What a Panda handler needs of the emulator.
#[derive(Clone)]
pub struct Env {
    pub store: Arc<Store>,
    pub uploads: Arc<Uploads>,
    pub bound: SocketAddr,
}

impl Env {
    /// `http://host:port` that locations are handed out under: the bound address, where the
    /// emulator surely is. Bound to 0.0.0.0 or :: that names no host, so then the request's Host.
    pub fn base_url(&self, headers: &HeaderMap) -> String {
        if !self.bound.ip().is_unspecified() {
            return format!("http://{}", self.bound);
        }
        match headers.get(header::HOST).and_then(|h| h.to_str().ok()) {
            Some(h) if !h.is_empty() => format!("http://{h}"),
            _ => format!("http://127.0.0.1:{}", self.bound.port()),
        }
    }
}

/// What a location key names.
pub enum Lookup {
    Current(u64),
    /// An earlier location of an upload that has moved.
    Stale(u64),
    Deleted(u64),
    Unknown,
}

/// The outcome of one request, applied at once (see [`Uploads::commit`]).
#[derive(Default)]
pub struct Commit {
    /// New held length and the SHA-256 state over exactly those bytes.
    pub held: Option<(u64, Sha256)>,
    pub received: u64,
    pub redundant: u64,
    /// The request stored bytes (a chunk that counts for `chunks` and location moves).
    pub stored: bool,
}

#[derive(Serialize, Deserialize, Default)]
struct Index {
    next_id: u64,
    uploads: Vec<Record>,
}

struct Live {
    rec: Record,
    /// SHA-256 state over exactly `rec.held` bytes; None after a restart until recomputed.
    hasher: Option<Sha256>,
    lock: Arc<tokio::sync::Mutex<()>>,
    /// Fault attempts per chunk start offset.
    attempts: HashMap<u64, u32>,
}

#[derive(Default)]
struct Inner {
    next_id: u64,
    live: BTreeMap<u64, Live>,
    /// Every key ever handed out (current and old) -> upload id.
    keys: HashMap<String, u64>,
}

pub struct Uploads {
    dir: PathBuf,
    move_after: Option<u64>,
    inner: Mutex<Inner>,
    save_lock: Mutex<()>,
}

fn live(rec: Record) -> Live {
    Live { rec, hasher: None, lock: Arc::new(tokio::sync::Mutex::new(())), attempts: HashMap::new() }
}

/// SHA-256 state over the first `len` bytes of `path`.
pub fn hash_prefix(path: &Path, len: u64) -> std::io::Result<Sha256> {
    let mut h = Sha256::new();
    if len == 0 {
        return Ok(h);
    }
    let mut f = std::fs::File::open(path)?.take(len);
    let mut buf = vec![0u8; 1 << 20];
    let mut total = 0u64;
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
        total += n as u64;
    }
    if total < len {
        return Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "the upload's data file is short"));
    }
    Ok(h)
}

impl Uploads {
    pub fn open(data_dir: &Path, move_after: Option<u64>) -> std::io::Result<Uploads> {
        let dir = data_dir.join("panda");
        std::fs::create_dir_all(&dir)?;
        let path = dir.join("index.json");
        let index: Index = match std::fs::read(&path) {
            Ok(b) => serde_json::from_slice(&b).map_err(|e| {
                std::io::Error::new(std::io::ErrorKind::InvalidData, format!("{}: {e}", path.display()))
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Index::default(),
            Err(e) => return Err(e),
        };
        let mut inner = Inner { next_id: index.next_id.max(1), ..Inner::default() };
        for mut rec in index.uploads {
            // The data file is written before the index, so it is never shorter, unless someone
            // removed it: then only what is there is held.
            let on_disk = std::fs::metadata(dir.join(format!("{}.bin", rec.id))).map(|m| m.len()).unwrap_or(0);
            if rec.state != UploadState::Deleted && on_disk < rec.held {
                rec.held = on_disk;
                rec.state = UploadState::Uploading;
                rec.sha256 = None;
            }
            inner.next_id = inner.next_id.max(rec.id + 1);
            inner.keys.insert(rec.key.clone(), rec.id);
            for k in &rec.old_keys {
                inner.keys.insert(k.clone(), rec.id);
            }
            inner.live.insert(rec.id, live(rec));
        }
        Ok(Uploads { dir, move_after, inner: Mutex::new(inner), save_lock: Mutex::new(()) })
    }

    pub fn data_path(&self, id: u64) -> PathBuf {
        self.dir.join(format!("{id}.bin"))
    }

    /// Where a form upload is received before it replaces the data file.
    pub fn form_tmp_path(&self, id: u64) -> PathBuf {
        self.dir.join(format!("{id}.form.tmp"))
    }

    /// Writes index.json (temp + rename). The save lock keeps an older snapshot from
    /// overwriting a newer one when two writers race.
    pub fn save(&self) {
        let _g = self.save_lock.lock().unwrap();
        let json = {
            let inner = self.inner.lock().unwrap();
            let index = Index { next_id: inner.next_id, uploads: inner.live.values().map(|l| l.rec.clone()).collect() };
            serde_json::to_vec_pretty(&index).unwrap_or_default()
        };
        let path = self.dir.join("index.json");
        let tmp = self.dir.join("index.json.tmp");
        if let Err(e) = std::fs::write(&tmp, json).and_then(|_| std::fs::rename(&tmp, &path)) {
            eprintln!("panopto-emulator: cannot write {}: {e}", path.display());
        }
    }

    pub fn create(&self, file_name: String, file_size: u64, now: String) -> Record {
        let rec = {
            let mut inner = self.inner.lock().unwrap();
            let id = inner.next_id;
            inner.next_id += 1;
            let key = uuid::Uuid::new_v4().simple().to_string();
            let rec = Record {
                id,
                file_name,
                file_size,
                key: key.clone(),
                old_keys: vec![],
                held: 0,
                state: UploadState::Uploading,
                sha256: None,
                chunks: 0,
                bytes_received: 0,
                bytes_redundant: 0,
                bytes_failed: 0,
                location_moves: 0,
                stale_location_requests: 0,
                token_leaks: 0,
                form_uploads: 0,
                status_queries: 0,
                stored_since_move: 0,
                created_at: now,
            };
            inner.keys.insert(key, id);
            let mut l = live(rec.clone());
            l.hasher = Some(Sha256::new());
            inner.live.insert(id, l);
            rec
        };
        self.save();
        rec
    }

    /// What `key` names. Counts a stale-location request, and a token leak when the request
    /// carried an Authorization header (the client's token must never travel to a location).
    pub fn lookup(&self, key: &str, has_auth: bool) -> Lookup {
        let mut inner = self.inner.lock().unwrap();
        let Some(id) = inner.keys.get(key).copied() else { return Lookup::Unknown };
        let Some(l) = inner.live.get_mut(&id) else { return Lookup::Unknown };
        if has_auth {
            l.rec.token_leaks += 1;
        }
        if l.rec.state == UploadState::Deleted {
            Lookup::Deleted(id)
        } else if l.rec.key != key {
            l.rec.stale_location_requests += 1;
            Lookup::Stale(id)
        } else {
            Lookup::Current(id)
        }
    }

    /// Waits for the upload's lock, then checks that `key` still is its location (an earlier
    /// request may have moved or deleted it meanwhile). Ok: the lock and the record as of now.
    pub async fn lock(&self, id: u64, key: &str) -> Result<(OwnedMutexGuard<()>, Record), Lookup> {
        let Some(m) = self.inner.lock().unwrap().live.get(&id).map(|l| l.lock.clone()) else {
            return Err(Lookup::Unknown);
        };
        let guard = m.lock_owned().await;
        let mut inner = self.inner.lock().unwrap();
        let Some(l) = inner.live.get_mut(&id) else { return Err(Lookup::Unknown) };
        if l.rec.state == UploadState::Deleted {
            return Err(Lookup::Deleted(id));
        }
        if l.rec.key != key {
            l.rec.stale_location_requests += 1;
            return Err(Lookup::Stale(id));
        }
        Ok((guard, l.rec.clone()))
    }

    pub fn get(&self, id: u64) -> Option<Record> {
        self.inner.lock().unwrap().live.get(&id).map(|l| l.rec.clone())
    }

    /// All uploads, oldest first, each with the running hash over its held bytes (if known).
    pub fn snapshot(&self) -> Vec<(Record, Option<Sha256>)> {
        self.inner.lock().unwrap().live.values().map(|l| (l.rec.clone(), l.hasher.clone())).collect()
    }

    /// Changes a record's counters and saves.
    pub fn bump(&self, id: u64, f: impl FnOnce(&mut Record)) {
        if let Some(l) = self.inner.lock().unwrap().live.get_mut(&id) {
            f(&mut l.rec);
        }
        self.save();
    }

    /// The running SHA-256 state over the held bytes, if known (see [`hash_prefix`] otherwise).
    pub fn hasher(&self, id: u64) -> Option<Sha256> {
        self.inner.lock().unwrap().live.get(&id).and_then(|l| l.hasher.clone())
    }

    /// Remembers a recomputed hash state, if the upload still holds exactly `held` bytes.
    pub fn set_hasher(&self, id: u64, held: u64, h: Sha256) {
        if let Some(l) = self.inner.lock().unwrap().live.get_mut(&id) {
            if l.rec.held == held {
                l.hasher = Some(h);
            }
        }
    }

    /// The attempt number of this request for the chunk at `offset` (0 for the first).
    pub fn next_attempt(&self, id: u64, offset: u64) -> u32 {
        let mut inner = self.inner.lock().unwrap();
        let Some(l) = inner.live.get_mut(&id) else { return 0 };
        let n = l.attempts.entry(offset).or_insert(0);
        *n += 1;
        *n - 1
    }

    /// Applies the outcome of a request and saves. Holding all `file_size` bytes makes the
    /// upload complete, with its SHA-256 fixed.
    pub fn commit(&self, id: u64, c: Commit) -> Option<Record> {
        let rec = {
            let mut inner = self.inner.lock().unwrap();
            let l = inner.live.get_mut(&id)?;
            let r = &mut l.rec;
            r.bytes_received += c.received;
            r.bytes_redundant += c.redundant;
            if c.stored {
                r.chunks += 1;
                r.stored_since_move += 1;
            }
            if let Some((held, hasher)) = c.held {
                r.held = held;
                if held == r.file_size && r.state != UploadState::Deleted {
                    r.state = UploadState::Complete;
                    r.sha256 = Some(hex::encode(hasher.clone().finalize()));
                }
                l.hasher = Some(hasher);
            }
            l.rec.clone()
        };
        self.save();
        Some(rec)
    }

    /// --panda-move-location-after: once enough storing chunks went by since the last move,
    /// gives the upload a new key and returns the record after that.
    pub fn maybe_move(&self, id: u64) -> Option<Record> {
        let n = self.move_after?;
        let rec = {
            let mut inner = self.inner.lock().unwrap();
            let l = inner.live.get_mut(&id)?;
            if l.rec.stored_since_move < n || l.rec.state == UploadState::Deleted {
                return None;
            }
            let key = uuid::Uuid::new_v4().simple().to_string();
            let old = std::mem::replace(&mut l.rec.key, key.clone());
            l.rec.old_keys.push(old);
            l.rec.location_moves += 1;
            l.rec.stored_since_move = 0;
            let rec = l.rec.clone();
            inner.keys.insert(key, id);
            rec
        };
        self.save();
        Some(rec)
    }

    /// Abort: the bytes are removed and every location of the upload answers 404 from now on.
    pub fn delete(&self, id: u64) {
        if let Some(l) = self.inner.lock().unwrap().live.get_mut(&id) {
            l.rec.state = UploadState::Deleted;
            l.rec.held = 0;
            l.rec.sha256 = None;
            l.hasher = None;
        }
        let _ = std::fs::remove_file(self.data_path(id));
        self.save();
    }
}
