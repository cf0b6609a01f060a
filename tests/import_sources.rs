//! Importing what responders export — a Slack channel export (folder and ZIP), a PagerDuty
//! incident with its log and notes, an incident.io incident with its updates — alone and merged.
//! The fixtures (tests/fixtures/sources/) tell one invented incident, INC-311: a products
//! search alias swapped onto an empty index at 23:20 UTC, a CDN theory ruled out in a Slack
//! thread, the alias theory confirmed in another, a rollback, resolved after midnight UTC.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use retrace::analysis;
use retrace::ingest::sources::{self, Limits, Options};
use retrace::ingest::{Format, LoadError, Loaded, load_path};
use retrace::model::{Event, EventKind, Incident, MilestoneKind, Outcome, RuleId};

const CHANNEL: &str = "inc-311-search-empty";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/sources")
        .join(name)
}

fn channel() -> Options {
    Options {
        channel: Some(CHANNEL.into()),
        ..Options::default()
    }
}

fn import(paths: &[PathBuf], options: &Options) -> Loaded {
    sources::load_sources(paths, options).unwrap_or_else(|e| panic!("{e}"))
}

fn slack() -> Loaded {
    import(&[fixture("slack-export")], &channel())
}

fn error(r: Result<Loaded, LoadError>) -> String {
    match r {
        Ok(l) => panic!(
            "imported {} events, expected an error",
            l.incident.timeline.len()
        ),
        Err(e) => e.to_diagnostic().to_string(),
    }
}

fn at(inc: &Incident, m: MilestoneKind) -> Option<String> {
    inc.milestones.get(m).map(|t| t.to_rfc3339())
}

fn rule(inc: &Incident, m: MilestoneKind) -> Option<RuleId> {
    inc.milestones.why(m).map(|i| i.rule)
}

/// Each milestone at its time, from its rule.
fn milestones_are(inc: &Incident, want: &[(MilestoneKind, &str, RuleId)]) {
    for (m, t, r) in want {
        assert_eq!(at(inc, *m).as_deref(), Some(*t), "{m:?}");
        assert_eq!(rule(inc, *m), Some(*r), "{m:?}");
    }
}

fn event<'a>(inc: &'a Incident, words: &str) -> &'a Event {
    inc.timeline
        .iter()
        .find(|e| e.text.contains(words))
        .unwrap_or_else(|| panic!("no event with {words:?} in {:#?}", texts(inc)))
}

fn texts(inc: &Incident) -> Vec<&str> {
    inc.timeline.iter().map(|e| &*e.text).collect()
}

fn run(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_retrace"))
        .args(args)
        .output()
        .expect("run retrace")
}

/// The fixture folder zipped under `prefix` (empty: files at the root), plus `extra` entries.
fn zip_of(dir: &Path, prefix: &str, extra: &[(&str, &[u8])]) -> tempfile::NamedTempFile {
    let file = tempfile::NamedTempFile::new().unwrap();
    let mut zip = zip::ZipWriter::new(file.reopen().unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let rel = p
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            zip.start_file(format!("{prefix}{rel}"), options).unwrap();
            zip.write_all(&std::fs::read(&p).unwrap()).unwrap();
        }
    }
    for (name, bytes) in extra {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
    file
}

#[test]
fn slack_messages_become_events_with_authors_and_exact_times() {
    let l = slack();
    let inc = &l.incident;
    assert_eq!(l.format, Format::Slack);
    assert_eq!(
        inc.title,
        "Search returns no results after the products alias swap"
    );
    // Joins and leaves are dropped; the day boundary (23:xx on the 14th, 00:xx on the 15th in
    // UTC) is crossed in time order.
    assert!(
        !texts(inc)
            .iter()
            .any(|t| t.contains("has joined") || t.contains("has left"))
    );
    assert_eq!(inc.timeline.len(), 15, "{:#?}", texts(inc));
    assert!(inc.timeline.windows(2).all(|w| w[0].at <= w[1].at));
    assert_eq!(
        inc.timeline.first().unwrap().at.to_rfc3339(),
        "2025-10-14T23:27:05+00:00"
    );
    assert_eq!(
        inc.timeline.last().unwrap().at.to_rfc3339(),
        "2025-10-15T00:25:00+00:00"
    );
    // `ts` is the instant, whatever zone the responder sits in (Tokyo, Oslo, Chicago).
    let root = event(inc, "Zero-result rate jumped");
    assert_eq!(root.at.to_rfc3339(), "2025-10-14T23:28:40.000100+00:00");
    assert_eq!(root.author.as_deref(), Some("Aiko Tanaka"));
    assert_eq!(
        root.source.as_deref(),
        Some("slack:C0INC311/1760484520.000100")
    );
    // Authors: real name, else display name; bots marked; an unknown id kept as it is.
    let mut authors: Vec<&str> = inc
        .timeline
        .iter()
        .filter_map(|e| e.author.as_deref())
        .collect();
    authors.sort();
    authors.dedup();
    assert_eq!(
        authors,
        [
            "Aiko Tanaka",
            "Dana Okafor",
            "Datadog (bot)",
            "Lars Berg",
            "Statuspage (bot)",
            "U09GHOST",
            "incident.io (bot)"
        ]
    );
    // mrkdwn: mention resolved, link label kept with the link, emphasis and emoji gone,
    // entities decoded once; an attachment-only bot post reads its attachment.
    let bot = event(inc, "was resolved by");
    assert_eq!(
        &*bot.text,
        "INC-311 was resolved by @Aiko Tanaka. Next: schedule the debrief."
    );
    assert!(
        root.text.contains("since ~23:21 (dashboard)"),
        "{}",
        root.text
    );
    assert_eq!(
        *root.links,
        ["https://grafana.example.invalid/d/search?orgId=1"],
        "the export token `t=` is dropped"
    );
    let dd = event(inc, "Re-notify");
    assert_eq!(
        &*dd.text,
        "Re-notify: [SEV2] search zero-result rate > 40% — zero-result rate is 45.2% (threshold 40%)"
    );
    assert_eq!(
        *dd.links,
        ["https://app.datadoghq.example.invalid/monitors/4242"]
    );
    // An app post whose text is a placeholder reads its blocks.
    let status = event(inc, "Status page updated");
    assert_eq!(
        &*status.text,
        "Status page updated: search degraded by @Aiko Tanaka"
    );
    assert_eq!(
        *status.links,
        ["https://status.example.invalid/incidents/311"]
    );
}

#[test]
fn slack_edits_deletions_files_and_hostile_text() {
    let inc = slack().incident;
    // A human edit stays at its `ts` and says when it was edited.
    let fix = event(&inc, "Rolled back the alias");
    assert_eq!(fix.at.to_rfc3339(), "2025-10-14T23:47:30+00:00");
    assert!(
        fix.text.ends_with("(edited at 23:48:10 UTC)"),
        "{}",
        fix.text
    );
    assert_eq!(fix.kind, EventKind::Mitigation);
    // The bot's declaration was edited after the incident ("Status: Resolved"): its words give
    // no kind and no milestone at 23:27.
    let declared = event(&inc, "INC-311 Search returns no results");
    assert_eq!(declared.kind, EventKind::Note);
    assert_eq!(
        declared.inferred.as_ref().map(|i| i.rule),
        Some(RuleId::SourceSlackEditedBot)
    );
    assert!(
        declared
            .text
            .contains("(edited at 2025-10-15 00:05:01 UTC)")
    );
    assert_ne!(
        at(&inc, MilestoneKind::Resolved).as_deref(),
        Some("2025-10-14T23:27:05+00:00")
    );
    // A deleted root keeps its reply's context.
    let gone = event(&inc, "(deleted message)");
    assert_eq!(gone.kind, EventKind::Note);
    event(&inc, "was the reindex job alerting");
    // Escape sequences and bidi overrides never reach the model; the file link loses its token.
    let hostile = event(&inc, "hi all");
    assert!(!hostile.text.contains('\u{1b}') && !hostile.text.contains('\u{202e}'));
    assert!(hostile.text.contains("click"), "{}", hostile.text);
    assert_eq!(
        *hostile.links,
        ["https://shop.slack.example.invalid/files/U02LARS/F0DIFF/alias.diff"]
    );
    assert!(
        inc.timeline
            .iter()
            .flat_map(|e| &e.links)
            .all(|l| !l.contains("xoxe") && !l.contains("t="))
    );
}

#[test]
fn slack_threads_are_branches_ruled_out_or_confirmed() {
    let inc = slack().incident;
    let branch_of = |words: &str| event(&inc, words).branch.clone();
    // The CDN thread: root, a reply, the reply that rules it out → a detour.
    let cdn = branch_of("Zero-result rate jumped").expect("the CDN thread is a branch");
    assert_eq!(branch_of("CDN hit ratio").as_ref(), Some(&cdn));
    assert_eq!(branch_of("Ruled out the CDN").as_ref(), Some(&cdn));
    let b = inc.branch(&cdn).unwrap();
    assert_eq!(b.outcome, Outcome::RuledOut);
    assert!(
        b.hypothesis.to_lowercase().contains("cdn"),
        "{}",
        b.hypothesis
    );
    // The remark 49 minutes later on the same thread stays on the main line: it does not
    // stretch the detour past 23:36:20.
    assert_eq!(branch_of("For the review"), None);
    let a = analysis::analyze(&inc);
    let detour = a
        .detours
        .iter()
        .find(|d| *d.branch == *cdn)
        .expect("a detour");
    assert_eq!(
        detour.start.to_rfc3339(),
        "2025-10-14T23:28:40.000100+00:00"
    );
    assert_eq!(detour.end.to_rfc3339(), "2025-10-14T23:36:20+00:00");
    // The alias thread is confirmed; its broadcast reply is on it once.
    let alias = branch_of("Theory: the alias swap").expect("the alias thread is a branch");
    assert_eq!(inc.branch(&alias).unwrap().outcome, Outcome::Confirmed);
    assert_eq!(branch_of("That's it").as_ref(), Some(&alias));
    assert_eq!(
        inc.timeline
            .iter()
            .filter(|e| e.text.contains("Swapping the alias back"))
            .count(),
        1
    );
    // Only the ruled-out thread is a detour; the deleted root's thread names no theory.
    assert_eq!(a.detours.len(), 1, "{:?}", a.detours);
    assert_eq!(branch_of("(deleted message)"), None);
}

#[test]
fn slack_pins_and_reactions_mark_key_moments_and_words_give_milestones() {
    let inc = slack().incident;
    assert!(
        event(&inc, "INC-311 Search returns no results").key,
        "pinned"
    );
    assert!(event(&inc, "That's it").key, "pinned and 📌");
    assert!(event(&inc, "Rolled back the alias").key, "⏱ reaction");
    assert!(!event(&inc, "CDN hit ratio").key);
    // Slack alone: milestones inferred from the words, the source of each told.
    assert_eq!(
        at(&inc, MilestoneKind::Identified).as_deref(),
        Some("2025-10-14T23:41:50+00:00")
    );
    assert_eq!(
        rule(&inc, MilestoneKind::Identified),
        Some(RuleId::KindIdentified)
    );
    assert_eq!(
        at(&inc, MilestoneKind::Mitigated).as_deref(),
        Some("2025-10-14T23:47:30+00:00")
    );
    assert_eq!(
        at(&inc, MilestoneKind::Resolved).as_deref(),
        Some("2025-10-15T00:05:00+00:00")
    );
    assert_eq!(at(&inc, MilestoneKind::Acknowledged), None);
}

#[test]
fn slack_zip_reads_like_the_folder_and_only_the_chosen_channel() {
    let folder = slack().incident;
    for prefix in ["", "shop-export/"] {
        let z = zip_of(&fixture("slack-export"), prefix, &[]);
        let zipped = import(&[z.path().to_path_buf()], &channel()).incident;
        assert_eq!(texts(&zipped), texts(&folder), "prefix {prefix:?}");
        assert_eq!(zipped.branches, folder.branches);
        // `#name` and the channel id choose it too.
        for name in ["#inc-311-search-empty", "C0INC311"] {
            let o = Options {
                channel: Some(name.into()),
                ..Options::default()
            };
            assert_eq!(
                import(&[z.path().to_path_buf()], &o)
                    .incident
                    .timeline
                    .len(),
                15
            );
        }
    }
    // A broken day file of another channel is never read.
    let z = zip_of(
        &fixture("slack-export"),
        "",
        &[("random/2025-10-15.json", b"[{ not json")],
    );
    assert_eq!(
        import(&[z.path().to_path_buf()], &channel())
            .incident
            .timeline
            .len(),
        15
    );
    let other = Options {
        channel: Some("random".into()),
        ..Options::default()
    };
    let e = error(sources::load_sources(&[z.path().to_path_buf()], &other));
    assert!(e.contains("random/2025-10-15.json:1:"), "{e}");
}

#[test]
fn slack_bad_input_is_located_and_explained() {
    // Several channels and none chosen: the ones there are listed.
    let e = error(sources::load_sources(
        &[fixture("slack-export")],
        &Options::default(),
    ));
    assert!(e.contains("holds 2 channels"), "{e}");
    assert!(e.contains("inc-311-search-empty, random"), "{e}");
    let e = error(sources::load_sources(
        &[fixture("slack-export")],
        &Options {
            channel: Some("inc-999".into()),
            ..Options::default()
        },
    ));
    assert!(
        e.contains("no channel `inc-999`") && e.contains("random"),
        "{e}"
    );
    // A ZIP that is not a Slack export.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "hello").unwrap();
    let z = zip_of(dir.path(), "", &[]);
    let e = error(sources::load_sources(&[z.path().to_path_buf()], &channel()));
    assert!(e.contains("a ZIP that is not a Slack export"), "{e}");
    // A folder that is not one either; a file that is not a ZIP at all.
    let e = error(sources::load_sources(
        &[dir.path().to_path_buf()],
        &channel(),
    ));
    assert!(e.contains("a folder that is not a Slack export"), "{e}");
    let mut fake = tempfile::NamedTempFile::new().unwrap();
    fake.write_all(b"PK\x03\x04 truncated").unwrap();
    let e = error(sources::load_sources(
        &[fake.path().to_path_buf()],
        &channel(),
    ));
    assert!(e.contains("not a readable ZIP archive"), "{e}");
    // A day file that is not JSON: path:line:col inside the export.
    let z = zip_of(
        &fixture("slack-export"),
        "",
        &[(
            "inc-311-search-empty/2025-10-16.json",
            b"[\n  {\"type\": \"message\", \"ts\": \"1760572800.000100\",\n   \"text\": oops}\n]",
        )],
    );
    let e = error(sources::load_sources(&[z.path().to_path_buf()], &channel()));
    assert!(
        e.contains("inc-311-search-empty/2025-10-16.json:3:")
            && e.contains("error: not valid JSON"),
        "{e}"
    );
    // A message of the wrong shape is skipped with a located warning; the rest import.
    let z = zip_of(
        &fixture("slack-export"),
        "",
        &[(
            "inc-311-search-empty/2025-10-16.json",
            b"[\n  {\"type\": \"message\", \"ts\": \"1760572800.000100\", \"text\": 42},\n  {\"type\": \"message\", \"ts\": \"soon\", \"text\": \"x\"}\n]",
        )],
    );
    let l = import(&[z.path().to_path_buf()], &channel());
    assert_eq!(l.incident.timeline.len(), 15);
    let warnings: Vec<String> = l.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("2025-10-16.json:2:") && w.contains("skipped")),
        "{warnings:#?}"
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("2025-10-16.json:3:3") && w.contains("`ts`")),
        "{warnings:#?}"
    );
}

#[test]
fn slack_sizes_are_bounded() {
    let big = vec![b' '; 8000];
    let mut day = b"[".to_vec();
    day.extend_from_slice(&big);
    day.extend_from_slice(b"]");
    let z = zip_of(
        &fixture("slack-export"),
        "",
        &[("inc-311-search-empty/2025-10-16.json", &day)],
    );
    let small = Options {
        channel: Some(CHANNEL.into()),
        limits: Limits {
            day_file: 7000,
            ..Limits::default()
        },
    };
    let e = error(sources::load_sources(&[z.path().to_path_buf()], &small));
    assert!(
        e.contains("2025-10-16.json") && e.contains("over the 7000 byte limit"),
        "{e}"
    );
    let tight = Options {
        channel: Some(CHANNEL.into()),
        limits: Limits {
            channel: 6500,
            ..Limits::default()
        },
    };
    let e = error(sources::load_sources(&[fixture("slack-export")], &tight));
    assert!(e.contains("over the 6500 byte limit"), "{e}");
}

#[test]
fn pagerduty_gives_exact_milestones_and_hides_noise() {
    let l = load_path(&fixture("pagerduty-PSRCH311.json")).unwrap();
    let inc = &l.incident;
    assert_eq!(l.format, Format::PagerDuty);
    assert_eq!(inc.title, "[SEV2] search zero-result rate > 40%");
    assert_eq!(inc.severity.as_ref().map(|s| s.0.as_str()), Some("P2"));
    assert_eq!(inc.services, ["search-api"]);
    // The log was asked in Tokyo time: kept as the display zone, instants in UTC.
    assert_eq!(inc.timezone.map(|z| z.local_minus_utc()), Some(9 * 3600));
    assert_eq!(
        at(inc, MilestoneKind::Detected).as_deref(),
        Some("2025-10-14T23:24:10+00:00")
    );
    assert_eq!(
        rule(inc, MilestoneKind::Detected),
        Some(RuleId::SourcePagerdutyTrigger)
    );
    assert_eq!(
        at(inc, MilestoneKind::Acknowledged).as_deref(),
        Some("2025-10-14T23:26:30+00:00")
    );
    assert_eq!(
        rule(inc, MilestoneKind::Acknowledged),
        Some(RuleId::SourcePagerdutyAcknowledge)
    );
    assert_eq!(
        at(inc, MilestoneKind::Resolved).as_deref(),
        Some("2025-10-15T00:05:04+00:00")
    );
    // Trigger, acknowledge, escalation, the note's words, resolve; the assignment at trigger
    // time, the notification and the bare "Note added" entry are noise.
    let kinds: Vec<EventKind> = inc.timeline.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            EventKind::Detection,
            EventKind::Acknowledge,
            EventKind::Escalation,
            kinds[3],
            EventKind::Resolution
        ]
    );
    assert_eq!(
        texts(inc)[3],
        "CDN ruled out; the origin returns empty results too."
    );
    assert_eq!(
        &*inc.timeline[0].text,
        "Triggered: [SEV2] search zero-result rate > 40%"
    );
    assert_eq!(
        *inc.timeline[0].links,
        ["https://grafana.example.invalid/alerting/grafana/zero-results/view"]
    );
    assert_eq!(inc.timeline[1].author.as_deref(), Some("Aiko Tanaka"));
    assert_eq!(
        inc.timeline[1].source.as_deref(),
        Some("pagerduty:PSRCH311/R0ACKN04")
    );
    assert_eq!(
        inc.timeline[3].source.as_deref(),
        Some("pagerduty:PSRCH311/note/PNOTE1")
    );
    assert!(inc.timeline[0].key && inc.timeline[1].key && inc.timeline[4].key);
}

#[test]
fn pagerduty_bodies_alone_and_bad_json() {
    let text = std::fs::read_to_string(fixture("pagerduty-PSRCH311.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let dir = tempfile::tempdir().unwrap();
    // The log entries alone (a bare array) and the incident alone still import.
    let log = dir.path().join("log.json");
    std::fs::write(&log, serde_json::to_string(&v["log_entries"]).unwrap()).unwrap();
    let inc = load_path(&log).unwrap().incident;
    assert_eq!(
        at(&inc, MilestoneKind::Acknowledged).as_deref(),
        Some("2025-10-14T23:26:30+00:00")
    );
    assert_eq!(
        inc.timeline[0].source.as_deref(),
        Some("pagerduty:PSRCH311/R0TRIG01")
    );
    let only = dir.path().join("incident.json");
    std::fs::write(
        &only,
        serde_json::json!({ "incident": v["incident"] }).to_string(),
    )
    .unwrap();
    let inc = load_path(&only).unwrap().incident;
    assert_eq!(
        at(&inc, MilestoneKind::Resolved).as_deref(),
        Some("2025-10-15T00:05:04+00:00")
    );
    assert_eq!(
        rule(&inc, MilestoneKind::Resolved),
        Some(RuleId::SourcePagerdutyIncident)
    );
    // Bad JSON is located at serde_json's line and column.
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        "{\n  \"log_entries\": [\n    {\"id\": \"R1\",,}\n  ]\n}\n",
    )
    .unwrap();
    let e = load_path(&bad).unwrap_err().to_diagnostic().to_string();
    assert!(e.contains("bad.json:3:17: error: not valid JSON"), "{e}");
    // JSON that is not an export says what was expected.
    let other = dir.path().join("other.json");
    std::fs::write(&other, "{\"hello\": 1}").unwrap();
    let e = load_path(&other).unwrap_err().to_diagnostic().to_string();
    assert!(e.contains("expected a PagerDuty incident"), "{e}");
    // An entry without a usable time is skipped with a warning at its place.
    let odd = dir.path().join("odd.json");
    std::fs::write(
        &odd,
        "[\n {\"id\": \"R1\", \"type\": \"trigger_log_entry\", \"created_at\": \"yesterday\"},\n {\"id\": \"R2\", \"type\": \"resolve_log_entry\", \"summary\": \"Resolved\", \"created_at\": \"2025-10-15T00:05:04Z\", \"agent\": {\"type\": \"user_reference\", \"summary\": \"A\"}}\n]",
    )
    .unwrap();
    let l = load_path(&odd).unwrap();
    assert_eq!(l.incident.timeline.len(), 1);
    assert!(
        l.diagnostics[0].to_string().contains("odd.json:2:2"),
        "{:?}",
        l.diagnostics
    );
}

#[test]
fn incidentio_types_all_six_milestones() {
    let l = load_path(&fixture("incidentio-INC-311.json")).unwrap();
    let inc = &l.incident;
    assert_eq!(l.format, Format::IncidentIo);
    assert_eq!(inc.title, "Search returns no results");
    assert_eq!(inc.severity.as_ref().map(|s| s.0.as_str()), Some("SEV2"));
    assert_eq!(inc.status, Some(retrace::model::Status::Resolved));
    let want = [
        (
            MilestoneKind::Started,
            "2025-10-14T23:21:00+00:00",
            RuleId::SourceIncidentioTimestamp,
        ),
        (
            MilestoneKind::Detected,
            "2025-10-14T23:27:05.120+00:00",
            RuleId::SourceIncidentioReported,
        ),
        (
            MilestoneKind::Acknowledged,
            "2025-10-14T23:27:05.120+00:00",
            RuleId::SourceIncidentioAccepted,
        ),
        (
            MilestoneKind::Identified,
            "2025-10-14T23:41:50+00:00",
            RuleId::SourceIncidentioTimestamp,
        ),
        (
            MilestoneKind::Mitigated,
            "2025-10-14T23:47:45.300+00:00",
            RuleId::SourceIncidentioTimestamp,
        ),
        (
            MilestoneKind::Resolved,
            "2025-10-15T00:05:00.500+00:00",
            RuleId::SourceIncidentioTimestamp,
        ),
    ];
    milestones_are(inc, &want);
    // Updates: the words decide the kind when they say something, else the new status.
    assert_eq!(inc.timeline.len(), 3);
    assert_eq!(inc.timeline[0].kind, EventKind::Identified);
    assert!(
        inc.timeline[0]
            .text
            .starts_with("Status → Fixing: Root cause identified")
    );
    assert_eq!(
        &*inc.timeline[1].text,
        "Status → Monitoring, severity → SEV3: Alias points at products_v57 again; watching the zero-result rate."
    );
    assert_eq!(inc.timeline[1].kind, EventKind::Mitigation);
    assert_eq!(
        inc.timeline[1].inferred.as_ref().map(|i| i.rule),
        Some(RuleId::SourceIncidentioStatus)
    );
    assert_eq!(inc.timeline[2].kind, EventKind::Resolution);
    assert_eq!(
        inc.timeline[2].author.as_deref(),
        Some("Auto-close (workflow)")
    );
    assert_eq!(
        inc.timeline[2].source.as_deref(),
        Some("incident.io:INC-311/update/01JUPD3")
    );
}

#[test]
fn merged_sources_make_one_timeline_with_typed_milestones_winning() {
    let paths = [
        fixture("slack-export"),
        fixture("pagerduty-PSRCH311.json"),
        fixture("incidentio-INC-311.json"),
    ];
    let l = import(&paths, &channel());
    let inc = &l.incident;
    assert_eq!(l.format, Format::Merged);
    // Fields from the incident tool first.
    assert_eq!(inc.title, "Search returns no results");
    assert_eq!(inc.severity.as_ref().map(|s| s.0.as_str()), Some("SEV2"));
    // Typed milestones beat words: the pager's exact trigger beats incident.io's "Reported
    // at"; among exact ones the source listed first (PagerDuty) wins resolved.
    let want = [
        (
            MilestoneKind::Started,
            "2025-10-14T23:21:00+00:00",
            RuleId::SourceIncidentioTimestamp,
        ),
        (
            MilestoneKind::Detected,
            "2025-10-14T23:24:10+00:00",
            RuleId::SourcePagerdutyTrigger,
        ),
        (
            MilestoneKind::Acknowledged,
            "2025-10-14T23:26:30+00:00",
            RuleId::SourcePagerdutyAcknowledge,
        ),
        (
            MilestoneKind::Identified,
            "2025-10-14T23:41:50+00:00",
            RuleId::SourceIncidentioTimestamp,
        ),
        (
            MilestoneKind::Mitigated,
            "2025-10-14T23:47:45.300+00:00",
            RuleId::SourceIncidentioTimestamp,
        ),
        (
            MilestoneKind::Resolved,
            "2025-10-15T00:05:04+00:00",
            RuleId::SourcePagerdutyResolve,
        ),
    ];
    milestones_are(inc, &want);
    // The resolution told three times (pager, incident.io, the Slack bot) is shown once, with
    // all three references; the pager's entry is the one kept.
    let resolved: Vec<&Event> = inc
        .timeline
        .iter()
        .filter(|e| e.kind == EventKind::Resolution)
        .collect();
    assert_eq!(resolved.len(), 1, "{:#?}", texts(inc));
    let refs: Vec<&str> = resolved[0].source.as_deref().unwrap().split(' ').collect();
    assert_eq!(refs[0], "pagerduty:PSRCH311/R0RESV07");
    assert_eq!(refs.len(), 3, "{refs:?}");
    assert!(
        refs.contains(&"slack:C0INC311/1760486700.000000"),
        "{refs:?}"
    );
    assert!(
        refs.contains(&"incident.io:INC-311/update/01JUPD3"),
        "{refs:?}"
    );
    // The pager note that rules the CDN out 40 s after the Slack reply is the same moment: it
    // is folded into the reply, which stays on the thread, so there is one CDN detour.
    let ruled = event(inc, "Ruled out the CDN");
    assert!(
        ruled
            .source
            .as_deref()
            .unwrap()
            .ends_with("pagerduty:PSRCH311/note/PNOTE1"),
        "{:?}",
        ruled.source
    );
    assert!(!texts(inc).contains(&"CDN ruled out; the origin returns empty results too."));
    let a = analysis::analyze(inc);
    assert_eq!(a.detours.len(), 1, "{:?}", a.detours);
    // Every event names where it came from.
    assert!(inc.timeline.iter().all(|e| e.source.is_some()));
    // Listing incident.io first makes its resolved time win instead; without --channel, the
    // channel incident.io names is the one read from the export.
    let flipped = import(
        &[paths[2].clone(), paths[1].clone(), paths[0].clone()],
        &Options::default(),
    );
    assert_eq!(flipped.incident.timeline.len(), inc.timeline.len());
    assert_eq!(
        at(&flipped.incident, MilestoneKind::Resolved).as_deref(),
        Some("2025-10-15T00:05:00.500+00:00")
    );
}

#[test]
fn import_command_merges_explains_and_writes_sources() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("inc-311.yaml");
    let slack = fixture("slack-export");
    let pd = fixture("pagerduty-PSRCH311.json");
    let io = fixture("incidentio-INC-311.json");
    let args = |extra: &[&str]| -> Vec<String> {
        let mut a: Vec<String> = vec![
            "import".into(),
            slack.display().to_string(),
            pd.display().to_string(),
            io.display().to_string(),
            "--channel".into(),
            CHANNEL.into(),
        ];
        a.extend(extra.iter().map(|s| s.to_string()));
        a
    };
    let a = args(&["-o", out.to_str().unwrap()]);
    let o = run(&a.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let yaml = std::fs::read_to_string(&out).unwrap();
    assert!(yaml.contains("pagerduty:PSRCH311/R0ACKN04"), "{yaml}");
    assert!(!yaml.contains('\u{1b}'));
    // The YAML reads back with its sources, milestones and branches.
    let back = load_path(&out).unwrap().incident;
    assert_eq!(
        back.timeline
            .iter()
            .find(|e| e.text.starts_with("Acknowledged by"))
            .and_then(|e| e.source.as_deref()),
        Some("pagerduty:PSRCH311/R0ACKN04")
    );
    assert_eq!(
        back.milestones
            .get(MilestoneKind::Detected)
            .map(|t| t.timestamp()),
        Some(1760484250)
    );
    assert!(back.branches.iter().any(|b| b.outcome == Outcome::RuledOut));
    // --explain names the source and rule of each milestone.
    let a = args(&["--explain"]);
    let o = run(&a.iter().map(String::as_str).collect::<Vec<_>>());
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let line = |m: &str| {
        text.lines()
            .find(|l| l.trim_start().starts_with(m) && l.contains("20"))
            .unwrap_or_else(|| panic!("no {m} line in\n{text}"))
            .to_string()
    };
    let ack = line("acknowledged");
    assert!(
        ack.contains("typed by the source [source:pagerduty-acknowledge: \"Acknowledged by Aiko Tanaka.\"] ← pagerduty:PSRCH311/R0ACKN04"),
        "{ack}"
    );
    assert!(line("identified").contains("source:incident.io-timestamp: \"Identified at\""));
    assert!(
        text.contains("from slack:C0INC311/1760484520.000100"),
        "{text}"
    );
    assert!(text.contains("source:pagerduty-trigger"), "{text}");
    // A channel that does not exist: a clear error, nothing written.
    let missing = dir.path().join("missing.yaml");
    let o = run(&[
        "import",
        slack.to_str().unwrap(),
        "--channel",
        "nope",
        "-o",
        missing.to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("no channel `nope`"));
    assert!(!missing.exists());
    // A Markdown postmortem is not merged with exports.
    let md = dir.path().join("pm.md");
    std::fs::write(&md, "# Outage\n\n- 10:00 alert fired\n").unwrap();
    let o = run(&["import", md.to_str().unwrap(), pd.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("imports on its own"));
}

#[test]
fn import_into_adds_only_what_is_new() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("inc-311.yaml");
    let pd = fixture("pagerduty-PSRCH311.json");
    let o = run(&["import", pd.to_str().unwrap(), "-o", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let before = load_path(&file).unwrap().incident;
    assert_eq!(before.timeline.len(), 5);
    let slack = fixture("slack-export");
    let into = |extra: &str| {
        run(&[
            "import",
            slack.to_str().unwrap(),
            extra,
            "--channel",
            CHANNEL,
            "--into",
            file.to_str().unwrap(),
        ])
    };
    let o = into(pd.to_str().unwrap());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let after = load_path(&file).unwrap().incident;
    // What was there is kept as it was; the Slack events and their branches are added.
    for e in &before.timeline {
        assert!(
            after
                .timeline
                .iter()
                .any(|a| a.text == e.text && a.at == e.at && a.source == e.source),
            "{} lost",
            e.text
        );
    }
    assert!(after.timeline.len() > before.timeline.len());
    assert!(
        after
            .timeline
            .iter()
            .any(|e| e.text.starts_with("Theory: the alias swap"))
    );
    assert!(
        after
            .branches
            .iter()
            .any(|b| b.outcome == Outcome::Confirmed)
    );
    assert_eq!(
        after.milestones.get(MilestoneKind::Acknowledged),
        before.milestones.get(MilestoneKind::Acknowledged)
    );
    // Importing again adds nothing.
    let o = into(pd.to_str().unwrap());
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("added 0 events"));
    assert_eq!(
        load_path(&file).unwrap().incident.timeline.len(),
        after.timeline.len()
    );
}
