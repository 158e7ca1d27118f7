//! The run histories behind every learning-curve chart of the app: any number of named runs,
//! each with its loss per iteration (and the moving average), its accuracy rows per epoch and
//! the worker's clock. The training view holds one current run and the runs it keeps for
//! comparison; the MNIST labs hold one run per batch size, loss or learning rate. Data arrives
//! as deltas; the history answers what the views show (last values, counts, progress, tables)
//! and gives the charts their lines.

use super::series::{LineStyle, Series};
use crate::train::EpochRecord;
use serde::{Deserialize, Serialize};

/// Weight of the newest loss in the moving average (about the last 1/α ≈ 20 iterations).
const SMOOTHING: f64 = 0.05;

/// Where a run is: not started, training, finished, stopped by divergence, or cancelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RunState {
    #[default]
    Waiting,
    Running,
    Done,
    Diverged,
    Cancelled,
}

impl RunState {
    /// Finished one way or another: no more data will come.
    pub fn is_over(self) -> bool {
        !matches!(self, RunState::Waiting | RunState::Running)
    }
}

/// What the x axis of a lab chart counts: iterations, epochs, or the worker's seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum XAxis {
    #[default]
    Iter,
    Epoch,
    Time,
}

/// Which numbers of a run a chart or table shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Values {
    /// The loss of every iteration.
    #[default]
    Loss,
    /// The test accuracy of every epoch, in percent (the charts' and CSVs' unit).
    TestAccuracy,
    /// The same accuracies as fractions, for a table that formats them as percentages.
    TestFraction,
}

/// How a run is started: its key (what the worker's messages name it by), its legend label,
/// and what is known of it before it reports.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct RunSpec {
    pub key: String,
    pub label: String,
    #[serde(flatten)]
    pub plan: Plan,
    /// Iteration of the first loss: 1 for training runs, 0 when the loss before any step
    /// comes first (numerical training).
    pub first_iteration: Option<usize>,
    pub style: LineStyle,
}

/// How long a run will be and at what rate, as far as known: given when it starts, the
/// length again when the worker begins it, and reported back in its summary.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Plan {
    /// Iterations the run will do (0: not known yet).
    pub planned: usize,
    pub iterations_per_epoch: usize,
    /// The rate the run trains at, when the view shows it.
    pub learning_rate: Option<f64>,
}

/// Bias-corrected exponential moving average of the finite losses (Adam's correction, so early
/// values are not pulled towards 0).
#[derive(Debug, Clone, Copy, Default)]
struct Ema {
    value: f64,
    weight: f64,
}

impl Ema {
    fn push(&mut self, loss: f32) -> f32 {
        if loss.is_finite() {
            self.value = (1.0 - SMOOTHING) * self.value + SMOOTHING * loss as f64;
            self.weight = (1.0 - SMOOTHING) * self.weight + SMOOTHING;
        }
        if self.weight > 0.0 { (self.value / self.weight) as f32 } else { f32::NAN }
    }
}

/// One run: what it is (key, label, plan, style) and what it measured.
#[derive(Debug, Clone, Default)]
pub struct Run {
    pub key: String,
    pub label: String,
    /// A copy kept for comparison (drawn under the current run, survives `History::clear`).
    pub kept: bool,
    pub first_iteration: usize,
    /// Its iterations per epoch at least 1.
    pub plan: Plan,
    pub style: LineStyle,
    pub state: RunState,
    /// Loss of iteration `first_iteration + i` at index i (NaN/∞ kept as they came: charts skip them).
    pub losses: Vec<f32>,
    /// The moving average of `losses`, index for index.
    pub smoothed: Vec<f32>,
    pub epochs: Vec<EpochRecord>,
    /// Readings (iteration, milliseconds) of the worker's clock, from (0, 0).
    pub clock: Vec<(f64, f64)>,
    ema: Ema,
}

impl Run {
    pub fn new(spec: RunSpec) -> Run {
        Run {
            key: spec.key,
            label: spec.label,
            first_iteration: spec.first_iteration.unwrap_or(1),
            plan: Plan { iterations_per_epoch: spec.plan.iterations_per_epoch.max(1), ..spec.plan },
            style: spec.style,
            clock: vec![(0.0, 0.0)],
            ..Run::default()
        }
    }

    /// Appends losses; `first_iteration` must continue the run, and any gap or overlap is a
    /// bug in the caller, so stale messages are ignored rather than misplotted.
    pub fn push_losses(&mut self, first_iteration: usize, losses: &[f32]) -> bool {
        if first_iteration != self.first_iteration + self.losses.len() {
            return false;
        }
        for &l in losses {
            self.smoothed.push(self.ema.push(l));
            self.losses.push(l);
        }
        true
    }

    /// A reading of the worker's clock: `ms` milliseconds of training after `iteration`.
    pub fn tick(&mut self, iteration: usize, ms: f64) {
        self.clock.push((iteration as f64, ms));
    }

    /// Iterations done: the clock's last reading, or the iteration of the last loss received.
    pub fn iteration(&self) -> usize {
        let clocked = self.clock.last().map_or(0, |c| c.0 as usize);
        let last_loss = (self.first_iteration + self.losses.len()).saturating_sub(1);
        clocked.max(last_loss)
    }

    /// Milliseconds of training measured so far.
    pub fn ms(&self) -> f64 {
        self.clock.last().map_or(0.0, |c| c.1)
    }

    /// Share of the planned iterations done (1 once over, 0 before it started).
    pub fn fraction_done(&self) -> f64 {
        match self.state {
            RunState::Waiting => 0.0,
            RunState::Running if self.plan.planned == 0 => 0.0,
            RunState::Running => (self.iteration() as f64 / self.plan.planned as f64).min(1.0),
            _ => 1.0,
        }
    }

    pub fn last_smoothed(&self) -> f32 {
        self.smoothed.last().copied().unwrap_or(f32::NAN)
    }

    /// The last loss that is a number (a diverged run's last values are ∞ or NaN).
    pub fn last_finite_loss(&self) -> Option<f32> {
        self.losses.iter().rev().copied().find(|l| l.is_finite())
    }

    /// x of each loss on `axis`: its iteration, its epoch, or its second, interpolated on the
    /// worker's clock (`seconds_at_iterations`).
    pub fn xs(&self, axis: XAxis) -> Vec<f64> {
        let iteration = |i: usize| (self.first_iteration + i) as f64;
        match axis {
            XAxis::Iter => (0..self.losses.len()).map(iteration).collect(),
            XAxis::Epoch => (0..self.losses.len()).map(|i| iteration(i) / self.plan.iterations_per_epoch as f64).collect(),
            XAxis::Time => seconds_at_iterations(&self.clock, self.losses.len()),
        }
    }

    /// The points of `values` on `axis` (accuracy is per epoch: its x is the epoch's iteration
    /// or epoch; seconds are not known for it, so it uses the iteration).
    pub fn points(&self, values: Values, axis: XAxis) -> Vec<(f64, f64)> {
        match values {
            Values::Loss => self.xs(axis).into_iter().zip(self.losses.iter().map(|&l| l as f64)).collect(),
            Values::TestAccuracy => self
                .epochs
                .iter()
                .map(|r| (if axis == XAxis::Epoch { r.epoch } else { r.iteration as f64 }, 100.0 * r.test_accuracy))
                .collect(),
            Values::TestFraction => self
                .epochs
                .iter()
                .map(|r| (if axis == XAxis::Epoch { r.epoch } else { r.iteration as f64 }, r.test_accuracy))
                .collect(),
        }
    }

    pub fn summary(&self) -> RunSummary {
        let last = self.epochs.last();
        let iteration = self.iteration();
        RunSummary {
            key: self.key.clone(),
            label: self.label.clone(),
            kept: self.kept,
            state: self.state,
            plan: self.plan,
            iteration,
            seconds: self.ms() / 1000.0,
            ms_per_update: (iteration > 0).then(|| self.ms() / iteration as f64),
            loss_count: self.losses.len(),
            first_loss: self.losses.first().copied(),
            last_loss: self.losses.last().copied(),
            last_finite_loss: self.last_finite_loss(),
            last_smoothed: self.smoothed.last().copied(),
            stopped_at: (self.state == RunState::Diverged).then_some(self.losses.len()),
            epoch_count: self.epochs.len(),
            last_epoch: last.map(LastEpoch::of),
        }
    }
}

/// What the views show of one run, as numbers (the page formats them).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RunSummary {
    pub key: String,
    pub label: String,
    pub kept: bool,
    pub state: RunState,
    #[serde(flatten)]
    pub plan: Plan,
    pub iteration: usize,
    pub seconds: f64,
    pub ms_per_update: Option<f64>,
    pub loss_count: usize,
    pub first_loss: Option<f32>,
    pub last_loss: Option<f32>,
    pub last_finite_loss: Option<f32>,
    pub last_smoothed: Option<f32>,
    /// Losses received before a diverged run was stopped.
    pub stopped_at: Option<usize>,
    pub epoch_count: usize,
    /// None (no fields at all in JS) until the first epoch ends.
    #[serde(flatten)]
    pub last_epoch: Option<LastEpoch>,
}

/// The newest epoch's accuracies, as a run's summary shows them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LastEpoch {
    pub epoch: f64,
    pub train_accuracy: f64,
    pub test_accuracy: f64,
}

impl LastEpoch {
    fn of(r: &EpochRecord) -> LastEpoch {
        LastEpoch { epoch: r.epoch, train_accuracy: r.train_accuracy, test_accuracy: r.test_accuracy }
    }
}

/// Every run of one view (see the module comment).
#[derive(Debug, Clone, Default)]
pub struct History {
    pub runs: Vec<Run>,
}

impl History {
    /// Adds a run, waiting for data; it replaces, in its place, a run with the same key that
    /// is not kept (a new job of a lab).
    pub fn start(&mut self, spec: RunSpec) -> &mut Run {
        let run = Run::new(spec);
        match self.runs.iter().position(|r| !r.kept && r.key == run.key) {
            Some(i) => {
                self.runs[i] = run;
                &mut self.runs[i]
            }
            None => {
                self.runs.push(run);
                self.runs.last_mut().expect("just pushed")
            }
        }
    }

    /// The run named `key` that is not a kept copy.
    pub fn run(&self, key: &str) -> Option<&Run> {
        self.runs.iter().rev().find(|r| !r.kept && r.key == key)
    }

    pub fn run_mut(&mut self, key: &str) -> Option<&mut Run> {
        self.runs.iter_mut().rev().find(|r| !r.kept && r.key == key)
    }

    /// The newest run that is not kept: the one the training view's charts draw in full.
    pub fn current(&self) -> Option<&Run> {
        self.runs.iter().rev().find(|r| !r.kept)
    }

    /// The current run's test accuracy measured at `iteration`, if its last evaluation was
    /// there (a network kept at that iteration is named with it instead of measured again).
    pub fn test_accuracy_at(&self, iteration: usize) -> Option<f64> {
        self.current()?.epochs.last().filter(|e| e.iteration == iteration).map(|e| e.test_accuracy)
    }

    /// The current run, started (unnamed) if there is none.
    fn current_mut(&mut self) -> &mut Run {
        if self.current().is_none() {
            let run = self.start(RunSpec::default());
            run.state = RunState::Running;
            return run;
        }
        self.runs.iter_mut().rev().find(|r| !r.kept).expect("checked above")
    }

    pub fn kept(&self) -> impl Iterator<Item = &Run> {
        self.runs.iter().filter(|r| r.kept)
    }

    /// Appends losses to the current run (see `Run::push_losses`).
    pub fn push_losses(&mut self, first_iteration: usize, losses: &[f32]) -> bool {
        self.current_mut().push_losses(first_iteration, losses)
    }

    pub fn push_epoch(&mut self, record: EpochRecord) {
        self.current_mut().epochs.push(record);
    }

    /// Appends one row per run from `values`, read as rows of `keys.len()` numbers, one column
    /// per run, the first row at `first_iteration`. Rows a run already has are skipped, so a
    /// report that repeats the whole history adds only what is new.
    pub fn push_columns(&mut self, keys: &[String], first_iteration: usize, values: &[f32]) -> bool {
        if keys.is_empty() {
            return false;
        }
        let mut ok = true;
        for (column, key) in keys.iter().enumerate() {
            let Some(run) = self.run_mut(key) else { return false };
            let skip = (run.first_iteration + run.losses.len()).saturating_sub(first_iteration);
            let new: Vec<f32> = values.iter().skip(column).step_by(keys.len()).skip(skip).copied().collect();
            ok &= run.push_losses(first_iteration + skip, &new);
        }
        ok
    }

    /// Keeps a copy of the current run for comparison under `label`; returns how many are kept.
    pub fn keep(&mut self, label: &str) -> usize {
        if let Some(run) = self.current() {
            let mut copy = run.clone();
            copy.kept = true;
            copy.label = label.to_string();
            self.runs.push(copy);
        }
        self.kept().count()
    }

    /// Forgets every run that is not kept.
    pub fn clear(&mut self) {
        self.runs.retain(|r| r.kept);
    }

    pub fn clear_kept(&mut self) {
        self.runs.retain(|r| !r.kept);
    }

    /// Every run that is not over is now cancelled.
    pub fn cancel(&mut self) {
        for run in self.runs.iter_mut().filter(|r| !r.state.is_over()) {
            run.state = RunState::Cancelled;
        }
    }

    /// Share of a job of `total` runs done: runs over count 1, the running one its share.
    pub fn progress(&self, total: usize) -> f64 {
        let done: f64 = self.runs.iter().map(Run::fraction_done).sum();
        (done / total.max(1) as f64).min(1.0)
    }

    pub fn summaries(&self) -> Vec<RunSummary> {
        self.runs.iter().map(Run::summary).collect()
    }

    /// The lines of a lab chart: each run's `values` on `axis`, styled as the run was started.
    pub fn lines(&self, values: Values, axis: XAxis) -> (Vec<Series>, Vec<LineStyle>) {
        self.runs
            .iter()
            .map(|r| (Series { label: r.label.clone(), points: r.points(values, axis), marker: None }, r.style))
            .unzip()
    }

    /// One row per x on `axis` that any run has `values` at: [x, value of run 1, …], None
    /// where a run has none. The numbers of a lab chart for Save CSV and its text alternative.
    pub fn table(&self, values: Values, axis: XAxis) -> Vec<Vec<Option<f64>>> {
        let mut rows: std::collections::BTreeMap<u64, Vec<Option<f64>>> = Default::default();
        for (k, run) in self.runs.iter().enumerate() {
            for (x, y) in run.points(values, axis) {
                let row = rows.entry(x.to_bits()).or_insert_with(|| vec![None; self.runs.len()]);
                row[k] = Some(y);
            }
        }
        // Keys are bit patterns of non-negative x, which sort as the numbers do.
        rows.into_iter().map(|(x, ys)| std::iter::once(Some(f64::from_bits(x))).chain(ys).collect()).collect()
    }

    /// Every loss of every run: (run label, iteration, epoch, seconds, loss).
    pub fn loss_rows(&self) -> Vec<(String, f64, f64, f64, f32)> {
        let mut out = Vec::new();
        for run in &self.runs {
            let (its, epochs, secs) = (run.xs(XAxis::Iter), run.xs(XAxis::Epoch), run.xs(XAxis::Time));
            for (i, &loss) in run.losses.iter().enumerate() {
                out.push((run.label.clone(), its[i], epochs[i], secs[i], loss));
            }
        }
        out
    }

    /// The loss chart's numbers of the current run as CSV: iteration, mini-batch loss, smoothed loss.
    pub fn loss_csv(&self) -> String {
        let mut out = String::from("iteration,loss,smoothed\n");
        if let Some(run) = self.current() {
            for (i, (l, s)) in run.losses.iter().zip(&run.smoothed).enumerate() {
                out += &format!("{},{l},{s}\n", run.first_iteration + i);
            }
        }
        out
    }

    /// The accuracy chart's numbers of the current run as CSV: iteration, epoch, train and test
    /// accuracy (0..1).
    pub fn accuracy_csv(&self) -> String {
        let mut out = String::from("iteration,epoch,train_accuracy,test_accuracy\n");
        for r in self.current().map_or(&[][..], |run| &run.epochs) {
            out += &format!("{},{},{},{}\n", r.iteration, r.epoch, r.train_accuracy, r.test_accuracy);
        }
        out
    }

    /// Points (iteration, value) to draw for `values`, at most about `2 * buckets` of them
    /// (see `min_max_buckets`). Non-finite values are skipped.
    pub fn envelope(values: &[f32], buckets: usize) -> Vec<(f64, f64)> {
        min_max_buckets(values.len(), |i| ((i + 1) as f64, values[i] as f64), buckets)
    }
}

/// Seconds at iterations 1..=n, interpolated linearly between the clock's readings
/// `(iteration, milliseconds)` (the first is (0, 0); an empty clock reads 0); past the last
/// reading it extrapolates along the last stretch. A clock with a single reading gives that
/// reading's time.
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

/// How fast the current run goes: readings (time in ms, iteration) of the page's clock over
/// about the last `window_ms`, for "steps per second" and the time left. Paused time must not
/// count, so the page resets it on pause and resume.
#[derive(Debug, Clone, Default)]
pub struct Pace {
    samples: std::collections::VecDeque<(f64, usize)>,
    window_ms: f64,
}

impl Pace {
    pub fn new(window_ms: f64) -> Pace {
        Pace { samples: Default::default(), window_ms }
    }

    pub fn reset(&mut self) {
        self.samples.clear();
    }

    /// A progress report: `iteration` reached at `time_ms`. Readings older than the window
    /// before it are dropped (the two newest always stay).
    pub fn sample(&mut self, time_ms: f64, iteration: usize) {
        self.samples.push_back((time_ms, iteration));
        self.trim(time_ms);
    }

    /// Drops readings that left the window before `now_ms`, as long as two remain.
    pub fn trim(&mut self, now_ms: f64) {
        while self.samples.len() > 2 && now_ms - self.samples[1].0 > self.window_ms {
            self.samples.pop_front();
        }
    }

    /// Iterations per second between the oldest and newest reading; None with fewer than two
    /// readings or no time between them.
    pub fn steps_per_second(&self) -> Option<f64> {
        let (&(t0, i0), &(t1, i1)) = (self.samples.front()?, self.samples.back()?);
        (t1 > t0).then(|| (i1 as f64 - i0 as f64) * 1000.0 / (t1 - t0))
    }

    /// Seconds until iteration `planned` from `iteration` at the current pace (None when
    /// standing still or unknown).
    pub fn seconds_left(&self, planned: usize, iteration: usize) -> Option<f64> {
        let speed = self.steps_per_second().filter(|&s| s > 0.0)?;
        Some(planned.saturating_sub(iteration) as f64 / speed)
    }
}
