//! The two views of §3, "gradient descent", as models the page only displays:
//!
//! ```text
//! #/gd1?fn&x0&lr&steps              Descent1d: a curve f(x), its iterates, each update written out
//! #/gd2?fn&x0&x1&lr&steps&opt&norm  Descent2d: a contour plot, a trajectory, ∇f where it stands
//! ```
//!
//! Each model is read from a link (`from_query`, values clamped by the view's key table),
//! changes by the learner's moves (`apply`: Step, Reset, a new function or optimizer, a start
//! set on the plot, an arrow key) and says what the page shows for it (`shown`). Runs are
//! recomputed from the state each time (they are cheap and deterministic), one step further
//! than shown so the next update can be previewed in the table.

use super::descent::{self, At2d, Run1d, Run2d, SquareRate, Step1d, Step2d, Stop};
use super::optim2d::{self, OptimizerKind};
use super::surface::{CriticalPoint, CriticalPoint1d, Fn1d, Fn2d};
use super::{LessonQuery, GD1_KEYS, GD2_KEYS};
use crate::config::{format_real, normalize_query};
use serde::{Deserialize, Serialize};

/// A start set on a plot is rounded to 0.01: a link stays short and readable.
pub fn round_start(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}
/// An arrow key moves the 1-D start by this much.
pub const NUDGE_1D: f64 = 0.1;
/// An arrow key moves the 2-D start by this fraction of the plotted width (or height).
pub const NUDGE_2D_FRACTION: f64 = 1.0 / 40.0;

/// What the learner did. From JavaScript: `{move: "step"}`, `{move: "function", name: "twomin"}`,
/// `{move: "startAt", x: 1.234, y: -0.5}` (data coordinates under the pointer), `{move: "nudge",
/// dx: -1, dy: 0}` (an arrow key's direction).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "move", rename_all = "camelCase")]
pub enum Move {
    /// One more step, unless stepping on would show nothing new (the stop rule).
    Step,
    /// Back to step 0 from the same start.
    Reset,
    /// Another function: its own start, step 0 (and, in 2-D, a rate that suits it).
    Function { name: String },
    /// Another optimizer (2-D only): the function's start, a rate that suits both, step 0.
    Optimizer { name: String },
    /// A start picked on the plot; 1-D keeps its steps (dragging), 2-D starts a new run.
    StartAt {
        x: f64,
        #[serde(default)]
        y: f64,
    },
    /// An arrow key: the start moves one notch in direction (dx, dy) ∈ {−1, 0, 1}².
    Nudge {
        dx: f64,
        #[serde(default)]
        dy: f64,
    },
}

fn unknown(what: &str, name: &str, expected: &[&str]) -> String {
    format!("unknown {what} {name:?}: expected one of {expected:?}")
}

/// Numbers behind a chart, for its Save CSV and its text alternative. A cell with no value
/// (a diverged run's missing gradient) is NaN, written empty.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<f64>>,
}

impl Table {
    pub fn new(header: &[&str], rows: Vec<Vec<f64>>) -> Table {
        Table { header: header.iter().map(|h| h.to_string()).collect(), rows }
    }
}

/// A long table of steps shows its first rows and its last ones; Save CSV has them all.
pub const TABLE_HEAD: usize = 10;
pub const TABLE_TAIL: usize = 60;

/// One line of a table of steps: a record (`row` indexes the records; `next` marks the
/// previewed update) or the note standing for `count` records left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum TableLine {
    Step { row: usize, next: bool },
    Elided { count: usize },
}

/// The lines of a table of `records` step records with `shown` steps taken: all of them when
/// they fit in TABLE_HEAD + TABLE_TAIL, else the head, a note, and the tail.
pub fn table_lines(records: usize, shown: usize) -> Vec<TableLine> {
    let step = |row: usize| TableLine::Step { row, next: row >= shown };
    if records <= TABLE_HEAD + TABLE_TAIL {
        return (0..records).map(step).collect();
    }
    let count = records - TABLE_HEAD - TABLE_TAIL;
    (0..TABLE_HEAD).map(step).chain([TableLine::Elided { count }]).chain((records - TABLE_TAIL..records).map(step)).collect()
}

/// What both views say of the state they show: its link, its function and its rate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Setting {
    /// The canonical query of this state (the URL).
    pub query: String,
    pub function: &'static str,
    pub formula: &'static str,
    pub lr: f64,
}

/// How far a stepping view has gone, the same on both routes.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    /// The steps asked for (the URL's `steps`).
    pub steps: usize,
    /// Of those, the steps the run took (a diverged run stops early).
    pub taken: usize,
    /// Whether stepping on would show nothing new, and why (`descent::stepping_stop`).
    pub finished: bool,
    pub stop: Option<Stop>,
    /// The run's length when it diverged before `steps` (the "diverged after n steps" notice).
    pub diverged_after: Option<usize>,
    /// How the table shows the run's records.
    pub lines: Vec<TableLine>,
    /// The steps one press of Run adds at most before it pauses (`RUN_STEPS_1D` / `RUN_STEPS_2D`).
    pub run_steps: usize,
}

/// One press of Run on `#/gd1` adds at most this many steps: enough to watch a curve's descent
/// settle (or blow up) without running on to `descent::MAX_SHOWN_STEPS` unattended.
pub const RUN_STEPS_1D: usize = 50;
/// On `#/gd2` a trajectory takes more steps to cross the plane (and each is drawn faster).
pub const RUN_STEPS_2D: usize = 150;

impl Progress {
    /// Of a run of `points` points and `records` step records, stopped early at `diverged_at`
    /// if it diverged, the progress of a view showing `steps` steps; `stop` is the run's rule.
    fn new(points: usize, records: usize, diverged_at: Option<usize>, steps: usize, stop: Option<Stop>, run_steps: usize) -> Progress {
        let last = points - 1;
        Progress {
            steps,
            taken: steps.min(last),
            finished: stop.is_some(),
            stop,
            diverged_after: diverged_at.filter(|&t| t < steps).map(|_| last),
            lines: table_lines(records, steps),
            run_steps,
        }
    }
}

// ───────────────────────────── 1-D ─────────────────────────────

/// `#/gd1`: descent x ← x − η f′(x) on a curve, one step at a time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Descent1d {
    pub f: Fn1d,
    pub x0: f64,
    pub lr: f64,
    pub steps: usize,
}

/// On x², the whole run in closed form: xₙ = x₀(1 − 2η)ⁿ, the multiplier's regime, and the
/// rates where the regime changes (from x²'s curvature f″ = 2).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClosedForm {
    #[serde(flatten)]
    pub rate: SquareRate,
    /// η below which x shrinks without changing sign (1/f″).
    pub monotone_below: f64,
    /// η below which the run converges at all (2/f″).
    pub converges_below: f64,
    /// x₀(1 − 2η)ⁿ for n = 0 … steps + 1, beside each row of the table.
    pub xs: Vec<f64>,
}

/// Everything `#/gd1` shows for one state.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Shown1d {
    #[serde(flatten)]
    pub setting: Setting,
    pub x0: f64,
    pub progress: Progress,
    /// Where the run stands after the steps it took.
    pub x: f64,
    pub fx: f64,
    /// f′ where it stands (the slope of the next update, if the run goes on).
    pub slope: f64,
    /// One record per step taken, plus the next update (the previewed row).
    pub rows: Vec<Step1d>,
    /// On x² only.
    pub closed_form: Option<ClosedForm>,
    pub critical_points: Vec<CriticalPoint1d>,
    pub csv: Table,
}

impl Descent1d {
    pub fn from_query(query: &str) -> Descent1d {
        let q = LessonQuery::parse(query, GD1_KEYS);
        Descent1d {
            f: Fn1d::from_name(q.text("fn")).expect("a normalized function"),
            x0: q.real("x0"),
            lr: q.real("lr"),
            steps: q.int("steps"),
        }
    }

    /// The canonical query (values clamped to the key table).
    pub fn query(&self) -> String {
        let raw = format!("fn={}&x0={}&lr={}&steps={}", self.f.name(), format_real(self.x0), format_real(self.lr), self.steps);
        normalize_query(&raw, GD1_KEYS)
    }

    /// The run with one step more than shown: its last record is the next update.
    pub fn run(&self) -> Run1d {
        descent::descend_fn1d(self.f, self.x0, self.lr, self.steps + 1)
    }

    /// The view's stop rule for the steps shown.
    pub fn finished(&self) -> bool {
        self.run().finished_after(self.steps)
    }

    pub fn apply(&mut self, m: &Move) -> Result<(), String> {
        match m {
            Move::Step => self.steps += usize::from(!self.finished()),
            Move::Reset => self.steps = 0,
            Move::Function { name } => {
                self.f = Fn1d::from_name(name).ok_or_else(|| unknown("1-D function", name, Fn1d::NAMES))?;
                self.x0 = self.f.default_start();
                self.steps = 0;
            }
            Move::Optimizer { .. } => return Err("the 1-D view has no optimizer to choose".into()),
            Move::StartAt { x, .. } => self.x0 = round_start(*x),
            Move::Nudge { dx, .. } => self.x0 = round_start(self.x0 + dx * NUDGE_1D),
        }
        Ok(())
    }

    pub fn shown(&self) -> Shown1d {
        let run = self.run();
        let progress = Progress::new(run.xs.len(), run.steps.len(), run.diverged_at, self.steps, run.stop_after(self.steps), RUN_STEPS_1D);
        let n = progress.taken;
        let closed_form = (self.f == Fn1d::Square).then(|| {
            let (monotone_below, converges_below) = descent::quadratic_rate_limits(Fn1d::Square.d2f(0.0));
            ClosedForm {
                rate: SquareRate::of(self.lr),
                monotone_below,
                converges_below,
                xs: (0..=self.steps + 1).map(|k| descent::square_closed_form(self.x0, self.lr, k)).collect(),
            }
        });
        let csv = self.csv(&run, closed_form.as_ref());
        Shown1d {
            setting: Setting { query: self.query(), function: self.f.name(), formula: self.f.formula(), lr: self.lr },
            x0: self.x0,
            progress,
            x: run.xs[n],
            fx: run.fs[n],
            slope: self.f.df(run.xs[n]),
            closed_form,
            critical_points: self.f.critical_points(),
            csv,
            rows: run.steps,
        }
    }

    /// One row per step shown: rate, x, the closed form on x², f, f′, the update, the next x.
    fn csv(&self, run: &Run1d, closed: Option<&ClosedForm>) -> Table {
        let mut header = vec!["step", "lr", "x"];
        header.extend(closed.map(|_| "x0*(1-2*lr)^step"));
        header.extend(["f(x)", "f'(x)", "update", "x_next"]);
        let rows = run.steps.iter().take(self.steps).map(|s| {
            let mut row = vec![s.step as f64, s.lr, s.x];
            row.extend(closed.map(|c| c.xs[s.step]));
            row.extend([s.fx, s.dfx, s.update, s.x_next]);
            row
        });
        Table::new(&header, rows.collect())
    }
}

// ───────────────────────────── 2-D ─────────────────────────────

/// `#/gd2`: one optimizer's trajectory on a 2-D function.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Descent2d {
    pub f: Fn2d,
    pub optimizer: OptimizerKind,
    pub start: [f64; 2],
    pub lr: f64,
    pub steps: usize,
    /// Arrows of the −∇f field all the same length (direction only).
    pub normalized: bool,
}

/// Everything `#/gd2` shows for one state.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Shown2d {
    #[serde(flatten)]
    pub setting: Setting,
    pub optimizer: &'static str,
    /// The optimizer's name as printed ("RMSprop").
    pub optimizer_label: &'static str,
    /// Plain descent (SGD) writes its update per coordinate; the others as a vector.
    pub plain_descent: bool,
    pub start: [f64; 2],
    pub normalized: bool,
    pub progress: Progress,
    /// Where the run stands after `progress.taken` steps, f there, ∇f there and |∇f|.
    pub here: At2d,
    /// The update the next step makes from `here` (None once the run diverged).
    pub next: Option<Step2d>,
    pub first_loss: f64,
    /// A loss shown is below 0 (the saddle): the loss chart cannot be logarithmic then.
    pub loss_below_zero: bool,
    pub rows: Vec<Step2d>,
    pub critical_points: Vec<CriticalPoint>,
    pub trajectory_csv: Table,
    pub loss_csv: Table,
}

impl Descent2d {
    pub fn from_query(query: &str) -> Descent2d {
        let q = LessonQuery::parse(query, GD2_KEYS);
        Descent2d {
            f: Fn2d::from_name(q.text("fn")).expect("a normalized function"),
            optimizer: OptimizerKind::from_name(q.text("opt")).expect("a normalized optimizer"),
            start: [q.real("x0"), q.real("x1")],
            lr: q.real("lr"),
            steps: q.int("steps"),
            normalized: q.int("norm") == 1,
        }
    }

    pub fn query(&self) -> String {
        let raw = format!(
            "fn={}&x0={}&x1={}&lr={}&steps={}&opt={}&norm={}",
            self.f.name(),
            format_real(self.start[0]),
            format_real(self.start[1]),
            format_real(self.lr),
            self.steps,
            self.optimizer.name(),
            u8::from(self.normalized)
        );
        normalize_query(&raw, GD2_KEYS)
    }

    /// The optimizer's run for `steps` steps (the chart draws this one).
    pub fn run_for(&self, steps: usize) -> Run2d {
        optim2d::race(self.f, self.start, &[(self.optimizer, self.lr)], steps).remove(0)
    }

    /// The run with one step more than shown: its last record is the next update.
    pub fn run(&self) -> Run2d {
        self.run_for(self.steps + 1)
    }

    pub fn finished(&self) -> bool {
        self.run().finished_after(self.steps)
    }

    /// A new function or optimizer starts over from the function's start with a rate that
    /// makes the race visible (`OptimizerKind::race_lr`).
    fn choose(&mut self, f: Fn2d, optimizer: OptimizerKind) {
        self.f = f;
        self.optimizer = optimizer;
        self.start = f.default_start();
        self.lr = optimizer.race_lr(f);
        self.steps = 0;
    }

    pub fn apply(&mut self, m: &Move) -> Result<(), String> {
        match m {
            Move::Step => self.steps += usize::from(!self.finished()),
            Move::Reset => self.steps = 0,
            Move::Function { name } => {
                let f = Fn2d::from_name(name).ok_or_else(|| unknown("2-D function", name, Fn2d::NAMES))?;
                self.choose(f, self.optimizer);
            }
            Move::Optimizer { name } => {
                let o = OptimizerKind::from_name(name).ok_or_else(|| unknown("optimizer", name, OptimizerKind::NAMES))?;
                self.choose(self.f, o);
            }
            Move::StartAt { x, y } => {
                self.start = [round_start(*x), round_start(*y)];
                self.steps = 0;
            }
            Move::Nudge { dx, dy } => {
                let d = self.f.domain();
                let step = [(d.x0.1 - d.x0.0) * NUDGE_2D_FRACTION, (d.x1.1 - d.x1.0) * NUDGE_2D_FRACTION];
                self.start = [round_start(self.start[0] + dx * step[0]), round_start(self.start[1] + dy * step[1])];
                self.steps = 0;
            }
        }
        Ok(())
    }

    pub fn shown(&self) -> Shown2d {
        let run = self.run();
        let progress = Progress::new(run.points.len(), run.steps.len(), run.diverged_at, self.steps, run.stop_after(self.steps), RUN_STEPS_2D);
        let n = progress.taken;
        Shown2d {
            setting: Setting { query: self.query(), function: self.f.name(), formula: self.f.formula(), lr: self.lr },
            optimizer: self.optimizer.name(),
            optimizer_label: self.optimizer.label(),
            plain_descent: self.optimizer == OptimizerKind::Sgd,
            start: self.start,
            normalized: self.normalized,
            progress,
            here: At2d::of(self.f, run.points[n]),
            next: run.steps.get(n).copied(),
            first_loss: run.losses[0],
            loss_below_zero: run.losses.iter().take(n + 1).any(|&v| v < 0.0),
            critical_points: self.f.critical_points(),
            trajectory_csv: trajectory_csv(&run, n),
            loss_csv: Table::new(
                &["iteration", "loss"],
                run.losses.iter().take(n + 1).enumerate().map(|(i, &v)| vec![i as f64, v]).collect(),
            ),
            rows: run.steps,
        }
    }
}

/// One row per point of the trajectory up to point n: where it is, f, ∇f there and the update
/// taken from it. A diverged run has no record from its last point: that row has its
/// position and loss only.
fn trajectory_csv(run: &Run2d, n: usize) -> Table {
    let mut rows: Vec<Vec<f64>> = run
        .steps
        .iter()
        .take(n + 1)
        .map(|s| vec![s.step as f64, s.at.x[0], s.at.x[1], s.at.fx, s.at.grad[0], s.at.grad[1], s.at.norm, s.update[0], s.update[1]])
        .collect();
    if rows.len() == n {
        let [a, b] = run.points[n];
        rows.push([vec![n as f64, a, b, run.losses[n]], vec![f64::NAN; 5]].concat());
    }
    Table::new(&["step", "x0", "x1", "f", "df_dx0", "df_dx1", "grad_norm", "update_x0", "update_x1"], rows)
}

/// The choices of the two views' selects, in the order of their key tables.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Choices {
    pub functions_1d: &'static [&'static str],
    pub functions_2d: &'static [&'static str],
    /// (name, label) of each optimizer.
    pub optimizers: Vec<(&'static str, &'static str)>,
}

pub fn choices() -> Choices {
    Choices {
        functions_1d: Fn1d::NAMES,
        functions_2d: Fn2d::NAMES,
        optimizers: OptimizerKind::ALL.iter().map(|k| (k.name(), k.label())).collect(),
    }
}
