//! Text from incident files is untrusted: it may hold terminal escape sequences
//! (`ESC [ 2 J`, OSC 8 hyperlinks, OSC 52 clipboard writes, bells) that would repaint or hijack
//! a terminal. This is the one sanitiser: everything that enters the model passes through
//! [`clean_line`] or [`clean_block`], and everything that leaves the program (standard output,
//! standard error, exported files) through [`for_terminal`] or a [`TerminalWriter`].

use std::borrow::Cow;
use std::io::{self, Write};

/// One line of text: control characters and escape sequences removed, tabs turned into
/// spaces, runs of white space kept as written, surrounding white space trimmed.
pub fn clean_line(s: &str) -> String {
    if is_plain(s, false) || nothing_to_strip(s) {
        return s.trim().to_string();
    }
    let mut out = String::with_capacity(s.len());
    strip_into(s, &mut out, false);
    out.trim().to_string()
}

/// [`clean_line`] of a string the caller owns: given back as it is (no copy) when there is
/// nothing to strip or trim.
pub fn clean_line_owned(s: String) -> String {
    if (is_plain(&s, false) || nothing_to_strip(&s)) && s.trim().len() == s.len() {
        return s;
    }
    clean_line(&s)
}

/// A block of text (several lines): like [`clean_line`] but newlines are kept,
/// Windows line ends normalised and trailing white space of each line dropped.
pub fn clean_block(s: &str) -> String {
    // No control character (so no line break either): one line, only its end trimmed.
    if is_plain(s, false) || nothing_to_strip(s) {
        return s.trim_end().to_string();
    }
    let mut out = String::with_capacity(s.len());
    strip_into(s, &mut out, true);
    let lines: Vec<&str> = out.lines().map(str::trim_end).collect();
    lines.join("\n").trim_matches('\n').to_string()
}

/// [`clean_block`] that borrows `s` (its end trimmed) when there is nothing to strip: a file's
/// lines are read this way, most of them clean.
pub fn clean_block_borrowed(s: &str) -> Cow<'_, str> {
    if is_plain(s, false) || nothing_to_strip(s) {
        return Cow::Borrowed(s.trim_end());
    }
    Cow::Owned(clean_block(s))
}

/// Text on its way out (a message, a report, an exported file): control characters, escape
/// sequences and bidirectional overrides removed; newlines and tabs kept, nothing trimmed, so
/// the layout the program made is unchanged. Borrows when there is nothing to remove.
pub fn for_terminal(s: &str) -> Cow<'_, str> {
    if is_plain(s, true) || !s.chars().any(needs_stripping) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    strip(s, &mut out, Mode::Output);
    Cow::Owned(out)
}

/// Printable ASCII only (and, with `layout`, newlines and tabs): nothing to clean. A byte test
/// the compiler vectorises, so the common case costs little.
fn is_plain(s: &str, layout: bool) -> bool {
    is_plain_bytes(s.as_bytes(), layout)
}

/// [`is_plain`] of bytes (printable ASCII is valid UTF-8 as it is).
fn is_plain_bytes(s: &[u8], layout: bool) -> bool {
    let plain = |b: u8| (b' '..=b'~').contains(&b) || (layout && (b == b'\n' || b == b'\t'));
    // Sixteen bytes at a time without stopping inside them (a fold the compiler vectorises).
    let chunks = s.chunks_exact(16);
    let tail = chunks.remainder();
    chunks
        .into_iter()
        .all(|ch| ch.iter().fold(true, |all, &b| all & plain(b)))
        && tail.iter().all(|&b| plain(b))
}

/// No control character and no bidirectional control: [`strip`] would copy `s` unchanged in
/// every mode (newlines, tabs and carriage returns are control characters).
fn nothing_to_strip(s: &str) -> bool {
    // Read from the bytes, without decoding: C0 controls and DEL are single bytes, the C1
    // controls (U+0080–U+009F) `C2 80`–`C2 9F`, the bidirectional controls `E2 80 AA`–`E2 80
    // AE` and `E2 81 A6`–`E2 81 A9`.
    let b = s.as_bytes();
    !has_c0_control(b)
        && !memchr::memchr2_iter(0xC2, 0xE2, b).any(|i| {
            if b[i] == 0xC2 {
                matches!(b.get(i + 1), Some(0x80..=0x9F))
            } else {
                matches!(
                    (b.get(i + 1), b.get(i + 2)),
                    (Some(0x80), Some(0xAA..=0xAE)) | (Some(0x81), Some(0xA6..=0xA9))
                )
            }
        })
}

/// Whether `b` holds a C0 control or DEL (`< 0x20`, `0x7F`). Read sixteen bytes at a time
/// without stopping inside them (a fold the compiler vectorises), every line of a file passes
/// here.
fn has_c0_control(b: &[u8]) -> bool {
    let control = |c: u8| c < 0x20 || c == 0x7F;
    let chunks = b.chunks_exact(16);
    let tail = chunks.remainder();
    chunks
        .into_iter()
        .any(|ch| ch.iter().fold(false, |seen, &c| seen | control(c)))
        || tail.iter().any(|&c| control(c))
}

/// A character [`for_terminal`] removes (or whose sequence it removes).
fn needs_stripping(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c)
}

/// Bidirectional embeddings, overrides and isolates: they can make text read differently from
/// what it is ("Trojan Source").
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// An [`io::Write`] that passes everything through [`for_terminal`] before it reaches `inner`
/// (standard output or error of a command). Text is held until a newline or [`Write::flush`],
/// so a sequence split over several writes is still recognised.
pub struct TerminalWriter<W: Write> {
    inner: W,
    pending: Vec<u8>,
}

impl<W: Write> TerminalWriter<W> {
    pub fn new(inner: W) -> Self {
        TerminalWriter {
            inner,
            pending: Vec::new(),
        }
    }

    fn write_pending(&mut self, upto: usize) -> io::Result<()> {
        let chunk = &self.pending[..upto];
        // Printable ASCII with newlines and tabs (most output: JSON, reports) goes out as it
        // is, without a copy of the line.
        let written = if is_plain_bytes(chunk, true) {
            self.inner.write_all(chunk)
        } else {
            let text = String::from_utf8_lossy(chunk);
            self.inner.write_all(for_terminal(&text).as_bytes())
        };
        self.pending.drain(..upto);
        written
    }
}

impl<W: Write> Write for TerminalWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let before = self.pending.len();
        self.pending.extend_from_slice(buf);
        // Only the new bytes are looked at, so a long line written in pieces stays linear.
        if let Some(last) = buf.iter().rposition(|b| *b == b'\n') {
            self.write_pending(before + last + 1)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        let n = self.pending.len();
        self.write_pending(n)?;
        self.inner.flush()
    }
}

impl<W: Write> Drop for TerminalWriter<W> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// One line of model text: newlines become spaces, tabs four spaces.
    Line,
    /// A block of model text: newlines kept, lone carriage returns are line ends.
    Block,
    /// Output: newlines and tabs kept as they are, carriage returns dropped.
    Output,
}

fn strip_into(s: &str, out: &mut String, keep_newlines: bool) {
    strip(
        s,
        out,
        if keep_newlines {
            Mode::Block
        } else {
            Mode::Line
        },
    );
}

fn strip(s: &str, out: &mut String, mode: Mode) {
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => skip_escape(&mut chars),
            // C1 control sequence introducers (8-bit CSI, OSC, DCS...) and the rest of C1.
            '\u{9b}' => skip_csi_body(&mut chars),
            '\u{9d}' | '\u{90}' | '\u{9e}' | '\u{9f}' | '\u{98}' => skip_string_body(&mut chars),
            '\n' if mode == Mode::Line => out.push(' '),
            '\n' => out.push('\n'),
            '\r' if mode == Mode::Output => {}
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push(if mode == Mode::Block { '\n' } else { ' ' });
                }
            }
            '\t' if mode == Mode::Output => out.push('\t'),
            '\t' => out.push_str("    "),
            c if c.is_control() || is_bidi_control(c) => {}
            c => out.push(c),
        }
    }
}

fn skip_escape(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    match chars.peek().copied() {
        Some('[') => {
            chars.next();
            skip_csi_body(chars);
        }
        Some(']') | Some('P') | Some('X') | Some('^') | Some('_') => {
            chars.next();
            skip_string_body(chars);
        }
        // Two-character escapes (ESC c, ESC 7, ESC ( B ...): drop the next char,
        // and for charset designations the one after.
        Some('(' | ')' | '*' | '+' | '#' | '%') => {
            chars.next();
            if chars.peek().is_some_and(|c| !c.is_control()) {
                chars.next();
            }
        }
        // Any other printable character completes a two-character escape (ESC c, ESC 7); a
        // control character is not part of it and is dealt with on its own.
        Some(c) if !c.is_control() => {
            chars.next();
        }
        _ => {}
    }
}

/// CSI: parameters and intermediates up to a final byte in `@`..=`~`. A character that cannot
/// be part of the sequence ends it and is kept (it is text, or the start of the next sequence).
fn skip_csi_body(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(&c) = chars.peek() {
        if ('@'..='~').contains(&c) {
            chars.next();
            break;
        }
        if !(' '..='?').contains(&c) {
            break;
        }
        chars.next();
    }
}

/// OSC / DCS / PM / APC: up to BEL or ST (`ESC \` or U+009C). An unterminated string ends at
/// the end of its line, so one stray introducer never swallows the rest of a file (the
/// introducer itself is gone, so what follows cannot be read as part of a sequence).
fn skip_string_body(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(&c) = chars.peek() {
        if c == '\n' {
            break;
        }
        chars.next();
        match c {
            '\u{7}' | '\u{9c}' => break,
            '\u{1b}' => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                break;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_to_strip_reads_bytes_as_chars_read_them() {
        let mut buf = [0u8; 4];
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let one = c.encode_utf8(&mut buf);
            let by_chars = c.is_control() || is_bidi_control(c);
            assert_eq!(!nothing_to_strip(one), by_chars, "{:X}", u32::from(c));
            // Inside other text, too.
            assert_eq!(!nothing_to_strip(&format!("a–{one}é")), by_chars);
        }
    }

    /// The borrowing reading of a line gives what [`clean_block`] gives, and borrows only when
    /// there is nothing to strip.
    #[test]
    fn clean_block_borrowed_is_clean_block() {
        let texts = [
            "",
            "  plain line with trailing spaces   ",
            "06:00 – deploy\u{a0}done\t",
            "first\r\nsecond  \n",
        ];
        for t in texts.iter().chain(HOSTILE) {
            let borrowed = clean_block_borrowed(t);
            assert_eq!(borrowed, clean_block(t), "{t:?}");
            assert_eq!(
                matches!(borrowed, Cow::Borrowed(_)),
                nothing_to_strip(t),
                "{t:?}"
            );
        }
    }

    /// The sixteen-byte reading of [`is_plain_bytes`] answers as a byte-at-a-time one, for every
    /// byte at every place of a longer text.
    #[test]
    fn plain_bytes_read_by_sixteen_as_one_at_a_time() {
        let base = b"Mitigated at 10:42 UTC; error rate back under 1% by 11:00".to_vec();
        let one_at_a_time = |s: &[u8], layout: bool| {
            s.iter()
                .all(|&b| (b' '..=b'~').contains(&b) || (layout && (b == b'\n' || b == b'\t')))
        };
        for byte in 0..=255u8 {
            for at in 0..base.len() {
                let mut b = base.clone();
                b[at] = byte;
                for layout in [false, true] {
                    assert_eq!(
                        is_plain_bytes(&b, layout),
                        one_at_a_time(&b, layout),
                        "{byte:#x} at {at}"
                    );
                }
            }
        }
    }

    /// The sixteen-byte reading finds a control at every place of a longer text: in a whole
    /// block of sixteen, and in the bytes left after the last one.
    #[test]
    fn c0_controls_are_found_at_every_place() {
        let clean = "Deploy rolled back after 12 minutes of 5xx, pager quiet";
        assert!(!has_c0_control(clean.as_bytes()));
        for control in [0x00u8, 0x09, 0x0A, 0x1B, 0x1F, 0x7F] {
            for at in 0..clean.len() {
                let mut b = clean.as_bytes().to_vec();
                b[at] = control;
                assert!(has_c0_control(&b), "{control:#x} at {at}");
                assert!(!nothing_to_strip(std::str::from_utf8(&b).unwrap()));
            }
        }
    }

    /// Every kind of sequence the issue names, and what a terminal would do with it.
    const HOSTILE: &[&str] = &[
        "\u{1b}]52;c;SGVsbG8=\u{7}",      // OSC 52: write the clipboard
        "\u{1b}]2;pwned\u{1b}\\",         // OSC 2: set the window title
        "\u{1b}[2J\u{1b}[31m",            // CSI: clear, colour
        "\u{9b}31m\u{9d}0;t\u{9c}\u{85}", // C1: CSI, OSC, NEL
        "\u{202e}\u{2066}\u{202a}",       // bidi overrides and isolates
        "\u{7}\u{8}\u{0}\u{7f}\r",        // bell, backspace, NUL, DEL, carriage return
    ];

    fn is_clean(s: &str) -> bool {
        !s.chars().any(needs_stripping)
    }

    /// The shortcuts for text with nothing to strip give what the full pass gives.
    #[test]
    fn shortcuts_match_the_full_pass() {
        let full_line = |s: &str| {
            let mut out = String::new();
            strip_into(s, &mut out, false);
            out.trim().to_string()
        };
        let full_block = |s: &str| {
            let mut out = String::new();
            strip_into(s, &mut out, true);
            let lines: Vec<&str> = out.lines().map(str::trim_end).collect();
            lines.join("\n").trim_matches('\n').to_string()
        };
        let texts = [
            "",
            "   ",
            "  10:30 - pager fires  ",
            "| 06:04 | Impact starts — 5xx ",
            "Kühlschrank\u{a0}läuft \u{2003}",
            "naïve\u{3000}",
            "tab\there",
            "line\nbreak ",
            "\u{202e}bidi",
            "esc \u{1b}[31mred",
        ];
        for t in texts {
            assert_eq!(clean_line(t), full_line(t), "{t:?}");
            assert_eq!(clean_line_owned(t.to_string()), full_line(t), "{t:?}");
            assert_eq!(clean_block(t), full_block(t), "{t:?}");
        }
    }

    #[test]
    fn output_keeps_layout_and_drops_sequences() {
        assert_eq!(for_terminal("a\tb\n  c  \n"), "a\tb\n  c  \n");
        assert!(matches!(for_terminal("plain"), Cow::Borrowed(_)));
        for h in HOSTILE {
            let s = format!("before {h} after\nnext");
            let out = for_terminal(&s);
            assert!(is_clean(&out), "{out:?}");
            assert!(out.starts_with("before "), "{out:?}");
            assert!(out.ends_with(" after\nnext"), "{out:?}");
        }
        // An unterminated OSC ends at its line: the next line is kept.
        assert_eq!(for_terminal("a\u{1b}]0;title\nb"), "a\nb");
        assert_eq!(clean_block("a\u{1b}]0;title\nb"), "a\nb");
        // A control character inside an escape is not eaten with it, and is removed itself.
        assert_eq!(for_terminal("a\u{1b}\u{1b}[1mb"), "ab");
        assert_eq!(for_terminal("x\u{1b}[1\ny"), "x\ny");
    }

    #[test]
    fn writer_sanitises_across_writes() {
        let mut buf = Vec::new();
        {
            let mut w = TerminalWriter::new(&mut buf);
            w.write_all(b"one \x1b]52;c;").unwrap();
            w.write_all(b"SGk=\x07two\n").unwrap();
            w.write_all("th\u{202e}ree".as_bytes()).unwrap();
        }
        assert_eq!(String::from_utf8(buf).unwrap(), "one two\nthree");
        // Plain lines (the fast path) come out as written, in order with cleaned ones.
        let mut buf = Vec::new();
        {
            let mut w = TerminalWriter::new(&mut buf);
            w.write_all(b"{\n  \"a\": 1,\n\t\"b\"").unwrap();
            w.write_all(b": \"x\x1b[2Jy\"\n}\n").unwrap();
        }
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            "{\n  \"a\": 1,\n\t\"b\": \"xy\"\n}\n"
        );
    }

    #[test]
    fn strips_csi_osc_and_controls() {
        assert_eq!(clean_line("a\u{1b}[2Jb\u{1b}[31mc"), "abc");
        assert_eq!(
            clean_line("x\u{1b}]8;;http://evil\u{7}link\u{1b}]8;;\u{1b}\\y"),
            "xlinky"
        );
        assert_eq!(clean_line("bell\u{7} nul\u{0} del\u{7f}"), "bell nul del");
        assert_eq!(clean_line("8bit\u{9b}31mcsi"), "8bitcsi");
        assert_eq!(clean_line("rtl\u{202e}txet"), "rtltxet");
    }

    #[test]
    fn tabs_and_newlines() {
        assert_eq!(clean_line("a\tb"), "a    b");
        assert_eq!(clean_line(" a\r\nb "), "a b");
        assert_eq!(clean_block("one  \r\ntwo\rthree\n\n"), "one\ntwo\nthree");
    }

    #[test]
    fn keeps_unicode() {
        assert_eq!(clean_line("Störung — 🔥 ok"), "Störung — 🔥 ok");
    }
}
