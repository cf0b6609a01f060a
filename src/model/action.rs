use serde::{Deserialize, Serialize};

/// What a corrective action is for.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum ActionKind {
    /// Stops it happening again.
    #[default]
    Prevent,
    /// Makes it smaller or shorter next time (detection, alerting, runbooks, limits).
    Mitigate,
    /// Changes how people work (reviews, checklists, training).
    Process,
}

impl ActionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ActionKind::Prevent => "prevent",
            ActionKind::Mitigate => "mitigate",
            ActionKind::Process => "process",
        }
    }
}

#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum ActionStatus {
    #[default]
    Open,
    InProgress,
    Done,
    WontDo,
}

impl ActionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ActionStatus::Open => "open",
            ActionStatus::InProgress => "in-progress",
            ActionStatus::Done => "done",
            ActionStatus::WontDo => "wont-do",
        }
    }
}

/// A corrective or preventative action item.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ActionItem {
    pub text: String,
    pub kind: ActionKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Ticket id or link (`OPS-123`, `https://...`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ticket: Option<String>,
    pub status: ActionStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<chrono::NaiveDate>,
}
