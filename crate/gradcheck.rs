//! Numerical differentiation vs backpropagation (section 6 of the chapter): the gradient
//! check, the three classic backprop bugs to inject, an incremental numerical gradient that a
//! worker can run with progress and cancel, the step-size study, and the chain-rule example.

use crate::nn::{real, Activation, Gradients, Real, TwoLayerNet};
use nalgebra::DMatrix;

/// The seed's thresholds for the mean absolute difference between the two gradients.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// below 1e-7
    Perfect,
    /// below 1e-5
    ProbablyFine,
    /// below 1e-3
    Check,
    /// 1e-3 or more
    Bug,
}

impl Verdict {
    pub fn of(mean_abs_diff: f64) -> Verdict {
        match mean_abs_diff {
            d if d < 1e-7 => Verdict::Perfect,
            d if d < 1e-5 => Verdict::ProbablyFine,
            d if d < 1e-3 => Verdict::Check,
            _ => Verdict::Bug,
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

/// Mean |a − b| over all entries (NaN-safe: a NaN difference counts as ∞).
pub fn mean_abs_diff<T: Real>(a: &DMatrix<T>, b: &DMatrix<T>) -> f64 {
    if a.shape() != b.shape() {
        return f64::INFINITY;
    }
    let sum: f64 = a.iter().zip(b.iter()).map(|(x, y)| nalgebra::try_convert::<T, f64>((*x - *y).abs()).unwrap_or(f64::INFINITY)).sum();
    if sum.is_nan() { f64::INFINITY } else { sum / a.len().max(1) as f64 }
}

/// Per-parameter mean absolute difference, in the order W1, b1, W2, b2.
pub fn compare<T: Real>(backprop: &Gradients<T>, numerical: &Gradients<T>) -> [f64; 4] {
    let (a, b) = (backprop.as_array(), numerical.as_array());
    [0, 1, 2, 3].map(|i| mean_abs_diff(a[i], b[i]))
}

/// The typical backprop mistakes of section 6.2.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bug {
    /// The softmax-with-loss gradient (y − t) not divided by the batch size.
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
    let loss = crate::nn::loss::softmax_cross_entropy(&scores, t);
    let y = crate::nn::loss::softmax(&scores);
    let mut da2 = &y - t;
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
pub struct NumericalGradientJob<T: Real> {
    grads: [DMatrix<T>; 4],
    param: usize,
    index: usize,
    done: usize,
    total: usize,
    h: f64,
}

impl<T: Real> NumericalGradientJob<T> {
    pub fn new(net: &TwoLayerNet<T>, h: f64) -> Self {
        let grads = net.params().map(|p| DMatrix::zeros(p.nrows(), p.ncols()));
        let total = grads.iter().map(|g| g.len()).sum();
        NumericalGradientJob { grads, param: 0, index: 0, done: 0, total, h }
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
    /// Differentiates up to `count` more parameters; returns how many it did.
    pub fn advance(&mut self, net: &mut TwoLayerNet<T>, x: &DMatrix<T>, t: &DMatrix<T>, count: usize) -> usize {
        let h: T = real(self.h);
        let mut n = 0;
        while n < count && !self.finished() {
            if self.index == self.grads[self.param].len() {
                self.param += 1;
                self.index = 0;
                continue;
            }
            let (p, i) = (self.param, self.index);
            let original = net.params()[p][i];
            net.params_mut()[p][i] = original + h;
            let plus = net.loss(x, t);
            net.params_mut()[p][i] = original - h;
            let minus = net.loss(x, t);
            net.params_mut()[p][i] = original;
            self.grads[p][i] = (plus - minus) / (h + h);
            self.index += 1;
            self.done += 1;
            n += 1;
        }
        n
    }
    pub fn result(&self) -> Gradients<T> {
        let [w1, b1, w2, b2] = self.grads.clone();
        Gradients { w1, b1, w2, b2 }
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

/// The chain-rule example of section 6.3, f(x) = (2x + 3)², as a two-node graph
/// x → u = 2x + 3 → f = u². Returns (u, f, df/du = 2u, du/dx = 2, df/dx = 2u·2).
pub fn chain_rule_example(x: f64) -> [f64; 5] {
    let u = 2.0 * x + 3.0;
    let f = u * u;
    let df_du = 2.0 * u;
    let du_dx = 2.0;
    [u, f, df_du, du_dx, df_du * du_dx]
}
