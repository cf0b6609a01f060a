//! JSON export: the incident and everything derived from it, for other tools.

use serde_json::json;

use crate::analysis::Analysis;
use crate::model::Incident;

pub fn render(incident: &Incident, analysis: &Analysis) -> String {
    let secs = |d: Option<chrono::Duration>| d.map(|d| d.num_seconds());
    let d = &analysis.durations;
    let doc = json!({
        "incident": incident,
        "status": incident.effective_status(),
        "milestones": analysis.milestones,
        "durations": {
            "ttd_s": secs(d.ttd),
            "tta_s": secs(d.tta),
            "tti_s": secs(d.tti),
            "ttm_s": secs(d.ttm),
            "ttr_s": secs(d.ttr),
            "detour_s": d.detour.num_seconds(),
            "detour_share": d.detour_share,
        },
        "detours": analysis.detours.iter().map(|s| json!({
            "branch": s.branch,
            "summary": s.summary,
            "start": s.start,
            "end": s.end,
            "duration_s": s.duration().num_seconds(),
            "label": crate::analysis::detour_label(s),
        })).collect::<Vec<_>>(),
        "phases": analysis.phases.iter().map(|p| json!({
            "phase": p.kind,
            "start": p.start,
            "end": p.end,
            "duration_s": p.duration().num_seconds(),
        })).collect::<Vec<_>>(),
    });
    let mut s =
        serde_json::to_string_pretty(&doc).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}
