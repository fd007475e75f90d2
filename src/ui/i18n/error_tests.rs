//! Errors in words. The English sentences are the ones the element has always said (the
//! core's errors carried them once; the catalogue does now, for every language), so host
//! pages that show or match them see no change.

use super::*;
use crate::core::panopto_rest::{PanoptoServer, RestError};
use crate::core::part_plan::{PartPlan, MAX_FILE_SIZE, MIB};
use crate::core::s3::S3Error;
use crate::core::sigv4::SigningError;
use crate::core::ucs_manifest::{Field, ManifestError};
use crate::core::upload_target::{ObjectLocation, UploadTargetError, MAX_FILE_NAME_BYTES};
use crate::core::url_policy::UrlRefusal;
use crate::text::{ErrorText, Problem, Step};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

#[test]
fn upload_targets_and_names_say_why() {
    let bad = |t: &str| english(&ErrorText::Target(ObjectLocation::new(t, "a.mp4").unwrap_err()));
    assert!(bad("ftp://h/Panopto/Upload/x").contains("not an http"));
    assert!(bad("https:///Panopto/Upload/x").contains("has no host"));
    assert!(bad("https://h/Upload").contains("/{bucket}/{prefix}"));
    assert!(bad("https://h/Panopto/Upload/x?a=1").contains("query"));
    assert!(bad("https://h:99999/Panopto/Upload/x").contains("port"));
    assert!(bad("https://u:p@h/Panopto/Upload/x").contains("credentials"));
    let long = format!("é{}.mp4", "n".repeat(MAX_FILE_NAME_BYTES - 5));
    let e = english(&ErrorText::Target(UploadTargetError::NameTooLong(long, MAX_FILE_NAME_BYTES + 1)));
    assert!(e.contains("988 bytes") && e.contains("at most 987"), "{e}");
}

#[test]
fn manifests_plans_and_signatures_say_why() {
    let e = ManifestError::InvalidCharacter { field: Field::Title, character: '\u{7}' };
    assert_eq!(
        english(&ErrorText::Manifest(e)),
        "the title contains the control character U+0007, which XML cannot carry; remove it"
    );
    let too_large = PartPlan::with_default_part_size(MAX_FILE_SIZE + 1).unwrap_err();
    assert_eq!(
        english(&ErrorText::Plan { name: "big.mp4".into(), error: too_large }),
        "big.mp4: the file is 244.1 GiB but Panopto accepts at most 244.1 GiB (10000 parts of 25 MiB)"
    );
    let part_size = PartPlan::new(MIB, 4 * MIB).unwrap_err();
    assert!(english(&ErrorText::Plan { name: "a".into(), error: part_size }).contains("4.0 MiB is outside"));
    let header = SigningError::ForbiddenHeader("x-amz-trailer".into());
    assert!(english(&ErrorText::Signing(header)).contains("NotImplemented"));
}

#[test]
fn s3_and_panopto_refusals_quote_the_server() {
    let body = "<Error><Code>RequestTimeTooSkewed</Code><Message>The difference between the request time and the current time is too large.</Message><RequestId>4442587FB7D0A2F9</RequestId></Error>";
    let e = english(&ErrorText::S3 { operation: "UploadPart", error: S3Error::from_response(403, body) });
    assert!(e.starts_with("UploadPart failed: S3 RequestTimeTooSkewed (403): The difference"), "{e}");
    assert!(e.ends_with(" [request 4442587FB7D0A2F9]"), "{e}");
    let denied = S3Error::from_response(403, "<Error><Code>AccessDenied</Code><Message>no</Message></Error>");
    let e = english(&ErrorText::S3 { operation: "UploadPart", error: denied });
    assert_eq!(e, "UploadPart failed: S3 AccessDenied (403): no (the upload target no longer accepts files: it may have been finished or cancelled)");
    let refused = RestError::from_response(403, r#"{"Message":"You do not have permission."}"#);
    let e = english(&ErrorText::Panopto { step: Step::CreateSession, error: refused });
    assert_eq!(e, "Creating the Panopto session: You do not have permission. (HTTP 403)");
    let server = PanoptoServer::new("https://p.example").unwrap();
    let e = server.create_session_upload("not-a-guid", "tok").unwrap_err();
    assert!(english(&ErrorText::Panopto { step: Step::CreateSession, error: e }).contains("not a Panopto folder ID"));
}

#[test]
fn configuration_problems_name_the_attribute() {
    let refusal = UrlRefusal::PlainHttp("p.example".into());
    let p = Problem::Url { attribute: "server", value: "http://p.example".into(), refusal };
    let msg = problems(Lang::En, &[p]);
    assert!(msg.contains("allow-http-hosts") && msg.contains("server=\"http://p.example\""), "{msg}");
    let two = [Problem::NoServer, Problem::PandaNeedsSessionUrl];
    assert_eq!(problems(Lang::En, &two).matches("; ").count(), 1, "joined, one after the other");
}

#[test]
fn a_network_failure_in_french_quotes_the_browsers_words() {
    let e = ErrorText::GaveUp {
        last: Box::new(ErrorText::Unreachable { origin: "https://p.example".into(), detail: "Failed to fetch".into() }),
        attempts: 3,
    };
    let fr = say(Lang::Fr, &e);
    assert!(fr.contains("https://p.example") && fr.contains("Failed to fetch") && fr.contains('3'), "{fr}");
    assert_ne!(fr, english(&e));
    assert!(fr.contains("impossible de joindre"), "in French: {fr}");
    let refused = RestError::from_response(403, r#"{"Message":"You do not have permission."}"#);
    let fr = say(Lang::Fr, &ErrorText::Panopto { step: Step::CreateSession, error: refused });
    assert!(fr.starts_with("Création de la session Panopto") && fr.contains("You do not have permission."), "{fr}");
}
