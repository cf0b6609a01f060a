//! `retrace note`: add an event to an incident file from another terminal or a script.

use std::io::{self, Write};
use std::path::Path;

use crate::model::EventKind;
use crate::store::{self, Writer, stamp};

/// The flags of `retrace note`.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub kind: Option<EventKind>,
    pub at: Option<String>,
    pub branch: Option<String>,
    pub author: Option<String>,
    /// Rewrite the file in retrace's layout when it cannot be edited in place (its comments are
    /// lost; without this, the note is refused and nothing is written).
    pub rewrite: bool,
}

/// Save the note (a locked read-merge-write) and print `saved <time> <kind> "<text>"` once it
/// is on disk.
pub fn run(file: &Path, text: &str, opts: &Options, out: &mut impl Write) -> io::Result<bool> {
    // `-` reads the text from standard input (`make deploy 2>&1 | tail -1 | retrace note F -`).
    let stdin_text;
    let text = if text == "-" {
        let mut s = String::new();
        io::Read::read_to_string(&mut io::stdin(), &mut s)?;
        stdin_text = s.split_whitespace().collect::<Vec<_>>().join(" ");
        stdin_text.as_str()
    } else {
        text
    };
    let author = stamp::default_author(opts.author.as_deref(), file.parent());
    let mut writer = Writer::new(file, author).with_program("retrace note");
    writer.allow_rewrite(opts.rewrite);
    // Say who we wait for, once, when another writer holds the lock.
    let mut said = false;
    writer.on_lock_wait(Box::new(move |holder, _| {
        if !said {
            said = true;
            let who = holder.map_or("another writer".to_string(), |h| h.to_string());
            eprintln!("retrace: waiting for the lock held by {who}...");
        }
    }));
    let at = match &opts.at {
        Some(raw) => {
            // The clock is read against the incident as it is now (its zone, its last event).
            let incident = match writer.load() {
                Ok((inc, _)) => inc,
                Err(e) => return fail(&e),
            };
            match stamp::resolve_time(raw, &incident, stamp::now()) {
                Ok(t) => Some(t),
                Err(msg) => {
                    report!("retrace: --at: {msg}");
                    return Ok(false);
                }
            }
        }
        None => None,
    };
    let saved = match writer.note(text, at, opts.kind, opts.branch.as_deref()) {
        Ok(s) => s,
        Err(e) => return fail(&e),
    };
    for w in &saved.warnings {
        report!("{w}");
    }
    if let Some(key) = &saved.event
        && let Some(e) = key
            .find(&saved.incident.timeline)
            .map(|i| &saved.incident.timeline[i])
    {
        let zone = saved.incident.display_offset();
        let local = e.at.with_timezone(&zone);
        let mut line = format!(
            "saved {} {}",
            local.format("%Y-%m-%d %H:%M:%S"),
            crate::ingest::yaml::format_offset(zone),
        );
        // Also on this machine's clock, when the incident is told in another zone.
        let here = *e.at.with_timezone(&chrono::Local).offset();
        let here = chrono::Offset::fix(&here);
        if here != zone {
            line.push_str(&format!(
                " ({} here)",
                e.at.with_timezone(&here).format("%H:%M")
            ));
        }
        line.push_str(&format!("  {}", e.kind));
        if let Some(b) = &e.branch {
            line.push_str(&format!("  on {b}"));
        }
        line.push_str(&format!("  \"{}\"", e.text));
        if let Some(a) = &e.author {
            line.push_str(&format!(" by {a}"));
        }
        writeln!(out, "{}", crate::model::text::clean_line(&line))?;
        // The kind is what the responder said; when the words read like another, say how to
        // state it (never written as a guess).
        if opts.kind.is_none()
            && let Some((k, why)) = crate::ingest::lexicon::classify_kind(&e.text)
            && k != EventKind::Note
        {
            eprintln!(
                "  hint: saved as a note; it reads like {k} (rule {}: \"{}\"): add --kind {k} to say so",
                why.rule,
                crate::model::text::clean_line(&why.matched)
            );
        }
        if saved.rewritten {
            eprintln!(
                "  note: the file was rewritten in retrace's layout (--rewrite); its comments were dropped"
            );
        }
    } else {
        writeln!(out, "saved")?;
    }
    out.flush()?;
    Ok(true)
}

fn fail(e: &store::StoreError) -> io::Result<bool> {
    report!(
        "retrace: {}",
        crate::model::text::clean_line(&e.to_string().replace('\n', " "))
    );
    match e {
        // Only when the incident file itself is missing (not its folder's lock file).
        store::StoreError::Io { source, .. } if source.kind() == io::ErrorKind::NotFound => {
            report!("  hint: start an incident file with `retrace new \"TITLE\"`");
        }
        store::StoreError::NotEditable { .. } => {
            report!(
                "  hint: add --rewrite to write the whole file in retrace's layout anyway, or edit it by hand"
            );
        }
        store::StoreError::Locked { .. } => {
            report!("  hint: try again when that writer is done; if it is stuck, stop it");
        }
        _ => {}
    }
    Ok(false)
}
