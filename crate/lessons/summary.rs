//! Sections 4.7–4.10, "putting it together" (`#/summary?batch&hidden`), as a model the page only
//! displays: the training loop step by step with the shape of every array for the chosen sizes
//! (as `train.rs`'s `Trainer::step` and `TwoLayerNet::gradient` run it), the common mistakes
//! with the training links that reproduce and fix them, and the chapter checklist.

use super::minibatch::iterations_per_epoch;
use super::{LessonQuery, SUMMARY_KEYS};
use crate::config::{normalize_query, TRAIN_KEYS};
use serde::Serialize;

/// Training images in the book's MNIST: the updates per epoch are counted against these.
pub const BOOK_TRAIN: usize = 60_000;
/// Pixels per image and classes: the input and output widths of the book's network.
pub const INPUTS: usize = crate::digit::SIZE * crate::digit::SIZE;
pub const CLASSES: usize = crate::data::dataset::CLASSES;

/// One array of a step: what it is and its shape (empty: a single number).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArrayShape {
    pub name: &'static str,
    pub shape: Vec<usize>,
}

/// One step of the training loop: its number, its key (for its translated name and text), the
/// code that runs it and the arrays it makes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FlowStep {
    pub n: usize,
    pub key: &'static str,
    pub code: &'static str,
    pub arrays: Vec<ArrayShape>,
}

/// The steps of one update for batch size `b` and hidden width `h`, init (step 0) first.
pub fn flow_steps(b: usize, h: usize) -> Vec<FlowStep> {
    let a = |name, shape: &[usize]| ArrayShape { name, shape: shape.to_vec() };
    let (x, k) = (INPUTS, CLASSES);
    let step = |n, key, code, arrays| FlowStep { n, key, code, arrays };
    vec![
        step(0, "init", "TwoLayerNet::new", vec![a("W1", &[x, h]), a("b1", &[h]), a("W2", &[h, k]), a("b2", &[k])]),
        step(1, "sample", "sampler.next_batch", vec![a("x", &[b, x]), a("t", &[b, k])]),
        step(2, "forward", "affine1 → activation → affine2", vec![
            a("a1 = x·W1 + b1", &[b, h]),
            a("z1 = σ(a1)", &[b, h]),
            a("a2 = z1·W2 + b2", &[b, k]),
            a("y = softmax(a2)", &[b, k]),
        ]),
        step(3, "loss", "SoftmaxWithLoss::forward", vec![a("L", &[])]),
        step(4, "gradient", "TwoLayerNet::gradient", vec![
            a("dy = (y − t) / B", &[b, k]),
            a("dW2 = z1ᵀ·dy", &[h, k]),
            a("db2", &[k]),
            a("dz1 = dy·W2ᵀ", &[b, h]),
            a("da1 = dz1 ⊙ σ′", &[b, h]),
            a("dW1 = xᵀ·da1", &[x, h]),
            a("db1", &[h]),
        ]),
        step(5, "update", "optimizer.update", vec![
            a("W1 ← W1 − η·dW1", &[x, h]),
            a("b1 ← b1 − η·db1", &[h]),
            a("W2 ← W2 − η·dW2", &[h, k]),
            a("b2 ← b2 − η·db2", &[k]),
        ]),
    ]
}

/// A common mistake (§4.9): the training settings that reproduce it and those that fix it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Mistake {
    pub id: &'static str,
    pub bad: &'static str,
    pub fix: &'static str,
}

/// Added to every mistake's link: a small, repeatable run.
pub const MISTAKE_BASE: &str = "subset=1000&iters=500&seed=42";

pub const MISTAKES: &[Mistake] = &[
    Mistake { id: "lr", bad: "lr=10&batch=1&act=relu&init=he", fix: "lr=0.01&batch=1&act=relu&init=he" },
    Mistake { id: "norm", bad: "norm=0&act=relu&init=he", fix: "norm=1&act=relu&init=he" },
    Mistake { id: "shuffle", bad: "sorted=1&sampler=sequential&batch=100", fix: "sorted=1&sampler=shuffle&batch=100" },
    Mistake { id: "delta", bad: "delta=0&act=relu&init=large&norm=0", fix: "delta=1&act=relu&init=he&norm=1" },
    Mistake { id: "init", bad: "init=large", fix: "init=xavier" },
    Mistake {
        id: "batchdiv",
        bad: "bug=no-batch-division&act=relu&init=he&batch=100",
        fix: "bug=none&act=relu&init=he&batch=100",
    },
];

/// A mistake as the page links it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MistakeLinks {
    pub id: &'static str,
    /// `#/train?…` that reproduces the mistake, and the one with the fix.
    pub bad_href: String,
    pub fix_href: String,
    /// The mistake's settings as one writes them: "lr=10 batch=1 act=relu init=he".
    pub settings: String,
}

impl Mistake {
    pub fn links(&self) -> MistakeLinks {
        MistakeLinks {
            id: self.id,
            bad_href: format!("#/train?{}&{MISTAKE_BASE}", self.bad),
            fix_href: format!("#/train?{}&{MISTAKE_BASE}", self.fix),
            settings: self.bad.replace('&', " "),
        }
    }

    /// The settings that make this mistake: those of its link that its fix changes
    /// ("lr=10" for "lr=10&batch=1&…" fixed by "lr=0.01&batch=1&…").
    pub fn cause(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.bad.split('&').filter(|pair| !self.fix.split('&').any(|f| f == *pair))
    }
}

/// The mistakes a training query reproduces (ids, in `MISTAKES` order): each whose query holds
/// one of the settings of its cause. The training view opens its mistakes panel for these.
pub fn mistakes_in(query: &str) -> Vec<&'static str> {
    let canonical = normalize_query(query, TRAIN_KEYS);
    let holds = |pair: &str| canonical.split('&').any(|c| c == pair);
    MISTAKES.iter().filter(|m| m.cause().any(holds)).map(|m| m.id).collect()
}

/// The chapter checklist (§4.10): each item's key and the view that teaches it.
pub const CHECKLIST: &[(&str, &str)] = &[
    ("loss", "loss"),
    ("sse", "loss"),
    ("ce", "loss"),
    ("delta", "loss"),
    ("numdiff", "backprop"),
    ("gradient", "gd2"),
    ("descent", "gd1"),
    ("lr", "lr"),
    ("minibatch", "minibatch"),
    ("epoch", "minibatch"),
    ("net", "train"),
    ("curves", "train"),
    ("backprop", "backprop"),
    ("check", "backprop"),
];

/// A checklist item as the page lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckItem {
    pub id: &'static str,
    pub href: String,
}

/// The parts of the view that do not depend on its state: the mistakes and the checklist.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SummaryParts {
    pub mistakes: Vec<MistakeLinks>,
    pub checklist: Vec<CheckItem>,
}

pub fn parts() -> SummaryParts {
    SummaryParts {
        mistakes: MISTAKES.iter().map(Mistake::links).collect(),
        checklist: CHECKLIST.iter().map(|&(id, view)| CheckItem { id, href: format!("#/{view}") }).collect(),
    }
}

/// `#/summary?batch&hidden`: the sizes written into the flow diagram.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SummaryLesson {
    pub batch: usize,
    pub hidden: usize,
}

/// What the flow part shows for a state.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SummaryShown {
    pub query: String,
    pub batch: usize,
    pub hidden: usize,
    /// Updates per epoch over BOOK_TRAIN images at this batch size.
    pub iterations_per_epoch: usize,
    /// The training view with these sizes.
    pub train_href: String,
    pub steps: Vec<FlowStep>,
}

impl SummaryLesson {
    /// The state of a link, values clamped by `SUMMARY_KEYS`.
    pub fn from_query(query: &str) -> SummaryLesson {
        let q = LessonQuery::parse(query, SUMMARY_KEYS);
        SummaryLesson { batch: q.int("batch"), hidden: q.int("hidden") }
    }

    pub fn query(&self) -> String {
        normalize_query(&format!("batch={}&hidden={}", self.batch, self.hidden), SUMMARY_KEYS)
    }

    pub fn shown(&self) -> SummaryShown {
        SummaryShown {
            query: self.query(),
            batch: self.batch,
            hidden: self.hidden,
            iterations_per_epoch: iterations_per_epoch(BOOK_TRAIN, self.batch),
            // The loop's numbers (updates per epoch) are the book's 60,000 images': so is the run.
            train_href: format!("#/train?subset={BOOK_TRAIN}&batch={}&hidden={}", self.batch, self.hidden),
            steps: flow_steps(self.batch, self.hidden),
        }
    }
}
