//! The 2-D lesson plot (§3.2–3.3, §4 optimizer race): f(x₀, x₁) as shaded cells with contour
//! lines, the field of −∇f arrows (labelled "−∇f" so nobody reads them as ∇f), trajectories,
//! and the points where ∇f = 0 marked by kind. Everything drawn is computed beforehand by
//! `lessons::surface` / `lessons::descent`; this module only renders it.
//!
//! `draw` returns a `PlotMapping` so the page can turn a click (canvas pixel) into (x₀, x₁).

use super::err;
use super::frame::{self, Axis, Entry, Layout, Scale, Swatch};
use super::series::{color, Titles};
use super::ticks::Kind;
use crate::lessons::surface::{Arrow, CriticalPoint, Grid, PointKind};
use plotters::coord::ranged1d::Ranged;
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
    pub fn of<DB, X, Y>(chart: &ChartContext<DB, Cartesian2d<X, Y>>) -> PlotMapping
    where
        DB: DrawingBackend,
        X: Ranged<ValueType = f64>,
        Y: Ranged<ValueType = f64>,
    {
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

/// Draws the scene on `area` at `scale` and returns its pixel ↔ data mapping. Both axes have the same
/// pixels per unit (circles stay circles, and −∇f is seen crossing the contours at right
/// angles); the legend goes beside the plot or under it, whichever leaves the plot larger.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    scene: &Scene,
    labels: &ContourLabels,
    scale: Scale,
) -> Result<PlotMapping, String> {
    let g = &scene.grid;
    let (x0, x1) = (g.xs[0], *g.xs.last().expect("grid has ≥ 2 columns"));
    let (y0, y1) = (g.ys[0], *g.ys.last().expect("grid has ≥ 2 rows"));

    let kinds = [
        (PointKind::Minimum, &labels.minimum, RGBColor(20, 120, 40)),
        (PointKind::Maximum, &labels.maximum, RGBColor(190, 30, 30)),
        (PointKind::Saddle, &labels.saddle, RGBColor(120, 60, 160)),
    ];
    let points_of = |kind: PointKind| -> Vec<(f64, f64)> {
        scene.critical_points.iter().filter(|p| p.kind == kind).map(|p| (p.x[0], p.x[1])).collect()
    };
    let mut legend = vec![Entry::new(labels.neg_grad.clone(), Swatch::Arrow(ARROW_COLOR))];
    for (k, t) in scene.trajectories.iter().enumerate().filter(|(_, t)| !t.points.is_empty()) {
        legend.push(Entry::new(t.label.clone(), Swatch::Line { color: color(k), width: trajectory_width(k), dash: frame::dash(k) }));
    }
    for (kind, label, c) in kinds {
        if !points_of(kind).is_empty() {
            let swatch = match kind {
                PointKind::Minimum => Swatch::Dot(c),
                PointKind::Maximum => Swatch::Triangle(c),
                _ => Swatch::Cross(c),
            };
            legend.push(Entry::new(label.as_str(), swatch));
        }
    }
    legend.retain(|e| !e.label.is_empty());

    let x = Axis { kind: Kind::Linear, range: (x0, x1), title: &labels.titles.x };
    let y = Axis { kind: Kind::Linear, range: (y0, y1), title: &labels.titles.y };
    let layout = Layout { equal_scale: true, no_grid: true };
    let mapping = frame::draw(area, &labels.titles.title, x, y, &legend, layout, scale, |chart| {
        let mapping = PlotMapping::of(chart);
        // Shaded cells, each by the mean of its four corners (drawn over the frame's empty mesh).
        let cells = (0..g.ys.len() - 1).flat_map(|j| {
            (0..g.xs.len() - 1).map(move |i| {
                let mean = (g.value(i, j) + g.value(i + 1, j) + g.value(i, j + 1) + g.value(i + 1, j + 1)) / 4.0;
                Rectangle::new([(g.xs[i], g.ys[j]), (g.xs[i + 1], g.ys[j + 1])], heat(g.shade(mean)).filled())
            })
        });
        chart.draw_series(cells).map_err(err)?;
        let contour = frame::line(CONTOUR_COLOR, 1.0, scale);
        for &level in &scene.levels {
            let lines = g.contour(level).into_iter().map(|[a, b]| PathElement::new(vec![(a[0], a[1]), (b[0], b[1])], contour));
            chart.draw_series(lines).map_err(err)?;
        }
        chart.draw_series(arrows(scene, &mapping, scale)).map_err(err)?;

        for (k, t) in scene.trajectories.iter().enumerate() {
            if t.points.is_empty() {
                continue;
            }
            let c = color(k);
            let pts: Vec<(f64, f64)> = t.points.iter().map(|&p| mapping.clamp(p)).collect();
            // The first trajectory solid and wider, the others dashed over it, so a shared path
            // shows both (the first on either side of the next).
            frame::draw_line(chart, pts.clone(), frame::line(c, trajectory_width(k), scale), frame::dash(k), scale)?;
            chart.draw_series(pts.iter().map(|&p| Circle::new(p, scale.i(2.0), c.filled()))).map_err(err)?;
            let start = Circle::new(pts[0], scale.i(5.0), c.stroke_width(scale.stroke(2.0)));
            chart.draw_series(std::iter::once(start)).map_err(err)?;
            let last = *pts.last().expect("non-empty");
            chart.draw_series(std::iter::once(Circle::new(last, scale.i(4.0), c.filled()))).map_err(err)?;
        }

        for (kind, _, c) in kinds {
            let points = points_of(kind);
            match kind {
                PointKind::Minimum => chart.draw_series(points.iter().map(|&p| Circle::new(p, scale.i(6.0), c.filled()))),
                PointKind::Maximum => chart.draw_series(points.iter().map(|&p| TriangleMarker::new(p, scale.i(8.0), c.filled()))),
                _ => chart.draw_series(points.iter().map(|&p| Cross::new(p, scale.i(6.0), c.stroke_width(scale.stroke(3.0))))),
            }
            .map_err(err)?;
        }
        Ok(mapping)
    })?;
    area.present().map_err(err)?;
    Ok(mapping)
}

/// Line width (CSS px) of trajectory `k`: the first (drawn under the others) is twice as wide.
fn trajectory_width(k: usize) -> f64 {
    if k == 0 { 4.0 } else { 2.0 }
}

/// The −∇f field as arrows sized in pixels (so they look right whatever the axes), each a
/// shaft and two barbs.
fn arrows(scene: &Scene, mapping: &PlotMapping, scale: Scale) -> Vec<PathElement<(f64, f64)>> {
    let (kx, ky) = mapping.scale();
    let n = scene.arrows_per_side.max(1) as f64;
    let cell_px = ((mapping.right - mapping.left) / n).min((mapping.bottom - mapping.top) / n);
    let screen_len = |a: &Arrow| (a.dir[0] * kx).hypot(a.dir[1] * ky);
    let longest = scene.arrows.iter().map(screen_len).filter(|l| l.is_finite()).fold(0.0, f64::max);
    let style = frame::line(ARROW_COLOR, 1.0, scale);
    let mut shapes = Vec::new();
    for a in &scene.arrows {
        let len = screen_len(a);
        if !len.is_finite() || len == 0.0 || longest == 0.0 {
            continue;
        }
        let target_px = if scene.normalized { 0.8 * cell_px } else { 0.9 * cell_px * len / longest };
        if target_px < scale.px(2.0) {
            continue; // too short to see: the gradient is nearly 0 here
        }
        // Unit direction on screen (y up), then the tip and two barbs in data units.
        let (ux, uy) = (a.dir[0] * kx / len, a.dir[1] * ky / len);
        let to_data = |px: f64, py: f64| (px / kx, py / ky);
        let (tx, ty) = to_data(ux * target_px, uy * target_px);
        let tail = (a.at[0] - tx / 2.0, a.at[1] - ty / 2.0);
        let tip = (a.at[0] + tx / 2.0, a.at[1] + ty / 2.0);
        let barb = (0.35 * target_px).min(scale.px(6.0));
        let (c, s) = (30f64.to_radians().cos(), 30f64.to_radians().sin()); // barbs at ±30° from the shaft
        let side = |sign: f64| {
            let (bx, by) = (-(ux * c - sign * uy * s) * barb, -(uy * c + sign * ux * s) * barb);
            let (dx, dy) = to_data(bx, by);
            (tip.0 + dx, tip.1 + dy)
        };
        shapes.push(PathElement::new(vec![tail, tip], style));
        shapes.push(PathElement::new(vec![side(1.0), tip, side(-1.0)], style));
    }
    shapes
}
