//! The numbers behind the lesson views of sections 2, 3 and 4 of the chapter (issue 3):
//!
//! ```text
//! cycle     §1  learning as descent: two starts on a landscape end in different valleys
//! losses    §2  sum of squared errors vs cross-entropy: worked example, table, gradients
//! surface   §3  the lesson functions f(x), f(x₀, x₁) with exact gradients and Hessians;
//!               grids, contour lines, −∇f arrow fields, critical points and their kind
//! gd        §3  the two gradient-descent views as models: state from a link, the learner's
//!               moves, and everything the page shows for a state
//! lr        §4  the learning-rate view as a model: the rate lab, schedules, optimizer race
//! descent   §3–4 gradient descent runs (one record per step), divergence, the diagnosis of a
//!               learning rate, learning-rate schedules η(t)
//! optim2d   §4  SGD, Momentum, AdaGrad, RMSprop, Adam racing on the 2-D functions
//! curves    §4.3 the shapes of a real learning curve; the mini-batch lesson's rates
//! minibatch §5  timed batch-size runs: seconds per iteration, fastest, slowest, best
//! summary   §4.7–4.10 the training loop with its array shapes, common mistakes, checklist
//! ```
//!
//! Everything here is plain f64 arithmetic with no browser types: `charts::{function1d,
//! contour, series}` draw these numbers and `web::lessons` hands them to JavaScript.
//! Every number a view shows is computed here; none is copied from the seed's tables.

pub mod curves;
pub mod cycle;
pub mod descent;
pub mod facts;
pub mod gd;
pub mod losses;
pub mod lr;
pub mod minibatch;
pub mod optim2d;
pub mod summary;
pub mod surface;

use crate::config::{Key, Spec, Values, LR_MAX, LR_MIN};

/// The URL keys of each lesson view (`#/loss?...`, `#/gd1?...`, `#/gd2?...`, `#/lr?...`), in
/// the table form `config::normalize_query` reads: values from a link are clamped to these
/// ranges and unknown words fall back to the default, as for the training view.
pub const LOSS_KEYS: &[Key] = &[
    // Probability the network gives the correct class (the slider of §2).
    Key { name: "p", spec: Spec::Real { min: losses::P_MIN, max: 1.0, default: 0.1 } },
];

pub const GD1_KEYS: &[Key] = &[
    Key { name: "fn", spec: Spec::Choice { options: surface::Fn1d::NAMES, default: "square" } },
    Key { name: "x0", spec: Spec::Real { min: -4.0, max: 4.0, default: -3.0 } },
    Key { name: "lr", spec: Spec::Real { min: LR_MIN, max: LR_MAX, default: 0.1 } },
    Key { name: "steps", spec: Spec::Int { min: 0, max: 1000, default: 0 } },
];

pub const GD2_KEYS: &[Key] = &[
    Key { name: "fn", spec: Spec::Choice { options: surface::Fn2d::NAMES, default: "bowl" } },
    Key { name: "x0", spec: Spec::Real { min: -10.0, max: 10.0, default: -3.0 } },
    Key { name: "x1", spec: Spec::Real { min: -10.0, max: 10.0, default: 4.0 } },
    Key { name: "lr", spec: Spec::Real { min: LR_MIN, max: LR_MAX, default: 0.1 } },
    Key { name: "steps", spec: Spec::Int { min: 0, max: 1000, default: 0 } },
    Key { name: "opt", spec: Spec::Choice { options: optim2d::OptimizerKind::NAMES, default: "sgd" } },
    // 1: every arrow the same length (direction only); 0: length by |∇f|.
    Key { name: "norm", spec: Spec::Int { min: 0, max: 1, default: 0 } },
];

pub const LR_KEYS: &[Key] = &[
    Key { name: "lr", spec: Spec::Real { min: LR_MIN, max: LR_MAX, default: 0.1 } },
    Key { name: "x0", spec: Spec::Real { min: -4.0, max: 4.0, default: -3.0 } },
    Key { name: "steps", spec: Spec::Int { min: 1, max: 1000, default: 100 } },
    Key { name: "sched", spec: Spec::Choice { options: descent::ScheduleKind::NAMES, default: "constant" } },
    // Step decay: η is multiplied by `gamma` every `every` steps.
    Key { name: "gamma", spec: Spec::Real { min: 0.01, max: 1.0, default: 0.5 } },
    Key { name: "every", spec: Spec::Int { min: 1, max: 1000, default: 20 } },
    // Exponential decay η₀·e^(−kt) and 1/t decay η₀/(1 + kt).
    Key { name: "k", spec: Spec::Real { min: 0.0, max: 1.0, default: 0.05 } },
];

/// `#/minibatch`: the batch-size comparison, the sampler cards and the class-sorted run.
pub const MINIBATCH_KEYS: &[Key] = &[
    Key { name: "subset", spec: Spec::Choice { options: &["1000", "10000"], default: "1000" } },
    Key { name: "epochs", spec: Spec::Int { min: 1, max: 10, default: 3 } },
    Key { name: "act", spec: Spec::Choice { options: &["relu", "sigmoid"], default: "relu" } },
    Key { name: "lr", spec: Spec::Real { min: 0.001, max: 2.0, default: 0.1 } },
    Key { name: "sizes", spec: Spec::Set { options: &["1", "32", "128", "512", "all"], default: "1,32,128,512,all", allow_empty: false } },
    // x axis of the comparison: iterations, epochs or seconds
    Key { name: "x", spec: Spec::Choice { options: &["iter", "epoch", "time"], default: "epoch" } },
    Key { name: "logy", spec: Spec::Int { min: 0, max: 1, default: 1 } },
    Key { name: "sbatch", spec: Spec::Int { min: 10, max: 1000, default: 100 } },
    Key { name: "sseed", spec: Spec::Int { min: 1, max: 99_999, default: 1 } },
    // 1: each batch size trains at η · batch / 100 (linear scaling) instead of one η for all
    Key { name: "scale", spec: Spec::Int { min: 0, max: 1, default: 0 } },
];

/// `#/backprop`: the timing network, the injected bugs, the step-size function, the chain-rule x.
/// The timing starts on the small preset (784-10-10 on 10 images: seconds); the book's
/// (minutes) is one click away, its button saying how long it will take.
pub const BACKPROP_KEYS: &[Key] = &[
    Key { name: "hidden", spec: Spec::Choice { options: &["10", "50"], default: "10" } },
    Key { name: "batch", spec: Spec::Choice { options: &["10", "100"], default: "10" } },
    Key {
        name: "bugs",
        spec: Spec::Set {
            options: &["no-batch-division", "transposed-weight-gradient", "sigmoid-derivative-on-input"],
            default: "",
            allow_empty: true,
        },
    },
    Key { name: "fn", spec: Spec::Choice { options: &["sin", "exp", "cube"], default: "sin" } },
    Key { name: "x", spec: Spec::Real { min: -100.0, max: 100.0, default: 1.0 } },
];

/// `#/summary`: the sizes shown in the flow diagram.
pub const SUMMARY_KEYS: &[Key] = &[
    Key { name: "batch", spec: Spec::Int { min: 1, max: 60_000, default: 100 } },
    Key { name: "hidden", spec: Spec::Int { min: 1, max: 1000, default: 50 } },
];

/// The keys of one lesson view by its route name, or None for an unknown view.
pub fn keys_of(view: &str) -> Option<&'static [Key]> {
    match view {
        "loss" => Some(LOSS_KEYS),
        "gd1" => Some(GD1_KEYS),
        "gd2" => Some(GD2_KEYS),
        "lr" => Some(LR_KEYS),
        "minibatch" => Some(MINIBATCH_KEYS),
        "backprop" => Some(BACKPROP_KEYS),
        "summary" => Some(SUMMARY_KEYS),
        _ => None,
    }
}

/// The keys of one lesson view's controls, in URL order: its table's, and for `#/lr` the race's
/// too (`lr::race_keys`, the 2-D view's keys under the race's names). None for an unknown view.
pub fn control_keys(view: &str) -> Option<Vec<Key>> {
    let mut keys = keys_of(view)?.to_vec();
    if view == "lr" {
        keys.extend(lr::race_keys());
    }
    Some(keys)
}

/// A lesson view's state read from any query: every key of its table, clamped to its range
/// (`config::Values`), then looked up by name.
#[derive(Debug, Clone, PartialEq)]
pub struct LessonQuery {
    values: Values,
}

impl LessonQuery {
    pub fn parse(query: &str, keys: &'static [Key]) -> LessonQuery {
        LessonQuery { values: Values::read(query, keys) }
    }
    /// A choice's word.
    pub fn text(&self, name: &str) -> &'static str {
        self.values.word(name)
    }
    pub fn real(&self, name: &str) -> f64 {
        self.values.real(name)
    }
    pub fn int(&self, name: &str) -> usize {
        self.values.int(name)
    }
    pub fn set(&self, name: &str) -> &[&'static str] {
        self.values.set(name)
    }
}

/// The value at position `p` of a log10 slider (10^p), rounded to 2 significant digits so a
/// link reads 0.1, 0.32, 2 rather than 0.31622776.
pub fn log_slider_value(position: f64) -> f64 {
    let v = 10f64.powf(position);
    format!("{v:.1e}").parse().unwrap_or(v)
}

/// Where `value` sits on a log10 slider (the inverse of `log_slider_value` before rounding).
pub fn log_slider_position(value: f64) -> f64 {
    value.log10()
}
