//! Timers that move uploads through Panopto's states after PUT State=1 or DELETE.
//!
//! Timers are derived from the persisted `state_since_ms`, so an emulator restarted mid-way
//! resumes them (`resume_all`) and finishes on the original schedule. A timer re-reads the state
//! before every transition: a DELETE during processing simply makes the processing timer stop.

use crate::manifest::{self, msg};
use crate::objects;
use crate::state::{st, Kind, Store};
use std::sync::Arc;
use std::time::Duration;
use uuid::Uuid;

/// Starts whatever timer the upload's current state needs (no-op for 0/4/5/7/8).
pub fn schedule(store: &Arc<Store>, id: Uuid) {
    let store = store.clone();
    tokio::spawn(async move { run(store, id).await });
}

pub fn resume_all(store: &Arc<Store>) {
    for r in store.all() {
        if matches!(r.state, st::UPLOAD_COMPLETE | st::PROCESSING | st::UPLOAD_CANCELLED | st::DELETING_FILES) {
            schedule(store, r.id);
        }
    }
}

async fn sleep_until(store: &Store, at_ms: u64) {
    let now = store.now_ms();
    if at_ms > now {
        tokio::time::sleep(Duration::from_millis(at_ms - now)).await;
    }
}

/// Moves `id` from `from` to `to` only if it is still in `from`; returns whether it did.
fn transition(store: &Store, id: &Uuid, from: u8, f: impl FnOnce(&mut crate::state::UploadRecord)) -> bool {
    let now = store.now_ms();
    store
        .update(id, |r| {
            if r.state != from {
                return false;
            }
            f(r);
            r.state_since_ms = now;
            true
        })
        .unwrap_or(false)
}

async fn run(store: Arc<Store>, id: Uuid) {
    let total = store.cfg.processing_ms;
    let half = total / 2;
    loop {
        let Some(rec) = store.get(&id) else { return };
        match rec.state {
            st::UPLOAD_COMPLETE => {
                sleep_until(&store, rec.state_since_ms + half).await;
                // The session is created in Panopto during Processing; that is when SessionId appears.
                let ok = transition(&store, &id, st::UPLOAD_COMPLETE, |r| {
                    r.state = st::PROCESSING;
                    if r.kind == Kind::Session && r.session_id.is_none() {
                        r.session_id = Some(Uuid::new_v4());
                    }
                });
                if !ok {
                    return;
                }
            }
            st::PROCESSING => {
                sleep_until(&store, rec.state_since_ms + (total - half)).await;
                let dir = store.objects_dir(&id);
                let kind = rec.kind;
                let verdict = tokio::task::spawn_blocking(move || {
                    let objs = objects::list(&dir);
                    match kind {
                        Kind::Session => manifest::check_session(&dir, &objs).map(Some),
                        Kind::Stream => manifest::check_stream(&objs).map(|_| None),
                    }
                })
                .await
                .unwrap_or_else(|e| {
                    Err(manifest::Failure {
                        message_id: msg::INTERNAL,
                        message: format!("internal error while processing: {e}"),
                    })
                });
                let now = store.now_ms();
                // One lock for the stream and its session: a client that polls the stream to
                // Complete must find it in the session's Streams straight away.
                store.update_many(|all| {
                    let Some(r) = all.get_mut(&id) else { return };
                    if r.state != st::PROCESSING {
                        return;
                    }
                    match &verdict {
                        Ok(summary) => {
                            r.state = st::COMPLETE;
                            r.message_id = 0;
                            r.message = None;
                            // The session's name and streams for API v1 (see catalog.rs).
                            r.summary = summary.clone();
                        }
                        Err(f) => {
                            r.state = st::PROCESSING_ERROR;
                            r.message_id = f.message_id;
                            r.message = Some(f.message.clone());
                        }
                    }
                    r.state_since_ms = now;
                    let parent = match (r.kind, &verdict) {
                        (Kind::Stream, Ok(_)) => r.parent_session_id,
                        _ => None,
                    };
                    if let Some(parent) = parent {
                        let p = all.values_mut().find(|p| p.kind == Kind::Session && p.session_id == Some(parent));
                        if let Some(p) = p {
                            if !p.streams.contains(&id) {
                                p.streams.push(id);
                            }
                        }
                    }
                });
                return;
            }
            st::UPLOAD_CANCELLED => {
                sleep_until(&store, rec.state_since_ms + half).await;
                if !transition(&store, &id, st::UPLOAD_CANCELLED, |r| r.state = st::DELETING_FILES) {
                    return;
                }
            }
            st::DELETING_FILES => {
                let dir = store.upload_dir(&id);
                let res = tokio::task::spawn_blocking(move || match std::fs::remove_dir_all(&dir) {
                    Ok(()) => Ok(()),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
                    Err(e) => Err(e.to_string()),
                })
                .await
                .unwrap_or_else(|e| Err(e.to_string()));
                transition(&store, &id, st::DELETING_FILES, |r| match res {
                    Ok(()) => r.state = st::DELETED,
                    Err(e) => {
                        r.state = st::DELETING_ERROR;
                        r.message_id = 2001;
                        r.message = Some(format!("Deleting the uploaded files failed: {e}"));
                    }
                });
                return;
            }
            _ => return,
        }
    }
}
