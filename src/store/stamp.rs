//! Who wrote a note and when: the author fallback chain and the `--at` time a responder types.

use std::path::Path;
use std::process::{Command, Stdio};

use chrono::{Duration, FixedOffset, NaiveTime, TimeZone, Utc};

use crate::ingest::clock::{self, ClockResolver};
use crate::model::{Incident, Timestamp};

/// Now, in UTC, in whole seconds (the precision the file keeps).
pub fn now() -> Timestamp {
    super::change::whole_seconds(Utc::now().fixed_offset())
}

/// The author of a note: `flag` (`--author`), else `$RETRACE_AUTHOR`, else git `user.name`,
/// else `$USER`. Blank values are skipped. `env` reads a variable and `git` asks git (called
/// only when needed); [`default_author`] passes the real ones.
pub fn pick_author(
    flag: Option<&str>,
    env: impl Fn(&str) -> Option<String>,
    git: impl FnOnce() -> Option<String>,
) -> Option<String> {
    let clean = |s: String| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    flag.map(str::to_string)
        .and_then(clean)
        .or_else(|| env("RETRACE_AUTHOR").and_then(clean))
        .or_else(|| git().and_then(clean))
        .or_else(|| env("USER").and_then(clean))
        .or_else(|| env("USERNAME").and_then(clean))
}

/// [`pick_author`] with the process environment and `git config user.name` run in `dir` (so a
/// repository-local name wins). A missing git, or no name configured, is not an error.
pub fn default_author(flag: Option<&str>, dir: Option<&Path>) -> Option<String> {
    pick_author(flag, |k| std::env::var(k).ok(), || git_user_name(dir))
}

/// `git config user.name`, or `None` when git is absent or has no name.
pub fn git_user_name(dir: Option<&Path>) -> Option<String> {
    let mut cmd = Command::new("git");
    cmd.args(["config", "user.name"])
        .stdin(Stdio::null())
        .stderr(Stdio::null());
    if let Some(d) = dir.filter(|d| d.is_dir()) {
        cmd.current_dir(d);
    }
    let out = cmd.output().ok()?;
    if !out.status.success() {
        return None;
    }
    Some(String::from_utf8_lossy(&out.stdout).trim().to_string()).filter(|s| !s.is_empty())
}

/// Read the time a responder gave for an event (`--at`, or typed in the note editor).
///
/// - `now` (or empty): `now`.
/// - `-5m`, `-90s`, `-2h`, `5m ago`: that long before `now`.
/// - A clock (`10:42`, `10:42:30`, `10:42 PM`, `10:42-ish`), read in the incident's zone (or the
///   zone written after it) on the day that puts it closest to the moment the note is about and
///   never in the future: the latest such time not after `now` while the incident is live; for
///   an incident whose last event (or start, without events) is over a day old (backfilling),
///   the one nearest it.
/// - A full time (`2026-11-25 10:42`, RFC 3339...): as written, in the incident's zone unless it
///   names one.
///
/// Times in the future (beyond a minute of clock skew) are refused: an event is something that
/// happened.
pub fn resolve_time(input: &str, incident: &Incident, now: Timestamp) -> Result<Timestamp, String> {
    let s = input.trim();
    let zone = incident.display_offset();
    let t = if s.is_empty() || s.eq_ignore_ascii_case("now") {
        now
    } else if let Some(ago) = parse_ago(s) {
        now.checked_sub_signed(ago).ok_or_else(|| too_far(s))?
    } else {
        let p = clock::parse_time(s).ok_or_else(|| {
            format!(
                "`{s}` is not a time: use a clock (`10:42`), a full time (`2026-11-25 10:42`), \
                 `now` or `-5m`"
            )
        })?;
        let offset = p.offset.unwrap_or(zone);
        match p.date {
            Some(d) => ClockResolver::new(d, offset).resolve(&p),
            None => {
                let last = incident
                    .timeline
                    .last()
                    .map(|e| e.at)
                    .or(incident.milestones.started);
                resolve_clock(p.time, offset, now, last)
            }
        }
    };
    if t > now + Duration::minutes(1) {
        return Err(format!(
            "`{s}` is {} in the future ({}); an event is something that happened",
            crate::analysis::format_duration(t - now),
            t.format("%Y-%m-%d %H:%M %:z")
        ));
    }
    let t = super::change::whole_seconds(t.with_timezone(&zone));
    if !clock::is_supported(&t) {
        return Err(too_far(s));
    }
    Ok(t)
}

fn too_far(input: &str) -> String {
    format!("`{input}` is too far back: an incident's times are in years 1 to 9999")
}

/// A clock on the right day: candidates the day before, of, and after the anchor's local day.
fn resolve_clock(
    time: NaiveTime,
    offset: FixedOffset,
    now: Timestamp,
    last_event: Option<Timestamp>,
) -> Timestamp {
    let backfilling = last_event.filter(|last| now - *last > Duration::days(1));
    let anchor = backfilling.unwrap_or(now);
    let day = anchor.with_timezone(&offset).date_naive();
    let candidates = [day.pred_opt(), Some(day), day.succ_opt()]
        .into_iter()
        .flatten()
        .filter_map(|d| offset.from_local_datetime(&d.and_time(time)).single())
        .filter(|t| *t <= now + Duration::minutes(1));
    match backfilling {
        Some(last) => candidates.min_by_key(|t| (*t - last).abs()),
        None => candidates.max(),
    }
    // Every clock is on or before `now` on the day before `now`'s, so there is always one.
    .unwrap_or(now)
}

/// `-5m`, `-90s`, `-2h`, `-1h30m`, `5m ago`, `5 min ago`.
fn parse_ago(s: &str) -> Option<Duration> {
    let body = if let Some(rest) = s.strip_prefix('-') {
        rest.trim()
    } else {
        s.strip_suffix("ago")?.trim()
    };
    let mut total = Duration::zero();
    let mut num = String::new();
    let mut chars = body.chars().peekable();
    let mut any = false;
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            num.push(c);
            continue;
        }
        if c == ' ' {
            continue;
        }
        let mut unit = String::from(c);
        while let Some(&n) = chars.peek() {
            if n.is_ascii_alphabetic() {
                unit.push(n);
                chars.next();
            } else {
                break;
            }
        }
        let n: i64 = num.parse().ok()?;
        num.clear();
        // Amounts too large for a duration are no time at all (never an overflow).
        let step = match unit.to_ascii_lowercase().as_str() {
            "s" | "sec" | "secs" | "second" | "seconds" => Duration::try_seconds(n),
            "m" | "min" | "mins" | "minute" | "minutes" => Duration::try_minutes(n),
            "h" | "hr" | "hrs" | "hour" | "hours" => Duration::try_hours(n),
            _ => return None,
        };
        total = total.checked_add(&step?)?;
        any = true;
    }
    (any && num.is_empty()).then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Event, EventKind};

    fn t(s: &str) -> Timestamp {
        chrono::DateTime::parse_from_rfc3339(s).unwrap()
    }

    fn live(zone: &str, last: Option<&str>) -> Incident {
        Incident {
            title: "x".into(),
            timezone: clock::parse_offset(zone),
            timeline: last
                .map(|l| vec![Event::new(t(l), EventKind::Note, "n")])
                .unwrap_or_default(),
            ..Default::default()
        }
    }

    #[test]
    fn clock_today_when_already_past() {
        let inc = live("UTC", Some("2026-11-25T10:00:00Z"));
        let now = t("2026-11-25T10:50:17Z");
        assert_eq!(
            resolve_time("10:42", &inc, now).unwrap(),
            t("2026-11-25T10:42:00Z")
        );
        assert_eq!(resolve_time("now", &inc, now).unwrap(), now);
        assert_eq!(resolve_time("", &inc, now).unwrap(), now);
    }

    #[test]
    fn clock_yesterday_when_it_would_be_in_the_future() {
        let inc = live("UTC", Some("2026-11-24T23:40:00Z"));
        let now = t("2026-11-25T00:05:00Z");
        assert_eq!(
            resolve_time("23:55", &inc, now).unwrap(),
            t("2026-11-24T23:55:00Z")
        );
        // Half a minute ahead of this clock is skew, not the future.
        assert_eq!(
            resolve_time("00:05", &inc, t("2026-11-25T00:04:40Z")).unwrap(),
            t("2026-11-25T00:05:00Z")
        );
    }

    #[test]
    fn clock_in_the_incident_zone() {
        // 10:42 in +02:00 is 08:42 UTC.
        let inc = live("+02:00", None);
        let now = t("2026-11-25T09:00:00Z");
        let got = resolve_time("10:42", &inc, now).unwrap();
        assert_eq!(got, t("2026-11-25T08:42:00Z"));
        assert_eq!(got.offset().local_minus_utc(), 7200);
        // 11:30 in +02:00 today is 09:30 UTC: still ahead, so yesterday's.
        assert_eq!(
            resolve_time("11:30", &inc, now).unwrap(),
            t("2026-11-24T09:30:00Z")
        );
        // A zone written with the clock wins.
        assert_eq!(
            resolve_time("08:30 UTC", &inc, now).unwrap(),
            t("2026-11-25T08:30:00Z")
        );
    }

    #[test]
    fn backfill_lands_near_the_last_event() {
        let inc = live("UTC", Some("2024-08-15T14:00:00Z"));
        let now = t("2026-11-25T10:00:00Z");
        assert_eq!(
            resolve_time("16:30", &inc, now).unwrap(),
            t("2024-08-15T16:30:00Z")
        );
        // After midnight of that night rather than the morning before.
        assert_eq!(
            resolve_time("01:00", &inc, now).unwrap(),
            t("2024-08-16T01:00:00Z")
        );
    }

    #[test]
    fn backfill_of_an_empty_incident_lands_near_its_start() {
        let mut inc = live("UTC", None);
        inc.milestones.started = Some(t("2024-08-15T22:00:00Z"));
        let now = t("2026-11-25T10:00:00Z");
        assert_eq!(
            resolve_time("23:10", &inc, now).unwrap(),
            t("2024-08-15T23:10:00Z")
        );
    }

    #[test]
    fn full_times_and_offsets() {
        let inc = live("UTC", None);
        let now = t("2026-11-25T10:00:00Z");
        assert_eq!(
            resolve_time("2026-11-24 09:15", &inc, now).unwrap(),
            t("2026-11-24T09:15:00Z")
        );
        assert_eq!(
            resolve_time("2026-11-25T10:42:00+02:00", &inc, now).unwrap(),
            t("2026-11-25T08:42:00Z")
        );
        assert_eq!(
            resolve_time("-5m", &inc, now).unwrap(),
            t("2026-11-25T09:55:00Z")
        );
        assert_eq!(
            resolve_time("1h 30m ago", &inc, now).unwrap(),
            t("2026-11-25T08:30:00Z")
        );
    }

    #[test]
    fn refuses_future_and_nonsense() {
        let inc = live("UTC", None);
        let now = t("2026-11-25T10:00:00Z");
        let e = resolve_time("2026-11-26 09:00", &inc, now).unwrap_err();
        assert!(e.contains("future"), "{e}");
        let e = resolve_time("tea time", &inc, now).unwrap_err();
        assert!(e.contains("not a time"), "{e}");
        assert!(resolve_time("-5x", &inc, now).is_err());
    }

    #[test]
    fn author_fallback_chain() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        let all: &[(&str, &str)] = &[("RETRACE_AUTHOR", "rita"), ("USER", "u")];
        assert_eq!(
            pick_author(Some("ann"), env(all), || panic!("git not needed")),
            Some("ann".into())
        );
        assert_eq!(
            pick_author(None, env(all), || panic!("git not needed")),
            Some("rita".into())
        );
        assert_eq!(
            pick_author(
                Some("  "),
                env(&[("RETRACE_AUTHOR", " "), ("USER", "u")]),
                || { Some("Git Name".into()) }
            ),
            Some("Git Name".into())
        );
        assert_eq!(
            pick_author(None, env(&[("USER", "u")]), || None),
            Some("u".into())
        );
        assert_eq!(pick_author(None, env(&[]), || None), None);
    }

    #[test]
    fn git_absent_is_tolerated() {
        // A folder that is not a repository and has no config: a name or None, never a panic.
        let dir = tempfile::tempdir().unwrap();
        let _ = git_user_name(Some(dir.path()));
        let _ = default_author(None, Some(dir.path()));
    }
}
