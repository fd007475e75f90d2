//! Runs one queued item through the engine and turns what the engine reports into
//! signals (for the view), DOM events (for the host page) and announcements (for screen
//! readers).

use super::persist::Saver;
use super::uploader::Uploader;
use crate::browser::clock::BrowserClock;
use crate::browser::events::{dispatch, object};
use crate::browser::fetch_http::FetchHttp;
use crate::core::part_plan::MIB;
use crate::engine::context::EngineContext;
use crate::engine::control::Control;
use crate::engine::fingerprint::fingerprint;
use crate::engine::ports::{Clock, FileSource};
use crate::engine::retry::{seeded_random, BackoffConfig};
use crate::engine::saved_upload::{self, SavedUpload};
use crate::engine::session::{
    discard, run_session_upload, Caption, EngineEvent, Phase, SessionRecord, SessionSpec, UploadOptions,
};
use crate::ui::i18n::{t, Announcement, Msg};
use crate::ui::model::Status;
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsValue;

fn engine_context(control: Control) -> EngineContext {
    let seed = (js_sys::Math::random() * u64::MAX as f64) as u64;
    EngineContext::new(
        Rc::new(FetchHttp),
        Rc::new(BrowserClock),
        control,
        BackoffConfig::default(),
        seeded_random(seed),
    )
}

fn options_of(app: &Uploader) -> UploadOptions {
    let config = app.config.get_untracked();
    UploadOptions {
        concurrency: config.concurrency,
        part_size: config.part_size_mib as u64 * MIB,
        ..Default::default()
    }
}

/// "Start over" on a saved upload: abort what it left on the server (best effort;
/// Panopto also times abandoned uploads out).
pub async fn discard_saved(app: &Rc<Uploader>, saved: SavedUpload) {
    let Some(server) = app.config.get_untracked().server else { return };
    let ctx = engine_context(Control::new());
    discard(&ctx, &server, &app.tokens, &options_of(app), &RefCell::new(saved.record)).await;
}

/// Continue a saved upload of this file if there is one that fits (same server,
/// folder and set of files) and the user did not choose to start over.
async fn restore_saved(
    app: &Rc<Uploader>,
    id: u32,
    spec: &SessionSpec,
    server: &str,
    record: &RefCell<SessionRecord>,
) -> Option<crate::engine::fingerprint::Fingerprint> {
    let (file, fp, saved, start_over) = {
        let mut runtime = app.runtime.borrow_mut();
        let r = runtime.get_mut(&id)?;
        (r.primary.clone(), r.fingerprint.clone(), r.saved.take(), r.start_over)
    };
    let fp = match fp {
        Some(fp) => fp,
        None => fingerprint(&file).await.ok()?,
    };
    if record.borrow().upload.is_some() || start_over {
        return Some(fp);
    }
    let saved = match saved {
        Some(s) => Some(s),
        None => saved_upload::find(app.saved.as_ref(), &fp, BrowserClock.now_ms()).await,
    };
    if let Some(saved) = saved {
        if saved.fits(server, spec) {
            *record.borrow_mut() = saved.record;
        } else {
            app.saved.delete(&fp.key()).await;
        }
    }
    Some(fp)
}

pub async fn run_item(app: Rc<Uploader>, id: u32) {
    let Some(item) = app.item(id) else { return };
    let config = app.config.get_untracked();
    let (Some(server), Some(folder_id)) = (config.server.clone(), config.folder_id.clone()) else { return };
    let (spec, control, record, file) = {
        let runtime = app.runtime.borrow();
        let Some(r) = runtime.get(&id) else { return };
        let languages = item.captions.get_untracked();
        let captions = r
            .captions
            .iter()
            .map(|(cid, f)| Caption {
                file: Rc::new(f.clone()) as Rc<dyn FileSource>,
                language: languages.iter().find(|c| c.id == *cid).map(|c| c.language.clone()),
            })
            .collect();
        let spec = SessionSpec {
            folder_id,
            title: item.title.get_untracked(),
            description: Some(item.description.get_untracked()).filter(|d| !d.trim().is_empty()),
            primary: Rc::new(r.primary.clone()),
            secondary: r.secondary.clone().map(|f| Rc::new(f) as Rc<dyn FileSource>),
            captions,
        };
        (spec, r.control.clone(), r.record.clone(), r.primary.file().clone())
    };
    let options = options_of(&app);
    let ctx = engine_context(control);
    item.resume_offer.set(None);
    let saver = restore_saved(&app, id, &spec, server.origin(), &record).await.map(|fp| {
        let template = SavedUpload::new(fp.clone(), server.origin(), &spec, SessionRecord::default(), 0.0);
        let rec = record.clone();
        Saver::new(
            app.saved.clone(),
            fp.key(),
            Box::new(move || SavedUpload {
                record: rec.borrow().clone(),
                saved_ms: js_sys::Date::now(),
                ..template.clone()
            }),
        )
    });
    let name = item.name.get_untracked();
    let js_file = JsValue::from(file.clone());

    let emit = |event: EngineEvent| match event {
        EngineEvent::Phase(Phase::Creating) => {
            dispatch(&app.host, "uploadstart", &object(&[("file", js_file.clone())]));
        }
        EngineEvent::SessionCreated { .. } => {}
        EngineEvent::Phase(Phase::Uploading) => {
            if item.status.get_untracked() != Status::Paused {
                app.set_status(id, Status::Uploading);
            }
        }
        EngineEvent::Progress(p) => {
            let percent = p.percent();
            let detail = object(&[
                ("file", js_file.clone()),
                ("loaded", (p.loaded as f64).into()),
                ("total", (p.total as f64).into()),
                ("bytesPerSecond", p.bytes_per_second.into()),
                ("etaSeconds", p.eta_seconds.map(JsValue::from).unwrap_or(JsValue::NULL)),
            ]);
            item.progress.set(p);
            dispatch(&app.host, "progress", &detail);
            announce_milestone(&app, id, &name, percent);
        }
        EngineEvent::Phase(Phase::Finishing) => app.set_status(id, Status::Finishing),
        EngineEvent::Phase(Phase::Processing) => {
            app.set_status(id, Status::Processing);
            app.announce(t(app.lang(), Msg::Announce(&name, Announcement::Processing)));
        }
        EngineEvent::Phase(Phase::Complete { .. }) => {}
        EngineEvent::Checkpoint => {
            if let Some(s) = &saver {
                s.checkpoint();
            }
        }
    };

    let result = run_session_upload(&ctx, &server, &app.tokens, &spec, &options, &record, &emit).await;
    if let Some(s) = &saver {
        // Keep the record only while retrying can still finish the upload.
        match &result {
            Err(e) if e.retryable && !e.is_cancelled() => s.save_now(),
            _ => s.discard(),
        }
    }
    match result {
        Ok(outcome) => {
            app.set_status(
                id,
                Status::Complete { session_id: outcome.session_id.clone(), viewer_url: outcome.viewer_url.clone() },
            );
            let detail = object(&[
                ("file", js_file.clone()),
                ("id", outcome.upload_id.as_str().into()),
                ("sessionId", outcome.session_id.as_str().into()),
                ("viewerUrl", outcome.viewer_url.as_str().into()),
            ]);
            dispatch(&app.host, "uploadcomplete", &detail);
            app.announce(t(app.lang(), Msg::Announce(&name, Announcement::Complete)));
        }
        Err(e) if e.is_cancelled() => {
            app.set_status(id, Status::Cancelled);
            app.announce(t(app.lang(), Msg::Announce(&name, Announcement::Cancelled)));
        }
        Err(e) => {
            app.set_status(
                id,
                Status::Failed { code: e.code.clone(), message: e.message.clone(), retryable: e.retryable },
            );
            app.report_error(Some(&file), &e.code, &e.message, e.retryable);
            app.announce(t(app.lang(), Msg::Announce(&name, Announcement::Failed(&e.message))));
        }
    }
}

/// Announce every 10 % once, so a screen reader hears progress without a flood.
fn announce_milestone(app: &Uploader, id: u32, name: &str, percent: u32) {
    let step = percent / 10 * 10;
    let runtime = app.runtime.borrow();
    let Some(r) = runtime.get(&id) else { return };
    if step > r.milestone.get() && step < 100 {
        r.milestone.set(step);
        app.announce(t(app.lang(), Msg::Announce(name, Announcement::Milestone(step))));
    }
}
