//! Patterns across incidents: the numbers for a small fixture set checked against values worked
//! out by hand, the `stats --json` shape, `retrace samples --out`, and the defaults the commands
//! share with the TUI when no path is given.
//!
//! The fixtures (tests/fixtures/stats/, seconds in brackets):
//!
//! | file | severity | services | TTD | TTA | TTI | TTM | TTR | detour time |
//! | --- | --- | --- | --- | --- | --- | --- | --- | --- |
//! | a | SEV1 | api | 5m [300] | 2m [120] | 30m [1800] | 40m [2400] | 1h [3600] | 15m [900] |
//! | b | SEV1 | api, db | 10m [600] | 1m [60] | 1h [3600] | 1h30m [5400] | 2h [7200] | 30m + 6m [2160] |
//! | c | SEV2 | db | 1m [60] | 3m [180] | 20m [1200] | 30m [1800] | 40m [2400] | — |
//! | d | SEV2 | web | 30m [1800] | 5m [300] | 1h [3600] | 1h15m [4500] | missing | 10m [600] |
//! | e | SEV3 | — | 0s [0] | missing | 45m [2700] | 1h [3600] | 3h [10800] | — |
//! | f | — | web | missing | 20m [1200] | missing | missing | missing | — |

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use retrace::analysis::{self, Metric, Patterns, Split};
use retrace::ingest::cache::Cache;
use retrace::ingest::corpus;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/stats")
}

fn fixture_patterns() -> Patterns {
    let c = corpus::load_all_cached(&[fixtures()], Cache::disabled(), |_| ()).0;
    assert!(c.errors.is_empty(), "{:?}", c.errors);
    assert_eq!(c.loaded.len(), 6);
    let analyses: Vec<_> = c
        .loaded
        .iter()
        .map(|l| analysis::analyze(&l.incident))
        .collect();
    analysis::patterns(c.loaded.iter().map(|l| &l.incident).zip(&analyses))
}

/// (count, missing, median, p90, max) of one duration of a group.
fn summary(g: &analysis::patterns::Group, m: Metric) -> (usize, usize, i64, i64, i64) {
    let s = g.durations.iter().find(|s| s.metric == m).unwrap();
    let d = &s.distribution;
    (
        d.count,
        s.missing,
        d.median_s.unwrap_or(-1),
        d.p90_s.unwrap_or(-1),
        d.max_s.unwrap_or(-1),
    )
}

#[test]
fn durations_match_the_hand_worked_values() {
    let p = fixture_patterns();
    let all = &p.overall;
    assert_eq!((all.incidents, all.with_detours), (6, 3));
    // TTD sorted [0, 60, 300, 600, 1800] (f missing): median the 3rd = 300; p90 rank ⌈0.9·5⌉ = 5.
    assert_eq!(summary(all, Metric::Ttd), (5, 1, 300, 1800, 1800));
    // TTA sorted [60, 120, 180, 300, 1200] (e missing).
    assert_eq!(summary(all, Metric::Tta), (5, 1, 180, 1200, 1200));
    // TTI sorted [1200, 1800, 2700, 3600, 3600] (f missing).
    assert_eq!(summary(all, Metric::Tti), (5, 1, 2700, 3600, 3600));
    // TTM sorted [1800, 2400, 3600, 4500, 5400] (f missing).
    assert_eq!(summary(all, Metric::Ttm), (5, 1, 3600, 5400, 5400));
    // TTR sorted [2400, 3600, 7200, 10800] (d, f missing): median (3600 + 7200) / 2 = 5400;
    // p90 rank ⌈3.6⌉ = 4 → 10800. Missing ones are not zeros: with them as 0 the median would be
    // 3000.
    assert_eq!(summary(all, Metric::Ttr), (4, 2, 5400, 10800, 10800));
}

#[test]
fn histograms_put_each_duration_in_its_log_bucket() {
    let p = fixture_patterns();
    let ttd = &p.overall.durations[0].histogram;
    // 0 → <1m, 60 → 1–2m, 300 → 5–10m, 600 → 10–30m, 1800 → 30m–1h.
    assert_eq!(ttd.counts[..6], [1, 1, 0, 1, 1, 1]);
    let ttr = &p.overall.durations[4].histogram;
    // 2400 → 30m–1h (5), 3600 → 1–2h (6), 7200 and 10800 → 2–6h (7).
    assert_eq!((ttr.counts[5], ttr.counts[6], ttr.counts[7]), (1, 1, 2));
    assert_eq!(
        ttr.counts.iter().sum::<usize>(),
        4,
        "missing ones are in no bucket"
    );
    assert_eq!(ttr.span(), Some((5, 7)));
}

#[test]
fn detours_frequency_share_and_most() {
    let d = fixture_patterns().detours;
    // a, b and d had detours: 3 of 6.
    assert_eq!(
        (d.incidents, d.with_detours, d.frequency),
        (6, 3, Some(0.5))
    );
    // Shares over the incidents with a TTR: a 900/3600 = 0.25, b 2160/7200 = 0.30, c 0, e 0;
    // d and f have no TTR. Sorted [0, 0, 0.25, 0.30]: median (0 + 0.25) / 2; p90 rank 4.
    assert_eq!((d.share_of_ttr.count, d.share_missing), (4, 2));
    assert_eq!(d.share_of_ttr.median, Some(0.125));
    assert_eq!(d.share_of_ttr.p90, Some(0.3));
    assert_eq!(d.share_of_ttr.max, Some(0.3));
    // Detour time over a, b, d: sorted [600, 900, 2160].
    assert_eq!(
        (
            d.detour_time.count,
            d.detour_time.median_s,
            d.detour_time.p90_s
        ),
        (3, Some(900), Some(2160))
    );
    let most: Vec<(&str, i64, usize)> = d
        .most
        .iter()
        .map(|i| (i.title.as_str(), i.detour_s, i.detours))
        .collect();
    assert_eq!(
        most,
        [
            ("Order page slow after the index rebuild", 2160, 2),
            ("Login requests failing with 502s", 900, 1),
            ("Product images missing on the web shop", 600, 1),
        ]
    );
}

#[test]
fn splits_by_severity_and_service() {
    let p = fixture_patterns();
    let sev: Vec<(&str, usize)> = p
        .split(Split::Severity)
        .iter()
        .map(|g| (g.label.as_str(), g.incidents))
        .collect();
    assert_eq!(sev, [("SEV1", 2), ("SEV2", 2), ("SEV3", 1), ("(none)", 1)]);
    // SEV1 TTR [3600, 7200]: median 5400, p90 rank ⌈1.8⌉ = 2. SEV2: c's 2400, d missing.
    assert_eq!(
        summary(&p.by_severity[0], Metric::Ttr),
        (2, 0, 5400, 7200, 7200)
    );
    assert_eq!(
        summary(&p.by_severity[1], Metric::Ttr),
        (1, 1, 2400, 2400, 2400)
    );
    // b counts for api and for db; e has no service.
    let svc: Vec<(&str, usize)> = p
        .split(Split::Service)
        .iter()
        .map(|g| (g.label.as_str(), g.incidents))
        .collect();
    assert_eq!(svc, [("api", 2), ("db", 2), ("web", 2), ("(none)", 1)]);
    // web: d and f, neither resolved.
    let web = &p.by_service[2];
    assert_eq!(summary(web, Metric::Ttr), (0, 2, -1, -1, -1));
    assert_eq!(summary(web, Metric::Tta), (2, 0, 750, 1200, 1200)); // (300 + 1200) / 2
}

// ----- the binary ---------------------------------------------------------------------------

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_retrace"));
    c.env_remove("RETRACE_DIR").env("NO_COLOR", "1");
    // Never the user's cache of parsed incidents.
    c.env("RETRACE_NO_CACHE", "1");
    c
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn ok(o: &Output) {
    assert!(
        o.status.success(),
        "{}\n{}",
        text(&o.stdout),
        text(&o.stderr)
    );
}

#[test]
fn stats_json_has_the_patterns() {
    let o = bin()
        .args(["stats", "--json"])
        .arg(fixtures())
        .output()
        .unwrap();
    ok(&o);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["errors", "incidents", "patterns", "summary"]);
    assert_eq!(v["incidents"].as_array().unwrap().len(), 6);
    assert_eq!(v["incidents"][0]["ttr_s"], 3600);
    assert_eq!(v["summary"]["ttr"]["median"], 5400);
    let p = &v["patterns"];
    assert_eq!(p["incidents"], 6);
    let ttr = &p["overall"]["durations"][4];
    assert_eq!(ttr["metric"], "ttr");
    assert_eq!(
        (
            &ttr["count"],
            &ttr["missing"],
            &ttr["median"],
            &ttr["p90"],
            &ttr["max"]
        ),
        (
            &serde_json::json!(4),
            &serde_json::json!(2),
            &serde_json::json!(5400),
            &serde_json::json!(10800),
            &serde_json::json!(10800)
        )
    );
    assert_eq!(ttr["histogram"]["counts"].as_array().unwrap().len(), 13);
    assert_eq!(p["by_severity"][0]["label"], "SEV1");
    assert_eq!(p["by_service"][0]["label"], "api");
    assert_eq!(p["detours"]["frequency"], 0.5);
    assert_eq!(p["detours"]["share_of_ttr"]["median"], 0.125);
    assert_eq!(p["detours"]["most"][0]["detour_s"], 2160);
    assert!(p.get("mean").is_none() && ttr.get("mean").is_none());
}

#[test]
fn stats_text_shows_bars_and_the_split() {
    let o = bin()
        .args(["stats", "--by", "service"])
        .arg(fixtures())
        .output()
        .unwrap();
    ok(&o);
    let out = text(&o.stdout);
    assert!(out.contains("Histograms (log scale)"), "{out}");
    assert!(out.contains("2h–6h") && out.contains('█'), "{out}");
    assert!(
        out.contains("3 of 6 incidents had at least one detour (50%)"),
        "{out}"
    );
    assert!(
        out.contains("By service") && !out.contains("By severity"),
        "{out}"
    );
    // TTR: count 4, missing 2, median 1h30m, p90 3h, max 3h.
    assert!(
        out.lines()
            .any(|l| l.split_whitespace().take(6).collect::<Vec<_>>()
                == ["TTR", "4", "2", "1h30m", "3h", "3h"]),
        "{out}"
    );
    let bad = bin()
        .args(["stats", "--by", "colour"])
        .arg(fixtures())
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn samples_are_written_out_and_never_overwritten_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("mine");
    let o = bin().args(["samples", "--out"]).arg(&out).output().unwrap();
    ok(&o);
    for (name, body) in retrace::tui::SAMPLES {
        assert_eq!(&std::fs::read_to_string(out.join(name)).unwrap(), body);
    }
    // Edited by the user: a second run refuses and keeps the edit.
    let first = out.join(retrace::tui::SAMPLES[0].0);
    std::fs::write(&first, "title: edited\n").unwrap();
    let o = bin().args(["samples", "--out"]).arg(&out).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(
        err.contains("already exists") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&first).unwrap(), "title: edited\n");
    // --force replaces the samples, and only them.
    std::fs::write(out.join("my-own.yaml"), "title: mine\n").unwrap();
    let o = bin()
        .args(["samples", "--force", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    ok(&o);
    assert_eq!(
        std::fs::read_to_string(&first).unwrap(),
        retrace::tui::SAMPLES[0].1
    );
    assert_eq!(
        std::fs::read_to_string(out.join("my-own.yaml")).unwrap(),
        "title: mine\n"
    );
    // A file where the folder should be.
    let o = bin()
        .args(["samples", "--out"])
        .arg(out.join("my-own.yaml"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("is not a folder"));
}

#[test]
fn commands_default_to_what_the_tui_opens() {
    let cwd = tempfile::tempdir().unwrap();
    let count = |o: &Output| -> usize {
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        v["incidents"].as_array().unwrap().len()
    };
    // Nothing here: the bundled samples, as the TUI.
    let o = bin()
        .current_dir(cwd.path())
        .args(["stats", "--json"])
        .output()
        .unwrap();
    ok(&o);
    assert_eq!(count(&o), retrace::tui::SAMPLES.len());
    // ./incidents/ when present.
    let incidents = cwd.path().join("incidents");
    std::fs::create_dir(&incidents).unwrap();
    std::fs::copy(
        fixtures().join("c-queue-backlog.yaml"),
        incidents.join("c.yaml"),
    )
    .unwrap();
    let o = bin()
        .current_dir(cwd.path())
        .args(["stats", "--json"])
        .output()
        .unwrap();
    assert_eq!(count(&o), 1);
    let o = bin().current_dir(cwd.path()).arg("lint").output().unwrap();
    assert!(
        text(&o.stdout).contains("1 files checked"),
        "{}",
        text(&o.stdout)
    );
    // The one incident there is what `export` exports.
    let o = bin()
        .current_dir(cwd.path())
        .args(["export", "--format", "json"])
        .output()
        .unwrap();
    ok(&o);
    assert!(text(&o.stdout).contains("Replication queue backlog"));
    // $RETRACE_DIR wins over ./incidents/.
    let o = bin()
        .current_dir(cwd.path())
        .env("RETRACE_DIR", fixtures())
        .args(["stats", "--json"])
        .output()
        .unwrap();
    assert_eq!(count(&o), 6);
    // Several incidents and no FILE: export asks which, listing them.
    let o = bin()
        .current_dir(cwd.path())
        .env("RETRACE_DIR", fixtures())
        .arg("export")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(
        err.contains("which incident? 6 found") && err.contains("a-login-errors.yaml"),
        "{err}"
    );
}
