//! The folder tree: the default one (`seed.rs`) or --folders-file (`file.rs`), plus every
//! --folder GUID, checked as a whole (`tree.rs`) before the emulator starts listening.

pub mod file;
pub mod seed;
pub mod tree;

use crate::config::Config;
use tree::{Folder, Tree};

/// The tree the emulator serves; the error names the flag at fault.
pub fn build(cfg: &Config) -> Result<Tree, String> {
    let (mut folders, source) = match &cfg.folders_file {
        Some(path) => {
            let source = format!("--folders-file {}", path.display());
            (file::load(path).map_err(|e| format!("{source}: {e}"))?, source)
        }
        None => (seed::default_tree(), "the default folder tree".to_string()),
    };
    for id in &cfg.folders {
        if id.is_nil() {
            return Err("--folder 00000000-0000-0000-0000-000000000000 is the top level, not a folder".into());
        }
        match folders.iter_mut().find(|f| f.id == *id) {
            // A folder named on the command line is one the user wants to upload to.
            Some(f) => f.can_create = true,
            None => folders.push(Folder { id: *id, name: format!("Folder {id}"), parent: None, can_create: true }),
        }
    }
    Tree::new(folders).map_err(|e| format!("{source}: {e}"))
}

/// Start-up lines: how many folders, and where the creatable ones a client is likely to want are.
pub fn describe(tree: &Tree, cfg: &Config) -> Vec<String> {
    let source = match &cfg.folders_file {
        Some(p) => format!("from {}", p.display()),
        None => "default tree".to_string(),
    };
    let locked = tree.all().iter().filter(|f| !f.can_create).count();
    let mut out = vec![format!("folders: {} ({source}; {locked} without create permission)", tree.all().len())];
    let default = uuid::Uuid::parse_str(crate::config::DEFAULT_FOLDER).ok();
    let mut shown = Vec::new();
    for id in default.iter().chain(cfg.folders.iter()) {
        if shown.contains(id) {
            continue;
        }
        shown.push(*id);
        let path = tree.path(id);
        if !path.is_empty() {
            let names: Vec<&str> = path.iter().map(|f| f.name.as_str()).collect();
            out.push(format!("folder: {id} ({})", names.join(" / ")));
        }
    }
    out
}
