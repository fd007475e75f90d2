//! The files of a session into its UploadTarget: the teacher's files one after another
//! (each through S3 multipart, its parts in parallel), then the UCS manifest that names
//! them with their CRC-32s. Progress counts the teacher's bytes as they are acknowledged.

use super::journal::SlotLog;
use super::record::SessionRecord;
use super::record::Slot;
use super::spec::{Planned, SessionSpec, UploadOptions};
use crate::core::object_name::object_names;
use crate::core::panopto_rest::SessionUpload;
use crate::core::part_plan::PartPlan;
use crate::core::ucs_manifest::{manifest_file_name, FileRef, Manifest, StreamType, Transcript, Video};
use crate::engine::context::EngineContext;
use crate::engine::error::{ErrorCode, UploadError};
use crate::engine::flow::{EngineEvent, Phase};
use crate::engine::journal::Journal;
use crate::engine::memory_file::MemoryFile;
use crate::engine::multipart::{FileUpload, Multipart};
use crate::engine::ports::FileSource;
use crate::engine::progress::Transfer;
use crate::engine::progress_report::ProgressReport;
use crate::engine::record::UploadedFile;
use crate::engine::s3_client::S3Client;
use crate::text::ErrorText;

/// What [`upload_files`] works with.
pub struct FilesJob<'a> {
    pub ctx: &'a EngineContext,
    pub spec: &'a SessionSpec,
    pub options: &'a UploadOptions,
    pub upload: &'a SessionUpload,
    pub planned: &'a [Planned],
    pub journal: &'a Journal<'a, SessionRecord>,
}

/// The S3 client for one object of the sessionUpload's UploadTarget.
pub fn s3_for<'a>(
    ctx: &'a EngineContext,
    upload: &SessionUpload,
    name: &str,
    options: &UploadOptions,
) -> Result<S3Client<'a>, UploadError> {
    S3Client::in_target(ctx, upload.upload_target.as_deref(), name, options.s3_auth.clone())
}

pub async fn upload_files(job: FilesJob<'_>) -> Result<(), UploadError> {
    let FilesJob { ctx, spec, options, upload, planned, journal } = job;
    let total: u64 = planned.iter().map(|(_, p)| p.file_size()).sum();
    (journal.emit)(EngineEvent::Phase(Phase::Uploading));
    let report = ProgressReport::start(ctx, total, journal.emit);
    let on_bytes = |transfer: Transfer| report.update(transfer);
    let multipart = Multipart::new(ctx, options.concurrency);
    // Safe names, the same on every relay (core/object_name.rs); the title keeps the teacher's.
    let names = object_names(&planned.iter().map(|(file, _)| file.name()).collect::<Vec<_>>());
    let files = async {
        let mut uploaded = Vec::new();
        for (i, ((file, plan), name)) in planned.iter().zip(&names).enumerate() {
            let s3 = s3_for(ctx, upload, name, options)?;
            let log = SlotLog { journal, slot: Slot::File(i) };
            let job = FileUpload { s3, file: file.as_ref(), plan: *plan, log: &log, on_bytes: &on_bytes };
            uploaded.push(multipart.upload(job).await?);
        }
        Ok::<_, UploadError>(uploaded)
    };
    let uploaded = report.around(files).await?;

    (journal.emit)(EngineEvent::Phase(Phase::Finishing));
    let names: Vec<&str> = uploaded.iter().map(|u| u.name.as_str()).collect();
    let xml = build_manifest(ctx, spec, &uploaded)?;
    let manifest = MemoryFile::new(&manifest_file_name(&names), "text/xml", xml.into_bytes());
    let plan = PartPlan::new(manifest.size(), options.part_size)
        .map_err(|error| UploadError::new(ErrorCode::Manifest, ErrorText::Plan { name: manifest.name(), error }))?;
    let s3 = s3_for(ctx, upload, &manifest.name(), options)?;
    let log = SlotLog { journal, slot: Slot::Manifest };
    let job = FileUpload { s3, file: &manifest, plan, log: &log, on_bytes: &|_| {} };
    Multipart::new(ctx, 1).upload(job).await.map(|_| ())
}

fn build_manifest(ctx: &EngineContext, spec: &SessionSpec, uploaded: &[UploadedFile]) -> Result<String, UploadError> {
    let file_ref = |u: &UploadedFile| FileRef { name: u.name.clone(), crc32: Some(u.crc32) };
    let transcripts = spec
        .captions
        .iter()
        .zip(&uploaded[spec.first_caption()..])
        .map(|(c, u)| Transcript { file: file_ref(u), language: c.language.clone() })
        .collect();
    let mut videos =
        vec![Video { file: file_ref(&uploaded[0]), stream_type: StreamType::Primary, start_ms: 0, transcripts }];
    if spec.secondary.is_some() {
        videos.push(Video {
            file: file_ref(&uploaded[1]),
            stream_type: StreamType::Secondary,
            start_ms: 0,
            transcripts: vec![],
        });
    }
    Manifest {
        title: spec.title.clone(),
        description: spec.description.clone(),
        date: ctx.signing_time(),
        videos,
        tags: vec![],
    }
    .to_xml()
    .map_err(|e| UploadError::new(ErrorCode::InvalidInput, ErrorText::Manifest(e)))
}
