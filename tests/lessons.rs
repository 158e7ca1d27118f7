//! The lessons of sections 2–4 (issue 3) against closed forms and hand-computed values.
//! Each expected number says where it comes from; none is copied from the seed's tables.

use gradlab::charts::contour::{self, ContourLabels, PlotMapping, Scene, Trajectory};
use gradlab::charts::function1d::{self, Function1dLabels, Tangent};
use gradlab::charts::series::{self, Options, Series, Titles};
use gradlab::charts::frame::Scale;
use gradlab::lessons::descent::{
    descend_fn1d, square_checkpoints, square_closed_form, square_multiplier, Diagnosis, Regime, Schedule,
    ScheduleKind, SquareRate, CHECKPOINT_RATES, CHECKPOINT_STEPS, DIVERGENCE_BOUND, PRESET_RATES,
};
use gradlab::lessons::gd::Descent1d;
use gradlab::lessons::losses::{self, at_probability, worked_example};
use gradlab::lessons::lr::LrLesson;
use gradlab::lessons::optim2d::{self, Optimizer2d, OptimizerKind};
use gradlab::lessons::surface::{gradient_field, Fn1d, Fn2d, Grid, PointKind};
use plotters::prelude::*;

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

// ───────────────────────────── §2 losses ─────────────────────────────


/// Plain gradient descent x ← x − η∇f(x) on a 2-D lesson function: the race's SGD entrant.
fn sgd_2d(f: Fn2d, start: [f64; 2], lr: f64, steps: usize) -> gradlab::lessons::descent::Run2d {
    optim2d::run(f, start, Optimizer2d::new(OptimizerKind::Sgd, lr), steps)
}
#[test]
fn worked_example_term_by_term() {
    // y = [0.7, 0.2, 0.1], t = [1, 0, 0]:
    // squared errors (−0.3)² = 0.09, 0.2² = 0.04, 0.1² = 0.01; SSE = ½·0.14 = 0.07.
    // CE = −1·ln(0.7 + 1e-7) = 0.356674…; the other terms are 0·ln(…) = 0.
    let ex = worked_example(&[0.7, 0.2, 0.1], &[1.0, 0.0, 0.0]).unwrap();
    let squares: Vec<f64> = ex.terms.iter().map(|t| t.squared_error).collect();
    for (got, want) in squares.iter().zip([0.09, 0.04, 0.01]) {
        assert!(close(*got, want, 1e-12), "{squares:?}");
    }
    assert!(close(ex.sse, 0.07, 1e-12));
    assert!(close(ex.ce, 0.357, 5e-4), "CE = {}", ex.ce);
    assert!(close(ex.ce, -(0.7f64 + 1e-7).ln(), 1e-15));
    assert_eq!(ex.terms[1].cross_entropy, 0.0);
    assert!(worked_example(&[0.5], &[1.0, 0.0]).is_none(), "lengths must match");
}

#[test]
fn loss_table_at_the_six_probabilities() {
    // SSE(p) = ½(1 − p)², CE(p) = −ln(p + 1e-7) (correct class p, the other outputs 0).
    // p = 0.1: ½·0.81 = 0.405 and −ln 0.1 = 2.302585…, ratio 5.685.
    let table = losses::table();
    assert_eq!(table.len(), 6);
    let first = table[0];
    assert!(close(first.sse, 0.405, 1e-12));
    assert!(close(first.ce, 2.303, 5e-4));
    assert!(close(first.ratio.unwrap(), 2.302584 / 0.405, 1e-4));
    // p = 0.3, 0.5, 0.7, 0.9: ½(1−p)² = 0.245, 0.125, 0.045, 0.005; −ln p = 1.204, ln 2, 0.357, 0.105.
    let want = [(0.245, 1.2040), (0.125, std::f64::consts::LN_2), (0.045, 0.3567), (0.005, 0.1054)];
    for (row, (sse, ce)) in table[1..5].iter().zip(want) {
        assert!(close(row.sse, sse, 1e-12), "p = {}: SSE {}", row.p, row.sse);
        assert!(close(row.ce, ce, 1e-4), "p = {}: CE {}", row.p, row.ce);
    }
    // p = 1: SSE is exactly 0; −ln(1 + 1e-7) ≈ −1e-7 is only δ's trace, clamped to 0; no ratio.
    let last = table[5];
    assert_eq!(last.sse, 0.0);
    assert_eq!(last.ce, 0.0);
    assert_eq!(last.ratio, None);
}

#[test]
fn cross_entropy_pulls_harder_when_the_prediction_is_wrong() {
    // ∂SSE/∂y = p − 1 = −0.9 and ∂CE/∂y = −1/p ≈ −10 at p = 0.1; at p = 0.9: −0.1 and −1.11.
    let wrong = at_probability(0.1);
    assert!(close(wrong.dsse, -0.9, 1e-12));
    assert!(close(wrong.dce, -10.0, 1e-5));
    let right = at_probability(0.9);
    assert!(close(right.dsse, -0.1, 1e-12));
    assert!(close(right.dce, -1.0 / 0.9, 1e-6));
    // The view labels the slope −1/p: at the slider's end, p = 0.001, that is −1000, not the
    // −999.9 of −1/(p + δ).
    assert_eq!(at_probability(0.001).dce, -1000.0);
    let curve = losses::curve(100);
    assert!(close(curve[0].p, 0.001, 1e-15) && close(curve[99].p, 1.0, 1e-15));
    assert!(curve.iter().all(|c| c.sse.is_finite() && c.ce.is_finite()));
}

#[test]
fn spreading_the_rest_over_the_other_classes_raises_only_the_squared_error() {
    use gradlab::lessons::losses::sse_spread;
    // p = 0.1, nine others at 0.1 each: ½(0.81 + 9·0.01) = 0.45, against 0.405 with them at 0.
    assert!(close(sse_spread(0.1, 10), 0.45, 1e-12));
    for p in [0.001, 0.3, 0.7, 1.0] {
        assert!(close(sse_spread(p, 10), 0.5 * (1.0 - p).powi(2) * 10.0 / 9.0, 1e-15), "p = {p}");
        assert!(sse_spread(p, 10) >= at_probability(p).sse);
    }
    // Two classes: the other gets all of 1 − p, so SSE = (1 − p)².
    assert!(close(sse_spread(0.25, 2), 0.5625, 1e-15));
}

#[test]
fn through_softmax_the_squared_error_fades_and_cross_entropy_does_not() {
    use gradlab::lessons::losses::score_slopes;
    // y = softmax(a) with p on the correct class and (1 − p)/9 on each of 9 others:
    // ∂CE/∂a_c = p − 1; ∂SSE/∂a_c = (p − 1)·p(1 − p) + 9·q·q·(−p) = −p(1 − p)²·10/9.
    for p in [0.001, 0.01, 0.1, 0.5, 0.9, 0.999] {
        let s = score_slopes(p, 10);
        assert!(close(s.ce, p - 1.0, 1e-12), "CE at p = {p}: {}", s.ce);
        let want = -p * (1.0 - p).powi(2) * 10.0 / 9.0;
        assert!(close(s.sse, want, 1e-15), "SSE at p = {p}: {} vs {want}", s.sse);
    }
    // p = 0.1: CE −0.9, SSE −0.09; p = 0.001: CE −0.999, SSE ≈ −0.00111 — 900 times weaker.
    let wrong = score_slopes(0.001, 10);
    assert!(wrong.sse.abs() < 0.0012 && wrong.ce < -0.99);
    assert!(close(score_slopes(0.1, 10).sse, -0.09, 1e-12));
    // Two classes: the sigmoid case, −2p(1 − p)².
    assert!(close(score_slopes(0.2, 2).sse, -2.0 * 0.2 * 0.64, 1e-15));
    // Both vanish when the network is right (p = 1).
    let right = score_slopes(1.0, 10);
    assert_eq!((right.ce, right.sse), (0.0, 0.0));
}

// ───────────────────────────── §3 surfaces ─────────────────────────────

#[test]
fn gradients_and_hessians_match_central_differences() {
    let h = 1e-5;
    for f in Fn2d::ALL {
        for p in [[0.3, -0.7], [-1.2, 1.9], [2.5, 0.4]] {
            let g = f.grad(p);
            let hess = f.hessian(p);
            for k in 0..2 {
                let (mut a, mut b) = (p, p);
                a[k] += h;
                b[k] -= h;
                let numeric = (f.f(a) - f.f(b)) / (2.0 * h);
                assert!(
                    close(g[k], numeric, 1e-5 * (1.0 + numeric.abs())),
                    "{f:?} ∂f/∂x{k} at {p:?}: {} vs {numeric}",
                    g[k]
                );
                let (ga, gb) = (f.grad(a), f.grad(b));
                for i in 0..2 {
                    let numeric = (ga[i] - gb[i]) / (2.0 * h);
                    assert!(close(hess[i][k], numeric, 1e-5 * (1.0 + numeric.abs())), "{f:?} H[{i}][{k}] at {p:?}");
                }
            }
        }
    }
    for f in Fn1d::ALL {
        for x in [-1.7, 0.2, 1.3] {
            assert!(close(f.df(x), (f.f(x + h) - f.f(x - h)) / (2.0 * h), 1e-6));
            assert!(close(f.d2f(x), (f.df(x + h) - f.df(x - h)) / (2.0 * h), 1e-5));
        }
    }
}

#[test]
fn the_saddle_has_one_critical_point_and_it_is_a_saddle() {
    // x₀² − x₁²: ∇f = (2x₀, −2x₁) = 0 only at the origin; Hessian diag(2, −2).
    let points = Fn2d::Saddle.critical_points();
    assert_eq!(points.len(), 1, "{points:?}");
    assert_eq!(points[0].kind, PointKind::Saddle);
    assert!(points[0].x[0].abs() < 1e-12 && points[0].x[1].abs() < 1e-12);
    assert_eq!(points[0].eigenvalues, [-2.0, 2.0]);
    let bowl = Fn2d::Bowl.critical_points();
    assert_eq!((bowl.len(), bowl[0].kind), (1, PointKind::Minimum));
    let rosen = Fn2d::Rosenbrock.critical_points();
    assert_eq!(rosen.len(), 1);
    assert!(close(rosen[0].x[0], 1.0, 1e-9) && close(rosen[0].x[1], 1.0, 1e-9) && rosen[0].kind == PointKind::Minimum);
}

#[test]
fn himmelblau_has_four_minima_one_maximum_four_saddles() {
    let points = Fn2d::Himmelblau.critical_points();
    for p in &points {
        println!(
            "{:>8} ({:+.6}, {:+.6}) f = {:.6} eigenvalues {:?}",
            p.kind.name(),
            p.x[0],
            p.x[1],
            p.f,
            p.eigenvalues
        );
    }
    let of = |k: PointKind| points.iter().filter(|p| p.kind == k).collect::<Vec<_>>();
    let (minima, maxima, saddles) = (of(PointKind::Minimum), of(PointKind::Maximum), of(PointKind::Saddle));
    assert_eq!((minima.len(), maxima.len(), saddles.len(), points.len()), (4, 1, 4, 9));
    // Known minima (all with f = 0), sorted by x₀ as critical_points sorts them.
    let known = [[-3.779310, -3.283186], [-2.805118, 3.131312], [3.0, 2.0], [3.584428, -1.848126]];
    for (m, k) in minima.iter().zip(known) {
        assert!(close(m.x[0], k[0], 1e-5) && close(m.x[1], k[1], 1e-5), "minimum {:?} vs {k:?}", m.x);
        assert!(m.f.abs() < 1e-12);
    }
    assert!(close(maxima[0].x[0], -0.270845, 1e-5) && close(maxima[0].x[1], -0.923039, 1e-5));
    for s in saddles {
        let g = Fn2d::Himmelblau.grad(s.x);
        assert!(g[0].hypot(g[1]) < 1e-8 && s.eigenvalues[0] < 0.0 && s.eigenvalues[1] > 0.0);
    }
}

#[test]
fn two_minima_function_has_two_minima_and_a_maximum() {
    // f′(x) = 4x³ − 6x + 1 has three real roots in [−2.2, 2.2].
    let points = Fn1d::TwoMinima.critical_points();
    let kinds: Vec<PointKind> = points.iter().map(|p| p.kind).collect();
    assert_eq!(kinds, [PointKind::Minimum, PointKind::Maximum, PointKind::Minimum]);
    for p in &points {
        assert!(Fn1d::TwoMinima.df(p.x).abs() < 1e-9, "{p:?}");
    }
    assert!(points[0].f < points[2].f, "the left minimum is the global one");
    let square = Fn1d::Square.critical_points();
    assert_eq!(square.len(), 1);
    assert!(square[0].x.abs() < 1e-12 && square[0].kind == PointKind::Minimum);
}

#[test]
fn arrows_point_downhill_and_contours_lie_on_their_level() {
    let arrows = gradient_field(Fn2d::Bowl, Fn2d::Bowl.domain(), 10);
    assert_eq!(arrows.len(), 100);
    for a in &arrows {
        // −∇f = (−2x₀, −2x₁): towards the origin, |∇f| = 2|x|.
        assert_eq!(a.dir, [-2.0 * a.at[0], -2.0 * a.at[1]]);
        assert!(close(a.norm, 2.0 * a.at[0].hypot(a.at[1]), 1e-12));
    }
    let grid = Grid::sample(Fn2d::Bowl, Fn2d::Bowl.domain(), 41, 41);
    assert_eq!(grid.values.len(), 41 * 41);
    assert_eq!((grid.min, grid.max), (0.0, 50.0));
    // The contour f = 9 of x₀² + x₁² is the circle of radius 3: every segment end lies near it
    // (linear interpolation between grid points 0.25 apart is off by at most about 0.01).
    let segments = grid.contour(9.0);
    assert!(segments.len() > 40);
    for s in &segments {
        for p in s {
            assert!(close(p[0].hypot(p[1]), 3.0, 0.02), "{p:?}");
        }
    }
    let levels = grid.levels(8);
    assert!(levels.windows(2).all(|w| w[0] < w[1]) && levels[0] > 0.0 && levels[7] < 50.0);
}

// ───────────────────────────── §3–4 descent ─────────────────────────────

#[test]
fn descent_on_x_squared_matches_the_closed_form() {
    // x ← x − η·2x = (1 − 2η)x, so xₙ = x₀(1 − 2η)ⁿ.
    // η = 0.1 from −3: x₁₀ = −3·0.8¹⁰ = −3·0.1073741824 = −0.3221225472.
    let run = descend_fn1d(Fn1d::Square, -3.0, 0.1, 10);
    assert!(close(run.last_x(), -0.3221225472, 1e-12), "{}", run.last_x());
    for (n, x) in run.xs.iter().enumerate() {
        assert!(close(*x, square_closed_form(-3.0, 0.1, n), 1e-12));
    }
    // The first row written out: x = −3, f′ = −6, update = −0.1·(−6) = 0.6, next = −2.4.
    let s = run.steps[0];
    assert_eq!((s.x, s.fx, s.dfx), (-3.0, 9.0, -6.0));
    assert!(close(s.update, 0.6, 1e-15) && close(s.x_next, -2.4, 1e-15));
    // η = 1.01: x₁ = −3·(1 − 2.02) = 3.06, overshooting to the other side.
    let run = descend_fn1d(Fn1d::Square, -3.0, 1.01, 1);
    assert!(close(run.last_x(), 3.06, 1e-12));
}

#[test]
fn descent_on_the_bowl_matches_the_closed_form() {
    // ∇(x₀² + x₁²) = 2x, so each coordinate follows the 1-D closed form:
    // η = 0.1 from (−3, 4): x₁ = (−2.4, 3.2), x₁₀ = (−3, 4)·0.8¹⁰ = (−0.32212, 0.42950).
    let run = sgd_2d(Fn2d::Bowl, [-3.0, 4.0], 0.1, 10);
    let s = run.steps[0];
    assert_eq!((s.at.grad, s.at.norm, s.at.fx), ([-6.0, 8.0], 10.0, 25.0));
    for (n, p) in run.points.iter().enumerate() {
        assert!(close(p[0], square_closed_form(-3.0, 0.1, n), 1e-12));
        assert!(close(p[1], square_closed_form(4.0, 0.1, n), 1e-12));
    }
    assert!(close(run.last()[0], -0.3221225472, 1e-12) && close(run.last()[1], 0.4294967296, 1e-12));
    // f(xₙ) = 25·0.64ⁿ.
    assert!(close(run.losses[10], 25.0 * 0.64f64.powi(10), 1e-12));
}

#[test]
fn divergence_stops_the_run_with_finite_numbers() {
    // η = 10: x ← −19x. From −3: 57, −1083, 20577, −390963, 7428297 > 1e6 → stops after step 4.
    let run = descend_fn1d(Fn1d::Square, -3.0, 10.0, 100);
    assert_eq!(run.diverged_at, Some(4));
    assert_eq!(run.steps.len(), 5);
    assert_eq!(run.xs, vec![-3.0, 57.0, -1083.0, 20577.0, -390963.0, 7428297.0]);
    assert!(run.last_x().abs() > DIVERGENCE_BOUND);
    assert!(run.fs.iter().chain(run.xs.iter()).all(|v| v.is_finite()));
    // In 2-D too: SGD with η = 0.1 on Rosenbrock from (−1.5, 2) blows up but never yields NaN.
    let run = sgd_2d(Fn2d::Rosenbrock, [-1.5, 2.0], 0.1, 100);
    assert!(run.diverged());
    assert!(run.points.iter().flatten().chain(&run.losses).all(|v| !v.is_nan()));
}

#[test]
fn diagnosis_of_each_preset_rate() {
    // 100 steps of x² from −3; |f′| shrinks by |1 − 2η| per step.
    // 0.001: |f′| ends at 0.998¹⁰⁰ = 0.82 of its start → too slow.
    // 0.01:  0.98¹⁰⁰ = 0.13 > 0.01 → too slow (it needs 228 steps to reach 1%).
    // 0.1:   0.8¹⁰⁰ ≈ 2e-10 → good.
    // 0.5:   1 − 2η = 0: x₁ = 0 exactly, the minimum in one step → one step (not "good":
    //        a jump that only this function's constant curvature makes land).
    // 0.9:   1 − 2η = −0.8: x changes sign every step while shrinking → oscillating.
    // 1.01:  1 − 2η = −1.02: |x| grows 2% per step, f(x₁₀₀) = 9·1.02²⁰⁰ > 9 → diverging.
    // 10:    1 − 2η = −19: leaves the bound at step 4 → diverging.
    let diagnose = |lr: f64| Diagnosis::of(&descend_fn1d(Fn1d::Square, -3.0, lr, 100));
    let got: Vec<Diagnosis> = PRESET_RATES.iter().map(|&lr| diagnose(lr)).collect();
    use Diagnosis::*;
    assert_eq!(got, [TooSlow, TooSlow, Good, OneStep, Diverging, Diverging], "{PRESET_RATES:?}");
    assert_eq!(diagnose(0.9), Oscillating);
    // One step is one step whatever the run's length, even a run of that single step.
    assert_eq!(Diagnosis::of(&descend_fn1d(Fn1d::Square, -3.0, 0.5, 1)), OneStep);
    assert_eq!(Diagnosis::of(&descend_fn1d(Fn1d::Square, 2.0, 0.5, 7)), OneStep);
    // Just below 0.5 the run shrinks by |1 − 2η| = 2e-4 per step: good, not one step.
    assert_eq!(diagnose(0.4999), Good);
    assert_eq!(Diagnosis::NAMES.len(), 7);
    assert_eq!(OneStep.name(), "one-step");
    // η = 1: x flips between −3 and 3 forever, the loss stays 9: oscillating, not diverging.
    assert_eq!(diagnose(1.0), Oscillating);
    // η = 0.01 given enough steps is good.
    assert_eq!(Diagnosis::of(&descend_fn1d(Fn1d::Square, -3.0, 0.01, 300)), Good);
}

#[test]
fn the_multiplier_and_its_regimes() {
    // One step on x²: x − η·2x = (1 − 2η)x.
    assert_eq!(square_multiplier(0.1), 0.8);
    assert_eq!(square_multiplier(0.5), 0.0);
    assert_eq!(square_multiplier(1.0), -1.0);
    assert!(close(square_multiplier(1.01), -1.02, 1e-15));
    use Regime::*;
    let cases = [
        (0.0001, Shrinks),
        (0.001, Shrinks),
        (0.1, Shrinks),
        (0.4999, Shrinks),
        (0.5, Lands),
        (0.5001, Alternates),
        (0.9, Alternates),
        (0.9999, Alternates),
        (1.0, Bounces),
        (1.0001, Grows),
        (1.01, Grows),
        (10.0, Grows),
        (0.0, Stays),
        (-0.1, Grows),
    ];
    for (lr, want) in cases {
        assert_eq!(Regime::of_rate(lr), want, "η = {lr}");
    }
    assert!(Regime::ALL.iter().all(|r| !r.name().is_empty() && Regime::from_name(r.name()) == Some(*r)));
    assert_eq!(Bounces.name(), "bounces");
    // Each regime is what the iterated run does, checked on the run itself (from −3):
    let run = |lr: f64, n: usize| descend_fn1d(Fn1d::Square, -3.0, lr, n);
    // shrinks: x keeps its sign and |x| falls every step;
    let r = run(0.1, 20);
    assert!(r.xs.windows(2).all(|w| w[1] < 0.0 && w[1].abs() < w[0].abs()));
    // lands: x₁ = 0 exactly and stays;
    assert!(run(0.5, 5).xs[1..].iter().all(|&x| x == 0.0));
    // alternates: the sign flips every step, yet f falls every step (the zig-zag is in x only);
    let r = run(0.9, 20);
    assert!(r.xs.windows(2).all(|w| w[0].signum() != w[1].signum()));
    assert!(r.fs.windows(2).all(|w| w[1] < w[0]), "{:?}", r.fs);
    // bounces: −3, 3, −3, … and f = 9 throughout;
    let r = run(1.0, 6);
    assert_eq!(r.xs, vec![-3.0, 3.0, -3.0, 3.0, -3.0, 3.0, -3.0]);
    assert!(r.fs.iter().all(|&f| f == 9.0));
    // grows: |x| and f rise every step.
    let r = run(1.01, 20);
    assert!(r.fs.windows(2).all(|w| w[1] > w[0]));
}

#[test]
fn the_gd1_closed_form_and_the_rate_lab_say_the_same_of_each_rate() {
    // Both show x²'s multiplier and regime at η (one SquareRate): for each preset rate, the
    // `#/gd1` closed form on x² and that rate's card in the `#/lr` lab.
    let lab = LrLesson::from_query("lr=0.1&x0=-3&steps=10").shown().lab;
    for lr in PRESET_RATES {
        let want = SquareRate { multiplier: square_multiplier(lr), regime: Regime::of_rate(lr) };
        let shown = Descent1d::from_query(&format!("fn=square&x0=-3&lr={lr}&steps=3")).shown();
        assert_eq!(shown.closed_form.expect("x² has a closed form").rate, want, "#/gd1 at η = {lr}");
        let card = lab.iter().find(|r| r.lr == lr).unwrap_or_else(|| panic!("no lab card for η = {lr}"));
        assert_eq!(card.rate, want, "#/lr card at η = {lr}");
    }
}

#[test]
fn every_checkpoint_cell_agrees_with_the_closed_form() {
    // The chapter's tables (§4.1): x₀ = −3, η = 0.001, 0.01, 0.1, 1.01, steps 0 … 1000.
    assert_eq!(CHECKPOINT_STEPS, [0, 1, 2, 3, 10, 50, 100, 500, 1000]);
    assert_eq!(CHECKPOINT_RATES, [0.001, 0.01, 0.1, 1.01]);
    for lr in CHECKPOINT_RATES {
        let rows = square_checkpoints(-3.0, lr, &CHECKPOINT_STEPS);
        assert_eq!(rows.iter().map(|r| r.step).collect::<Vec<_>>(), CHECKPOINT_STEPS);
        let r = square_multiplier(lr);
        for row in &rows {
            let want = -3.0 * r.powi(row.step as i32);
            // Iterating rounds once per step: at most ~n ulps apart from the power.
            let tol = 1e-13 * (1.0 + row.step as f64) * want.abs();
            assert!(close(row.x, want, tol), "η = {lr}, n = {}: {} vs {want}", row.step, row.x);
            assert!(close(row.closed_form, want, 1e-15 * want.abs()), "closed form η = {lr}, n = {}", row.step);
            assert!(close(row.fx, want * want, 3.0 * tol * want.abs()), "f η = {lr}, n = {}", row.step);
            // The change the next step makes: xₙ₊₁ − xₙ = (r − 1)xₙ = −2η·xₙ.
            assert!(close(row.update, -2.0 * lr * row.x, 1e-15 * row.x.abs()), "update η = {lr}, n = {}", row.step);
            assert!(row.x.is_finite() && row.fx.is_finite());
        }
    }
    // A few cells by hand (the seed's own tables get several of these wrong):
    let cell = |lr: f64, n: usize| square_checkpoints(-3.0, lr, &[n])[0];
    // η = 0.1, n = 10: −3·0.8¹⁰ = −0.3221225472 (not −1.216).
    assert!(close(cell(0.1, 10).x, -0.3221225472, 1e-12));
    // η = 0.01, n = 50: −3·0.98⁵⁰ = −1.09251… (not −1.007).
    assert!(close(cell(0.01, 50).x, -3.0 * 0.98f64.powi(50), 1e-12));
    assert!(close(cell(0.01, 50).x, -1.09251, 1e-5));
    // η = 0.001, n = 1000: −3·0.998¹⁰⁰⁰ = −0.4052…
    assert!(close(cell(0.001, 1000).x, -0.4052, 1e-4));
    // η = 1.01: x₁ = −3·(−1.02) = 3.06 (not 3.030), f = 9.3636; x₁₀₀₀ = −3·1.02¹⁰⁰⁰ ≈ −1.19e9:
    // far past the bound where the lab's runs stop, still finite here.
    assert!(close(cell(1.01, 1).x, 3.06, 1e-12) && close(cell(1.01, 1).fx, 9.3636, 1e-12));
    let far = cell(1.01, 1000);
    assert!(far.x < -DIVERGENCE_BOUND && close(far.x / (-3.0 * 1.02f64.powi(1000)), 1.0, 1e-12));
    // Step 0 is the start, whose update is the first step's.
    let start = cell(0.1, 0);
    assert_eq!((start.x, start.fx, start.closed_form), (-3.0, 9.0, -3.0));
    assert!(close(start.update, 0.6, 1e-15));
}

#[test]
fn recommended_rates_match_our_optimizers_and_the_closed_form() {
    use gradlab::lessons::descent::{optimizer_params, quadratic_rate_limits, RECOMMENDED_RATES};
    // The book's ch. 4 rate is the training view's default rate.
    let mnist = RECOMMENDED_RATES.iter().find(|r| r.id == "mnist").unwrap();
    let train_lr = gradlab::config::TRAIN_KEYS.iter().find(|k| k.name == "lr").unwrap();
    match train_lr.spec {
        gradlab::config::Spec::Real { default, .. } => assert_eq!(mnist.lr, default),
        _ => panic!("lr is a real key"),
    }
    // The hyper-parameters shown beside each rate are our optimizers' (the book's) constants.
    assert_eq!(optimizer_params(OptimizerKind::Momentum), "α = 0.9");
    assert_eq!(optimizer_params(OptimizerKind::RmsProp), "ρ = 0.99");
    assert_eq!(optimizer_params(OptimizerKind::Adam), "β₁ = 0.9, β₂ = 0.999");
    assert_eq!(optimizer_params(OptimizerKind::Sgd), "");
    // Every row names a source; Adam's rate is the paper's default.
    assert!(RECOMMENDED_RATES.iter().all(|r| !r.sources.is_empty()));
    let adam = RECOMMENDED_RATES.iter().find(|r| r.optimizer == OptimizerKind::Adam).unwrap();
    assert_eq!((adam.lr, adam.sources[0]), (0.001, "adam-paper"));
    // x² has curvature 2: monotone below 1/2, convergent below 1 — the regimes' boundaries.
    let (monotone, converges) = quadratic_rate_limits(Fn1d::Square.d2f(0.0));
    assert_eq!((monotone, converges), (0.5, 1.0));
    assert_eq!(Regime::of_rate(monotone), Regime::Lands);
    assert_eq!(Regime::of_rate(converges), Regime::Bounces);
}

#[test]
fn schedules_follow_their_formulas() {
    let step = Schedule::new(ScheduleKind::Step, 0.1, 0.5, 10, 0.0);
    // 0.1·0.5^⌊t/10⌋
    assert_eq!((step.lr(0), step.lr(9), step.lr(10), step.lr(25)), (0.1, 0.1, 0.05, 0.025));
    let exp = Schedule::new(ScheduleKind::Exponential, 0.1, 0.0, 1, 0.05);
    assert!(close(exp.lr(20), 0.1 * (-1.0f64).exp(), 1e-15));
    let inv = Schedule::new(ScheduleKind::InverseTime, 0.1, 0.0, 1, 0.1);
    assert!(close(inv.lr(10), 0.05, 1e-15));
    assert_eq!(Schedule::new(ScheduleKind::Constant, 0.3, 0.5, 1, 1.0).rates(3), vec![0.3, 0.3, 0.3]);
    assert_eq!(ScheduleKind::from_name("EXP"), Some(ScheduleKind::Exponential));
    // A decaying rate tames η = 0.9 on x²: the record holds the rate each step used.
    let run = gradlab::lessons::descent::descend_1d(|x| x * x, |x| 2.0 * x, -3.0, &step, 30);
    assert_eq!((run.steps[0].lr, run.steps[29].lr), (0.1, 0.025));
}

// ───────────────────────────── §4 optimizers ─────────────────────────────

/// Two updates of `kind` at rate `lr` on the bowl x₀² + x₁² (∇f = 2x) from (−3, 4).
fn two_steps(kind: OptimizerKind, lr: f64) -> [[f64; 2]; 2] {
    let run = optim2d::run(Fn2d::Bowl, [-3.0, 4.0], Optimizer2d::new(kind, lr), 2);
    [run.points[1], run.points[2]]
}

fn assert_point(got: [f64; 2], want: [f64; 2], tol: f64, what: &str) {
    assert!(close(got[0], want[0], tol) && close(got[1], want[1], tol), "{what}: got {got:?}, want {want:?}");
}

#[test]
fn sgd_first_two_steps() {
    // g₀ = (−6, 8); x₁ = (−3, 4) − 0.1·(−6, 8) = (−2.4, 3.2)
    // g₁ = (−4.8, 6.4); x₂ = (−2.4, 3.2) − 0.1·(−4.8, 6.4) = (−1.92, 2.56)
    let [x1, x2] = two_steps(OptimizerKind::Sgd, 0.1);
    assert_point(x1, [-2.4, 3.2], 1e-12, "SGD x₁");
    assert_point(x2, [-1.92, 2.56], 1e-12, "SGD x₂");
}

#[test]
fn momentum_first_two_steps() {
    // v₁ = 0.9·0 − 0.1·(−6, 8) = (0.6, −0.8);           x₁ = (−2.4, 3.2)
    // v₂ = 0.9·(0.6, −0.8) − 0.1·(−4.8, 6.4) = (0.54 + 0.48, −0.72 − 0.64) = (1.02, −1.36)
    // x₂ = (−2.4 + 1.02, 3.2 − 1.36) = (−1.38, 1.84)
    let [x1, x2] = two_steps(OptimizerKind::Momentum, 0.1);
    assert_point(x1, [-2.4, 3.2], 1e-12, "Momentum x₁");
    assert_point(x2, [-1.38, 1.84], 1e-12, "Momentum x₂");
}

#[test]
fn adagrad_first_two_steps() {
    // η = 0.5. h₁ = (36, 64); x₁ = (−3, 4) − 0.5·(−6/6, 8/8) = (−2.5, 3.5)
    //   (ε = 1e-7 in √h + ε shifts this by ~1e-8: −6/(6 + 1e-7))
    // g₁ = (−5, 7); h₂ = (36 + 25, 64 + 49) = (61, 113); √h₂ = (7.810250, 10.630146)
    // x₂ = (−2.5 + 0.5·5/7.810250, 3.5 − 0.5·7/10.630146) = (−2.5 + 0.320092, 3.5 − 0.329252)
    //    = (−2.179908, 3.170748)
    let [x1, x2] = two_steps(OptimizerKind::AdaGrad, 0.5);
    assert_point(x1, [-2.5, 3.5], 1e-7, "AdaGrad x₁");
    assert_point(x2, [-2.179908, 3.170748], 1e-6, "AdaGrad x₂");
}

#[test]
fn rmsprop_first_two_steps() {
    // η = 0.1, ρ = 0.99. h₁ = 0.01·(36, 64) = (0.36, 0.64); √h₁ = (0.6, 0.8)
    // x₁ = (−3, 4) − 0.1·(−6/0.6, 8/0.8) = (−3 + 1, 4 − 1) = (−2, 3)
    // g₁ = (−4, 6); h₂ = 0.99·(0.36, 0.64) + 0.01·(16, 36) = (0.5164, 0.9936); √h₂ = (0.718610, 0.996795)
    // x₂ = (−2 + 0.1·4/0.718610, 3 − 0.1·6/0.996795) = (−2 + 0.556630, 3 − 0.601929) = (−1.443370, 2.398071)
    let [x1, x2] = two_steps(OptimizerKind::RmsProp, 0.1);
    assert_point(x1, [-2.0, 3.0], 1e-6, "RMSprop x₁");
    assert_point(x2, [-1.443370, 2.398071], 1e-6, "RMSprop x₂");
}

#[test]
fn adam_first_two_steps() {
    // η = 0.1, β₁ = 0.9, β₂ = 0.999.
    // t = 1: ηₜ = 0.1·√(1 − 0.999)/(1 − 0.9) = 0.1·0.0316228/0.1 = 0.0316228
    //   m₁ = 0.1·(−6, 8) = (−0.6, 0.8); v₁ = 0.001·(36, 64) = (0.036, 0.064); √v₁ = (0.189737, 0.252982)
    //   step = 0.0316228·(−0.6/0.189737, 0.8/0.252982) = 0.0316228·(−3.162278, 3.162278) = (−0.1, 0.1)
    //   x₁ = (−2.9, 3.9): Adam's first step moves each coordinate by η.
    // t = 2: g₁ = (−5.8, 7.8); ηₜ = 0.1·√(1 − 0.999²)/(1 − 0.9²) = 0.1·0.0447102/0.19 = 0.0235317
    //   m₂ = 0.9·(−0.6, 0.8) + 0.1·(−5.8, 7.8) = (−1.12, 1.5)
    //   v₂ = 0.999·(0.036, 0.064) + 0.001·(33.64, 60.84) = (0.069604, 0.124776); √v₂ = (0.263826, 0.353236)
    //   step = 0.0235317·(−1.12/0.263826, 1.5/0.353236) = (−0.099897, 0.099926)
    //   x₂ = (−2.800103, 3.800074)
    let [x1, x2] = two_steps(OptimizerKind::Adam, 0.1);
    assert_point(x1, [-2.9, 3.9], 1e-6, "Adam x₁");
    assert_point(x2, [-2.800103, 3.800074], 1e-6, "Adam x₂");
}

#[test]
fn the_race_starts_together_at_the_tuned_rates() {
    for f in Fn2d::ALL {
        let all: Vec<(OptimizerKind, f64)> = OptimizerKind::ALL.iter().map(|&k| (k, k.race_lr(f))).collect();
        let runs = optim2d::race(f, f.default_start(), &all, 100);
        for (run, (kind, _)) in runs.iter().zip(&all) {
            assert_eq!(run.points[0], f.default_start());
            assert!(run.points.iter().flatten().all(|v| !v.is_nan()), "{f:?} {kind:?} produced NaN");
            println!(
                "{:>10} {:>9}: {} steps, end {:?}, loss {:.3e}{}",
                f.name(),
                kind.label(),
                run.steps.len(),
                run.last(),
                run.losses.last().unwrap(),
                if run.diverged() { " (diverged)" } else { "" }
            );
            // Every function but the saddle (unbounded below) has its race rates stable:
            // each entrant ends lower than it started, without diverging.
            if f != Fn2d::Saddle {
                assert!(!run.diverged() && run.losses.last().unwrap() < &run.losses[0], "{f:?} {kind:?}");
            }
        }
    }
}

// ───────────────────────────── charts ─────────────────────────────

fn svg(width: u32, height: u32, draw: impl FnOnce(&DrawingArea<SVGBackend, plotters::coord::Shift>)) -> String {
    let mut out = String::new();
    {
        let area = SVGBackend::with_string(&mut out, (width, height)).into_drawing_area();
        draw(&area);
    }
    out
}

fn bowl_scene(trajectory: Vec<[f64; 2]>) -> Scene {
    let f = Fn2d::Bowl;
    let grid = Grid::sample(f, f.domain(), 41, 41);
    Scene {
        levels: grid.levels(10),
        grid,
        arrows: gradient_field(f, f.domain(), 12),
        arrows_per_side: 12,
        normalized: false,
        trajectories: vec![Trajectory { label: "SGD η=0.1".into(), points: trajectory }],
        critical_points: f.critical_points(),
    }
}

fn contour_labels() -> ContourLabels {
    ContourLabels {
        titles: Titles { title: "f(x0, x1) = x0² + x1²".into(), x: "x0".into(), y: "x1".into() },
        neg_grad: "−∇f".into(),
        minimum: "minimum".into(),
        maximum: "maximum".into(),
        saddle: "saddle".into(),
    }
}

#[test]
fn contour_chart_renders_its_labels_and_maps_pixels_back() {
    let run = sgd_2d(Fn2d::Bowl, [-3.0, 4.0], 0.1, 20);
    let mut mapping = None;
    let text = svg(640, 520, |area| {
        mapping = Some(contour::draw(area, &bowl_scene(run.points.clone()), &contour_labels(), Scale::ONE).unwrap())
    });
    for label in ["−∇f", "SGD η=0.1", "minimum", "x0", "x1"] {
        assert!(text.contains(label), "SVG lacks {label}");
    }
    assert!(!text.contains("saddle"), "the bowl has no saddle, so no legend entry");
    let m = mapping.unwrap();
    // The minimum marker is a circle of radius 6 drawn by plotters at the pixel of (0, 0);
    // the mapping must read that pixel back as (0, 0) to within one pixel's worth of data.
    let circle = text.split("<circle").find(|c| c.contains("r=\"6\"")).expect("minimum marker");
    let attr = |name: &str| -> f64 {
        let rest = &circle[circle.find(&format!(" {name}=\"")).unwrap() + name.len() + 3..];
        rest[..rest.find('"').unwrap()].parse().unwrap()
    };
    let p = m.to_data(attr("cx"), attr("cy")).unwrap();
    let (per_px_x, per_px_y) = ((m.x.1 - m.x.0) / (m.right - m.left), (m.y.1 - m.y.0) / (m.bottom - m.top));
    assert!(p[0].abs() <= per_px_x && p[1].abs() <= per_px_y, "(0,0) came back as {p:?}");
    // Round trip of an arbitrary point, and a click outside the plot.
    let (px, py) = m.to_pixel([-3.0, 4.0]);
    let back = m.to_data(px, py).unwrap();
    assert!(close(back[0], -3.0, 1e-9) && close(back[1], 4.0, 1e-9));
    assert_eq!(m.to_data(0.0, 0.0), None);
}

#[test]
fn plot_mapping_agrees_with_plotters() {
    let mut out = String::new();
    let area = SVGBackend::with_string(&mut out, (500, 400)).into_drawing_area();
    let chart = ChartBuilder::on(&area)
        .margin(10)
        .x_label_area_size(40)
        .y_label_area_size(50)
        .build_cartesian_2d(-5.0..5.0, -1.0..3.0)
        .unwrap();
    let m = PlotMapping::of(&chart);
    for p in [(-5.0, -1.0), (5.0, 3.0), (1.25, 0.3), (-2.0, 2.9)] {
        let (bx, by) = chart.backend_coord(&p);
        let (mx, my) = m.to_pixel([p.0, p.1]);
        assert!(
            (bx as f64 - mx).abs() <= 1.0 && (by as f64 - my).abs() <= 1.0,
            "{p:?}: plotters ({bx},{by}) vs ({mx},{my})"
        );
    }
}

#[test]
fn contour_chart_of_every_function_with_a_diverging_race() {
    let all: Vec<(OptimizerKind, f64)> =
        OptimizerKind::ALL.iter().map(|&k| (k, 10.0 * k.race_lr(Fn2d::Bowl))).collect();
    for f in Fn2d::ALL {
        let grid = Grid::sample(f, f.domain(), 30, 30);
        let trajectories = optim2d::race(f, f.default_start(), &all, 50)
            .into_iter()
            .zip(&all)
            .map(|(run, (k, _))| Trajectory { label: k.label().into(), points: run.points })
            .collect();
        let scene = Scene {
            levels: grid.levels(12),
            grid,
            arrows: gradient_field(f, f.domain(), 15),
            arrows_per_side: 15,
            normalized: true,
            trajectories,
            critical_points: f.critical_points(),
        };
        let text = svg(600, 500, |area| {
            contour::draw(area, &scene, &contour_labels(), Scale::ONE).unwrap();
        });
        assert!(text.contains("Adam") && text.contains("−∇f"));
        assert!(!text.contains("NaN"), "{f:?}");
        if f == Fn2d::Himmelblau {
            assert!(text.contains("maximum") && text.contains("saddle"));
        }
    }
}

#[test]
fn function1d_chart_renders_curve_iterates_and_tangent() {
    let f = Fn1d::TwoMinima;
    let run = descend_fn1d(f, 2.0, 0.05, 10);
    let iterates: Vec<(f64, f64)> = run.xs.iter().zip(&run.fs).map(|(&x, &y)| (x, y)).collect();
    let x = run.last_x();
    let labels = Function1dLabels {
        titles: Titles { title: "f(x) = x⁴ − 3x² + x".into(), x: "x".into(), y: "f(x)".into() },
        curve: "curve".into(),
        iterates: "iterates".into(),
        tangent: "tangent".into(),
    };
    let mut mapping = None;
    let text = svg(600, 400, |area| {
        mapping = Some(
            function1d::draw(area, &f.curve(200), &iterates, Some(Tangent { x, f: f.f(x), slope: f.df(x) }), &labels, Scale::ONE)
                .unwrap(),
        )
    });
    for label in ["x⁴ − 3x² + x", "curve", "iterates", "tangent", "f(x)"] {
        assert!(text.contains(label), "SVG lacks {label}");
    }
    let m = mapping.unwrap();
    assert_eq!(m.x, (-2.2, 2.2));
    // A diverging run is drawn on the edge, without error.
    let wild = descend_fn1d(Fn1d::Square, -3.0, 10.0, 100);
    let pts: Vec<(f64, f64)> = wild.xs.iter().zip(&wild.fs).map(|(&x, &y)| (x, y)).collect();
    svg(400, 300, |area| {
        function1d::draw(area, &Fn1d::Square.curve(100), &pts, None, &labels, Scale::ONE).unwrap();
    });
}

#[test]
fn series_chart_clamps_diverging_runs_and_draws_log_scale() {
    let runs: Vec<Series> = [0.1, 1.01, 10.0]
        .iter()
        .map(|&lr| {
            let run = descend_fn1d(Fn1d::Square, -3.0, lr, 50);
            Series {
                label: format!("η={lr} ({})", Diagnosis::of(&run).name()),
                points: run.fs.iter().enumerate().map(|(i, &v)| (i as f64, v)).collect(),
                marker: None,
            }
        })
        .collect();
    let titles = Titles { title: "loss per iteration".into(), x: "iteration".into(), y: "f(x)".into() };
    for options in
        [Options { log_y: false, y_clamp: Some(18.0), ..Options::default() }, Options { log_y: true, y_clamp: Some(1e3), ..Options::default() }, Options::default()]
    {
        let text = svg(600, 400, |area| series::draw(area, &runs, &titles, options).unwrap());
        for label in ["η=0.1 (good)", "η=1.01 (diverging)", "η=10 (diverging)", "loss per iteration"] {
            assert!(text.contains(label), "SVG lacks {label} ({options:?})");
        }
        assert!(!text.contains("NaN"));
    }
    // Both losses against p with the current point marked.
    let curve = losses::curve(50);
    let at = at_probability(0.3);
    let two = vec![
        Series {
            label: "SSE".into(),
            points: curve.iter().map(|c| (c.p, c.sse)).collect(),
            marker: Some((at.p, at.sse)),
        },
        Series { label: "CE".into(), points: curve.iter().map(|c| (c.p, c.ce)).collect(), marker: Some((at.p, at.ce)) },
    ];
    let text = svg(500, 350, |area| series::draw(area, &two, &titles, Options::default()).unwrap());
    assert!(text.contains("SSE") && text.contains("CE"));
}

#[test]
fn lesson_url_keys_are_clamped() {
    use gradlab::config::normalize_query;
    use gradlab::lessons::keys_of;
    assert_eq!(
        normalize_query("lr=50&fn=ROSENBROCK&x0=-99", keys_of("gd2").unwrap()),
        "fn=rosenbrock&x0=-10&x1=4&lr=10&steps=0&opt=sgd&norm=0"
    );
    assert_eq!(normalize_query("p=0", keys_of("loss").unwrap()), "p=0.001");
    assert!(keys_of("nope").is_none());
}

#[test]
fn curve_shapes_are_recognised_from_synthetic_curves() {
    use gradlab::lessons::curves::{chance, diagnose_curve, Diagnosis::*};
    let ln10 = chance().loss as f32;
    assert!((chance().loss - std::f64::consts::LN_10).abs() < 1e-15 && chance().accuracy == 0.1);
    let smooth: Vec<f32> = (0..300).map(|i| 2.3 * (-(i as f32) / 60.0).exp()).collect();
    assert_eq!(diagnose_curve(&smooth, false, Some(0.9)), Good);
    let slow: Vec<f32> = (0..300).map(|i| 2.3 - 0.002 * i as f32).collect();
    assert_eq!(diagnose_curve(&slow, false, Some(0.5)), TooSlow);
    let zigzag: Vec<f32> = (0..300).map(|i| 1.5 + 0.4 * ((i / 30 + 1) % 2) as f32).collect();
    assert_eq!(diagnose_curve(&zigzag, false, Some(0.4)), Oscillating);
    let rising: Vec<f32> = (0..300).map(|i| 2.3 + 0.01 * i as f32).collect();
    assert_eq!(diagnose_curve(&rising, false, None), Diverging);
    assert_eq!(diagnose_curve(&[2.3, f32::NAN], true, None), Diverging);
    // A spike to 4, then flat at ln 10 for the second half (what η = 1.5 does on MNIST).
    let collapsed: Vec<f32> = (0..300).map(|i| if i < 60 { 4.0 - i as f32 / 30.0 } else { ln10 + 0.001 * (i % 3) as f32 }).collect();
    assert_eq!(diagnose_curve(&collapsed, false, Some(0.098)), StuckAtChance);
    assert_eq!(diagnose_curve(&collapsed, false, None), StuckAtChance, "judged on the loss alone before any evaluation");
    // Near misses: the same losses while the accuracy is 30% is not chance (it falls to the
    // other shapes); a curve that never left ln 10 is too slow a rate, not a collapse; one that
    // ends 0.1 below ln 10 is still learning.
    assert_ne!(diagnose_curve(&collapsed, false, Some(0.3)), StuckAtChance);
    let flat: Vec<f32> = (0..300).map(|i| ln10 - 0.00001 * i as f32).collect();
    assert_eq!(diagnose_curve(&flat, false, Some(0.1)), TooSlow);
    let near: Vec<f32> = collapsed.iter().map(|l| if *l < 2.4 { l - 0.1 } else { *l }).collect();
    assert_ne!(diagnose_curve(&near, false, Some(0.1)), StuckAtChance);
}

// ───────────────────────────── §5 mini-batch timings ─────────────────────────────

use gradlab::lessons::minibatch::{batch_verdict, seconds_at_iterations, BatchVerdict, TimedRun};

#[test]
fn seconds_interpolate_between_clock_readings() {
    // Readings: 0 ms at 0, 400 ms after 4 iterations, 1,000 ms after 6. Iteration 2 is halfway
    // through the first stretch (0.2 s); 5 halfway through the second (0.7 s); 7 continues the
    // last stretch's 300 ms per iteration (1.3 s).
    let clock = [(0.0, 0.0), (4.0, 400.0), (6.0, 1000.0)];
    let secs = seconds_at_iterations(&clock, 7);
    let expected = [0.1, 0.2, 0.3, 0.4, 0.7, 1.0, 1.3];
    for (i, (&s, &e)) in secs.iter().zip(&expected).enumerate() {
        assert!(close(s, e, 1e-12), "iteration {}: {s} vs {e}", i + 1);
    }
    // Only the start reading: every iteration reads 0 s, as before any report arrives.
    assert_eq!(seconds_at_iterations(&[(0.0, 0.0)], 3), vec![0.0; 3]);
    assert_eq!(seconds_at_iterations(&[], 2), vec![0.0; 2]);
}

#[test]
fn the_batch_verdict_compares_time_per_update_and_final_accuracy() {
    let run = |updates, ms, acc| TimedRun { updates, ms, final_accuracy: acc };
    // ms per update: 2.0, 0.5, 8.0 (the third is slowest though it took the fewest updates).
    let runs = [run(100, 200.0, Some(0.9)), run(1000, 500.0, Some(0.8)), run(10, 80.0, Some(0.95))];
    assert_eq!(batch_verdict(&runs), Some(BatchVerdict { fastest: 1, slowest: 2, best: Some(2) }));
    // A run without updates is left out; one comparable run gives no verdict.
    assert_eq!(batch_verdict(&[run(0, 0.0, None), run(10, 80.0, Some(0.9))]), None);
    // Before any evaluation there is no best run.
    assert_eq!(batch_verdict(&[run(10, 10.0, None), run(10, 20.0, None)]), Some(BatchVerdict { fastest: 0, slowest: 1, best: None }));
    // Ties: the later run is fastest and slowest, the earlier one best.
    let tied = [run(10, 10.0, Some(0.5)), run(20, 20.0, Some(0.5))];
    assert_eq!(batch_verdict(&tied), Some(BatchVerdict { fastest: 1, slowest: 1, best: Some(0) }));
}

#[test]
fn stepping_stops_when_diverged_converged_or_at_the_last_step() {
    use gradlab::lessons::descent::{stepping_finished, CONVERGED_UPDATE, MAX_SHOWN_STEPS};
    assert!(!stepping_finished(false, 3, Some(&[0.5])));
    assert!(stepping_finished(true, 3, Some(&[0.5])), "diverged");
    assert!(stepping_finished(false, 3, None), "no next step");
    assert!(stepping_finished(false, MAX_SHOWN_STEPS, Some(&[0.5])), "at the last step");
    assert!(stepping_finished(false, 3, Some(&[CONVERGED_UPDATE / 2.0, -CONVERGED_UPDATE / 2.0])), "converged");
    assert!(!stepping_finished(false, 3, Some(&[CONVERGED_UPDATE / 2.0, 2.0 * CONVERGED_UPDATE])), "one coordinate still moves");
    assert!(!stepping_finished(false, 3, Some(&[f64::NAN])), "a non-finite update is no convergence");
    // x² from 1 at η = 0.25: each step halves x, the update −0.5·x; after n steps it is
    // −0.5ⁿ⁺¹, under 1e-6 first at n = 19 (0.5¹⁹ ≈ 1.9e-6, 0.5²⁰ ≈ 9.5e-7).
    let run = descend_fn1d(Fn1d::Square, 1.0, 0.25, 25);
    let first = (0..25).find(|&n| run.finished_after(n)).unwrap();
    assert_eq!(first, 19, "0.5^20 ≈ 9.5e-7 is the first update under 1e-6");
    assert!(run.finished_after(25), "no step 25 in a 25-step run");
    // Each stop says why, with the numbers of the rule.
    use gradlab::lessons::descent::{stepping_stop, Stop, DIVERGENCE_BOUND};
    assert_eq!(run.stop_after(19), Some(Stop::Converged { update: 0.5f64.powi(20), below: CONVERGED_UPDATE }));
    assert_eq!(run.stop_after(18), None);
    assert_eq!(run.stop_after(25), Some(Stop::EndOfRun));
    assert_eq!(stepping_stop(true, 3, None), Some(Stop::Diverged { bound: DIVERGENCE_BOUND }));
    assert_eq!(stepping_stop(false, MAX_SHOWN_STEPS, Some(&[0.5])), Some(Stop::StepLimit { limit: MAX_SHOWN_STEPS }));
    assert_eq!(stepping_stop(false, 3, Some(&[-1e-7, 4e-7])), Some(Stop::Converged { update: 4e-7, below: CONVERGED_UPDATE }));
    // The 2-D bowl at η = 0.1: the run leaves no step unfinished once past its length.
    let run2 = sgd_2d(Fn2d::Bowl, [3.0, 4.0], 0.1, 5);
    assert!(!run2.finished_after(0) && run2.finished_after(5));
}

#[test]
fn the_sampler_cards_draw_every_sampler_and_only_sequential_from_sorted_data() {
    use gradlab::data::batch::first_batch_histogram;
    use gradlab::data::SamplerKind;
    use gradlab::lessons::minibatch::sampler_draws;
    use gradlab::rng::Rng;
    let draws = sampler_draws();
    let names: Vec<&str> = draws.iter().map(|d| d.sampler).collect();
    assert_eq!(names, SamplerKind::NAMES, "one card per sampler, in the cards' order");
    let sorted: Vec<&str> = draws.iter().filter(|d| d.sorted).map(|d| d.sampler).collect();
    assert_eq!(sorted, ["sequential"]);
    // Why: on labels sorted by class, sequential batches hold one class (the bias the chapter
    // warns about); on interleaved labels its batch would look like any other sampler's.
    let interleaved: Vec<u8> = (0..1000).map(|i| (i % 10) as u8).collect();
    let mut by_class = interleaved.clone();
    by_class.sort();
    let classes = |labels: &[u8]| first_batch_histogram(SamplerKind::Sequential, labels, 100, &mut Rng::new(1)).iter().filter(|&&c| c > 0).count();
    assert_eq!((classes(&by_class), classes(&interleaved)), (1, 10));
}

// ───────────────────────────── the prose's numbers ─────────────────────────────

/// Every number the lesson prose fills in (`lessons::facts`) is the constant that defines it,
/// and the values are the ones the book and the lessons state: a change to a constant changes
/// the sentence, and a fact taken from the wrong constant fails here.
#[test]
fn text_facts_are_the_defining_constants() {
    use gradlab::lessons::facts::{text_facts, Fact};
    use gradlab::lessons::{curves, summary, LOSS_KEYS};
    let f = text_facts();
    // MNIST: 28 × 28 = 784 pixels, 10 classes (the book's input and output widths).
    assert_eq!((f.side.clone(), f.pixels.clone(), f.classes.clone()), (Fact::Count(28), Fact::Count(784), Fact::Count(10)));
    assert_eq!(f.pixels, Fact::Count(gradlab::digit::SIZE * gradlab::digit::SIZE));
    assert_eq!(f.classes, Fact::Count(gradlab::data::dataset::CLASSES));
    // MNIST's own preprocessing fits the ink into a 20-pixel box (LeCun et al.'s description).
    assert_eq!(f.ink_box, Fact::Count(gradlab::digit::BOX));
    assert_eq!(f.ink_box, Fact::Count(20));
    // The book's ch04/train_neuralnet.py: hidden_size=50, batch_size=100, 60,000 training
    // images, so 60,000 / 100 = 600 updates per epoch; weight_init_std=0.01.
    let book = gradlab::numerical_training::BOOK;
    assert_eq!((f.book_hidden.clone(), f.book_batch.clone()), (Fact::Count(book.hidden), Fact::Count(book.batch)));
    assert_eq!((f.book_hidden.clone(), f.book_batch.clone()), (Fact::Count(50), Fact::Count(100)));
    assert_eq!(f.train_images, Fact::Count(summary::BOOK_TRAIN));
    assert_eq!(f.train_images, Fact::Count(gradlab::lessons::minibatch::BOOK_TRAIN_IMAGES));
    assert_eq!(f.book_epoch_updates, Fact::Count(600));
    assert_eq!(f.book_std, Fact::Number(gradlab::nn::init::BOOK_STD));
    assert_eq!(f.book_std, Fact::Number(0.01));
    assert_eq!(f.large_std, Fact::Number(gradlab::nn::init::LARGE_STD));
    // The book's h = 1e-4 (ch04/gradient_1d.py) and cross-entropy's delta = 1e-7 (ch04 / common/functions.py).
    assert_eq!(f.book_h, Fact::Power(-4));
    assert_eq!(f.delta, Fact::Power(-7));
    assert_eq!(f.delta_code, Fact::Code("1e-7".into()));
    // −ln(1e-7) = 7 ln 10 = 16.1181, to the 3 places the page writes.
    assert_eq!(f.delta_loss, Fact::Number(16.118));
    // Each power is exactly its constant: a constant that is no power of ten would be misstated.
    for (power, constant) in [
        (&f.book_h, gradlab::gradcheck::BOOK_H),
        (&f.delta, gradlab::nn::loss::LOG_DELTA),
        (&f.divergence_bound, DIVERGENCE_BOUND),
    ] {
        let Fact::Power(n) = *power else { panic!("{power:?} is not a power") };
        assert!(((10f64.powi(n) - constant) / constant).abs() < 1e-12, "10^{n} ≠ {constant}");
    }
    // The keys' ranges: lr of every view (config::LR_MIN..LR_MAX), p of the loss lesson.
    assert_eq!((f.lr_min.clone(), f.lr_max.clone()), (Fact::Number(gradlab::config::LR_MIN), Fact::Number(gradlab::config::LR_MAX)));
    assert_eq!((f.lr_min.clone(), f.lr_max.clone()), (Fact::Number(1e-4), Fact::Number(10.0)));
    let p = LOSS_KEYS.iter().find(|k| k.name == "p").unwrap().spec.range().unwrap();
    assert_eq!((f.p_min.clone(), f.p_max.clone()), (Fact::Number(p.0), Fact::Number(p.1)));
    assert_eq!((f.p_min.clone(), f.p_max.clone()), (Fact::Number(losses::P_MIN), Fact::Number(1.0)));
    // The labs' test images, and what the mistakes' links open with.
    assert_eq!(f.lab_test_images, Fact::Count(curves::LAB_DATA.test_images));
    let link = summary::MISTAKES[0].links().bad_href;
    assert!(link.contains(&format!("subset={}", 1000)) && link.contains(&format!("iters={}", 500)), "{link}");
    assert_eq!((f.mistake_images.clone(), f.mistake_iterations.clone()), (Fact::Count(1000), Fact::Count(500)));
    assert_eq!(f.reference_batch, Fact::Count(curves::REFERENCE_BATCH));
    assert_eq!(f.divergence_bound, Fact::Power(6));
    // The step-size study spans h = 10⁻¹⁰ … 10⁰ = 1 (its first and last rows).
    let hs = gradlab::gradcheck::log_spaced(
        gradlab::gradcheck::STUDY_LOG_H_MIN,
        gradlab::gradcheck::STUDY_LOG_H_MAX,
        gradlab::gradcheck::STUDY_LOG_H_STEP,
    );
    assert_eq!((f.study_h_min.clone(), f.study_h_max.clone()), (Fact::Power(-10), Fact::Number(1.0)));
    assert!(((hs[0] - 1e-10) / 1e-10).abs() < 1e-12 && hs[hs.len() - 1] == 1.0, "{:?}", (hs[0], hs[hs.len() - 1]));
    // The study's functions and points (the lesson's: sin x at 1, eˣ at 0, x³ at 2).
    use gradlab::gradcheck::{STUDY_CUBE_AT, STUDY_EXP_AT, STUDY_SIN_AT};
    assert_eq!(
        [f.study_sin_at.clone(), f.study_exp_at.clone(), f.study_cube_at.clone()],
        [Fact::Number(STUDY_SIN_AT), Fact::Number(STUDY_EXP_AT), Fact::Number(STUDY_CUBE_AT)]
    );
    assert_eq!([STUDY_SIN_AT, STUDY_EXP_AT, STUDY_CUBE_AT], [1.0, 0.0, 2.0]);
    // RMSprop's and Adam's usual rate, 0.001 (Kingma & Ba's suggested default).
    assert_eq!(f.adam_usual_lr, Fact::Number(gradlab::nn::OptimizerKind::Adam.default_lr()));
    assert_eq!(f.adam_usual_lr, Fact::Number(0.001));
    // The race runs every optimizer of the book's §6.1 once: SGD, Momentum, AdaGrad, RMSprop, Adam.
    assert_eq!(f.race_optimizers, Fact::Count(OptimizerKind::ALL.len()));
    assert_eq!(f.race_optimizers, Fact::Count(5));
    let race = LrLesson::from_query("").race_entrants();
    assert_eq!(f.race_optimizers, Fact::Count(race.len()), "one trajectory per entrant");
    // On f = x² (f'' = 2) one step multiplies x by 1 − 2η: |1 − 2η| < 1 ⇔ η < 2 / 2 = 1.
    assert_eq!(f.square_converges_below, Fact::Number(1.0));
    assert!(square_multiplier(0.999).abs() < 1.0 && square_multiplier(1.0).abs() == 1.0);
    // One training step: sample, forward, loss, gradient, update — 5 stages before "repeat".
    assert_eq!(f.cycle_steps, Fact::Count(5));
    assert_eq!(f.cycle_steps, Fact::Count(gradlab::lessons::cycle::step_stages().len()));
    // #/gd2's defaults (GD2_KEYS): f = x₀² + x₁² from (−3, 4) at η = 0.1, so ∇f = (2x₀, 2x₁) =
    // (−6, 8), ‖∇f‖ = √(36 + 64) = 10, and the first update goes to (−3 + 0.6, 4 − 0.8) = (−2.4, 3.2).
    let number = |fact: &Fact| match *fact {
        Fact::Number(v) => v,
        ref other => panic!("{other:?} is not a number"),
    };
    let got = [&f.gd2_x0, &f.gd2_x1, &f.gd2_grad0, &f.gd2_grad1, &f.gd2_grad_norm, &f.gd2_lr, &f.gd2_next0, &f.gd2_next1].map(number);
    for (got, want) in got.iter().zip([-3.0, 4.0, -6.0, 8.0, 10.0, 0.1, -2.4, 3.2]) {
        assert!(close(*got, want, 1e-12), "{got} ≠ {want}");
    }
    let q = gradlab::lessons::LessonQuery::parse("", gradlab::lessons::GD2_KEYS);
    assert_eq!((q.text("fn"), q.real("x0"), q.real("x1"), q.real("lr")), ("bowl", got[0], got[1], got[5]));
}

/// The training view's diagram walks the stages of one step: the cycle's stages before
/// "repeat", with the same numbers as the §1 list (so both views number them alike).
#[test]
fn the_step_stages_are_the_cycles_stages_before_repeat() {
    use gradlab::lessons::cycle::{self, Stage, REPEAT};
    let steps = cycle::step_stages();
    let names: Vec<&str> = steps.iter().map(|s| s.name).collect();
    // The book's ch04 loop: mini-batch, forward (predict), loss, gradient, update.
    assert_eq!(names, ["sample", "forward", "loss", "gradient", "update"]);
    assert_eq!(steps.iter().map(|s| s.number).collect::<Vec<_>>(), [1, 2, 3, 4, 5]);
    let all = cycle::stages();
    let repeat = all.iter().position(|s| s.name == REPEAT).expect("the cycle repeats");
    assert_eq!(steps, all[..repeat].to_vec());
    assert!(!steps.iter().any(|s: &Stage| s.name == REPEAT || s.name == "evaluate"));
}

/// #/lr's race keys are read through #/gd2's (race ↔ fn, rx0 ↔ x0, rx1 ↔ x1, rr ↔ norm), and
/// the view's controls get them with those ranges: an input spans what its value is clamped to.
#[test]
fn the_race_keys_span_the_2d_views_ranges() {
    use gradlab::lessons::{control_keys, lr, GD2_KEYS};
    let gd2 = |name: &str| GD2_KEYS.iter().find(|k| k.name == name).unwrap().spec.range();
    let keys = control_keys("lr").unwrap();
    let names: Vec<&str> = keys.iter().map(|k| k.name).collect();
    // LR_KEYS, then the race's in the URL's order (lessons/lr.rs's query()).
    assert_eq!(names[names.len() - 4..], ["race", "rx0", "rx1", "rr"]);
    let range = |name: &str| keys.iter().find(|k| k.name == name).unwrap().spec.range();
    assert_eq!(range("rx0"), gd2("x0"));
    assert_eq!(range("rx1"), gd2("x1"));
    assert_eq!(range("rx0"), Some((-10.0, 10.0)));
    assert_eq!(lr::race_keys().len(), lr::RACE_KEYS.len());
    // The start is clamped to that range: rx0=-99 reads as −10, rx1=99 as 10.
    assert_eq!(LrLesson::from_query("rx0=-99&rx1=99").race_start, [-10.0, 10.0]);
    // Views other than #/lr have their table's keys only.
    assert_eq!(control_keys("gd2").unwrap().len(), GD2_KEYS.len());
    assert!(control_keys("nope").is_none());
}

/// #/lr's lists come from the core: the four shapes of a learning curve it explains (the book's
/// §4.1 figure: too slow, good, zig-zag, diverging; not x²'s one-step landing nor a network's
/// "stuck"), and η(t) of each decaying schedule (Schedule::lr's formulas; none for a constant η).
#[test]
fn the_lr_views_shapes_and_schedule_formulas() {
    use gradlab::lessons::lr::{schedule_formula, Formula, SHAPES};
    let shown = LrLesson::from_query("").shown();
    assert_eq!(shown.shapes, [Diagnosis::TooSlow, Diagnosis::Good, Diagnosis::Oscillating, Diagnosis::Diverging]);
    assert_eq!(shown.shapes, SHAPES);
    let formulas: Vec<(&str, Option<Formula>)> = shown.schedules.iter().map(|r| (r.kind, r.formula)).collect();
    assert_eq!(
        formulas,
        [
            ("constant", None),
            ("step", Some(Formula { base: "η₀ · γ", power: "⌊t / s⌋" })),
            ("exp", Some(Formula { base: "η₀ · e", power: "−kt" })),
            ("inv", Some(Formula { base: "η₀ / (1 + kt)", power: "" })),
        ]
    );
    for kind in ScheduleKind::ALL {
        assert_eq!(schedule_formula(kind).is_none(), kind == ScheduleKind::Constant, "{kind:?}");
    }
    // The race's usual rates, one per optimizer with its label (nn::optim's default_lr: the
    // seed's §4.4 table, SGD and Momentum 0.1, AdaGrad 0.01, RMSprop and Adam 0.001).
    assert_eq!(
        shown.usual_rates,
        [("sgd", "SGD", 0.1), ("momentum", "Momentum", 0.1), ("adagrad", "AdaGrad", 0.01), ("rmsprop", "RMSprop", 0.001), ("adam", "Adam", 0.001)]
    );
}

/// The worked example's inputs span what a y may be, a probability (losses::Y_RANGE = [0, 1]):
/// the same range the example flags a value outside of.
#[test]
fn the_worked_examples_y_range_is_the_range_it_checks() {
    use gradlab::lessons::losses::{Example, Problem, Y_RANGE};
    assert_eq!(Y_RANGE, (0.0, 1.0));
    let shown = Example::default().shown().unwrap();
    assert_eq!(shown.y_range, Y_RANGE);
    let at = |v: f64| Example { y: vec![v, 0.0], correct: 0 }.problem();
    assert_eq!(at(Y_RANGE.1 + 0.5), Some(Problem::OutOfRange { k: 0, value: 1.5 }));
    assert_eq!(at(Y_RANGE.0 - 0.25), Some(Problem::OutOfRange { k: 0, value: -0.25 }));
    assert!(!matches!(at(Y_RANGE.1), Some(Problem::OutOfRange { .. })), "the range's end is a probability");
}
