//! Live mode: following one incident file while writing to it (`retrace live FILE`).

use crate::store::Writer;

/// The live session of the open incident: its writer (whose undo list is "what I did").
#[derive(Debug)]
pub struct Live {
    pub writer: Writer,
}

impl Live {
    pub fn new(writer: Writer) -> Live {
        Live { writer }
    }
}
