//! How the network reads one image, as the "Draw a digit" view shows it: one forward pass
//! (hidden activations → scores → probabilities) and what the view says about it — the guess
//! (or "not sure"), the bar lengths, and the most active hidden units.
//!
//! The view's rules live here, not in JavaScript, so they are tested with the rest of the core.

use crate::nn::loss::softmax;
use crate::nn::{ActivationKind, Affine, TwoLayerNet};
use nalgebra::DMatrix;
use serde::Serialize;

/// Below this top probability the view says "I am not sure" and names the two likeliest digits.
pub const UNSURE_BELOW: f32 = 0.5;
/// How many of the most active hidden units the view outlines on the weight pictures.
pub const MOST_ACTIVE_UNITS: usize = 5;

/// The view's verdict on an image.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "state", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum Guess {
    /// The top class has at least `UNSURE_BELOW` of the probability.
    Sure { digit: usize, probability: f32 },
    /// It has less: the two likeliest classes, most likely first.
    Unsure { first: usize, first_probability: f32, second: usize, second_probability: f32 },
}

impl Guess {
    /// The guess from class probabilities (at least two classes).
    pub fn from_probabilities(probs: &[f32]) -> Guess {
        let order = ranked(probs);
        let (a, b) = (order[0], order[1]);
        if probs[a] >= UNSURE_BELOW {
            Guess::Sure { digit: a, probability: probs[a] }
        } else {
            Guess::Unsure { first: a, first_probability: probs[a], second: b, second_probability: probs[b] }
        }
    }

    /// The class the network ranks first, sure or not.
    pub fn top(&self) -> usize {
        match *self {
            Guess::Sure { digit, .. } => digit,
            Guess::Unsure { first, .. } => first,
        }
    }
}

/// Everything the view shows about one image, from one forward pass.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Reading {
    pub probabilities: Vec<f32>,
    /// The output scores before softmax.
    pub scores: Vec<f32>,
    /// |score| over the largest |score|: the length of each score bar, in [0, 1].
    pub score_levels: Vec<f32>,
    pub hidden: Vec<f32>,
    /// How active each hidden unit looks, in [0, 1]: a sigmoid's output as it is, a ReLU's over
    /// the largest one (a ReLU has no upper bound).
    pub hidden_levels: Vec<f32>,
    /// Up to `MOST_ACTIVE_UNITS` units with an activation above 0, most active first.
    pub most_active: Vec<usize>,
    /// The same units as the page names them: numbered from 1 (#1 is W1's first column).
    pub most_active_numbers: Vec<usize>,
    /// Units that are "on": above `active_above`.
    pub active_count: usize,
    /// The level a unit must pass to count as on: a sigmoid's midpoint 0.5, a ReLU's 0.
    pub active_above: f32,
    pub guess: Guess,
}

impl Reading {
    /// Reads `input` (1 × inputs, pixels in [0, 1]) with `net`.
    pub fn of(net: &TwoLayerNet<f32>, input: &DMatrix<f32>) -> Reading {
        let a1 = affine_one_row(&net.affine1, input.as_slice());
        let hidden = net.activation.apply(&DMatrix::from_row_slice(1, a1.len(), &a1));
        let scores = DMatrix::from_row_slice(1, net.output_size(), &affine_one_row(&net.affine2, hidden.as_slice()));
        let probabilities: Vec<f32> = softmax(&scores).iter().copied().collect();
        let hidden: Vec<f32> = hidden.iter().copied().collect();
        let scores: Vec<f32> = scores.iter().copied().collect();

        let largest_score = scores.iter().fold(1e-6_f32, |m, s| m.max(s.abs()));
        let score_levels = scores.iter().map(|s| s.abs() / largest_score).collect();

        let kind = net.activation.kind();
        let (scale, on_above) = match kind {
            ActivationKind::Sigmoid => (1.0, 0.5),
            ActivationKind::Relu => (hidden.iter().fold(1e-6_f32, |m, &h| m.max(h)), 0.0),
        };
        let hidden_levels = hidden.iter().map(|h| (h / scale).clamp(0.0, 1.0)).collect();
        let most_active: Vec<usize> = ranked(&hidden).into_iter().take(MOST_ACTIVE_UNITS).filter(|&u| hidden[u] > 0.0).collect();
        let most_active_numbers = most_active.iter().map(|u| u + 1).collect();
        let active_count = hidden.iter().filter(|&&h| h > on_above).count();

        Reading {
            guess: Guess::from_probabilities(&probabilities),
            probabilities,
            scores,
            score_levels,
            hidden,
            hidden_levels,
            most_active,
            most_active_numbers,
            active_count,
            active_above: on_above,
        }
    }
}

/// x·W + b for a single row x (1 × in), as `Affine::apply` computes it for a batch: a loop over
/// every weight, so it is a kernel (compiled for speed in the web build).
fn affine_one_row(layer: &Affine<f32>, x: &[f32]) -> Vec<f32> {
    crate::nn::kernels::one_row_affine(x, layer.w.as_slice(), layer.b.as_slice())
}

/// Indices of `values`, largest value first (ties keep index order).
fn ranked(values: &[f32]) -> Vec<usize> {
    crate::order::order_by(values.len(), &|a, b| values[b].total_cmp(&values[a]))
}

/// How the first layer's weight pictures are tiled: as square a grid as the unit count allows,
/// each 28×28 tile magnified by the largest whole `scale` that keeps the grid within `max_width`
/// canvas pixels (a 1-pixel gap per tile).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TileLayout {
    pub units: usize,
    pub cols: usize,
    pub rows: usize,
    pub scale: usize,
    /// Canvas pixels from one tile's left edge to the next (the picture's tile plus its 2-pixel gap).
    pub tile: usize,
}

impl TileLayout {
    pub fn new(units: usize, side: usize, max_width: usize) -> TileLayout {
        let cols = ((units as f64).sqrt().ceil() as usize).max(1);
        let scale = (max_width / (cols * (side + 1))).max(1);
        TileLayout { units, cols, rows: units.div_ceil(cols), scale, tile: side * scale + 2 }
    }
}
