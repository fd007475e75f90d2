//! Uploads left unfinished, and the file handles kept beside their records: the lookup as
//! the page starts, reading a kept file again ("Continue uploading"), and keeping or
//! forgetting a handle as its record is written or deleted.
//!
//! A handle lives as long as its record: kept at the record's first write (not when the
//! file is added: a file never uploaded leaves nothing behind), forgotten when the record
//! is deleted (complete, cancelled, discarded), and, as the page starts, dropped if its
//! record is gone. (A tab starting at the very moment another writes a new record's handle
//! and record may drop that handle: that upload then asks for its file again.)

use super::Executor;
use crate::engine::fingerprint::fingerprint;
use crate::engine::saved_upload;
use crate::engine::tab_lock::lock_name;
use crate::page::signals::{FileId, PageInput};
use crate::page::unfinished::{Leftover, Reopen};
use std::rc::Rc;

impl Executor {
    /// Find the uploads the store holds that no tab is carrying on (another tab uploading
    /// a file holds its lock: that upload is not unfinished but live).
    pub(super) fn look_for_unfinished(self: &Rc<Self>) {
        self.spawn(|me| async move {
            let (store, locks, shell) = (me.ports.store.as_ref(), me.ports.locks.as_ref(), me.ports.shell.as_ref());
            let now = me.ports.clock.now_ms();
            let kept = shell.kept_handles().await;
            let busy = locks.busy().await;
            let (mut found, mut keys) = (Vec::new(), Vec::new());
            // The purge and the list in one pass over the records.
            me.runs.purged.set(true);
            saved_upload::sweep(store, now, |key, saved| {
                keys.push(key.to_string());
                if !busy.contains(&lock_name(&saved.fingerprint)) {
                    found.push(Leftover {
                        kept: kept.iter().any(|k| k == key),
                        name: saved.fingerprint.name.clone(),
                        percent: saved.percent_done(),
                        destination: saved.identity.destination.clone(),
                        attached: saved.identity.files.len() > 1,
                        key: key.to_string(),
                    });
                }
            })
            .await;
            // A handle whose record is gone (expired, or deleted by a tab that closed before
            // it forgot the handle) leads nowhere.
            for key in kept.iter().filter(|k| !keys.contains(k)) {
                shell.forget_handle(key).await;
            }
            me.input(PageInput::UnfinishedFound(found));
        });
    }

    /// Read the kept file again; only the same file (its fingerprint is the record's key)
    /// is handed to the page. A moved or changed file's handle is forgotten: it can only
    /// lead there again. A denied one is kept: the next click may be allowed.
    pub(super) fn reopen(self: &Rc<Self>, key: String) {
        self.spawn(move |me| async move {
            let shell = me.ports.shell.as_ref();
            let result = match shell.reopen(&key).await {
                Ok(file) => {
                    let read = match shell.file(file.id) {
                        Some(source) => fingerprint(source.as_ref()).await.ok(),
                        None => None,
                    };
                    match read {
                        Some(fp) if fp.key() == key => {
                            me.runs.with(file.id, |r| r.fingerprint = Some(fp));
                            Ok(file)
                        }
                        _ => {
                            shell.release(&[file.id]);
                            Err(Reopen::Changed)
                        }
                    }
                }
                Err(why) => Err(why),
            };
            if matches!(result, Err(Reopen::Moved | Reopen::Changed)) {
                shell.forget_handle(&key).await;
            }
            me.input(PageInput::Reopened(key, result));
        });
    }

    /// The file's record is being written: keep its handle beside it (once per file).
    pub(super) fn keep_handle(self: &Rc<Self>, file: FileId) {
        let key = self.runs.with(file, |r| match (&r.saver, r.handle_kept) {
            (Some(saver), false) => {
                let key = saver.key();
                r.handle_kept = key.is_some();
                key
            }
            _ => None,
        });
        if let Some(key) = key {
            self.spawn(move |me| async move { me.ports.shell.keep_handle(file, &key).await });
        }
    }
}
