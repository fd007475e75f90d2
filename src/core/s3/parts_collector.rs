//! Collects acknowledged parts and refuses to complete an upload that would be wrong.
//!
//! Peers' users report uploads "completed" with a missing part or stuck at 99 % after a
//! lost ETag. Completing with a gap silently produces a truncated lecture; so the list
//! given to CompleteMultipartUpload is only ever produced here, after checking it.

use std::collections::BTreeMap;
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompletedPart {
    pub number: u32,
    /// Exactly as S3 returned it, quotes included.
    pub etag: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PartsError {
    Gap(u32),
    Duplicate(u32),
    MissingEtag(u32),
    OutOfRange(u32),
    Unexpected(u32),
}

/// Parts for one multipart upload whose plan has `expected` parts.
#[derive(Clone, Debug, Default)]
pub struct PartsCollector {
    expected: u32,
    parts: BTreeMap<u32, String>,
}

impl PartsCollector {
    pub fn new(expected: u32) -> Self {
        PartsCollector { expected, parts: BTreeMap::new() }
    }

    /// Record an acknowledged part. Re-recording the same part with the same ETag is a
    /// harmless repeat (a retry, or ListParts reconciliation); a different ETag for the
    /// same number means two different bodies were sent, which is refused.
    pub fn record(&mut self, number: u32, etag: &str) -> Result<(), PartsError> {
        if number == 0 || number > 10_000 {
            return Err(PartsError::OutOfRange(number));
        }
        if number > self.expected {
            return Err(PartsError::Unexpected(number));
        }
        if etag.trim().is_empty() {
            return Err(PartsError::MissingEtag(number));
        }
        match self.parts.get(&number) {
            Some(old) if old != etag => Err(PartsError::Duplicate(number)),
            _ => {
                self.parts.insert(number, etag.to_string());
                Ok(())
            }
        }
    }

    pub fn contains(&self, number: u32) -> bool {
        self.parts.contains_key(&number)
    }

    /// Numbers still missing, in order.
    pub fn missing(&self) -> impl Iterator<Item = u32> + '_ {
        (1..=self.expected).filter(|n| !self.parts.contains_key(n))
    }

    /// The ascending, gap-free list for CompleteMultipartUpload.
    pub fn completed_parts(&self) -> Result<Vec<CompletedPart>, PartsError> {
        if let Some(n) = self.missing().next() {
            return Err(PartsError::Gap(n));
        }
        Ok(self.parts.iter().map(|(n, e)| CompletedPart { number: *n, etag: e.clone() }).collect())
    }
}

/// Validate a list assembled elsewhere (for instance from a persisted record): ascending
/// 1..=n, each once, each with an ETag.
pub fn check_complete_list(parts: &[CompletedPart]) -> Result<(), PartsError> {
    let mut seen = std::collections::BTreeSet::new();
    for p in parts {
        if p.number == 0 || p.number > 10_000 {
            return Err(PartsError::OutOfRange(p.number));
        }
        if !seen.insert(p.number) {
            return Err(PartsError::Duplicate(p.number));
        }
        if p.etag.trim().is_empty() {
            return Err(PartsError::MissingEtag(p.number));
        }
    }
    match (1..=parts.len() as u32).find(|n| !seen.contains(n)) {
        Some(n) => Err(PartsError::Gap(n)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    // Run the same unit tests in the browser under `wasm-pack test`.
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn completes_in_order_whatever_the_arrival_order() {
        let mut c = PartsCollector::new(3);
        for n in [3, 1, 2] {
            c.record(n, &format!("\"e{n}\"")).unwrap();
        }
        c.record(2, "\"e2\"").unwrap(); // a repeat is harmless
        let parts = c.completed_parts().unwrap();
        assert_eq!(parts.iter().map(|p| p.number).collect::<Vec<_>>(), vec![1, 2, 3]);
        assert_eq!(parts[0].etag, "\"e1\"");
        check_complete_list(&parts).unwrap();
    }

    #[test]
    fn refuses_gaps_duplicates_and_missing_etags() {
        let mut c = PartsCollector::new(3);
        c.record(1, "\"a\"").unwrap();
        c.record(3, "\"c\"").unwrap();
        assert_eq!(c.completed_parts(), Err(PartsError::Gap(2)));
        assert_eq!(c.missing().collect::<Vec<_>>(), vec![2]);
        assert_eq!(c.record(1, "\"other\""), Err(PartsError::Duplicate(1)));
        assert_eq!(c.record(2, "  "), Err(PartsError::MissingEtag(2)));
        assert_eq!(c.record(0, "\"x\""), Err(PartsError::OutOfRange(0)));
        assert_eq!(c.record(4, "\"x\""), Err(PartsError::Unexpected(4)));

        let p = |n, e: &str| CompletedPart { number: n, etag: e.into() };
        assert_eq!(check_complete_list(&[p(1, "a"), p(1, "a")]), Err(PartsError::Duplicate(1)));
        assert_eq!(check_complete_list(&[p(1, "a"), p(3, "c")]), Err(PartsError::Gap(2)));
        assert_eq!(check_complete_list(&[p(1, "")]), Err(PartsError::MissingEtag(1)));
    }
}
