//! The functions of section 3 ("gradient descent, seen"), each with its exact derivatives, and
//! everything the 1-D and 2-D plots sample from them: grids, contour lines, the −∇f arrow
//! field and the points where the gradient vanishes, named from the Hessian.
//!
//! Charts only draw what this module computes (STYLE.md §10), so all of it is tested natively.
//! Points of the plane are `[x₀, x₁]`; gradients `[∂f/∂x₀, ∂f/∂x₁]`; Hessians `[[h₀₀, h₀₁],
//! [h₁₀, h₁₁]]` (symmetric).

use crate::named::named;
use serde::Serialize;

/// The 1-D lesson functions (§3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fn1d {
    /// f(x) = x², the book's example: one minimum at 0, f′(x) = 2x.
    Square,
    /// f(x) = x⁴ − 3x² + x: a global minimum near x = −1.30, a local one near 1.13 and a
    /// maximum between them near 0.17. Descent started right of the maximum ends in the
    /// worse minimum: the gradient only sees the slope where it stands.
    TwoMinima,
}

named!(Fn1d: Square = "square", TwoMinima = "twomin");

impl Fn1d {
    /// The formula as text, for the page.
    pub fn formula(self) -> &'static str {
        match self {
            Fn1d::Square => "x²",
            Fn1d::TwoMinima => "x⁴ − 3x² + x",
        }
    }

    pub fn f(self, x: f64) -> f64 {
        match self {
            Fn1d::Square => x * x,
            Fn1d::TwoMinima => x.powi(4) - 3.0 * x * x + x,
        }
    }
    /// f′(x).
    pub fn df(self, x: f64) -> f64 {
        match self {
            Fn1d::Square => 2.0 * x,
            Fn1d::TwoMinima => 4.0 * x.powi(3) - 6.0 * x + 1.0,
        }
    }
    /// f″(x): its sign names a critical point (> 0 minimum, < 0 maximum).
    pub fn d2f(self, x: f64) -> f64 {
        match self {
            Fn1d::Square => 2.0,
            Fn1d::TwoMinima => 12.0 * x * x - 6.0,
        }
    }

    /// The x range the plot shows.
    pub fn domain(self) -> (f64, f64) {
        match self {
            Fn1d::Square => (-4.0, 4.0),
            Fn1d::TwoMinima => (-2.2, 2.2),
        }
    }
    pub fn default_start(self) -> f64 {
        match self {
            Fn1d::Square => -3.0,
            Fn1d::TwoMinima => 2.0,
        }
    }

    /// `n` points (x, f(x)) evenly spaced over the domain (n ≥ 2).
    pub fn curve(self, n: usize) -> Vec<(f64, f64)> {
        let (lo, hi) = self.domain();
        let n = n.max(2);
        (0..n)
            .map(|i| {
                let x = lo + (hi - lo) * i as f64 / (n - 1) as f64;
                (x, self.f(x))
            })
            .collect()
    }

    /// The points of the domain where f′ = 0, left to right: sign changes of f′ on a fine
    /// grid, each refined by bisection to machine precision; the kind comes from f″.
    pub fn critical_points(self) -> Vec<CriticalPoint1d> {
        let (lo, hi) = self.domain();
        const CELLS: usize = 400;
        let xs: Vec<f64> = (0..=CELLS).map(|i| lo + (hi - lo) * i as f64 / CELLS as f64).collect();
        let mut roots: Vec<f64> = Vec::new();
        for w in xs.windows(2) {
            let (mut a, mut b) = (w[0], w[1]);
            let (da, db) = (self.df(a), self.df(b));
            if da == 0.0 {
                roots.push(a);
                continue;
            }
            if da.signum() == db.signum() || db == 0.0 {
                continue; // no crossing, or it is the next cell's left end
            }
            for _ in 0..100 {
                let m = 0.5 * (a + b);
                if m <= a || m >= b {
                    break;
                }
                if self.df(m).signum() == da.signum() {
                    a = m;
                } else {
                    b = m;
                }
            }
            roots.push(0.5 * (a + b));
        }
        if self.df(hi) == 0.0 {
            roots.push(hi);
        }
        roots
            .into_iter()
            .map(|x| {
                let curvature = self.d2f(x);
                CriticalPoint1d {
                    x,
                    f: self.f(x),
                    curvature,
                    kind: PointKind::from_eigenvalues([curvature, curvature]),
                }
            })
            .collect()
    }
}

/// A point of a 1-D function where f′(x) = 0.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CriticalPoint1d {
    pub x: f64,
    pub f: f64,
    /// f″(x).
    pub curvature: f64,
    pub kind: PointKind,
}

/// The 2-D lesson functions (§3.2–3.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fn2d {
    /// x₀² + x₁², the book's function: a round bowl, −∇f points straight at the minimum.
    Bowl,
    /// x₀²/20 + x₁², the book's function for comparing optimizers (ch. 6): a bowl 20 times
    /// flatter along x₀, where plain descent zig-zags across the narrow direction.
    Elongated,
    /// x₀² − x₁²: the gradient vanishes at the origin, which is not a minimum.
    Saddle,
    /// (1 − x₀)² + 100 (x₁ − x₀²)²: a curved, flat-bottomed valley; minimum at (1, 1).
    Rosenbrock,
    /// (x₀² + x₁ − 11)² + (x₀ + x₁² − 7)²: four minima (all f = 0), one maximum, four saddles.
    Himmelblau,
}

named!(Fn2d: Bowl = "bowl", Elongated = "elongated", Saddle = "saddle", Rosenbrock = "rosenbrock", Himmelblau = "himmelblau");

impl Fn2d {
    pub fn formula(self) -> &'static str {
        match self {
            Fn2d::Bowl => "x₀² + x₁²",
            Fn2d::Elongated => "x₀²/20 + x₁²",
            Fn2d::Saddle => "x₀² − x₁²",
            Fn2d::Rosenbrock => "(1 − x₀)² + 100(x₁ − x₀²)²",
            Fn2d::Himmelblau => "(x₀² + x₁ − 11)² + (x₀ + x₁² − 7)²",
        }
    }

    pub fn f(self, [x0, x1]: [f64; 2]) -> f64 {
        match self {
            Fn2d::Bowl => x0 * x0 + x1 * x1,
            Fn2d::Elongated => x0 * x0 / 20.0 + x1 * x1,
            Fn2d::Saddle => x0 * x0 - x1 * x1,
            Fn2d::Rosenbrock => (1.0 - x0).powi(2) + 100.0 * (x1 - x0 * x0).powi(2),
            Fn2d::Himmelblau => (x0 * x0 + x1 - 11.0).powi(2) + (x0 + x1 * x1 - 7.0).powi(2),
        }
    }

    /// ∇f = [∂f/∂x₀, ∂f/∂x₁], differentiated by hand (checked against central differences in
    /// tests/lessons.rs).
    pub fn grad(self, [x0, x1]: [f64; 2]) -> [f64; 2] {
        match self {
            Fn2d::Bowl => [2.0 * x0, 2.0 * x1],
            Fn2d::Elongated => [x0 / 10.0, 2.0 * x1],
            Fn2d::Saddle => [2.0 * x0, -2.0 * x1],
            Fn2d::Rosenbrock => {
                let valley = x1 - x0 * x0; // the squared term is 100·valley²
                [-2.0 * (1.0 - x0) - 400.0 * x0 * valley, 200.0 * valley]
            }
            Fn2d::Himmelblau => {
                let a = x0 * x0 + x1 - 11.0;
                let b = x0 + x1 * x1 - 7.0;
                [4.0 * x0 * a + 2.0 * b, 2.0 * a + 4.0 * x1 * b]
            }
        }
    }

    /// The Hessian [[∂²f/∂x₀², ∂²f/∂x₀∂x₁], [∂²f/∂x₁∂x₀, ∂²f/∂x₁²]].
    pub fn hessian(self, [x0, x1]: [f64; 2]) -> [[f64; 2]; 2] {
        match self {
            Fn2d::Bowl => [[2.0, 0.0], [0.0, 2.0]],
            Fn2d::Elongated => [[0.1, 0.0], [0.0, 2.0]],
            Fn2d::Saddle => [[2.0, 0.0], [0.0, -2.0]],
            Fn2d::Rosenbrock => {
                let h01 = -400.0 * x0;
                [[2.0 - 400.0 * x1 + 1200.0 * x0 * x0, h01], [h01, 200.0]]
            }
            Fn2d::Himmelblau => {
                let h01 = 4.0 * (x0 + x1);
                [[12.0 * x0 * x0 + 4.0 * x1 - 42.0, h01], [h01, 4.0 * x0 + 12.0 * x1 * x1 - 26.0]]
            }
        }
    }

    /// The plotted region: ((x₀ min, x₀ max), (x₁ min, x₁ max)).
    pub fn domain(self) -> Domain {
        match self {
            Fn2d::Bowl => Domain { x0: (-5.0, 5.0), x1: (-5.0, 5.0) },
            Fn2d::Elongated => Domain { x0: (-10.0, 10.0), x1: (-5.0, 5.0) },
            Fn2d::Saddle => Domain { x0: (-3.0, 3.0), x1: (-3.0, 3.0) },
            Fn2d::Rosenbrock => Domain { x0: (-2.0, 2.0), x1: (-1.0, 3.0) },
            Fn2d::Himmelblau => Domain { x0: (-5.0, 5.0), x1: (-5.0, 5.0) },
        }
    }

    /// Where a run starts before the learner clicks: the book's (−3, 4) on the bowl, the
    /// book's (−7, 2) on the elongated bowl (ch. 6), just off the ridge of the saddle, the
    /// classic (−1.5, 2) on Rosenbrock, the origin on Himmelblau.
    pub fn default_start(self) -> [f64; 2] {
        match self {
            Fn2d::Bowl => [-3.0, 4.0],
            Fn2d::Elongated => [-7.0, 2.0],
            Fn2d::Saddle => [-2.5, 0.1],
            Fn2d::Rosenbrock => [-1.5, 2.0],
            Fn2d::Himmelblau => [0.0, 0.0],
        }
    }

    /// Every point of the domain where ∇f = 0, found by Newton's method on ∇f from a 25×25
    /// grid of starts (x ← x − H⁻¹∇f), deduplicated, named from the Hessian's eigenvalues.
    /// Sorted by kind (minima, maxima, saddles, degenerate), then by x₀.
    pub fn critical_points(self) -> Vec<CriticalPoint> {
        const STARTS: usize = 25;
        let d = self.domain();
        let scale = (d.x0.1 - d.x0.0).max(d.x1.1 - d.x1.0);
        let mut found: Vec<CriticalPoint> = Vec::new();
        for j in 0..STARTS {
            for i in 0..STARTS {
                let start = d.point((i as f64 + 0.5) / STARTS as f64, (j as f64 + 0.5) / STARTS as f64);
                let Some(x) = self.newton(start) else { continue };
                if !d.contains(x) || found.iter().any(|c| dist(c.x, x) < 1e-6 * scale) {
                    continue;
                }
                found.push(CriticalPoint::at(self, x));
            }
        }
        crate::order::sorted_by(&found, &|a, b| a.kind.order().cmp(&b.kind.order()).then(a.x[0].total_cmp(&b.x[0])))
    }

    /// Newton's method for ∇f = 0 from `x`; None if it does not settle within 100 steps
    /// (singular Hessian, or running off).
    fn newton(self, mut x: [f64; 2]) -> Option<[f64; 2]> {
        for _ in 0..100 {
            let g = self.grad(x);
            let [[a, b], [_, c]] = self.hessian(x);
            let det = a * c - b * b;
            if !det.is_finite() || det.abs() < 1e-14 {
                return None;
            }
            // H⁻¹ g for the symmetric 2×2 H = [[a, b], [b, c]].
            let step = [(c * g[0] - b * g[1]) / det, (a * g[1] - b * g[0]) / det];
            x = [x[0] - step[0], x[1] - step[1]];
            if !(x[0].is_finite() && x[1].is_finite()) || x[0].abs() > 1e6 || x[1].abs() > 1e6 {
                return None;
            }
            if step[0].abs().max(step[1].abs()) < 1e-13 * (1.0 + x[0].abs().max(x[1].abs())) {
                let g = self.grad(x);
                return (g[0].hypot(g[1]) < 1e-8).then_some(x);
            }
        }
        None
    }
}

fn dist(a: [f64; 2], b: [f64; 2]) -> f64 {
    (a[0] - b[0]).hypot(a[1] - b[1])
}

/// A rectangle of the plane.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Domain {
    pub x0: (f64, f64),
    pub x1: (f64, f64),
}

impl Domain {
    /// The point at fractions (u, v) ∈ [0, 1]² of the way across each axis.
    pub fn point(&self, u: f64, v: f64) -> [f64; 2] {
        [self.x0.0 + u * (self.x0.1 - self.x0.0), self.x1.0 + v * (self.x1.1 - self.x1.0)]
    }
    pub fn contains(&self, [a, b]: [f64; 2]) -> bool {
        (self.x0.0..=self.x0.1).contains(&a) && (self.x1.0..=self.x1.1).contains(&b)
    }
}

/// What kind of point a vanishing gradient marks, read from the Hessian's eigenvalues.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PointKind {
    /// Both eigenvalues > 0: curves up in every direction (a valley floor).
    Minimum,
    /// Both < 0: curves down in every direction (a hilltop).
    Maximum,
    /// One > 0, one < 0: up one way, down the other (a mountain pass).
    Saddle,
    /// An eigenvalue is 0: the second derivatives cannot tell.
    Degenerate,
}

impl PointKind {
    /// Eigenvalues closer to 0 than this count as 0.
    const ZERO: f64 = 1e-9;

    pub fn from_eigenvalues([lo, hi]: [f64; 2]) -> PointKind {
        let (lo, hi) = (lo.min(hi), lo.max(hi));
        if lo > Self::ZERO {
            PointKind::Minimum
        } else if hi < -Self::ZERO {
            PointKind::Maximum
        } else if lo < -Self::ZERO && hi > Self::ZERO {
            PointKind::Saddle
        } else {
            PointKind::Degenerate
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            PointKind::Minimum => "minimum",
            PointKind::Maximum => "maximum",
            PointKind::Saddle => "saddle",
            PointKind::Degenerate => "degenerate",
        }
    }
    fn order(self) -> u8 {
        self as u8
    }
}

/// Eigenvalues of the symmetric matrix [[a, b], [b, c]], smaller first:
/// (a + c)/2 ∓ √(((a − c)/2)² + b²).
pub fn eigenvalues_sym2([[a, b], [_, c]]: [[f64; 2]; 2]) -> [f64; 2] {
    let mean = 0.5 * (a + c);
    let radius = (0.5 * (a - c)).hypot(b);
    [mean - radius, mean + radius]
}

/// A point where ∇f = 0 and what kind it is.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CriticalPoint {
    pub x: [f64; 2],
    pub f: f64,
    /// Eigenvalues of the Hessian at x, smaller first.
    pub eigenvalues: [f64; 2],
    pub kind: PointKind,
}

impl CriticalPoint {
    /// Names the point `x` of `f` from its Hessian (x is assumed to have ∇f ≈ 0).
    pub fn at(f: Fn2d, x: [f64; 2]) -> CriticalPoint {
        let eigenvalues = eigenvalues_sym2(f.hessian(x));
        CriticalPoint { x, f: f.f(x), eigenvalues, kind: PointKind::from_eigenvalues(eigenvalues) }
    }
}

/// f sampled on a regular grid. values: (ny rows, nx columns), row j at x₁ = ys[j] (bottom
/// to top), column i at x₀ = xs[i]; value index j·nx + i.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    pub xs: Vec<f64>,
    pub ys: Vec<f64>,
    pub values: Vec<f64>,
    pub min: f64,
    pub max: f64,
}

impl Grid {
    /// Samples f at nx × ny points covering the domain edge to edge (nx, ny ≥ 2).
    pub fn sample(f: Fn2d, domain: Domain, nx: usize, ny: usize) -> Grid {
        let (nx, ny) = (nx.max(2), ny.max(2));
        let xs: Vec<f64> = (0..nx).map(|i| domain.point(i as f64 / (nx - 1) as f64, 0.0)[0]).collect();
        let ys: Vec<f64> = (0..ny).map(|j| domain.point(0.0, j as f64 / (ny - 1) as f64)[1]).collect();
        let values: Vec<f64> = ys.iter().flat_map(|&y| xs.iter().map(move |&x| f.f([x, y]))).collect();
        let min = values.iter().copied().fold(f64::INFINITY, f64::min);
        let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        Grid { xs, ys, values, min, max }
    }

    pub fn value(&self, i: usize, j: usize) -> f64 {
        self.values[j * self.xs.len() + i]
    }

    /// Where v sits between the grid's min (0) and max (1) on the scale ln(1 + v − min).
    /// The log keeps the shape visible for Rosenbrock and Himmelblau, whose values span
    /// three or more decades over the plot (Rosenbrock: 0 to about 2500).
    pub fn shade(&self, v: f64) -> f64 {
        let top = (self.max - self.min).ln_1p();
        if top > 0.0 {
            ((v - self.min).max(0.0).ln_1p() / top).clamp(0.0, 1.0)
        } else {
            0.0
        }
    }

    /// `n` contour levels strictly between min and max, evenly spaced on the `shade` scale.
    pub fn levels(&self, n: usize) -> Vec<f64> {
        let top = (self.max - self.min).ln_1p();
        (1..=n).map(|k| self.min + (top * k as f64 / (n + 1) as f64).exp_m1()).collect()
    }

    /// The contour line f = level as straight segments, one or two per grid cell (marching
    /// squares, with linear interpolation along the cell edges; a cell whose corners alternate
    /// above/below is split by the average of its corners).
    pub fn contour(&self, level: f64) -> Vec<[[f64; 2]; 2]> {
        let mut segments = Vec::new();
        for j in 0..self.ys.len() - 1 {
            for i in 0..self.xs.len() - 1 {
                // Corners counter-clockwise from bottom-left, with their positions.
                let corners = [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1)];
                let v: Vec<f64> = corners.iter().map(|&(a, b)| self.value(a, b)).collect();
                let p: Vec<[f64; 2]> = corners.iter().map(|&(a, b)| [self.xs[a], self.ys[b]]).collect();
                let above: Vec<bool> = v.iter().map(|&x| x >= level).collect();
                // Edge k joins corner k and corner k+1 (bottom, right, top, left).
                let cross = |k: usize| -> Option<[f64; 2]> {
                    let (a, b) = (k, (k + 1) % 4);
                    if above[a] == above[b] {
                        return None;
                    }
                    let s = (level - v[a]) / (v[b] - v[a]);
                    Some([p[a][0] + s * (p[b][0] - p[a][0]), p[a][1] + s * (p[b][1] - p[a][1])])
                };
                let hits: Vec<(usize, [f64; 2])> = (0..4).filter_map(|k| cross(k).map(|q| (k, q))).collect();
                match hits.len() {
                    2 => segments.push([hits[0].1, hits[1].1]),
                    4 => {
                        let centre_above = v.iter().sum::<f64>() / 4.0 >= level;
                        let q: Vec<[f64; 2]> = hits.iter().map(|h| h.1).collect();
                        // If the centre is on corner 0's side, corners 0 and 2 connect through
                        // it and the lines cut off corners 1 (edges 0,1) and 3 (edges 2,3).
                        if centre_above == above[0] {
                            segments.push([q[0], q[1]]);
                            segments.push([q[2], q[3]]);
                        } else {
                            segments.push([q[3], q[0]]);
                            segments.push([q[1], q[2]]);
                        }
                    }
                    _ => {}
                }
            }
        }
        segments
    }
}

/// One arrow of the gradient field: at `at`, pointing along −∇f (the way descent moves).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Arrow {
    pub at: [f64; 2],
    /// −∇f(at).
    pub dir: [f64; 2],
    /// |∇f(at)|.
    pub norm: f64,
}

/// −∇f at the centres of an n × n grid of cells covering the domain.
pub fn gradient_field(f: Fn2d, domain: Domain, n: usize) -> Vec<Arrow> {
    let n = n.max(1);
    let mut arrows = Vec::with_capacity(n * n);
    for j in 0..n {
        for i in 0..n {
            let at = domain.point((i as f64 + 0.5) / n as f64, (j as f64 + 0.5) / n as f64);
            let g = f.grad(at);
            arrows.push(Arrow { at, dir: [-g[0], -g[1]], norm: g[0].hypot(g[1]) });
        }
    }
    arrows
}
