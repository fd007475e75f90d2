//! One Panopto session, end to end: create the sessionUpload, upload every file (media,
//! extra streams, captions) and the UCS manifest to its UploadTarget, finish with State 1,
//! and poll until Panopto reaches a terminal state.
//!
//! Progress lives in a [`SessionRecord`]: run the upload again with the same record after
//! a failure and it carries on where it stopped (same sessionUpload, same multipart
//! uploads, no acknowledged part sent again). Only a cancel throws it away.

use super::context::EngineContext;
use super::error::UploadError;
use super::memory_file::MemoryFile;
use super::multipart::{self, MultipartState, UploadedFile};
use super::ports::FileSource;
use super::progress::{Progress, ProgressTracker};
pub use super::rest_call::TokenSource;
use super::rest_call::{rest, rest_once};
use crate::core::panopto_rest::{PanoptoServer, SessionUpload, UploadStatus};
use crate::core::part_plan::PartPlan;
use crate::core::s3::{S3Auth, S3Client};
use crate::core::ucs_manifest::{manifest_file_name, FileRef, Manifest, StreamType, Transcript, Video};
use crate::core::upload_target::{base_name, ObjectLocation};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::rc::Rc;

pub struct Caption {
    pub file: Rc<dyn FileSource>,
    pub language: Option<String>,
}

/// What the teacher asked for: one Panopto session.
pub struct SessionSpec {
    pub folder_id: String,
    pub title: String,
    pub description: Option<String>,
    pub primary: Rc<dyn FileSource>,
    /// The screen recording beside the camera, shown in the larger window.
    pub secondary: Option<Rc<dyn FileSource>>,
    pub captions: Vec<Caption>,
}

impl SessionSpec {
    fn files(&self) -> Vec<Rc<dyn FileSource>> {
        let mut files = vec![self.primary.clone()];
        files.extend(self.secondary.clone());
        files.extend(self.captions.iter().map(|c| c.file.clone()));
        files
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct UploadOptions {
    pub part_size: u64,
    pub concurrency: usize,
    /// `None` sends unsigned S3 requests (Panopto accepts them; no preflight headers).
    pub s3_auth: Option<S3Auth>,
    pub first_poll_ms: u32,
    pub max_poll_ms: u32,
}

impl Default for UploadOptions {
    fn default() -> Self {
        UploadOptions {
            part_size: crate::core::part_plan::DEFAULT_PART_SIZE,
            concurrency: 4,
            s3_auth: Some(S3Auth::default()),
            first_poll_ms: 1_000,
            max_poll_ms: 10_000,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Phase {
    Creating,
    Uploading,
    /// Files are in; the manifest is sent and the upload finished (State 1).
    Finishing,
    /// Panopto is processing (polling `State`).
    Processing,
    Complete {
        session_id: String,
        viewer_url: String,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub enum EngineEvent {
    Phase(Phase),
    /// The sessionUpload exists (its ID is what a cancel must DELETE).
    SessionCreated {
        upload_id: String,
    },
    Progress(Progress),
    /// The [`SessionRecord`] changed (a session or multipart upload was created, a part
    /// acknowledged, a file finished): the moment to save it for a resume after reload.
    Checkpoint,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionOutcome {
    pub upload_id: String,
    pub session_id: String,
    pub viewer_url: String,
}

/// How far one file got.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRecord {
    pub multipart: Option<MultipartState>,
    pub uploaded: Option<UploadedFile>,
}

/// How far the session got; enough to resume it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SessionRecord {
    pub upload: Option<SessionUpload>,
    /// One per file of the spec, in [`SessionSpec`] order (primary, secondary, captions).
    pub files: Vec<FileRecord>,
    pub manifest: FileRecord,
    /// PUT State 1 was accepted: only polling is left.
    pub finished: bool,
}

/// A file with its part plan.
type Planned = (Rc<dyn FileSource>, PartPlan);

fn invalid(message: String) -> UploadError {
    UploadError::new("invalid-file", message, false)
}

/// Check and plan every file before anything is created on the server: an empty or too
/// large file is refused up front, with nothing to clean up.
fn plan_files(spec: &SessionSpec, options: &UploadOptions) -> Result<Vec<Planned>, UploadError> {
    if spec.title.trim().is_empty() {
        return Err(UploadError::new("invalid-input", "the session needs a title", false));
    }
    let mut names: Vec<String> = Vec::new();
    let mut planned = Vec::new();
    for f in spec.files() {
        let name = base_name(&f.name()).map_err(|e| invalid(e.to_string()))?;
        if names.contains(&name) {
            return Err(invalid(format!("two files are both named `{name}`; rename one")));
        }
        names.push(name);
        let plan = PartPlan::new(f.size(), options.part_size).map_err(|e| invalid(format!("{}: {e}", f.name())))?;
        planned.push((f, plan));
    }
    Ok(planned)
}

pub async fn run_session_upload(
    ctx: &EngineContext,
    server: &PanoptoServer,
    tokens: &dyn TokenSource,
    spec: &SessionSpec,
    options: &UploadOptions,
    record: &RefCell<SessionRecord>,
    emit: &dyn Fn(EngineEvent),
) -> Result<SessionOutcome, UploadError> {
    let planned = plan_files(spec, options)?;
    record.borrow_mut().files.resize_with(planned.len(), FileRecord::default);
    let result = run(ctx, server, tokens, spec, options, record, &planned, emit).await;
    if result.as_ref().is_err_and(|e| e.is_cancelled()) {
        discard(ctx, server, tokens, options, record).await;
    }
    result
}

#[allow(clippy::too_many_arguments)]
async fn run(
    ctx: &EngineContext,
    server: &PanoptoServer,
    tokens: &dyn TokenSource,
    spec: &SessionSpec,
    options: &UploadOptions,
    record: &RefCell<SessionRecord>,
    planned: &[Planned],
    emit: &dyn Fn(EngineEvent),
) -> Result<SessionOutcome, UploadError> {
    if record.borrow().upload.is_some() {
        check_existing(ctx, server, tokens, record, planned.len()).await?;
    }
    let existing = record.borrow().upload.clone();
    let upload = match existing {
        Some(u) => u,
        None => {
            emit(EngineEvent::Phase(Phase::Creating));
            let u: SessionUpload =
                rest(ctx, tokens, "Creating the Panopto session", |t| server.create_session_upload(&spec.folder_id, t))
                    .await?;
            record.borrow_mut().upload = Some(u.clone());
            emit(EngineEvent::Checkpoint);
            u
        }
    };
    emit(EngineEvent::SessionCreated { upload_id: upload.id.clone() });
    if !record.borrow().finished {
        upload_files(ctx, spec, options, &upload, record, planned, emit).await?;
        let _: SessionUpload =
            rest(ctx, tokens, "Finishing the upload", |t| server.finish_session_upload(&upload, t)).await?;
        record.borrow_mut().finished = true;
        emit(EngineEvent::Checkpoint);
    }
    emit(EngineEvent::Phase(Phase::Processing));
    poll_until_terminal(ctx, server, tokens, options, &upload.id, emit).await
}

fn target(upload: &SessionUpload, name: &str, auth: &Option<S3Auth>) -> Result<S3Client, UploadError> {
    let t = upload
        .upload_target
        .as_deref()
        .ok_or_else(|| UploadError::new("bad-response", "Panopto created the upload without an UploadTarget", true))?;
    let object = ObjectLocation::new(t, name).map_err(|e| UploadError::new("bad-response", e.to_string(), false))?;
    Ok(S3Client::new(object, auth.clone()))
}

/// Which file of the record an upload works on.
#[derive(Clone, Copy)]
enum Slot {
    File(usize),
    Manifest,
}

fn slot_mut(record: &mut SessionRecord, slot: Slot) -> &mut FileRecord {
    match slot {
        Slot::File(i) => &mut record.files[i],
        Slot::Manifest => &mut record.manifest,
    }
}

#[allow(clippy::too_many_arguments)]
async fn upload_one(
    ctx: &EngineContext,
    client: &S3Client,
    file: &dyn FileSource,
    plan: PartPlan,
    concurrency: usize,
    record: &RefCell<SessionRecord>,
    slot: Slot,
    on_part: &dyn Fn(u64),
    emit: &dyn Fn(EngineEvent),
) -> Result<UploadedFile, UploadError> {
    let uploaded = slot_mut(&mut record.borrow_mut(), slot).uploaded.clone();
    if let Some(done) = uploaded {
        on_part(done.size);
        return Ok(done);
    }
    let state = RefCell::new(slot_mut(&mut record.borrow_mut(), slot).multipart.clone());
    // Mirror the multipart state into the record at every change, so the record is
    // always exactly as far as the server got, whatever stops the upload.
    let on_change = || {
        slot_mut(&mut record.borrow_mut(), slot).multipart = state.borrow().clone();
        emit(EngineEvent::Checkpoint);
    };
    let result = multipart::upload_file(ctx, client, file, plan, concurrency, &state, on_part, &on_change).await;
    {
        let mut r = record.borrow_mut();
        let s = slot_mut(&mut r, slot);
        s.multipart = state.into_inner();
        if let Ok(done) = &result {
            s.uploaded = Some(done.clone());
            s.multipart = None;
        }
    }
    if result.is_ok() {
        emit(EngineEvent::Checkpoint);
    }
    result
}

/// Continuing a sessionUpload from an earlier run (a retry, or a record saved before a
/// reload): ask Panopto where it stands first. Still uploading: carry on. Already
/// finished: only polling is left. Cancelled, deleted or unknown (Panopto times out
/// abandoned uploads): start a new session rather than fail on a dead target.
async fn check_existing(
    ctx: &EngineContext,
    server: &PanoptoServer,
    tokens: &dyn TokenSource,
    record: &RefCell<SessionRecord>,
    files: usize,
) -> Result<(), UploadError> {
    let Some(id) = record.borrow().upload.as_ref().map(|u| u.id.clone()) else { return Ok(()) };
    let current: Result<SessionUpload, UploadError> =
        rest(ctx, tokens, "Checking the earlier upload", |t| server.get_session_upload(&id, t)).await;
    let gone = match current {
        Ok(u) => match u.state {
            UploadStatus::Uploading => false,
            UploadStatus::UploadComplete
            | UploadStatus::Processing
            | UploadStatus::Complete
            | UploadStatus::ProcessingError => {
                record.borrow_mut().finished = true;
                false
            }
            _ => true,
        },
        Err(e) if e.code == "not-found" => true,
        Err(e) => return Err(e),
    };
    if gone {
        *record.borrow_mut() = SessionRecord { files: vec![FileRecord::default(); files], ..Default::default() };
    }
    Ok(())
}

async fn upload_files(
    ctx: &EngineContext,
    spec: &SessionSpec,
    options: &UploadOptions,
    upload: &SessionUpload,
    record: &RefCell<SessionRecord>,
    planned: &[Planned],
    emit: &dyn Fn(EngineEvent),
) -> Result<(), UploadError> {
    let total: u64 = planned.iter().map(|(_, p)| p.file_size()).sum();
    let tracker = RefCell::new(ProgressTracker::new(total));
    tracker.borrow_mut().start(ctx.now_ms());
    emit(EngineEvent::Phase(Phase::Uploading));
    let on_part = |bytes: u64| {
        tracker.borrow_mut().add(bytes, ctx.now_ms());
        emit(EngineEvent::Progress(tracker.borrow().snapshot()));
    };
    let mut uploaded = Vec::new();
    for (i, (file, plan)) in planned.iter().enumerate() {
        let client = target(upload, &file.name(), &options.s3_auth)?;
        let slot = Slot::File(i);
        uploaded.push(
            upload_one(ctx, &client, file.as_ref(), *plan, options.concurrency, record, slot, &on_part, emit).await?,
        );
    }

    emit(EngineEvent::Phase(Phase::Finishing));
    let names: Vec<&str> = uploaded.iter().map(|u| u.name.as_str()).collect();
    let manifest =
        MemoryFile::new(&manifest_file_name(&names), "text/xml", build_manifest(ctx, spec, &uploaded)?.into_bytes());
    let plan = PartPlan::new(manifest.size(), options.part_size)
        .map_err(|e| UploadError::new("manifest", e.to_string(), false))?;
    let client = target(upload, &manifest.name(), &options.s3_auth)?;
    upload_one(ctx, &client, &manifest, plan, 1, record, Slot::Manifest, &|_| {}, emit).await.map(|_| ())
}

fn build_manifest(ctx: &EngineContext, spec: &SessionSpec, uploaded: &[UploadedFile]) -> Result<String, UploadError> {
    let file_ref = |u: &UploadedFile| FileRef { name: u.name.clone(), crc32: Some(u.crc32) };
    let caption_start = 1 + spec.secondary.is_some() as usize;
    let transcripts = spec
        .captions
        .iter()
        .zip(&uploaded[caption_start..])
        .map(|(c, u)| Transcript { file: file_ref(u), language: c.language.clone() })
        .collect();
    let mut videos =
        vec![Video { file: file_ref(&uploaded[0]), stream_type: StreamType::Primary, start_ms: 0, transcripts }];
    if spec.secondary.is_some() {
        videos.push(Video {
            file: file_ref(&uploaded[1]),
            stream_type: StreamType::Secondary,
            start_ms: 0,
            transcripts: vec![],
        });
    }
    Manifest {
        title: spec.title.clone(),
        description: spec.description.clone(),
        date: ctx.signing_time(),
        videos,
        tags: vec![],
    }
    .to_xml()
    .map_err(|e| UploadError::new("invalid-input", e.to_string(), false))
}

async fn poll_until_terminal(
    ctx: &EngineContext,
    server: &PanoptoServer,
    tokens: &dyn TokenSource,
    options: &UploadOptions,
    id: &str,
    emit: &dyn Fn(EngineEvent),
) -> Result<SessionOutcome, UploadError> {
    let mut wait = options.first_poll_ms;
    loop {
        ctx.clock.sleep(wait).await;
        wait = (wait + wait / 2).min(options.max_poll_ms);
        let current: SessionUpload =
            rest(ctx, tokens, "Checking processing", |t| server.get_session_upload(id, t)).await?;
        let message = current.message.clone().filter(|m| !m.is_empty());
        match current.state {
            UploadStatus::Complete => {
                let session_id = current.session_id.clone().unwrap_or_default();
                let viewer_url = server.viewer_url(&session_id);
                emit(EngineEvent::Phase(Phase::Complete {
                    session_id: session_id.clone(),
                    viewer_url: viewer_url.clone(),
                }));
                return Ok(SessionOutcome { upload_id: id.to_string(), session_id, viewer_url });
            }
            UploadStatus::ProcessingError => {
                let message = message.unwrap_or_else(|| "Panopto could not process the upload".into());
                return Err(UploadError::new("processing-failed", message, false));
            }
            s if s.is_terminal() => {
                let detail = message.map(|m| format!(": {m}")).unwrap_or_default();
                return Err(UploadError::new(
                    "cancelled-by-server",
                    format!("Panopto reports the upload as {}{detail}", s.name()),
                    false,
                ));
            }
            _ => {}
        }
    }
}

/// After a cancel: abort every open multipart upload and DELETE the sessionUpload, so
/// nothing is left behind on the server. Best effort: Panopto also expires abandoned
/// uploads (states 6 and 7 say "cancelled or timed out").
pub async fn discard(
    ctx: &EngineContext,
    server: &PanoptoServer,
    tokens: &dyn TokenSource,
    options: &UploadOptions,
    record: &RefCell<SessionRecord>,
) {
    let r = std::mem::take(&mut *record.borrow_mut());
    let Some(upload) = r.upload else { return };
    let open = r.files.iter().chain(std::iter::once(&r.manifest)).filter_map(|f| f.multipart.as_ref());
    for m in open {
        if let Ok(client) = target(&upload, &m.file_name, &options.s3_auth) {
            let _ = multipart::abort(ctx, &client, &m.upload_id).await;
        }
    }
    let _ = rest_once(ctx, tokens, "Cancelling", |t| server.delete_session_upload(&upload.id, t)).await;
}
