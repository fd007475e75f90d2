//! Panopto's REST API as the engine uses it: one method per operation, each owning the
//! chain (build with the bearer token → send with retries → judge → parse), as the S3
//! client does for S3.
//!
//! The token protocol: 401/403 → ask the host page for a fresh token and try once more
//! (the upload sample treats 403 as expiry, the API examples 401; tokens last about an
//! hour, uploads can last longer); transient errors back off; anything else fails with
//! Panopto's own message.

use super::context::{EngineContext, SendPolicy, Verdict};
use super::error::{ErrorCode, UploadError};
use super::ports::{HttpBody, HttpRequest, HttpResponse, TokenSource};
use crate::core::panopto_rest::{
    parse_response, PanoptoServer, RestError, RestRequest, SessionUpload, StreamUpload, UploadStatus,
};
use crate::text::{ErrorText, Step};
use serde::de::DeserializeOwned;
use std::cell::Cell;
use std::rc::Rc;

/// Which upload: a sessionUpload or a StreamUpload, by ID.
#[derive(Clone, Copy, Debug)]
pub enum UploadRef<'a> {
    Session(&'a str),
    Stream(&'a str),
}

impl UploadRef<'_> {
    pub fn id(&self) -> &str {
        match self {
            UploadRef::Session(id) | UploadRef::Stream(id) => id,
        }
    }
}

/// Where an upload stands (what polling needs of either kind).
#[derive(Clone, Debug, PartialEq)]
pub struct UploadState {
    pub state: UploadStatus,
    /// Known from the Processing state on (a StreamUpload names it from the start).
    pub session_id: Option<String>,
    pub message: Option<String>,
}

pub struct PanoptoClient<'a> {
    pub ctx: &'a EngineContext,
    pub server: &'a PanoptoServer,
    pub tokens: &'a dyn TokenSource,
}

impl PanoptoClient<'_> {
    /// `POST sessionUpload {FolderId}` → the new sessionUpload with its UploadTarget.
    pub async fn create_session_upload(&self, folder_id: &str) -> Result<SessionUpload, UploadError> {
        let build = |t: &str| self.server.create_session_upload(folder_id, t);
        self.call(Step::CreateSession, SendPolicy::creating(), build).await
    }

    /// `GET sessionUpload/{ID}`; `step` says why, for messages.
    pub async fn get_session_upload(&self, step: Step, id: &str) -> Result<SessionUpload, UploadError> {
        self.call(step, SendPolicy::default(), |t| self.server.get_session_upload(id, t)).await
    }

    /// `PUT sessionUpload/{ID}` with the whole object and State 1.
    pub async fn finish_session_upload(&self, upload: &SessionUpload) -> Result<SessionUpload, UploadError> {
        self.call(Step::FinishUpload, SendPolicy::default(), |t| self.server.finish_session_upload(upload, t)).await
    }

    /// `DELETE sessionUpload/{ID}`, once, even after a cancel (it is how a cancel cleans up).
    pub async fn delete_session_upload(&self, id: &str) -> Result<(), UploadError> {
        self.delete(|t| self.server.delete_session_upload(id, t)).await
    }

    /// StreamUpload: `POST upload {SessionID, StreamType, StreamStartTime?}` → the new
    /// upload with its UploadTarget.
    pub async fn create_stream_upload(&self, stream: &StreamUpload) -> Result<StreamUpload, UploadError> {
        let build = |t: &str| self.server.create_stream_upload(stream, t);
        self.call(Step::AddStream, SendPolicy::creating(), build).await
    }

    /// `GET upload/{ID}`; `step` says why, for messages.
    pub async fn get_stream_upload(&self, step: Step, id: &str) -> Result<StreamUpload, UploadError> {
        self.call(step, SendPolicy::default(), |t| self.server.get_stream_upload(id, t)).await
    }

    /// `PUT upload/{ID}` with the whole object and State 1.
    pub async fn finish_stream_upload(&self, stream: &StreamUpload) -> Result<StreamUpload, UploadError> {
        self.call(Step::FinishUpload, SendPolicy::default(), |t| self.server.finish_stream_upload(stream, t)).await
    }

    /// `DELETE upload/{ID}`, once, as for a sessionUpload.
    pub async fn delete_stream_upload(&self, id: &str) -> Result<(), UploadError> {
        self.delete(|t| self.server.delete_stream_upload(id, t)).await
    }

    /// Where either kind of upload stands, for polling.
    pub async fn upload_status(&self, step: Step, upload: UploadRef<'_>) -> Result<UploadState, UploadError> {
        match upload {
            UploadRef::Session(id) => {
                let u = self.get_session_upload(step, id).await?;
                Ok(UploadState { state: u.state, session_id: u.session_id, message: u.message })
            }
            UploadRef::Stream(id) => {
                let u = self.get_stream_upload(step, id).await?;
                let state = u.state.ok_or(UploadError::new(ErrorCode::BadResponse, ErrorText::NoState { step }))?;
                Ok(UploadState { state, session_id: Some(u.session_id), message: u.message })
            }
        }
    }

    async fn delete(&self, build: impl Fn(&str) -> Result<RestRequest, RestError>) -> Result<(), UploadError> {
        let step = Step::Cancel;
        let token = self.tokens.token(false).await?;
        let request = build(&token).map_err(|e| UploadError::from_rest(step, &e))?;
        let r = self.ctx.send_once(to_http(request)).await?;
        if (200..300).contains(&r.status) {
            Ok(())
        } else {
            Err(UploadError::from_rest(step, &RestError::from_response(r.status, &r.body)))
        }
    }

    pub(super) async fn call<T: DeserializeOwned>(
        &self,
        step: Step,
        policy: SendPolicy<'_>,
        build: impl Fn(&str) -> Result<RestRequest, RestError>,
    ) -> Result<T, UploadError> {
        let mut refreshed = false;
        loop {
            let token = self.tokens.token(refreshed).await?;
            let unauthorized = Cell::new(false);
            let result = self
                .ctx
                .send(
                    policy,
                    || build(&token).map(to_http).map_err(|e| UploadError::from_rest(step, &e)),
                    |r: &HttpResponse| match parse_response::<T>(r.status, &r.body) {
                        Ok(v) => Verdict::Done(v),
                        Err(e) => {
                            let err = UploadError::from_rest(step, &e);
                            unauthorized.set(matches!(r.status, 401 | 403));
                            if err.retryable() && !unauthorized.get() {
                                Verdict::Retry(err)
                            } else {
                                Verdict::Fail(err)
                            }
                        }
                    },
                )
                .await;
            if result.is_err() && unauthorized.get() && !refreshed {
                refreshed = true;
                continue;
            }
            return result;
        }
    }
}

fn to_http(r: RestRequest) -> HttpRequest {
    let body = r.body.map_or(HttpBody::Empty, |b| HttpBody::Bytes(Rc::new(b.into_bytes())));
    HttpRequest { method: r.method, url: r.url, headers: r.headers, body }
}
