//! HR analytics: capability gaps, the 9-box, pilot metrics, learning effect, team learning
//! speed, forecasts of gaps, the maturity quadrant and the data dictionary, computed from the
//! org model, the dataset and one cycle's plans.

pub mod types;

pub use types::*;
