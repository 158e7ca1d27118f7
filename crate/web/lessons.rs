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

/// Splits "a|b|c" into exactly `n` labels (missing ones fall back to `defaults`).
fn split_labels(joined: &str, defaults: &[&str]) -> Vec<String> {
    let mut parts: Vec<String> = joined.split('|').map(str::to_string).collect();
    parts.resize(defaults.len(), String::new());
    parts.iter().zip(defaults).map(|(p, d)| if p.is_empty() { d.to_string() } else { p.clone() }).collect()
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
    let mapping = function1d::draw_scaled(&area, &f.curve(400), &iterates, tangent, labels, scale).map_err(js_error)?;
    Ok(mapping.to_array().to_vec())
}

// ───────────────────────────── §3 2-D descent ─────────────────────────────

fn entrant_label(kind: OptimizerKind, lr: f64) -> String {
    format!("{} η={}", kind.label(), crate::config::format_real(lr))
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
    let mapping = contour::draw_scaled(&area, &scene, labels, scale).map_err(js_error)?;
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

/// Loss per iteration of each rate on x² from x0, labelled "η=0.1 (good)" with the diagnosis
/// words from `diagnosisLabels` = "too slow|good|oscillating|diverging" (translated). The
/// y axis is clamped at 2·f(x0) (1000·f(x0) on the log scale): diverging runs leave at the top.
#[allow(clippy::too_many_arguments)]
pub(super) fn draw_lr_curves(
    canvas: HtmlCanvasElement,
    x0: f64,
    rates: &[f64],
    steps: usize,
    log_y: bool,
    diagnosis_labels: &str,
    title: &str,
    x_label: &str,
    y_label: &str,
) -> Result<(), JsError> {
    let words = split_labels(diagnosis_labels, &Diagnosis::NAMES);
    let lines: Vec<Series> = rates
        .iter()
        .map(|&lr| {
            let run = descent::descend_fn1d(Fn1d::Square, x0, lr, steps);
            let label = format!("η={} ({})", crate::config::format_real(lr), words[Diagnosis::of(&run) as usize]);
            Series { label, points: indexed(&run.fs), marker: None }
        })
        .collect();
    let start = Fn1d::Square.f(x0).max(1e-3);
    let (area, scale) = canvas_area(canvas)?;
    let clamp = Some(if log_y { 1e3 * start } else { 2.0 * start });
    let options = Options { log_y, y_clamp: clamp, x_kind: Kind::Integer, scale, ..Options::default() };
    series::draw(&area, &lines, &titles(title, x_label, y_label), options).map_err(js_error)
}

/// η(t) of all four schedules on one chart; `scheduleLabels` = "constant|step decay|
/// exponential decay|1/t decay" (translated).
#[allow(clippy::too_many_arguments)]
pub(super) fn draw_schedules(
    canvas: HtmlCanvasElement,
    lr0: f64,
    gamma: f64,
    every: usize,
    k: f64,
    steps: usize,
    schedule_labels: &str,
    title: &str,
    x_label: &str,
    y_label: &str,
) -> Result<(), JsError> {
    let words = split_labels(schedule_labels, ScheduleKind::NAMES);
    let lines: Vec<Series> = ScheduleKind::ALL
        .iter()
        .zip(&words)
        .map(|(&kind, label)| {
            let rates = Schedule::new(kind, lr0, gamma, every, k).rates(steps);
            Series { label: label.clone(), points: indexed(&rates), marker: None }
        })
        .collect();
    let (area, scale) = canvas_area(canvas)?;
    let options = Options { x_kind: Kind::Integer, scale, ..Options::default() };
    series::draw(&area, &lines, &titles(title, x_label, y_label), options).map_err(js_error)
}

/// Loss per iteration on x² from x0 under each of the four schedules (same labels as
/// `drawSchedules`), to show their effect on a run.
#[allow(clippy::too_many_arguments)]
pub(super) fn draw_schedule_runs(
    canvas: HtmlCanvasElement,
    x0: f64,
    lr0: f64,
    gamma: f64,
    every: usize,
    k: f64,
    steps: usize,
    log_y: bool,
    schedule_labels: &str,
    title: &str,
    x_label: &str,
    y_label: &str,
) -> Result<(), JsError> {
    let words = split_labels(schedule_labels, ScheduleKind::NAMES);
    let f = Fn1d::Square;
    let lines: Vec<Series> = ScheduleKind::ALL
        .iter()
        .zip(&words)
        .map(|(&kind, label)| {
            let s = Schedule::new(kind, lr0, gamma, every, k);
            let run = descent::descend_1d(|x| f.f(x), |x| f.df(x), x0, &s, steps);
            Series { label: label.clone(), points: indexed(&run.fs), marker: None }
        })
        .collect();
    let start = f.f(x0).max(1e-3);
    let (area, scale) = canvas_area(canvas)?;
    let clamp = Some(if log_y { 1e3 * start } else { 2.0 * start });
    let options = Options { log_y, y_clamp: clamp, x_kind: Kind::Integer, scale, ..Options::default() };
    series::draw(&area, &lines, &titles(title, x_label, y_label), options).map_err(js_error)
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
