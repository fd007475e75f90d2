//! The UCS (Universal Capture Specification) 2.x session manifest, built on the client.
//!
//! Panopto processes an upload from its manifest: root `Session` in namespace
//! `http://tempuri.org/UniversalCaptureSpecification/v1` (it says v1 even in 2.x). Its
//! children are an `xs:all`, but `Video`'s children are an `xs:sequence`: Title?, Start,
//! File, …, Type, Transcripts? — out-of-order elements fail processing. `<File>` must
//! match an uploaded file's name exactly. The official sample does not escape user text;
//! we escape all of it, and refuse characters XML 1.0 cannot carry at all.

use super::amz_date::AmzDate;
use super::checksum::crc32_hex;
use super::s3::xml::escape;
use super::upload_target::base_name;

pub const UCS_NAMESPACE: &str = "http://tempuri.org/UniversalCaptureSpecification/v1";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StreamType {
    /// "Positions the video to the left side of the viewer in a smaller window" (the camera).
    Primary,
    /// The larger window: typically the screen recording.
    Secondary,
    /// An audio-only recording.
    Audio,
}

impl StreamType {
    fn as_str(self) -> &'static str {
        match self {
            StreamType::Primary => "Primary",
            StreamType::Secondary => "Secondary",
            StreamType::Audio => "Audio",
        }
    }
}

/// A referenced file: its uploaded name and, when known, its CRC-32.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileRef {
    pub name: String,
    pub crc32: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transcript {
    pub file: FileRef,
    /// Language tag such as `en-US` (the UCS element is named LCID).
    pub language: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Video {
    pub file: FileRef,
    pub stream_type: StreamType,
    /// Offset from the session start, in milliseconds.
    pub start_ms: u64,
    pub transcripts: Vec<Transcript>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Manifest {
    pub title: String,
    pub description: Option<String>,
    pub date: AmzDate,
    pub videos: Vec<Video>,
    pub tags: Vec<String>,
}

/// Why a manifest cannot be written (the words are the catalogue's, in `ui/i18n`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ManifestError {
    EmptyTitle,
    NoVideo,
    InvalidCharacter { field: Field, character: char },
    BadFileName { field: Field, reason: BadName },
    DuplicateFile(String),
    BadLanguage(String),
}

/// Which part of the session a problem is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Title,
    Description,
    Tag,
    /// The n-th video (from 1).
    Video(usize),
    /// The n-th caption (from 1) of the `video`-th video.
    Caption {
        video: usize,
        caption: usize,
    },
}

/// Why a file's name cannot be a `<File>` of the manifest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BadName {
    /// Not usable as an object key at all.
    Key(super::upload_target::UploadTargetError),
    /// A path, not the file's bare name.
    NotBare(String),
}

/// XML 1.0 `Char`: no C0 controls except tab, LF, CR; no U+FFFE/U+FFFF.
fn check_text(field: Field, text: &str) -> Result<(), ManifestError> {
    match text.chars().find(|&c| (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{FFFE}' || c == '\u{FFFF}') {
        Some(character) => Err(ManifestError::InvalidCharacter { field, character }),
        None => Ok(()),
    }
}

fn check_language(tag: &str) -> Result<(), ManifestError> {
    let mut parts = tag.split('-');
    let primary_ok =
        parts.next().is_some_and(|p| (2..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphabetic()));
    let rest_ok = parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    if primary_ok && rest_ok {
        Ok(())
    } else {
        Err(ManifestError::BadLanguage(tag.into()))
    }
}

/// xs:duration from milliseconds: `PT0S`, `PT10S`, `PT6.775S`.
pub fn xs_duration(ms: u64) -> String {
    match ms % 1000 {
        0 => format!("PT{}S", ms / 1000),
        frac => format!("PT{}.{}S", ms / 1000, format!("{frac:03}").trim_end_matches('0')),
    }
}

fn file_element(field: Field, f: &FileRef, seen: &mut Vec<String>) -> Result<String, ManifestError> {
    let name = base_name(&f.name).map_err(|e| ManifestError::BadFileName { field, reason: BadName::Key(e) })?;
    if name != f.name {
        return Err(ManifestError::BadFileName { field, reason: BadName::NotBare(f.name.clone()) });
    }
    if seen.contains(&name) {
        return Err(ManifestError::DuplicateFile(name));
    }
    seen.push(name.clone());
    Ok(match f.crc32 {
        Some(c) => format!("<File Checksum=\"{}\">{}</File>", crc32_hex(c), escape(&name)),
        None => format!("<File>{}</File>", escape(&name)),
    })
}

impl Manifest {
    /// Serialise to UTF-8 XML that validates against `universal-capture-2.1.xsd`.
    pub fn to_xml(&self) -> Result<String, ManifestError> {
        if self.title.trim().is_empty() {
            return Err(ManifestError::EmptyTitle);
        }
        if self.videos.is_empty() {
            return Err(ManifestError::NoVideo);
        }
        check_text(Field::Title, &self.title)?;
        let mut x = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        x.push_str(&format!("<Session xmlns=\"{UCS_NAMESPACE}\">\n"));
        x.push_str(&format!("  <Title>{}</Title>\n", escape(&self.title)));
        if let Some(d) = self.description.as_deref().filter(|d| !d.trim().is_empty()) {
            check_text(Field::Description, d)?;
            x.push_str(&format!("  <Description>{}</Description>\n", escape(d)));
        }
        x.push_str(&format!("  <Date>{}</Date>\n", self.date.to_xs_datetime()));
        x.push_str("  <Videos>\n");
        let mut seen = Vec::new();
        for (i, v) in self.videos.iter().enumerate() {
            let field = Field::Video(i + 1);
            // Schema order inside <Video>: Start, File, Type, Transcripts.
            x.push_str("    <Video>\n");
            x.push_str(&format!("      <Start>{}</Start>\n", xs_duration(v.start_ms)));
            x.push_str(&format!("      {}\n", file_element(field, &v.file, &mut seen)?));
            x.push_str(&format!("      <Type>{}</Type>\n", v.stream_type.as_str()));
            if !v.transcripts.is_empty() {
                x.push_str("      <Transcripts>\n");
                for (j, t) in v.transcripts.iter().enumerate() {
                    let field = Field::Caption { video: i + 1, caption: j + 1 };
                    x.push_str("        <Transcript>\n");
                    x.push_str(&format!("          {}\n", file_element(field, &t.file, &mut seen)?));
                    if let Some(lang) = &t.language {
                        check_language(lang)?;
                        x.push_str(&format!("          <LCID>{}</LCID>\n", escape(lang)));
                    }
                    x.push_str("        </Transcript>\n");
                }
                x.push_str("      </Transcripts>\n");
            }
            x.push_str("    </Video>\n");
        }
        x.push_str("  </Videos>\n");
        let tags: Vec<&String> = self.tags.iter().filter(|t| !t.trim().is_empty()).collect();
        if !tags.is_empty() {
            x.push_str("  <Tags>\n");
            for t in tags {
                check_text(Field::Tag, t)?;
                x.push_str(&format!("    <Tag>{}</Tag>\n", escape(t)));
            }
            x.push_str("  </Tags>\n");
        }
        x.push_str("</Session>\n");
        Ok(x)
    }
}

/// A manifest name that cannot collide with the media files of the same upload (the
/// manifest goes to the same prefix, and an existing file would be overwritten).
pub fn manifest_file_name(other_files: &[&str]) -> String {
    let mut name = "session-manifest.xml".to_string();
    let mut n = 1;
    while other_files.contains(&name.as_str()) {
        n += 1;
        name = format!("session-manifest-{n}.xml");
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;
    // Run the same unit tests in the browser under `wasm-pack test`.
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn video(name: &str) -> Video {
        Video {
            file: FileRef { name: name.into(), crc32: Some(0x10ba731f) },
            stream_type: StreamType::Primary,
            start_ms: 0,
            transcripts: vec![],
        }
    }

    fn manifest(title: &str) -> Manifest {
        Manifest {
            title: title.into(),
            description: None,
            date: AmzDate::from_unix_secs(1_440_938_160),
            videos: vec![video("lecture.mp4")],
            tags: vec![],
        }
    }

    #[test]
    fn minimal_manifest_matches_the_official_shape() {
        let x = manifest("Week 1").to_xml().unwrap();
        assert!(x.contains("<Session xmlns=\"http://tempuri.org/UniversalCaptureSpecification/v1\">"));
        assert!(x.contains("<Date>2015-08-30T12:36:00Z</Date>"));
        let start = x.find("<Start>PT0S</Start>").unwrap();
        let file = x.find("<File Checksum=\"10ba731f\">lecture.mp4</File>").unwrap();
        let ty = x.find("<Type>Primary</Type>").unwrap();
        assert!(start < file && file < ty, "Video children must be in schema order");
    }

    #[test]
    fn user_text_is_escaped() {
        let x = manifest("<script>alert(\"x\")</script> &amp; ]]> 'q'").to_xml().unwrap();
        assert!(x.contains(
            "<Title>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp;amp; ]]&gt; &apos;q&apos;</Title>"
        ));
    }

    #[test]
    fn refusals_are_specific() {
        assert_eq!(manifest("  ").to_xml(), Err(ManifestError::EmptyTitle));
        let e = manifest("a\u{7}b").to_xml().unwrap_err();
        // (Its words, in every language, are tested with the catalogue: ui/i18n/tests.rs.)
        assert_eq!(e, ManifestError::InvalidCharacter { field: Field::Title, character: '\u{7}' });
        let mut m = manifest("t");
        m.videos.push(video("lecture.mp4"));
        assert_eq!(m.to_xml(), Err(ManifestError::DuplicateFile("lecture.mp4".into())));
        let mut m = manifest("t");
        m.videos[0].file.name = "dir/x.mp4".into();
        let not_bare = BadName::NotBare("dir/x.mp4".into());
        assert_eq!(m.to_xml(), Err(ManifestError::BadFileName { field: Field::Video(1), reason: not_bare }));
        let mut m = manifest("t");
        m.videos[0].transcripts.push(Transcript {
            file: FileRef { name: "c.srt".into(), crc32: None },
            language: Some("english!".into()),
        });
        assert_eq!(m.to_xml(), Err(ManifestError::BadLanguage("english!".into())));
        let mut m = manifest("t");
        m.videos.clear();
        assert_eq!(m.to_xml(), Err(ManifestError::NoVideo));
    }

    #[test]
    fn durations_and_manifest_names() {
        assert_eq!(xs_duration(0), "PT0S");
        assert_eq!(xs_duration(10_000), "PT10S");
        assert_eq!(xs_duration(6_775), "PT6.775S");
        assert_eq!(xs_duration(1_500), "PT1.5S");
        assert_eq!(manifest_file_name(&["a.mp4"]), "session-manifest.xml");
        assert_eq!(manifest_file_name(&["session-manifest.xml", "session-manifest-2.xml"]), "session-manifest-3.xml");
    }
}
