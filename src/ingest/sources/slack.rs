//! A Slack channel export: the ZIP from the workspace admin's export (or one made with
//! slackdump), or the folder it unpacks to. Only the chosen channel's day files are read
//! (`CHANNEL/YYYY-MM-DD.json`, each an array of messages), plus `users.json` for names and
//! `channels.json` (and `groups.json`, `mpims.json`, `dms.json`) for the channel.
//!
//! | Slack | retrace |
//! | --- | --- |
//! | `ts` | the event's instant (UTC); the day file's name is never used as a date |
//! | `user` → `users.json` (or the message's `user_profile`) | author: real name, else display name, else handle, else the raw id |
//! | bot posts (`bot_id`, `bot_message`, a bot user) | author "NAME (bot)" |
//! | `text` (mrkdwn), else the blocks' words, else attachments, else file titles | text: `<@U…>` → @name, `<#C…\|name>` → #name, `<!here>` → @here, `<url\|label>` → label (the URL kept as a link), entities decoded once, `*bold*`/`_italic_` unwrapped, `~strike~` → `~~strike~~` (a struck theory), `:emoji:` dropped |
//! | links in the text, file permalinks, attachment title links | links, with the export token (`t=`) removed |
//! | thread root and replies (`thread_ts`) | one thread: a branch when its words tell of a theory (see [`crate::ingest::branches::assign_thread_branches`]) |
//! | `pinned_to`, a 📌 / ⏱ reaction (`pushpin`, `round_pushpin`, `stopwatch`) | key moment |
//! | `edited` | " (edited at HH:MM:SS UTC)" after the text; the event stays at `ts`. A bot's edited post gives no kind or milestone (its final words are not what it said then) |
//! | joins, leaves, topic/purpose/name changes, pins, reminders | dropped |
//! | `tombstone` (a deleted message whose thread has replies) | "(deleted message)", a note |
//! | channel `purpose` (else `topic`, else `#name`) | title |
//!
//! Sizes are bounded (a day file, the channel, the metadata files) and read with a cap on the
//! decompressed bytes, so a ZIP bomb stops at the cap; ZIP entry names are only compared,
//! never used as paths.

use std::collections::{HashMap, HashSet};
use std::io::Read as _;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Offset};
use serde::Deserialize;
use serde_json::value::RawValue;

use super::{Locator, Options, Read, System, parse_json, parse_raw, text_of, too_big};
use crate::ingest::candidate::{Candidate, Entry, Origin, SourceKind};
use crate::ingest::{Diagnostic, LoadError};
use crate::model::text::clean_line;
use crate::model::{EventKind, Inference, RuleId, Timestamp};

/// The largest day file read (decompressed).
pub const MAX_DAY_FILE_BYTES: u64 = 32 * 1024 * 1024;
/// The most read from one channel's day files together.
pub const MAX_CHANNEL_BYTES: u64 = 256 * 1024 * 1024;
/// The largest metadata file read (`users.json` of a big workspace).
pub const MAX_META_BYTES: u64 = 64 * 1024 * 1024;
/// Reactions that mark a key moment (as incident.io, Rootly and Dispatch use them).
pub const KEY_REACTIONS: &[&str] = &["pushpin", "round_pushpin", "stopwatch"];

/// Metadata files that say a folder or ZIP is a Slack export.
const META_FILES: &[&str] = &[
    "channels.json",
    "users.json",
    "groups.json",
    "dms.json",
    "mpims.json",
    "org_users.json",
];

/// Subtypes that are not part of the story.
const DROPPED: &[&str] = &[
    "channel_join",
    "channel_leave",
    "channel_topic",
    "channel_purpose",
    "channel_name",
    "channel_archive",
    "channel_unarchive",
    "channel_convert_to_private",
    "channel_convert_to_public",
    "group_join",
    "group_leave",
    "group_topic",
    "group_purpose",
    "group_name",
    "group_archive",
    "group_unarchive",
    "pinned_item",
    "unpinned_item",
    "reminder_add",
    "bot_add",
    "bot_remove",
    "joiner_notification",
    "channel_canvas_updated",
    "message_changed",
    "message_deleted",
];

/// An export, folder or ZIP: list and read its files by `/`-separated names relative to the
/// export's root.
enum Export {
    Folder(PathBuf),
    Zip {
        path: PathBuf,
        archive: Box<zip::ZipArchive<std::fs::File>>,
        /// Relative name → index in the archive.
        names: Vec<(String, usize)>,
    },
}

impl Export {
    fn open(path: &Path) -> Result<Export, LoadError> {
        let not_export = |what: &str| {
            LoadError::invalid(
                Diagnostic::error(
                    path,
                    0,
                    0,
                    format!(
                        "{what} that is not a Slack export: it has no channels.json or users.json"
                    ),
                )
                .with_hint(
                    "give the export ZIP as downloaded (workspace settings → Import/Export Data → \
                     Export), or the folder it unpacks to",
                ),
            )
        };
        if path.is_dir() {
            let has_meta = META_FILES.iter().any(|m| path.join(m).is_file());
            return if has_meta {
                Ok(Export::Folder(path.to_path_buf()))
            } else {
                Err(not_export("a folder"))
            };
        }
        let file = std::fs::File::open(path).map_err(|source| LoadError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let archive = zip::ZipArchive::new(file).map_err(|e| {
            LoadError::invalid(
                Diagnostic::error(path, 0, 0, format!("not a readable ZIP archive: {e}"))
                    .with_hint("download the export again; a Slack export is a ZIP file"),
            )
        })?;
        let mut all: Vec<(String, usize)> = Vec::with_capacity(archive.len());
        for i in 0..archive.len() {
            if let Some(Ok(name)) = archive.name_for_index(i) {
                all.push((name.replace('\\', "/"), i));
            }
        }
        // The metadata at the root, or inside one top folder (an export zipped again).
        let prefix = all
            .iter()
            .filter_map(|(n, _)| {
                let (dir, file) = n.rsplit_once('/').unwrap_or(("", n));
                (META_FILES.contains(&file) && !dir.contains('/')).then_some(dir)
            })
            .min_by_key(|d| d.len())
            .map(|d| {
                if d.is_empty() {
                    String::new()
                } else {
                    format!("{d}/")
                }
            })
            .ok_or_else(|| not_export("a ZIP"))?;
        let names = all
            .into_iter()
            .filter_map(|(n, i)| n.strip_prefix(&prefix).map(|r| (r.to_string(), i)))
            .collect();
        Ok(Export::Zip {
            path: path.to_path_buf(),
            archive: Box::new(archive),
            names,
        })
    }

    /// Where a file of the export is, for messages (`export.zip/channel/2025-03-11.json`).
    fn display(&self, name: &str) -> PathBuf {
        match self {
            Export::Folder(root) => root.join(name),
            Export::Zip { path, .. } => path.join(name),
        }
    }

    /// Folders directly under the root that hold at least one `.json` file.
    fn channel_folders(&self) -> Vec<String> {
        let mut out: Vec<String> = match self {
            Export::Folder(root) => std::fs::read_dir(root)
                .into_iter()
                .flatten()
                .flatten()
                .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                .filter_map(|e| e.file_name().to_str().map(str::to_string))
                .filter(|d| !self.day_files(d).is_empty())
                .collect(),
            Export::Zip { names, .. } => names
                .iter()
                .filter_map(|(n, _)| {
                    let (dir, file) = n.split_once('/')?;
                    (!dir.is_empty() && !file.contains('/') && file.ends_with(".json"))
                        .then(|| dir.to_string())
                })
                .collect(),
        };
        out.sort();
        out.dedup();
        out
    }

    /// The `.json` files directly inside a folder, as relative names, sorted.
    fn day_files(&self, folder: &str) -> Vec<String> {
        let mut out: Vec<String> = match self {
            Export::Folder(root) => std::fs::read_dir(root.join(folder))
                .into_iter()
                .flatten()
                .flatten()
                // Regular files only: a link could point anywhere.
                .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
                .filter_map(|e| e.file_name().to_str().map(str::to_string))
                .filter(|f| f.ends_with(".json"))
                .map(|f| format!("{folder}/{f}"))
                .collect(),
            Export::Zip { names, .. } => names
                .iter()
                .filter_map(|(n, _)| {
                    let file = n.strip_prefix(folder)?.strip_prefix('/')?;
                    (!file.contains('/') && file.ends_with(".json")).then(|| n.clone())
                })
                .collect(),
        };
        out.sort();
        out
    }

    /// A file's text, or `None` when the export has no such file. At most `limit` bytes are
    /// decompressed, whatever the ZIP's header says.
    fn read(&mut self, name: &str, limit: u64) -> Result<Option<String>, LoadError> {
        let shown = self.display(name);
        let io = |source| LoadError::Io {
            path: shown.clone(),
            source,
        };
        let bytes = match self {
            Export::Folder(root) => {
                let p = root.join(name);
                match std::fs::symlink_metadata(&p) {
                    Ok(m) if m.is_file() => {
                        if m.len() > limit {
                            return Err(too_big(&shown, m.len(), limit));
                        }
                        std::fs::read(&p).map_err(io)?
                    }
                    _ => return Ok(None),
                }
            }
            Export::Zip { archive, names, .. } => {
                let Some(&(_, index)) = names.iter().find(|(n, _)| n == name) else {
                    return Ok(None);
                };
                let entry = archive.by_index(index).map_err(|e| {
                    LoadError::invalid(
                        Diagnostic::error(&shown, 0, 0, format!("cannot read from the ZIP: {e}"))
                            .with_hint("download the export again"),
                    )
                })?;
                if entry.size() > limit {
                    return Err(too_big(&shown, entry.size(), limit));
                }
                let mut bytes = Vec::with_capacity(entry.size().min(limit) as usize);
                entry.take(limit + 1).read_to_end(&mut bytes).map_err(io)?;
                if bytes.len() as u64 > limit {
                    return Err(too_big(&shown, bytes.len() as u64, limit));
                }
                bytes
            }
        };
        text_of(&shown, bytes).map(Some)
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Profile {
    real_name: Option<String>,
    display_name: Option<String>,
    name: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct User {
    id: Option<String>,
    name: Option<String>,
    real_name: Option<String>,
    is_bot: Option<bool>,
    profile: Option<Profile>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct TextValue {
    value: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Channel {
    id: Option<String>,
    name: Option<String>,
    topic: Option<TextValue>,
    purpose: Option<TextValue>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Edited {
    ts: Option<serde_json::Value>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Reaction {
    name: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct FileRef {
    name: Option<String>,
    title: Option<String>,
    permalink: Option<String>,
    url_private: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Attachment {
    pretext: Option<String>,
    title: Option<String>,
    title_link: Option<String>,
    text: Option<String>,
    fallback: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct BotProfile {
    name: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Message {
    #[serde(rename = "type")]
    kind: Option<String>,
    subtype: Option<String>,
    ts: Option<serde_json::Value>,
    thread_ts: Option<serde_json::Value>,
    user: Option<String>,
    username: Option<String>,
    bot_id: Option<String>,
    bot_profile: Option<BotProfile>,
    user_profile: Option<Profile>,
    text: Option<String>,
    edited: Option<Edited>,
    pinned_to: Option<Vec<String>>,
    reactions: Option<Vec<Reaction>>,
    files: Option<Vec<FileRef>>,
    attachments: Option<Vec<Attachment>>,
    hidden: Option<bool>,
    /// Rich blocks of current clients and apps; read when `text` says nothing.
    blocks: Option<Vec<serde_json::Value>>,
}

/// A person or bot of the workspace, as shown.
struct Person {
    name: String,
    bot: bool,
}

/// A message read from a day file, with where it was.
struct Posted {
    message: Message,
    ts: String,
    at: Timestamp,
    line: usize,
}

/// Read the chosen channel of a Slack export (folder or ZIP). Errors: not an export, no such
/// channel (the ones that exist are listed), a day file that is not JSON (located), sizes over
/// the limits. A message that cannot be read is skipped with a located warning.
pub fn read(path: &Path, options: &Options) -> Result<Read, LoadError> {
    let mut export = Export::open(path)?;
    let mut read = Read::new(System::Slack);
    let limits = options.limits;

    let mut people: HashMap<String, Person> = HashMap::new();
    for meta in ["users.json", "org_users.json"] {
        for u in read_list::<User>(&mut export, meta, limits.meta, &mut read.diagnostics)? {
            let Some(id) = u.id.as_deref().map(clean_line).filter(|i| !i.is_empty()) else {
                continue;
            };
            let profile = u.profile.unwrap_or_default();
            let name = [
                profile.real_name.as_deref(),
                u.real_name.as_deref(),
                profile.display_name.as_deref(),
                u.name.as_deref(),
            ]
            .into_iter()
            .flatten()
            .map(clean_line)
            .find(|n| !n.is_empty())
            .unwrap_or_else(|| id.clone());
            people.insert(
                id,
                Person {
                    name,
                    bot: u.is_bot.unwrap_or(false),
                },
            );
        }
    }
    let mut channels: Vec<Channel> = Vec::new();
    for meta in ["channels.json", "groups.json", "mpims.json", "dms.json"] {
        channels.extend(read_list::<Channel>(
            &mut export,
            meta,
            limits.meta,
            &mut read.diagnostics,
        )?);
    }
    let channel_names: HashMap<String, String> = channels
        .iter()
        .filter_map(|c| Some((c.id.clone()?, clean_line(c.name.as_deref()?))))
        .collect();

    let (folder, channel) = choose_channel(path, &export, &channels, options)?;
    let channel_id = channel
        .and_then(|c| c.id.as_deref())
        .map(clean_line)
        .filter(|i| !i.is_empty())
        .unwrap_or_else(|| clean_line(&folder));
    if let Some(c) = channel {
        let value = |t: &Option<TextValue>| {
            t.as_ref()
                .and_then(|t| t.value.as_deref())
                .map(|v| decode(v, &people, &channel_names).0)
                .filter(|v| !v.is_empty())
        };
        read.story.incident.title = value(&c.purpose)
            .or_else(|| value(&c.topic))
            .unwrap_or_else(|| format!("#{}", clean_line(&folder)));
        read.story.incident.summary = value(&c.topic).filter(|_| value(&c.purpose).is_some());
    } else {
        read.story.incident.title = format!("#{}", clean_line(&folder));
    }

    // Every day file of the channel; times come from `ts`, never from the file names.
    let mut posted: Vec<Posted> = Vec::new();
    let mut total = 0u64;
    for name in export.day_files(&folder) {
        let shown = export.display(&name);
        let Some(text) = export.read(&name, limits.day_file)? else {
            continue;
        };
        total += text.len() as u64;
        if total > limits.channel {
            return Err(too_big(&export.display(&folder), total, limits.channel));
        }
        let raws: Vec<&RawValue> = parse_json(&shown, &text)?;
        let mut place = Locator::new(&text);
        for raw in raws {
            let (line, col) = place.at(raw);
            let message: Message = match parse_raw(&shown, &text, raw) {
                Ok(m) => m,
                Err(d) => {
                    read.diagnostics.push(super::skipped(d));
                    continue;
                }
            };
            let ts = message.ts.as_ref().and_then(ts_string);
            let Some((ts, at)) = ts.and_then(|ts| instant(&ts).map(|at| (ts, at))) else {
                read.diagnostics.push(
                    Diagnostic::warning(&shown, line, col, "message without a valid `ts`; skipped")
                        .with_hint(
                            "Slack writes `ts` as epoch seconds, e.g. \"1741736702.000300\"",
                        ),
                );
                continue;
            };
            posted.push(Posted {
                message,
                ts,
                at,
                line,
            });
        }
    }
    posted.sort_by_key(|p| p.at);
    // A message is in the export once (a thread broadcast too); keep the first of any repeat.
    let mut seen = HashSet::new();
    posted.retain(|p| seen.insert(p.ts.clone()));
    // Roots that have replies in the export: their threads are candidate branches.
    let replied: HashSet<String> = posted
        .iter()
        .filter_map(|p| {
            let t = p.message.thread_ts.as_ref().and_then(ts_string)?;
            (t != p.ts).then_some(t)
        })
        .collect();

    for p in &posted {
        if let Some(c) = candidate(p, &channel_id, &people, &channel_names, &replied) {
            read.story.entries.push(Entry::Event(c));
        }
    }
    Ok(read)
}

/// A metadata file as a list; a file that is missing is an empty list, one that cannot be read
/// a warning and an empty list (names then stay ids).
fn read_list<T: for<'de> Deserialize<'de>>(
    export: &mut Export,
    name: &str,
    limit: u64,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Vec<T>, LoadError> {
    let Some(text) = export.read(name, limit)? else {
        return Ok(Vec::new());
    };
    let shown = export.display(name);
    let raws: Vec<&RawValue> = match parse_json(&shown, &text) {
        Ok(r) => r,
        Err(e) => {
            diagnostics.push(super::skipped(e.to_diagnostic()));
            return Ok(Vec::new());
        }
    };
    let mut out = Vec::with_capacity(raws.len());
    for raw in raws {
        match parse_raw::<T>(&shown, &text, raw) {
            Ok(v) => out.push(v),
            Err(d) => diagnostics.push(super::skipped(d)),
        }
    }
    Ok(out)
}

/// The channel folder to read, and its metadata when `channels.json` (or the like) has it.
fn choose_channel<'c>(
    path: &Path,
    export: &Export,
    channels: &'c [Channel],
    options: &Options,
) -> Result<(String, Option<&'c Channel>), LoadError> {
    let folders = export.channel_folders();
    let meta_of = |folder: &str| {
        channels
            .iter()
            .find(|c| c.name.as_deref() == Some(folder) || c.id.as_deref() == Some(folder))
    };
    let list = || {
        let shown: Vec<String> = folders.iter().take(30).map(|f| clean_line(f)).collect();
        let more = folders.len().saturating_sub(shown.len());
        let mut s = shown.join(", ");
        if more > 0 {
            s.push_str(&format!(" and {more} more"));
        }
        s
    };
    match options
        .channel
        .as_deref()
        .map(|c| c.trim().trim_start_matches('#'))
    {
        Some(want) => {
            let by_meta = channels
                .iter()
                .find(|c| c.name.as_deref() == Some(want) || c.id.as_deref() == Some(want));
            let folder = by_meta
                .and_then(|c| {
                    [c.name.as_deref(), c.id.as_deref()]
                        .into_iter()
                        .flatten()
                        .find(|f| folders.iter().any(|x| x == f))
                })
                .or_else(|| folders.iter().map(String::as_str).find(|f| *f == want));
            match folder {
                Some(f) => Ok((f.to_string(), meta_of(f))),
                None => Err(LoadError::invalid(
                    Diagnostic::error(
                        path,
                        0,
                        0,
                        format!("no channel `{}` in this export", clean_line(want)),
                    )
                    .with_hint(if folders.is_empty() {
                        "the export holds no channel folders".to_string()
                    } else {
                        format!("channels in it: {}", list())
                    }),
                )),
            }
        }
        None => match folders.as_slice() {
            [only] => Ok((only.clone(), meta_of(only))),
            [] => Err(LoadError::invalid(
                Diagnostic::error(path, 0, 0, "this Slack export holds no channel folders")
                    .with_hint(
                        "export the incident's channel (its messages are in CHANNEL/DAY.json)",
                    ),
            )),
            _ => Err(LoadError::invalid(
                Diagnostic::error(
                    path,
                    0,
                    0,
                    format!(
                        "this Slack export holds {} channels; choose one",
                        folders.len()
                    ),
                )
                .with_hint(format!("--channel NAME, one of: {}", list())),
            )),
        },
    }
}

/// One message as a timeline entry; `None` for what is not part of the story.
fn candidate(
    p: &Posted,
    channel: &str,
    people: &HashMap<String, Person>,
    channel_names: &HashMap<String, String>,
    replied: &HashSet<String>,
) -> Option<Candidate> {
    let m = &p.message;
    let subtype = m.subtype.as_deref().unwrap_or("");
    if DROPPED.contains(&subtype)
        || m.hidden == Some(true)
        || m.kind.as_deref().is_some_and(|k| k != "message")
    {
        return None;
    }
    let person = m.user.as_deref().and_then(|u| people.get(u));
    let bot = m.bot_id.is_some() || subtype == "bot_message" || person.is_some_and(|p| p.bot);
    let author = if subtype == "bot_message" || person.is_none() && m.bot_id.is_some() {
        [
            m.username.as_deref(),
            m.bot_profile.as_ref().and_then(|b| b.name.as_deref()),
            person.map(|p| p.name.as_str()),
            m.bot_id.as_deref(),
        ]
        .into_iter()
        .flatten()
        .map(clean_line)
        .find(|n| !n.is_empty())
    } else {
        person.map(|p| p.name.clone()).or_else(|| {
            let profile = m.user_profile.as_ref();
            [
                profile.and_then(|p| p.real_name.as_deref()),
                profile.and_then(|p| p.display_name.as_deref()),
                profile.and_then(|p| p.name.as_deref()),
                m.user.as_deref(),
            ]
            .into_iter()
            .flatten()
            .map(clean_line)
            .find(|n| !n.is_empty())
        })
    };
    let author = author.map(|a| if bot { format!("{a} (bot)") } else { a });

    let (mut text, mut links) = decode(m.text.as_deref().unwrap_or(""), people, channel_names);
    // Apps often post blocks with a placeholder as the text.
    if text.is_empty() || text == "This content can't be displayed." {
        let (t, l) = blocks_text(m.blocks.as_deref().unwrap_or(&[]), people, channel_names);
        if !t.is_empty() {
            text = t;
            links.extend(l);
        }
    }
    for a in m.attachments.iter().flatten() {
        links.extend(a.title_link.as_deref().and_then(link));
        if text.is_empty() {
            let parts: Vec<String> = [
                a.pretext.as_deref(),
                a.title.as_deref().or(a.fallback.as_deref()),
                a.text.as_deref(),
            ]
            .into_iter()
            .flatten()
            .map(|t| decode(t, people, channel_names))
            .map(|(t, l)| {
                links.extend(l);
                t
            })
            .filter(|t| !t.is_empty())
            .collect();
            text = parts.join(" — ");
        }
    }
    for f in m.files.iter().flatten() {
        links.extend(
            f.permalink
                .as_deref()
                .or(f.url_private.as_deref())
                .and_then(link),
        );
        if text.is_empty()
            && let Some(t) = f.title.as_deref().or(f.name.as_deref()).map(clean_line)
        {
            text = format!("Shared a file: {t}");
        }
    }
    let mut kind = None;
    let mut author = author;
    if subtype == "tombstone" {
        // Slack writes the deleted message's author as Slackbot; nobody said this.
        author = None;
        text = "(deleted message)".to_string();
        kind = Some(SourceKind {
            kind: EventKind::Note,
            why: Inference::new(RuleId::SourceSlackDeleted, "tombstone"),
            stated: true,
        });
    }
    if text.is_empty() {
        return None;
    }
    if let Some(edited) = m
        .edited
        .as_ref()
        .and_then(|e| e.ts.as_ref())
        .and_then(ts_string)
        .and_then(|t| instant(&t))
    {
        let when = if edited.date_naive() == p.at.date_naive() {
            edited.format("%H:%M:%S UTC").to_string()
        } else {
            edited.format("%Y-%m-%d %H:%M:%S UTC").to_string()
        };
        text = format!("{text} (edited at {when})");
        if bot {
            kind = Some(SourceKind {
                kind: EventKind::Note,
                why: Inference::new(RuleId::SourceSlackEditedBot, format!("edited at {when}")),
                stated: true,
            });
        }
    }
    let key = m.pinned_to.as_ref().is_some_and(|p| !p.is_empty())
        || m.reactions.iter().flatten().any(|r| {
            r.name
                .as_deref()
                .is_some_and(|n| KEY_REACTIONS.contains(&n))
        });
    let thread = m
        .thread_ts
        .as_ref()
        .and_then(ts_string)
        .filter(|t| replied.contains(t))
        .map(|t| format!("slack:{channel}/{t}"));
    links.dedup();
    Some(Candidate {
        links,
        author,
        origin: Some(Box::new(Origin {
            reference: format!("slack:{channel}/{}", p.ts),
            thread,
            key,
            kind,
            ..Origin::default()
        })),
        ..Candidate::recorded(p.line, p.at, text)
    })
}

/// The words of `section` blocks (mrkdwn) and `rich_text` blocks (text, links, mentions), one
/// block per line-join. Anything else in the blocks (images, buttons) is left out.
fn blocks_text(
    blocks: &[serde_json::Value],
    people: &HashMap<String, Person>,
    channel_names: &HashMap<String, String>,
) -> (String, Vec<String>) {
    let str_of =
        |v: &serde_json::Value, k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);
    let mut parts = Vec::new();
    let mut links = Vec::new();
    for b in blocks {
        match b.get("type").and_then(|t| t.as_str()) {
            Some("section" | "header" | "context") => {
                let texts = b
                    .get("text")
                    .into_iter()
                    .chain(
                        b.get("fields")
                            .and_then(|f| f.as_array())
                            .into_iter()
                            .flatten(),
                    )
                    .chain(
                        b.get("elements")
                            .and_then(|f| f.as_array())
                            .into_iter()
                            .flatten(),
                    );
                for t in texts {
                    if let Some(raw) = str_of(t, "text") {
                        let (t, l) = decode(&raw, people, channel_names);
                        parts.push(t);
                        links.extend(l);
                    }
                }
            }
            Some("rich_text") => {
                let mut line = String::new();
                for section in b
                    .get("elements")
                    .and_then(|e| e.as_array())
                    .into_iter()
                    .flatten()
                {
                    for e in section
                        .get("elements")
                        .and_then(|e| e.as_array())
                        .into_iter()
                        .flatten()
                    {
                        match e.get("type").and_then(|t| t.as_str()) {
                            Some("text") => line.push_str(&str_of(e, "text").unwrap_or_default()),
                            Some("link") => {
                                let url = str_of(e, "url").unwrap_or_default();
                                let kept = link(&url);
                                let shown = str_of(e, "text")
                                    .filter(|t| !t.trim().is_empty())
                                    .or_else(|| kept.clone())
                                    .unwrap_or_default();
                                line.push_str(&shown);
                                links.extend(kept);
                            }
                            Some("user") => {
                                let id = str_of(e, "user_id").unwrap_or_default();
                                let name = people.get(&id).map_or(id, |p| p.name.clone());
                                line.push_str(&format!("@{name}"));
                            }
                            Some("channel") => {
                                let id = str_of(e, "channel_id").unwrap_or_default();
                                let name = channel_names.get(&id).cloned().unwrap_or(id);
                                line.push_str(&format!("#{name}"));
                            }
                            Some("broadcast") => {
                                line.push_str(&format!(
                                    "@{}",
                                    str_of(e, "range").unwrap_or_default()
                                ));
                            }
                            _ => {}
                        }
                    }
                    line.push('\n');
                }
                parts.push(line);
            }
            _ => {}
        }
    }
    let joined: Vec<String> = parts
        .iter()
        .flat_map(|p| p.lines())
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect();
    (clean_line(&joined.join(" — ")), links)
}

/// A `ts` as written: a string, or (in some third-party exports) a number.
fn ts_string(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => Some(s.trim().to_string()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// `"1741736702.000300"` (epoch seconds and microseconds) as an instant in UTC.
pub fn instant(ts: &str) -> Option<Timestamp> {
    let (secs, frac) = ts.split_once('.').unwrap_or((ts, ""));
    if secs.is_empty()
        || !secs.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
        || secs.len() > 12
    {
        return None;
    }
    let secs: i64 = secs.parse().ok()?;
    let micros: u32 = format!("{:0<6}", &frac[..frac.len().min(6)]).parse().ok()?;
    DateTime::from_timestamp(secs, micros * 1000).map(|t| t.with_timezone(&chrono::Utc.fix()))
}

/// A link as kept: http(s) or mailto only, with Slack's export token (`t=`) removed.
fn link(url: &str) -> Option<String> {
    let url = clean_line(url);
    let lower = url.to_ascii_lowercase();
    if !(lower.starts_with("https://")
        || lower.starts_with("http://")
        || lower.starts_with("mailto:"))
    {
        return None;
    }
    Some(strip_token(&url))
}

/// Remove the `t=` query parameter (the export token Slack adds to file URLs).
pub fn strip_token(url: &str) -> String {
    let (rest, fragment) = match url.split_once('#') {
        Some((r, f)) => (r, Some(f)),
        None => (url, None),
    };
    let mut out = match rest.split_once('?') {
        Some((base, query)) => {
            let kept: Vec<&str> = query
                .split('&')
                .filter(|p| !p.is_empty() && !p.starts_with("t="))
                .collect();
            if kept.is_empty() {
                base.to_string()
            } else {
                format!("{base}?{}", kept.join("&"))
            }
        }
        None => rest.to_string(),
    };
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(f);
    }
    out
}

/// Slack mrkdwn → the words as shown, and the links in them. Lines are joined with " — ".
pub fn decode_mrkdwn(text: &str) -> (String, Vec<String>) {
    decode(text, &HashMap::new(), &HashMap::new())
}

fn decode(
    text: &str,
    people: &HashMap<String, Person>,
    channel_names: &HashMap<String, String>,
) -> (String, Vec<String>) {
    let text = unwrap_formatting(text);
    let mut out = String::with_capacity(text.len());
    let mut links = Vec::new();
    let mut rest = text.as_str();
    while let Some(open) = rest.find('<') {
        out.push_str(&entities(&rest[..open]));
        let after = &rest[open + 1..];
        let close = after
            .find(['>', '<', '\n'])
            .filter(|&c| after[c..].starts_with('>'));
        let Some(close) = close else {
            out.push('<');
            rest = after;
            continue;
        };
        let inner = &after[..close];
        let (target, label) = match inner.split_once('|') {
            Some((t, l)) => (t, Some(entities(l))),
            None => (inner, None),
        };
        let shown = if let Some(id) = target.strip_prefix('@') {
            let name = people
                .get(id)
                .map(|p| p.name.clone())
                .or(label)
                .unwrap_or_else(|| id.to_string());
            format!("@{}", name.trim_start_matches('@'))
        } else if let Some(id) = target.strip_prefix('#') {
            let name = label
                .or_else(|| channel_names.get(id).cloned())
                .unwrap_or_else(|| id.to_string());
            format!("#{}", name.trim_start_matches('#'))
        } else if let Some(special) = target.strip_prefix('!') {
            match label {
                Some(l) => l,
                None => format!("@{}", special.split('^').next().unwrap_or(special)),
            }
        } else {
            let url = entities(target);
            let kept = link(&url);
            let shown = match label {
                Some(l) if !l.trim().is_empty() => l,
                _ => kept
                    .as_deref()
                    .map(|u| u.strip_prefix("mailto:").unwrap_or(u).to_string())
                    .unwrap_or_else(|| url.clone()),
            };
            links.extend(kept);
            shown
        };
        out.push_str(&shown);
        rest = &after[close + 1..];
    }
    out.push_str(&entities(rest));
    let lines: Vec<String> = out
        .lines()
        .map(|l| {
            let l = l.trim_start();
            let l = l
                .strip_prefix(">>>")
                .or_else(|| l.strip_prefix('>'))
                .unwrap_or(l);
            drop_emoji(l)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|l| !l.is_empty())
        .collect();
    (clean_line(&lines.join(" — ")), links)
}

/// `&amp;`, `&lt;`, `&gt;` decoded once (the only entities Slack writes).
fn entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let (ch, len) = if tail.starts_with("&amp;") {
            ('&', 5)
        } else if tail.starts_with("&lt;") {
            ('<', 4)
        } else if tail.starts_with("&gt;") {
            ('>', 4)
        } else {
            ('&', 1)
        };
        out.push(ch);
        rest = &tail[len..];
    }
    out.push_str(rest);
    out
}

/// `*bold*` and `_italic_` unwrapped, `~strike~` made `~~strike~~`: a marker pairs with the
/// next one on the same line when it opens at a word start and closes at a word end, outside
/// `<…>` tokens (so `checkout_api` and `~23:38` stay as written).
fn unwrap_formatting(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    let mut in_token = vec![false; n];
    let mut i = 0;
    while i < n {
        if chars[i] == '<'
            && let Some(len) = chars[i + 1..]
                .iter()
                .position(|&c| c == '>' || c == '<' || c == '\n')
                .filter(|&l| chars[i + 1 + l] == '>')
        {
            in_token[i..=i + 1 + len].iter_mut().for_each(|t| *t = true);
            i += len + 2;
            continue;
        }
        i += 1;
    }
    let is_marker = |c: char| matches!(c, '*' | '_' | '~');
    let opens = |i: usize| {
        let c = chars[i];
        (i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == c))
            && i + 1 < n
            && !chars[i + 1].is_whitespace()
            && chars[i + 1] != c
    };
    let closes = |j: usize| {
        let c = chars[j];
        j > 0
            && !chars[j - 1].is_whitespace()
            && chars[j - 1] != c
            && (j + 1 == n || !(chars[j + 1].is_alphanumeric() || chars[j + 1] == c))
    };
    let mut mark: Vec<Option<char>> = vec![None; n];
    let mut i = 0;
    while i < n {
        let c = chars[i];
        if is_marker(c) && !in_token[i] && opens(i) {
            let close = (i + 2..n)
                .take_while(|&j| chars[j] != '\n')
                .find(|&j| chars[j] == c && !in_token[j] && closes(j));
            if let Some(j) = close {
                mark[i] = Some(c);
                mark[j] = Some(c);
                i = j + 1;
                continue;
            }
        }
        i += 1;
    }
    let mut out = String::with_capacity(text.len() + 4);
    for (c, m) in chars.iter().zip(&mark) {
        match m {
            Some('~') => out.push_str("~~"),
            Some(_) => {}
            None => out.push(*c),
        }
    }
    out
}

/// `:emoji_codes:` dropped (a code is letters, digits, `_`, `+`, `-`, with a letter in it, and
/// stands apart from the words around it, so `23:38:05` stays).
fn drop_emoji(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    let mut after_code = false;
    while i < chars.len() {
        let starts = chars[i] == ':'
            && (i == 0 || after_code || chars[i - 1].is_whitespace() || chars[i - 1] == '(');
        if starts {
            let body = chars[i + 1..]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '-' | '\''))
                .count();
            let end = i + 1 + body;
            if body > 0
                && end < chars.len()
                && chars[end] == ':'
                && chars[i + 1..end].iter().any(|c| c.is_ascii_alphabetic())
                && (end + 1 == chars.len() || !chars[end + 1].is_alphanumeric())
            {
                i = end + 1;
                after_code = true;
                continue;
            }
        }
        after_code = false;
        out.push(chars[i]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mrkdwn_decoded_once() {
        let (t, links) = decode_mrkdwn(
            "*Update*: rollback of `gw_cfg` &amp;lt;v9&amp;gt; <https://x.example/f?t=xoxe-1&a=2|diff> :tada: \
             <!here> <#C1|ops> ~cdn~ since ~23:38",
        );
        assert_eq!(
            t,
            "Update: rollback of `gw_cfg` &lt;v9&gt; diff @here #ops ~~cdn~~ since ~23:38"
        );
        assert_eq!(links, ["https://x.example/f?a=2"]);
    }

    #[test]
    fn lines_quotes_and_unclosed_tokens() {
        let (t, _) = decode_mrkdwn("Status → Fixing\n&gt; cause found\n\n1 < 2 and a_b_c");
        assert_eq!(t, "Status → Fixing — cause found — 1 < 2 and a_b_c");
        let (t, links) = decode_mrkdwn("see <javascript:alert(1)|this> and <mailto:a@b.example>");
        assert_eq!(t, "see this and a@b.example");
        assert_eq!(links, ["mailto:a@b.example"]);
    }

    #[test]
    fn ts_is_an_exact_instant() {
        let t = instant("1741736702.000300").unwrap();
        assert_eq!(t.to_rfc3339(), "2025-03-11T23:45:02.000300+00:00");
        assert!(instant("17417x.1").is_none());
        assert!(instant("").is_none());
        assert!(instant("99999999999999999.1").is_none());
    }

    #[test]
    fn export_token_removed() {
        assert_eq!(
            strip_token("https://files.example/a.diff?t=xoxe-9#L3"),
            "https://files.example/a.diff#L3"
        );
        assert_eq!(
            strip_token("https://e.example/?q=1&t=2&r=3"),
            "https://e.example/?q=1&r=3"
        );
    }
}
