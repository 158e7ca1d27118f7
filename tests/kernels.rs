//! The fast f32 products (nn::kernels) against nalgebra's naive product, on random shapes:
//! the book's, odd sizes that leave every block remainder, and 1×N / N×1.

use gradlab::nn::kernels::{column_sums, gemm_nn, gemm_nt, gemm_tn, simd_gemm_nt, simd_gemm_tn};
use gradlab::rng::Rng;
use nalgebra::DMatrix;

fn random(rows: usize, cols: usize, rng: &mut Rng) -> DMatrix<f32> {
    DMatrix::from_fn(rows, cols, |_, _| (rng.uniform() * 2.0 - 1.0) as f32)
}

/// Row-major copy of a matrix.
fn row_major(m: &DMatrix<f32>) -> Vec<f32> {
    m.transpose().as_slice().to_vec()
}

/// f32 error bound for a sum of `k` products with factors up to 1 in magnitude: the naive
/// product and the kernel add in different orders, each off by up to ~k·ε·Σ|terms|.
fn tolerance(k: usize) -> f32 {
    4.0 * f32::EPSILON * (k as f32) + 1e-6
}

fn assert_close(got: &[f32], want: &DMatrix<f32>, k: usize, what: &str) {
    // want is compared in row-major order
    let want = row_major(want);
    assert_eq!(got.len(), want.len(), "{what}: size");
    for (i, (g, w)) in got.iter().zip(&want).enumerate() {
        assert!((g - w).abs() <= tolerance(k), "{what}: element {i}: kernel {g} vs naive {w}");
    }
}

/// Each test runs the dispatching product (matrixmultiply natively) and the SIMD blocks that
/// wasm runs.
const VARIANTS: [(&str, bool); 2] = [("dispatching", false), ("simd blocks", true)];

const SHAPES: &[(usize, usize, usize)] = &[
    (100, 50, 784), // x·W1 of the book's step
    (100, 10, 50),  // z1·W2
    (784, 50, 100), // xᵀ·dA1
    (50, 10, 100),  // z1ᵀ·dA2
    (100, 50, 10),  // dA2·W2ᵀ
    (1, 1, 1),
    (1, 37, 13),
    (29, 1, 7),
    (1, 1, 301),
    (7, 5, 3),
    (13, 9, 17),
    (5, 11, 2),
    (33, 3, 1),
    (4, 6, 0), // an empty sum is 0 (plus the bias)
];

#[test]
fn gemm_nt_matches_the_naive_product_with_its_epilogue() {
    let mut rng = Rng::new(11);
    for &(m, n, k) in SHAPES {
        let a = random(m, k, &mut rng);
        let w = random(k, n, &mut rng); // a weight matrix, column-major = row-major Wᵀ
        let bias = random(1, n, &mut rng);
        let mut want = &a * &w;
        for (j, mut col) in want.column_iter_mut().enumerate() {
            col.add_scalar_mut(bias[j]);
        }
        for (name, simd) in VARIANTS {
            let mut c = vec![f32::NAN; m * n];
            let epilogue = |j: usize, s: f32| s + bias[j];
            if simd {
                simd_gemm_nt(m, n, k, &row_major(&a), w.as_slice(), &mut c, epilogue);
            } else {
                gemm_nt(m, n, k, &row_major(&a), w.as_slice(), &mut c, epilogue);
            }
            assert_close(&c, &want, k, &format!("gemm_nt ({name}) {m}×{n}×{k}"));
        }
    }
}

#[test]
fn gemm_tn_matches_the_naive_transposed_product() {
    let mut rng = Rng::new(12);
    for &(m, n, r) in SHAPES {
        let a = random(r, m, &mut rng);
        let b = random(r, n, &mut rng);
        let want = a.transpose() * &b;
        for (name, simd) in VARIANTS {
            let mut c = vec![f32::NAN; m * n];
            let kernel = if simd { simd_gemm_tn } else { gemm_tn };
            kernel(r, m, n, &row_major(&a), &row_major(&b), &mut c);
            // c is column-major m × n, i.e. row-major (m × n)ᵀ
            assert_close(&c, &want.transpose(), r, &format!("gemm_tn ({name}) {r}×{m}×{n}"));
        }
    }
}

#[test]
fn gemm_nn_matches_the_naive_product() {
    let mut rng = Rng::new(13);
    for &(m, n, k) in SHAPES {
        let a = random(m, k, &mut rng);
        let b = random(k, n, &mut rng);
        let mut c = vec![f32::NAN; m * n];
        gemm_nn(m, n, k, &row_major(&a), &row_major(&b), &mut c);
        assert_close(&c, &(&a * &b), k, &format!("gemm_nn {m}×{n}×{k}"));
    }
}

#[test]
fn column_sums_match_nalgebra() {
    let mut rng = Rng::new(14);
    for &(r, n, _) in SHAPES {
        let a = random(r, n, &mut rng);
        let mut out = vec![f32::NAN; n];
        column_sums(r, n, &row_major(&a), &mut out);
        let want = DMatrix::from_iterator(1, n, a.column_iter().map(|c| c.sum()));
        assert_close(&out, &want, r, &format!("column_sums {r}×{n}"));
    }
}

#[test]
#[should_panic(expected = "slices too short")]
fn a_short_slice_is_refused_with_its_shape() {
    let mut c = vec![0.0; 4];
    gemm_nt(2, 2, 3, &[0.0; 5], &[0.0; 6], &mut c, |_, s| s);
}

#[test]
#[should_panic(expected = "slices too short")]
fn the_simd_blocks_refuse_a_short_slice_too() {
    let mut c = vec![0.0; 6];
    simd_gemm_tn(4, 2, 3, &[0.0; 8], &[0.0; 11], &mut c);
}
