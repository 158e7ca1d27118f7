//! The learning cycle of section 1, run for real: sample a mini-batch → forward → loss →
//! gradient (backprop) → update → repeat, evaluating train and test accuracy once per epoch
//! (epoch = training size / batch size iterations, as in the book).
//!
//! The trainer runs a given number of steps per call, so a caller (the web worker) can train
//! in short slices and answer pause or learning-rate changes in between.

use crate::config::{TrainConfig, LR_MAX, LR_MIN};
use crate::data::{Dataset, Sampler};
use crate::nn::fast::FastStep;
use crate::nn::{Gradients, LossKind, MethodOptimizer, Optimizer, TwoLayerNet};
use crate::rng::Rng;
use crate::Error;
use std::sync::Arc;

/// Accuracy measured at the end of an epoch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EpochRecord {
    pub iteration: usize,
    pub epoch: f64,
    pub train_accuracy: f64,
    pub test_accuracy: f64,
}

/// Divergence test: the moving average of the loss (weight 1/20 for the newest) above this
/// multiple of the first loss means the steps overshoot and the loss is growing, not falling.
/// (Softmax with cross-entropy has bounded gradients, so a too-large rate often makes the
/// loss climb and stay high rather than overflow to NaN; both count as divergence.)
const DIVERGENCE_FACTOR: f64 = 2.0;
const DIVERGENCE_WARMUP: usize = 20;

/// Why a run diverged, as far as its settings tell, so the message names the thing to undo
/// rather than always blaming the learning rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DivergenceCause {
    /// Raw 0…255 pixels (norm=0): the first layer's inputs, and with them its gradient, are up
    /// to 255× the [0, 1] ones, so a rate that suits scaled inputs overshoots.
    UnscaledInputs,
    /// A backprop bug of the mistakes panel is on: the updates follow a wrong gradient.
    BackpropBug,
    /// Nothing else is off: the steps are too large for this loss surface.
    LearningRate,
}

impl DivergenceCause {
    /// The cause a diverged run with `config` is blamed on; a settings mistake comes before
    /// the rate (fixing it lets the same rate work).
    pub fn of(config: &TrainConfig) -> DivergenceCause {
        if !config.normalize {
            DivergenceCause::UnscaledInputs
        } else if config.bug.is_some() {
            DivergenceCause::BackpropBug
        } else {
            DivergenceCause::LearningRate
        }
    }
    /// The name the page's messages are keyed by.
    pub fn name(self) -> &'static str {
        match self {
            DivergenceCause::UnscaledInputs => "unscaled-inputs",
            DivergenceCause::BackpropBug => "backprop-bug",
            DivergenceCause::LearningRate => "learning-rate",
        }
    }
}

pub struct Trainer {
    config: TrainConfig,
    seed: u32,
    net: TwoLayerNet<f32>,
    /// The learning rate the learner set (η₀ of the schedule); the slider changes it.
    base_lr: f64,
    optimizer: MethodOptimizer<f32>,
    sampler: Sampler,
    order: Vec<usize>,
    rng: Rng,
    train: Arc<Dataset>,
    train_size: usize,
    test: Arc<Dataset>,
    iteration: usize,
    diverged: bool,
    first_loss: f64,
    loss_average: f64,
    batch_indices: Vec<usize>,
    /// The allocation-free step, when the configuration is one it covers (see `nn::fast`).
    fast: Option<FastStep>,
    /// The readable path's gradients of the current step.
    readable_grads: Option<Gradients<f32>>,
    new_losses: Vec<f32>,
    new_epochs: Vec<EpochRecord>,
}

impl Trainer {
    /// Uses the first `config.subset` training images and the whole test set.
    pub fn new(config: TrainConfig, train: Arc<Dataset>, test: Arc<Dataset>) -> Result<Self, Error> {
        if train.is_empty() {
            return Err(Error::Config("the training set is empty".into()));
        }
        if test.is_empty() {
            return Err(Error::Config("the test set is empty".into()));
        }
        if train.pixel_count() != test.pixel_count() {
            return Err(Error::Incompatible(format!(
                "training images have {} pixels but test images have {}",
                train.pixel_count(),
                test.pixel_count()
            )));
        }
        let seed = config.seed.unwrap_or_else(Rng::random_seed);
        let mut rng = Rng::new(seed as u64);
        let net = TwoLayerNet::new(
            train.pixel_count(),
            config.hidden,
            crate::data::dataset::CLASSES,
            config.activation,
            config.init,
            &mut rng,
        )
        .with_loss(config.loss);
        let train_size = config.subset.min(train.len());
        // positions the sampler hands out → image indices (sorted by class on request)
        let mut order: Vec<usize> = (0..train_size).collect();
        if config.sorted_by_class {
            order.sort_by_key(|&i| train.label(i));
        }
        let labels: Vec<u8> = order.iter().map(|&i| train.label(i)).collect();
        let sampler = Sampler::new(config.sampler, &labels, config.batch);
        let base_lr = config.learning_rate.clamp(LR_MIN, LR_MAX);
        let fast = if config.bug.is_none() { FastStep::new(&net, config.batch) } else { None };
        Ok(Trainer {
            fast,
            readable_grads: None,
            base_lr,
            optimizer: MethodOptimizer::new(config.optimizer, base_lr),
            config,
            seed,
            net,
            sampler,
            order,
            rng,
            train,
            train_size,
            test,
            iteration: 0,
            diverged: false,
            first_loss: f64::NAN,
            loss_average: f64::NAN,
            batch_indices: Vec::new(),
            new_losses: Vec::new(),
            new_epochs: Vec::new(),
        })
    }

    pub fn config(&self) -> &TrainConfig {
        &self.config
    }
    pub fn net(&self) -> &TwoLayerNet<f32> {
        &self.net
    }
    pub fn seed(&self) -> u32 {
        self.seed
    }
    pub fn iteration(&self) -> usize {
        self.iteration
    }
    pub fn iterations(&self) -> usize {
        self.config.iterations
    }
    pub fn train_size(&self) -> usize {
        self.train_size
    }
    pub fn batch_size(&self) -> usize {
        self.sampler.batch_size()
    }
    /// Iterations per epoch: training size / batch size (at least 1).
    pub fn iterations_per_epoch(&self) -> usize {
        (self.train_size / self.batch_size()).max(1)
    }
    /// Whether the step that brings the count to `iteration` ends with an evaluation: at each
    /// epoch end and at the last iteration.
    fn evaluates_at(&self, iteration: usize) -> bool {
        iteration % self.iterations_per_epoch() == 0 || iteration == self.config.iterations
    }
    /// Steps until the next evaluation, counting the step that evaluates (1: the next step
    /// evaluates); 0 when no iterations are left. The worker cuts its slices here.
    pub fn steps_to_evaluation(&self) -> usize {
        let ipe = self.iterations_per_epoch();
        let epoch_end = (self.iteration / ipe + 1) * ipe;
        epoch_end.min(self.config.iterations).saturating_sub(self.iteration)
    }
    pub fn diverged(&self) -> bool {
        self.diverged
    }
    /// Why the run diverged; None while it has not.
    pub fn divergence_cause(&self) -> Option<DivergenceCause> {
        self.diverged.then(|| DivergenceCause::of(&self.config))
    }
    pub fn finished(&self) -> bool {
        self.diverged || self.iteration >= self.config.iterations
    }
    /// The learning rate the learner set (the schedule starts from it).
    pub fn learning_rate(&self) -> f64 {
        self.base_lr
    }

    /// The rate the next step uses: the schedule's η(t) from the learner's rate.
    pub fn current_learning_rate(&self) -> f64 {
        self.config.schedule_from(self.base_lr).lr(self.iteration)
    }

    /// Sets the learning rate for the next step; returns the (clamped) value applied.
    pub fn set_learning_rate(&mut self, lr: f64) -> f64 {
        if lr.is_finite() {
            self.base_lr = lr.clamp(LR_MIN, LR_MAX);
        }
        self.base_lr
    }

    /// One iteration of the learning cycle. Returns the mini-batch loss.
    pub fn step(&mut self) -> f32 {
        let lr = self.current_learning_rate(); // η(t) for t = iterations done so far
        // 1. sample a mini-batch
        self.sampler.next_batch(&mut self.rng, &mut self.batch_indices);
        self.batch_indices.iter_mut().for_each(|i| *i = self.order[*i]);
        // 2-4. forward, loss, gradient by backpropagation
        let (exact_loss, loss) = if self.fast.is_some() { self.fast_gradient() } else { self.readable_gradient() };
        self.iteration += 1;
        self.new_losses.push(loss);
        if self.loss_exploded(exact_loss as f64) {
            self.diverged = true;
            return loss;
        }
        // 5. update, at the schedule's rate for this iteration
        self.optimizer.lr = lr;
        let grads = match &self.fast {
            Some(fast) => fast.gradients(),
            None => self.readable_grads.as_ref().expect("gradient computed above"),
        };
        self.optimizer.update(&mut self.net.params_mut(), &grads.as_array());
        // evaluate at each epoch end and at the very end
        if self.evaluates_at(self.iteration) {
            let record = self.evaluate();
            self.new_epochs.push(record);
        }
        loss
    }

    /// The readable layers (with the chosen bug, if any): (exact loss, loss shown).
    fn readable_gradient(&mut self) -> (f32, f32) {
        let x = self.train.inputs_scaled::<f32>(&self.batch_indices, self.pixel_scale());
        let t = self.train.one_hot::<f32>(&self.batch_indices);
        let (exact_loss, grads) = match self.config.bug {
            None => self.net.gradient(&x, &t),
            Some(bug) => crate::gradcheck::loss_and_gradient_with_bugs(&self.net, &x, &t, &[bug]),
        };
        self.readable_grads = Some(grads);
        // The loss the learner sees is the book's −Σ t log(y + δ), or without δ (which is ∞ once
        // a true-class probability underflows to 0). It never affects the gradient, so only the
        // exact log-space loss decides whether training has diverged.
        let y = match self.config.bug {
            None => self.net.last_output().clone(),
            Some(_) => crate::nn::loss::softmax(&self.net.predict(&x)),
        };
        let loss = match (self.config.loss, self.config.log_delta) {
            (LossKind::SquaredError, _) => crate::nn::loss::mean_squared_error(&y, &t),
            (LossKind::CrossEntropy, true) => crate::nn::loss::cross_entropy(&y, &t),
            (LossKind::CrossEntropy, false) => crate::nn::loss::cross_entropy_without_delta(&y, &t),
        };
        (exact_loss, loss)
    }

    /// The same computation on the fast step's buffers: (exact loss, loss shown).
    fn fast_gradient(&mut self) -> (f32, f32) {
        let scale = self.pixel_scale();
        let fast = self.fast.as_mut().expect("fast path chosen");
        if fast.batch_size() != self.batch_indices.len() {
            // a full-batch run on fewer images than the batch size: buffers of the real size
            *fast = FastStep::new(&self.net, self.batch_indices.len()).expect("covered before");
        }
        fast.gather(&self.train, &self.batch_indices, scale);
        let exact_loss = fast.gradient(&self.net);
        (exact_loss, fast.shown_loss(self.config.log_delta))
    }

    /// Chooses the allocation-free step (the default where it applies) or the readable layers,
    /// which compute the same; returns whether the fast step is now used. For the equivalence
    /// test and the benchmark.
    pub fn use_fast_step(&mut self, on: bool) -> bool {
        self.fast = if on && self.config.bug.is_none() { FastStep::new(&self.net, self.config.batch) } else { None };
        self.fast.is_some()
    }

    /// True when `loss` is NaN/∞, or the running average has climbed far above the start.
    fn loss_exploded(&mut self, loss: f64) -> bool {
        if !loss.is_finite() {
            return true;
        }
        if self.iteration == 1 {
            self.first_loss = loss;
            self.loss_average = loss;
        }
        self.loss_average = 0.95 * self.loss_average + 0.05 * loss;
        self.iteration > DIVERGENCE_WARMUP && self.loss_average > DIVERGENCE_FACTOR * self.first_loss
    }

    /// Runs up to `steps` iterations, stopping early when finished or diverged. Returns how many ran.
    pub fn run(&mut self, steps: usize) -> usize {
        let mut done = 0;
        while done < steps && !self.finished() {
            self.step();
            done += 1;
        }
        done
    }

    /// 1/255 maps pixels to [0, 1]; 1 leaves them raw (the "not normalized" mistake).
    fn pixel_scale(&self) -> f64 {
        if self.config.normalize { 1.0 / 255.0 } else { 1.0 }
    }

    /// Train (on the training subset) and test accuracy now.
    pub fn evaluate(&self) -> EpochRecord {
        EpochRecord {
            iteration: self.iteration,
            epoch: self.iteration as f64 / self.iterations_per_epoch() as f64,
            train_accuracy: accuracy_scaled(&self.net, &self.train, &self.order, self.pixel_scale()),
            test_accuracy: accuracy_scaled(&self.net, &self.test, &(0..self.test.len()).collect::<Vec<_>>(), self.pixel_scale()),
        }
    }

    /// Test accuracy now (cheaper than `evaluate`, which also measures the training set).
    pub fn evaluate_test_only(&self) -> f64 {
        accuracy_scaled(&self.net, &self.test, &(0..self.test.len()).collect::<Vec<_>>(), self.pixel_scale())
    }

    /// Losses of the steps run since the last call, in order.
    pub fn take_losses(&mut self) -> Vec<f32> {
        std::mem::take(&mut self.new_losses)
    }

    /// Epoch records made since the last call.
    pub fn take_epochs(&mut self) -> Vec<EpochRecord> {
        std::mem::take(&mut self.new_epochs)
    }
}

/// Accuracy of `net` on the first `n` examples of `data` (pixels scaled to [0, 1]).
pub fn accuracy(net: &TwoLayerNet<f32>, data: &Dataset, n: usize) -> f64 {
    accuracy_scaled(net, data, &(0..n.min(data.len())).collect::<Vec<_>>(), 1.0 / 255.0)
}

/// Accuracy on the examples `indices`: `TwoLayerNet::accuracy` through the fast kernels
/// (evaluating 70,000 images each epoch costs about as much as 700 training steps).
pub fn accuracy_scaled(net: &TwoLayerNet<f32>, data: &Dataset, indices: &[usize], scale: f64) -> f64 {
    crate::nn::fast::correct_count(net, data, indices, scale) as f64 / indices.len().max(1) as f64
}
