//! The search engine (src/search/) and `retrace search`: fzf's query syntax, smart case,
//! ranking, narrowing, the worker, and the command's output.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

use proptest::prelude::*;
use retrace::model::{Event, EventKind, Incident, Timestamp};
use retrace::search::{self, Index, Query, Search, Searcher};

fn at(minute: u32) -> Timestamp {
    chrono::DateTime::parse_from_rfc3339(&format!("2025-01-01T10:{minute:02}:00Z")).unwrap()
}

/// One incident whose events say `texts` (kind note, no author).
fn index_of(texts: &[&str]) -> Index {
    let incident = Incident {
        title: "t".into(),
        timeline: texts
            .iter()
            .enumerate()
            .map(|(i, t)| Event::new(at(i as u32 % 60), EventKind::Note, *t))
            .collect(),
        ..Incident::default()
    };
    Index::build([(Path::new("i.yaml"), &incident)])
}

/// The texts matching `query`, best first.
fn find(index: &Index, query: &str) -> Vec<String> {
    search::search(index, query, 2, None)
        .iter()
        .map(|h| index.text(h.line).to_string())
        .collect()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

const LINES: &[&str] = &[
    "Suspect network latency between the zones",
    "Rollback completed but the issue persisted",
    "netlat dashboard opened",
    "Rollback started",
    "DNS resolver restarted",
    "Latency back to normal",
];

#[test]
fn fuzzy_terms_match_across_words() {
    let index = index_of(LINES);
    let found = find(&index, "netlat");
    assert_eq!(
        sorted(found.clone()),
        sorted(vec![LINES[0].into(), LINES[2].into()])
    );
    // The contiguous match ranks above the one spread over two words.
    assert_eq!(found[0], LINES[2]);
}

#[test]
fn terms_are_anded() {
    let index = index_of(LINES);
    assert_eq!(find(&index, "rollback persisted"), [LINES[1]]);
    assert_eq!(find(&index, "rollback zzz"), Vec::<String>::new());
}

#[test]
fn exact_term_needs_the_substring() {
    let index = index_of(&["ruled out", "rollback ruled", "r u l e"]);
    assert_eq!(
        sorted(find(&index, "rule")).len(),
        3,
        "fuzzy finds all three"
    );
    assert_eq!(
        sorted(find(&index, "'rule")),
        sorted(vec!["ruled out".into(), "rollback ruled".into()])
    );
}

#[test]
fn prefix_and_suffix_terms_anchor_to_the_line() {
    // The searched line ends with " | kind" ("| note" here).
    let index = index_of(&["Rollback started", "started the Rollback"]);
    assert_eq!(find(&index, "^roll"), ["Rollback started"]);
    assert_eq!(find(&index, "^started"), ["started the Rollback"]);
    assert_eq!(find(&index, "note$").len(), 2);
    assert_eq!(find(&index, "started$"), Vec::<String>::new());
    // Unescaped spaces separate terms: "^rollback" and "started", in any order.
    assert_eq!(
        find(&index, "^rollback started | note$"),
        ["Rollback started"]
    );
    // An escaped space is part of the term.
    assert_eq!(find(&index, r"^rollback\ started"), ["Rollback started"]);
    assert_eq!(find(&index, r"'the\ rollback"), ["started the Rollback"]);
}

#[test]
fn negated_terms_exclude() {
    let index = index_of(LINES);
    let found = find(&index, "rollback !persisted");
    assert_eq!(found, ["Rollback started"]);
    // A negation alone keeps every other line.
    assert_eq!(find(&index, "!rollback").len(), LINES.len() - 2);
}

#[test]
fn smart_case() {
    let index = index_of(&["DNS resolver restarted", "dns cache flushed"]);
    assert_eq!(find(&index, "dns").len(), 2, "lower case ignores case");
    assert_eq!(find(&index, "DNS"), ["DNS resolver restarted"]);
    assert_eq!(find(&index, "Dns"), Vec::<String>::new());
}

#[test]
fn ranking_puts_tighter_matches_first_then_shorter_lines() {
    let index = index_of(&[
        "database latency",
        "d a t a b a s e is spread out here",
        "database",
    ]);
    let found = find(&index, "database");
    assert_eq!(found.len(), 3);
    // Same score for the two contiguous matches: the shorter line first, the spread one last.
    assert_eq!(
        found,
        [
            "database",
            "database latency",
            "d a t a b a s e is spread out here"
        ]
    );
}

#[test]
fn the_line_holds_kind_and_author() {
    let mut incident = Incident::default();
    let mut e = Event::new(at(1), EventKind::Acknowledge, "Page taken");
    e.author = Some("Priya".into());
    incident.timeline.push(e);
    incident
        .timeline
        .push(Event::new(at(2), EventKind::Note, "Priya wrote this"));
    let index = Index::build([(Path::new("a.yaml"), &incident)]);
    assert_eq!(find(&index, "priya ack"), ["Page taken"]);
    assert_eq!(index.kind(0), "acknowledge");
    assert_eq!(index.kind(1), "note");
    assert_eq!(index.line(0), "Page taken | acknowledge | Priya");
}

#[test]
fn empty_query_matches_everything_in_order() {
    let index = index_of(LINES);
    let hits = search::search(&index, "  ", 2, None);
    let lines: Vec<u32> = hits.iter().map(|h| h.line).collect();
    assert_eq!(lines, (0..LINES.len() as u32).collect::<Vec<_>>());
}

#[test]
fn limit_keeps_the_best() {
    let index = index_of(LINES);
    let all = search::search(&index, "e", 1, None);
    let best = search::search(&index, "e", 2, Some(2));
    assert_eq!(best, all[..2]);
}

/// The `n` best are the first `n` of the whole ranking, for every `n`, among hits that tie on
/// score, on line length or on both (then the earlier line first), in any order given: what
/// the TUI's worker shows while a query matches most lines.
#[test]
fn the_best_n_are_the_first_n_of_the_ranking() {
    let texts: Vec<String> = (0..40)
        .map(|i| "x".repeat(1 + (i * 7) % 5) + &"y".repeat(i % 3))
        .collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let index = index_of(&refs);
    let hits: Vec<search::Hit> = (0..40u32)
        .map(|line| search::Hit {
            line: (line * 17) % 40,
            score: (line * 13) % 4,
        })
        .collect();
    let mut all = hits.clone();
    search::rank(&index, &mut all);
    for n in 0..=42 {
        let best = search::best(&index, hits.clone(), n);
        assert_eq!(best, all[..n.min(all.len())], "n = {n}");
    }
}

#[test]
fn non_ascii_lines_are_not_lost_by_the_prefilter() {
    let index = index_of(&["Café terminé", "ÉCHEC du déploiement", "plain"]);
    assert_eq!(find(&index, "cafe"), ["Café terminé"]);
    assert_eq!(find(&index, "echec"), ["ÉCHEC du déploiement"]);
}

#[test]
fn stepping_in_slices_equals_one_run() {
    let index = index_of(LINES);
    let mut s = Search::new(&index, "e");
    let mut steps = 0;
    while !s.step(&index, 2) {
        steps += 1;
    }
    assert_eq!(steps, 2, "6 lines in slices of 2");
    assert_eq!(s.progress(), (6, 6));
    assert_eq!(s.into_ranked(&index), search::search(&index, "e", 1, None));
}

#[test]
fn a_stopped_search_still_narrows_correctly() {
    let index = index_of(LINES);
    let mut s = Search::new(&index, "r");
    s.step(&index, 3);
    let mut s = s.refine(&index, "rol");
    s.run(&index);
    assert_eq!(
        s.into_ranked(&index),
        search::search(&index, "rol", 1, None)
    );
}

#[test]
fn narrowing_is_refused_when_the_query_can_widen() {
    let q = |s| Query::parse(s);
    assert!(q("rollb").narrows(&q("roll")));
    assert!(q("roll dns").narrows(&q("roll ")));
    assert!(
        !q("!rollback").narrows(&q("!roll")),
        "a longer negation excludes less"
    );
    assert!(!q("net$x").narrows(&q("net$")));
    assert!(!q("roll").narrows(&q("rollb")));
}

#[test]
fn worker_delivers_the_newest_query() {
    let texts: Vec<String> = (0..50_000)
        .map(|i| format!("event {i} on checkout-api"))
        .collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let index = Arc::new(index_of(&refs));
    let searcher = Searcher::spawn(Arc::clone(&index), 5).expect("a thread");
    searcher.query("check");
    searcher.query("'12345 ");
    let last = searcher.query("'12345 api");
    let u = searcher
        .wait_done(Duration::from_secs(60))
        .expect("a final update");
    assert_eq!(u.generation, last);
    assert_eq!(u.query, "'12345 api");
    assert_eq!(u.matched, 1);
    assert_eq!(index.text(u.best[0].line), "event 12345 on checkout-api");
    assert_eq!(searcher.try_recv(), None, "nothing stale is left to read");
}

/// An incident (path `n.yaml`) whose events say `texts`, one minute apart.
fn incident_of(texts: &[String]) -> Incident {
    Incident {
        title: "t".into(),
        timeline: texts
            .iter()
            .enumerate()
            .map(|(i, t)| Event::new(at(i as u32 % 60), EventKind::Note, t.as_str()))
            .collect(),
        ..Incident::default()
    }
}

/// `incidents` in batches of `batch`, as loading hands them over: each batch's index is the
/// previous one [`Index::extended`] by the batch's incidents. Returns every step's index.
fn grown(incidents: &[Incident], batch: usize) -> Vec<Index> {
    let paths: Vec<PathBuf> = (0..incidents.len())
        .map(|n| PathBuf::from(format!("{n}.yaml")))
        .collect();
    let mut steps = vec![Index::new()];
    for (chunk, names) in incidents.chunks(batch).zip(paths.chunks(batch)) {
        let part = Index::build(names.iter().map(PathBuf::as_path).zip(chunk));
        let next = steps.last().unwrap().extended(&part);
        steps.push(next);
    }
    steps
}

#[test]
fn a_grown_index_reads_like_one_built_at_once() {
    let incidents: Vec<Incident> = (0..7)
        .map(|n| {
            incident_of(
                &(0..n + 1)
                    .map(|i| format!("incident {n} event {i}"))
                    .collect::<Vec<_>>(),
            )
        })
        .collect();
    let steps = grown(&incidents, 3);
    let whole = steps.last().unwrap();
    let paths: Vec<PathBuf> = (0..7).map(|n| PathBuf::from(format!("{n}.yaml"))).collect();
    let flat = Index::build(paths.iter().map(PathBuf::as_path).zip(&incidents));
    assert_eq!(whole.parts(), 3, "7 incidents in batches of 3");
    assert_eq!(
        (whole.len(), whole.incidents()),
        (flat.len(), flat.incidents())
    );
    for line in 0..flat.len() as u32 {
        assert_eq!(whole.line(line), flat.line(line));
        assert_eq!(whole.origin(line), flat.origin(line));
        assert_eq!(whole.path(line), flat.path(line));
        assert_eq!(whole.time(line), flat.time(line));
    }
    for n in 0..7 {
        assert_eq!(whole.incident_path(n), flat.incident_path(n));
    }
    // Each step extends the ones before it; flattening keeps the ids and the lineage.
    assert!(
        steps
            .windows(2)
            .all(|w| w[1].extends(&w[0]) && !w[0].extends(&w[1]))
    );
    let one = whole.flattened();
    assert_eq!(one.parts(), 1);
    assert!(one.extends(whole) && one.extends(&steps[1]));
    assert!((0..flat.len() as u32).all(|l| one.line(l) == flat.line(l)));
    assert!(!flat.extends(&steps[1]), "built apart: another lineage");
    // Writing into a copy makes it another index: it no longer extends the original.
    let mut copy = steps[1].clone();
    copy.push_incident(Path::new("x.yaml"), &incidents[0]);
    assert!(!copy.extends(&steps[1]));
    assert_eq!(steps[1].incidents(), 3, "the original is unchanged");
}

#[test]
fn worker_goes_on_over_a_grown_index() {
    let texts: Vec<Vec<String>> = (0..20)
        .map(|n| {
            (0..500)
                .map(|i| format!("event {i} of incident {n} on checkout-api"))
                .collect()
        })
        .collect();
    let incidents: Vec<Incident> = texts.iter().map(|t| incident_of(t)).collect();
    let steps = grown(&incidents, 5);
    let searcher = Searcher::spawn(Arc::new(steps[1].clone()), 5).expect("a thread");
    let generation = searcher.query(r"'incident\ 1");
    let first = searcher
        .wait_done(Duration::from_secs(60))
        .expect("a final update");
    assert_eq!(first.matched, 500, "incident 1 only, of the first five");
    for step in &steps[2..] {
        searcher.grow(Arc::new(step.clone()));
    }
    let last = loop {
        let u = searcher
            .wait_done(Duration::from_secs(60))
            .expect("an update");
        if u.total == steps[4].len() {
            break u;
        }
    };
    assert_eq!(last.generation, generation, "the same query went on");
    // incident 1, 10..19: 11 incidents.
    assert_eq!(last.matched, 11 * 500);
    assert_eq!(last.total, steps[4].len());
    // An index of another lineage is not taken: the worker keeps its own.
    searcher.grow(Arc::new(index_of(&["incident 1"])));
    searcher.query(r"'incident\ 19");
    let u = searcher
        .wait_done(Duration::from_secs(60))
        .expect("a final update");
    assert_eq!(u.matched, 500);
}

fn query_chars() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(
            &[
                'a', 'b', 'e', 'l', 'r', 'A', 'é', ' ', '!', '^', '$', '\'', '\\',
            ][..],
        ),
        0..6,
    )
    .prop_map(|v| v.into_iter().collect())
}

fn line_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(&['a', 'b', 'e', 'l', 'r', 'A', 'B', 'é', 'É', ' ', '$', '!'][..]),
        0..14,
    )
    .prop_map(|v| v.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Typing more (a search refined from the previous one) finds exactly what a fresh search
    /// of the longer query finds, in the same order.
    #[test]
    fn narrowing_equals_fresh_search(
        texts in prop::collection::vec(line_text(), 1..40),
        first in query_chars(),
        more in query_chars(),
        split in 0usize..40,
    ) {
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let index = index_of(&refs);
        let mut old = Search::new(&index, &first);
        old.step(&index, split);
        let longer = format!("{first}{more}");
        let mut narrowed = old.refine(&index, &longer);
        narrowed.run(&index);
        prop_assert_eq!(narrowed.into_ranked(&index), search::search(&index, &longer, 1, None));
    }

    /// A search that goes on as the index grows (and is refined between two batches) finds
    /// exactly what one search over the whole index finds, in the same order.
    #[test]
    fn growing_equals_one_search_of_the_whole(
        texts in prop::collection::vec(prop::collection::vec(line_text(), 0..6), 1..12),
        batch in 1usize..5,
        first in query_chars(),
        more in query_chars(),
        split in 0usize..20,
        refine_at in 0usize..12,
    ) {
        let incidents: Vec<Incident> = texts.iter().map(|t| incident_of(t)).collect();
        let steps = grown(&incidents, batch);
        let mut s = Search::new(&steps[0], &first);
        for (k, w) in steps.windows(2).enumerate() {
            s.grow(w[0].len() as u32, w[1].len() as u32);
            s.step(&w[1], split);
            if k == refine_at {
                s = s.refine(&w[1], &format!("{first}{more}"));
            }
        }
        let whole = steps.last().unwrap();
        s.run(whole);
        let query = if refine_at < steps.len() - 1 { format!("{first}{more}") } else { first.clone() };
        prop_assert_eq!(s.into_ranked(whole), search::search(&whole.flattened(), &query, 1, None));
    }
}

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_retrace"));
    c.env("NO_COLOR", "1");
    // Never the user's cache of parsed incidents.
    c.env("RETRACE_NO_CACHE", "1");
    c
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/search")
}

#[test]
fn command_prints_path_time_text_best_first() {
    let dir = fixtures();
    let o = bin()
        .args(["search", "netlat"])
        .arg(&dir)
        .output()
        .expect("run retrace");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8(o.stdout).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    let path = dir.join("db-failover.yaml").display().to_string();
    // Best first: the two words starting "net" and "lat"; then looser matches across the line
    // ("network ruled out | investigation"), as fzf finds them too.
    assert_eq!(
        lines[0],
        format!("{path}\t2025-07-08T09:10:00Z\tSuspect network latency between the two zones")
    );
    assert!(lines.len() > 1 && lines.iter().all(|l| l.split('\t').count() == 3));
    assert!(
        !out.contains("Replicas caught up"),
        "no n-e-t-l-a-t in order there"
    );
}

#[test]
fn command_json_and_limit_and_no_match() {
    let o = bin()
        .args(["search", "--json", "--limit", "2", "l"])
        .arg(fixtures())
        .output()
        .expect("run retrace");
    assert!(o.status.success());
    let rows: Vec<serde_json::Value> = String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    assert_eq!(rows.len(), 2);
    assert!(rows[0]["score"].as_u64() >= rows[1]["score"].as_u64());
    assert!(rows[0]["kind"].is_string() && rows[0]["time"].is_string());
    let o = bin()
        .args(["search", "zzzqqq"])
        .arg(fixtures())
        .output()
        .expect("run retrace");
    assert_eq!(
        o.status.code(),
        Some(1),
        "no match: exit status 1, like grep"
    );
    assert!(o.stdout.is_empty());
}

#[test]
fn command_output_is_sanitised() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("evil.yaml"),
        "title: t\ndate: 2025-01-01\ntimeline:\n  - at: \"10:00\"\n    text: \"boom \\e]52;c;aGk=\\a\\e[2J done\"\n",
    )
    .unwrap();
    let o = bin()
        .args(["search", "boom"])
        .arg(dir.path())
        .output()
        .expect("run retrace");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(!o.stdout.contains(&0x1b), "no escape reaches the terminal");
    assert!(String::from_utf8_lossy(&o.stdout).contains("boom"));
}

#[test]
fn positions_for_highlighting() {
    let q = Query::parse("netlat");
    let line = "Suspect network latency";
    let at = q.positions(line).expect("matches");
    let picked: String = at
        .iter()
        .map(|&i| line.chars().nth(i as usize).unwrap())
        .collect();
    assert_eq!(picked, "netlat");
    assert_eq!(q.positions("nothing here"), None);
}

#[test]
fn lone_marks_are_no_term_and_a_lone_dollar_is_a_character() {
    let index = index_of(&["costs $40 more", "plain words"]);
    for q in ["!", "^", "'", "!^", "^$"] {
        assert_eq!(find(&index, q).len(), 2, "{q:?} keeps every line");
        assert!(Query::parse(q).is_empty(), "{q:?}");
    }
    assert_eq!(find(&index, "$"), ["costs $40 more"]);
    assert_eq!(
        find(&index, "!$"),
        ["plain words"],
        "a negated $: no $ in the line"
    );
    // A mark amid other terms changes nothing.
    assert_eq!(find(&index, "plain ! ^"), ["plain words"]);
}

#[test]
fn escaped_spaces_join_a_term_and_a_backslash_alone_is_itself() {
    let index = index_of(&[r"C:\ drive full", "drive full", "full drive"]);
    // Same fixed score: the shorter line first.
    assert_eq!(
        find(&index, r"'drive\ full"),
        ["drive full", r"C:\ drive full"]
    );
    assert_eq!(find(&index, r"^drive\ full"), ["drive full"]);
    assert_eq!(find(&index, r"'\"), [r"C:\ drive full"]);
    assert_eq!(find(&index, r"!drive\ full"), ["full drive"]);
    // "a\ " then "b": the negated term grew from "a " to "a b" and now excludes less, so the
    // previous matches are not a base to narrow from.
    assert!(!Query::parse(r"!drive\ f").narrows(&Query::parse(r"!drive\ ")));
    assert!(!Query::parse(r"drive\ f").narrows(&Query::parse(r"drive\")));
    assert!(Query::parse(r"drive\ f").narrows(&Query::parse(r"drive\ ")));
}

#[test]
fn unicode_lines_and_terms() {
    let index = index_of(&["Échec du déploiement", "echec sans accent", "日本語のログ"]);
    // No accent typed: accents ignored, case too.
    assert_eq!(
        sorted(find(&index, "echec")),
        sorted(vec![
            "echec sans accent".into(),
            "Échec du déploiement".into()
        ])
    );
    // An accent typed matches as typed (case still ignored without a capital).
    assert_eq!(find(&index, "éch"), ["Échec du déploiement"]);
    // A capital (É) makes the term case-sensitive.
    assert_eq!(find(&index, "Éc"), ["Échec du déploiement"]);
    assert_eq!(find(&index, "'ÉCH"), Vec::<String>::new());
    assert_eq!(find(&index, "'déploi"), ["Échec du déploiement"]);
    assert_eq!(find(&index, "^echec"), index_texts(&index, &[0, 1]));
    assert_eq!(find(&index, "日ロ"), ["日本語のログ"]);
    let at = Query::parse("'ログ")
        .positions("日本語のログ | note")
        .unwrap();
    assert_eq!(at, [4, 5], "positions in characters");
}

/// The texts of these lines, shortest first (the order of equal scores).
fn index_texts(index: &Index, lines: &[u32]) -> Vec<String> {
    let mut v: Vec<String> = lines.iter().map(|&l| index.text(l).to_string()).collect();
    v.sort_by_key(String::len);
    v
}
