//! The queue: the files in the order they were added, each with its own state machine
//! (`src/item`), its details (`details.rs`), the earlier upload found for it, and the pace
//! of its progress. Inputs for a file go to its machine; the machine's effects become the
//! page's (`PageEffect`s, DOM events, the live region), carried out by the shell.
//!
//! A copy of a file already queued waits as a duplicate (`item/duplicate.rs`): whether each
//! file has a copy ahead of it holding its place is worked out again after files are added
//! and after any state change or removal.

use super::details::{Details, Edit};
use super::plan::Planning;
use super::signals::{Fate, FileId, HostEvent, NewFile, PageEffect, Said, Steer};
use crate::engine::error::{ErrorCode, UploadError};
use crate::engine::flow::Notice;
use crate::engine::progress::Progress;
use crate::engine::progress_pace::{Pace, ProgressPace};
use crate::engine::runner::Restore;
use crate::engine::saved_upload::SavedUpload;
use crate::item::{duplicates, Effect, Input, Item, ItemState, RunFrom, SameFile};
use crate::text::{ErrorText, Lang};

/// One queued file.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub id: FileId,
    pub file: SameFile,
    pub item: Item,
    pub details: Details,
    /// An earlier upload of this file, found when it was added, that starting continues.
    pub saved: Option<Box<SavedUpload>>,
    /// How the upload goes, when the teacher should know.
    pub notice: Option<Notice>,
    /// What did not come with the last run's upload (a caption Panopto refused).
    pub warnings: Vec<UploadError>,
    /// The progress last shown; the machine knows the latest, the pace says when to show it.
    pub shown: Progress,
    pace: ProgressPace,
}

impl Entry {
    /// The card's file and the files attached to it (second video, captions).
    pub fn files(&self) -> Vec<FileId> {
        [vec![self.id], self.details.files()].concat()
    }
}

/// What a step of the queue reads besides the queue.
pub struct Ctx<'a> {
    pub planning: Planning<'a>,
    pub now_ms: f64,
}

/// What a step says: the effects, and what the live region says (the last one counts).
#[derive(Default)]
pub struct Out {
    pub fx: Vec<PageEffect>,
    pub said: Option<Said>,
}

impl Out {
    fn fire(&mut self, event: HostEvent) {
        self.fx.push(PageEffect::Fire(event));
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Queue {
    pub entries: Vec<Entry>,
}

impl Queue {
    pub fn get(&self, id: FileId) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id == id)
    }

    fn get_mut(&mut self, id: FileId) -> Option<&mut Entry> {
        self.entries.iter_mut().find(|e| e.id == id)
    }

    /// Queue files (each becomes its own upload); returns those that can be uploaded. An
    /// empty file is refused at once; the others are looked up for an earlier upload.
    pub fn add(&mut self, files: Vec<NewFile>, online: bool, ctx: &Ctx, out: &mut Out) -> Vec<FileId> {
        let mut added = Vec::new();
        for f in files {
            let progress = Progress { loaded: 0, total: f.size, bytes_per_second: 0.0, eta_seconds: None };
            self.entries.push(Entry {
                id: f.id,
                file: SameFile { name: f.name.clone(), size: f.size, last_modified_ms: f.last_modified_ms },
                item: Item::new(f.size, online),
                details: Details::new(&f.name),
                saved: None,
                notice: None,
                warnings: Vec::new(),
                shown: progress,
                pace: ProgressPace::default(),
            });
            if f.size == 0 {
                let e = UploadError::new(ErrorCode::InvalidFile, ErrorText::EmptyFile { name: f.name });
                self.input(f.id, Input::Rejected(e), ctx, out);
                continue;
            }
            added.push(f.id);
            out.fx.push(PageEffect::LookForSaved(f.id));
        }
        // Before anything starts: a copy of a file already here waits for the teacher.
        self.recheck_duplicates(ctx, out);
        added
    }

    /// Feed one input to the file's machine and turn its effects into the page's.
    pub fn input(&mut self, id: FileId, input: Input, ctx: &Ctx, out: &mut Out) {
        let Some(entry) = self.get_mut(id) else { return };
        for effect in entry.item.apply(input) {
            self.perform(id, effect, ctx, out);
        }
    }

    /// An earlier upload of the file, offered if it was saved for where this one would go.
    pub fn saved_found(&mut self, id: FileId, saved: Box<SavedUpload>, ctx: &Ctx, out: &mut Out) {
        let Some(entry) = self.get(id) else { return };
        let Some(plan) = ctx.planning.plan(id, &entry.details) else { return };
        if saved.identity.destination == plan.destination() {
            self.input(id, Input::SavedFound(saved), ctx, out);
        }
    }

    pub fn edit(&mut self, id: FileId, edit: Edit, lang: Lang, out: &mut Out) {
        let Some(entry) = self.get_mut(id) else {
            // The card went meanwhile: a file handed over with the edit is not needed.
            if let Edit::Secondary(Some(f)) | Edit::AddCaption(f) = edit {
                out.fx.push(PageEffect::Release(vec![f.id]));
            }
            return;
        };
        let released = entry.details.edit(edit, lang);
        if !released.is_empty() {
            out.fx.push(PageEffect::Release(released));
        }
    }

    /// The file's progress timer is up: show what was held, if the file still runs.
    pub fn progress_due(&mut self, id: FileId, now_ms: f64, out: &mut Out) {
        let Some(entry) = self.get_mut(id) else { return };
        let held = entry.pace.flush(now_ms);
        // Not after the file left its run (complete, failed, cancelled).
        if let (Some(p), true) = (held, entry.item.state().is_running()) {
            entry.shown = p.clone();
            out.fire(HostEvent::Progress { file: id, progress: p });
        }
    }

    /// Tell each file whether the same file is ahead of it, holding its place, where that
    /// changed (the machine decides what it means).
    pub fn recheck_duplicates(&mut self, ctx: &Ctx, out: &mut Out) {
        let places: Vec<(SameFile, bool)> =
            self.entries.iter().map(|e| (e.file.clone(), e.item.state().holds_place())).collect();
        let changed: Vec<(FileId, bool)> = self
            .entries
            .iter()
            .zip(duplicates(&places))
            .filter(|(e, duplicate)| *duplicate != (*e.item.state() == ItemState::Duplicate))
            .map(|(e, duplicate)| (e.id, duplicate))
            .collect();
        for (id, duplicate) in changed {
            self.input(id, Input::Duplicate(duplicate), ctx, out);
        }
    }

    fn perform(&mut self, id: FileId, effect: Effect, ctx: &Ctx, out: &mut Out) {
        let Some(entry) = self.get_mut(id) else { return };
        match effect {
            Effect::StateChanged => {
                out.fire(HostEvent::StateChange { file: id, state: entry.item.state().name() });
                // A file that stopped holding its place (failed, cancelled) frees its copies.
                self.recheck_duplicates(ctx, out);
            }
            Effect::UploadStarted => out.fire(HostEvent::UploadStart { file: id }),
            Effect::Progress(p) => match entry.pace.offer(p, ctx.now_ms) {
                Pace::Now(p) => {
                    entry.shown = p.clone();
                    out.fire(HostEvent::Progress { file: id, progress: p });
                }
                Pace::Later(Some(ms)) => out.fx.push(PageEffect::ProgressTimer(id, ms)),
                Pace::Later(None) => {}
            },
            Effect::Completed(outcome) => out.fire(HostEvent::UploadComplete { file: id, outcome }),
            Effect::Error(error) => out.fire(HostEvent::UploadError { file: Some(id), error }),
            Effect::Announce(what) => out.said = Some(Said::File { name: entry.file.name.clone(), what }),
            Effect::StartRun(from) => self.start_run(id, from, ctx, out),
            Effect::PauseRun => out.fx.push(PageEffect::Steer(id, Steer::Pause)),
            Effect::ResumeRun => out.fx.push(PageEffect::Steer(id, Steer::Resume)),
            Effect::CancelRun => out.fx.push(PageEffect::Steer(id, Steer::Cancel)),
            Effect::AdoptSaved(saved) => {
                entry.details.title = saved.identity.title.clone();
                entry.details.description = saved.identity.description.clone().unwrap_or_default();
                entry.saved = Some(saved);
            }
            Effect::Save => out.fx.push(PageEffect::Checkpoint(id)),
            Effect::Notice(notice) => entry.notice = Some(notice),
            Effect::Warning(error) => {
                entry.warnings.push(error.clone());
                out.fire(HostEvent::UploadWarning { file: id, error });
            }
            Effect::KeepRecord => out.fx.push(PageEffect::Record(id, Fate::Keep)),
            Effect::ForgetRecord => out.fx.push(PageEffect::Record(id, Fate::Forget)),
            Effect::DiscardRecord => {
                // Without a plan there is nothing to undo with: what a record names lives on
                // the server it was made for, which the configuration no longer names.
                if let Some(plan) = ctx.planning.plan(id, &entry.details) {
                    let saved = entry.saved.take();
                    out.fx.push(PageEffect::Discard { file: id, plan, saved });
                }
            }
            Effect::Remove => {
                if let Some(at) = self.entries.iter().position(|e| e.id == id) {
                    let entry = self.entries.remove(at);
                    out.fx.push(PageEffect::Release(entry.files()));
                }
                self.recheck_duplicates(ctx, out);
            }
        }
    }

    fn start_run(&mut self, id: FileId, from: RunFrom, ctx: &Ctx, out: &mut Out) {
        let Some(entry) = self.get_mut(id) else { return };
        // A new run: what the last one could not bring along is its own story.
        entry.warnings.clear();
        let Some(plan) = ctx.planning.plan(id, &entry.details) else {
            // Started without the start checks ("Upload again" on a duplicate).
            let problems = ctx.planning.config.problems.clone();
            let text =
                if problems.is_empty() { ErrorText::ChooseFolderFirst } else { ErrorText::NotConfigured(problems) };
            let e = UploadError::new(ErrorCode::InvalidConfig, text);
            return self.input(id, Input::Finished(Err(e)), ctx, out);
        };
        let restore = match (from, entry.saved.take()) {
            (RunFrom::Copy, _) => Restore::Copy,
            (RunFrom::Fresh, _) => Restore::Never,
            (RunFrom::Saved, Some(saved)) => Restore::From(saved),
            (RunFrom::Saved, None) => Restore::Lookup,
        };
        out.fx.push(PageEffect::StartRun { file: id, plan, restore });
    }
}
