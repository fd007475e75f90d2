//! The names the teacher's files are uploaded under in the upload target: safe by
//! construction, so that any relay and any S3-compatible server read them the same way.
//!
//! Why not the file's own name: a relay mounted under a prefix rewrites the path, and nginx
//! normalises what it rewrites — `%28` arrives as `(`, `%2B` as `+` — while S3 reads a raw
//! `+` in a path as a space (nginx/nginx-s3-gateway#77: `SignatureDoesNotMatch`, `%20` in
//! the canonical request). Other relays (Apache, Caddy, an LMS plugin) each re-encode their
//! own way. A name of `A-Z a-z 0-9 . _ -` only is the same bytes encoded or not, so no
//! relay can change it. The teacher's name stays where people read it: the session's title
//! (the manifest's `<Title>`) and the card; the manifest refers to the safe name, which is
//! all Panopto matches its `<File>` against.

/// Longest stem kept: ample to recognise a file by, far below S3's 1,024-byte keys.
const MAX_STEM: usize = 120;
/// An extension is kept when it looks like one (`.mp4`, `.vtt`, `.mpeg`): Panopto tells a
/// file's kind by it.
const MAX_EXTENSION: usize = 10;

fn safe(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')
}

/// `Week 3 (final) – Übung.mp4` → `Week_3_final_bung.mp4`: each run of other characters
/// becomes one `_`; `_` and `.` are trimmed from the stem's ends; an empty stem is `file`.
pub fn object_name(file_name: &str) -> String {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or_default();
    let (stem, extension) = match base.rsplit_once('.') {
        Some((stem, ext))
            if !stem.is_empty()
                && (1..=MAX_EXTENSION).contains(&ext.len())
                && ext.bytes().all(|b| b.is_ascii_alphanumeric()) =>
        {
            (stem, Some(ext))
        }
        _ => (base, None),
    };
    let mut out = String::with_capacity(stem.len());
    for c in stem.chars() {
        if safe(c) {
            out.push(c);
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    let mut stem = out.trim_matches(['_', '.']).to_string();
    stem.truncate(MAX_STEM);
    let stem = stem.trim_end_matches(['_', '.']);
    let stem = if stem.is_empty() { "file" } else { stem };
    match extension {
        Some(ext) => format!("{stem}.{ext}"),
        None => stem.to_string(),
    }
}

/// The names of a session's files, in order: each [`object_name`], and a second name that
/// would be the same object (compared without case, as a case-insensitive store would)
/// gets `_2`, `_3`… before its extension.
pub fn object_names<S: AsRef<str>>(file_names: &[S]) -> Vec<String> {
    let mut names: Vec<String> = Vec::with_capacity(file_names.len());
    for file_name in file_names {
        let name = object_name(file_name.as_ref());
        let taken = |n: &str| names.iter().any(|m| m.eq_ignore_ascii_case(n));
        let unique = if taken(&name) {
            let (stem, ext) =
                name.rsplit_once('.').map_or((name.as_str(), String::new()), |(s, e)| (s, format!(".{e}")));
            (2..).map(|i| format!("{stem}_{i}{ext}")).find(|n| !taken(n)).unwrap_or(name.clone())
        } else {
            name
        };
        names.push(unique);
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn awkward_names_become_safe_ones() {
        let cases = [
            ("lecture-4s.mp4", "lecture-4s.mp4"),
            ("Week 3.mp4", "Week_3.mp4"),
            ("Week 3 (final) – Übung.mp4", "Week_3_final_bung.mp4"),
            ("a(b)+c 'd'!*&%e.MOV", "a_b_c_d_e.MOV"),
            ("C:\\Users\\t\\rec.mp4", "rec.mp4"),
            ("講義.mp4", "file.mp4"),
            ("..mp4", "file.mp4"),
            ("notes", "notes"),
            ("v1.2 final", "v1.2_final"),
            ("clip.tar.gz", "clip.tar.gz"),
            ("talk.mp4 ", "talk.mp4"),
        ];
        for (given, want) in cases {
            assert_eq!(object_name(given), want, "{given}");
        }
    }

    #[test]
    fn every_name_is_the_same_encoded_or_not() {
        for given in ["a+b", "x%2By.vtt", "日本語 名前.srt", "~tilde~.mp4", "\u{202e}evil.mp4"] {
            let name = object_name(given);
            assert!(name.chars().all(safe) && !name.is_empty(), "{given} → {name}");
            assert_eq!(crate::core::sigv4::canonical_uri(&format!("/{name}")), format!("/{name}"));
        }
    }

    #[test]
    fn a_long_stem_is_cut_and_the_extension_kept() {
        let name = object_name(&format!("{}.mp4", "a".repeat(500)));
        assert_eq!(name.len(), MAX_STEM + 4);
        assert!(name.ends_with("a.mp4"));
    }

    #[test]
    fn names_that_would_be_one_object_are_told_apart() {
        assert_eq!(
            object_names(&["a b.mp4", "a+b.mp4", "A_B.mp4", "en.vtt", "en.vtt"]),
            ["a_b.mp4", "a_b_2.mp4", "A_B_3.mp4", "en.vtt", "en_2.vtt"]
        );
        assert_eq!(object_names(&["x", "x"]), ["x", "x_2"]);
    }
}
