//! Which browser API sends a request. Bodies the engine wants progress from (parts and
//! chunks expected to take half a second or more: `EngineContext::attempt`) go by
//! `XMLHttpRequest`, the one API with upload progress in every engine; everything else by
//! `fetch`, which is ~12 % faster in Firefox and WebKit when the CPU is the limit. The
//! benchmark measures both on the same run (`benchUseTransport`, bench/transport.mjs).

use super::fetch_http::FetchHttp;
use super::xhr_http::XhrHttp;
use crate::engine::control::AbortSignal;
use crate::engine::ports::{Http, HttpError, HttpRequest, HttpResponse};
use futures_util::future::LocalBoxFuture;
use std::cell::Cell;

/// Bodies smaller than this (REST JSON, XML, the manifest) finish before a progress event
/// could say anything.
const WATCHED_BODY: usize = 64 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyTransport {
    Fetch,
    Xhr,
}

thread_local! {
    static BODIES: Cell<BodyTransport> = const { Cell::new(BodyTransport::Xhr) };
}

/// For the benchmark: send bodies with `transport` from now on.
pub fn use_for_bodies(transport: BodyTransport) {
    BODIES.with(|b| b.set(transport));
}

pub struct BrowserHttp;

impl Http for BrowserHttp {
    fn send<'a>(
        &'a self,
        request: HttpRequest,
        abort: &'a AbortSignal,
    ) -> LocalBoxFuture<'a, Result<HttpResponse, HttpError>> {
        // No progress wanted: fetch, whatever the body.
        FetchHttp.send(request, abort)
    }

    fn send_reporting<'a>(
        &'a self,
        request: HttpRequest,
        abort: &'a AbortSignal,
        sent: &'a dyn Fn(u64),
    ) -> LocalBoxFuture<'a, Result<HttpResponse, HttpError>> {
        let watched = request.body_len() >= WATCHED_BODY && BODIES.with(Cell::get) == BodyTransport::Xhr;
        if watched {
            XhrHttp.send_reporting(request, abort, sent)
        } else {
            FetchHttp.send(request, abort)
        }
    }
}
