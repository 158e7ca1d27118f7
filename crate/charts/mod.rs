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

/// A pointer over a chart's canvas as the page measures it: the pointer and the canvas's box in
/// CSS pixels, and the canvas's own size in canvas pixels (which follows the screen's pixel
/// ratio, so the two differ on a high-density screen).
#[derive(Debug, Clone, Copy, PartialEq, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PointerOnCanvas {
    pub client_x: f64,
    pub client_y: f64,
    pub left: f64,
    pub top: f64,
    pub css_width: f64,
    pub css_height: f64,
    pub canvas_width: f64,
    pub canvas_height: f64,
}

impl PointerOnCanvas {
    /// The canvas pixel under the pointer (what a chart's plot mapping reads); None while the
    /// canvas has no size (not laid out).
    pub fn canvas_pixel(&self) -> Option<(f64, f64)> {
        if !(self.css_width > 0.0 && self.css_height > 0.0) {
            return None;
        }
        let x = (self.client_x - self.left) * (self.canvas_width / self.css_width);
        let y = (self.client_y - self.top) * (self.canvas_height / self.css_height);
        Some((x, y))
    }
}

/// What went wrong while drawing, as text (the backends' error types differ).
pub type DrawResult = Result<(), String>;

fn err<E: std::fmt::Debug>(e: E) -> String {
    format!("chart drawing failed: {e:?}")
}
