//! Studies and records: playing and replaying matches (`play`), game records on disk
//! (`record`), after-action reports (`report`), what-if comparisons (`whatif`) and the
//! calibration against the reporting (`calibrate`).

pub mod calibrate;
pub mod play;
pub mod record;
pub mod report;
pub mod whatif;
