//! Read-side and housekeeping S3 operations: ListParts (with real pagination), GET/HEAD of an
//! object and DELETE of an object.

use super::ctx::{load_mpu, mp_root, Ctx};
use super::multipart_store::{self as mps, PartMeta};
use super::validate::small_body;
use super::xml::{el, quoted, xml_response, S3Error, S3_NS};
use crate::objects;
use axum::body::Body;
use axum::http::{header, HeaderValue, Method, Response, StatusCode};

pub async fn list_parts(ctx: Ctx, body: Body) -> Result<Response<Body>, S3Error> {
    let meta = load_mpu(&ctx)?;
    small_body(&ctx, body).await?;
    let max_parts = match ctx.q("max-parts") {
        None => 1000,
        Some(v) => match v.parse::<i64>() {
            Ok(n) if n >= 0 => n.min(1000) as usize,
            _ => {
                return Err(S3Error::new(
                    400,
                    "InvalidArgument",
                    "Provided max-parts not an integer or within integer range",
                )
                .with("ArgumentName", "max-parts")
                .with("ArgumentValue", v))
            }
        },
    };
    let marker = match ctx.q("part-number-marker") {
        None => 0,
        Some(v) => v.parse::<u32>().map_err(|_| {
            S3Error::new(400, "InvalidArgument", "Provided part-number-marker not an integer or within integer range")
                .with("ArgumentName", "part-number-marker")
                .with("ArgumentValue", v)
        })?,
    };
    let all = mps::parts(&mp_root(&ctx), &meta.upload_id);
    let after: Vec<&PartMeta> = all.iter().filter(|p| p.part_number > marker).collect();
    let page: Vec<&PartMeta> = after.iter().take(max_parts).copied().collect();
    let truncated = after.len() > page.len();
    let next = page.last().map(|p| p.part_number).unwrap_or(0);
    let mut b = format!("<ListPartsResult xmlns=\"{S3_NS}\">");
    b.push_str(&el("Bucket", "Upload"));
    b.push_str(&el("Key", &ctx.full_key()));
    b.push_str(&el("UploadId", &meta.upload_id));
    b.push_str("<Initiator><ID>panopto-emulator</ID><DisplayName>panopto-emulator</DisplayName></Initiator>");
    b.push_str("<Owner><ID>panopto-emulator</ID><DisplayName>panopto-emulator</DisplayName></Owner>");
    b.push_str(&el("StorageClass", "STANDARD"));
    b.push_str(&el("PartNumberMarker", &marker.to_string()));
    b.push_str(&el("NextPartNumberMarker", &next.to_string()));
    b.push_str(&el("MaxParts", &max_parts.to_string()));
    b.push_str(&el("IsTruncated", if truncated { "true" } else { "false" }));
    for p in page {
        b.push_str("<Part>");
        b.push_str(&el("PartNumber", &p.part_number.to_string()));
        b.push_str(&el("LastModified", &p.last_modified));
        b.push_str(&el("ETag", &quoted(&p.md5_hex)));
        b.push_str(&el("Size", &p.size.to_string()));
        b.push_str("</Part>");
    }
    b.push_str("</ListPartsResult>");
    Ok(xml_response(StatusCode::OK, b))
}

pub async fn get_object(ctx: Ctx) -> Result<Response<Body>, S3Error> {
    let dir = ctx.store.objects_dir(&ctx.upload);
    let Some(meta) = objects::get(&dir, &ctx.key) else {
        return Err(S3Error::new(404, "NoSuchKey", "The specified key does not exist.").with("Key", ctx.full_key()));
    };
    let mut resp = if ctx.method == Method::HEAD {
        Response::new(Body::empty())
    } else {
        let f = tokio::fs::File::open(objects::data_path(&dir, &ctx.key)).await.map_err(S3Error::internal)?;
        Response::new(Body::from_stream(tokio_util::io::ReaderStream::new(f)))
    };
    let h = resp.headers_mut();
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(meta.size));
    h.insert(header::ETAG, HeaderValue::from_str(&meta.etag).unwrap_or(HeaderValue::from_static("\"\"")));
    let ct = meta.content_type.as_deref().unwrap_or("binary/octet-stream");
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(ct).unwrap_or(HeaderValue::from_static("binary/octet-stream")),
    );
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(&meta.last_modified) {
        let st: std::time::SystemTime = t.into();
        if let Ok(v) = HeaderValue::from_str(&httpdate::fmt_http_date(st)) {
            h.insert(header::LAST_MODIFIED, v);
        }
    }
    h.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    Ok(resp)
}

pub async fn delete_object(ctx: Ctx, body: Body) -> Result<Response<Body>, S3Error> {
    small_body(&ctx, body).await?;
    let dir = ctx.store.objects_dir(&ctx.upload);
    let key = ctx.key.clone();
    tokio::task::spawn_blocking(move || objects::delete(&dir, &key)).await.map_err(S3Error::internal)?;
    let mut r = Response::new(Body::empty());
    *r.status_mut() = StatusCode::NO_CONTENT;
    Ok(r)
}
