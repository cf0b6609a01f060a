//! The named word lists of the lexicon: the words the importer's rules read outside the
//! phrase table ([`super::RULES`]), each list with what it is for, kept here so every word the
//! importer knows lives in one module. [`Found`] compiles the lists that rules ask about first
//! ("does this entry hold any of these words at all?") into one automaton, built once, that
//! reads an entry once for all of them.
//!
//! Each list keeps its name from the file that reads it; a rule reads its list by name.

use std::sync::LazyLock;

use aho_corasick::automaton::Automaton;
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind};

// ---- Read by the detour step rules (`src/ingest/branches/steps.rs`) ----

/// Words that say a thing failed or happened again, each the end of what the thing did.
pub(crate) const FAILED: &[&str] = &[
    "fails",
    "failed",
    "failing",
    "will fail",
    "would fail",
    "refuses",
    "refused",
    "timed out",
    "times out",
    "errored",
    "crashed",
    "again",
];

/// Words that may follow a failure word when it tells what a step came to ("failed *to* start",
/// "failed *with* exit 1", "timed out *after* an hour"); any other word after a failure word
/// that opens its clause makes it an adjective ("Failed notifications").
pub(crate) const FAILURE_FOLLOWERS: &[&str] = &[
    "to",
    "with",
    "due",
    "because",
    "again",
    "after",
    "on",
    "at",
    "in",
    "when",
    "while",
    "since",
    "for",
    "as",
    "and",
    "but",
    "so",
    "too",
    "immediately",
    "twice",
];

/// Words between a thing and its failure that are no part of the thing ("build *will* fail").
pub(crate) const AUXILIARY: &[&str] = &[
    "will",
    "would",
    "has",
    "have",
    "had",
    "been",
    "is",
    "was",
    "were",
    "are",
    "being",
    "be",
    "also",
    "now",
    "then",
    "just",
    "still",
    "again",
    "keeps",
    "kept",
    "eventually",
    "quickly",
];

/// Words that end the thing that failed: a relative clause or another clause before it
/// ("pods *that* have been failing" tells a state, not a failure).
pub(crate) const CLAUSE_WORDS: &[&str] = &[
    "that", "which", "who", "but", "and", "or", "when", "because", "while", "as", "so",
];

/// Words right before a failure word that make it an adjective ("attached to *the* failed
/// nodes") or a question ("to see *if* it was failing").
pub(crate) const NOT_A_VERB: &[&str] = &[
    "the", "a", "an", "to", "of", "on", "from", "with", "for", "any", "these", "those", "all",
    "some", "if", "whether", "no", "not", "never", "without", "n't", "longer",
];

/// Words that say a step was undone.
pub(crate) const REVERTED: &[&str] = &[
    "revert",
    "roll back",
    "reverted",
    "reverts",
    "reverting",
    "rolled back",
    "rolls back",
    "rolling back",
    "undid",
    "undoes",
    "backed out",
    "backs out",
];

/// Words that say a step was done by mistake ("mistakenly doubled the wrong disk").
pub(crate) const BY_MISTAKE: &[&str] = &[
    "mistakenly",
    "accidentally",
    "by mistake",
    "inadvertently",
    "unintentionally",
    "in error",
];

/// Words of someone telling what they saw, before a symptom ("*noticed that* it was wrong").
pub(crate) const NOTICED: &[&str] = &[
    "noticed that",
    "notices that",
    "noticed the",
    "reported that",
    "reports that",
    "saw that",
    "sees that",
    "observed that",
    "observes that",
];

/// Words of a finding before a mistake ("we *found* the job had accidentally deleted them").
pub(crate) const FINDING: &[&str] = &[
    "find",
    "found",
    "finds",
    "discover",
    "discovered",
    "discovers",
    "determined",
    "determines",
    "realised",
    "realized",
    "realises",
    "realizes",
    "turns out",
    "turned out",
    "identified",
    "identifies",
    "noticed",
    "notices",
    "confirmed",
    "confirms",
    "because",
    "caused by",
    "due to",
];

/// Steps (a verb stem of [`VERBS`]) and the words of their opposite, which gives them up.
pub(crate) const OPPOSITE_STEPS: &[(&str, &[&str])] = &[
    (
        "disab",
        &[
            "enable",
            "enabled",
            "enables",
            "re-enable",
            "re-enabled",
            "reenabled",
        ],
    ),
    ("enabl", &["disable", "disabled", "disables"]),
    (
        "remov",
        &[
            "restore", "restored", "restores", "re-add", "re-added", "readded",
        ],
    ),
    (
        "incre",
        &["decrease", "decreased", "decreases", "lowered", "reduced"],
    ),
    ("drain", &["undrain", "undrained", "uncordon", "uncordoned"]),
];

/// Words in an entry undoing a step that give the recovery as its reason ("re-enabled the
/// notifications *once* the backlog was under 1k"): a temporary measure ended because it
/// helped, not a step given up. Each a phrase of whole words, lower case.
pub(crate) const UNDONE_AS_RECOVERED: &[&str] = &[
    "once",
    "now that",
    "as soon as",
    "no longer needed",
    "no longer necessary",
    "no longer required",
];

/// Words that name no object of a step: who did it, and small words.
pub(crate) const NOT_OBJECT: &[&str] = &[
    "the", "and", "for", "with", "was", "were", "has", "had", "have", "are", "our", "all", "thi",
    "that", "from", "into", "due", "becau", "after", "befor", "issue", "probl", "incid", "team",
    "engin", "prima", "oncal", "on-ca", "admin", "new", "some", "again", "then", "now", "still",
    "being", "been", "which", "what", "when", "while", "they", "their", "there", "its", "not",
    "out", "now", "tim", "time", "this", "over", "more",
];

/// Words between a verb and its "again" ("turned *it* on again").
pub(crate) const PARTICLES: &[&str] = &["it", "them", "on", "off", "up", "over", "out", "in"];

/// Stems of verbs of doing, each as [`words_of`] gives it; a re- prefix is read as the verb
/// itself ("restart" is "start" done again).
pub(crate) const VERBS: &[&str] = &[
    "stop", "stopp", "resta", "reboo", "boot", "deplo", "redep", "rolle", "rollb", "rever",
    "scale", "bump", "incre", "delet", "remov", "appli", "apply", "disab", "enabl", "drain",
    "recyc", "repla", "upgra", "downg", "migra", "flush", "purge", "purg", "kill", "reset",
    "rerun", "re-ra", "re-ru", "re-de", "patch", "switc", "rebui", "recre", "termi", "kicke",
    "kick", "wipe", "wiped", "clear", "reins", "insta", "rotat", "renew", "submi", "resub",
    "proxy", "ran", "modif", "chang",
    // Told as a gerund or a noun of the step ("Scaling up the web tier had no effect", "a
    // failover to the second region"), and steps of tuning and rerouting.
    "scali", "failo", "resiz", "adjus", "tweak", "rerou", "redir", "reloa", "refre", "resyn",
];

// ---- Read by the reports from people, symptoms and fixes aimed at a cause (`src/ingest/reports.rs`) ----

/// Verbs of telling: someone passes word on (third person or past; of the bare forms only
/// those that are rarely nouns after a subject: "users report", "customers complain").
pub(crate) const TELLING: &[&str] = &[
    "report",
    "reports",
    "reported",
    "reporting",
    "emails",
    "emailed",
    "e-mails",
    "e-mailed",
    "mails",
    "mailed",
    "pings",
    "pinged",
    "messages",
    "messaged",
    "posts",
    "posted",
    "tweets",
    "tweeted",
    "raises",
    "raised",
    "opens",
    "opened",
    "files",
    "filed",
    "complain",
    "complains",
    "complained",
    "tells",
    "told",
    "informs",
    "informed",
    "contacts",
    "contacted",
    "sends",
    "sent",
    "flags",
    "flagged",
    "mentions",
    "mentioned",
    // Writing to the team, not writing a thing ("writes a query for failed jobs"): only with
    // the word after it.
    "writes in",
    "wrote in",
    "write in",
    "writes to",
    "wrote to",
];

/// Words of a problem in Japanese, Chinese and Korean (failure, fault, error, outage,
/// anomaly), found inside a run of characters: "…以降 ListTimeline が 22023 で*失敗*".
pub(crate) const OTHER_PROBLEM: &[&str] = &[
    "失敗",
    "失败",
    "障害",
    "故障",
    "エラー",
    "異常",
    "异常",
    "错误",
    "錯誤",
    "宕机",
    "오류",
    "장애",
    "실패",
];

/// Words of a problem (a word, or a word's start with `*`).
pub(crate) const PROBLEM: &[&str] = &[
    "down",
    "broken",
    "breaks",
    "error*",
    "fail*",
    "outage*",
    "problem*",
    "issue",
    "issues",
    "bug",
    "bugs",
    "backlog",
    "unavailable",
    "unreachable",
    "unable",
    "cannot",
    "can't",
    "can not",
    "not working",
    "doesn't work",
    "does not work",
    "isn't working",
    "is not working",
    "stopped working",
    "slow",
    "timeout*",
    "timing out",
    "crash*",
    "degraded",
    "stuck",
    "suspicious",
    "wrong",
    "missing",
    "support request*",
    "support question*",
    "support ticket*",
    "support case*",
];

/// Words before a problem's that say it is not one now.
pub(crate) const NOT_NOW: &[&str] = &[
    "no",
    "not",
    "never",
    "without",
    "previously",
    "formerly",
    "prior",
    "earlier",
    "longer",
];

/// Words of a fix or of an update to users: an entry that tells of one is a response, not a
/// report.
pub(crate) const FIX: &[&str] = &[
    "fix", "fixes", "fixed", "revert*", "rollback", "update", "updates",
];

/// Symptoms: verbs and states that say something is failing now — not nouns that only say a
/// bug, a failure mode or an issue exists ("the conditions for failure", "a crashloop bug").
pub(crate) const SYMPTOM: &[&str] = &[
    "fails",
    "failed",
    "failing",
    "down",
    "broke",
    "broken",
    "crashes",
    "crashed",
    "crashing",
    "erroring",
    "error",
    "errors",
    "exits",
    "exited",
    "dies",
    "died",
    "hangs",
    "hung",
    "halts",
    "halted",
    "stalls",
    "stalled",
    "unavailable",
    "unreachable",
    "inaccessible",
    "stuck",
    "degraded",
    "timing",
    "times",
    "timed",
    "time",
];

/// Starts of words of someone telling of a problem ("detected by", "reports the", "identifies
/// that"); with the starts of words of noticing (`analysis::milestones::NOTICING_STEMS`: "first
/// noticed"), read on the words that gave a detection its kind.
pub(crate) const TOLD: &[&str] = &["detect", "report", "identif"];

/// What a system's "no such …" error names (`No such file or directory`, `no such host`): after
/// "no such", the words are an error message quoted, not a check that found nothing.
pub(crate) const ERROR_MESSAGE_NOUNS: &[&str] = &[
    "file",
    "directory",
    "host",
    "table",
    "column",
    "key",
    "bucket",
    "container",
    "device",
    "image",
    "object",
    "process",
    "user",
    "index",
    "module",
    "command",
    "entity",
    "domain",
];

/// Fixes aimed at a cause: a change undone, or a fix or patch for something named.
pub(crate) const AIMED_FIX: &[&str] = &[
    "revert*", "rollback", "rolled", "rolls", "fix", "fixes", "hotfix*", "patch", "patches",
    "patched",
];

// ---- Read by branch linking (`src/ingest/branches.rs`) ----

/// Words that tell the cause that really was, after a theory held ("it was *actually* the
/// disk", "*in fact* the cache", "*turned out to be* a bad certificate").
pub(crate) const REALLY_WAS: &[&str] = &[
    " actually ",
    " in fact ",
    " turned out to be ",
    " it turned out ",
];

/// Words of a belief held ("led us *to believe*", "we *thought*"): after a word of a belief
/// revised ("at first", "initially"), they make what follows a theory. A look ([`LOOKS`]) does
/// too, with a word of cause after it ([`CAUSE_WORDS`]).
pub(crate) const BELIEVED: &[&str] = &[
    "to believe",
    "believed",
    "thought",
    "assumed",
    "suspected",
    "pointed to",
    "pointed at",
];

/// Words of a look: "it *looked like* the funds came from the pool" is a theory, "everything
/// *seemed* fine after the deploy" is not.
pub(crate) const LOOKS: &[&str] = &[
    "looked like",
    "looked as if",
    "seemed like",
    "seemed to be",
    "seemed",
    "appeared to be",
    "appeared",
];

/// Words that make a look a theory of the cause ("looked like the money *came from* the
/// pool", "seemed to be *the issue*").
pub(crate) const CAUSE_WORDS: &[&str] = &[
    "came from",
    "coming from",
    "caused",
    "cause",
    "culprit",
    "to blame",
    "the issue",
    "the problem",
    "responsible",
    "due to",
    "related to",
    "source",
];

/// Ruled-out words that say outright a theory was wrong (not merely that a check came back
/// clean), enough for a sentence outside the timeline to make a detour without a theory word.
pub(crate) const THEORY_RULED_OUT: &[&str] = &[
    "mislead",
    "misled",
    "red herring",
    "ruled out",
    "dead end",
    "false lead",
    "false trail",
    "false path",
    "false repair path",
    "wrong path",
    "wrong track",
    "wild goose",
    "decoy",
    "not the cause",
    "not the root cause",
    "was incorrect",
    "was wrong",
    "not correct",
    "discarded",
    "turned out not",
    "nothing to do with",
];

// ---- Read by findings lists (`src/ingest/branches/checked.rs`) ----

/// Words of a caption that tell of checking or finding ("No problems were *detected*", "*Checks*
/// of the pipeline *found* nothing"): a list under a caption without one is no findings list.
pub(crate) const CHECK_WORDS: &[&str] = &[
    "check",
    "checks",
    "checked",
    "checking",
    "found",
    "find",
    "finds",
    "detected",
    "seen",
    "saw",
    "looked",
    "verified",
    "investigated",
    "observed",
    "spotted",
    "noticed",
    "inspected",
    "examined",
    "reviewed",
    "confirmed",
];

// ---- Read by fixes that did not hold (`src/ingest/branches/fixes.rs`) ----

/// Words that name a fix or an attempt at one (whole words, lower case).
pub(crate) const FIX_WORDS: &[&str] = &[
    "fix",
    "fixes",
    "fixed",
    "hotfix",
    "hotfixes",
    "bugfix",
    "patch",
    "patches",
    "patched",
    "workaround",
    "attempt",
    "attempted",
];

/// Words after which a plain number is a version of what was tried ("attempt 2", "fix #3").
pub(crate) const NUMBERED_BY: &[&str] = &[
    "fix",
    "hotfix",
    "patch",
    "workaround",
    "attempt",
    "version",
    "release",
    "iteration",
    "try",
];

/// Ordinal words before the thing they number, and their numbers ("the *first* workaround",
/// "a *2nd* workaround"): a series of tries like "attempt 1" · "attempt 2".
pub(crate) const ORDINALS: &[(&str, u64)] = &[
    ("first", 1),
    ("1st", 1),
    ("second", 2),
    ("2nd", 2),
    ("third", 3),
    ("3rd", 3),
    ("fourth", 4),
    ("4th", 4),
    ("fifth", 5),
    ("5th", 5),
];

/// Stems two entries share that say nothing of what they are about (read by `same_thing` in
/// `src/ingest/branches/fixes.rs`).
pub(crate) const FILLER: &[&str] = &[
    "the", "and", "for", "with", "was", "were", "new", "fix", "fixe", "hotfi", "patch", "this",
    "that", "from", "into", "has", "have", "are", "its", "our", "versi", "relea", "attem",
];

/// The symptom back after it was thought fixed: a case closed reopened, a fault seen again.
pub(crate) const CAME_BACK: &[&str] = &[
    "issue reopened",
    "issue was reopened",
    "issue is reopened",
    "bug reopened",
    "bug was reopened",
    "bug is reopened",
    "crash reopened",
    "crash was reopened",
    "crash is reopened",
    "ticket reopened",
    "ticket was reopened",
    "ticket is reopened",
    "incident reopened",
    "incident was reopened",
    "incident is reopened",
    "reopened the issue",
    "reopened the bug",
    "reopened the ticket",
    "reopened the incident",
    "reopens the issue",
    "reopens the ticket",
    "reopens the incident",
    "happened again",
    "happens again",
    "occurred again",
    "occurs again",
    "reoccurred",
    "reoccurs",
    "recurred",
    "recurs",
    "reappeared",
    "reappears",
    "resurfaced",
    "resurfaces",
    "reproduced again",
    "reproduced after",
    "reproducible again",
];

/// Nouns of a problem that, as the subject of a word of coming back ("the *stall* came back",
/// "*errors* resumed", "*latency* is back"), tell the problem back, not the system (a word, or
/// a word's start with `*`).
pub(crate) const PROBLEM_NOUNS: &[&str] = &[
    "error*",
    "failure*",
    "timeout*",
    "issue",
    "issues",
    "problem*",
    "outage*",
    "crash*",
    "stall",
    "stalls",
    "latency",
    "lag",
    "spike*",
    "bug",
    "bugs",
    "alert",
    "alerts",
    "alarm",
    "alarms",
    "symptom*",
    "5xx*",
    "4xx*",
    "500s",
    "502s",
    "503s",
    "504s",
    "degradation",
    "slowness",
    "backlog",
    "leak",
    "flapping",
    "packet loss",
    "loss",
];

/// Words of coming back: said of a system they tell a recovery ("the API came back"), said of a
/// problem ([`PROBLEM_NOUNS`]) they tell it back ("the stall came back").
pub(crate) const BACK: &[&str] = &[
    "came back",
    "comes back",
    "coming back",
    "is back",
    "are back",
    "was back",
    "were back",
    "returned",
    "returns",
    "resumed",
    "resumes",
];

/// Words that join clauses or open a phrase of time or place: a subject is not read across them
/// ("*after* the errors the API came back").
pub(crate) const JOINING: &[&str] = &[
    "and", "or", "but", "after", "when", "then", "so", "once", "as", "while", "until", "before",
    "with", "without", "since", "because", "if", "that", "which",
];

/// A word every phrase of [`CAME_BACK`] holds one of: an entry holding none is not read
/// phrase by phrase (most entries hold none).
pub(crate) const CAME_BACK_WORDS: &[&str] = &[
    "reopen", "again", "recur", "reoccur", "reappear", "resurfac", "reproduc", "back", "return",
    "resum",
];

/// Failing states that, a few words before "again", tell the problem back ("offline again").
pub(crate) const FAILING_AGAIN: &[&str] = &[
    "down",
    "offline",
    "unavailable",
    "unreachable",
    "inaccessible",
    "failing",
    "broken",
    "erroring",
    "errors",
    "crashing",
    "crashed",
    "stuck",
    "degraded",
    "hanging",
    "impossible",
];

/// Words before a failing state that make it a condition or a purpose, not a state told
/// ("an alert so we hear *if* the API is down again", "*whether* errors start again", "*in
/// case* it fails again", "to make *sure* it is not down again").
pub(crate) const CONDITION: &[&str] =
    &["if", "whether", "unless", "case", "sure", "ensure", "lest"];

/// Words of a plan before or after a version ("release 2.4.2 *is planned* for next week",
/// "fix v2 *will* ship tomorrow"): that version is not out yet.
pub(crate) const PLANNED: &[&str] = &[
    "will",
    "would",
    "should",
    "could",
    "might",
    "plan",
    "plans",
    "planned",
    "planning",
    "scheduled",
    "upcoming",
];

// ---- Read by steps blamed later (`src/ingest/branches/blamed.rs`) ----

/// Words that say what a problem came from, followed by that thing ("duplicate addresses *as a
/// result of* clearing the DHCP table", "errors *caused by* the cache flush").
pub(crate) const RESULT_OF: &[&str] = &[
    "as a result of",
    "caused by",
    "resulting from",
    "because of",
];

/// A word every phrase of [`RESULT_OF`] holds one of: an entry holding none is not read
/// phrase by phrase (most entries hold none).
pub(crate) const RESULT_OF_WORDS: &[&str] = &["result", "caus"];

/// Words that say the impact eased or ended, whatever stands before them ("latency
/// *improved*", "error rate *stays low*", "*back to normal*"): a step credited with them
/// worked. Each a phrase of whole words, lower case.
pub(crate) const RELIEF: &[&str] = &[
    "improved",
    "improves",
    "improving",
    "recovered",
    "recovers",
    "recovering",
    "stays low",
    "stayed low",
    "stay low",
    "back to normal",
    "normal again",
    "subsided",
    "subsides",
    "stabilised",
    "stabilized",
    "stabilises",
    "stabilizes",
    "healthy again",
    "working again",
    "works again",
    "succeed again",
    "succeeds again",
];

/// Verbs that say a measure of the problem eased when they follow one ([`EASING_MEASURES`]:
/// "error rate *drops*", "lag *falls*", "errors *stop*"); after anything else they may tell a
/// symptom ("wifi drops every few minutes").
pub(crate) const EASED: &[&str] = &[
    "drop",
    "drops",
    "dropped",
    "fall",
    "falls",
    "fell",
    "stop",
    "stops",
    "stopped",
    "decrease",
    "decreases",
    "decreased",
    "clear",
    "clears",
    "cleared",
    "subside",
];

/// Measures of a problem that [`EASED`] may follow ("error *rate* drops", "*lag* falls").
pub(crate) const EASING_MEASURES: &[&str] = &[
    "error", "errors", "rate", "rates", "lag", "latency", "backlog", "queue", "timeouts",
    "failures", "alerts", "alarms", "5xx", "500s", "retries", "load", "usage", "spike",
];

/// Words of finding before "to be" that make "to be caused by" what was found, not a plan
/// ("found to be caused by", "turned out to be caused by"; "a warning to be caused by" is one).
pub(crate) const FOUND_TO_BE: &[&str] = &[
    "found",
    "turned out",
    "turns out",
    "determined",
    "confirmed",
    "shown",
    "proven",
    "proved",
    "verified",
];

// ---- Read by the classifier's guards (`src/ingest/classify.rs`) ----

/// Words of a clause that say something did not work ("but the connection was *blocked*", "but
/// got attachment *errors*", "but were *unable* to"), each a whole word ("timed out" is told by
/// its first word followed by "out").
pub(crate) const FAILURE_WORDS: &[&str] = &[
    "unable", "couldn't", "can't", "cannot", "failed", "fails", "failing", "error", "errors",
    "errored", "blocked", "refused", "denied", "rejected",
];

/// Negations that tell a failure only when they deny a success or an effect ([`DENIED_SUCCESS`]:
/// "but it *doesn't* succeed", "but *no* effect", "but *nothing* changed"); denying anything else
/// they tell no failure ("but no errors since then", "but not before noon").
pub(crate) const NEGATIONS: &[&str] = &[
    "not", "no", "nothing", "never", "didn't", "doesn't", "wasn't", "weren't", "won't", "isn't",
    "aren't", "hasn't", "haven't",
];

/// Words of success or effect that a negation denies to tell a failure ("no *effect*", "not
/// *help*", "nothing *changed*"), whole words.
pub(crate) const DENIED_SUCCESS: &[&str] = &[
    "effect",
    "change",
    "changed",
    "changes",
    "difference",
    "improvement",
    "improve",
    "improved",
    "help",
    "helped",
    "helps",
    "work",
    "worked",
    "works",
    "fix",
    "fixed",
    "fixes",
    "succeed",
    "succeeded",
    "success",
    "resolve",
    "resolved",
    "luck",
    "progress",
    "better",
    "enough",
    "impact",
];

/// Answers that say no to a question asked in the sentence before, told by themselves or
/// after "that" ("We determined that it does not").
pub(crate) const ANSWERED_NO: &[&str] = &[
    "it does not",
    "it doesn't",
    "it did not",
    "it didn't",
    "it was not",
    "it wasn't",
    "it is not",
    "it isn't",
    "they do not",
    "they don't",
    "they did not",
    "they didn't",
    "they were not",
    "they weren't",
];

/// Verdict words that are adjectives, and so can stand before a noun instead of ending a clause.
pub(crate) const VERDICT_ADJECTIVES: &[&str] = &["insufficient", "ineffective", "unchanged"];

/// Words that may follow a verdict adjective that ends its clause ("insufficient *to* stop it",
/// "unchanged *after* the restart").
pub(crate) const AFTER_VERDICT: &[&str] = &[
    "to", "for", "and", "or", "but", "in", "on", "at", "as", "so", "because", "since", "after",
    "when", "while", "with", "by", "without", "even", "again", "too", "though", "until", "from",
];

/// Words that grade an issue ("not a major problem") rather than name a cause.
pub(crate) const SEVERITY_WORDS: &[&str] = &[
    "big",
    "major",
    "minor",
    "serious",
    "huge",
    "real",
    "critical",
    "significant",
    "severe",
    "widespread",
    "blocking",
    "new",
    "known",
];

// ---- Read by the end-state check (`src/ingest/reports.rs`, `milestone:resolved-at-closing-entry`) ----

/// States of being over: the problem said to be fixed, the system said to work again, the
/// alert or the incident said to be closed, a closed gate said to reopen, the outage said to
/// end ("bug fixed", "all good", "the chain starts moving again", "alert is closed", "trees
/// reopen", "outage confirmed to be resolved", "recovery completed", "upgrade confirmed
/// successfully", states of health: "nodes healthy", "fully operational", "traffic normal",
/// "natural resolution"). Two words are one entry ("all good"). A bare
/// "again", "end" or "ends" is not one: "meet again tomorrow", "end users", "work ends for
/// the day" end nothing.
pub(crate) const END_STATE: &[&str] = &[
    "fixed",
    "resolved",
    "all good",
    "good again",
    "working again",
    "works again",
    "moving again",
    "running again",
    "up again",
    "online again",
    "normal again",
    "closed",
    "reopen",
    "reopens",
    "reopened",
    "re-open",
    "re-opened",
    "outage ended",
    "outage ends",
    "incident ended",
    "incident ends",
    "successfully",
    // The last step said to work ("the second transaction is mined and succeeds").
    "succeeds",
    "succeeded",
    "completed",
    "completes",
    "healthy",
    "operational",
    "normal",
    "resolution",
];

/// Words of a plan or a wish before an end state ("to be fixed", "will be resolved", "should
/// end"): it has not happened. "Confirmed to be resolved" has: a word of finding before "to"
/// lets it count.
pub(crate) const NOT_YET: &[&str] = &[
    "to", "will", "would", "should", "could", "might", "may", "until", "once", "if", "when",
    "before",
];

/// Words of finding that make "to be" a state seen, not a plan ("confirmed to be resolved").
pub(crate) const SEEN: &[&str] = &[
    "confirmed",
    "confirms",
    "appears",
    "appeared",
    "seems",
    "seemed",
    "found",
    "verified",
];

// ---- One automaton for the quick tests ----

/// The lists a rule asks about first ("does this text hold any of these words at all?"): each
/// a bit of [`Found`]. Most entries hold none of a list's words and skip the rule's reading
/// word by word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum List {
    /// [`FAILED`], whole entries (a phrase of two words as written).
    Failed,
    /// [`REVERTED`], whole entries.
    Reverted,
    /// The first word of each entry of [`PROBLEM`] (`*` left off).
    ProblemFirstWords,
    /// The first word of each entry of [`SYMPTOM`].
    SymptomFirstWords,
    /// The first word of each entry of [`AIMED_FIX`] (`*` left off).
    AimedFixFirstWords,
    /// [`TELLING`], whole entries.
    Telling,
    /// [`VERBS`] (stems: the start of a word).
    Verbs,
    /// [`RESULT_OF_WORDS`] (every phrase of [`RESULT_OF`] holds one).
    ResultOfWords,
    /// [`CAME_BACK_WORDS`] (every phrase of [`CAME_BACK`] holds one).
    CameBackWords,
    /// [`FIX_WORDS`], whole entries.
    FixWords,
    /// [`BY_MISTAKE`], whole entries.
    ByMistake,
    /// [`UNDONE_AS_RECOVERED`] and [`RELIEF`], whole entries.
    RecoveredWords,
    /// The lexicon's words of another time ("last month", "previously"), whole entries.
    Past,
}

impl List {
    /// Every list, in bit order.
    const ALL: [List; 13] = [
        List::Failed,
        List::Reverted,
        List::ProblemFirstWords,
        List::SymptomFirstWords,
        List::AimedFixFirstWords,
        List::Telling,
        List::Verbs,
        List::ResultOfWords,
        List::CameBackWords,
        List::FixWords,
        List::ByMistake,
        List::RecoveredWords,
        List::Past,
    ];

    /// The words the automaton looks for on this list's behalf.
    fn words(self) -> Vec<&'static str> {
        let firsts = |list: &'static [&'static str]| {
            list.iter()
                .map(|p| {
                    let p = p.split(' ').next().unwrap_or(p);
                    p.strip_suffix('*').unwrap_or(p)
                })
                .collect()
        };
        match self {
            List::Failed => FAILED.to_vec(),
            List::Reverted => REVERTED.to_vec(),
            List::ProblemFirstWords => firsts(PROBLEM),
            List::SymptomFirstWords => firsts(SYMPTOM),
            List::AimedFixFirstWords => firsts(AIMED_FIX),
            List::Telling => TELLING.to_vec(),
            List::Verbs => VERBS.to_vec(),
            List::ResultOfWords => RESULT_OF_WORDS.to_vec(),
            List::CameBackWords => CAME_BACK_WORDS.to_vec(),
            List::FixWords => FIX_WORDS.to_vec(),
            List::ByMistake => BY_MISTAKE.to_vec(),
            List::RecoveredWords => UNDONE_AS_RECOVERED.iter().chain(RELIEF).copied().collect(),
            List::Past => super::PAST.to_vec(),
        }
    }
}

/// Which [`List`]s have a word somewhere in a text, in any ASCII case, as bytes (not only at
/// word boundaries): a quick test that says "none here" for sure and "maybe" otherwise. One
/// pass of one automaton (built once) over the text answers for every list. Every listed word
/// is ASCII, so the answer holds for text in any script: a word the rules read in a
/// [`normalise`](super::normalise)d text is in it as the same bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Found(u32);

/// The automaton of [`Found`] and, per pattern, the bits of the lists it stands for.
struct QuickTest {
    words: Words,
    lists: Vec<u32>,
}

static QUICK_TEST: LazyLock<QuickTest> = LazyLock::new(|| {
    let mut words: Vec<&'static str> = Vec::new();
    let mut lists: Vec<u32> = Vec::new();
    for (bit, list) in List::ALL.iter().enumerate() {
        for w in list.words() {
            match words.iter().position(|x| *x == w) {
                Some(i) => lists[i] |= 1 << bit,
                None => {
                    words.push(w);
                    lists.push(1 << bit);
                }
            }
        }
    }
    QuickTest {
        words: Words::new(&words, true),
        lists,
    }
});

impl Found {
    /// The lists with a word in `text` (one pass: every occurrence of every word).
    pub(crate) fn in_text(text: &str) -> Found {
        let q = &*QUICK_TEST;
        let mut bits = 0;
        q.words.each_match(text, |p| {
            bits |= q.lists[p];
            true
        });
        Found(bits)
    }

    /// Whether a word of `list` occurs in the text (in any ASCII case).
    pub(crate) fn has(self, list: List) -> bool {
        self.0 & (1 << list as u32) != 0
    }
}

/// Words looked for anywhere in a text, as bytes (not only at word boundaries): a small DFA
/// walked a byte at a time, every occurrence of every word reported (a quick test, and the
/// automaton of [`Found`]).
pub(crate) struct Words {
    dfa: DFA,
    /// The words, in pattern order.
    words: Vec<&'static str>,
}

impl Words {
    /// The automaton of `words`, in any ASCII case when `any_case`.
    pub(crate) fn new(words: &[&'static str], any_case: bool) -> Words {
        let dfa = DFA::builder()
            .ascii_case_insensitive(any_case)
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .build(words)
            .expect("a few short words make a small automaton");
        Words {
            dfa,
            words: words.to_vec(),
        }
    }

    /// The first of the words standing as whole words in `text` (no letter or digit right
    /// before or after it): its byte offset and the word; the earliest offset, and at one
    /// offset the word listed first. The same as looking for each word in turn.
    pub(crate) fn first_whole_word(&self, text: &str) -> Option<(usize, &'static str)> {
        let mut best: Option<(usize, usize)> = None;
        self.each_match_end(text, |p, end| {
            let at = end - self.words[p].len();
            if whole_at(text, at, end) && best.is_none_or(|b| (at, p) < b) {
                best = Some((at, p));
            }
            true
        });
        best.map(|(at, p)| (at, self.words[p]))
    }

    /// Calls `seen` with the index of each word that occurs in `text`, at each place it ends,
    /// while `seen` returns true.
    fn each_match(&self, text: &str, mut seen: impl FnMut(usize) -> bool) {
        self.each_match_end(text, |p, _| seen(p));
    }

    /// Where each word first stands as a whole word in `text` (see
    /// [`Words::first_whole_word`]), by the word's place in the list; `None` for a word that
    /// does not.
    pub(crate) fn first_whole_words(&self, text: &str) -> Vec<Option<usize>> {
        let mut first = vec![None; self.words.len()];
        self.each_match_end(text, |p, end| {
            let at = end - self.words[p].len();
            if first[p].is_none() && whole_at(text, at, end) {
                first[p] = Some(at);
            }
            true
        });
        first
    }

    /// Whether one of the words stands as a whole word in `text`.
    pub(crate) fn any_whole_word_in(&self, text: &str) -> bool {
        let mut any = false;
        self.each_match_end(text, |p, end| {
            any = whole_at(text, end - self.words[p].len(), end);
            !any
        });
        any
    }

    /// Calls `seen` with the index of each word that occurs in `text` and the byte offset where
    /// it ends, while `seen` returns true.
    fn each_match_end(&self, text: &str, mut seen: impl FnMut(usize, usize) -> bool) {
        let dfa = &self.dfa;
        let Ok(mut state) = dfa.start_state(Anchored::No) else {
            return;
        };
        for (i, &b) in text.as_bytes().iter().enumerate() {
            state = dfa.next_state(Anchored::No, state, b);
            if dfa.is_special(state) && dfa.is_match(state) {
                for k in 0..dfa.match_len(state) {
                    if !seen(dfa.match_pattern(state, k).as_usize(), i + 1) {
                        return;
                    }
                }
            }
        }
    }
}

/// Whether `text[at..end]` stands as whole words: no letter or digit right before or after it.
fn whole_at(text: &str, at: usize, end: usize) -> bool {
    let before = text[..at].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// Verbs of impact that are also a stop made by hand: "the chain *halted*" tells of the outage,
/// "the team *halted* the pool" of its containment.
pub(crate) const STOPPED_BY_HAND: &[&str] = &["halted", "halts"];

/// The work of the response, as the subject of words that would otherwise tell of impact: "the
/// *recovery* was slowed down", "the *restore* stalled".
pub(crate) const RESPONSE_WORK: &[&str] = &[
    "recovery",
    "restore",
    "restoration",
    "investigation",
    "response",
    "remediation",
    "cleanup",
    "rebuild",
];

/// Words for the responders as the subject of an act: "*we* halted the pool".
pub(crate) const RESPONDERS: &[&str] = &[
    "we",
    "i",
    "team",
    "on-call",
    "oncall",
    "engineers",
    "engineer",
    "operators",
    "ops",
    "sre",
    "sres",
    "admins",
    "staff",
];

/// Words that open the object of a verb: "halted *the* pool", "halts *all* writes".
pub(crate) const OBJECT_STARTS: &[&str] = &[
    "the", "a", "an", "all", "our", "its", "their", "both", "every", "further", "any", "new",
];

/// Words right before an attempt ("trying to", "tried") that make it the setting of a symptom,
/// told of the people affected, not a responder's theory: "an error *when* trying to log in",
/// "*users* tried to check out".
pub(crate) const USERS_ATTEMPTING: &[&str] = &[
    "when",
    "while",
    "whilst",
    "user",
    "users",
    "customer",
    "customers",
    "client",
    "clients",
    "people",
    "someone",
    "anyone",
    "visitors",
    "members",
];

#[cfg(test)]
mod tests {
    use super::{CAME_BACK, Found, List, RESULT_OF};

    #[test]
    fn every_phrase_passes_its_prefilter() {
        for (phrases, list) in [
            (CAME_BACK, List::CameBackWords),
            (RESULT_OF, List::ResultOfWords),
        ] {
            for phrase in phrases {
                assert!(Found::in_text(phrase).has(list), "{phrase}");
                assert!(Found::in_text(&phrase.to_uppercase()).has(list), "{phrase}");
            }
        }
    }

    /// The rules may test an entry's normalised text (lower case, white space made one
    /// space) for the words of its text as written: that holds while every word is ASCII, with
    /// single spaces and none at its ends.
    #[test]
    fn every_quick_test_word_is_ascii_and_single_spaced() {
        for list in List::ALL {
            for w in list.words() {
                assert!(
                    w.is_ascii()
                        && !w.is_empty()
                        && !w.starts_with(' ')
                        && !w.ends_with(' ')
                        && !w.contains("  ")
                        && !w.contains(|c: char| c.is_ascii_whitespace() && c != ' '),
                    "{list:?}: {w:?}"
                );
            }
        }
    }

    #[test]
    fn the_quick_test_finds_each_list_word_in_any_case_and_only_its_lists() {
        for list in List::ALL {
            for w in list.words() {
                for text in [
                    format!("then {w} here"),
                    format!("THEN {}, HERE", w.to_uppercase()),
                ] {
                    assert!(Found::in_text(&text).has(list), "{list:?}: {text}");
                }
            }
        }
        // Only its lists: a sentence made of one list's word has another list's bit exactly
        // when one of that list's words is in it somewhere (the words of two lists overlap:
        // "fail" starts a problem and is a failure).
        for list in List::ALL {
            for w in list.words() {
                let text = format!("then {w} here");
                let found = Found::in_text(&text);
                for other in List::ALL {
                    let holds = other
                        .words()
                        .iter()
                        .any(|o| text.to_ascii_lowercase().contains(&o.to_ascii_lowercase()));
                    assert_eq!(found.has(other), holds, "{other:?} in {text:?}");
                }
            }
        }
        let none = Found::in_text("Paged the on-call engineer");
        assert!(List::ALL.iter().all(|l| !none.has(*l)));
        let f = Found::in_text("Sam REPORTS the build Failed");
        assert!(f.has(List::Telling) && f.has(List::Failed) && f.has(List::ProblemFirstWords));
        assert!(!f.has(List::Reverted));
    }

    #[test]
    fn a_word_found_in_a_text_is_found_in_its_normalised_copy() {
        // The pipeline makes the quick test once, of the entry's normalised text, and the step
        // rules read the raw text after it: they rely on this. Each word is ASCII with one
        // space between its parts and none at its ends, and `normalise` keeps every such run
        // of bytes (it lower-cases, and only makes runs of white space one space).
        for list in List::ALL {
            for w in list.words() {
                assert!(
                    !w.is_empty()
                        && w.trim() == w
                        && !w.contains("  ")
                        && w.chars().all(|c| c == ' ' || !c.is_whitespace()),
                    "{list:?}: {w:?}"
                );
            }
        }
        let mut texts: Vec<String> = [
            "  Sam REPORTS\tthe build Failed  ",
            "Rolled  back\nthe deploy; \u{212a}illed the job",
            "Ünïcode’s “quoted” REVERTED change, timed out\r\n",
            "İstanbul pods restarted\u{a0}again",
        ]
        .iter()
        .map(|t| t.to_string())
        .collect();
        for list in List::ALL {
            for w in list.words() {
                texts.push(format!("\u{a0}{}\n", w.to_uppercase().replace(' ', "\t ")));
                texts.push(format!("x{w}é"));
            }
        }
        for text in &texts {
            let raw = Found::in_text(text);
            let normalised = Found::in_text(&crate::ingest::lexicon::normalise(text));
            for list in List::ALL {
                assert!(
                    !raw.has(list) || normalised.has(list),
                    "{list:?} in {text:?}"
                );
            }
        }
    }

    #[test]
    fn every_word_of_the_quick_test_is_ascii() {
        // The rules read no text the quick test turned away; were a word not ASCII, the
        // automaton's ASCII case folding would miss it in other cases.
        for list in List::ALL {
            assert!(list.words().iter().all(|w| w.is_ascii()), "{list:?}");
        }
    }

    #[test]
    fn the_first_whole_word_is_the_earliest_then_the_first_listed() {
        let words = super::Words::new(&["fail", "failed", "timed out", "out"], false);
        assert_eq!(
            words.first_whole_word("it failed, timed out"),
            Some((3, "failed"))
        );
        assert_eq!(
            words.first_whole_word("failing; then out"),
            Some((14, "out"))
        );
        assert_eq!(words.first_whole_word("timed out"), Some((0, "timed out")));
        assert_eq!(words.first_whole_word("without a failover"), None);
        assert_eq!(words.first_whole_word("é fail é"), Some((3, "fail")));
        assert_eq!(words.first_whole_word("éfail"), None);
        assert_eq!(
            words.first_whole_words("out, failed out; timed out"),
            [None, Some(5), Some(17), Some(0)]
        );
        assert!(words.any_whole_word_in("it timed out"));
        assert!(!words.any_whole_word_in("outage failover"));
    }
}
