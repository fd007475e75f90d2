//! Panopto's StreamUpload: add one recording to an existing session as a stream (primary
//! video, secondary video or presentation). `POST upload {SessionID, StreamType}` gives an
//! UploadTarget; the one media file goes there by S3 multipart with no manifest (the
//! stream's type is in the upload object, not in a UCS file); `PUT upload/{ID}` with State
//! 1 finishes it, and polling follows it to a terminal state, as for a sessionUpload.
//!
//! Resume and cancel work as for a session: the [`StreamRecord`] says how far the server
//! got; a cancel aborts the multipart upload and DELETEs the upload.
//!
//! Captions: StreamUpload has no manifest to carry them, so once the stream is Complete each
//! caption file goes to the session through API v1 (`PanoptoClient::add_session_caption`).
//! One that does not make it is a [`EngineEvent::Warning`] (code `caption`, the card shows
//! it): the stream is in the session all the same, so the upload still completes.

pub mod record;

use crate::core::object_name::object_name;
use crate::core::panopto_rest::{is_guid, PanoptoServer, StreamType, StreamUpload, UploadStatus};
use crate::core::part_plan::PartPlan;
use crate::core::upload_target::base_name;
use crate::engine::context::EngineContext;
use crate::engine::error::{ErrorCode, UploadError};
use crate::engine::flow::{EngineEvent, FlowIdentity, Outcome, Phase, UploadFlow};
use crate::engine::journal::Journal;
use crate::engine::multipart::{FileUpload, Multipart};
use crate::engine::panopto_client::{PanoptoClient, UploadRef};
use crate::engine::panopto_poll::poll_until_terminal;
use crate::engine::ports::{FileSource, TokenSource};
use crate::engine::progress::Transfer;
use crate::engine::progress_report::ProgressReport;
use crate::engine::record::{FileChange, FileLog, FileRecord};
use crate::engine::s3_client::S3Client;
use crate::engine::session::spec::{Caption, UploadOptions};
use crate::engine::upload_record::UploadRecord;
use crate::text::{ErrorText, Step};
use futures_util::future::LocalBoxFuture;
use record::{StreamChange, StreamRecord};
use std::cell::RefCell;
use std::rc::Rc;

pub struct StreamFlow {
    pub server: PanoptoServer,
    pub tokens: Rc<dyn TokenSource>,
    pub session_id: String,
    pub stream_type: StreamType,
    pub file: Rc<dyn FileSource>,
    /// Sent to the session once the stream is in it.
    pub captions: Vec<Caption>,
    pub options: UploadOptions,
}

/// The stream's file as the multipart upload sees it: the record's one file.
struct StreamFileLog<'a>(&'a Journal<'a, StreamRecord>);

impl FileLog for StreamFileLog<'_> {
    fn read(&self) -> FileRecord {
        self.0.with(|r| r.map(StreamRecord::file).unwrap_or_default())
    }

    fn write(&self, change: FileChange) {
        self.0.write(StreamChange::File(change));
    }
}

impl StreamFlow {
    pub fn destination(server: &PanoptoServer, session_id: &str, stream_type: StreamType) -> String {
        format!("StreamUpload {} session {} {stream_type:?}", server.origin(), session_id.trim().to_ascii_lowercase())
    }

    fn panopto<'a>(&'a self, ctx: &'a EngineContext) -> PanoptoClient<'a> {
        PanoptoClient { ctx, server: &self.server, tokens: self.tokens.as_ref() }
    }

    fn s3<'a>(&self, ctx: &'a EngineContext, upload: &StreamUpload) -> Result<S3Client<'a>, UploadError> {
        // A safe name, the same on every relay (core/object_name.rs).
        let name = object_name(&self.file.name());
        S3Client::in_target(ctx, upload.upload_target.as_deref(), &name, self.options.s3_auth.clone())
    }

    /// Checked before anything is created: the session ID and the file.
    fn plan(&self) -> Result<PartPlan, UploadError> {
        if !is_guid(self.session_id.trim()) {
            let text = ErrorText::BadSessionId { id: self.session_id.clone() };
            return Err(UploadError::new(ErrorCode::InvalidConfig, text));
        }
        let invalid = |text| UploadError::new(ErrorCode::InvalidFile, text);
        base_name(&self.file.name()).map_err(|e| invalid(ErrorText::Target(e)))?;
        PartPlan::new(self.file.size(), self.options.part_size)
            .map_err(|error| invalid(ErrorText::Plan { name: self.file.name(), error }))
    }

    async fn upload_stream(
        &self,
        ctx: &EngineContext,
        record: &RefCell<UploadRecord>,
        emit: &dyn Fn(EngineEvent),
    ) -> Result<Outcome, UploadError> {
        let plan = self.plan()?;
        let journal = Journal::new(record, emit);
        let panopto = self.panopto(ctx);
        if let Some(existing) = journal.read() {
            if let Some(change) = check_existing(&panopto, &existing).await? {
                journal.write(change);
            }
        }
        let upload = match journal.read() {
            Some(StreamRecord::Finished { upload }) => upload,
            Some(StreamRecord::Uploading { upload, .. }) => {
                self.send_file(ctx, &journal, &upload, plan).await?;
                upload
            }
            None => {
                emit(EngineEvent::Phase(Phase::Creating));
                let upload = panopto.create_stream_upload(&self.new_upload()).await?;
                if upload.id.as_deref().is_none_or(|id| !is_guid(id)) {
                    return Err(UploadError::new(ErrorCode::BadResponse, ErrorText::NoStreamId));
                }
                journal.write(StreamChange::Created(upload.clone()));
                self.send_file(ctx, &journal, &upload, plan).await?;
                upload
            }
        };
        emit(EngineEvent::Phase(Phase::Processing));
        let id = upload.id.as_deref().unwrap_or_default();
        let outcome = poll_until_terminal(&panopto, self.options.poll_times(), UploadRef::Stream(id), emit).await?;
        self.add_captions(&panopto, emit).await;
        Ok(outcome)
    }

    /// Each caption to the session, in order; one that fails is a warning, not the upload's
    /// failure. The stream is complete by now: a cancel stops the captions left (each said)
    /// and never undoes the stream (the clean-up would DELETE a finished StreamUpload).
    async fn add_captions(&self, panopto: &PanoptoClient<'_>, emit: &dyn Fn(EngineEvent)) {
        let mut cancelled: Option<UploadError> = None;
        for caption in &self.captions {
            let language = caption.language.as_deref().unwrap_or_default();
            let result = match &cancelled {
                Some(e) => Err(e.clone()),
                None => panopto.add_session_caption(self.session_id.trim(), caption.file.as_ref(), language).await,
            };
            if let Err(e) = result {
                if e.is_cancelled() {
                    cancelled = Some(e.clone());
                }
                let text = ErrorText::CaptionNotAdded { name: caption.file.name(), error: e.message };
                emit(EngineEvent::Warning(UploadError::new(ErrorCode::Caption, text)));
            }
        }
    }

    fn new_upload(&self) -> StreamUpload {
        StreamUpload {
            id: None,
            session_id: self.session_id.trim().to_string(),
            stream_type: Some(self.stream_type),
            // Omitted: the stream starts with the session's others (offset 0).
            stream_start_time: None,
            import_job_id: None,
            upload_target: None,
            state: None,
            message_id: None,
            message: None,
            extra: Default::default(),
        }
    }

    async fn send_file(
        &self,
        ctx: &EngineContext,
        journal: &Journal<'_, StreamRecord>,
        upload: &StreamUpload,
        plan: PartPlan,
    ) -> Result<(), UploadError> {
        emit_phase(journal, Phase::Uploading);
        let report = ProgressReport::start(ctx, self.file.size(), journal.emit);
        let on_bytes = |transfer: Transfer| report.update(transfer);
        let log = StreamFileLog(journal);
        let job =
            FileUpload { s3: self.s3(ctx, upload)?, file: self.file.as_ref(), plan, log: &log, on_bytes: &on_bytes };
        let multipart = Multipart::new(ctx, self.options.concurrency);
        report.around(multipart.upload(job)).await?;
        emit_phase(journal, Phase::Finishing);
        self.panopto(ctx).finish_stream_upload(upload).await?;
        journal.write(StreamChange::Finished);
        Ok(())
    }

    /// After a cancel: abort the open multipart upload and DELETE the upload. Best effort.
    async fn clean_up(&self, ctx: &EngineContext, record: UploadRecord) {
        let UploadRecord::Stream(stream) = record else { return };
        if let StreamRecord::Uploading { upload, file: FileRecord::Open(m) } = stream.as_ref() {
            if let Ok(s3) = self.s3(ctx, upload) {
                let _ = s3.abort_multipart_upload(&m.upload_id).await;
            }
        }
        let _ = self.panopto(ctx).delete_stream_upload(stream.id()).await;
    }
}

fn emit_phase(journal: &Journal<'_, StreamRecord>, phase: Phase) {
    (journal.emit)(EngineEvent::Phase(phase))
}

/// Continuing from an earlier run: ask Panopto where the upload stands first (as for a
/// sessionUpload). Gone, cancelled or unknown: start a new one.
async fn check_existing(
    panopto: &PanoptoClient<'_>,
    existing: &StreamRecord,
) -> Result<Option<StreamChange>, UploadError> {
    let current = panopto.upload_status(Step::CheckEarlierUpload, UploadRef::Stream(existing.id())).await;
    Ok(match current.map(|c| c.state) {
        Ok(UploadStatus::Uploading) => None,
        Ok(
            UploadStatus::UploadComplete
            | UploadStatus::Processing
            | UploadStatus::Complete
            | UploadStatus::ProcessingError,
        ) => matches!(existing, StreamRecord::Uploading { .. }).then_some(StreamChange::Finished),
        Ok(_) => Some(StreamChange::Gone),
        Err(e) if e.code == ErrorCode::NotFound => Some(StreamChange::Gone),
        Err(e) => return Err(e),
    })
}

impl UploadFlow for StreamFlow {
    fn identity(&self) -> FlowIdentity {
        FlowIdentity {
            destination: Self::destination(&self.server, &self.session_id, self.stream_type),
            title: String::new(),
            description: None,
            files: vec![(self.file.name(), self.file.size())],
        }
    }

    fn upload<'a>(
        &'a self,
        ctx: &'a EngineContext,
        record: &'a RefCell<UploadRecord>,
        emit: &'a dyn Fn(EngineEvent),
    ) -> LocalBoxFuture<'a, Result<Outcome, UploadError>> {
        Box::pin(self.upload_stream(ctx, record, emit))
    }

    fn discard<'a>(&'a self, ctx: &'a EngineContext, record: UploadRecord) -> LocalBoxFuture<'a, ()> {
        Box::pin(self.clean_up(ctx, record))
    }
}
