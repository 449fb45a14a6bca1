//! Times: reading the scenario's clock and printing epoch seconds for humans.
//!
//! INVARIANT: nothing here reads the system clock. "Now" is always the scenario's `now`.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// Seconds since the Unix epoch.
pub type Epoch = i64;

/// Parse an RFC 3339 date-time (e.g. `2026-11-22T10:00:00Z`) into epoch seconds.
pub fn parse_rfc3339(text: &str) -> Option<Epoch> {
    OffsetDateTime::parse(text.trim(), &Rfc3339)
        .ok()
        .map(OffsetDateTime::unix_timestamp)
}

/// Format epoch seconds as RFC 3339 in UTC with a `Z` (e.g. `2026-11-22T10:00:00Z`).
/// Times outside the representable range are printed as raw epoch seconds.
pub fn format_rfc3339(epoch: Epoch) -> String {
    OffsetDateTime::from_unix_timestamp(epoch)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_else(|| format!("{epoch} (epoch seconds)"))
}

/// Format as the AWS CLI prints timestamps: `2026-11-22T11:00:00+00:00`.
pub fn format_aws_cli(epoch: Epoch) -> String {
    let rfc = format_rfc3339(epoch);
    match rfc.strip_suffix('Z') {
        Some(stem) => format!("{stem}+00:00"),
        None => rfc,
    }
}

/// A human description of `epoch` relative to `now`, e.g. "in 4 min 10 s" or "2 h 5 min ago".
pub fn relative(epoch: Epoch, now: Epoch) -> String {
    let delta = epoch.saturating_sub(now);
    if delta == 0 {
        return "now".to_string();
    }
    let span = human_duration(delta.unsigned_abs());
    if delta > 0 {
        format!("in {span}")
    } else {
        format!("{span} ago")
    }
}

/// "1 h 2 min", "5 min 3 s", "42 s", "3 d 4 h".
pub fn human_duration(seconds: u64) -> String {
    let (d, h, m, s) = (
        seconds / 86_400,
        seconds % 86_400 / 3_600,
        seconds % 3_600 / 60,
        seconds % 60,
    );
    let parts: Vec<String> = if d > 0 {
        vec![format!("{d} d"), format!("{h} h")]
    } else if h > 0 {
        vec![format!("{h} h"), format!("{m} min")]
    } else if m > 0 {
        vec![format!("{m} min"), format!("{s} s")]
    } else {
        vec![format!("{s} s")]
    };
    parts
        .into_iter()
        .filter(|p| !p.starts_with("0 "))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_rfc3339() {
        let t = parse_rfc3339("2026-11-22T10:00:00Z").unwrap();
        assert_eq!(t, 1_795_341_600);
        assert_eq!(format_rfc3339(t), "2026-11-22T10:00:00Z");
        assert_eq!(format_aws_cli(t + 3600), "2026-11-22T11:00:00+00:00");
        assert_eq!(parse_rfc3339("2026-11-22T11:00:00+01:00"), Some(t));
        assert_eq!(parse_rfc3339("yesterday"), None);
    }

    #[test]
    fn describes_relative_times() {
        assert_eq!(relative(100, 100), "now");
        assert_eq!(relative(160, 100), "in 1 min");
        assert_eq!(relative(100, 403), "5 min 3 s ago");
        assert_eq!(relative(100 + 90_000, 100), "in 1 d 1 h");
        assert_eq!(
            format_rfc3339(i64::MAX),
            format!("{} (epoch seconds)", i64::MAX)
        );
    }
}
