//! [`Http`] over the browser's `fetch`, with an `AbortController` per request so pause,
//! cancel and stalled parts really stop the transfer.

use crate::engine::control::AbortSignal;
use crate::engine::ports::{Http, HttpError, HttpRequest, HttpResponse};
use futures_util::future::LocalBoxFuture;
use gloo_net::http::{Method, RequestBuilder};

pub struct FetchHttp;

fn method(m: &str) -> Method {
    match m {
        "GET" => Method::GET,
        "PUT" => Method::PUT,
        "POST" => Method::POST,
        "DELETE" => Method::DELETE,
        "HEAD" => Method::HEAD,
        _ => Method::OPTIONS,
    }
}

impl Http for FetchHttp {
    fn send<'a>(
        &'a self,
        request: HttpRequest,
        abort: &'a AbortSignal,
    ) -> LocalBoxFuture<'a, Result<HttpResponse, HttpError>> {
        Box::pin(async move {
            if abort.is_aborted() {
                return Err(HttpError::Aborted);
            }
            let controller = web_sys::AbortController::new()
                .map_err(|_| HttpError::Network("AbortController unavailable".into()))?;
            let c = controller.clone();
            abort.on_abort(move || c.abort());
            let mut builder = RequestBuilder::new(&request.url)
                .method(method(request.method))
                .abort_signal(Some(&controller.signal()))
                // Never send the page's cookies to S3 or the REST API: auth is explicit.
                .credentials(web_sys::RequestCredentials::Omit);
            for (name, value) in &request.headers {
                builder = builder.header(name, value);
            }
            let blob = request.slice.as_ref().and_then(|s| s.handle.downcast_ref::<web_sys::Blob>());
            let sent = match (blob, &request.body) {
                // Streamed from the file by the browser, never through wasm memory.
                (Some(blob), _) => builder.body(blob.clone()),
                // A view into wasm memory is copied by the browser when the request is built.
                (None, Some(body)) => builder.body(js_sys::Uint8Array::from(body.as_slice())),
                (None, None) => builder.build(),
            }
            .map_err(|e| HttpError::Network(e.to_string()))?
            .send()
            .await;
            let response = match sent {
                Ok(r) => r,
                Err(_) if abort.is_aborted() => return Err(HttpError::Aborted),
                // fetch gives no detail for CORS or connection failures, by design.
                Err(e) => {
                    return Err(HttpError::Network(format!(
                        "{} {} failed: {e}",
                        request.method,
                        strip_query(&request.url)
                    )))
                }
            };
            let headers = response.headers().entries().map(|(n, v)| (n.to_ascii_lowercase(), v)).collect();
            let status = response.status();
            let body = match response.text().await {
                Ok(t) => t,
                Err(_) if abort.is_aborted() => return Err(HttpError::Aborted),
                Err(e) => return Err(HttpError::Network(format!("reading the answer failed: {e}"))),
            };
            Ok(HttpResponse { status, headers, body })
        })
    }
}

/// Error messages name the URL without its query (upload IDs, presigned parameters).
fn strip_query(url: &str) -> &str {
    url.split('?').next().unwrap_or(url)
}
