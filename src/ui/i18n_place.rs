//! The words of the sign-in and of the folder and session pickers, in the element's four
//! languages (see [`super::i18n`] for the rest).

use super::i18n::Lang;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PlaceMsg<'a> {
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
    Results(&'a str),
    Loading,
    NoFolders,
    NoSessions,
    Truncated,
    Open(&'a str),
    Choose(&'a str),
    ChooseThisFolder,
    Close,
    StreamType,
    PrimaryVideo,
    SecondaryVideo,
    Presentation,
    ChooseFolderFirst,
}

pub fn tp(lang: Lang, msg: PlaceMsg) -> String {
    use PlaceMsg::*;
    let pick = |en: &str, fr: &str, de: &str, es: &str| match lang {
        Lang::En => en.to_string(),
        Lang::Fr => fr.to_string(),
        Lang::De => de.to_string(),
        Lang::Es => es.to_string(),
    };
    match msg {
        SignIn => {
            pick("Sign in to Panopto", "Se connecter à Panopto", "Bei Panopto anmelden", "Iniciar sesión en Panopto")
        }
        SignOut => pick("Sign out", "Se déconnecter", "Abmelden", "Cerrar sesión"),
        SigningIn => pick(
            "Signing in… finish in the window that opened.",
            "Connexion… terminez dans la fenêtre qui s'est ouverte.",
            "Anmeldung… im geöffneten Fenster abschließen.",
            "Iniciando sesión… termine en la ventana que se abrió.",
        ),
        SignedIn => {
            pick("Signed in to Panopto", "Connecté à Panopto", "Bei Panopto angemeldet", "Sesión iniciada en Panopto")
        }
        UploadTo => pick("Upload to", "Téléverser dans", "Hochladen nach", "Subir a"),
        AddingTo => pick("Add to session", "Ajouter à la session", "Zur Sitzung hinzufügen", "Añadir a la sesión"),
        NoFolder => {
            pick("no folder chosen yet", "aucun dossier choisi", "noch kein Ordner gewählt", "ninguna carpeta elegida")
        }
        ChooseFolder => pick("Choose a folder", "Choisir un dossier", "Ordner wählen", "Elegir una carpeta"),
        Change => pick("Change", "Modifier", "Ändern", "Cambiar"),
        AddToSession => pick(
            "Add to an existing session",
            "Ajouter à une session existante",
            "Zu einer bestehenden Sitzung hinzufügen",
            "Añadir a una sesión existente",
        ),
        NewSessionsInstead => pick(
            "Make new sessions instead",
            "Créer plutôt de nouvelles sessions",
            "Stattdessen neue Sitzungen anlegen",
            "Crear sesiones nuevas en su lugar",
        ),
        FolderPicker => pick(
            "Choose a Panopto folder",
            "Choisir un dossier Panopto",
            "Panopto-Ordner wählen",
            "Elegir una carpeta de Panopto",
        ),
        SessionPicker => pick("Choose a session", "Choisir une session", "Sitzung wählen", "Elegir una sesión"),
        TopLevel => pick("All folders", "Tous les dossiers", "Alle Ordner", "Todas las carpetas"),
        Path => pick("Folder path", "Chemin du dossier", "Ordnerpfad", "Ruta de la carpeta"),
        Search => pick("Search", "Rechercher", "Suchen", "Buscar"),
        SearchFolders => pick("Search folders", "Rechercher des dossiers", "Ordner suchen", "Buscar carpetas"),
        SearchSessions => pick("Search sessions", "Rechercher des sessions", "Sitzungen suchen", "Buscar sesiones"),
        ClearSearch => {
            pick("Back to browsing", "Revenir à la navigation", "Zurück zum Durchsuchen", "Volver a explorar")
        }
        Results(q) => match lang {
            Lang::En => format!("Results for “{q}”"),
            Lang::Fr => format!("Résultats pour « {q} »"),
            Lang::De => format!("Ergebnisse für „{q}“"),
            Lang::Es => format!("Resultados para «{q}»"),
        },
        Loading => pick("Loading…", "Chargement…", "Wird geladen…", "Cargando…"),
        NoFolders => {
            pick("No folders here.", "Aucun dossier ici.", "Hier gibt es keine Ordner.", "No hay carpetas aquí.")
        }
        NoSessions => {
            pick("No sessions here.", "Aucune session ici.", "Hier gibt es keine Sitzungen.", "No hay sesiones aquí.")
        }
        Truncated => pick(
            "Only the first entries are shown: search to find the others.",
            "Seules les premières entrées sont affichées : recherchez pour trouver les autres.",
            "Nur die ersten Einträge werden gezeigt: suchen Sie nach den anderen.",
            "Solo se muestran las primeras entradas: busque para encontrar las demás.",
        ),
        Open(name) => match lang {
            Lang::En => format!("Open {name}"),
            Lang::Fr => format!("Ouvrir {name}"),
            Lang::De => format!("{name} öffnen"),
            Lang::Es => format!("Abrir {name}"),
        },
        Choose(name) => match lang {
            Lang::En => format!("Choose {name}"),
            Lang::Fr => format!("Choisir {name}"),
            Lang::De => format!("{name} wählen"),
            Lang::Es => format!("Elegir {name}"),
        },
        ChooseThisFolder => pick(
            "Upload to this folder",
            "Téléverser dans ce dossier",
            "In diesen Ordner hochladen",
            "Subir a esta carpeta",
        ),
        Close => pick("Close", "Fermer", "Schließen", "Cerrar"),
        StreamType => pick("Add as", "Ajouter comme", "Hinzufügen als", "Añadir como"),
        PrimaryVideo => pick("Primary video", "Vidéo principale", "Hauptvideo", "Vídeo principal"),
        SecondaryVideo => pick(
            "Secondary video (screen)",
            "Vidéo secondaire (écran)",
            "Zweitvideo (Bildschirm)",
            "Vídeo secundario (pantalla)",
        ),
        Presentation => pick("Presentation", "Présentation", "Präsentation", "Presentación"),
        ChooseFolderFirst => pick(
            "Choose where the recordings go first (a folder, or a session to add to).",
            "Choisissez d'abord où vont les enregistrements (un dossier, ou une session à compléter).",
            "Wählen Sie zuerst, wohin die Aufnahmen gehen (einen Ordner oder eine Sitzung).",
            "Elija primero adónde van las grabaciones (una carpeta o una sesión).",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn every_language_has_its_own_words() {
        for msg in [PlaceMsg::SignIn, PlaceMsg::ChooseFolderFirst, PlaceMsg::Results("EE")] {
            let all: Vec<String> = [Lang::En, Lang::Fr, Lang::De, Lang::Es].iter().map(|l| tp(*l, msg)).collect();
            for (i, a) in all.iter().enumerate() {
                assert!(!a.is_empty());
                assert!(all[i + 1..].iter().all(|b| b != a), "{msg:?}: {all:?}");
            }
        }
    }
}
