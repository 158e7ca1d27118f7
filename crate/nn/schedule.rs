//! Learning-rate schedules η(t) (section 4.4): shared by the lesson runs and the MNIST trainer.

use crate::named::named;

/// Which learning-rate schedule (§4.4, step 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScheduleKind {
    Constant,
    Step,
    Exponential,
    InverseTime,
}

named!(ScheduleKind: Constant = "constant", Step = "step", Exponential = "exp", InverseTime = "inv");

impl ScheduleKind {
    /// The training keys (`config::TRAIN_KEYS`) this kind reads besides the rate: the
    /// controls of the others are hidden.
    pub fn parameter_keys(self) -> &'static [&'static str] {
        match self {
            ScheduleKind::Constant => &[],
            ScheduleKind::Step => &["gamma", "every"],
            ScheduleKind::Exponential | ScheduleKind::InverseTime => &["k"],
        }
    }
}

/// The learning rate as a function of the step t = 0, 1, 2, …
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Schedule {
    /// η(t) = η.
    Constant { lr: f64 },
    /// η(t) = η₀·γ^⌊t / every⌋: drops by the factor γ every `every` steps.
    Step { lr0: f64, gamma: f64, every: usize },
    /// η(t) = η₀·e^(−k·t).
    Exponential { lr0: f64, k: f64 },
    /// η(t) = η₀ / (1 + k·t).
    InverseTime { lr0: f64, k: f64 },
}

impl Schedule {
    /// The schedule of `kind` with its parameters (those the kind does not use are ignored).
    pub fn new(kind: ScheduleKind, lr0: f64, gamma: f64, every: usize, k: f64) -> Schedule {
        match kind {
            ScheduleKind::Constant => Schedule::Constant { lr: lr0 },
            ScheduleKind::Step => Schedule::Step { lr0, gamma, every: every.max(1) },
            ScheduleKind::Exponential => Schedule::Exponential { lr0, k },
            ScheduleKind::InverseTime => Schedule::InverseTime { lr0, k },
        }
    }

    pub fn lr(&self, t: usize) -> f64 {
        let t_f = t as f64;
        match *self {
            Schedule::Constant { lr } => lr,
            Schedule::Step { lr0, gamma, every } => lr0 * gamma.powi((t / every.max(1)) as i32),
            Schedule::Exponential { lr0, k } => lr0 * (-k * t_f).exp(),
            Schedule::InverseTime { lr0, k } => lr0 / (1.0 + k * t_f),
        }
    }

    /// η(0), η(1), …, η(n − 1).
    pub fn rates(&self, n: usize) -> Vec<f64> {
        (0..n).map(|t| self.lr(t)).collect()
    }
}
