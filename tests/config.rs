//! The URL state table: canonical form, clamping, round trip.

use gradlab::config::{normalize_query, TrainConfig, TRAIN_KEYS};
use gradlab::nn::ActivationKind;

#[test]
fn defaults_are_the_books_setup() {
    let c = TrainConfig::from_query("");
    assert_eq!((c.subset, c.hidden, c.batch, c.iterations), (10_000, 50, 100, 10_000));
    assert_eq!(c.learning_rate, 0.1);
    assert_eq!(c.activation, ActivationKind::Sigmoid);
    assert_eq!(c.seed, Some(42));
}

#[test]
fn out_of_range_values_are_clamped_and_garbage_ignored() {
    let q = normalize_query("#/train?lr=500&hidden=0&batch=abc&act=RELU&seed=-5&iters=1e3&evil=1", TRAIN_KEYS);
    assert_eq!(
        q,
        "data=mnist&subset=10000&hidden=1&act=relu&init=std&lr=10&batch=100&iters=1000&seed=0&sampler=choice\
         &sorted=0&norm=1&delta=1&bug=none&opt=sgd&sched=constant&gamma=0.5&every=2000&k=0.0005&loss=cee"
    );
    let q = normalize_query("lr=0.00000001&seed=", TRAIN_KEYS);
    assert!(q.contains("lr=0.0001") && q.contains("seed=&"), "{q}");
    assert_eq!(TrainConfig::from_query(&q).seed, None);
}

#[test]
fn round_trip() {
    let q = "data=fashion&subset=60000&hidden=100&act=relu&init=he&lr=0.316228&batch=32&iters=5000&seed=7&sampler=shuffle\
             &sorted=1&norm=0&delta=1&bug=none&opt=adam&sched=step&gamma=0.1&every=300&k=0.001&loss=sse";
    assert_eq!(TrainConfig::from_query(q).to_query(), q);
}

#[test]
fn set_keys_keep_known_members_in_order() {
    use gradlab::lessons::{BACKPROP_KEYS, MINIBATCH_KEYS};
    let q = normalize_query("sizes=all,1,999,32&epochs=50&lr=9", MINIBATCH_KEYS);
    assert!(q.contains("sizes=1,32,all&") && q.contains("epochs=10") && q.contains("lr=2&"), "{q}");
    let q = normalize_query("sizes=", MINIBATCH_KEYS);
    assert!(q.contains("sizes=1,32,128,512,all"), "an empty comparison falls back to all sizes: {q}");
    let q = normalize_query("bugs=&x=1e9", BACKPROP_KEYS);
    assert!(q.contains("bugs=&") && q.ends_with("x=100"), "no bugs is a valid state: {q}");
    let q = normalize_query("bugs=sigmoid-derivative-on-input,no-batch-division,evil", BACKPROP_KEYS);
    assert!(q.contains("bugs=no-batch-division,sigmoid-derivative-on-input&"), "{q}");
}

#[test]
fn the_minibatch_lesson_scales_eta_linearly_with_the_batch_only_when_asked() {
    use gradlab::lessons::curves::batch_learning_rate;
    use gradlab::lessons::MINIBATCH_KEYS;
    assert_eq!(batch_learning_rate(0.1, 32, false), 0.1);
    assert!((batch_learning_rate(0.1, 32, true) - 0.032).abs() < 1e-15);
    assert_eq!(batch_learning_rate(0.1, 100, true), 0.1, "the book's batch keeps the book's η");
    assert_eq!(batch_learning_rate(0.1, 10_000, true), 10.0, "η · 100 is capped at the trainer's 10");
    assert_eq!(batch_learning_rate(0.1, 1, true), 0.001);
    let q = normalize_query("scale=1", MINIBATCH_KEYS);
    assert!(q.ends_with("&scale=1"), "{q}");
    assert!(normalize_query("", MINIBATCH_KEYS).ends_with("&scale=0"));
}
