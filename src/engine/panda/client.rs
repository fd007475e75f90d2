//! Panda's protocol as the engine uses it: one method per request to the upload location,
//! each owning build → send → judge → parse (as the S3 and Panopto clients do), and
//! following every `Location` the server sends (it may move the upload to another host).
//! The page's token never goes here: only to the host's back end that creates the session.

use super::trouble::{transient_code, trouble};
use crate::core::panda::answer::{judge, Answer};
use crate::core::panda::request::{self, resolve_location, PandaBody, PandaRequest, FORM_FIELD};
use crate::engine::context::{Attempt, EngineContext, SendPolicy, Verdict};
use crate::engine::error::{ErrorCode, UploadError};
use crate::engine::ports::{FileSource, HttpBody, HttpRequest, HttpResponse};
use crate::text::{ErrorText, PandaStep, PandaTrouble};
use std::cell::RefCell;
use std::rc::Rc;

pub struct PandaClient<'a> {
    pub ctx: &'a EngineContext,
    pub file: &'a dyn FileSource,
    location: RefCell<String>,
    /// Called with the new location when the server moves the upload.
    on_moved: &'a dyn Fn(&str),
}

impl<'a> PandaClient<'a> {
    pub fn new(ctx: &'a EngineContext, file: &'a dyn FileSource, location: &str, on_moved: &'a dyn Fn(&str)) -> Self {
        PandaClient { ctx, file, location: RefCell::new(location.to_string()), on_moved }
    }

    pub fn location(&self) -> String {
        self.location.borrow().clone()
    }

    /// `PUT` bytes `[start, end)`, once: after a failure the caller asks the server where
    /// it stands before sending more (a dropped chunk may have been partly kept).
    /// `on_sent`: the chunk's bytes on the wire, as the transport reports them.
    pub async fn put_chunk(&self, start: u64, end: u64, on_sent: &dyn Fn(u64)) -> Result<Attempt, UploadError> {
        let body = file_body(self.file, start, end).await?;
        let req = http(request::chunk(&self.location(), start, end, self.file.size()), body);
        let attempt = self.ctx.attempt(req, SendPolicy { on_sent: Some(on_sent), ..SendPolicy::default() }).await?;
        if let Attempt::Answered(r) = &attempt {
            self.follow(PandaStep::UploadChunk, r)?;
        }
        Ok(attempt)
    }

    /// The empty `PUT` with `bytes */L`: what the server holds. Retried while the server
    /// is unreachable or answers 5xx; every other answer is the caller's to judge.
    pub async fn status(&self) -> Result<Answer, UploadError> {
        let build = |location: &str| request::status(location, self.file.size());
        self.retried(PandaStep::AskWhere, build, HttpBody::Empty).await
    }

    /// The whole file as a multipart form, for a browser that cannot read the answers'
    /// `Range`: one request, retried whole (not resumable).
    pub async fn form(&self) -> Result<Answer, UploadError> {
        let file = Box::new(file_body(self.file, 0, self.file.size()).await?);
        let body = HttpBody::Form { field: FORM_FIELD.to_string(), file_name: self.file.name(), file };
        self.retried(PandaStep::SendWhole, request::form, body).await
    }

    /// `DELETE`, once, even after a cancel (it is how a cancel cleans up).
    pub async fn delete(&self) -> Result<(), UploadError> {
        let response = self.ctx.send_once(http(request::delete(&self.location()), HttpBody::Empty)).await?;
        match judge(response.status, None, &response.body) {
            Answer::Complete(_) | Answer::Held(_) | Answer::Gone(_) => Ok(()),
            other => Err(UploadError::new(
                ErrorCode::Rejected,
                ErrorText::Panda { step: PandaStep::Abort, trouble: trouble(other) },
            )),
        }
    }

    /// `body` is built once (a slice or shared bytes) and sent again as it is.
    async fn retried(
        &self,
        step: PandaStep,
        build: impl Fn(&str) -> PandaRequest,
        body: HttpBody,
    ) -> Result<Answer, UploadError> {
        self.ctx
            .send(
                SendPolicy::default(),
                || Ok(http(build(&self.location()), body.clone())),
                |r: &HttpResponse| {
                    if let Err(e) = self.follow(step, r) {
                        return Verdict::Fail(e);
                    }
                    match judge(r.status, r.header("range"), &r.body) {
                        Answer::Transient { status, message } => {
                            let text = ErrorText::Panda { step, trouble: PandaTrouble::Unavailable(message) };
                            Verdict::Retry(UploadError::new(transient_code(status), text))
                        }
                        answer => Verdict::Done(answer),
                    }
                },
            )
            .await
    }

    /// Every answer may carry a new `Location`: use it from now on.
    fn follow(&self, step: PandaStep, r: &HttpResponse) -> Result<(), UploadError> {
        let Some(location) = r.header("location") else { return Ok(()) };
        let current = self.location();
        let next = resolve_location(&current, location).map_err(|flaw| {
            UploadError::new(ErrorCode::BadResponse, ErrorText::Panda { step, trouble: PandaTrouble::Location(flaw) })
        })?;
        if next != current {
            *self.location.borrow_mut() = next.clone();
            (self.on_moved)(&next);
        }
        Ok(())
    }
}

/// The request with its body (the protocol's body says which part of the file; `body`
/// is that part, ready to send).
fn http(r: PandaRequest, body: HttpBody) -> HttpRequest {
    let body = match r.body {
        PandaBody::Empty => HttpBody::Empty,
        PandaBody::Json(json) => HttpBody::Bytes(Rc::new(json.into_bytes())),
        PandaBody::FileRange { .. } | PandaBody::FileForm => body,
    };
    HttpRequest { method: r.method, url: r.url, headers: r.headers, body }
}

/// The range as a slice the browser streams from disk (or, for a file held in memory, its
/// bytes).
async fn file_body(file: &dyn FileSource, start: u64, end: u64) -> Result<HttpBody, UploadError> {
    match file.slice(start, end) {
        Some(slice) => Ok(HttpBody::Slice(slice)),
        None => Ok(HttpBody::Bytes(Rc::new(file.read(start, end).await.map_err(UploadError::from)?))),
    }
}
