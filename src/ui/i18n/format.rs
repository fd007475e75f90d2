//! What every language shares: filling a template's `{0}`, `{1}`… with arguments, and the
//! one message built from numbers (only its words differ).

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

/// `template` with each `{n}` (one digit) replaced by `args[n]`; anything else in braces
/// (`{bucket}`, `{id, location}`) is the template's own text.
pub fn fill(template: &str, args: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + args.iter().map(|a| a.len()).sum::<usize>());
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        let b = rest.as_bytes();
        let arg = match (b.get(i + 1), b.get(i + 2)) {
            (Some(d @ b'0'..=b'9'), Some(b'}')) => args.get((d - b'0') as usize),
            _ => None,
        };
        match arg {
            Some(a) => {
                out.push_str(&rest[..i]);
                out.push_str(a);
                rest = &rest[i + 3..];
            }
            None => {
                out.push_str(&rest[..=i]);
                rest = &rest[i + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}
