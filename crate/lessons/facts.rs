//! The numbers the lesson prose writes in its sentences ("Logarithmic scale, 0.0001 to 10.",
//! "h = 10⁻⁴", "60,000 / 100 = 600"): one table, each entry read from the constant that
//! defines it, so a sentence cannot go on stating a value the core no longer uses. The page
//! fills a `{name}` placeholder of any text from this table (www/i18n.js) when the caller
//! gives no value of that name.

use super::surface::{Fn1d, Fn2d};
use super::{curves, cycle, descent, minibatch, summary, LessonQuery, GD2_KEYS, LOSS_KEYS};
use crate::config::{LR_MAX, LR_MIN};
use crate::numerical_training::BOOK;
use serde::Serialize;

/// One number of the prose, with the form the page writes it in.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Fact {
    /// A count, grouped as the page's language groups digits: 60,000.
    Count(usize),
    /// A decimal as the page writes numbers: 0.0001, 0.01, 10.
    Number(f64),
    /// A power of ten by its exponent: −4 is written 10⁻⁴.
    Power(i32),
    /// As code writes it, unchanged: 1e-7.
    Code(String),
}

/// The prose's numbers by placeholder name.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TextFacts {
    /// An MNIST image: `side` × `side` = `pixels` inputs; `classes` outputs.
    pub pixels: Fact,
    pub side: Fact,
    pub classes: Fact,
    /// The drawn digit's ink is scaled to fit a box of this many pixels (as MNIST's was).
    pub ink_box: Fact,
    /// The book's network and training: 784-`bookHidden`-10, batches of `bookBatch`, on
    /// `trainImages` images: `bookEpochUpdates` updates per epoch.
    pub book_hidden: Fact,
    pub book_batch: Fact,
    pub train_images: Fact,
    pub book_epoch_updates: Fact,
    /// The book's weight spread, and the "too large" one.
    pub book_std: Fact,
    pub large_std: Fact,
    /// The book's step of the numerical gradient.
    pub book_h: Fact,
    /// Cross-entropy's δ inside the log, as a power, as code, and −log δ (the loss at y = 0).
    pub delta: Fact,
    pub delta_code: Fact,
    pub delta_loss: Fact,
    /// The learning-rate key's range (every view's `lr`).
    pub lr_min: Fact,
    pub lr_max: Fact,
    /// The loss lesson's `p` key's range.
    pub p_min: Fact,
    pub p_max: Fact,
    /// The test images every lesson lab measures on.
    pub lab_test_images: Fact,
    /// The common mistakes' training links: images and iterations.
    pub mistake_images: Fact,
    pub mistake_iterations: Fact,
    /// The batch the mini-batch lesson's linear scaling refers to.
    pub reference_batch: Fact,
    /// A descent run stops once |x| passes this.
    pub divergence_bound: Fact,
    /// The smallest and largest h of the step-size study.
    pub study_h_min: Fact,
    pub study_h_max: Fact,
    /// The points the step-size study differentiates sin x, eˣ and x³ at.
    pub study_sin_at: Fact,
    pub study_exp_at: Fact,
    pub study_cube_at: Fact,
    /// The usual starting rate of RMSprop and Adam (the optimizer race's "usual" rates).
    pub adam_usual_lr: Fact,
    /// The optimizers the race runs side by side (one trajectory each).
    pub race_optimizers: Fact,
    /// On f = x², gradient descent converges (the loss falls) for η below this.
    pub square_converges_below: Fact,
    /// The stages of one training step (the cycle's "Steps 1–n").
    pub cycle_steps: Fact,
    /// #/gd2's worked first step, from its defaults (`GD2_KEYS`): the start, ∇f there and its
    /// length, the rate, and where the first update goes.
    pub gd2_x0: Fact,
    pub gd2_x1: Fact,
    pub gd2_grad0: Fact,
    pub gd2_grad1: Fact,
    pub gd2_grad_norm: Fact,
    pub gd2_lr: Fact,
    pub gd2_next0: Fact,
    pub gd2_next1: Fact,
}

/// #/gd2's first step from its defaults: start, ∇f there, |∇f|, the rate, and the point after.
fn gd2_first_step() -> ([f64; 2], [f64; 2], f64, f64, [f64; 2]) {
    let q = LessonQuery::parse("", GD2_KEYS);
    let f = Fn2d::from_name(q.text("fn")).expect("the default function");
    let (x, lr) = ([q.real("x0"), q.real("x1")], q.real("lr"));
    let g = f.grad(x);
    (x, g, g[0].hypot(g[1]), lr, [x[0] - lr * g[0], x[1] - lr * g[1]])
}

/// The exponent n of 10ⁿ = `v` (a constant that is a power of ten; tests/lessons.rs checks).
fn exponent(v: f64) -> i32 {
    v.log10().round() as i32
}

/// The value of `key` in a query such as `summary::MISTAKE_BASE` ("subset=1000&iters=500&…").
fn query_count(query: &str, key: &str) -> usize {
    query.split('&').find_map(|pair| pair.strip_prefix(key)?.strip_prefix('=')).and_then(|v| v.parse().ok()).unwrap_or_default()
}

/// The range of a lesson key of `keys`.
fn key_range(keys: &[crate::config::Key], name: &str) -> (f64, f64) {
    keys.iter().find(|k| k.name == name).and_then(|k| k.spec.range()).expect("a number key of the table")
}

/// Every number the prose uses, from its defining constant.
pub fn text_facts() -> TextFacts {
    let (p_min, p_max) = key_range(LOSS_KEYS, "p");
    let (start, grad, grad_norm, lr, next) = gd2_first_step();
    TextFacts {
        pixels: Fact::Count(summary::INPUTS),
        side: Fact::Count(crate::digit::SIZE),
        classes: Fact::Count(summary::CLASSES),
        ink_box: Fact::Count(crate::digit::BOX),
        book_hidden: Fact::Count(BOOK.hidden),
        book_batch: Fact::Count(BOOK.batch),
        train_images: Fact::Count(summary::BOOK_TRAIN),
        book_epoch_updates: Fact::Count(minibatch::iterations_per_epoch(summary::BOOK_TRAIN, BOOK.batch)),
        book_std: Fact::Number(crate::nn::init::BOOK_STD),
        large_std: Fact::Number(crate::nn::init::LARGE_STD),
        book_h: Fact::Power(exponent(crate::gradcheck::BOOK_H)),
        delta: Fact::Power(exponent(crate::nn::loss::LOG_DELTA)),
        delta_code: Fact::Code(format!("{:e}", crate::nn::loss::LOG_DELTA)),
        delta_loss: Fact::Number((-crate::nn::loss::LOG_DELTA.ln() * 1000.0).round() / 1000.0),
        lr_min: Fact::Number(LR_MIN),
        lr_max: Fact::Number(LR_MAX),
        p_min: Fact::Number(p_min),
        p_max: Fact::Number(p_max),
        lab_test_images: Fact::Count(curves::LAB_DATA.test_images),
        mistake_images: Fact::Count(query_count(summary::MISTAKE_BASE, "subset")),
        mistake_iterations: Fact::Count(query_count(summary::MISTAKE_BASE, "iters")),
        reference_batch: Fact::Count(curves::REFERENCE_BATCH),
        divergence_bound: Fact::Power(exponent(descent::DIVERGENCE_BOUND)),
        study_h_min: Fact::Power(exponent(10f64.powf(crate::gradcheck::STUDY_LOG_H_MIN))),
        study_h_max: Fact::Number(10f64.powf(crate::gradcheck::STUDY_LOG_H_MAX)),
        study_sin_at: Fact::Number(crate::gradcheck::STUDY_SIN_AT),
        study_exp_at: Fact::Number(crate::gradcheck::STUDY_EXP_AT),
        study_cube_at: Fact::Number(crate::gradcheck::STUDY_CUBE_AT),
        adam_usual_lr: Fact::Number(crate::nn::OptimizerKind::Adam.default_lr()),
        race_optimizers: Fact::Count(crate::nn::OptimizerKind::ALL.len()),
        square_converges_below: Fact::Number(descent::quadratic_rate_limits(Fn1d::Square.d2f(0.0)).1),
        cycle_steps: Fact::Count(cycle::step_stages().len()),
        gd2_x0: Fact::Number(start[0]),
        gd2_x1: Fact::Number(start[1]),
        gd2_grad0: Fact::Number(grad[0]),
        gd2_grad1: Fact::Number(grad[1]),
        gd2_grad_norm: Fact::Number(grad_norm),
        gd2_lr: Fact::Number(lr),
        gd2_next0: Fact::Number(next[0]),
        gd2_next1: Fact::Number(next[1]),
    }
}
