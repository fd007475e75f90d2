//! SigV4 for the emulator's tests, by aws-sigv4 (an implementation independent of ours):
//! header-signed requests with S3's settings, and presigned URLs.

use super::{Emu, Resp};
use aws_credential_types::Credentials;
use aws_sigv4::http_request::{
    sign, PayloadChecksumKind, PercentEncodingMode, SignableBody, SignableRequest, SignatureLocation, SigningSettings,
    UriPathNormalizationMode,
};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use std::time::{Duration, SystemTime};

/// Signing parameters for S3 in us-east-1, as the component signs.
fn s3_params(
    identity: &Identity,
    time: SystemTime,
    settings: SigningSettings,
) -> aws_sigv4::http_request::SigningParams<'_> {
    v4::SigningParams::builder()
        .identity(identity)
        .region("us-east-1")
        .name("s3")
        .time(time)
        .settings(settings)
        .build()
        .unwrap()
        .into()
}

pub enum Payload {
    Unsigned,
    Hash(String),
}

/// Who signs and when: the emulator's dummy keys now, unless a test says otherwise.
#[derive(Clone, Copy)]
pub struct Signer<'a> {
    pub time: SystemTime,
    pub akid: &'a str,
    pub secret: &'a str,
}

impl Signer<'static> {
    /// The dummy keys the emulator accepts, at the current time.
    pub fn dummy() -> Self {
        Signer { time: SystemTime::now(), akid: "dummy", secret: "dummy" }
    }
}

impl<'a> Signer<'a> {
    /// The same keys, signing as of `time` (a skewed clock).
    pub fn at(self, time: SystemTime) -> Self {
        Signer { time, ..self }
    }

    /// Other keys (an unknown access key, a wrong secret).
    pub fn keys(self, akid: &'a str, secret: &'a str) -> Self {
        Signer { akid, secret, ..self }
    }

    /// SigV4 header auth with aws-sigv4 (S3 settings). Returns the headers to send,
    /// including the given ones.
    pub fn headers(
        &self,
        addr: &str,
        method: &str,
        target: &str,
        extra: &[(&str, &str)],
        payload: Payload,
    ) -> Vec<(String, String)> {
        signed_headers(addr, method, target, extra, payload, self)
    }
}

fn signed_headers(
    addr: &str,
    method: &str,
    target: &str,
    extra: &[(&str, &str)],
    payload: Payload,
    signer: &Signer,
) -> Vec<(String, String)> {
    let Signer { time, akid, secret } = *signer;
    let identity: Identity = Credentials::new(akid, secret, None, None, "test").into();
    let mut settings = SigningSettings::default();
    settings.percent_encoding_mode = PercentEncodingMode::Single;
    settings.uri_path_normalization_mode = UriPathNormalizationMode::Disabled;
    settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
    let params = s3_params(&identity, time, settings);
    let mut hs: Vec<(&str, &str)> = vec![("host", addr)];
    hs.extend_from_slice(extra);
    let body = match &payload {
        Payload::Unsigned => SignableBody::UnsignedPayload,
        Payload::Hash(h) => SignableBody::Precomputed(h.clone()),
    };
    let uri = format!("http://{addr}{target}");
    let req = SignableRequest::new(method, uri, hs.clone().into_iter(), body).unwrap();
    let (instr, _sig) = sign(req, &params).unwrap().into_parts();
    let mut out: Vec<(String, String)> = extra.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect();
    for (n, v) in instr.headers() {
        out.push((n.to_string(), v.to_string()));
    }
    out
}

/// Sends a SigV4 header-signed request with the default dummy/dummy credentials.
pub fn signed(emu: &Emu, method: &str, target: &str, extra: &[(&str, &str)], body: &[u8], payload: Payload) -> Resp {
    let hs = Signer::dummy().headers(&emu.addr, method, target, extra, payload);
    let refs: Vec<(&str, &str)> = hs.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    emu.req(method, target, &refs, body)
}

/// A presigned URL (query auth, UNSIGNED-PAYLOAD) for `target`.
pub fn presign(addr: &str, method: &str, target: &str, expires: u64, time: SystemTime) -> String {
    let identity: Identity = Credentials::new("dummy", "dummy", None, None, "test").into();
    let mut settings = SigningSettings::default();
    settings.percent_encoding_mode = PercentEncodingMode::Single;
    settings.uri_path_normalization_mode = UriPathNormalizationMode::Disabled;
    settings.signature_location = SignatureLocation::QueryParams;
    settings.expires_in = Some(Duration::from_secs(expires));
    let params = s3_params(&identity, time, settings);
    let uri = format!("http://{addr}{target}");
    let req =
        SignableRequest::new(method, uri, vec![("host", addr)].into_iter(), SignableBody::UnsignedPayload).unwrap();
    let (instr, _) = sign(req, &params).unwrap().into_parts();
    let mut url = target.to_string();
    for (i, (n, v)) in instr.params().iter().enumerate() {
        let sep = if i == 0 && !target.contains('?') { '?' } else { '&' };
        let enc: String = v
            .bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect();
        url.push_str(&format!("{sep}{n}={enc}"));
    }
    url
}
