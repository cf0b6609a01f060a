//! Fields most events leave empty, held behind one thin pointer (8 bytes) instead of a boxed
//! slice or string (16): an event's links and its source reference. A Markdown postmortem has
//! neither on most entries, and a loaded corpus holds a million events (issue 10).

use serde::{Serialize, Serializer};

/// A string behind a thin pointer: 8 bytes, `Option<ThinStr>` too; one more heap block than a
/// `Box<str>` when set. Read as a `&str` (`Deref<Target = str>`), made from any string
/// (`"slack:C1/2".into()`). Serialised as its text.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ThinStr(Box<Box<str>>);

impl ThinStr {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for ThinStr {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for ThinStr {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl From<&str> for ThinStr {
    fn from(s: &str) -> Self {
        ThinStr(Box::new(s.into()))
    }
}

impl From<String> for ThinStr {
    fn from(s: String) -> Self {
        ThinStr(Box::new(s.into_boxed_str()))
    }
}

impl From<Box<str>> for ThinStr {
    fn from(s: Box<str>) -> Self {
        ThinStr(Box::new(s))
    }
}

impl From<std::borrow::Cow<'_, str>> for ThinStr {
    fn from(s: std::borrow::Cow<'_, str>) -> Self {
        ThinStr::from(s.into_owned())
    }
}

impl std::fmt::Display for ThinStr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::fmt::Debug for ThinStr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self.0, f)
    }
}

impl PartialEq<str> for ThinStr {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for ThinStr {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl Serialize for ThinStr {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// An event's links: 8 bytes, no heap block when there are none. Read as a `&[String]`
/// (`Deref`), made from a `Vec<String>` (`links.into()`), serialised as a list.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Links(Option<Box<Box<[String]>>>);

impl Links {
    /// The links as a vector (empty when there are none).
    pub fn into_vec(self) -> Vec<String> {
        self.0.map(|b| (*b).into_vec()).unwrap_or_default()
    }
}

impl std::ops::Deref for Links {
    type Target = [String];
    fn deref(&self) -> &[String] {
        self.0.as_deref().map_or(&[], |b| b)
    }
}

impl From<Vec<String>> for Links {
    fn from(v: Vec<String>) -> Self {
        Links((!v.is_empty()).then(|| Box::new(v.into_boxed_slice())))
    }
}

impl From<Box<[String]>> for Links {
    fn from(v: Box<[String]>) -> Self {
        Links((!v.is_empty()).then(|| Box::new(v)))
    }
}

impl FromIterator<String> for Links {
    fn from_iter<I: IntoIterator<Item = String>>(iter: I) -> Self {
        Links::from(iter.into_iter().collect::<Vec<_>>())
    }
}

impl IntoIterator for Links {
    type Item = String;
    type IntoIter = std::vec::IntoIter<String>;
    fn into_iter(self) -> Self::IntoIter {
        self.into_vec().into_iter()
    }
}

impl<'a> IntoIterator for &'a Links {
    type Item = &'a String;
    type IntoIter = std::slice::Iter<'a, String>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl std::fmt::Debug for Links {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
    }
}

impl Serialize for Links {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (**self).serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thin_fields_are_one_pointer_and_read_back() {
        assert_eq!(std::mem::size_of::<Option<ThinStr>>(), 8);
        assert_eq!(std::mem::size_of::<Links>(), 8);
        let s = ThinStr::from("slack:C1/2");
        assert_eq!(s, "slack:C1/2");
        assert_eq!(format!("{s} {s:?}"), "slack:C1/2 \"slack:C1/2\"");
        let none = Links::default();
        assert!(none.is_empty());
        assert_eq!(Links::from(Vec::new()), none);
        let two = Links::from(vec!["a".to_string(), "b".to_string()]);
        assert_eq!(two.len(), 2);
        assert_eq!((&two).into_iter().cloned().collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(two.clone().into_vec(), ["a", "b"]);
        assert_eq!(serde_json::to_string(&two).unwrap(), r#"["a","b"]"#);
        assert_eq!(serde_json::to_string(&s).unwrap(), r#""slack:C1/2""#);
    }
}
