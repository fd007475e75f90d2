//! The catalogue: languages are chosen by tag, and every message has its own words in
//! every language.

use super::*;
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
    use Announcement as A;
    use Msg::*;
    let mut all = vec![
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
        WaitingForNetwork,
        Duplicate,
        DuplicateNotice,
        UploadAgain,
        Elsewhere,
        ElsewhereNotice,
    ];
    let said = [
        A::Started,
        A::Milestone(10),
        A::Processing,
        A::Complete,
        A::Failed("x".into()),
        A::Paused,
        A::Cancelled,
        A::Duplicate,
        A::Elsewhere,
    ];
    all.extend(said.into_iter().map(|a| Announce("a.mp4", a)));
    all
}

/// A new message does not compile here until it has a place in `every_msg` above (and
/// the same for a new announcement): so the test below cannot miss one.
#[allow(dead_code)]
fn listed_in_every_msg(m: &Msg) {
    use Announcement as A;
    use Msg::*;
    match m {
        DropPrompt | DropHint | DropHintPanda | WholeFileNotice | Title | Description | Secondary | Captions
        | CaptionLanguage | AddCaption | Remove(_) | RemoveButton | Upload | Pause | Resume | Cancel | Retry
        | Ready | Preparing | Uploading | Paused | Finishing | Processing | Complete | Failed | Cancelling
        | Cancelled | OpenInPanopto | StoredVideo(_) | ProgressLine(..) | LeaveWarning | ProgressLabel(_)
        | NotConfigured(_) | ResumeOffer(_) | StartOver | WaitingForNetwork | Duplicate | DuplicateNotice
        | UploadAgain | Elsewhere | ElsewhereNotice => {}
        Announce(_, a) => match a {
            A::Started | A::Milestone(_) | A::Processing | A::Complete | A::Failed(_) | A::Paused | A::Cancelled => {}
            A::Duplicate | A::Elsewhere => {}
        },
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
        | Presentation | ChooseFolderFirst => {}
    }
}

/// The translations that are the English words, because the word is the same in that
/// language: nothing else may be left in English.
const SAME_AS_ENGLISH: &[(Lang, &str)] = &[(Lang::Fr, "Description"), (Lang::Fr, "Pause")];

/// A message of either catalogue.
#[derive(Debug)]
enum Key {
    Card(Msg<'static>),
    Place(PlaceMsg<'static>),
}

impl Key {
    fn words(&self, lang: Lang) -> String {
        match self {
            Key::Card(m) => t(lang, m.clone()),
            Key::Place(m) => tp(lang, *m),
        }
    }
}

#[test]
fn no_message_is_missing_or_left_in_english_in_any_language() {
    let messages: Vec<Key> =
        every_msg().into_iter().map(Key::Card).chain(every_place_msg().into_iter().map(Key::Place)).collect();
    assert_eq!(messages.len(), 50 + 33, "every message and announcement, and every picker message");
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
