//! Uploads left unfinished before the page loaded, under the drop zone: a "Continue
//! uploading Week 3.mp4 (62 %)" button where the browser kept the file's handle, else the
//! sentence that says to choose the file again (and why, when the handle failed).
//!
//! One closure renders the whole list: it changes once or twice a page load, and each
//! `move ||` of a view costs its own copy of tachys' rendering code.

use super::commands::{Commands, UiCommand, UiState};
use super::i18n::{t, Msg};
use crate::page::unfinished::{Reopen, Status, UnfinishedView};
use leptos::prelude::*;

fn line(l: UnfinishedView, lang: crate::text::Lang, commands: Commands) -> impl IntoView {
    let name = l.name.as_str();
    let (button, text) = match l.status {
        _ if l.can_continue => (Some(t(lang, Msg::ContinueUpload(name, l.percent))), None),
        Status::Failed(Reopen::Denied) => (None, Some(t(lang, Msg::ReopenDenied(name)))),
        Status::Failed(Reopen::Moved) => (None, Some(t(lang, Msg::ReopenMoved(name)))),
        Status::Failed(Reopen::Changed) => (None, Some(t(lang, Msg::ReopenChanged(name)))),
        _ => (None, Some(t(lang, Msg::PickAgain(name, l.percent)))),
    };
    let key = l.key;
    let opening = l.status == Status::Opening;
    view! {
        <li>
            {button.map(|b| view! {
                <button type="button" class="continue" part="button" disabled=opening
                    on:click=move |_| commands.send(UiCommand::Continue(key.clone()))>{b}</button>
            })}
            {text.map(|p| view! { <p class="pick-again">{p}</p> })}
        </li>
    }
}

#[component]
pub fn UnfinishedList(state: UiState, commands: Commands) -> impl IntoView {
    let lines = move || {
        let lang = state.config.with(|c| c.lang);
        state.unfinished.get().into_iter().map(|l| line(l, lang, commands)).collect_view()
    };
    view! { <ul class="unfinished" part="unfinished">{lines}</ul> }
}
