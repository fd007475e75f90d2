//! What a Panda server's answers mean when they end an upload: the error's public code,
//! and what the teacher is told ([`PandaTrouble`], with the server's own words).

use crate::core::panda::answer::Answer;
use crate::engine::error::{ErrorCode, UploadError};
use crate::text::{ErrorText, PandaStep, PandaTrouble};

/// An answer that ends the upload: what the server said, with the code it deserves.
pub fn final_error(step: PandaStep, answer: Answer) -> UploadError {
    let code = match &answer {
        Answer::Conflict(_) => ErrorCode::FileChanged,
        Answer::Rejected { .. } => ErrorCode::Rejected,
        Answer::Gone(_) => ErrorCode::NotFound,
        Answer::Transient { status, .. } => transient_code(*status),
        Answer::Malformed(_) | Answer::Gap(_) | Answer::Held(_) | Answer::Complete(_) => ErrorCode::BadResponse,
    };
    UploadError::new(code, ErrorText::Panda { step, trouble: trouble(answer) })
}

/// What an answer that ends the upload says, for the teacher.
pub fn trouble(answer: Answer) -> PandaTrouble {
    match answer {
        Answer::Conflict(m) => PandaTrouble::Conflict(m),
        Answer::Rejected { message, .. } => PandaTrouble::Refused(message),
        Answer::Gone(m) => PandaTrouble::Gone(m),
        Answer::Transient { message, .. } => PandaTrouble::Unavailable(message),
        Answer::Malformed(oddity) => PandaTrouble::Odd(oddity),
        Answer::Gap(held) => PandaTrouble::Gap(held),
        Answer::Held(_) | Answer::Complete(_) => PandaTrouble::NotAnEnd,
    }
}

/// 5xx/408/429 after the retry budget: the server's trouble, not the page's.
pub fn transient_code(status: u16) -> ErrorCode {
    match status {
        408 => ErrorCode::Stalled,
        _ => ErrorCode::ServerUnavailable,
    }
}
