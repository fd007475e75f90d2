//! The structure rules of the developers' guide, checked on every test run so they hold
//! from now on: no source or test file over 400 lines (in `src/`, `emulator/src/`, `tests/`
//! and `emulator/tests/`), the layers in their order (core → text → engine → item → page →
//! browser and ui → element: nothing names a layer above its own), no file that imports
//! from a file that imports it (directly or through others), no `too_many_arguments`
//! allowance anywhere, and no error code compared as a string.
//!
//! "Imports" means the paths a file names: its `use` items (a `pub use` re-export counts:
//! whoever imports the re-export depends on the file that makes it) and any
//! `crate::`/`super::`/`self::` path in its code, resolved to the file that defines the
//! module. Test modules at the end of a file (`#[cfg(test)] mod tests`) are left out: they
//! may look at their own file's internals.
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/rust_source.rs"]
mod rust_source;

use rust_source::{code_of, referenced_paths};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const MAX_LINES: usize = 400;

/// The crate's layers, lowest first. A file may name its own layer's modules and those of
/// the layers below; `browser` and `ui` share a level and may not name each other (the
/// element joins them). A new top-level module must be placed here.
const LAYERS: &[(&str, u8)] =
    &[("core", 0), ("text", 1), ("engine", 2), ("item", 3), ("page", 4), ("browser", 5), ("ui", 5), ("element", 6)];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
}

/// `src/a/b.rs` → `["a", "b"]`; `src/a/mod.rs` → `["a"]`; `src/lib.rs` → `[]`.
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib" | "main")) {
        parts.pop();
    }
    parts
}

struct Tree {
    files: Vec<(PathBuf, Vec<String>)>,
}

impl Tree {
    fn load(src: &Path) -> Tree {
        let mut files = Vec::new();
        rust_files(src, &mut files);
        Tree { files: files.into_iter().map(|f| (f.clone(), module_of(src, &f))).collect() }
    }

    /// The file defining the longest module prefix of `path`.
    fn file_of(&self, path: &[String]) -> Option<usize> {
        (0..=path.len()).rev().find_map(|n| self.files.iter().position(|(_, m)| m.as_slice() == &path[..n]))
    }

    fn edges(&self) -> Vec<BTreeSet<usize>> {
        let is_module = |m: &[String]| self.files.iter().any(|(_, f)| f.as_slice() == m);
        self.files
            .iter()
            .enumerate()
            .map(|(i, (file, module))| {
                let code = code_of(&std::fs::read_to_string(file).unwrap());
                referenced_paths(&code, module, &is_module)
                    .iter()
                    .filter_map(|p| self.file_of(p))
                    // The root only declares modules; a path that resolves to it names nothing.
                    .filter(|j| *j != i && !self.files[*j].1.is_empty())
                    .collect()
            })
            .collect()
    }

    fn name(&self, i: usize) -> String {
        let file = &self.files[i].0;
        file.strip_prefix(root()).unwrap_or(file).display().to_string()
    }

    /// Every file that names a module of a layer above its own (or of its sibling layer),
    /// with what it names; and every top-level module that is in no layer.
    fn layer_violations(&self) -> Vec<String> {
        let layer = |i: usize| {
            let top = self.files[i].1.first()?;
            Some(
                LAYERS
                    .iter()
                    .find(|(name, _)| name == top)
                    .map_or((top.clone(), None), |(n, l)| (n.to_string(), Some(*l))),
            )
        };
        let mut found = BTreeSet::new();
        for (i, targets) in self.edges().into_iter().enumerate() {
            let Some((from, from_level)) = layer(i) else { continue };
            let Some(from_level) = from_level else {
                found.insert(format!("{}: module `{from}` is in no layer (add it to LAYERS)", self.name(i)));
                continue;
            };
            for j in targets {
                let Some((to, Some(to_level))) = layer(j) else { continue };
                if to_level > from_level || (to_level == from_level && to != from) {
                    found.insert(format!("{} ({from}) names {} ({to})", self.name(i), self.name(j)));
                }
            }
        }
        found.into_iter().collect()
    }

    /// Groups of files that import each other, directly or through others.
    fn cycles(&self) -> Vec<Vec<String>> {
        let mut t = Tarjan::new(self.edges());
        for v in 0..self.files.len() {
            if t.index[v] == usize::MAX {
                t.visit(v);
            }
        }
        t.components
            .into_iter()
            .map(|scc| {
                let mut names: Vec<String> = scc.into_iter().map(|i| self.name(i)).collect();
                names.sort();
                names
            })
            .collect()
    }
}

/// Tarjan's strongly connected components; only components of several files are kept.
struct Tarjan {
    edges: Vec<BTreeSet<usize>>,
    index: Vec<usize>,
    low: Vec<usize>,
    on_stack: Vec<bool>,
    stack: Vec<usize>,
    next: usize,
    components: Vec<Vec<usize>>,
}

impl Tarjan {
    fn new(edges: Vec<BTreeSet<usize>>) -> Self {
        let n = edges.len();
        Tarjan {
            edges,
            index: vec![usize::MAX; n],
            low: vec![0; n],
            on_stack: vec![false; n],
            stack: Vec::new(),
            next: 0,
            components: Vec::new(),
        }
    }

    fn visit(&mut self, v: usize) {
        self.index[v] = self.next;
        self.low[v] = self.next;
        self.next += 1;
        self.stack.push(v);
        self.on_stack[v] = true;
        for w in self.edges[v].clone() {
            if self.index[w] == usize::MAX {
                self.visit(w);
                self.low[v] = self.low[v].min(self.low[w]);
            } else if self.on_stack[w] {
                self.low[v] = self.low[v].min(self.index[w]);
            }
        }
        if self.low[v] == self.index[v] {
            let mut scc = Vec::new();
            while let Some(w) = self.stack.pop() {
                self.on_stack[w] = false;
                scc.push(w);
                if w == v {
                    break;
                }
            }
            if scc.len() > 1 {
                self.components.push(scc);
            }
        }
    }
}

#[test]
fn no_file_imports_from_a_file_that_imports_it() {
    for dir in ["src", "emulator/src"] {
        let cycles = Tree::load(&root().join(dir)).cycles();
        assert!(cycles.is_empty(), "import cycles between files under {dir}/:\n{cycles:#?}");
    }
}

#[test]
fn each_layer_names_only_itself_and_the_layers_below() {
    let violations = Tree::load(&root().join("src")).layer_violations();
    assert!(violations.is_empty(), "files naming a layer above their own:\n{violations:#?}");
}

/// Every Rust file of the workspace: the sources and the tests.
fn workspace_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in ["src", "emulator/src", "tests", "emulator/tests"] {
        rust_files(&root().join(dir), &mut files);
    }
    files
}

/// A file's path for messages: relative to `base`.
fn shown(f: &Path, base: &Path) -> String {
    f.strip_prefix(base).unwrap_or(f).display().to_string()
}

/// The files over [`MAX_LINES`], with their length.
fn long_files(files: &[PathBuf], base: &Path) -> Vec<String> {
    files
        .iter()
        .filter_map(|f| {
            let lines = std::fs::read_to_string(f).unwrap().lines().count();
            (lines > MAX_LINES).then(|| format!("{} ({lines} lines)", shown(f, base)))
        })
        .collect()
}

/// `too_many_arguments` allowances, and error codes compared as strings.
fn forbidden_code(files: &[PathBuf], base: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for f in files {
        let code = code_of(&std::fs::read_to_string(f).unwrap());
        let name = shown(f, base);
        if code.contains("too_many_arguments") {
            found.push(format!("{name}: too_many_arguments"));
        }
        // Error codes are `ErrorCode` values; a literal stands for them only in the one
        // table that maps them to their public strings (`as_str`), which the literals of
        // `code_of` hide anyway. What must not appear: comparing a `.code` with a string.
        for pattern in
            [".code == \"\"", ".code != \"\"", "code.as_str() ==", "matches!(code.as_str()", "\"\" == e.code"]
        {
            if code.contains(pattern) {
                found.push(format!("{name}: `{pattern}`"));
            }
        }
    }
    found
}

#[test]
fn no_source_or_test_file_is_over_400_lines() {
    let long = long_files(&workspace_files(), &root());
    assert!(long.is_empty(), "files over {MAX_LINES} lines: {long:?}");
}

#[test]
fn no_argument_count_allowance_and_no_error_code_compared_as_a_string() {
    let found = forbidden_code(&workspace_files(), &root());
    assert!(found.is_empty(), "{found:#?}");
}

/// A scratch directory holding `files` (path, text), removed when dropped.
struct Planted(PathBuf);

impl Planted {
    fn new(name: &str, files: &[(&str, &str)]) -> Planted {
        let dir = std::env::temp_dir().join(format!("pu-arch-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for (path, text) in files {
            let path = dir.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        Planted(dir)
    }
}

impl Drop for Planted {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn the_layer_rule_fails_on_a_planted_violation() {
    let lib = "pub mod core;\npub mod engine;\npub mod item;\npub mod ui;\npub mod browser;\npub mod extra;\n";
    let tree = Planted::new(
        "layers",
        &[
            ("lib.rs", lib),
            ("core/mod.rs", "pub struct Key;\n"),
            ("engine/mod.rs", "use crate::core::Key;\npub struct Run(Key);\n"),
            // The planted violation: the item names the UI (as it once named ui::i18n).
            ("item/mod.rs", "pub fn say() -> String { crate::ui::words() }\n"),
            ("ui/mod.rs", "pub fn words() -> String { String::new() }\npub use crate::item::say;\n"),
            // Siblings: the browser may not name the UI.
            ("browser/mod.rs", "use crate::ui::words;\n"),
            ("extra/mod.rs", "use crate::core::Key;\n"),
        ],
    );
    let found = Tree::load(&tree.0).layer_violations();
    let found: Vec<String> = found.iter().map(|f| f.replace(&tree.0.display().to_string(), "")).collect();
    assert_eq!(found.len(), 3, "{found:#?}");
    assert!(found.iter().any(|f| f.starts_with("/item/mod.rs (item) names /ui/mod.rs (ui)")), "{found:#?}");
    assert!(found.iter().any(|f| f.starts_with("/browser/mod.rs (browser) names /ui/mod.rs")), "{found:#?}");
    assert!(found.iter().any(|f| f.contains("module `extra` is in no layer")), "{found:#?}");
}

#[test]
fn the_file_rules_fail_on_planted_violations() {
    let long = "// a line\n".repeat(MAX_LINES + 1);
    let tree = Planted::new(
        "files",
        &[
            ("tests/support/long.rs", long.as_str()),
            ("tests/allowed.rs", "#[allow(clippy::too_many_arguments)]\nfn f() {}\n"),
            ("emulator/tests/fine.rs", "// \"too_many_arguments\" in a comment is no allowance\nfn g() {}\n"),
        ],
    );
    let mut files = Vec::new();
    rust_files(&tree.0, &mut files);
    assert_eq!(long_files(&files, &tree.0), ["tests/support/long.rs (401 lines)"]);
    assert_eq!(forbidden_code(&files, &tree.0), ["tests/allowed.rs: too_many_arguments"]);
}

#[test]
fn the_checker_sees_a_cycle_and_a_string_comparison() {
    // The checks above are only worth something if they can fail: a tiny tree with a
    // re-export cycle, parsed the same way.
    let dir = std::env::temp_dir().join(format!("pu-arch-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("a")).unwrap();
    std::fs::write(dir.join("lib.rs"), "pub mod a;\n").unwrap();
    std::fs::write(dir.join("a/mod.rs"), "pub mod b;\npub use b::B;\npub struct A;\n").unwrap();
    std::fs::write(dir.join("a/b.rs"), "use super::A; // the cycle\npub struct B(A);\n").unwrap();
    std::fs::write(dir.join("a/c.rs"), "pub fn f() -> crate::a::b::B { todo!() }\n").unwrap();
    let tree = Tree::load(&dir);
    let cycles = tree.cycles();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(cycles.len(), 1, "{cycles:?}");
    assert_eq!(cycles[0].len(), 2);
    assert!(code_of("if e.code == \"not-found\" {}").contains(".code == \"\""));
    assert!(!code_of("// e.code == \"x\"\nlet s = \"e.code == 1\";").contains(".code =="));
}
