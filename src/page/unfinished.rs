//! Uploads left unfinished by a reload, a crash or a closed laptop, shown before any file is
//! picked: "Continue uploading Week 3.mp4 (62 %)" where the browser kept the file's handle
//! (Chromium desktop: one click asks for read permission and reads the file again), or
//! "choose it again" everywhere else (Firefox and WebKit keep no handles; an iframe from
//! another site, a denied permission, a moved or changed file cannot use one).
//!
//! The lines come from the saved records (`engine/saved_upload.rs`), found once as the page
//! starts; a line goes when its upload is continued, when its file is picked again (the
//! card offers the resume then), or when its record is discarded. Only records saved for
//! where this page uploads are shown: a record is continued only to the place it was for.

use super::common::{FileId, NewFile};

/// An unfinished upload the store holds, as the executor found it.
#[derive(Clone, Debug, PartialEq)]
pub struct Leftover {
    /// The record's key (the file's fingerprint).
    pub key: String,
    pub name: String,
    pub percent: u32,
    /// Where it was going (`RunPlan::destination`).
    pub destination: String,
    /// The upload had more files than the recording (a second video, captions): those are
    /// picked again with it, so one click cannot continue it.
    pub attached: bool,
    /// The browser kept the file's handle.
    pub kept: bool,
}

/// Why a kept handle did not give the file back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reopen {
    /// The teacher (or the browser: no gesture, an iframe of another site) did not allow
    /// reading it.
    Denied,
    /// The file is no longer where it was (moved, renamed, deleted).
    Moved,
    /// It is there but not the same file (size, date or the hash of its ends differ).
    Changed,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Waiting,
    /// Asking for permission and reading the file.
    Opening,
    Failed(Reopen),
}

/// One line, as the view shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct UnfinishedView {
    pub key: String,
    pub name: String,
    pub percent: u32,
    /// One click continues it (its handle was kept, nothing failed yet).
    pub can_continue: bool,
    pub status: Status,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Unfinished {
    lines: Vec<(Leftover, Status)>,
    /// Files reopened from a handle, continued as soon as their saved upload is found.
    continuing: Vec<FileId>,
}

impl Unfinished {
    /// What the store held as the page started.
    pub fn found(&mut self, leftovers: Vec<Leftover>) {
        self.lines = leftovers.into_iter().map(|l| (l, Status::Waiting)).collect();
    }

    /// "Continue uploading": whether to read the file again from its handle (once, in the
    /// click's turn: the permission prompt needs the teacher's gesture).
    pub fn continue_upload(&mut self, key: &str) -> bool {
        let line = self.lines.iter_mut().find(|(l, _)| l.key == key);
        match line {
            Some((l, status)) if l.kept && !l.attached && *status == Status::Waiting => {
                *status = Status::Opening;
                true
            }
            _ => false,
        }
    }

    /// The handle gave the file back (the same file: the executor compared its
    /// fingerprint), or why not. Returns the file, to be queued and continued.
    pub fn reopened(&mut self, key: &str, result: Result<NewFile, Reopen>) -> Option<NewFile> {
        match result {
            Ok(file) => {
                self.taken(key);
                self.continuing.push(file.id);
                Some(file)
            }
            Err(why) => {
                if let Some((_, status)) = self.lines.iter_mut().find(|(l, _)| l.key == key) {
                    *status = Status::Failed(why);
                }
                None
            }
        }
    }

    /// The upload saved under `key` is in the queue now (its file picked again, or
    /// continued), or was discarded: its line goes.
    pub fn taken(&mut self, key: &str) {
        self.lines.retain(|(l, _)| l.key != key);
    }

    /// Whether `file` was reopened to be continued (once: the answer is taken).
    pub fn take_continuing(&mut self, file: FileId) -> bool {
        let before = self.continuing.len();
        self.continuing.retain(|f| *f != file);
        self.continuing.len() != before
    }

    /// The lines for uploads to `destination` (none while the page has no place).
    pub fn view(&self, destination: Option<&str>) -> Vec<UnfinishedView> {
        let Some(destination) = destination else { return Vec::new() };
        self.lines
            .iter()
            .filter(|(l, _)| l.destination == destination)
            .map(|(l, status)| UnfinishedView {
                key: l.key.clone(),
                name: l.name.clone(),
                percent: l.percent,
                can_continue: l.kept && !l.attached && !matches!(status, Status::Failed(_)),
                status: *status,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leftover(key: &str, kept: bool) -> Leftover {
        Leftover {
            key: key.into(),
            name: format!("{key}.mp4"),
            percent: 62,
            destination: "here".into(),
            attached: false,
            kept,
        }
    }

    fn file(id: FileId) -> NewFile {
        NewFile { id, name: "a.mp4".into(), size: 1, last_modified_ms: 0.0 }
    }

    #[test]
    fn continue_asks_once_and_only_with_a_handle() {
        let mut u = Unfinished::default();
        u.found(vec![leftover("a", true), leftover("b", false)]);
        assert!(u.continue_upload("a"));
        assert!(!u.continue_upload("a"), "once");
        assert!(!u.continue_upload("b"), "no handle");
        let v = u.view(Some("here"));
        assert_eq!((v[0].status, v[0].can_continue), (Status::Opening, true));
        assert_eq!((v[1].status, v[1].can_continue), (Status::Waiting, false));
    }

    #[test]
    fn a_failed_reopen_says_why_and_offers_picking_again() {
        let mut u = Unfinished::default();
        u.found(vec![leftover("a", true)]);
        u.continue_upload("a");
        assert_eq!(u.reopened("a", Err(Reopen::Changed)), None);
        let v = u.view(Some("here"));
        assert_eq!((v[0].status, v[0].can_continue), (Status::Failed(Reopen::Changed), false));
        assert!(!u.continue_upload("a"), "no second try of a handle that failed");
    }

    #[test]
    fn a_reopened_file_is_continued_once_and_its_line_goes() {
        let mut u = Unfinished::default();
        u.found(vec![leftover("a", true), leftover("b", true)]);
        assert_eq!(u.reopened("a", Ok(file(7))), Some(file(7)));
        assert_eq!(u.view(Some("here")).len(), 1);
        assert!(u.take_continuing(7));
        assert!(!u.take_continuing(7));
    }

    #[test]
    fn only_uploads_to_this_place_are_shown() {
        let mut u = Unfinished::default();
        let mut elsewhere = leftover("b", true);
        elsewhere.destination = "there".into();
        let mut with_captions = leftover("c", true);
        with_captions.attached = true;
        u.found(vec![leftover("a", true), elsewhere, with_captions]);
        assert!(u.view(None).is_empty());
        let v = u.view(Some("here"));
        assert_eq!(v.iter().map(|l| (l.key.as_str(), l.can_continue)).collect::<Vec<_>>(), [("a", true), ("c", false)]);
        u.taken("a");
        assert_eq!(u.view(Some("here")).len(), 1);
    }
}
