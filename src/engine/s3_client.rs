//! S3 as the engine uses it: one method per operation on one object, each owning the whole
//! chain (build and sign → send with retries → judge → parse), as object_store's S3 client
//! and Uppy's `S3Client` do. The request builders and parsers themselves are the pure
//! [`crate::core::s3`]; how a request is sent (pause, stalls, backoff) is the context's.

use super::context::{EngineContext, SendPolicy, Verdict};
use super::error::{ErrorCode, UploadError};
use super::ports::{FileSlice, HttpBody, HttpRequest, HttpResponse};
use crate::core::amz_date::AmzDate;
use crate::core::part_plan::PartRange;
use crate::core::s3::complete_multipart_upload::CompleteBuildError;
use crate::core::s3::head_object::HeadObjectOutput;
use crate::core::s3::list_parts::ListedPart;
use crate::core::s3::{self, CompletedPart, S3Auth, S3Body, S3Code, S3Error, S3Object, S3Request};
use crate::core::sigv4::SigningError;
use crate::core::upload_target::ObjectLocation;
use crate::text::ErrorText;
use std::rc::Rc;

/// A part's body: a slice of the file the transport sends itself, or (for in-memory
/// files such as the manifest) the bytes.
pub enum PartBody {
    Bytes(Rc<Vec<u8>>),
    Slice(FileSlice),
}

pub struct S3Client<'a> {
    ctx: &'a EngineContext,
    object: S3Object,
}

impl<'a> S3Client<'a> {
    pub fn new(ctx: &'a EngineContext, object: S3Object) -> Self {
        S3Client { ctx, object }
    }

    /// The client for object `name` of an upload's UploadTarget (a sessionUpload's or a
    /// StreamUpload's: the key rule is the same).
    pub fn in_target(
        ctx: &'a EngineContext,
        target: Option<&str>,
        name: &str,
        auth: Option<S3Auth>,
    ) -> Result<Self, UploadError> {
        let bad = |text| UploadError::new(ErrorCode::BadResponse, text);
        let target = target.ok_or_else(|| bad(ErrorText::NoUploadTarget))?;
        let location = ObjectLocation::new(target, name).map_err(|e| bad(ErrorText::Target(e)))?;
        Ok(S3Client { ctx, object: S3Object::new(location, auth) })
    }

    /// The object's name in the upload target.
    pub fn file_name(&self) -> &str {
        self.object.location.file_name()
    }

    /// `POST ?uploads` → the new multipart upload's ID.
    pub async fn create_multipart_upload(&self, content_type: Option<&str>) -> Result<String, UploadError> {
        let build = |now| s3::create_multipart_upload::build(&self.object, content_type, now).map_err(signing_error);
        let parse = |r: &HttpResponse| s3::create_multipart_upload::parse(r.status, &r.body);
        let creates = SendPolicy::creating();
        Ok(self.call("CreateMultipartUpload", build, None, parse, creates).await?.upload_id)
    }

    /// `PUT ?partNumber&uploadId` → the part's ETag (`None` when CORS hides the header).
    /// Signed at each attempt, never ahead: a part waiting for a slot would carry a stale
    /// `x-amz-date`.
    /// `on_sent`: the part's bytes on the wire, as the transport reports them.
    pub async fn upload_part(
        &self,
        upload_id: &str,
        part: PartRange,
        body: &PartBody,
        on_sent: &dyn Fn(u64),
    ) -> Result<Option<String>, UploadError> {
        let ctx = self.ctx;
        let build = || {
            let request = s3::upload_part::build(&self.object, upload_id, part, ctx.signing_time());
            Ok(to_http(request.map_err(signing_error)?, Some(body)))
        };
        let judge =
            |r: &HttpResponse| judge(ctx, "UploadPart", r, s3::upload_part::parse(r.status, r.header("etag"), &r.body));
        ctx.send(SendPolicy { on_sent: Some(on_sent), ..SendPolicy::default() }, build, judge).await
    }

    /// `GET ?uploadId`, every page: the parts the server holds.
    pub async fn list_parts(&self, upload_id: &str) -> Result<Vec<ListedPart>, UploadError> {
        let mut marker = None;
        let mut all = Vec::new();
        loop {
            let build = |now| s3::list_parts::build(&self.object, upload_id, marker, now).map_err(signing_error);
            let parse = |r: &HttpResponse| s3::list_parts::parse(r.status, &r.body);
            let page = self.call("ListParts", build, None, parse, SendPolicy::default()).await?;
            all.extend(page.parts);
            match page.next_part_number_marker {
                Some(m) => marker = Some(m),
                None => return Ok(all),
            }
        }
    }

    /// `POST ?uploadId` with the checked part list → the object's ETag. S3 documents that
    /// assembling a big object can take minutes, so this one waits up to
    /// `StallConfig::complete_ms` for its answer.
    pub async fn complete_multipart_upload(
        &self,
        upload_id: &str,
        parts: &[CompletedPart],
    ) -> Result<String, UploadError> {
        let build = |now| {
            s3::complete_multipart_upload::build(&self.object, upload_id, parts, now).map_err(|e| match e {
                CompleteBuildError::Parts(e) => UploadError::new(ErrorCode::Parts, ErrorText::Parts(e)),
                CompleteBuildError::Signing(e) => signing_error(e),
            })
        };
        let parse = |r: &HttpResponse| s3::complete_multipart_upload::parse(r.status, &r.body);
        let patient = SendPolicy { limit_ms: Some(self.ctx.stall.complete_ms), ..SendPolicy::default() };
        Ok(self.call("CompleteMultipartUpload", build, None, parse, patient).await?.etag)
    }

    /// `HEAD` the object: its size and ETag, if it exists.
    pub async fn head_object(&self) -> Result<HeadObjectOutput, UploadError> {
        let build = |now| s3::head_object::build(&self.object, now).map_err(signing_error);
        let parse = |r: &HttpResponse| s3::head_object::parse(r.status, r.header("content-length"), r.header("etag"));
        self.call("HeadObject", build, None, parse, SendPolicy::default()).await
    }

    /// `DELETE ?uploadId`, once, even after a cancel (it is how a cancel cleans up).
    pub async fn abort_multipart_upload(&self, upload_id: &str) -> Result<(), UploadError> {
        let request = s3::abort_multipart_upload::build(&self.object, upload_id, self.ctx.signing_time())
            .map_err(signing_error)?;
        let response = self.ctx.send_once(to_http(request, None)).await?;
        s3::abort_multipart_upload::parse(response.status, &response.body)
            .map_err(|e| UploadError::from_s3("AbortMultipartUpload", &e))
    }

    /// Build (signed with the corrected time) → send → judge → parse, for every attempt.
    async fn call<T>(
        &self,
        operation: &'static str,
        build: impl Fn(AmzDate) -> Result<S3Request, UploadError>,
        body: Option<&PartBody>,
        parse: impl Fn(&HttpResponse) -> Result<T, S3Error>,
        policy: SendPolicy<'_>,
    ) -> Result<T, UploadError> {
        let ctx = self.ctx;
        let request = || Ok(to_http(build(ctx.signing_time())?, body));
        let judge = |r: &HttpResponse| judge(ctx, operation, r, parse(r));
        ctx.send(policy, request, judge).await
    }
}

/// Clock skew teaches the context the server's time and retries (re-signed); other
/// transient errors retry; the rest fail with S3's own code and message.
fn judge<T>(
    ctx: &EngineContext,
    operation: &'static str,
    response: &HttpResponse,
    parsed: Result<T, S3Error>,
) -> Verdict<T> {
    match parsed {
        Ok(v) => Verdict::Done(v),
        Err(e) => {
            if e.code == S3Code::RequestTimeTooSkewed {
                let server = e
                    .server_time
                    .as_deref()
                    .and_then(|t| AmzDate::parse_rfc3339_utc(t).ok())
                    .or_else(|| response.header("date").and_then(|d| AmzDate::parse_http_date(d).ok()));
                if let Some(server) = server {
                    ctx.learn_server_time(server);
                }
            }
            let err = UploadError::from_s3(operation, &e);
            if e.is_retryable() {
                Verdict::Retry(err)
            } else {
                Verdict::Fail(err)
            }
        }
    }
}

fn signing_error(e: SigningError) -> UploadError {
    UploadError::new(ErrorCode::Signing, ErrorText::Signing(e))
}

fn to_http(r: S3Request, body: Option<&PartBody>) -> HttpRequest {
    let body = match (r.body, body) {
        (S3Body::Empty, _) => HttpBody::Empty,
        (S3Body::Bytes(b), _) => HttpBody::Bytes(Rc::new(b)),
        (S3Body::FileSlice { .. }, Some(PartBody::Bytes(b))) => HttpBody::Bytes(b.clone()),
        (S3Body::FileSlice { .. }, Some(PartBody::Slice(s))) => HttpBody::Slice(s.clone()),
        (S3Body::FileSlice { .. }, None) => HttpBody::Empty,
    };
    HttpRequest { method: r.method, url: r.url, headers: r.headers, body }
}
