pub mod big_text;
pub mod phase_bar;
