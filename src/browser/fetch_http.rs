//! [`Http`] over the browser's `fetch`, with an `AbortController` per request so pause,
//! cancel and stalled parts really stop the transfer.

use crate::engine::control::AbortSignal;
use crate::engine::ports::{Http, HttpBody, HttpError, HttpRequest, HttpResponse};
use futures_util::future::LocalBoxFuture;
use gloo_net::http::{Method, RequestBuilder};
use wasm_bindgen::JsValue;

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
            let sent = match &request.body {
                HttpBody::Empty => builder.build(),
                HttpBody::Form { field, file_name, file } => {
                    let form =
                        web_sys::FormData::new().map_err(|_| HttpError::Network("FormData unavailable".into()))?;
                    let appended = match blob_of(file) {
                        Some(blob) => form.append_with_blob_and_filename(field, &blob, file_name),
                        None => Err(JsValue::NULL),
                    };
                    appended.map_err(|_| HttpError::Network("could not build the form body".into()))?;
                    builder.body(form)
                }
                body => builder.body(js_body(body).unwrap_or(JsValue::NULL)),
            }
            .map_err(|e| HttpError::Network(said(&e)))?
            .send()
            .await;
            let response = match sent {
                Ok(r) => r,
                Err(_) if abort.is_aborted() => return Err(HttpError::Aborted),
                // fetch gives no detail for CORS or connection failures, by design.
                Err(e) => {
                    return Err(HttpError::Network(format!(
                        "{} {} failed: {}",
                        request.method,
                        strip_query(&request.url),
                        said(&e)
                    )))
                }
            };
            let headers = response.headers().entries().map(|(n, v)| (n.to_ascii_lowercase(), v)).collect();
            let status = response.status();
            let body = match response.text().await {
                Ok(t) => t,
                Err(_) if abort.is_aborted() => return Err(HttpError::Aborted),
                Err(e) => return Err(HttpError::Network(format!("reading the answer failed: {}", said(&e)))),
            };
            Ok(HttpResponse { status, headers, body })
        })
    }
}

/// What gloo-net's error says, without its `Display`: that also formats the serde_json error
/// of gloo-net's `json` feature (which Leptos turns on), keeping serde_json's error texts in
/// the wasm though nothing here reads JSON through gloo-net.
fn said(e: &gloo_net::Error) -> String {
    match e {
        gloo_net::Error::JsError(js) => js.to_string(),
        gloo_net::Error::GlooError(s) => s.clone(),
        _ => "the browser refused the request".into(),
    }
}

/// The body as fetch takes it: a file slice is streamed from the file by the browser,
/// never through wasm memory; bytes (a view into wasm memory) are copied by the browser
/// when the request is built.
fn js_body(body: &HttpBody) -> Option<JsValue> {
    match body {
        HttpBody::Slice(slice) => slice.handle.downcast_ref::<web_sys::Blob>().map(|b| b.clone().into()),
        HttpBody::Bytes(bytes) => Some(js_sys::Uint8Array::from(bytes.as_slice()).into()),
        HttpBody::Empty | HttpBody::Form { .. } => None,
    }
}

/// A form field's file as a Blob.
pub(super) fn blob_of(body: &HttpBody) -> Option<web_sys::Blob> {
    match body {
        HttpBody::Slice(slice) => slice.handle.downcast_ref::<web_sys::Blob>().cloned(),
        HttpBody::Bytes(bytes) => {
            let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes.as_slice()));
            web_sys::Blob::new_with_u8_array_sequence(&parts).ok()
        }
        HttpBody::Empty | HttpBody::Form { .. } => None,
    }
}

/// Error messages name the URL without its query (upload IDs, presigned parameters).
fn strip_query(url: &str) -> &str {
    url.split('?').next().unwrap_or(url)
}
