//! ISO BMFF (MP4, QuickTime) boxes: headers, the children of a box as far as they were
//! read, and which kind of file an `ftyp` (or its absence) makes it.

use super::read::{be32, be64, bytes, clip, index, tail};
use super::report::{Container, ImageKind};

/// A largesize past this is no file on any disk (8 PiB): the size field is garbage.
const ABSURD: u64 = 1 << 53;

/// A box header at file offset `at`: the box spans `at..end` (`end` may lie past its parent,
/// which the caller judges), its body starts `header` bytes in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct BoxHead {
    pub kind: [u8; 4],
    pub at: u64,
    pub header: u64,
    pub end: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum HeadError {
    /// The header's bytes were not read yet.
    Need,
    /// The header itself does not fit before `limit`.
    PastEnd,
    /// A size smaller than the header, or absurd.
    Bad,
}

/// The header of the box at `at`, from `b` (the bytes read from `at` on); `limit` is where
/// its parent (or the file) ends, which a size of 0 extends the box to.
pub(super) fn box_head(b: &[u8], at: u64, limit: u64) -> Result<BoxHead, HeadError> {
    let room = limit.saturating_sub(at);
    if room < 8 {
        return Err(HeadError::PastEnd);
    }
    let (Some(size), Some(kind)) = (be32(b, 0), bytes::<4>(b, 4)) else { return Err(HeadError::Need) };
    let (header, len) = match size {
        0 => (8, room),
        1 if room < 16 => return Err(HeadError::PastEnd),
        1 => match be64(b, 8) {
            None => return Err(HeadError::Need),
            Some(large) if !(16..=ABSURD).contains(&large) => return Err(HeadError::Bad),
            Some(large) => (16, large),
        },
        2..=7 => return Err(HeadError::Bad),
        n => (8, u64::from(n)),
    };
    let end = at.checked_add(len).ok_or(HeadError::Bad)?;
    Ok(BoxHead { kind, at, header, end })
}

/// A child box, with its body as far as it was read.
#[derive(Clone, Copy, Debug)]
pub(super) struct Child<'a> {
    pub kind: [u8; 4],
    /// Where the body starts and the box ends, in the file.
    pub body_at: u64,
    pub end: u64,
    pub body: &'a [u8],
}

/// The children of a box whose body spans `pos..end` in the file, from the bytes read of
/// it (`b`, starting at `base`). Stops quietly where the bytes read end; yields `Err(at)`
/// once for a child that cannot be (too small, or running past its parent).
pub(super) struct Children<'a> {
    b: &'a [u8],
    base: u64,
    pos: u64,
    end: u64,
}

impl<'a> Children<'a> {
    pub fn new(b: &'a [u8], base: u64, end: u64) -> Children<'a> {
        Children { b, base, pos: base, end }
    }
}

impl<'a> Iterator for Children<'a> {
    type Item = Result<Child<'a>, u64>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.pos >= self.end {
            return None;
        }
        let at = self.pos;
        let here = tail(self.b, self.base, at);
        match box_head(here, at, self.end) {
            Err(HeadError::Need) => None,
            Ok(h) if h.end <= self.end => {
                self.pos = h.end;
                let body = clip(here, index(h.header), index(h.end - at));
                Some(Ok(Child { kind: h.kind, body_at: at.saturating_add(h.header), end: h.end, body }))
            }
            Ok(_) | Err(_) => {
                self.pos = self.end;
                Some(Err(at))
            }
        }
    }
}

/// Still-image brands: HEIF/HEIC and AVIF are ISO BMFF files too, but photos.
fn image_brand(brand: &[u8; 4]) -> Option<ImageKind> {
    match brand {
        b"avif" | b"avis" => Some(ImageKind::Avif),
        b"heic" | b"heix" | b"mif1" | b"msf1" => Some(ImageKind::Heif),
        _ => None,
    }
}

/// Which ISO BMFF file `head` starts, or `None` when it is not one.
pub(super) fn kind(head: &[u8]) -> Option<Container> {
    let size = be32(head, 0)?;
    let first = bytes::<4>(head, 4)?;
    if &first == b"ftyp" {
        let major = bytes::<4>(head, 8)?;
        // Compatible brands follow the minor version, to the end of the ftyp box.
        let end = index(u64::from(size)).max(16);
        let compatible = clip(head, 16, end).chunks_exact(4).filter_map(|c| bytes::<4>(c, 0));
        let images: Vec<ImageKind> = std::iter::once(major).chain(compatible).filter_map(|b| image_brand(&b)).collect();
        // AVIF files list `mif1` too: `avif` is the more telling brand. (A search, not a
        // sort: a stable sort's code weighed 1.3 KiB gzip in the wasm for this one line.)
        let avif = images.iter().find(|k| **k == ImageKind::Avif);
        if let Some(image) = avif.or(images.first()) {
            return Some(Container::Image(*image));
        }
        return Some(if &major == b"qt  " { Container::QuickTime } else { Container::Mp4 { brand: major } });
    }
    // Before `ftyp` existed, QuickTime files started straight with one of these.
    let quicktime = matches!(&first, b"moov" | b"mdat" | b"wide" | b"free" | b"skip");
    (quicktime && (size == 0 || size == 1 || size >= 8)).then_some(Container::QuickTime)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn head(size: u32, kind: &[u8; 4]) -> Vec<u8> {
        [&size.to_be_bytes()[..], kind].concat()
    }

    #[test]
    fn sizes_small_large_zero_and_wrong() {
        let h = box_head(&head(100, b"moov"), 8, 1000).unwrap();
        assert_eq!((h.kind, h.at, h.header, h.end), (*b"moov", 8, 8, 108));
        assert_eq!(box_head(&head(0, b"mdat"), 40, 1000).unwrap().end, 1000, "0: to the end");
        let large = [head(1, b"mdat"), (1u64 << 32).to_be_bytes().to_vec()].concat();
        assert_eq!(box_head(&large, 0, u64::MAX).unwrap(), BoxHead { kind: *b"mdat", at: 0, header: 16, end: 1 << 32 });
        assert_eq!(box_head(&large[..12], 0, u64::MAX), Err(HeadError::Need));
        assert_eq!(box_head(&head(3, b"free"), 0, 100), Err(HeadError::Bad));
        let tiny_large = [head(1, b"mdat"), 15u64.to_be_bytes().to_vec()].concat();
        assert_eq!(box_head(&tiny_large, 0, 100), Err(HeadError::Bad));
        let huge = [head(1, b"mdat"), u64::MAX.to_be_bytes().to_vec()].concat();
        assert_eq!(box_head(&huge, 8, u64::MAX), Err(HeadError::Bad));
        assert_eq!(box_head(&head(8, b"free"), 95, 100), Err(HeadError::PastEnd));
        assert_eq!(box_head(&head(1, b"mdat"), 90, 100), Err(HeadError::PastEnd));
        assert_eq!(box_head(&[0, 0], 0, 100), Err(HeadError::Need));
    }

    #[test]
    fn children_stop_where_the_bytes_end_and_flag_misfits_once() {
        let mut b = [head(12, b"tkhd"), vec![1, 2, 3, 4], head(20, b"mdia")].concat();
        b.extend_from_slice(&[9; 4]);
        let kids: Vec<_> = Children::new(&b, 100, 100 + 40).collect();
        assert_eq!(kids.len(), 2);
        let first = kids[0].unwrap();
        assert_eq!((first.kind, first.body_at, first.end, first.body), (*b"tkhd", 108, 112, &[1u8, 2, 3, 4][..]));
        assert_eq!(kids[1].unwrap().body, &[9; 4], "only what was read of the body");
        let misfit: Vec<_> = Children::new(&b, 100, 100 + 16).collect();
        assert!(matches!(misfit[..], [Ok(_), Err(112)]), "{misfit:?}");
    }

    #[test]
    fn which_file_an_ftyp_makes() {
        let ftyp = |major: &[u8; 4], compatible: &[u8]| {
            [&(16 + compatible.len() as u32).to_be_bytes()[..], b"ftyp", major, &[0; 4], compatible].concat()
        };
        assert_eq!(kind(&ftyp(b"isom", b"isomavc1")), Some(Container::Mp4 { brand: *b"isom" }));
        assert_eq!(kind(&ftyp(b"qt  ", b"qt  ")), Some(Container::QuickTime));
        assert_eq!(kind(&ftyp(b"heic", b"mif1heic")), Some(Container::Image(ImageKind::Heif)));
        assert_eq!(kind(&ftyp(b"mif1", b"mif1miafavif")), Some(Container::Image(ImageKind::Avif)));
        assert_eq!(kind(&head(0, b"mdat")), Some(Container::QuickTime));
        assert_eq!(kind(&head(4, b"wide")), None);
        assert_eq!(kind(b"%PDF-1.7"), None);
        assert_eq!(kind(b"\0\0\0"), None);
    }
}
