//! SigV4 timestamps without a date library: `YYYYMMDD'T'HHMMSS'Z'` from Unix seconds and
//! back. The browser gives us `Date.now()`; the emulator's `Date` header corrects it when the
//! laptop's clock is off (S3 rejects requests more than 15 minutes away from its clock).

use std::fmt;

/// A UTC instant at one-second resolution, as SigV4 uses it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct AmzDate {
    unix_secs: i64,
}

impl AmzDate {
    pub fn from_unix_secs(unix_secs: i64) -> Self {
        AmzDate { unix_secs }
    }

    pub fn unix_secs(self) -> i64 {
        self.unix_secs
    }

    /// Parse the basic ISO-8601 form (`20150830T123600Z`).
    pub fn parse(s: &str) -> Result<Self, String> {
        let b = s.as_bytes();
        let ok =
            b.len() == 16 && b[8] == b'T' && b[15] == b'Z' && b[..8].iter().chain(&b[9..15]).all(u8::is_ascii_digit);
        if !ok {
            return Err(format!("`{s}` is not a SigV4 date (YYYYMMDDTHHMMSSZ)"));
        }
        let num = |r: std::ops::Range<usize>| s[r].parse::<i64>().unwrap_or(0);
        Self::from_parts(num(0..4), num(4..6), num(6..8), num(9..11), num(11..13), num(13..15))
            .ok_or_else(|| format!("`{s}` is not a valid calendar date and time"))
    }

    /// Parse the extended UTC form (`2015-08-30T12:36:00Z`, fractional seconds allowed:
    /// S3's `ServerTime` is `2026-11-22T20:30:00.123Z`).
    pub fn parse_rfc3339_utc(s: &str) -> Result<Self, String> {
        let whole = match s.split_once('.') {
            Some((head, frac)) if frac.trim_end_matches('Z').bytes().all(|b| b.is_ascii_digit()) => format!("{head}Z"),
            _ => s.to_string(),
        };
        let compact: String = whole.chars().filter(|c| *c != '-' && *c != ':').collect();
        Self::parse(&compact).map_err(|_| format!("`{s}` is not a UTC date-time (YYYY-MM-DDTHH:MM:SSZ)"))
    }

    /// Parse an HTTP `Date` header (IMF-fixdate: `Sun, 22 Nov 2026 20:30:00 GMT`).
    pub fn parse_http_date(s: &str) -> Result<Self, String> {
        let err = || format!("`{s}` is not an HTTP date");
        let parts: Vec<&str> = s.split_whitespace().collect();
        if parts.len() != 6 || parts[5] != "GMT" {
            return Err(err());
        }
        const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
        let month = MONTHS.iter().position(|m| *m == parts[2]).ok_or_else(err)? as i64 + 1;
        let day: i64 = parts[1].parse().map_err(|_| err())?;
        let year: i64 = parts[3].parse().map_err(|_| err())?;
        let hms: Vec<i64> = parts[4].split(':').map(|x| x.parse().unwrap_or(-1)).collect();
        if hms.len() != 3 || hms.iter().any(|v| *v < 0) {
            return Err(err());
        }
        Self::from_parts(year, month, day, hms[0], hms[1], hms[2]).ok_or_else(err)
    }

    fn from_parts(y: i64, mo: i64, d: i64, h: i64, mi: i64, s: i64) -> Option<Self> {
        if !(1..=12).contains(&mo) || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || s > 60 {
            return None;
        }
        let days = days_from_civil(y, mo, d);
        Some(AmzDate { unix_secs: days * 86_400 + h * 3600 + mi * 60 + s })
    }

    /// `(year, month, day, hour, minute, second)` in UTC.
    pub fn parts(self) -> (i64, i64, i64, i64, i64, i64) {
        let days = self.unix_secs.div_euclid(86_400);
        let rem = self.unix_secs.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        (y, m, d, rem / 3600, rem % 3600 / 60, rem % 60)
    }

    /// The 8-character scope date, always the first 8 characters of the timestamp.
    pub fn date_stamp(self) -> String {
        self.to_string()[..8].to_string()
    }

    /// xs:dateTime in UTC (`2026-11-22T20:30:00Z`), as the UCS manifest's `<Date>` wants.
    pub fn to_xs_datetime(self) -> String {
        let (y, mo, d, h, mi, s) = self.parts();
        format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
    }
}

impl fmt::Display for AmzDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, mo, d, h, mi, s) = self.parts();
        write!(f, "{y:04}{mo:02}{d:02}T{h:02}{mi:02}{s:02}Z")
    }
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's civil-calendar algorithms (public domain), valid for any proleptic
// Gregorian date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { yoe + era * 400 + 1 } else { yoe + era * 400 }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    // Run the same unit tests in the browser under `wasm-pack test`.
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn formats_known_instants() {
        assert_eq!(AmzDate::from_unix_secs(0).to_string(), "19700101T000000Z");
        assert_eq!(AmzDate::from_unix_secs(1_440_938_160).to_string(), "20150830T123600Z");
        assert_eq!(AmzDate::from_unix_secs(1_369_353_600).to_string(), "20130524T000000Z");
        assert_eq!(AmzDate::from_unix_secs(951_782_400).to_string(), "20000229T000000Z");
        assert_eq!(AmzDate::from_unix_secs(1_440_938_160).date_stamp(), "20150830");
        assert_eq!(AmzDate::from_unix_secs(1_440_938_160).to_xs_datetime(), "2015-08-30T12:36:00Z");
    }

    #[test]
    fn parses_and_round_trips() {
        for secs in [0, 1_440_938_160, 4_102_444_799, 951_868_799] {
            let d = AmzDate::from_unix_secs(secs);
            assert_eq!(AmzDate::parse(&d.to_string()), Ok(d));
        }
        assert_eq!(AmzDate::parse_rfc3339_utc("2015-08-30T12:36:00Z").unwrap().to_string(), "20150830T123600Z");
        assert_eq!(AmzDate::parse_rfc3339_utc("2026-11-22T20:30:00.123Z").unwrap().to_string(), "20261122T203000Z");
        assert_eq!(AmzDate::parse_http_date("Sun, 22 Nov 2026 20:30:00 GMT").unwrap().to_string(), "20261122T203000Z");
        assert!(AmzDate::parse_http_date("Sun, 31 Nov 2026 20:30:00 GMT").is_err());
        assert!(AmzDate::parse_http_date("yesterday").is_err());
    }

    #[test]
    fn rejects_malformed_dates_with_a_reason() {
        for bad in ["", "20150830", "20150830T123600", "20151330T000000Z", "20150230T000000Z", "2015083xT123600Z"] {
            let err = AmzDate::parse(bad).unwrap_err();
            assert!(err.contains(bad), "{err}");
        }
    }
}
