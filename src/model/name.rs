//! Short, often repeated words of the model kept once for the whole process: an event's author
//! and branch id, the words an inference matched. A loaded corpus holds a million events
//! (issue 10); the same few hundred names and lexicon phrases stood in it as a million boxed
//! strings. A [`Name`] is a 4-byte id into one process-wide table instead.
//!
//! The table only grows: a name interned once stays for the life of the process (reloading the
//! same files finds the names already there, so a watching TUI grows only with names it has
//! never seen). Reading a name takes no lock; interning one takes a short one.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::{LazyLock, Mutex, OnceLock};

use serde::{Serialize, Serializer};

/// A string interned in the process-wide table: 4 bytes, compared by id, read as a `&str`
/// (`Deref<Target = str>`). Made from any string (`"rollback".into()`, `Name::from(s)`);
/// [`Name::default`] is the empty string. Serialised as its text.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Name(NonZeroU32);

/// Segment `k` of the table holds ids `2^k - 1 .. 2^(k+1) - 1`: it never moves once made, so a
/// reader needs no lock, and 33 segments hold every `u32` id.
static SEGMENTS: [OnceLock<Box<[OnceLock<&'static str>]>>; 33] = [const { OnceLock::new() }; 33];

/// The ids of the names interned so far, and how many there are.
static IDS: LazyLock<Mutex<HashMap<&'static str, u32>>> = LazyLock::new(|| {
    let mut ids = HashMap::new();
    store(0, "");
    ids.insert("", 0);
    Mutex::new(ids)
});

/// The segment and the place in it of id `id`.
fn slot(id: u32) -> (usize, usize) {
    let n = u64::from(id) + 1;
    // n is at least 1, so its top bit is at most 32.
    let k = 63 - n.leading_zeros() as usize;
    (k, (n - (1 << k)) as usize)
}

fn store(id: u32, s: &'static str) {
    let (k, i) = slot(id);
    let len = 1usize.checked_shl(k as u32).unwrap_or(usize::MAX);
    let segment = SEGMENTS[k].get_or_init(|| (0..len).map(|_| OnceLock::new()).collect());
    if let Some(place) = segment.get(i) {
        let _ = place.set(s);
    }
}

impl Name {
    /// The name of `s`, interned if it is new. More than `u32::MAX - 1` distinct names (which no
    /// corpus holds: that is 4 billion strings) would share the last id's text.
    pub fn new(s: &str) -> Name {
        let mut ids = IDS.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&id) = ids.get(s) {
            return Name::of(id);
        }
        let Some(id) = u32::try_from(ids.len()).ok().filter(|&id| id < u32::MAX) else {
            return Name::of(u32::MAX - 1);
        };
        let s: &'static str = Box::leak(s.into());
        store(id, s);
        ids.insert(s, id);
        Name::of(id)
    }

    /// The name of id `id` (stored as `id + 1`, so `Option<Name>` is 4 bytes too).
    fn of(id: u32) -> Name {
        Name(NonZeroU32::MIN.saturating_add(id))
    }

    fn id(&self) -> u32 {
        self.0.get() - 1
    }

    /// The text of the name.
    pub fn as_str(&self) -> &str {
        let (k, i) = slot(self.id());
        SEGMENTS[k]
            .get()
            .and_then(|segment| segment.get(i)?.get())
            .copied()
            .unwrap_or("")
    }
}

impl Default for Name {
    /// The empty string.
    fn default() -> Self {
        Name::new("")
    }
}

impl std::ops::Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for Name {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for Name {
    fn from(s: &str) -> Self {
        Name::new(s)
    }
}

impl From<&String> for Name {
    fn from(s: &String) -> Self {
        Name::new(s)
    }
}

impl From<String> for Name {
    fn from(s: String) -> Self {
        Name::new(&s)
    }
}

impl From<Box<str>> for Name {
    fn from(s: Box<str>) -> Self {
        Name::new(&s)
    }
}

impl From<std::borrow::Cow<'_, str>> for Name {
    fn from(s: std::borrow::Cow<'_, str>) -> Self {
        Name::new(&s)
    }
}

impl From<Name> for String {
    fn from(n: Name) -> Self {
        n.as_str().to_string()
    }
}

impl std::fmt::Display for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Debug for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

eq_as_str!(Name);

impl PartialEq<Name> for String {
    fn eq(&self, other: &Name) -> bool {
        self == other.as_str()
    }
}

impl PartialOrd for Name {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Name {
    /// By text, like the strings it stands for.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Serialize for Name {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_text_is_the_same_name_and_reads_back() {
        let a = Name::from("rollback theory");
        let b = Name::from(String::from("rollback theory"));
        let c = Name::from("network theory");
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(a.as_str(), "rollback theory");
        assert_eq!(&*c, "network theory");
        assert_eq!(Name::default().as_str(), "");
        assert!(Name::default().is_empty());
        assert_eq!(std::mem::size_of::<Option<Name>>(), 4);
    }

    #[test]
    fn ids_cross_segment_bounds_and_threads() {
        // Ids 0, 1, 2, 3, 6, 7, 14, 15 ... sit at the ends of segments: every one reads back.
        let names: Vec<(String, Name)> = std::thread::scope(|s| {
            let workers: Vec<_> = (0..2)
                .map(|t| {
                    s.spawn(move || {
                        (0..600)
                            .map(|i| {
                                let text = format!("segment test {t} {i}");
                                let name = Name::new(&text);
                                (text, name)
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            workers
                .into_iter()
                .flat_map(|w| w.join().unwrap())
                .collect()
        });
        for (text, name) in &names {
            assert_eq!(name.as_str(), text);
            assert_eq!(Name::new(text), *name);
        }
        assert_eq!(slot(0), (0, 0));
        assert_eq!(slot(1), (1, 0));
        assert_eq!(slot(2), (1, 1));
        assert_eq!(slot(6), (2, 3));
        assert_eq!(slot(u32::MAX), (32, 0));
    }
}
