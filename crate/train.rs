//! The learning cycle of section 1, run for real: sample a mini-batch → forward → loss →
//! gradient (backprop) → update → repeat, evaluating train and test accuracy once per epoch
//! (epoch = training size / batch size iterations, as in the book).
//!
//! The trainer runs in units of bounded work, so a caller (the web worker) can train in short
//! slices and answer pause or learning-rate changes in between, whatever the configuration: a
//! unit is one step of a small mini-batch, one sub-batch of a big one (the gradient of a step is
//! accumulated over its sub-batches, weighted by their sizes, before the one update), or one
//! block of an evaluation. Memory is then bounded by the sub-batch, not the mini-batch.

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

/// Multiply-adds of one unit of work: about 12 ms at the 5 GMAC/s of a slow laptop's wasm core,
/// so a slice of one unit always leaves the worker free to answer within 200 ms.
const UNIT_MULTIPLY_ADDS: u64 = 60_000_000;
/// At most this many images in one sub-batch (bounds the step's buffers).
const MAX_SUB_BATCH: usize = 1000;
/// Multiply-adds per millisecond of a slow wasm core (5 GMAC/s; the book's step measures about
/// 10 GMAC/s on this project's machines), for the estimate shown before a heavy run.
const MULTIPLY_ADDS_PER_MS: f64 = 5.0e6;
/// Memory a run may use in the worker: above it, a run is refused before it starts.
pub const MEMORY_LIMIT_BYTES: u64 = 1_500_000_000;

/// Multiply-adds of one forward pass of one image through an input-hidden-output network.
fn forward_multiply_adds(input: usize, hidden: usize, output: usize) -> u64 {
    input as u64 * hidden as u64 + hidden as u64 * output as u64
}

/// Images per sub-batch: a forward + backward pass (about 3 forward passes) over them is one
/// unit of work, between 1 and `MAX_SUB_BATCH` images.
pub fn sub_batch_size(input: usize, hidden: usize, output: usize) -> usize {
    let per_image = 3 * forward_multiply_adds(input, hidden, output).max(1);
    ((UNIT_MULTIPLY_ADDS / per_image) as usize).clamp(1, MAX_SUB_BATCH)
}

/// Images per evaluation block: forward passes only, one piece of work.
fn evaluation_block(input: usize, hidden: usize, output: usize) -> usize {
    ((UNIT_MULTIPLY_ADDS / forward_multiply_adds(input, hidden, output).max(1)) as usize).clamp(1, 3 * MAX_SUB_BATCH)
}

/// What a configuration costs, estimated before it runs (shown for heavy runs; a run above
/// `MEMORY_LIMIT_BYTES` is refused).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StepEstimate {
    /// Bytes of the worker's wasm memory the run needs: its images (the worker's copy and the
    /// trainer's), the parameters with their gradients and optimizer state, and one sub-batch.
    pub bytes: u64,
    /// Milliseconds of one training step on a slow core.
    pub ms_per_step: f64,
    /// Milliseconds of one evaluation (training subset and test set).
    pub ms_per_evaluation: f64,
    /// Units of work of one step (sub-batches); 1 when the step is not split.
    pub units_per_step: usize,
}

impl StepEstimate {
    /// For `config` on images of `input` pixels with `test_size` test images. Sizes in u64, so
    /// nothing wraps on 32-bit wasm.
    pub fn of(config: &TrainConfig, input: usize, test_size: usize) -> StepEstimate {
        let output = crate::data::dataset::CLASSES;
        let (hidden, batch) = (config.hidden, config.batch.min(config.subset).max(1));
        let sub = sub_batch_size(input, hidden, output).min(batch);
        let images = (config.subset as u64 + test_size as u64) * input as u64;
        let params = forward_multiply_adds(input, hidden, output) + hidden as u64 + output as u64;
        // net, gradients, accumulated gradients, two optimizer moments (Adam), as f32
        let parameter_bytes = 5 * 4 * params;
        // inputs, hidden activations and their gradient, scores and their gradient, as f32
        let sub_batch_bytes = 4 * sub as u64 * (input as u64 + 2 * hidden as u64 + 2 * output as u64);
        let index_bytes = 8 * (batch as u64 + config.subset as u64);
        let step = 3.0 * batch as f64 * forward_multiply_adds(input, hidden, output) as f64;
        let evaluation = (config.subset + test_size) as f64 * forward_multiply_adds(input, hidden, output) as f64;
        StepEstimate {
            bytes: 2 * images + parameter_bytes + sub_batch_bytes + index_bytes,
            ms_per_step: step / MULTIPLY_ADDS_PER_MS,
            ms_per_evaluation: evaluation / MULTIPLY_ADDS_PER_MS,
            units_per_step: batch.div_ceil(sub),
        }
    }

    /// Before the data is loaded: images as large as the IDX reader accepts
    /// (`idx::MAX_IMAGE_PIXELS`, MNIST's and Fashion-MNIST's 28×28), and `test_size` test
    /// images, or when the page does not know it yet as many as a test set may hold
    /// (`idx::MAX_TEST_IMAGES`): the estimate errs on the heavy side.
    pub fn before_loading(config: &TrainConfig, test_size: Option<usize>) -> StepEstimate {
        use crate::data::idx::{MAX_IMAGE_PIXELS, MAX_TEST_IMAGES};
        StepEstimate::of(config, MAX_IMAGE_PIXELS as usize, test_size.unwrap_or(MAX_TEST_IMAGES as usize))
    }

    /// A step or an evaluation of a second or more: worth telling the learner before Start.
    pub fn heavy(&self) -> bool {
        self.ms_per_step >= 1000.0 || self.ms_per_evaluation >= 1000.0
    }

    /// Whether the run fits in the worker's memory limit.
    pub fn fits(&self) -> bool {
        self.bytes <= MEMORY_LIMIT_BYTES
    }
}

/// A step whose mini-batch is taken in sub-batches: the sums so far.
struct PendingStep {
    lr: f64,
    /// Images of the mini-batch done so far.
    done: usize,
    exact_loss: f64,
    shown_loss: f64,
    /// Σ (sub-batch gradient × its weight); None until the first sub-batch.
    grads: Option<Gradients<f32>>,
}

/// An evaluation in blocks: positions 0..train_size are the training subset, then the test set.
struct PendingEvaluation {
    next: usize,
    train_correct: usize,
    test_correct: usize,
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
    /// Images per sub-batch (a unit of work).
    sub_batch: usize,
    pending_step: Option<PendingStep>,
    pending_evaluation: Option<PendingEvaluation>,
    /// Epoch ends hand out a copy of the weights (`take_snapshot`) instead of evaluating here:
    /// another worker evaluates it (`evaluate_copy`), so training does not wait.
    defer_evaluation: bool,
    snapshot_due: bool,
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
        let estimate = StepEstimate::of(&config, train.pixel_count(), test.len());
        if !estimate.fits() {
            return Err(Error::Config(format!(
                "this run would need about {} MB of memory, more than the {} MB a worker may use; use fewer images or hidden units",
                estimate.bytes / 1_000_000,
                MEMORY_LIMIT_BYTES / 1_000_000
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
        let order: Vec<usize> = if config.sorted_by_class {
            crate::order::order_by(train_size, &|a, b| train.label(a).cmp(&train.label(b)))
        } else {
            (0..train_size).collect()
        };
        let labels: Vec<u8> = order.iter().map(|&i| train.label(i)).collect();
        let sampler = Sampler::new(config.sampler, &labels, config.batch);
        let base_lr = config.learning_rate.clamp(LR_MIN, LR_MAX);
        let sub_batch = sub_batch_size(train.pixel_count(), config.hidden, crate::data::dataset::CLASSES);
        let fast = if config.bug.is_none() { FastStep::new(&net, config.batch.min(sub_batch)) } else { None };
        Ok(Trainer {
            fast,
            readable_grads: None,
            sub_batch,
            pending_step: None,
            pending_evaluation: None,
            defer_evaluation: false,
            snapshot_due: false,
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
    /// All iterations done (and their last evaluation), or diverged.
    pub fn finished(&self) -> bool {
        self.diverged || (self.iteration >= self.config.iterations && self.pending_evaluation.is_none())
    }
    /// Whether an evaluation is under way (the next units measure accuracy).
    pub fn evaluating(&self) -> bool {
        self.pending_evaluation.is_some()
    }
    /// Images per sub-batch: a step on a bigger mini-batch takes several units of work.
    pub fn sub_batch_size(&self) -> usize {
        self.sub_batch
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

    /// One iteration of the learning cycle, with its evaluation if it ends an epoch. Returns
    /// the mini-batch loss.
    pub fn step(&mut self) -> f32 {
        let before = self.iteration;
        while !self.finished() && (self.iteration == before || self.pending_evaluation.is_some()) {
            self.work_unit();
        }
        self.new_losses.last().copied().unwrap_or(f32::NAN)
    }

    /// Runs pieces of work (steps, sub-batches of a big step, blocks of an evaluation) until
    /// `budget` multiply-adds are done or more, at least one piece, stopping early when finished
    /// or diverged. Returns the multiply-adds done. A piece is at most about 60 M multiply-adds,
    /// so the caller's slice overshoots its budget by at most that; multiply-adds measure steps
    /// and evaluations alike, so a caller can size its slices by time.
    pub fn work(&mut self, budget: u64) -> u64 {
        let mut done = 0;
        while (done == 0 || done < budget) && !self.finished() && !self.snapshot_due {
            done += self.work_unit().max(1);
        }
        done
    }

    /// One piece of work; returns its multiply-adds.
    fn work_unit(&mut self) -> u64 {
        let per_image = forward_multiply_adds(self.net.input_size(), self.net.hidden_size(), self.net.output_size());
        if self.pending_evaluation.is_some() {
            per_image * self.evaluate_block() as u64
        } else {
            3 * per_image * self.step_sub_batch() as u64
        }
    }

    /// The next sub-batch of the current step (sampling the mini-batch first if the step is new);
    /// the update comes after the last one. Returns the images it passed forward and backward.
    fn step_sub_batch(&mut self) -> usize {
        let mut pending = match self.pending_step.take() {
            Some(p) => p,
            None => {
                // 1. sample a mini-batch; η(t) for t = iterations done so far
                self.sampler.next_batch(&mut self.rng, &mut self.batch_indices);
                self.batch_indices.iter_mut().for_each(|i| *i = self.order[*i]);
                PendingStep { lr: self.current_learning_rate(), done: 0, exact_loss: 0.0, shown_loss: 0.0, grads: None }
            }
        };
        let batch = self.batch_indices.len();
        let range = pending.done..(pending.done + self.sub_batch).min(batch);
        let whole = range.len() == batch;
        // 2-4. forward, loss, gradient by backpropagation, on this sub-batch
        let (exact_loss, loss) = if self.fast.is_some() { self.fast_gradient(range.clone()) } else { self.readable_gradient(range.clone()) };
        let weight = range.len() as f64 / batch as f64;
        pending.done = range.end;
        pending.exact_loss += weight * exact_loss as f64;
        pending.shown_loss += weight * loss as f64;
        if !whole {
            // the mean over the mini-batch is the size-weighted sum of the sub-batch means; the
            // "no batch division" bug sums instead of averaging, so its parts just add up
            let grad_weight = if self.config.bug == Some(crate::gradcheck::Bug::NoBatchDivision) { 1.0 } else { weight as f32 };
            accumulate(&mut pending.grads, self.step_gradients(), grad_weight);
        }
        let images = range.len();
        if pending.done < batch {
            self.pending_step = Some(pending);
            return images;
        }
        let loss = if whole { loss } else { pending.shown_loss as f32 };
        self.iteration += 1;
        self.new_losses.push(loss);
        if self.loss_exploded(if whole { exact_loss as f64 } else { pending.exact_loss }) {
            self.diverged = true;
            return images;
        }
        // 5. update, at the schedule's rate for this iteration
        self.optimizer.lr = pending.lr;
        let grads = match (&pending.grads, &self.fast) {
            (Some(sum), _) => sum,
            (None, Some(fast)) => fast.gradients(),
            (None, None) => self.readable_grads.as_ref().expect("gradient computed above"),
        };
        self.optimizer.update(&mut self.net.params_mut(), &grads.as_array());
        // evaluate at each epoch end and at the very end
        if self.evaluates_at(self.iteration) {
            if self.defer_evaluation {
                self.snapshot_due = true;
            } else {
                self.pending_evaluation = Some(PendingEvaluation { next: 0, train_correct: 0, test_correct: 0 });
            }
        }
        images
    }

    /// The gradients of the last sub-batch, from whichever path computed them.
    fn step_gradients(&self) -> &Gradients<f32> {
        match &self.fast {
            Some(fast) => fast.gradients(),
            None => self.readable_grads.as_ref().expect("gradient computed above"),
        }
    }

    /// The next block of the pending evaluation; the epoch record once the test set is done.
    /// Returns the images it classified.
    fn evaluate_block(&mut self) -> usize {
        let mut eval = self.pending_evaluation.take().expect("an evaluation is pending");
        let block = evaluation_block(self.net.input_size(), self.net.hidden_size(), self.net.output_size());
        let total = self.train_size + self.test.len();
        let end = (eval.next + block).min(total);
        let start = eval.next;
        let scale = self.pixel_scale();
        if eval.next < self.train_size {
            let end = end.min(self.train_size);
            eval.train_correct += crate::nn::fast::correct_count(&self.net, &self.train, &self.order[eval.next..end], scale);
            eval.next = end;
        } else {
            let indices: Vec<usize> = (eval.next - self.train_size..end - self.train_size).collect();
            eval.test_correct += crate::nn::fast::correct_count(&self.net, &self.test, &indices, scale);
            eval.next = end;
        }
        let images = eval.next - start;
        if eval.next < total {
            self.pending_evaluation = Some(eval);
            return images;
        }
        self.new_epochs.push(EpochRecord {
            iteration: self.iteration,
            epoch: self.iteration as f64 / self.iterations_per_epoch() as f64,
            train_accuracy: eval.train_correct as f64 / self.train_size.max(1) as f64,
            test_accuracy: eval.test_correct as f64 / self.test.len().max(1) as f64,
        });
        images
    }

    /// The readable layers (with the chosen bug, if any): (exact loss, loss shown).
    fn readable_gradient(&mut self, range: std::ops::Range<usize>) -> (f32, f32) {
        let indices = &self.batch_indices[range];
        let x = self.train.inputs_scaled::<f32>(indices, self.pixel_scale());
        let t = self.train.one_hot::<f32>(indices);
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
    fn fast_gradient(&mut self, range: std::ops::Range<usize>) -> (f32, f32) {
        let scale = self.pixel_scale();
        let fast = self.fast.as_mut().expect("fast path chosen");
        if fast.batch_size() != range.len() {
            // a last sub-batch, or a full-batch run on fewer images than the batch size
            *fast = FastStep::new(&self.net, range.len()).expect("covered before");
        }
        fast.gather(&self.train, &self.batch_indices[range], scale);
        let exact_loss = fast.gradient(&self.net);
        (exact_loss, fast.shown_loss(self.config.log_delta))
    }

    /// Chooses the allocation-free step (the default where it applies) or the readable layers,
    /// which compute the same; returns whether the fast step is now used. For the equivalence
    /// test and the benchmark.
    pub fn use_fast_step(&mut self, on: bool) -> bool {
        self.fast = if on && self.config.bug.is_none() { FastStep::new(&self.net, self.config.batch.min(self.sub_batch)) } else { None };
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

    /// Runs up to `steps` iterations (with their evaluations), stopping early when finished or
    /// diverged. Returns how many ran.
    pub fn run(&mut self, steps: usize) -> usize {
        let mut done = 0;
        while done < steps && !self.finished() {
            self.step();
            done += 1;
        }
        done
    }

    /// Epoch ends stop `work` with a snapshot due instead of evaluating (see `take_snapshot`).
    pub fn defer_evaluation(&mut self, on: bool) {
        self.defer_evaluation = on;
    }

    /// Whether an epoch just ended and its weights wait to be taken (work stops until then).
    pub fn snapshot_due(&self) -> bool {
        self.snapshot_due
    }

    /// The weights at the epoch end just reached, for `evaluate_copy`; training goes on.
    pub fn take_snapshot(&mut self) -> Option<TwoLayerNet<f32>> {
        std::mem::take(&mut self.snapshot_due).then(|| self.net.clone())
    }

    /// Sets the images per sub-batch (at least 1), for the test that a step split into
    /// sub-batches equals the one-shot step.
    pub fn set_sub_batch_size(&mut self, images: usize) {
        self.sub_batch = images.max(1);
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

    /// How the network reads the watched test digits now (`watch::fixed_sample` of the test set).
    pub fn watch(&self) -> crate::watch::WatchReading {
        watch_copy(&self.net, &self.config, &self.test, self.iteration)
    }

    /// Test accuracy now (cheaper than `evaluate`, which also measures the training set).
    pub fn evaluate_test_only(&self) -> f64 {
        accuracy_scaled(&self.net, &self.test, &(0..self.test.len()).collect::<Vec<_>>(), self.pixel_scale())
    }

    /// Losses of the steps run since the last call, in order.
    pub fn take_losses(&mut self) -> Vec<f32> {
        std::mem::take(&mut self.new_losses)
    }

    /// The iteration of the first loss `take_losses` would return now: the losses not yet
    /// taken are those of iterations first..=iteration.
    pub fn first_untaken_iteration(&self) -> usize {
        self.iteration + 1 - self.new_losses.len()
    }

    /// The iteration a rate set now applies from: the next step's.
    pub fn next_iteration(&self) -> usize {
        self.iteration + 1
    }

    /// Epoch records made since the last call.
    pub fn take_epochs(&mut self) -> Vec<EpochRecord> {
        std::mem::take(&mut self.new_epochs)
    }
}

/// The epoch record of `net` (a copy of a Trainer's weights taken at `iteration`) for a run of
/// `config` on `train` / `test`: the numbers the Trainer itself would have measured there.
pub fn evaluate_copy(net: &TwoLayerNet<f32>, config: &TrainConfig, train: &Dataset, test: &Dataset, iteration: usize) -> EpochRecord {
    let train_size = config.subset.min(train.len());
    let iterations_per_epoch = (train_size / config.batch.clamp(1, train_size.max(1))).max(1);
    let scale = if config.normalize { 1.0 / 255.0 } else { 1.0 };
    EpochRecord {
        iteration,
        epoch: iteration as f64 / iterations_per_epoch as f64,
        train_accuracy: accuracy_scaled(net, train, &(0..train_size).collect::<Vec<_>>(), scale),
        test_accuracy: accuracy_scaled(net, test, &(0..test.len()).collect::<Vec<_>>(), scale),
    }
}

/// How `net` (a copy of a Trainer's weights taken at `iteration`, for a run of `config`) reads
/// the watched test digits of `test`: what the Trainer's `watch` would have said there.
pub fn watch_copy(net: &TwoLayerNet<f32>, config: &TrainConfig, test: &Dataset, iteration: usize) -> crate::watch::WatchReading {
    use crate::watch::{fixed_sample, WatchReading, WATCH_DIGITS};
    let scale = if config.normalize { 1.0 / 255.0 } else { 1.0 };
    let indices = fixed_sample(test.labels(), WATCH_DIGITS, crate::data::dataset::CLASSES);
    WatchReading::of(net, test, &indices, scale, iteration)
}

/// sum += weight × grads (sum starts at weight × grads).
fn accumulate(sum: &mut Option<Gradients<f32>>, grads: &Gradients<f32>, weight: f32) {
    match sum {
        None => {
            let [w1, b1, w2, b2] = grads.as_array().map(|g| g * weight);
            *sum = Some(Gradients { w1, b1, w2, b2 });
        }
        Some(total) => {
            for (t, g) in [&mut total.w1, &mut total.b1, &mut total.w2, &mut total.b2].into_iter().zip(grads.as_array()) {
                t.zip_apply(g, |a, b| *a += weight * b);
            }
        }
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
