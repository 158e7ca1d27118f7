//! The numbers behind the learning curves: every iteration's loss, its exponential moving
//! average, and the accuracy rows of each epoch.

use crate::train::EpochRecord;

/// Weight of the newest loss in the moving average (about the last 1/α ≈ 20 iterations).
const SMOOTHING: f64 = 0.05;

/// A finished run kept to compare against (its smoothed loss and test accuracy), labelled by
/// its settings.
#[derive(Debug, Clone, Default)]
pub struct KeptRun {
    pub label: String,
    pub smoothed: Vec<f32>,
    /// (epoch, test accuracy)
    pub test: Vec<(f64, f64)>,
}

#[derive(Debug, Clone, Default)]
pub struct History {
    /// Loss of iteration i+1 at index i (NaN/∞ kept as they came: the chart skips them).
    pub losses: Vec<f32>,
    /// Bias-corrected exponential moving average of the finite losses.
    pub smoothed: Vec<f32>,
    pub epochs: Vec<EpochRecord>,
    /// Earlier runs overlaid on the charts; `clear` (a new run) keeps them.
    pub kept: Vec<KeptRun>,
    ema: f64,
    ema_weight: f64,
}

impl History {
    /// Forgets the current run (kept runs stay).
    pub fn clear(&mut self) {
        let kept = std::mem::take(&mut self.kept);
        *self = History { kept, ..History::default() };
    }

    /// Keeps the current run for comparison under `label`; returns how many are kept.
    pub fn keep(&mut self, label: &str) -> usize {
        self.kept.push(KeptRun {
            label: label.to_string(),
            smoothed: self.smoothed.clone(),
            test: self.epochs.iter().map(|r| (r.epoch, r.test_accuracy)).collect(),
        });
        self.kept.len()
    }

    /// Appends losses; `first_iteration` (1-based) must continue the history, and any gap or
    /// overlap is a bug in the caller, so stale messages are ignored rather than misplotted.
    pub fn push_losses(&mut self, first_iteration: usize, losses: &[f32]) -> bool {
        if first_iteration != self.losses.len() + 1 {
            return false;
        }
        for &l in losses {
            if l.is_finite() {
                // EMA with the bias correction of Adam, so early values are not pulled to 0.
                self.ema = (1.0 - SMOOTHING) * self.ema + SMOOTHING * l as f64;
                self.ema_weight = (1.0 - SMOOTHING) * self.ema_weight + SMOOTHING;
            }
            let smoothed = if self.ema_weight > 0.0 { self.ema / self.ema_weight } else { f64::NAN };
            self.losses.push(l);
            self.smoothed.push(smoothed as f32);
        }
        true
    }

    pub fn push_epoch(&mut self, record: EpochRecord) {
        self.epochs.push(record);
    }

    /// The loss chart's numbers as CSV: iteration, mini-batch loss, smoothed loss.
    pub fn loss_csv(&self) -> String {
        let mut out = String::from("iteration,loss,smoothed\n");
        for (i, (l, s)) in self.losses.iter().zip(&self.smoothed).enumerate() {
            out += &format!("{},{l},{s}\n", i + 1);
        }
        out
    }

    /// The accuracy chart's numbers as CSV: iteration, epoch, train and test accuracy (0..1).
    pub fn accuracy_csv(&self) -> String {
        let mut out = String::from("iteration,epoch,train_accuracy,test_accuracy\n");
        for r in &self.epochs {
            out += &format!("{},{},{},{}\n", r.iteration, r.epoch, r.train_accuracy, r.test_accuracy);
        }
        out
    }

    pub fn last_smoothed(&self) -> f32 {
        self.smoothed.last().copied().unwrap_or(f32::NAN)
    }

    /// Points (iteration, value) to draw for `values`, at most about `2 * buckets` of them
    /// (see `min_max_buckets`). Non-finite values are skipped.
    pub fn envelope(values: &[f32], buckets: usize) -> Vec<(f64, f64)> {
        min_max_buckets(values.len(), |i| ((i + 1) as f64, values[i] as f64), buckets)
    }
}

/// Downsamples the `n` points `point(0..n)` for drawing: each of `buckets` runs of consecutive
/// points contributes its lowest and highest finite point, in order, so the envelope of a
/// noisy curve survives. Non-finite points are skipped.
pub fn min_max_buckets(n: usize, point: impl Fn(usize) -> (f64, f64), buckets: usize) -> Vec<(f64, f64)> {
    let size = n.div_ceil(buckets.max(1)).max(1);
    let mut out = Vec::with_capacity(2 * n.div_ceil(size));
    for start in (0..n).step_by(size) {
        let (mut lo, mut hi) = (None::<(usize, f64)>, None::<(usize, f64)>);
        for i in start..(start + size).min(n) {
            let y = point(i).1;
            if !y.is_finite() {
                continue;
            }
            if lo.is_none_or(|(_, l)| y < l) {
                lo = Some((i, y));
            }
            if hi.is_none_or(|(_, h)| y > h) {
                hi = Some((i, y));
            }
        }
        let (Some((a, _)), Some((b, _))) = (lo, hi) else { continue };
        out.push(point(a.min(b)));
        if a != b {
            out.push(point(a.max(b)));
        }
    }
    out
}
