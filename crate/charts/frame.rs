//! The frame every chart is drawn in: title, axes with the ticks of `ticks`, and a legend
//! outside the plot, all sized for the screen's pixel density.
//!
//! - `Scale` is the number of canvas pixels per CSS pixel (window.devicePixelRatio once the
//!   page sizes its canvases at device resolution): fonts, line widths, markers and margins are
//!   given in CSS pixels and multiplied by it, so a chart looks the same size on every screen
//!   and sharp on a high-density one.
//! - The legend never covers data: it goes below the plot, or to the right of a plot drawn to
//!   equal scale when that leaves the plot larger. A chart with nothing to name has no legend.
//! - `Layout::equal_scale` gives both axes the same pixels per unit (a 2-D surface whose
//!   circles must stay circles), centring the plot in the space it does not use.

use super::ticks::{self, Kind, Ticks};
use super::{err, DrawResult};
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Canvas pixels per CSS pixel.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale(pub f64);

impl Default for Scale {
    fn default() -> Self {
        Scale::ONE
    }
}

impl Scale {
    pub const ONE: Scale = Scale(1.0);

    /// A usable ratio: not finite or out of 0.5…4 falls back to 1 or the nearest bound.
    pub fn new(ratio: f64) -> Scale {
        Scale(if ratio.is_finite() && ratio > 0.0 { ratio.clamp(0.5, 4.0) } else { 1.0 })
    }
    /// A length in canvas pixels.
    pub fn px(self, css: f64) -> f64 {
        css * self.0
    }
    /// A length in whole canvas pixels.
    pub fn i(self, css: f64) -> i32 {
        (css * self.0).round() as i32
    }
    /// A line width in canvas pixels (at least 1).
    pub fn stroke(self, css: f64) -> u32 {
        (css * self.0).round().max(1.0) as u32
    }
    /// A sans-serif font of `css` CSS pixels.
    pub fn font(self, css: f64) -> FontDesc<'static> {
        (FontFamily::SansSerif, css * self.0).into_font()
    }
}

/// Font sizes and spacing of every chart, in CSS pixels (`Scale` turns them into canvas pixels).
struct Sizes {
    title: f64,
    tick: f64,
    /// The axes' descriptions.
    desc: f64,
    legend: f64,
    legend_row: f64,
    /// Length of a legend entry's sample line or marker box.
    swatch: f64,
    tick_mark: f64,
    /// Closest two tick labels may sit along y, and the least room per x tick.
    y_tick_gap: f64,
    x_tick_gap: f64,
}

const SIZE: Sizes =
    Sizes { title: 15.0, tick: 12.0, desc: 13.0, legend: 12.5, legend_row: 19.0, swatch: 26.0, tick_mark: 4.0, y_tick_gap: 34.0, x_tick_gap: 56.0 };

const GRID_COLOR: RGBColor = RGBColor(228, 231, 236);
const MINOR_COLOR: RGBColor = RGBColor(243, 244, 247);
const AXIS_COLOR: RGBColor = RGBColor(110, 115, 125);
const TEXT_COLOR: RGBColor = RGBColor(40, 44, 52);

/// An f64 axis whose grid lines and labels are the ticks we chose (bold lines at the major
/// ticks, light lines at the minor ones), not plotters' own.
pub struct Keyed {
    inner: RangedCoordf64,
    major: Vec<f64>,
    minor: Vec<f64>,
}

impl Keyed {
    fn new(range: (f64, f64), ticks: &Ticks) -> Keyed {
        Keyed { inner: (range.0..range.1).into(), major: ticks.values.clone(), minor: ticks.minor.clone() }
    }
}

impl Ranged for Keyed {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;
    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.inner.map(value, limit)
    }
    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() { self.minor.clone() } else { self.major.clone() }
    }
    fn range(&self) -> std::ops::Range<f64> {
        self.inner.range()
    }
}

/// The coordinates of every chart: f64 on both axes with our own key points.
pub type Coord = Cartesian2d<Keyed, Keyed>;

/// One axis: what it measures, its range in axis units (exponents on a log axis), its title.
#[derive(Debug, Clone, Copy)]
pub struct Axis<'a> {
    pub kind: Kind,
    pub range: (f64, f64),
    pub title: &'a str,
}

/// A line's dash pattern, in CSS pixels.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum Dash {
    #[default]
    Solid,
    Dashed { dash: f64, gap: f64 },
}

/// Patterns of successive series, so overlapping lines stay apart.
pub const DASHES: [Dash; 5] = [
    Dash::Solid,
    Dash::Dashed { dash: 10.0, gap: 5.0 },
    Dash::Dashed { dash: 2.0, gap: 4.0 },
    Dash::Dashed { dash: 5.0, gap: 3.0 },
    Dash::Dashed { dash: 16.0, gap: 6.0 },
];

pub fn dash(i: usize) -> Dash {
    DASHES[i % DASHES.len()]
}

/// What a legend entry shows beside its words.
#[derive(Debug, Clone, Copy)]
pub enum Swatch {
    /// A line of this width (CSS px) and pattern.
    Line { color: RGBColor, width: f64, dash: Dash },
    /// A line over a faint band (a smoothed series over its raw range).
    Band { color: RGBColor, dash: Dash },
    Dot(RGBColor),
    Triangle(RGBColor),
    Cross(RGBColor),
    Arrow(RGBColor),
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub label: String,
    pub swatch: Swatch,
}

impl Entry {
    pub fn new(label: impl Into<String>, swatch: Swatch) -> Entry {
        Entry { label: label.into(), swatch }
    }
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Layout {
    /// Same pixels per unit on both axes.
    pub equal_scale: bool,
    /// No grid lines (a shaded surface has its own contours).
    pub no_grid: bool,
}

/// A line style at `scale`: `color`, `width` CSS pixels.
pub fn line(color: RGBColor, width: f64, scale: Scale) -> ShapeStyle {
    color.stroke_width(scale.stroke(width))
}

/// `color` at `opacity` over white, as an opaque colour (for a legend swatch of a pale line).
pub fn pale(color: RGBColor, opacity: f64) -> RGBColor {
    let mix = |c: u8| (255.0 - (255.0 - c as f64) * opacity).round() as u8;
    RGBColor(mix(color.0), mix(color.1), mix(color.2))
}

/// Draws `points` as one polyline (solid or dashed) on the chart.
pub fn draw_line<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, Coord>,
    points: Vec<(f64, f64)>,
    style: ShapeStyle,
    dash: Dash,
    scale: Scale,
) -> DrawResult {
    if points.len() < 2 {
        return Ok(());
    }
    match dash {
        Dash::Solid => chart.draw_series(LineSeries::new(points, style)).map(|_| ()).map_err(err),
        Dash::Dashed { dash, gap } => chart
            .draw_series(DashedLineSeries::new(points, scale.i(dash).max(1), scale.i(gap).max(1), style))
            .map(|_| ())
            .map_err(err),
    }
}

/// How the legend is placed.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Place {
    None,
    Below { height: f64 },
    Right { width: f64 },
}

/// Rows of legend entries flowing across `width`: (entry indices, row width) per row.
fn legend_rows(entries: &[Entry], width: f64, scale: Scale) -> Vec<(Vec<usize>, f64)> {
    let mut rows: Vec<(Vec<usize>, f64)> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        let w = entry_width(e, scale);
        match rows.last_mut() {
            Some((row, used)) if *used + scale.px(18.0) + w <= width => {
                *used += scale.px(18.0) + w;
                row.push(i);
            }
            _ => rows.push((vec![i], w)),
        }
    }
    rows
}

fn entry_width(e: &Entry, scale: Scale) -> f64 {
    scale.px(SIZE.swatch + 6.0) + ticks::text_width(&e.label, scale.px(SIZE.legend))
}

/// Sizes of the plotting rectangle and of what surrounds it, for a frame of `w` × `h` pixels,
/// and the room an equal-scale plot leaves unused (`spare`: width, height).
#[derive(Debug, Clone, Copy)]
struct Geometry {
    x_area: f64,
    y_area: f64,
    top: f64,
    right: f64,
    left: f64,
    bottom: f64,
    spare: (f64, f64),
}

impl Geometry {
    fn plot(&self, w: f64, h: f64) -> (f64, f64) {
        (w - self.left - self.right - self.y_area, h - self.top - self.bottom - self.x_area)
    }
}

/// Builds the frame on `area` — title, axes, grid, ticks; the legend outside the plot — and
/// hands the chart to `draw` for the data. Returns what `draw` returned.
#[allow(clippy::too_many_arguments)]
pub fn draw<DB: DrawingBackend, R>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    x: Axis,
    y: Axis,
    legend: &[Entry],
    layout: Layout,
    scale: Scale,
    draw: impl FnOnce(&mut ChartContext<'_, DB, Coord>) -> Result<R, String>,
) -> Result<R, String> {
    // The frame's code is compiled once per backend, not once per chart: each chart's `draw`
    // (a closure type of its own) reaches it through one `dyn` call.
    let (mut draw, mut out) = (Some(draw), None);
    let parts = Parts { title, x, y, legend, layout, scale };
    framed(area, parts, &mut |chart| {
        let draw = draw.take().expect("the frame hands its chart over once");
        out = Some(draw(chart)?);
        Ok(())
    })?;
    Ok(out.expect("the frame hands its chart over before it returns"))
}

/// What `draw` frames, in one value for `framed`.
struct Parts<'a> {
    title: &'a str,
    x: Axis<'a>,
    y: Axis<'a>,
    legend: &'a [Entry],
    layout: Layout,
    scale: Scale,
}

/// A chart's data drawing, as `framed` calls it.
type DrawData<'a, DB> = dyn FnMut(&mut ChartContext<'_, DB, Coord>) -> Result<(), String> + 'a;

/// `draw` for any data-drawing callback.
fn framed<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, parts: Parts<'_>, draw: &mut DrawData<'_, DB>) -> Result<(), String> {
    let Parts { title, x, y, legend, layout, scale } = parts;
    area.fill(&WHITE).map_err(err)?;
    let (w, h) = area.dim_in_pixel();
    let (w, h) = (w as f64, h as f64);

    // Title, shrunk to fit a narrow canvas.
    let mut title_px = scale.px(SIZE.title);
    let natural = ticks::text_width(title, title_px);
    if natural > 0.94 * w {
        title_px = (title_px * 0.94 * w / natural).max(scale.px(10.0));
    }
    let title_h = if title.is_empty() { scale.px(4.0) } else { title_px * 1.7 };
    let (title_area, body) = area.split_vertically(title_h.round() as i32);
    if !title.is_empty() {
        let style = (FontFamily::SansSerif, title_px).into_font().color(&TEXT_COLOR).pos(Pos::new(HPos::Center, VPos::Center));
        title_area.draw(&Text::new(title.to_string(), ((w / 2.0) as i32, (title_h / 2.0) as i32), style)).map_err(err)?;
    }
    let body_h = h - title_h.round();

    let tick_px = scale.px(SIZE.tick);
    let desc_h = |t: &str| if t.is_empty() { 0.0 } else { scale.px(SIZE.desc) * 1.35 };
    let x_area = scale.px(SIZE.tick_mark) * 3.0 + tick_px * 1.15 + desc_h(x.title) + scale.px(3.0);
    let base = Geometry {
        x_area,
        y_area: 0.0,
        top: scale.px(10.0),
        right: scale.px(12.0),
        left: scale.px(6.0),
        bottom: scale.px(4.0),
        spare: (0.0, 0.0),
    };

    // The y ticks fit the plot's height, which depends only on the legend below it.
    let fit_y = |plot_h: f64| ticks::fit(y.kind, y.range.0, y.range.1, plot_h, scale.px(SIZE.y_tick_gap), tick_px, false);
    let y_area_for = |t: &Ticks| {
        let widest = t.labels.iter().map(|l| ticks::text_width(l, tick_px)).fold(0.0, f64::max);
        widest + scale.px(SIZE.tick_mark) * 3.0 + desc_h(y.title) + scale.px(4.0)
    };
    let fit_x = |plot_w: f64| ticks::fit(x.kind, x.range.0, x.range.1, plot_w, scale.px(SIZE.x_tick_gap), tick_px, true);

    // Lays the frame out for a legend placement: its geometry and the two tick sets.
    let plan = |place: Place| {
        let (fw, fh) = match place {
            Place::Below { height } => (w, body_h - height),
            Place::Right { width } => (w - width, body_h),
            Place::None => (w, body_h),
        };
        let mut g = base;
        let (_, plot_h) = g.plot(fw, fh);
        let yt = fit_y(plot_h);
        g.y_area = y_area_for(&yt);
        let (plot_w, _) = g.plot(fw, fh);
        let xt = fit_x(plot_w);
        let widest_x = xt.labels.iter().map(|l| ticks::text_width(l, tick_px)).fold(0.0, f64::max);
        g.right = g.right.max(widest_x / 2.0 + scale.px(4.0));
        if let Place::Right { .. } = place {
            g.right = g.right.max(scale.px(8.0));
        }
        let (mut pw, mut ph) = g.plot(fw, fh);
        if layout.equal_scale {
            let (dx, dy) = (x.range.1 - x.range.0, y.range.1 - y.range.0);
            let unit = (pw / dx).min(ph / dy);
            g.spare = (pw - unit * dx, ph - unit * dy);
            pw -= g.spare.0;
            ph -= g.spare.1;
        }
        (g, xt, yt, fw, fh, pw.max(0.0) * ph.max(0.0))
    };

    let place = if legend.is_empty() {
        Place::None
    } else {
        let rows = legend_rows(legend, w - scale.px(24.0), scale);
        let below = Place::Below { height: rows.len() as f64 * scale.px(SIZE.legend_row) + scale.px(8.0) };
        let widest = legend.iter().map(|e| entry_width(e, scale)).fold(0.0, f64::max);
        let right = Place::Right { width: widest + scale.px(20.0) };
        let fits_right = legend.len() as f64 * scale.px(SIZE.legend_row) <= body_h * 0.9;
        // Beside an equal-scale plot when that leaves the plot at least as large.
        if layout.equal_scale && fits_right && plan(right).5 >= plan(below).5 {
            right
        } else {
            below
        }
    };
    let (mut g, xt, yt, fw, fh, _) = plan(place);
    // Axis titles shrink (down to 9 CSS px) to fit along their axis: the y title is written up
    // the plot's height, which is short on a phone.
    let (pw, ph) = g.plot(fw, fh);
    let (pw, ph) = (pw - g.spare.0, ph - g.spare.1);
    let desc = scale.px(SIZE.desc);
    let fit = |title: &str, room: f64| {
        let w = ticks::text_width(title, desc);
        if w > room { (desc * room / w).max(scale.px(9.0)) } else { desc }
    };
    let desc_px = fit(x.title, 0.98 * pw).min(fit(y.title, 0.98 * ph));

    // The room an equal-scale plot leaves: the plot and its legend stay together, centred
    // across the canvas and packed at its top.
    let (ew, eh) = g.spare;
    let (plot_region, legend_region) = match place {
        Place::Below { .. } => {
            g.left += ew / 2.0;
            g.right += ew / 2.0;
            let (a, b) = body.split_vertically((fh - eh).round() as i32);
            (a, Some(b))
        }
        Place::Right { .. } => {
            g.left += ew / 2.0;
            g.bottom += eh;
            let (a, b) = body.split_horizontally((fw - ew / 2.0).round() as i32);
            (a, Some(b))
        }
        Place::None => {
            g.left += ew / 2.0;
            g.right += ew / 2.0;
            g.bottom += eh;
            (body, None)
        }
    };

    let (x_coord, y_coord) = (Keyed::new(x.range, &xt), Keyed::new(y.range, &yt));
    let mut chart = ChartBuilder::on(&plot_region)
        .margin_top(g.top.round() as i32)
        .margin_bottom(g.bottom.round() as i32)
        .margin_left(g.left.round() as i32)
        .margin_right(g.right.round() as i32)
        .x_label_area_size(g.x_area.round() as i32)
        .y_label_area_size(g.y_area.round() as i32)
        .build_cartesian_2d(x_coord, y_coord)
        .map_err(err)?;
    let x_label = |v: &f64| xt.label_of(*v);
    let y_label = |v: &f64| yt.label_of(*v);
    let mut mesh = chart.configure_mesh();
    mesh.x_desc(x.title)
        .y_desc(y.title)
        .x_label_formatter(&x_label)
        .y_label_formatter(&y_label)
        .label_style(scale.font(SIZE.tick).color(&TEXT_COLOR))
        .axis_desc_style((FontFamily::SansSerif, desc_px).into_font().color(&TEXT_COLOR))
        .bold_line_style(line(GRID_COLOR, 1.0, scale))
        .light_line_style(line(MINOR_COLOR, 1.0, scale))
        .axis_style(line(AXIS_COLOR, 1.0, scale))
        .set_all_tick_mark_size(scale.i(SIZE.tick_mark));
    if layout.no_grid {
        mesh.disable_mesh();
    }
    mesh.draw().map_err(err)?;

    draw(&mut chart)?;
    if let Some(region) = legend_region {
        draw_legend(&region, legend, place, scale)?;
    }
    Ok(())
}

/// The legend in its own strip: rows under the plot, or a column beside it.
fn draw_legend<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, entries: &[Entry], place: Place, scale: Scale) -> DrawResult {
    let (w, _) = area.dim_in_pixel();
    let row_h = scale.px(SIZE.legend_row);
    let rows: Vec<(Vec<usize>, f64)> = match place {
        Place::Right { .. } => entries.iter().enumerate().map(|(i, e)| (vec![i], entry_width(e, scale))).collect(),
        _ => legend_rows(entries, w as f64 - scale.px(24.0), scale),
    };
    let top = match place {
        Place::Right { .. } => scale.px(14.0),
        _ => scale.px(2.0),
    };
    for (r, (row, row_w)) in rows.iter().enumerate() {
        let mut x = match place {
            Place::Right { .. } => scale.px(6.0),
            _ => ((w as f64 - row_w) / 2.0).max(scale.px(6.0)),
        };
        let y = top + (r as f64 + 0.5) * row_h;
        for &i in row {
            let e = &entries[i];
            draw_swatch(area, e.swatch, (x, y), scale)?;
            let style = scale.font(SIZE.legend).color(&TEXT_COLOR).pos(Pos::new(HPos::Left, VPos::Center));
            let tx = x + scale.px(SIZE.swatch + 6.0);
            area.draw(&Text::new(e.label.clone(), (tx.round() as i32, y.round() as i32), style)).map_err(err)?;
            x += entry_width(e, scale) + scale.px(18.0);
        }
    }
    Ok(())
}

fn draw_swatch<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, swatch: Swatch, (x, y): (f64, f64), scale: Scale) -> DrawResult {
    let (x0, x1, yc) = (x.round() as i32, (x + scale.px(SIZE.swatch)).round() as i32, y.round() as i32);
    let mid = ((x0 + x1) / 2, yc);
    let path = |color: RGBColor, width: f64, dash: Dash| -> DrawResult {
        let style = line(color, width, scale);
        match dash {
            Dash::Solid => area.draw(&PathElement::new(vec![(x0, yc), (x1, yc)], style)),
            Dash::Dashed { dash, gap } => area.draw(&DashedPathElement::new(
                vec![(x0, yc), (x1, yc)],
                scale.i(dash).max(1),
                scale.i(gap).max(1),
                style,
            )),
        }
        .map_err(err)
    };
    match swatch {
        Swatch::Line { color, width, dash } => path(color, width, dash),
        Swatch::Band { color, dash } => {
            let half = scale.i(6.0);
            area.draw(&Rectangle::new([(x0, yc - half), (x1, yc + half)], color.mix(0.18).filled())).map_err(err)?;
            path(color, 2.0, dash)
        }
        Swatch::Dot(color) => area.draw(&Circle::new(mid, scale.i(5.0), color.filled())).map_err(err),
        Swatch::Triangle(color) => area.draw(&TriangleMarker::new(mid, scale.i(7.0), color.filled())).map_err(err),
        Swatch::Cross(color) => area.draw(&Cross::new(mid, scale.i(5.0), line(color, 3.0, scale))).map_err(err),
        Swatch::Arrow(color) => {
            let (bx, by) = (scale.i(5.0), scale.i(4.0));
            let style = line(color, 1.0, scale);
            area.draw(&PathElement::new(vec![(x0 + scale.i(4.0), yc), (x1 - scale.i(4.0), yc)], style)).map_err(err)?;
            let tip = x1 - scale.i(4.0);
            area.draw(&PathElement::new(vec![(tip - bx, yc - by), (tip, yc), (tip - bx, yc + by)], style)).map_err(err)
        }
    }
}
