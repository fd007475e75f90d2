//! Panopto's REST API as the engine uses it: one method per operation, each owning the
//! chain (build with the bearer token → send with retries → judge → parse), as the S3
//! client does for S3.
//!
//! The token protocol: 401 → a fresh token (from the page, its provider or the sign-in)
//! and one more try; 403 → the same only where a fresh token can be had at once, else
//! `forbidden` with Panopto's message at once (a permission is not a token's age); an ended
//! sign-in → the request waits for the teacher to sign in again. Transient errors back off;
//! anything else fails with Panopto's own message.

use super::context::{EngineContext, SendPolicy, Verdict};
use super::control::RunState;
use super::error::{ErrorCode, UploadError};
use super::ports::{HttpBody, HttpRequest, HttpResponse, TokenSource};
use crate::core::json::FromJson;
use crate::core::panopto_rest::{
    parse_response, PanoptoServer, RestError, RestRequest, SessionUpload, StreamUpload, UploadStatus,
};
use crate::text::{ErrorText, Step};
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

/// How often a request waiting for a new sign-in looks again.
const SIGN_IN_POLL_MS: u32 = 500;

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

    pub(super) async fn call<T: FromJson>(
        &self,
        step: Step,
        policy: SendPolicy<'_>,
        build: impl Fn(&str) -> Result<RestRequest, RestError>,
    ) -> Result<T, UploadError> {
        let build = |t: &str| build(t).map(to_http);
        self.call_judged(step, policy, build, |status, body| parse_response::<T>(status, body)).await
    }

    /// [`Self::call`] for a request that is not JSON, or an answer that is not an object:
    /// `build` makes the HTTP request with the token, `judge` reads the answer.
    pub(super) async fn call_judged<T>(
        &self,
        step: Step,
        policy: SendPolicy<'_>,
        build: impl Fn(&str) -> Result<HttpRequest, RestError>,
        judge: impl Fn(u16, &str) -> Result<T, RestError>,
    ) -> Result<T, UploadError> {
        let mut refused: Option<String> = None;
        loop {
            let token = match refused.as_deref().map(|r| self.tokens.renewed_since(r)) {
                Some(Some(renewed)) => renewed,
                other => self.token(other.is_some()).await?,
            };
            let status = Cell::new(0);
            let result = self
                .ctx
                .send(
                    policy,
                    || build(&token).map_err(|e| UploadError::from_rest(step, &e)),
                    |r: &HttpResponse| match judge(r.status, &r.body) {
                        Ok(v) => Verdict::Done(v),
                        Err(e) => {
                            let err = UploadError::from_rest(step, &e);
                            status.set(r.status);
                            if err.retryable() && !matches!(r.status, 401 | 403) {
                                Verdict::Retry(err)
                            } else {
                                Verdict::Fail(err)
                            }
                        }
                    },
                )
                .await;
            // 401: the token is no good; a fresh one, from wherever the page gives them.
            // 403: Panopto refuses the action to this user: a fresh token is worth one try
            // only where it can be had at once (a provider, a refresh token); a token the
            // page set, or an implicit sign-in's, would be the same refusal after a wait.
            let again = match status.get() {
                401 => true,
                403 => self.tokens.renewable(),
                _ => false,
            };
            if result.is_err() && again && refused.is_none() {
                refused = Some(token);
                continue;
            }
            return result;
        }
    }

    /// The token for a request. When the teacher's sign-in has ended (an implicit token
    /// expired: it cannot be refreshed), the request waits for them to sign in again —
    /// the card offers it; parts, which need no token, go on — and a cancel ends the wait.
    async fn token(&self, refresh: bool) -> Result<String, UploadError> {
        let mut refresh = refresh;
        loop {
            if !self.tokens.awaits_sign_in() {
                match self.tokens.token(refresh).await {
                    Err(_) if self.tokens.awaits_sign_in() => {}
                    result => return result,
                }
            }
            refresh = false;
            if self.ctx.control.state() == RunState::Cancelled {
                return Err(UploadError::cancelled());
            }
            self.ctx.clock.sleep(SIGN_IN_POLL_MS).await;
        }
    }
}

fn to_http(r: RestRequest) -> HttpRequest {
    let body = r.body.map_or(HttpBody::Empty, |b| HttpBody::Bytes(Rc::new(b.into_bytes())));
    HttpRequest { method: r.method, url: r.url, headers: r.headers, body }
}
