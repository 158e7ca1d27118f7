//! §1, "the learning cycle": learning is finding the weights that minimize the loss, shown as
//! descent on a landscape with two valleys. Two starts, one on each side of the hill of
//! f(x) = x⁴ − 3x² + x, end in different valleys: the gradient only sees the slope where it is.

use super::descent;
use super::gd::Table;
use super::surface::Fn1d;
use serde::Serialize;

pub const LANDSCAPE: Fn1d = Fn1d::TwoMinima;
/// The first start is drawn on the curve; both are listed beside it.
pub const STARTS: [f64; 2] = [-2.0, 1.9];
pub const LR: f64 = 0.02;
pub const STEPS: usize = 40;

/// Where one start's descent ends.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CycleEnd {
    pub x0: f64,
    pub steps: usize,
    pub x: f64,
    pub f: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CycleShown {
    pub ends: Vec<CycleEnd>,
    /// Every iterate of both runs: start, step, x, f(x).
    pub csv: Table,
}

pub fn shown() -> CycleShown {
    let mut ends = Vec::new();
    let mut rows = Vec::new();
    for x0 in STARTS {
        let run = descent::descend_fn1d(LANDSCAPE, x0, LR, STEPS);
        rows.extend(run.xs.iter().zip(&run.fs).enumerate().map(|(k, (&x, &f))| vec![x0, k as f64, x, f]));
        ends.push(CycleEnd { x0, steps: STEPS, x: run.last_x(), f: *run.fs.last().expect("a run holds its start") });
    }
    CycleShown { ends, csv: Table::new(&["start", "step", "x", "f(x)"], rows) }
}
