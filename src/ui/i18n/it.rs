//! Italian.

use super::format::progress_line;
use crate::text::{Announcement as A, Msg, PlaceMsg};

pub fn text(msg: Msg) -> String {
    use Msg::*;
    match msg {
        DropPrompt => "Trascina qui le registrazioni delle lezioni, oppure scegli i file".into(),
        DropHint => "Ogni file diventa una sessione Panopto a sé".into(),
        DropHintPanda => "Ogni file viene caricato su Panda e può riprendere da dove si è interrotto".into(),
        WholeFileNotice => "Il server non permette a questa pagina di leggere l'avanzamento, quindi il file viene inviato in un unico blocco: se interrotto, non potrà riprendere.".into(),
        Title => "Titolo".into(),
        Description => "Descrizione".into(),
        Secondary => "Registrazione dello schermo (secondo video facoltativo)".into(),
        Captions => "Sottotitoli (SRT o VTT)".into(),
        CaptionLanguage => "Lingua dei sottotitoli".into(),
        AddCaption => "Aggiungi un file di sottotitoli".into(),
        Remove(name) => format!("Rimuovi {name}"),
        RemoveButton => "Rimuovi".into(),
        Upload => "Carica".into(),
        Pause => "Pausa".into(),
        Resume => "Riprendi".into(),
        Cancel => "Annulla".into(),
        Retry => "Riprova".into(),
        Ready => "Pronto per il caricamento".into(),
        Preparing => "Preparazione…".into(),
        Uploading => "Caricamento in corso".into(),
        Paused => "In pausa".into(),
        Finishing => "Completamento…".into(),
        Processing => "Elaborazione in Panopto…".into(),
        Complete => "Disponibile in Panopto".into(),
        Failed => "Caricamento non riuscito".into(),
        Cancelling => "Annullamento…".into(),
        Cancelled => "Annullato".into(),
        OpenInPanopto => "Apri in Panopto".into(),
        StoredVideo(id) => format!("Caricato: video {id}"),
        ProgressLine(p, l, t, r, e) => progress_line((p, l, t, r, e), "di", |m, s| match m {
            0 => format!("{s} s rimanenti"),
            _ => format!("{m} min {s:02} s rimanenti"),
        }),
        Announce(name, a) => match a {
            A::Started => format!("Caricamento di {name}"),
            A::Milestone(p) => format!("{name}: {p} per cento caricato"),
            A::Processing => format!("{name} è caricato; Panopto lo sta elaborando"),
            A::Complete => format!("{name} è disponibile in Panopto"),
            A::Failed(m) => format!("{name} non riuscito: {m}"),
            A::Paused => format!("{name} in pausa"),
            A::Cancelled => format!("{name} annullato"),
            A::Duplicate => format!("{name} è già nell'elenco: caricalo di nuovo, oppure rimuovilo"),
            A::Elsewhere => format!("{name} è in caricamento in un'altra scheda; continuerà qui se quella scheda viene chiusa"),
        },
        LeaveWarning => "Ci sono caricamenti in corso. Lasciando questa pagina verranno interrotti.".into(),
        ProgressLabel(name) => format!("Avanzamento del caricamento di {name}"),
        NotConfigured(why) => format!("Il caricatore non è configurato: {why}"),
        ResumeOffer(p) => format!("Un caricamento precedente di questo file si è fermato al {p} %. Riprenderà da lì."),
        StartOver => "Ricomincia da capo".into(),
        WaitingForNetwork => "In attesa della rete…".into(),
        Duplicate => "Già nell'elenco".into(),
        DuplicateNotice => "Questo file è già nell'elenco qui sopra (stesso nome, dimensione e data). Caricarlo comunque una seconda volta, oppure rimuoverlo?".into(),
        UploadAgain => "Carica di nuovo".into(),
        Elsewhere => "Caricamento in un'altra scheda".into(),
        ElsewhereNotice => "Questo file è in caricamento in un'altra scheda o finestra di questo sito. Se viene chiusa, il caricamento continua qui.".into(),
    }
}

pub fn place(msg: PlaceMsg) -> String {
    use PlaceMsg::*;
    match msg {
        SignIn => "Accedi a Panopto".into(),
        SignOut => "Esci".into(),
        SigningIn => "Accesso in corso… completalo nella finestra che si è aperta.".into(),
        SignedIn => "Accesso a Panopto effettuato".into(),
        UploadTo => "Carica in".into(),
        AddingTo => "Aggiungi alla sessione".into(),
        NoFolder => "nessuna cartella ancora scelta".into(),
        ChooseFolder => "Scegli una cartella".into(),
        Change => "Cambia".into(),
        AddToSession => "Aggiungi a una sessione esistente".into(),
        NewSessionsInstead => "Crea invece nuove sessioni".into(),
        FolderPicker => "Scegli una cartella Panopto".into(),
        SessionPicker => "Scegli una sessione".into(),
        TopLevel => "Tutte le cartelle".into(),
        Path => "Percorso della cartella".into(),
        Search => "Cerca".into(),
        SearchFolders => "Cerca cartelle".into(),
        SearchSessions => "Cerca sessioni".into(),
        ClearSearch => "Torna alla navigazione".into(),
        Results(q) => format!("Risultati per «{q}»"),
        Loading => "Caricamento…".into(),
        NoFolders => "Nessuna cartella qui.".into(),
        NoSessions => "Nessuna sessione qui.".into(),
        Truncated => "Sono mostrate solo le prime voci: usa la ricerca per trovare le altre.".into(),
        Open(name) => format!("Apri {name}"),
        Choose(name) => format!("Scegli {name}"),
        ChooseThisFolder => "Carica in questa cartella".into(),
        Close => "Chiudi".into(),
        StreamType => "Aggiungi come".into(),
        PrimaryVideo => "Video principale".into(),
        SecondaryVideo => "Video secondario (schermo)".into(),
        Presentation => "Presentazione".into(),
        ChooseFolderFirst => {
            "Scegli prima dove vanno le registrazioni (una cartella, o una sessione a cui aggiungerle).".into()
        }
    }
}
