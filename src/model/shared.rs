//! An event's text, which may share one block with the other texts of its incident (issue 10).
//!
//! A loaded corpus holds a million event texts of about 60 bytes. Each in a heap block of its
//! own costs the allocator's overhead on every one (a header and the rounding up: about 16
//! bytes a text, a quarter of the text again), and the search index copied every text a second
//! time. A [`SharedStr`] is a range of a reference-counted [`TextBlock`]: the loader puts an
//! incident's texts in one block ([`SharedStr::share`]), and the search index holds the same
//! ranges (a count on the block, no copy).

use std::sync::{Arc, LazyLock};

use serde::{Serialize, Serializer};

/// `len` of a [`SharedStr`] that runs to the end of its block (a text with a block of its own,
/// of any length).
const TO_END: u32 = u32::MAX;

/// A block of text shared by several [`SharedStr`]s (one per incident once loaded). Its
/// reference count is held by each of them: the block is freed with the last.
#[derive(Clone, Debug)]
pub struct TextBlock(Arc<Box<str>>);

impl TextBlock {
    /// A block of `text` (the text is moved, not copied).
    pub fn new(text: String) -> TextBlock {
        TextBlock(Arc::new(text.into_boxed_str()))
    }

    /// The text of bytes `start..end` of the block (char boundaries), sharing it. A range that
    /// cannot be held in 32-bit offsets (a block over 4 GiB) is copied into a block of its own.
    ///
    /// Panics when `start..end` is not a range of the block on char boundaries.
    pub fn slice(&self, start: usize, end: usize) -> SharedStr {
        let text = &self.0[start..end];
        match (u32::try_from(start), u32::try_from(end - start)) {
            (Ok(s), Ok(n)) if n != TO_END => SharedStr {
                block: Arc::clone(&self.0),
                start: s,
                len: n,
            },
            _ => SharedStr::from(text),
        }
    }
}

/// An event's text: read as a `&str` (`Deref<Target = str>`), made from any string
/// (`"Rollback started".into()`), compared and serialised as its text. 16 bytes, like the
/// `Box<str>` it replaced; cloning it counts one more reference to its block, nothing copied.
#[derive(Clone)]
pub struct SharedStr {
    block: Arc<Box<str>>,
    /// Byte offset of the text in the block.
    start: u32,
    /// Length in bytes, or [`TO_END`]: the rest of the block.
    len: u32,
}

/// The empty text's block, shared by every empty text.
static EMPTY: LazyLock<Arc<Box<str>>> = LazyLock::new(|| Arc::new("".into()));

/// Where a [`SharedStr`]'s text lies in its block, without the block: 8 bytes. The search index
/// keeps each block once and a range per event (a [`SharedStr`] per event was 16 bytes and a
/// count on the block each).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct BlockRange {
    /// Byte offset of the text in the block.
    start: u32,
    /// Length in bytes, or [`TO_END`]: the rest of the block.
    len: u32,
}

impl BlockRange {
    /// The text in `block` (the block of the [`SharedStr`] it was taken from).
    #[inline]
    pub(crate) fn of(self, block: &str) -> &str {
        let start = self.start as usize;
        if self.len == TO_END {
            &block[start..]
        } else {
            &block[start..start + self.len as usize]
        }
    }

    /// Byte offset of the text in its block.
    #[inline]
    pub(crate) fn start(self) -> usize {
        self.start as usize
    }

    /// The length of the text in bytes, without reading it.
    #[inline]
    pub(crate) fn len(self, block: &str) -> usize {
        if self.len == TO_END {
            block.len() - self.start as usize
        } else {
            self.len as usize
        }
    }
}

impl TextBlock {
    /// The whole block's text.
    #[inline]
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

impl SharedStr {
    /// The text.
    #[inline]
    pub fn as_str(&self) -> &str {
        self.range().of(&self.block)
    }

    /// The length in bytes, read without touching the text (the search ranks by it).
    #[inline]
    pub fn len(&self) -> usize {
        self.range().len(&self.block)
    }

    /// Where the text lies in its block.
    #[inline]
    pub(crate) fn range(&self) -> BlockRange {
        BlockRange {
            start: self.start,
            len: self.len,
        }
    }

    /// The block the text is in, shared (one more count on it).
    pub(crate) fn block(&self) -> TextBlock {
        TextBlock(Arc::clone(&self.block))
    }

    /// Whether the text is in `block`.
    pub(crate) fn is_in(&self, block: &TextBlock) -> bool {
        Arc::ptr_eq(&self.block, &block.0)
    }

    /// True for the empty text.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Put `texts` in one new block, each becoming a range of it (one copy of each text; their
    /// own blocks are freed when nothing else holds them). Texts already in one block are left
    /// as they are.
    pub fn share(texts: &mut [&mut SharedStr]) {
        let Some(first) = texts.first() else { return };
        if texts
            .iter()
            .all(|t| Arc::ptr_eq(&t.block, &first.block) && t.len != TO_END)
        {
            return;
        }
        let total = texts.iter().map(|t| t.len()).sum();
        let mut block = String::with_capacity(total);
        for t in texts.iter() {
            block.push_str(t);
        }
        let block = TextBlock::new(block);
        let mut at = 0;
        for t in texts.iter_mut() {
            let end = at + t.len();
            **t = block.slice(at, end);
            at = end;
        }
    }

    /// Whether `self` and `other` are ranges of the same block (a test of sharing, not of the
    /// text).
    pub fn same_block(&self, other: &SharedStr) -> bool {
        Arc::ptr_eq(&self.block, &other.block)
    }
}

impl Default for SharedStr {
    fn default() -> Self {
        SharedStr {
            block: Arc::clone(&EMPTY),
            start: 0,
            len: TO_END,
        }
    }
}

impl std::ops::Deref for SharedStr {
    type Target = str;
    #[inline]
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for SharedStr {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for SharedStr {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl From<Box<str>> for SharedStr {
    fn from(s: Box<str>) -> Self {
        if s.is_empty() {
            return SharedStr::default();
        }
        SharedStr {
            block: Arc::new(s),
            start: 0,
            len: TO_END,
        }
    }
}

impl From<String> for SharedStr {
    fn from(s: String) -> Self {
        SharedStr::from(s.into_boxed_str())
    }
}

impl From<&str> for SharedStr {
    fn from(s: &str) -> Self {
        SharedStr::from(Box::<str>::from(s))
    }
}

impl From<&String> for SharedStr {
    fn from(s: &String) -> Self {
        SharedStr::from(s.as_str())
    }
}

impl From<std::borrow::Cow<'_, str>> for SharedStr {
    fn from(s: std::borrow::Cow<'_, str>) -> Self {
        SharedStr::from(s.into_owned())
    }
}

impl From<SharedStr> for String {
    fn from(s: SharedStr) -> Self {
        s.as_str().to_string()
    }
}

impl From<SharedStr> for Box<str> {
    fn from(s: SharedStr) -> Self {
        s.as_str().into()
    }
}

impl std::fmt::Display for SharedStr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self)
    }
}

impl std::fmt::Debug for SharedStr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq for SharedStr {
    fn eq(&self, other: &SharedStr) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for SharedStr {}

impl std::hash::Hash for SharedStr {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.as_str().hash(h)
    }
}

impl PartialOrd for SharedStr {
    fn partial_cmp(&self, other: &SharedStr) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for SharedStr {
    fn cmp(&self, other: &SharedStr) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

eq_as_str!(SharedStr);

impl Serialize for SharedStr {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_shared_in_one_block_read_back_as_they_were() {
        assert_eq!(std::mem::size_of::<SharedStr>(), 16);
        let mut a = SharedStr::from("Rollback started");
        let mut b = SharedStr::from(String::from("p99 at 4s — café"));
        let mut c = SharedStr::default();
        assert!(!a.same_block(&b));
        SharedStr::share(&mut [&mut a, &mut b, &mut c]);
        assert_eq!(
            (a.as_str(), b.as_str(), c.as_str()),
            ("Rollback started", "p99 at 4s — café", "")
        );
        assert!(a.same_block(&b) && b.same_block(&c));
        // Shared already: left as it is.
        let before = a.clone();
        SharedStr::share(&mut [&mut a, &mut b]);
        assert!(a.same_block(&before));
        assert_eq!(a, "Rollback started");
        assert_eq!(
            format!("{b} {b:?}"),
            "p99 at 4s — café \"p99 at 4s — café\""
        );
        assert_eq!(serde_json::to_string(&a).unwrap(), r#""Rollback started""#);
    }

    #[test]
    fn a_slice_of_a_block_is_its_range() {
        let block = TextBlock::new("alphabeta".to_string());
        let (a, b) = (block.slice(0, 5), block.slice(5, 9));
        assert_eq!((a.as_str(), b.as_str()), ("alpha", "beta"));
        assert!(a.same_block(&b));
        assert_eq!(block.slice(9, 9), "");
    }
}
