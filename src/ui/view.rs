//! The root view inside the shadow root: configuration problems, the drop zone, the
//! queue, and the polite live region.

use super::drop_zone::DropZone;
use super::file_card::FileCard;
use super::i18n::{t, Msg};
use crate::element::uploader::Uploader;
use leptos::prelude::*;
use std::rc::Rc;

/// The controller, shared with the view without requiring `Send`.
pub type App = StoredValue<Rc<Uploader>, LocalStorage>;

#[component]
pub fn UploaderView(app: App) -> impl IntoView {
    let config = app.with_value(|a| a.config);
    let items = app.with_value(|a| a.items);
    let announcement = app.with_value(|a| a.announcement);
    let problems = move || config.with(|c| c.problems.join("; "));
    view! {
        <div class="root" part="root" lang=move || config.get().lang.code()>
            <Show when=move || !problems().is_empty()>
                <p class="config-error" role="alert" part="error">{move || t(config.get().lang, Msg::NotConfigured(&problems()))}</p>
            </Show>
            <DropZone app=app/>
            <ul class="queue" part="queue">
                <For each=move || items.get() key=|item| item.id children=move |item| view! { <FileCard app=app item=item/> }/>
            </ul>
            <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">{move || announcement.get()}</div>
        </div>
    }
}
