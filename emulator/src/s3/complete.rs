//! CompleteMultipartUpload: parsing the client's part list, checking it against the stored parts
//! (order, ETags, minimum part size), computing S3's multipart ETag and assembling the final
//! object from the part files. It is the one operation with its own XML input and its own file
//! I/O, which is why it is separate from the simpler operations in `ops.rs`.

use super::ctx::{load_mpu, mp_root, Ctx};
use super::multipart_store::{self as mps, PartMeta};
use super::validate::small_body;
use super::xml::{el, quoted, xml_response, S3Error, S3_NS};
use crate::objects::{self, ObjectMeta};
use axum::body::Body;
use axum::http::{Response, StatusCode};
use md5::{Digest as _, Md5};
use sha2::Sha256;
use std::io::{Read, Seek, Write};

/// S3's minimum size for every part but the last.
pub const MIN_PART_SIZE: u64 = 5 * 1024 * 1024;

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

pub(super) async fn complete_multipart(ctx: Ctx, body: Body) -> Result<Response<Body>, S3Error> {
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
    super::limits::check_object_size(chosen.iter().map(|p| p.size).sum())?;
    // S3's multipart ETag: MD5 of the concatenated binary part MD5s, then "-<count>".
    let mut h = Md5::new();
    for p in &chosen {
        h.update(hex::decode(&p.md5_hex).unwrap_or_default());
    }
    let etag = format!("\"{}-{}\"", hex::encode(h.finalize()), chosen.len());
    let store = ctx.store.clone();
    let assembly = Assembly {
        upload: ctx.upload,
        upload_id: meta.upload_id.clone(),
        key: ctx.key.clone(),
        parts: chosen,
        etag: etag.clone(),
        content_type: meta.content_type.clone(),
        last_modified: store.now_rfc3339(),
    };
    tokio::task::spawn_blocking(move || assembly.assemble(&store))
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

/// The object a completed multipart upload becomes: which upload and parts, and what S3
/// says of the object (its multipart ETag, type and date).
struct Assembly {
    upload: uuid::Uuid,
    upload_id: String,
    key: String,
    parts: Vec<PartMeta>,
    etag: String,
    content_type: Option<String>,
    last_modified: String,
}

impl Assembly {
    /// Concatenates the part files into the final object (blocking thread), then drops the upload.
    fn assemble(self, store: &crate::state::Store) -> std::io::Result<()> {
        let Assembly { upload, upload_id: uid, key, parts, etag, content_type, last_modified } = self;
        let root = store.multipart_root(&upload);
        let tmp_dir = store.tmp_dir(&upload);
        std::fs::create_dir_all(&tmp_dir)?;
        let tmp = tmp_dir.join(format!("{}.assemble", uuid::Uuid::new_v4().simple()));
        let mut out = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
        let mut sha = Sha256::new();
        let mut crc = crc32fast::Hasher::new();
        let mut size = 0u64;
        let mut buf = vec![0u8; 1 << 20];
        // Zero runs stay holes, as the parts were stored (s3/body.rs).
        let mut zeros = 0u64;
        for p in &parts {
            let mut f = std::fs::File::open(mps::part_data(&root, &uid, p.part_number))?;
            loop {
                let n = f.read(&mut buf)?;
                if n == 0 {
                    break;
                }
                sha.update(&buf[..n]);
                crc.update(&buf[..n]);
                size += n as u64;
                if buf[..n].iter().all(|&b| b == 0) {
                    zeros += n as u64;
                    continue;
                }
                if zeros > 0 {
                    out.seek(std::io::SeekFrom::Current(zeros as i64))?;
                    zeros = 0;
                }
                out.write_all(&buf[..n])?;
            }
        }
        out.flush()?;
        let out = out.into_inner().map_err(|e| e.into_error())?;
        if zeros > 0 {
            out.set_len(size)?;
        }
        drop(out);
        let meta = ObjectMeta {
            key,
            size,
            etag,
            sha256: hex::encode(sha.finalize()),
            crc32: crc.finalize(),
            last_modified,
            content_type,
        };
        objects::commit(&store.objects_dir(&upload), &tmp, &meta)?;
        mps::remove(&root, &uid);
        Ok(())
    }
}
