//! The [`Http`] port through the page's relay (the `relay` attribute, `core/relay.rs`):
//! each request to Panopto's origin goes to the relay instead, after it was built and
//! signed for Panopto, so the signatures and every client above stay as they are.

use super::control::AbortSignal;
use super::ports::{Http, HttpError, HttpRequest, HttpResponse};
use crate::core::relay::Relay;
use futures_util::future::LocalBoxFuture;
use std::rc::Rc;

pub struct RelayedHttp {
    pub inner: Rc<dyn Http>,
    pub relay: Relay,
}

impl RelayedHttp {
    fn routed(&self, mut request: HttpRequest) -> HttpRequest {
        if let Some(url) = self.relay.route(&request.url) {
            request.url = url;
        }
        request
    }
}

impl Http for RelayedHttp {
    fn send<'a>(
        &'a self,
        request: HttpRequest,
        abort: &'a AbortSignal,
    ) -> LocalBoxFuture<'a, Result<HttpResponse, HttpError>> {
        self.inner.send(self.routed(request), abort)
    }

    fn send_reporting<'a>(
        &'a self,
        request: HttpRequest,
        abort: &'a AbortSignal,
        sent: &'a dyn Fn(u64),
    ) -> LocalBoxFuture<'a, Result<HttpResponse, HttpError>> {
        self.inner.send_reporting(self.routed(request), abort, sent)
    }
}
