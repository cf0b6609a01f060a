//! Exports: what a postmortem reader sees, and that file text cannot inject markup.

use std::path::Path;

use retrace::export::{self, ExportFormat};
use retrace::{analysis, ingest};

fn load(text: &str) -> (retrace::model::Incident, analysis::Analysis) {
    let l = ingest::load_str(Path::new("x.yaml"), text).unwrap();
    let a = analysis::analyze(&l.incident);
    (l.incident, a)
}

const CHECKOUT: &str = include_str!("fixtures/cli/checkout.yaml");

#[test]
fn markdown_tells_the_story() {
    let (inc, a) = load(CHECKOUT);
    let md = export::render(ExportFormat::Markdown, &inc, &a);
    assert!(
        md.starts_with("# Checkout slowdown from an unindexed report query\n"),
        "{md}"
    );
    assert!(
        md.contains("| time to resolve (started → resolved) | 2h15m |"),
        "{md}"
    );
    assert!(
        md.contains("| time on ruled-out branches | 30m in 2 detours (22% of TTR) |"),
        "{md}"
    );
    assert!(
        md.contains("| 2024-08-15 10:30 | T+0s | detection | **detected** — Monitoring alerts"),
        "{md}"
    );
    assert!(md.contains("| 11:00 | T+30m | action | ↳ *rollback* (ruled-out): Rollback complete; the issue persisted |"), "{md}");
    assert!(md.contains("ruled out after 15m (10:45 → 11:00)"), "{md}");
    assert!(md.contains("| [ ] | Review queries for performance before deployment | process | db-team | OPS-101 |  |"), "{md}");
}

#[test]
fn markdown_escapes_table_breakers() {
    let text = CHECKOUT.replace(
        "text: Full service restored",
        "text: \"a | b <img src=x> [x](javascript:y)\"",
    );
    let (inc, a) = load(&text);
    let md = export::render(ExportFormat::Markdown, &inc, &a);
    assert!(
        md.contains(r"a \| b \<img src=x\> \[x\](javascript:y)"),
        "{md}"
    );
}

#[test]
fn html_escapes_everything_and_links_only_http() {
    let text = CHECKOUT
        .replace("text: Full service restored", "text: \"<script>alert(1)</script> & done\"\n    links: [\"javascript:alert(1)\", \"https://status.example.com/x?a=1&b=2\"]");
    let (inc, a) = load(&text);
    let html = export::render(ExportFormat::Html, &inc, &a);
    assert!(!html.contains("<script>"), "raw script tag in export");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; done"));
    assert!(!html.contains("href=\"javascript:"), "{html}");
    assert!(
        html.contains("<a href=\"https://status.example.com/x?a=1&amp;b=2\""),
        "{html}"
    );
    assert!(html.contains("class=\"detour\""));
    assert!(html.contains("ruled out after 15m"));
    assert!(html.trim_end().ends_with("</body></html>"));
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
