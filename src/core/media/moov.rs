//! Inside an MP4's index (`moov`): the movie's duration from `mvhd` (or `mehd` for a
//! fragmented file), and per track (`trak`) its kind, picture size and codec. Only the
//! first boxes of a track are needed: the sample tables after `stsd` are never read.

use super::bmff::Children;
use super::read::{be16, be32, be64, bytes, millis};

/// A movie's clock: ticks per second and the length in ticks (`None`: unknown).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Clock {
    pub timescale: u32,
    pub duration: Option<u64>,
}

impl Clock {
    pub fn duration_ms(&self) -> Option<u64> {
        millis(self.duration?, self.timescale)
    }
}

/// A 32- or 64-bit duration of a full box (version 0 or 1); all ones means "unknown", and
/// 0 is what fragmented files write before their fragments exist.
fn duration(version: u8, body: &[u8], at: usize, at64: usize) -> Result<Option<u64>, ()> {
    let d = match version {
        0 => be32(body, at).map(u64::from).filter(|d| *d != u64::from(u32::MAX)),
        1 => be64(body, at64).filter(|d| *d != u64::MAX),
        _ => return Err(()),
    };
    Ok(d.filter(|d| *d != 0))
}

/// `mvhd`'s body: `Err` when it is too short or of an unknown version.
pub(super) fn mvhd(body: &[u8]) -> Result<Clock, ()> {
    let version = *body.first().ok_or(())?;
    let (timescale, len) = match version {
        0 => (be32(body, 12), 20),
        1 => (be32(body, 20), 32),
        _ => return Err(()),
    };
    match timescale {
        Some(timescale) if body.len() >= len => Ok(Clock { timescale, duration: duration(version, body, 16, 24)? }),
        _ => Err(()),
    }
}

/// The whole length of a fragmented movie, from `mvex/mehd`, in `mvhd`'s timescale.
pub(super) fn mvex_duration(body: &[u8], at: u64, end: u64) -> Option<u64> {
    let mehd = Children::new(body, at, end).filter_map(Result::ok).find(|c| &c.kind == b"mehd")?;
    duration(*mehd.body.first()?, mehd.body, 4, 4).ok().flatten()
}

/// What one `trak` says of itself, as far as its bytes were read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Track {
    /// `mdia/hdlr`'s handler type: `vide`, `soun`, …
    pub handler: Option<[u8; 4]>,
    /// The first sample entry's four-character code in `stsd`.
    pub entry: Option<[u8; 4]>,
    pub width: Option<u32>,
    pub height: Option<u32>,
}

/// The track whose body (read as far as `b`) starts at file offset `at` and ends at `end`;
/// `Err(at)` names a box inside that cannot be.
pub(super) fn trak(b: &[u8], at: u64, end: u64) -> Result<Track, u64> {
    let mut t = Track::default();
    for child in Children::new(b, at, end) {
        let child = child?;
        match &child.kind {
            b"tkhd" => tkhd(&mut t, child.body),
            b"mdia" => media(&mut t, child.body, child.body_at, child.end, 0)?,
            _ => {}
        }
    }
    Ok(t)
}

/// Width and height, 16.16 fixed point at the end of `tkhd` (0 for sound tracks).
fn tkhd(t: &mut Track, body: &[u8]) {
    let at = match body.first() {
        Some(0) => 76,
        Some(1) => 88,
        _ => return,
    };
    let pixels = |at| be32(body, at).map(|v| v >> 16).filter(|v| *v != 0);
    t.width = pixels(at);
    t.height = pixels(at + 4);
}

/// `mdia` → `hdlr`, and `minf` → `stbl` → `stsd`, each only at its own level (`level` 0
/// is `mdia`'s children): a file nesting `minf` in `minf` cannot make this recurse deeply.
fn media(t: &mut Track, b: &[u8], at: u64, end: u64, level: u8) -> Result<(), u64> {
    for child in Children::new(b, at, end) {
        let child = child?;
        match (level, &child.kind) {
            (0, b"hdlr") => t.handler = bytes::<4>(child.body, 8),
            (0, b"minf") | (1, b"stbl") => media(t, child.body, child.body_at, child.end, level + 1)?,
            (2, b"stsd") => stsd(t, child.body),
            _ => {}
        }
    }
    Ok(())
}

/// The first sample entry: its code, and for pictures the coded size (used when `tkhd`
/// gave none).
fn stsd(t: &mut Track, body: &[u8]) {
    t.entry = bytes::<4>(body, 12);
    if t.handler == Some(*b"vide") {
        let size = |at| be16(body, at).map(u32::from).filter(|v| *v != 0);
        t.width = t.width.or(size(40));
        t.height = t.height.or(size(42));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn bx(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
        [&(8 + body.len() as u32).to_be_bytes()[..], kind, body].concat()
    }

    #[test]
    fn mvhd_versions_and_unknown_durations() {
        let v0 = [&[0u8; 12][..], &600u32.to_be_bytes(), &6000u32.to_be_bytes()].concat();
        assert_eq!(mvhd(&v0).unwrap().duration_ms(), Some(10_000));
        let v1 = [&[1u8][..], &[0; 19], &1000u32.to_be_bytes(), &(1u64 << 33).to_be_bytes()].concat();
        assert_eq!(mvhd(&v1).unwrap().duration_ms(), Some(1 << 33));
        let unknown = [&[0u8; 12][..], &600u32.to_be_bytes(), &[0xff; 4]].concat();
        assert_eq!(mvhd(&unknown).unwrap().duration, None);
        let zero_scale = [&[0u8; 12][..], &[0; 4], &[0, 0, 0, 9]].concat();
        assert_eq!(mvhd(&zero_scale).unwrap().duration_ms(), None);
        assert_eq!(mvhd(&v0[..18]), Err(()));
        assert_eq!(mvhd(&[2; 40]), Err(()));
        assert_eq!(mvhd(&[]), Err(()));
    }

    #[test]
    fn a_track_as_far_as_it_was_read() {
        let mut tkhd_v1 = vec![1u8];
        tkhd_v1.extend_from_slice(&[0; 87]);
        tkhd_v1.extend_from_slice(&(1280u32 << 16).to_be_bytes());
        tkhd_v1.extend_from_slice(&(720u32 << 16).to_be_bytes());
        let hdlr = bx(b"hdlr", &[&[0u8; 8][..], b"vide", &[0; 12]].concat());
        let stsd = bx(b"stsd", &[&[0, 0, 0, 0, 0, 0, 0, 1][..], &bx(b"hev1", &[0; 78])].concat());
        let stbl = bx(b"stbl", &[stsd, bx(b"stsz", &[0; 4000])].concat());
        let mdia = bx(b"mdia", &[hdlr, bx(b"minf", &stbl)].concat());
        let body = [bx(b"tkhd", &tkhd_v1), mdia].concat();
        let end = 1000 + body.len() as u64;
        let want = Track { handler: Some(*b"vide"), entry: Some(*b"hev1"), width: Some(1280), height: Some(720) };
        assert_eq!(trak(&body, 1000, end), Ok(want));
        assert_eq!(trak(&body[..400], 1000, end), Ok(want), "the sample tables are not needed");
        assert_eq!(trak(&body[..50], 1000, end).unwrap().handler, None);
        let mut bad = body.clone();
        bad[104..108].copy_from_slice(&5u32.to_be_bytes());
        assert_eq!(trak(&bad, 1000, end), Err(1104));
    }
}
