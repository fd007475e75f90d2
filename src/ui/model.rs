//! What the UI shows for each queued file: plain reactive values (signals), so the view
//! only reads them and the controller only writes them.

use crate::engine::progress::Progress;
use leptos::prelude::*;

#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    Ready,
    Preparing,
    Uploading,
    Paused,
    Finishing,
    Processing,
    Complete { session_id: String, viewer_url: String },
    Failed { code: String, message: String, retryable: bool },
    Cancelled,
}

impl Status {
    /// The name used in `statechange` events and the card's `data-state`.
    pub fn name(&self) -> &'static str {
        match self {
            Status::Ready => "ready",
            Status::Preparing => "preparing",
            Status::Uploading => "uploading",
            Status::Paused => "paused",
            Status::Finishing => "finishing",
            Status::Processing => "processing",
            Status::Complete { .. } => "complete",
            Status::Failed { .. } => "error",
            Status::Cancelled => "cancelled",
        }
    }

    /// Bytes may be on the wire (leaving the page would interrupt them).
    pub fn is_transferring(&self) -> bool {
        matches!(self, Status::Preparing | Status::Uploading | Status::Finishing | Status::Paused)
    }

    pub fn is_active(&self) -> bool {
        self.is_transferring() || matches!(self, Status::Processing)
    }

    pub fn is_editable(&self) -> bool {
        matches!(self, Status::Ready)
    }

    /// Whether "Retry" (or `start()`) can help: transient failures, and failures before the
    /// upload was finished (the retry resumes it). Bad files and Panopto's own verdict on a
    /// finished upload would only fail the same way again.
    pub fn can_retry(&self) -> bool {
        match self {
            Status::Failed { retryable, code, .. } => retry_helps(code, *retryable),
            _ => false,
        }
    }
}

/// See [`Status::can_retry`].
pub fn retry_helps(code: &str, retryable: bool) -> bool {
    retryable || !matches!(code, "invalid-file" | "invalid-input" | "processing-failed" | "cancelled-by-server")
}

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
    pub status: RwSignal<Status>,
    pub progress: RwSignal<Progress>,
    /// An earlier upload of this file stopped at this percentage and will continue.
    pub resume_offer: RwSignal<Option<u32>>,
    /// Paused because the browser went offline (resumes by itself when back online).
    pub offline: RwSignal<bool>,
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
            status: RwSignal::new(Status::Ready),
            progress: RwSignal::new(Progress { loaded: 0, total: size, bytes_per_second: 0.0, eta_seconds: None }),
            resume_offer: RwSignal::new(None),
            offline: RwSignal::new(false),
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
