//! A synthetic incident of any size, for benchmarks and the large-timeline tests.

use chrono::{Duration, FixedOffset, TimeZone};

use super::app::{App, Doc, Entry, Source};
use super::theme::{Theme, ThemeName};
use crate::model::{Branch, Event, EventKind, Incident, Outcome, Severity, Status};

const WORDS: &[&str] = &[
    "replica",
    "lag",
    "checkout",
    "timeout",
    "queue",
    "depth",
    "rollback",
    "cache",
    "miss",
    "latency",
    "p99",
    "deploy",
    "config",
    "flag",
    "error",
    "rate",
    "pod",
    "restart",
    "dns",
    "resolver",
    "ledger",
    "payment",
    "retry",
    "consumer",
    "rebalance",
    "node",
    "disk",
    "pressure",
];

/// `n` events over several days, with branches (some ruled out), milestones and authors.
pub fn synthetic_incident(n: usize) -> Incident {
    let tz = FixedOffset::east_opt(3600).expect("valid offset");
    let start = tz
        .with_ymd_and_hms(2025, 4, 1, 9, 0, 0)
        .single()
        .expect("valid time");
    let mut timeline = Vec::with_capacity(n);
    let mut branches = Vec::new();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut t = start;
    for i in 0..n {
        let r = next();
        t += Duration::seconds(3 + (r % 9) as i64 + if r % 997 == 0 { 5400 } else { 0 });
        let kind = match i {
            0 => EventKind::ImpactStart,
            1 => EventKind::Detection,
            2 => EventKind::Acknowledge,
            _ if i == n * 6 / 10 => EventKind::Identified,
            _ if i == n * 8 / 10 => EventKind::Mitigation,
            _ if i + 1 == n => EventKind::Resolution,
            _ => [
                EventKind::Investigation,
                EventKind::Action,
                EventKind::Note,
                EventKind::Communication,
                EventKind::Hypothesis,
            ][(r >> 8) as usize % 5],
        };
        let w = |k: u64| WORDS[((r >> k) % WORDS.len() as u64) as usize];
        let text = format!(
            "{} {} on shard {} ({} {}): {} {}",
            w(3),
            w(11),
            i % 64,
            w(19),
            w(23),
            w(29),
            w(37)
        );
        let mut e = Event::new(t, kind, text);
        e.author = Some(["ana", "bo", "chen", "dee"][(r >> 41) as usize % 4].into());
        e.key = r % 50 == 0;
        // A branch every 500 events, 12 events long.
        let block = i / 500;
        if i % 500 >= 100 && i % 500 < 112 && i > 3 {
            let id = format!("b{block}");
            if i % 500 == 100 {
                branches.push(Branch {
                    id: id.clone(),
                    hypothesis: format!("Theory {block}: {}", w(45)),
                    outcome: if block % 3 == 0 {
                        Outcome::Confirmed
                    } else {
                        Outcome::RuledOut
                    },
                    inferred: None,
                });
            }
            e.branch = Some(id.into());
        }
        timeline.push(e);
    }
    Incident {
        id: "synthetic".into(),
        title: format!("Synthetic incident with {n} events"),
        severity: Some(Severity("SEV2".into())),
        status: Some(Status::Resolved),
        services: vec!["checkout".into(), "payments".into()],
        date: Some(start.date_naive()),
        timezone: Some(tz),
        timeline,
        branches,
        ..Incident::default()
    }
}

/// An app with one incident open, at a terminal size.
pub fn app_with(incident: Incident, width: u16, height: u16) -> App {
    let doc = Doc::new(Source::Sample("synthetic".into()), incident, &[]);
    App::new(
        vec![Entry::Doc(Box::new(doc))],
        false,
        Theme::new(ThemeName::Dark),
        width,
        height,
    )
}
