//! The one message built from numbers, shared by every language: only its words differ.

use crate::core::part_plan::human_size;

/// `43 % · 10.0 MiB of 23.0 MiB · 2.0 MiB/s · 2 min 05 s left`: `of` goes between the
/// sizes, and `left(minutes, seconds)` says the time left in the language's words.
pub fn progress_line(
    (percent, loaded, total, rate, eta): (u32, u64, u64, f64, Option<f64>),
    of: &str,
    left: impl Fn(u64, u64) -> String,
) -> String {
    let mut s = format!("{percent} % · {} {of} {}", human_size(loaded), human_size(total));
    if rate > 0.0 {
        s.push_str(&format!(" · {}/s", human_size(rate as u64)));
    }
    if let Some(eta) = eta {
        let secs = eta.round() as u64;
        s.push_str(&format!(" · {}", left(secs / 60, secs % 60)));
    }
    s
}
