//! How deeply a YAML text nests, found in one pass before the YAML parser sees it.
//!
//! The parser underneath serde_yaml (libyaml) does work proportional to the current depth for
//! every token, so `[` × 100,000 takes it close to a minute before the depth limit of the
//! deserializer is ever reached. An incident file nests four levels (the file, `timeline:`, an
//! event, its `links:`); [`check`] refuses anything over [`MAX_DEPTH`] with the place where
//! that depth is reached, in time linear in the text.
//!
//! The scan knows just enough YAML to count honestly: indentation and `- ` items for block
//! collections, `[` and `{` where a flow collection can start, quoted scalars (which may hold
//! brackets), comments and block scalars (`|`, `>`), whose lines are text. Where it is unsure it
//! counts a level too many, never too few; the limit is far above any real incident.

/// The deepest nesting accepted: block levels, compact `- - ` items and flow brackets together.
pub const MAX_DEPTH: usize = 64;

/// Where the text first nests deeper than [`MAX_DEPTH`]: 1-based line and column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooDeep {
    pub line: usize,
    pub col: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Quote {
    Single,
    Double,
}

/// `Ok` when the text nests at most [`MAX_DEPTH`] levels, else where it goes deeper.
pub fn check(text: &str) -> Result<(), TooDeep> {
    scan(text, usize::MAX).map(|_| ())
}

/// [`check`], and whether the scan is in plain block context where the line starting at byte
/// `line_start` begins: no quoted scalar and no flow collection open (the YAML module's timeline
/// reader asks it of its `timeline:` line, so the scan of the whole file and of the file with its
/// timeline left out agree). `Ok(false)` when no line starts there.
pub fn check_in_block_context_at(text: &str, line_start: usize) -> Result<bool, TooDeep> {
    scan(text, line_start)
}

/// [`check`]; `Ok(true)` when the line starting at byte `at` starts with no quoted scalar and no
/// flow collection open.
fn scan(text: &str, at: usize) -> Result<bool, TooDeep> {
    let mut clean_at = false;
    let mut offset = 0usize;
    // Columns at which block collections are open (strictly increasing).
    let mut indents: Vec<usize> = Vec::new();
    let mut flow = 0usize;
    // The block depth where the open flow collection started (its lines continue there).
    let mut flow_base = 0usize;
    let mut quote: Option<Quote> = None;
    // The indentation of the line that opened a block scalar, while inside it.
    let mut block_scalar: Option<usize> = None;
    for (n, line) in text.split('\n').enumerate() {
        if offset == at {
            clean_at = flow == 0 && quote.is_none();
        }
        offset += line.len() + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        let indent = line.len() - line.trim_start_matches(' ').len();
        let rest = &line[indent..];
        if let Some(parent) = block_scalar {
            if rest.is_empty() || indent > parent {
                continue;
            }
            block_scalar = None;
        }
        let mut depth_here = flow_base;
        let mut col = indent;
        if flow == 0 && quote.is_none() {
            if rest.is_empty() || rest.starts_with('#') {
                continue;
            }
            while indents.last().is_some_and(|&i| i > indent) {
                indents.pop();
            }
            if indents.last() != Some(&indent) {
                indents.push(indent);
            }
            depth_here = indents.len();
        }
        let too_deep = |depth: usize, col: usize| {
            (depth > MAX_DEPTH).then_some(TooDeep {
                line: n + 1,
                col: col + 1,
            })
        };
        // A node may start here: at the line's start, after `- `, `? `, `: `, an anchor or a tag.
        let mut node_start = flow == 0 && quote.is_none();
        let bytes = line.as_bytes();
        let mut i = indent;
        while i < bytes.len() {
            let b = bytes[i];
            match quote {
                Some(Quote::Double) => {
                    match b {
                        b'\\' => i += 1,
                        b'"' => quote = None,
                        _ => {}
                    }
                    i += 1;
                    continue;
                }
                Some(Quote::Single) => {
                    if b == b'\'' {
                        if bytes.get(i + 1) == Some(&b'\'') {
                            i += 1;
                        } else {
                            quote = None;
                        }
                    }
                    i += 1;
                    continue;
                }
                None => {}
            }
            let after_space = i == 0 || matches!(bytes[i - 1], b' ' | b'\t');
            let next_is_space = bytes.get(i + 1).is_none_or(|c| matches!(c, b' ' | b'\t'));
            match b {
                b'#' if after_space => break,
                b' ' | b'\t' => {}
                b'"' | b'\'' if node_start => {
                    quote = Some(if b == b'"' {
                        Quote::Double
                    } else {
                        Quote::Single
                    });
                    node_start = false;
                }
                b'[' | b'{' if node_start || flow > 0 => {
                    if flow == 0 {
                        flow_base = depth_here;
                    }
                    flow += 1;
                    node_start = true;
                    col = i;
                    if let Some(e) = too_deep(depth_here + flow, col) {
                        return Err(e);
                    }
                }
                b']' | b'}' if flow > 0 => {
                    flow -= 1;
                    if flow == 0 {
                        flow_base = 0;
                    }
                    node_start = false;
                }
                b',' if flow > 0 => node_start = true,
                b'-' | b'?' if node_start && flow == 0 && next_is_space => {
                    // A compact nested item (`- - x`) opens one more level on the same line.
                    depth_here += 1;
                    col = i;
                    if let Some(e) = too_deep(depth_here, col) {
                        return Err(e);
                    }
                }
                b':' if next_is_space => node_start = true,
                b'&' | b'!' if node_start => {
                    // An anchor or a tag: the node follows it.
                    while i + 1 < bytes.len() && !matches!(bytes[i + 1], b' ' | b'\t') {
                        i += 1;
                    }
                }
                b'|' | b'>' if node_start && flow == 0 => {
                    block_scalar = Some(indent);
                    break;
                }
                _ => node_start = false,
            }
            i += 1;
        }
        if let Some(e) = too_deep(depth_here, col) {
            return Err(e);
        }
    }
    Ok(clean_at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_context_at_a_line() {
        let at = |text: &str| check_in_block_context_at(text, text.find("timeline").unwrap());
        assert_eq!(at("a: x\ntimeline:\n"), Ok(true));
        assert_eq!(at("timeline:\n"), Ok(true));
        assert_eq!(at("a: \"x\ntimeline:\n\"\n"), Ok(false));
        assert_eq!(at("a: 'x\ntimeline:\n'\n"), Ok(false));
        assert_eq!(at("a: [x,\ntimeline]\n"), Ok(false));
        assert_eq!(at("a: |\n  [\ntimeline:\n"), Ok(true));
        // Not at a line's start: no.
        assert_eq!(check_in_block_context_at("a: timeline\n", 3), Ok(false));
    }

    #[test]
    fn incidents_pass() {
        let text = "title: a [b] {c} 'd\n# [[[[\ntimeline:\n  - at: \"10:30\"\n    text: \"[[[[[\"\n    links: [a, {b: [c]}]\n  - summary: |\n      [[[[[[[[[[[[[[\n      - - - - - -\n";
        assert_eq!(check(text), Ok(()));
        for shipped in [
            include_str!("../../data/2024-08-15-checkout-slow-queries.yaml"),
            include_str!("../../data/2025-09-23-search-ranking-flag-rollout.yaml"),
        ] {
            assert_eq!(check(shipped), Ok(()));
        }
    }

    #[test]
    fn deep_flow_is_refused_where_it_gets_too_deep() {
        let text = format!(
            "title: x\ntimeline: {}{}\n",
            "[".repeat(100),
            "]".repeat(100)
        );
        assert_eq!(
            check(&text),
            Err(TooDeep {
                line: 2,
                // The line is one level; the 63rd bracket makes 64, the 64th (column 74) one more.
                col: 10 + MAX_DEPTH
            })
        );
        let ok = format!("timeline: {}{}\n", "[".repeat(60), "]".repeat(60));
        assert_eq!(check(&ok), Ok(()));
        // A quote inside a flow scalar (`[a'`) opens nothing: the brackets after it count.
        let hidden = format!("x: [a'{}\n", "[".repeat(100));
        assert!(check(&hidden).is_err());
        // Brackets spread over lines still count.
        let lines = format!("a:\n{}", "  [\n".repeat(100));
        assert!(check(&lines).is_err());
    }

    #[test]
    fn deep_blocks_are_refused() {
        let compact = format!("a: 1\nb:\n{}x\n", "- ".repeat(100));
        assert_eq!(check(&compact).map_err(|e| e.line), Err(3));
        let mut indented = String::new();
        for i in 0..100 {
            indented.push_str(&format!("{}k{i}:\n", " ".repeat(i)));
        }
        assert_eq!(check(&indented).map_err(|e| e.line), Err(MAX_DEPTH + 1));
        // Going back out frees the levels.
        let mut wavy = String::new();
        for _ in 0..100 {
            wavy.push_str("a:\n  b:\n    c: 1\n");
        }
        assert_eq!(check(&wavy), Ok(()));
    }
}
