//! Colours and glyphs. Every meaning carried by a colour is also carried by a glyph or a word,
//! so the UI reads the same on a monochrome projector, with `NO_COLOR`, or for colour-blind
//! readers: milestones are `◆` plus their name, detours `✗ ruled out`, key moments `★`.

use ratatui::style::{Color, Modifier, Style};

use crate::analysis::PhaseKind;
use crate::model::{EventKind, Outcome};

/// Which palette.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ThemeName {
    #[default]
    Dark,
    Light,
    HighContrast,
    /// No colours at all (what `NO_COLOR` selects): bold, reverse and underline only.
    Mono,
}

/// The styles the views use; built once from a [`ThemeName`].
#[derive(Clone, Debug)]
pub struct Theme {
    pub name: ThemeName,
    /// The screen: foreground and (for themes that paint one) background.
    pub base: Style,
    /// Plain text: `base` without a background, so row highlights show through.
    pub text: Style,
    pub dim: Style,
    pub title: Style,
    pub border: Style,
    pub selected: Style,
    pub header: Style,
    pub milestone: Style,
    pub key_moment: Style,
    pub detour: Style,
    pub confirmed: Style,
    pub branch: Style,
    pub gap: Style,
    pub date: Style,
    pub time: Style,
    pub matched: Style,
    pub error: Style,
    pub warning: Style,
    pub chip: Style,
    pub chip_label: Style,
    pub status_bar: Style,
    pub sev: [Style; 5],
    pub phase: [Style; 5],
}

impl Theme {
    /// The theme to use: `NO_COLOR` (set and non-empty) wins over the requested palette.
    pub fn from_env(requested: ThemeName) -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme::new(if no_color { ThemeName::Mono } else { requested })
    }

    pub fn new(name: ThemeName) -> Theme {
        let mut t = Theme::palette(name);
        t.text = Style { bg: None, ..t.base };
        t
    }

    fn palette(name: ThemeName) -> Theme {
        let s = Style::default;
        let b = Modifier::BOLD;
        match name {
            ThemeName::Dark => Theme {
                name,
                text: s(),
                base: s(),
                dim: s().fg(Color::DarkGray),
                title: s().fg(Color::White).add_modifier(b),
                border: s().fg(Color::DarkGray),
                selected: s().bg(Color::Rgb(45, 55, 75)).add_modifier(b),
                header: s().fg(Color::Cyan).add_modifier(b),
                milestone: s().fg(Color::LightCyan).add_modifier(b),
                key_moment: s().fg(Color::Yellow).add_modifier(b),
                detour: s().fg(Color::LightMagenta),
                confirmed: s().fg(Color::LightGreen),
                branch: s().fg(Color::Blue),
                gap: s().fg(Color::DarkGray).add_modifier(Modifier::ITALIC),
                date: s().fg(Color::Yellow),
                time: s().fg(Color::Gray),
                matched: s().fg(Color::Black).bg(Color::Yellow).add_modifier(b),
                error: s().fg(Color::LightRed).add_modifier(b),
                warning: s().fg(Color::Yellow),
                chip: s().fg(Color::White).bg(Color::Rgb(50, 50, 60)),
                chip_label: s().fg(Color::Cyan).bg(Color::Rgb(50, 50, 60)),
                status_bar: s().fg(Color::Gray).bg(Color::Rgb(30, 30, 36)),
                sev: [
                    s().fg(Color::LightRed).add_modifier(b),
                    s().fg(Color::LightYellow).add_modifier(b),
                    s().fg(Color::Yellow),
                    s().fg(Color::Gray),
                    s().fg(Color::Gray),
                ],
                phase: [
                    s().fg(Color::Red),
                    s().fg(Color::Yellow),
                    s().fg(Color::Magenta),
                    s().fg(Color::Blue),
                    s().fg(Color::Green),
                ],
            },
            // Light and high-contrast paint their own background, so they read the same
            // whatever the terminal's own colours are.
            ThemeName::Light => Theme {
                name,
                text: s(),
                base: s().fg(Color::Black).bg(Color::Rgb(250, 250, 250)),
                dim: s().fg(Color::Rgb(110, 110, 110)),
                title: s().fg(Color::Black).add_modifier(b),
                border: s().fg(Color::Rgb(150, 150, 150)),
                selected: s().bg(Color::Rgb(205, 220, 245)).add_modifier(b),
                header: s().fg(Color::Blue).add_modifier(b),
                milestone: s().fg(Color::Rgb(0, 95, 135)).add_modifier(b),
                key_moment: s().fg(Color::Rgb(150, 80, 0)).add_modifier(b),
                detour: s().fg(Color::Rgb(150, 0, 120)),
                confirmed: s().fg(Color::Rgb(0, 120, 0)),
                branch: s().fg(Color::Rgb(0, 70, 170)),
                gap: s()
                    .fg(Color::Rgb(110, 110, 110))
                    .add_modifier(Modifier::ITALIC),
                date: s().fg(Color::Rgb(150, 80, 0)).add_modifier(b),
                time: s().fg(Color::Rgb(70, 70, 70)),
                matched: s()
                    .fg(Color::Black)
                    .bg(Color::Rgb(255, 215, 0))
                    .add_modifier(b),
                error: s().fg(Color::Rgb(180, 0, 0)).add_modifier(b),
                warning: s().fg(Color::Rgb(150, 80, 0)),
                chip: s().fg(Color::Black).bg(Color::Rgb(225, 225, 232)),
                chip_label: s().fg(Color::Blue).bg(Color::Rgb(225, 225, 232)),
                status_bar: s().fg(Color::Black).bg(Color::Rgb(215, 215, 222)),
                sev: [
                    s().fg(Color::Rgb(180, 0, 0)).add_modifier(b),
                    s().fg(Color::Rgb(170, 80, 0)).add_modifier(b),
                    s().fg(Color::Rgb(130, 100, 0)),
                    s().fg(Color::Rgb(80, 80, 80)),
                    s().fg(Color::Rgb(80, 80, 80)),
                ],
                phase: [
                    s().fg(Color::Rgb(190, 30, 30)),
                    s().fg(Color::Rgb(190, 120, 0)),
                    s().fg(Color::Rgb(140, 40, 150)),
                    s().fg(Color::Rgb(30, 80, 190)),
                    s().fg(Color::Rgb(20, 130, 40)),
                ],
            },
            ThemeName::HighContrast => Theme {
                name,
                text: s(),
                base: s().fg(Color::White).bg(Color::Black),
                dim: s().fg(Color::White),
                title: s().fg(Color::White).add_modifier(b | Modifier::UNDERLINED),
                border: s().fg(Color::White),
                selected: s().fg(Color::Black).bg(Color::White).add_modifier(b),
                header: s().fg(Color::LightCyan).add_modifier(b),
                milestone: s().fg(Color::LightCyan).add_modifier(b),
                key_moment: s().fg(Color::LightYellow).add_modifier(b),
                detour: s().fg(Color::LightMagenta).add_modifier(b),
                confirmed: s().fg(Color::LightGreen).add_modifier(b),
                branch: s().fg(Color::LightBlue).add_modifier(b),
                gap: s().fg(Color::White).add_modifier(Modifier::ITALIC),
                date: s().fg(Color::LightYellow).add_modifier(b),
                time: s().fg(Color::White),
                matched: s()
                    .fg(Color::Black)
                    .bg(Color::LightYellow)
                    .add_modifier(b | Modifier::UNDERLINED),
                error: s().fg(Color::LightRed).add_modifier(b),
                warning: s().fg(Color::LightYellow).add_modifier(b),
                chip: s().fg(Color::Black).bg(Color::White),
                chip_label: s().fg(Color::Black).bg(Color::White).add_modifier(b),
                status_bar: s().fg(Color::Black).bg(Color::White),
                sev: [
                    s().fg(Color::LightRed).add_modifier(b),
                    s().fg(Color::LightYellow).add_modifier(b),
                    s().fg(Color::White).add_modifier(b),
                    s().fg(Color::White),
                    s().fg(Color::White),
                ],
                phase: [
                    s().fg(Color::LightRed),
                    s().fg(Color::LightYellow),
                    s().fg(Color::LightMagenta),
                    s().fg(Color::LightCyan),
                    s().fg(Color::LightGreen),
                ],
            },
            ThemeName::Mono => Theme {
                name,
                text: s(),
                base: s(),
                dim: s(),
                title: s().add_modifier(b),
                border: s(),
                selected: s().add_modifier(Modifier::REVERSED),
                header: s().add_modifier(b),
                milestone: s().add_modifier(b),
                key_moment: s().add_modifier(b),
                detour: s(),
                confirmed: s(),
                branch: s(),
                gap: s(),
                date: s().add_modifier(b),
                time: s(),
                matched: s().add_modifier(b | Modifier::UNDERLINED),
                error: s().add_modifier(b),
                warning: s(),
                chip: s(),
                chip_label: s().add_modifier(b),
                status_bar: s().add_modifier(Modifier::REVERSED),
                sev: [s().add_modifier(b), s().add_modifier(b), s(), s(), s()],
                phase: [s(); 5],
            },
        }
    }

    /// The palette for presentation mode, readable from the back of a room: dark becomes the
    /// high-contrast palette (white on black) with grey, not white, for the dimmed earlier
    /// events; light (for projectors) and mono stay as they are.
    pub fn for_slides(&self) -> Theme {
        match self.name {
            ThemeName::Dark | ThemeName::HighContrast => Theme {
                dim: Style::default().fg(Color::Gray),
                ..Theme::new(ThemeName::HighContrast)
            },
            _ => self.clone(),
        }
    }

    pub fn severity(&self, level: Option<u8>) -> Style {
        match level {
            Some(l @ 1..=4) => self.sev[l as usize - 1],
            _ => self.sev[4],
        }
    }

    pub fn phase_style(&self, p: PhaseKind) -> Style {
        self.phase[phase_index(p)]
    }

    pub fn outcome_style(&self, o: Outcome) -> Style {
        match o {
            Outcome::RuledOut => self.detour,
            Outcome::Confirmed => self.confirmed,
            Outcome::Open | Outcome::Inconclusive => self.branch,
        }
    }
}

fn phase_index(p: PhaseKind) -> usize {
    match p {
        PhaseKind::Undetected => 0,
        PhaseKind::Triage => 1,
        PhaseKind::Diagnosis => 2,
        PhaseKind::Mitigation => 3,
        PhaseKind::Recovery => 4,
    }
}

/// The fill of a phase in the phase bar: a different texture per phase, so the bar reads
/// without colour.
pub fn phase_fill(p: PhaseKind) -> char {
    match p {
        PhaseKind::Undetected => '█',
        PhaseKind::Triage => '▓',
        PhaseKind::Diagnosis => '▒',
        PhaseKind::Mitigation => '░',
        PhaseKind::Recovery => '▁',
    }
}

/// The glyph of an event on the timeline line.
pub fn kind_glyph(kind: EventKind) -> &'static str {
    match kind {
        EventKind::Trigger => "↯",
        EventKind::ImpactStart => "◆",
        EventKind::Detection => "◆",
        EventKind::Escalation => "↑",
        EventKind::Acknowledge => "◆",
        EventKind::Investigation => "○",
        EventKind::Hypothesis => "?",
        EventKind::Action => "▸",
        EventKind::Identified => "◆",
        EventKind::Mitigation => "◆",
        EventKind::Recovery => "↗",
        EventKind::Resolution => "◆",
        EventKind::Communication => "✉",
        EventKind::Note => "·",
    }
}

/// How a branch ended, as a glyph that needs no colour.
pub fn outcome_glyph(o: Outcome) -> &'static str {
    match o {
        Outcome::RuledOut => "✗",
        Outcome::Confirmed => "✓",
        Outcome::Inconclusive => "~",
        Outcome::Open => "…",
    }
}

/// How a branch ended, in words.
pub fn outcome_words(o: Outcome) -> &'static str {
    match o {
        Outcome::RuledOut => "ruled out",
        Outcome::Confirmed => "confirmed",
        Outcome::Inconclusive => "inconclusive",
        Outcome::Open => "open",
    }
}

pub const MILESTONE_GLYPH: &str = "◆";
pub const KEY_GLYPH: &str = "★";
pub const GAP_GLYPH: &str = "┆";
