//! The training view's settings: one table of (key, type, range, default) that drives both the
//! URL hash and the trainer (after TensorFlow Playground's `state.ts`). Values from a link are
//! never trusted: out-of-range numbers are clamped, unknown words fall back to the default.

use crate::data::SamplerKind;
use crate::nn::{ActivationKind, LossKind, OptimizerKind, Schedule, ScheduleKind, WeightInit};

/// What a key accepts.
#[derive(Debug, Clone, Copy)]
pub enum Spec {
    Int { min: u64, max: u64, default: u64 },
    /// An integer offered as a menu of `presets` (the default among them); a link may still
    /// ask for any value in range, which the menu then adds.
    IntMenu { min: u64, max: u64, default: u64, presets: &'static [u64] },
    Real { min: f64, max: f64, default: f64 },
    Choice { options: &'static [&'static str], default: &'static str },
    /// A 32-bit seed; empty means "pick one at random".
    Seed { default: Option<u32> },
    /// A comma-separated subset of `options`, written in their order; an empty set is kept
    /// when `allow_empty`, otherwise it becomes `default`.
    Set { options: &'static [&'static str], default: &'static str, allow_empty: bool },
}

impl Spec {
    /// "int", "real", "choice", "seed" or "set": what kind of control shows the key.
    pub fn kind(&self) -> &'static str {
        match self {
            Spec::Int { .. } | Spec::IntMenu { .. } => "int",
            Spec::Real { .. } => "real",
            Spec::Choice { .. } => "choice",
            Spec::Seed { .. } => "seed",
            Spec::Set { .. } => "set",
        }
    }

    /// The accepted range of a number (a seed is any 32-bit value); None for words.
    pub fn range(&self) -> Option<(f64, f64)> {
        match *self {
            Spec::Int { min, max, .. } | Spec::IntMenu { min, max, .. } => Some((min as f64, max as f64)),
            Spec::Real { min, max, .. } => Some((min, max)),
            Spec::Seed { .. } => Some((0.0, u32::MAX as f64)),
            Spec::Choice { .. } | Spec::Set { .. } => None,
        }
    }

    /// The words a choice or set accepts, in order; empty for numbers.
    pub fn options(&self) -> &'static [&'static str] {
        match *self {
            Spec::Choice { options, .. } | Spec::Set { options, .. } => options,
            _ => &[],
        }
    }

    /// The values an integer's menu offers, in order; empty for a plain input or a word.
    pub fn presets(&self) -> &'static [u64] {
        match *self {
            Spec::IntMenu { presets, .. } => presets,
            _ => &[],
        }
    }

    /// The default as the URL writes it.
    pub fn default_text(&self) -> String {
        normalize_value(*self, None)
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Key {
    pub name: &'static str,
    pub spec: Spec,
}

pub const LR_MIN: f64 = 1e-4;
pub const LR_MAX: f64 = 10.0;

/// The keys of `#/train?...`, in the order they are written.
pub const TRAIN_KEYS: &[Key] = &[
    Key { name: "data", spec: Spec::Choice { options: &["mnist", "fashion", "custom"], default: "mnist" } },
    // The menu: a quick 1,000, a sixth (10,000) or all 60,000 of MNIST's training images.
    Key { name: "subset", spec: Spec::IntMenu { min: 100, max: 60_000, default: 10_000, presets: &[1000, 10_000, 60_000] } },
    Key { name: "hidden", spec: Spec::Int { min: 1, max: 1000, default: 50 } },
    Key { name: "act", spec: Spec::Choice { options: ActivationKind::NAMES, default: "sigmoid" } },
    // large: N(0, 1²), the "weights too large, sigmoid saturates" mistake.
    Key { name: "init", spec: Spec::Choice { options: &["std", "xavier", "he", "large"], default: "std" } },
    Key { name: "lr", spec: Spec::Real { min: LR_MIN, max: LR_MAX, default: 0.1 } },
    Key { name: "batch", spec: Spec::Int { min: 1, max: 60_000, default: 100 } },
    Key { name: "iters", spec: Spec::Int { min: 1, max: 1_000_000, default: 10_000 } },
    Key { name: "seed", spec: Spec::Seed { default: Some(42) } },
    Key { name: "sampler", spec: Spec::Choice { options: SamplerKind::NAMES, default: "choice" } },
    // 1: the training subset is sorted by class before sampling (the unshuffled-data mistake).
    Key { name: "sorted", spec: Spec::Int { min: 0, max: 1, default: 0 } },
    // Common mistakes (section 9), reproducible from a link: raw 0..255 inputs, the loss
    // without δ, and a backprop bug.
    Key { name: "norm", spec: Spec::Int { min: 0, max: 1, default: 1 } },
    Key { name: "delta", spec: Spec::Int { min: 0, max: 1, default: 1 } },
    Key { name: "bug", spec: Spec::Choice { options: &["none", "no-batch-division", "transposed-weight-gradient", "sigmoid-derivative-on-input"], default: "none" } },
    Key { name: "opt", spec: Spec::Choice { options: OptimizerKind::NAMES, default: "sgd" } },
    // Learning-rate schedule over iterations t: constant, step (×gamma every `every`),
    // exp (η·e^(−k·t)) or inv (η / (1 + k·t)).
    Key { name: "sched", spec: Spec::Choice { options: ScheduleKind::NAMES, default: "constant" } },
    Key { name: "gamma", spec: Spec::Real { min: 0.01, max: 1.0, default: 0.5 } },
    Key { name: "every", spec: Spec::Int { min: 1, max: 1_000_000, default: 2000 } },
    Key { name: "k", spec: Spec::Real { min: 0.0, max: 0.1, default: 0.0005 } },
    // The loss after softmax: cross-entropy (the book's) or the sum of squared errors.
    Key { name: "loss", spec: Spec::Choice { options: LossKind::NAMES, default: "cee" } },
];

/// Value of `name` in a query string like `a=1&b=2` (a leading `?` or `#/view?` is ignored).
fn raw_value<'a>(query: &'a str, name: &str) -> Option<&'a str> {
    let query = query.split_once('?').map_or(query, |(_, q)| q);
    query.split('&').filter_map(|pair| pair.split_once('=')).find(|(k, _)| *k == name).map(|(_, v)| v)
}

/// A key's value as read through its spec: clamped, or the default when missing or unreadable.
/// Its text (`Display`) is what the URL writes.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Int(u64),
    Real(f64),
    /// One of a choice's options.
    Word(&'static str),
    /// None: pick a seed at random.
    Seed(Option<u32>),
    /// Members of a set, in the options' order.
    Set(Vec<&'static str>),
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Int(v) => write!(f, "{v}"),
            Value::Real(v) => f.write_str(&format_real(*v)),
            Value::Word(w) => f.write_str(w),
            Value::Seed(seed) => seed.map_or(Ok(()), |s| write!(f, "{s}")),
            Value::Set(members) => f.write_str(&members.join(",")),
        }
    }
}

impl Spec {
    /// The value of raw text from a link (None: the key is missing).
    pub fn read(&self, raw: Option<&str>) -> Value {
        let raw = raw.map(str::trim);
        // Numbers accept "1e3" or "100.0" from hand-edited links: read as a float first.
        let number = raw.and_then(|r| r.parse::<f64>().ok()).filter(|v| v.is_finite());
        match *self {
            Spec::Int { min, max, default } | Spec::IntMenu { min, max, default, .. } => Value::Int(number.map_or(default, |v| v.round().clamp(min as f64, max as f64) as u64)),
            Spec::Real { min, max, default } => Value::Real(six_digits(number.map_or(default, |v| v.clamp(min, max)))),
            Spec::Choice { options, default } => {
                Value::Word(raw.and_then(|r| options.iter().find(|o| o.eq_ignore_ascii_case(r))).copied().unwrap_or(default))
            }
            Spec::Set { options, default, allow_empty } => Value::Set(match raw {
                None => members(default),
                Some(r) => {
                    let wanted: Vec<&str> = r.split(',').map(str::trim).collect();
                    let kept: Vec<&'static str> = options.iter().copied().filter(|o| wanted.contains(o)).collect();
                    if kept.is_empty() && !allow_empty { members(default) } else { kept }
                }
            }),
            Spec::Seed { default } => Value::Seed(match raw {
                Some("") => None,
                Some(_) => number.map_or(default, |v| Some(v.round().clamp(0.0, u32::MAX as f64) as u32)),
                None => default,
            }),
        }
    }
}

/// The members of a set's default, "a,b" → ["a", "b"].
fn members(list: &'static str) -> Vec<&'static str> {
    list.split(',').filter(|m| !m.is_empty()).collect()
}

/// The normalized text of one key's value (`Spec::read`, written as the URL writes it).
pub fn normalize_value(spec: Spec, raw: Option<&str>) -> String {
    spec.read(raw).to_string()
}

/// Every key of a table read from one query, in table order, typed.
#[derive(Debug, Clone, PartialEq)]
pub struct Values {
    pairs: Vec<(&'static str, Value)>,
}

impl Values {
    /// Reads any query (a leading `?` or `#/view?` is ignored; unknown keys are dropped).
    pub fn read(query: &str, keys: &[Key]) -> Values {
        Values { pairs: keys.iter().map(|k| (k.name, k.spec.read(raw_value(query, k.name)))).collect() }
    }

    /// The value of key `name`; a name the table does not have is a bug in the caller.
    pub fn get(&self, name: &str) -> &Value {
        self.pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| v).unwrap_or_else(|| panic!("no key {name:?} in this table"))
    }
    pub fn int(&self, name: &str) -> usize {
        match self.get(name) {
            Value::Int(v) => *v as usize,
            other => panic!("key {name:?} is not an integer: {other:?}"),
        }
    }
    pub fn real(&self, name: &str) -> f64 {
        match self.get(name) {
            Value::Real(v) => *v,
            other => panic!("key {name:?} is not a real: {other:?}"),
        }
    }
    /// A choice's word.
    pub fn word(&self, name: &str) -> &'static str {
        match self.get(name) {
            Value::Word(w) => w,
            other => panic!("key {name:?} is not a choice: {other:?}"),
        }
    }
    pub fn seed(&self, name: &str) -> Option<u32> {
        match self.get(name) {
            Value::Seed(s) => *s,
            other => panic!("key {name:?} is not a seed: {other:?}"),
        }
    }
    pub fn set(&self, name: &str) -> &[&'static str] {
        match self.get(name) {
            Value::Set(members) => members,
            other => panic!("key {name:?} is not a set: {other:?}"),
        }
    }

    /// The canonical query: every key, in table order.
    pub fn to_query(&self) -> String {
        self.pairs.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&")
    }
}

/// A real number written with at most 6 significant digits, without trailing zeros.
pub fn format_real(v: f64) -> String {
    format!("{}", six_digits(v))
}

/// `v` rounded to 6 significant digits: a real key holds exactly what its text says.
fn six_digits(v: f64) -> f64 {
    format!("{v:.5e}").parse().unwrap_or(v)
}

/// Canonical query for `keys`: every key present, in table order, each value normalized.
pub fn normalize_query(query: &str, keys: &[Key]) -> String {
    Values::read(query, keys).to_query()
}

/// Validated settings of one training run.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainConfig {
    pub data: String,
    pub subset: usize,
    pub hidden: usize,
    pub activation: ActivationKind,
    pub init: WeightInit,
    pub learning_rate: f64,
    pub batch: usize,
    pub iterations: usize,
    /// None: a random seed is drawn when training starts.
    pub seed: Option<u32>,
    pub sampler: SamplerKind,
    /// Train on the subset sorted by class (to show why data must be shuffled).
    pub sorted_by_class: bool,
    /// Scale pixels to [0, 1] (false: raw 0..255).
    pub normalize: bool,
    /// Report the loss with the δ inside log (false: −log y, which can be ∞).
    pub log_delta: bool,
    /// A backprop bug to train with (section 6.2), or None.
    pub bug: Option<crate::gradcheck::Bug>,
    pub optimizer: OptimizerKind,
    pub schedule: ScheduleKind,
    /// Step decay: factor and period in iterations.
    pub decay_gamma: f64,
    pub decay_every: usize,
    /// Exponential and 1/t decay rate per iteration.
    pub decay_k: f64,
    pub loss: LossKind,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig::from_query("")
    }
}

impl TrainConfig {
    /// Reads a query (any source, any garbage); never fails, see the module comment.
    pub fn from_query(query: &str) -> Self {
        let v = Values::read(query, TRAIN_KEYS);
        TrainConfig {
            data: v.word("data").to_string(),
            subset: v.int("subset"),
            hidden: v.int("hidden"),
            activation: ActivationKind::from_name(v.word("act")).expect("a choice of the table"),
            init: match v.word("init") {
                "xavier" => WeightInit::Xavier,
                "he" => WeightInit::He,
                "large" => WeightInit::Std(crate::nn::init::LARGE_STD),
                _ => WeightInit::Std(crate::nn::init::BOOK_STD),
            },
            learning_rate: v.real("lr"),
            batch: v.int("batch"),
            iterations: v.int("iters"),
            seed: v.seed("seed"),
            sampler: SamplerKind::from_name(v.word("sampler")).expect("a choice of the table"),
            sorted_by_class: v.int("sorted") == 1,
            normalize: v.int("norm") == 1,
            log_delta: v.int("delta") == 1,
            bug: crate::gradcheck::Bug::from_name(v.word("bug")),
            optimizer: OptimizerKind::from_name(v.word("opt")).expect("a choice of the table"),
            schedule: ScheduleKind::from_name(v.word("sched")).expect("a choice of the table"),
            decay_gamma: v.real("gamma"),
            decay_every: v.int("every"),
            decay_k: v.real("k"),
            loss: LossKind::from_name(v.word("loss")).expect("a choice of the table"),
        }
    }

    /// The learning-rate schedule starting from `lr`.
    pub fn schedule_from(&self, lr: f64) -> Schedule {
        Schedule::new(self.schedule, lr, self.decay_gamma, self.decay_every, self.decay_k)
    }

    /// Whether the learning rate changes during the run (any schedule but constant): then the
    /// legend names the schedule and the page shows the current rate beside the slider's.
    pub fn schedule_varies(&self) -> bool {
        self.schedule != ScheduleKind::Constant
    }

    /// What tells runs apart on the charts' legend: "η=0.1 sgd batch 100 sigmoid h=50", and the
    /// schedule when there is one ("… h=50 step").
    pub fn run_label(&self) -> String {
        let mut label = format!(
            "η={} {} batch {} {} h={}",
            format_real(self.learning_rate),
            self.optimizer.name(),
            self.batch,
            self.activation.name(),
            self.hidden
        );
        if self.schedule_varies() {
            label = format!("{label} {}", self.schedule.name());
        }
        label
    }

    /// The canonical query that `from_query` reads back to the same config.
    pub fn to_query(&self) -> String {
        let act = self.activation.name();
        let init = match self.init {
            WeightInit::Std(s) if s >= crate::nn::init::LARGE_STD => "large",
            WeightInit::Std(_) => "std",
            WeightInit::Xavier => "xavier",
            WeightInit::He => "he",
        };
        let sampler = self.sampler.name();
        let sorted = self.sorted_by_class as u8;
        let (norm, delta) = (self.normalize as u8, self.log_delta as u8);
        let bug = self.bug.map_or("none", |b| b.name());
        let seed = self.seed.map_or(String::new(), |s| s.to_string());
        let q = format!(
            "data={}&subset={}&hidden={}&act={act}&init={init}&lr={}&batch={}&iters={}&seed={seed}&sampler={sampler}\
             &sorted={sorted}&norm={norm}&delta={delta}&bug={bug}&opt={}&sched={}&gamma={}&every={}&k={}&loss={}",
            self.data,
            self.subset,
            self.hidden,
            format_real(self.learning_rate),
            self.batch,
            self.iterations,
            self.optimizer.name(),
            self.schedule.name(),
            format_real(self.decay_gamma),
            self.decay_every,
            format_real(self.decay_k),
            self.loss.name()
        );
        normalize_query(&q, TRAIN_KEYS)
    }
}

/// The values a logarithmic slider visits with the arrow keys: 1, 2 and 5 times each power of
/// ten between `min` and `max`, and both ends. (A log slider's own step, a fraction of a decade,
/// is undone when the value is rounded to the digits shown: an arrow key would never move it.)
pub fn log_ladder(min: f64, max: f64) -> Vec<f64> {
    let mut ladder = vec![min];
    let (first, last) = (min.log10().floor() as i32, max.log10().ceil() as i32);
    for exponent in first..=last {
        for mantissa in [1.0, 2.0, 5.0] {
            let v: f64 = format!("{mantissa}e{exponent}").parse().expect("a literal float");
            if v > min * (1.0 + 1e-9) && v < max * (1.0 - 1e-9) {
                ladder.push(v);
            }
        }
    }
    ladder.push(max);
    ladder
}

/// The powers of ten from `min` to `max` (both included when they are one): the ticks under a
/// logarithmic slider.
pub fn log_decades(min: f64, max: f64) -> Vec<f64> {
    // A hair of slack so 1e-4, whose log10 is not exactly −4 everywhere, counts as a decade.
    let (first, last) = ((min.log10() - 1e-9).ceil() as i32, (max.log10() + 1e-9).floor() as i32);
    (first..=last).map(|e| format!("1e{e}").parse().expect("a literal float")).collect()
}

/// The rung next to `value` on the ladder of `min…max`: the first above it (`up`) or the last
/// below it, staying at the ends.
pub fn log_slider_step(value: f64, min: f64, max: f64, up: bool) -> f64 {
    let ladder = log_ladder(min, max);
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * b.abs();
    if up {
        ladder.iter().copied().find(|&v| v > value && !close(v, value)).unwrap_or(max)
    } else {
        ladder.iter().rev().copied().find(|&v| v < value && !close(v, value)).unwrap_or(min)
    }
}
