//! Bindings of the "numerical differentiation vs backpropagation" lesson (section 6).
//! Everything runs in f64, like the book's NumPy code, so h = 1e-4 means what it says.

use super::Dataset;
use crate::gradcheck::{self, Bug, NumericalGradientJob};
use crate::nn::{ActivationKind, Gradients, TwoLayerNet, WeightInit};
use crate::rng::Rng;
use nalgebra::DMatrix;
use wasm_bindgen::prelude::*;

/// A network and a real mini-batch, with both gradients of its loss.
#[wasm_bindgen]
pub struct GradientLab {
    net: TwoLayerNet<f64>,
    x: DMatrix<f64>,
    t: DMatrix<f64>,
    backprop: Option<Gradients<f64>>,
    job: NumericalGradientJob<f64>,
}

/// The network and batch of a `GradientLab`: a 784-`hidden`-10 net on the first `batch`
/// images, built from `seed`; the numerical gradient covers every parameter when `sample` is 0
/// (or absent), else at most `sample` randomly chosen entries of each of W1, b1, W2, b2.
#[derive(serde::Deserialize)]
struct LabOptions {
    hidden: usize,
    batch: usize,
    seed: u32,
    #[serde(default)]
    sample: usize,
}

#[wasm_bindgen]
impl GradientLab {
    /// A 784-`hidden`-10 net (book init, sigmoid) and the first `batch` images of `data`;
    /// `options`: `{ hidden, batch, seed, sample }` (`LabOptions`).
    #[wasm_bindgen(constructor)]
    pub fn new(data: &Dataset, options: JsValue) -> Result<GradientLab, JsError> {
        let LabOptions { hidden, batch, seed, sample } = super::descent::from_js(options, "GradientLab")?;
        let data = &data.inner;
        if data.is_empty() {
            return Err(JsError::new("no images loaded"));
        }
        let mut rng = Rng::new(seed as u64);
        let indices: Vec<usize> = (0..batch.clamp(1, data.len())).collect();
        Ok(GradientLab::on_batch(data.inputs(&indices), data.one_hot(&indices), hidden, sample, &mut rng))
    }

    /// The same network on `batch` random images (`gradcheck::probe_batch`), for timing a few
    /// partial derivatives before a run: no MNIST needed.
    pub fn probe(hidden: usize, batch: usize, seed: u32) -> GradientLab {
        let mut rng = Rng::new(seed as u64);
        let (x, t) = gradcheck::probe_batch(batch.clamp(1, 60_000), &mut rng);
        GradientLab::on_batch(x, t, hidden, 0, &mut rng)
    }

    /// A 784-`hidden`-10 net (book init, sigmoid) on inputs x: (batch, 784) and targets
    /// t: (batch, 10); `sample` as in `new`.
    fn on_batch(x: DMatrix<f64>, t: DMatrix<f64>, hidden: usize, sample: usize, rng: &mut Rng) -> GradientLab {
        let net = TwoLayerNet::new(x.ncols(), hidden.clamp(1, 1000), t.ncols(), ActivationKind::Sigmoid, WeightInit::Std(crate::nn::init::BOOK_STD), rng);
        let job = match sample {
            0 => NumericalGradientJob::new(&net, gradcheck::BOOK_H),
            n => NumericalGradientJob::sampled(&net, gradcheck::BOOK_H, n, rng),
        };
        GradientLab { x, t, net, backprop: None, job }
    }

    #[wasm_bindgen(getter, js_name = parameterCount)]
    pub fn parameter_count(&self) -> usize {
        self.net.parameter_count()
    }

    /// Computes the gradient by backpropagation (time it from JS).
    pub fn backprop(&mut self) {
        self.backprop = Some(self.net.gradient(&self.x, &self.t).1);
    }

    /// Differentiates up to `count` more parameters numerically; returns how many are done.
    #[wasm_bindgen(js_name = advanceNumerical)]
    pub fn advance_numerical(&mut self, count: usize) -> usize {
        self.job.advance(&mut self.net, &self.x, &self.t, count);
        self.job.done()
    }
    #[wasm_bindgen(getter, js_name = numericalTotal)]
    pub fn numerical_total(&self) -> usize {
        self.job.total()
    }
    #[wasm_bindgen(getter, js_name = numericalFinished)]
    pub fn numerical_finished(&self) -> bool {
        self.job.finished()
    }

    /// How many entries of W1, b1, W2, b2 the numerical gradient covers.
    #[wasm_bindgen(getter, js_name = numericalCounts)]
    pub fn numerical_counts(&self) -> Vec<u32> {
        self.job.counts().map(|n| n as u32).to_vec()
    }

    /// [mean |backprop − numerical|, relative error] for W1, b1, W2, b2 in turn (8 numbers),
    /// with the named bugs (comma-separated: no-batch-division, transposed-weight-gradient,
    /// sigmoid-derivative-on-input) injected into backprop.
    pub fn compare(&self, bugs: &str) -> Result<Vec<f64>, JsError> {
        if !self.job.finished() {
            return Err(JsError::new("the numerical gradient is not finished yet"));
        }
        let bugs: Vec<Bug> = bugs
            .split(',')
            .filter(|s| !s.is_empty())
            .map(|s| Bug::from_name(s.trim()).ok_or_else(|| JsError::new(&format!("unknown bug {s:?}"))))
            .collect::<Result<_, _>>()?;
        let backprop = gradcheck::gradient_with_bugs(&self.net, &self.x, &self.t, &bugs);
        Ok(self.job.compare(&backprop).iter().flat_map(|d| [d.mean_abs, d.relative]).collect())
    }
}

/// Maps as plain objects, so flattened fields (`LabData`) reach JS as fields of their parent.
fn to_js<T: serde::Serialize>(value: &T) -> Result<JsValue, JsError> {
    super::descent::to_js(value)
}

/// The step-size study of `function` ("sin" at 1, "exp" at 0, "cube" = x³ at 2): rows
/// (h, forward error, central error) for h = 10^k, k from −10 to 0 in steps of 0.25.
fn step_size_rows(function: &str) -> Result<Vec<(f64, f64, f64)>, JsError> {
    use gradcheck::{STUDY_CUBE_AT, STUDY_EXP_AT, STUDY_SIN_AT};
    let hs = gradcheck::log_spaced(gradcheck::STUDY_LOG_H_MIN, gradcheck::STUDY_LOG_H_MAX, gradcheck::STUDY_LOG_H_STEP);
    Ok(match function {
        "sin" => gradcheck::difference_errors(f64::sin, STUDY_SIN_AT.cos(), STUDY_SIN_AT, &hs),
        "exp" => gradcheck::difference_errors(f64::exp, STUDY_EXP_AT.exp(), STUDY_EXP_AT, &hs),
        "cube" => gradcheck::difference_errors(|x| x * x * x, 3.0 * STUDY_CUBE_AT * STUDY_CUBE_AT, STUDY_CUBE_AT, &hs),
        other => return Err(JsError::new(&format!("unknown function {other:?}; expected sin, exp or cube"))),
    })
}

/// What the lesson's lists hold: `{ bugs, presets: [{ name, hidden, batch }], quickSample,
/// trainingIterations, thresholds: [{ verdict, bound }], seed, bookH, dataset, testImages }`
/// (the bug names are those of the URL key `bugs`; `seed` that of every network the lesson
/// times or checks; `bookH` the step the step-size chart marks; the data its runs load).
#[wasm_bindgen(js_name = gradcheckLesson)]
pub fn gradcheck_lesson() -> Result<JsValue, JsError> {
    #[derive(serde::Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Lesson {
        bugs: Vec<&'static str>,
        presets: [gradcheck::Preset; 2],
        quick_sample: usize,
        training_iterations: usize,
        thresholds: Vec<gradcheck::Threshold>,
        seed: u32,
        book_h: f64,
        #[serde(flatten)]
        data: crate::lessons::curves::LabData,
    }
    to_js(&Lesson {
        bugs: Bug::ALL.iter().map(|b| b.name()).collect(),
        presets: gradcheck::PRESETS,
        quick_sample: gradcheck::QUICK_SAMPLE,
        training_iterations: gradcheck::TRAINING_ITERATIONS,
        thresholds: gradcheck::thresholds(),
        seed: gradcheck::LESSON_SEED,
        book_h: gradcheck::BOOK_H,
        data: crate::lessons::curves::LAB_DATA,
    })
}

/// Whether `repeats` backprop gradients timed over `ms` are enough (`gradcheck::backprop_timing_done`).
#[wasm_bindgen(js_name = backpropTimingDone)]
pub fn backprop_timing_done(ms: f64, repeats: usize) -> bool {
    gradcheck::backprop_timing_done(ms, repeats)
}

/// The time of one backprop gradient from `repeats` of them taking `ms` (`gradcheck::backprop_mean_ms`).
#[wasm_bindgen(js_name = backpropMeanMs)]
pub fn backprop_mean_ms(ms: f64, repeats: usize) -> f64 {
    gradcheck::backprop_mean_ms(ms, repeats)
}

/// Whether a probe of `derivatives` partial derivatives over `ms` is done (`gradcheck::probe_done`).
#[wasm_bindgen(js_name = probeDone)]
pub fn probe_done(ms: f64, derivatives: usize) -> bool {
    gradcheck::probe_done(ms, derivatives)
}

/// A timing job so far: one backprop gradient took `backpropMs` (NaN or absent: not measured
/// yet), `done` of `total` numerical partial derivatives took `numericalMs`.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct Timing {
    #[serde(default)]
    backprop_ms: Option<f64>,
    numerical_ms: f64,
    done: usize,
    total: usize,
    finished: bool,
}

/// The timing panel (`gradcheck::timing_readout`) of `timing`: `{ backpropMs, numericalMs, done,
/// total, finished }` (`Timing`). Returns `{ ratio, doneFraction, etaMs, backpropBar,
/// numericalBar, trainingBackpropMs, trainingNumericalMs }`.
#[wasm_bindgen(js_name = timingReadout)]
pub fn timing_readout(timing: JsValue) -> Result<JsValue, JsError> {
    let t: Timing = super::descent::from_js(timing, "timingReadout")?;
    to_js(&gradcheck::timing_readout(t.backprop_ms.unwrap_or(f64::NAN), t.numerical_ms, t.done, t.total, t.finished))
}

/// The expected duration in ms of the whole numerical gradient of the probed network
/// (`gradcheck::expected_numerical_ms`), from `probe`: `{ hidden, batch, derivatives, ms }`;
/// undefined when the probe measured nothing.
#[wasm_bindgen(js_name = expectedNumericalMs)]
pub fn expected_numerical_ms(probe: JsValue) -> Result<Option<f64>, JsError> {
    let probe: gradcheck::Probe = serde_wasm_bindgen::from_value(probe).map_err(|e| JsError::new(&format!("expectedNumericalMs: {e}")))?;
    Ok(gradcheck::expected_numerical_ms(&probe))
}

/// The check table of the 784-`hidden`-10 network from `GradientLab::compare`'s numbers (empty
/// before a comparison): `[{ param, shape, meanAbs, relative, verdict }]`.
#[wasm_bindgen(js_name = checkRows)]
pub fn check_rows(hidden: usize, diffs: &[f64]) -> Result<JsValue, JsError> {
    to_js(&gradcheck::check_rows(hidden, diffs))
}

/// `{ checked, all }`: how many parameters a numerical gradient with `counts` per parameter
/// covered, of `parameters`.
#[wasm_bindgen(js_name = checkCoverage)]
pub fn check_coverage(counts: &[u32], parameters: usize) -> Result<JsValue, JsError> {
    let counts: Vec<usize> = counts.iter().map(|&c| c as usize).collect();
    to_js(&gradcheck::coverage(&counts, parameters))
}

/// `{ parameters, passes }` of the 784-`hidden`-10 network.
#[wasm_bindgen(js_name = networkSize)]
pub fn network_size(hidden: usize) -> Result<JsValue, JsError> {
    to_js(&gradcheck::network_size(hidden))
}

/// The step-size study of `function` with the rows the page names: `{ rows: [[h, forward,
/// central]], book, bestForward, bestCentral, smallestH, largestH }`, each named row
/// `{ h, forward, central }`.
#[wasm_bindgen(js_name = stepSizeStudy)]
pub fn step_size_study(function: &str) -> Result<JsValue, JsError> {
    let study = gradcheck::step_size_study(step_size_rows(function)?).ok_or_else(|| JsError::new("empty step-size study"))?;
    to_js(&study)
}

/// The words of the step-size chart, already translated.
#[derive(serde::Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct StepSizeWords {
    title: String,
    x_label: String,
    y_label: String,
    forward: String,
    central: String,
    /// Label of the dashed line at the book's h.
    mark: String,
}

/// Draws the forward and central errors of `function` against h, log-log, with the book's h
/// marked. `words`: { title, xLabel, yLabel, forward, central, mark }.
#[wasm_bindgen(js_name = drawStepSizes)]
pub fn draw_step_sizes(canvas: web_sys::HtmlCanvasElement, function: &str, words: JsValue) -> Result<(), JsError> {
    use crate::charts::series::{self, LineStyle, Options, Series, Titles, Words};
    let w: StepSizeWords = serde_wasm_bindgen::from_value(words).map_err(|e| JsError::new(&format!("drawStepSizes: {e}")))?;
    let rows = step_size_rows(function)?;
    let line = |label: String, error: fn(&(f64, f64, f64)) -> f64| Series {
        label,
        points: rows.iter().map(|r| (r.0, error(r))).collect(),
        marker: None,
    };
    let lines = [line(w.forward, |r| r.1), line(w.central, |r| r.2)];
    let dots = LineStyle { dots: true, ..LineStyle::default() };
    let (area, scale) = super::canvas_area(canvas)?;
    let options = Options { log_x: true, log_y: true, x_mark: Some(gradcheck::BOOK_H), scale, ..Options::default() };
    let titles = Titles { title: w.title, x: w.x_label, y: w.y_label };
    let words = Words { mark: w.mark, ..Words::default() };
    series::draw_styled(&area, &lines, &[dots, dots], &titles, options, &words).map_err(super::js_error)
}

/// `{ u, f, dfdu, dudx, dfdx }` of f(x) = (2x + 3)² as the graph x → u = 2x + 3 → f = u².
#[wasm_bindgen(js_name = chainRule)]
pub fn chain_rule(x: f64) -> Result<JsValue, JsError> {
    to_js(&gradcheck::chain_rule_example(x))
}

/// Training with the numerical gradient beside backpropagation (section 4.5), the lesson's run.
#[wasm_bindgen]
pub struct NumericalTrainingRun {
    inner: crate::numerical_training::NumericalTraining,
}

#[wasm_bindgen]
impl NumericalTrainingRun {
    #[wasm_bindgen(constructor)]
    pub fn new(data: &Dataset, seed: u32) -> Result<NumericalTrainingRun, JsError> {
        if data.inner.is_empty() {
            return Err(JsError::new("no images loaded"));
        }
        Ok(NumericalTrainingRun { inner: crate::numerical_training::NumericalTraining::lesson(&data.inner, seed as u64) })
    }
    /// Differentiates up to `count` more parameters (an SGD step of both copies whenever a
    /// gradient is complete); returns the steps finished.
    pub fn advance(&mut self, count: usize) -> usize {
        self.inner.advance(count)
    }
    #[wasm_bindgen(getter)]
    pub fn steps(&self) -> usize {
        self.inner.steps()
    }
    #[wasm_bindgen(getter, js_name = stepsDone)]
    pub fn steps_done(&self) -> usize {
        self.inner.steps_done()
    }
    #[wasm_bindgen(getter, js_name = stepProgress)]
    pub fn step_progress(&self) -> usize {
        self.inner.step_progress()
    }
    #[wasm_bindgen(getter, js_name = parameterCount)]
    pub fn parameter_count(&self) -> usize {
        self.inner.parameter_count()
    }
    #[wasm_bindgen(getter)]
    pub fn finished(&self) -> bool {
        self.inner.finished()
    }
    /// The losses not taken yet, flattened [numerical, backprop, …] on the run's images: at the
    /// start (step 0), then after each step.
    #[wasm_bindgen(js_name = takeLosses)]
    pub fn take_losses(&mut self) -> Vec<f64> {
        self.inner.take_losses().iter().flat_map(|&(n, b)| [n, b]).collect()
    }
    /// The step of the first loss `takeLosses` would return now.
    #[wasm_bindgen(getter, js_name = firstUntakenStep)]
    pub fn first_untaken_step(&self) -> usize {
        self.inner.first_untaken_step()
    }
    /// Largest |numerical − backprop| loss after any step so far; undefined before the first.
    #[wasm_bindgen(getter)]
    pub fn gap(&self) -> Option<f64> {
        self.inner.gap()
    }
}

/// The lesson run's settings and the book's: `{ lesson: { images, hidden, batch, lr, steps },
/// seed, parameters, book: { … }, runs, dataset, testImages }` (the last two: the data the worker
/// loads; the worker also reads `lesson.images`).
#[wasm_bindgen(js_name = numericalTrainingSetups)]
pub fn numerical_training_setups() -> Result<JsValue, JsError> {
    #[derive(serde::Serialize)]
    struct WithData {
        #[serde(flatten)]
        setups: crate::numerical_training::Setups,
        #[serde(flatten)]
        data: crate::lessons::curves::LabData,
    }
    to_js(&WithData { setups: crate::numerical_training::setups(), data: crate::lessons::curves::LAB_DATA })
}

/// What the page shows of one report of the run (`numerical_training::readout`): `report` is
/// `{ stepsDone, steps, stepProgress, parameterCount, ms, gap }` (`numerical_training::Report`);
/// returns `{ fraction, step, msPerStep, bookMs, gap }`.
#[wasm_bindgen(js_name = numericalTrainingReadout)]
pub fn numerical_training_readout(report: JsValue) -> Result<JsValue, JsError> {
    let report: crate::numerical_training::Report = super::descent::from_js(report, "numericalTrainingReadout")?;
    serde_wasm_bindgen::to_value(&crate::numerical_training::readout(&report)).map_err(super::js_error)
}
