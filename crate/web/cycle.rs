//! Bindings of the §1 view `#/cycle` over `lessons::cycle`: the page keeps the canonical query
//! (`x0=…` with the learner's start, or empty) as its state; `cycleShown(query)` says what to
//! show, `drawCycle` draws it and returns the plot mapping, `cycleStartAt` turns a click on the
//! plot into the next query.

use super::descent::{from_js, to_js};
use super::lessons::{mapping_to_data, titles};
use super::{canvas_area, js_error};
use crate::charts::function1d::{self, Descent, PATH_STYLES};
use crate::lessons::cycle::{self, Cycle, CycleEnd};
use crate::lessons::gd::Table;
use crate::numerical_training::BOOK;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

/// One start's end, with the colour (`#rrggbb`) and marker (`dot`, `triangle`, `cross`) its
/// descent has on the chart, so the list beside it can show the same swatch.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ShownEnd {
    x0: f64,
    steps: usize,
    x: f64,
    f: f64,
    added: bool,
    color: String,
    marker: &'static str,
}

/// What the view shows: `{query, ends: [{x0, steps, x, f, added, color, marker}], csv, domain:
/// [min, max] (where a start can be), bookImages, bookBatch, stages: [{name, number}]}` (the
/// book's training set size and batch size, for the stage texts; the cycle's stages in order).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Shown {
    query: String,
    ends: Vec<ShownEnd>,
    csv: Table,
    stages: Vec<cycle::Stage>,
    domain: (f64, f64),
    book_images: usize,
    book_batch: usize,
}

/// What `#/cycle` shows for a query (any query: x0 is clamped to the landscape and rounded).
#[wasm_bindgen(js_name = cycleShown)]
pub fn cycle_shown(query: &str) -> Result<JsValue, JsError> {
    let shown = Cycle::from_query(query).shown();
    let ends = shown
        .ends
        .into_iter()
        .zip(PATH_STYLES)
        .map(|(e, (c, marker)): (CycleEnd, _)| ShownEnd {
            x0: e.x0,
            steps: e.steps,
            x: e.x,
            f: e.f,
            added: e.added,
            color: format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2),
            marker: marker.name(),
        })
        .collect();
    to_js(&Shown { query: shown.query, ends, csv: shown.csv, stages: cycle::stages(), domain: cycle::LANDSCAPE.domain(), book_images: BOOK.images, book_batch: BOOK.batch })
}

/// The stages of one training step, in order: `[{name, number}]` (the training view's diagram).
#[wasm_bindgen(js_name = cycleStepStages)]
pub fn cycle_step_stages() -> Result<JsValue, JsError> {
    to_js(&cycle::step_stages())
}

/// The stage the Step button lights after stage `at` (index into `stages`; none before a step).
#[wasm_bindgen(js_name = cycleNextStage)]
pub fn cycle_next_stage(at: Option<u32>) -> u32 {
    cycle::next_stage(at.map(|i| i as usize)) as u32
}

/// The stage the Previous button lights before stage `at`.
#[wasm_bindgen(js_name = cyclePreviousStage)]
pub fn cycle_previous_stage(at: Option<u32>) -> u32 {
    cycle::previous_stage(at.map(|i| i as usize)) as u32
}

/// The query with a start at the x under canvas pixel (px, py) of a plot `mapping` returned by
/// `drawCycle`; None if the pixel is outside the plotting area.
#[wasm_bindgen(js_name = cycleStartAt)]
pub fn cycle_start_at(mapping: &[f64], px: f64, py: f64) -> Result<Option<String>, JsError> {
    let data = mapping_to_data(mapping, px, py)?;
    Ok(data.first().map(|&x| Cycle::with_start(x).query()))
}

/// The chart's words, translated: `{title, x, y, curve, starts: [one label per start]}`.
#[derive(Deserialize)]
struct Words {
    title: String,
    x: String,
    y: String,
    curve: String,
    starts: Vec<String>,
}

/// The landscape with every start's descent on it; returns the plot mapping.
#[wasm_bindgen(js_name = drawCycle)]
pub fn draw_cycle(canvas: HtmlCanvasElement, query: &str, words: JsValue) -> Result<Vec<f64>, JsError> {
    let w: Words = from_js(words, "drawCycle")?;
    let descents: Vec<Descent> = Cycle::from_query(query)
        .runs()
        .into_iter()
        .enumerate()
        .map(|(i, (_, _, run))| Descent {
            label: w.starts.get(i).cloned().unwrap_or_default(),
            points: run.xs.iter().copied().zip(run.fs.iter().copied()).collect(),
        })
        .collect();
    let (area, scale) = canvas_area(canvas)?;
    let curve = cycle::LANDSCAPE.curve(400);
    let mapping =
        function1d::draw_descents(&area, &curve, &descents, &titles(&w.title, &w.x, &w.y), &w.curve, scale).map_err(js_error)?;
    Ok(mapping.to_array().to_vec())
}
