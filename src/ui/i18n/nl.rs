//! Dutch.

use super::format::progress_line;
use crate::text::{Announcement as A, Msg, PlaceMsg};

pub fn text(msg: Msg) -> String {
    use Msg::*;
    match msg {
        DropPrompt => "Sleep opnames van colleges hierheen, of kies bestanden".into(),
        DropHint => "Elk bestand wordt een eigen Panopto-sessie".into(),
        DropHintPanda => "Elk bestand wordt naar Panda geüpload en kan verdergaan waar het gestopt is".into(),
        WholeFileNotice => "De server laat deze pagina de voortgang niet lezen, dus het bestand gaat in één keer: na een onderbreking kan het niet verdergaan.".into(),
        Title => "Titel".into(),
        Description => "Beschrijving".into(),
        Secondary => "Schermopname (optionele tweede video)".into(),
        Captions => "Ondertitels (SRT of VTT)".into(),
        CaptionLanguage => "Taal van de ondertitels".into(),
        AddCaption => "Ondertitelbestand toevoegen".into(),
        Remove(name) => format!("{name} verwijderen"),
        RemoveButton => "Verwijderen".into(),
        Upload => "Uploaden".into(),
        Pause => "Pauzeren".into(),
        Resume => "Hervatten".into(),
        Cancel => "Annuleren".into(),
        Retry => "Opnieuw proberen".into(),
        Ready => "Klaar om te uploaden".into(),
        Preparing => "Voorbereiden…".into(),
        Uploading => "Bezig met uploaden".into(),
        Paused => "Gepauzeerd".into(),
        Finishing => "Afronden…".into(),
        Processing => "Verwerken in Panopto…".into(),
        Complete => "Beschikbaar in Panopto".into(),
        Failed => "Uploaden mislukt".into(),
        Cancelling => "Wordt geannuleerd…".into(),
        Cancelled => "Geannuleerd".into(),
        OpenInPanopto => "Openen in Panopto".into(),
        StoredVideo(id) => format!("Geüpload: video {id}"),
        ProgressLine(p, l, t, r, e) => progress_line((p, l, t, r, e), "van", |m, s| match m {
            0 => format!("nog {s} s"),
            _ => format!("nog {m} min {s:02} s"),
        }),
        Announce(name, a) => match a {
            A::Started => format!("{name} wordt geüpload"),
            A::Milestone(p) => format!("{name}: {p} procent geüpload"),
            A::Processing => format!("{name} is geüpload; Panopto verwerkt het bestand"),
            A::Complete => format!("{name} is beschikbaar in Panopto"),
            A::Failed(m) => format!("{name} mislukt: {m}"),
            A::Paused => format!("{name} gepauzeerd"),
            A::Cancelled => format!("{name} geannuleerd"),
            A::Duplicate => format!("{name} staat al in de lijst: upload het opnieuw, of verwijder het"),
            A::Elsewhere => format!("{name} wordt in een ander tabblad geüpload; de upload gaat hier verder als dat tabblad sluit"),
        },
        LeaveWarning => "Er worden nog bestanden geüpload. Als u deze pagina verlaat, worden ze onderbroken.".into(),
        ProgressLabel(name) => format!("Uploadvoortgang van {name}"),
        NotConfigured(why) => format!("De uploader is niet geconfigureerd: {why}"),
        ResumeOffer(p) => format!("Een eerdere upload van dit bestand stopte bij {p} %. Die gaat vanaf daar verder."),
        StartOver => "In plaats daarvan opnieuw beginnen".into(),
        WaitingForNetwork => "Wachten op het netwerk…".into(),
        Duplicate => "Staat al in de lijst".into(),
        DuplicateNotice => "Dit bestand staat al in de lijst hierboven (zelfde naam, grootte en datum). Toch een tweede keer uploaden, of verwijderen?".into(),
        UploadAgain => "Opnieuw uploaden".into(),
        Elsewhere => "Wordt in een ander tabblad geüpload".into(),
        ElsewhereNotice => "Dit bestand wordt in een ander tabblad of venster van deze site geüpload. Als dat sluit, gaat de upload hier verder.".into(),
    }
}

pub fn place(msg: PlaceMsg) -> String {
    use PlaceMsg::*;
    match msg {
        SignIn => "Aanmelden bij Panopto".into(),
        SignOut => "Afmelden".into(),
        SigningIn => "Bezig met aanmelden… rond het af in het venster dat is geopend.".into(),
        SignedIn => "Aangemeld bij Panopto".into(),
        UploadTo => "Uploaden naar".into(),
        AddingTo => "Toevoegen aan sessie".into(),
        NoFolder => "nog geen map gekozen".into(),
        ChooseFolder => "Een map kiezen".into(),
        Change => "Wijzigen".into(),
        AddToSession => "Toevoegen aan een bestaande sessie".into(),
        NewSessionsInstead => "In plaats daarvan nieuwe sessies maken".into(),
        FolderPicker => "Een Panopto-map kiezen".into(),
        SessionPicker => "Een sessie kiezen".into(),
        TopLevel => "Alle mappen".into(),
        Path => "Pad van de map".into(),
        Search => "Zoeken".into(),
        SearchFolders => "Mappen zoeken".into(),
        SearchSessions => "Sessies zoeken".into(),
        ClearSearch => "Terug naar bladeren".into(),
        Results(q) => format!("Resultaten voor ‘{q}’"),
        Loading => "Laden…".into(),
        NoFolders => "Geen mappen hier.".into(),
        NoSessions => "Geen sessies hier.".into(),
        Truncated => "Alleen de eerste items worden getoond: zoek om de andere te vinden.".into(),
        Open(name) => format!("{name} openen"),
        Choose(name) => format!("{name} kiezen"),
        ChooseThisFolder => "Naar deze map uploaden".into(),
        Close => "Sluiten".into(),
        StreamType => "Toevoegen als".into(),
        PrimaryVideo => "Hoofdvideo".into(),
        SecondaryVideo => "Tweede video (scherm)".into(),
        Presentation => "Presentatie".into(),
        ChooseFolderFirst => {
            "Kies eerst waar de opnames heen gaan (een map, of een sessie om aan toe te voegen).".into()
        }
    }
}
