//! Ids made from people's words: a branch id from a hypothesis' name.

/// At most this many characters of words in a branch id; a word is never cut.
const BRANCH_ID_CHARS: usize = 40;

/// A branch id from a hypothesis name, keeping its words: `DB is saturated` →
/// `db-is-saturated`, `Bad deploy of checkout 4.2` → `bad-deploy-of-checkout-4.2` (a `.` or `_`
/// inside a word, as in a version, stays). Lowercase; runs of anything else become one `-`; whole
/// words up to 40 characters (a longer first word is cut); `h` when nothing is left; unique
/// among `taken` (`db-2`).
pub fn branch_id(name: &str, taken: &[&str]) -> String {
    let lower: String = name.chars().flat_map(char::to_lowercase).collect();
    let chars: Vec<char> = lower.chars().collect();
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    for (i, &c) in chars.iter().enumerate() {
        // `.` and `_` join two parts of one word (`4.2`, `v1.2.3`, `db_primary`).
        let joins = matches!(c, '.' | '_')
            && !word.is_empty()
            && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
        if c.is_alphanumeric() || joins {
            word.push(c);
        } else if !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    let mut id = String::new();
    for w in words {
        let len = id.chars().count() + usize::from(!id.is_empty()) + w.chars().count();
        if len > BRANCH_ID_CHARS {
            if id.is_empty() {
                id = w.chars().take(BRANCH_ID_CHARS).collect();
            }
            break;
        }
        if !id.is_empty() {
            id.push('-');
        }
        id.push_str(&w);
    }
    let id = if id.is_empty() { "h".to_string() } else { id };
    if !taken.contains(&id.as_str()) {
        return id;
    }
    (2..)
        .map(|n| format!("{id}-{n}"))
        .find(|c| !taken.contains(&c.as_str()))
        .expect("some suffix is free")
}

#[cfg(test)]
mod tests {
    use super::branch_id;

    #[test]
    fn branch_ids_keep_the_hypothesis_words() {
        assert_eq!(
            branch_id("Bad deploy of checkout 4.2", &[]),
            "bad-deploy-of-checkout-4.2"
        );
        assert_eq!(branch_id("DB is saturated!", &[]), "db-is-saturated");
        assert_eq!(branch_id("db_primary v1.2.3.", &[]), "db_primary-v1.2.3");
        // Whole words only: the one that does not fit is left out, not cut.
        assert_eq!(
            branch_id("the connection pool of the payments database ran dry", &[]),
            "the-connection-pool-of-the-payments"
        );
        assert_eq!(branch_id(&"x".repeat(60), &[]), "x".repeat(40));
        assert_eq!(branch_id("db", &["db"]), "db-2");
        assert_eq!(branch_id("db", &["db", "db-2"]), "db-3");
        assert_eq!(branch_id("  ", &[]), "h");
        assert_eq!(branch_id("...", &[]), "h");
    }
}
