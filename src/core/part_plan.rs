//! How a file is cut into S3 multipart parts.
//!
//! Panopto's own sample says parts "must be between 5MB and 25MB. Panopto server may fail
//! if the size is more than 25MB", and S3 allows at most 10,000 parts with only the last
//! one under 5 MiB. 5 MiB parts therefore cap a file at ~48.8 GiB; beyond that the part
//! size grows (in whole MiB) up to 25 MiB, which caps a file at ~244 GiB.

pub const MIB: u64 = 1024 * 1024;
pub const DEFAULT_PART_SIZE: u64 = 5 * MIB;
/// S3's floor for every part but the last.
pub const MIN_PART_SIZE: u64 = 5 * MIB;
/// Panopto's ceiling ("may fail if the size is more than 25MB").
pub const MAX_PART_SIZE: u64 = 25 * MIB;
pub const MAX_PARTS: u64 = 10_000;
pub const MAX_FILE_SIZE: u64 = MAX_PART_SIZE * MAX_PARTS;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PartPlanError {
    EmptyFile,
    PartSizeOutOfRange(u64),
    FileTooLarge(u64),
}

pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut u = 0;
    while u < UNITS.len() - 1 && bytes >= 1u64 << (10 * (u + 1)) {
        u += 1;
    }
    if u == 0 {
        return format!("{bytes} B");
    }
    // One decimal, rounded half up, in integers: formatting an f64 would pull ~15 KiB of
    // float-printing code into the wasm for this one line.
    let unit = 1u128 << (10 * u);
    let tenths = (bytes as u128 * 10 + unit / 2) / unit;
    format!("{}.{} {}", tenths / 10, tenths % 10, UNITS[u])
}

/// One part: number from 1, and the byte range `[start, end)` of the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PartRange {
    pub number: u32,
    pub start: u64,
    pub end: u64,
}

impl PartRange {
    pub fn len(&self) -> u64 {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PartPlan {
    file_size: u64,
    part_size: u64,
    part_count: u32,
}

impl PartPlan {
    /// Plan with the preferred part size (5–25 MiB), grown in whole MiB if the file would
    /// otherwise need more than 10,000 parts.
    pub fn new(file_size: u64, preferred_part_size: u64) -> Result<Self, PartPlanError> {
        if !(MIN_PART_SIZE..=MAX_PART_SIZE).contains(&preferred_part_size) {
            return Err(PartPlanError::PartSizeOutOfRange(preferred_part_size));
        }
        if file_size == 0 {
            return Err(PartPlanError::EmptyFile);
        }
        if file_size > MAX_FILE_SIZE {
            return Err(PartPlanError::FileTooLarge(file_size));
        }
        let needed = file_size.div_ceil(MAX_PARTS).div_ceil(MIB) * MIB;
        let part_size = preferred_part_size.max(needed);
        let part_count = file_size.div_ceil(part_size) as u32;
        Ok(PartPlan { file_size, part_size, part_count })
    }

    pub fn with_default_part_size(file_size: u64) -> Result<Self, PartPlanError> {
        Self::new(file_size, DEFAULT_PART_SIZE)
    }

    pub fn file_size(&self) -> u64 {
        self.file_size
    }
    pub fn part_size(&self) -> u64 {
        self.part_size
    }
    pub fn part_count(&self) -> u32 {
        self.part_count
    }

    /// The part with this number (1-based), or `None` outside the plan.
    pub fn part(&self, number: u32) -> Option<PartRange> {
        if number == 0 || number > self.part_count {
            return None;
        }
        let start = (number as u64 - 1) * self.part_size;
        let end = (start + self.part_size).min(self.file_size);
        Some(PartRange { number, start, end })
    }

    pub fn parts(&self) -> impl Iterator<Item = PartRange> + '_ {
        (1..=self.part_count).filter_map(|n| self.part(n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    // Run the same unit tests in the browser under `wasm-pack test`.
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn human_size_rounds_to_one_decimal() {
        let cases: [(u64, &str); 9] = [
            (0, "0 B"),
            (1023, "1023 B"),
            (1024, "1.0 KiB"),
            (1536, "1.5 KiB"),
            (1024 * 1024 - 1, "1024.0 KiB"),
            (5 * 1024 * 1024, "5.0 MiB"),
            (3 * (1 << 30) / 2, "1.5 GiB"),
            ((1 << 30) + (1 << 30) / 20 - 1, "1.0 GiB"),
            (u64::MAX, "16777216.0 TiB"),
        ];
        for (bytes, text) in cases {
            assert_eq!(human_size(bytes), text, "{bytes}");
        }
    }

    #[test]
    fn five_mib_parts_by_default_last_one_short() {
        let p = PartPlan::with_default_part_size(23 * MIB).unwrap();
        assert_eq!((p.part_size(), p.part_count()), (5 * MIB, 5));
        assert_eq!(p.part(5).unwrap(), PartRange { number: 5, start: 20 * MIB, end: 23 * MIB });
        assert_eq!(p.part(0), None);
        assert_eq!(p.part(6), None);
        let total: u64 = p.parts().map(|r| r.len()).sum();
        assert_eq!(total, 23 * MIB);
    }

    #[test]
    fn small_and_exact_files() {
        let one = PartPlan::with_default_part_size(1).unwrap();
        assert_eq!((one.part_count(), one.part(1).unwrap().len()), (1, 1));
        let exact = PartPlan::with_default_part_size(10 * MIB).unwrap();
        assert_eq!(exact.part_count(), 2);
        assert_eq!(exact.part(2).unwrap().len(), 5 * MIB);
    }

    #[test]
    fn grows_part_size_to_stay_within_10000_parts() {
        let at_limit = PartPlan::with_default_part_size(5 * MIB * 10_000).unwrap();
        assert_eq!((at_limit.part_size(), at_limit.part_count()), (5 * MIB, 10_000));
        let over = PartPlan::with_default_part_size(5 * MIB * 10_000 + 1).unwrap();
        assert_eq!((over.part_size(), over.part_count()), (6 * MIB, 8_334));
        let max = PartPlan::with_default_part_size(MAX_FILE_SIZE).unwrap();
        assert_eq!((max.part_size(), max.part_count()), (25 * MIB, 10_000));
        for size in [1, 5 * MIB - 1, 77 * MIB + 3, 60 * 1024 * MIB, MAX_FILE_SIZE - 1] {
            let p = PartPlan::new(size, 8 * MIB).unwrap();
            assert!(p.part_count() as u64 <= MAX_PARTS);
            assert!((MIN_PART_SIZE..=MAX_PART_SIZE).contains(&p.part_size()));
            let last = p.part(p.part_count()).unwrap();
            assert_eq!(last.end, size);
            assert!(p.parts().take(p.part_count() as usize - 1).all(|r| r.len() == p.part_size()));
        }
    }

    #[test]
    fn refuses_clearly() {
        assert_eq!(PartPlan::with_default_part_size(0), Err(PartPlanError::EmptyFile));
        // (Their words, in every language, are tested with the catalogue: ui/i18n/tests.rs.)
        let e = PartPlan::with_default_part_size(MAX_FILE_SIZE + 1).unwrap_err();
        assert_eq!(e, PartPlanError::FileTooLarge(MAX_FILE_SIZE + 1));
        assert_eq!(PartPlan::new(MIB, 4 * MIB).unwrap_err(), PartPlanError::PartSizeOutOfRange(4 * MIB));
        assert!(PartPlan::new(MIB, 26 * MIB).is_err());
    }
}
