//! Charts, one module per chart, each generic over plotters' `DrawingBackend` so the same code
//! draws on a canvas in the page and to SVG in native tests. `history` holds the runs' numbers;
//! charts only render them. Labels come from the caller (the page's translation table).
//!
//! Every chart is drawn in `frame` (title, axes, legend outside the plot, sized by `Scale` for
//! the screen's pixel density) with the ticks of `ticks` (one policy for every axis).

pub mod accuracy;
pub mod contour;
pub mod frame;
pub mod function1d;
pub mod history;
pub mod loss;
pub mod series;
pub mod ticks;

pub use frame::Scale;
pub use history::History;

use plotters::prelude::*;

pub const RAW_COLOR: RGBColor = RGBColor(160, 190, 225);
pub const SMOOTH_COLOR: RGBColor = RGBColor(25, 90, 170);
pub const TRAIN_COLOR: RGBColor = RGBColor(25, 90, 170);
pub const TEST_COLOR: RGBColor = RGBColor(220, 100, 20);

/// The words on one chart, already translated.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct ChartLabels {
    pub title: String,
    pub x: String,
    pub y: String,
    /// Legend names of the two series.
    pub series: [String; 2],
}

/// What went wrong while drawing, as text (the backends' error types differ).
pub type DrawResult = Result<(), String>;

fn err<E: std::fmt::Debug>(e: E) -> String {
    format!("chart drawing failed: {e:?}")
}
