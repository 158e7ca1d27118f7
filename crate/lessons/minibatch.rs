//! The mini-batch lesson's summaries of its timed runs (section 5): the seconds at each
//! iteration, read off the worker's clock, and which batch size updated fastest, slowest and
//! reached the best test accuracy.

pub use crate::charts::history::seconds_at_iterations;
use crate::charts::history::{History, RunState};
use crate::data::SamplerKind;

/// What one timed run measured: updates done, their milliseconds, and the test accuracy of
/// its last evaluation (None before the first epoch ends).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimedRun {
    pub updates: usize,
    pub ms: f64,
    pub final_accuracy: Option<f64>,
}

impl TimedRun {
    pub fn ms_per_update(&self) -> f64 {
        self.ms / self.updates as f64
    }
}

/// The verdict under the batch-size table: indices into the runs given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchVerdict {
    pub fastest: usize,
    pub slowest: usize,
    /// None when no run has evaluated yet.
    pub best: Option<usize>,
}

/// Fastest and slowest by milliseconds per update, best by final test accuracy, over the
/// finished runs with at least one update; None when fewer than two can be compared. On a tie
/// the later run is fastest or slowest and the earlier one best.
pub fn batch_verdict(runs: &[TimedRun]) -> Option<BatchVerdict> {
    let done: Vec<usize> = (0..runs.len()).filter(|&i| runs[i].updates > 0).collect();
    if done.len() < 2 {
        return None;
    }
    let speed = |i: usize| runs[i].ms_per_update();
    let fastest = done.iter().copied().reduce(|a, b| if speed(a) < speed(b) { a } else { b })?;
    let slowest = done.iter().copied().reduce(|a, b| if speed(a) > speed(b) { a } else { b })?;
    let best = done
        .iter()
        .copied()
        .filter_map(|i| runs[i].final_accuracy.map(|acc| (i, acc)))
        .reduce(|a, b| if b.1 > a.1 { b } else { a })
        .map(|(i, _)| i);
    Some(BatchVerdict { fastest, slowest, best })
}

/// The verdict under the table, naming the runs by their keys.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct NamedVerdict {
    pub fastest: String,
    pub slowest: String,
    pub best: Option<String>,
}

/// The verdict over a history's finished runs (`batch_verdict` of the runs done).
pub fn history_verdict(history: &History) -> Option<NamedVerdict> {
    let done: Vec<_> = history.runs.iter().filter(|r| r.state == RunState::Done && r.iteration() > 0).collect();
    let timed: Vec<TimedRun> = done
        .iter()
        .map(|r| TimedRun { updates: r.iteration(), ms: r.ms(), final_accuracy: r.epochs.last().map(|e| e.test_accuracy) })
        .collect();
    let v = batch_verdict(&timed)?;
    let key = |i: usize| done[i].key.clone();
    Some(NamedVerdict { fastest: key(v.fastest), slowest: key(v.slowest), best: v.best.map(key) })
}

/// Training images in the book's MNIST run, for the "updates per epoch in the book" column.
pub const BOOK_TRAIN_IMAGES: usize = 60_000;
/// Batch size of the class-sorted run (the book's).
pub const BIAS_BATCH: usize = 100;
/// Seed of every timed run, so batch sizes differ only in their batches.
const RUN_SEED: u32 = 42;

/// Updates per epoch for `n` training images and batches of `batch`: n / batch (at least 1),
/// as the trainer counts them (60,000 / 100 = 600).
pub fn iterations_per_epoch(n: usize, batch: usize) -> usize {
    (n / batch.clamp(1, n.max(1))).max(1)
}

/// The weight init that suits an activation: He for ReLU, Xavier for sigmoid.
fn init_for(activation: &str) -> &'static str {
    if activation == "sigmoid" { "xavier" } else { "he" }
}

/// The next sample of the sampler cards ("draw again"): seeds 1 to 99,999, then 1 again.
pub fn next_sampler_seed(seed: u32) -> u32 {
    seed % 99_999 + 1
}

/// One batch size of the comparison: its rate, how many updates an epoch takes here and in
/// the book, and the training query of its run.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SizeRun {
    /// "1", "32", …, or "all" (the whole subset: full-batch gradient descent).
    pub key: String,
    pub batch: usize,
    pub learning_rate: f64,
    pub iterations_per_epoch: usize,
    pub book_iterations_per_epoch: usize,
    pub query: String,
}

/// One run of the class-sorted comparison: "sequential" (in class order) or "shuffle".
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BiasRun {
    pub key: String,
    pub query: String,
}

/// Everything the lesson's runs are made of, from its URL settings (see `plan`).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Plan {
    pub subset: usize,
    pub epochs: usize,
    pub sizes: Vec<SizeRun>,
    pub bias_batch: usize,
    pub bias_iterations_per_epoch: usize,
    pub bias: Vec<BiasRun>,
    /// What the sampler cards are drawn from: the view asks for new cards when this changes.
    pub samplers: SamplerRequest,
    /// The data the worker loads for the runs and the sampler cards (`dataset`, `testImages`).
    #[serde(flatten)]
    pub data: super::curves::LabData,
}

/// The sampler cards' draws: `batch` images at a time from the first `subset`, seeded by `seed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct SamplerRequest {
    pub subset: usize,
    pub batch: usize,
    pub seed: usize,
}

/// The runs of the lesson for its settings `query` (`#/minibatch?…`, normalized here by the
/// view's key table): every chosen batch size trained for `epochs` epochs of the subset with
/// the sampler "choice", and the class-sorted pair at the book's batch of 100.
pub fn plan(query: &str) -> Plan {
    let q = super::LessonQuery::parse(query, super::MINIBATCH_KEYS);
    let subset: usize = q.text("subset").parse().expect("the subset choices are numbers");
    let epochs = q.int("epochs");
    let (act, lr) = (q.text("act"), q.real("lr"));
    let scale = q.int("scale") == 1;
    let run_query = |batch: usize, lr: f64, iters: usize, sampler: &str, sorted: bool| {
        let init = init_for(act);
        let sorted = if sorted { "&sorted=1" } else { "" };
        let data = super::curves::LAB_DATA.dataset;
        // the book's 784-50-10 network, as the lesson's text says ({bookHidden}, lessons::facts)
        let hidden = crate::numerical_training::BOOK.hidden;
        format!("data={data}&subset={subset}&hidden={hidden}&act={act}&init={init}&lr={lr}&batch={batch}&iters={iters}&seed={RUN_SEED}&sampler={sampler}{sorted}")
    };
    let sizes = q
        .set("sizes")
        .iter()
        .map(|&key| {
            let batch = if key == "all" { subset } else { key.parse().unwrap_or(1) };
            let learning_rate = super::curves::batch_learning_rate(lr, batch, scale);
            let ipe = iterations_per_epoch(subset, batch);
            SizeRun {
                key: key.to_string(),
                batch,
                learning_rate,
                iterations_per_epoch: ipe,
                // Full batch in the book too: one update per epoch.
                book_iterations_per_epoch: if key == "all" { 1 } else { iterations_per_epoch(BOOK_TRAIN_IMAGES, batch) },
                query: run_query(batch, learning_rate, epochs * ipe, "choice", false),
            }
        })
        .collect();
    let bias_ipe = iterations_per_epoch(subset, BIAS_BATCH);
    let bias = ["sequential", "shuffle"]
        .iter()
        .map(|&key| BiasRun { key: key.to_string(), query: run_query(BIAS_BATCH, lr, epochs * bias_ipe, key, true) })
        .collect();
    let samplers = SamplerRequest { subset, batch: q.int("sbatch"), seed: q.int("sseed") };
    Plan { subset, epochs, sizes, bias_batch: BIAS_BATCH, bias_iterations_per_epoch: bias_ipe, bias, samplers, data: super::curves::LAB_DATA }
}

/// What one sampler draws from labels: the share of distinct images one epoch saw (0…1), and
/// the class counts of its first batch (classes 0..=9).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct SamplerStats {
    pub coverage: f64,
    pub counts: [usize; 10],
}

/// The statistics of sampler `kind` with batches of `batch` on `labels` (sorted by class
/// first if `sorted`), from a generator seeded with `seed`: the epoch is drawn first, then the
/// first batch, from the same generator.
pub fn sampler_stats(labels: &[u8], kind: crate::data::SamplerKind, batch: usize, sorted: bool, seed: u64) -> SamplerStats {
    use crate::data::batch::{epoch_coverage, first_batch_histogram};
    let labels = if sorted { crate::order::sorted_by(labels, &|a, b| a.cmp(b)) } else { labels.to_vec() };
    let mut rng = crate::rng::Rng::new(seed);
    let coverage = epoch_coverage(kind, &labels, batch, &mut rng);
    SamplerStats { coverage, counts: first_batch_histogram(kind, &labels, batch, &mut rng) }
}

/// What a sampler card draws of one batch: each class's bar height in percent of the tallest.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SamplerCard {
    pub bar_percents: Vec<f64>,
}

pub fn sampler_card(counts: &[f64]) -> SamplerCard {
    let tallest = counts.iter().copied().fold(1.0, f64::max);
    SamplerCard { bar_percents: counts.iter().map(|c| 100.0 * c / tallest).collect() }
}

/// One sampler card's draw: the sampler, and whether it draws from the subset sorted by class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct SamplerDraw {
    pub sampler: &'static str,
    pub sorted: bool,
}

/// The sampler cards' draws, in the order of `SamplerKind::ALL` (the cards' order): every
/// sampler on the subset as stored, but "sequential", which draws from it sorted by class,
/// where taking batches in order shows its bias (one class per batch); as stored, MNIST is
/// already shuffled and in-order batches would look like any other sampler's.
pub fn sampler_draws() -> Vec<SamplerDraw> {
    SamplerKind::ALL.iter().map(|&k| SamplerDraw { sampler: k.name(), sorted: k == SamplerKind::Sequential }).collect()
}

/// A run of the class-sorted comparison has a verdict to give once it trained to its end and
/// was evaluated at least once.
fn bias_run_finished(run: &crate::charts::history::Run) -> bool {
    run.state == RunState::Done && !run.epochs.is_empty()
}

/// The verdict under the class-sorted comparison: the final test accuracy (a fraction) of the
/// run in class order and of the shuffled one, once both have finished (`bias_run_finished`);
/// the runs are found by their keys ("sequential", "shuffle"), whatever their order.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct BiasVerdict {
    pub sequential: f64,
    pub shuffle: f64,
}

pub fn bias_verdict(history: &History) -> Option<BiasVerdict> {
    let accuracy = |key: &str| {
        let run = history.run(key).filter(|r| bias_run_finished(r))?;
        run.epochs.last().map(|e| e.test_accuracy)
    };
    Some(BiasVerdict { sequential: accuracy("sequential")?, shuffle: accuracy("shuffle")? })
}
