//! JavaScript bindings shared by the lesson views: the lesson query, the plot mapping, the
//! checkpoint tables and recommended rates of §4 (serde objects), and the drawing helpers that
//! `web::descent` (§3) and `web::lr` (§4) call with their models' numbers.
//!
//! - function names are those of `lessons::surface`; an unknown name throws an `Error`.
//! - `draw*` functions that the page can click on return the plot mapping
//!   `[left, top, right, bottom, xMin, xMax, yMin, yMax]` in canvas pixels; `mappingToData`
//!   turns a canvas pixel into data coordinates with it.

use super::descent::to_js;
use super::{canvas_area, js_error};
use serde::Serialize;
use crate::charts::contour::{self, ContourLabels, PlotMapping, Scene, Trajectory};
use crate::charts::function1d::{self, Function1dLabels, Tangent};
use crate::charts::series::{self, Options, Series, Titles};
use crate::charts::ticks::Kind;
use crate::config::normalize_query;
use crate::lessons::descent::{self, Diagnosis, Run2d, Schedule, ScheduleKind};
use crate::lessons::optim2d::OptimizerKind;
use crate::lessons::surface::{gradient_field, Fn1d, Fn2d, Grid};
use crate::lessons::keys_of;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

// ───────────────────────────── names and mappings ─────────────────────────────

/// Exactly one label per default: a missing or empty one falls back to its default.
fn fill_labels(labels: &[String], defaults: &[&str]) -> Vec<String> {
    defaults.iter().enumerate().map(|(i, d)| labels.get(i).filter(|l| !l.is_empty()).map_or(d.to_string(), |l| l.clone())).collect()
}

pub(super) fn titles(title: &str, x: &str, y: &str) -> Titles {
    Titles { title: title.into(), x: x.into(), y: y.into() }
}

/// Data coordinates `[x, y]` under canvas pixel (px, py) for a mapping returned by a `draw*`
/// function; an empty array if the pixel is outside the plotting area. (Scale a mouse event
/// to canvas pixels first: `px = (e.clientX − rect.left) · canvas.width / rect.width`.)
#[wasm_bindgen(js_name = mappingToData)]
pub fn mapping_to_data(mapping: &[f64], px: f64, py: f64) -> Result<Vec<f64>, JsError> {
    let m = mapping_from(mapping)?;
    Ok(m.to_data(px, py).map_or(Vec::new(), |p| p.to_vec()))
}

fn mapping_from(m: &[f64]) -> Result<PlotMapping, JsError> {
    if m.len() != 8 {
        return Err(JsError::new(&format!("a plot mapping has 8 numbers, got {}", m.len())));
    }
    Ok(PlotMapping { left: m[0], top: m[1], right: m[2], bottom: m[3], x: (m[4], m[5]), y: (m[6], m[7]) })
}

/// Canonical query of a lesson view ("loss", "gd1", "gd2", "lr"): every key, values clamped.
#[wasm_bindgen(js_name = normalizeLessonQuery)]
pub fn normalize_lesson_query(view: &str, query: &str) -> Result<String, JsError> {
    let keys = keys_of(view).ok_or_else(|| JsError::new(&format!("unknown lesson view {view:?}")))?;
    Ok(normalize_query(query, keys))
}

// ───────────────────────────── §3 1-D descent ─────────────────────────────

/// The 1-D descent plot of `steps` steps; the plot mapping.
pub(super) fn draw_descent_1d(
    canvas: HtmlCanvasElement,
    f: Fn1d,
    x0: f64,
    lr: f64,
    steps: usize,
    labels: &Function1dLabels,
) -> Result<Vec<f64>, JsError> {
    let run = descent::descend_fn1d(f, x0, lr, steps);
    let iterates: Vec<(f64, f64)> = run.xs.iter().zip(&run.fs).map(|(&x, &y)| (x, y)).collect();
    let x = run.last_x();
    let tangent = (!run.diverged()).then(|| Tangent { x, f: f.f(x), slope: f.df(x) });
    let (area, scale) = canvas_area(canvas)?;
    let mapping = function1d::draw(&area, &f.curve(400), &iterates, tangent, labels, scale).map_err(js_error)?;
    Ok(mapping.to_array().to_vec())
}

// ───────────────────────────── §3 2-D descent ─────────────────────────────

fn entrant_label(kind: OptimizerKind, lr: f64) -> String {
    format!("{} η={}", kind.label(), crate::config::format_real(lr))
}

/// The words of a contour plot's legend, translated: `{ negGrad, minimum, maximum, saddle }`.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ContourWords {
    neg_grad: String,
    minimum: String,
    maximum: String,
    saddle: String,
}

impl ContourWords {
    /// The labels of the contour plot of `f`, titled with its formula.
    pub(super) fn labels(self, f: Fn2d) -> ContourLabels {
        ContourLabels {
            titles: titles(&format!("f(x₀, x₁) = {}", f.formula()), "x₀", "x₁"),
            neg_grad: self.neg_grad,
            minimum: self.minimum,
            maximum: self.maximum,
            saddle: self.saddle,
        }
    }
}

/// The contour plot of f with the −∇f field, critical points and the trajectories of `runs`;
/// the plot mapping.
pub(super) fn draw_race_contour(
    canvas: HtmlCanvasElement,
    f: Fn2d,
    runs: Vec<(OptimizerKind, f64, Run2d)>,
    normalized: bool,
    labels: &ContourLabels,
) -> Result<Vec<f64>, JsError> {
    const GRID: usize = 80;
    const ARROWS: usize = 15;
    let grid = Grid::sample(f, f.domain(), GRID, GRID);
    let trajectories =
        runs.into_iter().map(|(k, lr, run)| Trajectory { label: entrant_label(k, lr), points: run.points }).collect();
    let scene = Scene {
        levels: grid.levels(14),
        grid,
        arrows: gradient_field(f, f.domain(), ARROWS),
        arrows_per_side: ARROWS,
        normalized,
        trajectories,
        critical_points: f.critical_points(),
    };
    let (area, scale) = canvas_area(canvas)?;
    let mapping = contour::draw(&area, &scene, labels, scale).map_err(js_error)?;
    Ok(mapping.to_array().to_vec())
}

/// Loss per iteration of `runs` that started at loss `start`.
pub(super) fn draw_race_loss_lines(
    canvas: HtmlCanvasElement,
    start: f64,
    runs: Vec<(OptimizerKind, f64, Run2d)>,
    log_y: bool,
    titles: &Titles,
) -> Result<(), JsError> {
    let lines: Vec<Series> = runs
        .into_iter()
        .map(|(k, lr, run)| Series { label: entrant_label(k, lr), points: indexed(&run.losses), marker: None })
        .collect();
    // A run leaving the plot is clamped at a few times its starting loss.
    let clamp = if log_y { start.abs().max(1e-3) * 1e3 } else { start.abs().max(1e-3) * 3.0 };
    let (area, scale) = canvas_area(canvas)?;
    let options = Options { log_y, y_clamp: Some(clamp), x_kind: Kind::Integer, scale, ..Options::default() };
    series::draw(&area, &lines, titles, options).map_err(js_error)
}

fn indexed(values: &[f64]) -> Vec<(f64, f64)> {
    values.iter().enumerate().map(|(i, &v)| (i as f64, v)).collect()
}

// ───────────────────────────── §4 learning rates ─────────────────────────────

/// The four learning-rate schedules of one η₀ over `steps` steps, with their names
/// (translated, in `ScheduleKind::NAMES` order; a missing one falls back to its URL name).
pub(super) struct Schedules<'a> {
    pub lr0: f64,
    pub gamma: f64,
    pub every: usize,
    pub k: f64,
    pub steps: usize,
    pub names: &'a [String],
}

impl Schedules<'_> {
    /// Each schedule with its name.
    fn each(&self) -> impl Iterator<Item = (Schedule, String)> + '_ {
        let names = fill_labels(self.names, ScheduleKind::NAMES);
        ScheduleKind::ALL.iter().zip(names).map(|(&kind, name)| (Schedule::new(kind, self.lr0, self.gamma, self.every, self.k), name))
    }
}

/// Loss per iteration on x² from `x0` of each rate, labelled "η=0.1 (good)" with the diagnosis
/// words `diagnoses` (translated, in `Diagnosis::NAMES` order).
pub(super) fn draw_lr_curves(canvas: HtmlCanvasElement, x0: f64, rates: &[f64], steps: usize, diagnoses: &[String], log_y: bool, titles: &Titles) -> Result<(), JsError> {
    let words = fill_labels(diagnoses, Diagnosis::NAMES);
    let lines: Vec<Series> = rates
        .iter()
        .map(|&lr| {
            let run = descent::descend_fn1d(Fn1d::Square, x0, lr, steps);
            let label = format!("η={} ({})", crate::config::format_real(lr), words[Diagnosis::of(&run) as usize]);
            Series { label, points: indexed(&run.fs), marker: None }
        })
        .collect();
    draw_square_runs(canvas, &lines, x0, log_y, titles)
}

/// η(t) of all four schedules on one chart.
pub(super) fn draw_schedules(canvas: HtmlCanvasElement, schedules: &Schedules, titles: &Titles) -> Result<(), JsError> {
    let lines: Vec<Series> = schedules
        .each()
        .map(|(schedule, label)| Series { label, points: indexed(&schedule.rates(schedules.steps)), marker: None })
        .collect();
    let (area, scale) = canvas_area(canvas)?;
    let options = Options { x_kind: Kind::Integer, scale, ..Options::default() };
    series::draw(&area, &lines, titles, options).map_err(js_error)
}

/// Loss per iteration on x² from `x0` under each of the four schedules, to show their effect
/// on a run.
pub(super) fn draw_schedule_runs(canvas: HtmlCanvasElement, schedules: &Schedules, x0: f64, log_y: bool, titles: &Titles) -> Result<(), JsError> {
    let f = Fn1d::Square;
    let lines: Vec<Series> = schedules
        .each()
        .map(|(schedule, label)| {
            let run = descent::descend_1d(|x| f.f(x), |x| f.df(x), x0, &schedule, schedules.steps);
            Series { label, points: indexed(&run.fs), marker: None }
        })
        .collect();
    draw_square_runs(canvas, &lines, x0, log_y, titles)
}

/// Runs on x² from `x0`, loss per iteration. The y axis is clamped at 2·f(x0) (1000·f(x0) on
/// the log scale): diverging runs leave at the top.
fn draw_square_runs(canvas: HtmlCanvasElement, lines: &[Series], x0: f64, log_y: bool, titles: &Titles) -> Result<(), JsError> {
    let start = Fn1d::Square.f(x0).max(1e-3);
    let (area, scale) = canvas_area(canvas)?;
    let clamp = Some(if log_y { 1e3 * start } else { 2.0 * start });
    let options = Options { log_y, y_clamp: clamp, x_kind: Kind::Integer, scale, ..Options::default() };
    series::draw(&area, lines, titles, options).map_err(js_error)
}

// ───────────────────────── the closed form of descent on x² (§3, §4.1) ─────────────────────────

/// One of the chapter's checkpoint tables: a rate, its multiplier and regime, and its rows.
#[derive(Serialize)]
struct CheckpointTable {
    lr: f64,
    multiplier: f64,
    regime: descent::Regime,
    rows: Vec<descent::Checkpoint>,
}

/// The chapter's checkpoint tables on x² from x0: `{steps: [0, 1, …, 1000], runs: [{lr,
/// multiplier, regime, rows: [{step, x, fx, closedForm, update}]}]}` for η = 0.001, 0.01, 0.1,
/// 1.01. x is iterated (without the lab's stop at 10⁶), closedForm is x₀(1 − 2η)ⁿ and update is
/// the change the next step makes (−η f′(xₙ)).
#[wasm_bindgen(js_name = checkpointTables)]
pub fn checkpoint_tables(x0: f64) -> Result<JsValue, JsError> {
    #[derive(Serialize)]
    struct Tables {
        steps: &'static [usize],
        runs: Vec<CheckpointTable>,
    }
    let runs = descent::CHECKPOINT_RATES
        .iter()
        .map(|&lr| CheckpointTable {
            lr,
            multiplier: descent::square_multiplier(lr),
            regime: descent::Regime::of_rate(lr),
            rows: descent::square_checkpoints(x0, lr, &descent::CHECKPOINT_STEPS),
        })
        .collect();
    to_js(&Tables { steps: &descent::CHECKPOINT_STEPS, runs })
}

/// One recommended starting rate (`descent::RECOMMENDED_RATES`) as the page shows it.
#[derive(Serialize)]
struct RecommendedRow {
    id: &'static str,
    optimizer: &'static str,
    label: &'static str,
    lr: f64,
    params: String,
    sources: &'static [&'static str],
}

/// x²'s own limits, from its curvature: η < 1/f″ shrinks without changing sign, η < 2/f″
/// converges.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SquareLimits {
    curvature: f64,
    monotone_below: f64,
    converges_below: f64,
}

/// Recommended starting rates with their sources: `{rows: [{id, optimizer, label, lr, params,
/// sources: [id, …]}], square: {curvature, monotoneBelow, convergesBelow}}`.
#[wasm_bindgen(js_name = recommendedRates)]
pub fn recommended_rates() -> Result<JsValue, JsError> {
    #[derive(Serialize)]
    struct Recommended {
        rows: Vec<RecommendedRow>,
        square: SquareLimits,
    }
    let rows = descent::RECOMMENDED_RATES
        .iter()
        .map(|r| RecommendedRow {
            id: r.id,
            optimizer: r.optimizer.name(),
            label: r.optimizer.label(),
            lr: r.lr,
            params: descent::optimizer_params(r.optimizer),
            sources: r.sources,
        })
        .collect();
    let curvature = Fn1d::Square.d2f(0.0);
    let (monotone_below, converges_below) = descent::quadratic_rate_limits(curvature);
    to_js(&Recommended { rows, square: SquareLimits { curvature, monotone_below, converges_below } })
}
