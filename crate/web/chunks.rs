//! Bindings about the pre-cut dataset chunks the worker fetches (www/worker/data.js).

use wasm_bindgen::prelude::*;

/// How many leading chunks (of `counts[i]` images each, the manifest's counts) hold the first
/// `images` images of a split; `images` may be Infinity ("all of them").
#[wasm_bindgen(js_name = chunksFor)]
pub fn chunks_for(counts: &[u32], images: f64) -> usize {
    let counts: Vec<usize> = counts.iter().map(|&c| c as usize).collect();
    // `as` saturates: Infinity asks for every chunk; a negative or NaN count asks for none.
    crate::data::chunks::chunks_for(&counts, images.ceil() as usize)
}
