//! The S3-compatible upload endpoint: path-style `/Panopto/Upload/{ID}/{key}`, i.e. bucket
//! `Upload`, object key `{ID}/{key}` (Panopto's UploadTarget rule, reference §3).
//!
//! Order of checks mirrors S3: find the target, refuse aws-chunked (what breaks boto3 >= 1.36 on
//! Panopto), authenticate, then check that the upload still accepts files, then run the operation.

pub mod body;
pub mod complete;
pub mod ctx;
pub mod limits;
pub mod multipart_store;
pub mod ops;
pub mod ops_read;
pub mod validate;
pub mod xml;

use crate::faults::parts::PartSlot;
use crate::server::ConnKill;
use crate::sigv4_verify::{self, AuthKind, IncomingRequest};
use crate::state::{st, Store, TokenLeak};
use axum::body::Body;
use axum::http::{HeaderValue, Method, Request, Response};
use ctx::Ctx;
use percent_encoding::percent_decode_str;
use std::sync::Arc;
use uuid::Uuid;
use xml::S3Error;

pub const PREFIX: &str = "/panopto/upload/";

pub fn is_s3_path(path: &str) -> bool {
    path.len() >= PREFIX.len() && path[..PREFIX.len()].eq_ignore_ascii_case(PREFIX)
        || path.eq_ignore_ascii_case("/panopto/upload")
}

fn request_id() -> String {
    Uuid::new_v4().simple().to_string()[..16].to_ascii_uppercase()
}

/// PUT with both partNumber and uploadId: the request --max-concurrent-parts limits.
fn is_upload_part(method: &Method, query: &[(String, String)]) -> bool {
    let has = |n: &str| query.iter().any(|(k, _)| k == n);
    method == Method::PUT && has("partNumber") && has("uploadId")
}

pub async fn handle(store: Arc<Store>, req: Request<Body>) -> Response<Body> {
    let rid = request_id();
    let raw_path = req.uri().path().to_string();
    let is_head = req.method() == Method::HEAD;
    let query = sigv4_verify::query_pairs(req.uri().query());
    let slot = is_upload_part(req.method(), &query).then(|| store.faults.enter_part());
    let mut resp = match handle_inner(store, req, query, slot.as_ref()).await {
        Ok(r) => r,
        Err(e) => e.to_response(&raw_path, &rid),
    };
    if let Some(slot) = slot {
        // Keeps the part counted as in flight until hyper takes the response, i.e. through
        // --latency-ms too. Extensions must be Clone, hence the Arc.
        resp.extensions_mut().insert(Arc::new(slot));
    }
    if is_head {
        *resp.body_mut() = Body::empty();
    }
    if let Ok(v) = HeaderValue::from_str(&rid) {
        resp.headers_mut().insert("x-amz-request-id", v.clone());
        resp.headers_mut().insert("x-amz-id-2", v);
    }
    resp
}

fn collect_headers(req: &Request<Body>) -> Vec<(String, String)> {
    req.headers()
        .iter()
        .map(|(n, v)| (n.as_str().to_ascii_lowercase(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
        .collect()
}

async fn handle_inner(
    store: Arc<Store>,
    req: Request<Body>,
    query: Vec<(String, String)>,
    slot: Option<&PartSlot>,
) -> Result<Response<Body>, S3Error> {
    let raw_path = req.uri().path().to_string();
    let raw_query = req.uri().query().map(str::to_string);
    let rest = if raw_path.len() > PREFIX.len() { &raw_path[PREFIX.len()..] } else { "" };
    let (id_part, key_raw) = rest.split_once('/').unwrap_or((rest, ""));
    let upload = Uuid::parse_str(id_part).map_err(|_| {
        S3Error::new(
            404,
            "NoSuchBucket",
            format!("The upload target '{id_part}' does not exist (expected /Panopto/Upload/<upload ID>/<file name>)"),
        )
        .with("BucketName", "Upload")
    })?;
    let Some(rec) = store.get(&upload) else {
        return Err(S3Error::new(404, "NoSuchBucket", format!("The upload target {upload} does not exist"))
            .with("BucketName", "Upload"));
    };
    // S3 reads a raw `+` in a path as a space (see sigv4_verify's `decode_path`).
    let key = percent_decode_str(&key_raw.replace('+', " "))
        .decode_utf8()
        .map_err(|_| {
            S3Error::new(
                400,
                "InvalidURI",
                "Couldn't parse the specified URI: the key is not valid UTF-8 after percent-decoding.",
            )
        })?
        .into_owned();
    let headers = collect_headers(&req);
    record_leaks(&store, upload, &headers, raw_query.as_deref());
    // Limits S3 applies to the request itself, before it authenticates it.
    limits::check_header_section(&headers)?;
    limits::check_key(&format!("{upload}/{key}"))?;
    if let Some(slot) = slot {
        count_resend(&store, upload, &query);
        if !slot.admitted() {
            return Err(store.faults.refuse_part(req.into_body()).await);
        }
    }

    if let Some(what) = chunked_marker(&headers) {
        store.bump(&upload, |r| r.s3.rejected += 1);
        return Err(S3Error::new(
            501,
            "NotImplemented",
            "Transferring payloads in multiple chunks using aws-chunked is not supported.",
        )
        .with("Header", what));
    }

    let host = headers.iter().find(|(n, _)| n == "host").map(|(_, v)| v.clone()).unwrap_or_default();
    let method = req.method().clone();
    let kill = req.extensions().get::<ConnKill>().cloned();
    let incoming = IncomingRequest {
        method: method.as_str(),
        raw_path: &raw_path,
        raw_query: raw_query.as_deref(),
        headers: &headers,
    };
    let verified =
        match sigv4_verify::verify(&incoming, &store.cfg.s3_access_key, &store.cfg.s3_secret_key, store.now()) {
            Ok(v) => v,
            Err(e) => {
                store.bump(&upload, |r| r.s3.rejected += 1);
                return Err(S3Error { status: e.status, code: e.code, message: e.message, extra: e.extra });
            }
        };
    store.bump(&upload, |r| match verified.kind {
        AuthKind::Header | AuthKind::Presigned => r.s3.verified += 1,
        AuthKind::Unsigned | AuthKind::SigV2 => r.s3.unsigned += 1,
    });

    if rec.state != st::UPLOADING {
        return Err(S3Error::new(
            403,
            "AccessDenied",
            format!(
                "Access Denied: upload {upload} is no longer accepting files (State {} {})",
                rec.state,
                st::name(rec.state)
            ),
        ));
    }
    if key.is_empty() {
        return Err(S3Error::new(
            400,
            "InvalidRequest",
            format!("An object key is required below the upload target: use /Panopto/Upload/{upload}/<file name>"),
        ));
    }
    let ctx = Ctx { store, upload, key, host, method, query, headers, claimed_sha256: verified.claimed_sha256, kill };
    ops::dispatch(ctx, req.into_body()).await
}

/// aws-chunked markers. Real Panopto answers these with 501, which is exactly what broke
/// boto3 >= 1.36 uploads (reference §4); the component must never send them.
fn chunked_marker(headers: &[(String, String)]) -> Option<String> {
    for (n, v) in headers {
        let lv = v.to_ascii_lowercase();
        if n == "content-encoding" && lv.split(',').any(|p| p.trim() == "aws-chunked") {
            return Some(format!("Content-Encoding: {v}"));
        }
        if n == "x-amz-content-sha256" && v.trim().starts_with("STREAMING-") {
            return Some(format!("x-amz-content-sha256: {v}"));
        }
        if n == "x-amz-trailer" || n == "x-amz-decoded-content-length" {
            return Some(format!("{n}: {v}"));
        }
    }
    None
}

/// PartsResentAfterAck: counted on arrival, whatever becomes of the request, since the point is
/// that the client sent an acknowledged part again.
fn count_resend(store: &Store, upload: Uuid, query: &[(String, String)]) {
    let q = |n: &str| query.iter().find(|(k, _)| k == n).map(|(_, v)| v.as_str());
    let (Some(uid), Some(Ok(n))) = (q("uploadId"), q("partNumber").map(str::parse::<u32>)) else { return };
    if store.read(&upload, |r| r.s3.acked_parts.get(uid).is_some_and(|s| s.contains(&n))) == Some(true) {
        store.bump(&upload, |r| r.s3.parts_resent_after_ack += 1);
    }
}

/// The REST bearer token must never travel to the upload endpoint (it may be a different host).
fn record_leaks(store: &Store, upload: Uuid, headers: &[(String, String)], raw_query: Option<&str>) {
    let mut leaks = Vec::new();
    for (n, v) in headers {
        if n == "authorization" && v.trim().len() >= 7 && v.trim()[..7].eq_ignore_ascii_case("bearer ") {
            leaks.push("Authorization header (Bearer token sent to the S3 endpoint)".to_string());
        } else if store.tokens.appears_in(v) {
            leaks.push(format!("header {n}"));
        }
    }
    if let Some(q) = raw_query {
        let decoded = percent_decode_str(&q.replace('+', " ")).decode_utf8_lossy().into_owned();
        if store.tokens.appears_in(q) || store.tokens.appears_in(&decoded) {
            leaks.push("query string".to_string());
        }
    }
    if !leaks.is_empty() {
        let at = store.now_rfc3339();
        store.bump(&upload, |r| {
            for w in leaks {
                r.token_leaks.push(TokenLeak { at: at.clone(), r#where: w });
            }
        });
    }
}
