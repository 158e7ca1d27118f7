//! The numbers the lesson prose writes (`lessons::facts`), for www/i18n.js to fill placeholders.

use super::descent::to_js;
use wasm_bindgen::prelude::*;

/// `{ pixels: { count: 784 }, bookH: { power: -4 }, lrMin: { number: 0.0001 }, deltaCode:
/// { code: "1e-7" }, … }`: each number of the prose by placeholder name, with its form.
#[wasm_bindgen(js_name = textFacts)]
pub fn text_facts() -> Result<JsValue, JsError> {
    to_js(&crate::lessons::facts::text_facts())
}
