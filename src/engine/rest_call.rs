//! Panopto REST calls with the token protocol: 401/403 → ask the host page for a fresh
//! token and try once more (the upload sample treats 403 as expiry, the API examples 401;
//! tokens last about an hour, uploads can last longer); transient errors back off;
//! anything else fails with Panopto's own message.

use super::context::{EngineContext, Verdict};
use super::control::AbortSignal;
use super::error::UploadError;
use super::ports::{HttpRequest, HttpResponse};
use crate::core::panopto_rest::{parse_response, RestError, RestRequest};
use futures_util::future::LocalBoxFuture;
use std::cell::Cell;
use std::rc::Rc;

/// The host page's bearer token. `refresh` asks for a new one (after a 401/403), which
/// then becomes the current one.
pub trait TokenSource {
    fn token(&self, refresh: bool) -> LocalBoxFuture<'_, Result<String, UploadError>>;
}

pub(crate) fn rest_http(r: RestRequest) -> HttpRequest {
    let body = r.body.map(|b| Rc::new(b.into_bytes()));
    HttpRequest { method: r.method, url: r.url, headers: r.headers, body, slice: None }
}

pub async fn rest<T: serde::de::DeserializeOwned>(
    ctx: &EngineContext,
    tokens: &dyn TokenSource,
    operation: &str,
    build: impl Fn(&str) -> Result<RestRequest, RestError>,
) -> Result<T, UploadError> {
    let mut refreshed = false;
    loop {
        let token = tokens.token(refreshed).await?;
        let unauthorized = Cell::new(false);
        let result = ctx
            .send(
                || build(&token).map(rest_http).map_err(|e| UploadError::from_rest(operation, &e)),
                |r: &HttpResponse| match parse_response::<T>(r.status, &r.body) {
                    Ok(v) => Verdict::Done(v),
                    Err(e) => {
                        let err = UploadError::from_rest(operation, &e);
                        unauthorized.set(matches!(r.status, 401 | 403));
                        if err.retryable && !unauthorized.get() {
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

/// A REST call that must go out even though the user cancelled (the DELETE that
/// discards the upload): one attempt, no pause or cancel checks.
pub async fn rest_once(
    ctx: &EngineContext,
    tokens: &dyn TokenSource,
    operation: &str,
    build: impl Fn(&str) -> Result<RestRequest, RestError>,
) -> Result<(), UploadError> {
    let token = tokens.token(false).await?;
    let request = build(&token).map_err(|e| UploadError::from_rest(operation, &e))?;
    match ctx.http.send(rest_http(request), &AbortSignal::new()).await {
        Ok(r) if (200..300).contains(&r.status) => Ok(()),
        Ok(r) => Err(UploadError::from_rest(operation, &RestError::from_response(r.status, &r.body))),
        Err(e) => Err(UploadError::new("network", e.to_string(), true)),
    }
}
