//! First pass: the file as classified lines.
//!
//! Real postmortems are messy (`##Issue Summary:` with no space, `**Timeline**` used as a
//! heading, HTML `<h2>`/`<li>`, quoted blocks, tab-indented lists), and many are not Markdown at
//! all. So block structure is read line by line here, leniently; the inline Markdown of each line
//! (emphasis, code, links, images, entities, escapes) is read with pulldown-cmark, which also
//! gives the links an event carries. Every string is stripped of terminal escape sequences first.

use std::borrow::Cow;

use chrono::Timelike;
use pulldown_cmark::{BrokenLink, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

use super::sections::{Section, section_of};
use crate::ingest::clock::DateHints;
use crate::model::text::{clean_block_borrowed, clean_line, clean_line_owned};

/// One line of the source, classified.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    /// 1-based line number in the file.
    pub no: usize,
    /// Leading white space (tabs count 4) after any `>` quote markers.
    pub indent: usize,
    pub kind: Kind,
    /// Link targets written on the line.
    pub links: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    Blank,
    /// ATX, setext, HTML `<hN>`, a bold-only line, or a bare known section name (`Timeline:`).
    /// `level` 0 means "a heading of unknown depth" (bold lines, bare names).
    Heading {
        level: u8,
        text: String,
    },
    /// A list item; `check` is the task-list box (`Some(true)` for `[x]`).
    Item {
        check: Option<bool>,
        text: String,
    },
    /// A table row, cells already inline-cleaned.
    Row(Vec<String>),
    TableSep,
    Rule,
    /// Inside a fenced code block: kept out of events and fields (unless the block is a
    /// timeline, see `unfence_timelines`).
    Code(String),
    Text(String),
}

impl Line {
    /// The line's readable text (heading, item, paragraph or row cells joined).
    pub fn text(&self) -> String {
        match &self.kind {
            Kind::Heading { text, .. } | Kind::Item { text, .. } | Kind::Text(text) => text.clone(),
            Kind::Row(cells) => cells.join(" | "),
            Kind::Code(_) | Kind::Blank | Kind::TableSep | Kind::Rule => String::new(),
        }
    }
}

/// The line numbered `no` (1-based, as [`Line::no`]) of `lines`, which are in file order as
/// [`read_lines`] gives them; `None` when no line has that number.
pub fn numbered(lines: &[Line], no: usize) -> Option<&Line> {
    lines
        .binary_search_by_key(&no, |l| l.no)
        .ok()
        .map(|i| &lines[i])
}

/// A custom container's fence (`::: update Resolved | 2020-08-31T13:36:00Z`, `:::`), as
/// status pages built with VuePress or markdown-it write each update: an opening fence that
/// names a label and a time becomes the update's time and label (`2020-08-31T13:36:00Z -
/// Resolved:`), so the update's lines under it read as one timed paragraph; any other fence
/// is a blank line. `None` for a line that is no such fence.
fn container_line(line: &str) -> Option<String> {
    let rest = line.trim().strip_prefix(":::")?;
    if rest.starts_with(':') {
        return None;
    }
    let rest = rest.trim();
    let Some((head, time)) = rest.rsplit_once('|') else {
        return Some(String::new());
    };
    let time = time.trim();
    let hints = crate::ingest::clock::DateHints::default();
    let stamp =
        crate::ingest::clock::parse_time_with(time, hints).is_some_and(|p| p.date.is_some());
    if !stamp {
        return Some(String::new());
    }
    // `update Resolved`: the container's name, then its label.
    let label = head
        .split_whitespace()
        .skip(1)
        .collect::<Vec<_>>()
        .join(" ");
    Some(if label.is_empty() {
        format!("{time} -")
    } else {
        format!("{time} - {label}:")
    })
}

/// Split and classify the whole file.
pub fn read_lines(text: &str) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::with_capacity(text.bytes().filter(|b| *b == b'\n').count() + 1);
    let mut in_fence: Option<String> = None;
    let mut in_comment = false;
    let front_matter = front_matter_end(text);
    // A status page's updates stamped by a shortcode become timed paragraphs (same lines).
    let stamped = super::site_shortcodes::read_site_shortcodes(text);
    let raws: Box<dyn Iterator<Item = &str>> = match &stamped {
        Some(lines) => Box::new(lines.iter().map(|l| l.as_ref())),
        None => Box::new(text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l))),
    };
    for (i, raw) in raws.enumerate() {
        if front_matter.is_some_and(|end| i <= end) {
            push_front_matter_line(&mut out, i + 1, raw);
            continue;
        }
        // Escape sequences and control characters out before anything else looks at the text.
        // Borrowed from the file when there is nothing to clean (most lines): no copy.
        let mut cleaned = clean_block_borrowed(raw);
        if cleaned.contains('\n') {
            cleaned = Cow::Owned(cleaned.replace('\n', " "));
        }
        if in_fence.is_none()
            && cleaned.trim_start().starts_with(":::")
            && let Some(read) = container_line(&cleaned)
        {
            cleaned = Cow::Owned(read);
        }
        let stripped = if in_comment || cleaned.contains('<') {
            Cow::Owned(strip_html(&cleaned, &mut in_comment))
        } else {
            cleaned
        };
        let no = i + 1;
        // `a<br> b`, `a</p><p>b`: inline breaks make lines of their own, with the same number
        // (inside a table row they are only spaces: the row stays one row).
        // An HTML table's rows written on one line are lines of their own first.
        for stripped in stripped.split(ROW_BREAK) {
            if !stripped.contains(BREAK) {
                push_line(&mut out, no, stripped, &mut in_fence);
            } else if stripped.contains('|') {
                push_line(&mut out, no, &stripped.replace(BREAK, " "), &mut in_fence);
            } else {
                let pieces: Vec<&str> = stripped
                    .split(BREAK)
                    .filter(|p| !p.trim().is_empty())
                    .collect();
                if pieces.is_empty() {
                    out.push(Line::new(no, 0, Kind::Blank));
                }
                let several = pieces.len() > 1;
                for piece in pieces {
                    push_line(&mut out, no, piece, &mut in_fence);
                    if several {
                        demote_bold_piece(out.last_mut());
                    }
                }
            }
        }
    }
    if let Some(end) = front_matter {
        stamp_opening_update(&mut out, text, end);
    }
    unfence_timelines(&mut out);
    post_pass(&mut out);
    out
}

/// The front matter keys of a status page's post that say when the issue was resolved (cState's
/// `resolvedWhen:`, ClearStatus's `resolvedOn:`, and their other spellings).
const RESOLVED_WHEN: &[&str] = &[
    "resolvedWhen",
    "resolvedOn",
    "resolved_on",
    "resolvedAt",
    "resolved_at",
    // A service alert's window (`start_date: 2023-03-28 09:45` / `end_date: …`).
    "end_date",
    "endDate",
    "end_time",
    "endTime",
    "ended_at",
];

/// Front matter keys that state when an incident or a service alert began (`start_date:
/// 2023-03-28 09:45`): read as a `Started:` line.
const STARTED_WHEN: &[&str] = &[
    "start_date",
    "startDate",
    "start_time",
    "startTime",
    "started_at",
    "startedAt",
];

/// Front matter keys whose value is the story itself, as service-alert pages keep it
/// (`impact: …`, `reason: …`, at the top level, not nested under another key): read as a
/// paragraph of text. Not a blog post's `description:`, which repeats its opening for search
/// engines.
const STORY_KEYS: &[&str] = &["impact", "reason", "cause"];

/// A status page's post (cState, Statusfy, ClearStatus: two signs of one, among `severity:`,
/// `max_severity:`, `current_severity:`, `affected:`, `affectedsystems:`, `resolved:` and
/// `resolvedWhen:` or `resolvedOn:` in the front matter and update
/// containers in the body) opens with the first update, written when the issue was posted:
/// the front matter's `date:` (`'2021-01-13T17:06:46.693Z'`) is its time. The body's first
/// paragraph, before any heading or timed update, is read as an entry at that time
/// (`2021-01-13T17:06:46.693Z - We are investigating …`). A blog post's front matter (a
/// `severity:` tag alone) or a date without a clock time changes nothing. `end` is the front
/// matter's closing line (0-based).
fn stamp_opening_update(lines: &mut [Line], text: &str, end: usize) {
    let mut date = None;
    let mut status = 0;
    for raw in text.split('\n').take(end).skip(1) {
        let Some((key, value)) = raw.split_once(':') else {
            continue;
        };
        match key.trim_end() {
            "date" => date = Some(unquoted(value.trim()).to_string()),
            "severity" | "affected" | "affectedsystems" | "resolved" | "max_severity"
            | "current_severity" => status += 1,
            key if RESOLVED_WHEN.contains(&key) => status += 1,
            _ => {}
        }
    }
    // Updates written as containers (`::: update Resolved | …`) are a status page's too.
    if text.contains("\n::: update") {
        status += 1;
    }
    // Two signs of a status page, not a blog post's `severity:` tag alone.
    let Some(date) = date.filter(|_| status >= 2) else {
        return;
    };
    let hints = crate::ingest::clock::DateHints::default();
    let timed = crate::ingest::clock::parse_time_with(&date, hints)
        .is_some_and(|p| p.date.is_some() && date.contains(':'));
    if !timed {
        return;
    }
    let Some(first) = lines
        .iter_mut()
        .skip(end + 1)
        .find(|l| !matches!(l.kind, Kind::Blank))
    else {
        return;
    };
    if let Kind::Text(t) = &mut first.kind
        && super::timeline::leading_time_full(t, DateHints::default(), true).is_none()
    {
        *t = format!("{date} - {t}");
    }
}

/// The 0-based index of the line that closes a front matter block, as Jekyll, Hugo and other
/// site generators put above a post: YAML (`---` on the first line, `key: value` lines, `---`
/// or `...`) or TOML (`+++`, `key = value` lines, `+++`); `None` when the file does not open
/// with one. At most 60 lines are looked at.
pub fn front_matter_end(text: &str) -> Option<usize> {
    let mut lines = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
    let (fence, assign) = match lines.next()?.trim_end() {
        "---" => ("---", ':'),
        "+++" => ("+++", '='),
        _ => return None,
    };
    let (mut keys, mut comments) = (0, 0);
    for (i, l) in lines.enumerate().take(60) {
        let t = l.trim_end();
        if t == fence || (fence == "---" && t == "...") {
            // A block of comments alone is front matter too (a site's template left as it
            // was: `---` / `# You need not declare anything here` / `---`), not a title
            // between two rules, when the page's own title comes after it; without one, the
            // line is the title (`---` / `# Postmortem: checkout outage` / `---`).
            let title_after = || {
                text.split('\n')
                    .skip(i + 2)
                    .any(|l| l.starts_with("# ") || l.starts_with("title:"))
            };
            return (keys > 0 || (comments > 0 && title_after())).then_some(i + 1);
        }
        if t.starts_with('#') {
            comments += 1;
        }
        // A key (`title: …`, `title = …`), a list item or a continuation under one (the
        // closing bracket of a TOML array included), or a comment.
        // `:title: …`: a site migrated from Drupal writes each key after a colon.
        let t = t.strip_prefix(':').unwrap_or(t);
        let key = t.split_once(assign).is_some_and(|(k, _)| {
            let k = k.trim_end();
            !k.is_empty() && !k.contains(' ') && !k.starts_with('-')
        });
        // A TOML table's header (`[params]`, `[[menu.main]]`) opens more keys.
        let table = assign == '=' && t.starts_with('[') && t.ends_with(']') && !t.contains(' ');
        if key {
            keys += 1;
        } else if !(table || t.is_empty() || t.starts_with([' ', '\t', '-', '#', ']', '}'])) {
            return None;
        }
    }
    None
}

/// The front matter keys that say when a post was written or published: Jekyll's and Hugo's
/// `date`, Hugo's `publishDate`, Astro's `pubDate`, and the other spellings blogs use
/// (`created_at: Mon Sep 24 21:00:00 CEST 2012`).
const WRITTEN_KEYS: &[&str] = &[
    "date",
    "created_at",
    "created",
    "createdAt",
    "pubDate",
    "publishDate",
    "publish_date",
    "published",
    "published_at",
    "publishedAt",
    "date_published",
];

/// The day a post says it was written, from its front matter ([`WRITTEN_KEYS`], the first
/// that holds a date, or seconds since 1970 as a site migrated from Drupal writes them);
/// `None` without front matter or such a key. Days the post tells in
/// words ("Yesterday", "On Thursday") count from it: see [`super::story_days`].
/// `hints` are the file's (its year, which way round it writes days).
pub fn written_date(
    text: &str,
    hints: crate::ingest::clock::DateHints,
) -> Option<chrono::NaiveDate> {
    let end = front_matter_end(text)?;
    text.split('\n').take(end).skip(1).find_map(|raw| {
        // `:created: 1438723230`: a site migrated from another keeps its keys with a colon
        // before them, and the time of writing in seconds since 1970.
        let raw = raw.strip_prefix(':').unwrap_or(raw);
        let (key, value) = raw.split_once([':', '='])?;
        if !WRITTEN_KEYS.contains(&key.trim()) {
            return None;
        }
        let value = unquoted(value.trim());
        if (9..=10).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_digit()) {
            return value
                .parse::<i64>()
                .ok()
                .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
                .map(|t| t.date_naive());
        }
        super::timeline::dates_in(value, hints)
            .first()
            .map(|(_, d)| *d)
            .or_else(|| crate::ingest::clock::parse_time_with(value, hints)?.date)
    })
}

/// A line of front matter ([`front_matter_line`]) pushed onto `out`; a story kept in a key
/// and broken with HTML (`impact: Update 1925 BST … <br/> Update 1845 BST …`, as a service
/// alert's updates are written) becomes a line per piece, as a paragraph's would. Each value
/// is a paragraph: a blank line (of the same number) goes before it.
fn push_front_matter_line(out: &mut Vec<Line>, no: usize, raw: &str) {
    let line = front_matter_line(no, raw);
    let Kind::Text(text) = &line.kind else {
        out.push(line);
        return;
    };
    // Each key's value is a paragraph of its own: `reason:` does not go on `impact:`'s text.
    out.push(Line::new(no, 0, Kind::Blank));
    if !text.contains('<') {
        out.push(line);
        return;
    }
    let stripped = strip_html(text, &mut false);
    for piece in stripped.split([BREAK, ROW_BREAK]).map(str::trim) {
        if !piece.is_empty() {
            out.push(Line::new(no, 0, Kind::Text(piece.to_string())));
        }
    }
}

/// `s` without one pair of quotes around it (`"…"`, `'…'`, `“…”`), else `s`.
pub fn unquoted(s: &str) -> &str {
    [('"', '"'), ('\'', '\''), ('“', '”')]
        .iter()
        .find_map(|(a, b)| s.strip_prefix(*a)?.strip_suffix(*b))
        .unwrap_or(s)
}

/// A line of front matter as the rest of the importer reads it: `title:` as the document's
/// heading, `date:` (or another of [`WRITTEN_KEYS`]) as a `Date:` line, `resolvedWhen:` ([`RESOLVED_WHEN`]) as a `Resolved:` line, `start_date:` ([`STARTED_WHEN`]) as a `Started:`
/// line, the story kept in a key ([`STORY_KEYS`]: `impact:`, `reason:`) as text, everything
/// else (layout, tags, authors, the fences) blank. Surrounding quotes of a value are dropped.
fn front_matter_line(no: usize, raw: &str) -> Line {
    let value = |v: &str| clean_line(unquoted(v.trim()));
    let raw = raw.strip_prefix(':').unwrap_or(raw);
    // TOML's `key = value` or YAML's `key: value`, whichever comes first on the line.
    match raw.find([':', '=']).map(|at| (&raw[..at], &raw[at + 1..])) {
        Some((key, v)) if key.trim() == "title" && !value(v).is_empty() => Line::new(
            no,
            0,
            Kind::Heading {
                level: 1,
                text: value(v),
            },
        ),
        Some((key, v)) if WRITTEN_KEYS.contains(&key.trim()) && !value(v).is_empty() => {
            Line::new(no, 0, Kind::Text(format!("Date: {}", value(v))))
        }
        // A status site's (cState's) stated end of the issue, `resolvedWhen: 2024-01-23
        // 18:30:00`, left empty while the issue is open; a comment after it is not the time.
        Some((key, v)) if RESOLVED_WHEN.contains(&key.trim()) => {
            let v = v.split(" #").next().unwrap_or_default();
            match value(v) {
                v if v.is_empty() => Line::new(no, 0, Kind::Blank),
                v => Line::new(no, 0, Kind::Text(format!("Resolved: {v}"))),
            }
        }
        Some((key, v)) if STARTED_WHEN.contains(&key.trim()) && !value(v).is_empty() => {
            Line::new(no, 0, Kind::Text(format!("Started: {}", value(v))))
        }
        Some((key, v)) if STORY_KEYS.contains(&key.trim_end()) && !value(v).is_empty() => {
            Line::new(no, 0, Kind::Text(value(v)))
        }
        _ => Line::new(no, 0, Kind::Blank),
    }
}

/// A bold piece of a paragraph broken at `<br>` (`… fix lands<br>**<END OF OUTAGE>**<br> 14:59 …`)
/// is emphasis inside the paragraph, not a heading: read as a heading it would end the
/// timeline section and every entry after it would be lost. It stays a heading only when it
/// names a section (`**Timeline**<br>10:02 …`).
fn demote_bold_piece(line: Option<&mut Line>) {
    let Some(line) = line else { return };
    if let Kind::Heading { level: 0, text } = &mut line.kind
        && section_of(text).is_none_or(|s| s == Section::Other)
    {
        line.kind = Kind::Text(std::mem::take(text));
    }
}

/// A fenced code block whose lines are timeline-shaped (`10:02 - pager fires`, at least two,
/// and at least half of the lines with words) is a timeline someone fenced to keep its
/// alignment: its lines are read as ordinary lines. A block of log lines (clocks with seconds)
/// or of anything else stays code.
fn unfence_timelines(lines: &mut [Line]) {
    for run in runs_of(lines, |k| matches!(k, Kind::Code(_))) {
        let (start, i) = (run.start, run.end);
        let block = &lines[start..i];
        let (mut words, mut timed, mut logs) = (0, 0, 0);
        for l in block {
            let Kind::Code(t) = &l.kind else { continue };
            let t = t.trim_start_matches(['-', '*', '+', ' ', '\t']);
            if t.trim().is_empty() {
                continue;
            }
            words += 1;
            if let Some(lead) = super::timeline::leading_time_full(t, DateHints::default(), true) {
                timed += 1;
                logs += usize::from(lead.time.time.second() != 0 && !status_update(&lead.rest));
            }
        }
        if timed >= 2 && timed * 2 >= words && logs * 2 < timed {
            for l in &mut lines[start..i] {
                if let Kind::Code(t) = &l.kind {
                    let t = t.clone();
                    *l = classify(l.no, l.indent, &t, false);
                }
            }
        }
    }
}

/// Whether `rest`, a line's words after its time, opens with a status page's label and a
/// colon or a dash (`investigating: We are investigating reports of …`, `Resolved - This
/// incident has been resolved.`; not a job's `update:` or `completed:`): an update copied
/// from a status page, stamped to the second, not a log line.
fn status_update(rest: &str) -> bool {
    const LABELS: &[&str] = &[
        "investigating",
        "identified",
        "monitoring",
        "resolved",
        "postmortem",
        "verifying",
    ];
    // `investigating: We are …` or `Investigating - We are …`.
    let Some((label, words)) = rest.split_once(':').or_else(|| rest.split_once(" - ")) else {
        return false;
    };
    let label = label.trim().to_ascii_lowercase();
    LABELS.contains(&label.as_str()) && words.split_whitespace().count() >= 3
}

/// The runs of consecutive lines whose kind passes `is` (a fenced block, a paragraph), as index
/// ranges into `lines`, in order.
pub(super) fn runs_of(lines: &[Line], is: impl Fn(&Kind) -> bool) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if !is(&lines[i].kind) {
            i += 1;
            continue;
        }
        let start = i;
        while i < lines.len() && is(&lines[i].kind) {
            i += 1;
        }
        out.push(start..i);
    }
    out
}

/// Where an HTML line break or block boundary was written inside a line.
const BREAK: char = '\n';

/// Where [`strip_html`] ends an HTML table row written on one line: unlike a [`BREAK`] inside
/// a pipe row's cell, it always ends the line.
const ROW_BREAK: char = '\u{1e}';

/// Whether `content` (a trimmed line inside a fenced block) closes the block opened by `fence`
/// (its run of backticks or tildes): as CommonMark has it, a run of the same mark at least as
/// long, and nothing after it. "```bash" inside a block is a line of the block, not its end:
/// read as one, every fence after it would swap code and text.
fn closes_fence(content: &str, fence: &str) -> bool {
    let Some(mark) = fence.bytes().next() else {
        return true;
    };
    let run = content.bytes().take_while(|&b| b == mark).count();
    run >= fence.len() && content[run..].trim().is_empty()
}

/// What marks, in the fence kept while inside a block, a block declared as Markdown (see
/// [`declares_markdown`]): its lines are read as the document's own.
const MARKDOWN_FENCE: &str = "md:";

/// The mark before an open fence's characters when it was opened inside a block quote: it
/// closes when the quote does.
const QUOTED_FENCE: &str = "q:";

/// Whether a fence's info string (`md` in "```md") says the block is Markdown: templates
/// (a course's postmortem template wraps every section, timeline included, in "```md") fence
/// prose to show it, not to quote code, so its lines are read as the document's own.
fn declares_markdown(info: &str) -> bool {
    let lang = info.split_whitespace().next().unwrap_or_default();
    ["md", "markdown", "gfm"]
        .iter()
        .any(|l| lang.eq_ignore_ascii_case(l))
}

/// Whether `s` starts with digits joined to more digits by a date's or a clock's mark
/// (`2024-01-23`, `22:00`, `23.01.2024`, `1/23`): a number alone (`42 was`) is not one.
fn starts_with_date_or_clock(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    (1..=4).contains(&digits)
        && matches!(b.get(digits), Some(b'-' | b':' | b'.' | b'/'))
        && b.get(digits + 1).is_some_and(u8::is_ascii_digit)
}

/// Classify one line of text (quotes unwrapped, fenced code followed) onto `out`.
fn push_line(out: &mut Vec<Line>, no: usize, mut line: &str, in_fence: &mut Option<String>) {
    {
        // Block quotes: `> ## Timeline` reads like `## Timeline`; a quote indented under a
        // list item (`  > "…"`) keeps that indent, so it stays part of the item.
        let mut outer = None;
        loop {
            let t = line.trim_start();
            match t.strip_prefix('>') {
                Some(rest) if !t.starts_with(">=") => {
                    outer.get_or_insert_with(|| indent_of(line));
                    line = rest.strip_prefix(' ').unwrap_or(rest)
                }
                _ => break,
            }
        }
        let indent = indent_of(line) + outer.unwrap_or(0);
        let content = line.trim();
        // A fence opened inside a block quote ends with the quote (CommonMark): a line that is
        // not quoted is read as it is (`> ```Error: …` quoting a stack trace whose closing
        // backticks end its last line would otherwise make the rest of the file code).
        if in_fence
            .as_deref()
            .is_some_and(|f| f.starts_with(QUOTED_FENCE) && outer.is_none())
        {
            *in_fence = None;
        }
        if let Some(fence) = in_fence.as_deref() {
            let fence = fence.strip_prefix(QUOTED_FENCE).unwrap_or(fence);
            let (fence, prose) = match fence.strip_prefix(MARKDOWN_FENCE) {
                Some(f) => (f, true),
                None => (fence, false),
            };
            if closes_fence(content, fence) {
                *in_fence = None;
                out.push(Line::new(no, indent, Kind::Blank));
                return;
            }
            if !prose {
                out.push(Line::new(no, indent, Kind::Code(clean_line(content))));
                return;
            }
        }
        // A backtick fence's info string holds no backtick (CommonMark): "```code```" on one
        // line is inline code, not a fence.
        let opens_fence = in_fence.is_none()
            && (content.starts_with("~~~")
                || (content.starts_with("```") && !content.trim_start_matches('`').contains('`')));
        if opens_fence {
            let mark = content.as_bytes()[0];
            let run = content.bytes().take_while(|&b| b == mark).count();
            let prose = declares_markdown(&content[run..]);
            *in_fence = Some(format!(
                "{}{}{}",
                if outer.is_some() { QUOTED_FENCE } else { "" },
                if prose { MARKDOWN_FENCE } else { "" },
                &content[..run]
            ));
            out.push(Line::new(no, indent, Kind::Blank));
            return;
        }
        // Under an item: indented, right after an item or a line indented under one.
        let quoted_in_item = outer.is_some_and(|o| o > 0)
            && out
                .iter()
                .rev()
                .find(|l| l.kind != Kind::Blank)
                .is_some_and(|l| matches!(l.kind, Kind::Item { .. }) || l.indent > 0);
        out.push(classify(no, indent, content, quoted_in_item));
    }
}

impl Line {
    fn new(no: usize, indent: usize, kind: Kind) -> Self {
        Line {
            no,
            indent,
            kind,
            links: Vec::new(),
        }
    }
}

fn indent_of(s: &str) -> usize {
    let mut n = 0;
    for c in s.chars() {
        match c {
            ' ' => n += 1,
            '\t' => n += 4,
            _ => break,
        }
    }
    n
}

fn classify(no: usize, indent: usize, content: &str, quoted_in_item: bool) -> Line {
    // A line of a lone `\` (a hard break, as status sites such as ClearStatus put between a
    // post's updates) ends the paragraph like a blank line: each update is a paragraph.
    if content.is_empty() || content.trim_end() == "\\" {
        return Line::new(no, indent, Kind::Blank);
    }
    // ATX heading, with or without the space (`##Issue Summary:`), closing `#`s dropped.
    let hashes = content.chars().take_while(|c| *c == '#').count();
    if (1..=6).contains(&hashes) {
        let rest = &content[hashes..];
        let first = rest.chars().next();
        let spaced = first.is_some_and(char::is_whitespace);
        // `#1 priority` and `#hashtag-ish` numbers are not headings; `#TimeLine:` is, and so
        // is a date or time after two marks or more (`##2024-01-23 22:00`, a status update's
        // stamp; `##42 was the ticket` stays text).
        if first.is_none()
            || spaced
            || first.is_some_and(|c| c != '#' && !c.is_ascii_digit())
            || (hashes >= 2 && starts_with_date_or_clock(rest))
        {
            let rest = rest.trim().trim_end_matches('#').trim();
            if rest.is_empty() {
                return Line::new(no, indent, Kind::Blank);
            }
            let (text, links) = inline(rest);
            return Line {
                no,
                indent,
                kind: Kind::Heading {
                    level: hashes as u8,
                    text: heading_text(&text),
                },
                links,
            };
        }
    }
    if is_rule(content) {
        return Line::new(no, indent, Kind::Rule);
    }
    if content.chars().all(|c| c == '=') && content.len() >= 2 {
        // A setext underline with nothing above is noise; post_pass upgrades the line above.
        return Line::new(no, indent, Kind::Rule);
    }
    if is_table_sep(content) {
        return Line::new(no, indent, Kind::TableSep);
    }
    if content.starts_with('|') {
        let raw = raw_cells(content);
        let mut cells = Vec::with_capacity(raw.len());
        let mut links = Vec::new();
        // Each cell's inline Markdown is read once (`&lt;b&gt;` is the text `<b>`).
        for c in &raw {
            let (text, cell_links) = inline(c);
            cells.push(text);
            links.extend(cell_links);
        }
        return Line {
            no,
            indent,
            kind: Kind::Row(cells),
            links,
        };
    }
    // A bullet glyph inside the emphasis (`**•\t00:05 PDT:** …`) is the item's marker.
    let moved;
    let content = match bullet_inside_emphasis(content) {
        Some((mark, rest)) => {
            moved = format!("• {mark}{rest}");
            moved.as_str()
        }
        None => content,
    };
    if let Some((marker_len, body)) = list_item(content) {
        let _ = marker_len;
        let (check, body) = checkbox(body);
        let (text, links) = inline(body);
        // A bold-only item naming a section (`- **Timeline**`) is a heading.
        if let Some(inner) = bold_only(body)
            && section_of(inner).is_some_and(|s| s != Section::Other)
        {
            return Line {
                no,
                indent,
                kind: Kind::Heading {
                    level: 0,
                    text: heading_text(&text),
                },
                links,
            };
        }
        return Line {
            no,
            indent,
            kind: Kind::Item { check, text },
            links,
        };
    }
    let (text, links) = inline(content);
    if text.is_empty() {
        return Line::new(no, indent, Kind::Blank);
    }
    // A line that is only bold text is used as a heading (`**Timeline:**`), unless it is a
    // sentence set in bold for emphasis (`**Note that the vendor knew at 9:58.**`).
    if let Some(inner) = bold_only(content)
        && inner.chars().count() <= 80
        && !is_bold_sentence(inner)
    {
        return Line {
            no,
            indent,
            kind: Kind::Heading {
                level: 0,
                text: heading_text(&text),
            },
            links,
        };
    }
    // A bare section name on its own line (`Timeline:`, `ROOT CAUSE AND RESOLUTION`); never
    // a line that starts with a number (`10:30 x`), nor a line of a quote indented under a
    // list item (its `The summary:` is what someone said).
    if !quoted_in_item
        && text.chars().count() <= 60
        && !text.ends_with('.')
        && !text.starts_with(|c: char| c.is_ascii_digit())
        && section_of(&text).is_some_and(|s| s != Section::Other)
    {
        return Line {
            no,
            indent,
            kind: Kind::Heading {
                level: 0,
                text: heading_text(&text),
            },
            links,
        };
    }
    Line {
        no,
        indent,
        kind: Kind::Text(text),
        links,
    }
}

/// Setext headings (`Title` over `===` or `---`) and pipe tables without leading pipes.
fn post_pass(lines: &mut [Line]) {
    for l in lines.iter_mut() {
        if let Kind::Heading { text, .. } = &mut l.kind
            && let Some(turned) = status_first(text)
        {
            *text = turned;
        }
    }
    for i in 1..lines.len() {
        if lines[i].kind != Kind::Rule {
            continue;
        }
        if let Kind::Text(t) = &lines[i - 1].kind {
            let t = t.clone();
            lines[i - 1].kind = Kind::Heading {
                level: 2,
                text: heading_text(&t),
            };
            lines[i].kind = Kind::Blank;
        }
    }
    for i in 0..lines.len() {
        if lines[i].kind != Kind::TableSep {
            continue;
        }
        for j in [i.wrapping_sub(1), i + 1] {
            let Some(l) = lines.get_mut(j) else { continue };
            if let Kind::Text(t) = &l.kind
                && t.contains('|')
            {
                let cells = split_cells(t);
                l.kind = Kind::Row(cells);
            }
        }
        // Following rows of a leading-pipe-less table.
        let mut j = i + 2;
        while let Some(l) = lines.get_mut(j) {
            match &l.kind {
                Kind::Text(t) if t.contains('|') => {
                    let cells = split_cells(t);
                    l.kind = Kind::Row(cells);
                }
                _ => break,
            }
            j += 1;
        }
    }
}

/// The words a status page labels an update with (Statuspage's states and the words of the
/// pages modelled on it).
pub(super) const STATUS_WORDS: &[&str] = &[
    "investigating",
    "identified",
    "monitoring",
    "update",
    "updated",
    "mitigated",
    "recovering",
    "resolved",
    "completed",
    "verifying",
];

/// A status page's update heading written label first, `Investigating 2025-01-04 9:27a`, turned
/// time first (`2025-01-04 9:27a Investigating`) so that it reads as the time heading it is;
/// `None` for any other heading (the label must be followed by a time and nothing else).
fn status_first(heading: &str) -> Option<String> {
    let (label, stamp) = heading.split_once(' ')?;
    let word = label.trim_end_matches([':', '-']).to_ascii_lowercase();
    if !STATUS_WORDS.contains(&word.as_str()) {
        return None;
    }
    let stamp = stamp.trim_start_matches([' ', '-', ':', '\u{2013}', '\u{2014}']);
    // German writes the clock's word after it (`27.08.2022 10:00 Uhr:`).
    let stamp = stamp.trim_end_matches(':').trim_end();
    let stamp = stamp
        .strip_suffix(" Uhr")
        .or_else(|| stamp.strip_suffix(" uhr"))
        .unwrap_or(stamp);
    let lead = super::timeline::leading_time_full(stamp, DateHints::default(), false)?;
    lead.rest
        .is_empty()
        .then(|| format!("{stamp} {}", label.trim_end_matches([':', '-'])))
}

/// A heading's words: trailing colons and stray emphasis removed.
fn heading_text(s: &str) -> String {
    let t = s.trim().trim_end_matches([':', '#', ' ', '*', '_']).trim();
    let t = t.trim_start_matches(['*', '_', ' ']);
    t.to_string()
}

fn is_rule(s: &str) -> bool {
    let mut marks = s.chars().filter(|c| !c.is_whitespace());
    let Some(first) = marks.next().filter(|c| matches!(c, '-' | '*' | '_')) else {
        return false;
    };
    let mut n = 1;
    for c in marks {
        if c != first {
            return false;
        }
        n += 1;
    }
    n >= 3
}

fn is_table_sep(s: &str) -> bool {
    if !s.contains('-') || !s.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t')) {
        return false;
    }
    if s.contains('|') {
        // Each cell one dash or more, a colon at either end for its alignment (`| :- | -: |`,
        // as GitHub reads it); not a row of single dashes alone (`| - | - |`, cells left
        // empty), which GitHub would read so but a writer means as a row.
        let mut cells = s
            .split('|')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .peekable();
        (s.contains(':') || s.contains("--"))
            && cells.peek().is_some()
            && cells.all(|c| {
                let c = c.strip_prefix(':').unwrap_or(c);
                let c = c.strip_suffix(':').unwrap_or(c);
                !c.is_empty() && c.bytes().all(|b| b == b'-')
            })
    } else {
        s.contains(':') && s.contains("--")
    }
}

/// Cells of a pipe-table row (escaped `\|` kept inside a cell), each inline-cleaned.
fn split_cells(s: &str) -> Vec<String> {
    raw_cells(s).iter().map(|c| inline(c).0).collect()
}

/// A table row's cells as written (trimmed, `\|` kept as a pipe inside a cell), before their
/// inline Markdown is read.
fn raw_cells(s: &str) -> Vec<std::borrow::Cow<'_, str>> {
    let s = s.trim();
    let s = s.strip_prefix('|').unwrap_or(s);
    let s = s.strip_suffix('|').unwrap_or(s);
    // No escaped bar: every `|` ends a cell (borrowed as written).
    if !s.contains('\\') {
        return s.split('|').map(|c| c.trim().into()).collect();
    }
    let mut cells = Vec::new();
    let mut cur = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cur.push('|');
                chars.next();
            }
            '|' => cells.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    cells.push(cur);
    cells.iter().map(|c| c.trim().to_string().into()).collect()
}

/// The bullets a word processor writes (`•`, `◦`, …), list markers beside `-`, `*`, `+`, `–`.
const BULLET_GLYPHS: [char; 5] = ['•', '▪', '●', '◦', '‣'];

/// `- `, `* `, `+ `, `• `, `1. `, `1) ` list markers; returns the marker length and the body.
fn list_item(s: &str) -> Option<(usize, &str)> {
    let mut chars = s.char_indices();
    let (_, first) = chars.next()?;
    if matches!(first, '-' | '*' | '+' | '–') || BULLET_GLYPHS.contains(&first) {
        let after = first.len_utf8();
        let rest = &s[after..];
        if rest.starts_with([' ', '\t']) {
            return Some((after, rest.trim_start()));
        }
        if rest.is_empty() {
            return Some((after, ""));
        }
        return None;
    }
    let digits = s.chars().take_while(char::is_ascii_digit).count();
    if (1..=3).contains(&digits) {
        let rest = &s[digits..];
        if let Some(body) = rest.strip_prefix(['.', ')'])
            && (body.starts_with([' ', '\t']) || body.is_empty())
        {
            return Some((digits + 1, body.trim_start()));
        }
    }
    None
}

/// `**• 10:00:** …`, `*◦ text*`: the emphasis mark and what follows a bullet glyph written just
/// inside it (a word processor's list pasted in bold). Only glyphs: `**-` and `***` are not
/// bullets.
fn bullet_inside_emphasis(s: &str) -> Option<(&str, &str)> {
    let mark_len = s.bytes().take_while(|b| matches!(b, b'*' | b'_')).count();
    if !(1..=2).contains(&mark_len) {
        return None;
    }
    let rest = &s[mark_len..];
    let glyph = rest.chars().next()?;
    if !BULLET_GLYPHS.contains(&glyph) {
        return None;
    }
    let after = &rest[glyph.len_utf8()..];
    after
        .starts_with([' ', '\t'])
        .then(|| (&s[..mark_len], after.trim_start()))
}

fn checkbox(body: &str) -> (Option<bool>, &str) {
    for (mark, done) in [("[ ]", false), ("[x]", true), ("[X]", true)] {
        if let Some(rest) = body.strip_prefix(mark) {
            return (Some(done), rest.trim_start());
        }
    }
    (None, body)
}

/// Whether a bold-only line's text is a sentence written in bold for emphasis rather than a
/// heading: it ends with a sentence stop (`.` or `!`, or one inside a closing quote or
/// bracket) and has at least four words. Headings are short and carry no full stop
/// (`**Timeline**`, `**December 18, 2021**`, `**Root cause:**`); a question is a heading too
/// (`**Why did the alert not fire?**`, the five whys).
fn is_bold_sentence(inner: &str) -> bool {
    let end = inner.trim_end_matches(['"', '\'', ')', '”', '’']);
    end.ends_with(['.', '!']) && !end.ends_with("...") && inner.split_whitespace().count() >= 4
}

/// The inner text when the whole line is `**...**` or `__...__` (a trailing colon allowed).
fn bold_only(s: &str) -> Option<&str> {
    let s = s.trim().trim_end_matches(':').trim_end();
    for m in ["**", "__"] {
        if let Some(inner) = s.strip_prefix(m).and_then(|r| r.strip_suffix(m)) {
            let inner = inner.trim().trim_end_matches(':').trim();
            if !inner.is_empty() && !inner.contains(m) {
                return Some(inner);
            }
        }
    }
    None
}

/// HTML out: `<h2>X</h2>` becomes `## X`, `<li>` a list item, other tags and comments go.
/// `<br>`, `<p>`, `<div>` and the ends of headings and items become [`BREAK`]s (where a line
/// of text ends). Linear: once no `>` is left, no `<` can open a tag.
fn strip_html(s: &str, in_comment: &mut bool) -> String {
    if !s.contains('<') && !*in_comment {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    // A table row written whole on this line (`<tr><td>10:05</td><td>…</td></tr>`) becomes a
    // pipe row; a row of `<th>` cells is followed by a separator, so it reads as the header.
    let mut row_on_line = false;
    // A header is a row of `<th>` cells only (`<tr><th>10:05</th><td>…` is a row of data).
    let (mut th_cells, mut td_cells) = (false, false);
    // Where the line's last `</tr` starts (found once: the line is read in one pass).
    let last_row_end = s
        .as_bytes()
        .windows(4)
        .rposition(|w| w.eq_ignore_ascii_case(b"</tr"));
    loop {
        if *in_comment {
            match rest.find("-->") {
                Some(p) => {
                    rest = &rest[p + 3..];
                    *in_comment = false;
                }
                None => return out,
            }
        }
        let Some(p) = rest.find('<') else {
            out.push_str(rest);
            break;
        };
        out.push_str(&rest[..p]);
        let tail = &rest[p..];
        if let Some(after) = tail.strip_prefix("<!--") {
            *in_comment = true;
            rest = after;
            continue;
        }
        let Some(close) = tail.find('>') else {
            // No tag can close from here on.
            out.push_str(tail);
            break;
        };
        let name: String = tail[1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '/')
            .collect::<String>()
            .to_ascii_lowercase();
        // `<START OF OUTAGE>`: words in capitals between brackets are a marker people write,
        // not a tag.
        let inside = &tail[1..close];
        let marker = inside.contains(' ')
            && inside
                .chars()
                .all(|c| c.is_ascii_uppercase() || c == ' ' || c == '-' || c == '_');
        let looks_like_tag = !marker
            && !name.is_empty()
            && name
                .trim_start_matches('/')
                .starts_with(|c: char| c.is_ascii_alphabetic());
        if !looks_like_tag {
            out.push('<');
            rest = &tail[1..];
            continue;
        }
        // `</p>` closes; `<br/>` (XHTML's empty tag, no space) is `<br>`.
        let bare = name.trim_matches('/');
        let heading = bare
            .strip_prefix('h')
            .and_then(|d| d.parse::<usize>().ok())
            .filter(|l| (1..=6).contains(l));
        if bare == "tr"
            && !name.starts_with('/')
            && last_row_end.is_some_and(|end| end > s.len() - tail.len())
        {
            row_on_line = true;
            (th_cells, td_cells) = (false, false);
            out.push(ROW_BREAK);
            out.push('|');
        } else if row_on_line && matches!(bare, "td" | "th") {
            if name.starts_with('/') {
                out.push_str(" |");
            } else {
                th_cells |= bare == "th";
                td_cells |= bare == "td";
                out.push(' ');
            }
        } else if row_on_line && name == "/tr" {
            row_on_line = false;
            if th_cells && !td_cells {
                out.push(ROW_BREAK);
                out.push_str("| --- |");
            }
            out.push(ROW_BREAK);
        } else if !name.starts_with('/') {
            if let Some(level) = heading {
                out.push(BREAK);
                out.push_str(&"#".repeat(level));
                out.push(' ');
            } else if bare == "li" {
                out.push(BREAK);
                out.push_str("- ");
            } else if matches!(bare, "br" | "p" | "div") {
                out.push(BREAK);
            }
        } else if heading.is_some() || matches!(bare, "br" | "p" | "div" | "li") {
            out.push(BREAK);
        }
        rest = &tail[close + 1..];
    }
    out
}

/// Inline Markdown to plain text (with the link targets), via pulldown-cmark.
pub fn inline(s: &str) -> (String, Vec<String>) {
    // Text with no inline Markdown at all (most timeline lines) needs no parser. (`<` and `>`
    // are plain here: tags and autolinks were taken out by `strip_html` before.)
    // A table of the bytes that may start inline Markdown, read once per byte (1). `#`, `|`
    // and `=` (2) mean something only at a line's start (a heading, a table, a setext
    // underline: `needs_protection` below; the parser reads no tables here): inside one line
    // (`opens #inc-770`, `a | b`, `x = 5`) they are text, unless a `\r` or `\n` (4) starts
    // another line.
    const MARKUP: [u8; 256] = {
        let mut t = [0; 256];
        let marks = b"*_`[]!&\\~";
        let mut i = 0;
        while i < marks.len() {
            t[marks[i] as usize] = 1;
            i += 1;
        }
        let (starts, breaks) = (b"#|=", b"\r\n");
        let mut j = 0;
        while j < starts.len() {
            t[starts[j] as usize] = 2;
            j += 1;
        }
        t[breaks[0] as usize] = 4;
        t[breaks[1] as usize] = 4;
        t
    };
    let marks = s.bytes().fold(0, |seen, b| seen | MARKUP[usize::from(b)]);
    let plain = marks & 1 == 0 && marks & 6 != 6;
    if plain && !needs_protection(s.trim()) {
        return (
            clean_line_owned(one_spaced(&strip_shortcodes(s))),
            Vec::new(),
        );
    }
    inline_parsed(s)
}

/// [`inline`] by the CommonMark parser: its text with emphasis, code spans and links read.
fn inline_parsed(s: &str) -> (String, Vec<String>) {
    let protected = protect_block_start(s);
    let mut text = String::with_capacity(s.len());
    let mut links = Vec::new();
    let mut image_depth = 0usize;
    // A reference link whose definition is elsewhere in the file (`[fixed][fix-pr]`, `[the
    // PR][]`) keeps its words, not its brackets; a lone `[10:30]` or `[x]` stays as written.
    let references = |b: BrokenLink<'_>| {
        matches!(b.link_type, LinkType::Reference | LinkType::Collapsed)
            .then(|| (CowStr::Borrowed(""), CowStr::Borrowed("")))
    };
    let parser = Parser::new_with_broken_link_callback(
        &protected,
        Options::ENABLE_STRIKETHROUGH,
        Some(references),
    );
    for ev in parser {
        match ev {
            Event::Start(Tag::Image { dest_url, .. }) => {
                image_depth += 1;
                let _ = dest_url;
            }
            Event::End(TagEnd::Image) => image_depth = image_depth.saturating_sub(1),
            Event::Start(Tag::Link { dest_url, .. }) if !dest_url.is_empty() => {
                links.push(clean_line(&dest_url))
            }
            Event::Text(t) if image_depth == 0 => text.push_str(&t),
            // A code span of one word of letters keeps its marks: it names a state or a
            // thing (the alert manager's `resolved` messages, `DiskPressure`), which the
            // lexicon must not read as told. Other code (a time, a command) is read as text.
            Event::Code(t) if image_depth == 0 => {
                let name =
                    !t.is_empty() && t.chars().all(|c| c.is_alphabetic() || c == '_' || c == '-');
                if name {
                    text.push('`');
                }
                text.push_str(&t);
                if name {
                    text.push('`');
                }
            }
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            // A theory struck through is kept marked: the importer reads it as ruled out.
            Event::Start(Tag::Strikethrough) | Event::End(TagEnd::Strikethrough) => {
                text.push_str("~~")
            }
            _ => {}
        }
    }
    (
        without_unpaired_bold(clean_line_owned(one_spaced(&strip_shortcodes(&text)))),
        links,
    )
}

/// A line's text without the one bold mark its line leaves open or closes: a bold item that
/// runs over two lines (`- **01:38: alerts fired, the backup` / `  contact got paged**`)
/// is read a line at a time, and the parser keeps a mark without its pair as text. Left on,
/// it hides the entry's time (`**01:38: …`), so the item would be read as a note on the
/// one before it.
fn without_unpaired_bold(text: String) -> String {
    for m in ["**", "__"] {
        if text.matches(m).count() != 1 {
            continue;
        }
        if let Some(rest) = text.strip_prefix(m) {
            return rest.trim_start().to_string();
        }
        if let Some(rest) = text.strip_suffix(m) {
            return rest.trim_end().to_string();
        }
    }
    text
}

/// Words separated by single spaces, no space at either end.
fn one_spaced(s: &str) -> String {
    // Already single-spaced (most lines): a copy. No space at either end or after another, no
    // other white space: each found by a search of the whole text at once (the kinds beyond
    // ASCII, `\u{a0}`, `\u{2009}`, …, read at the bytes that can start them: a dash is not
    // decoded).
    let b = s.as_bytes();
    let spaced = b.first().is_none_or(|c| *c != b' ')
        && b.last().is_none_or(|c| *c != b' ')
        && memchr::memchr3(b'\t', b'\n', b'\r', b).is_none()
        && memchr::memchr2(b'\x0b', b'\x0c', b).is_none()
        && memchr::memmem::find(b, b"  ").is_none()
        && (b.is_ascii()
            || memchr::memchr3_iter(0xC2, 0xE1, 0xE2, b)
                .chain(memchr::memchr_iter(0xE3, b))
                .all(|i| !wide_space_at(b, i)));
    if spaced {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Whether a white space character other than ASCII (`char::is_whitespace`: U+0085, U+00A0,
/// U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000) starts at byte `i` of
/// `b` (UTF-8), read from its bytes.
fn wide_space_at(b: &[u8], i: usize) -> bool {
    matches!(
        (b[i], b.get(i + 1), b.get(i + 2)),
        (0xC2, Some(0x85 | 0xA0), _)
            | (0xE1, Some(0x9A), Some(0x80))
            | (0xE2, Some(0x80), Some(0x80..=0x8A | 0xA8 | 0xA9 | 0xAF))
            | (0xE2, Some(0x81), Some(0x9F))
            | (0xE3, Some(0x80), Some(0x80))
    )
}

/// Whether pulldown-cmark would read the start of `s` (trimmed) as a block marker.
fn needs_protection(s: &str) -> bool {
    if s.starts_with(['#', '>', '+', '-', '*', '=', '<', '|', '~', '`', '_']) {
        return true;
    }
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && s[digits..].starts_with(['.', ')'])
}

/// Keep pulldown-cmark from reading a line's start as a block (`2024. …` as a list, `# x`).
fn protect_block_start(s: &str) -> String {
    let s = s.trim();
    if s.starts_with(['#', '>', '+', '-', '*', '=', '<', '|', '~', '`', '_']) {
        let first = s.chars().next().unwrap_or(' ');
        // Emphasis must keep working: `**bold**` and `__x__` stay as they are.
        let emphasis =
            (first == '*' || first == '_') && s[1..].starts_with(|c: char| !c.is_whitespace());
        if !emphasis && first != '`' && first != '<' {
            return format!("\\{s}");
        }
    }
    let digits = s.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && s[digits..].starts_with(['.', ')']) {
        return format!("{}\\{}", &s[..digits], &s[digits..]);
    }
    s.to_string()
}

/// `:small_orange_diamond:` style emoji codes out.
fn strip_shortcodes(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains(':') {
        return s.into();
    }
    // The text is copied only from its first code on: the `:` of clocks (`10:30`) are most
    // of those read, and leave it as it is.
    let mut out = String::new();
    // `s[..copied]` is done with (in `out`, codes left out); `:` are looked for from `from`.
    let (mut copied, mut from) = (0, 0);
    while let Some(p) = s[from..].find(':').map(|p| from + p) {
        let after = &s[p + 1..];
        let name_len = after
            .find(|c: char| {
                !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '+' || c == '-')
            })
            .unwrap_or(after.len());
        let name = &after[..name_len];
        if name_len >= 2
            && after[name_len..].starts_with(':')
            && name.chars().any(|c| c.is_ascii_lowercase())
            && (name.contains('_') || name.len() >= 3)
            && !s[copied..p].ends_with(|c: char| c.is_ascii_alphanumeric())
        {
            out.push_str(&s[copied..p]);
            copied = p + 1 + name_len + 1;
            from = copied;
        } else {
            from = p + 1;
        }
    }
    if copied == 0 {
        return s.into();
    }
    out.push_str(&s[copied..]);
    out.into()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_table_separator_in_any_of_its_shapes() {
        for sep in [
            "|---|---|",
            "| :- | :- | :- |",
            "|:--|--:|:-:|",
            "| --- | -: |",
            ":--- | ---",
        ] {
            assert!(is_table_sep(sep), "{sep}");
        }
        for row in ["| - | - |", "- item", "| a | - |", "---", "|  |  |"] {
            assert!(!is_table_sep(row), "{row}");
        }
    }

    use super::*;

    #[test]
    fn backticks_closed_on_the_same_line_are_inline_code_not_a_fence() {
        let k = kinds("```dial tcp: connection refused```\nText after.\n```\ncode\n```");
        assert_eq!(k[0], Kind::Text("dial tcp: connection refused".into()));
        assert_eq!(k[1], Kind::Text("Text after.".into()));
        assert_eq!(k[3], Kind::Code("code".into()));
    }

    #[test]
    fn a_bullet_glyph_inside_bold_is_the_items_marker() {
        let k = kinds(
            "**•\t09:10 CET:** Cache hit rate falls.  \n**◦ 09:20:** Restart.\n**- x**\n***y***",
        );
        assert_eq!(
            k[..2],
            [
                Kind::Item {
                    check: None,
                    text: "09:10 CET: Cache hit rate falls.".into()
                },
                Kind::Item {
                    check: None,
                    text: "09:20: Restart.".into()
                }
            ]
        );
        assert!(!matches!(k[2], Kind::Item { .. }), "{:?}", k[2]);
        assert!(!matches!(k[3], Kind::Item { .. }), "{:?}", k[3]);
    }

    #[test]
    fn a_fence_closes_only_on_a_bare_run_at_least_as_long() {
        // "```bash" inside a block is a line of it; the bare "```" after closes it, and the
        // text after the block is text again.
        let k = kinds("```\n```bash\nls\n```\nAfter the block.\n````\n```\n````\nText.");
        let code: Vec<&Kind> = k.iter().filter(|k| matches!(k, Kind::Code(_))).collect();
        assert_eq!(
            code,
            [
                &Kind::Code("```bash".into()),
                &Kind::Code("ls".into()),
                &Kind::Code("```".into())
            ]
        );
        assert_eq!(k[4], Kind::Text("After the block.".into()));
        assert_eq!(k[8], Kind::Text("Text.".into()));
    }

    #[test]
    fn a_block_fenced_as_markdown_is_read_as_the_document() {
        // A template wraps each section in "```md": the block's lines are headings, items
        // and text; its closing fence ends it, and a block of another language stays code.
        let k = kinds(
            "```md\n## Timeline\n- _10:56_ - Errors begin\nAll times UTC.\n```\n```text\n- 10:58 - ls\n```\nAfter.",
        );
        assert!(matches!(&k[1], Kind::Heading { level: 2, text } if text == "Timeline"));
        assert!(matches!(&k[2], Kind::Item { text, .. } if text.contains("10:56")));
        assert!(matches!(&k[3], Kind::Text(t) if t == "All times UTC."));
        assert_eq!(k[4], Kind::Blank);
        assert!(matches!(&k[6], Kind::Code(_)));
        assert_eq!(k[8], Kind::Text("After.".into()));
    }

    #[test]
    fn one_spaced_shortcut_matches_the_word_pass() {
        for t in [
            "",
            " ",
            "a b",
            " a b",
            "a b ",
            "a  b",
            "a\tb",
            "a\u{a0}b",
            "one two three",
            "x\r",
            "06:00 – orders-db deployed",
            "\u{a0}lead",
            "trail\u{2009}",
            "a \u{3000}b",
            "Ünïcode  twice",
            "x\u{85}y",
            "a\x0bb",
            "a\x0cb",
            "a\nb",
            "a line of plain words longer than sixteen bytes, one gap  near the end",
            "x\u{1680}y",
            "06:00 – deploy\u{202f}done",
            "Ünïcode words – no gaps, ≈ 5 min",
            "ideographic\u{3000}space",
        ] {
            let words: Vec<&str> = t.split_whitespace().collect();
            assert_eq!(one_spaced(t), words.join(" "), "{t:?}");
        }
    }

    fn kinds(src: &str) -> Vec<Kind> {
        read_lines(src).into_iter().map(|l| l.kind).collect()
    }

    #[test]
    fn an_html_table_row_on_one_line_is_a_pipe_row() {
        let k = kinds(
            "<table><tr><th>Time</th><th>Event</th></tr><tr><td>10:05</td><td>Alert fires</td></tr></table>",
        );
        // A `<th>` beside `<td>` cells is a row's label, not a header.
        let labelled = kinds("<table><tr><th>10:05</th><td>Alert fires</td></tr></table>");
        assert!(!labelled.contains(&Kind::TableSep), "{labelled:?}");
        let rows: Vec<&Kind> = k
            .iter()
            .filter(|k| matches!(k, Kind::Row(_) | Kind::TableSep))
            .collect();
        assert_eq!(
            rows,
            [
                &Kind::Row(vec!["Time".into(), "Event".into()]),
                &Kind::TableSep,
                &Kind::Row(vec!["10:05".into(), "Alert fires".into()]),
            ]
        );
    }

    #[test]
    fn headings_of_every_shape() {
        let k = kinds(
            "##Issue Summary:\n# Title #\nSetext\n======\n**Timeline:**\nTimeline:\n<h2>Impact:</h2>\n> ## Root cause",
        );
        let h: Vec<String> = k
            .iter()
            .filter_map(|k| match k {
                Kind::Heading { text, .. } => Some(text.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(
            h,
            [
                "Issue Summary",
                "Title",
                "Setext",
                "Timeline",
                "Timeline",
                "Impact",
                "Root cause"
            ]
        );
        assert!(matches!(&kinds("#1 priority")[0], Kind::Text(_)));
        // Two marks or more before a date or time: a heading written without its space; before
        // a number alone, text.
        assert!(matches!(&kinds("##42 was the ticket")[0], Kind::Text(_)));
        assert_eq!(
            kinds("##2024-01-23 22:00")[0],
            Kind::Heading {
                level: 2,
                text: "2024-01-23 22:00".into()
            }
        );
    }

    #[test]
    fn items_checkboxes_tables() {
        let k = kinds("- [x] done it\n3. third **bold**\n| a | b |\n|---|---|\n| 1 | 2 |");
        assert_eq!(
            k[0],
            Kind::Item {
                check: Some(true),
                text: "done it".into()
            }
        );
        assert_eq!(
            k[1],
            Kind::Item {
                check: None,
                text: "third bold".into()
            }
        );
        assert_eq!(k[2], Kind::Row(vec!["a".into(), "b".into()]));
        assert_eq!(k[3], Kind::TableSep);
    }

    #[test]
    fn inline_cleaning() {
        let (t, links) =
            inline("**10:30** - see [the graph](http://g) ![img](x.png) `code` :fire: &amp;");
        // A code span of one word keeps its marks (it names a thing); other code is text.
        assert_eq!(t, "10:30 - see the graph `code` &");
        assert_eq!(
            inline("ran `systemctl restart web` at `12:05`").0,
            "ran systemctl restart web at 12:05"
        );
        assert_eq!(links, ["http://g"]);
        assert_eq!(inline("2024. A year").0, "2024. A year");
        assert_eq!(inline("___Patch Nginx___").0, "Patch Nginx");
        assert_eq!(inline("10:30:15 UTC").0, "10:30:15 UTC");
        assert_eq!(inline("esc\u{1b}[2Jape").0, "escape");
        // A bold item over two lines leaves one mark on each: neither is text.
        assert_eq!(
            inline("**01:38: alerts fired, the backup").0,
            "01:38: alerts fired, the backup"
        );
        assert_eq!(inline("contact got paged**").0, "contact got paged");
        assert_eq!(inline("2 ** 10 requests").0, "2 ** 10 requests");
    }

    #[test]
    fn html_and_quotes() {
        let k = kinds(
            "<p>&emsp;:small_orange_diamond:16:15 GMT+1: alert</p>\n<!-- hidden\nstill -->shown\n<li>item</li>",
        );
        assert_eq!(k[0], Kind::Text("16:15 GMT+1: alert".into()));
        assert_eq!(k[1], Kind::Blank);
        assert_eq!(k[2], Kind::Text("shown".into()));
        assert_eq!(
            k[3],
            Kind::Item {
                check: None,
                text: "item".into()
            }
        );
    }

    /// Whether `lines` holds a heading reading `t`.
    fn has_heading(lines: &[Line], t: &str) -> bool {
        lines
            .iter()
            .any(|l| matches!(&l.kind, Kind::Heading { text, .. } if text == t))
    }

    /// Whether `lines` holds a line of text containing `t`.
    fn has_text(lines: &[Line], t: &str) -> bool {
        lines
            .iter()
            .any(|l| matches!(&l.kind, Kind::Text(x) if x.contains(t)))
    }

    #[test]
    fn a_bold_piece_of_a_broken_paragraph_is_not_a_heading() {
        let text = "10:30 - vendor ships a fix\n**\\<END OF OUTAGE>**<br> 11:00 - cannot reproduce\n\
                    **Fixed**<br>11:20 - done\n**Timeline**<br>11:40 - later\n**Day two**";
        let lines = read_lines(text);
        let heading = |t: &str| has_heading(&lines, t);
        let textual = |t: &str| has_text(&lines, t);
        assert!(textual("END OF OUTAGE") && textual("Fixed"), "{lines:?}");
        assert!(textual("11:00 - cannot reproduce") && textual("11:20 - done"));
        // A piece that names a section, and a bold line of its own, stay headings.
        assert!(heading("Timeline") && heading("Day two"), "{lines:?}");
    }

    #[test]
    fn a_bold_sentence_is_emphasis_not_a_heading() {
        let text = "**Mind that the vendor was told as early as 9:58 UTC.**\n\
                    **Nobody paged the database team!**\n\
                    **Why did nobody page the database team?**\n\
                    **Timeline.**\n**March 3, 2023**\n**What went wrong**\n**Wait...**";
        let lines = read_lines(text);
        let heading = |t: &str| has_heading(&lines, t);
        let textual = |t: &str| has_text(&lines, t);
        assert!(
            textual("as early as 9:58") && textual("Nobody paged"),
            "{lines:?}"
        );
        // Short bold lines, with or without a stop, stay headings.
        assert!(
            heading("March 3, 2023") && heading("What went wrong"),
            "{lines:?}"
        );
        assert!(
            heading("Why did nobody page the database team?"),
            "{lines:?}"
        );
        assert!(
            lines
                .iter()
                .filter(|l| matches!(l.kind, Kind::Heading { .. }))
                .count()
                == 5
        );
    }

    #[test]
    fn a_reference_link_keeps_its_words_and_a_lone_bracket_stays() {
        assert_eq!(
            inline("mirror out of date for 9 hours ([fixed][fix-pr])").0,
            "mirror out of date for 9 hours (fixed)"
        );
        assert_eq!(
            inline("see [the runbook][] first").0,
            "see the runbook first"
        );
        assert_eq!(inline("[10:30] pager fires").0, "[10:30] pager fires");
        assert_eq!(inline("[x] done").0, "[x] done");
    }

    #[test]
    fn wide_spaces_read_from_bytes_as_chars_read_them() {
        let mut buf = [0u8; 4];
        for c in (0x80..=0x10FFFF).filter_map(char::from_u32) {
            let b = c.encode_utf8(&mut buf).as_bytes();
            assert_eq!(wide_space_at(b, 0), c.is_whitespace(), "{:X}", u32::from(c));
        }
    }

    #[test]
    fn shortcodes_out_as_the_copying_pass_took_them() {
        // The pass that copied every text, as the oracle.
        let copying = |s: &str| {
            let mut out = String::new();
            let mut rest = s;
            while let Some(p) = rest.find(':') {
                let after = &rest[p + 1..];
                let name_len = after
                    .find(|c: char| {
                        !(c.is_ascii_lowercase() || c.is_ascii_digit() || "_+-".contains(c))
                    })
                    .unwrap_or(after.len());
                let name = &after[..name_len];
                if name_len >= 2
                    && after[name_len..].starts_with(':')
                    && name.chars().any(|c| c.is_ascii_lowercase())
                    && (name.contains('_') || name.len() >= 3)
                    && !rest[..p].ends_with(|c: char| c.is_ascii_alphanumeric())
                {
                    out.push_str(&rest[..p]);
                    rest = &after[name_len + 1..];
                } else {
                    out.push_str(&rest[..=p]);
                    rest = after;
                }
            }
            out.push_str(rest);
            out
        };
        for t in [
            "",
            "10:30 UTC - no codes",
            ":fire: deploy at 10:30",
            "deploy :fire::fire: twice",
            "x:fire: glued to a word",
            ":small_orange_diamond: a:b: c::d :ok:",
            "ends with a colon:",
            "::a_b::",
            "10:30:fire:",
            ":a: :ab: :abc: :a_: :AB: :x1_:",
            "é:fire:é – :thumbsup:",
        ] {
            assert_eq!(strip_shortcodes(t), copying(t), "{t:?}");
        }
        assert!(matches!(
            strip_shortcodes("10:30 – rollback"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn marks_inside_a_line_read_as_the_parser_reads_them() {
        // `#`, `|`, `=` inside one line take the parser-free path: the same text as the parser's.
        for line in [
            "06:06 - Sam opens #inc-770 and pages the database team",
            "latency p99 | p50 both up",
            "set pool_size = 40 on the primary",
            "  padded  #ops   line with   gaps  ",
            "issue #4521 : reverted the change",
            "3 # of 4 replicas lagging",
        ] {
            assert_eq!(inline(line), inline_parsed(line), "{line}");
        }
        // A real link keeps its address; a reference without one adds none.
        assert_eq!(
            inline("[PR](https://example.com/pr/1) and [fix][f]").1,
            ["https://example.com/pr/1"]
        );
    }
}
