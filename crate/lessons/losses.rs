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
//!
//! δ only guards log 0 (CE(0) = −log δ ≈ 16.1 instead of ∞). At y = 1 it would make CE
//! −log(1 + δ) ≈ −10⁻⁷, a loss below 0 that no prediction can have, so the lesson clamps CE and
//! each of its terms at 0 (`clamp_delta`).
//!
//! [`LossLesson`] is the view `#/loss?p` as a model: its state from a link, the slider's moves
//! and everything the page shows; [`Example`] is its worked example, validated here.

use super::{LessonQuery, LOSS_KEYS};
use crate::config::normalize_query;
use crate::nn::loss::LOG_DELTA;
use serde::{Deserialize, Serialize};

/// ½ Σₖ (yₖ − tₖ)². y, t: (K,). Panics if the lengths differ (a caller bug).
pub fn sum_squared_error(y: &[f64], t: &[f64]) -> f64 {
    assert_eq!(y.len(), t.len(), "prediction and target lengths differ");
    0.5 * y.iter().zip(t).map(|(yk, tk)| (yk - tk).powi(2)).sum::<f64>()
}

/// −Σₖ tₖ log(yₖ + δ), never below 0 (`clamp_delta`). y, t: (K,). Panics if the lengths
/// differ (a caller bug).
pub fn cross_entropy(y: &[f64], t: &[f64]) -> f64 {
    assert_eq!(y.len(), t.len(), "prediction and target lengths differ");
    clamp_delta(y.iter().zip(t).map(|(&yk, &tk)| ce_term(yk, tk)).sum::<f64>())
}

/// −t log(y + δ), clamped at 0.
fn ce_term(y: f64, t: f64) -> f64 {
    clamp_delta(-t * (y + LOG_DELTA).ln())
}

/// A cross-entropy below 0 can only be δ's trace at y = 1 (−log(1 + δ) ≈ −10⁻⁷): shown as 0.
pub fn clamp_delta(ce: f64) -> f64 {
    ce.max(0.0)
}

/// One class's share of both sums, for writing the worked example out term by term.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Term {
    pub y: f64,
    pub t: f64,
    /// (yₖ − tₖ)²; SSE is half the sum of these.
    pub squared_error: f64,
    /// −tₖ log(yₖ + δ), at least 0; CE is the sum of these (0 wherever tₖ = 0).
    pub cross_entropy: f64,
}

/// Both losses with their terms, for y = [0.7, 0.2, 0.1], t = [1, 0, 0] and the like.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
        .map(|(&y, &t)| Term { y, t, squared_error: (y - t).powi(2), cross_entropy: ce_term(y, t) })
        .collect();
    Some(WorkedExample { terms, sse: sum_squared_error(y, t), ce: cross_entropy(y, t) })
}

/// Both losses, their ratio and their slopes when the correct class gets probability p
/// (see the module comment for the vector this stands for).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LossAtP {
    pub p: f64,
    /// ½(p − 1)².
    pub sse: f64,
    /// −log(p + δ), clamped at 0 (at p = 1 δ alone would make it ≈ −10⁻⁷).
    pub ce: f64,
    /// CE / SSE; None when SSE is 0 (p = 1), where the ratio means nothing.
    pub ratio: Option<f64>,
    /// ∂SSE/∂y_correct = p − 1: its size 1 − p grows as the prediction gets worse, but never
    /// past 1. (Through softmax, with respect to the scores, SSE's slope picks up a factor
    /// p(1 − p) and does vanish when the network is confidently wrong; CE's is y − t.)
    pub dsse: f64,
    /// ∂CE/∂y_correct = −1/p, the slope of −log p: large when the prediction is wrong (−10 at
    /// p = 0.1). The view labels it −1/p, so it is exactly that: the book's δ (10⁻⁷) only keeps
    /// log away from 0 and would show −999.9 at the slider's p = 0.001.
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
        dce: -1.0 / p,
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
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ScoreSlopes {
    pub p: f64,
    /// Number of classes K.
    pub classes: usize,
    /// ∂CE/∂a_c = p − 1.
    pub ce: f64,
    /// ∂SSE/∂a_c = Σₖ (yₖ − tₖ)·∂yₖ/∂a_c, with softmax's ∂yₖ/∂a_c = yₖ(δₖc − p).
    pub sse: f64,
    /// How many times stronger cross-entropy pulls: ce ÷ sse; None where sse is 0 (p = 0, p = 1).
    pub ratio: Option<f64>,
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
    let (ce, sse) = (slope(LossKind::CrossEntropy), slope(LossKind::SquaredError));
    ScoreSlopes { p, classes, ce, sse, ratio: (sse != 0.0).then(|| ce / sse) }
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

// ───────────────────────────── the view as a model ─────────────────────────────

/// The slopes through softmax and the spread column are shown for MNIST's ten classes.
pub const SHOWN_CLASSES: usize = 10;
/// Significant digits of p set by the slider (a link reads p=0.0316, not p=0.031622776…).
pub const P_DIGITS: usize = 3;
/// How many points of each curve the chart's CSV holds: P_MIN, then 0.01, 0.02 … 1.
pub const CSV_STEPS: usize = 100;

/// `#/loss?p`: the probability of the correct class chosen on the slider.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LossLesson {
    pub p: f64,
}

/// One row of the table of §2: the pair at p, and the squared error with the rest spread.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TableRow {
    pub p: f64,
    pub sse: f64,
    pub ce: f64,
    /// CE / SSE; None at p = 1.
    pub ratio: Option<f64>,
    /// `sse_spread(p, SHOWN_CLASSES)`.
    pub spread: f64,
    /// This row is the p on the slider.
    pub current: bool,
}

/// Everything `#/loss` shows for a state (numbers as numbers; the page formats them).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LossShown {
    /// The canonical query.
    pub query: String,
    /// log10 p: where the slider stands.
    pub slider: f64,
    pub at: LossAtP,
    /// The slopes with respect to the correct class's score, for SHOWN_CLASSES classes.
    pub score: ScoreSlopes,
    /// SHOWN_CLASSES − 1: the classes that share the rest in the spread column.
    pub others: usize,
    pub table: Vec<TableRow>,
}

impl LossLesson {
    /// The state of a link; p clamped to [P_MIN, 1] by the view's key table.
    pub fn from_query(query: &str) -> LossLesson {
        LossLesson { p: LessonQuery::parse(query, LOSS_KEYS).real("p") }
    }

    /// The state with the slider at `position` (log10 p), p rounded to P_DIGITS significant digits.
    pub fn from_slider(position: f64) -> LossLesson {
        let p = 10f64.powf(position);
        let rounded: f64 = format!("{p:.*e}", P_DIGITS - 1).parse().unwrap_or(p);
        LossLesson::from_query(&format!("p={rounded}"))
    }

    pub fn query(&self) -> String {
        normalize_query(&format!("p={}", self.p), LOSS_KEYS)
    }

    pub fn shown(&self) -> LossShown {
        let table = table()
            .into_iter()
            .map(|at| TableRow {
                p: at.p,
                sse: at.sse,
                ce: at.ce,
                ratio: at.ratio,
                spread: sse_spread(at.p, SHOWN_CLASSES),
                current: at.p == self.p,
            })
            .collect();
        LossShown {
            query: self.query(),
            slider: self.p.log10(),
            at: at_probability(self.p),
            score: score_slopes(self.p, SHOWN_CLASSES),
            others: SHOWN_CLASSES - 1,
            table,
        }
    }
}

/// The chart's data as a table: both losses, their ratio and slopes at P_MIN, 0.01, 0.02 … 1.
pub fn csv_points() -> Vec<LossAtP> {
    std::iter::once(P_MIN).chain((1..=CSV_STEPS).map(|i| i as f64 / CSV_STEPS as f64)).map(at_probability).collect()
}

// ───────────────────────────── the worked example ─────────────────────────────

/// The worked example's bounds on the number of classes.
pub const MIN_CLASSES: usize = 2;
pub const MAX_CLASSES: usize = 10;
/// How far Σy may be from 1 before the page says the prediction is not a probability vector.
pub const SUM_TOLERANCE: f64 = 1e-6;

/// The worked example as the learner edits it: a prediction y and the index of the correct
/// class (t is one-hot there). From JavaScript: `{y: [0.7, 0.2, 0.1], correct: 0}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Example {
    pub y: Vec<f64>,
    pub correct: usize,
}

/// Why a prediction is not a probability vector: a value outside [0, 1], or a sum other than 1.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Problem {
    /// yₖ = value is outside [0, 1] (the terms use it clamped).
    OutOfRange { k: usize, value: f64 },
    /// Σy = sum, not 1.
    Sum { sum: f64 },
}

/// A prediction y of the worked example is a probability: from 0 to 1.
pub const Y_RANGE: (f64, f64) = (0.0, 1.0);

/// What the worked example shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExampleShown {
    /// The terms, over y clamped to [0, 1] and the one-hot t.
    pub example: WorkedExample,
    /// What a y may be (`Y_RANGE`): the inputs span it.
    pub y_range: (f64, f64),
    pub correct: usize,
    /// y of the correct class (as used).
    pub y_correct: f64,
    /// The first problem with the prediction, if any.
    pub problem: Option<Problem>,
    /// δ shows in the correct class's term: y = 0 gives −log δ ≈ 16.1, y = 1 is clamped to 0.
    pub delta_shows: bool,
    pub can_add: bool,
    pub can_remove: bool,
}

impl Default for Example {
    /// The chapter's example: y = [0.7, 0.2, 0.1], t = [1, 0, 0].
    fn default() -> Example {
        Example { y: vec![0.7, 0.2, 0.1], correct: 0 }
    }
}

impl Example {
    /// One class more (y = 0) or fewer, within MIN_CLASSES…MAX_CLASSES; the correct class stays
    /// among them.
    pub fn resized(&self, more: bool) -> Example {
        let n = if more { self.y.len() + 1 } else { self.y.len().saturating_sub(1) }.clamp(MIN_CLASSES, MAX_CLASSES);
        let mut y = self.y.clone();
        y.resize(n, 0.0);
        Example { y, correct: self.correct.min(n - 1) }
    }

    /// The first value outside [0, 1] (or not a number), else a sum away from 1.
    pub fn problem(&self) -> Option<Problem> {
        if let Some((k, &value)) = self.y.iter().enumerate().find(|(_, v)| !(Y_RANGE.0..=Y_RANGE.1).contains(*v)) {
            return Some(Problem::OutOfRange { k, value });
        }
        let sum: f64 = self.y.iter().sum();
        ((sum - 1.0).abs() > SUM_TOLERANCE).then_some(Problem::Sum { sum })
    }

    /// The terms and sums; Err if there are fewer than MIN_CLASSES values or `correct` is not one of them.
    pub fn shown(&self) -> Result<ExampleShown, String> {
        let n = self.y.len();
        if !(MIN_CLASSES..=MAX_CLASSES).contains(&n) || self.correct >= n {
            return Err(format!(
                "the worked example needs {MIN_CLASSES} to {MAX_CLASSES} values and a correct class among them, got {n} values and class {}",
                self.correct
            ));
        }
        let y: Vec<f64> = self.y.iter().map(|v| if v.is_nan() { Y_RANGE.0 } else { v.clamp(Y_RANGE.0, Y_RANGE.1) }).collect();
        let t: Vec<f64> = (0..n).map(|k| if k == self.correct { 1.0 } else { 0.0 }).collect();
        let y_correct = y[self.correct];
        Ok(ExampleShown {
            example: worked_example(&y, &t).expect("same length, not empty"),
            y_range: Y_RANGE,
            correct: self.correct,
            y_correct,
            problem: self.problem(),
            delta_shows: y_correct == 0.0 || y_correct == 1.0,
            can_add: n < MAX_CLASSES,
            can_remove: n > MIN_CLASSES,
        })
    }
}
