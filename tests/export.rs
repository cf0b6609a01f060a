//! Exports: what a postmortem reader sees (marked as the TUI marks the timeline, prose
//! reflowed, tables that fit), that file text cannot inject markup, that the HTML page is
//! self-contained, and the short version. The round trip is in `export_roundtrip.rs`.

use std::path::Path;

use retrace::export::{self, ExportFormat, Options};
use retrace::{analysis, ingest};

fn load(text: &str) -> (retrace::model::Incident, analysis::Analysis) {
    let l = ingest::load_str(Path::new("x.yaml"), text).unwrap();
    let a = analysis::analyze(&l.incident);
    (l.incident, a)
}

fn render(format: ExportFormat, text: &str) -> String {
    let (inc, a) = load(text);
    export::render(format, &inc, &a)
}

fn short(format: ExportFormat, text: &str) -> String {
    let (inc, a) = load(text);
    export::render_with(format, &inc, &a, &Options { key_only: true })
}

const CHECKOUT: &str = include_str!("fixtures/cli/checkout.yaml");
const RETRO: &str = include_str!("fixtures/export/retro.yaml");

/// The timeline table's rows (after its header and separator).
fn timeline_rows(md: &str) -> Vec<&str> {
    md.lines()
        .skip_while(|l| !l.starts_with("| Time ("))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .collect()
}

#[test]
fn markdown_tells_the_story() {
    let md = render(ExportFormat::Markdown, CHECKOUT);
    assert!(
        md.starts_with("# Checkout slowdown from an unindexed report query\n"),
        "{md}"
    );
    assert!(md.contains("- **Time zone:** UTC\n"), "{md}");
    assert!(md.contains("- **Started:** 2024-08-15 10:30\n"), "{md}");
    assert!(
        md.contains("| time to resolve (started → resolved) | 2h15m |"),
        "{md}"
    );
    assert!(
        md.contains("| time on ruled-out branches | 30m in 2 detours (22% of TTR) |"),
        "{md}"
    );
    assert!(
        md.contains("- [ ] Review queries for performance before deployment (process, owner db-team, ticket OPS-101)"),
        "{md}"
    );
}

#[test]
fn markdown_marks_milestones_key_moments_and_detours_as_the_tui_does() {
    let md = render(ExportFormat::Markdown, RETRO);
    let rows = timeline_rows(&md);
    assert_eq!(rows.len(), 13, "{md}");
    assert_eq!(
        rows[2],
        "| 09:04 | detection ◆ **DETECTED** ★ |  | Empty-result alert fires |  | \
         [grafana.example.com](https://grafana.example.com/d/search?from=1&to=2) javascript:alert(1) data:text/html,hi |"
    );
    // A branch is named where it starts and its outcome said where it ends.
    assert!(rows[4].contains("| hypothesis | ⎇ cache-purge | The cache purge"));
    assert!(rows[5].contains("| investigation | │ cache-purge ✗ ruled out · 20m | Cache warm"));
    // A one-event detour starts and ends on the same row.
    assert!(rows[6].contains("| ⎇ partition ✗ ruled out · 10m |"));
    assert!(rows[9].contains(
        "| identified ◆ **IDENTIFIED** ★ | │ synonyms ✓ confirmed · 7m | Shards built by 3.2"
    ));
    assert!(
        rows[11].starts_with("| ~10:50 | recovery |"),
        "{}",
        rows[11]
    );
    // Every milestone is marked once.
    for m in [
        "STARTED",
        "DETECTED",
        "ACKNOWLEDGED",
        "IDENTIFIED",
        "MITIGATED",
        "RESOLVED",
    ] {
        let marked = rows
            .iter()
            .filter(|r| r.contains(&format!("◆ **{m}**")))
            .count();
        assert_eq!(marked, 1, "{m}\n{md}");
    }
    assert!(md.contains(
        "- ⎇ **cache-purge** — The 08:55 cache purge emptied the results — ✗ ruled out after 20m"
    ));
}

#[test]
fn prose_is_reflowed_not_broken_at_source_lines() {
    let md = render(ExportFormat::Markdown, RETRO);
    // The writer's line ends inside a paragraph are spaces; paragraphs and list items stay.
    assert!(
        md.contains(
            "## Summary\n\nFrom 09:00 to 11:10 about one search in ten returned no results. A new \
         index-builder release wrote shards with an empty synonym table, and queries that hit \
         those shards matched nothing.\n\nTwo theories were followed first:\n\
         - a cache purge that had run at 08:55\n- a network partition between the search nodes\n"
        ),
        "{md}"
    );
    let html = render(ExportFormat::Html, RETRO);
    assert!(!html.contains("<br"), "ragged <br> in {html}");
    assert!(html.contains(
        "<p>Roughly 10% of searches came back empty for two hours; checkout conversion dipped by 3%.</p>"
    ));
    assert!(html.contains(
        "<p>Two theories were followed first:</p><ul><li>a cache purge that had run at 08:55</li>"
    ));
}

#[test]
fn tables_keep_tickets_and_owners_whole() {
    // Markdown: action items are a list, so no narrow column splits `SRCH-1190`.
    let md = render(ExportFormat::Markdown, RETRO);
    assert!(md.contains("(prevent, owner search-platform, ticket SRCH-1190, due 2025-03-01)"));
    assert!(!md.contains("| Ticket |"));
    // HTML: the short columns never wrap.
    let html = render(ExportFormat::Html, RETRO);
    assert!(
        html.contains("<td class=\"short\">SRCH-1190</td>"),
        "{html}"
    );
    assert!(html.contains("td.short,th.short{white-space:nowrap"));
    assert!(html.contains("<td class=\"short\">search-platform</td>"));
}

#[test]
fn markdown_escapes_what_could_be_markup() {
    let text = RETRO.replace(
        "text: Search platform team paged",
        r#"text: "a | b <img src=x> [x](javascript:y) *not bold* `code` ~~gone~~ &amp; \\ # h""#,
    );
    let (inc, a) = load(&text);
    let md = export::render(ExportFormat::Markdown, &inc, &a);
    assert!(
        md.contains(
            r"a \| b &lt;img src=x&gt; \[x\](javascript:y) \*not bold\* \`code\` \~\~gone\~\~ &amp;amp; \\ # h"
        ),
        "{md}"
    );
    // And an import of it reads the same words back.
    let again = ingest::load_bytes(Path::new("x.md"), md.as_bytes()).unwrap();
    let original = &inc
        .timeline
        .iter()
        .find(|e| e.text.starts_with("a | b"))
        .unwrap()
        .text;
    assert!(
        again.incident.timeline.iter().any(|e| &e.text == original),
        "{original:?} not read back from\n{md}"
    );
}

#[test]
fn html_escapes_every_text_and_attribute() {
    let evil = r#"<script>alert(1)</script> "quoted" 'single' & done"#;
    let text = RETRO
        .replace("text: Empty-result alert fires", &format!("text: {evil:?}"))
        .replace(
            "author: Lukas",
            &format!("author: {:?}", "Lukas\" onmouseover=\"x"),
        )
        .replace(
            "title: Search results empty for a tenth of queries",
            "title: \"</title><script>x()</script>\"",
        )
        .replace(
            "hypothesis: A network partition between the search nodes",
            "hypothesis: \"<img src=x onerror=alert(1)>\"",
        )
        .replace("owner: sre-team", "owner: \"<b>sre</b>\"")
        .replace(
            "ticket: SRCH-1190",
            "ticket: \"https://t.example/\\\"><script>y()</script>\"",
        )
        .replace(
            "services: [search-api, index-builder]",
            "services: [\"<i>api</i>\"]",
        );
    let html = render(ExportFormat::Html, &text);
    assert!(!html.to_ascii_lowercase().contains("<script"), "{html}");
    assert!(!html.contains("<img"), "{html}");
    assert!(!html.contains("<b>sre</b>") && !html.contains("<i>api</i>"));
    assert!(html.contains(
        "&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &#39;single&#39; &amp; done"
    ));
    assert!(html.contains("<title>&lt;/title&gt;&lt;script&gt;x()&lt;/script&gt;</title>"));
    assert!(html.contains("— Lukas&quot; onmouseover=&quot;x</span>"));
    assert!(!html.contains("onmouseover=\"x"));
    // An address with a quote or a tag in it is text, not a link that could break out.
    assert!(html.contains("https://t.example/&quot;&gt;&lt;script&gt;y()&lt;/script&gt;"));
}

#[test]
fn html_links_only_http() {
    let html = render(ExportFormat::Html, RETRO);
    assert!(html.contains(
        "<a href=\"https://grafana.example.com/d/search?from=1&amp;to=2\" rel=\"noopener noreferrer\">"
    ));
    assert!(html.contains("<a href=\"https://tracker.example.com/OPS-77\""));
    assert!(!html.contains("href=\"javascript:") && !html.contains("href=\"data:"));
    assert!(html.contains("javascript:alert(1)") && html.contains("data:text/html,hi"));
}

/// Every `name="value"` attribute value in a page.
fn attributes<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let needle = format!("{name}=\"");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect()
}

#[test]
fn html_is_one_self_contained_page() {
    let html = render(ExportFormat::Html, RETRO);
    assert!(html.starts_with("<!doctype html>"));
    assert!(html.trim_end().ends_with("</body></html>"));
    let lower = html.to_ascii_lowercase();
    // Nothing is fetched: no sources, no stylesheets or fonts from elsewhere, no scripts.
    assert!(attributes(&lower, "src").is_empty(), "src= in the page");
    assert!(!lower.contains("<script") && !lower.contains("<link"));
    assert!(!lower.contains("@import") && !lower.contains("url("));
    // The only links are the user's own http(s) links.
    let hrefs = attributes(&html, "href");
    assert_eq!(
        hrefs,
        [
            "https://grafana.example.com/d/search?from=1&amp;to=2",
            "https://tracker.example.com/OPS-77"
        ]
    );
    // The browser is told so too.
    assert!(html.contains("content=\"default-src 'none'; style-src 'unsafe-inline'\""));
    assert!(html.contains("@media print{"));
}

#[test]
fn html_draws_the_phase_bar_its_legend_and_detours_as_branches() {
    let html = render(ExportFormat::Html, RETRO);
    let bar = &html[html.find("<div class=\"bar\"").unwrap()..];
    let bar = &bar[..bar.find("</div>").unwrap()];
    let widths = attributes(bar, "style");
    assert_eq!(widths.len(), 5, "{bar}");
    // diagnosis 1h2m of 2h10m.
    assert!(
        bar.contains("class=\"ph-diagnosis\" style=\"width:47.69%\""),
        "{bar}"
    );
    for (phase, d) in [
        ("undetected", "4m"),
        ("triage", "6m"),
        ("diagnosis", "1h2m"),
        ("mitigation", "8m"),
        ("recovery", "50m"),
    ] {
        assert!(
            html.contains(&format!(
                "<li><i class=\"ph-{phase}\"></i>{phase} <b>{d}</b></li>"
            )),
            "{phase}"
        );
    }
    assert!(html.contains("<li class=\"branch detour\">"));
    assert!(html.contains("<span class=\"fork\">⎇ cache-purge</span>"));
    assert!(html.contains("<span class=\"outcome\">✗ ruled out · 20m</span>"));
    assert!(html.contains("<li class=\"ms key branch confirmed\">"));
    assert!(html.contains("<span class=\"mark ms\">◆ IDENTIFIED</span>"));
    assert!(html.contains("li.branch .what{margin-left:2rem;border-left:3px dashed"));
}

#[test]
fn key_only_keeps_key_moments_milestones_and_detours() {
    let md = short(ExportFormat::Markdown, RETRO);
    let rows = timeline_rows(&md);
    assert!(md.contains("Key moments, milestones and detours only: 9 of 13 events."));
    assert_eq!(rows.len(), 9, "{md}");
    for gone in [
        "index-builder 3.2 rolled out",
        "Search platform team paged",
        "Empty results only on shards",
        "Half of the shards rebuilt",
    ] {
        assert!(!md.contains(gone), "{gone}");
    }
    // The confirmed branch's first shown row is where it starts now.
    assert!(
        md.contains("| ⎇ synonyms ✓ confirmed · 7m | Shards built by 3.2"),
        "{md}"
    );
    assert!(md.contains("⎇ cache-purge") && md.contains("⎇ partition"));
    let html = short(ExportFormat::Html, RETRO);
    assert!(!html.contains("Search platform team paged"));
    assert!(html.contains("Shards built by 3.2") && !html.contains("Half of the shards"));
}

#[test]
fn json_carries_durations_and_detours() {
    let (inc, a) = load(CHECKOUT);
    let v: serde_json::Value =
        serde_json::from_str(&export::render(ExportFormat::Json, &inc, &a)).unwrap();
    assert_eq!(v["durations"]["ttr_s"], 8100);
    assert_eq!(v["durations"]["detour_s"], 1800);
    assert_eq!(v["detours"][1]["label"], "ruled out after 15m");
    assert_eq!(v["incident"]["timeline"].as_array().unwrap().len(), 10);
    assert_eq!(v["phases"][0]["phase"], "undetected");
    assert_eq!(v["milestones"]["resolved"]["at"], "2024-08-15T12:45:00Z");
}

#[test]
fn snapshot_markdown() {
    insta::assert_snapshot!(render(ExportFormat::Markdown, RETRO));
}

#[test]
fn snapshot_html() {
    insta::assert_snapshot!(render(ExportFormat::Html, RETRO));
}

#[test]
fn html_gives_a_milestone_stated_without_an_event_its_own_row() {
    let yaml = r#"title: Stated
date: 2025-01-01
timezone: UTC
started: "10:00"
detected: "10:07"
timeline:
  - at: "10:05"
    text: something odd
  - at: "10:30"
    kind: resolution
    text: done
"#;
    let html = render(ExportFormat::Html, yaml);
    let rows: Vec<&str> = html.lines().filter(|l| l.starts_with("<li")).collect();
    let at = |needle: &str| rows.iter().position(|r| r.contains(needle)).unwrap();
    assert!(at("Wednesday 2025-01-01") < at("◆ STARTED"));
    assert!(at("◆ STARTED") < at("something odd"));
    assert!(at("something odd") < at("◆ DETECTED"));
    assert!(at("◆ DETECTED") < at("◆ RESOLVED"));
    assert!(rows[at("◆ DETECTED")].contains("10:07 <small>T+7m</small>"));
}
