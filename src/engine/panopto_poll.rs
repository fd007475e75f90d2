//! After State 1: poll the upload (a sessionUpload or a StreamUpload) until Panopto reaches
//! a terminal state. Polling only for Complete (as the Python sample does) would loop
//! forever on a failed upload, so every terminal state ends it: {2, 4, 5, 7, 8}
//! (SessionUploadExample `CompletedStates`).

use crate::core::panopto_rest::UploadStatus;
use crate::engine::error::{ErrorCode, UploadError};
use crate::engine::flow::{EngineEvent, Outcome, Phase, SessionOutcome};
use crate::engine::panopto_client::{PanoptoClient, UploadRef};
use crate::text::{ErrorText, Step};

/// How often to ask: the first wait, then ×1.5 up to the longest.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PollTimes {
    pub first_ms: u32,
    pub max_ms: u32,
}

/// Poll `upload`, waiting longer between polls.
pub async fn poll_until_terminal(
    panopto: &PanoptoClient<'_>,
    times: PollTimes,
    upload: UploadRef<'_>,
    emit: &dyn Fn(EngineEvent),
) -> Result<Outcome, UploadError> {
    let mut wait = times.first_ms;
    loop {
        panopto.ctx.clock.sleep(wait).await;
        wait = (wait + wait / 2).min(times.max_ms);
        let current = panopto.upload_status(Step::CheckProcessing, upload).await?;
        let message = current.message.clone().filter(|m| !m.is_empty());
        match current.state {
            UploadStatus::Complete => {
                let session_id = current.session_id.clone().unwrap_or_default();
                let viewer_url = panopto.server.viewer_url(&session_id);
                emit(EngineEvent::Phase(Phase::Complete {
                    session_id: session_id.clone(),
                    viewer_url: viewer_url.clone(),
                }));
                let upload_id = upload.id().to_string();
                return Ok(Outcome::Session(SessionOutcome { upload_id, session_id, viewer_url }));
            }
            UploadStatus::ProcessingError => {
                return Err(UploadError::new(ErrorCode::ProcessingFailed, ErrorText::ProcessingFailed { message }));
            }
            s if s.is_terminal() => {
                let text = ErrorText::EndedByServer { state: s.name().to_string(), message };
                return Err(UploadError::new(ErrorCode::CancelledByServer, text));
            }
            _ => {}
        }
    }
}
