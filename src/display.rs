//! Display helpers shared by every view (the TUI, the CLI's tables and charts): text cut to a
//! number of terminal columns, counted by display width (CJK and emoji take two), reading no
//! further into the text than the width needs.

use unicode_width::UnicodeWidthChar;

/// The start of `s` that a view `cols` columns wide (all rows together) can show, and whether
/// anything was left out. Only that start is read: a 7 MB event costs a frame what its visible
/// part costs. Characters of no width (combining marks) count against a separate allowance of
/// four per column, so a text made of them is bounded too.
pub fn visible_prefix(s: &str, cols: usize) -> (&str, bool) {
    let mut w = 0;
    for (n, (i, c)) in s.char_indices().enumerate() {
        w += c.width().unwrap_or(0);
        if w > cols || n >= cols.saturating_mul(4) {
            return (&s[..i], true);
        }
    }
    (s, false)
}

/// Cut `s` to `width` display columns, ending in `…` when cut.
pub fn truncate(s: &str, width: usize) -> String {
    let (head, cut) = visible_prefix(s, width);
    if !cut {
        return head.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in head.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw + 1 > width {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn truncation_counts_display_columns() {
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(truncate("checkout errors", 9), "checkout…");
        // CJK characters take two columns: five columns hold two of them and the ellipsis.
        let cut = truncate("事件時間線", 5);
        assert_eq!(cut, "事件…");
        assert!(cut.width() <= 5);
        assert_eq!(truncate("anything", 0), "");
    }

    #[test]
    fn only_the_visible_start_is_read() {
        assert_eq!(visible_prefix("abcdef", 3), ("abc", true));
        assert_eq!(visible_prefix("abc", 3), ("abc", false));
    }
}
