//! Why something was inferred rather than written down: the rule that fired and the words that
//! fired it. The rules themselves (phrases, guards, explanations) are the lexicon's table
//! (`crate::ingest::lexicon`); the model only names them.

use serde::{Serialize, Serializer};

use super::Name;

/// The id of one inference rule. Every inferred kind, milestone or detour carries one, so
/// `retrace import --explain` and the TUI can say which rule fired and why
/// ([`RuleId::explain`], from the lexicon's table). Its [`name`](RuleId::name) is the stable
/// string shown to people and written in JSON (`kind:detection`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RuleId {
    // Event kinds from wording (table order is precedence).
    KindImpactStart,
    KindResolution,
    KindMitigation,
    /// A fix put in place ("fix for the web app deployed", "patch applied").
    KindFixDeployed,
    KindDetectionDiscovered,
    KindIdentified,
    KindIdentifiedWeak,
    KindIdentifiedFound,
    /// "Shard allocation fixed;": a thing named, then fixed, at the end of a clause.
    KindMitigationFixedAtEnd,
    KindDetection,
    KindAcknowledge,
    /// Words that someone was told of it or holds it ("on-call engineer notified"), not that
    /// they took it on.
    KindAcknowledgeWeak,
    KindEscalation,
    KindRecovery,
    KindTrigger,
    KindCommunication,
    KindAction,
    KindInvestigation,
    /// No wording matched: the event is a note.
    KindDefaultNote,
    // Milestone markers standing as a sentence of their own ("Mitigated.", "OUTAGE BEGINS").
    MarkerImpactStart,
    MarkerDetection,
    MarkerAcknowledge,
    MarkerIdentified,
    MarkerMitigation,
    MarkerResolution,
    // Detours.
    DetourRuledOut,
    /// A verdict closing its clause ("this was not enough", "the deploy was unrelated").
    DetourFellShort,
    DetourHypothesis,
    /// A check that found nothing wrong ("nothing unusual in the logs").
    DetourNothingFound,
    /// The symptom went on after an action ("restarted the pods; errors continued").
    DetourSymptomContinued,
    /// An attempt that failed ("restart failed due to the hypervisor").
    DetourAttemptFailed,
    /// A theory held only at first ("assumed a user error at the time").
    DetourRevisedBelief,
    /// A theory ruled out in a sentence outside the timeline.
    DetourRuledOutInProse,
    /// A theory struck through (`~~disk full~~`).
    DetourStruckThrough,
    /// A theory marked wrong with a cross (`Suspected the DNS ❌`).
    DetourMarkedWrong,
    /// An attempt given up, its object named ("gives up on uploading the images").
    DetourGaveUp,
    /// A cause no longer believed ("we didn't think the issue came from the database").
    DetourDeniedBelief,
    /// A step that made things worse ("which just made more crashing pods").
    DetourMadeWorse,
    /// The symptom still there, said with a negation ("new hosts still aren't taking work").
    DetourStillNot,
    /// A theory left open when a different cause was found.
    DetourSuperseded,
    /// An attempt left open when a different fix then worked.
    DetourAttemptSuperseded,
    /// A step whose object fails or happens again in a following entry.
    DetourStepFailed,
    /// A step tried again on the same thing: the first try did not work.
    DetourTriedAgain,
    /// A step undone later ("Reverted the region change").
    DetourStepReverted,
    /// A thing named in a list under a caption that says the checks found nothing.
    DetourCheckedList,
    /// An action item the report lists as tried during the incident with a status that says
    /// it failed (`| Clone the container | mitigate | ben | FAILED |`).
    DetourActionItemFailed,
    /// An attempt told with a "but" clause that says it failed.
    DetourTriedBut,
    /// A question asked with "whether" and answered no in the next sentence.
    DetourAnsweredWhether,
    /// A cause said to have been blamed by mistake ("the issue was mistakenly attributed to X").
    DetourMistaken,
    /// The symptom's measure unchanged after a step ("CPU on the node is not changing").
    DetourUnchanged,
    /// A fix followed by a later version of itself ("fix v1 proposed" · "fix v2 proposed").
    DetourFixSuperseded,
    /// A fix, or the issue closed as fixed, and later the symptom back ("issue reopened").
    DetourFixDidNotHold,
    /// A step the timeline tells, judged in another section to have not helped ("The planned
    /// restart did not resolve the issue").
    DetourStepJudgedInProse,
    /// A step a later entry blames for a problem ("... as a result of clearing the table").
    DetourBlamedLater,
    /// A fix, or a state said fixed, and later the problem told again before anything else
    /// told of it ("node came back up" · "the same node is offline again"; "fixed by the host" ·
    /// "a customer reports errors").
    DetourFixRelapsed,
    /// A step, and a few entries later its opposite on the same thing ("Disable the region" ·
    /// "Re-enable the region"; "removed from the list" · "restored in the list").
    DetourStepUndone,
    /// A step taken in response that its own entry says was done by mistake ("double the
    /// storage, but mistakenly double the app disk").
    DetourStepByMistake,
    /// Wording that says impact began, inside an event of another kind.
    SignalImpactStart,
    // Milestones.
    /// The outage's stated span ("lasted from 10:30 to 12:45").
    MilestoneDuration,
    /// A stated duration figure ("Time to recovery: 68 minutes").
    MilestoneStatedDuration,
    MilestoneFirstOfKind,
    /// No mitigation before the resolution: the fix that resolved it also ended the impact.
    MilestoneMitigatedAtResolution,
    /// No acknowledgement told: the first response after detection (someone looking or acting).
    MilestoneFirstResponse,
    /// No start of impact told: impact began no later than the first sign of it (the first
    /// event, not a change made to the system, before detection; else the detection itself
    /// when its words tell of a failure).
    MilestoneFirstSign,
    /// The entry where the problem was noticed says it began some time earlier ("an odd
    /// transaction mined 30 minutes earlier"): started = that entry's time minus it.
    MilestoneStartedEarlier,
    /// A start told relative to the fix ("it took 1 hour and 31 minutes from the start of the
    /// incident to the deploy of the fix"): started = mitigated (else resolved) minus it.
    MilestoneStartBeforeFix,
    /// No resolution told: the incident ended with its last fix (the last mitigation), when it
    /// closes the timeline.
    MilestoneResolvedAtLastFix,
    /// A field of the report states when the incident was detected (`Detected: 2022-04-28
    /// 10:34`, a `| Detected | ... |` row in a header table).
    MilestoneStatedField,
    /// No mitigation told before the incident's end: impact stopped when a system was first
    /// said to come back ("registry restored", "comes back from downtime").
    MilestoneMitigatedAtRecovery,
    /// No resolution told: the incident ended when the last system was said to come back.
    MilestoneResolvedAtLastRecovery,
    /// The entry whose words say impact began also says when ("the errors started at 14:10",
    /// "the issues started on Feb 12th at 3pm"): started is that time, not the entry's own.
    MilestoneStartAtStatedTime,
    /// An entry where someone tells of a problem ("Sam reports a heavy backlog", "a user emails
    /// security about a suspicious mail", a quoted message): the problem was noticed then.
    MilestoneReportedByPeople,
    /// No identification told: the cause was known when the first fix aimed at it was made (a
    /// revert, a rollback, a fix or a patch after detection).
    MilestoneIdentifiedAtFirstFix,
    /// No acknowledgement told: a person noticed it ("notices", "spotted"), not an alert or a
    /// report, and took it on there.
    MilestoneAcknowledgedByWhoNoticed,
    /// No detection told: the first finding on the timeline (something discovered, a clue) is
    /// where the problem was noticed.
    MilestoneDetectedAtFirstFinding,
    /// An acknowledgement told before any detection (or with none told): the problem was
    /// noticed no later than it was picked up.
    MilestoneDetectedByAcknowledgement,
    /// A mitigation at or before impact began fixed nothing of it: the first mitigation after
    /// the start is the mitigation.
    MilestoneMitigatedAfterStart,
    /// An acknowledgement told before any detection, after an entry where a person noticed the
    /// problem: noticed there, not when it was picked up.
    MilestoneDetectedAtNoticing,
    /// No resolution told: the timeline's closing entry says the problem is over in words of a
    /// state ("bug fixed", "all good", "moving again", "alert is closed").
    MilestoneResolvedAtClosingEntry,
    /// No start of impact told: the timeline opens with a change made to the system (a deploy,
    /// an update) and the problem was noticed within [`crate::analysis::milestones::CHANGE_BEFORE_DETECTION`]
    /// of it: impact began with that change.
    MilestoneStartedAtOpeningChange,
    /// A start the text tells (a worded start, a stated span) falls after the detection, no
    /// sign comes before it and the detection's words tell of a failure: impact began no later
    /// than the detection, the latest it can have begun.
    MilestoneStartedByDetection,
    /// No start and no detection are told: the first entry with its own time that tells of a
    /// failure ("notice that the deployment failed", "block production halts") is where impact
    /// began, the earliest the story shows it.
    MilestoneStartedAtFirstFailure,
    /// A start worded on an entry is preceded, shortly before and with no progress between, by
    /// an entry that already tells of the failure: impact began there.
    MilestoneStartedAtEarlierFailure,
    /// No detection is told: the first entry where a person notices the problem ("we are aware
    /// of", "notice that the deployment failed") is where it was noticed.
    MilestoneDetectedAtFirstNoticing,
    /// No detection is told on the timeline, but a field says how it was detected
    /// (`Detected by: CLI failures and curl checks`): the first entry that tells of it is
    /// where it was detected.
    MilestoneDetectedAsTold,
    // Action items.
    ActionMitigate,
    ActionProcess,
    // Imported sources (chat, pager, incident tool): rules that fire on a source's structure.
    /// A reply in a chat thread says the thread's theory was right: a confirmed branch.
    ThreadConfirmed,
    /// A bot's Slack message edited after it was posted: its final words say nothing about
    /// the moment it was posted.
    SourceSlackEditedBot,
    /// A deleted Slack message that still has replies (a tombstone).
    SourceSlackDeleted,
    /// PagerDuty's first trigger log entry: the alert fired.
    SourcePagerdutyTrigger,
    /// PagerDuty's first acknowledgement by a person.
    SourcePagerdutyAcknowledge,
    /// PagerDuty's last resolve log entry.
    SourcePagerdutyResolve,
    /// PagerDuty escalation, delegation or reassignment.
    SourcePagerdutyEscalate,
    /// Another PagerDuty log entry, kept as a note.
    SourcePagerdutyLog,
    /// The PagerDuty incident object's own times (`created_at`, `resolved_at`).
    SourcePagerdutyIncident,
    /// An incident.io timestamp whose name says the milestone.
    SourceIncidentioTimestamp,
    /// incident.io "Reported at": when the incident was declared, a late stand-in for detected.
    SourceIncidentioReported,
    /// incident.io "Accepted at": when the incident was accepted, a stand-in for acknowledged.
    SourceIncidentioAccepted,
    /// An incident.io update's new status, when its message says nothing telling.
    SourceIncidentioStatus,
    /// A timeline table's Kind column names the event's kind (`detection`, as retrace's own
    /// Markdown export writes it).
    SourceMarkdownKindColumn,
}

impl RuleId {
    /// Every rule id, in table order.
    pub const ALL: [RuleId; 101] = [
        RuleId::KindImpactStart,
        RuleId::KindResolution,
        RuleId::KindMitigation,
        RuleId::KindFixDeployed,
        RuleId::KindDetectionDiscovered,
        RuleId::KindIdentified,
        RuleId::KindIdentifiedWeak,
        RuleId::KindIdentifiedFound,
        RuleId::KindMitigationFixedAtEnd,
        RuleId::KindDetection,
        RuleId::KindAcknowledge,
        RuleId::KindAcknowledgeWeak,
        RuleId::KindEscalation,
        RuleId::KindRecovery,
        RuleId::KindTrigger,
        RuleId::KindCommunication,
        RuleId::KindAction,
        RuleId::KindInvestigation,
        RuleId::KindDefaultNote,
        RuleId::MarkerImpactStart,
        RuleId::MarkerDetection,
        RuleId::MarkerAcknowledge,
        RuleId::MarkerIdentified,
        RuleId::MarkerMitigation,
        RuleId::MarkerResolution,
        RuleId::DetourRuledOut,
        RuleId::DetourFellShort,
        RuleId::DetourHypothesis,
        RuleId::DetourNothingFound,
        RuleId::DetourSymptomContinued,
        RuleId::DetourAttemptFailed,
        RuleId::DetourRevisedBelief,
        RuleId::DetourRuledOutInProse,
        RuleId::DetourStruckThrough,
        RuleId::DetourMarkedWrong,
        RuleId::DetourGaveUp,
        RuleId::DetourDeniedBelief,
        RuleId::DetourMadeWorse,
        RuleId::DetourStillNot,
        RuleId::DetourSuperseded,
        RuleId::DetourAttemptSuperseded,
        RuleId::DetourStepFailed,
        RuleId::DetourTriedAgain,
        RuleId::DetourStepReverted,
        RuleId::DetourCheckedList,
        RuleId::DetourActionItemFailed,
        RuleId::DetourTriedBut,
        RuleId::DetourAnsweredWhether,
        RuleId::DetourMistaken,
        RuleId::DetourUnchanged,
        RuleId::DetourFixSuperseded,
        RuleId::DetourFixDidNotHold,
        RuleId::DetourStepJudgedInProse,
        RuleId::DetourBlamedLater,
        RuleId::DetourFixRelapsed,
        RuleId::DetourStepUndone,
        RuleId::DetourStepByMistake,
        RuleId::SignalImpactStart,
        RuleId::MilestoneDuration,
        RuleId::MilestoneStatedDuration,
        RuleId::MilestoneFirstOfKind,
        RuleId::MilestoneMitigatedAtResolution,
        RuleId::MilestoneFirstResponse,
        RuleId::MilestoneFirstSign,
        RuleId::MilestoneStartedEarlier,
        RuleId::MilestoneStartBeforeFix,
        RuleId::MilestoneResolvedAtLastFix,
        RuleId::MilestoneStatedField,
        RuleId::MilestoneMitigatedAtRecovery,
        RuleId::MilestoneResolvedAtLastRecovery,
        RuleId::MilestoneStartAtStatedTime,
        RuleId::MilestoneReportedByPeople,
        RuleId::MilestoneIdentifiedAtFirstFix,
        RuleId::MilestoneAcknowledgedByWhoNoticed,
        RuleId::MilestoneDetectedAtFirstFinding,
        RuleId::MilestoneDetectedByAcknowledgement,
        RuleId::MilestoneMitigatedAfterStart,
        RuleId::MilestoneDetectedAtNoticing,
        RuleId::MilestoneResolvedAtClosingEntry,
        RuleId::MilestoneStartedAtOpeningChange,
        RuleId::MilestoneStartedByDetection,
        RuleId::MilestoneStartedAtFirstFailure,
        RuleId::MilestoneStartedAtEarlierFailure,
        RuleId::MilestoneDetectedAtFirstNoticing,
        RuleId::MilestoneDetectedAsTold,
        RuleId::ActionMitigate,
        RuleId::ActionProcess,
        RuleId::ThreadConfirmed,
        RuleId::SourceSlackEditedBot,
        RuleId::SourceSlackDeleted,
        RuleId::SourcePagerdutyTrigger,
        RuleId::SourcePagerdutyAcknowledge,
        RuleId::SourcePagerdutyResolve,
        RuleId::SourcePagerdutyEscalate,
        RuleId::SourcePagerdutyLog,
        RuleId::SourcePagerdutyIncident,
        RuleId::SourceIncidentioTimestamp,
        RuleId::SourceIncidentioReported,
        RuleId::SourceIncidentioAccepted,
        RuleId::SourceIncidentioStatus,
        RuleId::SourceMarkdownKindColumn,
    ];

    /// The stable name shown by `--explain` and written in JSON (`kind:detection`).
    pub fn name(self) -> &'static str {
        match self {
            RuleId::KindImpactStart => "kind:impact-start",
            RuleId::KindResolution => "kind:resolution",
            RuleId::KindMitigation => "kind:mitigation",
            RuleId::KindFixDeployed => "kind:fix-deployed",
            RuleId::KindDetectionDiscovered => "kind:detection-discovered",
            RuleId::KindIdentified => "kind:identified",
            RuleId::KindIdentifiedWeak => "kind:identified-weak",
            RuleId::KindIdentifiedFound => "kind:identified-found",
            RuleId::KindMitigationFixedAtEnd => "kind:mitigation-fixed-at-end",
            RuleId::KindDetection => "kind:detection",
            RuleId::KindAcknowledge => "kind:acknowledge",
            RuleId::KindAcknowledgeWeak => "kind:acknowledge-weak",
            RuleId::KindEscalation => "kind:escalation",
            RuleId::KindRecovery => "kind:recovery",
            RuleId::KindTrigger => "kind:trigger",
            RuleId::KindCommunication => "kind:communication",
            RuleId::KindAction => "kind:action",
            RuleId::KindInvestigation => "kind:investigation",
            RuleId::KindDefaultNote => "kind:default-note",
            RuleId::MarkerImpactStart => "marker:impact-start",
            RuleId::MarkerDetection => "marker:detection",
            RuleId::MarkerAcknowledge => "marker:acknowledge",
            RuleId::MarkerIdentified => "marker:identified",
            RuleId::MarkerMitigation => "marker:mitigation",
            RuleId::MarkerResolution => "marker:resolution",
            RuleId::DetourRuledOut => "detour:ruled-out",
            RuleId::DetourFellShort => "detour:fell-short",
            RuleId::DetourHypothesis => "detour:hypothesis",
            RuleId::DetourNothingFound => "detour:nothing-found",
            RuleId::DetourSymptomContinued => "detour:symptom-continued",
            RuleId::DetourAttemptFailed => "detour:attempt-failed",
            RuleId::DetourRevisedBelief => "detour:revised-belief",
            RuleId::DetourRuledOutInProse => "detour:ruled-out-in-prose",
            RuleId::DetourStruckThrough => "detour:struck-through",
            RuleId::DetourMarkedWrong => "detour:marked-wrong",
            RuleId::DetourGaveUp => "detour:gave-up",
            RuleId::DetourDeniedBelief => "detour:denied-belief",
            RuleId::DetourMadeWorse => "detour:made-worse",
            RuleId::DetourStillNot => "detour:still-not",
            RuleId::DetourSuperseded => "detour:superseded",
            RuleId::DetourAttemptSuperseded => "detour:attempt-superseded",
            RuleId::DetourStepFailed => "detour:step-failed",
            RuleId::DetourTriedAgain => "detour:tried-again",
            RuleId::DetourStepReverted => "detour:step-reverted",
            RuleId::DetourCheckedList => "detour:checked-list",
            RuleId::DetourActionItemFailed => "detour:action-item-failed",
            RuleId::DetourTriedBut => "detour:tried-but",
            RuleId::DetourAnsweredWhether => "detour:answered-whether",
            RuleId::DetourMistaken => "detour:mistaken",
            RuleId::DetourUnchanged => "detour:unchanged",
            RuleId::DetourFixSuperseded => "detour:fix-superseded",
            RuleId::DetourFixDidNotHold => "detour:fix-did-not-hold",
            RuleId::DetourStepJudgedInProse => "detour:step-judged-in-prose",
            RuleId::DetourBlamedLater => "detour:blamed-later",
            RuleId::DetourFixRelapsed => "detour:fix-relapsed",
            RuleId::DetourStepUndone => "detour:step-undone",
            RuleId::DetourStepByMistake => "detour:step-by-mistake",
            RuleId::SignalImpactStart => "signal:impact-start",
            RuleId::MilestoneDuration => "milestone:duration",
            RuleId::MilestoneStatedDuration => "milestone:stated-duration",
            RuleId::MilestoneFirstOfKind => "milestone:first-of-kind",
            RuleId::MilestoneMitigatedAtResolution => "milestone:mitigated-at-resolution",
            RuleId::MilestoneFirstResponse => "milestone:first-response",
            RuleId::MilestoneFirstSign => "milestone:first-sign",
            RuleId::MilestoneStartedEarlier => "milestone:started-earlier",
            RuleId::MilestoneStartBeforeFix => "milestone:start-before-fix",
            RuleId::MilestoneResolvedAtLastFix => "milestone:resolved-at-last-fix",
            RuleId::MilestoneStatedField => "milestone:stated-field",
            RuleId::MilestoneMitigatedAtRecovery => "milestone:mitigated-at-recovery",
            RuleId::MilestoneResolvedAtLastRecovery => "milestone:resolved-at-last-recovery",
            RuleId::MilestoneStartAtStatedTime => "milestone:start-at-stated-time",
            RuleId::MilestoneReportedByPeople => "milestone:reported-by-people",
            RuleId::MilestoneIdentifiedAtFirstFix => "milestone:identified-at-first-fix",
            RuleId::MilestoneAcknowledgedByWhoNoticed => "milestone:acknowledged-by-who-noticed",
            RuleId::MilestoneDetectedAtFirstFinding => "milestone:detected-at-first-finding",
            RuleId::MilestoneDetectedByAcknowledgement => "milestone:detected-by-ack",
            RuleId::MilestoneMitigatedAfterStart => "milestone:mitigated-after-start",
            RuleId::MilestoneDetectedAtNoticing => "milestone:detected-at-noticing",
            RuleId::MilestoneResolvedAtClosingEntry => "milestone:resolved-at-closing-entry",
            RuleId::MilestoneStartedAtOpeningChange => "milestone:started-at-opening-change",
            RuleId::MilestoneStartedByDetection => "milestone:started-by-detection",
            RuleId::MilestoneStartedAtFirstFailure => "milestone:started-at-first-failure",
            RuleId::MilestoneStartedAtEarlierFailure => "milestone:started-at-earlier-failure",
            RuleId::MilestoneDetectedAtFirstNoticing => "milestone:detected-at-first-noticing",
            RuleId::MilestoneDetectedAsTold => "milestone:detected-as-told",
            RuleId::ActionMitigate => "action:mitigate",
            RuleId::ActionProcess => "action:process",
            RuleId::ThreadConfirmed => "thread:confirmed",
            RuleId::SourceSlackEditedBot => "source:slack-edited-bot",
            RuleId::SourceSlackDeleted => "source:slack-deleted",
            RuleId::SourcePagerdutyTrigger => "source:pagerduty-trigger",
            RuleId::SourcePagerdutyAcknowledge => "source:pagerduty-acknowledge",
            RuleId::SourcePagerdutyResolve => "source:pagerduty-resolve",
            RuleId::SourcePagerdutyEscalate => "source:pagerduty-escalate",
            RuleId::SourcePagerdutyLog => "source:pagerduty-log",
            RuleId::SourcePagerdutyIncident => "source:pagerduty-incident",
            RuleId::SourceIncidentioTimestamp => "source:incident.io-timestamp",
            RuleId::SourceIncidentioReported => "source:incident.io-reported",
            RuleId::SourceIncidentioAccepted => "source:incident.io-accepted",
            RuleId::SourceIncidentioStatus => "source:incident.io-status",
            RuleId::SourceMarkdownKindColumn => "source:markdown-kind-column",
        }
    }

    /// The rule with this [`name`](RuleId::name).
    pub fn from_name(name: &str) -> Option<RuleId> {
        RuleId::ALL.into_iter().find(|r| r.name() == name)
    }
}

impl std::fmt::Display for RuleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for RuleId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// Why a kind, milestone or detour was inferred rather than written down:
/// the rule that fired and the words in the text that fired it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Inference {
    /// The rule (serialised as its name, e.g. `detour:ruled-out`).
    pub rule: RuleId,
    /// The words of the source text that matched (lower case, white space collapsed); empty
    /// when the rule fires on no words (a default). Interned: the same lexicon phrases match
    /// across a whole corpus, so an inference is 8 bytes and no heap block.
    pub matched: Name,
}

impl Inference {
    /// The rule `rule` fired on the words `matched`.
    pub fn new(rule: RuleId, matched: impl Into<String>) -> Self {
        Inference {
            rule,
            matched: Name::from(matched.into()),
        }
    }
}
