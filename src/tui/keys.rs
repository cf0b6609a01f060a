//! The keymap: one table from keys to [`Action`]s, with the description the help overlay
//! shows. The help is generated from this table; nothing else lists keys.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::app::{Action, Pane};

/// Where a binding applies. Looked up in order: overlay or prompt first, then the screen,
/// then global.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    Global,
    List,
    Incident,
    /// The stats screen (patterns across incidents).
    Stats,
    /// Typing a search or filter query.
    Prompt,
    Help,
    /// The incident view in live mode (`retrace live FILE`): before the incident view's keys.
    Live,
    /// The live note line (or hypothesis name) being typed.
    NoteLine,
    /// A live-mode y/n question.
    Confirm,
    /// Presentation mode (`retrace present FILE`, or `p` in an incident).
    Present,
}

impl Context {
    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::List => "Incident list",
            Context::Incident => "Incident view",
            Context::Stats => "Stats (patterns across incidents)",
            Context::Prompt => "Typing a search or filter",
            Context::Help => "This help",
            Context::Live => "Live mode (retrace live FILE)",
            Context::NoteLine => "Typing a note or hypothesis (live mode)",
            Context::Confirm => "A yes/no question (live mode)",
            Context::Present => "Presentation (retrace present FILE, or p)",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

const fn k(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::NONE,
    }
}
const fn code(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}
const fn ctrl_code(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::CONTROL,
    }
}
const fn alt(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::ALT,
    }
}
const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}

pub struct Binding {
    pub context: Context,
    pub keys: &'static [Key],
    /// Shown instead of the keys when they cannot be listed (free text).
    pub label: Option<&'static str>,
    pub action: Action,
    /// The help's line for it.
    pub description: &'static str,
    /// Its entry in the footer, if it has one.
    pub hint: Option<Hint>,
}

/// A binding's entry in the footer: `keys text`, e.g. `/ search`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hint {
    /// 0 is the most important; the footer keeps the most important hints that fit.
    pub priority: u8,
    /// The keys as the footer names them, when not the binding's first key (`D/A/I/M/R`).
    pub keys: Option<&'static str>,
    /// One or two words.
    pub text: &'static str,
}

/// A footer hint: its priority (0 first) and words; the footer names the binding's first key.
const fn hint(priority: u8, text: &'static str) -> Option<Hint> {
    Some(Hint {
        priority,
        keys: None,
        text,
    })
}

/// A footer hint that names its keys itself (a group: `D/A/I/M/R mark`).
const fn hint_keys(priority: u8, keys: &'static str, text: &'static str) -> Option<Hint> {
    Some(Hint {
        priority,
        keys: Some(keys),
        text,
    })
}

/// A binding with a footer hint.
const fn hinted(
    context: Context,
    keys: &'static [Key],
    action: Action,
    description: &'static str,
    hint: Option<Hint>,
) -> Binding {
    Binding {
        context,
        keys,
        label: None,
        action,
        description,
        hint,
    }
}

const fn bind(
    context: Context,
    keys: &'static [Key],
    action: Action,
    description: &'static str,
) -> Binding {
    hinted(context, keys, action, description, None)
}

use super::screens::present::Step;
use super::widgets::line_editor::LineOp;
use crate::model::MilestoneKind as Ms;
use Context::*;
use KeyCode::*;

/// Every key retrace understands.
pub static KEYMAP: &[Binding] = &[
    // Help overlay
    hinted(
        Help,
        &[code(Esc), k('?')],
        Action::CloseHelp,
        "close this help",
        hint(0, "close"),
    ),
    hinted(
        Help,
        &[k('j'), code(Down)],
        Action::Down,
        "scroll down",
        hint_keys(1, "j/k", "scroll"),
    ),
    bind(Help, &[k('k'), code(Up)], Action::Up, "scroll up"),
    bind(
        Help,
        &[code(PageDown), ctrl('d')],
        Action::PageDown,
        "page down",
    ),
    bind(Help, &[code(PageUp), ctrl('u')], Action::PageUp, "page up"),
    // Prompt
    Binding {
        context: Prompt,
        keys: &[],
        label: Some("text"),
        action: Action::PromptInput(' '),
        description: "type the query; results update as you type",
        hint: None,
    },
    bind(
        Prompt,
        &[code(Backspace)],
        Action::PromptBackspace,
        "delete the last character",
    ),
    bind(Prompt, &[ctrl('u')], Action::PromptClear, "clear the query"),
    bind(
        Prompt,
        &[code(Enter)],
        Action::PromptConfirm,
        "keep the query and go back to moving",
    ),
    bind(
        Prompt,
        &[code(Esc)],
        Action::PromptCancel,
        "clear the query and close the prompt",
    ),
    bind(
        Prompt,
        &[code(Down), ctrl('n')],
        Action::NextMatch,
        "next match",
    ),
    bind(
        Prompt,
        &[code(Up), ctrl('p')],
        Action::PrevMatch,
        "previous match",
    ),
    // Live mode: a y/n question
    bind(
        Confirm,
        &[k('y'), k('Y'), code(Enter)],
        Action::Answer(true),
        "yes: save it",
    ),
    bind(
        Confirm,
        &[k('n'), k('N'), code(Esc)],
        Action::Answer(false),
        "no: leave the file as it is",
    ),
    // Live mode: the note line
    Binding {
        context: NoteLine,
        keys: &[],
        label: Some("text"),
        action: Action::Line(LineOp::Insert(' ')),
        description: "type the note (paste works too)",
        hint: None,
    },
    bind(
        NoteLine,
        &[code(Enter)],
        Action::LineSubmit,
        "save it, stamped now (on the active hypothesis, if any)",
    ),
    bind(
        NoteLine,
        &[code(Esc)],
        Action::LineCancel,
        "cancel (nothing is saved)",
    ),
    bind(
        NoteLine,
        &[code(Left), ctrl('b')],
        Action::Line(LineOp::Left),
        "cursor left",
    ),
    bind(
        NoteLine,
        &[code(Right), ctrl('f')],
        Action::Line(LineOp::Right),
        "cursor right",
    ),
    bind(
        NoteLine,
        &[ctrl_code(Left), alt('b')],
        Action::Line(LineOp::WordLeft),
        "word left",
    ),
    bind(
        NoteLine,
        &[ctrl_code(Right), alt('f')],
        Action::Line(LineOp::WordRight),
        "word right",
    ),
    bind(
        NoteLine,
        &[code(Home), ctrl('a')],
        Action::Line(LineOp::Home),
        "start of the line",
    ),
    bind(
        NoteLine,
        &[code(End), ctrl('e')],
        Action::Line(LineOp::End),
        "end of the line",
    ),
    bind(
        NoteLine,
        &[code(Backspace), ctrl('h')],
        Action::Line(LineOp::Backspace),
        "delete the character before the cursor",
    ),
    bind(
        NoteLine,
        &[code(Delete), ctrl('d')],
        Action::Line(LineOp::Delete),
        "delete the character under the cursor",
    ),
    bind(
        NoteLine,
        &[ctrl('w'), ctrl_code(Backspace)],
        Action::Line(LineOp::DeleteWordBack),
        "delete the word before the cursor",
    ),
    bind(
        NoteLine,
        &[ctrl('u')],
        Action::Line(LineOp::DeleteToStart),
        "delete to the start of the line",
    ),
    bind(
        NoteLine,
        &[ctrl('k')],
        Action::Line(LineOp::DeleteToEnd),
        "delete to the end of the line",
    ),
    // Live mode: the incident view
    hinted(
        Live,
        &[k('a'), k(':')],
        Action::LiveNote,
        "add a note (Enter saves it, stamped now)",
        hint(0, "note"),
    ),
    hinted(
        Live,
        &[k('D')],
        Action::LiveMilestone(Ms::Detected),
        "mark detected: selected event, or now (y/n)",
        hint_keys(0, "D/A/I/M/R", "mark"),
    ),
    bind(
        Live,
        &[k('A')],
        Action::LiveMilestone(Ms::Acknowledged),
        "mark acknowledged: selected event, or now (y/n)",
    ),
    bind(
        Live,
        &[k('I')],
        Action::LiveMilestone(Ms::Identified),
        "mark identified: selected event, or now (y/n)",
    ),
    bind(
        Live,
        &[k('M')],
        Action::LiveMilestone(Ms::Mitigated),
        "mark mitigated: selected event, or now (y/n)",
    ),
    bind(
        Live,
        &[k('R')],
        Action::LiveMilestone(Ms::Resolved),
        "mark resolved: selected event, or now (y/n)",
    ),
    hinted(
        Live,
        &[k('H')],
        Action::LiveHypothesis,
        "start a hypothesis: notes go to it until ruled out or confirmed",
        hint(1, "hypothesis"),
    ),
    hinted(
        Live,
        &[k('x')],
        Action::LiveRuleOut,
        "rule the hypothesis out (it becomes a detour)",
        hint(2, "rule out"),
    ),
    hinted(
        Live,
        &[k('c')],
        Action::LiveConfirmHypothesis,
        "confirm the hypothesis, then offer identified",
        hint(2, "confirm"),
    ),
    hinted(
        Live,
        &[k('u')],
        Action::LiveUndo,
        "undo your last change (not if changed since)",
        hint(1, "undo"),
    ),
    hinted(
        Live,
        &[k('d')],
        Action::LiveDelete,
        "delete the selected event (asks y/n)",
        hint(3, "delete"),
    ),
    // Incident list
    hinted(
        List,
        &[code(Enter), k('l'), code(Right)],
        Action::Open,
        "open the selected incident or search result",
        hint(0, "open"),
    ),
    hinted(
        List,
        &[k('f')],
        Action::StartFilter,
        "filter the list (title, service, severity, id)",
        hint(1, "filter"),
    ),
    hinted(
        List,
        &[k('/')],
        Action::StartSearch,
        "search the events of all incidents",
        hint(1, "search all"),
    ),
    hinted(
        List,
        &[k('s'), code(Tab)],
        Action::SortNext,
        "sort by the next column (or click a header)",
        hint(2, "sort"),
    ),
    bind(
        List,
        &[code(BackTab)],
        Action::SortPrev,
        "sort by the previous column",
    ),
    hinted(
        List,
        &[k('r')],
        Action::SortReverse,
        "reverse the sort order",
        hint(5, "reverse"),
    ),
    hinted(
        List,
        &[k('S')],
        Action::OpenStats,
        "stats: patterns across the incidents",
        hint(3, "stats"),
    ),
    bind(List, &[k('n')], Action::NextMatch, "next search result"),
    bind(List, &[k('N')], Action::PrevMatch, "previous search result"),
    bind(
        List,
        &[code(Esc)],
        Action::Back,
        "clear the search or filter",
    ),
    hinted(
        List,
        &[k('e')],
        Action::Edit,
        "edit the file in $EDITOR, reload after",
        hint(4, "edit"),
    ),
    // Stats screen
    hinted(
        Stats,
        &[code(Esc), code(Backspace), k('h'), code(Left), k('S')],
        Action::Back,
        "back to the list",
        hint(0, "back"),
    ),
    hinted(
        Stats,
        &[k('j'), code(Down)],
        Action::Down,
        "scroll down",
        hint_keys(1, "j/k", "scroll"),
    ),
    bind(Stats, &[k('k'), code(Up)], Action::Up, "scroll up"),
    hinted(
        Stats,
        &[code(PageDown), k(' ')],
        Action::PageDown,
        "page down",
        hint_keys(2, "PgDn/PgUp", "page"),
    ),
    bind(Stats, &[code(PageUp)], Action::PageUp, "page up"),
    hinted(
        Stats,
        &[k('g'), code(Home)],
        Action::Top,
        "the top of the report",
        hint_keys(3, "g/G", "top/bottom"),
    ),
    bind(
        Stats,
        &[k('G'), code(End)],
        Action::Bottom,
        "the end of the report",
    ),
    // Incident view
    hinted(
        Incident,
        &[code(Esc), code(Backspace), k('h'), code(Left)],
        Action::Back,
        "back (clears a search, then a live selection, first)",
        hint(2, "back"),
    ),
    hinted(
        Incident,
        &[k('/')],
        Action::StartSearch,
        "fuzzy search event text, kinds and authors",
        hint(1, "search"),
    ),
    hinted(
        Incident,
        &[k('n')],
        Action::NextMatch,
        "next match",
        hint_keys(4, "n/N", "next"),
    ),
    bind(Incident, &[k('N')], Action::PrevMatch, "previous match"),
    hinted(
        Incident,
        &[k(']')],
        Action::NextLandmark,
        "next milestone, key moment or branch start/end",
        hint_keys(5, "[ ]", "landmarks"),
    ),
    bind(
        Incident,
        &[k('[')],
        Action::PrevLandmark,
        "previous milestone, key moment or branch start/end",
    ),
    hinted(
        Incident,
        &[k('w')],
        Action::ToggleWrap,
        "wrap rows: every event's whole text (the selected one always)",
        hint(3, "wrap"),
    ),
    hinted(
        Incident,
        &[k('+')],
        Action::ToggleSidePane,
        "hide or show the side pane: the timeline at full width",
        hint(4, "full width"),
    ),
    hinted(
        Incident,
        &[k('z')],
        Action::ToggleTimeScale,
        "space rows by elapsed time (silences show as space)",
        hint(5, "to scale"),
    ),
    hinted(
        Incident,
        &[k('t')],
        Action::ToggleZone,
        "clock: incident zone → UTC → local",
        hint(6, "zone"),
    ),
    hinted(
        Incident,
        &[code(Tab)],
        Action::NextPane,
        "next pane",
        hint_keys(3, "Tab/1-4", "panes"),
    ),
    bind(
        Incident,
        &[code(BackTab)],
        Action::PrevPane,
        "previous pane",
    ),
    bind(
        Incident,
        &[k('1')],
        Action::ShowPane(Pane::Impact),
        "impact pane",
    ),
    bind(
        Incident,
        &[k('2')],
        Action::ShowPane(Pane::RootCause),
        "root cause pane",
    ),
    bind(
        Incident,
        &[k('3')],
        Action::ShowPane(Pane::Actions),
        "actions pane",
    ),
    bind(
        Incident,
        &[k('4')],
        Action::ShowPane(Pane::Lessons),
        "lessons pane",
    ),
    bind(
        Incident,
        &[k('0')],
        Action::ShowPane(Pane::Timeline),
        "timeline (narrow terminals)",
    ),
    bind(
        Incident,
        &[k('J'), ctrl('e')],
        Action::PaneDown,
        "scroll the pane down",
    ),
    bind(
        Incident,
        &[k('K'), ctrl('y')],
        Action::PaneUp,
        "scroll the pane up",
    ),
    hinted(
        Incident,
        &[k('e')],
        Action::Edit,
        "edit the file in $EDITOR, reload after",
        hint(7, "edit"),
    ),
    hinted(
        Incident,
        &[k('p')],
        Action::Present,
        "present the incident as slides, for a retro meeting",
        hint(6, "present"),
    ),
    // Presentation
    hinted(
        Present,
        &[
            k(' '),
            code(Right),
            k('l'),
            code(PageDown),
            k('j'),
            code(Down),
        ],
        Action::Slide(Step::Next),
        "next slide",
        hint_keys(0, "Space/→", "next"),
    ),
    hinted(
        Present,
        &[
            code(Left),
            k('h'),
            code(Backspace),
            code(PageUp),
            k('k'),
            code(Up),
        ],
        Action::Slide(Step::Prev),
        "previous slide",
        hint_keys(0, "←", "back"),
    ),
    hinted(
        Present,
        &[code(Home), k('g')],
        Action::Slide(Step::First),
        "first slide",
        hint_keys(1, "Home/End", "first/last"),
    ),
    bind(
        Present,
        &[code(End), k('G')],
        Action::Slide(Step::Last),
        "last slide",
    ),
    hinted(
        Present,
        &[k('q'), code(Esc)],
        Action::Slide(Step::Leave),
        "leave the presentation",
        hint(0, "leave"),
    ),
    bind(Present, &[ctrl('c')], Action::Quit, "quit"),
    // Everywhere
    bind(Global, &[k('j'), code(Down)], Action::Down, "move down"),
    bind(Global, &[k('k'), code(Up)], Action::Up, "move up"),
    bind(
        Global,
        &[code(PageDown), ctrl('d'), ctrl('f'), k(' ')],
        Action::PageDown,
        "page down",
    ),
    bind(
        Global,
        &[code(PageUp), ctrl('u'), ctrl('b')],
        Action::PageUp,
        "page up",
    ),
    bind(Global, &[k('g'), code(Home)], Action::Top, "first"),
    bind(Global, &[k('G'), code(End)], Action::Bottom, "last"),
    hinted(
        Global,
        &[k('?'), code(F(1))],
        Action::OpenHelp,
        "this help",
        hint(0, "help"),
    ),
    hinted(
        Global,
        &[k('q'), ctrl('c')],
        Action::Quit,
        "quit",
        hint(1, "quit"),
    ),
];

/// Help rows for one context: (keys, description).
pub fn help_rows(context: Context) -> impl Iterator<Item = (String, &'static str)> {
    KEYMAP
        .iter()
        .filter(move |b| b.context == context)
        .map(|b| {
            let keys = match b.label {
                Some(l) => l.to_string(),
                None => b.keys.iter().map(key_label).collect::<Vec<_>>().join(" "),
            };
            (keys, b.description)
        })
}

/// The footer's key hints for these contexts, fitted to `width` columns: the most important
/// hints (lowest priority number; the table's order between equals) that fit, shown in the
/// table's order, contexts most specific first. ` / search · n/N next · ? help`.
pub fn footer(contexts: &[Context], width: usize) -> String {
    let hints: Vec<(String, u8)> = contexts
        .iter()
        .flat_map(|&ctx| KEYMAP.iter().filter(move |b| b.context == ctx))
        .filter_map(|b| {
            let h = b.hint?;
            let keys = match (h.keys, b.keys.first()) {
                (Some(k), _) => k.to_string(),
                (None, Some(k)) => key_label(k),
                (None, None) => return None,
            };
            Some((format!("{keys} {}", h.text), h.priority))
        })
        .collect();
    let mut by_priority: Vec<usize> = (0..hints.len()).collect();
    by_priority.sort_by_key(|&i| hints[i].1);
    let mut keep = vec![false; hints.len()];
    // One leading space, then ` · ` between hints.
    let mut used = 1;
    for i in by_priority {
        let w = unicode_width::UnicodeWidthStr::width(hints[i].0.as_str());
        let extra = if used > 1 { w + 3 } else { w };
        if used + extra > width {
            continue;
        }
        used += extra;
        keep[i] = true;
    }
    let shown: Vec<&str> = hints
        .iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(h, _)| h.0.as_str())
        .collect();
    format!(" {}", shown.join(" · "))
}

/// `j`, `↓`, `PgDn`, `Ctrl-d`, `Shift-Tab`...
pub fn key_label(k: &Key) -> String {
    let base = match k.code {
        Char(' ') => "Space".to_string(),
        Char(c) => c.to_string(),
        Up => "↑".into(),
        Down => "↓".into(),
        Left => "←".into(),
        Right => "→".into(),
        PageUp => "PgUp".into(),
        PageDown => "PgDn".into(),
        Home => "Home".into(),
        End => "End".into(),
        Enter => "Enter".into(),
        Esc => "Esc".into(),
        Tab => "Tab".into(),
        BackTab => "Shift-Tab".into(),
        Backspace => "Backspace".into(),
        Delete => "Del".into(),
        F(n) => format!("F{n}"),
        other => format!("{other:?}"),
    };
    if k.mods.contains(KeyModifiers::CONTROL) {
        format!("Ctrl-{base}")
    } else if k.mods.contains(KeyModifiers::ALT) {
        format!("Alt-{base}")
    } else {
        base
    }
}

/// The contexts that apply to the app now, most specific first: the topmost overlay's, else
/// the screen's (live mode's keys before the incident view's).
pub fn contexts_of(app: &super::app::App) -> &'static [Context] {
    use super::app::Overlay;
    match app.overlay() {
        Some(Overlay::Help) => &[Help, Global],
        Some(Overlay::Confirm) => &[Confirm],
        Some(Overlay::NoteLine) => &[NoteLine],
        Some(Overlay::Prompt) => &[Prompt],
        None if app.live.is_some() && app.screen == super::app::Screen::Incident => {
            &[Live, Incident, Global]
        }
        None => app.screen.contexts(),
    }
}

/// The contexts that apply now, most specific first.
pub fn contexts(help: bool, prompt: bool, incident: bool) -> &'static [Context] {
    match (help, prompt, incident) {
        (true, _, _) => &[Help, Global],
        (false, true, _) => &[Prompt],
        (false, false, true) => &[Incident, Global],
        (false, false, false) => &[List, Global],
    }
}

/// Map a key press to an action in the given contexts. Typed text in a prompt becomes
/// [`Action::PromptInput`].
pub fn map_key(contexts: &[Context], ev: KeyEvent) -> Option<Action> {
    if ev.kind == KeyEventKind::Release {
        return None;
    }
    // Shift is part of the character for letters (`G`, `N`); ignore it when matching.
    let mods = ev.modifiers & !KeyModifiers::SHIFT;
    for &ctx in contexts {
        for b in KEYMAP.iter().filter(|b| b.context == ctx) {
            if b.keys.iter().any(|k| k.code == ev.code && k.mods == mods) {
                return Some(b.action.clone());
            }
        }
        if ctx == Prompt
            && let Char(c) = ev.code
            && !mods.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
        {
            return Some(Action::PromptInput(c));
        }
        if ctx == NoteLine
            && let Char(c) = ev.code
            && !mods.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
        {
            return Some(Action::Line(LineOp::Insert(c)));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every set of contexts the app can be in.
    const STACKS: &[&[Context]] = &[
        &[Help, Global],
        &[Prompt],
        &[Incident, Global],
        &[List, Global],
        &[Stats, Global],
        &[Confirm],
        &[NoteLine],
        &[Live, Incident, Global],
        &[Present],
    ];

    #[test]
    fn no_key_is_bound_twice_in_what_applies_at_once() {
        // A key bound in two contexts that apply together would shadow one of them while help
        // lists both: a live key must never hide a browsing key.
        for stack in STACKS {
            let mut seen: Vec<(Key, &Action, Context)> = Vec::new();
            for &ctx in *stack {
                for b in KEYMAP.iter().filter(|b| b.context == ctx) {
                    for key in b.keys {
                        if let Some((_, a, c)) = seen.iter().find(|(k, _, _)| k == key) {
                            // `?` opens the help and closes it: one toggle, listed as such.
                            let toggle =
                                matches!((a, &b.action), (Action::CloseHelp, Action::OpenHelp));
                            assert!(
                                toggle
                                    || std::mem::discriminant(*a)
                                        == std::mem::discriminant(&b.action),
                                "{} is bound in {c:?} and shadows {ctx:?}",
                                key_label(key)
                            );
                        }
                        seen.push((*key, &b.action, ctx));
                    }
                }
            }
        }
    }

    #[test]
    fn footer_keeps_the_most_important_hints_that_fit() {
        let wide = footer(&[Incident, Global], 200);
        for h in [
            "/ search",
            "? help",
            "q quit",
            "Esc back",
            "Tab/1-4 panes",
            "t zone",
        ] {
            assert!(wide.contains(h), "{h} missing from {wide:?}");
        }
        let narrow = footer(&[Incident, Global], 30);
        assert!(unicode_width::UnicodeWidthStr::width(narrow.as_str()) <= 30);
        // Priority 0 and 1 before the rest.
        assert!(
            narrow.contains("? help") && narrow.contains("/ search"),
            "{narrow:?}"
        );
        assert!(!narrow.contains("e edit"), "{narrow:?}");
        // Shown in the table's order, whatever the priority: the global keys come last.
        assert!(wide.find("/ search") < wide.find("? help"));
    }

    #[test]
    fn every_hint_names_a_bound_key() {
        for b in KEYMAP.iter().filter(|b| b.hint.is_some()) {
            assert!(
                !b.keys.is_empty(),
                "{} has a hint and no key",
                b.description
            );
        }
    }

    #[test]
    fn stacks_cover_what_contexts_of_returns() {
        for stack in [contexts(true, false, false), contexts(false, true, true)] {
            assert!(STACKS.contains(&stack));
        }
    }
}
