//! Deterministic fault decisions. A decision is a hash of (seed, fault, file name, part number,
//! attempt) mapped to [0, 1), so it does not depend on the order in which parallel requests
//! arrive, nor on the random upload IDs a run hands out: the same client behaviour under the same
//! seed meets exactly the same faults.

use sha2::{Digest, Sha256};

/// A uniform number in [0, 1) for one decision.
pub fn unit(seed: u64, fault: &str, key: &str, part: u32, attempt: u32) -> f64 {
    let mut h = Sha256::new();
    h.update(seed.to_le_bytes());
    // Length prefixes keep ("ab", "c") and ("a", "bc") apart.
    for s in [fault, key] {
        h.update((s.len() as u64).to_le_bytes());
        h.update(s.as_bytes());
    }
    h.update(part.to_le_bytes());
    h.update(attempt.to_le_bytes());
    let d = h.finalize();
    let x = u64::from_le_bytes(d[..8].try_into().expect("8 bytes"));
    // The top 53 bits fill an f64 mantissa exactly.
    (x >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::unit;

    #[test]
    fn same_inputs_same_number_and_roughly_uniform() {
        assert_eq!(unit(7, "fail", "a.mp4", 1, 0), unit(7, "fail", "a.mp4", 1, 0));
        assert_ne!(unit(7, "fail", "a.mp4", 1, 0), unit(8, "fail", "a.mp4", 1, 0));
        assert_ne!(unit(7, "fail", "a.mp4", 1, 0), unit(7, "fail", "a.mp4", 1, 1));
        assert_ne!(unit(7, "fail", "a.mp4", 1, 0), unit(7, "stall", "a.mp4", 1, 0));
        let n = 10_000;
        let below = (0..n).filter(|i| unit(1, "fail", "k", *i, 0) < 0.3).count();
        assert!((2700..3300).contains(&below), "{below}");
        assert!((0..n).all(|i| (0.0..1.0).contains(&unit(3, "x", "k", i, 2))));
    }
}
