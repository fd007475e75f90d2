//! The page model: everything the element knows above one file — the queue, the teacher's
//! sign-in and where uploads go — as one host-tested state machine, [`model::Page::apply`]
//! from (state, input) to effects, as `src/item` is for one file. The element turns DOM
//! calls into inputs and carries out effects with the browser's ports; the executor
//! (`executor/`) does the carrying out with any ports, so a whole teacher session runs on
//! the host with fakes and virtual time.
//!
//! ```text
//!  inputs                                   Page                                 effects
//!  ──────                                   ────                                 ───────
//!  Attributes, AccessToken,      ─▶  config (from the attributes)        ─▶  Tokens(page token,
//!  TokenProvider, CreateUpload       account: signed out │ signing in          provider, sign-in)
//!                                      │ signed in │ failed / ended          OpenSignIn
//!  Place(command), SignedIn,     ─▶  places: place (folder │ session,    ─▶  List, FindTrail,
//!  SignInEnded, Listed,                fixed or chosen), picker (closed │      NameSession
//!  TrailFound, SessionNamed            loading │ ready │ failed)
//!  AddFiles, Command, All,       ─▶  queue: entries in order, each an    ─▶  StartRun(plan), Steer,
//!  Edit, Network, SavedFound,          item machine, its details, the         Checkpoint, Record,
//!  Engine, Finished, ProgressDue       saved upload found, its pace           Discard, LookForSaved,
//!                                                                             ProgressTimer, Release
//!                                    said (the live region)              ─▶  Fire(statechange,
//!                                                                             uploadstart, progress,
//!                                                                             uploadcomplete,
//!                                                                             uploaderror)
//! ```
//! Start checks (here, before a file's machine hears "start"): the configuration has no
//! problems, and Panopto has a folder or a session. What the view shows is derived in
//! `views.rs`.

pub mod account;
pub mod common;
pub mod config;
pub mod details;
pub mod executor;
pub mod media;
pub mod model;
pub mod place;
pub mod plan;
pub mod ports;
pub mod queue;
pub mod signals;
pub mod unfinished;
pub mod views;
