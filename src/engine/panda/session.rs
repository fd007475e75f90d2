//! Creating a Panda upload session: through the host's back end (it holds the API keys),
//! either at a URL the element POSTs `{file_size, file_name}` to, or with the host's own
//! `createUpload(file)`. The page's token, if it has one, goes with the POST (and only
//! there); a 401/403 asks the page for a fresh one once, as the REST API does.

use crate::core::panda::answer::{message, parse_session, PandaSession};
use crate::core::panda::request::{self, resolve_location, PandaBody};
use crate::engine::context::{EngineContext, SendPolicy, Verdict};
use crate::engine::error::{ErrorCode, UploadError};
use crate::engine::ports::{CreateUpload, HttpBody, HttpRequest, HttpResponse, TokenSource};
use crate::text::{ErrorText, PandaStep, PandaTrouble};
use std::cell::Cell;
use std::rc::Rc;

/// Where upload sessions come from.
#[derive(Clone)]
pub enum SessionSource {
    /// The element's `upload-session-url` (absolute).
    Url(String),
    /// The host page's `createUpload` property.
    Host(Rc<dyn CreateUpload>),
}

impl SessionSource {
    /// For [`crate::engine::flow::FlowIdentity::destination`]: a saved upload is only offered
    /// back to the same back end.
    pub fn describe(&self) -> String {
        describe(match self {
            SessionSource::Url(url) => Some(url),
            SessionSource::Host(_) => None,
        })
    }
}

/// A source of upload sessions as [`SessionSource::describe`] names it: its URL, or the
/// page's function (`None`).
pub fn describe(url: Option<&str>) -> String {
    url.map_or_else(|| "createUpload".into(), str::to_string)
}

pub async fn create_session(
    ctx: &EngineContext,
    source: &SessionSource,
    tokens: &dyn TokenSource,
    file_name: &str,
    file_size: u64,
) -> Result<PandaSession, UploadError> {
    let url = match source {
        SessionSource::Host(host) => return host.create(file_name, file_size).await,
        SessionSource::Url(url) => url,
    };
    let step = PandaStep::CreateSession;
    let fail = |code, trouble| UploadError::new(code, ErrorText::Panda { step, trouble });
    let mut refreshed = false;
    loop {
        let token = if refreshed { Some(tokens.token(true).await?) } else { tokens.optional().await? };
        let unauthorized = Cell::new(false);
        let build = || {
            let r = request::create_session(url, file_name, file_size, token.as_deref());
            let body = match r.body {
                PandaBody::Json(json) => HttpBody::Bytes(Rc::new(json.into_bytes())),
                _ => HttpBody::Empty,
            };
            Ok(HttpRequest { method: r.method, url: r.url, headers: r.headers, body })
        };
        let judge = |r: &HttpResponse| match r.status {
            200..=299 => match parse_session(r.status, &r.body) {
                Ok(s) => match resolve_location(url, &s.location) {
                    Ok(location) => Verdict::Done(PandaSession { location, ..s }),
                    Err(flaw) => Verdict::Fail(fail(ErrorCode::BadResponse, PandaTrouble::Location(flaw))),
                },
                Err(flaw) => Verdict::Fail(fail(ErrorCode::BadResponse, PandaTrouble::Session(flaw))),
            },
            401 | 403 => {
                unauthorized.set(true);
                Verdict::Fail(fail(ErrorCode::Unauthorized, PandaTrouble::TokenRefused(message(r.status, &r.body))))
            }
            408 | 429 | 500..=599 => Verdict::Retry(fail(
                ErrorCode::ServerUnavailable,
                PandaTrouble::Unavailable(message(r.status, &r.body)),
            )),
            404 => {
                let said = message(r.status, &r.body);
                Verdict::Fail(fail(ErrorCode::NotFound, PandaTrouble::NoEndpoint { url: url.clone(), said }))
            }
            _ => Verdict::Fail(fail(ErrorCode::Rejected, PandaTrouble::Refused(message(r.status, &r.body)))),
        };
        let result = ctx.send(SendPolicy::creating(), build, judge).await;
        if result.is_err() && unauthorized.get() && !refreshed {
            refreshed = true;
            continue;
        }
        return result;
    }
}
