//! Drawing pieces shared by the screens: timeline rows, the phase bar and its legend, the line
//! editor, the help overlay. A widget takes narrow arguments (the theme, the data it draws, a
//! width or an area) and reads no clock and no disk.

pub mod help;
pub mod line_editor;
pub mod phase_bar;
pub mod timeline;
