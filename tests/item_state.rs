//! The per-file state machine, every (state, input) pair: `TRANSITIONS` lists each pair
//! that does something, with the next state and the effects in order; every other pair
//! must leave the item exactly as it was, with no effect. Written as the specification,
//! then checked against `Item::apply`.
//!
//! States are written `name`, `paused(by,stage)`, `ready(offer 40%)`, `failed(code)`,
//! with ` offline` when the browser is offline. In the next-state column `=` means
//! "unchanged" and `= offline` / `= online` the same state with the network flag changed.
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/item_table.rs"]
mod item_table;

use item_table::*;
use std::collections::{BTreeMap, BTreeSet};

const STATES: &[&str] = &[
    "ready",
    "ready(offer 40%)",
    "ready(declined)",
    "ready offline",
    "duplicate",
    "duplicate offline",
    "preparing",
    "uploading",
    "finishing",
    "processing",
    "paused(user,preparing)",
    "paused(user,uploading)",
    "paused(user,finishing)",
    "paused(user,processing)",
    "paused(user,uploading) offline",
    "paused(network,preparing) offline",
    "paused(network,uploading) offline",
    "paused(network,finishing) offline",
    "paused(network,processing) offline",
    "elsewhere",
    "elsewhere offline",
    "cancelling",
    "complete",
    "failed(network)",
    "failed(network) offline",
    "failed(file-read)",
    "failed(invalid-file)",
    "cancelled",
];

const INPUTS: &[&str] = &[
    "start",
    "pause",
    "resume",
    "cancel",
    "remove",
    "start-over",
    "upload-again",
    "online",
    "offline",
    "saved-found",
    "rejected",
    "duplicate",
    "unique",
    "phase(creating)",
    "phase(uploading)",
    "phase(finishing)",
    "phase(processing)",
    "phase(complete)",
    "progress(55%)",
    "checkpoint",
    "notice",
    "warning",
    "elsewhere",
    "here",
    "finished(ok)",
    "finished(cancelled)",
    "finished(network)",
    "finished(processing-failed)",
];

/// Running states: a run is under way, possibly paused.
const RUNNING: &str = "preparing, uploading, finishing, processing, paused(user,preparing), paused(user,uploading), \
    paused(user,finishing), paused(user,processing), paused(user,uploading) offline, paused(network,preparing) offline, \
    paused(network,uploading) offline, paused(network,finishing) offline, paused(network,processing) offline";

/// input | from (comma-separated, or $RUNNING) | next | effects
const TRANSITIONS: &str = "
start | ready, ready(offer 40%) | preparing | statechange announce(started) start-run(restore)
start | ready(declined) | preparing | statechange announce(started) start-run(fresh)
start | ready offline | paused(network,preparing) offline | statechange announce(started) start-run(restore) pause-run
start | failed(network), failed(file-read) | preparing | statechange announce(started) start-run(restore)
start | failed(network) offline | paused(network,preparing) offline | statechange announce(started) start-run(restore) pause-run

upload-again | duplicate | preparing | statechange announce(started) start-run(copy)
upload-again | duplicate offline | paused(network,preparing) offline | statechange announce(started) start-run(copy) pause-run

pause | preparing | paused(user,preparing) | statechange pause-run announce(paused)
pause | uploading | paused(user,uploading) | statechange pause-run announce(paused)
pause | finishing | paused(user,finishing) | statechange pause-run announce(paused)
pause | paused(network,preparing) offline | paused(user,preparing) offline | announce(paused)
pause | paused(network,uploading) offline | paused(user,uploading) offline | announce(paused)
pause | paused(network,finishing) offline | paused(user,finishing) offline | announce(paused)
pause | paused(network,processing) offline | paused(user,processing) offline | announce(paused)

resume | paused(user,preparing) | preparing | statechange resume-run
resume | paused(user,uploading) | uploading | statechange resume-run
resume | paused(user,finishing) | finishing | statechange resume-run
resume | paused(user,processing) | processing | statechange resume-run
resume | paused(user,uploading) offline | paused(network,uploading) offline |

cancel | ready, ready(offer 40%), ready(declined), duplicate | cancelled | statechange announce(cancelled)
cancel | ready offline, duplicate offline | cancelled offline | statechange announce(cancelled)
cancel | preparing, uploading, finishing, processing, paused(user,preparing), paused(user,uploading), paused(user,finishing), paused(user,processing) | cancelling | statechange cancel-run
cancel | paused(user,uploading) offline, paused(network,preparing) offline, paused(network,uploading) offline, paused(network,finishing) offline, paused(network,processing) offline | cancelling offline | statechange cancel-run
cancel | elsewhere | cancelling | statechange cancel-run
cancel | elsewhere offline | cancelling offline | statechange cancel-run

remove | ready, ready(offer 40%), ready(declined), ready offline, duplicate, duplicate offline, complete, failed(network), failed(network) offline, failed(file-read), failed(invalid-file), cancelled | = | remove
remove | elsewhere, elsewhere offline | = | cancel-run remove

start-over | ready(offer 40%) | ready(declined) | discard-record
start-over | ready | ready(declined) |
start-over | ready offline | ready(declined) offline |

online | paused(network,preparing) offline | preparing | statechange resume-run
online | paused(network,uploading) offline | uploading | statechange resume-run
online | paused(network,finishing) offline | finishing | statechange resume-run
online | paused(network,processing) offline | processing | statechange resume-run
online | ready offline, duplicate offline, paused(user,uploading) offline, failed(network) offline, elsewhere offline | = online |

offline | preparing | paused(network,preparing) offline | statechange pause-run
offline | uploading | paused(network,uploading) offline | statechange pause-run
offline | finishing | paused(network,finishing) offline | statechange pause-run
offline | processing | paused(network,processing) offline | statechange pause-run
offline | ready, ready(offer 40%), ready(declined), duplicate, paused(user,preparing), paused(user,uploading), paused(user,finishing), paused(user,processing), elsewhere, cancelling, complete, failed(network), failed(file-read), failed(invalid-file), cancelled | = offline |

saved-found | ready | ready(offer 40%) | adopt-saved
saved-found | ready offline | ready(offer 40%) offline | adopt-saved

rejected | ready, ready(offer 40%), ready(declined), duplicate | failed(invalid-file) | statechange error(invalid-file)
rejected | ready offline, duplicate offline | failed(invalid-file) offline | statechange error(invalid-file)

duplicate | ready | duplicate | statechange announce(duplicate)
duplicate | ready offline | duplicate offline | statechange announce(duplicate)
unique | duplicate | ready | statechange
unique | duplicate offline | ready offline | statechange

phase(creating) | preparing, paused(user,preparing), paused(network,preparing) offline | = | uploadstart

phase(uploading) | preparing | uploading | statechange
phase(uploading) | paused(user,preparing) | paused(user,uploading) |
phase(uploading) | paused(network,preparing) offline | paused(network,uploading) offline |

phase(finishing) | preparing, uploading | finishing | statechange
phase(finishing) | paused(user,preparing), paused(user,uploading) | paused(user,finishing) |
phase(finishing) | paused(user,uploading) offline | paused(user,finishing) offline |
phase(finishing) | paused(network,preparing) offline, paused(network,uploading) offline | paused(network,finishing) offline |

phase(processing) | preparing, uploading, finishing | processing | statechange announce(processing)
phase(processing) | paused(user,preparing), paused(user,uploading), paused(user,finishing) | paused(user,processing) | announce(processing)
phase(processing) | paused(user,uploading) offline | paused(user,processing) offline | announce(processing)
phase(processing) | paused(network,preparing) offline, paused(network,uploading) offline, paused(network,finishing) offline | paused(network,processing) offline | announce(processing)

progress(55%) | $RUNNING | = | progress(55) announce(milestone 50)
checkpoint | $RUNNING | = | save
notice | $RUNNING | = | notice
warning | $RUNNING | = | warning

elsewhere | preparing | elsewhere | statechange announce(elsewhere)
elsewhere | paused(user,preparing) | elsewhere | statechange resume-run announce(elsewhere)
elsewhere | paused(network,preparing) offline | elsewhere offline | statechange resume-run announce(elsewhere)
here | elsewhere | preparing | statechange announce(started)
here | elsewhere offline | paused(network,preparing) offline | statechange announce(started) pause-run

finished(ok) | preparing, uploading, finishing, processing, paused(user,preparing), paused(user,uploading), paused(user,finishing), paused(user,processing), elsewhere, cancelling | complete | statechange completed announce(complete) forget-record
finished(ok) | paused(user,uploading) offline, paused(network,preparing) offline, paused(network,uploading) offline, paused(network,finishing) offline, paused(network,processing) offline, elsewhere offline | complete offline | statechange completed announce(complete) forget-record
finished(cancelled) | preparing, uploading, finishing, processing, paused(user,preparing), paused(user,uploading), paused(user,finishing), paused(user,processing), elsewhere, cancelling | cancelled | statechange announce(cancelled) forget-record
finished(cancelled) | paused(user,uploading) offline, paused(network,preparing) offline, paused(network,uploading) offline, paused(network,finishing) offline, paused(network,processing) offline, elsewhere offline | cancelled offline | statechange announce(cancelled) forget-record
finished(network) | preparing, uploading, finishing, processing, paused(user,preparing), paused(user,uploading), paused(user,finishing), paused(user,processing), elsewhere | failed(network) | statechange error(network) announce(failed) keep-record
finished(network) | paused(user,uploading) offline, paused(network,preparing) offline, paused(network,uploading) offline, paused(network,finishing) offline, paused(network,processing) offline, elsewhere offline | failed(network) offline | statechange error(network) announce(failed) keep-record
finished(network) | cancelling | cancelled | statechange announce(cancelled) discard-record
finished(processing-failed) | preparing, uploading, finishing, processing, paused(user,preparing), paused(user,uploading), paused(user,finishing), paused(user,processing), elsewhere | failed(processing-failed) | statechange error(processing-failed) announce(failed) forget-record
finished(processing-failed) | paused(user,uploading) offline, paused(network,preparing) offline, paused(network,uploading) offline, paused(network,finishing) offline, paused(network,processing) offline, elsewhere offline | failed(processing-failed) offline | statechange error(processing-failed) announce(failed) forget-record
finished(processing-failed) | cancelling | cancelled | statechange announce(cancelled) discard-record
";

/// `a, paused(user,uploading), b` → the states (commas inside parentheses belong to them).
fn split_states(list: &str) -> Vec<&str> {
    let (mut out, mut depth, mut start) = (Vec::new(), 0, 0);
    for (i, c) in list.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                out.push(list[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(list[start..].trim());
    out
}

/// (state, input) → (next state, effects), from the table.
fn table() -> BTreeMap<(String, String), (String, String)> {
    let mut out = BTreeMap::new();
    for line in TRANSITIONS.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let cols: Vec<&str> = line.split('|').map(str::trim).collect();
        assert_eq!(cols.len(), 4, "{line}");
        let from = if cols[1] == "$RUNNING" { RUNNING } else { cols[1] };
        for state in split_states(from) {
            assert!(STATES.contains(&state), "unknown state `{state}` in: {line}");
            assert!(INPUTS.contains(&cols[0]), "unknown input `{}` in: {line}", cols[0]);
            let base = state.strip_suffix(" offline").unwrap_or(state);
            let next = match cols[2] {
                "=" => state.to_string(),
                "= offline" => format!("{base} offline"),
                "= online" => base.to_string(),
                explicit => explicit.to_string(),
            };
            let previous = out.insert((state.to_string(), cols[0].to_string()), (next, cols[3].to_string()));
            assert!(previous.is_none(), "({state}, {}) listed twice", cols[0]);
        }
    }
    out
}

#[test]
fn every_state_and_input_pair_does_what_the_table_says_and_nothing_else() {
    let table = table();
    let mut failures = Vec::new();
    let mut changed = 0;
    for state in STATES {
        for name in INPUTS {
            let mut it = item(state);
            assert_eq!(describe(&it), *state, "the test builds the state it names");
            let effects: Vec<String> = it.apply(input(name)).iter().map(effect).collect();
            let got = (describe(&it), effects.join(" "));
            let want = match table.get(&(state.to_string(), name.to_string())) {
                Some(w) => {
                    changed += 1;
                    w.clone()
                }
                None => (state.to_string(), String::new()),
            };
            if got != want {
                failures.push(format!("{state} + {name}: got `{} | {}`, want `{} | {}`", got.0, got.1, want.0, want.1));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} pairs differ:\n{}",
        failures.len(),
        STATES.len() * INPUTS.len(),
        failures.join("\n")
    );
    assert_eq!(changed, table.len(), "every listed pair was checked");
    assert_eq!(STATES.len() * INPUTS.len(), 784);
}

#[test]
fn the_table_covers_every_state_variant_and_every_input_variant() {
    // So that a new state or input cannot slip past the table unnoticed.
    let names: BTreeSet<&str> = STATES.iter().map(|s| item(s).state().name()).collect();
    let all = [
        "ready",
        "duplicate",
        "preparing",
        "uploading",
        "finishing",
        "processing",
        "paused",
        "elsewhere",
        "cancelling",
        "complete",
        "error",
        "cancelled",
    ];
    assert_eq!(names, all.into_iter().collect());
    for n in INPUTS {
        input(n); // each builds
    }
}

#[test]
fn a_duplicate_waits_for_the_teachers_choice_whatever_starts_it() {
    use panopto_uploader::ui::i18n::{t, Lang};
    let mut it = item("ready");
    it.apply(input("duplicate"));
    let c = it.state().controls();
    assert!(c.edit && c.upload_again && c.remove && !c.upload, "{c:?}");
    assert_eq!(t(Lang::En, it.state().status_line()), "Already in the list");
    // The Upload button is not offered; `start()` and auto-start send Start: nothing moves.
    assert!(it.apply(input("start")).is_empty());
    assert_eq!(describe(&it), "duplicate");
    // A saved upload found for the file is the other copy's: never offered here.
    assert!(it.apply(input("saved-found")).is_empty());
    let fx: Vec<String> = it.apply(input("upload-again")).iter().map(effect).collect();
    assert_eq!(fx.join(" "), "statechange announce(started) start-run(copy)");
}
