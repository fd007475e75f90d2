//! Every string the element shows or announces, in English, French, German and Spanish,
//! chosen by the `lang` attribute (falling back to English). Host pages that need another
//! language can add one here; nothing in the UI hard-codes text.

use crate::core::part_plan::human_size;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Fr,
    De,
    Es,
}

impl Lang {
    /// The BCP 47 tag for the `lang` attribute (screen readers pick their voice by it).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::De => "de",
            Lang::Es => "es",
        }
    }

    /// `fr`, `fr-CA`, `FR` → French; anything unknown → English.
    pub fn parse(tag: Option<&str>) -> Lang {
        match tag.unwrap_or("").trim().to_ascii_lowercase().split(['-', '_']).next().unwrap_or("") {
            "fr" => Lang::Fr,
            "de" => Lang::De,
            "es" => Lang::Es,
            _ => Lang::En,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Msg<'a> {
    DropPrompt,
    DropHint,
    DropHintPanda,
    /// The file goes as one request: it cannot resume.
    WholeFileNotice,
    Title,
    Description,
    Secondary,
    Captions,
    CaptionLanguage,
    AddCaption,
    Remove(&'a str),
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
    /// Panda stored the video with this id.
    StoredVideo(&'a str),
    /// percent, loaded, total, bytes per second, eta seconds
    ProgressLine(u32, u64, u64, f64, Option<f64>),
    Announce(&'a str, Announcement),
    LeaveWarning,
    ProgressLabel(&'a str),
    NotConfigured(&'a str),
    /// An earlier upload of the same file stopped at this percentage.
    ResumeOffer(u32),
    StartOver,
    WaitingForNetwork,
}

/// What the polite live region says about a file (the name is added when it is said).
#[derive(Clone, Debug, PartialEq)]
pub enum Announcement {
    Started,
    /// Every 10 %.
    Milestone(u32),
    Processing,
    Complete,
    Failed(String),
    Paused,
    Cancelled,
}

fn eta(lang: Lang, secs: f64) -> String {
    let s = secs.round() as u64;
    let (m, r) = (s / 60, s % 60);
    match (lang, m) {
        (Lang::En, 0) => format!("{r} s left"),
        (Lang::En, _) => format!("{m} min {r:02} s left"),
        (Lang::Fr, 0) => format!("{r} s restantes"),
        (Lang::Fr, _) => format!("{m} min {r:02} s restantes"),
        (Lang::De, 0) => format!("noch {r} s"),
        (Lang::De, _) => format!("noch {m} min {r:02} s"),
        (Lang::Es, 0) => format!("quedan {r} s"),
        (Lang::Es, _) => format!("quedan {m} min {r:02} s"),
    }
}

pub fn t(lang: Lang, msg: Msg) -> String {
    use Lang::*;
    use Msg::*;
    let pick = |en: &str, fr: &str, de: &str, es: &str| match lang {
        En => en.to_string(),
        Fr => fr.to_string(),
        De => de.to_string(),
        Es => es.to_string(),
    };
    match msg {
        DropPrompt => pick(
            "Drop lecture recordings here, or choose files",
            "Déposez vos enregistrements de cours ici, ou choisissez des fichiers",
            "Vorlesungsaufzeichnungen hierher ziehen oder Dateien auswählen",
            "Suelte aquí las grabaciones de clase o elija archivos",
        ),
        DropHint => pick(
            "Each file becomes its own Panopto session",
            "Chaque fichier devient une session Panopto",
            "Jede Datei wird eine eigene Panopto-Sitzung",
            "Cada archivo se convierte en una sesión de Panopto",
        ),
        DropHintPanda => pick(
            "Each file is uploaded to Panda, and can resume where it stopped",
            "Chaque fichier est téléversé vers Panda, et peut reprendre là où il s'est arrêté",
            "Jede Datei wird zu Panda hochgeladen und kann dort fortgesetzt werden, wo sie stehen blieb",
            "Cada archivo se sube a Panda y puede continuar donde se detuvo",
        ),
        WholeFileNotice => pick(
            "The server does not let this page read its upload progress, so the file goes in one piece: it cannot resume if interrupted.",
            "Le serveur ne laisse pas cette page lire la progression, le fichier part donc d'un seul bloc : il ne pourra pas reprendre en cas d'interruption.",
            "Der Server lässt diese Seite den Fortschritt nicht lesen, daher wird die Datei am Stück gesendet: Nach einer Unterbrechung kann sie nicht fortgesetzt werden.",
            "El servidor no permite que esta página lea el progreso, así que el archivo se envía de una vez: no podrá continuar si se interrumpe.",
        ),
        Title => pick("Title", "Titre", "Titel", "Título"),
        Description => pick("Description", "Description", "Beschreibung", "Descripción"),
        Secondary => pick(
            "Screen recording (optional second video)",
            "Enregistrement d'écran (seconde vidéo facultative)",
            "Bildschirmaufnahme (optionales zweites Video)",
            "Grabación de pantalla (segundo vídeo opcional)",
        ),
        Captions => pick(
            "Captions (SRT or VTT)",
            "Sous-titres (SRT ou VTT)",
            "Untertitel (SRT oder VTT)",
            "Subtítulos (SRT o VTT)",
        ),
        CaptionLanguage => {
            pick("Caption language", "Langue des sous-titres", "Sprache der Untertitel", "Idioma de los subtítulos")
        }
        AddCaption => {
            pick("Add a caption file", "Ajouter des sous-titres", "Untertiteldatei hinzufügen", "Añadir subtítulos")
        }
        Remove(name) => match lang {
            En => format!("Remove {name}"),
            Fr => format!("Retirer {name}"),
            De => format!("{name} entfernen"),
            Es => format!("Quitar {name}"),
        },
        RemoveButton => pick("Remove", "Retirer", "Entfernen", "Quitar"),
        Upload => pick("Upload", "Téléverser", "Hochladen", "Subir"),
        Pause => pick("Pause", "Pause", "Pausieren", "Pausar"),
        Resume => pick("Resume", "Reprendre", "Fortsetzen", "Reanudar"),
        Cancel => pick("Cancel", "Annuler", "Abbrechen", "Cancelar"),
        Retry => pick("Retry", "Réessayer", "Erneut versuchen", "Reintentar"),
        Ready => pick("Ready to upload", "Prêt à téléverser", "Bereit zum Hochladen", "Listo para subir"),
        Preparing => pick("Preparing…", "Préparation…", "Vorbereitung…", "Preparando…"),
        Uploading => pick("Uploading", "Téléversement", "Wird hochgeladen", "Subiendo"),
        Paused => pick("Paused", "En pause", "Pausiert", "En pausa"),
        ResumeOffer(p) => match lang {
            En => format!("An earlier upload of this file stopped at {p} %. It will continue from there."),
            Fr => {
                format!("Un téléversement précédent de ce fichier s'est arrêté à {p} %. Il reprendra à partir de là.")
            }
            De => {
                format!("Ein früheres Hochladen dieser Datei wurde bei {p} % unterbrochen. Es wird dort fortgesetzt.")
            }
            Es => format!("Una subida anterior de este archivo se detuvo en el {p} %. Continuará desde ahí."),
        },
        StartOver => pick("Start over instead", "Recommencer à zéro", "Stattdessen neu beginnen", "Empezar de nuevo"),
        WaitingForNetwork => {
            pick("Waiting for the network…", "En attente du réseau…", "Warte auf das Netzwerk…", "Esperando la red…")
        }
        Finishing => pick("Finishing…", "Finalisation…", "Wird abgeschlossen…", "Finalizando…"),
        Processing => pick(
            "Processing in Panopto…",
            "Traitement dans Panopto…",
            "Verarbeitung in Panopto…",
            "Procesando en Panopto…",
        ),
        Complete => {
            pick("Ready in Panopto", "Disponible dans Panopto", "In Panopto verfügbar", "Disponible en Panopto")
        }
        Failed => pick("Upload failed", "Échec du téléversement", "Hochladen fehlgeschlagen", "Error al subir"),
        Cancelling => pick("Cancelling…", "Annulation…", "Wird abgebrochen…", "Cancelando…"),
        Cancelled => pick("Cancelled", "Annulé", "Abgebrochen", "Cancelado"),
        OpenInPanopto => pick("Open in Panopto", "Ouvrir dans Panopto", "In Panopto öffnen", "Abrir en Panopto"),
        StoredVideo(id) => match lang {
            En => format!("Uploaded: video {id}"),
            Fr => format!("Téléversée : vidéo {id}"),
            De => format!("Hochgeladen: Video {id}"),
            Es => format!("Subido: vídeo {id}"),
        },
        ProgressLine(percent, loaded, total, rate, left) => {
            let of = pick("of", "sur", "von", "de");
            let mut s = format!("{percent} % · {} {of} {}", human_size(loaded), human_size(total));
            if rate > 0.0 {
                s.push_str(&format!(" · {}/s", human_size(rate as u64)));
            }
            if let Some(left) = left {
                s.push_str(&format!(" · {}", eta(lang, left)));
            }
            s
        }
        Announce(name, a) => match (lang, a) {
            (En, Announcement::Started) => format!("Uploading {name}"),
            (En, Announcement::Milestone(p)) => format!("{name}: {p} percent uploaded"),
            (En, Announcement::Processing) => format!("{name} is uploaded; Panopto is processing it"),
            (En, Announcement::Complete) => format!("{name} is ready in Panopto"),
            (En, Announcement::Failed(m)) => format!("{name} failed: {m}"),
            (En, Announcement::Paused) => format!("{name} paused"),
            (En, Announcement::Cancelled) => format!("{name} cancelled"),
            (Fr, Announcement::Started) => format!("Téléversement de {name}"),
            (Fr, Announcement::Milestone(p)) => format!("{name} : {p} % téléversés"),
            (Fr, Announcement::Processing) => format!("{name} est téléversé ; Panopto le traite"),
            (Fr, Announcement::Complete) => format!("{name} est disponible dans Panopto"),
            (Fr, Announcement::Failed(m)) => format!("Échec pour {name} : {m}"),
            (Fr, Announcement::Paused) => format!("{name} en pause"),
            (Fr, Announcement::Cancelled) => format!("{name} annulé"),
            (De, Announcement::Started) => format!("{name} wird hochgeladen"),
            (De, Announcement::Milestone(p)) => format!("{name}: {p} Prozent hochgeladen"),
            (De, Announcement::Processing) => format!("{name} ist hochgeladen; Panopto verarbeitet die Datei"),
            (De, Announcement::Complete) => format!("{name} ist in Panopto verfügbar"),
            (De, Announcement::Failed(m)) => format!("{name} fehlgeschlagen: {m}"),
            (De, Announcement::Paused) => format!("{name} pausiert"),
            (De, Announcement::Cancelled) => format!("{name} abgebrochen"),
            (Es, Announcement::Started) => format!("Subiendo {name}"),
            (Es, Announcement::Milestone(p)) => format!("{name}: {p} por ciento subido"),
            (Es, Announcement::Processing) => format!("{name} se ha subido; Panopto lo está procesando"),
            (Es, Announcement::Complete) => format!("{name} está disponible en Panopto"),
            (Es, Announcement::Failed(m)) => format!("Error en {name}: {m}"),
            (Es, Announcement::Paused) => format!("{name} en pausa"),
            (Es, Announcement::Cancelled) => format!("{name} cancelado"),
        },
        LeaveWarning => pick(
            "Uploads are in progress. Leaving this page will interrupt them.",
            "Des téléversements sont en cours. Quitter la page les interrompra.",
            "Uploads laufen noch. Wenn Sie die Seite verlassen, werden sie unterbrochen.",
            "Hay subidas en curso. Si sale de la página se interrumpirán.",
        ),
        ProgressLabel(name) => match lang {
            En => format!("Upload progress of {name}"),
            Fr => format!("Progression de {name}"),
            De => format!("Fortschritt von {name}"),
            Es => format!("Progreso de {name}"),
        },
        NotConfigured(why) => match lang {
            En => format!("The uploader is not configured: {why}"),
            Fr => format!("Le téléverseur n'est pas configuré : {why}"),
            De => format!("Der Uploader ist nicht konfiguriert: {why}"),
            Es => format!("El cargador no está configurado: {why}"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn languages_and_fallback() {
        assert_eq!(Lang::parse(Some("fr-CA")), Lang::Fr);
        assert_eq!(Lang::parse(Some("DE")), Lang::De);
        assert_eq!(Lang::parse(Some("xx")), Lang::En);
        assert_eq!(Lang::parse(None), Lang::En);
        assert_eq!(t(Lang::Es, Msg::Pause), "Pausar");
    }

    #[test]
    fn progress_line() {
        let line = t(Lang::En, Msg::ProgressLine(43, 10 << 20, 23 << 20, 2.0 * 1048576.0, Some(125.0)));
        assert_eq!(line, "43 % · 10.0 MiB of 23.0 MiB · 2.0 MiB/s · 2 min 05 s left");
        assert_eq!(t(Lang::De, Msg::ProgressLine(0, 0, 5, 0.0, None)), "0 % · 0 B von 5 B");
    }
}
