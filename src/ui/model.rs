//! What the UI shows for each queued file: plain reactive values (signals). The state and
//! the progress are the state machine's, mirrored by the element; the view only reads them
//! (and derives controls and text from the state). The details the teacher types (title,
//! description, second video, captions) are the view's form state.

use crate::core::panopto_rest::StreamType;
use crate::engine::flow::Notice;
use crate::engine::progress::Progress;
use crate::item::{ItemState, SavedOffer};
use leptos::prelude::*;

#[derive(Clone, Debug, PartialEq)]
pub struct CaptionView {
    pub id: u32,
    pub name: String,
    pub language: String,
}

/// One queued file, as signals (all `Copy`).
#[derive(Clone, Copy)]
pub struct ItemView {
    pub id: u32,
    pub name: RwSignal<String>,
    pub size: RwSignal<u64>,
    pub title: RwSignal<String>,
    pub description: RwSignal<String>,
    pub secondary: RwSignal<Option<String>>,
    pub captions: RwSignal<Vec<CaptionView>>,
    pub state: RwSignal<ItemState>,
    pub progress: RwSignal<Progress>,
    /// How the upload goes, when the teacher should know (sent whole: cannot resume).
    pub notice: RwSignal<Option<Notice>>,
    /// When added to an existing session: which stream the file becomes.
    pub stream_type: RwSignal<StreamType>,
}

impl ItemView {
    pub fn new(id: u32, name: &str, size: u64) -> Self {
        // Default title: the file name without its extension.
        let title = match name.rsplit_once('.') {
            Some((stem, _)) if !stem.is_empty() => stem.to_string(),
            _ => name.to_string(),
        };
        ItemView {
            id,
            name: RwSignal::new(name.to_string()),
            size: RwSignal::new(size),
            title: RwSignal::new(title),
            description: RwSignal::new(String::new()),
            secondary: RwSignal::new(None),
            captions: RwSignal::new(Vec::new()),
            state: RwSignal::new(ItemState::Ready { offer: SavedOffer::None }),
            progress: RwSignal::new(Progress { loaded: 0, total: size, bytes_per_second: 0.0, eta_seconds: None }),
            notice: RwSignal::new(None),
            // A recording added to a session is most often the screen beside the camera.
            stream_type: RwSignal::new(StreamType::SecondaryVideo),
        }
    }
}

/// A caption's language from its file name (`lecture.fr.vtt` → `fr-FR`), else the UI's.
pub fn guess_caption_language(file_name: &str, ui_lang: super::i18n::Lang) -> String {
    let parts: Vec<&str> = file_name.split('.').collect();
    let tag = if parts.len() >= 3 { parts[parts.len() - 2].to_ascii_lowercase() } else { String::new() };
    let from_name = CAPTION_LANGUAGES
        .iter()
        .find(|(code, _)| code.to_ascii_lowercase() == tag || code.split('-').next() == Some(tag.as_str()));
    match (from_name, ui_lang) {
        (Some((code, _)), _) => code.to_string(),
        (None, super::i18n::Lang::Fr) => "fr-FR".into(),
        (None, super::i18n::Lang::De) => "de-DE".into(),
        (None, super::i18n::Lang::Es) => "es-ES".into(),
        (None, super::i18n::Lang::En) => "en-US".into(),
        (None, super::i18n::Lang::It) => "it-IT".into(),
        (None, super::i18n::Lang::Nl) => "nl-NL".into(),
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
