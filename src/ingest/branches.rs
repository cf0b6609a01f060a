//! Investigation branches: a theory and the entry that rules it out linked into one branch
//! (a detour when ruled out), and theories ruled out in words outside the timeline attached to
//! the branch they name. Format independent: works on classified events and their [`Evidence`].

use std::collections::{HashMap, HashSet};

use super::candidate::Remark;
use super::classify::Evidence;
use super::lexicon::{Conclusion, Scan};
use super::markdown::sections::split_label;
use super::markdown::timeline::sentences;
use crate::model::text::clean_line;
use crate::model::{Branch, Incident, Inference, Outcome, RuleId};

/// Detours: a hypothesis opens a branch, a later ruled-out event joins and closes the most
/// recent open one, and an event that both proposes and rules out is a branch of its own.
pub fn assign_branches(incident: &mut Incident, evidence: &[Evidence]) {
    let mut open: Vec<usize> = Vec::new();
    let mut ids = Ids::default();
    for (i, s) in evidence.iter().enumerate() {
        let text = incident.timeline[i].text.clone();
        let id = match (&s.hypothesis, &s.ruled_out) {
            (Some(h), Some(r)) => new_branch(
                incident,
                &mut ids,
                &text,
                Some(h),
                Some(r),
                Outcome::RuledOut,
            ),
            (None, Some(r)) => match open.pop() {
                Some(b) => {
                    let br = &mut incident.branches[b];
                    br.outcome = Outcome::RuledOut;
                    br.inferred = Some(r.clone());
                    br.id.clone()
                }
                None => new_branch(incident, &mut ids, &text, None, Some(r), Outcome::RuledOut),
            },
            (Some(h), None) => {
                let id = new_branch(incident, &mut ids, &text, Some(h), None, Outcome::Open);
                open.push(incident.branches.len() - 1);
                id
            }
            (None, None) => continue,
        };
        incident.timeline[i].branch = Some(id);
    }
}

/// A theory opened in the timeline is often ruled out only in the prose around it ("we
/// suspected the CDN ... it turned out not to be the cause"). A sentence outside the timeline
/// with a ruled-out signal that names an open branch (a word of its id) closes that branch.
pub fn close_branches_from_prose(incident: &mut Incident, remarks: &[Remark]) {
    if !incident.branches.iter().any(|b| b.outcome == Outcome::Open) {
        return;
    }
    let words_of = |s: &str| -> HashSet<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() >= 3)
            .map(str::to_lowercase)
            .collect()
    };
    for remark in remarks {
        let sentences = sentences(&remark.text);
        for (i, sentence) in sentences.iter().enumerate() {
            let Some(why) = Scan::new(sentence).ruled_out() else {
                continue;
            };
            // The theory may be named in this sentence or the one before ("We spent a while on
            // the load balancer. It was not the cause").
            let mut words = words_of(sentence);
            if i > 0 {
                words.extend(words_of(sentences[i - 1]));
            }
            for b in incident
                .branches
                .iter_mut()
                .filter(|b| b.outcome == Outcome::Open)
            {
                let mut name =
                    b.id.split('-')
                        .filter(|w| w.len() >= 3 && w.parse::<u32>().is_err())
                        .peekable();
                if name.peek().is_some() && name.all(|w| words.contains(w)) {
                    b.outcome = Outcome::RuledOut;
                    b.inferred = Some(Inference::new(
                        RuleId::DetourRuledOutInProse,
                        why.matched.clone(),
                    ));
                }
            }
        }
    }
}

/// A reply this long after the one before, once the thread has a verdict, is a later remark
/// ("for the review: ...") and no longer part of the branch.
pub const THREAD_GAP: chrono::Duration = chrono::Duration::minutes(15);

/// Threads as branches: events a source grouped into one thread (`threads[i]`, parallel to the
/// timeline; a chat thread's root and replies) are one investigation branch when their words
/// tell of a theory or a verdict on it. The theory is the first event with hypothesis wording
/// (else the thread's first event); a reply that rules it out makes the branch a detour, one
/// that confirms it ("that's it", "root cause identified") a confirmed branch, the latest verdict
/// winning. Once there is a verdict, a reply more than [`THREAD_GAP`] after the one before ends
/// the branch: it and later replies stay on the main line. Events without a thread are left to
/// [`assign_branches`]; call this after it (branch ids stay unique across both).
pub fn assign_thread_branches(
    incident: &mut Incident,
    evidence: &[Evidence],
    threads: &[Option<String>],
) {
    let mut groups: Vec<(&str, Vec<usize>)> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, t) in threads.iter().enumerate() {
        if let Some(t) = t.as_deref() {
            let g = *index.entry(t).or_insert_with(|| {
                groups.push((t, Vec::new()));
                groups.len() - 1
            });
            groups[g].1.push(i);
        }
    }
    if groups.is_empty() {
        return;
    }
    let mut ids = Ids::default();
    ids.used
        .extend(incident.branches.iter().map(|b| b.id.clone()));
    for (_, members) in groups {
        let mut joined = Vec::new();
        let mut verdict: Option<(Outcome, Inference)> = None;
        let mut last = None;
        for &i in &members {
            let at = incident.timeline[i].at;
            if verdict.is_some() && last.is_some_and(|l| at - l > THREAD_GAP) {
                break;
            }
            last = Some(at);
            joined.push(i);
            let s = &evidence[i];
            if let Some(r) = &s.ruled_out {
                verdict = Some((Outcome::RuledOut, r.clone()));
            } else if i != members[0] {
                let confirmed = Scan::new(&incident.timeline[i].text)
                    .confirmed()
                    .or_else(|| {
                        s.milestone.signals[crate::model::MilestoneKind::Identified as usize]
                            .clone()
                            .filter(|w| w.rule == RuleId::KindIdentified)
                    });
                if let Some(c) = confirmed {
                    verdict = Some((Outcome::Confirmed, c));
                }
            }
        }
        let theory = joined
            .iter()
            .copied()
            .find(|&i| evidence[i].hypothesis.is_some());
        if theory.is_none() && verdict.is_none() {
            continue;
        }
        let first = theory.unwrap_or(joined[0]);
        // A chat message often states what was seen before the theory: name the branch by the
        // sentence that tells the theory.
        let said = incident.timeline[first].text.clone();
        let text = sentences(&said)
            .into_iter()
            .find(|s| Scan::new(s).hypothesis().is_some())
            .map_or_else(|| said.clone(), str::to_string);
        let hypothesis = evidence[first].hypothesis.clone();
        let (outcome, why) = match verdict {
            Some((o, w)) => (o, Some(w)),
            None => (Outcome::Open, None),
        };
        let id = new_branch(
            incident,
            &mut ids,
            &text,
            hypothesis.as_ref(),
            why.as_ref(),
            outcome,
        );
        for i in joined {
            incident.timeline[i].branch = Some(id.clone());
        }
    }
}

/// Branch ids handed out so far, and the next number to try for each base.
#[derive(Default)]
struct Ids {
    used: HashSet<String>,
    next: HashMap<String, usize>,
}

fn new_branch(
    incident: &mut Incident,
    ids: &mut Ids,
    text: &str,
    hypothesis: Option<&Inference>,
    ruled_out: Option<&Inference>,
    outcome: Outcome,
) -> String {
    let (theory, name_src) = neutral_hypothesis(text);
    let mut id = slug(&name_src);
    if id.is_empty() {
        id = "detour".to_string();
    }
    let base = id.clone();
    while ids.used.contains(&id) {
        let n = ids.next.entry(base.clone()).or_insert(2);
        id = format!("{base}-{n}");
        *n += 1;
    }
    ids.used.insert(id.clone());
    incident.branches.push(Branch {
        id: id.clone(),
        hypothesis: clean_line(&theory),
        outcome,
        inferred: ruled_out.or(hypothesis).cloned(),
    });
    id
}

/// The theory in neutral words, and the words to name its branch by. The theory is what
/// follows "assumed that ..." (or precedes "... as a potential cause"), without "misleading"
/// and without the clause that rules it out.
fn neutral_hypothesis(text: &str) -> (String, String) {
    // "Misleading paths: initial blame fell on X" → "initial blame fell on X"; first sentence.
    let text = match split_label(text) {
        Some((label, rest))
            if rest.split_whitespace().count() >= 3 && label.split_whitespace().count() <= 4 =>
        {
            rest
        }
        _ => text,
    };
    let text = sentences(text).first().copied().unwrap_or(text);
    let scan = Scan::new(text);
    let low = scan.lower.clone();
    let ruled = scan.spans(Conclusion::RuledOut);
    let hyps = scan.spans(Conclusion::Hypothesis);
    let words_before = |pos: usize| low[..pos].split_whitespace().count();
    const FILLER: &[&str] = &[
        "was", "that", "is", "were", "made", "of", "it", "towards", "toward", "to", "a", "as",
        "pointed", "thrown", "at", "fell", "cause", "an", "being", "be", "been", "by", "on", "in",
        "into",
    ];
    let filler = |w: &&str| FILLER.contains(&w.trim_matches(|c: char| !c.is_alphanumeric()));
    // The clause that rules the theory out starts at the first such phrase past the opening.
    let cut = ruled
        .iter()
        .find(|(a, _)| words_before(*a) >= 3)
        .map(|(a, _)| {
            [", ", "; ", " but ", " which ", " - ", " and "]
                .iter()
                .filter_map(|sep| low[..*a].rfind(sep))
                .filter(|c| words_before(*c) >= 2)
                .max()
                .unwrap_or(*a)
        })
        .unwrap_or(low.len());
    let mut body = &low[..cut];
    let mut name_src = &low[..cut];
    if let Some(&(a, b)) = hyps.iter().find(|(a, _)| *a < cut) {
        // Count from the start of the phrase's own clause ("..., initially suspecting X").
        let clause_start = [", ", "; "]
            .iter()
            .filter_map(|sep| low[..a].rfind(sep).map(|p| p + sep.len()))
            .max()
            .unwrap_or(0);
        if low[clause_start..a].split_whitespace().count() <= 4 {
            // "The initial assumption was that X; rollback was initiated" → X.
            body = &low[b..cut];
            name_src = body;
            if let Some(semi) = body.find("; ") {
                body = &body[..semi];
            }
        } else {
            // "investigation into network latency as a potential cause" → the words before.
            body = &low[..a];
            name_src = body;
        }
    }
    // The theory is the first clause: "a bad release; engineers compared builds" → "a bad release".
    if let Some(semi) = ["; ", ", ", " and ", " but "]
        .iter()
        .filter_map(|sep| body.find(sep))
        .filter(|p| body[..*p].split_whitespace().count() >= 2)
        .min()
    {
        body = &body[..semi];
    }
    let body = body.trim_start_matches(|c: char| !c.is_alphanumeric());
    let mut words: Vec<&str> = body.split_whitespace().collect();
    while words
        .first()
        .is_some_and(|w| filler(w) || w.starts_with("mislead"))
    {
        words.remove(0);
    }
    while words.last().is_some_and(filler) {
        words.pop();
    }
    // Back to the words as written (same byte offsets when lower-casing kept lengths).
    let cased = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(['’', '‘'], "'");
    if cased.len() == low.len() {
        let base = low.as_ptr() as usize;
        words = words
            .iter()
            .map(|w| {
                let at = w.as_ptr() as usize - base;
                &cased[at..at + w.len()]
            })
            .collect();
    }
    let theory = if words.len() >= 2 {
        words.join(" ")
    } else {
        low.split_whitespace()
            .filter(|w| !w.starts_with("mislead"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let theory = capitalise(theory.trim_end_matches(['.', ',', ';', ':']));
    (theory, name_src.to_string())
}

pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A short id from the theory's telling words (`deployment-rollback`, `network-latency`).
fn slug(theory: &str) -> String {
    const STOP: &[&str] = &[
        "the",
        "a",
        "an",
        "was",
        "were",
        "is",
        "that",
        "this",
        "it",
        "its",
        "to",
        "of",
        "in",
        "into",
        "on",
        "for",
        "with",
        "as",
        "and",
        "or",
        "but",
        "by",
        "at",
        "from",
        "be",
        "been",
        "issue",
        "problem",
        "cause",
        "causing",
        "caused",
        "related",
        "recent",
        "initial",
        "assumption",
        "potential",
        "possible",
        "investigation",
        "investigating",
        "team",
        "which",
        "after",
        "further",
        "leading",
        "our",
        "we",
        "they",
        "some",
        "more",
        "any",
        "could",
        "might",
        "may",
        "being",
        "there",
        "had",
        "have",
        "has",
        "not",
        "no",
        "all",
        "possibly",
        "sudden",
        "supposed",
        "issues",
        "engineers",
        "engineering",
        "focus",
        "shifted",
        "towards",
        "toward",
        "due",
        "initially",
        "would",
        "led",
        "about",
        "focused",
        "time",
        "spent",
        "unnecessary",
        "code",
        "application",
        "looked",
        "checked",
        "everyone",
        "moved",
        "went",
        "thought",
        "suspected",
        "assumed",
        "assuming",
        "theory",
        "whether",
        "blame",
        "thrown",
        "pointed",
        "paths",
        "path",
        "initial",
        "bad",
        "fell",
    ];
    let words: Vec<String> = theory
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .map(|w| w.trim_matches('-').to_lowercase())
        .filter(|w| {
            w.len() >= 3
                && !STOP.contains(&w.as_str())
                && !w.starts_with("mislead")
                && !w.chars().all(|c| c.is_ascii_digit())
        })
        .take(2)
        .collect();
    words.join("-")
}
