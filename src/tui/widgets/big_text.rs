//! Big letters for a slide's title or a headline number, drawn with tui-big-text's 8×8 font.
//!
//! [`fit`] picks the largest letter size whose word-wrapped lines fit the room given, or says
//! the room is too small (the caller then draws ordinary bold text): a slide degrades instead of
//! cutting letters off.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Widget;
use tui_big_text::{BigText, PixelSize};

/// How big the letters may be.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Letters {
    /// 4 columns × 4 rows a letter (quadrant pixels).
    Small,
    /// 8 × 4 (half-height pixels).
    Medium,
    /// 8 × 8 (one cell a pixel).
    Large,
}

/// Letter sizes, largest first: (size, pixel size, columns per letter, rows per letter).
const SIZES: [(Letters, PixelSize, u16, u16); 3] = [
    (Letters::Large, PixelSize::Full, 8, 8),
    (Letters::Medium, PixelSize::HalfHeight, 8, 4),
    (Letters::Small, PixelSize::Quadrant, 4, 4),
];

/// Text laid out in big letters: the size chosen and the lines (words kept whole).
#[derive(Clone, Debug, PartialEq)]
pub struct BigFit {
    pixel_size: PixelSize,
    /// The lines, each at most `width / letter width` characters.
    pub lines: Vec<String>,
    /// Rows the text takes (lines × letter height).
    pub height: u16,
}

/// The largest letters, no larger than `largest`, in which `text` fits `width` columns and at
/// most `max_height` rows, wrapped at spaces into at most `max_lines` lines. `None` when no size
/// fits, or when the text has characters the 8×8 font lacks (they would show as gaps): draw it
/// as plain text then.
pub fn fit(
    text: &str,
    width: u16,
    max_height: u16,
    max_lines: usize,
    largest: Letters,
) -> Option<BigFit> {
    let text = text.trim();
    if text.is_empty() || !text.chars().all(drawable) {
        return None;
    }
    SIZES
        .iter()
        .filter(|s| s.0 <= largest)
        .find_map(|&(_, pixel_size, cw, ch)| {
            let per_line = (width / cw) as usize;
            let lines = wrap_words(text, per_line)?;
            let height = lines.len() as u16 * ch;
            (lines.len() <= max_lines && height <= max_height).then_some(BigFit {
                pixel_size,
                lines,
                height,
            })
        })
}

/// Draw a fitted text, centred in `area`.
pub fn render(fit: &BigFit, area: Rect, style: Style, buf: &mut Buffer) {
    let lines: Vec<Line<'static>> = fit.lines.iter().cloned().map(Line::from).collect();
    BigText::builder()
        .pixel_size(fit.pixel_size)
        .lines(lines)
        .style(style)
        .alignment(Alignment::Center)
        .build()
        .render(area, buf);
}

/// Characters the font draws: printable ASCII and Latin-1 letters.
fn drawable(c: char) -> bool {
    c == ' ' || c.is_ascii_graphic() || ('\u{a1}'..='\u{ff}').contains(&c)
}

/// Words (split at spaces) packed into lines of at most `per_line` characters; `None` when a
/// word is longer than a line (it would be cut).
fn wrap_words(text: &str, per_line: usize) -> Option<Vec<String>> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in text.split_whitespace() {
        let n = word.chars().count();
        if n > per_line {
            return None;
        }
        let cur_n = cur.chars().count();
        if cur.is_empty() {
            cur.push_str(word);
        } else if cur_n + 1 + n <= per_line {
            cur.push(' ');
            cur.push_str(word);
        } else {
            lines.push(std::mem::take(&mut cur));
            cur.push_str(word);
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    Some(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_largest_size_that_fits() {
        // 80 columns: half-height letters are 8 wide, so 10 to a line.
        let f = fit("T+1h15m", 80, 8, 1, Letters::Large).unwrap();
        assert_eq!(f.pixel_size, PixelSize::Full);
        assert_eq!((f.lines.len(), f.height), (1, 8));
        let f = fit("T+1h15m", 80, 4, 1, Letters::Large).unwrap();
        assert_eq!(f.pixel_size, PixelSize::HalfHeight);
        assert_eq!((f.lines.len(), f.height), (1, 4));
        // 40 columns: 5 half-height letters; quadrant letters (4 wide) fit 10.
        let f = fit("T+1h15m", 40, 4, 1, Letters::Medium).unwrap();
        assert_eq!(f.pixel_size, PixelSize::Quadrant);
    }

    #[test]
    fn wraps_at_words_and_gives_up_when_too_small() {
        let f = fit(
            "Checkout slowdown from a query",
            120,
            12,
            3,
            Letters::Medium,
        )
        .unwrap();
        assert_eq!(f.lines, ["Checkout", "slowdown from a", "query"]);
        assert_eq!(f.height, 12);
        assert_eq!(
            fit("Checkout slowdown from a query", 120, 3, 3, Letters::Large),
            None
        );
        assert_eq!(
            fit("Supercalifragilistic", 40, 20, 5, Letters::Large),
            None,
            "a word is cut"
        );
        assert_eq!(
            fit("数据库", 200, 20, 3, Letters::Large),
            None,
            "the font lacks it"
        );
        assert_eq!(fit("  ", 200, 20, 3, Letters::Large), None);
    }
}
