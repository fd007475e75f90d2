//! Checks made before any signature is computed: the access key, the clock skew, and the set of
//! signed headers. Each maps to the specific S3 error a client would get, which is why they are
//! separate from the signature comparison itself.

use super::parse::iso8601;
use super::types::{err, header, AuthError, IncomingRequest, Scope};
use std::time::{Duration, SystemTime};

/// S3 rejects requests whose time is more than 15 minutes away from its clock.
pub const MAX_SKEW: Duration = Duration::from_secs(15 * 60);

pub(super) fn check_access_key(scope: &Scope, access_key: &str) -> Result<(), AuthError> {
    if scope.akid != access_key {
        let mut e = err(403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.");
        e.extra.push(("AWSAccessKeyId", scope.akid.clone()));
        return Err(e);
    }
    Ok(())
}

pub(super) fn check_skew(time: SystemTime, amz_date: &str, now: SystemTime) -> Result<(), AuthError> {
    let diff = match now.duration_since(time) {
        Ok(d) => d,
        Err(e) => e.duration(),
    };
    if diff > MAX_SKEW {
        let mut e = err(
            403,
            "RequestTimeTooSkewed",
            "The difference between the request time and the current time is too large.",
        );
        e.extra.push(("RequestTime", amz_date.to_string()));
        e.extra.push(("ServerTime", iso8601(now)));
        e.extra.push(("MaxAllowedSkewMilliseconds", "900000".into()));
        return Err(e);
    }
    Ok(())
}

/// Every signed header must be present, and (as S3 requires) every x-amz-* header must be signed.
pub(super) fn check_signed_headers(req: &IncomingRequest, signed: &[String]) -> Result<(), AuthError> {
    for name in signed {
        if header(req, name).is_none() {
            return Err(err(
                403,
                "SignatureDoesNotMatch",
                format!("SignedHeaders lists '{name}', but the request has no such header"),
            ));
        }
    }
    let unsigned: Vec<&str> = req
        .headers
        .iter()
        .map(|(n, _)| n.as_str())
        .filter(|n| n.starts_with("x-amz-") && !signed.iter().any(|s| s == n))
        .collect();
    if !unsigned.is_empty() {
        let mut u = unsigned.clone();
        u.sort_unstable();
        u.dedup();
        let mut e = err(403, "AccessDenied", "There were headers present in the request which were not signed");
        e.extra.push(("HeadersNotSigned", u.join(", ")));
        return Err(e);
    }
    Ok(())
}
