//! `retrace import`: any incident file → native YAML, or several exported sources (Slack,
//! PagerDuty, incident.io) merged into one incident; `--explain` for the inferences and
//! `--into` to add to an existing incident file through the store.

use std::collections::HashSet;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::analysis::{self, MilestoneSource};
use crate::ingest::{self, sources, yaml};
use crate::model::{Event, Incident, MilestoneKind, Outcome, RuleId};
use crate::store::{Change, Writer};

/// What `retrace import` was asked to do besides reading.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Write the YAML here instead of standard output.
    pub output: Option<PathBuf>,
    /// Replace an existing `output` (never one of the inputs).
    pub force: bool,
    /// Add to this existing incident file instead.
    pub into: Option<PathBuf>,
    /// The Slack channel to read.
    pub channel: Option<String>,
    pub explain: bool,
}

/// Import `inputs`: one postmortem or incident file on its own, or exported sources merged.
/// Returns `Ok(false)` (after printing the located error) when an input cannot be read.
pub fn run(inputs: &[PathBuf], opts: &Options, out: &mut impl Write) -> io::Result<bool> {
    let loaded = match inputs {
        [one] if opts.channel.is_none() => super::load_or_report(one),
        _ => sources::load_sources(
            inputs,
            &sources::Options {
                channel: opts.channel.clone(),
                ..sources::Options::default()
            },
        )
        .map_err(|e| report!("{}", e.to_diagnostic()))
        .ok(),
    };
    let Some(loaded) = loaded else {
        return Ok(false);
    };
    for d in &loaded.diagnostics {
        report!("{d}");
    }
    if let Some(into) = &opts.into {
        let ok = add_into(into, &loaded.incident)?;
        if opts.explain {
            write_explanation(&loaded, out)?;
        }
        return Ok(ok);
    }
    let text = match yaml::to_yaml(&loaded.incident) {
        Ok(t) => t,
        Err(e) => {
            report!("retrace: {e}");
            return Ok(false);
        }
    };
    // The file may be read on a terminal later (`cat`, `less -R`): it passes the sanitiser too.
    let text = crate::model::text::for_terminal(&text);
    match &opts.output {
        Some(path) => {
            let read: Vec<&Path> = inputs.iter().map(PathBuf::as_path).collect();
            if !super::write_output(path, &read, text.as_bytes(), opts.force)? {
                return Ok(false);
            }
            report!(
                "wrote {} ({} events)",
                crate::model::text::clean_line(&path.display().to_string()),
                loaded.incident.timeline.len()
            );
        }
        None if !opts.explain => out.write_all(text.as_bytes())?,
        None => {}
    }
    if opts.explain {
        write_explanation(&loaded, out)?;
    }
    Ok(true)
}

/// Add what `imported` tells to the incident file `into`, in one locked transaction: the events
/// it does not have yet (by source reference, else by time and text), the branches they are on
/// (renamed when the file has another branch by that id), and the milestones the file does not
/// give. Nothing already in the file changes.
fn add_into(into: &std::path::Path, imported: &Incident) -> io::Result<bool> {
    let mut writer = Writer::open(into);
    let mut added = 0usize;
    let mut already = 0usize;
    let result = writer.transact("import", |existing| {
        let changes = changes_into(existing, imported);
        added = changes
            .iter()
            .filter(|c| matches!(c, Change::AddEvent(_)))
            .count();
        already = imported.timeline.len() - added;
        Ok(changes)
    });
    match result {
        Ok(_) => {
            report!(
                "added {added} events to {} ({already} already there)",
                into.display()
            );
            Ok(true)
        }
        Err(e) => {
            report!("retrace: {e}");
            Ok(false)
        }
    }
}

/// The changes that add `imported` to `existing` without touching what is there.
pub fn changes_into(existing: &Incident, imported: &Incident) -> Vec<Change> {
    let known: HashSet<&str> = existing
        .timeline
        .iter()
        .filter_map(|e| e.source.as_deref())
        .flat_map(str::split_whitespace)
        .collect();
    let second = |e: &Event| e.at.timestamp();
    let told: HashSet<(i64, &str)> = existing
        .timeline
        .iter()
        .map(|e| (second(e), &*e.text))
        .collect();
    let is_new = |e: &Event| {
        !e.source
            .as_deref()
            .is_some_and(|s| s.split_whitespace().any(|r| known.contains(r)))
            && !told.contains(&(second(e), &*e.text))
    };
    let mut changes = Vec::new();
    let mut renamed: Vec<(String, String)> = Vec::new();
    let mut taken: HashSet<String> = existing.branches.iter().map(|b| b.id.clone()).collect();
    for b in &imported.branches {
        if !imported
            .timeline
            .iter()
            .any(|e| is_new(e) && e.branch.as_deref() == Some(b.id.as_str()))
        {
            continue;
        }
        match existing.branch(&b.id) {
            Some(same) if same.hypothesis == b.hypothesis => continue,
            Some(_) => {
                let mut n = 2;
                while taken.contains(&format!("{}-{n}", b.id)) {
                    n += 1;
                }
                let id = format!("{}-{n}", b.id);
                taken.insert(id.clone());
                renamed.push((b.id.clone(), id.clone()));
                let mut b = b.clone();
                b.id = id;
                changes.push(Change::AddBranch(b));
            }
            None => {
                taken.insert(b.id.clone());
                changes.push(Change::AddBranch(b.clone()));
            }
        }
    }
    for e in imported.timeline.iter().filter(|e| is_new(e)) {
        let mut e = e.clone();
        if let Some((_, to)) = renamed
            .iter()
            .find(|(from, _)| e.branch.as_deref() == Some(from.as_str()))
        {
            e.branch = Some(to.as_str().into());
        }
        changes.push(Change::AddEvent(e));
    }
    let has = analysis::milestones::milestones(existing);
    for kind in MilestoneKind::ALL {
        if has.get(kind).is_none()
            && let Some(at) = imported.milestones.get(kind)
        {
            changes.push(Change::SetMilestone {
                kind,
                at: Some(at),
                expect: Some(None),
            });
        }
    }
    changes
}

/// For each event: time, kind, and why; then milestones and detours with their sources.
pub fn write_explanation(loaded: &ingest::Loaded, out: &mut impl Write) -> io::Result<()> {
    let inc = &loaded.incident;
    let a = analysis::analyze(inc);
    let zone = inc.display_offset();
    let fmt = |t: &crate::model::Timestamp| {
        let local = t.with_timezone(&zone);
        if inc.undated {
            local.format("%H:%M").to_string()
        } else {
            local.format("%Y-%m-%d %H:%M").to_string()
        }
    };
    writeln!(
        out,
        "{} — {} events ({:?} input)",
        inc.title,
        inc.timeline.len(),
        loaded.format
    )?;
    writeln!(out)?;
    for (i, e) in inc.timeline.iter().enumerate() {
        let why = match &e.inferred {
            Some(inf) if inf.matched.is_empty() => format!("  [{}]", inf.rule),
            Some(inf) => format!("  [{}: \"{}\"]", inf.rule, inf.matched),
            None => "  [stated]".to_string(),
        };
        let milestone = a
            .milestones
            .marked_by(i)
            .map(|m| format!(" → {}", m.as_str()))
            .unwrap_or_default();
        let branch = e
            .branch
            .as_deref()
            .and_then(|id| inc.branch(id))
            .map(|b| format!(" ⎇ {} ({})", b.id, b.outcome.as_str()))
            .unwrap_or_default();
        writeln!(
            out,
            "{}  {:<13}{milestone}{branch}{why}",
            fmt(&e.at),
            e.kind.as_str()
        )?;
        writeln!(
            out,
            "      {}",
            crate::commands::stats::truncate(&e.text, 100)
        )?;
        if let Some(source) = &e.source {
            writeln!(out, "      from {source}")?;
        }
    }
    writeln!(out)?;
    writeln!(out, "Milestones:")?;
    for kind in MilestoneKind::ALL {
        match a.milestones.get(kind) {
            Some(m) => {
                let src = match &m.source {
                    MilestoneSource::Declared { rule: Some(r) } => {
                        let matched = inc
                            .milestones
                            .why(kind)
                            .map(|i| i.matched.as_str())
                            .unwrap_or("");
                        // Rules of the `milestone:` family reason from other moments (the
                        // first sign, the last fix, a stated figure): inferred, not stated.
                        let inferred = r.starts_with("milestone:");
                        let how = if r.starts_with("source:") {
                            "typed by the source"
                        } else if inferred {
                            "inferred"
                        } else if matches!(
                            loaded.format,
                            ingest::Format::Yaml | ingest::Format::Markdown
                        ) {
                            "stated in the text"
                        } else {
                            "inferred from the words"
                        };
                        let from = marking_event(inc, kind, m.at)
                            .and_then(|e| e.source.as_deref())
                            .map(|s| format!(" ← {s}"))
                            .unwrap_or_default();
                        let said = if matched.is_empty() {
                            String::new()
                        } else {
                            format!(": \"{matched}\"")
                        };
                        let why = RuleId::from_name(r)
                            .filter(|_| inferred)
                            .map(|id| format!(" — {}", id.explain()))
                            .unwrap_or_default();
                        format!("{how} [{r}{said}]{why}{from}")
                    }
                    MilestoneSource::Declared { rule: None } => "stated in the file".to_string(),
                    MilestoneSource::Event { index } => {
                        format!("first `{}` event (#{})", kind.event_kind(), index + 1)
                    }
                };
                writeln!(out, "  {:<13}{}  {src}", kind.as_str(), fmt(&m.at))?;
            }
            None => writeln!(out, "  {:<13}—  not stated", kind.as_str())?,
        }
    }
    writeln!(out)?;
    writeln!(out, "Detours:")?;
    // Theories ruled out that no timeline entry tells (a findings-list item, a theory told in
    // prose only): no span, listed after the timed ones.
    let untimed: Vec<&crate::model::Branch> = inc
        .branches
        .iter()
        .filter(|b| b.outcome == Outcome::RuledOut)
        .filter(|b| !a.detours.iter().any(|d| d.branch == b.id))
        .collect();
    if a.detours.is_empty() && untimed.is_empty() {
        writeln!(out, "  none")?;
    }
    for d in &a.detours {
        let why = inc
            .branch(&d.branch)
            .and_then(|b| b.inferred.as_ref())
            .map(|i| format!(" [{}: \"{}\"]", i.rule, i.matched))
            .unwrap_or_default();
        let how = if d.closed_by_next_event {
            " (told in one event; lasts until the next)"
        } else {
            ""
        };
        writeln!(
            out,
            "  {} → {}  {}: {}{how}{why}",
            fmt(&d.start),
            fmt(&d.end),
            analysis::detour_label(d),
            d.summary
        )?;
    }
    for b in untimed {
        let why = b
            .inferred
            .as_ref()
            .map(|i| format!(" [{}: \"{}\"]", i.rule, i.matched))
            .unwrap_or_default();
        writeln!(
            out,
            "  no time on the timeline  ruled out: {}{why}",
            b.hypothesis
        )?;
    }
    // Every rule that fired, with its own explanation (from the lexicon's table).
    let mut rules: Vec<RuleId> = inc
        .timeline
        .iter()
        .filter_map(|e| e.inferred.as_ref())
        .chain(inc.milestones.inferred.iter().map(|(_, i)| i))
        .chain(inc.branches.iter().filter_map(|b| b.inferred.as_ref()))
        .map(|i| i.rule)
        .collect();
    rules.sort();
    rules.dedup();
    if !rules.is_empty() {
        writeln!(out)?;
        writeln!(out, "Rules:")?;
        for r in rules {
            writeln!(out, "  {:<35} {}", r.name(), r.explain())?;
        }
    }
    Ok(())
}

/// The event that marks a milestone declared at `at`: one of the milestone's kind at that
/// instant, else any event at that instant.
fn marking_event(
    inc: &Incident,
    kind: MilestoneKind,
    at: crate::model::Timestamp,
) -> Option<&Event> {
    let here = || inc.timeline.iter().filter(|e| e.at == at);
    here()
        .find(|e| e.kind == kind.event_kind())
        .or_else(|| here().next())
}
