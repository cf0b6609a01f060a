//! Folders of incident files (placeholder, filled in below in this commit series).
