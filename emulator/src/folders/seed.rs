//! The default folder tree: a university's faculties, departments and courses, each course with
//! "Lectures" and "Labs", plus an "Archive" branch of past years where nobody may create sessions.
//! Fixed names and ids (derived from each folder's path), so clients and tests can rely on them
//! across runs. The default folder, where the tests and the demo upload, is CS 101's "Lectures".
//! Computer Science has more courses than one page of API v1 results, so paging gets exercised.

use super::tree::Folder;
use crate::config::DEFAULT_FOLDER;
use sha2::{Digest, Sha256};
use uuid::Uuid;

type Department = (&'static str, &'static [&'static str]);

const FACULTIES: &[(&str, &[Department])] = &[
    (
        "Faculty of Science",
        &[
            ("Physics", &["PHYS 101 Classical Mechanics", "PHYS 205 Electromagnetism"]),
            ("Chemistry", &["CHEM 101 General Chemistry", "CHEM 210 Organic Chemistry"]),
            ("Mathematics", &["MATH 101 Calculus I", "MATH 220 Linear Algebra"]),
        ],
    ),
    (
        "Faculty of Engineering",
        &[
            (
                "Computer Science",
                &[
                    "CS 101 Introduction to Programming",
                    "CS 102 Data Structures",
                    "CS 201 Algorithms",
                    "CS 202 Computer Architecture",
                    "CS 210 Discrete Mathematics",
                    "CS 220 Databases",
                    "CS 230 Operating Systems",
                    "CS 240 Computer Networks",
                    "CS 310 Compilers",
                    "CS 320 Machine Learning",
                    "CS 330 Computer Graphics",
                    "CS 340 Distributed Systems",
                ],
            ),
            ("Electrical Engineering", &["EE 101 Circuits", "EE 230 Signals and Systems"]),
        ],
    ),
    (
        "Faculty of Arts and Humanities",
        &[
            ("History", &["HIST 110 World History", "HIST 240 Medieval Europe"]),
            ("Philosophy", &["PHIL 100 Introduction to Philosophy", "PHIL 215 Ethics"]),
        ],
    ),
    ("Faculty of Medicine", &[("Anatomy", &["ANAT 101 Human Anatomy", "ANAT 202 Neuroanatomy"])]),
];

/// Archive years and their courses; the whole branch is read-only.
const ARCHIVE: &[(&str, &[&str])] = &[
    ("2022-23", &["CS 101 Introduction to Programming", "PHYS 101 Classical Mechanics"]),
    ("2023-24", &["CS 101 Introduction to Programming", "HIST 110 World History"]),
];

const COURSE_PARTS: [&str; 2] = ["Lectures", "Labs"];

/// The path of CS 101's "Lectures", which gets the fixed DEFAULT_FOLDER id.
const DEFAULT_PATH: [&str; 4] =
    ["Faculty of Engineering", "Computer Science", "CS 101 Introduction to Programming", "Lectures"];

/// A stable GUID from a folder's path (SHA-256, shaped as a version-4 GUID).
fn id_for(path: &[&str]) -> Uuid {
    let digest = Sha256::digest(format!("panopto-emulator default folder tree/{}", path.join("/")).as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_random_bytes(bytes).into_uuid()
}

struct Builder {
    out: Vec<Folder>,
}

impl Builder {
    fn add(&mut self, path: &[&str], parent: Option<Uuid>, can_create: bool) -> Uuid {
        let id = if *path == DEFAULT_PATH {
            Uuid::parse_str(DEFAULT_FOLDER).unwrap_or_else(|_| id_for(path))
        } else {
            id_for(path)
        };
        let name = path.last().copied().unwrap_or_default().to_string();
        self.out.push(Folder { id, name, parent, can_create });
        id
    }

    fn course(&mut self, path: &[&str], parent: Uuid, can_create: bool, parts: &[&str]) {
        let id = self.add(path, Some(parent), can_create);
        for part in parts {
            let p: Vec<&str> = path.iter().copied().chain([*part]).collect();
            self.add(&p, Some(id), can_create);
        }
    }
}

/// The default tree, parents before children.
pub fn default_tree() -> Vec<Folder> {
    let mut b = Builder { out: Vec::new() };
    for (faculty, departments) in FACULTIES {
        let f = b.add(&[faculty], None, true);
        for (department, courses) in *departments {
            let d = b.add(&[faculty, department], Some(f), true);
            for course in *courses {
                b.course(&[faculty, department, course], d, true, &COURSE_PARTS);
            }
        }
    }
    let archive = b.add(&["Archive"], None, false);
    for (year, courses) in ARCHIVE {
        let y = b.add(&["Archive", year], Some(archive), false);
        for course in *courses {
            b.course(&["Archive", year, course], y, false, &COURSE_PARTS[..1]);
        }
    }
    b.out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::folders::tree::Tree;

    #[test]
    fn the_default_tree_is_valid_and_holds_the_default_folder() {
        let folders = default_tree();
        assert_eq!(folders.len(), 101);
        let t = Tree::new(folders).unwrap();
        let id = Uuid::parse_str(DEFAULT_FOLDER).unwrap();
        let names: Vec<&str> = t.path(&id).iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, DEFAULT_PATH);
        assert!(t.get(&id).unwrap().can_create);
        let cs = t.path(&id)[1].id;
        assert_eq!(t.children(Some(cs)).len(), 12);
        assert!(t.all().iter().filter(|f| !f.can_create).all(|f| t.path(&f.id)[0].name == "Archive"));
        assert_eq!(t.all().iter().filter(|f| !f.can_create).count(), 11);
        // Ids do not change between runs.
        assert_eq!(id_for(&["Archive"]), id_for(&["Archive"]));
        assert_ne!(id_for(&["Archive"]), id_for(&["Archive", "2022-23"]));
    }
}
