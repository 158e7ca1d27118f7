//! Training on real MNIST reaches the book's accuracy.
mod common;

use gradlab::config::TrainConfig;
use gradlab::train::Trainer;
use std::sync::Arc;

#[test]
fn book_setup_on_10k_subset_reaches_90_percent_in_3000_iterations() {
    // 784-50-10 sigmoid, std 0.01 init, SGD 0.1, batch 100 (a NumPy run of the same gets 0.91).
    let train = Arc::new(common::load_mnist("train"));
    let test = Arc::new(common::load_mnist("t10k"));
    assert_eq!((train.len(), test.len()), (60_000, 10_000));
    let config = TrainConfig::from_query("subset=10000&hidden=50&act=sigmoid&init=std&lr=0.1&batch=100&iters=3000&seed=1");
    let mut trainer = Trainer::new(config, train, test).unwrap();
    assert_eq!(trainer.iterations_per_epoch(), 100);
    assert_eq!(trainer.run(10_000), 3000);
    let losses = trainer.take_losses();
    let epochs = trainer.take_epochs();
    assert_eq!(losses.len(), 3000);
    assert_eq!(epochs.len(), 30);
    let last = epochs.last().unwrap();
    println!("after 3000 iterations: train {:.4}, test {:.4}, loss {:.4}", last.train_accuracy, last.test_accuracy, losses[2999]);
    assert!(losses[0] > 2.2 && losses[0] < 2.4, "initial loss ≈ ln 10 = 2.303, got {}", losses[0]);
    assert!(last.test_accuracy >= 0.90, "test accuracy {}", last.test_accuracy);
}

#[test]
fn a_huge_learning_rate_is_caught_as_divergence() {
    // With batch 1 and η = 10 every step overshoots: the loss climbs far above its start.
    let data = Arc::new(common::load_mnist("t10k"));
    let config = TrainConfig::from_query("subset=1000&hidden=50&act=relu&init=he&lr=10&batch=1&iters=500&seed=3");
    let mut trainer = Trainer::new(config, data.clone(), data).unwrap();
    let ran = trainer.run(500);
    assert!(trainer.diverged(), "η = 10 with batch 1 should be flagged as diverging");
    assert!(ran < 500 && trainer.finished());
    let losses = trainer.take_losses();
    let tail = &losses[losses.len() - 5..];
    assert!(tail.iter().sum::<f32>() / 5.0 > 2.0 * losses[0], "loss should have exploded: {tail:?}");
    assert_eq!(trainer.run(10), 0, "a diverged run does not continue");
}

#[test]
fn the_same_seed_repeats_a_run_exactly() {
    let data = Arc::new(common::load_mnist("t10k"));
    let run = || {
        let config = TrainConfig::from_query("subset=1000&batch=50&iters=40&seed=9&sampler=shuffle");
        let mut t = Trainer::new(config, data.clone(), data.clone()).unwrap();
        t.run(40);
        t.take_losses()
    };
    assert_eq!(run(), run());
}

#[test]
fn adam_and_a_step_schedule_train_too() {
    let data = Arc::new(common::load_mnist("t10k"));
    let config = TrainConfig::from_query("subset=2000&hidden=50&act=relu&init=he&lr=0.001&opt=adam&sched=step&gamma=0.5&every=100&iters=300&seed=4");
    let mut trainer = Trainer::new(config, data.clone(), data).unwrap();
    assert_eq!(trainer.current_learning_rate(), 0.001);
    trainer.run(150);
    assert!((trainer.current_learning_rate() - 0.0005).abs() < 1e-12, "halved after 100 iterations");
    trainer.run(150);
    let last = trainer.take_epochs().last().copied().unwrap();
    assert!(last.train_accuracy > 0.85, "Adam should fit 2000 images quickly: {}", last.train_accuracy);
}

#[test]
fn unshuffled_class_sorted_data_trains_badly_and_shuffling_fixes_it() {
    // The seed's warning: on data sorted by class, consecutive batches hold one class, and
    // the network mostly remembers the last classes it saw.
    let data = Arc::new(common::load_mnist("t10k"));
    let run = |sampler: &str| {
        let q = format!("subset=5000&hidden=50&act=sigmoid&lr=0.5&batch=100&iters=500&seed=8&sorted=1&sampler={sampler}");
        let mut t = Trainer::new(TrainConfig::from_query(&q), data.clone(), data.clone()).unwrap();
        t.run(500);
        t.take_epochs().last().unwrap().test_accuracy
    };
    let (sorted, shuffled) = (run("sequential"), run("shuffle"));
    println!("class-sorted sequential: {sorted:.3}, shuffled: {shuffled:.3}");
    assert!(shuffled > 0.8 && sorted < shuffled - 0.2, "sequential {sorted}, shuffled {shuffled}");
}

#[test]
fn the_common_mistakes_of_section_9_each_hurt_training() {
    let data = Arc::new(common::load_mnist("t10k"));
    let run = |extra: &str| {
        // Extra keys first: the first occurrence of a key wins.
        let q = format!("{extra}&subset=2000&hidden=50&lr=0.5&batch=100&iters=300&seed=12");
        let mut t = Trainer::new(TrainConfig::from_query(&q), data.clone(), data.clone()).unwrap();
        t.run(300);
        let acc = t.evaluate().test_accuracy;
        let losses = t.take_losses();
        println!("{extra:>24}: test {acc:.3}, diverged {}, last loss {:?}", t.diverged(), losses.last());
        (acc, t.diverged(), losses)
    };
    let (good, _, _) = run("");
    assert!(good > 0.8, "baseline {good}");
    let (raw, _, _) = run("norm=0");
    assert!(raw < good - 0.1, "raw 0..255 inputs saturate the sigmoid: {raw}");
    let (large, _, _) = run("init=large");
    assert!(large < good - 0.05, "N(0,1) weights saturate the sigmoid: {large}");
    let (nodiv, _, _) = run("bug=no-batch-division");
    assert!(nodiv < good - 0.1, "gradient 100× too large: {nodiv}");
    // Without δ, a true-class probability that underflows to 0 makes the reported loss ∞; with
    // δ the same run (same gradients: δ never enters them) reports finite losses throughout.
    let (acc_without, diverged_without, without) = run("act=relu&init=large&norm=0&delta=0");
    let (acc_with, diverged_with, with) = run("act=relu&init=large&norm=0&delta=1");
    assert!(without.iter().any(|l| l.is_infinite()), "expected log(0) = −∞ somewhere");
    assert!(with.iter().all(|l| l.is_finite()), "δ keeps every loss finite");
    assert_eq!((acc_without, diverged_without), (acc_with, diverged_with), "δ changes the report, not the training");
}

#[test]
fn each_learning_curve_shape_of_section_4_3_appears_on_real_mnist() {
    use gradlab::lessons::curves::{chance, diagnose_curve, shape_query, Diagnosis, SHAPE_RATES};
    // The lab's data: the first 2,000 training images; tested here on the whole test set.
    let train = Arc::new(common::load_mnist("train"));
    let test = Arc::new(common::load_mnist("t10k"));
    let mut shapes = Vec::new();
    for lr in SHAPE_RATES {
        let mut t = Trainer::new(TrainConfig::from_query(&shape_query(lr)), train.clone(), test.clone()).unwrap();
        t.run(300);
        let accuracy = t.take_epochs().last().map(|e| e.test_accuracy);
        let losses = t.take_losses();
        let shape = diagnose_curve(&losses, t.diverged(), accuracy);
        println!("η = {lr}: {} (last loss {:?}, test accuracy {accuracy:?})", shape.name(), losses.last());
        if shape == Diagnosis::StuckAtChance {
            let tail = &losses[losses.len() - 30..];
            let mean = tail.iter().sum::<f32>() as f64 / 30.0;
            assert!((mean - chance().loss).abs() < 0.05, "stuck means a loss of ln 10, got {mean}");
        }
        shapes.push(shape);
    }
    use Diagnosis::*;
    // Found by running rates from 0.003 to 4 (1.3 to 1.7 and 2 zig-zag, 1.5, 1.8 and 2.2 collapse).
    assert_eq!(shapes, [TooSlow, Good, Oscillating, StuckAtChance, Diverging]);
}

/// The loss lesson's comparison run (the book's network on 10,000 images) with one loss.
fn train_with_loss(loss: &str, iters: usize) -> (Vec<f32>, Vec<gradlab::train::EpochRecord>) {
    let train = Arc::new(common::load_mnist("train"));
    let test = Arc::new(common::load_mnist("t10k"));
    let kind = gradlab::nn::LossKind::from_name(loss).unwrap();
    // the lesson's own runs (#/loss), with the whole test set
    let q = gradlab::lessons::curves::loss_comparison_query(kind);
    assert!(q.contains(&format!("iters={iters}&")), "{q}");
    let mut trainer = Trainer::new(TrainConfig::from_query(&q), train, test).unwrap();
    trainer.run(iters);
    (trainer.take_losses(), trainer.take_epochs())
}

#[test]
fn squared_error_training_lowers_its_loss_but_cross_entropy_learns_faster() {
    let iters = 1000;
    let (ce_losses, ce) = train_with_loss("cee", iters);
    let (sse_losses, sse) = train_with_loss("sse", iters);
    let mean = |v: &[f32]| v.iter().map(|&x| x as f64).sum::<f64>() / v.len() as f64;
    // ½ Σ (y − t)² with y ≈ 1/10 everywhere: ½ (0.9² + 9 · 0.1²) = 0.45
    assert!((sse_losses[0] - 0.45).abs() < 0.01, "initial SSE {}", sse_losses[0]);
    assert!(mean(&sse_losses[iters - 100..]) < mean(&sse_losses[..100]), "SSE training lowers the SSE");
    for (c, s) in ce.iter().zip(&sse) {
        println!("epoch {:.0}: test accuracy CE {:.4}, SSE {:.4}", c.epoch, c.test_accuracy, s.test_accuracy);
    }
    let (c, s) = (ce.last().unwrap().test_accuracy, sse.last().unwrap().test_accuracy);
    assert!(c > s + 0.05, "after {iters} steps: CE {c} vs SSE {s}");
    let _ = ce_losses;
}

#[test]
fn steps_to_evaluation_lands_on_each_epoch_record() {
    // 250 images, batch 100: 250 / 100 = 2 updates per epoch (the trainer's integer division),
    // and 5 iterations, so evaluations come after updates 2, 4 and 5 (the last).
    let data = Arc::new(common::load_mnist("t10k"));
    let config = TrainConfig::from_query("subset=250&hidden=10&batch=100&iters=5&seed=1");
    let mut trainer = Trainer::new(config, data.clone(), data).unwrap();
    assert_eq!(trainer.iterations_per_epoch(), 2);
    let mut evaluated_after = Vec::new();
    let mut announced = Vec::new();
    while !trainer.finished() {
        if trainer.steps_to_evaluation() == 1 {
            announced.push(trainer.iteration() + 1);
        }
        trainer.step();
        if !trainer.take_epochs().is_empty() {
            evaluated_after.push(trainer.iteration());
        }
    }
    assert_eq!(evaluated_after, vec![2, 4, 5]);
    assert_eq!(announced, evaluated_after, "the worker's slice boundary is where the trainer evaluates");
    assert_eq!(trainer.steps_to_evaluation(), 0, "nothing left after the last iteration");
}

#[test]
fn the_divergence_cause_is_the_settings_mistake_before_the_learning_rate() {
    use gradlab::train::DivergenceCause::{self, *};
    let cause = |q: &str| DivergenceCause::of(&TrainConfig::from_query(q));
    assert_eq!(cause("lr=10"), LearningRate);
    assert_eq!(cause("norm=0"), UnscaledInputs);
    assert_eq!(cause("norm=0&lr=10&bug=no-batch-division"), UnscaledInputs, "raw inputs first: scaling them lets the rate work");
    assert_eq!(cause("bug=transposed-weight-gradient&lr=10"), BackpropBug);
    assert_eq!((UnscaledInputs.name(), BackpropBug.name(), LearningRate.name()), ("unscaled-inputs", "backprop-bug", "learning-rate"));
    // The page words each cause by the message keyed `diverged.msg.<name>` (train-view.js).
    for lang in ["en", "ja"] {
        let table = std::fs::read_to_string(format!("{}/www/locales/{lang}.json", env!("CARGO_MANIFEST_DIR"))).unwrap();
        for c in [UnscaledInputs, BackpropBug, LearningRate] {
            assert!(table.contains(&format!("\"diverged.msg.{}\":", c.name())), "{lang}.json has no message for {}", c.name());
        }
    }
}

#[test]
fn a_diverged_run_names_raw_inputs_a_backprop_bug_or_the_learning_rate() {
    use gradlab::train::DivergenceCause::*;
    let data = Arc::new(common::load_mnist("t10k"));
    let run = |q: &str| {
        let q = format!("{q}&subset=1000&iters=100&seed=5");
        let mut t = Trainer::new(TrainConfig::from_query(&q), data.clone(), data.clone()).unwrap();
        t.run(100);
        println!("{q}: diverged {} at {}, cause {:?}", t.diverged(), t.iteration(), t.divergence_cause());
        t.divergence_cause()
    };
    // ReLU/He at η = 0.01 on raw 0…255 pixels diverges; the same rate on [0, 1] inputs does not,
    // so "lower the learning rate" would be the wrong advice.
    assert_eq!(run("norm=0&act=relu&init=he&lr=0.01"), Some(UnscaledInputs));
    assert_eq!(run("norm=1&act=relu&init=he&lr=0.01"), None);
    // A gradient 100× too large (not divided by the batch) diverges where the correct one trains.
    assert_eq!(run("bug=no-batch-division&act=relu&init=he&lr=0.1"), Some(BackpropBug));
    assert_eq!(run("act=relu&init=he&lr=0.1"), None);
    assert_eq!(run("act=relu&init=he&lr=10&batch=1"), Some(LearningRate));
}

#[test]
fn the_losses_taken_start_at_the_iteration_the_trainer_names() {
    // What the workers post as a progress message's first iteration, and where a new rate starts.
    let data = Arc::new(common::load_mnist("t10k"));
    let config = TrainConfig::from_query("subset=1000&hidden=10&act=sigmoid&init=std&lr=0.1&batch=50&iters=100&seed=5");
    let mut trainer = Trainer::new(config, data.clone(), data).unwrap();
    assert_eq!((trainer.first_untaken_iteration(), trainer.next_iteration()), (1, 1), "nothing run yet");
    let mut taken = 0;
    for steps in [7, 1, 30] {
        trainer.run(steps);
        let first = trainer.first_untaken_iteration();
        let losses = trainer.take_losses();
        assert_eq!(first, taken + 1, "the first loss after {taken} taken");
        assert_eq!(first + losses.len() - 1, trainer.iteration(), "the last loss is the current iteration's");
        taken += losses.len();
        assert_eq!(trainer.next_iteration(), trainer.iteration() + 1);
    }
    assert_eq!(trainer.first_untaken_iteration(), trainer.iteration() + 1, "all taken: the next loss comes next");
}
