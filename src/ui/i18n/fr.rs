//! French.

use super::format::progress_line;
use crate::text::{Announcement as A, Msg, PlaceMsg};

pub fn text(msg: Msg) -> String {
    use Msg::*;
    match msg {
        DropPrompt => "Déposez vos enregistrements de cours ici, ou choisissez des fichiers".into(),
        DropHint => "Chaque fichier devient une session Panopto".into(),
        DropHintPanda => "Chaque fichier est téléversé vers Panda, et peut reprendre là où il s'est arrêté".into(),
        WholeFileNotice => "Le serveur ne laisse pas cette page lire la progression, le fichier part donc d'un seul bloc : il ne pourra pas reprendre en cas d'interruption.".into(),
        Title => "Titre".into(),
        Description => "Description".into(),
        Secondary => "Enregistrement d'écran (seconde vidéo facultative)".into(),
        Captions => "Sous-titres (SRT ou VTT)".into(),
        CaptionLanguage => "Langue des sous-titres".into(),
        AddCaption => "Ajouter des sous-titres".into(),
        Remove(name) => format!("Retirer {name}"),
        RemoveButton => "Retirer".into(),
        Upload => "Téléverser".into(),
        Pause => "Pause".into(),
        Resume => "Reprendre".into(),
        Cancel => "Annuler".into(),
        Retry => "Réessayer".into(),
        Ready => "Prêt à téléverser".into(),
        Preparing => "Préparation…".into(),
        Uploading => "Téléversement".into(),
        Paused => "En pause".into(),
        Finishing => "Finalisation…".into(),
        Processing => "Traitement dans Panopto…".into(),
        Complete => "Disponible dans Panopto".into(),
        Failed => "Échec du téléversement".into(),
        Cancelling => "Annulation…".into(),
        Cancelled => "Annulé".into(),
        OpenInPanopto => "Ouvrir dans Panopto".into(),
        StoredVideo(id) => format!("Téléversée : vidéo {id}"),
        ProgressLine(p, l, t, r, e) => progress_line((p, l, t, r, e), "sur", |m, s| match m {
            0 => format!("{s} s restantes"),
            _ => format!("{m} min {s:02} s restantes"),
        }),
        Announce(name, a) => match a {
            A::Started => format!("Téléversement de {name}"),
            A::Milestone(p) => format!("{name} : {p} % téléversés"),
            A::Processing => format!("{name} est téléversé ; Panopto le traite"),
            A::Complete => format!("{name} est disponible dans Panopto"),
            A::Failed(m) => format!("Échec pour {name} : {m}"),
            A::Paused => format!("{name} en pause"),
            A::Cancelled => format!("{name} annulé"),
            A::Duplicate => format!("{name} est déjà dans la liste : téléversez-le à nouveau, ou retirez-le"),
            A::Elsewhere => format!("{name} est en cours de téléversement dans un autre onglet ; il continuera ici si cet onglet se ferme"),
        },
        LeaveWarning => "Des téléversements sont en cours. Quitter la page les interrompra.".into(),
        ProgressLabel(name) => format!("Progression de {name}"),
        NotConfigured(why) => format!("Le téléverseur n'est pas configuré : {why}"),
        ResumeOffer(p) => {
            format!("Un téléversement précédent de ce fichier s'est arrêté à {p} %. Il reprendra à partir de là.")
        }
        StartOver => "Recommencer à zéro".into(),
        WaitingForNetwork => "En attente du réseau…".into(),
        Duplicate => "Déjà dans la liste".into(),
        DuplicateNotice => "Ce fichier est déjà dans la liste ci-dessus (même nom, même taille, même date). Le téléverser une seconde fois quand même, ou le retirer ?".into(),
        UploadAgain => "Téléverser à nouveau".into(),
        Elsewhere => "Téléversement dans un autre onglet".into(),
        ElsewhereNotice => "Ce fichier est en cours de téléversement dans un autre onglet ou une autre fenêtre de ce site. Si celui-ci se ferme, le téléversement continue ici.".into(),
    }
}

pub fn place(msg: PlaceMsg) -> String {
    use PlaceMsg::*;
    match msg {
        SignIn => "Se connecter à Panopto".into(),
        SignOut => "Se déconnecter".into(),
        SigningIn => "Connexion… terminez dans la fenêtre qui s'est ouverte.".into(),
        SignedIn => "Connecté à Panopto".into(),
        UploadTo => "Téléverser dans".into(),
        AddingTo => "Ajouter à la session".into(),
        NoFolder => "aucun dossier choisi".into(),
        ChooseFolder => "Choisir un dossier".into(),
        Change => "Modifier".into(),
        AddToSession => "Ajouter à une session existante".into(),
        NewSessionsInstead => "Créer plutôt de nouvelles sessions".into(),
        FolderPicker => "Choisir un dossier Panopto".into(),
        SessionPicker => "Choisir une session".into(),
        TopLevel => "Tous les dossiers".into(),
        Path => "Chemin du dossier".into(),
        Search => "Rechercher".into(),
        SearchFolders => "Rechercher des dossiers".into(),
        SearchSessions => "Rechercher des sessions".into(),
        ClearSearch => "Revenir à la navigation".into(),
        Results(q) => format!("Résultats pour « {q} »"),
        Loading => "Chargement…".into(),
        NoFolders => "Aucun dossier ici.".into(),
        NoSessions => "Aucune session ici.".into(),
        Truncated => "Seules les premières entrées sont affichées : recherchez pour trouver les autres.".into(),
        Open(name) => format!("Ouvrir {name}"),
        Choose(name) => format!("Choisir {name}"),
        ChooseThisFolder => "Téléverser dans ce dossier".into(),
        Close => "Fermer".into(),
        StreamType => "Ajouter comme".into(),
        PrimaryVideo => "Vidéo principale".into(),
        SecondaryVideo => "Vidéo secondaire (écran)".into(),
        Presentation => "Présentation".into(),
        ChooseFolderFirst => {
            "Choisissez d'abord où vont les enregistrements (un dossier, ou une session à compléter).".into()
        }
    }
}
