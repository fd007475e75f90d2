//! How a queued file is uploaded, decided from what the page knows when its run starts:
//! the protocol (the `protocol` attribute), the place (a folder: a new session; a session:
//! one more stream of it) and the file's details. A [`RunPlan`] is plain data — the shell
//! builds the flow from it, with the files it holds — so the decision is tested on the host,
//! and a saved upload found after a reload is offered back only to a run of the same plan's
//! destination.

use super::common::FileId;
use super::config::{Config, Protocol};
use super::details::Details;
use super::place::Place;
use crate::core::panda::request::resolve_location;
use crate::core::panopto_rest::{PanoptoServer, StreamType};
use crate::core::part_plan::MIB;
use crate::engine::panda::session::describe;
use crate::engine::panda::PandaFlow;
use crate::engine::session::spec::UploadOptions;
use crate::engine::session::SessionFlow;
use crate::engine::stream::StreamFlow;

#[derive(Clone, Debug, PartialEq)]
pub struct RunPlan {
    /// The recording (what identifies the upload).
    pub primary: FileId,
    pub target: Target,
    pub options: UploadOptions,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    /// A new session in the folder (sessionUpload), with the card's details.
    Session {
        server: PanoptoServer,
        folder_id: String,
        title: String,
        description: Option<String>,
        secondary: Option<FileId>,
        /// Each caption file with its language.
        captions: Vec<(FileId, String)>,
    },
    /// One more stream of an existing session (StreamUpload), then its captions (API v1).
    Stream {
        server: PanoptoServer,
        session_id: String,
        stream_type: StreamType,
        /// Each caption file with its language, sent to the session once the stream is in.
        captions: Vec<(FileId, String)>,
    },
    /// Panda's resumable upload; sessions from the page's `createUpload` (`url: None`) or
    /// from the URL.
    Panda { url: Option<String>, first_chunk: u64, max_chunk: u64 },
}

impl RunPlan {
    /// What a saved record must have been saved for to continue this run.
    pub fn destination(&self) -> String {
        match &self.target {
            Target::Session { server, folder_id, .. } => SessionFlow::destination(server, folder_id),
            Target::Stream { server, session_id, stream_type, .. } => {
                StreamFlow::destination(server, session_id, *stream_type)
            }
            Target::Panda { url, .. } => PandaFlow::destination(&describe(url.as_deref())),
        }
    }
}

fn captions(details: &Details) -> Vec<(FileId, String)> {
    details.captions.iter().map(|c| (c.file.file, c.language.clone())).collect()
}

/// Everything planning reads.
pub struct Planning<'a> {
    pub config: &'a Config,
    pub place: &'a Place,
    /// The page gave a `createUpload` function (it wins over `upload-session-url`: it is
    /// the more deliberate setting).
    pub create_upload: bool,
    /// The document's URL, for a path given as `upload-session-url`.
    pub base_url: &'a str,
}

impl Planning<'_> {
    /// `None` while the configuration or the place cannot make one (the page says why).
    pub fn plan(&self, primary: FileId, details: &Details) -> Option<RunPlan> {
        let config = self.config;
        let target = match (config.protocol, self.place.session_id()) {
            (Protocol::Panopto, Some(session_id)) => Target::Stream {
                server: config.server.clone()?,
                session_id: session_id.to_string(),
                stream_type: details.stream_type,
                captions: captions(details),
            },
            (Protocol::Panopto, None) => Target::Session {
                server: config.server.clone()?,
                folder_id: self.place.folder_id()?.to_string(),
                title: details.title.clone(),
                description: Some(details.description.clone()).filter(|d| !d.trim().is_empty()),
                secondary: details.secondary.as_ref().map(|a| a.file),
                captions: captions(details),
            },
            (Protocol::Panda, _) => Target::Panda {
                url: match (self.create_upload, config.upload_session_url.as_deref()) {
                    (true, _) => None,
                    // A path on the page's origin becomes absolute (requests and messages
                    // need the origin).
                    (false, Some(url)) => Some(resolve_location(self.base_url, url).ok()?),
                    (false, None) => return None,
                },
                first_chunk: config.part_size_mib as u64 * MIB,
                max_chunk: config.max_chunk_mib as u64 * MIB,
            },
        };
        let options = UploadOptions {
            concurrency: config.concurrency,
            part_size: config.part_size_mib as u64 * MIB,
            ..UploadOptions::default()
        };
        Some(RunPlan { primary, target, options })
    }
}
