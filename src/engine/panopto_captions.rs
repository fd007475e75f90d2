//! Captions for a session, through Panopto's REST API v1 (`POST sessions/{id}/captions`,
//! multipart/form-data: see `core::panopto_rest::captions` for what Panopto's OpenAPI says of
//! it). Used after a stream is added to an existing session: StreamUpload has no manifest to
//! carry them. The file is read whole through the [`FileSource`] port (captions are small:
//! one over [`MAX_CAPTION_BYTES`] is refused before anything is sent); the request goes
//! through [`PanoptoClient`]'s `call_judged`, so 401/403 get a fresh token once and
//! 5xx/429/network failures back off and retry, while another 4xx fails at once.

use super::context::SendPolicy;
use super::error::{ErrorCode, UploadError};
use super::panopto_client::PanoptoClient;
use super::ports::{FileSource, HttpBody, HttpRequest};
use crate::core::panopto_rest::captions::{judge_captions, session_captions, MAX_CAPTION_BYTES};
use crate::text::{ErrorText, Step};
use std::rc::Rc;

impl PanoptoClient<'_> {
    /// Add the caption `file` (SRT or VTT) in `language` (a tag such as `fr-FR`) to the session.
    pub async fn add_session_caption(
        &self,
        session_id: &str,
        file: &dyn FileSource,
        language: &str,
    ) -> Result<(), UploadError> {
        let (name, size) = (file.name(), file.size());
        if size > MAX_CAPTION_BYTES {
            return Err(UploadError::new(ErrorCode::InvalidFile, ErrorText::CaptionTooLarge { name, size }));
        }
        let content = file.read(0, size).await?;
        let origin = self.server.origin();
        let build = |t: &str| {
            let r = session_captions(origin, session_id, &name, language, &content, t)?;
            Ok(HttpRequest { method: "POST", url: r.url, headers: r.headers, body: HttpBody::Bytes(Rc::new(r.body)) })
        };
        self.call_judged(Step::AddCaption, SendPolicy::default(), build, judge_captions).await
    }
}
