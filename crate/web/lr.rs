//! Bindings of the §4 view `#/lr` over `lessons::lr`: `lrShown(query)` is everything the page
//! shows, `lrMove(query, move)` the race's moves (a function, a start clicked on the plot), and
//! one `drawLr*` per chart with the translated words as one object.

use super::descent::{from_js, lesson_bindings};
use super::lessons::{draw_lr_curves, draw_race_contour, draw_race_loss_lines, draw_schedule_runs, draw_schedules, titles, ContourWords, Schedules};
use crate::lessons::lr::LrLesson;
use serde::Deserialize;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

/// The canonical query of any query (values clamped), without computing what it shows.
#[wasm_bindgen(js_name = lrQuery)]
pub fn lr_query(query: &str) -> String {
    LrLesson::from_query(query).query()
}

// `lrShown(query)` and `lrMove(query, move)`: the race's moves are a function or a start
// clicked on the plot.
lesson_bindings!(LrLesson, lr_shown, "lrShown", lr_move, "lrMove");

/// The words on the view's charts, translated (diagnoses in `Diagnosis::NAMES` order,
/// schedules in `ScheduleKind::NAMES` order).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Words {
    iteration: String,
    curves_title: String,
    diagnoses: Vec<String>,
    schedules: Vec<String>,
    schedule_title: String,
    schedule_runs_title: String,
    race_loss_title: String,
    #[serde(flatten)]
    contour: ContourWords,
}

fn read(query: &str, words: JsValue, what: &str) -> Result<(LrLesson, Words), JsError> {
    Ok((LrLesson::from_query(query), from_js(words, what)?))
}

/// The loss curves of the lab's rates on x², labelled with their diagnoses.
#[wasm_bindgen(js_name = drawLrLab)]
pub fn draw_lr_lab(canvas: HtmlCanvasElement, query: &str, log_y: bool, words: JsValue) -> Result<(), JsError> {
    let (m, w) = read(query, words, "drawLrLab")?;
    let rates = m.rates();
    draw_lr_curves(canvas, m.x0, &rates, m.steps, &w.diagnoses, log_y, &titles(&w.curves_title, &w.iteration, "f(x) = x²"))
}

/// η(t) of the four schedules, and their runs on x² (log scale).
#[wasm_bindgen(js_name = drawLrSchedules)]
pub fn draw_lr_schedules(rates: HtmlCanvasElement, runs: HtmlCanvasElement, query: &str, words: JsValue) -> Result<(), JsError> {
    let (m, w) = read(query, words, "drawLrSchedules")?;
    let schedules = Schedules { lr0: m.lr, gamma: m.gamma, every: m.every, k: m.k, steps: m.steps, names: &w.schedules };
    draw_schedules(rates, &schedules, &titles(&w.schedule_title, &w.iteration, "η(t)"))?;
    draw_schedule_runs(runs, &schedules, m.x0, true, &titles(&w.schedule_runs_title, &w.iteration, "f(x) = x²"))
}

/// The race on its contour plot (hidden optimizers not drawn); returns the plot mapping (a
/// click sets the start).
#[wasm_bindgen(js_name = drawLrRace)]
pub fn draw_lr_race(canvas: HtmlCanvasElement, query: &str, words: JsValue) -> Result<Vec<f64>, JsError> {
    let (m, w) = read(query, words, "drawLrRace")?;
    draw_race_contour(canvas, m.race, m.race_runs(), false, &w.contour.labels(m.race))
}

/// The race's loss per iteration (hidden optimizers not drawn).
#[wasm_bindgen(js_name = drawLrRaceLoss)]
pub fn draw_lr_race_loss(canvas: HtmlCanvasElement, query: &str, log_y: bool, words: JsValue) -> Result<(), JsError> {
    let (m, w) = read(query, words, "drawLrRaceLoss")?;
    draw_race_loss_lines(canvas, m.race.f(m.race_start), m.race_runs(), log_y, &titles(&w.race_loss_title, &w.iteration, "f(x₀, x₁)"))
}
