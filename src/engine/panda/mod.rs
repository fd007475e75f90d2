//! Panda's resumable upload protocol, end to end: create the upload session through the
//! host's back end, send the file in order with `Content-Range` (or, where the browser may
//! not read the answers' `Range`, as one multipart form), and hand back the video JSON.
//!
//! Its record (the session's id and current location, and what the server holds) makes a
//! retry or a reload continue: the server is asked where it stands, and nothing it holds
//! is sent again. A cancel aborts the upload with `DELETE <location>`.

pub mod chunk_size;
pub mod client;
pub mod record;
pub mod session;
pub mod transfer;
pub mod trouble;

use crate::core::panda::answer::Answer;
use crate::engine::context::EngineContext;
use crate::engine::error::{ErrorCode, UploadError};
use crate::engine::flow::{EngineEvent, FlowIdentity, Notice, Outcome, Phase, UploadFlow, VideoOutcome};
use crate::engine::journal::Journal;
use crate::engine::ports::{FileSource, TokenSource};
use crate::engine::progress::{transfer_id, ProgressTracker, Transfer};
use crate::engine::progress_report::ProgressReport;
use crate::engine::upload_record::UploadRecord;
use crate::text::{ErrorText, PandaStep, PandaTrouble};
use chunk_size::ChunkSize;
use client::PandaClient;
use futures_util::future::LocalBoxFuture;
use record::{PandaChange, PandaRecord};
use session::{create_session, SessionSource};
use std::cell::RefCell;
use std::rc::Rc;
use transfer::{transfer, TransferEnd, TransferJob};

pub struct PandaFlow {
    pub source: SessionSource,
    /// The page's token, for the back end that creates sessions (never the location).
    pub tokens: Rc<dyn TokenSource>,
    pub file: Rc<dyn FileSource>,
    /// The first chunk's size and the largest chunk (see `chunk_size.rs`).
    pub first_chunk: u64,
    pub max_chunk: u64,
}

impl PandaFlow {
    /// The place a Panda upload goes, as [`FlowIdentity::destination`] names it (`source`:
    /// [`SessionSource::describe`]).
    pub fn destination(source: &str) -> String {
        format!("panda {source}")
    }

    async fn upload_panda(
        &self,
        ctx: &EngineContext,
        record: &RefCell<UploadRecord>,
        emit: &dyn Fn(EngineEvent),
    ) -> Result<Outcome, UploadError> {
        let size = self.file.size();
        if size == 0 {
            return Err(UploadError::new(ErrorCode::InvalidFile, ErrorText::EmptyFile { name: self.file.name() }));
        }
        let journal = Journal::<PandaRecord>::new(record, emit);
        // A session from an earlier run (for this file's size) is continued; once, if the
        // server no longer knows it, a new one is made.
        let mut may_restart = true;
        loop {
            let (session, resumed) = match journal.read().filter(|r| r.file_size == size) {
                Some(r) => (r, true),
                None => {
                    emit(EngineEvent::Phase(Phase::Creating));
                    let created =
                        create_session(ctx, &self.source, self.tokens.as_ref(), &self.file.name(), size).await?;
                    let fresh = PandaRecord {
                        id: created.id.clone(),
                        location: created.location.clone(),
                        file_size: size,
                        held: 0,
                    };
                    journal.write(PandaChange::Created { session: created, file_size: size });
                    (fresh, false)
                }
            };
            emit(EngineEvent::Phase(Phase::Uploading));
            let end = self.send(ctx, &journal, &session, resumed, emit).await?;
            let video = match end {
                TransferEnd::Video(video) => video,
                TransferEnd::Gone(_) if resumed && may_restart => {
                    journal.write(PandaChange::Gone);
                    may_restart = false;
                    continue;
                }
                TransferEnd::Gone(m) => {
                    let text = ErrorText::Panda { step: PandaStep::UploadChunk, trouble: PandaTrouble::Gone(m) };
                    return Err(UploadError::new(ErrorCode::NotFound, text));
                }
                TransferEnd::RangeHidden => return self.send_whole(ctx, &journal, &session, emit).await,
            };
            return Ok(Outcome::Video(VideoOutcome { upload_id: session.id, video }));
        }
    }

    /// The chunks, with progress (the server's held bytes, counted from what it held at
    /// the start) and a speed that excludes paused time.
    async fn send(
        &self,
        ctx: &EngineContext,
        journal: &Journal<'_, PandaRecord>,
        session: &PandaRecord,
        resumed: bool,
        emit: &dyn Fn(EngineEvent),
    ) -> Result<TransferEnd, UploadError> {
        let report = ProgressReport::start(ctx, self.file.size(), emit);
        let on_bytes = |transfer: Transfer| report.update(transfer);
        let on_moved = |location: &str| journal.write(PandaChange::Moved(location.to_string()));
        let client = PandaClient::new(ctx, self.file.as_ref(), &session.location, &on_moved);
        let job = TransferJob {
            client: &client,
            journal,
            chunks: ChunkSize::new(self.first_chunk, self.max_chunk),
            ask_first: resumed,
            on_bytes: &on_bytes,
        };
        report.around(transfer(job)).await
    }

    /// The browser may not read the `Range` of the answers (CORS does not expose it): send
    /// the file as one multipart form, as the spec offers for such browsers. Not
    /// resumable, and the teacher is told so.
    async fn send_whole(
        &self,
        ctx: &EngineContext,
        journal: &Journal<'_, PandaRecord>,
        session: &PandaRecord,
        emit: &dyn Fn(EngineEvent),
    ) -> Result<Outcome, UploadError> {
        emit(EngineEvent::Notice(Notice::WholeFileAtOnce));
        let location = journal.with(|r| r.map(|r| r.location.clone())).unwrap_or_else(|| session.location.clone());
        let on_moved = |location: &str| journal.write(PandaChange::Moved(location.to_string()));
        let client = PandaClient::new(ctx, self.file.as_ref(), &location, &on_moved);
        match client.form().await? {
            Answer::Complete(video) => {
                journal.write(PandaChange::Held(self.file.size()));
                let mut done = ProgressTracker::new(self.file.size());
                done.update(Transfer::Acked { id: transfer_id(), bytes: self.file.size() }, ctx.now_ms());
                emit(EngineEvent::Progress(done.snapshot()));
                Ok(Outcome::Video(VideoOutcome { upload_id: session.id.clone(), video }))
            }
            other => Err(UploadError::new(
                ErrorCode::BadResponse,
                ErrorText::Panda { step: PandaStep::SendWhole, trouble: trouble::trouble(other) },
            )),
        }
    }

    /// After a cancel: abort the upload on the server. Best effort.
    async fn clean_up(&self, ctx: &EngineContext, record: UploadRecord) {
        let UploadRecord::Panda(r) = record else { return };
        let client = PandaClient::new(ctx, self.file.as_ref(), &r.location, &|_| {});
        let _ = client.delete().await;
    }
}

impl UploadFlow for PandaFlow {
    fn identity(&self) -> FlowIdentity {
        FlowIdentity {
            destination: Self::destination(&self.source.describe()),
            title: self.file.name(),
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
        Box::pin(self.upload_panda(ctx, record, emit))
    }

    fn discard<'a>(&'a self, ctx: &'a EngineContext, record: UploadRecord) -> LocalBoxFuture<'a, ()> {
        Box::pin(self.clean_up(ctx, record))
    }
}
