//! The run histories of the page (`charts::history`): one `Curves` per chart holder (the
//! training view, each MNIST lab). The views append the worker's deltas, read back what they
//! show as plain objects (`summaries`), and ask the history to draw itself.

use super::descent::{from_js, to_js};
use super::{canvas_area, js_error};
use crate::charts::history::{History, RunSpec, RunState, Values, XAxis};
use crate::charts::series::{self, Options, Titles, Words};
use crate::charts::ticks::Kind;
use crate::charts::{self, ChartLabels};
use crate::train::EpochRecord;
use serde::Deserialize;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

/// Every run of one view, and the charts drawn from them.
#[wasm_bindgen]
#[derive(Default)]
pub struct Curves {
    pub(crate) history: History,
}

/// What a lab chart draws (`drawLines`), with its words already translated.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct LinesOptions {
    title: String,
    x_label: String,
    y_label: String,
    values: Values,
    x: XAxis,
    log_y: bool,
    /// Fixed y axis (default: `lessons::curves::lab_chart_y_range`, 0 to 100 for accuracies).
    y_range: Option<(f64, f64)>,
    mean_of: String,
    empty: String,
    /// Legend labels by run key, for runs whose label follows the page's language.
    labels: std::collections::HashMap<String, String>,
}

#[wasm_bindgen]
impl Curves {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Curves {
        Curves::default()
    }

    /// Adds a run waiting for its data: `{ key, label, planned, iterationsPerEpoch,
    /// firstIteration, learningRate, style: { faint, dots, smooth } }` (all optional but the
    /// key). A run with the same key that is not kept is replaced, in its place.
    #[wasm_bindgen(js_name = addRun)]
    pub fn add_run(&mut self, spec: JsValue) -> Result<(), JsError> {
        self.history.start(from_js(spec, "addRun")?);
        Ok(())
    }

    /// Adds a run (as `addRun`) that is running already.
    #[wasm_bindgen(js_name = startRun)]
    pub fn start_run(&mut self, spec: JsValue) -> Result<(), JsError> {
        let spec: RunSpec = from_js(spec, "startRun")?;
        self.history.start(spec).state = RunState::Running;
        Ok(())
    }

    /// Run `key`, added before, starts: the worker says how many iterations it will do.
    #[wasm_bindgen(js_name = beginRun)]
    pub fn begin_run(&mut self, key: &str, planned: usize, iterations_per_epoch: usize) -> Result<(), JsError> {
        let run = self.history.run_mut(key).ok_or_else(|| unknown(key))?;
        run.plan.planned = planned;
        run.plan.iterations_per_epoch = iterations_per_epoch.max(1);
        run.state = RunState::Running;
        Ok(())
    }

    /// Appends losses to run `key` (or to the current run); `first_iteration` is the iteration
    /// of `losses[0]`. Returns false (and ignores the data) if it does not continue the run.
    #[wasm_bindgen(js_name = pushLosses)]
    pub fn push_losses(&mut self, first_iteration: usize, losses: &[f32], key: Option<String>) -> bool {
        match key {
            Some(key) => self.history.run_mut(&key).is_some_and(|run| run.push_losses(first_iteration, losses)),
            None => self.history.push_losses(first_iteration, losses),
        }
    }

    /// Appends epoch rows, flattened as the trainer gives them: [iteration, epoch, train
    /// accuracy, test accuracy, …].
    #[wasm_bindgen(js_name = pushEpochs)]
    pub fn push_epochs(&mut self, rows: &[f64], key: Option<String>) -> Result<(), JsError> {
        if rows.len() % 4 != 0 {
            return Err(JsError::new(&format!("pushEpochs takes rows of 4 numbers, got {}", rows.len())));
        }
        for r in rows.chunks_exact(4) {
            let record = EpochRecord { iteration: r[0] as usize, epoch: r[1], train_accuracy: r[2], test_accuracy: r[3] };
            match &key {
                Some(key) => self.history.run_mut(key).ok_or_else(|| unknown(key))?.epochs.push(record),
                None => self.history.push_epoch(record),
            }
        }
        Ok(())
    }

    /// Rows of one loss per run (`keys`, in column order) from `first_iteration` on; rows the
    /// runs already hold are skipped (a report may repeat the whole history).
    #[wasm_bindgen(js_name = pushColumns)]
    pub fn push_columns(&mut self, keys: Vec<String>, first_iteration: usize, values: &[f64]) -> bool {
        let values: Vec<f32> = values.iter().map(|&v| v as f32).collect();
        self.history.push_columns(&keys, first_iteration, &values)
    }

    /// A reading of the worker's clock for run `key`: `ms` of training after `iteration`.
    pub fn tick(&mut self, key: &str, iteration: usize, ms: f64) -> Result<(), JsError> {
        self.history.run_mut(key).ok_or_else(|| unknown(key))?.tick(iteration, ms);
        Ok(())
    }

    /// Run `key` is over: "done", "diverged" or "cancelled"; `ms` (if given) is its total time.
    #[wasm_bindgen(js_name = finishRun)]
    pub fn finish_run(&mut self, key: &str, state: &str, ms: Option<f64>) -> Result<(), JsError> {
        let state: RunState = from_js(JsValue::from_str(state), "finishRun")?;
        let run = self.history.run_mut(key).ok_or_else(|| unknown(key))?;
        if let Some(ms) = ms {
            let iteration = run.iteration();
            run.tick(iteration, ms);
        }
        run.state = state;
        Ok(())
    }

    /// Every run that is not over is cancelled.
    #[wasm_bindgen(js_name = cancelRuns)]
    pub fn cancel_runs(&mut self) {
        self.history.cancel();
    }

    /// Forgets every run but the kept ones.
    pub fn clear(&mut self) {
        self.history.clear();
    }
    /// Keeps a copy of the current run, labelled, to overlay on later runs; returns the count.
    #[wasm_bindgen(js_name = keepRun)]
    pub fn keep_run(&mut self, label: &str) -> usize {
        self.history.keep(label)
    }
    #[wasm_bindgen(js_name = clearKept)]
    pub fn clear_kept(&mut self) {
        self.history.clear_kept();
    }
    #[wasm_bindgen(getter, js_name = keptCount)]
    pub fn kept_count(&self) -> usize {
        self.history.kept().count()
    }

    /// What the views show of every run, in the order started: objects of `RunSummary`
    /// (camelCase; numbers unformatted, absent ones undefined).
    pub fn summaries(&self) -> Result<JsValue, JsError> {
        to_js(&self.history.summaries())
    }
    /// The current run's summary (the training view's numbers), undefined before any data.
    pub fn current(&self) -> Result<JsValue, JsError> {
        to_js(&self.history.current().map(|r| r.summary()))
    }
    /// The current run's test accuracy at `iteration`, if its last evaluation measured it there.
    #[wasm_bindgen(js_name = testAccuracyAt)]
    pub fn test_accuracy_at(&self, iteration: usize) -> Option<f64> {
        self.history.test_accuracy_at(iteration)
    }
    /// Share of a job of `total` runs done, 0…1.
    pub fn progress(&self, total: usize) -> f64 {
        self.history.progress(total)
    }
    /// The shape of run `key`'s learning curve (section 4.3), one of `CurveShape::NAMES`,
    /// from its losses and its last test accuracy.
    pub fn shape(&self, key: &str) -> Result<String, JsError> {
        let run = self.history.run(key).ok_or_else(|| unknown(key))?;
        let accuracy = run.epochs.last().map(|e| e.test_accuracy);
        Ok(crate::lessons::curves::diagnose_curve(&run.losses, run.state == RunState::Diverged, accuracy).name().to_string())
    }

    /// The current run's loss chart numbers as CSV (iteration, loss, smoothed).
    #[wasm_bindgen(js_name = lossCsv)]
    pub fn loss_csv(&self) -> String {
        self.history.loss_csv()
    }
    /// The current run's accuracy rows as CSV (iteration, epoch, train_accuracy, test_accuracy).
    #[wasm_bindgen(js_name = accuracyCsv)]
    pub fn accuracy_csv(&self) -> String {
        self.history.accuracy_csv()
    }
    /// Every loss of every run: [label, iteration, epoch, seconds, loss] rows.
    #[wasm_bindgen(js_name = lossRows)]
    pub fn loss_rows(&self) -> Result<JsValue, JsError> {
        to_js(&self.history.loss_rows())
    }
    /// `values` ("loss" or "test-accuracy") by `x` ("iter", "epoch"; default "iter"):
    /// [x, run 1, run 2, …] rows.
    pub fn table(&self, values: &str, x: Option<String>) -> Result<JsValue, JsError> {
        let values: Values = from_js(JsValue::from_str(values), "table")?;
        let axis: XAxis = from_js(JsValue::from_str(x.as_deref().unwrap_or("iter")), "table")?;
        to_js(&self.history.table(values, axis))
    }

    /// The training view's loss chart: the current run raw and smoothed over the kept runs.
    /// `labels`: { title, x, y, series: [raw, smoothed] }.
    #[wasm_bindgen(js_name = drawLoss)]
    pub fn draw_loss(&self, canvas: HtmlCanvasElement, labels: JsValue) -> Result<(), JsError> {
        let labels: ChartLabels = from_js(labels, "drawLoss")?;
        let (area, scale) = canvas_area(canvas)?;
        charts::loss::draw(&area, &self.history, &labels, scale).map_err(js_error)
    }
    /// The training view's accuracy chart; `labels`: { title, x, y, series: [train, test] }.
    #[wasm_bindgen(js_name = drawAccuracy)]
    pub fn draw_accuracy(&self, canvas: HtmlCanvasElement, labels: JsValue) -> Result<(), JsError> {
        let labels: ChartLabels = from_js(labels, "drawAccuracy")?;
        let (area, scale) = canvas_area(canvas)?;
        charts::accuracy::draw(&area, &self.history, &labels, scale).map_err(js_error)
    }
    /// A lab chart of every run (`charts::series`): `{ title, xLabel, yLabel, values: "loss" |
    /// "test-accuracy", x: "iter" | "epoch" | "time", logY, yRange: [min, max] (default
    /// `lessons::curves::lab_chart_y_range`: 0 to 100 for test accuracies), meanOf, empty,
    /// labels: { runKey: legend label } }`.
    #[wasm_bindgen(js_name = drawLines)]
    pub fn draw_lines(&self, canvas: HtmlCanvasElement, options: JsValue) -> Result<(), JsError> {
        let o: LinesOptions = from_js(options, "drawLines")?;
        let (mut lines, styles) = self.history.lines(o.values, o.x);
        for (line, run) in lines.iter_mut().zip(&self.history.runs) {
            if let Some(label) = o.labels.get(&run.key) {
                line.label = label.clone();
            }
        }
        let x_kind = if o.x == XAxis::Time { Kind::Seconds } else { Kind::Integer };
        let (area, scale) = canvas_area(canvas)?;
        let y_range = crate::lessons::curves::lab_chart_y_range(o.values, o.y_range);
        let options = Options { log_y: o.log_y, y_range, x_kind, scale, ..Options::default() };
        let titles = Titles { title: o.title, x: o.x_label, y: o.y_label };
        let words = Words { mark: String::new(), mean_of: o.mean_of, empty: o.empty };
        series::draw_styled(&area, &lines, &styles, &titles, options, &words).map_err(js_error)
    }
}

fn unknown(key: &str) -> JsError {
    JsError::new(&format!("no run named {key:?}"))
}

/// Steps per second of the training view's run and the time it has left
/// (`charts::history::Pace`); the page only reads the clock and says when it is paused.
#[wasm_bindgen]
pub struct Pace {
    inner: crate::charts::history::Pace,
}

#[wasm_bindgen]
impl Pace {
    /// `window_ms`: how far back readings count.
    #[wasm_bindgen(constructor)]
    pub fn new(window_ms: f64) -> Pace {
        Pace { inner: crate::charts::history::Pace::new(window_ms) }
    }
    pub fn reset(&mut self) {
        self.inner.reset();
    }
    /// `iteration` reached at `time_ms` (performance.now()).
    pub fn sample(&mut self, time_ms: f64, iteration: usize) {
        self.inner.sample(time_ms, iteration);
    }
    pub fn trim(&mut self, now_ms: f64) {
        self.inner.trim(now_ms);
    }
    /// Iterations per second, undefined before two readings.
    #[wasm_bindgen(js_name = stepsPerSecond)]
    pub fn steps_per_second(&self) -> Option<f64> {
        self.inner.steps_per_second()
    }
    /// Seconds until `planned` from `iteration`, undefined when unknown or standing still.
    #[wasm_bindgen(js_name = secondsLeft)]
    pub fn seconds_left(&self, planned: usize, iteration: usize) -> Option<f64> {
        self.inner.seconds_left(planned, iteration)
    }
}
