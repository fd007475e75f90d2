//! The root view inside the shadow root: configuration problems, sign-in and where uploads
//! go, the drop zone, the queue, and the polite live region; and the probe that tells
//! whether the page declares a colour scheme (style.css's header says why it must be read).

use super::commands::{Commands, UiState};
use super::drop_zone::DropZone;
use super::file_card::FileCard;
use super::i18n::{problems, said, t, Msg};
use super::place_panel::PlacePanel;
use super::unfinished::UnfinishedList;
use leptos::html::Span;
use leptos::prelude::*;

#[component]
pub fn UploaderView(state: UiState, commands: Commands) -> impl IntoView {
    let config = state.config;
    let problems = move || config.with(|c| problems(c.lang, &c.problems));
    // Follow the OS only where the page declares no colour scheme. Read when mounted, and
    // again whenever the inherited `color-scheme` changes: the probe transitions on it.
    let follows_os = RwSignal::new(false);
    let probe = NodeRef::<Span>::new();
    let check = move || {
        let declares_nothing = probe.get_untracked().is_some_and(|p| page_declares_no_scheme(&p));
        if follows_os.get_untracked() != declares_nothing {
            follows_os.set(declares_nothing);
        }
    };
    Effect::new(move |_| {
        if probe.get().is_some() {
            check();
        }
    });
    view! {
        <span class="scheme-probe" aria-hidden="true" node_ref=probe
            on:transitionrun=move |_| check() on:transitionend=move |_| check()></span>
        <div class="root" class:follows-os=move || follows_os.get() part="root" lang=move || config.get().lang.code()>
            <Show when=move || !problems().is_empty()>
                <p class="config-error" role="alert" part="error">{move || t(config.get().lang, Msg::NotConfigured(&problems()))}</p>
            </Show>
            <PlacePanel state=state commands=commands/>
            <DropZone state=state commands=commands/>
            <UnfinishedList state=state commands=commands/>
            <ul class="queue" part="queue">
                <For each=move || state.cards.get() key=|card| card.id
                    children=move |card| view! { <FileCard state=state commands=commands card=card/> }/>
            </ul>
            <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">{move || state.said.with(|s| s.as_ref().map(|s| said(config.get().lang, s)).unwrap_or_default())}</div>
        </div>
    }
}

/// Where the element is, the page declares no colour scheme: `color-scheme` computes
/// `normal` there (nothing sets it on the way down), and no `<meta name="color-scheme">`
/// sets the page's (the meta leaves the computed value `normal` but does choose the scheme).
fn page_declares_no_scheme(probe: &web_sys::HtmlSpanElement) -> bool {
    let Some(window) = web_sys::window() else { return false };
    let inherited = window
        .get_computed_style(probe)
        .ok()
        .flatten()
        .and_then(|s| s.get_property_value("color-scheme").ok())
        .unwrap_or_default();
    let meta = probe
        .owner_document()
        .and_then(|d| d.query_selector("meta[name='color-scheme']").ok().flatten())
        .and_then(|m| m.get_attribute("content"))
        .is_some_and(|c| !matches!(c.trim(), "" | "normal"));
    inherited.trim() == "normal" && !meta
}
