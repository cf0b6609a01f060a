//! Drawing pieces shared by the screens: timeline rows, the phase bar and its legend, the line
//! editor, the help overlay, big letters. A widget takes narrow arguments (the theme, the data it
//! draws, a width or an area) and reads no clock and no disk.

pub mod big_text;
pub mod help;
pub mod line_editor;
pub mod phase_bar;
pub mod timeline;
