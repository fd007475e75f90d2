//! Errors in words: an [`ErrorText`] (or a configuration [`Problem`]) becomes a template of
//! the language (`keys.rs`) filled with its arguments. What is not ours to translate
//! (the server's own words, names, addresses, codes, numbers) goes in as it is.

use super::catalogue::{words, Words};
use super::format::fill;
use super::keys::Key;
use crate::core::oauth::authorize::Flow;
use crate::core::oauth::token::OAuthError;
use crate::core::panda::answer::{PandaOddity, SessionFlaw};
use crate::core::panda::request::LocationFlaw;
use crate::core::panopto_rest::captions::MAX_CAPTION_BYTES;
use crate::core::panopto_rest::{IdKind, Invalid, RestError, RestSaid};
use crate::core::part_plan::{human_size, PartPlanError, MAX_FILE_SIZE, MAX_PARTS};
use crate::core::s3::parts_collector::PartsError;
use crate::core::sigv4::SigningError;
use crate::core::ucs_manifest::{BadName, Field, ManifestError};
use crate::core::upload_target::{NameFlaw, TargetFlaw, UploadTargetError, MAX_FILE_NAME_BYTES};
use crate::core::url_policy::UrlRefusal;
use crate::text::{
    ErrorText as E, HostFunction, HostTrouble, Lang, Msg, PandaStep, PandaTrouble, PlaceMsg, Problem, SignInTrouble,
    Step,
};

/// `e` in `lang`.
pub fn say(lang: Lang, e: &E) -> String {
    Say(words(lang)).error(e)
}

/// `e` in English (tests, logs).
pub fn english(e: &E) -> String {
    say(Lang::En, e)
}

/// The configuration's problems in `lang`, one after the other.
pub fn problems(lang: Lang, problems: &[Problem]) -> String {
    Say(words(lang)).problems(problems)
}

/// One language's words, saying errors.
pub(super) struct Say(pub(super) &'static Words);

impl Say {
    pub(super) fn key(&self, key: Key) -> String {
        self.0.error(key).to_string()
    }

    pub(super) fn fill(&self, key: Key, args: &[&str]) -> String {
        fill(self.0.error(key), args)
    }

    fn error(&self, e: &E) -> String {
        match e {
            E::Unreachable { origin, detail } => self.fill(Key::Unreachable, &[origin, detail]),
            E::Silent { origin, secs } => self.fill(Key::Silent, &[origin, &secs.to_string()]),
            E::NoAnswerFrom { origin, secs } => self.fill(Key::NoAnswerFrom, &[origin, &secs.to_string()]),
            E::NoAnswer { secs } => self.fill(Key::NoAnswer, &[&secs.to_string()]),
            E::Network { detail } => self.fill(Key::Network, &[detail]),
            E::Aborted => self.key(Key::Aborted),
            E::GaveUp { last, attempts } => self.fill(Key::GaveUp, &[&self.error(last), &attempts.to_string()]),
            E::Cancelled => self.key(Key::Cancelled),
            E::Panopto { step, error } => self.fill(Key::StepSaid, &[&self.step(*step), &self.rest(error)]),
            E::NoState { step } => self.fill(Key::NoState, &[&self.step(*step)]),
            E::NoUploadTarget => self.key(Key::NoUploadTarget),
            E::NoStreamId => self.key(Key::NoStreamId),
            E::ProcessingFailed { message: Some(m) } => self.fill(Key::ProcessingFailedSaid, &[m]),
            E::ProcessingFailed { message: None } => self.key(Key::ProcessingFailed),
            E::EndedByServer { state, message: Some(m) } => self.fill(Key::EndedByServerSaid, &[state, m]),
            E::EndedByServer { state, message: None } => self.fill(Key::EndedByServer, &[state]),
            E::S3 { operation, error } => self.s3(operation, error),
            E::Target(t) => self.target(t),
            E::Parts(p) => self.parts(p),
            E::Signing(s) => self.signing(s),
            E::PartChanged { part, read, planned } => {
                self.fill(Key::PartChanged, &[&part.to_string(), &read.to_string(), &planned.to_string()])
            }
            E::EtagMismatch { part, etag, md5 } => self.fill(Key::EtagMismatch, &[&part.to_string(), etag, md5]),
            E::EtagHidden { part } => self.fill(Key::EtagHidden, &[&part.to_string()]),
            E::NothingToComplete => self.key(Key::NothingToComplete),
            E::EmptyFile { name } => self.fill(Key::FileSaid, &[name, &self.key(Key::FileEmpty)]),
            E::Plan { name, error } => self.fill(Key::FileSaid, &[name, &self.plan(error)]),
            E::Manifest(m) => self.manifest(m),
            E::SameName { name } => self.fill(Key::SameName, &[name]),
            E::NoTitle => self.key(Key::NoTitle),
            E::FileRead { detail } => self.fill(Key::FileRead, &[detail]),
            E::FileGone => self.key(Key::FileGone),
            E::BadSessionId { id } => self.fill(Key::BadSessionId, &[id]),
            E::CaptionNotAdded { name, error } => self.fill(Key::CaptionNotAdded, &[name, &self.error(error)]),
            E::CaptionTooLarge { name, size } => {
                self.fill(Key::CaptionTooLarge, &[name, &human_size(*size), &human_size(MAX_CAPTION_BYTES)])
            }
            E::Panda { step, trouble } => self.fill(Key::PandaSaid, &[&self.panda_step(*step), &self.panda(trouble)]),
            E::PandaStuck { chunks, held } => self.fill(Key::PandaStuck, &[&chunks.to_string(), &held.to_string()]),
            E::NoToken => self.key(Key::NoToken),
            E::TokenProvider(t) => self.fill(Key::TokenProviderFailed, &[&self.host(t)]),
            E::CreateUpload(t) => self.fill(Key::CreateUploadFailed, &[&self.host(t)]),
            E::SignInFirst => self.key(Key::SignInFirst),
            E::SignInEnded => self.key(Key::SignInEnded),
            E::SignIn(t) => self.sign_in(t),
            E::Problems(p) => self.problems(p),
            E::NotConfigured(p) => self.0.card(Msg::NotConfigured(&self.problems(p))),
            E::ChooseFolderFirst => self.0.place(PlaceMsg::ChooseFolderFirst),
            E::CannotCreateIn(name) => self.0.place(PlaceMsg::CannotCreateIn(name)),
            E::NotAFunction(HostFunction::TokenProvider) => self.key(Key::NotAFunctionProvider),
            E::NotAFunction(HostFunction::CreateUpload) => self.key(Key::NotAFunctionCreateUpload),
            E::NotFiles => self.key(Key::NotFiles),
        }
    }

    fn step(&self, step: Step) -> String {
        self.key(match step {
            Step::CreateSession => Key::CreateSession,
            Step::AddStream => Key::AddStream,
            Step::FinishUpload => Key::FinishUpload,
            Step::Cancel => Key::Cancel,
            Step::CheckEarlierUpload => Key::CheckEarlierUpload,
            Step::CheckProcessing => Key::CheckProcessing,
            Step::ReadFolder => Key::ReadFolder,
            Step::ListFolders => Key::ListFolders,
            Step::SearchFolders => Key::SearchFolders,
            Step::ListSessions => Key::ListSessions,
            Step::SearchSessions => Key::SearchSessions,
            Step::ReadSession => Key::ReadSession,
            Step::AddCaption => Key::AddCaption,
        })
    }

    fn rest(&self, e: &RestError) -> String {
        let status = e.status.to_string();
        match &e.said {
            RestSaid::Server(m) if e.status == 0 => m.clone(),
            RestSaid::Server(m) => self.fill(Key::RestServer, &[m, &status]),
            RestSaid::TokenRefused => self.fill(Key::RestTokenRefused, &[&status]),
            RestSaid::Status => self.fill(Key::RestStatus, &[&status]),
            RestSaid::NotExpected(why) => self.fill(Key::RestNotExpected, &[why, &status]),
            RestSaid::Invalid(why) => self.invalid(why),
        }
    }

    fn invalid(&self, why: &Invalid) -> String {
        match why {
            Invalid::NoServer => self.key(Key::NoServerGiven),
            Invalid::NotAServer(s) => self.fill(Key::NotAServer, &[s]),
            Invalid::NotAnId { kind: IdKind::Any, id } => self.fill(Key::NotAnId, &[id]),
            Invalid::NotAnId { kind: IdKind::Folder, id } => self.fill(Key::NotAFolderId, &[id]),
            Invalid::NotAnId { kind: IdKind::Session, id } => self.fill(Key::NotASessionId, &[id]),
            Invalid::NoQuery => self.key(Key::NoQuery),
            Invalid::NoStreamId => self.key(Key::NoStreamIdYet),
            Invalid::NotJson(why) => self.fill(Key::NotJson, &[why]),
            Invalid::NotACaptionLanguage(tag) => self.fill(Key::NotACaptionLanguage, &[tag]),
        }
    }

    fn target(&self, e: &UploadTargetError) -> String {
        match e {
            UploadTargetError::NotHttp(t) => self.fill(Key::TargetNotHttp, &[t]),
            UploadTargetError::MissingHost(t) => self.fill(Key::TargetNoHost, &[t]),
            UploadTargetError::Unsupported(t, flaw) => {
                let why = self.key(match flaw {
                    TargetFlaw::QueryOrFragment => Key::QueryOrFragment,
                    TargetFlaw::Credentials => Key::Credentials,
                    TargetFlaw::UnterminatedIpv6 => Key::UnterminatedIpv6,
                    TargetFlaw::NonAsciiHost => Key::NonAsciiHost,
                    TargetFlaw::BadPort => Key::BadPort,
                });
                self.fill(Key::TargetUnusable, &[t, &why])
            }
            UploadTargetError::NoBucketAndPrefix(t) => self.fill(Key::NoBucketAndPrefix, &[t]),
            UploadTargetError::BadFileName(name, flaw) => {
                let why = self.key(match flaw {
                    NameFlaw::Empty => Key::NameEmpty,
                    NameFlaw::DotSegment => Key::NameDotSegment,
                    NameFlaw::ControlCharacters => Key::NameControlCharacters,
                });
                self.fill(Key::BadFileName, &[name, &why])
            }
            UploadTargetError::NameTooLong(name, bytes) => {
                self.fill(Key::NameTooLong, &[name, &bytes.to_string(), &MAX_FILE_NAME_BYTES.to_string()])
            }
        }
    }

    fn parts(&self, e: &PartsError) -> String {
        let (key, n) = match e {
            PartsError::Gap(n) => (Key::PartGap, n),
            PartsError::Duplicate(n) => (Key::PartTwice, n),
            PartsError::MissingEtag(n) => (Key::PartNoEtag, n),
            PartsError::OutOfRange(n) => (Key::PartOutOfRange, n),
            PartsError::Unexpected(n) => (Key::PartUnexpected, n),
        };
        self.fill(key, &[&n.to_string()])
    }

    fn signing(&self, e: &SigningError) -> String {
        match e {
            SigningError::ForbiddenHeader(h) => self.fill(Key::ForbiddenHeader, &[h]),
            SigningError::MissingHost => self.key(Key::NoHostHeader),
            SigningError::InvalidExpiry(s) => self.fill(Key::BadExpiry, &[&s.to_string()]),
        }
    }

    fn plan(&self, e: &PartPlanError) -> String {
        match e {
            PartPlanError::EmptyFile => self.key(Key::FileEmpty),
            PartPlanError::PartSizeOutOfRange(s) => self.fill(Key::PartSizeOutOfRange, &[&human_size(*s)]),
            PartPlanError::FileTooLarge(s) => {
                self.fill(Key::FileTooLarge, &[&human_size(*s), &human_size(MAX_FILE_SIZE), &MAX_PARTS.to_string()])
            }
        }
    }

    fn manifest(&self, e: &ManifestError) -> String {
        match e {
            ManifestError::EmptyTitle => self.key(Key::NoTitle),
            ManifestError::NoVideo => self.key(Key::NoVideo),
            ManifestError::InvalidCharacter { field, character } => {
                let code = format!("{:04X}", *character as u32);
                self.fill(Key::ControlCharacter, &[&self.field(*field), &code])
            }
            ManifestError::BadFileName { field, reason } => {
                let why = match reason {
                    BadName::Key(e) => self.target(e),
                    BadName::NotBare(name) => self.fill(Key::NotBareName, &[name]),
                };
                self.fill(Key::FieldSaid, &[&self.field(*field), &why])
            }
            ManifestError::DuplicateFile(name) => self.fill(Key::ReferencedTwice, &[name]),
            ManifestError::BadLanguage(tag) => self.fill(Key::BadLanguage, &[tag]),
        }
    }

    fn field(&self, field: Field) -> String {
        match field {
            Field::Title => self.key(Key::FieldTitle),
            Field::Description => self.key(Key::FieldDescription),
            Field::Tag => self.key(Key::FieldTag),
            Field::Video(n) => self.fill(Key::FieldVideo, &[&n.to_string()]),
            Field::Caption { video, caption } => {
                self.fill(Key::FieldCaption, &[&video.to_string(), &caption.to_string()])
            }
        }
    }

    fn panda_step(&self, step: PandaStep) -> String {
        self.key(match step {
            PandaStep::CreateSession => Key::PandaCreateSession,
            PandaStep::AskWhere => Key::PandaAskWhere,
            PandaStep::HeldNotComplete => Key::PandaHeldNotComplete,
            PandaStep::UploadChunk => Key::PandaUploadChunk,
            PandaStep::SendWhole => Key::PandaSendWhole,
            PandaStep::Abort => Key::PandaAbort,
        })
    }

    fn panda(&self, t: &PandaTrouble) -> String {
        match t {
            PandaTrouble::Conflict(m) => self.fill(Key::PandaConflict, &[m]),
            PandaTrouble::Refused(m) | PandaTrouble::Unavailable(m) => m.clone(),
            PandaTrouble::Gone(m) => self.fill(Key::PandaGone, &[m]),
            PandaTrouble::Odd(PandaOddity::BadRange(r)) => self.fill(Key::PandaBadRange, &[r]),
            PandaTrouble::Odd(PandaOddity::NotVideoJson(s)) => self.fill(Key::PandaNotVideoJson, &[s]),
            PandaTrouble::Odd(PandaOddity::Status(s)) => self.fill(Key::PandaStatus, &[&s.to_string()]),
            PandaTrouble::Gap(Some(held)) => self.fill(Key::PandaGapHeld, &[&held.to_string()]),
            PandaTrouble::Gap(None) => self.key(Key::PandaGap),
            PandaTrouble::NotAnEnd => self.key(Key::PandaNotAnEnd),
            PandaTrouble::TokenRefused(m) => self.fill(Key::PandaTokenRefused, &[m]),
            PandaTrouble::NoEndpoint { url, said } => self.fill(Key::PandaNoEndpoint, &[url, said]),
            PandaTrouble::Session(flaw) => match flaw {
                SessionFlaw::Refused(m) => m.clone(),
                SessionFlaw::NotJson(s) => self.fill(Key::SessionNotJson, &[s]),
                SessionFlaw::IdTooLarge => self.key(Key::SessionIdTooLarge),
                SessionFlaw::NoId => self.key(Key::SessionNoId),
                SessionFlaw::NoLocation => self.key(Key::SessionNoLocation),
            },
            PandaTrouble::Location(flaw) => match flaw {
                LocationFlaw::NotHttp(l) => self.fill(Key::LocationNotHttp, &[l]),
                LocationFlaw::Unresolvable { location, base } => {
                    self.fill(Key::LocationUnresolvable, &[location, base])
                }
                LocationFlaw::NotUrlNorPath(l) => self.fill(Key::LocationNotUrlNorPath, &[l]),
            },
        }
    }

    fn host(&self, t: &HostTrouble) -> String {
        match t {
            HostTrouble::Threw(m) => m.clone(),
            HostTrouble::Exception => self.key(Key::AnException),
            HostTrouble::NotAString => self.key(Key::NotAString),
            HostTrouble::NoId => self.key(Key::NoIdGiven),
            HostTrouble::NoLocation => self.key(Key::NoLocationGiven),
            HostTrouble::NotAUrl(l) => self.fill(Key::NotAUrl, &[l]),
            HostTrouble::NotHttp(l) => self.fill(Key::NotHttpLocation, &[l]),
        }
    }

    fn sign_in(&self, t: &SignInTrouble) -> String {
        let oauth = |error: &str, description: &Option<String>| match description {
            Some(d) => format!("{error}: {d}"),
            None => error.to_string(),
        };
        let token = |e: &OAuthError| match &e.description {
            Some(d) => format!("{} ({d})", e.error),
            None => e.error.clone(),
        };
        match t {
            SignInTrouble::NoSecureRandom => self.key(Key::NoSecureRandom),
            SignInTrouble::Blocked => self.key(Key::PopupBlocked),
            SignInTrouble::Unanswered { client_id, redirect_uri, flow } => {
                let key = match flow {
                    Flow::Implicit => Key::UnansweredImplicit,
                    Flow::Code => Key::UnansweredCode,
                };
                self.fill(key, &[client_id, redirect_uri])
            }
            SignInTrouble::NoAnswer => self.key(Key::NoAnswerBack),
            SignInTrouble::NoRoundTrip => self.key(Key::NoRoundTrip),
            SignInTrouble::StateMismatch => self.key(Key::StateMismatch),
            SignInTrouble::Denied => self.key(Key::Denied),
            SignInTrouble::ClientRefused { client_id, error, description } => {
                self.fill(Key::ClientRefused, &[client_id, &oauth(error, description)])
            }
            SignInTrouble::Refused { error, description } => {
                self.fill(Key::SignInRefused, &[&oauth(error, description)])
            }
            SignInTrouble::NoToken(e) => self.fill(Key::TokenRefused, &[&token(e)]),
            SignInTrouble::ExchangeRefused { client_id, error } => {
                self.fill(Key::ExchangeRefused, &[client_id, &token(error)])
            }
            SignInTrouble::Unavailable(e) => self.fill(Key::SigningInUnavailable, &[&token(e)]),
        }
    }

    fn problems(&self, problems: &[Problem]) -> String {
        problems.iter().map(|p| self.problem(p)).collect::<Vec<_>>().join("; ")
    }

    fn problem(&self, p: &Problem) -> String {
        match p {
            Problem::NotAProtocol(v) => self.fill(Key::NotAProtocol, &[v]),
            Problem::NotOneOf { attribute, value, allowed } => self.fill(Key::NotOneOf, &[attribute, value, allowed]),
            Problem::RedirectOtherOrigin { value, page_origin } => {
                self.fill(Key::RedirectOtherOrigin, &[value, page_origin])
            }
            Problem::Number { attribute, value, min, max } => {
                self.fill(Key::NotANumber, &[attribute, value, &min.to_string(), &max.to_string()])
            }
            Problem::Url { attribute, value, refusal } => match refusal {
                UrlRefusal::NotAbsolute => self.fill(Key::UrlNotAbsolute, &[attribute, value]),
                UrlRefusal::Scheme(s) => self.fill(Key::UrlScheme, &[attribute, value, s]),
                UrlRefusal::PlainHttp(h) => self.fill(Key::UrlPlainHttp, &[attribute, value, h]),
                UrlRefusal::BadHost(a) => self.fill(Key::UrlBadHost, &[attribute, value, a]),
            },
            Problem::NotAbsoluteOrPath { attribute, value } => self.fill(Key::NotAbsoluteOrPath, &[attribute, value]),
            Problem::PandaNeedsSessionUrl => self.key(Key::PandaNeedsSessionUrl),
            Problem::NoServer => self.key(Key::NoServerAttribute),
            Problem::BadServer(e) => self.rest(e),
            Problem::NotAGuid { attribute, value, kind } => self.fill(
                match kind {
                    IdKind::Folder => Key::AttributeNotAFolderId,
                    IdKind::Session => Key::AttributeNotASessionId,
                    IdKind::Any => Key::AttributeNotAnId,
                },
                &[attribute, value],
            ),
        }
    }
}
