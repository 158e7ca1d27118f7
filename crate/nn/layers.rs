//! Layers with forward and backward passes, after the book's `common/layers.py`.
//! Shapes: x is (batch, in); every `backward` takes dL/d(out) and returns dL/dx.

use crate::named::named;
use super::loss::LossKind;
use super::{loss, Real};
use nalgebra::DMatrix;

/// out = x·W + b.  W: (in, out), b: (1, out) added to every row.
#[derive(Debug, Clone)]
pub struct Affine<T: Real> {
    pub w: DMatrix<T>,
    pub b: DMatrix<T>,
    pub dw: DMatrix<T>,
    pub db: DMatrix<T>,
    x: DMatrix<T>,
}

impl<T: Real> Affine<T> {
    pub fn new(w: DMatrix<T>, b: DMatrix<T>) -> Self {
        assert_eq!(b.shape(), (1, w.ncols()), "bias must be (1, out)");
        let (dw, db) = (DMatrix::zeros(w.nrows(), w.ncols()), DMatrix::zeros(1, w.ncols()));
        Affine { w, b, dw, db, x: DMatrix::zeros(0, 0) }
    }

    /// x·W + b without remembering x (for inference).
    pub fn apply(&self, x: &DMatrix<T>) -> DMatrix<T> {
        let mut out = x * &self.w;
        for (j, mut col) in out.column_iter_mut().enumerate() {
            col.add_scalar_mut(self.b[(0, j)]);
        }
        out
    }

    pub fn forward(&mut self, x: &DMatrix<T>) -> DMatrix<T> {
        self.x = x.clone();
        self.apply(x)
    }

    /// dW = xᵀ·dout, db = Σ_rows dout, dx = dout·Wᵀ.
    pub fn backward(&mut self, dout: &DMatrix<T>) -> DMatrix<T> {
        self.backward_params(dout);
        dout * self.w.transpose()
    }

    /// dW and db only: the first layer's dx (a gradient for the input pixels) is never used,
    /// and computing it would cost as much as the layer's forward product.
    pub fn backward_params(&mut self, dout: &DMatrix<T>) {
        self.dw = self.x.transpose() * dout;
        self.db = DMatrix::from_iterator(1, dout.ncols(), dout.column_iter().map(|c| c.sum()));
    }
}

/// y = 1 / (1 + e^(−x)); dy/dx = y(1 − y), so backward needs only the output.
#[derive(Debug, Clone)]
pub struct Sigmoid<T: Real> {
    out: DMatrix<T>,
}

impl<T: Real> Sigmoid<T> {
    pub fn apply(x: &DMatrix<T>) -> DMatrix<T> {
        x.map(|v| T::one() / (T::one() + (-v).exp()))
    }
    pub fn forward(&mut self, x: &DMatrix<T>) -> DMatrix<T> {
        self.out = Self::apply(x);
        self.out.clone()
    }
    pub fn backward(&self, dout: &DMatrix<T>) -> DMatrix<T> {
        dout.zip_map(&self.out, |d, y| d * (T::one() - y) * y)
    }
}

/// y = max(0, x); the gradient passes where x > 0 and stops elsewhere.
#[derive(Debug, Clone)]
pub struct Relu<T: Real> {
    x: DMatrix<T>,
}

impl<T: Real> Relu<T> {
    pub fn apply(x: &DMatrix<T>) -> DMatrix<T> {
        x.map(|v| if v > T::zero() { v } else { T::zero() })
    }
    pub fn forward(&mut self, x: &DMatrix<T>) -> DMatrix<T> {
        self.x = x.clone();
        Self::apply(x)
    }
    pub fn backward(&self, dout: &DMatrix<T>) -> DMatrix<T> {
        dout.zip_map(&self.x, |d, x| if x > T::zero() { d } else { T::zero() })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActivationKind {
    Sigmoid,
    Relu,
}

named!(ActivationKind: Sigmoid = "sigmoid", Relu = "relu");

/// The hidden layer's activation, chosen at run time.
#[derive(Debug, Clone)]
pub enum Activation<T: Real> {
    Sigmoid(Sigmoid<T>),
    Relu(Relu<T>),
}

impl<T: Real> Activation<T> {
    pub fn new(kind: ActivationKind) -> Self {
        match kind {
            ActivationKind::Sigmoid => Activation::Sigmoid(Sigmoid { out: DMatrix::zeros(0, 0) }),
            ActivationKind::Relu => Activation::Relu(Relu { x: DMatrix::zeros(0, 0) }),
        }
    }
    pub fn kind(&self) -> ActivationKind {
        match self {
            Activation::Sigmoid(_) => ActivationKind::Sigmoid,
            Activation::Relu(_) => ActivationKind::Relu,
        }
    }
    pub fn apply(&self, x: &DMatrix<T>) -> DMatrix<T> {
        match self {
            Activation::Sigmoid(_) => Sigmoid::apply(x),
            Activation::Relu(_) => Relu::apply(x),
        }
    }
    pub fn forward(&mut self, x: &DMatrix<T>) -> DMatrix<T> {
        match self {
            Activation::Sigmoid(l) => l.forward(x),
            Activation::Relu(l) => l.forward(x),
        }
    }
    pub fn backward(&self, dout: &DMatrix<T>) -> DMatrix<T> {
        match self {
            Activation::Sigmoid(l) => l.backward(dout),
            Activation::Relu(l) => l.backward(dout),
        }
    }
}

/// Softmax followed by a loss: cross-entropy (the book's `SoftmaxWithLoss`, whose gradient is
/// simply (y − t) / batch) or the squared error ½ Σ (y − t)², to compare the two in training.
#[derive(Debug, Clone)]
pub struct SoftmaxWithLoss<T: Real> {
    pub kind: LossKind,
    y: DMatrix<T>,
    t: DMatrix<T>,
}

impl<T: Real> Default for SoftmaxWithLoss<T> {
    fn default() -> Self {
        SoftmaxWithLoss::new(LossKind::CrossEntropy)
    }
}

impl<T: Real> SoftmaxWithLoss<T> {
    pub fn new(kind: LossKind) -> Self {
        SoftmaxWithLoss { kind, y: DMatrix::zeros(0, 0), t: DMatrix::zeros(0, 0) }
    }

    /// x: scores (batch, classes); t: one-hot (batch, classes). Returns the mean loss.
    pub fn forward(&mut self, x: &DMatrix<T>, t: &DMatrix<T>) -> T {
        self.y = loss::softmax(x);
        self.t = t.clone();
        match self.kind {
            LossKind::CrossEntropy => loss::softmax_cross_entropy(x, t),
            LossKind::SquaredError => loss::mean_squared_error(&self.y, t),
        }
    }
    /// The softmax probabilities of the last forward pass: (batch, classes).
    pub fn output(&self) -> &DMatrix<T> {
        &self.y
    }

    pub fn backward(&self) -> DMatrix<T> {
        let batch: T = super::real(self.t.nrows() as f64);
        loss::score_gradient_sum(self.kind, &self.y, &self.t) / batch
    }
}
