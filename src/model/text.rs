//! Text from incident files is untrusted: it may hold terminal escape sequences
//! (`ESC [ 2 J`, OSC 8 hyperlinks, bells) that would repaint or hijack a terminal.
//! Everything that enters the model passes through these functions.

/// One line of text: control characters and escape sequences removed, tabs turned into
/// spaces, runs of white space kept as written, surrounding white space trimmed.
pub fn clean_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    strip_into(s, &mut out, false);
    out.trim().to_string()
}

/// A block of text (several lines): like [`clean_line`] but newlines are kept,
/// Windows line ends normalised and trailing white space of each line dropped.
pub fn clean_block(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    strip_into(s, &mut out, true);
    let lines: Vec<&str> = out.lines().map(str::trim_end).collect();
    lines.join("\n").trim_matches('\n').to_string()
}

fn strip_into(s: &str, out: &mut String, keep_newlines: bool) {
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => skip_escape(&mut chars),
            // C1 control sequence introducers (8-bit CSI, OSC, DCS...) and the rest of C1.
            '\u{9b}' => skip_csi_body(&mut chars),
            '\u{9d}' | '\u{90}' | '\u{9e}' | '\u{9f}' | '\u{98}' => skip_string_body(&mut chars),
            '\n' if keep_newlines => out.push('\n'),
            '\n' => out.push(' '),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push(if keep_newlines { '\n' } else { ' ' });
                }
            }
            '\t' => out.push_str("    "),
            c if c.is_control() => {}
            // Bidirectional overrides can make text read differently from what it is.
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {}
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
        Some(c @ ('(' | ')' | '*' | '+' | '#' | '%')) => {
            let _ = c;
            chars.next();
            chars.next();
        }
        Some(_) => {
            chars.next();
        }
        None => {}
    }
}

/// CSI: parameters and intermediates up to a final byte in `@`..=`~`.
fn skip_csi_body(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    for c in chars.by_ref() {
        if ('@'..='~').contains(&c) {
            break;
        }
        if !(' '..='?').contains(&c) {
            break;
        }
    }
}

/// OSC / DCS / PM / APC: up to BEL or ST (`ESC \` or U+009C).
fn skip_string_body(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(c) = chars.next() {
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
