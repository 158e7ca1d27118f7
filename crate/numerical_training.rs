//! Training with the numerical gradient, as the chapter's own `TwoLayerNet.numerical_gradient`
//! does (section 4.5), beside the same training with backpropagation: two copies of one
//! network, the same mini-batches, the same SGD rate; only the way the gradient is computed
//! differs. The numerical side advances a few parameters at a time (NumericalGradientJob), so
//! a worker can show progress; each finished gradient is one SGD step of both copies.

use crate::data::{Dataset, Sampler, SamplerKind};
use crate::gradcheck::NumericalGradientJob;
use crate::nn::{ActivationKind, Optimizer, Sgd, TwoLayerNet, WeightInit};
use crate::rng::Rng;
use nalgebra::DMatrix;

/// The central difference's h, as in the book.
pub const H: f64 = 1e-4;

/// One step's mini-batch: (batch, input) pixels in [0, 1] and one-hot targets.
struct Batch {
    x: DMatrix<f64>,
    t: DMatrix<f64>,
}

pub struct NumericalTraining {
    /// Updated with the numerical gradient.
    numerical: TwoLayerNet<f64>,
    /// The same network, updated with backpropagation.
    backprop: TwoLayerNet<f64>,
    data: Dataset,
    sampler: Sampler,
    rng: Rng,
    sgd: Sgd,
    steps: usize,
    batch: Batch,
    job: NumericalGradientJob<f64>,
    /// All the run's images at once, to measure the training loss after each step.
    all: Batch,
    steps_done: usize,
    /// Losses not yet taken (`take_losses`), from step `first_untaken` on: (numerical copy,
    /// backprop copy) on all the run's images, at the start and after each step. A
    /// mini-batch's own loss would jump from batch to batch. As with `train::Trainer`, the
    /// run's history is kept by the page (`charts::History`), which gets these as deltas.
    untaken: Vec<(f64, f64)>,
    first_untaken: usize,
    /// Largest |numerical − backprop| loss over the steps so far (None before the first step).
    /// Kept here in f64: the gap is about 1e-9 while `charts::History` keeps losses in f32,
    /// whose spacing near a loss of 2.3 is 2.4e-7.
    gap: Option<f64>,
}

impl NumericalTraining {
    /// A 784-`hidden`-10 sigmoid net (the book's init, std 0.01) on the first `images` of
    /// `data`, trained for `steps` SGD steps of `batch` images at rate `lr`.
    pub fn new(data: &Dataset, images: usize, hidden: usize, batch: usize, lr: f64, steps: usize, seed: u64) -> Self {
        let data = data.take(images.clamp(1, data.len().max(1)));
        let mut rng = Rng::new(seed);
        let net = TwoLayerNet::new(data.pixel_count(), hidden, 10, ActivationKind::Sigmoid, WeightInit::Std(crate::nn::init::BOOK_STD), &mut rng);
        let mut sampler = Sampler::new(SamplerKind::Choice, data.labels(), batch);
        let batch = next_batch(&data, &mut sampler, &mut rng);
        let job = NumericalGradientJob::new(&net, H);
        let everything: Vec<usize> = (0..data.len()).collect();
        let all = Batch { x: data.inputs(&everything), t: data.one_hot(&everything) };
        let start = net.loss(&all.x, &all.t);
        NumericalTraining {
            backprop: net.clone(),
            numerical: net,
            data,
            sampler,
            rng,
            sgd: Sgd { lr },
            steps,
            batch,
            job,
            all,
            steps_done: 0,
            untaken: vec![(start, start)],
            first_untaken: 0,
            gap: None,
        }
    }

    /// Parameters of the network: the loss is evaluated twice per parameter per step.
    pub fn parameter_count(&self) -> usize {
        self.numerical.parameter_count()
    }
    pub fn steps(&self) -> usize {
        self.steps
    }
    pub fn steps_done(&self) -> usize {
        self.steps_done
    }
    pub fn finished(&self) -> bool {
        self.steps_done >= self.steps
    }
    /// Parameters differentiated so far in the current step.
    pub fn step_progress(&self) -> usize {
        self.job.done()
    }
    /// The (numerical, backprop) losses on all the run's images not taken yet (the order of
    /// `RUN_KEYS`): the one at the start (step 0), then one after each step.
    pub fn take_losses(&mut self) -> Vec<(f64, f64)> {
        self.first_untaken += self.untaken.len();
        std::mem::take(&mut self.untaken)
    }
    /// The step of the first loss `take_losses` would return now (0: the start).
    pub fn first_untaken_step(&self) -> usize {
        self.first_untaken
    }
    /// Largest |numerical loss − backprop loss| after any step so far (None before the first).
    pub fn gap(&self) -> Option<f64> {
        self.gap
    }
    /// Largest |numerical − backprop| weight difference between the two copies now.
    pub fn max_weight_difference(&self) -> f64 {
        let pairs = self.numerical.params().into_iter().zip(self.backprop.params());
        pairs.map(|(a, b)| (a - b).abs().max()).fold(0.0, f64::max)
    }

    /// Differentiates up to `count` more parameters; when the gradient is complete, both copies
    /// take their SGD step on this batch and the next batch is drawn. Returns steps finished.
    pub fn advance(&mut self, count: usize) -> usize {
        if self.finished() {
            return self.steps_done();
        }
        self.job.advance(&mut self.numerical, &self.batch.x, &self.batch.t, count);
        if self.job.finished() {
            self.finish_step();
        }
        self.steps_done()
    }

    fn finish_step(&mut self) {
        let Batch { x, t } = &self.batch;
        let numerical_grads = self.job.result();
        self.sgd.update(&mut self.numerical.params_mut(), &numerical_grads.as_array());
        let (_, backprop_grads) = self.backprop.gradient(x, t);
        self.sgd.update(&mut self.backprop.params_mut(), &backprop_grads.as_array());
        let loss_on_all = |net: &TwoLayerNet<f64>| net.loss(&self.all.x, &self.all.t);
        let (numerical, backprop) = (loss_on_all(&self.numerical), loss_on_all(&self.backprop));
        self.untaken.push((numerical, backprop));
        self.gap = Some(self.gap.unwrap_or(0.0).max((numerical - backprop).abs()));
        self.steps_done += 1;
        self.batch = next_batch(&self.data, &mut self.sampler, &mut self.rng);
        self.job = NumericalGradientJob::new(&self.numerical, H);
    }
}

fn next_batch(data: &Dataset, sampler: &mut Sampler, rng: &mut Rng) -> Batch {
    let mut indices = Vec::new();
    sampler.next_batch(rng, &mut indices);
    Batch { x: data.inputs(&indices), t: data.one_hot(&indices) }
}

/// How many times longer one numerical-gradient step of network `to` on batches of
/// `to_batch` takes than one of `from` on `from_batch`: two forward passes per parameter, each
/// costing about batch × (input·hidden + hidden·output) multiply-adds.
pub fn numerical_step_cost_ratio(from: [usize; 3], from_batch: usize, to: [usize; 3], to_batch: usize) -> f64 {
    let params = |[i, h, o]: [usize; 3]| (i * h + h + h * o + o) as f64;
    let forward = |[i, h, o]: [usize; 3], b: usize| (b * (i * h + h * o)) as f64;
    (params(to) * forward(to, to_batch)) / (params(from) * forward(from, from_batch))
}

/// The lesson's run: small enough that a few dozen numerical steps take seconds, not hours.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Setup {
    pub images: usize,
    pub hidden: usize,
    pub batch: usize,
    pub lr: f64,
    pub steps: usize,
}

/// 784-10-10 on 100 MNIST images, batches of 10, η = 1 (large enough for the loss on the
/// 100 images to fall visibly within 20 steps from the book's std-0.01 start).
pub const LESSON: Setup = Setup { images: 100, hidden: 10, batch: 10, lr: 1.0, steps: 20 };

/// Seed of the lesson's run: every run starts from the same network and draws the same batches.
pub const LESSON_SEED: u32 = 42;

/// The book's setup that the lesson projects to: 784-50-10, batches of 100, 10,000 iterations.
pub const BOOK: Setup = Setup { images: 60_000, hidden: 50, batch: 100, lr: 0.1, steps: 10_000 };

/// The time the book's whole training would take with the numerical gradient, given the
/// measured seconds of one lesson step.
pub fn projected_book_seconds(lesson_seconds_per_step: f64) -> f64 {
    let ratio = numerical_step_cost_ratio([784, LESSON.hidden, 10], LESSON.batch, [784, BOOK.hidden, 10], BOOK.batch);
    lesson_seconds_per_step * ratio * BOOK.steps as f64
}

impl NumericalTraining {
    /// The lesson's run (`LESSON`) on `data`.
    pub fn lesson(data: &Dataset, seed: u64) -> Self {
        let s = LESSON;
        NumericalTraining::new(data, s.images, s.hidden, s.batch, s.lr, s.steps, seed)
    }
}

/// One report of the worker on the run (`numericalTrainingReadout`'s options): `steps_done` of
/// `steps` steps, `step_progress` of `parameter_count` partial derivatives into the next, after
/// `ms` milliseconds; `gap` as `NumericalTraining::gap`.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub steps_done: usize,
    pub steps: usize,
    pub step_progress: usize,
    pub parameter_count: usize,
    pub ms: f64,
    #[serde(default)]
    pub gap: Option<f64>,
}

/// What the page shows of a run in progress, from one report of the worker.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Readout {
    /// Share of the whole run done: finished steps plus the share of the current gradient.
    pub fraction: f64,
    /// The step being computed, 1-based (the last one once finished).
    pub step: usize,
    /// Measured milliseconds per numerical step (None before the first step ends).
    pub ms_per_step: Option<f64>,
    /// The book's whole training at that speed, in milliseconds (`projected_book_seconds`).
    pub book_ms: Option<f64>,
    /// Largest |numerical loss − backprop loss| over the steps so far (None before a step).
    pub gap: Option<f64>,
}

pub fn readout(r: &Report) -> Readout {
    let within = r.step_progress as f64 / r.parameter_count.max(1) as f64;
    let ms_per_step = (r.steps_done > 0).then(|| r.ms / r.steps_done as f64);
    Readout {
        fraction: ((r.steps_done as f64 + within) / r.steps.max(1) as f64).min(1.0),
        step: (r.steps_done + 1).min(r.steps),
        ms_per_step,
        book_ms: ms_per_step.map(|ms| 1000.0 * projected_book_seconds(ms / 1000.0)),
        gap: r.gap,
    }
}

/// The lesson's setup and the book's, for the sentences above the run.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Setups {
    pub lesson: Setup,
    /// Seed of the lesson's run (its network and its batches).
    pub seed: u32,
    /// Parameters of the lesson's network (784·hidden + hidden + hidden·10 + 10).
    pub parameters: usize,
    pub book: Setup,
    /// The two runs' keys, in the order of each pair of `take_losses` (the chart's runs).
    pub runs: [&'static str; 2],
}

/// The keys of the two copies' runs: numerical gradients, backpropagation (`take_losses`' pair order).
pub const RUN_KEYS: [&str; 2] = ["numerical", "backprop"];

pub fn setups() -> Setups {
    Setups { lesson: LESSON, seed: LESSON_SEED, parameters: crate::gradcheck::mnist_parameter_count(LESSON.hidden), book: BOOK, runs: RUN_KEYS }
}
