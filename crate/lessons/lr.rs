//! The view of §4, "learning rate" (`#/lr?lr&x0&steps&sched&gamma&every&k&race&rx0&rx1&rr&hide`),
//! as a model the page only displays: the rate lab (the chosen η beside the presets on x²),
//! the schedules, and the optimizer race. The race's keys are clamped through the 2-D view's
//! key table (race ↔ fn, rx0/rx1 ↔ x0/x1, rr ↔ norm); a missing start is the function's own,
//! a missing `rr` the rates tuned for the function, and `hide` lists the optimizers not drawn.

use super::descent::{self, Diagnosis, Regime, Schedule, ScheduleKind, SquareRate, Step1d};
use super::gd::{round_start, Move, Table};
use super::optim2d::{self, OptimizerKind};
use super::surface::{Fn1d, Fn2d};
use super::{LessonQuery, GD2_KEYS, LR_KEYS};
use crate::config::{format_real, normalize_query, Key};
use serde::Serialize;

/// A run card shows steps 0 … 3, then "…" and the last step.
pub const CARD_HEAD_ROWS: usize = 4;

/// The raw text of `name` in a query from a link (None when absent).
fn raw<'a>(query: &'a str, name: &str) -> Option<&'a str> {
    query.split('&').filter_map(|p| p.split_once('=')).find(|(k, _)| *k == name).map(|(_, v)| v)
}

/// The race's keys and the 2-D view's keys (`GD2_KEYS`) each is read through: the function, the
/// start and the tuned-rates switch.
pub const RACE_KEYS: [(&str, &str); 4] = [("race", "fn"), ("rx0", "x0"), ("rx1", "x1"), ("rr", "norm")];

/// The race's keys as keys of this view: each `GD2_KEYS` key under its race name (so an input of
/// the race spans the range its value is clamped to).
pub fn race_keys() -> Vec<Key> {
    RACE_KEYS
        .iter()
        .map(|&(name, gd2)| Key { name, spec: GD2_KEYS.iter().find(|k| k.name == gd2).expect("a key of GD2_KEYS").spec })
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LrLesson {
    pub lr: f64,
    pub x0: f64,
    pub steps: usize,
    pub schedule: ScheduleKind,
    pub gamma: f64,
    pub every: usize,
    pub k: f64,
    pub race: Fn2d,
    pub race_start: [f64; 2],
    /// The race at rates tuned for the function (`race_lr`) instead of the usual ones.
    pub tuned: bool,
    /// Per optimizer (`OptimizerKind::ALL` order): whether its path is drawn.
    pub drawn: [bool; 5],
}

/// One row of a run card: `step` None is the "…" between the first steps and the last.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CardRow {
    pub step: Option<usize>,
    /// The iterated x; NaN on the row of a step the run never took (it stopped at the bound).
    pub x: f64,
    /// x₀(1 − 2η)ⁿ.
    pub closed_form: f64,
    pub fx: f64,
}

/// One rate of the lab on x²: its diagnosis, first update, multiplier, card rows and curve.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LabRun {
    pub lr: f64,
    /// The learner's rate (the others are the presets).
    pub mine: bool,
    pub diagnosis: Diagnosis,
    #[serde(flatten)]
    pub rate: SquareRate,
    pub first: Option<Step1d>,
    pub rows: Vec<CardRow>,
    /// The run's length when it diverged.
    pub diverged_after: Option<usize>,
    /// x and f after all the steps (∞ when the run diverged before).
    pub x_end: f64,
    pub f_end: f64,
}

/// One schedule of the table: η(0), η(steps − 1), where x² ends and how it looks.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleRow {
    pub kind: &'static str,
    pub current: bool,
    pub first: f64,
    pub last: f64,
    pub x_end: f64,
    pub f_end: f64,
    pub diagnosis: Diagnosis,
    /// η(t) as a formula (none for the constant rate).
    pub formula: Option<Formula>,
}

/// The shapes of a learning curve the view explains, in its order (the book's §4.1 figure):
/// `OneStep` is x²'s own and `StuckAtChance` only a network's, so neither is one of them.
pub const SHAPES: [Diagnosis; 4] = [Diagnosis::TooSlow, Diagnosis::Good, Diagnosis::Oscillating, Diagnosis::Diverging];

/// A decaying schedule's η(t) as the page writes it: `base`, then `power` as its exponent
/// (empty: none). s is the key `every`, k the key `k`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Formula {
    pub base: &'static str,
    pub power: &'static str,
}

/// The formula of `kind` (`Schedule::lr`); None for the constant rate, which has nothing to show.
pub fn schedule_formula(kind: ScheduleKind) -> Option<Formula> {
    match kind {
        ScheduleKind::Constant => None,
        ScheduleKind::Step => Some(Formula { base: "η₀ · γ", power: "⌊t / s⌋" }),
        ScheduleKind::Exponential => Some(Formula { base: "η₀ · e", power: "−kt" }),
        ScheduleKind::InverseTime => Some(Formula { base: "η₀ / (1 + kt)", power: "" }),
    }
}

/// A table whose rows start with a name: `[name, …numbers]` once flattened.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NamedTable {
    pub header: Vec<&'static str>,
    pub rows: Vec<(&'static str, Vec<f64>)>,
}

/// One optimizer of the race after all the steps.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RaceRow {
    pub optimizer: &'static str,
    pub label: &'static str,
    /// Whether its path is drawn (the learner can hide it).
    pub drawn: bool,
    pub lr: f64,
    pub diverged_after: Option<usize>,
    pub point_end: [f64; 2],
    pub loss_end: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LrShown {
    pub query: String,
    pub lr: f64,
    pub x0: f64,
    pub steps: usize,
    /// t of the last rate used, η(steps − 1): the schedule table's last-rate column.
    pub last_step: usize,
    pub schedule: &'static str,
    pub gamma: f64,
    pub every: usize,
    pub k: f64,
    pub race: &'static str,
    pub race_formula: &'static str,
    pub race_start: [f64; 2],
    pub tuned: bool,
    pub presets: &'static [f64],
    /// The chosen rate first, then the presets it is not one of (the chart's order).
    pub lab: Vec<LabRun>,
    /// Indices into `lab` by increasing rate (the cards' order).
    pub card_order: Vec<usize>,
    pub curves_csv: Table,
    pub schedules: Vec<ScheduleRow>,
    pub schedule_csv: Table,
    pub schedule_runs_csv: Table,
    /// (name, label, rate) of the usual starting rates, for the race's other choice.
    pub usual_rates: Vec<(&'static str, &'static str, f64)>,
    /// How the tuned rates were found, for the sentence that says why they differ.
    pub tuning: Tuning,
    pub race_rows: Vec<RaceRow>,
    /// A drawn racer's loss goes below 0 (the saddle): the race's loss chart cannot be
    /// logarithmic then.
    pub race_loss_below_zero: bool,
    pub race_csv: NamedTable,
    pub race_loss_csv: Table,
    /// Every regime of x² a rate can be in (η > 0), for the list beside the tables.
    pub regimes: [Regime; 5],
    /// The diagnoses' names in the order the lab chart reads their translated labels.
    pub diagnoses: &'static [&'static str],
    /// The shapes of a learning curve the view explains (`SHAPES`).
    pub shapes: [Diagnosis; 4],
}

/// The search behind the tuned rates (`OptimizerKind::race_lr`): rates 1, 2, 5 × 10ⁿ from `min`
/// to `max`, each run `steps` steps from the function's default start.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Tuning {
    pub steps: usize,
    pub min: f64,
    pub max: f64,
}

fn ends(xs: &[f64], fs: &[f64], steps: usize) -> (f64, f64) {
    if xs.len() > steps {
        (xs[steps], fs[steps])
    } else {
        // Not reached: the run stopped at the divergence bound. Its x there is finite (the
        // closed form says where), so this is no overflow: NaN, shown as "—".
        (f64::NAN, f64::NAN)
    }
}

/// Column `i` of each of `columns`, NaN (an empty cell) where a run stopped before.
fn at(columns: &[Vec<f64>], i: usize) -> impl Iterator<Item = f64> + '_ {
    columns.iter().map(move |c| c.get(i).copied().unwrap_or(f64::NAN))
}

impl LrLesson {
    pub fn from_query(query: &str) -> LrLesson {
        let query = query.split_once('?').map_or(query, |(_, q)| q);
        let q = LessonQuery::parse(query, LR_KEYS);
        let (rx0, rx1) = (raw(query, "rx0"), raw(query, "rx1"));
        let race_raw =
            RACE_KEYS.iter().map(|&(name, gd2)| format!("{gd2}={}", raw(query, name).unwrap_or(""))).collect::<Vec<_>>().join("&");
        let r = LessonQuery::parse(&race_raw, GD2_KEYS);
        let race = Fn2d::from_name(r.text("fn")).expect("a normalized function");
        let own = race.default_start();
        LrLesson {
            lr: q.real("lr"),
            x0: q.real("x0"),
            steps: q.int("steps"),
            schedule: ScheduleKind::from_name(q.text("sched")).expect("a normalized schedule"),
            gamma: q.real("gamma"),
            every: q.int("every"),
            k: q.real("k"),
            race,
            race_start: [rx0.map_or(own[0], |_| r.real("x0")), rx1.map_or(own[1], |_| r.real("x1"))],
            tuned: raw(query, "rr").is_none_or(|_| r.int("norm") == 1),
            drawn: OptimizerKind::ALL.map(|k| !raw(query, "hide").unwrap_or("").split(',').any(|n| OptimizerKind::from_name(n) == Some(k))),
        }
    }

    pub fn query(&self) -> String {
        let lesson = format!(
            "lr={}&x0={}&steps={}&sched={}&gamma={}&every={}&k={}",
            format_real(self.lr),
            format_real(self.x0),
            self.steps,
            self.schedule.name(),
            format_real(self.gamma),
            self.every,
            format_real(self.k)
        );
        let hidden: Vec<&str> = OptimizerKind::ALL.iter().zip(self.drawn).filter(|(_, d)| !d).map(|(k, _)| k.name()).collect();
        let hide = if hidden.is_empty() { String::new() } else { format!("&hide={}", hidden.join(",")) };
        format!(
            "{}&race={}&rx0={}&rx1={}&rr={}{hide}",
            normalize_query(&lesson, LR_KEYS),
            self.race.name(),
            format_real(self.race_start[0]),
            format_real(self.race_start[1]),
            u8::from(self.tuned)
        )
    }

    /// The race's moves: another function (its own start) or a start clicked on the plot.
    pub fn apply(&mut self, m: &Move) -> Result<(), String> {
        match m {
            Move::Function { name } => {
                self.race = Fn2d::from_name(name).ok_or_else(|| format!("unknown 2-D function {name:?}"))?;
                self.race_start = self.race.default_start();
            }
            Move::StartAt { x, y } => self.race_start = [round_start(*x), round_start(*y)],
            other => return Err(format!("the learning-rate view has no move {other:?}")),
        }
        Ok(())
    }

    /// The chosen rate first, then the presets it is not one of.
    pub fn rates(&self) -> Vec<f64> {
        std::iter::once(self.lr).chain(descent::PRESET_RATES.into_iter().filter(|&r| r != self.lr)).collect()
    }

    fn lab_run(&self, lr: f64) -> (LabRun, Vec<f64>) {
        let run = descent::descend_fn1d(Fn1d::Square, self.x0, lr, self.steps);
        let last = run.xs.len() - 1;
        let closed = |n: usize| descent::square_closed_form(self.x0, lr, n);
        let row = |n: usize| CardRow { step: Some(n), x: run.xs[n], closed_form: closed(n), fx: run.fs[n] };
        let mut rows: Vec<CardRow> = if last <= CARD_HEAD_ROWS + 1 {
            (0..=last).map(row).collect()
        } else {
            let gap = CardRow { step: None, x: f64::NAN, closed_form: f64::NAN, fx: f64::NAN };
            (0..CARD_HEAD_ROWS).map(row).chain([gap, row(last)]).collect()
        };
        if run.diverged() && last < self.steps {
            // The last step asked for, never iterated (the run stopped at the bound): only the
            // closed form says where x would be. NaN marks the cells not computed.
            rows.push(CardRow { step: Some(self.steps), x: f64::NAN, closed_form: closed(self.steps), fx: f64::NAN });
        }
        let (x_end, f_end) = ends(&run.xs, &run.fs, self.steps);
        let lab = LabRun {
            lr,
            mine: lr == self.lr,
            diagnosis: Diagnosis::of(&run),
            rate: SquareRate::of(lr),
            first: run.steps.first().copied(),
            rows,
            diverged_after: run.diverged_at.map(|_| last),
            x_end,
            f_end,
        };
        (lab, run.fs)
    }

    fn schedule_of(&self, kind: ScheduleKind) -> Schedule {
        Schedule::new(kind, self.lr, self.gamma, self.every, self.k)
    }

    pub fn race_rate(&self, kind: OptimizerKind) -> f64 {
        if self.tuned {
            kind.race_lr(self.race)
        } else {
            kind.default_lr()
        }
    }

    /// Every optimizer at its rate from the race's start.
    pub fn race_entrants(&self) -> Vec<(OptimizerKind, f64)> {
        OptimizerKind::ALL.iter().map(|&k| (k, self.race_rate(k))).collect()
    }

    /// The race's runs as the charts draw them: every optimizer in `ALL` order (so each keeps
    /// its colour), a hidden one as an empty run (no path, no legend entry).
    pub fn race_runs(&self) -> Vec<(OptimizerKind, f64, descent::Run2d)> {
        let entrants = self.race_entrants();
        let runs = optim2d::race(self.race, self.race_start, &entrants, self.steps);
        runs.into_iter()
            .zip(entrants)
            .zip(self.drawn)
            .map(|((run, (k, lr)), drawn)| {
                let empty = descent::Run2d { steps: Vec::new(), points: Vec::new(), losses: Vec::new(), diverged_at: None };
                (k, lr, if drawn { run } else { empty })
            })
            .collect()
    }

    pub fn shown(&self) -> LrShown {
        let steps = self.steps;
        let (lab, curves): (Vec<LabRun>, Vec<Vec<f64>>) = self.rates().into_iter().map(|lr| self.lab_run(lr)).unzip();
        let card_order = crate::order::order_by(lab.len(), &|a, b| lab[a].lr.total_cmp(&lab[b].lr));
        let curves_header: Vec<String> = std::iter::once("iteration".to_string())
            .chain(lab.iter().map(|r| format!("f(x) lr={} ({})", format_real(r.lr), Diagnosis::NAMES[r.diagnosis as usize])))
            .collect();
        let curves_csv = Table {
            header: curves_header,
            rows: (0..=steps).map(|i| std::iter::once(i as f64).chain(at(&curves, i)).collect()).collect(),
        };

        let f = Fn1d::Square;
        let mut schedules = Vec::new();
        let (mut etas, mut losses) = (Vec::new(), Vec::new());
        for kind in ScheduleKind::ALL {
            let s = self.schedule_of(kind);
            let rates = s.rates(steps);
            let run = descent::descend_1d(|x| f.f(x), |x| f.df(x), self.x0, &s, steps);
            let (x_end, f_end) = ends(&run.xs, &run.fs, steps);
            schedules.push(ScheduleRow {
                kind: kind.name(),
                current: kind == self.schedule,
                first: rates[0],
                last: rates[steps - 1],
                x_end,
                f_end,
                diagnosis: Diagnosis::of(&run),
                formula: schedule_formula(kind),
            });
            etas.push(rates);
            losses.push(run.fs);
        }
        let eta_header: Vec<String> = ScheduleKind::NAMES.iter().map(|k| format!("eta_{k}")).collect();
        let f_header: Vec<String> = ScheduleKind::NAMES.iter().map(|k| format!("f_{k}")).collect();
        let column_table = |first: &str, names: Vec<String>, columns: &[Vec<f64>], n: usize| Table {
            header: std::iter::once(first.to_string()).chain(names).collect(),
            rows: (0..n).map(|i| std::iter::once(i as f64).chain(at(columns, i)).collect()).collect(),
        };
        let schedule_csv = column_table("t", eta_header, &etas, steps);
        let schedule_runs_csv = column_table("iteration", f_header, &losses, steps + 1);

        let entrants = self.race_entrants();
        let runs = optim2d::race(self.race, self.race_start, &entrants, steps);
        let race_loss_below_zero = runs.iter().zip(self.drawn).any(|(run, drawn)| drawn && run.losses.iter().any(|&v| v < 0.0));
        let race_rows = runs
            .iter()
            .zip(&entrants)
            .zip(self.drawn)
            .map(|((run, &(kind, lr)), drawn)| RaceRow {
                optimizer: kind.name(),
                label: kind.label(),
                drawn,
                lr,
                diverged_after: run.diverged_at.map(|_| run.points.len() - 1),
                point_end: run.points.get(steps).copied().unwrap_or([f64::NAN; 2]),
                loss_end: run.losses.get(steps).copied().unwrap_or(f64::NAN),
            })
            .collect();
        let mut race_csv = NamedTable { header: vec!["optimizer", "lr", "step", "x0", "x1", "f"], rows: Vec::new() };
        let mut race_names = Vec::new();
        for (run, &(kind, lr)) in runs.iter().zip(&entrants) {
            race_names.push(kind.name().to_string());
            for (i, (p, loss)) in run.points.iter().zip(&run.losses).enumerate() {
                race_csv.rows.push((kind.name(), vec![lr, i as f64, p[0], p[1], *loss]));
            }
        }
        let race_losses: Vec<Vec<f64>> = runs.iter().map(|r| r.losses.clone()).collect();
        let race_loss_csv = column_table("iteration", race_names, &race_losses, steps + 1);

        LrShown {
            query: self.query(),
            lr: self.lr,
            x0: self.x0,
            steps,
            last_step: steps.saturating_sub(1),
            schedule: self.schedule.name(),
            gamma: self.gamma,
            every: self.every,
            k: self.k,
            race: self.race.name(),
            race_formula: self.race.formula(),
            race_start: self.race_start,
            tuned: self.tuned,
            presets: &descent::PRESET_RATES,
            lab,
            card_order,
            curves_csv,
            schedules,
            schedule_csv,
            schedule_runs_csv,
            usual_rates: OptimizerKind::ALL.iter().map(|k| (k.name(), k.label(), k.default_lr())).collect(),
            tuning: Tuning { steps: optim2d::TUNING_STEPS, min: crate::config::LR_MIN, max: crate::config::LR_MAX },
            race_rows,
            race_loss_below_zero,
            race_csv,
            race_loss_csv,
            regimes: [Regime::Shrinks, Regime::Lands, Regime::Alternates, Regime::Bounces, Regime::Grows],
            diagnoses: Diagnosis::NAMES,
            shapes: SHAPES,
        }
    }
}
