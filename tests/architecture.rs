//! The structure rules of the developers' guide, checked on every test run so they hold
//! from now on: no source file over 400 lines (in `src/` and `emulator/src/`), no file that
//! imports from a file that imports it (directly or through others), no
//! `too_many_arguments` allowance, and no error code compared as a string.
//!
//! "Imports" means the paths a file names: its `use` items (a `pub use` re-export counts:
//! whoever imports the re-export depends on the file that makes it) and any
//! `crate::`/`super::`/`self::` path in its code, resolved to the file that defines the
//! module. Test modules at the end of a file (`#[cfg(test)] mod tests`) are left out: they
//! may look at their own file's internals.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const MAX_LINES: usize = 400;

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

/// The code without comments, string and char literals, and the trailing test module.
fn code_of(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => text,
    };
    let b = text.as_bytes();
    let mut out = String::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                    i += 1;
                }
                i += 2;
            }
            b'r' if matches!(b.get(i + 1), Some(b'"' | b'#')) && (i == 0 || !is_ident(b[i - 1])) => {
                // Raw string r"…" / r#"…"#.
                let mut j = i + 1;
                let mut hashes = 0;
                while b.get(j) == Some(&b'#') {
                    hashes += 1;
                    j += 1;
                }
                if b.get(j) != Some(&b'"') {
                    out.push('r');
                    i += 1;
                    continue;
                }
                j += 1;
                let close: Vec<u8> = std::iter::once(b'"').chain(std::iter::repeat_n(b'#', hashes)).collect();
                while j < b.len() && !b[j..].starts_with(&close) {
                    j += 1;
                }
                i = j + close.len();
                out.push_str("\"\"");
            }
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
                out.push_str("\"\"");
            }
            b'\'' => {
                // A char literal ('a', '\n', '\u{1F393}') or a lifetime ('a).
                let lit = if b.get(i + 1) == Some(&b'\\') {
                    b[i + 2..].iter().position(|c| *c == b'\'').map(|p| i + 2 + p + 1)
                } else {
                    let len = text[i + 1..].chars().next().map_or(1, char::len_utf8);
                    (b.get(i + 1 + len) == Some(&b'\'')).then_some(i + 2 + len)
                };
                match lit {
                    Some(end) => {
                        out.push_str("' '");
                        i = end;
                    }
                    None => {
                        out.push('\'');
                        i += 1;
                    }
                }
            }
            c => {
                let len = text[i..].chars().next().map_or(1, char::len_utf8);
                if c.is_ascii() {
                    out.push(c as char);
                } else {
                    out.push_str(&text[i..i + len]);
                }
                i += len;
            }
        }
    }
    out
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// Expand a `use` tree (`a::{b, c::{d, self}}`, `x as y`) into `(full path, local name)`.
fn expand_use(tree: &str, prefix: &str, out: &mut Vec<(String, String)>) {
    let tree = tree.trim();
    if let Some(open) = tree.find('{') {
        let head = tree[..open].trim().trim_end_matches("::");
        let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
        let base = join(prefix, head);
        let mut depth = 0;
        let mut start = 0;
        for (i, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    expand_use(&inner[start..i], &base, out);
                    start = i + 1;
                }
                _ => {}
            }
        }
        expand_use(&inner[start..], &base, out);
    } else if !tree.is_empty() {
        let mut words = tree.split(" as ");
        let path = words.next().unwrap_or("").trim();
        let full = if path == "self" { prefix.to_string() } else { join(prefix, path) };
        let name = match words.next() {
            Some(alias) => alias.trim().to_string(),
            None => full.rsplit("::").next().unwrap_or("").to_string(),
        };
        out.push((full, name));
    }
}

fn join(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_string(),
        (_, true) => a.to_string(),
        _ => format!("{a}::{b}"),
    }
}

/// Every path a file names, as absolute module paths (the segments after `crate`):
/// `crate::`, `self::` and `super::` paths, paths relative to the file's own module
/// (`use child::X` in a module file), and paths through names its `use` items brought in.
fn referenced_paths(code: &str, module: &[String], is_module: &dyn Fn(&[String]) -> bool) -> Vec<Vec<String>> {
    let absolute = |path: &str| -> Option<Vec<String>> {
        let segs: Vec<String> = path.split("::").map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
        let first = segs.first()?;
        let mut base = match first.as_str() {
            "crate" => Vec::new(),
            "self" => module.to_vec(),
            "super" => module[..module.len().saturating_sub(1)].to_vec(),
            _ => {
                let mut child = module.to_vec();
                child.push(first.clone());
                if !is_module(&child) {
                    return None;
                }
                child.pop();
                let mut b = child;
                b.extend(segs.iter().cloned());
                return Some(b);
            }
        };
        let mut rest = &segs[1..];
        while rest.first().map(String::as_str) == Some("super") {
            base.pop();
            rest = &rest[1..];
        }
        base.extend(rest.iter().cloned());
        Some(base)
    };
    let mut paths = Vec::new();
    let mut aliases: BTreeMap<String, Vec<String>> = BTreeMap::new();
    // `use` items, wherever they are.
    let mut rest = code;
    while let Some(i) = rest.find("use ") {
        let before = rest[..i].chars().last();
        let after = &rest[i + 4..];
        rest = after;
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let Some(end) = after.find(';') else { break };
        let mut expanded = Vec::new();
        expand_use(&after[..end], "", &mut expanded);
        for (path, name) in expanded {
            if let Some(abs) = absolute(&path) {
                aliases.insert(name, abs.clone());
                paths.push(abs);
            }
        }
    }
    // Paths in code: `crate::a::b`, `super::x`, and `name::y` for names from `use`.
    let bytes = code.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if is_ident(bytes[i]) && (i == 0 || !(is_ident(bytes[i - 1]) || bytes[i - 1] == b':')) {
            let start = i;
            while i < bytes.len() && (is_ident(bytes[i]) || (bytes[i] == b':' && bytes.get(i + 1) == Some(&b':'))) {
                i += if bytes[i] == b':' { 2 } else { 1 };
            }
            let path = code[start..i].trim_end_matches("::");
            if !path.contains("::") {
                continue;
            }
            let first = path.split("::").next().unwrap_or("");
            if let Some(base) = aliases.get(first) {
                let mut abs = base.clone();
                abs.extend(path.split("::").skip(1).map(String::from));
                paths.push(abs);
            } else if let Some(abs) = absolute(path) {
                paths.push(abs);
            }
        } else {
            i += 1;
        }
    }
    paths
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

    /// Groups of files that import each other, directly or through others.
    fn cycles(&self) -> Vec<Vec<String>> {
        let mut t = Tarjan::new(self.edges());
        for v in 0..self.files.len() {
            if t.index[v] == usize::MAX {
                t.visit(v);
            }
        }
        let name = |i: usize| self.files[i].0.strip_prefix(root()).unwrap_or(&self.files[i].0).display().to_string();
        t.components
            .into_iter()
            .map(|scc| {
                let mut names: Vec<String> = scc.into_iter().map(name).collect();
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
fn no_source_file_is_over_400_lines() {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    rust_files(&root().join("emulator/src"), &mut files);
    let long: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let lines = std::fs::read_to_string(f).unwrap().lines().count();
            (lines > MAX_LINES).then(|| format!("{} ({lines} lines)", f.strip_prefix(root()).unwrap().display()))
        })
        .collect();
    assert!(long.is_empty(), "files over {MAX_LINES} lines: {long:?}");
}

#[test]
fn no_too_many_arguments_allowance_and_no_error_code_compared_as_a_string() {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    let mut found = Vec::new();
    for f in &files {
        let code = code_of(&std::fs::read_to_string(f).unwrap());
        let name = f.strip_prefix(root()).unwrap().display().to_string();
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
    assert!(found.is_empty(), "{found:#?}");
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
