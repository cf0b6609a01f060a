//! Markdown / plain-text postmortem import.
//!
//! Three passes: [`lines`] classifies each line (headings of every shape, items, table rows,
//! text; inline Markdown read with pulldown-cmark), [`sections`] says which part of the
//! postmortem each line is in (and routes `Impact: ...` style labels), then [`timeline`] reads the
//! times and [`actions`] the action items. A status page's updates are made timed paragraphs
//! first: `site_shortcodes.rs` (updates closed by a stamp shortcode, before the lines are
//! read) and `status_updates.rs` (updates followed by their posting time, after). Words become
//! kinds, milestones and detours only through the [`lexicon`](crate::ingest::lexicon), and each
//! inference keeps the rule and the words that fired. Nothing here panics on any input; problems are warnings with a place and a
//! hint, and only a file with no readable text is refused.

mod actions;
mod date_hints;
pub(crate) mod lines;
pub(crate) mod sections;
mod site_shortcodes;
mod status_updates;
mod story_days;
pub(crate) mod timeline;

use std::path::Path;

use chrono::{Datelike, FixedOffset, NaiveDate};

use self::lines::{Kind, Line};
use self::sections::{Field, Section, field_of, is_generic_title, section_of, split_label};
use self::timeline::{Draft, Entry, When};
use super::branches::capitalise;
use super::candidate::{Remark, StatedDuration, StatedDurations, StatedSpan, Story};
use super::clock::{DateHints, ParsedTime, Zone, parse_zone, season_mismatch};
use super::resolve::shorten;
use super::{Diagnostic, Level, LoadError};
use super::{order, pipeline};
use crate::model::text::{clean_block, clean_line};
use crate::model::{Incident, Inference, MilestoneKind, RuleId, Severity};

/// Read a Markdown or plain-text postmortem.
pub fn import(path: &Path, text: &str) -> Result<(Incident, Vec<Diagnostic>), LoadError> {
    read(path, text).map(|r| (r.incident, r.diagnostics))
}

/// What [`read`] gives: the incident, what was noticed, and whether the file is a postmortem
/// at all.
#[derive(Clone, Debug)]
pub struct Imported {
    pub incident: Incident,
    pub diagnostics: Vec<Diagnostic>,
    /// False for a file with no timeline and no postmortem sections (a README, a shopping
    /// list): a folder scan skips it; named on its own it is still imported, with a warning.
    pub looks_like_incident: bool,
}

/// The warning (and the folder scan's note) for a file that is not a postmortem.
pub const NOT_AN_INCIDENT: &str = "not an incident: no timeline and no postmortem sections";

/// What the Markdown front end read: the story for the pipeline, and what it needs to say
/// afterwards about the file.
struct Front {
    story: Story,
    lines: Vec<Line>,
    tags: Vec<Section>,
    fields: Fields,
    undated: bool,
    zone: Option<FixedOffset>,
    from_prose: bool,
    diags: Vec<Diagnostic>,
}

/// The front end alone, for measuring it apart from classification: how many entries a text
/// holds.
#[doc(hidden)]
pub fn front_end_entries(text: &str) -> usize {
    front(Path::new("bench.md"), text).map_or(0, |f| f.story.entries.len())
}

/// The front end alone: the [`Story`] a postmortem tells (its candidates, remarks, stated span
/// and durations), before the pipeline resolves, classifies and links it. For tests of each
/// pass and for tools that want the candidates.
pub fn story(path: &Path, text: &str) -> Result<(Story, Vec<Diagnostic>), LoadError> {
    front(path, text).map(|f| (f.story, f.diags))
}

/// Read a Markdown or plain-text postmortem, saying whether it looks like one.
pub fn read(path: &Path, text: &str) -> Result<Imported, LoadError> {
    let Front {
        story,
        lines,
        tags,
        fields,
        undated,
        zone,
        from_prose,
        mut diags,
    } = front(path, text)?;
    let incident = pipeline::build(path, story, &mut diags);
    // An entry the calendar cannot hold (past 9999-12-31) is an error at its line: refuse the
    // file rather than write an incident no reader takes back.
    if let Some(i) = diags.iter().position(|d| d.level == Level::Error) {
        return Err(LoadError::invalid(diags.swap_remove(i)));
    }

    // What the reader should know.
    if incident.timeline.is_empty() {
        let at = lines
            .iter()
            .zip(&tags)
            .find(|(_, t)| **t == Section::Timeline)
            .map_or(0, |(l, _)| l.no);
        diags.push(
            Diagnostic::warning(
                path,
                at,
                0,
                "no timed events found; imported the summary only",
            )
            .with_hint(
                "write timeline entries as `- 10:30 - what happened` under a `## Timeline` heading",
            ),
        );
    } else {
        if undated {
            diags.push(
                Diagnostic::warning(path, 0, 0, "no date found; times are placed on 1970-01-01")
                    .with_hint("add a line such as `Date: 2024-08-15` near the top"),
            );
        }
        if zone.is_none() {
            diags.push(
                Diagnostic::warning(path, 0, 0, "no time zone stated; times are read as UTC")
                    .with_hint(
                        "add `(all times UTC)` to the timeline heading, or a zone after each time",
                    ),
            );
        }
        if from_prose {
            diags.push(
                Diagnostic::warning(path, 0, 0, "no timeline section with times; events were taken from timed sentences in the prose")
                    .with_hint("a `## Timeline` list with one `time - event` line each gives a fuller timeline"),
            );
        }
    }
    // Two or more entries read as a timeline (an untitled one included, a status page's
    // updates), not sentences picked from prose, make a timeline, when one of them tells
    // something of an incident or they are a status page's updates, each led by its label
    // (`Update`, `Investigating`…) — not a day's agenda or a schedule of plain notes.
    let status_label = |text: &str| {
        let first = text.split([' ', '.', ':', '-']).next().unwrap_or("");
        lines::STATUS_WORDS.contains(&first.to_ascii_lowercase().as_str())
    };
    let has_timeline = !from_prose
        && incident.timeline.len() >= 2
        && incident
            .timeline
            .iter()
            .any(|e| !matches!(e.kind, crate::model::EventKind::Note) || status_label(&e.text));
    let looks_like_incident =
        has_timeline || looks_like_incident(&lines, &tags, &fields, &incident);
    if !looks_like_incident {
        diags.push(
            Diagnostic::warning(path, 0, 0, NOT_AN_INCIDENT).with_hint(
                "a postmortem has a `## Timeline` (`- 10:30 - what happened`) or sections such as Impact and Root cause; in a folder, files like this one are skipped",
            ),
        );
    }
    Ok(Imported {
        incident,
        diagnostics: diags,
        looks_like_incident,
    })
}

fn front(path: &Path, text: &str) -> Result<Front, LoadError> {
    let mut lines = lines::read_lines(text);
    if lines
        .iter()
        .all(|l| matches!(l.kind, Kind::Blank | Kind::Rule | Kind::TableSep))
    {
        return Err(LoadError::invalid(
            Diagnostic::error(path, 0, 0, "no readable text: nothing to import")
                .with_hint("a postmortem needs at least a title or a timeline line such as `- 10:30 - alert fired`"),
        ));
    }
    let mut diags = Vec::new();
    let mut evidence = timeline::date_hints(text);
    // No year anywhere in the text: the one its path gives (`incidents/2023/0412-dns.md`,
    // `2023-04-12-dns.md`), said in a warning when it dates the incident.
    let from_path = if evidence.hints.year.is_none() {
        date_in_path(path)
    } else {
        None
    };
    if let Some((year, _)) = from_path {
        evidence.hints.year = Some(year);
    }
    // Nor there: the latest year, not after this one, in which the days written with their
    // weekday (`Friday, August 23rd`) fall on it.
    let from_weekday = if evidence.hints.year.is_none() {
        timeline::year_from_weekdays(text, chrono::Utc::now().year())
    } else {
        None
    };
    if let Some(found) = &from_weekday {
        evidence.hints.year = Some(found.year);
        diags.push(
            Diagnostic::warning(
                path,
                found.line,
                1,
                format!(
                    "no year is written; days are read in {}, the latest year in which \
                     \"{}\" falls on that weekday",
                    found.year, found.written
                ),
            )
            .with_hint("write the full date, e.g. `Date: 2024-04-17`"),
        );
    }
    let hints = evidence.hints;
    status_updates::stamp_updates(&mut lines, hints);
    let tags = sections::tag_sections(&lines);
    let mut fields = read_fields(&lines, &tags);

    // The outage's stated span ("from 10:30 AM to 12:45 PM").
    let mut span = find_span(&fields, hints);

    // Timeline entries: the timeline section, else timed sentences anywhere.
    let mut notes = Vec::new();
    let mut entries = timeline::collect(&lines, &tags, hints, &mut notes);
    let timed = |es: &[Entry]| {
        es.iter()
            .any(|e| matches!(e, Entry::Event(d) if matches!(d.when, When::At(_) | When::Day(..))))
    };
    let mut from_prose = false;
    // Which lines the timeline is: the timeline section, or a run of timed lines under a
    // heading of another name (`Leadup`), or none.
    let mut timeline_tags = None;
    // A list of key events (`First detected 2026-03-30 08:56`) is not the whole story: the
    // timed lines elsewhere are read beside it.
    if (!timed(&entries) || sections::timeline_is_key_events_only(&lines))
        && let Some(run) = timeline::untitled_timeline(&lines, &tags, hints)
    {
        let mut run_notes = Vec::new();
        let found = timeline::collect(&lines, &run, hints, &mut run_notes);
        if timed(&found) {
            entries = found;
            notes = run_notes;
            // The run's lines are the timeline, not the opening text that sums it up.
            fields.preamble = read_fields(&lines, &run).preamble;
            timeline_tags = Some(run);
        }
    }
    let timeline_tags = timeline_tags.as_deref().unwrap_or(&tags);
    timeline::fold_untimed_notes(&mut entries, &lines, hints);
    // `### Friday 16:24` … `### Sunday 14:30`: each new weekday is the next day of the story.
    story_days::number_days_by_weekday(&mut entries, &lines);
    // A log of updates with the latest on top (a status page's) is read from the bottom up.
    let newest = order::told_newest_first(&entries);
    if newest.any() {
        let first = entries.iter().find_map(|e| match e {
            Entry::Event(d) => Some(d.line),
            _ => None,
        });
        diags.push(
            Diagnostic::warning(
                path,
                first.unwrap_or(0),
                1,
                "the timeline is written newest first; its entries are read from the bottom up",
            )
            .with_hint("write the timeline oldest first, one `time - event` line each"),
        );
        entries = order::oldest_first(entries, newest);
    }
    if !timed(&entries) {
        let mut skip = span.lines.clone();
        // The front matter (its `Date:` included) is the post's, not the story's.
        skip.extend(lines::front_matter_end(text).map_or(0..0, |end| 1..end + 2));
        let days = story_days::StoryDays::new(lines::written_date(text, hints));
        let prose = timeline::prose(&lines, &tags, hints, &skip, true, Some(days));
        if timed(&prose) {
            entries = prose;
            from_prose = true;
        }
    }

    // The day and zone the incident is told in.
    let no_year = DateHints {
        year: None,
        ..hints
    };
    // Entries dated without a year (`[12-05 16:21]`, `Dec 5 16:21`) took the file's first year;
    // one more than half a year from the day the file states is in the year next to it.
    if dated_over_half_a_year(&entries)
        && let Some(stated) = find_date(&fields, &lines, &tags, &[], no_year)
    {
        settle_yearless_dates(&mut entries, &lines, stated);
    }
    let date = find_date(&fields, &lines, &tags, &entries, no_year)
        .or_else(|| {
            // Only "April 17th" written: the year comes from elsewhere in the text (or the
            // path), and we say so.
            let d = find_date(&fields, &lines, &tags, &entries, hints)?;
            if from_path.is_none() && from_weekday.is_none() {
                diags.push(
                    Diagnostic::warning(
                        path,
                        0,
                        0,
                        format!(
                            "the date is written without a year; read as {d} (the first year in the file)"
                        ),
                    )
                    .with_hint("write the full date, e.g. `Date: 2024-04-17`"),
                );
            }
            Some(d)
        })
        .inspect(|d| {
            if from_path.is_some_and(|(year, _)| year == d.year()) {
                diags.push(
                    Diagnostic::warning(
                        path,
                        0,
                        0,
                        format!(
                            "no year is written in the text; days are read in {}, the year in the file's path",
                            d.year()
                        ),
                    )
                    .with_hint("write the full date, e.g. `Date: 2024-04-17`"),
                );
            }
        })
        .or_else(|| {
            // No day in the text at all: the one the file is named after.
            let d = from_path?.1?;
            diags.push(
                Diagnostic::warning(
                    path,
                    0,
                    0,
                    format!("no date in the text; read as {d}, the date in the file's name"),
                )
                .with_hint("add a line such as `Date: 2024-08-15` near the top"),
            );
            Some(d)
        });
    if let (Some(d), Some(written)) = (date, fields.dates.first())
        && compact_date(written, hints) == Some(d)
    {
        let order = if hints.month_first {
            "month, day, year"
        } else {
            "day, month, year"
        };
        diags.push(
            Diagnostic::warning(
                path,
                0,
                0,
                format!(
                    "the date {} is six digits; read as {d} ({order})",
                    written.trim()
                ),
            )
            .with_hint("write dates as YYYY-MM-DD, e.g. `2024-03-05`"),
        );
    }
    let date = date.map(|d| day_of_the_entries_weekday(d, &lines, &tags, &entries, hints));
    // A story told in prose that names its first day in words ("Yesterday, at 16:20 UTC …",
    // counted from the post's date) is on that day, not on the day it was written.
    // The day of its first clock: the last day named before it, or its own.
    let mut named = None;
    let story_day = entries.iter().find_map(|e| match e {
        Entry::SetDate(d) => {
            named = Some(*d);
            None
        }
        Entry::Event(Draft {
            when: When::At(p), ..
        }) => Some(p.date.or(named)),
        Entry::Event(_) => Some(None),
        _ => None,
    });
    let date = match story_day.flatten() {
        Some(d) if from_prose && date.is_none_or(|w| d < w) => Some(d),
        _ => date,
    };
    if let Some((line, written)) = &evidence.ambiguous {
        let how = match evidence.by_names {
            Some(true) => "month first, as the file writes month names (`March 5`)",
            Some(false) => "day first, as the file writes month names (`5 March`)",
            None if hints.month_first => "month first",
            None => "day first",
        };
        let read = crate::ingest::clock::parse_date_with(written, hints.month_first)
            .map(|d| format!(" as {d}"))
            .unwrap_or_default();
        diags.push(
            Diagnostic::warning(
                path,
                *line,
                0,
                format!(
                    "the date {written} reads both day first and month first; read{read} ({how})"
                ),
            )
            .with_hint("write dates as YYYY-MM-DD, e.g. `2024-03-05`"),
        );
    }
    // "Unless otherwise noted, all times are on <day>": after the incident's date is found (an
    // entry dated the day before still starts it).
    if let Some(day) = default_day(&lines, hints) {
        hold_the_stated_day(&mut entries, day);
    }
    // A span written with a region's name (`from 9:30 AM to 11:20 AM PT`) is in that region's
    // offset on its day (-07:00 in April), not the name's fixed one.
    for (p, why) in [&mut span.start, &mut span.end, &mut span.detected]
        .into_iter()
        .flatten()
    {
        if let Some(z) = timeline::written_region(why.matched.as_str().trim_end_matches(['.', ')']))
            && let Some(day) = p.date.or(date)
        {
            p.offset = Some(z.offset_at(day.and_time(p.time)));
        }
    }
    let found_zone = find_zone(&fields, &lines, &tags, &span, &entries);
    let undated = date.is_none();
    let base_date = date.unwrap_or(NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date"));
    // A region (`Europe/Berlin`, `PST/PDT`) gives each entry the offset of its own day; the
    // incident keeps the offset at its start.
    timeline::apply_zones(
        &mut entries,
        base_date,
        found_zone.as_ref().map(|f| f.note.zone),
    );
    let zone = found_zone.as_ref().map(|f| {
        // The offset of the incident's own day: a lead-up entry months before it may be in
        // the zone's other season.
        let filled = |e: &Entry| match e {
            Entry::Event(Draft {
                when: When::At(p),
                zone_filled: true,
                ..
            }) => p.offset.map(|o| (o, p.date.is_none_or(|d| d == base_date))),
            _ => None,
        };
        entries
            .iter()
            .filter_map(filled)
            .find(|(_, on_the_day)| *on_the_day)
            .or_else(|| entries.iter().find_map(filled))
            .map(|(o, _)| o)
            .filter(|_| f.note.zone.is_region())
            .unwrap_or_else(|| f.note.zone.offset_on(base_date))
    });
    if let (Some(f), Some(d)) = (&found_zone, date)
        && let Some((tz, actual)) = season_mismatch(&f.note.written, d)
    {
        // The written half's own offset (what `PST` would be read as, literally).
        let written = f.note.zone.standard();
        diags.push(
            Diagnostic::warning(
                path,
                f.line,
                0,
                format!(
                    "times are said to be in {}, but on {d} {} was at {actual}; read as that clock ({actual}), not as {written}",
                    f.note.written,
                    tz.name()
                ),
            )
            .with_hint(format!(
                "write the zone in force that day (or `{}`); write `UTC{written}` if the times really are at the written offset",
                tz.name(),
            )),
        );
    }
    for n in notes {
        diags.push(Diagnostic::warning(path, n.line, n.col, n.message).with_hint(n.hint));
    }

    // With a timeline that has times, clock times in prose paragraphs elsewhere ("the nightly
    // export normally finishes by 02:00") are told about, not entries: they never become
    // events. A timed list item in another section ("- Rolled back the deployment at 02:30 PM"
    // under Resolution) adds the moment the timeline left out, and so does a paragraph of the
    // story after it that opens with its time ("On February 1st at 17:00 UTC we managed to
    // restore the database", "Around 18:00 UTC we finished").
    let extra = if from_prose {
        Vec::new()
    } else {
        let opening = paragraphs_opening_with_a_moment(&lines, hints);
        let parts = past_the_opening(&lines);
        let mut skip = span.lines.clone();
        skip.extend(
            lines
                .iter()
                .zip(timeline_tags)
                .zip(&parts)
                .map(|((l, t), past)| {
                    // A part of the story under its own heading after the opening's text
                    // ("## First incident" below a post's opening paragraphs) is not the
                    // opening that sums the story up, whatever heading it has.
                    let t = match t {
                        Section::Preamble if *past => &Section::Other,
                        t => t,
                    };
                    (l, t)
                })
                .filter(|(l, t)| {
                    // What went well or wrong, lessons and to-dos look back or ahead: a time in
                    // them ("a deploy started after 5pm is risky") is not a moment of the incident.
                    matches!(
                        t,
                        Section::Timeline
                            | Section::Summary
                            | Section::Preamble
                            | Section::Actions
                            | Section::Lessons
                            | Section::WentWell
                            | Section::WentWrong
                            | Section::Lucky
                    ) || !(matches!(l.kind, Kind::Item { .. }) || opening.contains(&l.no))
                })
                .map(|(l, _)| l.no),
        );
        // A paragraph that retells a moment of the timeline ("Around 09:49 (CEST), we ran a
        // deployment" over "- 09:49 Start the deployment") adds nothing, whatever zone it
        // names: only the moments the timeline left out are kept.
        let clocks: std::collections::HashSet<chrono::NaiveTime> = entries
            .iter()
            .filter_map(|e| match e {
                Entry::Event(Draft {
                    when: When::At(p), ..
                }) => Some(p.time),
                _ => None,
            })
            .collect();
        let mut extra = timeline::prose(&lines, &tags, hints, &skip, false, None);
        extra.retain(|e| match e {
            Entry::Event(Draft {
                line,
                when: When::At(p),
                ..
            }) => !(opening.contains(line) && clocks.contains(&p.time)),
            _ => true,
        });
        extra
    };
    let mut columns = vec![0; lines.iter().map(|l| l.no).max().unwrap_or(0) + 1];
    for l in &lines {
        columns[l.no] = l.indent + 1;
    }
    let story = Story {
        incident: Incident {
            title: title_of(path, &fields),
            severity: fields.severity.as_deref().map(|s| Severity(clean_line(s))),
            date,
            undated,
            timezone: zone,
            summary: fields.summary.finish().or_else(|| fields.preamble.finish()),
            impact: fields.impact.finish(),
            root_cause: fields.root_cause.finish(),
            resolution: fields.resolution.finish(),
            lessons: actions::collect_lessons(&lines, &tags),
            actions: actions::collect_actions(&lines, &tags),
            ..Incident::default()
        },
        entries,
        extra,
        remarks: remarks(&lines, &tags),
        failed_attempts: actions::failed_attempts(&lines, &tags),
        base_date,
        zone,
        date_stated: date.is_some_and(|d| states_the_date(&fields, d, hints)),
        span: StatedSpan {
            start: span.start,
            end: span.end,
            detected: span.detected,
            detected_by: span.detected_by,
        },
        durations: stated_durations(&lines, &tags),
        columns,
    };
    Ok(Front {
        story,
        lines,
        tags,
        fields,
        undated,
        zone,
        from_prose,
        diags,
    })
}

/// Whether a file tells an incident: a timeline or a section only postmortems have (impact,
/// root cause, resolution, lessons, what went well/wrong), a label of theirs (`Impact:`,
/// `Root cause:`, `Duration:`, `Severity:`), a title or heading that names an outage or
/// incident, or timed sentences that mark a milestone (detected, resolved, …). A summary or a
/// to-do list alone is not enough (READMEs and lists have those).
fn looks_like_incident(lines: &[Line], tags: &[Section], f: &Fields, incident: &Incident) -> bool {
    let sections = tags.iter().any(|t| {
        matches!(
            t,
            Section::Timeline
                | Section::Impact
                | Section::RootCause
                | Section::RootCauseResolution
                | Section::Resolution
                | Section::Lessons
                | Section::WentWell
                | Section::WentWrong
                | Section::Lucky
        )
    });
    let labels = !f.spans.is_empty()
        || f.severity.is_some()
        || f.impact.finish().is_some()
        || f.root_cause.finish().is_some()
        || f.resolution.finish().is_some();
    let names_incident = |s: &str| {
        let l = s.to_lowercase();
        [
            "outage",
            "incident",
            "postmortem",
            "post-mortem",
            "post mortem",
            "downtime",
            "root cause",
            // The same in the languages postmortems are often written in: French, Spanish,
            // Italian, German, Dutch, Russian, Japanese, Chinese, Korean.
            "panne",
            "incidente",
            "caída",
            "interrupción",
            "interruzione",
            "störung",
            "ausfall",
            "storing",
            "инцидент",
            "сбой",
            "авария",
            "障害",
            "停止",
            "停電",
            "復旧",
            "故障",
            "事故",
            "장애",
        ]
        .iter()
        .any(|w| {
            // A word of a script written with spaces starts a word ("panne", "pannes", not
            // "spanner"; "storing", not "restoring"); Japanese, Chinese and Korean are read
            // as they are.
            if w.chars().all(|c| c.is_alphabetic() && (c as u32) < 0x2E80) {
                l.split(|c: char| !c.is_alphanumeric())
                    .any(|t| t.starts_with(w))
            } else {
                l.contains(w)
            }
        })
    };
    let headings = lines.iter().any(|l| match &l.kind {
        Kind::Heading { text, .. } => names_incident(text),
        _ => false,
    });
    let milestones = MilestoneKind::ALL
        .iter()
        .any(|m| incident.milestones.get(*m).is_some());
    sections || labels || headings || names_incident(&incident.title) || milestones
}

/// Text gathered for one field, paragraph by paragraph.
#[derive(Default, Debug)]
struct Acc {
    out: String,
    open: bool,
}

impl Acc {
    fn text(&mut self, t: &str) {
        if t.is_empty() {
            return;
        }
        if self.open {
            self.out.push(' ');
        } else if !self.out.is_empty() {
            self.out.push_str("\n\n");
        }
        self.out.push_str(t);
        self.open = true;
    }
    fn item(&mut self, t: &str) {
        if t.is_empty() {
            return;
        }
        if !self.out.is_empty() {
            self.out.push('\n');
        }
        self.out.push_str("- ");
        self.out.push_str(t);
        // A wrapped item continues on the next lines until a blank line.
        self.open = true;
    }
    fn line(&mut self, l: &Line, t: &str) {
        match l.kind {
            Kind::Item { .. } | Kind::Row(_) => self.item(t),
            _ => self.text(t),
        }
    }
    fn blank(&mut self) {
        self.open = false;
    }
    fn finish(&self) -> Option<String> {
        let s = clean_block(&self.out);
        (!s.is_empty()).then_some(s)
    }
}

/// Everything outside the timeline and action sections.
#[derive(Default, Debug)]
struct Fields {
    title: Option<String>,
    heading_title: Option<String>,
    /// The first heading after the title (an H1, or an H2 naming the incident) that holds a
    /// date: `# Incident retrospective 25/02/2019` under a blog post's own title.
    dated_heading: Option<String>,
    first_line_title: Option<String>,
    /// `Date:` values.
    dates: Vec<String>,
    /// Lines that may state the outage's span: (line, text, Some(true) = start, Some(false) = end).
    spans: Vec<(usize, String, Option<bool>)>,
    /// A `Detected:` value and its line.
    detected: Option<(usize, String)>,
    /// A `Detected by:` value: how it was detected, in words.
    detected_by: Option<String>,
    severity: Option<String>,
    /// A `Timezone:` value and its line.
    zone: Option<(usize, String)>,
    summary: Acc,
    impact: Acc,
    root_cause: Acc,
    resolution: Acc,
    preamble: Acc,
}

fn read_fields(lines: &[Line], tags: &[Section]) -> Fields {
    let mut f = Fields::default();
    // (field, indent, opened by an item)
    let mut pending: Option<(Field, usize, bool)> = None;
    let first_text = lines.iter().position(|l| l.kind != Kind::Blank);
    let mut seen_heading = false;
    // Under a `## Date` heading, the first line gives the day (`2025-03-26`).
    let mut date_heading = false;
    // Whether a line of the timeline came before this one.
    let mut timeline_seen = false;
    for (i, line) in lines.iter().enumerate() {
        let sec = tags[i];
        let timeline_before = timeline_seen;
        timeline_seen |= sec == Section::Timeline;
        if date_heading && matches!(line.kind, Kind::Text(_) | Kind::Item { .. }) {
            date_heading = false;
            f.dates.push(line.text());
        }
        match &line.kind {
            Kind::Heading { text, level } => {
                pending = None;
                // Only headings that may name the field are read as one (most are not).
                let may_name_date = text.len() <= 40
                    && text.as_bytes().windows(3).any(|w| {
                        w.eq_ignore_ascii_case(b"dat")
                            || w.eq_ignore_ascii_case(b"day")
                            || w.eq_ignore_ascii_case(b"whe")
                    });
                date_heading = may_name_date
                    && section_of(text).is_none()
                    && matches!(field_of(text), Some(Field::Date));
                heading_span(&mut f, line.no, text);
                for acc in [
                    &mut f.summary,
                    &mut f.impact,
                    &mut f.root_cause,
                    &mut f.resolution,
                    &mut f.preamble,
                ] {
                    acc.blank();
                }
                // "# Post-Incident Summary: Cart API rollback": a section's name, then the
                // incident's, in the document's own heading — the name after the colon.
                let subject = (*level == 1)
                    .then(|| text.split_once(": "))
                    .flatten()
                    .filter(|(head, rest)| {
                        section_of(head).is_some() && rest.split_whitespace().count() >= 2
                    })
                    .map(|(_, rest)| rest.trim());
                let text = subject.unwrap_or(text);
                let known = subject.is_none() && section_of(text).is_some();
                let first_heading = !seen_heading;
                seen_heading = true;
                let usable = !known
                    && !is_generic_title(text)
                    && !is_metadata_line(text)
                    && !timeline::heading_date_like(text)
                    && text.chars().count() <= 150;
                // The first heading, an H1, or an early heading that names the incident.
                let names_incident = {
                    let l = text.to_lowercase();
                    [
                        "outage",
                        "incident",
                        "postmortem",
                        "post-mortem",
                        "failure",
                        "downtime",
                    ]
                    .iter()
                    .any(|w| l.contains(w))
                };
                if usable
                    && f.heading_title.is_none()
                    && (first_heading || *level == 1 || (names_incident && *level <= 2))
                {
                    f.heading_title = Some(text.to_string());
                } else if f.dated_heading.is_none()
                    // Before the story is told: a dated heading in an appendix after the
                    // timeline (`**January 22, 2026 incident:**` over an older log) names
                    // another day.
                    && !timeline_before
                    && (*level == 1 || (names_incident && *level <= 2))
                    && timeline::dates_in(text, DateHints::default()).len() == 1
                {
                    f.dated_heading = Some(text.to_string());
                }
                continue;
            }
            Kind::Blank => {
                if pending.is_some_and(|(_, _, item)| !item) {
                    pending = None;
                }
                for acc in [
                    &mut f.summary,
                    &mut f.impact,
                    &mut f.root_cause,
                    &mut f.resolution,
                    &mut f.preamble,
                ] {
                    acc.blank();
                }
                continue;
            }
            Kind::Item { .. } | Kind::Text(_) | Kind::Row(_) => {}
            _ => continue,
        }
        if matches!(
            sec,
            Section::Timeline
                | Section::Actions
                | Section::Lessons
                | Section::WentWell
                | Section::WentWrong
                | Section::Lucky
        ) {
            pending = None;
            continue;
        }
        let text = line.text();
        let is_item = matches!(line.kind, Kind::Item { .. });
        // A header table's `| **Detected** | `2022-04-28 10:34` |` row reads like `Detected: ...`,
        // and so do `| **Times** | EDT (UTC−4) |` and `| **Detected by** | … |`.
        if let Kind::Row(cells) = &line.kind
            && let [label, value] = cells.as_slice()
        {
            let bare = |c: &str| {
                c.trim_matches(|ch: char| matches!(ch, '*' | '_' | '`') || ch.is_whitespace())
                    .to_string()
            };
            if let Some(
                field @ (Field::Start
                | Field::End
                | Field::Detected
                | Field::DetectedBy
                | Field::Zone),
            ) = field_of(&bare(label))
            {
                route(&mut f, field, line, &bare(value));
                continue;
            }
        }
        if Some(i) == first_text
            && matches!(line.kind, Kind::Text(_))
            && text.chars().count() <= 100
            && !text.ends_with(['.', ':'])
            && !is_generic_title(&text)
            && !is_metadata_line(&text)
            && split_label(&text).is_none_or(|(label, _)| is_generic_title(label))
            && lines
                .get(i + 1)
                .is_none_or(|n| matches!(n.kind, Kind::Blank | Kind::Heading { .. } | Kind::Rule))
        {
            f.first_line_title = Some(text.clone());
            continue;
        }
        if let Some((field, indent, from_item)) = pending {
            let inside = if from_item {
                line.indent > indent
            } else {
                true
            };
            if inside {
                route(&mut f, field, line, &sub_value(field, &text));
                continue;
            }
            pending = None;
        }
        if let Some((label, value)) =
            split_label(&text).or_else(|| text.split_once(" - ").map(|(a, b)| (a.trim(), b.trim())))
            && let Some(field) = field_of(label)
        {
            if value.is_empty() {
                pending = Some((field, line.indent, is_item));
            } else {
                route(&mut f, field, line, value);
            }
            continue;
        }
        let acc = match sec {
            Section::Summary => &mut f.summary,
            Section::Impact => &mut f.impact,
            Section::RootCause | Section::RootCauseResolution => &mut f.root_cause,
            Section::Resolution => &mut f.resolution,
            // `Authors: …`, `Status: …` above the story are about the document: no summary.
            Section::Preamble if is_metadata_line(&text) => continue,
            Section::Preamble => &mut f.preamble,
            _ => continue,
        };
        acc.line(line, &text);
        if matches!(sec, Section::Summary | Section::Preamble)
            && super::lexicon::duration_signal(&text).is_some()
        {
            f.spans.push((line.no, text.clone(), None));
        }
    }
    f
}

/// A heading that states the outage's span after a summary's or a duration's label ("Issue
/// Summary: Duration: 2 hours (9:00 AM - 11:00 AM, UTC)") states it as a summary line does.
fn heading_span(f: &mut Fields, no: usize, text: &str) {
    let Some((label, value)) = split_label(text) else {
        return;
    };
    if matches!(
        field_of(label),
        Some(Field::Duration | Field::Section(Section::Summary))
    ) && super::lexicon::duration_signal(value).is_some()
    {
        f.spans.push((no, value.to_string(), None));
    }
}

/// Under a `Duration:` label, `Start time - X` / `End: Y` lines say which end they are.
fn sub_value(field: Field, text: &str) -> String {
    let _ = field;
    text.to_string()
}

fn route(f: &mut Fields, field: Field, line: &Line, value: &str) {
    match field {
        Field::Title => {
            if f.title.is_none() {
                f.title = Some(value.to_string());
            }
        }
        Field::Date => {
            f.dates.push(value.to_string());
            // "Date of incident: 6 Nov 2022 between 12:39 UTC and 17:17 UTC": the day and the
            // outage's span in one field; a stamp (`date: 2023-06-09 17:02:44 +0000`) is not.
            if super::lexicon::duration_signal(value).is_some() {
                f.spans.push((line.no, value.to_string(), None));
            }
        }
        Field::Duration => f.spans.push((line.no, value.to_string(), None)),
        Field::Start => f.spans.push((line.no, value.to_string(), Some(true))),
        Field::End => f.spans.push((line.no, value.to_string(), Some(false))),
        Field::Detected => {
            if f.detected.is_none() {
                f.detected = Some((line.no, value.to_string()));
            }
        }
        Field::DetectedBy => {
            if f.detected_by.is_none() {
                f.detected_by = Some(clean_line(value));
            }
        }
        Field::Severity => {
            // "SEV3. Status: resolved." / "P2 (major)" / "High, customer-facing": the label only.
            let label = value
                .split([';', ',', '(', '|'])
                .next()
                .unwrap_or(value)
                .split(". ")
                .next()
                .unwrap_or(value)
                .trim()
                .trim_end_matches('.');
            if f.severity.is_none() && !label.is_empty() && label.chars().count() <= 24 {
                f.severity = Some(label.to_string());
            }
        }
        Field::Zone => f.zone = Some((line.no, value.to_string())),
        Field::Section(s) => {
            let acc = match s {
                Section::Summary => &mut f.summary,
                Section::Impact => &mut f.impact,
                Section::Resolution => &mut f.resolution,
                _ => &mut f.root_cause,
            };
            let _ = line;
            acc.blank();
            acc.text(value);
            acc.blank();
            if s == Section::Summary && super::lexicon::duration_signal(value).is_some() {
                f.spans.push((line.no, value.to_string(), None));
            }
            // "Impact: the node out of the cluster ~5.5 h (16:28–21:54)": an impact field that
            // gives both ends of its window states the outage's span.
            if s == Section::Impact
                && timeline::span_in(value, DateHints::default(), None)
                    .is_some_and(|(a, b, _)| a.is_some() && b.is_some())
            {
                f.spans.push((line.no, value.to_string(), None));
            }
        }
    }
}

fn title_of(path: &Path, f: &Fields) -> String {
    let from_text = || {
        [&f.summary, &f.preamble, &f.impact, &f.root_cause]
            .iter()
            .filter_map(|a| a.finish())
            .find_map(|s| {
                let first = s
                    .lines()
                    .find(|l| !l.trim().is_empty() && !is_metadata_line(l))?
                    .trim_start_matches("- ")
                    .to_string();
                let sentence = timeline::sentences(&first).first()?.trim().to_string();
                // "From 9:05 to 12:20 GMT on 2024-10-08, the reports service failed" → the
                // part after the time clause.
                // The clause ends at a comma that is not inside a date (`Between 18:30 on May 2,
                // 2025 and 06:15 on May 3, 2025 (UTC), the relay …` ends after `(UTC)`).
                let timed = |s: &str| {
                    !timeline::times_in(&timeline::normalise(s), DateHints::default()).is_empty()
                        || !timeline::dates_in(s, DateHints::default()).is_empty()
                };
                let time_clause_end = sentence
                    .match_indices(", ")
                    .map(|(p, _)| p)
                    .find(|&p| !sentence[p + 2..].starts_with(|c: char| c.is_ascii_digit()));
                let sentence = match time_clause_end {
                    Some(p)
                        if sentence[p + 2..].split_whitespace().count() >= 3
                            && timed(&sentence[..p]) =>
                    {
                        capitalise(&sentence[p + 2..])
                    }
                    _ => sentence,
                };
                // "The outage hit the store: pages were slow" → "The outage hit the store".
                let clause = [": ", "; ", " — "]
                    .iter()
                    .filter_map(|sep| sentence.find(sep))
                    .min();
                let sentence = match clause {
                    Some(p) if sentence[..p].split_whitespace().count() >= 3 => {
                        sentence[..p].to_string()
                    }
                    _ => sentence,
                };
                // A long sentence keeps its main clause: "The outage affected our platform,
                // resulting in slowdowns and ..." → "The outage affected our platform".
                let sentence = match sentence.find(", ") {
                    Some(p)
                        if sentence.chars().count() > 60
                            && sentence[..p].split_whitespace().count() >= 4 =>
                    {
                        sentence[..p].to_string()
                    }
                    _ => sentence,
                };
                (!sentence.is_empty()).then(|| shorten(sentence.trim_end_matches('.'), 80))
            })
    };
    let title = f
        .title
        .clone()
        .or_else(|| f.heading_title.clone())
        .or_else(|| f.first_line_title.clone())
        .or_else(from_text)
        .or_else(|| {
            path.file_stem()
                .map(|s| s.to_string_lossy().replace(['-', '_'], " "))
        })
        .unwrap_or_else(|| "Untitled incident".to_string());
    let cleaned = clean_line(&title);
    let t = strip_leading_day(strip_report_prefix(lines::unquoted(&cleaned).trim())).to_string();
    if t.is_empty() {
        "Untitled incident".to_string()
    } else {
        t
    }
}

/// A line about the document, not a name for the incident: who owns or attended it
/// (`Owner: @jo`, `Authors: …`), where something else lives (`Internal post-mortem: https://…`).
fn is_metadata_line(text: &str) -> bool {
    const LABELS: &[&str] = &[
        "owner",
        "owners",
        "author",
        "authors",
        "by",
        "written by",
        "prepared by",
        "involved",
        "participants",
        "attendees",
        "reviewers",
        "reviewed by",
        "editor",
        "contact",
        "status",
        "meeting",
        "call recording",
        "recording",
        "incident commander",
        "incident leader",
        "incident lead",
        "incident manager",
        "leader",
        "lead",
        "scribe",
        "responders",
        "ic",
        "tags",
        "category",
        "layout",
    ];
    text.contains("://")
        || split_label(text).is_some_and(|(label, _)| {
            LABELS.contains(&label.to_lowercase().as_str())
                || label.to_lowercase().starts_with("meeting")
        })
}

/// "Postmortem: Session cache eviction storm" → "Session cache eviction storm": the kind of
/// document is not the incident's name. The prefix stays when what follows is not a name on its
/// own ("Post Mortem Covering 11 April to 23 April").
fn strip_report_prefix(title: &str) -> &str {
    const PREFIXES: &[&str] = &[
        "postmortem",
        "post-mortem",
        "post mortem",
        "incident report",
        "incident postmortem",
        "incident review",
        "pir",
        "rca",
        "root cause analysis",
    ];
    for p in PREFIXES {
        let Some(head) = title.get(..p.len()) else {
            continue;
        };
        if !head.eq_ignore_ascii_case(p) {
            continue;
        }
        let rest = &title[p.len()..];
        let rest_trim = rest.trim_start_matches([' ', ':', '-', '–', '—', '|']);
        let first = rest_trim
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_lowercase();
        let fragment = [
            "and",
            "&",
            "with",
            "covering",
            "for",
            "of",
            "on",
            "about",
            "regarding",
            "into",
            "from",
            "to",
        ]
        .contains(&first.as_str());
        if rest_trim.len() < rest.len() && rest_trim.split_whitespace().count() >= 2 && !fragment {
            return rest_trim.trim();
        }
    }
    title
}

/// "30-09-2024 - All instances unavailable" → "All instances unavailable", "July 21 2025:
/// Hub pods dying" → "Hub pods dying": a day written before the name, parted from it by a dash,
/// a colon or a bar, is the incident's date (read from the heading as it was written, and
/// shown beside the title), not its name. The title stays whole when fewer than two words
/// would be left.
fn strip_leading_day(title: &str) -> &str {
    let Some((at, sep)) = [" - ", " – ", " — ", ": ", " | "]
        .iter()
        .filter_map(|sep| title.find(sep).map(|at| (at, sep.len())))
        .min()
    else {
        return title;
    };
    let rest = title[at + sep..].trim();
    if rest.split_whitespace().count() >= 2
        && crate::ingest::clock::parse_date(title[..at].trim()).is_some()
    {
        rest
    } else {
        title
    }
}

/// The span as stated, with where it was read.
#[derive(Debug, Default)]
struct SpanFound {
    /// Lines the span was read from (kept out of prose events).
    lines: Vec<usize>,
    start: Option<(ParsedTime, Inference)>,
    end: Option<(ParsedTime, Inference)>,
    /// When a `Detected:` field says the incident was detected.
    detected: Option<(ParsedTime, Inference)>,
    /// How it was detected, in words: a `Detected by:` field, or a `Detection:` field that
    /// gives no time.
    detected_by: Option<String>,
}

fn find_span(f: &Fields, hints: DateHints) -> SpanFound {
    let mut out = SpanFound::default();
    if let Some((no, text)) = &f.detected
        && let Some((Some(at), _, matched)) = timeline::span_in(text, hints, Some(true))
    {
        out.lines.push(*no);
        out.detected = Some((at, Inference::new(RuleId::MilestoneStatedField, matched)));
    }
    out.detected_by = f.detected_by.clone().or_else(|| {
        f.detected
            .as_ref()
            .filter(|_| out.detected.is_none())
            .map(|(_, text)| clean_line(text))
    });
    for (no, text, role) in &f.spans {
        // A sentence of what happens as a rule ("the job normally runs 1-3am ET") states no
        // span of this incident, nor one of the data lost ("we lost modifications … that took
        // place between 17:20 and 00:00 UTC": when the lost writes were made, not the outage):
        // it is left out of the text read.
        let aside = |s: &str| timeline::habitual(s) || tells_lost_data(s);
        let told: std::borrow::Cow<'_, str> = if aside(text) {
            timeline::sentences(text)
                .into_iter()
                .filter(|s| !aside(s))
                .collect::<Vec<_>>()
                .join(" ")
                .into()
        } else {
            text.as_str().into()
        };
        let Some((start, end, matched)) = timeline::span_in(&told, hints, *role) else {
            continue;
        };
        out.lines.push(*no);
        let why = Inference::new(RuleId::MilestoneDuration, matched);
        if out.start.is_none()
            && let Some(s) = start
        {
            out.start = Some((s, why.clone()));
            // An end from the same sentence belongs with this start.
            if let Some(e) = end {
                out.end = Some((e, why));
            }
            continue;
        }
        if out.end.is_none()
            && let Some(e) = end
        {
            out.end = Some((e, why));
        }
    }
    // A zone written on one end only applies to both.
    if let (Some((s, _)), Some((e, _))) = (&mut out.start, &mut out.end) {
        if s.offset.is_none() {
            s.offset = e.offset;
        }
        if e.offset.is_none() {
            e.offset = s.offset;
        }
    }
    out
}

/// Whether a sentence tells of data lost ("we lost modifications to database data", "any data
/// between 5:20pm and 11:25pm is lost", "data loss"): a word of losing and a word for data.
fn tells_lost_data(sentence: &str) -> bool {
    let low = sentence.to_lowercase();
    let has = |list: &[&str]| {
        low.split(|c: char| !c.is_alphanumeric())
            .any(|w| list.contains(&w))
    };
    has(&["lost", "loss", "lose", "losing"])
        && has(&[
            "data",
            "writes",
            "modifications",
            "records",
            "rows",
            "transactions",
        ])
}

/// The day a note says every entry is on unless it says otherwise: "Unless otherwise noted,
/// all times are on 2019-10-21", "All events happened on March 3, 2024".
fn default_day(lines: &[Line], hints: DateHints) -> Option<NaiveDate> {
    const SAYS_ALL: &[&str] = &[
        "unless otherwise",
        "unless noted otherwise",
        "unless stated otherwise",
        "all times are on",
        "all times on",
        "all events are on",
        "all events happened on",
        "all events occurred on",
        "all events took place on",
        "all entries are on",
        "everything happened on",
        "everything below happened on",
    ];
    // The phrases in any (ASCII) case, found in one pass over each line without copying it.
    static SAYS_ALL_ANY_CASE: std::sync::LazyLock<aho_corasick::AhoCorasick> =
        std::sync::LazyLock::new(|| {
            aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(SAYS_ALL)
                .expect("fixed phrases compile")
        });
    lines.iter().find_map(|l| {
        let (Kind::Text(text) | Kind::Item { text, .. } | Kind::Heading { text, .. }) = &l.kind
        else {
            return None;
        };
        if !SAYS_ALL_ANY_CASE.is_match(text.as_str()) {
            return None;
        }
        timeline::dates_in(text, hints).first().map(|(_, d)| *d)
    })
}

/// Read clock-only entries on `day`, the day a note gives them all: it is where the timeline
/// starts, and an entry with a date of its own does not move the entries after it.
fn hold_the_stated_day(entries: &mut Vec<Entry>, day: NaiveDate) {
    let dated = |e: &Entry| {
        matches!(e, Entry::Event(Draft { when: When::At(p), .. }) if p.date.is_some())
            || matches!(
                e,
                Entry::Event(Draft {
                    when: When::Day(..),
                    ..
                })
            )
    };
    let mut out = Vec::with_capacity(entries.len() + 1);
    out.push(Entry::SetDate(day));
    for e in entries.drain(..) {
        let again = dated(&e);
        out.push(e);
        if again {
            out.push(Entry::SetDate(day));
        }
    }
    *entries = out;
}

/// The year a file's path gives, and the day when its name starts with one: a folder named
/// for the year (`incidents/2023/0412-dns.md`) or a name that starts with a date
/// (`2023-04-12-dns.md`, `2023_04_12_dns.md`); the name nearest the file wins. Years 1990 to
/// 2100 only, so `0412` or a ticket number is never one.
fn date_in_path(path: &Path) -> Option<(i32, Option<NaiveDate>)> {
    let year_of = |s: &str| {
        s.get(..4)
            .filter(|y| y.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|y| y.parse::<i32>().ok())
            .filter(|y| (1990..=2100).contains(y))
    };
    let stem = path.file_stem()?.to_str()?;
    let named_day = || {
        let b = stem.as_bytes();
        let sep = *b.get(4)?;
        if !matches!(sep, b'-' | b'_') || b.get(7) != Some(&sep) {
            return None;
        }
        let two = |i: usize| stem.get(i..i + 2)?.parse::<u32>().ok();
        NaiveDate::from_ymd_opt(year_of(stem)?, two(5)?, two(8)?)
    };
    if let Some(d) = named_day() {
        return Some((d.year(), Some(d)));
    }
    let glued_year = |s: &str| {
        let after = s.as_bytes().get(4);
        year_of(s).filter(|_| after.is_none_or(|b| matches!(b, b'-' | b'_' | b'.')))
    };
    std::iter::once(stem)
        .chain(
            path.ancestors()
                .skip(1)
                .filter_map(|a| a.file_name()?.to_str()),
        )
        .find_map(glued_year)
        .map(|y| (y, None))
}

/// Whether the entries' days span more than half a year (only then can one be in the wrong
/// year: [`settle_yearless_dates`] is asked only then).
fn dated_over_half_a_year(entries: &[Entry]) -> bool {
    let days = entries.iter().filter_map(|e| match e {
        Entry::Event(Draft {
            when: When::At(ParsedTime { date: Some(d), .. }) | When::Day(d, _),
            ..
        }) => Some(*d),
        _ => None,
    });
    let (mut first, mut last) = (None::<NaiveDate>, None::<NaiveDate>);
    for d in days {
        first = Some(first.map_or(d, |f| f.min(d)));
        last = Some(last.map_or(d, |l| l.max(d)));
    }
    matches!((first, last), (Some(f), Some(l)) if (l - f).num_days() > 183)
}

/// Entries whose day was written without a year (their line has no four-digit year in it)
/// and came out more than half a year from `stated` (the day the file states with its year):
/// moved to the year that puts them nearest it. A lead-up entry `[12-05 16:21]` in a report of
/// March 26th, 2019 is December 2018; `Jan 2 09:00` in a report of December 30th, 2019 is
/// January 2020.
fn settle_yearless_dates(entries: &mut [Entry], lines: &[Line], stated: NaiveDate) {
    const HALF_YEAR: i64 = 183;
    for e in entries.iter_mut() {
        let Entry::Event(d) = e else { continue };
        let day = match &mut d.when {
            When::At(p) => match p.date.as_mut() {
                Some(day) => day,
                None => continue,
            },
            When::Day(day, _) => day,
            _ => continue,
        };
        let apart = (*day - stated).num_days();
        let years = if apart > HALF_YEAR {
            -1
        } else if apart < -HALF_YEAR {
            1
        } else {
            continue;
        };
        let written = lines::numbered(lines, d.line)
            .map(Line::text)
            .unwrap_or_default();
        if written.contains(&day.year().to_string()) {
            continue;
        }
        if let Some(moved) = day.with_year(day.year() + years) {
            *day = moved;
        }
    }
}

fn find_date(
    f: &Fields,
    lines: &[Line],
    tags: &[Section],
    entries: &[Entry],
    hints: DateHints,
) -> Option<NaiveDate> {
    let from_fields = f.dates.iter().find_map(|d| {
        timeline::dates_in(d, hints)
            .first()
            .map(|(_, d)| *d)
            .or_else(|| crate::ingest::clock::parse_time_with(d, hints).and_then(|p| p.date))
            .or_else(|| compact_date(d, hints))
    });
    // The day it ended (`Resolved: 2022-04-29 12:01`) is not the incident's day.
    let from_spans = || {
        f.spans
            .iter()
            .filter(|(_, _, role)| *role != Some(false))
            .find_map(|(_, t, _)| timeline::dates_in(t, hints).first().map(|(_, d)| *d))
    };
    // The timeline's first day: the first day heading or dated entry; with `timed`, the first
    // day with a time on it (or a row dated on its own) — days whose entries have no time
    // (`### 2021-04-12` `- the platform was added`) are lead-up told in words, not the
    // incident's day.
    // A timed entry before any day is written (`4.50pm: …` under a title that dates the
    // incident, then `2018-11-13` opening the second day) is on a day the timeline does not
    // give: the timeline has no first day of its own, and a later day marker is not it.
    let first_day = |timed: bool| {
        let mut day = None;
        for e in entries {
            match e {
                Entry::SetDate(d) if timed => day = Some(*d),
                Entry::SetDate(d) => return Some(*d),
                Entry::Event(Draft {
                    when: When::At(p), ..
                }) => return p.date.or(day),
                Entry::Event(Draft {
                    when: When::Day(d, _),
                    ..
                }) => return Some(*d),
                _ => {}
            }
        }
        None
    };
    let from_text = || {
        lines.iter().zip(tags).find_map(|(l, t)| {
            if *t == Section::Actions {
                return None;
            }
            timeline::dates_in(&l.text(), hints)
                .first()
                .map(|(_, d)| *d)
        })
    };
    // A timeline that opens with lead-up from weeks before (`[12-05] the bug is merged` in a
    // report titled `March 26th, 2019 outage`): the title's day is the incident's.
    const LEAD_UP_DAYS: i64 = 7;
    let from_title_over_lead_up = || {
        let first = first_day(false)?;
        [&f.title, &f.heading_title]
            .into_iter()
            .flatten()
            .find_map(|t| timeline::dates_in(t, hints).first().map(|(_, d)| *d))
            .filter(|t| (*t - first).num_days() > LEAD_UP_DAYS)
    };
    // The timeline's own first day before a day in a sentence that tells a span ("for about
    // three hours starting on January 28"): such sentences often date what followed, or the
    // request that came the day before.
    // A date field stamped with a time of day (`date: 2021-01-29 18:54:16 +0000`, a blog
    // post's front matter) says when it was written: a span told in the text up to three months
    // before it ("On January 28th, 2021 … from ~13:22 PST to ~16:17 PST") dates the incident.
    const WRITTEN_AFTER_DAYS: i64 = 92;
    let stamped = f.dates.first().is_some_and(|d| {
        crate::ingest::clock::parse_time_with(d, hints)
            .is_some_and(|p| p.date.is_some() && p.time != chrono::NaiveTime::MIN)
    });
    // A title that dates the incident ("Incident Report for Nov 18, 2025") up to three months
    // before the date field (a blog post's `date: 2025/11/20`): the field dates the writing.
    // A numeric date that reads both ways (`4/10/2014` in a post dated 2014-04-11) is read the
    // way that puts it before the writing: a postmortem is written after its incident.
    let title_before = |written: NaiveDate| {
        let flipped = DateHints {
            month_first: !hints.month_first,
            ..hints
        };
        [&f.title, &f.heading_title, &f.dated_heading]
            .into_iter()
            .flatten()
            .find_map(|t| {
                [hints, flipped].into_iter().find_map(|h| {
                    timeline::dates_in(t, h)
                        .first()
                        .map(|(_, d)| *d)
                        .filter(|t| *t < written && (written - *t).num_days() <= WRITTEN_AFTER_DAYS)
                })
            })
    };
    // A post stamped with its time of writing that tells of "last night's outage" or of what
    // happened "yesterday" (its title, or its opening lines), whose first clock is later in the
    // day than the writing: the incident began the day before. (Written at 10:00 of "last
    // night" from 01:10: the same day.)
    let written_at = f.dates.first().and_then(|d| {
        crate::ingest::clock::parse_time_with(d, hints)
            .filter(|p| p.date.is_some())
            .map(|p| p.time)
    });
    let first_clock = entries.iter().find_map(|e| match e {
        Entry::Event(Draft {
            when: When::At(p), ..
        }) if p.date.is_none() => Some(p.time),
        _ => None,
    });
    let told_the_day_before = |written: NaiveDate| {
        if first_clock.zip(written_at).is_none_or(|(c, w)| c <= w) {
            return None;
        }
        let opening = lines
            .iter()
            .zip(tags)
            .filter(|(l, t)| {
                matches!(l.kind, Kind::Text(_)) && matches!(t, Section::Preamble | Section::Summary)
            })
            .take(3)
            .map(|(l, _)| l.text());
        let said = [&f.title, &f.heading_title]
            .into_iter()
            .flatten()
            .cloned()
            .chain(opening)
            .any(|t| {
                let t = t.to_lowercase();
                ["last night", "yesterday"]
                    .iter()
                    .any(|w| crate::ingest::lexicon::find_phrase(&t, w).is_some())
            });
        said.then(|| written.pred_opt()).flatten()
    };
    let from_fields = match from_fields {
        Some(written) if stamped => from_spans()
            .filter(|s| *s < written && (written - *s).num_days() <= WRITTEN_AFTER_DAYS)
            .or_else(|| title_before(written))
            .or_else(|| told_the_day_before(written))
            .or(Some(written)),
        Some(written) => title_before(written).or(Some(written)),
        d => d,
    };
    from_fields
        .or_else(from_title_over_lead_up)
        .or_else(|| first_day(true))
        .or_else(|| first_day(false))
        .or_else(from_spans)
        .or_else(from_text)
}

/// A `Date:` field written as six digits (`Date: 070923`): the day, the month and the year's
/// last two digits, in the order the file writes its numeric dates (day first unless it shows
/// month first), in this century. `None` for any other value or an impossible date. Six digits
/// read three ways, so the caller says how it read them.
fn compact_date(value: &str, hints: DateHints) -> Option<NaiveDate> {
    let v = value.trim();
    if v.len() != 6 || !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = |r: std::ops::Range<usize>| v[r].parse::<u32>().ok();
    let (a, b, year) = (n(0..2)?, n(2..4)?, n(4..6)?);
    let (day, month) = if hints.month_first { (b, a) } else { (a, b) };
    NaiveDate::from_ymd_opt(2000 + i32::try_from(year).ok()?, month, day)
}

/// The incident's day checked against the weekday its timeline writes on entries without a
/// date (`Thurs 07:06 PDT: …`): when `day` falls on another weekday, the day written elsewhere
/// in the file (its title, a field, a sentence) that falls on that weekday, within a month of
/// `day`, is the incident's: a blog post's front matter dates the post, days after the
/// incident. `day` itself when the entries name no weekday, disagree, or no such day is written.
fn day_of_the_entries_weekday(
    day: NaiveDate,
    lines: &[Line],
    tags: &[Section],
    entries: &[Entry],
    hints: DateHints,
) -> NaiveDate {
    use chrono::Datelike;
    let mut named = entries.iter().filter_map(|e| match e {
        Entry::Event(Draft {
            when: When::At(ParsedTime { date: None, .. }),
            line,
            ..
        }) => {
            let text = lines::numbered(lines, *line)?.text();
            let first = text.split_whitespace().next()?;
            crate::ingest::clock::weekday(first.trim_end_matches([',', '.', ':']))
        }
        _ => None,
    });
    let Some(weekday) = named.next() else {
        return day;
    };
    if named.any(|w| w != weekday) || day.weekday().num_days_from_monday() == weekday {
        return day;
    }
    lines
        .iter()
        .zip(tags)
        .filter(|(_, t)| **t != Section::Actions)
        .flat_map(|(l, _)| timeline::dates_in(&l.text(), hints))
        .map(|(_, d)| d)
        .find(|d| {
            d.weekday().num_days_from_monday() == weekday && (*d - day).num_days().abs() <= 31
        })
        .unwrap_or(day)
}

/// Whether `day` is written as the incident's: in a `Date:` field (or front matter) or the title.
fn states_the_date(f: &Fields, day: NaiveDate, hints: DateHints) -> bool {
    f.dates
        .iter()
        .chain(&f.title)
        .chain(&f.heading_title)
        .any(|t| timeline::dates_in(t, hints).iter().any(|(_, d)| *d == day))
}

/// The zone the incident is told in, and the line that says so (0: the whole file).
struct ZoneFound {
    note: timeline::ZoneNote,
    line: usize,
}

/// `Timezone:` line, else an "(all times UTC)" note, else a zone in the timeline's heading or
/// its table's time column or a dated heading (`### 2025-01-01 (UTC)`), else the span's, else
/// the first zone written on an entry.
fn find_zone(
    f: &Fields,
    lines: &[Line],
    tags: &[Section],
    span: &SpanFound,
    entries: &[Entry],
) -> Option<ZoneFound> {
    let fixed = |o: FixedOffset| timeline::ZoneNote {
        zone: Zone::Fixed(o),
        written: o.to_string(),
    };
    let from_field = f.zone.as_ref().and_then(|(line, z)| {
        let note = parse_zone(z.trim())
            .map(|zone| timeline::ZoneNote {
                zone,
                written: z.trim().to_string(),
            })
            .or_else(|| timeline::zone_note(&format!("timezone {z}")))?;
        Some(ZoneFound { note, line: *line })
    });
    // A note may wrap onto the next line of its paragraph ("... all times are in" / "UTC.").
    let from_note = || {
        lines.iter().enumerate().find_map(|(i, l)| {
            let text = l.text();
            let note = timeline::zone_note(&text)
                .or_else(|| match (&l.kind, lines.get(i + 1)) {
                    (Kind::Text(_), Some(next)) if matches!(next.kind, Kind::Text(_)) => {
                        timeline::zone_note(&format!("{text} {}", next.text()))
                    }
                    _ => None,
                })
                .or_else(|| timeline::zone_columns(&text))?;
            Some(ZoneFound { note, line: l.no })
        })
    };
    let from_heading = || {
        lines.iter().zip(tags).find_map(|(l, t)| match &l.kind {
            Kind::Heading { text, .. } if *t == Section::Timeline => {
                timeline::bracketed_zone(text).map(|note| ZoneFound { note, line: l.no })
            }
            _ => None,
        })
    };
    // A zone in brackets in the paragraph just above the first entry, under the same heading,
    // whatever its language ("Локальное время ноды (+0500).", "Horaires (UTC+1) :"): the
    // timeline's clocks.
    // The line of the timeline's first entry: the intro and a zone line stand above it.
    let first_entry = entries.iter().find_map(|e| match e {
        Entry::Event(d) => Some(d.line),
        _ => None,
    });
    let from_timeline_intro = || {
        let first = first_entry?;
        lines
            .iter()
            .rev()
            .skip_while(|l| l.no >= first)
            .take_while(|l| !matches!(l.kind, Kind::Heading { .. }))
            .find_map(|l| match l.kind {
                Kind::Text(_) => {
                    let text = l.text();
                    timeline::zone_in_brackets(&text)
                        .or_else(|| timeline::place_after_time_word(&text))
                        .map(|note| ZoneFound { note, line: l.no })
                }
                _ => None,
            })
    };
    // A line that is a zone alone (`**CET**`) right above the timeline's first entry.
    let from_zone_line = || {
        let first = first_entry?;
        let l = lines
            .iter()
            .rev()
            .skip_while(|l| l.no >= first)
            .find(|l| !matches!(l.kind, Kind::Blank))?;
        match l.kind {
            // Or the header of a table written without pipes around it, which the dashes under
            // it made a heading (`Time (Pacific) | Description` / `------`).
            Kind::Text(_) | Kind::Heading { .. } => {
                let text = l.text();
                timeline::zone_alone(&text)
                    .or_else(|| timeline::place_after_time_word(&text))
                    .map(|note| ZoneFound { note, line: l.no })
            }
            _ => None,
        }
    };
    // A half of a pair (`10:45 EDT`) on one entry among others written in UTC is that entry's
    // clock, not the timeline's: it speaks for the timeline when most timed entries have it.
    // Each entry zone counted once (a few distinct zones at most), not once per entry asked.
    let mut timed = 0;
    let mut counts: Vec<(Zone, usize)> = Vec::new();
    for e in entries {
        let Entry::Event(d) = e else { continue };
        timed += usize::from(matches!(d.when, When::At(_)));
        if let Some(z) = d.zone {
            match counts.iter_mut().find(|(c, _)| *c == z) {
                Some((_, n)) => *n += 1,
                None => counts.push((z, 1)),
            }
        }
    }
    let speaks_for_timeline = |zone: Zone| {
        matches!(zone, Zone::Region(_)) || counts.iter().any(|&(z, n)| z == zone && 2 * n >= timed)
    };
    let from_entry_zone = || {
        entries.iter().find_map(|e| match e {
            Entry::Event(d) => d
                .zone
                .filter(|z| speaks_for_timeline(*z))
                .map(|zone| ZoneFound {
                    note: timeline::ZoneNote {
                        zone,
                        written: zone.name(),
                    },
                    line: d.line,
                }),
            _ => None,
        })
    };
    // A machine's stamp (`resolvedWhen: 2023-02-15T17:10:15.086Z` in a status page's front
    // matter) is written in UTC whatever zone people wrote the story in: it does not speak for
    // the timeline's clocks (a stamped date field is read last, below).
    let by_people = |(p, why): &(ParsedTime, Inference)| {
        let stamp = why.matched.as_str();
        let machine = stamp.len() >= 13
            && stamp.as_bytes()[..10]
                .iter()
                .filter(|b| b.is_ascii_digit())
                .count()
                == 8
            && stamp
                .as_bytes()
                .get(10)
                .is_some_and(|b| b.eq_ignore_ascii_case(&b'T'));
        // Only a stamp in UTC: one with its own offset (`…T21:40:00-04:00`) was written in it.
        let utc = p.offset.is_some_and(|o| o.local_minus_utc() == 0);
        p.offset.filter(|_| !(machine && utc))
    };
    let from_span = || {
        span.start
            .as_ref()
            .and_then(by_people)
            .or_else(|| span.end.as_ref().and_then(by_people))
            .map(|o| ZoneFound {
                note: fixed(o),
                line: span.lines.first().copied().unwrap_or(0),
            })
    };
    let from_entries = || {
        entries.iter().find_map(|e| match e {
            Entry::Event(Draft {
                when: When::At(p),
                line,
                ..
            }) => p.offset.map(|o| ZoneFound {
                note: fixed(o),
                line: *line,
            }),
            _ => None,
        })
    };
    // Last, a zone written once beside a clock time in a sentence ("from UTC 05:13").
    let from_prose = || {
        lines.iter().find_map(|l| match l.kind {
            Kind::Text(_) | Kind::Item { .. } | Kind::Row(_) | Kind::Heading { .. } => {
                timeline::zone_beside_clock(&l.text()).map(|note| ZoneFound { note, line: l.no })
            }
            _ => None,
        })
    };
    // Failing all else, the offset of a date field stamped with its time of day (a status page's
    // or a blog post's front matter, `date: 2012-02-14 13:02:10 +0100`): the zone its writers
    // keep, and the one its updates' bare clocks are written in.
    let from_stamp = || {
        f.dates.iter().find_map(|d| {
            let p = crate::ingest::clock::parse_time_with(d, DateHints::default())?;
            let o = p.offset.filter(|_| p.date.is_some())?;
            let line = lines
                .iter()
                .find(|l| l.text().contains(d.as_str()))
                .map_or(0, |l| l.no);
            Some(ZoneFound {
                note: fixed(o),
                line,
            })
        })
    };
    // Most timed entries written with the same offset of their own (`Tue Oct 11 12:24:02 UTC:`
    // on each update of a status post whose front matter is stamped `+02:00`): the
    // timeline's clocks are in it, whatever a span or a stamp elsewhere was written in.
    let from_most_entries = || {
        let mut offsets: Vec<(FixedOffset, usize, usize)> = Vec::new();
        for e in entries {
            let Entry::Event(Draft {
                when: When::At(p),
                line,
                zone_filled: false,
                ..
            }) = e
            else {
                continue;
            };
            if let Some(o) = p.offset {
                match offsets.iter_mut().find(|(c, ..)| *c == o) {
                    Some((_, n, _)) => *n += 1,
                    None => offsets.push((o, 1, *line)),
                }
            }
        }
        offsets
            .into_iter()
            .find(|&(_, n, _)| n >= 2 && 2 * n > timed)
            .map(|(o, _, line)| ZoneFound {
                note: fixed(o),
                line,
            })
    };
    from_field
        .or_else(from_note)
        .or_else(from_heading)
        .or_else(from_timeline_intro)
        .or_else(from_zone_line)
        .or_else(from_entry_zone)
        .or_else(from_most_entries)
        .or_else(from_span)
        .or_else(from_entries)
        .or_else(from_prose)
        .or_else(from_stamp)
}

/// Paragraphs outside the timeline (wrapped lines joined), where theories are often ruled out
/// in words ("we suspected the CDN ... it turned out not to be the cause").
fn remarks(lines: &[Line], tags: &[Section]) -> Vec<Remark> {
    let mut out: Vec<Remark> = Vec::new();
    let mut current: Option<Remark> = None;
    // The caption a list sits under (`Ruled out:`, `Things we checked:`): each item of a
    // findings list is its own remark, read with the caption.
    let mut caption: Option<String> = None;
    for (l, t) in lines.iter().zip(tags) {
        let text = l.text();
        // Headings name sections, not theories; an action-item table's rows are its items (a
        // status "did not work" is read as such, see `actions::failed_attempts`), no prose.
        let action_row = *t == Section::Actions && matches!(l.kind, Kind::Row(_) | Kind::TableSep);
        if *t == Section::Timeline
            || action_row
            || text.trim().is_empty()
            || matches!(l.kind, Kind::Heading { .. })
        {
            out.extend(current.take());
            if matches!(l.kind, Kind::Heading { .. }) || *t == Section::Timeline {
                caption = None;
            }
            // An attempt headed with its verdict in brackets ("### Import of the old schema
            // (didn't work)") is a remark of its own.
            if *t != Section::Timeline
                && matches!(l.kind, Kind::Heading { .. })
                && super::branches::headed_with_its_failure(&text)
            {
                out.push(Remark {
                    line: l.no,
                    text: text.trim().to_string(),
                });
            }
            // A heading that rules out what is listed under it ("## Things we tried that did
            // not help", "## Red herrings") is the items' caption, as a `…:` line would be.
            if *t != Section::Timeline
                && matches!(l.kind, Kind::Heading { .. })
                && text.split_whitespace().count() <= 8
                && super::lexicon::Scan::new(&text).ruled_out().is_some()
            {
                caption = Some(format!("{}:", text.trim().trim_end_matches(':')));
            }
            continue;
        }
        let text = text.trim();
        if let Kind::Item { .. } = l.kind
            && l.indent == 0
        {
            out.extend(current.take());
            let text = match &caption {
                Some(c) => format!("{c} {text}"),
                None => text.to_string(),
            };
            current = Some(Remark { line: l.no, text });
            continue;
        }
        if matches!(l.kind, Kind::Text(_)) {
            if text.ends_with(':') && text.split_whitespace().count() <= 8 {
                // The caption is read with each item under it, not on its own.
                out.extend(current.take());
                caption = Some(text.to_string());
                continue;
            } else if current.is_none() {
                caption = None;
            }
        }
        let r = current.get_or_insert_with(|| Remark {
            line: l.no,
            text: String::new(),
        });
        if !r.text.is_empty() {
            r.text.push(' ');
        }
        r.text.push_str(text);
    }
    out.extend(current);
    out
}

/// Whether `text` holds ` before ` (as `str::contains`, with a searcher built once: most
/// lines are asked and few say it).
fn says_before(text: &str) -> bool {
    static BEFORE: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(" before "));
    BEFORE.find(text.as_bytes()).is_some()
}

/// Whether `text` holds ` from ` (see [`says_before`]).
fn says_from(text: &str) -> bool {
    static FROM: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(" from "));
    FROM.find(text.as_bytes()).is_some()
}

/// For each line, whether it comes after a heading that follows the document's first text
/// (the opening paragraphs under the title): parallel to `lines`.
fn past_the_opening(lines: &[Line]) -> Vec<bool> {
    let mut text_seen = false;
    let mut past = false;
    lines
        .iter()
        .map(|l| {
            match l.kind {
                Kind::Heading { .. } if text_seen => past = true,
                Kind::Text(_) => text_seen = true,
                _ => {}
            }
            past
        })
        .collect()
}

/// The line numbers of the paragraphs (runs of text lines) that open with the moment they
/// tell: a time first ("17:00 UTC: …"), or after a word of a point in time and a day at most
/// ("At 02:30 we …", "On February 1st at 17:00 UTC we …", "Around 18:00 UTC we …"). A time
/// later in the sentence ("the export normally finishes by 02:00") is told about, not a moment.
fn paragraphs_opening_with_a_moment(
    lines: &[Line],
    hints: DateHints,
) -> std::collections::HashSet<usize> {
    const LEADS: &[&str] = &[
        "at",
        "on",
        "around",
        "about",
        "approximately",
        "roughly",
        "by",
        "shortly",
        "just",
        "after",
    ];
    let mut out = std::collections::HashSet::new();
    let mut i = 0;
    while i < lines.len() {
        if !matches!(lines[i].kind, Kind::Text(_)) {
            i += 1;
            continue;
        }
        let end = lines[i..]
            .iter()
            .position(|l| !matches!(l.kind, Kind::Text(_)))
            .map_or(lines.len(), |k| i + k);
        let raw = lines[i].text();
        // No digit, no clock (most paragraphs): no normalised copy.
        if !raw.bytes().any(|b| b.is_ascii_digit()) {
            i = end;
            continue;
        }
        let first = timeline::normalise(&raw);
        // Not what happens as a rule ("At 01:00 UTC every night the backup job runs"), nor what
        // would have happened ("Around 01:30 UTC is when the lag would have shown").
        let sentence = timeline::sentences(&first)
            .into_iter()
            .next()
            .unwrap_or_default();
        if timeline::habitual(sentence) || timeline::hypothetical(sentence) {
            i = end;
            continue;
        }
        let opens = timeline::times_in(&first, hints).first().is_some_and(|f| {
            let before: Vec<&str> = first[..f.start].split_whitespace().collect();
            before.is_empty()
                || (before.len() <= 5
                    && LEADS.contains(&before[0].to_ascii_lowercase().as_str())
                    && timeline::is_point_cue(f.cue.as_deref()))
        });
        if opens {
            out.extend(lines[i..end].iter().map(|l| l.no));
        }
        i = end;
    }
    out
}

/// A line's readable text ([`Line::text`]), borrowed when the line holds it whole.
fn line_text(l: &Line) -> std::borrow::Cow<'_, str> {
    match &l.kind {
        Kind::Heading { text, .. } | Kind::Item { text, .. } | Kind::Text(text) => {
            std::borrow::Cow::Borrowed(text)
        }
        _ => std::borrow::Cow::Owned(l.text()),
    }
}

/// Duration figures the document states: `Duration: 15 hours 40 minutes`, `Time to recovery: 68
/// minutes`, `Time to detection: 5 minutes`, `| Incident duration | 3h 45m |`. The label says
/// which duration (TTR or TTD); the value must be a duration and nothing else (a span with
/// clock times is read by `find_span`).
/// A start told only relative to the detection ("impact began about 20 minutes before the
/// alert", "errors started roughly an hour before we were paged"): the time to detect it
/// states, read like a `Time to detect:` figure.
fn start_before_detection(text: &str, line: usize) -> Option<StatedDuration> {
    const STARTS: &[&str] = &[
        "began ",
        "started ",
        "start ",
        "begun ",
        "starting ",
        "beginning ",
    ];
    const NOTICED: &[&str] = &[
        "alert", "page", "pager", "paged", "alarm", "detect", "notice", "report", "monitor",
        "on-call", "oncall", "ticket", "escalat",
    ];
    // Most lines say nothing of the kind: no allocation for them.
    if text.len() > 2000 || !says_before(text) {
        return None;
    }
    let lower = text.to_lowercase();
    for sentence in timeline::sentences(&lower) {
        let Some(before) = sentence.find(" before ") else {
            continue;
        };
        let after = &sentence[before + " before ".len()..];
        let noticed_words = after
            .split_whitespace()
            .take(5)
            .collect::<Vec<_>>()
            .join(" ");
        if !NOTICED.iter().any(|w| noticed_words.contains(w)) {
            continue;
        }
        let head = &sentence[..before];
        let Some((verb_at, verb)) = STARTS
            .iter()
            .filter_map(|v| head.rfind(v).map(|p| (p, *v)))
            .max_by_key(|(p, _)| *p)
        else {
            continue;
        };
        let amount = head[verb_at + verb.len()..]
            .trim()
            .trim_start_matches("at ")
            .split_whitespace()
            .filter(|w| {
                !matches!(
                    *w,
                    "about" | "around" | "roughly" | "approximately" | "some" | "nearly" | "almost"
                )
            })
            .collect::<Vec<_>>()
            .join(" ");
        let amount = match amount.as_str() {
            "an hour" | "one hour" => "1 hour".to_string(),
            "half an hour" => "30 minutes".to_string(),
            _ => amount,
        };
        let Some(length) = super::clock::parse_duration(&amount) else {
            continue;
        };
        if length <= chrono::Duration::zero() || length > chrono::Duration::days(30) {
            continue;
        }
        let said = &sentence[verb_at..before + " before ".len() + noticed_words.len()];
        return Some(StatedDuration {
            length,
            why: Inference::new(RuleId::MilestoneStatedDuration, said.trim().to_string()),
            line,
        });
    }
    None
}

/// How long from the first report to the end, told in a sentence: "resolved in 2 hours and 2
/// minutes from the time of report", "fixed within 40 minutes of the first alert". A verb of
/// the end, a duration right after it, then the report or the detection it is counted from;
/// `None` otherwise: a duration counted from the start is a time to resolve (read elsewhere),
/// and a target, a plan or another incident ("should be resolved within 4 hours of the first
/// report", "a similar issue was fixed within 3 days of the report") is no end of this one.
fn resolved_after_report(text: &str, line: usize) -> Option<StatedDuration> {
    const ENDED: &[&str] = &[
        "resolved in ",
        "resolved within ",
        "fixed in ",
        "fixed within ",
        "restored in ",
        "restored within ",
    ];
    const FROM_REPORT: &[&str] = &[
        " from the time of report",
        " from the time of the report",
        " from the time of detection",
        " from the time it was reported",
        " from the first report",
        " from the report",
        " from detection",
        " from the first alert",
        " from the alert",
        " of the first report",
        " of the report",
        " of the first alert",
        " of detection",
        " after it was reported",
        " after the first report",
        " after detection",
        " after it was detected",
    ];
    // Most paragraphs say nothing of the kind: no copy of them. Every cue ends "ed in " or
    // "ed within " (lower case, as such sentences are written), found by a vectorised search.
    static IN: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("ed in "));
    static WITHIN: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("ed within "));
    if text.len() > 4000
        || (IN.find(text.as_bytes()).is_none() && WITHIN.find(text.as_bytes()).is_none())
    {
        return None;
    }
    let lower = text.to_lowercase();
    for sentence in timeline::sentences(&lower) {
        let Some(anchor) = FROM_REPORT.iter().filter_map(|c| sentence.find(c)).min() else {
            continue;
        };
        let head = &sentence[..anchor];
        let Some(verb) = ENDED.iter().filter_map(|c| head.rfind(c)).max() else {
            continue;
        };
        // A target or a plan ("should be resolved within 4 hours of the first report"), or
        // another incident ("a similar issue in March was fixed within 3 days"), is no end of
        // this one.
        let other = head[..verb].split_whitespace().any(|w| {
            matches!(
                w.trim_matches(|c: char| !c.is_alphanumeric()),
                "should"
                    | "must"
                    | "will"
                    | "would"
                    | "could"
                    | "can"
                    | "target"
                    | "sla"
                    | "slo"
                    | "aim"
                    | "goal"
                    | "similar"
                    | "previous"
                    | "prior"
                    | "earlier"
                    | "last"
            )
        });
        if other {
            continue;
        }
        let Some(length) = super::clock::trailing_duration(head) else {
            continue;
        };
        // The duration must be all that stands between the verb and the report.
        let words_between = head[verb..].split_whitespace().count();
        if length <= chrono::Duration::zero()
            || length > chrono::Duration::days(30)
            || words_between > 10
        {
            continue;
        }
        return Some(StatedDuration {
            length,
            why: Inference::new(
                RuleId::MilestoneStatedDuration,
                sentence.trim().trim_end_matches('.').to_string(),
            ),
            line,
        });
    }
    None
}

/// How long the incident ran before its fix, told in a sentence: "<duration> from the start of
/// the incident to the deploy of the fix", "the issue had been occurring for ~2 hours before
/// the fix". The words before the cue must end with the duration.
fn start_before_fix(text: &str, line: usize) -> Option<StatedDuration> {
    const FROM_START: &[&str] = &[
        " from the start of the ",
        " from the beginning of the ",
        " from the start of ",
        " from start of ",
    ];
    const FIX: &[&str] = &[
        "fix",
        "deploy",
        "resolution",
        "recovery",
        "mitigation",
        "revert",
        "rollback",
    ];
    // Each reading below needs one of these cues in a sentence of the lower-cased text, so
    // in the text in any ASCII case (no other character lower-cases to their letters but the
    // `i` of `İ`, which a combining dot follows): most texts are ruled out by one pass.
    static CUES: std::sync::LazyLock<aho_corasick::AhoCorasick> = std::sync::LazyLock::new(|| {
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(FROM_START.iter().chain(&[" before the "]))
            .expect("fixed phrases compile")
    });
    if text.len() > 2000 || !(says_from(text) || says_before(text)) || !CUES.is_match(text) {
        return None;
    }
    let lower = text.to_lowercase();
    for sentence in timeline::sentences(&lower) {
        // "<duration> from the start of the incident to the <fix>"
        let from_start = FROM_START.iter().find_map(|cue| {
            let at = sentence.find(cue)?;
            let rest = &sentence[at + cue.len()..];
            let (_, to) = rest.split_once(" to ")?;
            FIX.iter()
                .any(|w| to.split_whitespace().take(6).any(|t| t.starts_with(w)))
                .then_some(at)
        });
        // "... for <duration> before the fix"
        let before = || {
            let at = sentence.find(" before the ")?;
            let what = &sentence[at + " before the ".len()..];
            let what = what.split_whitespace().next()?;
            FIX.iter().any(|w| what.starts_with(w)).then_some(at)
        };
        let Some(at) = from_start.or_else(before) else {
            continue;
        };
        let head = &sentence[..at];
        let Some(length) = super::clock::trailing_duration(head) else {
            continue;
        };
        if length > chrono::Duration::days(30) {
            continue;
        }
        let said = sentence.trim().trim_end_matches('.');
        return Some(StatedDuration {
            length,
            why: Inference::new(RuleId::MilestoneStartBeforeFix, said.to_string()),
            line,
        });
    }
    None
}

fn stated_durations(lines: &[Line], tags: &[Section]) -> StatedDurations {
    let mut out = StatedDurations::default();
    // Paragraphs (wrapped lines joined), then the lines of the timeline section.
    let told = remarks(lines, tags)
        .into_iter()
        .map(|r| (std::borrow::Cow::Owned(r.text), r.line))
        .chain(
            lines
                .iter()
                .zip(tags)
                .filter(|(_, t)| **t == Section::Timeline)
                .map(|(l, _)| (line_text(l), l.no)),
        )
        .collect::<Vec<_>>();
    out.before_fix = told
        .iter()
        .find_map(|(text, line)| start_before_fix(text, *line));
    out.resolved_after_report = told
        .iter()
        .find_map(|(text, line)| resolved_after_report(text, *line));
    // A start told relative to the detection, in a paragraph (wrapped lines joined) or in a
    // timeline entry; a `Time to detect:` figure wins over it.
    let relative = told
        .iter()
        .find_map(|(text, line)| start_before_detection(text, *line));
    for (l, t) in lines.iter().zip(tags) {
        if matches!(t, Section::Timeline | Section::Actions) {
            continue;
        }
        let pair = match &l.kind {
            Kind::Row(cells) if cells.len() >= 2 => Some((cells[0].clone(), cells[1].clone())),
            Kind::Text(_) | Kind::Item { .. } | Kind::Heading { .. } => {
                let text = l.text();
                split_label(&text)
                    .or_else(|| text.split_once(" - ").map(|(a, b)| (a.trim(), b.trim())))
                    .map(|(a, b)| (a.to_string(), b.to_string()))
            }
            _ => None,
        };
        let Some((label, value)) = pair else {
            continue;
        };
        let label_l = label.to_lowercase();
        let slot = if [
            "time to detect",
            "time to detection",
            "detection time",
            "ttd",
        ]
        .iter()
        .any(|w| label_l.contains(w))
        {
            &mut out.ttd
        } else if [
            "duration",
            "time to recover",
            "time to recovery",
            "time to resolve",
            "time to resolution",
            "time to restore",
            "total downtime",
            "downtime",
            "outage length",
            "length of outage",
            "ttr",
            "mttr",
        ]
        .iter()
        .any(|w| label_l.contains(w))
        {
            &mut out.ttr
        } else {
            continue;
        };
        if slot.is_some() {
            continue;
        }
        if let Some(length) = super::clock::parse_duration(&value) {
            *slot = Some(StatedDuration {
                length,
                why: Inference::new(
                    RuleId::MilestoneStatedDuration,
                    format!("{}: {}", label.trim(), value.trim()).to_lowercase(),
                ),
                line: l.no,
            });
        }
    }
    if out.ttd.is_none() {
        out.ttd = relative;
    }
    out
}
