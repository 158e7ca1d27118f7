//! The 2-D lesson plot (§3.2–3.3, §4 optimizer race): f(x₀, x₁) as shaded cells with contour
//! lines, the field of −∇f arrows (labelled "−∇f" so nobody reads them as ∇f), trajectories,
//! and the points where ∇f = 0 marked by kind. Everything drawn is computed beforehand by
//! `lessons::surface` / `lessons::descent`; this module only renders it.
//!
//! `draw` returns a `PlotMapping` so the page can turn a click (canvas pixel) into (x₀, x₁).

use super::{draw_legend, err};
use super::series::{color, Titles};
use crate::lessons::surface::{Arrow, CriticalPoint, Grid, PointKind};
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;

/// How data coordinates and backend pixels correspond on a drawn chart. Pixels are those of
/// the whole drawing area (the canvas's own pixels, not CSS pixels: the page scales a click
/// by canvas.width / rect.width first). Plotters puts x_min at column `left`, x_max at `right`,
/// y_max at row `top` and y_min at row `bottom`, linearly in between.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlotMapping {
    pub x: (f64, f64),
    pub y: (f64, f64),
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
}

impl PlotMapping {
    /// Reads the ranges and the plotting area of a built chart (plotters maps x over
    /// start..=end−1 of the area's pixel range, and y the same way, upside down).
    pub fn of<DB: DrawingBackend>(
        chart: &ChartContext<DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    ) -> PlotMapping {
        let (xs, ys) = chart.plotting_area().get_pixel_range();
        let (xr, yr) = (chart.x_range(), chart.y_range());
        PlotMapping {
            x: (xr.start, xr.end),
            y: (yr.start, yr.end),
            left: xs.start as f64,
            right: (xs.end - 1) as f64,
            top: ys.start as f64,
            bottom: (ys.end - 1) as f64,
        }
    }

    /// The data point under pixel (px, py), or None outside the plotting area.
    pub fn to_data(&self, px: f64, py: f64) -> Option<[f64; 2]> {
        if !(self.left..=self.right).contains(&px) || !(self.top..=self.bottom).contains(&py) {
            return None;
        }
        let u = (px - self.left) / (self.right - self.left);
        let v = (self.bottom - py) / (self.bottom - self.top);
        Some([self.x.0 + u * (self.x.1 - self.x.0), self.y.0 + v * (self.y.1 - self.y.0)])
    }

    /// The pixel of data point p (not rounded; may lie outside the area).
    pub fn to_pixel(&self, [a, b]: [f64; 2]) -> (f64, f64) {
        let u = (a - self.x.0) / (self.x.1 - self.x.0);
        let v = (b - self.y.0) / (self.y.1 - self.y.0);
        (self.left + u * (self.right - self.left), self.bottom - v * (self.bottom - self.top))
    }

    /// [left, top, right, bottom, x_min, x_max, y_min, y_max], the form handed to JavaScript.
    pub fn to_array(&self) -> [f64; 8] {
        [self.left, self.top, self.right, self.bottom, self.x.0, self.x.1, self.y.0, self.y.1]
    }

    /// Pixels per data unit along x and along y.
    fn scale(&self) -> (f64, f64) {
        ((self.right - self.left) / (self.x.1 - self.x.0), (self.bottom - self.top) / (self.y.1 - self.y.0))
    }

    /// Moves p into the data rectangle (for points of a diverging run).
    fn clamp(&self, [a, b]: [f64; 2]) -> (f64, f64) {
        (a.clamp(self.x.0, self.x.1), b.clamp(self.y.0, self.y.1))
    }
}

/// The words on the contour chart, already translated.
#[derive(Debug, Clone, Default)]
pub struct ContourLabels {
    pub titles: Titles,
    /// Legend of the arrows: "−∇f" (with words around it if the page likes).
    pub neg_grad: String,
    pub minimum: String,
    pub maximum: String,
    pub saddle: String,
}

/// A path of iterates to overlay, with its legend label.
#[derive(Debug, Clone, Default)]
pub struct Trajectory {
    pub label: String,
    pub points: Vec<[f64; 2]>,
}

/// Everything the chart shows, sampled beforehand.
#[derive(Debug, Clone)]
pub struct Scene {
    /// f on a grid covering the plotted domain; its xs/ys span the axes.
    pub grid: Grid,
    /// Contour levels (see `Grid::levels`).
    pub levels: Vec<f64>,
    /// −∇f at the cell centres of an n × n grid (n = `arrows_per_side`).
    pub arrows: Vec<Arrow>,
    pub arrows_per_side: usize,
    /// true: every arrow the same length (direction only); false: length ∝ |∇f|, the
    /// longest arrow filling 90% of its cell.
    pub normalized: bool,
    pub trajectories: Vec<Trajectory>,
    pub critical_points: Vec<CriticalPoint>,
}

const ARROW_COLOR: RGBColor = RGBColor(70, 70, 70);
const CONTOUR_COLOR: RGBColor = RGBColor(130, 130, 150);

/// Colour of a cell at `shade` ∈ [0, 1] (low = pale blue, high = pale orange), light enough
/// for the arrows and trajectories to read on top.
fn heat(shade: f64) -> RGBColor {
    let stops = [(225.0, 237.0, 252.0), (246.0, 246.0, 226.0), (250.0, 200.0, 150.0)];
    let s = shade.clamp(0.0, 1.0) * 2.0;
    let (a, b, t) = if s < 1.0 { (stops[0], stops[1], s) } else { (stops[1], stops[2], s - 1.0) };
    let mix = |p: f64, q: f64| (p + (q - p) * t).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Draws the scene on `area` and returns its pixel ↔ data mapping.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    scene: &Scene,
    labels: &ContourLabels,
) -> Result<PlotMapping, String> {
    area.fill(&WHITE).map_err(err)?;
    let g = &scene.grid;
    let (x0, x1) = (g.xs[0], *g.xs.last().expect("grid has ≥ 2 columns"));
    let (y0, y1) = (g.ys[0], *g.ys.last().expect("grid has ≥ 2 rows"));
    let mut chart = ChartBuilder::on(area)
        .caption(&labels.titles.title, ("sans-serif", 16))
        .margin(10)
        .x_label_area_size(40)
        .y_label_area_size(50)
        .build_cartesian_2d(x0..x1, y0..y1)
        .map_err(err)?;
    let mapping = PlotMapping::of(&chart);

    // Shaded cells, each by the mean of its four corners.
    let cells = (0..g.ys.len() - 1).flat_map(|j| {
        (0..g.xs.len() - 1).map(move |i| {
            let mean = (g.value(i, j) + g.value(i + 1, j) + g.value(i, j + 1) + g.value(i + 1, j + 1)) / 4.0;
            Rectangle::new([(g.xs[i], g.ys[j]), (g.xs[i + 1], g.ys[j + 1])], heat(g.shade(mean)).filled())
        })
    });
    chart.draw_series(cells).map_err(err)?;
    chart.configure_mesh().x_desc(&labels.titles.x).y_desc(&labels.titles.y).disable_mesh().draw().map_err(err)?;
    for &level in &scene.levels {
        let lines = g
            .contour(level)
            .into_iter()
            .map(|[a, b]| PathElement::new(vec![(a[0], a[1]), (b[0], b[1])], CONTOUR_COLOR));
        chart.draw_series(lines).map_err(err)?;
    }

    // Arrows, sized in pixels so they look right whatever the aspect ratio of the axes.
    let (kx, ky) = mapping.scale();
    let n = scene.arrows_per_side.max(1) as f64;
    let cell_px = ((mapping.right - mapping.left) / n).min((mapping.bottom - mapping.top) / n);
    let screen_len = |a: &Arrow| (a.dir[0] * kx).hypot(a.dir[1] * ky);
    let longest = scene.arrows.iter().map(screen_len).filter(|l| l.is_finite()).fold(0.0, f64::max);
    let mut shapes: Vec<PathElement<(f64, f64)>> = Vec::new();
    for a in &scene.arrows {
        let len = screen_len(a);
        if !len.is_finite() || len == 0.0 || longest == 0.0 {
            continue;
        }
        let target_px = if scene.normalized { 0.8 * cell_px } else { 0.9 * cell_px * len / longest };
        if target_px < 2.0 {
            continue; // too short to see: the gradient is nearly 0 here
        }
        // Unit direction on screen (y up), then the tip and two barbs in data units.
        let (ux, uy) = (a.dir[0] * kx / len, a.dir[1] * ky / len);
        let to_data = |px: f64, py: f64| (px / kx, py / ky);
        let (tx, ty) = to_data(ux * target_px, uy * target_px);
        let tail = (a.at[0] - tx / 2.0, a.at[1] - ty / 2.0);
        let tip = (a.at[0] + tx / 2.0, a.at[1] + ty / 2.0);
        let barb = (0.35 * target_px).min(6.0);
        let (c, s) = (30f64.to_radians().cos(), 30f64.to_radians().sin()); // barbs at ±30° from the shaft
        let side = |sign: f64| {
            let (bx, by) = (-(ux * c - sign * uy * s) * barb, -(uy * c + sign * ux * s) * barb);
            let (dx, dy) = to_data(bx, by);
            (tip.0 + dx, tip.1 + dy)
        };
        shapes.push(PathElement::new(vec![tail, tip], ARROW_COLOR.stroke_width(1)));
        shapes.push(PathElement::new(vec![side(1.0), tip, side(-1.0)], ARROW_COLOR.stroke_width(1)));
    }
    chart.draw_series(shapes).map_err(err)?.label(&labels.neg_grad).legend(|(x, y)| {
        PathElement::new(
            vec![(x, y), (x + 16, y), (x + 11, y - 4), (x + 16, y), (x + 11, y + 4)],
            ARROW_COLOR.stroke_width(1),
        )
    });

    for (k, t) in scene.trajectories.iter().enumerate() {
        if t.points.is_empty() {
            continue;
        }
        let c = color(k);
        let pts: Vec<(f64, f64)> = t.points.iter().map(|&p| mapping.clamp(p)).collect();
        chart
            .draw_series(LineSeries::new(pts.clone(), c.stroke_width(2)))
            .map_err(err)?
            .label(&t.label)
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], c.stroke_width(2)));
        chart.draw_series(pts.iter().map(|&p| Circle::new(p, 2, c.filled()))).map_err(err)?;
        chart.draw_series(std::iter::once(Circle::new(pts[0], 5, c.stroke_width(2)))).map_err(err)?;
        let last = *pts.last().expect("non-empty");
        chart.draw_series(std::iter::once(Circle::new(last, 4, c.filled()))).map_err(err)?;
    }

    let kinds = [
        (PointKind::Minimum, &labels.minimum, RGBColor(20, 120, 40)),
        (PointKind::Maximum, &labels.maximum, RGBColor(190, 30, 30)),
        (PointKind::Saddle, &labels.saddle, RGBColor(120, 60, 160)),
    ];
    for (kind, label, c) in kinds {
        let points: Vec<(f64, f64)> =
            scene.critical_points.iter().filter(|p| p.kind == kind).map(|p| (p.x[0], p.x[1])).collect();
        if points.is_empty() {
            continue;
        }
        let drawn = match kind {
            PointKind::Minimum => chart.draw_series(points.iter().map(|&p| Circle::new(p, 6, c.filled()))),
            PointKind::Maximum => chart.draw_series(points.iter().map(|&p| TriangleMarker::new(p, 8, c.filled()))),
            _ => chart.draw_series(points.iter().map(|&p| Cross::new(p, 6, c.stroke_width(3)))),
        }
        .map_err(err)?;
        match kind {
            PointKind::Minimum => drawn.label(label).legend(move |(x, y)| Circle::new((x + 8, y), 5, c.filled())),
            PointKind::Maximum => {
                drawn.label(label).legend(move |(x, y)| TriangleMarker::new((x + 8, y), 7, c.filled()))
            }
            _ => drawn.label(label).legend(move |(x, y)| Cross::new((x + 8, y), 5, c.stroke_width(3))),
        };
    }

    draw_legend(&mut chart, SeriesLabelPosition::UpperRight)?;
    area.present().map_err(err)?;
    Ok(mapping)
}
