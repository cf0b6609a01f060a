//! A one-line text editor for the live note line: a cursor that moves by grapheme cluster
//! (so `é` written as `e` + accent, or `👍🏽`, is one step), word jumps, deletion, paste.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// What a key does to the line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LineOp {
    Insert(char),
    /// Pasted text (bracketed paste): line breaks and tabs become spaces.
    Paste(String),
    Left,
    Right,
    Home,
    End,
    WordLeft,
    WordRight,
    Backspace,
    Delete,
    /// Delete the word before the cursor (Ctrl-W).
    DeleteWordBack,
    /// Delete from the start of the line to the cursor (Ctrl-U).
    DeleteToStart,
    /// Delete from the cursor to the end of the line (Ctrl-K).
    DeleteToEnd,
}

/// The text and a cursor (a byte offset on a grapheme boundary).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineEditor {
    text: String,
    cursor: usize,
}

impl LineEditor {
    pub fn new() -> LineEditor {
        LineEditor::default()
    }

    pub fn with_text(text: &str) -> LineEditor {
        let text = one_line(text);
        LineEditor {
            cursor: text.len(),
            text,
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The cursor, as a byte offset into [`LineEditor::text`].
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// The display columns before the cursor.
    pub fn cursor_column(&self) -> usize {
        self.text[..self.cursor].width()
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    pub fn clear(&mut self) {
        self.text.clear();
        self.cursor = 0;
    }

    pub fn apply(&mut self, op: LineOp) {
        match op {
            LineOp::Insert(c) => {
                let c = if c.is_control() { ' ' } else { c };
                self.text.insert(self.cursor, c);
                self.cursor += c.len_utf8();
                // A combining mark joins the grapheme before it: keep the cursor on a boundary.
                self.cursor = self.next_boundary_at_or_after(self.cursor);
            }
            LineOp::Paste(s) => {
                let s = one_line(&s);
                self.text.insert_str(self.cursor, &s);
                self.cursor = self.next_boundary_at_or_after(self.cursor + s.len());
            }
            LineOp::Left => self.cursor = self.prev_boundary(),
            LineOp::Right => self.cursor = self.next_boundary(),
            LineOp::Home => self.cursor = 0,
            LineOp::End => self.cursor = self.text.len(),
            LineOp::WordLeft => self.cursor = self.word_left(),
            LineOp::WordRight => self.cursor = self.word_right(),
            LineOp::Backspace => {
                let p = self.prev_boundary();
                self.text.replace_range(p..self.cursor, "");
                self.cursor = p;
            }
            LineOp::Delete => {
                let n = self.next_boundary();
                self.text.replace_range(self.cursor..n, "");
            }
            LineOp::DeleteWordBack => {
                let p = self.word_left();
                self.text.replace_range(p..self.cursor, "");
                self.cursor = p;
            }
            LineOp::DeleteToStart => {
                self.text.replace_range(..self.cursor, "");
                self.cursor = 0;
            }
            LineOp::DeleteToEnd => self.text.truncate(self.cursor),
        }
    }

    fn graphemes(&self) -> impl DoubleEndedIterator<Item = (usize, &str)> {
        self.text.grapheme_indices(true)
    }

    fn prev_boundary(&self) -> usize {
        self.graphemes()
            .map(|(i, _)| i)
            .rfind(|&i| i < self.cursor)
            .unwrap_or(0)
    }

    fn next_boundary(&self) -> usize {
        self.graphemes()
            .map(|(i, g)| i + g.len())
            .find(|&e| e > self.cursor)
            .unwrap_or(self.text.len())
    }

    fn next_boundary_at_or_after(&self, at: usize) -> usize {
        self.graphemes()
            .map(|(i, g)| i + g.len())
            .find(|&e| e >= at)
            .unwrap_or(self.text.len())
    }

    /// The start of the word before the cursor (skipping spaces first), as in a shell.
    fn word_left(&self) -> usize {
        let mut seen_word = false;
        let mut at = 0;
        for (i, g) in self.graphemes().rev().filter(|(i, _)| *i < self.cursor) {
            let space = g.chars().all(char::is_whitespace);
            if space && seen_word {
                at = i + g.len();
                break;
            }
            seen_word |= !space;
        }
        at
    }

    /// The end of the word after the cursor (skipping spaces first).
    fn word_right(&self) -> usize {
        let mut seen_word = false;
        for (i, g) in self.graphemes().filter(|(i, _)| *i >= self.cursor) {
            let space = g.chars().all(char::is_whitespace);
            if space && seen_word {
                return i;
            }
            seen_word |= !space;
        }
        self.text.len()
    }
}

/// Line breaks, tabs and other control characters as spaces: a note is one line.
fn one_line(s: &str) -> String {
    s.trim_end_matches(['\n', '\r'])
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::LineOp::*;
    use super::*;

    fn typed(s: &str) -> LineEditor {
        let mut e = LineEditor::new();
        for c in s.chars() {
            e.apply(Insert(c));
        }
        e
    }

    #[test]
    fn typing_and_moving() {
        let mut e = typed("db is slow");
        assert_eq!(e.text(), "db is slow");
        e.apply(Home);
        e.apply(Insert('>'));
        assert_eq!(e.text(), ">db is slow");
        e.apply(End);
        e.apply(Left);
        e.apply(Left);
        e.apply(Delete);
        assert_eq!(e.text(), ">db is slw");
        e.apply(Backspace);
        assert_eq!(e.text(), ">db is sw");
        e.apply(Right);
        e.apply(Right); // past the end: stays
        assert_eq!(e.cursor(), e.text().len());
    }

    #[test]
    fn words() {
        let mut e = typed("p99 at  4s on checkout");
        e.apply(WordLeft);
        assert_eq!(&e.text()[e.cursor()..], "checkout");
        e.apply(WordLeft);
        e.apply(WordLeft);
        assert_eq!(&e.text()[e.cursor()..], "4s on checkout");
        e.apply(WordRight);
        assert_eq!(&e.text()[e.cursor()..], " on checkout");
        e.apply(End);
        e.apply(DeleteWordBack);
        assert_eq!(e.text(), "p99 at  4s on ");
        e.apply(DeleteWordBack);
        assert_eq!(e.text(), "p99 at  4s ");
        e.apply(Home);
        e.apply(WordRight);
        e.apply(DeleteToEnd);
        assert_eq!(e.text(), "p99");
        e.apply(DeleteToStart);
        assert!(e.is_empty());
    }

    #[test]
    fn graphemes_are_one_step() {
        // "é" as e + combining acute, and a thumbs-up with a skin tone.
        let mut e = typed("cafe\u{301} 👍🏽");
        e.apply(Backspace);
        assert_eq!(e.text(), "cafe\u{301} ");
        e.apply(Left);
        e.apply(Left);
        assert_eq!(&e.text()[e.cursor()..], "e\u{301} ");
        e.apply(Delete);
        assert_eq!(e.text(), "caf ");
        let mut e = typed("日本");
        e.apply(Left);
        assert_eq!(e.cursor_column(), 2);
    }

    #[test]
    fn paste_is_one_line() {
        let mut e = typed("ab");
        e.apply(Left);
        e.apply(Paste("x\ny\tz\n".into()));
        assert_eq!(e.text(), "ax y zb");
        assert_eq!(&e.text()[e.cursor()..], "b");
        assert_eq!(LineEditor::with_text("a\nb").text(), "a b");
    }
}
