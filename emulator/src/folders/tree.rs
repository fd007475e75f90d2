//! The folder tree the REST API v1 browses and sessions are created in. Built once at start-up
//! and checked then (duplicate ids, unknown parents, cycles), so every query can rely on a tree.
//! The zero GUID stands for the top level, as on Panopto: it is no folder of its own.

use std::collections::{HashMap, HashSet};
use uuid::Uuid;

#[derive(Debug, Clone)]
pub struct Folder {
    pub id: Uuid,
    pub name: String,
    /// None: a top-level folder.
    pub parent: Option<Uuid>,
    /// Whether sessions (sessionUpload, StreamUpload) may be created in it.
    pub can_create: bool,
}

pub struct Tree {
    /// In the order given (the default tree's order, or the file's); listings sort on their own.
    folders: Vec<Folder>,
    by_id: HashMap<Uuid, usize>,
}

/// What creating a session in a folder meets.
pub enum CreateCheck<'a> {
    Allowed,
    Denied(&'a Folder),
    Unknown,
}

/// Panopto's wording for a folder the caller may not create sessions in (403).
pub fn denied_message(f: &Folder) -> String {
    format!("You do not have permission to create sessions in the folder '{}'.", f.name)
}

fn label(f: &Folder) -> String {
    format!("{} ('{}')", f.id, f.name)
}

impl Tree {
    pub fn new(folders: Vec<Folder>) -> Result<Tree, String> {
        let mut by_id = HashMap::new();
        for (i, f) in folders.iter().enumerate() {
            if f.id.is_nil() {
                return Err(format!(
                    "folder '{}' has the zero GUID as Id; it stands for the top level and cannot be a folder",
                    f.name
                ));
            }
            if let Some(j) = by_id.insert(f.id, i) {
                return Err(format!("folder id {} is used twice ('{}' and '{}')", f.id, folders[j].name, f.name));
            }
        }
        for f in &folders {
            if let Some(p) = f.parent {
                if !by_id.contains_key(&p) {
                    return Err(format!("folder {} has ParentId {p}, which is no folder in the tree", label(f)));
                }
            }
        }
        // Every parent exists, so walking up either reaches the top or comes back round.
        for f in &folders {
            let mut seen = HashSet::from([f.id]);
            let mut chain = vec![label(f)];
            let mut cur = f.parent;
            while let Some(p) = cur {
                let pf = &folders[by_id[&p]];
                chain.push(label(pf));
                if !seen.insert(p) {
                    return Err(format!("the folders' parents form a cycle: {}", chain.join(" -> ")));
                }
                cur = pf.parent;
            }
        }
        Ok(Tree { folders, by_id })
    }

    pub fn get(&self, id: &Uuid) -> Option<&Folder> {
        self.by_id.get(id).map(|i| &self.folders[*i])
    }

    pub fn all(&self) -> &[Folder] {
        &self.folders
    }

    /// The folders directly under `parent` (None: the top level), in tree order.
    pub fn children(&self, parent: Option<Uuid>) -> Vec<&Folder> {
        self.folders.iter().filter(|f| f.parent == parent).collect()
    }

    /// Folders whose name contains `query`, ignoring case.
    pub fn search(&self, query: &str) -> Vec<&Folder> {
        let q = query.to_lowercase();
        self.folders.iter().filter(|f| f.name.to_lowercase().contains(&q)).collect()
    }

    /// The folders from the top level down to `id` (inclusive); empty for an unknown id.
    pub fn path(&self, id: &Uuid) -> Vec<&Folder> {
        let mut out = Vec::new();
        let mut cur = self.get(id);
        while let Some(f) = cur {
            out.push(f);
            cur = f.parent.and_then(|p| self.get(&p));
        }
        out.reverse();
        out
    }

    pub fn may_create(&self, id: &Uuid) -> CreateCheck<'_> {
        match self.get(id) {
            Some(f) if f.can_create => CreateCheck::Allowed,
            Some(f) => CreateCheck::Denied(f),
            None => CreateCheck::Unknown,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(id: u128, parent: Option<u128>) -> Folder {
        Folder {
            id: Uuid::from_u128(id),
            name: format!("F{id}"),
            parent: parent.map(Uuid::from_u128),
            can_create: true,
        }
    }

    #[test]
    fn structure_errors_are_named() {
        assert!(Tree::new(vec![f(1, None), f(2, Some(1)), f(3, Some(2))]).is_ok());
        let e = Tree::new(vec![f(1, None), f(1, None)]).err().unwrap();
        assert!(e.contains("used twice"), "{e}");
        let e = Tree::new(vec![f(1, Some(9))]).err().unwrap();
        assert!(e.contains("no folder in the tree"), "{e}");
        let e = Tree::new(vec![f(1, None), f(2, Some(3)), f(3, Some(2))]).err().unwrap();
        assert!(e.contains("cycle") && e.contains("'F2'") && e.contains("'F3'"), "{e}");
        let e = Tree::new(vec![f(4, Some(4))]).err().unwrap();
        assert!(e.contains("cycle"), "{e}");
        assert!(Tree::new(vec![f(0, None)]).err().unwrap().contains("zero GUID"));
    }

    #[test]
    fn queries() {
        let t = Tree::new(vec![f(1, None), f(2, Some(1)), f(3, Some(2)), f(12, None)]).unwrap();
        assert_eq!(t.children(None).len(), 2);
        assert_eq!(t.path(&Uuid::from_u128(3)).iter().map(|f| f.name.as_str()).collect::<Vec<_>>(), ["F1", "F2", "F3"]);
        assert_eq!(t.search("f1").len(), 2);
        assert!(matches!(t.may_create(&Uuid::from_u128(99)), CreateCheck::Unknown));
    }
}
