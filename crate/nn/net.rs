//! The two-layer network of the chapter: Affine → Sigmoid/ReLU → Affine → SoftmaxWithLoss.
//! Sizes are parameters, so the same code serves MNIST (784-50-10) and small lesson nets.

use super::{real, Activation, ActivationKind, Affine, Real, SoftmaxWithLoss, WeightInit};
use crate::rng::Rng;
use nalgebra::DMatrix;

/// Gradients of the loss with respect to each parameter, in the order W1, b1, W2, b2.
#[derive(Debug, Clone, PartialEq)]
pub struct Gradients<T: Real> {
    pub w1: DMatrix<T>,
    pub b1: DMatrix<T>,
    pub w2: DMatrix<T>,
    pub b2: DMatrix<T>,
}

impl<T: Real> Gradients<T> {
    pub const NAMES: [&'static str; 4] = ["W1", "b1", "W2", "b2"];

    pub fn as_array(&self) -> [&DMatrix<T>; 4] {
        [&self.w1, &self.b1, &self.w2, &self.b2]
    }
}

#[derive(Debug, Clone)]
pub struct TwoLayerNet<T: Real> {
    pub affine1: Affine<T>,
    pub activation: Activation<T>,
    pub affine2: Affine<T>,
    last: SoftmaxWithLoss<T>,
}

impl<T: Real> TwoLayerNet<T> {
    pub fn new(
        input: usize,
        hidden: usize,
        output: usize,
        activation: ActivationKind,
        init: WeightInit,
        rng: &mut Rng,
    ) -> Self {
        let w1 = init.weights(input, hidden, rng);
        let w2 = init.weights(hidden, output, rng);
        TwoLayerNet {
            affine1: Affine::new(w1, DMatrix::zeros(1, hidden)),
            activation: Activation::new(activation),
            affine2: Affine::new(w2, DMatrix::zeros(1, output)),
            last: SoftmaxWithLoss::default(),
        }
    }

    /// The same network trained with another loss after its softmax (cross-entropy by default).
    pub fn with_loss(mut self, kind: super::LossKind) -> Self {
        self.last = SoftmaxWithLoss::new(kind);
        self
    }
    pub fn loss_kind(&self) -> super::LossKind {
        self.last.kind
    }

    pub fn input_size(&self) -> usize {
        self.affine1.w.nrows()
    }
    pub fn hidden_size(&self) -> usize {
        self.affine1.w.ncols()
    }
    pub fn output_size(&self) -> usize {
        self.affine2.w.ncols()
    }
    pub fn parameter_count(&self) -> usize {
        self.params().iter().map(|p| p.len()).sum()
    }

    pub fn params(&self) -> [&DMatrix<T>; 4] {
        [&self.affine1.w, &self.affine1.b, &self.affine2.w, &self.affine2.b]
    }
    pub fn params_mut(&mut self) -> [&mut DMatrix<T>; 4] {
        [&mut self.affine1.w, &mut self.affine1.b, &mut self.affine2.w, &mut self.affine2.b]
    }

    /// Class scores before softmax. x: (batch, input) → (batch, output).
    pub fn predict(&self, x: &DMatrix<T>) -> DMatrix<T> {
        let hidden = self.activation.apply(&self.affine1.apply(x));
        self.affine2.apply(&hidden)
    }

    /// Mean loss of the batch (cross-entropy, or the squared error when trained with it).
    /// t: one-hot (batch, output).
    pub fn loss(&self, x: &DMatrix<T>, t: &DMatrix<T>) -> T {
        super::loss::softmax_loss(self.loss_kind(), &self.predict(x), t)
    }

    /// Number of rows of x whose highest score is at their label.
    pub fn correct_count(&self, x: &DMatrix<T>, labels: &[u8]) -> usize {
        let scores = self.predict(x);
        scores.row_iter().zip(labels).filter(|(row, &label)| row.transpose().imax() == label as usize).count()
    }

    /// Fraction of rows of x classified correctly (the book's `accuracy`).
    pub fn accuracy(&self, x: &DMatrix<T>, labels: &[u8]) -> f64 {
        self.correct_count(x, labels) as f64 / labels.len().max(1) as f64
    }

    /// Softmax probabilities of the last `gradient` call's batch: (batch, output).
    pub fn last_output(&self) -> &DMatrix<T> {
        self.last.output()
    }

    /// Backpropagation: returns the batch loss and the gradient of every parameter.
    pub fn gradient(&mut self, x: &DMatrix<T>, t: &DMatrix<T>) -> (T, Gradients<T>) {
        // forward, remembering what each backward needs
        let a1 = self.affine1.forward(x);
        let z1 = self.activation.forward(&a1);
        let a2 = self.affine2.forward(&z1);
        let loss = self.last.forward(&a2, t);
        // backward, in reverse order
        let da2 = self.last.backward();
        let dz1 = self.affine2.backward(&da2);
        let da1 = self.activation.backward(&dz1);
        self.affine1.backward_params(&da1);
        let take = std::mem::take::<DMatrix<T>>;
        let grads = Gradients {
            w1: take(&mut self.affine1.dw),
            b1: take(&mut self.affine1.db),
            w2: take(&mut self.affine2.dw),
            b2: take(&mut self.affine2.db),
        };
        (loss, grads)
    }

    /// Central-difference gradient, (L(θ+h) − L(θ−h)) / 2h for every parameter θ: slow
    /// (two forward passes per parameter) but obviously correct, to check `gradient`.
    pub fn numerical_gradient(&mut self, x: &DMatrix<T>, t: &DMatrix<T>, h: f64) -> Gradients<T> {
        let mut grads: Vec<DMatrix<T>> = self.params().iter().map(|p| DMatrix::zeros(p.nrows(), p.ncols())).collect();
        for (p, grad) in grads.iter_mut().enumerate() {
            for i in 0..grad.len() {
                grad[i] = self.central_difference(x, t, p, i, h);
            }
        }
        let [w1, b1, w2, b2]: [DMatrix<T>; 4] = grads.try_into().expect("four parameters");
        Gradients { w1, b1, w2, b2 }
    }

    /// ∂L/∂θ for the one entry θ = `params()[p][i]`, as (L(θ+h) − L(θ−h)) / 2h; θ is restored.
    pub fn central_difference(&mut self, x: &DMatrix<T>, t: &DMatrix<T>, p: usize, i: usize, h: f64) -> T {
        let h: T = real(h);
        let original = self.params()[p][i];
        self.params_mut()[p][i] = original + h;
        let plus = self.loss(x, t);
        self.params_mut()[p][i] = original - h;
        let minus = self.loss(x, t);
        self.params_mut()[p][i] = original;
        (plus - minus) / (h + h)
    }
}
