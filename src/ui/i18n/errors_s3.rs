//! S3's errors in words (`errors.rs` says how): what S3 refused, with its code, status, message
//! or what was odd about its answer, its request ID, and a hint for the codes that need one.

use super::errors::Say;
use super::keys::Key;
use crate::core::s3::{S3Code, S3Error, S3Oddity};

impl Say {
    pub(super) fn s3(&self, operation: &str, e: &S3Error) -> String {
        let mut said = format!("S3 {} ({})", e.code, e.status);
        let detail = match &e.oddity {
            Some(oddity) => self.s3_oddity(oddity),
            None => e.message.clone(),
        };
        if !detail.is_empty() {
            said.push_str(": ");
            said.push_str(&detail);
        }
        if let Some(id) = &e.request_id {
            said.push_str(&self.fill(Key::S3RequestId, &[id]));
        }
        let hint = match e.code {
            S3Code::SignatureDoesNotMatch => self.key(Key::HintSignature),
            S3Code::NotImplemented => self.key(Key::HintEncoding),
            S3Code::AccessDenied => self.key(Key::HintAccessDenied),
            _ => String::new(),
        };
        self.fill(Key::S3Failed, &[operation, &said, &hint])
    }

    fn s3_oddity(&self, oddity: &S3Oddity) -> String {
        match oddity {
            S3Oddity::NotXml(why) => why.clone(),
            S3Oddity::NoUploadId => self.key(Key::NoUploadId),
            S3Oddity::NoCompleteResult => self.key(Key::NoCompleteResult),
            S3Oddity::NoContentLength => self.key(Key::NoContentLength),
            S3Oddity::HeadFailed => self.key(Key::HeadFailed),
            S3Oddity::BadPartNumber(n) => self.fill(Key::BadPartNumber, &[n]),
            S3Oddity::BadSize(n) => self.fill(Key::BadSize, &[n]),
            S3Oddity::IncompletePart => self.key(Key::IncompletePart),
            S3Oddity::NoMarker => self.key(Key::NoMarker),
        }
    }
}
