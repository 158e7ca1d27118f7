//! Mini-batch samplers (section 5 of the chapter). A sampler hands out positions 0..n of the
//! training set (the trainer maps them to images).
//!
//! - `Choice`: each batch draws `batch` positions uniformly *with replacement*, like the book's
//!   `np.random.choice(train_size, batch_size)`. Over one epoch about 1 − 1/e ≈ 63% of the
//!   images are seen.
//! - `Shuffle`: shuffle once per epoch, then cut consecutive slices; every image is seen exactly
//!   once per epoch.
//! - `Weighted`: class-balanced — pick a class uniformly, then one of its images uniformly, so
//!   rare classes are seen as often as common ones.
//! - `Sequential`: consecutive slices in the stored order, never shuffled. On data sorted by
//!   class every batch holds a single class: the bias the chapter warns about.
//!
//! A batch as large as the data set is the full batch whatever the kind: every image exactly
//! once per step, so the step follows the exact gradient of the training loss (drawing n of n
//! with replacement would see only about 63% of them, a noisy resample).

use crate::named::named;
use crate::rng::Rng;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SamplerKind {
    Choice,
    Shuffle,
    Weighted,
    Sequential,
}

named!(SamplerKind: Choice = "choice", Shuffle = "shuffle", Weighted = "weighted", Sequential = "sequential");

#[derive(Debug, Clone)]
pub struct Sampler {
    kind: SamplerKind,
    n: usize,
    batch: usize,
    order: Vec<usize>,
    pos: usize,
    /// Positions of each class (for `Weighted`); classes without images are left out.
    by_class: Vec<Vec<usize>>,
}

impl Sampler {
    /// A sampler over positions 0..labels.len() giving batches of `batch` (clamped to 1..=n).
    /// `labels[i]` is the class at position i (used by `Weighted`).
    pub fn new(kind: SamplerKind, labels: &[u8], batch: usize) -> Self {
        let n = labels.len();
        assert!(n > 0, "cannot sample from an empty dataset");
        let batch = batch.clamp(1, n);
        let mut by_class = vec![Vec::new(); 256];
        for (i, &l) in labels.iter().enumerate() {
            by_class[l as usize].push(i);
        }
        by_class.retain(|c| !c.is_empty());
        // Shuffle starts at a new epoch; Sequential starts at position 0.
        let pos = if kind == SamplerKind::Shuffle { n } else { 0 };
        Sampler { kind, n, batch, order: (0..n).collect(), pos, by_class }
    }

    pub fn batch_size(&self) -> usize {
        self.batch
    }

    /// Whether every batch is the whole data set, each position once.
    pub fn is_full_batch(&self) -> bool {
        self.batch == self.n
    }

    /// Fills `out` with the positions of the next mini-batch.
    pub fn next_batch(&mut self, rng: &mut Rng, out: &mut Vec<usize>) {
        out.clear();
        if self.is_full_batch() {
            out.extend(0..self.n);
            return;
        }
        match self.kind {
            SamplerKind::Choice => out.extend((0..self.batch).map(|_| rng.below(self.n))),
            SamplerKind::Weighted => {
                for _ in 0..self.batch {
                    let class = &self.by_class[rng.below(self.by_class.len())];
                    out.push(class[rng.below(class.len())]);
                }
            }
            SamplerKind::Shuffle | SamplerKind::Sequential => {
                // A new epoch starts when the remaining slice is shorter than a batch.
                if self.pos + self.batch > self.n {
                    if self.kind == SamplerKind::Shuffle {
                        rng.shuffle(&mut self.order);
                    }
                    self.pos = 0;
                }
                out.extend_from_slice(&self.order[self.pos..self.pos + self.batch]);
                self.pos += self.batch;
            }
        }
    }
}

/// Fraction of the n positions drawn at least once during one epoch (n / batch batches).
pub fn epoch_coverage(kind: SamplerKind, labels: &[u8], batch: usize, rng: &mut Rng) -> f64 {
    let mut sampler = Sampler::new(kind, labels, batch);
    let mut seen = vec![false; labels.len()];
    let mut out = Vec::new();
    for _ in 0..(labels.len() / sampler.batch_size()).max(1) {
        sampler.next_batch(rng, &mut out);
        out.iter().for_each(|&i| seen[i] = true);
    }
    seen.iter().filter(|&&s| s).count() as f64 / labels.len() as f64
}

/// Class counts (0..=9) of the first batch a fresh sampler draws.
pub fn first_batch_histogram(kind: SamplerKind, labels: &[u8], batch: usize, rng: &mut Rng) -> [usize; 10] {
    let mut out = Vec::new();
    Sampler::new(kind, labels, batch).next_batch(rng, &mut out);
    let mut counts = [0; 10];
    out.iter().for_each(|&i| counts[(labels[i] as usize).min(9)] += 1);
    counts
}
