//! The shapes of a learning curve (section 4.3), recognised from a real MNIST run's
//! mini-batch losses and test accuracy: smooth decrease (good), slow decrease (too small a
//! rate), zig-zag (too large, oscillating), stuck at chance (so large that the network
//! collapsed to guessing), climbing or exploding (too large, diverging).

pub use super::descent::Diagnosis;

/// Number of equal stretches the curve is cut into; their mean losses are compared.
const STRETCHES: usize = 10;
/// A curve whose stretch means rise this many times (out of 9 chances) zig-zags.
const RISES_FOR_OSCILLATING: usize = 3;
/// A curve that ends above this fraction of where it started has barely learned.
const TOO_SLOW_RATIO: f64 = 0.5;
/// MNIST's ten digits: guessing gives accuracy 1/10 and cross-entropy ln 10.
const CLASSES: usize = 10;
/// How close (in nats) the last stretches must stay to ln 10 to count as "at chance": a
/// network that has learned anything is well below (0.3 nats after one epoch of a good rate),
/// while a collapsed one wanders only in the third decimal.
const CHANCE_LOSS_TOLERANCE: f64 = 0.05;
/// How many of the last stretches must all sit at chance: one flat stretch could be a pause
/// inside a zig-zag; three (the last 30% of the run) is a network that no longer learns.
const STUCK_STRETCHES: usize = 3;
/// How far above 1/10 the last test accuracy may be and still be chance: MNIST's test digits
/// are not exactly balanced (1 is 11.4% of them), so a network that always answers one digit
/// scores a little above 1/10.
const CHANCE_ACCURACY_MARGIN: f64 = 0.03;

/// The loss and accuracy of a network that guesses: cross-entropy ln 10 (= −log(1/10)) and
/// accuracy 1/10.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Chance {
    pub loss: f64,
    pub accuracy: f64,
}

pub fn chance() -> Chance {
    Chance { loss: (CLASSES as f64).ln(), accuracy: 1.0 / CLASSES as f64 }
}

/// Mean loss of each of the `STRETCHES` stretches (non-finite losses count as +∞).
fn stretch_means(losses: &[f32]) -> Vec<f64> {
    let size = losses.len().div_ceil(STRETCHES).max(1);
    losses
        .chunks(size)
        .map(|c| c.iter().map(|&l| if l.is_finite() { l as f64 } else { f64::INFINITY }).sum::<f64>() / c.len() as f64)
        .collect()
}

/// Whether the curve ended at chance after having left it: its last `STUCK_STRETCHES` stretch
/// means sit at ln 10, some earlier one did not (a curve that never left ln 10 is a rate too
/// small to move, not a collapse), and the last test accuracy, when known, is one in ten.
fn stuck_at_chance(means: &[f64], test_accuracy: Option<f64>) -> bool {
    let chance = chance();
    let at_chance = |m: &f64| (m - chance.loss).abs() <= CHANCE_LOSS_TOLERANCE;
    if means.len() <= STUCK_STRETCHES {
        return false;
    }
    let (before, tail) = means.split_at(means.len() - STUCK_STRETCHES);
    let guessing = test_accuracy.is_none_or(|a| a <= chance.accuracy + CHANCE_ACCURACY_MARGIN);
    tail.iter().all(at_chance) && !before.iter().all(at_chance) && guessing
}

/// The shape of a run's curve. `diverged` is the trainer's verdict (NaN/∞, or the loss
/// average far above its start), which wins over everything else; `test_accuracy` is the
/// run's last one (None before any evaluation).
pub fn diagnose_curve(losses: &[f32], diverged: bool, test_accuracy: Option<f64>) -> Diagnosis {
    let means = stretch_means(losses);
    if diverged || means.iter().any(|m| !m.is_finite()) {
        return Diagnosis::Diverging;
    }
    let (Some(&first), Some(&last)) = (means.first(), means.last()) else {
        return Diagnosis::TooSlow;
    };
    if stuck_at_chance(&means, test_accuracy) {
        return Diagnosis::StuckAtChance;
    }
    if last > first {
        return Diagnosis::Diverging;
    }
    let rises = means.windows(2).filter(|w| w[1] > w[0]).count();
    if rises >= RISES_FOR_OSCILLATING {
        Diagnosis::Oscillating
    } else if last > TOO_SLOW_RATIO * first {
        Diagnosis::TooSlow
    } else {
        Diagnosis::Good
    }
}

/// The rates of the shape runs on MNIST, smallest first: ReLU with He init on 2,000 images,
/// batch 100, 300 iterations, changing only the learning rate. Which shape each gives is the
/// classifier's answer for its run, never written here; `tests/mnist_training.rs` runs them and
/// checks that each shape appears (0.003 too slow, 0.3 good, 1.3 oscillating, 1.5 stuck at
/// chance, 4 diverging, found by running rates from 0.003 to 4).
pub const SHAPE_RATES: [f64; 5] = [0.003, 0.3, 1.3, 1.5, 4.0];

/// The training query of one shape run at learning rate `lr`.
pub fn shape_query(lr: f64) -> String {
    format!("subset=2000&hidden=50&act=relu&init=he&lr={lr}&batch=100&iters=300&seed=3&sampler=choice")
}

/// Cross-entropy against the squared error on MNIST (section 2's claim that cross-entropy
/// learns faster for classification, run rather than argued): the book's network (sigmoid,
/// std 0.01) on 10,000 images, η = 0.1, batch 100, 1,000 iterations, the same seed; only the
/// loss after softmax differs. Checked by `tests/mnist_training.rs`.
pub fn loss_comparison_query(loss: crate::nn::LossKind) -> String {
    format!(
        "subset=10000&hidden=50&act=sigmoid&init=std&lr=0.1&batch=100&iters=1000&seed=3&sampler=choice&loss={}",
        loss.name()
    )
}

/// The batch size that the mini-batch lesson's single η refers to: the book's 100.
pub const REFERENCE_BATCH: usize = 100;

/// The rate a batch of `batch` trains at in the mini-batch lesson: `base` for every size, or,
/// when `scale`, the linear-scaling rule η · batch / 100 (Goyal et al. 2017, "Accurate, Large
/// Minibatch SGD"): a batch k times larger averages away noise and takes a k times larger step.
/// Clamped to the trainer's range of rates.
pub fn batch_learning_rate(base: f64, batch: usize, scale: bool) -> f64 {
    let lr = if scale { base * batch as f64 / REFERENCE_BATCH as f64 } else { base };
    lr.clamp(crate::config::LR_MIN, crate::config::LR_MAX)
}

/// One run of an MNIST lab: the key its messages carry, its training query, and its rate.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LabRun {
    pub key: String,
    pub query: String,
    pub learning_rate: f64,
}

/// The data the lesson labs load: which data set, and how many of its test images measure
/// the test accuracies the labs show (one data chunk: cheap enough to test every epoch). The
/// training images are each lab's own (its `subset`).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LabData {
    pub dataset: &'static str,
    pub test_images: usize,
}

/// Every lesson lab trains and tests on MNIST, tested on its first 1,000 test images.
pub const LAB_DATA: LabData = LabData { dataset: "mnist", test_images: 1000 };

/// The settings a lab's runs share, for the sentence above its controls.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LabSetup {
    pub subset: usize,
    pub hidden: usize,
    pub activation: &'static str,
    pub init: String,
    pub learning_rate: f64,
    pub batch: usize,
    pub iterations: usize,
    pub seed: Option<u32>,
    /// The data the worker loads for the runs (`dataset`, `testImages`).
    #[serde(flatten)]
    pub data: LabData,
}

/// A lab of several runs: what the page sends to the worker and what it shows of the setup
/// (read from the first run's query, the settings the runs share but the one they compare),
/// and the loss and accuracy of guessing, which the shape lab's text names.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Lab {
    pub runs: Vec<LabRun>,
    pub setup: LabSetup,
    pub chance: Chance,
}

impl Lab {
    fn new(runs: Vec<LabRun>) -> Lab {
        let c = crate::config::TrainConfig::from_query(&runs[0].query);
        // The init as the URL names it ("std", "he"), read back from the canonical query.
        let canonical = c.to_query();
        let init = canonical.split('&').find_map(|p| p.strip_prefix("init=")).unwrap_or_default().to_string();
        let setup = LabSetup {
            subset: c.subset,
            hidden: c.hidden,
            activation: c.activation.name(),
            init,
            learning_rate: c.learning_rate,
            batch: c.batch,
            iterations: c.iterations,
            seed: c.seed,
            data: LAB_DATA,
        };
        Lab { runs, setup, chance: chance() }
    }
}

/// The shape runs of section 4.3, keyed by their rate.
pub fn shape_lab() -> Lab {
    Lab::new(SHAPE_RATES.iter().map(|&lr| LabRun { key: lr.to_string(), query: shape_query(lr), learning_rate: lr }).collect())
}

/// The loss comparison of section 2, keyed by the loss ("cee", "sse").
pub fn loss_lab() -> Lab {
    use crate::nn::LossKind;
    Lab::new(
        LossKind::ALL
            .iter()
            .map(|&loss| {
                let query = loss_comparison_query(loss);
                let learning_rate = crate::config::TrainConfig::from_query(&query).learning_rate;
                LabRun { key: loss.name().to_string(), query, learning_rate }
            })
            .collect(),
    )
}

/// A run of the loss comparison has ended for its row and the verdict: it trained all its
/// iterations or was stopped by divergence (a cancelled one has not).
pub fn loss_run_finished(run: &crate::charts::history::Run) -> bool {
    use crate::charts::history::RunState;
    matches!(run.state, RunState::Done | RunState::Diverged)
}

/// The verdict under the loss comparison: the final test accuracy (a fraction) of the run
/// minimising cross-entropy and of the one minimising the squared error, once both have
/// finished (`loss_run_finished`) and been evaluated; the runs are found by their keys.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct LossVerdict {
    pub cee: f64,
    pub sse: f64,
}

pub fn loss_verdict(history: &crate::charts::history::History) -> Option<LossVerdict> {
    use crate::nn::LossKind;
    let accuracy = |loss: LossKind| {
        let run = history.run(loss.name()).filter(|r| loss_run_finished(r))?;
        run.epochs.last().map(|e| e.test_accuracy)
    };
    Some(LossVerdict { cee: accuracy(LossKind::CrossEntropy)?, sse: accuracy(LossKind::SquaredError)? })
}

/// The y range of a lab chart of `values`: the one asked for, else 0 to 100 for test
/// accuracies (percentages: a run near chance is drawn low, not stretched over the chart),
/// else none (fitted to the losses).
pub fn lab_chart_y_range(values: crate::charts::history::Values, asked: Option<(f64, f64)>) -> Option<(f64, f64)> {
    use crate::charts::history::Values;
    asked.or(match values {
        Values::TestAccuracy => Some((0.0, 100.0)),
        Values::TestFraction => Some((0.0, 1.0)),
        Values::Loss => None,
    })
}
