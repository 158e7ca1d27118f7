//! What the lab pages of sections 4.5 and 6 show, computed by the core: the timing panel, the
//! check table, the verdict scale, the step-size study and the numerical-training readout.

use gradlab::gradcheck::{
    check_rows, coverage, difference_errors, log_spaced, network_size, step_size_study, thresholds, timing_readout, StepError, BOOK_H,
    TRAINING_ITERATIONS,
};
use gradlab::numerical_training::{projected_book_seconds, readout, setups, Report, LESSON};

#[test]
fn the_timing_panel_projects_bars_ratio_and_time_left() {
    // Backprop 1 ms; the numerical gradient 250 of 1,000 derivatives in 500 ms: 2 ms each, so
    // 1,500 ms left and 2,000 ms projected in all.
    let r = timing_readout(1.0, 500.0, 250, 1000, false);
    assert_eq!((r.ratio, r.done_fraction, r.eta_ms), (None, 0.25, Some(1500.0)));
    // Bars on log10 µs from 1 µs: backprop 10³ µs against 2·10⁶ µs → 3 / 6.301 = 47.6 %;
    // the numerical one so far, 5·10⁵ µs → 5.699 / 6.301 = 90.4 %.
    assert!((r.backprop_bar - 100.0 * 3.0 / 2e6f64.log10()).abs() < 1e-9, "{}", r.backprop_bar);
    assert!((r.numerical_bar - 100.0 * 5e5f64.log10() / 2e6f64.log10()).abs() < 1e-9);
    assert_eq!(r.training_numerical_ms, None, "not known before the gradient is complete");
    assert_eq!(r.training_backprop_ms, Some(TRAINING_ITERATIONS as f64));
    // Finished: 2,000 ms against 1 ms is 2,000 times slower; 10,000 iterations take 2·10⁷ ms.
    let done = timing_readout(1.0, 2000.0, 1000, 1000, true);
    assert_eq!((done.ratio, done.eta_ms, done.numerical_bar), (Some(2000.0), None, 100.0));
    assert_eq!(done.training_numerical_ms, Some(2e7));
    // Nothing measured yet: no bars, no ratio; a tiny time keeps a visible bar of 2 %.
    let none = timing_readout(f64::NAN, 0.0, 0, 0, false);
    assert_eq!((none.ratio, none.backprop_bar, none.numerical_bar, none.training_backprop_ms), (None, 0.0, 0.0, None));
    assert_eq!(timing_readout(0.0001, 1000.0, 10, 10, true).backprop_bar, 2.0);
}

#[test]
fn the_check_table_names_shapes_and_verdicts() {
    let empty = check_rows(50, &[]);
    let shapes: Vec<&str> = empty.iter().map(|r| r.shape.as_str()).collect();
    assert_eq!(shapes, ["784 × 50", "50", "50 × 10", "10"]);
    assert!(empty.iter().all(|r| r.verdict.is_none() && r.mean_abs.is_none()));
    // Relative errors 1e-9 (perfect), 1e-5 (probably fine), 1e-3 (check), 0.5 (bug).
    let rows = check_rows(10, &[1e-10, 1e-9, 1e-6, 1e-5, 1e-4, 1e-3, 0.1, 0.5]);
    let verdicts: Vec<&str> = rows.iter().map(|r| r.verdict.unwrap()).collect();
    assert_eq!(verdicts, ["perfect", "probably-fine", "check", "bug"]);
    assert_eq!((rows[3].param, rows[3].mean_abs, rows[3].relative), ("b2", Some(0.1), Some(0.5)));
    let scale: Vec<(&str, f64)> = thresholds().iter().map(|t| (t.verdict, t.bound)).collect();
    assert_eq!(scale, [("perfect", 1e-6), ("probably-fine", 1e-4), ("check", 1e-2), ("bug", 1e-2)]);
}

#[test]
fn coverage_and_network_size_count_parameters() {
    // 784·10 + 10 + 10·10 + 10 = 7,960 parameters, two forward passes each.
    let size = network_size(10);
    assert_eq!((size.parameters, size.passes), (7960, 15_920));
    let all = coverage(&[7840, 10, 100, 10], 7960);
    assert_eq!((all.checked, all.all), (7960, true));
    // The quick check: 400 of W1, all 10 of b1, 400 of W2 (its 100), all 10 of b2.
    let quick = coverage(&[400, 10, 100, 10], 7960);
    assert_eq!((quick.checked, quick.all), (520, false));
}

#[test]
fn the_step_size_study_names_its_rows() {
    let hs = log_spaced(-10.0, 0.0, 0.25);
    let study = step_size_study(difference_errors(f64::sin, 1f64.cos(), 1.0, &hs)).unwrap();
    assert!((study.book.h - BOOK_H).abs() < 1e-15, "the book's h: {:?}", study.book);
    assert_eq!((study.smallest_h, study.largest_h), (study.rows[0].into(), study.rows[study.rows.len() - 1].into()));
    // Named as the rows are ordered: (h, forward error, central error).
    let (h, forward, central) = study.rows[5];
    assert_eq!(StepError::from(study.rows[5]), StepError { h, forward, central });
    // The central difference's error is smallest where truncation meets rounding, near 1e-5 for
    // sin at 1 in f64, far below its error at the largest h.
    assert!(study.best_central.central < 1e-9 && study.best_central.central < study.largest_h.central);
    assert!(study.rows.iter().all(|r| r.2 >= study.best_central.central && r.1 >= study.best_forward.forward));
    assert!(step_size_study(Vec::new()).is_none());
}

#[test]
fn the_numerical_training_readout() {
    // 3 of 20 steps done in 600 ms, a quarter into the 4th (1,990 of 7,960 derivatives).
    let report = Report { steps_done: 3, steps: 20, step_progress: 1990, parameter_count: 7960, ms: 600.0, gap: Some(3e-9) };
    let r = readout(&report);
    assert!((r.fraction - 3.25 / 20.0).abs() < 1e-12);
    assert_eq!((r.step, r.ms_per_step), (4, Some(200.0)));
    assert!((r.book_ms.unwrap() - 1000.0 * projected_book_seconds(0.2)).abs() < 1e-6);
    assert_eq!(r.gap, Some(3e-9), "the run's gap, passed on");
    // Before the first step: no time per step, no gap; the last step stays the 20th.
    let start = readout(&Report { steps_done: 0, step_progress: 0, ms: 0.0, gap: None, ..report });
    assert_eq!((start.step, start.ms_per_step, start.book_ms, start.gap), (1, None, None, None));
    assert_eq!(readout(&Report { steps_done: 20, step_progress: 0, ms: 100.0, ..report }).step, 20);
    let s = setups();
    assert_eq!((s.lesson, s.parameters, s.book.steps), (LESSON, 7960, 10_000));
    // The chart's two runs, named in the order of each loss pair (numerical first: `losses`).
    assert_eq!(s.runs, ["numerical", "backprop"]);
}

#[test]
fn the_timing_presets_are_choices_of_the_views_keys() {
    use gradlab::gradcheck::PRESETS;
    use gradlab::lessons::keys_of;
    let options = |name: &str| keys_of("backprop").unwrap().iter().find(|k| k.name == name).unwrap().spec.options();
    for p in PRESETS {
        assert!(options("hidden").contains(&p.hidden.to_string().as_str()), "{p:?}");
        assert!(options("batch").contains(&p.batch.to_string().as_str()), "{p:?}");
    }
    assert_eq!((PRESETS[0].name, PRESETS[0].hidden, PRESETS[0].batch), ("book", 50, 100));
}

#[test]
fn backprop_is_timed_long_enough_then_averaged() {
    use gradlab::gradcheck::{backprop_mean_ms, backprop_timing_done, probe_done, BACKPROP_MAX_REPEATS, BACKPROP_MIN_MS};
    // At least one gradient, then until 150 ms have passed or 200 were timed.
    assert_eq!((BACKPROP_MIN_MS, BACKPROP_MAX_REPEATS), (150.0, 200));
    assert!(!backprop_timing_done(500.0, 0), "nothing timed yet");
    assert!(backprop_timing_done(500.0, 1), "one slow gradient is enough");
    assert!(!backprop_timing_done(149.9, 199));
    assert!(backprop_timing_done(150.0, 37));
    assert!(backprop_timing_done(20.0, 200), "fast gradients stop at 200 repeats");
    // 200 repeats in 50 ms: 0.25 ms each; none timed: unknown (the panel shows —).
    assert_eq!(backprop_mean_ms(50.0, 200), 0.25);
    assert!(backprop_mean_ms(0.0, 0).is_nan());
    // A probe: at least one derivative, then 60 ms or 400 derivatives.
    assert!(!probe_done(0.0, 0) && !probe_done(59.0, 399));
    assert!(probe_done(60.0, 3) && probe_done(10.0, 400));
}
