//! The drop zone: one real `<button>` (so it is focusable and opens the picker with
//! Enter or Space) that also accepts dropped files.

use super::commands::{Commands, UiCommand, UiState};
use super::i18n::{t, Msg};
use super::words::says;
use crate::page::config::Protocol;
use leptos::html::Input;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

pub fn files_of(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    list.map(|l| (0..l.length()).filter_map(|i| l.get(i)).collect()).unwrap_or_default()
}

pub fn input_files(ev: &web_sys::Event) -> Vec<web_sys::File> {
    let input = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
    let files = files_of(input.as_ref().and_then(|i| i.files()));
    // Reset, so choosing the same file again still fires `change`.
    if let Some(i) = input {
        i.set_value("");
    }
    files
}

#[component]
pub fn DropZone(state: UiState, commands: Commands) -> impl IntoView {
    let config = state.config;
    let lang = move || config.get().lang;
    let over = RwSignal::new(false);
    let picker = NodeRef::<Input>::new();
    let on_drop = move |ev: web_sys::DragEvent| {
        ev.prevent_default();
        over.set(false);
        if let Some(data) = ev.data_transfer() {
            commands.send(UiCommand::Dropped(data));
        }
    };
    view! {
        <button
            type="button"
            class="dropzone"
            part="dropzone"
            class:dragover=move || over.get()
            on:click=move |_| {
                if let Some(input) = picker.get() {
                    commands.send(UiCommand::Choose(input));
                }
            }
            on:dragover=move |ev: web_sys::DragEvent| {
                ev.prevent_default();
                over.set(true);
            }
            on:dragleave=move |_| over.set(false)
            on:drop=on_drop
        >
            <span class="dropzone-icon" aria-hidden="true">"⇪"</span>
            <span class="dropzone-title">{says(config, Msg::DropPrompt)}</span>
            <span class="dropzone-hint">{move || t(lang(), match config.get().protocol {
                Protocol::Panopto => Msg::DropHint,
                Protocol::Panda => Msg::DropHintPanda,
            })}</span>
        </button>
        <input
            type="file"
            class="picker"
            node_ref=picker
            hidden
            tabindex="-1"
            multiple=move || config.get().multiple
            accept=move || config.get().accept
            on:change=move |ev| {
                commands.send(UiCommand::AddFiles(input_files(&ev)));
            }
        />
    }
}
