//! A queued file's runs, carried out: the flow built from the model's plan with the files
//! the shell holds (the one place a flow is built), one run at a time with its command
//! channel and saver, its events and result fed back to the model; the record's fate; the
//! clean-up of a discarded upload; and the lookup, when a file is added, of an upload of it
//! saved before a reload.

use super::Executor;
use crate::engine::control::Control;
use crate::engine::error::{ErrorCode, UploadError};
use crate::engine::fingerprint::fingerprint;
use crate::engine::flow::UploadFlow;
use crate::engine::panda::session::SessionSource;
use crate::engine::panda::PandaFlow;
use crate::engine::ports::TokenSource;
use crate::engine::runner::{self, Restore, Run};
use crate::engine::saved_upload::{self, SavedUpload};
use crate::engine::saver::Saver;
use crate::engine::session::spec::{Caption, SessionSpec};
use crate::engine::session::SessionFlow;
use crate::engine::stream::StreamFlow;
use crate::engine::tab_lock::lock_name;
use crate::engine::upload_record::UploadRecord;
use crate::page::plan::{RunPlan, Target};
use crate::page::ports::Shell;
use crate::page::signals::{Fate, FileId, PageInput};
use crate::text::ErrorText;
use std::rc::Rc;

impl Executor {
    /// The flow for `plan`, with the files the shell holds (`None`: one was let go of).
    fn flow(&self, plan: &RunPlan) -> Option<Rc<dyn UploadFlow>> {
        let shell = &self.ports.shell;
        let file = shell.file(plan.primary)?;
        let tokens: Rc<dyn TokenSource> = self.tokens.clone();
        let options = plan.options.clone();
        Some(match &plan.target {
            Target::Session { server, folder_id, title, description, secondary, captions } => {
                let captions = caption_files(shell.as_ref(), captions)?;
                let secondary = match secondary {
                    Some(id) => Some(shell.file(*id)?),
                    None => None,
                };
                let spec = SessionSpec {
                    folder_id: folder_id.clone(),
                    title: title.clone(),
                    description: description.clone(),
                    primary: file,
                    secondary,
                    captions,
                };
                Rc::new(SessionFlow { server: server.clone(), tokens, spec, options })
            }
            Target::Stream { server, session_id, stream_type, captions } => Rc::new(StreamFlow {
                server: server.clone(),
                tokens,
                session_id: session_id.clone(),
                stream_type: *stream_type,
                file,
                captions: caption_files(shell.as_ref(), captions)?,
                options,
            }),
            Target::Panda { url, first_chunk, max_chunk } => {
                let source = match url {
                    Some(url) => SessionSource::Url(url.clone()),
                    None => SessionSource::Host(shell.create_upload(plan.primary)?),
                };
                Rc::new(PandaFlow { source, tokens, file, first_chunk: *first_chunk, max_chunk: *max_chunk })
            }
        })
    }

    pub(super) fn start_run(self: &Rc<Self>, file: FileId, plan: &RunPlan, restore: Restore) {
        let (Some(flow), Some(primary)) = (self.flow(plan), self.ports.shell.file(plan.primary)) else {
            let gone = UploadError::new(ErrorCode::FileRead, ErrorText::FileGone);
            return self.input(PageInput::Finished(file, Err(gone)));
        };
        let saver = Rc::new(Saver::new(self.ports.store.clone(), self.ports.clock.clone()));
        let (control, record, known) = self.runs.with(file, |r| {
            r.control = Control::new();
            r.saver = Some(saver.clone());
            (r.control.clone(), r.record.clone(), r.fingerprint.clone())
        });
        self.spawn(move |me| async move {
            let ctx = me.context(control);
            let run = Run {
                ctx: &ctx,
                flow: flow.as_ref(),
                record,
                saver: &saver,
                store: me.ports.store.as_ref(),
                locks: me.ports.locks.as_ref(),
                file: primary.as_ref(),
                fingerprint: known,
                restore,
            };
            let emit = |event| me.input(PageInput::Engine(file, event));
            let result = runner::run(run, &emit).await;
            me.input(PageInput::Finished(file, result));
        });
    }

    /// Carry out the saver's side of the run's end.
    pub(super) fn record(self: &Rc<Self>, file: FileId, fate: Fate) {
        let Some(saver) = self.runs.with(file, |r| r.saver.clone()) else { return };
        self.spawn(move |me| async move {
            match fate {
                Fate::Keep => saver.keep().await,
                Fate::Forget => {
                    saver.forget().await;
                    // The handle goes with its record.
                    if let Some(key) = saver.key() {
                        me.ports.shell.forget_handle(&key).await;
                    }
                }
            }
        });
    }

    /// Delete the file's records (the run's, and one found when the file was added) and
    /// undo, best effort, what each left on the server. A saved one that another tab has
    /// taken over since it was offered here (it holds the file's lock) is that tab's now:
    /// left alone.
    pub(super) fn discard(self: &Rc<Self>, file: FileId, plan: &RunPlan, saved: Option<Box<SavedUpload>>) {
        let Some(flow) = self.flow(plan) else { return };
        let (saver, current) = self.runs.with(file, |r| (r.saver.clone(), std::mem::take(&mut *r.record.borrow_mut())));
        let mut records = vec![(None, current)];
        records.extend(saved.map(|s| (Some(s.fingerprint.clone()), s.record)));
        self.spawn(move |me| async move {
            if let Some(saver) = saver {
                saver.forget().await;
                if let Some(key) = saver.key() {
                    me.ports.shell.forget_handle(&key).await;
                }
            }
            let ctx = me.context(Control::new());
            for (saved_as, record) in records {
                // Held until its record is deleted and its upload undone.
                let mut _held = None;
                if let Some(fingerprint) = saved_as {
                    match me.ports.locks.try_hold(&lock_name(&fingerprint)).await {
                        Some(held) => _held = Some(held),
                        None => continue,
                    }
                    me.ports.store.delete(&fingerprint.key()).await;
                    me.ports.shell.forget_handle(&fingerprint.key()).await;
                }
                if record != UploadRecord::Fresh {
                    flow.discard(&ctx, record).await;
                }
            }
        });
    }

    /// Fingerprint the file and look for an upload of it saved before a reload (the model
    /// offers it if it was for the same place). Not while another tab is uploading the file
    /// (it holds the file's lock): that record is not an earlier upload but a live one, and
    /// "Start over" must not discard it; starting the file says it is uploading elsewhere.
    pub(super) fn look_for_saved(self: &Rc<Self>, file: FileId) {
        let Some(source) = self.ports.shell.file(file) else { return };
        self.spawn(move |me| async move {
            let now = me.ports.clock.now_ms();
            if !me.runs.purged.replace(true) {
                saved_upload::purge_expired(me.ports.store.as_ref(), now).await;
            }
            // Known already for a file reopened from its kept handle.
            let fp = match me.runs.with(file, |r| r.fingerprint.clone()) {
                Some(fp) => fp,
                None => {
                    let Ok(fp) = fingerprint(source.as_ref()).await else { return };
                    me.runs.with(file, |r| r.fingerprint = Some(fp.clone()));
                    fp
                }
            };
            // Only looked at, not taken: holding it even a moment, a run started meanwhile
            // would find its own file busy and wait as if another tab had it.
            if me.ports.locks.busy().await.contains(&lock_name(&fp)) {
                return;
            }
            if let Some(found) = saved_upload::find(me.ports.store.as_ref(), &fp, now).await {
                me.input(PageInput::SavedFound(file, Box::new(found)));
            }
        });
    }
}

/// The plan's captions with the files the shell holds (`None`: one was let go of).
fn caption_files(shell: &dyn Shell, captions: &[(FileId, String)]) -> Option<Vec<Caption>> {
    captions
        .iter()
        .map(|(id, language)| Some(Caption { file: shell.file(*id)?, language: Some(language.clone()) }))
        .collect()
}
