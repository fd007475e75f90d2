//! Which flow uploads a queued file: Panopto's sessionUpload (a new session in the folder),
//! StreamUpload (a stream of the chosen session) or Panda's resumable upload, as the
//! element's configuration, the place chosen and the file's card say at that moment.

use super::uploader::Uploader;
use crate::browser::create_upload::JsCreateUpload;
use crate::core::part_plan::MIB;
use crate::engine::flow::UploadFlow;
use crate::engine::panda::session::SessionSource;
use crate::engine::panda::PandaFlow;
use crate::engine::ports::FileSource;
use crate::engine::session::spec::{Caption, SessionSpec, UploadOptions};
use crate::engine::session::SessionFlow;
use crate::engine::stream::StreamFlow;
use crate::ui::config::{Config, Protocol};
use leptos::prelude::*;
use std::rc::Rc;

/// `None` while the configuration cannot make one (its problems are shown already).
pub fn flow_for(app: &Uploader, id: u32) -> Option<Rc<dyn UploadFlow>> {
    let place = app.place.get_untracked();
    match (app.config.get_untracked().protocol, place.session_id()) {
        (Protocol::Panopto, Some(session_id)) => stream_flow(app, id, session_id),
        (Protocol::Panopto, None) => session_flow(app, id),
        (Protocol::Panda, _) => panda_flow(app, id),
    }
}

fn upload_options(config: &Config) -> UploadOptions {
    UploadOptions {
        concurrency: config.concurrency,
        part_size: config.part_size_mib as u64 * MIB,
        ..Default::default()
    }
}

/// A file added to an existing session, as the stream the card says.
fn stream_flow(app: &Uploader, id: u32, session_id: &str) -> Option<Rc<dyn UploadFlow>> {
    let item = app.item(id)?;
    let config = app.config.get_untracked();
    let file = app.runtime.borrow().get(&id)?.primary.clone();
    Some(Rc::new(StreamFlow {
        server: config.server.clone()?,
        tokens: Rc::new(app.tokens.clone()),
        session_id: session_id.to_string(),
        stream_type: item.stream_type.get_untracked(),
        file: Rc::new(file),
        options: upload_options(&config),
    }))
}

fn session_flow(app: &Uploader, id: u32) -> Option<Rc<dyn UploadFlow>> {
    let item = app.item(id)?;
    let config = app.config.get_untracked();
    let runtime = app.runtime.borrow();
    let r = runtime.get(&id)?;
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
        folder_id: app.place.get_untracked().folder_id()?.to_string(),
        title: item.title.get_untracked(),
        description: Some(item.description.get_untracked()).filter(|d| !d.trim().is_empty()),
        primary: Rc::new(r.primary.clone()),
        secondary: r.secondary.clone().map(|f| Rc::new(f) as Rc<dyn FileSource>),
        captions,
    };
    let options = upload_options(&config);
    Some(Rc::new(SessionFlow { server: config.server?, tokens: Rc::new(app.tokens.clone()), spec, options }))
}

fn panda_flow(app: &Uploader, id: u32) -> Option<Rc<dyn UploadFlow>> {
    let config = app.config.get_untracked();
    let file = app.runtime.borrow().get(&id)?.primary.clone();
    // The page's own function wins over the URL: it is the more deliberate setting.
    let source = match (app.create_upload.borrow().clone(), config.upload_session_url.as_deref()) {
        (Some(function), _) => SessionSource::Host(Rc::new(JsCreateUpload { function, file: file.file().clone() })),
        (None, Some(url)) => SessionSource::Url(absolute(url)?),
        (None, None) => return None,
    };
    Some(Rc::new(PandaFlow {
        source,
        tokens: Rc::new(app.tokens.clone()),
        file: Rc::new(file),
        first_chunk: config.part_size_mib as u64 * MIB,
        max_chunk: config.max_chunk_mib as u64 * MIB,
    }))
}

/// A path on the page's origin made absolute (requests and messages need the origin).
fn absolute(url: &str) -> Option<String> {
    let base = web_sys::window()?.document()?.base_uri().ok()??;
    web_sys::Url::new_with_base(url, &base).ok().map(|u| u.href())
}
