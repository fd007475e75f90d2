//! The seam between a queued file and the protocol that uploads it.
//!
//! A flow is one way of getting a recording to a server: Panopto's sessionUpload (a new
//! session from a media file, extra streams and captions, with a UCS manifest) today;
//! Panopto's StreamUpload and Panda's resumable Content-Range protocol sit beside it. What
//! they share is not copied into each: retries, pause, stalls and throttling are
//! [`super::context::EngineContext::send`]; progress is [`super::progress`]; saving for a
//! resume after reload is [`super::runner`] with [`super::saver`], which only see an
//! [`UploadRecord`] and the [`EngineEvent`]s a flow reports.

use super::context::EngineContext;
use super::error::UploadError;
use super::progress::Progress;
use super::upload_record::UploadRecord;
use crate::core::json::Json;
use futures_util::future::LocalBoxFuture;
use std::cell::RefCell;

/// Where a flow stands, as the item's state machine shows it.
#[derive(Clone, Debug, PartialEq)]
pub enum Phase {
    /// Creating the upload on the server (a new one, not a resumed one).
    Creating,
    Uploading,
    /// The files are in; the last steps (manifest, finishing call) are under way.
    Finishing,
    /// The server is processing (polling).
    Processing,
    Complete {
        session_id: String,
        viewer_url: String,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub enum EngineEvent {
    Phase(Phase),
    /// More bytes acknowledged (never goes back).
    Progress(Progress),
    /// The [`UploadRecord`] changed (an upload created, a part acknowledged, a file
    /// finished): the moment to save it for a resume after reload.
    Checkpoint,
    /// Something the teacher should know about how the upload goes.
    Notice(Notice),
    /// Another tab of the site is uploading this file: this run waits for it (`true`),
    /// and now holds it (`false`; see `tab_lock.rs`).
    Elsewhere(bool),
    /// Something that came with the upload did not make it (a caption file Panopto
    /// refused), though the upload itself goes on to complete: code [`ErrorCode::Caption`].
    ///
    /// [`ErrorCode::Caption`]: super::error::ErrorCode::Caption
    Warning(UploadError),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Notice {
    /// The server's answers cannot be read by this page (CORS), so the file goes as one
    /// request: it cannot resume, and the bar moves only at the end.
    WholeFileAtOnce,
}

/// What a completed upload produced (the `uploadcomplete` event's detail; kept for a tab
/// that waited for this one, `tab_lock.rs`).
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// A Panopto session.
    Session(SessionOutcome),
    /// A video Panda stored.
    Video(VideoOutcome),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionOutcome {
    /// The server's ID of the upload (the sessionUpload).
    pub upload_id: String,
    pub session_id: String,
    /// Where the teacher watches the result.
    pub viewer_url: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct VideoOutcome {
    /// The upload session's id.
    pub upload_id: String,
    /// The server's answer to the last byte: the video, as JSON.
    pub video: Json,
}

impl Outcome {
    pub fn session(&self) -> Option<&SessionOutcome> {
        match self {
            Outcome::Session(s) => Some(s),
            Outcome::Video(_) => None,
        }
    }

    pub fn video(&self) -> Option<&VideoOutcome> {
        match self {
            Outcome::Video(v) => Some(v),
            Outcome::Session(_) => None,
        }
    }
}

/// What a saved record is for: it is only offered back to an upload of the same files to
/// the same place (and brings back the title and description the teacher typed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlowIdentity {
    /// The protocol and the place, e.g. `sessionUpload https://school.example folder <id>`.
    pub destination: String,
    pub title: String,
    pub description: Option<String>,
    /// Name and size of every file, in the flow's order.
    pub files: Vec<(String, u64)>,
}

impl FlowIdentity {
    pub fn total_bytes(&self) -> u64 {
        self.files.iter().map(|(_, size)| size).sum()
    }
}

pub trait UploadFlow {
    fn identity(&self) -> FlowIdentity;

    /// Upload, or continue from `record` (written at every step, with an
    /// [`EngineEvent::Checkpoint`]). On failure the record says how far the server got,
    /// so running again resumes.
    fn upload<'a>(
        &'a self,
        ctx: &'a EngineContext,
        record: &'a RefCell<UploadRecord>,
        emit: &'a dyn Fn(EngineEvent),
    ) -> LocalBoxFuture<'a, Result<Outcome, UploadError>>;

    /// Undo, best effort, what `record` left on the server (a cancel; "start over" on a
    /// saved upload). The server also expires abandoned uploads.
    fn discard<'a>(&'a self, ctx: &'a EngineContext, record: UploadRecord) -> LocalBoxFuture<'a, ()>;

    /// [`Self::upload`], cleaning up after a cancel what the record still names on the
    /// server (the record is emptied first, so a save that races the clean-up cannot bring
    /// it back). What every flow does around its upload, written once.
    fn run<'a>(
        &'a self,
        ctx: &'a EngineContext,
        record: &'a RefCell<UploadRecord>,
        emit: &'a dyn Fn(EngineEvent),
    ) -> LocalBoxFuture<'a, Result<Outcome, UploadError>> {
        Box::pin(async move {
            let result = self.upload(ctx, record, emit).await;
            if result.as_ref().is_err_and(UploadError::is_cancelled) {
                let left = std::mem::take(&mut *record.borrow_mut());
                self.discard(ctx, left).await;
            }
            result
        })
    }
}
