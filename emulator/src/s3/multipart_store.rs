//! On-disk state of in-progress multipart uploads: `uploads/<ID>/multipart/<UploadId>/` holds
//! `meta.json` and, per part, `part-NNNNN.bin` + a small `part-NNNNN.json` sidecar. Nothing is
//! kept in memory, so a restarted emulator can still complete an upload, and a 10,000-part upload
//! never rewrites one big file per part.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct MpuMeta {
    pub upload_id: String,
    /// Key relative to the upload prefix.
    pub key: String,
    pub initiated: String,
    pub content_type: Option<String>,
}

#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct PartMeta {
    pub part_number: u32,
    pub size: u64,
    pub md5_hex: String,
    pub sha256: String,
    pub last_modified: String,
}

/// Serialises the two renames that publish a part so a concurrent re-upload of the same part
/// number cannot leave data and sidecar from different uploads.
static PUBLISH: Mutex<()> = Mutex::new(());

/// Upload IDs we hand out are 32 lower-case hex digits; anything else cannot exist and must never
/// reach the filesystem (`../` etc.).
pub fn valid_upload_id(s: &str) -> bool {
    s.len() == 32 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn dir(root: &Path, uid: &str) -> PathBuf {
    root.join(uid)
}

pub fn create(root: &Path, key: &str, content_type: Option<String>, now: String) -> std::io::Result<MpuMeta> {
    let uid = uuid::Uuid::new_v4().simple().to_string();
    let d = dir(root, &uid);
    std::fs::create_dir_all(&d)?;
    let meta = MpuMeta { upload_id: uid, key: key.to_string(), initiated: now, content_type };
    std::fs::write(d.join("meta.json"), serde_json::to_vec(&meta)?)?;
    Ok(meta)
}

pub fn load(root: &Path, uid: &str) -> Option<MpuMeta> {
    if !valid_upload_id(uid) {
        return None;
    }
    let bytes = std::fs::read(dir(root, uid).join("meta.json")).ok()?;
    serde_json::from_slice(&bytes).ok()
}

pub fn part_tmp(root: &Path, uid: &str, n: u32) -> PathBuf {
    dir(root, uid).join(format!("part-{n:05}.{}.tmp", uuid::Uuid::new_v4().simple()))
}

pub fn part_data(root: &Path, uid: &str, n: u32) -> PathBuf {
    dir(root, uid).join(format!("part-{n:05}.bin"))
}

pub fn commit_part(root: &Path, uid: &str, tmp: &Path, meta: &PartMeta) -> std::io::Result<()> {
    let d = dir(root, uid);
    let json_tmp = d.join(format!("part-{:05}.{}.jtmp", meta.part_number, uuid::Uuid::new_v4().simple()));
    std::fs::write(&json_tmp, serde_json::to_vec(meta)?)?;
    let _g = PUBLISH.lock().unwrap();
    if !d.join("meta.json").exists() {
        // Aborted or completed while the part was in flight.
        let _ = std::fs::remove_file(&json_tmp);
        let _ = std::fs::remove_file(tmp);
        return Err(std::io::Error::new(std::io::ErrorKind::NotFound, "upload is gone"));
    }
    std::fs::rename(tmp, part_data(root, uid, meta.part_number))?;
    std::fs::rename(json_tmp, d.join(format!("part-{:05}.json", meta.part_number)))
}

/// Parts sorted by number.
pub fn parts(root: &Path, uid: &str) -> Vec<PartMeta> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir(root, uid)) {
        for e in rd.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with("part-") && name.ends_with(".json") && name.len() == "part-00000.json".len() {
                if let Ok(b) = std::fs::read(e.path()) {
                    if let Ok(m) = serde_json::from_slice::<PartMeta>(&b) {
                        out.push(m);
                    }
                }
            }
        }
    }
    out.sort_by_key(|p| p.part_number);
    out
}

pub fn remove(root: &Path, uid: &str) -> bool {
    if !valid_upload_id(uid) {
        return false;
    }
    let _g = PUBLISH.lock().unwrap();
    std::fs::remove_dir_all(dir(root, uid)).is_ok()
}

/// Every in-progress multipart upload of one upload target.
pub fn list(root: &Path) -> Vec<(MpuMeta, Vec<PartMeta>)> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(root) {
        for e in rd.flatten() {
            let uid = e.file_name().to_string_lossy().into_owned();
            if let Some(m) = load(root, &uid) {
                let p = parts(root, &uid);
                out.push((m, p));
            }
        }
    }
    out.sort_by(|a, b| a.0.initiated.cmp(&b.0.initiated).then(a.0.upload_id.cmp(&b.0.upload_id)));
    out
}
