//! The words that classify events: one table, each rule with an id, a guard, a strength and an
//! explanation, so every inferred kind, milestone or detour can say which rule fired on which
//! words (`retrace import --explain`).
//!
//! Phrases are lower-case and match at word boundaries; a phrase ending in `*` matches any word
//! that starts with it (`investigat*` matches "investigating" and "investigation"). All phrases
//! of all rules are compiled once into one Aho-Corasick automaton; [`Scan::new`] runs it once
//! over a text and keeps every match that passes its rule's guard, and every question about the
//! text ([`Scan::first`], [`Scan::kind`], [`Scan::ruled_out`], ...) is answered from those
//! matches. Precedence is table order: earlier rows win when several kinds match.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::model::{ActionKind, EventKind, Inference, RuleId};

pub mod lists;
pub mod tenses;

/// What a rule concludes when it fires.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Conclusion {
    /// The event is of this kind.
    Kind(EventKind),
    /// A milestone marker standing as a sentence of its own ("Mitigated.", "OUTAGE BEGINS"):
    /// the writer said which moment this was, so it wins over any other wording.
    Marker(EventKind),
    /// The event tells of a theory that turned out wrong (a detour ends or is the whole detour).
    RuledOut,
    /// The event tells of a theory being tried (a detour may start here).
    Hypothesis,
    /// Beside a theory, the words say it was held only at first ("at the time", "initially"):
    /// the theory was given up, a detour.
    Revised,
    /// The event says impact began (gives the `started` milestone even when the event's kind is
    /// something else, e.g. "outage detected when the site began returning errors").
    ImpactStarted,
    /// A sentence that states the outage's span ("lasted ... from 10:30 to 12:45").
    Duration,
    /// A milestone taken from the first event of its kind.
    FirstOfKind,
    /// What an action item is for.
    Action(ActionKind),
    /// The event says a theory turned out right (a chat thread's branch is confirmed).
    Confirmed,
    /// A kind, milestone or note a source states by its structure (a pager's log entry type, an
    /// incident tool's timestamp or status), not by words.
    Source,
}

/// One condition that must hold around a phrase for it to count. A rule lists its guards
/// ([`Rule::guards`]); a match counts only when every one holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Guard {
    /// Not right after a guard word in its clause ("to *ensure* the issue was resolved",
    /// "*not* resolved", "*hoping* the upgrade will fix it") nor after a word of intent ("*to*
    /// take corrective action", "*will* restart"), and something follows it: it did happen.
    Tense,
    /// Not right after a negation ("*no* misleading paths"), nor a system's error message
    /// quoted ([`quotes_a_system_error`]).
    Negation,
    /// The phrase is a whole sentence or clause of its own ("Evictions stop. Mitigated.").
    WholeSentence,
    /// The phrase ends its clause ("Expired token cache found.") and is not guarded (the
    /// first half of [`Guard::Tense`]).
    EndsClause,
    /// The phrase is not followed by any of these words: "assumed a user error at the time",
    /// not "at the time *of* the event"; "a bad query was caught", not "the backlog was caught
    /// *up*".
    NotFollowedBy(&'static [&'static str]),
    /// A phrase that ends with this word is not followed by any of these words: "a bad query
    /// *was caught*", not "the backlog *was caught up*" (other phrases of the rule, "revealed
    /// up to 40% of pods", are not concerned).
    EndingNotFollowedBy(&'static str, &'static [&'static str]),
    /// A fix is the subject of the phrase: its clause, before it, names one ("*fix* for the
    /// web app deployed", "*patch* applied to all nodes"), and the phrase is not guarded (the
    /// first half of [`Guard::Tense`]).
    FixInClause,
    /// Not said of a problem: "the *stall* came back", "*errors* resumed" tell the problem
    /// back, not the system ([`problem_back`]).
    NotOfAProblem,
    /// An act done then, not one the entry reports as found or as done before
    /// ([`reported_act`]: "realized the cron job *had deleted* the files").
    NotReportedAct,
    /// Not an attempt of the people affected, the setting of a symptom: right after "when",
    /// "while" or a word for users ("an error *when trying to* log in", "*users tried* to pay";
    /// [`lists::USERS_ATTEMPTING`]); nor of a system ("*the compactor attempts* to downsample
    /// the block and fails": [`system_attempting`]).
    NotUsersAttempting,
    /// Not a check that found the system well ("the balancer *detects* the new nodes *as
    /// healthy*": a state seen, not a problem noticed; [`health_found`]).
    NoHealthFound,
    /// Not a ticket opened with others ("ticket opened *with* the vendor": a call for help, not
    /// a report of the problem; [`ticket_to_others`]).
    NotTicketToOthers,
    /// A phrase ending in "with" does not name the team itself after it ("filed a ticket with
    /// *our* support team" is a report to us, not a call for help; [`to_us`]).
    NotWithUs,
    /// Not put in a place that is not production ("fix verified *in staging*", "works
    /// *locally*": no relief yet; [`not_in_production`]).
    InProduction,
    /// These verbs of keeping are not said of data in the passive ("queries are replicated and
    /// *persisted*": data stored, not a problem that went on; [`stored_passive`]).
    NotStoredPassive(&'static [&'static str]),
    /// Not said of the response: a stop the responders made ([`stopped_by_hand`]: "the *team
    /// halts* the pool", "we *halted the* writes"), which contains the outage, nor the work of
    /// recovery going badly ([`said_of_the_response`]: "the *recovery was slowed down* by …").
    /// "The chain halted" tells of the outage.
    NotOfTheResponse,
    /// Not denied: right before it ("*without any* alert", [`negated`]) or by the words right
    /// after it ("the alarm *does not fire*", "the alert *never triggered*", "the page *failed
    /// to go* out", [`denied_after`]).
    NotDenied,
    /// Not said of something done on purpose: its sentence says it was planned ("the API is
    /// down from here, *as planned*", "taken offline *by design*", [`as_planned`]).
    NotAsPlanned,
    /// A "still …" said of what is left of the impact, not of it all ("*a handful of*
    /// long-poll clients still timing out", "mobile clients with *cached* tokens still fail
    /// *until* they log in again", [`a_remainder`]): the step before it worked.
    NotARemainder,
    /// Not a participle naming a thing by what was done to it, the subject of the verb that
    /// follows ("customer reports *recovered* files are corrupted", "*restored* rows were
    /// missing", [`attributive`]): the words tell of the thing, not that it was done here.
    NotAttributive,
    /// Not taken back in its sentence: no "but", "yet", "however" or "still" after it before
    /// the sentence ends ("config fixed, *but* the indexer *still* crashes").
    NoContrastAfter,
    /// No part of the system marked failed later in its sentence ("registry ✅ came back,
    /// artifact cache *❌* down": some came back, the impact goes on; [`failed_mark_after`]).
    NoFailedMarkAfter,
    /// Not named later in its sentence as what set the outage off ("OOM hotfix deployed -
    /// *introduced bug*", "config pushed, *which broke* logins": the change that caused it, not
    /// a fix; [`named_the_cause_after`]).
    NotNamedTheCause,
    /// A restart not done by the machine itself ("*systemd* restarts the unit five times",
    /// "the pod was restarted *automatically*": a crash loop, not a fix; [`restarted_by_machine`]).
    /// The rule's other phrases are not concerned.
    NotRestartedByMachine,
    /// Not made a plan, a negation or work still going by the words Japanese, Chinese or Korean
    /// glue after it ([`OTHER_NOT_DONE`]: "復旧*せず*", "복구*되지* 않음"), nor negated by the
    /// mark glued before it ([`OTHER_NEGATED`]: "プロセス*無*再起動", no restart; "*未*復旧", not
    /// yet recovered; "*没有*恢复"), nor said in Chinese to be going on ("*正在*…进行重启",
    /// [`ongoing_in_chinese`]).
    DoneInOtherLanguages,
    /// A phrase holding these words holds only after a verb of checking earlier in its clause
    /// ([`CHECK_VERBS`]: "*verified* the catalog agent is up and reachable", a check that found
    /// it well; "the site is up and reachable" alone is a recovery, not a check); the rule's
    /// other phrases always hold.
    CheckedBefore(&'static str),
}

impl Guard {
    /// Whether this condition holds for the match at `at..end` of `lower` (normalised text).
    fn holds(self, lower: &str, at: usize, end: usize) -> bool {
        match self {
            Guard::Tense => !guarded(lower, at) && !nothing_after(lower, end),
            Guard::Negation => !negated(lower, at) && !quotes_a_system_error(lower, end),
            Guard::WholeSentence => whole_sentence(lower, at, end),
            Guard::EndsClause => ends_clause(lower, end) && !guarded(lower, at),
            Guard::NotFollowedBy(words) => !words
                .iter()
                .any(|w| lower[end..].starts_with(w) && boundary_after(lower, end + w.len())),
            Guard::EndingNotFollowedBy(ending, words) => {
                !lower[at..end].ends_with(ending)
                    || Guard::NotFollowedBy(words).holds(lower, at, end)
            }
            Guard::FixInClause => fix_in_clause(lower, at) && !guarded(lower, at),
            Guard::NotOfAProblem => !problem_back(lower, at, end),
            Guard::NotReportedAct => !reported_act(lower, at),
            Guard::NotUsersAttempting => {
                !words_before(lower, at)
                    .next()
                    .is_some_and(|w| lists::USERS_ATTEMPTING.contains(&w))
                    && !system_attempting(&lower[at..end], words_before(lower, at))
            }
            Guard::NoHealthFound => !health_found(lower, end),
            Guard::NotTicketToOthers => !ticket_to_others(lower, at, end),
            Guard::NotWithUs => !(lower[at..end].ends_with(" with") && to_us(&lower[end..])),
            Guard::InProduction => !not_in_production(lower, end),
            Guard::NotStoredPassive(verbs) => {
                !(verbs.contains(&&lower[at..end]) && stored_passive(lower, at))
            }
            Guard::NotOfTheResponse => {
                !stopped_by_hand(lower, at, end) && !said_of_the_response(lower, at)
            }
            Guard::NotDenied => !negated(lower, at) && !denied_after(lower, end),
            Guard::NotAsPlanned => !as_planned(lower, at, end),
            Guard::NotARemainder => !a_remainder(lower, at, end),
            Guard::NotAttributive => !attributive(lower, at, end),
            Guard::NoContrastAfter => !contrast_after(lower, end),
            Guard::NoFailedMarkAfter => !failed_mark_after(lower, end),
            Guard::NotNamedTheCause => !named_the_cause_after(lower, end),
            Guard::NotRestartedByMachine => !restarted_by_machine(lower, at, end),
            Guard::DoneInOtherLanguages => {
                Guard::NotFollowedBy(OTHER_NOT_DONE).holds(lower, at, end)
                    && !(lower[at..].starts_with(unspaced_script)
                        && (OTHER_NEGATED.iter().any(|m| lower[..at].ends_with(m))
                            || ongoing_in_chinese(lower, at)))
            }
            Guard::CheckedBefore(words) => {
                !lower[at..end].contains(words)
                    || words_before(lower, at).any(|w| CHECK_VERBS.contains(&w))
            }
        }
    }
}

/// How much a match says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Strength {
    /// The words say it outright ("root cause identified").
    Strong,
    /// A clue, beaten by a strong match of the same kind elsewhere ("logs revealed ...").
    Weak,
}

/// One row of the lexicon.
#[derive(Debug)]
pub struct Rule {
    /// The rule's id; its name is what `--explain` shows (`kind:detection`).
    pub id: RuleId,
    pub conclusion: Conclusion,
    /// What must hold around a phrase for it to count: every one of these conditions (none:
    /// any occurrence counts).
    pub guards: &'static [Guard],
    pub strength: Strength,
    /// Lower-case phrases; a phrase matches at word boundaries (`*` at the end: word prefix).
    pub phrases: &'static [&'static str],
    /// One line for people: why these words mean this.
    pub explain: &'static str,
}

pub const RULES: &[Rule] = &[
    Rule {
        id: RuleId::KindImpactStart,
        guards: &[Guard::Tense, Guard::DoneInOtherLanguages],
        strength: Strength::Strong,
        conclusion: Conclusion::Kind(EventKind::ImpactStart),
        phrases: &[
            "start of outage",
            "start of the outage",
            "start of downtime",
            "start of the downtime",
            "downtime began",
            "downtime started",
            "downtime begins",
            "downtime starts",
            // The event named as the one that set the impact going ("the event which started
            // the downtime").
            "started the downtime",
            "started the outage",
            "began the downtime",
            "began the outage",
            "start of incident",
            "start of the incident",
            "outage starts",
            "impact start",
            "began to fail",
            "outage begins",
            "outage began",
            "outage started",
            "impact starts",
            "impact started",
            "impact begins",
            "impact began",
            "customer impact began",
            "customer impact begins",
            "incident begins",
            "incident began",
            "incident starts",
            "incident started",
            "issue began",
            "issue started",
            "problem began",
            "problem started",
            "outage occurred",
            "issues began",
            "issues started",
            "problems began",
            "problems started",
            // Impact begun, in other languages: Japanese, Chinese, French, German, Spanish, Portuguese.
            "障害発生",
            "장애 발생",
            "오류 발생",
            "에러 발생",
            "서비스 중단",
            "접속 불가",
            "접속 장애",
            "응답 없음",
            "서버 다운",
            "서비스 다운",
            "障害が発生",
            "エラー発生",
            "接続不可",
            "アクセス不可",
            "利用不可",
            "故障发生",
            "发生故障",
            "宕机",
            "无响应",
            "服务中断",
            "服务不可用",
            "début de la panne",
            "panne",
            "indisponible",
            "interruption de service",
            "dégradation",
            "non-réactif",
            "non réactif",
            "ausfall",
            "störung",
            "nicht erreichbar",
            "nicht verfügbar",
            "caída del servicio",
            "interrupción del servicio",
            "no disponible",
            "degradación",
            "indisponível",
            "queda do serviço",
        ],
        explain: "the text says impact began",
    },
    Rule {
        id: RuleId::KindResolution,
        guards: &[
            // A state's name before a message of it ("Resolved notifications now bypass the
            // filter"), not the incident resolved.
            Guard::EndingNotFollowedBy("resolved", STATE_MESSAGES),
            Guard::DoneInOtherLanguages,
            Guard::Tense,
            Guard::InProduction,
        ],
        strength: Strength::Strong,
        conclusion: Conclusion::Kind(EventKind::Resolution),
        phrases: &[
            "issue is closed",
            "issue was closed",
            "issue closed",
            "everything seems fine",
            "everything looks fine",
            "everything looks good",
            "looks good now",
            "all good now",
            "chain resumes",
            "production resumed",
            "processing resumed",
            "traffic resumed",
            "service resumed",
            "services resumed",
            "okay again",
            "ok again",
            "fine again",
            "everything is okay",
            "everything is ok",
            "everything is fine",
            "fix everything",
            "fixed everything",
            "returns to normal",
            "returned to normal",
            "return to normal",
            "returns to baseline",
            "returned to baseline",
            "back to baseline",
            "fully recovered",
            "recovery completed",
            "recovery complete",
            "all systems operational",
            "all systems normal",
            "operational again",
            "blocks being produced",
            "closed the incident",
            "incident was closed",
            "marked resolved",
            "marked as resolved",
            "confirmed working",
            "observed working",
            "verified working",
            "confirmed fixed",
            "solved the issue",
            "solved the problem",
            "which solved",
            "issue solved",
            "problem solved",
            "issue was solved",
            "problem was solved",
            "order was restored",
            "access restored",
            "access was restored",
            "was restored",
            "were restored",
            "end of outage",
            "end of the outage",
            "end of incident",
            "end of the incident",
            "service is back",
            "site is back",
            "fully restored",
            "full service restored",
            "service fully restored",
            "services fully restored",
            "service restored",
            "services restored",
            "service was restored",
            "services were restored",
            "service availability was restored",
            "traffic was restored",
            "restored to normal",
            // The last of the restore work done ("finished the final restoration procedures").
            "finished the final restoration",
            "finished the restoration",
            "restoration was completed",
            "restoration completed",
            "restoration is complete",
            "finished restoring",
            "resolved",
            "incident ends",
            "incident ended",
            "incident closed",
            "outage ended",
            // The impact told by what it was ("the processing delay ended").
            "delay ended",
            "delays ended",
            "disruption ended",
            "degradation ended",
            "impact ended",
            "outage ends",
            "outage resolved",
            "all clear",
            "resolution confirmed",
            "successful resolution",
            "back to normal",
            "back to full",
            "fully functional",
            "functioning normally",
            "fully operational",
            "verified operational",
            "operating at normal",
            "normal operation",
            "normal operations",
            "regained access",
            "back online",
            "permanently fixed",
            "fixed permanently",
            "confirmed operational",
            "back up again",
            "is back up",
            "was back up",
            "are back up",
            "were back up",
            "back to acceptable",
            "at its usual rate",
            "at the usual rate",
            "resolution is confirmed",
            "resolution is complete",
            "operating normally",
            "running normally",
            "working normally",
            "service is restored",
            "services are restored",
            "shows full recovery",
            "showed full recovery",
            "showing full recovery",
            "confirmed full recovery",
            "confirms full recovery",
            "full recovery confirmed",
            "recovered fully",
            "successful recovery",
            "recovered successfully",
            "trees reopen",
            "trees re-open",
            "trees reopened",
            "trees re-opened",
            "trees are reopened",
            "trees are open again",
            "reopened the trees",
            "re-opened the trees",
            // The outage itself said to be over ("bringing the outage to an end", "the
            // incident is over").
            "outage to an end",
            "incident to an end",
            "an end to the outage",
            "an end to the incident",
            "ended the outage",
            "ending the outage",
            "ends the outage",
            "outage is over",
            "outage was over",
            "incident is over",
            "incident was over",
            // The service back in full, in other languages (a negation before them is read by the tense guard: "pas", "nicht").
            "完全復旧",
            "복구 완료",
            "완전 복구",
            "정상화 확인",
            "정상 동작 확인",
            "해결 완료",
            "장애 해소",
            "장애 종료",
            "復旧完了",
            "復旧を確認",
            "復旧確認",
            "正常化",
            "解消",
            "収束",
            "恢复正常",
            "已恢复",
            "全部恢复",
            "问题解决",
            "已解决",
            "service restauré",
            "service rétabli",
            "retour à la normale",
            "entièrement rétabli",
            "résolu",
            "behoben",
            "wiederhergestellt",
            "läuft wieder",
            "wieder erreichbar",
            "wieder online",
            "servicio restablecido",
            "servicio restaurado",
            "resuelto",
            "vuelve a la normalidad",
            "serviço restabelecido",
            "resolvido",
            "normalizado",
        ],
        explain: "service stated fully back",
    },
    Rule {
        id: RuleId::KindMitigation,
        guards: &[
            // Restarts that keep coming are the symptom, a crash loop ("OOMKilled restarts
            // every few minutes"), not a restart done.
            Guard::EndingNotFollowedBy("restarts", RESTARTS_REPEATING),
            Guard::DoneInOtherLanguages,
            Guard::Tense,
            Guard::NotReportedAct,
            Guard::InProduction,
            Guard::NotNamedTheCause,
            Guard::NotRestartedByMachine,
        ],
        strength: Strength::Strong,
        conclusion: Conclusion::Kind(EventKind::Mitigation),
        phrases: &[
            // Held work taken up again ("we managed to start processing queued tasks").
            "started processing queued",
            "start processing queued",
            "resumed processing",
            "succeed again",
            // An attempt said to have worked ("Mitigation attempt 2: pinning the toolchain.
            // The attempt worked"); not "this worked", often "this worked locally but …".
            "attempt worked",
            "fix worked",
            "workaround worked",
            "mitigation worked",
            "succeeding again",
            "work again",
            "works again",
            "succeeds again",
            "load again",
            "loads again",
            "rollback complete",
            "rollback completes",
            "rollback finishes",
            "revert completes",
            "mitigates",
            "vulnerability closed",
            "vulnerability was closed",
            "vulnerability patched",
            "vulnerability was patched",
            "revoked the",
            "rolled back to",
            "reverted to",
            "revert completed",
            "revert deployed",
            "reverted the",
            "switched to",
            "switched over",
            "switching dns",
            "failed over to",
            "fail over to",
            "failover completed",
            "failover complete",
            "failover done",
            "failover finished",
            "failover succeeded",
            "traffic shifted",
            "shifted traffic",
            "tweaked",
            "repaired",
            "replaced the",
            "has been replaced",
            "have been replaced",
            "errors drop",
            "errors fall",
            "errors decrease",
            "error rate drops",
            "error rate falls",
            "latency drops",
            "latency recovers",
            "refreshed",
            "flushed",
            "purged",
            "cleared the cache",
            "cache cleared",
            "cache refreshed",
            "unblocked",
            "re-enabled",
            "disabled the",
            // Containment, the bleeding stopped by hand: the pool, the queue, the writes.
            "halted the",
            "halts the",
            "paused the",
            "pauses the",
            "suspended the",
            "suspends the",
            "team halted",
            "team halts",
            "team paused",
            "team pauses",
            "we halted",
            "we paused",
            "turned off",
            "blocked the",
            "limited the",
            "throttled",
            "scaled out",
            "added capacity",
            "increased capacity",
            "freed up",
            "freeing up",
            "cleaned up",
            "deleted the",
            "removed the",
            "mitigated",
            "outage mitigated",
            "mitigation applied",
            "mitigation deployed",
            "fix applied",
            "fix was applied",
            "fix deployed",
            "fix was deployed",
            "deployed a fix",
            "deployed the fix",
            "rolled out a fix",
            "rolled out the fix",
            "applied a fix",
            "applied the fix",
            // A hotfix put in place, not one written, posted for review or branched ("posts a
            // hotfix PR", "hot fix prepared for internal review"): the verb says it went out.
            "deployed a hotfix",
            "deployed the hotfix",
            "deploys a hotfix",
            "deploys the hotfix",
            "applied a hotfix",
            "applied the hotfix",
            "applies the hotfix",
            "rolled out a hotfix",
            "rolled out the hotfix",
            "released a hotfix",
            "released the hotfix",
            "deployed hotfix",
            "deploys hotfix",
            "applied hotfix",
            "released hotfix",
            "shipped a hotfix",
            "shipped the hotfix",
            "shipped hotfix",
            "ships a hotfix",
            "hotfix deployed",
            "hotfix applied",
            "hotfix released",
            "hotfix shipped",
            "hotfix rolled out",
            "hotfix was deployed",
            "hotfix is live",
            "optimization applied",
            "began to stabilize",
            "began to stabilise",
            "started to stabilize",
            "stabilized",
            "stable again",
            "everything stable",
            "everything is stable",
            "systems stable",
            "systems are stable",
            "stabilised",
            "workaround",
            "rolled back",
            "rollback completed",
            // Traffic moved to a spare, a bad release pulled or the last good one put back.
            "traffic to the backup",
            "traffic to the standby",
            "traffic to the secondary",
            "traffic to the fallback",
            "over to the backup",
            "over to the standby",
            "yanked the",
            "yanks the",
            "yanked from",
            "was yanked",
            "were yanked",
            "is yanked",
            "put back the",
            "puts back the",
            "put back config",
            "puts back config",
            "is live again",
            "are live again",
            "rollback was completed",
            "rollback done",
            "measures implemented",
            "measures were implemented",
            "put in place",
            "was increased",
            "were increased",
            "was raised",
            "were raised",
            "were added",
            "traffic moved",
            "traffic was moved",
            "redirected traffic",
            "scaled up",
            "rollback finished",
            "restarts stop",
            "restarts stopped",
            "errors stop",
            "errors stopped",
            "timeouts dropping",
            "errors dropping",
            "errors subsided",
            "errors dropped",
            "error rate dropped",
            "error rates dropped",
            "latency dropped",
            "impact stopped",
            "corrected",
            "corrective action",
            "temporary fix",
            "fix was implemented",
            "fix implemented",
            // A fix checked to work: relief told at the check ("manual fix verified").
            "fix verified",
            "fix was verified",
            "fix confirmed",
            "fix was confirmed",
            // A status page's "Monitoring" update: the perfect tense of the same fixes.
            "fix has been implemented",
            "fix has been deployed",
            "fix has been applied",
            "fix has been rolled out",
            "fix has been released",
            "fix has now been implemented",
            "fix has now been deployed",
            "fixes have been implemented",
            "fixes have been deployed",
            "mitigation has been applied",
            "mitigation has been implemented",
            "mitigation has been deployed",
            "adjustments implemented",
            "changes implemented",
            "normalized",
            "normalised",
            "adjusted",
            "optimized",
            "optimised",
            "restarted",
            "reinstalled",
            "manually started",
            "started manually",
            "started by hand",
            "restarted by hand",
            "working again",
            "available again",
            "accessible again",
            "permitted again",
            "flowing again",
            "running again",
            "moving again",
            "move again",
            "moves again",
            "rendering again",
            "render again",
            "renders again",
            "serving again",
            "serves again",
            "processing again",
            "processed again",
            "syncing again",
            "answer again",
            "answers again",
            "answering again",
            "respond again",
            "responds again",
            "connect again",
            "connects again",
            "connecting again",
            "deliver again",
            "delivers again",
            "delivering again",
            "sending again",
            "building again",
            "builds again",
            "resolving again",
            "healthy again",
            "fast again",
            "responsive again",
            "normal again",
            "functional again",
            "usable again",
            "accepting again",
            "patched",
            "fixed the",
            // The fix made on something named ("Fixed a few factories by hand").
            "fixed a",
            "fixed an",
            "fixed some",
            "fixed all",
            "fixed several",
            "fixed most",
            "fixed this",
            "fixed these",
            "fixed it",
            // A fix merged ("the fix branch is merged to main").
            "fix merged",
            "fix is merged",
            "fix was merged",
            "fix branch is merged",
            "fix branch was merged",
            "fix branch merged",
            "was fixed",
            "reverts the",
            "restarts",
            "rolls back",
            "deploys a fix",
            "deploys the fix",
            "fix is deployed",
            "fix is live",
            "fix released",
            "released a fix",
            "released the fix",
            "fix was released",
            "corrects the",
            "corrects it",
            "restart the",
            "signing again",
            "producing blocks again",
            // The alarm quiet again ("the alarm stops firing", "alerts cleared"): here, not
            // with recoveries, so the alarm's name does not make it a detection.
            "stops firing",
            "stopped firing",
            "alert cleared",
            "alerts cleared",
            "alarm cleared",
            "alarms cleared",
            "alert is closed",
            "alert was closed",
            "alert closed",
            "alerts clear",
            // The monitor closing its own alert ("alert auto-resolves").
            "alert auto-resolves",
            "alert auto-resolved",
            "alerts auto-resolve",
            "alerts auto-resolved",
            "alert resolves",
            "alert resolved",
            "alerts resolved",
            // Steps that relieve, in other languages.
            "再起動",
            "재시작",
            "재기동",
            "롤백",
            "재배포",
            "페일오버",
            "트래픽 전환",
            "ロールバック",
            "切り戻し",
            "再デプロイ",
            "フェイルオーバー",
            "重启",
            "重新启动",
            "回滚",
            "redémarré",
            "redémarrage",
            "retour arrière",
            "correctif déployé",
            "neu gestartet",
            "neugestartet",
            "zurückgerollt",
            "neustart",
            "reiniciado",
            "reinicio",
            "revertido",
        ],
        explain: "impact stopped or worked around",
    },
    Rule {
        id: RuleId::KindFixDeployed,
        guards: &[
            Guard::FixInClause,
            Guard::InProduction,
            Guard::NotNamedTheCause,
        ],
        strength: Strength::Strong,
        conclusion: Conclusion::Kind(EventKind::Mitigation),
        phrases: &[
            "deployed",
            "applied",
            "rolled out",
            "released",
            "shipped",
            "went out",
            "went live",
            "is live",
            "goes live",
            "pushed out",
            "in place",
        ],
        explain: "a fix was put in place (its clause names a fix and the verb says it went out)",
    },
    Rule {
        id: RuleId::KindDetectionDiscovered,
        guards: &[Guard::Tense],
        strength: Strength::Strong,
        conclusion: Conclusion::Kind(EventKind::Detection),
        phrases: &[
            "issue discovered",
            "issue was discovered",
            // The detection told as a noun ("Initial detection of storage issues").
            "initial detection",
            "first detection",
            "problem discovered",
            "problem was discovered",
            "outage discovered",
            "outage was discovered",
            "error discovered",
            "first identified",
            "first noticed",
            "first observed",
            "first seen",
            // The first sign written down ("first recorded instance of a user seeing …").
            "first recorded instance",
            // People seeing the failure, or something seen where it shows.
            "user seeing",
            "users seeing",
            "customer seeing",
            "customers seeing",
            "users are seeing",
            "customers are seeing",
            "users saw",
            "customers saw",
            "seen in the logs",
            "seen in logs",
            "seen in the api logs",
            "first detected",
            "first reported",
            "detection time",
            "time of detection",
            "issue detection",
        ],
        explain: "the problem itself was discovered (not its cause)",
    },
    Rule {
        id: RuleId::KindIdentified,
        guards: &[Guard::Tense],
        strength: Strength::Strong,
        conclusion: Conclusion::Kind(EventKind::Identified),
        phrases: &[
            "cause:",
            "root cause:",
            "the cause:",
            "culprit:",
            "determines that",
            "determined the",
            "determined it",
            "figured out",
            "figures out",
            "found a bug",
            "found the bug",
            "bug found",
            "bug was found",
            "found the issue",
            "found the problem",
            "found the culprit",
            "root-caused",
            "root caused",
            "caused by",
            "is the cause",
            "was the cause",
            "were the cause",
            "the culprit was",
            "confirmed the cause",
            "confirmed the root cause",
            "isolated the",
            "narrowed down",
            "narrowed it down",
            "narrowed the problem down",
            "narrowed the issue down",
            "narrowed the cause down",
            "identified as the root cause",
            "root cause identified",
            "root cause was identified",
            "identified the root cause",
            "identified the cause",
            "cause identified",
            "cause was identified",
            "found the cause",
            "found the root cause",
            "root cause found",
            "was identified",
            "were identified",
            "identified",
            "pinpointed",
            "identification of",
            "uncovered",
            "determined that",
            "the cause was",
            "root cause was",
            "traced to",
            "traced the",
            "traced it",
            "found out the cause",
            "found a typo",
            "found the typo",
            "finds the cause",
            "finds the root cause",
            "finds a possible cause",
            "found a possible cause",
            "finds a likely cause",
            "found a likely cause",
            "found the reason",
            "finds the reason",
            "finds the bug",
            "finds a bug",
            "finds the issue",
            "finds the problem",
            "identifies the",
            "identifies a",
            "identifies an",
            "determines the",
            "cause was found",
            "fingered as",
            "determined the cause",
            // The cause found, in other languages.
            "原因特定",
            "원인 파악",
            "원인 확인",
            "원인 발견",
            "원인 규명",
            "原因を特定",
            "原因が判明",
            "原因判明",
            "定位到",
            "找到原因",
            "根因是",
            "根因确认",
            "确认根因",
            "cause identifiée",
            "cause racine identifiée",
            "cause trouvée",
            "ursache gefunden",
            "ursache identifiziert",
            "ursache erkannt",
            "causa identificada",
            "causa raíz identificada",
            "causa encontrada",
        ],
        explain: "the cause was found",
    },
    Rule {
        id: RuleId::KindIdentifiedWeak,
        guards: &[
            Guard::Tense,
            Guard::EndingNotFollowedBy("caught", &[" up", " back up"]),
        ],
        strength: Strength::Weak,
        conclusion: Conclusion::Kind(EventKind::Identified),
        phrases: &[
            "investigation showed",
            "investigation shows",
            // A finding shared or a review that points at something ("publishes initial
            // findings of which rules blocked", "initial review suggests an issue with the
            // vault"); not findings that were inconclusive, nor a suggestion that clears a part.
            "initial findings of",
            "first findings of",
            "suggests an issue",
            "suggested an issue",
            "suggests a problem",
            "suggested a problem",
            "suggests a bug",
            "suggested a bug",
            "analysis showed",
            "analysis shows",
            "realized",
            "realised",
            "realizes",
            "realises",
            "became clear",
            "becomes clear",
            "noticed there was",
            "turns out",
            "turned out",
            "found that",
            "it appears that",
            "appears to be caused",
            "seems to be caused",
            "identified that",
            "discovered that",
            "discovered the",
            "discovered a",
            "discovered bug",
            "discovered",
            "found out that",
            "revealed",
            "realized that",
            "realised that",
            "likely cause",
            "revealing",
            "analysis confirmed",
            "investigation confirmed",
            "was found full of",
            "found to be the cause",
            "found to be caused",
            "found to be the culprit",
            "found the failed",
            "found the misconfigured",
            "found a misconfigured",
            "found the faulty",
            "likely culprit",
            "the culprit",
            // Something caught in the act ("caught the leak", "a bad query was caught"), not
            // a backlog that "caught up".
            "caught the",
            "caught a",
            "caught an",
            "was caught",
            "were caught",
            "probably the cause",
            "likely the cause",
            "reveals",
            "identifies that",
            "identifies",
            "confirms it is",
            "confirmed it is",
            "confirmed it was",
        ],
        explain: "something telling was found (the cause, or a clue to it)",
    },
    Rule {
        id: RuleId::KindMitigationFixedAtEnd,
        conclusion: Conclusion::Kind(EventKind::Mitigation),
        guards: &[
            Guard::EndsClause,
            Guard::Negation,
            Guard::NoContrastAfter,
            Guard::InProduction,
        ],
        strength: Strength::Weak,
        phrases: &["fixed", "repaired", "corrected"],
        explain: "something named is fixed at the end of a clause (\"shard allocation fixed;\"): the fault mended, likely",
    },
    Rule {
        id: RuleId::KindIdentifiedFound,
        conclusion: Conclusion::Kind(EventKind::Identified),
        guards: &[Guard::EndsClause],
        strength: Strength::Weak,
        phrases: &["found", "spotted", "located", "identified"],
        explain: "something named is found at the end of a clause (\"expired token cache found.\"): the cause, likely",
    },
    Rule {
        id: RuleId::KindDetection,
        guards: &[
            Guard::DoneInOtherLanguages,
            Guard::Tense,
            Guard::NoHealthFound,
            Guard::NotTicketToOthers,
            Guard::NotDenied,
            // An alert's settings, not an alert ("adjusting the alert threshold is on the
            // follow-up list").
            Guard::EndingNotFollowedBy("alert", ALERT_SETTINGS),
            // Alerts that went away, not a sign ("Alerts already cleared by then").
            Guard::EndingNotFollowedBy("alert", ALERTS_ENDED),
            Guard::EndingNotFollowedBy("alerts", ALERTS_ENDED),
        ],
        strength: Strength::Strong,
        conclusion: Conclusion::Kind(EventKind::Detection),
        phrases: &[
            "we notice",
            // Someone tells the responders ("A user notifies us on Slack"); not "we notify
            // customers", "the support team notifies affected customers".
            "user notifies",
            "users notify",
            "customer notifies",
            "customers notify",
            "incoming report",
            "incoming reports",
            "report that",
            "reports that",
            "emails about",
            "alerted us",
            "paged us",
            "someone noticed",
            // Reaching out tells of a problem when users do it, or when it reached the team
            // ("a customer reached out to support"); a responder reaching out to a vendor is an
            // escalation (below).
            "customer reached out",
            "customers reached out",
            "user reached out",
            "users reached out",
            "client reached out",
            "clients reached out",
            "someone reached out",
            "reached out to us",
            "reached out to our",
            "reached out to support",
            "reached out about",
            "reached out regarding",
            "reached out via",
            "reached out with",
            "reached out saying",
            "reached out to say",
            "reached out to report",
            "reached out to let",
            "first report",
            "first reports",
            "reported by",
            "reports of",
            "reported that",
            "report from",
            "reports from",
            "customer report",
            "user report",
            "users started reporting",
            "customers started reporting",
            "started reporting",
            "began reporting",
            "starts reporting",
            "begins reporting",
            "first ticket",
            "received a page",
            "receives a page",
            "got a page",
            "gets a page",
            "incident triggered",
            "page triggered",
            "first tickets",
            "customer ticket",
            "customer tickets",
            "were paged",
            "was paged",
            "got paged",
            "gets paged",
            "page fired",
            "pages fired",
            "pager fired",
            "alarm",
            "alarms",
            "yelled",
            "notified us",
            "raised the alarm",
            "ticket was opened",
            "ticket opened",
            "opened a ticket",
            "filed a ticket",
            "noticed that",
            "detected",
            "alert fired",
            "alerts fired",
            // An alert of warning severity ("`DiskPressure` warning fires for the node").
            "warning fires",
            "warning fired",
            "warnings fire",
            "warnings fired",
            // The paging service named as the subject ("PagerDuty fires").
            "pagerduty fires",
            "pagerduty fired",
            "pagerduty pages",
            "pagerduty paged",
            "opsgenie fires",
            "opsgenie fired",
            "opsgenie alert",
            "pingdom alert",
            "alerted",
            "alert",
            "alerts",
            "paged",
            "pager",
            "pagers",
            "went off",
            "noticed",
            // The problem come upon in routine work ("Discovered during checks: the login host
            // serves the wrong certificate"), not its cause found; not any thing found while at
            // work ("block 2 discovered during downsampling").
            "discovered during checks",
            "discovered during routine",
            "discovered during testing",
            "found during checks",
            "found during routine",
            "found during testing",
            "spotted during checks",
            "noticed during checks",
            "notices",
            "users report",
            "customers report",
            "write in",
            "reports from users",
            "reports from customers",
            "spotted",
            "spots",
            "encountered",
            "monitoring alert",
            "monitoring alerts",
            "monitoring systems reported",
            "monitoring system reported",
            "monitoring reported",
            "flagged",
            "customers reported",
            "users reported",
            "customer reported",
            "user reported",
            "complained",
            "complaints",
            "detect",
            "detects",
            "reports the",
            "reports a",
            "reports an",
            "reports on",
            "reports their",
            "reports his",
            "reports her",
            "reports its",
            "reports this",
            "reports some",
            "reports error",
            "reports errors",
            "reports issues",
            "reports problems",
            "reports seeing",
            "reports to",
            "reported",
            "reporting the",
            "reporting a",
            "reporting an",
            "became aware of",
            "becomes aware of",
            "become aware of",
            "made aware of",
            "notified that",
            "ticket is opened",
            "receives an email",
            "receives an e-mail",
            "received an email",
            "received an e-mail",
            // Written without the article ("Hannah received email from editorial").
            "received email from",
            "receives email from",
            "got an email from",
            "reporting the outage",
            "reporting an outage",
            "support request",
            "support requests",
            "support ticket",
            "support tickets",
            "automated warning",
            // A person reporting, the verb in the present ("a customer reports login loops").
            "customer reports",
            "received a report",
            "receives a report",
            "user reports",
            "client reports",
            "member reports",
            "partner reports",
            // The same in other verbs ("a customer says exports are corrupted", "support
            // hears from customers that ..."); writing in is a report read by its milestone
            // rule.
            "customer says",
            "customers say",
            "customer said",
            "customers said",
            "user says",
            "users say",
            "user said",
            "users said",
            "client says",
            "clients say",
            "hears from a customer",
            "heard from a customer",
            "hears from customers",
            "heard from customers",
            "hears from a user",
            "heard from a user",
            "hears from users",
            "heard from users",
            // A monitor or graph showing the symptom.
            "turn red",
            "turns red",
            "turned red",
            "went red",
            "goes red",
            "shows elevated",
            "show elevated",
            "showed elevated",
            "showing elevated",
            // Found by surprise, or a sense that something is wrong.
            "monitoring was triggered",
            "monitoring triggered",
            "got in touch to report",
            "only to find",
            "only to discover",
            "didn't look good",
            "did not look good",
            "doesn't look good",
            "does not look good",
            "something looked wrong",
            "something looked off",
            // A symptom observed, or seen where the system is watched.
            "observed that",
            "observes that",
            "observing that",
            "visible in the monitoring",
            "visible in monitoring",
            "visible in our monitoring",
            "visible on the dashboard",
            "visible on our dashboards",
            "monitoring showed",
            "monitoring shows",
            "issue surfaced",
            "problem surfaced",
            "errors surfaced",
            "error surfaced",
            "automated warnings",
            "received a warning",
            "receives a warning",
            // Seen or reported, in other languages.
            "アラート発火",
            "アラートが発火",
            "検知",
            "감지",
            "탐지",
            "알림 수신",
            "알림 발생",
            "알람 발생",
            "제보",
            "문의 접수",
            "検出",
            "発覚",
            "気づ",
            "気付",
            "報告を受け",
            // A symptom reported ("利用者が 502 を報告"); not "を観測" (observed), which a
            // system that watches other systems says of its own work.
            "を報告",
            "から報告",
            "通報",
            "检测到",
            "发现异常",
            "发现故障",
            "告警",
            "报警",
            "收到报告",
            "用户反馈",
            "用户报告",
            "监控发现",
            "signalé",
            "signalée",
            "signalés",
            "signalées",
            "détecté",
            "détectée",
            "alerte",
            "remarqué",
            "bemerkt",
            "gemeldet",
            "festgestellt",
            "detectado",
            "detectada",
            "reportado",
            "reportada",
            "alerta",
        ],
        explain: "someone or something noticed",
    },
    Rule {
        id: RuleId::KindAcknowledge,
        guards: &[Guard::Tense],
        strength: Strength::Strong,
        conclusion: Conclusion::Kind(EventKind::Acknowledge),
        phrases: &[
            // Responders at work on it, as status pages say ("We are actively working to
            // restore access", "our team is working on a fix").
            "actively working",
            "working to restore",
            "working to resolve",
            "working to fix",
            "working on a fix",
            "working on a resolution",
            "working on restoring",
            "working on resolving",
            "working on fixing",
            "issue verified",
            "verified the issue",
            "confirmed the issue",
            "issue confirmed",
            "confirmed the outage",
            "confirmed the problem",
            "reproduced the issue",
            "reproduced the problem",
            "team responded",
            "engineer responded",
            "responders",
            "investigation starts",
            "investigation started",
            "investigation begins",
            "investigation began",
            "began an investigation",
            "started an investigation",
            "starts an investigation",
            "starts investigating",
            "begins investigating",
            "start investigating",
            "started to look",
            "starts to look",
            "joined the call",
            "joined call",
            "joins the call",
            "joined the incident",
            "joins the incident",
            "declared the incident",
            "declares an incident",
            "declared incident",
            "incident was declared",
            "incident opened",
            "incident was created",
            "incident created",
            "incident was opened",
            "opened an incident",
            "opened the incident",
            "incident channel",
            "war room",
            // A group gathered to work on it ("A working group was created to investigate").
            "working group was created",
            "working group was formed",
            "formed a working group",
            "created a working group",
            "task force was created",
            "task force was formed",
            "formed a task force",
            "huddle begins",
            "huddle began",
            "huddle started",
            "huddle starts",
            "started a huddle",
            "starts a huddle",
            "incident call started",
            "incident call was started",
            "incident call began",
            "started an incident call",
            "opened an incident call",
            "response call started",
            "bridge call started",
            "bridge opened",
            "took the page",
            "acknowledged the page",
            "acknowledged the alert",
            "sev-1 declared",
            "sev1 declared",
            "sev-2 declared",
            "sev2 declared",
            "declared a sev",
            "declared sev",
            "incident commander",
            "acknowledged",
            "acknowledges",
            "starts looking",
            "started looking",
            "began looking",
            "swung into action",
            "first look",
            "took a look",
            "started looking into",
            "began looking into",
            "started work on",
            "began work on",
            "jumped on",
            "acked",
            "ack'd",
            "ack'ed",
            "incident response started",
            "incident response began",
            "incident response initiated",
            "notified and began investigating",
            "on-call responded",
            "took ownership",
            // What was picked up: a page, not traffic ("traffic picks up after lunch").
            "picked up the",
            "picked up an",
            "picked up a ",
            "picked up this",
            "picked the issue up",
            "responded to the alert",
            "responded to the page",
            "responded to the incident",
            "began investigating",
            "started investigating",
            // A status page's first update: the provider has the incident in hand.
            "are currently investigating",
            "we are investigating",
            "we're investigating",
            "we are currently looking into",
            "we are looking into",
            "we're looking into",
            // The same first update in Chinese and Japanese ("并正在调查此问题", "調査中です").
            "正在调查",
            "正在調查",
            "正在排查",
            "調査中",
            "调查中",
            "began to investigate",
            "started to investigate",
            "began diagnosing",
            "began initial investigation",
            "started initial investigation",
            "started diagnosing",
            "began troubleshooting",
            "started troubleshooting",
            "began working on",
            "started working on",
            "incident declared",
            "declared an incident",
            "picks up the",
            "picks up an",
            "picks up a ",
            "picks up this",
            "picks it up",
            "begins looking",
            "begin looking",
            "investigation launched",
            "launched an investigation",
            "respond to alarms",
            "responded to alarms",
            "acknowledge the alert",
            "acknowledge the page",
            // The outage itself acknowledged ("Operations acknowledge outage"); each verb form
            // is compiled from these (see `tenses`).
            "acknowledged outage",
            "acknowledged the outage",
            "acknowledged the incident",
            "acknowledged the issue",
            "acknowledged the problem",
            // After a plural subject ("Operations acknowledge outage"); after "to" or "will"
            // the tense guard reads an intent.
            "acknowledge outage",
            "acknowledge the outage",
            "acknowledge the incident",
            // A team brought to work on it ("The platform team was engaged"), not a part of
            // the system that engaged ("the circuit breaker was engaged").
            "team was engaged",
            "teams were engaged",
            "team engaged",
            "teams engaged",
            "engineers were engaged",
            "engineer was engaged",
            "engineers engaged",
            "on-call was engaged",
            "on-call engaged",
            "responders were engaged",
            // Taken on, in other languages.
            "調査開始",
            "대응 시작",
            "조사 시작",
            "분석 시작",
            "対応開始",
            "調査を開始",
            "対応を開始",
            "开始排查",
            "开始调查",
            "investigation commencée",
            "début de l'investigation",
            "prise en charge",
            "untersuchung begonnen",
            "analyse begonnen",
            "investigación iniciada",
            "comenzó la investigación",
        ],
        explain: "a responder took it on",
    },
    Rule {
        id: RuleId::KindAcknowledgeWeak,
        guards: &[Guard::Tense],
        strength: Strength::Weak,
        conclusion: Conclusion::Kind(EventKind::Acknowledge),
        phrases: &[
            "duty engineer",
            "engineer on duty",
            "notified",
            "informed",
            "on-call engineer",
            "handled by",
            "assigned",
        ],
        explain: "someone was told of it or holds it (not yet that they took it on)",
    },
    Rule {
        id: RuleId::KindEscalation,
        guards: &[Guard::Tense, Guard::NotWithUs],
        strength: Strength::Strong,
        conclusion: Conclusion::Kind(EventKind::Escalation),
        phrases: &[
            "escalated",
            "escalation",
            "escalating",
            "pulled in",
            "brought in",
            "looped in",
            "called in",
            // Responders turning to others: a vendor, another team.
            "reached out to",
            // A ticket opened with a vendor is a call for help, not a report of the problem.
            "ticket opened with",
            "opened a ticket with",
            "filed a ticket with",
            "support ticket with",
            "case opened with",
            "opened a case with",
            "contacted the",
            "phoned the",
            "phones the",
            "instructs",
        ],
        explain: "more people pulled in",
    },
    Rule {
        id: RuleId::KindRecovery,
        guards: &[
            Guard::DoneInOtherLanguages,
            Guard::Tense,
            Guard::NotOfAProblem,
            Guard::InProduction,
            Guard::NotAttributive,
            Guard::NoFailedMarkAfter,
        ],
        strength: Strength::Strong,
        conclusion: Conclusion::Kind(EventKind::Recovery),
        phrases: &[
            "recovers",
            // Drained is a recovery of a queue or a backlog; funds drained, or a node drained
            // by a responder, are not ("1,400 tokens drained for USDC", "drained the node").
            "queue drained",
            "queues drained",
            "backlog drained",
            "queue has drained",
            "queues have drained",
            "backlog has drained",
            "queue draining",
            "queues draining",
            "backlog draining",
            "queue is draining",
            "queues are draining",
            "backlog is draining",
            // Consumers, replicas or a backlog's readers back in step.
            "caught up",
            "caught back up",
            "catches up",
            "have caught up",
            "has caught up",
            "backlog cleared",
            // A backlog on its way down, or gone.
            "backlog starts to decrease",
            "backlog decreasing",
            "backlog is decreasing",
            "backlog is reduced",
            "backlog reduced",
            "backlog is cleared",
            "reduced to zero",
            "began to recover",
            "started to recover",
            "begins to recover",
            "starts to recover",
            "recovering",
            "loading normally",
            "working normally",
            "recovered",
            "gradually returned",
            // A system said to be back, whatever its name ("registry restored", "the API
            // is back", "Build Service comes back up").
            "restored",
            "is back",
            "are back",
            "was back",
            "were back",
            "comes back",
            "came back",
            "coming back",
            "back up",
            "working again",
            "responding again",
            "available again",
            "reachable again",
            // A restore told as achieved ("we managed to restore the database", "were able to
            // recover the cluster"): the verb's base form, read after these words only.
            "managed to restore",
            "able to restore",
            "managed to recover",
            "able to recover",
            // Nodes or a system put back to work ("compute nodes are now returned to
            // service"), and access given back ("login access is available").
            "returned to service",
            "back in service",
            "back into service",
            "restored to service",
            "access is available",
            "access is now available",
            "up again",
            "online again",
            "returns online",
            "returned online",
            "pinging again",
            "pingable again",
            "resumed",
            "resumes",
            // The symptom said to be gone ("the search is no longer down", "requests no
            // longer fail"), the checks green again, a steady state.
            "no longer down",
            "no longer failing",
            "no longer fail",
            "no longer fails",
            "no longer erroring",
            "no longer returning errors",
            "no longer unavailable",
            "no longer unreachable",
            "no longer broken",
            "no longer timing out",
            "not down anymore",
            "not failing anymore",
            "green again",
            "pass again",
            "passing again",
            "greening up",
            "turned green",
            "went green",
            "returned to steady state",
            "returned to a steady state",
            "back to steady state",
            "back to a steady state",
            // Things working again, in other languages; Japanese "復旧" not when a word after it makes it a plan or a negation (see `OTHER_NOT_DONE`).
            // A host back whole after a reboot ("power-cycled; boots clean"). Not a node's
            // "Ready" alone: the services on it may still be coming back.
            "boots clean",
            "booted clean",
            "boots cleanly",
            "booted cleanly",
            "復旧",
            "복구",
            "정상화",
            "회복",
            "回復",
            "自然回復",
            "復帰",
            "恢复",
            "restauré",
            "rétabli",
            "fonctionne à nouveau",
            "de nouveau disponible",
            "funktioniert wieder",
            "wieder verfügbar",
            "restaurado",
            "restablecido",
            "funciona de nuevo",
        ],
        explain: "systems coming back",
    },
    Rule {
        id: RuleId::KindTrigger,
        guards: &[Guard::Tense],
        strength: Strength::Strong,
        conclusion: Conclusion::Kind(EventKind::Trigger),
        phrases: &[
            "deployment begins",
            "deployment began",
            "deployment started",
            "deploy began",
            "deploy started",
            "change was pushed",
            "config push",
            "configuration push",
            "release went out",
            "was rolled out",
            "rolled out",
            // An upgrade or a migration begun ("upgrade started", "migration begins"): a change
            // made to the system, lead-up to what it sets off.
            "upgrade started",
            "upgrade begins",
            "upgrade began",
            "started the upgrade",
            "began the upgrade",
            "migration started",
            "migration began",
            "migration begins",
            "started the migration",
            // A change named the cause ("hotfix deployed - introduced bug"); see `CAUSED_IT`.
            "introduced bug",
            "introduced a bug",
            "introduced the bug",
            "introduced a regression",
            "introduced the regression",
        ],
        explain: "the change that set it off",
    },
    Rule {
        id: RuleId::KindCommunication,
        guards: &[Guard::Tense],
        strength: Strength::Strong,
        conclusion: Conclusion::Kind(EventKind::Communication),
        phrases: &[
            "status page",
            "statuspage",
            "posted an update",
            "customers were informed",
            "customers were notified",
            "announced",
            "tweeted",
        ],
        explain: "people were told",
    },
    Rule {
        id: RuleId::KindAction,
        guards: &[Guard::Tense, Guard::NotReportedAct],
        strength: Strength::Strong,
        conclusion: Conclusion::Kind(EventKind::Action),
        phrases: &[
            // A system stopped on purpose, for a step of work ("search cluster taken down for
            // the upgrade, as scheduled"): a change made, not a sign of the failure.
            "taken down for",
            "taken offline for",
            "brought down for",
            "shut down for",
            "down for maintenance",
            "offline for maintenance",
            "rollback",
            "restarting",
            "restart",
            "rebooted",
            "recycled",
            // A machine reset or power-cycled by hand or by its provider.
            "hardware reset",
            "reset was issued",
            "power cycle",
            "power cycled",
            "power-cycled",
            "power button",
            "scaled",
            "scaling up",
            "scaling down",
            "failed over",
            "failover",
            "reverted",
            "upgraded",
            "deployed",
            "applied",
            "increased",
        ],
        explain: "something was done to the system",
    },
    Rule {
        id: RuleId::KindInvestigation,
        guards: &[Guard::Tense],
        strength: Strength::Strong,
        conclusion: Conclusion::Kind(EventKind::Investigation),
        phrases: &[
            "investigat*",
            "looked into",
            "checked",
            "reviewed",
            "analy*",
            "examined",
            "troubleshoot*",
            "debugg*",
            "diagnos*",
            "researching",
        ],
        explain: "someone looked into it",
    },
    Rule {
        id: RuleId::DetourRuledOut,
        guards: &[
            Guard::Negation,
            Guard::NotARemainder,
            // "Other hosts still fail their checks, as expected": the plan, not a verdict.
            Guard::NotAsPlanned,
            // "The old primary still fails over": a failover, not a failure.
            Guard::EndingNotFollowedBy("fail", &[" over"]),
            Guard::EndingNotFollowedBy("fails", &[" over"]),
            Guard::EndingNotFollowedBy("failed", &[" over"]),
        ],
        strength: Strength::Strong,
        conclusion: Conclusion::RuledOut,
        phrases: &[
            // An attempt that did not bring the relief it was for ("the rollback did not
            // restore service", "restarting did not stop the errors").
            "did not restore",
            "didn't restore",
            "does not restore",
            "did not stop the",
            "didn't stop the",
            "did not reduce",
            "didn't reduce",
            "did not lower",
            "didn't lower",
            "did not clear the",
            "didn't clear the",
            "did not bring back",
            "didn't bring back",
            "changed nothing",
            // Relief that did not last ("brought temporary relief, but the queue filled again").
            "temporary relief",
            "temporarily helped",
            "helped only temporarily",
            "only helped temporarily",
            // A theory weighed and put aside, or a path that led nowhere.
            "ruling out",
            "considered but rejected",
            "considered and rejected",
            "considered but dismissed",
            "considered and dismissed",
            "rabbit hole",
            "wrong path",
            "wrong direction",
            // A request to another party that came to nothing: the ticket answered "no action
            // needed", the abuse report marked invalid, the request declined.
            "request declined",
            "declined the request",
            "declined our request",
            "rejected the request",
            "rejected our request",
            "request was declined",
            "request was rejected",
            "request was denied",
            "marked as invalid",
            "marked invalid",
            "closed as invalid",
            "deemed invalid",
            "report was rejected",
            "report was declined",
            "red herrings",
            "unchanged",
            "had no effect",
            "has no effect",
            "no effect",
            "not effective",
            "was not effective",
            "ineffective",
            "insufficient",
            "was not sufficient",
            "not sufficient",
            "did not improve",
            "didn't improve",
            "does not help",
            "doesn't help",
            "don't seem to fix",
            "doesn't seem to fix",
            "did not seem to",
            "didn't seem to",
            "do not seem to",
            "will not fix",
            "won't fix",
            "would not fix",
            "wouldn't fix",
            "will not help",
            "won't help",
            "would not help",
            "wouldn't help",
            "not the problem",
            "was not the problem",
            "wasn't the problem",
            "not the culprit",
            "was incorrect",
            "was not correct",
            "wasn't correct",
            "was wrong",
            "proved wrong",
            "proved false",
            "was a mistake",
            "discarded",
            "abandoned",
            "still failing",
            // The symptom still seen or met, typed in a chat ("nope, still seeing socket
            // hang-ups").
            "still seeing",
            "still getting",
            "still fails",
            "still failed",
            "still fail",
            "still erroring",
            "still crashing",
            "still crashes",
            "still unreachable",
            "still unavailable",
            "still unresponsive",
            "still offline",
            "still timing out",
            "still hanging",
            "still stuck",
            "still broken",
            "still down",
            "still there",
            "issue remained",
            "problem remained",
            "errors remained",
            "did not recover",
            "didn't recover",
            "attempt failed",
            "attempts failed",
            "was unsuccessful",
            "were unsuccessful",
            "unsuccessful",
            "scapegoat",
            "blamed",
            "mislead*",
            "misled",
            "ruled out",
            "red herring",
            "mistook",
            "mistaken for",
            "misdiagnosed",
            "dead end",
            "dead-end",
            "hypothesis rejected",
            "theory rejected",
            "turned out not",
            "turned out to be unrelated",
            "decoy",
            "did not help",
            "didn't help",
            // A name that does not resolve (DNS) is a symptom, not a verdict: with an object.
            "did not resolve the",
            "did not resolve it",
            "did not resolve this",
            "didn't resolve the",
            "didn't resolve it",
            "didn't resolve this",
            "did not fix",
            "didn't fix",
            "did not solve",
            "didn't solve",
            "does not solve",
            "doesn't solve",
            "not having the intended effect",
            "not having the desired effect",
            "not have the intended effect",
            "not have the desired effect",
            "not had the intended effect",
            "not had the desired effect",
            "without the intended effect",
            "without the desired effect",
            "did not work",
            "didn't work",
            "issue persisted",
            "problem persisted",
            "errors persisted",
            "still persisted",
            "persisted after",
            "persisted despite",
            "continued to degrade",
            "no change",
            "no improvement",
            "not the cause",
            "not the root cause",
            "was not the issue",
            "wasn't the issue",
            "was not it",
            "wasn't it",
            "eliminated as a",
            "eliminated as the",
            "excluded as a",
            "excluded as the",
            "not related",
            "was unrelated",
            "were unrelated",
            "is unrelated",
            "are unrelated",
            "seemed unrelated",
            "false lead",
            "false trail",
            "false path",
            "false repair path",
            "wrong track",
            "wild goose chase",
            "was unnecessary",
            "were unnecessary",
            "proved unnecessary",
            "to no avail",
            "without success",
            "fruitless",
            "investigation shifted",
            "focus shifted",
            "issue persists",
            "problem persists",
            "errors persist",
            "still persists",
            "persists after",
            "persists despite",
            "does not work",
            "doesn't work",
            "does not fix",
            "doesn't fix",
            // A name that does not resolve (DNS) is a symptom, not a verdict: with an object.
            "does not resolve the",
            "does not resolve it",
            "does not resolve this",
            "doesn't resolve the",
            "doesn't resolve it",
            "doesn't resolve this",
            "does not improve",
            "doesn't improve",
            "made no difference",
            "makes no difference",
            "nothing to do with",
            // A possibility closed ("eliminated this possibility", "left it out of the equation").
            "eliminated this possibility",
            "eliminated that possibility",
            "eliminated the possibility",
            "eliminates this possibility",
            "excluded this possibility",
            "excluded that possibility",
            "excluded the possibility",
            "ruled this out",
            "ruled that out",
            "ruled it out",
            "rules out",
            "out of the equation",
            "not have an effect",
            "not had an effect",
            "not have any effect",
            "not had any effect",
            "didn't have an effect",
            "didn't have any effect",
            "to no effect",
            "without any effect",
            "not the right approach",
            "not the right fix",
            "not the right solution",
            "the wrong approach",
            // Not "is useless": anything can be ("the old latency panel is useless at night");
            // a remedy proved useless, or useless to fix the problem, was judged as a remedy.
            "is useless to address",
            "was useless to address",
            "is useless to fix",
            "was useless to fix",
            "is useless to solve",
            "was useless to solve",
            "proved useless",
            "turned out useless",
            // A step judged no fix, or without success ("Not a fix", "no success debugging the
            // CDN nodes").
            "not a fix",
            "no real fix",
            "no success",
            // Did not help, in other languages: French, German, Spanish, Portuguese, Japanese, Chinese.
            "échoué",
            "échouée",
            "échoués",
            "échouées",
            "sans effet",
            "sans succès",
            "n'a pas résolu",
            "n'a pas aidé",
            "n'a rien changé",
            "fehlgeschlagen",
            "nicht behoben",
            "nicht gelöst",
            "pas résolu",
            "no resuelto",
            "não resolvido",
            "ohne erfolg",
            "hat nicht geholfen",
            "brachte nichts",
            "no funcionó",
            "sin efecto",
            "sin éxito",
            "no ayudó",
            "não funcionou",
            "sem efeito",
            "効果なし",
            "효과 없음",
            "효과가 없",
            "해결되지 않",
            "개선되지 않",
            "변화 없음",
            "効果がなかった",
            "改善せず",
            "解決せず",
            "无效",
            "没有效果",
            "未能解决",
        ],
        explain: "a theory was tried and dropped: a detour",
    },
    Rule {
        id: RuleId::DetourFellShort,
        conclusion: Conclusion::RuledOut,
        guards: &[Guard::EndsClause, Guard::NotStoredPassive(&["persisted"])],
        strength: Strength::Strong,
        phrases: &[
            "not enough",
            "not fixed",
            "unrelated",
            "unnecessary",
            "a coincidence",
            "coincidental",
            "persisted",
            // A thing an attempt relied on found useless ("database backups determined to be
            // unusable").
            "determined to be unusable",
            "found to be unusable",
            "turned out to be unusable",
            "proved unusable",
            "proved to be unusable",
            "persists",
            "wasn't enough",
            "weren't enough",
            "isn't enough",
            "aren't enough",
        ],
        explain: "a verdict closing its clause (\"this was not enough\", \"the problem is not fixed\", \"the deploy was unrelated\"): what was tried or suspected did not help, a detour",
    },
    Rule {
        id: RuleId::DetourNothingFound,
        conclusion: Conclusion::RuledOut,
        guards: &[Guard::Negation, Guard::CheckedBefore(" up and ")],
        strength: Strength::Weak,
        phrases: &[
            // Found up when checked ("Verified the catalog agent is up and reachable"); said
            // alone they tell a recovery (the guard `CheckedBefore`).
            "is up and reachable",
            "is up and accessible",
            "is up and running",
            "was up and reachable",
            "was up and accessible",
            "was up and running",
            "are up and running",
            "were up and running",
            "no anomalies",
            "found no",
            "found nothing",
            "nothing unusual",
            "no issues found",
            "no issues were found",
            "verified as correct",
            "no such",
            "was fine",
            "were fine",
            "looked fine",
            "looks fine",
            "seemed fine",
            "looked ok",
            "looked okay",
            "reported no issues",
            "not reporting any issues",
            "no problems found",
            "nothing wrong",
            "was healthy",
            "were healthy",
            "looked healthy",
            "seemed healthy",
            "appeared healthy",
            "appeared normal",
            "appeared fine",
            "appeared ok",
            "came back clean",
            "confirming normal operation",
            "confirmed normal operation",
            "all green",
            "came back green",
            "no errors in",
            "no errors were",
            "nothing suspicious",
            "looked normal",
            "looks normal",
            "seemed normal",
            "was normal",
            "were normal",
            // OK in all its spellings ("configuration in the CDN, looks OK", "instances are all OK").
            "looks ok",
            "look ok",
            "looks okay",
            "all ok",
            "all okay",
            "checks out",
            "checked out fine",
        ],
        explain: "a check found nothing wrong: it rules out the theory being followed, if any (alone it is just an investigation)",
    },
    Rule {
        id: RuleId::DetourSymptomContinued,
        conclusion: Conclusion::RuledOut,
        guards: &[Guard::EndsClause],
        strength: Strength::Weak,
        phrases: &[
            "errors continued",
            "errors continue",
            "failures continued",
            "failures continue",
            "issue continued",
            "problem continued",
            "still seeing errors",
            "still occurring",
            "still happening",
            "still elevated",
            "still high",
            "remained elevated",
            "remained high",
            "still unavailable",
            "remained unavailable",
            "remain unavailable",
            "still inaccessible",
            "remained inaccessible",
            "remain inaccessible",
            "remained down",
            "issue recurs",
            "issue recurred",
            "issue returned",
            "problem recurred",
            "problem returned",
            "errors returned",
            "recurred",
            "reoccurred",
            "is growing",
            "are growing",
            "getting worse",
            "got worse",
            "keeps rising",
            "kept rising",
            "still rising",
            "more reports",
            "further reports",
            "also failing",
            // The symptom named by its status code or its form ("-patch pushed; 500s continue",
            // "new tag rolled; same bug, same 500s").
            "500s continue",
            "500s continued",
            "5xx continue",
            "5xx continued",
            "5xxs continue",
            "5xxs continued",
            "timeouts continue",
            "timeouts continued",
            "crashes continue",
            "crashes continued",
            "same 500s",
            "same 5xx",
            "same 5xxs",
            "same errors",
            "same error",
            "same bug",
            "same failure",
            "same failures",
            // "-patch2 (rev 297); same": the same result again, said in one word after a step.
            "; same",
            "— same",
            " - same",
        ],
        explain: "the symptom went on: what was just done did not help (a detour when told with or right after an action; alone it rules out the theory being followed, if any)",
    },
    Rule {
        id: RuleId::DetourAttemptFailed,
        conclusion: Conclusion::RuledOut,
        guards: &[Guard::Negation],
        strength: Strength::Weak,
        phrases: &[
            "failed due to",
            "fails due to",
            "failed again",
            "fails again",
            "did not succeed",
            "didn't succeed",
            "no luck",
            "attempt fails",
            "restart failed",
            "rollback failed",
            "revert failed",
            "reboot failed",
            "retry failed",
            "retries failed",
            "does not succeed",
            "doesn't succeed",
            "without luck",
            "was unable to",
            "were unable to",
            "unable to do so",
            "but could not",
            "but couldn't",
            "but failed to",
        ],
        explain: "an attempt failed: it rules out the theory or attempt being followed, if any (alone it is what happened, not a detour)",
    },
    Rule {
        id: RuleId::DetourRevisedBelief,
        conclusion: Conclusion::Revised,
        guards: &[Guard::NotFollowedBy(&[" of"])],
        strength: Strength::Strong,
        phrases: &[
            "at the time",
            "at first",
            "initially",
            "originally",
            "first thought",
            "first assumed",
            "first suspected",
            "first believed",
        ],
        explain: "a theory held at first and given up later (\"assumed a user error at the time\"): a detour",
    },
    Rule {
        id: RuleId::DetourHypothesis,
        guards: &[Guard::NotUsersAttempting],
        strength: Strength::Strong,
        conclusion: Conclusion::Hypothesis,
        phrases: &[
            // A conclusion drawn at first and dropped ("Initially concluded an external
            // infrastructure issue").
            "initially concluded",
            "first concluded",
            "wrongly concluded",
            "mistakenly concluded",
            "initial conclusion",
            "to mitigate",
            "in an attempt",
            "as an attempt",
            "attempt at",
            "first attempt",
            "second attempt",
            "2nd attempt",
            "another attempt",
            "to try",
            "trying to",
            "in order to fix",
            "hoping",
            "hoped",
            "in the hope",
            "in hopes",
            "suspecting",
            "suspects",
            "we believed",
            "thought to be",
            "first idea",
            "initial idea",
            "initial hypothesis",
            "initial theory",
            "working theory",
            "the idea was",
            "possibly",
            "might be",
            "could be",
            "seemed to be",
            "appeared to be",
            "blamed",
            "scapegoat",
            "attempted",
            "tried",
            "trying",
            "attempt to",
            "attempting",
            "tries",
            "mitigation attempt",
            "merge attempt",
            "fix attempt",
            "rollback attempt",
            "restart attempt",
            "recovery attempt",
            "remediation attempt",
            "in case we",
            "in case the",
            "in case there",
            "in case it",
            "hypothes*",
            "assumption",
            "assumed",
            "assuming",
            "initial assumption",
            "we thought",
            "thought it was",
            "suspect*",
            "theory",
            "theorized",
            "investigating whether",
            "checking whether",
            "investigation focused on",
            "initially focused on",
            "initially focusing on",
            "focused on potential",
            "focusing on potential",
            "focused on possible",
            "focusing on possible",
            "potential cause",
            "possible cause",
            "pointed towards",
            "pointed toward",
            "believed",
            "suspicion",
            "first guess",
            "mistook",
            "mistaken for",
            "misdiagnosed",
            "attempts",
            "experiment with",
            "experiments with",
            "experimenting with",
            "as an experiment",
            "figure out whether",
            "find out whether",
            "whether this is",
            "whether it is",
            "whether it was",
        ],
        explain: "a theory being tried opens an investigation branch",
    },
    Rule {
        id: RuleId::DetourGaveUp,
        conclusion: Conclusion::RuledOut,
        guards: &[Guard::Negation],
        strength: Strength::Strong,
        phrases: &[
            "gave up on",
            "gives up on",
            "give up on",
            "giving up on",
            "abandons",
            "stops trying",
            "stopped trying",
            "dropped the idea",
            "drops the idea",
        ],
        explain: "an attempt given up, named after the words (\"gives up on uploading the images\"): what was tried is a detour of its own",
    },
    Rule {
        id: RuleId::DetourDeniedBelief,
        conclusion: Conclusion::RuledOut,
        guards: &[],
        strength: Strength::Strong,
        phrases: &[
            "didn't think the issue",
            "didn't think the issues",
            "didn't think the problem",
            "didn't think it was",
            "did not think the issue",
            "did not think the issues",
            "did not think the problem",
            "did not think it was",
            "don't think the issue",
            "do not think the issue",
            "no longer thought",
            "no longer believed",
            "no longer suspected",
            "stopped suspecting",
            "written off as",
            "wrote it off as",
            "chalked up to",
            "chalked it up to",
        ],
        explain: "a cause no longer believed (\"we didn't think the issue came from the database\"): the theory after the words was ruled out, a detour",
    },
    Rule {
        id: RuleId::DetourMadeWorse,
        conclusion: Conclusion::RuledOut,
        guards: &[Guard::Negation],
        strength: Strength::Weak,
        phrases: &[
            "made things worse",
            "made it worse",
            "made matters worse",
            "made the problem worse",
            "made the issue worse",
            "makes things worse",
            "makes it worse",
            "making things worse",
            "making it worse",
            "even worse",
            "just made more",
            "only made more",
            "backfired",
            "backfires",
        ],
        explain: "a step that made things worse: a detour when told with or right after what was done (alone it rules out the theory being followed, if any)",
    },
    Rule {
        id: RuleId::DetourStillNot,
        conclusion: Conclusion::RuledOut,
        guards: &[Guard::Negation],
        strength: Strength::Weak,
        phrases: &[
            "still not",
            "still aren't",
            "still are not",
            "still isn't",
            "still is not",
            "still weren't",
            "still were not",
            "still wasn't",
            "still was not",
            "still can't",
            "still cannot",
            "still unable",
            "not going down",
            "not coming down",
            "did not go down",
            "didn't go down",
            "did not come down",
            "didn't come down",
            "still growing",
            "kept growing",
            "keeps growing",
            "continued to grow",
            "continues to grow",
            "still hangs",
            "still hang",
            "still hanging",
        ],
        explain: "the symptom still there, said with a negation (\"new hosts still aren't taking work\", \"the backlog is not going down\"): what was just done did not help (a detour when told with or right after an action; alone it rules out the theory being followed, if any)",
    },
    Rule {
        id: RuleId::DetourMistaken,
        conclusion: Conclusion::RuledOut,
        guards: &[],
        strength: Strength::Strong,
        // A cause blamed by mistake, not a mistake that was the cause ("mistakenly deleted").
        phrases: &[
            "mistakenly attributed",
            "mistakenly blamed",
            "misattributed to",
            "wrongly attributed",
            "wrongly blamed",
            "incorrectly attributed",
            "erroneously attributed",
            // A belief is a theory followed only when the responders held it ("some customers
            // wrongly assumed their cards were deleted" is a symptom).
            "we mistakenly assumed",
            "we mistakenly believed",
            "we mistakenly thought",
            "we wrongly assumed",
            "we wrongly believed",
            "we wrongly thought",
            "we incorrectly assumed",
            "we incorrectly believed",
            "we erroneously assumed",
        ],
        explain: "a cause said to have been blamed by mistake (\"the issue was mistakenly attributed to the storage limit\", \"misattributed to the proxy\"): the theory was followed and found wrong, a detour",
    },
    Rule {
        id: RuleId::DetourUnchanged,
        conclusion: Conclusion::RuledOut,
        guards: &[],
        strength: Strength::Weak,
        phrases: &[
            "is not changing",
            "isn't changing",
            "are not changing",
            "aren't changing",
            "was not changing",
            "wasn't changing",
            "were not changing",
            "weren't changing",
            // Not "stays the same": anything can ("customer data remains the same"), and "the
            // same as" compares rather than reports a step's effect.
        ],
        explain: "the symptom's measure unchanged (\"CPU on the node is not changing\"): what was just done did not help (a detour when told right after an action; alone it rules out the theory being followed, if any)",
    },
    Rule {
        id: RuleId::SignalImpactStart,
        guards: &[Guard::NotOfTheResponse, Guard::NotAsPlanned],
        strength: Strength::Strong,
        conclusion: Conclusion::ImpactStarted,
        phrases: &[
            "starts raising",
            "started raising",
            "begins raising",
            "began raising",
            "starts throwing",
            "started throwing",
            "began throwing",
            "more errors than usual",
            "errors than usual",
            "failures begin",
            "failures began",
            "failures start",
            "failures started",
            "errors begin",
            "first failures",
            "slower than usual",
            "errors increase",
            "errors increased",
            "error rate increases",
            "error rate increased",
            "error rates increased",
            "elevated error",
            "elevated errors",
            "elevated latency",
            "elevated error rates",
            "increased latency",
            "increased error",
            "increase in errors",
            "spike in errors",
            "surge of errors",
            "initial symptoms",
            "first symptoms",
            "symptoms began",
            "symptoms started",
            "symptoms start",
            "stopped working",
            "stops working",
            "stop working",
            "no longer working",
            "stopped processing",
            "stops processing",
            "began to slow",
            "started to slow",
            "slowed down",
            "outage began",
            "outage started",
            "went down",
            "goes down",
            // A security incident's impact begins with the first exploit.
            "attacker exploited",
            "attackers exploited",
            "attack 1",
            "attack #1",
            "attack began",
            "attack started",
            "attack begins",
            "attack starts",
            "exploit began",
            "exploit started",
            "funds were drained",
            "funds drained",
            "begin to fail",
            "begin failing",
            "begin to error",
            "begin erroring",
            "begin returning",
            "begin timing out",
            "begin to time out",
            "begin dropping",
            "begin to drop",
            "begins to fail",
            "begins failing",
            "begins to error",
            "begins erroring",
            "begins returning",
            "begins timing out",
            "begins to time out",
            "begins dropping",
            "begins to drop",
            "began to fail",
            "began failing",
            "began to error",
            "began erroring",
            "began returning",
            "began timing out",
            "began to time out",
            "began dropping",
            "began to drop",
            "start to fail",
            "start failing",
            "start to error",
            "start erroring",
            "start returning",
            "start timing out",
            "start to time out",
            "start dropping",
            "start to drop",
            "starts to fail",
            "starts failing",
            "starts to error",
            "starts erroring",
            "starts returning",
            "starts timing out",
            "starts to time out",
            "starts dropping",
            "starts to drop",
            "started to fail",
            "started failing",
            "started to error",
            "started erroring",
            "started returning",
            "started timing out",
            "started to time out",
            "started dropping",
            "started to drop",
            "can not access",
            "cannot access",
            "can't access",
            "not able to access",
            "unable to reach",
            "cannot reach",
            "can not reach",
            "could not reach",
            "unable to connect",
            "cannot connect",
            "could not connect",
            "unable to load",
            "not loading",
            "fails to load",
            "failed to load",
            "not responding",
            "unresponsive",
            "is frozen",
            "are frozen",
            // A process failing with its error ("the merge fails with a checksum error").
            "fails with",
            "failed with",
            "crashes with",
            "crashed with",
            "aborts with",
            "aborted with",
            // A host or a process stuck ("reboot hangs at shutdown", "the job hung on a lock").
            "hangs at",
            "hangs on",
            "hangs during",
            "hung at",
            "hung on",
            "hung during",
            "is hanging",
            "are hanging",
            "was hanging",
            "were hanging",
            "started hanging",
            "began hanging",
            "froze",
            "drops to zero",
            "dropped to zero",
            "drop to zero",
            "fell to zero",
            "falls to zero",
            "went to zero",
            "goes to zero",
            "reaches 0%",
            "reached 0%",
            "hard down",
            // A state marked with a red cross or light in a status list ("artifact cache ❌
            // down", "docs 🔴 offline").
            "❌ down",
            "❌ offline",
            "❌ unreachable",
            "❌ failed",
            "❌ failing",
            "❌ not running",
            "🔴 down",
            "🔴 offline",
            "🔴 unreachable",
            "is down",
            "was down",
            "were down",
            "are down",
            "went offline",
            "goes offline",
            "go offline",
            "stalled",
            "stalls",
            "halted",
            "halts",
            // A security incident's impact: the flaw used, the host taken.
            "exploited the",
            "issue exploited",
            "bug exploited",
            "vulnerability exploited",
            "was exploited",
            "were exploited",
            "was compromised",
            "were compromised",
            "got compromised",
            "stopped producing",
            "stops producing",
            "stopped responding",
            "stops responding",
            "became unavailable",
            "becomes unavailable",
            "became unreachable",
            "becomes unreachable",
            "became unstable",
            "becomes unstable",
            "first exploit",
            "returning 404",
            "returning 500",
            "returning 502",
            "returning 503",
            "returning 5xx",
            "returning errors",
            "calls returning",
            "requests returning",
            "requests failing",
            "requests began failing",
            "error rate spikes",
            "error rate spiked",
            "errors spike",
            "errors spiked",
            "errors climb",
            "errors climbing",
            "errors rise",
            "errors rising",
            "latency climbs",
            "latency spikes",
            "latency spiked",
            "latency climbed",
            "latency increased",
            "latency increases",
            "latency rose",
            "latency rises",
            "error rates spiked",
            "error rates spike",
            "error rates rose",
            "error rate rose",
            "outage starts",
            "service degraded",
            "started to degrade",
            "began to degrade",
            "degradation began",
            "degradation started",
            "unable to access",
            "could not access",
            "couldn't access",
            "could not log in",
            "unable to log in",
            "nodes all get killed",
            "gets killed",
            "get killed",
            "crashed",
            "crashes",
            "crash loop",
            "crashlooping",
            "went dark",
            "began experiencing",
            "started experiencing",
            "began to experience",
            "started to experience",
            "start climbing",
            "started climbing",
            "began climbing",
            "start spiking",
            "started spiking",
            "errors began",
            "errors started",
            "errors start",
            "timeouts start",
            "timeouts started",
            "outage happened",
            "incident occurred",
            "outage occurred",
            "issue occurred",
            "error occurred",
            "errors occurred",
            "outage hit",
            "outage begins",
            "impact began",
            "impact starts",
            "customer impact began",
            "began impacting",
            "started impacting",
            "begins impacting",
            "starts impacting",
            "began to impact",
            "started to impact",
            "began affecting",
            "started affecting",
            "began to affect",
            "started to affect",
            "started rebooting",
            "starts rebooting",
            "began rebooting",
            "started restarting",
            "starts restarting",
            "began restarting",
            // A system said to be out, whatever its name ("api.example.io is unreachable").
            "is unreachable",
            "are unreachable",
            "was unreachable",
            "were unreachable",
            "is unavailable",
            "are unavailable",
            "was unavailable",
            "were unavailable",
            "first recorded error",
            "first error",
            "first errors",
        ],
        explain: "the text says users started to be affected",
    },
    Rule {
        id: RuleId::MilestoneDuration,
        guards: &[],
        strength: Strength::Strong,
        conclusion: Conclusion::Duration,
        phrases: &[
            "duration",
            "lasted",
            "outage",
            "downtime",
            "from",
            "between",
            "start time",
            "end time",
            "started at",
            "began at",
            "for a total of",
            "minutes",
            "hours",
        ],
        explain: "the stated span of the outage gives started, and resolved when no event says so (or when an entry at the span's end comes after the last one worded as the end)",
    },
    Rule {
        id: RuleId::MilestoneFirstOfKind,
        guards: &[],
        strength: Strength::Strong,
        conclusion: Conclusion::FirstOfKind,
        phrases: &[],
        explain: "the first event of a milestone's kind marks the milestone",
    },
    Rule {
        id: RuleId::MilestoneMitigatedAtResolution,
        conclusion: Conclusion::FirstOfKind,
        guards: &[],
        strength: Strength::Weak,
        phrases: &[],
        explain: "no mitigation is told before the resolution: the fix that resolved the incident also ended its impact",
    },
    Rule {
        id: RuleId::MilestoneFirstResponse,
        conclusion: Conclusion::FirstOfKind,
        guards: &[],
        strength: Strength::Weak,
        phrases: &[],
        explain: "no acknowledgement is told: the incident was picked up at the first response after detection (someone looking into it or acting)",
    },
    Rule {
        id: RuleId::MilestoneFirstSign,
        conclusion: Conclusion::FirstOfKind,
        guards: &[],
        strength: Strength::Weak,
        phrases: &[],
        explain: "no start of impact is told: impact began no later than its first sign, the first event before the detection that is not a change made to the system, else the detection itself when its words tell of a failure",
    },
    Rule {
        id: RuleId::MilestoneStartedEarlier,
        conclusion: Conclusion::FirstOfKind,
        guards: &[],
        strength: Strength::Strong,
        phrases: &[],
        explain: "the entry where the problem was noticed says it began some time earlier (\"30 minutes earlier\"): impact started that long before it",
    },
    Rule {
        id: RuleId::MilestoneStartBeforeFix,
        conclusion: Conclusion::FirstOfKind,
        guards: &[],
        strength: Strength::Strong,
        phrases: &[],
        explain: "the text says how long the incident ran before its fix (\"1 hour from the start of the incident to the fix\"): impact started that long before the mitigation (else the resolution)",
    },
    Rule {
        id: RuleId::MilestoneResolvedAtLastFix,
        conclusion: Conclusion::FirstOfKind,
        guards: &[],
        strength: Strength::Weak,
        phrases: &[],
        explain: "no resolution is told: the incident ended with its last fix, the last mitigation, when it closes the timeline (nothing is told after it)",
    },
    Rule {
        id: RuleId::MilestoneMitigatedAtRecovery,
        conclusion: Conclusion::FirstOfKind,
        guards: &[],
        strength: Strength::Weak,
        phrases: &[],
        explain: "no mitigation is told before the systems began coming back: impact ended at the first recovery after detection (or after the start when detection is not told)",
    },
    Rule {
        id: RuleId::MilestoneResolvedAtLastRecovery,
        conclusion: Conclusion::FirstOfKind,
        guards: &[],
        strength: Strength::Weak,
        phrases: &[],
        explain: "no resolution is told: the incident ended when the last system was said to come back (the last recovery on the timeline)",
    },
    Rule {
        id: RuleId::MilestoneStatedField,
        conclusion: Conclusion::FirstOfKind,
        guards: &[],
        strength: Strength::Strong,
        phrases: &[],
        explain: "a field of the report states when the incident was detected (`Detected: 2022-04-28 10:34`)",
    },
    Rule {
        id: RuleId::MilestoneStartAtStatedTime,
        conclusion: Conclusion::FirstOfKind,
        guards: &[],
        strength: Strength::Strong,
        phrases: &[],
        explain: "the entry that says impact began also says when (\"the errors started at 14:10\"): impact started at that earlier time, not when the entry was written",
    },
    Rule {
        id: RuleId::MilestoneReportedByPeople,
        conclusion: Conclusion::FirstOfKind,
        guards: &[],
        strength: Strength::Weak,
        phrases: &[],
        explain: "someone told of a problem (a report, an e-mail, a ping, a support request, a quoted message): the problem was noticed then",
    },
    Rule {
        id: RuleId::MilestoneIdentifiedAtFirstFix,
        conclusion: Conclusion::FirstOfKind,
        guards: &[],
        strength: Strength::Weak,
        phrases: &[],
        explain: "no identification is told: the cause was known when the first fix aimed at it was made (a revert, a rollback, a fix or a patch after detection)",
    },
    Rule {
        id: RuleId::MilestoneAcknowledgedByWhoNoticed,
        conclusion: Conclusion::FirstOfKind,
        guards: &[],
        strength: Strength::Weak,
        phrases: &[],
        explain: "no acknowledgement is told: a person noticed the problem (not an alert or a report passed on) and took it on there",
    },
    Rule {
        id: RuleId::MilestoneDetectedAtFirstFinding,
        conclusion: Conclusion::FirstOfKind,
        guards: &[],
        strength: Strength::Weak,
        phrases: &[],
        explain: "no detection is told: the first finding on the timeline (something discovered or found, a clue) is where the problem was noticed",
    },
    Rule {
        id: RuleId::MilestoneDetectedByAcknowledgement,
        conclusion: Conclusion::FirstOfKind,
        guards: &[],
        strength: Strength::Weak,
        phrases: &[],
        explain: "an acknowledgement is told before any detection (or none is told): the problem was noticed no later than it was picked up",
    },
    Rule {
        id: RuleId::MilestoneMitigatedAfterStart,
        conclusion: Conclusion::FirstOfKind,
        guards: &[],
        strength: Strength::Weak,
        phrases: &[],
        explain: "a fix told at or before impact began (the release that caused the outage) mitigated nothing of it: the first mitigation after the start",
    },
    Rule {
        id: RuleId::MilestoneDetectedAtNoticing,
        conclusion: Conclusion::FirstOfKind,
        guards: &[],
        strength: Strength::Weak,
        phrases: &[],
        explain: "an entry tells of a person noticing the problem before it was picked up: it was noticed there",
    },
    Rule {
        id: RuleId::MilestoneResolvedAtClosingEntry,
        conclusion: Conclusion::FirstOfKind,
        guards: &[],
        strength: Strength::Weak,
        phrases: &[],
        explain: "no resolution is told: the timeline's last entry says the problem is over (fixed, all good, working again, the alert closed)",
    },
    Rule {
        id: RuleId::MilestoneStartedAtOpeningChange,
        conclusion: Conclusion::FirstOfKind,
        guards: &[],
        strength: Strength::Weak,
        phrases: &[],
        explain: "no start of impact is told: the timeline opens with a change made to the system (a deploy, an update) and the problem was noticed within two hours of it: impact began with that change",
    },
    Rule {
        id: RuleId::MilestoneStartedByDetection,
        conclusion: Conclusion::FirstOfKind,
        guards: &[],
        strength: Strength::Weak,
        phrases: &[],
        explain: "the start the text tells is after the detection, whose words tell of a failure: impact began no later than its detection",
    },
    Rule {
        id: RuleId::MilestoneStartedAtFirstFailure,
        conclusion: Conclusion::FirstOfKind,
        guards: &[],
        strength: Strength::Weak,
        phrases: &[],
        explain: "neither a start nor a detection is told: the first entry that tells of a failure (something fails, halts, crashes, errors) is where impact began",
    },
    Rule {
        id: RuleId::MilestoneStartedAtEarlierFailure,
        conclusion: Conclusion::FirstOfKind,
        guards: &[],
        strength: Strength::Weak,
        phrases: &[],
        explain: "an entry shortly before the worded start already tells of the failure, with nothing found or fixed between them: impact began there",
    },
    Rule {
        id: RuleId::MilestoneDetectedAtFirstNoticing,
        conclusion: Conclusion::FirstOfKind,
        guards: &[],
        strength: Strength::Weak,
        phrases: &[],
        explain: "no detection is told: the first entry where a person notices the problem (\"we are aware of\", \"notice that the deployment failed\") is where it was noticed",
    },
    Rule {
        id: RuleId::MilestoneDetectedAsTold,
        conclusion: Conclusion::FirstOfKind,
        guards: &[],
        strength: Strength::Strong,
        phrases: &[],
        explain: "the report says how the incident was detected (`Detected by: CLI failures and curl checks`): the first entry that tells of it, sharing its words, is where it was detected",
    },
    Rule {
        id: RuleId::ActionMitigate,
        guards: &[],
        strength: Strength::Strong,
        conclusion: Conclusion::Action(ActionKind::Mitigate),
        phrases: &[
            "monitor*",
            "alert*",
            "dashboard*",
            "observability",
            "detection",
            "runbook*",
            "playbook*",
            "rate limit*",
            "circuit breaker*",
            "autoscal*",
            "auto-scal*",
            "failover",
            "health check*",
            "timeout*",
        ],
        explain: "makes the next one smaller or shorter (seen sooner, contained faster)",
    },
    Rule {
        id: RuleId::ActionProcess,
        guards: &[],
        strength: Strength::Strong,
        conclusion: Conclusion::Action(ActionKind::Process),
        phrases: &[
            "process*",
            "review*",
            "checklist*",
            "training",
            "train",
            "document*",
            "postmortem*",
            "communicat*",
            "policy",
            "policies",
            "procedure*",
            "audit*",
            "guideline*",
            "onboarding",
            "knowledge sharing",
            "knowledge-sharing",
            "approval*",
        ],
        explain: "changes how people work",
    },
    Rule {
        id: RuleId::KindDefaultNote,
        conclusion: Conclusion::Kind(EventKind::Note),
        guards: &[],
        strength: Strength::Weak,
        phrases: &[],
        explain: "no wording matched: a note, as written",
    },
    Rule {
        id: RuleId::MarkerImpactStart,
        conclusion: Conclusion::Marker(EventKind::ImpactStart),
        guards: &[Guard::WholeSentence],
        strength: Strength::Strong,
        phrases: &[
            "impact starts",
            // The same label in other languages (Japanese, Chinese, Korean, German, French,
            // Spanish), written as a timeline row's lead: `検知 — …`, `復旧確認: …`.
            "発生",
            "障害発生",
            "影響開始",
            "发生",
            "故障发生",
            "발생",
            "장애 발생",
            "störungsbeginn",
            "début de l'incident",
            "inicio del incidente",
            "impact begins",
            "outage begins",
            "outage starts",
            "incident begins",
            "start of outage",
            "start of incident",
            "outage start",
            "incident start",
        ],
        explain: "a marker standing alone says impact began here",
    },
    Rule {
        id: RuleId::MarkerDetection,
        conclusion: Conclusion::Marker(EventKind::Detection),
        guards: &[Guard::WholeSentence],
        strength: Strength::Strong,
        phrases: &[
            "detected",
            // The same label in other languages (Japanese, Chinese, Korean, German, French,
            // Spanish), written as a timeline row's lead: `検知 — …`, `復旧確認: …`.
            "検知",
            "検出",
            "発覚",
            "发现",
            "告警",
            "감지",
            "탐지",
            "erkannt",
            "détecté",
            "detectado",
            "issue detected",
            "outage detected",
            "incident detected",
        ],
        explain: "a marker standing alone says the incident was detected here",
    },
    Rule {
        id: RuleId::MarkerAcknowledge,
        conclusion: Conclusion::Marker(EventKind::Acknowledge),
        guards: &[Guard::WholeSentence],
        strength: Strength::Strong,
        // A status page's first state ("Investigating: …", "Investigating."): the team is on it.
        phrases: &[
            "acknowledged",
            // The same label in other languages (Japanese, Chinese, Korean, German, French,
            // Spanish), written as a timeline row's lead: `検知 — …`, `復旧確認: …`.
            "対応開始",
            "初動",
            "调查开始",
            "响应",
            "대응 시작",
            "조사 시작",
            "prise en charge",
            "incident acknowledged",
            "incident declared",
            "investigating",
        ],
        explain: "a marker standing alone says a responder picked it up here (\"Incident declared.\", a status page's \"Investigating:\")",
    },
    Rule {
        id: RuleId::MarkerIdentified,
        conclusion: Conclusion::Marker(EventKind::Identified),
        guards: &[Guard::WholeSentence],
        strength: Strength::Strong,
        phrases: &[
            "identified",
            // The same label in other languages (Japanese, Chinese, Korean, German, French,
            // Spanish), written as a timeline row's lead: `検知 — …`, `復旧確認: …`.
            "原因特定",
            "原因判明",
            "根因定位",
            "定位",
            "원인 파악",
            "원인 확인",
            "ursache gefunden",
            "ursache identifiziert",
            "cause identifiée",
            "causa identificada",
            "root cause identified",
            "cause identified",
            "cause found",
            "root cause found",
        ],
        explain: "a marker standing alone says the cause was found here",
    },
    Rule {
        id: RuleId::MarkerMitigation,
        conclusion: Conclusion::Marker(EventKind::Mitigation),
        guards: &[Guard::WholeSentence],
        strength: Strength::Strong,
        phrases: &[
            "mitigated",
            // The same label in other languages (Japanese, Chinese, Korean, German, French,
            // Spanish), written as a timeline row's lead: `検知 — …`, `復旧確認: …`.
            "緩和",
            "緩和策適用",
            "暫定対応",
            "一次復旧",
            "部分復旧",
            "応急処置",
            "缓解",
            "止血",
            "완화",
            "임시 조치",
            "entschärft",
            "atténué",
            "mitigado",
            "outage mitigated",
            "impact mitigated",
            "incident mitigated",
        ],
        explain: "a marker standing alone says impact was mitigated here",
    },
    Rule {
        id: RuleId::MarkerResolution,
        conclusion: Conclusion::Marker(EventKind::Resolution),
        guards: &[Guard::WholeSentence],
        strength: Strength::Strong,
        phrases: &[
            "resolved",
            // The same label in other languages (Japanese, Chinese, Korean, German, French,
            // Spanish), written as a timeline row's lead: `検知 — …`, `復旧確認: …`.
            "復旧",
            "復旧確認",
            "完全復旧",
            "解決",
            "収束",
            "恢复",
            "解决",
            "복구",
            "복구 완료",
            "해결",
            "behoben",
            "gelöst",
            "résolu",
            "resuelto",
            "incident resolved",
            "outage resolved",
            "incident ends",
            "outage ends",
            "incident closed",
            "end of outage",
            "end of incident",
            "outage end",
            "incident end",
            // Only standing alone: "handed the incident over to the next shift" ends nothing.
            "outage over",
            "incident over",
            "all clear",
        ],
        explain: "a marker standing alone says the incident was resolved here",
    },
    Rule {
        id: RuleId::DetourRuledOutInProse,
        conclusion: Conclusion::RuledOut,
        guards: &[],
        strength: Strength::Strong,
        phrases: &[],
        explain: "a theory opened in the timeline is ruled out in a sentence elsewhere that names it",
    },
    Rule {
        id: RuleId::DetourSuperseded,
        conclusion: Conclusion::RuledOut,
        guards: &[],
        strength: Strength::Strong,
        phrases: &[],
        explain: "a theory still open when a different cause was found (the finding names none of its words): it was ruled out there, a detour",
    },
    Rule {
        id: RuleId::DetourAttemptSuperseded,
        conclusion: Conclusion::RuledOut,
        guards: &[],
        strength: Strength::Strong,
        phrases: &[],
        explain: "an attempt still open when a different fix then worked (the fix names none of its words, and nothing between says the attempt helped): the attempt did not help, a detour",
    },
    Rule {
        id: RuleId::DetourStruckThrough,
        conclusion: Conclusion::RuledOut,
        guards: &[],
        strength: Strength::Strong,
        phrases: &[],
        explain: "a theory struck through (~~like this~~) was dropped by its writer",
    },
    Rule {
        id: RuleId::DetourMarkedWrong,
        conclusion: Conclusion::RuledOut,
        guards: &[],
        strength: Strength::Strong,
        phrases: &[],
        explain: "a theory marked wrong with a cross (❌, ✗, ✘) by its writer",
    },
    Rule {
        id: RuleId::DetourStepFailed,
        conclusion: Conclusion::RuledOut,
        guards: &[],
        strength: Strength::Strong,
        phrases: &[],
        explain: "a step taken in response, and a following entry says what it acted on failed or happened again (\"Build restarted.\" · \"Build fails.\"): the step did not help, a detour up to that entry",
    },
    Rule {
        id: RuleId::DetourTriedAgain,
        conclusion: Conclusion::RuledOut,
        guards: &[],
        strength: Strength::Strong,
        phrases: &[],
        explain: "a step done again on the same thing (\"again\", \"this time\", \"force\", a re- of its verb, or the same verb before anything recovered): the first try did not help, a detour",
    },
    Rule {
        id: RuleId::DetourStepReverted,
        conclusion: Conclusion::RuledOut,
        guards: &[],
        strength: Strength::Strong,
        phrases: &[],
        explain: "a step taken in response and undone in a following entry (\"Modified the region list\" · \"Reverted the region change\"): it did not help, a detour up to the revert",
    },
    Rule {
        id: RuleId::DetourCheckedList,
        conclusion: Conclusion::RuledOut,
        guards: &[],
        strength: Strength::Strong,
        phrases: &[],
        explain: "a thing named in a list under a caption that says the checks found nothing (\"No host issues were found:\" · \"- no disk exhaustion\"): each item is a cause looked at and ruled out, a detour without a time",
    },
    Rule {
        id: RuleId::DetourActionItemFailed,
        conclusion: Conclusion::RuledOut,
        guards: &[],
        strength: Strength::Strong,
        phrases: &[],
        explain: "an action item of the report's table whose status says it failed (\"| Clone the container from a snapshot | mitigate | ben | FAILED |\"): a fix tried during the incident that did not work, a detour at the timeline entry that tells it (its telling words), else without a time",
    },
    Rule {
        id: RuleId::DetourTriedBut,
        conclusion: Conclusion::RuledOut,
        guards: &[],
        strength: Strength::Strong,
        phrases: &[],
        explain: "an attempt told with a 'but' clause that says it failed (\"attempted to SSH into the host, but the connection was blocked\", \"tried to renew it but were unable to\"): the attempt did not help, a detour",
    },
    Rule {
        id: RuleId::DetourAnsweredWhether,
        conclusion: Conclusion::RuledOut,
        guards: &[],
        strength: Strength::Strong,
        phrases: &[],
        explain: "a question asked with 'whether' and answered no at the start of the next sentence (\"to find out whether the leak reached our keys. We confirmed that it did not\"): the possibility asked about was ruled out, a detour named by the question",
    },
    Rule {
        id: RuleId::DetourFixSuperseded,
        conclusion: Conclusion::RuledOut,
        guards: &[],
        strength: Strength::Strong,
        phrases: &[],
        explain: "a fix followed, a few entries later, by a later version of the same thing (\"fix v1 proposed\" · \"fix v2 proposed\"; \"release 2.4.1 with a fix\" · \"release 2.4.2\"): the earlier one did not hold, a detour up to the later",
    },
    Rule {
        id: RuleId::DetourFixDidNotHold,
        conclusion: Conclusion::RuledOut,
        guards: &[],
        strength: Strength::Strong,
        phrases: &[],
        explain: "a fix made or the issue closed as fixed, and a few entries later the symptom back (\"issue reopened\", \"happened again\", \"reproduced after the release\"): the fix did not hold, a detour up to its return",
    },
    Rule {
        id: RuleId::DetourStepJudgedInProse,
        conclusion: Conclusion::RuledOut,
        guards: &[],
        strength: Strength::Strong,
        phrases: &[],
        explain: "a sentence outside the timeline says a step did not help (\"The planned restart did not resolve the issue\", \"The cache resize had no effect\"), and a timeline entry tells that step (two of its telling words): the step is a detour at that entry",
    },
    Rule {
        id: RuleId::DetourBlamedLater,
        conclusion: Conclusion::RuledOut,
        guards: &[],
        strength: Strength::Strong,
        phrases: &[],
        explain: "a step taken in response, and a later entry says a problem came from it (\"duplicate addresses as a result of clearing the DHCP table\", \"errors caused by the cache flush\"): the step made things worse, a detour up to that entry",
    },
    Rule {
        id: RuleId::DetourFixRelapsed,
        conclusion: Conclusion::RuledOut,
        guards: &[],
        strength: Strength::Strong,
        phrases: &[],
        explain: "a fix, or a system said to be back, and later, before anything else told of the problem, an entry that tells it again (\"the node came back up\" · \"the same node is offline again\"; \"fixed by the host\" · \"a customer reports errors\"): the fix did not hold, a detour at the return (the first recovery still ended the impact for a while); or a system said back only for a moment (\"returns online for a brief moment\"): the step before it did not hold, a detour from that step",
    },
    Rule {
        id: RuleId::DetourStepUndone,
        conclusion: Conclusion::RuledOut,
        guards: &[],
        strength: Strength::Strong,
        phrases: &[],
        explain: "a step taken in response and, a few entries later before anything recovered, its opposite done to the same thing (\"Disable the region by removing it from the list\" · \"Restore the region in the list\"; \"disabled the cache\" · \"re-enabled the cache\"): the step was given up, a detour up to its opposite",
    },
    Rule {
        id: RuleId::DetourStepByMistake,
        conclusion: Conclusion::RuledOut,
        guards: &[],
        strength: Strength::Strong,
        phrases: &[],
        explain: "a step taken in response whose own entry says it was done by mistake (\"double the storage, but mistakenly double the app server's disk\", \"in doing so the namespaces were accidentally deleted\"): it did not help, a detour of that entry (before anyone noticed the problem, a mistake is its trigger, no detour)",
    },
    Rule {
        id: RuleId::MilestoneStatedDuration,
        conclusion: Conclusion::Duration,
        guards: &[],
        strength: Strength::Strong,
        phrases: &[],
        explain: "a stated duration (\"Time to recovery: 68 minutes\") gives the milestone when the timeline does not",
    },
    Rule {
        id: RuleId::ThreadConfirmed,
        conclusion: Conclusion::Confirmed,
        guards: &[Guard::Negation],
        strength: Strength::Strong,
        phrases: &[
            "confirmed",
            "that's it",
            "that is it",
            "that was it",
            "this is it",
            "found it",
            "that's the cause",
            "that is the cause",
            "smoking gun",
            "bingo",
            "culprit",
        ],
        explain: "a reply in a thread says its theory was right: the thread is a confirmed branch",
    },
    Rule {
        id: RuleId::SourceSlackEditedBot,
        conclusion: Conclusion::Source,
        guards: &[],
        strength: Strength::Strong,
        phrases: &[],
        explain: "a bot edited this Slack message after posting it: its final words say nothing about the moment it was posted, so they give no kind or milestone",
    },
    Rule {
        id: RuleId::SourceSlackDeleted,
        conclusion: Conclusion::Source,
        guards: &[],
        strength: Strength::Strong,
        phrases: &[],
        explain: "a deleted Slack message kept only because its thread has replies",
    },
    Rule {
        id: RuleId::SourcePagerdutyTrigger,
        conclusion: Conclusion::Source,
        guards: &[],
        strength: Strength::Strong,
        phrases: &[],
        explain: "PagerDuty's first trigger log entry: the alert fired (detected, exact)",
    },
    Rule {
        id: RuleId::SourcePagerdutyAcknowledge,
        conclusion: Conclusion::Source,
        guards: &[],
        strength: Strength::Strong,
        phrases: &[],
        explain: "PagerDuty's first acknowledgement by a person (acknowledged, exact)",
    },
    Rule {
        id: RuleId::SourcePagerdutyResolve,
        conclusion: Conclusion::Source,
        guards: &[],
        strength: Strength::Strong,
        phrases: &[],
        explain: "PagerDuty's last resolve log entry (resolved, exact; auto-resolved when a service resolved it)",
    },
    Rule {
        id: RuleId::SourcePagerdutyEscalate,
        conclusion: Conclusion::Source,
        guards: &[],
        strength: Strength::Strong,
        phrases: &[],
        explain: "a PagerDuty escalation, delegation or reassignment",
    },
    Rule {
        id: RuleId::SourcePagerdutyLog,
        conclusion: Conclusion::Source,
        guards: &[],
        strength: Strength::Strong,
        phrases: &[],
        explain: "another PagerDuty log entry (unacknowledged, snoozed, escalation path exhausted...), kept as a note",
    },
    Rule {
        id: RuleId::SourcePagerdutyIncident,
        conclusion: Conclusion::Source,
        guards: &[],
        strength: Strength::Strong,
        phrases: &[],
        explain: "the PagerDuty incident's own times (created_at: first triggered; resolved_at), used when no log entry gives the milestone",
    },
    Rule {
        id: RuleId::SourceIncidentioTimestamp,
        conclusion: Conclusion::Source,
        guards: &[],
        strength: Strength::Strong,
        phrases: &[],
        explain: "an incident.io timestamp whose name says the milestone (\"Impact started at\", \"Identified at\", \"Fixed at\", \"Resolved at\"), set by people or by status changes",
    },
    Rule {
        id: RuleId::SourceIncidentioReported,
        conclusion: Conclusion::Source,
        guards: &[],
        strength: Strength::Weak,
        phrases: &[],
        explain: "incident.io \"Reported at\" is when the incident was declared: detected, unless an alert (a pager) says earlier",
    },
    Rule {
        id: RuleId::SourceIncidentioAccepted,
        conclusion: Conclusion::Source,
        guards: &[],
        strength: Strength::Weak,
        phrases: &[],
        explain: "incident.io \"Accepted at\" is when the incident was accepted: acknowledged, unless a pager says when someone picked it up",
    },
    Rule {
        id: RuleId::SourceIncidentioStatus,
        conclusion: Conclusion::Source,
        guards: &[],
        strength: Strength::Weak,
        phrases: &[],
        explain: "an incident.io update's new status gives its kind when its message says nothing telling (Fixing: action, Monitoring: mitigation, Closed: resolution)",
    },
    Rule {
        id: RuleId::SourceMarkdownKindColumn,
        conclusion: Conclusion::Source,
        guards: &[],
        strength: Strength::Strong,
        phrases: &[],
        explain: "a timeline table's Kind column names the event's kind (retrace's own Markdown export): the writer stated it",
    },
];

/// The table compiled: one automaton over every phrase, and for each pattern its rule and
/// whether it is a word prefix.
struct Compiled {
    automaton: AhoCorasick,
    /// Per pattern: (index into [`RULES`], prefix phrase).
    patterns: Vec<(usize, bool)>,
}

// The default (a contiguous NFA, 130 KB): a DFA takes half the instructions a byte but
// 2 MB of table, 16% of a 50-file load to build, and in a whole load its cache misses
// made the scan slower, not faster (perf, 2 threads).
static COMPILED: LazyLock<Compiled> = LazyLock::new(|| compile(|_| true));

/// The phrases of the rows `keep` accepts, compiled into one automaton (see [`COMPILED`]).
///
/// Each phrase of a rule of an event's kind ([`Conclusion::Kind`]) is also compiled in its
/// verb's other tenses ([`tenses::variants`]: "reverts the" beside "reverted the"), under its
/// own rule, unless a row of the table already holds that form (a phrase written out wins).
fn compile(keep: impl Fn(&Rule) -> bool) -> Compiled {
    let mut phrases: Vec<std::borrow::Cow<'static, str>> = Vec::new();
    let mut patterns = Vec::new();
    let written: std::collections::HashSet<&str> = RULES
        .iter()
        .flat_map(|r| r.phrases.iter().copied())
        .collect();
    // A form made from two phrases goes to the first rule's (table order is precedence); a
    // form of a one-word verb ("deploys the") to each rule that has the verb, as the verb
    // written in two rules ("deployed" for a fix deployed and for an act) is read by each
    // rule's guard.
    let mut added = std::collections::HashSet::new();
    for (i, r) in RULES.iter().enumerate().filter(|(_, r)| keep(r)) {
        for p in r.phrases {
            let (p, prefix) = match p.strip_suffix('*') {
                Some(p) => (p, true),
                None => (*p, false),
            };
            phrases.push(p.into());
            patterns.push((i, prefix));
            // Only the rules of an event's kind: the detour, marker and span rules are worded
            // with care for what they must not read ("finds nothing" is no step ruled out).
            let variants = match r.conclusion {
                Conclusion::Kind(_) => tenses::variants(p),
                _ => Vec::new(),
            };
            for v in variants {
                // "spots the" beside a written "spots": the written phrase reads it.
                let first_written = v
                    .split_once(' ')
                    .is_some_and(|(first, _)| !p.contains(' ') && written.contains(first));
                if !written.contains(v.as_str())
                    && !first_written
                    && added.insert((if p.contains(' ') { 0 } else { i + 1 }, v.clone()))
                {
                    phrases.push(v.into());
                    patterns.push((i, false));
                }
            }
        }
    }
    let automaton = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .build(phrases.iter().map(|p| p.as_bytes()))
        .expect("the lexicon's phrases compile into one automaton");
    Compiled {
        automaton,
        patterns,
    }
}

/// The rows of [`Conclusion::Duration`] alone: a sentence read only for a stated span (the
/// Markdown front end asks it of every summary sentence) is searched for their phrases, not
/// for the whole table's. The same hits as [`COMPILED`] gives for those rows: every match of
/// every phrase is reported either way.
static DURATIONS: LazyLock<Compiled> =
    LazyLock::new(|| compile(|r| r.conclusion == Conclusion::Duration));

/// The words after "alert" that make it an alert's settings, not an alert that fired.
/// Verbs of checking, before a thing found well ([`Guard::CheckedBefore`]).
const CHECK_VERBS: &[&str] = &[
    "verified",
    "verifies",
    "checked",
    "checks",
    "confirmed",
    "confirms",
    "validated",
    "tested",
];

/// Nouns right after "resolved" that make it the name of a state a message carries
/// ("resolved *notifications*", "resolved *webhooks*").
const STATE_MESSAGES: &[&str] = &[
    " notification",
    " notifications",
    " message",
    " messages",
    " webhook",
    " webhooks",
    " state",
    " status",
    " event",
    " events",
];

/// Words right after "restarts" that make it a crash loop, the symptom: "restarts *every* few
/// minutes", "restarts *repeatedly*".
const RESTARTS_REPEATING: &[&str] = &[
    " every",
    " per",
    " repeatedly",
    " continuously",
    " constantly",
    " in a loop",
    " over and over",
    " again and again",
];

/// Words right after a phrase in Japanese or Chinese that make it not done, only planned or
/// still going ("復旧*せず*": did not recover; "復旧*手順*": the recovery procedure; "復旧*待ち*":
/// waiting for it; "復旧*開始*": the recovery work begins; "恢复*中*": recovering; "宕机*的*服务器":
/// the server that went down, named by it): the phrase tells no event.
const OTHER_NOT_DONE: &[&str] = &[
    // Korean writes its endings glued ("복구되지 않음", not recovered) or a word apart ("복구
    // 중", recovering; "복구 예정", planned).
    "되지",
    "하지",
    " 중",
    " 예정",
    " 실패",
    " 시도",
    "를 시도",
    "을 시도",
    " 불가",
    " 작업",
    " 방법",
    " 절차",
    "せず",
    "しない",
    "しなかった",
    "できず",
    "できない",
    "されず",
    "手順",
    "作業",
    "策",
    "待ち",
    "予定",
    "見込み",
    "方法",
    "時間",
    "開始",
    "中",
    "失败",
    // Chinese's attributive mark: "宕机的服务器" is the server that went down, named by it,
    // not its going down.
    "的",
];

/// Whether the clause before byte `at` of `lower` says in Chinese that the work is going on
/// ("我们*正在*对一台服务器进行重启操作": we are restarting a server): not done yet. The clause
/// starts after the last full stop or comma of either width.
fn ongoing_in_chinese(lower: &str, at: usize) -> bool {
    let clause = lower[..at]
        .rfind(['。', '，', '；', '.', ',', ';'])
        .map_or(&lower[..at], |p| &lower[p..at]);
    clause.contains("正在")
}

/// Marks glued before a word in Japanese or Chinese that negate it: "無" (without: "無再起動",
/// no restart), "未" (not yet: "未復旧"), "不" and "非" (not), "没有" and "沒有" (did not:
/// "没有恢复"), "未能" (could not).
const OTHER_NEGATED: &[&str] = &[
    "無", "无", "未", "未能", "不", "非", "没有", "沒有", "没", "沒",
];

/// Words right after "alert(s)" that tell it ended: the alert clearing, no sign of a problem.
const ALERTS_ENDED: &[&str] = &[
    " cleared",
    " already cleared",
    " had cleared",
    " have cleared",
    " has cleared",
    " were cleared",
    " was cleared",
    " clear",
    " resolved",
    " already resolved",
    " stopped",
    " stop",
];

const ALERT_SETTINGS: &[&str] = &[
    " threshold",
    " thresholds",
    " rule",
    " rules",
    " config",
    " configuration",
    " definition",
    " definitions",
    " routing",
    " policy",
    " policies",
    " tuning",
];

/// How many of the lexicon's matches in one text are read: the texts read (an entry, a
/// sentence of a section) hold at most about ten in real postmortems (`tests/fixtures`,
/// `data`, the seeds and session 21's sample: 10 at most); a line of thousands is noise, and
/// each match's guards read up to [`GUARD_WINDOW`] bytes around it (a megabyte of
/// "fix applied" took 20 s before this bound).
const MAX_MATCHES: usize = 512;

/// Every match of `c`'s phrases in `lower` (normalised text) that stands at word boundaries and
/// passes its rule's guard, ordered by position, then table order, then longest first; only
/// the first [`MAX_MATCHES`] of the automaton's matches are read.
fn guarded_hits(c: &Compiled, lower: &str) -> Vec<Hit> {
    let bytes = lower.as_bytes();
    let mut hits = Vec::new();
    for m in c.automaton.find_overlapping_iter(lower).take(MAX_MATCHES) {
        let (rule_ix, prefix) = c.patterns[m.pattern().as_usize()];
        let at = m.start();
        let mut end = m.end();
        if !boundary_before(lower, at) {
            continue;
        }
        if prefix {
            end += lower[end..]
                .find(|ch: char| !ch.is_alphanumeric())
                .unwrap_or(bytes.len() - end);
        }
        if !boundary_after(lower, end) || named_not_told(lower, at, end) {
            continue;
        }
        // Guards read the sentence around a match, never the whole entry: a window of
        // [`GUARD_WINDOW`] bytes each side keeps a long entry of many matches linear.
        let (lo, hi) = around(lower, at, end, GUARD_WINDOW);
        let window = &lower[lo..hi];
        let ok = RULES[rule_ix]
            .guards
            .iter()
            .all(|guard| guard.holds(window, at - lo, end - lo));
        if ok {
            hits.push(Hit {
                rule: rule_ix,
                start: at,
                end,
            });
        }
    }
    hits.sort_unstable_by_key(|h| (h.start, h.rule, std::cmp::Reverse(h.end)));
    hits.dedup();
    hits
}

/// Whether the words at `at..end` of `lower` (normalised text) are a name, not something told:
/// the whole of a code span or a quotation (the alert manager's "`resolved` messages", a
/// status `"firing"`), or the first half of a compound ("*resolved*-state messages").
fn named_not_told(lower: &str, at: usize, end: usize) -> bool {
    let (before, after) = (&lower[..at], &lower[end..]);
    let wrapped = ['`', '"']
        .iter()
        .any(|&q| before.ends_with(q) && after.starts_with(q));
    let compound = after
        .strip_prefix('-')
        .and_then(|rest| rest.chars().next())
        .is_some_and(char::is_alphabetic);
    wrapped || compound
}

/// Whether the ticket at `at..end` of `lower` (normalised text) was opened with others ("ticket
/// opened *with* the vendor", "opened a ticket with Discord"): a call for help (an
/// escalation), not a report of the problem.
fn ticket_to_others(lower: &str, at: usize, end: usize) -> bool {
    lower[at..end].contains("ticket")
        && lower[end..].starts_with(" with ")
        && !to_us(&lower[end + " with".len()..])
}

/// Whether `rest` (the words after "with") names the team itself ("our support team", "us"):
/// a ticket filed with us is a report, not a call for help.
fn to_us(rest: &str) -> bool {
    let first = rest.split_whitespace().next().unwrap_or_default();
    matches!(
        first.trim_matches(|c: char| !c.is_alphanumeric()),
        "our" | "us"
    )
}

/// Whether the words at `end` of `lower` put a fix in a place that is not production ("fix
/// verified *in staging*", "deployed *to staging*", "works *locally*"): no relief yet.
fn not_in_production(lower: &str, end: usize) -> bool {
    const PLACES: &[&str] = &[
        " in staging",
        " on staging",
        " to staging",
        " in the staging",
        " on the staging",
        " to the staging",
        " in test",
        " in the test",
        " in dev",
        " locally",
    ];
    let rest = &lower[end..];
    PLACES.iter().any(|p| rest.starts_with(p))
}

/// Whether words of coming back at `at..end` of `lower` (normalised text; [`lists::BACK`]:
/// "came back", "resumed") are said of a problem: a word of [`lists::PROBLEM_NOUNS`] among the
/// (at most four) words before them in their clause, after any joining word or verb in the past
/// ("the *stall* came back", "*packet loss* is back"; not "after the errors the API came back",
/// nor "the errors stopped, the API came back"), and no level
/// after them ("latency *returned to* normal", "errors *came back down*" tell the problem
/// going). The problem back, not the system.
pub(crate) fn problem_back(lower: &str, at: usize, end: usize) -> bool {
    let after = lower[end..].trim_start();
    let level = ["to ", "down", "under", "below", "within", "normal"]
        .iter()
        .any(|w| after.starts_with(w));
    if level {
        return false;
    }
    let words: Vec<&str> = words_before(lower, at)
        .take_while(|w| !(lists::JOINING.contains(w) || w.len() > 3 && w.ends_with("ed")))
        .take(4)
        .collect();
    words.iter().enumerate().any(|(i, w)| {
        let two = words.get(i + 1).map(|before| format!("{before} {w}"));
        lists::PROBLEM_NOUNS.iter().any(|p| {
            let p_matches = |x: &str| match p.strip_suffix('*') {
                Some(stem) => x.starts_with(stem),
                None => x == *p,
            };
            p_matches(w) || two.as_deref().is_some_and(p_matches)
        })
    })
}

/// The first words of coming back ([`lists::BACK`]) in `lower` (normalised text) that tell a
/// problem back ([`problem_back`]: "the stall came back") and pass the guard of tense ("if
/// the errors return"): the clause from its first word through them, or `None`.
pub(crate) fn problem_said_back(lower: &str) -> Option<&str> {
    lists::BACK.iter().find_map(|p| {
        let m = find_phrase(lower, p)?;
        let at = m.as_ptr() as usize - lower.as_ptr() as usize;
        let end = at + m.len();
        (problem_back(lower, at, end) && !guarded(lower, at)).then(|| {
            let clause = clause_before(lower, at);
            let from = clause.len() - clause.trim_start().len();
            &lower[from..end]
        })
    })
}

/// Whether the words ending at `end` open a system's own error message ("`No such file or
/// directory`", "no such host", "no such table"): quoted evidence of the failure, not a
/// check that found nothing.
fn quotes_a_system_error(lower: &str, end: usize) -> bool {
    lower[..end].ends_with("no such")
        && lower[end..]
            .split(|c: char| !c.is_alphanumeric())
            .find(|w| !w.is_empty())
            .is_some_and(|w| lists::ERROR_MESSAGE_NOUNS.contains(&w))
}

/// The rule with this id (every id has exactly one row).
pub fn rule(id: RuleId) -> &'static Rule {
    RULES
        .iter()
        .find(|r| r.id == id)
        .expect("every rule id has a row in the lexicon")
}

impl RuleId {
    /// One line for people: why this rule's words mean what it concludes (from the lexicon).
    pub fn explain(self) -> &'static str {
        rule(self).explain
    }
}

/// One phrase match that passed its rule's guard: byte offsets into [`Scan::lower`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    /// Index into [`RULES`].
    rule: usize,
    pub start: usize,
    pub end: usize,
}

impl Hit {
    /// The rule that matched.
    pub fn rule(&self) -> &'static Rule {
        &RULES[self.rule]
    }
}

/// A text read once by the lexicon: its normalised form and every guarded match in it.
#[derive(Clone, Debug)]
pub struct Scan {
    /// Lower case, runs of white space made one space, curly apostrophes straight.
    pub lower: String,
    /// Every match that passed its guard, ordered by position, then table order, then longest
    /// first.
    pub hits: Vec<Hit>,
}

impl Scan {
    /// Read `text` once: one pass of the automaton, then word boundaries and guards.
    /// Linear in the text (plus the number of matches).
    pub fn new(text: &str) -> Scan {
        Scan::of_normalised(normalise(text))
    }

    /// [`Scan::new`] of a text already [`normalise`]d (`lower`, kept as the scan's
    /// [`Scan::lower`]): the caller normalised it once for this and its own reading.
    pub fn of_normalised(lower: String) -> Scan {
        let hits = guarded_hits(&COMPILED, &lower);
        Scan { lower, hits }
    }

    /// The words of a hit.
    pub fn words(&self, h: &Hit) -> &str {
        &self.lower[h.start..h.end]
    }

    /// The first rule (in table order) that `want` accepts and that matched, with its
    /// earliest match.
    pub fn first(&self, want: impl Fn(&Rule) -> bool) -> Option<(&'static Rule, Inference)> {
        self.hits
            .iter()
            .filter(|h| want(h.rule()))
            .min_by_key(|h| (h.rule, h.start))
            .map(|h| (h.rule(), Inference::new(h.rule().id, self.words(h))))
    }

    /// The event's kind from its wording, among the kinds `allow` accepts.
    pub fn kind_among(&self, allow: impl Fn(EventKind) -> bool) -> Option<(EventKind, Inference)> {
        self.first(|r| matches!(r.conclusion, Conclusion::Kind(k) if allow(k)))
            .and_then(|(r, why)| match r.conclusion {
                Conclusion::Kind(k) => Some((k, why)),
                _ => None,
            })
    }

    /// The event's kind from its wording.
    pub fn kind(&self) -> Option<(EventKind, Inference)> {
        self.kind_among(|_| true)
    }

    /// A milestone marker standing as a sentence of its own.
    pub fn marker(&self) -> Option<(EventKind, Inference)> {
        self.first(|r| matches!(r.conclusion, Conclusion::Marker(_)))
            .and_then(|(r, why)| match r.conclusion {
                Conclusion::Marker(k) => Some((k, why)),
                _ => None,
            })
    }

    /// Whether the words match the rule(s) for `kind` (the kind may have lost to an earlier
    /// row), with the strongest such match.
    pub fn signal(&self, kind: EventKind) -> Option<Inference> {
        self.first(|r| r.conclusion == Conclusion::Kind(kind) && r.strength == Strength::Strong)
            .or_else(|| self.first(|r| r.conclusion == Conclusion::Kind(kind)))
            .map(|(_, i)| i)
    }

    /// The text tells of a theory that turned out wrong. Verdict words that only offer an
    /// alternative or a condition ("..., or it is just a coincidence", "if the restart does
    /// not help"), that state a fact ("noticed that something was wrong") or a doubt ("still
    /// not sure") are no verdict.
    pub fn ruled_out(&self) -> Option<Inference> {
        self.hits
            .iter()
            .filter(|h| h.rule().conclusion == Conclusion::RuledOut && !self.no_verdict(h))
            .min_by_key(|h| (h.rule, h.start))
            .map(|h| Inference::new(h.rule().id, self.words(h)))
    }

    /// Whether ruled-out words at `h` say no verdict (see [`Scan::ruled_out`]).
    fn no_verdict(&self, h: &Hit) -> bool {
        // A condition anywhere in the clause, an alternative right before the words.
        const CONDITION: &[&str] = &["if", "whether", "unless"];
        const FACT_SUBJECT: &[&str] = &["something", "anything", "what", "nothing", "everything"];
        const DOUBT: &[&str] = &["sure", "clear", "known", "certain", "understood", "aware"];
        // The sentence around the words, never the whole entry: a long entry of many
        // matches stays linear.
        let (lo, hi) = around(&self.lower, h.start, h.end, GUARD_WINDOW);
        let clause = clause_before(&self.lower[lo..], h.start - lo);
        let clause = clause.rsplit(" - ").next().unwrap_or(clause);
        let mut back = clause
            .split_whitespace()
            .rev()
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()));
        let last = back.clone().next().unwrap_or("");
        let words = self.words(h);
        let after = self.lower[h.end..hi]
            .split_whitespace()
            .next()
            .unwrap_or("")
            .trim_matches(|c: char| !c.is_alphanumeric());
        // "Everything looked fine, but users kept timing out": nothing in particular was
        // checked; the words set up the symptom that follows.
        const GENERIC_SUBJECT: &[&str] = &["everything", "things", "all", "it", "stuff"];
        let sentence = self.lower[h.end..hi]
            .split(['.', ';', '!', '?'])
            .next()
            .unwrap_or("");
        let contrast = sentence
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| matches!(w, "but" | "yet" | "although" | "though"));
        if h.rule().id == RuleId::DetourNothingFound && GENERIC_SUBJECT.contains(&last) && contrast
        {
            return true;
        }
        back.clone().any(|w| CONDITION.contains(&w))
            || back.by_ref().take(4).any(|w| w == "or")
            || (words.ends_with("wrong") && FACT_SUBJECT.contains(&last))
            || (words.starts_with("still") && DOUBT.contains(&after))
    }

    /// The words say a theory was held only at first ("at the time", "initially").
    pub fn revised(&self) -> Option<Inference> {
        self.first(|r| r.conclusion == Conclusion::Revised)
            .map(|(_, i)| i)
    }

    /// The text tells of a theory being tried.
    pub fn hypothesis(&self) -> Option<Inference> {
        self.first(|r| r.conclusion == Conclusion::Hypothesis)
            .map(|(_, i)| i)
    }

    /// The text says a theory turned out right ("that's it", "confirmed").
    pub fn confirmed(&self) -> Option<Inference> {
        self.first(|r| r.conclusion == Conclusion::Confirmed)
            .map(|(_, i)| i)
    }

    /// The text says impact began (as a kind or as wording inside another kind of event).
    pub fn impact_started(&self) -> Option<Inference> {
        self.first(|r| {
            r.conclusion == Conclusion::ImpactStarted
                || r.conclusion == Conclusion::Kind(EventKind::ImpactStart)
        })
        .map(|(_, i)| i)
    }

    /// Byte spans in [`Scan::lower`] of every match with this conclusion, in text order.
    pub fn spans(&self, conclusion: Conclusion) -> Vec<(usize, usize)> {
        self.hits
            .iter()
            .filter(|h| h.rule().conclusion == conclusion)
            .map(|h| (h.start, h.end))
            .collect()
    }
}

fn boundary_before(lower: &str, at: usize) -> bool {
    lower[..at]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric() || unspaced_script(c))
}

fn boundary_after(lower: &str, end: usize) -> bool {
    lower[end..]
        .chars()
        .next()
        .is_none_or(|c| !c.is_alphanumeric() || unspaced_script(c) || hangul(c))
}

/// Whether `c` is a Hangul syllable: Korean glues its endings and particles to the word before
/// ("감지됨", detected; "복구되었습니다", was recovered), so a phrase may end inside a run of them;
/// it still starts at a space.
fn hangul(c: char) -> bool {
    matches!(u32::from(c), 0xac00..=0xd7a3)
}

/// Whether `c` is written without spaces between words (Chinese, Japanese kana and kanji): a
/// phrase in such a script (`復旧`) stands in a run of characters with no boundary to find, so
/// beside one of them any match is at a boundary.
pub(crate) fn unspaced_script(c: char) -> bool {
    matches!(u32::from(c), 0x3040..=0x30ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xf900..=0xfaff)
}

/// Whether `phrase` occurs in `lower` at word boundaries; returns the matched slice. For one
/// phrase outside the table (tests, callers with their own word); the table goes through
/// [`Scan`].
pub fn find_phrase<'a>(lower: &'a str, phrase: &str) -> Option<&'a str> {
    let (phrase, prefix) = match phrase.strip_suffix('*') {
        Some(p) => (p, true),
        None => (phrase, false),
    };
    if phrase.is_empty() {
        return None;
    }
    // The same offsets as `match_indices`, without setting up its searcher per call.
    for at in crate::ingest::words::match_starts(lower, phrase) {
        let mut end = at + phrase.len();
        if prefix {
            end += lower[end..]
                .find(|c: char| !c.is_alphanumeric())
                .unwrap_or(lower.len() - end);
        }
        if boundary_before(lower, at) && boundary_after(lower, end) {
            return Some(&lower[at..end]);
        }
    }
    None
}

/// Lower case with runs of white space made one space, so phrases match across line wraps.
pub fn normalise(text: &str) -> String {
    if text.is_ascii() {
        // Already single-spaced (most texts): the same as lower-casing it whole.
        let b = text.as_bytes();
        if b.first() != Some(&b' ')
            && b.last() != Some(&b' ')
            && !b
                .iter()
                .any(|c| matches!(c, b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r'))
            && !memchr::memchr_iter(b' ', b).any(|i| b.get(i + 1) == Some(&b' '))
        {
            return text.to_ascii_lowercase();
        }
    }
    let mut out = String::with_capacity(text.len());
    if text.is_ascii() {
        // The same, a byte at a time (the white space of `split_whitespace` in ASCII).
        let mut gap = false;
        for b in text.bytes() {
            if matches!(b, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r') {
                gap = !out.is_empty();
            } else {
                if gap {
                    out.push(' ');
                    gap = false;
                }
                out.push(char::from(b.to_ascii_lowercase()));
            }
        }
        return out;
    }
    for w in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in w.chars() {
            match c {
                '’' | '‘' => out.push('\''),
                c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
                c => out.extend(c.to_lowercase()),
            }
        }
    }
    out
}

/// Words that, just before a kind phrase in the same clause, mean it did not (yet) happen:
/// "tests to ensure the issue was resolved", "not resolved", "until it recovered",
/// "hoping the upgrade will fix it", "thinking the incident was over".
const GUARDS: &[&str] = &[
    "ensure",
    "ensuring",
    "verify",
    "verifying",
    "whether",
    "not",
    "never",
    "until",
    "unless",
    "before",
    "hoping",
    "hoped",
    "hope",
    "expected",
    "expecting",
    "expect",
    "expects",
    "towards",
    "toward",
    "would",
    "thinking",
    "believing",
    "if",
    // Negations of other languages, before the verb ("n'a *pas* résolu", "*nicht* behoben",
    // "*não* resolvido").
    "pas",
    "nicht",
    "kein",
    "keine",
    "nie",
    "não",
    "nunca",
    "jamais",
];

/// Words earlier in the clause that put a kind phrase at another time than the entry's.
const PAST: &[&str] = &[
    "last month",
    "last week",
    "last year",
    "last time",
    "in the past",
    "previously",
    "historically",
    "usually",
    "typically",
    "in previous",
    "a previous",
];

/// [`PAST`] compiled once: one pass over a clause finds every occurrence of every phrase (the
/// same answer as [`find_phrase`] with each phrase in turn, without building a searcher per
/// phrase per match).
static PAST_WORDS: LazyLock<lists::Words> = LazyLock::new(|| lists::Words::new(PAST, false));

/// Whether `lower` (normalised text) tells of another time than its own in its first clause
/// ("last month this alert cleared by itself", "previously, the job ran hourly"): a remark on
/// the past, not a step of this incident.
pub fn told_of_another_time(lower: &str) -> bool {
    // The clause's end found a byte at a time (every mark is ASCII).
    let clause = lower
        .bytes()
        .position(|b| matches!(b, b',' | b';' | b'.' | b':' | b'!' | b'?'))
        .map_or(lower, |end| &lower[..end]);
    PAST_WORDS.any_whole_word_in(clause)
}

/// Whether an act at `at` of `lower` (normalised text) is only reported, not done then: after
/// "had" ("the cron job *had deleted*", "had *already* removed", "had been purged": done
/// before, a cause), or after a verb of finding earlier in its clause with no joining word
/// between ("*realized* the cron job had deleted the files", "logs *showed* the job purged
/// them"; not "found the stuck process *and* restarted it").
fn reported_act(lower: &str, at: usize) -> bool {
    let clause = clause_before(lower, at);
    let mut near = clause
        .split_whitespace()
        .rev()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()));
    let done_before = match near.next() {
        Some("had") => true,
        Some("been" | "already" | "just") => near.next() == Some("had"),
        _ => false,
    };
    // The clause's words after its last joining word ("that" joins what was found to it).
    let mut end = clause.len();
    let from = clause
        .rmatch_indices(char::is_whitespace)
        .find_map(|(i, space)| {
            let word = clause[i + space.len()..end].trim_matches(|c: char| !c.is_alphanumeric());
            end = i;
            (word != "that" && lists::JOINING.contains(&word)).then_some(i)
        })
        .unwrap_or(0);
    done_before
        || lists::FINDING
            .iter()
            .any(|f| find_phrase(&clause[from..], f).is_some())
}

/// Words right before a kind phrase that make it a plan, not an event.
const INTENT: &[&str] = &[
    "to", "take", "will", "should", "must", "can", "could", "plan", "planned", "might", "may",
];

/// The words of `lower` before `at` back to the start of their clause (after the last `,` `;`
/// `.` `:` `(` `!` `?`, or the text's start).
fn clause_before(lower: &str, at: usize) -> &str {
    let before = &lower[..at];
    // A full stop inside a word ("app.example.io", "v1.2") ends no clause.
    let mut end = before.len();
    loop {
        let Some(p) = before[..end].rfind([',', ';', '.', ':', '(', '!', '?']) else {
            return before;
        };
        let inside_word = before.as_bytes()[p] == b'.'
            && p > 0
            && before.as_bytes()[p - 1].is_ascii_alphanumeric()
            && before
                .as_bytes()
                .get(p + 1)
                .is_some_and(|b| b.is_ascii_alphanumeric());
        if !inside_word {
            return &before[p + 1..];
        }
        end = p;
    }
}

/// Whether the words before a "to" (`before`, nearest first) say it was achieved: "managed"
/// ("managed to restore"), or "able" after a past "was"/"were" ("were able to fix").
fn achieved<'a>(mut before: impl Iterator<Item = &'a str>) -> bool {
    match before.next() {
        Some("managed") => true,
        Some("able") => before.next().is_some_and(|w| matches!(w, "was" | "were")),
        _ => false,
    }
}

/// Whether `w` reports a state as someone told it ("reports" in "Google *reports* to be fully
/// operational", "*confirmed* to be resolved"): the "to" after it names that state, not an
/// intent, and unlike a look ([`seemingly`]) the end itself told so is the end.
fn told_so(w: Option<&str>) -> bool {
    w.is_some_and(|w| {
        matches!(
            w,
            "reports" | "reported" | "confirms" | "confirmed" | "declares" | "declared"
        )
    })
}

/// Whether `w` says how a thing looks ("appear" in "appear to be signing again"): the "to"
/// after it names a state seen, not an intent.
fn seemingly(w: Option<&str>) -> bool {
    w.is_some_and(|w| {
        matches!(
            w,
            "appear" | "appears" | "appeared" | "seem" | "seems" | "seemed" | "look" | "looks"
        )
    })
}

/// Whether the few words before `at` (in the same clause) hold a guard word.
fn guarded(lower: &str, at: usize) -> bool {
    let clause = clause_before(lower, at);
    let mut words = clause
        .split_whitespace()
        .rev()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()));
    // Something from another time: "last month this alert cleared by itself".
    if PAST_WORDS.any_whole_word_in(clause) {
        return true;
    }
    // Intent right before the phrase: "to take corrective action", "will restart", or before
    // its auxiliary: "will be deployed", "to be restored".
    let mut last = words.clone();
    // "set to resolved", "changed to restored": "to" before a past participle names a state
    // reached, not an intent.
    let participle = lower[at..]
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .is_some_and(|w| w.len() > 3 && w.ends_with("ed"));
    let intent = match last.next() {
        // "appear to be signing again", "seems to be back": a state seen, not one intended;
        // the end itself seen so ("appears to be resolved") is still only a hope.
        Some("be")
            if seemingly(last.clone().nth(1))
                && ![
                    "resolved",
                    "fixed",
                    "over",
                    "mitigated",
                    "restored",
                    "recovered",
                ]
                .iter()
                .any(|w| lower[at..].starts_with(w)) =>
        {
            false
        }
        Some("be")
            if told_so(last.clone().nth(1))
                && last.clone().next() == Some("to")
                && !last
                    .clone()
                    .skip(2)
                    .take(3)
                    .any(|w| matches!(w, "not" | "never" | "no") || w.ends_with("n't")) =>
        {
            false
        }
        Some("be" | "get" | "have" | "been") => last.next().is_some_and(|w| INTENT.contains(&w)),
        Some("to") if participle => false,
        // "were able to fix everything", "managed to restore": done, not intended ("will be
        // able to fix" stays a plan).
        Some("to") if achieved(last.clone()) => false,
        w => w.is_some_and(|w| INTENT.contains(&w)),
    };
    // What did not happen: "no" or "nothing" among the three words before ("the report was
    // that no malware was detected"), or opening a clause of at most four words before
    // ("no suspicious behaviour identified", "none detected").
    let mut forward = clause
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()));
    // A participle right after an article or a possessive describes a thing, it tells of no
    // act (not after "this" or "that", which may stand for a thing: "this resolved it"): "confirmed *the deployed* worker is ours", "*a failed* job". One that names a remedy
    // still tells of it: "*a patched* binary is published".
    let remedy = ["patch", "fix", "hotfix", "correct", "repair"]
        .iter()
        .any(|r| lower[at..].starts_with(r));
    let adjective = participle
        && !remedy
        && words
            .clone()
            .next()
            .is_some_and(|w| matches!(w, "the" | "a" | "an" | "our" | "their" | "its"));
    let denied = words.clone().take(3).any(|w| matches!(w, "no" | "nothing"))
        || (forward
            .next()
            .is_some_and(|w| matches!(w, "no" | "nothing" | "none"))
            && forward.count() < 4);
    intent
        || adjective
        || denied
        || future_perfect(lower, at, words.clone())
        || words
            .by_ref()
            .take(4)
            .any(|w| GUARDS.contains(&w) || negated_contraction(w))
}

/// Whether `w` is a verb negated by a contraction: "*isn't* resolved", "*wasn’t* fixed", and
/// as people type in chat, without the apostrophe ("*isnt* resolved", "*didnt* help").
fn negated_contraction(w: &str) -> bool {
    w.ends_with("n't")
        || w.ends_with("n’t")
        || matches!(
            w,
            "isnt"
                | "wasnt"
                | "arent"
                | "werent"
                | "hasnt"
                | "havent"
                | "hadnt"
                | "didnt"
                | "doesnt"
                | "dont"
                | "cant"
                | "couldnt"
                | "wont"
                | "wouldnt"
                | "shouldnt"
        )
}

/// Whether the phrase at `at` of `lower` sits in a time clause in the present perfect, which
/// tells of the future: "posts will appear *when* this issue *has been* resolved", "*once* the
/// fix *has been* deployed we will …". `before` is the clause's words before `at`, nearest
/// first. A past time clause ("when the issue *was* resolved") is not one.
fn future_perfect<'a>(lower: &'a str, at: usize, before: impl Iterator<Item = &'a str>) -> bool {
    const WHEN: &[&str] = &["when", "once", "until", "till", "unless", "soon"];
    let mut before: Vec<&str> = before.take(8).collect();
    let Some(when) = before.iter().position(|w| WHEN.contains(w)) else {
        return false;
    };
    // From the time word on, in reading order, and the phrase's first words.
    before.truncate(when);
    before.reverse();
    let words = before
        .into_iter()
        .chain(lower[at..].split_whitespace().take(4))
        .collect::<Vec<_>>();
    words
        .windows(2)
        .any(|p| matches!(p[0], "has" | "have") && p[1] == "been")
}

/// The words before `at` of `lower` (normalised text) in its clause ([`clause_before`]),
/// nearest first, without the marks around them (`"users"` → `users`).
fn words_before(lower: &str, at: usize) -> impl Iterator<Item = &str> {
    clause_before(lower, at)
        .split_whitespace()
        .rev()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
}

/// Whether an attempt (`phrase`: "attempts", "tried", …) is a system's, not the responders':
/// its subject is "the" and one or two words that name no one (`before`: the clause's words
/// before the phrase, nearest first): "*the compactor* attempts to downsample", "*the index
/// builder* tries to merge". "The team tried", "the on-call engineer attempted" and an attempt
/// without a subject ("Attempts to fix the socket") stay the responders'.
fn system_attempting<'a>(phrase: &str, before: impl Iterator<Item = &'a str>) -> bool {
    const PEOPLE: &[&str] = &[
        "team",
        "engineer",
        "engineers",
        "on-call",
        "oncall",
        "sre",
        "sres",
        "operator",
        "operators",
        "admin",
        "admins",
        "administrator",
        "developer",
        "developers",
        "responder",
        "responders",
        "ic",
        "commander",
        "lead",
        "staff",
        "support",
        "ops",
        "person",
        "assistant",
    ];
    if !(phrase.starts_with("attempt") || phrase.starts_with("tri") || phrase.starts_with("try")) {
        return false;
    }
    let subject: Vec<&str> = before.take(3).collect();
    let Some(the) = subject.iter().position(|w| *w == "the") else {
        return false;
    };
    the > 0 && subject[..the].iter().all(|w| !PEOPLE.contains(w))
}

/// Whether "persisted" at `at` of `lower` is a passive, data stored ("rows *are* persisted",
/// "queries are replicated *and* persisted"): "is"/"are"/"was"/"were"/"be"/"been" right before
/// it, or before a participle joined to it by "and".
fn stored_passive(lower: &str, at: usize) -> bool {
    let be = |w: Option<&str>| {
        w.is_some_and(|w| matches!(w, "is" | "are" | "was" | "were" | "be" | "been"))
    };
    let mut words = words_before(lower, at);
    match words.next() {
        Some("and") => words.next().is_some_and(|p| p.ends_with("ed")) && be(words.next()),
        w => be(w),
    }
}

/// Whether the phrase at `at` of `lower` (normalised text) is said of the response work: its
/// subject, the word right before it past auxiliaries and adverbs ([`lists::AUXILIARY`], "-ly"),
/// is a word for that work ([`lists::RESPONSE_WORK`]): "the *recovery* was significantly slowed
/// down", "the *restore* stalled"; not "after the restore the API stalled".
fn said_of_the_response(lower: &str, at: usize) -> bool {
    words_before(lower, at)
        .find(|w| !lists::AUXILIARY.contains(w) && !w.ends_with("ly"))
        .is_some_and(|w| lists::RESPONSE_WORK.contains(&w))
}

/// Whether the verb at `at..end` of `lower` (normalised text) is one of the stops also made by
/// hand ([`lists::STOPPED_BY_HAND`]) and made so here: right after a word for the responders
/// ("*we* halted", "*team* halts") or followed by what was stopped ("halted *the* pool").
fn stopped_by_hand(lower: &str, at: usize, end: usize) -> bool {
    if !lists::STOPPED_BY_HAND.contains(&&lower[at..end]) {
        return false;
    }
    let subject = words_before(lower, at)
        .next()
        .is_some_and(|w| lists::RESPONDERS.contains(&w));
    let object = lower[end..]
        .split_whitespace()
        .next()
        .is_some_and(|w| lists::OBJECT_STARTS.contains(&w));
    subject || object
}

/// Whether the words right after a phrase of noticing at `..end` of `lower` (normalised text;
/// at most ten, in its clause) find the system well: "the balancer detects the new nodes *as
/// healthy*", "the autoscaler noticed a new image *was available*" tell of a state seen, not a
/// problem noticed; nor does an alert *dismissed* or firing *as expected* (a restart for
/// maintenance pages the on-call, who knows why). A negation in the clause ("not healthy", "no replica was available") and
/// "unhealthy" or "unavailable" are problems.
fn health_found(lower: &str, end: usize) -> bool {
    let clause = lower[end..]
        .split([',', ';', '.', ':', '!', '?', '('])
        .next()
        .unwrap_or_default();
    // Words without the quotes or marks around them: "reports *"no* available server"" is a
    // problem quoted.
    let words = || {
        clause
            .split_whitespace()
            .take(10)
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\''))
    };
    let expected = words().any(|w| w == "dismissed") || clause.contains("as expected");
    // "all nodes reported *Ready*", "reports to be fully *operational*": a state seen, the
    // word right after the phrase past linking words (not "the *green* cluster", "the *ready*
    // queue").
    let state = words()
        .find(|w| {
            !matches!(
                *w,
                "" | "as"
                    | "to"
                    | "be"
                    | "is"
                    | "are"
                    | "was"
                    | "were"
                    | "all"
                    | "fully"
                    | "now"
                    | "back"
            )
        })
        .is_some_and(|w| matches!(w, "ready" | "green" | "operational" | "ok"));
    // "the provider reports the region *recovered*": an end seen, not a problem.
    let well = |w: &str| {
        matches!(
            w,
            "healthy" | "available" | "recovered" | "restored" | "resolved"
        )
    };
    // "reports *recovered files are* corrupted": the word names the files, it finds no one well.
    let listed: Vec<&str> = words().collect();
    let found_well = listed.iter().enumerate().any(|(i, w)| {
        well(w) && !names_a_subject(listed.get(i + 1).copied(), listed.get(i + 2).copied())
    });
    (expected || state || found_well)
        && !words().any(|w| matches!(w, "not" | "no" | "never" | "none") || w.ends_with("n't"))
}

/// Whether the word right after a phrase that ends at `end` says it met nothing ("noticed *no*
/// errors", "the check found *nothing*", "saw *none*"): it did not happen. Not "no longer",
/// "no later", "no more" or "no less", which tell of a time or an amount, nor the work that
/// stopped ("reported *no* exports *being* written", "*no* orders *coming* in": a symptom told
/// by what is missing).
fn nothing_after(lower: &str, end: usize) -> bool {
    let mut after = lower[end..]
        .strip_prefix(' ')
        .unwrap_or_default()
        .split(' ')
        .map(|w| w.trim_end_matches(|c: char| !c.is_alphanumeric()));
    match after.next() {
        Some("nothing" | "none") => true,
        Some("no") => {
            let next: Vec<&str> = after.take(4).collect();
            let amount = next
                .first()
                .is_some_and(|w| matches!(*w, "longer" | "later" | "more" | "less" | "sooner"));
            let flow_missing = next.iter().skip(1).any(|w| {
                matches!(
                    *w,
                    "being"
                        | "been"
                        | "were"
                        | "was"
                        | "coming"
                        | "arriving"
                        | "reaching"
                        | "flowing"
                        | "getting"
                )
            });
            !amount && !flow_missing
        }
        _ => false,
    }
}

/// Whether the word right before `at` negates the phrase ("no misleading paths"), or the one
/// before an article ("without any alert").
fn negated(lower: &str, at: usize) -> bool {
    let mut before = lower[..at].split_whitespace().rev();
    let negation = |w: &str| matches!(w, "no" | "not" | "never" | "without");
    match before.next() {
        Some("any" | "an" | "a") => before.next().is_some_and(negation),
        w => w.is_some_and(negation),
    }
}

/// Whether a "still …" at `at..end` is said of a part of the impact left over: its clause
/// names a part ("some", "a few", "a handful of", "remaining", "several", "a small number
/// of", "only", "cached") or it lasts "until" something else is done; or it is a
/// circumstance of the clause ("volumes rebalanced *with the node* still down").
fn a_remainder(lower: &str, at: usize, end: usize) -> bool {
    if !lower[at..end].starts_with("still") {
        return false;
    }
    let (lo, hi) = near(lower, at, end);
    let from = lower[lo..at]
        .rfind(['.', ';', ',', ':'])
        .map_or(lo, |i| lo + i + 1);
    let to = lower[end..hi]
        .find(['.', ';', ',', ':'])
        .map_or(hi, |i| end + i);
    let clause = format!(" {} ", &lower[from..at]);
    const PART: &[&str] = &[
        " some ",
        " a few ",
        " handful ",
        " remaining ",
        " several ",
        " a small number ",
        " only ",
        " cached ",
        " minority ",
        " subset ",
    ];
    // "0 degraded volumes *with the node* still down": a circumstance of what the clause
    // tells, not a verdict on it.
    let circumstance = clause.split_whitespace().rev().take(4).any(|w| w == "with");
    PART.iter().any(|w| clause.contains(w)) || lower[end..to].contains(" until ") || circumstance
}

/// The rest of the sentence after `end` (read within [`NEAR`] bytes): up to its `.`, `;`, `!`
/// or `?`.
fn sentence_after(lower: &str, end: usize) -> &str {
    let (_, hi) = near(lower, end, end);
    let rest = &lower[end..hi];
    rest.split(['.', ';', '!', '?']).next().unwrap_or(rest)
}

/// Whether the sentence after `end` takes back what came before: "but", "yet", "however" or
/// "still" before its end (read within [`NEAR`] bytes).
fn contrast_after(lower: &str, end: usize) -> bool {
    let sentence = sentence_after(lower, end);
    sentence
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| matches!(w, "but" | "yet" | "however" | "still"))
}

/// Whether a mark of failure (a red cross or light: `❌ ✗ ✘ ✖ 🔴 ⛔`) follows `end` in its
/// sentence: a status list that tells one part back and another still down.
fn failed_mark_after(lower: &str, end: usize) -> bool {
    let sentence = sentence_after(lower, end);
    sentence.contains(['❌', '✗', '✘', '✖', '🔴', '⛔'])
}

/// Whether a restart at `at..end` was the machine's own: a service manager or an orchestrator
/// is its subject among the three words before it ("*systemd* restarts the unit", "*Kubernetes*
/// restarted the pod"; not "the kubelet *was* restarted"), or its clause says it happened by
/// itself ("restarted *automatically*",
/// "restarted *on its own*").
fn restarted_by_machine(lower: &str, at: usize, end: usize) -> bool {
    const MACHINES: &[&str] = &[
        "systemd",
        "kubelet",
        "kubernetes",
        "k8s",
        "supervisor",
        "supervisord",
        "docker",
        "orchestrator",
        "watchdog",
        "launchd",
        "pm2",
    ];
    if !lower[at..end].starts_with("restart") {
        return false;
    }
    // The machine the subject of the verb, not the thing restarted ("the scheduler *is*
    // restarted"): no form of "be" between them.
    let by_name = words_before(lower, at)
        .take(3)
        .take_while(|w| !matches!(*w, "is" | "was" | "were" | "are" | "be" | "been" | "being"))
        .any(|w| MACHINES.contains(&w));
    let (_, hi) = near(lower, end, end);
    let clause = lower[end..hi]
        .split(['.', ';', ',', '!', '?'])
        .next()
        .unwrap_or_default();
    by_name
        || clause.contains("automatically")
        || clause.contains("by itself")
        || clause.contains("on its own")
}

/// Words after a change that name it the cause of the outage ("- *introduced bug*", "*which
/// broke* logins"); [`KindTrigger`](RuleId::KindTrigger) holds them too.
const CAUSED_IT: &[&str] = &[
    "introduced bug",
    "introduced a bug",
    "introduced the bug",
    "introduced a regression",
    "introduced the regression",
    "introducing the bug",
    "introducing a bug",
    "introducing a regression",
    "which broke",
    "that broke",
    "caused the outage",
    "caused the incident",
    "triggered the outage",
    "triggered the incident",
];

/// Whether the rest of the sentence after `end` names what came before it the cause
/// ([`CAUSED_IT`]).
fn named_the_cause_after(lower: &str, end: usize) -> bool {
    let sentence = sentence_after(lower, end);
    CAUSED_IT.iter().any(|c| sentence.contains(c))
}

/// Words that go on a participle's act rather than name a thing after it ("recovered *at*
/// 10:40", "recovered *fully*"): see [`names_a_subject`].
const GOES_ON: &[&str] = &[
    "and",
    "but",
    "or",
    "at",
    "by",
    "in",
    "on",
    "after",
    "from",
    "to",
    "for",
    "with",
    "the",
    "a",
    "an",
    "its",
    "their",
    "our",
    "again",
    "within",
    "around",
    "about",
    "as",
    "so",
    "when",
    "once",
    "then",
    "now",
    "which",
    "while",
    "before",
    "since",
    "until",
    "because",
    "though",
    "although",
    "slowly",
    "fully",
    "quickly",
    "partially",
    "completely",
    "automatically",
    "successfully",
    "gradually",
    "shortly",
    "immediately",
    "soon",
    "here",
];
/// Verbs of being that make the noun before them a subject: see [`names_a_subject`].
const BE: &[&str] = &[
    "is",
    "are",
    "was",
    "were",
    "remain",
    "remained",
    "look",
    "looked",
    "seem",
    "seemed",
    "contain",
    "contained",
    "show",
    "showed",
    "lack",
    "lacked",
];

/// Whether the participle at `at..end` names a thing by what was done to it, the subject of
/// the verb after the noun that follows ("recovered *files are* corrupted", "restored *rows
/// were* missing"): the next word a noun (not a word that goes on the act: "recovered *at*
/// 10:40", "recovered *fully*", "recovered *and* ..."), the word after it a verb of being.
fn attributive(lower: &str, at: usize, end: usize) -> bool {
    if !lower[at..end].ends_with("ed") || lower[at..end].contains(' ') {
        return false;
    }
    let (_, hi) = near(lower, at, end);
    let mut next = lower[end..hi].split_whitespace();
    names_a_subject(next.next(), next.next())
}

/// Whether the two words after a participle (`noun`, `verb`) make it a word naming the subject
/// of a verb of being ("recovered *files are*"; see [`attributive`]).
fn names_a_subject(noun: Option<&str>, verb: Option<&str>) -> bool {
    let (Some(noun), Some(verb)) = (noun, verb) else {
        return false;
    };
    noun.chars().all(char::is_alphabetic) && !GOES_ON.contains(&noun) && BE.contains(&verb)
}

/// The bytes around a match at `at..end` that its guards read: at most [`NEAR`] before and
/// after it, on character boundaries. A guard that looked at all of the text before or after
/// each match made a long entry of many matches quadratic (8,000 "still fails" in one line
/// took seconds).
fn near(lower: &str, at: usize, end: usize) -> (usize, usize) {
    around(lower, at, end, NEAR)
}

/// The byte range of `lower` from at most `radius` bytes before `at` to at most `radius` bytes
/// after `end`, on character boundaries (so never wider than the text, never splitting a
/// character).
fn around(lower: &str, at: usize, end: usize, radius: usize) -> (usize, usize) {
    let mut lo = at.saturating_sub(radius);
    while !lower.is_char_boundary(lo) {
        lo += 1;
    }
    let mut hi = (end + radius).min(lower.len());
    while !lower.is_char_boundary(hi) {
        hi -= 1;
    }
    (lo, hi)
}

/// How far around a match, in bytes, every guard of its rule may read: far more than a
/// sentence (real entries' sentences are under 600 bytes), so that no reading changes, but
/// a bound, so that a guard's cost per match does not grow with the entry.
const GUARD_WINDOW: usize = 1200;

/// How far around a match its sentence is read by [`near`], in bytes.
const NEAR: usize = 240;

/// Whether the sentence holding `at..end` says what happened was done on purpose ("the API and
/// the store are down from here, as planned", "taken down by design", "expected downtime"): a
/// step of a plan, not the failure.
fn as_planned(lower: &str, at: usize, end: usize) -> bool {
    let (lo, hi) = near(lower, at, end);
    let from = lower[lo..at]
        .rfind(['.', ';', '!', '?'])
        .map_or(lo, |i| lo + i + 1);
    let to = lower[end..hi]
        .find(['.', ';', '!', '?'])
        .map_or(hi, |i| end + i);
    let sentence = &lower[from..to];
    [
        "as planned",
        "as intended",
        "as scheduled",
        "as announced",
        "by design",
        "as expected",
        "planned downtime",
    ]
    .iter()
    .filter_map(|w| sentence.find(w))
    // Not denied ("did not behave as intended", "not as expected").
    .any(|i| {
        !sentence[..i]
            .split_whitespace()
            .rev()
            .take(3)
            .any(|w| matches!(w, "not" | "never" | "no") || w.ends_with("n't"))
    })
}

/// Whether the words right after a phrase that ends at `end`, in its clause, deny that it went
/// off ("the alarm *does not fire*", "alert *never triggered*", "the pager *didn't go* off",
/// "monitoring *failed to catch* it"), the clause ending there. Only verbs of going off: "the
/// alert was not acknowledged" still tells an alert; nor one that went off late, rarely or
/// elsewhere ("did not fire for 20 minutes", "does not fire often, but it fired at 10:02",
/// "didn't go to the on-call phone").
fn denied_after(lower: &str, end: usize) -> bool {
    const WENT_OFF: &[&str] = &[
        "fire",
        "fires",
        "fired",
        "firing",
        "trigger",
        "triggers",
        "triggered",
        "page",
        "paged",
        "notify",
        "notified",
        "catch",
        "caught",
        "detect",
        "detected",
        "raise",
        "raised",
        "sound",
        "sounded",
        "alert",
        "alerted",
    ];
    let Some(rest) = lower[end..].strip_prefix(' ') else {
        return false;
    };
    let clause = rest
        .split(['.', ';', ',', '!', '?', '(', ')', '—', '–'])
        .next()
        .unwrap_or_default();
    let mut words = clause.split_whitespace().peekable();
    // The verb of going off, and the clause ends with it (or its pronoun object): "does not
    // fire often", "did not fire for 20 minutes", "didn't go to the on-call phone" tell of an
    // alert that did go off, late or elsewhere.
    let went_off = |words: &mut std::iter::Peekable<std::str::SplitWhitespace<'_>>| {
        let ok = match words.next() {
            Some("go" | "goes" | "went") => matches!(words.next(), Some("off" | "out")),
            Some(w) => WENT_OFF.contains(&w),
            None => false,
        };
        ok && words
            .next()
            .is_none_or(|w| matches!(w, "it" | "this" | "them" | "that" | "anything"))
            && words.next().is_none()
    };
    let denied = match words.next() {
        Some("never") => went_off(&mut words),
        Some(w) if w.ends_with("n't") => went_off(&mut words),
        Some("does" | "did" | "do" | "is" | "was" | "were" | "has" | "had") => {
            matches!(words.next(), Some("not" | "never")) && went_off(&mut words)
        }
        Some("failed" | "fails" | "fail") => words.next() == Some("to") && went_off(&mut words),
        _ => false,
    };
    // "… does not fire often, but it fired at 10:02": it went off after all.
    let (_, hi) = near(lower, end, end);
    let after = &lower[end..hi];
    denied && !after.contains("but it fired") && !after.contains("but it did")
}

/// Whether `[at, end)` is a sentence or clause of its own: only punctuation, brackets or white
/// space between it and the nearest sentence break (`.` `;` `!` `(` `)` `—` `–`, ` - `, `<`
/// `>`) or the text's ends.
/// The milestone markers of other languages written in ASCII letters (the others are told by
/// their letters): like them, they may end at a colon (`Behoben: …`).
const FOREIGN_ASCII_LABELS: &[&str] = &[
    "erkannt",
    "behoben",
    "ursache gefunden",
    "ursache identifiziert",
    "detectado",
    "causa identificada",
    "mitigado",
    "resuelto",
    "inicio del incidente",
    "prise en charge",
];

fn whole_sentence(lower: &str, at: usize, end: usize) -> bool {
    const BREAKS: &[char] = &['.', ';', '!', '(', ')', '—', '–', '\n'];
    let alone = |s: &mut dyn Iterator<Item = char>| {
        let mut prev_space = false;
        for c in s {
            if BREAKS.contains(&c) {
                return true;
            }
            if c == '-' && prev_space {
                return true;
            }
            if c.is_alphanumeric() {
                return false;
            }
            prev_space = c == ' ';
        }
        true
    };
    // A label in another language (`検知: ユーザーが報告`, `原因特定 2：…`, `Behoben: …`)
    // ends at its colon, after an optional number: English labels with a colon ("Resolved:
    // …") are read by the kind rules and their guards instead.
    let phrase = &lower[at..end];
    let foreign_label = || {
        (!phrase.is_ascii() || FOREIGN_ASCII_LABELS.contains(&phrase))
            && lower[end..]
                .trim_start_matches(|c: char| c == ' ' || c.is_ascii_digit())
                .starts_with([':', '：', '、'])
    };
    alone(&mut lower[..at].chars().rev()) && (alone(&mut lower[end..].chars()) || foreign_label())
}

/// Whether only punctuation (or nothing) follows `end` up to the clause's end.
/// The clause before `at` names a fix (`fix`, `hotfix`, `patch`, `workaround`...).
fn fix_in_clause(lower: &str, at: usize) -> bool {
    const FIXES: &[&str] = &[
        "fix",
        "fixes",
        "hotfix",
        "bugfix",
        "patch",
        "patches",
        "workaround",
        "mitigation",
    ];
    let clause = clause_before(lower, at);
    clause
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| FIXES.contains(&w))
}

fn ends_clause(lower: &str, end: usize) -> bool {
    if when_follows(&lower[end..]) {
        return true;
    }
    for c in lower[end..].chars() {
        if matches!(c, '.' | ';' | ',' | '!' | ':' | '(' | ')' | '—' | '–') {
            return true;
        }
        if c.is_alphanumeric() {
            return false;
        }
    }
    true
}

/// Whether `rest` (lower case, what follows a phrase) opens with when it happened and nothing
/// else: "… fixed *on May 29th around 4:00 UTC*", "… found *at 10:32*", "… repaired *by 11:00*":
/// a time or a day after a cue word, which ends the clause's content as a stop does.
fn when_follows(rest: &str) -> bool {
    let mut words = rest.split_whitespace();
    let (Some(cue), Some(what)) = (words.next(), words.next()) else {
        return false;
    };
    let what = what.trim_start_matches(['~', '(']);
    match cue {
        "on" | "at" | "around" | "about" | "since" => {
            what.starts_with(|c: char| c.is_ascii_digit())
                || crate::ingest::clock::month_number(what.trim_end_matches(['.', ','])).is_some()
                || crate::ingest::clock::weekday(what.trim_end_matches(['.', ','])).is_some()
        }
        "by" => what.starts_with(|c: char| c.is_ascii_digit()),
        _ => false,
    }
}

/// Infer an event's kind from its text.
pub fn classify_kind(text: &str) -> Option<(EventKind, Inference)> {
    Scan::new(text).kind()
}

/// What an action item is for: monitoring/alerting → mitigate, process/review/checklist/training
/// /documentation → process, anything else → prevent. When words of both kinds occur, the one
/// written first wins ("Documentation: update the checklist and the runbook" is process).
pub fn classify_action(text: &str) -> (ActionKind, Option<Inference>) {
    let scan = Scan::new(text);
    let best = scan
        .hits
        .iter()
        .find(|h| matches!(h.rule().conclusion, Conclusion::Action(_)));
    match best {
        Some(h) => match h.rule().conclusion {
            Conclusion::Action(k) => (k, Some(Inference::new(h.rule().id, scan.words(h)))),
            _ => (ActionKind::Prevent, None),
        },
        None => (ActionKind::Prevent, None),
    }
}

/// Infer an event's kind, allowing only the kinds `allow` accepts.
pub fn classify_kind_among(
    text: &str,
    allow: impl Fn(EventKind) -> bool,
) -> Option<(EventKind, Inference)> {
    Scan::new(text).kind_among(allow)
}

/// Whether the text matches the rule for `kind` (the kind may have lost to an earlier row).
pub fn kind_signal(text: &str, kind: EventKind) -> Option<Inference> {
    Scan::new(text).signal(kind)
}

/// The text tells of a theory that turned out wrong.
pub fn detour_signal(text: &str) -> Option<Inference> {
    Scan::new(text).ruled_out()
}

/// The text tells of a theory being tried.
pub fn hypothesis_signal(text: &str) -> Option<Inference> {
    Scan::new(text).hypothesis()
}

/// The text says impact began (as a kind or as wording inside another kind of event).
pub fn impact_start_signal(text: &str) -> Option<Inference> {
    Scan::new(text).impact_started()
}

/// Whether a sentence reads like a statement of the outage's span (the same answer as
/// [`Scan::first`] of a whole scan, from the duration rows' own automaton).
pub fn duration_signal(text: &str) -> Option<Inference> {
    let lower = normalise(text);
    let hits = guarded_hits(&DURATIONS, &lower);
    Scan { lower, hits }
        .first(|r| r.conclusion == Conclusion::Duration)
        .map(|(_, i)| i)
}

/// A milestone marker standing as a sentence of its own (rules `marker:<kind>`).
pub fn marker_kind(text: &str) -> Option<(EventKind, Inference)> {
    Scan::new(text).marker()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_stand_alone() {
        let (k, why) = marker_kind("Evictions stop; login rate back to normal. Mitigated").unwrap();
        assert_eq!(k, EventKind::Mitigation);
        assert_eq!(why.rule, RuleId::MarkerMitigation);
        assert_eq!(
            marker_kind("OUTAGE MITIGATED").unwrap().0,
            EventKind::Mitigation
        );
        assert_eq!(
            marker_kind("Monitoring period over. Resolved.").unwrap().0,
            EventKind::Resolution
        );
        assert!(marker_kind("The resolved hostname was wrong").is_none());
        assert!(marker_kind("We detected high CPU").is_none());
    }

    #[test]
    fn phrase_needs_word_boundaries() {
        assert!(find_phrase("the alert was undetected", "detected").is_none());
        assert_eq!(find_phrase("issue detected.", "detected"), Some("detected"));
        assert_eq!(
            find_phrase("we kept investigating it", "investigat*"),
            Some("investigating")
        );
        assert!(find_phrase("reinvestigate", "investigat*").is_none());
        assert_eq!(
            find_phrase("détecté detected", "detected"),
            Some("detected")
        );
    }

    #[test]
    fn a_finding_shared_or_a_review_that_points_is_a_cause_found() {
        for text in [
            "The disk was found full of orphaned artifacts",
            "The data team publishes initial findings of which rules blocked requests",
            "Initial review suggests an issue with the export job",
            "Consumers have caught the bad message",
        ] {
            let (k, why) = classify_kind(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(k, EventKind::Identified, "{text}");
            assert_eq!(why.rule, RuleId::KindIdentifiedWeak, "{text}");
        }
        // Work on a diagnosis, a backlog that caught up, findings that found nothing.
        for text in [
            "Diagnosis under way",
            "Consumers have caught up",
            "The database was found to be healthy",
            "Initial findings were inconclusive",
            "Analysis suggests the database is not involved",
        ] {
            assert_ne!(
                classify_kind(text).map(|(k, _)| k),
                Some(EventKind::Identified),
                "{text}"
            );
        }
        // A third person before its object: "Ops deploys the key" is an act.
        assert_eq!(
            classify_kind("Ops deploys the renewed key").map(|(k, _)| k),
            Some(EventKind::Action)
        );
        assert_eq!(
            classify_kind("The team closes the incident").map(|(k, _)| k),
            Some(EventKind::Resolution)
        );
    }

    /// A state reported well is no problem noticed ("all nodes reported Ready"); a problem
    /// quoted is ("User reports "no available server""); an end reported by someone is the
    /// end ("Google reports to be fully operational"); an upgrade begun is a change.
    #[test]
    fn states_reported_and_changes_begun() {
        let kind = |t: &str| classify_kind(t).map(|(k, _)| k);
        assert_ne!(
            kind("Upgrade completed, all nodes reported Ready"),
            Some(EventKind::Detection)
        );
        assert_ne!(
            kind("CloudFlare reports to be fully operational"),
            Some(EventKind::Detection)
        );
        assert_eq!(
            kind("User reports \"no available server\" in the web UI"),
            Some(EventKind::Detection)
        );
        assert_eq!(
            kind("Storage vendor reports to be fully operational"),
            Some(EventKind::Resolution)
        );
        assert_eq!(
            kind("The API is fully operational again"),
            Some(EventKind::Resolution)
        );
        // A hope stays one; a look at the end stays a hope.
        assert_ne!(
            kind("The API is expected to be fully operational by noon"),
            Some(EventKind::Resolution)
        );
        assert_eq!(kind("Cluster upgrade started"), Some(EventKind::Trigger));
        assert_eq!(
            kind("Hannah received email from Andy in editorial about the failed export"),
            Some(EventKind::Detection)
        );
        // A group gathered to work on it takes it on.
        assert_eq!(
            kind("A working group was created to investigate the issue"),
            Some(EventKind::Acknowledge)
        );
        // Responders at work on it, as status pages say; not a plan.
        assert_eq!(
            kind("The site is unavailable. We are actively working to restore access."),
            Some(EventKind::Acknowledge)
        );
        assert_eq!(
            kind("Our team is working on a fix"),
            Some(EventKind::Acknowledge)
        );
        assert_ne!(
            kind("We will be working to restore the archive next week"),
            Some(EventKind::Acknowledge)
        );
        assert_ne!(
            kind("Team agreed on an upgrade to pgdriver 4.2 as the fix"),
            Some(EventKind::Trigger)
        );
        assert_eq!(kind("Database migration started"), Some(EventKind::Trigger));
        // Someone telling the responders is a report; the responders telling others is not.
        assert_eq!(
            kind("A user notifies us on Slack about the issue"),
            Some(EventKind::Detection)
        );
        for text in [
            "Support team notifies affected customers by email",
            "We notify us-east customers of the delay",
        ] {
            assert_ne!(kind(text), Some(EventKind::Detection), "{text}");
        }
        assert_ne!(
            kind("We notify customers about the maintenance"),
            Some(EventKind::Detection)
        );
        // An end reported by someone else is no problem noticed; a failover done is relief.
        assert_ne!(
            kind("Provider reports the region recovered"),
            Some(EventKind::Detection)
        );
        assert_eq!(
            kind("Failover done, images serving again"),
            Some(EventKind::Mitigation)
        );
        // Said of the impact or the trigger, "again" and "replaced" tell no relief.
        for text in [
            "Old newsletters are delivered again to 40k users",
            "The nginx config is replaced with an empty file by the sync job",
        ] {
            assert_ne!(kind(text), Some(EventKind::Mitigation), "{text}");
        }
        assert_ne!(
            kind("We decided to upgrade to the new driver next week"),
            Some(EventKind::Trigger)
        );
    }

    /// An alert denied after it ("the alarm does not fire") or without one ("without any
    /// alert") noticed nothing; one that went off and waited did.
    #[test]
    fn an_alert_that_did_not_go_off_is_no_detection() {
        let kind = |t: &str| classify_kind(t).map(|(k, _)| k);
        for text in [
            "The export returns a 500. Alarm does not fire.",
            "Backups fail; the alert didn't trigger.",
            "Backups fail. The alarm never fired.",
            "The disk fills without any alert.",
            "Queue grows; the alert is not firing",
            "The stuck jobs grow; monitoring failed to catch it",
        ] {
            assert_ne!(kind(text), Some(EventKind::Detection), "{text}");
        }
        for text in [
            "The latency alert fires",
            "The alert was not acknowledged for 20 minutes",
            "Alert fired; it did not page anyone until 09:10",
            "The error-rate alarm does not fire often, but it fired at 10:02",
            "Invoice failure alert didn't go to the on-call phone, only to Slack",
            "The disk alert did not fire for 20 minutes",
        ] {
            assert_eq!(kind(text), Some(EventKind::Detection), "{text}");
        }
    }

    /// A time clause in the present perfect tells of the future; one in the past tells of
    /// what happened.
    #[test]
    fn a_present_perfect_time_clause_is_the_future() {
        let kind = |t: &str| classify_kind(t).map(|(k, _)| k);
        for t in [
            "Posts will appear in feeds when this issue has been resolved.",
            "Once the fix has been deployed we will monitor the queue.",
            "We will keep the banner up until service has been restored.",
        ] {
            assert!(
                !matches!(
                    kind(t),
                    Some(EventKind::Resolution | EventKind::Mitigation | EventKind::Recovery)
                ),
                "{t}: {:?}",
                kind(t)
            );
        }
        assert_eq!(
            kind("The issue has been resolved."),
            Some(EventKind::Resolution)
        );
        assert_eq!(
            kind("When the issue was resolved, the banner came down."),
            Some(EventKind::Resolution)
        );
    }

    #[test]
    fn classifies_with_reason() {
        let (k, why) = classify_kind("Full service restored, platform normal").unwrap();
        assert_eq!(k, EventKind::Resolution);
        assert_eq!(why.rule, RuleId::KindResolution);
        assert_eq!(why.matched, "full service restored");
        assert!(classify_kind("lunch").is_none());
    }

    #[test]
    fn kinds_of_common_timeline_lines() {
        let cases = [
            (
                "The issue was detected through monitoring alerts",
                EventKind::Detection,
            ),
            (
                "The engineering team notified and began investigating",
                EventKind::Acknowledge,
            ),
            (
                "Query optimization was identified as the root cause",
                EventKind::Identified,
            ),
            ("OUTAGE MITIGATED", EventKind::Mitigation),
            ("OUTAGE BEGINS", EventKind::ImpactStart),
            ("INCIDENT ENDS", EventKind::Resolution),
            ("Escalated to the DBA team", EventKind::Escalation),
            (
                "Rolled back the release, errors dropped",
                EventKind::Mitigation,
            ),
            ("Services began to recover", EventKind::Recovery),
            (
                "Posted an update on the status page",
                EventKind::Communication,
            ),
            (
                "Looked into the   load\nbalancer logs",
                EventKind::Investigation,
            ),
            ("Issue discovered by a customer", EventKind::Detection),
            (
                "Discovered the proxy had lost its route",
                EventKind::Identified,
            ),
            ("Manual fix verified", EventKind::Mitigation),
            (
                "Acme Corp filed a ticket with our support team: dashboards are blank",
                EventKind::Detection,
            ),
            (
                "Ticket opened with the database provider",
                EventKind::Escalation,
            ),
            (
                "First recorded instance of a user seeing the bot ignore events",
                EventKind::Detection,
            ),
            (
                "All validators appear to be signing again",
                EventKind::Mitigation,
            ),
            ("The work queue drained by 10:40", EventKind::Recovery),
            (
                "The provider calls to say they were able to fix everything",
                EventKind::Resolution,
            ),
            ("We managed to fix everything", EventKind::Resolution),
            (
                "Everything was caught back up and we were back to 0 delay",
                EventKind::Recovery,
            ),
            ("The worker was caught up", EventKind::Recovery),
        ];
        // Funds drained, or nodes drained by a responder, are no recovery; an exploit starts
        // the impact.
        for text in [
            "Attack 1: 1,400 tokens drained for 15,000 USDC",
            "Nodes that were failing are drained by the autoscaler",
        ] {
            assert_ne!(
                classify_kind(text).map(|(k, _)| k),
                Some(EventKind::Recovery),
                "{text}"
            );
        }
        assert!(impact_start_signal("Attack 1: 1,400 tokens drained for USDC").is_some());
        // A fix verified in staging is no relief; what a build was seen doing, or the first
        // instance of a new cluster, is no detection; a red team's first attack is no impact.
        for text in [
            "Fix verified in staging with new credentials; prod change needs approval",
            "The same build was seen in staging for two days without problems",
            "First instance of the new cache cluster brought up",
        ] {
            let kind = classify_kind(text).map(|(k, _)| k);
            assert!(
                !matches!(kind, Some(EventKind::Mitigation | EventKind::Detection)),
                "{text}: {kind:?}"
            );
        }
        assert!(impact_start_signal("Red team exercise: first attack scenario run").is_none());
        assert_ne!(
            classify_kind("Issue appears to be mitigated by the restart; monitoring")
                .map(|(k, _)| k),
            Some(EventKind::Mitigation)
        );
        // The end seen so is still only a hope.
        assert_ne!(
            classify_kind("Usage back under the limit; incident appears to be resolved")
                .map(|(k, _)| k),
            Some(EventKind::Resolution)
        );
        // A ticket the team was sent is still a report.
        assert_eq!(
            classify_kind("Ticket opened by a customer about failed logins").map(|(k, _)| k),
            Some(EventKind::Detection)
        );
        // A kind phrase after a guard word in its clause does not count.
        assert!(classify_kind("Tests run to ensure the issue was resolved").is_none());
        assert!(classify_kind("We will be able to fix everything by Monday").is_none());
        assert!(classify_kind("The issue was not resolved").is_none());
        assert_eq!(
            classify_kind("Assigned a team to investigate and take corrective action")
                .map(|(k, _)| k),
            Some(EventKind::Acknowledge)
        );
        assert_eq!(
            classify_kind("Retried, not resolved; resolved after the failover").map(|(k, _)| k),
            Some(EventKind::Resolution)
        );
        for (text, want) in cases {
            assert_eq!(classify_kind(text).map(|(k, _)| k), Some(want), "{text}");
        }
        let kind = |t: &str| classify_kind(t).map(|(k, _)| k);
        // A stop the responders made contains the outage; the system stopping is the outage.
        for text in [
            "Team halts the swap pool and pauses the vault",
            "We halted all writes to the ledger",
        ] {
            assert_eq!(kind(text), Some(EventKind::Mitigation), "{text}");
            assert!(impact_start_signal(text).is_none(), "{text}");
        }
        assert!(impact_start_signal("The chain halted at block 812").is_some());
        // The response going badly is no impact starting.
        for text in [
            "The recovery was significantly slowed down by the provider's maintenance",
            "The restore stalled twice",
        ] {
            assert!(impact_start_signal(text).is_none(), "{text}");
        }
        assert!(impact_start_signal("After the restore the API stalled").is_some());
        for text in [
            "At 12:50 UTC, issue exploited on the main network",
            "An attacker exploited the oracle",
            "The first build host was compromised",
        ] {
            assert!(impact_start_signal(text).is_some(), "{text}");
        }
        // A check that finds the system healthy is no problem noticed; one that finds it
        // unhealthy, or not healthy, is.
        for text in [
            "The balancer detects the new nodes as healthy",
            "The autoscaler noticed that a newer node image was available",
        ] {
            assert_ne!(kind(text), Some(EventKind::Detection), "{text}");
        }
        for text in [
            "Health checks detected unhealthy nodes",
            "Monitoring detected the primary was not healthy",
            "Noticed that no replica was available",
        ] {
            assert_eq!(kind(text), Some(EventKind::Detection), "{text}");
        }
    }

    #[test]
    fn detours_and_hypotheses() {
        for text in [
            "Misleading investigation into network latency",
            "Rollback completed, but the issue persisted",
            "The cache was a red herring",
            "Restarting the pods did not help",
            "Turned out not to be DNS",
            "Disk I/O was not the cause",
            "No improvement after the restart",
        ] {
            let why = detour_signal(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(why.rule, RuleId::DetourRuledOut);
        }
        assert!(detour_signal("Rolled back, errors dropped").is_none());
        // What an attempt relied on, found useless, rules it out; data stored is no problem
        // that went on.
        assert!(detour_signal("Database backups determined to be unusable").is_some());
        for text in [
            "Bridge database traffic rises as DELETE queries are replicated and persisted",
            "The rows were persisted to disk",
        ] {
            assert!(detour_signal(text).is_none(), "{text}");
        }
        assert!(detour_signal("Restarted the proxy, but the errors persisted").is_some());
        assert!(detour_signal("Fix deployed, service restored").is_none());
        assert!(detour_signal("No misleading paths: the alert said it all").is_none());
        for text in [
            "The initial assumption was a bad deploy",
            "We suspected the CDN",
            "Investigating whether the certificate expired",
            "Our theory: the queue was full",
            "We thought it was DNS",
        ] {
            assert!(hypothesis_signal(text).is_some(), "{text}");
        }
        assert!(hypothesis_signal("Service restored").is_none());
        // An attempt of the people affected is the symptom's setting, not a theory tried.
        for text in [
            "Users get a 502 when trying to log in",
            "An error while trying to upload the file",
            "Customers trying to pay see a blank page",
        ] {
            assert!(hypothesis_signal(text).is_none(), "{text}");
        }
        assert!(hypothesis_signal("Restarted the broker, trying to clear the backlog").is_some());
    }

    #[test]
    fn verdicts_that_close_their_clause() {
        for text in [
            "Scaled the workers. This was not enough.",
            "Trees closed again, as the problem is not fixed",
            "The earlier deploy was unrelated",
            "The failover turned out unnecessary.",
            "The timing was a coincidence",
        ] {
            let why = detour_signal(text).unwrap_or_else(|| panic!("{text}"));
            assert!(
                matches!(why.rule, RuleId::DetourFellShort | RuleId::DetourRuledOut),
                "{text}: {why:?}"
            );
        }
        // The same words naming a thing, not giving a verdict.
        for text in [
            "Unrelated deploy of the search service goes out",
            "Acting slowly to avoid unnecessary data loss",
            "There was not enough disk space on the node",
            "No customer impact",
        ] {
            assert!(detour_signal(text).is_none(), "{text}");
        }
        // The symptom going on is a weak verdict: only with an action does it make a detour.
        let why = detour_signal("Restarted the pods; errors continued.").expect("a verdict");
        assert_eq!(why.rule, RuleId::DetourSymptomContinued);
        assert!(detour_signal("Errors continued to drop after the fix").is_none());
    }

    #[test]
    fn relief_and_reports_told_in_more_words() {
        let kind = |t: &str| classify_kind(t).map(|(k, _)| k);
        for t in [
            "Shard allocation fixed; queries answer again.",
            "Fixed a few factories by hand.",
            "The fix branch is merged to main.",
            "Players connect again.",
        ] {
            assert_eq!(kind(t), Some(EventKind::Mitigation), "{t}");
        }
        // Taken back in its sentence, or a participle naming a thing: no relief told.
        assert_ne!(
            kind("Config fixed, but the indexer still crashes."),
            Some(EventKind::Mitigation)
        );
        assert_eq!(
            kind("A customer says recovered files are corrupted."),
            Some(EventKind::Detection)
        );
    }

    #[test]
    fn action_kinds() {
        assert_eq!(
            classify_action("Add monitoring for slow queries").0,
            ActionKind::Mitigate
        );
        assert_eq!(
            classify_action("Update the deployment checklist").0,
            ActionKind::Process
        );
        assert_eq!(
            classify_action("Add an index on orders.created_at").0,
            ActionKind::Prevent
        );
        let (_, why) = classify_action("Set up alerting on p99 latency");
        assert_eq!(why.unwrap().rule, RuleId::ActionMitigate);
        assert_eq!(
            classify_action("Documentation: update the checklist and the runbook").0,
            ActionKind::Process
        );
        assert_eq!(
            classify_action("Add monitoring and document the new alert").0,
            ActionKind::Mitigate
        );
    }

    #[test]
    fn normalise_ascii_shortcut_matches_the_general_pass() {
        let general = |t: &str| {
            t.split_whitespace()
                .map(|w| w.to_lowercase())
                .collect::<Vec<_>>()
                .join(" ")
        };
        for t in [
            "",
            "   ",
            "Root Cause IDENTIFIED",
            "  two\t\tspaces\r\n and\x0bvertical\x0cfeed  ",
            "x",
            " lead",
            "trail ",
            "Two  Spaces inside",
            "One Space Each, MIXED case: 10:02 UTC",
        ] {
            assert_eq!(normalise(t), general(t), "{t:?}");
        }
    }

    #[test]
    fn every_rule_is_named_once_and_explained() {
        for (i, r) in RULES.iter().enumerate() {
            assert!(!r.explain.is_empty(), "{}", r.id);
            assert!(
                RULES[i + 1..].iter().all(|o| o.id != r.id),
                "{} twice",
                r.id
            );
            for (j, p) in r.phrases.iter().enumerate() {
                assert_eq!(*p, p.to_lowercase(), "{}: {p}", r.id);
                assert!(!r.phrases[j + 1..].contains(p), "{}: {p} twice", r.id);
            }
        }
        for id in RuleId::ALL {
            assert_eq!(rule(id).id, id);
            assert_eq!(RuleId::from_name(id.name()), Some(id));
        }
    }

    #[test]
    fn signals() {
        assert!(impact_start_signal("website began experiencing slow loads").is_some());
        assert!(impact_start_signal("the alert fired").is_none());
        assert!(impact_start_signal("~17:00 UTC: Failures begin silently").is_some());
        assert!(impact_start_signal("First errors from the image proxy").is_some());
        // A step of a plan is no failure.
        assert!(
            impact_start_signal("VM destroyed. The API is down from here, as planned.").is_none()
        );
        assert!(impact_start_signal("The API is down; users see errors").is_some());
        assert!(
            impact_start_signal(
                "Cart errors increase because the retry logic did not behave as intended"
            )
            .is_some()
        );
        assert!(impact_start_signal("Not as expected: checkout began throwing 500s").is_some());
        // What is left after a fix that worked is no verdict on it.
        for text in [
            "Rolled back to v41; mobile clients with cached tokens still fail until they re-login",
            "Failover done; a handful of long-poll clients still timing out",
        ] {
            assert!(
                classify_kind(text).is_none_or(|(k, _)| k != EventKind::Hypothesis),
                "{text}"
            );
        }
        assert_eq!(
            classify_kind("The faulty relay has been replaced").map(|(k, _)| k),
            Some(EventKind::Mitigation)
        );
        assert!(duration_signal("The outage lasted for 2 hours").is_some());
    }

    #[test]
    fn paging_services_alerts_closing_and_symptoms_by_status_code() {
        assert_eq!(
            classify_kind("PagerDuty fires; gateway 5xx ratio = 0.05").map(|(k, _)| k),
            Some(EventKind::Detection)
        );
        // The monitor closing its alert is the end of impact, not a detection.
        assert_eq!(
            classify_kind("Rollback to v41 (rev 300); errors clear; alert auto-resolves")
                .map(|(k, _)| k),
            Some(EventKind::Mitigation)
        );
        for text in [
            "-patch image pushed; does not include the migration; 500s continue",
            "new tag rolled (rev 294); same bug, same 500s",
            "-patch2 (rev 297); same",
        ] {
            assert!(Scan::new(text).ruled_out().is_some(), "{text}");
        }
        // The same bug named as a cause is no verdict.
        assert!(
            Scan::new("caused by the same bug as in March")
                .ruled_out()
                .is_none()
        );
    }

    #[test]
    fn the_impact_by_what_it_was_held_work_resumed_and_an_incident_created() {
        for (text, kind) in [
            (
                "The processing delay ended on 24th October about 7:00 PM.",
                EventKind::Resolution,
            ),
            (
                "At 9:20 AM, we managed to start processing queued tasks.",
                EventKind::Mitigation,
            ),
            (
                "An internal incident was created and the first steps were agreed.",
                EventKind::Acknowledge,
            ),
        ] {
            assert_eq!(classify_kind(text).map(|(k, _)| k), Some(kind), "{text}");
        }
    }

    #[test]
    fn a_state_told_with_its_time_ends_the_clause() {
        // "Fixed on May 29th around 4:00 UTC": when it happened, not more of the clause.
        for text in [
            "UPDATE: Fixed on March 3rd around 4:00 UTC",
            "Shard allocation fixed at 10:32",
            "The mapping for tenant 4 fixed by 11:00",
        ] {
            assert_eq!(
                classify_kind(text).map(|(k, why)| (k, why.rule)),
                Some((EventKind::Mitigation, RuleId::KindMitigationFixedAtEnd)),
                "{text}"
            );
        }
        // A cue followed by no time keeps the clause going.
        for text in [
            "Fixed at the edge the routing table for eu",
            "fixed by the vendor team",
        ] {
            assert!(
                classify_kind(text)
                    .is_none_or(|(_, why)| why.rule != RuleId::KindMitigationFixedAtEnd),
                "{text}"
            );
        }
    }
}
