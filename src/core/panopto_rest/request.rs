//! A REST request ready to send.

use crate::core::redact::redacted_headers;
use std::fmt;

/// A REST call to send. `Debug` redacts the bearer token: it must never reach a log.
#[derive(Clone, PartialEq, Eq)]
pub struct RestRequest {
    pub method: &'static str,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
}

impl fmt::Debug for RestRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers = redacted_headers(&self.headers);
        f.debug_struct("RestRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body", &self.body)
            .finish()
    }
}
