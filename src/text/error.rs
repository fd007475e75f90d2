//! What went wrong, as the teacher (and the page's `uploaderror` listener) reads it: every
//! error the engine, the page model or the browser shell can report, as a key with its
//! arguments. The arguments are what is not ours to translate: the server's own words,
//! names, addresses, codes and numbers; the words around them are the catalogue's, in the
//! element's `lang` (`ui/i18n/errors.rs`).

use crate::core::oauth::token::OAuthError;
use crate::core::panda::answer::{PandaOddity, SessionFlaw};
use crate::core::panda::request::LocationFlaw;
use crate::core::panopto_rest::RestError;
use crate::core::part_plan::PartPlanError;
use crate::core::s3::parts_collector::PartsError;
use crate::core::s3::S3Error;
use crate::core::sigv4::SigningError;
use crate::core::ucs_manifest::ManifestError;
use crate::core::upload_target::UploadTargetError;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorText {
    // Reaching a server (engine/context.rs).
    /// No server has answered yet, and this one could not be reached: the network is
    /// down, the address is wrong, or it does not allow the page's origin (CORS).
    /// `detail`: the browser's own words.
    Unreachable {
        origin: String,
        detail: String,
    },
    /// As [`Self::Unreachable`], but nothing came back at all within `secs`.
    Silent {
        origin: String,
        secs: u64,
    },
    /// A server that had answered before gave no answer within `secs`.
    NoAnswerFrom {
        origin: String,
        secs: u64,
    },
    /// A one-off request (a clean-up after a cancel) got no answer within `secs`.
    NoAnswer {
        secs: u64,
    },
    /// The connection failed after a server had answered; the browser's words.
    Network {
        detail: String,
    },
    /// A one-off request was aborted.
    Aborted,
    /// `last` failed again and again until the retry budget was spent.
    GaveUp {
        last: Box<ErrorText>,
        attempts: u32,
    },
    Cancelled,

    // Panopto's REST APIs.
    /// What Panopto answered to `step`.
    Panopto {
        step: Step,
        error: RestError,
    },
    /// Panopto's answer to `step` has no `State`.
    NoState {
        step: Step,
    },
    /// Panopto created the upload without an UploadTarget.
    NoUploadTarget,
    /// Panopto created the stream upload without an ID.
    NoStreamId,
    /// Panopto could not process the upload: its message, if it gave one.
    ProcessingFailed {
        message: Option<String>,
    },
    /// Panopto reports the upload as `state` (cancelled, deleted…) while processing.
    EndedByServer {
        state: String,
        message: Option<String>,
    },

    // S3 (the upload target).
    /// S3 refused `operation` (an S3 operation's name, e.g. `UploadPart`).
    S3 {
        operation: &'static str,
        error: S3Error,
    },
    /// The UploadTarget, or a file name as an object key, cannot be used.
    Target(UploadTargetError),
    Parts(PartsError),
    Signing(SigningError),
    /// A part read `read` bytes instead of `planned`: the file changed while uploading.
    PartChanged {
        part: u32,
        read: u64,
        planned: u64,
    },
    /// The server's ETag of `part` is not the MD5 of what was sent.
    EtagMismatch {
        part: u32,
        etag: String,
        md5: String,
    },
    /// `part`'s ETag is neither readable (CORS) nor listed by ListParts.
    EtagHidden {
        part: u32,
    },
    /// Completing a file that has no multipart upload open (the record says it is done).
    NothingToComplete,

    // The files and the session's details.
    /// `name` is empty (0 bytes).
    EmptyFile {
        name: String,
    },
    /// `name` cannot be cut into parts.
    Plan {
        name: String,
        error: PartPlanError,
    },
    /// The manifest cannot be written.
    Manifest(ManifestError),
    /// Two files of the session are both named `name`.
    SameName {
        name: String,
    },
    /// The session needs a title.
    NoTitle,
    /// The browser could not read the file; its words.
    FileRead {
        detail: String,
    },
    /// A file the upload needs is no longer held (added, then let go of).
    FileGone,
    /// `session-id` is not a GUID.
    BadSessionId {
        id: String,
    },
    /// The caption file `name` could not be added to the session (after the stream was):
    /// why, in `error`.
    CaptionNotAdded {
        name: String,
        error: Box<ErrorText>,
    },
    /// The caption file `name` is `size` bytes, over the most sent.
    CaptionTooLarge {
        name: String,
        size: u64,
    },

    // Panda.
    /// What the Panda server answered to `step`.
    Panda {
        step: PandaStep,
        trouble: PandaTrouble,
    },
    /// The server answered `chunks` chunks in a row without keeping them.
    PandaStuck {
        chunks: u32,
        held: u64,
    },

    // Tokens and the teacher's sign-in.
    /// The page did not answer `tokenneeded` with a token.
    NoToken,
    /// The page's `tokenProvider` failed.
    TokenProvider(HostTrouble),
    /// The page's `createUpload` failed.
    CreateUpload(HostTrouble),
    /// Uploading needs the teacher's sign-in first.
    SignInFirst,
    /// The teacher's sign-in has ended: sign in again.
    SignInEnded,
    SignIn(SignInTrouble),

    // The page's configuration and the element's methods.
    /// What is wrong with the attributes (`uploaderror` of a configuration).
    Problems(Vec<Problem>),
    /// Starting while the attributes are wrong.
    NotConfigured(Vec<Problem>),
    /// Starting before a folder (or a session) is chosen.
    ChooseFolderFirst,
    /// The chosen folder takes no new sessions from this teacher (its name).
    CannotCreateIn(String),
    /// A property that takes a function was given something else.
    NotAFunction(HostFunction),
    /// `addFiles()` was given something that is not a File.
    NotFiles,
}

/// A step of Panopto's REST APIs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    CreateSession,
    AddStream,
    FinishUpload,
    Cancel,
    CheckEarlierUpload,
    CheckProcessing,
    ReadFolder,
    ListFolders,
    SearchFolders,
    ListSessions,
    SearchSessions,
    ReadSession,
    AddCaption,
}

/// A step of Panda's protocol.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PandaStep {
    CreateSession,
    AskWhere,
    /// The server holds the whole file but did not say the upload is complete.
    HeldNotComplete,
    UploadChunk,
    SendWhole,
    Abort,
}

/// What a Panda server said that ends the upload.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PandaTrouble {
    /// It holds other bytes for this part of the file: the file changed.
    Conflict(String),
    /// A client error, with the server's words and status.
    Refused(String),
    /// The upload location is gone.
    Gone(String),
    /// The server kept failing (5xx, 408, 429).
    Unavailable(String),
    /// An answer the protocol does not allow.
    Odd(PandaOddity),
    /// It says the upload starts past what it holds (how much, if it says).
    Gap(Option<u64>),
    /// An answer that does not end the upload where one must.
    NotAnEnd,
    /// It refused the page's token.
    TokenRefused(String),
    /// No upload-session endpoint at `url`.
    NoEndpoint { url: String, said: String },
    /// The upload-session answer cannot be used.
    Session(SessionFlaw),
    /// The upload location cannot be used.
    Location(LocationFlaw),
}

/// What went wrong with a function the page gave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HostTrouble {
    /// It threw or rejected, with these words.
    Threw(String),
    /// It threw or rejected without any words.
    Exception,
    /// It did not give a non-empty string.
    NotAString,
    /// `createUpload` gave no `id`.
    NoId,
    /// `createUpload` gave no `location`.
    NoLocation,
    /// The location is not a URL.
    NotAUrl(String),
    /// The location is not an http(s) URL.
    NotHttp(String),
}

/// The page's properties that take a function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HostFunction {
    TokenProvider,
    CreateUpload,
}

/// Why signing in did not succeed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignInTrouble {
    /// The browser cannot make secure random values (Web Crypto).
    NoSecureRandom,
    /// The browser blocked the sign-in window.
    Blocked,
    /// No answer came back: the window showed Panopto's error page (a flow the client type
    /// does not allow, an unknown client, a redirect URL not registered), or was closed, or
    /// the teacher cancelled. Says which client type and redirect URL to check.
    Unanswered { client_id: String, redirect_uri: String, flow: crate::core::oauth::authorize::Flow },
    /// The window came back without an answer.
    NoAnswer,
    /// A redirect sign-in cannot keep its request in `sessionStorage` for the way back.
    NoRoundTrip,
    /// The answer does not belong to this page's request (state mismatch).
    StateMismatch,
    /// The teacher did not allow the uploader to use their account.
    Denied,
    /// Panopto does not accept the client ID (its error code and description).
    ClientRefused { client_id: String, error: String, description: Option<String> },
    /// Panopto refused the sign-in (its error code and description).
    Refused { error: String, description: Option<String> },
    /// Panopto refused to issue a token.
    NoToken(OAuthError),
    /// Panopto refused to exchange the code for this client (`invalid_client`,
    /// `unauthorized_client`): it wants a secret — a Server-side Web Application.
    ExchangeRefused { client_id: String, error: OAuthError },
    /// The token endpoint kept failing.
    Unavailable(OAuthError),
}

/// What is wrong with the element's attributes, for the page's author (and shown to the
/// teacher until it is fixed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// `protocol` names no protocol the element speaks.
    NotAProtocol(String),
    /// A number attribute outside its range.
    Number { attribute: &'static str, value: String, min: u32, max: u32 },
    /// A URL attribute the URL policy refuses.
    Url { attribute: &'static str, value: String, refusal: crate::core::url_policy::UrlRefusal },
    /// `upload-session-url` or `relay` is neither absolute nor a path on the page's site.
    NotAbsoluteOrPath { attribute: &'static str, value: String },
    /// `protocol="panda"` without `upload-session-url` or `createUpload`.
    PandaNeedsSessionUrl,
    /// No `server` attribute.
    NoServer,
    /// The `server` attribute cannot be a Panopto server.
    BadServer(RestError),
    /// An ID attribute that is not a GUID.
    NotAGuid { attribute: &'static str, value: String, kind: crate::core::panopto_rest::IdKind },
    /// An attribute that takes one of a few words (`allowed`, as the attribute spells them).
    NotOneOf { attribute: &'static str, value: String, allowed: &'static str },
    /// The sign-in's `redirect-uri` is not on the page's origin: its answer could not reach
    /// the page (the callback page posts to its own origin only).
    RedirectOtherOrigin { value: String, page_origin: String },
}
