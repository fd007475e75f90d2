//! Command-line interface and the resolved runtime configuration.

use clap::Parser;
use std::net::SocketAddr;
use std::path::PathBuf;
use uuid::Uuid;

/// The one folder a fresh emulator knows about, so a client can be pointed at it without any set-up.
pub const DEFAULT_FOLDER: &str = "3f8c2a71-9d4e-4b6a-8c15-7e2f0a9d4b31";

/// Emulates Panopto's session-upload REST API (/Panopto/PublicAPI/REST/sessionUpload and /upload)
/// and its S3-compatible upload endpoint (/Panopto/Upload/{ID}/{key}), including SigV4 verification,
/// UCS manifest validation and the processing state machine (states 0-8).
#[derive(Parser, Debug, Clone)]
#[command(name = "panopto-emulator", version, about, long_about = None)]
pub struct Args {
    /// Address to listen on (port 0 picks a free port; the real one is printed on start).
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR:PORT")]
    pub listen: SocketAddr,

    /// Directory holding ALL state (uploads, states, files, multipart uploads, counters).
    /// A restarted emulator on the same directory carries on where it stopped.
    #[arg(long, default_value = "./panopto-emulator-data", value_name = "DIR")]
    pub data_dir: PathBuf,

    /// Bearer token accepted by the REST API (repeatable). Default: dev-token.
    #[arg(long = "token", value_name = "TOKEN")]
    pub tokens: Vec<String>,

    /// Folder GUID that sessions may be uploaded to (repeatable).
    /// Default: 3f8c2a71-9d4e-4b6a-8c15-7e2f0a9d4b31.
    #[arg(long = "folder", value_name = "GUID")]
    pub folders: Vec<Uuid>,

    /// Directory of static files served at / (index.html for directories).
    #[arg(long, value_name = "DIR")]
    pub www: Option<PathBuf>,

    /// Origin allowed by CORS (repeatable; `*` allows any). Default: none, i.e. no CORS headers.
    #[arg(long = "cors-origin", value_name = "ORIGIN")]
    pub cors_origins: Vec<String>,

    /// Access key id that SigV4-signed S3 requests must use.
    #[arg(long, default_value = "dummy")]
    pub s3_access_key: String,

    /// Secret key used to verify SigV4 signatures of S3 requests.
    #[arg(long, default_value = "dummy")]
    pub s3_secret_key: String,

    /// How long processing takes after PUT State=1, in milliseconds
    /// (state 1 for half of it, then 3 Processing, then 4 or 5).
    #[arg(long, default_value_t = 2000, value_name = "N")]
    pub processing_ms: u64,

    /// Fault: leave ETag out of Access-Control-Expose-Headers, as an S3-compatible server
    /// without that CORS rule does; a browser client then cannot read part ETags.
    #[arg(long)]
    pub hide_etag: bool,

    /// Fault: the server's clock is this many seconds off (negative = behind). Date headers,
    /// the 15-minute signature window and ServerTime in RequestTimeTooSkewed all follow it.
    #[arg(long, default_value_t = 0, value_name = "N", allow_hyphen_values = true)]
    pub clock_skew_secs: i64,
}

/// Configuration after defaults have been applied.
#[derive(Debug, Clone)]
pub struct Config {
    pub listen: SocketAddr,
    pub data_dir: PathBuf,
    pub tokens: Vec<String>,
    pub folders: Vec<Uuid>,
    pub www: Option<PathBuf>,
    pub cors_origins: Vec<String>,
    pub s3_access_key: String,
    pub s3_secret_key: String,
    pub processing_ms: u64,
    pub hide_etag: bool,
    pub clock_skew_secs: i64,
}

impl From<Args> for Config {
    fn from(a: Args) -> Self {
        let tokens = if a.tokens.is_empty() { vec!["dev-token".to_string()] } else { a.tokens };
        let folders = if a.folders.is_empty() {
            vec![Uuid::parse_str(DEFAULT_FOLDER).expect("constant GUID")]
        } else {
            a.folders
        };
        Config {
            listen: a.listen,
            data_dir: a.data_dir,
            tokens,
            folders,
            www: a.www,
            cors_origins: a.cors_origins,
            s3_access_key: a.s3_access_key,
            s3_secret_key: a.s3_secret_key,
            processing_ms: a.processing_ms,
            hide_etag: a.hide_etag,
            clock_skew_secs: a.clock_skew_secs,
        }
    }
}
