//! Checks on what the client sent, shared by every operation that takes a body: the signed
//! payload hash and Content-MD5 against the bytes received, Content-Length being present, and
//! the part number being in S3's range. Kept apart so the write operations, CompleteMultipartUpload
//! and the read side all use one set of checks (and error bodies) without importing each other.

use super::body::Received;
use super::ctx::Ctx;
use super::xml::S3Error;
use axum::body::Body;
use base64::Engine;
use sha2::{Digest as _, Sha256};

const MAX_SMALL_BODY: usize = 16 * 1024 * 1024;

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
pub(super) fn check_received(ctx: &Ctx, r: &Received) -> Result<(), S3Error> {
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

pub(super) fn require_content_length(ctx: &Ctx) -> Result<(), S3Error> {
    if ctx.header("content-length").is_none() {
        return Err(S3Error::new(411, "MissingContentLength", "You must provide the Content-Length HTTP header."));
    }
    Ok(())
}

pub(super) fn parse_part_number(s: Option<&str>) -> Result<u32, S3Error> {
    let raw = s.unwrap_or("");
    match raw.parse::<u32>() {
        Ok(n) if (1..=10_000).contains(&n) => Ok(n),
        _ => Err(S3Error::new(400, "InvalidArgument", "Part number must be an integer between 1 and 10000, inclusive")
            .with("ArgumentName", "partNumber")
            .with("ArgumentValue", raw)),
    }
}
