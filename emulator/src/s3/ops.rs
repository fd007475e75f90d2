//! The S3 operations Panopto's upload endpoint serves: CreateMultipartUpload, UploadPart,
//! CompleteMultipartUpload, AbortMultipartUpload, ListParts, PutObject (plus GET/HEAD/DELETE of
//! an object, handy for debugging), with S3's XML bodies, headers and error codes.

use super::body::{receive_to_file, Hashes, Received};
use super::multipart_store::{self as mps, PartMeta};
use super::xml::{el, xml_response, S3Error, S3_NS};
use super::Ctx;
use crate::objects::{self, ObjectMeta};
use axum::body::Body;
use axum::http::{header, HeaderValue, Method, Response, StatusCode};
use base64::Engine;
use md5::{Digest as _, Md5};
use sha2::Sha256;
use std::io::{Read, Write};
use std::path::PathBuf;

/// S3's minimum size for every part but the last.
pub const MIN_PART_SIZE: u64 = 5 * 1024 * 1024;
const MAX_SMALL_BODY: usize = 16 * 1024 * 1024;

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
            Method::POST => complete_multipart(ctx, body).await,
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

pub(super) fn quoted(md5_hex: &str) -> String {
    format!("\"{md5_hex}\"")
}

fn sha_mismatch(ctx: &Ctx, claimed: &str, actual: &str) -> S3Error {
    ctx.reject();
    S3Error::new(
        400,
        "XAmzContentSHA256Mismatch",
        "The provided 'x-amz-content-sha256' header does not match what was computed.",
    )
    .with("ClientComputedContentSHA256", claimed)
    .with("S3ComputedContentSHA256", actual)
}

/// Reads a small body (XML or empty) and checks it against the signed payload hash.
pub(super) async fn small_body(ctx: &Ctx, body: Body) -> Result<bytes_alias::Bytes, S3Error> {
    let b = axum::body::to_bytes(body, MAX_SMALL_BODY)
        .await
        .map_err(|e| S3Error::new(400, "IncompleteBody", format!("The request body could not be read: {e}")))?;
    if let Some(claimed) = &ctx.claimed_sha256 {
        let actual = hex::encode(Sha256::digest(&b));
        if &actual != claimed {
            return Err(sha_mismatch(ctx, claimed, &actual));
        }
    }
    Ok(b)
}

mod bytes_alias {
    pub use axum::body::Bytes;
}

/// Checks a streamed body against x-amz-content-sha256 and Content-MD5; the caller discards the data on error.
fn check_received(ctx: &Ctx, r: &Received) -> Result<(), S3Error> {
    if let Some(claimed) = &ctx.claimed_sha256 {
        let got = r.sha256_hex.as_deref().unwrap_or_default();
        if claimed != got {
            return Err(sha_mismatch(ctx, claimed, got));
        }
    }
    if let Some(md5_b64) = ctx.header("content-md5") {
        let Ok(want) = base64::engine::general_purpose::STANDARD.decode(md5_b64.trim()) else {
            return Err(S3Error::new(400, "InvalidDigest", "The Content-MD5 you specified was invalid."));
        };
        if want.len() != 16 {
            return Err(S3Error::new(400, "InvalidDigest", "The Content-MD5 you specified was invalid."));
        }
        if want != r.md5 {
            return Err(S3Error::new(
                400,
                "BadDigest",
                "The Content-MD5 you specified did not match what we received.",
            )
            .with("ExpectedDigest", md5_b64)
            .with("CalculatedDigest", base64::engine::general_purpose::STANDARD.encode(r.md5)));
        }
    }
    Ok(())
}

fn require_content_length(ctx: &Ctx) -> Result<(), S3Error> {
    if ctx.header("content-length").is_none() {
        return Err(S3Error::new(411, "MissingContentLength", "You must provide the Content-Length HTTP header."));
    }
    Ok(())
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

async fn create_multipart(ctx: Ctx, body: Body) -> Result<Response<Body>, S3Error> {
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

fn parse_part_number(s: Option<&str>) -> Result<u32, S3Error> {
    let raw = s.unwrap_or("");
    match raw.parse::<u32>() {
        Ok(n) if (1..=10_000).contains(&n) => Ok(n),
        _ => Err(S3Error::new(400, "InvalidArgument", "Part number must be an integer between 1 and 10000, inclusive")
            .with("ArgumentName", "partNumber")
            .with("ArgumentValue", raw)),
    }
}

async fn upload_part(ctx: Ctx, body: Body) -> Result<Response<Body>, S3Error> {
    let n = parse_part_number(ctx.q("partNumber"))?;
    let meta = load_mpu(&ctx)?;
    require_content_length(&ctx)?;
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
    let res = tokio::task::spawn_blocking(move || mps::commit_part(&root, &uid, &tmp, &pm2))
        .await
        .map_err(S3Error::internal)?;
    if res.is_err() {
        return Err(S3Error::no_such_upload(&meta.upload_id));
    }
    ctx.store.bump(&ctx.upload, |rec| {
        rec.s3.parts_received += 1;
        *rec.s3.parts_received_by_number.entry(n).or_insert(0) += 1;
        rec.s3.parts_acked += 1;
        rec.s3.acked_parts.entry(meta.upload_id.clone()).or_default().insert(n);
    });
    let mut resp = Response::new(Body::empty());
    resp.headers_mut().insert(header::ETAG, HeaderValue::from_str(&quoted(&pm.md5_hex)).unwrap());
    Ok(resp)
}

fn unquote_etag(s: &str) -> String {
    let t = s.trim();
    let t = t.strip_prefix("&quot;").unwrap_or(t);
    let t = t.strip_suffix("&quot;").unwrap_or(t);
    t.trim_matches('"').to_ascii_lowercase()
}

fn malformed() -> S3Error {
    S3Error::new(
        400,
        "MalformedXML",
        "The XML you provided was not well-formed or did not validate against our published schema",
    )
}

/// Parses `<CompleteMultipartUpload><Part><PartNumber/><ETag/></Part>...`.
fn parse_complete(body: &[u8]) -> Result<Vec<(u32, String)>, S3Error> {
    let text = std::str::from_utf8(body).map_err(|_| malformed())?;
    let doc = roxmltree::Document::parse(text).map_err(|_| malformed())?;
    let root = doc.root_element();
    if root.tag_name().name() != "CompleteMultipartUpload" {
        return Err(malformed());
    }
    let mut parts = Vec::new();
    for p in root.children().filter(|n| n.is_element()) {
        if p.tag_name().name() != "Part" {
            return Err(malformed());
        }
        let mut num = None;
        let mut etag = None;
        for c in p.children().filter(|n| n.is_element()) {
            let text = c.text().unwrap_or("").trim().to_string();
            match c.tag_name().name() {
                "PartNumber" => num = Some(text.parse::<u32>().map_err(|_| malformed())?),
                "ETag" => etag = Some(text),
                // Checksum elements are allowed by S3's schema; we never ask for them.
                n if n.starts_with("Checksum") => {}
                _ => return Err(malformed()),
            }
        }
        match (num, etag) {
            (Some(n), Some(e)) => parts.push((n, e)),
            _ => return Err(malformed()),
        }
    }
    if parts.is_empty() {
        return Err(malformed());
    }
    Ok(parts)
}

async fn complete_multipart(ctx: Ctx, body: Body) -> Result<Response<Body>, S3Error> {
    let meta = load_mpu(&ctx)?;
    let bytes = small_body(&ctx, body).await?;
    let listed = parse_complete(&bytes)?;
    if listed.windows(2).any(|w| w[0].0 >= w[1].0) {
        return Err(S3Error::new(
            400,
            "InvalidPartOrder",
            "The list of parts was not in ascending order. Parts must be ordered by part number.",
        )
        .with("UploadId", meta.upload_id.clone()));
    }
    let root = mp_root(&ctx);
    let stored = mps::parts(&root, &meta.upload_id);
    let mut chosen: Vec<PartMeta> = Vec::new();
    for (n, etag) in &listed {
        match stored.iter().find(|p| p.part_number == *n) {
            Some(p) if unquote_etag(etag) == p.md5_hex => chosen.push(p.clone()),
            _ => {
                return Err(S3Error::new(400, "InvalidPart", "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.")
                    .with("UploadId", meta.upload_id.clone())
                    .with("PartNumber", n.to_string())
                    .with("ETag", etag.clone()));
            }
        }
    }
    let last = chosen.len() - 1;
    for (i, p) in chosen.iter().enumerate() {
        if i != last && p.size < MIN_PART_SIZE {
            return Err(S3Error::new(
                400,
                "EntityTooSmall",
                "Your proposed upload is smaller than the minimum allowed object size.",
            )
            .with("ProposedSize", p.size.to_string())
            .with("MinSizeAllowed", MIN_PART_SIZE.to_string())
            .with("PartNumber", p.part_number.to_string())
            .with("ETag", quoted(&p.md5_hex)));
        }
    }
    // S3's multipart ETag: MD5 of the concatenated binary part MD5s, then "-<count>".
    let mut h = Md5::new();
    for p in &chosen {
        h.update(hex::decode(&p.md5_hex).unwrap_or_default());
    }
    let etag = format!("\"{}-{}\"", hex::encode(h.finalize()), chosen.len());
    let store = ctx.store.clone();
    let upload = ctx.upload;
    let uid = meta.upload_id.clone();
    let key = ctx.key.clone();
    let etag2 = etag.clone();
    let ct = meta.content_type.clone();
    let now = store.now_rfc3339();
    tokio::task::spawn_blocking(move || assemble(&store, upload, &uid, &key, &chosen, etag2, ct, now))
        .await
        .map_err(S3Error::internal)?
        .map_err(S3Error::internal)?;
    let location = format!("http://{}/Panopto/Upload/{}/{}", ctx.host, ctx.upload, encode_key(&ctx.key));
    Ok(xml_response(
        StatusCode::OK,
        format!(
            "<CompleteMultipartUploadResult xmlns=\"{S3_NS}\">{}{}{}{}</CompleteMultipartUploadResult>",
            el("Location", &location),
            el("Bucket", "Upload"),
            el("Key", &ctx.full_key()),
            el("ETag", &etag)
        ),
    ))
}

fn encode_key(key: &str) -> String {
    const SET: &percent_encoding::AsciiSet =
        &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~').remove(b'/');
    percent_encoding::utf8_percent_encode(key, SET).to_string()
}

/// Concatenates the part files into the final object (blocking thread), then drops the upload.
#[allow(clippy::too_many_arguments)]
fn assemble(
    store: &crate::state::Store,
    upload: uuid::Uuid,
    uid: &str,
    key: &str,
    parts: &[PartMeta],
    etag: String,
    content_type: Option<String>,
    now: String,
) -> std::io::Result<()> {
    let root = store.multipart_root(&upload);
    let tmp_dir = store.tmp_dir(&upload);
    std::fs::create_dir_all(&tmp_dir)?;
    let tmp = tmp_dir.join(format!("{}.assemble", uuid::Uuid::new_v4().simple()));
    let mut out = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
    let mut sha = Sha256::new();
    let mut crc = crc32fast::Hasher::new();
    let mut size = 0u64;
    let mut buf = vec![0u8; 1 << 20];
    for p in parts {
        let mut f = std::fs::File::open(mps::part_data(&root, uid, p.part_number))?;
        loop {
            let n = f.read(&mut buf)?;
            if n == 0 {
                break;
            }
            sha.update(&buf[..n]);
            crc.update(&buf[..n]);
            out.write_all(&buf[..n])?;
            size += n as u64;
        }
    }
    out.flush()?;
    drop(out);
    let meta = ObjectMeta {
        key: key.to_string(),
        size,
        etag,
        sha256: hex::encode(sha.finalize()),
        crc32: crc.finalize(),
        last_modified: now,
        content_type,
    };
    objects::commit(&store.objects_dir(&upload), &tmp, &meta)?;
    mps::remove(&root, uid);
    Ok(())
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
