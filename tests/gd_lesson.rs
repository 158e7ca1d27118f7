//! The §3 views' models (`lessons::gd`): state from a link, the learner's moves, what is shown;
//! and the optimizer rules shared by the 2-D race and the MNIST trainer.

use gradlab::lessons::descent::Regime;
use gradlab::lessons::gd::{Descent1d, Descent2d, Move};
use gradlab::lessons::optim2d::{self, Optimizer2d, OptimizerKind};
use gradlab::lessons::surface::{Fn1d, Fn2d, PointKind};
use gradlab::lessons::{log_slider_position, log_slider_value};
use gradlab::nn::{MethodOptimizer, Optimizer};
use nalgebra::DMatrix;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * b.abs().max(1.0)
}

fn moved1d(query: &str, m: Move) -> Descent1d {
    let mut model = Descent1d::from_query(query);
    model.apply(&m).expect("a valid move");
    Descent1d::from_query(&model.query())
}

fn moved2d(query: &str, m: Move) -> Descent2d {
    let mut model = Descent2d::from_query(query);
    model.apply(&m).expect("a valid move");
    Descent2d::from_query(&model.query())
}

// ───────────────────────────── 1-D ─────────────────────────────

#[test]
fn a_link_with_garbage_is_clamped_to_the_key_table() {
    // GD1_KEYS: fn ∈ {square, twomin} (default square), x0 ∈ [−4, 4], lr ∈ [1e-4, 10], steps ≥ 0.
    let m = Descent1d::from_query("fn=cubic&x0=99&lr=50&steps=-4");
    assert_eq!(m.query(), "fn=square&x0=4&lr=10&steps=0");
    assert_eq!(Descent1d::from_query("").query(), "fn=square&x0=-3&lr=0.1&steps=0");
}

#[test]
fn ten_steps_on_x_squared_follow_the_closed_form() {
    // x ← x − 0.1·2x = 0.8x, so x₁₀ = −3·0.8¹⁰ = −0.3221225472.
    let s = Descent1d::from_query("fn=square&x0=-3&lr=0.1&steps=10").shown();
    assert_eq!((s.progress.taken, s.progress.steps, s.progress.finished, s.progress.diverged_after), (10, 10, false, None));
    assert!(close(s.x, -3.0 * 0.8f64.powi(10)), "x₁₀ = {}", s.x);
    assert!(close(s.fx, s.x * s.x));
    assert_eq!(s.slope, 2.0 * s.x, "f′ = 2x where it stands");
    assert_eq!(s.rows.len(), 11, "10 steps and the previewed next one");
    let c = s.closed_form.expect("x² has a closed form");
    assert!(close(c.rate.multiplier, 0.8));
    assert_eq!(c.rate.regime, Regime::Shrinks);
    // x² has f″ = 2: monotone below η = 1/2, convergent below η = 2/2.
    assert_eq!((c.monotone_below, c.converges_below), (0.5, 1.0));
    assert_eq!(c.xs.len(), 12);
    for r in &s.rows {
        assert!(close(r.x, c.xs[r.step]), "step {}: iterate {} vs closed form {}", r.step, r.x, c.xs[r.step]);
    }
    assert_eq!(s.csv.header, ["step", "lr", "x", "x0*(1-2*lr)^step", "f(x)", "f'(x)", "update", "x_next"]);
    assert_eq!(s.csv.rows.len(), 10, "the CSV holds the steps shown, not the preview");
    assert_eq!(s.critical_points.len(), 1);
    assert_eq!(s.critical_points[0].kind, PointKind::Minimum);
}

#[test]
fn other_functions_have_no_closed_form_column() {
    let s = Descent1d::from_query("fn=twomin&x0=1&lr=0.01&steps=2").shown();
    assert!(s.closed_form.is_none());
    assert_eq!(s.csv.header.len(), 7);
    // x⁴ − 3x² + x: two minima and the maximum between them.
    assert_eq!(s.critical_points.len(), 3);
}

#[test]
fn step_stops_once_the_run_has_nothing_new_to_show() {
    // η = 0.5 on x²: x₁ = x₀ − 0.5·2x₀ = 0, so the update after step 1 is 0 (< 1e-6).
    let one = moved1d("fn=square&x0=-3&lr=0.5&steps=0", Move::Step);
    assert_eq!(one.steps, 1);
    assert!(one.shown().progress.finished);
    assert_eq!(moved1d(&one.query(), Move::Step).steps, 1, "a finished run does not step");
    assert_eq!(moved1d("fn=square&x0=-3&lr=0.1&steps=7", Move::Reset).steps, 0);
}

#[test]
fn a_diverging_run_says_where_it_stopped() {
    // η = 10 on x²: x multiplies by 1 − 20 = −19 each step; 3·19⁵ ≈ 7.4e6 is the first past
    // the 1e6 bound, so the run holds x₀ … x₅ and stops.
    let s = Descent1d::from_query("fn=square&x0=-3&lr=10&steps=8").shown();
    assert_eq!(s.progress.taken, 5);
    assert_eq!(s.progress.diverged_after, Some(5));
    assert!(s.progress.finished);
    // Where it stopped, f′ is still a number (2x), not the ∞ of an overflow.
    assert_eq!(s.slope, 2.0 * s.x);
    assert!(s.slope.is_finite());
    assert_eq!(s.closed_form.unwrap().rate.regime, Regime::Grows);
}

#[test]
fn moves_of_the_start_are_rounded_to_hundredths() {
    assert_eq!(moved1d("x0=-3&steps=4", Move::StartAt { x: 1.23456, y: 0.0 }).x0, 1.23);
    let dragged = moved1d("x0=-3&steps=4", Move::StartAt { x: -0.006, y: 0.0 });
    assert_eq!((dragged.x0, dragged.steps), (-0.01, 4), "dragging keeps the steps");
    assert_eq!(moved1d("x0=-3", Move::Nudge { dx: 1.0, dy: 0.0 }).x0, -2.9);
    assert_eq!(moved1d("x0=4", Move::Nudge { dx: 1.0, dy: 0.0 }).x0, 4.0, "clamped to the table's range");
    let f = moved1d("fn=square&x0=2&steps=9", Move::Function { name: "twomin".into() });
    assert_eq!((f.f, f.x0, f.steps), (Fn1d::TwoMinima, Fn1d::TwoMinima.default_start(), 0));
    assert!(Descent1d::from_query("").apply(&Move::Function { name: "cubic".into() }).unwrap_err().contains("cubic"));
}

// ───────────────────────────── 2-D ─────────────────────────────

#[test]
fn himmelblau_at_the_origin() {
    // f(0, 0) = (−11)² + (−7)² = 170; ∂f/∂x₀ = 4x₀(…) + 2(x₀ + x₁² − 7) = −14, ∂f/∂x₁ = 2(x₀² + x₁ − 11) + … = −22.
    let s = Descent2d::from_query("fn=himmelblau&x0=0&x1=0&lr=0.01&steps=0").shown();
    assert_eq!((s.here.fx, s.here.grad), (170.0, [-14.0, -22.0]));
    assert!(close(s.here.norm, (14.0f64 * 14.0 + 22.0 * 22.0).sqrt()));
    assert_eq!(s.critical_points.len(), 9, "four minima, one maximum, four saddles");
    let next = s.next.expect("the first update is previewed");
    assert!(close(next.update[0], 0.14) && close(next.update[1], 0.22), "−η∇f with η = 0.01: {:?}", next.update);
    assert!(s.plain_descent);
    assert_eq!(s.loss_csv.rows, vec![vec![0.0, 170.0]]);
}

#[test]
fn a_new_function_or_optimizer_takes_its_start_and_a_rate_that_suits_it() {
    let m = moved2d("fn=bowl&steps=12", Move::Function { name: "rosenbrock".into() });
    assert_eq!((m.start, m.lr, m.steps), ([-1.5, 2.0], OptimizerKind::Sgd.race_lr(Fn2d::Rosenbrock), 0));
    let m = moved2d(&m.query(), Move::Optimizer { name: "adam".into() });
    assert_eq!((m.optimizer, m.lr), (OptimizerKind::Adam, OptimizerKind::Adam.race_lr(Fn2d::Rosenbrock)));
    assert_eq!(Descent2d::from_query(&m.query()).shown().optimizer_label, "Adam");
}

#[test]
fn a_click_starts_over_and_arrow_keys_move_by_a_fortieth_of_the_plot() {
    let m = moved2d("fn=bowl&steps=12", Move::StartAt { x: 0.123, y: -0.456 });
    assert_eq!((m.start, m.steps), ([0.12, -0.46], 0));
    // The bowl's plot is 10 wide and 10 high: one notch is 0.25.
    let m = moved2d("fn=bowl&x0=-3&x1=4&steps=5", Move::Nudge { dx: 1.0, dy: -1.0 });
    assert_eq!((m.start, m.steps), ([-2.75, 3.75], 0));
    // The elongated bowl is 20 wide: 0.5 along x₀.
    assert_eq!(moved2d("fn=elongated&x0=-7&x1=2", Move::Nudge { dx: -1.0, dy: 0.0 }).start, [-7.5, 2.0]);
}

#[test]
fn a_diverged_trajectory_ends_with_its_last_point_and_no_gradient() {
    // η = 2 on the bowl: x ← x − 2·2x = −3x; x₁ = 4·3ⁿ passes 1e6 at n = 12 (4·3¹¹ ≈ 7.1e5,
    // 4·3¹² ≈ 2.1e6), so the run holds points 0 … 12.
    let s = Descent2d::from_query("fn=bowl&x0=-3&x1=4&lr=2&steps=20").shown();
    let n = s.progress.diverged_after.expect("diverged");
    assert_eq!(n, 12);
    assert_eq!(s.progress.taken, n);
    assert!(s.next.is_none() && s.progress.finished);
    let last = s.trajectory_csv.rows.last().unwrap();
    assert_eq!(s.trajectory_csv.rows.len(), n + 1);
    assert_eq!(last[0], n as f64);
    assert!(last[4..].iter().all(|v| v.is_nan()), "no gradient from the last point: {last:?}");
}

#[test]
fn log_sliders_round_to_two_significant_digits() {
    assert_eq!(log_slider_value(-1.0), 0.1);
    assert_eq!(log_slider_value(-0.5), 0.32);
    assert_eq!(log_slider_value(2f64.log10()), 2.0);
    assert!(close(log_slider_position(0.01), -2.0));
}

// ───────────────────────────── one set of optimizer rules ─────────────────────────────

#[test]
fn the_race_and_the_trainer_make_the_same_update_for_the_same_gradient() {
    let grads = [[3.0, -4.0], [-0.5, 2.0], [1e-3, 0.0]];
    for kind in OptimizerKind::ALL {
        let mut race = Optimizer2d::new(kind, 0.1);
        let mut trainer = MethodOptimizer::<f64>::new(kind, 0.1);
        let mut trainer32 = MethodOptimizer::<f32>::new(kind, 0.1);
        let mut w = DMatrix::from_column_slice(2, 1, &[1.0, -2.0]);
        let mut w32 = DMatrix::from_column_slice(2, 1, &[1.0f32, -2.0]);
        for g in grads {
            let before = [w[0], w[1]];
            trainer.update(&mut [&mut w], &[&DMatrix::from_column_slice(2, 1, &g)]);
            let g32 = DMatrix::from_column_slice(2, 1, &g.map(|v| v as f32));
            trainer32.update(&mut [&mut w32], &[&g32]);
            let step = race.update(g);
            for k in 0..2 {
                assert!(close(before[k] + step[k], w[k]), "{kind:?}: race {} vs trainer {}", before[k] + step[k], w[k]);
                assert!((w32[k] as f64 - w[k]).abs() < 1e-5, "{kind:?}: f32 trainer {} vs f64 {}", w32[k], w[k]);
            }
        }
    }
}

#[test]
fn the_first_race_steps_follow_the_book_formulas() {
    // From 0 state with g = (3, −4), η = 0.1 (common/optimizer.py):
    // SGD −ηg; Momentum v = −ηg; AdaGrad −ηg/(|g| + ε); RMSprop −ηg/(√(0.01 g²) + ε);
    // Adam ηₜ = η√(1 − β₂)/(1 − β₁), m = 0.1g, v = 0.001g², step −ηₜ m/(√v + ε).
    let g = [3.0, -4.0];
    let eps = 1e-7;
    let lr_t = 0.1 * (1.0f64 - 0.999).sqrt() / (1.0 - 0.9);
    let expected = |kind: OptimizerKind, gi: f64| match kind {
        OptimizerKind::Sgd | OptimizerKind::Momentum => -0.1 * gi,
        OptimizerKind::AdaGrad => -0.1 * gi / (gi.abs() + eps),
        OptimizerKind::RmsProp => -0.1 * gi / ((0.01 * gi * gi).sqrt() + eps),
        OptimizerKind::Adam => -lr_t * (0.1 * gi) / ((0.001 * gi * gi).sqrt() + eps),
    };
    for kind in OptimizerKind::ALL {
        let step = Optimizer2d::new(kind, 0.1).update(g);
        for k in 0..2 {
            assert!(close(step[k], expected(kind, g[k])), "{kind:?}: {} vs {}", step[k], expected(kind, g[k]));
        }
        let run = optim2d::run(Fn2d::Bowl, [-3.0, 4.0], Optimizer2d::new(kind, 0.1), 1);
        assert_eq!(run.steps[0].update, Optimizer2d::new(kind, 0.1).update(Fn2d::Bowl.grad([-3.0, 4.0])));
    }
}

// ───────────────────────────── §4 the learning-rate view ─────────────────────────────

use gradlab::lessons::descent::{Diagnosis, PRESET_RATES};
use gradlab::lessons::lr::LrLesson;

#[test]
fn the_learning_rate_view_reads_its_race_keys_through_the_2d_table() {
    // No start in the link: the function's own; a start given is clamped to [−10, 10]. No
    // `rr`: the rates tuned for the function; `hide` lists the optimizers not drawn.
    let m = LrLesson::from_query("lr=0.3&race=himmelblau");
    assert_eq!((m.race, m.race_start, m.tuned, m.drawn), (Fn2d::Himmelblau, [0.0, 0.0], true, [true; 5]));
    assert_eq!(
        m.query(),
        "lr=0.3&x0=-3&steps=100&sched=constant&gamma=0.5&every=20&k=0.05&race=himmelblau&rx0=0&rx1=0&rr=1"
    );
    let m = LrLesson::from_query("race=bowl&rr=0&hide=adagrad,nope,sgd");
    assert_eq!((m.tuned, m.drawn), (false, [false, true, false, true, true]));
    assert!(m.query().ends_with("&rr=0&hide=sgd,adagrad"), "{}", m.query());
    let s = m.shown();
    assert_eq!(s.race_rows.iter().map(|r| r.drawn).collect::<Vec<_>>(), m.drawn);
    let drawn: Vec<usize> = m.race_runs().iter().map(|(_, _, run)| run.points.len()).collect();
    assert_eq!(drawn, [0, 101, 0, 101, 101], "hidden paths are empty, the others keep their place (and colour)");
    let m = LrLesson::from_query("race=bogus&rx0=50&rx1=-2.5&rr=1");
    assert_eq!((m.race, m.race_start, m.tuned), (Fn2d::Bowl, [10.0, -2.5], true));
    let mut moved = m;
    moved.apply(&Move::Function { name: "saddle".into() }).unwrap();
    assert_eq!(moved.race_start, Fn2d::Saddle.default_start());
    moved.apply(&Move::StartAt { x: 1.234, y: -0.006 }).unwrap();
    assert_eq!(moved.race_start, [1.23, -0.01]);
}

#[test]
fn the_rate_lab_runs_the_chosen_rate_first_then_the_other_presets() {
    let s = LrLesson::from_query("lr=0.1&x0=-3&steps=100").shown();
    // 0.1 is a preset: it appears once, first.
    let rates: Vec<f64> = s.lab.iter().map(|r| r.lr).collect();
    assert_eq!(rates, [0.1, 0.001, 0.01, 0.5, 1.01, 10.0]);
    assert_eq!(rates.len(), PRESET_RATES.len());
    assert!(s.lab[0].mine && s.lab[1..].iter().all(|r| !r.mine));
    let sorted: Vec<f64> = s.card_order.iter().map(|&i| s.lab[i].lr).collect();
    assert_eq!(sorted, [0.001, 0.01, 0.1, 0.5, 1.01, 10.0]);
    // η = 0.1: |x| shrinks by 0.8 per step, f′ at the end is far under 1% of the start: good.
    assert_eq!(s.lab[0].diagnosis, Diagnosis::Good);
    // Card rows: steps 0…3, the gap, step 100.
    let steps: Vec<Option<usize>> = s.lab[0].rows.iter().map(|r| r.step).collect();
    assert_eq!(steps, [Some(0), Some(1), Some(2), Some(3), None, Some(100)]);
    // η = 10 diverges (×(−19) a step) after 5 steps: its card ends with step 100, not iterated
    // (NaN, shown as "—"), and the closed form −3·(−19)¹⁰⁰ ≈ −2.25e128 there: finite, so no
    // cell may claim an overflow (∞).
    let wild = s.lab.iter().find(|r| r.lr == 10.0).unwrap();
    assert_eq!((wild.diagnosis, wild.diverged_after), (Diagnosis::Diverging, Some(5)));
    let last = wild.rows.last().unwrap();
    assert_eq!(last.step, Some(100));
    assert!(last.x.is_nan() && last.fx.is_nan());
    assert!(last.closed_form.is_finite() && (last.closed_form / -2.25e128 - 1.0).abs() < 0.01, "{}", last.closed_form);
    assert!(wild.x_end.is_nan() && wild.f_end.is_nan());
    // The curves' CSV: one row per iteration 0…100, an empty cell where a run had stopped.
    assert_eq!(s.curves_csv.rows.len(), 101);
    assert!(s.curves_csv.rows[100][6].is_nan());
}

#[test]
fn schedules_and_the_race_are_computed_for_every_kind_and_optimizer() {
    let s = LrLesson::from_query("lr=0.1&steps=40&sched=step&gamma=0.5&every=20").shown();
    assert_eq!(s.schedules.len(), 4);
    let step = s.schedules.iter().find(|r| r.kind == "step").unwrap();
    // Step decay: η(39) = 0.1 · 0.5^⌊39/20⌋ = 0.05.
    assert!(step.current && close(step.first, 0.1) && close(step.last, 0.05));
    assert_eq!(s.schedule_csv.rows.len(), 40);
    assert_eq!(s.schedule_runs_csv.rows.len(), 41);
    // The race at the rates tuned for the bowl, from (−3, 4).
    assert_eq!(s.race_rows.len(), 5);
    assert_eq!(s.race_rows[0].lr, OptimizerKind::Sgd.race_lr(Fn2d::Bowl));
    let usual = LrLesson::from_query("steps=40&rr=0").shown();
    assert_eq!(usual.race_rows[0].lr, OptimizerKind::Sgd.default_lr());
    let tuned = LrLesson::from_query("steps=40&rr=1&race=elongated").shown();
    assert_eq!(tuned.race_rows[0].lr, OptimizerKind::Sgd.race_lr(Fn2d::Elongated));
    assert_eq!(tuned.race_csv.rows.len(), 5 * 41);
    assert_eq!(tuned.race_loss_csv.rows.len(), 41);
}

#[test]
fn the_race_rates_are_found_by_a_search_per_function_and_make_every_optimizer_move() {
    use gradlab::lessons::optim2d::{self, candidate_rates, TUNING_STEPS};
    let grid = candidate_rates();
    assert_eq!((grid[0], *grid.last().unwrap(), grid.len()), (1e-4, 10.0, 16), "1, 2, 5 per decade from 1e-4 to 10");
    for f in Fn2d::ALL {
        let start = f.default_start();
        let f0 = f.f(start);
        for k in OptimizerKind::ALL {
            let lr = k.race_lr(f);
            assert!(grid.contains(&lr), "{f:?} {k:?}: {lr}");
            let run = |lr: f64| optim2d::run(f, start, optim2d::Optimizer2d::new(k, lr), TUNING_STEPS);
            let score = |lr: f64| optim2d::tuning_score(f, &run(lr));
            let end = |lr: f64| *run(lr).losses.last().unwrap();
            // Every optimizer really moves at its tuned rate: its score (mean loss, +∞ off the
            // plot) is finite and no worse than at the usual rate or the grid's neighbours, and on
            // the functions with a minimum it ends below half the start (Rosenbrock's curved valley is slow for SGD).
            assert!(score(lr).is_finite() && score(lr) <= score(k.default_lr()), "{f:?} {k:?}: {lr}");
            let i = grid.iter().position(|&r| r == lr).unwrap();
            let neighbours = [i.checked_sub(1), Some(i + 1)].into_iter().flatten().filter_map(|j| grid.get(j));
            for &n in neighbours {
                assert!(score(lr) <= score(n), "{f:?} {k:?}: {lr} beats its neighbour {n} on the grid");
            }
            if f != Fn2d::Saddle {
                assert!(end(lr) < f0 / 2.0, "{f:?} {k:?} at {lr}: {} from {f0}", end(lr));
            }
        }
        println!("{f:?}: {:?}", OptimizerKind::ALL.map(|k| k.race_lr(f)));
    }
    // The case: at the usual rates Adam barely leaves the bowl's start (f 25 → 22.5).
    let usual = optim2d::run(Fn2d::Bowl, [-3.0, 4.0], optim2d::Optimizer2d::new(OptimizerKind::Adam, 0.001), TUNING_STEPS);
    assert!(*usual.losses.last().unwrap() > 20.0);
}

// ───────────────────────────── §1 the learning cycle ─────────────────────────────

#[test]
fn the_two_starts_of_the_cycle_end_in_different_valleys() {
    use gradlab::lessons::cycle;
    let s = cycle::shown();
    // x⁴ − 3x² + x: minima near −1.30 (global) and 1.13 (local), the hill between them near 0.17.
    let minima: Vec<f64> = Fn1d::TwoMinima.critical_points().iter().filter(|c| c.kind == PointKind::Minimum).map(|c| c.x).collect();
    assert_eq!(minima.len(), 2);
    let [left, right] = [s.ends[0], s.ends[1]];
    assert!((left.x - minima[0]).abs() < 0.01, "−2 slides into the deep valley: {}", left.x);
    assert!((right.x - minima[1]).abs() < 0.01, "1.9 stays in the shallow one: {}", right.x);
    assert!(left.f < right.f, "the deep valley is lower");
    assert_eq!(s.csv.rows.len(), 2 * (cycle::STEPS + 1));
}

#[test]
fn long_tables_show_their_head_and_tail_around_a_note() {
    use gradlab::lessons::gd::{table_lines, TableLine, TABLE_HEAD, TABLE_TAIL};
    // 70 records fit: every one, the last marked as the next update.
    let short = table_lines(TABLE_HEAD + TABLE_TAIL, TABLE_HEAD + TABLE_TAIL - 1);
    assert_eq!(short.len(), 70);
    assert_eq!(short[69], TableLine::Step { row: 69, next: true });
    assert_eq!(short[68], TableLine::Step { row: 68, next: false });
    // 101 records (100 steps shown and the preview): 10, a note for 31, then rows 41…100.
    let long = table_lines(101, 100);
    assert_eq!(long.len(), 71);
    assert_eq!(long[10], TableLine::Elided { count: 31 });
    assert_eq!(long[11], TableLine::Step { row: 41, next: false });
    assert_eq!(long[70], TableLine::Step { row: 100, next: true });
    let s = Descent1d::from_query("fn=square&x0=-3&lr=0.001&steps=100").shown();
    assert_eq!(s.progress.lines, long);
}

#[test]
fn a_run_press_adds_at_most_the_views_number_of_steps() {
    // gd::RUN_STEPS_1D = 50 on the curve, RUN_STEPS_2D = 150 on the plane, whatever the state;
    // both well under descent::MAX_SHOWN_STEPS (1000), so a press always pauses before the end.
    use gradlab::lessons::descent::MAX_SHOWN_STEPS;
    use gradlab::lessons::gd::{RUN_STEPS_1D, RUN_STEPS_2D};
    assert_eq!((RUN_STEPS_1D, RUN_STEPS_2D), (50, 150));
    assert!(RUN_STEPS_1D < MAX_SHOWN_STEPS && RUN_STEPS_2D < MAX_SHOWN_STEPS);
    for q in ["", "steps=10&lr=0.5", "steps=1000"] {
        assert_eq!(Descent1d::from_query(q).shown().progress.run_steps, RUN_STEPS_1D, "{q}");
        assert_eq!(Descent2d::from_query(q).shown().progress.run_steps, RUN_STEPS_2D, "{q}");
    }
}

#[test]
fn a_run_is_called_diverged_only_once_the_point_past_the_bound_is_shown() {
    use gradlab::lessons::descent::{Stop, DIVERGENCE_BOUND};
    // η = 2 on x²: x multiplies by −3 each step. x₁₁ = 3¹² ≈ 5.3e5 is inside the 1e6 bound,
    // x₁₂ ≈ −1.6e6 is past it: with 11 steps shown the run goes on; with 12 it has diverged.
    let eleven = Descent1d::from_query("fn=square&x0=-3&lr=2&steps=11").shown();
    assert!(eleven.x.abs() < DIVERGENCE_BOUND);
    assert!(!eleven.progress.finished, "x₁₁ is inside the bound: stepping goes on");
    let twelve = Descent1d::from_query("fn=square&x0=-3&lr=2&steps=12").shown();
    assert!(twelve.x.abs() > DIVERGENCE_BOUND);
    assert!(twelve.progress.finished);
    assert_eq!(twelve.progress.stop, Some(Stop::Diverged { bound: DIVERGENCE_BOUND }));
}

#[test]
fn a_start_at_the_minimum_is_no_verdict_on_the_rate() {
    use gradlab::lessons::descent::{descend_fn1d, Diagnosis};
    // From x₀ = 0 on x², f′ = 0: every update is 0, at η = 0.1 as at η = 10. No rate is
    // "good" (or "diverging") there: the run does not move.
    for lr in [0.001, 0.1, 0.5, 1.01, 10.0] {
        let run = descend_fn1d(Fn1d::Square, 0.0, lr, 100);
        assert!(run.xs.iter().all(|&x| x == 0.0));
        assert_eq!(Diagnosis::of(&run), Diagnosis::Stationary, "η = {lr}");
    }
    // Anywhere else the rate decides, as before.
    assert_eq!(Diagnosis::of(&descend_fn1d(Fn1d::Square, -3.0, 0.1, 100)), Diagnosis::Good);
}
