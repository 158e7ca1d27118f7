//! Bindings of the "Draw a digit" view: preprocessing a drawing, running a saved model,
//! reading and writing model files, and picturing the first layer's weights.

use super::js_error;
use crate::digit;
use crate::model;
use crate::nn::loss::softmax;
use crate::reading::{Reading, TileLayout};
use nalgebra::DMatrix;
use wasm_bindgen::prelude::*;

/// RGBA pixels of a canvas → the 28×28 image (784 bytes, 0..255) MNIST would contain, or
/// `undefined` for a blank pad.
#[wasm_bindgen(js_name = preprocessDigit)]
pub fn preprocess_digit(width: usize, height: usize, rgba: &[u8]) -> Result<Option<Vec<u8>>, JsError> {
    if rgba.len() != width * height * 4 {
        return Err(JsError::new(&format!("expected {}×{}×4 = {} RGBA bytes, got {}", width, height, width * height * 4, rgba.len())));
    }
    Ok(digit::to_mnist(&digit::ink_from_rgba(width, height, rgba)).map(|img| img.to_vec()))
}

/// The side of the image the pad is turned into (28: MNIST's), in pixels.
#[wasm_bindgen(js_name = digitSide)]
pub fn digit_side() -> usize {
    digit::SIZE
}

/// The pad's brush width as a share of its width (`digit::BRUSH_FRACTION`).
#[wasm_bindgen(js_name = brushFraction)]
pub fn brush_fraction() -> f64 {
    digit::BRUSH_FRACTION
}

/// The data set id of the learner's own files (`model::OWN_DATA`).
#[wasm_bindgen(js_name = ownDataName)]
pub fn own_data_name() -> String {
    model::OWN_DATA.to_string()
}

/// How many classes a network reading the pad tells apart (the ten digits).
#[wasm_bindgen(js_name = digitClasses)]
pub fn digit_classes() -> usize {
    crate::data::dataset::CLASSES
}

/// MNIST test images for the pad's "Load a test image" (see `digit::TestDigits`).
#[wasm_bindgen]
pub struct TestDigits {
    inner: digit::TestDigits,
}

#[wasm_bindgen]
impl TestDigits {
    /// The data set (the manifest's id) whose first test chunk holds the images to pick from.
    pub fn dataset() -> String {
        digit::TEST_DIGITS_DATA.to_string()
    }
    /// Parses a test chunk (IDX images and labels, raw or gzip); `seed` repeats the picks
    /// (none: a random seed).
    #[wasm_bindgen(js_name = fromIdx)]
    pub fn from_idx(images: &[u8], labels: &[u8], seed: Option<u32>) -> Result<TestDigits, JsError> {
        let data = crate::data::Dataset::from_idx_limited(images, labels, crate::data::idx::MAX_TEST_IMAGES).map_err(js_error)?;
        let seed = seed.unwrap_or_else(crate::rng::Rng::random_seed);
        Ok(TestDigits { inner: digit::TestDigits::new(data, seed as u64).map_err(js_error)? })
    }
    /// A random image: `{ index, label, pixels }` (784 values, 0 = paper).
    pub fn pick(&mut self) -> Result<JsValue, JsError> {
        serde_wasm_bindgen::to_value(&self.inner.pick()).map_err(|e| JsError::new(&e.to_string()))
    }
}

/// A trained network loaded from (or about to be written to) a model file.
#[wasm_bindgen]
pub struct Model {
    inner: model::Model,
}

/// An RGBA picture made in Rust, to be put on a canvas with `new ImageData(rgba, width)`.
#[wasm_bindgen]
pub struct Picture {
    width: usize,
    height: usize,
    rgba: Vec<u8>,
}

#[wasm_bindgen]
impl Picture {
    #[wasm_bindgen(getter)]
    pub fn width(&self) -> usize {
        self.width
    }
    #[wasm_bindgen(getter)]
    pub fn height(&self) -> usize {
        self.height
    }
    #[wasm_bindgen(getter)]
    pub fn rgba(&self) -> Vec<u8> {
        self.rgba.clone()
    }
}

impl Model {
    /// x: (1, 784) in [0,1] from a 28×28 u8 image.
    fn input(&self, pixels: &[u8]) -> Result<DMatrix<f32>, JsError> {
        let n = self.inner.net.input_size();
        if pixels.len() != n {
            return Err(JsError::new(&format!("the model expects {n} input pixels, got {}", pixels.len())));
        }
        Ok(DMatrix::from_iterator(1, n, pixels.iter().map(|&p| p as f32 / 255.0)))
    }
}

#[wasm_bindgen]
impl Model {
    /// Reads a model file — a `.gradlab` file, or NumPy's `.npz` (recognised by its zip
    /// signature) — and throws an Error naming what is wrong.
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, JsError> {
        let inner = if crate::npz::is_zip(bytes) { crate::npz::from_npz(bytes) } else { model::Model::from_bytes(bytes) };
        Ok(Model { inner: inner.map_err(js_error)? })
    }
    #[wasm_bindgen(js_name = toBytes)]
    pub fn to_bytes(&self) -> Vec<u8> {
        self.inner.to_bytes()
    }
    /// The network as NumPy's `.npz`: W1, b1, W2, b2 as the book's `TwoLayerNet.params`.
    #[wasm_bindgen(js_name = toNpz)]
    pub fn to_npz(&self) -> Vec<u8> {
        crate::npz::to_npz(&self.inner)
    }
    #[wasm_bindgen(getter, js_name = inputSize)]
    pub fn input_size(&self) -> usize {
        self.inner.net.input_size()
    }
    #[wasm_bindgen(getter, js_name = hiddenSize)]
    pub fn hidden_size(&self) -> usize {
        self.inner.net.hidden_size()
    }
    #[wasm_bindgen(getter, js_name = outputSize)]
    pub fn output_size(&self) -> usize {
        self.inner.net.output_size()
    }
    #[wasm_bindgen(getter)]
    pub fn activation(&self) -> String {
        self.inner.net.activation.kind().name().to_string()
    }
    #[wasm_bindgen(getter)]
    pub fn dataset(&self) -> String {
        self.inner.dataset.clone()
    }
    /// Shape and activation, "784-50-10 ReLU" (see `model::Model::label`).
    #[wasm_bindgen(getter)]
    pub fn label(&self) -> String {
        self.inner.label()
    }
    /// The activation as the page writes it: "sigmoid", "ReLU".
    #[wasm_bindgen(getter, js_name = activationLabel)]
    pub fn activation_label(&self) -> String {
        model::activation_label(self.inner.net.activation.kind()).to_string()
    }
    /// The data it was trained on, by name ("MNIST", "Fashion-MNIST"); the learner's own files
    /// are named by the page in its language (see `ownData`).
    #[wasm_bindgen(getter, js_name = datasetLabel)]
    pub fn dataset_label(&self) -> String {
        model::dataset_label(&self.inner.dataset).to_string()
    }
    /// Trained on the learner's own files.
    #[wasm_bindgen(getter, js_name = ownData)]
    pub fn own_data(&self) -> bool {
        self.inner.own_data()
    }
    /// Whether the drawing pad can be read with it (784 inputs, 10 outputs).
    #[wasm_bindgen(getter, js_name = readsPad)]
    pub fn reads_pad(&self) -> bool {
        self.inner.reads_pad()
    }
    /// Whether its ten classes are digits (MNIST or the learner's files).
    #[wasm_bindgen(getter, js_name = trainedOnDigits)]
    pub fn trained_on_digits(&self) -> bool {
        self.inner.trained_on_digits()
    }
    /// The name of a network kept from a run, "MNIST 784-50-10 sigmoid · 94.7% · 2026-11-28
    /// 03:12", at the page's local time (`month` 1..=12).
    #[wasm_bindgen(js_name = generatedName)]
    pub fn generated_name(&self, year: i32, month: u32, day: u32, hour: u32, minute: u32) -> String {
        self.inner.generated_name(model::LocalTime { year, month, day, hour, minute })
    }
    /// Test accuracy recorded when it was trained (NaN if unknown).
    #[wasm_bindgen(getter, js_name = testAccuracy)]
    pub fn test_accuracy(&self) -> f64 {
        self.inner.test_accuracy.unwrap_or(f64::NAN)
    }
    #[wasm_bindgen(getter)]
    pub fn name(&self) -> String {
        self.inner.name.clone()
    }
    /// Stored without control or bidi-override characters, at most 100 characters.
    #[wasm_bindgen(setter)]
    pub fn set_name(&mut self, name: String) {
        self.inner.name = model::sanitize_name(&name);
    }
    /// Class probabilities (softmax of the scores) for a 28×28 image.
    pub fn predict(&self, pixels: &[u8]) -> Result<Vec<f32>, JsError> {
        Ok(softmax(&self.inner.net.predict(&self.input(pixels)?)).iter().copied().collect())
    }
    /// Everything the drawing view shows about a 28×28 image, from one forward pass:
    /// probabilities, scores, hidden activations, bar levels, the guess (see `reading::Reading`).
    pub fn read(&self, pixels: &[u8]) -> Result<JsValue, JsError> {
        let reading = Reading::of(&self.inner.net, &self.input(pixels)?);
        serde_wasm_bindgen::to_value(&reading).map_err(|e| JsError::new(&e.to_string()))
    }
    /// How the weight pictures of this network are tiled within `max_width` canvas pixels.
    #[wasm_bindgen(js_name = tileLayout)]
    pub fn tile_layout(&self, max_width: usize) -> Result<JsValue, JsError> {
        let layout = TileLayout::new(self.inner.net.hidden_size(), digit::SIZE, max_width);
        serde_wasm_bindgen::to_value(&layout).map_err(|e| JsError::new(&e.to_string()))
    }
    /// The first layer's weights as 28×28 tiles, one per hidden unit, `cols` tiles a row,
    /// each pixel `scale`×`scale`: blue for positive weights, red for negative, white for 0,
    /// each tile scaled by its own largest magnitude.
    #[wasm_bindgen(js_name = weightTiles)]
    pub fn weight_tiles(&self, cols: usize, scale: usize) -> Result<Picture, JsError> {
        let w = &self.inner.net.affine1.w; // (784, hidden)
        if w.nrows() != digit::SIZE * digit::SIZE {
            return Err(JsError::new(&format!("the first layer has {} inputs, not 28 × 28 = 784: no images to show", w.nrows())));
        }
        let (side, gap, scale) = (digit::SIZE, 2, scale.max(1));
        let units = w.ncols();
        let cols = cols.clamp(1, units.max(1));
        let rows = units.div_ceil(cols);
        let tile = side * scale + gap;
        let (width, height) = (cols * tile, rows * tile);
        let mut rgba = vec![255u8; width * height * 4];
        // Column-major storage: unit u's 784 weights are one contiguous run (slices, not
        // per-element matrix indexing: 1000 units took 25 ms in the page that way).
        let weights = w.as_slice();
        for unit in 0..units {
            let column = &weights[unit * side * side..(unit + 1) * side * side];
            let max = column.iter().fold(1e-12f32, |m, v| m.max(v.abs()));
            let (ox, oy) = ((unit % cols) * tile, (unit / cols) * tile);
            for (p, &weight) in column.iter().enumerate() {
                let v = weight / max; // -1..1
                let fade = (255.0 * (1.0 - v.abs())) as u8;
                let color = if v >= 0.0 { [fade, fade, 255] } else { [255, fade, fade] };
                let x = ox + (p % side) * scale;
                for y in oy + (p / side) * scale..oy + (p / side + 1) * scale {
                    let row = (y * width + x) * 4;
                    for pixel in rgba[row..row + scale * 4].chunks_exact_mut(4) {
                        pixel[..3].copy_from_slice(&color);
                    }
                }
            }
        }
        Ok(Picture { width, height, rgba })
    }
}
