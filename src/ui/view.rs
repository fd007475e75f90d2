//! The root view inside the shadow root: configuration problems, sign-in and where uploads
//! go, the drop zone, the queue, and the polite live region.

use super::commands::{Commands, UiState};
use super::drop_zone::DropZone;
use super::file_card::FileCard;
use super::i18n::{t, Msg};
use super::place_panel::PlacePanel;
use leptos::prelude::*;

#[component]
pub fn UploaderView(state: UiState, commands: Commands) -> impl IntoView {
    let config = state.config;
    let problems = move || config.with(|c| c.problems.join("; "));
    view! {
        <div class="root" part="root" lang=move || config.get().lang.code()>
            <Show when=move || !problems().is_empty()>
                <p class="config-error" role="alert" part="error">{move || t(config.get().lang, Msg::NotConfigured(&problems()))}</p>
            </Show>
            <PlacePanel state=state commands=commands/>
            <DropZone state=state commands=commands/>
            <ul class="queue" part="queue">
                <For each=move || state.items.get() key=|item| item.id
                    children=move |item| view! { <FileCard state=state commands=commands item=item/> }/>
            </ul>
            <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">{move || state.announcement.get()}</div>
        </div>
    }
}
