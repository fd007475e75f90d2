//! Micro-benchmarks exported for `bench/run.mjs`: what signing and hashing cost in our
//! wasm, to set against the browser's WebCrypto. They decide the payload-hash mode (see
//! the README, Benchmarks): measured, not assumed.

use crate::core::amz_date::AmzDate;
use crate::core::part_plan::PartRange;
use crate::core::s3::{upload_part, S3Auth, S3Object};
use crate::core::sigv4::PayloadHash;
use crate::core::upload_target::ObjectLocation;
use wasm_bindgen::prelude::*;

/// SHA-256 of `bytes` with the `sha2` crate (what a signed payload would need), as hex.
#[wasm_bindgen(js_name = benchSha256)]
pub fn bench_sha256(bytes: &[u8]) -> String {
    match PayloadHash::of(bytes) {
        PayloadHash::Sha256(hex) => hex,
        PayloadHash::Unsigned => String::new(),
    }
}

/// CRC-32 of `bytes` (what each part costs before it is sent, for the manifest's checksum).
#[wasm_bindgen(js_name = benchCrc32)]
pub fn bench_crc32(bytes: &[u8]) -> u32 {
    crate::core::checksum::crc32(bytes)
}

/// Parts hashed by the checksum worker and by the page itself so far (with the bytes the
/// worker hashed, its state, and why it was given up if it was): the tests check that
/// uploads take the worker path, and that a broken worker falls back.
#[wasm_bindgen(js_name = benchChecksumStats)]
pub fn bench_checksum_stats() -> JsValue {
    super::checksum_worker::checksum_stats()
}

/// Sign `n` UploadPart requests (UNSIGNED-PAYLOAD, as the engine sends them); returns how
/// many succeeded.
#[wasm_bindgen(js_name = benchSignParts)]
pub fn bench_sign_parts(n: u32) -> u32 {
    let Ok(object) = ObjectLocation::new(
        "https://demo.hosted.panopto.com/Panopto/Upload/86cb20c2-a0a1-4c24-94c7-3a75532816df",
        "lecture.mp4",
    ) else {
        return 0;
    };
    let object = S3Object::new(object, Some(S3Auth::default()));
    let now = AmzDate::from_unix_secs(1_795_379_400);
    (1..=n)
        .filter(|i| {
            let part = PartRange { number: *i, start: 0, end: 5 << 20 };
            upload_part::build(&object, "upload-id", part, now).is_ok()
        })
        .count() as u32
}

/// Send part bodies with `fetch` or `xhr` from now on: the benchmark measures both
/// transports on the same run. Anything else is refused (returns false).
#[wasm_bindgen(js_name = benchUseTransport)]
pub fn bench_use_transport(name: &str) -> bool {
    use super::transport::{use_for_bodies, BodyTransport};
    match name {
        "fetch" => use_for_bodies(BodyTransport::Fetch),
        "xhr" => use_for_bodies(BodyTransport::Xhr),
        _ => return false,
    }
    true
}
