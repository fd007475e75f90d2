//! Above the drop zone: the teacher's sign-in ("Sign in to Panopto" / "Sign out"), where the
//! next uploads go (a folder, or a session to add streams to) and the picker that browses
//! Panopto for it: first the folders the teacher may create sessions in (with where each
//! is), then, on "Browse all folders", a breadcrumb and each folder's subfolders (open or
//! choose); a search; a folder's sessions. A folder that takes no new sessions says so. Native buttons and a form throughout, so it works from the keyboard;
//! loading, empty and failed listings are said in a polite status line.

use super::commands::{Commands, UiCommand, UiState};
use super::i18n::{say, tp, PlaceMsg};
use super::words::says;
use crate::page::account::AccountView as Account;
use crate::page::config::Protocol;
use crate::page::place::{Entry, Load, PickerMode, PlaceCommand};
use leptos::prelude::*;

#[component]
pub fn PlacePanel(state: UiState, commands: Commands) -> impl IntoView {
    let config = state.config;
    let lang = move || config.get().lang;
    let send = move |c: PlaceCommand| commands.send(UiCommand::Place(c));
    let panopto = move || config.get().protocol == Protocol::Panopto;
    let account = state.account;
    let place = state.place;
    view! {
        <Show when=panopto>
            <section class="place" part="place">
                {move || match account.get() {
                    Account::Hidden => None,
                    // A redirect sign-in would lose the files added: said, and the button off.
                    Account::SignedOut { error, files_first } => Some(view! {
                        <div class="account">
                            <button type="button" part="button primary-button" class="primary sign-in"
                                disabled=files_first on:click=move |_| send(PlaceCommand::SignIn)>{tp(lang(), PlaceMsg::SignIn)}</button>
                            {files_first.then(|| view! { <p class="files-first" part="notice">{tp(lang(), PlaceMsg::FilesFirst)}</p> })}
                            {error.map(|e| view! { <p class="error sign-in-error" part="error" role="alert">{say(lang(), &e)}</p> })}
                        </div>
                    }.into_any()),
                    Account::SigningIn { waiting: None } => Some(view! {
                        <div class="account"><p class="signing-in" role="status">{tp(lang(), PlaceMsg::SigningIn)}</p></div>
                    }.into_any()),
                    // The window reads as closed: an identity provider's COOP may have cut it
                    // off while the teacher is still signing in, or it showed an error.
                    Account::SigningIn { waiting: Some(hint) } => Some(view! {
                        <div class="account">
                            <p class="signing-in finish-in-window" role="status">{tp(lang(), PlaceMsg::FinishInWindow)}</p>
                            <button type="button" part="button" class="cancel-sign-in"
                                on:click=move |_| send(PlaceCommand::CancelSignIn)>{tp(lang(), PlaceMsg::CancelSignIn)}</button>
                            <p class="sign-in-hint" part="notice">{say(lang(), &hint)}</p>
                        </div>
                    }.into_any()),
                    Account::SignedIn { ending } => Some(view! {
                        <div class="account">
                            <span class="signed-in">{tp(lang(), PlaceMsg::SignedIn)}</span>
                            <button type="button" part="button" class="link-button sign-out"
                                on:click=move |_| send(PlaceCommand::SignOut)>{tp(lang(), PlaceMsg::SignOut)}</button>
                            {ending.then(|| view! {
                                <p class="sign-in-ending" part="notice" role="status">{tp(lang(), PlaceMsg::SignInEndsSoon)}" "
                                    <button type="button" part="button" class="link-button sign-in"
                                        on:click=move |_| send(PlaceCommand::SignIn)>{tp(lang(), PlaceMsg::SignIn)}</button>
                                </p>
                            })}
                        </div>
                    }.into_any()),
                }}
                <div class="destination">
                    {move || {
                        let p = place.get();
                        match p.session.clone() {
                            Some(session) => view! {
                                <span class="destination-label">{tp(lang(), PlaceMsg::AddingTo)}": "</span>
                                <strong class="destination-name session-name">{session.name}</strong>
                                <Show when=move || !place.get().session_fixed>
                                    <button type="button" part="button" class="link-button new-sessions"
                                        on:click=move |_| send(PlaceCommand::NewSessions)>{tp(lang(), PlaceMsg::NewSessionsInstead)}</button>
                                </Show>
                            }.into_any(),
                            None => view! {
                                <Show when=move || !place.get().folder_fixed>
                                    <span class="destination-label">{tp(lang(), PlaceMsg::UploadTo)}": "</span>
                                    <strong class="destination-name folder-name">{move || place.get().folder.map(|f| f.name)
                                        .unwrap_or_else(|| tp(lang(), PlaceMsg::NoFolder))}</strong>
                                    <button type="button" part="button" class="link-button choose-folder"
                                        on:click=move |_| send(PlaceCommand::BrowseFolders)>
                                        {move || tp(lang(), if place.get().folder.is_some() { PlaceMsg::Change } else { PlaceMsg::ChooseFolder })}
                                    </button>
                                </Show>
                                <Show when=move || place.get().folder.is_some()>
                                    <button type="button" part="button" class="link-button add-to-session"
                                        on:click=move |_| send(PlaceCommand::BrowseSessions)>{tp(lang(), PlaceMsg::AddToSession)}</button>
                                </Show>
                                {p.folder.filter(|_| p.folder_denied).map(|f| view! {
                                    <p class="error folder-denied" part="error" role="alert">{tp(lang(), PlaceMsg::CannotCreateIn(&f.name))}</p>
                                })}
                            }.into_any(),
                        }
                    }}
                </div>
                <PickerView state=state commands=commands/>
            </section>
        </Show>
    }
}

#[component]
fn PickerView(state: UiState, commands: Commands) -> impl IntoView {
    let config = state.config;
    let lang = move || config.get().lang;
    let send = move |c: PlaceCommand| commands.send(UiCommand::Place(c));
    let picker = state.picker;
    let query = RwSignal::new(String::new());
    let mode = move || picker.get().map(|p| p.mode).unwrap_or(PickerMode::Folders);
    let sessions = move || mode() == PickerMode::Sessions;
    let label = move || tp(lang(), if sessions() { PlaceMsg::SessionPicker } else { PlaceMsg::FolderPicker });
    view! {
        <Show when=move || picker.get().is_some()>
            <div class="picker-panel" part="picker" role="group" aria-label=label>
                // The creator list is one list, not a place in the tree.
                <nav class="crumbs" aria-label=says(config, PlaceMsg::Path) hidden=move || mode() == PickerMode::Creatable>
                    <ol>
                        <li><button type="button" class="link-button crumb" part="button"
                            on:click=move |_| send(PlaceCommand::Crumb(0))>{says(config, PlaceMsg::TopLevel)}</button></li>
                        {move || {
                            let trail = picker.get().map(|p| p.trail).unwrap_or_default();
                            let last = trail.len();
                            trail.into_iter().enumerate().map(|(i, f)| {
                                if i + 1 == last {
                                    view! { <li><span class="crumb-here" aria-current="location">{f.name}</span></li> }.into_any()
                                } else {
                                    view! { <li><button type="button" class="link-button crumb" part="button"
                                        on:click=move |_| send(PlaceCommand::Crumb(i + 1))>{f.name}</button></li> }.into_any()
                                }
                            }).collect_view()
                        }}
                    </ol>
                </nav>
                <form class="picker-search" role="search" on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    send(PlaceCommand::Search(query.get_untracked()));
                }>
                    <label for="pu-picker-search" class="visually-hidden">{move || tp(lang(),
                        if sessions() { PlaceMsg::SearchSessions } else { PlaceMsg::SearchFolders })}</label>
                    <input id="pu-picker-search" type="search" part="input" class="search-input"
                        placeholder=move || tp(lang(), if sessions() { PlaceMsg::SearchSessions } else { PlaceMsg::SearchFolders })
                        prop:value=move || query.get() on:input=move |ev| query.set(event_target_value(&ev))/>
                    <button type="submit" part="button" class="link-button search-button">{says(config, PlaceMsg::Search)}</button>
                </form>
                {move || picker.get().and_then(|p| p.search).map(|q| view! {
                    <p class="search-note">{tp(lang(), PlaceMsg::Results(&q))}" "
                        <button type="button" part="button" class="link-button clear-search" on:click=move |_| {
                            query.set(String::new());
                            send(PlaceCommand::ClearSearch);
                        }>{tp(lang(), PlaceMsg::ClearSearch)}</button></p>
                })}
                <Listing state=state commands=commands/>
                <div class="actions">
                    <Show when=move || picker.get().is_some_and(|p| p.mode == PickerMode::Folders && p.search.is_none() && !p.trail.is_empty())>
                        <button type="button" part="button primary-button" class="primary choose-here" on:click=move |_| {
                            if let Some(f) = picker.get_untracked().and_then(|p| p.folder().cloned()) {
                                send(PlaceCommand::ChooseFolder(f));
                            }
                        }>{says(config, PlaceMsg::ChooseThisFolder)}</button>
                    </Show>
                    <button type="button" part="button" class="browse-all" hidden=move || mode() != PickerMode::Creatable
                        on:click=move |_| send(PlaceCommand::BrowseAllFolders)>{says(config, PlaceMsg::BrowseAllFolders)}</button>
                    <button type="button" part="button" class="close-picker"
                        on:click=move |_| send(PlaceCommand::ClosePicker)>{says(config, PlaceMsg::Close)}</button>
                </div>
            </div>
        </Show>
    }
}

/// The entries of the folder (or search) shown, and a status line for screen readers.
#[component]
fn Listing(state: UiState, commands: Commands) -> impl IntoView {
    let config = state.config;
    let lang = move || config.get().lang;
    let send = move |c: PlaceCommand| commands.send(UiCommand::Place(c));
    let picker = state.picker;
    let mode = move || picker.get().map_or(PickerMode::Folders, |p| p.mode);
    let folders = move || mode() != PickerMode::Sessions;
    let status = move || match picker.get().map(|p| p.load) {
        Some(Load::Loading) => tp(lang(), PlaceMsg::Loading),
        Some(Load::Ready { entries, .. }) if entries.is_empty() => {
            tp(lang(), if folders() { PlaceMsg::NoFolders } else { PlaceMsg::NoSessions })
        }
        Some(Load::Ready { truncated: true, .. }) => tp(lang(), PlaceMsg::Truncated),
        _ => String::new(),
    };
    let entry = move |e: Entry| {
        let name = e.item.name.clone();
        let (open, choose) = (e.item.clone(), e.item.clone());
        let detail = e.detail.clone().map(|d| view! { <span class="entry-detail">{d}</span> });
        if mode() == PickerMode::Folders {
            view! {
                <li class="entry">
                    <button type="button" part="button" class="link-button entry-open"
                        aria-label=tp(lang(), PlaceMsg::Open(&name))
                        on:click=move |_| send(PlaceCommand::OpenFolder(open.clone()))>{name.clone()}" ›"</button>
                    {detail}
                    <button type="button" part="button" class="link-button entry-choose"
                        aria-label=tp(lang(), PlaceMsg::Choose(&name))
                        on:click=move |_| send(PlaceCommand::ChooseFolder(choose.clone()))>{tp(lang(), PlaceMsg::Choose(""))}</button>
                </li>
            }
            .into_any()
        } else {
            // A creatable folder or a session: chosen by its name, with where it is or its date.
            let command =
                if folders() { PlaceCommand::ChooseFolder(choose) } else { PlaceCommand::ChooseSession(choose) };
            view! {
                <li class="entry">
                    <button type="button" part="button" class="link-button entry-choose"
                        aria-label=tp(lang(), PlaceMsg::Choose(&name))
                        on:click=move |_| send(command.clone())>{name.clone()}</button>
                    {detail}
                </li>
            }
            .into_any()
        }
    };
    // Opening a folder replaces the button that was pressed: focus would fall to the page.
    // Once the new listing is in, a keyboard user lands on its first entry instead.
    let listing = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if matches!(picker.with(|p| p.as_ref().map(|p| matches!(p.load, Load::Ready { .. }))), Some(true)) {
            request_animation_frame(move || refocus(listing.get_untracked()));
        }
    });
    view! {
        <p class="picker-status" role="status" aria-live="polite">{status}</p>
        <div node_ref=listing>
            {move || match picker.get().map(|p| p.load) {
                Some(Load::Failed(e)) => view! { <p class="error picker-error" part="error" role="alert">{say(lang(), &e)}</p> }.into_any(),
                Some(Load::Ready { entries, .. }) => view! {
                    <ul class="entries">{entries.into_iter().map(entry).collect_view()}</ul>
                }.into_any(),
                _ => ().into_any(),
            }}
        </div>
    }
}

/// Focus the listing's first button, if focus was lost (never taken from the search box).
fn refocus(listing: Option<web_sys::HtmlDivElement>) {
    use wasm_bindgen::JsCast;
    let Some(listing) = listing else { return };
    // Lost: nothing inside the element has focus, and nothing else on the page took it.
    let document = web_sys::window().and_then(|w| w.document());
    let on_page = document.as_ref().and_then(|d| d.active_element()).filter(|a| a.tag_name() != "BODY");
    let host = listing.get_root_node().dyn_into::<web_sys::ShadowRoot>().ok().map(|s| s.host());
    let inside = listing.get_root_node().dyn_into::<web_sys::ShadowRoot>().ok().and_then(|s| s.active_element());
    let lost = inside.is_none() && on_page.is_none_or(|a| host.is_some_and(|h| h == a));
    if !lost {
        return;
    }
    let first = listing.query_selector("button").ok().flatten().and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(button) = first {
        let _ = button.focus();
    }
}
