//! The only module that talks to JavaScript. Exported types wrap core types; errors cross the
//! boundary as JS `Error`s carrying the core's message. The worker uses `Dataset` and
//! `Trainer`; the page uses `Curves` (charts) and `normalizeTrainQuery` (URL state).

use crate::charts::{self, ChartLabels, History, Scale};
use crate::config::{normalize_query, TrainConfig, TRAIN_KEYS};
use crate::data;
use crate::train::EpochRecord;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use std::sync::Arc;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

mod cycle;
mod descent;
mod digits;
mod gradcheck;
pub mod lessons;
mod loss_runs;
mod lr;
mod minibatch;
pub use digits::{preprocess_digit, Model, Picture};
pub use gradcheck::{
    book_step_size, chain_rule, gradient_verdict, gradient_verdict_thresholds, mnist_parameter_count, mnist_parameter_shapes,
    numerical_training_setup, projected_book_seconds, step_size_errors, step_size_highlights, GradientLab, NumericalTrainingRun,
    StepSizeHighlights,
};
pub use loss_runs::loss_runs;
pub use minibatch::{batch_learning_rate, batch_verdict, iterations_per_epoch, sampler_stats, seconds_at_iterations, BatchVerdict};

#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

pub(crate) fn js_error(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

/// Labelled images held in wasm memory (pixels stay u8).
#[wasm_bindgen]
pub struct Dataset {
    inner: Arc<data::Dataset>,
}

#[wasm_bindgen]
impl Dataset {
    /// Parses an IDX image file and label file, each raw or gzip; `test` holds the pair to the
    /// test set's limit (10,000 images) instead of the training set's (60,000).
    #[wasm_bindgen(js_name = fromIdx)]
    pub fn from_idx(images: &[u8], labels: &[u8], test: Option<bool>) -> Result<Dataset, JsError> {
        let max = if test == Some(true) { data::idx::MAX_TEST_IMAGES } else { data::idx::MAX_IMAGES };
        Ok(Dataset { inner: Arc::new(data::Dataset::from_idx_limited(images, labels, max).map_err(js_error)?) })
    }

    /// Checks an image file and a label file from their first 16 bytes and their lengths,
    /// before they are copied into wasm memory (a raw file of 2,000,000 images is refused
    /// without the 1.5 GB copy). Throws the same messages as `fromIdx`.
    #[wasm_bindgen(js_name = checkIdxSizes)]
    pub fn check_idx_sizes(images_head: &[u8], images_len: f64, labels_head: &[u8], labels_len: f64, test: Option<bool>) -> Result<(), JsError> {
        use data::idx::{preflight, IdxKind};
        let max = if test == Some(true) { data::idx::MAX_TEST_IMAGES } else { data::idx::MAX_IMAGES };
        preflight("images", IdxKind::Images, images_head, images_len as u64, max).map_err(js_error)?;
        preflight("labels", IdxKind::Labels, labels_head, labels_len as u64, max).map_err(js_error)
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
    #[wasm_bindgen(js_name = exportModel)]
    pub fn export_model(&self, name: &str) -> Vec<u8> {
        let last = self.inner.evaluate_test_only();
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
    /// Flattened rows [iteration, epoch, trainAccuracy, testAccuracy, ...].
    #[wasm_bindgen(js_name = takeEpochs)]
    pub fn take_epochs(&mut self) -> Vec<f64> {
        self.inner
            .take_epochs()
            .iter()
            .flat_map(|r| [r.iteration as f64, r.epoch, r.train_accuracy, r.test_accuracy])
            .collect()
    }
}

/// The learning curves of the page: holds the history and draws it on canvases.
#[wasm_bindgen]
#[derive(Default)]
pub struct Curves {
    history: History,
}

fn labels(title: &str, x: &str, y: &str, a: &str, b: &str) -> ChartLabels {
    ChartLabels { title: title.into(), x: x.into(), y: y.into(), series: [a.into(), b.into()] }
}

/// The canvas as a drawing area, and its canvas pixels per CSS pixel: the page sizes the
/// bitmap at device resolution (CSS size × devicePixelRatio), so the chart scales its fonts,
/// lines and margins by the same ratio. A canvas that is not laid out counts as 1.
fn canvas_area(canvas: HtmlCanvasElement) -> Result<(DrawingArea<CanvasBackend, plotters::coord::Shift>, Scale), JsError> {
    let css_width = canvas.client_width();
    let scale = if css_width > 0 { Scale::new(canvas.width() as f64 / css_width as f64) } else { Scale::ONE };
    let backend = CanvasBackend::with_canvas_object(canvas).ok_or_else(|| JsError::new("the canvas has no 2D context"))?;
    Ok((backend.into_drawing_area(), scale))
}

#[wasm_bindgen]
impl Curves {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Curves {
        Curves::default()
    }
    /// `first_iteration` is the 1-based iteration of `losses[0]`; returns false (and ignores
    /// the data) if it does not continue the history.
    #[wasm_bindgen(js_name = pushLosses)]
    pub fn push_losses(&mut self, first_iteration: usize, losses: &[f32]) -> bool {
        self.history.push_losses(first_iteration, losses)
    }
    #[wasm_bindgen(js_name = pushEpoch)]
    pub fn push_epoch(&mut self, iteration: usize, epoch: f64, train_accuracy: f64, test_accuracy: f64) {
        self.history.push_epoch(EpochRecord { iteration, epoch, train_accuracy, test_accuracy });
    }
    /// Forgets the current run; runs kept for comparison stay.
    pub fn clear(&mut self) {
        self.history.clear();
    }
    /// Keeps the current run's curves, labelled, to overlay on later runs; returns the count.
    #[wasm_bindgen(js_name = keepRun)]
    pub fn keep_run(&mut self, label: &str) -> usize {
        self.history.keep(label)
    }
    #[wasm_bindgen(js_name = clearKept)]
    pub fn clear_kept(&mut self) {
        self.history.kept.clear();
    }
    #[wasm_bindgen(getter, js_name = keptCount)]
    pub fn kept_count(&self) -> usize {
        self.history.kept.len()
    }
    /// CSV of the loss chart (iteration, loss, smoothed).
    #[wasm_bindgen(js_name = lossCsv)]
    pub fn loss_csv(&self) -> String {
        self.history.loss_csv()
    }
    /// CSV of the accuracy chart (iteration, epoch, train_accuracy, test_accuracy).
    #[wasm_bindgen(js_name = accuracyCsv)]
    pub fn accuracy_csv(&self) -> String {
        self.history.accuracy_csv()
    }
    #[wasm_bindgen(getter, js_name = lossCount)]
    pub fn loss_count(&self) -> usize {
        self.history.losses.len()
    }
    #[wasm_bindgen(getter, js_name = epochCount)]
    pub fn epoch_count(&self) -> usize {
        self.history.epochs.len()
    }
    #[wasm_bindgen(getter, js_name = lastSmoothedLoss)]
    pub fn last_smoothed_loss(&self) -> f64 {
        self.history.last_smoothed() as f64
    }
    #[wasm_bindgen(js_name = drawLoss)]
    pub fn draw_loss(
        &self,
        canvas: HtmlCanvasElement,
        title: &str,
        x_label: &str,
        y_label: &str,
        raw_label: &str,
        smoothed_label: &str,
    ) -> Result<(), JsError> {
        let (area, scale) = canvas_area(canvas)?;
        charts::loss::draw_scaled(&area, &self.history, &labels(title, x_label, y_label, raw_label, smoothed_label), scale)
            .map_err(js_error)
    }
    #[wasm_bindgen(js_name = drawAccuracy)]
    pub fn draw_accuracy(
        &self,
        canvas: HtmlCanvasElement,
        title: &str,
        x_label: &str,
        y_label: &str,
        train_label: &str,
        test_label: &str,
    ) -> Result<(), JsError> {
        let (area, scale) = canvas_area(canvas)?;
        charts::accuracy::draw_scaled(&area, &self.history, &labels(title, x_label, y_label, train_label, test_label), scale)
            .map_err(js_error)
    }
}

/// Canonical training query: every key, values clamped, unknown keys dropped.
#[wasm_bindgen(js_name = normalizeTrainQuery)]
pub fn normalize_train_query(query: &str) -> String {
    normalize_query(query, TRAIN_KEYS)
}

/// One key of the training URL as the controls need it. A typed binding (getters) rather than
/// JSON: the page reads five fields and the table stays in `config::TRAIN_KEYS` alone.
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
}

/// The training view's keys, in URL order: what its controls are built from.
#[wasm_bindgen(js_name = trainKeySpecs)]
pub fn train_key_specs() -> Vec<KeySpec> {
    TRAIN_KEYS.iter().map(|&key| KeySpec { key }).collect()
}

/// The training keys the schedule `kind` reads besides the rate ("step": gamma, every; "exp",
/// "inv": k; "constant": none). An unknown kind reads none.
#[wasm_bindgen(js_name = scheduleParameterKeys)]
pub fn schedule_parameter_keys(kind: &str) -> Vec<String> {
    crate::nn::ScheduleKind::from_name(kind).map_or(Vec::new(), |k| k.parameter_keys().iter().map(|s| s.to_string()).collect())
}
