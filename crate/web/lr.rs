//! Bindings of the §4 view `#/lr` over `lessons::lr`: `lrShown(query)` is everything the page
//! shows, `lrMove(query, move)` the race's moves (a function, a start clicked on the plot), and
//! one `drawLr*` per chart with the translated words as one object.

use super::descent::{from_js, to_js};
use super::lessons::{draw_contour, draw_lr_curves, draw_race_losses, draw_schedule_runs, draw_schedules, titles, ContourWords, Race, Schedules};
use crate::config::format_real;
use crate::lessons::gd::Move;
use crate::lessons::lr::LrLesson;
use serde::Deserialize;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

/// What `#/lr` shows for a query (any query: values are clamped), see `lessons::lr::LrShown`.
#[wasm_bindgen(js_name = lrShown)]
pub fn lr_shown(query: &str) -> Result<JsValue, JsError> {
    to_js(&LrLesson::from_query(query).shown())
}

/// The canonical query of any query (values clamped), without computing what it shows.
#[wasm_bindgen(js_name = lrQuery)]
pub fn lr_query(query: &str) -> String {
    LrLesson::from_query(query).query()
}

/// The canonical query after a race move (`{move: "function", name}`, `{move: "startAt", x, y}`).
#[wasm_bindgen(js_name = lrMove)]
pub fn lr_move(query: &str, a_move: JsValue) -> Result<String, JsError> {
    let mut model = LrLesson::from_query(query);
    model.apply(&from_js::<Move>(a_move, "lrMove")?).map_err(|e| JsError::new(&e))?;
    Ok(model.query())
}

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

fn entrants(m: &LrLesson) -> String {
    let parts: Vec<String> = m.race_entrants().iter().map(|(k, lr)| format!("{}:{}", k.name(), format_real(*lr))).collect();
    parts.join(",")
}

fn race<'a>(m: &LrLesson, entrants: &'a str) -> Race<'a> {
    Race { f: m.race, start: m.race_start, entrants, steps: m.steps }
}

/// The race on its contour plot; returns the plot mapping (a click sets the start).
#[wasm_bindgen(js_name = drawLrRace)]
pub fn draw_lr_race(canvas: HtmlCanvasElement, query: &str, words: JsValue) -> Result<Vec<f64>, JsError> {
    let (m, w) = read(query, words, "drawLrRace")?;
    draw_contour(canvas, &race(&m, &entrants(&m)), false, &w.contour.labels(m.race))
}

/// The race's loss per iteration.
#[wasm_bindgen(js_name = drawLrRaceLoss)]
pub fn draw_lr_race_loss(canvas: HtmlCanvasElement, query: &str, log_y: bool, words: JsValue) -> Result<(), JsError> {
    let (m, w) = read(query, words, "drawLrRaceLoss")?;
    draw_race_losses(canvas, &race(&m, &entrants(&m)), log_y, &titles(&w.race_loss_title, &w.iteration, "f(x₀, x₁)"))
}
