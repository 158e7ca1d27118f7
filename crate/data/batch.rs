//! Mini-batch samplers (section 5 of the chapter).
//!
//! - `Choice`: each batch draws `batch` indices uniformly *with replacement*, like the book's
//!   `np.random.choice(train_size, batch_size)`. Over one epoch about 1 − 1/e ≈ 63% of the
//!   images are seen.
//! - `Shuffle`: shuffle once per epoch, then cut consecutive slices; every image is seen exactly
//!   once per epoch.

use crate::rng::Rng;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SamplerKind {
    Choice,
    Shuffle,
}

#[derive(Debug, Clone)]
pub struct Sampler {
    kind: SamplerKind,
    n: usize,
    batch: usize,
    order: Vec<usize>,
    pos: usize,
}

impl Sampler {
    /// A sampler over `n` examples giving batches of `batch` (clamped to 1..=n).
    pub fn new(kind: SamplerKind, n: usize, batch: usize) -> Self {
        assert!(n > 0, "cannot sample from an empty dataset");
        let batch = batch.clamp(1, n);
        Sampler { kind, n, batch, order: (0..n).collect(), pos: n }
    }

    pub fn batch_size(&self) -> usize {
        self.batch
    }

    /// Fills `out` with the indices of the next mini-batch.
    pub fn next_batch(&mut self, rng: &mut Rng, out: &mut Vec<usize>) {
        out.clear();
        match self.kind {
            SamplerKind::Choice => out.extend((0..self.batch).map(|_| rng.below(self.n))),
            SamplerKind::Shuffle => {
                // A new epoch starts when the remaining slice is shorter than a batch.
                if self.pos + self.batch > self.n {
                    rng.shuffle(&mut self.order);
                    self.pos = 0;
                }
                out.extend_from_slice(&self.order[self.pos..self.pos + self.batch]);
                self.pos += self.batch;
            }
        }
    }
}
