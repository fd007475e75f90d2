//! The catalogue: languages are chosen by tag, and every message has its own words in
//! every language.

use super::keys::{Key, Label};
use super::*;
use crate::text::ErrorText;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

#[test]
fn languages_and_fallback() {
    assert_eq!(Lang::parse(Some("fr-CA")), Lang::Fr);
    assert_eq!(Lang::parse(Some("DE")), Lang::De);
    assert_eq!(Lang::parse(Some("it")), Lang::It);
    assert_eq!(Lang::parse(Some("nl_BE")), Lang::Nl);
    assert_eq!(Lang::parse(Some(" NL ")), Lang::Nl);
    assert_eq!(Lang::parse(Some("xx")), Lang::En);
    assert_eq!(Lang::parse(None), Lang::En);
    assert_eq!(t(Lang::Es, Msg::Pause), "Pausar");
    assert_eq!(t(Lang::It, Msg::Upload), "Carica");
    assert_eq!(t(Lang::Nl, Msg::Upload), "Uploaden");
    for lang in Lang::ALL {
        assert_eq!(Lang::parse(Some(lang.code())), lang, "its own tag chooses it");
    }
}

#[test]
fn progress_line() {
    let line = t(Lang::En, Msg::ProgressLine(43, 10 << 20, 23 << 20, 2.0 * 1048576.0, Some(125.0)));
    assert_eq!(line, "43 % · 10.0 MiB of 23.0 MiB · 2.0 MiB/s · 2 min 05 s left");
    assert_eq!(t(Lang::De, Msg::ProgressLine(0, 0, 5, 0.0, None)), "0 % · 0 B von 5 B");
    assert_eq!(t(Lang::Nl, Msg::ProgressLine(1, 0, 5, 0.0, Some(9.4))), "1 % · 0 B van 5 B · nog 9 s");
    assert_eq!(t(Lang::It, Msg::ProgressLine(1, 0, 5, 0.0, Some(61.0))), "1 % · 0 B di 5 B · 1 min 01 s rimanenti");
}

#[test]
fn every_language_has_its_own_words() {
    for msg in [PlaceMsg::SignIn, PlaceMsg::ChooseFolderFirst, PlaceMsg::Results("EE")] {
        let all: Vec<String> = Lang::ALL.iter().map(|l| tp(*l, msg)).collect();
        for (i, a) in all.iter().enumerate() {
            assert!(!a.is_empty());
            assert!(all[i + 1..].iter().all(|b| b != a), "{msg:?}: {all:?}");
        }
    }
}

/// Every message, once, with sample arguments.
fn every_msg() -> Vec<Msg<'static>> {
    use Msg::*;
    vec![
        DropPrompt,
        DropHint,
        DropHintPanda,
        WholeFileNotice,
        Title,
        Description,
        Secondary,
        Captions,
        CaptionLanguage,
        AddCaption,
        Remove("a.mp4"),
        RemoveButton,
        Upload,
        Pause,
        Resume,
        Cancel,
        Retry,
        Ready,
        Preparing,
        Uploading,
        Paused,
        Finishing,
        Processing,
        Complete,
        Failed,
        Cancelling,
        Cancelled,
        OpenInPanopto,
        StoredVideo("v1"),
        ProgressLine(43, 10 << 20, 23 << 20, 1048576.0, Some(125.0)),
        LeaveWarning,
        ProgressLabel("a.mp4"),
        NotConfigured("no server"),
        ResumeOffer(40),
        StartOver,
        ContinueUpload("a.mp4", 62),
        PickAgain("a.mp4", 62),
        ReopenDenied("a.mp4"),
        ReopenMoved("a.mp4"),
        ReopenChanged("a.mp4"),
        WaitingForNetwork,
        Duplicate,
        DuplicateNotice,
        UploadAgain,
        Elsewhere,
        ElsewhereNotice,
        UploadAnyway,
        NoPreview,
        NotMedia("a.mp4", "a PDF document"),
        KindPdf,
        KindZip,
        KindOffice,
        KindOpenDocument,
        KindImage,
        KindText,
        NoIndex("a.mp4"),
        Truncated("a.mp4"),
        Malformed("a.mp4"),
        Unrecognised("a.mp4"),
        NotCaptions("a.srt"),
    ]
}

/// Every announcement, once.
fn every_announcement() -> Vec<Announcement> {
    use Announcement as A;
    let failed = A::Failed(ErrorText::Network { detail: "Failed to fetch".into() });
    vec![
        A::Started,
        A::Milestone(10),
        A::Processing,
        A::Complete,
        failed,
        A::Paused,
        A::Cancelled,
        A::Duplicate,
        A::Elsewhere,
    ]
}

/// A new message does not compile here until it has a place in `every_msg` above (and
/// the same for a new announcement): so the test below cannot miss one.
#[allow(dead_code)]
fn listed_in_every_msg(m: &Msg, a: &Announcement) {
    use Announcement as A;
    use Msg::*;
    match m {
        DropPrompt | DropHint | DropHintPanda | WholeFileNotice | Title | Description | Secondary | Captions
        | CaptionLanguage | AddCaption | Remove(_) | RemoveButton | Upload | Pause | Resume | Cancel | Retry
        | Ready | Preparing | Uploading | Paused | Finishing | Processing | Complete | Failed | Cancelling
        | Cancelled | OpenInPanopto | StoredVideo(_) | ProgressLine(..) | LeaveWarning | ProgressLabel(_)
        | NotConfigured(_) | ResumeOffer(_) | StartOver | ContinueUpload(..) | PickAgain(..) | ReopenDenied(_)
        | ReopenMoved(_) | ReopenChanged(_) | WaitingForNetwork | Duplicate | DuplicateNotice | UploadAgain
        | Elsewhere | ElsewhereNotice | UploadAnyway | NoPreview | NotMedia(..) | KindPdf | KindZip | KindOffice
        | KindOpenDocument | KindImage | KindText | NoIndex(_) | Truncated(_) | Malformed(_) | Unrecognised(_)
        | NotCaptions(_) => {}
    }
    match a {
        A::Started | A::Milestone(_) | A::Processing | A::Complete | A::Failed(_) | A::Paused | A::Cancelled => {}
        A::Duplicate | A::Elsewhere => {}
    }
}

fn every_place_msg() -> Vec<PlaceMsg<'static>> {
    use PlaceMsg::*;
    vec![
        SignIn,
        SignOut,
        SigningIn,
        SignedIn,
        UploadTo,
        AddingTo,
        NoFolder,
        ChooseFolder,
        Change,
        AddToSession,
        NewSessionsInstead,
        FolderPicker,
        SessionPicker,
        TopLevel,
        Path,
        Search,
        SearchFolders,
        SearchSessions,
        ClearSearch,
        Results("EE"),
        Loading,
        NoFolders,
        NoSessions,
        Truncated,
        Open("Week 3"),
        Choose("Week 3"),
        ChooseThisFolder,
        Close,
        StreamType,
        PrimaryVideo,
        SecondaryVideo,
        Presentation,
        ChooseFolderFirst,
        CannotCreateIn("Archive"),
        BrowseAllFolders,
        FinishInWindow,
        SignInAgainToFinish,
        SignInEndsSoon,
        FilesFirst,
        CancelSignIn,
    ]
}

/// As [`listed_in_every_msg`], for the pickers' messages.
#[allow(dead_code)]
fn listed_in_every_place_msg(m: &PlaceMsg) {
    use PlaceMsg::*;
    match m {
        SignIn | SignOut | SigningIn | SignedIn | UploadTo | AddingTo | NoFolder | ChooseFolder | Change
        | AddToSession | NewSessionsInstead | FolderPicker | SessionPicker | TopLevel | Path | Search
        | SearchFolders | SearchSessions | ClearSearch | Results(_) | Loading | NoFolders | NoSessions | Truncated
        | Open(_) | Choose(_) | ChooseThisFolder | Close | StreamType | PrimaryVideo | SecondaryVideo
        | Presentation | ChooseFolderFirst | CannotCreateIn(_) | BrowseAllFolders | FinishInWindow
        | SignInAgainToFinish | SignInEndsSoon | FilesFirst | CancelSignIn => {}
    }
}

/// The translations that are the English words, because the word is the same in that
/// language: nothing else may be left in English.
const SAME_AS_ENGLISH: &[(Lang, &str)] = &[
    (Lang::Fr, "Description"),
    (Lang::Fr, "Pause"),
    // Only arguments: the server's own words, or a step and what was said.
    (Lang::De, "{0}: {1}"),
    (Lang::Es, "{0}: {1}"),
    (Lang::It, "{0}: {1}"),
    (Lang::Nl, "{0}: {1}"),
    (Lang::Fr, "{0} (HTTP {1})"),
    (Lang::De, "{0} (HTTP {1})"),
    (Lang::Es, "{0} (HTTP {1})"),
    (Lang::It, "{0} (HTTP {1})"),
    (Lang::Nl, "{0} (HTTP {1})"),
];

/// A message of any catalogue.
#[derive(Debug)]
enum Said {
    Card(Msg<'static>),
    Place(PlaceMsg<'static>),
    Announce(Announcement),
    /// An error template.
    Error(Key),
}

impl Said {
    fn words(&self, lang: Lang) -> String {
        match self {
            Said::Card(m) => t(lang, m.clone()),
            Said::Place(m) => tp(lang, *m),
            Said::Announce(a) => announce(lang, "a.mp4", a),
            Said::Error(k) => catalogue::words(lang).error(*k).to_string(),
        }
    }
}

#[test]
fn no_message_is_missing_or_left_in_english_in_any_language() {
    let messages: Vec<Said> = every_msg()
        .into_iter()
        .map(Said::Card)
        .chain(every_place_msg().into_iter().map(Said::Place))
        .chain(every_announcement().into_iter().map(Said::Announce))
        .chain(Key::ALL.iter().map(|k| Said::Error(*k)))
        .collect();
    assert_eq!(messages.len(), 60 + 40 + 9 + Key::ALL.len(), "every message, picker message, announcement and error");
    let mut problems = Vec::new();
    for key in &messages {
        let english = key.words(Lang::En);
        for lang in Lang::ALL {
            let text = key.words(lang);
            if text.trim().is_empty() {
                problems.push(format!("{lang:?} {key:?}: empty"));
            } else if lang != Lang::En && text == english && !SAME_AS_ENGLISH.contains(&(lang, english.as_str())) {
                problems.push(format!("{lang:?} {key:?}: still the English “{english}”"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The exceptions are real: each is a message whose words are the English ones.
    for (lang, english) in SAME_AS_ENGLISH {
        let real = messages.iter().any(|k| k.words(Lang::En) == *english && k.words(*lang) == *english);
        assert!(real, "{lang:?} {english}");
    }
}

/// The `{n}` placeholders of a template.
fn placeholders(template: &str) -> Vec<u8> {
    let b = template.as_bytes();
    let mut found: Vec<u8> = (0..b.len().saturating_sub(2))
        .filter(|&i| b[i] == b'{' && b[i + 1].is_ascii_digit() && b[i + 2] == b'}')
        .map(|i| b[i + 1] - b'0')
        .collect();
    found.sort();
    found.dedup();
    found
}

#[test]
fn every_template_has_the_english_ones_arguments() {
    let mut problems = Vec::new();
    let mut check = |what: String, template: &dyn Fn(Lang) -> &'static str| {
        let english = placeholders(template(Lang::En));
        for lang in Lang::ALL {
            let got = placeholders(template(lang));
            if got != english {
                problems.push(format!("{lang:?} {what}: {got:?} where English has {english:?}"));
            }
        }
    };
    for key in Key::ALL {
        check(format!("{key:?}"), &|lang| catalogue::words(lang).error(*key));
    }
    for label in Label::ALL {
        check(format!("{label:?}"), &|lang| catalogue::words(lang).label(*label));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // Each argument of a template is used: `{0}`…`{n}` without a hole.
    for key in Key::ALL {
        let args = placeholders(catalogue::words(Lang::En).error(*key));
        assert!(args.iter().enumerate().all(|(i, a)| i == *a as usize), "{key:?}: {args:?}");
    }
}

#[test]
fn templates_are_filled_and_other_braces_kept() {
    assert_eq!(format::fill("{1} then {0}, {0}", &["a", "b"]), "b then a, a");
    assert_eq!(format::fill("/{bucket}/{id, location} {2}", &["a"]), "/{bucket}/{id, location} {2}");
    assert_eq!(format::fill("{", &[]), "{");
}

#[test]
fn every_language_writes_its_templates_in_key_order_a_line_each() {
    assert_eq!(en::LABEL_ORDER, Label::ALL, "English: the labels in their order");
    assert_eq!(en::ERROR_ORDER, Key::ALL, "English: the errors' keys in their order");
    let order: Vec<String> =
        Label::ALL.iter().map(|k| format!("{k:?}")).chain(Key::ALL.iter().map(|k| format!("{k:?}"))).collect();
    for lang in Lang::ALL {
        if let Some(source) = bundled::source(lang) {
            let keys: Vec<&str> = bundled::templates(source).map(|(key, _)| key).collect();
            assert_eq!(keys, order, "{lang:?}: a `Key => words` line per template, in key order");
            assert_eq!(catalogue::install_bundled(lang), Ok(()), "{lang:?}");
        }
        let [label_text, error_text] = catalogue::words(lang).texts();
        // A template a line, and the last line's end.
        assert_eq!(label_text.split('\n').count(), Label::ALL.len() + 1, "{lang:?}: labels");
        assert_eq!(error_text.split('\n').count(), Key::ALL.len() + 1, "{lang:?}: errors");
        assert!(catalogue::has(lang));
    }
}

#[test]
fn a_language_file_of_another_version_is_refused() {
    // Italian's built file, as the page fetches it, with one template too few or too many.
    let built = bundled::built(bundled::source(Lang::It).unwrap());
    let lines: Vec<&str> = built.lines().collect();
    let n = lines.len();
    let fewer = lines[..n - 1].join("\n");
    assert_eq!(
        catalogue::install(Lang::It, &fewer),
        Err(format!("has {} templates where this element has {n}", n - 1))
    );
    let more = format!("{built}one more\n");
    assert_eq!(catalogue::install(Lang::It, &more), Err(format!("has {} templates where this element has {n}", n + 1)));
    // Two templates swapped: the one with a `{0}` where English has none is refused.
    let remove = Label::ALL.iter().position(|l| *l == Label::Remove).unwrap();
    let mut swapped = lines.clone();
    swapped.swap(remove, remove + 1);
    let refused = catalogue::install(Lang::It, &swapped.join("\n"));
    assert_eq!(refused, Err(format!("line {}: not the English template's arguments", remove + 1)));
    // The file as built, with CR LF line ends, is taken (and Italian, installed by the
    // host build already, keeps its words).
    assert_eq!(catalogue::install(Lang::It, &built.replace('\n', "\r\n")), Ok(()));
    assert_ne!(catalogue::words(Lang::It).label(Label::Remove), catalogue::words(Lang::En).label(Label::Remove));
}

#[test]
fn a_built_language_file_is_its_words_a_line_each() {
    let source = "# comment\n\n# another\nA => one {0}\nB =>  [leading space]\nC => with => arrow\n";
    assert_eq!(bundled::built(source), "one {0}\n [leading space]\nwith => arrow\n");
}
