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

#[test]
fn the_exported_key_specs_describe_what_normalization_accepts() {
    // What the page builds its controls from: each key's default is what an empty query reads,
    // each range is where values are clamped, each option list is what a choice accepts.
    let defaults = normalize_query("", TRAIN_KEYS);
    let from_specs: Vec<String> = TRAIN_KEYS.iter().map(|k| format!("{}={}", k.name, k.spec.default_text())).collect();
    assert_eq!(from_specs.join("&"), defaults);
    for key in TRAIN_KEYS {
        let spec = key.spec;
        match spec.range() {
            Some((min, max)) => {
                assert!(spec.options().is_empty(), "{}", key.name);
                let low = normalize_query(&format!("{}=-1e12", key.name), TRAIN_KEYS);
                let high = normalize_query(&format!("{}=1e12", key.name), TRAIN_KEYS);
                let read = |q: &str| q.split('&').find_map(|p| p.strip_prefix(&format!("{}=", key.name))).unwrap().parse::<f64>().unwrap();
                assert_eq!((read(&low), read(&high)), (min, max), "{} clamps to its exported range", key.name);
            }
            None => {
                assert!(!spec.options().is_empty(), "{}", key.name);
                for option in spec.options() {
                    let q = normalize_query(&format!("{}={option}", key.name), TRAIN_KEYS);
                    assert!(q.split('&').any(|p| p == format!("{}={option}", key.name)), "{} accepts {option}", key.name);
                }
                assert!(spec.options().contains(&spec.default_text().as_str()), "{}'s default is an option", key.name);
            }
        }
    }
    let kind = |name: &str| TRAIN_KEYS.iter().find(|k| k.name == name).unwrap().spec.kind();
    assert_eq!([kind("hidden"), kind("lr"), kind("act"), kind("seed")], ["int", "real", "choice", "seed"]);
    // Two specs written out: lr's range is LR_MIN..LR_MAX; opt lists the optimizers in menu order.
    let spec = |name: &str| TRAIN_KEYS.iter().find(|k| k.name == name).unwrap().spec;
    assert_eq!(spec("lr").range(), Some((1e-4, 10.0)));
    assert_eq!(spec("opt").options(), &["sgd", "momentum", "adagrad", "rmsprop", "adam"]);
}

#[test]
fn an_integer_menu_offers_presets_that_normalization_keeps() {
    // The subset select is built from these: each preset is in range and survives the URL
    // unchanged, and the default is one of them (the menu opens on it).
    for key in TRAIN_KEYS.iter().filter(|k| !k.spec.presets().is_empty()) {
        let (min, max) = key.spec.range().unwrap();
        for &preset in key.spec.presets() {
            assert!((min..=max).contains(&(preset as f64)), "{}: {preset} outside {min}..{max}", key.name);
            let q = normalize_query(&format!("{}={preset}", key.name), TRAIN_KEYS);
            assert!(q.split('&').any(|p| p == format!("{}={preset}", key.name)), "{} keeps {preset}", key.name);
        }
        assert!(key.spec.presets().iter().any(|p| p.to_string() == key.spec.default_text()), "{}'s default is a preset", key.name);
    }
    let spec = |name: &str| TRAIN_KEYS.iter().find(|k| k.name == name).unwrap().spec;
    assert_eq!((spec("subset").kind(), spec("subset").presets()), ("int", &[1000, 10_000, 60_000][..]));
    assert!(spec("hidden").presets().is_empty(), "a plain number input has no menu");
    // A value between the presets from a link is still read (the menu adds it).
    assert!(normalize_query("subset=5000", TRAIN_KEYS).contains("&subset=5000&"));
}

#[test]
fn arrow_keys_walk_a_log_slider_through_1_2_5_values() {
    use gradlab::config::{log_ladder, log_slider_step};
    assert_eq!(log_ladder(1e-4, 10.0), vec![
        1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 5e-3, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0,
    ]);
    // The training view's default rate moves to its neighbours, not back to itself.
    assert_eq!(log_slider_step(0.1, 1e-4, 10.0, true), 0.2);
    assert_eq!(log_slider_step(0.1, 1e-4, 10.0, false), 0.05);
    // A value between rungs goes to the next rung in that direction.
    assert_eq!(log_slider_step(0.13, 1e-4, 10.0, true), 0.2);
    assert_eq!(log_slider_step(0.13, 1e-4, 10.0, false), 0.1);
    // The ends stay; ends that are not 1-2-5 values are rungs too.
    assert_eq!(log_slider_step(10.0, 1e-4, 10.0, true), 10.0);
    assert_eq!(log_slider_step(1e-4, 1e-4, 10.0, false), 1e-4);
    assert_eq!(log_ladder(0.003, 0.3), vec![0.003, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3]);
}

#[test]
fn a_log_slider_is_ticked_at_each_power_of_ten_and_maps_both_ways() {
    use gradlab::config::log_decades;
    use gradlab::lessons::{log_slider_position, log_slider_value};
    // The training view's lr range, 1e-4…10: six ticks, the ends included.
    assert_eq!(log_decades(1e-4, 10.0), vec![1e-4, 1e-3, 0.01, 0.1, 1.0, 10.0]);
    // Ends that are not powers of ten are not ticks.
    assert_eq!(log_decades(0.003, 0.3), vec![0.01, 0.1]);
    // Position ⇄ value: 10^p rounded to 2 significant digits, and back.
    assert_eq!(log_slider_value(-1.0), 0.1);
    assert_eq!(log_slider_value(-0.5), 0.32, "10^−0.5 = 0.316… reads 0.32");
    assert_eq!(log_slider_position(10.0), 1.0);
    assert!((log_slider_position(1e-4) + 4.0).abs() < 1e-12);
}

#[test]
fn values_stay_typed_from_the_link_to_the_config() {
    use gradlab::config::{Value, Values};
    use gradlab::lessons::MINIBATCH_KEYS;
    let v = Values::read("lr=0.316227766&seed=&act=RELU&iters=1e3", TRAIN_KEYS);
    // A real holds exactly what its text says (6 significant digits), so the URL and the
    // trainer never disagree.
    assert_eq!(v.get("lr"), &Value::Real(0.316228));
    assert_eq!(v.get("seed"), &Value::Seed(None), "an empty seed: pick one at random");
    assert_eq!(v.word("act"), "relu");
    assert_eq!(v.int("iters"), 1000);
    assert_eq!(v.to_query(), normalize_query("lr=0.316227766&seed=&act=RELU&iters=1e3", TRAIN_KEYS));
    let m = Values::read("sizes=all,1,999", MINIBATCH_KEYS);
    assert_eq!(m.set("sizes"), ["1", "all"]);
    assert_eq!(m.get("sizes").to_string(), "1,all");
}

#[test]
fn a_run_label_names_what_tells_runs_apart() {
    use gradlab::config::TrainConfig;
    let label = |q: &str| TrainConfig::from_query(q).run_label();
    assert_eq!(label("lr=0.1&opt=sgd&batch=100&act=sigmoid&hidden=50"), "η=0.1 sgd batch 100 sigmoid h=50");
    assert_eq!(label("lr=0.05&opt=adam&batch=32&act=relu&hidden=100&sched=step"), "η=0.05 adam batch 32 relu h=100 step");
    // values out of range are clamped first, as the run uses them
    assert!(label("lr=99").starts_with("η=10 "));
}

#[test]
fn only_a_schedule_other_than_constant_varies_the_rate() {
    // ScheduleKind::NAMES: constant (the default) keeps η; step, exp and inv change it, and
    // then the legend names the schedule and the numbers panel shows η(t).
    use gradlab::config::TrainConfig;
    use gradlab::nn::ScheduleKind;
    let varies = |q: &str| TrainConfig::from_query(q).schedule_varies();
    assert!(!varies("") && !varies("sched=constant") && !varies("sched=nonsense"));
    for &name in ScheduleKind::NAMES.iter().filter(|&&n| n != "constant") {
        let q = format!("sched={name}");
        assert!(varies(&q), "{name}");
        assert!(TrainConfig::from_query(&q).run_label().ends_with(&format!(" {name}")), "{name}");
    }
    assert_eq!(ScheduleKind::NAMES.len(), 4);
}
