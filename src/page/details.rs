//! What the teacher tells about a queued file before it goes: its title and description,
//! a second video, captions with their languages, and — when it is added to an existing
//! session — which stream it becomes. Plain data in the page model: the run is planned from
//! it (`plan.rs`), the card shows it, and an earlier upload found after a reload brings its
//! title and description back.

use super::common::{FileId, NewFile};
use crate::core::panopto_rest::StreamType;
use crate::text::Lang;

/// A file attached to a queued one (its second video, a caption).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attached {
    pub file: FileId,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Caption {
    pub file: Attached,
    /// A language tag (UCS `LCID`), e.g. `fr-FR`.
    pub language: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Details {
    pub title: String,
    pub description: String,
    pub secondary: Option<Attached>,
    pub captions: Vec<Caption>,
    /// When added to an existing session: which stream the file becomes.
    pub stream_type: StreamType,
}

/// A change the teacher makes to a file's details.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    Title(String),
    Description(String),
    /// A second video (the screen beside the camera), or none.
    Secondary(Option<NewFile>),
    AddCaption(NewFile),
    RemoveCaption(FileId),
    CaptionLanguage(FileId, String),
    StreamType(StreamType),
}

impl Details {
    /// For a file just added: its name without the extension as the title.
    pub fn new(file_name: &str) -> Self {
        let title = match file_name.rsplit_once('.') {
            Some((stem, _)) if !stem.is_empty() => stem.to_string(),
            _ => file_name.to_string(),
        };
        Details {
            title,
            description: String::new(),
            secondary: None,
            captions: Vec::new(),
            // A recording added to a session is most often the screen beside the camera.
            stream_type: StreamType::SecondaryVideo,
        }
    }

    /// Apply `edit`; returns the files the details no longer hold (a replaced second
    /// video, a removed caption), for the shell to let go of.
    pub fn edit(&mut self, edit: Edit, ui_lang: Lang) -> Vec<FileId> {
        let attached = |f: NewFile| Attached { file: f.id, name: f.name };
        match edit {
            Edit::Title(t) => self.title = t,
            Edit::Description(d) => self.description = d,
            Edit::Secondary(file) => {
                let old = std::mem::replace(&mut self.secondary, file.map(attached));
                return old.map(|a| a.file).into_iter().collect();
            }
            Edit::AddCaption(file) => {
                let language = guess_caption_language(&file.name, ui_lang);
                self.captions.push(Caption { file: attached(file), language });
            }
            Edit::RemoveCaption(id) => {
                let before = self.captions.len();
                self.captions.retain(|c| c.file.file != id);
                if self.captions.len() < before {
                    return vec![id];
                }
            }
            Edit::CaptionLanguage(id, language) => {
                self.captions.iter_mut().filter(|c| c.file.file == id).for_each(|c| c.language = language.clone());
            }
            Edit::StreamType(t) => self.stream_type = t,
        }
        Vec::new()
    }

    /// Every file the details hold.
    pub fn files(&self) -> Vec<FileId> {
        self.secondary.iter().map(|a| a.file).chain(self.captions.iter().map(|c| c.file.file)).collect()
    }
}

/// A caption's language from its file name (`lecture.fr.vtt` → `fr-FR`), else the UI's.
pub fn guess_caption_language(file_name: &str, ui_lang: Lang) -> String {
    let parts: Vec<&str> = file_name.split('.').collect();
    let tag = if parts.len() >= 3 { parts[parts.len() - 2].to_ascii_lowercase() } else { String::new() };
    let from_name = CAPTION_LANGUAGES
        .iter()
        .find(|(code, _)| code.to_ascii_lowercase() == tag || code.split('-').next() == Some(tag.as_str()));
    match (from_name, ui_lang) {
        (Some((code, _)), _) => code.to_string(),
        (None, Lang::Fr) => "fr-FR".into(),
        (None, Lang::De) => "de-DE".into(),
        (None, Lang::Es) => "es-ES".into(),
        (None, Lang::En) => "en-US".into(),
        (None, Lang::It) => "it-IT".into(),
        (None, Lang::Nl) => "nl-NL".into(),
    }
}

/// Languages offered for captions (UCS `LCID` takes a language tag).
pub const CAPTION_LANGUAGES: [(&str, &str); 12] = [
    ("en-US", "English (US)"),
    ("en-GB", "English (UK)"),
    ("fr-FR", "Français"),
    ("de-DE", "Deutsch"),
    ("es-ES", "Español"),
    ("it-IT", "Italiano"),
    ("nl-NL", "Nederlands"),
    ("pt-BR", "Português (Brasil)"),
    ("ar-SA", "العربية"),
    ("he-IL", "עברית"),
    ("zh-CN", "中文 (简体)"),
    ("ja-JP", "日本語"),
];

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn file(id: FileId, name: &str) -> NewFile {
        NewFile { id, name: name.into(), size: 10, last_modified_ms: 0.0 }
    }

    #[test]
    fn the_title_is_the_name_without_its_extension() {
        assert_eq!(Details::new("Week 1 – intro.mp4").title, "Week 1 – intro");
        assert_eq!(Details::new("notes.final.mov").title, "notes.final");
        assert_eq!(Details::new(".hidden").title, ".hidden");
        assert_eq!(Details::new("plain").title, "plain");
    }

    #[test]
    fn edits_say_which_files_are_let_go() {
        let mut d = Details::new("a.mp4");
        assert!(d.edit(Edit::Secondary(Some(file(2, "screen.mp4"))), Lang::En).is_empty());
        assert_eq!(d.edit(Edit::Secondary(Some(file(3, "screen2.mp4"))), Lang::En), [2], "the first one is replaced");
        assert!(d.edit(Edit::AddCaption(file(4, "a.fr.vtt")), Lang::En).is_empty());
        assert!(d.edit(Edit::AddCaption(file(5, "a.vtt")), Lang::De).is_empty());
        assert_eq!(
            d.captions.iter().map(|c| c.language.as_str()).collect::<Vec<_>>(),
            ["fr-FR", "de-DE"],
            "from the name, else the UI's language"
        );
        d.edit(Edit::CaptionLanguage(5, "ja-JP".into()), Lang::En);
        assert_eq!(d.captions[1].language, "ja-JP");
        assert_eq!(d.files(), [3, 4, 5]);
        assert_eq!(d.edit(Edit::RemoveCaption(4), Lang::En), [4]);
        assert!(d.edit(Edit::RemoveCaption(4), Lang::En).is_empty(), "already gone");
        assert_eq!(d.edit(Edit::Secondary(None), Lang::En), [3]);
        assert!(d.files() == [5]);
    }
}
