//! The Trainer's f32 step without allocations: the same forward and backward pass as
//! `TwoLayerNet::gradient` (Affine → activation → Affine → softmax with cross-entropy), on
//! buffers sized once and through the products of `kernels`. The readable layers remain the
//! lesson and the reference: tests/fast_step.rs checks that both give the same loss curve.
//!
//! The two large products (x·W1 and xᵀ·dZ1, 100×784×50 each in the book's setup) skip the
//! input's zero pixels (`kernels::SparseRows`): about four fifths of MNIST's pixels are 0, and
//! 0·w adds nothing, so the sums are the same with a fifth of the work.
//!
//! Covers cross-entropy with either activation; the Trainer keeps the readable path for the
//! lesson features it does not (injected bugs, the squared-error loss).

use super::kernels::{column_sums, gemm_nn, gemm_nt_bias, gemm_tn, nonlinearity_backward, softmax_cross_entropy, sparse_affine, sparse_times_dense_column_major, transpose, Nonlinearity, SparseRows, SPARSE_PAD as PAD};
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
    /// The pixel scale `x` and `xt` convert with (their value tables).
    scale: f64,
    /// The gathered images' nonzero inputs, row by row (x), and pixel by pixel (xᵀ).
    x: SparseRows,
    xt: SparseRows,
    /// W1 row-major (input × hidden), refreshed each step from the net's column-major W1; LANES
    /// floats of padding for the products' last vector.
    w1_rows: Vec<f32>,
    labels: Vec<u8>,
    /// Hidden activations z1 = h(x·W1 + b1); ReLU's backward needs only z1 > 0 (⇔ a1 > 0).
    z1: Vec<f32>,
    /// Scores, then softmax probabilities in place.
    y: Vec<f32>,
    da2: Vec<f32>,
    /// dL/dz1, then dL/da1 in place (plus padding, as `w1_rows`).
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
            scale: f64::NAN,
            x: SparseRows::new(input, [0.0; 256]),
            xt: SparseRows::new(batch, [0.0; 256]),
            w1_rows: vec![0.0; input * hidden + PAD],
            labels: vec![0; batch],
            z1: vec![0.0; batch * hidden],
            y: vec![0.0; batch * output],
            da2: vec![0.0; batch * output],
            dz1: vec![0.0; batch * hidden + PAD],
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
        self.x.clear();
        if scale != self.scale {
            self.x.set_values(pixel_values(scale));
            self.scale = scale;
        }
        for (label, &i) in self.labels.iter_mut().zip(indices) {
            self.x.push_pixels(data.image(i));
            *label = data.label(i);
        }
        self.x.transpose_into(&mut self.xt);
    }

    /// Forward and backward pass on the gathered batch; returns the exact (log-space) mean
    /// cross-entropy, as `TwoLayerNet::gradient` does. Gradients are in `gradients()`.
    pub fn gradient(&mut self, net: &TwoLayerNet<f32>) -> f32 {
        let (n, d, h, k) = (self.batch, self.input, self.hidden, self.output);
        let (w1, b1) = (net.affine1.w.as_slice(), net.affine1.b.as_slice());
        let (w2, b2) = (net.affine2.w.as_slice(), net.affine2.b.as_slice());
        let kind = net.activation.kind();
        // forward: bias and activation applied as each product's results are written
        transpose(d, h, w1, &mut self.w1_rows);
        sparse_affine(&self.x, &self.w1_rows, b1, nonlinearity(kind), &mut self.z1);
        gemm_nt_bias(n, k, h, &self.z1, w2, b2, &mut self.y);
        // softmax with cross-entropy: the loss from the scores in log space, then y and (y − t)/N
        let total = softmax_cross_entropy(&mut self.y, &self.labels, k, &mut self.da2);
        // backward
        gemm_tn(n, h, k, &self.z1, &self.da2, self.grads.w2.as_mut_slice());
        column_sums(n, k, &self.da2, self.grads.b2.as_mut_slice());
        gemm_nn(n, h, k, &self.da2, w2, &mut self.dz1); // W2 column-major = row-major W2ᵀ
        nonlinearity_backward(nonlinearity(kind), &mut self.dz1[..n * h], &self.z1);
        // dW1 = xᵀ·dZ1, one row per pixel, written into the column-major gradient
        sparse_times_dense_column_major(&self.xt, &self.dz1, h, self.grads.w1.as_mut_slice());
        column_sums(n, h, &self.dz1[..n * h], self.grads.b1.as_mut_slice());
        total / n as f32
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

/// Pixel byte → input value (pixels × scale): the same f64 → f32 conversion as
/// `Dataset::inputs_scaled`.
fn pixel_values(scale: f64) -> [f32; 256] {
    std::array::from_fn(|p| (p as f64 * scale) as f32)
}

/// The kernels' name for the hidden layer's activation.
fn nonlinearity(kind: ActivationKind) -> Nonlinearity {
    match kind {
        ActivationKind::Sigmoid => Nonlinearity::Sigmoid,
        ActivationKind::Relu => Nonlinearity::Relu,
    }
}

/// Rows of one evaluation block: its nonzero inputs (about 120 kB for MNIST) stay in the
/// cache between being gathered and being multiplied.
const EVAL_BLOCK: usize = 100;

/// How many of the examples `indices` of `data` (pixels × `scale`) `net` classifies correctly:
/// `TwoLayerNet::correct_count` through the kernels, block by block, with buffers made once per
/// call. Ties go to the lowest class, as there.
pub fn correct_count(net: &TwoLayerNet<f32>, data: &Dataset, indices: &[usize], scale: f64) -> usize {
    let (d, h, k) = (net.input_size(), net.hidden_size(), net.output_size());
    assert_eq!(data.pixel_count(), d, "images of {} pixels, not {}", d, data.pixel_count());
    let rows = indices.len().min(EVAL_BLOCK);
    let (mut x, mut z1, mut scores) = (SparseRows::new(d, pixel_values(scale)), vec![0.0; rows * h], vec![0.0; rows * k]);
    let mut w1_rows = vec![0.0; d * h + PAD];
    transpose(d, h, net.affine1.w.as_slice(), &mut w1_rows);
    let b1 = net.affine1.b.as_slice();
    let (w2, b2) = (net.affine2.w.as_slice(), net.affine2.b.as_slice());
    let mut correct = 0;
    for block in indices.chunks(EVAL_BLOCK) {
        let n = block.len();
        x.clear();
        for &i in block {
            x.push_pixels(data.image(i));
        }
        sparse_affine(&x, &w1_rows, b1, nonlinearity(net.activation.kind()), &mut z1);
        gemm_nt_bias(n, k, h, &z1, w2, b2, &mut scores);
        for (row, &i) in scores.chunks_exact(k).zip(block) {
            let best = (1..k).fold(0, |best, c| if row[c] > row[best] { c } else { best });
            correct += (best == data.label(i) as usize) as usize;
        }
    }
    correct
}
