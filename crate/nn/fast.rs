//! The Trainer's f32 step without allocations: the same forward and backward pass as
//! `TwoLayerNet::gradient` (Affine → activation → Affine → softmax with cross-entropy), on
//! buffers sized once and through the products of `kernels`. The readable layers remain the
//! lesson and the reference: tests/fast_step.rs checks that both give the same loss curve.
//!
//! Covers cross-entropy with either activation; the Trainer keeps the readable path for the
//! lesson features it does not (injected bugs, the squared-error loss).

use super::kernels::{column_sums, gemm_nn, gemm_nt, gemm_tn};
use super::{ActivationKind, Gradients, LossKind, TwoLayerNet};
use crate::data::Dataset;
use nalgebra::DMatrix;

/// Buffers of one mini-batch step; all row-major (batch × width).
#[derive(Debug, Clone)]
pub struct FastStep {
    batch: usize,
    input: usize,
    hidden: usize,
    output: usize,
    /// Pixel value → input value (pixels / 255, or raw), as the readable path converts them.
    lut: [f32; 256],
    scale: f64,
    x: Vec<f32>,
    labels: Vec<u8>,
    /// Hidden activations z1 = h(x·W1 + b1); ReLU's backward needs only z1 > 0 (⇔ a1 > 0).
    z1: Vec<f32>,
    /// Scores, then softmax probabilities in place.
    y: Vec<f32>,
    da2: Vec<f32>,
    /// dL/dz1, then dL/da1 in place.
    dz1: Vec<f32>,
    grads: Gradients<f32>,
}

impl FastStep {
    /// Buffers for `net` and mini-batches of `batch` rows. None for what it does not cover.
    pub fn new(net: &TwoLayerNet<f32>, batch: usize) -> Option<FastStep> {
        if net.loss_kind() != LossKind::CrossEntropy || batch == 0 {
            return None;
        }
        let (input, hidden, output) = (net.input_size(), net.hidden_size(), net.output_size());
        Some(FastStep {
            batch,
            input,
            hidden,
            output,
            lut: [0.0; 256],
            scale: f64::NAN,
            x: vec![0.0; batch * input],
            labels: vec![0; batch],
            z1: vec![0.0; batch * hidden],
            y: vec![0.0; batch * output],
            da2: vec![0.0; batch * output],
            dz1: vec![0.0; batch * hidden],
            grads: Gradients {
                w1: DMatrix::zeros(input, hidden),
                b1: DMatrix::zeros(1, hidden),
                w2: DMatrix::zeros(hidden, output),
                b2: DMatrix::zeros(1, output),
            },
        })
    }

    pub fn batch_size(&self) -> usize {
        self.batch
    }

    /// Copies the images `indices` (exactly `batch` of them) into the input buffer, each pixel
    /// times `scale`, and their labels.
    pub fn gather(&mut self, data: &Dataset, indices: &[usize], scale: f64) {
        assert_eq!(indices.len(), self.batch, "a mini-batch of {} images, not {}", self.batch, indices.len());
        assert_eq!(data.pixel_count(), self.input, "images of {} pixels, not {}", self.input, data.pixel_count());
        if scale != self.scale {
            // the same f64 → f32 conversion as Dataset::inputs_scaled
            self.lut = std::array::from_fn(|p| (p as f64 * scale) as f32);
            self.scale = scale;
        }
        for ((row, label), &i) in self.x.chunks_exact_mut(self.input).zip(&mut self.labels).zip(indices) {
            for (v, &p) in row.iter_mut().zip(data.image(i)) {
                *v = self.lut[p as usize];
            }
            *label = data.label(i);
        }
    }

    /// Forward and backward pass on the gathered batch; returns the exact (log-space) mean
    /// cross-entropy, as `TwoLayerNet::gradient` does. Gradients are in `gradients()`.
    pub fn gradient(&mut self, net: &TwoLayerNet<f32>) -> f32 {
        let (n, d, h, k) = (self.batch, self.input, self.hidden, self.output);
        let (w1, b1) = (net.affine1.w.as_slice(), net.affine1.b.as_slice());
        let (w2, b2) = (net.affine2.w.as_slice(), net.affine2.b.as_slice());
        let kind = net.activation.kind();
        // forward: bias and activation applied as each product's results are written
        match kind {
            ActivationKind::Sigmoid => gemm_nt(n, h, d, &self.x, w1, &mut self.z1, |j, s| 1.0 / (1.0 + (-(s + b1[j])).exp())),
            ActivationKind::Relu => gemm_nt(n, h, d, &self.x, w1, &mut self.z1, |j, s| (s + b1[j]).max(0.0)),
        }
        gemm_nt(n, k, h, &self.z1, w2, &mut self.y, |j, s| s + b2[j]);
        // softmax with cross-entropy: loss from the scores in log space, then y and (y − t)/N
        let batch = n as f32;
        let mut total = 0.0;
        for ((row, da2), &label) in self.y.chunks_exact_mut(k).zip(self.da2.chunks_exact_mut(k)).zip(&self.labels) {
            let max = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            let true_score = row[label as usize] - max;
            row.iter_mut().for_each(|v| *v = (*v - max).exp());
            let sum: f32 = row.iter().sum();
            total -= true_score - sum.ln();
            row.iter_mut().for_each(|v| *v /= sum);
            for (c, (g, &yv)) in da2.iter_mut().zip(row.iter()).enumerate() {
                *g = (yv - if c == label as usize { 1.0 } else { 0.0 }) / batch;
            }
        }
        // backward
        gemm_tn(n, h, k, &self.z1, &self.da2, self.grads.w2.as_mut_slice());
        column_sums(n, k, &self.da2, self.grads.b2.as_mut_slice());
        gemm_nn(n, h, k, &self.da2, w2, &mut self.dz1); // W2 column-major = row-major W2ᵀ
        match kind {
            ActivationKind::Sigmoid => self.dz1.iter_mut().zip(&self.z1).for_each(|(d, &z)| *d = *d * (1.0 - z) * z),
            ActivationKind::Relu => self.dz1.iter_mut().zip(&self.z1).for_each(|(d, &z)| if z <= 0.0 { *d = 0.0 }),
        }
        gemm_tn(n, d, h, &self.x, &self.dz1, self.grads.w1.as_mut_slice());
        column_sums(n, h, &self.dz1, self.grads.b1.as_mut_slice());
        total / batch
    }

    pub fn gradients(&self) -> &Gradients<f32> {
        &self.grads
    }

    /// Softmax probabilities of the last `gradient` call: batch × classes, row-major.
    pub fn probabilities(&self) -> &[f32] {
        &self.y
    }

    /// The loss the learner sees: the book's −(1/N) Σ log(y + δ) at the true class, or without δ
    /// (∞ once a true-class probability underflows to 0).
    pub fn shown_loss(&self, log_delta: bool) -> f32 {
        let delta = if log_delta { super::loss::LOG_DELTA as f32 } else { 0.0 };
        let total: f32 = self.y.chunks_exact(self.output).zip(&self.labels).map(|(row, &l)| -(row[l as usize] + delta).ln()).sum();
        total / self.batch as f32
    }
}

/// Rows of one evaluation block: bounds the buffers (about 3 MB of inputs).
const EVAL_BLOCK: usize = 1000;

/// How many of the examples `indices` of `data` (pixels × `scale`) `net` classifies correctly:
/// `TwoLayerNet::correct_count` through the kernels, block by block, with buffers made once per
/// call. Ties go to the lowest class, as there.
pub fn correct_count(net: &TwoLayerNet<f32>, data: &Dataset, indices: &[usize], scale: f64) -> usize {
    let (d, h, k) = (net.input_size(), net.hidden_size(), net.output_size());
    assert_eq!(data.pixel_count(), d, "images of {} pixels, not {}", d, data.pixel_count());
    let lut: [f32; 256] = std::array::from_fn(|p| (p as f64 * scale) as f32);
    let rows = indices.len().min(EVAL_BLOCK);
    let (mut x, mut z1, mut scores) = (vec![0.0; rows * d], vec![0.0; rows * h], vec![0.0; rows * k]);
    let (w1, b1) = (net.affine1.w.as_slice(), net.affine1.b.as_slice());
    let (w2, b2) = (net.affine2.w.as_slice(), net.affine2.b.as_slice());
    let mut correct = 0;
    for block in indices.chunks(EVAL_BLOCK) {
        let n = block.len();
        for (row, &i) in x.chunks_exact_mut(d).zip(block) {
            for (v, &p) in row.iter_mut().zip(data.image(i)) {
                *v = lut[p as usize];
            }
        }
        match net.activation.kind() {
            ActivationKind::Sigmoid => gemm_nt(n, h, d, &x, w1, &mut z1, |j, s| 1.0 / (1.0 + (-(s + b1[j])).exp())),
            ActivationKind::Relu => gemm_nt(n, h, d, &x, w1, &mut z1, |j, s| (s + b1[j]).max(0.0)),
        }
        gemm_nt(n, k, h, &z1, w2, &mut scores, |j, s| s + b2[j]);
        for (row, &i) in scores.chunks_exact(k).zip(block) {
            let best = (1..k).fold(0, |best, c| if row[c] > row[best] { c } else { best });
            correct += (best == data.label(i) as usize) as usize;
        }
    }
    correct
}
