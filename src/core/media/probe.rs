//! The probe: a pull-style state machine that says which byte range it wants next and
//! takes the bytes read there, so the browser (async `File` slices) and the tests (bytes in
//! memory) drive the same code. It reads the head, and for MP4 hops from box header to box
//! header (over a many-GB `mdat` in one step) to the index, then each track's first bytes.

use super::bmff::{self, BoxHead, HeadError};
use super::moov::{self, Clock};
use super::read::{index, tail};
use super::report::{AudioTrack, Codec, Container, Damage, MediaReport, VideoTrack};
use super::sniff;

/// The most the probe asks for in all: a check before an upload must stay cheap on a slow
/// disk or a network share.
pub const BUDGET: u64 = 4 * 1024 * 1024;
/// The first read: enough for every magic number and most headers.
const HEAD: u64 = 64 * 1024;
/// A box header with a 64-bit size.
const BOX_HEADER: u64 = 16;
/// The first part of `moov` read in one go: `mvhd` and usually every track's header.
const MOOV_WINDOW: u64 = 256 * 1024;
/// A track's own boxes (`tkhd`, `hdlr`, `stsd`) come before its sample tables, which can be
/// megabytes long: this much of a track's start holds them.
const TRAK_HEAD: u64 = 16 * 1024;
/// Reads are few big ones, except hops between top-level boxes; a fragmented file can
/// have thousands of those, each an async round trip, so the walk stops after this many.
const MAX_READS: u32 = 512;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Head,
    /// The header of the top-level box at `pos`.
    Top {
        pos: u64,
    },
    /// The rest of the first `window_end - held_at` bytes of `moov` (which ends at `end`).
    MoovWindow {
        body: u64,
        end: u64,
        window_end: u64,
    },
    /// The `moov` child at `pos`, up to [`TRAK_HEAD`] of it.
    MoovChild {
        pos: u64,
        end: u64,
    },
    Done,
}

/// What a `moov` child gave, taken out of the bytes before the report is changed.
enum Found {
    Clock(Result<Clock, ()>),
    Track(Result<moov::Track, u64>),
    Fragmented(Option<u64>),
    Nothing,
}

#[derive(Clone, Debug)]
pub struct Probe {
    size: u64,
    phase: Phase,
    head: Vec<u8>,
    /// The bytes of the last read (or the `moov` window being gathered), from `held_at`.
    held: Vec<u8>,
    held_at: u64,
    read: u64,
    reads: u32,
    report: MediaReport,
    moov_seen: bool,
    media_seen: bool,
    clock: Option<Clock>,
}

impl Probe {
    /// A probe of a file of `size` bytes.
    pub fn new(size: u64) -> Probe {
        Probe {
            size,
            phase: if size == 0 { Phase::Done } else { Phase::Head },
            head: Vec::new(),
            held: Vec::new(),
            held_at: 0,
            read: 0,
            reads: 0,
            report: MediaReport::unknown(),
            moov_seen: false,
            media_seen: false,
            clock: None,
        }
    }

    /// The next range to read (start, length ≤ 1 MiB, never past the end of the file), or
    /// `None` when the probe is done.
    pub fn want(&self) -> Option<(u64, u32)> {
        let (start, len) = match self.phase {
            Phase::Head => (0, HEAD),
            Phase::Top { pos } => (pos, BOX_HEADER),
            Phase::MoovWindow { window_end, .. } => {
                let from = self.held_at.saturating_add(self.held.len() as u64);
                (from, window_end.saturating_sub(from))
            }
            Phase::MoovChild { pos, end } => (pos, end.saturating_sub(pos).min(TRAK_HEAD)),
            Phase::Done => return None,
        };
        if self.reads >= MAX_READS {
            return None;
        }
        let len = len.min(self.size.saturating_sub(start));
        let room = BUDGET.saturating_sub(self.read);
        // A range cut by the budget is still worth reading if it holds a box header.
        let len = if len > room && room >= BOX_HEADER { room } else { len };
        if len == 0 || len > room {
            return None;
        }
        u32::try_from(len).ok().map(|len| (start, len))
    }

    /// The bytes read at `start`: what [`Probe::want`] asked for, or fewer at the end of the
    /// file. Bytes for any other start are ignored, and bytes past the length asked for too.
    pub fn feed(&mut self, start: u64, bytes: &[u8]) {
        let Some((wanted, len)) = self.want() else { return };
        if start != wanted {
            return;
        }
        let bytes = bytes.get(..index(u64::from(len))).unwrap_or(bytes);
        self.read = self.read.saturating_add(bytes.len() as u64);
        self.reads = self.reads.saturating_add(1);
        match self.phase {
            Phase::Head => self.on_head(bytes),
            Phase::Top { pos } => {
                self.hold(pos, bytes);
                self.walk_top(pos, true);
            }
            Phase::MoovWindow { body, end, .. } => {
                self.held.extend_from_slice(bytes);
                self.walk_moov(body, end, None);
            }
            Phase::MoovChild { pos, end } => {
                self.hold(pos, bytes);
                self.walk_moov(pos, end, Some(pos));
            }
            Phase::Done => {}
        }
    }

    pub fn bytes_read(&self) -> u64 {
        self.read
    }

    /// What is known so far; the whole answer once [`Probe::want`] says `None`.
    pub fn report(&self) -> MediaReport {
        self.report
    }

    fn hold(&mut self, at: u64, bytes: &[u8]) {
        self.held.clear();
        self.held.extend_from_slice(bytes);
        self.held_at = at;
    }

    /// The bytes read from `pos` on, in the head or the last read.
    fn avail(&self, pos: u64) -> &[u8] {
        let held = tail(&self.held, self.held_at, pos);
        let head = tail(&self.head, 0, pos);
        if held.len() > head.len() {
            held
        } else {
            head
        }
    }

    fn damage(&mut self, damage: Damage) {
        // The first damage found is the one that explains the rest.
        self.report.damage = self.report.damage.take().or(Some(damage));
    }

    fn on_head(&mut self, bytes: &[u8]) {
        self.head = bytes.to_vec();
        match bmff::kind(&self.head) {
            Some(Container::Image(image)) => {
                self.report.container = Container::Image(image);
                self.finish(false);
            }
            Some(container) => {
                self.report.container = container;
                self.walk_top(0, true);
            }
            None => {
                self.report.container = sniff::sniff(&self.head);
                self.finish(false);
            }
        }
    }

    /// Stops; `walked` when the top-level walk reached the end of the file, which is when a
    /// missing index is known to be missing (not merely not reached).
    fn finish(&mut self, walked: bool) {
        self.phase = Phase::Done;
        let cut_or_sound = !matches!(self.report.damage, Some(Damage::Malformed { .. }));
        if walked && self.media_seen && !self.moov_seen && cut_or_sound {
            self.report.damage = Some(Damage::NoIndex);
        }
        self.head = Vec::new();
        self.held = Vec::new();
    }

    /// Walks the top-level boxes from `pos` through the bytes held; `fresh` when bytes were
    /// just read at `pos` (so a header still missing there means the read came back short).
    fn walk_top(&mut self, mut pos: u64, mut fresh: bool) {
        loop {
            if pos >= self.size {
                return self.finish(true);
            }
            match bmff::box_head(self.avail(pos), pos, self.size) {
                Err(HeadError::Need) if fresh => return self.finish(false),
                Err(HeadError::Need) => {
                    self.phase = Phase::Top { pos };
                    return;
                }
                Err(HeadError::PastEnd) => {
                    self.damage(Damage::Truncated { at: pos });
                    return self.finish(true);
                }
                // Zeros where a box should start: space a recorder reserved and never
                // filled. Nothing more is coming.
                Ok(h) if h.kind == [0; 4] => return self.finish(true),
                Ok(h) if h.kind.iter().all(|c| (0x20..0x7f).contains(c)) => {
                    let end = if h.end > self.size {
                        self.damage(Damage::Truncated { at: pos });
                        self.size
                    } else {
                        h.end
                    };
                    match &h.kind {
                        b"mdat" | b"moof" => self.media_seen = true,
                        b"moov" if !self.moov_seen => {
                            self.moov_seen = true;
                            return self.enter_moov(h);
                        }
                        _ => {}
                    }
                    pos = end;
                    fresh = false;
                }
                // A size that cannot be, or a type that is no box's: nothing after it can
                // be trusted.
                Ok(_) | Err(HeadError::Bad) => {
                    self.damage(Damage::Malformed { at: pos });
                    return self.finish(false);
                }
            }
        }
    }

    /// Starts on `moov`: gathers its first [`MOOV_WINDOW`] bytes, keeping what is already
    /// held.
    fn enter_moov(&mut self, h: BoxHead) {
        let end = h.end;
        let window_end = end.min(self.size).min(h.at.saturating_add(MOOV_WINDOW));
        let room = index(window_end.saturating_sub(h.at));
        let kept = self.avail(h.at);
        let kept = kept.get(..room).unwrap_or(kept).to_vec();
        self.held = kept;
        self.held_at = h.at;
        let body = h.at.saturating_add(h.header);
        if self.held.len() < room {
            self.phase = Phase::MoovWindow { body, end, window_end };
        } else {
            self.walk_moov(body, end, None);
        }
    }

    /// Walks `moov`'s children from `pos` (`moov` ends at `end`) through the bytes held,
    /// asking for each child not held well enough; `fresh` is where bytes were just read.
    /// In a file cut inside `moov`, each child is read as far as the file goes.
    fn walk_moov(&mut self, mut pos: u64, end: u64, fresh: Option<u64>) {
        let stop = end.min(self.size);
        while pos < stop {
            let here = tail(&self.held, self.held_at, pos);
            let h = match bmff::box_head(here, pos, end) {
                Err(HeadError::Need) if fresh == Some(pos) => return self.finish(false),
                Err(HeadError::Need) => {
                    self.phase = Phase::MoovChild { pos, end };
                    return;
                }
                Ok(h) if h.end <= end => h,
                Ok(_) | Err(_) => {
                    self.damage(Damage::Malformed { at: pos });
                    break;
                }
            };
            let len = h.end - pos;
            let needed = match &h.kind {
                b"trak" | b"mvhd" | b"mvex" => len.min(TRAK_HEAD),
                _ => h.header,
            }
            .min(stop - pos);
            if (here.len() as u64) < needed && fresh != Some(pos) {
                self.phase = Phase::MoovChild { pos, end };
                return;
            }
            let body = here.get(index(h.header)..index(len).min(here.len())).unwrap_or(&[]);
            let found = match &h.kind {
                b"mvhd" => Found::Clock(moov::mvhd(body)),
                b"trak" => Found::Track(moov::trak(body, pos.saturating_add(h.header), h.end)),
                b"mvex" => Found::Fragmented(moov::mvex_duration(body, pos.saturating_add(h.header), h.end)),
                _ => Found::Nothing,
            };
            self.take(found, pos);
            pos = h.end;
        }
        // The index is read (or broken); the boxes after it may still show a cut-off file.
        self.walk_top(stop, false);
    }

    fn take(&mut self, found: Found, at: u64) {
        match found {
            Found::Clock(Ok(clock)) => {
                self.clock = Some(clock);
                self.report.duration_ms = self.report.duration_ms.or(clock.duration_ms());
            }
            Found::Track(Ok(t)) => self.track(t),
            Found::Clock(Err(())) => self.damage(Damage::Malformed { at }),
            Found::Track(Err(inside)) => self.damage(Damage::Malformed { at: inside }),
            Found::Fragmented(whole) => {
                let clock = self.clock.map(|c| Clock { duration: whole, ..c });
                self.report.duration_ms = self.report.duration_ms.or(clock.and_then(|c| c.duration_ms()));
            }
            Found::Nothing => {}
        }
    }

    fn track(&mut self, t: moov::Track) {
        // No sample description read: four spaces, which the card leaves out.
        let codec = Codec(t.entry.unwrap_or(*b"    "));
        match t.handler.as_ref() {
            Some(b"vide") if self.report.video.is_none() => {
                self.report.video = Some(VideoTrack { codec, width: t.width, height: t.height })
            }
            Some(b"soun") if self.report.audio.is_none() => self.report.audio = Some(AudioTrack { codec }),
            _ => {}
        }
    }
}

/// Drives a [`Probe`] over a file held in memory (tests, tools).
pub fn probe_bytes(data: &[u8]) -> MediaReport {
    let mut probe = Probe::new(data.len() as u64);
    // Every read the probe takes counts against its limits, so this ends.
    while let Some((start, len)) = probe.want() {
        let from = index(start);
        let to = from.saturating_add(index(u64::from(len))).min(data.len());
        probe.feed(start, data.get(from..to).unwrap_or(&[]));
    }
    probe.report()
}
