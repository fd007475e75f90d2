//! The request context every S3 operation receives (`Ctx`), and the lookup of the multipart
//! upload a request names. It lives apart from `mod.rs` so the operation files can use it without
//! importing the router that calls them (which would make a cycle).

use super::multipart_store as mps;
use super::xml::S3Error;
use crate::server::ConnKill;
use crate::state::Store;
use axum::http::Method;
use std::path::PathBuf;
use std::sync::Arc;
use uuid::Uuid;

/// Everything an operation needs to know about the request.
pub struct Ctx {
    pub store: Arc<Store>,
    pub upload: Uuid,
    /// Key relative to the upload prefix (decoded once).
    pub key: String,
    pub host: String,
    pub method: Method,
    pub query: Vec<(String, String)>,
    pub headers: Vec<(String, String)>,
    pub claimed_sha256: Option<String>,
    /// Closes this request's connection without a response (the dropped-connection fault).
    pub kill: Option<ConnKill>,
}

impl Ctx {
    pub fn full_key(&self) -> String {
        format!("{}/{}", self.upload, self.key)
    }
    pub fn q(&self, name: &str) -> Option<&str> {
        self.query.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
    /// Counts an auth-related rejection (bad payload hash, ...).
    pub fn reject(&self) {
        self.store.bump(&self.upload, |r| r.s3.rejected += 1);
    }
}

pub(super) fn mp_root(ctx: &Ctx) -> PathBuf {
    ctx.store.multipart_root(&ctx.upload)
}

pub(super) fn load_mpu(ctx: &Ctx) -> Result<mps::MpuMeta, S3Error> {
    let uid = ctx.q("uploadId").unwrap_or("");
    match mps::load(&mp_root(ctx), uid) {
        Some(m) if m.key == ctx.key => Ok(m),
        _ => Err(S3Error::no_such_upload(uid)),
    }
}
