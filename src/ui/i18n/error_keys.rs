//! The keys of the errors' templates (`keys.rs` says how templates work): each comment says
//! what the template's `{0}`, `{1}`… stand for.

keys! {
    /// The phrases errors are made of.
    Key,
    // Reaching a server.
    /// origin, the browser's words
    Unreachable,
    /// origin, seconds
    Silent,
    /// origin, seconds
    NoAnswerFrom,
    /// seconds
    NoAnswer,
    /// the browser's words
    Network,
    Aborted,
    /// the last error, attempts
    GaveUp,
    Cancelled,

    // Steps of Panopto's REST APIs, and what Panopto said.
    /// step, what was said
    StepSaid,
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
    /// Panopto's message, status
    RestServer,
    /// status
    RestTokenRefused,
    /// status
    RestStatus,
    /// the parser's words, status
    RestNotExpected,
    NoServerGiven,
    /// the address
    NotAServer,
    /// the ID
    NotAnId,
    /// the ID
    NotAFolderId,
    /// the ID
    NotASessionId,
    NoQuery,
    NoStreamIdYet,
    /// the serializer's words
    NotJson,
    /// the language tag
    NotACaptionLanguage,
    /// the caption file's name, why it was not added
    CaptionNotAdded,
    /// the caption file's name, its size, the most
    CaptionTooLarge,
    /// step
    NoState,
    NoUploadTarget,
    NoStreamId,
    /// Panopto's message
    ProcessingFailedSaid,
    ProcessingFailed,
    /// state, Panopto's message
    EndedByServerSaid,
    /// state
    EndedByServer,

    // S3.
    /// operation, S3's error, hint (empty or one of the hints below, with its space)
    S3Failed,
    /// S3's request ID
    S3RequestId,
    HintSignature,
    HintEncoding,
    HintAccessDenied,
    NoUploadId,
    NoCompleteResult,
    NoContentLength,
    HeadFailed,
    /// the PartNumber
    BadPartNumber,
    /// the Size
    BadSize,
    IncompletePart,
    NoMarker,
    /// the UploadTarget
    TargetNotHttp,
    /// the UploadTarget
    TargetNoHost,
    /// the UploadTarget, why
    TargetUnusable,
    QueryOrFragment,
    Credentials,
    UnterminatedIpv6,
    NonAsciiHost,
    BadPort,
    /// the UploadTarget
    NoBucketAndPrefix,
    /// the file name, why
    BadFileName,
    NameEmpty,
    NameDotSegment,
    NameControlCharacters,
    /// the file name, its bytes, the most
    NameTooLong,
    /// part number
    PartGap,
    /// part number
    PartTwice,
    /// part number
    PartNoEtag,
    /// part number
    PartOutOfRange,
    /// part number
    PartUnexpected,
    NothingToComplete,
    /// the header
    ForbiddenHeader,
    NoHostHeader,
    /// seconds
    BadExpiry,
    /// part number, bytes read, bytes planned
    PartChanged,
    /// part number, the server's ETag, the MD5 sent
    EtagMismatch,
    /// part number
    EtagHidden,

    // The files and the session's details.
    /// file name, what is wrong
    FileSaid,
    FileEmpty,
    /// the part size
    PartSizeOutOfRange,
    /// the file's size, the most, parts
    FileTooLarge,
    NoTitle,
    NoVideo,
    /// which field, the character's code point
    ControlCharacter,
    FieldTitle,
    FieldDescription,
    FieldTag,
    /// video number
    FieldVideo,
    /// video number, caption number
    FieldCaption,
    /// which field, why
    FieldSaid,
    /// the name
    NotBareName,
    /// the name
    ReferencedTwice,
    /// the tag
    BadLanguage,
    /// the name
    SameName,
    /// the browser's words
    FileRead,
    FileGone,
    /// the ID
    BadSessionId,

    // Panda.
    /// step, what was said
    PandaSaid,
    PandaCreateSession,
    PandaAskWhere,
    PandaHeldNotComplete,
    PandaUploadChunk,
    PandaSendWhole,
    PandaAbort,
    /// the server's words
    PandaConflict,
    /// the server's words
    PandaGone,
    /// the Range
    PandaBadRange,
    /// the start of the answer
    PandaNotVideoJson,
    /// status
    PandaStatus,
    /// bytes held
    PandaGapHeld,
    PandaGap,
    PandaNotAnEnd,
    /// the server's words
    PandaTokenRefused,
    /// URL, the server's words
    PandaNoEndpoint,
    /// the start of the answer
    SessionNotJson,
    SessionIdTooLarge,
    SessionNoId,
    SessionNoLocation,
    /// location
    LocationNotHttp,
    /// location, the URL it came from
    LocationUnresolvable,
    /// location
    LocationNotUrlNorPath,
    /// chunks, bytes held
    PandaStuck,

    // Tokens, the page's functions and signing in.
    NoToken,
    /// why
    TokenProviderFailed,
    /// why
    CreateUploadFailed,
    AnException,
    NotAString,
    NoIdGiven,
    NoLocationGiven,
    /// the location
    NotAUrl,
    /// the location
    NotHttpLocation,
    SignInFirst,
    SignInEnded,
    /// client ID, redirect URL
    UnansweredImplicit,
    NoSecureRandom,
    PopupBlocked,
    /// client ID, redirect URL
    UnansweredCode,
    NoAnswerBack,
    NoRoundTrip,
    StateMismatch,
    Denied,
    /// client ID, Panopto's error
    ClientRefused,
    /// Panopto's error
    SignInRefused,
    /// Panopto's error
    TokenRefused,
    /// client ID, Panopto's error
    ExchangeRefused,
    /// Panopto's error
    SigningInUnavailable,

    // The page's configuration and the element's methods.
    NotAFunctionProvider,
    NotAFunctionCreateUpload,
    NotFiles,
    /// the value
    NotAProtocol,
    /// attribute, value, the values allowed
    NotOneOf,
    /// the value, the page's origin
    RedirectOtherOrigin,
    /// attribute, value, least, most
    NotANumber,
    /// attribute, value
    UrlNotAbsolute,
    /// attribute, value, scheme
    UrlScheme,
    /// attribute, value, host
    UrlPlainHttp,
    /// attribute, value, what it has instead of a host
    UrlBadHost,
    /// the value
    NotAbsoluteOrPath,
    PandaNeedsSessionUrl,
    NoServerAttribute,
    /// attribute, value
    AttributeNotAFolderId,
    /// attribute, value
    AttributeNotASessionId,
    /// attribute, value
    AttributeNotAnId,
}
