//! "Watch it learn": what the training view shows of the network while it trains — a fixed
//! sample of test digits with the network's current reading of each, and the first layer's
//! weights as pictures (the idea of ConvNetJS's MNIST demo).
//!
//! The sample is chosen by a rule, not at random, so every run shows the same digits and two
//! runs can be compared digit by digit. Pictures are RGBA bytes the page puts on canvases as
//! they are.

use crate::data::Dataset;
use crate::nn::loss::softmax;
use crate::nn::TwoLayerNet;
use serde::Serialize;

/// Test digits in the grid.
pub const WATCH_DIGITS: usize = 50;
/// Hidden units whose weights are pictured (fewer when the network has fewer).
pub const WEIGHT_PICTURES: usize = 12;

/// Ink on paper: pixel 0 (no ink) is white, 255 black.
const PAPER: u8 = 255;
/// The diverging colour map of the weight pictures: most negative, 0, most positive
/// (ColorBrewer's RdBu ends and a light grey middle).
pub const NEGATIVE: [u8; 3] = [178, 24, 43];
pub const MIDDLE: [u8; 3] = [247, 247, 247];
pub const POSITIVE: [u8; 3] = [33, 102, 172];

/// The fixed sample: walking the test set from its first image, the first `count / classes`
/// (rounded up) images of each class, then — if some class is short — the earliest images
/// not taken yet; ordered by class, then by position, so the grid reads 0 0 0 0 0 1 1 …
/// With MNIST's 10,000 test images every class fills its five places within the first
/// chunk (the first 1000 images).
pub fn fixed_sample(labels: &[u8], count: usize, classes: usize) -> Vec<usize> {
    let count = count.min(labels.len());
    let quota = count.div_ceil(classes.max(1));
    let mut taken = vec![0usize; classes.max(1)];
    let mut chosen: Vec<usize> = Vec::with_capacity(count);
    for (i, &label) in labels.iter().enumerate() {
        if chosen.len() == count {
            break;
        }
        if let Some(n) = taken.get_mut(label as usize) {
            if *n < quota {
                *n += 1;
                chosen.push(i);
            }
        }
    }
    let mut next = 0;
    while chosen.len() < count {
        if !chosen.contains(&next) {
            chosen.push(next);
        }
        next += 1;
    }
    crate::order::sorted_by(&chosen, &|&a, &b| (labels[a], a).cmp(&(labels[b], b)))
}

/// The digits of the sample as the page draws them: `side × side` RGBA pictures one after
/// the other (dark ink on white), with their true labels.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WatchSample {
    /// Positions in the test set.
    pub indices: Vec<usize>,
    pub labels: Vec<u8>,
    pub width: usize,
    pub height: usize,
    /// indices.len() pictures of width × height × 4 bytes.
    #[serde(serialize_with = "as_bytes")]
    pub rgba: Vec<u8>,
}

impl WatchSample {
    pub fn of(test: &Dataset) -> WatchSample {
        let indices = fixed_sample(test.labels(), WATCH_DIGITS, crate::data::dataset::CLASSES);
        let labels = indices.iter().map(|&i| test.label(i)).collect();
        let rgba = indices
            .iter()
            .flat_map(|&i| test.image(i).iter().flat_map(|&p| [PAPER - p, PAPER - p, PAPER - p, 255]))
            .collect();
        WatchSample { indices, labels, width: test.cols(), height: test.rows(), rgba }
    }
}

/// Pictures cross to JavaScript as one byte array (a Uint8Array), not 150,000 numbers.
fn as_bytes<S: serde::Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_bytes(bytes)
}

/// How the network reads the sample at one moment of the run.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WatchReading {
    /// The iteration the weights are from (0: untrained).
    pub iteration: usize,
    /// The class with the highest score, per digit.
    pub guesses: Vec<u8>,
    /// Softmax of the scores: `classes` numbers per digit, digit after digit.
    pub probabilities: Vec<f32>,
    pub classes: usize,
    /// Per digit, whether its guess is its label.
    pub right: Vec<bool>,
    /// Digits whose guess is their label, and the others.
    pub correct: usize,
    pub wrong: usize,
    /// The first `weight_count` hidden units' weights, each a `width × height` RGBA picture.
    pub weight_count: usize,
    /// The pictured units' numbers as the page names them, counted from 1 (1, 2, …, weight_count).
    pub weight_units: Vec<usize>,
    #[serde(serialize_with = "as_bytes")]
    pub weights_rgba: Vec<u8>,
}

/// How many weight pictures a reading of a network with `hidden` units shows (when its inputs
/// are the images' pixels): the first WEIGHT_PICTURES units, or all of a smaller layer.
pub fn weight_count(hidden: usize) -> usize {
    WEIGHT_PICTURES.min(hidden)
}

impl WatchReading {
    /// Reads the sample `indices` of `test` with `net`, pixels × `scale` as in training.
    pub fn of(net: &TwoLayerNet<f32>, test: &Dataset, indices: &[usize], scale: f64, iteration: usize) -> WatchReading {
        // x: (digits, pixels) → scores: (digits, classes)
        let scores = net.predict(&test.inputs_scaled::<f32>(indices, scale));
        let probabilities: Vec<f32> = softmax(&scores).transpose().iter().copied().collect(); // row by row
        let guesses: Vec<u8> = scores.row_iter().map(|row| row.transpose().imax() as u8).collect();
        let right: Vec<bool> = guesses.iter().zip(indices).map(|(&g, &i)| g == test.label(i)).collect();
        let correct = right.iter().filter(|&&r| r).count();
        let wrong = right.len() - correct;
        let pixels = test.rows() * test.cols();
        let (weight_count, weights_rgba) =
            if net.input_size() == pixels { (weight_count(net.hidden_size()), weight_pictures(net, WEIGHT_PICTURES)) } else { (0, Vec::new()) };
        let weight_units = (1..=weight_count).collect();
        WatchReading { iteration, guesses, probabilities, classes: scores.ncols(), right, correct, wrong, weight_count, weight_units, weights_rgba }
    }
}

/// The first `units` columns of W1 (input, hidden) as pictures of the input's shape, one after
/// the other: each weight on the diverging map, scaled by its own picture's largest |w| so a
/// unit with small weights still shows its pattern.
pub fn weight_pictures(net: &TwoLayerNet<f32>, units: usize) -> Vec<u8> {
    let w = &net.affine1.w;
    let units = units.min(w.ncols());
    let mut rgba = Vec::with_capacity(units * w.nrows() * 4);
    for unit in 0..units {
        let column = w.column(unit);
        let largest = column.iter().fold(0f32, |m, v| m.max(v.abs()));
        for &v in column.iter() {
            let [r, g, b] = diverging(if largest > 0.0 { v / largest } else { 0.0 });
            rgba.extend_from_slice(&[r, g, b, 255]);
        }
    }
    rgba
}

/// A value in [-1, 1] on the diverging map: -1 → NEGATIVE, 0 → MIDDLE, 1 → POSITIVE.
pub fn diverging(v: f32) -> [u8; 3] {
    let v = v.clamp(-1.0, 1.0);
    let end = if v < 0.0 { NEGATIVE } else { POSITIVE };
    let t = v.abs();
    std::array::from_fn(|c| (MIDDLE[c] as f32 + t * (end[c] as f32 - MIDDLE[c] as f32)).round() as u8)
}
