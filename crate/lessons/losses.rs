//! Section 2 of the chapter: sum of squared errors against cross-entropy.
//!
//! Both losses act on one prediction vector y (K outputs) and its target t (K values, one-hot
//! for classification), as in the book's §4.2.1–4.2.2:
//!
//! ```text
//! SSE = ½ Σₖ (yₖ − tₖ)²          CE = −Σₖ tₖ log(yₖ + δ),  δ = 1e-7 (the book's guard)
//! ```
//!
//! The table and the curve against "the probability p of the correct class" need a whole vector
//! from one number. We use the seed's convention (it is what its table computes): the correct
//! output is p and every other output is 0, so only the correct class contributes,
//!
//! ```text
//! SSE(p) = ½ (p − 1)²            CE(p) = −log(p + δ)
//! ```
//!
//! (If the remaining 1 − p were spread over the other classes instead, SSE would grow by
//! ½(1 − p)²/(K − 1); CE would not change, since it only reads the correct class.)

use crate::nn::loss::LOG_DELTA;

/// ½ Σₖ (yₖ − tₖ)². y, t: (K,). Panics if the lengths differ (a caller bug).
pub fn sum_squared_error(y: &[f64], t: &[f64]) -> f64 {
    assert_eq!(y.len(), t.len(), "prediction and target lengths differ");
    0.5 * y.iter().zip(t).map(|(yk, tk)| (yk - tk).powi(2)).sum::<f64>()
}

/// −Σₖ tₖ log(yₖ + δ). y, t: (K,). Panics if the lengths differ (a caller bug).
pub fn cross_entropy(y: &[f64], t: &[f64]) -> f64 {
    assert_eq!(y.len(), t.len(), "prediction and target lengths differ");
    -y.iter().zip(t).map(|(yk, tk)| tk * (yk + LOG_DELTA).ln()).sum::<f64>()
}

/// One class's share of both sums, for writing the worked example out term by term.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Term {
    pub y: f64,
    pub t: f64,
    /// (yₖ − tₖ)²; SSE is half the sum of these.
    pub squared_error: f64,
    /// −tₖ log(yₖ + δ); CE is the sum of these (0 wherever tₖ = 0).
    pub cross_entropy: f64,
}

/// Both losses with their terms, for y = [0.7, 0.2, 0.1], t = [1, 0, 0] and the like.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkedExample {
    pub terms: Vec<Term>,
    pub sse: f64,
    pub ce: f64,
}

/// The worked example of §2 for any y and t of equal length; None if the lengths differ or are 0.
pub fn worked_example(y: &[f64], t: &[f64]) -> Option<WorkedExample> {
    if y.len() != t.len() || y.is_empty() {
        return None;
    }
    let terms = y
        .iter()
        .zip(t)
        .map(|(&y, &t)| Term { y, t, squared_error: (y - t).powi(2), cross_entropy: -t * (y + LOG_DELTA).ln() })
        .collect();
    Some(WorkedExample { terms, sse: sum_squared_error(y, t), ce: cross_entropy(y, t) })
}

/// Both losses, their ratio and their slopes when the correct class gets probability p
/// (see the module comment for the vector this stands for).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LossAtP {
    pub p: f64,
    /// ½(p − 1)².
    pub sse: f64,
    /// −log(p + δ). At p = 1 this is −log(1 + 1e-7) ≈ −1e-7, the trace of δ, not 0.
    pub ce: f64,
    /// CE / SSE; None when SSE is 0 (p = 1), where the ratio means nothing.
    pub ratio: Option<f64>,
    /// ∂SSE/∂y_correct = p − 1: its size 1 − p grows as the prediction gets worse, but never
    /// past 1. (Through softmax, with respect to the scores, SSE's slope picks up a factor
    /// p(1 − p) and does vanish when the network is confidently wrong; CE's is y − t.)
    pub dsse: f64,
    /// ∂CE/∂y_correct = −1/(p + δ): large when the prediction is wrong (−10 at p = 0.1).
    pub dce: f64,
}

/// The loss pair at probability p of the correct class (p is clamped to [0, 1]).
pub fn at_probability(p: f64) -> LossAtP {
    let p = p.clamp(0.0, 1.0);
    // Two-output stand-in for "correct output p, the others 0": the zero outputs add nothing.
    let (y, t) = ([p, 0.0], [1.0, 0.0]);
    let sse = sum_squared_error(&y, &t);
    let ce = cross_entropy(&y, &t);
    LossAtP {
        p,
        sse,
        ce,
        ratio: if sse > 0.0 { Some(ce / sse) } else { None },
        dsse: p - 1.0,
        dce: -1.0 / (p + LOG_DELTA),
    }
}

/// The probabilities of the table of §2.
pub const TABLE_PROBABILITIES: [f64; 6] = [0.1, 0.3, 0.5, 0.7, 0.9, 1.0];

/// The table of §2: both losses and their ratio at 0.1, 0.3, 0.5, 0.7, 0.9 and 1.0.
pub fn table() -> Vec<LossAtP> {
    TABLE_PROBABILITIES.iter().map(|&p| at_probability(p)).collect()
}

/// Smallest probability on the slider and the curve (CE(0.001) ≈ 6.9).
pub const P_MIN: f64 = 0.001;

/// `n` points (n ≥ 2) evenly spaced from P_MIN to 1, for plotting both losses against p.
pub fn curve(n: usize) -> Vec<LossAtP> {
    let n = n.max(2);
    (0..n).map(|i| at_probability(P_MIN + (1.0 - P_MIN) * i as f64 / (n - 1) as f64)).collect()
}

/// The slopes of both losses with respect to the correct class's score a_c (before softmax),
/// where the chapter's real mechanism shows: through softmax, cross-entropy's slope is
/// y_c − t_c = p − 1, while the squared error's picks up softmax's derivative and fades as p → 0.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScoreSlopes {
    pub p: f64,
    /// Number of classes K.
    pub classes: usize,
    /// ∂CE/∂a_c = p − 1.
    pub ce: f64,
    /// ∂SSE/∂a_c = Σₖ (yₖ − tₖ)·∂yₖ/∂a_c, with softmax's ∂yₖ/∂a_c = yₖ(δₖc − p).
    pub sse: f64,
}

/// Both slopes at probability p of the correct class (clamped to [0, 1]) when y = softmax(a)
/// puts p on the correct class and spreads 1 − p evenly over the other K − 1 (K ≥ 2) — a
/// probability vector softmax can produce, unlike "the others 0". Computed by the same
/// softmax-with-loss backward pass that training uses (`nn::loss::score_gradient_sum`), not
/// from a closed form (tests compare with p − 1 and −p(1 − p)²·K/(K − 1)).
pub fn score_slopes(p: f64, classes: usize) -> ScoreSlopes {
    use crate::nn::loss::{score_gradient_sum, LossKind};
    let p = p.clamp(0.0, 1.0);
    let classes = classes.max(2);
    let rest = (1.0 - p) / (classes - 1) as f64;
    // Class 0 is the correct one.
    let y = nalgebra::DMatrix::from_fn(1, classes, |_, k| if k == 0 { p } else { rest });
    let t = nalgebra::DMatrix::from_fn(1, classes, |_, k| if k == 0 { 1.0 } else { 0.0 });
    let slope = |kind| score_gradient_sum(kind, &y, &t)[0];
    ScoreSlopes { p, classes, ce: slope(LossKind::CrossEntropy), sse: slope(LossKind::SquaredError) }
}

/// The sum of squared errors when the correct class gets p and the rest 1 − p is spread evenly
/// over the other K − 1 classes (K ≥ 2): what "the other classes share the rest" would give,
/// ½(1 − p)²·K/(K − 1) — 0.450 at p = 0.1 for ten classes, against 0.405 with the others at 0.
pub fn sse_spread(p: f64, classes: usize) -> f64 {
    let p = p.clamp(0.0, 1.0);
    let classes = classes.max(2);
    let rest = (1.0 - p) / (classes - 1) as f64;
    let y: Vec<f64> = (0..classes).map(|k| if k == 0 { p } else { rest }).collect();
    let t: Vec<f64> = (0..classes).map(|k| if k == 0 { 1.0 } else { 0.0 }).collect();
    sum_squared_error(&y, &t)
}
