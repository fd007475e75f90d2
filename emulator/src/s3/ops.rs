//! The S3 operations Panopto's upload endpoint serves: CreateMultipartUpload, UploadPart,
//! CompleteMultipartUpload, AbortMultipartUpload, ListParts, PutObject (plus GET/HEAD/DELETE of
//! an object, handy for debugging), with S3's XML bodies, headers and error codes.
//!
//! This file routes a request to its operation and holds the simple ones; CompleteMultipartUpload
//! is in `complete.rs`, the read side in `ops_read.rs`, and the checks on received bodies and
//! headers in `validate.rs`.

use super::body::{receive_to_file, Hashes};
use super::ctx::{load_mpu, mp_root, Ctx};
use super::limits;
use super::multipart_store::{self as mps, PartMeta};
use super::validate::{check_received, parse_part_number, require_content_length, small_body};
use super::xml::{el, quoted, xml_response, S3Error, S3_NS};
use crate::objects::{self, ObjectMeta};
use axum::body::Body;
use axum::http::{header, HeaderValue, Method, Response, StatusCode};

pub async fn dispatch(ctx: Ctx, body: Body) -> Result<Response<Body>, S3Error> {
    let has = |n: &str| ctx.query.iter().any(|(k, _)| k == n);
    let m = ctx.method.clone();
    if has("uploads") {
        return match m {
            Method::POST => create_multipart(ctx, body).await,
            _ => Err(method_not_allowed(&m)),
        };
    }
    if has("uploadId") {
        return match m {
            Method::PUT if has("partNumber") => upload_part(ctx, body).await,
            Method::PUT => Err(S3Error::new(400, "InvalidRequest", "UploadPart requires both partNumber and uploadId")),
            Method::POST => super::complete::complete_multipart(ctx, body).await,
            Method::DELETE => abort_multipart(ctx, body).await,
            Method::GET => super::ops_read::list_parts(ctx, body).await,
            _ => Err(method_not_allowed(&m)),
        };
    }
    if has("partNumber") && m == Method::PUT {
        return Err(S3Error::new(
            400,
            "InvalidRequest",
            "partNumber was given without uploadId; start a multipart upload with POST ?uploads first",
        )
        .with("ArgumentName", "uploadId"));
    }
    match m {
        Method::PUT => put_object(ctx, body).await,
        Method::GET | Method::HEAD => super::ops_read::get_object(ctx).await,
        Method::DELETE => super::ops_read::delete_object(ctx, body).await,
        _ => Err(method_not_allowed(&m)),
    }
}

fn method_not_allowed(m: &Method) -> S3Error {
    S3Error::new(405, "MethodNotAllowed", "The specified method is not allowed against this resource.")
        .with("Method", m.as_str())
        .with("ResourceType", "OBJECT")
}

async fn create_multipart(ctx: Ctx, body: Body) -> Result<Response<Body>, S3Error> {
    limits::check_metadata(&ctx.headers)?;
    small_body(&ctx, body).await?;
    let root = mp_root(&ctx);
    let ct = ctx.header("content-type").map(str::to_string);
    let now = ctx.store.now_rfc3339();
    let key = ctx.key.clone();
    let meta = tokio::task::spawn_blocking(move || mps::create(&root, &key, ct, now))
        .await
        .map_err(S3Error::internal)?
        .map_err(S3Error::internal)?;
    Ok(xml_response(
        StatusCode::OK,
        format!(
            "<InitiateMultipartUploadResult xmlns=\"{S3_NS}\">{}{}{}</InitiateMultipartUploadResult>",
            el("Bucket", "Upload"),
            el("Key", &ctx.full_key()),
            el("UploadId", &meta.upload_id)
        ),
    ))
}

async fn upload_part(ctx: Ctx, body: Body) -> Result<Response<Body>, S3Error> {
    let n = parse_part_number(ctx.q("partNumber"))?;
    let meta = load_mpu(&ctx)?;
    require_content_length(&ctx)?;
    limits::check_body_length(ctx.header("content-length"))?;
    let root = mp_root(&ctx);
    let tmp = mps::part_tmp(&root, &meta.upload_id, n);
    let hashes = Hashes { sha256: ctx.claimed_sha256.is_some(), crc32: false };
    let r = receive_to_file(body, &tmp, hashes).await.map_err(|e| S3Error::new(400, "IncompleteBody", e))?;
    // Injected faults strike after the whole body arrived, as a real server's failures do, and
    // the part is never stored: only a 200 means the server has it.
    if let Some(fault) = ctx.store.faults.decide_part(ctx.upload, &ctx.key, n) {
        let _ = tokio::fs::remove_file(&tmp).await;
        return Err(ctx.store.faults.inject(fault, ctx.kill.as_ref()).await);
    }
    if let Err(e) = check_received(&ctx, &r) {
        let _ = tokio::fs::remove_file(&tmp).await;
        return Err(e);
    }
    let pm = PartMeta {
        part_number: n,
        size: r.size,
        md5_hex: r.md5_hex(),
        sha256: r.sha256_hex.clone().unwrap_or_default(),
        last_modified: ctx.store.now_rfc3339(),
    };
    let uid = meta.upload_id.clone();
    let pm2 = pm.clone();
    let (store, upload) = (ctx.store.clone(), ctx.upload);
    // Stored and counted as received in one step that runs to the end: when the client goes
    // away during the commit (a page reloaded mid-upload), hyper drops this handler, and a
    // count made after the await would miss a part that is stored (ListParts shows it).
    let res = tokio::task::spawn_blocking(move || {
        let res = mps::commit_part(&root, &uid, &tmp, &pm2);
        if res.is_ok() {
            store.bump(&upload, |rec| {
                rec.s3.parts_received += 1;
                *rec.s3.parts_received_by_number.entry(n).or_insert(0) += 1;
            });
        }
        res
    })
    .await
    .map_err(S3Error::internal)?;
    if res.is_err() {
        return Err(S3Error::no_such_upload(&meta.upload_id));
    }
    // Acknowledged only from here on: a client that went away during the commit never saw
    // the 200, and sending that part again is no fault of its.
    ctx.store.bump(&ctx.upload, |rec| {
        rec.s3.parts_acked += 1;
        rec.s3.acked_parts.entry(meta.upload_id.clone()).or_default().insert(n);
    });
    let mut resp = Response::new(Body::empty());
    resp.headers_mut().insert(header::ETAG, HeaderValue::from_str(&quoted(&pm.md5_hex)).unwrap());
    Ok(resp)
}

async fn abort_multipart(ctx: Ctx, body: Body) -> Result<Response<Body>, S3Error> {
    let meta = load_mpu(&ctx)?;
    small_body(&ctx, body).await?;
    let root = mp_root(&ctx);
    let uid = meta.upload_id.clone();
    tokio::task::spawn_blocking(move || mps::remove(&root, &uid)).await.map_err(S3Error::internal)?;
    let mut r = Response::new(Body::empty());
    *r.status_mut() = StatusCode::NO_CONTENT;
    Ok(r)
}

async fn put_object(ctx: Ctx, body: Body) -> Result<Response<Body>, S3Error> {
    require_content_length(&ctx)?;
    limits::check_body_length(ctx.header("content-length"))?;
    limits::check_metadata(&ctx.headers)?;
    let tmp = ctx.store.tmp_dir(&ctx.upload).join(format!("{}.put", uuid::Uuid::new_v4().simple()));
    let hashes = Hashes { sha256: true, crc32: true };
    let r = receive_to_file(body, &tmp, hashes).await.map_err(|e| S3Error::new(400, "IncompleteBody", e))?;
    if let Err(e) = check_received(&ctx, &r) {
        let _ = tokio::fs::remove_file(&tmp).await;
        return Err(e);
    }
    let etag = quoted(&r.md5_hex());
    let meta = ObjectMeta {
        key: ctx.key.clone(),
        size: r.size,
        etag: etag.clone(),
        sha256: r.sha256_hex.clone().unwrap_or_default(),
        crc32: r.crc32,
        last_modified: ctx.store.now_rfc3339(),
        content_type: ctx.header("content-type").map(str::to_string),
    };
    let dir = ctx.store.objects_dir(&ctx.upload);
    tokio::task::spawn_blocking(move || objects::commit(&dir, &tmp, &meta))
        .await
        .map_err(S3Error::internal)?
        .map_err(S3Error::internal)?;
    let mut resp = Response::new(Body::empty());
    resp.headers_mut().insert(header::ETAG, HeaderValue::from_str(&etag).unwrap());
    Ok(resp)
}
