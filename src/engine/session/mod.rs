//! Panopto's sessionUpload, end to end: create the sessionUpload, upload every file
//! (media, extra streams, captions) and the UCS manifest to its UploadTarget, finish with
//! State 1, and poll until Panopto reaches a terminal state.
//!
//! Progress lives in the [`UploadRecord`]: run again with the same record after a failure
//! and it carries on where it stopped (same sessionUpload, same multipart uploads, no
//! acknowledged part sent again). Only a cancel throws it away.

pub mod files;
pub mod journal;
pub mod record;
pub mod spec;

use crate::core::panopto_rest::{PanoptoServer, SessionUpload, UploadStatus};
use crate::engine::context::EngineContext;
use crate::engine::error::{ErrorCode, UploadError};
use crate::engine::flow::{EngineEvent, FlowIdentity, Outcome, Phase, UploadFlow};
use crate::engine::journal::Journal;
use crate::engine::panopto_client::{PanoptoClient, UploadRef};
use crate::engine::panopto_poll::poll_until_terminal;
use crate::engine::ports::TokenSource;
use crate::engine::record::FileRecord;
use crate::engine::upload_record::UploadRecord;
use crate::text::Step;
use files::{s3_for, upload_files, FilesJob};
use futures_util::future::LocalBoxFuture;
use record::{SessionChange, SessionRecord};
use spec::{plan_files, Planned, SessionSpec, UploadOptions};
use std::cell::RefCell;
use std::rc::Rc;

pub struct SessionFlow {
    pub server: PanoptoServer,
    pub tokens: Rc<dyn TokenSource>,
    pub spec: SessionSpec,
    pub options: UploadOptions,
}

impl SessionFlow {
    /// The place a sessionUpload goes, as [`FlowIdentity::destination`] names it.
    pub fn destination(server: &PanoptoServer, folder_id: &str) -> String {
        format!("sessionUpload {} folder {}", server.origin(), folder_id.trim().to_ascii_lowercase())
    }

    fn panopto<'a>(&'a self, ctx: &'a EngineContext) -> PanoptoClient<'a> {
        PanoptoClient { ctx, server: &self.server, tokens: self.tokens.as_ref() }
    }

    async fn upload_session(
        &self,
        ctx: &EngineContext,
        record: &RefCell<UploadRecord>,
        emit: &dyn Fn(EngineEvent),
    ) -> Result<Outcome, UploadError> {
        let planned = plan_files(&self.spec, &self.options)?;
        let journal = Journal::new(record, emit);
        let panopto = self.panopto(ctx);
        if let Some(existing) = journal.read() {
            if let Some(change) = self.check_existing(&panopto, &existing).await? {
                journal.write(change);
            }
        }
        let upload = match journal.read() {
            Some(SessionRecord::Finished { upload }) => upload,
            Some(SessionRecord::Uploading { upload, .. }) => {
                self.send_files(ctx, &journal, &upload, &planned).await?;
                upload
            }
            None => {
                emit(EngineEvent::Phase(Phase::Creating));
                let upload = panopto.create_session_upload(&self.spec.folder_id).await?;
                journal.write(SessionChange::Created { upload: upload.clone(), files: planned.len() });
                self.send_files(ctx, &journal, &upload, &planned).await?;
                upload
            }
        };
        emit(EngineEvent::Phase(Phase::Processing));
        poll_until_terminal(&panopto, self.options.poll_times(), UploadRef::Session(&upload.id), emit).await
    }

    async fn send_files(
        &self,
        ctx: &EngineContext,
        journal: &Journal<'_, SessionRecord>,
        upload: &SessionUpload,
        planned: &[Planned],
    ) -> Result<(), UploadError> {
        let job = FilesJob { ctx, spec: &self.spec, options: &self.options, upload, planned, journal };
        upload_files(job).await?;
        self.panopto(ctx).finish_session_upload(upload).await?;
        journal.write(SessionChange::Finished);
        Ok(())
    }

    /// Continuing a sessionUpload from an earlier run (a retry, or a record saved before a
    /// reload): ask Panopto where it stands first. Still uploading: carry on. Already
    /// finished: only polling is left. Cancelled, deleted or unknown (Panopto times out
    /// abandoned uploads): start a new session rather than fail on a dead target.
    async fn check_existing(
        &self,
        panopto: &PanoptoClient<'_>,
        existing: &SessionRecord,
    ) -> Result<Option<SessionChange>, UploadError> {
        let current = panopto.get_session_upload(Step::CheckEarlierUpload, &existing.upload().id).await;
        Ok(match current {
            Ok(u) => match u.state {
                UploadStatus::Uploading => None,
                UploadStatus::UploadComplete
                | UploadStatus::Processing
                | UploadStatus::Complete
                | UploadStatus::ProcessingError => {
                    matches!(existing, SessionRecord::Uploading { .. }).then_some(SessionChange::Finished)
                }
                _ => Some(SessionChange::Gone),
            },
            Err(e) if e.code == ErrorCode::NotFound => Some(SessionChange::Gone),
            Err(e) => return Err(e),
        })
    }

    /// After a cancel: abort every open multipart upload and DELETE the sessionUpload, so
    /// nothing is left behind on the server. Best effort: Panopto also expires abandoned
    /// uploads (states 6 and 7 say "cancelled or timed out").
    async fn clean_up(&self, ctx: &EngineContext, record: UploadRecord) {
        let UploadRecord::Session(session) = record else { return };
        if let SessionRecord::Uploading { upload, files, manifest } = session.as_ref() {
            for open in files.iter().chain(std::iter::once(manifest)) {
                if let FileRecord::Open(m) = open {
                    if let Ok(s3) = s3_for(ctx, upload, &m.file_name, &self.options) {
                        let _ = s3.abort_multipart_upload(&m.upload_id).await;
                    }
                }
            }
        }
        let _ = self.panopto(ctx).delete_session_upload(&session.upload().id).await;
    }
}

impl UploadFlow for SessionFlow {
    fn identity(&self) -> FlowIdentity {
        FlowIdentity {
            destination: Self::destination(&self.server, &self.spec.folder_id),
            title: self.spec.title.clone(),
            description: self.spec.description.clone(),
            files: self.spec.files().iter().map(|f| (f.name(), f.size())).collect(),
        }
    }

    fn upload<'a>(
        &'a self,
        ctx: &'a EngineContext,
        record: &'a RefCell<UploadRecord>,
        emit: &'a dyn Fn(EngineEvent),
    ) -> LocalBoxFuture<'a, Result<Outcome, UploadError>> {
        Box::pin(self.upload_session(ctx, record, emit))
    }

    fn discard<'a>(&'a self, ctx: &'a EngineContext, record: UploadRecord) -> LocalBoxFuture<'a, ()> {
        Box::pin(self.clean_up(ctx, record))
    }
}
