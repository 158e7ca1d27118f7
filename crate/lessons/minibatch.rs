//! The mini-batch lesson's summaries of its timed runs (section 5): the seconds at each
//! iteration, read off the worker's clock, and which batch size updated fastest, slowest and
//! reached the best test accuracy.

/// Seconds at iterations 1..=n, interpolated linearly between the clock's readings
/// `(iteration, milliseconds)` (the first is (0, 0); an empty clock reads 0); past the last reading it extrapolates
/// along the last stretch. A clock with a single reading gives that reading's time.
pub fn seconds_at_iterations(clock: &[(f64, f64)], n: usize) -> Vec<f64> {
    if clock.is_empty() {
        return vec![0.0; n];
    }
    let last = clock.len() - 1;
    let mut c = 1;
    (1..=n)
        .map(|it| {
            let it = it as f64;
            while c < last && clock[c].0 < it {
                c += 1;
            }
            let (i0, m0) = clock[c - 1];
            let (i1, m1) = clock[c.min(last)];
            (m0 + (m1 - m0) * (it - i0) / (i1 - i0).max(1.0)) / 1000.0
        })
        .collect()
}

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
