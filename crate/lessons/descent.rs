//! Gradient descent step by step (sections 3 and 4 of the chapter): x ← x − η·f′(x) in 1-D,
//! x ← x − η·∇f(x) in 2-D, with one record per step so the page can write each update out
//! with its numbers; the diagnosis of a learning rate from its own run; and learning-rate
//! schedules η(t).
//!
//! A run that blows up stops at the first step whose result is not finite or leaves the
//! bound (|x| > DIVERGENCE_BOUND in any coordinate), marks itself diverged and keeps that last
//! value (huge or ±∞) for the table, so nothing downstream ever computes with NaN.

pub use crate::nn::optim::OptimizerKind;
pub use crate::nn::schedule::{Schedule, ScheduleKind};
use crate::named::named;
use super::surface::{Fn1d, Fn2d};
use serde::Serialize;

/// A coordinate beyond this counts as diverged. It is far outside every plot, yet small
/// enough that f and f′ of the lesson functions stay finite up to it (x⁴ ≈ 1e24).
pub const DIVERGENCE_BOUND: f64 = 1e6;

/// A stepping view stops once the next update is smaller than this in every coordinate: the
/// run has converged as far as a table of 4-digit numbers can show.
pub const CONVERGED_UPDATE: f64 = 1e-6;
/// The most steps a stepping view (and its link) goes to.
pub const MAX_SHOWN_STEPS: usize = 1000;

/// Why a stepping view stops (`stepping_stop`), for the sentence that says so.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Stop {
    /// The run left the bound (`DIVERGENCE_BOUND`).
    Diverged { bound: f64 },
    /// `MAX_SHOWN_STEPS` steps are on screen.
    StepLimit { limit: usize },
    /// The run holds no further step.
    EndOfRun,
    /// The next update is under `below` in every coordinate; `update` is its largest |·|.
    Converged { update: f64, below: f64 },
}

/// The stop rule of the stepping views: with `shown` steps on screen and `next_update` the
/// update of step `shown` (None when the run holds no such step), stepping further shows
/// nothing new when the run diverged, `shown` reached `MAX_SHOWN_STEPS`, the run has no next
/// step, or that update is under `CONVERGED_UPDATE` in every coordinate (a non-finite update
/// never is). None: stepping goes on.
pub fn stepping_stop(diverged: bool, shown: usize, next_update: Option<&[f64]>) -> Option<Stop> {
    if diverged {
        return Some(Stop::Diverged { bound: DIVERGENCE_BOUND });
    }
    if shown >= MAX_SHOWN_STEPS {
        return Some(Stop::StepLimit { limit: MAX_SHOWN_STEPS });
    }
    let Some(update) = next_update else {
        return Some(Stop::EndOfRun);
    };
    let converged = update.iter().all(|v| v.abs() < CONVERGED_UPDATE);
    let largest = update.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
    converged.then_some(Stop::Converged { update: largest, below: CONVERGED_UPDATE })
}

/// Whether a stepping view stops (`stepping_stop` says why).
pub fn stepping_finished(diverged: bool, shown: usize, next_update: Option<&[f64]>) -> bool {
    stepping_stop(diverged, shown, next_update).is_some()
}

/// Whether a view showing `shown` steps shows the step that left the bound (step t takes
/// xₜ to xₜ₊₁, so step `diverged_at` is shown once `shown` passes it).
fn divergence_shown(diverged_at: Option<usize>, shown: usize) -> bool {
    diverged_at.is_some_and(|t| shown > t)
}

fn escaped(x: f64) -> bool {
    !x.is_finite() || x.abs() > DIVERGENCE_BOUND
}

/// One step of a 1-D run: the row "step, x, f(x), f′(x), update" of the table.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Step1d {
    /// 0-based: step t takes xₜ to xₜ₊₁.
    pub step: usize,
    /// η(t) used for this step.
    pub lr: f64,
    pub x: f64,
    pub fx: f64,
    pub dfx: f64,
    /// −η·f′(x): what is added to x.
    pub update: f64,
    /// x + update (±∞ or beyond the bound if this step diverged).
    pub x_next: f64,
}

/// A whole 1-D run. `xs` and `fs` have one more entry than `steps` (the start is x₀).
#[derive(Debug, Clone, PartialEq)]
pub struct Run1d {
    pub steps: Vec<Step1d>,
    pub xs: Vec<f64>,
    pub fs: Vec<f64>,
    /// f′ at the last point (the diagnosis compares it with f′ at the start).
    pub final_slope: f64,
    /// The step at which the run left the bound, if it did (it stopped there).
    pub diverged_at: Option<usize>,
}

impl Run1d {
    pub fn diverged(&self) -> bool {
        self.diverged_at.is_some()
    }
    pub fn last_x(&self) -> f64 {
        *self.xs.last().expect("a run holds its start")
    }
    /// `stepping_stop` for a view showing `shown` steps of this run. A divergence counts once
    /// its step is shown: until then the view shows points inside the bound, and "it went past
    /// the bound" would not be true of them.
    pub fn stop_after(&self, shown: usize) -> Option<Stop> {
        stepping_stop(divergence_shown(self.diverged_at, shown), shown, self.steps.get(shown).map(|s| std::slice::from_ref(&s.update)))
    }
    pub fn finished_after(&self, shown: usize) -> bool {
        self.stop_after(shown).is_some()
    }
}

/// Runs `steps` steps of x ← x − η(t)·f′(x) from x₀ on any f with derivative df.
pub fn descend_1d(
    f: impl Fn(f64) -> f64,
    df: impl Fn(f64) -> f64,
    x0: f64,
    schedule: &Schedule,
    steps: usize,
) -> Run1d {
    let mut run = Run1d {
        steps: Vec::with_capacity(steps),
        xs: vec![x0],
        fs: vec![f(x0)],
        final_slope: df(x0),
        diverged_at: None,
    };
    let mut x = x0;
    for t in 0..steps {
        let lr = schedule.lr(t);
        let (fx, dfx) = (f(x), df(x));
        let update = -lr * dfx;
        let x_next = x + update;
        run.steps.push(Step1d { step: t, lr, x, fx, dfx, update, x_next });
        run.xs.push(x_next);
        run.fs.push(f(x_next));
        run.final_slope = df(x_next);
        if escaped(x_next) || !run.fs[t + 1].is_finite() {
            run.diverged_at = Some(t);
            break;
        }
        x = x_next;
    }
    run
}

/// `descend_1d` on one of the lesson functions with a constant rate.
pub fn descend_fn1d(f: Fn1d, x0: f64, lr: f64, steps: usize) -> Run1d {
    descend_1d(|x| f.f(x), |x| f.df(x), x0, &Schedule::Constant { lr }, steps)
}

/// x² from x₀ with rate η has the closed form xₙ = x₀(1 − 2η)ⁿ (each step multiplies x by
/// 1 − 2η); it is what tests check the iterates against.
pub fn square_closed_form(x0: f64, lr: f64, n: usize) -> f64 {
    x0 * square_multiplier(lr).powi(n as i32)
}

/// What one step of descent on x² does to x: x − η·2x = (1 − 2η)·x.
pub fn square_multiplier(lr: f64) -> f64 {
    1.0 - 2.0 * lr
}

/// The behaviour of descent on x² at rate η, read from the multiplier r = 1 − 2η alone
/// (xₙ = x₀rⁿ, f(xₙ) = f(x₀)r²ⁿ). The lab's rates are positive; η ≤ 0 is classified too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Regime {
    /// 0 < r < 1 (0 < η < 0.5): x shrinks towards 0 without changing sign.
    Shrinks,
    /// r = 0 (η = 0.5): the first step lands exactly on the minimum. A property of x², whose
    /// curvature is the same everywhere; on other functions such a rate overshoots.
    Lands,
    /// −1 < r < 0 (0.5 < η < 1): x changes sign every step while |x| and f still shrink.
    Alternates,
    /// r = −1 (η = 1): x jumps between x₀ and −x₀ for ever; f never changes.
    Bounces,
    /// |r| > 1 (η > 1, or η < 0): |x| and f grow every step.
    Grows,
    /// r = 1 (η = 0): nothing moves.
    Stays,
}

named!(Regime: Shrinks = "shrinks", Lands = "lands", Alternates = "alternates", Bounces = "bounces", Grows = "grows", Stays = "stays");

impl Regime {
    /// The regime of rate `lr` (exact comparisons: 1 − 2·0.5 and 1 − 2·1 are exact in f64).
    pub fn of_rate(lr: f64) -> Regime {
        let r = square_multiplier(lr);
        if r == 0.0 {
            Regime::Lands
        } else if r == 1.0 {
            Regime::Stays
        } else if r == -1.0 {
            Regime::Bounces
        } else if r.abs() > 1.0 || r.is_nan() {
            Regime::Grows
        } else if r > 0.0 {
            Regime::Shrinks
        } else {
            Regime::Alternates
        }
    }
}

/// What rate η does on x²: each step multiplies x by r = 1 − 2η, and the regime that follows.
/// The `#/gd1` closed form and each card of the `#/lr` lab show both.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SquareRate {
    pub multiplier: f64,
    pub regime: Regime,
}

impl SquareRate {
    pub fn of(lr: f64) -> SquareRate {
        SquareRate { multiplier: square_multiplier(lr), regime: Regime::of_rate(lr) }
    }
}

/// The steps of the chapter's checkpoint tables (§4.1).
pub const CHECKPOINT_STEPS: [usize; 9] = [0, 1, 2, 3, 10, 50, 100, 500, 1000];
/// The rates the chapter compares in its checkpoint tables (§4.1).
pub const CHECKPOINT_RATES: [f64; 4] = [0.001, 0.01, 0.1, 1.01];

/// One row of a checkpoint table: the iterate after `step` steps on x², beside the closed form.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Checkpoint {
    pub step: usize,
    /// xₙ by iterating x ← x − η·f′(x).
    pub x: f64,
    pub fx: f64,
    /// x₀(1 − 2η)ⁿ.
    pub closed_form: f64,
    /// The change the next step makes, xₙ₊₁ − xₙ = −η·f′(xₙ).
    pub update: f64,
}

/// Iterates x ← x − η·f′(x) on x² from x₀ up to the last of `steps` (ascending) and records
/// those steps. Unlike the lab's runs this does not stop at DIVERGENCE_BOUND: the table shows
/// how far a growing run gets (x² stays finite until |x| ≈ 1e154; beyond, cells are ∞).
pub fn square_checkpoints(x0: f64, lr: f64, steps: &[usize]) -> Vec<Checkpoint> {
    let f = Fn1d::Square;
    let last = steps.iter().copied().max().unwrap_or(0);
    let mut rows = Vec::with_capacity(steps.len());
    let mut x = x0;
    for n in 0..=last {
        let update = -lr * f.df(x);
        if steps.contains(&n) {
            rows.push(Checkpoint { step: n, x, fx: f.f(x), closed_form: square_closed_form(x0, lr, n), update });
        }
        x += update;
    }
    rows
}

/// What a learning-rate run looks like (§4.1, §4.3), decided from the run itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Diagnosis {
    /// Still going down at the end, but the slope is still more than 1% of where it started.
    TooSlow,
    /// The slope fell to 1% of its start or less (|f′(x_N)| ≤ 0.01·|f′(x₀)|) without zig-zagging.
    Good,
    /// The iterates jump back and forth across the minimum (f′ changes sign on at least half
    /// of the steps) while the loss does not grow.
    Oscillating,
    /// The loss ended higher than it started, or the run left the bound.
    Diverging,
    /// The first step landed on a point of zero slope (x² at η = 0.5): not a smooth decrease
    /// but a one-off jump that depends on this function's curvature; such a rate is unstable
    /// in general.
    OneStep,
    /// The run starts where f′ = 0 (x² from x₀ = 0): every update is −η·0, so the point never
    /// moves, whatever the rate. Nothing about the rate can be read from it.
    Stationary,
    /// Only from a real network's learning curve (`curves::diagnose_curve`): the loss sits at
    /// the loss of a uniform guess (ln 10) and the accuracy at one in ten. The network has
    /// collapsed (dead ReLUs, or a softmax that answers the same for every image) and the
    /// gradient no longer moves it.
    StuckAtChance,
}

named!(Diagnosis: TooSlow = "too-slow", Good = "good", Oscillating = "oscillating", Diverging = "diverging", OneStep = "one-step", Stationary = "stationary", StuckAtChance = "stuck");

impl Diagnosis {
    /// Reads a run: a start where the slope is 0 (stationary: no step moves it), diverging,
    /// then a first step that lands where the slope is 0 (one step), then oscillating, then
    /// whether the slope has fallen to 1% of its start (good) or not (too slow). A run of 0
    /// steps is good.
    pub fn of(run: &Run1d) -> Diagnosis {
        if run.steps.first().is_some_and(|s| s.dfx == 0.0) {
            return Diagnosis::Stationary;
        }
        let (first, last) = (run.fs[0], *run.fs.last().expect("start"));
        if run.diverged() || last > first || last.is_nan() {
            return Diagnosis::Diverging;
        }
        if let Some(s) = run.steps.first() {
            // f′ after the first step: the next record's, or the run's last if it had one step.
            let after = run.steps.get(1).map_or(run.final_slope, |n| n.dfx);
            if s.dfx != 0.0 && after == 0.0 {
                return Diagnosis::OneStep;
            }
        }
        // Sign changes of f′ between consecutive steps where the slope is not 0.
        let slopes: Vec<f64> = run.steps.iter().map(|s| s.dfx).filter(|d| *d != 0.0).collect();
        let flips = slopes.windows(2).filter(|w| w[0].signum() != w[1].signum()).count();
        if flips >= 2 && 2 * flips >= slopes.len() - 1 {
            return Diagnosis::Oscillating;
        }
        let slope_start = run.steps.first().map_or(0.0, |s| s.dfx.abs());
        Self::from_slopes(slope_start, run.final_slope.abs())
    }

    fn from_slopes(start: f64, end: f64) -> Diagnosis {
        if start == 0.0 || end <= 0.01 * start {
            Diagnosis::Good
        } else {
            Diagnosis::TooSlow
        }
    }
}

/// A recommended starting rate for one method and problem, with where it comes from. These
/// are facts from their sources (ids translated by the page), not results of ours; tests check
/// that the hyper-parameters beside them are the ones our optimizers use.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Recommendation {
    /// Row id: the page's text for the problem is `lr.rec.<id>`.
    pub id: &'static str,
    pub optimizer: OptimizerKind,
    pub lr: f64,
    /// Source ids, in order of authority: "book-ch4" (the book's ch04/train_neuralnet.py,
    /// `learning_rate = 0.1`), "book-optimizer" (the book's common/optimizer.py defaults),
    /// "adam-paper" (Kingma & Ba 2015, Algorithm 1's default α = 0.001), "pytorch" (the
    /// default `lr` of torch.optim.RMSprop and torch.optim.Adam).
    pub sources: &'static [&'static str],
}

/// Starting rates by method and problem (§4.4), each with its sources.
pub const RECOMMENDED_RATES: [Recommendation; 6] = [
    Recommendation { id: "mnist", optimizer: OptimizerKind::Sgd, lr: 0.1, sources: &["book-ch4"] },
    Recommendation { id: "sgd", optimizer: OptimizerKind::Sgd, lr: 0.01, sources: &["book-optimizer"] },
    Recommendation { id: "momentum", optimizer: OptimizerKind::Momentum, lr: 0.01, sources: &["book-optimizer"] },
    Recommendation { id: "adagrad", optimizer: OptimizerKind::AdaGrad, lr: 0.01, sources: &["book-optimizer"] },
    Recommendation { id: "rmsprop", optimizer: OptimizerKind::RmsProp, lr: 0.01, sources: &["book-optimizer", "pytorch"] },
    Recommendation { id: "adam", optimizer: OptimizerKind::Adam, lr: 0.001, sources: &["adam-paper", "book-optimizer", "pytorch"] },
];

/// The hyper-parameters our optimizer of `kind` uses besides η, as "name = value" text.
pub fn optimizer_params(kind: OptimizerKind) -> String {
    use crate::nn::optim::{ADAM_BETA1, ADAM_BETA2, MOMENTUM, RMSPROP_DECAY};
    match kind {
        OptimizerKind::Sgd | OptimizerKind::AdaGrad => String::new(),
        OptimizerKind::Momentum => format!("α = {MOMENTUM}"),
        OptimizerKind::RmsProp => format!("ρ = {RMSPROP_DECAY}"),
        OptimizerKind::Adam => format!("β₁ = {ADAM_BETA1}, β₂ = {ADAM_BETA2}"),
    }
}

/// For plain descent on a quadratic of curvature c (x² has c = f″ = 2), the rates below which
/// the iterates shrink without changing sign (η < 1/c) and converge at all (η < 2/c).
pub fn quadratic_rate_limits(curvature: f64) -> (f64, f64) {
    (1.0 / curvature, 2.0 / curvature)
}

/// The rates of the learning-rate lab's preset buttons (§4.1).
pub const PRESET_RATES: [f64; 6] = [0.001, 0.01, 0.1, 0.5, 1.01, 10.0];

/// A point of the plane with f, ∇f and |∇f| there: where a 2-D run stands.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct At2d {
    pub x: [f64; 2],
    pub fx: f64,
    pub grad: [f64; 2],
    /// |∇f(x)|.
    pub norm: f64,
}

impl At2d {
    pub fn of(f: Fn2d, x: [f64; 2]) -> At2d {
        let grad = f.grad(x);
        At2d { x, fx: f.f(x), grad, norm: grad[0].hypot(grad[1]) }
    }
}

/// One step of a 2-D run: where it started (position, loss, gradient and its norm), and the
/// update applied.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Step2d {
    pub step: usize,
    /// The (base) rate of the optimizer for this step.
    pub lr: f64,
    #[serde(flatten)]
    pub at: At2d,
    /// x_next − x (−η∇f for plain descent; the optimizer's step otherwise).
    pub update: [f64; 2],
    pub x_next: [f64; 2],
}

/// A whole 2-D run; `points` and `losses` have one more entry than `steps`.
#[derive(Debug, Clone, PartialEq)]
pub struct Run2d {
    pub steps: Vec<Step2d>,
    pub points: Vec<[f64; 2]>,
    pub losses: Vec<f64>,
    pub diverged_at: Option<usize>,
}

impl Run2d {
    /// A run standing at `start` on f, before its first step.
    pub fn new(f: Fn2d, start: [f64; 2]) -> Run2d {
        Run2d { steps: Vec::new(), points: vec![start], losses: vec![f.f(start)], diverged_at: None }
    }
    pub fn diverged(&self) -> bool {
        self.diverged_at.is_some()
    }
    pub fn last(&self) -> [f64; 2] {
        *self.points.last().expect("a run holds its start")
    }
    /// `stepping_stop` for a view showing `shown` steps of this run (a divergence counts once
    /// its step is shown, as for `Run1d::stop_after`).
    pub fn stop_after(&self, shown: usize) -> Option<Stop> {
        stepping_stop(divergence_shown(self.diverged_at, shown), shown, self.steps.get(shown).map(|s| &s.update[..]))
    }
    pub fn finished_after(&self, shown: usize) -> bool {
        self.stop_after(shown).is_some()
    }

    /// Takes one step from the current point with `step_fn(x, ∇f(x)) → update`; returns
    /// false (and takes nothing) once the run has diverged.
    pub fn advance(&mut self, f: Fn2d, lr: f64, step_fn: impl FnOnce([f64; 2], [f64; 2]) -> [f64; 2]) -> bool {
        if self.diverged() {
            return false;
        }
        let at = At2d::of(f, self.last());
        let update = step_fn(at.x, at.grad);
        let x_next = [at.x[0] + update[0], at.x[1] + update[1]];
        let t = self.steps.len();
        let loss = f.f(x_next);
        self.steps.push(Step2d { step: t, lr, at, update, x_next });
        self.points.push(x_next);
        self.losses.push(loss);
        if escaped(x_next[0]) || escaped(x_next[1]) || !loss.is_finite() {
            self.diverged_at = Some(t);
        }
        true
    }
}

