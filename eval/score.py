#!/usr/bin/env python3
"""Score retrace's importer against hand labels of real postmortems.

Usage: python3 eval/score.py BIN SETDIR [--verbose] [--json]

SETDIR holds `files/` (the postmortems, never in this repository) and `labels/<stem>.yaml`
(one per file, the format in eval/LABELS.md). For each file it runs
`BIN export -f json --no-cache FILE` and compares, within 60 s:

- events: every labelled timed entry against the imported timeline (one-to-one, nearest first);
  recall = labelled entries found, precision = imported entries that match a label;
  "clock only" recall ignores the day (it separates a wrong date from a lost entry);
- milestones: each one the text states with a time (started .. resolved);
- TTR / TTD: right when both ends are right (started+resolved, started+detected);
- detours: a labelled detour is found when an imported detour's span, widened by 10 minutes,
  holds its time, or, for one without a time, when they share a telling word; a "false detour"
  is an imported detour that matches no labelled one;
- zone: the importer's offset equals the label's (files whose text states a zone);
- date: the day the imported timeline begins (its earliest entry's own day, else the
  incident's date) equals the label's (null when the text gives none).
"""
import json
import re
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import yaml

MILESTONES = ["started", "detected", "acknowledged", "identified", "mitigated", "resolved"]
SLACK = timedelta(seconds=60)
DETOUR_SLACK = timedelta(minutes=10)
STOP = set(
    "the a an and or of to in on for with was were is are be been not did does that this it its from "
    "by at as after before into our we they their there then than but no any some more most over "
    "under out off up down new old ruled theory suspected thought tried attempt".split()
)


def instant(text):
    """'2024-03-05T21:05Z', '...:00Z', '...+00:00' -> aware datetime, or None."""
    if text is None:
        return None
    text = str(text).strip().split()[0]
    text = text.replace("Z", "+00:00")
    if re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d[+-]\d\d:\d\d", text):
        text = text[:16] + ":00" + text[16:]
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value


def words(text):
    return {w for w in re.findall(r"[a-z0-9]{4,}", (text or "").lower()) if w not in STOP}


def match_count(wanted, found, slack):
    """One-to-one matches between two lists of instants (nearest first)."""
    pairs = sorted(
        (abs(w - f), i, j)
        for i, w in enumerate(wanted)
        for j, f in enumerate(found)
        if abs(w - f) <= slack
    )
    used_w, used_f = set(), set()
    for _, i, j in pairs:
        if i not in used_w and j not in used_f:
            used_w.add(i)
            used_f.add(j)
    return len(used_w)


def imported(bin_path, path):
    run = subprocess.run(
        [bin_path, "export", "-f", "json", "--no-cache", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    if run.returncode != 0:
        return None, run.stderr.strip().splitlines()[-1:] or ["exit %d" % run.returncode]
    return json.loads(run.stdout), []


def detours_of(export):
    """Imported detours: (start, end, words) with times from `detours`, untimed branches by words."""
    spans = []
    named = set()
    for d in export.get("detours") or []:
        start, end = instant(d.get("start")), instant(d.get("end"))
        spans.append((start, end or start, words(d.get("summary")) | words(d.get("branch"))))
        named.add(d.get("branch"))
    for b in export["incident"].get("branches") or []:
        if b.get("outcome") in ("ruled-out", "ruled_out", "abandoned") and b.get("id") not in named:
            spans.append((None, None, words(b.get("hypothesis")) | words(b.get("id"))))
    return spans


def detour_hits(label_detours, spans):
    """Labelled detours found (each imported detour matches at most one), and imported
    detours that match no labelled one."""
    found = 0
    used = set()
    for d in label_detours:
        at = instant(d.get("at"))
        hit = None
        for k, (start, end, ws) in enumerate(spans):
            if k in used:
                continue
            if at is not None and start is not None:
                if start - DETOUR_SLACK <= at <= end + DETOUR_SLACK:
                    hit = k
                    break
            elif words(d.get("words")) & ws:
                hit = k
                break
        if hit is not None:
            found += 1
            used.add(hit)
    false = 0
    for k, (start, end, ws) in enumerate(spans):
        if k in used:
            continue
        matched = False
        for d in label_detours:
            at = instant(d.get("at"))
            if at is not None and start is not None and start - DETOUR_SLACK <= at <= end + DETOUR_SLACK:
                matched = True
            elif words(d.get("words")) & ws:
                matched = True
        if not matched:
            false += 1
    return found, false


def score_file(bin_path, setdir, label_path):
    label = yaml.safe_load(label_path.read_text())
    path = setdir / "files" / label["file"]
    out = {"file": label["file"]}
    export, err = imported(bin_path, path)
    wanted = [instant(e) for e in label.get("events") or []]
    wanted = [w for w in wanted if w is not None]
    stones = label.get("milestones") or {}
    out["labelled"] = len(wanted)
    if export is None:
        out["error"] = err
        export = {"incident": {"timeline": [], "branches": [], "date": None, "timezone": None}, "detours": []}
    incident = export["incident"]
    got = [instant(e.get("at")) for e in incident.get("timeline") or []]
    got = [g for g in got if g is not None]
    out["imported"] = len(got)
    out["matched"] = match_count(wanted, got, SLACK)
    clock = lambda xs: [datetime(1970, 1, 1, *(lambda u: (u.hour, u.minute))(x.astimezone(timezone.utc)), tzinfo=timezone.utc) for x in xs]
    out["matched_clock"] = match_count(clock(wanted), clock(got), SLACK)
    got_stones = incident.get("milestones") or {}
    out["milestones"] = {}
    for m in MILESTONES:
        want = instant(stones.get(m))
        if want is None:
            continue
        have = instant(got_stones.get(m))
        out["milestones"][m] = (have is not None and abs(have - want) <= SLACK, str(have))
    ms = out["milestones"]
    out["ttr"] = ms["started"][0] and ms["resolved"][0] if "started" in ms and "resolved" in ms else None
    out["ttd"] = ms["started"][0] and ms["detected"][0] if "started" in ms and "detected" in ms else None
    label_detours = label.get("detours") or []
    out["detours"] = len(label_detours)
    out["detours_found"], out["false_detours"] = detour_hits(label_detours, detours_of(export))
    zone = label.get("zone")
    out["zone"] = None if zone is None else (incident.get("timezone") == zone, incident.get("timezone"))
    # The label's date is the day the timeline begins: the earliest imported entry's own day
    # (in the offset it was written in), else the incident's date; 1970 is no date.
    date = label.get("date")
    firsts = sorted(
        (instant(e.get("at")), e.get("at"))
        for e in incident.get("timeline") or []
        if instant(e.get("at")) is not None
    )
    have_date = firsts[0][1][:10] if firsts else incident.get("date")
    if have_date and have_date.startswith("1970-01-01"):
        have_date = None
    out["date"] = (str(date) if date else None) == have_date, have_date
    return out


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    verbose = "--verbose" in sys.argv
    bin_path, setdir = args[0], Path(args[1])
    rows = [score_file(bin_path, setdir, p) for p in sorted((setdir / "labels").glob("*.yaml"))]
    if "--json" in sys.argv:
        print(json.dumps(rows, indent=1, default=str))
        return
    n = len(rows)
    labelled = sum(r["labelled"] for r in rows)
    matched = sum(r["matched"] for r in rows)
    imported_n = sum(r["imported"] for r in rows)
    clock = sum(r["matched_clock"] for r in rows)
    right = sum(1 for r in rows if r["matched"] == r["labelled"] == r["imported"])
    print(f"files: {n}, errors: {sum(1 for r in rows if 'error' in r)}")
    print(
        f"events: recall {matched}/{labelled} ({matched / max(labelled, 1):.2f}), precision "
        f"{matched}/{imported_n} ({matched / max(imported_n, 1):.2f}), clock-only recall "
        f"{clock}/{labelled} ({clock / max(labelled, 1):.2f})"
    )
    print(f"files with events right: {right}/{n}")
    for m in MILESTONES:
        have = [r["milestones"][m][0] for r in rows if m in r["milestones"]]
        print(f"{m}: {sum(have)}/{len(have)}")
    for key in ("ttr", "ttd"):
        have = [r[key] for r in rows if r[key] is not None]
        print(f"{key.upper()} right: {sum(have)}/{len(have)}")
    print(f"detour recall: {sum(r['detours_found'] for r in rows)}/{sum(r['detours'] for r in rows)}")
    print(f"files with a false detour: {sum(1 for r in rows if r['false_detours'])}/{n}")
    zones = [r["zone"][0] for r in rows if r["zone"] is not None]
    print(f"zone right: {sum(zones)}/{len(zones)}")
    print(f"date right: {sum(1 for r in rows if r['date'][0])}/{n}")
    if verbose:
        for r in rows:
            bad = [m for m, (ok, _) in r["milestones"].items() if not ok]
            print(
                f"  {r['file']}: events {r['matched']}/{r['labelled']} (imported {r['imported']}, "
                f"clock {r['matched_clock']}), milestones wrong {bad}, detours {r['detours_found']}/"
                f"{r['detours']} false {r['false_detours']}, zone {r['zone']}, date {r['date']}"
                + (f", ERROR {r['error']}" if "error" in r else "")
            )


if __name__ == "__main__":
    main()
