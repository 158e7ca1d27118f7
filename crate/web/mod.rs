//! The only module that talks to JavaScript. Exported types wrap core types; errors cross the
//! boundary as JS `Error`s carrying the core's message. The worker uses `Dataset` and
//! `Trainer`; the page uses `Curves` (every run history and its charts, in `curves`) and
//! `normalizeTrainQuery` (URL state). One file per lesson besides.

use crate::charts::Scale;
use crate::config::{normalize_query, TrainConfig, TRAIN_KEYS};
use crate::data;
use plotters::prelude::*;
use std::sync::Arc;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

mod canvas_text;
mod chunks;
mod curves;
mod cycle;
mod descent;
mod digits;
mod facts;
mod gradcheck;
pub mod lessons;
mod loss_runs;
mod losses;
mod lr;
mod minibatch;
mod shapes;
mod summary;
mod watch;
pub use curves::{Curves, Pace};
pub use facts::text_facts;
pub use digits::{preprocess_digit, Model, Picture, TestDigits};
pub use gradcheck::{
    chain_rule, check_coverage, check_rows, draw_step_sizes, gradcheck_lesson, network_size, numerical_training_readout,
    numerical_training_setups, step_size_study, timing_readout, GradientLab, NumericalTrainingRun,
};
pub use loss_runs::loss_lab;
pub use shapes::shape_lab;
pub use watch::{watch_sample, watch_snapshot};
pub use minibatch::{batch_verdict, iterations_per_epoch, minibatch_plan, next_sampler_seed, sampler_card, sampler_names, sampler_stats};

#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

pub(crate) fn js_error(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

/// Labelled images held in wasm memory (pixels stay u8).
/// An error about a pair of IDX files, named by `files` ([images, labels]) when given.
fn in_files(e: crate::Error, files: &Option<Vec<String>>) -> JsError {
    match files.as_deref() {
        Some([images, labels]) => JsError::new(&e.in_files(images, labels)),
        _ => js_error(e),
    }
}

/// What `Dataset.checkIdxSizes` checks: the first bytes (up to 16) and the length in bytes of
/// an image file and a label file; `test` as in `fromIdx`, `files` their names, images first.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct IdxSizes {
    #[serde(deserialize_with = "bytes")]
    images_head: Vec<u8>,
    images_length: f64,
    #[serde(deserialize_with = "bytes")]
    labels_head: Vec<u8>,
    labels_length: f64,
    #[serde(default)]
    test: bool,
    #[serde(default)]
    files: Option<Vec<String>>,
}

/// A `Uint8Array` (or `ArrayBuffer`) field as bytes, copied at once rather than element by
/// element as a sequence.
fn bytes<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
    struct Bytes;
    impl serde::de::Visitor<'_> for Bytes {
        type Value = Vec<u8>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a Uint8Array")
        }
        fn visit_byte_buf<E: serde::de::Error>(self, v: Vec<u8>) -> Result<Vec<u8>, E> {
            Ok(v)
        }
        fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<Vec<u8>, E> {
            Ok(v.to_vec())
        }
    }
    deserializer.deserialize_byte_buf(Bytes)
}

#[wasm_bindgen]
pub struct Dataset {
    inner: Arc<data::Dataset>,
}

#[wasm_bindgen]
impl Dataset {
    /// Parses an IDX image file and label file, each raw or gzip; `test` holds the pair to the
    /// test set's limit (10,000 images) instead of the training set's (60,000). With `files`
    /// (the two files' names, images first), an error starts with the name of the file it is
    /// about (both, when their counts disagree).
    #[wasm_bindgen(js_name = fromIdx)]
    pub fn from_idx(images: &[u8], labels: &[u8], test: Option<bool>, files: Option<Vec<String>>) -> Result<Dataset, JsError> {
        let max = if test == Some(true) { data::idx::MAX_TEST_IMAGES } else { data::idx::MAX_IMAGES };
        let data = data::Dataset::from_idx_limited(images, labels, max).map_err(|e| in_files(e, &files))?;
        Ok(Dataset { inner: Arc::new(data) })
    }

    /// Checks an image file and a label file from their first 16 bytes and their lengths,
    /// before they are copied into wasm memory (a raw file of 2,000,000 images is refused
    /// without the 1.5 GB copy). `sizes`: `{ imagesHead, imagesLength, labelsHead,
    /// labelsLength, test, files }` (`IdxSizes`). Throws the same messages as `fromIdx`, named
    /// by `files` as there.
    #[wasm_bindgen(js_name = checkIdxSizes)]
    pub fn check_idx_sizes(sizes: JsValue) -> Result<(), JsError> {
        use crate::error::{IMAGES_FILE, LABELS_FILE};
        use data::idx::{preflight, IdxKind};
        let s: IdxSizes = descent::from_js(sizes, "checkIdxSizes")?;
        let max = if s.test { data::idx::MAX_TEST_IMAGES } else { data::idx::MAX_IMAGES };
        preflight(IMAGES_FILE, IdxKind::Images, &s.images_head, s.images_length as u64, max)
            .and_then(|()| preflight(LABELS_FILE, IdxKind::Labels, &s.labels_head, s.labels_length as u64, max))
            .map_err(|e| in_files(e, &s.files))
    }

    /// Appends another dataset's examples (data arrives in chunks).
    pub fn append(&mut self, other: &Dataset) -> Result<(), JsError> {
        Arc::make_mut(&mut self.inner).append(&other.inner).map_err(js_error)
    }

    #[wasm_bindgen(getter)]
    pub fn len(&self) -> usize {
        self.inner.len()
    }
    #[wasm_bindgen(getter)]
    pub fn rows(&self) -> usize {
        self.inner.rows()
    }
    #[wasm_bindgen(getter)]
    pub fn cols(&self) -> usize {
        self.inner.cols()
    }
    pub fn image(&self, i: usize) -> Result<Vec<u8>, JsError> {
        self.check(i)?;
        Ok(self.inner.image(i).to_vec())
    }
    pub fn label(&self, i: usize) -> Result<u8, JsError> {
        self.check(i)?;
        Ok(self.inner.label(i))
    }
    fn check(&self, i: usize) -> Result<(), JsError> {
        if i >= self.inner.len() {
            return Err(JsError::new(&format!("image {i} does not exist: the dataset has {}", self.inner.len())));
        }
        Ok(())
    }
}

/// What a run costs, before it starts; see `train::StepEstimate`.
#[wasm_bindgen]
pub struct StepEstimate {
    inner: crate::train::StepEstimate,
}

#[wasm_bindgen]
impl StepEstimate {
    /// For the settings `query` with `test_size` test images (undefined: not known yet), see
    /// `train::StepEstimate::before_loading`.
    #[wasm_bindgen(constructor)]
    pub fn new(query: &str, test_size: Option<usize>) -> StepEstimate {
        StepEstimate { inner: crate::train::StepEstimate::before_loading(&TrainConfig::from_query(query), test_size) }
    }
    #[wasm_bindgen(getter)]
    pub fn megabytes(&self) -> f64 {
        self.inner.bytes as f64 / 1e6
    }
    #[wasm_bindgen(getter, js_name = secondsPerStep)]
    pub fn seconds_per_step(&self) -> f64 {
        self.inner.ms_per_step / 1000.0
    }
    #[wasm_bindgen(getter, js_name = secondsPerEvaluation)]
    pub fn seconds_per_evaluation(&self) -> f64 {
        self.inner.ms_per_evaluation / 1000.0
    }
    #[wasm_bindgen(getter, js_name = unitsPerStep)]
    pub fn units_per_step(&self) -> usize {
        self.inner.units_per_step
    }
    /// Whether the run is worth an estimate beside Start (a step or an evaluation of a second
    /// or more on a slow core).
    #[wasm_bindgen(getter)]
    pub fn heavy(&self) -> bool {
        self.inner.heavy()
    }
    #[wasm_bindgen(getter)]
    pub fn fits(&self) -> bool {
        self.inner.fits()
    }
}

/// What `evaluateCopy` measures: a snapshot (`takeSnapshot`) of the run `query` taken at
/// `iteration`.
#[derive(serde::Deserialize)]
struct Snapshot {
    #[serde(deserialize_with = "bytes")]
    snapshot: Vec<u8>,
    query: String,
    iteration: usize,
}

/// The epoch row [iteration, epoch, trainAccuracy, testAccuracy] (as `takeEpochs` gives rows)
/// of `snapshot`: `{ snapshot, query, iteration }` (`Snapshot`), measured on `train` / `test`.
#[wasm_bindgen(js_name = evaluateCopy)]
pub fn evaluate_copy(train: &Dataset, test: &Dataset, snapshot: JsValue) -> Result<Vec<f64>, JsError> {
    let Snapshot { snapshot, query, iteration } = descent::from_js(snapshot, "evaluateCopy")?;
    let model = crate::model::Model::from_bytes(&snapshot).map_err(js_error)?;
    let r = crate::train::evaluate_copy(&model.net, &TrainConfig::from_query(&query), &train.inner, &test.inner, iteration);
    Ok(vec![r.iteration as f64, r.epoch, r.train_accuracy, r.test_accuracy])
}

/// The training loop of the worker; see `train::Trainer`.
#[wasm_bindgen]
pub struct Trainer {
    inner: crate::train::Trainer,
}

#[wasm_bindgen]
impl Trainer {
    /// `query` is the URL-hash style settings string (normalized and clamped here).
    #[wasm_bindgen(constructor)]
    pub fn new(query: &str, train: &Dataset, test: &Dataset) -> Result<Trainer, JsError> {
        let config = TrainConfig::from_query(query);
        let inner = crate::train::Trainer::new(config, train.inner.clone(), test.inner.clone()).map_err(js_error)?;
        Ok(Trainer { inner })
    }

    /// Runs up to `steps` iterations; returns how many ran.
    pub fn run(&mut self, steps: usize) -> usize {
        self.inner.run(steps)
    }
    /// Runs pieces of bounded work (steps, sub-batches, evaluation blocks) until `budget`
    /// multiply-adds are done (at least one piece); returns the multiply-adds done. The worker
    /// sizes its slices with it.
    pub fn work(&mut self, budget: f64) -> f64 {
        self.inner.work(budget.max(0.0) as u64) as f64
    }
    /// Epoch ends hand out the weights (takeSnapshot) instead of evaluating in this worker.
    #[wasm_bindgen(js_name = deferEvaluation)]
    pub fn defer_evaluation(&mut self, on: bool) {
        self.inner.defer_evaluation(on);
    }
    /// An epoch just ended: `work` waits until its weights are taken.
    #[wasm_bindgen(getter, js_name = snapshotDue)]
    pub fn snapshot_due(&self) -> bool {
        self.inner.snapshot_due()
    }
    /// The weights at the epoch end just reached, as a model file (for `evaluateCopy` in
    /// another worker); empty when no epoch end is due.
    #[wasm_bindgen(js_name = takeSnapshot)]
    pub fn take_snapshot(&mut self) -> Vec<u8> {
        let dataset = self.inner.config().data.clone();
        match self.inner.take_snapshot() {
            Some(net) => crate::model::Model { net, dataset, test_accuracy: None, name: String::new() }.to_bytes(),
            None => Vec::new(),
        }
    }
    /// Whether an epoch's evaluation is under way.
    #[wasm_bindgen(getter)]
    pub fn evaluating(&self) -> bool {
        self.inner.evaluating()
    }
    /// The allocation-free step (default where it applies) or the readable layers; returns
    /// whether the fast step is used. For the browser benchmark.
    #[wasm_bindgen(js_name = useFastStep)]
    pub fn use_fast_step(&mut self, on: bool) -> bool {
        self.inner.use_fast_step(on)
    }
    #[wasm_bindgen(getter)]
    pub fn iteration(&self) -> usize {
        self.inner.iteration()
    }
    #[wasm_bindgen(getter)]
    pub fn iterations(&self) -> usize {
        self.inner.iterations()
    }
    #[wasm_bindgen(getter, js_name = iterationsPerEpoch)]
    pub fn iterations_per_epoch(&self) -> usize {
        self.inner.iterations_per_epoch()
    }
    /// Steps until the next epoch evaluation, that step included (0 when finished).
    #[wasm_bindgen(getter, js_name = stepsToEvaluation)]
    pub fn steps_to_evaluation(&self) -> usize {
        self.inner.steps_to_evaluation()
    }
    #[wasm_bindgen(getter)]
    pub fn finished(&self) -> bool {
        self.inner.finished()
    }
    #[wasm_bindgen(getter)]
    pub fn diverged(&self) -> bool {
        self.inner.diverged()
    }
    /// Why the run diverged ("unscaled-inputs", "backprop-bug", "learning-rate"); undefined
    /// while it has not.
    #[wasm_bindgen(getter, js_name = divergenceCause)]
    pub fn divergence_cause(&self) -> Option<String> {
        self.inner.divergence_cause().map(|c| c.name().to_string())
    }
    #[wasm_bindgen(getter, js_name = learningRate)]
    pub fn learning_rate(&self) -> f64 {
        self.inner.learning_rate()
    }
    /// The rate the next step uses (the schedule applied to `learningRate`).
    #[wasm_bindgen(getter, js_name = currentLearningRate)]
    pub fn current_learning_rate(&self) -> f64 {
        self.inner.current_learning_rate()
    }
    #[wasm_bindgen(js_name = setLearningRate)]
    pub fn set_learning_rate(&mut self, lr: f64) -> f64 {
        self.inner.set_learning_rate(lr)
    }
    #[wasm_bindgen(getter)]
    pub fn seed(&self) -> u32 {
        self.inner.seed()
    }
    /// The settings actually in use, as a canonical query (seed filled in if it was random).
    #[wasm_bindgen(getter)]
    pub fn query(&self) -> String {
        let mut config = self.inner.config().clone();
        config.seed = Some(self.inner.seed());
        config.learning_rate = self.inner.learning_rate();
        config.to_query()
    }
    /// The network as it is now, as a model file (for the drawing view and for keeping).
    /// `test_accuracy` is the accuracy the page already has for this iteration (its last
    /// evaluation); without it the test set is measured again.
    #[wasm_bindgen(js_name = exportModel)]
    pub fn export_model(&self, name: &str, test_accuracy: Option<f64>) -> Vec<u8> {
        let last = test_accuracy.filter(|a| (0.0..=1.0).contains(a)).unwrap_or_else(|| self.inner.evaluate_test_only());
        crate::model::Model {
            net: self.inner.net().clone(),
            dataset: self.inner.config().data.clone(),
            test_accuracy: Some(last),
            name: name.to_string(),
        }
        .to_bytes()
    }
    #[wasm_bindgen(js_name = takeLosses)]
    pub fn take_losses(&mut self) -> Vec<f32> {
        self.inner.take_losses()
    }
    /// The iteration of the first loss `takeLosses` would return now.
    #[wasm_bindgen(getter, js_name = firstUntakenIteration)]
    pub fn first_untaken_iteration(&self) -> usize {
        self.inner.first_untaken_iteration()
    }
    /// The iteration a rate set now applies from.
    #[wasm_bindgen(getter, js_name = nextIteration)]
    pub fn next_iteration(&self) -> usize {
        self.inner.next_iteration()
    }
    /// Flattened rows [iteration, epoch, trainAccuracy, testAccuracy, ...].
    #[wasm_bindgen(js_name = takeEpochs)]
    pub fn take_epochs(&mut self) -> Vec<f64> {
        self.inner
            .take_epochs()
            .iter()
            .flat_map(|r| [r.iteration as f64, r.epoch, r.train_accuracy, r.test_accuracy])
            .collect()
    }
    /// How the network reads the watched test digits now (see `watch::WatchReading`).
    pub fn watch(&self) -> Result<JsValue, JsError> {
        descent::to_js(&self.inner.watch())
    }
    /// [trainAccuracy, testAccuracy] now, as at an epoch's end (for the browser benchmark's
    /// `eval_70k_ms`); records nothing.
    #[wasm_bindgen(js_name = evaluateNow)]
    pub fn evaluate_now(&self) -> Vec<f64> {
        let r = self.inner.evaluate();
        vec![r.train_accuracy, r.test_accuracy]
    }
}

/// The canvas as a drawing area, and its canvas pixels per CSS pixel: the page sizes the
/// bitmap at device resolution (CSS size × devicePixelRatio), so the chart scales its fonts,
/// lines and margins by the same ratio. A canvas that is not laid out counts as 1. Text is
/// measured by the canvas, never by inserting styled elements (`canvas_text`).
fn canvas_area(canvas: HtmlCanvasElement) -> Result<(DrawingArea<canvas_text::CanvasText, plotters::coord::Shift>, Scale), JsError> {
    let css_width = canvas.client_width();
    let scale = if css_width > 0 { Scale::new(canvas.width() as f64 / css_width as f64) } else { Scale::ONE };
    let backend = canvas_text::CanvasText::new(canvas).ok_or_else(|| JsError::new("the canvas has no 2D context"))?;
    Ok((backend.into_drawing_area(), scale))
}

/// Canonical training query: every key, values clamped, unknown keys dropped.
#[wasm_bindgen(js_name = normalizeTrainQuery)]
pub fn normalize_train_query(query: &str) -> String {
    normalize_query(query, TRAIN_KEYS)
}

/// Whether the run of `query` changes its learning rate as it goes (`TrainConfig::schedule_varies`).
#[wasm_bindgen(js_name = scheduleVaries)]
pub fn schedule_varies(query: &str) -> bool {
    TrainConfig::from_query(query).schedule_varies()
}

/// The legend label of a run with the settings `query` (see `TrainConfig::run_label`).
#[wasm_bindgen(js_name = trainRunLabel)]
pub fn train_run_label(query: &str) -> String {
    TrainConfig::from_query(query).run_label()
}

/// One key of the training URL as the controls need it. A typed binding (getters) rather than
/// JSON: the page reads seven fields and the table stays in `config::TRAIN_KEYS` alone.
#[wasm_bindgen]
pub struct KeySpec {
    key: crate::config::Key,
}

#[wasm_bindgen]
impl KeySpec {
    #[wasm_bindgen(getter)]
    pub fn name(&self) -> String {
        self.key.name.to_string()
    }
    /// "int", "real", "choice", "seed" or "set".
    #[wasm_bindgen(getter)]
    pub fn kind(&self) -> String {
        self.key.spec.kind().to_string()
    }
    /// Smallest accepted number (undefined for words).
    #[wasm_bindgen(getter)]
    pub fn min(&self) -> Option<f64> {
        self.key.spec.range().map(|r| r.0)
    }
    /// Largest accepted number (undefined for words).
    #[wasm_bindgen(getter)]
    pub fn max(&self) -> Option<f64> {
        self.key.spec.range().map(|r| r.1)
    }
    /// The default as the URL writes it.
    #[wasm_bindgen(getter, js_name = defaultValue)]
    pub fn default_value(&self) -> String {
        self.key.spec.default_text()
    }
    /// The accepted words of a choice, in menu order (empty for numbers).
    #[wasm_bindgen(getter)]
    pub fn options(&self) -> Vec<String> {
        self.key.spec.options().iter().map(|o| o.to_string()).collect()
    }
    /// Whether a set may be empty; when not, the URL's empty set becomes the default, so the
    /// page keeps the last member chosen instead (false for every other kind).
    #[wasm_bindgen(getter, js_name = allowEmpty)]
    pub fn allow_empty(&self) -> bool {
        matches!(self.key.spec, crate::config::Spec::Set { allow_empty: true, .. })
    }
    /// The values an integer's menu offers, as the URL writes them (empty without a menu).
    #[wasm_bindgen(getter)]
    pub fn presets(&self) -> Vec<String> {
        self.key.spec.presets().iter().map(|v| v.to_string()).collect()
    }
}

/// The training view's keys, in URL order: what its controls are built from.
#[wasm_bindgen(js_name = trainKeySpecs)]
pub fn train_key_specs() -> Vec<KeySpec> {
    TRAIN_KEYS.iter().map(|&key| KeySpec { key }).collect()
}

/// The value a logarithmic slider moves to on an arrow key: the next 1-2-5 value of `min…max`
/// above (`up`) or below `value` (see `config::log_ladder`).
#[wasm_bindgen(js_name = logSliderStep)]
pub fn log_slider_step(value: f64, min: f64, max: f64, up: bool) -> f64 {
    crate::config::log_slider_step(value, min, max, up)
}

/// The powers of ten a logarithmic slider of `min…max` is ticked at (`config::log_decades`).
#[wasm_bindgen(js_name = logSliderDecades)]
pub fn log_slider_decades(min: f64, max: f64) -> Vec<f64> {
    crate::config::log_decades(min, max)
}

/// The canvas pixel `[x, y]` under a pointer, from `{ clientX, clientY, left, top, cssWidth,
/// cssHeight, canvasWidth, canvasHeight }` (`charts::PointerOnCanvas`); empty while the canvas
/// is not laid out.
#[wasm_bindgen(js_name = canvasPixel)]
pub fn canvas_pixel(pointer: JsValue) -> Result<Vec<f64>, JsError> {
    let pointer: crate::charts::PointerOnCanvas =
        serde_wasm_bindgen::from_value(pointer).map_err(|e| JsError::new(&format!("canvasPixel: {e}")))?;
    Ok(pointer.canvas_pixel().map_or(Vec::new(), |(x, y)| vec![x, y]))
}

/// The keys of lesson view `view` ("minibatch", "backprop", …), in URL order: the choices and
/// ranges its controls offer come from here (`lessons::control_keys`: #/lr's race keys too).
#[wasm_bindgen(js_name = lessonKeySpecs)]
pub fn lesson_key_specs(view: &str) -> Result<Vec<KeySpec>, JsError> {
    let keys = crate::lessons::control_keys(view).ok_or_else(|| JsError::new(&format!("no lesson view named {view:?}")))?;
    Ok(keys.into_iter().map(|key| KeySpec { key }).collect())
}

/// The training keys the schedule `kind` reads besides the rate ("step": gamma, every; "exp",
/// "inv": k; "constant": none). An unknown kind reads none.
#[wasm_bindgen(js_name = scheduleParameterKeys)]
pub fn schedule_parameter_keys(kind: &str) -> Vec<String> {
    crate::nn::ScheduleKind::from_name(kind).map_or(Vec::new(), |k| k.parameter_keys().iter().map(|s| s.to_string()).collect())
}
