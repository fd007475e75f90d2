//! One Panopto session, end to end: create the sessionUpload, upload every file (media,
//! extra streams, captions) and the UCS manifest to its UploadTarget, finish with State 1,
//! and poll until Panopto reaches a terminal state.

use super::context::{EngineContext, Verdict};
use super::error::UploadError;
use super::multipart::{self, UploadedFile};
use super::ports::{FileSource, HttpRequest, HttpResponse};
use super::progress::{Progress, ProgressTracker};
use crate::core::panopto_rest::{parse_response, PanoptoServer, RestError, RestRequest, SessionUpload, UploadStatus};
use crate::core::part_plan::PartPlan;
use crate::core::s3::{S3Auth, S3Client};
use crate::core::ucs_manifest::{manifest_file_name, FileRef, Manifest, StreamType, Transcript, Video};
use crate::core::upload_target::ObjectLocation;
use futures_util::future::LocalBoxFuture;
use std::cell::RefCell;
use std::rc::Rc;

/// The host page's bearer token. `refresh` asks for a new one (after a 401/403).
pub trait TokenSource {
    fn token(&self, refresh: bool) -> LocalBoxFuture<'_, Result<String, UploadError>>;
}

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
    Complete { session_id: String, viewer_url: String },
}

#[derive(Clone, Debug, PartialEq)]
pub enum EngineEvent {
    Phase(Phase),
    /// The sessionUpload exists (its ID is what a cancel must DELETE).
    SessionCreated { upload_id: String },
    Progress(Progress),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionOutcome {
    pub upload_id: String,
    pub session_id: String,
    pub viewer_url: String,
}

fn rest_http(r: RestRequest) -> HttpRequest {
    HttpRequest { method: r.method, url: r.url, headers: r.headers, body: r.body.map(|b| Rc::new(b.into_bytes())) }
}

/// A REST call with the token protocol: 401/403 → ask the host for a fresh token and
/// try once more; transient errors back off; others fail with Panopto's own message.
async fn rest<T: serde::de::DeserializeOwned>(
    ctx: &EngineContext,
    tokens: &dyn TokenSource,
    operation: &str,
    build: impl Fn(&str) -> Result<RestRequest, RestError>,
) -> Result<T, UploadError> {
    let mut refreshed = false;
    loop {
        let token = tokens.token(refreshed).await?;
        let unauthorized = RefCell::new(false);
        let result = ctx
            .send(
                || build(&token).map(rest_http).map_err(|e| UploadError::from_rest(operation, &e)),
                |r: &HttpResponse| match parse_response::<T>(r.status, &r.body) {
                    Ok(v) => Verdict::Done(v),
                    Err(e) => {
                        let err = UploadError::from_rest(operation, &e);
                        if matches!(r.status, 401 | 403) {
                            *unauthorized.borrow_mut() = true;
                            Verdict::Fail(err)
                        } else if err.retryable {
                            Verdict::Retry(err)
                        } else {
                            Verdict::Fail(err)
                        }
                    }
                },
            )
            .await;
        if result.is_err() && *unauthorized.borrow() && !refreshed {
            refreshed = true;
            continue;
        }
        return result;
    }
}

struct Planned {
    file: Rc<dyn FileSource>,
    object: ObjectLocation,
    plan: PartPlan,
}

pub async fn run_session_upload(
    ctx: &EngineContext,
    server: &PanoptoServer,
    tokens: &dyn TokenSource,
    spec: &SessionSpec,
    options: &UploadOptions,
    emit: &dyn Fn(EngineEvent),
) -> Result<SessionOutcome, UploadError> {
    if spec.title.trim().is_empty() {
        return Err(UploadError::new("invalid-input", "the session needs a title", false));
    }
    // Plan every file before creating anything on the server: a file that is empty or too
    // large is refused up front, with nothing to clean up.
    let mut files: Vec<Rc<dyn FileSource>> = vec![spec.primary.clone()];
    files.extend(spec.secondary.clone());
    files.extend(spec.captions.iter().map(|c| c.file.clone()));
    let mut names: Vec<String> = Vec::new();
    let mut plans = Vec::new();
    for f in &files {
        let name = crate::core::upload_target::base_name(&f.name()).map_err(|e| UploadError::new("invalid-file", e.to_string(), false))?;
        if names.contains(&name) {
            return Err(UploadError::new("invalid-file", format!("two files are both named `{name}`; rename one"), false));
        }
        names.push(name);
        plans.push(PartPlan::new(f.size(), options.part_size).map_err(|e| UploadError::new("invalid-file", format!("{}: {e}", f.name()), false))?);
    }

    emit(EngineEvent::Phase(Phase::Creating));
    let upload: SessionUpload = rest(ctx, tokens, "Creating the Panopto session", |t| server.create_session_upload(&spec.folder_id, t)).await?;
    emit(EngineEvent::SessionCreated { upload_id: upload.id.clone() });

    let outcome = upload_and_finish(ctx, server, tokens, spec, options, &upload, files, plans, emit).await;
    if let Err(e) = &outcome {
        if e.is_cancelled() {
            // The user cancelled: DELETE so Panopto discards it (State 2 → 7).
            let _ = cancel_session_upload(ctx, server, tokens, &upload.id).await;
        }
    }
    outcome
}

#[allow(clippy::too_many_arguments)]
async fn upload_and_finish(
    ctx: &EngineContext,
    server: &PanoptoServer,
    tokens: &dyn TokenSource,
    spec: &SessionSpec,
    options: &UploadOptions,
    upload: &SessionUpload,
    files: Vec<Rc<dyn FileSource>>,
    plans: Vec<PartPlan>,
    emit: &dyn Fn(EngineEvent),
) -> Result<SessionOutcome, UploadError> {
    let target = upload
        .upload_target
        .as_deref()
        .ok_or_else(|| UploadError::new("bad-response", "Panopto created the upload without an UploadTarget", true))?;
    let planned: Vec<Planned> = files
        .into_iter()
        .zip(plans)
        .map(|(file, plan)| Ok(Planned { object: ObjectLocation::new(target, &file.name())?, file, plan }))
        .collect::<Result<_, crate::core::upload_target::UploadTargetError>>()
        .map_err(|e| UploadError::new("bad-response", e.to_string(), false))?;

    let total: u64 = planned.iter().map(|p| p.plan.file_size()).sum();
    let tracker = RefCell::new(ProgressTracker::new(total));
    tracker.borrow_mut().start(ctx.now_ms());
    emit(EngineEvent::Phase(Phase::Uploading));
    emit(EngineEvent::Progress(tracker.borrow().snapshot()));
    let on_part = |bytes: u64| {
        tracker.borrow_mut().add(bytes, ctx.now_ms());
        emit(EngineEvent::Progress(tracker.borrow().snapshot()));
    };
    let mut uploaded: Vec<UploadedFile> = Vec::new();
    for p in &planned {
        let client = S3Client::new(p.object.clone(), options.s3_auth.clone());
        uploaded.push(multipart::upload_file(ctx, &client, p.file.as_ref(), p.plan, options.concurrency, &on_part).await?);
    }

    emit(EngineEvent::Phase(Phase::Finishing));
    let manifest = build_manifest(ctx, spec, &uploaded)?;
    let names: Vec<&str> = uploaded.iter().map(|u| u.name.as_str()).collect();
    let manifest_file: Rc<dyn FileSource> = Rc::new(super::memory_file::MemoryFile::new(&manifest_file_name(&names), "text/xml", manifest.into_bytes()));
    let object = ObjectLocation::new(target, &manifest_file.name()).map_err(|e| UploadError::new("bad-response", e.to_string(), false))?;
    let plan = PartPlan::new(manifest_file.size(), options.part_size).map_err(|e| UploadError::new("manifest", e.to_string(), false))?;
    multipart::upload_file(ctx, &S3Client::new(object, options.s3_auth.clone()), manifest_file.as_ref(), plan, 1, &|_| {}).await?;

    let _: SessionUpload = rest(ctx, tokens, "Finishing the upload", |t| server.finish_session_upload(upload, t)).await?;
    emit(EngineEvent::Phase(Phase::Processing));
    poll_until_terminal(ctx, server, tokens, options, &upload.id, emit).await
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
    let mut videos = vec![Video { file: file_ref(&uploaded[0]), stream_type: StreamType::Primary, start_ms: 0, transcripts }];
    if spec.secondary.is_some() {
        videos.push(Video { file: file_ref(&uploaded[1]), stream_type: StreamType::Secondary, start_ms: 0, transcripts: vec![] });
    }
    Manifest { title: spec.title.clone(), description: spec.description.clone(), date: ctx.signing_time(), videos, tags: vec![] }
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
        let current: SessionUpload = rest(ctx, tokens, "Checking processing", |t| server.get_session_upload(id, t)).await?;
        let message = current.message.clone().filter(|m| !m.is_empty());
        match current.state {
            UploadStatus::Complete => {
                let session_id = current.session_id.clone().unwrap_or_default();
                let viewer_url = server.viewer_url(&session_id);
                emit(EngineEvent::Phase(Phase::Complete { session_id: session_id.clone(), viewer_url: viewer_url.clone() }));
                return Ok(SessionOutcome { upload_id: id.to_string(), session_id, viewer_url });
            }
            UploadStatus::ProcessingError => {
                return Err(UploadError::new("processing-failed", message.unwrap_or_else(|| "Panopto could not process the upload".into()), false))
            }
            s if s.is_terminal() => {
                return Err(UploadError::new("cancelled-by-server", format!("Panopto reports the upload as {}{}", s.name(), message.map(|m| format!(": {m}")).unwrap_or_default()), false))
            }
            _ => {}
        }
    }
}

/// `DELETE sessionUpload/{id}`, sent even though the control is cancelled.
pub async fn cancel_session_upload(ctx: &EngineContext, server: &PanoptoServer, tokens: &dyn TokenSource, id: &str) -> Result<(), UploadError> {
    let token = tokens.token(false).await?;
    let request = server.delete_session_upload(id, &token).map_err(|e| UploadError::from_rest("Cancelling", &e))?;
    let signal = super::control::AbortSignal::new();
    match ctx.http.send(rest_http(request), &signal).await {
        Ok(r) if (200..300).contains(&r.status) => Ok(()),
        Ok(r) => Err(UploadError::from_rest("Cancelling", &RestError::from_response(r.status, &r.body))),
        Err(e) => Err(UploadError::new("network", e.to_string(), true)),
    }
}
