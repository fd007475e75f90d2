//! German.

use super::format::progress_line;
use crate::text::{Announcement as A, Msg, PlaceMsg};

pub fn text(msg: Msg) -> String {
    use Msg::*;
    match msg {
        DropPrompt => "Vorlesungsaufzeichnungen hierher ziehen oder Dateien auswählen".into(),
        DropHint => "Jede Datei wird eine eigene Panopto-Sitzung".into(),
        DropHintPanda => "Jede Datei wird zu Panda hochgeladen und kann dort fortgesetzt werden, wo sie stehen blieb".into(),
        WholeFileNotice => "Der Server lässt diese Seite den Fortschritt nicht lesen, daher wird die Datei am Stück gesendet: Nach einer Unterbrechung kann sie nicht fortgesetzt werden.".into(),
        Title => "Titel".into(),
        Description => "Beschreibung".into(),
        Secondary => "Bildschirmaufnahme (optionales zweites Video)".into(),
        Captions => "Untertitel (SRT oder VTT)".into(),
        CaptionLanguage => "Sprache der Untertitel".into(),
        AddCaption => "Untertiteldatei hinzufügen".into(),
        Remove(name) => format!("{name} entfernen"),
        RemoveButton => "Entfernen".into(),
        Upload => "Hochladen".into(),
        Pause => "Pausieren".into(),
        Resume => "Fortsetzen".into(),
        Cancel => "Abbrechen".into(),
        Retry => "Erneut versuchen".into(),
        Ready => "Bereit zum Hochladen".into(),
        Preparing => "Vorbereitung…".into(),
        Uploading => "Wird hochgeladen".into(),
        Paused => "Pausiert".into(),
        Finishing => "Wird abgeschlossen…".into(),
        Processing => "Verarbeitung in Panopto…".into(),
        Complete => "In Panopto verfügbar".into(),
        Failed => "Hochladen fehlgeschlagen".into(),
        Cancelling => "Wird abgebrochen…".into(),
        Cancelled => "Abgebrochen".into(),
        OpenInPanopto => "In Panopto öffnen".into(),
        StoredVideo(id) => format!("Hochgeladen: Video {id}"),
        ProgressLine(p, l, t, r, e) => progress_line((p, l, t, r, e), "von", |m, s| match m {
            0 => format!("noch {s} s"),
            _ => format!("noch {m} min {s:02} s"),
        }),
        Announce(name, a) => match a {
            A::Started => format!("{name} wird hochgeladen"),
            A::Milestone(p) => format!("{name}: {p} Prozent hochgeladen"),
            A::Processing => format!("{name} ist hochgeladen; Panopto verarbeitet die Datei"),
            A::Complete => format!("{name} ist in Panopto verfügbar"),
            A::Failed(m) => format!("{name} fehlgeschlagen: {m}"),
            A::Paused => format!("{name} pausiert"),
            A::Cancelled => format!("{name} abgebrochen"),
            A::Duplicate => format!("{name} ist bereits in der Liste: erneut hochladen oder entfernen"),
            A::Elsewhere => format!("{name} wird in einem anderen Tab hochgeladen; der Upload geht hier weiter, wenn dieser Tab geschlossen wird"),
        },
        LeaveWarning => "Uploads laufen noch. Wenn Sie die Seite verlassen, werden sie unterbrochen.".into(),
        ProgressLabel(name) => format!("Fortschritt von {name}"),
        NotConfigured(why) => format!("Der Uploader ist nicht konfiguriert: {why}"),
        ResumeOffer(p) => {
            format!("Ein früheres Hochladen dieser Datei wurde bei {p} % unterbrochen. Es wird dort fortgesetzt.")
        }
        StartOver => "Stattdessen neu beginnen".into(),
        WaitingForNetwork => "Warte auf das Netzwerk…".into(),
        Duplicate => "Bereits in der Liste".into(),
        DuplicateNotice => "Diese Datei steht bereits weiter oben in der Liste (gleicher Name, gleiche Größe, gleiches Datum). Trotzdem ein zweites Mal hochladen oder entfernen?".into(),
        UploadAgain => "Erneut hochladen".into(),
        Elsewhere => "Wird in einem anderen Tab hochgeladen".into(),
        ElsewhereNotice => "Diese Datei wird gerade in einem anderen Tab oder Fenster dieser Website hochgeladen. Wird es geschlossen, geht der Upload hier weiter.".into(),
    }
}

pub fn place(msg: PlaceMsg) -> String {
    use PlaceMsg::*;
    match msg {
        SignIn => "Bei Panopto anmelden".into(),
        SignOut => "Abmelden".into(),
        SigningIn => "Anmeldung… im geöffneten Fenster abschließen.".into(),
        SignedIn => "Bei Panopto angemeldet".into(),
        UploadTo => "Hochladen nach".into(),
        AddingTo => "Zur Sitzung hinzufügen".into(),
        NoFolder => "noch kein Ordner gewählt".into(),
        ChooseFolder => "Ordner wählen".into(),
        Change => "Ändern".into(),
        AddToSession => "Zu einer bestehenden Sitzung hinzufügen".into(),
        NewSessionsInstead => "Stattdessen neue Sitzungen anlegen".into(),
        FolderPicker => "Panopto-Ordner wählen".into(),
        SessionPicker => "Sitzung wählen".into(),
        TopLevel => "Alle Ordner".into(),
        Path => "Ordnerpfad".into(),
        Search => "Suchen".into(),
        SearchFolders => "Ordner suchen".into(),
        SearchSessions => "Sitzungen suchen".into(),
        ClearSearch => "Zurück zum Durchsuchen".into(),
        Results(q) => format!("Ergebnisse für „{q}“"),
        Loading => "Wird geladen…".into(),
        NoFolders => "Hier gibt es keine Ordner.".into(),
        NoSessions => "Hier gibt es keine Sitzungen.".into(),
        Truncated => "Nur die ersten Einträge werden gezeigt: suchen Sie nach den anderen.".into(),
        Open(name) => format!("{name} öffnen"),
        Choose(name) => format!("{name} wählen"),
        ChooseThisFolder => "In diesen Ordner hochladen".into(),
        Close => "Schließen".into(),
        StreamType => "Hinzufügen als".into(),
        PrimaryVideo => "Hauptvideo".into(),
        SecondaryVideo => "Zweitvideo (Bildschirm)".into(),
        Presentation => "Präsentation".into(),
        ChooseFolderFirst => "Wählen Sie zuerst, wohin die Aufnahmen gehen (einen Ordner oder eine Sitzung).".into(),
    }
}
