//! One queued file: editable details before the upload, progress and controls during it,
//! then the link to the session or the error with a retry.

use super::drop_zone::input_files;
use super::i18n::{t, Msg};
use super::model::{retry_helps, ItemView, Status, CAPTION_LANGUAGES};
use super::view::App;
use crate::core::part_plan::human_size;
use leptos::prelude::*;

#[component]
pub fn FileCard(app: App, item: ItemView) -> impl IntoView {
    let config = app.with_value(|a| a.config);
    let lang = move || config.get().lang;
    let id = item.id;
    let status = item.status;
    let name = move || item.name.get();
    let field = move |suffix: &str| format!("pu-{id}-{suffix}");
    let percent = move || item.progress.with(|p| p.percent());
    let status_text = move || {
        let l = lang();
        match status.get() {
            Status::Ready => t(l, Msg::Ready),
            Status::Preparing => t(l, Msg::Preparing),
            Status::Uploading => t(l, Msg::Uploading),
            Status::Paused if item.offline.get() => t(l, Msg::WaitingForNetwork),
            Status::Paused => t(l, Msg::Paused),
            Status::Finishing => t(l, Msg::Finishing),
            Status::Processing => t(l, Msg::Processing),
            Status::Complete { .. } => t(l, Msg::Complete),
            Status::Failed { .. } => t(l, Msg::Failed),
            Status::Cancelled => t(l, Msg::Cancelled),
        }
    };
    let editable = move || status.get().is_editable();
    let transferring =
        move || matches!(status.get(), Status::Preparing | Status::Uploading | Status::Paused | Status::Finishing);
    view! {
        <li class="card" part="item" data-state=move || status.get().name()>
            <div class="card-head">
                <span class="file-name">{name}</span>
                <span class="file-size">{move || human_size(item.size.get())}</span>
                <span class="status" part="status">{status_text}</span>
            </div>
            <Show when=editable>
                <Show when=move || item.resume_offer.get().is_some()>
                    <p class="resume-offer" part="notice" role="status">
                        {move || t(lang(), Msg::ResumeOffer(item.resume_offer.get().unwrap_or(0)))}
                        " "
                        <button type="button" part="button" class="link-button start-over"
                            on:click=move |_| app.with_value(|a| a.start_over(id))>{move || t(lang(), Msg::StartOver)}</button>
                    </p>
                </Show>
                <div class="fields">
                    <label for=field("title")>{move || t(lang(), Msg::Title)}</label>
                    <input id=field("title") type="text" part="input" class="title-input" prop:value=move || item.title.get()
                        on:input=move |ev| item.title.set(event_target_value(&ev))/>
                    <label for=field("description")>{move || t(lang(), Msg::Description)}</label>
                    <textarea id=field("description") part="input" rows="2" prop:value=move || item.description.get()
                        on:input=move |ev| item.description.set(event_target_value(&ev))></textarea>
                    <label for=field("secondary")>{move || t(lang(), Msg::Secondary)}</label>
                    <div class="file-row">
                        <input id=field("secondary") type="file" accept="video/*" part="input" class="secondary-input"
                            on:change=move |ev| app.with_value(|a| a.set_secondary(id, input_files(&ev).into_iter().next()))/>
                        <Show when=move || item.secondary.get().is_some()>
                            <span class="chosen">{move || item.secondary.get().unwrap_or_default()}</span>
                            <button type="button" part="button" class="link-button"
                                aria-label=move || t(lang(), Msg::Remove(&item.secondary.get().unwrap_or_default()))
                                on:click=move |_| app.with_value(|a| a.set_secondary(id, None))>"×"</button>
                        </Show>
                    </div>
                    <label for=field("caption")>{move || t(lang(), Msg::AddCaption)}</label>
                    <input id=field("caption") type="file" accept=".srt,.vtt,text/vtt,application/x-subrip" part="input" class="caption-input"
                        on:change=move |ev| app.with_value(|a| input_files(&ev).into_iter().for_each(|f| a.add_caption(id, f)))/>
                    <ul class="captions" aria-label=move || t(lang(), Msg::Captions)>
                        <For each=move || item.captions.get() key=|c| (c.id, c.language.clone()) children=move |c| {
                            let cid = c.id;
                            let select_id = format!("pu-{id}-lang-{cid}");
                            view! {
                                <li class="caption">
                                    <span class="chosen">{c.name.clone()}</span>
                                    <label class="visually-hidden" for=select_id.clone()>{move || t(lang(), Msg::CaptionLanguage)}</label>
                                    <select id=select_id part="input" on:change=move |ev| {
                                        let v = event_target_value(&ev);
                                        item.captions.update(|list| list.iter_mut().filter(|x| x.id == cid).for_each(|x| x.language = v.clone()));
                                    }>
                                        {CAPTION_LANGUAGES.iter().map(|(code, label)| view! {
                                            <option value=*code selected=*code == c.language.as_str()>{*label}</option>
                                        }).collect_view()}
                                    </select>
                                    <button type="button" part="button" class="link-button"
                                        aria-label=t(config.get_untracked().lang, Msg::Remove(&c.name))
                                        on:click=move |_| app.with_value(|a| a.remove_caption(id, cid))>"×"</button>
                                </li>
                            }
                        }/>
                    </ul>
                </div>
                <div class="actions">
                    <button type="button" part="button primary-button" class="primary" on:click=move |_| app.with_value(|a| a.start(id))>
                        {move || t(lang(), if item.resume_offer.get().is_some() { Msg::Resume } else { Msg::Upload })}
                    </button>
                    <button type="button" part="button" on:click=move |_| app.with_value(|a| a.remove(id))
                        aria-label=move || t(lang(), Msg::Remove(&name()))>{move || t(lang(), Msg::RemoveButton)}</button>
                </div>
            </Show>
            <Show when=transferring>
                <div class="progress" part="progress" role="progressbar" aria-valuemin="0" aria-valuemax="100"
                    aria-valuenow=move || percent().to_string()
                    aria-valuetext=move || format!("{} %", percent())
                    aria-label=move || t(lang(), Msg::ProgressLabel(&name()))>
                    <div class="progress-bar" part="progress-bar" style:transform=move || scale_x(percent())></div>
                </div>
                <p class="progress-text">{move || {
                    let p = item.progress.get();
                    // While paused nothing moves: no speed or time left to show.
                    let moving = status.get() != Status::Paused;
                    let (rate, eta) = if moving { (p.bytes_per_second, p.eta_seconds) } else { (0.0, None) };
                    t(lang(), Msg::ProgressLine(percent(), p.loaded, p.total, rate, eta))
                }}</p>
                <div class="actions">
                    <Show when=move || status.get() != Status::Paused fallback=move || view! {
                        <button type="button" part="button" on:click=move |_| app.with_value(|a| a.resume(id))>{move || t(lang(), Msg::Resume)}</button>
                    }>
                        <button type="button" part="button" on:click=move |_| app.with_value(|a| a.pause(id))>{move || t(lang(), Msg::Pause)}</button>
                    </Show>
                    <button type="button" part="button" on:click=move |_| app.with_value(|a| a.cancel(id))>{move || t(lang(), Msg::Cancel)}</button>
                </div>
            </Show>
            {move || match status.get() {
                Status::Complete { viewer_url, .. } => Some(view! {
                    <p class="done"><a part="link" href=viewer_url target="_blank" rel="noopener">{t(lang(), Msg::OpenInPanopto)}</a></p>
                }.into_any()),
                Status::Failed { message, code, retryable } => {
                    let can_retry = retry_helps(&code, retryable);
                    Some(view! {
                        <p class="error" part="error" role="alert">{message}</p>
                        <div class="actions">
                            <Show when=move || can_retry>
                                <button type="button" part="button primary-button" class="primary" on:click=move |_| app.with_value(|a| a.start(id))>{move || t(lang(), Msg::Retry)}</button>
                            </Show>
                            <button type="button" part="button" on:click=move |_| app.with_value(|a| a.remove(id))
                                aria-label=move || t(lang(), Msg::Remove(&name()))>"×"</button>
                        </div>
                    }.into_any())
                }
                _ => None,
            }}
        </li>
    }
}

/// `scaleX(0.42)` for 42 %: the bar's transform (see style.css for why not its width).
fn scale_x(percent: u32) -> String {
    let p = percent.min(100);
    format!("scaleX({}.{:02})", p / 100, p % 100)
}
