//! The signature computation: the request is handed to AWS's `aws-sigv4` crate exactly as it
//! arrived and re-signed with the emulator's secret. The signature made here is the only one
//! compared with the client's; the hand-written canonicalisation in `mismatch.rs` only explains a
//! failed comparison.

use super::mismatch::explain;
use super::parse::{canonical_path, decode_component};
use super::types::{err, header, AuthError, Expected, IncomingRequest, Mode, Scope};
use aws_credential_types::Credentials;
use aws_sigv4::http_request::{
    sign, PercentEncodingMode, SignableBody, SignableRequest, SignatureLocation, SigningSettings,
    UriPathNormalizationMode,
};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use std::time::{Duration, SystemTime};

/// Query parameters that carry presigned-URL authentication (re-added by the signer itself).
const PRESIGN_PARAMS: [&str; 7] = [
    "X-Amz-Algorithm",
    "X-Amz-Credential",
    "X-Amz-Date",
    "X-Amz-Expires",
    "X-Amz-SignedHeaders",
    "X-Amz-Signature",
    "X-Amz-Security-Token",
];

pub(super) fn compute(
    req: &IncomingRequest,
    scope: &Scope,
    secret: &str,
    time: SystemTime,
    signed: &[String],
    mode: Mode,
) -> Result<Expected, AuthError> {
    let host = header(req, "host").unwrap_or("");
    // The query the signer sees: presign auth parameters removed (it adds its own, from the
    // same values) but every other parameter kept byte-for-byte as it arrived.
    let query: Vec<&str> = req
        .raw_query
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty())
        .filter(|p| match mode {
            Mode::Presigned { .. } => {
                let name = decode_component(p.split_once('=').map(|x| x.0).unwrap_or(p));
                !PRESIGN_PARAMS.contains(&name.as_str())
            }
            Mode::Header { .. } => true,
        })
        .collect();
    let mut uri = format!("http://{host}{}", canonical_path(req.raw_path));
    if !query.is_empty() {
        uri.push('?');
        uri.push_str(&query.join("&"));
    }
    let headers: Vec<(&str, &str)> = req
        .headers
        .iter()
        .filter(|(n, _)| signed.iter().any(|s| s == n))
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let token = match &mode {
        Mode::Presigned { token, .. } => token.clone(),
        Mode::Header { .. } => None,
    };
    let identity: Identity = Credentials::new(scope.akid.as_str(), secret, token, None, "panopto-emulator").into();
    let mut settings = SigningSettings::default();
    settings.percent_encoding_mode = PercentEncodingMode::Single;
    settings.uri_path_normalization_mode = UriPathNormalizationMode::Disabled;
    // Sign exactly the headers the client listed, nothing excluded and nothing added.
    settings.excluded_headers = Some(vec![]);
    let body = match &mode {
        Mode::Header { payload } => SignableBody::Precomputed(payload.to_string()),
        Mode::Presigned { expires, .. } => {
            settings.signature_location = SignatureLocation::QueryParams;
            settings.expires_in = Some(Duration::from_secs(*expires));
            SignableBody::UnsignedPayload
        }
    };
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(&scope.region)
        .name(&scope.service)
        .time(time)
        .settings(settings)
        .build()
        .map_err(|e| err(500, "InternalError", format!("cannot build signing parameters: {e}")))?
        .into();
    let signable = SignableRequest::new(req.method, uri, headers.into_iter(), body).map_err(|e| {
        err(400, "SignatureDoesNotMatch", format!("the request cannot be canonicalised for SigV4: {e}"))
    })?;
    let (_, signature) = sign(signable, &params)
        .map_err(|e| err(403, "SignatureDoesNotMatch", format!("the request cannot be signed: {e}")))?
        .into_parts();
    let (canonical_request, string_to_sign) = explain(req, scope, time, signed, &mode);
    Ok(Expected { signature, canonical_request, string_to_sign })
}
