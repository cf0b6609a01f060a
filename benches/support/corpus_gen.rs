//! The reference corpus: N incidents with realistic text, kinds, branches and detours, written
//! as native YAML and as Markdown postmortems (a Markdown list or table timeline, the shapes the
//! importer reads). Deterministic: the same seed gives the same bytes on every machine, so the
//! figures in `benches/` can be compared across runs and branches.
//!
//! Shared by `examples/corpus.rs` (the command that writes a corpus to disk), the criterion
//! benches and tests, through `#[path]`.

#![allow(dead_code)]

use std::fmt::Write as _;

/// SplitMix64: a tiny, well-known generator whose output is fixed by its definition, so the
/// corpus does not change when a random-number crate changes its algorithms.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const SERVICES: &[&str] = &[
    "checkout-api",
    "orders-db",
    "payments-gateway",
    "session-cache",
    "auth-service",
    "search-indexer",
    "image-resize",
    "notification-worker",
    "ledger-service",
    "edge-proxy",
    "inventory-api",
    "kafka-cluster",
    "billing-batch",
    "mobile-api",
    "dns-resolver",
    "cdn-origin",
];

const SYMPTOMS: &[&str] = &[
    "p99 latency above 2s",
    "error rate at 14%",
    "CPU pinned at 98%",
    "connection pool exhausted",
    "consumer lag growing past 2 million messages",
    "OOMKilled restarts every few minutes",
    "TLS handshake failures from partners",
    "5xx responses from the origin",
    "replication lag of 40 seconds",
    "disk usage at 95% on the primary",
    "queue depth doubling every ten minutes",
    "timeouts on the upstream health checks",
];

const THEORIES: &[(&str, &str)] = &[
    (
        "network latency between the app tier and the database",
        "packet captures show normal round trips; network latency ruled out",
    ),
    (
        "the morning deploy caused the regression",
        "rollback completed but the issue persisted; deploy ruled out",
    ),
    (
        "a noisy neighbour on the shared node pool",
        "node metrics are flat; noisy neighbour ruled out",
    ),
    (
        "an expired certificate on the load balancer",
        "certificate valid until next year; ruled out",
    ),
    (
        "DNS resolution failing intermittently",
        "resolver logs clean and no NXDOMAIN spikes; DNS ruled out",
    ),
    (
        "a cache stampede after the config push",
        "hit ratio unchanged since the push; stampede ruled out",
    ),
    (
        "the database failover left replicas behind",
        "no failover in the last seven days; ruled out",
    ),
    (
        "a runaway batch job saturating the disk",
        "batch scheduler idle during the window; ruled out",
    ),
];

const CAUSES: &[&str] = &[
    "an unindexed report query scanning the orders table",
    "a feature flag enabling the new ranking model for all users",
    "a connection leak in the retry path of the HTTP client",
    "a memory regression in the image library upgrade",
    "a misconfigured rate limit on the edge proxy",
    "a schema migration holding a table lock",
    "an expired partner certificate in the trust bundle",
    "recommendation keys evicting sessions from the shared cache",
];

const PEOPLE: &[&str] = &[
    "Priya", "Kofi", "Grace", "Mateo", "Aiko", "Lars", "Amara", "Chen", "Fatima", "Diego",
];

const CHATTER: &[&str] = &[
    "Checked the {svc} dashboards; {symptom}",
    "Pulled logs from {svc} for the last hour",
    "{who} joined the bridge from the {svc} team",
    "Customer support reports more tickets mentioning {svc}",
    "Looking at the {svc} deploy history for anything recent",
    "Graphs for {svc} show {symptom}",
    "Scaled {svc} from 6 to 12 replicas to buy headroom",
    "Paused the {svc} canary while we look",
    "Traced a slow request through {svc}; most time spent waiting on the pool",
    "Asked the vendor whether anything changed on their side",
    "Compared {svc} metrics with the same hour last week",
    "Drained one node of {svc} to see if the errors follow it",
    "Restarted a single {svc} pod as an experiment; no change",
    "Posted an internal update in #incidents about {svc}",
];

/// The kind names of the native format, in the order the story uses them.
struct Step {
    kind: &'static str,
    text: String,
    author: Option<&'static str>,
    branch: Option<String>,
}

/// One generated incident, before it is written in a format.
pub struct Story {
    /// `YYYY-MM-DD-slug`, used as the file name.
    pub id: String,
    pub title: String,
    pub date: (i32, u32, u32),
    pub severity: u8,
    pub services: Vec<&'static str>,
    pub summary: String,
    pub root_cause: String,
    /// `(id, hypothesis, ruled_out)`.
    pub branches: Vec<(String, String, bool)>,
    /// The Markdown timeline is a table (every third incident), else a list.
    pub table_timeline: bool,
    /// Minutes after 06:00 on `date` for each step.
    minutes: Vec<u32>,
    steps: Vec<Step>,
}

/// The `n`th incident of the corpus with `seed`, with about `events` events (at least 8).
pub fn story(seed: u64, n: usize, events: usize) -> Story {
    let mut r = Rng::new(seed ^ (n as u64).wrapping_mul(0x2545_F491_4F6C_DD1D));
    let events = events.max(8);
    let year = 2016 + (n % 10) as i32;
    let month = 1 + r.below(12) as u32;
    let day = 1 + r.below(28) as u32;
    let svc = r.pick(SERVICES);
    let svc2 = r.pick(SERVICES);
    let symptom = r.pick(SYMPTOMS);
    let cause = r.pick(CAUSES);
    let title = format!("{} {}", capitalise(svc), symptom);
    let slug: String = title
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|w| !w.is_empty())
        .take(6)
        .collect::<Vec<_>>()
        .join("-");
    let id = format!("{year}-{month:02}-{day:02}-{slug}-{n:05}");
    let fill = |r: &mut Rng, t: &str| {
        t.replace("{svc}", r.pick(&[svc, svc2]))
            .replace("{symptom}", r.pick(SYMPTOMS))
            .replace("{who}", r.pick(PEOPLE))
    };

    // Branches: one to three theories ruled out, then the confirmed cause.
    let detours = 1 + r.below(3);
    let mut theories: Vec<usize> = (0..THEORIES.len()).collect();
    for i in (1..theories.len()).rev() {
        theories.swap(i, r.below(i + 1));
    }
    let mut branches: Vec<(String, String, bool)> = theories[..detours]
        .iter()
        .enumerate()
        .map(|(i, &t)| (format!("theory-{}", i + 1), THEORIES[t].0.to_string(), true))
        .collect();
    branches.push(("cause".into(), format!("{cause} in {svc}"), false));

    let oncall = r.pick(PEOPLE);
    let mut steps: Vec<Step> = Vec::with_capacity(events);
    let mut push = |kind, text: String, author: Option<&'static str>, branch: Option<String>| {
        steps.push(Step {
            kind,
            text,
            author,
            branch,
        });
    };
    push(
        "trigger",
        format!("{svc} 4.{} deployed to production", r.below(30)),
        None,
        None,
    );
    push(
        "impact-start",
        format!("Impact starts: {symptom} on {svc}"),
        None,
        None,
    );
    push(
        "detection",
        format!("Alert: {svc} {symptom}; on-call paged"),
        None,
        None,
    );
    push(
        "acknowledge",
        format!("{oncall} acknowledges the page and opens #inc-{n}"),
        Some(oncall),
        None,
    );
    // The middle of the story: chatter with the detours woven in.
    let middle = events - 8;
    let mut theory_at: Vec<usize> = (0..detours)
        .map(|i| (middle * (i + 1)) / (detours + 2))
        .collect();
    theory_at.push(middle * (detours + 1) / (detours + 2));
    for i in 0..middle {
        if let Some(t) = theory_at.iter().position(|&x| x == i) {
            let (bid, hyp, ruled_out) = &branches[t];
            if *ruled_out {
                let th = THEORIES[theories[t]];
                push(
                    "hypothesis",
                    format!("Theory: {}", th.0),
                    Some(oncall),
                    Some(bid.clone()),
                );
                push("investigation", th.1.to_string(), None, Some(bid.clone()));
            } else {
                push(
                    "identified",
                    format!("Root cause identified: {hyp}"),
                    Some(oncall),
                    Some(bid.clone()),
                );
            }
        } else {
            let tpl = r.pick(CHATTER);
            let kind = if tpl.starts_with("Posted") {
                "communication"
            } else if tpl.contains("joined") {
                "escalation"
            } else if tpl.starts_with("Scaled") || tpl.starts_with("Paused") {
                "action"
            } else {
                "investigation"
            };
            let who = if r.chance(30) {
                Some(r.pick(PEOPLE))
            } else {
                None
            };
            push(kind, fill(&mut r, tpl), who, None);
        }
    }
    push(
        "communication",
        format!("Status page: degraded performance on {svc}; fix in progress"),
        None,
        None,
    );
    push(
        "mitigation",
        format!("Mitigated: rolled {svc} back and the {symptom} cleared"),
        Some(oncall),
        None,
    );
    push(
        "recovery",
        format!("Backlog draining on {svc2}; error rate back to baseline"),
        None,
        None,
    );
    push(
        "resolution",
        "Resolved after an hour of clean metrics; incident closed".to_string(),
        None,
        None,
    );
    let mut minutes = Vec::with_capacity(steps.len());
    let mut m = 0u32;
    for _ in &steps {
        minutes.push(m);
        m += 1 + r.below(6) as u32;
    }
    Story {
        id,
        title,
        date: (year, month, day),
        severity: 1 + r.below(4) as u8,
        services: vec![svc, svc2],
        summary: format!(
            "{} saw {symptom}. Responders followed {detours} theories that were ruled out before finding {cause}.",
            capitalise(svc)
        ),
        root_cause: format!("{} in {svc}.", capitalise(cause)),
        branches,
        table_timeline: n.is_multiple_of(3),
        minutes,
        steps,
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn clock(minutes: u32) -> String {
    let m = (6 * 60 + minutes) % (24 * 60);
    format!("{:02}:{:02}", m / 60, m % 60)
}

/// Double-quoted YAML scalar (the generated text never holds control characters).
fn yq(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

impl Story {
    /// The incident in the native format.
    pub fn yaml(&self) -> String {
        let (y, mo, d) = self.date;
        let mut o = String::with_capacity(self.steps.len() * 110 + 1024);
        let _ = writeln!(o, "id: {}", self.id);
        let _ = writeln!(o, "title: {}", yq(&self.title));
        let _ = writeln!(o, "severity: SEV{}", self.severity);
        let _ = writeln!(o, "status: resolved");
        let _ = writeln!(o, "services: [{}]", self.services.join(", "));
        let _ = writeln!(o, "date: {y}-{mo:02}-{d:02}");
        let _ = writeln!(o, "timezone: UTC");
        let _ = writeln!(o, "summary: {}", yq(&self.summary));
        let _ = writeln!(o, "root_cause: {}", yq(&self.root_cause));
        o.push_str("branches:\n");
        for (id, hyp, ruled_out) in &self.branches {
            let _ = writeln!(o, "  - id: {id}");
            let _ = writeln!(o, "    hypothesis: {}", yq(hyp));
            let outcome = if *ruled_out { "ruled-out" } else { "confirmed" };
            let _ = writeln!(o, "    outcome: {outcome}");
        }
        o.push_str("timeline:\n");
        for (s, m) in self.steps.iter().zip(&self.minutes) {
            let _ = writeln!(o, "  - at: \"{}\"", clock(*m));
            let _ = writeln!(o, "    kind: {}", s.kind);
            let _ = writeln!(o, "    text: {}", yq(&s.text));
            if let Some(a) = s.author {
                let _ = writeln!(o, "    author: {a}");
            }
            if let Some(b) = &s.branch {
                let _ = writeln!(o, "    branch: {b}");
            }
        }
        o
    }

    /// The incident as a Markdown postmortem: a header block, prose sections and a timeline
    /// as a list (`- 10:30 – text`) or, for every third incident, a table.
    pub fn markdown(&self) -> String {
        let (y, mo, d) = self.date;
        let mut o = String::with_capacity(self.steps.len() * 90 + 1024);
        let _ = writeln!(o, "# Postmortem: {}\n", self.title);
        let _ = writeln!(o, "**Date:** {y}-{mo:02}-{d:02} (all times UTC)");
        let _ = writeln!(o, "**Severity:** SEV{}", self.severity);
        let _ = writeln!(o, "**Status:** Resolved");
        let _ = writeln!(o, "**Services:** {}\n", self.services.join(", "));
        let _ = writeln!(o, "## Summary\n\n{}\n", self.summary);
        let _ = writeln!(o, "## Timeline\n");
        let table = self.table_timeline;
        if table {
            o.push_str("| Time  | Event |\n|-------|-------|\n");
        }
        for (s, m) in self.steps.iter().zip(&self.minutes) {
            let text = match s.author {
                Some(a) if !s.text.starts_with(a) => format!("{} ({a})", s.text),
                _ => s.text.clone(),
            };
            if table {
                let _ = writeln!(o, "| {} | {} |", clock(*m), text.replace('|', "/"));
            } else {
                let _ = writeln!(o, "- {} – {}", clock(*m), text);
            }
        }
        let _ = writeln!(o, "\n## Root cause\n\n{}\n", self.root_cause);
        o
    }

    /// The number of events.
    pub fn len(&self) -> usize {
        self.steps.len()
    }
}
