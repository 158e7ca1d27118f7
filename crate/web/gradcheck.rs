//! Bindings of the "numerical differentiation vs backpropagation" lesson (section 6).
//! Everything runs in f64, like the book's NumPy code, so h = 1e-4 means what it says.

use super::Dataset;
use crate::gradcheck::{self, Bug, NumericalGradientJob, Verdict};
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

#[wasm_bindgen]
impl GradientLab {
    /// A 784-`hidden`-10 net (book init, sigmoid) and the first `batch` images of `data`. The
    /// numerical gradient covers every parameter when `sample` is 0, else at most `sample`
    /// randomly chosen entries of each of W1, b1, W2, b2.
    #[wasm_bindgen(constructor)]
    pub fn new(data: &Dataset, hidden: usize, batch: usize, seed: u32, sample: usize) -> Result<GradientLab, JsError> {
        let data = &data.inner;
        if data.is_empty() {
            return Err(JsError::new("no images loaded"));
        }
        let mut rng = Rng::new(seed as u64);
        let net = TwoLayerNet::new(data.pixel_count(), hidden.clamp(1, 1000), 10, ActivationKind::Sigmoid, WeightInit::Std(0.01), &mut rng);
        let indices: Vec<usize> = (0..batch.clamp(1, data.len())).collect();
        let job = match sample {
            0 => NumericalGradientJob::new(&net, gradcheck::BOOK_H),
            n => NumericalGradientJob::sampled(&net, gradcheck::BOOK_H, n, &mut rng),
        };
        Ok(GradientLab { x: data.inputs(&indices), t: data.one_hot(&indices), net, backprop: None, job })
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

/// "perfect", "probably-fine", "check" or "bug" for a relative error.
#[wasm_bindgen(js_name = gradientVerdict)]
pub fn gradient_verdict(relative_error: f64) -> String {
    Verdict::of(relative_error).name().to_string()
}

/// The relative-error bounds of "perfect", "probably fine" and "check" (above: "bug").
#[wasm_bindgen(js_name = gradientVerdictThresholds)]
pub fn gradient_verdict_thresholds() -> Vec<f64> {
    Verdict::THRESHOLDS.to_vec()
}

/// The step-size study of `function` ("sin" at 1, "exp" at 0, "cube" = x³ at 2): rows
/// (h, forward error, central error) for h = 10^k, k from −10 to 0 in steps of 0.25.
fn step_size_study(function: &str) -> Result<Vec<(f64, f64, f64)>, JsError> {
    let hs = gradcheck::log_spaced(-10.0, 0.0, 0.25);
    Ok(match function {
        "sin" => gradcheck::difference_errors(f64::sin, 1f64.cos(), 1.0, &hs),
        "exp" => gradcheck::difference_errors(f64::exp, 1.0, 0.0, &hs),
        "cube" => gradcheck::difference_errors(|x| x * x * x, 12.0, 2.0, &hs),
        other => return Err(JsError::new(&format!("unknown function {other:?}; expected sin, exp or cube"))),
    })
}

/// Flattened rows [h, forward error, central error, ...] of the step-size study of `function`.
#[wasm_bindgen(js_name = stepSizeErrors)]
pub fn step_size_errors(function: &str) -> Result<Vec<f64>, JsError> {
    Ok(step_size_study(function)?.into_iter().flat_map(|(h, f, c)| [h, f, c]).collect())
}

/// Row indices (into `stepSizeErrors`) of the h nearest the book's 1e-4 and of the smallest
/// forward and central errors.
#[wasm_bindgen]
#[derive(Clone, Copy)]
pub struct StepSizeHighlights {
    pub book: usize,
    #[wasm_bindgen(js_name = bestForward)]
    pub best_forward: usize,
    #[wasm_bindgen(js_name = bestCentral)]
    pub best_central: usize,
}

#[wasm_bindgen(js_name = stepSizeHighlights)]
pub fn step_size_highlights(function: &str) -> Result<StepSizeHighlights, JsError> {
    let h = gradcheck::step_size_highlights(&step_size_study(function)?).ok_or_else(|| JsError::new("empty step-size study"))?;
    Ok(StepSizeHighlights { book: h.book, best_forward: h.best_forward, best_central: h.best_central })
}

/// The book's step size for numerical differentiation (1e-4), where the page marks it.
#[wasm_bindgen(js_name = bookStepSize)]
pub fn book_step_size() -> f64 {
    gradcheck::BOOK_H
}

/// The shapes of W1, b1, W2, b2 of the 784-`hidden`-10 network as written on the page
/// ("784 × 50", "50", "50 × 10", "10").
#[wasm_bindgen(js_name = mnistParameterShapes)]
pub fn mnist_parameter_shapes(hidden: usize) -> Vec<String> {
    gradcheck::mnist_parameter_shapes(hidden)
        .iter()
        .map(|&(rows, cols)| cols.map_or(rows.to_string(), |c| format!("{rows} × {c}")))
        .collect()
}

/// Parameters of the 784-`hidden`-10 network (784·hidden + hidden + hidden·10 + 10).
#[wasm_bindgen(js_name = mnistParameterCount)]
pub fn mnist_parameter_count(hidden: usize) -> usize {
    gradcheck::mnist_parameter_count(hidden)
}

/// [u, f, df/du, du/dx, df/dx] of f(x) = (2x + 3)² as the graph x → u = 2x + 3 → f = u².
#[wasm_bindgen(js_name = chainRule)]
pub fn chain_rule(x: f64) -> Vec<f64> {
    gradcheck::chain_rule_example(x).to_vec()
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
    /// Flattened [numerical, backprop] loss on the run's images, at the start and after each step.
    pub fn losses(&self) -> Vec<f64> {
        self.inner.losses().iter().flat_map(|&(n, b)| [n, b]).collect()
    }
}

/// The lesson run's settings: [images, hidden, batch, lr, steps], then the book's [hidden, batch, steps].
#[wasm_bindgen(js_name = numericalTrainingSetup)]
pub fn numerical_training_setup() -> Vec<f64> {
    use crate::numerical_training::{BOOK, LESSON};
    vec![LESSON.images as f64, LESSON.hidden as f64, LESSON.batch as f64, LESSON.lr, LESSON.steps as f64, BOOK.hidden as f64, BOOK.batch as f64, BOOK.steps as f64]
}

/// Seconds the book's whole training would take with the numerical gradient, from the
/// measured seconds of one lesson step.
#[wasm_bindgen(js_name = projectedBookSeconds)]
pub fn projected_book_seconds(lesson_seconds_per_step: f64) -> f64 {
    crate::numerical_training::projected_book_seconds(lesson_seconds_per_step)
}
