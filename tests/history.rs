//! The one run-history type behind every learning-curve chart (`charts::history`): named runs
//! appended by deltas, the numbers the views show, the lines and tables of the lab charts, and
//! the verdicts the MNIST labs read from it.

use gradlab::charts::history::{History, Plan, RunSpec, RunState, Values, XAxis};
use gradlab::charts::series::LineStyle;
use gradlab::lessons::curves::{loss_lab, shape_lab, SHAPE_RATES};
use gradlab::lessons::minibatch::{history_verdict, NamedVerdict};
use gradlab::train::EpochRecord;

fn spec(key: &str, planned: usize, ipe: usize) -> RunSpec {
    RunSpec { key: key.into(), label: format!("batch {key}"), plan: Plan { planned, iterations_per_epoch: ipe, learning_rate: None }, ..RunSpec::default() }
}

fn epoch(iteration: usize, epoch: f64, test: f64) -> EpochRecord {
    EpochRecord { iteration, epoch, train_accuracy: test + 0.01, test_accuracy: test }
}

#[test]
fn deltas_must_continue_a_run() {
    let mut h = History::default();
    h.start(spec("32", 10, 5));
    let run = h.run_mut("32").unwrap();
    assert!(run.push_losses(1, &[2.3, 2.1]));
    assert!(!run.push_losses(4, &[1.0]), "a gap (iteration 3 missing) is refused");
    assert!(!run.push_losses(2, &[1.0]), "an overlap is refused");
    assert!(run.push_losses(3, &[1.9]));
    assert_eq!(run.losses, [2.3, 2.1, 1.9]);
    // Moving average with bias correction (weight 0.05): the first value is the loss itself;
    // the second is (0.95·0.05·2.3 + 0.05·2.1) / (1 − 0.95²) = 0.21425 / 0.0975 = 2.19744.
    assert!((run.smoothed[0] - 2.3).abs() < 1e-6);
    assert!((run.smoothed[1] - 2.197_436).abs() < 1e-5, "{}", run.smoothed[1]);
}

#[test]
fn a_run_reports_what_the_table_shows() {
    let mut h = History::default();
    h.start(RunSpec { plan: Plan { learning_rate: Some(0.1), ..spec("32", 10, 5).plan }, ..spec("32", 10, 5) });
    let run = h.run_mut("32").unwrap();
    run.state = RunState::Running;
    run.push_losses(1, &[2.3, 2.0, 1.5, 1.2]);
    run.tick(4, 20.0);
    run.epochs.push(epoch(5, 1.0, 0.61));
    let s = h.run("32").unwrap().summary();
    assert_eq!((s.iteration, s.loss_count, s.epoch_count), (4, 4, 1));
    // 20 ms for 4 updates: 5 ms each; 0.02 s.
    assert_eq!((s.ms_per_update, s.seconds), (Some(5.0), 0.02));
    assert_eq!((s.first_loss, s.last_loss, s.last_epoch.map(|e| e.test_accuracy)), (Some(2.3), Some(1.2), Some(0.61)));
    assert_eq!(s.plan.learning_rate, Some(0.1));
    // 4 of 10 planned: 0.4 of a job of one run, 0.2 of a job of two.
    assert!((h.progress(1) - 0.4).abs() < 1e-12 && (h.progress(2) - 0.2).abs() < 1e-12);
}

#[test]
fn a_diverged_run_keeps_its_last_finite_loss_and_where_it_stopped() {
    let mut h = History::default();
    h.start(spec("4", 300, 20));
    let run = h.run_mut("4").unwrap();
    run.push_losses(1, &[2.3, 7.0, f32::INFINITY, f32::NAN]);
    run.state = RunState::Diverged;
    let s = run.summary();
    assert_eq!((s.last_finite_loss, s.stopped_at), (Some(7.0), Some(4)));
    assert!(s.last_loss.unwrap().is_nan());
    assert_eq!(h.progress(1), 1.0, "a run that is over counts as done");
}

#[test]
fn x_axes_count_iterations_epochs_and_the_workers_seconds() {
    let mut h = History::default();
    h.start(spec("10", 6, 2));
    let run = h.run_mut("10").unwrap();
    run.push_losses(1, &[2.0, 1.8, 1.6, 1.4]);
    run.tick(2, 100.0);
    run.tick(4, 500.0);
    assert_eq!(run.xs(XAxis::Iter), [1.0, 2.0, 3.0, 4.0]);
    assert_eq!(run.xs(XAxis::Epoch), [0.5, 1.0, 1.5, 2.0]);
    // Clock (0, 0), (2, 100 ms), (4, 500 ms): 0.05, 0.1, then 200 ms per iteration: 0.3, 0.5.
    let secs = run.xs(XAxis::Time);
    for (s, e) in secs.iter().zip([0.05, 0.1, 0.3, 0.5]) {
        assert!((s - e).abs() < 1e-12, "{secs:?}");
    }
}

#[test]
fn the_training_view_keeps_runs_and_a_new_run_starts_empty() {
    let mut h = History::default();
    assert!(h.push_losses(1, &[2.3, 2.0]), "the first losses start the current run");
    h.push_epoch(epoch(2, 1.0, 0.5));
    assert_eq!(h.keep("η=0.1"), 1);
    assert_eq!(h.current().unwrap().losses.len(), 2, "keeping copies; the run goes on");
    h.clear();
    assert!(h.current().is_none());
    let kept = h.kept().next().unwrap();
    assert_eq!((kept.label.as_str(), kept.losses.len(), kept.epochs.len()), ("η=0.1", 2, 1));
    assert!(h.push_losses(1, &[2.2]));
    assert_eq!(h.loss_csv().lines().count(), 2, "header and the new run's one loss");
    h.clear_kept();
    assert_eq!(h.kept().count(), 0);
    assert_eq!(h.runs.len(), 1);
}

#[test]
fn starting_a_key_again_replaces_the_run_but_not_its_kept_copy() {
    let mut h = History::default();
    h.start(spec("a", 10, 1)).push_losses(1, &[1.0]);
    h.keep("first a");
    h.start(spec("a", 10, 1));
    assert_eq!(h.runs.len(), 2);
    assert!(h.run("a").unwrap().losses.is_empty());
    assert_eq!(h.kept().next().unwrap().losses, [1.0]);
}

#[test]
fn columns_add_only_the_rows_a_run_lacks() {
    // Numerical training reports its whole history each time, two losses per step from step 0.
    let mut h = History::default();
    for key in ["numerical", "backprop"] {
        h.start(RunSpec { first_iteration: Some(0), ..spec(key, 3, 1) });
    }
    let keys = ["numerical".to_string(), "backprop".to_string()];
    assert!(h.push_columns(&keys, 0, &[2.30, 2.31]));
    assert!(h.push_columns(&keys, 0, &[2.30, 2.31, 2.0, 2.01]));
    assert_eq!(h.run("numerical").unwrap().losses, [2.30, 2.0]);
    assert_eq!(h.run("backprop").unwrap().losses, [2.31, 2.01]);
    assert_eq!(h.run("backprop").unwrap().xs(XAxis::Iter), [0.0, 1.0]);
    assert!(!h.push_columns(&["nope".to_string()], 0, &[1.0]), "an unknown run is refused");
    // The table the chart's CSV holds: one row per step, one column per run.
    let rows = h.table(Values::Loss, XAxis::Iter);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1][0], Some(1.0));
    assert!((rows[1][1].unwrap() - 2.0).abs() < 1e-6 && (rows[1][2].unwrap() - 2.01).abs() < 1e-6);
}

#[test]
fn accuracy_tables_line_up_runs_by_iteration() {
    let mut h = History::default();
    h.start(spec("cee", 200, 100)).epochs.extend([epoch(100, 1.0, 0.8), epoch(200, 2.0, 0.9)]);
    h.start(spec("sse", 200, 100)).epochs.push(epoch(100, 1.0, 0.3));
    let rows = h.table(Values::TestAccuracy, XAxis::Iter);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0][0], Some(100.0));
    assert!((rows[0][1].unwrap() - 80.0).abs() < 1e-9 && (rows[0][2].unwrap() - 30.0).abs() < 1e-9);
    assert_eq!(rows[1][2], None, "sse has not reached iteration 200");
    let by_epoch = h.table(Values::TestAccuracy, XAxis::Epoch);
    assert_eq!((by_epoch[1][0], by_epoch.len()), (Some(2.0), 2));
    // The same accuracies as fractions, for a table that formats them itself.
    let fractions = h.table(Values::TestFraction, XAxis::Epoch);
    assert_eq!((fractions[0][0], fractions[0][1], fractions[0][2], fractions[1][1]), (Some(1.0), Some(0.8), Some(0.3), Some(0.9)));
}

#[test]
fn lines_carry_each_runs_style_and_points() {
    let mut h = History::default();
    let smooth = LineStyle { smooth: true, ..LineStyle::default() };
    h.start(RunSpec { style: smooth, ..spec("1", 4, 2) }).push_losses(1, &[2.0, 1.0]);
    h.start(spec("all", 1, 1)).epochs.push(epoch(1, 1.0, 0.25));
    let (lines, styles) = h.lines(Values::Loss, XAxis::Epoch);
    assert_eq!(lines[0].points, [(0.5, 2.0), (1.0, 1.0)]);
    assert_eq!(lines[0].label, "batch 1");
    assert_eq!(styles, [smooth, LineStyle::default()]);
    let (acc, _) = h.lines(Values::TestAccuracy, XAxis::Iter);
    assert_eq!(acc[1].points, [(1.0, 25.0)]);
    let rows = h.loss_rows();
    assert_eq!(rows[1], ("batch 1".to_string(), 2.0, 1.0, 0.0, 1.0), "no clock yet: 0 s");
}

#[test]
fn cancelling_marks_only_runs_not_over() {
    let mut h = History::default();
    h.start(spec("1", 4, 2)).state = RunState::Done;
    h.start(spec("32", 4, 2)).state = RunState::Running;
    h.start(spec("128", 4, 2));
    h.cancel();
    let states: Vec<RunState> = h.runs.iter().map(|r| r.state).collect();
    assert_eq!(states, [RunState::Done, RunState::Cancelled, RunState::Cancelled]);
}

#[test]
fn the_batch_verdict_reads_the_finished_runs_of_a_history() {
    let mut h = History::default();
    // 100 updates in 200 ms (2 ms each), 1,000 in 500 ms (0.5 ms each); a running run is left out.
    for (key, updates, ms, acc) in [("1", 100, 200.0, 0.9), ("32", 1000, 500.0, 0.8), ("128", 10, 1.0, 0.99)] {
        let run = h.start(spec(key, updates, 10));
        run.tick(updates, ms);
        run.epochs.push(epoch(updates, 1.0, acc));
        run.state = if key == "128" { RunState::Running } else { RunState::Done };
    }
    let v = history_verdict(&h).unwrap();
    assert_eq!(v, NamedVerdict { fastest: "32".into(), slowest: "1".into(), best: Some("1".into()) });
    h.run_mut("32").unwrap().state = RunState::Cancelled;
    assert_eq!(history_verdict(&h), None, "one finished run: nothing to compare");
}

#[test]
fn the_labs_list_their_runs_and_shared_setup_from_rust() {
    let shapes = shape_lab();
    let rates: Vec<f64> = shapes.runs.iter().map(|r| r.learning_rate).collect();
    assert_eq!(rates, SHAPE_RATES);
    assert_eq!(shapes.runs[0].key, "0.003");
    assert_eq!(shapes.chance.accuracy, 0.1);
    // The shared settings of `shape_query`: 2,000 images, 50 hidden ReLU units with He init,
    // batch 100, 300 iterations, seed 3.
    let s = &shapes.setup;
    assert_eq!((s.subset, s.hidden, s.activation, s.init.as_str(), s.batch, s.iterations, s.seed), (2000, 50, "relu", "he", 100, 300, Some(3)));
    let losses = loss_lab();
    let keys: Vec<&str> = losses.runs.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(keys, ["cee", "sse"]);
    // `loss_comparison_query`: 10,000 images, η = 0.1, 1,000 iterations.
    assert_eq!((losses.setup.subset, losses.setup.learning_rate, losses.setup.iterations), (10_000, 0.1, 1000));
    assert!(losses.runs.iter().all(|r| r.learning_rate == 0.1));
}

#[test]
fn a_new_job_replaces_a_run_in_its_place() {
    let mut h = History::default();
    for key in ["cee", "sse"] {
        h.start(spec(key, 10, 1)).push_losses(1, &[1.0]);
    }
    h.start(spec("cee", 20, 1));
    let keys: Vec<&str> = h.runs.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(keys, ["cee", "sse"], "columns of the tables keep their order");
    assert_eq!((h.runs[0].plan.planned, h.runs[0].losses.len(), h.runs[0].state), (20, 0, RunState::Waiting));
}

#[test]
fn a_run_from_step_zero_counts_the_steps_after_it() {
    // Numerical training reports the loss before any step, then one per step: 3 losses, 2 steps.
    let mut h = History::default();
    h.start(RunSpec { first_iteration: Some(0), ..spec("numerical", 20, 1) }).push_losses(0, &[2.3, 2.2, 2.1]);
    assert_eq!(h.run("numerical").unwrap().summary().iteration, 2);
}

#[test]
fn the_minibatch_plan_builds_every_run_from_the_url_settings() {
    use gradlab::lessons::minibatch::{iterations_per_epoch, next_sampler_seed, plan};
    // 1,000 images in batches of 32: 31 updates per epoch (the trainer's n / batch), 1,875 in
    // the book's 60,000; the full batch updates once per epoch everywhere.
    let p = plan("subset=1000&epochs=2&sizes=32,all&act=sigmoid&lr=0.1&scale=1");
    assert_eq!((p.subset, p.epochs), (1000, 2));
    let [b32, all] = [&p.sizes[0], &p.sizes[1]];
    assert_eq!((b32.batch, b32.iterations_per_epoch, b32.book_iterations_per_epoch), (32, 31, 1875));
    assert_eq!((all.batch, all.iterations_per_epoch, all.book_iterations_per_epoch), (1000, 1, 1));
    // Linear scaling: 0.1 · 32 / 100 = 0.032; 0.1 · 1000 / 100 = 1.
    assert!((b32.learning_rate - 0.032).abs() < 1e-15 && all.learning_rate == 1.0);
    assert_eq!(
        b32.query,
        "data=mnist&subset=1000&hidden=50&act=sigmoid&init=xavier&lr=0.032&batch=32&iters=62&seed=42&sampler=choice"
    );
    // The class-sorted pair: batch 100, 10 updates per epoch, one η for both.
    assert_eq!(p.bias_iterations_per_epoch, 10);
    assert!(p.bias[0].query.ends_with("lr=0.1&batch=100&iters=20&seed=42&sampler=sequential&sorted=1"), "{}", p.bias[0].query);
    assert_eq!(p.bias[1].key, "shuffle");
    assert_eq!(iterations_per_epoch(60_000, 100), 600);
    assert_eq!((next_sampler_seed(1), next_sampler_seed(99_999)), (2, 1));
    // The sampler cards: drawn from the subset with the cards' own batch and seed (the keys'
    // defaults sbatch = 100, sseed = 1 here), not with the runs' settings.
    assert_eq!((p.samplers.subset, p.samplers.batch, p.samplers.seed), (1000, 100, 1));
    let q = plan("subset=10000&sbatch=250&sseed=7&sizes=32");
    assert_eq!((q.samplers.subset, q.samplers.batch, q.samplers.seed), (10_000, 250, 7));
}

#[test]
fn sampler_cards_scale_bars_to_the_tallest_class() {
    use gradlab::lessons::minibatch::sampler_card;
    let card = sampler_card(&[50.0, 25.0, 0.0]);
    assert_eq!(card.bar_percents, [100.0, 50.0, 0.0]);
    assert_eq!(sampler_card(&[0.0, 0.0]).bar_percents, [0.0, 0.0], "an empty batch draws no bars");
}

#[test]
fn sampler_stats_name_the_epochs_coverage_and_the_first_batchs_classes() {
    use gradlab::data::SamplerKind;
    use gradlab::lessons::minibatch::sampler_stats;
    // 1,000 labels 0, 1, …, 9, 0, 1, …: 100 of each class.
    let labels: Vec<u8> = (0..1000).map(|i| (i % 10) as u8).collect();
    // A shuffle sees every image once per epoch; its batch of 100 holds 100 labels.
    let shuffle = sampler_stats(&labels, SamplerKind::Shuffle, 100, false, 3);
    assert_eq!(shuffle.coverage, 1.0);
    assert_eq!(shuffle.counts.iter().sum::<usize>(), 100);
    // In order on the class-sorted labels, the first batch of 100 is the 100 zeros.
    let sorted = sampler_stats(&labels, SamplerKind::Sequential, 100, true, 3);
    assert_eq!(sorted.counts, [100, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    // Unsorted, in order: the first 100 labels, ten of each class.
    assert_eq!(sampler_stats(&labels, SamplerKind::Sequential, 100, false, 3).counts, [10; 10]);
}

#[test]
fn the_pace_counts_steps_per_second_over_its_window() {
    use gradlab::charts::history::Pace;
    let mut pace = Pace::new(2000.0);
    assert_eq!(pace.steps_per_second(), None);
    pace.sample(0.0, 0);
    assert_eq!(pace.steps_per_second(), None, "one reading is no speed");
    pace.sample(1000.0, 100);
    // 100 iterations in 1 s; 900 left of 1,000 take 9 s.
    assert_eq!(pace.steps_per_second(), Some(100.0));
    assert_eq!(pace.seconds_left(1000, 100), Some(9.0));
    // 3 s later at 400: the reading at 0 s leaves the 2 s window (the one at 1 s stays as the
    // oldest of two): 300 iterations in 3 s.
    pace.sample(4000.0, 400);
    assert_eq!(pace.steps_per_second(), Some(100.0));
    // At 4.5 s the reading at 4 s is inside the window, so the one at 1 s stays too:
    // 400 iterations in 3.5 s.
    pace.sample(4500.0, 500);
    assert!((pace.steps_per_second().unwrap() - 400.0 / 3.5).abs() < 1e-9);
    // At 7 s the reading at 4 s has left the window: 4.5 s → 7 s, 500 → 750.
    pace.sample(7000.0, 750);
    assert_eq!(pace.steps_per_second(), Some(100.0));
    pace.reset();
    assert_eq!(pace.seconds_left(1000, 500), None);
    let mut still = Pace::new(2000.0);
    still.sample(0.0, 5);
    still.sample(500.0, 5);
    assert_eq!((still.steps_per_second(), still.seconds_left(10, 5)), (Some(0.0), None));
}

#[test]
fn the_class_sorted_verdict_waits_for_both_runs_and_finds_them_by_key() {
    use gradlab::lessons::minibatch::{bias_verdict, BiasVerdict};
    let mut h = History::default();
    // Started shuffled first: the verdict names runs by key, not by their order.
    for (key, acc) in [("shuffle", 0.9), ("sequential", 0.3)] {
        let run = h.start(spec(key, 100, 10));
        run.epochs.push(epoch(10, 1.0, acc - 0.1));
        run.state = RunState::Running;
    }
    assert_eq!(bias_verdict(&h), None, "neither run has finished");
    h.run_mut("shuffle").unwrap().state = RunState::Done;
    assert_eq!(bias_verdict(&h), None, "the sequential run is still running");
    let seq = h.run_mut("sequential").unwrap();
    seq.epochs.push(epoch(100, 10.0, 0.3));
    seq.state = RunState::Diverged;
    assert_eq!(bias_verdict(&h), None, "a diverged run gives no verdict here");
    h.run_mut("sequential").unwrap().state = RunState::Done;
    // The last epoch's test accuracy: the sequential run's 0.3, the shuffled run's 0.9 − 0.1.
    let v = bias_verdict(&h).unwrap();
    assert_eq!(v, BiasVerdict { sequential: 0.3, shuffle: 0.9 - 0.1 });
    h.run_mut("shuffle").unwrap().epochs.clear();
    assert_eq!(bias_verdict(&h), None, "a run never evaluated has no accuracy to compare");
}

#[test]
fn the_loss_verdict_counts_a_diverged_run_as_finished() {
    use gradlab::lessons::curves::{loss_run_finished, loss_verdict, LossVerdict};
    let mut h = History::default();
    for (key, acc) in [("sse", 0.6), ("cee", 0.9)] {
        let run = h.start(spec(key, 1000, 100));
        run.epochs.push(epoch(100, 1.0, acc));
    }
    assert!(h.runs.iter().all(|r| !loss_run_finished(r)));
    assert_eq!(loss_verdict(&h), None);
    h.run_mut("cee").unwrap().state = RunState::Done;
    assert_eq!(loss_verdict(&h), None, "the squared-error run is still running");
    h.run_mut("sse").unwrap().state = RunState::Cancelled;
    assert!(!loss_run_finished(h.run("sse").unwrap()), "a cancelled run did not finish");
    assert_eq!(loss_verdict(&h), None);
    h.run_mut("sse").unwrap().state = RunState::Diverged;
    assert!(loss_run_finished(h.run("sse").unwrap()), "stopped by divergence: it ran to its end");
    assert_eq!(loss_verdict(&h), Some(LossVerdict { cee: 0.9, sse: 0.6 }));
}

#[test]
fn every_lab_loads_the_data_its_runs_name() {
    use gradlab::config::TrainConfig;
    use gradlab::lessons::curves::LAB_DATA;
    // MNIST, tested on 1,000 images (one data chunk) for the labs' test accuracies.
    assert_eq!((LAB_DATA.dataset, LAB_DATA.test_images), ("mnist", 1000));
    let plan = gradlab::lessons::minibatch::plan("");
    assert_eq!(plan.data, LAB_DATA);
    let mut queries: Vec<String> = plan.sizes.iter().map(|r| r.query.clone()).chain(plan.bias.iter().map(|r| r.query.clone())).collect();
    for lab in [shape_lab(), loss_lab()] {
        assert_eq!(lab.setup.data, LAB_DATA);
        queries.extend(lab.runs.iter().map(|r| r.query.clone()));
    }
    for q in queries {
        assert_eq!(TrainConfig::from_query(&q).data, LAB_DATA.dataset, "{q}");
    }
}

#[test]
fn a_lab_chart_of_test_accuracies_spans_0_to_100_percent_unless_asked_otherwise() {
    use gradlab::lessons::curves::lab_chart_y_range;
    assert_eq!(lab_chart_y_range(Values::TestAccuracy, None), Some((0.0, 100.0)), "percentages");
    assert_eq!(lab_chart_y_range(Values::Loss, None), None, "losses: fitted to the data");
    assert_eq!(lab_chart_y_range(Values::TestAccuracy, Some((50.0, 100.0))), Some((50.0, 100.0)));
    assert_eq!(lab_chart_y_range(Values::Loss, Some((0.0, 3.0))), Some((0.0, 3.0)));
}

#[test]
fn the_test_accuracy_at_an_iteration_is_the_last_evaluation_only_if_it_was_there() {
    let mut h = History::default();
    assert_eq!(h.test_accuracy_at(0), None, "no run yet");
    h.start(spec("run", 1200, 600));
    h.push_epoch(epoch(600, 1.0, 0.90));
    h.push_epoch(epoch(1200, 2.0, 0.93));
    assert_eq!(h.test_accuracy_at(1200), Some(0.93), "measured at 1,200: kept networks reuse it");
    assert_eq!(h.test_accuracy_at(600), None, "an earlier evaluation is not the network at 600 any more");
    assert_eq!(h.test_accuracy_at(1100), None, "paused between evaluations: measure again");
}
