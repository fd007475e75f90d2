//! One queued file: editable details before the upload, progress and controls during it,
//! then the link to the session or the error with a retry. What is shown follows from the
//! card's view (the page model's, `page/views.rs`) and the item's state (its controls and
//! status line); inputs and buttons send commands.

use super::commands::{Card, Commands, UiCommand, UiEdit, UiState};
use super::drop_zone::input_files;
use super::i18n::{say, t, Msg};
use super::i18n::{tp, PlaceMsg};
use super::media_words;
use super::words::says;
use crate::core::json::Json;
use crate::core::panopto_rest::StreamType;
use crate::core::part_plan::human_size;
use crate::engine::flow::Outcome;
use crate::item::{Command, ItemState, SavedOffer};
use crate::page::config::Protocol;
use crate::page::details::CAPTION_LANGUAGES;
use crate::page::media::Preview;
use crate::page::place::PlaceCommand;
use leptos::prelude::*;

#[component]
pub fn FileCard(state: UiState, commands: Commands, card: Card) -> impl IntoView {
    let config = state.config;
    let lang = move || config.get().lang;
    let id = card.id;
    let view = card.view;
    let current = Memo::new(move |_| view.with(|c| c.state.clone()));
    let progress = Memo::new(move |_| view.with(|c| c.progress.clone()));
    let details = Memo::new(move |_| view.with(|c| c.details.clone()));
    let controls = Memo::new(move |_| current.with(ItemState::controls));
    let name = move || view.with(|c| c.name.clone());
    let field = move |suffix: &str| format!("pu-{id}-{suffix}");
    let percent = move || progress.with(|p| p.percent());
    let edit = move |e: UiEdit| commands.edit(id, e);
    let send = move |c: Command| move |_: web_sys::MouseEvent| commands.item(id, c);
    let secondary = move || details.with(|d| d.secondary.as_ref().map(|a| a.name.clone()).unwrap_or_default());
    // Added to an existing session, the file is one stream: no title or second video of its
    // own, only which stream it is; captions go to the session once the stream is in.
    let adding_stream = move || config.get().protocol == Protocol::Panopto && state.place.with(|p| p.session.is_some());
    // The media check's concerns and whether they hold the file: none once it is in.
    let notice = move || {
        view.with(|c| match c.state {
            ItemState::Complete(_) => (Vec::new(), false),
            _ => (c.concerns.clone(), c.held),
        })
    };
    let offer = move || match current.get() {
        ItemState::Ready { offer: SavedOffer::Offered { percent } } => Some(percent),
        _ => None,
    };
    view! {
        <li class="card" part="item" data-state=move || current.with(|s| s.name())>
            <div class="card-head">
                // Without a `src` (waiting, or no preview) the style hides it.
                <img class="thumb" part="thumbnail" alt="" width="80" src=move || view.with(|c| match &c.preview {
                    Preview::Image(src) => Some(src.clone()),
                    _ => None,
                })/>
                <span class="file-name">{name}</span>
                <span class="file-size">{move || human_size(view.with(|c| c.size))}</span>
                <span class="status" part="status">{move || t(lang(), current.with(ItemState::status_line))}</span>
            </div>
            // The media check: what the file is, and whether the browser can show it; the
            // notice for a file that is not media, is damaged, or is not captions, where the
            // teacher decides. Elements always there, with reactive text and attributes, and
            // empty or hidden when there is nothing to say: an element made and dropped by a
            // closure is build and rebuild code of its own in the wasm, per element type.
            <p class="media-line" data-read=move || view.with(|c| c.media.map(|l| l.bytes_read.to_string()))>{move || {
                view.with(|c| c.media.map(|l| {
                    let line = media_words::line(&l);
                    match c.preview == Preview::Unavailable && c.concerns.is_empty() {
                        true => format!("{line} · {}", t(lang(), Msg::NoPreview)),
                        false => line,
                    }
                })).unwrap_or_default()
            }}</p>
            <div class="media-notice" part="notice" role="status" hidden=move || notice().0.is_empty()>
                <p class="concern">{move || {
                    let lang = lang();
                    let said: Vec<String> = notice().0.iter().map(|(file, c)| media_words::concern(lang, file, c)).collect();
                    said.join("\n")
                }}</p>
                <button type="button" part="button" class="upload-anyway" hidden=move || !notice().1
                    on:click=move |_| commands.send(UiCommand::UploadAnyway(id))>{says(config, Msg::UploadAnyway)}</button>
            </div>
            <Show when=move || controls.get().edit>
                // Said once by the live region (Announcement::Duplicate); here it stays.
                <Show when=move || controls.get().upload_again>
                    <p class="duplicate-notice" part="notice" id=field("duplicate")>{says(config, Msg::DuplicateNotice)}</p>
                </Show>
                <Show when=move || controls.get().start_over>
                    <p class="resume-offer" part="notice" role="status">
                        {move || t(lang(), Msg::ResumeOffer(offer().unwrap_or(0)))}
                        " "
                        <button type="button" part="button" class="link-button start-over"
                            on:click=send(Command::StartOver)>{says(config, Msg::StartOver)}</button>
                    </p>
                </Show>
                <Show when=move || adding_stream()>
                    <div class="fields">
                        <label for=field("stream-type")>{says(config, PlaceMsg::StreamType)}</label>
                        <select id=field("stream-type") part="input" class="stream-type" on:change=move |ev| {
                            if let Some(k) = StreamType::parse(&event_target_value(&ev)) {
                                edit(UiEdit::StreamType(k));
                            }
                        }>
                            {StreamType::ALL.into_iter().map(|k| view! {
                                <option value=k.name() selected=move || details.with(|d| d.stream_type == k)>{says(config, stream_label(k))}</option>
                            }).collect_view()}
                        </select>
                    </div>
                </Show>
                <Show when=move || config.get().protocol == Protocol::Panopto && !adding_stream()>
                    <div class="fields">
                        <label for=field("title")>{says(config, Msg::Title)}</label>
                        <input id=field("title") type="text" part="input" class="title-input" prop:value=move || details.with(|d| d.title.clone())
                            on:input=move |ev| edit(UiEdit::Title(event_target_value(&ev)))/>
                        <label for=field("description")>{says(config, Msg::Description)}</label>
                        <textarea id=field("description") part="input" rows="2" prop:value=move || details.with(|d| d.description.clone())
                            on:input=move |ev| edit(UiEdit::Description(event_target_value(&ev)))></textarea>
                        <label for=field("secondary")>{says(config, Msg::Secondary)}</label>
                        <div class="file-row">
                            <input id=field("secondary") type="file" accept="video/*" part="input" class="secondary-input"
                                on:change=move |ev| edit(UiEdit::Secondary(input_files(&ev).into_iter().next()))/>
                            <Show when=move || details.with(|d| d.secondary.is_some())>
                                <span class="chosen">{move || secondary()}</span>
                                <button type="button" part="button" class="link-button"
                                    aria-label=move || t(lang(), Msg::Remove(&secondary()))
                                    on:click=move |_| edit(UiEdit::Secondary(None))>"×"</button>
                            </Show>
                        </div>
                    </div>
                </Show>
                <Show when=move || config.get().protocol == Protocol::Panopto>
                    <div class="fields">
                        <label for=field("caption")>{says(config, Msg::AddCaption)}</label>
                        <input id=field("caption") type="file" accept=".srt,.vtt,text/vtt,application/x-subrip" part="input" class="caption-input"
                            on:change=move |ev| input_files(&ev).into_iter().for_each(|f| edit(UiEdit::AddCaption(f)))/>
                        <ul class="captions" aria-label=says(config, Msg::Captions)>
                            <For each=move || details.with(|d| d.captions.clone()) key=|c| (c.file.file, c.language.clone()) children=move |c| {
                                let cid = c.file.file;
                                let select_id = format!("pu-{id}-lang-{cid}");
                                view! {
                                    <li class="caption">
                                        <span class="chosen">{c.file.name.clone()}</span>
                                        <label class="visually-hidden" for=select_id.clone()>{says(config, Msg::CaptionLanguage)}</label>
                                        <select id=select_id part="input" on:change=move |ev| {
                                            edit(UiEdit::CaptionLanguage(cid, event_target_value(&ev)));
                                        }>
                                            {CAPTION_LANGUAGES.iter().map(|(code, label)| view! {
                                                <option value=*code selected=*code == c.language.as_str()>{*label}</option>
                                            }).collect_view()}
                                        </select>
                                        <button type="button" part="button" class="link-button"
                                            aria-label=t(config.get_untracked().lang, Msg::Remove(&c.file.name))
                                            on:click=move |_| edit(UiEdit::RemoveCaption(cid))>"×"</button>
                                    </li>
                                }
                            }/>
                        </ul>
                    </div>
                </Show>
                <div class="actions">
                    <Show when=move || controls.get().upload>
                        <button type="button" part="button primary-button" class="primary" on:click=send(Command::Start)>
                            {move || t(lang(), current.with(ItemState::upload_label))}
                        </button>
                    </Show>
                    <Show when=move || controls.get().upload_again>
                        <button type="button" part="button" class="upload-again" aria-describedby=field("duplicate")
                            on:click=send(Command::UploadAgain)>{says(config, Msg::UploadAgain)}</button>
                    </Show>
                    <button type="button" part="button" on:click=send(Command::Remove)
                        aria-label=move || t(lang(), Msg::Remove(&name()))>{says(config, Msg::RemoveButton)}</button>
                </div>
            </Show>
            <Show when=move || view.with(|c| c.notice.is_some())>
                <p class="notice" part="notice" role="status">{says(config, Msg::WholeFileNotice)}</p>
            </Show>
            // The teacher's sign-in ended (or ends within a minute) while the file still needs
            // Panopto: its requests wait for a new one; parts go on.
            <Show when=move || view.with(|c| c.sign_in_again)>
                <p class="notice sign-in-again" part="notice" role="status">
                    <button type="button" part="button" class="link-button sign-in-again-button"
                        on:click=move |_| commands.send(UiCommand::Place(PlaceCommand::SignIn))>
                        {move || tp(lang(), PlaceMsg::SignInAgainToFinish)}</button>
                </p>
            </Show>
            // Said once by the live region (Announcement::Elsewhere); here it stays.
            <Show when=move || current.with(|s| *s == ItemState::Elsewhere)>
                <p class="notice elsewhere-notice" part="notice">{says(config, Msg::ElsewhereNotice)}</p>
            </Show>
            <Show when=move || controls.get().progress>
                <div class="progress" part="progress" role="progressbar" aria-valuemin="0" aria-valuemax="100"
                    aria-valuenow=move || percent().to_string()
                    aria-valuetext=move || format!("{} %", percent())
                    aria-label=move || t(lang(), Msg::ProgressLabel(&name()))>
                    <div class="progress-bar" part="progress-bar" style:transform=move || scale_x(percent())></div>
                </div>
                <p class="progress-text">{move || {
                    let p = progress.get();
                    // While paused nothing moves: no speed or time left to show.
                    let moving = !current.with(ItemState::is_paused);
                    let (rate, eta) = if moving { (p.bytes_per_second, p.eta_seconds) } else { (0.0, None) };
                    t(lang(), Msg::ProgressLine(percent(), p.loaded, p.total, rate, eta))
                }}</p>
                <div class="actions">
                    <Show when=move || controls.get().pause>
                        <button type="button" part="button" on:click=send(Command::Pause)>{says(config, Msg::Pause)}</button>
                    </Show>
                    <Show when=move || controls.get().resume>
                        <button type="button" part="button" on:click=send(Command::Resume)>{says(config, Msg::Resume)}</button>
                    </Show>
                    <button type="button" part="button" on:click=send(Command::Cancel)>{says(config, Msg::Cancel)}</button>
                </div>
            </Show>
            {move || match current.get() {
                ItemState::Complete(Outcome::Session(s)) => Some(view! {
                    <p class="done"><a part="link" href=s.viewer_url target="_blank" rel="noopener">{t(lang(), Msg::OpenInPanopto)}</a></p>
                }.into_any()),
                ItemState::Complete(Outcome::Video(v)) => Some(view! {
                    <p class="done">{t(lang(), Msg::StoredVideo(&video_id(&v.video, &v.upload_id)))}</p>
                }.into_any()),
                ItemState::Failed(e) => Some(view! {
                    <p class="error" part="error" role="alert">{say(lang(), &e.message)}</p>
                }.into_any()),
                _ => None,
            }}
            // What did not come with the upload (a caption Panopto refused): the upload itself
            // went on.
            {move || {
                let warnings = view.with(|c| c.warnings.clone());
                let lang = lang();
                warnings.iter().map(|w| view! {
                    <p class="warning" part="notice" role="status" data-code=w.code.to_string()>{say(lang, &w.message)}</p>
                }).collect_view()
            }}
            <Show when=move || { let c = controls.get(); (c.retry || c.remove) && !c.edit }>
                <div class="actions">
                    <Show when=move || controls.get().retry>
                        <button type="button" part="button primary-button" class="primary" on:click=send(Command::Start)>{says(config, Msg::Retry)}</button>
                    </Show>
                    <button type="button" part="button" on:click=send(Command::Remove)
                        aria-label=move || t(lang(), Msg::Remove(&name()))>"×"</button>
                </div>
            </Show>
        </li>
    }
}

fn stream_label(k: StreamType) -> PlaceMsg<'static> {
    match k {
        StreamType::PrimaryVideo => PlaceMsg::PrimaryVideo,
        StreamType::SecondaryVideo => PlaceMsg::SecondaryVideo,
        StreamType::SecondaryPresentation => PlaceMsg::Presentation,
    }
}

/// The video's id as the server gave it (else the upload session's).
fn video_id(video: &Json, upload_id: &str) -> String {
    match video.get("id") {
        Some(Json::String(s)) => s.clone(),
        // Whole numbers JS reads exactly (a fractional or huge id falls back): see core::json.
        Some(n @ Json::Number(_)) => crate::core::json::integer_text(n).unwrap_or_else(|| upload_id.to_string()),
        _ => upload_id.to_string(),
    }
}

/// `scaleX(0.42)` for 42 %: the bar's transform (see style.css for why not its width).
fn scale_x(percent: u32) -> String {
    let p = percent.min(100);
    format!("scaleX({}.{:02})", p / 100, p % 100)
}
