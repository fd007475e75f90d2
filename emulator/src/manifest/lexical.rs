//! Lexical checks for the XML Schema simple types the UCS schemas use.
//! Whitespace: xs:integer and xs:boolean are collapsed (trimmed) first; xs:duration and
//! xs:dateTime are NOT, because libxml2 (xmllint, the reference we cross-check against) rejects
//! padded values there, and a stricter emulator is the safer one.

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

pub fn is_integer(s: &str) -> bool {
    let t = s.trim();
    let t = t.strip_prefix(['+', '-']).unwrap_or(t);
    digits(t)
}

pub fn is_boolean(s: &str) -> bool {
    matches!(s.trim(), "true" | "false" | "1" | "0")
}

/// `[a-fA-F0-9]{8}`; attribute values of a pattern-restricted xs:string are not trimmed.
pub fn is_crc32(s: &str) -> bool {
    s.len() == 8 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

pub fn is_guid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(
            |(i, c)| {
                if [8, 13, 18, 23].contains(&i) {
                    *c == b'-'
                } else {
                    c.is_ascii_hexdigit()
                }
            },
        )
}

/// xs:duration: `-?P(nY)?(nM)?(nD)?(T(nH)?(nM)?(n(.n)?S)?)?`, at least one component,
/// and a `T` must be followed by at least one time component.
pub fn is_duration(s: &str) -> bool {
    let t = s;
    let t = t.strip_prefix('-').unwrap_or(t);
    let Some(mut rest) = t.strip_prefix('P') else { return false };
    let (date, time) = match rest.find('T') {
        Some(i) => {
            let (d, tm) = rest.split_at(i);
            (d, Some(&tm[1..]))
        }
        None => (rest, None),
    };
    let mut any = false;
    rest = date;
    for unit in ['Y', 'M', 'D'] {
        if let Some(i) = rest.find(unit) {
            if !digits(&rest[..i]) {
                return false;
            }
            rest = &rest[i + 1..];
            any = true;
        }
    }
    if !rest.is_empty() {
        return false;
    }
    if let Some(tm) = time {
        let mut rest = tm;
        let mut any_t = false;
        for unit in ['H', 'M'] {
            if let Some(i) = rest.find(unit) {
                if !digits(&rest[..i]) {
                    return false;
                }
                rest = &rest[i + 1..];
                any_t = true;
            }
        }
        if let Some(i) = rest.find('S') {
            let num = &rest[..i];
            let ok = match num.split_once('.') {
                // xs:decimal: "5.", ".5" and "5.5" are all valid, "." is not.
                Some((a, b)) => {
                    (!a.is_empty() || !b.is_empty()) && a.bytes().chain(b.bytes()).all(|c| c.is_ascii_digit())
                }
                None => digits(num),
            };
            if !ok || i + 1 != rest.len() {
                return false;
            }
            rest = "";
            any_t = true;
        }
        if !rest.is_empty() || !any_t {
            return false;
        }
        any = true;
    }
    any
}

fn leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// xs:dateTime: `-?YYYY-MM-DDThh:mm:ss(.s+)?(Z|(+|-)hh:mm)?` with real calendar ranges.
pub fn is_datetime(s: &str) -> bool {
    let t = s;
    let t = t.strip_prefix('-').unwrap_or(t);
    let Some((date, time)) = t.split_once('T') else { return false };
    let dp: Vec<&str> = date.split('-').collect();
    if dp.len() != 3 || dp[0].len() < 4 || dp[1].len() != 2 || dp[2].len() != 2 || !dp.iter().all(|p| digits(p)) {
        return false;
    }
    if dp[0].len() > 4 && dp[0].starts_with('0') {
        return false;
    }
    let (y, m, d): (i64, u32, u32) =
        (dp[0].parse().unwrap_or(0), dp[1].parse().unwrap_or(0), dp[2].parse().unwrap_or(0));
    if y == 0 || !(1..=12).contains(&m) {
        return false;
    }
    let dim = match m {
        2 if leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if d < 1 || d > dim {
        return false;
    }
    // Split off the time zone.
    let (clock, tz) = if let Some(c) = time.strip_suffix('Z') {
        (c, None)
    } else if time.len() > 6 && (time.as_bytes()[time.len() - 6] == b'+' || time.as_bytes()[time.len() - 6] == b'-') {
        (&time[..time.len() - 6], Some(&time[time.len() - 5..]))
    } else {
        (time, None)
    };
    if let Some(tz) = tz {
        let Some((h, mi)) = tz.split_once(':') else { return false };
        if h.len() != 2 || mi.len() != 2 || !digits(h) || !digits(mi) {
            return false;
        }
        let (h, mi): (u32, u32) = (h.parse().unwrap_or(99), mi.parse().unwrap_or(99));
        if h > 14 || mi > 59 || (h == 14 && mi != 0) {
            return false;
        }
    }
    let cp: Vec<&str> = clock.split(':').collect();
    if cp.len() != 3 || cp[0].len() != 2 || cp[1].len() != 2 || !digits(cp[0]) || !digits(cp[1]) {
        return false;
    }
    let (sec, frac) = match cp[2].split_once('.') {
        Some((a, b)) => (a, Some(b)),
        None => (cp[2], None),
    };
    if sec.len() != 2 || !digits(sec) || frac.is_some_and(|f| !digits(f)) {
        return false;
    }
    let (h, mi, se): (u32, u32, u32) =
        (cp[0].parse().unwrap_or(99), cp[1].parse().unwrap_or(99), sec.parse().unwrap_or(99));
    if h == 24 {
        return mi == 0 && se == 0 && frac.is_none_or(|f| f.bytes().all(|b| b == b'0'));
    }
    h < 24 && mi < 60 && se < 60
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn durations() {
        for ok in ["PT0S", "PT5S", "PT6.775S", "P1Y2M3DT4H5M6S", "-P1D", "PT1H", "P0D", "PT.5S", "PT5.S"] {
            assert!(is_duration(ok), "{ok}");
        }
        for bad in ["", "P", "PT", "5S", "PT5", "P1S", "PT.S", "P1DT", "PT5S ", "P-1D", "PT1M1H"] {
            assert!(!is_duration(bad), "{bad}");
        }
    }
    #[test]
    fn datetimes() {
        for ok in [
            "2018-05-09T10:00:00Z",
            "2018-01-15T00:00:00.000-00:00",
            "2015-01-15T00:00:00.000-00:00",
            "2024-02-29T23:59:59.123456+14:00",
            "2018-01-01T24:00:00",
        ] {
            assert!(is_datetime(ok), "{ok}");
        }
        for bad in [
            "{Date}",
            "2018-02-30T00:00:00Z",
            "2018-1-15T00:00:00Z",
            "2018-01-15",
            "2018-01-15T25:00:00Z",
            "2018-01-15T00:00:00+15:00",
            "2018-01-15 00:00:00Z",
        ] {
            assert!(!is_datetime(bad), "{bad}");
        }
    }
}
