//! Bindings of the §1 view `#/cycle` over `lessons::cycle`.

use super::descent::{from_js, to_js};
use super::lessons::{draw_descent_1d, titles};
use crate::charts::function1d::Function1dLabels;
use crate::lessons::cycle;
use serde::Deserialize;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

/// Where each start's descent ends, and the CSV of both runs (`lessons::cycle::CycleShown`).
#[wasm_bindgen(js_name = cycleShown)]
pub fn cycle_shown() -> Result<JsValue, JsError> {
    to_js(&cycle::shown())
}

/// The chart's words, translated: `{title, x, y, curve, iterates, tangent}`.
#[derive(Deserialize)]
struct Words {
    title: String,
    x: String,
    y: String,
    curve: String,
    iterates: String,
    tangent: String,
}

/// The landscape with the first start's descent on it.
#[wasm_bindgen(js_name = drawCycle)]
pub fn draw_cycle(canvas: HtmlCanvasElement, words: JsValue) -> Result<(), JsError> {
    let w: Words = from_js(words, "drawCycle")?;
    let labels = Function1dLabels { titles: titles(&w.title, &w.x, &w.y), curve: w.curve, iterates: w.iterates, tangent: w.tangent };
    draw_descent_1d(canvas, cycle::LANDSCAPE, cycle::STARTS[0], cycle::LR, cycle::STEPS, &labels).map(|_| ())
}
