//! What the teacher asked for (one Panopto session: a recording, an optional screen
//! recording, captions, a title) and how to send it; checked and planned before anything
//! is created on the server.

use crate::core::part_plan::PartPlan;
use crate::core::s3::S3Auth;
use crate::core::upload_target::base_name;
use crate::engine::error::{ErrorCode, UploadError};
use crate::engine::panopto_poll::PollTimes;
use crate::engine::ports::FileSource;
use crate::text::ErrorText;
use std::rc::Rc;

pub struct Caption {
    pub file: Rc<dyn FileSource>,
    pub language: Option<String>,
}

pub struct SessionSpec {
    pub folder_id: String,
    pub title: String,
    pub description: Option<String>,
    pub primary: Rc<dyn FileSource>,
    /// The screen recording beside the camera, shown in the larger window.
    pub secondary: Option<Rc<dyn FileSource>>,
    pub captions: Vec<Caption>,
}

impl SessionSpec {
    /// Every file, in the record's order: primary, secondary, captions.
    pub fn files(&self) -> Vec<Rc<dyn FileSource>> {
        let mut files = vec![self.primary.clone()];
        files.extend(self.secondary.clone());
        files.extend(self.captions.iter().map(|c| c.file.clone()));
        files
    }

    /// Where the first caption's file sits in [`Self::files`].
    pub fn first_caption(&self) -> usize {
        1 + self.secondary.is_some() as usize
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct UploadOptions {
    pub part_size: u64,
    pub concurrency: usize,
    /// `None` sends unsigned S3 requests (Panopto accepts them; no preflight headers).
    pub s3_auth: Option<S3Auth>,
    pub first_poll_ms: u32,
    pub max_poll_ms: u32,
}

impl UploadOptions {
    pub fn poll_times(&self) -> PollTimes {
        PollTimes { first_ms: self.first_poll_ms, max_ms: self.max_poll_ms }
    }
}

impl Default for UploadOptions {
    fn default() -> Self {
        UploadOptions {
            part_size: crate::core::part_plan::DEFAULT_PART_SIZE,
            concurrency: 4,
            s3_auth: Some(S3Auth::default()),
            first_poll_ms: 1_000,
            max_poll_ms: 10_000,
        }
    }
}

/// A file with its part plan.
pub type Planned = (Rc<dyn FileSource>, PartPlan);

fn invalid(text: ErrorText) -> UploadError {
    UploadError::new(ErrorCode::InvalidFile, text)
}

/// Check and plan every file before anything is created on the server: an empty or too
/// large file, or two files of one name (they would be one object), is refused up front,
/// with nothing to clean up.
pub fn plan_files(spec: &SessionSpec, options: &UploadOptions) -> Result<Vec<Planned>, UploadError> {
    if spec.title.trim().is_empty() {
        return Err(UploadError::new(ErrorCode::InvalidInput, ErrorText::NoTitle));
    }
    let mut names: Vec<String> = Vec::new();
    let mut planned = Vec::new();
    for f in spec.files() {
        let name = base_name(&f.name()).map_err(|e| invalid(ErrorText::Target(e)))?;
        if names.contains(&name) {
            return Err(invalid(ErrorText::SameName { name }));
        }
        names.push(name);
        let plan = PartPlan::new(f.size(), options.part_size)
            .map_err(|error| invalid(ErrorText::Plan { name: f.name(), error }))?;
        planned.push((f, plan));
    }
    Ok(planned)
}
