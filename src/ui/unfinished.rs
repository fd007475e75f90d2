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

fn line(l: UnfinishedView, lang: crate::text::Lang, commands: Commands) -> AnyView {
    let name = l.name.as_str();
    let text = match l.status {
        _ if l.can_continue => {
            let key = l.key.clone();
            let label = t(lang, Msg::ContinueUpload(name, l.percent));
            return view! {
                <li><button type="button" class="continue" part="button" disabled=l.status == Status::Opening
                    on:click=move |_| commands.send(UiCommand::Continue(key.clone()))>{label}</button></li>
            }
            .into_any();
        }
        Status::Failed(Reopen::Denied) => Msg::ReopenDenied(name),
        Status::Failed(Reopen::Moved) => Msg::ReopenMoved(name),
        Status::Failed(Reopen::Changed) => Msg::ReopenChanged(name),
        _ => Msg::PickAgain(name, l.percent),
    };
    view! { <li><p class="pick-again">{t(lang, text)}</p></li> }.into_any()
}

#[component]
pub fn UnfinishedList(state: UiState, commands: Commands) -> impl IntoView {
    let lines = move || {
        let lang = state.config.with(|c| c.lang);
        state.unfinished.get().into_iter().map(|l| line(l, lang, commands)).collect_view()
    };
    // Polite: a line that appears as the page loads, or says why "Continue" could not,
    // is read out without moving the teacher's focus.
    view! { <ul class="unfinished" part="unfinished" aria-live="polite">{lines}</ul> }
}
