//! The screens: one module per screen, each with its state, its `update` helpers, its `render`
//! and its key context.
//!
//! # Adding a screen
//! 1. A module here (`screens/NAME.rs`) with
//!    - its state (`pub struct NameState`), kept in [`App`] (a field, or `Option<NameState>`
//!      while it is open);
//!    - `pub const CONTEXT: Context` and `pub const CONTEXTS: &[Context]` (`[CONTEXT,
//!      Context::Global]`) — the keymap context whose bindings apply on it (a [`Context`]
//!      variant in `keys.rs` with its title, bindings in `KEYMAP` with descriptions and hint
//!      priorities: help and the footer come from them; add the stack to the keys tests'
//!      `STACKS` so a shadowed key fails; a screen whose keys mean something else, like the
//!      presentation's `j`/`k`/`g`/`G`, leaves `Global` out of its `CONTEXTS`);
//!    - `pub fn render(frame: &mut Frame, area: Rect, app: &App, now: Timestamp)` — reads only,
//!      no clock (the loop passes `now`), no disk;
//!    - `pub fn update(app: &mut App, action: &Action) -> Option<Vec<Command>>` — `None` when
//!      the action is not the screen's (it then falls to the shared handling in `App::update`);
//!      state changes only, work to do comes back as [`Command`]s.
//! 2. A [`Screen`] variant, and its arm in each `match` of this file (the compiler lists them).
//! 3. A binding that opens it (an `Action` whose `update` sets `app.screen`).

pub mod incident;
pub mod list;
pub mod present;
pub mod stats;

use ratatui::Frame;
use ratatui::layout::Rect;

use super::app::{Action, App};
use super::command::Command;
use super::keys::Context;
use crate::model::Timestamp;

/// The screen shown under the overlays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    List,
    Incident,
    /// Patterns across the loaded incidents.
    Stats,
    /// Presentation mode on the open incident (its deck in [`App::present`]).
    Present,
}

impl Screen {
    /// The keymap context of the screen (its keys, its help section, its footer hints).
    pub fn context(self) -> Context {
        match self {
            Screen::List => list::CONTEXT,
            Screen::Incident => incident::CONTEXT,
            Screen::Stats => stats::CONTEXT,
            Screen::Present => present::CONTEXT,
        }
    }

    /// The contexts whose keys apply on the screen when no overlay is open, most specific
    /// first (the screen's, then [`Context::Global`]).
    pub fn contexts(self) -> &'static [Context] {
        match self {
            Screen::List => list::CONTEXTS,
            Screen::Incident => incident::CONTEXTS,
            Screen::Stats => stats::CONTEXTS,
            Screen::Present => present::CONTEXTS,
        }
    }
}

/// Draw the screen (not the overlays) into `area`.
pub fn render(frame: &mut Frame, area: Rect, app: &App, now: Timestamp) {
    match app.screen {
        Screen::List => list::render(frame, area, app, now),
        Screen::Incident => incident::render(frame, area, app, now),
        Screen::Stats => stats::render(frame, area, app, now),
        Screen::Present => present::render(frame, area, app, now),
    }
}

/// The screen's own handling of an action; `None` when the action is not the screen's.
pub fn update(app: &mut App, action: &Action) -> Option<Vec<Command>> {
    match app.screen {
        Screen::List => list::update(app, action),
        Screen::Incident => incident::update(app, action),
        Screen::Stats => stats::update(app, action),
        Screen::Present => present::update(app, action),
    }
}

/// Rows a page key moves on the screen.
pub fn page(app: &App) -> usize {
    match app.screen {
        Screen::List => list::page(app),
        Screen::Incident => incident::page(app),
        Screen::Stats => stats::page(app),
        Screen::Present => present::page(app),
    }
}

/// Keep the selection on screen after any change.
pub fn fix_scroll(app: &mut App) {
    match app.screen {
        Screen::List => list::fix_scroll(app),
        Screen::Incident => incident::fix_scroll(app),
        Screen::Stats => stats::fix_scroll(app),
        Screen::Present => present::fix_scroll(app),
    }
}

/// Move the selection by `delta` rows.
pub fn move_by(app: &mut App, delta: isize) {
    match app.screen {
        Screen::List => list::move_by(app, delta),
        Screen::Incident => incident::move_by(app, delta),
        Screen::Stats => stats::move_by(app, delta),
        Screen::Present => present::move_by(app, delta),
    }
}

/// A left click at a cell.
pub fn click(app: &mut App, x: u16, y: u16) {
    match app.screen {
        Screen::List => list::click(app, x, y),
        Screen::Incident => incident::click(app, x, y),
        Screen::Stats => stats::click(app, x, y),
        Screen::Present => present::click(app, x, y),
    }
}
