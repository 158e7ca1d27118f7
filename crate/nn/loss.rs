//! Output function and losses (sections 2 and 3 of the chapter). Rows are examples.

use crate::named::named;
use super::{real, Real};
use nalgebra::DMatrix;

/// Added inside log so a predicted probability of exactly 0 gives a large finite loss
/// instead of −log(0) = ∞ (the book's `delta = 1e-7`).
pub const LOG_DELTA: f64 = 1e-7;

/// Row-wise softmax. Subtracting each row's maximum first leaves the result unchanged
/// (softmax is shift-invariant) and keeps exp() from overflowing: the largest exponent is 0.
/// x: (batch, classes) → y: (batch, classes), each row sums to 1.
pub fn softmax<T: Real>(x: &DMatrix<T>) -> DMatrix<T> {
    let mut y = x.clone();
    for mut row in y.row_iter_mut() {
        let max = row.max();
        row.apply(|v| *v = (*v - max).exp());
        let sum = row.sum();
        row.apply(|v| *v /= sum);
    }
    y
}

/// Cross-entropy averaged over the batch: −(1/N) Σₙ Σₖ tₙₖ log(yₙₖ + δ).
/// y, t: (batch, classes); t one-hot.
pub fn cross_entropy<T: Real>(y: &DMatrix<T>, t: &DMatrix<T>) -> T {
    let delta: T = real(LOG_DELTA);
    let batch: T = real(y.nrows() as f64);
    let total = y.zip_fold(t, T::zero(), |acc, yi, ti| acc - ti * (yi + delta).ln());
    total / batch
}

/// Cross-entropy of softmax(x) computed in log space: log yₖ = xₖ − max − log Σⱼ e^(xⱼ − max).
/// Exact (no δ needed: a log-probability is never log 0 here) and therefore exactly the loss
/// whose gradient is (y − t)/N, which the gradient check relies on. x: scores, t: one-hot.
pub fn softmax_cross_entropy<T: Real>(x: &DMatrix<T>, t: &DMatrix<T>) -> T {
    let batch: T = real(x.nrows() as f64);
    let mut total = T::zero();
    for (row, target) in x.row_iter().zip(t.row_iter()) {
        let max = row.max();
        let log_sum = row.map(|v| (v - max).exp()).sum().ln();
        total -= row.zip_fold(&target, T::zero(), |acc, xi, ti| acc + ti * (xi - max - log_sum));
    }
    total / batch
}

/// Cross-entropy *without* the δ: −(1/N) Σ tₙₖ log yₙₖ on probabilities y. When a true-class
/// probability has underflowed to 0 this is ∞ — the "log(0) without the delta" mistake, kept
/// so the training view can reproduce it.
pub fn cross_entropy_without_delta<T: Real>(y: &DMatrix<T>, t: &DMatrix<T>) -> T {
    let batch: T = real(y.nrows() as f64);
    y.zip_fold(t, T::zero(), |acc, yi, ti| if ti > T::zero() { acc - ti * yi.ln() } else { acc }) / batch
}

/// Mean squared error in the book's form, ½ Σₖ (yₖ − tₖ)², averaged over the batch rows.
pub fn mean_squared_error<T: Real>(y: &DMatrix<T>, t: &DMatrix<T>) -> T {
    let half: T = real(0.5);
    let batch: T = real(y.nrows() as f64);
    half * (y - t).norm_squared() / batch
}

/// The loss a network is trained with, after its softmax output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LossKind {
    /// −Σ t log y: the book's choice for classification.
    CrossEntropy,
    /// ½ Σ (y − t)² on the softmax probabilities.
    SquaredError,
}

named!(LossKind: CrossEntropy = "cee", SquaredError = "sse");

/// Σ over the batch of ∂loss/∂scores, row by row (divide by the batch size for the mean loss).
/// y = softmax(scores): (batch, classes); t one-hot.
/// - cross-entropy: y − t, however wrong the prediction: the error itself.
/// - squared error: with g = y − t = ∂E/∂y, the softmax Jacobian gives yₖ (gₖ − Σⱼ gⱼ yⱼ). For
///   the true class that is −yₖ(1 − yₖ)² − …: it carries a factor y(1 − y), which vanishes
///   when the network is confidently wrong (yₖ ≈ 0), so learning stalls exactly where it is
///   needed most.
pub fn score_gradient_sum<T: Real>(kind: LossKind, y: &DMatrix<T>, t: &DMatrix<T>) -> DMatrix<T> {
    let g = y - t;
    match kind {
        LossKind::CrossEntropy => g,
        LossKind::SquaredError => {
            let mut dx = g.component_mul(y);
            for (mut row, (g_row, y_row)) in dx.row_iter_mut().zip(g.row_iter().zip(y.row_iter())) {
                let dot = g_row.dot(&y_row);
                row.zip_apply(&y_row, |d, yk| *d -= yk * dot);
            }
            dx
        }
    }
}

/// The mean loss of `kind` on scores x (batch, classes) and one-hot t.
pub fn softmax_loss<T: Real>(kind: LossKind, x: &DMatrix<T>, t: &DMatrix<T>) -> T {
    match kind {
        LossKind::CrossEntropy => softmax_cross_entropy(x, t),
        LossKind::SquaredError => mean_squared_error(&softmax(x), t),
    }
}
