//! Charts, one module per chart, each generic over plotters' `DrawingBackend` so the same code
//! draws on a canvas in the page and to SVG in native tests. `history` holds the numbers;
//! charts only render them. Labels come from the caller (the page's translation table).

pub mod accuracy;
pub mod contour;
pub mod function1d;
pub mod history;
pub mod loss;
pub mod series;

pub use history::History;

use plotters::prelude::*;

pub const RAW_COLOR: RGBColor = RGBColor(160, 190, 225);
pub const SMOOTH_COLOR: RGBColor = RGBColor(25, 90, 170);
pub const TRAIN_COLOR: RGBColor = RGBColor(25, 90, 170);
pub const TEST_COLOR: RGBColor = RGBColor(220, 100, 20);

/// The words on one chart, already translated.
#[derive(Debug, Clone, Default)]
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

/// The legend box of the series drawn so far, in the same style on every chart.
fn draw_legend<'a, DB, CT>(chart: &mut ChartContext<'a, DB, CT>, position: SeriesLabelPosition) -> DrawResult
where
    DB: DrawingBackend + 'a,
    CT: plotters::coord::CoordTranslate,
{
    chart
        .configure_series_labels()
        .position(position)
        .background_style(WHITE.mix(0.85))
        .border_style(RGBColor(200, 200, 200))
        .label_font(("sans-serif", 13))
        .draw()
        .map_err(err)
}
