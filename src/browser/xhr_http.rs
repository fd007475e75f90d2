//! [`Http`] over `XMLHttpRequest`, for its upload progress: `upload.onprogress` is the one
//! way to see a request body's bytes leave in all three engines (fetch reports none:
//! whatwg/fetch#607; streaming bodies are Chromium-only and need HTTP/2). Bodies go as
//! they do with fetch: a `Blob` slice of the file, sent by the browser from disk.
//!
//! The events come from JS callbacks; the future waits on a small shared slot they fill
//! (the latest progress, the outcome) and hands progress to the caller's `sent` as it
//! comes. Dropping the future (a stall limit, a pause) detaches the callbacks and aborts
//! the request, so no callback ever runs into a dropped closure.

use crate::engine::control::AbortSignal;
use crate::engine::ports::{Http, HttpBody, HttpError, HttpRequest, HttpResponse};
use futures_util::future::{poll_fn, LocalBoxFuture};
use std::cell::RefCell;
use std::rc::Rc;
use std::task::{Poll, Waker};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{ProgressEvent, XmlHttpRequest};

pub struct XhrHttp;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Load,
    Error,
    Abort,
    Timeout,
}

#[derive(Default)]
struct Slot {
    /// Body bytes sent, as last reported (taken by the future).
    progress: Option<u64>,
    outcome: Option<Outcome>,
    waker: Option<Waker>,
}

type Shared = Rc<RefCell<Slot>>;

fn wake(shared: &Shared) {
    if let Some(w) = shared.borrow_mut().waker.take() {
        w.wake();
    }
}

/// The request and its callbacks, alive as long as the future: dropping it detaches
/// them and aborts a request still running.
struct Running {
    xhr: XmlHttpRequest,
    _progress: Closure<dyn FnMut(ProgressEvent)>,
    _ends: Vec<Closure<dyn FnMut(web_sys::Event)>>,
    done: bool,
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Ok(upload) = self.xhr.upload() {
            upload.set_onprogress(None);
        }
        self.xhr.set_onload(None);
        self.xhr.set_onerror(None);
        self.xhr.set_onabort(None);
        self.xhr.set_ontimeout(None);
        if !self.done {
            let _ = self.xhr.abort();
        }
    }
}

fn failed(e: wasm_bindgen::JsValue) -> HttpError {
    HttpError::Network(format!("could not start the request: {e:?}"))
}

/// Open `request` with its callbacks set; not sent yet.
fn open(request: &HttpRequest, shared: &Shared) -> Result<Running, HttpError> {
    let xhr = XmlHttpRequest::new().map_err(failed)?;
    xhr.open_with_async(request.method, &request.url, true).map_err(failed)?;
    for (name, value) in &request.headers {
        xhr.set_request_header(name, value).map_err(failed)?;
    }
    // Never send the page's cookies to S3 or the REST API: auth is explicit.
    xhr.set_with_credentials(false);
    let s = shared.clone();
    let progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |e: ProgressEvent| {
        s.borrow_mut().progress = Some(e.loaded() as u64);
        wake(&s);
    });
    // Only bodies are worth watching (a listener on `upload` also makes every request
    // preflighted, which S3 and REST requests with our headers are anyway).
    if !request.body.is_empty() {
        xhr.upload().map_err(failed)?.set_onprogress(Some(progress.as_ref().unchecked_ref()));
    }
    let mut ends = Vec::new();
    for outcome in [Outcome::Load, Outcome::Error, Outcome::Abort, Outcome::Timeout] {
        let s = shared.clone();
        let end = Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
            s.borrow_mut().outcome.get_or_insert(outcome);
            wake(&s);
        });
        let f = Some(end.as_ref().unchecked_ref());
        match outcome {
            Outcome::Load => xhr.set_onload(f),
            Outcome::Error => xhr.set_onerror(f),
            Outcome::Abort => xhr.set_onabort(f),
            Outcome::Timeout => xhr.set_ontimeout(f),
        }
        ends.push(end);
    }
    Ok(Running { xhr, _progress: progress, _ends: ends, done: false })
}

fn send_body(xhr: &XmlHttpRequest, body: &HttpBody) -> Result<(), HttpError> {
    match body {
        HttpBody::Empty => xhr.send(),
        HttpBody::Bytes(bytes) => xhr.send_with_opt_u8_array(Some(bytes.as_slice())),
        HttpBody::Slice(slice) => match slice.handle.downcast_ref::<web_sys::Blob>() {
            Some(blob) => xhr.send_with_opt_blob(Some(blob)),
            None => return Err(HttpError::Network("a file slice that is not a Blob".into())),
        },
        HttpBody::Form { field, file_name, file } => {
            let form = web_sys::FormData::new().map_err(failed)?;
            let blob = super::fetch_http::blob_of(file).ok_or_else(|| HttpError::Network("no form body".into()))?;
            form.append_with_blob_and_filename(field, &blob, file_name).map_err(failed)?;
            xhr.send_with_opt_form_data(Some(&form))
        }
    }
    .map_err(failed)
}

/// `name: value` lines, names lower-cased (XHR lists only what CORS exposes).
fn headers_of(xhr: &XmlHttpRequest) -> Vec<(String, String)> {
    let all = xhr.get_all_response_headers().unwrap_or_default();
    all.split("\r\n")
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect()
}

impl Http for XhrHttp {
    fn send<'a>(
        &'a self,
        request: HttpRequest,
        abort: &'a AbortSignal,
    ) -> LocalBoxFuture<'a, Result<HttpResponse, HttpError>> {
        self.send_reporting(request, abort, &|_| {})
    }

    fn send_reporting<'a>(
        &'a self,
        request: HttpRequest,
        abort: &'a AbortSignal,
        sent: &'a dyn Fn(u64),
    ) -> LocalBoxFuture<'a, Result<HttpResponse, HttpError>> {
        Box::pin(async move {
            if abort.is_aborted() {
                return Err(HttpError::Aborted);
            }
            let shared = Shared::default();
            let mut running = open(&request, &shared)?;
            let xhr = running.xhr.clone();
            abort.on_abort(move || {
                let _ = xhr.abort();
            });
            send_body(&running.xhr, &request.body)?;
            let outcome = loop {
                let next = poll_fn(|cx| {
                    let mut slot = shared.borrow_mut();
                    if let Some(p) = slot.progress.take() {
                        return Poll::Ready(Err(p));
                    }
                    if let Some(o) = slot.outcome.take() {
                        return Poll::Ready(Ok(o));
                    }
                    slot.waker = Some(cx.waker().clone());
                    Poll::Pending
                })
                .await;
                match next {
                    Err(bytes) => sent(bytes),
                    Ok(outcome) => break outcome,
                }
            };
            running.done = true;
            let xhr = &running.xhr;
            match outcome {
                Outcome::Load => Ok(HttpResponse {
                    status: xhr.status().unwrap_or(0),
                    headers: headers_of(xhr),
                    body: xhr.response_text().ok().flatten().unwrap_or_default(),
                }),
                Outcome::Abort => Err(HttpError::Aborted),
                // XHR gives no detail for CORS or connection failures, by design.
                Outcome::Error | Outcome::Timeout if abort.is_aborted() => Err(HttpError::Aborted),
                Outcome::Error | Outcome::Timeout => Err(HttpError::Network(format!(
                    "{} {} failed",
                    request.method,
                    request.url.split('?').next().unwrap_or_default()
                ))),
            }
        })
    }
}
