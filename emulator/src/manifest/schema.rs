//! The UCS schemas as data: UCS 2.1 (`Session`, universal-capture-2.1.xsd) and legacy UCS 1.0
//! (`PanoptoSession`, reconstructed from the published PDF). `validate.rs` walks these tables.
//! Content models follow the XSDs exactly: xs:all (any order, each at most once) vs xs:sequence
//! (fixed order), minOccurs/maxOccurs, simple types and attributes.

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Simple {
    String,
    DateTime,
    Duration,
    Integer,
    Boolean,
    AnyUri,
    Guid,
    /// Video/Type: xs:string restricted to Primary | Secondary | Audio.
    VideoType,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum AttrType {
    String,
    Crc32,
}

pub enum Content {
    Simple(Simple),
    /// Element-only content.
    Sequence(&'static [Particle]),
    All(&'static [Particle]),
}

pub struct Def {
    pub content: Content,
    pub attrs: &'static [(&'static str, AttrType)],
    /// The element names a file that must have been uploaded (v2 `File`, v1 `Filename`).
    pub is_file_ref: bool,
    /// `ucsns:Extension`: subtypes are chosen with xsi:type and defined in other schemas, which
    /// the server may not know; with xsi:type only the base part (ExtensionId) is checked.
    pub extension_base: bool,
}

pub struct Particle {
    pub name: &'static str,
    pub min: u32,
    /// None = unbounded.
    pub max: Option<u32>,
    pub def: &'static Def,
}

const fn p(name: &'static str, min: u32, def: &'static Def) -> Particle {
    Particle { name, min, max: Some(1), def }
}
const fn many(name: &'static str, def: &'static Def) -> Particle {
    Particle { name, min: 0, max: None, def }
}
const fn simple(t: Simple) -> Def {
    Def { content: Content::Simple(t), attrs: &[], is_file_ref: false, extension_base: false }
}
const fn seq(ps: &'static [Particle]) -> Def {
    Def { content: Content::Sequence(ps), attrs: &[], is_file_ref: false, extension_base: false }
}
const fn all(ps: &'static [Particle]) -> Def {
    Def { content: Content::All(ps), attrs: &[], is_file_ref: false, extension_base: false }
}

pub const NS_V2: &str = "http://tempuri.org/UniversalCaptureSpecification/v1";
pub const NS_V1: &str = "http://panopto.com/PanoptoSession/v1";

static STRING: Def = simple(Simple::String);
static DATETIME: Def = simple(Simple::DateTime);
static DURATION: Def = simple(Simple::Duration);
static INTEGER: Def = simple(Simple::Integer);
static BOOLEAN: Def = simple(Simple::Boolean);
static ANYURI: Def = simple(Simple::AnyUri);
static GUID: Def = simple(Simple::Guid);
static VIDEO_TYPE: Def = simple(Simple::VideoType);

// ---------------------------------------------------------------- UCS 2.1 (`Session`)

/// ucsns:File: a string with an optional CRC-32 `Checksum` attribute.
static FILE: Def = Def {
    content: Content::Simple(Simple::String),
    attrs: &[("Checksum", AttrType::Crc32)],
    is_file_ref: true,
    extension_base: false,
};
static CONTACT: Def = seq(&[p("FirstName", 0, &STRING), p("LastName", 0, &STRING), p("Email", 0, &STRING)]);
static RENDITION: Def = all(&[p("File", 1, &FILE), p("LocalFilename", 0, &STRING), p("Bitrate", 0, &INTEGER)]);
static RENDITIONS: Def = seq(&[many("Rendition", &RENDITION)]);
static CUT: Def = all(&[p("Start", 1, &DURATION), p("Duration", 1, &DURATION)]);
static CUTS: Def = seq(&[many("Cut", &CUT)]);
static TOC_ENTRY: Def =
    all(&[p("Title", 1, &STRING), p("Description", 0, &STRING), p("Url", 0, &ANYURI), p("Time", 1, &DURATION)]);
static TOC: Def = seq(&[many("Entry", &TOC_ENTRY)]);
static TRANSCRIPT: Def = all(&[
    p("File", 1, &FILE),
    p("LocalFilename", 0, &STRING),
    p("LCID", 0, &STRING),
    p("Source", 0, &STRING),
    p("Visible", 0, &BOOLEAN),
]);
static TRANSCRIPTS: Def = seq(&[many("Transcript", &TRANSCRIPT)]);
static VIDEO: Def = seq(&[
    p("Title", 0, &STRING),
    p("Start", 1, &DURATION),
    p("File", 1, &FILE),
    p("LocalFilename", 0, &STRING),
    p("Bitrate", 0, &INTEGER),
    p("FileType", 0, &STRING),
    p("Renditions", 0, &RENDITIONS),
    p("Cuts", 0, &CUTS),
    p("TableOfContents", 0, &TOC),
    p("Type", 1, &VIDEO_TYPE),
    p("Transcripts", 0, &TRANSCRIPTS),
]);
static VIDEOS: Def = seq(&[many("Video", &VIDEO)]);
static SLIDE_CHANGE: Def = all(&[
    p("Title", 1, &STRING),
    p("Description", 0, &STRING),
    p("Url", 0, &ANYURI),
    p("Time", 1, &DURATION),
    p("SlideNumber", 1, &INTEGER),
]);
static SLIDE_CHANGES: Def = seq(&[many("SlideChange", &SLIDE_CHANGE)]);
static PRESENTATION: Def = all(&[
    p("Start", 1, &DURATION),
    p("File", 1, &FILE),
    p("LocalFilename", 0, &STRING),
    p("SlideChanges", 1, &SLIDE_CHANGES),
]);
static PRESENTATIONS: Def = seq(&[many("Presentation", &PRESENTATION)]);
static IMAGE: Def = all(&[
    p("File", 1, &FILE),
    p("LocalFilename", 0, &STRING),
    p("Title", 0, &STRING),
    p("Description", 0, &STRING),
    p("Url", 0, &ANYURI),
    p("Time", 1, &DURATION),
]);
static IMAGES: Def = seq(&[many("Image", &IMAGE)]);
static TAGS: Def = seq(&[many("Tag", &STRING)]);
static EXTENSION: Def = Def {
    content: Content::Sequence(&[p("ExtensionId", 1, &GUID)]),
    attrs: &[],
    is_file_ref: false,
    extension_base: true,
};
static EXTENSIONS: Def = seq(&[many("Extension", &EXTENSION)]);
static ATTACHMENT: Def = all(&[p("File", 1, &FILE), p("LocalFilename", 0, &STRING), p("MimeType", 1, &STRING)]);
static ATTACHMENTS: Def = seq(&[many("Attachment", &ATTACHMENT)]);

pub static SESSION_V2: Def = all(&[
    p("Title", 1, &STRING),
    p("Description", 0, &STRING),
    p("Date", 0, &DATETIME),
    p("Creator", 0, &CONTACT),
    p("Thumbnail", 0, &FILE),
    p("ThumbnailTime", 0, &DURATION),
    p("Videos", 0, &VIDEOS),
    p("Presentations", 0, &PRESENTATIONS),
    p("Images", 0, &IMAGES),
    p("Cuts", 0, &CUTS),
    p("Tags", 0, &TAGS),
    p("Extensions", 0, &EXTENSIONS),
    p("Attachments", 0, &ATTACHMENTS),
]);

// ---------------------------------------------------------------- UCS 1.0 (`PanoptoSession`)

/// v1 file element: `<Filename LocalFilename="...">name</Filename>`, no checksum.
static FILENAME_V1: Def = Def {
    content: Content::Simple(Simple::String),
    attrs: &[("LocalFilename", AttrType::String)],
    is_file_ref: true,
    extension_base: false,
};
static CUTS_V1: Def = seq(&[many("Cut", &CUT)]);
static TRANSCRIPT_V1: Def =
    all(&[p("Filename", 1, &FILENAME_V1), p("LCID", 1, &STRING), p("Source", 0, &STRING), p("Visible", 0, &BOOLEAN)]);
static TRANSCRIPTS_V1: Def = seq(&[many("Transcript", &TRANSCRIPT_V1)]);
static VIDEO_V1: Def = all(&[
    p("Start", 1, &DURATION),
    p("Filename", 1, &FILENAME_V1),
    p("Cuts", 1, &CUTS_V1),
    p("TableOfContents", 1, &TOC),
    p("Type", 1, &VIDEO_TYPE),
    p("Transcripts", 1, &TRANSCRIPTS_V1),
]);
static VIDEOS_V1: Def = seq(&[many("Video", &VIDEO_V1)]);
static PRESENTATION_V1: Def =
    all(&[p("Start", 1, &DURATION), p("Filename", 1, &FILENAME_V1), p("SlideChanges", 1, &SLIDE_CHANGES)]);
static PRESENTATIONS_V1: Def = seq(&[many("Presentation", &PRESENTATION_V1)]);
static IMAGE_V1: Def = all(&[
    p("Filename", 1, &FILENAME_V1),
    p("Title", 1, &STRING),
    p("Description", 0, &STRING),
    p("Url", 0, &ANYURI),
    p("Time", 1, &DURATION),
]);
static IMAGES_V1: Def = seq(&[many("Image", &IMAGE_V1)]);
static EXTENSION_V1: Def = all(&[p("Name", 1, &STRING), p("Value", 1, &STRING)]);
static EXTENSIONS_V1: Def = seq(&[many("Extension", &EXTENSION_V1)]);
static ATTACHMENT_V1: Def = all(&[p("Filename", 1, &FILENAME_V1), p("MimeType", 1, &STRING)]);
static ATTACHMENTS_V1: Def = seq(&[many("Attachment", &ATTACHMENT_V1)]);

pub static SESSION_V1: Def = all(&[
    p("Title", 1, &STRING),
    p("Description", 1, &STRING),
    p("Date", 1, &DATETIME),
    p("Videos", 1, &VIDEOS_V1),
    p("Presentations", 1, &PRESENTATIONS_V1),
    p("Images", 0, &IMAGES_V1),
    p("Cuts", 1, &CUTS_V1),
    p("Tags", 0, &TAGS),
    p("Extensions", 0, &EXTENSIONS_V1),
    p("Attachments", 0, &ATTACHMENTS_V1),
]);
