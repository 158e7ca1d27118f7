//! §1, "the learning cycle": learning is finding the weights that minimize the loss, shown as
//! descent on a landscape with two valleys. Two starts, one on each side of the hill of
//! f(x) = x⁴ − 3x² + x, end in different valleys: the gradient only sees the slope where it is.
//! The learner may add a third start (`#/cycle?x0=0.35`) to see which valley it falls into.

use super::descent::{self, Run1d};
use super::gd::Table;
use super::surface::Fn1d;
use serde::Serialize;

pub const LANDSCAPE: Fn1d = Fn1d::TwoMinima;
/// The two starts always drawn, one on each side of the hill.
pub const STARTS: [f64; 2] = [-2.0, 1.9];
pub const LR: f64 = 0.02;
pub const STEPS: usize = 40;
/// An added start is kept to this many decimals, so a link reads x0=0.35.
const START_DECIMALS: i32 = 2;

/// The stages of one turn of the cycle, in order (their texts are in the locales, by name).
pub const STAGES: [&str; 7] = ["sample", "forward", "loss", "gradient", "update", "repeat", "evaluate"];

/// One stage as the list shows it: its name and its number (from 1).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Stage {
    pub name: &'static str,
    pub number: usize,
}

/// The stages with their numbers.
pub fn stages() -> Vec<Stage> {
    STAGES.iter().enumerate().map(|(i, &name)| Stage { name, number: i + 1 }).collect()
}

/// The stage after the step stages: it starts the next step, from the first step stage.
pub const REPEAT: &str = "repeat";

/// The stages one training step goes through, with their numbers: those before `REPEAT` (the
/// training view's diagram walks them; "repeat" and "evaluate" are drawn apart).
pub fn step_stages() -> Vec<Stage> {
    stages().into_iter().take_while(|s| s.name != REPEAT).collect()
}

/// The Step button's stage after `at` (None: no stage lit yet): the first from none, and the
/// first again after the last, because the cycle repeats.
pub fn next_stage(at: Option<usize>) -> usize {
    at.map_or(0, |i| (i + 1) % STAGES.len())
}

/// The Previous button's stage before `at`: the last from none or from the first.
pub fn previous_stage(at: Option<usize>) -> usize {
    match at {
        Some(i) if i > 0 && i < STAGES.len() => i - 1,
        _ => STAGES.len() - 1,
    }
}

/// Where one start's descent ends.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CycleEnd {
    pub x0: f64,
    pub steps: usize,
    pub x: f64,
    pub f: f64,
    /// The learner's start rather than one of the two fixed ones.
    pub added: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CycleShown {
    /// The canonical query: `x0=…` with the learner's start, empty without one.
    pub query: String,
    pub ends: Vec<CycleEnd>,
    /// Every iterate of every run: start, step, x, f(x).
    pub csv: Table,
}

/// The view's state: the two fixed starts and at most one start the learner added.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cycle {
    pub added: Option<f64>,
}

impl Cycle {
    /// The state of a link: `x0` clamped to the landscape's domain and rounded; anything
    /// unreadable (or no `x0`) means no added start.
    pub fn from_query(query: &str) -> Cycle {
        let query = query.split_once('?').map_or(query, |(_, q)| q);
        let raw = query.split('&').filter_map(|pair| pair.split_once('=')).find(|(k, _)| *k == "x0").map(|(_, v)| v);
        Cycle { added: raw.and_then(|v| v.trim().parse::<f64>().ok()).and_then(Cycle::start) }
    }

    /// The state with the learner's start at x (None if x is not a number).
    pub fn with_start(x: f64) -> Cycle {
        Cycle { added: Cycle::start(x) }
    }

    /// x clamped to the landscape's domain and rounded to `START_DECIMALS`.
    fn start(x: f64) -> Option<f64> {
        let (lo, hi) = LANDSCAPE.domain();
        let unit = 10f64.powi(START_DECIMALS);
        x.is_finite().then(|| ((x.clamp(lo, hi) * unit).round() / unit).clamp(lo, hi))
    }

    pub fn query(&self) -> String {
        self.added.map_or(String::new(), |x| format!("x0={}", crate::config::format_real(x)))
    }

    /// Every start in drawing order: the two fixed ones, then the learner's.
    pub fn starts(&self) -> Vec<(f64, bool)> {
        STARTS.iter().map(|&x| (x, false)).chain(self.added.map(|x| (x, true))).collect()
    }

    /// Each start's run of `STEPS` steps at rate `LR`.
    pub fn runs(&self) -> Vec<(f64, bool, Run1d)> {
        self.starts().into_iter().map(|(x0, added)| (x0, added, descent::descend_fn1d(LANDSCAPE, x0, LR, STEPS))).collect()
    }

    pub fn shown(&self) -> CycleShown {
        let mut ends = Vec::new();
        let mut rows = Vec::new();
        for (x0, added, run) in self.runs() {
            rows.extend(run.xs.iter().zip(&run.fs).enumerate().map(|(k, (&x, &f))| vec![x0, k as f64, x, f]));
            let f = *run.fs.last().expect("a run holds its start");
            ends.push(CycleEnd { x0, steps: STEPS, x: run.last_x(), f, added });
        }
        CycleShown { query: self.query(), ends, csv: Table::new(&["start", "step", "x", "f(x)"], rows) }
    }
}

/// The two fixed starts alone (the view before the learner adds one).
pub fn shown() -> CycleShown {
    Cycle { added: None }.shown()
}
