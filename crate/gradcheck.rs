//! Numerical differentiation vs backpropagation (section 6 of the chapter): the gradient
//! check, the three classic backprop bugs to inject, an incremental numerical gradient that a
//! worker can run with progress and cancel, the step-size study, and the chain-rule example.

use crate::nn::{real, Activation, Gradients, Real, TwoLayerNet};
use crate::rng::Rng;
use nalgebra::DMatrix;

/// How the two gradients of one parameter compare.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Difference {
    /// mean |backprop − numerical|, the number the book prints. Its size follows the size of
    /// the gradient itself, so it cannot say on its own whether a gradient is right.
    pub mean_abs: f64,
    /// ‖backprop − numerical‖ / (‖backprop‖ + ‖numerical‖) (Euclidean norms): 0 when they agree,
    /// 1 when they point in opposite directions or one is 0, whatever the gradient's scale.
    pub relative: f64,
}

/// The verdict on one parameter, read from the scale-free relative error. Central differences
/// with h = 1e-4 in f64 agree with correct backprop to about 1e-8 on the lesson's networks
/// (tests/gradcheck.rs prints them); each of the three bugs is off by more than 0.5.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// below 1e-6: as close as central differences in f64 get
    Perfect,
    /// below 1e-4
    ProbablyFine,
    /// below 1e-2: a kink (ReLU at 0) or a too-large h can do this; a bug usually does worse
    Check,
    /// 1e-2 or more: the two gradients disagree by more than 1 %
    Bug,
}

impl Verdict {
    /// Upper bounds of the relative error for Perfect, ProbablyFine and Check.
    pub const THRESHOLDS: [f64; 3] = [1e-6, 1e-4, 1e-2];

    pub fn of(relative_error: f64) -> Verdict {
        let [perfect, fine, check] = Verdict::THRESHOLDS;
        match relative_error {
            e if e < perfect => Verdict::Perfect,
            e if e < fine => Verdict::ProbablyFine,
            e if e < check => Verdict::Check,
            _ => Verdict::Bug, // NaN included: a gradient that is not a number is a bug
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Perfect => "perfect",
            Verdict::ProbablyFine => "probably-fine",
            Verdict::Check => "check",
            Verdict::Bug => "bug",
        }
    }
}

fn to_f64<T: Real>(v: T) -> f64 {
    nalgebra::try_convert::<T, f64>(v).unwrap_or(f64::NAN)
}

/// Mean |a − b| and the relative error over the entries `at` of two equally shaped gradients.
pub fn difference_at<T: Real>(a: &DMatrix<T>, b: &DMatrix<T>, at: &[usize]) -> Difference {
    if a.shape() != b.shape() {
        return Difference { mean_abs: f64::INFINITY, relative: f64::INFINITY };
    }
    let (mut abs_sum, mut diff_sq, mut a_sq, mut b_sq) = (0.0, 0.0, 0.0, 0.0);
    for &i in at {
        let (x, y) = (to_f64(a[i]), to_f64(b[i]));
        abs_sum += (x - y).abs();
        diff_sq += (x - y) * (x - y);
        a_sq += x * x;
        b_sq += y * y;
    }
    let norms = a_sq.sqrt() + b_sq.sqrt();
    let relative = if diff_sq == 0.0 { 0.0 } else { diff_sq.sqrt() / norms };
    let nan_to_inf = |v: f64| if v.is_nan() { f64::INFINITY } else { v };
    Difference { mean_abs: nan_to_inf(abs_sum / at.len().max(1) as f64), relative: nan_to_inf(relative) }
}

/// Mean |a − b| over all entries (NaN-safe: a NaN difference counts as ∞).
pub fn mean_abs_diff<T: Real>(a: &DMatrix<T>, b: &DMatrix<T>) -> f64 {
    difference_at(a, b, &(0..a.len()).collect::<Vec<_>>()).mean_abs
}

/// Both measures for every parameter, in the order W1, b1, W2, b2, over all entries.
pub fn compare<T: Real>(backprop: &Gradients<T>, numerical: &Gradients<T>) -> [Difference; 4] {
    let (a, b) = (backprop.as_array(), numerical.as_array());
    [0, 1, 2, 3].map(|i| difference_at(a[i], b[i], &(0..a[i].len()).collect::<Vec<_>>()))
}

/// The typical backprop mistakes of section 6.2.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bug {
    /// The softmax-with-loss gradient (y − t for cross-entropy) not divided by the batch size.
    NoBatchDivision,
    /// dW computed as doutᵀ·x (the transpose) and then reshaped into W's shape.
    TransposedWeightGradient,
    /// The sigmoid derivative taken on its input x instead of its output y: x(1 − x).
    SigmoidDerivativeOnInput,
}

impl Bug {
    pub const ALL: [Bug; 3] = [Bug::NoBatchDivision, Bug::TransposedWeightGradient, Bug::SigmoidDerivativeOnInput];
    pub fn name(self) -> &'static str {
        match self {
            Bug::NoBatchDivision => "no-batch-division",
            Bug::TransposedWeightGradient => "transposed-weight-gradient",
            Bug::SigmoidDerivativeOnInput => "sigmoid-derivative-on-input",
        }
    }
    pub fn from_name(name: &str) -> Option<Bug> {
        Bug::ALL.into_iter().find(|b| b.name() == name)
    }
}

/// Backpropagation written out by hand with the chosen bugs switched on; with no bugs it
/// equals `TwoLayerNet::gradient`. x: (batch, in), t: one-hot (batch, out).
pub fn gradient_with_bugs<T: Real>(net: &TwoLayerNet<T>, x: &DMatrix<T>, t: &DMatrix<T>, bugs: &[Bug]) -> Gradients<T> {
    loss_and_gradient_with_bugs(net, x, t, bugs).1
}

/// `gradient_with_bugs` together with the (exact) batch loss, as `TwoLayerNet::gradient` returns.
pub fn loss_and_gradient_with_bugs<T: Real>(net: &TwoLayerNet<T>, x: &DMatrix<T>, t: &DMatrix<T>, bugs: &[Bug]) -> (T, Gradients<T>) {
    let has = |b: Bug| bugs.contains(&b);
    let a1 = net.affine1.apply(x);
    let z1 = net.activation.apply(&a1);
    let scores = net.affine2.apply(&z1);
    let loss = crate::nn::loss::softmax_loss(net.loss_kind(), &scores, t);
    let y = crate::nn::loss::softmax(&scores);
    let mut da2 = crate::nn::loss::score_gradient_sum(net.loss_kind(), &y, t);
    if !has(Bug::NoBatchDivision) {
        da2 /= real::<T>(x.nrows() as f64);
    }
    let weight_grad = |input: &DMatrix<T>, dout: &DMatrix<T>| -> DMatrix<T> {
        if has(Bug::TransposedWeightGradient) {
            // doutᵀ·input is (out, in); its entries poured into an (in, out) matrix, as a
            // reshape would do, are in the wrong places.
            let wrong = dout.transpose() * input;
            DMatrix::from_row_slice(input.ncols(), dout.ncols(), &wrong.transpose().as_slice().to_vec())
        } else {
            input.transpose() * dout
        }
    };
    let column_sums = |m: &DMatrix<T>| DMatrix::from_iterator(1, m.ncols(), m.column_iter().map(|c| c.sum()));
    let dw2 = weight_grad(&z1, &da2);
    let db2 = column_sums(&da2);
    let dz1 = &da2 * net.affine2.w.transpose();
    let da1 = match (&net.activation, has(Bug::SigmoidDerivativeOnInput)) {
        (Activation::Sigmoid(_), true) => dz1.zip_map(&a1, |d, a| d * (T::one() - a) * a),
        (Activation::Sigmoid(_), false) => dz1.zip_map(&z1, |d, s| d * (T::one() - s) * s),
        (Activation::Relu(_), _) => dz1.zip_map(&a1, |d, a| if a > T::zero() { d } else { T::zero() }),
    };
    let dw1 = weight_grad(x, &da1);
    let db1 = column_sums(&da1);
    (loss, Gradients { w1: dw1, b1: db1, w2: dw2, b2: db2 })
}

/// The numerical gradient computed a few parameters at a time, so a worker can show progress
/// and stop when asked. Two forward passes per parameter, as `TwoLayerNet::numerical_gradient`.
/// It differentiates every entry (`new`) or a random sample of each matrix (`sampled`): the
/// sample is how gradient checks are done in practice, in seconds instead of minutes.
pub struct NumericalGradientJob<T: Real> {
    grads: [DMatrix<T>; 4],
    /// The entries of each parameter to differentiate, in order.
    targets: [Vec<usize>; 4],
    param: usize,
    /// Position in `targets[param]`.
    next: usize,
    done: usize,
    total: usize,
    h: f64,
}

impl<T: Real> NumericalGradientJob<T> {
    /// Every entry of every parameter.
    pub fn new(net: &TwoLayerNet<T>, h: f64) -> Self {
        let targets = net.params().map(|p| (0..p.len()).collect());
        Self::with_targets(net, h, targets)
    }

    /// At most `per_parameter` entries of each parameter, drawn without repeats (all of a
    /// parameter that has fewer), in increasing order.
    pub fn sampled(net: &TwoLayerNet<T>, h: f64, per_parameter: usize, rng: &mut Rng) -> Self {
        let targets = net.params().map(|p| {
            let mut all: Vec<usize> = (0..p.len()).collect();
            if all.len() > per_parameter {
                rng.shuffle(&mut all);
                all.truncate(per_parameter);
                all = crate::order::sorted_by(&all, &|a, b| a.cmp(b));
            }
            all
        });
        Self::with_targets(net, h, targets)
    }

    fn with_targets(net: &TwoLayerNet<T>, h: f64, targets: [Vec<usize>; 4]) -> Self {
        let grads = net.params().map(|p| DMatrix::zeros(p.nrows(), p.ncols()));
        let total = targets.iter().map(|t| t.len()).sum();
        NumericalGradientJob { grads, targets, param: 0, next: 0, done: 0, total, h }
    }

    pub fn done(&self) -> usize {
        self.done
    }
    pub fn total(&self) -> usize {
        self.total
    }
    pub fn finished(&self) -> bool {
        self.done == self.total
    }
    /// How many entries of W1, b1, W2, b2 are differentiated.
    pub fn counts(&self) -> [usize; 4] {
        [0, 1, 2, 3].map(|i| self.targets[i].len())
    }
    /// Whether every entry is differentiated (not a sample).
    pub fn is_complete(&self) -> bool {
        self.targets.iter().zip(&self.grads).all(|(t, g)| t.len() == g.len())
    }

    /// Differentiates up to `count` more parameters; returns how many it did.
    pub fn advance(&mut self, net: &mut TwoLayerNet<T>, x: &DMatrix<T>, t: &DMatrix<T>, count: usize) -> usize {
        let mut n = 0;
        while n < count && !self.finished() {
            if self.next == self.targets[self.param].len() {
                self.param += 1;
                self.next = 0;
                continue;
            }
            let (p, i) = (self.param, self.targets[self.param][self.next]);
            self.grads[p][i] = net.central_difference(x, t, p, i, self.h);
            self.next += 1;
            self.done += 1;
            n += 1;
        }
        n
    }

    /// The numerical gradient; entries outside a sample are 0.
    pub fn result(&self) -> Gradients<T> {
        let [w1, b1, w2, b2] = self.grads.clone();
        Gradients { w1, b1, w2, b2 }
    }

    /// How `backprop` compares with the numerical gradient on the differentiated entries.
    pub fn compare(&self, backprop: &Gradients<T>) -> [Difference; 4] {
        let a = backprop.as_array();
        [0, 1, 2, 3].map(|i| difference_at(a[i], &self.grads[i], &self.targets[i]))
    }
}

/// Error of the forward difference (f(x+h) − f(x))/h and of the central difference
/// (f(x+h) − f(x−h))/2h against the exact derivative, for each h. Truncation error shrinks
/// with h (like h and h²), rounding error grows like ε/h: the sum is smallest in between.
pub fn difference_errors(f: impl Fn(f64) -> f64, exact: f64, x: f64, hs: &[f64]) -> Vec<(f64, f64, f64)> {
    hs.iter()
        .map(|&h| {
            let forward = (f(x + h) - f(x)) / h;
            let central = (f(x + h) - f(x - h)) / (2.0 * h);
            (h, (forward - exact).abs(), (central - exact).abs())
        })
        .collect()
}

/// h = 10^k for k from `lo` to `hi` in steps of `step` (k may be fractional).
pub fn log_spaced(lo: f64, hi: f64, step: f64) -> Vec<f64> {
    let n = ((hi - lo) / step).round() as usize;
    (0..=n).map(|i| 10f64.powf(lo + i as f64 * step)).collect()
}

/// The values of the chain-rule example's graph at one x, named as the page names them.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct ChainRule {
    pub u: f64,
    pub f: f64,
    /// df/du = 2u
    pub dfdu: f64,
    /// du/dx = 2
    pub dudx: f64,
    /// df/dx = df/du · du/dx
    pub dfdx: f64,
}

/// The chain-rule example of section 6.3, f(x) = (2x + 3)², as a two-node graph
/// x → u = 2x + 3 → f = u².
pub fn chain_rule_example(x: f64) -> ChainRule {
    let u = 2.0 * x + 3.0;
    let f = u * u;
    let dfdu = 2.0 * u;
    let dudx = 2.0;
    ChainRule { u, f, dfdu, dudx, dfdx: dfdu * dudx }
}

/// The shapes of W1, b1, W2, b2 of the lesson's MNIST network (784 inputs, `hidden`, 10
/// classes), as the book writes them: a matrix is (rows, Some(cols)), a bias vector (len, None).
pub fn mnist_parameter_shapes(hidden: usize) -> [(usize, Option<usize>); 4] {
    use crate::data::dataset::{CLASSES, MNIST_COLS, MNIST_ROWS};
    let inputs = MNIST_ROWS * MNIST_COLS;
    [(inputs, Some(hidden)), (hidden, None), (hidden, Some(CLASSES)), (CLASSES, None)]
}

/// Parameters of that network: 784·hidden + hidden + hidden·10 + 10.
pub fn mnist_parameter_count(hidden: usize) -> usize {
    mnist_parameter_shapes(hidden).iter().map(|&(rows, cols)| rows * cols.unwrap_or(1)).sum()
}

/// The step size the book uses for numerical differentiation.
pub const BOOK_H: f64 = 1e-4;

/// The step-size study of the page: h = 10^k for k from `STUDY_LOG_H_MIN` to `STUDY_LOG_H_MAX`
/// in steps of `STUDY_LOG_H_STEP` (`log_spaced`).
pub const STUDY_LOG_H_MIN: f64 = -10.0;
pub const STUDY_LOG_H_MAX: f64 = 0.0;
pub const STUDY_LOG_H_STEP: f64 = 0.25;
/// The points it differentiates its functions at: sin x at 1, eˣ at 0, x³ at 2.
pub const STUDY_SIN_AT: f64 = 1.0;
pub const STUDY_EXP_AT: f64 = 0.0;
pub const STUDY_CUBE_AT: f64 = 2.0;

/// Rows of a step-size study picked out for the page (indices into the rows of
/// `difference_errors`): the h nearest the book's 1e-4 (on a log scale), and the h with the
/// smallest forward and central error. On a tie the earlier (smaller) h is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StepSizeHighlights {
    pub book: usize,
    pub best_forward: usize,
    pub best_central: usize,
}

/// None for an empty study.
pub fn step_size_highlights(rows: &[(f64, f64, f64)]) -> Option<StepSizeHighlights> {
    // The first index whose key is strictly smaller than every earlier one's.
    let first_min = |key: &dyn Fn(&(f64, f64, f64)) -> f64| {
        (0..rows.len()).reduce(|a, b| if key(&rows[b]) < key(&rows[a]) { b } else { a })
    };
    Some(StepSizeHighlights {
        book: first_min(&|r| (r.0 / BOOK_H).log10().abs())?,
        best_forward: first_min(&|r| r.1)?,
        best_central: first_min(&|r| r.2)?,
    })
}

// ───────────────────────────── what the lesson page shows ─────────────────────────────

/// Iterations of the training the timing table projects to (the book's 10,000).
pub const TRAINING_ITERATIONS: usize = 10_000;
/// Seed of the lesson's networks (the timed one, the probed ones and the checked one), so each
/// run of a setting times and checks the same network.
pub const LESSON_SEED: u32 = 42;
/// Backprop is repeated until its timing is well above the clock's resolution: until the
/// repeats took this long…
pub const BACKPROP_MIN_MS: f64 = 150.0;
/// …or this many were done.
pub const BACKPROP_MAX_REPEATS: usize = 200;
/// A probe times partial derivatives of a network for this long before a run…
pub const PROBE_MIN_MS: f64 = 60.0;
/// …or this many of them.
pub const PROBE_MAX_DERIVATIVES: usize = 400;

/// Whether `repeats` backprop gradients timed over `ms` are enough: at least one, and
/// `BACKPROP_MIN_MS` elapsed or `BACKPROP_MAX_REPEATS` done.
pub fn backprop_timing_done(ms: f64, repeats: usize) -> bool {
    repeats >= BACKPROP_MAX_REPEATS || (repeats > 0 && ms >= BACKPROP_MIN_MS)
}

/// The time of one backprop gradient from `repeats` of them taking `ms` (NaN before any).
pub fn backprop_mean_ms(ms: f64, repeats: usize) -> f64 {
    if repeats == 0 { f64::NAN } else { ms / repeats as f64 }
}

/// Whether a probe that timed `derivatives` partial derivatives over `ms` is done: at least
/// one, and `PROBE_MIN_MS` elapsed or `PROBE_MAX_DERIVATIVES` done.
pub fn probe_done(ms: f64, derivatives: usize) -> bool {
    derivatives >= PROBE_MAX_DERIVATIVES || (derivatives > 0 && ms >= PROBE_MIN_MS)
}
/// Entries of each matrix the quick check differentiates (all of a smaller one).
pub const QUICK_SAMPLE: usize = 400;
/// The parameters in the order the check table lists them.
pub const PARAMETER_NAMES: [&str; 4] = ["W1", "b1", "W2", "b2"];

/// A network and batch the timing panel offers with one click.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Preset {
    pub name: &'static str,
    pub hidden: usize,
    pub batch: usize,
}

/// The book's 784-50-10 on batches of 100, and a small 784-10-10 on 10 images that times in
/// seconds.
pub const PRESETS: [Preset; 2] = [Preset { name: "book", hidden: 50, batch: 100 }, Preset { name: "small", hidden: 10, batch: 10 }];

/// The timing panel during and after a run: backprop took `backprop_ms` (NaN before it is
/// measured); the numerical gradient has done `done` of `total` partial derivatives in
/// `numerical_ms`.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TimingReadout {
    /// numerical / backprop, once the numerical gradient is complete.
    pub ratio: Option<f64>,
    /// Share of the partial derivatives done, 0…1 (the progress bar and its percentage).
    pub done_fraction: f64,
    /// Time the numerical gradient still needs at its speed so far.
    pub eta_ms: Option<f64>,
    /// Lengths of the two race bars in percent, on a log scale from 1 µs to the numerical
    /// gradient's (projected) time; at least 2 so a bar stays visible.
    pub backprop_bar: f64,
    pub numerical_bar: f64,
    /// The whole training (`TRAINING_ITERATIONS` gradients) with each method.
    pub training_backprop_ms: Option<f64>,
    pub training_numerical_ms: Option<f64>,
}

pub fn timing_readout(backprop_ms: f64, numerical_ms: f64, done: usize, total: usize, finished: bool) -> TimingReadout {
    let measured = |ms: f64| (ms.is_finite() && ms > 0.0).then_some(ms);
    let projected = if finished { measured(numerical_ms) } else { numerical_time_ms(numerical_ms, done, total) };
    // log10 of microseconds, so 1 µs is the bar's start.
    let bar = |ms: Option<f64>| match (ms, projected) {
        (Some(ms), Some(full)) => (100.0 * (ms * 1000.0).log10() / (full * 1000.0).log10()).max(2.0),
        _ => 0.0,
    };
    let ratio = (finished && measured(backprop_ms).is_some()).then(|| numerical_ms / backprop_ms);
    TimingReadout {
        ratio,
        done_fraction: done as f64 / total.max(1) as f64,
        eta_ms: if finished { None } else { numerical_time_ms(numerical_ms, done, total - done.min(total)) },
        backprop_bar: bar(measured(backprop_ms)),
        numerical_bar: if finished { 100.0 } else { bar(measured(numerical_ms)) },
        training_backprop_ms: measured(backprop_ms).map(|ms| ms * TRAINING_ITERATIONS as f64),
        training_numerical_ms: finished.then(|| numerical_ms * TRAINING_ITERATIONS as f64),
    }
}

/// Time for `count` numerical partial derivatives at the speed of `done` of them in `ms`
/// (each is two forward passes of the same network, so each costs the same); None before
/// any is measured. The one rule behind the expected duration before a run and the time left
/// during it.
pub fn numerical_time_ms(ms: f64, done: usize, count: usize) -> Option<f64> {
    (done > 0 && ms.is_finite() && ms > 0.0).then(|| ms / done as f64 * count as f64)
}

/// A quick measurement on the learner's machine, taken before any run: `derivatives` numerical
/// partial derivatives of the 784-`hidden`-10 network (on a batch of `batch`) took `ms`.
#[derive(Debug, Clone, Copy, PartialEq, serde::Deserialize)]
pub struct Probe {
    pub hidden: usize,
    pub batch: usize,
    pub derivatives: usize,
    pub ms: f64,
}

/// The expected duration of the whole numerical gradient (every parameter of the probed
/// network) at the probe's speed: ms per derivative × parameter count.
pub fn expected_numerical_ms(probe: &Probe) -> Option<f64> {
    numerical_time_ms(probe.ms, probe.derivatives, mnist_parameter_count(probe.hidden))
}

/// A batch to probe with: `batch` images of uniform random pixels in [0, 1] and cyclic labels.
/// A forward pass costs the same on any pixels, so the probe needs no MNIST download.
pub fn probe_batch(batch: usize, rng: &mut Rng) -> (DMatrix<f64>, DMatrix<f64>) {
    use crate::data::dataset::{one_hot, CLASSES, MNIST_COLS, MNIST_ROWS};
    let x = DMatrix::from_fn(batch, MNIST_ROWS * MNIST_COLS, |_, _| rng.uniform());
    let t = one_hot((0..batch).map(|i| (i % CLASSES) as u8), batch);
    (x, t)
}

/// One row of the check table: a parameter, its shape as the book writes it, and (once
/// compared) the two differences and their verdict.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckRow {
    pub param: &'static str,
    pub shape: String,
    pub mean_abs: Option<f64>,
    pub relative: Option<f64>,
    pub verdict: Option<&'static str>,
}

/// The check table of the 784-`hidden`-10 network; `diffs` are [mean |diff|, relative error]
/// of W1, b1, W2, b2 in turn, or empty before a comparison.
pub fn check_rows(hidden: usize, diffs: &[f64]) -> Vec<CheckRow> {
    let shapes = mnist_parameter_shapes(hidden);
    PARAMETER_NAMES
        .iter()
        .zip(shapes)
        .enumerate()
        .map(|(i, (&param, (rows, cols)))| {
            let pair = diffs.get(2 * i..2 * i + 2);
            CheckRow {
                param,
                shape: cols.map_or(rows.to_string(), |c| format!("{rows} × {c}")),
                mean_abs: pair.map(|p| p[0]),
                relative: pair.map(|p| p[1]),
                verdict: pair.map(|p| Verdict::of(p[1]).name()),
            }
        })
        .collect()
}

/// A verdict and the relative-error bound written beside it ("bug" shows the bound it is above).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Threshold {
    pub verdict: &'static str,
    pub bound: f64,
}

pub fn thresholds() -> Vec<Threshold> {
    let verdicts = [Verdict::Perfect, Verdict::ProbablyFine, Verdict::Check, Verdict::Bug];
    let last = Verdict::THRESHOLDS.len() - 1;
    verdicts.iter().enumerate().map(|(i, v)| Threshold { verdict: v.name(), bound: Verdict::THRESHOLDS[i.min(last)] }).collect()
}

/// How much of the network a finished numerical gradient covered: `counts` per parameter of a
/// network of `parameters` in all.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Coverage {
    pub checked: usize,
    pub all: bool,
}

pub fn coverage(counts: &[usize], parameters: usize) -> Coverage {
    let checked = counts.iter().sum();
    Coverage { checked, all: checked == parameters }
}

/// The size of the timing network: its parameters and the forward passes one numerical
/// gradient takes (two per parameter, central differences).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct NetworkSize {
    pub parameters: usize,
    pub passes: usize,
}

pub fn network_size(hidden: usize) -> NetworkSize {
    let parameters = mnist_parameter_count(hidden);
    NetworkSize { parameters, passes: 2 * parameters }
}

/// One h of the step-size study with the error of each difference quotient at it.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct StepError {
    pub h: f64,
    pub forward: f64,
    pub central: f64,
}

impl From<(f64, f64, f64)> for StepError {
    /// A row of `difference_errors`: (h, forward error, central error).
    fn from((h, forward, central): (f64, f64, f64)) -> StepError {
        StepError { h, forward, central }
    }
}

/// The step-size study as the page shows it: every row (h, forward error, central error), in
/// the columns of its CSV, and the rows it names: the book's h, the best of each difference,
/// the smallest and largest h.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StepSizeStudy {
    pub rows: Vec<(f64, f64, f64)>,
    pub book: StepError,
    pub best_forward: StepError,
    pub best_central: StepError,
    pub smallest_h: StepError,
    pub largest_h: StepError,
}

/// None for an empty study.
pub fn step_size_study(rows: Vec<(f64, f64, f64)>) -> Option<StepSizeStudy> {
    let picked = step_size_highlights(&rows)?;
    Some(StepSizeStudy {
        book: rows[picked.book].into(),
        best_forward: rows[picked.best_forward].into(),
        best_central: rows[picked.best_central].into(),
        smallest_h: rows[0].into(),
        largest_h: rows[rows.len() - 1].into(),
        rows,
    })
}
